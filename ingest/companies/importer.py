"""The import of one company list, all or nothing, and its report in Chinese."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import CompanyListError
from graph.settle import after_load
from graph.store import Store
from ingest.companies.resolve import RowOutcome, read_context, resolve_rows
from ingest.companies.rows import match_headers, parse_row
from ingest.companies.shape import company_batch
from ingest.companies.tables import read_table


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
    name = Path(filename).name or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="chainkg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return import_company_list(store, path, sheet=sheet, skip_invalid=skip_invalid, name=name)


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
