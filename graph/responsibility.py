"""Who is responsible for what: the department × industry matrix from the documents' brackets."""

from __future__ import annotations

ROLE_TITLES = {"lead": "牵头", "responsible": "负责", "support": "配合"}
_RANK = {"lead": 0, "responsible": 1, "support": 2}


def role_title(role: str | None) -> str:
    return ROLE_TITLES.get(role or "", role or "")


def assignments(store) -> list[dict]:
    """Every RESPONSIBLE_FOR fact: department, kind (Industry|Task), target, role, and its evidence."""
    return [{**row, "role_title": role_title(row.get("role"))} for row in store.query("responsibility")]


def matrix(rows: list[dict], kind: str = "Industry") -> dict:
    """Departments × targets of ``kind`` with the strongest role per cell (pure).

    A cell reads like ``负责·1``: the role, and the department's place in the bracket that names it
    (the first named usually leads). Departments are ordered by how often they lead or come first,
    then by how many cells they fill.

    >>> m = matrix([{"department": "甲局", "kind": "Industry", "target": "化学药", "role": "support"},
    ...             {"department": "甲局", "kind": "Industry", "target": "化学药", "role": "lead", "bracket_order": 1},
    ...             {"department": "乙局", "kind": "Industry", "target": "新材料", "role": "support"}])
    >>> m["departments"], m["targets"], m["cells"][("甲局", "化学药")], m["cells"][("乙局", "新材料")]
    (['甲局', '乙局'], ['化学药', '新材料'], '牵头·1', '配合')
    """
    best: dict[tuple[str, str], tuple[str, int | None]] = {}
    for row in rows:
        if row.get("kind") != kind:
            continue
        key = (row["department"], row["target"])
        role = row.get("role") or "responsible"
        order = row.get("bracket_order") if isinstance(row.get("bracket_order"), int) and \
            row["bracket_order"] >= 0 else None
        rank = (_RANK.get(role, 9), order if order is not None else 999)
        if key not in best or rank < (_RANK.get(best[key][0], 9), best[key][1] if best[key][1] is not None else 999):
            best[key] = (role, order)
    leads: dict[str, int] = {}
    filled: dict[str, int] = {}
    for (dept, _), (role, order) in best.items():
        leads[dept] = leads.get(dept, 0) + (role == "lead" or order == 1)
        filled[dept] = filled.get(dept, 0) + 1
    departments = sorted(filled, key=lambda d: (-leads[d], -filled[d], d))
    targets = sorted({t for _, t in best})
    cells = {key: role_title(role) + (f"·{order}" if order is not None else "")
             for key, (role, order) in best.items()}
    return {"departments": departments, "targets": targets, "cells": cells}


def cell(rows: list[dict], department: str, target: str) -> list[dict]:
    """The facts behind one cell: role, section and sentence of each bracket naming the department (pure)."""
    return [row for row in rows if row["department"] == department and row["target"] == target]


def tasks_of(rows: list[dict], department: str) -> list[dict]:
    """The tasks (not industries) a department is named for (pure)."""
    return [row for row in rows if row["department"] == department and row.get("kind") == "Task"]
