"""What ingest and the app see of a graph store, whichever database is behind it.

Writes go in as a :class:`Batch`: rows shaped by pure code (``ingest``), written by one call,
``store.write(batch)``, all or nothing. Node rows are keyed by ``id``; a ``None`` value leaves the
stored property as it is, so sources that know different things about one node (a document, the
national pool, a company list) can be merged in any order. Relationship rows name their two ends
(``src``, ``dst``; with ``src_label`` / ``dst_label`` where a type joins several kinds) and are
identified by the ends plus the kind's ``merge_on`` properties, so loading the same rows twice
leaves the same graph.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph import ontology
from graph.errors import InputError, OntologyError

DEFAULT_TIMEOUT_S = 10.0
META_LABEL = "ChainKGMeta"  # Neo4j's one node carrying the version token (not data; not in the ontology)
MIN_TIMEOUT_S = 0.5      # below this a limit is more likely a typo than a wish
MAX_TIMEOUT_S = 3600.0
DEFAULT_ROW_CAP = 1000


@dataclass
class Batch:
    """Rows to write together: nodes by label, relationships by type, and deletions first.

    ``tables`` holds the same kind of rows column-wise, as Arrow tables keyed by node label or
    relationship type (columns named like the row keys: ``id`` and properties, or ``src``, ``dst``
    and properties), for imports of millions of rows: the embedded store copies them in without
    making a Python object per row. They follow the same rules as rows (see :func:`check_table`)."""

    nodes: dict[str, list[dict]] = field(default_factory=dict)
    rels: dict[str, list[dict]] = field(default_factory=dict)
    # (query name under cypher/write/, params): run before the upserts, in the same transaction
    deletes: list[tuple[str, dict]] = field(default_factory=list)
    tables: dict[str, object] = field(default_factory=dict)  # name -> pyarrow.Table

    def add_table(self, name: str, table) -> None:
        """Rows of one node label or relationship type as an Arrow table (appended to any before)."""
        if name in self.tables:
            import pyarrow as pa

            table = pa.concat_tables([self.tables[name], table], promote_options="default")
        self.tables[name] = table

    def as_rows(self) -> Batch:
        """The same batch with its tables turned into rows (for stores without a columnar path)."""
        if not self.tables:
            return self
        out = Batch(nodes={k: list(v) for k, v in self.nodes.items()}, rels={k: list(v) for k, v in self.rels.items()},
                    deletes=list(self.deletes))
        for name, table in self.tables.items():
            rows = table.to_pylist()
            (out.nodes if name in ontology.NODES else out.rels).setdefault(name, []).extend(rows)
        return out

    def add_node(self, label: str, row: dict) -> None:
        self.nodes.setdefault(label, []).append(row)

    def add_rel(self, rel_type: str, row: dict) -> None:
        self.rels.setdefault(rel_type, []).append(row)

    def extend(self, other: Batch) -> None:
        for label, rows in other.nodes.items():
            self.nodes.setdefault(label, []).extend(rows)
        for rel_type, rows in other.rels.items():
            self.rels.setdefault(rel_type, []).extend(rows)
        self.deletes.extend(other.deletes)
        for name, table in other.tables.items():
            self.add_table(name, table)

    def __len__(self) -> int:
        return (sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))
                + sum(t.num_rows for t in self.tables.values()))


def check_table(name: str, table) -> tuple[str, list[tuple[str, str]]]:
    """Check an Arrow table of ``Batch.tables`` against the ontology (pure): its columns must be
    properties of the label or type (plus ``id``, or ``src`` and ``dst``, and ``src_label`` /
    ``dst_label`` where the type joins several pairs of labels) and the keys may not be null.
    Returns ("node", []) or ("rel", the (from label, to label) pairs the rows use)."""
    import pyarrow.compute as pc

    columns = set(table.column_names)
    if name in ontology.NODES:
        kind = ontology.node_kind(name)
        unknown = sorted(columns - set(kind.columns))
        if unknown:
            raise OntologyError(f"{name} 表有本体未定义的列: {', '.join(unknown)}; "
                                f"{name} 的列为: {', '.join(kind.columns)}")
        keys, pairs = (kind.key,), []
    else:
        kind = ontology.rel_kind(name)
        labelled = len(kind.ends) > 1
        keys = ("src", "dst", "src_label", "dst_label") if labelled else ("src", "dst")
        unknown = sorted(columns - set(_ENDS) - set(ontology.rel_columns(kind)))
        if unknown:
            raise OntologyError(f"{name} 表有本体未定义的列: {', '.join(unknown)}")
        pairs = list(kind.ends)
    for key in keys:
        if key not in columns:
            raise InputError(f"{name} 表缺少 {key} 列: 每一行都需要它")
        if table.num_rows and (pc.sum(pc.is_null(table[key])).as_py() or pc.sum(pc.equal(table[key], "")).as_py()):
            raise InputError(f"{name} 表有缺少 {key} 的行: 每一行都需要它")
    if name not in ontology.NODES and len(kind.ends) > 1:
        used = table.select(["src_label", "dst_label"]).group_by(["src_label", "dst_label"]).aggregate([])
        pairs = list(zip(used["src_label"].to_pylist(), used["dst_label"].to_pylist(), strict=True))
        for pair in pairs:
            if pair not in kind.ends:
                raise OntologyError(f"{name} 的行把 {pair[0]} 连到 {pair[1]}; "
                                    f"{name} 只连接 {', '.join(f'{a}→{b}' for a, b in kind.ends)}")
    return ("node", []) if name in ontology.NODES else ("rel", pairs)


_ENDS = ("src", "dst", "src_label", "dst_label")


@dataclass(frozen=True)
class NodeGroup:
    label: str
    columns: tuple[str, ...]  # every column, key first
    rows: list[dict]          # deduplicated by key, each with every column


@dataclass(frozen=True)
class RelGroup:
    rel_type: str
    src_label: str
    dst_label: str
    merge_on: tuple[str, ...]
    columns: tuple[str, ...]  # property columns
    rows: list[dict]          # each: src, dst and every column


def _merge_rows(rows: list[dict], key) -> list[dict]:
    """Rows with the same key folded into one; later non-null values win. The caller's rows are
    not changed (a row is copied only when a later one is folded into it)."""
    merged: dict = {}
    copied: set = set()
    for row in rows:
        k = key(row)
        if k in merged:
            if k not in copied:
                merged[k] = dict(merged[k])
                copied.add(k)
            merged[k].update({c: v for c, v in row.items() if v is not None})
        else:
            merged[k] = row
    return list(merged.values())


def node_groups(batch: Batch) -> list[NodeGroup]:
    """Check node rows against the ontology and fold duplicates (pure).

    >>> g = node_groups(Batch(nodes={"Product": [{"id": "a"}, {"id": "a", "name": "A"}]}))
    >>> g[0].rows
    [{'id': 'a', 'name': 'A'}]
    """
    groups = []
    for label, rows in batch.nodes.items():
        kind = ontology.node_kind(label)
        columns = tuple(kind.columns)
        checked: set[tuple] = set()  # rows with the same keys pass or fail the same check
        for i, row in enumerate(rows):
            keys = tuple(row)
            if keys not in checked:
                ontology.check_props(kind.columns, row, f"{label} row {i + 1}")
                checked.add(keys)
            if not row.get(kind.key):
                raise InputError(f"{label} 第 {i + 1} 行没有 {kind.key}: 每个节点都需要它")
        folded = _merge_rows(rows, lambda r, key=kind.key: r[key])
        empty = dict.fromkeys(columns)
        groups.append(NodeGroup(label, columns, [{**empty, **r} for r in folded]))
    return groups


def rel_groups(batch: Batch) -> list[RelGroup]:
    """Check relationship rows against the ontology, split them by their ends, fold duplicates (pure)."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for rel_type, rows in batch.rels.items():
        kind = ontology.rel_kind(rel_type)
        columns = ontology.rel_columns(kind)
        checked: set[tuple] = set()  # rows with the same keys pass or fail the same check
        for i, row in enumerate(rows):
            keys = tuple(row)
            if keys not in checked:
                props = {k: v for k, v in row.items() if k not in _ENDS}
                ontology.check_props(columns, props, f"{rel_type} row {i + 1}")
                checked.add(keys)
            if len(kind.ends) == 1:
                src_label, dst_label = kind.ends[0]
            else:
                src_label, dst_label = row.get("src_label"), row.get("dst_label")
            if (src_label, dst_label) not in kind.ends:
                raise OntologyError(
                    f"{rel_type} 第 {i + 1} 行把 {src_label} 连到 {dst_label}; "
                    f"{rel_type} 只连接 {', '.join(f'{a}→{b}' for a, b in kind.ends)}")
            if not row.get("src") or not row.get("dst"):
                raise InputError(f"{rel_type} 第 {i + 1} 行需要 src 和 dst")
            groups.setdefault((rel_type, src_label, dst_label), []).append(row)
    out = []
    for (rel_type, src_label, dst_label), rows in groups.items():
        kind = ontology.rel_kind(rel_type)
        columns = tuple(ontology.rel_columns(kind))
        merge_on = kind.merge_on

        types = ontology.rel_columns(kind)

        def key(r, merge_on=merge_on, types=types):
            return (r["src"], r["dst"], *(_merge_default(r.get(m), types[m]) for m in merge_on))

        if not merge_on:
            def key(r):
                return r["src"], r["dst"]

        folded = _merge_rows(rows, key)
        empty = {"src": None, "dst": None, **dict.fromkeys(columns)}
        shaped = []
        for r in folded:
            item = {**empty, **r}  # r holds only src, dst, the end labels and columns (checked above)
            item.pop("src_label", None)
            item.pop("dst_label", None)
            for m in merge_on:
                item[m] = _merge_default(item[m], types[m])
            shaped.append(item)
        out.append(RelGroup(rel_type, src_label, dst_label, merge_on, columns, shaped))
    return out


