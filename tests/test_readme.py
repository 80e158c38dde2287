"""The README's quick start works as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

from graph.ontology import mermaid
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks(section: str) -> list[list[str]]:
    """The command lines of the ```sh blocks under a README heading (comments dropped)."""
    body = README.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", body, flags=re.S)
    return [[line.split("  #")[0].strip() for line in block.splitlines() if line.strip()] for block in blocks]


def test_the_quick_start_names_the_two_commands():
    assert ["make run", "make test"] == shell_blocks("Quick start")[0]


def test_the_quick_start_commands_run_on_a_graph_built_by_make(tmp_path):
    store = tmp_path / "graph"
    env = {**os.environ, "CHAINKG_STORE": str(store)}
    build = subprocess.run(["make", "build", f"STORE={store}"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert 0 == build.returncode, build.stderr
    assert (store / "CURRENT").exists()
    outputs = []
    for line in shell_blocks("Quick start")[1]:
        proc = subprocess.run(shlex.split(line), cwd=ROOT, env=env, capture_output=True, text=True)
        assert 0 == proc.returncode, f"{line}: {proc.stderr}"
        outputs.append(proc.stdout)
    counts = dict(line.split("\t") for line in outputs[0].splitlines())
    assert int(counts["Industry"]) > 0 and int(counts["Company"]) > 0
    rows = json.loads(outputs[1])
    assert 5 == len(rows) and {"name", "kind"} == set(rows[0])


def test_the_readme_diagram_is_the_ontology():
    assert f"```mermaid\n{mermaid()}\n```" in README
