"""Who may write requests, callbacks and assessments (local writes and imports alike).

The field groups and the roles allowed to write each are declared on the
entity specs (``EntitySpec.authority``); this module adds what a table of
groups cannot say: a specialist answers only requests assigned to them, a
station writes only for its own villages and specialists, a county only for
its townships.  ``change_refusal`` is the one rule; ``sync_refusal`` feeds it
from an import, the management core functions from a local write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from .. import i18n
from ..domain.entities import DELETED, MANAGEMENT_KINDS, entity

i18n.register(
    {
        "mgmt.r.role": ("该角色无权进行此项修改", "This role may not make this change"),
        "mgmt.r.not_assigned": (
            "只能答复分派给本人的需求",
            "Only requests assigned to you may be answered",
        ),
        "mgmt.r.not_station": (
            "只能处理本服务站的需求或回访",
            "Only your own station's requests and callbacks",
        ),
        "mgmt.r.not_county": (
            "只能处理本县的需求、回访或考核",
            "Only your own county's requests, callbacks and assessments",
        ),
        "mgmt.r.delete": (
            "只有服务站或县服务团可以删除",
            "Only a station or the county may delete this",
        ),
    }
)


def change_refusal(
    kind: str,
    role: str | None,
    actor_org: str | None,
    actor_specialist: str | None,
    row: dict[str, Any] | None,
    values: dict[str, Any],
    station_of: dict[str, str],
    parent_of: dict[str, str],
) -> str | None:
    """The message key of why this actor may not apply ``values`` to ``row`` (None: allowed).

    ``row`` is the current state (None for a new row); ``station_of`` maps a
    specialist to their township station and ``parent_of`` an org unit to its
    parent, so the station and county of the row can be found.
    """
    spec = entity(kind)
    for name in values:
        if name == DELETED:
            if role not in ("township", "county"):
                return "mgmt.r.delete"
            continue
        f = spec.field(name)
        if f is None:
            continue  # unknown fields of newer programs are kept, not judged
        if role not in spec.roles_for_group(f.group):
            return "mgmt.r.role"
    if role == "specialist":
        # Only the answer of a request assigned to them (status to answered).
        current = (row or {}).get("specialist_id")
        if kind != "request" or not actor_specialist or current != actor_specialist:
            return "mgmt.r.not_assigned"
        if "specialist_id" in values or values.get("status", "answered") != "answered":
            return "mgmt.r.not_assigned"
        return None
    stations = _stations(kind, row, values, station_of, parent_of)
    if role == "township":
        if not actor_org or actor_org not in stations:
            return "mgmt.r.not_station"
        return None
    if role == "county":
        # Stations anywhere under its organisation: its county's, or every county's for a
        # city office registered with the city's org unit (as ``sync.authority`` judges records).
        if actor_org and not any(_under(st, actor_org, parent_of) for st in stations):
            return "mgmt.r.not_county"
        return None
    return "mgmt.r.role"


def _under(org_id: str | None, ancestor: str, parent_of: dict[str, str]) -> bool:
    """``org_id`` is ``ancestor`` or lies below it (a county's stations; a city's counties')."""
    for _depth in range(8):
        if org_id is None:
            return False
        if org_id == ancestor:
            return True
        org_id = parent_of.get(org_id)
    return False


def _stations(
    kind: str,
    row: dict[str, Any] | None,
    values: dict[str, Any],
    station_of: dict[str, str],
    parent_of: dict[str, str],
) -> set[str]:
    """Every township station the row belongs to, before or after the change."""
    found: set[str] = set()
    for state in (row or {}), values:
        org = state.get("org_id")
        if isinstance(org, str) and org:
            found.add(org)
        village = state.get("village_id")
        if isinstance(village, str) and village in parent_of:
            found.add(parent_of[village])
        sid = state.get("specialist_id")
        if kind != "request" and isinstance(sid, str) and sid in station_of:
            found.add(station_of[sid])
    return found


def org_maps(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    """(specialist → station, org unit → parent) from the database."""
    station_of = {sid: org for sid, org in conn.execute("SELECT id, org_id FROM specialist") if org}
    parent_of = {oid: p for oid, p in conn.execute("SELECT id, parent_id FROM org_unit") if p}
    return station_of, parent_of


class PackageRows:
    """The state of management rows as the importing database plus one package would make it."""

    def __init__(self, conn: sqlite3.Connection, versions: Iterable[Any]):
        self.conn = conn
        self.package: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._kinds: dict[str, set[str]] = {}  # kind -> the package's ids of it
        for v in versions:
            if v.entity in MANAGEMENT_KINDS:
                self.package.setdefault(v.record_id, []).append((v.stamp, v.fields))
                self._kinds.setdefault(v.entity, set()).add(v.record_id)
        for changes in self.package.values():
            changes.sort(key=lambda item: item[0])
        self._maps: tuple[dict[str, str], dict[str, str]] | None = None
        # The database rows of the package's management records, read in one query per
        # kind when first asked (kind -> id -> row; a record not held has no entry).
        self._held: dict[str, dict[str, dict[str, Any]]] = {}

    def maps(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._maps is None:
            self._maps = org_maps(self.conn)
        return self._maps

    def row_before(self, kind: str, record_id: str, stamp: str) -> dict[str, Any] | None:
        spec = entity(kind)
        ids = self._kinds.get(kind)
        if ids is not None and record_id in ids:
            held = self._held.get(kind)
            if held is None:
                held = self._held[kind] = self._read_rows(spec.name, sorted(ids))
            found_row = held.get(record_id)
            row: dict[str, Any] | None = dict(found_row) if found_row is not None else None
        else:
            cur = self.conn.execute(f"SELECT * FROM [{spec.name}] WHERE id = ?", (record_id,))
            cols = [d[0] for d in cur.description]
            found = cur.fetchone()
            row = dict(zip(cols, found, strict=True)) if found else None
        for s, fields in self.package.get(record_id, ()):
            if s >= stamp:
                break
            row = {**(row or {}), **fields}
        return row

    def _read_rows(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cur = self.conn.execute(
                f"SELECT * FROM [{table}] WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            cols = [d[0] for d in cur.description]
            for found in cur:
                row = dict(zip(cols, found, strict=True))
                rows[row["id"]] = row
        return rows


def sync_refusal(key: Any, v: Any, owners: Any) -> str | None:
    """``change_refusal`` for one imported change (``key``: the origin's KeyInfo)."""
    rows: PackageRows | None = getattr(owners, "_mgmt_rows", None)
    if rows is None:
        rows = PackageRows(owners.store.conn, getattr(owners, "versions", ()))
        owners._mgmt_rows = rows
        cache = getattr(owners, "cache", None)  # kept by the importer from batch to batch
        if cache is not None:
            if cache.org_maps is None:
                cache.org_maps = rows.maps()
            rows._maps = cache.org_maps
    row = rows.row_before(v.entity, v.record_id, v.stamp)
    if row is None and v.op != "create":
        return "sync.r.unknown_record"
    station_of, parent_of = rows.maps()
    return change_refusal(
        v.entity, key.role, key.org_id, key.specialist_id, row, v.fields, station_of, parent_of
    )


def local_refusal(
    store: Any, kind: str, row: dict[str, Any] | None, values: dict[str, Any]
) -> str | None:
    """``change_refusal`` for this node's own write (a node without a role may do anything: demo, tests)."""
    node = store.node_info()
    if node.role is None:
        return None
    station_of, parent_of = org_maps(store.conn)
    return change_refusal(
        kind, node.role, node.org_id, node.specialist_id, row, values, station_of, parent_of
    )
