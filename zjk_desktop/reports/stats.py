"""Every figure the reports, the Excel exports and the GUI dashboard show.

One set of query functions, shared by the PDF reports, the .xlsx exports and
the desktop dashboard, so a number printed on paper is the number on screen.
All of them take a ``Scope`` (``zjk_desktop.scope``) and aggregate in SQL with
parameters; dates are ``datetime.date`` or ISO ``yyyy-mm-dd`` strings and
periods are inclusive on both ends.

Definitions used throughout:

- **the counting rule**: a figure counts a record only when its review state is
  in ``states`` (default ``COUNTED_STATES``: submitted and approved); drafts and
  returned records are left out, counted by ``excluded_counts`` and listed by
  ``excluded_records`` / ``excluded_per_township``, and ``basis_text`` /
  ``total_note`` say so in one line.  Every public function takes ``states``
  (``None``: every state), so reports, Excel and the dashboard share the rule;

- a *record* is a visit, extension or training row that is not deleted;
- a village is *served* in a period when it has at least one record dated in
  the period; *服务空白村* (unserved) are villages in scope with none.  A
  village is *in the program* when it is poor or has a specialist assigned;
  the township summary lists only unserved villages in the program (the
  others have nobody to visit them), the dashboard flags them;
- a specialist is *on duty* in a period when an assignment overlaps it;
- *days in villages* counts distinct dates on which a specialist has a record;
- on-site trainings have mode ``onsite``, online ones ``livestream``/``replay``.

Public functions (names are stable; the GUI calls them):

``period_totals(store, scope, date_from, date_to) -> dict``
    headline sums: visits, visit_days, households/people served, villages
    served, trainings (on-site / online), attendees, online viewers, hours,
    extension records, techniques, varieties, demonstration / promoted area,
    households adopting, income increase.
``coverage(store, scope, date_from, date_to) -> dict``
    specialists on duty, villages / poor villages, poor villages with an
    assigned specialist and with records (counts and percentages).
``per_specialist(store, scope, date_from, date_to) -> list[dict[str, Any]]``
``per_village(store, scope, date_from, date_to) -> list[dict[str, Any]]``
``per_township(store, scope, date_from, date_to) -> list[dict[str, Any]]``
``per_county(store, scope, date_from, date_to, townships=None) -> list[dict[str, Any]]``
    sums of ``per_township`` rows (pass them if already computed).
``assigned_specialists(store, scope, date_from, date_to) -> int``
``unserved_villages(store, scope, date_from, date_to, poor_only=False) -> list[dict[str, Any]]``
``villages_without_visit(store, scope, days, today, in_program_only=False) -> list[dict[str, Any]]``
    服务空白村 of the last ``days`` days (no record in ``(today-days, today]``);
    rows say ``in_program`` (poor, or a specialist assigned today).
``review_counts(store, scope, date_from, date_to) -> dict``
    ``{kind: {state: n}}`` plus ``"total": {state: n}``.
``monthly_trend(store, scope, date_from, date_to) -> list[dict[str, Any]]``
``per_industry(store, scope, date_from, date_to) -> list[dict[str, Any]]``
``specialist_profile(store, specialist_id, date_from, date_to) -> dict | None``
``specialist_entries(store, specialist_id, date_from, date_to) -> list[dict[str, Any]]``
``last_import(store) -> str | None``
``dashboard(store, scope, today, in_program_only=False) -> dict``
    ``{"today", "month_start", "this_month": {kind: n}, "villages": n,
    "villages_in_program": n, "gap_villages": {30|60|90: [{"id", "name", "code",
    "township", "is_poor", "in_program", "last_service"}]}, "returned": n,
    "open_conflicts": n, "last_import", "counted_states", "this_month_not_counted": {state: n},
    "basis": one line for the page}``; with ``in_program_only`` the gap
    lists leave out villages nobody is meant to serve.
``open_conflicts(store, scope) -> int``
``excluded_counts(store, scope, date_from, date_to) -> {state: n}``
``excluded_records(...)``, ``excluded_per_township(...)`` -> list[dict[str, Any]]
``basis_text(excluded, states)``, ``total_note(excluded, states)`` -> str

Rows are plain dicts; ``per_*`` rows carry ``id``, ``name`` and the counts
named as in ``period_totals`` (visits, trainings, attendees, online_viewers,
techniques, varieties, demo_area_mu, promoted_area_mu, households_adopting …).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .. import i18n
from ..domain.entities import RECORD_KINDS
from ..domain.enums import INDUSTRIES
from ..scope import Scope
from ..store import Store

ONLINE_MODES = ("livestream", "replay")
GAP_DAYS = (30, 60, 90)

DateLike = _dt.date | str
States = Sequence[str] | None

# The counting rule of every figure: a record counts once it is submitted for
# review or approved.  Drafts (not yet handed in) and returned records (sent
# back for correction) are left out and reported separately with their number.
COUNTED_STATES: tuple[str, ...] = ("submitted", "approved")


def iso(day: DateLike) -> str:
    if isinstance(day, _dt.datetime):
        return day.date().isoformat()
    if isinstance(day, _dt.date):
        return day.isoformat()
    return _dt.date.fromisoformat(str(day)).isoformat()


# A whole-database query over a longer period than this scans the table (see ``_records``).
INDEXED_PERIOD_DAYS = 92


def _wide(date_from: DateLike | None, date_to: DateLike | None) -> bool:
    """Whether a period is long enough that reading the whole table beats the date index."""
    if date_from is None or date_to is None:
        return True
    days = (_dt.date.fromisoformat(iso(date_to)) - _dt.date.fromisoformat(iso(date_from))).days
    return days > INDEXED_PERIOD_DAYS


def counted_clause(states: Sequence[str] = COUNTED_STATES) -> tuple[str, list[str]]:
    """The counting rule as SQL over a record table: its review state is one of ``states``
    (a record with none is a draft).  Reports, the dashboard and the lists all count by it."""
    return f"coalesce(review_state, 'draft') IN ({','.join('?' * len(states))})", list(states)


def _records(
    kind: str,
    scope: Scope,
    date_from: DateLike | None,
    date_to: DateLike | None,
    where: str = "",
    states: States = COUNTED_STATES,
) -> tuple[str, list[Any]]:
    """A subquery of one record table's live rows in the scope and period.

    Only rows in a review state of ``states`` (None: every state) are counted."""
    assert kind in RECORD_KINDS
    scope_sql, scope_params = scope.record_filter()
    # The unary "+" keeps SQLite off the (deleted, date) and (date) indexes, which
    # would walk every row of the period one index lookup at a time: a narrow
    # scope then uses (specialist_id, date) / (village_id, date), and a whole-database
    # query over more than a season scans the table (about four times less work per
    # row than an index lookup; a province report over a year: 1.6 s → 0.4 s of CPU
    # per query).  A short period (this month, a quarter) still uses the date index.
    # (No ANALYZE statistics here.)
    plus = "+" if scope.kind != "all" or _wide(date_from, date_to) else ""
    clauses, params = [f"{plus}deleted = 0"], []
    if date_from is not None:
        clauses.append(f"{plus}date >= ?")
        params.append(iso(date_from))
    if date_to is not None:
        clauses.append(f"{plus}date <= ?")
        params.append(iso(date_to))
    clauses.append(f"({scope_sql})")
    params += scope_params
    if states is not None:
        state_sql, state_params = counted_clause(states)
        clauses.append(state_sql)
        params += state_params
    if where:
        clauses.append(f"({where})")
    return f"(SELECT * FROM [{kind}] WHERE {' AND '.join(clauses)})", params


def _villages(scope: Scope, poor_only: bool = False) -> tuple[str, list[Any]]:
    """A subquery of the live villages in the scope."""
    scope_sql, params = scope.village_filter("id")
    extra = " AND is_poor = 1" if poor_only else ""
    return (
        f"(SELECT * FROM org_unit WHERE deleted = 0 AND level = 'village'{extra} AND ({scope_sql}))",
        list(params),
    )


def _active_assignments(date_from: DateLike, date_to: DateLike) -> tuple[str, list[Any]]:
    return (
        (
            "(SELECT * FROM assignment WHERE deleted = 0 AND start_date <= ?"
            " AND (end_date IS NULL OR end_date = '' OR end_date >= ?)"
            " AND specialist_id IN (SELECT id FROM specialist WHERE deleted = 0))"
        ),
        [iso(date_to), iso(date_from)],
    )


def _specialists(scope: Scope) -> tuple[str, list[Any]]:
    """Specialists in the scope: assigned to its villages, or belonging to its stations."""
    if scope.kind == "all":
        return "(SELECT * FROM specialist WHERE deleted = 0)", []
    if scope.kind == "specialist":
        return "(SELECT * FROM specialist WHERE deleted = 0 AND id = ?)", [scope.specialist_id]
    assigned, params = scope.specialist_filter("id")
    if scope.kind == "township":
        own, own_params = "org_id = ?", [scope.org_id]
    else:
        own = "org_id IN (SELECT id FROM org_unit WHERE parent_id = ? AND deleted = 0)"
        own_params = [scope.org_id]
    return (
        f"(SELECT * FROM specialist WHERE deleted = 0 AND (({assigned}) OR {own}))",
        [*params, *own_params],
    )


def _one(store: Store, sql: str, params: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(store.conn.execute(sql, list(params)).fetchone())


def _num(value: Any) -> float | int:
    return value if value is not None else 0


# --------------------------------------------------------------- headline
def period_totals(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> dict[str, Any]:
    visit, vp = _records("visit", scope, date_from, date_to, states=states)
    ext, ep = _records("extension", scope, date_from, date_to, states=states)
    tr, tp = _records("training", scope, date_from, date_to, states=states)
    v = _one(
        store,
        f"SELECT count(*), sum(households_served), sum(people_served) FROM {visit}",
        vp,
    )
    e = _one(
        store,
        f"SELECT count(*), sum(ext_type = 'technique'), sum(ext_type = 'variety'),"
        f" sum(demo_area_mu), sum(promoted_area_mu), sum(households_adopting),"
        f" sum(income_increase_yuan) FROM {ext}",
        ep,
    )
    online = ",".join("?" * len(ONLINE_MODES))
    t = _one(
        store,
        f"SELECT count(*), sum(mode = 'onsite'), sum(mode IN ({online})), sum(attendees),"
        f" sum(online_viewers), sum(hours), sum(poor_households), sum(materials),"
        f" sum(CASE WHEN mode = 'onsite' THEN attendees END),"
        f" sum(CASE WHEN mode IN ({online}) THEN attendees END) FROM {tr}",
        [*ONLINE_MODES, *ONLINE_MODES, *tp],
    )
    # Distinct villages and specialist-days in one pass: cheaper in Python sets
    # than two DISTINCT sorts over every record of a city.
    villages: set[str] = set()
    day_keys: set[tuple[str, str]] = set()
    visit_keys: set[tuple[str, str]] = set()
    for is_visit, village_id, specialist_id, day in store.conn.execute(
        f"SELECT 1, village_id, specialist_id, date FROM {visit}"
        f" UNION ALL SELECT 0, village_id, specialist_id, date FROM {ext}"
        f" UNION ALL SELECT 0, village_id, specialist_id, date FROM {tr}",
        [*vp, *ep, *tp],
    ):
        villages.add(village_id)
        day_keys.add((specialist_id, day))
        if is_visit:
            visit_keys.add((specialist_id, day))
    served, days = len(villages), len(day_keys)
    return {
        "visits": v[0],
        "households_served": _num(v[1]),
        "people_served": _num(v[2]),
        "visit_days": len(visit_keys),
        "days_in_villages": days,
        "villages_served": served,
        "extensions": e[0],
        "techniques": _num(e[1]),
        "varieties": _num(e[2]),
        "demo_area_mu": float(_num(e[3])),
        "promoted_area_mu": float(_num(e[4])),
        "households_adopting": _num(e[5]),
        "income_increase_yuan": float(_num(e[6])),
        "trainings": t[0],
        "trainings_onsite": _num(t[1]),
        "trainings_online": _num(t[2]),
        "attendees": _num(t[3]),
        "online_viewers": _num(t[4]),
        "training_hours": float(_num(t[5])),
        "poor_households_trained": _num(t[6]),
        "materials": _num(t[7]),
        "attendees_onsite": _num(t[8]),
        "attendees_online": _num(t[9]),
        "records": v[0] + e[0] + t[0],
    }


def _served_villages_sql(
    scope: Scope, date_from: DateLike, date_to: DateLike, states: States = COUNTED_STATES
) -> tuple[str, list[Any]]:
    parts, params = [], []
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, date_from, date_to, states=states)
        parts.append(f"SELECT village_id FROM {sub}")
        params += p
    return " UNION ".join(parts), params


def coverage(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> dict[str, Any]:
    villages, vp = _villages(scope)
    assign, ap = _active_assignments(date_from, date_to)
    specialists, sp = _specialists(scope)
    served, sv = _served_villages_sql(scope, date_from, date_to, states=states)
    # Each set once (the served villages are a pass over every record in scope).
    row = _one(
        store,
        f"WITH assigned AS (SELECT village_id FROM {assign}), served AS ({served})"
        f" SELECT count(*), sum(is_poor = 1),"
        f" sum(is_poor = 1 AND id IN (SELECT village_id FROM assigned)),"
        f" sum(is_poor = 1 AND id IN (SELECT village_id FROM served)),"
        f" sum(id IN (SELECT village_id FROM assigned)),"
        f" sum(id IN (SELECT village_id FROM served))"
        f" FROM {villages}",
        [*ap, *sv, *vp],
    )
    on_duty = _one(
        store,
        f"SELECT count(*) FROM {specialists} WHERE id IN (SELECT specialist_id FROM {assign})",
        [*sp, *ap],
    )[0]
    total = _one(store, f"SELECT count(*) FROM {specialists}", sp)[0]
    villages_n, poor = row[0], _num(row[1])

    def pct(part: float, whole: float) -> float:
        return round(100.0 * part / whole, 1) if whole else 0.0

    return {
        "specialists": total,
        "specialists_on_duty": on_duty,
        "villages": villages_n,
        "poor_villages": poor,
        "villages_assigned": _num(row[4]),
        "villages_served": _num(row[5]),
        "poor_villages_assigned": _num(row[2]),
        "poor_villages_served": _num(row[3]),
        "poor_assigned_pct": pct(_num(row[2]), poor),
        "poor_served_pct": pct(_num(row[3]), poor),
        "villages_served_pct": pct(_num(row[5]), villages_n),
    }


# -------------------------------------------------------------- per entity
def per_specialist(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """One row per specialist in scope (name order), zeros included."""
    specialists, sp = _specialists(scope)
    visit, vp = _records("visit", scope, date_from, date_to, states=states)
    ext, ep = _records("extension", scope, date_from, date_to, states=states)
    tr, tp = _records("training", scope, date_from, date_to, states=states)
    assign, ap = _active_assignments(date_from, date_to)
    online = ",".join("?" * len(ONLINE_MODES))
    sql = f"""
    WITH v AS (SELECT specialist_id sid, count(*) visits, sum(households_served) hh,
                      sum(people_served) people FROM {visit} GROUP BY specialist_id),
         e AS (SELECT specialist_id sid, count(*) extensions, sum(ext_type = 'technique') tech,
                      sum(ext_type = 'variety') var, sum(demo_area_mu) demo,
                      sum(promoted_area_mu) promoted, sum(households_adopting) adopting
               FROM {ext} GROUP BY specialist_id),
         t AS (SELECT specialist_id sid, count(*) trainings, sum(attendees) attendees,
                      sum(online_viewers) viewers, sum(mode IN ({online})) online,
                      sum(hours) hours FROM {tr} GROUP BY specialist_id),
         allrec AS (SELECT specialist_id, village_id, date FROM {visit}
                    UNION ALL SELECT specialist_id, village_id, date FROM {ext}
                    UNION ALL SELECT specialist_id, village_id, date FROM {tr}),
         d AS (SELECT specialist_id sid, count(DISTINCT date) days,
                      count(DISTINCT village_id) villages FROM allrec GROUP BY specialist_id),
         a AS (SELECT specialist_id sid, count(DISTINCT village_id) assigned FROM {assign}
               GROUP BY specialist_id)
    SELECT s.id, s.name, s.employer, s.title, s.org_id, o.name,
           v.visits, d.days, d.villages, t.trainings, t.attendees, t.viewers, t.online, t.hours,
           e.extensions, e.tech, e.var, e.demo, e.promoted, e.adopting, v.hh, v.people, a.assigned
    FROM {specialists} s
    LEFT JOIN org_unit o ON o.id = s.org_id
    LEFT JOIN v ON v.sid = s.id LEFT JOIN e ON e.sid = s.id LEFT JOIN t ON t.sid = s.id
    LEFT JOIN d ON d.sid = s.id LEFT JOIN a ON a.sid = s.id
    ORDER BY s.name, s.id
    """
    params = [*vp, *ep, *ONLINE_MODES, *tp, *vp, *ep, *tp, *ap, *sp]
    out = []
    for r in store.conn.execute(sql, params):
        out.append(
            {
                "id": r[0],
                "name": r[1] or "",
                "employer": r[2] or "",
                "title": r[3] or "",
                "org_id": r[4],
                "station": r[5] or "",
                "visits": _num(r[6]),
                "days_in_villages": _num(r[7]),
                "villages_served": _num(r[8]),
                "trainings": _num(r[9]),
                "attendees": _num(r[10]),
                "online_viewers": _num(r[11]),
                "trainings_online": _num(r[12]),
                "training_hours": float(_num(r[13])),
                "extensions": _num(r[14]),
                "techniques": _num(r[15]),
                "varieties": _num(r[16]),
                "demo_area_mu": float(_num(r[17])),
                "promoted_area_mu": float(_num(r[18])),
                "households_adopting": _num(r[19]),
                "households_served": _num(r[20]),
                "people_served": _num(r[21]),
                "villages_assigned": _num(r[22]),
            }
        )
    return out


def _assigned_names(
    store: Store, date_from: DateLike, date_to: DateLike, village_ids: Iterable[str] | None = None
) -> dict[str, str]:
    """village id -> names of specialists assigned in the period, joined with 、."""
    assign, ap = _active_assignments(date_from, date_to)
    names: dict[str, list[str]] = {}
    for vid, name in store.conn.execute(
        f"SELECT a.village_id, s.name FROM {assign} a JOIN specialist s ON s.id = a.specialist_id"
        " ORDER BY s.name",
        ap,
    ):
        lst = names.setdefault(vid, [])
        if name not in lst:
            lst.append(name)
    wanted = None if village_ids is None else set(village_ids)
    return {k: "、".join(v) for k, v in names.items() if wanted is None or k in wanted}


def per_village(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """One row per village in scope (township, then code order)."""
    villages, vlp = _villages(scope)
    visit, vp = _records("visit", scope, date_from, date_to, states=states)
    ext, ep = _records("extension", scope, date_from, date_to, states=states)
    tr, tp = _records("training", scope, date_from, date_to, states=states)
    last_visit, lp = _records("visit", scope, None, date_to, states=states)
    sql = f"""
    WITH v AS (SELECT village_id vid, count(*) n, sum(households_served) hh FROM {visit}
               GROUP BY village_id),
         e AS (SELECT village_id vid, count(*) n FROM {ext} GROUP BY village_id),
         t AS (SELECT village_id vid, count(*) n, sum(attendees) att FROM {tr} GROUP BY village_id),
         l AS (SELECT village_id vid, max(date) last FROM {last_visit} GROUP BY village_id)
    SELECT g.id, g.code, g.name, g.is_poor, tw.name, v.n, v.hh, e.n, t.n, t.att, l.last
    FROM {villages} g
    LEFT JOIN org_unit tw ON tw.id = g.parent_id
    LEFT JOIN v ON v.vid = g.id LEFT JOIN e ON e.vid = g.id LEFT JOIN t ON t.vid = g.id
    LEFT JOIN l ON l.vid = g.id
    ORDER BY tw.code, g.code, g.id
    """
    rows = store.conn.execute(sql, [*vp, *ep, *tp, *lp, *vlp]).fetchall()
    names = _assigned_names(store, date_from, date_to)
    out = []
    for r in rows:
        visits, exts, trs = _num(r[5]), _num(r[7]), _num(r[8])
        out.append(
            {
                "id": r[0],
                "code": r[1] or "",
                "name": r[2] or "",
                "is_poor": bool(r[3]),
                "township": r[4] or "",
                "specialists": names.get(r[0], ""),
                "visits": visits,
                "households_served": _num(r[6]),
                "extensions": exts,
                "trainings": trs,
                "attendees": _num(r[9]),
                "records": visits + exts + trs,
                "last_visit": r[10] or "",
            }
        )
    return out


def _per_org(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    level: str,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """Aggregate records by the township (or county) of their village."""
    villages, vlp = _villages(scope)
    if level == "township":
        group_of = "g.parent_id"
    else:
        group_of = "(SELECT parent_id FROM org_unit WHERE id = g.parent_id)"
    visit, vp = _records("visit", scope, date_from, date_to, states=states)
    ext, ep = _records("extension", scope, date_from, date_to, states=states)
    tr, tp = _records("training", scope, date_from, date_to, states=states)
    assign, ap = _active_assignments(date_from, date_to)
    served, sv = _served_villages_sql(scope, date_from, date_to, states=states)
    # CROSS JOIN: each record looks its village up (read in table order), rather than each
    # village walking its records through the (village_id, date) index one lookup at a time.
    sql = f"""
    WITH vg AS (SELECT g.id vid, g.is_poor poor, {group_of} org,
                       g.id IN (SELECT village_id FROM {assign}) assigned,
                       g.id IN ({served}) served FROM {villages} g),
         vs AS (SELECT org, count(*) villages, sum(poor = 1) poor, sum(assigned) assigned,
                       sum(served) served, sum(poor = 1 AND assigned) poor_assigned,
                       sum(poor = 1 AND served) poor_served FROM vg GROUP BY org),
         sp AS (SELECT vg.org org, count(DISTINCT a.specialist_id) specialists
                FROM {assign} a JOIN vg ON vg.vid = a.village_id GROUP BY vg.org),
         v AS (SELECT vg.org org, count(*) n, sum(r.households_served) hh
               FROM {visit} r CROSS JOIN vg ON vg.vid = r.village_id GROUP BY vg.org),
         e AS (SELECT vg.org org, count(*) n, sum(r.ext_type = 'technique') tech,
                      sum(r.ext_type = 'variety') var, sum(r.demo_area_mu) demo,
                      sum(r.promoted_area_mu) promoted, sum(r.households_adopting) adopting
               FROM {ext} r CROSS JOIN vg ON vg.vid = r.village_id GROUP BY vg.org),
         t AS (SELECT vg.org org, count(*) n, sum(r.attendees) att, sum(r.online_viewers) viewers
               FROM {tr} r CROSS JOIN vg ON vg.vid = r.village_id GROUP BY vg.org)
    SELECT o.id, o.code, o.name, p.name, vs.villages, vs.poor, vs.assigned, vs.served,
           vs.poor_assigned, vs.poor_served, sp.specialists, v.n, v.hh, t.n, t.att, t.viewers,
           e.n, e.tech, e.var, e.demo, e.promoted, e.adopting, o.parent_id, p.code
    FROM vs JOIN org_unit o ON o.id = vs.org LEFT JOIN org_unit p ON p.id = o.parent_id
    LEFT JOIN sp ON sp.org = vs.org LEFT JOIN v ON v.org = vs.org
    LEFT JOIN e ON e.org = vs.org LEFT JOIN t ON t.org = vs.org
    ORDER BY p.code, o.code, o.id
    """
    params = [*ap, *sv, *vlp, *ap, *vp, *ep, *tp]
    out = []
    for r in store.conn.execute(sql, params):
        out.append(
            {
                "id": r[0],
                "code": r[1] or "",
                "name": r[2] or "",
                "parent": r[3] or "",
                "parent_id": r[22],
                "parent_code": r[23] or "",
                "villages": _num(r[4]),
                "poor_villages": _num(r[5]),
                "villages_assigned": _num(r[6]),
                "villages_served": _num(r[7]),
                "poor_villages_assigned": _num(r[8]),
                "poor_villages_served": _num(r[9]),
                "specialists": _num(r[10]),
                "visits": _num(r[11]),
                "households_served": _num(r[12]),
                "trainings": _num(r[13]),
                "attendees": _num(r[14]),
                "online_viewers": _num(r[15]),
                "extensions": _num(r[16]),
                "techniques": _num(r[17]),
                "varieties": _num(r[18]),
                "demo_area_mu": float(_num(r[19])),
                "promoted_area_mu": float(_num(r[20])),
                "households_adopting": _num(r[21]),
            }
        )
    return out


def assigned_specialists(store: Store, scope: Scope, date_from: DateLike, date_to: DateLike) -> int:
    """Distinct specialists with an assignment to a village in scope during the period.

    The total of ``per_township``/``per_county`` "specialists" columns (a person
    assigned in two townships is counted once).
    """
    villages, vp = _villages(scope)
    assign, ap = _active_assignments(date_from, date_to)
    return int(
        _one(
            store,
            f"SELECT count(DISTINCT specialist_id) FROM {assign} WHERE village_id IN (SELECT id FROM {villages})",
            [*ap, *vp],
        )[0]
    )


def per_township(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """One row per township having villages in scope; records counted by their village."""
    return _per_org(store, scope, date_from, date_to, "township", states=states)


def per_county(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    townships: list[dict[str, Any]] | None = None,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """One row per county having villages in scope; records counted by their village.

    Sums of ``per_township`` rows (pass them as ``townships`` if already at
    hand), with specialists counted once per county.
    """
    if townships is None:
        townships = per_township(store, scope, date_from, date_to, states=states)
    counties: dict[str, dict[str, Any]] = {}
    for t in townships:
        row = counties.get(t["parent_id"])
        if row is None:
            row = counties[t["parent_id"]] = {
                "id": t["parent_id"],
                "code": t["parent_code"],
                "name": t["parent"],
                "parent": "",
                "parent_id": None,
                "parent_code": "",
            }
        for key, value in t.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                row[key] = row.get(key, 0) + value
    villages, vp = _villages(scope)
    assign, ap = _active_assignments(date_from, date_to)
    sql = (
        f"SELECT t.parent_id, count(DISTINCT a.specialist_id) FROM {assign} a"
        f" JOIN {villages} g ON g.id = a.village_id JOIN org_unit t ON t.id = g.parent_id"
        " GROUP BY t.parent_id"
    )
    for county_id, n in store.conn.execute(sql, [*ap, *vp]):
        if county_id in counties:
            counties[county_id]["specialists"] = n
    return sorted(counties.values(), key=lambda r: (r["code"], r["id"] or ""))


def _last_service(
    store: Store, scope: Scope, until: DateLike, states: States = COUNTED_STATES
) -> dict[str, str]:
    parts, params = [], []
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, None, until, states=states)
        # "+village_id": group with a temporary B-tree over the rows read, instead of walking
        # the whole table in (village_id, date) index order (5x the work at province scale).
        parts.append(f"SELECT village_id, max(date) d FROM {sub} GROUP BY +village_id")
        params += p
    sql = f"SELECT village_id, max(d) FROM ({' UNION ALL '.join(parts)}) GROUP BY village_id"
    return {vid: d for vid, d in store.conn.execute(sql, params)}


def _village_list(
    store: Store,
    scope: Scope,
    poor_only: bool = False,
    program: tuple[DateLike, DateLike] | None = None,
) -> list[dict[str, Any]]:
    """Villages in scope.  With ``program=(from, to)`` each row says whether the
    village is ``in_program``: poor, or with a specialist assigned in that period
    (the villages meant to be served)."""
    villages, vp = _villages(scope, poor_only)
    flag, fp = "0", list[Any]()
    if program is not None:
        assign, fp = _active_assignments(*program)
        flag = f"(g.is_poor = 1 OR g.id IN (SELECT village_id FROM {assign}))"
    sql = (
        f"SELECT g.id, g.code, g.name, g.is_poor, g.exit_year, tw.name, ct.name, {flag}"
        f" FROM {villages} g"
        " LEFT JOIN org_unit tw ON tw.id = g.parent_id LEFT JOIN org_unit ct ON ct.id = tw.parent_id"
        " ORDER BY ct.code, tw.code, g.code, g.id"
    )
    return [
        {
            "id": r[0],
            "code": r[1] or "",
            "name": r[2] or "",
            "is_poor": bool(r[3]),
            "exit_year": r[4],
            "township": r[5] or "",
            "county": r[6] or "",
            "in_program": bool(r[7]),
        }
        for r in store.conn.execute(sql, [*fp, *vp])
    ]


def unserved_villages(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    poor_only: bool = False,
    in_program_only: bool = False,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """Villages in scope without any record in the period (服务空白村).

    ``in_program_only``: only poor villages and villages with a specialist
    assigned in the period (a village nobody is meant to serve is no gap).
    """
    # A village was served in the period when its last service up to the period's end
    # falls in the period: one pass over the records gives both.
    last = _last_service(store, scope, date_to, states=states)
    start = iso(date_from)
    rows = [
        v
        for v in _village_list(store, scope, poor_only, (date_from, date_to))
        if last.get(v["id"], "") < start and (v["in_program"] or not in_program_only)
    ]
    names = _assigned_names(store, date_from, date_to)
    for v in rows:
        v["last_service"] = last.get(v["id"], "")
        v["specialists"] = names.get(v["id"], "")
    return rows


def villages_without_visit(
    store: Store,
    scope: Scope,
    days: int,
    today: DateLike,
    in_program_only: bool = False,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """Villages in scope with no record in the ``days`` days up to ``today`` (inclusive).

    Rows say ``in_program`` (poor, or a specialist assigned today);
    ``in_program_only`` leaves out the villages nobody is meant to serve.
    """
    end = _dt.date.fromisoformat(iso(today))
    start = end - _dt.timedelta(days=days - 1)
    last = _last_service(store, scope, end, states=states)
    out = []
    for v in _village_list(store, scope, program=(end, end)):
        if in_program_only and not v["in_program"]:
            continue
        seen = last.get(v["id"])
        if seen is None or seen < start.isoformat():
            v["last_service"] = seen or ""
            v["days_since"] = (end - _dt.date.fromisoformat(seen)).days if seen else None
            out.append(v)
    return out


def review_counts(
    store: Store, scope: Scope, date_from: DateLike, date_to: DateLike
) -> dict[str, Any]:
    from ..domain.enums import REVIEW_STATES

    codes = REVIEW_STATES.codes()
    out: dict[str, dict[str, int]] = {}
    total = dict.fromkeys(codes, 0)
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, date_from, date_to, states=None)
        counts = dict.fromkeys(codes, 0)
        for state, n in store.conn.execute(
            f"SELECT coalesce(review_state, 'draft'), count(*) FROM {sub} GROUP BY 1", p
        ):
            counts[state] = counts.get(state, 0) + n
            total[state] = total.get(state, 0) + n
        out[kind] = counts
    out["total"] = total
    return out


# ------------------------------------------------------------ counting rule
i18n.register(
    {
        "stats.basis": ("统计口径：计入{counted}的记录", "Counted: records {counted}"),
        "stats.basis_excluded": ("；{when}未计入{excluded}", "; not counted{when}: {excluded}"),
        "stats.basis_none_excluded": ("；{when}没有未计入的记录", "; no records left out{when}"),
        "stats.when_period": ("本期", " in this period"),
        "stats.when_month": ("本月", " this month"),
        "stats.state_count": ("{state} {n} 条", "{n} {state}"),
        "stats.note": (
            "注：以上合计只计入{counted}的记录{rest}。",
            "Note: the totals above count only records {counted}{rest}.",
        ),
        "stats.note_all": (
            "注：以上合计计入所有审核状态的记录。",
            "Note: the totals above count records in every review state.",
        ),
        "stats.note_excluded": ("，另有{excluded}未计入", "; {excluded} are not counted"),
        "stats.and": ("、", ", "),
        "stats.all_states": ("所有审核状态", "in every review state"),
    }
)


def _state_names(states: Sequence[str], language: str | None) -> str:
    from ..domain.enums import REVIEW_STATES

    lang = language or i18n.get_language()
    if not states:
        return i18n.t("stats.all_states", lang)
    names = [REVIEW_STATES.label(s, lang) for s in states]
    if lang != "zh_CN":
        names = [n.lower() for n in names]
        return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return i18n.t("stats.and", lang).join(names)


def counted_names(states: States = COUNTED_STATES, language: str | None = None) -> str:
    """The review states a figure counts, named as the notes name them ("已提交、已审核")."""
    return _state_names(states or [], language)


def not_counted_states(states: States = COUNTED_STATES) -> list[str]:
    """The review states a figure leaves out, in the enumeration's order."""
    from ..domain.enums import REVIEW_STATES

    return [] if states is None else [s for s in REVIEW_STATES.codes() if s not in states]


