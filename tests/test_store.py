"""The store interface, on both stores."""

from __future__ import annotations

import pytest

from graph import ontology
from graph.errors import InputError, OntologyError, QueryError, QueryTimeout, WriteRefused
from graph.store import Batch
from graph.store.base import META_LABEL


def small_graph() -> Batch:
    b = Batch()
    b.add_node("Document", {"id": "d1", "name": "测试文件", "title": "某市关于测试的意见"})
    b.add_node("Industry", {"id": "生物医药", "name": "生物医药", "level": "sector"})
    b.add_node("Industry", {"id": "化学药", "name": "化学药", "level": "segment", "aliases": ["化学制药"]})
    b.add_node("Company", {"id": "甲公司", "name": "甲公司", "local": True})
    b.add_rel("PART_OF", {"src": "化学药", "dst": "生物医药", "source": "document", "doc": "d1"})
    b.add_rel("NAMED_FOR", {"src": "甲公司", "dst": "化学药", "verb": "依托", "source": "document", "doc": "d1",
                            "span_start": 10, "span_end": 13, "sentence": "依托甲公司等企业"})
    b.add_rel("MENTIONED_IN", {"src": "甲公司", "src_label": "Company", "dst": "d1", "dst_label": "Document",
                               "span_start": 10, "span_end": 13, "section": "二、重点产业"})
    b.add_rel("MENTIONED_IN", {"src": "甲公司", "src_label": "Company", "dst": "d1", "dst_label": "Document",
                               "span_start": 90, "span_end": 93, "section": "三、保障措施"})
    return b


def snapshot(store) -> tuple:
    nodes = [r for r in store.read("MATCH (n) RETURN n.id AS id, n AS n ORDER BY id")
             if r["n"]["_label"] != META_LABEL]  # Neo4j's version node is not data
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id AS src, b.id AS dst, r.span_start AS s ORDER BY src, dst, s")
    return [r["id"] for r in nodes], [tuple(r.values()) for r in rels]


def test_loading_the_same_batch_twice_leaves_the_same_graph(store):
    store.write(small_graph())
    first = snapshot(store)
    store.write(small_graph())
    assert first == snapshot(store)
    assert 4 == len(first[0])
    assert 4 == len(first[1])


def test_a_null_value_leaves_the_stored_property_alone(store):
    store.write(small_graph())
    b = Batch()
    b.add_node("Company", {"id": "甲公司", "code": "600000.SH", "local": None})
    store.write(b)
    rows = store.read("MATCH (c:Company {id: $id}) RETURN c.code AS code, c.local AS local", {"id": "甲公司"})
    assert [{"code": "600000.SH", "local": True}] == rows


def test_a_batch_with_one_bad_row_leaves_the_store_unchanged(store):
    store.write(small_graph())
    before = snapshot(store)
    bad = Batch()
    bad.add_node("Product", {"id": "原料药", "name": "原料药"})
    bad.add_rel("MAKES", {"src": "甲公司", "dst": "原料药", "weight": 0.5})
    bad.add_rel("MAKES", {"src": "不存在的公司", "dst": "原料药", "weight": 0.1})
    with pytest.raises(InputError, match="不存在的"):
        store.write(bad)
    assert before == snapshot(store)


def test_a_missing_end_is_named_in_the_message(store):
    store.write(small_graph())
    bad = Batch(rels={"NAMED_FOR": [{"src": "甲公司", "dst": "化学药"}, {"src": "乙公司", "dst": "化学药"}]})
    with pytest.raises(InputError, match="不存在的 Company 节点: 乙公司"):
        store.write(bad)


def makes_rows(store) -> list[tuple]:
    rows = store.read("MATCH (c:Company)-[r:MAKES]->(p:Product) "
                      "RETURN c.id AS company, p.id AS product, r.weight AS w, r.source AS s ORDER BY company, product")
    return [tuple(r.values()) for r in rows]


def test_rewriting_a_relationship_updates_it_without_a_duplicate(store):
    store.write(small_graph())
    store.write(Batch(nodes={"Product": [{"id": "原料药", "name": "原料药"}]},
                      rels={"MAKES": [{"src": "甲公司", "dst": "原料药", "weight": 0.5, "source": "pool"}]}))
    store.write(Batch(rels={"MAKES": [{"src": "甲公司", "dst": "原料药", "weight": 0.7}]}))
    assert [("甲公司", "原料药", 0.7, "pool")] == makes_rows(store)


