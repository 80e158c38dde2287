"""One matcher for both sides: which chain links a company's products or business scope (经营范围)
put it on, by the link definitions of :mod:`graph.linkdefs`.

Local coverage (a city's registry, company lists, pool companies that are local) and 招商 candidates
(pool companies elsewhere) go through the same :class:`Matcher`, so a link means the same thing on
both sides. One Aho-Corasick automaton (pyahocorasick) holds every term and exclusion of every
definition, and the lexicon's category heads; a text is scanned once whatever the number of links.

Reading a text (a product name, or a 经营范围 cut at its punctuation):

- a match inside a longer match is dropped (玻纤 inside 玻纤织物); of two overlapping matches the
  one that ends later wins (the head of a Chinese compound is last: 低空飞行器 is a 飞行器);
- a match followed at once (at most one character between, not a conjunction) by another match or
  by a category head is a modifier and dropped (锂电池 in 锂电池正极材料, 锂电池设备);
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
[('g#1', '玻纤纱'), ('g#2', '玻纤布')]
>>> m.match_company(products=[("玻纤设备", 0.9)])
[]
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from graph.errors import ConfigError
from graph.linkdefs import Lexicon, LinkDefinition, load_lexicon
from graph.store import Store

PRODUCT_MATCH = "产品匹配"
FROM_PRODUCT, FROM_SCOPE = "主营产品", "经营范围"
DEFAULT_MIN_SHARE = 0.05
SEPARATORS = frozenset("，,；;。、：:（）()[]【】/\\|！!？?\n\r\t ")
CONJUNCTIONS = frozenset("及和与或并暨、")
_ASCII = re.compile(r"[A-Za-z0-9]")
_HEAD, _TERM, _EXCL = 0, 1, 2


def default_min_share() -> float:
    """``CHAINKG_MIN_SHARE`` or 0.05: a pool product with a smaller share of its maker's business
    puts the maker on no link."""
    raw = os.environ.get("CHAINKG_MIN_SHARE")
    if not raw:
        return DEFAULT_MIN_SHARE
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"CHAINKG_MIN_SHARE 应为 0 到 1 之间的小数 (如 0.05), 现为 {raw!r}") from None
    if not 0 <= value <= 1:
        raise ConfigError(f"CHAINKG_MIN_SHARE 应为 0 到 1 之间的小数 (如 0.05), 现为 {raw!r}")
    return value


@dataclass(frozen=True)
class Match:
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
                 lexicon: Lexicon | None = None):
        lex = lexicon or load_lexicon()
        self.definitions = list(definitions)
        self.min_share = default_min_share() if min_share is None else min_share
        entries: dict[str, list[tuple]] = {}
        for i, d in enumerate(self.definitions):
            for t in d.terms:
                entries.setdefault(t.text, []).append((_TERM, i, t.weight, t.needs))
            for e in d.exclusions:
                entries.setdefault(e, []).append((_EXCL, i, 0.0, ()))
        for head in lex.category_heads:
            entries.setdefault(head, []).append((_HEAD, -1, 0.0, ()))
        self.automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            ascii_word = bool(_ASCII.match(key[0])) or bool(_ASCII.match(key[-1]))
            self.automaton.add_word(key, (key, len(key), ascii_word, tuple(values)))
        self.size = len(entries)
        if entries:
            self.automaton.make_automaton()

    # -- one text --------------------------------------------------------------------------------

    def scan(self, text: str, context: str | None = None) -> list[tuple[int, str, float, str]]:
        """``(definition index, term, specificity, segment)`` for every link a text names, best term
        per link and segment; ``context`` (the company's other text) decides terms with ``needs``."""
        if not text or not self.size:
            return []
        found = []
        for end, (key, length, ascii_word, values) in self.automaton.iter(text):
            start = end - length + 1
            if ascii_word and not _word_bounded(text, start, end + 1):
                continue
            found.append((start, end + 1, key, values))
        if not found:
            return []
        kept = _maximal(found)
        out: dict[tuple[int, int], tuple[int, str, float, str]] = {}
        segment_of, segments = _segments(text, kept)
        blocked: set[tuple[int, int]] = set()
        headed: dict[int, int] = {}  # segment -> start of its last match when that one is a category head
        for n, (start, _end, _key, values) in enumerate(kept):
            seg = segment_of[n]
            for kind, i, _w, _needs in values:
                if kind == _EXCL:
                    blocked.add((seg, i))
            if any(v[0] == _TERM for v in values):
                headed.pop(seg, None)
            elif any(v[0] == _HEAD for v in values):
                headed[seg] = start
        for n, (_start, end, key, values) in enumerate(kept):
            if n + 1 < len(kept) and _modifies(text, end, kept[n + 1][0]):
                continue
            head_at = headed.get(segment_of[n])
            if head_at is not None and head_at >= end and not any(ch in CONJUNCTIONS for ch in text[end:head_at]):
                continue  # 锂电池生产设备: the segment is equipment, whatever it is for
            seg = segment_of[n]
            seg_text = segments[seg]
            for kind, i, weight, needs in values:
                if kind != _TERM or (seg, i) in blocked:
                    continue
                if needs and not any(w in (context if context is not None else text) for w in needs):
                    continue
                spec = round(weight * (0.9 + 0.1 * min(1.0, len(key) / max(1, len(seg_text)))), 4)
                best = out.get((seg, i))
                if best is None or (spec, len(key)) > (best[2], len(best[1])):
                    out[(seg, i)] = (i, key, spec, seg_text)
        return list(out.values())

    # -- one company -----------------------------------------------------------------------------

    def match_company(self, products: Iterable[tuple[str, float | None]] = (), scope: str | None = None,
                      industries: Iterable[str] = ()) -> list[Match]:
        """The links a company's products (``(name, share)``) and / or 经营范围 text put it on: one
        :class:`Match` per link, the most specific (then the largest share) first; products below
        the minimum share are left out, and so are links whose ``avoid_industries`` name one of the
        company's ``industries`` (申万: a pesticide maker's 中间体 is no medicine intermediate)."""
        products = [(p, s) for p, s in products if p]
        industries = [i for i in industries if i]
        context = "|".join(p for p, _ in products) + "|" + (scope or "") + "|" + "|".join(industries)
        best: dict[int, Match] = {}
        for product, share in products:
            if share is not None and share < self.min_share:
                continue
            for i, term, spec, _seg in self.scan(product, context):
                m = Match(self.definitions[i].link_id, term, product, share, spec, FROM_PRODUCT)
                if i not in best or _better(m, best[i]):
                    best[i] = m
        if scope:
            for i, term, spec, seg in self.scan(scope, context):
                m = Match(self.definitions[i].link_id, term, seg, None, round(spec * 0.95, 4), FROM_SCOPE)
                if i not in best or _better(m, best[i]):
                    best[i] = m
        if industries:
            for i in [i for i in best if self.definitions[i].avoid_industries]:
                if any(a in ind for a in self.definitions[i].avoid_industries for ind in industries):
                    del best[i]
        return sorted(best.values(), key=lambda m: (-m.specificity, -(m.share or 0), m.link))

    def match_many(self, companies: Iterable[dict]) -> dict[str, list[Match]]:
        """``{company id: matches}`` for dicts ``{"id", "products": [(name, share)], "scope",
        "industries"}`` (each key but id optional); companies that match nothing are left out."""
        out = {}
        for c in companies:
            found = self.match_company(c.get("products") or (), c.get("scope"), c.get("industries") or ())
            if found:
                out[c["id"]] = found
        return out


def _better(a: Match, b: Match) -> bool:
    return (a.specificity, a.share or 0.0) > (b.specificity, b.share or 0.0)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (_ASCII.match(before) or _ASCII.match(after))


def _maximal(found: list[tuple]) -> list[tuple]:
    """Matches not inside a longer one; of two that overlap, the one that ends later (pure)."""
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple] = []
    for f in found:
        if kept and f[1] <= kept[-1][1]:
            continue  # inside the last kept match (it starts no later and ends no earlier)
        while kept and kept[-1][1] > f[0]:
            kept.pop()  # overlaps and ends earlier: the later-ending one is the head
        kept.append(f)
    return kept


