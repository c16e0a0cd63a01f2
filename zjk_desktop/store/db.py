"""The store: one SQLite file, the version log, and the rows derived from it.

Split by job: ``connection`` opens the file and keeps meta, identity, clock and
counter; ``reads`` answers rows, versions, history, conflicts and the dump;
``merge`` is the one write path (validate, authority, stamp, version, merge).
``Store`` is all three; the names other modules use are re-exported here.
"""

from __future__ import annotations

from .connection import (
    MAX_CLOCK_AHEAD_MS,
    META_COUNTER,
    META_HLC,
    META_NODE_ID,
    META_PEER_CLOCK,
    NodeInfo,
    StoreError,
    disk_full_error,
    is_disk_full,
)
from .merge import MergeEngine, StoreRefs


class Store(MergeEngine):
    """One installation's database."""


__all__ = [
    "MAX_CLOCK_AHEAD_MS",
    "META_COUNTER",
    "META_HLC",
    "META_NODE_ID",
    "META_PEER_CLOCK",
    "NodeInfo",
    "Store",
    "StoreError",
    "StoreRefs",
    "disk_full_error",
    "is_disk_full",
]
