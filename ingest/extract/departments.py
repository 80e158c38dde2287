"""Responsible departments from the brackets that close a section, and from inline 牵头单位."""

from __future__ import annotations

import re

from ingest.extract.context import DocContext
from ingest.extract.patterns import load, regex

_LABEL = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,6}?单位|[\u4e00-\u9fff]{2,4}部门)[：:]")


def is_department(name: str) -> bool:
    """A government body's name.

    >>> [is_department(n) for n in ("市发展改革委", "各县区人民政府", "人民银行某市分行", "甲乙制药")]
    [True, True, True, False]
    """
    return bool(regex("departments", "name_regex").match(name)) and not name.endswith(("集团", "公司"))


def parse_bracket(body: str) -> list[tuple[str, str, int, int]]:
    """``(name, role, start, end)`` for every unit in a responsibility bracket's text.

    >>> [(n, r) for n, r, _, _ in parse_bracket("牵头单位：市科技局；配合单位：市财政局、市商务局")]
    [('市科技局', 'lead'), ('市财政局', 'support'), ('市商务局', 'support')]
    >>> [(n, r) for n, r, _, _ in parse_bracket("市发展改革委、市统计局等部门按职责分工负责")]
    [('市发展改革委', 'responsible'), ('市统计局', 'responsible')]
    """
    data = load("departments")
    roles = data["role_labels"]
    tail = regex("departments", "tail_regex")
    seps = re.compile(data["separators"])
    # role groups: split at labels such as 牵头单位： / 配合单位：
    groups: list[tuple[str, int, int]] = []
    labels = list(_LABEL.finditer(body))
    if labels:
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(body)
            role = roles.get(m.group("label"), "responsible")
            groups.append((role, m.end(), end))
    else:
        groups.append(("responsible", 0, len(body)))
    lead_suffix = regex("departments", "lead_suffix")
    support_prefix = regex("departments", "support_prefix")
    out = []
    for role, a, b in groups:
        seg = _protect(body[a:b])
        t = tail.search(seg)
        seg_end = t.start() if t else len(seg)
        pos = 0
        for piece in seps.split(seg[:seg_end]):
            start = seg.find(piece, pos)
            pos = start + len(piece)
            for x, name in _split_and(piece):
                lead = name.strip()
                name = re.sub(r"^(?:由|和|及|与)", "", lead)
                off = start + x + (len(lead) - len(name))
                piece_role = role
                if role == "responsible" and lead_suffix.search(name):
                    name, piece_role = lead_suffix.sub("", name), "lead"
                elif role == "responsible" and (m := support_prefix.match(name)):
                    name, piece_role, off = name[m.end() :], "support", off + m.end()
                if name:
                    out.append((name.replace("\x00", "、"), piece_role, a + off, a + off + len(name)))
    return out


def _protect(text: str) -> str:
    """Hide the 、 inside generic units (各县（市、区）政府, 各县、区人民政府) so they are not split."""
    return regex("departments", "generic_unit_regex").sub(lambda m: m.group(0).replace("、", "\x00"), text)


def _split_and(piece: str) -> list[tuple[int, str]]:
    """``市发改委和各区县政府`` -> two units when both sides are departments; else the piece whole."""
    for m in re.finditer("[和及与]", piece):
        left, right = piece[: m.start()], piece[m.end() :]
        left_name = re.sub(r"^(?:会同|配合|协同)", "", left.strip())
        if len(left) >= 3 and len(right) >= 3 and is_department(left_name) and is_department(right.replace("\x00", "、").removesuffix("牵头")):
            return [(0, left), (m.end(), right)]
    return [(0, piece)]


def _record(ctx: DocContext, found: dict, name: str, role: str, order: int, target: str | None, a: int, b: int):
    item = found.get(name)
    if item is None:
        item = ctx.add("departments", {"name": name, "responsible_for": [], "roles": []}, a, b)
        found[name] = item
    if target and target not in item["responsible_for"]:
        item["responsible_for"].append(target)
    item["roles"].append({"target": target, "role": role, "order": order, "evidence": ctx.evidence(a, b)})


