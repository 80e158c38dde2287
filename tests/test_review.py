"""The review queue (核实清单): proposals with their evidence, and decisions that survive rebuilds and
change the statuses at once (graph/review.py, python -m graph review)."""

from __future__ import annotations

import json

import pytest

from graph import gaps, review
from graph.__main__ import main as graph_main
from graph.decisions import load
from graph.errors import InputError, NotFound
from graph.settle import after_load
from graph.store import Batch, open_store
from ingest.load import document_batch
from tests.test_load import EV, extraction

API, PREP = "化学药|原料药→制剂#1", "化学药|原料药→制剂#2"


def loaded(store):
    store.write(document_batch(extraction(), doc_id="d1"))
    after_load(store)
    return store


def statuses(store) -> dict:
    return {r["name"]: r["status"] for r in store.read("MATCH (l:ChainLink) RETURN l.name AS name, l.status AS status")}


def test_an_unplaced_member_is_proposed_and_its_chain_reads_pending(store):
    loaded(store)
    assert {"原料药": "待核实", "制剂": "待核实"} == statuses(store)
    items = review.proposals(gaps.analyse(store))
    assert [("甲制药", "化学药", None, None)] == [(p["company"], p["industry"], p["link"], p["grade"]) for p in items]
    assert EV["sentence"] == items[0]["evidence"], "the sentence that names it for the industry"


def test_placing_a_member_confirms_it_and_the_statuses_follow_on_both_stores(store):
    loaded(store)
    review.decide(store, "place", "co:甲制药", PREP)
    after_load(store)
    report = gaps.analyse(store)
    link = next(x for c in report["chains"] for x in c["links"] if x["id"] == PREP)
    assert [("甲制药", "确认")] == [(e["name"], e["grade"]) for e in link["local_companies"]]
    assert "弱链" == link["status"]  # one confirmed company, k = 2
    assert "缺链" == statuses(store)["原料药"], "the member is placed now: no one waits for 原料药"
    assert [] == review.proposals(report, load())


def test_a_rejected_placement_no_longer_counts_and_survives_a_rebuild(tmp_path):
    batch = Batch()
    batch.add_node("Company", {"id": "600001.SH", "name": "乙药业", "code": "600001.SH", "local": True})
    batch.add_node("Product", {"id": "原料药", "name": "原料药"})
    batch.add_rel("MAKES", {"src": "600001.SH", "dst": "原料药", "weight": 0.6, "source": "pool"})
    for location in (tmp_path / "first", tmp_path / "second"):
        with open_store(str(location)) as store:
            store.write(document_batch(extraction(), doc_id="d1"))
            store.write(batch)
            after_load(store)
            api = next(x for c in gaps.analyse(store)["chains"] for x in c["links"] if x["id"] == API)
            if location.name == "first":
                assert ["乙药业"] == [e["name"] for e in api["local_companies"]]
                assert any(p["company"] == "乙药业" and p["grade"] == "产品匹配"
                           for p in review.proposals(gaps.analyse(store)))
                review.decide(store, "reject", "600001.SH", API)
                after_load(store)
                api = next(x for c in gaps.analyse(store)["chains"] for x in c["links"] if x["id"] == API)
            assert [] == api["local_companies"], location.name
            assert api["status"] in ("缺链", "待核实")


def test_a_decision_on_an_unknown_company_or_link_names_the_fix(store):
    loaded(store)
    with pytest.raises(NotFound, match="review --json"):
        review.decide(store, "confirm", "co:不存在", PREP)
    with pytest.raises(NotFound, match="gaps --json"):
        review.decide(store, "confirm", "co:甲制药", "nope#1")
    with pytest.raises(InputError, match="confirm"):
        review.decide(store, "maybe", "co:甲制药", PREP)


def test_review_command_lists_decides_and_prints_json(tmp_path, capsys):
    location = str(tmp_path / "graph")
    with open_store(location) as store:
        loaded(store)
    assert 0 == graph_main(["review", "--store", location, "--json"])
    items = json.loads(capsys.readouterr().out)
    assert [{"company": "甲制药", "industry": "化学药", "chain": "原料药→制剂", "link": None, "grade": None}] == [
        {k: v for k, v in p.items() if k != "evidence"} for p in items]
    assert 0 == graph_main(["review", "place", "co:甲制药", API, "--store", location])
    assert "已放置" in capsys.readouterr().out
    assert 0 == graph_main(["review", "--store", location])
    assert "核实清单为空" in capsys.readouterr().out
    assert 2 == graph_main(["review", "confirm", "co:甲制药", "--store", location])
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
