"""Benchmarks, measured side by side in one run: loads, upserts, gap queries, browsing, pages, memory.

    .venv/bin/python bench/run.py --quick          # `make bench`: 50,000 companies, a few minutes
    .venv/bin/python bench/run.py --full           # `make bench-full`: 1,000,000 companies

For each store (the embedded LadybugDB store in a temporary directory, and Neo4j when a server
answers at CHAINKG_BENCH_NEO4J or bolt://127.0.0.1:7687 with NEO4J_PASSWORD — its database is
emptied first) one process:

1. loads the seed documents and the national pool (../shared/datasets/chain-kg) and times gap
   queries at that scale;
2. bulk-loads the synthetic graph of ``bench/generate.py`` through ``store.write`` (the project's
   bulk path), refreshes the coverage table (graph.gaps.refresh_coverage) and times the gap and
   browse queries again at that scale;
3. times incremental upserts (new companies with their products, and updates of existing ones),
   grows the graph and times them again;
4. loads a small sample with one ``MERGE`` statement per row (the pattern of the ChainKnowledgeGraph
   loader) and the same number of rows through ``store.write``.

Besides: LadybugDB's own ``COPY FROM`` of the same synthetic rows into an empty database (the
ceiling for the embedded bulk path), and the app pages in headless Chromium on the embedded store
(bench/bench_pages.py) with the app process's peak memory. Results print as a table and go to
docs/benchmarks.md (``--out``). Nothing here asserts a time: it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import BLOCK, Generator, Scale  # noqa: E402

POOL = ROOT.parent / "shared" / "datasets" / "chain-kg"
DOCS = ROOT / "data" / "docs"
OUT = ROOT / "docs" / "benchmarks.md"
DEFAULT_NEO4J = "bolt://127.0.0.1:7687"

# analyse_runs: runs of the whole graph.gaps.analyse at the seed scale; analyse_scale_runs: at the
# synthetic scale, per store (0 = not measured there; the gap page in the browser measures it too).
MODES = {
    "quick": {"companies": 50_000, "chunk": 25_000, "neo4j_chunk": 10_000, "upsert_rows": 20_000, "upserts": 3,
              "grow": 50_000, "neo4j_grow": 0, "merge_rows": 1_000, "gap_runs": 20, "naive_runs": 3,
              "analyse_runs": 2, "analyse_scale_runs": {"ladybug": 3, "neo4j": 3}, "browse_runs": 1,
              "browse_centres": {"ladybug": 6, "neo4j": 3}, "page_runs": 1, "pool": True},
    "full": {"companies": 1_000_000, "chunk": 100_000, "neo4j_chunk": 20_000, "upsert_rows": 50_000, "upserts": 3,
             "grow": 1_000_000, "neo4j_grow": 0, "merge_rows": 3_000, "gap_runs": 30, "naive_runs": 5,
             "analyse_runs": 3, "analyse_scale_runs": {"ladybug": 5, "neo4j": 5}, "browse_runs": 2,
             "browse_centres": {"ladybug": 6, "neo4j": 3}, "page_runs": 2, "pool": True},
}

# The gap view of every chain from the coverage table that ingest maintains (graph.gaps.refresh_coverage):
# one row per chain with its links by status and its 缺链 / 弱链 links (Chain.*_count, gap_links).
GAP_VIEW = """
MATCH (ch:Chain)
WHERE coalesce(ch.is_industrial_chain, true) = true {extra}
RETURN ch.industry AS industry, ch.id AS chain, ch.link_count AS links, ch.missing_count AS missing,
       ch.weak_count AS weak, ch.strong_count AS strong, ch.completeness AS completeness, ch.gap_links AS gap_links
"""
# The same, one row per link (ChainLink.local_count / status).
LINK_VIEW = """
MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE coalesce(ch.is_industrial_chain, true) = true {extra}
RETURN ch.industry AS industry, ch.id AS chain, l.id AS link, l.name AS name, l.position AS position,
       l.local_count AS local_count, l.status AS status
