"""The store's reads: rows, counts, versions, history, conflicts, blobs and the dump.

Callers outside the store never hand it SQL: they name columns and values
(``match``, with ``Range`` and ``NotEmpty`` for more than equality), a scope
(``scope.Scope``: whose villages, specialists and records), and columns to
order by.  The SQL for all of it is built here, values always as parameters.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..domain.entities import ENTITIES, EntitySpec, entity
from ..domain.hlc import stamp_ms
from .connection import StoreConnection
from .versions import Version

# json's own C string encoder (the one json.dumps uses with ensure_ascii=False).
_encode_string = json.encoder.encode_basestring
_INFINITY = float("inf")


def canonical_json(value: Any, depth: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)`` with every line
    after the first indented by ``depth`` more spaces: the same text, about four times
    faster (json's C encoder is not used when indenting, and a dump is a million rows)."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        if value != value:
            return "NaN"
        if value in (_INFINITY, -_INFINITY):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    inner = "\n" + " " * (depth + 1)
    if kind is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        items = [
            _encode_string(k) + ": " + canonical_json(value[k], depth + 1) for k in sorted(value)
        ]
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * depth + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        items = [canonical_json(v, depth + 1) for v in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * depth + "]"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("\n", "\n" + " " * depth)


def _decode_row(spec: EntitySpec, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for f in spec.fields:
        value = out.get(f.name)
        if value is None:
            continue
        if f.type == "bool":
            out[f.name] = bool(value)
        elif f.type == "list":
            out[f.name] = json.loads(value)
    out["deleted"] = bool(out.get("deleted"))
    return out


# Columns every kind has beside its fields: matched and ordered by like fields.
_ROW_COLUMNS = frozenset(("id", "origin_node", "created_stamp", "updated_stamp"))


@dataclass(frozen=True)
class Range:
    """A column between ``low`` and ``high``, both included; an end left None is open.

    ``match={"date": Range("2025-10-01", "2025-10-31")}``, ``{"year": Range(high=2025)}``.
    """

    low: Any = None
    high: Any = None


@dataclass(frozen=True)
class NotEmpty:
    """A column that holds something: not NULL, not empty text, not an empty list."""


class ScopeLike(Protocol):
    """What the store needs of a ``scope.Scope``: whose villages, specialists and records."""

    @property
    def kind(self) -> str: ...  # "all" | "county" | "township" | "specialist"
    @property
    def org_id(self) -> str | None: ...
    @property
    def specialist_id(self) -> str | None: ...


def scope_village_sql(scope: ScopeLike, column: str = "id") -> tuple[str, list[Any]]:
    """SQL for "``column`` holds the id of a village in ``scope``" (values as parameters)."""
    if scope.kind == "all":
        return "1 = 1", []
    if scope.kind == "county":
        return (
            (
                f"{column} IN (SELECT v.id FROM org_unit v JOIN org_unit t ON v.parent_id = t.id"
                " WHERE t.parent_id = ? AND v.deleted = 0)"
            ),
            [scope.org_id],
        )
    if scope.kind == "township":
        return (
            f"{column} IN (SELECT id FROM org_unit WHERE parent_id = ? AND deleted = 0)",
            [scope.org_id],
        )
    return (
        f"{column} IN (SELECT village_id FROM assignment WHERE specialist_id = ? AND deleted = 0)",
        [scope.specialist_id],
    )


def scope_record_sql(scope: ScopeLike) -> tuple[str, list[Any]]:
    """SQL for "this row (with ``village_id`` and ``specialist_id``) is in ``scope``"."""
    if scope.kind == "all":
        return "1 = 1", []
    if scope.kind == "specialist":
        return "specialist_id = ?", [scope.specialist_id]
    villages, params = scope_village_sql(scope, "village_id")
    # A township/county also sees records of its own specialists made elsewhere.
    if scope.kind == "township":
        return (
            f"({villages} OR specialist_id IN (SELECT id FROM specialist WHERE org_id = ?))",
            [*params, scope.org_id],
        )
    return (
        (
            f"({villages} OR specialist_id IN (SELECT s.id FROM specialist s JOIN org_unit t"
            " ON s.org_id = t.id WHERE t.parent_id = ?))"
        ),
        [*params, scope.org_id],
    )


def scope_specialist_sql(scope: ScopeLike, column: str = "id") -> tuple[str, list[Any]]:
    """SQL for "``column`` holds the id of a specialist in ``scope``"."""
    if scope.kind == "all":
        return "1 = 1", []
    if scope.kind == "specialist":
        return f"{column} = ?", [scope.specialist_id]
    villages, params = scope_village_sql(scope, "village_id")
    return (
        f"{column} IN (SELECT specialist_id FROM assignment WHERE deleted = 0 AND {villages})",
        params,
    )


def _scope_sql(spec: EntitySpec, scope: ScopeLike) -> tuple[str, list[Any]]:
    """The scope's filter for rows of ``spec``: villages, specialists, or their records."""
    if spec.name == "org_unit":
        return scope_village_sql(scope, "id")
    if spec.name == "specialist":
        return scope_specialist_sql(scope, "id")
    if {"village_id", "specialist_id"} <= spec.field_set:
        return scope_record_sql(scope)
    raise ValueError(f"{spec.name} rows have no scope")


