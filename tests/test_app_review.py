"""The 核实清单 page on the seed documents: the queue with its evidence, a placement made behind the
administrator password in a separate process (python -m graph review place), the audit line with who
and when, and the link's status and the queue after the writer has published."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph import gaps
from graph.store import open_store
from tests.conftest import ROOT, isolate_decisions


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    from tests.test_browser import build_store

    isolate_decisions(monkeypatch, tmp_path)
    monkeypatch.setenv("CHAINKG_AUDIT", str(tmp_path / "audit.log"))
    where = build_store(tmp_path / "graph")
    monkeypatch.setenv("CHAINKG_STORE", where)
    return where


def review_page(password: str | None, monkeypatch) -> AppTest:
    if password:
        monkeypatch.setenv("CHAINKG_ADMIN_PASSWORD", password)
    else:
        monkeypatch.delenv("CHAINKG_ADMIN_PASSWORD", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/review.py").run()
    assert [] == [e.value for e in at.exception]
    return at


def link_status(where: str, industry: str, chain: str, link: str) -> str:
    with open_store(where, read_only=True) as store:
        report = gaps.analyse(store, industry=industry)
    return next(x["status"] for c in report["chains"] if c["name"] == chain for x in c["links"] if x["name"] == link)


def test_without_the_password_the_queue_shows_but_nothing_can_be_changed(seeds, monkeypatch):
    at = review_page(None, monkeypatch)
    queue = at.dataframe[0].value
    assert len(queue) > 0 and all(queue["证据"])
    assert "只读实例" in at.info[0].value
    assert not [b for b in at.button if b.key in ("review_place", "review_confirm", "review_assign")]


def test_placing_a_member_runs_apart_is_audited_and_the_link_and_the_queue_follow(seeds, monkeypatch, tmp_path):
    at = review_page("s3cret", monkeypatch)
    at.text_input(key="review_admin_password").input("s3cret").run()
    unplaced = at.selectbox(key="review_pick_unplaced")
    company, rest = unplaced.options[0].split(" › ", 1)
    industry, chain = rest.split(" · ", 1)
    target = at.selectbox(key="review_place_link")
    link = target.options[0].split(". ", 1)[1]
    before = link_status(seeds, industry, chain, link)
    queue_before = len(at.dataframe[0].value)

    at.button(key="review_place").click().run()  # no name yet: refused, nothing written
    assert any("姓名" in e.value for e in at.error)
    assert not (tmp_path / "audit.log").exists()

    at.text_input(key="review_who").input("招商科 张三").run()
    at.button(key="review_place").click().run()
    assert [] == [e.value for e in at.exception]
    assert [f"已放置: {company} › {link}"] == [s.value for s in at.success if s.value.startswith("已放置")]
    line = (tmp_path / "audit.log").read_text(encoding="utf-8").splitlines()[-1].split("\t")
    when, who, action, company_id, link_id, result = line[:6]
    assert ("招商科 张三", "放置", "成功") == (who, action, result) and when.endswith("Z")
    assert company_id and link_id.startswith(f"{industry}|") and link_id.split("#")[-1].isdigit()
    after = link_status(seeds, industry, chain, link)
    assert after in ("弱链", "强链") and after != before
    at.run()  # the app picks up the published graph
    assert len(at.dataframe[0].value) < queue_before


def test_a_definition_edit_is_kept_applied_and_audited(seeds, monkeypatch, tmp_path, capsys):
    from graph import decisions
    from graph.define import main as define_main

    with open_store(seeds, read_only=True) as store:
        report = gaps.analyse(store, industry="化学药")
    industry, link = next((c["industry"], x) for c in report["chains"] for x in c["links"] if x.get("terms"))
    term = link["terms"][0]
    assert 2 == define_main([link["id"], "--add-term", "应用", "--store", seeds])  # a stage word alone
    assert "泛称" in capsys.readouterr().err
    assert 2 == define_main(["没有这个环节#1", "--add-exclusion", "农药中间体", "--store", seeds])
    assert [] == decisions.load().of("definition")  # nothing refused was kept

    at = review_page("s3cret", monkeypatch)
    at.text_input(key="review_admin_password").input("s3cret").run()
    at.text_input(key="review_who").input("招商科 李四").run()
    options = at.selectbox(key="review_define_link").options
    at.selectbox(key="review_define_link").set_value(
        next(i for i, o in enumerate(options) if o.endswith(f"› {link['name']}") and o.startswith(industry))).run()
    at.selectbox(key="review_define_op").set_value("remove_term").run()
    at.text_input(key="review_define_term").input(term).run()
    at.button(key="review_define").click().run()
    assert [] == [e.value for e in at.exception] and not [e.value for e in at.error]
    kept = decisions.load().of("definition")
    assert [(link["id"], "terms", "remove", term)] == [(e["link"], e["field"], e["op"], e["value"]) for e in kept]
    with open_store(seeds, read_only=True) as store:
        after = gaps.analyse(store, industry="化学药")
    terms = next(x for c in after["chains"] for x in c["links"] if x["id"] == link["id"])["terms"]
    assert term not in terms
    line = (tmp_path / "audit.log").read_text(encoding="utf-8").splitlines()[-1].split("\t")
    assert ("招商科 李四", "去掉产品词", term, link["id"], "成功") == tuple(line[1:6])


def test_a_definition_edit_runs_apart_is_audited_and_kept_with_the_decisions(seeds, tmp_path):
    from app_pages import state
    from graph import decisions

    with open_store(seeds, read_only=True) as store:
        link = store.read("MATCH (l:ChainLink) WHERE l.name = '中间体' RETURN l.id AS id")[0]["id"]
    assert (2, "错误: 请先填写您的姓名 (记入审计日志)") == state.run_define(seeds, link, "add_term", "某衍生物", who="")
    code, output = state.run_define(seeds, link, "add_term", "某衍生物", who="张三")
    assert 0 == code, output
    assert "某衍生物" in output
    line = (tmp_path / "audit.log").read_text(encoding="utf-8").splitlines()[-1].split("\t")
    assert ["张三", "添加产品词", "某衍生物", link, "成功"] == line[1:6]
    assert any(d.get("kind") == "definition" and d.get("value") == "某衍生物" for d in decisions.load().of("definition"))
