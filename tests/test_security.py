"""Issue 11's attacks, run for real: the analyst path on both stores, the exports, the app's address.

Every attack asserts two things: it is refused with one Chinese line, and it had no side effect (no
file written, no file's content returned, no extension loaded, no request sent, no write lost).
The embedded half runs on a read-only store, the way `graph query` and the app open it.
"""

from __future__ import annotations

import csv
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import tomllib

import openpyxl
import pytest

from graph import cypher_guard, export
from graph.errors import ConfigError, QueryError, QueryTimeout, WriteRefused
from graph.queries import saved_queries
from graph.store import Batch, open_store
from tests.conftest import ROOT, make_store

SECRET = "chainkg-secret-line-42"


def seed_batch() -> Batch:
    b = Batch()
    b.add_node("Industry", {"id": "化学药", "name": "化学药", "level": "segment"})
    b.add_node("Company", {"id": "co:甲", "name": "甲公司", "local": True})
    b.add_rel("IN_INDUSTRY", {"src": "co:甲", "src_label": "Company", "dst": "化学药", "dst_label": "Industry"})
    return b


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def analyst(request, tmp_path):
    """A seeded store as an analyst gets it: read-only for the embedded store."""
    if request.param == "ladybug":
        with open_store(str(tmp_path / "graph")) as writer:
            writer.write(seed_batch())
        store = open_store(str(tmp_path / "graph"), read_only=True)
    else:
        store = make_store("neo4j", tmp_path)
        store.write(seed_batch())
    yield store
    store.close()


def graph_of(store) -> list:
    return sorted(str(r) for r in store.read("MATCH (n) RETURN n.id AS id, n.name AS name")
                  if r["id"] != "version")


def refused(store, cypher: str, **kwargs) -> str:
    with pytest.raises(WriteRefused) as err:
        store.analyst_query(cypher, **kwargs)
    message = str(err.value)
    assert "\n" not in message, message
    assert message.startswith("已拒绝") or "只能查询" in message, message
    return message


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(f"{SECRET}:x:0:0\n", encoding="utf-8")
    return path


# --- files -------------------------------------------------------------------------------------

def test_reading_a_file_is_refused_and_returns_nothing(analyst, secret_file):
    for cypher in (f"LOAD FROM '{secret_file}' (file_format='csv', header=false, delim=':') RETURN *",
                   f"LOAD CSV FROM 'file://{secret_file}' AS r RETURN r",
                   f"LOAD WITH HEADERS (a STRING) FROM '{secret_file}' RETURN *",
                   f"CALL read_csv('{secret_file}') RETURN *",
                   f"MATCH (n) RETURN n UNION ALL LOAD FROM '{secret_file}' RETURN *"):
        assert SECRET not in refused(analyst, cypher)


def test_writing_a_file_is_refused_and_creates_nothing(analyst, tmp_path):
    target = tmp_path / "out" / "dump.csv"
    target.parent.mkdir()
    for cypher in (f"COPY (RETURN 'x' AS a) TO '{target}'", f"COPY (MATCH (n) RETURN n.id) TO '{target}'",
                   f"EXPORT DATABASE '{tmp_path / 'export'}'", f"IMPORT DATABASE '{tmp_path / 'export'}'"):
        refused(analyst, cypher)
    assert [] == list(target.parent.iterdir())
    assert not (tmp_path / "export").exists()


# --- code and network ----------------------------------------------------------------------------

