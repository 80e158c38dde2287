"""The Neo4j store, through the official driver.

``bolt://`` reaches one server; ``neo4j://`` and ``neo4j+s://`` route, so the same code serves a
cluster or Aura. Reads use READ routing so a cluster can answer them from followers.

All or nothing. ``store.write(batch)`` stays the one write call; what it is part of depends on how
the store is used:

- inside ``with open_store(...) as store:`` (every command that writes) the store is a unit of
  work: the first write opens one explicit transaction, every later write and every read of the
  writer runs in it (so the writer sees what it wrote), and the block's end commits it; a block
  that raises rolls it back (``abort``), so a multi-batch load that fails part-way is never
  visible. A conflict with another writer (the same new key stored meanwhile) fails the unit: it
  is rolled back whole and the command can be run again.
- outside a ``with`` block each write is its own ``execute_write`` transaction (the driver
  retries transient failures), so a failed batch leaves the database as it was.

Every transaction that writes also stamps a fresh random token on the one ``ChainKGMeta`` node;
``version()`` is that token with the node and relationship counts, so it changes whenever stored
data changes, property-only changes included (the app keys its caches on it).

Analyst queries pass graph.cypher_guard's allow-list, then the planner must call them read-only
(``EXPLAIN`` query type "r"), and they run in a READ session with the time limit as the
transaction timeout.

Writing a batch (see ``Neo4jStore._write``): one look-up per label finds which keys are stored and
their element ids; new nodes are CREATEd, stored ones updated by element id, and relationships
with a new end CREATEd (they cannot exist yet), the others MERGEd; both ends are matched by
element id, not by key. If another writer changes those keys between the look-up and the write,
the batch is written again with MERGE only. Statements take ``UNWIND $rows`` lists of lists in
chunks of :data:`CHUNK` rows.
"""

from __future__ import annotations

from itertools import repeat
from operator import is_not, itemgetter

