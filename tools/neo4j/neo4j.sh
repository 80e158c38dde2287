#!/usr/bin/env bash
# Dev/CI Neo4j server without Docker: Neo4j Community 5.26 embedded (Launcher.java), Bolt only.
#
#   tools/neo4j/neo4j.sh fetch    download the Neo4j jars into tools/neo4j/lib/ (idempotent, quiet)
#   tools/neo4j/neo4j.sh start    fetch if needed, start in the background, wait for Bolt, print the URI
#   tools/neo4j/neo4j.sh stop     stop the server started by `start` and wait for it to exit
#   tools/neo4j/neo4j.sh status   print whether it runs (exit 0) or not (exit 3)
#
# Environment (all optional):
#   NEO4J_PORT=7687               Bolt port on 127.0.0.1
#   NEO4J_PASSWORD=chainkg-test   password of user neo4j (auth is enabled)
#   NEO4J_DATA_DIR=tools/neo4j/run/data   Neo4j home (data/ and logs/ inside)
#   NEO4J_KEEP_DATA=1             keep the data dir across starts (default: fresh data per start)
#   NEO4J_HEAP=1g                 JVM -Xmx;  NEO4J_PAGECACHE=512m  page cache size
#   NEO4J_START_TIMEOUT=120       seconds to wait for Bolt
#   NEO4J_FULL_JIT=1              use the C2 JIT too (default: C1 only, -XX:TieredStopAtLevel=1: about
#                                 half the CPU to get ready and faster small queries on 2 cores, but
#                                 CPU-bound long queries run ~3x slower)
#   NEO4J_JAVA_OPTS=...           extra JVM options
#   NEO4J_CDS=1                   opt-in class-data sharing: the first start/stop cycle dumps a class
#                                 archive under run/cds/ (stop takes ~30 s longer once); later starts
#                                 use it and need ~30% less CPU to get ready. Off by default (CI).
#   NEO4J_STOP_TIMEOUT=90         seconds `stop` waits after SIGTERM before SIGKILL
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LIB="$HERE/lib"
RUN="$HERE/run"
FETCH_STAMP="$LIB/.fetched"
DATA_MARKER=".chainkg-neo4j-data"
CDS_DIR="$RUN/cds"

HOST=127.0.0.1
PORT="${NEO4J_PORT:-7687}"
PASSWORD="${NEO4J_PASSWORD:-chainkg-test}"
# one pid file, log and data dir per port, so servers on other ports (a test run beside a dev
# server) neither overwrite nor stop each other
SUFFIX=""
[[ "$PORT" == 7687 ]] || SUFFIX="-$PORT"
PIDFILE="$RUN/neo4j$SUFFIX.pid"
LOG="$RUN/neo4j$SUFFIX.log"
DATA_DIR="${NEO4J_DATA_DIR:-$RUN/data$SUFFIX}"
HEAP="${NEO4J_HEAP:-1g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-90}"
URI="bolt://$HOST:$PORT"
PYTHON="$REPO/.venv/bin/python"

die() {
    echo "neo4j.sh: $*" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH; $2"
}

pom_hash() {
    sha256sum "$HERE/pom.xml" | cut -d' ' -f1
}

is_fetched() {
    [[ -f "$FETCH_STAMP" && "$(cat "$FETCH_STAMP")" == "$(pom_hash)" ]]
}

cmd_fetch() {
    if is_fetched; then
        return 0
    fi
    need mvn "install Maven 3.8+ (e.g. apt-get install maven) to download the Neo4j jars"
    need java "install a Java 17+ JDK (e.g. apt-get install openjdk-17-jdk-headless)"
    rm -rf "$LIB"
    local out
    out="$(mktemp)"
    if ! mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIB" >"$out" 2>&1; then
        tail -n 20 "$out" >&2
        rm -f "$out"
        rm -rf "$LIB"
        die "mvn could not download the Neo4j jars (see above); check access to Maven Central and retry 'tools/neo4j/neo4j.sh fetch'"
    fi
    rm -f "$out"
    ls "$LIB"/neo4j-bolt-*.jar >/dev/null 2>&1 || die "fetch finished but $LIB has no neo4j-bolt jar; delete $LIB and retry"
    pom_hash >"$FETCH_STAMP"
}

# Prints the pid of the running launcher started by us, or nothing.
running_pid() {
    [[ -f "$PIDFILE" ]] || return 0
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'Launcher\.java'; then
        echo "$pid"
    fi
}

port_open() {
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
}

# True once Bolt answers: a real login with the Python driver if the project venv has it,
# otherwise a TCP connect.
bolt_answers() {
    if [[ -x "$PYTHON" ]]; then
        local rc=0
        NEO4J_URI="$URI" NEO4J_PW="$PASSWORD" "$PYTHON" - <<'PY' >/dev/null 2>&1 || rc=$?
import os
import sys
try:
    import neo4j
except ImportError:
    sys.exit(3)
with neo4j.GraphDatabase.driver(os.environ["NEO4J_URI"], auth=("neo4j", os.environ["NEO4J_PW"]),
                                connection_timeout=5) as driver:
    driver.verify_connectivity()
PY
        [[ $rc -ne 3 ]] && return $rc
    fi
    port_open
}

