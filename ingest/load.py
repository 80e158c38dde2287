"""From an extraction to graph rows, and the build command that writes them.

``document_batch`` is pure: it turns one document's extraction (the JSON the ``extract`` command
prints) into a :class:`graph.store.Batch`, every fact with its provenance. ``build`` is the one place
that writes: one document per transaction, so a document that fails loads nothing.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from graph.coverage import document_covers
from graph.errors import ChainKGError, DocumentError, InputError
from graph.ids import chain_id, company_id, provenance
from graph.linking import resolve_companies
from graph.settle import after_load
from graph.store import PROJECT_ROOT, Batch, Store, open_store
from ingest.extract.resolve import resolve_across
from ingest.pipeline import cross_link, extract_file

SUPPORTED = (".txt", ".docx", ".pdf")
# node kinds that exist only because a document names them (removed when no document does)
DOCUMENT_ONLY = ("Chain", "ChainLink", "Park", "Department", "Task", "Target", "Project", "Technology")


def stage(position: int, length: int) -> str:
    """上游 / 中游 / 下游 by position in a chain (1-based).

    >>> [stage(i, 4) for i in range(1, 5)]
    ['上游', '中游', '中游', '下游']
    >>> [stage(i, 2) for i in range(1, 3)]
    ['上游', '下游']
    """
    if position == 1:
        return "上游"
    if position == length:
        return "下游"
    return "中游"


@dataclass
class _Rows:
    """Collects rows for one document, with MENTIONED_IN for every entity it names."""

    doc_id: str
    batch: Batch = field(default_factory=Batch)

    def node(self, label: str, row: dict, evidence: dict | None) -> str:
        self.batch.add_node(label, row)
        if evidence is not None:
            self.mention(label, row["id"], evidence)
        return row["id"]

    def mention(self, label: str, node_id: str, evidence: dict) -> None:
        self.batch.add_rel("MENTIONED_IN", {
            "src": node_id, "src_label": label, "dst": self.doc_id, "dst_label": "Document",
            **provenance(evidence), "span_start": evidence.get("start", -1)})

    def rel(self, rel_type: str, src: str, dst: str, evidence: dict | None, src_label=None, dst_label=None,
            **props) -> None:
        row = {"src": src, "dst": dst, **provenance(evidence), **props}
        if src_label:
            row["src_label"], row["dst_label"] = src_label, dst_label
        self.batch.add_rel(rel_type, row)


def document_batch(extraction: dict, *, doc_id: str, path: str | None = None, sha256: str | None = None,
                   company_ids: dict[str, dict] | None = None) -> Batch:
    """The rows for one document's extraction (pure).

    ``company_ids`` maps a company name as written to the pool company it was linked to
    (``{"id", "code", "fullname", "reason", "confidence"}``); other companies get ``co:NAME``.
    """
    company_ids = company_ids or {}
    rows = _Rows(doc_id)
    meta = extraction.get("document") or {}
    rows.batch.add_node("Document", {
        "id": doc_id, "name": meta.get("title") or doc_id, "title": meta.get("title"),
        "issuer": meta.get("issuer"), "number": meta.get("number"), "date": meta.get("date"),
        "public": meta.get("public"), "path": path, "sha256": sha256, "kind": meta.get("kind")})

    industries = {}
    for item in extraction.get("industries", []):
        name = item["name"]
        industries[name] = item
        rows.node("Industry", {"id": name, "name": name, "level": item.get("level"), "kind": item.get("kind"),
                               "source": "document"}, item.get("evidence"))
    for item in extraction.get("industries", []):
        if item.get("parent") and item["parent"] in industries:
            rows.rel("PART_OF", item["name"], item["parent"], item.get("evidence"))

    def industry_of(item) -> str | None:
        name = item.get("industry")
        return name if name in industries else None

    # one node per real company: the extractor's ``entity`` groups short and full names
    entity_of = {}
    for item in extraction.get("companies", []):
        entity = item.get("entity") or item["name"]
        for name in [item["name"], *(item.get("aliases") or [])]:
            entity_of.setdefault(name, entity)

    def company_node_id(name: str) -> str:
        entity = entity_of.get(name, name)
        linked = company_ids.get(entity) or company_ids.get(name)
        return linked["id"] if linked else company_id(entity)

    for item in extraction.get("companies", []):
        entity = entity_of[item["name"]]
        linked = company_ids.get(entity) or company_ids.get(item["name"])
        cid = company_node_id(item["name"])
        aliases = sorted({item["name"], *(item.get("aliases") or [])} - {entity})
        row = {"id": cid, "name": entity, "aliases": aliases or None,
               "external": bool(item.get("external")), "local": not item.get("external")}
        if linked:
            row.update(code=linked.get("code"), fullname=linked.get("fullname"),
                       match_reason=linked.get("reason"), match_confidence=linked.get("confidence"))
        rows.node("Company", row, item.get("evidence"))
        for mention in item.get("mentions") or []:
            rows.mention("Company", cid, mention)
        for industry in dict.fromkeys([item.get("industry"), *(item.get("industries") or [])]):
            if industry in industries:
                evidence = _mention_for(item, industry)
                rows.rel("NAMED_FOR", cid, industry, evidence,
                         verb=item.get("verb") if evidence is item.get("evidence") else None)

    for item in extraction.get("parks", []):
        pid = rows.node("Park", {"id": item.get("entity") or item["name"], "name": item.get("entity") or item["name"],
                                 "kind": item.get("kind"), "county": item.get("county"),
                                 "specific": item.get("specific", True),
                                 "aliases": sorted({item["name"], *(item.get("aliases") or [])}
                                                   - {item.get("entity") or item["name"]}) or None},
                        item.get("evidence"))
        for mention in item.get("mentions") or []:
            rows.mention("Park", pid, mention)
        if industry_of(item):
            rows.rel("HOSTS", pid, item["industry"], item.get("evidence"))
        if item.get("county"):
            rows.node("County", {"id": item["county"], "name": item["county"]}, None)
            rows.rel("LOCATED_IN", pid, item["county"], item.get("evidence"), "Park", "County")

    for item in extraction.get("departments", []):
        did = rows.node("Department", {"id": item["name"], "name": item["name"]}, item.get("evidence"))
        roles = item.get("roles") or [{"target": t, "role": "responsible", "order": None}
                                      for t in item.get("responsible_for", [])]
        for role in roles:
            target = role.get("target")
            if not target:  # a department named with no industry or task of its own
                continue
            label = "Industry" if target in industries else "Task"
            if label == "Task":
                rows.node("Task", {"id": target, "name": target}, None)
            rows.rel("RESPONSIBLE_FOR", did, target, role.get("evidence") or item.get("evidence"),
                     "Department", label, role=role.get("role") or "responsible", bracket_order=role.get("order"))

    for item in extraction.get("chains", []):
        links = [str(x) for x in item.get("links") or []]
        if len(links) < 2:
            continue
        cid = chain_id(item.get("industry"), links)
        rows.node("Chain", {"id": cid, "name": "→".join(links), "industry": item.get("industry"),
                            "notation": item.get("notation"),
                            "is_industrial_chain": item.get("is_industrial_chain", True)}, item.get("evidence"))
        if industry_of(item):
            rows.rel("CHAIN_OF", cid, item["industry"], item.get("evidence"))
        previous = None
        for position, link in enumerate(links, start=1):
            lid = f"{cid}#{position}"
            rows.batch.add_node("ChainLink", {"id": lid, "name": link, "chain": cid,
                                              "industry": item.get("industry"), "position": position,
                                              "stage": stage(position, len(links))})
            rows.rel("HAS_LINK", cid, lid, item.get("evidence"), position=position)
            if previous:
                rows.rel("NEXT", previous, lid, item.get("evidence"))
            previous = lid

    for n, item in enumerate(extraction.get("targets", []), start=1):
        tid = f"{doc_id}:target:{n}"
        rows.node("Target", {"id": tid, "name": _target_name(item), "subject": item.get("subject"),
                             "year": item.get("year"), "metric": item.get("metric"),
                             "value": _number(item.get("value")), "value_max": _number(item.get("value_max")),
                             "unit": item.get("unit"), "qualifier": item.get("qualifier")}, item.get("evidence"))
        owner = item.get("industry") if item.get("industry") in industries else None
        owner = owner or (item.get("subject") if item.get("subject") in industries else None)
        if owner:
            rows.rel("HAS_TARGET", owner, tid, item.get("evidence"), "Industry", "Target")

    for item in extraction.get("projects", []):
        pid = rows.node("Project", {"id": item["name"], "name": item["name"], "kind": item.get("kind")},
                        item.get("evidence"))
        if industry_of(item):
            rows.rel("IN_INDUSTRY", pid, item["industry"], item.get("evidence"), "Project", "Industry")
        if item.get("company"):
            cid = company_node_id(item["company"])
            rows.batch.add_node("Company", {"id": cid, "name": entity_of.get(item["company"], item["company"]),
                                            "local": True})
            rows.rel("UNDERTAKES", cid, pid, item.get("evidence"))

    for item in extraction.get("technologies", []):
        tid = rows.node("Technology", {"id": item["name"], "name": item["name"]}, item.get("evidence"))
        if industry_of(item):
            rows.rel("NEEDS_TECH", item["industry"], tid, item.get("evidence"))

    for item in extraction.get("products", []):
        pid = rows.node("Product", {"id": item["name"], "name": item["name"]}, item.get("evidence"))
        if industry_of(item):
            rows.rel("FOCUSES_ON", item["industry"], pid, item.get("evidence"))

    for row in document_covers(extraction, industries, company_ids):  # the rule: graph.coverage
        rows.batch.add_rel("COVERS", row)
    return rows.batch


def _mention_for(item: dict, industry: str) -> dict | None:
    """The evidence of the mention that names ``industry`` (its section), else the item's own."""
    if item.get("industry") == industry:
        return item.get("evidence")
    for mention in item.get("mentions") or []:
        if industry in (mention.get("section") or ""):
            return mention
    return item.get("evidence")


