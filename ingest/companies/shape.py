"""The graph rows of a company list's valid rows (pure)."""

from __future__ import annotations

import json

from graph.store import Batch
from ingest.companies.resolve import GraphContext, Resolved
from ingest.companies.rows import Columns, Row


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
            # a match's evidence is the cell it was read in (主营产品 or 经营范围), with the row number
            evidence = ({**facts, "sentence": f"第{row.row}行 {cover['evidence']}"} if cover.get("evidence")
                        else facts)
            batch.add_rel("COVERS", {"src": cid, "dst": cover["link"], "via": "table",
                                     "confidence": cover["confidence"], "product": cover["product"],
                                     "grade": cover.get("grade"), "matched_term": cover.get("matched_term"),
                                     **evidence})
    return batch
