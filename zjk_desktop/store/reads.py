"""The store's reads: rows, counts, versions, history, conflicts, blobs and the dump."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

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


_MATCH_COLUMNS = frozenset(("id", "origin_node"))


def _match_sql(spec: EntitySpec, match: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """``match`` as SQL: a column equals its value, is NULL for None, or is one of a
    tuple/list/set of values.  Columns are the kind's fields (and ``id``), never text
    from elsewhere, so no SQL reaches the store from its callers."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in match.items():
        if column not in spec.field_set and column not in _MATCH_COLUMNS:
            raise ValueError(f"{spec.name} has no column {column!r}")
        if value is None:
            clauses.append(f"[{column}] IS NULL")
        elif isinstance(value, (tuple, list, set, frozenset)):
            values = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
            clauses.append(f"[{column}] IN ({','.join('?' * len(values))})")
            params.extend(values)
        else:
            clauses.append(f"[{column}] = ?")
            params.append(value)
    return " AND ".join(clauses) or "1", tuple(params)


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
        where: str = "",
        params: Sequence[Any] = (),
        *,
        match: Mapping[str, Any] | None = None,
        order_by: str = "id",
        include_deleted: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of one kind whose columns equal ``match`` (see ``_match_sql``).

        ``where`` (SQL with ``?`` parameters, never user text) is the older
        form, kept for the callers not yet moved to ``match``.
        """
        spec = entity(kind)
        clauses = [] if include_deleted else ["deleted = 0"]
        args = tuple(params)
        if match:
            clause, more = _match_sql(spec, match)
            clauses.append(clause)
            args += more
        if where:
            clauses.append(f"({where})")
        sql = f"SELECT * FROM [{spec.name}]"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cur = self.conn.execute(sql, args)
        cols = [d[0] for d in cur.description]
        return [_decode_row(spec, dict(zip(cols, r, strict=True))) for r in cur]

    def count(
        self,
        kind: str,
        where: str = "",
        params: Sequence[Any] = (),
        *,
        match: Mapping[str, Any] | None = None,
    ) -> int:
        """How many live rows of one kind match (``rows``' filters)."""
        spec = entity(kind)
        sql = f"SELECT count(*) FROM [{spec.name}] WHERE deleted = 0"
        args = tuple(params)
        if match:
            clause, more = _match_sql(spec, match)
            sql += f" AND {clause}"
            args += more
        if where:
            sql += f" AND ({where})"
        return int(self.conn.execute(sql, args).fetchone()[0])

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

    def iter_versions(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Version]:
        sql = "SELECT * FROM versions"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY seq"
        cur = self.conn.execute(sql, tuple(params))
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
