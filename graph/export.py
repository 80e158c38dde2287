"""The 招商 list: the gap analysis as an Excel workbook, a CSV file or a text table.

The workbook (xlsxwriter) has a summary sheet (概览: chains with completeness and links per status,
and industries without a chain), one sheet per chain (its links with status, local companies,
candidates, departments, parks and evidence) and a target-company sheet (招商目标企业: every
candidate with the gaps it closes). Headers are Chinese; sheet names are unique and at most 31
characters, without the characters Excel refuses; columns are sized for reading. The CSV has one
row per link, UTF-8 with BOM so that Excel opens the Chinese text.

Exports are inert: names come from documents and company lists a user imported, so a name such
as ``=HYPERLINK(...)`` must never become a live formula. Every text cell of the workbook is written
with ``write_string`` (never ``write``, which turns ``=...`` into a formula), and every CSV cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's
rule for CSV injection). :func:`csv_bytes` is the one CSV writer: the CLI and every download of
the app use it.
"""

from __future__ import annotations

import csv
import io
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
KIND_TITLES = {"strategic_emerging": "战略性新兴产业", "future": "未来产业"}
LEVEL_TITLES = {"sector": "门类", "segment": "细分"}
POOL_NOTE = "全国企业库: A 股上市企业及其主营产品、产品上下游关系、申万行业 (ChainKnowledgeGraph 公开数据, 2021 年快照)"
_CITY = re.compile(r"^(.{1,8}?(?:自治州|地区|盟|市|州|县))")


def city_of(documents: list[dict]) -> str:
    """The city the documents speak for, from their issuing bodies (the most common) (pure).

    >>> city_of([{"issuer": "某某市人民政府"}, {"issuer": "某某市发展和改革委员会"}, {"issuer": None}])
    '某某市'
    """
    found: dict[str, int] = {}
    for doc in documents:
        match = _CITY.match((doc.get("issuer") or "").strip())
        if match:
            found[match.group(1)] = found.get(match.group(1), 0) + 1
    return max(found, key=lambda k: (found[k], k)) if found else ""


def sources_of(store) -> dict:
    """What a workbook or brief says it was made from: the city, the documents with their dates, and
    whether the national pool is loaded."""
    documents = store.query("documents")
    pool = store.query("overview_pool")
    return {"city": city_of(documents), "documents": documents,
            "pool": bool(pool and (pool[0].get("companies") or 0) > 0)}


