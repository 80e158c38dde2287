"""Browsing the graph: find a node, draw its neighbourhood, a shortest path, one entity's facts.

Nodes are keyed by ``label:id`` (ids are unique per label only: an industry and a product may share
a name). Every label that enters a query is checked against the ontology first; the queries are the
``browse_*`` and ``entity_*`` files in ``cypher/``.

>>> node_key("Industry", "化学药")
'Industry:化学药'
>>> split_key("Chain:化学药|甲→乙")
('Chain', '化学药|甲→乙')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph import ontology
from graph.errors import InputError, NotFound

DEFAULT_CAP = 300
MAX_CAP = 2000
MAX_DEPTH = 3
# Document nodes tie every entity of a document together: left out unless asked for.
DEFAULT_HIDDEN = ("Document",)
PROVENANCE_KEYS = tuple(ontology.PROVENANCE)


def node_key(label: str, node_id: str) -> str:
    return f"{label}:{node_id}"


def split_key(key: str) -> tuple[str, str]:
    label, sep, node_id = key.partition(":")
    if not sep:
        raise InputError(f"{key!r} is not a node key: expected LABEL:ID")
    ontology.node_kind(label)
    return label, node_id


@dataclass(frozen=True)
class Node:
    label: str
    id: str
    name: str

    @property
    def key(self) -> str:
        return node_key(self.label, self.id)

    @property
    def title(self) -> str:
        """The label's Chinese name."""
        return ontology.node_kind(self.label).title


@dataclass(frozen=True)
class Edge:
    src: str  # node key
    dst: str  # node key
    type: str

    @property
    def title(self) -> str:
        return ontology.rel_kind(self.type).title


@dataclass
class Subgraph:
    nodes: dict[str, Node] = field(default_factory=dict)  # by key, in the order they were reached
    edges: list[Edge] = field(default_factory=list)
    centre: str | None = None
    capped: bool = False  # the node cap stopped the walk
    cap: int = DEFAULT_CAP
    # nodes the per-kind cap left out, by label; labels whose count is a lower bound (the walk stopped
    # fetching once the kind was full)
    hidden: dict[str, int] = field(default_factory=dict)
    hidden_partial: set[str] = field(default_factory=set)

    def labels(self) -> list[str]:
        return sorted({n.label for n in self.nodes.values()})


@dataclass(frozen=True)
class Hit(Node):
    """A node found by a search, with its aliases."""

    aliases: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        """What a picker shows: name, aliases, kind and its context in Chinese, never an id.

        >>> Hit("ChainLink", "化学药|基础原料→中间体#2", "中间体").caption
        '中间体 [环节 · 化学药 › 基础原料→中间体]'
        >>> Hit("Company", "co:甲公司", "甲公司", ("甲",)).caption
        '甲公司 (又称 甲) [企业]'
        """
        extra = node_context(self.label, self.id)
        alias = f" (又称 {'、'.join(self.aliases)})" if self.aliases else ""
        return f"{self.name}{alias} [{self.title}{' · ' + extra if extra else ''}]"


_STOCK_CODE = re.compile(r"^\d{6}\.(?:SH|SZ|BJ)$")


def node_context(label: str, node_id: str) -> str:
    """Where a node belongs, in words, from its id (empty when the id says nothing a reader needs) (pure).

    >>> node_context("ChainLink", "储能|材料→电芯#2"), node_context("Chain", "储能|材料→电芯")
    ('储能 › 材料→电芯', '储能')
    >>> node_context("Company", "603858.SH"), node_context("Company", "co:甲"), node_context("Industry", "sw:110101")
    ('股票代码 603858.SH', '', '申万行业')
    """
    if label in ("ChainLink", "Chain") and "|" in node_id:
        industry, chain = node_id.split("|", 1)
        if label == "Chain":
            return industry
        chain = chain.rsplit("#", 1)[0]
        return f"{industry} › {chain}" if industry else chain
    if label == "Company" and _STOCK_CODE.match(node_id):
        return f"股票代码 {node_id}"
    if label == "Industry" and node_id.startswith("sw:"):
        return "申万行业"
    return ""


