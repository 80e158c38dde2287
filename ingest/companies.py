"""Local enterprise lists (企业名单): read a CSV or Excel file, check every row, merge it into the graph.

An investment-promotion office keeps its own list of local companies (规上企业名单, 链主 lists, park
tenants). ``import_company_list`` turns one such file into graph rows:

1. **Read** (:func:`read_table`): ``.csv`` in UTF-8 (with or without BOM) or GB18030/GBK, or ``.xlsx``
   (``sheet`` picks a worksheet). The header is the first row that names the 企业名称 column; row
   numbers are the file's own (the header on the first line is row 1).
2. **Match headers** (:func:`match_headers`): Chinese headers or English aliases, after trimming and
   NFKC (so ``营业收入(万元)`` = ``营业收入（万元）``). Unknown columns are kept in ``Company.extra`` (JSON).
3. **Check rows** (:func:`parse_row`, :func:`resolve_rows`): 企业名称 required; 统一社会信用代码 with its
   GB 32100-2015 check character; 所在区县 a county of the city (the graph's County nodes and the
   counties of their city in ``ingest/patterns/places.json``); 所属园区 and 产业链环节 existing nodes;
   numbers and 是/否 flags that parse; no company twice in one file.
4. **Merge**: a row is an existing Company when the credit code matches, else when the name equals a
   name, full name or alias, else when the name matches a document company or a pool company by the
   rules of :mod:`graph.linking`. That node is updated (``local = true``, credit code, county, flags,
   revenue, contact, extra); other rows become ``co:`` + name, as document companies are named, so a
   later document naming the company lands on the same node.
5. **Shape** (:func:`company_batch`, pure) and **write** in one :class:`graph.store.Batch`: all or
   nothing. Any invalid row refuses the whole file (:class:`graph.errors.CompanyListError`, carrying
   every problem) unless ``skip_invalid``, which loads the valid rows and reports the rest. The facts
   a file wrote before (``source = 'table'``, ``doc`` = its file name) are replaced in the same
   transaction, so loading the same file twice changes nothing and a corrected file drops stale facts.

Relationships written, each with provenance (source 'table', doc = file name, span_start = row
number, sentence = the row in words): COVERS → ChainLink (via 'table') for the row's 产业链环节 and for
主营产品 that name a link; MAKES → Product; LOCATED_IN → County for the row's 所在区县 and LOCATED_IN →
Park for its 所属园区; IN_INDUSTRY → Industry. Which links a row covers is the rule
:func:`graph.coverage.table_covers`. Afterwards the step after every load runs
(:func:`graph.settle.after_load`: relink, the user's decisions, the coverage table).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from graph.coverage import table_covers
from graph.decisions import Curation
from graph.errors import CompanyListError
from graph.linking import PoolCompany, PoolIndex, match_name, resolve_companies
from graph.names import normalize_name
from graph.settle import after_load
from graph.store import Batch, Store

# --- GB 32100-2015: 统一社会信用代码 --------------------------------------------------------------

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    """The check character (18th) of a unified social credit code, from its first 17 characters.

    >>> credit_check_char("91350100M000100Y4")
    '3'
    """
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def normalize_credit_code(text: str) -> str:
    """Full-width to half-width, no spaces, upper case.

    >>> normalize_credit_code(" 91350100ｍ000100y43 ")
    '91350100M000100Y43'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` (normalized) is not a valid 统一社会信用代码, or None when it is.

    >>> credit_code_problem("91350100M000100Y43") is None
    True
    >>> credit_code_problem("91350100M000100Y44")
    "校验位错误: 按 GB 32100-2015 第 18 位应为 '3', 实为 '4'; 请核对代码"
    """
    if len(code) != 18:
        return f"应为 18 位, 实为 {len(code)} 位"
    bad = sorted({ch for ch in code if ch not in CREDIT_CHARS})
    if bad:
        return f"含不允许的字符 {'、'.join(bad)} (只用数字和除 I、O、S、V、Z 外的大写字母)"
    if not code[2:8].isdigit():
        return f"第 3-8 位应为行政区划代码 (6 位数字), 实为 {code[2:8]!r}"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误: 按 GB 32100-2015 第 18 位应为 {expected!r}, 实为 {code[17]!r}; 请核对代码"
    return None


# --- columns ------------------------------------------------------------------------------------

# field -> (the Chinese header shown in reports, accepted headers)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("企业名称", ("企业名称", "企业全称", "公司名称", "单位名称", "name", "company", "company_name")),
    "credit_code": ("统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc")),
    "county": ("所在区县", ("所在区县", "所属区县", "区县", "县区", "county")),
    "park": ("所属园区", ("所属园区", "所在园区", "园区", "park")),
    "industry": ("所属产业链", ("所属产业链", "所属产业", "产业链", "产业", "industry", "chain")),
    "link": ("产业链环节", ("产业链环节", "所属环节", "环节", "link", "chain_link")),
    "products": ("主营产品", ("主营产品", "主要产品", "products", "product")),
    "revenue": ("营业收入（万元）", ("营业收入（万元）", "营业收入", "营收（万元）", "revenue")),
    "above_scale": ("是否规上", ("是否规上", "是否规模以上", "规上企业", "规上", "above_scale")),
    "chain_leader": ("是否链主", ("是否链主", "链主企业", "链主", "chain_leader")),
    "contact": ("联系人", ("联系人", "contact")),
    "phone": ("联系电话", ("联系电话", "电话", "phone", "tel")),
}
LIST_SEPARATORS = re.compile(r"[、;；,，/\n]+")
TRUE_WORDS = {"是", "y", "yes", "1", "true", "t", "√"}
FALSE_WORDS = {"否", "n", "no", "0", "false", "f", "×"}
HEADER_SEARCH_ROWS = 10


def header_key(text) -> str:
    """A header as compared: NFKC, no white space, lower case, ``-`` and spaces as ``_``.

    >>> header_key(" 营业收入（万元） "), header_key("Credit Code")
    ('营业收入(万元)', 'credit_code')
    """
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().lower()
    return re.sub(r"[\s\-]+", "_", raw)


_ALIASES = {header_key(alias): name for name, (_, aliases) in FIELDS.items() for alias in aliases}


# --- reading --------------------------------------------------------------------------------------


@dataclass
class Table:
    """The cells of a list, as read: the header row and the data rows with their row numbers."""

    file: str
    sheet: str | None
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list]]


def decode_csv(data: bytes, file: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM) or GB18030 (which includes GBK), strictly."""
    fix = "在 Excel 中另存为「CSV UTF-8(逗号分隔)」或另存为 .xlsx 后重新导入"
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as err:
            raise CompanyListError(f"{file} 以 UTF-8 BOM 开头, 但第 {err.start} 字节处不是 UTF-8: {fix}") from err
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CompanyListError(f"{file} 是 UTF-16 编码 (Excel 的「Unicode 文本」): {fix}")
    if data.startswith(b"PK\x03\x04"):
        raise CompanyListError(f"{file} 是 Excel 工作簿而不是 CSV: 把扩展名改为 .xlsx 后重新导入")
    if b"\x00" in data:
        raise CompanyListError(f"{file} 含二进制内容, 不是 CSV 文本: {fix}")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]", text):
            return text
    raise CompanyListError(f"{file} 的编码无法识别 (既不是 UTF-8 也不是 GB18030/GBK): {fix}")


def _find_header(rows: list[tuple[int, list]], file: str, hint: str = "") -> int:
    """Index in ``rows`` of the header: the first of the first rows that has a 企业名称 column."""
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_ALIASES.get(header_key(c)) == "name" for c in cells):
            return i
    first = next((cells for _, cells in rows if any(_text(c) for c in cells)), [])
    seen = "、".join(_text(c) for c in first if _text(c))[:200] or "(空)"
    names = "、".join(FIELDS["name"][1])
    raise CompanyListError(f"{file} 没有企业名称列 (表头为: {seen}): 请在表头加一列「企业名称」"
                           f"(也可写作 {names}){hint}")


def _table(file: str, sheet: str | None, rows: list[tuple[int, list]], hint: str = "") -> Table:
    at = _find_header(rows, file, hint)
    header_row, headers = rows[at]
    data = [(n, cells) for n, cells in rows[at + 1:] if any(_text(c) for c in cells)]
    return Table(file, sheet, header_row, [_text(h) for h in headers], data)


def read_csv(path: Path) -> Table:
    text = decode_csv(path.read_bytes(), path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(n, row) for n, row in enumerate(reader, start=1)]
    except csv.Error as err:
        raise CompanyListError(f"{path.name} 第 {reader.line_num} 行不是合法的 CSV ({err}): "
                               "检查引号是否成对") from err
    return _table(path.name, None, rows, hint="; 若表头是乱码, 请把文件另存为 UTF-8 或 GB18030 编码")


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise CompanyListError(f"{path.name} 不是可读的 .xlsx 工作簿 ({err}): 用 Excel 打开后另存为 .xlsx") from err
    try:
        names = book.sheetnames
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            raise CompanyListError(f"{path.name} 没有名为「{sheet}」的工作表: 可选的工作表有 {'、'.join(names)}")
        rows = [(n, list(cells)) for n, cells in enumerate(ws.iter_rows(values_only=True), start=1)]
        return _table(path.name, ws.title, rows)
    finally:
        book.close()


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """The cells of a company list (.csv or .xlsx); ``sheet`` picks an Excel worksheet."""
    path = Path(path)
    if not path.is_file():
        raise CompanyListError(f"找不到文件 {path}: 检查路径")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path, sheet)
    if sheet is not None:
        raise CompanyListError(f"--sheet 只适用于 .xlsx 工作簿, {path.name} 是 {suffix or '无扩展名'} 文件")
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xls":
        raise CompanyListError(f"{path.name} 是旧版 .xls 格式: 用 Excel 另存为 .xlsx 或 CSV 后重新导入")
    raise CompanyListError(f"{path.name} 不是 .csv 或 .xlsx 文件: 企业名单请保存为这两种格式之一")


# --- one row, without the graph (pure) ------------------------------------------------------------


@dataclass
class Columns:
    """Which cell holds which field; ``extra`` are the unknown columns (index, header)."""

    fields: dict[str, int]
    headers: list[str]
    extra: list[tuple[int, str]]

    def header(self, name: str) -> str:
        """The header as the file writes it, for reports."""
        return self.headers[self.fields[name]] if name in self.fields else FIELDS[name][0]


def match_headers(table: Table) -> Columns:
    """Known fields by header (Chinese or English alias); two columns for one field is an error."""
    fields: dict[str, int] = {}
    extra = []
    for i, header in enumerate(table.headers):
        if not header:
            continue
        name = _ALIASES.get(header_key(header))
        if name is None:
            extra.append((i, header))
        elif name in fields:
            raise CompanyListError(
                f"{table.file} 有两列都表示{FIELDS[name][0]}: 「{table.headers[fields[name]]}」和「{header}」; "
                "删除或改名其中一列")
        else:
            fields[name] = i
    return Columns(fields, table.headers, extra)


@dataclass
class Row:
    """One data row, parsed; ``problems`` are (row, column, reason)."""

    row: int
    name: str | None = None
    credit_code: str | None = None
    county: str | None = None
    park: str | None = None
    industry: str | None = None
    links: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    revenue: float | None = None
    above_scale: bool | None = None
    chain_leader: bool | None = None
    contact: str | None = None
    phone: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def _text(value) -> str:
    """A cell as trimmed text; whole floats lose their ``.0`` (Excel stores 13800000000 as a float)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).replace("\u3000", " ").strip()


def parse_number(value) -> float:
    """A number from a cell: ``1234.5``, ``1,234.5`` or a spreadsheet number; ValueError otherwise.

    >>> parse_number("1,234.5"), parse_number(" 12 ")
    (1234.5, 12.0)
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = _text(value).replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", text):
        raise ValueError(text)
    return float(text.replace(",", ""))


def parse_flag(value) -> bool:
    """是/否, Y/N, 1/0, true/false (any case); ValueError otherwise.

    >>> parse_flag("是"), parse_flag("N"), parse_flag(1), parse_flag("True")
    (True, False, True, True)
    """
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(text)


def split_list(text: str) -> list[str]:
    """Several values in one cell, separated by 、 ; ； , ， or /.

    >>> split_list("原料药、化学制剂; 中间体")
    ['原料药', '化学制剂', '中间体']
    """
    return list(dict.fromkeys(p.strip() for p in LIST_SEPARATORS.split(text or "") if p.strip()))


def parse_row(number: int, cells: list, columns: Columns) -> Row:
    """The fields of one row and every problem that needs no graph to see (pure)."""
    row = Row(number)

    def cell(name: str):
        i = columns.fields.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    def bad(name: str, reason: str) -> None:
        row.problems.append((number, columns.header(name), reason))

    row.name = re.sub(r"\s+", "", _text(cell("name"))) or None
    if row.name is None:
        bad("name", "企业名称为空: 每行都要填写企业名称")

    raw = cell("credit_code")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        bad("credit_code", "是数字格式, Excel 会丢失位数: 把该列设为文本后重新填写")
    elif _text(raw):
        code = normalize_credit_code(_text(raw))
        problem = credit_code_problem(code)
        if problem:
            bad("credit_code", f"统一社会信用代码 {code} {problem}")
        else:
            row.credit_code = code

    row.county = _text(cell("county")) or None
    row.park = _text(cell("park")) or None
    row.industry = _text(cell("industry")) or None
    row.links = split_list(_text(cell("link")))
    row.products = split_list(_text(cell("products")))
    row.contact = _text(cell("contact")) or None
    row.phone = _text(cell("phone")) or None

    raw = cell("revenue")
    if _text(raw):
        try:
            row.revenue = parse_number(raw)
        except ValueError:
            bad("revenue", f"「{_text(raw)}」不是数字: 以万元为单位填写数字, 如 1234.5 或 1,234.5")
        else:
            if row.revenue < 0:
                bad("revenue", f"营业收入不能为负数: {_text(raw)}")
                row.revenue = None
    for name in ("above_scale", "chain_leader"):
        raw = cell(name)
        if _text(raw):
            try:
                setattr(row, name, parse_flag(raw))
            except ValueError:
                bad(name, f"「{_text(raw)}」不是是/否: 填写 是/否 (或 Y/N、1/0、true/false)")
    for i, header in columns.extra:
        value = _text(cells[i]) if i < len(cells) else ""
        if value:
            row.extra[header] = value
    return row


# --- what the graph already holds -----------------------------------------------------------------


_norm = normalize_name


@dataclass
class GraphContext:
    """The nodes a list is checked and merged against, read once (see :func:`read_context`)."""

    counties: dict[str, str]              # accepted spelling -> County id
    county_scope: str                      # "菏泽市" or "山东省", for messages
    new_counties: dict[str, str]           # County id -> city, for counties not yet in the graph
    parks: dict[str, str]                  # name or alias (normalized) -> Park id
    links: list[dict]                      # ChainLink rows: id, name, industry, chain, chain_name
    industries: dict[str, dict]            # Industry id -> {id, name, parent}
    industry_names: dict[str, str]         # name or alias (normalized) -> Industry id
    companies: list[dict]                  # Company rows: id, name, fullname, aliases, credit_code, ...


def county_lexicon() -> dict[str, list[str]]:
    """Shandong's cities and their counties, from the extractor's place lexicon."""
    from ingest.extract.patterns import load

    return load("places")["cities"]


def county_spellings(counties: dict[str, str]) -> dict[str, str]:
    """Spellings of each county (``{county: city}``) a list may use: 东明县, 东明, 菏泽市东明县.

    >>> county_spellings({"东明县": "菏泽市"})["菏泽东明"]
    '东明县'
    """
    from ingest.extract.patterns import load

    variants = load("places").get("variants", {})
    out: dict[str, str] = {}
    for county, city in counties.items():
        forms = {county}
        if county[-1] in "县区市" and len(county) >= 3:
            forms.add(county[:-1])
        for variant, plain in variants.items():
            forms |= {variant + f[len(plain):] for f in list(forms) if f.startswith(plain)}
        for form in list(forms):
            if city:
                forms |= {city + form, city[:-1] + form}
        for form in forms:
            out.setdefault(form, county)
    return out


def read_context(store: Store) -> GraphContext:
    """Counties, parks, chain links, industries and companies of the graph (one query each)."""
    lexicon = county_lexicon()
    city_of = {county: city for city, counties in lexicon.items() for county in counties}
    graph_counties = {r["id"]: r.get("city") or city_of.get(r["id"]) for r in store.query("company_counties")}
    cities = sorted({c for c in graph_counties.values() if c})
    if cities:
        allowed = {county: city for city in cities for county in lexicon[city]}
        scope = "、".join(cities)
    else:
        allowed = dict(city_of)
        scope = "山东省"
    allowed.update(graph_counties)
    new_counties = {c: city for c, city in allowed.items() if c not in graph_counties}

    parks: dict[str, str] = {}
    for r in store.query("company_parks"):
        for name in (r["name"], r["id"], *(r.get("aliases") or [])):
            if name:
                parks.setdefault(_norm(name), r["id"])
    industries = {r["id"]: r for r in store.query("company_industries")}
    industry_names: dict[str, str] = {}
    for r in sorted(industries.values(), key=lambda r: r.get("source") == "pool"):  # documents' first
        for name in (r["id"], r["name"], *(r.get("aliases") or [])):
            if name:
                industry_names.setdefault(_norm(name), r["id"])
    return GraphContext(
        counties=county_spellings(allowed), county_scope=scope, new_counties=new_counties, parks=parks,
        links=store.query("company_links"), industries=industries, industry_names=industry_names,
        companies=store.query("company_known"))


# --- checking against the graph and merging -------------------------------------------------------


@dataclass
class Resolved:
    """A valid row with what it refers to in the graph."""

    row: Row
    company_id: str
    existing: dict | None              # the stored node it updates, or None for a new company
    matched_by: str | None             # why it is that node (信用代码一致 / 名称一致 / linking's reason)
    county: str | None = None
    park: str | None = None
    industry: str | None = None
    covers: list[dict] = field(default_factory=list)   # {link, product, confidence}
    pool_match: dict | None = None     # {reason, confidence} when linked to a pool company by rule
    industry_header: str = FIELDS["industry"][0]


@dataclass
class RowOutcome:
    row: int
    name: str
    company_id: str
    action: str            # 新增 | 更新
    matched_by: str | None
    links: list[str]


def _close_names(value: str, names, limit: int = 3) -> list[str]:
    v = _norm(value)
    hits = [n for n in names if v and (v in _norm(n) or _norm(n) in v)]
    return sorted(set(hits), key=len)[:limit]


class _CompanyIndex:
    """Stored companies by credit code and by every name they go by."""

    def __init__(self, companies: list[dict]):
        self.by_id = {c["id"]: c for c in companies}
        self.by_code: dict[str, dict] = {}
        self.by_name: dict[str, list[tuple[int, dict]]] = {}
        for c in companies:
            if c.get("credit_code"):
                self.by_code.setdefault(c["credit_code"], c)
            for rank, name in ((0, c.get("name")), (1, c.get("fullname")),
                               *((2, a) for a in c.get("aliases") or [])):
                if name:
                    self.by_name.setdefault(_norm(name), []).append((rank, c))

    def named(self, name: str) -> dict | None:
        hits = self.by_name.get(_norm(name))
        if not hits:
            return None
        return min(hits, key=lambda h: (h[0], not h[1].get("local"), h[1]["id"]))[1]


def _fuzzy_document_matches(names: list[str], companies: list[dict]) -> dict[str, tuple[dict, str, float]]:
    """Rows' names that are a local company without a stock code (a document company) by the
    linking rules (cores equal, places and descriptors agreeing), at confidence 0.8 or more."""
    local = [c for c in companies if c.get("local") and not c.get("code") and not c.get("external")]
    if not local or not names:
        return {}
    index = PoolIndex([PoolCompany(c["id"], c["name"], c.get("fullname"), None, tuple(c.get("aliases") or ()))
                       for c in local])
    by_id = {c["id"]: c for c in local}
    out = {}
    for name in names:
        match = match_name(name, index, Curation())
        if match and match.confidence >= 0.8:
            out[name] = (by_id[match.id], match.reason, match.confidence)
    return out


def _pool_matches(store: Store | None, names: list[str]) -> dict[str, object]:
    if store is None or not names:
        return {}
    return resolve_companies(store, names)


def _check_places(row: Row, item: Resolved, context: GraphContext, bad) -> None:
    """The row's county and park, as graph ids (in ``item``); unknown ones are problems."""
    if row.county:
        item.county = context.counties.get(_norm(row.county))
        if item.county is None:
            examples = "、".join(sorted(set(context.counties.values()))[:4])
            bad("county", f"「{row.county}」不是{context.county_scope}的区县: 填写区县全称, 如 {examples}")
    if row.park:
        item.park = context.parks.get(_norm(row.park))
        if item.park is None:
            close = _close_names(row.park, set(context.parks.values()))
            bad("park", f"图中没有园区「{row.park}」" + (f"; 是否为 {'、'.join(close)}?" if close else "")
                + ": 填写政策文件中的园区名称, 或先载入提到该园区的文件")


def _link_scope(row: Row, item: Resolved, context: GraphContext, segments: dict[str, set[str]], bad,
                warn) -> tuple[bool, object]:
    """Whether the row names its industry or chain, and the test of a link being in it.

    An industry includes its segments' chains (生物医药 → 化学药); a chain is named by its name or id.
    """
    def anywhere(link: dict) -> bool:
        return True

    if not row.industry:
        return False, anywhere
    ind = context.industry_names.get(_norm(row.industry))
    if ind:
        item.industry = ind
        industries = {ind, *segments.get(ind, ())}
        return True, lambda link: link["industry"] in industries
    chains = {x["chain"] for x in context.links if _norm(row.industry) in (_norm(x["chain_name"]), _norm(x["chain"]))}
    if chains:
        return True, lambda link: link["chain"] in chains
    if row.links:
        known = "、".join(sorted({x["industry"] for x in context.links if x["industry"]})[:4])
        bad("industry", f"图中没有产业或产业链「{row.industry}」: 填写政策文件中的产业名称 (如 {known})")
    else:
        warn("industry", f"图中没有产业「{row.industry}」, 已保留在附加属性中")
        row.extra.setdefault(item.industry_header, row.industry)
    return False, anywhere


def resolve_rows(rows: list[Row], columns: Columns, context: GraphContext, store: Store | None = None
                 ) -> tuple[list[Resolved], list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Check parsed rows against the graph and find the node each one is.

    Returns the valid rows, every problem (row, column, reason) and the warnings (facts that were
    not recorded but do not make the row invalid). ``store`` is asked only for pool matches.
    """
    problems: list[tuple[int, str, str]] = []
    warnings: list[tuple[int, str, str]] = []
    segments: dict[str, set[str]] = {}
    for ind in context.industries.values():
        if ind.get("parent"):
            segments.setdefault(ind["parent"], set()).add(ind["id"])
    links_by_name: dict[str, list[dict]] = {}
    for link in context.links:
        links_by_name.setdefault(_norm(link["name"]), []).append(link)

    results: list[Resolved] = []
    for row in rows:
        found = list(row.problems)

        def bad(name: str, reason: str, row=row, found=found) -> None:
            found.append((row.row, columns.header(name), reason))

        def warn(name: str, reason: str, row=row) -> None:
            warnings.append((row.row, columns.header(name), reason))

        item = Resolved(row, "", None, None, industry_header=columns.header("industry"))
        _check_places(row, item, context, bad)
        scoped, in_scope = _link_scope(row, item, context, segments, bad, warn)
        item.covers = table_covers(row.links, row.products, links_by_name=links_by_name, in_scope=in_scope,
                                   scoped=scoped, industry=row.industry, all_links=context.links,
                                   industry_header=columns.header("industry"),
                                   problem=lambda reason, bad=bad: bad("link", reason))
        if found:
            problems.extend(found)
        else:
            results.append(item)

    _merge(results, _CompanyIndex(context.companies), context, store, problems, columns)
    invalid = {p[0] for p in problems}
    return [r for r in results if r.row.row not in invalid], problems, warnings


def _merge(results: list[Resolved], index: _CompanyIndex, context: GraphContext, store: Store | None,
           problems: list, columns: Columns) -> None:
    """Which stored company each row is (in place); rows that clash are added to ``problems``."""
    pending = []
    for item in results:
        row = item.row
        node = index.by_code.get(row.credit_code) if row.credit_code else None
        if node:
            item.existing, item.matched_by = node, "统一社会信用代码一致"
            continue
        node = index.named(row.name)
        if node:
            item.existing, item.matched_by = node, "名称一致"
            continue
        pending.append(item)
    names = [i.row.name for i in pending]
    fuzzy = _fuzzy_document_matches(names, context.companies)
    pool = _pool_matches(store, [n for n in names if n not in fuzzy])
    for item in pending:
        hit = fuzzy.get(item.row.name)
        if hit:
            item.existing, item.matched_by = hit[0], f"与文件中的企业{hit[0]['name']}{hit[1]}"
            continue
        match = pool.get(item.row.name)
        if match is not None:
            m = match if isinstance(match, dict) else vars(match)
            node = index.by_id.get(m["id"])
            if node is not None:
                item.existing, item.matched_by = node, f"企业库 {node.get('code') or node['id']}: {m['reason']}"
                item.pool_match = {"reason": m["reason"], "confidence": m["confidence"]}
    seen: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for item in results:
        row, node = item.row, item.existing
        if node and row.credit_code and node.get("credit_code") and node["credit_code"] != row.credit_code:
            if item.matched_by == "名称一致":
                problems.append((row.row, columns.header("credit_code"),
                                 f"图中已有同名企业「{node['name']}」, 其统一社会信用代码为 {node['credit_code']}, "
                                 f"与本行 {row.credit_code} 不同: 核对代码或企业名称"))
                continue
            item.existing, item.matched_by, item.pool_match = None, None, None  # another firm
            node = None
        item.company_id = node["id"] if node else f"co:{row.name}"
        if row.credit_code and row.credit_code in seen_code:
            problems.append((row.row, columns.header("credit_code"),
                             f"与第 {seen_code[row.credit_code]} 行的统一社会信用代码相同: 一家企业只写一行"))
            continue
        if item.company_id in seen:
            problems.append((row.row, columns.header("name"),
                             f"与第 {seen[item.company_id]} 行是同一家企业 ({item.company_id}): 一家企业只写一行"))
            continue
        seen[item.company_id] = row.row
        if row.credit_code:
            seen_code[row.credit_code] = row.row


# --- graph rows (pure) ------------------------------------------------------------------------------


def row_sentence(row: Row, columns: Columns) -> str:
    """The row in words, kept as the provenance sentence of every fact it gives.

    >>> cols = Columns({"name": 0, "link": 1}, ["企业名称", "产业链环节"], [])
    >>> row_sentence(Row(3, name="甲公司", links=["原料药"]), cols)
    '第3行: 企业名称=甲公司; 产业链环节=原料药'
    """
    parts = [f"{columns.header('name')}={row.name}"]
    for name, value in (("credit_code", row.credit_code), ("county", row.county), ("park", row.park),
                        ("industry", row.industry), ("link", "、".join(row.links)),
                        ("products", "、".join(row.products))):
        if value:
            parts.append(f"{columns.header(name)}={value}")
    return f"第{row.row}行: " + "; ".join(parts)


def company_batch(items: list[Resolved], columns: Columns, context: GraphContext, *, doc: str,
                  section: str | None = None) -> Batch:
    """The rows for a list's valid rows (pure): Company nodes updated or added, and their facts."""
    batch = Batch()
    batch.deletes.append(("company_delete_table_facts", {"doc": doc}))
    for item in items:
        row, node, cid = item.row, item.existing or {}, item.company_id
        extra = {}
        if node.get("extra"):
            try:
                extra = json.loads(node["extra"])
            except ValueError:
                extra = {}
        extra.update(row.extra)
        props = {"id": cid, "local": True, "credit_code": row.credit_code, "county": item.county,
                 "above_scale": row.above_scale, "chain_leader": row.chain_leader, "revenue": row.revenue,
                 "contact": row.contact, "phone": row.phone,
                 "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None}
        if not node:
            props["name"] = row.name
        else:
            known = {node.get("name"), node.get("fullname"), *(node.get("aliases") or [])}
            if row.name not in known:
                if not node.get("fullname") and len(row.name) > len(node.get("name") or ""):
                    props["fullname"] = row.name
                else:
                    props["aliases"] = sorted({*(node.get("aliases") or []), row.name})
            if item.pool_match and not node.get("match_reason"):
                props["match_reason"] = item.pool_match["reason"]
                props["match_confidence"] = item.pool_match["confidence"]
        batch.add_node("Company", props)

        facts = {"source": "table", "doc": doc, "section": section, "span_start": row.row,
                 "sentence": row_sentence(row, columns)}
        if item.county:
            if item.county in context.new_counties:
                batch.add_node("County", {"id": item.county, "name": item.county,
                                          "city": context.new_counties[item.county]})
            batch.add_rel("LOCATED_IN", {"src": cid, "src_label": "Company", "dst": item.county,
                                         "dst_label": "County", **facts})
        if item.park:
            batch.add_rel("LOCATED_IN", {"src": cid, "src_label": "Company", "dst": item.park,
                                         "dst_label": "Park", **facts})
        if item.industry:
            batch.add_rel("IN_INDUSTRY", {"src": cid, "src_label": "Company", "dst": item.industry,
                                          "dst_label": "Industry", **facts})
        for product in row.products:
            batch.add_node("Product", {"id": product, "name": product})
            batch.add_rel("MAKES", {"src": cid, "dst": product, **facts})
        for cover in item.covers:
            batch.add_rel("COVERS", {"src": cid, "dst": cover["link"], "via": "table",
                                     "confidence": cover["confidence"], "product": cover["product"], **facts})
    return batch


# --- the import -------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, row by row; ``problems`` and ``warnings`` are (row, column, reason)."""

    file: str
    sheet: str | None = None
    rows: int = 0
    loaded: list[RowOutcome] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    written: bool = False
    coverage: dict | None = None
    seconds: float = 0.0

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({p[0] for p in self.problems})

    @property
    def created(self) -> int:
        return sum(1 for o in self.loaded if o.action == "新增")

    @property
    def updated(self) -> int:
        return sum(1 for o in self.loaded if o.action == "更新")

    def to_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "rows": self.rows, "written": self.written,
                "created": self.created, "updated": self.updated, "invalid_rows": self.invalid_rows,
                "loaded": [vars(o) for o in self.loaded],
                "problems": [{"row": r, "column": c, "reason": why} for r, c, why in self.problems],
                "warnings": [{"row": r, "column": c, "reason": why} for r, c, why in self.warnings],
                "coverage": self.coverage, "seconds": round(self.seconds, 3)}


def import_company_list(store: Store, path: str | Path, *, sheet: str | None = None,
                        skip_invalid: bool = False, name: str | None = None) -> ImportReport:
    """Check a company list and load it into ``store`` all or nothing.

    Any invalid row raises :class:`CompanyListError` (``problems`` lists them all, ``report`` is the
    :class:`ImportReport`) and writes nothing, unless ``skip_invalid``: then the valid rows are loaded
    and the invalid ones reported (an error still when no row is valid). ``name`` is the file name to
    record as the facts' ``doc`` (the app passes the uploaded file's name); default the path's.
    """
    started = time.perf_counter()
    table = read_table(path, sheet)
    doc = name or table.file
    report = ImportReport(doc, table.sheet, rows=len(table.rows))
    if not table.rows:
        raise CompanyListError(f"{doc} 在表头之后没有数据行: 每家企业填写一行")
    columns = match_headers(table)
    parsed = [parse_row(n, cells, columns) for n, cells in table.rows]
    context = read_context(store)
    items, problems, warnings = resolve_rows(parsed, columns, context, store)
    report.problems = sorted(problems)
    report.warnings = sorted(warnings)
    if problems and not (skip_invalid and items):
        bad = len(report.invalid_rows)
        fix = "修正后重新导入" + ("" if skip_invalid else ", 或用 --skip-invalid 只导入无误的行")
        err = CompanyListError(f"{doc}: {report.rows} 行中有 {bad} 行有错误, 未导入任何数据 ({fix})",
                               report.problems)
        err.report = report
        report.seconds = time.perf_counter() - started
        raise err
    batch = company_batch(items, columns, context, doc=doc, section=table.sheet)
    store.write(batch)
    report.written = True
    report.loaded = [RowOutcome(i.row.row, i.row.name, i.company_id, "更新" if i.existing else "新增",
                                i.matched_by, [c["link"] for c in i.covers]) for i in items]
    settled = after_load(store)
    report.coverage = {k: v for k, v in settled.items() if k not in ("seconds", "relinked", "assigned")}
    report.seconds = time.perf_counter() - started
    return report


def import_company_upload(store: Store, data: bytes, filename: str, *, sheet: str | None = None,
                          skip_invalid: bool = False) -> ImportReport:
    """:func:`import_company_list` for an uploaded file's bytes (the app); ``filename`` names it in
    reports and as the facts' ``doc``."""
    import tempfile

    name = Path(filename).name or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="chainkg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return import_company_list(store, path, sheet=sheet, skip_invalid=skip_invalid, name=name)


def sheet_names(data: bytes) -> list[str]:
    """The worksheets of an uploaded .xlsx file, for the app to offer a choice."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise CompanyListError(f"不是可读的 .xlsx 工作簿 ({err}): 用 Excel 打开后另存为 .xlsx") from err
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def format_problems(problems) -> str:
    """One line per problem, in row order: ``第 5 行 [统一社会信用代码] 校验位错误 …``."""
    return "\n".join(f"第 {r} 行 [{c}] {why}" for r, c, why in sorted(problems))


def format_report(report: ImportReport, *, rows: int = 20, problems: bool = True) -> str:
    """The report in Chinese, for the CLI and the app; at most ``rows`` loaded rows are listed;
    ``problems=False`` leaves out the invalid rows (the CLI prints them on stderr)."""
    where = f" (工作表 {report.sheet})" if report.sheet else ""
    lines = []
    if report.written:
        lines.append(f"{report.file}{where}: 共 {report.rows} 行, 导入 {len(report.loaded)} 家企业 "
                     f"(新增 {report.created}, 更新 {report.updated})"
                     + (f", 跳过 {len(report.invalid_rows)} 行有错误的行" if report.problems else ""))
        covered = sorted({link for o in report.loaded for link in o.links})
        lines.append(f"覆盖产业链环节 {len(covered)} 个")
        if report.coverage:
            c = report.coverage
            lines.append(f"环节状态已更新: 缺链 {c.get('缺链', 0)}, 弱链 {c.get('弱链', 0)}, 强链 {c.get('强链', 0)}")
        for o in report.loaded[:rows]:
            how = f" ({o.matched_by})" if o.matched_by else ""
            lines.append(f"  第 {o.row} 行 {o.action} {o.name} → {o.company_id}{how}")
        if len(report.loaded) > rows:
            lines.append(f"  … 另有 {len(report.loaded) - rows} 行")
    else:
        lines.append(f"{report.file}{where}: 共 {report.rows} 行, {len(report.invalid_rows)} 行有错误, "
                     "未导入任何数据")
    if report.problems and problems:
        lines.append("错误:" if not report.written else "已跳过的行:")
        lines.append(format_problems(report.problems))
    if report.warnings:
        lines.append("提示:")
        lines.append(format_problems(report.warnings))
    return "\n".join(lines)


# --- command line -------------------------------------------------------------------------------


def add_arguments(parser) -> None:
    """``python -m ingest companies FILE [--store URI] [--sheet NAME] [--skip-invalid]``."""
    parser.add_argument("file", metavar="FILE", help="company list: .csv (UTF-8 or GB18030) or .xlsx")
    parser.add_argument("--store", help="directory of the embedded store or a Neo4j URI (default: CHAINKG_STORE)")
    parser.add_argument("--sheet", metavar="NAME", help="worksheet of an .xlsx file (default: the first)")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="load the valid rows and report the invalid ones (default: load nothing)")


def run(args) -> int:
    """Import a list. Exit 0 when rows were loaded (with ``--skip-invalid`` the skipped rows are
    listed on stderr); 2 when nothing was loaded: invalid rows (all listed on stderr) or an unusable
    file (raised as :class:`CompanyListError` for the CLI's edge to print)."""
    from graph.store import open_store

    with open_store(args.store) as store:
        try:
            report = import_company_list(store, args.file, sheet=args.sheet, skip_invalid=args.skip_invalid)
        except CompanyListError as err:
            if not err.problems:
                raise
            print(f"错误: {err}", file=sys.stderr)
            print(format_problems(err.problems), file=sys.stderr)
            return 2
    print(format_report(report, problems=False))
    if report.problems:
        print(f"已跳过 {len(report.invalid_rows)} 行有错误的行:", file=sys.stderr)
        print(format_problems(report.problems), file=sys.stderr)
    return 0
