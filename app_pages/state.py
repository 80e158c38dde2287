"""The app's glue to the store: one read-only store per process, cached results, errors at the edge.

Pages call :func:`require_store` once, then :func:`cached` for reads. The store is opened once per
process (``st.cache_resource``); on every rerun :func:`require_store` calls ``store.refresh()`` so a
graph that ``python -m ingest build`` published meanwhile is picked up, and cached results are keyed
on ``store.version()``, so they are recomputed when the data changed. One lock serializes access to
the store: a refresh reopens the database, which must not happen under another session's query.
"""

from __future__ import annotations

import hmac
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import streamlit as st

from app_pages.viz import to_json
from graph import brief, export, gaps
from graph.errors import CompanyListError, DocumentError, StoreUnavailable
from graph.export import csv_bytes
from graph.store import PROJECT_ROOT, is_neo4j, open_store, store_location
from ingest import companies
from ingest.pipeline import extract_text
from ingest.readers import read_document

_LOCK = threading.RLock()
ADMIN_ENV = "CHAINKG_ADMIN_PASSWORD"


@st.cache_resource(show_spinner=False)
def _open(location: str):
    return open_store(location, read_only=True)


def location() -> str:
    return store_location()


def graph_missing(where: str) -> bool:
    """True when ``where`` is an embedded store directory that holds no published graph yet."""
    return not is_neo4j(where) and not (Path(where) / "CURRENT").is_file()


def require_store():
    """The store for this rerun, refreshed; without a graph, a hint how to build one and stop."""
    where = location()
    if graph_missing(where):
        st.info(f"还没有图谱数据 ({where})。请先运行 `make run`, 或用 `python -m ingest build --store {where} data/docs` "
                "载入政策文件, 然后刷新本页。")
        st.stop()
    try:
        store = _open(where)
        with _LOCK:
            refresh = getattr(store, "refresh", None)
            if refresh is not None:
                refresh()
    except StoreUnavailable as err:
        st.error(f"无法打开图谱: {err}")
        st.stop()
    return store


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(name: str, where: str, version: str, args: tuple, kwargs: tuple, _fn, _store):
    with _LOCK:
        return _fn(_store, *args, **dict(kwargs))


def cached(fn, store, *args, **kwargs):
    """``fn(store, *args, **kwargs)``, cached until the store's data changes."""
    with _LOCK:
        version = store.version()
    return _cached_call(f"{fn.__module__}.{fn.__qualname__}", location(), version, args,
                        tuple(sorted(kwargs.items())), _fn=fn, _store=store)


@st.cache_resource(show_spinner=False, max_entries=64)
def _shared_call(name: str, where: str, version: str, args: tuple, kwargs: tuple, _fn, _store):
    with _LOCK:
        return _fn(_store, *args, **dict(kwargs))


def shared(fn, store, *args, **kwargs):
    """Like :func:`cached`, for big results (the gap report at a million companies): one object shared
    by every session instead of a copy per rerun. Pages only read it, never change it."""
    with _LOCK:
        version = store.version()
    return _shared_call(f"{fn.__module__}.{fn.__qualname__}", location(), version, args,
                        tuple(sorted(kwargs.items())), _fn=fn, _store=store)


def call(fn, store, *args, **kwargs):
    """``fn(store, ...)`` without caching (analyst queries), still one at a time on the store."""
    with _LOCK:
        return fn(store, *args, **kwargs)


# --- gap analysis (graph.gaps) ---------------------------------------------------------------

# the gap page lists at most this many local companies of a link by name (then "等 N 家")
LOCAL_SHOWN = 20


def gap_report(store, industry: str | None = None, local_limit: int | None = None) -> dict:
    """The gap analysis (graph.gaps.analyse: the JSON contract of ``python -m graph gaps --json`` plus
    its context: departments with their role, evidence, 延链 candidates, target companies)."""
    return gaps.analyse(store, industry=industry, local_limit=local_limit)


# --- administration ------------------------------------------------------------------------

def admin_configured() -> bool:
    return bool(os.environ.get(ADMIN_ENV))


LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def served_beyond_localhost(address: str | None = None) -> bool:
    """True when the app listens on more than this machine (Streamlit's server.address is not a
    loopback address; an empty one means every interface).

    >>> served_beyond_localhost("127.0.0.1"), served_beyond_localhost("0.0.0.0"), served_beyond_localhost("")
    (False, True, True)
    """
    if address is None:
        address = st.get_option("server.address")
    return (address or "").strip().lower() not in LOCAL_ADDRESSES


def check_admin(entered: str) -> bool:
    """True when the administrator password is set and ``entered`` matches it."""
    expected = os.environ.get(ADMIN_ENV) or ""
    return bool(expected) and hmac.compare_digest(expected.encode(), (entered or "").encode())


def admin_gate(key: str, prompt: str | None = None) -> bool:
    """The administrator's password box, once a session for every page: True when the password has
    been entered correctly (here or on another page; the page is then drawn again without the box);
    a wrong one says so, and ``prompt`` is shown while nothing has been entered."""
    if st.session_state.get("admin_ok", False):
        return True
    entered = st.text_input("管理员密码", type="password", key=key)
    if entered and check_admin(entered):
        st.session_state.admin_ok = True
        st.rerun()
    if entered:
        st.error("密码不正确。")
    elif prompt:
        st.info(prompt)
    return False


# --- documents uploaded on the data page ------------------------------------------------------

DOCS_DIR = PROJECT_ROOT / "data" / "docs"
UPLOAD_SUFFIXES = (".txt", ".docx", ".pdf")
BUILD_TIMEOUT_S = 600


def upload_name(filename: str) -> str:
    """The file name an upload is saved under in data/docs/ (no folders; a supported suffix).

    >>> upload_name("2026 某市 意见.TXT")
    '2026-某市-意见.txt'
    """
    base = Path(filename or "").name.strip()
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise DocumentError(f"{filename}: 不支持的文件类型, 请上传 {'、'.join(UPLOAD_SUFFIXES)} 文件")
    stem = "-".join(stem.split())
    if not stem or stem.startswith("."):
        raise DocumentError(f"{filename}: 文件名无效, 请改名后再上传")
    return stem + suffix