def _check_labels(labels) -> tuple[str, ...]:
    return tuple(ontology.node_kind(label).label for label in labels)


def search(store, text: str, *, labels=None, limit: int = 50) -> list[Hit]:
    """Nodes whose name, id or an alias contains ``text``; exact and prefix matches first."""
    text = (text or "").strip()
    if not text:
        return []
    wanted = set(_check_labels(labels)) if labels else None
    rows = store.query("browse_search", q=text, limit=limit if wanted is None else max(limit * 5, 200))
    hits = []
    for row in rows:
        if wanted is not None and row["label"] not in wanted:
            continue
        hits.append(Hit(row["label"], row["id"], row.get("name") or row["id"], tuple(row.get("aliases") or ())))
    return hits[:limit]


def far_labels(label: str, direction: str) -> set[str]:
    """The labels the ontology lets a ``label`` node's relationships lead to ("out") or come from ("in").

    >>> sorted(far_labels("County", "in")), far_labels("Company", "in")
    (['Company', 'Park'], set())
    """
    index = (0, 1) if direction == "out" else (1, 0)
    return {ends[index[1]] for rel in ontology.REL_KINDS for ends in rel.ends if ends[index[0]] == label}


def _edges(store, label: str, ids: list[str], direction: str, kinds: list[str], limit: int) -> list[tuple]:
    """Edges between the ``label`` nodes ``ids`` and their neighbours of the labels ``kinds``, at most
    ``limit`` of them: (frontier node key, neighbour Node, relationship type), the frontier node being
    the edge's start for direction "out" and its end for "in"."""
    name, end = ("browse_out", "src") if direction == "out" else ("browse_in", "dst")
    rows = store.query(name, labels={"label": label}, ids=ids, kinds=kinds, limit=limit)
    return [(node_key(label, row[end]), Node(row["label"], row["id"], row.get("name") or row["id"]), row["type"])
            for row in rows]


def get_node(store, label: str, node_id: str) -> Node:
    ontology.node_kind(label)
    rows = store.query("entity_node", labels={"label": label}, id=node_id)
    if not rows:
        raise NotFound(f"没有{ontology.node_kind(label).title} {node_id!r}: 请用图谱浏览页按名称搜索")
    node = rows[0]["node"]
    return Node(label, node_id, node.get("name") or node_id)


