"""Completeness and timeliness of reporting (what DHIS2 calls reporting rates).

Computed from what actually arrived, never from what was typed:

- a specialist's *files* are the packages this node imported from one of the
  specialist's nodes (the import ledger, ``bundles``), plus — at a county,
  where specialists' work arrives relayed by the township — the days on which
  versions made on the specialist's nodes arrived here;
- a township's *files* are the packages imported from the station's nodes
  (at the station itself: the packages it exported).

Each month M in the period, a specialist on duty (assigned somewhere during
M) is *expected* to send one file for M during month M+1, by day
``report_day`` (at a county node, whose copy arrives relayed: by
``forward_day``); a township with specialists forwards one by ``forward_day``.
The first file in month M+1 decides: on or before the day → *on time*, after
it → *late*, none → *missing*; a month whose day has not come yet and has
no file is *pending* (not counted as expected).  The days are the year's
rules (``assessment.rules_for``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from typing import Any

from ..scope import Scope
from ..store import Store

STATUSES = ("on_time", "late", "missing", "pending")
# Arrivals the demo invents (see management/demo.py): counted here, ignored by the sync ledger views.
DEMO_DIRECTION = "demo-in"


def month_list(start: str, end: str) -> list[str]:
    """ "2026-01".."2026-06" → every month "YYYY-MM" from start to end (inclusive)."""
    y, m = int(start[:4]), int(start[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= end[:7]:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _next_month(month: str) -> tuple[int, int]:
    y, m = int(month[:4]), int(month[5:7])
    return (y + 1, 1) if m == 12 else (y, m + 1)


def _month_end(month: str) -> str:
    y, m = _next_month(month)
    return (_dt.date(y, m, 1) - _dt.timedelta(days=1)).isoformat()


def _nodes(store: Store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """specialist id → its node ids; township id → its node ids (keyring and local trust)."""
    by_specialist: dict[str, set[str]] = {}
    by_township: dict[str, set[str]] = {}
    rows = list(
        store.conn.execute(
            "SELECT node_id, role, org_id, specialist_id FROM node_key WHERE deleted = 0"
        )
    )
    rows += list(
        store.conn.execute("SELECT node_id, role, org_id, specialist_id FROM trusted_keys")
    )
    for node, role, org, sid in rows:
        if role == "specialist" and sid:
            by_specialist.setdefault(sid, set()).add(node)
        elif role == "township" and org:
            by_township.setdefault(org, set()).add(node)
    info = store.node_info()
    if info.role == "specialist" and info.specialist_id:
        by_specialist.setdefault(info.specialist_id, set()).add(info.node_id)
    if info.role == "township" and info.org_id:
        by_township.setdefault(info.org_id, set()).add(info.node_id)
    return by_specialist, by_township


class _Arrivals:
    """Days on which files from given nodes reached this node, from one read of the ledger.

    The import ledger is read once per computation (not once per person: a province has
    thousands of specialists and a ledger of tens of thousands of files)."""

    def __init__(self, store: Store):
        self.store = store
        self.me = store.node_id
        self.incoming: dict[str, set[str]] = {}
        for peer, at in store.conn.execute(
            "SELECT peer_node, at FROM bundles WHERE direction IN ('in', ?)", (DEMO_DIRECTION,)
        ):
            if at and peer is not None:
                self.incoming.setdefault(peer, set()).add(str(at)[:10])
        self._outgoing: set[str] | None = None
        self._relayed: dict[str, set[str]] = {}

    def outgoing(self) -> set[str]:
        if self._outgoing is None:
            self._outgoing = {
                str(at)[:10]
                for (at,) in self.store.conn.execute(
                    "SELECT at FROM bundles WHERE direction = 'out'"
                )
                if at
            }
        return self._outgoing

    def relayed(self, node: str) -> set[str]:
        days = self._relayed.get(node)
        if days is None:
            days = self._relayed[node] = {
                str(at)
                for (at,) in self.store.conn.execute(
                    "SELECT DISTINCT substr(received_at, 1, 10) FROM versions WHERE node_id = ?",
                    (node,),
                )
                if at
            }
        return days

    def of(self, nodes: set[str], relayed: bool) -> list[str]:
        """Sorted dates (YYYY-MM-DD) on which files from ``nodes`` reached this node."""
        days: set[str] = set()
        for node in nodes:
            days |= self.incoming.get(node, set())
        if self.me in nodes:  # this node's own files: what it sent
            days |= self.outgoing()
        if relayed:
            for node in nodes:
                if node != self.me:
                    days |= self.relayed(node)
        return sorted(days)


class _Window:
    """Month M's reporting window: the first and last day of M+1 and the due day in it."""

    __slots__ = ("due", "end", "start")

    def __init__(self, next_month: str, day: int):
        y, m = int(next_month[:4]), int(next_month[5:7])
        self.start = f"{next_month}-01"
        self.due = _dt.date(y, m, min(day, 28)).isoformat()
        self.end = _month_end(next_month)


