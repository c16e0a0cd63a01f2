"""The merge engine: the one write path of the store.

``MergeEngine.write`` is the one door every local create, update, delete,
review and conflict resolution goes through: it validates, asks the
authority rules, stamps a version and merges it.  ``apply_versions`` merges
versions that arrived from other nodes through the same merge.  Nothing else
writes record or roster rows.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from .. import i18n
from ..domain.entities import DELETED, ENTITIES, RECORD_KINDS, EntitySpec, entity
from ..domain.hlc import LOGICAL_MAX, format_stamp, parse_stamp
from ..domain.ids import new_ids
from ..domain.validation import (
    Problem,
    ReferenceLookup,
    normalize,
    photo_problems,
    today,
    validate,
)
from . import search_text
from .connection import (
    MAX_CLOCK_AHEAD_MS,
    META_COUNTER,
    META_HLC,
    META_PEER_CLOCK,
    StoreError,
    disk_full_error,
)
from .create_check import create_check
from .reads import StoreReads, _decode_row
from .versions import (
    Change,
    Materialized,
    ValidationFailed,
    Version,
    WriteOutcome,
    canonical_json,
    conflict_id,
    materialize,
)

_T = TypeVar("_T")
# (specialist, village) -> the (start, end) dates of its assignments.
_Spans = dict[tuple[str | None, str | None], list[tuple[str | None, str | None]]]

# A kind receiving at least this many rows (and at least as many as it holds) has its
# lookup indexes built after the load (``MergeEngine.deferred_indexes``).
BULK_ROWS = 20_000

_OPS = frozenset(("create", "update", "delete", "resolve", "review", "restore"))
_NO_SKIP: frozenset[str] = frozenset()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during one batch (it finds nothing there and
    costs ~15 % of a bulk write); collection resumes, as it was, afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _no_savepoint() -> Iterator[None]:
    yield


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


_first_item = operator.itemgetter(0)
_ENCODERS = {"bool": lambda v: 1 if v else 0, "list": canonical_json}


class _RowShape:
    """How one kind's rows are written: the upsert, and each row's parameters in its column order."""

    __slots__ = ("encoded", "encoded_names", "field_set", "names", "sql")

    def __init__(self, spec: EntitySpec) -> None:
        names = spec.field_names()
        columns = [
            "id",
            *names,
            "deleted",
            "created_stamp",
            "updated_stamp",
            "origin_node",
            "_clocks",
            "_extra",
            "_conflicts",
        ]
        marks = ",".join("?" * len(columns))
        updates = ",".join(f"[{c}] = excluded.[{c}]" for c in columns[1:])
        self.sql = (
            f"INSERT INTO [{spec.name}] ({','.join(f'[{c}]' for c in columns)}) VALUES ({marks})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}"
        )
        self.names = names
        self.field_set = spec.field_set
        # Positions (in the parameter row) of the columns needing encoding.
        self.encoded = [
            (i, _ENCODERS[f.type]) for i, f in enumerate(spec.fields, 1) if f.type in _ENCODERS
        ]
        self.encoded_names = [names[i - 1] for i, _ in self.encoded]

    def params(
        self,
        record_id: str,
        values: Mapping[str, Any],
        created_stamp: str,
        updated_stamp: str,
        origin_node: str,
        clocks: str | None,
        extra: str | None,
        n_conflicts: int,
    ) -> Sequence[Any]:
        get = values.get
        deleted = 1 if get(DELETED) else 0
        for name in self.encoded_names:
            if get(name) is not None:
                break
        else:  # nothing to encode (the common case): one tuple
            return (
                record_id,
                *map(get, self.names),
                deleted,
                created_stamp,
                updated_stamp,
                origin_node,
                clocks,
                extra,
                n_conflicts,
            )
        p = [record_id, *map(get, self.names)]
        for i, enc in self.encoded:
            x = p[i]
            if x is not None:
                p[i] = enc(x)
        p += (deleted, created_stamp, updated_stamp, origin_node, clocks, extra, n_conflicts)
        return p

    def of_row(self, record_id: str, row: _Row) -> Sequence[Any]:
        return self.params(
            record_id,
            row.values,
            row.created_stamp,
            row.updated_stamp,
            row.origin_node,
            canonical_json(row.clocks) if row.clocks else None,
            canonical_json(row.extra) if row.extra else None,
            row.n_conflicts,
        )

    def of_only_version(self, v: Version) -> Sequence[Any] | None:
        """The row ``v`` makes as its row's only version: ``of_row(v.record_id, _first_row(spec,
        v))`` without the ``_Row``; None for a version that is not that plain (it deletes, or
        carries fields this program does not know) — ``_first_row`` makes those."""
        fields = v.fields
        if DELETED in fields or not fields.keys() <= self.field_set:
            return None
        return self.params(v.record_id, fields, v.stamp, v.stamp, v.node_id, None, None, 0)


_SHAPES: dict[str, _RowShape] = {}


def _row_shape(spec: EntitySpec) -> _RowShape:
    found = _SHAPES.get(spec.name)
    if found is None or found.field_set is not spec.field_set:
        found = _SHAPES[spec.name] = _RowShape(spec)
    return found


@dataclass
class _Row:
    """A row being merged: decoded values plus its merge bookkeeping."""

    values: dict[str, Any]
    clocks: dict[str, list[str]]  # compact heads (see Materialized.compact_clocks)
    extra: dict[str, Any]
    created_stamp: str
    updated_stamp: str
    origin_node: str
    n_conflicts: int

    def heads(self, field_name: str) -> list[str]:
        return self.clocks.get(field_name) or [self.created_stamp]

    @classmethod
    def from_materialized(cls, m: Materialized) -> _Row:
        return cls(
            values=dict(m.values),
            clocks=m.compact_clocks(),
            extra=dict(m.extra),
            created_stamp=m.created_stamp,
            updated_stamp=m.updated_stamp,
            origin_node=m.origin_node,
            n_conflicts=len(m.conflicts),
        )


def _first_row(spec: EntitySpec, v: Version) -> _Row:
    """The row made by a row's only version (what ``materialize([v])`` gives, faster)."""
    if DELETED in v.fields:
        return _Row.from_materialized(materialize(spec, [v]))
    known = spec.field_set
    fields = v.fields
    if fields.keys() <= known:
        return _Row(dict(fields), {}, {}, v.stamp, v.stamp, v.node_id, 0)
    values = {k: x for k, x in fields.items() if k in known}
    extra = {k: x for k, x in fields.items() if k not in known}
    return _Row(values, {}, extra, v.stamp, v.stamp, v.node_id, 0)