def neighbourhood(store, label: str, node_id: str, *, depth: int = 1, labels=None, cap: int = DEFAULT_CAP,
                  expand: tuple[str, ...] = (), per_label: int | None = None) -> Subgraph:
    """The nodes within ``depth`` hops of one node (and one hop around each key in ``expand``).

    ``labels`` keeps only nodes of those kinds (the centre always stays; default: all but
    Document). At most ``cap`` nodes are taken, nearest first; ``capped`` says when the cap
    stopped the walk, so a page can say so. At most ``per_label`` nodes of one kind are taken (none
    of a kind crowds out the others; the centre not counted); ``hidden`` counts the ones left out, so
    a drawing can say "N more". An uncapped walk holds every edge between the nodes it reached
    (those between the nodes of the last hop excepted); a capped one may miss some.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth must be 1 to {MAX_DEPTH}, got {depth}")
    if not 1 <= cap <= MAX_CAP:
        raise InputError(f"the node cap must be 1 to {MAX_CAP}, got {cap}")
    allowed = set(_check_labels(labels)) if labels is not None else set(ontology.NODES) - set(DEFAULT_HIDDEN)
    centre = get_node(store, label, node_id)
    graph = Subgraph(centre=centre.key, cap=cap)
    graph.nodes[centre.key] = centre
    seen_edges: set[tuple[str, str, str]] = set()

    # Neighbours are fetched with their label filter in the query (only the labels the ontology lets
    # the relationships lead to) and at most `cap + 1` edges a query: a hub (a product with thousands
    # of makers) then costs no more than the cap. A query that comes back full and turned no new node
    # away (its rows were edges between nodes already taken) is run again with a larger limit, so a
    # walk that is not capped sees every edge, as without limits.

    per_kind: dict[str, int] = {}
    left_out: dict[str, set[str]] = {}

    def take(here: str, other: Node, rel_type: str, direction: str, reached: list[Node]) -> bool:
        """Add one edge (and its far node if there is room); False when a cap turned the node away."""
        if other.label not in allowed and other.key not in graph.nodes:
            return True
        if other.key not in graph.nodes:
            if per_label is not None and per_kind.get(other.label, 0) >= per_label:
                left_out.setdefault(other.label, set()).add(other.key)
                graph.hidden[other.label] = len(left_out[other.label])
                return False
            if len(graph.nodes) >= cap:
                graph.capped = True
                return False
            per_kind[other.label] = per_kind.get(other.label, 0) + 1
            graph.nodes[other.key] = other
            reached.append(other)
        src, dst = (here, other.key) if direction == "out" else (other.key, here)
        if (src, dst, rel_type) not in seen_edges:
            seen_edges.add((src, dst, rel_type))
            graph.edges.append(Edge(src, dst, rel_type))
        return True

    def walk(start: list[Node], hops: int) -> None:
        frontier = list(start)
        for _ in range(hops):
            by_label: dict[str, list[str]] = {}
            for node in frontier:
                by_label.setdefault(node.label, []).append(node.id)
            reached: list[Node] = []
            for kind, ids in by_label.items():
                for direction in ("out", "in"):
                    kinds = sorted(far_labels(kind, direction) & allowed)
                    if not kinds:
                        continue  # no relationship of the ontology leads there
                    limit = cap + 1
                    while True:
                        rows = _edges(store, kind, ids, direction, kinds, limit)
                        turned_away = not all([take(*row, direction, reached) for row in rows])
                        if len(rows) < limit or turned_away:
                            if len(rows) >= limit:  # rows were left unread: the hidden counts are at least
                                graph.hidden_partial.update(k for k in kinds if k in graph.hidden)
                            break
                        limit *= 4
            frontier = reached
            if not frontier:
                break

    walk([centre], depth)
    for key in expand:
        if key in graph.nodes:
            walk([graph.nodes[key]], 1)
    return graph


# Relationship types a shortest path may use: all but MENTIONED_IN (every entity of a document
# would be two steps from every other) and CANDIDATE_FOR (a ranking the gap analysis keeps, not a
# fact). Kept equal to the list inside cypher/browse_path*.cypher.
PATH_TYPES = tuple(t for t in ontology.RELS if t not in ("MENTIONED_IN", "CANDIDATE_FOR"))


def shortest_path(store, src: tuple[str, str], dst: tuple[str, str]) -> Subgraph | None:
    """The shortest path (at most 6 steps) between two nodes given as (label, id); None if none."""
    (src_label, src_id), (dst_label, dst_id) = src, dst
    a, b = get_node(store, src_label, src_id), get_node(store, dst_label, dst_id)
    if a.key == b.key:
        return Subgraph(nodes={a.key: a}, centre=a.key)
    rows = store.query("browse_path", labels={"src_label": src_label, "dst_label": dst_label},
                       src=src_id, dst=dst_id)
    if not rows:
        return None
    by_ref, graph = {}, Subgraph(centre=a.key)
    for value in rows[0]["nodes"]:
        node = Node(value["_label"], value["id"], value.get("name") or value["id"])
        by_ref[value["_ref"]] = node.key
        graph.nodes[node.key] = node
    for value in rows[0]["rels"]:
        graph.edges.append(Edge(by_ref[value["_src_ref"]], by_ref[value["_dst_ref"]], value["_type"]))
    return graph


@dataclass(frozen=True)
class Relation:
    direction: str  # "out" (this node → other) or "in"
    type: str
    other: Node
    props: dict  # the relationship's own properties (verb, role, weight, ...)
    source: str | None = None
    doc: str | None = None
    doc_title: str | None = None
    section: str | None = None
    sentence: str | None = None

    @property
    def title(self) -> str:
        return ontology.rel_kind(self.type).title


@dataclass(frozen=True)
class Mention:
    doc: str
    doc_title: str
    section: str | None
    sentence: str | None
    span_start: int | None
    span_end: int | None


@dataclass
class EntityDetail:
    node: Node
    props: dict
    relations: list[Relation]
    mentions: list[Mention]


def documents(store) -> dict[str, dict]:
    return {row["id"]: row for row in store.query("documents")}


def entity(store, label: str, node_id: str) -> EntityDetail:
    """One node: its properties, every relationship with its provenance, and where documents name it."""
    ontology.node_kind(label)
    rows = store.query("entity_node", labels={"label": label}, id=node_id)
    if not rows:
        raise NotFound(f"没有{ontology.node_kind(label).title} {node_id!r}: 请用图谱浏览页按名称搜索")
    value = rows[0]["node"]
    node = Node(label, node_id, value.get("name") or node_id)
    props = {k: v for k, v in value.items() if not k.startswith("_") and v not in (None, [], "")}
    docs = documents(store)

    def title_of(doc_id):
        return (docs.get(doc_id) or {}).get("title") or doc_id

    relations, mentions = [], []
    for direction, name in (("out", "entity_out"), ("in", "entity_in")):
        for row in store.query(name, labels={"label": label}, id=node_id):
            rel = row["rel"]
            rel_type = rel["_type"]
            other = Node(row["label"], row["id"], row.get("name") or row["id"])
            if rel_type == "MENTIONED_IN" and direction == "out":
                mentions.append(Mention(other.id, title_of(other.id), rel.get("section"), rel.get("sentence"),
                                        rel.get("span_start"), rel.get("span_end")))
                continue
            own = {k: v for k, v in rel.items()
                   if not k.startswith("_") and k not in PROVENANCE_KEYS and v not in (None, "")}
            relations.append(Relation(direction, rel_type, other, own, rel.get("source"), rel.get("doc"),
                                      title_of(rel.get("doc")) if rel.get("doc") else None,
                                      rel.get("section"), rel.get("sentence")))
    relations.sort(key=lambda r: (r.type, r.direction, r.other.name))
    mentions.sort(key=lambda m: (m.doc, m.span_start if m.span_start is not None else -1))
    return EntityDetail(node, props, relations, mentions)


# What the entity page offers to pick from, by default.
ENTITY_LABELS = ("Company", "Park", "Department", "Industry", "ChainLink", "Chain", "County", "Task",
                 "Target", "Project", "Technology", "Product", "Document")


# Chinese names of properties and of coded values, for the entity page.
PROP_TITLES = {
    "id": "编号", "name": "名称", "title": "标题", "issuer": "发文机关", "number": "文号", "date": "日期",
    "public": "公开发布", "path": "文件路径", "sha256": "文件指纹", "kind": "类型", "level": "层级", "code": "代码",
    "source": "来源", "aliases": "别名", "industry": "所属产业", "notation": "写法", "is_industrial_chain": "是产业链",
    "chain": "所在产业链", "position": "位置", "stage": "上中下游", "local_count": "本地企业数", "status": "状态",
    "criticality": "关键度", "fullname": "全称", "exchange": "交易所", "external": "外部平台", "local": "本地企业",
    "credit_code": "统一社会信用代码", "county": "区县", "above_scale": "规上企业", "chain_leader": "链主",
    "revenue": "营业收入", "contact": "联系人", "phone": "电话", "extra": "其他", "match_reason": "匹配依据",
    "match_confidence": "匹配置信度", "specific": "具体园区", "city": "城市", "section": "章节", "subject": "主体",
    "year": "年份", "metric": "指标", "value": "数值", "value_max": "数值上限", "unit": "单位", "qualifier": "限定语",
    "verb": "引入动词", "role": "角色", "bracket_order": "括号中排序", "weight": "权重", "via": "依据",
    "confidence": "置信度", "product": "产品", "why": "理由",
    "betweenness": "介数", "candidate_total": "候选企业数", "closes": "可补缺口数", "completeness": "完整度",
    "coverage_k": "强链门槛(家)", "exclusions": "排除词", "extension": "延链方向", "fit": "申万行业相符",
    "gap_links": "缺链与弱链环节", "grade": "等级", "link_count": "环节数", "local_names": "本地企业",
    "match": "匹配词", "matched_term": "匹配词", "missing_count": "缺链数", "pending_count": "待核实数",
    "rank": "排名", "specificity": "匹配具体度", "strong_count": "强链数", "terms": "定义词", "weak_count": "弱链数",
    "flags": "风险标记", "region": "地区", "note": "备注", "evidence": "依据",
}
# Properties the entity page leaves out: ids and fingerprints say nothing to a reader.
HIDDEN_PROPS = frozenset({"id", "sha256"})
# Shares and confidences, shown as percentages; other fractions with two decimals.
PERCENT_PROPS = frozenset({"weight", "match_confidence", "confidence", "completeness", "specificity"})
VALUE_TITLES = {
    "strategic_emerging": "战略性新兴产业", "future": "未来产业", "sector": "门类", "segment": "细分",
    "document": "文件", "pool": "全国企业库", "table": "企业名单", "manual": "人工", "lead": "牵头", "support": "配合",
    "responsible": "负责", True: "是", False: "否",
}


def prop_title(key: str) -> str:
    return PROP_TITLES.get(key, key)


def value_title(value):
    """A property value as the app shows it (coded values in Chinese; 1.0 is no 是).

    >>> value_title("future"), value_title(True), value_title(3), value_title(1.0)
    ('未来产业', '是', 3, 1.0)
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return VALUE_TITLES.get(value, value)
    return value


