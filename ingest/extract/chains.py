"""Chains: ordered links written with arrows / dashes, or listed in words (从A到B, 集A、B到C为一体,
A、B、C全产业链 …); mechanism sequences are kept but marked ``is_industrial_chain: false``."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.context import DocContext
from ingest.extract.lists import common_prefix, split_items
from ingest.extract.patterns import alternation, load


@lru_cache(maxsize=1)
def _symbol_chain() -> re.Pattern:
    data = load("chains")
    seps = sorted(data["arrow_separators"] + data["dash_separators"], key=len, reverse=True)
    sep = "(?:" + "|".join(map(re.escape, seps)) + ")"
    link = data["link_regex"]
    return re.compile(f"{link}(?:{sep}{link}){{2,}}")


def is_value_chain(links: list[str]) -> bool:
    """False for mechanism sequences (技术—产品—企业—产业) and lists of chain kinds (产业链、创新链 …).

    >>> is_value_chain(["技术", "产品", "企业", "产业"]), is_value_chain(["产业链", "创新链", "资金链"])
    (False, False)
    >>> is_value_chain(["原料", "中间体", "制剂"])
    True
    """
    data = load("chains")
    if all(x in data["mechanism_links"] for x in links):
        return False
    if all(x.endswith(tuple(data["mechanism_suffixes"])) for x in links):
        return False  # 领军人才、骨干人才、青年人才: tiers of people, not links of a chain
    return not all(x.endswith(data["non_value_chain_suffix"]) for x in links)


def _trim_link(link: str, first: bool, last: bool) -> str:
    lead = alternation("chains", "leading_verbs", prefix="^")
    trail = alternation("chains", "trailing_words", suffix="$")
    if first:
        if "的" in link[:-1]:
            link = link[link.rfind("的") + 1 :]  # 打造以甲为龙头的原料—…: the clause before 的 is no link
        while True:
            m = lead.match(link)
            if not m or m.end() == len(link):
                break
            link = link[m.end() :]
            if link[:1] in ("了", "着") and len(link) > 2:
                link = link[1:]
    if last:
        m = trail.search(link)
        if m and m.start() > 0:
            link = link[: m.start()]
    return link.strip("“”\"' ")


def _industry_names(ctx: DocContext) -> list[str]:
    return sorted({i["name"] for i in ctx.items["industries"]}, key=len, reverse=True)


def _add_chain(ctx: DocContext, links: list[str], a: int, b: int, notation: str, seen: set) -> None:
    """Record a chain unless the same links, or a chain overlapping this span, were seen."""
    key = tuple(links)
    spans = ctx.cache.setdefault("chain_spans", [])
    if key in seen or any(x < b and a < y for x, y in spans):
        return
    seen.add(key)
    spans.append((a, b))
    ctx.add(
        "chains",
        {
            "industry": ctx.industry_at(a),
            "links": links,
            "notation": notation,
            "is_industrial_chain": is_value_chain(links),
        },
        a,
        b,
    )


def extract_symbol_chains(ctx: DocContext, seen: set) -> None:
    """``“单体→聚合物→改性料→制品”`` (arrow) and ``硅料—硅片—电池片—组件`` (dash).

    The first link loses a leading verb (推动形成…), the last a trailing 产业链 / 的产业化体系.
    """
    arrows = load("chains")["arrow_separators"]
    for sent in ctx.outline.sentences:
        for m in _symbol_chain().finditer(sent.text):
            raw = m.group(0)
            notation = "arrow" if any(s in raw for s in arrows) else "dash"
            parts = re.split(
                "|".join(
                    map(
                        re.escape,
                        sorted(
                            load("chains")["arrow_separators"] + load("chains")["dash_separators"],
                            key=len,
                            reverse=True,
                        ),
                    )
                ),
                raw,
            )
            links = [_trim_link(p, k == 0, k == len(parts) - 1) for k, p in enumerate(parts)]
            if any(not x or x[0].isdigit() or len(x) > 20 for x in links):
                continue
            _add_chain(ctx, links, sent.start + m.start(), sent.start + m.end(), notation, seen)


def _clean_list(list_text: str) -> tuple[int, str]:
    """Drop what precedes the enumeration: up to the last 的 and leading verbs."""
    off = 0
    if "的" in list_text and "、" in list_text[list_text.rfind("的") :]:
        off = list_text.rfind("的") + 1
    lead = alternation("chains", "leading_verbs")
    while True:
        m = lead.match(list_text, off)
        if not m or m.end() == off:
            break
        off = m.end()
        if list_text.startswith(("了", "着"), off):
            off += 1  # 形成了A、B、C: the particle is not part of the first link
    return off, list_text[off:]


def extract_word_chains(ctx: DocContext, seen: set) -> None:
    """Chains written in words, e.g. ``从材料到终端产品的…产业链``, ``集种植、加工、生产到物流为一体``,
    ``构建原料、加工、仓储、销售全产业链``, ``带动发展A、B、C等上下游产业``, ``围绕X获取、标注和应用等环节``,
    ``气的采、输、储、配一体化``, ``覆盖设计、仿真、验证的…产业生态``, and fields sharing a
    stem (``低空甲制造、低空甲服务以及低空甲应用等领域``). Items that read as processes (…融合, …共享)
    are not links.
    """
    data = load("chains")
    process = tuple(data["process_word_endings"])
    industries = _industry_names(ctx)
    for spec in data["word_patterns"]:
        pat = re.compile(spec["regex"])
        for sent in ctx.outline.sentences:
            if (
                spec["name"] == "from_to"
                and "从" not in sent.text
                or spec["name"] != "from_to"
                and "、" not in sent.text
            ):
                continue
            for m in pat.finditer(sent.text):
                off, list_text = _clean_list(m.group("list"))
                items = [t for _, _, t in split_items(list_text, conjunctions=("以及", "和", "及", "与"))]
                if "last" in m.groupdict() and m.group("last"):
                    items.append(m.group("last"))
                minimum = 2 if spec["name"] == "from_to" else 3
                if len(items) < minimum or "、" not in list_text and spec["name"] != "from_to":
                    if not (spec["name"] == "from_to" and len(items) >= 2):
                        continue
                if any(not t or len(t) > data["max_link_len"] or re.search(r"[等“”]|\d", t) for t in items):
                    continue
                if any(t.endswith(process) for t in items):
                    continue
                if spec.get("needs_shared_prefix") and len(common_prefix(items)) < 2:
                    continue
                first = items[0]
                for name in industries:
                    if first.startswith(name) and len(first) > len(name):
                        items[0] = first[len(name) :]
                        break
                a = sent.start + m.start("list") + off
                _add_chain(ctx, items, a, sent.start + m.end(), spec["notation"], seen)


def extract_chain_kinds(ctx: DocContext, seen: set) -> None:
    """``产业链、创新链、资金链、人才链`` style lists: recorded, marked not an industrial chain."""
    pat = re.compile(r"(?:[\u4e00-\u9fff]{1,4}链、){2,}[\u4e00-\u9fff]{1,4}链")
    for sent in ctx.outline.sentences:
        for m in pat.finditer(sent.text):
            links = m.group(0).split("、")
            links[0] = _trim_link(links[0], True, False)
            _add_chain(ctx, links, sent.start + m.start(), sent.start + m.end(), "implicit", seen)


def extract_chains(ctx: DocContext) -> None:
    seen: set = set()
    extract_symbol_chains(ctx, seen)
    extract_word_chains(ctx, seen)
    extract_chain_kinds(ctx, seen)
