"""Cross-document links: a future industry that continues an industry of another document, found
from the vocabulary their sections share (jieba words weighted by how rare they are)."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

from ingest.extract.patterns import load

_WORD = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{2,}\d*")


def section_terms(ctx) -> dict[str, dict]:
    """For each sector / segment: its words (a Counter over the spaCy tokens of its section) and the
    words of its name."""
    stop = set(load("crosslinks")["stopwords"])
    dept = re.compile(r"^(?:市|各).*(?:局|委|办|政府|管委会)$")
    out: dict[str, dict] = {}
    words = (
        [(t.idx, t.text) for t in ctx.doc if _WORD.fullmatch(t.text) and t.text not in stop and not dept.match(t.text)]
        if ctx.doc is not None
        else []
    )
    starts = [idx for idx, _ in words]
    for sid, item in ctx.industry_sections.items():
        sec = ctx.section(sid)
        lo, hi = bisect.bisect_left(starts, sec.start), bisect.bisect_left(starts, sec.end)
        has_children = any(s.parent == sid for s in ctx.outline.sections)
        out[item["name"]] = {"item": item, "words": Counter(w for _, w in words[lo:hi]), "has_children": has_children}
    return out


def _vector(words: Counter, idf: dict[str, float]) -> dict[str, float]:
    return {w: (1 + math.log(c)) * idf.get(w, 0.0) for w, c in words.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def cross_link(extractions) -> list[dict]:
    """Links ``from`` a future industry (a document of kind ``future``) ``to`` a sector or segment of
    another document, when their sections share enough rare vocabulary; ``why`` names the shared words.
    """
    cfg = load("crosslinks")
    futures = [e for e in extractions if e.kind == "future"]
    others = [e for e in extractions if e.kind != "future"]
    if not futures or not others:
        return []
    sections = [(e, name, info) for e in extractions for name, info in e.section_terms.items()]
    df: Counter = Counter()
    for _e, _n, info in sections:
        df.update(set(info["words"]))
    n = len(sections)
    idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
    links: list[dict] = []
    for fe in futures:
        for fname, finfo in fe.section_terms.items():
            if finfo["item"]["level"] != "sector":
                continue
            fvec = _vector(finfo["words"], idf)
            scored = []
            for oe in others:
                for oname, oinfo in oe.section_terms.items():
                    if oinfo["has_children"]:
                        continue
                    ovec = _vector(oinfo["words"], idf)
                    shared = set(fvec) & set(ovec)
                    if len(shared) < cfg["min_shared_terms"]:
                        continue
                    score = _cosine(fvec, ovec)
                    name_shared = [w for w in re.findall(r"[\u4e00-\u9fff]{2}", oname) if w in fname]
                    if name_shared:
                        score *= 1.5
                    why = sorted(shared, key=lambda w: -(fvec[w] * ovec[w]))[:6]
                    scored.append((score, oe, oname, why))
            scored.sort(key=lambda s: -s[0])
            if not scored:
                continue
            best = scored[0][0]
            for score, oe, oname, why in scored[: cfg["max_links_per_industry"]]:
                if score < cfg["min_score"] or score < cfg["min_relative"] * best:
                    continue
                links.append(
                    {
                        "from": fname,
                        "to": oname,
                        "from_doc": fe.doc_id,
                        "to_doc": oe.doc_id,
                        "why": "shared terms: " + "、".join(why),
                        "shared_terms": why,
                        "score": round(score, 3),
                        "evidence": finfo["item"]["evidence"],
                    }
                )
    return links
