"""Normalize policy-document text while keeping an exact map back to the original.

Every step works on a pair ``(s, o)``: the current text and a list with one original offset per
character plus a final sentinel (``len(original)``). A step replaces spans of ``s``; kept characters
keep their offsets, and a replacement maps to the offsets of the characters it replaces (one to one
when the lengths agree, otherwise every new character maps to the start of the replaced span). So
the map stays exact and never decreases.

Steps, in order:

1. characters: CR LF / CR / LS / PS -> LF; form feed -> a page-break line; zero-width characters,
   soft hyphens and control characters dropped; tabs -> space.
2. width folding: full-width digits, letters and symbols -> ASCII (``２０２５`` -> ``2025``),
   ideographic space -> space, ``．`` after a digit -> ``.``.
3. traditional -> simplified with OpenCC ``t2s``, only when the document is written in traditional
   characters (a simplified document with a stray traditional name such as 鄆城 keeps it).
4. spaces: removed next to CJK characters and Chinese punctuation (``到 2025 年`` -> ``到2025年``),
   collapsed to one between Latin words or numbers.
5. punctuation: ASCII ``( )`` used as Chinese brackets -> ``（ ）``; ASCII ``"…"`` around Chinese ->
   ``“…”``; ``, : ; ? !`` next to Chinese ->
   ``，：；？！`` (not inside numbers: 1,000 / 12:30 / 3.16); dash variants -> ``—`` (``－`` between
   Latin letters -> ``-``); ``A-B``, ``A→B``, ``A➝B`` and ``A—B`` are kept as written.
6. lines: page numbers (``— 3 —``, ``-3-``, ``第3页``) and running headers dropped; hard line breaks
   inside a paragraph removed; every paragraph ends with one ``\\n``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "normalize", "is_cjk"]


@dataclass(frozen=True)
class Normalized:
    """Normalized text with a map back to the original.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in ``original`` of
    normalized character ``i``; the last entry is ``len(original)``.
    """

    text: str
    offsets: tuple[int, ...]
    original: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to a span of the original text.

        >>> n = normalize("到 2025 年")
        >>> n.text
        '到2025年\\n'
        >>> n.original[slice(*n.to_original(1, 5))]
        '2025'
        """
        n = len(self.text)
        if not (0 <= start <= end <= n):
            raise ValueError(f"span ({start}, {end}) is outside the normalized text of length {n}")
        if start == end:
            return self.offsets[start], self.offsets[start]
        o_start = self.offsets[start]
        o_end = max(self.offsets[end - 1] + 1, o_start)
        return o_start, min(o_end, len(self.original))


# ---------------------------------------------------------------------------------------------
# character classes

# Chinese punctuation and other wide marks that sit next to Chinese text.
_WIDE_PUNCT = set("，。、；：？！（）【】〔〕《》〈〉「」『』“”‘’…—～·﹏￥\u3000\u3001\u3002")


_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007"
_CJK_RE = re.compile(f"[{_CJK_CLASS}]")
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_WIDE_RE = re.compile(f"[{_CJK_CLASS}\u2e80-\u2fdf\u3000-\u303f\uff00-\uffef{re.escape(''.join(_WIDE_PUNCT))}]")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (including 〇)."""
    return _CJK_RE.match(ch) is not None


def _is_wide(ch: str) -> bool:
    """CJK ideograph, Chinese punctuation, or another wide (full-width) mark."""
    return bool(ch) and _WIDE_RE.match(ch) is not None


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# ---------------------------------------------------------------------------------------------
# the editing primitive


def _edit(s: str, o: list[int], edits) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits ``(start, end, replacement[, offsets])``."""
    if not edits:
        return s, o
    out: list[str] = []
    oo: list[int] = []
    pos = 0
    for edit in edits:
        st, en, rep = edit[0], edit[1], edit[2]
        ro = edit[3] if len(edit) > 3 else None
        out.append(s[pos:st])
        oo.extend(o[pos:st])
        if rep:
            if ro is None:
                ro = o[st:en] if len(rep) == en - st else [o[st]] * len(rep)
            out.append(rep)
            oo.extend(ro)
        pos = en
    out.append(s[pos:])
    oo.extend(o[pos:])
    return "".join(out), oo