"""
# The naive gap query: the same view worked out live, counting each link's local companies from
# COVERS (documents, company lists, users) and MAKES (local makers of one of the link's product terms,
# ChainLink.terms: its name, synonyms, sub-categories), each term looked up by the Product key.
NAIVE_VIEW = """
MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE coalesce(ch.is_industrial_chain, true) = true {extra}
OPTIONAL MATCH (c:Company)-[v:COVERS]->(l) WHERE c.local = true AND v.via <> 'pool'
WITH ch, l, collect(DISTINCT c.id) AS listed
UNWIND l.terms AS term
OPTIONAL MATCH (m:Company)-[:MAKES]->(p:Product {{id: term}}) WHERE m.local = true
WITH ch, l, listed, collect(DISTINCT m.id) AS made
WITH ch, l, size(listed) + size(made) AS n
RETURN ch.industry AS industry, ch.id AS chain, count(l) AS links,
       count(CASE WHEN n = 0 THEN 1 END) AS missing, count(CASE WHEN n > 0 AND n < $k THEN 1 END) AS weak,
       count(CASE WHEN n >= $k THEN 1 END) AS strong, collect(CASE WHEN n < $k THEN l.name END) AS gap_links
"""
# The naive NOT EXISTS query: only the 缺链 links, live (the product named like the link only).
NAIVE_GAPS = """
MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE coalesce(ch.is_industrial_chain, true) = true {extra}
  AND NOT EXISTS {{ MATCH (c:Company)-[v:COVERS]->(l) WHERE c.local = true AND v.via <> 'pool' }}
  AND NOT EXISTS {{ MATCH (c:Company)-[:MAKES]->(p:Product) WHERE c.local = true AND p.id = l.name }}
