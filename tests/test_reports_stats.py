"""The shared report figures agree with direct counts, and the dashboard finds gap villages."""

from __future__ import annotations

import datetime as dt

import pytest

from zjk_desktop.domain.entities import RECORD_KINDS
from zjk_desktop.reports import stats
from zjk_desktop.scope import Scope
from zjk_desktop.store import Range

START, END = "2025-01-01", "2026-12-31"
# The counting rule every figure follows: submitted and approved records only.
COUNTED = "coalesce(review_state, 'draft') IN ('submitted', 'approved')"
# The same rule as match values, for the store's reads.
COUNTED_MATCH = {"review_state": ("submitted", "approved")}


def _direct(store, sql, params=()):
    return store.conn.execute(sql, params).fetchone()[0]


def _county(store):
    return store.find_org_by_code("130732")


def test_county_totals_equal_direct_counts(demo_store):
    county = _county(demo_store)
    scope = Scope("county", org_id=county["id"])
    totals = stats.period_totals(demo_store, scope, START, END)
    period = f"deleted = 0 AND date BETWEEN ? AND ? AND {COUNTED}"
    # The small demo has one county: every record belongs to it.
    assert totals["visits"] == _direct(
        demo_store, f"SELECT count(*) FROM visit WHERE {period}", (START, END)
    )
    assert totals["visits"] > 0
    assert totals["trainings"] == _direct(
        demo_store, f"SELECT count(*) FROM training WHERE {period}", (START, END)
    )
    assert totals["techniques"] == _direct(
        demo_store,
        f"SELECT count(*) FROM extension WHERE {period} AND ext_type = 'technique'",
        (START, END),
    )
    assert totals["varieties"] == _direct(
        demo_store,
        f"SELECT count(*) FROM extension WHERE {period} AND ext_type = 'variety'",
        (START, END),
    )
    assert totals["attendees"] == _direct(
        demo_store, f"SELECT coalesce(sum(attendees), 0) FROM training WHERE {period}", (START, END)
    )
    assert totals["demo_area_mu"] == pytest.approx(
        _direct(
            demo_store,
            f"SELECT coalesce(sum(demo_area_mu), 0) FROM extension WHERE {period}",
            (START, END),
        )
    )
    assert totals["trainings_onsite"] + totals["trainings_online"] == totals["trainings"]


def test_per_township_rows_add_up_to_direct_counts_by_village(demo_store):
    county = _county(demo_store)
    rows = stats.per_township(demo_store, Scope("county", org_id=county["id"]), START, END)
    assert len(rows) == demo_store.count("org_unit", {"level": "township"})
    for row in rows:
        direct = _direct(
            demo_store,
            "SELECT count(*) FROM visit r JOIN org_unit v ON v.id = r.village_id"
            " WHERE r.deleted = 0 AND r.date BETWEEN ? AND ? AND v.parent_id = ?"
            " AND coalesce(r.review_state, 'draft') IN ('submitted', 'approved')",
            (START, END, row["id"]),
        )
        assert row["visits"] == direct
        assert row["villages"] == demo_store.count(
            "org_unit", {"parent_id": row["id"], "level": "village"}
        )
    assert sum(r["visits"] for r in rows) == demo_store.count("visit", COUNTED_MATCH)


def test_per_specialist_sums_match_township_totals(demo_store):
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    scope = Scope("township", org_id=township["id"])
    people = stats.per_specialist(demo_store, scope, START, END)
    totals = stats.period_totals(demo_store, scope, START, END)
    assert people, "the demo township has specialists"
    assert sum(p["visits"] for p in people) == totals["visits"]
    assert sum(p["attendees"] for p in people) == totals["attendees"]
    # Each specialist's row equals a direct count of their own visits.
    for p in people:
        assert p["visits"] == demo_store.count(
            "visit",
            {**COUNTED_MATCH, "specialist_id": p["id"], "date": Range(START, END)},
        )


def test_a_deleted_record_leaves_every_figure(demo_store):
    county = _county(demo_store)
    scope = Scope("county", org_id=county["id"])
    before = stats.period_totals(demo_store, scope, START, END)["visits"]
    victim = demo_store.rows("visit", COUNTED_MATCH, limit=1)[0]
    demo_store.delete("visit", victim["id"])
    assert stats.period_totals(demo_store, scope, START, END)["visits"] == before - 1
    assert sum(r["visits"] for r in stats.per_village(demo_store, scope, START, END)) == before - 1