def test_a_batch_mixing_new_and_stored_keys_creates_the_new_and_updates_the_stored(store):
    store.write(small_graph())
    store.write(Batch(nodes={"Product": [{"id": "原料药", "name": "原料药"}]},
                      rels={"MAKES": [{"src": "甲公司", "dst": "原料药", "weight": 0.5, "source": "pool"}]}))
    b = Batch()
    b.add_node("Company", {"id": "甲公司", "code": "600000.SH"})                # stored: updated
    b.add_node("Company", {"id": "乙公司", "name": "乙公司", "local": False})  # new
    b.add_node("Product", {"id": "制剂", "name": "制剂"})                     # new
    b.add_rel("MAKES", {"src": "甲公司", "dst": "原料药", "weight": 0.6})     # stored ends, stored relationship
    b.add_rel("MAKES", {"src": "甲公司", "dst": "制剂", "weight": 0.4})       # stored and new end
    b.add_rel("MAKES", {"src": "乙公司", "dst": "原料药", "weight": 1.0})     # new and stored end
    store.write(b)
    companies = store.read("MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.code AS code, c.local AS local "
                           "ORDER BY id")
    assert [{"id": "乙公司", "name": "乙公司", "code": None, "local": False},
            {"id": "甲公司", "name": "甲公司", "code": "600000.SH", "local": True}] == companies
    assert [("乙公司", "原料药", 1.0, None), ("甲公司", "制剂", 0.4, None),
            ("甲公司", "原料药", 0.6, "pool")] == makes_rows(store)
    store.write(b)  # the same batch again changes nothing
    assert 3 == len(makes_rows(store))
    assert 2 == store.counts()["Company"]


def test_relationships_differing_in_a_merge_key_are_kept_apart(store):
    store.write(small_graph())
    store.write(Batch(nodes={"ChainLink": [{"id": "l1", "name": "原料药"}]},
                      rels={"COVERS": [{"src": "甲公司", "dst": "l1", "via": "table", "confidence": 1.0}]}))
    store.write(Batch(rels={"COVERS": [{"src": "甲公司", "dst": "l1", "via": "table", "confidence": 0.9},
                                       {"src": "甲公司", "dst": "l1", "via": "product", "confidence": 0.5}]}))
    rows = store.read("MATCH (:Company)-[r:COVERS]->(:ChainLink) RETURN r.via AS via, r.confidence AS c ORDER BY via")
    assert [{"via": "product", "c": 0.5}, {"via": "table", "c": 0.9}] == rows


@pytest.mark.neo4j
def test_a_key_another_writer_stored_meanwhile_is_merged_not_refused(tmp_path, monkeypatch):
    """Neo4j creates the nodes its look-up did not find; if another writer stored one of them in
    between, the CREATE fails on the key constraint and the batch is written again with MERGE."""
    from graph.store import neo4j_store
    from tests.conftest import make_store

    store = make_store("neo4j", tmp_path)
    try:
        store.write(small_graph())
        real = neo4j_store._stored_refs
        calls = []

        def stale_first_look_up(tx, label, keys):
            calls.append(label)
            found = real(tx, label, keys)
            return {} if len(calls) == 1 else found  # as if 甲公司 had been stored just after the look-up

        monkeypatch.setattr(neo4j_store, "_stored_refs", stale_first_look_up)
        passes = []
        write_once = store._write

        def spy(*args, look_up):
            passes.append(look_up)
            return write_once(*args, look_up=look_up)

        monkeypatch.setattr(store, "_write", spy)
        b = Batch()
        b.add_node("Company", {"id": "甲公司", "code": "600000.SH"})
        b.add_node("Company", {"id": "乙公司", "name": "乙公司"})
        b.add_rel("NAMED_FOR", {"src": "乙公司", "dst": "化学药", "verb": "培育"})
        store.write(b)
        assert [True, False] == passes  # the CREATE failed, the MERGE pass wrote the batch
        rows = store.read("MATCH (c:Company) OPTIONAL MATCH (c)-[r:NAMED_FOR]->(i:Industry) "
                          "RETURN c.id AS id, c.code AS code, c.local AS local, r.verb AS verb ORDER BY id")
        assert [{"id": "乙公司", "code": None, "local": None, "verb": "培育"},
                {"id": "甲公司", "code": "600000.SH", "local": True, "verb": "依托"}] == rows
    finally:
        store.close()


@pytest.mark.neo4j
def test_a_node_another_writer_deleted_meanwhile_is_merged_back(tmp_path, monkeypatch):
    """Neo4j updates the nodes its look-up found by element id; if another writer deleted one in
    between, the batch is written again with MERGE, as if the look-up had come after the delete."""
    from graph.store import neo4j_store
    from tests.conftest import make_store

    store = make_store("neo4j", tmp_path)
    try:
        store.write(small_graph())
        real = neo4j_store._stored_refs
        deleted = []

        def delete_after_first_look_up(tx, label, keys):
            found = real(tx, label, keys)
            if not deleted:
                store._driver.execute_query("MATCH (c:Company {id: '甲公司'}) DETACH DELETE c",
                                            database_=store.database)
                deleted.append(label)
            return found

        monkeypatch.setattr(neo4j_store, "_stored_refs", delete_after_first_look_up)
        store.write(Batch(nodes={"Company": [{"id": "甲公司", "code": "600000.SH"}]}))
        assert ["Company"] == deleted
        rows = store.read("MATCH (c:Company) RETURN c.id AS id, c.code AS code, c.local AS local")
        assert [{"id": "甲公司", "code": "600000.SH", "local": None}] == rows
    finally:
        store.close()


