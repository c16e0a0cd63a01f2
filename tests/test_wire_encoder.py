"""One wire encoder for versions (issue 12): export, signing and ``Version.to_dict``
agree byte for byte, whatever the version holds."""

from __future__ import annotations

import json
import zlib

from hypothesis import given
from hypothesis import strategies as st

from zjk_desktop.store import Change, Version
from zjk_desktop.store.versions import canonical_json, encode_version
from zjk_desktop.sync import export
from zjk_desktop.sync.testing import build_network, visit_values

# Finite floats only: the store refuses NaN and infinities (no JSON for them).
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
versions = st.builds(
    Version,
    node_id=st.text(),
    counter=st.integers(0, 2**53),
    stamp=st.text(),
    entity=st.text(),
    record_id=st.text(),
    op=st.text(),
    fields=st.dictionaries(st.text(), values, max_size=6),
    base=st.dictionaries(st.text(), st.lists(st.text(), max_size=3), max_size=4),
    actor=st.text(),
    sig=st.none() | st.text(min_size=1),
)


@given(versions)
def test_the_wire_line_is_the_canonical_json_of_the_version(v):
    expected = canonical_json(v.to_dict())
    assert v.wire_line() == expected
    assert json.loads(expected) == v.to_dict()
    # As export calls it: the fields and base as the versions table stores them.
    row_line = encode_version(
        v.node_id,
        v.counter,
        v.stamp,
        v.entity,
        v.record_id,
        v.op,
        canonical_json(v.fields),
        canonical_json(v.base),
        v.actor,
        v.sig,
    )
    assert row_line == expected


@given(versions)
def test_signed_bytes_are_the_line_without_the_signature(v):
    assert v.signing_bytes() == canonical_json(v.to_dict(with_sig=False)).encode("utf-8")


def test_an_exported_line_is_the_stored_version_encoded(tmp_path):
    """A real export: every line is ``canonical_json(version.to_dict())`` of a version held."""
    net = build_network(tmp_path)
    try:
        s1 = net.s1
        s1.write([Change("visit", "create", visit_values(net, "s1", content='晚疫病 "防治" <b>'))])
        export.sign_own_versions(s1)
        held = {v.key: v for v in s1.iter_versions()}
        selection = export._select_versions(s1, {}, None, set(), None, tmp_path / "changes")
        raw = zlib.decompress((tmp_path / "changes").read_bytes(), -15).decode("utf-8")
        lines = raw.splitlines()
        assert len(lines) == selection.n_changes == len(held)
        for line in lines:
            data = json.loads(line)
            v = held[(data["node"], data["n"])]
            assert line == canonical_json(v.to_dict())
        assert any('"seal"' in line for line in lines)  # origin seals (issue 14)
        assert any("晚疫病" in line for line in lines)
    finally:
        net.close()