def test_unserved_villages_are_exactly_those_without_records(demo_store):
    scope = Scope("all")
    unserved = {v["id"] for v in stats.unserved_villages(demo_store, scope, START, END)}
    served = {
        r[0]
        for kind in RECORD_KINDS
        for r in demo_store.conn.execute(
            f"SELECT DISTINCT village_id FROM {kind} WHERE deleted = 0 AND date BETWEEN ? AND ? AND {COUNTED}",
            (START, END),
        )
    }
    villages = {r["id"] for r in demo_store.rows("org_unit", {"level": "village"})}
    assert unserved == villages - served
    poor = {v["id"] for v in stats.unserved_villages(demo_store, scope, START, END, poor_only=True)}
    assert poor <= unserved
    assert all(demo_store.get("org_unit", vid)["is_poor"] for vid in poor)


def test_coverage_and_monthly_trend(demo_store):
    scope = Scope("all")
    cov = stats.coverage(demo_store, scope, START, END)
    assert cov["poor_villages"] == demo_store.count("org_unit", {"level": "village", "is_poor": 1})
    assert 0 <= cov["poor_villages_served"] <= cov["poor_villages_assigned"] <= cov["poor_villages"]
    trend = stats.monthly_trend(demo_store, scope, "2026-01-01", "2026-06-30")
    assert [t["month"] for t in trend] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert sum(t["visits"] for t in trend) == demo_store.count(
        "visit", {**COUNTED_MATCH, "date": Range("2026-01-01", "2026-06-30")}
    )
    industries = stats.per_industry(demo_store, scope, START, END)
    assert (
        sum(i["records"] for i in industries)
        == stats.period_totals(demo_store, scope, START, END)["records"]
    )


# ------------------------------------------------------------- dashboard
@pytest.fixture
def gap_world(store):
    """A township with four villages last served 5, 45, 100 days ago and never."""
    today = dt.date.today()
    county = store.create(
        "org_unit", {"code": "139901", "name": "测试县", "level": "county"}
    ).record_id
    town = store.create(
        "org_unit",
        {"code": "139901001", "name": "测试乡", "level": "township", "parent_id": county},
    ).record_id
    villages = {}
    for i, name in enumerate(["近村", "中村", "远村", "空村"]):
        villages[name] = store.create(
            "org_unit",
            {
                "code": f"13990100120{i}",
                "name": name,
                "level": "village",
                "parent_id": town,
                "is_poor": i % 2 == 0,
            },
        ).record_id
    sid = store.create("specialist", {"name": "王测试", "org_id": town}).record_id
    for vid in villages.values():
        store.create(
            "assignment", {"specialist_id": sid, "village_id": vid, "start_date": "2020-01-01"}
        )
    ids = {}
    for name, ago in (("近村", 5), ("中村", 45), ("远村", 100)):
        ids[name] = store.create(
            "visit",
            {
                "date": (today - dt.timedelta(days=ago)).isoformat(),
                "specialist_id": sid,
                "village_id": villages[name],
                "industry": "potato",
                "service_type": "guidance",
                "content": "测试",
                "households_served": 2,
                "review_state": "submitted",
            },
        ).record_id
    return {"town": town, "villages": villages, "sid": sid, "today": today, "visits": ids}


def test_dashboard_gap_villages_and_returned(store, gap_world):
    store.review("visit", gap_world["visits"]["中村"], "returned", "请补充照片")
    scope = Scope("township", org_id=gap_world["town"])
    board = stats.dashboard(store, scope, gap_world["today"])
    names = {days: {v["name"] for v in rows} for days, rows in board["gap_villages"].items()}
    assert names[30] == {"中村", "远村", "空村"}
    # A returned record is no service until it is corrected: 中村 counts as unserved.
    assert names[60] == {"中村", "远村", "空村"}
    assert names[90] == {"中村", "远村", "空村"}
    assert all("id" in v for v in board["gap_villages"][30])
    assert board["returned"] == 1
    assert board["open_conflicts"] == 0
    assert board["last_import"] is None
    this_month = sum(
        1
        for ago in (5, 45, 100)
        if (gap_world["today"] - dt.timedelta(days=ago)).replace(day=1)
        == gap_world["today"].replace(day=1)
    )
    assert board["this_month"]["visit"] == this_month
    gap = stats.villages_without_visit(store, scope, 60, gap_world["today"])
    assert {v["name"] for v in gap} == {"中村", "远村", "空村"}
    far = next(v for v in gap if v["name"] == "远村")
    assert far["days_since"] == 100


