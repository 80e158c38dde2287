"""Shared fixtures: real stores only.

``store`` runs a test on the embedded LadybugDB store and on the Neo4j server that `make test`
starts (CHAINKG_TEST_NEO4J). Without that server the Neo4j half skips with a reason, except in CI
(CI=true), where it fails: CI must test both stores.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOCS = ROOT / "data" / "docs"
SEED_2024 = DOCS / "2024-heze-strategic-emerging-industries.txt"
SEED_2025 = DOCS / "2025-heze-future-industries.txt"
POOL = SHARED / "datasets" / "chain-kg"


def isolate_decisions(monkeypatch, where: Path) -> Path:
    """Point the decisions file (and the earlier layout's two files) into ``where``; returns the
    decisions file's path."""
    monkeypatch.setenv("CHAINKG_DECISIONS", str(where / "decisions.json"))
    monkeypatch.setenv("CHAINKG_CURATION", str(where / "curation.json"))
    monkeypatch.setenv("CHAINKG_ASSIGNMENTS", str(where / "assignments.json"))
    return where / "decisions.json"


@pytest.fixture(autouse=True)
def user_decision_files(tmp_path_factory, monkeypatch):
    """Tests never read or write the developer's data/decisions.json (nor the earlier layout's
    data/curation.json and data/assignments.json). Module-scoped fixtures that load call
    :func:`isolate_decisions` themselves."""
    return isolate_decisions(monkeypatch, tmp_path_factory.mktemp("decisions"))


def neo4j_uri() -> str:
    uri = os.environ.get("CHAINKG_TEST_NEO4J")
    if not uri:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test Neo4j: run the suite through `make test`, which starts the server")
        pytest.skip("no Neo4j server: `make test` starts one (needs Java 17 and Maven), "
                    "or set CHAINKG_TEST_NEO4J and NEO4J_PASSWORD")
    return uri


def clear_neo4j(store) -> None:
    with store._driver.session(database=store.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def make_store(kind: str, tmp_path: Path):
    if kind == "ladybug":
        return open_store(str(tmp_path / "graph"))
    store = open_store(neo4j_uri())
    clear_neo4j(store)
    store.ensure_schema()
    return store


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    """A fresh, empty, writable store of each kind."""
    s = make_store(request.param, tmp_path)
    yield s
    s.close()


@pytest.fixture
def both_stores(tmp_path):
    """A fresh embedded store and a fresh Neo4j store, side by side."""
    lady = make_store("ladybug", tmp_path)
    neo = make_store("neo4j", tmp_path)
    yield lady, neo
    lady.close()
    neo.close()


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared material sits beside the checkout as ../shared")
    return path
