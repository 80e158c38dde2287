"""The section tree and the sentences of a normalized policy document.

Headings are paragraphs (lines) that start with a numbering marker. These numbering styles are known:

    ===========  ========================  ==========================
    style        markers                   usual depth
    ===========  ========================  ==========================
    cn           一、 二、                  1
    cn_paren     （一） (一)                2
    arabic       1. 1． 1、                 3
    arabic_paren （1） (1)                  4
    circled      ① ②                        5
    chapter      第一章 第一部分 第一篇       (before 一、 when used)
    cn_section   第一节
    article      第一条                     (run-in: 第一条 为了…)
    ===========  ========================  ==========================

Styles nest in the order the document uses them, not by a fixed table: a heading whose style is
already open closes everything below that style (a sibling); a style not open yet becomes a child
of the innermost open heading. So a document that goes from ``二、`` straight to ``1.`` gives the
``1.`` sections depth 2. ``Section.level`` is that depth (1 = top).

Sentences end at 。；！？ and at the end of a paragraph, never inside brackets or quotes
(department brackets hold 、 and ；).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.normalize import HEADING_RE

__all__ = ["Section", "Sentence", "Outline", "parse_outline", "heading_style", "body_end"]


@dataclass(frozen=True)
class Section:
    id: str  # "2", "2.1", "2.1.3": position among siblings, joined by dots
    marker: str  # the numbering as written: "二、", "（一）", "1.", "（1）", "1、"
    title: str  # heading text without marker and trailing 。; run-in "1.现代中药。借助…" -> "现代中药"
    level: int  # depth in the tree, 1 = top
    start: int  # normalized offset of the heading
    end: int  # end of the section's extent (exclusive)
    parent: str | None
    path: tuple[str, ...]  # titles from the top section down to this one


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    section_id: str | None


@dataclass(frozen=True)
class Outline:
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_starts", tuple(s.start for s in self.sections))

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose extent holds ``offset``, or None (title block, signature)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0:
            sec = self.sections[i]
            if sec.start <= offset < sec.end:
                return sec
            i -= 1
        return None

    def path_at(self, offset: int) -> tuple[str, ...]:
        """Titles of the sections holding ``offset``, top first; () outside every section."""
        sec = self.section_at(offset)
        return sec.path if sec else ()

    def section(self, section_id: str) -> Section:
        """The section with this id (KeyError if there is none)."""
        for sec in self.sections:
            if sec.id == section_id:
                return sec
        raise KeyError(section_id)

    def sentences_in(self, section_id: str) -> tuple[Sentence, ...]:
        """Sentences within the extent of a section, its subsections included."""
        sec = self.section(section_id)
        return tuple(s for s in self.sentences if sec.start <= s.start < sec.end)


# ---------------------------------------------------------------------------------------------


def heading_style(marker: str) -> str:
    """The numbering style of a heading marker.

    >>> [heading_style(m) for m in ("二、", "（一）", "(一)", "1.", "1、", "（1）", "①", "第二章", "第三条")]
    ['cn', 'cn_paren', 'cn_paren', 'arabic', 'arabic', 'arabic_paren', 'circled', 'chapter', 'article']
    """
    if marker[0] == "第":
        return {"节": "cn_section", "条": "article"}.get(marker[-1], "chapter")
    if "\u2460" <= marker[0] <= "\u2473":
        return "circled"
    if marker[0] in "（(":
        return "arabic_paren" if marker[1] in "0123456789" else "cn_paren"
    if marker[0] in "0123456789":
        return "arabic"
    return "cn"


_TITLE_END = re.compile(r"[。！？；：]")
_CLAUSE_END = re.compile(r"[。！？；：，]")  # an article (第一条 为了…，…) is named by its first clause
_DATE_LINE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)


def _title(rest: str, style: str = "") -> str:
    rest = rest.strip()
    m = (_CLAUSE_END if style == "article" else _TITLE_END).search(rest)
    if m and m.start() <= 40:
        return rest[: m.start()].strip()
    if len(rest) <= 40:
        return rest.rstrip("。.").strip()
    m = re.search(r"[，,]", rest)
    if m and m.start() <= 40:
        return rest[: m.start()].strip()
    return rest[:40]


def _lines(text: str):
    pos = 0
    for m in re.finditer("\n", text):
        yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def body_end(text: str) -> int:
    """Where the body ends: the start of the signature block (issuer line + date line), if any.

    Only the last part of the document is searched; without a signature block it is ``len(text)``.
    """
    lines = list(_lines(text))
    first = int(len(lines) * 0.5)
    for k in range(len(lines) - 1, first - 1, -1):
        a, b = lines[k]
        if _DATE_LINE.match(text[a:b].strip()):
            end = a
            if k > 0:
                pa, pb = lines[k - 1]
                prev = text[pa:pb].strip()
                if prev and len(prev) <= 30 and not re.search(r"[。；：！？，]", prev) and not HEADING_RE.match(prev):
                    end = pa
            return end
    return len(text)


_ANNEX = re.compile(r"^附件\s*\d*\s*[：:]?\s*$|^附件\s*\d*\s*[：:]?\s*\S{2,40}$", re.M)


def _annex_start(text: str, limit: int) -> int | None:
    """Start of an attachment after the signature block (a line ``附件`` / ``附件1：…名单``), if any."""
    if limit >= len(text):
        return None
    m = _ANNEX.search(text, limit)
    return m.start() if m else None


def _find_headings(text: str, limit: int):
    """``(start, line_end, marker, title, style)`` for each heading line before ``limit``."""
    out = []
    for a, b in _lines(text):
        if a >= limit:
            break
        line = text[a:b]
        m = HEADING_RE.match(line)
        if not m:
            continue
        marker = m.group(0)
        title = _title(line[m.end() :], heading_style(marker))
        if not title:
            continue
        out.append((a, b, marker, title, heading_style(marker)))
    return out


_OPEN = "（(【〔[“‘「『《"
_CLOSE = "）)】〕]”’」』》"
_ENDS = "。；！？"


def _sentences(text: str):
    """Spans of sentences: split at 。；！？ outside brackets and quotes, and at every newline."""
    spans = []
    start = 0
    depth = 0
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\n":
            spans.append((start, i))
            start = i + 1
            depth = 0
        elif c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c in _ENDS and depth == 0:
            j = i + 1
            while j < n and text[j] in _ENDS:
                j += 1
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    spans.append((start, n))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def parse_outline(text: str) -> Outline:
    """Parse the section tree and the sentences of a normalized document text.

    >>> o = parse_outline("一、总体要求\\n（一）指导思想。\\n坚持创新。推动发展；做强链条。\\n二、重点产业\\n1.现代中药。依托A等企业。\\n")
    >>> [(s.id, s.marker, s.title, s.level) for s in o.sections]
    [('1', '一、', '总体要求', 1), ('1.1', '（一）', '指导思想', 2), ('2', '二、', '重点产业', 1), ('2.1', '1.', '现代中药', 2)]
    >>> o.path_at(o.sections[3].start + 5)
    ('重点产业', '现代中药')
    """
    limit = body_end(text)
    headings = _find_headings(text, limit)
    annex = _annex_start(text, limit)
    if annex is not None:
        # a numbered list placed after the signature (附件：名单 1、… 2、…) is read as well
        headings += [h for h in _find_headings(text, len(text)) if h[0] >= annex]
        limit = len(text)

    # open headings: list of (style, index into raw)
    stack: list[tuple[str, int]] = []
    raw: list[dict] = []
    child_count: dict[str | None, int] = {}
    for a, _b, marker, title, style in headings:
        styles = [s for s, _ in stack]
        if style in styles:
            del stack[styles.index(style) :]
        parent = raw[stack[-1][1]] if stack else None
        pid = parent["id"] if parent else None
        child_count[pid] = child_count.get(pid, 0) + 1
        sid = f"{pid}.{child_count[pid]}" if pid else str(child_count[pid])
        raw.append(
            {
                "id": sid,
                "marker": marker,
                "title": title,
                "level": len(stack) + 1,
                "start": a,
                "parent": pid,
                "path": (parent["path"] if parent else ()) + (title,),
            }
        )
        stack.append((style, len(raw) - 1))

    # extent: up to the next heading at the same or a higher level
    sections = []
    for k, r in enumerate(raw):
        end = limit
        for r2 in raw[k + 1 :]:
            if r2["level"] <= r["level"]:
                end = r2["start"]
                break
        end = max(end, r["start"] + 1)
        sections.append(Section(end=min(end, max(limit, r["start"] + 1)), **r))
    sections_t = tuple(sections)
    outline = Outline(sections=sections_t, sentences=())
    sentences = tuple(
        Sentence(a, b, text[a:b], (sec.id if (sec := outline.section_at(a)) else None)) for a, b in _sentences(text)
    )
    return Outline(sections=sections_t, sentences=sentences)
