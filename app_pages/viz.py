"""Drawing for the app, offline: pyvis networks with vis-network inlined, and chain strips in HTML.

pyvis 0.3.2 inlines vis-network with ``cdn_resources="in_line"`` but its template still links
Bootstrap from a CDN; those tags are removed here, and :func:`external_references` lets tests (and
this module, before returning) check that nothing in the page would be fetched from the internet.
Large graphs are drawn with bounded stabilization and physics switched off afterwards; node and
edge lists are handed to pyvis whole (its ``add_edge`` scans a list per call).
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from graph import ontology
from graph.browse import Edge, Node, Subgraph, node_context, node_key
from graph.errors import ChainKGError

MAX_NODES = 2000

LABEL_COLOURS = {
    "Document": "#7f7f7f",
    "Industry": "#1f77b4",
    "Chain": "#17becf",
    "ChainLink": "#9edae5",
    "Company": "#ff7f0e",
    "Park": "#2ca02c",
    "Department": "#9467bd",
    "County": "#8c564b",
    "Task": "#c5b0d5",
    "Target": "#e377c2",
    "Project": "#bcbd22",
    "Technology": "#aec7e8",
    "Product": "#ffbb78",
}
STATUS_COLOURS = {"缺链": "#d62728", "弱链": "#f5a623", "待核实": "#5b7db1", "强链": "#2ca02c"}
UNKNOWN_STATUS_COLOUR = "#9e9e9e"

# Tags that would make the browser fetch something from another host.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)""",
    re.IGNORECASE)
_CDN_TAG = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']https?://[^>]*>|<script\b[^>]*\bsrc\s*=\s*[\"']https?://[^>]*>"
                      r"\s*</script>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)


class RenderError(ChainKGError):
    """A drawing would reference something outside the page."""


def external_references(page: str) -> list[str]:
    """Places in ``page`` that would load something from another host (empty when self-contained).

    >>> external_references('<script src="https://cdn.example.org/x.js"></script>')
    ['src="https://']
    >>> external_references('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    []
    """
    return [m.group(0) for m in _EXTERNAL.finditer(page)]


def colour_of(label: str) -> str:
    return LABEL_COLOURS.get(label, "#cccccc")


def legend_html(labels) -> str:
    """A colour legend for node kinds, as HTML for ``st.markdown(..., unsafe_allow_html=True)``."""
    items = []
    for label in labels:
        title = ontology.node_kind(label).title
        items.append(f'<span style="display:inline-block;margin-right:14px;white-space:nowrap">'
                     f'<span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
                     f'background:{colour_of(label)};margin-right:4px;vertical-align:middle"></span>'
                     f'{html.escape(title)}</span>')
    return '<div class="chainkg-legend">' + "".join(items) + "</div>"


def status_legend_html() -> str:
    items = [f'<span style="display:inline-block;margin-right:14px"><span style="display:inline-block;width:12px;'
             f'height:12px;background:{colour};margin-right:4px;vertical-align:middle"></span>{status}</span>'
             for status, colour in STATUS_COLOURS.items()]
    items.append(f'<span style="display:inline-block"><span style="display:inline-block;width:12px;height:12px;'
                 f'background:{UNKNOWN_STATUS_COLOUR};margin-right:4px;vertical-align:middle"></span>未评估</span>')
    return '<div class="chainkg-legend">' + "".join(items) + "</div>"


def badge_html(label: str) -> str:
    """A node kind's Chinese name on its colour."""
    return (f'<span style="background:{colour_of(label)};color:#fff;padding:2px 8px;border-radius:6px">'
            f"{html.escape(ontology.node_kind(label).title)}</span>")


