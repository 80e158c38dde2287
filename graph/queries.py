"""Named Cypher queries, kept in ``cypher/*.cypher``.

A query file starts with comment lines that describe it::

    // 描述: 某产业的产业链及其环节
    // params: industry=化学药

``NAME.cypher`` serves both stores; where LadybugDB's dialect differs, ``NAME.ladybug.cypher`` sits
beside it and wins on the embedded store. Every value goes in as a ``$parameter``.

Labels cannot be parameters, and a pattern without a label makes both stores scan every node. So a
query may declare *label slots* and name them in label positions only, as ``:{slot}``::

    // labels: label=Company
    // params: id=co:示例企业
    MATCH (n:{label} {id: $id}) RETURN n AS node

The caller gives the slot values (``store.query("entity_node", labels={"label": "Product"}, id=...)``);
each must be a node label of the ontology (graph.ontology.NODES), checked before it enters the text,
so no caller's text is ever formatted into Cypher. The example after ``=`` is what the Cypher console
and the parity test use.

A query may also run once per element of a list parameter (``// each: id in ids``): LadybugDB looks a
key up by its primary-key index only for a single value (``{id: $id}``); ``UNWIND $ids AS x MATCH
(a:L {id: x})`` and ``a.id IN $ids`` both scan the whole table. The rows of the runs are concatenated
in the order of the list; when the statement ends with ``LIMIT $p``, the concatenation holds at most
``$p`` rows too (the runs stop once it is full), as one statement over the whole list would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graph import ontology
from graph.errors import InputError, NotFound, OntologyError, QueryError

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
_HEADER = re.compile(r"^//\s*(标题|title|描述|description|params|参数|labels|标签|each|逐个)\s*[:：]\s*(.*)$",
                     re.IGNORECASE)
# A label slot: ``{name}`` right after the colon of a node pattern, as in ``(a:{label} {id: $id})``.
# Map literals (``{id: x}``) hold a colon and are never taken for a slot.
_SLOT = re.compile(r"(?<=:)\{(\w+)\}")
_EACH = re.compile(r"^(\w+)\s+in\s+(\w+)$", re.IGNORECASE)
_LIMIT = re.compile(r"\bLIMIT\s+\$(\w+)\s*;?\s*$", re.IGNORECASE)
# Store.query takes the slot values as ``labels=``, so no query may have a parameter of that name.
RESERVED_PARAMS = ("labels",)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str  # as written: label slots not filled
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> example value, as text
    labels: dict[str, str] = field(default_factory=dict)  # label slot -> example label
    each: tuple[str, str] | None = None  # (element parameter, list parameter): run once per element
    title: str = ""  # a short Chinese name for the console (``// 标题:``); the file name stays the key

    def render(self, labels: Mapping[str, str] | None = None) -> str:
        """The statement with its label slots filled; every value must be a node label of the ontology.

        >>> q = _parse("demo", "// labels: label=Company\\nMATCH (n:{label} {id: $id}) RETURN n")
        >>> q.render({"label": "Product"}).splitlines()[-1]
        'MATCH (n:Product {id: $id}) RETURN n'
        >>> q.render({"label": "Product) DETACH DELETE (n"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        graph.errors.OntologyError: saved query demo: unknown node label 'Product) DETACH DELETE (n' ...; known labels: Document, ...
        """
        given = dict(labels or {})
        unknown = sorted(set(given) - set(self.labels))
        if unknown:
            slots = ", ".join(self.labels) or "none"
            raise InputError(f"saved query {self.name} has no label slot {', '.join(unknown)}; its slots: {slots}")
        missing = [slot for slot in self.labels if slot not in given]
        if missing:
            raise InputError(
                f"saved query {self.name} needs a node label for {', '.join('{' + s + '}' for s in missing)}: "
                f"pass labels={{{', '.join(repr(s) + ': ...' for s in missing)}}}; "
                f"known labels: {', '.join(ontology.NODES)}")
        for slot, value in given.items():
            if not isinstance(value, str) or value not in ontology.NODES:
                raise OntologyError(f"saved query {self.name}: unknown node label {value!r} for {{{slot}}}; "
                                    f"known labels: {', '.join(ontology.NODES)}")
        return _SLOT.sub(lambda m: given[m.group(1)], self.text)

    def statement_params(self) -> dict[str, str]:
        """Example values (as text) of the parameters of one run of the statement as written: for an
        ``each`` query, the list parameter's first element in place of the list."""
        if self.each is None:
            return dict(self.params)
        element, listed = self.each
        out = {k: v for k, v in self.params.items() if k != listed}
        try:
            first = (json.loads(self.params.get(listed, "")) or [""])[0]
        except (json.JSONDecodeError, TypeError, KeyError, IndexError):
            first = ""
        return {element: first if isinstance(first, str) else json.dumps(first, ensure_ascii=False), **out}

    @property
    def limit_param(self) -> str | None:
        """The parameter of a final ``LIMIT $p``, if the statement ends with one."""
        match = _LIMIT.search(self.text)
        return match.group(1) if match else None


def _pairs(value: str) -> dict[str, str]:
    out = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        pname, _, example = part.partition("=")
        out[pname.strip()] = example.strip()
    return out


def _parse(name: str, text: str) -> NamedQuery:
    title, description, params, labels, each = "", "", {}, {}, None
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in ("标题", "title"):
            title = value
        elif key in ("描述", "description"):
            description = value
        elif key in ("labels", "标签"):
            labels.update(_pairs(value))
        elif key in ("each", "逐个"):
            found = _EACH.match(value)
            if not found:
                raise QueryError(f"saved query {name}: `// each:` takes ELEMENT in LIST, e.g. `id in ids`; got {value!r}")
            each = (found.group(1), found.group(2))
        else:
            params.update(_pairs(value))
    used = set(_SLOT.findall(text))
    if used != set(labels):
        raise QueryError(f"saved query {name}: label slots used ({', '.join(sorted(used)) or 'none'}) and declared "
                         f"in `// labels:` ({', '.join(sorted(labels)) or 'none'}) differ")
    for slot, example in labels.items():
        if example not in ontology.NODES:
            raise OntologyError(f"saved query {name}: example label {example!r} of {{{slot}}} is not a node label; "
                                f"known labels: {', '.join(ontology.NODES)}")
    reserved = sorted(set(params) & set(RESERVED_PARAMS))
    if reserved:
        raise QueryError(f"saved query {name}: parameter name {', '.join(reserved)} is reserved; rename it")
    if each is not None and each[1] not in params:
        raise QueryError(f"saved query {name}: `// each:` names the list ${each[1]}, which `// params:` lacks")
    return NamedQuery(name, text.strip(), description, params, labels, each, title)


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


def run(read, query: NamedQuery, labels: Mapping[str, str] | None, params: dict) -> list[dict]:
    """Rows of ``query`` with its label slots filled from ``labels``; ``read(text, params)`` runs one
    statement. An ``each`` query runs once per element of its list parameter."""
    text = query.render(labels)
    if query.each is None:
        return read(text, params)
    element, listed = query.each
    if listed not in params:
        raise InputError(f"saved query {query.name} needs the parameter {listed} (a list)")
    values = params[listed]
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise InputError(f"saved query {query.name}: parameter {listed} must be a list, got {values!r}")
    base = {k: v for k, v in params.items() if k != listed}
    limit = base.get(query.limit_param) if query.limit_param else None
    if limit is not None:
        # LadybugDB plans `LIMIT $p` about 3 ms slower than a number, once per element: a checked
        # whole number goes into the text instead
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise InputError(f"saved query {query.name}: parameter {query.limit_param} must be a whole number ≥ 0, "
                             f"got {limit!r}")
        text = _LIMIT.sub(f"LIMIT {limit}", text)
        base.pop(query.limit_param)
    rows: list[dict] = []
    for value in values:
        rows.extend(read(text, {**base, element: value}))
        if limit is not None and len(rows) >= limit:
            return rows[:limit]
    return rows


def load_write(name: str, dialect: str = "neo4j") -> str:
    """A write statement from ``cypher/write/`` (used by ingest, never offered to analysts)."""
    for path in (CYPHER_DIR / "write" / f"{name}.{dialect}.cypher", CYPHER_DIR / "write" / f"{name}.cypher"):
        if path.is_file():
            return _read(path, path.stat().st_mtime).strip()
    raise NotFound(f"no write statement named {name!r} in {CYPHER_DIR / 'write'}")
