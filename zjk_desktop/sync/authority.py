"""Who may change what (DESIGN.md §4.5), checked per change on import.

- specialist: only records whose specialist is the sender's specialist, and
  no review decisions (they may set a record to draft or submitted);
- township: records of the station's own specialists, including review fields;
- county: the roster and keyring, and records of the county's specialists;
- nobody but the county: org units, specialists, assignments, node keys.

The record's owner is taken from the importing database and from the
package itself (a record created in the same package), so a review that
travels with the record it reviews is judged correctly.
"""

from __future__ import annotations

from collections.abc import Iterable
from ..domain.entities import MANAGEMENT_KINDS, RECORD_KINDS, ROSTER_KINDS, entity
from ..store import Store, Version
from .keys import KeyInfo

SPECIALIST_REVIEW_STATES = {None, "draft", "submitted"}


class OwnerIndex:
    """Record → specialist and specialist → station, from the database and one package."""

    def __init__(self, store: Store, versions: Iterable[Version]):
        self.store = store
        versions = list(versions)
        self.versions = versions  # read by management.authority (requests, callbacks)
        record_ids: dict[str, set[str]] = {}
        specialist_ids: set[str] = set()
        self.package_owner: dict[str, list[tuple[str, str]]] = {}
        self.package_station: dict[str, list[tuple[str, str]]] = {}
        for v in versions:
            if v.entity in RECORD_KINDS:
                record_ids.setdefault(v.entity, set()).add(v.record_id)
                sid = v.fields.get("specialist_id")
                if isinstance(sid, str):
                    self.package_owner.setdefault(v.record_id, []).append((v.stamp, sid))
                    specialist_ids.add(sid)
            elif v.entity == "specialist" and isinstance(v.fields.get("org_id"), str):
                self.package_station.setdefault(v.record_id, []).append((v.stamp, v.fields["org_id"]))
        self.db_owner: dict[str, str] = {}
        for kind, ids in record_ids.items():
            for chunk in _chunks(sorted(ids)):
                marks = ",".join("?" * len(chunk))
                for rid, sid in store.conn.execute(
                    f"SELECT id, specialist_id FROM [{entity(kind).name}] WHERE id IN ({marks})", chunk
                ):
                    if sid:
                        self.db_owner[rid] = sid
                        specialist_ids.add(sid)
        self.db_station: dict[str, str] = {
            sid: org for sid, org in store.conn.execute("SELECT id, org_id FROM specialist") if org
        }
        self.parent: dict[str, str] = {
            oid: parent
            for oid, parent in store.conn.execute("SELECT id, parent_id FROM org_unit")
            if parent
        }

    def owners(self, v: Version) -> set[str]:
        """Every specialist the record belongs to, before or after this change."""
        found: set[str] = set()
        if v.record_id in self.db_owner:
            found.add(self.db_owner[v.record_id])
        for _stamp, sid in self.package_owner.get(v.record_id, ()):
            found.add(sid)
        sid = v.fields.get("specialist_id")
        if isinstance(sid, str):
            found.add(sid)
        return found

    def stations(self, specialist_id: str) -> set[str]:
        found = {org for _s, org in self.package_station.get(specialist_id, ())}
        if specialist_id in self.db_station:
            found.add(self.db_station[specialist_id])
        return found


def _chunks(items: list[str], size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def refusal(key: KeyInfo, v: Version, owners: OwnerIndex) -> str | None:
    """The message key of why ``key``'s node may not make change ``v`` (None: allowed)."""
    role = key.role
    if role not in ("specialist", "township", "county"):
        return "sync.r.no_role"
    if v.entity in MANAGEMENT_KINDS:
        from ..management.authority import sync_refusal

        return sync_refusal(key, v, owners)
    if v.entity in ROSTER_KINDS or v.entity not in RECORD_KINDS:
        return None if role == "county" else "sync.r.roster_county"
    record_owners = owners.owners(v)
    if not record_owners:
        return "sync.r.unknown_record"
    if role == "specialist":
        if not key.specialist_id or record_owners != {key.specialist_id}:
            return "sync.r.not_own_record"
        spec = entity(v.entity)
        for name, value in v.fields.items():
            f = spec.field(name)
            if f is None or f.group != "review":
                continue
            if name == "review_state":
                if value not in SPECIALIST_REVIEW_STATES:
                    return "sync.r.no_review"
            elif value not in (None, ""):
                return "sync.r.no_review"
        return None
    if role == "township":
        for sid in record_owners:
            if not key.org_id or key.org_id not in owners.stations(sid):
                return "sync.r.not_township_record"
        return None
    # county
    if not key.org_id:
        return None
    for sid in record_owners:
        stations = owners.stations(sid)
        if not any(owners.parent.get(st) == key.org_id or st == key.org_id for st in stations):
            return "sync.r.not_county_record"
    return None


def describe_change(v: Version, language: str | None = None) -> str:
    from .. import i18n

    spec = entity(v.entity) if v.entity in _known() else None
    label = spec.label(language or i18n.get_language()) if spec else v.entity
    return f"{label} {v.record_id[:8]} ({v.op}, {v.node_id}#{v.counter})"


def _known() -> set[str]:
    from ..domain.entities import ENTITIES

    return set(ENTITIES)
