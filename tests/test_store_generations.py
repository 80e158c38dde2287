"""The embedded store lets ingest write while the app reads, and never shows a half-written graph."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from graph.errors import StoreUnavailable
from graph.store import Batch, open_store
from tests.conftest import ROOT

WRITER = textwrap.dedent("""
    import os, sys
    from graph.store import Batch, open_store
    store = open_store(sys.argv[1])
    store.write(Batch(nodes={"Product": [{"id": f"new{i}", "name": "新产品"} for i in range(5)]}))
    if sys.argv[2] == "crash":
        os._exit(1)          # killed before publishing
    store.close()
""")


def seed(path) -> None:
    with open_store(str(path)) as store:
        store.write(Batch(nodes={"Product": [{"id": "p0", "name": "产品"}]}))


def run_writer(path, mode: str) -> int:
    return subprocess.run([sys.executable, "-c", WRITER, str(path), mode], cwd=ROOT).returncode


def test_a_writer_in_another_process_publishes_while_a_reader_holds_the_store(tmp_path):
    seed(tmp_path / "g")
    reader = open_store(str(tmp_path / "g"), read_only=True)
    assert 1 == reader.counts()["Product"]
    assert 0 == run_writer(tmp_path / "g", "ok")
    assert 1 == reader.counts()["Product"]       # the reader keeps its generation ...
    assert reader.refresh()                      # ... until it looks for a newer one
    assert 6 == reader.counts()["Product"]
    reader.close()


def test_a_writer_that_dies_publishes_nothing(tmp_path):
    seed(tmp_path / "g")
    assert 1 == run_writer(tmp_path / "g", "crash")
    reader = open_store(str(tmp_path / "g"), read_only=True)
    assert 1 == reader.counts()["Product"]
    reader.close()


def test_a_second_writer_is_told_to_wait(tmp_path):
    first = open_store(str(tmp_path / "g"))
    with pytest.raises(StoreUnavailable, match="另一个进程正在写入"):
        open_store(str(tmp_path / "g"))
    first.close()


def test_reading_a_store_that_was_never_built_names_the_build_command(tmp_path):
    with pytest.raises(StoreUnavailable, match="python -m ingest build"):
        open_store(str(tmp_path / "nothing"), read_only=True)


def test_a_reader_caps_its_page_cache_and_refuses_a_bad_setting(tmp_path, monkeypatch):
    from graph.errors import ConfigError
    from graph.store import open_store
    from graph.store.ladybug_store import reader_buffer_pool_bytes

    location = str(tmp_path / "graph")
    with open_store(location) as s:
        s.write(Batch(nodes={"Industry": [{"id": "甲", "name": "甲"}]}))
    monkeypatch.setenv("CHAINKG_BUFFER_POOL_MB", "128")
    assert 128 * 1024 * 1024 == reader_buffer_pool_bytes()
    with open_store(location, read_only=True) as s:
        assert [{"n": 1}] == s.read("MATCH (i:Industry) RETURN count(*) AS n")
        assert 128 * 1024 * 1024 == s._db_options["buffer_pool_size"]
    monkeypatch.setenv("CHAINKG_BUFFER_POOL_MB", "lots")
    with pytest.raises(ConfigError, match="CHAINKG_BUFFER_POOL_MB"):
        open_store(location, read_only=True)
