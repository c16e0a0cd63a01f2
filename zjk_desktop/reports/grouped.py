"""The county report's figures (one county, or the whole city or province) from one grouped
pass per record kind.

Asked one by one (``stats.coverage``, ``period_totals``, ``per_township``, ``per_industry``,
``monthly_trend``, ``unserved_villages``, ``excluded_counts``, ``excluded_per_township``)
these figures read every record of the scope a dozen times; at province scale (1.3 million
records) that was most of the report's time.  Here each record table is read once, grouped
by village, review state, industry and month (``GROUP BY`` in SQLite, a few hundred
thousand groups at province scale), and every figure is summed from those groups in
Python: headline totals, per-township and per-county sums, coverage, industries, months,
the last service of each village, and the records left out by the counting rule.

The figures are the ones the per-figure functions in ``stats`` give (a test compares them
on demo databases); only ``visit_days`` and ``days_in_villages`` of ``period_totals`` are
not here (they need every specialist's distinct dates; the county report prints neither).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain.entities import RECORD_KINDS
from ..scope import Scope
from ..store import Store
from . import stats

# Per record kind: (figure key, SQL aggregate over the kind's rows).  The keys are those of
# ``stats.period_totals``; the per-township rows use a subset of them.
_SUMS: dict[str, list[tuple[str, str]]] = {
    "visit": [
        ("households_served", "sum(households_served)"),
        ("people_served", "sum(people_served)"),
    ],
    "extension": [
        ("techniques", "sum(ext_type = 'technique')"),
        ("varieties", "sum(ext_type = 'variety')"),
        ("demo_area_mu", "sum(demo_area_mu)"),
        ("promoted_area_mu", "sum(promoted_area_mu)"),
        ("households_adopting", "sum(households_adopting)"),
        ("income_increase_yuan", "sum(income_increase_yuan)"),
    ],
    "training": [
        ("trainings_onsite", "sum(mode = 'onsite')"),
        ("trainings_online", "sum(mode IN ({online}))"),
        ("attendees", "sum(attendees)"),
        ("online_viewers", "sum(online_viewers)"),
        ("training_hours", "sum(hours)"),
        ("poor_households_trained", "sum(poor_households)"),
        ("materials", "sum(materials)"),
        ("attendees_onsite", "sum(CASE WHEN mode = 'onsite' THEN attendees END)"),
        ("attendees_online", "sum(CASE WHEN mode IN ({online}) THEN attendees END)"),
    ],
}
_COUNT_KEY = {"visit": "visits", "extension": "extensions", "training": "trainings"}
_FLOATS = {"demo_area_mu", "promoted_area_mu", "income_increase_yuan", "training_hours"}

# What a per-township (or per-county) row sums, from which kind: (row key, figure key).
_ORG_SUMS: dict[str, list[tuple[str, str]]] = {
    "visit": [("visits", "visits"), ("households_served", "households_served")],
    "extension": [
        ("extensions", "extensions"),
        ("techniques", "techniques"),
        ("varieties", "varieties"),
        ("demo_area_mu", "demo_area_mu"),
        ("promoted_area_mu", "promoted_area_mu"),
        ("households_adopting", "households_adopting"),
    ],
    "training": [
        ("trainings", "trainings"),
        ("attendees", "attendees"),
        ("online_viewers", "online_viewers"),
    ],
}


@dataclass
class ReportFigures:
    """Everything ``builders.county_report`` prints, named as the ``stats`` function that
    gives the same figure one query at a time."""

    coverage: dict[str, Any]
    totals: dict[str, Any]  # period_totals, without visit_days / days_in_villages
    excluded: dict[str, int]  # excluded_counts
    townships: list[dict[str, Any]]  # per_township
    industries: list[dict[str, Any]]  # per_industry
    trend: list[dict[str, Any]]  # monthly_trend
    unserved_poor: list[dict[str, Any]]  # unserved_villages(poor_only=True)
    excluded_per_township: list[dict[str, Any]]
    last_service: dict[str, str] = field(default_factory=dict)  # village id -> latest date


# What a row of ``_grouped_sql`` sums up: per village (and review state, and whether in the
# period), per industry, or per month (the last two in the period only).
VILLAGE, INDUSTRY, MONTH = 0, 1, 2


def _grouped_sql(
    kind: str, scope: Scope, date_from: str, date_to: str
) -> tuple[str, list[Any], list[str]]:
    """One pass over ``kind``'s live records in scope dated up to ``date_to`` (every review
    state), grouped by village, state and — for records in the period — industry and month,
    then summed again in SQL three ways: rows (part, key, state, in period, records, latest
    date, sums…) where part is ``VILLAGE`` (key: village id), ``INDUSTRY`` or ``MONTH``.
    Records before the period only give their village's last service date."""
    sub, params = stats._records(kind, scope, None, date_to, states=None)
    online = ",".join("?" * len(stats.ONLINE_MODES))
    sums, sum_params = [], list[Any]()
    for n, (_key, sql) in enumerate(_SUMS[kind]):
        sums.append(f"{sql.format(online=online)} s{n}")
        if "{online}" in sql:
            sum_params += list(stats.ONLINE_MODES)
    outer = ", ".join(f"sum(s{n})" for n in range(len(sums)))
    nulls = ", ".join("NULL" for _ in sums)
    # The scan and its grouping (a temporary B-tree: "+village_id" keeps SQLite from walking
    # the whole table in (village_id, date) index order) happen once, in the materialized
    # CTE; the three sums over its few hundred thousand groups are cheap, and Python sees
    # only about one row per village and state.
    sql = (
        "WITH g AS MATERIALIZED (SELECT village_id, coalesce(review_state, 'draft') st,"
        " CASE WHEN date >= ? THEN industry END ind,"
        " CASE WHEN date >= ? THEN substr(date, 1, 7) END mon,"
        f" count(*) n, max(date) last, {', '.join(sums)} FROM {sub}"
        " GROUP BY +village_id, 2, 3, 4)"
        f" SELECT {VILLAGE}, village_id, st, mon IS NOT NULL, sum(n), max(last), {outer} FROM g"
        " GROUP BY village_id, st, mon IS NOT NULL"
        f" UNION ALL SELECT {INDUSTRY}, ind, st, 1, sum(n), NULL, {nulls} FROM g"
        " WHERE mon IS NOT NULL GROUP BY ind, st"
        f" UNION ALL SELECT {MONTH}, mon, st, 1, sum(n), NULL, {nulls} FROM g"
        " WHERE mon IS NOT NULL GROUP BY mon, st"
    )
    return sql, [date_from, date_from, *sum_params, *params], [k for k, _ in _SUMS[kind]]


