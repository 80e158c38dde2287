"""Targets: numbers with units under a year scope (到2025年 …), with qualifiers and ranges."""

from __future__ import annotations

import bisect
import re

from ingest.extract.context import DocContext
from ingest.extract.patterns import load, regex
from ingest.normalize import is_heading_line

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


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_number(text: str) -> int | None:
    """A Chinese numeral below ten thousand as an int.

    >>> cn_number("五千"), cn_number("百"), cn_number("两千五百"), cn_number("十二")
    (5000, 100, 2500, 12)
    """
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _doc_year(ctx: DocContext) -> int | None:
    date = getattr(ctx.meta, "date", None)
    return int(date[:4]) if date else None


def _year_events(para: str, data: dict, doc_year: int | None) -> list[tuple[int, int, int]]:
    """``(start, end, year)`` of the year scopes in a paragraph: 到2025年, and bare 2025年 that is
    not part of a date, a range or a name of an earlier year's document."""
    out = [(m.start(), m.end(), int(m.group("year"))) for m in regex("targets", "year_regex").finditer(para)]
    taken = [(a, b) for a, b, _ in out]
    for m in regex("targets", "bare_year_regex").finditer(para):
        if any(a <= m.start() < b for a, b in taken):
            continue
        year = int(m.group("year"))
        if doc_year and year < doc_year:
            continue  # an earlier year: a statistic or a document's name, not a target year
        out.append((m.start(), m.end(), year))
    return sorted(out)


def _value_events(para: str) -> list[tuple[int, int, float, float | None, str]]:
    """``(start, end, value, value_max, unit)`` for the numbers with a unit in a paragraph,
    Chinese numerals after 达到/突破/超过 included (``超过五千亿规模`` -> 5000 亿)."""
    out = []
    for m in regex("targets", "value_regex").finditer(para):
        hi = _number(m.group("hi")) if m.group("hi") else None
        out.append((m.start(), m.end(), _number(m.group("lo")), hi, m.group("unit")))
    for m in regex("targets", "cn_value_regex").finditer(para):
        value = cn_number(m.group("cn"))
        if value:
            unit = m.group("unit") + ("元" if m.group("yuan") else "")
            out.append((m.start("cn"), m.end(), value, None, unit))
    return sorted(out)