from graph import cypher_guard, ontology
from graph.errors import (
    ConfigError,
    InputError,
    QueryError,
    QueryTimeout,
    StoreAuthError,
    StoreError,
    StoreUnavailable,
    WriteRefused,
)
from graph.store.base import (
    META_LABEL,
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

_BUMP = f"MERGE (m:{META_LABEL} {{id: 'version'}}) SET m.version = randomUUID()"
CHUNK = 10_000      # rows per statement
ID_CHUNK = 50_000   # keys per look-up of stored nodes


class Neo4jStore(Store):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None):
        import neo4j

        self._neo4j = neo4j
        self.uri = uri
        self.database = database or None
        self.description = f"Neo4j {uri}" + (f" ({database})" if database else "")
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                                      notifications_min_severity="OFF")
        except (ValueError, neo4j.exceptions.ConfigurationError) as err:
            raise ConfigError(f"Neo4j 地址 {uri!r} 无效 ({err}): 请用 bolt://主机:端口、neo4j://主机:端口 "
                              "或 neo4j+s://主机") from err
        try:
            self._driver.verify_connectivity()
            self._driver.execute_query("RETURN 1", database_=self.database,
                                       routing_=neo4j.RoutingControl.READ)
        except Exception as err:
            self._driver.close()
            raise self._translate(err) from err
        self.user = user
        self._unit = False      # inside a with block: writes gather in one transaction
        self._unit_session = None
        self._tx = None
        self._failed = None     # the error that broke the unit, if any
        self._schema_ok = False  # the key constraints are made before the first write

    def _translate(self, err: Exception) -> StoreError:
        exc = self._neo4j.exceptions
        if isinstance(err, StoreError):
            return err
        if isinstance(err, exc.AuthError):
            return StoreAuthError(f"Neo4j ({self.uri}) 拒绝了用户名或密码: 请检查 NEO4J_USER 和 NEO4J_PASSWORD")
        if isinstance(err, (exc.ServiceUnavailable, exc.SessionExpired, OSError)):
            return StoreUnavailable(f"连不上 Neo4j ({self.uri}): 请启动它 (`make neo4j`) 或改正 CHAINKG_STORE / --store")
        code = getattr(err, "code", "") or ""
        if "DatabaseNotFound" in code:
            return StoreUnavailable(f"Neo4j ({self.uri}) 没有数据库 {self.database!r}: 请改正 NEO4J_DATABASE")
        if "TransactionTimedOut" in code or "Timeout" in code:
            return QueryTimeout("查询超过时间上限, 已中止: 请缩小范围 (加 LIMIT 或筛选条件) 或调大 CHAINKG_QUERY_TIMEOUT")
        if "AccessMode" in code or "Forbidden" in code or "WriteOnReadOnlyAccess" in code:
            return WriteRefused("这里只能查询, 不能创建、修改或删除数据; 载入数据请用 `python -m ingest`")
        if isinstance(err, exc.Neo4jError):
            return QueryError(f"Cypher 有误: {(err.message or str(err)).splitlines()[0]}")
        return StoreError(f"Neo4j 出错: {err}")

    def _session(self, read: bool):
        mode = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    # --- reads ---------------------------------------------------------------------------------

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        if self._tx is not None:  # a writer's unit of work reads what it wrote
            try:
                result = self._tx.run(cypher, params or {})
                keys = result.keys()
                return [{k: _plain(record[k]) for k in keys} for record in result]
            except Exception as err:
                self._fail(err)
                raise self._translate(err) from err
        try:
            records, _, keys = self._driver.execute_query(
                cypher, params or {}, database_=self.database, routing_=self._neo4j.RoutingControl.READ)
        except Exception as err:
            raise self._translate(err) from err
        return [{k: _plain(record[k]) for k in keys} for record in records]

    def analyst_query(self, cypher, params=None, *, timeout=None, row_cap=None) -> QueryResult:
        timeout_s, cap = query_limits(timeout, row_cap)
        called = cypher_guard.check(cypher, self.dialect)
        params = params or {}
        try:
            with self._session(read=True) as session:
                kind = session.run("EXPLAIN " + cypher, params).consume().query_type
                if kind != "r" and not (kind == "s" and called and called <= cypher_guard.NEO4J_DBMS_READS):
                    raise WriteRefused("这里只能查询: 该语句会创建、修改或删除数据 (或结构); "
                                       "载入数据请用 `python -m ingest`")
                with session.begin_transaction(timeout=timeout_s) as tx:
                    result = tx.run(cypher, params)
                    columns = list(result.keys())
                    rows = []
                    for record in result:
                        rows.append({k: _plain(record[k]) for k in columns})
                        if len(rows) > cap:
                            break
                    tx.rollback()
        except Exception as err:
            raise self._translate(err) from err
        return QueryResult(columns, rows[:cap], truncated=len(rows) > cap)

    def version(self) -> str:
        """The token of the last write with the node and relationship counts (the counts catch
        changes made by other means, such as clearing the database)."""
        token = self.read(f"MATCH (m:{META_LABEL} {{id: 'version'}}) RETURN m.version AS v")
        rows = self.read("MATCH (n) RETURN count(n) AS n")
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n")
        return f"{token[0]['v'] if token else '-'}:{rows[0]['n']}:{rels[0]['n']}"

    # --- writes --------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """The key constraints and indexes (``IF NOT EXISTS``: cheap when they are there). A writer
        makes them before its first write, outside any transaction of its own."""
        try:
            for statement in ontology.neo4j_schema():
                self._driver.execute_query(statement, database_=self.database)
        except Exception as err:
            raise self._translate(err) from err
        self._schema_ok = True

    def write(self, batch: Batch) -> None:
        for name, table in batch.tables.items():
            check_table(name, table)
        batch = batch.as_rows()  # Arrow tables go in as rows here
        nodes, rels = node_groups(batch), rel_groups(batch)  # checked before anything is written
        if not self._schema_ok and self._tx is None:
            self.ensure_schema()  # unique keys: what the CREATE path and its retry rely on
        if self._unit:
            self._write_in_unit(batch.deletes, nodes, rels)
            return
        try:
            self._write(batch.deletes, nodes, rels, look_up=True)
        except (self._neo4j.exceptions.ConstraintError, _StaleLookUp):
            # Another writer stored a key this batch was creating, or deleted a node it was
            # updating, between our look-up and our write; the transaction rolled back. Write the
            # batch again with MERGE only.
            self._write(batch.deletes, nodes, rels, look_up=False)

    def _work(self, deletes: list, nodes: list[NodeGroup], rels: list[RelGroup], *, look_up: bool):
        """The statements of one batch, as a function of a transaction: the deletes, then the nodes,
        then the relationships. With ``look_up``, one look-up finds which keys are stored: the other
        nodes are CREATEd (and so are the relationships that touch them), the stored ones updated
        by element id. Without, every node and relationship is MERGEd."""
        from graph.queries import load_write

        def work(tx):
            refs: dict[str, dict[str, str]] = {}  # label -> key -> element id, of the nodes seen so far
            created: dict[str, set[str]] = {}  # label -> keys of the nodes this transaction creates
            for name, params in deletes:
                tx.run(load_write(name, self.dialect), params).consume()
            for group in nodes:
                stored = _stored_refs(tx, group.label, [r["id"] for r in group.rows]) if look_up else None
                new = _upsert_nodes(tx, group, stored, refs.setdefault(group.label, {}))
                created.setdefault(group.label, set()).update(new)
            for group in rels:
                _upsert_rels(tx, group, refs, created)

        return work

    def _write(self, deletes: list, nodes: list[NodeGroup], rels: list[RelGroup], *, look_up: bool) -> None:
        """One batch in one transaction of its own (see _work), with the version token bumped."""
        work = self._work(deletes, nodes, rels, look_up=look_up)

        def work_and_bump(tx):
            work(tx)
            tx.run(_BUMP).consume()

        try:
            with self._session(read=False) as session:
                session.execute_write(work_and_bump)
        except (InputError, _StaleLookUp):
            raise
        except self._neo4j.exceptions.ConstraintError as err:
            if look_up:
                raise  # write() tries again with MERGE only
            raise self._translate(err) from err
        except Exception as err:
            raise self._translate(err) from err

    # --- the unit of work of a with block ---------------------------------------------------------

    def __enter__(self):
        self._unit = True
        return self

    def _write_in_unit(self, deletes: list, nodes: list[NodeGroup], rels: list[RelGroup]) -> None:
        if self._failed is not None:
            raise StoreError("这次载入已经失败并整体撤销, 之后的写入不再进行: 请修正上面的错误后重新运行") from self._failed
        if self._tx is None:
            try:
                self._unit_session = self._session(read=False)
                self._tx = self._unit_session.begin_transaction()
            except Exception as err:
                raise self._translate(err) from err
        try:
            self._work(deletes, nodes, rels, look_up=True)(self._tx)
        except BaseException as err:
            self._fail(err)
            if isinstance(err, (self._neo4j.exceptions.ConstraintError, _StaleLookUp)):
                raise StoreError("另一个进程同时写入了相同的数据, 这次载入已整体撤销: 请重新运行") from err
            if isinstance(err, (InputError, StoreError, KeyboardInterrupt)) or not isinstance(err, Exception):
                raise
            raise self._translate(err) from err

    def _fail(self, err: BaseException) -> None:
        """The unit's transaction is broken: roll it back now (nothing it wrote becomes visible)."""
        if self._tx is None:
            return
        self._failed = err
        self._end_unit(commit=False)

    def _end_unit(self, *, commit: bool) -> None:
        tx, session = self._tx, self._unit_session
        self._tx = self._unit_session = None
        if tx is None:
            return
        try:
            if commit:
                tx.run(_BUMP).consume()
                tx.commit()
            else:
                tx.rollback()
        except Exception as err:
            if commit:
                raise self._translate(err) from err
        finally:
            tx.close()
            session.close()

    def close(self) -> None:
        """Commit the unit of work (if a with block wrote), then close the driver."""
        try:
            self._end_unit(commit=self._failed is None)
        finally:
            self._unit = False
            self._driver.close()

    def abort(self) -> None:
        """Roll the unit of work back (nothing of it becomes visible), then close the driver."""
        try:
            self._end_unit(commit=False)
        finally:
            self._unit = False
            self._driver.close()


