#!/usr/bin/env bash
# Runs the test suite against both stores: the embedded one always, and a real Neo4j server that
# this script starts from tools/neo4j (Maven Central artifacts) when Java and Maven are present.
# With CI=true a Neo4j that cannot start fails the run; elsewhere its tests skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."

neo4j_started=0
stop_neo4j() { if [ "$neo4j_started" = 1 ]; then tools/neo4j/neo4j.sh stop >/dev/null 2>&1 || true; fi; }
trap stop_neo4j EXIT

if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  export NEO4J_PASSWORD="${NEO4J_PASSWORD:-chainkg-test}"
  # one retry: a start starved of CPU on a busy machine can time out
  if uri=$(tools/neo4j/neo4j.sh start | tail -n 1) || uri=$(tools/neo4j/neo4j.sh start | tail -n 1); then
    neo4j_started=1
    export CHAINKG_TEST_NEO4J="$uri"
    echo "Neo4j for the tests: $uri"
  elif [ "${CI:-}" = "true" ]; then
    echo "Neo4j did not start, and CI needs it: see its log lines above (tools/neo4j/run/)" >&2
    exit 1
  else
    echo "Neo4j did not start: its tests will be skipped" >&2
  fi
elif [ "${CI:-}" = "true" ]; then
  echo "CI needs Java 17 and Maven to start Neo4j for the tests" >&2
  exit 1
fi

.venv/bin/python -m pytest "$@"
