"""The wire grammar: one exact syntax for every part of a version (DESIGN.md §4.7).

A version travels as one line of canonical JSON (sorted keys, no spaces,
UTF-8 unescaped) — exactly ``canonical_json(version.to_dict())``.  A line is
accepted only if it *is* that text, so whatever is accepted round-trips byte
for byte, and nothing a signer writes reaches ``int()``, ``float()`` or
slicing before it has passed the check for its part:

- ``node``: 16 lowercase hex digits;  ``n``: an integer 1 … 2**53;
- ``stamp``: ``<13 ASCII digits>-<4 ASCII digits>-<node>`` whose node is the
  version's own ``node`` (a node stamps only its own changes);
- ``id``: lowercase UUID text;  ``entity`` and ``op``: known names;
- ``fields``: names ``[a-z][a-z0-9_]*``; a known field's value has the exact
  type, range and syntax of its spec (dates ``YYYY-MM-DD``, enum codes,
  finite numbers, ids for references, text without control characters);
  a field from a newer program is kept if it is plain JSON data;
- ``base``: field → list of well-formed stamps;  ``actor``: short text;
- proof of origin, at most one of: ``seal``: ``[seal number, position]``, two
  integers with ``n <= seal number`` (a seal is numbered by the counter of
  its last version and lists its versions in counter order), or
  ``sig``: base64 of a 64-byte signature (versions signed one by one, before
  origin seals).

A package's seals (``seals.ndjson``, ``parse_seal_line``) are canonical lines
too: ``{"count","digest","node","proof","seal","sig"}`` with a count of
1 … ``MAX_SEAL_LEAVES``, a sha256 digest, a list of sha256 proof hashes and a
64-byte signature.

The store runs ``field_problems`` on every local write too, so a value that
would be refused on the wire (a NUL in a name, say) is refused when typed.
"""

from __future__ import annotations

import datetime as _dt
import json
import json.scanner
import re
from collections.abc import Callable
from typing import Any

from .. import i18n
from ..domain.entities import DELETED, ENTITIES, FieldSpec
from ..domain.hlc import NODE_ID_RE, STAMP_RE
from ..domain.ids import ID_RE
from .versions import Version, canonical_json, encode_version

i18n.register(
    {
        "grammar.json": ("不是有效的 JSON", "not valid JSON"),
        "grammar.not_canonical": ("不是规范格式", "not in canonical form"),
        "grammar.keys": ("字段不符合格式", "unexpected or missing keys"),
        "grammar.node": ("节点编号格式无效", "malformed node id"),
        "grammar.counter": ("序号无效", "invalid counter"),
        "grammar.stamp": ("时间戳格式无效", "malformed time stamp"),
        "grammar.stamp_node": ("时间戳不属于该更改的来源节点", "the time stamp names another node"),
        "grammar.id": ("记录编号格式无效", "malformed record id"),
        "grammar.entity": ("未知的数据类型", "unknown kind of data"),
        "grammar.op": ("未知的操作", "unknown operation"),
        "grammar.fields": ("字段格式无效", "malformed fields"),
        "grammar.base": ("版本依据格式无效", "malformed base"),
        "grammar.actor": ("操作人格式无效", "malformed actor"),
        "grammar.sig": ("签名格式无效", "malformed signature"),
        "grammar.seal": ("批次签名引用格式无效", "malformed seal reference"),
        "grammar.seal_line": ("批次签名第 {line} 行格式无效", "seal line {line} is malformed"),
        "grammar.line": ("第 {line} 行：{detail}", "line {line}: {detail}"),
        "grammar.bad_chars": ("{field}含有不允许的控制字符", "{field} contains control characters"),
        "grammar.bad_value": ("{field}的值格式无效", "{field} has a malformed value"),
    }
)

