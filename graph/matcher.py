"""One matcher for both sides: which chain links a company's products or business scope (经营范围)
put it on, by the link definitions of :mod:`graph.linkdefs`.

Local coverage (a city's registry, company lists, pool companies that are local) and 招商 candidates
(pool companies elsewhere) go through the same :class:`Matcher`, so a link means the same thing on
both sides. One Aho-Corasick automaton (pyahocorasick) holds every term and exclusion of every
definition, and the lexicon's category heads; a text is scanned once whatever the number of links.

Reading a text (a product name, or a 经营范围 cut at its punctuation):

- the longest match at the leftmost place wins, so no match inside a longer one counts (玻纤 inside
  玻纤织物, 中间体 inside 农药中间体);
- a match followed at once (at most one character between, not a conjunction) by another match or
  by a category head is a modifier and dropped (锂电池 in 锂电池正极材料, 锂电池设备), and so is one
  followed by words the lexicon does not know (太阳能电池背膜 is a backsheet): only stage words,
  qualifiers and forms (系列, 业务, 的研发, 制造 …) may follow a term;
- an exclusion of a link anywhere in the same segment keeps that link off it (农药中间体);
- a term with ``needs`` counts only when the company's other text holds one of those words;
- an ASCII term (BMS, PC) must stand as a word (not PC in PCB).

A pool product below the minimum share (``CHAINKG_MIN_SHARE``, default 0.05) puts no company on a
link; an unknown share counts. Each :class:`Match` says the link, the term, the product or scope
segment it was found in, the share, the specificity and the grade 产品匹配.

>>> from graph.linkdefs import define_link
>>> m = Matcher([define_link({"id": "g#1", "name": "玻璃纤维", "industry": "纤维材料", "chain": "g"}),
...              define_link({"id": "g#2", "name": "玻纤制品", "industry": "纤维材料", "chain": "g"})])
>>> sorted((x.link, x.term) for x in m.match_company(products=[("无碱玻纤纱", 0.6), ("玻纤布", 0.3)]))
[('g#1', '无碱玻纤'), ('g#2', '玻纤布')]
>>> m.match_company(products=[("玻纤设备", 0.9)])
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import ahocorasick

from graph.linkdefs import FORM_WORDS, Lexicon, LinkDefinition, Taxonomy, define_links, load_lexicon
from graph.regions import region_from_name, risk_flags
from graph.settings import env_number
from graph.store import Store

PRODUCT_MATCH = "产品匹配"
FROM_PRODUCT, FROM_SCOPE = "主营产品", "经营范围"
DEFAULT_MIN_SHARE = 0.05
SEGMENT_CACHE = 200_000  # segments whose reading is kept (see Matcher.scan)
NEUTRAL_CACHE = 100_000  # texts after a term known to leave the product what the term says
SEPARATORS = "，,；;。、：:（）()[]【】/\\|！!？?\n\r\t "
CONJUNCTIONS = "及和与或并暨、"
_SEPARATOR = re.compile("[" + re.escape(SEPARATORS) + "]")
_CONJUNCTION = re.compile("[" + re.escape(CONJUNCTIONS) + "]")
_BREAKS = frozenset(SEPARATORS + CONJUNCTIONS)
_ASCII = re.compile(r"[A-Za-z0-9]")
_ASCII_RUN = re.compile(r"[A-Za-z0-9.\-\s+#&*]+")
# besides stage words, qualifiers and forms: what a product name or scope item may add after its term
NEUTRAL_WORDS = frozenset(("的", "等", "之", "用", "型", "级", "式", "业务", "板块", "分部", "事业部", "系列", "类", "其他",
                           "相关", "制品", "专用", "系统", "棉", "总成", "批发", "零售", "业", "及其", "整体", "成套",
                           "一体化", "解决方案", "项目", "工程", "开发", "制作", "经营", "进出口", "安装", "调试",
                           "维护", "技术", "咨询", "推广", "转让", "科技", "新型", "高端", "中高端", "单元", "部分"))


def default_min_share() -> float:
    """``CHAINKG_MIN_SHARE`` or 0.05: a pool product with a smaller share of its maker's business
    puts the maker on no link."""
    return env_number("CHAINKG_MIN_SHARE", DEFAULT_MIN_SHARE, cast=float, low=0, high=1,
                      what="0 到 1 之间的小数 (如 0.05)")


class Match(NamedTuple):
    link: str
    term: str
    product: str          # the product name, or the 经营范围 segment, the term was found in
    share: float | None   # the product's share of the business (None: unknown, or from 经营范围)
    specificity: float
    source: str = FROM_PRODUCT
    grade: str = PRODUCT_MATCH

    def to_dict(self) -> dict:
        return {"link": self.link, "matched_term": self.term, "product": self.product, "share": self.share,
                "specificity": self.specificity, "source": self.source, "grade": self.grade}


class Matcher:
    """All link definitions in one automaton; see the module docstring."""

    def __init__(self, definitions: Iterable[LinkDefinition], *, min_share: float | None = None,
                 lexicon: Lexicon | None = None, cache_size: int = SEGMENT_CACHE):
        lex = lexicon or load_lexicon()
        self.cache_size = cache_size
        self._cache: dict[str, tuple] = {}
        self._text_cache: dict[str, tuple] = {}
        self._neutral_cache: dict[str, bool] = {}
        words = set(lex.generic_words) | set(lex.qualifiers) | FORM_WORDS | NEUTRAL_WORDS
        self._neutral_words = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                                         + ")*")
        channels = "|".join(re.escape(c) for c in sorted(lex.channels, key=len, reverse=True))
        self._channel = re.compile(rf"\s*[-－—–]\s*(?:{channels})$") if channels else None
        self.definitions = list(definitions)
        self.min_share = default_min_share() if min_share is None else min_share
        terms: dict[str, list[tuple]] = {}
        excls: dict[str, list[int]] = {}
        for i, d in enumerate(self.definitions):
            for t in d.terms:
                terms.setdefault(t.text, []).append((i, t.weight, t.needs))
            for e in d.exclusions:
                excls.setdefault(e, []).append(i)
        heads = set(lex.category_heads)
        entries = {*terms, *excls, *heads}
        self.automaton = ahocorasick.Automaton()
        for key in entries:
            ascii_word = bool(_ASCII.match(key[0])) or bool(_ASCII.match(key[-1]))
            # (key, length, ascii word, terms, exclusions, category head)
            self.automaton.add_word(key, (key, len(key), ascii_word, tuple(terms.get(key, ())),
                                          tuple(excls.get(key, ())), key in heads))
        self.size = len(entries)
        if entries:
            self.automaton.make_automaton()

    # -- one text --------------------------------------------------------------------------------

    def scan(self, text: str, context: str | None = None) -> list[tuple[int, str, float, str]]:
        """``(definition index, term, specificity, segment)`` for every link a text names, best term
        per link and segment; ``context`` (the company's other text) decides terms with ``needs``.

        Every rule but ``needs`` looks at one segment only, so a segment's reading is kept (up to
        ``cache_size`` segments): registry scopes are written from a catalogue of standard phrases
        (经营范围规范表述), and the same segment comes back in thousands of companies."""
        if not text or not self.size:
            return []
        ctx = text if context is None else context
        out: dict[tuple[int, int], tuple[int, str, float, str]] = {}
        for n, seg, i, key, spec, needs in self._hits(text):
            if needs and not any(w in ctx for w in needs):
                continue
            best = out.get((n, i))
            if best is None or (spec, len(key)) > (best[2], len(best[1])):
                out[(n, i)] = (i, key, spec, seg)
        return list(out.values())

    def _hits(self, text: str) -> tuple:
        """``(segment number, segment, definition index, term, specificity, needs)`` of every term a
        text's segments hold, before ``needs`` (kept per text and per segment, see :meth:`scan`)."""
        found = self._text_cache.get(text)
        if found is not None:
            return found
        cache = self._cache
        out = []
        for n, seg in enumerate(_SEPARATOR.split(text) if _SEPARATOR.search(text) else (text,)):
            if len(seg) < 2:
                continue
            hits = cache.get(seg)
            if hits is None:
                hits = self._read_segment(seg)
                if len(cache) < self.cache_size:
                    cache[seg] = hits
            out += [(n, seg, i, key, spec, needs) for i, key, spec, needs in hits]
        found = tuple(out)
        if len(self._text_cache) < self.cache_size and len(text) <= 40:  # product names, not whole scopes
            self._text_cache[text] = found
        return found

    def could_match(self, product: str) -> bool:
        """Whether some term of some definition reads ``product`` (before ``needs`` and the share)."""
        read = self._channel.sub("", product) if self._channel else product
        segments = _SEPARATOR.split(read) if _SEPARATOR.search(read) else (read,)
        for seg in segments:
            if len(seg) < 2:
                continue
            hits = self._cache.get(seg)
            if hits is None:
                hits = self._read_segment(seg)
                if len(self._cache) < self.cache_size:
                    self._cache[seg] = hits
            if hits:
                return True
        return False

    def _neutral(self, text: str) -> bool:
        """Whether text after a term leaves the product what the term says: nothing but stage words,
        qualifiers, forms and the like (业务, 系列, 的研发, 生产销售 …), digits and Latin letters."""
        known = self._neutral_cache.get(text)
        if known is None:
            known = self._neutral_words.fullmatch(_ASCII_RUN.sub("", text)) is not None
            if len(self._neutral_cache) < NEUTRAL_CACHE:
                self._neutral_cache[text] = known
        return known

    def _read_segment(self, seg: str) -> tuple[tuple[int, str, float, tuple], ...]:
        """``(definition index, term, specificity, needs)`` of one segment (text between separators):
        exclusions block their links, a term right before another match or before the segment's
        category head is a modifier, the rest count."""
        found = []
        any_term = False
        for end, rec in self.automaton.iter_long(seg):  # leftmost-longest: no match inside another
            if rec[2] and not _word_bounded(seg, end - rec[1] + 1, end + 1):
                continue
            found.append((end + 1, rec))
            if rec[3]:
                any_term = True
        if not any_term:
            return ()
        blocked = {i for _end, rec in found for i in rec[4]}
        last = found[-1][1]
        head_at = found[-1][0] - last[1] if last[5] and not last[3] else None
        hits = []
        n_last = len(found) - 1
        for n, (end, rec) in enumerate(found):
            if not rec[3]:
                continue
            if n < n_last:  # right before another match: a modifier (锂电池 in 锂电池正极材料)
                nxt = found[n + 1]
                gap = seg[end:nxt[0] - nxt[1][1]]
                if len(gap) <= 1 and gap not in _BREAKS:
                    continue
                if head_at is not None and not _CONJUNCTION.search(seg, end, head_at):
                    continue  # 锂电池生产设备: the segment is equipment, whatever it is for
            else:
                gap = seg[end:]
            if gap and not _CONJUNCTION.search(gap) and not self._neutral(gap):
                continue  # 太阳能电池背膜: a word the lexicon does not know is the head
            cover = 0.9 + 0.1 * min(1.0, rec[1] / len(seg))
            hits += [(i, rec[0], weight * cover, needs) for i, weight, needs in rec[3] if i not in blocked]
        return tuple(hits)

    # -- one company -----------------------------------------------------------------------------

    def match_company(self, products: Iterable[tuple[str, float | None]] = (), scope: str | None = None,
                      industries: Iterable[str] = ()) -> list[Match]:
        """The links a company's products (``(name, share)``) and / or 经营范围 text put it on: one
        :class:`Match` per link, the most specific (then the largest share) first; products below
        the minimum share are left out, and so are links whose ``avoid_industries`` name one of the
        company's ``industries`` (申万: a pesticide maker's 中间体 is no medicine intermediate)."""
        products = [(p, s) for p, s in products if p]
        industries = [i for i in industries if i]
        if products or industries:
            context = "|".join(p for p, _ in products) + "|" + (scope or "") + "|" + "|".join(industries)
        else:
            context = scope or ""
        best: dict[int, tuple] = {}  # definition index -> (specificity, share, term, product, source)
        for product, share in products:
            if share is not None and share < self.min_share:
                continue
            dashed = self._channel is not None and any(d in product for d in "-－—–")
            read = self._channel.sub("", product) if dashed else product  # 冷却液-电子商务: a channel, not the product
            for _n, _seg, i, term, spec, needs in self._hits(read):
                if needs and not any(w in context for w in needs):
                    continue
                old = best.get(i)
                if old is None or (spec, share or 0.0) > (old[0], old[1] or 0.0):
                    best[i] = (spec, share, term, product, FROM_PRODUCT)
        if scope:
            for i, term, spec, seg in self.scan(scope, context):
                spec *= 0.95  # a scope says what a firm may do, a product line what it does
                old = best.get(i)
                if old is None or (spec, 0.0) > (old[0], old[1] or 0.0):
                    best[i] = (spec, None, term, seg, FROM_SCOPE)
        if industries:
            for i in [i for i in best if self.definitions[i].avoid_industries]:
                if any(a in ind for a in self.definitions[i].avoid_industries for ind in industries):
                    del best[i]
        found = [Match(self.definitions[i].link_id, term, product, share, round(spec, 4), source)
                 for i, (spec, share, term, product, source) in best.items()]
        found.sort(key=lambda m: (-m.specificity, -(m.share or 0), m.link))
        return found

    def match_many(self, companies: Iterable[dict]) -> dict[str, list[Match]]:
        """``{company id: matches}`` for dicts ``{"id", "products": [(name, share)], "scope",
        "industries"}`` (each key but id optional); companies that match nothing are left out."""
        out = {}
        for c in companies:
            found = self.match_company(c.get("products") or (), c.get("scope"), c.get("industries") or ())
            if found:
                out[c["id"]] = found
        return out


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (_ASCII.match(before) or _ASCII.match(after))