def report_figures(
    store: Store,
    scope: Scope,
    date_from: stats.DateLike,
    date_to: stats.DateLike,
    language: str = "zh_CN",
    states: stats.States = stats.COUNTED_STATES,
) -> ReportFigures:
    start, end = stats.iso(date_from), stats.iso(date_to)
    counted = None if states is None else set(states)
    left_out = stats.not_counted_states(states)
    months = stats._months(start, end)

    totals: dict[str, Any] = {}
    by_village: dict[str | None, dict[str, Any]] = {}  # counted records in the period
    excluded = dict.fromkeys(left_out, 0)
    excluded_by_village: dict[str, dict[str, int]] = {}
    industries: dict[str, dict[str, int]] = {}
    trend: dict[str, dict[str, Any]] = {
        m: {"month": m, "visits": 0, "extensions": 0, "trainings": 0} for m in months
    }
    last: dict[str, str] = {}
    for kind in RECORD_KINDS:
        count_key = _COUNT_KEY[kind]
        totals.setdefault(count_key, 0)
        sql, params, keys = _grouped_sql(kind, scope, start, end)
        for row in store.conn.execute(sql, params):
            part, key, state, in_period, n, latest = row[:6]
            is_counted = counted is None or state in counted
            if not in_period:  # before the period: only its last service counts
                if is_counted and key is not None and latest > last.get(key, ""):
                    last[key] = latest
                continue
            if not is_counted:
                if part == VILLAGE and state in excluded:
                    excluded[state] += n
                    if key is not None:
                        per_state = excluded_by_village.setdefault(key, {})
                        per_state[state] = per_state.get(state, 0) + n
                continue
            if part == INDUSTRY:
                code = key or "other"
                per_kind = industries.setdefault(
                    code, {"visits": 0, "extensions": 0, "trainings": 0}
                )
                per_kind[count_key] += n
                continue
            if part == MONTH:
                if key in trend:
                    trend[key][count_key] += n
                continue
            if key is not None and latest > last.get(key, ""):
                last[key] = latest
            totals[count_key] += n
            village = by_village.setdefault(key, {})
            village[count_key] = village.get(count_key, 0) + n
            for figure, value in zip(keys, row[6:], strict=True):
                if value is not None:
                    totals[figure] = totals.get(figure, 0) + value
                    village[figure] = village.get(figure, 0) + value
    for key in (k for kind in RECORD_KINDS for k, _sql in _SUMS[kind]):
        totals[key] = float(totals.get(key, 0)) if key in _FLOATS else totals.get(key, 0)
    totals["villages_served"] = len(by_village)
    totals["records"] = totals["visits"] + totals["extensions"] + totals["trainings"]
    for r in trend.values():
        r["records"] = r["visits"] + r["extensions"] + r["trainings"]

    villages = _villages_in_scope(store, scope)
    assign, ap = stats._active_assignments(start, end)
    assigned_pairs = store.conn.execute(
        f"SELECT village_id, specialist_id FROM {assign}", ap
    ).fetchall()
    assigned = {vid for vid, _sid in assigned_pairs}
    served = {vid for vid in by_village if vid is not None}
    return ReportFigures(
        coverage=_coverage(store, scope, start, end, villages, assigned, served),
        totals=totals,
        excluded=excluded,
        townships=_per_township(store, villages, by_village, assigned_pairs, served),
        industries=stats.industry_rows(industries, language),
        trend=list(trend.values()),
        unserved_poor=_unserved_poor(store, scope, start, end, last),
        excluded_per_township=_excluded_per_township(store, excluded_by_village, left_out),
        last_service=last,
    )