RETURN ch.industry AS industry, ch.id AS chain, l.id AS link, l.name AS name, l.position AS position
"""
ONE_INDUSTRY = "AND ch.industry = $industry"


# --- small helpers ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timings(fn, runs: int, warm: int = 1) -> dict:
    for _ in range(warm):
        fn()
    values = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        values.append(time.perf_counter() - t)
    return {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95), "runs": runs}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def scale_for(cfg: dict) -> Scale:
    return Scale().scaled(cfg["companies"])


# --- one store, end to end (runs in its own process) ---------------------------------------------


def open_bench_store(kind: str, location: str):
    from graph.store import open_store

    store = open_store(location)
    if kind == "neo4j":
        with store._driver.session(database=store.database) as session:
            # relationships first, in small transactions: a hub's DETACH DELETE can exceed the memory pool
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume()
        store.ensure_schema()
    return store


def load_seed(store, cfg: dict) -> dict:
    from ingest.load import build, document_files

    out = {}
    t = time.perf_counter()
    report = build(store, document_files(DOCS), progress=lambda m: None)
    out["documents_s"] = time.perf_counter() - t
    if report.failed:
        raise SystemExit(f"seed documents failed: {report.failed}")
    if cfg["pool"] and POOL.is_dir():
        from ingest.pool import load_pool

        t = time.perf_counter()
        pool = load_pool(store, POOL)
        out["pool_s"] = time.perf_counter() - t
        out["pool_rows"] = pool.rows
    return out


def biggest_industry(store) -> str | None:
    rows = store.read("MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink) WHERE coalesce(ch.is_industrial_chain, true) = true "
                      "RETURN ch.industry AS industry, count(l) AS n")
    rows = [r for r in rows if r["industry"]]
    return max(rows, key=lambda r: (r["n"], r["industry"]))["industry"] if rows else None


def gap_bench(store, cfg: dict, *, industry: str | None, analyse_runs: int) -> dict:
    from graph import gaps

    out = {"industry": industry}
    params = {"industry": industry}
    naive_params = {"k": gaps.default_k()}
    view_all, view_one = GAP_VIEW.format(extra=""), GAP_VIEW.format(extra=ONE_INDUSTRY)
    links_all, links_one = LINK_VIEW.format(extra=""), LINK_VIEW.format(extra=ONE_INDUSTRY)
    naive_all, naive_one = NAIVE_VIEW.format(extra=""), NAIVE_VIEW.format(extra=ONE_INDUSTRY)
    notexists_all, notexists_one = NAIVE_GAPS.format(extra=""), NAIVE_GAPS.format(extra=ONE_INDUSTRY)
    rows = store.read(links_all)
    out["links"] = len(rows)
    out["chains"] = len(store.read(view_all))
    out["status"] = {s: sum(1 for r in rows if r["status"] == s) for s in gaps.STATUSES}
    out["view_all"] = timings(lambda: store.read(view_all), cfg["gap_runs"])
    out["view_one"] = timings(lambda: store.read(view_one, params), cfg["gap_runs"])
    out["links_all"] = timings(lambda: store.read(links_all), cfg["gap_runs"])
    out["links_one"] = timings(lambda: store.read(links_one, params), cfg["gap_runs"])
    missing = store.read(notexists_all)
    out["naive_missing"] = len(missing)
    table_missing = {r["link"] for r in rows if r["status"] == gaps.MISSING}
    out["naive_agrees"] = len(table_missing & {r["link"] for r in missing})
    live = store.read(naive_all, naive_params)
    out["naive_view_status"] = {gaps.MISSING: sum(r["missing"] for r in live), gaps.WEAK: sum(r["weak"] for r in live),
                                gaps.STRONG: sum(r["strong"] for r in live)}
    out["naive_all"] = timings(lambda: store.read(naive_all, naive_params), cfg["naive_runs"])
    out["naive_one"] = timings(lambda: store.read(naive_one, {**params, **naive_params}), cfg["naive_runs"])
    out["notexists_all"] = timings(lambda: store.read(notexists_all), cfg["naive_runs"])
    out["notexists_one"] = timings(lambda: store.read(notexists_one, params), cfg["naive_runs"])
    if analyse_runs:
        out["analyse_all"] = timings(lambda: gaps.analyse(store), analyse_runs)
        out["analyse_one"] = timings(lambda: gaps.analyse(store, industry=industry), analyse_runs)
        out["analyse_live_all"] = timings(lambda: gaps.analyse(store, live=True), 1, warm=0)
    return out


def browse_centres(store, gen: Generator) -> list[tuple[str, str]]:
    top_product = gen.products[int(gen.product_cdf[1][0])]
    top_county = gen.counties[int(gen.county_cdf[1][0])]
    centres = [("Product", top_product), ("County", top_county), ("Company", "000000.SH"),
               ("ChainLink", gen.links[0]["id"]), ("Industry", gen.industries[0])]
    seed = store.read("MATCH (i:Industry {id: '化学药'}) RETURN i.id AS id")
    if seed:
        centres.append(("Industry", "化学药"))
    return centres


def browse_bench(store, gen: Generator, cfg: dict, kind: str) -> dict:
    from graph import browse

    centres = browse_centres(store, gen)[: cfg["browse_centres"][kind]]
    out = {"centres": [f"{label}:{id_}" for label, id_ in centres], "cap": browse.DEFAULT_CAP}
    for depth in (1, 2, 3):
        values, nodes = [], []
        for label, node_id in centres:
            browse.neighbourhood(store, label, node_id, depth=depth)  # warm
            for _ in range(cfg["browse_runs"]):
                t = time.perf_counter()
                g = browse.neighbourhood(store, label, node_id, depth=depth)
                values.append(time.perf_counter() - t)
                nodes.append(len(g.nodes))
        out[f"depth{depth}"] = {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95),
                                "runs": len(values), "max_nodes": max(nodes)}
    return out


def bulk_load(store, batches, skip_last: bool = True) -> dict:
    """Write every batch through store.write; the last one (the coverage table) is timed apart."""
    rows = 0
    seconds = 0.0
    last = None
    for b in batches:
        if last is not None:
            t = time.perf_counter()
            store.write(last)
            seconds += time.perf_counter() - t
            rows += len(last)
        last = b
    out = {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else 0.0}
    if last is not None:
        t = time.perf_counter()
        store.write(last)
        out["last_rows"], out["last_s"] = len(last), time.perf_counter() - t
    return out


def grow(store, gen: Generator, first: int, companies: int, chunk: int) -> tuple[dict, int]:
    """Add ``companies`` more companies (with their products) from company number ``first``."""
    from graph.store import Batch

    rows, seconds, nxt = 0, 0.0, first
    while nxt < first + companies:
        b = Batch()
        while len(b.nodes.get("Company", [])) < chunk and nxt < first + companies:
            b.extend(gen.company_block(0, first_id=nxt))
            nxt += BLOCK
        t = time.perf_counter()
        store.write(b)
        seconds += time.perf_counter() - t
        rows += len(b)
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else 0.0}, nxt


def upsert_bench(store, gen: Generator, cfg: dict, first: int, round_base: int) -> tuple[dict, int]:
    values, sizes, nxt = [], [], first
    for i in range(cfg["upserts"]):
        batch, nxt = gen.upsert_batch(cfg["upsert_rows"], first_new=nxt, round_no=round_base + i)
        t = time.perf_counter()
        store.write(batch)
        seconds = time.perf_counter() - t
        values.append(len(batch) / seconds)
        sizes.append(len(batch))
    return {"rows_per_s_median": statistics.median(values), "rows_per_s_min": min(values),
            "rows_per_s": values, "batch_rows": sizes}, nxt


def sample_rows(gen: Generator, first: int, rows: int) -> tuple[list[dict], list[dict], int]:
    """About ``rows`` rows of new companies and their MAKES, for the per-row loader."""
    companies, makes, nxt = [], [], first
    while len(companies) + len(makes) < rows:
        block = gen.company_block(0, first_id=nxt)
        nxt += BLOCK
        by_company: dict[str, list[dict]] = {}
        for r in block.rels["MAKES"]:
            by_company.setdefault(r["src"], []).append(r)
        for c in block.nodes["Company"]:
            if len(companies) + len(makes) >= rows:
                break
            companies.append(c)
            makes.extend(by_company.get(c["id"], []))
    return companies, makes, nxt


def merge_statements(companies: list[dict], makes: list[dict]):
    """One parameterised MERGE statement per row: the ChainKnowledgeGraph loader's pattern."""
    for c in companies:
        props = {k: v for k, v in c.items() if k != "id" and v is not None}
        sets = ", ".join(f"n.{k} = ${k}" for k in props)
        yield f"MERGE (n:Company {{id: $id}}) SET {sets}", {"id": c["id"], **props}
    for r in makes:
        yield ("MATCH (a:Company {id: $src}) MATCH (b:Product {id: $dst}) MERGE (a)-[r:MAKES]->(b) "
               "SET r.weight = $weight, r.source = $source",
               {"src": r["src"], "dst": r["dst"], "weight": r["weight"], "source": r["source"]})