def _number(value):
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _target_name(item: dict) -> str:
    value = item.get("value")
    shown = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    return f"{item.get('year') or ''}年 {item.get('subject') or ''}{item.get('metric') or ''} {shown}{item.get('unit') or ''}".strip()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BuildReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # unchanged (same sha256)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def document_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)


def build(store: Store, paths: list[Path], *, progress=print) -> BuildReport:
    """Load documents into ``store``: unchanged ones are skipped, each one all-or-nothing.

    Every document is extracted (it is fast), so that entities are resolved across all of them
    and cross-document links are found; only new or changed documents are written.
    """
    report = BuildReport()
    known = {r["id"]: r["sha256"] for r in store.read("MATCH (d:Document) RETURN d.id AS id, d.sha256 AS sha256")}
    extractions = []
    for path in paths:
        try:
            extraction = extract_file(path)
            if extraction.found_nothing():
                raise DocumentError(extraction.nothing_found(path.name))
        except Exception as err:  # one bad document never stops the others; it is named in the report
            reason = _reason(err)
            report.failed.append((path.name, reason))
            progress(f"失败 {path.name}: {reason}")
            continue
        extractions.append((path, extraction))
    resolve_across([e for _, e in extractions])
    for path, extraction in extractions:
        doc_id = extraction.doc_id
        if known.get(doc_id) == extraction.sha256 and not store.upgraded:
            report.skipped.append(path.name)
            progress(f"未变化, 跳过 {path.name}")
            continue
        data = extraction.to_json()
        company_ids = _resolve_companies(store, sorted({c.get("entity") or c["name"]
                                                         for c in data.get("companies", [])}))
        batch = document_batch(data, doc_id=doc_id, path=str(path), sha256=extraction.sha256,
                               company_ids=company_ids)
        if doc_id in known:  # a changed document: its old facts go, in the same transaction
            batch.deletes.append(("delete_document_facts", {"doc": doc_id}))
            batch.deletes.append(("delete_orphans", {"labels": list(DOCUMENT_ONLY)}))
        try:
            store.write(batch)
        except ChainKGError as err:
            report.failed.append((path.name, str(err)))
            progress(f"失败 {path.name}: {err}")
            continue
        report.loaded.append(path.name)
        progress(f"已载入 {path.name}: {len(batch)} 行")
    if len(extractions) > 1 and report.loaded:
        _write_cross_links(store, [e for _, e in extractions], cross_link)
    if report.loaded:
        after_load(store)
    return report


