"""Saved queries with label slots (``// labels:``) and per-element runs (``// each:``), on both stores."""

from __future__ import annotations

import pytest

from graph import ontology
from graph.errors import InputError, OntologyError, QueryError
from graph.queries import _parse, load_query, query_names
from graph.store import Batch

KINDS = sorted(set(ontology.NODES) - {"Document"})


def hub_batch(makers: int) -> Batch:
    """One product made by ``makers`` companies, and one more product that nobody makes."""
    b = Batch()
    b.add_node("Product", {"id": "枢纽产品", "name": "枢纽产品"})
    b.add_node("Product", {"id": "冷门产品", "name": "冷门产品"})
    for i in range(makers):
        b.add_node("Company", {"id": f"co:{i:03d}", "name": f"企业{i:03d}"})
        b.add_rel("MAKES", {"src": f"co:{i:03d}", "dst": "枢纽产品", "weight": 1.0, "source": "pool"})
    return b


@pytest.mark.parametrize("dialect", ["neo4j", "ladybug"])
def test_every_saved_query_declares_the_label_slots_it_uses(dialect):
    for name in query_names():
        query = load_query(name, dialect)
        assert query.render(query.labels)  # the examples fill every slot


def test_a_label_slot_is_filled_only_in_its_label_position():
    query = _parse("demo", "// labels: label=Company\n// params: id=x\nMATCH (n:{label} {id: $id}) RETURN n")
    assert {"label": "Company"} == query.labels
    assert {"id": "x"} == query.params
    assert "MATCH (n:Product {id: $id}) RETURN n" == query.render({"label": "Product"}).splitlines()[-1]


def test_a_slot_that_the_header_does_not_declare_is_refused():
    with pytest.raises(QueryError, match="label slots used"):
        _parse("demo", "MATCH (n:{label}) RETURN n")
    with pytest.raises(OntologyError, match="not a node label"):
        _parse("demo", "// labels: label=Bogus\nMATCH (n:{label}) RETURN n")


@pytest.mark.parametrize("label", ["Bogus", "Company) DETACH DELETE (n", "company", "", None, ["Company"]])
def test_an_unknown_label_in_a_slot_is_refused_naming_the_known_labels(store, label):
    store.write(hub_batch(1))
    with pytest.raises(OntologyError, match="known labels: Document, Industry") as err:
        store.query("entity_node", labels={"label": label}, id="枢纽产品")
    assert "entity_node" in str(err.value)
    assert 3 == store.counts()["Product"] + store.counts()["Company"]  # nothing ran


def test_a_templated_query_without_its_labels_is_refused_with_the_fix(store):
    with pytest.raises(InputError, match=r"needs a node label for \{label\}: pass labels="):
        store.query("entity_node", id="枢纽产品")
    with pytest.raises(InputError, match="has no label slot other"):
        store.query("entity_node", labels={"label": "Product", "other": "Company"}, id="枢纽产品")


def test_a_templated_query_finds_the_node_of_the_given_label_only(store):
    store.write(hub_batch(2))
    rows = store.query("entity_node", labels={"label": "Product"}, id="枢纽产品")
    assert ["枢纽产品"] == [r["node"]["name"] for r in rows]
    assert [] == store.query("entity_node", labels={"label": "Company"}, id="枢纽产品")


def test_neighbour_rows_of_several_nodes_come_back_for_every_node(store):
    store.write(hub_batch(3))
    rows = store.query("browse_out", labels={"label": "Company"}, ids=["co:000", "co:002", "co:nope"],
                       kinds=KINDS, limit=100)
    assert [("co:000", "MAKES", "Product", "枢纽产品"), ("co:002", "MAKES", "Product", "枢纽产品")] == sorted(
        (r["src"], r["type"], r["label"], r["id"]) for r in rows)
    assert [] == store.query("browse_out", labels={"label": "Company"}, ids=["co:000"], kinds=["Industry"],
                             limit=100)


def test_the_neighbours_of_a_hub_are_bounded_by_the_limit(store):
    store.write(hub_batch(40))
    rows = store.query("browse_in", labels={"label": "Product"}, ids=["冷门产品", "枢纽产品"], kinds=KINDS, limit=7)
    assert 7 == len(rows)
    assert 7 == len({r["id"] for r in rows})
    everything = store.query("browse_in", labels={"label": "Product"}, ids=["枢纽产品"], kinds=KINDS, limit=1000)
    assert 40 == len(everything)


def test_an_each_query_refuses_a_limit_that_is_not_a_whole_number(tmp_path):
    from tests.conftest import make_store

    store = make_store("ladybug", tmp_path)  # the embedded store's browse queries run once per id
    try:
        with pytest.raises(InputError, match="whole number"):
            store.query("browse_out", labels={"label": "Industry"}, ids=["甲"], kinds=["Industry"], limit="3; DROP")
    finally:
        store.close()
