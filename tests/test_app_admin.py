"""The data page's functions: previewing an uploaded document, saving it, loading it in a subprocess."""

from __future__ import annotations

import pytest

from app_pages import state
from graph.errors import CompanyListError, DocumentError
from graph.store import open_store
from tests.companygraph import FIXTURES, seed
from tests.conftest import SEED_2024


def test_upload_names_keep_the_file_name_without_folders_or_spaces():
    assert "2030-某市-意见.txt" == state.upload_name("/tmp/x/2030 某市 意见.TXT")
    assert "plan.docx" == state.upload_name("..\\..\\plan.docx".replace("\\", "/"))


@pytest.mark.parametrize("name", ["notes.doc", "image.png", "noext", ".txt"])
def test_upload_names_refuse_unsupported_or_empty_names(name):
    with pytest.raises(DocumentError):
        state.upload_name(name)


def test_a_preview_lists_what_a_document_would_add_with_its_evidence():
    preview = state.preview_upload("新文件.txt", SEED_2024.read_bytes())
    assert preview["document"]["title"]
    assert preview["industries"] and preview["companies"] and preview["chains"]
    company = preview["companies"][0]
    assert company["name"] in company["evidence"]["sentence"]


def test_a_preview_of_a_file_that_is_not_a_document_is_refused():
    with pytest.raises(DocumentError):
        state.preview_upload("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(200))


def test_saving_an_upload_replaces_a_file_of_the_same_name(tmp_path):
    first = state.save_upload("政策 一.txt", "第一版".encode(), tmp_path)
    second = state.save_upload("政策 一.txt", "第二版".encode(), tmp_path)
    assert first == second == tmp_path / "政策-一.txt"
    assert "第二版" == second.read_text(encoding="utf-8")
    assert ["政策-一.txt"] == [p.name for p in tmp_path.iterdir()]


def test_loading_runs_ingest_build_in_a_subprocess_and_the_app_sees_it(tmp_path):
    docs = tmp_path / "docs"
    state.save_upload(SEED_2024.name, SEED_2024.read_bytes(), docs)
    where = str(tmp_path / "graph")
    code, output = state.run_build(where, docs)
    assert 0 == code, output
    with open_store(where, read_only=True) as store:
        assert 1 == store.counts()["Document"]


@pytest.fixture
def company_graph(tmp_path):
    """A published embedded graph holding the company-list tests' sample plan (tests/companygraph.py)."""
    where = str(tmp_path / "graph")
    with open_store(where) as store:
        seed(store)
    return where


def test_checking_a_company_list_shows_the_rows_that_would_load_and_writes_nothing(company_graph):
    with open_store(company_graph, read_only=True) as store:
        before = store.counts()
        good = state.check_company_list(store, "规上 企业.csv", (FIXTURES / "valid.csv").read_bytes())
        bad = state.check_company_list(store, "invalid.csv", (FIXTURES / "invalid.csv").read_bytes())
        assert before == store.counts()
    assert "规上-企业.csv" == good["file"]
    assert [] == good["problems"] and good["rows"] == len(good["valid"])
    assert "菏泽禾盛制药有限公司" == good["valid"][0]["name"] and good["valid"][0]["links"]
    assert bad["problems"]
    assert {3, 4} <= {row for row, _, _ in bad["problems"]}


def test_a_company_list_of_another_type_is_refused():
    with pytest.raises(CompanyListError, match="csv"):
        state.company_list_name("名单.xls")


def test_importing_a_company_list_runs_in_a_subprocess(company_graph):
    code, output = state.run_company_import(company_graph, "valid.csv", (FIXTURES / "valid.csv").read_bytes())
    assert 0 == code, output
    with open_store(company_graph, read_only=True) as store:
        rows = store.read("MATCH (c:Company) WHERE c.credit_code IS NOT NULL RETURN c.name AS name")
    # 菏泽禾盛制药有限公司 merges into the document's 禾盛制药; a new company keeps its full name
    assert {"禾盛制药", "菏泽示例云杉储能科技有限公司"} <= {r["name"] for r in rows}


def test_a_pool_directory_is_imported_in_a_separate_process_and_a_wrong_one_refused(tmp_path, monkeypatch):
    from pathlib import Path

    from tests.conftest import isolate_decisions

    isolate_decisions(monkeypatch, tmp_path)
    where = str(tmp_path / "graph")
    with open_store(where) as store:
        seed(store)
    code, output = state.run_pool_import(where, str(tmp_path / "no-such-folder"))
    assert 2 == code and "找不到目录" in output
    code, output = state.run_pool_import(where, str(tmp_path))  # a folder, but no pool in it
    assert 2 == code and "company.jsonl" in output
    tiny = Path(__file__).parent / "fixtures" / "pool" / "tiny"
    code, output = state.run_pool_import(where, str(tiny))
    assert 0 == code, output
    assert "已导入企业库" in output and "accounting" not in output
    with open_store(where, read_only=True) as store:
        assert store.query("overview_pool")[0]["companies"] > 0
