"""Smoke check of a running dev Neo4j server (started by tools/neo4j/neo4j.sh start).

Run:  .venv/bin/python tools/neo4j/smoke_check.py
Env:  NEO4J_PORT (7687), NEO4J_PASSWORD (chainkg-test).

Checks the behaviours the project relies on and prints, for each failure mode, the exception
class and Neo4j status code the Python driver raises. Exits 1 if any check fails.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable

import neo4j
from neo4j import exceptions as nx

PORT = int(os.environ.get("NEO4J_PORT", "7687"))
PASSWORD = os.environ.get("NEO4J_PASSWORD", "chainkg-test")
URI = f"bolt://127.0.0.1:{PORT}"
AUTH = ("neo4j", PASSWORD)
LONG_QUERY = "UNWIND range(1,100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*)"

failures: list[str] = []


def report(name: str, ok: bool, detail: str) -> None:
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    if not ok:
        failures.append(name)


def describe(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    gql = getattr(exc, "gql_status", None)
    return f"{type(exc).__module__}.{type(exc).__name__} code={code} gql_status={gql}"


def expect_error(name: str, expected: type[BaseException], action: Callable[[], object]) -> None:
    try:
        action()
    except expected as exc:
        report(name, True, describe(exc))
    except Exception as exc:  # noqa: BLE001 - report whatever else came back
        report(name, False, f"expected {expected.__name__}, got {describe(exc)}")
    else:
        report(name, False, f"expected {expected.__name__}, no error raised")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    def refused() -> None:
        with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{free_port()}", auth=AUTH) as d:
            d.verify_connectivity()

    expect_error("connection refused", nx.ServiceUnavailable, refused)

    def wrong_password() -> None:
        with neo4j.GraphDatabase.driver(URI, auth=("neo4j", PASSWORD + "-wrong")) as d:
            d.verify_connectivity()

    expect_error("wrong password", nx.AuthError, wrong_password)

    with neo4j.GraphDatabase.driver(URI, auth=AUTH) as driver:
        records = driver.execute_query("RETURN 1 AS one").records
        report("RETURN 1", [r["one"] for r in records] == [1], f"records={records}")

        driver.execute_query("CREATE CONSTRAINT x IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE")
        driver.execute_query("CREATE CONSTRAINT x IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE")
        names = [r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records]
        report("uniqueness constraint created (idempotent)", "x" in names, f"constraints={names}")
        driver.execute_query("MERGE (:Company {id: 'smoke-1'})")
        expect_error(
            "duplicate key refused",
            nx.ConstraintError,
            lambda: driver.execute_query("CREATE (:Company {id: 'smoke-1'})"),
        )

        def write_in_read_session() -> None:
            with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
                session.run("CREATE (n)").consume()

        expect_error("write in READ session", nx.ClientError, write_in_read_session)
        expect_error(
            "write via execute_query(routing_=READ)",
            nx.ClientError,
            lambda: driver.execute_query("CREATE (n)", routing_=neo4j.RoutingControl.READ),
        )

        def write_in_execute_read() -> None:
            with driver.session() as session:
                session.execute_read(lambda tx: tx.run("CREATE (n)").consume())

        expect_error("write in session.execute_read", nx.ClientError, write_in_execute_read)

        summary = driver.execute_query("EXPLAIN MATCH (c:Company) RETURN c").summary
        report("EXPLAIN read query_type", summary.query_type == "r", f"query_type={summary.query_type!r}")
        summary = driver.execute_query("EXPLAIN CREATE (c:Company {id: 'z'})").summary
        report("EXPLAIN write query_type", summary.query_type == "w", f"query_type={summary.query_type!r}")
        count = driver.execute_query("MATCH (c:Company {id: 'z'}) RETURN count(c) AS n").records[0]["n"]
        report("EXPLAIN did not execute", count == 0, f"count={count}")

        started = time.monotonic()
        expect_error(
            "per-transaction timeout=1",
            nx.ClientError,
            lambda: driver.execute_query(neo4j.Query(LONG_QUERY, timeout=1)),
        )
        elapsed = time.monotonic() - started
        report("timeout fired promptly", elapsed < 10, f"{elapsed:.1f}s")

        expect_error(
            "syntax error",
            nx.CypherSyntaxError,
            lambda: driver.execute_query("MATCH (n RETURN n"),
        )
        driver.execute_query("MATCH (c:Company) DETACH DELETE c")

    print(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
