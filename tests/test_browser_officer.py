"""An officer's path end to end in headless Chromium, on the seeds and the national pool: the chain
page shows 待核实 links; on 核实清单 (behind the administrator password) a member company is placed on a
link, in a separate process; the figures on 总览 and 缺链招商 change once it publishes; the workbook and
one brief download and read back (openpyxl, python-docx)."""

from __future__ import annotations

import io
import re

import pytest

from tests.conftest import POOL
from tests.test_browser import (
    ARTIFACTS,
    browser_page,
    build_store,
    need_chromium,
    open_page,
    running_app,
    screenshot,
    wait_rendered,
)

pytestmark = pytest.mark.browser
PASSWORD = "officer-test"


@pytest.fixture(scope="module")
def officer_app(tmp_path_factory):
    need_chromium()
    if not POOL.is_dir():
        pytest.skip(f"the national pool is not at {POOL}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path_factory.mktemp("officer")
    env = {"CHAINKG_ADMIN_PASSWORD": PASSWORD, "CHAINKG_DECISIONS": str(tmp / "decisions.json"),
           "CHAINKG_CURATION": str(tmp / "curation.json"), "CHAINKG_ASSIGNMENTS": str(tmp / "assignments.json"),
           "CHAINKG_AUDIT": str(tmp / "audit.log")}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        store = build_store(tmp / "graph", pool=POOL)
    with running_app(store, env=env, timeout=90) as base:
        yield base, tmp


def metric(page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(re.sub(r"\D", "", box.locator('[data-testid="stMetricValue"]').inner_text()))


def test_an_officer_places_a_member_and_takes_the_workbook_and_a_brief(officer_app):
    import docx
    import openpyxl

    base, tmp = officer_app
    with browser_page(need_chromium()) as page:
        open_page(page, base, "", ["全国企业库", "待核实环节"])
        pending, weak = metric(page, "待核实环节"), metric(page, "弱链环节")
        assert pending > 0

        open_page(page, base, "review", ["核实清单", "未挂链的成员企业"])
        page.get_by_label("管理员密码").fill(PASSWORD)
        page.keyboard.press("Enter")
        wait_rendered(page, ["您的姓名"])
        page.get_by_label("您的姓名 (记入审计日志)").fill("招商科 王五")
        page.keyboard.press("Enter")
        page.get_by_role("tab", name="放置未挂链的企业").click()
        page.get_by_role("button", name="放置", exact=True).click()
        page.get_by_text("已放置:").first.wait_for(timeout=180000)
        screenshot(page, ARTIFACTS / "officer-review.png")
        assert "招商科 王五\t放置" in (tmp / "audit.log").read_text(encoding="utf-8")

        open_page(page, base, "", ["全国企业库", "待核实环节"])  # the app serves the published graph
        assert (metric(page, "弱链环节"), metric(page, "待核实环节")) != (weak, pending)
        assert metric(page, "弱链环节") + metric(page, "强链环节") > weak

        open_page(page, base, "gaps", ["缺链清单", "招商简报"])
        with page.expect_download(timeout=180000) as got:
            page.get_by_role("button", name="下载 Excel 工作簿 (全部缺链)").click()
        book = openpyxl.load_workbook(io.BytesIO(open(got.value.path(), "rb").read()))
        assert "封面" == book.sheetnames[0] and "菏泽市" in str(book["封面"]["A1"].value)
        with page.expect_download(timeout=180000) as got:
            page.get_by_role("button", name=re.compile("招商简报$")).click()
        brief = docx.Document(got.value.path())
        assert brief.paragraphs[0].text.startswith("招商简报: ") and brief.tables[0].rows[1:]
        assert [] == page.external
