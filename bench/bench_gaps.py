"""Benchmark: gap analysis of every chain with the whole national pool loaded (embedded store).

    .venv/bin/python bench/bench_gaps.py [--runs 20] [--store DIR|URI [--build]] [--pool DIR] [--docs DIR]

Without ``--store`` it builds a fresh embedded store in a temporary directory: the policy documents
of data/docs (``ingest.load.build``), then the pool (``ingest.pool.load_pool``, twice: the second
import shows the idempotent path), and reports how long each took. ``--store URI --build`` does the
same into that store (for Neo4j: use a dedicated, empty database). It then runs ``graph.gaps.analyse`` (every chain, no industry filter) ``--runs`` times on
a read-only handle and prints p50 / p95 of the whole analysis and of its two halves (reading the
rows from the store; the pure ranking, context and networkx criticality), in wall-clock seconds
and in CPU seconds of this process (a busy machine inflates the first, less the second). No
numbers are asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import gaps  # noqa: E402
from graph.store import open_store  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def build_store(location: str, docs: Path, pool: Path) -> dict[str, float]:
    from ingest.load import build, document_files
    from ingest.pool import load_pool

    timings = {}
    with open_store(location) as store:
        started = time.perf_counter()
        report = build(store, document_files(docs), progress=lambda m: None)
        timings["documents"] = time.perf_counter() - started
        if not report.ok:
            raise SystemExit(f"documents failed: {report.failed}")
        started = time.perf_counter()
        pool_report = load_pool(store, pool)
        timings["pool import"] = time.perf_counter() - started
        for step, seconds in pool_report.seconds.items():
            timings[f"  pool {step}"] = seconds
        started = time.perf_counter()
        again = load_pool(store, pool)
        timings["pool import again (idempotent)"] = time.perf_counter() - started
        timings["  rows unchanged on re-import"] = again.unchanged
    return timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", help="a store (directory or Neo4j URI) that holds documents and pool")
    parser.add_argument("--build", action="store_true", help="load documents and pool into --store first")
    parser.add_argument("--pool", default=str(ROOT.parent / "shared" / "datasets" / "chain-kg"))
    parser.add_argument("--docs", default=str(ROOT / "data" / "docs"))
    args = parser.parse_args(argv)

    tmp = None
    location = args.store
    if not location or args.build:
        if not location:
            tmp = tempfile.TemporaryDirectory(prefix="bench-gaps-")
            location = str(Path(tmp.name) / "graph")
        print(f"building {location} from {args.docs} and {args.pool} …")
        for step, value in build_store(location, Path(args.docs), Path(args.pool)).items():
            print(f"  {step:34s} {value:8.2f}" + (" s" if not step.strip().startswith("rows") else ""))

    whole, read, pure, cpu = [], [], [], []
    with open_store(location, read_only=True) as store:
        counts = store.counts()
        gaps.analyse(store)  # warm-up: first query compiles, caches fill
        for _ in range(args.runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            data = gaps.read_gap_data(store)
            t1 = time.perf_counter()
            report = gaps.build_report(data)
            t2 = time.perf_counter()
            cpu.append(time.process_time() - c0)
            read.append(t1 - t0)
            pure.append(t2 - t1)
            whole.append(t2 - t0)
    links = sum(len(c["links"]) for c in report["chains"])
    print(f"\nstore: {counts['Company']} companies, {counts['Product']} products, {len(report['chains'])} chains, "
          f"{links} links, {len(report['targets'])} target companies")
    print(f"gap analysis of every chain, {args.runs} runs (seconds):")
    print(f"  {'part':28s} {'p50':>8s} {'p95':>8s} {'min':>8s} {'max':>8s}")
    for name, values in (("whole analysis", whole), ("  read rows (11 queries)", read),
                         ("  rank + context + networkx", pure), ("whole analysis, CPU s", cpu)):
        print(f"  {name:28s} {percentile(values, .5):8.3f} {percentile(values, .95):8.3f} "
              f"{min(values):8.3f} {max(values):8.3f}")
    print(f"  mean whole {statistics.mean(whole):.3f} s; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