def excluded_counts(
    store: Store,
    scope: Scope,
    date_from: DateLike | None,
    date_to: DateLike | None,
    states: States = COUNTED_STATES,
) -> dict[str, int]:
    """Records in scope and period left out of the figures, per review state (zeros included)."""
    left_out = not_counted_states(states)
    out = dict.fromkeys(left_out, 0)
    if not left_out:
        return out
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, date_from, date_to, states=left_out)
        for state, n in store.conn.execute(
            f"SELECT coalesce(review_state, 'draft'), count(*) FROM {sub} GROUP BY 1", p
        ):
            out[state] = out.get(state, 0) + n
    return out


def _excluded_text(excluded: dict[str, int], language: str | None) -> str:
    from ..domain.enums import REVIEW_STATES

    lang = language or i18n.get_language()
    parts = [
        i18n.t(
            "stats.state_count",
            lang,
            state=REVIEW_STATES.label(state, lang)
            if lang == "zh_CN"
            else REVIEW_STATES.label(state, lang).lower(),
            n=f"{n:,}",
        )
        for state, n in excluded.items()
        if n
    ]
    return i18n.t("stats.and", lang).join(parts)


def basis_text(
    excluded: dict[str, int],
    states: States = COUNTED_STATES,
    language: str | None = None,
    month: bool = False,
) -> str:
    """One line saying which review states the figures count and how many records they leave
    out: "统计口径：计入已提交、已审核的记录；本期未计入草稿 12 条、已退回 8 条" (``month``: 本月)."""
    counted = _state_names(states or [], language)
    text = i18n.t("stats.basis", language, counted=counted)
    if states is None:
        return text
    when = i18n.t("stats.when_month" if month else "stats.when_period", language)
    left = _excluded_text(excluded, language)
    return text + (
        i18n.t("stats.basis_excluded", language, excluded=left, when=when)
        if left
        else i18n.t("stats.basis_none_excluded", language, when=when)
    )


