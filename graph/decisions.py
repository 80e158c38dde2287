"""A user's decisions, kept outside the graph so that every rebuild gets them back.

One file, ``data/decisions.json`` (path: ``CHAINKG_DECISIONS``), holds every decision as a typed entry::

    {"format": "chainkg-decisions", "version": 1, "decisions": [
      {"kind": "link", "name": "示例储能", "company": "999001.SH", "decision": "confirm", "at": "…", "note": "…"},
      {"kind": "assign", "company": "co:示例制药", "link": "化学药|原料药→制剂#2", "at": "…", "note": "…"},
      {"kind": "review", "company": "…", "link": "…" or null, "decision": "confirm" | "reject" | "place", "at": "…"},
      {"kind": "definition", "link": "…", "field": "terms" | "exclusions", "op": "add" | "remove",
       "value": "…", "at": "…"}]}

- ``link``: the document company ``name`` is (confirm) or is not (reject) the pool company
  ``company``; :mod:`graph.linking` obeys them at every link (:class:`Curation` is their view).
- ``assign``: the company sits on the chain link (``COVERS`` via 'manual', :mod:`graph.coverage`).
- ``review`` and ``definition``: room for the review queue's decisions and the edits to a link's
  definition (issue 13); the file already keeps and validates them.

Files of the earlier layout are read too, so nobody loses a decision: ``data/curation.json``
(``CHAINKG_CURATION``; ``{"links": [...]}``) and ``data/assignments.json`` (``CHAINKG_ASSIGNMENTS``;
``{"coverage": [...]}``) are read while ``data/decisions.json`` does not exist, and the first decision
recorded writes them all into it (the old files are left as they are, and no longer read). A file of
either old shape given as the decisions file is read as well.

:func:`graph.settle.after_load` applies them after every load.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import InputError
from graph.names import normalize_name
from graph.store import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
DEFAULT_PATH = DATA / "decisions.json"
LEGACY_CURATION = DATA / "curation.json"
LEGACY_ASSIGNMENTS = DATA / "assignments.json"
FORMAT = "chainkg-decisions"
VERSION = 1

# kind -> (required fields, allowed values of some of them)
KINDS: dict[str, tuple[tuple[str, ...], dict[str, tuple]]] = {
    "link": (("name", "company", "decision"), {"decision": ("confirm", "reject")}),
    "assign": (("company", "link"), {}),
    "review": (("company", "link", "decision"), {"decision": ("confirm", "reject", "place")}),
    "definition": (("link", "field", "op", "value"), {"field": ("terms", "exclusions"), "op": ("add", "remove")}),
}


def decisions_path(path: str | os.PathLike | None = None) -> Path:
    """``path``, else CHAINKG_DECISIONS, else data/decisions.json."""
    return Path(path or os.environ.get("CHAINKG_DECISIONS") or DEFAULT_PATH)


def legacy_paths() -> tuple[Path, Path]:
    """Where the earlier layout kept link decisions and assignments (CHAINKG_CURATION, CHAINKG_ASSIGNMENTS)."""
    return (Path(os.environ.get("CHAINKG_CURATION") or LEGACY_CURATION),
            Path(os.environ.get("CHAINKG_ASSIGNMENTS") or LEGACY_ASSIGNMENTS))


def _problem(entry) -> str | None:
    if not isinstance(entry, dict):
        return "每条决定应是一个 JSON 对象"
    kind = entry.get("kind")
    if kind not in KINDS:
        return f"未知的 kind {kind!r} (应为 {', '.join(KINDS)} 之一)"
    required, allowed = KINDS[kind]
    missing = [k for k in required if k not in entry]
    if missing:
        return f"{kind!r} 决定缺少 {', '.join(missing)}"
    for key, values in allowed.items():
        if entry[key] not in values:
            return f"{kind!r} 决定的 {key} 应为 {', '.join(values)} 之一, 实为 {entry[key]!r}"
    return None


def _invalid(where: Path, why: str) -> InputError:
    return InputError(f"{where} 不是有效的决定文件 ({why}): 请修正或删除该文件")


def parse(data, where: Path) -> list[dict]:
    """The typed entries of a decisions file's JSON, or of a file of the earlier layout (pure)."""
    if isinstance(data, dict) and "decisions" in data:
        entries = data["decisions"]
        if not isinstance(entries, list):
            raise _invalid(where, "decisions 应是列表")
    elif isinstance(data, dict) and ("links" in data or "coverage" in data):
        links, coverage = data.get("links", []), data.get("coverage", [])
        if not isinstance(links, list) or not isinstance(coverage, list):
            raise _invalid(where, "links 与 coverage 应是列表")
        entries = ([{"kind": "link", **e} if isinstance(e, dict) else e for e in links]
                   + [{"kind": "assign", **e} if isinstance(e, dict) else e for e in coverage])
    else:
        raise _invalid(where, '应为 {"decisions": [...]}')
    for n, entry in enumerate(entries, start=1):
        problem = _problem(entry)
        if problem:
            raise _invalid(where, f"第 {n} 条: {problem}")
    return entries