def _column(spec: EntitySpec, column: str) -> str:
    if column not in spec.field_set and column not in _ROW_COLUMNS:
        raise ValueError(f"{spec.name} has no column {column!r}")
    return f"[{column}]"


# How ``_dump_rows`` turns a column's stored value into the dump's value (as ``dump()`` does).
_AS_IS, _AS_BOOL, _AS_LIST, _AS_FLAG, _AS_OBJECT = range(5)


def _dump_rows(conn: Any, spec: EntitySpec) -> Iterator[str]:
    """The rows of one table as ``dump()`` decodes them, each as ``canonical_json(row, 2)``.

    The same text, made column by column from the row tuple: the sorted key order, the
    keys' text and each column's decoding are worked out once per table, not per row."""
    cur = conn.execute(f"SELECT * FROM [{spec.name}] ORDER BY id")
    cols = [d[0] for d in cur.description]
    if not {"deleted", "_clocks", "_extra"} <= set(cols):  # dump() adds keys: the plain path
        for r in cur:
            row = _decode_row(spec, dict(zip(cols, r, strict=True)))
            row["_clocks"] = json.loads(row.get("_clocks") or "{}")
            row["_extra"] = json.loads(row.get("_extra") or "{}")
            yield canonical_json(row, 2)
        return
    types = {f.name: f.type for f in spec.fields}

    def decoding(name: str) -> int:
        if name in ("_clocks", "_extra"):
            return _AS_OBJECT
        if name == "deleted":
            return _AS_FLAG
        return {"bool": _AS_BOOL, "list": _AS_LIST}.get(types.get(name, ""), _AS_IS)

    order = sorted(range(len(cols)), key=lambda i: cols[i])
    plan = [(i, "\n   " + _encode_string(cols[i]) + ": ", decoding(cols[i])) for i in order]
    loads = json.loads
    for r in cur:
        parts = []
        for i, head, how in plan:
            value = r[i]
            if how:
                if how == _AS_OBJECT:
                    value = loads(value or "{}")
                elif how == _AS_FLAG:
                    value = bool(value)
                elif value is not None:
                    value = bool(value) if how == _AS_BOOL else loads(value)
            kind = type(value)
            if kind is str:
                parts.append(head + _encode_string(value))
            elif value is None:
                parts.append(head + "null")
            elif kind is int:
                parts.append(head + int.__repr__(value))
            else:
                parts.append(head + canonical_json(value, 3))
        yield "{" + ",".join(parts) + "\n  }"


