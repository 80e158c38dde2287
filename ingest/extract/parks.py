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
            return len(core) >= 4
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
        return True
    modifier = bare
    for s, _ in _suffixes():
        if bare.endswith(s):
            modifier = bare[: -len(s)]
            break
    if modifier in industries or modifier.removesuffix("产业") in industries:
        return False
    return is_proper(modifier)


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
        if text.startswith(blocked, end):
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
        name = segment[cut:]
        if len(name) - len(m.group(0)) < 2:
            continue
        a = start + cut
        if text[a - 1 : a] == "、" or text[end : end + 1] == "、":
            continue  # a member of some other enumeration (carrier lists are read by extract_park_lists)
        if is_specific(name, industries):
            _add_park(ctx, name, a, a + len(name), park_kind(name), True, "suffix")


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
        if ch == "“" or not _NAME_CHARS.match(ch):
            break
        start -= 1
    return start