def preview_upload(filename: str, data: bytes) -> dict:
    """What the extractor finds in an uploaded document (nothing is written to the store)."""
    name = upload_name(filename)
    with tempfile.TemporaryDirectory(prefix="chainkg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        source = read_document(path)
    extraction = extract_text(source.text, doc_id=Path(name).stem)
    return extraction.to_json()


def save_upload(filename: str, data: bytes, docs_dir: Path | None = None) -> Path:
    """Save an uploaded document under data/docs/ (replacing a file of the same name)."""
    target_dir = docs_dir or DOCS_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / upload_name(filename)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def _run_module(module: str, args: list[str], what: str) -> tuple[int, str]:
    """Run ``python -m MODULE ARGS`` in a separate process (it writes and publishes; the app keeps
    serving and never bulk-loads itself): (exit code, output)."""
    command = [sys.executable, "-m", module, *args]
    try:
        done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return 124, f"{what}超过 {BUILD_TIMEOUT_S} 秒未完成, 请在命令行运行: python -m {module} {' '.join(args)}"
    return done.returncode, (done.stdout + done.stderr).strip()


def _run_ingest(args: list[str], what: str) -> tuple[int, str]:
    return _run_module("ingest", args, what)


def run_build(where: str, docs_dir: Path | None = None) -> tuple[int, str]:
    """``python -m ingest build`` in a separate process: (exit code, output)."""
    return _run_ingest(["build", "--store", where, str(docs_dir or DOCS_DIR)], "载入")


# --- the national pool (ingest/pool) ----------------------------------------------------------

POOL_ENV = "CHAINKG_POOL"
POOL_FILES = ("company.jsonl",)  # the first file a pool directory must hold (ingest/pool.py checks the rest)


def default_pool_dir() -> str:
    """Where a pool is looked for, as ``make run`` does: CHAINKG_POOL, else ../shared/datasets/chain-kg."""
    if os.environ.get(POOL_ENV):
        return os.environ[POOL_ENV]
    shared = PROJECT_ROOT.parent / "shared" / "datasets" / "chain-kg"
    return str(shared) if shared.is_dir() else ""


def run_pool_import(where: str, directory: str) -> tuple[int, str]:
    """``python -m ingest pool DIR`` in a separate process: (exit code, output). A folder that is no
    pool is refused here with one line, before a process starts."""
    folder = Path((directory or "").strip()).expanduser()
    if not str(directory or "").strip() or not folder.is_dir():
        return 2, f"错误: 找不到目录 {directory or '(空)'}: 请填写包含 company.jsonl 等文件的企业库目录"
    if not all((folder / name).is_file() for name in POOL_FILES):
        return 2, f"错误: {folder} 中没有 company.jsonl: 请填写全国企业库目录 (格式同 ../shared/datasets/chain-kg)"
    return _run_ingest(["pool", "--store", where, str(folder.resolve())], "导入企业库")


# --- the review queue (核实清单): decisions in a separate process, every change in the audit file ----

AUDIT_ENV = "CHAINKG_AUDIT"
REVIEW_WORDS = {"confirm": "确认", "reject": "否决", "place": "放置", "assign": "指定"}


def audit_path() -> Path:
    """The plain audit file of the app's changes: CHAINKG_AUDIT, else data/audit.log."""
    return Path(os.environ.get(AUDIT_ENV) or PROJECT_ROOT / "data" / "audit.log")


def audit(who: str, action: str, company: str, link: str, code: int, output: str) -> Path:
    """Append one line: when (UTC), who, what, on which company and link, and how it ended."""
    import datetime

    path = audit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = "成功" if code == 0 else f"失败({code})"
    last = " ".join((output or "").split())[:200]
    line = "\t".join(" ".join(str(x).split()) for x in (when, who, REVIEW_WORDS.get(action, action), company, link,
                                                         result, last))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return path


def _run_graph(args: list[str], what: str) -> tuple[int, str]:
    return _run_module("graph", args, what)


def run_review(where: str, decision: str, company_id: str, link_id: str, *, who: str) -> tuple[int, str]:
    """``python -m graph review confirm|reject|place COMPANY LINK`` in a separate process, audited."""
    if not (who or "").strip():
        return 2, "错误: 请先填写您的姓名 (记入审计日志)"
    code, output = _run_graph(["review", decision, company_id, link_id, "--store", where], "核实")
    audit(who, decision, company_id, link_id, code, output)
    return code, output


def run_assign(where: str, company_id: str, link_id: str, *, who: str, note: str = "") -> tuple[int, str]:
    """``python -m graph assign COMPANY LINK --note`` in a separate process, audited."""
    if not (who or "").strip():
        return 2, "错误: 请先填写您的姓名 (记入审计日志)"
    args = ["assign", company_id, link_id, "--store", where, "--note", note or f"{who} 在核实清单页指定"]
    code, output = _run_graph(args, "指定")
    audit(who, "assign", company_id, link_id, code, output)
    return code, output


DEFINE_OPS = {"add_term": "添加产品词", "remove_term": "去掉产品词", "add_exclusion": "添加排除词",
              "remove_exclusion": "去掉排除词"}


def run_define(where: str, link_id: str, op: str, term: str, *, who: str) -> tuple[int, str]:
    """``python -m graph.define LINK --OP TERM`` in a separate process, audited."""
    if not (who or "").strip():
        return 2, "错误: 请先填写您的姓名 (记入审计日志)"
    if op not in DEFINE_OPS or not (term or "").strip():
        return 2, "错误: 请选择修改方式并填写产品词"
    code, output = _run_module("graph.define", [link_id, f"--{op.replace('_', '-')}", term.strip(), "--store", where],
                               "修改")
    audit(who, DEFINE_OPS[op], term.strip(), link_id, code, output)
    return code, output


def decisions_stamp() -> float:
    """When the decisions file last changed (a cache key beside the store's version)."""
    from graph.decisions import decisions_path

    path = decisions_path()
    return path.stat().st_mtime if path.is_file() else 0.0


def review_queue(store, stamp: float = 0.0) -> list[dict]:
    """The open proposals of the review queue (graph.review), those already decided left out."""
    from graph import decisions, review

    return review.proposals(gaps.analyse(store), decisions.load())


def local_companies(store) -> list[dict]:
    """Local companies (id, name), by name."""
    return sorted(store.query("pool_local_companies"), key=lambda r: r["name"])


def chain_links(store) -> list[dict]:
    """Every link of a true industrial chain: id, name, industry, chain name, position."""
    return store.query("company_links")


# --- company lists (ingest/companies) -------------------------------------------------------------

COMPANY_SUFFIXES = (".csv", ".xlsx")


def company_list_name(filename: str) -> str:
    """The name an uploaded company list keeps (it is recorded as the facts' source file).

    >>> company_list_name("/x/2026 规上企业.XLSX")
    '2026-规上企业.xlsx'
    """
    base = Path(filename or "").name.strip()
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in COMPANY_SUFFIXES or not stem or stem.startswith("."):
        raise CompanyListError(f"{filename}: 企业名单请上传 .csv 或 .xlsx 文件")
    return "-".join(stem.split()) + suffix


def check_company_list(store, filename: str, data: bytes) -> dict:
    """Check an uploaded company list against the graph without writing anything: rows, the rows that
    would load (new or existing company), problems and warnings as (row, column, reason)."""
    name = company_list_name(filename)
    with tempfile.TemporaryDirectory(prefix="chainkg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        table = companies.read_table(path)
    columns = companies.match_headers(table)
    parsed = [companies.parse_row(n, cells, columns) for n, cells in table.rows]
    items, problems, warnings = companies.resolve_rows(parsed, columns, companies.read_context(store), store)
    return {"file": name, "rows": len(table.rows),
            "valid": [{"row": i.row.row, "name": i.row.name, "existing": bool(i.existing),
                       "links": [c["link"] for c in i.covers]} for i in items],
            "problems": sorted(problems), "warnings": sorted(warnings)}


def run_company_import(where: str, filename: str, data: bytes, *, skip_invalid: bool = False) -> tuple[int, str]:
    """``python -m ingest companies FILE`` in a separate process: (exit code, output)."""
    with tempfile.TemporaryDirectory(prefix="chainkg-upload-") as tmp:
        path = Path(tmp) / company_list_name(filename)
        path.write_bytes(data)
        args = ["companies", str(path), "--store", where] + (["--skip-invalid"] if skip_invalid else [])
        return _run_ingest(args, "导入")


def gap_workbook(store) -> bytes:
    """The 招商 workbook of graph/export.py for every gap (made when asked for: at a million
    companies it lists every local company of every link)."""
    with _LOCK:
        report = gap_report(store)
        sources = export.sources_of(store)
    with tempfile.TemporaryDirectory(prefix="chainkg-xlsx-") as tmp:
        return Path(export.write_xlsx(report, Path(tmp) / "gaps.xlsx", sources=sources)).read_bytes()


def company_brief(store, company: str) -> bytes:
    """The one-page 招商 brief (graph/brief.py) of a target company as .docx bytes."""
    with _LOCK:
        return brief.brief_bytes(store, company, shared(gap_report, store))


# --- the Cypher console ----------------------------------------------------------------------

def param_value(text: str):
    """A parameter typed in the console: JSON where it parses (numbers, lists, true), else text.

    >>> param_value("2025"), param_value('["a", "b"]'), param_value("化学药")
    (2025, ['a', 'b'], '化学药')
    """
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return text


def analyst_query(store, cypher: str, params: dict):
    """Run an analyst's query read-only, with the store layer's timeout and row cap."""
    return store.analyst_query(cypher, params)


def result_csv(columns: list[str], rows: list[dict]) -> bytes:
    """Query results as CSV (graph.export.csv_bytes: UTF-8 with BOM, inert cells); nodes and lists as JSON text."""
    def cell(value):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else to_json(value)

    return csv_bytes(columns, ([cell(row.get(c)) for c in columns] for row in rows))
