"""Linking companies named in documents to listed companies of the national pool.

A document writes 山东澜川; the pool lists 澜川制药 (山东澜川制药股份有限公司, 999001.SH: an invented
firm and code). When the two are the same firm they become one Company node: ``name`` as the document writes it, ``code`` and
``fullname`` from the pool, and the match's ``match_reason`` / ``match_confidence``.

The rules are conservative, because a wrong link is worse than none. Each name is taken apart into
places (山东, 菏泽 → the province 山东), a distinctive core, and descriptors (制药, 新能源 …), with
legal forms (股份有限公司, 集团 …) and weak words (科技, 实业 …) dropped (:mod:`graph.names`, whose
vocabulary is ``graph/lexicon/linking.json``). A document name links to a pool company when

- it equals the company's short name, full name or a former name (confidence 1.0), or
- the cores are equal (two characters are enough only with a place or descriptor in common), the
  places do not contradict each other and neither do the descriptors (示例新能源 is not 示例股份,
  whose full name says 供应链) (0.9 / 0.8), or
- a core of four or more characters starts the company's core (0.7);

and exactly one company matches best (an ambiguous name links to nothing). A user's link decisions
(:mod:`graph.decisions`: ``confirm_link`` forces a link, ``reject_link`` forbids one) override the
rules at every link. :func:`relink_document_companies` applies the links to a store; it runs after
every load (:func:`graph.settle.after_load`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from graph.decisions import Curation, curation_of
from graph.ids import company_id
from graph.names import name_agrees, normalize_name, parse_name
from graph.store import Batch, Store


@dataclass
class Match:
    """A document company linked to a pool company."""

    id: str
    code: str | None
    fullname: str | None
    reason: str
    confidence: float
    name: str | None = None  # the pool company's short name


# --- matching (pure) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolCompany:
    id: str
    name: str
    fullname: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [n for n in (self.name, self.fullname, *self.aliases) if n]


def _conflict(a: frozenset, b: frozenset) -> bool:
    return bool(a) and bool(b) and not (a & b)


def score(name: str, company: PoolCompany) -> tuple[float, str] | None:
    """How sure we are that the document name ``name`` is ``company``, and why; None when it is not.

    (Invented firms and codes:)

    >>> lanchuan = PoolCompany("999001.SH", "澜川制药", "山东澜川制药股份有限公司", "999001.SH")
    >>> score("山东澜川", lanchuan)
    (0.9, '核心名称一致: 澜川 (地区一致)')
    >>> score("示例新能源", PoolCompany("999002.SZ", "示例股份", "新疆示例供应链股份有限公司")) is None
    True
    """
    text = normalize_name(name)
    if not text:
        return None
    for known in company.names():
        if normalize_name(known) == text:
            what = "简称" if known == company.name else "全称" if known == company.fullname else "曾用名"
            return 1.0, f"与企业库{what}一致"
    doc = parse_name(text)
    if not doc.core:
        return None
    parsed = [parse_name(n) for n in company.names()]
    provinces = frozenset().union(*(p.provinces for p in parsed))
    descriptors = frozenset().union(*(p.descriptors for p in parsed))
    if _conflict(doc.provinces, provinces):
        return None
    # every one of the company's names that states a business must agree with the document's
    if doc.descriptors and any(_conflict(doc.descriptors, p.descriptors) for p in parsed):
        return None
    place_agrees = bool(doc.provinces & provinces)
    descriptor_agrees = bool(doc.descriptors & descriptors)
    for p in parsed:
        if p.core and p.core == doc.core:
            if len(doc.core) == 2 and not (place_agrees or descriptor_agrees):
                return None
            signs = [s for s, ok in (("地区一致", place_agrees), ("业务一致", descriptor_agrees)) if ok]
            confidence = 0.9 if signs or len(doc.core) >= 4 else 0.8
            return confidence, f"核心名称一致: {doc.core}" + (f" ({', '.join(signs)})" if signs else "")
    if len(doc.core) >= 4:
        for p in parsed:
            if p.core.startswith(doc.core):
                return 0.7, f"核心名称包含: {doc.core} ⊂ {p.core}"
    return None


class PoolIndex:
    """Pool companies indexed by the first two characters of each name's core (and exact names)."""

    def __init__(self, companies: list[PoolCompany]):
        self.companies = {c.id: c for c in companies}
        self.exact: dict[str, set[str]] = {}
        self.by_prefix: dict[str, set[str]] = {}
        for c in companies:
            for n in c.names():
                self.exact.setdefault(normalize_name(n), set()).add(c.id)
                core = parse_name(n).core
                if core:
                    self.by_prefix.setdefault(core[:2], set()).add(c.id)

    def candidates(self, name: str) -> list[PoolCompany]:
        ids = set(self.exact.get(normalize_name(name), ()))
        core = parse_name(name).core
        if core:
            ids |= self.by_prefix.get(core[:2], set())
        return [self.companies[i] for i in sorted(ids)]


