"""A company list's 经营范围 and 主营产品 place its rows on chain links through the one matcher and the
link definitions of the graph (graph.gaps.link_matcher → graph.coverage.table_covers), on both stores."""

from __future__ import annotations

import pytest

from graph import decisions
from graph.errors import CompanyListError
from ingest import companies as co
from tests.companygraph import link_id, seed

HEADER = "企业名称,所在区县,所属产业链,产业链环节,主营产品,经营范围\n"


@pytest.fixture
def seeded(store):
    seed(store)
    return store


def load(store, tmp_path, rows: list[str], header: str = HEADER, name: str = "scope.csv"):
    path = tmp_path / name
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return co.import_company_list(store, path)


def table_covers(store) -> dict[tuple[str, str], dict]:
    rows = store.read("MATCH (c:Company)-[v:COVERS]->(l:ChainLink) WHERE v.via = 'table' "
                      "RETURN c.id AS company, l.id AS link, v.grade AS grade, v.matched_term AS term, "
                      "v.product AS product, v.sentence AS sentence, v.span_start AS row")
    return {(r["company"], r["link"]): r for r in rows}


def status(store, link: str) -> str | None:
    return store.read("MATCH (l:ChainLink {id: $id}) RETURN l.status AS s", {"id": link})[0]["s"]


def local_grades(store, link: str) -> dict[str, str]:
    from graph.gaps import analyse

    report = analyse(store)
    found = [x for ch in report["chains"] for x in ch["links"] if x["id"] == link]
    assert found, link
    return {c["name"]: c["grade"] for c in found[0]["local_companies"]}


def test_a_business_scope_naming_a_links_product_puts_the_row_on_that_link_as_a_product_match(seeded, tmp_path):
    intermediates = link_id("化学药", 2)
    before = status(seeded, intermediates)
    report = load(seeded, tmp_path, ["示例甲医药科技有限公司,曹县,,,,医药中间体的研发、生产、销售；技术服务"])
    covers = table_covers(seeded)
    assert {("co:示例甲医药科技有限公司", intermediates)} == set(covers)
    cover = covers[("co:示例甲医药科技有限公司", intermediates)]
    assert ("产品匹配", "医药中间体", 2) == (cover["grade"], cover["term"], cover["row"])
    assert "第2行 经营范围: 医药中间体的研发、生产、销售;技术服务" == cover["sentence"]  # the cell, NFKC
    assert [intermediates] == report.loaded[0].links
    # the status follows: one company on the link, graded 产品匹配, is 弱链 (k = 2)
    assert "弱链" == status(seeded, intermediates) != before
    assert {"示例甲医药科技有限公司": "产品匹配"} == local_grades(seeded, intermediates)


def test_two_rows_matching_a_link_by_scope_and_by_product_make_it_strong(seeded, tmp_path):
    apis = link_id("化学药", 3)
    load(seeded, tmp_path, ["示例乙药业有限公司,曹县,,,,化学原料药生产（头孢类）；货物进出口",
                            "示例丙药业有限公司,曹县,化学药,,头孢类原料药,"])
    covers = table_covers(seeded)
    assert {"产品匹配"} == {covers[(c, apis)]["grade"] for c in ("co:示例乙药业有限公司", "co:示例丙药业有限公司")}
    assert "主营产品: 头孢类原料药" in covers[("co:示例丙药业有限公司", apis)]["sentence"]
    assert "强链" == status(seeded, apis)


def test_a_scope_of_generic_words_only_lands_nowhere(seeded, tmp_path):
    report = load(seeded, tmp_path, ["示例丁科技有限公司,曹县,,,,技术服务、技术开发、技术咨询；销售；货物进出口",
                                     "示例戊材料有限公司,东明县,储能,,材料,新材料技术研发；设备销售"])
    assert {} == table_covers(seeded)
    assert [[], []] == [o.links for o in report.loaded]


def test_an_exclusion_keeps_a_scope_off_the_link(seeded, tmp_path):
    load(seeded, tmp_path, ["示例己化工有限公司,单县,,,,农药中间体生产；化工产品销售"])
    assert {} == table_covers(seeded)


def test_an_explicit_link_column_stays_confirmed_beside_the_links_its_scope_matches(seeded, tmp_path):
    materials, equipment = link_id("储能", 1), link_id("储能", 2)
    load(seeded, tmp_path, ["示例庚储能科技有限公司,东明县,储能,材料,,储能变流器制造；锂离子电池正极材料的生产"])
    covers = table_covers(seeded)
    company = "co:示例庚储能科技有限公司"
    assert {(company, materials), (company, equipment)} == set(covers)
    assert ("确认", None) == (covers[(company, materials)]["grade"], covers[(company, materials)]["term"])
    assert ("产品匹配", "储能变流器") == (covers[(company, equipment)]["grade"], covers[(company, equipment)]["term"])
    assert {"示例庚储能科技有限公司": "确认"} == local_grades(seeded, materials)


def test_a_scope_is_placed_only_within_the_industry_the_row_names(seeded, tmp_path):
    load(seeded, tmp_path, ["示例辛科技有限公司,曹县,医疗器械,,,储能变流器制造；一次性使用输液器、注射器生产"])
    assert {("co:示例辛科技有限公司", link_id("医疗器械", 2))} == set(table_covers(seeded))


def test_a_term_the_user_added_to_a_links_definition_places_list_rows_too(seeded, tmp_path):
    testing = link_id("储能", 4)
    row = ["示例壬检测技术有限公司,东明县,,,,电池安全评测服务"]
    load(seeded, tmp_path, row)
    assert {} == table_covers(seeded)
    decisions.record({"kind": "definition", "link": testing, "field": "terms", "op": "add", "value": "电池安全评测"})
    load(seeded, tmp_path, row)
    assert {("co:示例壬检测技术有限公司", testing)} == set(table_covers(seeded))


@pytest.mark.parametrize("header", ["经营范围", "经营范围描述", "business_scope", " Business Scope "])
def test_every_scope_header_is_recognised(header):
    table = co.Table("x.csv", None, 1, ["企业名称", header], [(2, ["甲公司", "医药中间体生产"])])
    columns = co.match_headers(table)
    assert "医药中间体生产" == co.parse_row(2, table.rows[0][1], columns).scope


def test_two_scope_columns_are_refused():
    table = co.Table("x.csv", None, 1, ["企业名称", "经营范围", "business_scope"], [])
    with pytest.raises(CompanyListError, match="经营范围"):
        co.match_headers(table)