def _sub(pattern: re.Pattern, fn, s: str, o: list[int]) -> tuple[str, list[int]]:
    """Replace each match of ``pattern`` by ``fn(match, s)`` (None keeps the match)."""
    edits = []
    for m in pattern.finditer(s):
        rep = fn(m, s)
        if rep is not None and rep != m.group(0):
            edits.append((m.start(), m.end(), rep))
    return _edit(s, o, edits)


# ---------------------------------------------------------------------------------------------
# step 1: characters

_CONTROL = re.compile(
    "\r\n|[\r\u2028\u2029\x0b\x85]|\f|[\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe]|[\x00-\x08\x0e-\x1f\x7f]|\t"
)


def _clean_chars(s, o):
    def fn(m, _s):
        t = m.group(0)
        if t in ("\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x85"):
            return "\n"
        if t == "\f":
            return "\n\f\n"
        if t == "\t":
            return " "
        return ""

    return _sub(_CONTROL, fn, s, o)


# ---------------------------------------------------------------------------------------------
# step 2: width folding

# Full-width characters folded to ASCII. Chinese punctuation (，：；！？（）［］－．) stays wide here;
# the punctuation step decides about it.
_FOLD = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FOLD.update({c: chr(ord(c) - 0xFEE0) for c in "＃＄％＆＊＋／＜＝＞＠＼＾＿｀｛｜｝＂＇"})
_FOLD["\u3000"] = " "
_FOLD["\u00a0"] = " "
_FOLD["\u2002"] = " "
_FOLD["\u2003"] = " "
_FOLD["\u2009"] = " "
_FOLD["\u202f"] = " "
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD)) + "]|(?<=[0-9０-９])．")


def _fold_width(s, o):
    def fn(m, _s):
        t = m.group(0)
        return "." if t == "．" else _FOLD[t]

    return _sub(_FOLD_RE, fn, s, o)


# ---------------------------------------------------------------------------------------------
# step 3: traditional -> simplified


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# A document counts as traditional when at least this share of its CJK characters change (in a
# traditional text about a quarter to a third do; in a simplified one only stray names such as 鄆城).
_TRADITIONAL_SHARE = 0.1


def _to_simplified(s, o, mode):
    if mode is False or not _CJK_RE.search(s):
        return s, o
    conv = _t2s()
    whole = conv.convert(s)
    if whole == s:
        return s, o
    if len(whole) == len(s):
        if mode is None:
            # decide on a sample: the share of changed characters among the CJK ones
            n = min(len(s), 300_000)
            cjk = sum(map(len, _CJK_RUN.findall(s, 0, n)))
            changed = sum(1 for a, b in zip(s[:n], whole[:n], strict=True) if a != b)
            if changed < max(1, _TRADITIONAL_SHARE * cjk):
                return s, o
        return whole, o
    edits = []
    changed = 0
    cjk = 0
    # The length changed somewhere: convert run by run (runs of CJK characters) so a phrase
    # conversion that changes the length stays local; such a run maps to the run's start.
    for m in _CJK_RUN.finditer(s):
        run = m.group(0)
        cjk += len(run)
        new = conv.convert(run)
        if new != run:
            if len(new) == len(run):
                changed += sum(1 for a, b in zip(run, new, strict=True) if a != b)
            else:
                changed += len(run)
            edits.append((m.start(), m.end(), new))
    if not edits:
        return s, o
    if mode is None and changed < max(1, _TRADITIONAL_SHARE * cjk):
        return s, o
    return _edit(s, o, edits)


