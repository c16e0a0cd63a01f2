"""Farmers' requests (需求台账): 待分派 → 已分派 → 已答复 → 已办结.

A township station (or the county) logs what a farmer or village cadre asks
for and assigns a specialist; the specialist answers, naming the visit that
answered it when there was one; the station closes it.  Every step is a
versioned write through ``Store.write``, so history and sync come for free;
who may take which step is ``management.authority``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import i18n
from ..domain.enums import REQUEST_STATUSES
from ..scope import Scope
from ..store import Change, Store
from .authority import local_refusal
from .errors import ManagementError

KIND = "request"
DEFAULT_OVERDUE_DAYS = 14

i18n.register(
    {
        "mgmt.req.not_found": ("需求不存在或已删除：{id}", "No such request: {id}"),
        "mgmt.req.bad_step": (
            "状态为“{status}”的需求不能{step}",
            "A request that is “{status}” cannot be {step}",
        ),
        "mgmt.req.step.assign": ("分派", "assigned"),
        "mgmt.req.step.answer": ("答复", "answered"),
        "mgmt.req.step.close": ("办结", "closed"),
        "mgmt.req.no_answer": ("请填写答复内容", "Please write the answer"),
        "mgmt.req.not_village": ("请选择村：{value}", "Please choose a village: {value}"),
        "mgmt.req.unknown_specialist": ("未找到特派员：{value}", "No such specialist: {value}"),
        "mgmt.req.unknown_visit": ("未找到走访记录：{value}", "No such visit: {value}"),
    }
)

# Which states each step may start from.
_FROM = {
    "assign": ("open", "assigned"),
    "answer": ("assigned", "answered"),
    "close": ("answered",),
}


def _today() -> str:
    return _dt.date.today().isoformat()


def _check(store: Store, row: dict[str, Any] | None, values: dict[str, Any]) -> None:
    key = local_refusal(store, KIND, row, values)
    if key is not None:
        raise ManagementError(i18n.t(key))


def get_request(store: Store, request_id: str) -> dict[str, Any]:
    row = store.get(KIND, request_id)
    if row is None:
        # People type the short id they saw in a list (its last characters) or its start.
        matches = store.rows_by_short_id(KIND, request_id, limit=2) if len(request_id) >= 6 else []
        if len(matches) != 1:
            raise ManagementError(i18n.t("mgmt.req.not_found", id=request_id))
        row = matches[0]
    return row


def add_request(store: Store, values: dict[str, Any], *, today: str | None = None) -> str:
    """Log a new request (status 待分派); returns its id.  The station is the village's township."""
    values = dict(values)
    village = (
        store.get("org_unit", values.get("village_id") or "") if values.get("village_id") else None
    )
    if village is None and values.get("village_id"):
        village = store.find_org_by_code(str(values["village_id"]))
        if village is not None:
            values["village_id"] = village["id"]
    if village is None or village.get("level") != "village":
        raise ManagementError(i18n.t("mgmt.req.not_village", value=values.get("village_id") or ""))
    values.setdefault("org_id", village.get("parent_id"))
    values.setdefault("date", today or _today())
    values["status"] = "open"
    if values.get("specialist_id"):
        values.update(_assignment(store, values["specialist_id"], today))
    _check(store, None, values)
    return store.write([Change(KIND, "create", values)])[0].record_id


def _assignment(store: Store, specialist: str, today: str | None) -> dict[str, Any]:
    row = store.get("specialist", specialist)
    if row is None:
        matches = store.specialists_named(specialist, limit=2)
        if len(matches) != 1:
            raise ManagementError(i18n.t("mgmt.req.unknown_specialist", value=specialist))
        row = matches[0]
    return {
        "specialist_id": row["id"],
        "status": "assigned",
        "assigned_at": today or _today(),
        "assigned_by": store.get_meta("actor") or "",
    }


def _step(store: Store, request_id: str, step: str, values: dict[str, Any]) -> str:
    row = get_request(store, request_id)
    if row.get("status") not in _FROM[step]:
        raise ManagementError(
            i18n.t(
                "mgmt.req.bad_step",
                status=REQUEST_STATUSES.label(row.get("status"), i18n.get_language()),
                step=i18n.t(f"mgmt.req.step.{step}"),
            )
        )
    _check(store, row, values)
    store.write([Change(KIND, "update", values, row["id"])])
    return str(row["id"])


def assign(store: Store, request_id: str, specialist: str, *, today: str | None = None) -> str:
    """已分派: to a specialist (id, name or phone)."""
    return _step(store, request_id, "assign", _assignment(store, specialist, today))


