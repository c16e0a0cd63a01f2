"""The start page's kept figures are never shown as current when they are not (issue 14).

``figure_cache.load`` says ``fresh`` only when the kept figures equal what a computation
gives now: every kind of write (a record saved, edited, deleted or reviewed, a roster or
assignment change, an import, a conflict resolved) makes them stale; another day does too;
conflicts and the last import are read live.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop import figure_cache
from zjk_desktop.scope import Scope
from zjk_desktop.store import Store

TODAY = _dt.date.today()
FIELDS = ("date", "specialist_id", "village_id", "industry", "service_type", "content")


def _fresh(store: Store, scope: Scope, day: _dt.date = TODAY) -> dict[str, Any]:
    return figure_cache.compute(store, scope, day, keep=False)


def _visits(store: Store, n: int = 40) -> list[dict[str, Any]]:
    return store.rows("visit", {"deleted": 0}, order_by=("-date", "id"), limit=n)


def _assert_stale_then_warm(store: Store, scope: Scope) -> None:
    kept = figure_cache.load(store, scope, TODAY)
    assert kept is not None and not kept.fresh
    figures = figure_cache.compute(store, scope, TODAY)
    again = figure_cache.load(store, scope, TODAY)
    assert again is not None and again.fresh and again.figures == figures


def test_kept_figures_come_back_fresh_and_equal_to_a_computation(demo_store):
    scope = Scope("all")
    assert figure_cache.load(demo_store, scope, TODAY) is None  # nothing kept yet
    computed = figure_cache.compute(demo_store, scope, TODAY)
    kept = figure_cache.load(demo_store, scope, TODAY)
    assert kept is not None and kept.fresh
    assert kept.figures == computed == _fresh(demo_store, scope)
    assert kept.figures["gap_villages"][30]  # the comparison compared village lists
    assert any(row["records"] for row in kept.figures["trend"])


@pytest.mark.parametrize(
    "write",
    ["create", "edit", "delete", "approve", "return", "village", "assignment"],
)
def test_each_kind_of_write_makes_the_kept_figures_stale(demo_store, write):
    scope = Scope("all")
    figure_cache.compute(demo_store, scope, TODAY)
    visit = _visits(demo_store)[0]
    if write == "create":
        demo_store.create("visit", {k: visit[k] for k in FIELDS} | {"review_state": "submitted"})
    elif write == "edit":
        demo_store.update("visit", visit["id"], {"households_served": 99})
    elif write == "delete":
        demo_store.delete("visit", visit["id"])
    elif write == "approve":
        demo_store.review("visit", visit["id"], "approved")
    elif write == "return":
        demo_store.review("visit", visit["id"], "returned", "请补充服务农户")
    elif write == "village":
        village = demo_store.get("org_unit", visit["village_id"])
        demo_store.update("org_unit", village["id"], {"is_poor": 0 if village["is_poor"] else 1})
    else:
        (assignment,) = demo_store.rows("assignment", {"village_id": visit["village_id"]}, limit=1)
        demo_store.update("assignment", assignment["id"], {"end_date": assignment["start_date"]})
    _assert_stale_then_warm(demo_store, scope)


def test_an_import_and_a_conflict_resolution_make_them_stale(demo_store):
    scope = Scope("all")
    other = Store.open(None)  # another computer holding the same data
    try:
        other.apply_versions(list(demo_store.iter_versions()))
        visit = _visits(demo_store)[0]
        figure_cache.compute(demo_store, scope, TODAY)
        demo_store.update("visit", visit["id"], {"households_served": 7})
        other.update("visit", visit["id"], {"households_served": 8})
        figure_cache.compute(demo_store, scope, TODAY)
        # the import brings a concurrent edit: a conflict, read live even before recomputing
        assert "conflict" in demo_store.apply_versions(list(other.iter_versions()))
        kept = figure_cache.load(demo_store, scope, TODAY)
        assert kept is not None and not kept.fresh
        assert kept.figures["open_conflicts"] == _fresh(demo_store, scope)["open_conflicts"] > 0
        _assert_stale_then_warm(demo_store, scope)
        (conflict,) = demo_store.conflicts()
        demo_store.resolve_conflict(conflict["id"], keep="loser")
        _assert_stale_then_warm(demo_store, scope)
        kept = figure_cache.load(demo_store, scope, TODAY)
        assert kept is not None and kept.figures["open_conflicts"] == 0
    finally:
        other.close()


def test_another_day_other_options_and_other_scopes_are_not_served(demo_store):
    township = demo_store.rows("org_unit", {"level": "township"}, limit=1)[0]["id"]
    figure_cache.compute(demo_store, Scope("all"), TODAY)
    tomorrow = figure_cache.load(demo_store, Scope("all"), TODAY + _dt.timedelta(days=1))
    assert tomorrow is not None and not tomorrow.fresh and tomorrow.day == TODAY.isoformat()
    assert figure_cache.load(demo_store, Scope("all"), TODAY, 60) is None
    assert figure_cache.load(demo_store, Scope("all"), TODAY, states=None) is None
    assert figure_cache.load(demo_store, Scope("township", org_id=township), TODAY) is None


def test_the_counting_rule_line_follows_the_language(demo_store):
    from zjk_desktop import i18n

    figure_cache.compute(demo_store, Scope("all"), TODAY)
    i18n.set_language("en")
    try:
        kept = figure_cache.load(demo_store, Scope("all"), TODAY)
        assert kept is not None and kept.figures["basis"].startswith("Counted:")
    finally:
        i18n.set_language("zh_CN")


def test_unreadable_kept_figures_are_recomputed_not_shown(demo_store):
    scope = Scope("all")
    demo_store.set_meta(figure_cache.meta_key(scope), '{"format": 1, "day": ')
    assert figure_cache.load(demo_store, scope, TODAY) is None


write = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 39), st.integers(0, 60)),
    st.tuples(st.just("edit"), st.integers(0, 39), st.integers(0, 400)),
    st.tuples(st.just("delete"), st.integers(0, 39), st.just(0)),
    st.tuples(
        st.just("review"), st.integers(0, 39), st.sampled_from(("approved", "returned", "draft"))
    ),
    st.tuples(st.just("poor"), st.integers(0, 39), st.booleans()),
    st.tuples(st.just("unassign"), st.integers(0, 39), st.just(0)),
    st.tuples(st.just("compute"), st.just(0), st.just(0)),
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(write, min_size=1, max_size=8), scope_kind=st.sampled_from(("all", "t")))
def test_kept_figures_never_differ_from_a_computation_when_called_fresh(
    demo_store, writes, scope_kind
):
    if scope_kind == "all":
        scope = Scope("all")
    else:
        township = demo_store.rows("org_unit", {"level": "township"}, limit=1)[0]["id"]
        scope = Scope("township", org_id=township)
    figure_cache.compute(demo_store, scope, TODAY)
    for what, i, arg in writes:
        visits = _visits(demo_store)
        visit = visits[i % len(visits)]
        if what == "create":
            day = (TODAY - _dt.timedelta(days=int(arg))).isoformat()
            values = {k: visit[k] for k in FIELDS} | {"date": day, "review_state": "submitted"}
            demo_store.create("visit", values)
        elif what == "edit":
            demo_store.update("visit", visit["id"], {"households_served": arg})
        elif what == "delete":
            demo_store.delete("visit", visit["id"])
        elif what == "review":
            demo_store.review("visit", visit["id"], str(arg), "请补充")
        elif what == "poor":
            demo_store.update("org_unit", visit["village_id"], {"is_poor": int(bool(arg))})
        elif what == "unassign":
            for a in demo_store.rows("assignment", {"village_id": visit["village_id"]}, limit=1):
                demo_store.update("assignment", a["id"], {"end_date": a["start_date"]})
        else:
            figure_cache.compute(demo_store, scope, TODAY)
        kept = figure_cache.load(demo_store, scope, TODAY)
        assert kept is not None
        if kept.fresh:
            assert kept.figures == _fresh(demo_store, scope), (what, i, arg)
        else:
            assert what != "compute"


def test_a_file_in_the_import_ledger_makes_the_strip_stale(demo_store):
    """The 本月未报送 strip counts files received: a file recorded, even one that brought
    nothing new, is a change."""
    from zjk_desktop.sync.peers import record_bundle

    scope = Scope("all")
    figure_cache.compute(demo_store, scope, TODAY, role="county")
    kept = figure_cache.load(demo_store, scope, TODAY, role="county")
    assert kept is not None and kept.fresh and kept.figures["management"] is not None
    assert figure_cache.load(demo_store, scope, TODAY) is None  # another role: not these
    record_bundle(demo_store, "b1", "in", "delta", "0" * 64, "someone", {})
    kept = figure_cache.load(demo_store, scope, TODAY, role="county")
    assert kept is not None and not kept.fresh
    assert kept.figures["last_import"] == _fresh(demo_store, scope)["last_import"] is not None


def test_breakdown_rows_carry_pinyin_sort_keys_also_for_renamed_townships(demo_store):
    from zjk_desktop.search import full_pinyin

    scope = Scope("all")
    figure_cache.compute(demo_store, scope, TODAY)
    township = demo_store.rows("org_unit", {"level": "township"}, limit=1)[0]
    demo_store.update("org_unit", township["id"], {"name": "阿尔山镇"})
    rows = figure_cache.compute(demo_store, scope, TODAY)["by_township"]
    (renamed,) = [r for r in rows if r["id"] == township["id"]]
    assert renamed["name_key"] == full_pinyin("阿尔山镇") + "阿尔山镇"
    assert all(r["name_key"] == full_pinyin(r["name"]) + r["name"] for r in rows)
    assert all(r["parent_key"] == full_pinyin(r["parent"]) + r["parent"] for r in rows)


def test_figures_that_cannot_be_kept_are_still_given(demo_store, monkeypatch):
    import sqlite3

    def locked(key, value):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(demo_store, "set_meta", locked)
    figures = figure_cache.compute(demo_store, Scope("all"), TODAY)
    assert figures == _fresh(demo_store, Scope("all"))
    assert figure_cache.load(demo_store, Scope("all"), TODAY) is None  # nothing kept