def total_note(
    excluded: dict[str, int], states: States = COUNTED_STATES, language: str | None = None
) -> str:
    """The footnote under a total: which states it counts and what it leaves out."""
    if states is None:
        return i18n.t("stats.note_all", language)
    left = _excluded_text(excluded, language)
    rest = i18n.t("stats.note_excluded", language, excluded=left) if left else ""
    return i18n.t("stats.note", language, counted=_state_names(states, language), rest=rest)


def excluded_records(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """The records the figures leave out (drafts, returned …), by state then date: kind, id,
    date, review_state, review_comment, village, township, specialist."""
    left_out = not_counted_states(states)
    if not left_out:
        return []
    order = {s: i for i, s in enumerate(left_out)}
    out = []
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, date_from, date_to, states=left_out)
        for r in store.conn.execute(
            f"SELECT r.id, r.date, coalesce(r.review_state, 'draft'), r.review_comment, g.name,"
            f" tw.name, s.name FROM {sub} r LEFT JOIN org_unit g ON g.id = r.village_id"
            " LEFT JOIN org_unit tw ON tw.id = g.parent_id"
            " LEFT JOIN specialist s ON s.id = r.specialist_id",
            p,
        ):
            out.append(
                {
                    "kind": kind,
                    "id": r[0],
                    "date": r[1] or "",
                    "review_state": r[2],
                    "review_comment": r[3] or "",
                    "village": r[4] or "",
                    "township": r[5] or "",
                    "specialist": r[6] or "",
                }
            )
    rank = {k: i for i, k in enumerate(RECORD_KINDS)}
    out.sort(key=lambda r: (order.get(r["review_state"], 99), r["date"], rank[r["kind"]], r["id"]))
    return out


