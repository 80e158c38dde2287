"""Extraction never crashes, whatever text it is given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.pipeline import extract_text

# characters that reach the rules: numbering, brackets, separators, list endings, units, arrows
POLICY_ALPHABET = list(
    "一二三四（）()、，,。；;：:.1234567890—-→➝“”等企业依托推动产业园区基地到从集为一体年%亿元家个市局委责任单位牵头配合按职责分工负责甲乙丙丁化工新材料\n "
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_extract_text_never_crashes_on_arbitrary_unicode(text):
    ex = extract_text(text, doc_id="fuzz")
    assert isinstance(ex.to_json(), dict)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=POLICY_ALPHABET, max_size=400))
def test_extract_text_never_crashes_on_policy_like_text(text):
    ex = extract_text("二、重点产业\n（一）化工产业。\n1. 新材料。" + text, doc_id="fuzz")
    for item in ex.companies + ex.parks + ex.departments:
        assert 0 <= item["evidence"]["start"] <= item["evidence"]["end"]
