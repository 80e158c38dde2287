"""Coverage: which local company sits on which chain link (``COVERS``), and the status that follows.

Every rule that puts a company on a link is here, one function per source, each pure (rows in,
``COVERS`` rows out); the loaders and the gap analysis call them:

- **documents** (:func:`document_covers`, via 'document'): a company named in a clause that names a
  link of a chain of its industry or sector as a whole item (:func:`names_link`);
- **company lists** (:func:`table_covers`, via 'table'): the row's 产业链环节 (grade 确认), and the
  links the one matcher puts its 主营产品 or 经营范围 on (grade 产品匹配);
- **the pool** (:func:`matched_covers`, via 'pool', grade 产品匹配): the one matcher
  (:mod:`graph.matcher`) put a local company's main products on the link's definition
  (:mod:`graph.linkdefs`); pool companies that are not local become the link's candidates through
  the same matches;
- **a user** (:func:`manual_covers`, via 'manual', grade 确认): the assignments of :mod:`graph.decisions`
  and the placements confirmed in the review queue (:mod:`graph.review`).

Status (:func:`link_status`): 强链 / 弱链 / 待核实 / 缺链 from the grades of the companies on a link and
the chain's members not yet placed (:func:`chain_members`); completeness (:func:`completeness`):
(强链 + 弱链) / links.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from graph.ids import chain_id, company_id, link_id, provenance
from graph.linkdefs import is_generic as _is_generic
from graph.linkdefs import load_lexicon
from graph.names import normalize_name
from graph.settings import env_number

MISSING, WEAK, STRONG, PENDING = "缺链", "弱链", "强链", "待核实"
# how sure a placement is (COVERS.grade): a list, a user or a confirmed proposal says so; the company's
# products or business scope match the link's definition (graph.matcher); a document names it
CONFIRMED, PRODUCT_MATCH, MENTIONED = "确认", "产品匹配", "文件提及"
GRADES = (CONFIRMED, PRODUCT_MATCH, MENTIONED)
STATUSES = (MISSING, WEAK, STRONG, PENDING)
VIA_ORDER = ("manual", "table", "document", "pool")
GRADE_OF_VIA = {"manual": "确认", "table": "确认", "document": "文件提及", "pool": "产品匹配"}
DEFAULT_K = 2


def default_k() -> int:
    """``CHAINKG_GAP_K`` or 2: below this many local companies a link is 弱链."""
    return env_number("CHAINKG_GAP_K", DEFAULT_K, low=1, what="不小于 1 的整数")


# --- the industry tree ------------------------------------------------------------------------------


def parents_of(industries: list[dict]) -> dict[str, list[str]]:
    """Each document industry's sectors (an industry named the same in two documents may have two)."""
    out: dict[str, list[str]] = {}
    for r in industries:
        out.setdefault(r["id"], [])
        if r.get("parent") and r["parent"] not in out[r["id"]]:
            out[r["id"]].append(r["parent"])
    return out


def family(parents: dict[str, list[str]], industry: str | None) -> set:
    """An industry, its sectors and its segments."""
    children = {i for i, ps in parents.items() if industry in ps}
    return {industry, *parents.get(industry, []), *children}


def is_generic(name: str) -> bool:
    """A stage word (材料, 设备 …), a name made only of them, or a one-character link: it means
    nothing without its chain (:func:`graph.linkdefs.is_generic`).

    >>> is_generic("材料"), is_generic("关键部件配套"), is_generic("负极材料")
    (True, True, False)
    """
    return _is_generic(name, load_lexicon())


# --- the rules, by source (pure) ------------------------------------------------------------------


def matched_covers(matches: dict[str, list], companies: dict[str, dict], local: set[str]) -> list[dict]:
    """COVERS via 'pool' (grade 产品匹配) for the local companies among ``matches`` (company id → the
    :class:`graph.matcher.Match` list of its pool products): one row per company and link, with the
    product, the term it matched and how specific the match is (``confidence``).

    >>> from graph.matcher import Match
    >>> rows = matched_covers({"c1": [Match("l#1", "玻纤纱", "无碱玻纤纱", 0.6, 0.9)]}, {"c1": {"name": "甲"}}, {"c1"})
    >>> rows[0]["grade"], rows[0]["sentence"]
    ('产品匹配', '企业库: 甲 主营 无碱玻纤纱（占比 60%）, 匹配「玻纤纱」')
    """
    out = []
    for cid in sorted(local & set(matches)):
        name = (companies.get(cid) or {}).get("name") or cid
        for m in matches[cid]:
            shown = f"（占比 {m.share:.0%}）" if m.share is not None else ""
            out.append({"company": cid, "name": name, "link": m.link, "via": "pool", "confidence": m.specificity,
                        "product": m.product, "matched_term": m.term, "grade": PRODUCT_MATCH,
                        "sentence": f"企业库: {name} 主营 {m.product}{shown}, 匹配「{m.term}」"})
    return sorted(out, key=lambda r: (r["link"], r["company"]))


