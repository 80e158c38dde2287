"""The review queue (核实清单): placements and memberships an officer should confirm.

A proposal is each local company a document names as the base of a chain's industry that sits on
none of the chain's links (``link`` None), and each placement graded 文件提及 or 产品匹配 that no one
has confirmed yet. Decisions are kept with the user's other decisions (:mod:`graph.decisions`,
``{"kind": "review", "company", "link", "decision": confirm | reject | place}``) and so survive
rebuilds: a confirmed or placed company sits on the link graded 确认 (written by
:func:`graph.settle.apply_decisions` as a manual COVERS), a rejected placement no longer counts
(:func:`rejected_pairs`), and the statuses follow at the next refresh.

>>> report = {"chains": [{"industry": "储能", "name": "材料→电芯", "links": [
...     {"id": "c#2", "name": "电芯", "local_companies": [{"id": "co:甲", "name": "甲", "grade": "文件提及",
...                                                     "evidence": "依托甲发展电芯"}]}],
...     "local_members": [{"id": "co:乙", "name": "乙", "placed_on": [], "grade": None, "evidence": "依托乙"}]}]}
>>> [(p["company"], p["link"], p["grade"]) for p in proposals(report)]
[('甲', '电芯', '文件提及'), ('乙', None, None)]
"""

from __future__ import annotations

from graph.decisions import Decisions, record
from graph.errors import InputError, NotFound

DECISIONS = ("confirm", "reject", "place")
PROPOSED_GRADES = ("文件提及", "产品匹配")


def proposals(report: dict, decisions: Decisions | None = None) -> list[dict]:
    """The open proposals of a gap report (:func:`graph.gaps.analyse`): unconfirmed 文件提及 / 产品匹配
    placements, then the members no link holds yet, leaving out those already decided. Each:
    ``{"company", "company_id", "industry", "chain", "link" (None when unplaced), "link_id", "grade",
    "evidence"}``."""
    decided = {(e["company"], e.get("link")) for e in (decisions.of("review") if decisions else [])}
    out = []
    for chain in report["chains"]:
        for x in chain["links"]:
            for e in x["local_companies"]:
                if e.get("grade") in PROPOSED_GRADES and (e.get("id"), x.get("id")) not in decided:
                    out.append({"company": e["name"], "company_id": e.get("id"), "industry": chain["industry"],
                                "chain": chain["name"], "link": x["name"], "link_id": x.get("id"),
                                "grade": e["grade"], "evidence": e.get("evidence") or ""})
        for m in chain.get("local_members", []):
            if not m["placed_on"] and (m.get("id"), None) not in decided:
                out.append({"company": m["name"], "company_id": m.get("id"), "industry": chain["industry"],
                            "chain": chain["name"], "link": None, "link_id": None, "grade": None,
                            "evidence": m.get("evidence") or ""})
    return out


def to_contract(items: list[dict]) -> list[dict]:
    """The JSON of ``python -m graph review --json``."""
    return [{k: p[k] for k in ("company", "industry", "chain", "link", "grade", "evidence")} for p in items]


def rejected_pairs(decisions: Decisions) -> set[tuple[str, str]]:
    """(company id, link id) pairs a user rejected (the latest decision on a pair wins)."""
    latest: dict[tuple[str, str], str] = {}
    for e in decisions.of("review"):
        if e.get("link"):
            latest[(e["company"], e["link"])] = e["decision"]
    return {pair for pair, decision in latest.items() if decision == "reject"}


def placements(decisions: Decisions) -> list[dict]:
    """Confirmed and placed (company, link) pairs as assignment-like entries
    ``{"company", "link", "note"}`` (the latest decision on a pair wins)."""
    latest: dict[tuple[str, str], dict] = {}
    for e in decisions.of("review"):
        if e.get("link"):
            latest[(e["company"], e["link"])] = e
    return [{"company": c, "link": lk, "note": "核实确认" if e["decision"] == "confirm" else "核实后放置"}
            for (c, lk), e in latest.items() if e["decision"] in ("confirm", "place")]


def decide(store, decision: str, company: str, link: str, *, path=None) -> dict:
    """Record a review decision on ``company`` (a Company id) and ``link`` (a ChainLink id), check
    that both exist, and return the entry; the caller runs the step after every load."""
    if decision not in DECISIONS:
        raise InputError(f"不认识的核实决定「{decision}」: 可用 confirm (确认)、reject (否决)、place (放置)")
    if not store.read("MATCH (c:Company {id: $id}) RETURN c.id AS id", {"id": company}):
        raise NotFound(f"没有 id 为 {company!r} 的企业: 用 `python -m graph review --json` 查看待核实的企业")
    if not store.read("MATCH (l:ChainLink {id: $id}) RETURN l.id AS id", {"id": link}):
        raise NotFound(f"没有 id 为 {link!r} 的环节: 环节 id 形如 '产业|A→B→C#2', 见 `python -m graph gaps --json`")
    entry = {"kind": "review", "company": company, "link": link, "decision": decision}
    record(entry, path=path, replaces=lambda e: e["kind"] == "review" and (e["company"], e.get("link")) == (company, link))
    return entry
