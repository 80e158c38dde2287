"""The Neo4j store, through the official driver.

``bolt://`` reaches one server; ``neo4j://`` and ``neo4j+s://`` route, so the same code serves a
cluster or Aura. Reads use READ routing so a cluster can answer them from followers; a batch is
written in one ``execute_write`` transaction (the driver retries transient failures), so a failure
leaves the database as it was.
"""

from __future__ import annotations

from graph import ontology
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
from graph.store.base import Batch, QueryResult, Store, node_groups, query_limits, rel_groups

CHUNK = 10_000


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
            raise ConfigError(f"bad Neo4j URI {uri!r}: {err}; use bolt://HOST:PORT, neo4j://HOST:PORT "
                              "or neo4j+s://HOST") from err
        try:
            self._driver.verify_connectivity()
            self._driver.execute_query("RETURN 1", database_=self.database,
                                       routing_=neo4j.RoutingControl.READ)
        except Exception as err:
            self._driver.close()
            raise self._translate(err) from err
        self.user = user

    def _translate(self, err: Exception) -> StoreError:
        exc = self._neo4j.exceptions
        if isinstance(err, StoreError):
            return err
        if isinstance(err, exc.AuthError):
            return StoreAuthError(f"Neo4j at {self.uri} refused the credentials: check NEO4J_USER and "
                                  "NEO4J_PASSWORD")
        if isinstance(err, (exc.ServiceUnavailable, exc.SessionExpired, OSError)):
            return StoreUnavailable(f"cannot reach Neo4j at {self.uri}: start it (`make neo4j`) or fix "
                                    "CHAINKG_STORE / --store")
        code = getattr(err, "code", "") or ""
        if "DatabaseNotFound" in code:
            return StoreUnavailable(f"Neo4j at {self.uri} has no database {self.database!r}: fix "
                                    "NEO4J_DATABASE")
        if "TransactionTimedOut" in code or "Timeout" in code:
            return QueryTimeout("the query ran past its time limit: narrow it (add LIMIT or a filter) or "
                                "raise CHAINKG_QUERY_TIMEOUT")
        if "AccessMode" in code or "Forbidden" in code or "WriteOnReadOnlyAccess" in code:
            return WriteRefused("this path is read-only: queries here cannot create, change or delete data")
        if isinstance(err, exc.Neo4jError):
            return QueryError(f"Cypher error: {err.message or err}")
        return StoreError(f"Neo4j failed: {err}")

    def _session(self, read: bool):
        mode = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    # --- reads ---------------------------------------------------------------------------------

    def read(self, cypher: str, params: dict | None = None) -> list[dict]:
        try:
            records, _, keys = self._driver.execute_query(
                cypher, params or {}, database_=self.database, routing_=self._neo4j.RoutingControl.READ)
        except Exception as err:
            raise self._translate(err) from err
        return [{k: _plain(record[k]) for k in keys} for record in records]

    def analyst_query(self, cypher, params=None, *, timeout=None, row_cap=None) -> QueryResult:
        timeout_s, cap = query_limits(timeout, row_cap)
        params = params or {}
        try:
            with self._session(read=True) as session:
                kind = session.run("EXPLAIN " + cypher, params).consume().query_type
                if kind != "r":
                    raise WriteRefused("this path is read-only: the query would create, change or delete data "
                                       "(or the schema); load data with `python -m ingest`")
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
        rows = self.read("MATCH (n) RETURN count(n) AS n")
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS n")
        return f"{rows[0]['n']}:{rels[0]['n']}"

    # --- writes --------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        try:
            for statement in ontology.neo4j_schema():
                self._driver.execute_query(statement, database_=self.database)
        except Exception as err:
            raise self._translate(err) from err

    def write(self, batch: Batch) -> None:
        nodes, rels = node_groups(batch), rel_groups(batch)  # checked before anything is written
        from graph.queries import load_write

        def work(tx):
            for name, params in batch.deletes:
                tx.run(load_write(name, self.dialect), params).consume()
            for group in nodes:
                statement = (f"UNWIND $rows AS row MERGE (n:{group.label} {{id: row.id}}) "
                             "SET n += row.props")
                for chunk in _chunks(group.rows):
                    rows = [{"id": r["id"], "props": _no_nulls(r)} for r in chunk]
                    tx.run(statement, rows=rows).consume()
            for group in rels:
                merge = ", ".join(f"{m}: row.{m}" for m in group.merge_on)
                statement = (f"UNWIND $rows AS row MATCH (a:{group.src_label} {{id: row.src}}) "
                             f"MATCH (b:{group.dst_label} {{id: row.dst}}) "
                             f"MERGE (a)-[r:{group.rel_type}{' {' + merge + '}' if merge else ''}]->(b) "
                             "SET r += row.props RETURN count(*) AS n")
                for chunk in _chunks(group.rows):
                    rows = [{"src": r["src"], "dst": r["dst"], **{m: r[m] for m in group.merge_on},
                             "props": _no_nulls({c: r[c] for c in group.columns})} for r in chunk]
                    written = tx.run(statement, rows=rows).single()["n"]
                    if written != len(rows):
                        raise InputError(
                            f"{group.rel_type} rows point to {group.src_label} or {group.dst_label} nodes "
                            "that do not exist; load those nodes first")

        try:
            with self._session(read=False) as session:
                session.execute_write(work)
        except InputError:
            raise
        except Exception as err:
            raise self._translate(err) from err

    def close(self) -> None:
        self._driver.close()


def _chunks(rows, size=CHUNK):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _no_nulls(row: dict) -> dict:
    return {k: v for k, v in row.items() if v is not None and k != "id"}


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