def manual_covers(entries: list[dict], companies: set[str], links: set[str]) -> list[dict]:
    """COVERS via 'manual' for the assignments whose company and link exist.

    >>> manual_covers([{"company": "c1", "link": "l1", "note": "走访确认"}, {"company": "gone", "link": "l1"}],
    ...               {"c1"}, {"l1"})[0]["sentence"]
    '人工指定: 走访确认'
    """
    return [{"src": e["company"], "dst": e["link"], "via": "manual", "confidence": 1.0, "source": "manual",
             "grade": CONFIRMED, "sentence": "人工指定" + (f": {e['note']}" if e.get("note") else "")}
            for e in entries if e["company"] in companies and e["link"] in links]


CLAUSE_BREAKS = re.compile(r"[，,；;。：:！？!?]")
CHAIN_MARKS = re.compile(r"[→➝—－-]")
# what may stand right before a link named as a whole item (not the tail of a longer word: 负极材料 ≠ 材料)
ITEM_START = re.compile(r"(?:^|[、和及与或]|发展|推动|生产|建设|布局|突破|引进|做强|做大|做优|培育|聚焦|拓展|延伸|"
                        r"加快|重点|开发|研发|从事|提升|壮大|打造|扩大|支持|加强|完善|扩展|主营|专注)$")


def names_link(clause: str, link: str) -> bool:
    """Whether ``clause`` names ``link`` as a whole item rather than inside a longer word.

    >>> names_link("带动发展负极材料、电芯", "电芯"), names_link("带动发展负极材料、电芯", "材料")
    (True, False)
    """
    start = clause.find(link)
    while start != -1:
        if ITEM_START.search(clause[:start]):
            return True
        start = clause.find(link, start + 1)
    return False


def company_clauses(sentence: str, name: str) -> list[str]:
    """The clauses of ``sentence`` (split at ，；。：) that say what the company does: the one that names
    it and the one right after it (``依托甲、乙等企业，带动发展X、Y`` puts the companies in one clause
    and what they make in the next).

    >>> company_clauses("依托甲公司等企业，带动发展电芯、模组，打造A→B产业链。支持乙公司发展原料药", "甲公司")
    ['依托甲公司等企业', '带动发展电芯、模组']
    """
    clauses = CLAUSE_BREAKS.split(sentence)
    out = []
    for i, clause in enumerate(clauses):
        if name in clause:
            out.extend(c for c in clauses[i:i + 2] if c not in out)
    return out


def document_covers(extraction: dict, industries: dict, company_ids: dict) -> list[dict]:
    """COVERS via 'document' from one document's extraction (the JSON of ``ingest extract``): a
    company named in a clause that also names a link of a chain of its industry (or of its sector).
    A clause that spells out a whole chain (A→B→C) says nothing about which link the company sits
    on, so it covers nothing. ``industries``: the document's industries by name (with ``parent``);
    ``company_ids``: document name -> the pool company it was linked to (``{"id", ...}``)."""
    out = []
    chains_by_industry: dict[str, list[tuple[str, list[str]]]] = {}
    for chain in extraction.get("chains", []):
        links = [str(x) for x in chain.get("links") or []]
        if chain.get("is_industrial_chain", True) and len(links) >= 2:
            chains_by_industry.setdefault(chain.get("industry"), []).append(
                (chain_id(chain.get("industry"), links), links))
    for company in extraction.get("companies", []):
        if company.get("external"):
            continue
        sentence = (company.get("evidence") or {}).get("sentence") or ""
        clauses = [c for c in company_clauses(sentence, company["name"]) if not CHAIN_MARKS.search(c)]
        industry = company.get("industry")
        candidates = chains_by_industry.get(industry, []) + chains_by_industry.get(
            (industries.get(industry) or {}).get("parent"), [])
        entity = company.get("entity") or company["name"]
        linked = company_ids.get(entity) or company_ids.get(company["name"])
        cid = linked["id"] if linked else company_id(entity)
        for clause in clauses:
            for chain, links in candidates:
                named = [(pos, link) for pos, link in enumerate(links, start=1)
                         if len(link) >= 2 and names_link(clause, link)]
                if len(named) == len(links):
                    continue  # the whole chain, in words
                for position, link in named:
                    out.append({"src": cid, "dst": link_id(chain, position), "via": "document",
                                "confidence": 0.8, "product": link, "grade": MENTIONED,
                                **provenance(company.get("evidence"))})
    return out