def _match_sql(spec: EntitySpec, match: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """``match`` as SQL: a column equals its value, is NULL for None, is one of a
    tuple/list/set of values, lies in a ``Range`` or is ``NotEmpty``.  Columns are
    the kind's fields (and ``id``, stamps, origin), never text from elsewhere, so
    no SQL reaches the store from its callers."""
    clauses: list[str] = []
    params: list[Any] = []
    for name, value in match.items():
        column = _column(spec, name)
        if value is None:
            clauses.append(f"{column} IS NULL")
        elif isinstance(value, Range):
            if value.low is not None:
                clauses.append(f"{column} >= ?")
                params.append(value.low)
            if value.high is not None:
                clauses.append(f"{column} <= ?")
                params.append(value.high)
        elif isinstance(value, NotEmpty):
            clauses.append(f"{column} IS NOT NULL AND {column} NOT IN ('', '[]')")
        elif isinstance(value, (tuple, list, set, frozenset)):
            values = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
        else:
            clauses.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(clauses) or "1", tuple(params)


def _order_sql(spec: EntitySpec, order_by: str | Sequence[str]) -> str:
    """Named columns, each ``"name"`` (ascending) or ``"-name"`` (descending)."""
    names = [order_by] if isinstance(order_by, str) else list(order_by)
    if not names:
        raise ValueError("order_by names no column")
    parts = []
    for name in names:
        descending = name.startswith("-")
        column = _column(spec, name[1:] if descending else name)
        parts.append(f"{column} DESC" if descending else column)
    return ", ".join(parts)


def _where(
    spec: EntitySpec,
    match: Mapping[str, Any] | None,
    scope: ScopeLike | None,
    include_deleted: bool,
) -> tuple[str, tuple[Any, ...]]:
    if isinstance(match, str):
        raise TypeError("the store takes no SQL: name columns in match=")
    clauses = [] if include_deleted else ["deleted = 0"]
    args: tuple[Any, ...] = ()
    if match:
        clause, more = _match_sql(spec, match)
        clauses.append(clause)
        args += more
    if scope is not None:
        clause, scope_args = _scope_sql(spec, scope)
        clauses.append(f"({clause})")
        args += tuple(scope_args)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class StoreReads(StoreConnection):
    """Reads of the rows derived from the version log, and of the log itself."""

    # ----------------------------------------------------------------- reads
    def get(
        self, kind: str, record_id: str, *, include_deleted: bool = False
    ) -> dict[str, Any] | None:
        spec = entity(kind)
        cur = self.conn.execute(f"SELECT * FROM [{spec.name}] WHERE id = ?", (record_id,))
        cols = [d[0] for d in cur.description]
        row = cur.fetchone()
        if row is None:
            return None
        data = _decode_row(spec, dict(zip(cols, row, strict=True)))
        if data["deleted"] and not include_deleted:
            return None
        return data

    def rows(
        self,
        kind: str,
        match: Mapping[str, Any] | None = None,
        *,
        scope: ScopeLike | None = None,
        order_by: str | Sequence[str] = "id",
        include_deleted: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of one kind whose columns match ``match`` (see ``_match_sql``), in
        ``scope`` when given, ordered by named columns (``"-date"``: newest first)."""
        spec = entity(kind)
        where, args = _where(spec, match, scope, include_deleted)
        sql = f"SELECT * FROM [{spec.name}]{where} ORDER BY {_order_sql(spec, order_by)}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cur = self.conn.execute(sql, args)
        cols = [d[0] for d in cur.description]
        return [_decode_row(spec, dict(zip(cols, r, strict=True))) for r in cur]

    def count(
        self,
        kind: str,
        match: Mapping[str, Any] | None = None,
        *,
        scope: ScopeLike | None = None,
    ) -> int:
        """How many live rows of one kind match (``rows``' filters)."""
        spec = entity(kind)
        where, args = _where(spec, match, scope, False)
        return int(
            self.conn.execute(f"SELECT count(*) FROM [{spec.name}]{where}", args).fetchone()[0]
        )

    def rows_by_short_id(self, kind: str, text: str, limit: int = 2) -> list[dict[str, Any]]:
        """Live rows whose id starts or ends with ``text`` (the short id people see in lists)."""
        spec = entity(kind)
        like = _like_escaped(text)
        cur = self.conn.execute(
            f"SELECT * FROM [{spec.name}] WHERE deleted = 0"
            " AND (id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\') ORDER BY id LIMIT ?",
            (like + "%", "%" + like, int(limit)),
        )
        cols = [d[0] for d in cur.description]
        return [_decode_row(spec, dict(zip(cols, r, strict=True))) for r in cur]

    def specialists_named(self, text: str, limit: int = 2) -> list[dict[str, Any]]:
        """Live specialists whose name or phone is ``text``, by id."""
        cur = self.conn.execute(
            "SELECT * FROM specialist WHERE deleted = 0 AND (name = ? OR phone = ?)"
            " ORDER BY id LIMIT ?",
            (text, text, int(limit)),
        )
        spec = entity("specialist")
        cols = [d[0] for d in cur.description]
        return [_decode_row(spec, dict(zip(cols, r, strict=True))) for r in cur]

    def find_org_by_code(self, code: str) -> dict[str, Any] | None:
        rows = self.rows("org_unit", match={"code": code})
        return rows[0] if rows else None

    def version_vector(self) -> dict[str, int]:
        """For each node, the highest counter N such that versions 1..N are ALL held here.

        This is what a node may claim to hold: a partial package (a roster,
        or changes refused on import) can leave gaps, and claiming the
        highest counter past a gap would make a peer's delta skip the gap.
        """
        out: dict[str, int] = {}
        for node, top, held in self.conn.execute(
            "SELECT node_id, max(counter), count(*) FROM versions GROUP BY node_id"
        ):
            if top == held:
                out[node] = int(top)
                continue
            first_gap = self.conn.execute(
                "SELECT min(v.counter) FROM versions v WHERE v.node_id = ? AND NOT EXISTS"
                " (SELECT 1 FROM versions w WHERE w.node_id = v.node_id AND w.counter = v.counter + 1)",
                (node,),
            ).fetchone()[0]
            has_first = self.conn.execute(
                "SELECT 1 FROM versions WHERE node_id = ? AND counter = 1", (node,)
            ).fetchone()
            out[node] = int(first_gap) if has_first else 0
        return out

    def max_counters(self) -> dict[str, int]:
        """For each node, the highest counter held (gaps below it possible)."""
        return {
            node: int(counter)
            for node, counter in self.conn.execute(
                "SELECT node_id, max(counter) FROM versions GROUP BY node_id"
            )
        }

    def versions_of(self, record_id: str) -> list[Version]:
        cur = self.conn.execute(
            "SELECT * FROM versions WHERE record_id = ? ORDER BY stamp", (record_id,)
        )
        cols = [d[0] for d in cur.description]
        return [Version.from_row(dict(zip(cols, r, strict=True))) for r in cur]

    def iter_versions(
        self, *, node_id: str | None = None, entities: Sequence[str] | None = None
    ) -> Iterator[Version]:
        """The version log in the order it was written here, all of it or one node's
        versions or those of some kinds."""
        clauses: list[str] = []
        params: list[Any] = []
        if node_id is not None:
            clauses.append("node_id = ?")
            params.append(node_id)
        if entities is not None:
            names = [entity(name).name for name in entities]
            clauses.append(f"entity IN ({','.join('?' * len(names))})")
            params.extend(names)
        sql = "SELECT * FROM versions"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY seq"
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        for r in cur:
            yield Version.from_row(dict(zip(cols, r, strict=True)))

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """Every version of a row, oldest first, with old → new per changed field."""
        out = []
        current: dict[str, Any] = {}
        for v in self.versions_of(record_id):
            changes = []
            for name, value in sorted(v.fields.items()):
                changes.append({"field": name, "old": current.get(name), "new": value})
                current[name] = value
            out.append(
                {
                    "stamp": v.stamp,
                    "time": _dt.datetime.fromtimestamp(stamp_ms(v.stamp) / 1000).isoformat(
                        timespec="seconds"
                    ),
                    "node": v.node_id,
                    "counter": v.counter,
                    "actor": v.actor,
                    "op": v.op,
                    "entity": v.entity,
                    "changes": changes,
                }
            )
        return out

    def conflicts(self, record_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, entity, record_id, field, heads, winner_stamp FROM conflicts"
        params: tuple[str, ...] = ()
        if record_id:
            sql += " WHERE record_id = ?"
            params = (record_id,)
        sql += " ORDER BY record_id, field"
        out = []
        for cid, ent, rid, fname, heads, winner in self.conn.execute(sql, params):
            out.append(
                {
                    "id": cid,
                    "entity": ent,
                    "record_id": rid,
                    "field": fname,
                    "heads": [{"stamp": s, "value": v} for s, v in json.loads(heads)],
                    "winner_stamp": winner,
                }
            )
        return out

    # ----------------------------------------------------------------- blobs
    def put_blob(self, data: bytes, mime: str = "application/octet-stream") -> str:
        digest = hashlib.sha256(data).hexdigest()
        with self.db.atomic():
            self.conn.execute(
                "INSERT OR IGNORE INTO blobs(sha256, mime, size, data) VALUES (?, ?, ?, ?)",
                (digest, mime, len(data), data),
            )
        return digest

    def get_blob(self, digest: str) -> bytes | None:
        row = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
        return bytes(row[0]) if row else None

    def has_blob(self, digest: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
            is not None
        )

    # ------------------------------------------------------------------ dump
    def dump(self) -> dict[str, Any]:
        """The whole replicated state, canonical: equal on nodes holding equal versions."""
        state: dict[str, Any] = {}
        for name, spec in sorted(ENTITIES.items()):
            cur = self.conn.execute(f"SELECT * FROM [{spec.name}] ORDER BY id")
            cols = [d[0] for d in cur.description]
            out = []
            for r in cur:
                data = _decode_row(spec, dict(zip(cols, r, strict=True)))
                data["_clocks"] = json.loads(data.get("_clocks") or "{}")
                data["_extra"] = json.loads(data.get("_extra") or "{}")
                out.append(data)
            state[name] = out
        state["conflicts"] = self.conflicts()
        state["blobs"] = [
            r[0] for r in self.conn.execute("SELECT sha256 FROM blobs ORDER BY sha256")
        ]
        return state

    def dump_json(self) -> str:
        return "".join(self.iter_dump_json())

    def iter_dump_json(self) -> Iterator[str]:
        """``dump()`` as canonical JSON text, row by row: the same text as
        ``json.dumps(self.dump(), ensure_ascii=False, sort_keys=True, indent=1)``
        without holding the whole state in memory (a province database has
        over a million rows)."""

        def items(name: str) -> Iterator[str]:
            """Each row of one list as its canonical JSON text at depth 2."""
            if name == "conflicts":
                for conflict in self.conflicts():
                    yield canonical_json(conflict, 2)
            elif name == "blobs":
                for (sha,) in self.conn.execute("SELECT sha256 FROM blobs ORDER BY sha256"):
                    yield canonical_json(sha, 2)
            else:
                yield from _dump_rows(self.conn, ENTITIES[name])

        yield "{"
        for n, name in enumerate(sorted([*ENTITIES, "conflicts", "blobs"])):
            yield ("," if n else "") + "\n " + json.dumps(name, ensure_ascii=False) + ": "
            first = True
            for text in items(name):
                yield ("[\n  " if first else ",\n  ") + text
                first = False
            yield "[]" if first else "\n ]"
        yield "\n}"
