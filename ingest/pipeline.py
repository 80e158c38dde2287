"""Extraction of one policy document: text -> normalized text -> outline -> rule pipeline -> lists.

>>> ex = extract_text("关于推动某市战略性新兴产业发展的意见\\n二、重点产业\\n（一）生物医药产业。\\n1. 化学药。依托甲乙制药、丙丁生物和戊己医药等企业，打造“原料→中间体→制剂”产业链。\\n", doc_id="demo")
>>> [c["name"] for c in ex.companies]
['甲乙制药', '丙丁生物', '戊己医药']
>>> ex.chains[0]["links"]
['原料', '中间体', '制剂']
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.extract.context import LISTS, DocContext
from ingest.extract.crosslinks import cross_link as _cross_link
from ingest.extract.crosslinks import section_terms
from ingest.extract.industries import document_kind
from ingest.metadata import read_metadata
from ingest.normalize import normalize
from ingest.readers import read_document
from ingest.structure import parse_outline

__all__ = ["Extraction", "extract_text", "extract_file", "cross_link"]


@dataclass
class Extraction:
    doc_id: str
    meta: object
    kind: str
    sha256: str | None = None
    source_path: str | None = None
    industries: list[dict] = field(default_factory=list)
    companies: list[dict] = field(default_factory=list)
    generic_actors: list[dict] = field(default_factory=list)
    parks: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    chains: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    technologies: list[dict] = field(default_factory=list)
    products: list[dict] = field(default_factory=list)
    cross_links: list[dict] = field(default_factory=list)
    section_terms: dict = field(default_factory=dict, repr=False)

    def document(self) -> dict:
        meta = asdict(self.meta) if self.meta is not None else {}
        meta.pop("title_span", None)
        return {"doc": self.doc_id, "kind": self.kind, "sha256": self.sha256, "path": self.source_path, **meta}

    def found_nothing(self) -> bool:
        """Nothing of any kind: no industry, company, park, department, chain, target, project,
        technology or product (``ingest extract`` reports a document only then)."""
        return not any(getattr(self, name) for name in LISTS)

    def nothing_found(self, name: str) -> str:
        """The one line that says a document gave nothing, and what was looked for."""
        return (f"{name} 中没有找到任何可抽取的内容。已查找：产业（如“重点发展A、B等产业”、“二、重点产业”下的"
                "编号章节）、企业（如“依托甲公司、乙集团等企业”）、园区和载体、责任部门（如“牵头单位：市某局”）、"
                "产业链（如“原料—中间体—制剂”）、目标（如“到2027年……达到N亿元”）、项目、技术和产品。"
                "请确认它是产业政策文件。")

    def to_json(self) -> dict:
        """The gold file's list names and field names, plus ``document``."""
        out: dict = {"document": self.document()}
        for name in LISTS + ("cross_links",):
            out[name] = [_public(it) for it in getattr(self, name)]
        return out


def _public(item: dict) -> dict:
    return {k: v for k, v in item.items() if not k.startswith("_")}


def extract_text(original: str, *, doc_id: str, source_path: str | None = None) -> Extraction:
    """Extract every list from the text of one document (``original`` is the file's decoded text)."""
    from ingest.extract.nlp import run  # spaCy is loaded on first use, not at import

    norm = normalize(original)
    outline = parse_outline(norm.text)
    meta = read_metadata(norm.text)
    kind = document_kind(getattr(meta, "title", None) or "", norm.text)
    ctx = DocContext(doc_id=doc_id, norm=norm, outline=outline, meta=meta, kind=kind, source_path=source_path)
    run(ctx)
    ex = Extraction(doc_id=doc_id, meta=meta, kind=kind, source_path=source_path, section_terms=section_terms(ctx))
    for name in LISTS:
        setattr(ex, name, ctx.items[name])
    return ex


def extract_file(path) -> Extraction:
    """Read a document (txt / docx / pdf, any common encoding) and extract it.

    Raises ``graph.errors.DocumentError`` when the file cannot be read.
    """
    source = read_document(path)
    ex = extract_text(source.text, doc_id=Path(path).stem, source_path=str(path))
    ex.sha256 = source.sha256
    return ex


def cross_link(extractions: list[Extraction]) -> list[dict]:
    """Links from each future industry to the industries of the other documents it continues."""
    return _cross_link(extractions)