def table_covers(link_names: list[str], products: list[str], *, links_by_name: dict[str, list[dict]],
                 in_scope: Callable[[dict], bool], scoped: bool, industry: str | None, all_links: list[dict],
                 industry_header: str, problem: Callable[[str], None], scope: str | None = None,
                 matcher=None, product_header: str = "主营产品", scope_header: str = "经营范围") -> list[dict]:
    """The links a company-list row covers (``{"link", "product", "confidence", "grade"}``, and for a
    match ``matched_term`` and ``evidence``):

    - each of its 产业链环节 (``link_names``), grade 确认; one that is unknown or in several industries
      is reported through ``problem``;
    - each link the one matcher (``matcher``: :class:`graph.matcher.Matcher` over the graph's link
      definitions, :func:`graph.gaps.link_matcher`) puts its 主营产品 (``products``) or its 经营范围
      (``scope``) on, grade 产品匹配, within the industry or chain the row names (``in_scope``);
      the evidence is the cell. Generic words (材料, 技术服务, 销售) match nothing on their own.

    Without a ``matcher`` (pure callers) a 主营产品 that is a link's name counts, as the matcher's
    definitions would read it. ``links_by_name``: normalized link name -> ChainLink rows;
    ``in_scope(link)``: whether the link is in the industry or chain the row names (``scoped``)."""
    covers: dict[str, dict] = {}
    for name in link_names:
        hits = [x for x in links_by_name.get(normalize_name(name), []) if in_scope(x)]
        if not hits:
            where = f"「{industry}」的产业链" if industry else "任何产业链"
            names = sorted({x["name"] for x in all_links if in_scope(x)})
            problem(f"{where}中没有环节「{name}」: 填写产业链上的环节名称"
                    + (f" (该产业的环节有 {'、'.join(names[:8])})" if scoped and names else ""))
            continue
        found = sorted({x["industry"] or "" for x in hits})
        if len(found) > 1:
            problem(f"环节「{name}」出现在多个产业 ({'、'.join(found)}) 的产业链中: "
                    f"在「{industry_header}」列写明是哪个产业")
            continue
        for x in hits:
            covers[x["id"]] = {"link": x["id"], "product": name, "confidence": 1.0, "grade": CONFIRMED}
    if matcher is None:
        for product in products:
            hits = [x for x in links_by_name.get(normalize_name(product), []) if in_scope(x)]
            if not scoped and (len({x["industry"] for x in hits}) > 1 or is_generic(normalize_name(product))):
                continue  # a generic word such as 材料, without an industry to say which chain
            for x in hits:
                covers.setdefault(x["id"], {"link": x["id"], "product": product, "confidence": 0.9,
                                            "grade": PRODUCT_MATCH, "matched_term": product,
                                            "evidence": f"{product_header}: {'、'.join(products)}"})
        return list(covers.values())
    by_id = {x["id"]: x for x in all_links}
    cells = {"主营产品": f"{product_header}: {'、'.join(products)}", "经营范围": f"{scope_header}: {scope or ''}"}
    for m in matcher.match_company(products=[(p, None) for p in products], scope=scope or None):
        link = by_id.get(m.link)
        if link is None or not in_scope(link):
            continue
        covers.setdefault(m.link, {"link": m.link, "product": m.product, "confidence": m.specificity,
                                   "grade": PRODUCT_MATCH, "matched_term": m.term,
                                   "evidence": cells.get(m.source, cells["主营产品"])})
    return list(covers.values())


# --- local companies per link, and the status (pure) ---------------------------------------------


def local_by_link(covers: list[dict], pool: list[dict], local_products: list[dict]) -> dict[str, list[dict]]:
    """Local companies per link id, one entry per company (its strongest source first): the stored
    COVERS rows of local companies (``gap_covers``) except those via 'pool', which are ``pool``
    (worked out by :func:`pool_covers`, so the analysis never reads a stale table)."""
    rows = []
    for r in covers:
        if r["via"] == "pool" or r.get("local") is not True:
            continue
        rows.append({"company": r["company"], "name": r["name"], "link": r["link"], "via": r["via"],
                     "confidence": r.get("confidence"), "product": r.get("product"), "grade": r.get("grade"),
                     "sentence": r.get("sentence"), "above_scale": r.get("above_scale")})
    above = {r["company"]: r.get("above_scale") for r in local_products}
    for r in pool:
        rows.append({**r, "above_scale": above.get(r["company"])})
    return group_local(rows)