def match_name(name: str, index: PoolIndex, curation: Curation | None = None) -> Match | None:
    """The one pool company ``name`` is, or None (no match, or several equally good)."""
    curation = curation or Curation()
    confirmed = curation.confirmed(name)
    if confirmed and confirmed in index.companies:
        c = index.companies[confirmed]
        return Match(c.id, c.code, c.fullname, "用户确认", 1.0, c.name)
    scored = []
    for company in index.candidates(name):
        if curation.is_rejected(name, company.id):
            continue
        result = score(name, company)
        if result:
            scored.append((result[0], result[1], company))
    if not scored:
        return None
    best = max(s[0] for s in scored)
    top = [s for s in scored if s[0] == best]
    if len(top) > 1:
        return None
    confidence, reason, c = top[0]
    return Match(c.id, c.code, c.fullname, reason, confidence, c.name)


# --- against a store -----------------------------------------------------------------------------


_INDEX_CACHE: dict = {}


def pool_index(store: Store) -> PoolIndex:
    """The pool companies of ``store``, indexed; kept while the store's data does not change."""
    key = (id(store), store.description, store.version())
    cached = _INDEX_CACHE.get("entry")
    if cached and cached[0] == key:
        return cached[1]
    rows = store.query("pool_companies")
    index = PoolIndex([PoolCompany(r["id"], r["name"], r.get("fullname"), r.get("code"),
                                   tuple(r.get("aliases") or ())) for r in rows])
    _INDEX_CACHE["entry"] = (key, index)
    return index


def resolve_companies(store: Store, names: list[str], *, curation=None) -> dict[str, Match]:
    """For each document company name that is a pool company, its :class:`Match` (others are absent).

    ``curation`` is a :class:`Curation`, a path, or None for the configured file.
    """
    if not names:
        return {}
    index = pool_index(store)
    if not index.companies:
        return {}
    decisions = curation_of(curation)
    out = {}
    for name in dict.fromkeys(names):
        match = match_name(name, index, decisions)
        if match:
            out[name] = match
    return out


def relink_batch(document_companies: list[dict], matches: dict[str, Match], edges: dict[str, list[dict]]
                 ) -> Batch:
    """The batch that merges each matched document-only company into its pool company (pure).

    ``document_companies`` are the stored ``co:`` company nodes; ``edges[id]`` their relationships as
    ``{"type", "src", "src_label", "dst", "dst_label", "props"}``.
    """
    batch = Batch()
    merged: dict[str, dict] = {}
    for node in document_companies:
        match = matches.get(node["name"])
        if not match:
            continue
        batch.deletes.append(("pool_delete_company", {"id": node["id"]}))
        row = merged.setdefault(match.id, {"id": match.id, "name": node["name"], "code": match.code,
                                           "fullname": match.fullname, "match_reason": match.reason,
                                           "match_confidence": match.confidence, "aliases": []})
        for key in ("local", "external", "county", "above_scale", "chain_leader", "credit_code"):
            if node.get(key) is not None and row.get(key) is None:
                row[key] = node[key]
        for alias in [node["name"], *(node.get("aliases") or []), match.name, match.fullname]:
            if alias and alias != row["name"] and alias not in row["aliases"]:
                row["aliases"].append(alias)
        for edge in edges.get(node["id"], []):
            src = match.id if edge["src"] == node["id"] else edge["src"]
            dst = match.id if edge["dst"] == node["id"] else edge["dst"]
            batch.add_rel(edge["type"], {"src": src, "src_label": edge["src_label"], "dst": dst,
                                         "dst_label": edge["dst_label"], **edge["props"]})
    for row in merged.values():
        batch.add_node("Company", {**row, "aliases": row["aliases"] or None})
    return batch


