"""The dump's fast JSON writer prints exactly what ``json.dumps(..., sort_keys=True, indent=1)`` prints."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from zjk_desktop.store.reads import canonical_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(values, st.integers(min_value=0, max_value=4))
def test_canonical_json_is_json_dumps_indented(value, depth):
    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    assert canonical_json(value, depth) == expected.replace("\n", "\n" + " " * depth)


def test_a_row_with_lists_flags_and_clocks_dumps_as_dump_says(tmp_path):
    from zjk_desktop.store import Store

    store = Store.open(tmp_path / "d.sqlite3")
    village = store.create(
        "org_unit", {"code": "130732101201", "name": '石"柳\\营村', "level": "village"}
    ).record_id
    person = store.create(
        "specialist", {"name": "王建国", "phone": "13800001001", "industries": ["potato", "fungi"]}
    ).record_id
    store.create(
        "visit",
        {
            "date": "2026-05-01",
            "specialist_id": person,
            "village_id": village,
            "industry": "potato",
            "service_type": "guidance",
            "content": "a\nb",
        },
    )
    expected = json.dumps(store.dump(), ensure_ascii=False, sort_keys=True, indent=1)
    assert store.dump_json() == expected
    assert '"industries": [\n    "potato",\n    "fungi"\n   ]' in store.dump_json()
    store.close()