def _merge_default(value, typ: str):
    """A merge key may not be null (Neo4j refuses MERGE on null): missing becomes a fixed value."""
    if value is None:
        return -1 if typ == ontology.INT else ""
    return value


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[dict]
    truncated: bool = False  # the row cap cut the result


def query_limits(timeout: float | None = None, row_cap: int | None = None) -> tuple[float, int]:
    """The analyst path's time limit (s) and row cap: arguments, else CHAINKG_QUERY_TIMEOUT / CHAINKG_ROW_CAP.
    A limit below :data:`MIN_TIMEOUT_S` (or 0, which some databases read as "no limit") is refused."""
    from graph.errors import ConfigError

    try:
        t = float(timeout if timeout is not None else os.environ.get("CHAINKG_QUERY_TIMEOUT", DEFAULT_TIMEOUT_S))
        cap = int(row_cap if row_cap is not None else os.environ.get("CHAINKG_ROW_CAP", DEFAULT_ROW_CAP))
    except ValueError as err:
        raise ConfigError("CHAINKG_QUERY_TIMEOUT (--timeout) 应为秒数, CHAINKG_ROW_CAP (--limit) 应为正整数") from err
    if not MIN_TIMEOUT_S <= t <= MAX_TIMEOUT_S:  # also refuses nan
        raise ConfigError(f"查询时间上限应在 {MIN_TIMEOUT_S:g} 到 {MAX_TIMEOUT_S:g} 秒之间, 现为 {t:g}: "
                          "调整 --timeout 或 CHAINKG_QUERY_TIMEOUT")
    if cap <= 0:
        raise ConfigError(f"行数上限应为正整数, 现为 {cap}: 调整 --limit 或 CHAINKG_ROW_CAP")
    return t, cap