def merge_bench(store, kind: str, gen: Generator, cfg: dict, first: int) -> tuple[dict, int]:
    from graph.store import Batch

    companies, makes, nxt = sample_rows(gen, first, cfg["merge_rows"])
    statements = list(merge_statements(companies, makes))
    t = time.perf_counter()
    if kind == "ladybug":
        conn = store._conn
        for cypher, params in statements:
            conn.execute(cypher, params)  # auto-commit, one transaction a row
    else:
        with store._driver.session(database=store.database) as session:
            for cypher, params in statements:
                session.run(cypher, params).consume()  # auto-commit, one transaction a row
    seconds = time.perf_counter() - t
    out = {"rows": len(statements), "seconds": seconds, "rows_per_s": len(statements) / seconds}
    # the same number of rows (other new companies) through the bulk path, as one batch
    companies, makes, nxt = sample_rows(gen, nxt, cfg["merge_rows"])
    batch = Batch(nodes={"Company": companies}, rels={"MAKES": makes})
    t = time.perf_counter()
    store.write(batch)
    seconds = time.perf_counter() - t
    out["bulk_same_rows"] = {"rows": len(batch), "seconds": seconds, "rows_per_s": len(batch) / seconds}
    return out, nxt


def total_nodes(store) -> int:
    return sum(store.counts().values())