def _read(where: Path) -> list[dict]:
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise _invalid(where, str(err)) from err
    return parse(data, where)


@dataclass
class Decisions:
    """Every decision, in the order recorded."""

    entries: list[dict] = field(default_factory=list)

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.entries if e["kind"] == kind]

    def curation(self) -> Curation:
        return Curation(self.of("link"))

    def assignments(self) -> list[dict]:
        return self.of("assign")


def load(path: str | os.PathLike | None = None) -> Decisions:
    """The decisions in the file (an absent file means none, or those of the earlier layout's files)."""
    where = decisions_path(path)
    if where.is_file():
        return Decisions(_read(where))
    if path is not None:
        return Decisions()
    entries: list[dict] = []
    for legacy in legacy_paths():
        if legacy.is_file():
            entries += _read(legacy)
    return Decisions(entries)


def record(entry: dict, *, replaces=None, path: str | os.PathLike | None = None) -> Path:
    """Add one decision (``entry`` with its ``kind``; ``at`` is set now), after dropping the earlier
    entries for which ``replaces(old)`` is true; writes the file atomically and returns its path."""
    entry = {**entry, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    problem = _problem(entry)
    if problem:
        raise InputError(f"无效的决定: {problem}")
    where = decisions_path(path)
    kept = [e for e in load(path).entries if not (replaces and replaces(e))]
    where.parent.mkdir(parents=True, exist_ok=True)
    tmp = where.with_name(where.name + ".tmp")
    body = {"format": FORMAT, "version": VERSION, "decisions": [*kept, entry]}
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, where)
    return where


# --- links between document companies and pool companies ---------------------------------------


@dataclass
class Curation:
    """A user's decisions about links: ``[{"name", "company", "decision": confirm|reject, "at"}]``."""

    entries: list[dict] = field(default_factory=list)

    def confirmed(self, name: str) -> str | None:
        text = normalize_name(name)
        hits = [e["company"] for e in self.entries if e["decision"] == "confirm" and normalize_name(e["name"]) == text]
        return hits[-1] if hits else None

    def is_rejected(self, name: str, company_id: str) -> bool:
        text = normalize_name(name)
        return any(e["decision"] == "reject" and e["company"] == company_id and normalize_name(e["name"]) == text
                   for e in self.entries)


def load_curation(path: str | os.PathLike | None = None) -> Curation:
    """The link decisions (see :class:`Curation`)."""
    return load(path).curation()


def curation_of(curation) -> Curation:
    """``curation`` as a :class:`Curation`: one already, a path, or None for the configured file."""
    return curation if isinstance(curation, Curation) else load_curation(curation)


def _decide_link(name: str, company_id: str, decision: str, path, note: str | None) -> Path:
    text = normalize_name(name)

    def replaces(e: dict) -> bool:  # a later decision on the pair, or a second confirmation of the name
        return e["kind"] == "link" and normalize_name(e["name"]) == text and (
            e["company"] == company_id or decision == "confirm" and e["decision"] == "confirm")

    entry = {"kind": "link", "name": name, "company": company_id, "decision": decision}
    if note:
        entry["note"] = note
    return record(entry, replaces=replaces, path=path)


def confirm_link(name: str, company_id: str, path=None, note: str | None = None) -> Path:
    """Record that the document company ``name`` is the pool company ``company_id`` (kept across rebuilds)."""
    return _decide_link(name, company_id, "confirm", path, note)


def reject_link(name: str, company_id: str, path=None, note: str | None = None) -> Path:
    """Record that the document company ``name`` is not the pool company ``company_id``."""
    return _decide_link(name, company_id, "reject", path, note)


# --- coverage assigned by hand ---------------------------------------------------------------------


def load_assignments(path=None) -> list[dict]:
    """``[{"kind": "assign", "company", "link", "note", "at"}]``."""
    return load(path).assignments()


def record_assignment(company: str, link: str, *, note: str | None = None, path=None) -> Path:
    """Record that ``company`` (a Company id) sits on ``link`` (a ChainLink id)."""
    entry = {"kind": "assign", "company": company, "link": link}
    if note:
        entry["note"] = note
    return record(entry, path=path,
                  replaces=lambda e: e["kind"] == "assign" and (e["company"], e["link"]) == (company, link))