def _chunks(rows, size=CHUNK):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _given(rows: list[dict], columns) -> list[str]:
    """The columns some row has a value for (the others would only write nulls)."""
    return [c for c in columns if any(map(is_not, map(itemgetter(c), rows), repeat(None)))]


def _values(columns: list[str]):
    """row -> the row's values of ``columns``, as a tuple."""
    if len(columns) == 1:
        get = itemgetter(columns[0])
        return lambda row: (get(row),)
    return itemgetter(*columns) if columns else lambda row: ()


# Rows go to the server as lists (key first), not maps: no key per value to pack, send and parse.

def create_nodes_cypher(label: str, columns: list[str]) -> str:
    """CREATE nodes whose key is not stored yet (a null column is simply not set); returns
    [key, element id] pairs."""
    props = "".join(f", {c}: row[{i}]" for i, c in enumerate(columns, 1))
    return (f"UNWIND $rows AS row CREATE (n:{label} {{id: row[0]{props}}}) "
            "RETURN collect([row[0], elementId(n)]) AS refs")


def _sets(var: str, columns: list[str], first: int) -> str:
    # A null leaves the stored value (Neo4j skips setting a property to the value it has).
    # Named properties, not ``SET n += map``: a map hides which properties change, so the planner
    # adds an Eager operator that buffers every row.
    return ", ".join(f"{var}.{c} = coalesce(row[{i}], {var}.{c})" for i, c in enumerate(columns, first))


