"""The overview page's figures: nodes per kind, industries by kind, chains with completeness, targets by year."""

from __future__ import annotations

import re
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


_CITY = re.compile(r"^(.{1,8}?(?:自治州|地区|盟|市|州|县))")


def city_name(docs: list[dict]) -> str:
    """The city the documents speak for, from their issuing body (the most common one) (pure).

    >>> city_name([{"issuer": "某某市人民政府"}, {"issuer": "某某市发展和改革委员会"}, {"issuer": None}])
    '某某市'
    >>> city_name([])
    ''
    """
    found: dict[str, int] = {}
    for doc in docs:
        match = _CITY.match((doc.get("issuer") or "").strip())
        if match:
            found[match.group(1)] = found.get(match.group(1), 0) + 1
    return max(found, key=lambda k: (found[k], k)) if found else ""


def city_figures(store) -> dict:
    """The city's own figures: its industries, industrial chains and links by status, its local
    companies (all, placed on a link, 规上, 链主)."""
    local = (store.query("overview_city") or [{}])[0]
    chain_rows = chains(store)
    industry_rows = industries(store)
    return {"industries": len(industry_rows), "chains": len(chain_rows),
            "links": sum(c.links for c in chain_rows),
            "by_status": {"强链": sum(c.strong for c in chain_rows), "弱链": sum(c.weak for c in chain_rows),
                          "待核实": sum(c.pending for c in chain_rows), "缺链": sum(c.missing for c in chain_rows)},
            "local": int(local.get("local") or 0), "placed": int(local.get("placed") or 0),
            "above_scale": int(local.get("above_scale") or 0), "chain_leaders": int(local.get("chain_leaders") or 0)}


POOL_HINT = ("全国企业库未载入, 所以没有招商候选: 管理员可在“数据管理”页导入企业库目录, 或设置 CHAINKG_POOL=目录 后"
             "运行 `make run` (即 `python -m ingest pool 目录`)。")


def pool_loaded(store) -> bool:
    """True when the national pool is in the graph (listed companies that are not local)."""
    return pool_figures(store)["companies"] > 0


def pool_figures(store) -> dict:
    """The national pool's figures: listed companies that are not local, 申万 industries, products."""
    row = (store.query("overview_pool") or [{}])[0]
    return {"companies": int(row.get("companies") or 0), "industries": int(row.get("industries") or 0),
            "products": int(store.counts().get("Product", 0))}


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
    pending: int = 0  # 待核实: no company placed while the chain has unplaced members

    @property
    def completeness(self) -> float:
        return self.covered / self.links if self.links else 0.0


def chains(store) -> list[ChainSummary]:
    """Every industrial chain with its completeness (covered links / links)."""
    return [ChainSummary(r["id"], r.get("industry") or "", r["name"], int(r["links"]), int(r["covered"] or 0),
                         int(r["missing"] or 0), int(r["weak"] or 0), int(r["strong"] or 0),
                         int(r.get("pending") or 0))
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
STATUS_ORDER = {"缺链": 0, "弱链": 1, "待核实": 2, "强链": 3}


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
                "evidence": link_evidence(link),
            })
    rows.sort(key=lambda r: (STATUS_ORDER.get(r["status"], 3), -(r["criticality"] or 0), -r["best_closes"],
                             r["industry"], r["chain"], r["position"] or 0))
    return rows


def gap_policy(store) -> dict:
    """What the documents say about each industry, for graph.priority: its money targets (its own or
    its sector's), how much the documents write about it, 链主 wording."""
    from graph import priority, targets

    parents: dict[str, list[str]] = {}
    for row in store.query("overview_industries"):
        if row.get("parent"):
            parents.setdefault(row["id"], []).append(row["parent"])
    for name in list(parents):  # sectors above sectors
        seen, todo = [], list(parents[name])
        while todo:
            up = todo.pop(0)
            if up not in seen and up != name:
                seen.append(up)
                todo += parents.get(up, [])
        parents[name] = seen
    return priority.policies(targets.targets(store), store.query("priority_industries"), parents)


