"""Linking document companies to the national pool: conservative rules, user curation, relinking."""

from __future__ import annotations

import json

import pytest

from graph import decisions, linking
from graph.decisions import Curation
from graph.errors import InputError
from graph.linking import PoolCompany, PoolIndex
from graph.names import parse_name
from ingest.pool import load_pool
from tests.test_gaps import TINY, document_like_batch

BUCHANG = PoolCompany("603858.SH", "步长制药", "山东步长制药股份有限公司", "603858.SH")
TIANSHUN = PoolCompany("002800.SZ", "天顺股份", "新疆天顺供应链股份有限公司", "002800.SZ")
TIANSHUN_WIND = PoolCompany("002531.SZ", "天顺风能", "天顺风能(苏州)股份有限公司", "002531.SZ")
SAITUO = PoolCompany("300583.SZ", "赛托生物", "山东赛托生物科技股份有限公司", "300583.SZ")
PINGAN = PoolCompany("601318.SH", "中国平安", "中国平安保险(集团)股份有限公司", "601318.SH")


@pytest.fixture(autouse=True)
def no_user_curation(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINKG_DECISIONS", str(tmp_path / "decisions.json"))


def index(*companies):
    return PoolIndex(list(companies))


# --- names and rules (pure) ----------------------------------------------------------------------


def test_a_name_splits_into_places_core_and_descriptors():
    parsed = parse_name("海希储能科技（山东）")
    assert ("海希", frozenset({"山东"}), frozenset({"储能"})) == (parsed.core, parsed.provinces, parsed.descriptors)
    assert "步长" == parse_name("步长制药").core


def test_short_name_with_province_links_to_the_full_name():
    match = linking.match_name("山东步长", index(BUCHANG, TIANSHUN))
    assert ("603858.SH", "山东步长制药股份有限公司") == (match.id, match.fullname)
    assert 0.9 == match.confidence and "步长" in match.reason


def test_the_same_short_name_links_with_full_confidence():
    match = linking.match_name("赛托生物", index(SAITUO, BUCHANG))
    assert ("300583.SZ", 1.0, "与企业库简称一致") == (match.id, match.confidence, match.reason)


def test_a_different_business_under_the_same_core_is_not_linked():
    assert linking.match_name("天顺新能源", index(TIANSHUN, TIANSHUN_WIND, BUCHANG)) is None


def test_a_different_province_is_not_linked():
    other = PoolCompany("000001.SZ", "华星化工", "安徽华星化工股份有限公司")
    assert linking.match_name("菏泽华星", index(other)) is None


def test_a_two_character_core_needs_a_place_or_business_in_common():
    bare = PoolCompany("000002.SZ", "佳和股份", "佳和股份有限公司")
    assert linking.match_name("佳和", index(bare)) is None
    assert "601318.SH" == linking.match_name("平安保险", index(PINGAN)).id  # 保险 in both


def test_an_ambiguous_name_links_to_nothing():
    a = PoolCompany("000003.SZ", "恒达制药", "山东恒达制药股份有限公司")
    b = PoolCompany("000004.SZ", "恒达药业", "山东恒达药业股份有限公司")
    assert linking.match_name("山东恒达", index(a, b)) is None


def test_generic_names_link_to_nothing():
    assert linking.match_name("农商银行", index(PoolCompany("601128.SH", "常熟银行", "江苏常熟农村商业银行股份有限公司"))) is None


# --- curation ------------------------------------------------------------------------------------


def test_a_confirmed_link_wins_and_a_rejected_one_is_never_made(tmp_path):
    path = tmp_path / "decisions.json"
    decisions.confirm_link("天顺新能源", "002531.SZ", path)
    decisions.reject_link("山东步长", "603858.SH", path)
    curation = decisions.load_curation(path)
    idx = index(BUCHANG, TIANSHUN, TIANSHUN_WIND)
    match = linking.match_name("天顺新能源", idx, curation)
    assert ("002531.SZ", "用户确认", 1.0) == (match.id, match.reason, match.confidence)
    assert linking.match_name("山东步长", idx, curation) is None
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert [("link", "天顺新能源", "002531.SZ", "confirm"), ("link", "山东步长", "603858.SH", "reject")] == [
        (e["kind"], e["name"], e["company"], e["decision"]) for e in stored["decisions"]]


def test_a_later_decision_replaces_an_earlier_one(tmp_path):
    path = tmp_path / "decisions.json"
    decisions.reject_link("山东步长", "603858.SH", path)
    decisions.confirm_link("山东步长", "603858.SH", path)
    assert "603858.SH" == linking.match_name("山东步长", index(BUCHANG), decisions.load_curation(path)).id
    assert 1 == len(decisions.load_curation(path).entries)


def test_the_decisions_file_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINKG_DECISIONS", str(tmp_path / "d.json"))
    decisions.reject_link("赛托生物", "300583.SZ")
    assert (tmp_path / "d.json").is_file()
    assert Curation([]).entries == [] and decisions.load_curation().is_rejected("赛托生物", "300583.SZ")


@pytest.mark.parametrize("body", ['{"links": [{"name": "x"}]}', '{"decisions": [{"kind": "link", "name": "x"}]}',
                                  '{"decisions": [{"kind": "nonsense"}]}', "not json"])
def test_a_broken_decisions_file_says_how_to_fix_it(tmp_path, body):
    path = tmp_path / "decisions.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match="请修正或删除该文件"):
        decisions.load_curation(path)


# --- against a store -----------------------------------------------------------------------------


def test_resolve_companies_reads_the_pool_from_the_store(store, tmp_path):
    load_pool(store, TINY, settle=False)
    found = linking.resolve_companies(store, ["山东步长", "天顺新能源", "赛托生物"], curation=tmp_path / "none.json")
    assert {"山东步长": "603858.SH", "赛托生物": "300583.SZ"} == {n: m.id for n, m in found.items()}
    assert {"id", "code", "fullname", "reason", "confidence"} <= set(vars(found["山东步长"]))


def test_relinking_merges_document_companies_into_pool_companies(store):
    store.write(document_like_batch())
    load_pool(store, TINY, settle=False)
    moved = linking.relink_document_companies(store)
    assert [("co:山东步长", "603858.SH"), ("co:赛托生物", "300583.SZ")] == sorted(moved)
    companies = {r["id"]: r for r in store.read(
        "MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.local AS local, c.code AS code, "
        "c.match_reason AS reason, c.aliases AS aliases")}
    assert "co:赛托生物" not in companies and "co:天顺新能源" in companies
    buchang = companies["603858.SH"]
    assert ("山东步长", True, "603858.SH") == (buchang["name"], buchang["local"], buchang["code"])
    assert "步长制药" in buchang["aliases"] and buchang["reason"]
    named = store.read("MATCH (c:Company)-[r:NAMED_FOR]->(i:Industry) RETURN c.id AS c, i.id AS i, r.verb AS verb")
    assert {"c": "300583.SZ", "i": "化学药", "verb": "依托"} in named
    mentions = store.read("MATCH (c:Company {id: '603858.SH'})-[m:MENTIONED_IN]->(d:Document) RETURN d.id AS d")
    assert [{"d": "test-doc"}] == mentions
    assert [] == linking.relink_document_companies(store)  # nothing left to merge


def test_relinking_keeps_document_coverage(store):
    decisions.confirm_link("睿鹰制药", "603456.SH")  # say the user knows better
    store.write(document_like_batch())
    load_pool(store, TINY, settle=False)
    assert ("co:睿鹰制药", "603456.SH") in linking.relink_document_companies(store)
    covers = store.read("MATCH (c:Company)-[v:COVERS]->(l:ChainLink) RETURN c.id AS c, v.via AS via, "
                        "v.sentence AS sentence")
    assert [("603456.SH", "document")] == [(r["c"], r["via"]) for r in covers]
    assert covers[0]["sentence"]


def test_rejecting_a_made_link_splits_the_company_again(store):
    store.write(document_like_batch())
    load_pool(store, TINY)  # links 山东步长 to 603858.SH
    decisions.reject_link("山东步长", "603858.SH")
    assert [("603858.SH", "co:山东步长")] == linking.relink_document_companies(store)
    rows = {r["id"]: r for r in store.read(
        "MATCH (c:Company) WHERE c.id IN ['603858.SH', 'co:山东步长'] RETURN c.id AS id, c.name AS name, "
        "c.local AS local, c.match_reason AS reason")}
    assert {"603858.SH": ("步长制药", False, None), "co:山东步长": ("山东步长", True, None)} == {
        k: (r["name"], r["local"], r["reason"]) for k, r in rows.items()}
    named = store.read("MATCH (c:Company)-[:NAMED_FOR]->(i:Industry) WHERE c.id IN ['603858.SH', 'co:山东步长'] "
                       "RETURN c.id AS c, i.id AS i")
    assert [{"c": "co:山东步长", "i": "现代中药"}] == named
    makes = store.read("MATCH (c:Company {id: '603858.SH'})-[:MAKES]->(p:Product) RETURN p.id AS p")
    assert [{"p": "中成药"}] == makes
    assert [] == linking.relink_document_companies(store)  # the rejection holds