def extract_departments(ctx: DocContext) -> None:
    """Units in ``（市发展改革委、市统计局等部门按职责分工负责）``, ``（责任单位：…）``,
    ``（牵头单位：…；配合单位：…）`` and inline ``牵头单位为市科技局`` / ``市科技局为牵头单位`` /
    ``由市科技局牵头``.

    Each unit is responsible for the industry of the bracket's section, or for the section's title
    (重大工程, 重点任务 …).
    """
    data = load("departments")
    markers = data["bracket_markers"]
    found: dict[str, dict] = {}
    text = ctx.text
    bracket_spans: list[tuple[int, int]] = []
    brackets = list(re.finditer(r"（([^（）]|（[^（）]*）){2,600}?）", text))
    brackets += re.finditer(r"[\[【]([^\[\]【】]){2,600}?[\]】]", text)
    for m in brackets:
        body = m.group(0)[1:-1]
        if not any(w in body for w in markers):
            continue
        units = parse_bracket(body)
        if not units or not all(is_department(n) for n, *_ in units):
            # firms among the responsible units (国网某供电公司) are kept for the company rules
            firms = [u for u in units if re.search(r"(?:集团|公司)$", u[0]) and len(u[0]) <= 25]
            ctx.cache.setdefault("firm_units", []).extend(
                (n, m.start() + 1 + a, m.start() + 1 + b) for n, _r, a, b in firms
            )
            units = [u for u in units if is_department(u[0])]
            if not units:
                continue
        bracket_spans.append((m.start(), m.end()))
        target = ctx.section_target(m.start())
        counters: dict[str, int] = {}
        for name, role, a, b in units:
            counters[role] = counters.get(role, 0) + 1
            _record(ctx, found, name, role, counters[role], target, m.start() + 1 + a, m.start() + 1 + b)
    inline = (
        (regex("departments", "inline_regex"), None),
        (regex("departments", "inline_after_regex"), None),
        (regex("departments", "inline_lead_regex"), "lead"),
    )
    for pat, fixed_role in inline:
        for m in pat.finditer(text):
            if any(a <= m.start() < b for a, b in bracket_spans):
                continue  # already read as a bracket
            role = fixed_role or data["role_labels"].get(m.group("role"), "responsible")
            target = ctx.section_target(m.start())
            body_start = m.start("body")
            body = re.sub(r"(?:共同)?担任$", "", m.group("body"))
            for k, (name, _r, a, b) in enumerate(parse_bracket(body), start=1):
                if is_department(name):
                    _record(ctx, found, name, role, k, target, body_start + a, body_start + b)
    _running(ctx, found, bracket_spans)


def _running(ctx: DocContext, found: dict, bracket_spans) -> None:
    """Departments named in running text: ``市商务局负责…``, ``各县（市、区）局要…``,
    ``请径向省发展改革委反映``. Each is responsible for the section it is named in."""
    text = ctx.text
    for pat in (re.compile(p) for p in load("departments")["running_regexes"]):
        for m in pat.finditer(text):
            a, b = m.start("name"), m.end("name")
            if any(x <= a < y for x, y in bracket_spans):
                continue
            name = m.group("name")
            if not is_department(name) or _is_issuer_line(text, a):
                continue
            role = "lead" if m.groupdict().get("verb") == "牵头" else "responsible"
            sec = ctx.outline.section_at(a)
            target = ctx.section_target(a) if sec else None
            _record(ctx, found, name, role, 1, target, a, b)


def _is_issuer_line(text: str, pos: int) -> bool:
    """True inside the addressee line or the signature (a line of names only)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)]
    return line.endswith(("：", ":")) or not re.search(r"[，。；]", line)
