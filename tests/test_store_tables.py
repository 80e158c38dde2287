"""Batch.tables: rows given column-wise as Arrow tables write the same graph as the same rows as dicts."""

from __future__ import annotations

import pyarrow as pa
import pytest

from graph.errors import InputError, OntologyError
from graph.store import Batch


def _rows(n: int, first: int = 0) -> tuple[list[dict], list[dict]]:
    companies = [{"id": f"c{i:05d}", "name": f"企业{i}", "local": i % 3 == 0, "revenue": float(i)}
                 for i in range(first, first + n)]
    makes = [{"src": c["id"], "dst": f"产品{int(c['id'][1:]) % 7}", "weight": 0.5, "source": "test"}
             for c in companies]
    return companies, makes


def _products() -> Batch:
    return Batch(nodes={"Product": [{"id": f"产品{i}", "name": f"产品{i}"} for i in range(7)]})


def _graph(store) -> tuple[list[dict], list[dict]]:
    companies = store.read("MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.local AS local, "
                           "c.revenue AS revenue, c.county AS county ORDER BY id")
    makes = store.read("MATCH (c:Company)-[m:MAKES]->(p:Product) RETURN c.id AS src, p.id AS dst, "
                       "m.weight AS weight ORDER BY src, dst")
    return companies, makes


@pytest.mark.parametrize("n", [10, 3000])  # below and above the size where the embedded store COPYs
def test_tables_write_the_same_graph_as_rows(both_stores, n):
    lady, neo = both_stores
    companies, makes = _rows(n)
    for store in (lady, neo):
        store.write(_products())
    lady.write(Batch(nodes={"Company": companies}, rels={"MAKES": makes}))
    tables = _products()
    tables.nodes.clear()
    tables.add_table("Company", pa.Table.from_pylist(companies))
    tables.add_table("MAKES", pa.Table.from_pylist(makes))
    neo.write(tables)
    assert _graph(lady) == _graph(neo)
    assert n == len(_graph(lady)[0])


def test_a_table_upserts_existing_keys_and_adds_new_ones(store):
    store.write(_products())
    companies, makes = _rows(3000)
    b = Batch()
    b.add_table("Company", pa.Table.from_pylist(companies))
    b.add_table("MAKES", pa.Table.from_pylist(makes))
    store.write(b)
    again, more = _rows(3000, first=1500)  # half known, half new; the known ones get a county
    again = [{**c, "county": "某县"} for c in again]
    b = Batch()
    b.add_table("Company", pa.Table.from_pylist(again))
    b.add_table("MAKES", pa.Table.from_pylist(more))
    store.write(b)
    stored, made = _graph(store)
    assert 4500 == len(stored) and 4500 == len(made)  # no duplicate companies or MAKES
    assert {"某县"} == {c["county"] for c in stored[1500:]} and {None} == {c["county"] for c in stored[:1500]}


def test_a_table_with_an_unknown_column_or_a_missing_key_is_refused_whole(store):
    companies, _ = _rows(5)
    bad = Batch()
    bad.add_table("Company", pa.Table.from_pylist([{**c, "colour": "red"} for c in companies]))
    with pytest.raises(OntologyError, match="colour"):
        store.write(bad)
    bad = Batch()
    bad.add_table("Company", pa.Table.from_pylist([{**c, "id": None if i == 2 else c["id"]}
                                                   for i, c in enumerate(companies)]))
    with pytest.raises(InputError, match="缺少 id 的行"):
        store.write(bad)
    bad = Batch()
    bad.add_table("MAKES", pa.Table.from_pylist([{"src": "c00000", "dst": "产品0"}] * 2500))
    with pytest.raises(InputError):
        store.write(bad)  # its ends do not exist
    assert [] == store.read("MATCH (c:Company) RETURN c.id AS id")


def test_duplicate_keys_in_a_table_are_folded_like_rows(store):
    store.write(Batch(nodes={"Company": [{"id": "c1", "name": "甲"}]}))
    b = Batch()
    b.add_table("Company", pa.table({"id": ["c2", "c2"], "name": ["乙", None], "local": [None, True]}))
    store.write(b)
    assert [{"id": "c1", "name": "甲", "local": None}, {"id": "c2", "name": "乙", "local": True}] == \
        store.read("MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.local AS local ORDER BY id")


def test_a_table_of_a_type_that_joins_several_pairs_says_which_pair_each_row_joins(store):
    store.write(Batch(nodes={"County": [{"id": "甲县", "name": "甲县"}], "Park": [{"id": "园区", "name": "园区"}],
                             "Company": [{"id": "c1", "name": "甲"}]}))
    b = Batch()
    b.add_table("LOCATED_IN", pa.table({"src": ["c1", "c1", "园区"], "dst": ["甲县", "园区", "甲县"],
                                        "src_label": ["Company", "Company", "Park"],
                                        "dst_label": ["County", "Park", "County"]}))
    store.write(b)
    rows = store.read("MATCH (x)-[:LOCATED_IN]->(y) RETURN x.id AS a, y.id AS b ORDER BY a, b")
    assert [("c1", "园区"), ("c1", "甲县"), ("园区", "甲县")] == [(r["a"], r["b"]) for r in rows]
    bad = Batch()
    bad.add_table("LOCATED_IN", pa.table({"src": ["甲县"], "dst": ["c1"], "src_label": ["County"],
                                          "dst_label": ["Company"]}))
    with pytest.raises(OntologyError, match="把 County 连到 Company"):
        store.write(bad)
