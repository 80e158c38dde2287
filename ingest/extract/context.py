"""The per-document state shared by the rules: normalized text, outline, industries found so far,
the lists being filled, and the provenance (evidence) of every item."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ingest.normalize import Normalized
from ingest.structure import Outline, Section, Sentence

LISTS = (
    "industries",
    "companies",
    "generic_actors",
    "parks",
    "departments",
    "chains",
    "targets",
    "projects",
    "technologies",
    "products",
)


@dataclass
class DocContext:
    doc_id: str
    norm: Normalized
    outline: Outline
    meta: Any = None
    kind: str = "other"
    source_path: str | None = None
    items: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in LISTS})
    # section id -> industry item, for the sectors and segments of the key-industry part
    industry_sections: dict[str, dict] = field(default_factory=dict)
    doc: Any = None  # the spaCy Doc of the normalized text
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        self._sent_starts = [s.start for s in self.outline.sentences]
        self._sections = {s.id: s for s in self.outline.sections}

    @property
    def text(self) -> str:
        return self.norm.text

    # -- positions --------------------------------------------------------------------------

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i >= 0:
            s = self.outline.sentences[i]
            if s.start <= offset <= s.end:
                return s
        return None

    def section(self, section_id: str | None) -> Section | None:
        return self._sections.get(section_id) if section_id else None

    def industry_item_at(self, offset: int) -> dict | None:
        """The innermost sector or segment whose section holds ``offset``."""
        sec = self.outline.section_at(offset)
        while sec is not None:
            item = self.industry_sections.get(sec.id)
            if item is not None:
                return item
            sec = self.section(sec.parent)
        return None

    def industry_at(self, offset: int) -> str | None:
        item = self.industry_item_at(offset)
        return item["name"] if item else None

    def section_target(self, offset: int) -> str | None:
        """What a responsibility bracket at ``offset`` is about: the industry of its section, or the
        section's title (重大工程 / 重点任务 / 保障措施 items)."""
        sec = self.outline.section_at(offset)
        if sec is None:
            return None
        item = self.industry_sections.get(sec.id)
        return item["name"] if item else sec.title

    # -- provenance -------------------------------------------------------------------------

    def evidence(self, start: int, end: int) -> dict:
        """Where a fact comes from: section path, span in the original file, sentence and quote."""
        sec = self.outline.section_at(start)
        sent = self.sentence_at(start)
        ostart, oend = self.norm.to_original(start, end)
        return {
            "doc": self.doc_id,
            "section": " / ".join(sec.path) if sec else "",
            "section_id": sec.id if sec else None,
            "start": ostart,
            "end": oend,
            "sentence": sent.text if sent else self.text[start:end],
            "quote": self.text[start:end],
        }

    def add(self, list_name: str, item: dict, start: int, end: int) -> dict:
        item["evidence"] = self.evidence(start, end)
        item["_span"] = (start, end)
        self.items[list_name].append(item)
        return item