# --- reading the pool ---------------------------------------------------------------------------------


def read_companies(store: Store, *, only_listed: bool = True, matcher: Matcher | None = None
                   ) -> tuple[list[dict], dict[str, dict]]:
    """The pool's companies as matcher input (``{"id", "products": [(name, share)], "industries"}``)
    and their details (``{id: {"name", "fullname", "code", "local"}}``).

    With a ``matcher``, only what some term of it names is read: every distinct product name once
    (``pool_products``), then the companies that make one of the named products, with those products
    (``gap_makers``) and their industries (``matcher_makers_industries``), so a registry of a million
    companies costs its distinct products and the makers of chain products, not every row (a term's
    ``needs`` then sees the company's other chain products and its industries). Without one, every
    company with all its products (``pool_companies``, ``pool_makes``, ``matcher_company_industries``)."""
    if matcher is not None:
        return _read_makers(store, matcher)
    info = {r["id"]: r for r in store.query("pool_companies")}
    products: dict[str, list[tuple[str, float | None]]] = {}
    for r in store.query("pool_makes"):
        if only_listed and r["src"] not in info:
            continue
        products.setdefault(r["src"], []).append((r["dst"], r["weight"]))
    industries: dict[str, list[str]] = {}
    for r in store.query("matcher_company_industries"):
        industries.setdefault(r["company"], []).extend(x for x in (r["industry"], r["parent"]) if x)
    return [{"id": cid, "products": ps, "industries": industries.get(cid, [])} for cid, ps in products.items()], info


