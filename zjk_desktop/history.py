"""A record's history as a person reads it: who changed what, and which edits were concurrent.

``Store.history`` lists versions in stamp order with "old → new" taken from the
version before; for two computers editing the same field without seeing each
other's edit that reads as if one replaced the other.  Here each field change
says what it really replaced (the values named in its ``base``) and, when
another value of the field was not among them, that the two are concurrent
and which open conflict holds them (``zjk conflicts`` / ``zjk resolve``).
"""

from __future__ import annotations

from typing import Any

from .store import Store

SHORT_CONFLICT = 10  # conflict ids in messages and lists (unique prefix accepted by resolve)


def short_conflict_id(conflict_id: str) -> str:
    return conflict_id[:SHORT_CONFLICT]


def record_history(store: Store, record_id: str) -> list[dict[str, Any]]:
    """``Store.history`` with, per field change, ``concurrent`` and the ``conflict`` it belongs to."""
    history = store.history(record_id)
    versions = store.versions_of(record_id)
    open_conflicts = {c["field"]: c["id"] for c in store.conflicts(record_id)}
    # field -> current heads: (stamp, value, the change dict that wrote it)
    heads: dict[str, list[tuple[str, Any, dict[str, Any]]]] = {}
    for entry, version in zip(history, versions, strict=True):
        entry["node_short"] = version.node_id[:8]
        for change in entry["changes"]:
            name = change["field"]
            replaced = set(version.base.get(name, ()))
            current = heads.get(name, [])
            if version.op == "create" or not current:
                old = [h for h in current if h[0] in replaced] or current
                others: list[tuple[str, Any, dict[str, Any]]] = []
            else:
                old = [h for h in current if h[0] in replaced]
                others = [h for h in current if h[0] not in replaced] if replaced else []
            change["old"] = (
                old[-1][1] if old else (None if version.op == "create" else change["old"])
            )
            change["concurrent"] = bool(others)
            change["conflict"] = None
            if others:
                conflict = open_conflicts.get(name)
                change["conflict"] = short_conflict_id(conflict) if conflict else None
                change["concurrent_with"] = [h[1] for h in others]
                for _stamp, _value, earlier in others:
                    earlier["concurrent"] = True
                    earlier["conflict"] = change["conflict"]
            heads[name] = [*others, (version.stamp, change["new"], change)]
    return history