def display_value(key: str, value) -> str:
    """A property value as text a reader needs: Chinese coded values, lists joined with 、, shares as
    percentages, other fractions rounded, nothing for None; never JSON (pure).

    >>> display_value("weight", 0.906017), display_value("criticality", 0.05213), display_value("aliases", ["甲", "乙"])
    ('91%', '0.05', '甲、乙')
    >>> display_value("match_confidence", 1.0), display_value("local", True), display_value("x", None)
    ('100%', '是', '')
    >>> display_value("extension", {"upstream": [{"product": "焦炭", "companies": 3}]})
    '上游: 焦炭 (3 家)'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if key in PERCENT_PROPS and 0 <= value <= 1:
            return f"{value:.0%}"
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    if isinstance(value, (list, tuple, set)):
        return "、".join(filter(None, (display_value(key, v) for v in value)))
    if isinstance(value, dict):
        if "product" in value:  # an extension item
            n = value.get("companies")
            return f"{value['product']} ({n} 家)" if n else str(value["product"])
        if "name" in value:
            return str(value["name"])
        return "；".join(f"{DIRECTION_TITLES.get(k, prop_title(k))}: {display_value(k, v)}"
                        for k, v in value.items() if v not in (None, "", [], {}))
    return str(value_title(str(value)))


DIRECTION_TITLES = {"upstream": "上游", "downstream": "下游"}


def shown_props(props: dict) -> list[tuple[str, str]]:
    """A node's properties as (Chinese name, text) rows for a reader: no ids, nothing empty (pure).

    >>> shown_props({"id": "co:甲", "name": "甲", "aliases": ["甲甲"], "local": False})
    [('名称', '甲'), ('别名', '甲甲'), ('本地企业', '否')]
    """
    out = []
    for key, value in props.items():
        if key in HIDDEN_PROPS:
            continue
        text = display_value(key, value)
        if text:
            out.append((prop_title(key), text))
    return out
