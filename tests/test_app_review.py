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
