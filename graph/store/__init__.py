"""Choosing and opening a store.

``CHAINKG_STORE`` (or ``--store``) is either a directory, for the embedded LadybugDB store, or a
``bolt://`` / ``neo4j://`` / ``neo4j+s://`` URI, for Neo4j with ``NEO4J_USER``, ``NEO4J_PASSWORD``
and ``NEO4J_DATABASE``. Nothing is opened at import time: callers open a store and pass it on.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import ConfigError
from graph.store.base import Batch, QueryResult, Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STORE = PROJECT_ROOT / "data" / "graph"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def store_location(store: str | None = None) -> str:
    """``store``, else CHAINKG_STORE, else the project's data/graph directory."""
    return store or os.environ.get("CHAINKG_STORE") or str(DEFAULT_STORE)


def is_neo4j(location: str) -> bool:
    return location.lower().startswith(NEO4J_SCHEMES)


def open_store(store: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``store`` (a directory or a Neo4j URI); see the module docstring.

    A read-only embedded store opens the published graph and lets writers run beside it; a
    writable one publishes its changes when closed (use it as a context manager).
    """
    location = store_location(store)
    if is_neo4j(location):
        from graph.store.neo4j_store import Neo4jStore

        password = os.environ.get("NEO4J_PASSWORD")
        if password is None:
            raise ConfigError(f"没有设置 NEO4J_PASSWORD: 请用 export NEO4J_PASSWORD=... 给出 {location} 的密码")
        return Neo4jStore(location, os.environ.get("NEO4J_USER", "neo4j"), password,
                          os.environ.get("NEO4J_DATABASE") or None)
    if "://" in location:
        scheme = location.split("://", 1)[0]
        raise ConfigError(f"不支持的图库地址 {location!r} (协议 {scheme!r}): 嵌入式图库请给目录, "
                          "Neo4j 请用 bolt://, neo4j:// or neo4j+s://")
    from graph.store.ladybug_store import LadybugStore

    return LadybugStore(location, read_only=read_only)


__all__ = ["Batch", "QueryResult", "Store", "open_store", "store_location", "is_neo4j", "DEFAULT_STORE"]
