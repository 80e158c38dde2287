"""Coverage: which local company sits on which chain link (``COVERS``), and the status that follows.

Every rule that puts a company on a link is here, one function per source, each pure (rows in,
``COVERS`` rows out); the loaders and the gap analysis call them:

- **documents** (:func:`document_covers`, via 'document'): a company named in a clause that names a
  link of a chain of its industry or sector as a whole item (:func:`names_link`);
- **company lists** (:func:`table_covers`, via 'table'): the row's 产业链环节, and a 主营产品 that is a
  link's name;
- **the pool** (:func:`pool_covers`, via 'pool'): a local company's main products match the link's
  terms (:func:`link_terms`: the link's name, or industry + name for a generic stage word such as
  材料; a synonym from ``graph/lexicon/chain_terms.json``; a pool sub-category), or, for a company named
  for the link's industry, a product whose name contains the link's name;
- **a user** (:func:`manual_covers`, via 'manual'): the assignments of :mod:`graph.decisions`.

The seam for matching products to links is :func:`product_matches` (link terms × product rows →
matches); :func:`pool_covers` (local companies) and the candidate ranking of :mod:`graph.gaps`
(pool companies that are not local) both go through it.

Status (:func:`link_status`): 缺链 with no local company; 弱链 with fewer than ``k`` (default 2,
``CHAINKG_GAP_K``) or when every covering company is flagged as not 规上 (``above_scale = false``);
强链 otherwise. Chain completeness (:func:`completeness`): links that are not 缺链 / links.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.errors import ConfigError
from graph.ids import chain_id, company_id, link_id, provenance
from graph.names import normalize_name

MISSING, WEAK, STRONG, PENDING = "缺链", "弱链", "强链", "待核实"
# how sure a placement is (COVERS.grade): a list, a user or a confirmed proposal says so; the company's
# products or business scope match the link's definition (graph.matcher); a document names it
CONFIRMED, PRODUCT_MATCH, MENTIONED = "确认", "产品匹配", "文件提及"
GRADES = (CONFIRMED, PRODUCT_MATCH, MENTIONED)
STATUSES = (MISSING, WEAK, STRONG, PENDING)
VIA_ORDER = ("manual", "table", "document", "pool")
GRADE_OF_VIA = {"manual": "确认", "table": "确认", "document": "文件提及", "pool": "产品匹配"}
DEFAULT_K = 2
LEXICON = Path(__file__).resolve().parent / "lexicon" / "chain_terms.json"
# how sure a pool coverage is, by how the product matched the link
MATCH_CONFIDENCE = {"name": 0.9, "industry": 0.85, "synonym": 0.8, "subcategory": 0.7, "contains": 0.6}


def default_k() -> int:
    """``CHAINKG_GAP_K`` or 2: below this many local companies a link is 弱链."""
    raw = os.environ.get("CHAINKG_GAP_K")
    if not raw:
        return DEFAULT_K
    try:
        k = int(raw)
    except ValueError:
        raise ConfigError(f"CHAINKG_GAP_K must be a whole number ≥ 1, got {raw!r}") from None
    if k < 1:
        raise ConfigError(f"CHAINKG_GAP_K must be a whole number ≥ 1, got {raw!r}")
    return k


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


# --- link terms (pure) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    generic: frozenset[str]
    synonyms: dict[str, tuple[str, ...]]   # each member -> its whole group


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(LEXICON.read_text(encoding="utf-8"))
    synonyms: dict[str, tuple[str, ...]] = {}
    for group in data["synonyms"]:
        for word in group:
            synonyms[word] = tuple(dict.fromkeys(synonyms.get(word, ()) + tuple(group)))
    return Lexicon(frozenset(data["generic_links"]), synonyms)


def is_generic(name: str, lex: Lexicon | None = None) -> bool:
    """A stage word (材料, 设备 …) or a one-character link: it means nothing without its industry."""
    return name in (lex or lexicon()).generic or len(name) < 2


def industry_keywords(industry: str | None) -> list[str]:
    """Names an industry goes by, to qualify generic link words.

    >>> industry_keywords("医疗器械与装备")
    ['医疗器械与装备', '医疗器械', '装备']
    >>> industry_keywords("商贸物流业")
    ['商贸物流业', '商贸物流']
    """
    if not industry:
        return []
    out = [industry]
    out += [p for p in re.split(r"[与和及、]", industry) if len(p) >= 2]
    stripped = re.sub(r"(产业|业)$", "", industry)
    if len(stripped) >= 2:
        out.append(stripped)
    return list(dict.fromkeys(out))


def link_terms(name: str, industry: str | None, lex: Lexicon | None = None) -> dict[str, str]:
    """Product names that mean this link, each with how it was found (name | industry | synonym).
    Sub-categories come from the pool (:func:`expand_subcategories`).

    >>> link_terms("化学制剂", "化学药")["化学药制剂"]
    'synonym'
    >>> sorted(link_terms("材料", "储能"))
    ['储能材料']
    """
    lex = lex or lexicon()
    base: dict[str, str] = {}
    if is_generic(name, lex):
        for keyword in industry_keywords(industry):
            base[keyword + name] = "industry"
    else:
        base[name] = "name"
    out = dict(base)
    for term in base:
        for synonym in lex.synonyms.get(term, ()):
            out.setdefault(synonym, "synonym")
    return out


def expand_subcategories(terms: dict[str, str], subcategories: dict[str, list[str]]) -> dict[str, str]:
    """``terms`` plus the pool's sub-categories of each (one level)."""
    out = dict(terms)
    for term in terms:
        for sub in subcategories.get(term, ()):
            out.setdefault(sub, "subcategory")
    return out


