"""Targets from the documents: which industry or task, which year, what metric and value, and the sentence."""

from __future__ import annotations


def value_text(row: dict) -> str:
    """A target's value as a reader writes it.

    >>> value_text({"value": 8.0, "unit": "%", "qualifier": "左右"})
    '8% (左右)'
    >>> value_text({"value": 8.0, "value_max": 10.0, "unit": "个"})
    '8—10个'
    >>> value_text({"value": None, "qualifier": "力争突破"})
    '(力争突破)'
    """
    def num(v):
        return f"{v:g}" if isinstance(v, float) else str(v)

    value = row.get("value")
    text = "" if value is None else num(value)
    if value is not None and row.get("value_max") is not None:
        text += f"—{num(row['value_max'])}"
    if value is not None:
        text += row.get("unit") or ""
    if row.get("qualifier"):
        text += f" ({row['qualifier']})" if text else f"({row['qualifier']})"
    return text


def targets(store, *, industry: str | None = None, year: int | None = None) -> list[dict]:
    """One row per target, filtered by owner (industry or task name) and year."""
    out = []
    seen = set()
    for row in store.query("targets_list"):
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        owner = row.get("owner") or row.get("subject") or ""
        if industry and owner != industry:
            continue
        if year and row.get("year") != year:
            continue
        out.append({"id": row["id"], "owner": owner, "year": row.get("year"), "metric": row.get("metric") or "",
                    "subject": row.get("subject") or "", "value": row.get("value"), "unit": row.get("unit") or "",
                    "shown": value_text(row), "qualifier": row.get("qualifier") or "",
                    "sentence": row.get("sentence") or "", "document": row.get("document") or ""})
    out.sort(key=lambda r: (r["year"] or 9999, r["owner"], r["id"]))
    return out


def chart_rows(rows: list[dict]) -> list[dict]:
    """Targets counted per year and owner, for a stacked bar chart (pure).

    >>> chart_rows([{"year": 2025, "owner": "甲"}, {"year": 2025, "owner": "甲"}, {"year": 2027, "owner": "乙"}])
    [{'year': '2025', 'owner': '甲', 'count': 2}, {'year': '2027', 'owner': '乙', 'count': 1}]
    """
    found: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (str(row["year"]) if row.get("year") else "未注明", row.get("owner") or "未归属")
        found[key] = found.get(key, 0) + 1
    return [{"year": y, "owner": o, "count": n} for (y, o), n in sorted(found.items())]
