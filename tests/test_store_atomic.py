"""All or nothing on both stores: a writer whose ``with`` block fails publishes nothing, and
``version()`` (the app's cache key) changes whenever stored data changes, properties included."""

from __future__ import annotations

import pytest

from graph.errors import InputError, StoreError
from graph.store import Batch, open_store
from tests.conftest import make_store


def products(ids, name="产品") -> Batch:
    return Batch(nodes={"Product": [{"id": i, "name": name} for i in ids]})


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def location(request, tmp_path):
    """Where a store lives (a directory or a Neo4j URI), seeded with one product and closed."""
    store = make_store(request.param, tmp_path)
    with store:
        store.write(products(["p0"]))
    return str(tmp_path / "graph") if request.param == "ladybug" else store.uri


def product_ids(location) -> list[str]:
    with open_store(location, read_only=True) as reader:
        return sorted(r["id"] for r in reader.read("MATCH (p:Product) RETURN p.id AS id"))


def test_an_exception_after_some_batches_leaves_the_graph_as_it_was(location):
    with pytest.raises(RuntimeError, match="part-way"):
        with open_store(location) as writer:
            for n in range(3):
                writer.write(products([f"new{n}-{i}" for i in range(100)]))
            assert 301 == writer.counts()["Product"]  # the writer sees what it wrote ...
            assert ["p0"] == product_ids(location)     # ... no reader does, yet
            raise RuntimeError("failed part-way")
    assert ["p0"] == product_ids(location)


def test_a_batch_that_fails_inside_the_database_undoes_the_whole_load(location):
    bad = Batch(nodes={"Product": [{"id": "half", "name": "半"}]},
                rels={"IN_INDUSTRY": [{"src": "half", "src_label": "Product", "dst": "no-such-industry",
                                       "dst_label": "Industry"}]})
    with pytest.raises(InputError, match="不存在的"):
        with open_store(location) as writer:
            writer.write(products(["first"]))
            writer.write(bad)  # its node goes in before the relationship is refused
    assert ["p0"] == product_ids(location)


def test_a_load_that_completes_is_published_whole(location):
    with open_store(location) as writer:
        for n in range(3):
            writer.write(products([f"ok{n}"]))
    assert ["ok0", "ok1", "ok2", "p0"] == product_ids(location)


@pytest.mark.neo4j
def test_after_a_failure_inside_a_neo4j_load_nothing_more_is_written(tmp_path):
    store = make_store("neo4j", tmp_path)
    store.close()
    bad = Batch(rels={"IN_INDUSTRY": [{"src": "x", "src_label": "Product", "dst": "y", "dst_label": "Industry"}]})
    with open_store(store.uri) as writer:
        writer.write(products(["a"]))
        with pytest.raises(InputError):
            writer.write(bad)
        with pytest.raises(StoreError, match="整体撤销"):
            writer.write(products(["b"]))
    assert [] == product_ids(store.uri)


def test_the_version_changes_when_one_property_changes(location):
    with open_store(location, read_only=True) as reader:
        before = reader.version()
    with open_store(location) as writer:
        writer.write(products(["p0"], name="改名"))  # same nodes, same counts, one property changed
    with open_store(location, read_only=True) as reader:
        after = reader.version()
        assert ["改名"] == [r["n"] for r in reader.read("MATCH (p:Product) RETURN p.name AS n")]
    assert before != after


def product_names(store) -> list[str]:
    return [r["n"] for r in store.read("MATCH (p:Product) RETURN p.name AS n")]


def test_the_apps_cached_report_follows_a_property_change(location, monkeypatch):
    from app_pages import state as app_state

    monkeypatch.setenv("CHAINKG_STORE", location)
    reader = open_store(location, read_only=True)
    try:
        assert ["产品"] == app_state.cached(product_names, reader)
        with open_store(location) as writer:
            writer.write(products(["p0"], name="改名"))
        refresh = getattr(reader, "refresh", None)
        if refresh is not None:  # the app refreshes the embedded store on every rerun
            refresh()
        assert ["改名"] == app_state.cached(product_names, reader)
    finally:
        reader.close()
