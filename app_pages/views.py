"""The overview page's figures: nodes per kind, industries by kind, chains with completeness, targets by year."""

from __future__ import annotations

from dataclasses import dataclass

from graph import ontology
from graph.export import csv_bytes

KIND_TITLES = {"strategic_emerging": "战略性新兴产业", "future": "未来产业"}
LEVEL_TITLES = {"sector": "门类", "segment": "细分"}


def kind_title(kind: str | None) -> str:
    """>>> kind_title("future")
    '未来产业'
    """
    return KIND_TITLES.get(kind or "", kind or "未分类")


def counts(store) -> list[dict]:
    """Nodes per kind, with the kind's Chinese name, in the ontology's order."""
    found = store.counts()
    return [{"label": label, "kind": ontology.node_kind(label).title, "count": found.get(label, 0)}
            for label in ontology.NODES]


def industries(store) -> list[dict]:
    """The documents' industries (not the pool's), one row each, sectors before their segments."""
    merged: dict[str, dict] = {}
    for row in store.query("overview_industries"):
        item = merged.setdefault(row["id"], {**row, "parents": []})
        if row.get("parent") and row["parent"] not in item["parents"]:
            item["parents"].append(row["parent"])
    out = []
    for item in merged.values():
        out.append({"name": item["name"], "kind": kind_title(item.get("kind")),
                    "level": LEVEL_TITLES.get(item.get("level") or "", item.get("level") or ""),
                    "parent": "、".join(item["parents"]), "chains": item.get("chains") or 0,
                    "companies": item.get("companies") or 0})
    out.sort(key=lambda r: (r["kind"], r["parent"] or r["name"], r["parent"] != "", r["name"]))
    return out