def _judge(arrivals: list[str], window: _Window, today: str) -> tuple[str, str | None]:
    """The first arrival in the window decides (``arrivals`` sorted)."""
    at = bisect.bisect_left(arrivals, window.start)
    if at < len(arrivals) and arrivals[at] <= window.end:
        first = arrivals[at]
        return ("on_time" if first <= window.due else "late"), first
    if today <= window.due:
        return "pending", None
    return "missing", None


def _on_duty(store: Store, specialist_ids: list[str], months: list[str]) -> dict[str, set[str]]:
    """Per specialist, the months (of ``months``, sorted) in which an assignment overlaps."""
    out: dict[str, set[str]] = {sid: set() for sid in specialist_ids}
    firsts = [f"{month}-01" for month in months]
    lasts = [_month_end(month) for month in months]
    for sid, start, end in store.conn.execute(
        "SELECT specialist_id, start_date, end_date FROM assignment WHERE deleted = 0"
    ):
        if sid not in out:
            continue
        # The months overlapping [start, end] are one run: last day >= start, first day <= end.
        lo = bisect.bisect_left(lasts, start) if start else 0
        hi = bisect.bisect_right(firsts, end) if end else len(months)
        out[sid].update(months[lo:hi])
    return out


def _empty_counts() -> dict[str, int]:
    return {"expected": 0, "received": 0, "on_time": 0, "late": 0, "missing": 0, "pending": 0}


