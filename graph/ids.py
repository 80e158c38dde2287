"""Node ids and provenance properties that the loaders (``ingest/``) and the rules of ``graph/``
(linking, coverage) must spell the same way."""

from __future__ import annotations


def company_id(name: str) -> str:
    """The id of a company not linked to the national pool (named by a document or a company list).

    >>> company_id("示例制药")
    'co:示例制药'
    """
    return f"co:{name}"


def chain_id(industry: str | None, links: list[str]) -> str:
    """>>> chain_id("示例产业", ["材料", "电芯"])
    '示例产业|材料→电芯'
    """
    return f"{industry or ''}|{'→'.join(links)}"


def link_id(chain: str, position: int) -> str:
    """The id of a chain's link at ``position`` (1-based).

    >>> link_id("示例产业|材料→电芯", 2)
    '示例产业|材料→电芯#2'
    """
    return f"{chain}#{position}"


def provenance(evidence: dict | None) -> dict:
    """Relationship properties that say which document sentence a fact came from."""
    ev = evidence or {}
    return {
        "source": "document",
        "doc": ev.get("doc"),
        "section": ev.get("section"),
        "span_start": ev.get("start"),
        "span_end": ev.get("end"),
        "sentence": ev.get("sentence"),
    }