def _villages_in_scope(store: Store, scope: Scope) -> list[tuple[str, bool, str | None]]:
    """(id, is poor, township id) of the live villages in scope."""
    villages, vp = stats._villages(scope)
    return [
        (vid, poor == 1, parent)
        for vid, poor, parent in store.conn.execute(
            f"SELECT id, is_poor, parent_id FROM {villages}", vp
        )
    ]


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _coverage(
    store: Store,
    scope: Scope,
    start: str,
    end: str,
    villages: list[tuple[str, bool, str | None]],
    assigned: set[str],
    served: set[str],
) -> dict[str, Any]:
    """``stats.coverage`` from the village list and the served set."""
    assign, ap = stats._active_assignments(start, end)
    specialists, sp = stats._specialists(scope)
    on_duty = store.conn.execute(
        f"SELECT count(*) FROM {specialists} WHERE id IN (SELECT specialist_id FROM {assign})",
        [*sp, *ap],
    ).fetchone()[0]
    total = store.conn.execute(f"SELECT count(*) FROM {specialists}", sp).fetchone()[0]
    poor = sum(1 for _vid, is_poor, _t in villages if is_poor)
    poor_assigned = sum(1 for vid, is_poor, _t in villages if is_poor and vid in assigned)
    poor_served = sum(1 for vid, is_poor, _t in villages if is_poor and vid in served)
    n_assigned = sum(1 for vid, _p, _t in villages if vid in assigned)
    n_served = sum(1 for vid, _p, _t in villages if vid in served)
    return {
        "specialists": total,
        "specialists_on_duty": on_duty,
        "villages": len(villages),
        "poor_villages": poor,
        "villages_assigned": n_assigned,
        "villages_served": n_served,
        "poor_villages_assigned": poor_assigned,
        "poor_villages_served": poor_served,
        "poor_assigned_pct": _pct(poor_assigned, poor),
        "poor_served_pct": _pct(poor_served, poor),
        "villages_served_pct": _pct(n_served, len(villages)),
    }


def _code_key(code: Any) -> tuple[int, str]:
    """SQLite's ORDER BY for a code column: NULL first, then text."""
    return (0, "") if code is None else (1, str(code))