def answer(
    store: Store,
    request_id: str,
    text: str,
    *,
    visit_id: str | None = None,
    today: str | None = None,
) -> str:
    """已答复: the assigned specialist's answer, with the visit that answered it."""
    if not text or not text.strip():
        raise ManagementError(i18n.t("mgmt.req.no_answer"))
    values: dict[str, Any] = {
        "status": "answered",
        "answer": text.strip(),
        "answered_at": today or _today(),
    }
    if visit_id:
        if store.get("visit", visit_id) is None:
            raise ManagementError(i18n.t("mgmt.req.unknown_visit", value=visit_id))
        values["visit_id"] = visit_id
    return _step(store, request_id, "answer", values)


def close(store: Store, request_id: str, comment: str = "", *, today: str | None = None) -> str:
    """已办结: closed by the station."""
    values: dict[str, Any] = {"status": "closed", "closed_at": today or _today()}
    if comment:
        values["close_comment"] = comment
    return _step(store, request_id, "close", values)


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return (_dt.date.fromisoformat(b) - _dt.date.fromisoformat(a)).days
    except ValueError:
        return None


def list_requests(
    store: Store,
    scope: Scope,
    *,
    status: str | None = None,
    text: str | None = None,
    overdue_only: bool = False,
    date_from: str | None = None,
    date_to: str | None = None,
    today: str | None = None,
    overdue_days: int | None = None,
) -> list[dict[str, Any]]:
    """Requests in scope, newest first, with names, days open and the overdue flag.

    A request is *overdue* when it is not yet answered and was asked more
    than ``overdue_days`` ago (default: the year's rule, else 14 days).
    """
    from .assessment import rules_for

    today = today or _today()
    if overdue_days is None:
        overdue_days = int(rules_for(store, int(today[:4]))["request_overdue_days"])
    where, params = scope.record_filter()
    clauses = [where]
    if status:
        clauses.append("r.status = ?")
        params = [*params, status]
    if date_from:
        clauses.append("r.date >= ?")
        params = [*params, date_from]
    if date_to:
        clauses.append("r.date <= ?")
        params = [*params, date_to]
    if text:
        clauses.append(
            "(r.problem LIKE ? OR r.requester_name LIKE ? OR r.answer LIKE ? OR v.name LIKE ?"
            " OR s.name LIKE ?)"
        )
        like = f"%{text}%"
        params = [*params, like, like, like, like, like]
    # The scope's filter names bare columns of the request table.
    sql = (
        "SELECT r.*, v.name AS village_name, s.name AS specialist_name, t.name AS station_name"
        " FROM (SELECT * FROM request WHERE deleted = 0) r"
        " LEFT JOIN org_unit v ON v.id = r.village_id"
        " LEFT JOIN specialist s ON s.id = r.specialist_id"
        " LEFT JOIN org_unit t ON t.id = r.org_id"
        f" WHERE r.id IN (SELECT id FROM request WHERE {clauses[0]})"
    )
    if len(clauses) > 1:
        sql += " AND " + " AND ".join(clauses[1:])
    sql += " ORDER BY r.date DESC, r.id"
    cur = store.conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    out = []
    for r in cur:
        row = dict(zip(cols, r, strict=True))
        done = row.get("answered_at") if row.get("status") in ("answered", "closed") else None
        row["days_to_answer"] = _days(row.get("date"), done)
        row["days_open"] = _days(row.get("date"), done or today)
        row["overdue"] = bool(
            row.get("status") in ("open", "assigned") and (row["days_open"] or 0) > overdue_days
        )
        out.append(row)
    if overdue_only:
        out = [r for r in out if r["overdue"]]
    return out


def request_stats(
    store: Store, scope: Scope, date_from: str, date_to: str, *, today: str | None = None
) -> dict[str, Any]:
    """Counts by status, overdue, and days to answer (mean, median, max) for requests asked in the period."""
    rows = list_requests(store, scope, date_from=str(date_from), date_to=str(date_to), today=today)
    days = sorted(r["days_to_answer"] for r in rows if r["days_to_answer"] is not None)
    by_status = {code: 0 for code in REQUEST_STATUSES.codes()}
    for r in rows:
        by_status[r.get("status") or "open"] = by_status.get(r.get("status") or "open", 0) + 1
    median = None
    if days:
        mid = len(days) // 2
        median = days[mid] if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    return {
        "total": len(rows),
        "by_status": by_status,
        "answered": by_status["answered"] + by_status["closed"],
        "overdue": sum(1 for r in rows if r["overdue"]),
        "mean_days": round(sum(days) / len(days), 1) if days else None,
        "median_days": median,
        "max_days": days[-1] if days else None,
    }
