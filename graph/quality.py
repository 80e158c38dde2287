"""Data quality of the graph: what a promotion office should fix or confirm.

- **companies on no link**: local companies that cover no chain link (their list row named no 环节 or
  product that matches one, or a document names them without a link);
- **links with no company**: links of the industrial chains that no local company covers;
- **parks with no company**: specific parks (not generic platforms) that no local company is
  LOCATED_IN (company lists write that edge for a row's 所属园区);
- **possible duplicate companies**: two nodes with the same 统一社会信用代码, or whose names (or full
  names) are equal once legal suffixes such as 有限公司 / 股份有限公司 / 集团 are dropped; only groups
  with a local company are reported (the national pool is not ours to clean);
- **pool links awaiting confirmation**: companies linked to a pool company by the rules of
  :mod:`graph.linking` (``match_reason`` set) that the user has neither confirmed nor rejected
  (:mod:`graph.decisions`, ``data/decisions.json``; confirmed links carry the reason 用户确认 after a
  rebuild).

Reads go through ``cypher/quality_*.cypher``; the rest is pure functions over their rows.
"""

from __future__ import annotations

import json

from graph.decisions import curation_of
from graph.names import name_key
from graph.store import Store

CONFIRMED = "用户确认"  # graph.linking's reason for a link the user confirmed


def duplicate_groups(companies: list[dict], suffixes: tuple[str, ...] | None = None) -> list[dict]:
    """Groups of companies that may be one firm (pure): same credit code, or same name key.

    >>> rows = [{"id": "co:甲制药", "name": "甲乙制药", "local": True},
    ...         {"id": "co:甲制药有限公司", "name": "甲乙制药有限公司", "local": True}]
    >>> [(g["reason"], g["key"], [c["id"] for c in g["companies"]]) for g in duplicate_groups(rows, ("有限公司",))]
    [('name', '甲乙制药', ['co:甲制药', 'co:甲制药有限公司'])]
    """
    by_code: dict[str, list[dict]] = {}
    by_name: dict[str, dict[str, dict]] = {}
    for c in companies:
        if c.get("credit_code"):
            by_code.setdefault(c["credit_code"], []).append(c)
        for name in {c.get("name"), c.get("fullname")} - {None, ""}:
            key = name_key(name, suffixes)
            if len(key) >= 2:
                by_name.setdefault(key, {})[c["id"]] = c
    groups = []
    seen: set[frozenset] = set()

    def shown(c: dict) -> dict:
        return {k: c.get(k) for k in ("id", "name", "fullname", "credit_code", "code", "local")}

    for code, members in sorted(by_code.items()):
        if len(members) > 1:
            ids = frozenset(m["id"] for m in members)
            seen.add(ids)
            groups.append({"reason": "credit_code", "key": code,
                           "companies": [shown(m) for m in sorted(members, key=lambda m: m["id"])]})
    for key, members in sorted(by_name.items()):
        ids = frozenset(members)
        if len(ids) > 1 and ids not in seen and any(m.get("local") for m in members.values()):
            seen.add(ids)
            groups.append({"reason": "name", "key": key,
                           "companies": [shown(members[i]) for i in sorted(ids)]})
    return groups


def parks_without_company(parks: list[dict], occupied: list[dict]) -> list[dict]:
    """Specific parks no local company is in (pure).

    ``parks`` are quality_parks rows; ``occupied`` are quality_company_places rows, one per park that
    a local company is LOCATED_IN.

    >>> parks_without_company([{"id": "甲园", "name": "甲园", "county": "曹县", "specific": True},
    ...                        {"id": "乙园", "name": "乙园", "county": "单县", "specific": True},
    ...                        {"id": "开发区", "name": "开发区", "county": "单县", "specific": False}],
    ...                       [{"park": "甲园"}])
    [{'id': '乙园', 'name': '乙园', 'county': '单县'}]
    """
    taken = {row["park"] for row in occupied}
    return [{k: p.get(k) for k in ("id", "name", "county")} for p in parks
            if p.get("specific") is not False and p["id"] not in taken]


def pending_links(rows: list[dict], curation) -> list[dict]:
    """Rule-made pool links the curation file has not decided (pure)."""
    out = []
    for r in rows:
        names = [r.get("name"), *(r.get("aliases") or [])]
        decided = any(n and (curation.confirmed(n) == r["id"] or curation.is_rejected(n, r["id"])) for n in names)
        if not decided:
            out.append({k: r.get(k) for k in ("id", "name", "code", "fullname", "match_reason", "match_confidence")})
    return out


def quality_report(store: Store, *, curation=None) -> dict:
    """The data-quality lists (see the module docstring) and their counts under ``summary``.

    ``curation`` is a :class:`graph.decisions.Curation`, a path, or None for the configured file.
    """
    decisions = curation_of(curation)
    report = {
        "companies_without_link": store.query("quality_companies_without_link"),
        "links_without_company": store.query("quality_links_without_company"),
        "parks_without_company": parks_without_company(store.query("quality_parks"),
                                                       store.query("quality_company_places")),
        "duplicate_companies": duplicate_groups(store.query("quality_companies")),
        "pending_pool_links": pending_links(store.query("quality_pending_links", confirmed=CONFIRMED), decisions),
    }
    report["summary"] = {name: len(items) for name, items in report.items()}
    return report


TITLES = {
    "companies_without_link": "未覆盖任何环节的本地企业",
    "links_without_company": "没有本地企业的产业链环节",
    "parks_without_company": "没有企业的园区",
    "duplicate_companies": "可能重复的企业",
    "pending_pool_links": "待确认的企业库关联",
}


def _describe(name: str, item: dict) -> str:
    if name == "companies_without_link":
        return f"{item['name']}" + (f" ({item['county']})" if item.get("county") else "")
    if name == "links_without_company":
        return f"{item.get('industry') or ''} {item.get('chain_name') or ''}: 第 {item.get('position')} 环 {item['name']}"
    if name == "parks_without_company":
        return item["name"] + (f" ({item['county']})" if item.get("county") else "")
    if name == "duplicate_companies":
        why = "统一社会信用代码相同" if item["reason"] == "credit_code" else "名称去掉有限公司/集团等后相同"
        return f"{why} [{item['key']}]: " + "、".join(f"{c['name']} ({c['id']})" for c in item["companies"])
    confidence = item.get("match_confidence")
    shown = f", 置信度 {confidence:.2f}" if isinstance(confidence, (int, float)) else ""
    return f"{item['name']} → {item.get('fullname') or item['id']} ({item['id']}): {item['match_reason']}{shown}"


def format_quality(report: dict, *, limit: int = 10) -> str:
    """The report as Chinese text: one heading per list with its count, at most ``limit`` items each."""
    lines = ["数据质量检查"]
    for name, title in TITLES.items():
        items = report[name]
        lines.append(f"{title}: {len(items)}")
        for item in items[:limit]:
            lines.append(f"  - {_describe(name, item)}")
        if len(items) > limit:
            lines.append(f"  … 另有 {len(items) - limit} 项 (完整列表: python -m graph quality --json)")
    return "\n".join(lines)


# --- command line -------------------------------------------------------------------------------


def add_quality_arguments(parser) -> None:
    """``python -m graph quality [--json] [--store URI]`` (``--store`` comes from the common parser)."""
    parser.add_argument("--json", action="store_true", help="print one JSON object with every list")


def cmd_quality(store: Store, args) -> int:
    """The command on an open store (for ``graph.__main__.COMMANDS``)."""
    report = quality_report(store)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_quality(report))
    return 0


