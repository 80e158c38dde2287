"""Entity resolution inside one document: one item per written name, with the industries and
mentions it has, and aliases between short and full names of the same firm."""

from __future__ import annotations

import re

from ingest.extract.context import DocContext
from ingest.extract.places import strip_place

_LEGAL = ("集团股份有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "有限公司", "集团", "控股", "股份")


def company_key(name: str) -> str:
    """The resolution key of a company name: no brackets content, legal suffix or place prefix.

    >>> company_key("山东华岳储能科技有限公司"), company_key("华岳储能科技"), company_key("华岳储能科技（山东）")
    ('华岳储能科技', '华岳储能科技', '华岳储能科技')
    """
    key = re.sub(r"[（(][^）)]*[）)]", "", name)
    for suffix in _LEGAL:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            key = key[: -len(suffix)]
            break
    return strip_place(key)


def _merge(items: list[dict], key_fn) -> list[dict]:
    """Merge items with the same name: keep the first, collect industries and evidence."""
    out: dict[str, dict] = {}
    for it in items:
        k = key_fn(it)
        if k in out:
            kept = out[k]
            if it.get("industry") and it["industry"] not in kept["industries"]:
                kept["industries"].append(it["industry"])
            kept["mentions"].append(it["evidence"])
            if kept.get("in_project") and not it.get("in_project"):
                kept["in_project"] = False
            continue
        it = dict(it)
        it["industries"] = [it["industry"]] if it.get("industry") else []
        it["mentions"] = [it["evidence"]]
        out[k] = it
    return list(out.values())


def resolve_companies(ctx: DocContext) -> None:
    """One item per written name; names that share a key (short / full / with a group suffix /
    with a place prefix) point at each other through ``aliases`` and share ``entity``."""
    merged = _merge(ctx.items["companies"], lambda it: it["name"])
    groups: dict[str, list[dict]] = {}
    for it in merged:
        groups.setdefault(company_key(it["name"]), []).append(it)
    for members in groups.values():
        names = [m["name"] for m in members]
        entity = max(names, key=len)
        for m in members:
            m["entity"] = entity
            m["aliases"] = [n for n in names if n != m["name"]]
    ctx.items["companies"] = merged


def resolve_by_name(ctx: DocContext, list_name: str) -> None:
    """Parks, projects, technologies, products and generic actors: one item per name."""
    ctx.items[list_name] = _merge(ctx.items[list_name], lambda it: it["name"])


def resolve_across(extractions) -> None:
    """Companies and parks of several documents: the same key gives the same ``entity`` and the
    names written in every document as ``aliases``."""
    for list_name, key_fn in (("companies", company_key), ("parks", lambda n: n)):
        groups: dict[str, list[dict]] = {}
        for ex in extractions:
            for it in getattr(ex, list_name):
                groups.setdefault(key_fn(it["name"]), []).append(it)
        for members in groups.values():
            names = list(dict.fromkeys(m["name"] for m in members))
            entity = max(names, key=len)
            for m in members:
                m["entity"] = entity
                m["aliases"] = [n for n in names if n != m["name"]]
