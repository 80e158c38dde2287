"""Company lists (企业名单): reading, checking every row, merging, all-or-nothing loading, the CLI."""

from __future__ import annotations

import argparse
import importlib.util
import json
import random

import pytest

from graph import coverage
from graph.errors import ChainKGError, CompanyListError
from graph.store import Batch
from ingest import companies as co
from tests.companygraph import FIXTURES, link_id, seed, snapshot


def _generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.fixture
def seeded(store):
    seed(store)
    return store


def companies_by_id(store) -> dict[str, dict]:
    rows = store.read("MATCH (c:Company) RETURN c AS c")
    return {r["c"]["id"]: r["c"] for r in rows}


def table_covers(store) -> set[tuple]:
    rows = store.read("MATCH (c:Company)-[v:COVERS]->(l:ChainLink) WHERE v.via = 'table' "
                      "RETURN c.id AS company, l.id AS link, v.product AS product, v.span_start AS row")
    return {(r["company"], r["link"], r["product"], r["row"]) for r in rows}


# --- GB 32100-2015 ----------------------------------------------------------------------------------


def test_the_check_character_agrees_with_an_independent_implementation():
    rng = random.Random(32100)
    bodies = ["".join(rng.choice(co.CREDIT_CHARS) for _ in range(17)) for _ in range(2000)]
    assert [gen.check_char(b) for b in bodies] == [co.credit_check_char(b) for b in bodies]


def test_a_published_credit_code_is_valid_and_any_other_check_character_is_not():
    valid = "91350100M000100Y43"
    assert co.credit_code_problem(valid) is None
    wrong = [valid[:17] + ch for ch in co.CREDIT_CHARS if ch != "3"]
    assert [] == [c for c in wrong if co.credit_code_problem(c) is None]


@pytest.mark.parametrize("code, reason", [
    ("91350100M000100Y4", "应为 18 位, 实为 17 位"),
    ("91350100M000100Y434", "应为 18 位, 实为 19 位"),
    ("91350100M0001O0Y43", "含不允许的字符 O"),
    ("9135A100M000100Y43", "第 3-8 位应为行政区划代码"),
    ("91350100M000100Y44", "校验位错误"),
])
def test_a_bad_credit_code_is_refused_with_the_reason(code, reason):
    assert reason in co.credit_code_problem(code)


def test_credit_codes_are_read_in_full_width_and_lower_case():
    assert "91350100M000100Y43" == co.normalize_credit_code("９１３５０１００ｍ０００１００ｙ４３")


# --- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [("1,234.5", 1234.5), ("12", 12.0), (" 0.5 ", 0.5), (56000, 56000.0),
                                         ("1，234", 1234.0)])
def test_numbers_parse_with_thousands_separators(text, value):
    assert value == co.parse_number(text)


@pytest.mark.parametrize("text", ["约500", "1.234,5", "12,34", "-", "5万"])
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        co.parse_number(text)


@pytest.mark.parametrize("text, value", [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True),
                                         ("0", False), ("TRUE", True), ("false", False), (True, True), (0, False)])
def test_flags_parse(text, value):
    assert value == co.parse_flag(text)


def test_a_flag_that_is_not_yes_or_no_is_refused():
    with pytest.raises(ValueError):
        co.parse_flag("可能")


def test_products_split_on_every_separator():
    assert ["甲", "乙", "丙", "丁", "戊"] == co.split_list("甲、乙;丙；丁,戊")


# --- reading and headers -------------------------------------------------------------------------


def parsed(path, sheet=None) -> list[co.Row]:
    table = co.read_table(path, sheet)
    columns = co.match_headers(table)
    return [co.parse_row(n, cells, columns) for n, cells in table.rows]


def fields(rows: list[co.Row]) -> list[dict]:
    return [{k: v for k, v in vars(r).items() if k != "problems"} for r in rows]