# --- products to links: the one matcher (pure) ----------------------------------------------------


def product_matches(links: Iterable[dict], terms: dict[str, dict[str, str]], rows: Iterable[dict]
                    ) -> Iterator[tuple[dict, dict, str]]:
    """``(link, row, how)`` for every product row (a dict with ``product``) whose product is one of
    the link's ``terms`` (``{link id: {product: how}}``), link by link in order."""
    by_product: dict[str, list[dict]] = {}
    for row in rows:
        by_product.setdefault(row["product"], []).append(row)
    for link in links:
        for product, how in terms.get(link["id"], {}).items():
            for row in by_product.get(product, ()):
                yield link, row, how


def _contained(link: dict, by_company: dict[str, list[dict]], named: dict[str, set], parents: dict[str, list[str]]):
    """(product, how) pairs of local companies named for the link's industry (or its sector or
    segments) whose product name contains a specific link name (非甾体原料药成品药 ⊃ 原料药)."""
    name = link["name"]
    if name in lexicon().generic or len(name) < 3:
        return
    wanted = family(parents, link["industry"])
    for company, industries in named.items():
        if industries & wanted:
            for row in by_company.get(company, ()):
                if name in row["product"] and row["product"] != name:
                    yield row, "contains"


# --- the rules, by source (pure) ------------------------------------------------------------------


def pool_covers(links: list[dict], terms: dict[str, dict[str, str]], local_products: list[dict],
                local_industries: list[dict], industries: list[dict]) -> list[dict]:
    """COVERS via 'pool': local companies whose main products match a link (one row per company
    and link, the best-matching product): by the link's terms, or, for a company named for the
    link's industry, by a product whose name contains the link's name.

    ``local_products``: ``{"company", "name", "product", "weight"}`` of local companies;
    ``local_industries``: ``{"company", "industry"}`` (the industries a document names them for)."""
    by_company: dict[str, list[dict]] = {}
    for row in local_products:
        by_company.setdefault(row["company"], []).append(row)
    named: dict[str, set] = {}
    for r in local_industries:
        named.setdefault(r["company"], set()).add(r["industry"])
    parents = parents_of(industries)
    matches = [(link, row, how) for link, row, how in product_matches(links, terms, local_products)]
    for link in links:
        matches += [(link, row, how) for row, how in _contained(link, by_company, named, parents)]
    out: dict[tuple[str, str], dict] = {}
    for link, row, how in sorted(matches, key=lambda m: m[0]["id"]):
        product = row["product"]
        key = (row["company"], link["id"])
        confidence = MATCH_CONFIDENCE[how]
        if key in out and out[key]["confidence"] >= confidence:
            continue
        weight = row.get("weight")
        shown = f"（占比 {weight:.0%}）" if weight is not None else ""
        out[key] = {"company": row["company"], "name": row["name"], "link": link["id"], "via": "pool",
                    "confidence": confidence, "product": product,
                    "sentence": f"企业库: {row['name']} 主营 {product}{shown}"}
    return sorted(out.values(), key=lambda r: (r["link"], r["company"]))


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
                 industry_header: str, problem: Callable[[str], None]) -> list[dict]:
    """The links a company-list row covers (``{"link", "product", "confidence"}``): each of its
    产业链环节 (``link_names``; one that is unknown or in several industries is reported through
    ``problem``), and each 主营产品 that is a link's name (skipped when that is ambiguous: products are
    free text). ``links_by_name``: normalized link name -> ChainLink rows; ``in_scope(link)``: whether
    the link is in the industry or chain the row names (``scoped``: the row names one)."""
    lex = lexicon()
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
    for product in products:
        hits = [x for x in links_by_name.get(normalize_name(product), []) if in_scope(x)]
        if not scoped and (len({x["industry"] for x in hits}) > 1 or normalize_name(product) in lex.generic):
            continue  # a generic word such as 材料, without an industry to say which chain
        for x in hits:
            covers.setdefault(x["id"], {"link": x["id"], "product": product, "confidence": 0.9, "grade": PRODUCT_MATCH})
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
