"""The start page's figures, kept between starts so a start does not recompute them (issue 14).

Computing the dashboard reads every record of the last year (about a second for a city);
the figures rarely change between two starts.  ``compute`` works them out and keeps them in
the store's local ``meta`` table, one entry per scope; ``load`` gives the kept entry back
with ``fresh`` saying whether it is exactly what a computation would give now.

An entry is keyed by:

- the scope (the meta key), the day (``today``: this month, the gap windows, who is
  assigned) and the options (gap days, counted review states, how many returned rows);
- the *data generation*: the newest row of the ``versions`` log (its ``seq`` and the
  version's node and counter).  Every write of a record, a review, a delete, a roster or
  assignment change, an import and a conflict resolution appends to that log in the same
  transaction as the row it changes (``store/merge.py``), and versions are never deleted,
  so an unchanged generation means unchanged records and roster — one index step to check.

What does not come from versioned data stays live: open conflicts and the last import are
read again on every ``load`` (two small queries), and the one-line counting rule
(``basis``) is worded in the current language.  The caller decides what to do with a stale
entry (the start page shows it marked as being updated while ``compute`` runs); nothing
here ever calls stale figures fresh.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from . import queries
from .reports import stats
from .scope import Scope
from .store import Store

log = logging.getLogger(__name__)

FORMAT = 1
META_PREFIX = "figures/start/"
RETURNED_LIMIT = 200
# Read from the database on every load: not versioned, so never trusted from the cache.
LIVE_KEYS = ("open_conflicts", "last_import", "basis")
_GAP_COLUMNS = ("id", "name", "code", "township", "is_poor", "in_program", "last_service")


@dataclass(frozen=True)
class CachedFigures:
    """Start-page figures kept by an earlier computation; ``fresh``: exact for the data now."""

    figures: dict[str, Any]
    fresh: bool
    day: str
    generation: str


def data_generation(store: Store) -> str:
    """What changes with every write a figure depends on: the newest version (seq, node,
    counter) and the import/export ledger (the 本月未报送 strip counts files received)."""
    row = store.conn.execute(
        "SELECT seq, node_id, counter FROM versions ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    ledger = store.conn.execute("SELECT count(*), max(rowid), max(at) FROM bundles").fetchone()
    newest = "0" if row is None else f"{row[0]}:{row[1]}:{row[2]}"
    return f"{newest}/{ledger[0]}:{ledger[1]}:{ledger[2]}"


def management_strip(
    store: Store, scope: Scope, today: stats.DateLike, role: str | None
) -> dict[str, Any] | None:
    """The dashboard's 本月未报送 strip (township and county): specialists and stations with no
    file this month, and how many farmers' requests are overdue; None for other roles."""
    if role not in ("township", "county"):
        return None
    from .management.requests import list_requests
    from .management.timeliness import not_reported_this_month

    day = stats.iso(today)
    silent = not_reported_this_month(store, scope, today=day)
    overdue = list_requests(store, scope, overdue_only=True, today=day)
    return {**silent, "overdue_requests": len(overdue)}


def _with_sort_keys(rows: list[dict[str, Any]] | None, known: dict[str, str]) -> None:
    """拼音 sort keys of the breakdown's names, worked out here (the worker thread, and kept).
    ``known``: keys of names the kept figures had; pypinyin (its dictionaries take a quarter
    of a second to load) is asked only for new names."""
    for row in rows or ():
        for name, key in (("name", "name_key"), ("parent", "parent_key")):
            text = row[name]
            if text not in known:
                from .search import full_pinyin

                known[text] = full_pinyin(text) + text
            row[key] = known[text]


