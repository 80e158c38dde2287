"""Page render times in a real browser: the chain, gap and browse pages (no asserts; a report).

    .venv/bin/python bench/bench_pages.py [--store DIR] [--runs N] [--pool DIR]

Without --store it builds a fresh embedded graph in a temporary directory from the seed documents
and the national pool (../shared/datasets/chain-kg, or --pool). It starts `streamlit run app.py` on
a free port, opens each page N times in headless Chromium (a fresh page each time) and reports the
first (cold-cache) load and the median (p50) and slowest of the other loads: from navigation until
the page's key labels are shown and the script has finished.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import POOL  # noqa: E402
from tests.test_browser import (  # noqa: E402
    CHROMIUM,
    browser_page,
    build_store,
    open_page,
    running_app,
    wait_rendered,
)

PAGES = {
    "产业链 (chains?industry=化学药)": ("chains?industry=化学药&link=中间体", ["环节: 中间体", "本地企业"]),
    "缺链招商 (gaps)": ("gaps", ["缺链清单", "下载 CSV"]),
    "图谱浏览 (browse, 化学药 depth 1)": ("browse?node=Industry:化学药", ["中心: 化学药", "选择图中的节点"]),
}


BOOT = "Streamlit 启动 (导航栏出现)"
# the same pages reached from the sidebar of an open app (no reload of Streamlit's scripts): what a
# user sees moving between pages
IN_APP = {
    "产业链, 从侧栏进入 (首个产业)": ("chains", ["选择环节查看详情", "本地企业"]),
    "缺链招商, 从侧栏进入": ("gaps", ["缺链清单", "下载 CSV"]),
}


def measure(base: str, runs: int) -> dict[str, list[float]]:
    """Seconds per load, by page; BOOT: until Streamlit's own navigation showed (what every page pays)."""
    times: dict[str, list[float]] = {name: [] for name in [*PAGES, BOOT]}
    with browser_page(CHROMIUM) as page:
        for name, (path, labels) in PAGES.items():
            for _ in range(runs + 1):  # the first load fills the app's caches
                page.goto("about:blank")
                started = time.perf_counter()
                page.goto(f"{base}/{path}", wait_until="commit")
                page.locator('[data-testid="stSidebarNav"]').first.wait_for(timeout=30000)
                times[BOOT].append(time.perf_counter() - started)
                page.goto("about:blank")
                seconds = open_page(page, base, path, labels)
                if path.startswith("browse"):  # count the drawing too
                    started = time.perf_counter()
                    page.frame_locator("iframe").first.locator("canvas").first.wait_for(timeout=30000)
                    seconds += time.perf_counter() - started
                times[name].append(seconds)
        page.goto(f"{base}/", wait_until="domcontentloaded")  # the default page, 总览
        wait_rendered(page, ["产业链知识图谱 · 总览"])
        for name, (path, labels) in IN_APP.items():
            times[name] = []
            for _ in range(runs + 1):
                started = time.perf_counter()
                page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
                wait_rendered(page, labels)
                times[name].append(time.perf_counter() - started)
                page.locator('[data-testid="stSidebarNav"] a').first.click()  # back to 总览
                wait_rendered(page, ["产业链知识图谱 · 总览"])
        if page.external:
            print(f"WARNING: requests to other hosts: {page.external[:5]}", file=sys.stderr)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="an embedded store directory that is already built")
    parser.add_argument("--pool", default=str(POOL), help="the national pool to load when building")
    parser.add_argument("--runs", type=int, default=5, help="loads per page after the first (default 5)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"no {CHROMIUM}: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="chainkg-bench-") as tmp:
        store = args.store
        if store is None:
            pool = Path(args.pool) if args.pool and Path(args.pool).is_dir() else None
            started = time.perf_counter()
            store = build_store(Path(tmp) / "graph", pool=pool)
            print(f"built the graph (seeds{' + pool' if pool else ''}) in {time.perf_counter() - started:.1f} s")
        with running_app(store) as base:
            times = measure(base, args.runs)
    load = os.getloadavg()[0]
    print(f"\n{'page':<36} {'first':>7} {'p50':>7} {'max':>7}  (seconds, {args.runs} loads after the first; "
          f"load average {load:.1f} on {os.cpu_count()} CPUs)")
    for name, values in times.items():
        rest = values[1:]
        print(f"{name:<36} {values[0]:7.2f} {statistics.median(rest):7.2f} {max(rest):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