def ranked_gaps(report: dict, policy: dict) -> list[dict]:
    """The gap rows in the order of graph.priority (gaps by priority, then 待核实 tasks, then 强链)."""
    from graph import priority

    return priority.rank(gap_rows(report), policy)


def filter_recruits(recruits_rows: list[dict], shown_rows: list[dict]) -> list[dict]:
    """Target companies counted on the shown gaps only: ``closes`` and ``gaps`` within them (pure).

    >>> filter_recruits([{"name": "甲", "gaps": "化学药·中间体、储能·电芯", "closes": 2}],
    ...                 [{"industry": "储能", "link": "电芯"}])
    [{'name': '甲', 'gaps': '储能·电芯', 'closes': 1}]
    """
    wanted = {f"{r['industry']}·{r['link']}" for r in shown_rows}
    out = []
    for item in recruits_rows:
        kept = [g for g in (item.get("gaps") or "").split("、") if g in wanted]
        if kept:
            out.append({**item, "gaps": "、".join(kept), "closes": len(kept)})
    out.sort(key=lambda r: (-r["closes"], -(r.get("best_weight") or 0), r.get("name") or ""))
    return out


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


def candidate_facts(report: dict) -> dict[str, dict]:
    """Region and risk flags of each candidate of a report, by id (pure).

    >>> candidate_facts({"chains": [{"links": [{"candidates": [{"id": "1.SZ", "region": {"province": "浙江省"},
    ...                                                          "flags": ["ST"]}]}]}]})
    {'1.SZ': {'region': '浙江省', 'flags': 'ST'}}
    """
    out: dict[str, dict] = {}
    for chain in report.get("chains", []):
        for link in chain.get("links", []):
            for cand in link.get("candidates") or []:
                key = cand.get("id") or cand.get("code") or cand.get("name")
                if key not in out:
                    out[key] = {"region": region_text(cand.get("region")), "flags": "、".join(cand.get("flags") or [])}
    return out


def recruits(report: dict) -> list[dict]:
    """Candidate companies across all gaps, those that close the most gaps first (pure).

    Uses the report's ``targets`` when the analysis gives them, else gathers the candidates.
    """
    if report.get("targets") is not None:
        seen = candidate_facts(report)
        return [{"name": t.get("name"), "fullname": t.get("fullname") or "", "code": t.get("code") or "",
                 "closes": t.get("closes") or 0, "best_weight": t.get("best_weight") or 0.0,
                 "gaps": "、".join(dict.fromkeys(f"{x.get('industry')}·{x.get('link')}" for x in t.get("links", []))),
                 "products": "、".join(sorted({x.get("product") for x in t.get("links", []) if x.get("product")})),
                 **seen.get(t.get("id") or t.get("code") or t.get("name"), {"region": "", "flags": ""})}
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
                                              "best_weight": 0.0, "region": region_text(cand.get("region")),
                                              "flags": "、".join(cand.get("flags") or [])})
                item["gaps"].append(f"{chain.get('industry')}·{link.get('name')}")
                if cand.get("product"):
                    item["products"].add(cand["product"])
                item["best_weight"] = max(item["best_weight"], cand.get("weight") or 0.0)
    out = [{**item, "closes": len(set(item["gaps"])), "gaps": "、".join(dict.fromkeys(item["gaps"])),
            "products": "、".join(sorted(item["products"]))} for item in found.values()]
    out.sort(key=lambda r: (-r["closes"], -r["best_weight"], r["name"] or ""))
    return out


# Chinese headers for the columns of query results (the saved queries keep their English aliases,
# which the code reads; the console shows these).
COLUMN_TITLES = {
    "a": "起点", "b": "终点", "c": "企业", "chain_name": "产业链", "chains": "产业链数", "companies": "企业数",
    "company": "企业", "covered": "有本地企业的环节", "department": "部门", "doc": "文件", "document": "文件",
    "dst": "终点", "earlier_industry": "已有产业", "future_industry": "未来产业", "label": "类别", "link": "环节",
    "link_name": "环节", "links": "环节", "material": "材料", "missing": "缺链", "node": "节点", "nodes": "节点",
    "owner": "所属", "owner_label": "所属类别", "parent": "上级", "park": "园区", "q": "查询词", "r": "关系",
    "rel": "关系", "relation": "关系", "rels": "关系", "sentence": "原句", "source_row": "来源行", "span_start": "起始位置",
    "src": "起点", "strong": "强链", "target": "对象", "type": "关系类型", "wanted": "查询值", "weak": "弱链", "x": "对象",
    "n": "节点", "m": "节点", "p": "节点", "i": "产业", "d": "部门", "l": "环节", "ch": "产业链", "count": "数量",
    "pending": "待核实", "industries": "产业", "products": "产品", "ids": "编号", "kinds": "类别", "limit": "上限",
    "src_label": "起点类别", "dst_label": "终点类别",
}


