"""Place names of Shandong: which county a name shows, and whether a name starts with a place."""

from __future__ import annotations

from functools import lru_cache

from ingest.extract.patterns import load


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """``(short form, full county name)`` pairs longest first, and the other place prefixes."""
    data = load("places")
    pairs: list[tuple[str, str]] = []
    others: list[str] = list(data["province"]) + list(data["regions"])
    for city, counties in data["cities"].items():
        others.append(city)
        others.append(city[:-1])
        for full in counties:
            pairs.append((full, full))
            if (
                full[-1] in "县区市"
                and len(full) >= 3
                and full not in ("市中区", "市南区", "市北区", "河东区", "平原县")
            ):
                pairs.append((full[:-1], full))
    for variant, plain in data["variants"].items():
        for short, full in list(pairs):
            if short.startswith(plain):
                pairs.append((variant + short[len(plain) :], full))
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    others.sort(key=len, reverse=True)
    return tuple(pairs), tuple(others)


def county_of(name: str) -> str | None:
    """The county or district a name starts with, after an optional province / city prefix.

    >>> county_of("巨野纺织产业园"), county_of("菏泽鲁西新区智能装备"), county_of("青龙物流园")
    ('巨野县', '鲁西新区', None)
    """
    pairs, others = _lexicon()
    rest = name
    for prefix in others:
        if rest.startswith(prefix) and len(rest) > len(prefix):
            rest = rest[len(prefix) :]
            break
    for short, full in pairs:
        if rest.startswith(short):
            return full
    return None


def starts_with_place(name: str) -> bool:
    """True when the name begins with a province, region, city or county name.

    >>> starts_with_place("鲁西南算力中心"), starts_with_place("现代光谷")
    (True, False)
    """
    pairs, others = _lexicon()
    return any(name.startswith(p) for p in others) or any(name.startswith(s) for s, _ in pairs)


def strip_place(name: str) -> str:
    """The name without a leading province / city / county prefix (kept if nothing would remain).

    >>> strip_place("山东华岳")
    '华岳'
    """
    pairs, others = _lexicon()
    for prefix in list(others) + [s for s, _ in pairs]:
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            return name[len(prefix) :]
    return name
