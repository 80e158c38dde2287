"""Benchmark: ``python -m ingest.extract.bench FILE [FILE ...]`` times extraction once the pipeline is
loaded (the first, warm-up run loads spaCy and the jieba dictionary and is reported apart)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from ingest.pipeline import cross_link, extract_text
from ingest.readers import read_document


def bench(paths: list[str], repeat: int = 10) -> dict:
    texts = [(Path(p).stem, read_document(p).text) for p in paths]
    t0 = time.perf_counter()
    for doc_id, text in texts:
        extract_text(text, doc_id=doc_id)
    warm = time.perf_counter() - t0
    runs, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        exs = [extract_text(text, doc_id=doc_id) for doc_id, text in texts]
        cross_link(exs)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "files": len(texts),
        "chars": sum(len(t) for _, t in texts),
        "first_run_s": round(warm, 3),
        "median_s": round(statistics.median(runs), 3),
        "max_s": round(max(runs), 3),
        "median_cpu_s": round(statistics.median(cpu), 3),
    }


if __name__ == "__main__":
    print(bench(sys.argv[1:] or sorted(str(p) for p in Path("data/docs").glob("*.txt"))))