def test_utf8_gb18030_and_english_headers_with_bom_read_the_same_rows():
    utf8 = fields(parsed(FIXTURES / "valid.csv"))
    assert 5 == len(utf8)
    assert utf8 == fields(parsed(FIXTURES / "valid_gb18030.csv"))
    english = fields(parsed(FIXTURES / "valid_english_bom.csv"))
    for row in english:  # the unknown column keeps its own header
        row["extra"] = {("备注" if k == "note" else k): v for k, v in row["extra"].items()}
    assert utf8 == english


def test_a_row_reads_every_field():
    row = parsed(FIXTURES / "valid.csv")[0]
    assert (2, "菏泽禾盛制药有限公司", gen.HESHENG, "曹县", "曹县医药产业园", "化学药", ["原料药"],
            ["头孢类原料药", "中间体"], 12345.6, True, True, "张示例", "13800000001", {"备注": "省级专精特新"}, []) == (
        row.row, row.name, row.credit_code, row.county, row.park, row.industry, row.links, row.products,
        row.revenue, row.above_scale, row.chain_leader, row.contact, row.phone, row.extra, row.problems)


def test_an_xlsx_sheet_finds_its_header_below_a_title_row_and_reads_spreadsheet_types():
    table = co.read_table(FIXTURES / "list.xlsx")
    assert ("企业名单", 2, [3, 4]) == (table.sheet, table.header_row, [n for n, _ in table.rows])
    row = parsed(FIXTURES / "list.xlsx")[0]
    assert (3200.5, True, False, "13800000004") == (row.revenue, row.above_scale, row.chain_leader, row.phone)


def test_another_sheet_is_read_when_named():
    assert ["菏泽禾盛制药有限公司"] == [r.name for r in parsed(FIXTURES / "list.xlsx", sheet="链主企业")]


def test_an_unknown_sheet_lists_the_sheets_there_are():
    with pytest.raises(CompanyListError) as err:
        co.read_table(FIXTURES / "list.xlsx", sheet="名单2024")
    assert "企业名单、链主企业、数字格式代码" in str(err.value)


def test_a_credit_code_stored_as_an_excel_number_is_refused():
    row = parsed(FIXTURES / "list.xlsx", sheet="数字格式代码")[0]
    assert [(2, "统一社会信用代码")] == [(r, c) for r, c, _ in row.problems]
    assert "设为文本" in row.problems[0][2]


def test_a_list_without_a_name_column_is_refused_naming_the_column_to_add():
    with pytest.raises(CompanyListError) as err:
        co.read_table(FIXTURES / "no_name_column.csv")
    assert "企业名称" in str(err.value) and "公司、区县" in str(err.value)


def test_an_undecodable_csv_is_refused_naming_the_encodings_to_use():
    with pytest.raises(CompanyListError) as err:
        co.read_table(FIXTURES / "undecodable.csv")
    assert "UTF-8" in str(err.value) and "GB18030" in str(err.value)


@pytest.mark.parametrize("data, words", [
    (b"\xff\xfe" + "企业名称".encode("utf-16-le"), "UTF-16"),
    (b"PK\x03\x04rest", ".xlsx"),
    (b"\xef\xbb\xbf\xc4\xe3\xba\xc3", "UTF-8 BOM"),
])
def test_files_that_are_not_csv_text_say_what_to_do(tmp_path, data, words):
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    with pytest.raises(CompanyListError) as err:
        co.read_table(path)
    assert words in str(err.value)


@pytest.mark.parametrize("name, words", [("list.xls", ".xlsx"), ("list.txt", ".csv 或 .xlsx")])
def test_other_file_kinds_are_refused(tmp_path, name, words):
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(CompanyListError) as err:
        co.read_table(path)
    assert words in str(err.value)


