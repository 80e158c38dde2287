"""A small document graph for the company-list and data-quality tests (invented names throughout).

Two counties of 菏泽市 (东明县, 曹县) come in through parks, so the city's other counties are
accepted too; 材料 is a link of two industries' chains, so a list must say which one it means.
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.store import Batch
from graph.store.base import META_LABEL
from ingest.load import document_batch

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "companies"
DOC = "2099-sample-plan"


def _ev(sentence: str, start: int) -> dict:
    return {"doc": DOC, "section": "二、重点产业", "start": start, "end": start + len(sentence), "sentence": sentence}


EXTRACTION = {
    "document": {"title": "示例市产业规划", "date": "2099-01-01"},
    "industries": [
        {"name": "生物医药", "level": "sector", "evidence": _ev("发展生物医药产业", 1)},
        {"name": "化学药", "level": "segment", "parent": "生物医药", "evidence": _ev("化学药", 2)},
        {"name": "储能", "level": "sector", "evidence": _ev("储能", 3)},
        {"name": "医疗器械", "level": "sector", "evidence": _ev("医疗器械", 4)},
    ],
    "chains": [
        {"industry": "化学药", "links": ["基础原料", "中间体", "原料药", "化学制剂"], "evidence": _ev("链一", 5)},
        {"industry": "储能", "links": ["材料", "设备", "集成", "检测"], "evidence": _ev("链二", 6)},
        {"industry": "医疗器械", "links": ["材料", "终端产品"], "evidence": _ev("链三", 7)},
    ],
    "parks": [
        {"name": "东明新材料产业园", "county": "东明县", "industry": "储能", "evidence": _ev("东明新材料产业园", 8)},
        {"name": "曹县医药产业园", "county": "曹县", "industry": "化学药", "aliases": ["曹县医药园"],
         "evidence": _ev("曹县医药产业园", 9)},
        {"name": "示例空置产业园", "county": "曹县", "evidence": _ev("示例空置产业园", 10)},
    ],
    "companies": [
        {"name": "禾盛制药", "industry": "化学药", "evidence": _ev("支持禾盛制药发展原料药", 11)},
        {"name": "示例远帆电气", "industry": "储能", "evidence": _ev("培育示例远帆电气", 12)},
    ],
}

# a listed company of the national pool, as ingest.pool writes one
POOL_COMPANY = {"id": "900001.SH", "name": "澜川股份", "fullname": "山东澜川新材料股份有限公司", "code": "900001",
                "exchange": "SH", "local": False}


def link_id(industry: str, position: int) -> str:
    chain = next(c for c in EXTRACTION["chains"] if c["industry"] == industry)
    return f"{industry}|{'→'.join(chain['links'])}#{position}"


def seed(store) -> None:
    store.write(document_batch(EXTRACTION, doc_id=DOC))
    batch = Batch()
    batch.add_node("Company", dict(POOL_COMPANY))
    store.write(batch)


def snapshot(store) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties, in a store-independent, sorted form."""
    def clean(value: dict) -> dict:
        return {k: v for k, v in value.items() if not k.endswith("_ref") and v is not None}

    nodes = [json.dumps(clean(r["n"]), ensure_ascii=False, sort_keys=True) for r in store.read("MATCH (n) RETURN n AS n")
             if r["n"]["_label"] != META_LABEL]  # Neo4j's version node is not data
    rels = [json.dumps({"src": r["src"], "dst": r["dst"], **clean(r["r"])}, ensure_ascii=False, sort_keys=True)
            for r in store.read("MATCH (a)-[r]->(b) RETURN a.id AS src, b.id AS dst, r AS r")]
    return sorted(nodes), sorted(rels)
