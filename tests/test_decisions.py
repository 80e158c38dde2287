"""A user's decisions: one typed file (data/decisions.json), the earlier two files read and migrated,
applied by the one step after every load."""

from __future__ import annotations

import json
import os

import pytest

from graph import decisions
from graph.errors import InputError
from graph.settle import after_load
from graph.store import open_store
from ingest.companies import import_company_list
from ingest.load import build, document_batch
from ingest.pool import load_pool
from tests.companygraph import FIXTURES, link_id, seed
from tests.conftest import SEED_2024
from tests.test_gaps import CHEM, TINY, document_like_batch
from tests.test_load import extraction

LINK = "化学药|原料药→制剂#2"


def write_legacy_files() -> None:
    with open(os.environ["CHAINKG_CURATION"], "w", encoding="utf-8") as f:
        json.dump({"links": [{"name": "示例储能", "company": "999001.SH", "decision": "reject", "at": "2026-01-01"}]},
                  f, ensure_ascii=False)
    with open(os.environ["CHAINKG_ASSIGNMENTS"], "w", encoding="utf-8") as f:
        json.dump({"coverage": [{"company": "co:甲制药", "link": LINK, "note": "走访确认", "at": "2026-01-02"}]},
                  f, ensure_ascii=False)


def test_the_earlier_files_are_read_while_there_is_no_decisions_file():
    write_legacy_files()
    found = decisions.load()
    assert [("link", "示例储能"), ("assign", "co:甲制药")] == [(e["kind"], e.get("name") or e["company"])
                                                               for e in found.entries]
    assert found.curation().is_rejected("示例储能", "999001.SH")
    assert [LINK] == [e["link"] for e in found.assignments()]


def test_the_first_recorded_decision_migrates_the_earlier_files_into_one():
    write_legacy_files()
    where = decisions.confirm_link("示例新材", "999002.SZ")
    assert os.environ["CHAINKG_DECISIONS"] == str(where)
    saved = json.loads(where.read_text(encoding="utf-8"))
    assert ("chainkg-decisions", 1) == (saved["format"], saved["version"])
    assert ["link", "assign", "link"] == [e["kind"] for e in saved["decisions"]]
    assert "走访确认" == saved["decisions"][1]["note"]
    # from now on the one file is the record: the earlier ones are left alone and no longer read
    os.remove(os.environ["CHAINKG_ASSIGNMENTS"])
    assert 1 == len(decisions.load().assignments())


def test_review_decisions_and_definition_edits_are_kept_beside_the_others():
    decisions.record({"kind": "review", "company": "co:甲制药", "link": LINK, "decision": "confirm"})
    decisions.record({"kind": "definition", "link": LINK, "field": "exclusions", "op": "add", "value": "农药中间体"})
    decisions.record_assignment("co:甲制药", LINK)
    assert ["review", "definition", "assign"] == [e["kind"] for e in decisions.load().entries]
    with pytest.raises(InputError, match="decision 应为"):
        decisions.record({"kind": "review", "company": "co:甲制药", "link": LINK, "decision": "maybe"})


def test_a_second_assignment_of_the_same_pair_replaces_the_first():
    decisions.record_assignment("co:甲制药", LINK, note="一")
    decisions.record_assignment("co:甲制药", LINK, note="二")
    assert ["二"] == [e["note"] for e in decisions.load_assignments()]


def test_the_step_after_a_load_applies_assignments_from_the_earlier_file(store):
    write_legacy_files()
    store.write(document_batch(extraction(), doc_id="d1"))
    counts = after_load(store)
    assert 1 == counts["assigned"]
    rows = store.read("MATCH (c:Company)-[r:COVERS]->(l:ChainLink {id: $id}) RETURN c.id AS c, r.via AS via, "
                      "l.status AS status", {"id": LINK})
    assert [{"c": "co:甲制药", "via": "manual", "status": "弱链"}] == rows
    after_load(store)  # again: the same graph, no second edge
    assert 1 == len(store.read("MATCH (:Company)-[r:COVERS]->(:ChainLink {id: $id}) RETURN r.via AS via",
                               {"id": LINK}))


# --- every command that writes ends with the same step ---------------------------------------------


def _manual_covers(store) -> list[tuple[str, str, str]]:
    return [(r["c"], r["l"], r["status"]) for r in store.read(
        "MATCH (c:Company)-[r:COVERS {via: 'manual'}]->(l:ChainLink) RETURN c.id AS c, l.id AS l, l.status AS status")]


def test_a_company_list_import_ends_with_the_decisions_applied(store):
    seed(store)
    decisions.record_assignment("co:示例远帆电气", link_id("储能", 4), note="走访确认")
    assert [] == _manual_covers(store)
    report = import_company_list(store, FIXTURES / "valid.csv")
    assert [("co:示例远帆电气", link_id("储能", 4), "弱链")] == _manual_covers(store)
    assert report.coverage["弱链"] >= 1


def test_a_pool_import_ends_with_the_decisions_applied(store):
    store.write(document_like_batch())
    decisions.record_assignment("co:天顺新能源", f"{CHEM}#2")
    decisions.reject_link("赛托生物", "300583.SZ")
    load_pool(store, TINY)
    assert [("co:天顺新能源", f"{CHEM}#2", "弱链")] == _manual_covers(store)
    # the relink obeyed the rejection: the document company stays apart from the pool company
    assert {"co:赛托生物": True, "300583.SZ": False} == {r["id"]: r["local"] for r in store.read(
        "MATCH (c:Company) WHERE c.name = '赛托生物' RETURN c.id AS id, c.local AS local")}


def test_a_document_build_ends_with_the_decisions_applied(tmp_path):
    with open_store(str(tmp_path / "first")) as store:
        assert build(store, [SEED_2024], progress=lambda m: None).ok
        company = store.read("MATCH (c:Company {local: true}) RETURN c.id AS id ORDER BY id LIMIT 1")[0]["id"]
        link = store.read("MATCH (l:ChainLink) RETURN l.id AS id ORDER BY id LIMIT 1")[0]["id"]
    decisions.record_assignment(company, link)
    with open_store(str(tmp_path / "second")) as store:
        build(store, [SEED_2024], progress=lambda m: None)
        assert [(company, link)] == [(c, lid) for c, lid, _ in _manual_covers(store)]