def _edges(store: Store, node_id: str, *, skip_pool: bool = False) -> list[dict]:
    found = []
    for row in store.query("pool_link_company_out", id=node_id):
        found.append(_edge(row["r"], node_id, "Company", row["b"]["id"], row["b"]["_label"]))
    for row in store.query("pool_link_company_in", id=node_id):
        found.append(_edge(row["r"], row["a"]["id"], row["a"]["_label"], node_id, "Company"))
    if skip_pool:
        found = [e for e in found if e["props"].get("source") != "pool"]
    return found


def pool_name(node: dict) -> str:
    """The pool's short name of a linked company, from its aliases (the document's name is its
    ``name``): the first alias that is not a full name and agrees with the full name."""
    for alias in node.get("aliases") or []:
        if alias != node.get("name") and not alias.endswith("公司") and name_agrees(alias, node.get("fullname")):
            return alias
    return node.get("fullname") or node.get("code") or node["id"]


def unlink_batch(node: dict, edges: list[dict]) -> Batch:
    """The batch that undoes a rejected link (pure): the document's facts move back to a
    ``co:NAME`` company and the pool company is the pool's again."""
    batch = Batch()
    doc_id = company_id(node["name"])
    batch.deletes.append(("pool_unlink_facts_out", {"id": node["id"]}))
    batch.deletes.append(("pool_unlink_facts_in", {"id": node["id"]}))
    batch.deletes.append(("pool_unlink_company", {"id": node["id"], "name": pool_name(node)}))
    row = {"id": doc_id, "name": node["name"]}
    for key in ("local", "external", "county", "above_scale", "chain_leader", "credit_code"):
        row[key] = node.get(key)
    batch.add_node("Company", row)
    for edge in edges:
        src = doc_id if edge["src"] == node["id"] else edge["src"]
        dst = doc_id if edge["dst"] == node["id"] else edge["dst"]
        batch.add_rel(edge["type"], {"src": src, "src_label": edge["src_label"], "dst": dst,
                                     "dst_label": edge["dst_label"], **edge["props"]})
    return batch


def relink_document_companies(store: Store, *, curation=None) -> list[tuple[str, str]]:
    """Apply the links to the store, in one batch: document-only companies (``co:NAME``) that match a
    pool company merge into the pool node, and links the user has since rejected are undone.
    Returns the (old id, new id) pairs."""
    decisions = curation_of(curation)
    batch = Batch()
    changed: list[tuple[str, str]] = []
    for node in (r["c"] for r in store.query("pool_linked_companies")):
        if decisions.is_rejected(node["name"], node["id"]):
            batch.extend(unlink_batch(node, _edges(store, node["id"], skip_pool=True)))
            changed.append((node["id"], company_id(node["name"])))
    nodes = [r["c"] for r in store.query("pool_link_document_companies")]
    nodes = [n for n in nodes if not n.get("external")]
    matches = resolve_companies(store, [n["name"] for n in nodes], curation=decisions) if nodes else {}
    if matches:
        edges = {n["id"]: _edges(store, n["id"]) for n in nodes if n["name"] in matches}
        batch.extend(relink_batch(nodes, matches, edges))
        changed += [(n["id"], matches[n["name"]].id) for n in nodes if n["name"] in matches]
    if changed:
        store.write(batch)
    return changed


def _edge(rel: dict, src: str, src_label: str, dst: str, dst_label: str) -> dict:
    props = {k: v for k, v in rel.items() if not k.startswith("_") and v is not None}
    return {"type": rel["_type"], "src": src, "src_label": src_label, "dst": dst, "dst_label": dst_label,
            "props": props}


def match_to_dict(match: Match) -> dict:
    return asdict(match)