# ---------------------------------------------------------------------------------------------
# step 4: spaces

_SPACES = re.compile(r"[ \t]+")


_ARTICLE_NO = re.compile(r"(?<=第)[\d \t]*\d(?=[ \t]*(?:条|章|节|部分|篇))")


def _fix_spaces(s, o):
    def fn(m, s):
        before = s[m.start() - 1] if m.start() > 0 else "\n"
        after = s[m.end()] if m.end() < len(s) else "\n"
        if before == "\n" or after == "\n" or _is_wide(before) or _is_wide(after):
            return ""
        if before.isdigit() and after.isdigit() and _ARTICLE_NO.search(s, max(0, m.start() - 6), m.end() + 4):
            return ""  # 第 1 0 条 -> 第10条
        return " "

    return _sub(_SPACES, fn, s, o)


# ---------------------------------------------------------------------------------------------
# step 5: punctuation


_PARENS = re.compile(r"[()]")


def _fix_brackets(s, o):
    """ASCII ``( )`` used as Chinese brackets -> ``（ ）``; pairs are matched within a line."""
    edits = []
    for line in re.finditer(r"[^\n]+", s):
        a, b = line.span()
        if _PARENS.search(s, a, b) is None:
            continue
        stack: list[int] = []
        pairs: list[tuple[int | None, int | None]] = []
        for m in _PARENS.finditer(s, a, b):
            i = m.start()
            if s[i] == "(":
                stack.append(i)
            else:
                pairs.append((stack.pop() if stack else None, i))
        pairs.extend((i, None) for i in stack)
        for op, cl in pairs:
            wide = False
            if op is not None:
                wide = wide or (op > a and _is_wide(s[op - 1]))
            if cl is not None:
                wide = wide or (cl + 1 < b and _is_wide(s[cl + 1]))
            if op is not None and cl is not None:
                wide = wide or any(is_cjk(c) for c in s[op + 1 : cl])
            elif op is not None:
                wide = wide or (op + 1 < b and _is_wide(s[op + 1]))
            else:
                wide = wide or (cl > a and _is_wide(s[cl - 1]))
            if wide:
                if op is not None:
                    edits.append((op, op + 1, "（"))
                if cl is not None:
                    edits.append((cl, cl + 1, "）"))
    edits.sort()
    return _edit(s, o, edits)


def _fix_quotes(s, o):
    """ASCII double quotes around Chinese text -> “ ”; quotes are paired within a line."""
    edits = []
    for line in re.finditer(r"[^\n]+", s):
        marks = [m.start() for m in re.finditer('"', line.group(0))]
        base = line.start()
        for k in range(0, len(marks) - 1, 2):
            op, cl = base + marks[k], base + marks[k + 1]
            if any(is_cjk(c) for c in s[op + 1 : cl]):
                edits.append((op, op + 1, "“"))
                edits.append((cl, cl + 1, "”"))
    return _edit(s, o, edits)


_ASCII_PUNCT = re.compile(r"[,:;?!]|(?<=[^\x00-\x7f])\.(?=[^\x00-\x7f0-9]|\n|$)")
_WIDE_OF = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。"}


def _fix_punct(s, o):
    def fn(m, s):
        t = m.group(0)
        before = s[m.start() - 1] if m.start() > 0 else ""
        after = s[m.end()] if m.end() < len(s) else ""
        if t == ".":
            return "。" if is_cjk(before) else None
        if before.isdigit() and after.isdigit():
            return None  # 1,000  12:30
        if _is_wide(before) or (_is_wide(after) and not _is_latin(before)):
            return _WIDE_OF[t]
        if t in ",:;" and _is_wide(after):
            return _WIDE_OF[t]
        return None

    return _sub(_ASCII_PUNCT, fn, s, o)


_DASHES = re.compile("[\u2012\u2013\u2015\u2500\u2501\uff0d\u2e3a\u2e3b\ufe58\ufe63]")