def escape(text) -> str:
    """Text for HTML (names and ids come from documents and user data)."""
    return html.escape(str(text))


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_data(graph: Subgraph, *, max_nodes: int = MAX_NODES) -> tuple[list[dict], list[dict]]:
    """vis-network node and edge dicts for ``graph`` (pure); at most ``max_nodes`` nodes."""
    keys = list(graph.nodes)[:max_nodes]
    kept = set(keys)
    degree: dict[str, int] = {}
    for edge in graph.edges:
        degree[edge.src] = degree.get(edge.src, 0) + 1
        degree[edge.dst] = degree.get(edge.dst, 0) + 1
    nodes = []
    for key in keys:
        node = graph.nodes[key]
        centre = key == graph.centre
        hub = degree.get(key, 0) >= 3
        context = node_context(node.label, node.id)
        nodes.append({
            "id": key, "label": _short(node.name), "shape": "dot",
            # escaped: pyvis switches to an innerHTML tooltip when a title mentions "href"
            "title": html.escape(f"{node.title}: {node.name}" + (f"\n{context}" if context else "")),
            "color": colour_of(node.label), "size": 24 if centre else 18 if hub else 14,
            "borderWidth": 3 if centre else 1,
            "font": {"size": 22 if centre else 18 if hub else 14, "strokeWidth": 4, "strokeColor": "#ffffff"},
        })
    # what the per-kind cap left out, as one box per kind beside the centre ("另有 N 个企业")
    more_edges = []
    for label, count in sorted(getattr(graph, "hidden", {}).items()):
        if not count or graph.centre not in kept:
            continue
        at_least = "至少" if label in getattr(graph, "hidden_partial", set()) else ""
        title = ontology.node_kind(label).title
        nodes.append({"id": f"more:{label}", "label": f"另有{at_least} {count} 个{title}", "shape": "box",
                      "color": {"background": "#f2f2f2", "border": colour_of(label)}, "borderWidth": 2,
                      "font": {"size": 18, "color": "#333333"},
                      "title": html.escape(f"按类别的节点上限未画出的{title}; 可提高上限或只看该类别")})
        more_edges.append({"from": graph.centre, "to": f"more:{label}", "dashes": True, "arrows": "",
                           "color": {"color": "#cccccc"}})
    label_edges = len(graph.edges) <= 60  # beyond that, edge labels only on hover
    edges = []
    for edge in graph.edges:
        if edge.src not in kept or edge.dst not in kept:
            continue
        item = {"from": edge.src, "to": edge.dst, "title": edge.title, "arrows": "to"}
        if label_edges:
            item["label"] = edge.title
        edges.append(item)
    return nodes, edges + more_edges


def options(n_nodes: int) -> dict:
    """Physics for layout only, with stabilization bounded by the graph's size; the layout is frozen
    once it has settled (see _FREEZE), so nothing drifts while one reads it. Bigger graphs get longer
    springs and more room around each node, so labels do not overlap."""
    iterations = 400 if n_nodes <= 120 else 250 if n_nodes <= 400 else 100 if n_nodes <= 800 else 40
    spring = 120 if n_nodes <= 40 else 95 if n_nodes <= 150 else 80
    return {
        "physics": {"enabled": True, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -4000 if n_nodes > 40 else -6000,
                                  "centralGravity": 0.5 if n_nodes > 40 else 0.3,
                                  "springLength": spring, "springConstant": 0.04, "damping": 0.5,
                                  "avoidOverlap": 0.5 if n_nodes > 40 else 0.2},
                    "minVelocity": 1.0,
                    "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True}},
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 300},
        "edges": {"smooth": False, "color": {"color": "#b0b0b0", "highlight": "#555555"},
                  "font": {"size": 10, "color": "#555555", "strokeWidth": 2}},
        # labels stay drawn when a big graph is fitted into the frame (vis-network hides them below 5 px)
        "nodes": {"font": {"face": "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"},
                  "scaling": {"label": {"drawThreshold": 2}}},
    }


_FREEZE = ("<script>if (typeof network !== 'undefined' && network) {"
           "network.once('stabilizationIterationsDone', function () { network.setOptions({physics: false}); });"
           "}</script>")


@functools.lru_cache(maxsize=1)
def _templates():
    """One Jinja environment for pyvis's template: it compiles the template (and the 700 kB of
    vis-network it includes) once, instead of once per Network as pyvis does."""
    import jinja2
    import pyvis

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(pyvis.__file__).parent / "templates")))