def industries_by_kind(rows: list[dict]) -> dict[str, list[dict]]:
    """Industry rows grouped by kind title (pure)."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["kind"], []).append(row)
    return out


@dataclass(frozen=True)
class ChainSummary:
    id: str
    industry: str
    name: str
    links: int
    covered: int  # links with at least one local company (弱链 or 强链 in the coverage table)
    missing: int  # links marked 缺链 / 弱链 / 强链 by the gap analysis (0 when not yet run)
    weak: int
    strong: int

    @property
    def completeness(self) -> float:
        return self.covered / self.links if self.links else 0.0


def chains(store) -> list[ChainSummary]:
    """Every industrial chain with its completeness (covered links / links)."""
    return [ChainSummary(r["id"], r.get("industry") or "", r["name"], int(r["links"]), int(r["covered"] or 0),
                         int(r["missing"] or 0), int(r["weak"] or 0), int(r["strong"] or 0))
            for r in store.query("overview_chains")]


def targets_by_year(target_rows: list[dict]) -> list[dict]:
    """Number of targets per year (pure; rows from graph.targets.targets).

    >>> targets_by_year([{"year": 2025}, {"year": 2025}, {"year": 2027}, {"year": None}])
    [{'year': '2025', 'count': 2}, {'year': '2027', 'count': 1}, {'year': '未注明', 'count': 1}]
    """
    found: dict[str, int] = {}
    for row in target_rows:
        year = str(row["year"]) if row.get("year") else "未注明"
        found[year] = found.get(year, 0) + 1
    return [{"year": y, "count": n} for y, n in sorted(found.items(), key=lambda kv: (kv[0] == "未注明", kv[0]))]


# --- gap listings, over the JSON contract of graph.gaps (``python -m graph gaps --json``) --------

VIA_TITLES = {"document": "文件列名", "pool": "全国企业库主营产品", "table": "企业名单", "manual": "人工指定"}
STATUS_ORDER = {"缺链": 0, "弱链": 1, "强链": 2}


def via_title(via: str | None) -> str:
    return VIA_TITLES.get(via or "", via or "")


ROLE_NOTES = {"lead": "牵头", "support": "配合"}


def names(items) -> list[str]:
    """Names from a report list whose items are strings or dicts with ``name`` (and a ``role``).

    >>> names(["市发展改革委", {"name": "市工业和信息化局", "role": "lead"}, None])
    ['市发展改革委', '市工业和信息化局(牵头)']
    """
    out = []
    for item in items or []:
        if isinstance(item, dict):
            if item.get("name"):
                note = ROLE_NOTES.get(item.get("role") or "")
                out.append(f"{item['name']}({note})" if note else str(item["name"]))
        elif item:
            out.append(str(item))
    return out


def evidence_text(evidence) -> str:
    """An evidence value (a sentence, or a dict with ``sentence``/``quote``) as text."""
    if isinstance(evidence, dict):
        return str(evidence.get("sentence") or evidence.get("quote") or evidence.get("text") or "")
    if isinstance(evidence, list):
        return " / ".join(filter(None, (evidence_text(e) for e in evidence)))
    return "" if evidence is None else str(evidence)


def local_text(link: dict) -> str:
    """A link's local companies as one line; when the report lists only the first names, says how
    many there are in all.

    >>> local_text({"local_companies": [{"name": "甲"}, {"name": "乙"}], "local_count": 30, "local_listed": False})
    '甲、乙 等 30 家'
    """
    names = "、".join(c.get("name") or "" for c in link.get("local_companies") or [])
    if link.get("local_listed", True):
        return names
    return f"{names} 等 {link.get('local_count', 0)} 家"


def gap_rows(report: dict) -> list[dict]:
    """One row per chain link from a gap report, ranked: 缺链 before 弱链 before 强链, then by
    criticality, then by how many gaps the best candidate closes (pure)."""
    rows = []
    for chain in report.get("chains", []):
        for link in chain.get("links", []):
            candidates = link.get("candidates") or []
            rows.append({
                "industry": chain.get("industry") or "", "chain": chain.get("name") or "",
                "completeness": chain.get("completeness"),
                "position": link.get("position"), "link": link.get("name") or "", "stage": link.get("stage") or "",
                "status": link.get("status") or "", "criticality": link.get("criticality"),
                "local": local_text(link),
                "local_count": link.get("local_count", len(link.get("local_companies") or [])),
                "candidates": "、".join(c.get("name", "") for c in candidates[:5]),
                "candidate_count": len(candidates),
                "best_closes": max((c.get("closes") or 0 for c in candidates), default=0),
                "departments": "、".join(names(link.get("departments"))),
                "parks": "、".join(names(link.get("parks"))),
            })
    rows.sort(key=lambda r: (STATUS_ORDER.get(r["status"], 3), -(r["criticality"] or 0), -r["best_closes"],
                             r["industry"], r["chain"], r["position"] or 0))
    return rows


def filter_gaps(rows: list[dict], *, industries=(), statuses=(), department: str | None = None) -> list[dict]:
    """Gap rows of the given industries, statuses and department (empty filter = all) (pure)."""
    out = []
    for row in rows:
        if industries and row["industry"] not in industries:
            continue
        if statuses and row["status"] not in statuses:
            continue
        if department and department not in department_names(row["departments"]):
            continue
        out.append(row)
    return out


def department_names(text: str) -> list[str]:
    """Department names from a joined list, without role notes.

    >>> department_names("市发展改革委(牵头)、市科技局")
    ['市发展改革委', '市科技局']
    """
    return [part.split("(")[0] for part in text.split("、") if part]


def recruits(report: dict) -> list[dict]:
    """Candidate companies across all gaps, those that close the most gaps first (pure).

    Uses the report's ``targets`` when the analysis gives them, else gathers the candidates.
    """
    if report.get("targets") is not None:
        return [{"name": t.get("name"), "fullname": t.get("fullname") or "", "code": t.get("code") or "",
                 "closes": t.get("closes") or 0, "best_weight": t.get("best_weight") or 0.0,
                 "gaps": "、".join(dict.fromkeys(f"{x.get('industry')}·{x.get('link')}" for x in t.get("links", []))),
                 "products": "、".join(sorted({x.get("product") for x in t.get("links", []) if x.get("product")}))}
                for t in report["targets"]]
    found: dict[str, dict] = {}
    for chain in report.get("chains", []):
        for link in chain.get("links", []):
            if link.get("status") == "强链":
                continue
            for cand in link.get("candidates") or []:
                key = cand.get("code") or cand.get("name")
                item = found.setdefault(key, {"name": cand.get("name"), "fullname": cand.get("fullname") or "",
                                              "code": cand.get("code") or "", "gaps": [], "products": set(),
                                              "best_weight": 0.0})
                item["gaps"].append(f"{chain.get('industry')}·{link.get('name')}")
                if cand.get("product"):
                    item["products"].add(cand["product"])
                item["best_weight"] = max(item["best_weight"], cand.get("weight") or 0.0)
    out = [{**item, "closes": len(set(item["gaps"])), "gaps": "、".join(dict.fromkeys(item["gaps"])),
            "products": "、".join(sorted(item["products"]))} for item in found.values()]
    out.sort(key=lambda r: (-r["closes"], -r["best_weight"], r["name"] or ""))
    return out


def documents(store) -> list[dict]:
    """The loaded policy documents, oldest first."""
    return store.query("documents")


GAP_CSV_COLUMNS = {"industry": "产业", "chain": "产业链", "position": "位置序号", "link": "环节", "stage": "上中下游",
                   "status": "状态", "criticality": "关键度", "local": "本地企业", "candidates": "候选企业",
                   "candidate_count": "候选数", "best_closes": "最多可补缺口", "departments": "责任部门",
                   "parks": "承载园区"}


def gaps_csv(rows: list[dict]) -> bytes:
    """Gap rows as CSV with Chinese headers (graph.export.csv_bytes: UTF-8 with BOM, inert cells) (pure)."""

    return csv_bytes(list(GAP_CSV_COLUMNS.values()), ([row.get(k) for k in GAP_CSV_COLUMNS] for row in rows))


def link_evidence(link: dict) -> list[str]:
    """Evidence sentences of one link of a gap report, each once (pure).

    >>> link_evidence({"local_companies": [{"evidence": "依托甲"}], "evidence": ["打造链", "依托甲"]})
    ['依托甲', '打造链']
    """
    found = [evidence_text(c.get("evidence")) for c in link.get("local_companies") or []]
    raw = link.get("evidence")
    found += [evidence_text(e) for e in raw] if isinstance(raw, list) else [evidence_text(raw)]
    return [e for e in dict.fromkeys(found) if e]


def extension_text(items) -> str:
    """延链 candidates (products with how many pool companies make them) as one line (pure).

    >>> extension_text([{"product": "焦炭", "companies": 12}, {"product": "煤"}])
    '焦炭 (12 家)、煤'
    """
    out = []
    for item in items or []:
        n = item.get("companies")
        out.append(f"{item.get('product')} ({n} 家)" if n else str(item.get("product")))
    return "、".join(out)


def without_chain_rows(report: dict) -> list[dict]:
    """Industries the report flags as gaps of their own (no chain, or no named company) (pure).

    >>> without_chain_rows({"industries_without_chain": [{"industry": "氢能", "kind": "future", "reason": "无产业链"},
    ...                                                   "储能"]})
    [{'industry': '氢能', 'kind': '未来产业', 'reason': '无产业链'}, {'industry': '储能', 'kind': '', 'reason': ''}]
    """
    out = []
    for item in report.get("industries_without_chain") or []:
        if isinstance(item, dict):
            out.append({"industry": item.get("industry") or item.get("name") or "",
                        "kind": kind_title(item.get("kind")) if item.get("kind") else "",
                        "reason": item.get("reason") or ""})
        else:
            out.append({"industry": str(item), "kind": "", "reason": ""})
    return out
