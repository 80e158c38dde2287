"""``python -m ingest extract``: the JSON contract, the summary, and bad input (one line, no traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_2024, SEED_2025

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
DEVSET = Path(__file__).parent / "fixtures" / "devset" / "docs"
GOLD_LISTS = {
    "industries",
    "companies",
    "parks",
    "departments",
    "chains",
    "targets",
    "projects",
    "technologies",
    "products",
    "cross_links",
    "generic_actors",
}


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "ingest", "extract", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_json_output_has_the_gold_lists_and_provenance_for_every_item():
    proc = run(FIXTURES / "qingchuan-strategic-web.txt", "--json")
    assert 0 == proc.returncode, proc.stderr
    data = json.loads(proc.stdout)
    assert GOLD_LISTS <= set(data)
    assert "青政办发〔2023〕7号" == data["document"]["number"]
    for name in GOLD_LISTS - {"cross_links"}:
        for item in data[name]:
            assert {"doc", "section", "section_id", "start", "end", "sentence", "quote"} <= set(item["evidence"])


def test_two_documents_give_concatenated_lists_and_cross_links():
    proc = run(SEED_2024, SEED_2025, "--json")
    assert 0 == proc.returncode, proc.stderr
    data = json.loads(proc.stdout)
    docs = {d["doc"] for d in data["documents"]}
    assert {SEED_2024.stem, SEED_2025.stem} == docs
    assert {SEED_2024.stem, SEED_2025.stem} == {i["evidence"]["doc"] for i in data["industries"]}
    future = {i["name"] for i in data["industries"] if i["kind"] == "future"}
    strategic = {i["name"] for i in data["industries"] if i["kind"] == "strategic_emerging"}
    assert data["cross_links"]
    assert all(c["from"] in future and c["to"] in strategic for c in data["cross_links"])


def test_summary_without_json_is_readable_chinese():
    proc = run(FIXTURES / "linhai-future-wrapped.txt")
    assert 0 == proc.returncode, proc.stderr
    assert "企业：2 项" in proc.stdout and "产业链：" in proc.stdout


def test_document_with_nothing_to_extract_exits_1_with_one_line():
    proc = run(FIXTURES / "no-industries.txt", "--json")
    assert 1 == proc.returncode
    assert "" == proc.stdout
    assert proc.stderr.startswith("错误: ") and "没有找到任何可抽取的内容" in proc.stderr
    assert all(kind in proc.stderr for kind in ("产业", "企业", "园区", "责任部门", "产业链", "目标"))
    assert 1 == len(proc.stderr.strip().splitlines())


def test_document_with_only_departments_exits_0_and_prints_them():
    proc = run(DEVSET / "03-guangdong-future-industries.txt", "--json")
    assert 0 == proc.returncode, proc.stderr
    data = json.loads(proc.stdout)
    assert ([], []) == (data["industries"], data["companies"])
    assert ["省发展改革委"] == [d["name"] for d in data["departments"]]


def test_document_with_targets_and_no_industry_exits_0_with_a_summary():
    proc = run(DEVSET / "01-xinxiang-manufacturing-plan.txt")
    assert 0 == proc.returncode, proc.stderr
    assert "目标：3 项" in proc.stdout and "产业：0 项" in proc.stdout


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff\xfe\x00binary\x00" * 50, "菏泽".encode()[:-1] * 3 + b"\xff\xfe\xfd"],
    ids=["empty", "binary", "undecodable"],
)
def test_unreadable_file_exits_2_with_one_line_and_no_traceback(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = run(path, "--json")
    assert 2 == proc.returncode
    assert "Traceback" not in proc.stderr
    assert 1 == len(proc.stderr.strip().splitlines())


def test_missing_file_exits_2(tmp_path):
    proc = run(tmp_path / "nope.txt")
    assert 2 == proc.returncode
    assert "Traceback" not in proc.stderr


def test_gbk_encoded_document_gives_the_same_companies_as_utf8(tmp_path):
    text = (FIXTURES / "qingchuan-strategic-web.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    utf8 = json.loads(run(FIXTURES / "qingchuan-strategic-web.txt", "--json").stdout)
    gbk = json.loads(run(path, "--json").stdout)
    assert [c["name"] for c in utf8["companies"]] == [c["name"] for c in gbk["companies"]]


JIEBA_PROBE = """
import os, pickle, sys
from pathlib import Path
import jieba
from ingest.extract import nlp
nlp.CACHE_DIR = Path(sys.argv[1])
if sys.argv[2] == "plant":  # a cache anyone could have written: it must not be read
    info = Path(jieba.__file__).with_name("dict.txt").stat()
    nlp.CACHE_DIR.mkdir(exist_ok=True)
    planted = nlp.CACHE_DIR / f"jieba-{jieba.__version__}-{info.st_size}-{info.st_mtime_ns}.pickle"
    planted.write_bytes(pickle.dumps(({"planted": 1}, 1)))
    os.chmod(planted, 0o666)
nlp.load_jieba()
print(len(jieba.dt.FREQ), "planted" in jieba.dt.FREQ)
"""


def test_jiebas_dictionary_is_cached_for_this_user_only_and_a_cache_others_could_write_is_ignored(tmp_path):
    cache = tmp_path / "cache"

    def probe(mode: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", JIEBA_PROBE, str(cache), mode], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        return done.stdout.split()

    words, planted = probe("fill")
    assert int(words) > 300_000 and planted == "False"
    [made] = list(cache.glob("jieba-*.pickle"))
    assert 0o600 == made.stat().st_mode & 0o777
    assert ["False"] == probe("fill")[1:]            # read back from the cache
    words, planted = probe("plant")
    assert int(words) > 300_000 and planted == "False"
