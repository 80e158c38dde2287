"""The order of the gaps: which missing or weak link matters most to this city (pure).

One rule, here only, used by the gap page and whatever else ranks gaps. A gap link's priority (0–100)
adds up five parts, each with its reason in Chinese:

- **status** (35): 缺链 counts fully, 弱链 at 60%. 待核实 is no gap: a company of the chain may sit on the
  link and nobody has said so, so it is a review task (:func:`is_task`) and gets no priority;
  强链 gets none either.
- **the city's own policy for the industry** (30): the largest money target the documents set for
  the industry or the sector above it (营业收入 / 产值 … in 亿元; relative to the city's largest, by
  square root so that a 300亿 industry is not a tenth of a 1,000亿 one), and how much the documents
  say about it (facts with a sentence: named companies, parks, departments, technologies, products,
  projects; relative to the most written-about industry).
- **链主 wording** (10): the documents ask for a 链主 (chain-leader) firm in the industry or in the
  sentences behind the link.
- **criticality** (15): the link's betweenness in the network of all chains, relative to the largest;
  a generic name shared by many chains (应用, 材料, 设备 …) is worth a third of its score there,
  because the shared name, not the link, makes it central.
- **recruitable** (10): the national pool has companies making the link's product (more when one
  recruit also closes other gaps); a gap nobody can be recruited for ranks below one that can.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WEIGHTS = {"status": 35, "policy": 30, "leader": 10, "criticality": 15, "recruitable": 10}
STATUS_SHARE = {"缺链": 1.0, "弱链": 0.6}
TASK_STATUS = "待核实"
# Link names that mean something only in their chain (the general lexicon's stage words); any name
# shared by SHARED_CHAINS or more chains counts as generic too.
GENERIC_NAMES = frozenset({"材料", "原料", "设备", "装备", "集成", "应用", "服务", "制造", "研发", "检测", "销售",
                           "运营", "终端", "部件", "零部件", "配套", "系统", "产品"})
SHARED_CHAINS = 3
GENERIC_SHARE = 1 / 3
MONEY_UNITS = {"亿元": 1.0, "万元": 1e-4, "元": 1e-8}
CHAIN_LEADER = "链主"


@dataclass(frozen=True)
class Policy:
    """What the documents say about one industry (and the sector above it)."""

    target_yi: float = 0.0       # the largest money target, in 亿元
    target_text: str = ""        # that target as the documents put it
    facts: int = 0               # facts with a sentence about the industry
    chain_leader: bool = False   # the documents ask for a 链主 firm


@dataclass
class Priority:
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)  # the same reasons in a few characters, for tables

    @property
    def why(self) -> str:
        return "；".join(self.reasons)


def is_task(status: str | None) -> bool:
    """A 待核实 link is a review task, not a gap.

    >>> is_task("待核实"), is_task("缺链")
    (True, False)
    """
    return status == TASK_STATUS


def money_yi(value, unit: str | None) -> float | None:
    """A target value in 亿元, or None when it is no money amount.

    >>> money_yi(1000, "亿元"), money_yi(5000, "万元"), money_yi(30, "%")
    (1000.0, 0.5, None)
    """
    factor = MONEY_UNITS.get((unit or "").strip())
    if factor is None or not isinstance(value, (int, float)):
        return None
    return float(value) * factor


def policies(targets: list[dict], industries: list[dict], parents: dict[str, list[str]]) -> dict[str, Policy]:
    """Each industry's :class:`Policy`, a segment inheriting its sector's targets and 链主 wording.

    ``targets``: rows with ``owner``, ``year``, ``metric``, ``value``, ``unit`` (graph.targets.targets);
    ``industries``: rows with ``industry``, ``facts``, ``chain_leader_sentences`` (cypher
    priority_industries); ``parents``: industry -> the industries above it.

    >>> p = policies([{"owner": "医药", "year": 2025, "metric": "集群产值", "value": 1000, "unit": "亿元"}],
    ...              [{"industry": "化学药", "facts": 12, "chain_leader_sentences": 0},
    ...               {"industry": "医药", "facts": 3, "chain_leader_sentences": 1}], {"化学药": ["医药"]})
    >>> p["化学药"].target_yi, p["化学药"].target_text, p["化学药"].facts, p["化学药"].chain_leader
    (1000.0, '医药 2025年集群产值 1000亿元', 12, True)
    """
    best: dict[str, tuple[float, str]] = {}
    for t in targets:
        amount = money_yi(t.get("value"), t.get("unit"))
        owner = t.get("owner")
        if amount is None or not owner:
            continue
        value = t.get("value")
        shown = f"{owner} {t.get('year') or ''}年{t.get('metric') or ''} {value:g}{t.get('unit')}".replace(" 年", " ")
        if amount > best.get(owner, (0.0, ""))[0]:
            best[owner] = (amount, shown)
    own = {r["industry"]: r for r in industries}
    out = {}
    for name in set(own) | set(best) | set(parents):
        line = [name, *parents.get(name, [])]
        amount, shown = max((best.get(x, (0.0, "")) for x in line), key=lambda a: a[0])
        leader = any((own.get(x) or {}).get("chain_leader_sentences") for x in line)
        out[name] = Policy(amount, shown, int((own.get(name) or {}).get("facts") or 0), bool(leader))
    return out


def shared_names(links: list[dict]) -> dict[str, int]:
    """How many chains have a link of each name (``links``: rows with ``chain`` and ``link``).

    >>> shared_names([{"chain": "a", "link": "应用"}, {"chain": "b", "link": "应用"}, {"chain": "b", "link": "电芯"}])
    {'应用': 2, '电芯': 1}
    """
    chains: dict[str, set] = {}
    for row in links:
        chains.setdefault(row["link"], set()).add(row["chain"])
    return {name: len(found) for name, found in chains.items()}


def is_generic(name: str, shared: int) -> bool:
    """>>> is_generic("应用", 1), is_generic("电芯", 1), is_generic("电芯", 3)
    (True, False, True)
    """
    return name in GENERIC_NAMES or shared >= SHARED_CHAINS


def priority(row: dict, policy: Policy, *, top_target: float, top_facts: int, top_criticality: float,
             shared: int = 1) -> Priority:
    """The priority of one gap link.

    ``row``: ``status``, ``link``, ``criticality``, ``candidate_count``, ``best_closes``, and
    optionally ``evidence`` (sentences); the ``top_*`` values are the largest over the city (for scale).

    >>> big = Policy(1000.0, "医药 2025年集群产值 1000亿元", 20, False)
    >>> p = priority({"status": "缺链", "link": "中间体", "criticality": 0.1, "candidate_count": 5, "best_closes": 2},
    ...              big, top_target=1000.0, top_facts=20, top_criticality=0.1)
    >>> round(p.score), p.reasons[0], p.reasons[1]
    (89, '缺链', '产业目标: 医药 2025年集群产值 1000亿元')
    >>> priority({"status": "待核实", "link": "中间体"}, big, top_target=1000.0, top_facts=20, top_criticality=0.1).score
    0.0
    """
    status = row.get("status") or ""
    if status not in STATUS_SHARE:
        why = "待核实: 先核实本地企业是否在此环节" if is_task(status) else status
        return Priority(0.0, {}, [why] if why else [], ["先核实"] if is_task(status) else [])
    parts, reasons, short = {}, [status], []
    parts["status"] = WEIGHTS["status"] * STATUS_SHARE[status]

    target = math.sqrt(policy.target_yi / top_target) if top_target > 0 and policy.target_yi > 0 else 0.0
    facts = policy.facts / top_facts if top_facts > 0 else 0.0
    parts["policy"] = WEIGHTS["policy"] * (0.6 * target + 0.4 * min(facts, 1.0))
    if policy.target_text:
        reasons.append(f"产业目标: {policy.target_text}")
        short.append(f"目标 {policy.target_yi:g}亿")
    if policy.facts:
        reasons.append(f"文件写到该产业 {policy.facts} 处")
        short.append(f"文件 {policy.facts} 处")

    evidence = " ".join(row.get("evidence") or [])
    leader = policy.chain_leader or CHAIN_LEADER in evidence
    parts["leader"] = WEIGHTS["leader"] if leader else 0.0
    if leader:
        reasons.append("文件要求培育或引进链主企业")
        short.append("链主")

    crit = row.get("criticality") or 0.0
    generic = is_generic(row.get("link") or "", shared)
    scale = crit / top_criticality if top_criticality > 0 else 0.0
    parts["criticality"] = WEIGHTS["criticality"] * min(scale, 1.0) * (GENERIC_SHARE if generic else 1.0)
    if crit:
        reasons.append(f"关键度 {crit:.2f}" + (" (泛称环节, 按三分之一计)" if generic else ""))
        short.append(f"关键度 {crit:.2f}" + ("(泛称)" if generic else ""))

    count, closes = row.get("candidate_count") or 0, row.get("best_closes") or 0
    if count:
        parts["recruitable"] = WEIGHTS["recruitable"] * (0.7 + 0.3 * min(closes, 3) / 3)
        reasons.append(f"有 {count} 家候选" + (f", 最多一家可补 {closes} 个缺口" if closes > 1 else ""))
        short.append(f"候选 {count}")
    else:
        parts["recruitable"] = 0.0
        reasons.append("全国企业库中没有候选")
        short.append("无候选")
    return Priority(round(sum(parts.values()), 1), parts, reasons, short)


def rank(rows: list[dict], policy_of: dict[str, Policy]) -> list[dict]:
    """Gap rows with ``priority`` and ``why``, gaps by priority first, then the 待核实 tasks, then the rest
    (``rows``: views.gap_rows-like dicts with ``industry``, ``chain``, ``link``, ``status``, …).

    >>> rows = [{"industry": "甲", "chain": "c", "link": "应用", "status": "缺链", "criticality": 0.9},
    ...         {"industry": "乙", "chain": "d", "link": "电芯", "status": "缺链", "criticality": 0.3,
    ...          "candidate_count": 4},
    ...         {"industry": "乙", "chain": "d", "link": "材料", "status": "待核实"}]
    >>> [(r["link"], r["priority"]) for r in rank(rows, {"乙": Policy(500.0, "乙 500亿元", 10)})]
    [('电芯', 77.0), ('应用', 40.0), ('材料', 0.0)]
    """
    shared = shared_names(rows)
    empty = Policy()
    top_target = max((p.target_yi for p in policy_of.values()), default=0.0)
    top_facts = max((p.facts for p in policy_of.values()), default=0)
    top_crit = max((r.get("criticality") or 0.0 for r in rows), default=0.0)
    out = []
    for row in rows:
        p = priority(row, policy_of.get(row.get("industry") or "", empty), top_target=top_target,
                     top_facts=top_facts, top_criticality=top_crit, shared=shared.get(row.get("link") or "", 1))
        out.append({**row, "priority": p.score, "why": p.why, "why_short": " · ".join(p.short),
                    "priority_parts": p.parts})
    order = {"缺链": 0, "弱链": 0, TASK_STATUS: 1}
    out.sort(key=lambda r: (order.get(r.get("status") or "", 2), -r["priority"], r.get("industry") or "",
                            r.get("chain") or "", r.get("position") or 0))
    return out
