"""Enumerations: split ``A、B和C`` into items, and trim clause prefixes such as verbs."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
CONJUNCTIONS = ("以及", "和", "与", "及", "或")


def _balanced_split(text: str, seps: str) -> list[tuple[int, int]]:
    """Split at any character of ``seps`` outside brackets and quotes; spans relative to text."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(“《「":
            depth += 1
        elif ch in "）)”》」":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


def _split_conjunction(text: str, conjunctions, ji_min_right: int) -> list[tuple[int, int]]:
    """Split one segment at its first usable conjunction (both sides at least two characters)."""
    for conj in conjunctions:
        pos = 0
        while True:
            i = text.find(conj, pos)
            if i < 0:
                break
            left, right = text[:i], text[i + len(conj) :]
            min_right = ji_min_right if conj == "及" else 2
            if len(left) >= 2 and len(right) >= min_right and _CJK.search(right[:1] or "x"):
                return [(0, i), (i + len(conj), len(text))]
            pos = i + 1
    return [(0, len(text))]


def split_items(
    text: str,
    *,
    conjunctions=("以及", "和", "与", "及"),
    ji_min_right: int = 2,
    seps: str = "、",
) -> list[tuple[int, int, str]]:
    """Items of an enumeration as ``(start, end, text)`` relative to ``text``.

    Only the last segment is split at a conjunction, so a name that begins with one stays whole.

    >>> [t for _, _, t in split_items("甲乙制药、丙丁生物和戊己科技")]
    ['甲乙制药', '丙丁生物', '戊己科技']
    >>> [t for _, _, t in split_items("星创科技、和润电子、云海传感")]
    ['星创科技', '和润电子', '云海传感']
    >>> [t for _, _, t in split_items("华远制药及春和堂")]
    ['华远制药', '春和堂']
    >>> [t for _, _, t in split_items("耐火陶瓷及制品和耐热密封胶条", conjunctions=("和", "及"), ji_min_right=4)]
    ['耐火陶瓷及制品', '耐热密封胶条']
    """
    spans = _balanced_split(text, seps)
    out: list[tuple[int, int, str]] = []
    for k, (a, b) in enumerate(spans):
        parts = [(a, b)]
        if k == len(spans) - 1 and conjunctions:
            parts = [(a + x, a + y) for x, y in _split_conjunction(text[a:b], conjunctions, ji_min_right)]
        for x, y in parts:
            while x < y and text[x].isspace():
                x += 1
            while y > x and text[y - 1].isspace():
                y -= 1
            out.append((x, y, text[x:y]))
    return out


def strip_prefix(text: str, pattern: re.Pattern) -> int:
    """How many leading characters ``pattern`` (anchored, applied repeatedly) removes."""
    pos = 0
    while True:
        m = pattern.match(text, pos)
        if not m or m.end() == pos:
            return pos
        pos = m.end()


def clause_start(sentence: str, pos: int, boundaries: str = "，。；：！？,;:") -> int:
    """Start of the clause that holds ``pos``: after the last boundary mark before it (outside brackets)."""
    depth = 0
    for i in range(pos - 1, -1, -1):
        ch = sentence[i]
        if ch in "）)”》」":
            depth += 1
        elif ch in "（(“《「":
            if depth == 0:
                if ch == "（" or ch == "(":
                    return i + 1
                continue
            depth -= 1
        elif ch in boundaries and depth == 0:
            return i + 1
    return 0


def common_prefix(items: list[str]) -> str:
    """The longest prefix shared by all items.

    >>> common_prefix(["低空器材制造", "低空器材服务"])
    '低空器材'
    """
    if not items:
        return ""
    first = items[0]
    n = 0
    while n < len(first) and all(len(x) > n and x[n] == first[n] for x in items):
        n += 1
    return first[:n]