def source_lines(sources: dict | None) -> list[str]:
    """The data sources as lines, documents first (pure).

    >>> source_lines({"documents": [{"title": "某意见", "number": "某发〔2030〕1号", "date": "2030-01-02"}], "pool": True})[0]
    '政策文件: 某意见 (某发〔2030〕1号, 2030-01-02)'
    """
    sources = sources or {}
    lines = [f"政策文件: {d.get('title') or d.get('name') or ''} ({d.get('number') or '无文号'}, "
             f"{d.get('date') or '日期未注明'})" for d in sources.get("documents") or []]
    lines.append(POOL_NOTE if sources.get("pool") else "全国企业库: 未载入 (没有招商候选企业)")
    return lines
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def region_text(region) -> str:
    """A candidate's ``region`` ({province, city, county}) as one name (pure).

    >>> region_text({"province": "浙江省", "city": "杭州市", "county": None}), region_text(None)
    ('浙江省杭州市', '')
    """
    if isinstance(region, dict):
        return "".join(dict.fromkeys(region.get(k) for k in ("province", "city", "county") if region.get(k)))
    return str(region or "")


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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading ``'``
    (OWASP); numbers, booleans and None stay as they are (pure).

    >>> inert("=1+1"), inert("@SUM(A1)"), inert("甲公司"), inert(-1)
    ("'=1+1", "'@SUM(A1)", '甲公司', -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: list[str], rows) -> bytes:
    """The one CSV writer: ``header`` and ``rows`` (lists of cells) as UTF-8 with BOM (Excel opens
    the Chinese intact), every cell made inert (:func:`inert`), None as an empty cell (pure)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([inert(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else inert(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_csv(report: dict, path: str | Path) -> Path:
    """One row per link (see :func:`csv_bytes`)."""
    path = Path(path)
    header, rows = link_rows(report)
    try:
        path.write_bytes(csv_bytes(header, rows))
    except OSError as err:
        raise InputError(f"无法写入 {path} ({err.strerror}): 请换一个可写的路径") from err
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


def chain_sheet_title(industry: str, chain: str, limit: int = 31) -> str:
    """A readable sheet name for a chain: the industry and its links, the middle links left out when
    too long (pure).

    >>> chain_sheet_title("化学药", "基础原料→中间体→原料药→化学制剂")
    '化学药 基础原料→中间体→原料药→化学制剂'
    >>> chain_sheet_title("大数据", "采集→传输→存储→分析→交易→应用→安全")
    '大数据 采集→传输→存储→分析→交易→应用→安全'
    >>> chain_sheet_title("电子信息", "原材料→集成电路设计→晶圆制造→封装测试→系统集成→终端应用")
    '电子信息 原材料→…→终端应用'
    """
    full = f"{industry} {chain}".strip()
    if len(full) <= limit:
        return full
    links = chain.split("→")
    if len(links) > 2:
        short = f"{industry} {links[0]}→…→{links[-1]}".strip()
        if len(short) <= limit:
            return short
    return full[: limit - 1] + "…"


def write_xlsx(report: dict, path: str | Path, *, sources: dict | None = None, today: str | None = None) -> Path:
    """The workbook described in the module docstring; ``sources`` (:func:`sources_of`) fills its
    title sheet (the city, the documents and their dates, the pool)."""
    import datetime

    import xlsxwriter

    path = Path(path)
    try:
        # the options are a second wall: even a stray write() would keep text as text
        workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    except OSError as err:
        raise InputError(f"无法写入 {path} ({err}): 请换一个可写的路径") from err
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    pct = workbook.add_format({"num_format": "0%", "valign": "top"})
    status_fmt = {"缺链": workbook.add_format({"bg_color": "#F8CBAD", "valign": "top"}),
                  "弱链": workbook.add_format({"bg_color": "#FFE699", "valign": "top"}),
                  "待核实": workbook.add_format({"bg_color": "#DDEBF7", "valign": "top"}),
                  "强链": workbook.add_format({"bg_color": "#C6EFCE", "valign": "top"})}
    taken: set[str] = set()

    def cell(sheet, r: int, c: int, value, fmt=None) -> None:
        """Numbers as numbers, everything else as text: never a formula (see the module docstring)."""
        if isinstance(value, bool):
            sheet.write_boolean(r, c, value, fmt)
        elif isinstance(value, (int, float)):
            sheet.write_number(r, c, value, fmt)
        elif value is None or value == "":
            sheet.write_blank(r, c, None, fmt)
        else:
            sheet.write_string(r, c, str(value), fmt)

    def cells(sheet, r: int, values: list, fmt=None) -> None:
        for c, value in enumerate(values):
            cell(sheet, r, c, value, fmt)

    def table(sheet, header: list[str], rows: list[list], widths: list[int], formats: dict | None = None):
        formats = formats or {}
        cells(sheet, 0, header, head)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                fmt = formats.get(c)
                if callable(fmt):
                    fmt = fmt(value)
                cell(sheet, r, c, value, fmt or wrap)
        for c, limit in enumerate(widths):
            seen = max([_width(header[c])] + [_width(row[c]) for row in rows]) + 2
            sheet.set_column(c, c, min(max(seen, 6), limit))
        if rows:
            sheet.autofilter(0, 0, len(rows), len(header) - 1)

    # title sheet: what this is, for which city, when, from which data
    title_fmt = workbook.add_format({"bold": True, "font_size": 18})
    label_fmt = workbook.add_format({"bold": True, "valign": "top"})
    cover = workbook.add_worksheet(sheet_name("封面", taken))
    cover.set_column(0, 0, 14)
    cover.set_column(1, 1, 100)
    city = (sources or {}).get("city") or ""
    cell(cover, 0, 0, f"{city}产业链缺链与招商清单" if city else "产业链缺链与招商清单", title_fmt)
    info = [("城市", city or "未注明"), ("生成日期", today or datetime.date.today().isoformat()),
            ("范围", report.get("industry") or "全部产业"),
            ("内容", "概览 (各产业链完整度与缺链/弱链/待核实环节数)、每条产业链一页 (环节、本地企业、推荐招商企业、"
                     "责任部门、承载园区、原文依据)、招商目标企业 (一企补多缺)")]
    info += [("数据来源", line) for line in source_lines(sources)]
    info.append(("弱链标准", f"本地企业少于 {report.get('k', 2)} 家, 或全部为规下企业"))
    for r, (label, value) in enumerate(info, start=2):
        cell(cover, r, 0, label, label_fmt)
        cell(cover, r, 1, value, wrap)

    # summary
    summary = workbook.add_worksheet(sheet_name("概览", taken))
    statuses = ("缺链", "弱链", "待核实", "强链")
    header = ["产业", "产业链", "环节数", *statuses, "完整度", "工作表"]
    rows, chain_sheets = [], {}
    for chain in report["chains"]:
        counts = {s: sum(1 for x in chain["links"] if x["status"] == s) for s in statuses}
        chain_sheets[chain["id"]] = sheet_name(chain_sheet_title(chain["industry"] or "", chain["name"]), taken)
        rows.append([chain["industry"], chain["name"], len(chain["links"]), *(counts[s] for s in statuses),
                     chain["completeness"], chain_sheets[chain["id"]]])
    table(summary, header, rows, [14, 40, 8, 6, 6, 6, 6, 8, 36], {7: pct})
    # industries the documents name without a chain: one line each only when there is more to say than
    # that (e.g. a chain but no named company); the plain "无产业链" ones in one sentence
    without = report["industries_without_chain"]
    plain = [r["industry"] for r in without if r.get("reason") == "无产业链"]
    other = [r for r in without if r.get("reason") != "无产业链"]
    start = len(rows) + 3
    if other:
        cell(summary, start, 0, "有产业链但缺列名企业等的产业", head)
        cells(summary, start + 1, ["产业", "层级", "类别", "原因"], head)
        for i, r in enumerate(other, start=start + 2):
            cells(summary, i, [r["industry"], LEVEL_TITLES.get(r.get("level") or "", r.get("level") or ""),
                               KIND_TITLES.get(r.get("kind") or "", r.get("kind") or ""), r["reason"]], wrap)
        start += len(other) + 3
    if plain:
        cell(summary, start, 0, f"文件未写明产业链的产业 ({len(plain)} 个): " + "、".join(plain), wrap)

    # one sheet per chain
    header = ["序号", "环节", "上中下游", "状态", "关键度", "本地企业", "依据来源", "推荐招商企业", "股票代码",
              "主营产品", "主营占比", "可补环节数", "地区", "风险提示", "推荐理由", "责任部门", "承载园区", "证据"]
    widths = [6, 14, 8, 8, 8, 20, 10, 20, 11, 18, 8, 10, 14, 10, 36, 30, 24, 60]
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
                    region_text(cand.get("region")) if cand else None,
                    "、".join(cand.get("flags") or []) if cand else None,
                    cand.get("reason") if cand else None,
                    "、".join(_department(d) for d in x["departments"]) if i == 0 else None,
                    "、".join(p["name"] for p in x["parks"]) if i == 0 else None,
                    ("\n".join(x["evidence"]) if i == 0 else local["evidence"] if local else None),
                ])
        table(sheet, header, rows, widths, {3: lambda v: status_fmt.get(v), 10: pct})
        ext = chain.get("extension") or {}
        if ext.get("upstream") or ext.get("downstream"):
            at = len(rows) + 3
            cell(sheet, at, 0, "延链", head)
            cells(sheet, at + 1, ["方向", "产品", "企业库中主营企业数"], head)
            at += 2
            for direction, key in (("上游材料", "upstream"), ("下游产品", "downstream")):
                for item in ext.get(key, []):
                    cells(sheet, at, [direction, item["product"], item["companies"]], wrap)
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
        raise InputError(f"无法写入 {path} ({err}): 请换一个可写的路径") from err
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