def _fix_dashes(s, o):
    def fn(m, s):
        t = m.group(0)
        before = s[m.start() - 1] if m.start() > 0 else ""
        after = s[m.end()] if m.end() < len(s) else ""
        if t in "\uff0d\ufe63" and before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
            return "-"
        if t == "\u2e3a":
            return "——"
        if t == "\u2e3b":
            return "———"
        return "—"

    return _sub(_DASHES, fn, s, o)


# ---------------------------------------------------------------------------------------------
# step 6: lines

# Heading markers at the start of a line: 一、 （一） (一) 1. 1． 1、 （1） (1) ① 第一章 第一节 第一条
HEADING_RE = re.compile(
    r"(?:第[一二三四五六七八九十百零〇]{1,4}(?:章|节|条|部分|篇)"
    r"|第\d{1,3}(?:章|节|条|部分|篇)"
    r"|[一二三四五六七八九十百]{1,3}、"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|\d{1,2}[.．](?![0-9])"
    r"|\d{1,2}、"
    r"|[（(]\d{1,2}[）)]"
    r"|[\u2460-\u2473])"
)
_TERMINAL = set("。；：！？;:!?")
_CLOSING = set("）)】」』”")
_SOFT_PUNCT = set("，、。；：！？,;:")
_PAGE_NO = re.compile(
    r"^(?:[-—–－─―~～]+\s*\d{1,4}\s*[-—–－─―~～]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[-—–－─―]?\s*[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?\s*[-—–－─―]?)$"
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")


def _width(text: str) -> float:
    """Display width in Chinese characters: a wide character counts 1, any other one 1/2."""
    wide = len(_WIDE_RE.findall(text))
    return wide + 0.5 * (len(text) - wide)


def is_heading_line(line: str) -> bool:
    """A line that is only a heading: a marker and a short title (``一、总体要求``, ``（二）主要原则。``)."""
    m = HEADING_RE.match(line)
    if not m:
        return False
    rest = line[m.end() :].rstrip("。.：:")
    return 0 < len(rest) <= 30 and not any(c in "。；;，," for c in rest)


def _find_lines(s: str):
    """Spans ``(start, end)`` of the lines of ``s`` (without their newline)."""
    spans = []
    pos = 0
    for m in re.finditer("\n", s):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(s)))
    return spans


def _drop_lines(lines: list[str]) -> set[int]:
    """Indices of lines to drop: page numbers, page breaks, running headers and footers."""
    drop: set[int] = set()
    breaks: list[int] = []
    for i, line in enumerate(lines):
        t = line.strip()
        if t == "\f":
            drop.add(i)
            breaks.append(i)
        elif _PAGE_NO.match(t):
            drop.add(i)
            breaks.append(i)
    bare = [i for i, line in enumerate(lines) if _BARE_NUMBER.match(line.strip())]
    if len(bare) >= 2:
        values = [int(lines[i].strip()) for i in bare]
        if (
            all(b > a for a, b in zip(values, values[1:], strict=False))
            and values[-1] - values[0] <= 2 * len(values) + 2
        ):
            drop.update(bare)
            breaks.extend(bare)
    if not breaks:
        return drop
    # Running headers and footers: short lines repeated next to page breaks (within two lines).
    breaks.sort()
    near: Counter[str] = Counter()
    for b in breaks:
        seen = set()
        for step in (-1, 1):
            j, k = b + step, 0
            while 0 <= j < len(lines) and k < 2:
                t = lines[j].strip()
                if t and j not in drop:
                    k += 1
                    if len(t) <= 40 and t not in seen and not HEADING_RE.match(t):
                        seen.add(t)
                        near[t] += 1
                j += step
    if not near:
        return drop
    total = Counter(line.strip() for line in lines)
    for t, n in near.items():
        # a header shows on (nearly) every page; the first page's header is not next to a break
        if total[t] >= 2 and n >= max(1, 0.5 * len(breaks)) and total[t] <= n + 1:
            drop.update(i for i, line in enumerate(lines) if line.strip() == t)
    return drop