def column_title(column: str) -> str:
    """A query result column as the console heads it: Chinese for the saved queries' aliases, the
    column itself otherwise (an analyst's own alias) (pure).

    >>> column_title("fullname"), column_title("dst"), column_title("产业")
    ('全称', '终点', '产业')
    """
    from graph.browse import PROP_TITLES

    return PROP_TITLES.get(column) or COLUMN_TITLES.get(column) or column


def cell_text(column: str, value):
    """A query result cell for a reader: nodes by name and kind, relationships by their Chinese name,
    coded values in Chinese, lists joined, shares as percentages; numbers stay numbers (pure).

    >>> cell_text("n", {"_label": "Industry", "_ref": "1", "id": "化学药", "name": "化学药"})
    '化学药 [产业]'
    >>> cell_text("role", "responsible"), cell_text("weight", 0.906017), cell_text("x", 3), cell_text("x", None)
    ('负责', '91%', 3, '')
    """
    from graph import ontology
    from graph.browse import display_value

    if isinstance(value, bool) or value is None:
        return display_value(column, value)
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        if "_label" in value:
            label = value["_label"]
            title = ontology.NODES[label].title if label in ontology.NODES else label
            return f"{value.get('name') or value.get('id') or ''} [{title}]"
        if "_type" in value:
            kind = ontology.RELS.get(value["_type"])
            return kind.title if kind else str(value["_type"])
        if "nodes" in value:
            return " → ".join(str(cell_text(column, n)) for n in value.get("nodes") or [])
    if isinstance(value, (list, tuple)):
        return "、".join(str(cell_text(column, v)) for v in value if v is not None)
    return display_value(column, value)


def share_text(weight) -> str:
    """A product's share of a company's business as a percentage; empty when unknown (pure).

    >>> share_text(0.906017), share_text(None), share_text(0.0004)
    ('91%', '', '<1%')
    """
    if not isinstance(weight, (int, float)) or isinstance(weight, bool):
        return ""
    return "<1%" if 0 < weight < 0.005 else f"{weight:.0%}"


def region_text(region) -> str:
    """Where a company is, from a report's ``region`` ({province, city, county} or text) (pure).

    >>> region_text({"province": "山东省", "city": "菏泽市", "county": None}), region_text(None)
    ('山东省菏泽市', '')
    """
    if isinstance(region, dict):
        parts = [region.get(k) for k in ("province", "city", "county")]
        return "".join(dict.fromkeys(p for p in parts if p))
    return str(region or "")


def documents(store) -> list[dict]:
    """The loaded policy documents, oldest first."""
    return store.query("documents")


GAP_CSV_COLUMNS = {"priority": "优先级", "why": "为何排在这里",
                   "industry": "产业", "chain": "产业链", "position": "位置序号", "link": "环节", "stage": "上中下游",
                   "status": "状态", "criticality": "关键度", "local": "本地企业", "candidates": "候选企业",
                   "candidate_count": "候选数", "best_closes": "最多可补缺口", "departments": "责任部门",
                   "parks": "承载园区"}


def gaps_csv(rows: list[dict]) -> bytes:
    """Gap rows as CSV with Chinese headers (graph.export.csv_bytes: UTF-8 with BOM, inert cells) (pure)."""

    def cell(key, value):
        return round(value, 2) if key == "criticality" and isinstance(value, float) else value

    return csv_bytes(list(GAP_CSV_COLUMNS.values()), ([cell(k, row.get(k)) for k in GAP_CSV_COLUMNS] for row in rows))


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
