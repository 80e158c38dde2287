"""Numbers read from the environment (``CHAINKG_*``), each checked the same way.

>>> import os
>>> os.environ["CHAINKG_DEMO"] = "3"
>>> env_number("CHAINKG_DEMO", 2, low=1, what="不小于 1 的整数")
3
>>> os.environ["CHAINKG_DEMO"] = "0"
>>> env_number("CHAINKG_DEMO", 2, low=1, what="不小于 1 的整数")
Traceback (most recent call last):
...
graph.errors.ConfigError: CHAINKG_DEMO 应为不小于 1 的整数, 现为 '0'
"""

from __future__ import annotations

import math
import os

from graph.errors import ConfigError


def env_number(name: str, default: int | float, *, cast=int, low: float | None = None,
               high: float | None = None, what: str) -> int | float:
    """The variable ``name`` as a number (``cast``) between ``low`` and ``high``; ``default`` when it
    is unset or empty; a ConfigError saying what it should be (``what``) otherwise."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = cast(raw.strip())
    except ValueError:
        value = None
    if (value is None or (isinstance(value, float) and math.isnan(value))
            or (low is not None and value < low) or (high is not None and value > high)):
        raise ConfigError(f"{name} 应为{what}, 现为 {raw!r}")
    return value
