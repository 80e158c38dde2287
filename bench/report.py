"""Turn the results of bench/run.py into a table (stdout) and docs/benchmarks.md.

    .venv/bin/python bench/report.py     # re-render docs/benchmarks.md from the saved JSON

The markdown holds the newest quick run and the newest full run (each kept as JSON beside it, in
docs/benchmarks.quick.json / docs/benchmarks.full.json), the link matcher's figures of
bench/bench_matcher.py (docs/benchmarks.matcher.json), then bench/PROFILE.md: the profiling notes
with the before/after figures of the fixes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "bench" / "PROFILE.md"
MATCHER = ROOT / "docs" / "benchmarks.matcher.json"  # bench/bench_matcher.py
STORES = (("ladybug", "embedded (LadybugDB)"), ("neo4j", "Neo4j"))


def _rate(x) -> str:
    return "–" if x is None else f"{x:,.0f} rows/s"


def _ms(t: dict | None) -> str:
    if not t:
        return "–"
    return f"{t['p50'] * 1000:,.1f} / {t['p95'] * 1000:,.1f} ms"


def _s(t: dict | None) -> str:
    if not t:
        return "–"
    return f"{t['p50']:.2f} / {t['p95']:.2f} s"


def _ratio(a, b) -> float | None:
    if a is None or b is None or not b or (isinstance(a, float) and math.isnan(a)):
        return None
    return a / b


def _x(r: float | None) -> str:
    return "–" if r is None else (f"{r:,.0f}×" if r >= 10 else f"{r:.2f}×")


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("yes" if ok else "**no**")


def _get(d, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def rows(report: dict) -> list[dict]:
    """Every figure with its baseline, the ratio and the goal (goals are for the 1M run)."""
    out = []

    def add(section, measure, store, value, baseline="", base_value="", ratio="–", goal="", met=None):
        out.append({"section": section, "measure": measure, "store": store, "value": value,
                    "baseline": baseline, "base_value": base_value, "ratio": ratio, "goal": goal, "met": _met(met)})

    raw = report.get("raw") or {}
    for key, title in STORES:
        r = report.get(key)
        if not r or "bulk" not in r:
            continue
        bulk = _get(r, "bulk", "rows_per_s")
        merge = _get(r, "merge", "rows_per_s")
        need = 100 if key == "ladybug" else 30
        ratio = _ratio(bulk, merge)
        add("load", f"bulk load, store.write ({r['bulk']['rows']:,} synthetic rows)", title, _rate(bulk),
            f"per-row MERGE ({_get(r, 'merge', 'rows'):,} rows)", _rate(merge), _x(ratio), f"≥ {need}×",
            None if ratio is None else ratio >= need)
        same = _get(r, "merge", "bulk_same_rows", "rows_per_s")
        add("load", f"bulk path, one batch of {_get(r, 'merge', 'bulk_same_rows', 'rows'):,} rows", title,
            _rate(same), "per-row MERGE, same rows", _rate(merge), _x(_ratio(same, merge)))
        tables = _get(raw, "store_tables", "rows_per_s")
        if key == "ladybug" and raw.get("rows_per_s") and tables:
            slower = _ratio(raw["rows_per_s"], tables)
            add("load", "bulk path given Arrow tables (store.write of Batch.tables, the same tables as raw COPY; "
                "ratio: time of the bulk path / time of raw COPY, chunk by chunk side by side into empty stores)",
                title, _rate(tables), "raw COPY FROM (empty database)", _rate(raw["rows_per_s"]), _x(slower),
                "≤ 1.5×", None if slower is None else slower <= 1.5)
        if key == "ladybug" and raw.get("rows_per_s"):
            slower = _ratio(raw["rows_per_s"], bulk)
            note = f" — {raw['note']}" if raw.get("note") else ""
            add("load", "bulk path given Python rows (store.write of Batch rows) vs LadybugDB's raw COPY FROM of the "
                f"same rows as ready-made Arrow tables (ratio of times){note}", title, _rate(bulk),
                "raw COPY FROM (empty database)", _rate(raw["rows_per_s"]), _x(slower), "" if tables else "≤ 1.5×",
                None if slower is None or tables else slower <= 1.5)
            if raw.get("rows_per_s_with_convert"):
                ratio = _ratio(raw["rows_per_s_with_convert"], bulk)
                add("load", "bulk load vs raw COPY FROM of the same Python rows, their conversion to Arrow "
                    "tables included (ratio of times)", title, _rate(bulk), "raw COPY FROM + pa.Table.from_pylist",
                    _rate(raw["rows_per_s_with_convert"]), _x(ratio), "", None)
        up1 = _get(r, "upserts_1", "rows_per_s_median")
        add("load", f"incremental upserts, {_get(r, 'upserts_1', 'batch_rows')[0]:,}-row batches at "
            f"{r['upsert_nodes_1']:,} nodes (median)", title, _rate(up1), "", "", "–", "≥ 30,000 rows/s",
            None if up1 is None else up1 >= 30_000)
        up2 = _get(r, "upserts_2", "rows_per_s_median")
        if up2 is not None:
            ratio = _ratio(up2, up1)
            add("load", f"incremental upserts at {r['upsert_nodes_2']:,} nodes (median)", title, _rate(up2),
                f"at {r['upsert_nodes_1']:,} nodes", _rate(up1), _x(ratio), "no slowdown (≥ 0.9×)",
                None if ratio is None else ratio >= 0.9)
            add("load", "growth load (bulk path, more companies)", title, _rate(_get(r, "grow", "rows_per_s")))
        seed = r.get("seed_load") or {}
        add("load", "seed documents (ingest build)", title, f"{seed.get('documents_s', 0):.1f} s")
        if "pool_s" in seed:
            add("load", f"national pool import ({seed.get('pool_rows', 0):,} rows, relink, coverage)", title,
                f"{seed['pool_s']:.1f} s")
        add("load", "coverage table refresh at scale (graph.gaps.refresh_coverage)", title,
            f"{r.get('refresh_s', 0):.1f} s")

    for key, title in STORES:
        r = report.get(key)
        if not r or "seed_gaps" not in r:
            continue
        limit = 0.050 if key == "ladybug" else 0.200
        for scale, label in (("seed_gaps", "seed + pool"), ("scale_gaps", "synthetic scale")):
            g = r.get(scale)
            if not g:
                continue
            companies = _get(r, "seed_counts" if scale == "seed_gaps" else "scale_counts", "Company") or 0
            where = f"{label}, {companies:,} companies, {g.get('chains', 0):,} chains, {g['links']:,} links"
            at_scale = scale == "scale_gaps"
            for scope, fast, naive, notexists in (
                    ("every chain", "view_all", "naive_all", "notexists_all"),
                    (f"one industry ({g['industry']})", "view_one", "naive_one", "notexists_one")):
                ratio = _ratio(_get(g, naive, "p50"), _get(g, fast, "p50"))
                p95 = _get(g, fast, "p95")
                ok = None
                goal = at_scale and scope == "every chain"
                if goal and p95 is not None and ratio is not None:
                    ok = p95 <= limit and ratio >= 100
                add("gaps", f"gap view from the coverage table (a row per chain: links by status, its 缺链 / 弱链 "
                    f"links), {scope} — {where} (p50 / p95)", title, _ms(g.get(fast)),
                    "the same view worked out live (COVERS + local makers, counted per link)", _ms(g.get(naive)),
                    _x(ratio), f"p95 ≤ {limit * 1000:.0f} ms and ≥ 100×" if goal else "", ok)
                if g.get(notexists):
                    add("gaps", f"gap view from the coverage table, {scope} — {label}, against the 缺链 links "
                        f"alone (NOT EXISTS, stops at the first local company)", title, _ms(g.get(fast)),
                        "naive NOT EXISTS, live", _ms(g.get(notexists)),
                        _x(_ratio(_get(g, notexists, "p50"), _get(g, fast, "p50"))))
            for scope, key2 in (("every chain", "links_all"), ("one industry", "links_one")):
                if g.get(key2):
                    add("gaps", f"link rows from the coverage table (local_count, status), {scope} — {label} "
                        f"(p50 / p95)", title, _ms(g[key2]))
            for scope, key2 in (("every chain", "analyse_all"), ("one industry", "analyse_one")):
                if g.get(key2):
                    add("gaps", f"full gap analysis graph.gaps.analyse from the coverage table (candidates, local "
                        f"companies, context), {scope} — {label} (p50 / p95)", title, _s(g[key2]),
                        "worked out live (analyse(live=True)), every chain" if g.get("analyse_live_all") else "",
                        _s(g.get("analyse_live_all")) if g.get("analyse_live_all") else "",
                        _x(_ratio(_get(g, "analyse_live_all", "p50"), g[key2]["p50"])) if g.get("analyse_live_all")
                        else "–")
            if g.get("naive_view_status"):
                add("gaps", f"links 缺链 / 弱链 / 强链: coverage table vs the same view worked out live — {label}",
                    title, " / ".join(f"{g['status'].get(s, 0):,}" for s in ("缺链", "弱链", "强链")),
                    "live (counts a company that is both listed and a maker twice; no 规上 rule)",
                    " / ".join(f"{g['naive_view_status'].get(s, 0):,}" for s in ("缺链", "弱链", "强链")))
            add("gaps", f"缺链 links: coverage table vs naive query — {label}", title,
                f"{g['status'].get('缺链', 0):,} / {g['naive_missing']:,} (both: {g['naive_agrees']:,})",
                "", "", "–", "", None)

    for key, title in STORES:
        b = _get(report, key, "browse")
        if not b:
            continue
        for depth in (1, 2, 3):
            d = b[f"depth{depth}"]
            add("browse", f"neighbourhood depth {depth}, cap {b['cap']} (p50 / p95; up to {d['max_nodes']} nodes)",
                title, _ms(d))

    pages = report.get("pages") or {}
    if pages.get("pages"):
        for name, p in pages["pages"].items():
            limit = 2.0 if "browse" in name else 1.5 if any(w in name for w in ("chains", "gaps", "产业链", "缺链")) \
                else None
            how = "from the sidebar of the open app" if "侧栏" in name else "opened by its URL (Streamlit loads anew)"
            add("pages", f"{name} — {how}: p50 (first load, caches cold: {p['first']:.2f} s; slowest "
                f"{p['max']:.2f} s)",
                "embedded (LadybugDB)", f"{p['p50']:.2f} s", "", "", "–", f"≤ {limit:g} s" if limit else "",
                p["p50"] <= limit if limit else None)
    else:
        add("pages", "app pages in headless Chromium", "embedded (LadybugDB)",
            f"not measured ({pages.get('error', 'no result')})")

    for key, title in STORES:
        r = report.get(key)
        if not r or "build_peak_rss_mb" not in r:
            continue
        peak = r["build_peak_rss_mb"]
        add("memory", "peak RSS of the build process (seed + pool + synthetic load)", title, f"{peak:,.0f} MB",
            "", "", "–", "< 4 GB" if key == "ladybug" else "", (peak < 4096) if key == "ladybug" else None)
        add("memory", "peak RSS of the whole benchmark process", title, f"{r.get('process_peak_rss_mb', 0):,.0f} MB")
        server = _get(r, "server", "server_peak_rss_mb")
        if server:
            add("memory", f"Neo4j server peak RSS ({_get(r, 'server', 'heap')})", title, f"{server:,.0f} MB")
    if raw.get("peak_rss_mb"):
        add("memory", "peak RSS of the raw COPY FROM process (with the Arrow-table store beside it)",
            "embedded (LadybugDB)", f"{raw['peak_rss_mb']:,.0f} MB")
    if pages.get("app_peak_rss_mb"):
        add("memory", "peak RSS of the app process (streamlit) while the pages were measured", "embedded (LadybugDB)",
            f"{pages['app_peak_rss_mb']:,.0f} MB")
    return out


def header(report: dict) -> list[str]:
    m = report["machine"]
    neo = report.get("neo4j")
    if neo:
        neo_line = f"Neo4j: {_get(neo, 'server', 'version') or '?'} at {report.get('neo4j_uri')}"
    elif report.get("neo4j_uri"):
        neo_line = f"Neo4j: not measured (the run stopped before it; server {report['neo4j_uri']})"
    else:
        neo_line = "Neo4j: not measured (no server)"
    cfg = report["config"]
    return [
        f"- date: {report['date']}; command: `{report['command']}`; wall time {report['wall_s'] / 60:.1f} min",
        f"- machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}; {m['os']}",
        f"- load average at start / end: {' '.join(f'{x:.1f}' for x in m['load_start'])} / "
        f"{' '.join(f'{x:.1f}' for x in m.get('load_end', ()))} (the machine is shared: other jobs ran beside)",
        f"- Python {m['python']}, ladybug {m['ladybug']}, neo4j driver {m['neo4j_driver']}; {neo_line}",
        f"- synthetic scale: {cfg['companies']:,} companies (bench/generate.py, seed 7), batches of "
        f"{cfg['chunk']:,} companies (Neo4j {cfg['neo4j_chunk']:,}); upsert batches of {cfg['upsert_rows']:,} rows; "
        f"per-row MERGE sample {cfg['merge_rows']:,} rows",
    ]


def table(report: dict) -> str:
    lines = [f"benchmarks ({report['mode']}, {report['config']['companies']:,} companies)"]
    lines += [h[2:] for h in header(report)]
    section = None
    for r in rows(report):
        if r["section"] != section:
            section = r["section"]
            lines.append(f"\n== {section}")
        base = f"  vs {r['baseline']}: {r['base_value']}  ratio {r['ratio']}" if r["baseline"] else ""
        goal = f"  [goal {r['goal']}: {r['met'].strip('*')}]" if r["goal"] else ""
        lines.append(f"{r['store']:<22} {r['measure']}: {r['value']}{base}{goal}")
    return "\n".join(lines)


def markdown(report: dict) -> list[str]:
    title = "Full run: 1,000,000 companies" if report["mode"] == "full" else \
        f"Quick run: {report['config']['companies']:,} companies"
    out = [f"## {title}", ""] + header(report) + [""]
    if not report.get("complete", True):
        out += ["**This run is incomplete: it stopped (or is still running) after the figures below.**", ""]
    section = None
    for r in rows(report):
        if r["section"] != section:
            section = r["section"]
            out += ["", f"### {section}", "",
                    "| measure | store | figure | baseline | baseline figure | ratio | goal (1M run) | met |",
                    "|---|---|---|---|---|---|---|---|"]
        out.append(f"| {r['measure']} | {r['store']} | {r['value']} | {r['baseline']} | {r['base_value']} | "
                   f"{r['ratio']} | {r['goal']} | {r['met'] if r['goal'] else ''} |")
    errors = [f"- {k}: {v['error']}" for k, v in report.items() if isinstance(v, dict) and v.get("error")]
    if errors:
        out += ["", "Problems in this run:", *errors]
    return out + [""]


def matcher_markdown(m: dict) -> list[str]:
    """The section of bench/bench_matcher.py (docs/benchmarks.matcher.json): the link matcher's
    throughput beside a naive per-term loop measured in the same run, and the coverage refresh."""
    out = ["", "## Link matcher (issue 13): business scopes against every link definition", "",
           f"- date: {m['date']}; command: `bench/bench_matcher.py`; Python {m['python']}, {m['cpus']} CPUs; load "
           f"average {m['load_average_before']} before, {m['load_average_after']} after (the machine is shared)",
           f"- {m['definitions']} link definitions (every link of graph/lexicon/industry_chains.json), "
           f"{m['automaton_keys']:,} automaton keys, built in {m['build_seconds']} s; synthetic 经营范围 texts of "
           f"{m['mean_scope_chars']} characters on average", "",
           "| measure | companies | seconds | companies / s | companies / CPU second |", "|---|---|---|---|---|",
           f"| Aho-Corasick matcher (graph/matcher.py, segment cache on) | {m['companies']:,} | {m['seconds']} | "
           f"**{m['companies_per_second']:,}** | {m['companies_per_cpu_second']:,} |",
           f"| the same, segment cache off | {m['companies']:,} | {m['uncached_seconds']} | "
           f"{m['uncached_companies_per_second']:,} | {m['uncached_companies_per_cpu_second']:,} |",
           f"| naive loop: every term of every definition tested with `in` | {m['naive_companies']:,} | "
           f"{m['naive_seconds']} | {m['naive_companies_per_second']:,} | {m['naive_companies_per_cpu_second']:,} |",
           "", f"Both matcher runs placed {m['companies_matched']:,} companies on {m['placements']:,} links."]
    r = m.get("refresh_at_scale")
    if r:
        out += ["", f"Coverage refresh (graph.gaps.refresh_coverage: definitions, the matcher over the makers of "
                    f"the terms, statuses, candidates) with the seeds, the national pool and {r['companies']:,} "
                    f"synthetic companies ({r['bulk_rows']:,} rows) on the embedded store: **{r['refresh_seconds']} s** "
                    f"({r['refresh_cpu_seconds']} CPU s); {r['links']:,} links, statuses {r['statuses']}."]
        full = ROOT / "docs" / "benchmarks.full.json"
        before = json.loads(full.read_text(encoding="utf-8")).get("ladybug", {}).get("refresh_s") if full.exists() else None
        if before:
            out += [f"The full run above (exact product-name matching, before link definitions) refreshed in "
                    f"{before:.1f} s: reading the makers of every chain product and matching them against the "
                    "definitions costs that much more at a million companies."]
    return out


def render(report: dict, previous: Path | None = None) -> str:
    """docs/benchmarks.md: this run and the newest run of the other mode (from its JSON)."""
    reports = {report["mode"]: report}
    if previous is not None:
        other = "quick" if report["mode"] == "full" else "full"
        path = previous.with_suffix(f".{other}.json")
        if path.exists():
            reports[other] = json.loads(path.read_text(encoding="utf-8"))
    out = ["# Benchmarks", "",
           "Generated by `make bench` (quick set) and `make bench-full` (1M companies) — `bench/run.py`; do not edit.",
           "Each figure is measured in the same run as its baseline, on the same machine; p50 / p95 are",
           "wall-clock latencies over repeated runs after one warm-up. Goals are those of the 1M run (issue 7);",
           "the quick run shows the same measures at a small scale. Neo4j's database is emptied by the run.", ""]
    for mode in ("full", "quick"):
        if mode in reports:
            out += markdown(reports[mode])
    if MATCHER.exists():
        out += matcher_markdown(json.loads(MATCHER.read_text(encoding="utf-8")))
    if PROFILE.exists():
        out += ["", PROFILE.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(out)


def main() -> int:
    """Re-render docs/benchmarks.md from the JSON of the newest runs (after editing this module)."""
    out = ROOT / "docs" / "benchmarks.md"
    runs = [json.loads(p.read_text(encoding="utf-8")) for mode in ("quick", "full")
            if (p := out.with_suffix(f".{mode}.json")).exists()]
    if not runs:
        print("no results yet: run `make bench` first")
        return 1
    out.write_text(render(runs[-1], previous=out), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
