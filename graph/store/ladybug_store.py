"""The embedded store: LadybugDB on disk.

LadybugDB lets one process hold a database read-write, or several hold it read-only, never both.
So the store directory holds generations::

    data/graph/CURRENT       the name of the generation readers open
    data/graph/PUBLISHED     the last few generations published (readers may still hold them)
    data/graph/gen-.../db    one LadybugDB database per generation
    data/graph/WRITE.lock    held by the one writer

A writer copies the current generation, writes into the copy (each batch in one transaction) and
publishes it by replacing CURRENT when it closes; readers (the app) keep the generation they opened
until they see CURRENT change. A writer that fails publishes nothing: a ``with`` block that raises
calls :meth:`LadybugStore.abort`, which discards the copy; a killed writer leaves its copy behind,
and the next writer (it holds WRITE.lock, so no writer is alive) removes every generation that is
neither CURRENT nor recently published. So readers never see a half-loaded store, the published
graph is never removed, and ingest can run while the app is serving.

Analyst queries (``analyst_query``) pass graph.cypher_guard's allow-list, then run in a child
process with a time and memory limit and no file writes (graph.store.ladybug_query).

Bulk path: new nodes and relationships go in with ``COPY FROM`` an Arrow table (LadybugDB's fast
path); rows whose key already exists are updated with ``LOAD FROM ... MATCH ... SET``. ``MERGE`` per
row is avoided: it does not use the primary-key index and slows down as tables grow. ``COPY`` of a
key already in the table kills the process in LadybugDB 0.22, so existing keys are filtered out first.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from graph import cypher_guard, ontology
from graph.errors import InputError, QueryError, QueryTimeout, StoreError, StoreUnavailable, WriteRefused
from graph.settings import env_number
from graph.store import ladybug_query
from graph.store.base import (
    Batch,
    NodeGroup,
    QueryResult,
    RelGroup,
    Store,
    check_table,
    node_groups,
    query_limits,
    rel_groups,
)
from graph.store.ladybug_query import _plain

# Below this many new rows, LOAD FROM ... CREATE beats COPY's fixed cost (about 20 ms a statement with
# auto-checkpoints off); above it COPY wins, and rows created one by one make the COMMIT slow (about
# 1 s for 20,000 rows, bench/profile_store.py), so upserts would crawl.
COPY_THRESHOLD = 2_000

_ARROW = {
    ontology.STRING: pa.string(),
    ontology.INT: pa.int64(),
    ontology.DOUBLE: pa.float64(),
    ontology.BOOL: pa.bool_(),
    ontology.STRINGS: pa.list_(pa.string()),
}


READER_BUFFER_POOL_MB = 2048
KEEP_PUBLISHED = 3  # the newest published generations kept (CURRENT and two a reader may still hold)
BUFFER_POOL_ENV = "CHAINKG_BUFFER_POOL_MB"


def reader_buffer_pool_bytes() -> int:
    """The page cache of a read-only handle (the app, analysts): ``CHAINKG_BUFFER_POOL_MB`` or 2048 MB.
    LadybugDB's own default is most of the machine's memory, which a long-running app fills as it
    reads a big graph; writers keep the default (bulk loads need it)."""
    return env_number(BUFFER_POOL_ENV, READER_BUFFER_POOL_MB, low=64, what="不少于 64 的整数 (MB)") * 1024 * 1024


def _ladybug():
    import ladybug

    return ladybug


def _node_types(label: str) -> dict[str, str]:
    return ontology.node_kind(label).columns


def _rel_types(rel_type: str) -> dict[str, str]:
    return ontology.rel_columns(ontology.rel_kind(rel_type))


def _full_table(table: pa.Table, columns: list[tuple[str, str, str]]) -> pa.Table:
    """``table`` with every column of ``columns`` (name in result, column in table, ontology type) in
    that order, cast to its type; a column the table lacks is all null."""
    arrays = []
    for _, key, typ in columns:
        if key in table.column_names:
            try:
                arrays.append(table[key].cast(_ARROW[typ]))
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as err:
                raise InputError(f"列 {key!r} 应为 {typ} 值: {err}") from err
        else:
            arrays.append(pa.nulls(table.num_rows, type=_ARROW[typ]))
    return pa.Table.from_arrays(arrays, names=[name for name, _, _ in columns])


def _arrow(rows: list[dict], columns: list[tuple[str, str, str]]) -> pa.Table:
    """An Arrow table of ``rows``; ``columns`` are (name in table, key in row, ontology type)."""
    schema = pa.schema([(key, _ARROW[typ]) for _, key, typ in columns])
    try:
        table = pa.Table.from_pylist(rows, schema=schema)  # row-wise in C++: several times faster
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        table = None  # column by column below, to name the column in the message
    if table is not None:
        return table.rename_columns([name for name, _, _ in columns])
    arrays = {}
    for name, key, typ in columns:
        try:
            arrays[name] = pa.array([r.get(key) for r in rows], type=_ARROW[typ])
        except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
            raise InputError(f"列 {key!r} 应为 {typ} 值: {err}") from err
    return pa.table(arrays)


class LadybugStore(Store):
    dialect = "ladybug"

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False):
        self.root = Path(path)
        self.read_only = read_only
        self.description = f"嵌入式图库 {self.root}"
        self._lock = None
        self._dirty = False
        self._writes = 0
        if self.root.exists() and not self.root.is_dir():
            raise StoreUnavailable(
                f"{self.root} 是文件而不是图库目录: 请让 CHAINKG_STORE 或 --store 指向一个目录")
        if read_only:
            self._gen = self._current()
            if self._gen is None:
                raise StoreUnavailable(
                    f"{self.root} 还没有图谱: 请先运行 `python -m ingest build --store {self.root}`")
            self._open(self.root / self._gen, read_only=True)
            self._check_schema()
        else:
            self._begin_writer()

    # --- generations -------------------------------------------------------------------------

    def _current(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name / "db").exists() else None

    def _begin_writer(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        lock = open(self.root / "WRITE.lock", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise StoreUnavailable(
                f"另一个进程正在写入 {self.root}: 请等它结束后再试") from None
        self._lock = lock
        base = self._current()
        self._gen = None
        self._prune()  # orphans of killed writers (we hold the lock: no writer is alive)
        self._gen = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 1_000_000_000:09d}"
        work = self.root / self._gen
        if base:
            shutil.copytree(self.root / base, work)
        else:
            work.mkdir()
        self._open(work, read_only=False)
        # No checkpoint after every commit: its cost grows with the database, so upserts would slow down
        # as the graph grows. The unpublished generation is checkpointed once, when the writer closes.
        self._execute("CALL auto_checkpoint=false")
        self.ensure_schema()

    def _open(self, gen_dir: Path, *, read_only: bool) -> None:
        lb = _ladybug()
        try:
            self._db_options = {"buffer_pool_size": reader_buffer_pool_bytes()} if read_only else {}
            self._db = lb.Database(str(gen_dir / "db"), read_only=read_only, **self._db_options)
            self._conn = lb.Connection(self._db)
        except RuntimeError as err:
            raise StoreUnavailable(f"无法打开图谱 {gen_dir}: {err}") from err

    def refresh(self) -> bool:
        """Reopen on the newest generation if a writer published one; True when it changed."""
        if not self.read_only:
            return False
        newest = self._current()
        if newest is None or newest == self._gen:
            return False
        self._conn.close()
        self._db.close()
        self._gen = newest
        self._open(self.root / newest, read_only=True)
        return True

    def version(self) -> str:
        return f"{self._gen}:{self._writes}"

    def close(self) -> None:
        """A reader lets go of its generation; a writer publishes its generation if it wrote."""
        self._finish(publish=True)

    def abort(self) -> None:
        """A writer discards its generation (nothing is published); a reader just closes."""
        self._finish(publish=False)

    def _finish(self, *, publish: bool) -> None:
        if getattr(self, "_conn", None) is None:
            return
        try:
            if not self.read_only and self._dirty and publish:
                self._conn.execute("CHECKPOINT")
        finally:
            self._conn.close()
            self._db.close()
            self._conn = None
            if not self.read_only:
                try:
                    if self._dirty and publish:
                        self._publish()
                    else:
                        shutil.rmtree(self.root / self._gen, ignore_errors=True)
                finally:
                    fcntl.flock(self._lock, fcntl.LOCK_UN)
                    self._lock.close()

    def _publish(self) -> None:
        """Make this generation CURRENT, remember it among the recently published ones (readers may
        still hold those), then remove every other generation."""
        published = [g for g in self._published() if g != self._gen] + [self._gen]
        published = published[-KEEP_PUBLISHED:]
        tmp = self.root / "PUBLISHED.tmp"
        tmp.write_text("\n".join(published) + "\n", encoding="utf-8")
        os.replace(tmp, self.root / "PUBLISHED")
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(self._gen, encoding="utf-8")
        os.replace(tmp, self.root / "CURRENT")
        self._prune()

    def _published(self) -> list[str]:
        """The recently published generations, oldest first. A store made before PUBLISHED was
        kept: CURRENT and the generations just older than it."""
        try:
            names = (self.root / "PUBLISHED").read_text(encoding="utf-8").split()
        except FileNotFoundError:
            current = self._current()
            if current is None:
                return []
            older = sorted(p.name for p in self.root.glob("gen-*") if p.is_dir() and p.name < current)
            names = [*older[-(KEEP_PUBLISHED - 1):], current]
        return names

    def _prune(self) -> None:
        """Remove every generation but CURRENT, the recently published ones and this writer's own:
        the others are older ones no reader should still hold, and orphans of writers that were
        killed. Only the holder of WRITE.lock calls this, so no other writer is using any of them."""
        keep = set(self._published()) | {self._current(), self._gen}
        for path in self.root.glob("gen-*"):
            if path.name not in keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    # --- reads ---------------------------------------------------------------------------------

    def _execute(self, cypher: str, params: dict | None = None):
        try:
            return self._conn.execute(cypher, params or {})
        except RuntimeError as err:
            raise _translate(str(err)) from err

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        result = self._execute(cypher, params)
        columns = result.get_column_names()
        values = result.get_all()  # one call into LadybugDB for every row
        if not values:
            return []
        # only nodes, relationships, paths and lists need reshaping: a column holds one type, so its
        # first value that is not null tells
        if not any(isinstance(_first_value(values, i), (dict, list)) for i in range(len(columns))):
            return [dict(zip(columns, row, strict=True)) for row in values]
        return [dict(zip(columns, map(_plain, row), strict=True)) for row in values]

    def analyst_query(self, cypher, params=None, *, timeout=None, row_cap=None) -> QueryResult:
        """The analyst path: graph.cypher_guard's allow-list first; then, on a read-only store, the
        query runs in a child process that is killed at the time or memory limit (see
        graph.store.ladybug_query); on a writable store (tests, our own tools) it runs here in a
        READ ONLY transaction, interrupted by a timer at the limit."""
        timeout_s, cap = query_limits(timeout, row_cap)
        cypher_guard.check(cypher, self.dialect)
        if self.read_only:
            answer = ladybug_query.run(str(self.root / self._gen / "db"), cypher, params or {},
                                       timeout_s=timeout_s, row_cap=cap)
            if "error" in answer:
                raise _translate(answer["error"])
            return QueryResult(answer["columns"], answer["rows"], truncated=answer["truncated"])
        timer = threading.Timer(timeout_s, self._conn.interrupt)
        self._conn.set_query_timeout(int(timeout_s * 1000))
        self._execute("BEGIN TRANSACTION READ ONLY")
        timer.start()
        try:
            with warnings.catch_warnings():  # prepared: one statement only (see graph.store.ladybug_query)
                warnings.simplefilter("ignore", DeprecationWarning)
                try:
                    result = self._conn.execute(self._conn.prepare(cypher), params or {})
                except RuntimeError as err:
                    raise _translate(str(err)) from err
            columns = result.get_column_names()
            rows = []
            while result.has_next() and len(rows) <= cap:
                rows.append(dict(zip(columns, map(_plain, result.get_next()), strict=True)))
        finally:
            timer.cancel()
            self._conn.set_query_timeout(0)
            try:
                self._conn.execute("COMMIT")
            except RuntimeError:
                pass  # a failed statement already ended the transaction
        return QueryResult(columns, rows[:cap], truncated=len(rows) > cap)

    # --- writes --------------------------------------------------------------------------------

    def _schema_gaps(self) -> list[tuple[str, str | None]]:
        """What the ontology has and this database lacks: (table, None) for a missing table,
        (table, column) for a missing column (a store made by an older version)."""
        tables = {r["name"] for r in self.read("CALL show_tables() RETURN name")}
        gaps: list[tuple[str, str | None]] = []
        for table, columns in ontology.ladybug_columns().items():
            if table not in tables:
                gaps.append((table, None))
                continue
            have = {r["name"] for r in self.read(f"CALL table_info('{table}') RETURN name")}
            gaps.extend((table, name) for name in columns if name not in have)
        return gaps

    def _check_schema(self) -> None:
        """A reader refuses a generation made by an older version, naming the fix (one writer run
        brings it up to date: see ensure_schema)."""
        gaps = self._schema_gaps()
        if gaps:
            missing = "、".join(f"{t}.{c}" if c else t for t, c in gaps[:5]) + (" 等" if len(gaps) > 5 else "")
            self._conn.close()
            self._db.close()
            self._conn = None
            raise StoreUnavailable(f"{self.root} 的图谱由旧版本建立 (缺少 {missing}): 请运行 "
                                   f"`python -m ingest build --store {self.root}` (或 make run) 更新后再打开")

    def ensure_schema(self) -> None:
        if self.read_only:
            return
        gaps = self._schema_gaps()
        for statement in ontology.ladybug_ddl():
            self._execute(statement)
        # a store made by an older version lacks the columns added since: add them (empty), and
        # publish the upgraded generation even if nothing else is written
        types = ontology.ladybug_columns()
        for table, name in gaps:
            if name is not None:
                self._execute(f"ALTER TABLE {table} ADD IF NOT EXISTS {name} {types[table][name]}")
        if gaps and self._current() is not None:
            self._dirty = self.upgraded = True

    def write(self, batch: Batch) -> None:
        if self.read_only:
            raise WriteRefused(f"{self.root} 以只读方式打开: 载入数据请用 `python -m ingest`")
        nodes, rels = node_groups(batch), rel_groups(batch)  # checked before anything is written
        tables = [(name, *check_table(name, table), table) for name, table in batch.tables.items()]
        from graph.queries import load_write

        self._created: dict[str, set[str]] = {}  # ids of nodes this write creates
        self._execute("BEGIN TRANSACTION")
        try:
            for name, params in batch.deletes:
                self._execute(load_write(name, self.dialect), params)
            for group in nodes:
                self._upsert_nodes(group)
            for name, kind, _, table in tables:
                if kind == "node":
                    self._write_node_table(name, table)
            for group in rels:
                self._upsert_rels(group)
            for name, kind, pairs, table in tables:
                for ends in pairs if kind == "rel" else ():
                    part = table
                    if "src_label" in table.column_names:  # a type that joins several pairs of labels
                        part = table.filter(pc.and_(pc.equal(table["src_label"], ends[0]),
                                                    pc.equal(table["dst_label"], ends[1])))
                        part = part.drop_columns(["src_label", "dst_label"])
                    self._write_rel_table(name, ends, part)
            self._execute("COMMIT")
        except BaseException:
            try:
                self._conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # LadybugDB already rolled back the failed transaction
            raise
        self._dirty = True
        self._writes += 1

    def _existing_ids(self, label: str, ids) -> set[str]:
        """The ones of ``ids`` (a list or an Arrow array) that are keys of stored ``label`` nodes."""
        if not len(ids):
            return set()
        if not self._execute(f"MATCH (n:{label}) RETURN n.id LIMIT 1").has_next():
            return set()
        keys = ids if isinstance(ids, (pa.Array, pa.ChunkedArray)) else pa.array(ids, type=pa.string())
        result = self._execute(f"LOAD FROM $t MATCH (n:{label} {{id: k}}) RETURN n.id", {"t": pa.table({"k": keys})})
        return {row[0] for row in result.get_all()}

    def _write_node_table(self, label: str, table: pa.Table) -> None:
        """Batch.tables rows of one label: new keys copied in column-wise; existing keys, duplicate
        keys and small tables go the way of rows (the same rules, see _upsert_nodes)."""
        types = _node_types(label)
        table = _full_table(table, [(c, c, types[c]) for c in types])
        ids = table["id"]
        if pc.count_distinct(ids).as_py() < table.num_rows:  # duplicates: folded the way rows are
            self._upsert_nodes(node_groups(Batch(nodes={label: table.to_pylist()}))[0])
            return
        existing = self._existing_ids(label, ids)
        new = table
        if existing:
            known = pc.is_in(ids, value_set=pa.array(list(existing), type=pa.string()))
            new = table.filter(pc.invert(known))
            self._upsert_nodes(node_groups(Batch(nodes={label: table.filter(known).to_pylist()}))[0])
        if new.num_rows < COPY_THRESHOLD:
            if new.num_rows:
                self._upsert_nodes(node_groups(Batch(nodes={label: new.to_pylist()}))[0])
            return
        self._created.setdefault(label, set()).update(new["id"].to_pylist())
        self._execute(f"COPY {label} FROM $t", {"t": new})

    def _write_rel_table(self, rel_type: str, ends: tuple[str, str], table: pa.Table) -> None:
        """Batch.tables rows of one relationship type: rows that touch a node this write created
        are new and copied in column-wise; the others (they may exist already), duplicates and small
        tables go the way of rows (see _upsert_rels)."""
        kind = ontology.rel_kind(rel_type)
        types = _rel_types(rel_type)
        src_label, dst_label = ends
        table = _full_table(table, [("src", "src", ontology.STRING), ("dst", "dst", ontology.STRING),
                                    *((c, c, types[c]) for c in types)])
        for m in kind.merge_on:  # a merge key may not be null: the default rows get (base._merge_default)
            table = table.set_column(table.column_names.index(m), m,
                                     pc.fill_null(table[m], -1 if types[m] == ontology.INT else ""))
        keys = ["src", "dst", *kind.merge_on]
        if table.group_by(keys).aggregate([]).num_rows < table.num_rows:  # duplicates: folded as rows
            self._upsert_rels(self._rel_group(rel_type, ends, table))
            return
        fresh = None
        for end, label in (("src", src_label), ("dst", dst_label)):
            created = self._created.get(label)
            if created:
                hit = pc.is_in(table[end], value_set=pa.array(list(created), type=pa.string()))
                fresh = hit if fresh is None else pc.or_(fresh, hit)
        new = table.filter(fresh) if fresh is not None else table.slice(0, 0)
        rest = table.filter(pc.invert(fresh)) if fresh is not None else table
        if new.num_rows < COPY_THRESHOLD:
            rest, new = table, table.slice(0, 0)
        if rest.num_rows:
            self._upsert_rels(self._rel_group(rel_type, ends, rest))
        if not new.num_rows:
            return
        for end, label in (("src", src_label), ("dst", dst_label)):
            wanted = set(pc.unique(new[end]).to_pylist()) - self._created.get(label, set())
            missing = sorted(wanted - self._existing_ids(label, sorted(wanted)))
            if missing:
                raise InputError(
                    f"{rel_type} 的行指向不存在的 {label} 节点: "
                    f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}; 请先载入这些节点")
        self._execute(f"COPY {rel_type} FROM $t (from='{src_label}', to='{dst_label}')",
                      {"t": new.rename_columns(["from", "to", *types])})

    @staticmethod
    def _rel_group(rel_type: str, ends: tuple[str, str], table: pa.Table) -> RelGroup:
        """Table rows of one pair of labels as a group of rows (the way of Batch.rels)."""
        rows = table.to_pylist()
        if len(ontology.rel_kind(rel_type).ends) > 1:
            rows = [{**r, "src_label": ends[0], "dst_label": ends[1]} for r in rows]
        return rel_groups(Batch(rels={rel_type: rows}))[0]

    def _upsert_nodes(self, group: NodeGroup) -> None:
        types = _node_types(group.label)
        existing = self._existing_ids(group.label, [r["id"] for r in group.rows])
        new = [r for r in group.rows if r["id"] not in existing]
        old = [r for r in group.rows if r["id"] in existing]
        self._created.setdefault(group.label, set()).update(r["id"] for r in new)
        if len(new) >= COPY_THRESHOLD:
            table = _arrow(new, [(c, c, types[c]) for c in group.columns])
            self._execute(f"COPY {group.label} FROM $t", {"t": table})
        elif new:
            table = _arrow(new, [(f"c_{c}", c, types[c]) for c in group.columns])
            props = ", ".join(f"{c}: c_{c}" for c in group.columns)
            self._execute(f"LOAD FROM $t CREATE (n:{group.label} {{{props}}})", {"t": table})
        # only the columns some row gives a value for (a null leaves the stored value anyway)
        given = [c for c in group.columns if c != "id" and any(r[c] is not None for r in old)]
        if given:
            table = _arrow(old, [(f"c_{c}", c, types[c]) for c in ("id", *given)])
            sets = ", ".join(f"n.{c} = coalesce(c_{c}, n.{c})" for c in given)
            self._execute(f"LOAD FROM $t MATCH (n:{group.label} {{id: c_id}}) SET {sets}", {"t": table})

    def _upsert_rels(self, group: RelGroup) -> None:
        types = _rel_types(group.rel_type)
        for end, label in (("src", group.src_label), ("dst", group.dst_label)):
            wanted = list({r[end] for r in group.rows} - self._created.get(label, set()))
            missing = sorted(set(wanted) - self._existing_ids(label, wanted))
            if missing:
                raise InputError(
                    f"{group.rel_type} 的行指向不存在的 {label} 节点: "
                    f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}; 请先载入这些节点")
        pattern = f"(a:{group.src_label})-[r:{group.rel_type}]->(b:{group.dst_label})"
        existing: set[tuple] = set()
        # A node this write created has no relationships yet: only rows between older nodes are looked
        # up (the look-up scans the relationship table, so it would slow down as the graph grows).
        created_src = self._created.get(group.src_label, set())
        created_dst = self._created.get(group.dst_label, set())
        maybe = [r for r in group.rows if r["src"] not in created_src and r["dst"] not in created_dst]
        if maybe and self._execute(f"MATCH {pattern} RETURN 1 LIMIT 1").has_next():
            keys = [("c_src", "src", ontology.STRING), ("c_dst", "dst", ontology.STRING)]
            keys += [(f"c_{m}", m, types[m]) for m in group.merge_on]
            merge = "".join(f", r.{m}" for m in group.merge_on)
            match = "".join(f" AND r.{m} = c_{m}" for m in group.merge_on)
            result = self._execute(
                f"LOAD FROM $t MATCH {pattern} WHERE a.id = c_src AND b.id = c_dst{match} "
                f"RETURN a.id, b.id{merge}", {"t": _arrow(maybe, keys)})
            existing = {tuple(row) for row in result.get_all()}

        def key(r):
            return (r["src"], r["dst"], *(r[m] for m in group.merge_on))

        if existing:
            new = [r for r in group.rows if key(r) not in existing]
            old = [r for r in group.rows if key(r) in existing]
        else:
            new, old = group.rows, []
        if len(new) >= COPY_THRESHOLD:
            cols = [("from", "src", ontology.STRING), ("to", "dst", ontology.STRING)]
            cols += [(c, c, types[c]) for c in group.columns]
            self._execute(f"COPY {group.rel_type} FROM $t (from='{group.src_label}', to='{group.dst_label}')",
                          {"t": _arrow(new, cols)})
        elif new:
            cols = [("c_src", "src", ontology.STRING), ("c_dst", "dst", ontology.STRING)]
            cols += [(f"c_{c}", c, types[c]) for c in group.columns]
            props = ", ".join(f"{c}: c_{c}" for c in group.columns)
            # two MATCH clauses: each end is found by its key (one comma pattern is a cross product)
            self._execute(f"LOAD FROM $t MATCH (a:{group.src_label} {{id: c_src}}) MATCH (b:{group.dst_label} {{id: c_dst}}) "
                          f"CREATE (a)-[r:{group.rel_type} {{{props}}}]->(b)", {"t": _arrow(new, cols)})
        settable = [c for c in group.columns if c not in group.merge_on and any(r[c] is not None for r in old)]
        if old and settable:
            cols = [("c_src", "src", ontology.STRING), ("c_dst", "dst", ontology.STRING)]
            cols += [(f"c_{c}", c, types[c]) for c in group.columns]
            match = "".join(f" AND r.{m} = c_{m}" for m in group.merge_on)
            sets = ", ".join(f"r.{c} = coalesce(c_{c}, r.{c})" for c in settable)
            self._execute(f"LOAD FROM $t MATCH {pattern} WHERE a.id = c_src AND b.id = c_dst{match} SET {sets}",
                          {"t": _arrow(old, cols)})


def _translate(text: str) -> StoreError:
    """LadybugDB's error text as one of our errors, with a Chinese message naming the fix."""
    if "Interrupted" in text:
        return QueryTimeout("查询超过时间上限, 已中止: 请缩小范围 (加 LIMIT 或筛选条件) 或调大 CHAINKG_QUERY_TIMEOUT")
    if "prepare multiple statements" in text:
        return cypher_guard.QueryRefused(f"已拒绝: 一次只能运行一条语句。{cypher_guard.ALLOWED_TEXT}")
    if "read-only" in text or "read only" in text.lower():
        return WriteRefused("这里只能查询, 不能创建、修改或删除数据; 载入数据请用 `python -m ingest`")
    return QueryError(f"Cypher 有误: {text.splitlines()[0] if text else text}")


def _first_value(rows: list[list], column: int):
    return next((row[column] for row in rows if row[column] is not None), None)


__all__ = ["LadybugStore", "StoreError"]
