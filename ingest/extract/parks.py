"""Parks and carriers: named 产业园 / 物流园 / 作业区 / 陆港 / 基地 / 小镇 / 市场 / 中心 / 集群 …"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from ingest.extract.context import DocContext
from ingest.extract.lists import clause_start, split_items
from ingest.extract.patterns import alternation, load, regex
from ingest.extract.places import county_of, starts_with_place

_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”]")


@lru_cache(maxsize=1)
def _suffixes() -> list[tuple[str, str]]:
    return sorted(load("parks")["suffixes"].items(), key=lambda kv: len(kv[0]), reverse=True)


def park_kind(name: str, default: str = "other") -> str:
    """The kind of carrier a name's suffix shows.

    >>> park_kind("某某物流园"), park_kind("某某旅游城"), park_kind("某某湖", "scenic")
    ('park', 'scenic', 'scenic')
    """
    for suffix, kind in _suffixes():
        if name.endswith(suffix):
            return kind
    return default


def has_park_suffix(name: str) -> bool:
    return any(name.endswith(s) for s, _ in _suffixes())


def _specific_prefix(name: str) -> bool | None:
    """True / False for a name that starts with a designation (国家, 省级, 市级 …), None otherwise."""
    data = load("parks")
    for p in data["specific_prefixes"]:
        if name.startswith(p):
            rest = name[len(p) :]
            if any(rest.startswith(b) for b in data["specific_prefix_block"]):
                return False
            core = rest
            for s, _ in _suffixes():
                if core.endswith(s):
                    core = core[: -len(s)]
                    break
            return len(core) >= 4 or (len(core) >= 2 and not _all_generic(core, set(data["generic_modifiers"])))
    return None


def is_proper(modifier: str) -> bool:
    """True when a name's modifier holds a word unknown to (or rare in) the jieba dictionary and not
    in the generic vocabulary: a sign of a proper name (舜王城 …), unlike 综合 / 配送 / 现代.
    """
    data = load("parks")
    generic = set(data["generic_modifiers"])
    limit = data["proper_max_freq"]
    freq = jieba.dt.FREQ
    if _all_generic(modifier, generic):
        return False
    for tok in jieba.lcut(modifier):
        if (
            len(tok) >= 2
            and tok not in generic
            and re.fullmatch(r"[\u4e00-\u9fff]+", tok)
            and freq.get(tok, 0) <= limit
        ):
            return True
    return False


def _all_generic(text: str, generic: set[str]) -> bool:
    """True when ``text`` splits entirely into generic words (技术创新 = 技术 + 创新)."""
    if not text:
        return True
    ok = [True] + [False] * len(text)
    for i in range(len(text)):
        if ok[i]:
            for w in generic:
                if text.startswith(w, i):
                    ok[i + len(w)] = True
    return ok[-1]


def is_specific(name: str, industries: set[str] = frozenset()) -> bool:
    """A park that is one named place, not a kind of place.

    >>> is_specific("巨野纺织产业园"), is_specific("综合物流园区"), is_specific("省级创新平台")
    (True, False, False)
    """
    bare = name.strip("“”")
    designated = _specific_prefix(bare)
    if designated is not None:
        return designated
    if starts_with_place(bare):
        return _place_name_specific(bare)
    data = load("parks")
    zone = next((z for z in data["zone_suffixes"] if bare.endswith(z)), None)
    if zone and 2 <= len(bare) - len(zone) <= 4 and not _all_generic(bare[: -len(zone)], set(data["generic_modifiers"])):
        return True  # 甲乙经济开发区, 甲乙工业园: a zone is named after its place
    modifier = bare
    for s, _ in _suffixes():
        if bare.endswith(s):
            modifier = bare[: -len(s)]
            break
    if modifier in industries or modifier.removesuffix("产业") in industries:
        return False
    return is_proper(modifier)


def _place_name_specific(name: str) -> bool:
    """A name that starts with a place: specific, except a region with a bare suffix (京津冀开发区)
    and a cluster whose words after the place only classify (某市特色产业集群)."""
    from ingest.extract.places import place_prefix

    data = load("parks")
    n = place_prefix(name)
    rest = name[n:]
    for s, _ in _suffixes():
        if rest.endswith(s):
            rest = rest[: -len(s)]
            break
    if not rest and any(name.startswith(r) for r in data_regions()):
        return False
    if name.endswith(tuple(data["cluster_suffixes"])):
        return not _all_generic(rest, set(data["generic_modifiers"]))
    return True


@lru_cache(maxsize=1)
def data_regions() -> tuple[str, ...]:
    return tuple(load("places")["regions"])


def _add_park(ctx: DocContext, name: str, a: int, b: int, kind: str, specific: bool, source: str) -> None:
    ctx.add(
        "parks",
        {
            "name": name,
            "kind": kind,
            "industry": ctx.industry_at(a),
            "specific": specific,
            "county": county_of(name.strip("“”")),
            "rule": source,
        },
        a,
        b,
    )


def extract_park_lists(ctx: DocContext) -> None:
    """Items of carrier lists: ``依托甲县水浒城、乙县某湖和丙县某山等载体``,
    ``…等6个省级数字经济园区``, ``…等一批省级产业集群``. The items count when at least half of them
    are specific (a place name, a national designation or a rare proper word).
    """
    ending = regex("parks", "list_ending_regex")
    lead = alternation("parks", "left_boundaries")
    industries = {i["name"] for i in ctx.items["industries"]}
    for sent in ctx.outline.sentences:
        text = sent.text
        for m in ending.finditer(text):
            cs = clause_start(text, m.start())
            clause = text[cs : m.start()]
            pos = 0
            while True:
                mm = lead.match(clause, pos)
                if not mm or mm.end() == pos:
                    break
                pos = mm.end()
            pos += _boundary_cut(clause[pos:].split("、")[0])
            items = split_items(clause[pos:])
            if not items or any(len(t) < 2 or len(t) > 30 or re.search(r"[等的]", t) for _, _, t in items):
                continue
            flags = [is_specific(t, industries) for _, _, t in items]
            if sum(flags) * 2 < len(items):
                continue
            head = m.group("head")
            default = load("parks")["list_endings"].get(head, "other")
            for x, _y, t in items:
                a = sent.start + cs + pos + x
                _add_park(ctx, t, a, a + len(t), park_kind(t, default), True, "list")


def extract_named_parks(ctx: DocContext) -> None:
    """A single name ending in a park suffix, kept when specific: ``建设鲁西南某某光伏发电基地``,
    ``发挥市级一体化数据平台作用``, ``积极融入“山东某某大市场”``, ``推动某公文化园等改造升级``.
    """
    data = load("parks")
    suffix_re = alternation("parks", "suffixes")
    boundaries = sorted(data["left_boundaries"], key=len, reverse=True)
    blocked = tuple(data["blocked_followers"])
    text = ctx.text
    industries = {i["name"] for i in ctx.items["industries"]}
    for m in suffix_re.finditer(text):
        end = m.end()
        if text.startswith(blocked, end) and not text.startswith(tuple(data["zone_followers"]), end):
            continue
        start = _scan_left(text, m.start())
        segment = text[start:end]
        # cut at the last boundary word (verbs, 的, 等) or after a conjunction that follows another park
        cut = 0
        limit = m.start() - start
        for w in boundaries:
            i = segment.rfind(w, 0, limit)
            if i >= 0 and i + len(w) > cut:
                cut = i + len(w)
        for cm in re.finditer("[和及与]", segment[:limit]):
            if has_park_suffix(segment[: cm.start()]) and cm.end() > cut:
                cut = cm.end()
        # 甲示范园乙丙丁示范基地: a long new name after another park's suffix starts a name of its own
        for sm in alternation("parks", "suffixes").finditer(segment[:limit]):
            if sm.end() > cut and limit - sm.end() >= 4:
                cut = sm.end()
        area = next(reversed(list(regex("parks", "area_before_regex").finditer(segment[:limit]))), None)
        if area and area.end() > cut:
            cut = area.end()
        name = segment[cut:]
        if name[:1] in "以在向把将对从于" and len(name) - len(m.group(0)) >= 3:
            name, cut = name[1:], cut + 1  # 以甲乙小镇…为引领: the preposition is not part of the name
        if len(name) - len(m.group(0)) < 2 or regex("parks", "name_reject_regex").search(name):
            continue
        a = start + cut
        listed = text[a - 1 : a] == "、" or text[end : end + 1] == "、"
        if listed and re.match(r"\d+、", text[text.rfind("\n", 0, a) + 1 : a]):
            listed = False  # a numbered list line (1、…), not an enumeration inside a sentence
        # a placing context names one site: 甲产业园已有10家企业入驻, 向甲产业园聚集, 把甲园区建设成
        if regex("parks", "count_after_regex").search(text[end : end + 4]):
            continue  # 特色产业基地2个: a kind of site counted, not one site
        placing = bool(regex("parks", "placing_after_regex").search(text[end : end + 30])) and (
            not text[end:].startswith(("聚集", "集聚", "建设成", "打造成")) or text[a - 1 : a] in "向把"
        )
        if (area or placing or is_specific(name, industries)) and not (listed and not _clearly_specific(name)):
            _add_park(ctx, name, a, a + len(name), park_kind(name), True, "suffix")
    _zone_lists(ctx)
    _suffix_lists(ctx)
    _addressees(ctx)


def _suffix_lists(ctx: DocContext) -> None:
    """``以甲乙小镇、丙丁小镇等“N镇”为引领``: items that all end with the same park suffix are parks
    when one of them is clearly specific."""
    seen = {p["name"] for p in ctx.items["parks"]}
    suffix_re = alternation("parks", "suffixes", suffix="$")
    lead = alternation("parks", "clause_leads")
    for sent in ctx.outline.sentences:
        for clause in re.finditer(r"[^，。；：！？]+", sent.text):
            if "、" not in clause.group(0):
                continue
            text = clause.group(0)
            pos = 0
            while (mm := lead.match(text, pos)) and mm.end() > pos:
                pos = mm.end()
            first = text[pos:].split("、")[0]
            pos += _boundary_cut(first)
            end = text.find("等", pos)
            items = split_items(text[pos : end if end > 0 else len(text)], conjunctions=())
            ends = {suffix_re.search(t).group(0) if suffix_re.search(t) else None for _, _, t in items}
            if len(items) < 2 or len(ends) != 1 or None in ends:
                continue
            names = [t for _, _, t in items]
            if any(len(t) > 20 or regex("parks", "name_reject_regex").search(t) for t in names):
                continue
            if not any(_clearly_specific(t) for t in names):
                continue
            for x, y, t in items:
                if t not in seen:
                    seen.add(t)
                    a = sent.start + clause.start() + pos + x
                    _add_park(ctx, t, a, a + (y - x), park_kind(t), True, "list")


def _addressees(ctx: DocContext) -> None:
    """Zones in the addressee line (``各县、市、区人民政府，甲河新区，乙管理区，某高新区：``)."""
    suffixes = load("parks")["addressee_suffixes"]
    seen = {p["name"] for p in ctx.items["parks"]}
    text = ctx.text
    for line in re.finditer(r"^[^\n]{4,200}[：:]$", text[:3000], re.M):
        body = line.group(0)[:-1]
        if re.search(r"[。；]", body):
            continue
        for unit in re.finditer(r"[^，、,]+", body):
            name = re.sub(r"(?:管委会|管理委员会)$", "", unit.group(0).strip())
            kind = next((k for s, k in suffixes.items() if name.endswith(s) and len(name) > len(s) + 1), None)
            if kind and name not in seen and not name.startswith("各"):
                seen.add(name)
                a = line.start() + unit.start()
                _add_park(ctx, name, a, a + len(name), kind, True, "addressee")


def _clearly_specific(name: str) -> bool:
    """Specific by a place name or a designation, or a site (产业园, 基地, 小镇 …) whose name begins
    with a word unknown to the dictionary (a firm's or a place's own name): safe inside any enumeration."""
    bare = name.strip("“”")
    if _specific_prefix(bare) or (starts_with_place(bare) and _place_name_specific(bare)):
        return True
    if park_kind(bare) not in ("park", "base", "town", "scenic"):
        return False
    modifier = next((bare[: -len(s)] for s, _ in _suffixes() if bare.endswith(s)), bare)
    tokens = jieba.lcut(modifier)
    generic = set(load("parks")["generic_modifiers"])
    first = tokens[0] if tokens and len(tokens[0]) >= 2 else modifier[:2]
    return len(first) >= 2 and first not in generic and jieba.dt.FREQ.get(first, 0) <= load("parks")["proper_max_freq"]


def _zone_lists(ctx: DocContext) -> None:
    """The parks of a zone: ``一区六园十六基地……六园即甲产业园、乙产业园、丙产业园`` (each item with a
    park suffix is a park of that zone, however generic its name)."""
    pat = regex("parks", "zone_list_regex")
    seen = {p["name"] for p in ctx.items["parks"]}
    for sent in ctx.outline.sentences:
        for m in pat.finditer(sent.text):
            items = split_items(m.group("list"))
            if len(items) < 2 or not all(has_park_suffix(t) and len(t) <= 20 for _, _, t in items):
                continue
            for x, y, t in items:
                if t not in seen:
                    seen.add(t)
                    a = sent.start + m.start("list") + x
                    _add_park(ctx, t, a, sent.start + m.start("list") + y, park_kind(t), True, "zone")


def _boundary_cut(text: str) -> int:
    """Offset just after the last boundary word (verb, 的, 等) in ``text``; 0 when there is none."""
    cut = 0
    for w in load("parks")["left_boundaries"]:
        i = text.rfind(w)
        if i >= 0 and i + len(w) < len(text) and i + len(w) > cut:
            cut = i + len(w)
    return cut


def _scan_left(text: str, pos: int) -> int:
    """Start of the run of name characters (quoted parts included) that ends at ``pos``."""
    start = pos
    while start > 0:
        ch = text[start - 1]
        if ch == "”":
            q = text.rfind("“", max(0, start - 30), start - 1)
            if q < 0:
                break
            start = q
            continue
        if ch == "）":
            q = text.rfind("（", max(0, start - 8), start - 1)
            if q < 0 or not _NAME_CHARS.match(text[q - 1 : q] or "，"):
                break
            start = q
            continue
        if ch == "“" or not _NAME_CHARS.match(ch):
            break
        start -= 1
    return start
