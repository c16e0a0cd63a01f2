"""Who may change what (DESIGN.md §4.5): one function for local writes and imports.

``refusal(actor, change, state)`` is the whole rule set.  ``Store.write``
calls it for every local change (with the database and the batch being
written as ``state``) and the importer calls it for every incoming change
(with the database and the package batch as ``state``), so a change one
computer accepts is a change every other computer accepts.

The rules:

- a *create* whose id names a node (``domain.ids.id_node``) must come from
  that node: a record belongs to the node that created it, nobody can claim
  its id;
- any other change to a row that is not here yet waits (``WAIT``: the
  importer holds it back until the creation arrives);
- then the policy of the row's kind decides (``POLICIES``):

  ``record`` (work records: ``EntitySpec.is_record``)
    specialist: only records whose ``specialist_id`` is theirs, before and
    after the change, and no review decisions (``review`` group fields; they
    may set ``review_state`` to draft or submitted);
    township: records of the station's own specialists, review included;
    county: records of specialists whose station lies under its organisation
    (its county; a city office registered with the city's org unit: the
    city) — a county computer with no organisation yet (before the roster)
    may change none;
  ``roster`` (everything else: org units, specialists, assignments, keys)
    only the county.

  ``groups`` (kinds whose spec declares ``EntitySpec.authority``, the roles
    allowed per field group: requests, callbacks, assessments)
    ``management.authority.change_refusal``, with the row as it stands.

A new kind plugs in without touching this module's code: declare its field
groups on its spec (``authority=((group, roles), ...)``: the ``groups``
policy), or mark it ``is_record`` (the ``record`` policy: ``specialist_id``
is the owner field, ``group="review"`` marks what only a station or county
may set), or register a policy of its own with
``register_policy(name, func, kinds=(kind,))`` where
``func(actor, change, state)`` returns a message key or None.  Every kind
else is roster: county only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..domain.entities import DELETED, ENTITIES, entity
from ..domain.ids import id_node

SPECIALIST_REVIEW_STATES = {None, "draft", "submitted"}
WAIT = "wait"


@dataclass(frozen=True)
class Actor:
    node_id: str
    role: str | None
    org_id: str | None = None
    specialist_id: str | None = None


def actor_of(info: Any) -> Actor:
    """The actor of a key (``keys.KeyInfo``) or of this node (``store.NodeInfo``)."""
    return Actor(info.node_id, info.role, info.org_id, info.specialist_id)


class ChangeLike(Protocol):
    @property
    def node_id(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def record_id(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def fields(self) -> dict[str, Any]: ...


class State(Protocol):
    def exists(self, kind: str, record_id: str) -> bool: ...
    def owners(self, kind: str, record_id: str) -> set[str]: ...  # a new set each call
    def stations(self, specialist_id: str) -> set[str]: ...
    def parent(self, org_id: str) -> str | None: ...


Policy = Callable[[Actor, ChangeLike, State], str | None]


def _record_policy(actor: Actor, v: ChangeLike, state: State) -> str | None:
    record_owners = state.owners(v.entity, v.record_id)  # a new set, ours to change
    sid = v.fields.get("specialist_id")
    if isinstance(sid, str):
        record_owners.add(sid)
    if not record_owners:
        return "sync.r.unknown_record"
    role = actor.role
    if role == "specialist":
        # Their own records: those they look after now, and those their computer created
        # (the id names it) and which the change does not hand to someone else -- so an
        # edit saved before the township moved the record to a colleague is judged the
        # same on every computer, whenever the move arrives.
        mine = bool(actor.specialist_id) and record_owners == {actor.specialist_id}
        created_here = id_node(v.record_id) == actor.node_id and sid in (None, actor.specialist_id)
        if not actor.specialist_id or not (mine or created_here):
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
        for owner in record_owners:
            if not actor.org_id or actor.org_id not in state.stations(owner):
                return "sync.r.not_township_record"
        return None
    # county
    if not actor.org_id:
        return "sync.r.county_no_org"
    owner_under = getattr(state, "owner_under", None)
    for owner in record_owners:
        if owner_under is not None:
            under = owner_under(owner, actor.org_id)
        else:
            under = any(_under(state, st, actor.org_id) for st in state.stations(owner))
        if not under:
            return "sync.r.not_county_record"
    return None


def _under(state: State, org_id: str | None, ancestor: str) -> bool:
    """``org_id`` is ``ancestor`` or lies below it (a county's stations; a city's counties)."""
    for _depth in range(8):
        if org_id is None:
            return False
        if org_id == ancestor:
            return True
        org_id = state.parent(org_id)
    return False


def _roster_policy(actor: Actor, v: ChangeLike, state: State) -> str | None:
    return None if actor.role == "county" else "sync.r.roster_county"


def _groups_policy(actor: Actor, v: ChangeLike, state: State) -> str | None:
    """Kinds that declare who writes each field group (``EntitySpec.authority``: requests,
    callbacks, assessments of issue 13): ``management.authority`` holds their rules."""
    from ..management.authority import change_refusal, org_maps, sync_refusal

    row_of = getattr(state, "row_of", None)
    if row_of is None:  # an import: the database plus the batch, as the management rules read it
        return sync_refusal(actor, v, state)
    station_of, parent_of = org_maps(state.store.conn)  # type: ignore[attr-defined]
    return change_refusal(
        v.entity,
        actor.role,
        actor.org_id,
        actor.specialist_id,
        row_of(v.record_id),
        v.fields,
        station_of,
        parent_of,
    )


POLICIES: dict[str, Policy] = {
    "record": _record_policy,
    "roster": _roster_policy,
    "groups": _groups_policy,
}
POLICY_OF_KIND: dict[str, str] = {}


_POLICY_CACHE: dict[str, Policy] = {}  # kind -> its policy (an import asks for each change)


def register_policy(name: str, policy: Policy, kinds: Iterable[str] = ()) -> None:
    """Add a policy (``func(actor, change, state) -> message key | None``), optionally for kinds."""
    POLICIES[name] = policy
    for kind in kinds:
        POLICY_OF_KIND[kind] = name
    _POLICY_CACHE.clear()


def policy_for(kind: str) -> Policy:
    found = _POLICY_CACHE.get(kind)
    if found is None:
        found = _find_policy(kind)
        if kind in ENTITIES:
            _POLICY_CACHE[kind] = found
    return found


def _find_policy(kind: str) -> Policy:
    spec = ENTITIES.get(kind)
    if spec is None:
        return _roster_policy
    name = POLICY_OF_KIND.get(kind)
    if name is None:
        declared = getattr(spec, "authority", ())
        name = "groups" if declared else ("record" if spec.is_record else "roster")
    return POLICIES[name]


def refusal(actor: Actor, v: ChangeLike, state: State) -> str | None:
    """The message key of why ``actor`` may not make change ``v`` (None: allowed; ``WAIT``: not yet)."""
    if actor.role not in ("specialist", "township", "county"):
        return "sync.r.no_role"
    if v.op == "create":
        creator = id_node(v.record_id)
        if creator is not None and creator != v.node_id:
            return "sync.r.id_not_yours"
    elif not state.exists(v.entity, v.record_id):
        return WAIT
    return policy_for(v.entity)(actor, v, state)


# --------------------------------------------------------------- import state
class ImportCache:
    """What one import learnt from the database, kept from batch to batch.

    Rows found stay found (rows are never removed, a deletion is a tombstone);
    a specialist's station and an org unit's parent are forgotten once a batch
    that changes them has been applied (``begin`` of the next batch).
    """

    def __init__(self) -> None:
        self.found: set[tuple[str, str]] = set()
        self.station: dict[str, str | None] = {}
        self.parent: dict[str, str | None] = {}
        # Every specialist's station and org unit's parent, as the management rules read
        # them (``management.authority.org_maps``): the whole roster, read once per import
        # instead of once per batch, and again after a batch that changed the roster.
        self.org_maps: tuple[dict[str, str], dict[str, str]] | None = None
        self._changing: list[tuple[dict[str, str | None], str]] = []

    def begin(self, batch: list[Any]) -> None:
        """A new batch: the previous one is applied now, so what it changed is read again."""
        for cached, record_id in self._changing:
            cached.pop(record_id, None)
        if self._changing:
            self.org_maps = None
        self._changing = [
            (self.station if v.entity == "specialist" else self.parent, v.record_id)
            for v in batch
            if v.entity in ("specialist", "org_unit")
        ]


class ImportState:
    """``State`` for one batch of incoming changes: the database plus the batch itself.

    A row created by an accepted change earlier in the batch counts as
    existing, and a record's owners are taken from the database and from the
    accepted changes (a review that travels with the record it reviews is
    judged correctly; a batch that moves a record to another specialist is
    judged against both).  Refused changes leave no trace here.
    """

    def __init__(self, store: Any, versions: Iterable[Any], cache: ImportCache | None = None):
        self.store = store
        self.versions = list(versions)  # the batch (read by the management rules)
        self.cache = cache if cache is not None else ImportCache()
        self.cache.begin(self.versions)
        self.created: set[str] = set()
        self.batch_owner: dict[str, set[str]] = {}
        self.batch_station: dict[str, set[str]] = {}
        self.batch_parent: dict[str, str] = {}
        record_ids: dict[str, set[str]] = {}
        for v in self.versions:
            spec = ENTITIES.get(v.entity)
            if spec is not None and spec.is_record:
                record_ids.setdefault(v.entity, set()).add(v.record_id)
        self.db_owner: dict[str, str] = {}
        self.db_rows: set[str] = set()
        # (kind, id) of the batch's records the database does not hold (the merge need not look).
        self.db_absent: set[tuple[str, str]] = set()
        for kind, ids in record_ids.items():
            found: set[str] = set()
            for chunk in _chunks(sorted(ids)):
                marks = ",".join("?" * len(chunk))
                for rid, sid in store.conn.execute(
                    f"SELECT id, specialist_id FROM [{entity(kind).name}] WHERE id IN ({marks})",
                    chunk,
                ):
                    found.add(rid)
                    if sid:
                        self.db_owner[rid] = sid
            self.db_rows |= found
            self.db_absent.update((kind, rid) for rid in ids - found)
        self._missing: set[tuple[str, str]] = set()  # not in the database (this batch only)
        self._station_cache = self.cache.station
        self._parent_cache = self.cache.parent
        self._owner_under: dict[tuple[str, str], bool] = {}

    def accept(self, v: Any) -> None:
        """``v`` will be applied: later changes of the batch see what it creates or moves."""
        if v.op == "create":
            self.created.add(v.record_id)
        spec = ENTITIES.get(v.entity)
        if spec is None:
            return
        if spec.is_record:
            sid = v.fields.get("specialist_id")
            if isinstance(sid, str):
                self.batch_owner.setdefault(v.record_id, set()).add(sid)
        elif v.entity == "specialist" and isinstance(v.fields.get("org_id"), str):
            self.batch_station.setdefault(v.record_id, set()).add(v.fields["org_id"])
            self._owner_under.clear()
        elif v.entity == "org_unit" and isinstance(v.fields.get("parent_id"), str):
            self.batch_parent[v.record_id] = v.fields["parent_id"]
            self._owner_under.clear()

    def owner_under(self, specialist_id: str, ancestor: str) -> bool:
        """Some station of ``specialist_id`` is ``ancestor`` or lies below it.

        A pure function of the stations and parents this state knows, which only
        ``accept`` of a specialist or org-unit change alters (it forgets the answers),
        so the thousands of records of one specialist in a batch ask the tree once.
        """
        key = (specialist_id, ancestor)
        found = self._owner_under.get(key)
        if found is None:
            found = self._owner_under[key] = any(
                _under(self, st, ancestor) for st in self.stations(specialist_id)
            )
        return found

    def _db_has(self, kind: str, record_id: str) -> bool:
        key = (kind, record_id)
        if key in self.cache.found:
            return True
        if key in self._missing:
            return False
        found = (
            self.store.conn.execute(
                f"SELECT 1 FROM [{entity(kind).name}] WHERE id = ?", (record_id,)
            ).fetchone()
            is not None
        )
        (self.cache.found if found else self._missing).add(key)
        return found

    def exists(self, kind: str, record_id: str) -> bool:
        return (
            record_id in self.created or record_id in self.db_rows or self._db_has(kind, record_id)
        )

    def owners(self, kind: str, record_id: str) -> set[str]:
        found = set(self.batch_owner.get(record_id, ()))
        if record_id in self.db_owner:
            found.add(self.db_owner[record_id])
        return found

    def stations(self, specialist_id: str) -> set[str]:
        found = set(self.batch_station.get(specialist_id, ()))
        if specialist_id not in self._station_cache:
            row = self.store.conn.execute(
                "SELECT org_id FROM specialist WHERE id = ?", (specialist_id,)
            ).fetchone()
            self._station_cache[specialist_id] = row[0] if row else None
        if self._station_cache[specialist_id]:
            found.add(self._station_cache[specialist_id])  # type: ignore[arg-type]
        return found

    def parent(self, org_id: str) -> str | None:
        if org_id in self.batch_parent:
            return self.batch_parent[org_id]
        if org_id not in self._parent_cache:
            row = self.store.conn.execute(
                "SELECT parent_id FROM org_unit WHERE id = ?", (org_id,)
            ).fetchone()
            self._parent_cache[org_id] = row[0] if row else None
        return self._parent_cache[org_id]

    def dangling(self, v: Any) -> bool:
        """True if ``v`` points at a village, specialist or record that is not here (nor in the batch)."""
        refs = _REF_FIELDS.get(v.entity)
        if refs is None:
            spec = ENTITIES.get(v.entity)
            refs = _REF_FIELDS[v.entity] = tuple(
                (f.name, f.ref_entity)
                for f in (spec.fields if spec else ())
                if f.ref_entity and f.ref_entity in ENTITIES
            )
        if not refs:
            return False
        fields = v.fields
        if fields.get(DELETED):
            return False
        for name, target in refs:
            value = fields.get(name)
            if isinstance(value, str) and not self.exists(target, value):
                return True
        return False


_REF_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {}


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def describe_change(v: Any, language: str | None = None, who: str | None = None) -> str:
    """One refused change for a person: kind, short record id (as ``zjk record list`` prints it),
    operation, who made it and its number."""
    from .. import i18n

    spec = ENTITIES.get(v.entity)
    label = spec.label(language or i18n.get_language()) if spec else str(v.entity)[:20]
    return f"{label} {str(v.record_id)[-10:]} ({v.op}, {who or str(v.node_id)[:12]}#{v.counter})"
