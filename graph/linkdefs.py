"""Link definitions (环节定义): the product terms that put a company on a chain link, its exclusions,
and where each term came from.

A definition is made automatically from the link's name read in its chain and industry, the general
lexicon ``graph/lexicon/industry_chains.json`` and, when given, the pool's product taxonomy
(产品小类, 上游材料); a user's edits (add / remove terms and exclusions) go on top. Everything here is
pure: callers read the taxonomy and the edits and pass them in.

- The industry (and the names of the chain's links) choose the lexicon chains the link is read in:
  氢能与储能 reads in both 氢能 and 储能.
- A specific name (原料药, 塔筒, 某某材料) is a term itself and brings the terms of the lexicon link it
  names (exactly, as an alias, or the longest lexicon name it contains, the one nearest the end first:
  the head of a Chinese compound is last).
- A generic stage word (材料, 设备, 集成, 应用, one character 制 / 储 / 运 / 用 …) or a name made only of
  such words and qualifiers (关键部件配套) is never a term; it means the lexicon links the chain's
  ``generic`` map names for it (储 in 氢能 → 储氢), plus industry word + stage word (储能材料).
- Pool sub-categories of a term are terms too when their head agrees (锂电池电芯 under 锂电池, not
  锂电池正极材料); upstream materials of the next link fill a material link the lexicon knows nothing about.

>>> lex = load_lexicon()
>>> d = define_link({"id": "x#1", "name": "中间体", "industry": "化学药", "chain": "x"}, lex)
>>> "医药中间体" in d.term_texts() and "农药中间体" in d.exclusions
True
>>> define_link({"id": "x#2", "name": "应用", "industry": None, "chain": "y"}, lex).terms
()
>>> sorted(t.text for t in define_link({"id": "h#1", "name": "储", "industry": "氢能", "chain": "h"}, lex).terms)[:3]
['储氢', '储氢合金', '储氢材料']
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from graph.errors import ConfigError, InputError

LEXICON_PATH = Path(__file__).resolve().parent / "lexicon" / "industry_chains.json"

# where a term came from (shown to users), with its default weight (specificity, 0..1)
NAME, LEXICON, LEXICON_GENERIC, INDUSTRY_STAGE, SUBCATEGORY, UPSTREAM, USER = (
    "环节名", "词库", "词库(环节泛称)", "行业+环节", "企业库小类", "企业库上游材料", "用户添加")
WEIGHTS = {NAME: 1.0, LEXICON: 0.9, LEXICON_GENERIC: 0.8, INDUSTRY_STAGE: 0.75, SUBCATEGORY: 0.7,
           UPSTREAM: 0.5, USER: 1.0}
MATERIAL_WORDS = ("材料", "原料", "原材料", "辅料")
# what a sub-category that starts with its parent may add: the form the product comes in (玻璃纤维丝)
FORM_WORDS = frozenset(("丝", "纱", "粉", "片", "膜", "管", "板", "棒", "带", "线", "块", "粒", "颗粒", "球", "锭", "箔",
                        "卷", "系列", "类", "组", "单体", "模组", "产品", "棉"))


# --- the lexicon -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LexTerm:
    text: str
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class LexLink:
    chain: str          # lexicon chain id
    name: str
    stage: str | None
    aliases: tuple[str, ...]
    terms: tuple[LexTerm, ...]
    exclude: tuple[str, ...]
    avoid_industries: tuple[str, ...] = ()
    sw: tuple[str, ...] = ()             # 申万 industries whose companies are expected on the link

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class LexChain:
    id: str
    name: str
    aliases: tuple[str, ...]
    source: str
    links: tuple[LexLink, ...]
    generic: dict[str, tuple[str, ...]]   # stage word -> "link name" or "chain_id:link name"
    sw: tuple[str, ...] = ()              # 申万 industries whose companies are expected on the chain

    def link(self, name: str) -> LexLink | None:
        return next((x for x in self.links if x.name == name), None)


@dataclass(frozen=True)
class Lexicon:
    chains: tuple[LexChain, ...]
    generic_words: frozenset[str]
    qualifiers: tuple[str, ...]
    category_heads: tuple[str, ...]
    sources: dict[str, str]
    path: str = ""
    channels: tuple[str, ...] = ()  # sales channels a segment label may end with (润滑油-经销商)

    def chain(self, chain_id: str) -> LexChain | None:
        return next((c for c in self.chains if c.id == chain_id), None)

    def all_terms(self) -> set[str]:
        return {t.text for c in self.chains for x in c.links for t in x.terms}


def _bad(path: Path, what: str) -> ConfigError:
    return ConfigError(f"词库 {path} 有误: {what}; 请改正该文件")


def parse_lexicon(data: dict, path: Path = LEXICON_PATH) -> Lexicon:
    """A checked :class:`Lexicon` from the JSON of ``industry_chains.json``."""
    try:
        generic = frozenset(data["generic_words"])
        qualifiers = tuple(sorted(data.get("qualifiers", ()), key=len, reverse=True))
        chains = []
        for c in data["chains"]:
            links = []
            for x in c["links"]:
                terms = []
                for t in x["terms"]:
                    term = LexTerm(t) if isinstance(t, str) else LexTerm(t["t"], tuple(t.get("needs", ())))
                    if term.text in generic or len(term.text) < 2:
                        raise _bad(path, f"链 {c['id']} 环节 {x['name']} 的词条「{term.text}」是泛称或单字, 单独不能匹配产品")
                    terms.append(term)
                aliases = tuple(x.get("aliases", ()))
                if any(a in generic for a in aliases):
                    raise _bad(path, f"链 {c['id']} 环节 {x['name']} 的别名含泛称词; 泛称的含义写在该链的 generic 里")
                links.append(LexLink(c["id"], x["name"], x.get("stage"), aliases, tuple(terms),
                                     tuple(x.get("exclude", ())), tuple(x.get("avoid_industries", ())),
                                     tuple(x.get("sw") or c.get("sw") or ())))
            chains.append(LexChain(c["id"], c["name"], tuple(c.get("aliases", ())), c["source"], tuple(links),
                                   {k: tuple(v) for k, v in c.get("generic", {}).items()}, tuple(c.get("sw", ()))))
        lex = Lexicon(tuple(chains), generic, qualifiers, tuple(data.get("category_heads", ())),
                      dict(data.get("sources", {})), str(path), tuple(data.get("channels", ())))
    except (KeyError, TypeError) as e:
        raise _bad(path, f"缺少或写错了字段 {e}") from None
    for c in lex.chains:
        for word, targets in c.generic.items():
            for target in targets:
                if _generic_target(lex, c, target) is None:
                    raise _bad(path, f"链 {c.id} 的 generic「{word}」指向不存在的环节 {target}")
    return lex


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The general lexicon (cached per path)."""
    where = Path(path) if path else LEXICON_PATH
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"找不到词库 {where}: 请恢复 graph/lexicon/industry_chains.json") from None
    except json.JSONDecodeError as e:
        raise _bad(where, f"不是合法 JSON (第 {e.lineno} 行)") from None
    return parse_lexicon(data, where)


