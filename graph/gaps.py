"""Chain-gap analysis: which links of each industrial chain have local companies, which are missing
(缺链) or weak (弱链), whom to approach for them, and who owns the task.

Reads go through the named queries ``cypher/gap_*.cypher`` and ``cypher/chain_*.cypher`` (both
stores); everything else is pure functions over their rows, so the two stores give the same gaps.

- Coverage and status: the rules of :mod:`graph.coverage` (which company sits on which link, with
  which grade, and 强链 / 弱链 / 待核实 / 缺链 from them); each link's definition from
  :mod:`graph.linkdefs`, one :class:`graph.matcher.Matcher` over all of them.
- Candidates for 缺链 / 弱链 / 待核实 links (:func:`rank_candidates`): pool companies, not local, the
  matcher puts on the link, ranked by match specificity, the 申万 industry the link expects, the
  product's share, then by how many gaps across all chains the company closes; with the matched
  term, risk marks and region.
- Context: departments responsible for the industry (lead first; segments inherit their sector's),
  parks hosting it, the evidence sentences; 延链 (upstream materials of the first link, downstream
  products of the last); criticality over the combined chain network (:mod:`graph.analytics`).

:func:`refresh_coverage` stores the pool COVERS and the coverage table (ChainLink.local_count /
status / criticality, the kept candidates, per chain the counts) so that views and analysts' Cypher
read them directly; it runs as the last step after every load (:func:`graph.settle.after_load`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from graph import analytics
from graph.coverage import (
    DEFAULT_K,
    MISSING,
    PENDING,
    STATUSES,
    STRONG,
    WEAK,
    chain_members,
    completeness,
    default_k,
    group_local,
    link_status,
    local_by_link,
    matched_covers,
    parents_of,
)
from graph.coverage import family as _family
from graph.decisions import load as load_decisions
from graph.errors import NotFound
from graph.linkdefs import LinkDefinition, Taxonomy, define_links, edits_from_decisions, load_lexicon
from graph.matcher import Match, Matcher, read_companies
from graph.matcher import rank_candidates as rank_matches
from graph.regions import region_from_name, risk_flags
from graph.review import rejected_pairs
from graph.store import Batch, Store

DEFAULT_LIMIT = 20


# --- reading -------------------------------------------------------------------------------------


@dataclass
class GapData:
    """Every row the analysis needs, read once from the store."""

    links: list[dict]
    industries: list[dict]
    covers: list[dict]
    local_products: list[dict]
    subcategories: dict[str, list[str]]
    candidates: list[dict]
    departments: list[dict]
    parks: list[dict]
    named: dict[str, int]
    chain_evidence: list[dict]
    upstream_pairs: list[tuple[str, str]]
    extension: list[dict] = field(default_factory=list)
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # link id -> product -> how
    local_industries: list[dict] = field(default_factory=list)      # local company -> industry named for
    definitions: dict[str, LinkDefinition] = field(default_factory=dict)  # link id -> its definition
    matches: dict[str, list[Match]] = field(default_factory=dict)        # pool company -> the links it matches
    companies: dict[str, dict] = field(default_factory=dict)             # pool company -> name, code, local …
    company_industries: dict[str, list[str]] = field(default_factory=dict)  # pool company -> 申万 industries
    members: list[dict] = field(default_factory=list)  # local companies a document names for an industry
    rejected: set[tuple[str, str]] = field(default_factory=set)  # (company, link) placements a user rejected


def read_gap_data(store: Store, *, with_extension: bool = True, edits: dict[str, list[dict]] | None = None) -> GapData:
    """Read every row the analysis needs: the document side (chains, coverage, context) and, from
    the pool, the product relations around the links' terms and every pool company's products.

    Each link gets its definition (:mod:`graph.linkdefs`: lexicon + the pool's taxonomy + the user's
    definition edits, ``edits`` or those of :mod:`graph.decisions`), and one matcher
    (:mod:`graph.matcher`) reads every pool company's products against all of them: the local ones
    give pool coverage, the others the candidates."""
    links = store.query("gap_links")
    industries = store.query("gap_industries")
    lex = load_lexicon()
    definitions, taxonomy = _definitions(store, links, industries, edits)
    names = {x["name"] for x in links}
    subcategories = {k: list(v) for k, v in taxonomy.subcategories.items()}
    materials = {k: list(v) for k, v in taxonomy.upstream.items()}
    terms = {lid: {t.text: t.source for t in d.terms} for lid, d in definitions.items()}
    # 延链 reads the pool's relations of the definition's terms and of the link's own name (a stage
    # word such as 基础原料 names no product to match, but the pool may list its upstream materials)
    base_terms = {x["id"]: {**terms.get(x["id"], {}), x["name"]: "环节名"} for x in links}
    upstream = sorted({(m, n) for n in names for m in materials.get(n, ()) if m in names and m != n})
    matcher = Matcher(definitions.values(), lexicon=lex)
    companies, info = read_companies(store, matcher=matcher) if definitions else ([], {})
    matches = matcher.match_many(companies)

    extension = []
    if with_extension and links:
        first, last = _chain_ends(links)
        up = [{"material": m, "product": t} for t in sorted({t for lid in first for t in base_terms[lid]})
              for m in materials.get(t, ())]
        down_terms = sorted({t for lid in last for t in base_terms[lid]})
        down = store.query("chain_downstream", products=down_terms) if down_terms else []
        extension = up + down
    products = sorted({p for t in terms.values() for p in t}
                      | {r["material"] for r in extension} | {r["product"] for r in extension})
    makers = store.query("gap_makers", products=products) if products else []
    counts: dict[str, int] = {}
    for r in makers:
        counts[r["product"]] = counts.get(r["product"], 0) + 1
    extension = [{**r, "material_makers": counts.get(r["material"], 0),
                  "product_makers": counts.get(r["product"], 0)} for r in extension]
    return GapData(
        links=links, industries=industries, covers=store.query("gap_covers"),
        local_products=store.query("gap_local_products"), subcategories=subcategories,
        candidates=[r for r in makers if not r["local"]],
        upstream_pairs=upstream, extension=extension, terms=terms,
        local_industries=store.query("gap_local_industries"), definitions=definitions, matches=matches,
        companies=info, company_industries={c["id"]: c.get("industries") or [] for c in companies},
        rejected=rejected_pairs(load_decisions()), **_context(store))


def _definitions(store: Store, links: list[dict], industries: list[dict], edits: dict[str, list[dict]] | None
                 ) -> tuple[dict[str, LinkDefinition], Taxonomy]:
    """Every link's definition (lexicon, the pool's taxonomy around its terms and name, the user's
    edits: ``edits`` or those kept in :mod:`graph.decisions`), and that taxonomy."""
    lex = load_lexicon()
    parents = parents_of(industries)
    if edits is None:
        edits = edits_from_decisions(load_decisions().entries)
    plain = define_links(links, lex, parents=parents)
    lookup = sorted({t for d in plain.values() for t in d.term_texts()} | {x["name"] for x in links})
    taxonomy = Taxonomy.from_relations(store.query("gap_product_relations", products=lookup) if lookup else [])
    return define_links(links, lex, taxonomy, parents=parents, edits=edits), taxonomy


def link_matcher(store: Store) -> Matcher:
    """The one matcher over the definitions of the graph's chain links as the gap analysis makes
    them (lexicon, the pool's taxonomy, the user's edits), for a company list's products and
    经营范围 (:func:`graph.coverage.table_covers`)."""
    definitions, _ = _definitions(store, store.query("gap_links"), store.query("gap_industries"), None)
    return Matcher(definitions.values())


def link_definitions(store: Store, *, industry: str | None = None) -> list[dict]:
    """The definition of every chain link (or one industry's), as ``python -m graph link-terms``
    prints it: the link, its chain, the lexicon chains it was read in, each term with its weight and
    source, the exclusions."""
    links = store.query("gap_links")
    industries = store.query("gap_industries")
    parent = parents_of(industries)
    _check_industry(industry, parent, links)
    wanted = _wanted(industry, parent)
    chosen = [x for x in links if wanted(x["industry"])]
    definitions, _ = _definitions(store, links, industries, None)
    return [{**definitions[x["id"]].to_dict(), "chain_name": x["chain_name"], "position": x["position"]}
            for x in chosen]


def _context(store: Store) -> dict:
    """The document-side context of GapData: departments, parks, named companies, evidence."""
    return {"departments": store.query("gap_departments"), "parks": store.query("gap_parks"),
            "named": {r["industry"]: r["companies"] for r in store.query("gap_named_companies")},
            "chain_evidence": store.query("gap_chain_evidence"), "members": store.query("gap_chain_members")}


def _chain_ends(links: list[dict]) -> tuple[set[str], set[str]]:
    """The ids of the first and of the last links of every chain."""
    by_chain: dict[str, list[dict]] = {}
    for x in links:
        by_chain.setdefault(x["chain"], []).append(x)
    first, last = set(), set()
    for chain_links in by_chain.values():
        ordered = sorted(chain_links, key=lambda x: x["position"])
        first.add(ordered[0]["id"])
        last.add(ordered[-1]["id"])
    return first, last


# --- the analysis (pure) -------------------------------------------------------------------------


def covers_of(data: GapData) -> list[dict]:
    """COVERS via 'pool' (grade 产品匹配) of the local companies in ``data``: those the matcher put on
    a link (:func:`graph.coverage.matched_covers`)."""
    local = {cid for cid, r in data.companies.items() if r.get("local")}
    return matched_covers(data.matches, data.companies, local)


def local_companies_by_link(data: GapData, derived_pool: list[dict] | None = None) -> dict[str, list[dict]]:
    """Local companies per link id, one entry per company (its strongest source first)."""
    pool = covers_of(data) if derived_pool is None else derived_pool
    out = local_by_link(data.covers, pool, data.local_products)
    return _without_rejected(out, data.rejected)


def _without_rejected(local: dict[str, list[dict]], rejected: set[tuple[str, str]]) -> dict[str, list[dict]]:
    """``local`` without the placements a user rejected in the review queue (:mod:`graph.review`)."""
    if not rejected:
        return local
    return {lid: [e for e in entries if (e["id"], lid) not in rejected] for lid, entries in local.items()}


def candidate_reason(product: str, weight: float | None, closes: int, term: str | None = None) -> str:
    """Why a company is a candidate.

    >>> candidate_reason("电芯", 0.6, 3)
    '主营 电芯（占比 60%）; 可补 3 个缺/弱环节'
    >>> candidate_reason("无碱玻纤纱", None, 1, "玻纤纱")
    '主营 无碱玻纤纱（占比未知）, 匹配「玻纤纱」'
    """
    share = f"占比 {weight:.0%}" if weight is not None else "占比未知"
    matched = f", 匹配「{term}」" if term and term != product else ""
    return f"主营 {product}（{share}）{matched}" + (f"; 可补 {closes} 个缺/弱环节" if closes > 1 else "")


def rank_candidates(data: GapData, gap_links: set[str]) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    """Candidates per gap link, and the gap links each company closes: pool companies that are not
    local and that the matcher put on the link, ranked by :func:`graph.matcher.rank_candidates`
    (specificity, the 申万 industry the link expects, product share, gaps closed); each says the
    product and term it matched (``match`` = ``matched_term``), its risk marks (``flags``) and the
    region its full name shows."""
    local = {cid for cid, r in data.companies.items() if r.get("local")}
    fits = {lid: d.fit_industries for lid, d in data.definitions.items()}
    ranked = rank_matches(data.matches, data.companies, gap_links, local=local,
                          industries=data.company_industries, fits=fits)
    closes: dict[str, list[str]] = {}
    for lid, items in ranked.items():
        for c in items:
            closes.setdefault(c["id"], []).append(lid)
            c.pop("source", None)
            c.update({"match": c["matched_term"],
                      "region": region_from_name(c.get("fullname")),
                      "reason": candidate_reason(c["product"], c["weight"], c["closes"], c["matched_term"])})
    return ranked, closes


def _sector(parents: dict[str, list[str]], industry: str | None) -> str | None:
    found = parents.get(industry) or []
    return found[0] if found else industry


def _departments(data: GapData, parent: dict[str, list[str]]) -> dict[str, list[dict]]:
    own: dict[str, list[dict]] = {}
    for r in data.departments:
        own.setdefault(r["industry"], []).append(r)
    role_rank = {"lead": 0, "responsible": 1, "support": 2}

    out = {}
    for industry in set(parent) | set(own):
        seen, items = set(), []
        rows = own.get(industry, []) + [r for p in parent.get(industry, []) for r in own.get(p, [])]
        # lead units first, then own before inherited, then the order in the bracket
        rows.sort(key=lambda r: (role_rank.get(r.get("role"), 3), r["industry"] != industry,
                                 r.get("bracket_order") if r.get("bracket_order") is not None else 99,
                                 r["department"]))
        for r in rows:
            if r["department"] in seen:
                continue
            seen.add(r["department"])
            items.append({"name": r["department"], "role": r.get("role"),
                          "inherited": r["industry"] != industry, "evidence": r.get("sentence") or ""})
        out[industry] = items
    return out


def _parks(data: GapData, parent: dict[str, list[str]]) -> dict[str, list[dict]]:
    own: dict[str, list[dict]] = {}
    for r in data.parks:
        own.setdefault(r["industry"], []).append(r)
    out = {}
    for industry in set(parent) | set(own):
        seen, items = set(), []
        for r in own.get(industry, []) + [r for p in parent.get(industry, []) for r in own.get(p, [])]:
            if r["park"] not in seen:
                seen.add(r["park"])
                items.append({"name": r["park"], "inherited": r["industry"] != industry,
                              "evidence": r.get("sentence") or ""})
        out[industry] = items
    return out


def _extension(data: GapData, chain_links: list[dict], limit: int = 15) -> dict[str, list[dict]]:
    first, last = chain_links[0], chain_links[-1]
    names = {x["name"] for x in chain_links}
    first_terms = set(data.terms.get(first["id"], {})) | {first["name"]}
    last_terms = set(data.terms.get(last["id"], {})) | {last["name"]}
    upstream, downstream = {}, {}
    for r in data.extension:
        if r["product"] in first_terms and r["material"] not in names and r["material"] not in first_terms:
            upstream[r["material"]] = max(upstream.get(r["material"], 0), r["material_makers"])
        if r["material"] in last_terms and r["product"] not in names and r["product"] not in last_terms:
            downstream[r["product"]] = max(downstream.get(r["product"], 0), r["product_makers"])

    def top(found):
        items = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [{"product": p, "companies": n} for p, n in items]

    return {"upstream": top(upstream), "downstream": top(downstream)}


def industries_without_chain(data: GapData) -> list[dict]:
    """Document industries with no industrial chain, or no named company, in themselves, their
    segments or their sector."""
    parents = parents_of(data.industries)
    with_chain = {x["industry"] for x in data.links}
    out, seen = [], set()
    for r in data.industries:
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        family = _family(parents, r["id"])
        has_chain = any(i in with_chain for i in family)
        companies = sum(data.named.get(i, 0) for i in family)
        if has_chain and companies:
            continue
        reasons = ([] if has_chain else ["无产业链"]) + ([] if companies else ["无列名企业"])
        out.append({"industry": r["id"], "level": r.get("level"), "kind": r.get("kind"),
                    "parent": "、".join(parents.get(r["id"], [])) or None,
                    "has_chain": has_chain, "named_companies": companies, "reason": "、".join(reasons)})
    return out


def _check_industry(industry: str | None, parent: dict[str, list[str]], links: list[dict]) -> None:
    known = sorted(set(parent) | {x["industry"] for x in links if x["industry"]})
    if industry is not None and industry not in known:
        raise NotFound(f"no industry named {industry!r}; known industries: {', '.join(known) or '(none: load documents first)'}")


def _wanted(industry: str | None, parent: dict[str, list[str]]):
    return lambda ind: industry is None or ind == industry or industry in parent.get(ind, [])


def build_report(data: GapData, *, industry: str | None = None, k: int | None = None,
                 limit: int = DEFAULT_LIMIT, local_limit: int | None = None,
                 derived_pool: list[dict] | None = None) -> dict:
    """The full analysis as plain data (pure), worked out live from every row: chains with their
    links, local companies, candidates, context and criticality, targets, and industries without a
    chain. Links with more than ``local_limit`` local companies list only the first names
    (:func:`local_sample`); ``local_count`` stays the whole number."""
    k = k or default_k()
    parent = parents_of(data.industries)
    _check_industry(industry, parent, data.links)
    locals_by_link = local_companies_by_link(data, derived_pool)
    members = chain_members(data.links, data.members, locals_by_link)
    unplaced = {chain: sum(1 for m in rows if not m["placed_on"]) for chain, rows in members.items()}
    status = {x["id"]: link_status(locals_by_link.get(x["id"], []), k, unplaced=unplaced.get(x["chain"], 0))
              for x in data.links}
    gap_ids = {lid for lid, s in status.items() if s != STRONG}
    candidates, _ = rank_candidates(data, gap_ids)
    sector = {x["id"]: _sector(parent, x["industry"]) for x in data.links}
    scores = analytics.link_scores([{**x, "sector": sector[x["id"]]} for x in data.links], data.upstream_pairs)
    wanted = _wanted(industry, parent)
    links = []
    for x in data.links:
        if not wanted(x["industry"]):
            continue
        found = candidates.get(x["id"], []) if status[x["id"]] != STRONG else []
        local = locals_by_link.get(x["id"], [])
        listed = local_limit is None or len(local) <= local_limit
        links.append({**x, "status": status[x["id"]], "local_count": len(local), "local_listed": listed,
                      "local_companies": local if listed else local_sample([e["name"] for e in local]),
                      "candidates": found[:limit], "candidate_total": len(found),
                      "criticality": scores[x["id"]]["criticality"], "betweenness": scores[x["id"]]["betweenness"],
                      "terms": _definition_terms(data, x["id"]),
                      "exclusions": list(data.definitions[x["id"]].exclusions) if x["id"] in data.definitions else []})
    return _assemble(data, links, k=k, industry=industry, extension=lambda chain_id, chain_links: _extension(data, chain_links))


def _definition_terms(data: GapData, link: str) -> list[str]:
    """The terms of a link's definition, most specific first."""
    d = data.definitions.get(link)
    return d.term_texts() if d else sorted(data.terms.get(link, {}))


LOCAL_NAMES_KEPT = 10  # names kept per link for views that do not list every local company


def local_sample(names: list[str]) -> list[dict]:
    """Entries for the first local companies' names, when a view does not list them all."""
    return [{"id": None, "name": n, "via": None, "sources": [], "evidence": "", "product": None,
             "confidence": None, "above_scale": None} for n in names[:LOCAL_NAMES_KEPT]]


def _assemble(data: GapData, links: list[dict], *, k: int, industry: str | None, extension) -> dict:
    """The report from links already worked out (status, local companies, ranked candidates, scores,
    terms) and the document-side rows of ``data`` (industries, departments, parks, evidence): the
    part the live analysis and the coverage table share (pure). ``extension(chain_links)`` gives a
    chain's 延链 directions from its id and links."""
    parent = parents_of(data.industries)
    departments, parks = _departments(data, parent), _parks(data, parent)
    evidence: dict[str, list[str]] = {}
    for r in data.chain_evidence:
        if r.get("sentence") and r["sentence"] not in evidence.get(r["chain"], []):
            evidence.setdefault(r["chain"], []).append(r["sentence"])

    chains: dict[str, dict] = {}
    for x in links:
        chain = chains.setdefault(x["chain"], {"id": x["chain"], "industry": x["industry"], "name": x["chain_name"],
                                               "links": [], "evidence": evidence.get(x["chain"], [])})
        local = x["local_companies"]
        link_evidence = list(chain["evidence"]) + [c["evidence"] for c in local if c["evidence"]]
        chain["links"].append({
            "id": x["id"], "name": x["name"], "position": x["position"], "stage": x["stage"],
            "status": x["status"], "local_count": x["local_count"], "local_listed": x["local_listed"],
            "local_companies": local,
            "candidates": x["candidates"], "candidate_total": x["candidate_total"],
            "departments": departments.get(x["industry"], []), "parks": parks.get(x["industry"], []),
            "evidence": list(dict.fromkeys(link_evidence)),
            "criticality": x["criticality"], "betweenness": x["betweenness"], "terms": x["terms"],
            "exclusions": x.get("exclusions") or [],
        })
    out_chains = []
    members = chain_members([{**x, "chain": c["id"], "industry": c["industry"]} for c in chains.values()
                             for x in c["links"]], data.members, {x["id"]: x["local_companies"] for x in links})
    for chain in chains.values():
        chain["links"].sort(key=lambda x: x["position"])
        chain["completeness"] = completeness(chain["links"])
        chain["local_members"] = members.get(chain["id"], [])
        chain["counts"] = {s: sum(1 for x in chain["links"] if x["status"] == s) for s in (STRONG, WEAK, MISSING, PENDING)}
        chain["extension"] = extension(chain["id"], chain["links"])
        out_chains.append(chain)
    out_chains.sort(key=lambda c: (c["industry"] or "", c["id"]))

    targets: dict[str, dict] = {}
    for chain in out_chains:
        for link in chain["links"]:
            for c in link["candidates"]:
                t = targets.setdefault(c["id"], {"id": c["id"], "name": c["name"], "fullname": c["fullname"],
                                                 "code": c["code"], "closes": c["closes"],
                                                 "links": [], "best_weight": 0.0})
                t["links"].append({"industry": chain["industry"], "chain": chain["name"], "link": link["name"],
                                   "status": link["status"], "product": c["product"], "weight": c["weight"]})
                t["best_weight"] = max(t["best_weight"], c["weight"] or 0.0)
    target_list = sorted(targets.values(), key=lambda t: (-t["closes"], -t["best_weight"], t["code"] or t["id"]))

    wanted = _wanted(industry, parent)
    without = [r for r in industries_without_chain(data) if wanted(r["industry"])]
    return {"k": k, "industry": industry, "chains": out_chains, "targets": target_list,
            "industries_without_chain": without, "summary": industry_summary(out_chains, without)}


def industry_summary(chains: list[dict], without: list[dict]) -> list[dict]:
    """Per industry: chains, links by status, average completeness."""
    out: dict[str, dict] = {}
    for chain in chains:
        s = out.setdefault(chain["industry"], {"industry": chain["industry"], "chains": 0, "links": 0,
                                               MISSING: 0, WEAK: 0, STRONG: 0, PENDING: 0, "completeness": 0.0})
        s["chains"] += 1
        s["links"] += len(chain["links"])
        for link in chain["links"]:
            s[link["status"]] += 1
        s["completeness"] += chain["completeness"]
    for s in out.values():
        s["completeness"] = round(s["completeness"] / s["chains"], 4)
    rows = sorted(out.values(), key=lambda s: s["industry"] or "")
    for r in without:
        if r["industry"] not in out:
            rows.append({"industry": r["industry"], "chains": 0, "links": 0, MISSING: 0, WEAK: 0, STRONG: 0,
                         PENDING: 0, "completeness": 0.0, "note": r["reason"]})
    return rows


def to_contract(report: dict) -> dict:
    """The JSON of ``python -m graph gaps --json`` (exactly the documented keys)."""
    return {
        "chains": [{
            "industry": c["industry"], "name": c["name"], "completeness": c["completeness"],
            "local_members": [{"name": m["name"], "placed_on": m["placed_on"], "grade": m["grade"],
                               "evidence": m["evidence"]} for m in c["local_members"]],
            "counts": c["counts"],
            "links": [{
                "name": x["name"], "position": x["position"], "stage": x["stage"], "status": x["status"],
                "local_companies": [{"name": e["name"], "via": e["via"], "evidence": e["evidence"],
                                     "grade": e.get("grade")} for e in x["local_companies"]],
                "candidates": [{"name": e["name"], "fullname": e["fullname"], "code": e["code"],
                                "product": e["product"], "weight": e["weight"], "closes": e["closes"],
                                "matched_term": e.get("matched_term"), "flags": e.get("flags") or [],
                                "region": e.get("region")}
                               for e in x["candidates"]],
                "definition": {"terms": x.get("terms") or [], "exclusions": x.get("exclusions") or []},
                "departments": [d["name"] for d in x["departments"]],
                "parks": [p["name"] for p in x["parks"]],
                "criticality": x["criticality"],
            } for x in c["links"]],
        } for c in report["chains"]],
        "industries_without_chain": [
            {"industry": r["industry"], "level": r["level"], "kind": r["kind"], "reason": r["reason"]}
            for r in report["industries_without_chain"]],
    }


def analyse(store: Store, *, industry: str | None = None, k: int | None = None, limit: int = DEFAULT_LIMIT,
            local_limit: int | None = None, live: bool = False) -> dict:
    """Gap analysis of every industrial chain (or one industry's) in ``store``.

    ``limit`` candidates per 缺链 / 弱链 link; every local company of a link, or, with
    ``local_limit``, only the first names of links that have more (for overviews at scale).

    Read from the coverage table that every load refreshes (:func:`refresh_coverage`), which at a
    million companies is the difference between a second and a minute; worked out live from every
    row when ``live`` is set, or when the table was made with another ``k`` or keeps fewer than
    ``limit`` candidates. Both give the same report."""
    k = k or default_k()
    if not live and limit <= CANDIDATES_KEPT:
        report = _report_from_table(store, industry=industry, k=k, limit=limit, local_limit=local_limit)
        if report is not None:
            return report
    return build_report(read_gap_data(store), industry=industry, k=k, limit=limit, local_limit=local_limit)


def gaps_json(store: Store, *, industry: str | None = None, k: int | None = None) -> dict:
    return to_contract(analyse(store, industry=industry, k=k))


# --- the coverage table ---------------------------------------------------------------------------

# candidates kept per 缺链 / 弱链 link by the refresh (CANDIDATE_FOR); a larger ``limit`` reads live
CANDIDATES_KEPT = 50


def coverage_batch(data: GapData, k: int = DEFAULT_K) -> Batch:
    """The coverage table from a live analysis (pure): pool COVERS (replacing the old ones); per link
    local_count / status / criticality / betweenness / candidate_total / terms and the k they were
    worked out with; the ranked candidates (CANDIDATE_FOR, replacing the old ones); per chain the
    counts by status, completeness, its 缺链 / 弱链 links and its 延链 directions."""
    batch = Batch()
    batch.deletes.append(("gap_delete_pool_covers", {}))
    batch.deletes.append(("gap_delete_candidates", {}))
    derived = covers_of(data)
    for r in derived:
        batch.add_rel("COVERS", {"src": r["company"], "dst": r["link"], "via": "pool", "confidence": r["confidence"],
                                 "product": r["product"], "grade": r["grade"], "matched_term": r["matched_term"],
                                 "source": "pool", "sentence": r["sentence"]})
    report = build_report(data, k=k, limit=CANDIDATES_KEPT, derived_pool=derived)
    for chain in report["chains"]:
        statuses = [x["status"] for x in chain["links"]]
        batch.add_node("Chain", {"id": chain["id"], "link_count": len(statuses),
                                 "missing_count": statuses.count(MISSING), "weak_count": statuses.count(WEAK),
                                 "strong_count": statuses.count(STRONG), "pending_count": statuses.count(PENDING),
                                 "completeness": chain["completeness"],
                                 "gap_links": [f"{x['position']}. {x['name']}（{x['status']}）"
                                               for x in chain["links"] if x["status"] != STRONG],
                                 "extension": json.dumps(chain["extension"], ensure_ascii=False)})
        for x in chain["links"]:
            batch.add_node("ChainLink", {"id": x["id"], "local_count": x["local_count"], "status": x["status"],
                                         "criticality": x["criticality"], "betweenness": x["betweenness"],
                                         "coverage_k": k, "candidate_total": x["candidate_total"],
                                         "terms": x["terms"], "exclusions": x["exclusions"],
                                         "local_names": [e["name"] for e in x["local_companies"][:LOCAL_NAMES_KEPT]]})
            for rank, c in enumerate(x["candidates"]):
                batch.add_rel("CANDIDATE_FOR", {"src": c["id"], "dst": x["id"], "rank": rank, "product": c["product"],
                                                "weight": c["weight"], "match": c["match"], "closes": c["closes"],
                                                "specificity": c["specificity"], "fit": c["fit"], "source": "pool"})
    return batch


def _report_from_table(store: Store, *, industry: str | None, k: int, limit: int,
                       local_limit: int | None = None) -> dict | None:
    """The report from the coverage table, or None when the table is missing or was made with
    another ``k`` (then the caller works it out live). Reads the links of the wanted industry,
    their local companies and their kept candidates, and the document-side context."""
    links = store.query("gap_links")
    if not links or any(x.get("coverage_k") != k for x in links):
        return None
    industries = store.query("gap_industries")
    parent = parents_of(industries)
    _check_industry(industry, parent, links)
    wanted = _wanted(industry, parent)
    chosen = [x for x in links if wanted(x["industry"])]
    listed = {x["id"] for x in chosen if local_limit is None or (x.get("local_count") or 0) <= local_limit}
    local = group_local(store.query("gap_link_local_covers", links=sorted(listed))) if listed else {}
    local = _without_rejected(local, rejected_pairs(load_decisions()))
    candidates: dict[str, list[dict]] = {}
    wanted_gaps = [x["id"] for x in chosen if x.get("status") != STRONG]  # 强链 links keep no candidates
    for r in store.query("gap_link_candidates", links=wanted_gaps, limit=limit) if wanted_gaps else ():
        candidates.setdefault(r["link"], []).append(r)
    extension = {r["id"]: json.loads(r["extension"]) if r.get("extension") else _no_extension()
                 for r in store.query("gap_chain_extension", chains=sorted({x["chain"] for x in chosen}))}
    rows = []
    for x in chosen:
        found = sorted(candidates.get(x["id"], []), key=lambda c: c["rank"])
        shown = x["id"] in listed
        rows.append({**x, "local_count": x.get("local_count") or 0, "local_listed": shown,
                     "local_companies": local.get(x["id"], []) if shown else local_sample(x.get("local_names") or []),
                     "candidates": [{**{key: c[key] for key in CANDIDATE_KEYS}, "matched_term": c["match"],
                                     "flags": risk_flags(c["name"]), "region": region_from_name(c.get("fullname")),
                                     "reason": candidate_reason(c["product"], c["weight"], c["closes"], c["match"])}
                                    for c in found],
                     "candidate_total": x.get("candidate_total") or 0, "terms": x.get("terms") or [],
                     "exclusions": x.get("exclusions") or []})
    data = GapData(links=links, industries=industries, covers=[], local_products=[], subcategories={},
                   candidates=[], upstream_pairs=[], **_context(store))
    return _assemble(data, rows, k=k, industry=industry,
                     extension=lambda chain_id, chain_links: extension.get(chain_id) or _no_extension())


CANDIDATE_KEYS = ("id", "name", "fullname", "code", "product", "weight", "match", "closes", "specificity", "fit")
def _no_extension() -> dict:
    return {"upstream": [], "downstream": []}


def refresh_coverage(store: Store, k: int | None = None) -> dict:
    """Recompute pool coverage and the coverage table in one batch; returns links per status.

    Called by :func:`graph.settle.after_load` (after relinking and the user's decisions), and by
    benchmarks that time it alone."""
    k = k or default_k()
    data = read_gap_data(store)
    batch = coverage_batch(data, k)
    store.write(batch)
    counts = {s: 0 for s in STATUSES}
    for row in batch.nodes.get("ChainLink", []):
        counts[row["status"]] += 1
    return {"links": len(data.links), "pool_covers": len(batch.rels.get("COVERS", [])), **counts}
