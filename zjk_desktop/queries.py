"""Read-only questions the desktop screens ask, answered without Qt (issue 12: no SQL in ``gui/``).

Every function takes a ``Store`` and returns plain values; the GUI calls them on its
own connection or on the worker thread, the tests call them directly.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .scope import Scope
from .store import Store


def villages_in_scope(store: Store, scope: Scope) -> list[str]:
    """Ids of the (not deleted) villages this node looks after."""
    where, params = scope.village_filter("id")
    sql = f"SELECT id FROM org_unit WHERE level = 'village' AND deleted = 0 AND {where}"
    return [r[0] for r in store.conn.execute(sql, params)]


def specialists_in_scope(store: Store, scope: Scope) -> list[str]:
    """Ids of the (not deleted) specialists this node looks after."""
    where, params = scope.specialist_filter("id")
    sql = f"SELECT id FROM specialist WHERE deleted = 0 AND {where}"
    return [r[0] for r in store.conn.execute(sql, params)]


def _active(day: str | None) -> tuple[str, list[Any]]:
    if not day:
        return "end_date IS NULL", []
    return "start_date <= ? AND (end_date IS NULL OR end_date = '' OR end_date >= ?)", [day, day]


def specialists_of_village(store: Store, village_id: str, day: str | None = None) -> list[str]:
    """Who is assigned to the village on ``day`` (today's assignments when None)."""
    cond, params = _active(day)
    sql = (
        f"SELECT DISTINCT specialist_id FROM assignment WHERE deleted = 0 AND village_id = ? AND {cond}"
        " ORDER BY start_date DESC"
    )
    return [r[0] for r in store.conn.execute(sql, [village_id, *params])]


def villages_of_specialist(store: Store, specialist_id: str, day: str | None = None) -> list[str]:
    """The villages a specialist is assigned to on ``day``."""
    cond, params = _active(day)
    sql = (
        f"SELECT DISTINCT village_id FROM assignment WHERE deleted = 0 AND specialist_id = ? AND {cond}"
        " ORDER BY start_date DESC"
    )
    return [r[0] for r in store.conn.execute(sql, [specialist_id, *params])]


def village_industry(store: Store, village_id: str, specialist_id: str | None = None) -> str | None:
    """The industry a new record in this village most likely concerns.

    The one most recorded there lately (visits, extension, training); without any
    record, the first industry of the specialist serving it.
    """
    counts: Counter[str] = Counter()
    for kind in ("visit", "extension", "training"):
        sql = (
            f"SELECT industry FROM {kind} WHERE deleted = 0 AND village_id = ?"
            " AND industry IS NOT NULL ORDER BY date DESC LIMIT 20"
        )
        counts.update(r[0] for r in store.conn.execute(sql, (village_id,)) if r[0])
    if counts:
        return counts.most_common(1)[0][0]
    if specialist_id:
        row = store.get("specialist", specialist_id)
        industries = (row or {}).get("industries") or []
        if isinstance(industries, str):
            try:
                industries = json.loads(industries)
            except ValueError:
                industries = []
        if industries:
            return str(industries[0])
    return None


@dataclass
class VillageContext:
    """What a new record in a village can be filled in with."""

    specialist_id: str | None = None  # only when exactly one specialist serves it
    industry: str | None = None
    specialists: list[str] = field(default_factory=list)


def village_context(store: Store, village_id: str, day: str | None = None) -> VillageContext:
    people = specialists_of_village(store, village_id, day)
    only = people[0] if len(people) == 1 else None
    return VillageContext(only, village_industry(store, village_id, only), people)


def bundle_history(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """This node's ledger of imported/exported files, newest first."""
    out = []
    for bundle_id, direction, kind, peer, at, summary in store.conn.execute(
        "SELECT bundle_id, direction, kind, peer_node, at, summary FROM bundles"
        " ORDER BY at DESC, rowid DESC LIMIT ?",
        (limit,),
    ):
        try:
            data = json.loads(summary or "{}")
        except ValueError:
            data = {}
        out.append(
            {
                "bundle_id": bundle_id,
                "direction": direction,
                "kind": kind,
                "peer": peer or "",
                "at": at or "",
                "summary": data,
            }
        )
    return out
