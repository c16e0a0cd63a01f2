"""The merge's path for new rows (store/merge.py): a row made by one plain version goes to
its insert as parameters, without the ``_Row`` the general path builds, and a batch's rows
are written in id order.  Both must leave exactly what the general path leaves: the same
outcomes, rows, version log, conflicts and search rows, whatever the batch holds (creates,
later versions of a row the batch created, deletes, unknown fields, duplicates)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.domain.entities import DELETED, ENTITIES
from zjk_desktop.domain.hlc import format_stamp
from zjk_desktop.store import Store
from zjk_desktop.store import merge as merge_module
from zjk_desktop.store.versions import Version

NODES = ("8ec8e0ab9bff0c9d", "11aa22bb33cc44dd")
IDS = [f"019ad20f-41c1-70e7-84ff-19d825db40{i:02x}" for i in (0x3F, 0x10, 0x2A, 0x01, 0x55)]

values = {
    "visit": st.fixed_dictionaries(
        {},
        optional={
            "content": st.text(max_size=6),
            "households_served": st.one_of(st.integers(0, 99), st.none()),
            "photos": st.one_of(st.lists(st.sampled_from(["a" * 64, "b" * 64]), max_size=2)),
            "review_state": st.sampled_from(["draft", "approved"]),
            "date": st.sampled_from(["2026-05-01", "2026-05-02"]),
            "future_field": st.integers(0, 3),  # a field a newer program knows
        },
    ),
    "org_unit": st.fixed_dictionaries(
        {},
        optional={
            "name": st.text(max_size=6),
            "is_poor": st.booleans(),
            "level": st.just("village"),
            "households": st.integers(0, 500),
        },
    ),
}

step = st.tuples(
    st.sampled_from(["visit", "org_unit"]),
    st.integers(0, len(IDS) - 1),
    st.sampled_from(["create", "update", "delete", "again"]),
    st.integers(0, 1),
    st.data(),
)


def _versions(steps) -> list[Version]:
    out: list[Version] = []
    counters = dict.fromkeys(NODES, 0)
    heads: dict[tuple[str, str], list[str]] = {}
    for n, (kind, which, op, node_i, data) in enumerate(steps):
        if op == "again" and out:
            out.append(out[data.draw(st.integers(0, len(out) - 1))])  # a duplicate
            continue
        node = NODES[node_i]
        counters[node] += 1
        stamp = format_stamp(1_795_000_000_000 + n * 10, 0, node)
        rid = IDS[which]
        if op == "delete":
            fields = {DELETED: True}
        else:
            fields = dict(data.draw(values[kind]))
        base = {name: heads[(rid, name)] for name in fields if (rid, name) in heads}
        if data.draw(st.booleans()):
            base = {}  # concurrent: a conflict when the values differ
        for name in fields:
            heads[(rid, name)] = [stamp]
        out.append(
            Version.make(
                node,
                counters[node],
                stamp,
                kind,
                rid,
                "create" if op == "again" else op,
                fields,
                base,
                "测试",
            )
        )
    return out


def _state(store: Store) -> tuple[str, list[tuple], list[tuple]]:
    # The search rows by record id (a row's rowid depends on the order rows were written).
    searched = store.conn.execute(
        "SELECT v.id, s.* FROM visit_search AS s JOIN visit AS v ON v.rowid = s.rid ORDER BY v.id"
    ).fetchall()
    searched = [(row[0], *row[2:]) for row in searched]
    log = store.conn.execute(
        "SELECT seq, node_id, counter, stamp, entity, record_id, op, fields, base, actor"
        " FROM versions ORDER BY seq"
    ).fetchall()
    return store.dump_json(), log, searched


def _apply_all(batches: list[list[Version]], monkeypatch, *, general: bool):
    with monkeypatch.context() as m:
        if general:
            # The general path: every new row through ``_first_row`` and a ``_Row``, written
            # in the order the batch made them (as before the new-row path existed).
            m.setattr(merge_module._RowShape, "of_only_version", lambda self, v: None)
            m.setattr(merge_module, "_first_item", lambda p: 0)
        store = Store.open(None)
        try:
            outcomes = [store.apply_versions(batch) for batch in batches]
            return outcomes, _state(store)
        finally:
            store.close()


SEEN = {"fresh": 0, "promoted": 0, "general": 0}


@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "60")) * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=14), cut=st.integers(1, 14))
def test_new_rows_leave_what_the_general_path_leaves(monkeypatch, steps, cut):
    versions = _versions(steps)
    batches = [versions[:cut], versions[cut:]] if cut < len(versions) else [versions]
    fast = _apply_all(batches, monkeypatch, general=False)
    general = _apply_all(batches, monkeypatch, general=True)
    assert fast == general
    shapes = {kind: merge_module._row_shape(ENTITIES[kind]) for kind in ("visit", "org_unit")}
    ids_seen: set[str] = set()
    for v in batches[0]:
        plain = shapes[v.entity].of_only_version(v) is not None
        if v.record_id in ids_seen:
            SEEN["promoted"] += plain
        else:
            SEEN["fresh" if plain else "general"] += 1
        ids_seen.add(v.record_id)


def test_the_property_above_saw_every_kind_of_new_row():
    """Else it proved nothing: plain new rows, rows a later version of the same batch
    touched, and new rows the general path makes (deletes, unknown fields) all occurred."""
    assert all(SEEN.values()), SEEN


@pytest.mark.parametrize("kind", ["visit", "org_unit", "training", "specialist"])
def test_a_plain_only_version_gives_the_parameters_the_general_row_gives(kind):
    spec = ENTITIES[kind]
    shape = merge_module._row_shape(spec)
    fields: dict = {}
    for f in spec.fields:
        fields[f.name] = {
            "bool": False,
            "list": ["甲", "a"],
            "int": 3,
            "float": 1.5,
        }.get(f.type, "文本")
    v = Version.make(
        NODES[0],
        1,
        format_stamp(1_795_000_000_000, 0, NODES[0]),
        kind,
        IDS[0],
        "create",
        fields,
        {},
    )
    general = shape.of_row(v.record_id, merge_module._first_row(spec, v))
    plain = shape.of_only_version(v)
    assert plain is not None and list(plain) == list(general)
    assert (
        shape.of_only_version(Version.make(**{**v.__dict__, "fields": {**fields, "x_new": 1}}))
        is None
    )
    assert shape.of_only_version(Version.make(**{**v.__dict__, "fields": {DELETED: True}})) is None


def test_visits_of_one_day_saved_together_list_in_the_order_they_were_made(store):
    """The list breaks a tie of dates by the row's place in the table: rows written in id
    order (a node's ids follow the clock) list the last one made first, as people expect;
    before, a batch's rows went in Python's set order, a different shuffle every run."""
    from zjk_desktop.domain.ids import new_ids
    from zjk_desktop.scope import Scope
    from zjk_desktop.search import find_records
    from zjk_desktop.store import Change

    county = store.create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"})
    town = store.create(
        "org_unit",
        {"code": "130732100", "name": "样田乡", "level": "township", "parent_id": county.record_id},
    ).record_id
    village = store.create(
        "org_unit",
        {"code": "130732100201", "name": "石柳营村", "level": "village", "parent_id": town},
    ).record_id
    sp = store.create("specialist", {"name": "王建国", "phone": "13800001001", "org_id": town})
    store.create(
        "assignment",
        {"specialist_id": sp.record_id, "village_id": village, "start_date": "2024-01-01"},
    )
    ids = new_ids(40, store.node_id)
    values = {
        "date": "2026-05-01",
        "specialist_id": sp.record_id,
        "village_id": village,
        "industry": "potato",
        "service_type": "guidance",
    }
    creates = [
        Change("visit", "create", {**values, "content": f"第{i}户"}, rid)
        for i, rid in enumerate(ids)
    ]
    # Every other visit is corrected in the same save: those rows take the merge's general path.
    fixes = [Change("visit", "update", {"content": "改正"}, rid) for rid in ids[::2]]
    store.write(creates + fixes)
    listed = find_records(store, "visit", Scope("all"))
    assert listed == ids[::-1]