@pytest.fixture
def web_server():
    """A local web server that counts the requests it gets (an extension repository, say)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()


def test_installing_or_loading_an_extension_is_refused_and_fetches_nothing(analyst, web_server):
    url, hits = web_server
    for cypher in (f"INSTALL json FROM '{url}'", "LOAD EXTENSION json", "LOAD json", "UNINSTALL json",
                   f"LOAD FROM '{url}data.csv' RETURN *", f"LOAD CSV FROM '{url}x.csv' AS r RETURN r",
                   f"CALL apoc.load.json('{url}')", "RETURN apoc.util.sleep(10)",
                   f"ATTACH '{url}db' AS remote (dbtype lbug)", "DETACH remote", "USE remote MATCH (n) RETURN n"):
        refused(analyst, cypher)
    time.sleep(0.2)
    assert [] == hits
    if analyst.dialect == "ladybug":  # nothing was loaded into the process either
        assert [] == analyst.read("CALL show_loaded_extensions() RETURN *")


# --- writes, schema, administration --------------------------------------------------------------

WRITES = ["CREATE (:Product {id: 'x', name: 'x'})", "MERGE (:Product {id: 'x'})",
          "MATCH (c:Company) SET c.name = 'changed'", "MATCH (c:Company) DETACH DELETE c",
          "MATCH (c:Company) REMOVE c.name", "DROP TABLE Company", "ALTER TABLE Company ADD phone STRING",
          "CREATE INDEX sneaky FOR (n:Company) ON (n.phone)", "FOREACH (x IN [1] | CREATE (:Product {id: 'y'}))",
          "CALL { CREATE (:Product {id: 'z'}) }", "UNWIND [1] AS x CALL { WITH x CREATE (:Product {id: 'w'}) } RETURN x",
          "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS RETURN 1", "CALL db.createLabel('Sneaky')",
          "EXPLAIN CREATE (:Product {id: 'e'})", "PROFILE MATCH (n) RETURN n", "CHECKPOINT",
          "BEGIN TRANSACTION", "CALL threads=1", "INSERT (:Product {id: 'g'})", "MATCH (n) RETURN n; CREATE (:Product {id: 'm'})",
          "CREATE NODE TABLE Sneaky(id STRING, PRIMARY KEY(id))", "CALL create_fts_index('Company', 'f', ['name'])",
          "COMMENT ON TABLE Company IS 'x'", "CREATE MACRO m(x) AS x", "MATCH (n) RETURN n FINISH"]


@pytest.mark.parametrize("cypher", WRITES)
def test_writes_schema_and_administration_are_refused_and_change_nothing(analyst, cypher):
    before = graph_of(analyst)
    refused(analyst, cypher)
    assert before == graph_of(analyst)


def test_several_statements_are_refused_with_one_line(analyst):
    message = refused(analyst, "RETURN 1; RETURN 2")
    assert "一条语句" in message
    assert "MATCH" in message and "RETURN" in message  # names what is allowed


def test_text_that_only_looks_like_code_is_read_as_text(analyst):
    # backslash escapes, comments and quoted names hide nothing from the check and nothing is run
    result = analyst.analyst_query("RETURN 'a\\' ; CREATE (m) //' AS `x;y` // ; CREATE (n)\n")
    assert [{"x;y": "a' ; CREATE (m) //"}] == result.rows
    assert 2 == len(graph_of(analyst))


def test_allowed_reads_procedures_and_functions_still_run(analyst):
    rows = analyst.analyst_query("MATCH (c:Company)-[:IN_INDUSTRY]->(i:Industry) "
                                 "RETURN c.name AS c, toUpper(i.id) AS i, count(*) AS n ORDER BY c LIMIT 5;").rows
    assert [{"c": "甲公司", "i": "化学药", "n": 1}] == rows
    if analyst.dialect == "neo4j":
        labels = analyst.analyst_query("CALL db.labels() YIELD label RETURN label ORDER BY label").rows
        assert {"Company", "Industry"} <= {r["label"] for r in labels}
        assert analyst.analyst_query("CALL dbms.components()").rows
    else:
        tables = analyst.analyst_query("CALL show_tables() RETURN name").rows
        assert {"Company", "Industry"} <= {r["name"] for r in tables}


@pytest.mark.parametrize("dialect", ["neo4j", "ladybug"])
def test_every_saved_query_passes_the_allow_list(dialect):
    for query in saved_queries(dialect):
        cypher_guard.check(query.render(query.labels), dialect)


def test_terminating_a_running_import_is_refused_and_the_import_completes(tmp_path):
    """SHOW / TERMINATE TRANSACTIONS through the analyst path never reach a running writer."""
    from tests.conftest import neo4j_uri

    neo4j_uri()
    writer = make_store("neo4j", tmp_path)
    analyst = open_store(writer.uri)
    try:
        with writer:
            writer.write(Batch(nodes={"Product": [{"id": f"p{i}", "name": "产品"} for i in range(100)]}))
            # the unit of work holds an open transaction now: a kill would roll it back
            for cypher in ("SHOW TRANSACTIONS", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
                           "SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t",
                           "CALL dbms.listTransactions()", "CALL dbms.killConnections(['bolt-1'])"):
                refused(analyst, cypher)
            writer.write(Batch(nodes={"Product": [{"id": "last", "name": "产品"}]}))
        assert 101 == analyst.counts()["Product"]
    finally:
        analyst.close()


# --- bounded work --------------------------------------------------------------------------------

def test_a_runaway_query_stops_at_its_time_limit(analyst):
    start = time.monotonic()
    # stopped by the time limit, or sooner by the memory limit when the machine is busy
    with pytest.raises(QueryTimeout, match="已中止|CHAINKG_QUERY_TIMEOUT"):
        analyst.analyst_query("UNWIND range(1, 1000000000) AS x RETURN count(x) AS n", timeout=2)
    # about 2.1 s on an idle machine; the margin is for a CI machine shared with other work
    assert time.monotonic() - start < 4.5


def test_a_query_that_eats_memory_is_stopped_at_the_memory_limit(tmp_path, monkeypatch):
    with open_store(str(tmp_path / "graph")) as writer:
        writer.write(seed_batch())
    monkeypatch.setenv("CHAINKG_QUERY_MEMORY_MB", "400")
    with open_store(str(tmp_path / "graph"), read_only=True) as store:
        with pytest.raises(QueryTimeout, match="400 MB"):
            store.analyst_query("UNWIND range(1, 1000000000) AS x RETURN count(x) AS n", timeout=60)


@pytest.mark.parametrize("timeout", [0, 0.0001, 0.4, -1, float("nan")])
def test_a_time_limit_below_the_floor_or_zero_is_refused(analyst, timeout):
    with pytest.raises(ConfigError, match="秒之间"):
        analyst.analyst_query("RETURN 1", timeout=timeout)


def test_a_zero_limit_in_the_environment_is_refused(analyst, monkeypatch):
    monkeypatch.setenv("CHAINKG_QUERY_TIMEOUT", "0")
    with pytest.raises(ConfigError, match="CHAINKG_QUERY_TIMEOUT"):
        analyst.analyst_query("RETURN 1")


def cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_the_cli_gives_one_chinese_line_for_refusals_and_bad_limits(tmp_path):
    location = str(tmp_path / "graph")
    with open_store(location) as writer:
        writer.write(seed_batch())
    for args in (["query", "RETURN 1; RETURN 2"], ["query", "LOAD EXTENSION json"],
                 ["query", "RETURN 1", "--timeout", "0.0001"], ["query", "RETURN 1", "--timeout", "0"]):
        proc = cli(*args, "--store", location)
        assert 2 == proc.returncode, proc
        assert "Traceback" not in proc.stderr
        assert 1 == len(proc.stderr.strip().splitlines()) and proc.stderr.startswith("错误: "), proc.stderr
    proc = cli("query", "RETURN 1 AS n", "--store", location, env={"CHAINKG_QUERY_TIMEOUT": "0"})
    assert 2 == proc.returncode and "CHAINKG_QUERY_TIMEOUT" in proc.stderr
    assert 0 == cli("query", "RETURN 1 AS n", "--store", location).returncode


# --- exports -------------------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://x.example/","点我")', "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def test_exported_cells_are_text_never_formulas(tmp_path):
    from tests.test_gaps import load_example

    location = str(tmp_path / "graph")
    with open_store(location) as writer:
        load_example(writer)
        writer.write(Batch(nodes={"Company": [{"id": "co:睿鹰制药", "name": HOSTILE[0]}]}))
    xlsx, out_csv = tmp_path / "gaps.xlsx", tmp_path / "gaps.csv"
    for args in (["gaps", "--xlsx", str(xlsx)], ["gaps", "--csv", str(out_csv)]):
        proc = cli(*args, "--store", location)
        assert 0 == proc.returncode, proc.stderr
    book = openpyxl.load_workbook(xlsx)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type in ("s", "n", "b") for c in cells), {c.data_type for c in cells}
    assert any(HOSTILE[0] in str(c.value) for c in cells)  # the name is there, as text
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_every_text_cell_of_the_workbook_stays_text(tmp_path):
    """Every string of a report made hostile: the workbook holds them all as text."""
    from graph import gaps
    from tests.test_gaps import load_example

    with open_store(str(tmp_path / "graph")) as writer:
        load_example(writer)
        report = gaps.analyse(writer)

    def hostile(value):
        if isinstance(value, dict):
            return {k: hostile(v) for k, v in value.items()}
        if isinstance(value, list):
            return [hostile(v) for v in value]
        return "=" + value if isinstance(value, str) and value not in ("缺链", "弱链", "强链") else value

    path = export.write_xlsx(hostile(report), tmp_path / "hostile.xlsx")
    book = openpyxl.load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sum(1 for c in cells if str(c.value).startswith("=")) > 10


def test_every_csv_download_neutralises_formula_cells():
    from app_pages import state as app_state
    from app_pages import views as overview

    for data in (app_state.result_csv(["name", "n"], [{"name": h, "n": -1} for h in HOSTILE]),
                 overview.gaps_csv([{"industry": h, "chain": h, "link": h, "local": h} for h in HOSTILE]),
                 export.csv_bytes(["h"], [[h] for h in HOSTILE])):
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(data.decode("utf-8-sig").splitlines(keepends=True)))
        texts = [cell for row in rows[1:] for cell in row if cell and cell != "-1"]
        assert texts and all(cell.startswith("'") for cell in texts), texts
        assert {h for h in HOSTILE} <= {cell[1:] for cell in texts}  # the text itself is kept


# --- the app -------------------------------------------------------------------------------------

def test_the_app_is_configured_to_listen_on_localhost_only():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert "127.0.0.1" == config["server"]["address"]


def _listeners(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp* shows them) listening on ``port``."""
    out = set()
    for name in ("tcp", "tcp6"):
        try:
            lines = open(f"/proc/net/{name}").read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                out.add(address)
    return out


