"""The 招商 candidates of 19 links, recomputed with the real matcher on the real national pool, against a
hand-check (tests/fixtures/candidates/handcheck.json): how many of each link's top 10 really make the
link's product, and whether the well-known national makers are among its top 20.

The links are the seed documents' and those of four other industries' chains as other cities'
documents state them (integrated-circuit packaging, battery materials, robot parts, photovoltaics;
each entry names its source)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.matcher import pool_candidates
from graph.store import open_store
from ingest.pool import load_pool
from tests.conftest import POOL, need_shared

HANDCHECK = Path(__file__).parent / "fixtures" / "candidates" / "handcheck.json"
ENTRIES = json.loads(HANDCHECK.read_text(encoding="utf-8"))["links"]


def chain_links(entry):
    return [{"id": f"{entry['key']}#{i + 1}", "name": name, "industry": entry["industry"], "chain": entry["key"],
             "position": i + 1} for i, name in enumerate(entry["chain"])]


def link_id(entry):
    return f"{entry['key']}#{entry['chain'].index(entry['link']) + 1}"


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    pool = need_shared(POOL)
    store = open_store(str(tmp_path_factory.mktemp("pool") / "graph"))
    load_pool(store, pool, settle=False)
    links = [x for entry in ENTRIES for x in chain_links(entry)]
    found, _definitions = pool_candidates(store, links, min_share=0.05)
    store.close()
    return found


def precision(entry, ranked):
    top = [c["code"] for c in ranked[link_id(entry)][:10]]
    verdicts = {v["code"]: v["makes_it"] for v in entry["verdicts"]}
    unchecked = [c for c in top if c not in verdicts]
    assert not unchecked, f"{entry['key']} › {entry['link']}: {unchecked} are new in the top 10; check them by hand"
    return sum(verdicts[c] for c in top) / len(top) if top else 0.0


def test_the_hand_check_covers_enough_links_and_industries():
    assert len(ENTRIES) >= 12
    other = {e["industry"] for e in ENTRIES if isinstance(e["source"], dict)}
    assert len(other) >= 4 and all(e["source"]["url"].startswith("http") for e in ENTRIES if isinstance(e["source"], dict))


def test_top_ten_candidates_really_make_the_links_product(ranked):
    scores = {f"{e['key']} › {e['link']}": precision(e, ranked) for e in ENTRIES}
    hits = sum(round(p * min(10, len(ranked[link_id(e)]))) for p, e in zip(scores.values(), ENTRIES, strict=True))
    shown = sum(min(10, len(ranked[link_id(e)])) for e in ENTRIES)
    assert sum(scores.values()) / len(scores) >= 0.8, scores
    assert hits / shown >= 0.8, scores
    assert min(scores.values()) >= 0.3, scores


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e['key']}-{e['link']}" for e in ENTRIES])
def test_well_known_national_makers_are_among_the_top_twenty(ranked, entry):
    top = [c["code"] for c in ranked[link_id(entry)][:20]]
    missing = [code for code in entry["well_known"] if code not in top]
    assert not missing, f"{entry['link']}: {missing} not in the top 20 ({top})"


def test_candidates_say_their_term_flags_and_region(ranked):
    cells = next(e for e in ENTRIES if e["link"] == "电芯")
    catl = next(c for c in ranked[link_id(cells)] if c["code"] == "300750.SZ")
    assert catl["matched_term"] and catl["product"] == "动力电池系统" and catl["flags"] == []
    assert catl["region"]["province"] == "福建省"
    flagged = [c for c in ranked[link_id(cells)] if c["name"].startswith("*ST")]
    assert flagged and all(c["flags"] == ["*ST"] for c in flagged)