def _wrap_width(lines: list[str]) -> float | None:
    """The width of a hard-wrapped document's full lines, or None if it is not hard-wrapped."""
    widths = sorted(_width(t) for t in lines if len(t) >= 4)
    if len(widths) < 8:
        return None
    top = widths[int(0.8 * (len(widths) - 1))]
    if top > 60:
        return None
    full = sum(1 for w in widths if top - 2.5 <= w <= top + 1.5)
    return top if full >= 0.4 * len(widths) else None


def _joins(a: str, b: str, wrap: float | None) -> bool:
    """Whether line ``b`` continues the paragraph of line ``a``."""
    if not a or not b:
        return False
    last = a[-1]
    if HEADING_RE.match(b) or is_heading_line(a):
        return False
    full = wrap is not None and _width(a) >= wrap - 3
    if a.count("（") > a.count("）") and last not in "。！？":
        return True  # inside an open bracket: （责任单位：\n市发展改革委…）
    if last in _TERMINAL:
        return False
    if last in _CLOSING:
        return full and wrap is not None and _width(a) >= wrap - 1
    if full or len(a) >= 40:
        return True
    return any(c in _SOFT_PUNCT for c in a)


def _fix_lines(s, o):
    spans = _find_lines(s)
    texts = [s[a:b] for a, b in spans]
    drop = _drop_lines(texts)
    kept = [(a, b) for i, (a, b) in enumerate(spans) if i not in drop and s[a:b].strip()]
    kept = [(a + len(s[a:b]) - len(s[a:b].lstrip()), b - (len(s[a:b]) - len(s[a:b].rstrip()))) for a, b in kept]
    wrap = _wrap_width([s[a:b] for a, b in kept])
    edits = []
    prev_end = 0
    for idx, (a, b) in enumerate(kept):
        if idx == 0:
            if a > 0:
                edits.append((0, a, ""))
        else:
            pa, pb = kept[idx - 1]
            if _joins(s[pa:pb], s[a:b], wrap):
                sep = " " if _is_latin(s[pb - 1]) and _is_latin(s[a]) else ""
            else:
                sep = "\n"
            nl = s.find("\n", pb, a)
            ro = [o[nl if nl >= 0 else pb]] * len(sep)
            edits.append((pb, a, sep, ro))
        prev_end = b
    if kept:
        # every paragraph, the last one too, ends with one newline
        nl = s.find("\n", prev_end)
        edits.append((prev_end, len(s), "\n", [o[nl if nl >= 0 else prev_end]]))
    else:
        edits.append((0, len(s), ""))
    return _edit(s, o, edits)


# ---------------------------------------------------------------------------------------------


def normalize(original: str, *, t2s: bool | None = None) -> Normalized:
    """Normalize a policy document's text; see the module docstring for the steps.

    ``t2s``: True always converts traditional to simplified characters, False never does, None (the
    default) converts when the document is written in traditional characters.

    >>> normalize("到 2025 年, 产值达到 3.16 亿元(左右)").text
    '到2025年，产值达到3.16亿元（左右）\\n'
    """
    if not isinstance(original, str):
        raise TypeError("normalize() takes the decoded text (str)")
    s = original
    o = list(range(len(original) + 1))
    s, o = _clean_chars(s, o)
    s, o = _fold_width(s, o)
    s, o = _to_simplified(s, o, t2s)
    s, o = _fix_dashes(s, o)
    s, o = _fix_brackets(s, o)
    s, o = _fix_quotes(s, o)
    s, o = _fix_spaces(s, o)
    s, o = _fix_punct(s, o)
    s, o = _fix_lines(s, o)
    assert len(o) == len(s) + 1
    o[-1] = len(original)
    return Normalized(text=s, offsets=tuple(o), original=original)