def store_phase(kind: str, location: str, cfg: dict) -> dict:
    from graph import gaps

    res: dict = {"kind": kind}
    gen = Generator(scale_for(cfg))
    chunk = cfg["chunk"] if kind == "ladybug" else cfg["neo4j_chunk"]
    log(f"{kind}: opening {location}")
    store = open_bench_store(kind, location)
    try:
        log(f"{kind}: seed documents and national pool")
        res["seed_load"] = load_seed(store, cfg)
        res["seed_counts"] = store.counts()
        seed_industry = "化学药" if store.read("MATCH (i:Industry {id: '化学药'}) RETURN i.id AS id") else None
        log(f"{kind}: gap queries at the seed scale")
        res["seed_gaps"] = gap_bench(store, cfg, industry=seed_industry or biggest_industry(store),
                                     analyse_runs=cfg["analyse_runs"])

        log(f"{kind}: bulk load of {cfg['companies']:,} synthetic companies")
        res["bulk"] = bulk_load(store, gen.batches(chunk))
        res["build_peak_rss_mb"] = peak_rss_mb()
        res["scale_counts"] = store.counts()
        log(f"{kind}: bulk {res['bulk']['rows']:,} rows in {res['bulk']['seconds']:.1f} s")
        t = time.perf_counter()
        res["refresh"] = gaps.refresh_coverage(store)
        res["refresh_s"] = time.perf_counter() - t
        log(f"{kind}: coverage refreshed in {res['refresh_s']:.1f} s; gap queries at scale")
        res["scale_gaps"] = gap_bench(store, cfg, industry=biggest_industry(store),
                                      analyse_runs=cfg["analyse_scale_runs"][kind])
        log(f"{kind}: browse queries")
        res["browse"] = browse_bench(store, gen, cfg, kind)

        nxt = gen.scale.companies
        res["upsert_nodes_1"] = total_nodes(store)
        log(f"{kind}: upserts at {res['upsert_nodes_1']:,} nodes")
        res["upserts_1"], nxt = upsert_bench(store, gen, cfg, nxt, 0)
        growth = cfg["grow"] if kind == "ladybug" else cfg["neo4j_grow"]
        if growth:
            log(f"{kind}: growing by {growth:,} companies")
            res["grow"], nxt = grow(store, gen, nxt, growth, chunk)
            res["upsert_nodes_2"] = total_nodes(store)
            log(f"{kind}: upserts at {res['upsert_nodes_2']:,} nodes")
            res["upserts_2"], nxt = upsert_bench(store, gen, cfg, nxt, 100)
        log(f"{kind}: per-row MERGE sample of {cfg['merge_rows']:,} rows")
        res["merge"], nxt = merge_bench(store, kind, gen, cfg, nxt)
        res["final_counts"] = store.counts()
        res["peak_rss_mb"] = peak_rss_mb()
    finally:
        t = time.perf_counter()
        store.close()
        res["close_s"] = time.perf_counter() - t
    if kind == "neo4j":
        res["server"] = neo4j_server_info(location)
    return res


def neo4j_server_info(location: str) -> dict:
    out = {}
    try:
        from graph.store import open_store

        with open_store(location) as store:
            rows = store.read("CALL dbms.components() YIELD name, versions, edition "
                              "RETURN name, versions[0] AS version, edition")
            out["version"] = f"{rows[0]['name']} {rows[0]['version']} {rows[0]['edition']}" if rows else "?"
    except Exception as err:  # noqa: BLE001 - a report line, not a failure
        out["version"] = f"unknown ({err})"
    port = location.rsplit(":", 1)[-1].strip("/")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "Launcher.java" in cmd and f"--port {port}" in cmd:
            out["server_peak_rss_mb"] = _vm_hwm(int(pid))
            out["heap"] = " ".join(a for a in cmd.split() if a.startswith("-Xmx"))
    return out


# --- LadybugDB's raw COPY FROM (the ceiling) ---------------------------------------------------------


def table_batch(batch, tables) -> object:
    """The batch's rows as Batch.tables: the Arrow tables made for raw COPY, with the project's
    column names (and src_label / dst_label where a type joins several pairs of labels)."""
    import pyarrow as pa

    from graph import ontology
    from graph.store import Batch

    out = Batch(deletes=list(batch.deletes))
    for name, table, src, dst in tables:
        if src is None:
            out.add_table(name, table)
            continue
        table = table.rename_columns(["src", "dst", *table.column_names[2:]])
        if len(ontology.rel_kind(name).ends) > 1:  # say which pair of labels the rows join
            table = table.append_column("src_label", pa.array([src] * table.num_rows, pa.string()))
            table = table.append_column("dst_label", pa.array([dst] * table.num_rows, pa.string()))
        out.add_table(name, table)
    return out