# Class-data-sharing archive for this java binary and jar set.
cds_archive() {
    local java_bin key
    java_bin="$(readlink -f "$(command -v java)")"
    key="$({ echo "$java_bin"; stat -c %Y "$java_bin"; pom_hash; } | sha256sum | cut -c1-16)"
    echo "$CDS_DIR/neo4j-$key.jsa"
}

fresh_data_dir() {
    if [[ "${NEO4J_KEEP_DATA:-0}" == "1" ]]; then
        mkdir -p "$DATA_DIR"
        touch "$DATA_DIR/$DATA_MARKER"
        return 0
    fi
    if [[ -d "$DATA_DIR" ]]; then
        # Only ever delete a directory this script created (marker) or an empty one.
        if [[ -f "$DATA_DIR/$DATA_MARKER" || -z "$(ls -A "$DATA_DIR")" ]]; then
            rm -rf "$DATA_DIR"
        else
            die "refusing to wipe $DATA_DIR (not created by neo4j.sh); point NEO4J_DATA_DIR elsewhere or set NEO4J_KEEP_DATA=1"
        fi
    fi
    mkdir -p "$DATA_DIR"
    touch "$DATA_DIR/$DATA_MARKER"
}

fail_start() {
    local reason="$1" pid="${2:-}" dumped="" size
    size="$(stat -c %s "$LOG" 2>/dev/null || echo 0)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        # A JVM thread dump (appended to the log) shows where a hung startup was stuck.
        kill -QUIT "$pid" 2>/dev/null && sleep 2 && dumped=" (JVM thread dump appended to the log)"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    echo "neo4j.sh: $reason$dumped; last lines of $LOG:" >&2
    head -c "$size" "$LOG" | tail -n 20 >&2 || true
    exit 1
}

cmd_start() {
    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        echo "$URI"
        return 0
    fi
    need java "install a Java 17+ JDK (e.g. apt-get install openjdk-17-jdk-headless)"
    java --list-modules 2>/dev/null | grep -q '^jdk\.compiler@' \
        || die "java has no jdk.compiler module (a JRE?); install a Java 17+ JDK to run Launcher.java"
    cmd_fetch
    if port_open; then
        die "port $PORT on $HOST is already in use by another process; stop it or set NEO4J_PORT"
    fi
    mkdir -p "$RUN"
    fresh_data_dir

    # JVM flags of the Neo4j server distribution that matter for an embedded DBMS.
    local -a jvm=(
        "-Xmx$HEAP"
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
        -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC
        -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
        -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --enable-native-access=ALL-UNNAMED
    )
    if [[ "${NEO4J_FULL_JIT:-0}" != "1" ]]; then
        jvm+=(-XX:TieredStopAtLevel=1)
    fi
    if [[ "${NEO4J_CDS:-0}" == "1" ]]; then
        local archive
        archive="$(cds_archive)"
        mkdir -p "$CDS_DIR"
        if [[ -s "$archive" ]]; then
            jvm+=("-XX:SharedArchiveFile=$archive")
        else
            # Written when the JVM exits; `stop` moves it into place after a clean exit.
            jvm+=("-XX:ArchiveClassesAtExit=$archive.part")
        fi
        jvm+=(-Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    # shellcheck disable=SC2206
    local -a extra=(${NEO4J_JAVA_OPTS:-})

    # setsid: the server survives the caller's terminal/process group; without job control
    # the background child is not a group leader, so setsid execs in place and $! is java's pid.
    NEO4J_PASSWORD="$PASSWORD" NEO4J_PAGECACHE="$PAGECACHE" \
        setsid java "${jvm[@]}" "${extra[@]}" -cp "$LIB/*" "$HERE/Launcher.java" \
        --port "$PORT" --data-dir "$DATA_DIR" </dev/null >"$LOG" 2>&1 &
    pid=$!
    echo "$pid" >"$PIDFILE"

    local deadline=$((SECONDS + START_TIMEOUT))
    until grep -q '^NEO4J_READY ' "$LOG" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || fail_start "server exited during startup"
        ((SECONDS < deadline)) || fail_start "server not ready after ${START_TIMEOUT}s" "$pid"
        sleep 0.5
    done
    until bolt_answers; do
        kill -0 "$pid" 2>/dev/null || fail_start "server exited during startup"
        ((SECONDS < deadline)) || fail_start "Bolt at $URI does not answer after ${START_TIMEOUT}s" "$pid"
        sleep 1
    done
    echo "$URI"
}

cmd_stop() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$PIDFILE"
        echo "neo4j not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT)) clean=1
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            echo "neo4j.sh: pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
            clean=0
            sleep 1
            break
        fi
        sleep 0.2
    done
    local part
    for part in "$CDS_DIR"/*.jsa.part; do
        [[ -e "$part" ]] || continue
        if ((clean)) && [[ -s "$part" ]]; then
            mv -f "$part" "${part%.part}"
        else
            rm -f "$part"
        fi
    done
    rm -f "$PIDFILE"
    echo "neo4j stopped"
}

cmd_status() {
    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        echo "neo4j running (pid $pid) at $URI"
        return 0
    fi
    echo "neo4j not running"
    return 3
}

case "${1:-}" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: tools/neo4j/neo4j.sh fetch|start|stop|status" >&2
        exit 2
        ;;
esac
