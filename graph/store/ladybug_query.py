"""An analyst's query on the embedded store, in a process of its own (``python -m graph.store.ladybug_query``).

LadybugDB checks its query timeout only between steps of a query, so a step that builds a huge
value (``UNWIND range(1, 1000000000) AS x ...`` builds a list of a billion numbers first) runs far
past the limit and takes many gigabytes. So the read-only store runs analyst queries here: a child
process opens the published generation read-only, runs the one statement in a READ ONLY
transaction and sends the rows back; the parent (:func:`run`) kills it when the time limit passes
or its memory grows past ``CHAINKG_QUERY_MEMORY_MB``. The child also:

- prepares the statement (LadybugDB prepares one statement only, so a second one never runs),
- may not write files (``RLIMIT_FSIZE`` 0: any file write fails),
- sees an empty home directory, so no installed LadybugDB extension (``~/.lbdb/extension``) can be
  loaded and an installed one would vanish with it,
- has a small page cache of its own,
- dies with its parent and keeps the limits itself too (a watchdog thread), should the parent die.

These are the second wall; the first is graph.cypher_guard, which the store applies before.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

from graph.errors import QueryTimeout, StoreError
from graph.settings import env_number

QUERY_MEMORY_ENV = "CHAINKG_QUERY_MEMORY_MB"
DEFAULT_QUERY_MEMORY_MB = 2048
PROJECT_ROOT = Path(__file__).resolve().parents[2]
_POLL_S = 0.02


def memory_limit_bytes() -> int:
    """The most memory (resident) an analyst query may take: CHAINKG_QUERY_MEMORY_MB, default 2048."""
    return env_number(QUERY_MEMORY_ENV, DEFAULT_QUERY_MEMORY_MB, low=256, what="不少于 256 的整数 (MB)") * 1024 * 1024


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run(db_path: str, cypher: str, params: dict, *, timeout_s: float, row_cap: int) -> dict:
    """Run the query in a child process; returns {"columns", "rows", "truncated"}, or {"error": text}
    when LadybugDB refused or failed it; raises QueryTimeout past the time or memory limit."""
    limit = memory_limit_bytes()
    request = pickle.dumps({"db": db_path, "cypher": cypher, "params": params, "cap": row_cap,
                            "pool": max(64, min(512, limit // (4 * 1024 * 1024))) * 1024 * 1024,
                            "timeout_ms": int(timeout_s * 1000), "limit": limit})
    with tempfile.TemporaryDirectory(prefix="chainkg-query-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("http", "HTTP"))}
        env.update(HOME=home, PYTHONPATH=str(PROJECT_ROOT))
        proc = subprocess.Popen([sys.executable, "-m", "graph.store.ladybug_query"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=home, env=env)
        out: dict[str, bytes] = {}

        def pump(name, stream):
            out[name] = stream.read()

        readers = [threading.Thread(target=pump, args=(n, s), daemon=True)
                   for n, s in (("out", proc.stdout), ("err", proc.stderr))]
        for t in readers:
            t.start()
        try:
            proc.stdin.write(request)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        start, why = time.monotonic(), None
        while proc.poll() is None:
            if time.monotonic() - start > timeout_s:
                why = "time"
            elif _rss(proc.pid) > limit:
                why = "memory"
            if why:
                proc.kill()
                proc.wait()
                break
            time.sleep(_POLL_S)
        for t in readers:
            t.join(5)
    if why == "time":
        raise QueryTimeout(f"查询超过时间上限 {timeout_s:g} 秒, 已中止: 请缩小范围 (加 LIMIT 或筛选条件) "
                           "或调大 CHAINKG_QUERY_TIMEOUT")
    if why == "memory":
        raise QueryTimeout(f"查询占用内存超过 {limit // (1024 * 1024)} MB, 已中止: 请缩小范围 (加 LIMIT 或筛选条件) "
                           f"或调大 {QUERY_MEMORY_ENV}")
    try:
        answer = pickle.loads(out.get("out") or b"")
    except Exception as err:  # the child died without an answer
        tail = (out.get("err") or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise StoreError(f"查询进程意外退出 (退出码 {proc.returncode}): {tail[0][:200]}") from err
    return answer


def _plain(value):
    """LadybugDB values as plain Python: nodes and relationships become dicts with _label / _type."""
    if isinstance(value, dict):
        keys = {k.upper() for k in value if k.startswith("_")}
        props = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
        if {"_NODES", "_RELS"} <= keys:
            get = {k.upper(): v for k, v in value.items()}
            return {"nodes": [_plain(n) for n in get["_NODES"]], "rels": [_plain(r) for r in get["_RELS"]]}
        if {"_SRC", "_DST", "_LABEL"} <= keys:
            get = {k.upper(): v for k, v in value.items()}
            return {**props, "_type": get["_LABEL"], "_src_ref": _ref(get["_SRC"]), "_dst_ref": _ref(get["_DST"])}
        if {"_ID", "_LABEL"} <= keys:
            get = {k.upper(): v for k, v in value.items()}
            return {**props, "_label": get["_LABEL"], "_ref": _ref(get["_ID"])}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _ref(internal) -> str:
    if isinstance(internal, dict):
        return f"{internal.get('table')}:{internal.get('offset')}"
    return str(internal)


def _die_with_parent() -> None:
    """Linux: this process gets SIGKILL when the process that started it dies (best effort)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _watchdog(timeout_s: float, limit: int) -> None:
    """The limits kept from inside too, in case the parent cannot (LadybugDB releases the GIL
    while it runs a query, so this thread keeps running)."""
    start = time.monotonic()
    while True:
        if time.monotonic() - start > timeout_s + 1 or _rss(os.getpid()) > limit * 1.25:
            os._exit(3)
        time.sleep(_POLL_S * 5)


def _child() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # no file writes
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)      # a write past the limit fails instead of killing
    _die_with_parent()
    request = pickle.loads(sys.stdin.buffer.read())
    threading.Thread(target=_watchdog, args=(request["timeout_ms"] / 1000, request["limit"]), daemon=True).start()
    answer: dict
    try:
        import ladybug

        db = ladybug.Database(request["db"], read_only=True, buffer_pool_size=request["pool"])
        conn = ladybug.Connection(db)
        conn.set_query_timeout(request["timeout_ms"])
        conn.execute("BEGIN TRANSACTION READ ONLY")
        # prepared, not run as text: LadybugDB runs several statements of one text one after the
        # other, but prepares only one (a second wall behind the allow-list's one-statement rule)
        warnings.simplefilter("ignore", DeprecationWarning)
        result = conn.execute(conn.prepare(request["cypher"]), request["params"] or {})
        columns = result.get_column_names()
        rows, cap = [], request["cap"]
        while result.has_next() and len(rows) <= cap:
            rows.append(dict(zip(columns, map(_plain, result.get_next()), strict=True)))
        answer = {"columns": columns, "rows": rows[:cap], "truncated": len(rows) > cap}
    except Exception as err:  # LadybugDB's errors are RuntimeError; anything else is reported the same way
        answer = {"error": str(err)}
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.flush()
    os._exit(0)  # no teardown of the database: the answer is out


if __name__ == "__main__":
    _child()
