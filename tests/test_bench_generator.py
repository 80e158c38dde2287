"""The benchmark generator: deterministic for a seed, in the ontology's shape, skewed like a registry.

Small scales only; nothing here measures time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from bench.generate import BLOCK, CODE_CAPACITY, MISSING, STRONG, WEAK, Generator, Scale, arrow_tables, company_id
from graph import ontology
from graph.store.base import node_groups, rel_groups
from ingest.pool import normalize_code

SMALL = replace(Scale().scaled(12_000), seed=11)  # two blocks


@pytest.fixture(scope="module")
def batches():
    return list(Generator(SMALL).batches(chunk=BLOCK))


def rows_of(batches, kind: str) -> list[dict]:
    out = []
    for b in batches:
        out.extend(b.nodes.get(kind, []))
        out.extend(b.rels.get(kind, []))
    return out


def test_same_seed_gives_the_same_rows(batches):
    again = list(Generator(SMALL).batches(chunk=BLOCK))
    assert [(b.nodes, b.rels) for b in batches] == [(b.nodes, b.rels) for b in again]


def test_another_seed_gives_other_rows(batches):
    other = Generator(replace(SMALL, seed=12)).company_block(0)
    assert rows_of(batches, "MAKES")[:50] != other.rels["MAKES"][:50]


def test_rows_do_not_depend_on_the_chunk_size(batches):
    bigger = list(Generator(SMALL).batches(chunk=2 * BLOCK))
    assert rows_of(batches, "Company") == rows_of(bigger, "Company")
    assert rows_of(batches, "MAKES") == rows_of(bigger, "MAKES")
    assert len(bigger) < len(batches)


def test_every_row_fits_the_ontology(batches):
    for b in batches:
        node_groups(b)  # raises on an unknown property, a missing key or a wrong end pair
        rel_groups(b)


def test_counts_follow_the_scale(batches):
    assert SMALL.companies == len(rows_of(batches, "Company"))
    assert SMALL.products == len(rows_of(batches, "Product"))
    assert SMALL.counties == len(rows_of(batches, "County"))
    makes = len(rows_of(batches, "MAKES"))
    assert 0.8 * SMALL.makes <= makes <= 1.05 * SMALL.makes


def test_node_ids_are_unique(batches):
    for label in ("Company", "Product", "County", "Park", "Chain", "Industry"):
        ids = [r["id"] for r in rows_of(batches, label)]
        assert len(ids) == len(set(ids)), label


def test_company_ids_look_like_pool_codes_but_never_match_a_listed_one():
    listed_first_digits = {"SH": "69", "SZ": "023", "BJ": "48"}
    ids = [company_id(i) for i in range(0, CODE_CAPACITY, 977)]
    assert len(ids) == len(set(ids))
    for cid in ids:
        assert re.fullmatch(r"\d{6}\.(SH|SZ|BJ)", cid)
        assert normalize_code(cid) == cid
        code, exchange = cid.split(".")
        assert code[0] not in listed_first_digits[exchange]


def test_relationships_point_at_generated_nodes(batches):
    ids = {label: {r["id"] for r in rows_of(batches, label)} for label in ontology.NODES}
    for rel_type in ("MAKES", "LOCATED_IN", "COVERS", "HAS_LINK", "NEXT", "CHAIN_OF", "HOSTS"):
        kind = ontology.rel_kind(rel_type)
        for r in rows_of(batches, rel_type):
            src, dst = (r["src_label"], r["dst_label"]) if len(kind.ends) > 1 else kind.ends[0]
            assert r["src"] in ids[src] and r["dst"] in ids[dst], (rel_type, r)


def test_chains_have_three_to_eight_links_in_order(batches):
    links = rows_of(batches, "ChainLink")
    per_chain = Counter(r["chain"] for r in links if "chain" in r)
    assert SMALL.chains == len(per_chain)
    assert set(per_chain.values()) <= set(range(SMALL.min_links, SMALL.max_links + 1))
    nexts = rows_of(batches, "NEXT")
    assert sum(per_chain.values()) - len(per_chain) == len(nexts)
    position = {r["id"]: r["position"] for r in links if "position" in r}
    assert all(position[r["dst"]] == position[r["src"]] + 1 for r in nexts)


def test_weights_of_one_company_sum_to_one(batches):
    total: dict[str, float] = {}
    for r in rows_of(batches, "MAKES"):
        total[r["src"]] = total.get(r["src"], 0.0) + r["weight"]
    assert all(abs(v - 1.0) < 0.01 for v in total.values())


def test_counties_and_products_are_skewed_like_a_registry(batches):
    by_county = Counter(r["dst"] for r in rows_of(batches, "LOCATED_IN") if r["src_label"] == "Company")
    makers = Counter(r["dst"] for r in rows_of(batches, "MAKES"))
    top_tenth = sum(n for _, n in by_county.most_common(len(by_county) // 10))
    assert top_tenth > 0.4 * SMALL.companies  # a tenth of the counties holds a large share
    assert makers.most_common(1)[0][1] > 50 * (sum(makers.values()) / len(makers))  # a few hub products


def test_local_companies_cover_links_so_all_three_statuses_occur(batches):
    companies = {r["id"]: r for r in rows_of(batches, "Company")}
    covers = rows_of(batches, "COVERS")
    assert covers and all(companies[r["src"]]["local"] and r["via"] == "table" for r in covers)
    local_share = sum(c["local"] for c in companies.values()) / len(companies)
    assert 0.5 * SMALL.local_share < local_share < 2 * SMALL.local_share
    table = batches[-1].nodes["ChainLink"]
    statuses = Counter(r["status"] for r in table)
    assert {MISSING, WEAK, STRONG} == set(statuses)
    counted = Counter(r["dst"] for r in covers)
    assert {r["id"]: counted.get(r["id"], 0) for r in table} == {r["id"]: r["local_count"] for r in table}


def test_upsert_batches_mix_updates_and_new_companies():
    gen = Generator(SMALL)
    batch, nxt = gen.upsert_batch(5_000, first_new=SMALL.companies)
    existing = {company_id(k) for k in range(SMALL.companies)}
    old = [r["id"] for r in batch.nodes["Company"] if r["id"] in existing]
    assert 5_000 <= len(batch) < 5_100
    assert len(old) == 1_000
    assert nxt == SMALL.companies + BLOCK
    node_groups(batch)
    rel_groups(batch)


def test_arrow_tables_hold_the_same_rows_as_the_batch(batches):
    b = batches[-2]  # the last chunk of companies
    tables = {(name, src, dst): t for name, t, src, dst in arrow_tables(b)}
    assert len(b.nodes["Company"]) == tables[("Company", None, None)].num_rows
    assert len(b.rels["MAKES"]) == tables[("MAKES", "Company", "Product")].num_rows
    companies = tables[("Company", None, None)]
    assert list(ontology.NODES["Company"].columns) == companies.column_names
    makes = tables[("MAKES", "Company", "Product")]
    assert ["from", "to"] == makes.column_names[:2]
