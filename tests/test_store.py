"""The version log store: writes, validation, history, deletion, merge rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjk_desktop import i18n
from zjk_desktop.domain.entities import VISIT
from zjk_desktop.domain.hlc import HybridClock
from zjk_desktop.domain.ids import new_id
from zjk_desktop.store import Change, Store, StoreError, ValidationFailed
from zjk_desktop.store.versions import Version, materialize


@pytest.fixture
def roster(store):
    county = store.create(
        "org_unit", {"code": "130732", "name": "赤城县", "level": "county"}
    ).record_id
    town = store.create(
        "org_unit",
        {"code": "130732100000", "name": "样田乡", "level": "township", "parent_id": county},
    ).record_id
    v1 = store.create(
        "org_unit",
        {
            "code": "130732100201",
            "name": "石柳营村",
            "level": "village",
            "parent_id": town,
            "is_poor": True,
        },
    ).record_id
    v2 = store.create(
        "org_unit",
        {"code": "130732100202", "name": "榆树沟村", "level": "village", "parent_id": town},
    ).record_id
    sp = store.create(
        "specialist", {"name": "王建国", "phone": "13800001001", "org_id": town}
    ).record_id
    store.create("assignment", {"specialist_id": sp, "village_id": v1, "start_date": "2024-01-01"})
    return {"county": county, "town": town, "v1": v1, "v2": v2, "sp": sp}


def visit(roster, **over):
    values = {
        "date": "2026-05-01",
        "specialist_id": roster["sp"],
        "village_id": roster["v1"],
        "industry": "马铃薯",
        "service_type": "技术指导",
        "content": "晚疫病防治",
        "households_served": 12,
    }
    values.update(over)
    return values


def test_ids_are_time_ordered_uuids():
    a = new_id(1_700_000_000_000)
    b = new_id(1_700_000_000_001)
    assert a < b and a[14] == "7"


def test_rows_match_columns_by_value_none_and_choices(store, roster):
    def codes(**match):
        return [r["code"] for r in store.rows("org_unit", match=match, order_by="code")]

    assert codes(level="township") == ["130732100000"]
    assert codes(level=("county", "township")) == ["130732", "130732100000"]
    assert codes(parent_id=None) == ["130732"]  # only the county has no parent
    assert codes(level="village", is_poor=True) == ["130732100201"]
    assert store.count("org_unit", match={"level": ["village"]}) == len(codes(level="village"))
    assert store.find_org_by_code("130732")["name"] == "赤城县"
    with pytest.raises(ValueError):
        store.rows("org_unit", match={"level = 'x' OR 1": 1})


def test_create_stores_codes_and_starts_as_draft(store, roster):
    out = store.create("visit", visit(roster))
    row = store.get("visit", out.record_id)
    assert row["industry"] == "potato" and row["service_type"] == "guidance"
    assert row["review_state"] == "draft"
    assert out.warnings == []


def test_validation_reports_every_problem_at_once_in_both_languages(store, roster):
    bad = visit(roster, date="2099-01-01", households_served=-3, industry="", content="")
    bad["village_id"] = roster["town"]
    with pytest.raises(ValidationFailed) as info:
        store.create("visit", bad)
    by_field = {p.field: p for p in info.value.all_errors()}
    assert set(by_field) == {"date", "households_served", "industry", "content", "village_id"}
    # One template: the label once, the value given, what is expected.
    today = dt.date.today().isoformat()
    assert by_field["date"].message_zh == f"日期“2099-01-01”无效，应为不晚于今天（{today}）的日期"
    assert (
        by_field["date"].message_en
        == f"Date “2099-01-01” is not valid: expected a date not after today ({today})"
    )
    assert by_field["households_served"].message_zh == "服务户数“-3”无效，应为不小于 0 的数"
    assert store.count("visit") == 0  # nothing written


def test_dates_before_2015_and_unknown_references_are_errors(store, roster):
    with pytest.raises(ValidationFailed) as info:
        store.create("visit", visit(roster, date="2014-12-31", specialist_id="nobody"))
    codes = {p.code for p in info.value.all_errors()}
    assert codes == {"v.date_too_early", "v.unknown_specialist"}


def test_outside_assignment_is_a_warning_and_saves(store, roster):
    out = store.create("visit", visit(roster, village_id=roster["v2"]))
    assert [w.code for w in out.warnings] == ["v.outside_assignment"]
    assert store.get("visit", out.record_id) is not None


def test_bad_number_text_is_reported_not_crashing(store, roster):
    with pytest.raises(ValidationFailed) as info:
        store.create("visit", visit(roster, households_served="十二"))
    assert [p.code for p in info.value.all_errors()] == ["v.not_integer"]


def test_all_or_nothing_batch(store, roster):
    with pytest.raises(ValidationFailed) as info:
        store.write(
            [
                Change("visit", "create", visit(roster)),
                Change("visit", "create", visit(roster, content="")),
            ]
        )
    assert list(info.value.problems) == [1]
    assert store.count("visit") == 0


def test_update_versions_and_history_shows_old_and_new(store, roster):
    rid = store.create("visit", visit(roster)).record_id
    out = store.update("visit", rid, {"households_served": 20, "content": "晚疫病防治"})
    assert set(out.version.fields) == {"households_served"}  # unchanged fields not versioned
    history = store.history(rid)
    assert [h["op"] for h in history] == ["create", "update"]
    assert history[1]["changes"] == [{"field": "households_served", "old": 12, "new": 20}]
    assert store.update("visit", rid, {"households_served": 20}).version is None


def test_delete_is_a_tombstone_that_clears_personal_fields(store, roster):
    sp = roster["sp"]
    store.delete("specialist", sp)
    assert store.get("specialist", sp) is None
    row = store.get("specialist", sp, include_deleted=True)
    assert row["deleted"] and row["phone"] is None and row["name"] == "王建国"
    assert store.history(sp)[-1]["op"] == "delete"
    with pytest.raises(StoreError):
        store.update("specialist", sp, {"name": "x"})


def test_counters_and_version_vector(store, roster):
    vv = store.version_vector()
    assert vv == {store.node_id: 6}
    versions = list(store.iter_versions())
    assert [v.counter for v in versions] == list(range(1, 7))


def test_review_and_resolve_flow(store, roster):
    rid = store.create("visit", visit(roster)).record_id
    store.review("visit", rid, "returned", "请补充照片")
    row = store.get("visit", rid)
    assert row["review_state"] == "returned" and row["review_comment"] == "请补充照片"


def _v(node, n, stamp_ms, fields, base=None, record="r1", op="update"):
    return Version(node, n, f"{stamp_ms:013d}-0000-{node}", "visit", record, op, fields, base or {})


def test_materialize_lww_and_conflict_detection():
    create = _v("a", 1, 1000, {"content": "x", "households_served": 1}, op="create")
    s_create = create.stamp
    edit_a = _v("a", 2, 2000, {"content": "A"}, {"content": [s_create]})
    edit_b = _v("b", 1, 3000, {"content": "B"}, {"content": [s_create]})
    m = materialize(VISIT, [edit_b, create, edit_a])
    assert m.values["content"] == "B"
    assert len(m.conflicts) == 1 and [v for _, v in m.conflicts[0].heads] == ["A", "B"]
    resolve = _v(
        "a", 3, 4000, {"content": "A+B"}, {"content": [edit_a.stamp, edit_b.stamp]}, op="resolve"
    )
    m2 = materialize(VISIT, [create, edit_a, edit_b, resolve])
    assert m2.values["content"] == "A+B" and m2.conflicts == []


def _two_stores(tmp_path):
    a = Store.open(tmp_path / "a.sqlite3")
    b = Store.open(tmp_path / "b.sqlite3")
    return a, b


def test_apply_versions_is_idempotent_and_order_free(tmp_path):
    a, b = _two_stores(tmp_path)
    c = Store.open(tmp_path / "c.sqlite3")
    county = a.create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"}).record_id
    a.update("org_unit", county, {"name": "赤城"})
    a.update("org_unit", county, {"households": 5})
    versions = list(a.iter_versions())
    b.apply_versions(versions)
    assert b.apply_versions(versions) == ["duplicate"] * 3
    c.apply_versions(list(reversed(versions)))
    assert a.dump_json() == b.dump_json() == c.dump_json()


def test_concurrent_edits_make_one_conflict_everywhere_and_resolution_converges(tmp_path):
    a, b = _two_stores(tmp_path)
    rid = a.create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"}).record_id
    b.apply_versions(list(a.iter_versions()))
    a.update("org_unit", rid, {"name": "赤城A"})
    b.update("org_unit", rid, {"name": "赤城B"})
    va, vb = list(a.iter_versions()), list(b.iter_versions())
    assert "conflict" in b.apply_versions(va)
    assert "conflict" in a.apply_versions(vb)
    assert a.dump_json() == b.dump_json()
    (conflict,) = a.conflicts()
    assert conflict["field"] == "name"
    b.resolve_conflict(conflict["id"], keep="loser")
    a.apply_versions(list(b.iter_versions()))
    assert a.conflicts() == [] and b.conflicts() == []
    assert a.dump_json() == b.dump_json()


def test_clock_never_goes_backwards_after_seeing_a_future_stamp():
    clock = HybridClock("00000000000000n1".replace("n", "a"))
    clock.observe("9999999999990-0000-00000000000000ff")
    assert clock.now(wall_ms=1000) > "9999999999990-0000-00000000000000ff"


ops = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from(["name", "households", "delete"]),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(ops=ops, order=st.randoms())
def test_any_edits_any_delivery_order_converge(tmp_path_factory, ops, order):
    base = tmp_path_factory.mktemp("conv")
    a = Store.open(base / "a.sqlite3")
    b = Store.open(base / "b.sqlite3")
    c = Store.open(base / "c.sqlite3")
    rid = a.create("org_unit", {"code": "130732", "name": "x", "level": "county"}).record_id
    b.apply_versions(list(a.iter_versions()))
    nodes = {"a": a, "b": b}
    for who, what, value in ops:
        s = nodes[who]
        if s.get("org_unit", rid) is None:
            continue
        if what == "delete":
            s.delete("org_unit", rid)
        else:
            s.update("org_unit", rid, {what: f"n{value}" if what == "name" else value})
    everything = list(a.iter_versions()) + list(b.iter_versions())
    shuffled = everything + everything[: len(everything) // 2]
    order.shuffle(shuffled)
    for i in range(0, len(shuffled), 3):
        c.apply_versions(shuffled[i : i + 3])
    a.apply_versions(list(b.iter_versions()))
    b.apply_versions(list(a.iter_versions()))
    assert a.dump_json() == b.dump_json() == c.dump_json()
    for s in (a, b, c):
        s.close()


def test_unknown_fields_are_kept_and_passed_on(tmp_path):
    a, b = _two_stores(tmp_path)
    rid = a.create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"}).record_id
    future = Version(
        "00000000000000ff",
        1,
        "0000000000001-0000-00000000000000ff",
        "org_unit",
        rid,
        "update",
        {"new_field": 7},
        {},
    )
    a.apply_versions([future])
    assert json.loads(a.get("org_unit", rid)["_extra"]) == {"new_field": 7}
    b.apply_versions(list(a.iter_versions()))
    assert a.dump_json() == b.dump_json()


def test_english_messages(store, roster):
    i18n.set_language("en")
    with pytest.raises(ValidationFailed) as info:
        store.create("visit", visit(roster, content=""))
    assert str(info.value) == "Content is required"


def test_dump_is_canonical_json(store, roster):
    text = store.dump_json()
    data = json.loads(text)
    ids = [r["id"] for r in data["org_unit"]]
    assert ids == sorted(ids)
    assert text == store.dump_json()
    assert len(data["org_unit"]) == 4 and len(data["specialist"]) == 1


def test_date_today_is_allowed(store, roster):
    out = store.create("visit", visit(roster, date=dt.date.today().isoformat()))
    assert store.get("visit", out.record_id)["date"] == dt.date.today().isoformat()


def test_version_vector_claims_only_gapless_prefixes(tmp_path):
    a, b = _two_stores(tmp_path)
    ids = [
        a.create("org_unit", {"code": f"13073{i}", "name": f"县{i}", "level": "county"}).record_id
        for i in range(5)
    ]
    versions = list(a.iter_versions())
    b.apply_versions([versions[0], versions[1], versions[3]])  # counter 3 missing
    assert b.version_vector() == {a.node_id: 2}
    assert b.max_counters() == {a.node_id: 4}
    assert b.apply_versions(versions) == ["duplicate", "duplicate", "new", "duplicate", "new"]
    assert b.version_vector() == {a.node_id: 5}
    c = Store.open(tmp_path / "c.sqlite3")
    c.apply_versions([versions[2]])
    assert c.version_vector() == {a.node_id: 0}
    assert len(ids) == 5


def _clock_pushed_ahead(path, days):
    """A database whose node saved something while the computer's clock ran ``days`` ahead."""
    import time as _time

    from zjk_desktop.domain.hlc import format_stamp

    s = Store.open(path)
    future_ms = int(_time.time() * 1000) + days * 86_400_000
    s.set_meta("hlc", format_stamp(future_ms, 0, s.node_id))
    s.close()


def test_clock_far_ahead_is_reported_and_later_saves_stay_ordered(tmp_path):
    path = tmp_path / "skew.sqlite3"
    _clock_pushed_ahead(path, 400)
    s = Store.open(path)
    assert s.clock_ahead_days() in (399, 400)
    rid = s.create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"}).record_id
    s.update("org_unit", rid, {"name": "赤城"})
    county = s.get("org_unit", rid)
    assert county is not None and county["name"] == "赤城"  # a later save still wins locally
    fresh = Store.open(tmp_path / "fresh.sqlite3")
    assert fresh.clock_ahead_days() == 0


def test_cli_warns_when_the_clock_ran_ahead(tmp_path, capsys):
    from zjk_desktop import cli

    path = tmp_path / "skew.sqlite3"
    _clock_pushed_ahead(path, 30)
    assert cli.main(["--db", str(path), "--lang", "en", "record", "list", "--kind", "visit"]) == 0
    err = capsys.readouterr().err
    assert "days ahead of its clock" in err and ("29 days" in err or "30 days" in err)
