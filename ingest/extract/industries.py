"""Industries: sectors and segments from the numbered sections of the key-industry part."""

from __future__ import annotations

import re

from ingest.extract.context import DocContext
from ingest.extract.lists import clause_start, split_items
from ingest.extract.patterns import load, regex


def document_kind(title: str, text: str) -> str:
    """``future`` or ``strategic_emerging``, decided by the title (else the opening of the text).

    >>> document_kind("关于加快培育发展未来产业的实施意见", "")
    'future'
    >>> document_kind("关于推动战略性新兴产业高质量发展的实施意见", "")
    'strategic_emerging'
    """
    markers = load("industries")["kind_markers"]
    for source in (title or "", text[:600]):
        for kind, words in markers.items():
            if any(w in source for w in words):
                return kind
    return "other"


def industry_name(title: str) -> str:
    """A sector's name from its heading: ``生物医药产业`` -> ``生物医药``; ``新兴服务业`` stays.

    >>> industry_name("生物医药产业"), industry_name("新兴服务业"), industry_name("产业")
    ('生物医药', '新兴服务业', '产业')
    """
    name = title.strip().rstrip("。.：:")
    for suffix in load("industries")["strip_suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def key_part(ctx: DocContext):
    """The top-level section that lists the key industries (重点产业 / 重点培育方向 …).

    Falls back to the top-level section with the most numbered children whose titles name an
    industry (…产业, …产业链, …业, …经济).
    """
    pat = regex("industries", "key_part_regex")
    tops = [s for s in ctx.outline.sections if s.parent is None]
    for sec in tops:
        if pat.search(sec.title):
            return sec
    best, best_n = None, 1
    for sec in tops:
        n = sum(1 for c in ctx.outline.sections if c.parent == sec.id and re.search(r"产业|业$|经济$", c.title))
        if n > best_n:
            best, best_n = sec, n
    return best


def _heading_span(ctx: DocContext, sec) -> tuple[int, int]:
    line_end = ctx.text.find("\n", sec.start)
    line_end = len(ctx.text) if line_end < 0 else line_end
    i = ctx.text.find(sec.title, sec.start, line_end)
    if i < 0:
        return sec.start, line_end
    return sec.start, i + len(sec.title)


def extract_industries(ctx: DocContext) -> None:
    """Sectors = numbered children of the key part; segments = their numbered children.

    A sector without numbered children gets its focus areas as un-numbered segments
    (``重点布局甲材料、乙材料等前沿领域`` -> 甲材料, 乙材料).
    """
    part = key_part(ctx)
    if part is not None:
        _numbered(ctx, part)
    extract_running_industries(ctx)


def _numbered(ctx: DocContext, part) -> None:
    """Sectors and segments under ``part``. A heading that names a class of industries
    (``（一）未来产业``, ``（二）战略性新兴产业``) is no industry: its children are the sectors."""
    sections = ctx.outline.sections
    for sector in (s for s in sections if s.parent == part.id):
        name = industry_name(sector.title)
        if name in set(load("industries")["generic_classes"]) and any(s.parent == sector.id for s in sections):
            _numbered(ctx, sector)
            continue
        a, b = _heading_span(ctx, sector)
        item = ctx.add(
            "industries",
            {
                "name": name,
                "heading": sector.title,
                "level": "sector",
                "parent": None,
                "kind": ctx.kind,
                "numbered": True,
            },
            a,
            b,
        )
        ctx.industry_sections[sector.id] = item
        children = [s for s in sections if s.parent == sector.id]
        for seg in children:
            a, b = _heading_span(ctx, seg)
            seg_item = ctx.add(
                "industries",
                {
                    "name": industry_name(seg.title),
                    "heading": seg.title,
                    "level": "segment",
                    "parent": name,
                    "kind": ctx.kind,
                    "numbered": True,
                },
                a,
                b,
            )
            ctx.industry_sections[seg.id] = seg_item
        if not children:
            _focus_areas(ctx, sector, name)


def _focus_areas(ctx: DocContext, sector, parent: str) -> None:
    """Un-numbered segments: the items of ``重点布局/重点发展 …`` inside a sector's own text."""
    seen = {parent}
    pats = [re.compile(p) for p in load("industries")["focus_regexes"]]
    for sent in ctx.outline.sentences:
        if not (sector.start <= sent.start < sector.end):
            continue
        for pat in pats:
            for m in pat.finditer(sent.text):
                base = sent.start + m.start("list")
                items = split_items(m.group("list"), conjunctions=("以及", "和", "与"))
                if any(len(t) < 2 or len(t) > 12 or "等" in t for _, _, t in items):
                    continue
                for x, y, t in items:
                    t = industry_name(t)
                    y = x + len(t)
                    if t in seen:
                        continue
                    seen.add(t)
                    ctx.add(
                        "industries",
                        {"name": t, "level": "segment", "parent": parent, "kind": ctx.kind, "numbered": False},
                        base + x,
                        base + y,
                    )


def _is_generic(name: str) -> bool:
    """A class of industries (未来, 战略性新兴, 传统优势 …), or a phrase ending in one (加大未来)."""
    data = load("industries")
    return name in set(data["generic_classes"]) or any(name.endswith(c) for c in data["generic_suffix_classes"])


def _generic_mod(mod: str) -> bool:
    """True when the words between 等/三大 and 产业 only classify (百亿级战略性新兴), not name an industry."""
    rest = re.sub(load("industries")["mod_levels"], "", mod)
    classes = set(load("industries")["generic_classes"])
    if not rest:
        return True
    ok = [True] + [False] * len(rest)
    for i in range(len(rest)):
        if ok[i]:
            for w in classes:
                if rest.startswith(w, i):
                    ok[i + len(w)] = True
    return ok[-1]


def clean_industry(item: str, first: bool = False) -> str | None:
    """An enumeration item as an industry name, or None when it is not one: lead words and place
    names in front and 产业 / 产业链 / 类 behind are dropped; a bracketed part stays (藏（中）药材).

    >>> clean_industry("重点发展医药", first=True), clean_industry("临安区山核桃加工产业链"), clean_industry("电驱（防爆）")
    ('医药', '山核桃加工', '电驱（防爆）')
    >>> clean_industry("未来产业"), clean_industry("产业链"), clean_industry("绿色化发展")
    (None, None, None)
    """
    from ingest.extract.places import place_prefix

    data = load("industries")
    name = re.sub(r"[\s“”\"]", "", item).strip("、")
    name = re.sub(data["remark_regex"], "", name)  # 装备制造（含机器人）: the remark is not part of the name
    if "等" in name:
        name, _, rest = name.partition("等")
        if not _generic_mod(re.sub("(?:产业|行业)(?:集群|链)?$", "", rest)):
            return None  # 轴承等汽车配件: a product of an industry
    if first:
        leads = sorted(data["lead_words"], key=len, reverse=True)
        while True:
            m = next((w for w in leads if name.startswith(w) and len(name) > len(w)), None)
            if m is None:
                break
            name = name[len(m) :]
        cut = 0
        for w in ("围绕", "培育", "聚焦", "发展", "布局"):
            i = name.rfind(w)
            if i >= 0 and i + len(w) < len(name) - 1:
                cut = max(cut, i + len(w))
        name = name[cut:]
    name = name[place_prefix(name) :]
    for suffix in data["item_strip_suffixes"]:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    if not (2 <= len(name) <= 12) or _is_generic(name) or re.search(data["item_reject"], name):
        return None
    return name


def _add_running(ctx: DocContext, seen: set, name: str, a: int, b: int, numbered: bool = True) -> None:
    plain = re.sub(r"[（(）)]", "", name)
    if plain in seen or name.endswith(("（", "(")):
        return  # 电驱（防爆） after 电驱防爆
    if re.search(r"[（(][^）)]*$|^[^（(]*[）)]", name):
        return  # an unbalanced bracket: a cut through a bracketed remark
    if name in seen:
        return
    seen.add(name)
    ctx.add(
        "industries",
        {"name": name, "level": "sector", "parent": None, "kind": ctx.kind, "numbered": numbered, "rule": "running"},
        a,
        b,
    )


def _enumeration(ctx: DocContext, seen: set, sent, start: int, list_text: str, count: int | None) -> None:
    """The items of ``list_text`` (at ``sent.start + start``) as industries, when every item is one."""
    list_text = list_text.rstrip("、")
    parts = split_items(list_text, conjunctions=())
    if count is not None and len(parts) + 1 == count:
        parts = split_items(list_text, conjunctions=("以及", "和", "与", "及"))
    if count is not None and len(parts) != count:
        return
    # a bare place before a shared head (甲市、乙县石墨产业链) is no item of its own
    parts = [p for k, p in enumerate(parts) if not _only_place(p[2], k == 0)]
    if parts and count is None:
        # the last item may join two industries already found (节能环保和新一代信息技术)
        x, y, last = parts[-1]
        for conj in ("以及", "和", "及", "与"):
            left, sep, right = last.partition(conj)
            if sep and left in seen and right in seen:
                parts[-1:] = [(x, x + len(left), left), (x + len(left) + len(conj), y, right)]
                break
    names = [clean_industry(t, first=(k == 0)) for k, (_x, _y, t) in enumerate(parts)]
    if names:
        names[0] = _known_tail(names[0], seen)
    if not names or not all(names):
        return
    for (x, y, _t), name in zip(parts, names, strict=True):
        _add_running(ctx, seen, name, sent.start + start + x, sent.start + start + y)


def _known_tail(name: str | None, seen: set) -> str | None:
    """An item that ends with an industry already found after a short lead (打通新能源) is that industry."""
    if not name:
        return name
    modifiers = set(load("parks")["generic_modifiers"]) | {"高端", "先进", "新型", "精细", "高新", "海洋", "临港", "高性能"}
    for known in sorted(seen, key=len, reverse=True):
        lead = name[: len(name) - len(known)]
        if name.endswith(known) and 2 <= len(lead) <= 3 and len(known) >= 2 and lead not in modifiers:
            return known  # a verb the lead words do not list (打通新能源)
    return name


def _only_place(item: str, first: bool) -> bool:
    from ingest.extract.places import county_of, place_prefix

    name = item
    if first:
        for w in ("围绕", "培育", "聚焦"):
            if w in name:
                name = name[name.rfind(w) + len(w) :]
    return bool(name) and (place_prefix(name + "某") == len(name) or county_of(name) == name)


def extract_running_industries(ctx: DocContext) -> None:
    """Industries named outside numbered 重点产业 headings.

    ``培育发展功能材料、绿色能源、海洋生物三大战略性新兴产业`` -> 功能材料, 绿色能源, 海洋生物;
    ``在高端装备、功能材料等新兴产业`` / ``推动装备制造、农副产品深加工产业集群`` / ``从事有色金属、化工类的企业``;
    ``以临港装备产业为核心``, ``眼镜产业链方面``, ``一是新材料产业，``, ``以某某为链主的肉食品加工``,
    ``构建生物基新材料产业链``, ``某某区钢铁产业链、某某县装备制造产业链`` (place names
    dropped) and the title of a one-industry plan (``某市低空经济高质量发展实施方案`` -> 低空经济).
    A count (三大) must match the items; generic classes (未来产业, 主导产业) are not industries.
    """
    data = load("industries")
    seen = {i["name"] for i in ctx.items["industries"]}
    from ingest.extract.places import place_prefix

    title = (getattr(ctx.meta, "title", None) or "").split("关于")[-1]
    title = title[place_prefix(title) :]
    span = getattr(ctx.meta, "title_span", None)
    m = regex("industries", "title_regex").match(title)
    if m and (name := clean_industry(m.group("name"), first=True)):
        a, b = span if span else (0, 0)
        _add_running(ctx, seen, name, a, b)
    running = [re.compile(p) for p in data["running_regexes"]]
    singles = [re.compile(p) for p in data["single_regexes"]]
    chain_list = regex("industries", "chain_list_regex")
    for sent in ctx.outline.sentences:
        text = sent.text
        if "产业" not in text and "从事" not in text and "链主" not in text and "发展" not in text:
            continue
        if ctx.industry_at(sent.start) is not None:
            continue  # inside a numbered sector or segment: its heading names the industry
        for pat in running:
            for m in pat.finditer(text):
                if "mod" in m.groupdict() and not _generic_mod(m.group("mod")):
                    continue  # 蓝牙、耳机等电子配件产业链: products of one industry, not industries
                cs = clause_start(text, m.end("list"), "，。；：！？,;:")
                list_start = max(m.start("list"), cs)
                count = m.groupdict().get("count")
                n = None
                if count:
                    n = int(count) if count.isdigit() else cn_count(count)
                _enumeration(ctx, seen, sent, list_start, text[list_start : m.end("list")], n)
        heads = tuple(data["industry_heads"])
        for m in regex("industries", "open_list_regex").finditer(text):
            items = [t for _, _, t in split_items(m.group("list"), conjunctions=())]
            if len(items) >= 2 and all(re.sub(r"[（(][^）)]*[）)]", "", t).endswith(heads) for t in items):
                _enumeration(ctx, seen, sent, m.start("list"), m.group("list"), None)
        for m in chain_list.finditer(text):
            cs = clause_start(text, m.start() + 1, "，。；：！？,;:")
            _enumeration(ctx, seen, sent, max(cs, m.start()), text[max(cs, m.start()) : m.end()], None)
        for pat in singles:
            for m in pat.finditer(text):
                name = clean_industry(m.group("name"), first=True)
                if name and "、" not in m.group("name"):
                    _add_running(ctx, seen, name, sent.start + m.start("name"), sent.start + m.end("name"))
                elif "、" in m.group("name"):
                    _enumeration(ctx, seen, sent, m.start("name"), m.group("name"), None)
                alt = m.groupdict().get("alt")
                if alt and (alt_name := clean_industry(alt)):
                    _add_running(ctx, seen, alt_name, sent.start + m.start("alt"), sent.start + m.end("alt"), False)


def cn_count(text: str) -> int | None:
    """三 -> 3, 两 -> 2, 十二 -> 12."""
    from ingest.extract.targets import cn_number

    return cn_number(text)