class StoreRefs(ReferenceLookup):
    """Reference lookups for validation, cached for one write batch."""

    def __init__(self, store: MergeEngine):
        self.store = store
        self._org: dict[str, str] | None = None
        self._specialists: set[str] | None = None
        self._assignments: _Spans | None = None
        self._other: dict[str, set[str]] = {}

    def _load_org(self) -> dict[str, str]:
        if self._org is None:
            self._org = {
                r[0]: r[1]
                for r in self.store.conn.execute("SELECT id, level FROM org_unit WHERE deleted = 0")
            }
        return self._org

    def _load_specialists(self) -> set[str]:
        if self._specialists is None:
            self._specialists = {
                r[0] for r in self.store.conn.execute("SELECT id FROM specialist WHERE deleted = 0")
            }
        return self._specialists

    def _load_assignments(self) -> _Spans:
        if self._assignments is None:
            self._assignments = {}
            for sid, vid, start, end in self.store.conn.execute(
                "SELECT specialist_id, village_id, start_date, end_date FROM assignment"
                " WHERE deleted = 0"
            ):
                self._assignments.setdefault((sid, vid), []).append((start, end))
        return self._assignments

    def org_level(self, org_id: str) -> str | None:
        return self._load_org().get(org_id)

    def specialist_exists(self, specialist_id: str) -> bool:
        return specialist_id in self._load_specialists()

    def assigned(self, specialist_id: str, village_id: str, date: str) -> bool:
        for start, end in self._load_assignments().get((specialist_id, village_id), ()):
            if (not start or start <= date) and (not end or date <= end):
                return True
        return False

    def exists(self, entity_name: str, row_id: str) -> bool:
        if entity_name not in self._other:
            self._other[entity_name] = {
                r[0]
                for r in self.store.conn.execute(
                    f"SELECT id FROM [{entity(entity_name).name}] WHERE deleted = 0"
                )
            }
        return row_id in self._other[entity_name]

    def org_name(self, org_id: str) -> str | None:
        row = self.store.conn.execute(
            "SELECT name FROM org_unit WHERE id = ?", (org_id,)
        ).fetchone()
        return row[0] if row else None

    def blob_exists(self, digest: str) -> bool:
        return self.store.has_blob(digest)

    def note_pending(self, kind: str, record_id: str, row: dict[str, Any], deleted: bool) -> None:
        """Make rows written earlier in the same batch visible to later changes."""
        if kind == "org_unit":
            org = self._load_org()
            if deleted:
                org.pop(record_id, None)
            elif row.get("level"):
                org[record_id] = row["level"]
        elif kind == "specialist":
            specialists = self._load_specialists()
            (specialists.discard if deleted else specialists.add)(record_id)
        elif kind == "assignment":
            assignments = self._load_assignments()
            key = (row.get("specialist_id"), row.get("village_id"))
            span = (row.get("start_date"), row.get("end_date"))
            spans = [s for s in assignments.get(key, []) if s != span]
            if not deleted:
                spans.append(span)
            assignments[key] = spans
        if kind in self._other:
            (self._other[kind].discard if deleted else self._other[kind].add)(record_id)


def _grammar_problems(spec: EntitySpec, values: dict[str, Any]) -> list[Problem]:
    """The wire grammar of every value (store.grammar): what an importer would refuse, refused here."""
    from . import grammar

    out = []
    for name, key in grammar.field_problems(spec.name, values):
        f = spec.field(name)
        out.append(
            Problem(
                name,
                key,
                "error",
                {"field_zh": f.zh if f else name, "field_en": f.en if f else name},
            )
        )
    return out


def _clean_actor(name: str) -> str:
    from . import grammar

    return grammar.BAD_TEXT_RE.sub("", name)[: grammar.MAX_ACTOR]


class _LocalChange:
    __slots__ = ("entity", "fields", "node_id", "op", "record_id")

    def __init__(
        self, node_id: str, entity_name: str, record_id: str, op: str, fields: dict[str, Any]
    ) -> None:
        self.node_id = node_id
        self.entity = entity_name
        self.record_id = record_id
        self.op = op
        self.fields = fields


