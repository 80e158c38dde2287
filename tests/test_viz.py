"""Drawings are self-contained (nothing fetched from the internet) and bounded in size."""

from __future__ import annotations

import json

from app_pages import viz
from graph.browse import Edge, Node, Subgraph


def star(n: int) -> Subgraph:
    centre = Node("Industry", "化学药", "化学药")
    graph = Subgraph(centre=centre.key)
    graph.nodes[centre.key] = centre
    for i in range(n):
        node = Node("Company", f"co:企业{i}", f"企业{i}")
        graph.nodes[node.key] = node
        graph.edges.append(Edge(node.key, centre.key, "NAMED_FOR"))
    return graph


def test_a_network_page_references_nothing_outside_itself():
    page = viz.network_html(star(5))
    assert [] == viz.external_references(page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis.Network" in page or "new vis" in page  # vis-network is inlined, not linked
    assert "企业3" in page or json.dumps("企业3")[1:-1] in page


def test_external_references_spots_links_scripts_and_css_urls():
    assert 3 == len(viz.external_references(
        '<link href="https://a.b/c.css"><script src="//a.b/x.js"></script><style>a{background:url(http://a/b.png)}</style>'))
    assert [] == viz.external_references('<a title="see https://example.org">x</a><img src="data:image/png;base64,AA">')


def test_nodes_are_coloured_by_label_and_the_centre_stands_out():
    nodes, edges = viz.network_data(star(2))
    by_id = {n["id"]: n for n in nodes}
    assert viz.LABEL_COLOURS["Industry"] == by_id["Industry:化学药"]["color"]
    assert viz.LABEL_COLOURS["Company"] == by_id["Company:co:企业0"]["color"]
    assert by_id["Industry:化学药"]["size"] > by_id["Company:co:企业0"]["size"]
    assert [("Company:co:企业0", "Industry:化学药", "列名产业")] == [(e["from"], e["to"], e["title"]) for e in edges[:1]]


def test_large_graphs_are_cut_to_the_drawing_cap_with_bounded_layout():
    graph = star(2500)
    nodes, edges = viz.network_data(graph)
    assert viz.MAX_NODES == len(nodes)
    kept = {n["id"] for n in nodes}
    assert all(e["from"] in kept and e["to"] in kept for e in edges)
    assert all("label" not in e for e in edges)  # edge captions only on small graphs
    options = viz.options(len(nodes))
    assert options["physics"]["stabilization"]["iterations"] <= 50
    assert not options["layout"]["improvedLayout"]


def test_every_label_has_a_colour_and_the_legend_names_it_in_chinese():
    from graph import ontology

    assert set(ontology.NODES) == set(viz.LABEL_COLOURS)
    legend = viz.legend_html(["Company", "Park"])
    assert "企业" in legend and "园区" in legend


def test_a_chain_strip_shows_links_in_order_coloured_by_status():
    strip = viz.chain_html([{"name": "基础原料", "status": "强链", "stage": "上游", "local": 3},
                            {"name": "中间体", "status": "缺链", "stage": "中游", "local": 0},
                            {"name": "化学制剂", "status": None, "stage": "下游"}])
    assert strip.index("基础原料") < strip.index("中间体") < strip.index("化学制剂")
    assert viz.STATUS_COLOURS["强链"] in strip and viz.STATUS_COLOURS["缺链"] in strip
    assert viz.UNKNOWN_STATUS_COLOUR in strip and "未评估" in strip
    assert "本地 3 家" in strip


def test_names_are_escaped_in_chain_strips():
    strip = viz.chain_html([{"name": "<script>x</script>", "status": "强链", "stage": "上游"}])
    assert "<script>x" not in strip and "&lt;script&gt;" in strip


def test_query_results_with_nodes_and_relationships_become_a_graph():
    rows = [{"c": {"id": "co:甲", "name": "甲", "_label": "Company", "_ref": "4:0"},
             "r": {"verb": "依托", "_type": "NAMED_FOR", "_src_ref": "4:0", "_dst_ref": "1:0"},
             "i": {"id": "化学药", "name": "化学药", "_label": "Industry", "_ref": "1:0"}},
            {"p": {"nodes": [{"id": "化学药", "name": "化学药", "_label": "Industry", "_ref": "1:0"},
                             {"id": "x", "name": "X", "_label": "Product", "_ref": "9:1"}],
                   "rels": [{"_type": "FOCUSES_ON", "_src_ref": "1:0", "_dst_ref": "9:1"}]},
             "n": 3}]
    graph = viz.table_graph(rows)
    assert {"Company:co:甲", "Industry:化学药", "Product:x"} == set(graph.nodes)
    assert {("Company:co:甲", "Industry:化学药", "NAMED_FOR"), ("Industry:化学药", "Product:x", "FOCUSES_ON")} == \
        {(e.src, e.dst, e.type) for e in graph.edges}
    assert {} == viz.table_graph([{"n": 1, "name": "x"}]).nodes


def test_names_in_tooltips_cannot_inject_markup():
    graph = Subgraph()
    node = Node("Company", "co:x", '<img src=x onerror=alert(1) href="y">')
    graph.nodes[node.key] = node
    nodes, _ = viz.network_data(graph)
    assert "<img" not in nodes[0]["title"] and "&lt;img" in nodes[0]["title"]


def test_what_the_per_kind_cap_left_out_is_drawn_as_one_box_per_kind():
    graph = star(5)
    graph.hidden = {"Company": 42}
    graph.hidden_partial = {"Company"}
    nodes, edges = viz.network_data(graph)
    more = [n for n in nodes if n["id"] == "more:Company"]
    assert ["另有至少 42 个企业"] == [n["label"] for n in more]
    assert {"from": "Industry:化学药", "to": "more:Company"}.items() <= next(
        e for e in edges if e["to"] == "more:Company").items()
    assert all("编号" not in n["title"] and "co:" not in n["title"] for n in nodes)


def test_bigger_graphs_get_more_room_and_larger_labels():
    small, big = viz.options(20), viz.options(200)
    assert big["nodes"]["scaling"]["label"]["drawThreshold"] < 5  # labels stay drawn when fitted
    assert big["physics"]["barnesHut"]["avoidOverlap"] > small["physics"]["barnesHut"]["avoidOverlap"]
    nodes, _ = viz.network_data(star(3))
    assert all(n["font"]["size"] >= 14 for n in nodes)