def _per_township(
    store: Store,
    villages: list[tuple[str, bool, str | None]],
    by_village: dict[str | None, dict[str, Any]],
    assigned_pairs: Sequence[tuple[str, str]],
    served: set[str],
) -> list[dict[str, Any]]:
    """``stats.per_township``: the records of the scope's villages summed by township."""
    township_of = {vid: township for vid, _poor, township in villages if township is not None}
    assigned = {vid for vid, _sid in assigned_pairs}
    info = {
        r[0]: r[1:]
        for r in store.conn.execute(
            "SELECT o.id, o.code, o.name, o.parent_id, p.name, p.code FROM org_unit o"
            " LEFT JOIN org_unit p ON p.id = o.parent_id"
            " WHERE o.id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(township_of.values()))),),
        )
    }
    rows: dict[str, dict[str, Any]] = {}
    for vid, poor, township in villages:
        if township is None or township not in info:
            continue  # a village whose township is gone (the SQL joined it away too)
        row = rows.get(township)
        if row is None:
            code, name, parent_id, parent, parent_code = info[township]
            row = rows[township] = {
                "id": township,
                "code": code or "",
                "name": name or "",
                "parent": parent or "",
                "parent_id": parent_id,
                "parent_code": parent_code or "",
                "villages": 0,
                "poor_villages": 0,
                "villages_assigned": 0,
                "villages_served": 0,
                "poor_villages_assigned": 0,
                "poor_villages_served": 0,
                "specialists": set(),
                "visits": 0,
                "households_served": 0,
                "trainings": 0,
                "attendees": 0,
                "online_viewers": 0,
                "extensions": 0,
                "techniques": 0,
                "varieties": 0,
                "demo_area_mu": 0.0,
                "promoted_area_mu": 0.0,
                "households_adopting": 0,
                "_sort": (_code_key(parent_code), _code_key(code), township),
            }
        row["villages"] += 1
        row["poor_villages"] += poor
        row["villages_assigned"] += vid in assigned
        row["villages_served"] += vid in served
        row["poor_villages_assigned"] += poor and vid in assigned
        row["poor_villages_served"] += poor and vid in served
        sums = by_village.get(vid)
        if sums:
            for kind in RECORD_KINDS:
                for key, figure in _ORG_SUMS[kind]:
                    if sums.get(figure) is not None:
                        row[key] += sums[figure]
    for vid, sid in assigned_pairs:
        township = township_of.get(vid)
        if township in rows:
            rows[township]["specialists"].add(sid)
    out = sorted(rows.values(), key=lambda r: r["_sort"])
    for row in out:
        del row["_sort"]
        row["specialists"] = len(row["specialists"])
        for key in ("poor_villages_assigned", "poor_villages_served"):
            row[key] = int(row[key])
        for key in ("demo_area_mu", "promoted_area_mu"):
            row[key] = float(row[key])
    return out


def _unserved_poor(
    store: Store, scope: Scope, start: str, end: str, last: dict[str, str]
) -> list[dict[str, Any]]:
    """``stats.unserved_villages(poor_only=True)`` from the last service of each village."""
    rows = [
        v
        for v in stats._village_list(store, scope, True, (start, end))
        if last.get(v["id"], "") < start
    ]
    names = stats._assigned_names(store, start, end, [v["id"] for v in rows])
    for v in rows:
        v["last_service"] = last.get(v["id"], "")
        v["specialists"] = names.get(v["id"], "")
    return rows


def _excluded_per_township(
    store: Store, excluded_by_village: dict[str, dict[str, int]], left_out: list[str]
) -> list[dict[str, Any]]:
    """``stats.excluded_per_township``: records left out, by the township of their village."""
    rows: dict[str, dict[str, Any]] = {}
    if not excluded_by_village:
        return []
    for vid, tid, name, county, code in store.conn.execute(
        "SELECT g.id, tw.id, tw.name, ct.name, tw.code FROM org_unit g"
        " JOIN org_unit tw ON tw.id = g.parent_id LEFT JOIN org_unit ct ON ct.id = tw.parent_id"
        " WHERE g.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(excluded_by_village)),),
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
        for state, n in excluded_by_village[vid].items():
            row[state] = row.get(state, 0) + n
            row["total"] += n
    return sorted(rows.values(), key=lambda r: (r["code"], r["id"]))