def raw_copy_phase(cfg: dict) -> dict:
    """LadybugDB's raw COPY FROM of the synthetic rows into an empty database, and, chunk by chunk
    beside it, the store's bulk path given the same Arrow tables (Batch.tables) into an empty store."""
    import ladybug

    from bench.generate import arrow_tables
    from graph import ontology
    from graph.store import open_store

    gen = Generator(scale_for(cfg))
    where = Path(tempfile.mkdtemp(prefix="chainkg-bench-raw-"))
    try:
        db = ladybug.Database(str(where / "db"))
        conn = ladybug.Connection(db)
        conn.execute("CALL auto_checkpoint=false")  # as the store's writer: one checkpoint at the end
        for statement in ontology.ladybug_ddl():
            conn.execute(statement)
        store = open_store(str(where / "graph"))
        rows, seconds, convert, store_rows, store_seconds = 0, 0.0, 0.0, 0, 0.0
        batches = list_but_last(gen.batches(cfg["chunk"]))
        for b in batches:
            t = time.perf_counter()
            tables = arrow_tables(b)  # timed apart: the strict ceiling gets its tables ready-made
            convert += time.perf_counter() - t
            t = time.perf_counter()
            conn.execute("BEGIN TRANSACTION")
            for name, table, src, dst in tables:
                if src is None:
                    conn.execute(f"COPY {name} FROM $t", {"t": table})
                else:
                    conn.execute(f"COPY {name} FROM $t (from='{src}', to='{dst}')", {"t": table})
            conn.execute("COMMIT")
            seconds += time.perf_counter() - t
            rows += sum(t.num_rows for _, t, _, _ in tables)
            tb = table_batch(b, tables)
            t = time.perf_counter()
            store.write(tb)
            store_seconds += time.perf_counter() - t
            store_rows += len(tb)
        conn.close()
        db.close()
        store.close()
        return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else 0.0,
                "convert_s": convert, "rows_per_s_with_convert": rows / (seconds + convert) if seconds else 0.0,
                "store_tables": {"rows": store_rows, "seconds": store_seconds,
                                 "rows_per_s": store_rows / store_seconds if store_seconds else 0.0},
                "peak_rss_mb": peak_rss_mb()}
    finally:
        shutil.rmtree(where, ignore_errors=True)


def list_but_last(iterable):
    prev = None
    for item in iterable:
        if prev is not None:
            yield prev
        prev = item


# --- pages in a browser, and the app's memory ------------------------------------------------------