def update_nodes_cypher(label: str, columns: list[str]) -> str:
    """Set properties of stored nodes found by element id (row[0]); counts the nodes found."""
    return (f"UNWIND $rows AS row MATCH (n:{label}) WHERE elementId(n) = row[0] SET {_sets('n', columns, 1)} "
            "RETURN count(*) AS n")


def merge_nodes_cypher(label: str, columns: list[str]) -> str:
    """MERGE nodes by key and set the other properties; returns [key, element id] pairs."""
    sets = f" SET {_sets('n', columns, 1)}" if columns else ""
    return (f"UNWIND $rows AS row MERGE (n:{label} {{id: row[0]}}){sets} "
            "RETURN collect([row[0], elementId(n)]) AS refs")


def _ends_cypher(group: RelGroup) -> str:
    # Both ends by element id (looked up once per key, see _upsert_rels): a direct record read,
    # where a MATCH by key costs one index seek per row and end.
    return (f"UNWIND $rows AS row MATCH (a:{group.src_label}) WHERE elementId(a) = row[0] "
            f"MATCH (b:{group.dst_label}) WHERE elementId(b) = row[1] ")


def create_rels_cypher(group: RelGroup, columns: list[str]) -> str:
    """CREATE relationships that cannot exist yet (one of their ends is new); counts the rows written."""
    props = ", ".join(f"{c}: row[{i}]" for i, c in enumerate(columns, 2))
    return (_ends_cypher(group) + f"CREATE (a)-[r:{group.rel_type}{' {' + props + '}' if props else ''}]->(b) "
            "RETURN count(*) AS n")


def merge_rels_cypher(group: RelGroup, columns: list[str]) -> str:
    """MERGE relationships by their ends and ``merge_on`` properties, then set the others (a null
    leaves the stored value); counts the rows written. ``columns`` start with the ``merge_on`` ones."""
    k = len(group.merge_on)
    assert tuple(columns[:k]) == group.merge_on, columns
    key = ", ".join(f"{m}: row[{i}]" for i, m in enumerate(group.merge_on, 2))
    sets = _sets("r", columns[k:], 2 + k)
    return (_ends_cypher(group) + f"MERGE (a)-[r:{group.rel_type}{' {' + key + '}' if key else ''}]->(b) "
            + (f"SET {sets} " if sets else "") + "RETURN count(*) AS n")