def excluded_per_township(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """Per township (of the record's village): how many records the figures leave out, per state.
    Rows: id, name, county, one count per left-out state, ``total``; townships with none omitted."""
    left_out = not_counted_states(states)
    rows: dict[str, dict[str, Any]] = {}
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, date_from, date_to, states=left_out)
        for tid, name, county, code, state, n in store.conn.execute(
            f"SELECT tw.id, tw.name, ct.name, tw.code, coalesce(r.review_state, 'draft'), count(*)"
            f" FROM {sub} r JOIN org_unit g ON g.id = r.village_id"
            " JOIN org_unit tw ON tw.id = g.parent_id LEFT JOIN org_unit ct ON ct.id = tw.parent_id"
            " GROUP BY 1, 5",
            p,
        ):
            row = rows.setdefault(
                tid,
                {
                    "id": tid,
                    "name": name or "",
                    "county": county or "",
                    "code": code or "",
                    **dict.fromkeys(left_out, 0),
                    "total": 0,
                },
            )
            row[state] = row.get(state, 0) + n
            row["total"] += n
    return sorted(rows.values(), key=lambda r: (r["code"], r["id"]))


def _months(date_from: DateLike, date_to: DateLike) -> list[str]:
    start = _dt.date.fromisoformat(iso(date_from)).replace(day=1)
    end = _dt.date.fromisoformat(iso(date_to))
    out = []
    while start <= end:
        out.append(start.strftime("%Y-%m"))
        start = (start + _dt.timedelta(days=32)).replace(day=1)
    return out


