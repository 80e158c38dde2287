"""Graph analytics over the combined network of all industrial chains (networkx).

The network: one node per chain link, an edge from each link to the next (upstream to downstream).
Links of the same name in the same sector are one node (two chains of 储能 that both start from
材料 share it), and a pool relation "A is an upstream material of B" between two link names adds an
edge A → B when it keeps the network acyclic. On that network:

- ``criticality`` of a link: the share of all connected (upstream, downstream) link pairs that are cut
  off when the link is removed, counting the pairs it is an end of: how much of the chain network
  breaks without it. An isolated chain of n links gives its ends (n-1)/P and a middle link at
  position i (i-1)(n-i) + n-1 of P pairs.
- ``betweenness``: networkx's normalized betweenness centrality, for comparison.

>>> net = chain_network([("a#1", "a#2"), ("a#2", "a#3")])
>>> criticality(net) == {"a#1": 2 / 3, "a#2": 1.0, "a#3": 2 / 3}
True
"""

from __future__ import annotations

import networkx as nx


def chain_network(next_edges, nodes=(), merge: dict | None = None, extra_edges=()) -> nx.DiGraph:
    """A directed graph of link ids; ``merge`` maps a link id to the node that stands for it."""
    merge = merge or {}
    graph = nx.DiGraph()
    for node in nodes:
        graph.add_node(merge.get(node, node))
    for a, b in next_edges:
        a, b = merge.get(a, a), merge.get(b, b)
        if a != b:
            graph.add_edge(a, b)
        else:
            graph.add_node(a)
    for a, b in extra_edges:
        a, b = merge.get(a, a), merge.get(b, b)
        if a == b or graph.has_edge(a, b) or a not in graph or b not in graph:
            continue
        graph.add_edge(a, b)
        if not nx.is_directed_acyclic_graph(graph):
            graph.remove_edge(a, b)
    return graph


def _reachable_pairs(graph: nx.DiGraph) -> int:
    return sum(len(nx.descendants(graph, n)) for n in graph)


def criticality(graph: nx.DiGraph) -> dict[str, float]:
    """For each node, the share of connected ordered pairs lost when it is removed (0..1).

    Removing a node changes nothing outside its weakly connected component, so each component is
    recounted on its own (the chains are small; the network of all of them is not).
    """
    components = [graph.subgraph(c) for c in nx.weakly_connected_components(graph)]
    base = [_reachable_pairs(c) for c in components]
    total = sum(base)
    if total == 0:
        return {n: 0.0 for n in graph}
    out = {}
    for component, pairs in zip(components, base, strict=True):
        for node in component:
            rest = component.subgraph(n for n in component if n != node)
            out[node] = (pairs - _reachable_pairs(rest)) / total
    return out


def betweenness(graph: nx.DiGraph) -> dict[str, float]:
    """networkx's normalized betweenness centrality, worked out one weakly connected component at a
    time (no shortest path leaves its component, so the figures are the same; with 500 separate chains
    that is hundreds of times less work than the whole graph at once).

    >>> net = chain_network([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z")])
    >>> betweenness(net) == nx.betweenness_centrality(net, normalized=True)
    True
    """
    n = graph.number_of_nodes()
    if n < 3:
        return {node: 0.0 for node in graph}
    scale = 1 / ((n - 1) * (n - 2))  # networkx's normalization for directed graphs
    out = {}
    for nodes in nx.weakly_connected_components(graph):
        if len(nodes) < 3:
            out.update({node: 0.0 for node in nodes})
            continue
        raw = nx.betweenness_centrality(graph.subgraph(nodes), normalized=False)
        out.update({node: value * scale for node, value in raw.items()})
    return out


def link_scores(links: list[dict], upstream_pairs=()) -> dict[str, dict[str, float]]:
    """``{link id: {"criticality", "betweenness"}}`` for links given as dicts with ``id``, ``chain``,
    ``position``, ``name`` and ``sector`` (the industry's sector, or the industry itself);
    ``upstream_pairs`` are (material name, product name) pairs from the pool."""
    by_chain: dict[str, list[dict]] = {}
    for link in links:
        by_chain.setdefault(link["chain"], []).append(link)
    next_edges = []
    for chain_links in by_chain.values():
        ordered = sorted(chain_links, key=lambda x: x["position"])
        next_edges += [(a["id"], b["id"]) for a, b in zip(ordered, ordered[1:], strict=False)]
    representative: dict[tuple, str] = {}
    merge = {}
    for link in sorted(links, key=lambda x: x["id"]):
        key = (link.get("sector"), link["name"])
        merge[link["id"]] = representative.setdefault(key, link["id"])
    by_name: dict[str, list[str]] = {}
    for link in links:
        by_name.setdefault(link["name"], []).append(link["id"])
    extra = [(a, b) for material, product in upstream_pairs
             for a in by_name.get(material, ()) for b in by_name.get(product, ())]
    graph = chain_network(next_edges, [x["id"] for x in links], merge, extra)
    crit, betw = criticality(graph), betweenness(graph)
    return {link["id"]: {"criticality": round(crit.get(merge[link["id"]], 0.0), 4),
                         "betweenness": round(betw.get(merge[link["id"]], 0.0), 4)} for link in links}