def _read_makers(store: Store, matcher: Matcher) -> tuple[list[dict], dict[str, dict]]:
    named = [r["id"] for r in store.query("pool_products") if matcher.could_match(r["id"])]
    info: dict[str, dict] = {}
    products: dict[str, list[tuple[str, float | None]]] = {}
    for r in store.query("gap_makers", products=named) if named else ():
        info.setdefault(r["id"], {k: r[k] for k in ("id", "name", "fullname", "code", "local")})
        products.setdefault(r["id"], []).append((r["product"], r["weight"]))
    industries: dict[str, list[str]] = {}
    for r in store.query("matcher_makers_industries", companies=sorted(info)) if info else ():
        industries.setdefault(r["company"], []).extend(x for x in (r["industry"], r["parent"]) if x)
    return [{"id": cid, "products": ps, "industries": industries.get(cid, [])} for cid, ps in products.items()], info


# --- candidates (pure) -------------------------------------------------------------------------------


def specificity_tier(spec: float) -> int:
    """2 for a term of the link itself or its lexicon link, 1 for a stage-word reading or a pool
    sub-category, 0 below."""
    return 2 if spec >= 0.85 else 1 if spec >= 0.68 else 0


def rank_candidates(matches: dict[str, list[Match]], companies: dict[str, dict], links: Iterable[str],
                    *, local: set[str] = frozenset(), industries: dict[str, list[str]] | None = None,
                    fits: dict[str, Iterable[str]] | None = None) -> dict[str, list[dict]]:
    """Candidates per link id for ``links``: companies (not in ``local``) whose match puts them on
    the link, ranked by specificity tier, then firms without a risk mark (``flags``: ST, *ST, 退市 …)
    before marked ones, then whether the company's industry (``industries``: 申万 names per company)
    is one the link expects (``fits``: per link id, ``fit`` in the result), then product share, then
    how many of ``links`` one recruit closes (``closes``), then code.
    ``companies`` maps an id to ``{"name", "fullname", "code"}``."""
    wanted = set(links)
    per_link: dict[str, list[tuple[str, Match]]] = {lid: [] for lid in wanted}
    closes: dict[str, int] = {}
    for cid, found in matches.items():
        if cid in local:
            continue
        hit = [m for m in found if m.link in wanted]
        closes[cid] = len(hit)
        for m in hit:
            per_link[m.link].append((cid, m))
    fit_sets = {lid: set(v) for lid, v in (fits or {}).items()}
    out = {}
    for lid, rows in per_link.items():
        expected = fit_sets.get(lid, set())
        items = []
        for cid, m in rows:
            info = companies.get(cid, {})
            fit = bool(expected) and any(i in expected for i in (industries or {}).get(cid, ()))
            items.append({"id": cid, "name": info.get("name") or cid, "fullname": info.get("fullname"),
                          "code": info.get("code"), "product": m.product, "matched_term": m.term,
                          "weight": m.share, "specificity": m.specificity, "closes": closes[cid],
                          "source": m.source, "fit": fit, "flags": risk_flags(info.get("name") or cid)})
        items.sort(key=lambda c: (-specificity_tier(c["specificity"]), bool(c["flags"]), not c["fit"],
                                  -(c["weight"] or 0.0),
                                  -c["closes"], -c["specificity"], c["code"] or c["id"]))
        out[lid] = items
    return out


