"""The 招商 list: Excel workbook and CSV export of the gap analysis, and the CLI that writes them."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from graph import export, gaps
from graph.__main__ import main as graph_main
from graph.errors import InputError
from graph.store import open_store
from tests.conftest import isolate_decisions
from tests.test_gaps import CHEM, load_example


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("export") / "graph")
    with pytest.MonkeyPatch.context() as mp:
        isolate_decisions(mp, tmp_path_factory.mktemp("decisions"))
        with open_store(path) as s:
            load_example(s)
    return path


@pytest.fixture(scope="module")
def report(location):
    with open_store(location, read_only=True) as s:
        return gaps.analyse(s)


def test_sheet_names_are_short_unique_and_legal():
    taken: set[str] = set()
    names = [export.sheet_name(n, taken) for n in ["a/b:c*d?[e]", "x" * 40, "x" * 40, "X" * 40]]
    assert "a b c d  e" == names[0]
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_workbook_has_summary_chain_and_target_sheets(report, tmp_path):
    path = export.write_xlsx(report, tmp_path / "gaps.xlsx")
    book = openpyxl.load_workbook(path)
    chain_sheets = [export.sheet_name(export.chain_sheet_title(c["industry"], c["name"]), {"封面", "概览"})
                    for c in report["chains"]]
    assert ["封面", "概览", *chain_sheets, "招商目标企业"] == book.sheetnames
    assert ["产业", "产业链", "环节数", "缺链", "弱链", "待核实", "强链", "完整度", "工作表"] == [
        c.value for c in book["概览"][1]]
    chem = book[export.sheet_name("化学药 基础原料→中间体→原料药→化学制剂", {"封面", "概览"})]
    header = [c.value for c in chem[1]]
    assert header[:4] == ["序号", "环节", "上中下游", "状态"] and "推荐招商企业" in header and "责任部门" in header
    rows = [[c.value for c in row] for row in chem.iter_rows(min_row=2)]
    assert {"基础原料", "中间体", "原料药", "化学制剂"} <= {r[1] for r in rows}
    candidates = {r[8] for r in rows if r[1] == "化学制剂" and r[8]}
    # the makers of 化学制剂 with at least the minimum share (CHAINKG_MIN_SHARE): 002082.SZ and 603567.SH make it
    # as a side line of 1-5%
    assert {"002737.SZ", "600380.SH", "000513.SZ"} <= candidates
    evidence_col = header.index("证据") + 1
    width = chem.column_dimensions[openpyxl.utils.get_column_letter(evidence_col)].width
    assert width > 30  # sized for reading, not Excel's default 8.43
    targets = [[c.value for c in row] for row in book["招商目标企业"].iter_rows(min_row=2)]
    assert {t["code"] for t in report["targets"]} == {r[2] for r in targets}


def test_csv_has_one_row_per_link_and_opens_in_excel(report, tmp_path):
    path = export.write_csv(report, tmp_path / "gaps.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert "环节" in rows[0] and "状态" in rows[0]
    assert sum(len(c["links"]) for c in report["chains"]) == len(rows) - 1
    chem = [r for r in rows[1:] if r[1] == "基础原料→中间体→原料药→化学制剂"]
    # 原料药: one company whose products match and one a document only mentions, so 弱链
    assert ["缺链", "缺链", "弱链", "缺链"] == [r[rows[0].index("状态")] for r in chem]


def test_an_unwritable_path_names_the_fix(report, tmp_path):
    with pytest.raises(InputError, match="可写的路径"):
        export.write_csv(report, tmp_path / "missing" / "gaps.csv")
    with pytest.raises(InputError, match="可写的路径"):
        export.write_xlsx(report, tmp_path / "missing" / "gaps.xlsx")


def test_gaps_cli_writes_the_workbook_and_the_csv(location, tmp_path, capsys):
    assert 0 == graph_main(["gaps", "--xlsx", str(tmp_path / "out.xlsx"), "--store", location])
    assert 0 == graph_main(["gaps", "--industry", "化学药", "--csv", str(tmp_path / "out.csv"), "--store", location])
    assert "概览" in openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as handle:
        assert 5 == len(list(csv.reader(handle)))  # header + the four links of the one 化学药 chain
    assert "已写入" in capsys.readouterr().out


def test_text_table_shows_status_and_candidates(report):
    text = export.text_table(report)
    assert "【化学药】基础原料→中间体→原料药→化学制剂" in text
    assert CHEM.split("|")[1] in text and "推荐" in text


def test_workbook_opens_with_a_title_the_city_the_date_and_its_sources(location, report, tmp_path):
    with open_store(location, read_only=True) as s:
        sources = export.sources_of(s)
    assert ["测试文件"] == [d["title"] for d in sources["documents"]]
    assert "" == sources["city"]  # the example document names no issuing body
    sources["city"] = "某市"
    path = export.write_xlsx(report, tmp_path / "gaps.xlsx", sources=sources, today="2030-05-06")
    book = openpyxl.load_workbook(path)
    cover = {row[0].value: row[1].value for row in book["封面"].iter_rows(min_row=3) if row[0].value}
    assert book.sheetnames[0] == "封面"
    assert cover["生成日期"] == "2030-05-06"
    assert sources["city"] and sources["city"] in book["封面"]["A1"].value and cover["城市"] == sources["city"]
    lines = [row[1].value for row in book["封面"].iter_rows(min_row=3) if row[0].value == "数据来源"]
    assert len(lines) == len(sources["documents"]) + 1
    assert all(d["title"] in "".join(lines) for d in sources["documents"])
    assert any("2021 年快照" in line or "未载入" in line for line in lines)


def test_workbook_holds_chinese_values_only_and_no_noise_rows(report, tmp_path):
    noisy = {**report, "industries_without_chain": [
        {"industry": "氢能", "level": "segment", "kind": "future", "reason": "无产业链"},
        {"industry": "储能", "level": "segment", "kind": "strategic_emerging", "reason": "无列名企业"}]}
    book = openpyxl.load_workbook(export.write_xlsx(noisy, tmp_path / "gaps.xlsx"))
    values = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    for raw in ("segment", "strategic_emerging", "future", "lead", "support", "responsible", "None"):
        assert not [v for v in values if raw in v], raw
    summary = [[c.value for c in row] for row in book["概览"].iter_rows()]
    assert ["储能", "细分", "战略性新兴产业", "无列名企业"] in [r[:4] for r in summary]  # a row where there is something to say
    assert not [r for r in summary if r[0] == "氢能"]  # 无产业链: named in one sentence, not a row of its own
    assert any(str(r[0]).startswith("文件未写明产业链的产业 (1 个): 氢能") for r in summary if r[0])


def test_sheet_names_of_long_chains_stay_readable():
    taken: set[str] = set()
    long_chain = "原材料→集成电路设计→晶圆制造→封装测试→系统集成→终端应用"
    first = export.sheet_name(export.chain_sheet_title("电子信息", long_chain), taken)
    second = export.sheet_name(export.chain_sheet_title("电子信息", long_chain), taken)
    assert "电子信息 原材料→…→终端应用" == first and first != second and len(second) <= 31


def test_chain_sheets_say_where_each_candidate_is_its_risk_and_why(report, tmp_path):
    book = openpyxl.load_workbook(export.write_xlsx(report, tmp_path / "gaps.xlsx"))
    chem = book[export.sheet_name("化学药 基础原料→中间体→原料药→化学制剂", {"封面", "概览"})]
    header = [c.value for c in chem[1]]
    assert {"地区", "风险提示", "推荐理由"} <= set(header)
    rows = [[c.value for c in row] for row in chem.iter_rows(min_row=2)]
    named = [r for r in rows if r[header.index("推荐招商企业")]]
    assert named and all(r[header.index("推荐理由")] for r in named)
    wanted = {c["name"]: c for ch in report["chains"] for x in ch["links"] for c in x["candidates"]}
    for r in named:
        cand = wanted[r[header.index("推荐招商企业")]]
        assert (r[header.index("地区")] or "") == export.region_text(cand.get("region"))