def group_local(rows: list[dict]) -> dict[str, list[dict]]:
    """COVERS rows of local companies grouped per link id, one entry per company (strongest source
    first, then the others in ``sources``), sorted by name."""
    out: dict[str, dict[str, dict]] = {}
    for r in sorted(rows, key=lambda r: VIA_ORDER.index(r["via"]) if r["via"] in VIA_ORDER else 9):
        entries = out.setdefault(r["link"], {})
        if r["company"] in entries:
            entries[r["company"]]["sources"].append(r["via"])
            continue
        entries[r["company"]] = {"id": r["company"], "name": r["name"], "via": r["via"], "sources": [r["via"]],
                                 "evidence": r.get("sentence") or "", "product": r.get("product"),
                                 "grade": r.get("grade") or GRADE_OF_VIA.get(r["via"]),
                                 "confidence": r.get("confidence"), "above_scale": r.get("above_scale")}
    return {lid: sorted(v.values(), key=lambda e: e["name"]) for lid, v in out.items()}


SOLID_GRADES = (CONFIRMED, PRODUCT_MATCH)


def link_status(companies: list[dict], k: int = DEFAULT_K, *, unplaced: int = 0) -> str:
    """The status of a link from the local companies on it (dicts with ``grade`` and ``above_scale``)
    and the chain's members that sit on none of its links (``unplaced``):

    - 强链: at least ``k`` companies graded 确认 or 产品匹配, not all of them flagged as not 规上;
    - 弱链: fewer, or only 文件提及, or only non-规上;
    - 待核实: no company on it, but the chain has members not yet placed on a link;
    - 缺链: no company and no unplaced member.

    >>> c, m = {"grade": "产品匹配"}, {"grade": "文件提及"}
    >>> link_status([]), link_status([], unplaced=2), link_status([c]), link_status([c, c]), link_status([m, m, m])
    ('缺链', '待核实', '弱链', '强链', '弱链')
    >>> link_status([{"grade": "确认", "above_scale": False}] * 3)
    '弱链'
    """
    if not companies:
        return PENDING if unplaced else MISSING
    solid = [c for c in companies if c.get("grade") in SOLID_GRADES]
    if len(solid) < k or all(c.get("above_scale") is False for c in solid):
        return WEAK
    return STRONG


def completeness(links: list[dict]) -> float:
    """Covered links (强链 and 弱链) / links; 待核实 counts neither as covered nor as missing.

    >>> completeness([{"status": "强链"}, {"status": "待核实"}, {"status": "缺链"}, {"status": "弱链"}])
    0.5
    """
    if not links:
        return 0.0
    return round(sum(1 for x in links if x["status"] in (WEAK, STRONG)) / len(links), 4)


GRADE_ORDER = {CONFIRMED: 0, PRODUCT_MATCH: 1, MENTIONED: 2}


def chain_members(links: list[dict], members: list[dict], local: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The local companies a document names as the base of each chain's industry (``members``: rows
    ``{"company", "name", "industry", "sentence"}``), per chain id: ``{"id", "name", "placed_on": [link
    names], "grade", "evidence"}`` (``grade``: their best placement's, None while unplaced).
    ``local``: the local companies per link id (:func:`group_local`).

    >>> links = [{"id": "c#1", "chain": "c", "name": "材料", "industry": "储能", "position": 1},
    ...          {"id": "c#2", "chain": "c", "name": "电芯", "industry": "储能", "position": 2}]
    >>> rows = [{"company": "a", "name": "甲", "industry": "储能", "sentence": "依托甲、乙等企业"},
    ...         {"company": "b", "name": "乙", "industry": "储能", "sentence": "依托甲、乙等企业"}]
    >>> [(m["name"], m["placed_on"], m["grade"]) for m in chain_members(links, rows, {"c#2": [{"id": "a", "grade": "文件提及"}]})["c"]]
    [('甲', ['电芯'], '文件提及'), ('乙', [], None)]
    """
    by_chain: dict[str, list[dict]] = {}
    for x in sorted(links, key=lambda x: (x["chain"], x["position"])):
        by_chain.setdefault(x["chain"], []).append(x)
    by_industry: dict[str, dict[str, dict]] = {}
    for r in members:
        by_industry.setdefault(r["industry"], {}).setdefault(r["company"], r)
    out = {}
    for chain, chain_links in by_chain.items():
        rows = []
        for cid, r in by_industry.get(chain_links[0]["industry"], {}).items():
            placed = [(x["name"], e) for x in chain_links for e in local.get(x["id"], []) if e.get("id") == cid]
            grades = sorted((e.get("grade") for _n, e in placed if e.get("grade")), key=lambda g: GRADE_ORDER.get(g, 9))
            rows.append({"id": cid, "name": r["name"], "placed_on": list(dict.fromkeys(n for n, _e in placed)),
                         "grade": grades[0] if grades else None, "evidence": r.get("sentence") or ""})
        out[chain] = rows
    return out