OPS = frozenset(("create", "update", "delete", "resolve", "review", "restore"))
TOP_KEYS = frozenset(("actor", "base", "entity", "fields", "id", "n", "node", "op", "stamp"))
MAX_COUNTER = 2**53
FIELD_NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
SIG_RE = re.compile(r"[A-Za-z0-9+/]{86}==", re.ASCII)
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# Control characters (tab, newline and carriage return are text) and lone
# surrogates (not encodable as UTF-8): refused in every text value.
BAD_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_ACTOR = 200
_SHA256_RE = re.compile(r"[0-9a-f]{64}", re.ASCII)
MAX_SEAL_LEAVES = 1 << 20  # versions one seal may cover (this program seals at most 65,536)
SEAL_KEYS = frozenset(("count", "digest", "node", "proof", "seal", "sig"))
MAX_LIST_ITEMS = 1000
MAX_LIST_ITEM = 2000
MAX_DEPTH = 8


class GrammarError(ValueError):
    """A part of a change does not have its one syntax; ``str()`` is a short user message."""


def _err(key: str, **params: Any) -> GrammarError:
    return GrammarError(i18n.t(key, **params))


def clean_text(value: object) -> bool:
    return type(value) is str and BAD_TEXT_RE.search(value) is None


def is_date(value: object) -> bool:
    if type(value) is not str or not DATE_RE.fullmatch(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _finite(v: object) -> bool:
    return type(v) is int or (
        type(v) is float and v == v and v not in (float("inf"), float("-inf"))
    )


def _checker(f: FieldSpec, clean: bool = False) -> Callable[[Any], str | None]:
    """``value -> None`` (ok) or a message key, for one known field.

    ``clean``: the caller knows no text of the change holds a character ``BAD_TEXT_RE``
    refuses (``has_bad_text`` found none in its canonical JSON), so text is not searched.
    """
    if f.ref_entity:
        return lambda v: None if type(v) is str and ID_RE.fullmatch(v) else "grammar.bad_value"
    if f.type == "text":
        limit = f.max_length

        if clean:
            return lambda v: (
                "grammar.bad_value" if type(v) is not str or (limit and len(v) > limit) else None
            )

        def text(v: Any) -> str | None:
            if type(v) is not str or (limit and len(v) > limit):
                return "grammar.bad_value"
            return None if BAD_TEXT_RE.search(v) is None else "grammar.bad_chars"

        return text
    if f.type in ("int", "float"):
        low, high = f.minimum, f.maximum
        ints_only = f.type == "int"

        def number(v: Any) -> str | None:
            if not _finite(v) or (ints_only and type(v) is not int):
                return "grammar.bad_value"
            if (low is not None and v < low) or (high is not None and v > high):
                return "grammar.bad_value"
            return None

        return number
    if f.type == "bool":
        return lambda v: None if type(v) is bool else "grammar.bad_value"
    if f.type == "date":
        return lambda v: None if is_date(v) else "grammar.bad_value"
    if f.type == "list" and f.name == "photos":
        # Photos are content-addressed: each item is the sha256 of a stored blob.
        def photo_digests(v: Any) -> str | None:
            if type(v) is not list or len(v) > MAX_LIST_ITEMS:
                return "grammar.bad_value"
            for x in v:
                if type(x) is not str or not _SHA256_RE.fullmatch(x):
                    return "grammar.bad_value"
            return None

        return photo_digests
    if f.type == "list":

        def items(v: Any) -> str | None:
            if type(v) is not list or len(v) > MAX_LIST_ITEMS:
                return "grammar.bad_value"
            for x in v:
                if type(x) is not str or len(x) > MAX_LIST_ITEM:
                    return "grammar.bad_value"
                if not clean and BAD_TEXT_RE.search(x):
                    return "grammar.bad_chars"
            return None

        return items
    if f.enum is not None:
        enum = f.enum
        return lambda v: None if type(v) is str and v in enum else "grammar.bad_value"
    return lambda v: "grammar.bad_value"  # a field type this program does not know


_CHECKERS: dict[tuple[str, str], Callable[[Any], str | None]] = {}


def _plain_data(v: Any, depth: int = 0) -> bool:
    """JSON data of a field from a newer program: kept only if it is plain and clean."""
    if v is None or type(v) in (bool, int):
        return True
    if type(v) is float:
        return _finite(v)
    if type(v) is str:
        return BAD_TEXT_RE.search(v) is None
    if depth >= MAX_DEPTH:
        return False
    if type(v) is list:
        return all(_plain_data(x, depth + 1) for x in v)
    if type(v) is dict:
        return all(clean_text(k) and _plain_data(x, depth + 1) for k, x in v.items())
    return False


def value_problem(kind: str, name: str, value: Any) -> str | None:
    """Message key if ``value`` is not a valid value of field ``name`` of ``kind`` (None: fine)."""
    if value is None:
        return None
    if name == DELETED:
        return None if type(value) is bool else "grammar.bad_value"
    check = _CHECKERS.get((kind, name))
    if check is None:
        f = ENTITIES[kind].field(name)
        if f is None:
            return None if _plain_data(value) else "grammar.bad_value"
        check = _CHECKERS[(kind, name)] = _checker(f)
    return check(value)


def field_label(kind: str, name: str) -> str:
    spec = ENTITIES.get(kind)
    f = spec.field(name) if spec else None
    return f.label(i18n.get_language()) if f else name


_KIND_CHECKERS: dict[tuple[str, bool], dict[str, Callable[[Any], str | None]]] = {}


def _kind_checkers(kind: str, clean: bool = False) -> dict[str, Callable[[Any], str | None]]:
    found = _KIND_CHECKERS.get((kind, clean))
    if found is None:
        spec = ENTITIES[kind]
        found = _KIND_CHECKERS[(kind, clean)] = {f.name: _checker(f, clean) for f in spec.fields}
        found[DELETED] = lambda v: None if type(v) is bool else "grammar.bad_value"
    return found


# In canonical JSON (``canonical_json``) every character ``BAD_TEXT_RE`` refuses appears in
# one of these forms: an escape ``\u0000``-``\u001f``, ``\b`` or ``\f`` (tab, newline and
# carriage return are ``\t \n \r``), or a raw DEL; a lone surrogate cannot reach a line that
# was decoded from UTF-8 and found canonical.  Text without any of them is clean (a match
# may be a false alarm, e.g. an escaped backslash before "b": then each value is searched).
_BAD_IN_JSON_RE = re.compile(r"\\u00[01]|\\[bf]|\x7f")


def has_bad_text(canonical_text: str) -> bool:
    """Whether the canonical JSON text of a change's fields may hold a refused character."""
    return _BAD_IN_JSON_RE.search(canonical_text) is not None


# Reference, date and code values already found well-formed, per kind and field: an import
# checks the same village, specialist, date and code thousands of times, and a check is a
# pure function of (kind, field, value).  Free text is checked every time (it rarely
# repeats); bounded: short values, a few thousand per field.
_GOOD_TEXT: dict[str, dict[str, set[str]]] = {}
_GOOD_MAX_LEN = 64
_GOOD_MAX_VALUES = 4096


def _repeating_fields(kind: str) -> dict[str, set[str]]:
    spec = ENTITIES[kind]
    return {
        f.name: set()
        for f in spec.fields
        if f.ref_entity or f.type == "date" or (f.enum is not None and f.type != "text")
    }


_TEXT, _KNOWN, _INT, _FLOAT = 0, 1, 2, 3
# Per field: (how, low, high).  ``_TEXT``: high is the longest length; ``_KNOWN``: low is
# the field's set of values seen valid (``_GOOD_TEXT``); numbers: the bounds, ±inf when open
# (an int or a finite float compares exactly with them).
_Plan = dict[str, tuple[int, Any, Any]]
_NO_PLAN: _Plan = {}
# kind -> (the ``_GOOD_TEXT`` entry the plan's sets belong to, the plan)
_PLANS: dict[str, tuple[dict[str, set[str]], _Plan]] = {}
_INF = float("inf")


def _plain_plan(kind: str, good: dict[str, set[str]]) -> _Plan:
    """Per field of ``kind``: how ``field_problems`` accepts its common values inline,
    following ``_checker``'s order (a reference, then text, then numbers, dates, codes)."""
    cached = _PLANS.get(kind)
    if cached is not None and cached[0] is good:
        return cached[1]
    plan: _Plan = {}
    for f in ENTITIES[kind].fields:
        if f.ref_entity:
            plan[f.name] = (_KNOWN, good[f.name], None)
        elif f.type == "text":
            plan[f.name] = (_TEXT, None, f.max_length or _INF)
        elif f.type in ("int", "float"):
            plan[f.name] = (
                _INT if f.type == "int" else _FLOAT,
                -_INF if f.minimum is None else f.minimum,
                _INF if f.maximum is None else f.maximum,
            )
        elif f.name in good:
            plan[f.name] = (_KNOWN, good[f.name], None)
    _PLANS[kind] = (good, plan)
    return plan


def field_problems(
    kind: str, fields: dict[str, Any], first_only: bool = False, clean: bool = False
) -> list[tuple[str, str]]:
    """(field, message key) of every malformed value of a change (the first only, if asked).

    ``clean``: no text value holds a refused character (``has_bad_text`` said so).
    """
    good = _GOOD_TEXT.get(kind)
    if good is None:
        good = _GOOD_TEXT[kind] = _repeating_fields(kind)
    plain = _plain_plan(kind, good) if clean else _NO_PLAN
    checkers: dict[str, Callable[[Any], str | None]] | None = None
    found: list[tuple[str, str]] = []
    for name, value in fields.items():
        if value is None:
            continue
        # The common values, accepted inline (each accepted by its checker too): short
        # clean text, a number in range, a reference, date or code seen valid before.
        how = plain.get(name)
        if how is not None:
            code, low, high = how
            t = type(value)
            if code == _TEXT:
                if t is str and len(value) <= high:
                    continue
            elif code == _KNOWN:
                if t is str and value in low:
                    continue
            elif (t is int or (code == _FLOAT and t is float and value - value == 0)) and (
                low <= value <= high
            ):
                continue
        if checkers is None:
            checkers = _kind_checkers(kind, clean)
        check = checkers.get(name)
        if check is None:
            key = None if _plain_data(value) else "grammar.bad_value"
        elif type(value) is str and name in good:
            known = good[name]
            if value in known:
                continue
            key = check(value)
            if key is None and len(value) <= _GOOD_MAX_LEN and len(known) < _GOOD_MAX_VALUES:
                known.add(value)
        else:
            key = check(value)
        if key is not None:
            found.append((name, key))
            if first_only:
                break
    return found


def check_fields(kind: str, fields: dict[str, Any], fields_text: str | None = None) -> str | None:
    """One-line reason if any value of a change is malformed (None: all fine).

    ``fields_text``: the fields' canonical JSON, when the caller has it (an import):
    text is then searched for refused characters once, not value by value.
    """
    clean = fields_text is not None and not has_bad_text(fields_text)
    found = field_problems(kind, fields, first_only=True, clean=clean)
    if not found:
        return None
    name, key = found[0]
    return i18n.t(key, field=field_label(kind, name))


# The common line, split by its fixed parts: everything before the fields, and everything
# after them (found from the line's end: a quote inside a value is always escaped, so the
# last ``,"id":"`` is the envelope's).  Each part's own syntax is checked after the split.
_LINE_HEAD = re.compile(
    r'\{"actor":"([^"\\\x00-\x1f]*)","base":(\{[^{}]*\}),"entity":"([a-z_]{1,40})","fields":'
)
_LINE_TAIL = re.compile(
    r',"id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",'
    r'"n":([1-9][0-9]{0,15}),"node":"([0-9a-f]{16})","op":"([a-z]{1,16})",'
    r'(?:"seal":\[([1-9][0-9]{0,15}),(0|[1-9][0-9]{0,15})\],|"sig":"([A-Za-z0-9+/]{86}==)",)?'
    r'"stamp":"([0-9]{13}-[0-9]{4}-[0-9a-f]{16})"\}'
)


# ``json.loads`` without its Python layers: the scanner returns the value and where it
# ended (the common line's fields are one JSON object, nothing before or after it).
_scan_json = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # stub: its own type


def _parse_common_line(line: str) -> Version | None:
    """The version of a line in the form every exporter writes, checked part by part with
    the fewest Python operations; ``None`` when anything is unusual (the full parse then
    decides and names the reason).

    A line accepted here is the canonical JSON of the version it returns (each part is
    its value's canonical text, joined by the fixed keys in sorted order), so the full
    parse would accept it and return the same version.
    """
    head = _LINE_HEAD.match(line)
    if head is None:
        return None
    cut = line.rfind(',"id":"')
    tail = _LINE_TAIL.fullmatch(line, cut) if cut > head.end() else None
    if tail is None:
        return None
    actor, base_text, kind = head.groups()
    record_id, n_text, node, op, seal_text, pos_text, sig, stamp = tail.groups()
    spec = ENTITIES.get(kind)
    n = int(n_text)
    if (
        spec is None
        or op not in OPS
        or n > MAX_COUNTER
        or stamp[19:] != node
        or len(actor) > MAX_ACTOR
        or BAD_TEXT_RE.search(actor) is not None
    ):
        return None
    seal = seal_pos = None
    if seal_text is not None:
        seal, seal_pos = int(seal_text), int(pos_text)
        if seal > MAX_COUNTER or seal_pos >= MAX_SEAL_LEAVES or n > seal:
            return None
    base: dict[str, Any] = {}
    if base_text != "{}":
        try:
            base = json.loads(base_text)
        except (ValueError, RecursionError):
            return None
        if not _good_base(base) or canonical_json(base) != base_text:
            return None
    fields_text = line[head.end() : cut]
    try:
        fields, end = _scan_json(fields_text, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(fields_text) or type(fields) is not dict:
        return None
    known = spec.field_set
    if not fields.keys() <= known:
        for name in fields:
            if name not in known and not (
                FIELD_NAME_RE.fullmatch(name) and _plain_data(fields[name])
            ):
                return None
    try:
        if canonical_json(fields) != fields_text:
            return None
    except (ValueError, RecursionError):
        return None
    return Version.make(
        node,
        n,
        stamp,
        kind,
        record_id,
        op,
        fields,
        base,
        actor,
        sig,
        seal,
        seal_pos,
        fields_text,
    )


def _good_base(base: Any) -> bool:
    """field → non-empty list of well-formed stamps."""
    return type(base) is dict and all(
        FIELD_NAME_RE.fullmatch(k)
        and type(stamps) is list
        and stamps
        and all(type(s) is str and STAMP_RE.fullmatch(s) for s in stamps)
        for k, stamps in base.items()
    )


def parse_version_line(line: str) -> Version:
    """The version one package line holds; ``GrammarError`` unless the line is exactly canonical."""
    common = _parse_common_line(line)
    return common if common is not None else _parse_any_line(line)


def _parse_any_line(line: str) -> Version:
    """``parse_version_line`` for any text: the JSON parsed whole, each part checked."""
    try:
        d = json.loads(line)
    except (ValueError, RecursionError):
        raise _err("grammar.json") from None
    if type(d) is not dict:
        raise _err("grammar.keys")
    keys = set(d)
    if not keys >= TOP_KEYS or not keys <= TOP_KEYS | {"sig", "seal"}:
        raise _err("grammar.keys")
    if "sig" in keys and "seal" in keys:  # one proof of origin, never two
        raise _err("grammar.keys")
    node, n, stamp = d["node"], d["n"], d["stamp"]
    if type(node) is not str or not NODE_ID_RE.fullmatch(node):
        raise _err("grammar.node")
    if type(n) is not int or not 1 <= n <= MAX_COUNTER:
        raise _err("grammar.counter")
    if type(stamp) is not str or not STAMP_RE.fullmatch(stamp):
        raise _err("grammar.stamp")
    if stamp[19:] != node:
        raise _err("grammar.stamp_node")
    if type(d["id"]) is not str or not ID_RE.fullmatch(d["id"]):
        raise _err("grammar.id")
    if type(d["entity"]) is not str or d["entity"] not in ENTITIES:
        raise _err("grammar.entity")
    if type(d["op"]) is not str or d["op"] not in OPS:
        raise _err("grammar.op")
    fields, base, actor = d["fields"], d["base"], d["actor"]
    spec = ENTITIES[d["entity"]]
    if type(fields) is not dict:
        raise _err("grammar.fields")
    unknown = [k for k in fields if k not in spec.field_set]
    if unknown and not all(FIELD_NAME_RE.fullmatch(k) for k in unknown):
        raise _err("grammar.fields")
    if not _good_base(base):
        raise _err("grammar.base")
    if type(actor) is not str or len(actor) > MAX_ACTOR or BAD_TEXT_RE.search(actor):
        raise _err("grammar.actor")
    sig = d.get("sig")
    if "sig" in d and (type(sig) is not str or not SIG_RE.fullmatch(sig)):
        raise _err("grammar.sig")
    seal = seal_pos = None
    if "seal" in d:
        ref = d["seal"]
        if (
            type(ref) is not list
            or len(ref) != 2
            or type(ref[0]) is not int
            or type(ref[1]) is not int
            or not 1 <= ref[0] <= MAX_COUNTER
            or not 0 <= ref[1] < MAX_SEAL_LEAVES
            or n > ref[0]
        ):
            raise _err("grammar.seal")
        seal, seal_pos = ref
    for name in unknown:
        if not _plain_data(fields[name]):
            raise _err("grammar.fields")
    # The canonical line rebuilt from its parts (keys and types checked above, so this is
    # ``canonical_json(d)``); the fields' JSON text is kept for the store to write as is.
    try:
        fields_json = canonical_json(fields)
        canonical = encode_version(
            node,
            n,
            stamp,
            d["entity"],
            d["id"],
            d["op"],
            fields_json,
            canonical_json(base),
            actor,
            sig,
            seal,
            seal_pos,
        )
    except (ValueError, RecursionError):  # pragma: no cover - checked above
        raise _err("grammar.not_canonical") from None
    if canonical != line:
        raise _err("grammar.not_canonical")
    return Version.make(
        node,
        n,
        stamp,
        d["entity"],
        d["id"],
        d["op"],
        fields,
        base,
        actor,
        sig,
        seal,
        seal_pos,
        fields_json,
    )


def parse_seal_line(line: str, lineno: int) -> dict[str, Any]:
    """One seal of a package's ``seals.ndjson``; ``GrammarError`` unless exactly canonical."""
    bad = _err("grammar.seal_line", line=lineno)
    try:
        d = json.loads(line)
    except (ValueError, RecursionError):
        raise bad from None
    if type(d) is not dict or set(d) != SEAL_KEYS:
        raise bad
    count, seal, proof = d["count"], d["seal"], d["proof"]
    if (
        type(d["node"]) is not str
        or not NODE_ID_RE.fullmatch(d["node"])
        or type(seal) is not int
        or not 1 <= seal <= MAX_COUNTER
        or type(count) is not int
        or not 1 <= count <= MAX_SEAL_LEAVES
        or type(d["digest"]) is not str
        or not _SHA256_RE.fullmatch(d["digest"])
        or type(d["sig"]) is not str
        or not SIG_RE.fullmatch(d["sig"])
        or type(proof) is not list
        or len(proof) >= count
        or not all(type(h) is str and _SHA256_RE.fullmatch(h) for h in proof)
    ):
        raise bad
    if canonical_json(d) != line:
        raise bad
    return d