def test_the_running_app_listens_on_127_0_0_1_only(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CHAINKG_STORE": str(tmp_path / "none")}
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _listeners(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert {"0100007F"} == _listeners(port)  # 127.0.0.1, and nothing on 0.0.0.0 or ::
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.fixture
def console(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    location = str(tmp_path / "graph")
    with open_store(location) as writer:
        writer.write(seed_batch())
    monkeypatch.setenv("CHAINKG_STORE", location)

    def open_console(address: str = "127.0.0.1", password: str | None = None):
        if password is None:
            monkeypatch.delenv("CHAINKG_ADMIN_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("CHAINKG_ADMIN_PASSWORD", password)
        at = AppTest.from_file(str(ROOT / "app_pages" / "cypher_console.py"), default_timeout=60)
        run_console(at, address)
        return at, address

    return open_console


def run_console(at, address: str):
    from streamlit import config

    previous = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        at.run()
    finally:
        config.set_option("server.address", previous)


def test_two_statements_in_the_console_give_one_line_not_a_traceback(console):
    at, address = console()
    at.text_area(key="cypher_text_(自己编写)").input("RETURN 1; RETURN 2")
    at.button(key="cypher_run").click()
    run_console(at, address)
    assert [] == [e.value for e in at.exception]
    assert 1 == len(at.error) and at.error[0].value.startswith("错误: 已拒绝")
    assert "\n" not in at.error[0].value and "/" not in at.error[0].value.split("README")[0]


def test_served_to_a_network_the_console_needs_the_admin_password(console):
    at, address = console("0.0.0.0")
    assert "CHAINKG_ADMIN_PASSWORD" in at.error[0].value
    assert not at.button  # no way to run a query
    at, address = console("0.0.0.0", password="s3cret-pass")
    assert not at.button
    at.text_input(key="cypher_admin_password").input("wrong")
    run_console(at, address)
    assert not at.button and "密码不正确" in at.error[0].value
    at.text_input(key="cypher_admin_password").input("s3cret-pass")
    run_console(at, address)
    run_console(at, address)
    assert at.button(key="cypher_run")
    at, address = console("127.0.0.1")
    assert at.button(key="cypher_run")  # on this machine only, no password is asked


def test_past_the_allow_list_the_embedded_query_process_writes_nothing_and_loads_no_extension(tmp_path,
                                                                                               monkeypatch):
    """The second wall alone (the allow-list skipped on purpose): the child process that runs an
    embedded analyst query may not write file content, sees no installed extension (one sits in
    the user's home here), and its database is read-only."""
    import ladybug

    from graph.store import ladybug_query

    home = tmp_path / "home"
    installed = home / ".lbdb" / "extension" / ladybug.Database.get_version() / "linux_amd64" / "json"
    installed.mkdir(parents=True)
    (installed / "libjson.lbug_extension").write_bytes(b"\x7fELF not really")
    monkeypatch.setenv("HOME", str(home))

    with open_store(str(tmp_path / "graph")) as writer:
        writer.write(seed_batch())
    db = str(tmp_path / "graph" / (tmp_path / "graph" / "CURRENT").read_text() / "db")
    target = tmp_path / "dump.csv"

    def run(cypher):
        return ladybug_query.run(db, cypher, {}, timeout_s=30, row_cap=10)

    assert "error" in run(f"COPY (MATCH (c:Company) RETURN c.name) TO '{target}'")
    assert not target.exists() or 0 == target.stat().st_size  # no byte of the graph left the database
    assert "not been installed" in run("LOAD EXTENSION json")["error"]
    assert "read-only" in run("CREATE NODE TABLE Sneaky(id STRING, PRIMARY KEY(id))")["error"]
    assert [{"n": 1}] == run("MATCH (c:Company) RETURN count(c) AS n")["rows"]


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as hst  # noqa: E402

TRICKY = hst.lists(hst.sampled_from([*"ab'\"\\`;/*-\n\r\t {}()$:甲", "//", "/*", "*/", "**/", "\r\n", "; CREATE (x)"]),
                   max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TRICKY)
def test_the_allow_list_and_the_database_agree_where_a_string_ends(store, text):
    """Whatever a string literal holds (quotes, backslashes, comment marks, semicolons), the check
    reads it as one string, as the database does: the database gives the text back unchanged."""
    for quote in "'\"":
        literal = quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote
        cypher = f"RETURN {literal} AS x"
        cypher_guard.check(cypher, store.dialect)
        assert [{"x": text}] == store.analyst_query(cypher).rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TRICKY)
def test_the_allow_list_and_the_database_agree_where_a_comment_ends(store, text):
    """A query the check lets through means to the database what it means to the check, whatever a
    comment holds: the columns the database returns are the aliases the check read as code. Where
    the two databases read a comment differently (``**/``, a lone CR in a line comment), it is refused."""
    for cypher in (f"RETURN 1 AS x /*{text}*/", f"RETURN /*{text}*/ 1 AS x, 2 AS y", f"RETURN 1 AS x //{text}\n",
                   f"RETURN 1 AS x //{text}\n, 2 AS y"):
        try:
            cypher_guard.check(cypher, store.dialect)
        except WriteRefused:
            continue  # refused: nothing runs
        try:
            columns = store.analyst_query(cypher).columns
        except QueryError:
            continue  # the database could not parse it: nothing ran either
        tokens = cypher_guard.tokenize(cypher)
        aliases = [t.text for prev, t in zip(tokens, tokens[1:], strict=False)
                   if prev.kind == "word" and prev.text.upper() == "AS"]
        assert aliases == columns, cypher


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TRICKY.filter(lambda t: t.strip()))
def test_the_allow_list_and_the_database_agree_where_a_quoted_name_ends(store, text):
    cypher = "RETURN 1 AS `" + text.replace("`", "``") + "`"
    cypher_guard.check(cypher, store.dialect)
    assert [{text: 1}] == store.analyst_query(cypher).rows


@pytest.mark.parametrize("cypher", [
    "RETURN 1 AS x /* **/ 'a */; CREATE (:Product {id: 'c'}) //'",   # LadybugDB's comment ends later
    "RETURN 1 AS x /* **/ 'a */, 2 AS y //'",
    "MATCH (n) RETURN n //\r; CREATE (:Product {id: 'r'})",           # Neo4j ends a line comment at CR
    "RETURN 1 AS x //\rUNION ALL RETURN 2 AS x"])
def test_comments_the_databases_read_differently_are_refused(analyst, cypher):
    before = graph_of(analyst)
    refused(analyst, cypher)
    assert before == graph_of(analyst)


def test_past_the_allow_list_the_embedded_store_runs_one_statement_only(tmp_path):
    from graph.store import ladybug_query

    with open_store(str(tmp_path / "graph")) as writer:
        writer.write(seed_batch())
    db = str(tmp_path / "graph" / (tmp_path / "graph" / "CURRENT").read_text() / "db")
    answer = ladybug_query.run(db, "RETURN 1 AS x; MATCH (c:Company) RETURN c.name AS name", {}, timeout_s=30,
                               row_cap=10)
    assert "multiple statements" in answer["error"]


SOUP = hst.lists(hst.sampled_from(["'", '"', "\\", "`", "/*", "*/", "**/", "//", "\n", "\r", "\r\n", ";", " ",
                                   ", 2 AS y", ", 3 AS z", " AS w", "a", "\\'", "\\\\", "/", "*", "--", "#"]),
                 max_size=12).map("".join)


def aliases(cypher: str) -> list[str]:
    tokens = cypher_guard.tokenize(cypher)
    return [t.text for prev, t in zip(tokens, tokens[1:], strict=False)
            if prev.kind == "word" and prev.text.upper() == "AS"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(soup=SOUP)
def test_what_the_check_admits_means_the_same_to_the_database(store, soup):
    """Quotes, escapes, comment marks and line ends in any order: whenever the check admits the text
    and the database runs it, the database returns exactly the columns the check read as code, so
    nothing the check took for a string or a comment ran as code."""
    cypher = "RETURN 1 AS x " + soup
    try:
        cypher_guard.check(cypher, store.dialect)
    except WriteRefused:
        return
    try:
        columns = store.analyst_query(cypher).columns
    except QueryError:
        return
    assert aliases(cypher) == columns, repr(cypher)
