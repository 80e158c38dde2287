"""Browsing, overview, responsibility and target functions, on a small graph written through the store."""

from __future__ import annotations

import pytest

from app_pages import views
from graph import browse, ontology, responsibility, targets
from graph.errors import InputError, NotFound, OntologyError
from graph.store import Batch

DOC = "2030-sample-city-industries"
SENTENCE_CHAIN = "打造“基础原料→中间体→原料药→化学制剂”产业链。"
SENTENCE_COMPANY = "依托甲药业、乙化工等企业, 加快发展原料药。"


def _prov(sentence: str, start: int = 0, section: str = "重点产业 / 医药产业 / 化学药") -> dict:
    return {"source": "document", "doc": DOC, "section": section, "span_start": start,
            "span_end": start + len(sentence), "sentence": sentence}


def sample_batch() -> Batch:
    """A small graph shaped like a loaded policy document plus a few pool companies.

    One sector (医药产业) with two segments, a four-link chain whose links have different statuses,
    local and pool companies, a park, two departments, a task, targets, a product hierarchy.
    """
    b = Batch()
    b.add_node("Document", {"id": DOC, "name": "某市关于推动示例产业发展的意见", "title": "某市关于推动示例产业发展的意见",
                            "number": "某政发〔2030〕1号", "issuer": "某市人民政府", "date": "2030-01-02"})
    mention = 0

    def mentioned(label, node_id, sentence):
        nonlocal mention
        mention += 10
        b.add_rel("MENTIONED_IN", {"src": node_id, "src_label": label, "dst": DOC, "dst_label": "Document",
                                   **_prov(sentence, mention)})

    for name, level, kind in (("医药产业", "sector", "strategic_emerging"), ("化学药", "segment", "strategic_emerging"),
                              ("现代中药", "segment", "strategic_emerging"), ("氢能", "sector", "future")):
        b.add_node("Industry", {"id": name, "name": name, "level": level, "kind": kind, "source": "document",
                                "aliases": ["化学制药"] if name == "化学药" else None})
        mentioned("Industry", name, f"{name}。")
    for seg in ("化学药", "现代中药"):
        b.add_rel("PART_OF", {"src": seg, "dst": "医药产业", **_prov(f"{seg}。")})
    b.add_node("Industry", {"id": "sw:370101", "name": "化学原料药", "source": "pool", "code": "370101"})

    links = ["基础原料", "中间体", "原料药", "化学制剂"]
    chain = "化学药|" + "→".join(links)
    b.add_node("Chain", {"id": chain, "name": "→".join(links), "industry": "化学药", "notation": "arrow",
                         "is_industrial_chain": True})
    b.add_rel("CHAIN_OF", {"src": chain, "dst": "化学药", **_prov(SENTENCE_CHAIN)})
    statuses = ["强链", "缺链", "弱链", "缺链"]
    for pos, (link, status) in enumerate(zip(links, statuses, strict=True), start=1):
        stage = "上游" if pos == 1 else "下游" if pos == len(links) else "中游"
        b.add_node("ChainLink", {"id": f"{chain}#{pos}", "name": link, "chain": chain, "industry": "化学药",
                                 "position": pos, "stage": stage, "status": status})
        b.add_rel("HAS_LINK", {"src": chain, "dst": f"{chain}#{pos}", "position": pos, **_prov(SENTENCE_CHAIN)})
        if pos > 1:
            b.add_rel("NEXT", {"src": f"{chain}#{pos - 1}", "dst": f"{chain}#{pos}", **_prov(SENTENCE_CHAIN)})
    mechanism = "化学药|技术→产品→企业→产业"
    b.add_node("Chain", {"id": mechanism, "name": "技术→产品→企业→产业", "industry": "化学药",
                         "is_industrial_chain": False})

    for cid, name in (("co:甲药业", "甲药业"), ("co:乙化工", "乙化工"), ("co:丙集团", "丙集团")):
        b.add_node("Company", {"id": cid, "name": name, "local": True, "external": False,
                               "aliases": ["甲药"] if name == "甲药业" else None})
        mentioned("Company", cid, SENTENCE_COMPANY)
        b.add_rel("NAMED_FOR", {"src": cid, "dst": "化学药", "verb": "依托", **_prov(SENTENCE_COMPANY, 40)})
    b.add_rel("COVERS", {"src": "co:甲药业", "dst": f"{chain}#1", "via": "document", "confidence": 0.8,
                         "product": "基础原料", **_prov(SENTENCE_COMPANY, 40)})
    b.add_rel("COVERS", {"src": "co:乙化工", "dst": f"{chain}#1", "via": "document", "confidence": 0.8,
                         "product": "基础原料", **_prov(SENTENCE_COMPANY, 40)})
    b.add_rel("COVERS", {"src": "co:丙集团", "dst": f"{chain}#3", "via": "manual", "confidence": 1.0,
                         "source": "manual"})
    for code, name in (("600001.SH", "丁制药"), ("000002.SZ", "戊医药")):
        b.add_node("Company", {"id": code, "name": name, "fullname": f"{name}股份有限公司", "code": code,
                               "local": False})
        b.add_rel("IN_INDUSTRY", {"src": code, "src_label": "Company", "dst": "sw:370101", "dst_label": "Industry",
                                  "source": "pool"})
    for product in ("化学制剂", "原料药", "中间体", "片剂"):
        b.add_node("Product", {"id": product, "name": product})
    b.add_rel("MAKES", {"src": "600001.SH", "dst": "化学制剂", "weight": 0.9, "source": "pool"})
    b.add_rel("MAKES", {"src": "000002.SZ", "dst": "原料药", "weight": 0.5, "source": "pool"})
    b.add_rel("UPSTREAM_OF", {"src": "原料药", "dst": "化学制剂", "source": "pool"})
    b.add_rel("UPSTREAM_OF", {"src": "中间体", "dst": "原料药", "source": "pool"})
    b.add_rel("SUBCATEGORY_OF", {"src": "片剂", "dst": "化学制剂", "source": "pool"})
    b.add_rel("FOCUSES_ON", {"src": "化学药", "dst": "原料药", **_prov(SENTENCE_COMPANY, 40)})

    b.add_node("Park", {"id": "示例医药港", "name": "示例医药港", "kind": "park", "county": "示例县"})
    b.add_node("County", {"id": "示例县", "name": "示例县"})
    b.add_rel("HOSTS", {"src": "示例医药港", "dst": "化学药", **_prov("建设示例医药港。", 300)})
    b.add_rel("LOCATED_IN", {"src": "示例医药港", "src_label": "Park", "dst": "示例县", "dst_label": "County",
                             **_prov("建设示例医药港。", 300)})
    mentioned("Park", "示例医药港", "建设示例医药港。")

    bracket = "（牵头单位：市发展改革委；配合单位：市科技局）"
    for dept in ("市发展改革委", "市科技局"):
        b.add_node("Department", {"id": dept, "name": dept})
        mentioned("Department", dept, bracket)
    b.add_rel("RESPONSIBLE_FOR", {"src": "市发展改革委", "dst": "化学药", "src_label": "Department",
                                  "dst_label": "Industry", "role": "lead", "bracket_order": 1, **_prov(bracket, 400)})
    b.add_rel("RESPONSIBLE_FOR", {"src": "市科技局", "dst": "化学药", "src_label": "Department",
                                  "dst_label": "Industry", "role": "support", "bracket_order": 2, **_prov(bracket, 400)})
    b.add_node("Task", {"id": "创新驱动发展工程", "name": "创新驱动发展工程", "section": "重点工程"})
    b.add_rel("RESPONSIBLE_FOR", {"src": "市科技局", "dst": "创新驱动发展工程", "src_label": "Department",
                                  "dst_label": "Task", "role": "responsible", "bracket_order": 1,
                                  **_prov("（市科技局负责）", 500, "重点工程 / 创新驱动发展工程")})

    for n, (owner, year, value, unit, qualifier) in enumerate(
            (("化学药", 2030, 100.0, "亿元", "左右"), ("化学药", 2032, 150.0, "亿元", "以上"),
             ("氢能", 2032, None, None, "力争突破")), start=1):
        tid = f"{DOC}:target:{n}"
        sentence = f"到{year}年, {owner}产业规模达到{value or ''}{unit or ''}{qualifier}。"
        b.add_node("Target", {"id": tid, "name": f"{year}年 {owner}", "subject": owner, "year": year,
                              "metric": "产业规模", "value": value, "unit": unit, "qualifier": qualifier})
        b.add_rel("HAS_TARGET", {"src": owner, "src_label": "Industry", "dst": tid, "dst_label": "Target",
                                 **_prov(sentence, 600 + n)})
        mentioned("Target", tid, sentence)
    b.add_node("Technology", {"id": "药物合成", "name": "药物合成"})
    b.add_rel("NEEDS_TECH", {"src": "化学药", "dst": "药物合成", **_prov("突破药物合成等技术。", 700)})
    return b


