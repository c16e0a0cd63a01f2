"""Strict wire grammar: every input is refused with a message or accepted and round-trips."""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.domain.hlc import HybridClock, parse_stamp
from zjk_desktop.domain.ids import id_node, new_id, new_node_id
from zjk_desktop.store import grammar
from zjk_desktop.store.versions import Version, canonical_json

NODE = "0123456789abcdef"
GOOD: dict[str, Any] = {
    "actor": "特派员1",
    "base": {},
    "entity": "visit",
    "fields": {
        "content": "谷子田间管理",
        "date": "2025-05-01",
        "households_served": 3,
        "industry": "millet",
        "service_type": "guidance",
        "specialist_id": "01a225ef-48ed-877a-aede-0d8579fe7d48",
        "village_id": "01a225ef-48ed-877a-aede-0d8579fe7d49",
    },
    "id": "01234567-89ab-8cde-bc00-000000000001",
    "n": 7,
    "node": NODE,
    "op": "create",
    "stamp": f"1748736000000-0000-{NODE}",
}

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(["\x00", "\ud800", " ", "-", "０", "9", "_", "e", "\\"]),
    max_size=40,
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


def accepted_round_trips(line: str) -> None:
    """The property: refused with a short message, or accepted and byte-identical when re-encoded."""
    try:
        v = grammar.parse_version_line(line)
    except grammar.GrammarError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Error" not in message
        return
    assert canonical_json(v.to_dict()) == line
    parse_stamp(v.stamp)  # accepted stamps always parse
    assert v.stamp.endswith(v.node_id)
    reason = grammar.check_fields(v.entity, v.fields)
    assert reason is None or ("\n" not in reason and "Error" not in reason)


def test_the_good_line_is_accepted():
    line = canonical_json(GOOD)
    v = grammar.parse_version_line(line)
    assert v.counter == 7 and grammar.check_fields(v.entity, v.fields) is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(GOOD)), value=JSON_VALUE)
def test_any_value_in_any_top_level_field(key, value):
    accepted_round_trips(canonical_json({**GOOD, key: value}))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(GOOD["fields"]) + ["notes", "hours", "photos", "newer"]),
    value=JSON_VALUE,
)
def test_any_value_in_any_field(name, value):
    accepted_round_trips(canonical_json({**GOOD, "fields": {**GOOD["fields"], name: value}}))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(stamp=TEXT | st.from_regex(r"\A-?[0-9_ ]{10,15}-[0-9]{3,5}-[0-9a-f]{0,17}\Z"))
def test_any_stamp(stamp):
    accepted_round_trips(canonical_json({**GOOD, "stamp": stamp}))
    accepted_round_trips(canonical_json({**GOOD, "base": {"content": [stamp]}}))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(line=TEXT | st.binary(max_size=60).map(lambda b: b.decode("latin-1")))
def test_any_line(line):
    accepted_round_trips(line)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.sampled_from([" ", "\t"]), at=st.integers(min_value=0, max_value=400))
def test_a_line_not_in_canonical_form_is_refused(extra, at):
    line = canonical_json(GOOD)
    at = min(at, len(line))
    other = line[:at] + extra + line[at:]
    try:
        v = grammar.parse_version_line(other)
    except grammar.GrammarError:
        return
    # whitespace inside a string value changes the value, and the line stays canonical
    assert canonical_json(v.to_dict()) == other


def test_deep_nesting_and_huge_numbers_are_refused_not_crashes():
    for line in ("[" * 100_000, json.dumps({**GOOD, "n": 10**400}), '{"n": 1e400}'):
        try:
            grammar.parse_version_line(line)
        except grammar.GrammarError:
            continue
        raise AssertionError(line[:40])


def test_stamps_from_the_clock_and_ids_from_the_store_pass_the_grammar():
    node = new_node_id()
    clock = HybridClock(node)
    rid = new_id(node_id=node)
    assert id_node(rid) == node
    v = Version(node, 1, clock.now(), "visit", rid, "create", dict(GOOD["fields"]))
    assert grammar.parse_version_line(canonical_json(v.to_dict())) == v


# ------------------------------------------------------------ whole packages
MANIFEST_KEYS = [
    "format",
    "format_version",
    "schema_version",
    "kind",
    "bundle_id",
    "sender",
    "recipient",
    "vector",
    "members",
    "counts",
    "n_changes",
    "keyring_epoch",
    "created_at",
    "since",
]