class Store:
    """The interface; see LadybugStore and Neo4jStore."""

    dialect = "neo4j"   # which variant of cypher/*.cypher to use
    description = ""    # where the store is, for messages
    # True when opening brought a graph made by an older version up to the current schema: its
    # derived facts (documents' rows, coverage) should be made again (``ingest build`` reloads them)
    upgraded = False

    def ensure_schema(self) -> None:
        raise NotImplementedError

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        """Run a trusted read (our own queries) and return rows as dicts."""
        raise NotImplementedError

    def query(self, name: str, labels: Mapping[str, str] | None = None, **params) -> list[dict]:
        """Run the saved query ``cypher/NAME.cypher`` (or its dialect variant) with ``params``.

        ``labels`` fills the query's label slots (``// labels:`` in its header), e.g.
        ``store.query("entity_node", labels={"label": "Company"}, id="co:甲")``; each value must be a
        node label of the ontology (OntologyError otherwise). See graph.queries.
        """
        from graph.queries import load_query, run

        return run(self.read, load_query(name, self.dialect), labels, params)

    def analyst_query(self, cypher: str, params: dict | None = None, *, timeout: float | None = None,
                      row_cap: int | None = None) -> QueryResult:
        """Run an analyst's query read-only, with a time limit and a row cap."""
        raise NotImplementedError

    def write(self, batch: Batch) -> None:
        """Write a batch all or nothing."""
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        """Nodes per label, for every label in the ontology."""
        out = {}
        for label in ontology.NODES:
            rows = self.read(f"MATCH (n:{label}) RETURN count(n) AS n")
            out[label] = rows[0]["n"] if rows else 0
        return out

    def version(self) -> str:
        """Changes whenever the stored data changes (a cache key for the app)."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish: a writer publishes (embedded) or commits (Neo4j) what it wrote."""

    def abort(self) -> None:
        """Finish without publishing: what this writer wrote since it opened is discarded."""
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        """All or nothing: a ``with`` block that raises publishes nothing (see :meth:`abort`)."""
        if exc_type is None:
            self.close()
        else:
            self.abort()