def _stored_refs(tx, label: str, keys: list[str]) -> dict[str, str]:
    """Key -> element id of the ``label`` nodes among ``keys`` that are stored (an index seek each)."""
    statement = f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN collect([id, elementId(n)]) AS refs"
    found: dict[str, str] = {}
    for chunk in _chunks(keys, ID_CHUNK):
        found.update(tx.run(statement, ids=chunk).single()["refs"])
    return found


class _StaleLookUp(Exception):
    """A node the look-up found was deleted before this transaction updated it."""


def _upsert_nodes(tx, group: NodeGroup, stored: dict[str, str] | None, refs: dict[str, str]) -> list[str]:
    """CREATE the nodes whose key is not in ``stored`` and update the others by element id, or
    MERGE every node when ``stored`` is None. Adds every node's element id to ``refs``; returns
    the keys created."""
    columns = [c for c in group.columns if c != "id"]

    def run(cypher, rows, key):
        given = _given(rows, columns)
        statement = cypher(group.label, given)
        for chunk in _chunks(rows):
            values = _values(given)
            yield chunk, tx.run(statement, rows=[[key(r), *values(r)] for r in chunk]).single()

    if stored is None:
        for _, record in run(merge_nodes_cypher, group.rows, lambda r: r["id"]):
            refs.update(record["refs"])
        return []
    new, old = [], []
    for r in group.rows:
        (old if r["id"] in stored else new).append(r)
    for _, record in run(create_nodes_cypher, new, lambda r: r["id"]):
        refs.update(record["refs"])
    refs.update((r["id"], stored[r["id"]]) for r in old)
    if _given(old, columns):
        for chunk, record in run(update_nodes_cypher, old, lambda r: stored[r["id"]]):
            if record["n"] != len(chunk):
                raise _StaleLookUp(group.label)
    return [r["id"] for r in new]


def _upsert_rels(tx, group: RelGroup, refs: dict[str, dict[str, str]], created: dict[str, set[str]]) -> None:
    """CREATE the relationships with an end this transaction created (they cannot exist yet), MERGE
    the others; refuse the group if an end does not exist. ``refs`` gains the ends looked up."""
    for end, label in (("src", group.src_label), ("dst", group.dst_label)):
        known = refs.setdefault(label, {})
        wanted = sorted({r[end] for r in group.rows} - known.keys())
        if wanted:
            known.update(_stored_refs(tx, label, wanted))
            missing = [k for k in wanted if k not in known]
            if missing:
                raise InputError(
                    f"{group.rel_type} 的行指向不存在的 {label} 节点: "
                    f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}; 请先载入这些节点")
    src_refs, dst_refs = refs[group.src_label], refs[group.dst_label]
    new_src, new_dst = created.get(group.src_label, set()), created.get(group.dst_label, set())
    new, old = [], []
    for r in group.rows:
        (new if r["src"] in new_src or r["dst"] in new_dst else old).append(r)
    for rows, cypher in ((new, create_rels_cypher), (old, merge_rels_cypher)):
        if not rows:
            continue
        given = [*group.merge_on, *_given(rows, [c for c in group.columns if c not in group.merge_on])]
        statement = cypher(group, given)
        values = _values(given)
        for chunk in _chunks(rows):
            written = tx.run(statement, rows=[[src_refs[r["src"]], dst_refs[r["dst"]], *values(r)]
                                              for r in chunk]).single()["n"]
            if written != len(chunk):  # an end was deleted meanwhile by another writer
                raise InputError(
                    f"{group.rel_type} 的行指向不存在的 {group.src_label} 或 {group.dst_label} 节点: "
                    "请先载入这些节点")


def _plain(value):
    """Driver values as plain Python: nodes and relationships become dicts with _label / _type."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        out = dict(value.items())
        out["_label"] = next(iter(value.labels), "")
        out["_ref"] = value.element_id
        return out
    if isinstance(value, Relationship):
        out = dict(value.items())
        out["_type"] = value.type
        out["_src_ref"] = value.start_node.element_id
        out["_dst_ref"] = value.end_node.element_id
        return out
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "rels": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