class _LocalRules:
    """The authority rules (``sync.authority.refusal``) for one local write batch.

    Its state is the database plus the changes earlier in the batch, exactly
    what an importer of this batch would see, so what this node saves every
    other node accepts.  A node with no role yet (before ``zjk init``) writes
    freely: nothing leaves it until it has one.
    """

    def __init__(
        self, store: MergeEngine, current_rows: dict[str, _Row], pending: dict[str, dict[str, Any]]
    ) -> None:
        from ..sync import authority

        self.authority = authority
        self.store = store
        info = store.node_info()
        self.actor = authority.Actor(info.node_id, info.role, info.org_id, info.specialist_id)
        self.current_rows = current_rows
        self.pending = pending
        self._stations: dict[str, str | None] = {}
        self._parents: dict[str, str | None] = {}

    def refusal(
        self, kind: str, record_id: str, op: str, values: dict[str, Any], node_id: str
    ) -> str | None:
        """The one-line reason the rules refuse this change (None: allowed)."""
        if self.actor.role is None:
            return None
        key = self.authority.refusal(
            self.actor, _LocalChange(node_id, kind, record_id, op, values), self
        )
        if key == self.authority.WAIT:
            return i18n.t("store.not_found", id=record_id[-10:])
        return i18n.t(key) if key is not None else None

    def row_of(self, record_id: str) -> dict[str, Any] | None:
        """The row as it stands before this change (earlier changes of the batch included)."""
        return self._row(record_id)

    # authority.State
    def _row(self, record_id: str) -> dict[str, Any] | None:
        row = self.pending.get(record_id)
        if row is None and record_id in self.current_rows:
            row = self.current_rows[record_id].values
        return row

    def exists(self, kind: str, record_id: str) -> bool:
        if self._row(record_id) is not None:
            return True
        return (
            self.store.conn.execute(
                f"SELECT 1 FROM [{entity(kind).name}] WHERE id = ?", (record_id,)
            ).fetchone()
            is not None
        )

    def owners(self, kind: str, record_id: str) -> set[str]:
        row = self._row(record_id)
        sid = row.get("specialist_id") if row else None
        return {sid} if isinstance(sid, str) else set()

    def stations(self, specialist_id: str) -> set[str]:
        row = self.pending.get(specialist_id)
        if row is not None:
            return {row["org_id"]} if row.get("org_id") else set()
        # The database does not change while a batch is checked: each answer read once.
        if specialist_id not in self._stations:
            found = self.store.conn.execute(
                "SELECT org_id FROM specialist WHERE id = ?", (specialist_id,)
            ).fetchone()
            self._stations[specialist_id] = found[0] if found and found[0] else None
        station = self._stations[specialist_id]
        return {station} if station else set()

    def parent(self, org_id: str) -> str | None:
        row = self.pending.get(org_id)
        if row is not None:
            return row.get("parent_id")
        if org_id not in self._parents:
            found = self.store.conn.execute(
                "SELECT parent_id FROM org_unit WHERE id = ?", (org_id,)
            ).fetchone()
            self._parents[org_id] = found[0] if found else None
        return self._parents[org_id]


