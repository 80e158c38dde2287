"""A one-page 招商 brief per target company, as a Word document (python-docx).

:func:`brief` gathers, from the gap analysis (graph.gaps.analyse) and the store, who the company is,
what it makes (its main products and their share of its business, from the national pool), which of
the city's gaps it closes and why, the departments responsible for those industries, the parks named
for them and the policy sentences behind them. :func:`write_docx` lays that out on one A4 page;
lists are cut to what fits, saying how many more there are. Every value is text in a paragraph or a
table cell: Word runs nothing in it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from graph import export, gaps
from graph.errors import InputError, NotFound

_ROLE = {"lead": "牵头", "support": "配合", "responsible": "负责"}
PRODUCTS_SHOWN = 8
GAPS_SHOWN = 8
SENTENCES_SHOWN = 3


def _matches(target: dict, wanted: str) -> bool:
    wanted = wanted.strip()
    return wanted in {target.get("id"), target.get("code"), target.get("name"), target.get("fullname")}


def find_target(report: dict, company: str) -> dict:
    """The target company of a gap report named ``company`` (short name, full name, stock code or id)."""
    for target in report.get("targets") or []:
        if _matches(target, company):
            return target
    close = [t["name"] for t in report.get("targets") or [] if company and company in (t.get("fullname") or "")]
    hint = f"; 是否指 {'、'.join(close[:5])}?" if close else ""
    raise NotFound(f"{company} 不是招商目标企业 (不在任何缺链/弱链环节的候选中){hint} "
                   "请用 `python -m graph gaps` 或缺链招商页查看目标企业")


def brief(store, company: str, report: dict | None = None) -> dict:
    """Everything the brief of ``company`` says, as plain data."""
    report = report if report is not None else gaps.analyse(store)
    target = find_target(report, company)
    closes, departments, parks, sentences = [], {}, {}, []
    for chain in report["chains"]:
        for link in chain["links"]:
            cand = next((c for c in link.get("candidates") or [] if c.get("id") == target["id"]
                         or (c.get("code") and c.get("code") == target.get("code"))), None)
            if cand is None:
                continue
            closes.append({"industry": chain["industry"], "chain": chain["name"], "link": link["name"],
                           "status": link.get("status") or "", "product": cand.get("product") or "",
                           "weight": cand.get("weight"), "reason": cand.get("reason") or "",
                           "local": link.get("local_count", len(link.get("local_companies") or []))})
            flags, region = cand.get("flags") or [], cand.get("region")
            target = {**target, "flags": target.get("flags") or flags, "region": target.get("region") or region}
            for d in link.get("departments") or []:
                role = _ROLE.get(d.get("role") or "", "")
                departments.setdefault(d["name"], set()).add(role)
            for p in link.get("parks") or []:
                parks.setdefault(p["name"], chain["industry"])
            for sentence in link.get("evidence") or []:
                # the documents' sentences only (not the pool's or a list's own lines)
                if sentence and sentence not in sentences and not sentence.startswith(("企业库", "名单", "人工")):
                    sentences.append(sentence)
    products = store.query("enterprise_products", company=target.get("fullname") or target["name"]) or \
        store.query("enterprise_products", company=target["name"])
    made = {}
    for row in products:
        if row.get("product") and row["product"] not in made:
            made[row["product"]] = row.get("weight")
    industry = next((r.get("industry") for r in products if r.get("industry")), "")
    sources = export.sources_of(store)
    return {"name": target["name"], "fullname": target.get("fullname") or "", "code": target.get("code") or "",
            "industry": industry, "region": target.get("region"), "flags": list(target.get("flags") or []),
            "products": sorted(made.items(), key=lambda kv: -(kv[1] or 0)),
            "closes": closes, "departments": {k: sorted(v - {""}) for k, v in departments.items()},
            "parks": list(parks), "sentences": sentences, "city": sources["city"], "sources": sources}


def _region(region) -> str:
    if isinstance(region, dict):
        return "".join(dict.fromkeys(region.get(k) for k in ("province", "city", "county") if region.get(k)))
    return str(region or "")


def _pct(weight) -> str:
    return "" if not isinstance(weight, (int, float)) else ("<1%" if 0 < weight < 0.005 else f"{weight:.0%}")


def write_docx(data: dict, path, *, today: str | None = None):
    """The brief as a one-page Word document, to a path or a binary file object."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    path = path if hasattr(path, "write") else Path(path)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = section.bottom_margin = Cm(1.6)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")

    city = data.get("city") or "本市"
    doc.add_heading(f"招商简报: {data['name']}", level=1)
    who = [data.get("fullname") or data["name"]]
    if data.get("code"):
        who.append(f"股票代码 {data['code']}")
    if _region(data.get("region")):
        who.append(_region(data["region"]))
    if data.get("industry"):
        who.append(f"申万行业 {data['industry']}")
    doc.add_paragraph(" · ".join(who))
    if data.get("flags"):
        doc.add_paragraph("风险提示: " + "、".join(data["flags"]) + " (请先核实经营状况)")

    doc.add_heading("主营产品 (全国企业库)", level=2)
    shown = data["products"][:PRODUCTS_SHOWN]
    more = len(data["products"]) - len(shown)
    doc.add_paragraph("、".join(f"{p} ({_pct(w)})" if _pct(w) else p for p, w in shown) + (f" 等 {len(data['products'])} 种"
                      if more > 0 else "") if shown else "企业库中没有其主营产品。")

    doc.add_heading(f"可补{city}的缺口 ({len(data['closes'])} 个环节)", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, ("产业 › 产业链", "环节 (状态)", "匹配产品 (占比)", "理由"), strict=True):
        cell.text = text
    for item in data["closes"][:GAPS_SHOWN]:
        row = table.add_row().cells
        row[0].text = f"{item['industry']} › {item['chain']}"
        row[1].text = f"{item['link']} ({item['status']}, 本地 {item['local']} 家)"
        row[2].text = f"{item['product']} ({_pct(item['weight'])})" if _pct(item["weight"]) else item["product"]
        row[3].text = item["reason"]
    if len(data["closes"]) > GAPS_SHOWN:
        doc.add_paragraph(f"另有 {len(data['closes']) - GAPS_SHOWN} 个环节, 见招商工作簿。")

    doc.add_heading("责任部门与承载园区", level=2)
    departments = [f"{name}({'、'.join(roles)})" if roles else name for name, roles in data["departments"].items()]
    doc.add_paragraph("责任部门: " + ("、".join(departments) or "文件未写明"))
    doc.add_paragraph("候选承载园区: " + ("、".join(data["parks"]) or "文件未写明"))

    doc.add_heading("政策依据", level=2)
    for sentence in data["sentences"][:SENTENCES_SHOWN]:
        doc.add_paragraph(sentence[:220] + ("……" if len(sentence) > 220 else ""), style="Intense Quote")
    if not data["sentences"]:
        doc.add_paragraph("文件中没有写到这些环节的原句。")

    foot = doc.add_paragraph(f"生成日期 {today or datetime.date.today().isoformat()} · 数据来源: "
                             + "; ".join(export.source_lines(data.get("sources"))))
    for run in foot.runs:
        run.font.size = Pt(8)
    try:
        doc.save(path if hasattr(path, "write") else str(path))
    except OSError as err:
        raise InputError(f"无法写入 {path} ({err.strerror or err}): 请换一个可写的路径") from err
    return path


def brief_bytes(store, company: str, report: dict | None = None) -> bytes:
    """The brief of ``company`` as the bytes of a .docx file (for a download button)."""
    import io

    data = brief(store, company, report)
    buffer = io.BytesIO()
    write_docx(data, buffer)
    return buffer.getvalue()
