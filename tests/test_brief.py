"""The one-page 招商 brief (graph/brief.py): read back with python-docx, from a real embedded store."""

from __future__ import annotations

import docx
import pytest

from graph import brief, gaps
from graph.__main__ import main as graph_main
from graph.errors import NotFound
from graph.store import open_store
from tests.conftest import isolate_decisions
from tests.test_gaps import load_example


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("brief") / "graph")
    with pytest.MonkeyPatch.context() as mp:
        isolate_decisions(mp, tmp_path_factory.mktemp("decisions"))
        with open_store(path) as s:
            load_example(s)
    return path


def closed_by(report: dict, target: dict) -> set[tuple[str, str]]:
    return {(chain["name"], link["name"]) for chain in report["chains"] for link in chain["links"]
            if any(c.get("id") == target["id"] for c in link.get("candidates") or [])}


def test_the_brief_names_the_company_its_products_the_gaps_it_closes_and_their_departments(location, tmp_path):
    with open_store(location, read_only=True) as store:
        report = gaps.analyse(store)
        target = max(report["targets"], key=lambda t: t["closes"])
        data = brief.brief(store, target["code"], report)
    path = brief.write_docx(data, tmp_path / "brief.docx", today="2030-05-06")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"招商简报: {target['name']}" == document.paragraphs[0].text
    assert target["fullname"] in text and target["code"] in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
    wanted = closed_by(report, target)
    assert wanted and len(wanted) == len(rows)
    assert {link for _, link in wanted} == {row[1].split(" (")[0] for row in rows}
    assert all(row[3] for row in rows)  # a reason beside every gap
    departments = {d["name"] for chain in report["chains"] for link in chain["links"]
                   for d in link.get("departments") or [] if (chain["name"], link["name"]) in wanted}
    assert all(name in text for name in departments)
    assert "生成日期 2030-05-06" in text and "数据来源" in text
    for raw in ("None", "lead", "support", "responsible", "True", "False"):
        assert raw not in text


def test_a_company_that_closes_no_gap_is_refused_in_chinese(location, tmp_path, capsys):
    with open_store(location, read_only=True) as store, pytest.raises(NotFound, match="不是招商目标企业"):
        brief.brief(store, "没有这家企业")
    assert 2 == graph_main(["brief", "没有这家企业", "--store", location, "--out", str(tmp_path / "x.docx")])
    assert "错误:" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()


def test_brief_cli_writes_the_word_file(location, tmp_path, capsys):
    with open_store(location, read_only=True) as store:
        target = gaps.analyse(store)["targets"][0]
    out = tmp_path / "简报.docx"
    assert 0 == graph_main(["brief", target["name"], "--store", location, "--out", str(out)])
    assert target["name"] in docx.Document(str(out)).paragraphs[0].text
    assert "已写入" in capsys.readouterr().out