def test_two_columns_for_one_field_are_refused(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("企业名称,区县,所在区县\n示例甲公司,曹县,曹县\n", encoding="utf-8")
    with pytest.raises(CompanyListError) as err:
        co.match_headers(co.read_table(path))
    assert "「区县」和「所在区县」" in str(err.value)


def test_the_fixtures_are_what_the_generator_writes(tmp_path):
    gen.write_all(tmp_path)
    for name in ("valid.csv", "valid_english_bom.csv", "valid_gb18030.csv", "invalid.csv"):
        assert (FIXTURES / name).read_bytes() == (tmp_path / name).read_bytes(), name
    for sheet in ("企业名单", "链主企业"):
        assert fields(parsed(FIXTURES / "list.xlsx", sheet)) == fields(parsed(tmp_path / "list.xlsx", sheet))


# --- checking against the graph -----------------------------------------------------------------

EXPECTED_PROBLEMS = {
    3: ("企业名称", "企业名称为空"),
    4: ("统一社会信用代码", "应为 18 位, 实为 17 位"),
    5: ("统一社会信用代码", "校验位错误"),
    6: ("统一社会信用代码", "含不允许的字符 I"),
    7: ("所在区县", "「历下区」不是菏泽市的区县"),
    8: ("所在区县", "「火星县」不是菏泽市的区县"),
    9: ("所属园区", "图中没有园区「示例不存在产业园」"),
    10: ("产业链环节", "没有环节「示例环节」"),
    11: ("产业链环节", "环节「材料」出现在多个产业 (储能、医疗器械)"),
    12: ("营业收入(万元)", "「约500」不是数字"),
    13: ("是否规上", "「可能」不是是/否"),
    14: ("统一社会信用代码", "与第 2 行的统一社会信用代码相同"),
    15: ("企业名称", "与第 2 行是同一家企业"),
    16: ("所属产业链", "图中没有产业或产业链「示例未知产业」"),
    18: ("营业收入(万元)", "「-」不是数字"),
}


def test_every_bad_row_is_named_with_its_column_and_reason_and_nothing_is_loaded(seeded):
    before = snapshot(seeded)
    with pytest.raises(CompanyListError) as err:
        co.import_company_list(seeded, FIXTURES / "invalid.csv")
    problems = err.value.problems
    assert gen.INVALID_EXPECTED_ROWS == sorted({r for r, _, _ in problems})
    assert sorted(EXPECTED_PROBLEMS) == sorted(r for r, _, _ in problems)  # one problem per bad row
    for row, column, reason in problems:
        assert EXPECTED_PROBLEMS[row][0] == column, (row, reason)
        assert EXPECTED_PROBLEMS[row][1] in reason, (row, reason)
    assert "15 行有错误, 未导入任何数据" in str(err.value)
    assert before == snapshot(seeded)


def test_skip_invalid_loads_the_valid_rows_and_reports_the_others(seeded):
    report = co.import_company_list(seeded, FIXTURES / "invalid.csv", skip_invalid=True)
    assert [2] == [o.row for o in report.loaded]
    assert gen.INVALID_EXPECTED_ROWS == report.invalid_rows
    stored = companies_by_id(seeded)
    assert "co:菏泽示例云杉储能科技有限公司" in stored
    assert [] == [i for i in stored if "示例甲" in i]


def test_skip_invalid_with_no_valid_row_still_refuses(seeded, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("企业名称,所在区县\n示例甲公司,火星县\n", encoding="utf-8")
    with pytest.raises(CompanyListError):
        co.import_company_list(seeded, path, skip_invalid=True)


def test_a_link_is_found_within_the_industry_the_row_names(seeded, tmp_path):
    path = tmp_path / "scoped.csv"
    path.write_text("企业名称,所属产业,产业链环节\n示例甲材料有限公司,医疗器械,材料\n"
                    "示例乙材料有限公司,储能,材料\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    assert {("co:示例甲材料有限公司", link_id("医疗器械", 1), "材料", 2),
            ("co:示例乙材料有限公司", link_id("储能", 1), "材料", 3)} == table_covers(seeded)


def test_a_segment_link_is_found_from_its_sector(seeded, tmp_path):
    path = tmp_path / "sector.csv"
    path.write_text("企业名称,所属产业,产业链环节\n示例丙药业有限公司,生物医药,化学制剂\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    assert {("co:示例丙药业有限公司", link_id("化学药", 4), "化学制剂", 2)} == table_covers(seeded)


def test_a_chain_may_be_named_instead_of_an_industry(seeded, tmp_path):
    path = tmp_path / "chain.csv"
    path.write_text("企业名称,所属产业链,环节\n示例子材料有限公司,材料→终端产品,材料\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    assert {("co:示例子材料有限公司", link_id("医疗器械", 1), "材料", 2)} == table_covers(seeded)


def test_an_unknown_industry_without_a_link_is_kept_with_a_warning(seeded, tmp_path):
    path = tmp_path / "industry.csv"
    path.write_text("企业名称,所属产业\n示例癸公司,示例新兴产业\n", encoding="utf-8")
    report = co.import_company_list(seeded, path)
    assert [(2, "所属产业", "图中没有产业「示例新兴产业」, 已保留在附加属性中")] == report.warnings
    assert {"所属产业": "示例新兴产业"} == json.loads(companies_by_id(seeded)["co:示例癸公司"]["extra"])


def test_a_park_is_found_by_its_alias(seeded, tmp_path):
    path = tmp_path / "alias.csv"
    path.write_text("企业名称,园区\n示例丁药业有限公司,曹县医药园\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    rows = seeded.read("MATCH (c:Company {id: 'co:示例丁药业有限公司'})-[:LOCATED_IN]->(p:Park) RETURN p.id AS park")
    assert ["曹县医药产业园"] == [r["park"] for r in rows]


def test_without_counties_in_the_graph_any_county_of_china_is_accepted(store, tmp_path):
    path = tmp_path / "empty-graph.csv"
    path.write_text("企业名称,所在区县\n示例戊公司,历下区\n示例己公司,火星县\n示例庚公司,苏州市昆山市\n"
                    "示例辛公司,海淀区\n", encoding="utf-8")
    with pytest.raises(CompanyListError) as err:
        co.import_company_list(store, path)
    assert [(3, "所在区县")] == [(r, c) for r, c, _ in err.value.problems]
    assert "「火星县」不是全国行政区划中的区县" in err.value.problems[0][2]


def test_another_citys_list_is_checked_against_that_citys_own_counties(store, tmp_path):
    # a graph of another province's city: its documents name a park in 昆山市 (苏州市)
    store.write(Batch(nodes={"County": [{"id": "昆山市", "name": "昆山市"}]}))
    path = tmp_path / "suzhou.csv"
    path.write_text("企业名称,所在区县\n示例甲公司,吴江区\n示例乙公司,苏州相城区\n示例丙公司,东明县\n",
                    encoding="utf-8")
    with pytest.raises(CompanyListError) as err:
        co.import_company_list(store, path)
    assert [(4, "所在区县")] == [(r, c) for r, c, _ in err.value.problems]
    assert "「东明县」不是苏州市的区县" in err.value.problems[0][2]
    path.write_text("企业名称,所在区县\n示例甲公司,吴江区\n示例乙公司,苏州相城区\n", encoding="utf-8")
    co.import_company_list(store, path)
    located = store.read("MATCH (c:Company)-[:LOCATED_IN]->(k:County) RETURN c.name AS c, k.id AS k, k.city AS city")
    assert {("示例甲公司", "吴江区", "苏州市"), ("示例乙公司", "相城区", "苏州市")} == {
        (r["c"], r["k"], r["city"]) for r in located}


# --- loading and merging -------------------------------------------------------------------------


def test_a_valid_list_loads_every_row_merging_with_document_and_pool_companies(seeded):
    report = co.import_company_list(seeded, FIXTURES / "valid.csv")
    assert [(2, "co:禾盛制药", "更新"), (3, "900001.SH", "更新"), (4, "co:菏泽示例云杉储能科技有限公司", "新增"),
            (5, "co:菏泽示例青禾医疗器械有限公司", "新增"), (6, "co:示例星澜化工有限公司", "新增")] == [
        (o.row, o.company_id, o.action) for o in report.loaded]
    stored = companies_by_id(seeded)
    hesheng = stored["co:禾盛制药"]
    assert ("禾盛制药", "菏泽禾盛制药有限公司", True, gen.HESHENG, "曹县", True, True, 12345.6, "张示例",
            "13800000001") == (hesheng["name"], hesheng["fullname"], hesheng["local"], hesheng["credit_code"],
                               hesheng["county"], hesheng["above_scale"], hesheng["chain_leader"],
                               hesheng["revenue"], hesheng["contact"], hesheng["phone"])
    assert {"备注": "省级专精特新"} == json.loads(hesheng["extra"])
    parks = seeded.read("MATCH (c:Company {id: 'co:禾盛制药'})-[:LOCATED_IN]->(p:Park) RETURN p.id AS park")
    assert ["曹县医药产业园"] == [r["park"] for r in parks]
    pool = stored["900001.SH"]
    assert ("澜川股份", "900001", True, "东明县", False) == (pool["name"], pool["code"], pool["local"],
                                                            pool["county"], pool["chain_leader"])
    assert 6 == len(stored)  # 2 document companies + 1 pool company + 3 new ones


def test_rows_cover_links_by_link_and_by_product_with_provenance(seeded):
    co.import_company_list(seeded, FIXTURES / "valid.csv")
    assert {("co:禾盛制药", link_id("化学药", 3), "原料药", 2),
            ("co:禾盛制药", link_id("化学药", 2), "中间体", 2),
            ("900001.SH", link_id("储能", 1), "材料", 3),
            ("co:菏泽示例云杉储能科技有限公司", link_id("储能", 2), "设备", 4),
            ("co:菏泽示例云杉储能科技有限公司", link_id("储能", 3), "集成", 4),
            ("co:菏泽示例青禾医疗器械有限公司", link_id("医疗器械", 2), "终端产品", 5)} == table_covers(seeded)
    rows = seeded.read("MATCH (c:Company {id: 'co:禾盛制药'})-[v:COVERS]->(l:ChainLink) WHERE v.via = 'table' "
                       "RETURN v.source AS source, v.doc AS doc, v.sentence AS sentence, v.grade AS grade, "
                       "v.matched_term AS term ORDER BY grade")
    # the 产业链环节 column is 确认; a 主营产品 the matcher reads as the link's product is 产品匹配, with the cell
    assert [("table", "valid.csv", "产品匹配", "中间体"), ("table", "valid.csv", "确认", None)] == [
        (r["source"], r["doc"], r["grade"], r["term"]) for r in rows]
    assert "第2行 主营产品: 头孢类原料药、中间体" == rows[0]["sentence"]
    assert rows[1]["sentence"].startswith("第2行: 企业名称=菏泽禾盛制药有限公司; 统一社会信用代码=")


def test_rows_are_located_in_their_county_and_make_their_products(seeded):
    co.import_company_list(seeded, FIXTURES / "valid.csv")
    located = seeded.read("MATCH (c:Company)-[r:LOCATED_IN]->(k:County) RETURN c.id AS c, k.id AS k, k.city AS city")
    assert {("co:禾盛制药", "曹县"), ("900001.SH", "东明县"), ("co:菏泽示例云杉储能科技有限公司", "东明县"),
            ("co:菏泽示例青禾医疗器械有限公司", "牡丹区"), ("co:示例星澜化工有限公司", "单县")} == {
        (r["c"], r["k"]) for r in located}
    assert {"菏泽市"} == {r["city"] for r in located if r["k"] == "牡丹区"}
    makes = seeded.read("MATCH (c:Company {id: '900001.SH'})-[:MAKES]->(p:Product) RETURN p.id AS product ORDER BY product")
    assert ["储能材料", "隔膜"] == [r["product"] for r in makes]
    industry = seeded.read("MATCH (c:Company)-[:IN_INDUSTRY]->(i:Industry) RETURN c.id AS c, i.id AS i")
    assert ("co:禾盛制药", "化学药") in {(r["c"], r["i"]) for r in industry}


def test_loading_the_same_file_twice_changes_nothing(seeded):
    co.import_company_list(seeded, FIXTURES / "valid.csv")
    first = snapshot(seeded)
    report = co.import_company_list(seeded, FIXTURES / "valid.csv")
    assert ["更新"] * 5 == [o.action for o in report.loaded]
    assert first == snapshot(seeded)


def test_the_same_list_in_gb18030_or_xlsx_lands_on_the_same_nodes(seeded):
    co.import_company_list(seeded, FIXTURES / "valid.csv")
    again = co.import_company_list(seeded, FIXTURES / "valid_gb18030.csv")
    assert ["co:禾盛制药", "900001.SH", "co:菏泽示例云杉储能科技有限公司", "co:菏泽示例青禾医疗器械有限公司",
            "co:示例星澜化工有限公司"] == [o.company_id for o in again.loaded]
    xlsx = co.import_company_list(seeded, FIXTURES / "list.xlsx")
    assert [("co:菏泽示例青禾医疗器械有限公司", "统一社会信用代码一致"),
            ("co:菏泽示例云杉储能科技有限公司", "统一社会信用代码一致")] == [
        (o.company_id, o.matched_by) for o in xlsx.loaded]
    assert 3200.5 == companies_by_id(seeded)["co:菏泽示例青禾医疗器械有限公司"]["revenue"]


def test_a_pool_company_is_found_by_the_linking_rules(seeded, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("企业名称,所在区县\n菏泽澜川新材料有限公司,东明县\n", encoding="utf-8")
    report = co.import_company_list(seeded, path)
    assert ["900001.SH"] == [o.company_id for o in report.loaded]
    pool = companies_by_id(seeded)["900001.SH"]
    assert (["菏泽澜川新材料有限公司"], True) == (pool["aliases"], pool["match_reason"] is not None)


def test_a_name_clash_with_a_different_credit_code_is_reported(seeded, tmp_path):
    co.import_company_list(seeded, FIXTURES / "valid.csv")
    path = tmp_path / "clash.csv"
    path.write_text(f"企业名称,统一社会信用代码\n菏泽示例青禾医疗器械有限公司,{gen.LEADER}\n", encoding="utf-8")
    with pytest.raises(CompanyListError) as err:
        co.import_company_list(seeded, path)
    assert [(2, "统一社会信用代码")] == [(r, c) for r, c, _ in err.value.problems]
    assert gen.QINGHE in err.value.problems[0][2]


def test_a_corrected_file_replaces_the_facts_its_earlier_version_gave(seeded, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("企业名称,所属产业,产业链环节\n示例庚储能有限公司,储能,设备\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    path.write_text("企业名称,所属产业,产业链环节\n示例庚储能有限公司,储能,检测\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    assert {("co:示例庚储能有限公司", link_id("储能", 4), "检测", 2)} == table_covers(seeded)


def test_above_scale_flags_feed_the_link_status(seeded, tmp_path):
    path = tmp_path / "scale.csv"
    path.write_text("企业名称,所属产业,产业链环节,是否规上\n示例辛储能有限公司,储能,检测,否\n"
                    "示例壬储能有限公司,储能,检测,否\n", encoding="utf-8")
    co.import_company_list(seeded, path)

    def status():
        return seeded.read("MATCH (l:ChainLink {id: $id}) RETURN l.status AS s, l.local_count AS n",
                           {"id": link_id("储能", 4)})[0]

    assert {"s": coverage.WEAK, "n": 2} == status()
    path.write_text("企业名称,所属产业,产业链环节,是否规上\n示例辛储能有限公司,储能,检测,是\n"
                    "示例壬储能有限公司,储能,检测,否\n", encoding="utf-8")
    co.import_company_list(seeded, path)
    assert {"s": coverage.STRONG, "n": 2} == status()


def test_the_report_reads_in_chinese(seeded):
    report = co.import_company_list(seeded, FIXTURES / "valid.csv")
    text = co.format_report(report)
    assert text.startswith("valid.csv: 共 5 行, 导入 5 家企业 (新增 3, 更新 2)")
    assert "第 2 行 更新 菏泽禾盛制药有限公司 → co:禾盛制药" in text


# --- the command line (embedded store) ---------------------------------------------------------------


def cli(argv: list[str]) -> int:
    """``python -m ingest companies …`` as ingest.__main__ runs it (its edge, if not wired yet)."""
    import ingest.__main__ as main

    if "companies" in main.COMMANDS:
        return main.main(["companies", *argv])
    parser = argparse.ArgumentParser()
    co.add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return co.run(args)
    except ChainKGError as err:
        import sys

        print(f"error: {err}", file=sys.stderr)
        return 2


@pytest.fixture
def store_dir(tmp_path):
    from graph.store import open_store

    path = tmp_path / "graph"
    with open_store(str(path)) as store:
        seed(store)
    return str(path)


def test_the_cli_loads_a_list_and_exits_0(store_dir, capsys):
    assert 0 == cli([str(FIXTURES / "valid.csv"), "--store", store_dir])
    out = capsys.readouterr()
    assert "导入 5 家企业" in out.out and "" == out.err


def test_the_cli_refuses_a_list_with_bad_rows_naming_each_on_stderr(store_dir, capsys):
    from graph.store import open_store

    assert 2 == cli([str(FIXTURES / "invalid.csv"), "--store", store_dir])
    out = capsys.readouterr()
    assert "第 5 行 [统一社会信用代码]" in out.err and "第 18 行 [营业收入(万元)]" in out.err
    assert "Traceback" not in out.err and "" == out.out
    with open_store(store_dir, read_only=True) as store:
        assert "co:菏泽示例云杉储能科技有限公司" not in companies_by_id(store)


def test_the_cli_skips_bad_rows_when_asked_and_lists_them_on_stderr(store_dir, capsys):
    assert 0 == cli([str(FIXTURES / "invalid.csv"), "--store", store_dir, "--skip-invalid"])
    out = capsys.readouterr()
    assert "导入 1 家企业" in out.out and "已跳过 15 行" in out.err and "第 3 行 [企业名称]" in out.err


def test_the_cli_reports_an_unusable_file_in_one_line(store_dir, capsys, tmp_path):
    assert 2 == cli([str(FIXTURES / "list.xlsx"), "--store", store_dir, "--sheet", "没有这张表"])
    out = capsys.readouterr()
    assert 1 == len(out.err.strip().splitlines()) and "可选的工作表有" in out.err
    assert 2 == cli([str(tmp_path / "missing.csv"), "--store", store_dir])
    assert "找不到文件" in capsys.readouterr().err


def test_the_cli_reads_a_named_sheet(store_dir, capsys):
    assert 0 == cli([str(FIXTURES / "list.xlsx"), "--store", store_dir, "--sheet", "链主企业"])
    assert "工作表 链主企业" in capsys.readouterr().out


def test_the_readme_sample_file_has_no_row_problems_of_its_own():
    sample = FIXTURES.parents[2] / "docs" / "company-list-sample.csv"
    rows = parsed(sample)
    assert 4 == len(rows)
    assert [] == [p for r in rows for p in r.problems]
    assert 3 == sum(1 for r in rows if r.credit_code)


# --- the app's upload --------------------------------------------------------------------------------


def test_an_upload_is_imported_under_its_own_file_name(seeded):
    data = (FIXTURES / "list.xlsx").read_bytes()
    assert ["企业名单", "链主企业", "数字格式代码"] == co.sheet_names(data)
    report = co.import_company_upload(seeded, data, "园区企业.xlsx", sheet="链主企业")
    assert ("园区企业.xlsx", ["co:禾盛制药"]) == (report.file, [o.company_id for o in report.loaded])
    docs = seeded.read("MATCH (c:Company)-[v:COVERS]->(:ChainLink) WHERE v.via = 'table' RETURN DISTINCT v.doc AS doc")
    assert ["园区企业.xlsx"] == [r["doc"] for r in docs]