def test_specialist_scope_sees_only_own_records(store, gap_world):
    other = store.create("specialist", {"name": "李其他", "org_id": gap_world["town"]}).record_id
    scope = Scope("specialist", specialist_id=other)
    assert stats.period_totals(store, scope, START, END)["visits"] == 0
    mine = Scope("specialist", specialist_id=gap_world["sid"])
    assert stats.period_totals(store, mine, "2015-01-01", gap_world["today"])["visits"] == 3


def test_last_import_reads_the_bundle_ledger(store):
    assert stats.last_import(store) is None
    store.conn.execute(
        "INSERT INTO bundles(bundle_id, direction, kind, sha256, peer_node, at, summary)"
        " VALUES ('a', 'in', 'changes', 'x', 'n1', '2026-03-01T10:00:00', '{}'),"
        " ('b', 'in', 'changes', 'y', 'n1', '2026-04-02T09:30:00', '{}'),"
        " ('c', 'out', 'changes', 'z', 'n1', '2026-05-01T00:00:00', '{}')"
    )
    assert stats.last_import(store) == "2026-04-02T09:30:00"


def test_per_county_sums_townships_and_counts_people_once(demo_store):
    scope = Scope("all")
    counties = stats.per_county(demo_store, scope, START, END)
    assert [c["name"] for c in counties] == ["赤城县"]
    county = counties[0]
    assert county["visits"] == demo_store.count(
        "visit", {**COUNTED_MATCH, "date": Range(START, END)}
    )
    assert county["villages"] == demo_store.count("org_unit", {"level": "village"})
    assert county["specialists"] == stats.assigned_specialists(demo_store, scope, START, END)
    assert (
        county["specialists"]
        == demo_store.conn.execute(
            "SELECT count(DISTINCT specialist_id) FROM assignment WHERE deleted = 0"
        ).fetchone()[0]
    )


def test_open_conflicts_count_records_in_scope(store, gap_world, tmp_path):
    from zjk_desktop.store import Store

    other = Store.open(tmp_path / "other.sqlite3")
    try:
        other.apply_versions(list(store.iter_versions()))
        visit = gap_world["visits"]["近村"]
        store.update("visit", visit, {"content": "本机修改"})
        other.update("visit", visit, {"content": "另一台电脑修改"})
        store.apply_versions(list(other.iter_versions()))
    finally:
        other.close()
    assert len(store.conflicts()) == 1
    assert stats.open_conflicts(store, Scope("township", org_id=gap_world["town"])) == 1
    assert stats.dashboard(store, Scope("all"), gap_world["today"])["open_conflicts"] == 1
    stranger = store.create("specialist", {"name": "外人"}).record_id
    assert stats.open_conflicts(store, Scope("specialist", specialist_id=stranger)) == 0


def test_a_village_nobody_serves_is_no_gap(store, gap_world):
    orphan = store.create(
        "org_unit",
        {
            "code": "139901001299",
            "name": "无人村",
            "level": "village",
            "parent_id": gap_world["town"],
            "is_poor": False,
        },
    ).record_id
    scope = Scope("township", org_id=gap_world["town"])
    board = stats.dashboard(store, scope, gap_world["today"], in_program_only=True)
    assert all(v["id"] != orphan for rows in board["gap_villages"].values() for v in rows)
    assert (board["villages"], board["villages_in_program"]) == (5, 4)
    everything = stats.dashboard(store, scope, gap_world["today"])["gap_villages"][30]
    assert [v["in_program"] for v in everything if v["id"] == orphan] == [False]
    assert orphan not in {
        v["id"]
        for v in stats.villages_without_visit(
            store, scope, 30, gap_world["today"], in_program_only=True
        )
    }
    # A poor village with nobody assigned is a gap: it should have a specialist.
    store.update("org_unit", orphan, {"is_poor": True})
    board = stats.dashboard(store, scope, gap_world["today"], in_program_only=True)
    assert orphan in {v["id"] for v in board["gap_villages"][90]}
    start = (gap_world["today"] - dt.timedelta(days=20)).isoformat()
    listed = stats.unserved_villages(store, scope, start, gap_world["today"], in_program_only=True)
    assert {v["name"] for v in listed} == {"中村", "远村", "空村", "无人村"}
