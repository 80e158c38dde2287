"""Every page of the app in headless Chromium, read as an officer reads it: the text shown (headings,
metrics, messages and every visible table cell) holds no raw values (ids such as co:…, chain-link ids,
JSON lists, None, true/false, unrounded floats, English identifiers or coded values), and no URL of the
app, not even one naming no page, opens a dialog. Uses the app and the browser of tests/test_browser.py.
"""

from __future__ import annotations

import re

import pytest

from tests.test_browser import PAGES, app_url, browser_page, need_chromium, open_page  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

# What an officer must never read. Code the user typed or asked for (the Cypher editor, the output of a
# load shown in a code block) is left out of the reading.
RAW = {
    "an id": re.compile(r"\bco:\S|\|[^|\s]*#\d|\bsw:\d|:target:\d"),
    "JSON": re.compile(r"\[\s*\"|\{\s*\"|\"\s*:\s*"),
    "None": re.compile(r"\bNone\b|\bnull\b|\bNaN\b|\bnan\b"),
    "true/false": re.compile(r"\b(?:true|false|True|False)\b"),
    "an unrounded number": re.compile(r"(?<![\d.])\d+\.\d{3,}(?![\d.])"),
    "an English identifier": re.compile(
        r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:strategic_emerging|segment|sector|future|responsible|lead|support|"
        r"document|pool|manual|table|Industry|Company|ChainLink|Chain|Product|Department|Park|County|Task|Target|"
        r"Project|Technology|Document|COVERS|CANDIDATE_FOR|NAMED_FOR|MAKES)\b"),
}

GRIDS_DRAWN = ("() => Array.from(document.querySelectorAll('[data-testid=stDataFrame]'))"
               ".every(d => d.querySelector('[role=gridcell]'))")
READ = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return "";
  const skip = main.querySelectorAll('textarea, pre, code, [data-testid="stCode"], [data-testid="stCodeBlock"]');
  skip.forEach(e => e.setAttribute('data-chainkg-skip', '1'));
  const parts = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest('[data-chainkg-skip], [role=grid], script, style')) continue;
    parts.push(node.textContent);
  }
  main.querySelectorAll('[role=gridcell], [role=columnheader]').forEach(e => parts.push(e.innerText));
  return parts.join("\\n");
}"""


def raw_values(text: str) -> list[tuple[str, str, str]]:
    """The raw values in ``text``, first of each kind: (kind, what matched, the text around it).

    >>> [(kind, hit) for kind, hit, _ in raw_values("编号 co:甲公司 · 权重 0.906017 · 产品权重 None")]
    [('an id', 'co:甲'), ('None', 'None'), ('an unrounded number', '0.906017')]
    >>> [(kind, hit) for kind, hit, _ in raw_values("置信度 90% · 代码 603858.SH · 类型 strategic_emerging")]
    [('an English identifier', 'strategic_emerging')]
    >>> raw_values("CHAINKG_POOL=目录 后运行 make run · 下载 CSV · 关键度 0.05 · 链 化学药 › 基础原料→中间体")
    []
    """
    found = []
    for kind, pattern in RAW.items():
        match = pattern.search(text)
        if match:
            around = text[max(0, match.start() - 20): match.end() + 20].replace("\n", " ")
            found.append((kind, match.group(0), around))
    return found


def test_no_page_shows_a_raw_value_or_a_dialog(app_url):  # noqa: F811 - the fixture
    chromium = need_chromium()
    problems = []
    with browser_page(chromium) as page:
        for name, path, labels in PAGES:
            try:
                open_page(page, app_url, path, labels)
            except Exception as err:  # noqa: BLE001 - collect every page's problem, then fail once
                problems.append(f"{name}: did not render ({type(err).__name__})")
                continue
            try:  # tables draw their cells (the accessible grid read below) once laid out
                page.wait_for_function(GRIDS_DRAWN, timeout=15000)
            except Exception:  # noqa: BLE001 - an empty table draws no cell
                pass
            page.wait_for_timeout(500)
            text = page.evaluate(READ)
            problems += [f"{name}: {kind} «{around}»" for kind, _, around in raw_values(text)]
            if page.locator('[role="dialog"]').count():
                problems.append(f"{name}: a dialog is open")
        for path in ("overview", "no-such-page"):
            page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
            page.get_by_text("产业链", exact=False).first.wait_for(timeout=30000)
            page.wait_for_timeout(2500)
            if page.locator('[role="dialog"]').count():
                problems.append(f"/{path}: a dialog opened: {page.locator('[role=dialog]').first.inner_text()[:120]}")

