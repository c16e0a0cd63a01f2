"""Satisfaction callbacks (回访): a station phones a household served and notes its satisfaction.

A callback names the visit, extension or training it is about; the
specialist, village and station are taken from that record, so the
satisfaction rate per specialist needs no typing twice.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from .. import i18n
from ..domain.entities import RECORD_KINDS
from ..store import Change, Range, Store
from .authority import local_refusal
from .errors import ManagementError

KIND = "callback"

i18n.register(
    {
        "mgmt.cb.no_record": (
            "未找到要回访的记录：{id}",
            "No such record to call back about: {id}",
        ),
        "mgmt.cb.bad_result": (
            "满意度应为 满意、基本满意 或 不满意：{value}",
            "Satisfaction must be satisfied, basic or dissatisfied: {value}",
        ),
    }
)


def find_record(store: Store, record_id: str) -> tuple[str, dict[str, Any]]:
    """(kind, row) of a visit, extension or training by id (or a unique id prefix)."""
    for kind in RECORD_KINDS:
        row = store.get(kind, record_id)
        if row is not None:
            return kind, row
    if len(record_id) >= 6:
        for kind in RECORD_KINDS:
            rows = store.rows_by_short_id(kind, record_id, limit=2)
            if len(rows) == 1:
                return kind, rows[0]
    raise ManagementError(i18n.t("mgmt.cb.no_record", id=record_id))


def add_callback(
    store: Store,
    record_id: str,
    household: str,
    result: str,
    *,
    comment: str = "",
    date: str | None = None,
) -> str:
    """Record one callback against a record; returns the callback's id."""
    from ..domain.enums import SATISFACTION

    code = SATISFACTION.parse(result)
    if code is None:
        raise ManagementError(i18n.t("mgmt.cb.bad_result", value=result))
    kind, row = find_record(store, record_id)
    village = store.get("org_unit", row.get("village_id") or "") if row.get("village_id") else None
    specialist = (
        store.get("specialist", row.get("specialist_id") or "")
        if row.get("specialist_id")
        else None
    )
    values: dict[str, Any] = {
        "date": date or _dt.date.today().isoformat(),
        "record_kind": kind,
        "record_id": row["id"],
        "specialist_id": row.get("specialist_id"),
        "village_id": row.get("village_id"),
        "org_id": (specialist or {}).get("org_id") or (village or {}).get("parent_id"),
        "household": household,
        "result": code,
        "comment": comment,
    }
    values = {k: v for k, v in values.items() if v not in (None, "")}
    key = local_refusal(store, KIND, None, values)
    if key is not None:
        raise ManagementError(i18n.t(key))
    return store.write([Change(KIND, "create", values)])[0].record_id


def satisfaction(
    store: Store, date_from: str, date_to: str, specialist_ids: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Per specialist: callbacks in the period by result and the rate (满意 + 基本满意) / all, in %."""
    wanted = set(specialist_ids) if specialist_ids is not None else None
    where, params = "deleted = 0 AND date >= ? AND date <= ?", [str(date_from), str(date_to)]
    if wanted is not None and len(wanted) <= 500:
        # A county's people: their callbacks through the (specialist_id, date) index, not
        # a read of the whole province's ("+deleted" keeps SQLite off other indexes).
        where = "+" + where + f" AND specialist_id IN ({','.join('?' * len(wanted))})"
        params += sorted(wanted)
    # "+specialist_id": one read of the rows, not all of them in index order.
    sql = f"SELECT specialist_id, result, count(*) FROM callback WHERE {where} GROUP BY +specialist_id, result"
    out: dict[str, dict[str, Any]] = {}
    for sid, result, n in store.conn.execute(sql, params):
        if wanted is not None and sid not in wanted:
            continue
        entry = out.setdefault(sid, {"n": 0, "satisfied": 0, "basic": 0, "dissatisfied": 0})
        entry["n"] += n
        if result in entry:
            entry[result] += n
    for entry in out.values():
        entry["rate"] = round(100.0 * (entry["satisfied"] + entry["basic"]) / entry["n"], 1)
    return out


def callbacks_of(store: Store, record_id: str) -> list[dict[str, Any]]:
    return store.rows(KIND, match={"record_id": record_id}, order_by="date")


def recent_records(store: Store, scope: Any, since: str, limit: int = 300) -> list[dict[str, Any]]:
    """Visits, extensions and trainings in scope dated ``since`` or later, newest first (to call back about)."""
    out: list[dict[str, Any]] = []
    for kind in RECORD_KINDS:
        for row in store.rows(
            kind, {"date": Range(since)}, scope=scope, order_by="-date", limit=limit
        ):
            out.append({"kind": kind, **row})
    out.sort(key=lambda r: (r.get("date") or "", r["id"]), reverse=True)
    return out[:limit]


def list_callbacks(store: Store, scope: Any, limit: int = 5000) -> list[dict[str, Any]]:
    """Callbacks in scope, newest first."""
    return store.rows(KIND, scope=scope, order_by=("-date", "id"), limit=limit)
