"""Companies named in lists such as ``依托甲乙制药、丙丁生物和戊己科技等企业``."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.context import DocContext
from ingest.extract.lists import clause_start, split_items
from ingest.extract.patterns import load, regex

_BAD_ITEM = re.compile(r"[等的，。；：]|^\d+$|^[A-Za-z]$")


@lru_cache(maxsize=1)
def _verb_res() -> tuple[re.Pattern, re.Pattern]:
    data = load("companies")
    verbs = sorted({v for v in data["verbs"] if v != "以"}, key=len, reverse=True)
    adverbs = sorted(set(data["adverbs"]), key=len, reverse=True)
    verb_alt = "|".join(map(re.escape, verbs))
    adv_alt = "|".join(map(re.escape, adverbs))
    anchored = re.compile(rf"^(?:{adv_alt})*(?P<verb>{verb_alt})(?:与)?")
    anywhere = re.compile(rf"(?P<verb>{verb_alt})(?:与)?")
    return anchored, anywhere


def find_verb(clause: str) -> tuple[str | None, int]:
    """The verb that introduces a list and where the list starts.

    >>> find_verb("积极引导甲乙制药")
    ('引导', 4)
    >>> find_verb("深化与甲乙平台")
    ('深化', 3)
    >>> find_verb("甲乙制药")
    (None, 0)
    """
    anchored, anywhere = _verb_res()
    m = anchored.match(clause)
    if m:
        return m.group("verb").rstrip("与"), m.end()
    last = None
    for m in anywhere.finditer(clause):
        last = m
    if last:
        return last.group("verb").rstrip("与"), last.end()
    return None, 0


def is_generic_actor(name: str) -> bool:
    """Phrases that stand for a kind of actor, not one company.

    >>> is_generic_actor("各电信运营商"), is_generic_actor("知名软件企业"), is_generic_actor("甲乙制药")
    (True, True, False)
    """
    data = load("companies")
    if name in data["generic_whole"]:
        return True
    if any(name.startswith(p) for p in data["generic_prefixes"]):
        return True
    return any(w in name for w in data["generic_contains"])


def has_company_suffix(name: str) -> bool:
    """True when the name ends like a firm (有限公司, 集团, 制药, 科技 …)."""
    return any(name.endswith(s) for s in load("companies")["company_suffixes"])


def _is_external(mod: str, head: str, verb: str | None, clause: str) -> bool:
    data = load("companies")
    if any(w in mod for w in data["external_markers"]) or head in data["external_heads"]:
        return True
    return bool(verb and clause.startswith((verb + "与",)) or re.search(r"(?:深化|加强|推动)与", clause))


def _add_list(
    ctx: DocContext,
    sent,
    list_start: int,
    list_text: str,
    verb: str | None,
    external: bool,
    require_suffix: bool = False,
    institutions_apart: bool = False,
) -> None:
    if list_text.startswith(("了", "着")):
        list_start, list_text = list_start + 1, list_text[1:]  # 引进了甲乙、丙丁等企业
    items = split_items(list_text)
    if not items or any(len(t) < 2 or len(t) > 25 or _BAD_ITEM.search(t) for _, _, t in items):
        return
    if institutions_apart:
        # 依托市科学院、甲乙智库等单位: institutions are not firms; the others must read as names
        inst = regex("companies", "institution_regex")
        items = [it for it in items if not inst.search(it[2])]
        if not items or not all(len(t) <= 10 and not is_generic_actor(t) for _, _, t in items):
            return
    if require_suffix and not all(has_company_suffix(t) for _, _, t in items):
        return
    for x, y, name in items:
        a, b = sent.start + list_start + x, sent.start + list_start + y
        industry = ctx.industry_at(a)
        if is_generic_actor(name):
            ctx.add("generic_actors", {"name": name, "industry": industry}, a, b)
            continue
        ctx.add(
            "companies",
            {"name": name, "industry": industry, "verb": verb, "external": external, "in_project": False},
            a,
            b,
        )


def extract_company_lists(ctx: DocContext) -> None:
    """``VERB A、B和C等(一批)(…)企业`` and ``以A、B为依托``.

    Matches ``依托甲乙制药、丙丁生物和戊己科技等企业``, ``引导甲乙、丙丁及戊己堂等中药企业``,
    ``围绕甲乙重工及丙丁电气等龙头企业``, ``深化与甲乙、丙丁等知名电子商务平台的合作`` (external);
    items such as ``各电信运营商`` go to generic_actors. Lists whose ending names fields
    (``…等领域企业``) or other actors (高校, 机构) are skipped.
    """
    data = load("companies")
    ending = regex("companies", "ending_regex")
    skip_mod = regex("companies", "skip_mod_regex")
    platform_mod = regex("companies", "platform_mod_regex")
    for sent in ctx.outline.sentences:
        text = sent.text
        for m in ending.finditer(text):
            mod, head = m.group("mod"), m.group("head")
            if skip_mod.search(mod) or head in data["not_company_heads"]:
                continue
            if head == "平台" and not platform_mod.search(mod):
                continue
            cs = clause_start(text, m.start())
            clause = text[cs : m.start()]
            verb, offset = find_verb(clause)
            if verb is None and "的" in clause and re.match(r"等\d+家", m.group(0)):
                verb, offset = None, clause.rfind("的") + 1  # 已有全国最大的甲乙等16家企业入驻
            elif verb is None:
                continue
            external = _is_external(mod, head, verb, text[max(0, cs - 2) : m.start()])
            _add_list(ctx, sent, cs + offset, clause[offset:], verb, external, institutions_apart=head == "单位")
        for m in regex("companies", "chain_leader_regex").finditer(text):
            _add_list(ctx, sent, m.start("name"), m.group("name"), "以…为链主", False)
        for m in regex("companies", "capacity_list_regex").finditer(text):
            # 建成甲乙、丙丁等45万千瓦风电: the investors of a power project, short names
            if all(2 <= len(t) <= 6 for _, _, t in split_items(m.group("list"))):
                _add_list(ctx, sent, m.start("list"), m.group("list"), m.group("verb"), False)
        for m in regex("companies", "single_regex").finditer(text):
            a = sent.start + m.start("name")
            if not any(c["_span"][0] <= a < c["_span"][1] for c in ctx.items["companies"]):
                verb = m.group(0)[:2]
                _add_list(ctx, sent, m.start("name"), m.group("name"), verb, False)
        for m in regex("companies", "wrapped_regex").finditer(text):
            verb = "依托" if m.group(0).endswith("依托") else "以…" + m.group(0)[m.end("list") - m.start() :]
            _add_list(ctx, sent, m.start("list"), m.group("list"), verb, False, require_suffix=True)
    _bracket_firms(ctx)


def _bracket_firms(ctx: DocContext) -> None:
    """Firms named as responsible units: ``（责任单位：市工信局、国网某供电公司、某电信分公司）``."""
    firm = regex("companies", "bracket_firm_regex")
    seen = {c["name"] for c in ctx.items["companies"]}
    for dept_item in ctx.cache.get("firm_units", []):
        name, a, b = dept_item
        if firm.search(name) and name not in seen and not is_generic_actor(name):
            seen.add(name)
            ctx.add(
                "companies",
                {"name": name, "industry": ctx.industry_at(a), "verb": "责任单位", "external": False, "in_project": False},
                a,
                b,
            )