@pytest.fixture(scope="module", params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def sample(request, tmp_path_factory):
    """The sample graph on each store, written once per module (the tests here only read)."""
    from tests.conftest import make_store

    store = make_store(request.param, tmp_path_factory.mktemp("browse"))
    store.write(sample_batch())
    yield store
    store.close()


def test_search_finds_nodes_by_partial_name_with_exact_matches_first(sample):
    hits = browse.search(sample, "化学")
    assert ("Industry", "化学药") in [(h.label, h.id) for h in hits]
    exact = browse.search(sample, "化学制剂")
    assert ["化学制剂", "化学制剂"] == [h.name for h in exact[:2]]
    assert {"ChainLink", "Product"} == {h.label for h in exact[:2]}


def test_search_finds_nodes_by_alias_and_filters_by_label(sample):
    assert [("Company", "co:甲药业")] == [(h.label, h.id) for h in browse.search(sample, "甲药")]
    assert [("Industry", "化学药")] == [(h.label, h.id) for h in browse.search(sample, "化学制药")]
    assert {"Product"} == {h.label for h in browse.search(sample, "化学", labels=["Product"])}
    assert [] == browse.search(sample, "   ")


def test_search_refuses_an_unknown_label(sample):
    with pytest.raises(OntologyError, match="unknown node label"):
        browse.search(sample, "化学", labels=["Bogus"])


def test_neighbourhood_of_depth_one_holds_the_direct_neighbours_without_documents(sample):
    graph = browse.neighbourhood(sample, "Company", "co:甲药业", depth=1)
    assert {"Company:co:甲药业", "Industry:化学药", "ChainLink:化学药|基础原料→中间体→原料药→化学制剂#1"} == set(graph.nodes)
    assert not graph.capped
    assert {("Company:co:甲药业", "Industry:化学药", "NAMED_FOR")} <= {(e.src, e.dst, e.type) for e in graph.edges}


def test_neighbourhood_grows_with_depth_and_keeps_only_the_chosen_labels(sample):
    one = browse.neighbourhood(sample, "Industry", "化学药", depth=1)
    two = browse.neighbourhood(sample, "Industry", "化学药", depth=2)
    assert set(one.nodes) < set(two.nodes)
    only = browse.neighbourhood(sample, "Industry", "化学药", depth=2, labels=["Company"])
    assert {"Industry", "Company"} == {n.label for n in only.nodes.values()}
    with_docs = browse.neighbourhood(sample, "Company", "co:甲药业", depth=1, labels=["Document", "Industry"])
    assert f"Document:{DOC}" in with_docs.nodes


def test_neighbourhood_stops_at_the_node_cap_and_says_so(sample):
    graph = browse.neighbourhood(sample, "Industry", "化学药", depth=3, cap=5)
    assert 5 == len(graph.nodes)
    assert graph.capped
    assert all(e.src in graph.nodes and e.dst in graph.nodes for e in graph.edges)


def reference_neighbourhood(store, label: str, node_id: str, depth: int, allowed: set[str]):
    """The neighbourhood worked out in Python from every edge of the graph, with no cap (what
    browse.neighbourhood must give when its walk is not capped): node keys and (src, dst, type)."""
    edges = store.read("MATCH (a)-[r]->(b) RETURN a AS a, r AS r, b AS b")
    key = browse.node_key
    adjacent: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in edges:
        a, b = key(row["a"]["_label"], row["a"]["id"]), key(row["b"]["_label"], row["b"]["id"])
        rel = (a, b, row["r"]["_type"])
        adjacent.setdefault(a, []).append((b, row["b"]["_label"], rel))
        adjacent.setdefault(b, []).append((a, row["a"]["_label"], rel))
    nodes, found, frontier = {key(label, node_id)}, set(), [key(label, node_id)]
    for _ in range(depth):
        reached = []
        for here in frontier:
            for other, other_label, rel in adjacent.get(here, []):
                if other_label not in allowed and other not in nodes:
                    continue
                if other not in nodes:
                    nodes.add(other)
                    reached.append(other)
                found.add(rel)
        frontier = reached
    return nodes, found


@pytest.mark.parametrize("label, node_id", [("Industry", "化学药"), ("Company", "co:甲药业"), ("Product", "原料药"),
                                            ("Document", DOC), ("Department", "市科技局")])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_an_uncapped_neighbourhood_holds_every_node_and_edge_within_reach(sample, label, node_id, depth):
    allowed = set(ontology.NODES) - set(browse.DEFAULT_HIDDEN)
    graph = browse.neighbourhood(sample, label, node_id, depth=depth)
    nodes, edges = reference_neighbourhood(sample, label, node_id, depth, allowed)
    assert not graph.capped
    assert sorted(nodes) == sorted(graph.nodes)
    assert sorted(edges) == sorted((e.src, e.dst, e.type) for e in graph.edges)


def hub_batch(makers: int) -> Batch:
    """A product made by ``makers`` companies, one of which also makes a second product."""
    b = Batch()
    for product in ("枢纽产品", "第二产品"):
        b.add_node("Product", {"id": product, "name": product})
    for i in range(makers):
        b.add_node("Company", {"id": f"co:{i:03d}", "name": f"企业{i:03d}"})
        b.add_rel("MAKES", {"src": f"co:{i:03d}", "dst": "枢纽产品", "weight": 0.5, "source": "pool"})
    b.add_rel("MAKES", {"src": "co:000", "dst": "第二产品", "weight": 0.5, "source": "pool"})
    return b


def test_a_hub_with_more_neighbours_than_the_cap_is_capped(store):
    store.write(hub_batch(60))
    graph = browse.neighbourhood(store, "Product", "枢纽产品", depth=1, cap=10)
    assert graph.capped
    assert 10 == len(graph.nodes)
    assert {"Company"} == {n.label for k, n in graph.nodes.items() if k != "Product:枢纽产品"}
    assert sorted((k, "Product:枢纽产品", "MAKES") for k in graph.nodes if k.startswith("Company:")) == sorted(
        (e.src, e.dst, e.type) for e in graph.edges)
    deeper = browse.neighbourhood(store, "Company", "co:000", depth=2, cap=10)
    assert deeper.capped
    assert 10 == len(deeper.nodes)
    assert {"Company:co:000", "Product:枢纽产品", "Product:第二产品"} <= set(deeper.nodes)
    assert all(e.src in deeper.nodes and e.dst in deeper.nodes for e in deeper.edges)


def test_a_per_kind_cap_leaves_room_for_other_kinds_and_counts_what_it_left_out(store):
    store.write(hub_batch(60))
    graph = browse.neighbourhood(store, "Company", "co:000", depth=2, cap=100, per_label=8)
    kinds = {}
    for key, node in graph.nodes.items():
        if key != "Company:co:000":
            kinds[node.label] = kinds.get(node.label, 0) + 1
    assert {"Product": 2, "Company": 8} == kinds  # both products, and at most 8 of the hub's 59 other makers
    assert not graph.capped and graph.hidden["Company"] >= 1
    assert all(e.src in graph.nodes and e.dst in graph.nodes for e in graph.edges)
    whole = browse.neighbourhood(store, "Company", "co:000", depth=2, cap=100)
    assert {} == whole.hidden and 62 == len(whole.nodes)  # the centre, two products, 59 other makers
    # the counts are exact when every row was read, "at least" otherwise
    assert graph.hidden["Company"] == 51 or "Company" in graph.hidden_partial


def test_a_hub_within_the_cap_is_not_capped(store):
    store.write(hub_batch(9))
    graph = browse.neighbourhood(store, "Product", "枢纽产品", depth=2, cap=11)
    assert not graph.capped
    assert 11 == len(graph.nodes)
    assert 10 == len(graph.edges)


def test_a_neighbour_behind_many_parallel_edges_is_still_found(store):
    """Edges to nodes already taken fill a query's row limit without turning a node away: the walk
    asks again rather than miss the neighbours after them."""
    b = hub_batch(1)
    b.add_node("Document", {"id": DOC, "name": "文件"})
    for i in range(30):
        b.add_rel("MENTIONED_IN", {"src": "co:000", "src_label": "Company", "dst": DOC, "dst_label": "Document",
                                   **_prov(f"第{i}句。", 10 * i)})
    store.write(b)
    graph = browse.neighbourhood(store, "Company", "co:000", depth=1, cap=4, labels=["Document", "Product"])
    assert not graph.capped
    assert {"Company:co:000", f"Document:{DOC}", "Product:枢纽产品", "Product:第二产品"} == set(graph.nodes)


def test_expanding_a_node_adds_its_neighbours(sample):
    base = browse.neighbourhood(sample, "Industry", "化学药", depth=1, labels=["Company", "Park", "County"])
    assert "County:示例县" not in base.nodes
    grown = browse.neighbourhood(sample, "Industry", "化学药", depth=1, labels=["Company", "Park", "County"],
                                 expand=("Park:示例医药港",))
    assert "County:示例县" in grown.nodes


def test_neighbourhood_refuses_bad_depth_cap_and_unknown_nodes(sample):
    with pytest.raises(InputError, match="depth"):
        browse.neighbourhood(sample, "Industry", "化学药", depth=4)
    with pytest.raises(InputError, match="cap"):
        browse.neighbourhood(sample, "Industry", "化学药", cap=5000)
    with pytest.raises(NotFound, match="搜索"):
        browse.neighbourhood(sample, "Industry", "不存在的产业")


def test_shortest_path_joins_a_pool_company_to_a_department(sample):
    path = browse.shortest_path(sample, ("Company", "600001.SH"), ("Department", "市科技局"))
    assert path is not None
    names = [n.name for n in path.nodes.values()]
    assert ["丁制药", "化学制剂", "原料药", "化学药", "市科技局"] == names
    assert len(path.edges) == len(path.nodes) - 1
    assert "MENTIONED_IN" not in {e.type for e in path.edges}


def test_shortest_path_is_none_between_unconnected_nodes(sample):
    assert browse.shortest_path(sample, ("Industry", "氢能"), ("Product", "片剂")) is None


def test_path_relationship_types_match_the_saved_queries():
    from graph.queries import load_query

    for dialect in ("ladybug", "neo4j"):
        text = load_query("browse_path", dialect).text
        listed = text.split("[:", 1)[1].split("*", 1)[0].split("|")
        assert sorted(browse.PATH_TYPES) == sorted(listed)


def test_entity_detail_lists_properties_relationships_and_source_sentences(sample):
    detail = browse.entity(sample, "Company", "co:甲药业")
    assert "甲药业" == detail.props["name"]
    assert ["甲药"] == detail.props["aliases"]
    named = [r for r in detail.relations if r.type == "NAMED_FOR"]
    assert 1 == len(named)
    assert ("out", "化学药", "依托", SENTENCE_COMPANY) == (named[0].direction, named[0].other.name,
                                                         named[0].props["verb"], named[0].sentence)
    assert "某市关于推动示例产业发展的意见" == named[0].doc_title
    assert [SENTENCE_COMPANY] == [m.sentence for m in detail.mentions]
    assert "MENTIONED_IN" not in {r.type for r in detail.relations}


def test_entity_detail_of_a_department_shows_its_roles(sample):
    detail = browse.entity(sample, "Department", "市科技局")
    roles = sorted((r.other.name, r.props["role"]) for r in detail.relations if r.type == "RESPONSIBLE_FOR")
    assert [("创新驱动发展工程", "responsible"), ("化学药", "support")] == roles


def test_overview_counts_industries_and_chain_completeness(sample):
    counts = {c["label"]: c["count"] for c in views.counts(sample)}
    assert 5 == counts["Industry"] and 5 == counts["Company"] and 2 == counts["Chain"]
    rows = views.industries(sample)
    assert ["医药产业", "化学药", "现代中药", "氢能"] == [r["name"] for r in rows]
    assert "医药产业" == rows[1]["parent"] and 3 == rows[1]["companies"] and 1 == rows[1]["chains"]
    by_kind = views.industries_by_kind(rows)
    assert ["战略性新兴产业", "未来产业"] == list(by_kind)
    chains = views.chains(sample)
    assert 1 == len(chains)  # the mechanism sequence is not an industrial chain
    assert (4, 2, 0.5, 2, 1, 1) == (chains[0].links, chains[0].covered, chains[0].completeness,
                                    chains[0].missing, chains[0].weak, chains[0].strong)


def test_targets_are_listed_with_owner_value_and_sentence(sample):
    rows = targets.targets(sample)
    assert [(2030, "化学药", "100亿元 (左右)"), (2032, "化学药", "150亿元 (以上)"), (2032, "氢能", "(力争突破)")] == \
        [(r["year"], r["owner"], r["shown"]) for r in rows]
    assert rows[0]["sentence"].startswith("到2030年")
    assert [2032] == [r["year"] for r in targets.targets(sample, industry="氢能")]
    assert [{"year": "2030", "count": 1}, {"year": "2032", "count": 2}] == views.targets_by_year(rows)


def test_responsibility_matrix_shows_lead_and_support_with_tasks(sample):
    rows = responsibility.assignments(sample)
    m = responsibility.matrix(rows, "Industry")
    assert ["市发展改革委", "市科技局"] == m["departments"]
    assert {("市发展改革委", "化学药"): "牵头·1", ("市科技局", "化学药"): "配合·2"} == m["cells"]
    assert ["创新驱动发展工程"] == [t["target"] for t in responsibility.tasks_of(rows, "市科技局")]
    facts = responsibility.cell(rows, "市科技局", "化学药")
    assert ["（牵头单位：市发展改革委；配合单位：市科技局）"] == [f["sentence"] for f in facts]


REPORT = {"chains": [
    {"industry": "化学药", "name": "基础原料→中间体", "completeness": 0.5, "links": [
        {"name": "基础原料", "position": 1, "stage": "上游", "status": "强链", "criticality": 0.1,
         "local_companies": [{"name": "甲药业", "via": "document", "evidence": "依托甲药业"},
                             {"name": "乙化工", "via": "pool", "evidence": None}],
         "candidates": [], "departments": ["市发展改革委"], "parks": [{"name": "示例医药港"}]},
        {"name": "中间体", "position": 2, "stage": "下游", "status": "缺链", "criticality": 0.2, "local_companies": [],
         "candidates": [{"name": "丁制药", "fullname": "丁制药股份有限公司", "code": "600001.SH", "product": "中间体",
                         "weight": 0.9, "closes": 2}],
         "departments": [{"name": "市科技局", "role": "support"}], "parks": []}]},
    {"industry": "氢能", "name": "制氢→储氢", "completeness": 0.0, "links": [
        {"name": "制氢", "position": 1, "stage": "上游", "status": "缺链", "criticality": 0.9, "local_companies": [],
         "candidates": [{"name": "丁制药", "code": "600001.SH", "product": "氢气", "weight": 0.2, "closes": 2}],
         "departments": [], "parks": []},
        {"name": "储氢", "position": 2, "stage": "下游", "status": "弱链", "criticality": 0.5,
         "local_companies": [{"name": "丙集团", "via": "manual"}], "candidates": [], "departments": [],
         "parks": []}]}],
    "industries_without_chain": ["现代中药"]}


def test_gap_rows_rank_missing_links_first_then_by_criticality():
    rows = views.gap_rows(REPORT)
    assert [("氢能", "制氢", "缺链"), ("化学药", "中间体", "缺链"), ("氢能", "储氢", "弱链"), ("化学药", "基础原料", "强链")] == \
        [(r["industry"], r["link"], r["status"]) for r in rows]
    assert "市科技局(配合)" == rows[1]["departments"] and "示例医药港" == rows[3]["parks"]
    assert "甲药业、乙化工" == rows[3]["local"]


def test_gap_filters_by_industry_status_and_department():
    rows = views.gap_rows(REPORT)
    assert ["中间体"] == [r["link"] for r in views.filter_gaps(rows, industries=["化学药"], statuses=["缺链"])]
    assert ["基础原料"] == [r["link"] for r in views.filter_gaps(rows, department="市发展改革委")]
    assert ["中间体"] == [r["link"] for r in views.filter_gaps(rows, department="市科技局")]
    assert 4 == len(views.filter_gaps(rows))


def test_recruits_put_the_company_closing_most_gaps_first():
    recruits = views.recruits(REPORT)
    assert [("丁制药", 2, "化学药·中间体、氢能·制氢")] == [(r["name"], r["closes"], r["gaps"]) for r in recruits]


def test_gaps_csv_has_chinese_headers_and_one_line_per_row():
    text = views.gaps_csv(views.gap_rows(REPORT)).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("优先级,为何排在这里,产业,产业链,位置序号,环节")
    assert 5 == len(lines)
    import csv
    import io

    ranked = list(csv.reader(io.StringIO(views.gaps_csv(views.ranked_gaps(REPORT, {})).decode("utf-8-sig"))))
    assert ranked[1][1].startswith("缺链") and float(ranked[1][0]) > 0  # the priority and its reason travel along