def network_html(graph: Subgraph, *, height: int = 620, max_nodes: int = MAX_NODES) -> str:
    """A self-contained HTML page drawing ``graph`` (no external URL)."""
    from pyvis.network import Network

    nodes, edges = network_data(graph, max_nodes=max_nodes)
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    net.templateEnv = _templates()
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = options(len(nodes))
    page = net.generate_html()
    page = _CDN_TAG.sub("", page)
    page = _HEADING.sub("", page)
    page = page.replace("</body>", _FREEZE + "</body>")
    left = external_references(page)
    if left:
        raise RenderError(f"the drawing still references outside files ({left[:3]}): update app_pages/viz.py "
                          "for this pyvis version")
    return page


def chain_html(links: list[dict]) -> str:
    """One chain as a strip of boxes from upstream to downstream, coloured by status.

    ``links``: dicts with ``name``, ``status`` (缺链|弱链|强链|None), ``stage``, and optionally
    ``local`` (number of local companies) and ``selected``.
    """
    boxes = []
    for link in links:
        colour = STATUS_COLOURS.get(link.get("status") or "", UNKNOWN_STATUS_COLOUR)
        border = "3px solid #222" if link.get("selected") else f"1px solid {colour}"
        status = link.get("status") or "未评估"
        local = link.get("local")
        count = f" · 本地 {local} 家" if local is not None else ""
        boxes.append(
            f'<div style="display:inline-block;vertical-align:middle;min-width:96px;max-width:200px;'
            f'padding:8px 10px;margin:4px 0;border-radius:8px;background:{colour};color:#fff;border:{border};'
            f'text-align:center;box-sizing:border-box">'
            f'<div style="font-size:12px;opacity:.9">{html.escape(link.get("stage") or "")}</div>'
            f'<div style="font-weight:600;font-size:15px">{html.escape(link["name"])}</div>'
            f'<div style="font-size:12px">{html.escape(status)}{html.escape(count)}</div></div>')
    arrow = '<span style="display:inline-block;vertical-align:middle;margin:0 6px;font-size:20px;color:#666">→</span>'
    return '<div class="chainkg-chain" style="line-height:1.2">' + arrow.join(boxes) + "</div>"


def table_graph(rows: list[dict], *, max_nodes: int = MAX_NODES) -> Subgraph:
    """Nodes and relationships found anywhere in query result rows, as a Subgraph (pure).

    Values are the store's plain forms: nodes are dicts with ``_label`` and ``_ref``, relationships
    dicts with ``_type``, ``_src_ref``, ``_dst_ref``, paths dicts with ``nodes`` and ``rels``.
    Relationships whose ends are not in the result are left out.
    """
    graph = Subgraph(cap=max_nodes)
    by_ref: dict[str, str] = {}
    rels: list[dict] = []

    def visit(value):
        if isinstance(value, dict):
            if "_label" in value and "_ref" in value:
                label = value["_label"]
                if label in ontology.NODES:
                    node_id = str(value.get("id", value["_ref"]))
                    key = node_key(label, node_id)
                    by_ref[value["_ref"]] = key
                    if key not in graph.nodes:
                        if len(graph.nodes) >= max_nodes:
                            graph.capped = True
                        else:
                            graph.nodes[key] = Node(label, node_id, str(value.get("name") or node_id))
                return
            if "_type" in value and "_src_ref" in value:
                rels.append(value)
                return
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)

    for row in rows:
        visit(row)
    seen = set()
    for rel in rels:
        src, dst = by_ref.get(rel["_src_ref"]), by_ref.get(rel["_dst_ref"])
        if src in graph.nodes and dst in graph.nodes and rel["_type"] in ontology.RELS:
            key = (src, dst, rel["_type"])
            if key not in seen:
                seen.add(key)
                graph.edges.append(Edge(src, dst, rel["_type"]))
    return graph


def to_json(value) -> str:
    """A cell value as text for tables and CSV (nodes and lists as compact JSON)."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)