@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(key=st.sampled_from(MANIFEST_KEYS), value=JSON_VALUE, line=TEXT)
def test_any_signed_manifest_value_or_line_is_refused_in_one_line_or_imported(
    tmp_path_factory, key, value, line
):
    from zjk_desktop.sync.testing import build_network, change_lines, repack, visit_values

    net = _NET.get("net")
    if net is None:
        net = _NET["net"] = build_network(tmp_path_factory.mktemp("fuzz") / "net")
        net.s1.create("visit", visit_values(net, "s1"))
        _NET["pkg"] = net.send("s1", "township")
    pkg = _NET["pkg"]
    out = tmp_path_factory.mktemp("pkg") / "fuzz.zjkpkg"

    def edit(m):
        m[key] = value

    repack(net.s1, pkg, out, lines=[*change_lines(pkg), line], edit_manifest=edit)
    summary = net.receive("township", out, dry_run=True)  # never raises
    if not summary.ok:
        assert summary.reason and "\n" not in summary.reason and "Error" not in summary.reason


_NET: dict = {}


def _variants() -> list[str]:
    """Canonical lines of every shape an exporter writes: sealed, signed, neither, with a
    base, with a field from a newer program, with escapes in the text."""
    sealed = dict(GOOD, seal=[9, 2])
    signed = dict(GOOD, sig="A" * 86 + "==")
    based = dict(
        GOOD,
        op="update",
        base={"content": [f"1748736000000-0001-{NODE}", f"1748736000000-0002-{NODE}"]},
        fields={"content": 'say "hi"\\ \n\t', "future_field": {"x": [1, 2.5, None]}},
    )
    return [canonical_json(d) for d in (GOOD, sealed, signed, based)]


EDIT_CHARS = ['"', "\\", "{", "}", ",", ":", "0", "9", "a", "e", "-", "[", "]", ".", "\x7f", "\x01"]


@settings(max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "300")) * 3, deadline=None)
@given(
    which=st.integers(min_value=0, max_value=3),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "replace"]),
            st.integers(min_value=0, max_value=600),
            st.sampled_from(EDIT_CHARS),
        ),
        max_size=3,
    ),
)
def test_the_quick_path_for_common_lines_agrees_with_the_full_parse(which, edits):
    """The common line's quick path either steps aside or returns exactly what the full
    parse returns (same version, same stored fields text), edited lines included."""
    line = _variants()[which]
    for op, at, char in edits:
        at %= len(line) + 1
        if op == "insert":
            line = line[:at] + char + line[at:]
        elif op == "delete":
            line = line[:at] + line[at + 1 :]
        else:
            line = line[:at] + char + line[at + 1 :]
    quick = grammar._parse_common_line(line)
    try:
        full = grammar._parse_any_line(line)
    except grammar.GrammarError:
        assert quick is None
        return
    if not edits:
        assert quick is not None  # the common shapes do take the quick path
    if quick is not None:
        assert quick == full and quick.fields_text() == full.fields_text()


# Text with every kind of character the grammar treats specially, and look-alikes.
CONTROL_TEXT = st.lists(
    st.sampled_from(
        ["a", "谷", "\x00", "\x08", "\x0c", "\x1f", "\x7f", "\t", "\n", "\\", "\\b", "u00"]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "300")), deadline=None)
@given(
    kind=st.sampled_from(["visit", "training"]),
    values=st.dictionaries(
        st.sampled_from(
            ["content", "farmers", "photos", "date", "industry", "specialist_id", "hours"]
            + ["attendees", "households_served", "reviewed_by", "x"]
        ),
        CONTROL_TEXT
        | st.lists(CONTROL_TEXT, max_size=3)
        | JSON_VALUE
        | st.sampled_from(["2025-05-01", "2025-02-30", GOOD["fields"]["specialist_id"], "millet"])
        | st.integers(min_value=-2, max_value=100_002)
        | st.floats(min_value=-1, max_value=25)
        | st.sampled_from([float("nan"), float("inf"), True, 24, 24.0, 24.5, -1, -0.5, 100_001])
        | st.sampled_from(["x" * 100, "x" * 101]),
        max_size=4,
    ),
)
def test_fields_checked_with_their_json_text_get_the_same_verdict(kind, values):
    """An import checks text for control characters once in the fields' JSON text and
    accepts common values inline: the verdict is the one each value's own check gives."""
    try:
        text = canonical_json(values)
    except (ValueError, RecursionError):
        return
    grammar._GOOD_TEXT.clear()  # no memory of values seen valid in other examples
    quick = grammar.check_fields(kind, values, text)
    grammar._GOOD_TEXT.clear()
    assert quick == grammar.check_fields(kind, values)
    assert grammar.check_fields(kind, values, text) == quick  # and with the memory