class MergeEngine(StoreReads):
    """Validation, authority, stamping, the version log and the rows merged from it."""

    # Called with the store before every local write (``write``); each may
    # raise ``StoreError`` to refuse it.  The sync package registers the
    # check that this database's own signing key is present (issue 10).
    write_checks: ClassVar[list[Callable[[Any], None]]] = []

    def recover_clock(self) -> int:
        """After this computer's clock ran far ahead and was fixed: re-stamp, come back to now.

        Changes saved while the clock was ahead carry future stamps; left
        alone they would beat every honest edit until that date, and the
        clock (which never goes back) would keep stamping new work in the
        future.  So, once the wall clock is back (more than a week behind the
        last stamp, and no peer says this wall clock is the wrong one), every
        field whose current value is one of those future-dated versions gets
        a new version with the same value that *replaces* it (``base``), stamped
        just after this node's last honest stamp — so the value stays, but
        any honest edit made since then, anywhere, beats it.  Then the clock
        restarts from the wall clock.  Every node merges these versions the
        same way (``materialize``: a replacing version wins over what it
        replaced).  Returns the number of versions written.
        """
        wall = self.wall_ms()
        clock = self.clock
        if clock.last_ms - wall <= MAX_CLOCK_AHEAD_MS or self.clock_behind_days():
            return 0
        me = self.node_id
        cut = format_stamp(min(wall, 10**13 - 1), LOGICAL_MAX, me)
        honest = self.conn.execute(
            "SELECT max(stamp) FROM versions WHERE node_id = ? AND stamp <= ?", (me, cut)
        ).fetchone()[0]
        future = {
            stamp: (kind, rid)
            for stamp, kind, rid in self.conn.execute(
                "SELECT stamp, entity, record_id FROM versions WHERE node_id = ? AND stamp > ?",
                (me, cut),
            )
        }
        by_kind: dict[str, set[str]] = {}
        for kind, rid in future.values():
            by_kind.setdefault(kind, set()).add(rid)
        restart = parse_stamp(honest)[:2] if honest else (max(wall - MAX_CLOCK_AHEAD_MS, 0), 0)
        clock.last_ms, clock.last_logical = restart
        counter = self.last_counter()
        versions: list[Version] = []
        for kind, ids in sorted(by_kind.items()):
            for rid, row in sorted(self._load_rows(kind, ids).items()):
                fields: dict[str, Any] = {}
                base: dict[str, list[str]] = {}
                by_stamp = {v.stamp: v for v in self.versions_of(rid)}
                for name in sorted(set(row.values) | set(row.extra) | set(row.clocks)):
                    mine = [h for h in row.heads(name) if h in future]
                    source = by_stamp.get(max(mine)) if mine else None
                    if source is None or name not in source.fields:
                        continue
                    fields[name] = source.fields[name]
                    base[name] = sorted(mine)
                if not fields:
                    continue
                counter += 1
                versions.append(
                    Version.make(
                        me,
                        counter,
                        clock.now(wall_ms=restart[0]),
                        kind,
                        rid,
                        "update",
                        fields,
                        base,
                        _clean_actor(self.get_meta("actor") or ""),
                    )
                )
        clock.last_ms, clock.last_logical = max((clock.last_ms, clock.last_logical), (wall, 0))
        if versions:
            self._guarded(lambda: self._apply(versions, local=True, counter=counter))
        else:
            self.set_meta(META_HLC, clock.last)
        return len(versions)

    # ---------------------------------------------------------------- writes
    def refs(self) -> StoreRefs:
        return StoreRefs(self)

    def write(
        self,
        changes: Sequence[Change],
        *,
        validate_rows: bool = True,
        refs: StoreRefs | None = None,
        actor: str | None = None,
        today_fn: Callable[[], _dt.date] = today,
    ) -> list[WriteOutcome]:
        """Validate, version and merge local changes: all of them, or none.

        Raises ``ValidationFailed`` (nothing written) when any change has an
        error; warnings ride along in the outcomes.
        """
        for check in MergeEngine.write_checks:
            check(self)
        with _gc_paused():
            return self._write(changes, validate_rows, refs, actor, today_fn)

    def _write(
        self,
        changes: Sequence[Change],
        validate_rows: bool,
        refs: StoreRefs | None,
        actor: str | None,
        today_fn: Callable[[], _dt.date],
    ) -> list[WriteOutcome]:
        refs = refs or self.refs()
        problems: dict[int, list[Problem]] = {}
        prepared: list[
            tuple[str, str, dict[str, Any], Sequence[Problem], dict[str, list[str]] | None]
        ] = []
        by_kind: dict[str, list[str]] = {}
        for ch in changes:
            if ch.op != "create" and ch.record_id:
                by_kind.setdefault(ch.kind, []).append(ch.record_id)
        current_rows = {
            rid: row
            for kind, ids in by_kind.items()
            for rid, row in self._load_rows(kind, ids).items()
        }
        pending: dict[str, dict[str, Any]] = {}
        node_id = self.node_id
        rules = _LocalRules(self, current_rows, pending)
        first_refusal: str | None = None  # authority, reported after validation

        today_iso = today_fn().isoformat()
        made: dict[str, list[str]] = {}  # kind -> ids this batch made for its creates
        fresh_ids = iter(
            new_ids(sum(1 for ch in changes if ch.op == "create" and not ch.record_id), node_id)
        )
        for i, ch in enumerate(changes):
            spec = ENTITIES.get(ch.kind) or entity(ch.kind)
            op = ch.op
            if op not in _OPS:
                raise StoreError(i18n.t("store.bad_op", op=op))
            if op == "create" and validate_rows:
                # Most creates already pass every rule: one precompiled pass says so
                # (store/create_check.py); any other row takes the full path below.
                clean = create_check(spec)(ch.values, refs, today_iso)
                if clean is not None:
                    record_id = ch.record_id or next(fresh_ids)
                    if record_id in current_rows or record_id in pending:
                        raise StoreError(i18n.t("store.not_found", id=record_id))
                    if not ch.record_id:
                        made.setdefault(ch.kind, []).append(record_id)
                    refusal = rules.refusal(ch.kind, record_id, op, clean, node_id)
                    if refusal is not None and first_refusal is None:
                        first_refusal = refusal
                    pending[record_id] = clean
                    refs.note_pending(ch.kind, record_id, clean, False)
                    prepared.append((ch.kind, record_id, clean, (), ch.base))
                    continue
            if op == "create":
                record_id = ch.record_id or next(fresh_ids)
                if not ch.record_id:
                    made.setdefault(ch.kind, []).append(record_id)
                current: dict[str, Any] = {}
                if record_id in current_rows or record_id in pending:
                    raise StoreError(i18n.t("store.not_found", id=record_id))
            else:
                record_id = ch.record_id or ""
                row = pending.get(record_id)
                if row is None:
                    cached = current_rows.get(record_id)
                    row = cached.values if cached else None
                if row is None or (row.get(DELETED) and ch.op != "restore"):
                    raise StoreError(i18n.t("store.not_found", id=record_id))
                current = row
            values, coerce_problems = normalize(spec, ch.values)
            if op == "create" and spec.is_record and not values.get("review_state"):
                values["review_state"] = "draft"
            if op == "delete":
                values = {DELETED: True}
                values.update({name: None for name in spec.personal_fields})
            elif op == "restore":
                values = {DELETED: False}
            elif op in ("update", "review"):
                values = {k: v for k, v in values.items() if current.get(k) != v}
            merged = {**current, **values} if current else dict(values)
            refusal = rules.refusal(ch.kind, record_id, op, values, node_id)
            if refusal is not None and first_refusal is None:
                first_refusal = refusal
            found = list(coerce_problems)
            if op in ("create", "update") and "photos" in values:
                found += photo_problems(spec, values, refs, current.get("photos"))
            if validate_rows and op not in ("delete", "restore"):
                found += validate(
                    spec,
                    merged,
                    refs,
                    today_fn=today_fn,
                    skip=frozenset(p.field for p in coerce_problems)
                    if coerce_problems
                    else _NO_SKIP,
                )
            flagged = {p.field for p in found if p.is_error}
            found += [p for p in _grammar_problems(spec, values) if p.field not in flagged]
            if found:
                problems[i] = found
            pending[record_id] = merged
            refs.note_pending(ch.kind, record_id, merged, bool(merged.get(DELETED)))
            prepared.append((ch.kind, record_id, values, found, ch.base))

        if any(p.is_error for ps in problems.values() for p in ps):
            behind = (
                self.clock_behind_days()
                if any(p.code == "v.date_future" for ps in problems.values() for p in ps)
                else 0
            )
            if behind:
                when = _dt.datetime.fromtimestamp(int(self.get_meta(META_PEER_CLOCK) or 0) / 1000)
                hint = Problem(
                    "date",
                    "store.clock_behind",
                    "error",
                    {"days": behind, "when": when.strftime("%Y-%m-%d")},
                )
                first = min(problems)
                problems[first] = [hint, *problems[first]]
            raise ValidationFailed(problems)
        if first_refusal is not None:
            raise StoreError(first_refusal)

        # Re-stamped rows (a clock that ran ahead, fixed) are read again by the merge.
        reread = self.recover_clock() > 0
        wall = self.wall_ms()
        node = self.node_id
        clock = self.clock
        counter = self.last_counter()
        actor_name = _clean_actor(actor if actor is not None else (self.get_meta("actor") or ""))
        versions: list[Version] = []
        outcomes: list[WriteOutcome] = []
        # Heads of rows written earlier in this batch (not yet in the database).
        batch_heads: dict[str, dict[str, list[str]]] = {}
        batch_created: dict[str, str] = {}
        for (kind, record_id, values, reported, base_override), ch in zip(
            prepared, changes, strict=True
        ):
            warnings = [p for p in reported if not p.is_error] if reported else []
            if not values:
                outcomes.append(WriteOutcome(record_id, None, warnings))  # nothing changed
                continue
            counter += 1
            stamp = clock.now(wall_ms=wall)
            existing = current_rows.get(record_id)
            earlier = batch_heads.get(record_id)
            base: dict[str, list[str]] = {}
            for name in (
                values if (base_override or earlier is not None or existing is not None) else ()
            ):
                if base_override and name in base_override:
                    base[name] = sorted(base_override[name])
                elif earlier is not None:
                    base[name] = earlier.get(name) or [batch_created[record_id]]
                elif existing is not None:
                    base[name] = existing.heads(name)
            if earlier is None:
                earlier = batch_heads[record_id] = {}
                if existing is None:
                    # A new row: each field's head is the create's stamp, which is what
                    # ``batch_created`` answers for a later change of this batch.
                    batch_created[record_id] = stamp
                else:
                    batch_created[record_id] = existing.created_stamp
                    earlier.update(existing.clocks)
                    earlier.update((name, [stamp]) for name in values)
            else:
                # One shared list per version: head lists are replaced, never changed in place.
                heads = [stamp]
                earlier.update((name, heads) for name in values)
            version = Version.make(
                node,
                counter,
                stamp,
                kind,
                record_id,
                ch.op,
                values,
                {k: v for k, v in base.items() if v} if base else {},
                actor_name,
            )
            versions.append(version)
            outcomes.append(WriteOutcome(record_id, version, warnings))
        if versions:
            self._guarded(
                lambda: self._apply(
                    versions,
                    local=True,
                    counter=counter,
                    made=made,
                    read=None if reread else current_rows,
                )
            )
        return outcomes

    def _guarded(self, func: Callable[[], _T], needed: int = 1 << 20) -> _T:
        try:
            return func()
        except sqlite3.OperationalError as exc:
            self.forget_clock()
            mb = disk_full_error(exc, needed)
            if mb is not None:
                raise StoreError(i18n.t("store.disk_full_mb", mb=mb)) from None
            text = str(exc).lower()
            if "readonly" in text or "read-only" in text:
                raise StoreError(i18n.t("store.read_only")) from None
            raise

    # convenience wrappers -------------------------------------------------
    def create(self, kind: str, values: dict[str, Any], **kw: Any) -> WriteOutcome:
        return self.write([Change(kind, "create", values)], **kw)[0]

    def update(self, kind: str, record_id: str, values: dict[str, Any], **kw: Any) -> WriteOutcome:
        return self.write([Change(kind, "update", values, record_id)], **kw)[0]

    def delete(self, kind: str, record_id: str, **kw: Any) -> WriteOutcome:
        return self.write([Change(kind, "delete", {}, record_id)], **kw)[0]

    def review(
        self, kind: str, record_id: str, state: str, comment: str = "", **kw: Any
    ) -> WriteOutcome:
        values: dict[str, Any] = {"review_state": state}
        if state in ("approved", "returned"):
            values.update(
                {
                    "review_comment": comment,
                    "reviewed_by": self.get_meta("actor") or "",
                    "reviewed_at": _dt.date.today().isoformat(),
                }
            )
        return self.write([Change(kind, "review", values, record_id)], **kw)[0]

    def resolve_conflict(
        self, conflict: str, *, value: Any = None, keep: str | None = None
    ) -> WriteOutcome:
        """Write a version that replaces every head of the conflicting field."""
        rows = [c for c in self.conflicts() if c["id"] == conflict]
        if not rows:
            raise StoreError(i18n.t("store.conflict_not_found", id=conflict))
        c = rows[0]
        heads = c["heads"]
        if keep == "winner":
            value = next(h["value"] for h in heads if h["stamp"] == c["winner_stamp"])
        elif keep == "loser":
            losers = [h for h in heads if h["stamp"] != c["winner_stamp"]]
            value = losers[-1]["value"]
        change = Change(
            c["entity"],
            "resolve",
            {c["field"]: value},
            c["record_id"],
            base={c["field"]: [h["stamp"] for h in heads]},
        )
        return self.write([change])[0]

    # ------------------------------------------------------------ bulk loads
    @contextlib.contextmanager
    def deferred_indexes(self, incoming: Mapping[str, int]) -> Iterator[None]:
        """Within the caller's transaction: build the lookup indexes of a table after a bulk load.

        ``incoming`` is the number of rows expected per kind.  A kind receiving at
        least ``BULK_ROWS`` and at least as many rows as its table holds gets its
        plain indexes (the ones the lists, filters and reports use; never a unique
        index or a primary key, which the merge itself relies on) dropped now and
        created again when the block ends: one sorted build instead of a random
        insertion per row and index.  A record kind's search table
        (``search_text``) is likewise filled in one pass at the end instead of by
        its triggers row by row (they cost as much as the rows themselves): the
        triggers are dropped and created again as they were.  An error inside the
        block leaves them dropped for the enclosing transaction's rollback to
        restore, so the block must sit inside a transaction that rolls back on
        error (``db.atomic()``).
        """
        if not self.conn.in_transaction:
            raise RuntimeError("deferred_indexes needs an open transaction")
        dropped: list[str] = []
        searched: list[str] = []  # record kinds whose search table is refilled at the end
        for kind, n in sorted(incoming.items()):
            spec = ENTITIES.get(kind)
            if spec is None or type(n) is not int or n < BULK_ROWS:
                continue
            held = self.conn.execute(f"SELECT max(rowid) FROM [{spec.name}]").fetchone()[0]
            if n < int(held or 0):
                continue
            for _seq, name, unique, origin, _partial in self.conn.execute(
                f"PRAGMA index_list([{spec.name}])"
            ).fetchall():
                if unique or origin != "c":
                    continue
                found = self.conn.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
                ).fetchone()
                if not found or not found[0]:
                    continue
                self.conn.execute(f"DROP INDEX [{name}]")
                dropped.append(found[0])
            if kind in RECORD_KINDS:
                triggers = self.conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"
                    " AND name LIKE ? ESCAPE '!'",
                    (spec.name, f"{search_text.table_name(kind)}!_%"),
                ).fetchall()
                for name, sql in triggers:
                    self.conn.execute(f"DROP TRIGGER [{name}]")
                    dropped.append(sql)
                if triggers:
                    searched.append(kind)
        yield
        for kind in searched:
            search_text.rebuild(self.conn, kind)
        for sql in dropped:
            self.conn.execute(sql)

    @contextlib.contextmanager
    def bulk_load(self, incoming: Mapping[str, int]) -> Iterator[None]:
        """One transaction for many ``write`` or ``apply_versions`` calls (all or nothing),
        with the lookup indexes of the kinds that receive ``incoming`` rows built at the end
        (``deferred_indexes``).  For loading a demo, a roster or a benchmark's rows."""
        with self.db.atomic(), self.deferred_indexes(incoming):
            yield

    # ----------------------------------------------------------------- merge
    def apply_versions(
        self,
        versions: Sequence[Version],
        *,
        needed_bytes: int = 1 << 20,
        savepoint: bool = True,
        held: set[tuple[str, int]] | None = None,
        absent: set[tuple[str, str]] | None = None,
    ) -> list[str]:
        """Merge versions from other nodes, in one transaction.

        Returns one outcome per version: ``new`` (row created), ``updated``,
        ``conflict`` (merged, and a field now has concurrent values),
        ``stale`` (kept in history; every field already has a newer value) or
        ``duplicate`` (already held).

        An importer that has just read the database for the same batch may say what it
        found, so it is not read twice: ``held``, the (node, counter) of every one of these
        versions the database holds; ``absent``, (kind, id) of rows it does not hold.
        ``savepoint=False``: the caller's transaction is rolled back whole on any error
        (no savepoint of its own per batch).
        """
        with _gc_paused():
            return self._guarded(
                lambda: self._apply(
                    list(versions), local=False, savepoint=savepoint, held=held, absent=absent
                ),
                needed_bytes,
            )

    def _load_rows(self, kind: str, ids: Iterable[str]) -> dict[str, _Row]:
        spec = entity(kind)
        ids = list(dict.fromkeys(ids))
        out: dict[str, _Row] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            cur = self.conn.execute(f"SELECT * FROM [{spec.name}] WHERE id IN ({marks})", chunk)
            cols = [d[0] for d in cur.description]
            for r in cur:
                data = _decode_row(spec, dict(zip(cols, r, strict=True)))
                values = {f.name: data.get(f.name) for f in spec.fields}
                if data["deleted"]:
                    values[DELETED] = True
                else:
                    values[DELETED] = None
                out[data["id"]] = _Row(
                    values=values,
                    clocks=json.loads(data.get("_clocks") or "{}"),
                    extra=json.loads(data.get("_extra") or "{}"),
                    created_stamp=data["created_stamp"],
                    updated_stamp=data["updated_stamp"],
                    origin_node=data["origin_node"],
                    n_conflicts=int(data.get("_conflicts") or 0),
                )
        # The deleted pseudo-field was never set on rows that were not deleted.
        for row in out.values():
            if row.values.get(DELETED) is None:
                row.values.pop(DELETED, None)
        return out

    def _unheld(self, kind: str, ids: list[str]) -> set[str]:
        """``ids`` (made by this node's ``new_id`` for one batch) if no row holds any of them.

        A node's ids are ordered by time, so one range probe answers for all of them; a
        row in that range (a clock set back, say) returns the empty set: check each.
        """
        if not ids:
            return set()
        found = self.conn.execute(
            f"SELECT 1 FROM [{entity(kind).name}] WHERE id BETWEEN ? AND ? LIMIT 1",
            (min(ids), max(ids)),
        ).fetchone()
        return set() if found else set(ids)

    def _apply(
        self,
        versions: list[Version],
        *,
        local: bool,
        counter: int | None = None,
        made: Mapping[str, list[str]] | None = None,
        read: dict[str, _Row] | None = None,
        savepoint: bool = True,
        held: set[tuple[str, int]] | None = None,
        absent: set[tuple[str, str]] | None = None,
    ) -> list[str]:
        """Merge ``versions``; ``made``: per kind, the ids a local batch made for its creates
        (no row is read for them when none is held, ``_unheld``); ``read``: rows a local batch
        read already, unchanged since (not read again; merged in place); ``held`` and
        ``absent``: what an import's judge of this batch read (versions held, records not
        held), so they are not asked again; ``savepoint=False`` inside an import's own
        transaction."""
        outcomes: list[str] = []
        rows: dict[str, tuple[str, _Row]] = {}
        dirty: set[str] = set()
        # New rows made by one plain version each (``_RowShape.of_only_version``), by id.
        fresh: dict[str, tuple[EntitySpec, Version, Sequence[Any]]] = {}
        recomputed: dict[str, Materialized] = {}
        pending_versions: list[tuple[Any, ...]] = []
        now_iso = _dt.datetime.now().isoformat(timespec="seconds")
        seen: set[tuple[str, int]] = set()
        vv: dict[str, int] = {}
        if not local and held is None:
            # Highest counter held per origin node (only the nodes of this batch).
            nodes = {v.node_id for v in versions}
            if len(nodes) > 64:
                vv = self.max_counters()
            else:
                for node in nodes:
                    top = self.conn.execute(
                        "SELECT max(counter) FROM versions WHERE node_id = ?", (node,)
                    ).fetchone()[0]
                    if top is not None:
                        vv[node] = int(top)

        # Which of these versions this node holds already: one query per origin and chunk.
        if held is None:
            held = set()
        if vv:
            maybe: dict[str, list[int]] = {}
            for v in versions:
                if v.counter <= vv.get(v.node_id, 0):
                    maybe.setdefault(v.node_id, []).append(v.counter)
            for node, counters in maybe.items():
                for chunk in _chunks(counters):
                    marks = ",".join("?" * len(chunk))
                    held.update(
                        (node, row[0])
                        for row in self.conn.execute(
                            f"SELECT counter FROM versions WHERE node_id = ? AND counter IN ({marks})",
                            (node, *chunk),
                        )
                    )

        # Prefetch the rows these versions touch.
        by_kind: dict[str, list[str]] = {}
        for v in versions:
            by_kind.setdefault(v.entity, []).append(v.record_id)
        for kind, ids in by_kind.items():
            new = self._unheld(kind, made[kind]) if made and kind in made else None
            if new:
                ids = [rid for rid in ids if rid not in new]
            if read:
                rows.update((rid, (kind, read[rid])) for rid in ids if rid in read)
                ids = [rid for rid in ids if rid not in read]
            if absent:
                ids = [rid for rid in ids if (kind, rid) not in absent]
            for rid, row in self._load_rows(kind, ids).items():
                rows[rid] = (kind, row)

        def flush_versions() -> None:
            if pending_versions:
                self.conn.executemany(
                    "INSERT INTO versions(node_id, counter, stamp, entity, record_id, op, fields,"
                    " base, actor, sig, seal, seal_pos, received_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    pending_versions,
                )
                pending_versions.clear()

        clock = self.clock
        # Stamps are fixed-width text (13 digits of ms first), so text order is time order:
        # the clock moves once per batch, to the latest stamp not too far ahead.
        limit = f"{min(self.wall_ms() + MAX_CLOCK_AHEAD_MS, 10**13 - 1):013d}."
        latest = ""
        with self.db.atomic() if savepoint or not self.conn.in_transaction else _no_savepoint():
            for v in versions:
                key = (v.node_id, v.counter)
                if key in seen:
                    outcomes.append("duplicate")
                    continue
                seen.add(key)
                if key in held:
                    outcomes.append("duplicate")
                    continue
                spec = ENTITIES.get(v.entity) or entity(v.entity)
                pending_versions.append(
                    (
                        v.node_id,
                        v.counter,
                        v.stamp,
                        v.entity,
                        v.record_id,
                        v.op,
                        v.fields_text(),
                        canonical_json(v.base),
                        v.actor,
                        v.sig,
                        v.seal,
                        v.seal_pos,
                        now_iso,
                    )
                )
                if not local and latest < v.stamp < limit:
                    latest = v.stamp
                current = rows.get(v.record_id)
                if current is None:
                    first = fresh.pop(v.record_id, None)
                    if first is not None:
                        # A second version of a row this batch created: from here on it is
                        # an ordinary row being merged.
                        current = rows[v.record_id] = (
                            first[1].entity,
                            _first_row(first[0], first[1]),
                        )
                if current is None:
                    # A new row: its only version so far makes it.  A plain one is kept as
                    # the parameters of its insert; the rest (and any row a later version
                    # of the batch touches) as a ``_Row``.
                    params = _row_shape(spec).of_only_version(v)
                    if params is None:
                        rows[v.record_id] = (v.entity, _first_row(spec, v))
                        dirty.add(v.record_id)
                    else:
                        fresh[v.record_id] = (spec, v, params)
                    outcomes.append("new")
                    continue
                if self._fast_merge(current[1], v):
                    outcome = "updated"
                else:
                    flush_versions()
                    m = materialize(spec, self.versions_of(v.record_id))
                    before = current[1]
                    after = _Row.from_materialized(m)
                    rows[v.record_id] = (v.entity, after)
                    recomputed[v.record_id] = m
                    if after.n_conflicts > before.n_conflicts:
                        outcome = "conflict"
                    elif after.values == before.values and after.extra == before.extra:
                        outcome = "stale"
                    else:
                        outcome = "updated"
                dirty.add(v.record_id)
                outcomes.append(outcome)
            flush_versions()
            if latest:
                clock.observe(latest)
            fresh_params: dict[str, list[Sequence[Any]]] = {}
            for _spec, v, params in fresh.values():
                fresh_params.setdefault(v.entity, []).append(params)
            self._write_rows({rid: rows[rid] for rid in dirty}, fresh_params)
            for rid, m in recomputed.items():
                self.conn.execute("DELETE FROM conflicts WHERE record_id = ?", (rid,))
                kind = rows[rid][0]
                for c in m.conflicts:
                    self.conn.execute(
                        "INSERT INTO conflicts(id, entity, record_id, field, heads, winner_stamp)"
                        " VALUES (?,?,?,?,?,?)",
                        (
                            conflict_id(rid, c.field),
                            kind,
                            rid,
                            c.field,
                            canonical_json([[s, val] for s, val in c.heads]),
                            c.winner_stamp,
                        ),
                    )
            if local and counter is not None:
                self._set_meta(META_COUNTER, str(counter))
            self._set_meta(META_HLC, clock.last)
        return outcomes

    @staticmethod
    def _fast_merge(row: _Row, v: Version) -> bool:
        """Apply ``v`` in place when it plainly descends from the row's current state.

        True when every field ``v`` sets replaces exactly the current heads
        with a newer stamp — the result equals ``materialize`` without
        reading the row's history.  Anything else takes the full path.
        """
        if row.n_conflicts or v.stamp <= row.created_stamp:
            return False
        for name in v.fields:
            heads = row.heads(name)
            if v.base.get(name, []) != heads or v.stamp <= heads[-1]:
                return False
        spec = ENTITIES[v.entity]
        known = spec.field_set
        for name, value in v.fields.items():
            (row.values if name in known else row.extra)[name] = value
            row.clocks[name] = [v.stamp]
        if row.values.get(DELETED):
            for name in spec.personal_fields:
                row.values[name] = None
        row.updated_stamp = max(row.updated_stamp, v.stamp)
        return True

    def _write_rows(
        self,
        rows: Mapping[str, tuple[str, _Row]],
        fresh: Mapping[str, list[Sequence[Any]]] | None = None,
    ) -> None:
        """Upsert ``rows`` and the ``fresh`` rows' parameters (``_RowShape.of_only_version``),
        per kind in id order: ids of one node are time-ordered, so a batch's new rows go to
        the right-hand edge of the primary key's B-tree instead of all over it."""
        by_kind: dict[str, list[Sequence[Any]]] = {
            kind: list(params) for kind, params in (fresh or {}).items()
        }
        grouped: dict[str, list[tuple[str, _Row]]] = {}
        for rid, (kind, row) in rows.items():
            grouped.setdefault(kind, []).append((rid, row))
        for kind, items in grouped.items():
            of_row = _row_shape(entity(kind)).of_row
            by_kind.setdefault(kind, []).extend(of_row(rid, row) for rid, row in items)
        for kind, params in by_kind.items():
            params.sort(key=_first_item)
            self.conn.executemany(_row_shape(entity(kind)).sql, params)
