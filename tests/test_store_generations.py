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


SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from graph.store import Batch, open_store
    store = open_store(sys.argv[1])
    store.write(Batch(nodes={"Product": [{"id": f"orphan{i}", "name": "孤儿"} for i in range(50)]}))
    print("WROTE", flush=True)
    time.sleep(60)           # killed here, mid-write, before publishing
""")


def kill_mid_write(path) -> None:
    """A writer killed with SIGKILL after it wrote into its generation, before it published."""
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    assert "WROTE" == proc.stdout.readline().strip()
    proc.kill()  # SIGKILL: no cleanup of any kind
    proc.wait()
    proc.stdout.close()


def generations(path) -> set[str]:
    return {p.name for p in path.glob("gen-*")}


def test_orphans_of_killed_writers_are_removed_and_the_published_graph_kept(tmp_path):
    g = tmp_path / "g"
    seed(g)
    first = (g / "CURRENT").read_text()
    reader = open_store(str(g), read_only=True)  # holds the published generation throughout
    kill_mid_write(g)
    orphan = generations(g) - {first}
    assert 1 == len(orphan)  # left behind on disk ...
    kill_mid_write(g)
    assert orphan.isdisjoint(generations(g))  # ... removed by the next writer, which left its own
    assert 1 == len(generations(g) - {first})
    assert 0 == run_writer(g, "ok")
    second = (g / "CURRENT").read_text()
    assert second != first
    assert generations(g) == {first, second}  # no orphan after a normal write; both published kept
    assert 1 == reader.counts()["Product"]  # the reader's generation was not touched
    assert reader.refresh()
    assert 6 == reader.counts()["Product"]
    assert [] == reader.read("MATCH (p:Product) WHERE p.id STARTS WITH 'orphan' RETURN p.id AS id")
    reader.close()
    with open_store(str(g), read_only=True) as again:
        assert 6 == again.counts()["Product"]


def test_only_the_last_published_generations_are_kept(tmp_path):
    g = tmp_path / "g"
    published = []
    for i in range(5):
        with open_store(str(g)) as store:
            store.write(Batch(nodes={"Product": [{"id": f"p{i}", "name": "产品"}]}))
        published.append((g / "CURRENT").read_text())
    assert generations(g) == set(published[-3:])
    assert published[-3:] == (g / "PUBLISHED").read_text().split()


def test_a_writer_whose_block_raises_publishes_nothing(tmp_path):
    g = tmp_path / "g"
    seed(g)
    before = (g / "CURRENT").read_text()
    with pytest.raises(RuntimeError, match="boom"):
        with open_store(str(g)) as store:
            for i in range(3):
                store.write(Batch(nodes={"Product": [{"id": f"new{i}", "name": "新产品"}]}))
            raise RuntimeError("boom")
    assert before == (g / "CURRENT").read_text()
    assert generations(g) == {before}  # the discarded generation is gone
    with open_store(str(g), read_only=True) as reader:
        assert 1 == reader.counts()["Product"]
    with open_store(str(g)) as store:  # and the lock was released
        store.write(Batch(nodes={"Product": [{"id": "later", "name": "后来"}]}))


def test_a_graph_made_by_an_older_version_is_refused_by_readers_until_one_writer_brings_it_up_to_date(tmp_path):
    path = tmp_path / "graph"
    seed(path)
    with open_store(str(path)) as store:  # an older version had no ChainLink.exclusions column
        store.write(Batch(nodes={"Product": [{"id": "p1", "name": "产品一"}]}))
        store._execute("ALTER TABLE ChainLink DROP exclusions")
    with pytest.raises(StoreUnavailable, match="旧版本.*ChainLink.exclusions.*ingest build"):
        open_store(str(path), read_only=True)
    writer = open_store(str(path))
    assert writer.upgraded
    writer.close()  # nothing written, yet the upgraded generation is published
    with open_store(str(path), read_only=True) as reader:
        assert {"p0", "p1"} == {r["id"] for r in reader.read("MATCH (p:Product) RETURN p.id AS id")}
        assert [] == reader.read("MATCH (l:ChainLink) RETURN l.exclusions AS x")
    with open_store(str(path)) as again:
        assert not again.upgraded
