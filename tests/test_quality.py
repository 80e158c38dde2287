"""The data-quality report: companies on no link, links and parks with no company, possible
duplicates, pool links awaiting confirmation."""

from __future__ import annotations

import json

import pytest

from graph import quality
from graph.store import Batch
from ingest.companies import import_company_list
from tests.companygraph import FIXTURES, link_id, seed


@pytest.fixture(autouse=True)
def no_user_curation(tmp_path, monkeypatch):
    path = tmp_path / "decisions.json"
    monkeypatch.setenv("CHAINKG_DECISIONS", str(path))
    return path


@pytest.fixture
def listed(store):
    """The small document graph with the valid company list loaded."""
    seed(store)
    import_company_list(store, FIXTURES / "valid.csv")
    return store


def ids(items: list[dict]) -> list[str]:
    return [i["id"] for i in items]


def test_local_companies_on_no_link_are_listed(listed):
    report = quality.quality_report(listed)
    assert ["co:示例星澜化工有限公司", "co:示例远帆电气"] == ids(report["companies_without_link"])


def test_links_no_local_company_covers_are_listed(listed):
    report = quality.quality_report(listed)
    assert sorted([link_id("化学药", 1), link_id("化学药", 4), link_id("储能", 4), link_id("医疗器械", 1)]) == sorted(
        ids(report["links_without_company"]))


def test_parks_with_no_company_are_listed(listed):
    assert ["示例空置产业园"] == ids(quality.quality_report(listed)["parks_without_company"])


def test_before_any_list_every_link_and_park_lacks_companies_but_document_companies_cover_some(store):
    seed(store)
    report = quality.quality_report(store)
    assert ["东明新材料产业园", "曹县医药产业园", "示例空置产业园"] == ids(report["parks_without_company"])
    assert link_id("化学药", 3) not in ids(report["links_without_company"])  # 禾盛制药 … 原料药, in the document
    assert {"summary"} | set(quality.TITLES) == set(report)
    assert {name: len(report[name]) for name in quality.TITLES} == report["summary"]


def duplicate_batch() -> Batch:
    batch = Batch()
    for cid, name, code in [("co:示例甲乙化工有限公司", "示例甲乙化工有限公司", None),
                            ("co:示例甲乙化工集团", "示例甲乙化工集团", None),
                            ("co:示例丙丁科技", "示例丙丁科技", "91371721MA3C5K7X23"),
                            ("co:示例戊己材料", "示例戊己材料", "91371721MA3C5K7X23")]:
        batch.add_node("Company", {"id": cid, "name": name, "local": True, "credit_code": code})
    return batch


def test_possible_duplicates_share_a_credit_code_or_a_name_without_its_legal_suffix(store):
    store.write(duplicate_batch())
    groups = quality.quality_report(store)["duplicate_companies"]
    assert [("credit_code", "91371721MA3C5K7X23", ["co:示例丙丁科技", "co:示例戊己材料"]),
            ("name", "示例甲乙化工", ["co:示例甲乙化工有限公司", "co:示例甲乙化工集团"])] == [
        (g["reason"], g["key"], [c["id"] for c in g["companies"]]) for g in groups]


def test_names_alike_only_in_the_national_pool_are_not_ours_to_report():
    rows = [{"id": "900001.SH", "name": "示例化工股份", "local": False},
            {"id": "900002.SZ", "name": "示例化工集团", "local": False}]
    assert [] == quality.duplicate_groups(rows, ("股份", "集团"))


def test_a_list_row_merged_into_a_document_company_is_not_a_duplicate(listed):
    assert [] == quality.quality_report(listed)["duplicate_companies"]


def pending_batch() -> Batch:
    batch = Batch()
    batch.add_node("Company", {"id": "900001.SH", "name": "澜川股份", "match_reason": "核心名称一致: 澜川 (地区一致)",
                               "match_confidence": 0.9, "aliases": ["山东澜川"]})
    batch.add_node("Company", {"id": "900002.SZ", "name": "示例确认股份", "code": "900002",
                               "match_reason": quality.CONFIRMED, "match_confidence": 1.0})
    return batch


def test_rule_made_pool_links_await_confirmation_until_the_user_decides(store, no_user_curation):
    from graph.decisions import confirm_link

    seed(store)
    store.write(pending_batch())
    pending = quality.quality_report(store)["pending_pool_links"]
    assert [("900001.SH", "核心名称一致: 澜川 (地区一致)", 0.9)] == [
        (p["id"], p["match_reason"], p["match_confidence"]) for p in pending]
    confirm_link("山东澜川", "900001.SH", no_user_curation)
    assert [] == quality.quality_report(store)["pending_pool_links"]


def test_the_text_report_has_one_heading_per_list(listed):
    text = quality.format_quality(quality.quality_report(listed))
    assert ["数据质量检查", "未覆盖任何环节的本地企业: 2", "没有本地企业的产业链环节: 4", "没有企业的园区: 1",
            "可能重复的企业: 0", "待确认的企业库关联: 0"] == [line for line in text.splitlines()
                                                             if not line.startswith(" ")]
    assert "  - 示例空置产业园 (曹县)" in text


# --- the command (embedded store) --------------------------------------------------------------


def quality_cli(argv: list[str]) -> int:
    import graph.__main__ as main

    return main.main(["quality", *argv])


@pytest.fixture
def store_dir(tmp_path):
    from graph.store import open_store

    path = tmp_path / "graph"
    with open_store(str(path)) as store:
        seed(store)
        import_company_list(store, FIXTURES / "valid.csv")
    return str(path)


def test_the_command_prints_json_with_every_list(store_dir, capsys):
    assert 0 == quality_cli(["--json", "--store", store_dir])
    data = json.loads(capsys.readouterr().out)
    assert ["示例空置产业园"] == ids(data["parks_without_company"])
    assert {"summary", *quality.TITLES} == set(data)


def test_the_command_prints_a_chinese_summary(store_dir, capsys):
    assert 0 == quality_cli(["--store", store_dir])
    assert capsys.readouterr().out.startswith("数据质量检查\n未覆盖任何环节的本地企业: 2")


def test_the_command_without_a_graph_names_the_build_command(tmp_path, capsys):
    assert 2 == quality_cli(["--store", str(tmp_path / "nothing")])
    err = capsys.readouterr().err
    assert "python -m ingest build" in err and "Traceback" not in err
