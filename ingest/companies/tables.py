"""Reading a company list: the cells of a ``.csv`` (UTF-8 with or without BOM, GB18030/GBK) or an
``.xlsx`` worksheet, the header row found by its 企业名称 column, the file's own row numbers."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from graph.errors import CompanyListError

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
    "scope": ("经营范围", ("经营范围", "经营范围描述", "business_scope")),
    "revenue": ("营业收入（万元）", ("营业收入（万元）", "营业收入", "营收（万元）", "revenue")),
    "above_scale": ("是否规上", ("是否规上", "是否规模以上", "规上企业", "规上", "above_scale")),
    "chain_leader": ("是否链主", ("是否链主", "链主企业", "链主", "chain_leader")),
    "contact": ("联系人", ("联系人", "contact")),
    "phone": ("联系电话", ("联系电话", "电话", "phone", "tel")),
}
HEADER_SEARCH_ROWS = 10


def header_key(text) -> str:
    """A header as compared: NFKC, no white space, lower case, ``-`` and spaces as ``_``.

    >>> header_key(" 营业收入（万元） "), header_key("Credit Code")
    ('营业收入(万元)', 'credit_code')
    """
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().lower()
    return re.sub(r"[\s\-]+", "_", raw)


ALIASES = {header_key(alias): name for name, (_, aliases) in FIELDS.items() for alias in aliases}


def cell_text(value) -> str:
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
        if any(ALIASES.get(header_key(c)) == "name" for c in cells):
            return i
    first = next((cells for _, cells in rows if any(cell_text(c) for c in cells)), [])
    seen = "、".join(cell_text(c) for c in first if cell_text(c))[:200] or "(空)"
    names = "、".join(FIELDS["name"][1])
    raise CompanyListError(f"{file} 没有企业名称列 (表头为: {seen}): 请在表头加一列「企业名称」"
                           f"(也可写作 {names}){hint}")


def _table(file: str, sheet: str | None, rows: list[tuple[int, list]], hint: str = "") -> Table:
    at = _find_header(rows, file, hint)
    header_row, headers = rows[at]
    data = [(n, cells) for n, cells in rows[at + 1:] if any(cell_text(c) for c in cells)]
    return Table(file, sheet, header_row, [cell_text(h) for h in headers], data)


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


def sheet_names(data: bytes) -> list[str]:
    """The worksheets of an uploaded .xlsx file, for the app to offer a choice."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        raise CompanyListError(f"不是可读的 .xlsx 工作簿 ({err}): 用 Excel 打开后另存为 .xlsx") from err
    try:
        return list(book.sheetnames)
    finally:
        book.close()