def _vm_hwm(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _descendants(root: int) -> list[int]:
    parents = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                parents[int(pid)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, frontier = [], [root]
    while frontier:
        here = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == here]
        out.extend(kids)
        frontier.extend(kids)
    return out


def pages_phase(store_dir: str, runs: int) -> dict:
    script = ROOT / "bench" / "bench_pages.py"
    if not script.exists():
        return {"error": "bench/bench_pages.py is not here"}
    cmd = [sys.executable, str(script), "--store", store_dir, "--runs", str(runs)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = {"app": 0.0}
    done = threading.Event()

    def watch():
        while not done.is_set():
            for pid in _descendants(proc.pid):
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if "streamlit" in cmdline and "app.py" in cmdline:
                    hwm = _vm_hwm(pid)
                    if hwm:
                        peak["app"] = max(peak["app"], hwm)
            done.wait(0.5)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    output, _ = proc.communicate()
    done.set()
    watcher.join()
    out = {"returncode": proc.returncode, "app_peak_rss_mb": peak["app"] or None, "pages": {}}
    for line in output.splitlines():
        m = re.match(r"^(\S.*?)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s*$", line)
        if m:
            out["pages"][m.group(1)] = {"first": float(m.group(2)), "p50": float(m.group(3)),
                                        "max": float(m.group(4))}
    if proc.returncode or not out["pages"]:
        out["error"] = output.strip().splitlines()[-1] if output.strip() else f"exit {proc.returncode}"
    return out


# --- orchestration -----------------------------------------------------------------------------------


def neo4j_location() -> str | None:
    """The Neo4j server to measure, if one answers; None otherwise."""
    uri = os.environ.get("CHAINKG_BENCH_NEO4J") or DEFAULT_NEO4J
    if uri.lower() in ("", "none", "off"):
        return None
    if not os.environ.get("NEO4J_PASSWORD"):
        return None
    try:
        from graph.errors import ChainKGError
        from graph.store import open_store

        with open_store(uri):
            return uri
    except ChainKGError:
        return None


def run_child(phase: str, cfg: dict, *args: str) -> dict:
    """Run one phase in a fresh process (so its peak memory is its own) and return its results."""
    with tempfile.NamedTemporaryFile(prefix="chainkg-bench-", suffix=".json", delete=False) as f:
        out = f.name
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--config", json.dumps(cfg),
           "--result", out, *args]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        result = json.loads(Path(out).read_text()) if Path(out).stat().st_size else {}
    finally:
        os.unlink(out)
    if proc.returncode:
        result["error"] = f"the {phase} phase exited with {proc.returncode}"
    result["process_peak_rss_mb"] = usage.ru_maxrss / 1024
    return result


def machine() -> dict:
    import ladybug
    import neo4j

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "ram_gb": round(ram, 1), "cpu": cpu, "python": platform.python_version(),
            "ladybug": ladybug.__version__, "neo4j_driver": neo4j.__version__, "os": platform.platform(),
            "load_start": os.getloadavg()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write docs/benchmarks.md.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="50,000 companies (default)")
    mode.add_argument("--full", action="store_true", help="1,000,000 companies")
    parser.add_argument("--companies", type=int, help="override the number of synthetic companies")
    parser.add_argument("--out", default=str(OUT), help="where to write the report (default docs/benchmarks.md)")
    parser.add_argument("--no-neo4j", action="store_true", help="measure the embedded store only")
    parser.add_argument("--no-pages", action="store_true", help="skip the browser pages")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--location", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:  # a child process
        cfg = json.loads(args.config)
        result: dict = {}
        try:
            if args.phase == "raw":
                result = raw_copy_phase(cfg)
            else:
                result = store_phase(args.phase, args.location, cfg)
        finally:
            Path(args.result).write_text(json.dumps(result, ensure_ascii=False, default=str))
        return 0

    name = "full" if args.full else "quick"
    cfg = dict(MODES[name])
    if args.companies:
        cfg["companies"] = args.companies
    command = "make bench-full" if args.full else "make bench"
    if argv is None and len(sys.argv) > 1 and (args.companies or args.no_neo4j or args.no_pages):
        command = "python bench/run.py " + " ".join(sys.argv[1:])
    started = time.time()
    report = {"mode": name, "config": cfg, "machine": machine(), "command": command,
              "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}
    log(f"benchmarks ({name}): {cfg['companies']:,} synthetic companies")

    json_out = Path(args.out).with_suffix(f".{name}.json")

    def save(final: bool = False) -> None:
        """Write what is measured so far (a run cut short still leaves its figures)."""
        from bench.report import render

        report["machine"]["load_end"] = os.getloadavg()
        report["wall_s"] = time.time() - started
        report["complete"] = final
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(render(report, previous=Path(args.out)), encoding="utf-8")
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")

    location = None if args.no_neo4j else neo4j_location()
    report["neo4j_uri"] = location
    report["neo4j"] = None
    report["pages"] = {"error": "not measured yet"}
    tmp = Path(tempfile.mkdtemp(prefix="chainkg-bench-"))
    try:
        store_dir = str(tmp / "graph")
        report["ladybug"] = run_child("ladybug", cfg, "--location", store_dir)
        save()
        report["raw"] = run_child("raw", cfg)
        save()
        if args.no_pages:
            report["pages"] = {"error": "skipped (--no-pages)"}
        elif "error" in report["ladybug"]:
            report["pages"] = {"error": "the embedded store was not built"}
        else:
            log("pages in headless Chromium (bench/bench_pages.py)")
            report["pages"] = pages_phase(store_dir, cfg["page_runs"])
        save()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if location:
        report["neo4j"] = run_child("neo4j", cfg, "--location", location)
    save(final=True)

    from bench.report import table

    print(table(report))
    log(f"wrote {args.out} and {json_out} in {report['wall_s'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
