"""The seed documents against the hand annotation, scored by the project's own scorer
(../shared/tools/score_extraction.py), list by list, with the issue's quality bars."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from ingest.__main__ import combine
from ingest.pipeline import extract_file
from tests.conftest import SEED_2024, SEED_2025, SHARED, need_shared

BARS = {
    "companies": 0.97,
    "departments": 0.97,
    "responsibilities": 0.90,
    "parks": 0.90,
    "chains": 0.90,
    "targets": 0.90,
    "industries": 0.95,
    "projects": 0.70,
    "technologies": 0.70,
    "products": 0.70,
}


@pytest.fixture(scope="module")
def scorer():
    path = need_shared(SHARED / "tools" / "score_extraction.py")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold():
    return json.loads(need_shared(SHARED / "gold" / "seeds_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds():
    return {"2024": extract_file(SEED_2024), "2025": extract_file(SEED_2025)}


@pytest.mark.parametrize("doc", ["2024", "2025"])
def test_seed_extraction_meets_every_quality_bar(scorer, gold, seeds, doc):
    rows = scorer.score(gold, doc, seeds[doc].to_json())
    f1 = {row[0]: row[5] for row in rows}
    short = {name: round(f1[name], 2) for name, bar in BARS.items() if name in f1 and f1[name] < bar}
    assert {} == short


def test_cross_links_from_future_to_strategic_industries_match_the_annotation(scorer, gold, seeds):
    data = combine([seeds["2024"], seeds["2025"]])
    rows = {row[0]: row for row in scorer.score(gold, "2025", data)}
    assert rows["cross_links"][5] >= 0.7
    assert all(link["why"].startswith("shared terms: ") for link in data["cross_links"])


def test_a_single_document_has_no_cross_links(seeds):
    assert [] == combine([seeds["2025"]])["cross_links"]


@pytest.mark.parametrize("doc", ["2024", "2025"])
def test_evidence_spans_point_at_the_name_in_the_original_file(seeds, doc):
    ex = seeds[doc]
    original = (SEED_2024 if doc == "2024" else SEED_2025).read_text(encoding="utf-8")
    named = ex.companies + ex.parks + ex.departments
    assert named
    for item in named:
        ev = item["evidence"]
        written = re.sub(r"\s", "", original[ev["start"] : ev["end"]])
        assert re.sub(r"[（）()]", "", item["name"]) == re.sub(r"[（）()]", "", written)
        assert ev["doc"] == ex.doc_id and ev["sentence"] and ev["section"] is not None


def test_seed_company_named_in_two_segments_is_one_entity_with_both_industries(seeds):
    by_industries = [c for c in seeds["2024"].companies if len(c["industries"]) > 1]
    assert by_industries
    names = [c["name"] for c in seeds["2024"].companies]
    assert len(names) == len(set(names))