def _modifies(text: str, end: int, next_start: int) -> bool:
    """A match ending at ``end`` modifies the one starting at ``next_start`` (at most one character
    between them, and that one no separator or conjunction)."""
    gap = text[end:next_start]
    return len(gap) <= 1 and not any(ch in SEPARATORS or ch in CONJUNCTIONS for ch in gap)


def _segments(text: str, kept: list[tuple]) -> tuple[list[int], list[str]]:
    """The segment (text between separators) of each kept match, and the segments' text."""
    bounds = [i for i, ch in enumerate(text) if ch in SEPARATORS]
    segment_of = []
    seg_texts: dict[int, str] = {}
    for start, _end, _key, _values in kept:
        n = bisect.bisect_right(bounds, start)
        segment_of.append(n)
        if n not in seg_texts:
            lo = bounds[n - 1] + 1 if n > 0 else 0
            hi = bounds[n] if n < len(bounds) else len(text)
            seg_texts[n] = text[lo:hi]
    return segment_of, seg_texts


# --- reading the pool ---------------------------------------------------------------------------------


def read_companies(store: Store, *, only_listed: bool = True) -> tuple[list[dict], dict[str, dict]]:
    """The pool's companies as matcher input (``{"id", "products": [(name, share)], "industries"}``)
    and their details (``{id: {"name", "fullname", "code", "local"}}``), from the named queries
    ``pool_companies``, ``pool_makes`` and ``matcher_company_industries``."""
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


# --- candidates (pure) -------------------------------------------------------------------------------


def specificity_tier(spec: float) -> int:
    """2 for a term of the link itself or its lexicon link, 1 for a stage-word reading or a pool
    sub-category, 0 below."""
    return 2 if spec >= 0.85 else 1 if spec >= 0.68 else 0


def rank_candidates(matches: dict[str, list[Match]], companies: dict[str, dict], links: Iterable[str],
                    *, local: set[str] = frozenset()) -> dict[str, list[dict]]:
    """Candidates per link id for ``links``: companies (not in ``local``) whose match puts them on
    the link, ranked by specificity tier, then product share, then how many of ``links`` one recruit
    closes (``closes``), then code. ``companies`` maps an id to ``{"name", "fullname", "code"}``."""
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
    out = {}
    for lid, rows in per_link.items():
        items = []
        for cid, m in rows:
            info = companies.get(cid, {})
            items.append({"id": cid, "name": info.get("name") or cid, "fullname": info.get("fullname"),
                          "code": info.get("code"), "product": m.product, "matched_term": m.term,
                          "weight": m.share, "specificity": m.specificity, "closes": closes[cid],
                          "source": m.source})
        items.sort(key=lambda c: (-specificity_tier(c["specificity"]), -(c["weight"] or 0.0), -c["closes"],
                                  -c["specificity"], c["code"] or c["id"]))
        out[lid] = items
    return out
