"""Choosing a store: CHAINKG_STORE or --store, and one clear line when it is wrong."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph.errors import ConfigError, StoreAuthError, StoreUnavailable
from graph.store import open_store
from graph.store.ladybug_store import LadybugStore
from tests.conftest import ROOT, neo4j_uri


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "graph", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_a_directory_means_the_embedded_store(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINKG_STORE", str(tmp_path / "g"))
    with open_store() as store:
        assert isinstance(store, LadybugStore)
        assert tmp_path / "g" == store.root


def test_an_unknown_scheme_is_refused_with_the_schemes_that_work():
    with pytest.raises(ConfigError, match="bolt://, neo4j:// or neo4j\\+s://"):
        open_store("http://localhost:7474")


def test_a_neo4j_uri_without_a_password_names_the_variable(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(ConfigError, match="NEO4J_PASSWORD"):
        open_store("bolt://127.0.0.1:1")


def test_a_missing_server_is_one_line_naming_the_fix(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    with pytest.raises(StoreUnavailable, match="make neo4j"):
        open_store("bolt://127.0.0.1:1")


def test_the_cli_reports_a_bad_store_in_one_line_without_a_traceback(tmp_path):
    for store, env in [("bolt://127.0.0.1:1", {"NEO4J_PASSWORD": "x"}), ("ftp://x", {}),
                       (str(tmp_path / "never-built"), {})]:
        proc = run_cli("counts", "--store", store, env=env)
        assert 2 == proc.returncode
        assert 1 == len(proc.stderr.strip().splitlines()), proc.stderr
        assert "Traceback" not in proc.stderr


@pytest.mark.neo4j
def test_a_refused_password_is_one_line_naming_the_variables(monkeypatch):
    uri = neo4j_uri()
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-password")
    with pytest.raises(StoreAuthError, match="NEO4J_USER 和 NEO4J_PASSWORD"):
        open_store(uri)
    proc = run_cli("counts", "--store", uri, env={"NEO4J_PASSWORD": "wrong-password"})
    assert (2, 1) == (proc.returncode, len(proc.stderr.strip().splitlines()))


@pytest.mark.neo4j
def test_an_unknown_database_names_the_variable(monkeypatch):
    monkeypatch.setenv("NEO4J_DATABASE", "nosuchdb")
    with pytest.raises(StoreUnavailable, match="NEO4J_DATABASE"):
        open_store(neo4j_uri())


@pytest.mark.neo4j
def test_the_cli_query_contract_on_neo4j(tmp_path):
    from graph.store import Batch
    from tests.conftest import make_store

    store = make_store("neo4j", tmp_path)
    store.write(Batch(nodes={"Industry": [{"id": "化学药", "name": "化学药"}]}))
    proc = run_cli("query", "MATCH (i:Industry) RETURN i.name AS name", "--json", "--store", store.uri)
    assert 0 == proc.returncode, proc.stderr
    assert '"name": "化学药"' in proc.stdout
    proc = run_cli("query", "CREATE (:Industry {id: 'x'})", "--store", store.uri)
    assert 2 == proc.returncode and "已拒绝" in proc.stderr
    store.close()
