"""Layering: graph/ stands on its own (no ingest, no Streamlit), and the project has no import circles,
counting imports inside function bodies too (so none of them is there to dodge one)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import networkx as nx

from tests.conftest import ROOT

PACKAGES = ("graph", "ingest", "app_pages")


def project_modules() -> dict[str, object]:
    out = {}
    for top in PACKAGES:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def import_graph() -> nx.DiGraph:
    """Module → project module it imports, anywhere in the file (top level or inside a function).
    A module importing its own package (``graph.store.base`` → ``graph.store``) is not an edge: Python
    runs the package first, whatever the package imports later."""
    modules = project_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
    return graph


def test_the_project_has_no_import_circles():
    graph = import_graph()
    assert len(graph) > 40  # the walk found the project
    assert [] == sorted(nx.simple_cycles(graph))


def test_graph_modules_import_nothing_from_ingest_app_pages_or_streamlit_statically():
    graph = import_graph()
    bad = sorted((a, b) for a, b in graph.edges if a.split(".")[0] == "graph" and b.split(".")[0] != "graph")
    assert [] == bad


def test_importing_every_graph_module_loads_no_ingest_or_streamlit_module():
    names = sorted(m for m in project_modules() if m.split(".")[0] == "graph")
    script = ("import importlib, json, sys\n"
              f"for name in {names!r}:\n"
              "    importlib.import_module(name)\n"
              "print(json.dumps(sorted(m for m in sys.modules\n"
              "                        if m.split('.')[0] in ('ingest', 'app_pages', 'streamlit'))))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)
    assert 0 == done.returncode, done.stderr
    assert [] == json.loads(done.stdout)
    assert len(names) > 20
