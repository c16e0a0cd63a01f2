"""canonical_json is pinned to the standard library's canonical form.

It runs on every version written or imported, so it is built on CPython's C
encoder directly; this property keeps it byte-identical to the plain
``json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False)`` that
signatures and version identity were defined with.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from zjk_desktop.store.versions import canonical_json

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=30,
)


@given(values)
def test_canonical_json_equals_sorted_compact_json_dumps(value):
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(value) == expected


def test_canonical_json_of_chinese_and_control_characters():
    value = {"b": '赤城县\u0000\n"<b>&', "a": [1.5, None, True]}
    assert canonical_json(value) == '{"a":[1.5,null,true],"b":"赤城县\\u0000\\n\\"<b>&"}'
