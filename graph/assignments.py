"""Coverage a user assigns by hand (``COVERS`` via 'manual').

Assignments are kept in ``data/assignments.json`` (path: ``CHAINKG_ASSIGNMENTS``) as well as in the
graph, so a rebuild from scratch gets them back: :func:`graph.gaps.refresh_coverage`, which runs after
every load, writes them again before it recomputes the coverage table.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import InputError, NotFound
from graph.store import PROJECT_ROOT, Batch, Store

DEFAULT_PATH = PROJECT_ROOT / "data" / "assignments.json"


def assignments_path(path=None) -> Path:
    return Path(path or os.environ.get("CHAINKG_ASSIGNMENTS") or DEFAULT_PATH)


def load_assignments(path=None) -> list[dict]:
    """``[{"company", "link", "note", "at"}]``; an absent file means none."""
    where = assignments_path(path)
    if not where.is_file():
        return []
    try:
        entries = json.loads(where.read_text(encoding="utf-8"))["coverage"]
        if not all(isinstance(e, dict) and {"company", "link"} <= set(e) for e in entries):
            raise ValueError('expected {"coverage": [{"company", "link", ...}]}')
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"{where} is not a valid assignments file ({err}); fix or delete it") from err
    return entries


def assignment_rows(entries: list[dict], companies: set[str], links: set[str]) -> list[dict]:
    """COVERS rows for the assignments whose company and link exist (pure).

    >>> assignment_rows([{"company": "c1", "link": "l1", "note": "走访确认"}, {"company": "gone", "link": "l1"}],
    ...                 {"c1"}, {"l1"})[0]["sentence"]
    '人工指定: 走访确认'
    """
    return [{"src": e["company"], "dst": e["link"], "via": "manual", "confidence": 1.0, "source": "manual",
             "sentence": "人工指定" + (f": {e['note']}" if e.get("note") else "")}
            for e in entries if e["company"] in companies and e["link"] in links]


def apply_assignments(store: Store, path=None) -> int:
    """Write the recorded assignments whose company and link are in the store; returns how many."""
    entries = load_assignments(path)
    if not entries:
        return 0
    companies = {r["id"] for r in store.read("UNWIND $ids AS i MATCH (c:Company {id: i}) RETURN c.id AS id",
                                             {"ids": sorted({e["company"] for e in entries})})}
    links = {r["id"] for r in store.read("UNWIND $ids AS i MATCH (l:ChainLink {id: i}) RETURN l.id AS id",
                                         {"ids": sorted({e["link"] for e in entries})})}
    rows = assignment_rows(entries, companies, links)
    if rows:
        store.write(Batch(rels={"COVERS": rows}))
    return len(rows)


def assign(store: Store, company: str, link: str, *, note: str | None = None, path=None) -> None:
    """Record that ``company`` (a Company id) sits on ``link`` (a ChainLink id), in the file and the graph."""
    if not store.read("MATCH (c:Company {id: $id}) RETURN c.id AS id", {"id": company}):
        raise NotFound(f"no company with id {company!r}: search for it on the 图谱浏览 page or with "
                       "`python -m graph query`")
    if not store.read("MATCH (l:ChainLink {id: $id}) RETURN l.id AS id", {"id": link}):
        raise NotFound(f"no chain link with id {link!r}: link ids look like 'INDUSTRY|A→B→C#2'; see "
                       "`python -m graph gaps --json`")
    where = assignments_path(path)
    entries = [e for e in load_assignments(where) if (e["company"], e["link"]) != (company, link)]
    entry = {"company": company, "link": link, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    if note:
        entry["note"] = note
    where.parent.mkdir(parents=True, exist_ok=True)
    tmp = where.with_suffix(".tmp")
    tmp.write_text(json.dumps({"coverage": [*entries, entry]}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, where)
    from graph.gaps import refresh_coverage

    refresh_coverage(store, assignments=where)