def test_unknown_labels_and_properties_are_refused_before_writing(store):
    with pytest.raises(OntologyError, match="unknown node label"):
        store.write(Batch(nodes={"Bogus": [{"id": "x"}]}))
    with pytest.raises(OntologyError, match="no properties"):
        store.write(Batch(nodes={"Company": [{"id": "x", "colour": "red"}]}))
    with pytest.raises(OntologyError, match="连到"):
        store.write(Batch(rels={"LOCATED_IN": [{"src": "x", "src_label": "Product", "dst": "y",
                                                  "dst_label": "County"}]}))
    assert 0 == sum(store.counts().values())


def test_the_key_of_every_label_is_unique(store):
    store.write(small_graph())
    if store.dialect == "ladybug":
        tables = {r["name"]: r for r in store.read("CALL show_tables() RETURN *")}
        for label in ontology.NODES:
            info = store.read(f"CALL table_info('{label}') RETURN *")
            assert [True] == [r["primary key"] for r in info if r["name"] == "id"], label
        assert set(ontology.NODES) <= set(tables)
        with pytest.raises(RuntimeError):
            store._conn.execute("CREATE (:Industry {id: '化学药'})")
    else:
        constraints = store.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
                                 "RETURN labelsOrTypes[0] AS label, properties AS props, type")
        unique = {r["label"] for r in constraints if r["type"] == "UNIQUENESS" and r["props"] == ["id"]}
        assert set(ontology.NODES) == unique
        import neo4j

        with pytest.raises(neo4j.exceptions.ConstraintError):
            store._driver.execute_query("CREATE (:Industry {id: '化学药'})", database_=store.database)


WRITES = [
    "CREATE (:Product {id: 'x', name: 'x'})",
    "MERGE (:Product {id: 'x'})",
    "MATCH (c:Company) SET c.name = 'changed'",
    "MATCH (c:Company) DETACH DELETE c",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_the_analyst_path_refuses_writes(store, cypher):
    store.write(small_graph())
    before = snapshot(store)
    with pytest.raises(WriteRefused, match="只读|只能查询"):
        store.analyst_query(cypher)
    assert before == snapshot(store)
    assert ["甲公司"] == [r["name"] for r in store.read("MATCH (c:Company) RETURN c.name AS name")]


def test_the_analyst_path_refuses_procedures_and_schema_changes_that_write(store):
    if store.dialect == "ladybug":
        statements = ["CREATE NODE TABLE Sneaky(id STRING, PRIMARY KEY(id))",
                      "CALL create_fts_index('Company', 'company_fts', ['name'])"]
    else:
        statements = ["CALL db.createLabel('Sneaky')", "CREATE INDEX sneaky FOR (n:Company) ON (n.phone)"]
    for cypher in statements:
        with pytest.raises((WriteRefused, QueryError)):
            store.analyst_query(cypher)
    assert 0 == store.counts()["Company"]


def test_the_analyst_path_caps_rows_and_says_so(store):
    b = Batch(nodes={"Product": [{"id": f"p{i}", "name": f"产品{i}"} for i in range(30)]})
    store.write(b)
    result = store.analyst_query("MATCH (p:Product) RETURN p.name AS name", row_cap=10)
    assert (10, True) == (len(result.rows), result.truncated)
    result = store.analyst_query("MATCH (p:Product) RETURN p.name AS name", row_cap=30)
    assert (30, False) == (len(result.rows), result.truncated)


def test_a_slow_query_hits_the_time_limit_with_a_clear_message(store):
    store.write(Batch(nodes={"Product": [{"id": f"p{i}", "name": f"p{i:05d}"} for i in range(3000)]}))
    slow = ("MATCH (a:Product), (b:Product), (c:Product) WHERE a.name < b.name AND b.name < c.name "
            "RETURN count(*) AS n")
    with pytest.raises(QueryTimeout, match="CHAINKG_QUERY_TIMEOUT"):
        store.analyst_query(slow, timeout=0.5)


def test_a_cypher_error_is_reported_readably(store):
    with pytest.raises(QueryError, match="Cypher 有误"):
        store.analyst_query("MATCH (n:Company RETURN n")


def test_nodes_and_relationships_come_back_as_plain_dicts(store):
    store.write(small_graph())
    rows = store.read("MATCH (c:Company)-[r:NAMED_FOR]->(i:Industry) RETURN c, r, i")
    row = rows[0]
    assert ("Company", "甲公司") == (row["c"]["_label"], row["c"]["id"])
    assert ("NAMED_FOR", "依托") == (row["r"]["_type"], row["r"]["verb"])
    assert (row["c"]["_ref"], row["i"]["_ref"]) == (row["r"]["_src_ref"], row["r"]["_dst_ref"])