def _known_sort_keys(store: Store, scope: Scope) -> dict[str, str]:
    """Name → 拼音 sort key from the figures kept for ``scope`` (empty when none)."""
    try:
        figures = json.loads(store.get_meta(meta_key(scope)) or "{}").get("figures") or {}
        return {
            row[name]: row[key]
            for by in ("by_township", "by_specialist")
            for row in figures.get(by) or ()
            for name, key in (("name", "name_key"), ("parent", "parent_key"))
            if isinstance(row.get(key), str)
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def meta_key(scope: Scope) -> str:
    who = scope.specialist_id if scope.kind == "specialist" else scope.org_id
    return f"{META_PREFIX}{scope.kind}/{who or '-'}"


def _options(
    gap_days: int,
    states: stats.States,
    returned_limit: int,
    in_program_only: bool,
    role: str | None,
) -> dict[str, Any]:
    return {
        "role": role,
        "gap_days": gap_days,
        "states": list(states) if states is not None else None,
        "returned_limit": returned_limit,
        "in_program_only": in_program_only,
        "gaps": list(stats.GAP_DAYS),
    }


def compute(
    store: Store,
    scope: Scope,
    today: stats.DateLike,
    gap_days: int = 30,
    *,
    states: stats.States = stats.COUNTED_STATES,
    returned_limit: int = RETURNED_LIMIT,
    in_program_only: bool = False,
    role: str | None = None,
    keep: bool = True,
) -> dict[str, Any]:
    """The start page's figures worked out now, kept for the next ``load`` unless ``keep`` is
    False: ``stats.dashboard_figures`` (breakdown rows with 拼音 ``name_key``/``parent_key``),
    up to ``returned_limit`` ``returned_rows`` and the ``management`` strip of ``role``."""
    # The generation is read before the figures: a write during the computation leaves the
    # entry keyed by the older generation, so it is seen as stale, never as fresh.
    generation = data_generation(store)
    day = stats.iso(today)
    figures = stats.dashboard_figures(
        store, scope, day, gap_days, in_program_only=in_program_only, states=states
    )
    figures["returned_rows"] = queries.returned_records(store, scope, returned_limit)
    figures["management"] = management_strip(store, scope, day, role)
    known = _known_sort_keys(store, scope)
    _with_sort_keys(figures.get("by_township"), known)
    _with_sort_keys(figures.get("by_specialist"), known)
    if keep:
        entry = {
            "format": FORMAT,
            "day": day,
            "options": _options(gap_days, states, returned_limit, in_program_only, role),
            "generation": generation,
            "figures": _pack(figures),
        }
        try:
            store.set_meta(meta_key(scope), json.dumps(entry, ensure_ascii=False))
        except sqlite3.Error as exc:  # full disk, locked: the figures are shown all the same
            log.warning("start-page figures not kept: %s", exc)
    return figures


def load(
    store: Store,
    scope: Scope,
    today: stats.DateLike,
    gap_days: int = 30,
    *,
    states: stats.States = stats.COUNTED_STATES,
    returned_limit: int = RETURNED_LIMIT,
    in_program_only: bool = False,
    role: str | None = None,
) -> CachedFigures | None:
    """The kept figures of ``scope`` with the live parts read now; None when there are none
    for these options.  ``fresh`` is True only when nothing they depend on changed since."""
    text = store.get_meta(meta_key(scope))
    if not text:
        return None
    try:
        entry = json.loads(text)
        if entry.get("format") != FORMAT or entry.get("options") != _options(
            gap_days, states, returned_limit, in_program_only, role
        ):
            return None
        figures = _unpack(entry["figures"])
        day, generation = str(entry["day"]), str(entry["generation"])
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("kept start-page figures unreadable, recomputing: %s", exc)
        return None
    fresh = day == stats.iso(today) and generation == data_generation(store)
    return CachedFigures(live(store, scope, figures, states), fresh, day, generation)


def live(
    store: Store, scope: Scope, figures: dict[str, Any], states: stats.States
) -> dict[str, Any]:
    """``figures`` with what is not versioned read again: conflicts, last import, the basis
    line in the current language."""
    out = dict(figures)
    out["open_conflicts"] = stats.open_conflicts(store, scope)
    out["last_import"] = stats.last_import(store)
    out["basis"] = stats.basis_text(out.get("this_month_not_counted") or {}, states, month=True)
    return out


def forget(store: Store, scope: Scope) -> None:
    """Drop the kept figures of ``scope``."""
    store.set_meta(meta_key(scope), None)


# ------------------------------------------------------------------ packing
def _pack(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures without their live parts, the gap lists as one table: the list of the
    shortest window holds every longer window's villages (those last served before its
    start), in the same order."""
    out = {k: v for k, v in figures.items() if k not in LIVE_KEYS}
    gaps: dict[int, list[dict[str, Any]]] = out.pop("gap_villages")
    shortest = min(gaps)
    out["gap_table"] = {
        "days": shortest,
        "rows": [[v[c] for c in _GAP_COLUMNS] for v in gaps[shortest]],
    }
    return out


def _unpack(packed: dict[str, Any]) -> dict[str, Any]:
    out = dict(packed)
    table = out.pop("gap_table")
    rows = [dict(zip(_GAP_COLUMNS, r, strict=True)) for r in table["rows"]]
    end = _dt.date.fromisoformat(out["today"])
    gaps: dict[int, list[dict[str, Any]]] = {}
    for days in stats.GAP_DAYS:
        if days < int(table["days"]):
            raise ValueError("gap windows changed")
        start = (end - _dt.timedelta(days=days - 1)).isoformat()
        gaps[days] = [v for v in rows if (v["last_service"] or "") < start]
    out["gap_villages"] = gaps
    return out