def pool_candidates(store: Store, links: list[dict], *, edits: dict[str, list[dict]] | None = None,
                    parents: dict[str, list[str]] | None = None, min_share: float | None = None,
                    lexicon: Lexicon | None = None) -> tuple[dict[str, list[dict]], dict]:
    """Ranked candidates for ``links`` (dicts ``{"id", "name", "industry", "chain", "position"}``)
    among the pool companies of ``store`` that are not local, with each link's definition (lexicon +
    the pool's taxonomy + ``edits``): ``({link id: candidates}, {link id: LinkDefinition})``. Each
    candidate carries ``flags`` (risk marks) and ``region`` (from its full name)."""
    lex = lexicon or load_lexicon()
    plain = define_links(links, lex, parents=parents)
    taxonomy = Taxonomy.read(store, {t for d in plain.values() for t in d.term_texts()})
    definitions = define_links(links, lex, taxonomy, parents=parents, edits=edits)
    matcher = Matcher(definitions.values(), min_share=min_share, lexicon=lex)
    companies, info = read_companies(store, matcher=matcher)
    matches = matcher.match_many(companies)
    local = {cid for cid, r in info.items() if r.get("local")}
    ranked = rank_candidates(matches, info, [x["id"] for x in links], local=local,
                             industries={c["id"]: c.get("industries") or [] for c in companies},
                             fits={lid: d.fit_industries for lid, d in definitions.items()})
    for items in ranked.values():
        for c in items:
            c["region"] = region_from_name(c.get("fullname"))
    return ranked, definitions
