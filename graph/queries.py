"""Named Cypher queries, kept in ``cypher/*.cypher``.

A query file starts with comment lines that describe it::

    // 描述: 某产业的产业链及其环节
    // params: industry=化学药

``NAME.cypher`` serves both stores; where LadybugDB's dialect differs, ``NAME.ladybug.cypher`` sits
beside it and wins on the embedded store. Every value goes in as a ``$parameter``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graph.errors import NotFound

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
_HEADER = re.compile(r"^//\s*(描述|description|params|参数)\s*[:：]\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> example value, as text


def _parse(name: str, text: str) -> NamedQuery:
    description, params = "", {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in ("描述", "description"):
            description = value
        else:
            for part in filter(None, (p.strip() for p in value.split(";"))):
                pname, _, example = part.partition("=")
                params[pname.strip()] = example.strip()
    return NamedQuery(name, text.strip(), description, params)


@cache
def _read(path: Path, mtime: float) -> str:
    return path.read_text(encoding="utf-8")


def load_query(name: str, dialect: str = "neo4j") -> NamedQuery:
    """The query ``name`` for ``dialect`` ("neo4j" or "ladybug")."""
    candidates = [CYPHER_DIR / f"{name}.{dialect}.cypher", CYPHER_DIR / f"{name}.cypher"]
    for path in candidates:
        if path.is_file():
            return _parse(name, _read(path, path.stat().st_mtime))
    raise NotFound(f"no saved query named {name!r}; saved queries: {', '.join(query_names())}")


def query_names() -> list[str]:
    """The names of all saved queries (variants folded into their base name)."""
    names = {p.name.split(".")[0] for p in CYPHER_DIR.glob("*.cypher")}
    return sorted(names)


def saved_queries(dialect: str = "neo4j") -> list[NamedQuery]:
    return [load_query(name, dialect) for name in query_names()]


def load_write(name: str, dialect: str = "neo4j") -> str:
    """A write statement from ``cypher/write/`` (used by ingest, never offered to analysts)."""
    for path in (CYPHER_DIR / "write" / f"{name}.{dialect}.cypher", CYPHER_DIR / "write" / f"{name}.cypher"):
        if path.is_file():
            return _read(path, path.stat().st_mtime).strip()
    raise NotFound(f"no write statement named {name!r} in {CYPHER_DIR / 'write'}")
