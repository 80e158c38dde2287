"""The national enterprise pool: listed companies, their main products and the product relations.

``python -m ingest pool DIR [--store URI]`` imports a dataset in the format of
``../shared/datasets/chain-kg/`` (seven JSON Lines files, see its README). Three steps:

1. :func:`read_pool` reads and validates every line; a missing file or a malformed line raises
   :class:`graph.errors.DatasetError` naming the file and the line, before anything is written.
2. :func:`shape_pool` turns the parsed records into one :class:`graph.store.Batch` (pure).
3. :func:`load_pool` writes that batch in one call (all or nothing), then runs the step after every
   load (:func:`graph.settle.after_load`: document companies that are the same firm as a pool company
   merge into it, the user's decisions are applied, the coverage table is refreshed).

Quirks of the data handled while shaping: codes with and without an exchange suffix (folded to one
code with suffix, ``603858`` -> ``603858.SH``); one code listed several times, sometimes with full
names that belong to other firms (the first row whose full name agrees with the short name wins,
former names become aliases, disagreeing rows are dropped); noisy product names (business-segment
prefixes such as ``主营业务-装卸``, stray quote marks, accounting lines such as ``分部间抵销``);
weights outside 0..1 (kept as unknown); product relations from a product to itself (dropped).
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.errors import ChainKGError, DatasetError
from graph.names import name_agrees
from graph.settle import after_load
from graph.store import Batch, Store, open_store

# file -> (required string fields, optional fields)
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "company.jsonl": (("name", "code"), ("fullname", "location", "time")),
    "industry.jsonl": (("code", "name"), ()),
    "industry_industry.jsonl": (("from_code", "to_code"), ("from_industry", "to_industry", "rel")),
    "company_industry.jsonl": (("company_code", "industry_code"), ("company_name", "industry_name", "rel")),
    "product.jsonl": (("name",), ()),
    "company_product.jsonl": (("company_code", "product"), ("rel", "weight")),
    "product_product.jsonl": (("from", "to", "rel"), ()),
}
PRODUCT_RELS = ("上游材料", "产品小类", "下游产品")
EXCHANGES = {"SH": "上海证券交易所", "SZ": "深圳证券交易所", "BJ": "北京证券交易所"}
_CODE = re.compile(r"^(\d{6})(?:\.(SH|SZ|BJ))?$", re.IGNORECASE)
# "主营业务-装卸", "商业-医药批发", "贸易业务-纱": a business-segment label before the product
_SEGMENT_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:业务|行业|板块|分部|业)\s*[-－—–]\s*(?=\S)")
# accounting lines that segment reports list beside products
_ACCOUNTING = re.compile(r"(抵销|抵消|^平衡项目$|^(?:合计|小计|总计)$|(?:合计|小计)$)")
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'"), ("「", "」"))


@dataclass
class PoolData:
    """Validated records of the seven files, each a list of dicts in file order."""

    records: dict[str, list[dict]]
    directory: str = ""

    def __getitem__(self, stem: str) -> list[dict]:
        return self.records[stem if stem.endswith(".jsonl") else f"{stem}.jsonl"]


@dataclass
class PoolReport:
    companies: int = 0
    industries: int = 0
    products: int = 0
    makes: int = 0
    product_relations: int = 0
    rows: int = 0
    dropped: dict[str, int] = field(default_factory=dict)   # what shaping left out, and why
    relinked: int = 0
    unchanged: int = 0   # products and relationships already stored as they are (not rewritten)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """The report in Chinese (the keys of ``dropped`` and ``seconds`` stay English for code)."""
        dropped = "、".join(f"{DROPPED_TITLES.get(k, k)} {v} 条" for k, v in sorted(self.dropped.items()) if v)
        timing = "、".join(f"{STEP_TITLES.get(k, k)} {v:.1f} 秒" for k, v in self.seconds.items())
        return (f"企业 {self.companies} 家, 行业 {self.industries} 个, 产品 {self.products} 种, 主营产品 {self.makes} 条, "
                f"产品关系 {self.product_relations} 条; 共 {self.rows} 行; 合并文件企业 {self.relinked} 家"
                + (f"; 略去: {dropped}" if dropped else "") + (f" (用时: {timing})" if timing else ""))


# Chinese names of what shaping leaves out and of the timed steps, for the report.
DROPPED_TITLES = {
    "accounting lines": "会计抵销等非产品行",
    "industry rows of unknown companies": "未知企业的行业行",
    "products of unknown companies": "未知企业的主营产品",
    "weights above 1 (kept as unknown)": "占比大于 1 的主营产品 (占比记为未知)",
    "product relations to itself or to an accounting line": "指向自身或非产品行的产品关系",
    "company rows with another firm's full name": "用了另一家企业全称的企业行",
}
STEP_TITLES = {"read": "读取", "shape": "整理", "write": "写入", "relink": "合并文件企业", "coverage": "更新覆盖表",
               "total": "合计"}


# --- reading -------------------------------------------------------------------------------------


def read_pool(directory: str | Path) -> PoolData:
    """Read and validate the seven files of a pool dataset; refuse the first bad file or line."""
    root = Path(directory)
    if not root.is_dir():
        raise DatasetError(f"pool directory {root} does not exist: give the folder that holds company.jsonl "
                           "and the other six files")
    missing = [name for name in FILES if not (root / name).is_file()]
    if missing:
        raise DatasetError(f"{root / missing[0]} is missing: a pool dataset needs "
                           f"{', '.join(FILES)} (missing: {', '.join(missing)})")
    records = {name: _read_file(root / name, *spec) for name, spec in FILES.items()}
    return PoolData(records, str(root))


def _read_file(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> list[dict]:
    out = []
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as err:
        raise DatasetError(f"{path} cannot be read: {err.strerror}") from err
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                out.append(validate_record(path.name, line, number, required, optional, str(path)))
        except UnicodeDecodeError as err:
            raise DatasetError(f"{path} is not UTF-8 text (byte {err.start} of a line): save it as UTF-8") from err
    return out


def validate_record(name: str, line: str, number: int, required=None, optional=None, shown: str | None = None
                    ) -> dict:
    """One parsed line of file ``name``; a bad line raises DatasetError naming file and line.

    >>> validate_record("product.jsonl", '{"name": "原料药"}', 1)
    {'name': '原料药'}
    >>> validate_record("product.jsonl", '{"name": ""}', 7)
    Traceback (most recent call last):
    ...
    graph.errors.DatasetError: product.jsonl line 7: field 'name' must be a non-empty string, got ''
    """
    if required is None:
        required, optional = FILES[name]
    where = f"{shown or name} line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise DatasetError(f"{where}: not valid JSON ({err.msg} at column {err.colno}); "
                           "each line must be one JSON object") from err
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected a JSON object, got {type(record).__name__}")
    for key in required:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            if key not in record:
                raise DatasetError(f"{where}: field {key!r} is missing")
            raise DatasetError(f"{where}: field {key!r} must be a non-empty string, got {value!r}")
    for key in optional or ():
        value = record.get(key)
        if key == "weight":
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or value < 0 or value != value):
                raise DatasetError(f"{where}: field 'weight' must be a number ≥ 0 or null, got {value!r}")
        elif value is not None and not isinstance(value, str):
            raise DatasetError(f"{where}: field {key!r} must be a string, got {value!r}")
    code_key = {"company.jsonl": "code", "company_industry.jsonl": "company_code",
                "company_product.jsonl": "company_code"}.get(name)
    if code_key:
        if not _CODE.match(record[code_key].strip()):
            raise DatasetError(f"{where}: {code_key} {record[code_key]!r} is not a stock code "
                               "(six digits, optionally .SH, .SZ or .BJ)")
    if name == "product_product.jsonl" and record["rel"] not in PRODUCT_RELS:
        raise DatasetError(f"{where}: rel {record['rel']!r} is not one of {', '.join(PRODUCT_RELS)}")
    return record


# --- shaping (pure) ------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 18)
def normalize_code(code: str) -> str:
    """A stock code with its exchange suffix; codes without one get it from their first digits.

    >>> normalize_code("603858"), normalize_code("300583.sz"), normalize_code("430047")
    ('603858.SH', '300583.SZ', '430047.BJ')
    """
    match = _CODE.match(code.strip())
    if not match:
        raise DatasetError(f"{code!r} is not a stock code (six digits, optionally .SH, .SZ or .BJ)")
    digits, suffix = match.group(1), match.group(2)
    if suffix:
        return f"{digits}.{suffix.upper()}"
    if digits[0] in "69":
        return f"{digits}.SH"
    if digits[0] in "48":
        return f"{digits}.BJ"
    return f"{digits}.SZ"


@lru_cache(maxsize=1 << 18)
def clean_product(name: str) -> str | None:
    """A product name without a business-segment prefix or unbalanced quote marks; None for
    accounting lines (they are not products).

    >>> clean_product("主营业务-装卸"), clean_product("商业-医药批发"), clean_product("2-丁酮")
    ('装卸', '医药批发', '2-丁酮')
    >>> clean_product("计算机产品设计”"), clean_product("“小品种”板块"), clean_product("分部间抵销")
    ('计算机产品设计', '“小品种”板块', None)
    """
    text = name.replace("\\", "").strip()
    for left, right in _QUOTE_PAIRS:
        if left == right:
            if text.count(left) % 2:
                text = text.replace(left, "")
        elif text.count(left) != text.count(right):
            text = text.replace(left, "").replace(right, "")
    text = _SEGMENT_PREFIX.sub("", text).strip()
    if not text or _ACCOUNTING.search(text):
        return None
    return text


def _company_rows(company_records: list[dict], dropped: dict) -> dict[str, dict]:
    groups: dict[str, list[dict]] = {}
    for record in company_records:
        groups.setdefault(normalize_code(record["code"]), []).append(record)
    out = {}
    for code, rows in groups.items():
        if len(rows) == 1:
            primary, agreeing = rows[0], rows
        else:
            agreeing = [r for r in rows if name_agrees(r["name"], r.get("fullname"))]
            primary = agreeing[0] if agreeing else rows[0]
            dropped["company rows with another firm's full name"] = (
                dropped.get("company rows with another firm's full name", 0) + len(rows) - len(agreeing))
        fullname = (primary.get("fullname") or "").strip() or None
        if len(rows) > 1 and not agreeing:
            fullname = None
        name = primary["name"].strip()
        aliases = []
        for r in agreeing:
            for alias in (r["name"].strip(), (r.get("fullname") or "").strip()):
                if alias and alias not in (name, fullname) and alias not in aliases:
                    aliases.append(alias)
        out[code] = {"id": code, "name": name, "fullname": fullname, "code": code,
                     "exchange": EXCHANGES[code.rsplit(".", 1)[1]], "aliases": aliases, "local": False}
    return out


def shape_pool(data: PoolData, *, existing: dict[str, dict] | None = None, source: str = "chain-kg") -> Batch:
    """The rows of a validated pool (pure).

    ``existing`` maps the ids of pool companies that are already in the store as local (document)
    companies to their stored ``{"name", "aliases"}``: those keep their document name and their
    ``local`` flag, and take the pool names as aliases.
    """
    return _shape(data, existing or {}, source, {})


def _shape(data: PoolData, existing: dict[str, dict], source: str, dropped: dict) -> Batch:
    batch = Batch()
    prov = {"source": "pool", "doc": source}

    companies = _company_rows(data["company"], dropped)
    industries: dict[str, str] = {}
    for record in data["industry"]:
        industries[record["code"].strip()] = record["name"].strip()
    for record in data["company_industry"]:
        code = record["industry_code"].strip()
        industries.setdefault(code, (record.get("industry_name") or code).strip())
        company = normalize_code(record["company_code"])
        if company not in companies and (record.get("company_name") or "").strip():
            companies[company] = {"id": company, "name": record["company_name"].strip(), "fullname": None,
                                  "code": company, "exchange": EXCHANGES[company.rsplit(".", 1)[1]],
                                  "aliases": [], "local": False}
    for record in data["industry_industry"]:
        for key, name_key in (("from_code", "from_industry"), ("to_code", "to_industry")):
            industries.setdefault(record[key].strip(), (record.get(name_key) or record[key]).strip())

    for code, row in companies.items():
        if code in existing:  # a document company linked to this pool company: keep what the document says
            known = existing[code]
            aliases = list(known.get("aliases") or [])
            for alias in [row["name"], row["fullname"], *row["aliases"]]:
                if alias and alias != known.get("name") and alias not in aliases:
                    aliases.append(alias)
            row = {**row, "name": None, "local": None, "aliases": aliases}
        batch.add_node("Company", {**row, "aliases": row["aliases"] or None})
    for code, name in industries.items():
        batch.add_node("Industry", {"id": f"sw:{code}", "name": name, "code": code, "source": "pool"})
    for record in data["industry_industry"]:
        child, parent = record["from_code"].strip(), record["to_code"].strip()
        if child != parent:
            batch.add_rel("PART_OF", {"src": f"sw:{child}", "dst": f"sw:{parent}", **prov})
    for record in data["company_industry"]:
        company = normalize_code(record["company_code"])
        if company in companies:
            batch.add_rel("IN_INDUSTRY", {"src": company, "src_label": "Company",
                                          "dst": f"sw:{record['industry_code'].strip()}",
                                          "dst_label": "Industry", **prov})
        else:
            dropped["industry rows of unknown companies"] = dropped.get("industry rows of unknown companies", 0) + 1

    products: set[str] = set()
    for record in data["product"]:
        product = clean_product(record["name"])
        if product:
            products.add(product)
        else:
            dropped["accounting lines"] = dropped.get("accounting lines", 0) + 1
    makes = {}
    for record in data["company_product"]:
        company, product = normalize_code(record["company_code"]), clean_product(record["product"])
        if product is None:
            dropped["accounting lines"] = dropped.get("accounting lines", 0) + 1
            continue
        if company not in companies:
            dropped["products of unknown companies"] = dropped.get("products of unknown companies", 0) + 1
            continue
        weight = record.get("weight")
        if weight is not None and weight > 1:
            dropped["weights above 1 (kept as unknown)"] = dropped.get("weights above 1 (kept as unknown)", 0) + 1
            weight = None
        products.add(product)
        key = (company, product)
        old = makes.get(key)
        if old is None or (weight or 0) > (old or 0):
            makes[key] = weight
    for (company, product), weight in makes.items():
        batch.add_rel("MAKES", {"src": company, "dst": product,
                                "weight": None if weight is None else float(weight), **prov})

    relations = set()
    for record in data["product_product"]:
        a, b = clean_product(record["from"]), clean_product(record["to"])
        if not a or not b or a == b:
            dropped["product relations to itself or to an accounting line"] = (
                dropped.get("product relations to itself or to an accounting line", 0) + 1)
            continue
        rel = record["rel"]
        if rel == "上游材料":      # to is an upstream material of from
            relations.add(("UPSTREAM_OF", b, a))
        elif rel == "下游产品":    # to is a downstream product of from
            relations.add(("UPSTREAM_OF", a, b))
        else:                      # 产品小类: to is a sub-category of from
            relations.add(("SUBCATEGORY_OF", b, a))
        products.update((a, b))
    for rel_type, src, dst in sorted(relations):
        batch.add_rel(rel_type, {"src": src, "dst": dst, **prov})
    for product in sorted(products):
        batch.add_node("Product", {"id": product, "name": product})
    return batch


# --- writing -------------------------------------------------------------------------------------


def local_companies(store: Store) -> dict[str, dict]:
    """The companies in the store that a document (or a company list) marks local, by id."""
    rows = store.query("pool_local_companies")
    return {r["id"]: {"name": r["name"], "aliases": r["aliases"] or []} for r in rows}


def load_pool(store: Store, directory: str | Path | PoolData, *, settle: bool = True, progress=None) -> PoolReport:
    """Import a pool dataset (a directory, or what :func:`read_pool` returned) into ``store``:
    validated first, written in one batch, idempotent; then :func:`graph.settle.after_load` (unless
    ``settle`` is false: tests that look at the pool rows alone)."""
    report = PoolReport()
    started = time.perf_counter()
    data = directory if isinstance(directory, PoolData) else read_pool(directory)
    report.seconds["read"] = time.perf_counter() - started

    t = time.perf_counter()
    batch = _shape(data, local_companies(store), Path(data.directory).name or "pool", report.dropped)
    report.seconds["shape"] = time.perf_counter() - t
    report.companies = len(batch.nodes.get("Company", []))
    report.industries = len(batch.nodes.get("Industry", []))
    report.products = len(batch.nodes.get("Product", []))
    report.makes = len(batch.rels.get("MAKES", []))
    report.product_relations = len(batch.rels.get("UPSTREAM_OF", [])) + len(batch.rels.get("SUBCATEGORY_OF", []))
    report.rows = len(batch)
    if progress:
        progress(f"写入 {report.rows} 行 …")

    t = time.perf_counter()
    report.unchanged = drop_unchanged(store, batch)
    store.write(batch)
    report.seconds["write"] = time.perf_counter() - t

    if settle:
        settled = after_load(store)
        report.relinked = settled["relinked"]
        report.seconds["relink"] = settled["seconds"]["relink"]
        report.seconds["coverage"] = settled["seconds"]["decisions"] + settled["seconds"]["coverage"]
    report.seconds["total"] = time.perf_counter() - started
    return report


def drop_unchanged(store: Store, batch: Batch) -> int:
    """Remove from ``batch`` the products, and the product relationships, that the store already
    holds with the same properties, so a second import of the same pool rewrites only what changed;
    returns how many rows it removed.

    (Updating a relationship in place is far slower than creating one on the embedded store, and a
    re-import would otherwise update all 160,000 of them.)
    """
    skipped = 0
    products = batch.nodes.get("Product")
    if products:
        known = {r["id"]: r["name"] for r in store.query("pool_products")}
        keep = [row for row in products if known.get(row["id"]) != row["name"]]
        skipped += len(products) - len(keep)
        batch.nodes["Product"] = keep
    stored = {(r["src"], r["dst"]): (r["weight"], r["source"], r["doc"]) for r in store.query("pool_makes")}
    if stored and batch.rels.get("MAKES"):
        keep = [row for row in batch.rels["MAKES"]
                if stored.get((row["src"], row["dst"])) != (row.get("weight"), row.get("source"), row.get("doc"))]
        skipped += len(batch.rels["MAKES"]) - len(keep)
        batch.rels["MAKES"] = keep
    stored_rel = {(r["type"], r["src"], r["dst"]): (r["source"], r["doc"])
                  for r in store.query("pool_product_relations")}
    for rel_type in ("UPSTREAM_OF", "SUBCATEGORY_OF"):
        rows = batch.rels.get(rel_type)
        if not stored_rel or not rows:
            continue
        keep = [row for row in rows
                if stored_rel.get((rel_type, row["src"], row["dst"])) != (row.get("source"), row.get("doc"))]
        skipped += len(rows) - len(keep)
        batch.rels[rel_type] = keep
    return skipped


# --- command line (wired into `python -m ingest` as `pool`) ---------------------------------------


def add_arguments(parser):
    """The arguments of ``pool DIR [--store URI]`` (for ``ingest/__main__.py``'s COMMANDS table)."""
    parser.description = "Import the national enterprise pool: listed companies, main products, product relations."
    parser.add_argument("directory", metavar="DIR", help="folder with company.jsonl and the other six files")
    parser.add_argument("--store", help="directory of the embedded store or a Neo4j URI (default: CHAINKG_STORE)")
    parser.set_defaults(run=run)
    return parser


def add_parser(subparsers):
    """Add ``pool DIR [--store URI]`` to an argparse subparsers object."""
    return add_arguments(subparsers.add_parser(
        "pool", help="import a national enterprise pool (the format of ../shared/datasets/chain-kg/)"))


def run(args) -> int:
    """Run ``ingest pool``; a ChainKGError prints one line and returns 2."""
    try:
        data = read_pool(args.directory)  # refuse a bad dataset before opening (and copying) the store
        with open_store(args.store) as store:
            report = load_pool(store, data, progress=lambda m: print(m, file=sys.stderr))
    except ChainKGError as err:
        print(f"错误: {err}", file=sys.stderr)
        return 2
    print(f"已导入企业库: {report.summary()}")
    return 0
