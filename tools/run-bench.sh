#!/usr/bin/env bash
# Runs the benchmarks (bench/run.py --quick | --full) on both stores: the embedded store always, and a
# Neo4j server started from tools/neo4j when Java and Maven are present (a dev server that is already
# running is used as it is, and left running). The benchmark empties that Neo4j database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-chainkg-test}"
# a server under load, as in production: the C2 JIT too (the test default runs C1 only, to start fast)
export NEO4J_FULL_JIT="${NEO4J_FULL_JIT:-1}"
export NEO4J_HEAP="${NEO4J_HEAP:-3g}"

started=0
stop_neo4j() { if [ "$started" = 1 ]; then tools/neo4j/neo4j.sh stop >/dev/null 2>&1 || true; fi; }
trap stop_neo4j EXIT

if [ -z "${CHAINKG_BENCH_NEO4J:-}" ] && command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  tools/neo4j/neo4j.sh status >/dev/null 2>&1 || started=1
  if uri=$(tools/neo4j/neo4j.sh start | tail -n 1); then
    export CHAINKG_BENCH_NEO4J="$uri"
  else
    started=0
    echo "Neo4j did not start: the report will say Neo4j was not measured" >&2
  fi
fi

.venv/bin/python bench/run.py "$@"
