"""Load the pattern and lexicon files of ``ingest/patterns/`` (JSON), once per process."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

PATTERN_DIR = Path(__file__).resolve().parent.parent / "patterns"


@cache
def load(name: str) -> dict:
    """The parsed pattern file ``ingest/patterns/<name>.json``.

    >>> "verbs" in load("companies")
    True
    """
    with open(PATTERN_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def regex(name: str, key: str) -> re.Pattern:
    """The regular expression stored under ``key`` in pattern file ``name``, compiled."""
    return re.compile(load(name)[key])


@cache
def alternation(name: str, key: str, prefix: str = "", suffix: str = "") -> re.Pattern:
    """A regex matching any word of the list ``key`` of file ``name``, longest first."""
    words = sorted(set(load(name)[key]), key=len, reverse=True)
    return re.compile(prefix + "(?:" + "|".join(map(re.escape, words)) + ")" + suffix)
