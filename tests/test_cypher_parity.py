"""Every saved query in cypher/ runs on both stores and gives the same rows (with the example values of\nits parameters and label slots)."""

from __future__ import annotations

import json

import pytest

from graph.queries import load_query, query_names
from tests.conftest import SEED_2024, SEED_2025


def example_params(query) -> dict:
    """The example values of a query's ``// params:`` line; JSON where they parse as JSON."""
    out = {}
    for name, text in query.params.items():
        try:
            out[name] = json.loads(text)
        except json.JSONDecodeError:
            out[name] = text
    return out


def canonical(rows: list[dict]) -> list[str]:
    """Rows in a store-independent form: internal references dropped, order ignored."""
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("_ref", "_src_ref", "_dst_ref")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, float):
            return round(value, 6)
        return value

    return sorted(json.dumps(clean(r), ensure_ascii=False, sort_keys=True, default=str) for r in rows)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from ingest.load import build
    from tests.conftest import make_store

    path = tmp_path_factory.mktemp("parity")
    lady = make_store("ladybug", path)
    neo = make_store("neo4j", path)
    for store in (lady, neo):
        report = build(store, [SEED_2024, SEED_2025], progress=lambda *_: None)
        assert report.ok, report.failed
    yield lady, neo
    lady.close()
    neo.close()


def test_there_are_saved_queries_with_descriptions():
    names = query_names()
    assert names, "cypher/ holds no saved queries"
    assert [] == [n for n in names if not load_query(n).description]


@pytest.mark.neo4j
@pytest.mark.parametrize("name", query_names())
def test_a_saved_query_gives_the_same_rows_on_both_stores(loaded, name):
    lady, neo = loaded
    query_l, query_n = load_query(name, lady.dialect), load_query(name, neo.dialect)
    params_l, params_n = example_params(query_l), example_params(query_n)
    assert params_l == params_n
    assert query_l.labels == query_n.labels
    rows_l = lady.query(name, labels=query_l.labels, **params_l)
    rows_n = neo.query(name, labels=query_n.labels, **params_n)
    assert canonical(rows_n) == canonical(rows_l)
