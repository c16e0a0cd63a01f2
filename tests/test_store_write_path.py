"""The local write path: the one-pass check of a create (store/create_check.py) says
"nothing to report" only when the full path (normalize, validate, the wire grammar) says
so too; a batch makes its ids at once and reads each row and each authority answer once."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.domain.entities import VISIT
from zjk_desktop.domain.validation import normalize, validate
from zjk_desktop.store import Change, StoreError
from zjk_desktop.store.create_check import create_check
from zjk_desktop.store.db import StoreRefs
from zjk_desktop.store.merge import _grammar_problems


@pytest.fixture
def roster(store):
    county = store.create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"})
    town = store.create(
        "org_unit",
        {"code": "130732100", "name": "样田乡", "level": "township", "parent_id": county.record_id},
    ).record_id
    v1, v2 = (
        store.create(
            "org_unit",
            {"code": f"13073210020{i}", "name": name, "level": "village", "parent_id": town},
        ).record_id
        for i, name in ((1, "石柳营村"), (2, "榆树沟村"))
    )
    sp = store.create(
        "specialist", {"name": "王建国", "phone": "13800001001", "org_id": town}
    ).record_id
    store.create("assignment", {"specialist_id": sp, "village_id": v1, "start_date": "2024-01-01"})
    return {"town": town, "v1": v1, "v2": v2, "sp": sp}


def visit(roster, **over):
    values = {
        "date": "2026-05-01",
        "specialist_id": roster["sp"],
        "village_id": roster["v1"],
        "industry": "马铃薯",
        "service_type": "guidance",
        "content": "晚疫病防治",
        "households_served": 12,
    }
    values.update(over)
    return values


TODAY = dt.date(2026, 6, 1)


def full_path(values, refs):
    """What ``Store.write`` finds for a create without the one-pass check."""
    out, problems = normalize(VISIT, values)
    if not out.get("review_state"):
        out["review_state"] = "draft"
    skip = frozenset(p.field for p in problems)
    problems += validate(VISIT, out, refs, today_fn=lambda: TODAY, skip=skip)
    flagged = {p.field for p in problems if p.is_error}
    problems += [p for p in _grammar_problems(VISIT, out) if p.field not in flagged]
    return out, problems


def test_a_plain_visit_takes_the_one_pass_check_and_gets_its_defaults(store, roster):
    refs = StoreRefs(store)
    values = visit(roster, content="  晚疫病防治 ")
    fast = create_check(VISIT)(values, refs, TODAY.isoformat())
    assert fast is not None and fast == full_path(values, refs)[0]
    assert fast["content"] == "晚疫病防治" and fast["review_state"] == "draft"


def test_rows_with_anything_to_report_take_the_full_path(store, roster):
    refs = StoreRefs(store)
    check = create_check(VISIT)
    for over in (
        {"village_id": roster["v2"]},  # not assigned there: a warning to show
        {"village_id": roster["town"]},  # not a village
        {"date": "2026-06-02"},  # after today
        {"date": "2014-12-31"},
        {"date": "2026-6-1"},
        {"households_served": -1},
        {"content": ""},  # required
        {"content": "a\x00b"},  # refused on the wire
        {"industry": "Potato!"},
    ):
        values = visit(roster, **over)
        assert check(values, refs, TODAY.isoformat()) is None, over
        assert full_path(values, refs)[1], over
    # Nothing to report, but not the plain case either: the full path handles them.
    for over in ({"households_served": "12"}, {"photos": []}, {"mystery": 1}):
        values = visit(roster, **over)
        assert check(values, refs, TODAY.isoformat()) is None, over
        assert not full_path(values, refs)[1], over


def test_writes_through_either_path_store_the_same_row(store, roster):
    plain = store.create("visit", visit(roster, content=" 晚疫病防治"))
    coerced = store.create("visit", visit(roster, content="晚疫病防治", households_served="12"))
    a, b = store.get("visit", plain.record_id), store.get("visit", coerced.record_id)
    assert {k: a[k] for k in VISIT.field_names()} == {k: b[k] for k in VISIT.field_names()}
    assert plain.version.fields == coerced.version.fields
    warned = store.write([Change("visit", "create", visit(roster, village_id=roster["v2"]))])
    assert [p.code for p in warned[0].warnings] == ["v.outside_assignment"]


texts = st.one_of(
    st.sampled_from(["晚疫病防治", " 病虫害 ", "", "   ", "a\x01b", "x" * 3000, "Ok"]),
    st.text(max_size=12),
)
values_strategy = st.fixed_dictionaries(
    {},
    optional={
        "date": st.one_of(
            st.sampled_from(["2026-05-01", "2026-06-01", "2026-06-02", "2014-12-31", "2026-02-30"]),
            st.text(max_size=10),
            st.none(),
        ),
        "industry": st.sampled_from(["potato", "马铃薯", "", "nope", None, 3]),
        "service_type": st.sampled_from(["guidance", "技术指导", " guidance", None]),
        "content": texts,
        "problems": st.one_of(texts, st.none(), st.integers()),
        "households_served": st.one_of(
            st.integers(-2, 10**7), st.floats(allow_nan=True), st.text(max_size=4), st.none()
        ),
        "people_served": st.one_of(st.integers(0, 50), st.booleans()),
        "review_state": st.sampled_from(["draft", "submitted", "", "approved ", None]),
        "follow_up_date": st.sampled_from(["2026-05-02", "2026/05/02", None, ""]),
        "unknown_field": st.integers(),
    },
)


@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "60")) * 3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=values_strategy, refs_choice=st.sampled_from(["sp", "v1", "v2", "town", "bad"]))
def test_the_one_pass_check_never_passes_what_the_full_path_reports(
    store,
    roster,
    data,
    refs_choice,
):
    refs = StoreRefs(store)
    values = {
        **visit(roster),
        "village_id": roster.get(refs_choice, "00000000-0000-8000-8000-000000000000"),
        **data,
    }
    fast = create_check(VISIT)(values, refs, TODAY.isoformat())
    out, problems = full_path(values, refs)
    if fast is not None:
        assert problems == []
        assert fast == out
    PASSED.append(fast is not None)


PASSED: list[bool] = []


def test_the_property_above_saw_both_answers():
    """Else it proved nothing: some generated rows pass the one-pass check, some do not."""
    assert any(PASSED) and not all(PASSED)


def test_a_batch_of_ids_is_what_one_call_each_would_make(monkeypatch):
    from zjk_desktop.domain import ids

    node = "8ec8e0ab9bff0c9d"
    monkeypatch.setattr("os.urandom", lambda n: b"\x01\x02" + bytes(n - 2))
    for count in (1, 5, 1500):  # 1,500: past 1,024 in one millisecond
        monkeypatch.setattr(ids, "_last_ms", -1)
        one_by_one = [ids.new_id(1_795_000_000_000, node) for _ in range(count)]
        monkeypatch.setattr(ids, "_last_ms", -1)
        assert ids.new_ids(count, node, 1_795_000_000_000) == one_by_one
    assert all(ids.id_node(i) == node for i in one_by_one)
    assert one_by_one == sorted(set(one_by_one))  # distinct and time-ordered


def test_a_county_batch_reads_each_specialists_station_once_and_still_refuses(store, roster):
    county = store.conn.execute("SELECT parent_id FROM org_unit WHERE id = ?", (roster["town"],))
    store.set_identity("county", "王主任", org_id=county.fetchone()[0])
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    store.write([Change("visit", "create", visit(roster, content=f"第{i}次")) for i in range(30)])
    store.conn.set_trace_callback(None)
    assert sum("FROM specialist WHERE id" in sql for sql in seen) <= 1
    assert len(store.rows("visit")) == 30
    other = store.create("org_unit", {"code": "130733", "name": "崇礼区", "level": "county"})
    store.set_identity("county", "李主任", org_id=other.record_id)
    with pytest.raises(StoreError):
        store.write([Change("visit", "create", visit(roster, content="越权"))])
    assert len(store.rows("visit")) == 30


def test_a_batch_of_reviews_reads_its_rows_once_and_approves_them_all(store, roster):
    made = store.write(
        [Change("visit", "create", visit(roster, content=f"第{i}次")) for i in range(30)]
    )
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    store.write(
        [Change("visit", "review", {"review_state": "approved"}, o.record_id) for o in made]
    )
    store.conn.set_trace_callback(None)
    assert sum(sql.startswith("SELECT * FROM [visit] WHERE id IN") for sql in seen) == 1
    assert {r["review_state"] for r in store.rows("visit")} == {"approved"}
    history = store.versions_of(made[0].record_id)
    assert [v.op for v in history] == ["create", "review"]
    assert history[1].base == {"review_state": [history[0].stamp]}
