"""The version log: the one shape every create, update and delete takes.

A ``Version`` is what one node did to one row at one moment: the fields it
set, and for each field the stamps of the values it replaced (``base``).  The
current row is a pure function of the set of versions of that row
(``materialize``): per field the *heads* (versions no other version
replaced, ``base``) compete and the largest stamp among them wins, and a
field with more than one head is in conflict.  Because the result depends only on the set, any
two nodes holding the same versions hold the same rows — whatever the order
or duplication in which the versions arrived.  Sync ships versions as they
are; nothing else needs to travel.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.entities import DELETED, EntitySpec
from ..domain.validation import Problem, join_messages
from ..errors import UserError

# One encoder for every call: exactly the text of ``json.dumps(value,
# ensure_ascii=False, sort_keys=True, separators=(",", ":"))``, without building
# an encoder per call (this runs for every version written or imported).  No
# circular-reference bookkeeping: values are JSON data (a cycle still raises).
_encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
try:
    from json.encoder import c_encode_basestring as _c_str  # type: ignore[attr-defined]
    from json.encoder import c_make_encoder as _c_make  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython always has the C accelerator
    _c_make = None
_canonical_encode: Callable[[Any], str]
# A string as canonical JSON (UTF-8 unescaped): what ``canonical_json(text)`` returns.
_quote_json: Callable[[str], str] = _encoder.encode
if _c_make is not None and _c_str is not None:
    _quote: Callable[[str], str] = _c_str
    _quote_json = _c_str
    _c_iterencode = _c_make(None, _encoder.default, _c_str, None, ":", ",", True, False, True)

    def _c_canonical_encode(value: Any) -> str:
        if type(value) is str:
            return _quote(value)
        return "".join(_c_iterencode(value, 0))

    _canonical_encode = _c_canonical_encode
else:  # pragma: no cover
    _canonical_encode = _encoder.encode


def canonical_json(value: Any) -> str:
    if not value and type(value) is dict:
        return "{}"
    return _canonical_encode(value)


def encode_version(
    node: str,
    counter: int,
    stamp: str,
    entity: str,
    record_id: str,
    op: str,
    fields_json: str,
    base_json: str | None,
    actor: str | None,
    sig: str | None = None,
    seal: int | None = None,
    seal_pos: int | None = None,
) -> str:
    """The one wire encoding of a version: ``canonical_json(Version.to_dict())``, built
    from the parts as the versions table holds them (``fields_json`` and ``base_json``
    already canonical JSON text, as the store writes them), so an export does not parse
    and re-encode every row.  Without ``sig`` and ``seal`` it is the text an origin node
    signs or seals (``sync/seals.py``); a version has one proof of origin, never both.

    Keys in sorted order: actor, base, entity, fields, id, n, node, op, [seal | sig,] stamp.
    """
    quote = _quote_json
    head = (
        f'{{"actor":{quote(actor or "")},"base":{base_json or "{}"},"entity":{quote(entity)},'
        f'"fields":{fields_json},"id":{quote(record_id)},"n":{int(counter)},'
        f'"node":{quote(node)},"op":{quote(op)},'
    )
    if seal is not None:
        return f'{head}"seal":[{int(seal)},{int(seal_pos or 0)}],"stamp":{quote(stamp)}}}'
    if sig:
        return f'{head}"sig":{quote(sig)},"stamp":{quote(stamp)}}}'
    return f'{head}"stamp":{quote(stamp)}}}'


@dataclass(frozen=True)
class Version:
    node_id: str
    counter: int
    stamp: str
    entity: str
    record_id: str
    op: str  # "create" | "update" | "delete" | "resolve" | "review"
    fields: dict[str, Any]
    base: dict[str, list[str]] = field(default_factory=dict)
    actor: str = ""
    sig: str | None = None  # a version signed on its own (before origin seals)
    # Its origin seal (``sync/seals.py``): the seal number and the position in it.
    seal: int | None = None
    seal_pos: int | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.node_id, self.counter)

    @classmethod
    def make(
        cls,
        node_id: str,
        counter: int,
        stamp: str,
        entity: str,
        record_id: str,
        op: str,
        fields: dict[str, Any],
        base: dict[str, list[str]],
        actor: str = "",
        sig: str | None = None,
        seal: int | None = None,
        seal_pos: int | None = None,
        fields_json: str | None = None,
    ) -> Version:
        """The same as ``Version(...)`` with every field given, without the frozen-init cost.

        ``fields_json``: ``canonical_json(fields)`` when the caller already has it (the
        importer checked the package line against it), so the store need not encode it again.
        """
        obj = object.__new__(cls)
        obj.__dict__.update(
            node_id=node_id,
            counter=counter,
            stamp=stamp,
            entity=entity,
            record_id=record_id,
            op=op,
            fields=fields,
            base=base,
            actor=actor,
            sig=sig,
            seal=seal,
            seal_pos=seal_pos,
        )
        if fields_json is not None:
            # Not a dataclass field: equality, repr and ``replace`` ignore it (a replaced
            # version has other fields and encodes them again).
            obj.__dict__["_fields_json"] = fields_json
        return obj

    def fields_text(self) -> str:
        """``canonical_json(self.fields)``, as the versions table stores it."""
        cached: str | None = self.__dict__.get("_fields_json")
        return cached if cached is not None else canonical_json(self.fields)

    def to_dict(self, with_sig: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "node": self.node_id,
            "n": self.counter,
            "stamp": self.stamp,
            "entity": self.entity,
            "id": self.record_id,
            "op": self.op,
            "fields": self.fields,
            "base": self.base,
            "actor": self.actor,
        }
        if with_sig and self.seal is not None:  # one proof of origin (``encode_version``)
            data["seal"] = [self.seal, self.seal_pos]
        elif with_sig and self.sig:
            data["sig"] = self.sig
        return data

    def signing_bytes(self) -> bytes:
        """The bytes an origin node signs (or seals): everything but the signature or seal."""
        return self.wire_line(with_sig=False).encode("utf-8")

    def wire_line(self, with_sig: bool = True) -> str:
        """This version as one line of a package (``encode_version``)."""
        return encode_version(
            self.node_id,
            self.counter,
            self.stamp,
            self.entity,
            self.record_id,
            self.op,
            self.fields_text(),
            canonical_json(self.base),
            self.actor,
            self.sig if with_sig else None,
            self.seal if with_sig else None,
            self.seal_pos if with_sig else None,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Version:
        base = data.get("base") or {}
        return cls.make(
            str(data["node"]),
            int(data["n"]),
            str(data["stamp"]),
            str(data["entity"]),
            str(data["id"]),
            str(data["op"]),
            dict(data["fields"]),
            {k: list(v) for k, v in base.items()} if base else {},
            str(data.get("actor") or ""),
            data.get("sig"),
            *((int(data["seal"][0]), int(data["seal"][1])) if data.get("seal") else (None, None)),
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Version:
        base = row["base"]
        return cls.make(
            row["node_id"],
            row["counter"],
            row["stamp"],
            row["entity"],
            row["record_id"],
            row["op"],
            json.loads(row["fields"]),
            json.loads(base) if base and base != "{}" else {},
            row["actor"] or "",
            row["sig"],
            row.get("seal"),
            row.get("seal_pos"),
        )


@dataclass
class Change:
    """A change a person asks for; ``Store.write`` turns it into a version."""

    kind: str
    op: str  # "create" | "update" | "delete" | "resolve" | "review"
    values: dict[str, Any] = field(default_factory=dict)
    record_id: str | None = None
    # For "resolve": field -> the stamps of every head the new value replaces.
    base: dict[str, list[str]] | None = None


@dataclass
class WriteOutcome:
    record_id: str
    version: Version | None  # None: the change changed nothing
    warnings: list[Problem]


class ValidationFailed(UserError):
    """Raised by ``Store.write``: nothing was written.  ``problems[i]`` belong to change i."""

    code = "invalid"

    def __init__(self, problems: dict[int, list[Problem]]):
        self.problems = problems
        first = next(p for ps in problems.values() for p in ps if p.is_error)
        super().__init__(first.message(), field=first.field)

    def all_errors(self) -> list[Problem]:
        return [p for ps in self.problems.values() for p in ps if p.is_error]

    def __str__(self) -> str:
        # Every error on one line, each naming its field once.
        return join_messages(p.message() for p in self.all_errors())

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "problems": [p.to_dict() for p in self.all_errors()]}


@dataclass
class ConflictState:
    field: str
    heads: list[tuple[str, Any]]  # (stamp, value), oldest first

    @property
    def winner_stamp(self) -> str:
        return self.heads[-1][0]


@dataclass
class Materialized:
    values: dict[str, Any]
    heads: dict[str, list[str]]  # field -> stamps of its head versions, sorted
    extra: dict[str, Any]
    conflicts: list[ConflictState]
    created_stamp: str
    updated_stamp: str
    origin_node: str

    @property
    def deleted(self) -> bool:
        return bool(self.values.get(DELETED))

    def compact_clocks(self) -> dict[str, list[str]]:
        """Heads worth storing: a field whose only head is the create is implied."""
        implied = [self.created_stamp]
        return {f: h for f, h in sorted(self.heads.items()) if h != implied}


def conflict_id(record_id: str, field_name: str) -> str:
    return hashlib.sha256(f"{record_id}\x00{field_name}".encode()).hexdigest()[:20]


def materialize(spec: EntitySpec, versions: Iterable[Version]) -> Materialized:
    """The current state of one row from the set of its versions (order-free)."""
    unique = {v.key: v for v in versions}
    ordered = sorted(unique.values(), key=lambda v: v.stamp)
    if not ordered:
        raise ValueError("materialize needs at least one version")
    known = set(spec.field_names()) | {DELETED}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    setters: dict[str, list[Version]] = defaultdict(list)
    for v in ordered:
        for name in v.fields:
            setters[name].append(v)
    heads_by_field: dict[str, list[str]] = {}
    conflicts: list[ConflictState] = []
    for name, vs in setters.items():
        target = values if name in known else extra
        if len(vs) == 1:
            heads_by_field[name] = [vs[0].stamp]
            target[name] = vs[0].fields[name]
            continue
        replaced: set[str] = set()
        for v in vs:
            replaced.update(v.base.get(name, ()))
        # A version that replaced another wins over it whatever the stamps say
        # (a laptop whose clock was fixed re-stamps its future-dated values
        # this way); among the heads, the largest stamp wins.
        heads = [v for v in vs if v.stamp not in replaced] or [vs[-1]]
        heads_by_field[name] = [v.stamp for v in heads]
        target[name] = heads[-1].fields[name]
        distinct = {canonical_json(v.fields[name]) for v in heads}
        if len(heads) > 1 and len(distinct) > 1:
            conflicts.append(ConflictState(name, [(v.stamp, v.fields[name]) for v in heads]))
    if values.get(DELETED):
        for name in spec.personal_fields:
            if values.get(name) is not None:
                values[name] = None
    first = ordered[0]
    return Materialized(
        values=values,
        heads=heads_by_field,
        extra=extra,
        conflicts=conflicts,
        created_stamp=first.stamp,
        updated_stamp=ordered[-1].stamp,
        origin_node=min(
            (v for v in ordered if v.op == "create"), key=lambda v: v.stamp, default=first
        ).node_id,
    )