def monthly_trend(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """Records per month (every month of the period, zeros included)."""
    rows: dict[str, dict[str, Any]] = {
        m: {"month": m, "visits": 0, "extensions": 0, "trainings": 0}
        for m in _months(date_from, date_to)
    }
    for kind, key in (("visit", "visits"), ("extension", "extensions"), ("training", "trainings")):
        sub, p = _records(kind, scope, date_from, date_to, states=states)
        for month, n in store.conn.execute(
            f"SELECT substr(date, 1, 7), count(*) FROM {sub} GROUP BY 1", p
        ):
            if month in rows:
                rows[month][key] = n
    for r in rows.values():
        r["records"] = r["visits"] + r["extensions"] + r["trainings"]
    return list(rows.values())


def per_industry(
    store: Store,
    scope: Scope,
    date_from: DateLike,
    date_to: DateLike,
    language: str = "zh_CN",
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """Records per industry in the enumeration's order; industries with no records omitted."""
    counts: dict[str, dict[str, Any]] = {}
    for kind, key in (("visit", "visits"), ("extension", "extensions"), ("training", "trainings")):
        sub, p = _records(kind, scope, date_from, date_to, states=states)
        for industry, n in store.conn.execute(
            f"SELECT industry, count(*) FROM {sub} GROUP BY 1", p
        ):
            code = industry or "other"
            row = counts.setdefault(code, {"visits": 0, "extensions": 0, "trainings": 0})
            row[key] += n
    return industry_rows(counts, language)


def industry_rows(counts: dict[str, dict[str, int]], language: str) -> list[dict[str, Any]]:
    """Per-industry rows from counts per kind: in the enumeration's order, with their total."""
    order = {c: i for i, c in enumerate(INDUSTRIES.codes())}
    out = []
    for code in sorted(counts, key=lambda c: (order.get(c, len(order)), c)):
        row = counts[code]
        out.append(
            {
                "industry": code,
                "label": INDUSTRIES.label(code, language),
                **row,
                "records": row["visits"] + row["extensions"] + row["trainings"],
            }
        )
    return out


# ------------------------------------------------------------ specialist log
def specialist_profile(
    store: Store, specialist_id: str, date_from: DateLike, date_to: DateLike
) -> dict[str, Any] | None:
    row = store.get("specialist", specialist_id)
    if row is None:
        return None
    assign, ap = _active_assignments(date_from, date_to)
    villages = [
        {"id": r[0], "name": r[1] or "", "township": r[2] or "", "code": r[3] or ""}
        for r in store.conn.execute(
            f"SELECT DISTINCT g.id, g.name, tw.name, g.code FROM {assign} a"
            " JOIN org_unit g ON g.id = a.village_id LEFT JOIN org_unit tw ON tw.id = g.parent_id"
            " WHERE a.specialist_id = ? ORDER BY g.code",
            [*ap, specialist_id],
        )
    ]
    station = store.get("org_unit", row["org_id"]) if row.get("org_id") else None
    return {**row, "station": station["name"] if station else "", "villages": villages}


def specialist_entries(
    store: Store,
    specialist_id: str,
    date_from: DateLike,
    date_to: DateLike,
    states: States = COUNTED_STATES,
) -> list[dict[str, Any]]:
    """The specialist's records in date order: ``{"kind": ..., **row, "village": name}``."""
    scope = Scope("specialist", specialist_id=specialist_id)
    out = []
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, date_from, date_to, states=states)
        cur = store.conn.execute(
            f"SELECT r.*, g.name AS village_name FROM {sub} r"
            " LEFT JOIN org_unit g ON g.id = r.village_id",
            p,
        )
        cols = [d[0] for d in cur.description]
        for values in cur:
            row = dict(zip(cols, values, strict=True))
            row["kind"] = kind
            out.append(row)
    rank = {k: i for i, k in enumerate(RECORD_KINDS)}
    out.sort(key=lambda r: (r["date"] or "", rank[r["kind"]], r["created_stamp"] or "", r["id"]))
    return out


# ------------------------------------------------------------------- misc
def last_import(store: Store) -> str | None:
    """When this node last imported a package (``bundles``, direction 'in'); None if never."""
    row = store.conn.execute("SELECT max(at) FROM bundles WHERE direction = 'in'").fetchone()
    return row[0] if row and row[0] else None


def open_conflicts(store: Store, scope: Scope) -> int:
    """Unresolved conflicts on records in scope (and on the roster for county/city nodes)."""
    scope_sql, params = scope.record_filter()
    n = 0
    for kind in RECORD_KINDS:
        # Conflicts are few: check each one against the scope by primary key.
        n += _one(
            store,
            f"SELECT count(*) FROM conflicts c WHERE c.entity = ? AND EXISTS (SELECT 1 FROM [{kind}]"
            f" WHERE id = c.record_id AND deleted = 0 AND ({scope_sql}))",
            [kind, *params],
        )[0]
    if scope.kind in ("all", "county"):
        marks = ",".join("?" * len(RECORD_KINDS))
        n += _one(
            store, f"SELECT count(*) FROM conflicts WHERE entity NOT IN ({marks})", RECORD_KINDS
        )[0]
    return n


def dashboard(
    store: Store,
    scope: Scope,
    today: DateLike,
    in_program_only: bool = False,
    states: States = COUNTED_STATES,
) -> dict[str, Any]:
    """What the desktop's start page shows for ``scope`` on ``today``."""
    end = _dt.date.fromisoformat(iso(today))
    month_start = end.replace(day=1)
    this_month = {}
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, month_start, end, states=states)
        this_month[kind] = _one(store, f"SELECT count(*) FROM {sub}", p)[0]
    last = _last_service(store, scope, end, states=states)
    villages = _village_list(store, scope, program=(end, end))
    return _board(store, scope, end, this_month, villages, last, in_program_only, states)