def _generic_target(lex: Lexicon, chain: LexChain, target: str) -> LexLink | None:
    if ":" in target:
        chain_id, name = target.split(":", 1)
        other = lex.chain(chain_id)
        return other.link(name) if other else None
    return chain.link(target)


# --- reading a link's name -------------------------------------------------------------------------


def generic_parts(name: str, lex: Lexicon, *, whole: bool = True) -> list[str] | None:
    """The stage words a name is made of, when it is made only of stage words and qualifiers
    (qualifiers dropped); None when the name holds anything specific.

    >>> lex = load_lexicon()
    >>> generic_parts("关键部件配套", lex), generic_parts("材料", lex), generic_parts("负极材料", lex)
    (['部件', '配套'], ['材料'], None)
    """
    if not name:
        return None
    if whole and name in lex.generic_words:
        return [name]
    words = sorted((lex.generic_words | set(lex.qualifiers)) - ({name} if not whole else set()), key=len, reverse=True)
    best: dict[int, list[str]] = {0: []}
    for i in range(len(name)):
        if i not in best:
            continue
        for w in words:
            if name.startswith(w, i) and (i + len(w)) not in best:
                best[i + len(w)] = best[i] + [w]
    parts = best.get(len(name))
    if parts is None:
        return None
    kept = [p for p in parts if p in lex.generic_words and p not in lex.qualifiers]
    return kept or None


def is_generic(name: str, lex: Lexicon) -> bool:
    """A stage word (or only stage words): means nothing without its chain."""
    return len(name) < 2 or generic_parts(name, lex) is not None


def industry_words(industry: str | None) -> list[str]:
    """Names an industry goes by (the whole name, its parts around 与/和/及, without 产业/业).

    >>> industry_words("氢能与储能")
    ['氢能与储能', '氢能', '储能']
    """
    if not industry:
        return []
    out = [industry]
    for sep in "与和及、":
        if sep in industry:
            out += [p for p in industry.split(sep) if len(p) >= 2]
    for suffix in ("产业", "业"):
        if industry.endswith(suffix) and len(industry) - len(suffix) >= 2:
            out.append(industry[: -len(suffix)])
    return list(dict.fromkeys(out))


_RESOLVED: dict[tuple[int, str, str], tuple | None] = {}


def _resolves(name: str, chain: LexChain) -> tuple[int, int, LexLink, str | None] | None:
    """:func:`_resolve`, remembered per chain and name (links are read many times over)."""
    key = (id(chain), chain.id, name)
    if key not in _RESOLVED:
        if len(_RESOLVED) > 200_000:
            _RESOLVED.clear()
        _RESOLVED[key] = _resolve(name, chain)
    return _RESOLVED[key]


def _resolve(name: str, chain: LexChain) -> tuple[int, int, LexLink, str | None] | None:
    """How well a specific name names a link of ``chain``: (kind, length, link, alias) where kind is
    3 for the link's own name or alias, 2 for a name or alias contained in it (``alias``: that alias,
    when not the link's own name), 1 for a term contained in it (longest first, then the one nearest
    the end)."""
    best = None
    for link in chain.links:
        if name in link.names:
            return (3, len(name), link, None)
        for kind, strings in ((2, link.names), (1, tuple(t.text for t in link.terms))):
            for s in strings:
                if len(s) >= 2 and s in name:
                    key = (kind, len(s), name.rfind(s) + len(s))
                    if best is None or key > best[0]:
                        best = (key, link, s)
    if best is None:
        return None
    (kind, length, _), link, found = best
    narrow = None
    if kind == 2 and found != link.name and not any(ch in name for ch in "与和及、"):
        rest = name[name.rfind(found) + len(found):]
        if not rest or generic_parts(rest, load_lexicon()) is not None:
            narrow = found  # the alias is the name's head: 软磁铁氧体 in 软磁铁氧体材料
    return (kind, length, link, narrow)


def context_chains(industry: str | None, link_names: list[str], lex: Lexicon,
                   parents: list[str] = ()) -> list[LexChain]:
    """The lexicon chains a document chain is read in: by its industry's name (or its sector's), and
    by how many of its links' names the chain knows; the best-scoring chains (ties all kept).

    >>> sorted(c.id for c in context_chains("氢能与储能", ["制", "储", "运", "用"], load_lexicon()))
    ['energy_storage', 'hydrogen']
    """
    def score(chain: LexChain, names: list[str]) -> int:
        s = 0
        for word in names:
            for alias in (chain.name, *chain.aliases):
                if word == alias:
                    s = max(s, 30)
                elif len(alias) >= 2 and alias in word:
                    s = max(s, 20)
        return s

    specific = [n for n in link_names if not is_generic(n, lex)]
    scored = []
    for chain in lex.chains:
        s = score(chain, industry_words(industry)) or score(chain, [p for p in parents if p])
        overlap = sum(1 for n in specific if (r := _resolves(n, chain)) and r[0] >= 2)
        if s or overlap >= 2:
            scored.append((s + 3 * overlap, chain))
    if not scored:
        return []
    top = max(s for s, _ in scored)
    return [c for s, c in scored if s == top]


# --- definitions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    weight: float
    source: str
    origin: str = ""
    needs: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        out = {"term": self.text, "weight": self.weight, "source": self.source, "origin": self.origin}
        if self.needs:
            out["needs"] = list(self.needs)
        return out


@dataclass(frozen=True)
class Taxonomy:
    """The pool's product relations: ``subcategories[p]`` are sub-categories of p, ``upstream[p]`` its
    upstream materials."""

    subcategories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    upstream: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, store, products) -> Taxonomy:
        """The relations around ``products`` from a store (named query ``gap_product_relations``)."""
        wanted = sorted(set(products))
        return cls.from_relations(store.query("gap_product_relations", products=wanted) if wanted else [])

    @classmethod
    def from_relations(cls, rows) -> Taxonomy:
        """From rows ``{"type": "SUBCATEGORY_OF" | "UPSTREAM_OF", "src", "dst"}`` (the named query
        ``gap_product_relations``): src is a sub-category / an upstream material of dst."""
        sub: dict[str, list[str]] = {}
        up: dict[str, list[str]] = {}
        for r in rows:
            (sub if r["type"] == "SUBCATEGORY_OF" else up).setdefault(r["dst"], []).append(r["src"])
        return cls({k: tuple(v) for k, v in sub.items()}, {k: tuple(v) for k, v in up.items()})


@dataclass(frozen=True)
class LinkDefinition:
    link_id: str
    name: str
    industry: str | None
    chain: str | None
    terms: tuple[Term, ...]
    exclusions: tuple[str, ...]
    generic: bool = False
    avoid_industries: tuple[str, ...] = ()  # a maker whose industry (申万) holds one of these is not on it
    fit_industries: tuple[str, ...] = ()    # 申万 industries whose makers rank first among equals
    read_in: tuple[str, ...] = ()        # lexicon chains the name was read in
    lexicon_links: tuple[str, ...] = ()  # "chain id/link name" it stands for

    def term_texts(self) -> list[str]:
        return [t.text for t in self.terms]

    def to_dict(self) -> dict:
        return {"link": self.link_id, "name": self.name, "industry": self.industry, "chain": self.chain,
                "generic": self.generic, "read_in": list(self.read_in), "lexicon_links": list(self.lexicon_links),
                "terms": [t.to_dict() for t in self.terms], "exclusions": list(self.exclusions),
                "avoid_industries": list(self.avoid_industries), "fit_industries": list(self.fit_industries)}


def _add(out: dict[str, Term], text: str, source: str, origin: str = "", needs=(), lex: Lexicon | None = None,
         weight: float | None = None) -> None:
    if len(text) < 2 or (lex is not None and text in lex.generic_words):
        return
    term = Term(text, WEIGHTS[source] if weight is None else weight, source, origin, tuple(needs))
    old = out.get(text)
    if old is None or term.weight > old.weight:
        out[text] = term


def _lexlink_terms(out: dict[str, Term], excl: list[str], link: LexLink, source: str, lex: Lexicon,
                   avoid: list[str] | None = None, narrow: str | None = None) -> None:
    """Add a lexicon link's terms; ``narrow`` (a long alias the link's name was found by, such as
    软磁铁氧体 in 软磁铁氧体材料) keeps only the terms that share its head (its last two characters)."""
    origin = f"{link.chain}/{link.name}"
    head = narrow[-2:] if narrow and len(narrow) >= 4 else None
    if head is None:
        _add(out, link.name, source, origin, lex=lex)
    for t in link.terms:
        if head is None or head in t.text:
            _add(out, t.text, source, origin, t.needs, lex=lex)
    excl.extend(link.exclude)
    if avoid is not None:
        avoid.extend(link.avoid_industries)


def _sub_agrees(sub: str, parent: str, heads: tuple[str, ...], known: set[str]) -> bool:
    """Does a pool sub-category name the same kind of product as its parent term? (ends with it:
    无碱玻璃纤维 ⊂ 玻璃纤维; or starts with it and adds a form word: 玻璃纤维丝)."""
    if sub == parent or len(sub) > 12:
        return False
    if sub.endswith(parent):
        return True
    if sub.startswith(parent):
        return sub[len(parent):] in FORM_WORDS
    return False


def define_link(link: dict, lex: Lexicon | None = None, taxonomy: Taxonomy | None = None, *,
                chain_links: list[dict] | None = None, parents: list[str] = (),
                context: list[LexChain] | None = None) -> LinkDefinition:
    """The definition of one chain link (``{"id", "name", "industry", "chain", "position"}``);
    ``chain_links`` are all links of its chain (for the context and the next link), ``parents`` the
    industry's sectors; ``context``: the lexicon chains it is read in, when already known."""
    lex = lex or load_lexicon()
    name = (link.get("name") or "").strip()
    industry = link.get("industry")
    siblings = chain_links or [link]
    chains = context if context is not None else context_chains(industry, [x["name"] for x in siblings], lex,
                                                                list(parents))
    terms: dict[str, Term] = {}
    excl: list[str] = []
    avoid: list[str] = []
    standing: list[str] = []
    parts = generic_parts(name, lex) if len(name) >= 2 else [name]
    if parts is not None and len(name) >= 2 and name not in lex.generic_words \
            and any(name in x.names for c in chains for x in c.links):
        parts = None  # a compound of stage words that is the chain's own link name (封装测试)
    generic = parts is not None
    if generic:
        for chain in chains:
            for lexlink in _generic_meaning(parts, chain, lex):
                _lexlink_terms(terms, excl, lexlink, LEXICON_GENERIC, lex, avoid)
                standing.append(f"{lexlink.chain}/{lexlink.name}")
        words = [w for w in industry_words(industry) if not is_generic(w, lex)]
        words += [a for c in chains for a in (c.name, *c.aliases) if a in (industry or "") and len(a) >= 2]
        for word in dict.fromkeys(words):
            for part in dict.fromkeys([*parts, name]):
                if len(part) >= 2:
                    _add(terms, word + part, INDUSTRY_STAGE, f"{word}+{part}", lex=lex)
    else:
        _add(terms, name, NAME, lex=lex)
        hits = [(r, c) for c in chains if (r := _resolves(name, c))]
        best = max(hits, key=lambda h: h[0][:2], default=None)
        if best is None or best[0][0] == 1:  # nothing by name in context: any chain's own link name
            wide = [(r, c) for c in lex.chains if (r := _resolves(name, c)) and r[0] >= 2]
            wide_best = max(wide, key=lambda h: h[0][:2], default=None)
            if wide_best is not None and (best is None or wide_best[0][1] >= best[0][1]):
                best = wide_best
        if best is None:  # a specific head and a stage-word tail: 某某应用 means the chain's 应用
            for cut in range(2, len(name) - 1):
                tail = generic_parts(name[cut:], lex)
                if tail is not None:
                    for chain in chains:
                        for lexlink in _generic_meaning(tail, chain, lex):
                            _lexlink_terms(terms, excl, lexlink, LEXICON_GENERIC, lex, avoid)
                            standing.append(f"{lexlink.chain}/{lexlink.name}")
                    break
        if best is not None:
            (kind, _, lexlink, alias), _chain = best
            if kind >= 2:
                _lexlink_terms(terms, excl, lexlink, LEXICON, lex, avoid, narrow=alias)
                standing.append(f"{lexlink.chain}/{lexlink.name}")
                needs = next((t.needs for t in lexlink.terms if t.text == name and t.needs), ())
                if needs and name in terms:  # the name is a bare word the lexicon qualifies (中间体)
                    terms[name] = replace(terms[name], needs=needs)
            else:  # only a term of that link is in the name: that term, not the whole link
                for t in lexlink.terms:
                    if t.text in name:
                        _add(terms, t.text, LEXICON, f"{lexlink.chain}/{lexlink.name}", t.needs, lex=lex)
    if taxonomy is not None:
        known = lex.all_terms()
        for text in [t.text for t in terms.values() if t.weight >= WEIGHTS[LEXICON_GENERIC]]:
            for sub in taxonomy.subcategories.get(text, ()):
                if sub not in terms and not is_generic(sub, lex) and not any(e in sub for e in excl) \
                        and _sub_agrees(sub, text, lex.category_heads, known):
                    _add(terms, sub, SUBCATEGORY, f"{text} 的小类", lex=lex)
        if not standing and (generic and any(p in MATERIAL_WORDS for p in parts) or name.endswith(MATERIAL_WORDS)):
            for nxt in _next_links(link, siblings):
                nxt_def = define_link(nxt, lex, None, chain_links=siblings, parents=parents, context=chains)
                for t in nxt_def.terms:
                    for material in taxonomy.upstream.get(t.text, ()):
                        if (len(material) >= 3 or material in known) and not is_generic(material, lex):
                            _add(terms, material, UPSTREAM, f"{t.text} 的上游材料", lex=lex)
    exclusions = tuple(dict.fromkeys(e for e in excl if e not in terms))
    stood = [_standing_link(lex, s) for s in dict.fromkeys(standing)]
    fit = [i for x in stood for i in x.sw] or [i for c in chains for i in c.sw]
    return LinkDefinition(link["id"], name, industry, link.get("chain"), _ordered(terms), exclusions, generic,
                          tuple(dict.fromkeys(avoid)), tuple(dict.fromkeys(fit)), tuple(c.id for c in chains),
                          tuple(dict.fromkeys(standing)))


def _standing_link(lex: Lexicon, ref: str) -> LexLink:
    chain_id, name = ref.split("/", 1)
    return lex.chain(chain_id).link(name)


def _generic_meaning(parts: list[str], chain: LexChain, lex: Lexicon) -> list[LexLink]:
    """The lexicon links a chain's ``generic`` map gives for stage words (a compound word such as
    整机生产 that the map does not list means what its parts mean)."""
    out: list[LexLink] = []
    for part in parts:
        targets = chain.generic.get(part)
        if targets is None:
            sub = generic_parts(part, lex, whole=False)
            out += _generic_meaning(sub, chain, lex) if sub and sub != [part] else []
            continue
        out += [_generic_target(lex, chain, t) for t in targets]
    return list(dict.fromkeys(out))


def _next_links(link: dict, siblings: list[dict]) -> list[dict]:
    pos = link.get("position")
    if pos is None:
        return []
    return [x for x in siblings if x.get("position") == pos + 1]


def _ordered(terms: dict[str, Term]) -> tuple[Term, ...]:
    return tuple(sorted(terms.values(), key=lambda t: (-t.weight, -len(t.text), t.text)))


def define_links(links: list[dict], lex: Lexicon | None = None, taxonomy: Taxonomy | None = None,
                 parents: dict[str, list[str]] | None = None,
                 edits: dict[str, list[dict]] | None = None) -> dict[str, LinkDefinition]:
    """Definitions of every link (dicts as the named query ``gap_links`` returns them), keyed by
    link id, with each link's edits (:func:`apply_edits`) applied."""
    lex = lex or load_lexicon()
    by_chain: dict[str, list[dict]] = {}
    for x in links:
        by_chain.setdefault(x.get("chain") or x["id"], []).append(x)
    out = {}
    contexts: dict[str, list[LexChain]] = {}
    for key, siblings in by_chain.items():
        first = siblings[0]
        contexts[key] = context_chains(first.get("industry"), [x["name"] for x in siblings], lex,
                                       list((parents or {}).get(first.get("industry"), [])))
    for x in links:
        key = x.get("chain") or x["id"]
        d = define_link(x, lex, taxonomy, chain_links=by_chain[key], parents=(parents or {}).get(x.get("industry"), []),
                        context=contexts[key])
        out[x["id"]] = apply_edits(d, (edits or {}).get(x["id"], []), lex)
    return out


def lexicon_definitions(lex: Lexicon | None = None) -> dict[str, LinkDefinition]:
    """One definition per link of the lexicon itself (id ``chain id/link name``): every link a city's
    chain can be read as, for benchmarks and for ``link-terms`` without a store."""
    lex = lex or load_lexicon()
    links = [{"id": f"{c.id}/{x.name}", "name": x.name, "industry": c.name, "chain": c.id, "position": i + 1}
             for c in lex.chains for i, x in enumerate(c.links)]
    return define_links(links, lex)


# --- user edits ------------------------------------------------------------------------------------

EDIT_OPS = ("add_term", "remove_term", "add_exclusion", "remove_exclusion")


def edits_from_decisions(entries: list[dict]) -> dict[str, list[dict]]:
    """The edits per link id from the ``definition`` entries of :mod:`graph.decisions`
    (``{"kind": "definition", "link", "field": terms | exclusions, "op": add | remove, "value"}``), in
    the order recorded.

    >>> edits_from_decisions([{"kind": "definition", "link": "l#1", "field": "exclusions", "op": "add",
    ...                        "value": "农药中间体"}, {"kind": "assign", "company": "c", "link": "l#1"}])
    {'l#1': [{'op': 'add_exclusion', 'term': '农药中间体'}]}
    """
    out: dict[str, list[dict]] = {}
    for e in entries:
        if e.get("kind") != "definition":
            continue
        op = f"{e['op']}_{'term' if e['field'] == 'terms' else 'exclusion'}"
        out.setdefault(e["link"], []).append({"op": op, "term": e["value"]})
    return out


def check_edit(edit: dict, lex: Lexicon | None = None) -> dict:
    """An edit ``{"op": add_term | remove_term | add_exclusion | remove_exclusion, "term": str}``,
    checked; raises :class:`InputError` with the fix otherwise.

    >>> check_edit({"op": "add_term", "term": " 玻纤纱 "})
    {'op': 'add_term', 'term': '玻纤纱'}
    """
    lex = lex or load_lexicon()
    op, term = edit.get("op"), (edit.get("term") or "").strip()
    if op not in EDIT_OPS:
        raise InputError(f"不认识的环节定义修改「{op}」: 可用 {'、'.join(EDIT_OPS)}")
    if not term:
        raise InputError("环节定义修改缺少词条: 请给出要添加或去掉的产品词")
    if op == "add_term" and is_generic(term, lex):
        raise InputError(f"「{term}」是泛称环节词, 单独不能匹配产品: 请添加具体产品词 (如 储能电站、玻纤纱)")
    return {"op": op, "term": term}


def apply_edits(definition: LinkDefinition, edits: list[dict], lex: Lexicon | None = None) -> LinkDefinition:
    """``definition`` with a user's edits applied in order (pure); the edits survive rebuilds because
    they are stored apart and applied again to every new definition.

    >>> d = define_link({"id": "g#1", "name": "玻璃纤维", "industry": "玻纤", "chain": "g"})
    >>> e = apply_edits(d, [{"op": "add_term", "term": "玻纤原丝"}, {"op": "remove_term", "term": "玻纤"},
    ...                     {"op": "add_exclusion", "term": "玻纤设备"}])
    >>> "玻纤原丝" in e.term_texts(), "玻纤" in e.term_texts(), "玻纤设备" in e.exclusions
    (True, False, True)
    """
    if not edits:
        return definition
    lex = lex or load_lexicon()
    terms = {t.text: t for t in definition.terms}
    excl = list(definition.exclusions)
    for raw in edits:
        edit = check_edit(raw, lex)
        op, text = edit["op"], edit["term"]
        if op == "add_term":
            terms[text] = Term(text, WEIGHTS[USER], USER, raw.get("note") or "")
            excl = [e for e in excl if e != text]
        elif op == "remove_term":
            terms.pop(text, None)
        elif op == "add_exclusion":
            terms.pop(text, None)
            if text not in excl:
                excl.append(text)
        else:
            excl = [e for e in excl if e != text]
    return replace(definition, terms=_ordered(terms), exclusions=tuple(excl))
