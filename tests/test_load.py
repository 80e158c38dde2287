"""Document extraction → graph rows (pure), and writing them (both stores)."""

from __future__ import annotations

from graph.store import Batch
from ingest.load import document_batch

EV = {"doc": "d1", "section": "二、重点产业 / （一）医药产业", "start": 100, "end": 110,
      "sentence": "依托甲制药等企业，构建原料药→制剂产业链。"}


def extraction() -> dict:
    return {
        "document": {"title": "某市关于测试的意见", "number": "某政发〔2030〕1号", "date": "2030-01-02",
                     "public": True},
        "industries": [
            {"name": "医药", "level": "sector", "parent": None, "kind": "strategic_emerging", "evidence": EV},
            {"name": "化学药", "level": "segment", "parent": "医药", "kind": "strategic_emerging",
             "evidence": EV},
        ],
        "companies": [
            {"name": "甲制药", "industry": "化学药", "verb": "依托", "external": False, "evidence": EV},
            {"name": "某电商平台", "industry": "化学药", "verb": "对接", "external": True, "evidence": EV},
        ],
        "chains": [{"industry": "化学药", "links": ["原料药", "制剂"], "notation": "arrow",
                    "is_industrial_chain": True, "evidence": EV}],
        "departments": [{"name": "市工业局", "responsible_for": ["医药", "园区提升工程"],
                         "roles": [{"target": "医药", "role": "lead", "order": 1},
                                   {"target": "园区提升工程", "role": "support", "order": 2}],
                         "evidence": EV}],
        "parks": [{"name": "某县医药产业园", "kind": "park", "industry": "化学药", "county": "某县",
                   "evidence": EV}],
        "targets": [{"subject": "医药", "year": 2030, "metric": "产值", "value": 100, "unit": "亿元",
                     "qualifier": "以上", "evidence": EV}],
    }


def test_a_document_becomes_nodes_with_provenance_on_every_fact():
    batch = document_batch(extraction(), doc_id="d1", sha256="abc")
    assert ["甲制药", "某电商平台"] == [r["name"] for r in batch.nodes["Company"]]
    named = batch.rels["NAMED_FOR"]
    assert {("co:甲制药", "化学药", "依托", 100, 110, EV["sentence"])} == {
        (r["src"], r["dst"], r["verb"], r["span_start"], r["span_end"], r["sentence"]) for r in named
        if r["src"] == "co:甲制药"}
    mentioned = {r["src"] for r in batch.rels["MENTIONED_IN"]}
    assert {"co:甲制药", "化学药", "医药", "市工业局", "某县医药产业园"} <= mentioned


def test_a_chain_becomes_ordered_links_with_stages_and_next():
    batch = document_batch(extraction(), doc_id="d1")
    links = sorted(batch.nodes["ChainLink"], key=lambda r: r["position"])
    assert [("原料药", 1, "上游"), ("制剂", 2, "下游")] == [(r["name"], r["position"], r["stage"]) for r in links]
    assert [(links[0]["id"], links[1]["id"])] == [(r["src"], r["dst"]) for r in batch.rels["NEXT"]]


def test_departments_keep_role_and_order_and_non_industries_become_tasks():
    batch = document_batch(extraction(), doc_id="d1")
    roles = {(r["dst"], r["dst_label"], r["role"], r["bracket_order"]) for r in batch.rels["RESPONSIBLE_FOR"]}
    assert {("医药", "Industry", "lead", 1), ("园区提升工程", "Task", "support", 2)} == roles


def test_a_company_named_in_the_clause_of_a_link_covers_it_and_external_ones_do_not():
    data = extraction()
    for company in data["companies"]:
        company["evidence"] = {**EV, "sentence": f"支持{company['name']}扩大原料药产能，构建原料药→制剂产业链。"}
    batch = document_batch(data, doc_id="d1")
    covers = {(r["src"], r["dst"], r["via"]) for r in batch.rels["COVERS"]}
    assert {("co:甲制药", "化学药|原料药→制剂#1", "document")} == covers


def test_a_clause_that_spells_out_the_whole_chain_covers_no_link():
    batch = document_batch(extraction(), doc_id="d1")  # 依托甲制药等企业，构建原料药→制剂产业链。
    assert [] == batch.rels.get("COVERS", [])


def test_a_company_linked_to_the_pool_takes_the_pool_id_and_keeps_its_written_name():
    linked = {"甲制药": {"id": "600001.SH", "code": "600001.SH", "fullname": "甲制药股份有限公司",
                         "reason": "full name", "confidence": 0.95}}
    batch = document_batch(extraction(), doc_id="d1", company_ids=linked)
    row = next(r for r in batch.nodes["Company"] if r["id"] == "600001.SH")
    assert ("甲制药", "甲制药股份有限公司") == (row["name"], row["fullname"])


def test_the_rows_load_into_a_store_twice_without_change(store):
    batch = document_batch(extraction(), doc_id="d1")
    store.write(batch)
    counts = store.counts()
    store.write(document_batch(extraction(), doc_id="d1"))
    assert counts == store.counts()
    assert 1 == counts["County"] and 2 == counts["ChainLink"] and 1 == counts["Task"]
    assert isinstance(batch, Batch)



def test_documents_with_no_industry_but_departments_or_a_bare_department_load(tmp_path):
    """ingest build takes every document that ingest extract finds something in; a department the
    text names without an industry or task of its own (devset 03) is loaded on its own."""
    from graph.store import open_store
    from ingest.load import build
    from tests.conftest import ROOT

    devset = ROOT / "tests" / "fixtures" / "devset" / "docs"
    docs = [devset / "03-guangdong-future-industries.txt", devset / "07-liaocheng-cluster-list.txt"]
    with open_store(str(tmp_path / "graph")) as store:
        report = build(store, docs, progress=lambda _m: None)
        assert [] == report.failed
        names = {r["name"] for r in store.read("MATCH (d:Department) RETURN d.name AS name")}
        assert "省发展改革委" in names