def extract_targets(ctx: DocContext) -> None:
    """Quantified targets. Matches ``到2025年，甲产业营业收入达到300亿元；到2027年，达到350亿元左右``
    (two targets, two years), ``2025年签约投资额2亿元`` (a bare year), ``分别达到600家和1000家``,
    ``建成8—10个`` (range: value 8, value_max 10), ``比重达到8%左右``, ``超过五千亿规模`` (5000 亿).
    A number after 过 and before 的 (``规模过100亿元的集群5个``) or right after a count
    (``6个500亿元重点产业集群``) is a threshold, not a target. A year stated in a lead-in paragraph
    without numbers (``到2025年，初步建成…``) holds for the paragraphs after it up to the next heading.
    Numbers outside any year scope are targets only in a goal sentence (力争全年…, 年升规企业…),
    with year null; past statistics (同比, 以来 …) are not targets.
    """
    data = load("targets")
    verbs = re.compile(data["metric_verbs"])
    thresholds = tuple(sorted(data["threshold_before"], key=len, reverse=True))
    after_q = sorted(data["qualifiers_after"], key=len, reverse=True)
    past = tuple(data["past_markers"])
    cues = tuple(data["undated_cues"])
    undated_words = re.compile(data["undated_year_words"])
    descriptor = regex("targets", "descriptor_before_regex")
    subject_verbs = regex("targets", "subject_count_verbs")
    doc_year = _doc_year(ctx)
    text = ctx.text
    carried: int | None = None
    pos = 0
    for para in text.split("\n"):
        base = pos
        pos += len(para) + 1
        if is_heading_line(para.strip()):
            carried = None
        years = _year_events(para, data, doc_year)
        values = _value_events(para)
        if years and not values:
            carried = years[-1][2]  # a lead-in: its year holds for the paragraphs that follow
            continue
        events = [(a, "year", (a, b, y)) for a, b, y in years] + [(v[0], "value", v) for v in values]
        events.sort(key=lambda e: (e[0], e[1] != "year"))
        year_spans = [(a, b) for a, b, _ in years]
        bounds = [i for i, ch in enumerate(para) if ch in "，；。："]
        sent_bounds = [i for i, ch in enumerate(para) if ch in "。；"]
        year = carried
        last_metric = last_subject = None
        by_unit: dict[str, str | None] = {}
        respective: list[str] = []
        counts: dict[int, int] = {}
        for start, kind, ev in events:
            if kind == "year":
                year = ev[2]
                continue
            _s, end, lo, hi, unit = ev
            j = bisect.bisect_right(year_spans, (start, len(para))) - 1
            if j >= 0 and year_spans[j][0] <= start < year_spans[j][1]:
                continue
            before = para[max(0, start - 8) : start]
            after = para[end : end + 8]
            if before.endswith(thresholds) and re.match(data["threshold_after_regex"], after):
                continue
            if re.match(r"^(?:及)?以[上下]的|^以上\d|^(?:及)?以[上下](?:至|到)", after):
                continue  # 投资额1000万元及以上的项目: an eligibility threshold
            if before.endswith(("〔", "第", "（", "号")) or after.startswith(("号", "月", "日")):
                continue
            sent_start = sent_bounds[bisect.bisect_left(sent_bounds, start) - 1] + 1 if bisect.bisect_left(sent_bounds, start) else 0
            if (before.endswith("等") and not verbs.search(para[sent_start:start])) or after.startswith("的"):
                continue  # 等5条高速公路 (the size of a list), 总投资794亿元的项目 (an attribute)
            if descriptor.search(before):
                continue  # 6个500亿元重点产业集群: the count is the target, the amount describes it
            b = bisect.bisect_left(bounds, start) - 1
            cstart = bounds[b] + 1 if b >= 0 else 0
            cend = bounds[b + 1] if b + 1 < len(bounds) else len(para)
            nxt = next((v for v in values if end <= v[0] < cend), None)
            if nxt is not None and subject_verbs.search(para[end : nxt[0]]) and not verbs.search(para[cstart:start]):
                continue  # 54个项目完成年度投资149亿元: the first number belongs to the subject
            clause = para[cstart:start]
            k = bisect.bisect_left(sent_bounds, start) - 1
            sentence = para[(sent_bounds[k] + 1 if k >= 0 else 0) : start]
            if any(w in clause for w in past):
                continue
            target_year = year
            if target_year is None:
                # no year scope: a target only in a goal sentence (力争全年…, 年升规工业企业…)
                if not (sentence.startswith(cues) or undated_words.search(sentence) or any(c in sentence for c in cues[:4])):
                    continue
                post_q = any(after.startswith(q) for q in after_q)
                if not (verbs.search(clause) or _qualifier_before(clause, data) or post_q or any(c in clause for c in cues)):
                    continue
            qualifier = _qualifier_before(clause, data)
            post = next((q for q in after_q if after.startswith(q)), None)
            qual = f"{qualifier}…{post}" if qualifier and post else (qualifier or post)
            subject, metric = _subject_metric(ctx, para, cstart, start, end, verbs, base)
            subject = subject or last_subject or ctx.industry_at(base + start) or data["subject_default"]
            inherited = by_unit.get(unit, last_metric)
            if "分别" in clause:
                parts = _respective(metric)
                if len(parts) >= 2:
                    respective = parts
                n = counts.get(cstart, 0)
                counts[cstart] = n + 1
                metric = respective[n] if respective and n < len(respective) else inherited
            elif not metric:
                metric = inherited
            last_subject, last_metric = subject, metric
            by_unit[unit] = metric
            item = {
                "subject": subject,
                "year": target_year,
                "metric": metric or None,
                "value": lo,
                "unit": unit,
                "qualifier": qual,
            }
            if hi is not None:
                item["value_max"] = hi
            stop = end + (len(post) if post else 0)
            ctx.add("targets", item, base + start, base + stop)