def _board(
    store: Store,
    scope: Scope,
    end: _dt.date,
    this_month: dict[str, int],
    villages: list[dict[str, Any]],
    last: dict[str, str],
    in_program_only: bool,
    states: States,
) -> dict[str, Any]:
    """The start page's figures both ``dashboard`` and ``dashboard_figures`` give: villages
    without service per gap, records returned, what this month leaves out, conflicts."""
    month_start = end.replace(day=1)
    candidates = [v for v in villages if v["in_program"] or not in_program_only]
    gaps: dict[int, list[dict[str, Any]]] = {}
    for days in GAP_DAYS:
        start = (end - _dt.timedelta(days=days - 1)).isoformat()
        gaps[days] = [
            {
                "id": v["id"],
                "name": v["name"],
                "code": v["code"],
                "township": v["township"],
                "is_poor": v["is_poor"],
                "in_program": v["in_program"],
                "last_service": last.get(v["id"], ""),
            }
            for v in candidates
            if (last.get(v["id"]) or "") < start
        ]
    returned = 0
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, None, None, "review_state = 'returned'", states=None)
        returned += _one(store, f"SELECT count(*) FROM {sub}", p)[0]
    left_out = excluded_counts(store, scope, month_start, end, states=states)
    return {
        "today": end.isoformat(),
        "month_start": month_start.isoformat(),
        "this_month": this_month,
        "counted_states": list(states) if states is not None else None,
        "this_month_not_counted": left_out,
        "basis": basis_text(left_out, states, month=True),
        "villages": len(villages),
        "villages_in_program": sum(1 for v in villages if v["in_program"]),
        "gap_villages": gaps,
        "returned": returned,
        "open_conflicts": open_conflicts(store, scope),
        "last_import": last_import(store),
    }