def timeliness(
    store: Store,
    scope: Scope,
    month_from: str,
    month_to: str,
    *,
    today: str | None = None,
    per_month: bool = True,
) -> dict[str, Any]:
    """Per specialist and per township: expected, received, on time, late, missing, last file.

    ``month_from``/``month_to`` are "YYYY-MM" (or any date in the month).  With
    ``per_month=False`` the rows' ``months`` are left empty (only the counts are wanted:
    a province's thousands of people over a long period would hold millions of marks).
    """
    from .assessment import _specialists, rules_for

    today = today or _dt.date.today().isoformat()
    months = month_list(month_from[:7], month_to[:7])
    by_specialist, by_township = _nodes(store)
    relayed = store.get_meta("role") in ("county", None)
    county_node = store.get_meta("role") == "county"
    people = _specialists(store, scope)
    duty = _on_duty(store, [p["id"] for p in people], months)
    station_of = dict(store.conn.execute("SELECT id, org_id FROM specialist"))
    rules_by_year: dict[int, dict[str, Any]] = {}
    windows: dict[tuple[str, str], _Window] = {}

    def window(month: str, key: str) -> _Window:
        """Month's reporting window under the year's rules (each made once)."""
        found = windows.get((month, key))
        if found is None:
            y, m = _next_month(month)
            if y not in rules_by_year:
                rules_by_year[y] = rules_for(store, y)
            found = windows[(month, key)] = _Window(f"{y:04d}-{m:02d}", int(rules_by_year[y][key]))
        return found

    def judge_months(
        arrivals: list[str], due: list[str], key: str
    ) -> tuple[dict[str, str], dict[str, int]]:
        counts = _empty_counts()
        marks: dict[str, str] = {}
        # From the month of today (or of the last arrival, if a clock was ahead) on, every
        # month's window opens later than anything seen: pending, counted without judging
        # (a report over a long period would judge thousands of future months per person).
        horizon = max(today, arrivals[-1] if arrivals else "")[:7]
        cut = bisect.bisect_left(due, horizon)
        later = due[cut:]
        for month in due[:cut]:
            status, _first = _judge(arrivals, window(month, key), today)
            if per_month:
                marks[month] = status
            counts[status] += 1
            if status != "pending":
                counts["expected"] += 1
            if status in ("on_time", "late"):
                counts["received"] += 1
        counts["pending"] += len(later)
        if per_month:
            marks.update(dict.fromkeys(later, "pending"))
        return marks, counts

    ledger = _Arrivals(store)
    specialist_key = "forward_day" if county_node else "report_day"
    specialists = []
    for p in people:
        arrivals = ledger.of(by_specialist.get(p["id"], set()), relayed)
        months_of, counts = judge_months(arrivals, sorted(duty[p["id"]]), specialist_key)
        specialists.append(
            {
                "id": p["id"],
                "name": p["name"],
                "station": p.get("station") or "",
                "station_id": station_of.get(p["id"]),
                "months": months_of,
                "last_file": arrivals[-1] if arrivals else None,
                **counts,
            }
        )

    townships = []
    members_of: dict[str, list[dict[str, Any]]] = {}
    for s in specialists:
        if s["station_id"]:
            members_of.setdefault(s["station_id"], []).append(s)
    names = {
        oid: name
        for oid, name in store.conn.execute(
            "SELECT id, name FROM org_unit WHERE level = 'township'"
        )
    }
    for tid in sorted(members_of):
        arrivals = ledger.of(by_township.get(tid, set()), False)
        members = members_of[tid]
        # A station forwards for a month in which any of its specialists was on duty.
        due = sorted(set().union(*(duty[s["id"]] for s in members)))
        months_of, counts = judge_months(arrivals, due, "forward_day")
        spec_counts = _empty_counts()
        for s in members:
            for k in spec_counts:
                spec_counts[k] += s[k]
        townships.append(
            {
                "id": tid,
                "name": names.get(tid, ""),
                "months": months_of,
                "last_file": arrivals[-1] if arrivals else None,
                "specialists": len(members),
                "specialist_files": spec_counts,
                **counts,
            }
        )
    totals = _empty_counts()
    for s in specialists:
        for k in totals:
            totals[k] += s[k]
    return {
        "months": months,
        "specialists": specialists,
        "townships": townships,
        "totals": totals,
        "rate_received": round(100 * totals["received"] / totals["expected"], 1)
        if totals["expected"]
        else None,
        "rate_on_time": round(100 * totals["on_time"] / totals["expected"], 1)
        if totals["expected"]
        else None,
    }


def not_reported_this_month(
    store: Store, scope: Scope, *, today: str | None = None
) -> dict[str, list[str]]:
    """Names of specialists (on duty) and townships from whom no file arrived this month (本月未报送)."""
    from .assessment import _specialists

    today = today or _dt.date.today().isoformat()
    month = today[:7]
    by_specialist, by_township = _nodes(store)
    relayed = store.get_meta("role") in ("county", None)
    people = _specialists(store, scope)
    duty = _on_duty(store, [p["id"] for p in people], [month])
    ledger = _Arrivals(store)
    silent = []
    stations: dict[str, str] = {}
    for p in people:
        if month not in duty.get(p["id"], set()):
            continue
        sid_station = store.conn.execute(
            "SELECT org_id FROM specialist WHERE id = ?", (p["id"],)
        ).fetchone()
        if sid_station and sid_station[0]:
            stations[sid_station[0]] = p.get("station") or ""
        if not any(
            d.startswith(month) for d in ledger.of(by_specialist.get(p["id"], set()), relayed)
        ):
            silent.append(p["name"])
    towns = []
    if scope.kind in ("county", "all"):
        for tid, name in sorted(stations.items(), key=lambda item: item[1]):
            if not any(d.startswith(month) for d in ledger.of(by_township.get(tid, set()), False)):
                towns.append(name)
    return {"specialists": silent, "townships": towns}