def _reason(err: Exception) -> str:
    """One line saying why a document failed: our own message, else the kind of failure."""
    if isinstance(err, ChainKGError):
        return str(err)
    first = (str(err).strip().splitlines() or [""])[0][:200]
    return f"处理时出错 ({type(err).__name__}: {first}); 其他文件照常载入, 请检查此文件"


def _write_cross_links(store: Store, extractions, cross_link) -> None:
    industries = {r["id"] for r in store.read("MATCH (i:Industry) RETURN i.id AS id")}
    batch = Batch()
    for link in cross_link(extractions):
        if link["from"] not in industries or link["to"] not in industries:
            continue
        batch.add_rel("CONTINUES", {"src": link["from"], "dst": link["to"], "why": link.get("why"),
                                    **provenance(link.get("evidence"))})
    if len(batch):
        store.write(batch)


def _resolve_companies(store: Store, names: list[str]) -> dict[str, dict]:
    """Document company names that are pool companies (see graph.linking), as plain dicts."""
    return {name: vars(match) for name, match in resolve_companies(store, names).items()}


def add_build_arguments(p) -> None:
    p.add_argument("directory", nargs="?", default=None, metavar="DIR",
                   help="folder of policy documents (default: data/docs)")
    p.add_argument("--store", help="directory of the embedded store or a Neo4j URI (default: CHAINKG_STORE)")


def run_build(args) -> int:
    """``python -m ingest build [--store URI] [DIR]``: exit 0 when every document loaded, else 1."""
    directory = Path(args.directory) if args.directory else PROJECT_ROOT / "data" / "docs"
    if not directory.is_dir():
        raise InputError(f"{directory} 不是文件夹: 请给出存放政策文件的文件夹")
    paths = document_files(directory)
    if not paths:
        raise InputError(f"{directory} 中没有政策文件 ({', '.join(SUPPORTED)}): 请把政策文件复制到这里")
    with open_store(args.store) as store:
        report = build(store, paths)
    print(f"载入 {len(report.loaded)} 个, 未变化 {len(report.skipped)} 个, 失败 {len(report.failed)} 个")
    for name, reason in report.failed:
        print(f"失败: {name}: {reason}", file=sys.stderr)
    return 0 if report.ok else 1
