"""Targets: numbers with units under a year scope (到2025年 …), with qualifiers and ranges."""

from __future__ import annotations

import bisect
import re

from ingest.extract.context import DocContext
from ingest.extract.patterns import load, regex

_BOUND = re.compile(r"[，；。：]")


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _qualifier_before(clause: str, data: dict) -> str | None:
    for q in sorted(data["qualifiers_before"], key=len, reverse=True):
        if clause.endswith(q):
            return q
    return None


def _find_subject(ctx: DocContext, text: str) -> str | None:
    names = sorted({i["name"] for i in ctx.items["industries"]}, key=len, reverse=True)
    for name in names + ["战略性新兴产业", "未来产业", "高新技术产业"]:
        if name in text:
            return name
    return None


def _respective(metric: str | None) -> list[str]:
    """``甲企业和乙企业数量分别`` -> [甲企业数量, 乙企业数量]."""
    if not metric:
        return []
    metric = metric.replace("分别", "")
    parts = [p for p in re.split("和|、|及", metric) if p]
    if len(parts) < 2:
        return []
    tail = re.search("(数量|比重|规模|产值|营业收入)$", parts[-1])
    if tail:
        parts = [p if p.endswith(tail.group(1)) else p + tail.group(1) for p in parts]
    return parts


def _subject_metric(ctx, para: str, cstart: int, vstart: int, vend: int, verbs, base: int):
    """Subject and metric of the value at ``para[vstart:vend]`` whose clause starts at ``cstart``.

    ``甲产业营业收入达到300亿元`` -> (甲产业, 营业收入); ``研发经费年均增长10%`` -> metric
    ``研发经费年均增长``; ``建成30家左右重大平台`` (verb first) -> metric ``重大平台``.
    """
    clause = para[cstart:vstart]
    found = list(verbs.finditer(clause))
    vm = found[-1] if found else None
    if vm is None:
        head = clause
    elif vm.group(0) == "增长":
        head = clause[: vm.end()]
    else:
        head = clause[: vm.start()]
    head = re.sub(r"^(?:到\d{4}年|力争|全市|我市|基本|累计)+", "", head).strip()
    subject = _find_subject(ctx, head)
    metric = re.sub(r"^(?:产业|业)?的?", "", head.replace(subject, "", 1)) if subject else head
    if not metric and vm is not None:
        between = clause[vm.end() :].strip()
        if between:
            metric = between
        else:
            stop = _BOUND.search(para, vend)
            rest = para[vend : stop.start() if stop else len(para)]
            metric = re.sub(r"^(?:左右|以上|以内)?的?", "", rest)
    metric = re.sub(r"(?:基本|力争)+$", "", metric or "").strip() or None
    return subject, metric


def extract_targets(ctx: DocContext) -> None:
    """Quantified targets. Matches ``到2025年，甲产业营业收入达到300亿元；到2027年，达到350亿元左右``
    (two targets, two years), ``分别达到600家和1000家``, ``建成8—10个`` (range: value 8, value_max 10),
    ``比重达到8%左右``. A number after 过 and before 的 (``规模过100亿元的集群5个``) is a threshold, not a
    target; numbers outside any year scope are not targets.
    """
    data = load("targets")
    year_re = regex("targets", "year_regex")
    value_re = regex("targets", "value_regex")
    verbs = re.compile(data["metric_verbs"])
    thresholds = tuple(sorted(data["threshold_before"], key=len, reverse=True))
    after_q = sorted(data["qualifiers_after"], key=len, reverse=True)
    text = ctx.text
    # paragraphs: year scopes do not cross a line
    pos = 0
    for para in text.split("\n"):
        base = pos
        pos += len(para) + 1
        events = [(m.start(), "year", m) for m in year_re.finditer(para)]
        events += [(m.start(), "value", m) for m in value_re.finditer(para)]
        events.sort(key=lambda e: e[0])
        year_spans = [(m.start(), m.end()) for _, k, m in events if k == "year"]
        bounds = [i for i, ch in enumerate(para) if ch in "，；。："]
        year = None
        last_metric = last_subject = None
        by_unit: dict[str, str | None] = {}
        respective: list[str] = []
        counts: dict[int, int] = {}
        for start, kind, m in events:
            if kind == "year":
                year = int(m.group("year"))
                continue
            if year is None:
                continue
            j = bisect.bisect_right(year_spans, (start, len(para))) - 1
            if j >= 0 and year_spans[j][0] <= start < year_spans[j][1]:
                continue
            before = para[max(0, start - 8) : start]
            after = para[m.end() : m.end() + 8]
            if before.endswith(thresholds) and re.match(data["threshold_after_regex"], after):
                continue
            if before.endswith(("〔", "第", "（", "号")) or after.startswith(("号", "月", "日")):
                continue
            b = bisect.bisect_left(bounds, start) - 1
            cstart = bounds[b] + 1 if b >= 0 else 0
            clause = para[cstart:start]
            qualifier = _qualifier_before(clause, data)
            post = next((q for q in after_q if after.startswith(q)), None)
            qual = f"{qualifier}…{post}" if qualifier and post else (qualifier or post)
            subject, metric = _subject_metric(ctx, para, cstart, start, m.end(), verbs, base)
            subject = subject or last_subject or ctx.industry_at(base + start) or data["subject_default"]
            unit = m.group("unit")
            inherited = by_unit.get(unit, last_metric)
            if "分别" in clause:
                parts = _respective(metric)
                if len(parts) >= 2:
                    respective = parts
                k = counts.get(cstart, 0)
                counts[cstart] = k + 1
                metric = respective[k] if respective and k < len(respective) else inherited
            elif not metric:
                metric = inherited
            last_subject, last_metric = subject, metric
            by_unit[unit] = metric
            lo = _number(m.group("lo"))
            item = {
                "subject": subject,
                "year": year,
                "metric": metric or None,
                "value": lo,
                "unit": m.group("unit"),
                "qualifier": qual,
            }
            if m.group("hi"):
                item["value_max"] = _number(m.group("hi"))
            end = m.end() + (len(post) if post else 0)
            ctx.add("targets", item, base + start, base + end)
