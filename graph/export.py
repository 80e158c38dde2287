"""The 招商 list: the gap analysis as an Excel workbook, a CSV file or a text table.

The workbook (xlsxwriter) has a summary sheet (概览: chains with completeness and links per status,
and industries without a chain), one sheet per chain (its links with status, local companies,
candidates, departments, parks and evidence) and a target-company sheet (招商目标企业: every
candidate with the gaps it closes). Headers are Chinese; sheet names are unique and at most 31
characters, without the characters Excel refuses; columns are sized for reading. The CSV has one
row per link, UTF-8 with BOM so that Excel opens the Chinese text.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from graph.errors import InputError

LINK_COLUMNS = [  # (header, width, value)
    ("产业", 12, lambda c, x: c["industry"]),
    ("产业链", 28, lambda c, x: c["name"]),
    ("完整度", 8, lambda c, x: c["completeness"]),
    ("序号", 6, lambda c, x: x["position"]),
    ("环节", 14, lambda c, x: x["name"]),
    ("上中下游", 8, lambda c, x: x["stage"]),
    ("状态", 8, lambda c, x: x["status"]),
    ("本地企业数", 10, lambda c, x: x["local_count"]),
    ("本地企业(依据)", 36, lambda c, x: "；".join(f"{e['name']}({_VIA.get(e['via'], e['via'])})"
                                                 for e in x["local_companies"])),
    ("关键度", 8, lambda c, x: x["criticality"]),
    ("推荐招商企业", 48, lambda c, x: "；".join(
        f"{e['name']} {e['code'] or ''} {e['product']} {_pct(e['weight'])}".strip() for e in x["candidates"])),
    ("推荐企业总数", 10, lambda c, x: x.get("candidate_total", len(x["candidates"]))),
    ("责任部门", 30, lambda c, x: "、".join(_department(d) for d in x["departments"])),
    ("承载园区", 24, lambda c, x: "、".join(p["name"] for p in x["parks"])),
    ("依据", 60, lambda c, x: "\n".join(x["evidence"])),
]
_VIA = {"document": "文件", "pool": "企业库", "table": "企业名单", "manual": "人工"}
_ROLE = {"lead": "牵头", "support": "配合", "responsible": "负责"}
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def _pct(weight) -> str:
    return "" if weight is None else f"{weight:.0%}"


def _department(d: dict) -> str:
    role = _ROLE.get(d.get("role") or "", "")
    return f"{d['name']}({role})" if role and role != "负责" else d["name"]


def link_rows(report: dict) -> tuple[list[str], list[list]]:
    """One row per link: the CSV and the flat view of the workbook."""
    header = [h for h, _, _ in LINK_COLUMNS]
    rows = [[value(chain, x) for _, _, value in LINK_COLUMNS] for chain in report["chains"] for x in chain["links"]]
    return header, rows


def write_csv(report: dict, path: str | Path) -> Path:
    """One row per link, UTF-8 with BOM (Excel opens it with the Chinese intact)."""
    path = Path(path)
    header, rows = link_rows(report)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError as err:
        raise InputError(f"cannot write {path}: {err.strerror}; choose a writable path") from err
    return path


def sheet_name(name: str, taken: set[str]) -> str:
    """A unique Excel sheet name of at most 31 characters without []:*?/\\ .

    >>> taken = set()
    >>> sheet_name("某产业|原料→部件→整机→服务", taken)
    '某产业 原料→部件→整机→服务'
    >>> sheet_name("x" * 40, taken), sheet_name("x" * 40, taken)
    ('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'xxxxxxxxxxxxxxxxxxxxxxxxxxx (2)')
    """
    base = _BAD_SHEET.sub(" ", name.replace("|", " ")).strip().strip("'") or "Sheet"
    candidate, n = base[:31], 1
    while candidate.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def _width(text) -> float:
    """Display width of a cell: CJK characters count double."""
    longest = max((str(text) or "").split("\n"), key=len) if text not in (None, "") else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def write_xlsx(report: dict, path: str | Path) -> Path:
    """The workbook described in the module docstring."""
    import xlsxwriter

    path = Path(path)
    try:
        workbook = xlsxwriter.Workbook(str(path))
    except OSError as err:
        raise InputError(f"cannot write {path}: {err}; choose a writable path") from err
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    pct = workbook.add_format({"num_format": "0%", "valign": "top"})
    status_fmt = {"缺链": workbook.add_format({"bg_color": "#F8CBAD", "valign": "top"}),
                  "弱链": workbook.add_format({"bg_color": "#FFE699", "valign": "top"}),
                  "强链": workbook.add_format({"bg_color": "#C6EFCE", "valign": "top"})}
    taken: set[str] = set()

    def table(sheet, header: list[str], rows: list[list], widths: list[int], formats: dict | None = None):
        formats = formats or {}
        sheet.write_row(0, 0, header, head)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                fmt = formats.get(c)
                if callable(fmt):
                    fmt = fmt(value)
                sheet.write(r, c, "" if value is None else value, fmt or wrap)
        for c, limit in enumerate(widths):
            seen = max([_width(header[c])] + [_width(row[c]) for row in rows]) + 2
            sheet.set_column(c, c, min(max(seen, 6), limit))
        if rows:
            sheet.autofilter(0, 0, len(rows), len(header) - 1)

    # summary
    summary = workbook.add_worksheet(sheet_name("概览", taken))
    header = ["产业", "产业链", "环节数", "缺链", "弱链", "强链", "完整度", "工作表"]
    rows, chain_sheets = [], {}
    for chain in report["chains"]:
        counts = {s: sum(1 for x in chain["links"] if x["status"] == s) for s in ("缺链", "弱链", "强链")}
        chain_sheets[chain["id"]] = sheet_name(f"{chain['industry'] or ''} {chain['name']}".strip(), taken)
        rows.append([chain["industry"], chain["name"], len(chain["links"]), counts["缺链"], counts["弱链"],
                     counts["强链"], chain["completeness"], chain_sheets[chain["id"]]])
    table(summary, header, rows, [14, 40, 8, 6, 6, 6, 8, 36], {6: pct})
    start = len(rows) + 3
    summary.write(start, 0, "无产业链或无列名企业的产业", head)
    summary.write_row(start + 1, 0, ["产业", "层级", "类型", "原因"], head)
    for i, r in enumerate(report["industries_without_chain"], start=start + 2):
        summary.write_row(i, 0, [r["industry"], r.get("level") or "", r.get("kind") or "", r["reason"]], wrap)
    summary.write(start + 3 + len(report["industries_without_chain"]), 0,
                  f"弱链标准: 本地企业少于 {report.get('k', 2)} 家, 或全部为规下企业", wrap)

    # one sheet per chain
    header = ["序号", "环节", "上中下游", "状态", "关键度", "本地企业", "依据来源", "推荐招商企业", "股票代码",
              "主营产品", "主营占比", "可补环节数", "责任部门", "承载园区", "证据"]
    widths = [6, 14, 8, 8, 8, 20, 10, 20, 11, 18, 8, 10, 30, 24, 60]
    for chain in report["chains"]:
        sheet = workbook.add_worksheet(chain_sheets[chain["id"]])
        rows = []
        for x in chain["links"]:
            n = max(1, len(x["local_companies"]), len(x["candidates"]))
            for i in range(n):
                local = x["local_companies"][i] if i < len(x["local_companies"]) else None
                cand = x["candidates"][i] if i < len(x["candidates"]) else None
                rows.append([
                    x["position"] if i == 0 else None, x["name"], x["stage"] if i == 0 else None, x["status"],
                    x["criticality"] if i == 0 else None,
                    local["name"] if local else None, _VIA.get(local["via"], local["via"]) if local else None,
                    cand["name"] if cand else None, cand["code"] if cand else None,
                    cand["product"] if cand else None, cand["weight"] if cand else None,
                    cand["closes"] if cand else None,
                    "、".join(_department(d) for d in x["departments"]) if i == 0 else None,
                    "、".join(p["name"] for p in x["parks"]) if i == 0 else None,
                    ("\n".join(x["evidence"]) if i == 0 else local["evidence"] if local else None),
                ])
        table(sheet, header, rows, widths, {3: lambda v: status_fmt.get(v), 10: pct})
        ext = chain.get("extension") or {}
        if ext.get("upstream") or ext.get("downstream"):
            at = len(rows) + 3
            sheet.write(at, 0, "延链", head)
            sheet.write_row(at + 1, 0, ["方向", "产品", "企业库中主营企业数"], head)
            at += 2
            for direction, key in (("上游材料", "upstream"), ("下游产品", "downstream")):
                for item in ext.get(key, []):
                    sheet.write_row(at, 0, [direction, item["product"], item["companies"]], wrap)
                    at += 1

    # target companies
    sheet = workbook.add_worksheet(sheet_name("招商目标企业", taken))
    header = ["企业", "全称", "股票代码", "可补环节数", "最高主营占比", "可补的环节(产业/产业链/环节/状态/产品/占比)"]
    rows = [[t["name"], t["fullname"], t["code"], t["closes"], t["best_weight"],
             "\n".join(f"{x['industry']} / {x['chain']} / {x['link']} / {x['status']} / {x['product']} "
                       f"{_pct(x['weight'])}".strip() for x in t["links"])] for t in report["targets"]]
    table(sheet, header, rows, [14, 36, 11, 10, 12, 80], {4: pct})
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except (OSError, FileCreateError) as err:
        raise InputError(f"cannot write {path}: {err}; choose a writable path") from err
    return path


def text_table(report: dict, *, candidates: int = 3) -> str:
    """A readable plain-text view for the terminal."""
    lines = []
    if not report["chains"]:
        lines.append("没有可分析的产业链: 先用 `python -m ingest build` 载入政策文件" if report.get("industry") is None
                     else f"{report['industry']} 没有产业链")
    for chain in report["chains"]:
        lines.append(f"【{chain['industry']}】{chain['name']}  完整度 {chain['completeness']:.0%}")
        for x in chain["links"]:
            local = "、".join(e["name"] for e in x["local_companies"]) or "-"
            cands = "、".join(f"{c['name']}({c['code']})" for c in x["candidates"][:candidates])
            more = f" 等{x.get('candidate_total', len(x['candidates']))}家" if x["candidates"] else ""
            lines.append(f"  {x['position']}. {x['name']}\t{x['status']}\t关键度 {x['criticality']:.2f}\t本地: {local}"
                         + (f"\t推荐: {cands}{more}" if cands else ""))
        lines.append("")
    if report["industries_without_chain"]:
        lines.append("无产业链或无列名企业的产业: " + "、".join(
            f"{r['industry']}({r['reason']})" for r in report["industries_without_chain"]))
    return "\n".join(lines)