# ------------------------------------------------------- dashboard, one pass
# (village id, specialist id, records this year, records this month, latest date): one per
# village and specialist with records in the period read, summed over the record kinds' rows
_Pair = tuple[str | None, str | None, int, int, str]


def _last_service_before(
    store: Store,
    scope: Scope,
    village_ids: Sequence[str],
    before: DateLike,
    states: States = COUNTED_STATES,
) -> dict[str, str]:
    """The latest counted record date before ``before`` of each village in ``village_ids``:
    one walk down the (village, date) index per village, not a scan of every record."""
    out: dict[str, str] = {}
    if not village_ids:
        return out
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, None, None, "date < ?", states=states)
        sql = (
            f"SELECT g.value, (SELECT r.date FROM {sub} r WHERE r.village_id = g.value"
            " ORDER BY r.date DESC LIMIT 1) FROM json_each(?) g"
        )
        for vid, day in store.conn.execute(sql, [*p, iso(before), json.dumps(list(village_ids))]):
            if day and day > out.get(vid, ""):
                out[vid] = day
    return out


def dashboard_figures(
    store: Store,
    scope: Scope,
    today: DateLike,
    gap_days: int = 30,
    in_program_only: bool = False,
    states: States = COUNTED_STATES,
) -> dict[str, Any]:
    """Everything the desktop's start page shows, from two small aggregates per record kind
    (records per month; per village and specialist: this year, this month, the latest date).

    The same figures as ``dashboard`` plus ``"trend"`` (``monthly_trend`` of the twelve
    months up to ``today``), ``"by_township"`` and ``"by_specialist"`` (the rows of
    ``queries.breakdown``: records this year and this month, villages, villages without
    a record in the last ``gap_days`` days) — computed together, because asked one by
    one they read every record of the year six times.  ``by_township`` only for the
    city and county scopes, ``by_specialist`` for every scope but a specialist's.
    """
    end = _dt.date.fromisoformat(iso(today))
    month_start = end.replace(day=1)
    year_start = end.replace(month=1, day=1)
    trend_start = (month_start - _dt.timedelta(days=335)).replace(day=1)
    gap_start = (end - _dt.timedelta(days=gap_days - 1)).isoformat()
    first = min(trend_start, year_start, end - _dt.timedelta(days=max(GAP_DAYS) - 1))
    this_month_key = month_start.strftime("%Y-%m")

    trend: dict[str, dict[str, Any]] = {
        m: {"month": m, "visits": 0, "extensions": 0, "trainings": 0}
        for m in _months(trend_start, end)
    }
    this_month = dict.fromkeys(RECORD_KINDS, 0)
    last: dict[str, str] = {}
    pairs: list[_Pair] = []
    plural = {"visit": "visits", "extension": "extensions", "training": "trainings"}
    for kind in RECORD_KINDS:
        sub, p = _records(kind, scope, first, end, states=states)
        # Two small aggregates instead of one row per village, specialist and month (a
        # city: 5,000 rows instead of 37,000 for Python to walk).  "+village_id": group
        # in a temporary B-tree over one scan of the table, not by walking the
        # (village_id, date) index with a table lookup per record (twice the time).
        for month, n in store.conn.execute(
            f"SELECT substr(date, 1, 7), count(*) FROM {sub} GROUP BY 1", p
        ):
            if month in trend:
                trend[month][plural[kind]] += n
            if month == this_month_key:
                this_month[kind] += n
        for pair in store.conn.execute(
            f"SELECT village_id, specialist_id, sum(date >= ?), sum(date >= ?), max(date)"
            f" FROM {sub} GROUP BY +village_id, +specialist_id",
            [year_start.isoformat(), month_start.isoformat(), *p],
        ):
            pairs.append(pair)
            village_id, latest = pair[0], pair[4]
            if village_id is not None and latest > last.get(village_id, ""):
                last[village_id] = latest
    for row in trend.values():
        row["records"] = row["visits"] + row["extensions"] + row["trainings"]

    villages = _village_list(store, scope, program=(end, end))
    older = _last_service_before(
        store, scope, [v["id"] for v in villages if v["id"] not in last], first, states
    )
    last.update(older)
    out = _board(store, scope, end, this_month, villages, last, in_program_only, states)
    out["trend"] = list(trend.values())
    if scope.kind in ("all", "county"):
        out["by_township"] = _township_breakdown(store, scope, pairs, gap_start)
    if scope.kind != "specialist":
        out["by_specialist"] = _specialist_breakdown(store, scope, pairs, gap_start, end)
    return out


