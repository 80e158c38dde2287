"""Coverage a user assigns (COVERS via 'manual') counts for the gap status and survives a rebuild."""

from __future__ import annotations

import json
import os

import pytest

from graph.errors import NotFound
from graph.settle import after_load, assign
from graph.store import open_store
from ingest.load import document_batch
from tests.test_load import extraction

LINK = "化学药|原料药→制剂#2"


def statuses(store) -> dict:
    rows = store.read("MATCH (l:ChainLink) RETURN l.name AS name, l.status AS status, l.local_count AS n")
    return {r["name"]: (r["status"], r["n"]) for r in rows}


def test_an_assigned_company_covers_the_link_and_the_status_follows(store):
    store.write(document_batch(extraction(), doc_id="d1"))
    after_load(store)
    # the document names 甲制药 for the industry but not for a link: the chain's links wait for it (待核实)
    assert ("待核实", 0) == statuses(store)["制剂"]
    assign(store, "co:甲制药", LINK, note="走访确认")
    assert ("弱链", 1) == statuses(store)["制剂"]
    rows = store.read("MATCH (c:Company)-[r:COVERS]->(l:ChainLink {id: $id}) RETURN c.id AS c, r.via AS via, "
                      "r.sentence AS s", {"id": LINK})
    assert [{"c": "co:甲制药", "via": "manual", "s": "人工指定: 走访确认"}] == rows
    saved = json.loads(open(os.environ["CHAINKG_DECISIONS"], encoding="utf-8").read())["decisions"]
    assert [("assign", "co:甲制药", LINK)] == [(e["kind"], e["company"], e["link"]) for e in saved]


def test_an_assignment_is_written_again_after_a_rebuild_from_scratch(tmp_path):
    with open_store(str(tmp_path / "first")) as store:
        store.write(document_batch(extraction(), doc_id="d1"))
        assign(store, "co:甲制药", LINK)
    with open_store(str(tmp_path / "second")) as store:
        store.write(document_batch(extraction(), doc_id="d1"))
        after_load(store)
        assert ("弱链", 1) == statuses(store)["制剂"]


def test_assigning_an_unknown_company_or_link_names_what_to_do(store):
    store.write(document_batch(extraction(), doc_id="d1"))
    with pytest.raises(NotFound, match="图谱浏览"):
        assign(store, "co:不存在", LINK)
    with pytest.raises(NotFound, match="gaps --json"):
        assign(store, "co:甲制药", "nope#1")
