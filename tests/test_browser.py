"""The app in a real browser: `streamlit run app.py` on a free port, every page opened in headless
Chromium (Debian's `chromium`, driven by Playwright), no exception block, the key Chinese labels
present, and not one request to another host. Screenshots go to tests/artifacts/; with
CHAINKG_README_SHOTS=1 the chain and gap pages are also copied to docs/screenshots/ for the README.

Skips with a reason when /usr/bin/chromium is missing, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import POOL, ROOT, SEED_2024, SEED_2025

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CHAINKG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SHOTS = ROOT / "docs" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

# (name, path with query, labels that must show once the page has rendered)
PAGES = [
    ("overview", "", ["产业链知识图谱 · 总览", "产业链完整度", "全国企业库"]),
    ("chains", "chains?industry=化学药&link=中间体", ["产业链", "选择环节查看详情", "环节: 中间体", "本地企业"]),
    ("gaps", "gaps", ["缺链招商", "缺链清单", "下载 CSV"]),
    ("review", "review", ["核实清单", "待确认的挂链"]),
    ("browse", "browse?node=Industry:化学药", ["图谱浏览", "中心: 化学药", "选择图中的节点"]),
    ("entity", "entity?label=Industry&id=化学药", ["实体详情", "文件出处", "属性"]),
    ("duties", "duties", ["责任分工", "部门 × 产业", "查看单元格"]),
    ("targets", "targets", ["目标", "各年份目标数"]),
    ("cypher", "cypher", ["Cypher 查询", "常用查询", "运行"]),
    ("admin", "admin", ["数据管理", "上传政策文件", "当前图谱"]),
]
README_PAGES = {"chains": "chain-page.png", "gaps": "gap-page.png"}


def need_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {CHROMIUM}: .ci/run installs Debian's chromium package")
    pytest.skip(f"no {CHROMIUM}: install it with `apt-get install chromium fonts-noto-cjk` to run the browser test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(where: Path, *, pool: Path | None = None) -> str:
    """A published embedded graph with the seed documents (and the national pool when given)."""
    from graph.store import open_store
    from ingest.load import build

    with open_store(str(where)) as store:
        report = build(store, [SEED_2024, SEED_2025], progress=lambda *_: None)
        assert report.ok, report.failed
        if pool is not None:
            from ingest.pool import load_pool

            load_pool(store, pool)
    return str(where)


@contextmanager
def running_app(store: str, *, timeout: float = 60.0, env: dict | None = None):
    """`streamlit run app.py` on a free port with CHAINKG_STORE=store (and ``env``, e.g. an
    administrator password; none by default); yields the base URL."""
    port = free_port()
    extra = env or {}
    env = {**os.environ, "CHAINKG_STORE": store, "PYTHONUNBUFFERED": "1"}
    env.pop("CHAINKG_ADMIN_PASSWORD", None)
    env.update(extra)
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w") if ARTIFACTS.is_dir() else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {process.returncode}; see {ARTIFACTS}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer at {base} within {timeout:.0f}s")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log is not subprocess.DEVNULL:
            log.close()


def is_external(url: str) -> bool:
    """True for a request that would leave this machine.

    >>> is_external("https://cdn.jsdelivr.net/x.css"), is_external("http://127.0.0.1:8501/static/a.js")
    (True, False)
    >>> is_external("data:image/png;base64,AA"), is_external("ws://localhost:8501/_stcore/stream")
    (False, False)
    """
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") not in LOCAL_HOSTS


@contextmanager
def browser_page(chromium: Path):
    """A Playwright page in headless Chromium; ``page.external`` collects requests to other hosts."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        external: list[str] = []
        context.on("request", lambda request: external.append(request.url) if is_external(request.url) else None)
        page = context.new_page()
        page.external = external
        try:
            yield page
        finally:
            context.close()
            browser.close()


def wait_rendered(page, labels: list[str], *, timeout_ms: int = 30000) -> None:
    """Until the labels show and the script has finished running."""
    for label in labels:
        page.get_by_text(label, exact=False).first.wait_for(state="attached", timeout=timeout_ms)
    page.wait_for_function(
        "() => { const w = document.querySelector('[data-testid=\"stStatusWidget\"]');"
        " return !w || !/Running|Stop|运行/.test(w.innerText); }", timeout=timeout_ms)


def open_page(page, base: str, path: str, labels: list[str]) -> float:
    """Open one page and wait until it has rendered; returns the seconds it took."""
    started = time.perf_counter()
    page.goto(f"{base}/{path}", wait_until="domcontentloaded")
    wait_rendered(page, labels)
    return time.perf_counter() - started


PAGE_HEIGHT = ("() => Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll("
               "'[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stMainBlockContainer]'),"
               " e => e.scrollHeight + Math.max(0, e.getBoundingClientRect().top)))")


def screenshot(page, path: Path, *, width: int = 1440, max_height: int = 4000) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the viewport is grown to fit it
    (until the height settles: tables and charts below the fold draw once they are in view)."""
    before = page.viewport_size
    height = 0
    for _ in range(4):
        wanted = max(600, min(int(page.evaluate(PAGE_HEIGHT)) + 40, max_height))
        if wanted <= height:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(700)
    page.screenshot(path=str(path))
    if before:
        page.set_viewport_size(before)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    need_chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # CHAINKG_BROWSER_STORE=DIR uses a graph built beforehand (e.g. with the national pool, for the README
    # screenshots); CHAINKG_BROWSER_POOL=1 loads the pool into the fresh one (about a minute more).
    store = os.environ.get("CHAINKG_BROWSER_STORE")
    if not store:
        pool = POOL if os.environ.get("CHAINKG_BROWSER_POOL") == "1" and POOL.is_dir() else None
        store = build_store(tmp_path_factory.mktemp("browser") / "graph", pool=pool)
    with running_app(store) as base:
        yield base


def test_every_page_renders_in_a_real_browser_without_leaving_the_machine(app_url):
    chromium = need_chromium()
    problems = []
    with browser_page(chromium) as page:
        for name, path, labels in PAGES:
            try:
                open_page(page, app_url, path, labels)
            except Exception as err:  # noqa: BLE001 - collect every page's problem, then fail once
                screenshot(page, ARTIFACTS / f"{name}.png")
                problems.append(f"{name}: labels {labels} did not all show ({type(err).__name__})")
                continue
            if name == "browse":  # the pyvis drawing has been laid out in its iframe
                page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=20000)
            page.wait_for_timeout(800)
            shot = ARTIFACTS / f"{name}.png"
            screenshot(page, shot)
            if name in README_PAGES and os.environ.get("CHAINKG_README_SHOTS") == "1":
                README_SHOTS.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, README_SHOTS / README_PAGES[name])
            exceptions = page.locator('[data-testid="stException"]')
            if exceptions.count():
                problems.append(f"{name}: exception shown: {exceptions.first.inner_text()[:300]}")
        assert [] == problems
        assert [] == page.external


def test_a_saved_query_runs_in_the_browser(app_url):
    chromium = need_chromium()
    with browser_page(chromium) as page:
        open_page(page, app_url, "cypher", ["Cypher 查询", "运行"])
        page.get_by_role("button", name="运行").click()
        page.get_by_text("结果 ·").first.wait_for(timeout=20000)
        assert 0 == page.locator('[data-testid="stException"]').count()
        assert [] == page.external