def _township_breakdown(
    store: Store,
    scope: Scope,
    pairs: list[_Pair],
    gap_start: str,
) -> list[dict[str, Any]]:
    """``queries.breakdown(..., "township")`` rows from the grouped records."""
    villages_sql, vp = _villages(scope)
    township_of = dict(
        store.conn.execute(f"SELECT id, parent_id FROM {villages_sql}", vp).fetchall()
    )
    totals: dict[str, dict[str, Any]] = {}
    for township in township_of.values():
        row = totals.setdefault(township, {"year": 0, "month": 0, "villages": 0, "served": set()})
        row["villages"] += 1
    for village_id, _sid, year_n, month_n, latest in pairs:
        township = township_of.get(village_id or "")
        if township is None:
            continue  # a record in scope whose village is not (a station's own specialist elsewhere)
        row = totals[township]
        row["year"] += year_n
        row["month"] += month_n
        if latest >= gap_start:
            row["served"].add(village_id)
    info = {
        r[0]: r[1:]
        for r in store.conn.execute(
            "SELECT o.id, o.name, p.name, p.code, o.code FROM org_unit o"
            " LEFT JOIN org_unit p ON p.id = o.parent_id WHERE o.id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(totals)),),
        )
    }
    rows = []
    for township, row in totals.items():
        if township not in info:
            continue
        name, parent, parent_code, code = info[township]
        rows.append(
            (
                (parent_code or "", code or "", township),
                {
                    "id": township,
                    "name": name or "",
                    "parent": parent or "",
                    "month": row["month"],
                    "year": row["year"],
                    "villages": row["villages"],
                    "unserved": max(row["villages"] - len(row["served"]), 0),
                },
            )
        )
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


def _specialist_breakdown(
    store: Store,
    scope: Scope,
    pairs: list[_Pair],
    gap_start: str,
    end: _dt.date,
) -> list[dict[str, Any]]:
    """``queries.breakdown(..., "specialist")`` rows from the grouped records."""
    specialists, sp = _specialists(scope)
    assign, ap = _active_assignments(gap_start, end)
    people = store.conn.execute(
        f"SELECT s.id, s.name, o.name, a.n FROM {specialists} s"
        " LEFT JOIN org_unit o ON o.id = s.org_id"
        f" LEFT JOIN (SELECT specialist_id sid, count(DISTINCT village_id) n FROM {assign}"
        " GROUP BY specialist_id) a ON a.sid = s.id ORDER BY s.name, s.id",
        [*sp, *ap],
    ).fetchall()
    year: dict[str, int] = {}
    month: dict[str, int] = {}
    served: dict[str, set[str]] = {}
    for village_id, sid, year_n, month_n, latest in pairs:
        if sid is None:
            continue
        year[sid] = year.get(sid, 0) + year_n
        month[sid] = month.get(sid, 0) + month_n
        if latest >= gap_start and village_id is not None:
            served.setdefault(sid, set()).add(village_id)
    out = []
    for sid, name, station, assigned in people:
        villages = int(assigned or 0)
        out.append(
            {
                "id": sid,
                "name": name or "",
                "parent": station or "",
                "month": month.get(sid, 0),
                "year": year.get(sid, 0),
                "villages": villages,
                "unserved": max(villages - len(served.get(sid, ())), 0),
            }
        )
    return out
