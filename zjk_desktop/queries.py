"""Read-only questions the desktop screens ask, answered without Qt (issue 12: no SQL in ``gui/``).

Every function takes a ``Store`` and returns plain values; the GUI calls them on its
own connection or on the worker thread, the tests call them directly.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .domain.entities import RECORD_KINDS
from .scope import Scope
from .store import Range, Store


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
    for kind in RECORD_KINDS:
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


def computer_names(store: Store) -> dict[str, tuple[str, str | None]]:
    """{node id: (name people know it by, role code or None)} for every computer known here."""
    out: dict[str, tuple[str, str | None]] = {}
    for node_id, label, role in store.conn.execute("SELECT node_id, label, role FROM peers"):
        out[node_id] = (label or "", role)
    for row in store.rows("node_key"):
        name, role = out.get(row["node_id"], ("", None))
        out[row["node_id"]] = (name or row.get("label") or "", role or row.get("role"))
    return out


def last_import_time(store: Store) -> str | None:
    """When a file was last imported here (ISO time), or None."""
    row = store.conn.execute("SELECT max(at) FROM bundles WHERE direction = 'in'").fetchone()
    return row[0] if row and row[0] else None


# ------------------------------------------------------------------ dashboard
NEXT_LEVEL = {"specialist": ("township", "county"), "township": ("county",), "county": ()}
_ROLE_RANK = {"specialist": 0, "township": 1, "county": 2}


def unsent_upward(store: Store, role: str | None) -> int | None:
    """Changes the next level up is not known to have; None when nobody is above (the county).

    Changes that came from the next level itself or from above it (the county's roster,
    a township's review) are not counted: the receiver has them already.  Before any
    file was exchanged with the next level, only the work of this computer and of the
    levels below counts.
    """
    targets = NEXT_LEVEL.get(role or "county", ())
    if not targets:
        return None
    from .sync.keys import Keyring  # the sync package loads only where it is needed
    from .sync.peers import HeldCounters

    roles: dict[str, str | None] = {}
    known: dict[str, dict[str, int]] = {}
    for node_id, peer_role, vector in store.conn.execute(
        "SELECT node_id, role, known_vector FROM peers"
    ):
        roles[node_id] = peer_role
        known[node_id] = {k: int(v) for k, v in json.loads(vector).items()} if vector else {}
    revoked = set()
    for key in Keyring(store).nodes():
        roles[key.node_id] = roles.get(key.node_id) or key.role
        if key.revoked:
            revoked.add(key.node_id)
    lowest = min(_ROLE_RANK[t] for t in targets)
    from_above = {n for n, r in roles.items() if r is not None and _ROLE_RANK.get(r, -1) >= lowest}
    from_above.discard(store.node_id)
    origins = [
        r[0]
        for r in store.conn.execute("SELECT DISTINCT node_id FROM versions")
        if r[0] not in from_above
    ]
    held = HeldCounters.of(store)  # kept: after an import, only what it added is read
    upward = [
        n for n, r in roles.items() if r in targets and n not in revoked and n != store.node_id
    ]
    if upward:
        return min(sum(held.above(o, known.get(p, {}).get(o, 0)) for o in origins) for p in upward)
    return sum(held.above(o, 0) for o in origins)


def overdue_townships(store: Store, scope: Scope, today: str | None = None) -> list[str]:
    """Names of the townships in ``scope`` whose file for last month is overdue: its
    forwarding day has passed and nothing arrived (``management.timeliness``).  What a
    county watches in place of unsent changes: it sends rosters down, not changes up."""
    from .management.timeliness import timeliness

    day = today or _dt.date.today().isoformat()
    last_month = (
        _dt.date.fromisoformat(day[:10]).replace(day=1) - _dt.timedelta(days=1)
    ).isoformat()
    month = last_month[:7]
    data = timeliness(store, scope, month, month, today=day)
    return sorted(t["name"] for t in data["townships"] if t["months"].get(month) == "missing")


def _records_total(row: dict[str, Any]) -> int:
    return int(row.get("visits", 0)) + int(row.get("extensions", 0)) + int(row.get("trainings", 0))


def breakdown(
    store: Store, scope: Scope, today: _dt.date | str, by: str, gap_days: int = 30
) -> list[dict[str, Any]]:
    """Per township or per specialist: records this month and this year, villages without
    service in the last ``gap_days`` days (the table a county officer asks for first)."""
    from .reports import stats

    end = today if isinstance(today, _dt.date) else _dt.date.fromisoformat(str(today))
    month_start, year_start = end.replace(day=1), end.replace(month=1, day=1)
    gap_start = end - _dt.timedelta(days=gap_days - 1)
    if by == "township":
        rows = {r["id"]: r for r in stats.per_township(store, scope, year_start, end)}
        month = {r["id"]: r for r in stats.per_township(store, scope, month_start, end)}
        recent = {r["id"]: r for r in stats.per_township(store, scope, gap_start, end)}
        total_key, served_key = "villages", "villages_served"
    elif by == "specialist":
        rows = {r["id"]: r for r in stats.per_specialist(store, scope, year_start, end)}
        month = {r["id"]: r for r in stats.per_specialist(store, scope, month_start, end)}
        recent = {r["id"]: r for r in stats.per_specialist(store, scope, gap_start, end)}
        total_key, served_key = "villages_assigned", "villages_served"
    else:
        raise ValueError(by)
    out = []
    for row_id, row in rows.items():
        last = recent.get(row_id, {})
        villages = int(last.get(total_key, row.get(total_key, 0)) or 0)
        served = int(last.get(served_key, 0) or 0)
        out.append(
            {
                "id": row_id,
                "name": row.get("name") or "",
                "parent": row.get("station") or row.get("parent") or "",
                "month": _records_total(month.get(row_id, {})),
                "year": _records_total(row),
                "villages": villages,
                "unserved": max(villages - served, 0),
            }
        )
    return out


# ------------------------------------------------------------------- lists
def read_rows(
    store: Store, kind: str, ids: list[str] | tuple[str, ...], names: list[str] | tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Raw column values of the records ``ids`` (any order), keyed by id."""
    from .domain.entities import entity

    entity(kind)  # a known kind: the table name below is never user text
    cols = ",".join(f"[{n}]" for n in dict.fromkeys(["id", *names]))
    cur = store.conn.execute(
        f"SELECT {cols} FROM [{kind}] WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    )
    keys = [d[0] for d in cur.description]
    return {r[0]: dict(zip(keys, r, strict=True)) for r in cur}


def village_rows(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """The villages in scope, whole rows."""
    return store.rows("org_unit", {"level": "village"}, scope=scope)


def specialist_rows(
    store: Store, scope: Scope, order_by: str | None = None
) -> list[dict[str, Any]]:
    """The specialists in scope, whole rows (``order_by``: "name" or None)."""
    return store.rows("specialist", scope=scope, order_by=order_by or "id")


def township_rows(store: Store, county_id: str | None = None) -> list[dict[str, Any]]:
    """Townships, all or those of one county."""
    if county_id:
        return store.rows("org_unit", match={"level": "township", "parent_id": county_id})
    return store.rows("org_unit", match={"level": "township"})


def org_rows(store: Store, level: str) -> list[dict[str, Any]]:
    """Org units of one level ("township", "county"), in division-code order."""
    return store.rows("org_unit", match={"level": level}, order_by="code")


def assignments_of(store: Store, specialist_id: str) -> list[dict[str, Any]]:
    """A specialist's assignments, oldest first."""
    return store.rows("assignment", {"specialist_id": specialist_id}, order_by="start_date")


def current_assignments(store: Store, day: str) -> list[dict[str, Any]]:
    """Assignments not ended before ``day``."""
    return [a for a in store.rows("assignment") if not (a.get("end_date") and a["end_date"] < day)]


def visits_by_village(store: Store) -> dict[str, tuple[str, int]]:
    """{village id: (last visit date, number of visits)}, counted as the reports count them
    (submitted or approved)."""
    from .reports.stats import counted_clause

    counted, params = counted_clause()
    return {
        r[0]: (r[1], r[2])
        for r in store.conn.execute(
            "SELECT village_id, max(date), count(*) FROM visit"
            f" WHERE deleted = 0 AND {counted} GROUP BY village_id",
            params,
        )
    }


def records_by_specialist(store: Store, since: str) -> dict[str, int]:
    """{specialist id: visits + extension + trainings dated ``since`` or later}, counted as the
    reports count them (submitted or approved)."""
    counts: dict[str, int] = {}
    from .reports.stats import counted_clause

    counted, params = counted_clause()
    for kind in RECORD_KINDS:
        for sid, n in store.conn.execute(
            f"SELECT specialist_id, count(*) FROM [{kind}] WHERE deleted = 0 AND date >= ?"
            f" AND {counted} GROUP BY specialist_id",
            (since, *params),
        ):
            counts[sid] = counts.get(sid, 0) + n
    return counts


def returned_records(store: Store, scope: Scope, limit: int = 200) -> list[dict[str, Any]]:
    """Records returned for correction in scope, newest first, with their village's name."""
    returned = []
    for kind in RECORD_KINDS:
        for row in store.rows(
            kind, {"review_state": "returned"}, scope=scope, order_by="-date", limit=limit
        ):
            returned.append(
                {
                    "kind": kind,
                    "id": row["id"],
                    "date": row["date"],
                    "village_id": row["village_id"],
                    "industry": row["industry"],
                    "comment": row.get("review_comment") or "",
                }
            )
    returned.sort(key=lambda r: r["date"] or "", reverse=True)
    names: dict[str, str] = {}
    ids = list({r["village_id"] for r in returned if r["village_id"]})
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for org in store.rows("org_unit", {"id": chunk}):
            names[org["id"]] = org["name"]
    for r in returned:
        r["village"] = names.get(r["village_id"], "")
    return returned[:limit]


def record_in_scope(store: Store, scope: Scope, kind: str, record_id: str) -> bool:
    return bool(store.count(kind, {"id": record_id}, scope=scope))


def townships_in_scope(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """The townships a user may pick: the county's, the station's own, or all; by code."""
    match: dict[str, Any] = {"level": "township"}
    if scope.kind == "county":
        match["parent_id"] = scope.org_id
    elif scope.kind == "township":
        match["id"] = scope.org_id
    return store.rows("org_unit", match, order_by="code")


def villages_in_scope_by_code(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """The villages in scope, whole rows, in division-code order."""
    return store.rows("org_unit", {"level": "village"}, scope=scope, order_by="code")


def specialists_for_assignment(store: Store, org_id: str | None) -> list[dict[str, Any]]:
    """Who a request can be assigned to: the station's specialists, else everyone; by name."""
    people = store.rows("specialist", {"org_id": org_id}, order_by="name") if org_id else []
    return people or store.rows("specialist", order_by="name")


def visits_answering(
    store: Store, specialist_id: str | None, village_id: str | None, since: str
) -> list[dict[str, Any]]:
    """Visits that may answer a farmer's request: same specialist and village, on or after it."""
    if specialist_id is None or village_id is None:
        return []
    return store.rows(
        "visit",
        {"specialist_id": specialist_id, "village_id": village_id, "date": Range(since)},
        order_by="date",
    )


# ------------------------------------------------------- paged record lists
def read_rows_at(
    store: Store, kind: str, rowids: Sequence[int], names: Sequence[str]
) -> dict[int, dict[str, Any]]:
    """Column values (and ``id``) of the records at ``rowids`` (any order), keyed by rowid.

    A record list holds the rowids ``search.find_record_rowids`` returned and reads
    the page on screen with this.
    """
    from .domain.entities import entity

    entity(kind)  # a known kind: the table name below is never user text
    cols = ",".join(f"[{n}]" for n in dict.fromkeys(["id", *names]))
    cur = store.conn.execute(
        f"SELECT rowid, {cols} FROM [{kind}] WHERE rowid IN (SELECT value FROM json_each(?))",
        (json.dumps(list(rowids)),),
    )
    keys = [d[0] for d in cur.description][1:]
    return {r[0]: dict(zip(keys, r[1:], strict=True)) for r in cur}


def rowids_of(store: Store, kind: str, record_ids: Sequence[str]) -> dict[str, int]:
    """{record id: rowid} of the records ``record_ids`` (those that exist)."""
    from .domain.entities import entity

    entity(kind)
    return {
        rid: rowid
        for rid, rowid in store.conn.execute(
            f"SELECT id, rowid FROM [{kind}] WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(record_ids)),),
        )
    }
