"""Technologies and products named in enumerations (``A、B、C等关键技术`` / ``…等产品``), in
verb-led lists of product nouns (``重点发展光模块和射频器件``), and single ``…技术研究``."""

from __future__ import annotations

import re

from ingest.extract.context import DocContext
from ingest.extract.lists import clause_start, split_items
from ingest.extract.patterns import alternation, load, regex

_BAD = re.compile(r"[等的，。；：]")


def _strip_verbs(clause: str) -> int:
    """Offset where an enumeration starts in its clause: after leading verbs and adverbs
    (``重点突破``, ``加快``, ``打造以`` …) and after a 的 in the first item.

    >>> _strip_verbs("加快突破甲器、乙器")
    4
    >>> _strip_verbs("重点发展满足某标准的甲器、乙器")
    10
    """
    lead = alternation("terms", "lead_words")
    pos = 0
    while True:
        m = lead.match(clause, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    first_end = clause.find("、", pos)
    first = clause[pos:] if first_end < 0 else clause[pos:first_end]
    if "的" in first:
        pos += first.rfind("的") + 1
    return pos


def _is_distributive(items: list[str]) -> bool:
    """``节煤、节电、节油及余热回收利用等…技术``: short first items that share the last item's tail."""
    if len(items) < 2:
        return False
    heads = items[:-1]
    return (
        min(len(t) for t in heads) <= 2
        and len(items[-1]) >= 3 * max(len(t) for t in heads)
        or any(len(t) == 1 for t in items)
    )


def _industry_names(ctx: DocContext) -> set[str]:
    """Names of the numbered industries (un-numbered focus areas may also be products)."""
    return {i["name"] for i in ctx.items["industries"] if i.get("numbered", True)}


def extract_enumerations(ctx: DocContext, seen: set) -> None:
    """``突破甲合成、乙纯化、丙工艺等产业化技术`` -> technologies; ``发展甲、乙和丙等产品`` -> products.

    The head after 等 decides: 技术/工艺/关键材料/关键领域/方面/研发 -> technology; 产品/装备/设备/
    材料/部件/药物/机器人 -> product. Distributive lists (``水、大气、土壤污染防治等…技术装备``) are one
    item named by the whole phrase; attributes ending in 化 / 性 are dropped.
    """
    data = load("terms")
    tech_heads = set(data["technology_heads"])
    suffixes = tuple(data["product_suffixes"])
    product_heads = set(data["product_heads"])
    industries = _industry_names(ctx)
    for sent in ctx.outline.sentences:
        text = sent.text
        for m in regex("terms", "enum_regex").finditer(text):
            head, mod = m.group("head"), m.group("mod")
            if any(w in mod.replace("产业化", "") for w in data["skip_mods"]):
                continue
            full = mod + head
            need = data["context_heads"].get(head)
            if need and not re.search(need, text[m.end() : m.end() + 15]):
                continue
            if (
                head in tech_heads
                or (head in ("研发",) and mod)
                or full.endswith(("关键材料", "工艺"))
                or (head in ("装备", "设备") and mod.endswith("技术"))
                or (head in ("零部件", "部件", "核心零部件") and re.search("技术[与和及]", mod))
            ):
                target = "technologies"
            elif head in product_heads:
                target = "products"
            else:
                continue
            cs = clause_start(text, m.start())
            clause = text[cs : m.start()]
            off = _strip_verbs(clause)
            list_text = clause[off:]
            conj = ("以及", "和", "及", "或") if target == "technologies" else ("以及", "和", "与", "及")
            items = split_items(list_text, conjunctions=conj, ji_min_right=5)
            names = [t for _, _, t in items]
            if not names or any(len(t) > 30 or _BAD.search(t) for t in names):
                continue
            if head == "药物" and 2 * sum(t.endswith(suffixes) for t in names) < len(names):
                continue  # therapeutic areas (抗肿瘤、糖尿病 …), not products
            base = sent.start + cs + off
            if _is_distributive(names) or (target == "products" and len(names) > 1 and max(map(len, names)) <= 2):
                whole = re.sub(r"(?:研发|攻关|研究)$", "", text[cs + off : m.end()])
                if whole not in seen:
                    seen.add(whole)
                    ctx.add(target, {"name": whole, "industry": ctx.industry_at(base)}, base, sent.start + m.end())
                continue
            for x, y, t in items:
                if (
                    t in seen
                    or t in industries
                    or (len(t) <= 4 and t.endswith(tuple(data["item_reject_endings"])))
                    or len(t) < 2
                ):
                    continue
                seen.add(t)
                ctx.add(target, {"name": t, "industry": ctx.industry_at(base + x)}, base + x, base + y)


def extract_product_phrases(ctx: DocContext, seen: set) -> None:
    """Verb-led lists of product nouns: ``重点发展光模块和射频器件``, ``发展气凝胶毡及隔热
    涂料``, ``构建新的多肽药物和核酸药物``; only items ending in a product noun count."""
    data = load("terms")
    suffixes = tuple(sorted(data["product_suffixes"], key=len, reverse=True))
    industries = _industry_names(ctx)
    verb_re = regex("terms", "verb_list_regex")
    tail = re.compile(
        r"(?:等)?(?:的研究和产业化|的研发生产|的研发产业化|的生产制造水平|产业化水平|等?产业|应用|研发|研制|等)$"
    )
    clauses = [
        m
        for sent in ctx.outline.sentences
        for pat in (r"[^，。；：]+", r"[^，。；：（）]+")
        for m in ((sent, cm) for cm in re.finditer(pat, sent.text))
    ]
    for sent, cm in clauses:
        clause = cm.group(0)
        if clause:
            lead = len(clause) - len(clause.lstrip("（"))
            clause = clause[lead:].rstrip("）")
            m = verb_re.match(clause)
            if m:
                start = m.start("list")
            elif "的" in clause and "、" in clause[clause.rfind("的") :]:
                start = clause.rfind("的") + 1
            else:
                continue
            body = tail.sub("", clause[start:])
            skip = _strip_verbs(body)
            start += skip
            list_text = body[skip:]
            if "技术" in list_text:
                continue  # a technology list (…等新一代材料技术研究)
            if re.search("领域|方向|行业", list_text):
                continue
            items = split_items(list_text, conjunctions=("以及", "和", "与", "及"), ji_min_right=5)
            good = [
                (x, y, t)
                for x, y, t in items
                if 2 <= len(t) <= 24
                and not _BAD.search(t)
                and t.endswith(suffixes)
                and t not in industries
                and not re.search(r"化(?:产品|设备|装备)$", t)
            ]
            if not good or len(good) * 2 < len(items):
                continue
            base = sent.start + cm.start() + lead + start
            for x, y, t in good:
                if t in seen:
                    continue
                seen.add(t)
                ctx.add("products", {"name": t, "industry": ctx.industry_at(base + x)}, base + x, base + y)


def extract_component_lists(ctx: DocContext, seen: set) -> None:
    """``带动底座、轮毂、齿轮箱制作等配套企业发展``: the parts made by supporting firms are products."""
    pat = regex("terms", "component_list_regex")
    for sent in ctx.outline.sentences:
        for m in pat.finditer(sent.text):
            items = split_items(m.group("list"), conjunctions=("和", "及"))
            if any(len(t) < 2 or len(t) > 12 or _BAD.search(t) for _, _, t in items):
                continue
            base = sent.start + m.start("list")
            for x, y, t in items:
                if t not in seen:
                    seen.add(t)
                    ctx.add("products", {"name": t, "industry": ctx.industry_at(base + x)}, base + x, base + y)


def extract_technology_lists(ctx: DocContext, seen: set) -> None:
    """``研究发展数字孪生、边缘计算等``: a research verb before a list names technologies."""
    pat = regex("terms", "tech_list_regex")
    for sent in ctx.outline.sentences:
        for cm in re.finditer(r"[^，。；：（）]+", sent.text):
            m = pat.match(cm.group(0))
            if not m or "、" not in m.group("list"):
                continue
            items = split_items(m.group("list"), conjunctions=("以及", "和", "及"))
            if any(len(t) < 2 or len(t) > 16 or _BAD.search(t) for _, _, t in items):
                continue
            base = sent.start + cm.start() + m.start("list")
            for x, y, t in items:
                if t not in seen:
                    seen.add(t)
                    ctx.add("technologies", {"name": t, "industry": ctx.industry_at(base + x)}, base + x, base + y)


def extract_single_technologies(ctx: DocContext, seen: set) -> None:
    """``强化固态电池封装技术研究``, ``加快虚拟电厂聚合调控技术创新``: one named technology."""
    data = load("terms")
    generic = set(data["technology_generic"])
    lead = alternation("terms", "technology_left_boundaries")
    pat = regex("terms", "technology_single_regex")
    for sent in ctx.outline.sentences:
        text = sent.text
        for m in pat.finditer(text):
            name = m.group("name")
            cut = 0
            for lm in lead.finditer(name):
                if lm.end() < len(name) - 2:
                    cut = max(cut, lm.end())
            name = name[cut:]
            start = sent.start + m.start("name") + cut
            before = text[: m.start("name") + cut]
            if "等" in name or before.endswith("等") or name in generic or len(name) < 4 or name in seen:
                continue
            if "产业" in name.replace("产业化", "") or cut == 0 and before and re.match(r"[\u4e00-\u9fff]", before[-1]):
                continue
            if "或" in name:
                parts = name.split("或")
                off = 0
                for p in parts:
                    if len(p) >= 2 and p not in seen:
                        seen.add(p)
                        ctx.add(
                            "technologies",
                            {"name": p, "industry": ctx.industry_at(start)},
                            start + off,
                            start + off + len(p),
                        )
                    off += len(p) + 1
                continue
            seen.add(name)
            ctx.add("technologies", {"name": name, "industry": ctx.industry_at(start)}, start, start + len(name))


def extract_terms(ctx: DocContext) -> None:
    seen_t: set = set()
    seen_p: set = {p["name"] for p in ctx.items["products"]}
    extract_enumerations(ctx, seen_t)
    seen_p |= {p["name"] for p in ctx.items["products"]}
    extract_product_phrases(ctx, seen_p)
    extract_component_lists(ctx, seen_p)
    extract_technology_lists(ctx, seen_t)
    extract_single_technologies(ctx, seen_t)
