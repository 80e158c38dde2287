"""One row of a company list, parsed without the graph (pure): which column holds which field,
numbers, 是/否 flags, lists in one cell, and every problem a row shows by itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import CompanyListError
from ingest.companies.credit import credit_code_problem, normalize_credit_code
from ingest.companies.tables import ALIASES, FIELDS, Table, cell_text, header_key

LIST_SEPARATORS = re.compile(r"[、;；,，/\n]+")
TRUE_WORDS = {"是", "y", "yes", "1", "true", "t", "√"}
FALSE_WORDS = {"否", "n", "no", "0", "false", "f", "×"}


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
        name = ALIASES.get(header_key(header))
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
    scope: str | None = None          # 经营范围, as written (the matcher cuts it at its punctuation)
    revenue: float | None = None
    above_scale: bool | None = None
    chain_leader: bool | None = None
    contact: str | None = None
    phone: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def parse_number(value) -> float:
    """A number from a cell: ``1234.5``, ``1,234.5`` or a spreadsheet number; ValueError otherwise.

    >>> parse_number("1,234.5"), parse_number(" 12 ")
    (1234.5, 12.0)
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = cell_text(value).replace(" ", "")
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
    text = cell_text(value).lower()
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

    row.name = re.sub(r"\s+", "", cell_text(cell("name"))) or None
    if row.name is None:
        bad("name", "企业名称为空: 每行都要填写企业名称")

    raw = cell("credit_code")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        bad("credit_code", "是数字格式, Excel 会丢失位数: 把该列设为文本后重新填写")
    elif cell_text(raw):
        code = normalize_credit_code(cell_text(raw))
        problem = credit_code_problem(code)
        if problem:
            bad("credit_code", f"统一社会信用代码 {code} {problem}")
        else:
            row.credit_code = code

    row.county = cell_text(cell("county")) or None
    row.park = cell_text(cell("park")) or None
    row.industry = cell_text(cell("industry")) or None
    row.links = split_list(cell_text(cell("link")))
    row.products = split_list(cell_text(cell("products")))
    row.scope = cell_text(cell("scope")) or None
    row.contact = cell_text(cell("contact")) or None
    row.phone = cell_text(cell("phone")) or None

    raw = cell("revenue")
    if cell_text(raw):
        try:
            row.revenue = parse_number(raw)
        except ValueError:
            bad("revenue", f"「{cell_text(raw)}」不是数字: 以万元为单位填写数字, 如 1234.5 或 1,234.5")
        else:
            if row.revenue < 0:
                bad("revenue", f"营业收入不能为负数: {cell_text(raw)}")
                row.revenue = None
    for name in ("above_scale", "chain_leader"):
        raw = cell(name)
        if cell_text(raw):
            try:
                setattr(row, name, parse_flag(raw))
            except ValueError:
                bad(name, f"「{cell_text(raw)}」不是是/否: 填写 是/否 (或 Y/N、1/0、true/false)")
    for i, header in columns.extra:
        value = cell_text(cells[i]) if i < len(cells) else ""
        if value:
            row.extra[header] = value
    return row
