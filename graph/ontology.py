"""The graph model, defined once.

Every node kind has a string primary key ``id`` and a ``name``; the LadybugDB DDL and the Neo4j
constraints and indexes are derived from the tables below. Every fact carries where it came from:
relationships between entities hold the provenance properties (``source``, ``doc``, ``section``,
``start``, ``end``, ``sentence``), and an entity's own existence is backed by ``MENTIONED_IN`` edges
to the documents that name it.

>>> NODES["Company"].key
'id'
>>> "COVERS" in RELS and ("Company", "ChainLink") in RELS["COVERS"].ends
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import OntologyError

# Property types, named as LadybugDB spells them; Neo4j is schema-free apart from constraints.
STRING, INT, DOUBLE, BOOL, STRINGS = "STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"


@dataclass(frozen=True)
class NodeKind:
    label: str
    title: str  # Chinese name shown in the app
    props: dict[str, str]
    key: str = "id"
    indexed: tuple[str, ...] = ("name",)  # Neo4j range indexes besides the key constraint

    @property
    def columns(self) -> dict[str, str]:
        return {self.key: STRING, "name": STRING, **self.props}


@dataclass(frozen=True)
class RelKind:
    type: str
    title: str
    ends: tuple[tuple[str, str], ...]
    props: dict[str, str] = field(default_factory=dict)
    # Properties that, with the two ends, identify one relationship (MERGE key); others are updated.
    merge_on: tuple[str, ...] = ()


# Provenance of a fact: where it came from (document | pool | table | manual) and, for documents,
# the document id, section path, character span [span_start, span_end) in the original file and the
# sentence.
PROVENANCE = {
    "source": STRING,
    "doc": STRING,
    "section": STRING,
    "span_start": INT,
    "span_end": INT,
    "sentence": STRING,
}

NODE_KINDS = (
    NodeKind("Document", "文件", {"title": STRING, "issuer": STRING, "number": STRING, "date": STRING,
                                 "public": BOOL, "path": STRING, "sha256": STRING, "kind": STRING}),
    NodeKind("Industry", "产业", {"level": STRING, "kind": STRING, "code": STRING, "source": STRING,
                                 "aliases": STRINGS}),
    # link_count … extension: the chain's line of the coverage table, refreshed after every load (graph.gaps)
    NodeKind("Chain", "产业链", {"industry": STRING, "notation": STRING, "is_industrial_chain": BOOL,
                                "link_count": INT, "missing_count": INT, "weak_count": INT, "strong_count": INT,
                                "pending_count": INT,
                                "completeness": DOUBLE, "gap_links": STRINGS, "extension": STRING}),
    # local_count … terms: the coverage table, refreshed after every load (graph.gaps); coverage_k is
    # the k its statuses were worked out with
    NodeKind("ChainLink", "环节", {"chain": STRING, "industry": STRING, "position": INT, "stage": STRING,
                                  "local_count": INT, "status": STRING, "criticality": DOUBLE,
                                  "betweenness": DOUBLE, "coverage_k": INT, "candidate_total": INT,
                                  "terms": STRINGS, "exclusions": STRINGS, "local_names": STRINGS}),
    NodeKind("Company", "企业", {"fullname": STRING, "code": STRING, "exchange": STRING, "aliases": STRINGS,
                                "external": BOOL, "local": BOOL, "credit_code": STRING, "county": STRING,
                                "above_scale": BOOL, "chain_leader": BOOL, "revenue": DOUBLE,
                                "contact": STRING, "phone": STRING, "extra": STRING,
                                "match_reason": STRING, "match_confidence": DOUBLE},
             indexed=("name", "code", "fullname", "credit_code")),
    NodeKind("Park", "园区", {"kind": STRING, "county": STRING, "specific": BOOL, "aliases": STRINGS}),
    NodeKind("Department", "部门", {"aliases": STRINGS}),
    NodeKind("County", "区县", {"city": STRING}),
    NodeKind("Task", "任务", {"section": STRING}),
    NodeKind("Target", "目标", {"subject": STRING, "year": INT, "metric": STRING, "value": DOUBLE,
                               "value_max": DOUBLE, "unit": STRING, "qualifier": STRING}),
    NodeKind("Project", "项目", {"kind": STRING}),
    NodeKind("Technology", "技术", {}),
    NodeKind("Product", "产品", {}),
)

_ENTITIES = tuple(k.label for k in NODE_KINDS if k.label != "Document")

REL_KINDS = (
    RelKind("PART_OF", "属于", (("Industry", "Industry"),)),
    RelKind("CHAIN_OF", "产业链属于", (("Chain", "Industry"),)),
    RelKind("HAS_LINK", "包含环节", (("Chain", "ChainLink"),), {"position": INT}),
    RelKind("NEXT", "下游环节", (("ChainLink", "ChainLink"),)),
    RelKind("NAMED_FOR", "列名产业", (("Company", "Industry"),), {"verb": STRING}),
    # grade: 确认 (a list's link column, a manual assignment, a confirmed proposal) | 产品匹配 (products or
    # 经营范围 match the link's definition, graph.matcher) | 文件提及 (a document names it for the link)
    RelKind("COVERS", "覆盖环节", (("Company", "ChainLink"),), {"via": STRING, "confidence": DOUBLE,
                                                               "product": STRING, "grade": STRING,
                                                               "matched_term": STRING}, merge_on=("via",)),
    # the ranked 招商 candidates of a 缺链 / 弱链 link, kept by the coverage refresh (graph.gaps)
    RelKind("CANDIDATE_FOR", "招商候选", (("Company", "ChainLink"),), {"rank": INT, "product": STRING,
                                                                     "weight": DOUBLE, "match": STRING,
                                                                     "closes": INT, "specificity": DOUBLE,
                                                                     "fit": BOOL}),
    RelKind("MAKES", "主营产品", (("Company", "Product"),), {"weight": DOUBLE}),
    RelKind("UPSTREAM_OF", "上游材料", (("Product", "Product"),)),
    RelKind("SUBCATEGORY_OF", "产品小类", (("Product", "Product"),)),
    RelKind("LOCATED_IN", "位于", (("Company", "County"), ("Park", "County"), ("Company", "Park"))),
    RelKind("HOSTS", "承载产业", (("Park", "Industry"),)),
    RelKind("RESPONSIBLE_FOR", "负责", (("Department", "Industry"), ("Department", "Task")),
            {"role": STRING, "bracket_order": INT}, merge_on=("role",)),
    RelKind("HAS_TARGET", "目标", (("Industry", "Target"), ("Task", "Target"))),
    RelKind("NEEDS_TECH", "关键技术", (("Industry", "Technology"),)),
    RelKind("FOCUSES_ON", "重点产品", (("Industry", "Product"),)),
    RelKind("IN_INDUSTRY", "所属产业", (("Company", "Industry"), ("Project", "Industry"),
                                    ("Product", "Industry"))),
    RelKind("UNDERTAKES", "承担项目", (("Company", "Project"),)),
    RelKind("CONTINUES", "延续", (("Industry", "Industry"),), {"why": STRING}),
    RelKind("MENTIONED_IN", "出处", tuple((label, "Document") for label in _ENTITIES),
            merge_on=("span_start",)),
)

NODES: dict[str, NodeKind] = {k.label: k for k in NODE_KINDS}
RELS: dict[str, RelKind] = {r.type: r for r in REL_KINDS}


def rel_columns(rel: RelKind) -> dict[str, str]:
    """All properties of a relationship kind: its own and the provenance ones."""
    return {**rel.props, **PROVENANCE}


def node_kind(label: str) -> NodeKind:
    """The node kind for ``label``; refuses labels the ontology does not define.

    >>> node_kind("Company").title
    '企业'
    """
    try:
        return NODES[label]
    except KeyError:
        raise OntologyError(f"unknown node label {label!r}; known labels: {', '.join(NODES)}") from None


def rel_kind(rel_type: str) -> RelKind:
    """The relationship kind for ``rel_type``; refuses types the ontology does not define."""
    try:
        return RELS[rel_type]
    except KeyError:
        raise OntologyError(
            f"unknown relationship type {rel_type!r}; known types: {', '.join(RELS)}") from None


def check_props(kind_props: dict[str, str], props, what: str) -> None:
    unknown = sorted(set(props) - set(kind_props))
    if unknown:
        raise OntologyError(f"{what} has no properties {unknown}; defined: {sorted(kind_props)}")


def ladybug_ddl() -> list[str]:
    """CREATE statements for LadybugDB, derived from the tables above."""
    out = []
    for kind in NODE_KINDS:
        cols = ", ".join(f"{name} {typ}" for name, typ in kind.columns.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {kind.label}({cols}, PRIMARY KEY({kind.key}))")
    for rel in REL_KINDS:
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in rel.ends)
        cols = "".join(f", {name} {typ}" for name, typ in rel_columns(rel).items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.type}({ends}{cols})")
    return out


def ladybug_columns() -> dict[str, dict[str, str]]:
    """Every LadybugDB table's columns and types, to add the ones an older store lacks."""
    out = {kind.label: dict(kind.columns) for kind in NODE_KINDS}
    out.update({rel.type: rel_columns(rel) for rel in REL_KINDS})
    return out


def neo4j_schema() -> list[str]:
    """Uniqueness constraints on keys and range indexes, derived from the tables above."""
    out = []
    for kind in NODE_KINDS:
        out.append(f"CREATE CONSTRAINT {kind.label.lower()}_{kind.key} IF NOT EXISTS "
                   f"FOR (n:{kind.label}) REQUIRE n.{kind.key} IS UNIQUE")
        for prop in kind.indexed:
            out.append(f"CREATE INDEX {kind.label.lower()}_{prop} IF NOT EXISTS "
                       f"FOR (n:{kind.label}) ON (n.{prop})")
    return out


def mermaid() -> str:
    """The model as a Mermaid diagram (the README shows this; a test keeps the two equal)."""
    lines = ["flowchart LR"]
    for kind in NODE_KINDS:
        lines.append(f"    {kind.label}[\"{kind.label} {kind.title}\"]")
    for rel in REL_KINDS:
        if rel.type == "MENTIONED_IN":
            continue
        for src, dst in rel.ends:
            lines.append(f"    {src} -->|{rel.type}| {dst}")
    lines.append("    %% every entity -->|MENTIONED_IN| Document, and every fact carries its source")
    return "\n".join(lines)
