"""Projects and programmes: ``建设A、B等项目``, ``甲机械年产3万台…项目``, ``实施…工程 / “…”行动``,
and the companies named inside project names."""

from __future__ import annotations

import re

import jieba

from ingest.extract.context import DocContext
from ingest.extract.lists import clause_start, split_items
from ingest.extract.parks import has_park_suffix, park_kind
from ingest.extract.patterns import load, regex
from ingest.extract.places import county_of, strip_place

_PROPER_MAX_FREQ = 1000


def _known_company_stems(ctx: DocContext) -> list[tuple[str, str]]:
    """``(stem, company)`` for companies found so far; the stem drops a group / legal suffix."""
    out = []
    for c in ctx.items["companies"]:
        name = c["name"]
        out.append((name, name))
        for suffix in ("集团有限公司", "股份有限公司", "有限公司", "集团", "控股", "股份"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.append((name[: -len(suffix)], name[: -len(suffix)]))
    return sorted(out, key=lambda p: len(p[0]), reverse=True)


def company_in_name(ctx: DocContext, project: str) -> str | None:
    """The company a project name starts with: a company already found (or its stem without 集团),
    else a short proper-name prefix before the first generic word (``华岳冷链物流园`` -> 华岳).
    """
    for stem, name in _known_company_stems(ctx):
        if project.startswith(stem) and len(project) > len(stem):
            return name
    generic = load("companies")["project_generic_words"]
    rest = strip_place(project)
    lead = project[: len(project) - len(rest)]
    cut = None
    for i in range(2, min(len(rest), 4) + 1):
        if any(rest.startswith(w, i) for w in generic):
            cut = i
            break
    if cut is None:
        return _rare_first_word(lead, rest)
    prefix = rest[:cut]
    if any(prefix.startswith(w) for w in generic) or not re.fullmatch(r"[\u4e00-\u9fff]+", prefix):
        return None
    tail = rest[cut:]
    if len(rest) <= 6 and tail in load("companies")["company_suffixes"]:
        return project  # 甲乙智能, 甲乙食品: the project is named by the firm itself
    freq = jieba.dt.FREQ
    if freq.get(prefix, 0) > _PROPER_MAX_FREQ:
        return None
    tokens = jieba.lcut(prefix)
    if len(prefix) > 2 and all(freq.get(t, 0) > 50 for t in tokens):
        return None  # made of common words (医用低剂量 …)
    return lead + prefix


def _rare_first_word(lead: str, rest: str) -> str | None:
    """``甲乙癸二酸`` -> 甲乙: a first word unknown to the dictionary followed by known words."""
    tokens = jieba.lcut(rest)
    k = 0
    while k < len(tokens) - 1 and len(tokens[k]) == 1 and k < 3:
        k += 1  # a name the dictionary does not know comes out as single characters: join them
    if k >= 2:
        tokens = ["".join(tokens[:k])] + tokens[k:]
    if len(tokens) < 2 or len(tokens[0]) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", tokens[0]):
        return None
    freq = jieba.dt.FREQ
    if freq.get(tokens[0], 0) > 0 or any(freq.get(t, 0) == 0 for t in tokens[1:]):
        return None
    if re.search(load("companies")["not_company_project_regex"], rest):
        return None  # 甲乙高速某段: a road, not a firm
    return lead + tokens[0]


def _add_in_project_company(ctx: DocContext, name: str, verb: str | None, a: int, b: int) -> None:
    if any(c["name"] == name for c in ctx.items["companies"]):
        return
    ctx.add(
        "companies",
        {"name": name, "industry": ctx.industry_at(a), "verb": verb, "external": False, "in_project": True},
        a,
        b,
    )


def extract_project_lists(ctx: DocContext) -> None:
    """``加快建设A、B和C等一批重点项目``: each item a project; ``支持甲、乙等新材料项目`` (a field before
    项目) is one generic project named by the whole phrase. Items with a park suffix are parks too."""
    pat = regex("terms", "project_regex")
    for sent in ctx.outline.sentences:
        for m in pat.finditer(sent.text):
            verb = m.group("verb")
            mod = m.group("mod")
            cs = clause_start(sent.text, m.start("list"))
            list_start = max(cs, m.start("list"))
            list_text = sent.text[list_start : m.start("mod") - 1]
            if "领域" in mod or "企业" in mod:
                continue
            if mod and mod != "一批" and not mod.startswith("一批"):
                a = sent.start + list_start
                name = sent.text[list_start : m.end()]
                ctx.add(
                    "projects",
                    {"name": name, "company": None, "industry": ctx.industry_at(a), "kind": "project", "generic": True},
                    a,
                    sent.start + m.end(),
                )
                continue
            items = split_items(list_text, conjunctions=("以及", "和"))
            if any(len(t) < 3 or len(t) > 40 or "等" in t for _, _, t in items):
                continue
            for x, y, t in items:
                a, b = sent.start + list_start + x, sent.start + list_start + y
                company = company_in_name(ctx, t)
                ctx.add(
                    "projects", {"name": t, "company": company, "industry": ctx.industry_at(a), "kind": "project"}, a, b
                )
                product = re.sub(r"(?:研发)?(?:及|和)?产业化$", "", t)
                if product != t and len(product) >= 2:
                    ctx.add("products", {"name": product, "industry": ctx.industry_at(a)}, a, a + len(product))
                if company:
                    _add_in_project_company(ctx, company, verb, a, a + len(company))
                if has_park_suffix(t):
                    ctx.add(
                        "parks",
                        {
                            "name": t,
                            "kind": park_kind(t),
                            "industry": ctx.industry_at(a),
                            "specific": True,
                            "county": county_of(t),
                            "rule": "project",
                        },
                        a,
                        b,
                    )


def extract_capacity_projects(ctx: DocContext) -> None:
    """``推动甲乙机械年产3万台智能农机制造项目``: project, its company (甲乙机械) and product (智能农机)."""
    pat = re.compile(
        r"(?P<cap>年产(?:能)?[\d.]+[万亿千百]?[\u4e00-\u9fff]{1,2}?)(?=[\u4e00-\u9fff])(?P<what>[^，。；、]{2,30}?)项目"
    )
    lead = re.compile(
        r"^(?:积极|加快|大力|重点|全力|持续)*(?:推动|推进|建设|实施|支持|加快|抓好|引进|签约|落地|建成|新建|开工|投产|完成)"
    )
    for sent in ctx.outline.sentences:
        for m in pat.finditer(sent.text):
            cs = clause_start(sent.text, m.start())
            head = sent.text[cs : m.start()]
            lm = lead.match(head)
            verb = lm.group(0)[-2:] if lm else None
            company = head[lm.end() :] if lm else head
            if not (2 <= len(company) <= 16) or not re.fullmatch(r"[\u4e00-\u9fff（）]+", company):
                continue
            if lm and lm.end() == len(head):
                continue  # 建成年产6万吨工业硅项目: no firm is named
            a = sent.start + cs + (lm.end() if lm else 0)
            b = sent.start + m.end()
            industry = ctx.industry_at(a)
            ctx.add(
                "projects",
                {
                    "name": sent.text[a - sent.start : m.end()],
                    "company": company,
                    "industry": industry,
                    "kind": "project",
                    "capacity": m.group("cap"),
                },
                a,
                b,
            )
            _add_in_project_company(ctx, company, verb, a, a + len(company))
            what = re.sub(r"(?:制造|生产|加工|建设|扩建|技改)+$", "", m.group("what"))
            if len(what) >= 2:
                pa = sent.start + m.start("what")
                ctx.add("products", {"name": what, "industry": industry}, pa, pa + len(what))


def extract_programs(ctx: DocContext) -> None:
    """Programmes: ``实施“双千兆”网络工程``, ``聚力实施某某科技创新工程``, ``实施某某智能计划``,
    ``建设“星火工厂”``, ``开展“甲”和“乙”行动`` (two), ``的“四有型”科创项目``, ``开展数字工厂、零碳工厂建设``,
    and section headings of the 重大工程 part that end in 工程."""
    data = load("terms")
    seen: set[str] = set()

    def add(name: str, a: int, b: int, generic: bool = False):
        if name in seen:
            return
        seen.add(name)
        item = {"name": name, "company": None, "industry": ctx.industry_at(a), "kind": "program"}
        if generic:
            item["generic"] = True
        ctx.add("projects", item, a, b)

    for sec in ctx.outline.sections:
        has_children = any(c.parent == sec.id for c in ctx.outline.sections)
        if sec.title.endswith(("工程", "行动", "计划")) and sec.id not in ctx.industry_sections and not has_children:
            i = ctx.text.find(sec.title, sec.start)
            add(sec.title, i, i + len(sec.title))
    list_re = regex("terms", "program_list_regex")
    for sent in ctx.outline.sentences:
        for m in list_re.finditer(sent.text):
            head = m.group("head")
            for q in re.finditer(r"“[^”]{1,30}”", m.group("list")):
                a = sent.start + m.start("list") + q.start()
                add(q.group(0) + head, a, a + len(q.group(0)))
        for p in data["program_regexes"]:
            for m in re.finditer(p, sent.text):
                a = sent.start + m.start("name")
                add(m.group("name"), a, sent.start + m.end("name"))
        for m in re.finditer(
            r"(?:开展|推动|鼓励开展|推进)(?P<list>(?:[\u4e00-\u9fff]{2,8}工厂、)+[\u4e00-\u9fff]{2,8}工厂)", sent.text
        ):
            base = sent.start + m.start("list")
            for x, y, t in split_items(m.group("list")):
                add(t, base + x, base + y, generic=True)


def extract_projects(ctx: DocContext) -> None:
    extract_capacity_projects(ctx)
    extract_project_lists(ctx)
    extract_programs(ctx)
