"""The one step after every load: relink → apply the user's decisions → refresh the coverage table.

Every command that writes calls :func:`after_load` once, after its own rows are in the store:
``ingest build`` (documents), ``ingest pool`` (the national pool), ``ingest companies`` (a company
list; the app's 数据管理 page runs these three as subprocesses) and ``graph assign`` (:func:`assign`).
So whichever load came last, the graph ends the same way:

1. **relink** (:func:`graph.linking.relink_document_companies`): document companies that are a pool
   company merge into it, and links the user has since rejected are undone;
2. **the user's decisions** (:mod:`graph.decisions`): assignments become ``COVERS`` via 'manual'
   (:func:`graph.coverage.manual_covers`);
3. **the coverage table** (:func:`graph.gaps.refresh_coverage`): pool coverage, statuses, criticality,
   the kept candidates and the chain summaries.
"""

from __future__ import annotations

import time

from graph.coverage import manual_covers
from graph.decisions import Decisions, load, record_assignment
from graph.errors import NotFound
from graph.gaps import refresh_coverage
from graph.linking import relink_document_companies
from graph.review import placements
from graph.store import Batch, Store


def apply_decisions(store: Store, decisions: Decisions) -> int:
    """Write the user's assignments, and the placements confirmed or made in the review queue
    (:mod:`graph.review`), whose company and link are in the store; returns how many."""
    entries = decisions.assignments() + placements(decisions)
    if not entries:
        return 0
    companies = {r["id"] for r in store.read("UNWIND $ids AS i MATCH (c:Company {id: i}) RETURN c.id AS id",
                                             {"ids": sorted({e["company"] for e in entries})})}
    links = {r["id"] for r in store.read("UNWIND $ids AS i MATCH (l:ChainLink {id: i}) RETURN l.id AS id",
                                         {"ids": sorted({e["link"] for e in entries})})}
    rows = manual_covers(entries, companies, links)
    if rows:
        store.write(Batch(rels={"COVERS": rows}))
    return len(rows)


def after_load(store: Store, *, k: int | None = None, decisions: Decisions | None = None) -> dict:
    """Relink, apply the decisions (default: the configured file), refresh the coverage table.

    Returns the coverage table's links per status (``{"links", "pool_covers", "缺链", "弱链", "强链"}``)
    with ``relinked`` (companies merged or split) and ``seconds`` per step."""
    decisions = decisions if decisions is not None else load()
    seconds = {}
    t = time.perf_counter()
    relinked = relink_document_companies(store, curation=decisions.curation())
    seconds["relink"] = time.perf_counter() - t
    t = time.perf_counter()
    assigned = apply_decisions(store, decisions)
    seconds["decisions"] = time.perf_counter() - t
    t = time.perf_counter()
    counts = refresh_coverage(store, k)
    seconds["coverage"] = time.perf_counter() - t
    return {**counts, "relinked": len(relinked), "assigned": assigned, "seconds": seconds}


def assign(store: Store, company: str, link: str, *, note: str | None = None, path=None) -> dict:
    """Record that ``company`` (a Company id) sits on ``link`` (a ChainLink id), in the decisions
    file and the graph (``python -m graph assign``); returns :func:`after_load`'s counts."""
    if not store.read("MATCH (c:Company {id: $id}) RETURN c.id AS id", {"id": company}):
        raise NotFound(f"没有编号为 {company!r} 的企业: 在「图谱浏览」页或用 `python -m graph query` 查找企业编号")
    if not store.read("MATCH (l:ChainLink {id: $id}) RETURN l.id AS id", {"id": link}):
        raise NotFound(f"没有编号为 {link!r} 的产业链环节: 环节编号形如 '产业|A→B→C#2', "
                       "见 `python -m graph gaps --json`")
    where = record_assignment(company, link, note=note, path=path)
    return after_load(store, decisions=load(where))
