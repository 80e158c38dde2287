"""Document metadata from the text of a policy document: title, issuer, number, date, public.

Works on the normalized text (``ingest.normalize``) and, less reliably, on the original text; every
offset refers to the text passed in. The patterns are those of Chinese official documents (公文):

- number (文号): an issuer code, the year in brackets and a serial, ``菏政发〔2024〕1号``,
  ``菏政字 〔2025〕16号``, ``鲁政办发[2023]5号``; brackets are normalized to 〔〕.
- title: the line(s) ``<issuer>关于…的(实施)意见/通知/方案/办法…`` in the head of the document, with
  the issuer on its own line or not, and a title broken over several lines joined.
- issuer: the organization before 关于 in the title, else the ``…文件`` header line, else the
  signature above the date.
- date: the signature date near the end (``2024年1月16日`` or ``二〇二四年一月十六日``), as ISO.
- public: ``此件公开发布`` / ``主动公开`` -> True; ``此件不公开`` / ``不予公开`` / ``依申请公开`` -> False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DocMeta", "read_metadata", "parse_date"]


@dataclass(frozen=True)
class DocMeta:
    title: str | None
    issuer: str | None
    number: str | None
    date: str | None  # ISO yyyy-mm-dd
    public: bool | None
    title_span: tuple[int, int] | None


_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,5})\s*号"
)
_DOC_TYPE = (
    r"(?:实施意见|指导意见|意见|通知|实施方案|工作方案|行动方案|方案|管理办法|实施办法|办法|规定|决定|规划|"
    r"实施细则|细则|若干措施|措施|行动计划|计划|批复|报告|通告|公告|纲要|条例|政策)"
)
_TITLE_END = re.compile(_DOC_TYPE + r"[（(]?[^\n，。；]{0,12}?[）)]?$")
_ORG_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|管理委员会|领导小组|指挥部|局|厅|部|委|署|院|会|中心)$"
)
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_AR = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)


def _cn_number(s: str) -> int:
    """一 -> 1, 十 -> 10, 十六 -> 16, 二十 -> 20, 三十一 -> 31."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ISO ``yyyy-mm-dd``, or None.

    >>> parse_date("2024年1月16日"), parse_date("二〇二四年一月十六日"), parse_date("2024年2月30日")
    ('2024-01-16', '2024-01-16', None)
    """
    import datetime

    m = _DATE_AR.search(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE_CN.search(s)
        if not m:
            return None
        try:
            y = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
            mo, d = _cn_number(m.group(2)), _cn_number(m.group(3))
        except KeyError:
            return None
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, stripped."""
    out = []
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        stripped = line.strip()
        if stripped:
            a += len(line) - len(line.lstrip())
            out.append((a, a + len(stripped)))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _head(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The document head: the lines before the addressee line or the first body paragraph."""
    head = []
    for a, b in lines[:25]:
        line = text[a:b]
        if line.endswith(("：", ":")) and not _TITLE_END.search(line.rstrip("：:")):
            break  # 各县区人民政府…：
        if len(line) > 80 or re.search(r"[。；]", line[:-1]):
            break
        head.append((a, b))
    return head


def _number(text: str, head: list[tuple[int, int]]) -> str | None:
    best = None
    for a, b in head:
        m = _NUMBER.search(text[a:b])
        if m:
            cand = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
            if _squash(text[a:b]) == _squash(m.group(0)):
                return cand  # a line of its own
            best = best or cand
    return best


def _title(text: str, head: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
    for k, (a, b) in enumerate(head):
        line = text[a:b]
        if "关于" not in line and not _TITLE_END.search(line):
            continue
        if _NUMBER.search(line) or line.endswith("文件"):
            continue
        # join following lines until the title ends with a document type
        end_k = k
        joined = _squash(line)
        while not _TITLE_END.search(joined) and end_k + 1 < len(head) and end_k - k < 3:
            end_k += 1
            joined += _squash(text[head[end_k][0] : head[end_k][1]])
        if not _TITLE_END.search(joined):
            continue
        start_k = k
        if joined.startswith("关于") and k > 0:
            pa, pb = head[k - 1]
            prev = _squash(text[pa:pb])
            if _ORG_SUFFIX.search(prev) and not _NUMBER.search(prev) and not prev.endswith("文件"):
                joined = prev + joined
                start_k = k - 1
        if len(joined) < 6:
            continue
        return joined, (head[start_k][0], head[end_k][1])
    return None


def _issuer(text: str, title: str | None, head, lines) -> str | None:
    if title and "关于" in title:
        prefix = title.split("关于", 1)[0]
        if prefix and _ORG_SUFFIX.search(prefix):
            return prefix
    for a, b in head:
        line = _squash(text[a:b])
        if line.endswith("文件") and len(line) > 2:
            org = line[:-2]
            if _ORG_SUFFIX.search(org):
                return org
    sig = _signature(text, lines)
    if sig is not None and sig[1]:
        return sig[1]
    return None


def _signature(text: str, lines) -> tuple[str | None, str | None] | None:
    """``(date, issuer)`` from the signature block: a date line near the end, the issuer above it."""
    tail = lines[-15:]
    found = None
    for idx in range(len(tail) - 1, -1, -1):
        a, b = tail[idx]
        line = _squash(text[a:b])
        date = parse_date(line)
        if date is None or len(line) > 24:
            continue
        if line.endswith("印发") and found is None:
            found = (date, None, idx, True)
            continue
        if line.endswith("印发"):
            continue
        found = (date, None, idx, False)
        break
    if found is None:
        return None
    date, _, idx, _printed = found
    issuer = None
    if idx > 0:
        pa, pb = tail[idx - 1]
        prev = _squash(text[pa:pb])
        if len(prev) <= 30 and _ORG_SUFFIX.search(prev):
            issuer = prev
    return date, issuer


def _public(text: str) -> bool | None:
    tail = text[-3000:]
    verdict = None
    for m in re.finditer(
        r"此件\s*(?:公开发布|主动公开|不公开|不予公开|依申请公开)|公开方式\s*[：:]\s*(?:主动公开|依申请公开|不予公开|不公开)",
        tail,
    ):
        s = m.group(0)
        verdict = not ("不" in s or "依申请" in s)
    return verdict


_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")


def _attached_title(text: str, lines) -> tuple[str, tuple[int, int]] | None:
    """The title of a document that opens with its covering notice (addressee, notice, signature,
    date) and then gives the plan's own title on a line of its own: ``某市推动制造业高质量发展实施方案``."""
    for a, b in lines[:40]:
        line = _squash(text[a:b])
        if 6 <= len(line) <= 60 and not re.search(r"[。；，：:、]", line) and _TITLE_END.search(line):
            if not line.endswith("文件") and not _NUMBER.search(line):
                return line, (a, b)
    return None


def _iso_date(text: str, head) -> str | None:
    """``发布日期:2023-07-19`` / ``2023-03-01 20:02:03`` in the head of a web page's text."""
    import datetime

    for a, b in head:
        m = _ISO_DATE.search(text[a:b])
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return None


def read_metadata(text: str) -> DocMeta:
    """Read title, issuer, number, date and public flag from a document's text.

    >>> m = read_metadata("某市人民政府文件\\n某政发〔2024〕3号\\n某市人民政府关于加快发展的\\n实施意见\\n各部门：\\n正文。\\n某市人民政府\\n2024年3月5日\\n（此件公开发布）\\n")
    >>> m.title, m.issuer, m.number, m.date, m.public
    ('某市人民政府关于加快发展的实施意见', '某市人民政府', '某政发〔2024〕3号', '2024-03-05', True)
    """
    lines = _lines(text)
    head = _head(text, lines)
    number = _number(text, head)
    found = _title(text, head) or _attached_title(text, lines)
    title, span = found if found else (None, None)
    issuer = _issuer(text, title, head, lines)
    sig = _signature(text, lines)
    date = sig[0] if sig else None
    if date is None:
        for a, b in head:
            date = parse_date(text[a:b])
            if date:
                break
    if date is None:
        date = _iso_date(text, lines[:6])
    return DocMeta(title=title, issuer=issuer, number=number, date=date, public=_public(text), title_span=span)
