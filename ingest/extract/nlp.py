"""The spaCy pipeline: a blank ``zh`` language with the jieba segmenter, and the extraction rules
as registered components. ``PIPELINE`` declares their order; ``get_nlp()`` builds it once."""

from __future__ import annotations

import logging
import os
import pickle
from functools import lru_cache
from pathlib import Path

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.extract import chains, companies, departments, industries, parks, projects, resolve, targets, terms


def _ctx(doc: Doc):
    return doc.user_data["ctx"]


@Language.component("chainkg_industries")
def industries_component(doc: Doc) -> Doc:
    """Sectors and segments of the key-industry part (must run first: the others use them)."""
    industries.extract_industries(_ctx(doc))
    return doc


@Language.component("chainkg_departments")
def departments_component(doc: Doc) -> Doc:
    """Responsibility brackets and inline 牵头单位."""
    departments.extract_departments(_ctx(doc))
    return doc


@Language.component("chainkg_companies")
def companies_component(doc: Doc) -> Doc:
    """Company lists (依托A、B等企业)."""
    companies.extract_company_lists(_ctx(doc))
    return doc


@Language.component("chainkg_projects")
def projects_component(doc: Doc) -> Doc:
    """Projects, programmes and companies named inside project names (needs the companies)."""
    projects.extract_projects(_ctx(doc))
    return doc


@Language.component("chainkg_parks")
def parks_component(doc: Doc) -> Doc:
    """Carrier lists and single named parks."""
    ctx = _ctx(doc)
    parks.extract_park_lists(ctx)
    parks.extract_named_parks(ctx)
    return doc


@Language.component("chainkg_chains")
def chains_component(doc: Doc) -> Doc:
    """Arrow / dash / word chains."""
    chains.extract_chains(_ctx(doc))
    return doc


@Language.component("chainkg_targets")
def targets_component(doc: Doc) -> Doc:
    """Quantified targets under a year scope."""
    targets.extract_targets(_ctx(doc))
    return doc


@Language.component("chainkg_terms")
def terms_component(doc: Doc) -> Doc:
    """Technologies and products."""
    terms.extract_terms(_ctx(doc))
    return doc


@Language.component("chainkg_resolve")
def resolve_component(doc: Doc) -> Doc:
    """One item per entity: merge repeated names, link short and full company names."""
    ctx = _ctx(doc)
    resolve.resolve_companies(ctx)
    for name in ("parks", "projects", "technologies", "products", "generic_actors"):
        resolve.resolve_by_name(ctx, name)
    return doc


PIPELINE = (
    "chainkg_industries",
    "chainkg_departments",
    "chainkg_companies",
    "chainkg_projects",
    "chainkg_parks",
    "chainkg_chains",
    "chainkg_targets",
    "chainkg_terms",
    "chainkg_resolve",
)


# jieba's dictionary, kept as a pickle beside the checkout: it loads in about 0.3 s, where jieba's own
# marshal cache (in the shared temporary directory) takes about 1 s of every command's start.
CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache"


def load_jieba() -> None:
    """Load jieba's default dictionary once, from the project's cache when it is there (made by this
    user, for this dictionary file) and jieba's own loader otherwise, which then fills the cache."""
    dt = jieba.dt
    if dt.initialized:
        return
    source = Path(jieba.__file__).with_name("dict.txt")
    info = source.stat()
    cache = CACHE_DIR / f"jieba-{jieba.__version__}-{info.st_size}-{info.st_mtime_ns}.pickle"
    try:
        mine = cache.stat()
        if mine.st_uid == os.getuid() and not mine.st_mode & 0o022:  # never a file others could write
            with cache.open("rb") as handle:
                freq, total = pickle.load(handle)
            dt.FREQ, dt.total, dt.initialized = freq, total, True
            return
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    dt.initialize()
    try:
        CACHE_DIR.mkdir(mode=0o700, exist_ok=True)
        part = cache.with_name(f"{cache.name}.{os.getpid()}.part")
        with part.open("wb") as handle:
            pickle.dump((dt.FREQ, dt.total), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(part, 0o600)
        os.replace(part, cache)
    except OSError:
        pass  # a read-only checkout: jieba's own cache still serves


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The blank Chinese pipeline (jieba segmenter) with the extraction components, built once."""
    jieba.setLogLevel(logging.ERROR)
    load_jieba()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


def chunks(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back into ``text``: at the
    last line break before the limit (sections and paragraphs start on a new line), else at the
    last sentence end, else at the limit (pure).

    >>> chunks("一、甲\\n二、乙。丙\\n", 5)
    ['一、甲\\n', '二、乙。', '丙\\n']
    """
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n") + 1 or window.rfind("。") + 1 or limit
        out.append(text[start:start + cut])
        start += cut
    if start < len(text) or not out:
        out.append(text[start:])
    return out


def make_doc(nlp: Language, text: str) -> Doc:
    """The segmented text as one Doc. A text longer than spaCy's ``max_length`` (1,000,000
    characters) is segmented piece by piece (:func:`chunks`) and the pieces joined, so every token
    keeps its character offset in the whole text."""
    if len(text) <= nlp.max_length:
        return nlp.make_doc(text)
    doc = Doc.from_docs([nlp.make_doc(piece) for piece in chunks(text, nlp.max_length)], ensure_whitespace=False)
    assert doc.text == text  # offsets map back one to one
    return doc


def run(ctx) -> Doc:
    """Segment the normalized text and run every rule component over it."""
    nlp = get_nlp()
    doc = make_doc(nlp, ctx.text)
    doc.user_data["ctx"] = ctx
    ctx.doc = doc
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc
