"""The analyst path's allow-list: which Cypher an analyst may run (``graph query``, the app's console).

:func:`check` tokenises the text (comments and string literals stripped, backtick-quoted names
kept as names, never keywords) and admits exactly one reading statement:

- clauses MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP / OFFSET, LIMIT, UNION
  [ALL], and read-only subqueries (``EXISTS { }``, ``COUNT { }``, ``COLLECT { }``, ``CALL { }`` whose
  body passes the same rules);
- ``CALL`` only of the read-only procedures in :data:`PROCEDURES` (per dialect);
- function calls only of the functions in :data:`FUNCTIONS` (standard Cypher plus each dialect's
  own read-only scalar and aggregate functions; never ``apoc.*``, ``file()``, ``nextval``...);
- one statement, a trailing ``;`` allowed.

Everything else is refused with :class:`QueryRefused`: writes and schema (CREATE, MERGE, SET,
DELETE, REMOVE, DROP, ALTER, FOREACH), files and network (LOAD FROM, LOAD CSV, COPY, EXPORT /
IMPORT DATABASE, INSTALL, LOAD EXTENSION, ATTACH / DETACH), administration (SHOW / TERMINATE
TRANSACTIONS, USE, CHECKPOINT, transactions), EXPLAIN / PROFILE, and any word in a clause position
that is neither an allowed keyword nor a variable the query binds.

It is the first wall; the stores keep their own second wall (LadybugDB: a READ ONLY transaction;
Neo4j: the planner's query type and a READ session). Pure: no store is touched here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import WriteRefused

ALLOWED_TEXT = ("只读查询只允许一条语句, 由 MATCH、OPTIONAL MATCH、WITH、UNWIND、WHERE、RETURN、ORDER BY、"
                "SKIP、LIMIT、UNION 组成, 函数与 CALL 过程限于只读清单 (见 README 的 Security 一节)")


class QueryRefused(WriteRefused):
    """An analyst's statement falls outside the allow-list (see graph.cypher_guard)."""


# Keywords that may appear anywhere a keyword can (clauses, operators, literals, subqueries, path
# modes of both dialects, type names of casts and type predicates).
KEYWORDS = frozenset("""
match optional with unwind where return order by skip offset limit union all distinct as
and or xor not in is null true false starts ends contains case when then else end
asc ascending desc descending exists count collect yield call
shortest wshortest any trail acyclic walk paths path group nulls
string integer int float boolean bool list map node relationship date duration
int8 int16 int32 int64 int128 uint8 uint16 uint32 uint64 double serial timestamp interval uuid blob
""".split())

# Words never admitted, not even as a variable name (backtick them to use them as names).
FORBIDDEN = frozenset("""
create merge set delete detach remove drop alter foreach load csv copy install uninstall extension
attach export import database databases use show terminate transactions transaction begin commit
rollback checkpoint explain profile insert update finish grant deny revoke start stop enable disable
periodic comment macro rename truncate alias server deallocate reallocate dryrun
""".split())

# Read-only procedures per dialect (lower case), with the columns they yield (LadybugDB's table
# functions name their columns without a YIELD, so the names count as bound variables).
PROCEDURE_COLUMNS = {
    "neo4j": {"db.labels": ("label",), "db.relationshiptypes": ("relationshipType",),
              "db.propertykeys": ("propertyKey",), "db.schema.visualization": ("nodes", "relationships"),
              "db.schema.nodetypeproperties": ("nodeType", "nodeLabels", "propertyName", "propertyTypes",
                                               "mandatory"),
              "db.schema.reltypeproperties": ("relType", "propertyName", "propertyTypes", "mandatory"),
              "db.info": ("id", "name", "creationDate"), "db.ping": ("success",),
              "dbms.components": ("name", "versions", "edition")},
    "ladybug": {"show_tables": ("id", "name", "type", "comment"), "table_info": ("name", "type"),
                "show_connection": (), "show_indexes": ("table_name", "index_name", "index_type",
                                                        "property_names", "extension_loaded", "index_definition"),
                "show_functions": ("name", "type", "signature"), "db_version": ("version",)},
}
PROCEDURES = {dialect: frozenset(columns) for dialect, columns in PROCEDURE_COLUMNS.items()}
# Neo4j runs these in DBMS mode, so its planner gives them query type "s", not "r"; they only read.
NEO4J_DBMS_READS = frozenset({"dbms.components"})

_COMMON_FUNCTIONS = """
abs acos all any asin atan atan2 avg ceil coalesce collect cos cot count date degrees duration exists
floor head id keys labels last left length log log10 lower ltrim max min nodes none nullif
percentilecont percentiledisc pi properties radians range reduce relationships replace reverse right
round rtrim sign sin single size split sqrt substring sum tail tan timestamp tolower toupper trim type
upper tostring tointeger tofloat toboolean shortestpath allshortestpaths
"""

_NEO4J_FUNCTIONS = """
btrim char_length character_length date.realtime date.statement date.transaction date.truncate datetime
datetime.fromepoch datetime.fromepochmillis datetime.realtime datetime.statement datetime.transaction
datetime.truncate duration.between duration.indays duration.inmonths duration.inseconds e elementid
endnode haversin isempty isnan localdatetime localdatetime.realtime localdatetime.statement
localdatetime.transaction localdatetime.truncate localtime localtime.realtime localtime.statement
localtime.transaction localtime.truncate normalize point point.distance point.withinbbox rand
randomuuid startnode stdev stdevp time time.realtime time.statement time.transaction time.truncate
tobooleanlist tobooleanornull tofloatlist tofloatornull tointegerlist tointegerornull tostringlist
tostringornull valuetype vector.similarity.cosine vector.similarity.euclidean
"""

_LADYBUG_FUNCTIONS = """
array_append array_cat array_concat array_contains array_cosine_similarity array_cross_product
array_distance array_dot_product array_extract array_has array_indexof array_inner_product
array_position array_prepend array_push_back array_push_front array_slice array_squared_distance
array_value bitshift_left bitshift_right bitwise_and bitwise_or bitwise_xor cardinality cast cbrt
ceiling century concat concat_ws contains count_if count_star current_date current_timestamp date_part
date_trunc datepart datetrunc dayname element_at end_node ends_with epoch_ms even factorial gamma
greatest hash ifnull initcap internal_id interval is_acyclic is_trail label last_day lcase least
levenshtein lgamma list_any_value list_append list_cat list_concat list_contains list_creation
list_distinct list_element list_extract list_filter list_has list_has_all list_has_any list_indexof
list_max list_min list_position list_prepend list_product list_reduce list_reverse list_reverse_sort
list_slice list_sort list_sum list_to_string list_transform list_unique ln log2 lpad make_date map
map_extract map_keys map_values md5 monthname negate octet_length offset pow prefix random
regexp_extract regexp_extract_all regexp_full_match regexp_matches regexp_replace regexp_split_to_array
rels repeat rpad sha256 split_part start_node starts_with str_split string string_split string_to_array
struct_extract struct_pack substr suffix time_bucket to_bool to_date to_days to_double to_epoch_ms
to_float to_hours to_int16 to_int32 to_int64 to_int8 to_interval to_microseconds to_milliseconds
to_minutes to_months to_seconds to_string to_timestamp to_uint16 to_uint32 to_uint64 to_uint8 to_years
typeof ucase union_extract union_tag union_value
"""

FUNCTIONS = {
    "neo4j": frozenset((_COMMON_FUNCTIONS + _NEO4J_FUNCTIONS).split()),
    "ladybug": frozenset((_COMMON_FUNCTIONS + _LADYBUG_FUNCTIONS).split()),
}


@dataclass(frozen=True)
class Token:
    kind: str   # "word" (bare), "name" (backtick-quoted), "string", "number", "param", "op"
    text: str   # the word or operator; for "name" the unquoted name
    pos: int


_WORD = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0o[0-7]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?")
_OPS = ("<>", "<=", ">=", "=~", "+=", "!=", "..", "->", "<-", "::", "||")


def _refuse(what: str) -> QueryRefused:
    return QueryRefused(f"已拒绝: {what}。{ALLOWED_TEXT}")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` without whitespace and comments; refuses unterminated strings,
    quoted names and comments (where the database might read code that we read as text).

    >>> [t.text for t in tokenize("MATCH (n) // c\\nRETURN n.`a b`, 'x;y' /* ; */")]
    ['MATCH', '(', 'n', ')', 'RETURN', 'n', '.', 'a b', ',', 'x;y']
    """
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            body = text[i:n if end < 0 else end]
            # Neo4j also ends a line comment at a carriage return, LadybugDB does not: a CR is only
            # allowed as the CR of a CRLF line end, where both read the same
            if "\r" in body.removesuffix("\r"):
                raise _refuse("行注释 // 中有回车符 (\\r), 两种数据库对它的理解不同")
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = _block_comment_end(text, i)
            i = end + 2
        elif ch in "'\"":
            j, buf = i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\":
                    j += 1
                if j < n:
                    buf.append(text[j])
                j += 1
            if j >= n:
                raise _refuse("字符串没有结束")
            out.append(Token("string", "".join(buf), i))
            i = j + 1
        elif ch == "`":
            j, buf = i + 1, []
            while True:
                end = text.find("`", j)
                if end < 0:
                    raise _refuse("反引号名称没有结束")
                buf.append(text[j:end])
                if text.startswith("``", end):
                    buf.append("`")
                    j = end + 2
                    continue
                break
            out.append(Token("name", "".join(buf), i))
            i = end + 1
        elif ch == "$":
            m = _WORD.match(text, i + 1) or re.compile(r"\d+").match(text, i + 1)
            if m:
                out.append(Token("param", m.group(), i))
                i = m.end()
            elif text.startswith("`", i + 1):
                end = text.find("`", i + 2)
                if end < 0:
                    raise _refuse("反引号名称没有结束")
                out.append(Token("param", text[i + 2:end], i))
                i = end + 1
            else:
                out.append(Token("op", "$", i))
                i += 1
        elif (m := _NUMBER.match(text, i)) and not (ch == "." and out and out[-1].kind in ("word", "name")):
            out.append(Token("number", m.group(), i))
            i = m.end()
        elif m := _WORD.match(text, i):
            out.append(Token("word", m.group(), i))
            i = m.end()
        else:
            op = next((o for o in _OPS if text.startswith(o, i)), ch)
            out.append(Token("op", op, i))
            i += len(op)
    return out


def _block_comment_end(text: str, start: int) -> int:
    """Where the block comment at ``start`` ends (the index of its ``*/``). Neo4j ends it at the
    first ``*/``; LadybugDB's grammar reads ``*`` and the character after it as a pair, so for it
    ``**/`` need not end the comment. Where the two readings differ, the text is refused: a string
    could start in what one database reads as a comment."""
    first = text.find("*/", start + 2)
    j, n = start + 2, len(text)
    while j < n:
        if text[j] == "*":
            if j + 1 < n and text[j + 1] == "/":
                break
            j += 2
        else:
            j += 1
    paired = j if j < n else -1
    if first < 0 and paired < 0:
        raise _refuse("注释 /* 没有结束")
    if first != paired:
        raise _refuse("块注释的结尾有歧义 (如 **/), 两种数据库对它的理解不同: 请改写注释")
    return first


def _dotted(tokens: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at tokens[i] (``a.b.c``) and the index after it."""
    parts = [tokens[i].text]
    j = i + 1
    while (j + 1 < len(tokens) and tokens[j].kind == "op" and tokens[j].text == "."
           and tokens[j + 1].kind in ("word", "name")):
        parts.append(tokens[j + 1].text)
        j += 2
    return ".".join(parts), j


def check(text: str, dialect: str) -> frozenset[str]:
    """Refuse ``text`` (QueryRefused, one Chinese line) unless it is one reading statement made of
    the allowed clauses, functions and procedures of ``dialect`` ("neo4j" or "ladybug"); returns
    the procedures it calls (lower case)."""
    tokens = tokenize(text)
    while tokens and tokens[-1].kind == "op" and tokens[-1].text == ";":
        tokens.pop()
    if not tokens:
        raise _refuse("查询是空的")
    if any(t.kind == "op" and t.text == ";" for t in tokens):
        raise _refuse("一次只能运行一条语句 (分号后还有内容)")
    functions, procedures = FUNCTIONS[dialect], PROCEDURES[dialect]
    called = {_dotted(tokens, k + 1)[0].lower() for k, t in enumerate(tokens[:-1])
              if t.kind == "word" and t.text.lower() == "call" and tokens[k + 1].kind in ("word", "name")}

    def is_op(k: int, *ops: str) -> bool:
        return 0 <= k < len(tokens) and tokens[k].kind == "op" and tokens[k].text in ops

    def word_at(k: int) -> str | None:
        return tokens[k].text.lower() if 0 <= k < len(tokens) and tokens[k].kind == "word" else None

    # Variables the query binds (only to tell them from keywords: a forbidden word is refused even
    # where it is bound): pattern and comprehension variables right after ( or [ , aliases
    # after AS, path and accumulator variables before =, iteration variables before IN, YIELD columns.
    bound: set[str] = {c.lower() for name in called & procedures for c in PROCEDURE_COLUMNS[dialect][name]}
    for k, t in enumerate(tokens):
        if t.kind != "word":
            continue
        w = t.text.lower()
        if (is_op(k - 1, "(", "[") or word_at(k - 1) in ("as", "yield") or is_op(k + 1, "=")
                or word_at(k + 1) == "in" or (is_op(k - 1, ",") and _in_yield(tokens, k))):
            bound.add(w)

    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.kind not in ("word", "name"):
            k += 1
            continue
        if t.kind == "word" and t.text.lower() == "call" and not is_op(k - 1, "."):
            k = _check_call(tokens, k, procedures)
            continue
        if (t.kind == "word" and t.text.lower() in FORBIDDEN
                and not is_op(k - 1, ".", ":", "::", "|", "&", "!") and word_at(k - 1) != "as"):
            raise _refuse(f"不允许 {_phrase(tokens, k)}")
        name, after = _dotted(tokens, k)
        if is_op(after, "(") and not (t.kind == "word" and "." not in name and name.lower() in KEYWORDS - functions):
            if name.lower() not in functions:  # wherever it stands: a map value, after |, in a list
                raise _refuse(f"函数 {name}() 不在只读函数清单中")
            k = after
            continue
        if is_op(k - 1, ".", ":", "::", "|", "&", "!") or word_at(k - 1) == "as":
            k = after  # property key, label, type, label expression, alias: names, never clauses
            continue
        if t.kind == "name":  # a quoted name is never a keyword
            k = after
            continue
        w = t.text.lower()
        if w in KEYWORDS or w in bound or is_op(k + 1, ":"):  # keyword, variable, map key / variable:Label
            k += 1
            continue
        raise _refuse(f"不认识或不允许的关键字 {t.text}")
    return frozenset(called & procedures)


def _in_yield(tokens: list[Token], k: int) -> bool:
    """True when tokens[k] is in the column list of a YIELD (``YIELD a, b AS c, d``)."""
    j = k - 1
    while j >= 0:
        t = tokens[j]
        if t.kind == "word" and t.text.lower() == "yield":
            return True
        if not (t.kind in ("word", "name") or (t.kind == "op" and t.text == ",")):
            return False
        if t.kind == "word" and t.text.lower() in KEYWORDS - {"as"}:
            return False
        j -= 1
    return False


def _phrase(tokens: list[Token], k: int) -> str:
    """The forbidden keyword with its next word, for the message (``LOAD CSV``, ``COPY``)."""
    words = [tokens[k].text.upper()]
    if k + 1 < len(tokens) and tokens[k + 1].kind == "word":
        words.append(tokens[k + 1].text.upper())
    return " ".join(words)


def _check_call(tokens: list[Token], k: int, procedures: frozenset) -> int:
    """CALL at tokens[k]: a read-only subquery (``CALL {`` or Neo4j's ``CALL (x) {``) or a listed
    procedure; returns where checking goes on."""
    j = k + 1
    if j < len(tokens) and tokens[j].kind == "op" and tokens[j].text == "{":
        return j
    if j < len(tokens) and tokens[j].kind == "op" and tokens[j].text == "(":
        depth, m = 0, j
        while m < len(tokens):  # CALL (a, b) { ... }: the scope clause names variables only
            if tokens[m].kind == "op" and tokens[m].text == "(":
                depth += 1
            elif tokens[m].kind == "op" and tokens[m].text == ")":
                depth -= 1
                if depth == 0:
                    break
            elif not (tokens[m].kind in ("word", "name") or tokens[m].text in (",", "*")):
                raise _refuse("CALL (...) 只能列出变量")
            m += 1
        if m + 1 < len(tokens) and tokens[m + 1].kind == "op" and tokens[m + 1].text == "{":
            return m + 1
        raise _refuse("CALL 只能调用只读过程清单中的过程")
    if j >= len(tokens) or tokens[j].kind not in ("word", "name"):
        raise _refuse("CALL 只能调用只读过程清单中的过程")
    name, after = _dotted(tokens, j)
    if name.lower() not in procedures:
        raise _refuse(f"过程 {name} 不在只读过程清单中 (可用: {', '.join(sorted(procedures))})")
    return after


__all__ = ["QueryRefused", "check", "tokenize", "FUNCTIONS", "PROCEDURES", "NEO4J_DBMS_READS", "ALLOWED_TEXT"]
