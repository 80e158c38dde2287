"""Industries: sectors and segments from the numbered sections of the key-industry part."""

from __future__ import annotations

import re

from ingest.extract.context import DocContext
from ingest.extract.lists import split_items
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
    if part is None:
        return
    sections = ctx.outline.sections
    for sector in (s for s in sections if s.parent == part.id):
        name = industry_name(sector.title)
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
