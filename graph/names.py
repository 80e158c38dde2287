"""Company names, normalized once for every part that compares them: linking document companies to
the pool (:mod:`graph.linking`), company lists (``ingest/companies``), the data-quality report
(:mod:`graph.quality`) and the pool import (``ingest/pool.py``).

- :func:`normalize_name`: NFKC (full-width brackets and letters become ASCII), no white space;
- :func:`name_key`: that, without trailing legal forms (有限公司, 股份有限公司, 集团 …);
- :func:`parse_name`: a name taken apart into places (region prefixes and bracketed places, folded
  to their province), a distinctive core, and industry descriptors, with legal forms, weak words
  (科技, 实业 …) and stock-market marks (ST, *ST, 退市 …) dropped;
- :func:`name_agrees`: does a pool full name belong to a pool short name.

The vocabulary is ``graph/lexicon/linking.json`` (general: provinces, large cities, legal forms,
industry words); Shandong's cities and counties are read from the extractor's place list
``ingest/patterns/places.json`` when it is there (a data file, not an import).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEXICON = HERE / "lexicon" / "linking.json"
PLACES = HERE.parent / "ingest" / "patterns" / "places.json"
# stock-market marks before a short name: ST, *ST, S*ST, 退市, N (first day), C (new listing), S (no reform)
STOCK_MARK = re.compile(r"^(?:\*?ST|S\*?ST|退市|N|C|S)(?=[\u4e00-\u9fff])", re.IGNORECASE)
_BRACKETS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Lexicon:
    places: tuple[tuple[str, str], ...]        # (place text, province), longest first
    by_first: dict                              # first character -> the places starting with it
    country: tuple[str, ...]
    legal: tuple[str, ...]
    weak: tuple[str, ...]
    descriptors: tuple[str, ...]
    family: dict = field(default_factory=dict)  # descriptor -> family key


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(LEXICON.read_text(encoding="utf-8"))
    places: dict[str, str] = {}
    for province, forms in data["provinces"].items():
        for form in (province, *forms):
            places[form] = province
    for province, cities in data["cities"].items():
        for city in cities:
            places[city] = province
            places[city + "市"] = province
    if PLACES.is_file():  # Shandong's cities and counties, shared with the extractor
        shandong = json.loads(PLACES.read_text(encoding="utf-8"))
        for city, counties in shandong.get("cities", {}).items():
            for place in (city, *counties):
                places[place] = "山东"
                short = re.sub(r"(市|县|区)$", "", place)
                if len(short) >= 2:
                    places[short] = "山东"
    family = {}
    for group in data["descriptor_families"]:
        for word in group:
            family[word] = group[0]
    by_length = lambda words: tuple(sorted(set(words), key=len, reverse=True))  # noqa: E731
    ordered = tuple(sorted(places.items(), key=lambda kv: -len(kv[0])))
    by_first: dict[str, list[tuple[str, str]]] = {}
    for place, province in ordered:
        by_first.setdefault(place[0], []).append((place, province))
    return Lexicon(ordered, by_first, by_length(data["country_prefixes"]), by_length(data["legal_suffixes"]),
                   by_length(data["weak_descriptors"]), by_length(data["industry_descriptors"]), family)


def legal_suffixes() -> tuple[str, ...]:
    """Legal forms (有限公司, 集团 …), longest first."""
    return lexicon().legal


def normalize_name(name: str | None) -> str:
    """NFKC, no white space, ASCII brackets.

    >>> normalize_name("示例储能科技（山东） ")
    '示例储能科技(山东)'
    """
    text = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"\s+", "", text)


def name_key(name: str | None, suffixes: tuple[str, ...] | None = None) -> str:
    """A company name normalized and without trailing legal forms.

    >>> name_key("菏泽示例制药股份有限公司"), name_key("菏泽示例制药集团"), name_key("菏泽示例制药")
    ('菏泽示例制药', '菏泽示例制药', '菏泽示例制药')
    """
    suffixes = suffixes if suffixes is not None else legal_suffixes()
    text = normalize_name(name)
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text, changed = text[: -len(suffix)], True
                break
    return text


def strip_stock_mark(name: str) -> str:
    """A short name without ST, *ST, 退市 and the like.

    >>> strip_stock_mark("*ST示例"), strip_stock_mark("示例股份")
    ('示例', '示例股份')
    """
    return STOCK_MARK.sub("", name.strip())


def short_core(short: str) -> str:
    """A pool short name without stock marks and a trailing 股份 / 集团 / 控股 / A股.

    >>> short_core("示例环保股份"), short_core("*ST示例电气")
    ('示例环保', '示例电气')
    """
    short = strip_stock_mark(short)
    return re.sub(r"[A-Z]股?$|股份$|集团$|控股$", "", short) or short


def name_agrees(short: str, fullname: str | None) -> bool:
    """Does a full name belong to the short name? (Two leading characters of the short name's core
    appear in the full name.) Used to drop pool rows that pair a code with another firm's full name.

    >>> name_agrees("示例环保", "江苏示例环保股份有限公司"), name_agrees("示例环保", "大连港股份有限公司")
    (True, False)
    >>> name_agrees("*ST示例", "安徽示例润达电气股份有限公司")
    True
    """
    if not fullname:
        return False
    core = short_core(short)
    return core[:2] in fullname


@dataclass(frozen=True)
class Parsed:
    """A company name taken apart."""

    text: str                         # normalized full text
    core: str                         # the distinctive part
    provinces: frozenset[str] = frozenset()
    descriptors: frozenset[str] = frozenset()  # industry words, folded to their family


@lru_cache(maxsize=65536)
def parse_name(name: str) -> Parsed:
    """Places, core and descriptors of a company name.

    >>> p = parse_name("山东澜川制药股份有限公司")
    >>> p.core, sorted(p.provinces), sorted(p.descriptors)
    ('澜川', ['山东'], ['制药'])
    >>> p = parse_name("示例风能(苏州)股份有限公司")
    >>> p.core, sorted(p.provinces), sorted(p.descriptors)
    ('示例', ['江苏'], ['风能'])
    """
    lex = lexicon()
    text = normalize_name(name)
    provinces: set[str] = set()
    work = text
    for inner in _BRACKETS.findall(work):
        for place, province in lex.by_first.get(inner[:1], ()):
            if inner.startswith(place):
                provinces.add(province)
                break
    work = _BRACKETS.sub("", work)
    work = STOCK_MARK.sub("", work)
    descriptors: set[str] = set()
    changed = True
    while changed and work:
        changed = False
        for prefix in lex.country:
            if work.startswith(prefix) and len(work) > len(prefix):
                work, changed = work[len(prefix):], True
        for place, province in lex.by_first.get(work[:1], ()):
            if work.startswith(place) and len(work) > len(place) + 1:
                work, changed = work[len(place):], True
                provinces.add(province)
                break
    changed = True
    while changed and work:
        changed = False
        for suffix in lex.legal + lex.weak:
            if work.endswith(suffix) and len(work) > len(suffix):
                work, changed = work[: -len(suffix)], True
                break
        if changed:
            continue
        for suffix in lex.descriptors:
            if work.endswith(suffix) and len(work) > len(suffix):
                work, changed = work[: -len(suffix)], True
                descriptors.add(lex.family.get(suffix, suffix))
                break
    return Parsed(text, work if len(work) >= 2 else "", frozenset(provinces), frozenset(descriptors))
