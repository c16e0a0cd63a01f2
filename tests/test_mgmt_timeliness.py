"""Completeness and timeliness from the import ledger, checked against a direct count."""

from __future__ import annotations

import datetime as dt

import pytest

from zjk_desktop.management.timeliness import not_reported_this_month, timeliness
from zjk_desktop.scope import Scope
from zjk_desktop.store import Change, Store

COUNTY, TOWNSHIP = "130732", "130732100000"  # the fixture's org units, by code


def org(store: Store, code: str) -> str:
    row = store.find_org_by_code(code)
    assert row is not None
    return str(row["id"])


@pytest.fixture
def county(tmp_path):
    s = Store.open(tmp_path / "county.sqlite3")

    def w(kind: str, values: dict[str, str]) -> str:
        return s.write([Change(kind, "create", values)])[0].record_id

    c = w("org_unit", {"code": COUNTY, "name": "赤城县", "level": "county"})
    t = w("org_unit", {"code": TOWNSHIP, "name": "城关镇", "level": "township", "parent_id": c})
    v = w("org_unit", {"code": "130732100201", "name": "村1", "level": "village", "parent_id": t})
    for name, start in (("甲", "2020-01-01"), ("乙", "2026-03-15")):
        sid = w("specialist", {"name": name, "org_id": t})
        w("assignment", {"specialist_id": sid, "village_id": v, "start_date": start})
        w(
            "node_key",
            {
                "node_id": f"node-{name}",
                "public_key": "AAAA",
                "role": "specialist",
                "org_id": t,
                "specialist_id": sid,
            },
        )
    w("node_key", {"node_id": "node-town", "public_key": "AAAA", "role": "township", "org_id": t})
    s.set_identity("township", "城关镇服务站", t)  # arrivals judged by the specialists' day
    yield s
    s.close()


def arrive(store, node, at):
    store.conn.execute(
        "INSERT INTO bundles(bundle_id, direction, kind, sha256, peer_node, at, summary) VALUES (?,?,?,?,?,?,?)",
        (f"b-{node}-{at}", "in", "delta", "0" * 64, node, at, "{}"),
    )


def test_counts_per_specialist_and_township(county):
    arrive(county, "node-甲", "2026-02-03T10:00:00")  # January: on time (by the 5th)
    arrive(county, "node-甲", "2026-03-09T10:00:00")  # February: late
    arrive(county, "node-甲", "2026-03-20T10:00:00")  # still February's window: the first decides
    # March: nothing in April → missing; 乙 (from 15 March) likewise
    arrive(county, "node-乙", "2026-05-02T08:00:00")  # 乙's April: on time
    arrive(county, "node-town", "2026-02-10T17:00:00")  # forwarded January by the 10th
    data = timeliness(
        county,
        Scope("township", org_id=org(county, TOWNSHIP)),
        "2026-01",
        "2026-05",
        today="2026-06-03",
    )
    by = {s["name"]: s for s in data["specialists"]}
    assert by["甲"]["months"] == {
        "2026-01": "on_time",
        "2026-02": "late",
        "2026-03": "missing",
        "2026-04": "missing",
        "2026-05": "pending",
    }
    assert (
        by["甲"]["expected"],
        by["甲"]["received"],
        by["甲"]["on_time"],
        by["甲"]["late"],
        by["甲"]["missing"],
    ) == (4, 2, 1, 1, 2)
    assert by["乙"]["months"] == {"2026-03": "missing", "2026-04": "on_time", "2026-05": "pending"}
    assert by["甲"]["last_file"] == "2026-03-20" and by["乙"]["last_file"] == "2026-05-02"
    town = data["townships"][0]
    assert (
        town["months"]["2026-01"] == "on_time"
        and town["missing"] == 3
        and town["last_file"] == "2026-02-10"
    )
    assert town["specialist_files"]["expected"] == 4 + 2
    # Totals equal a direct count over the per-month statuses.
    direct = {k: 0 for k in ("on_time", "late", "missing")}
    for s in data["specialists"]:
        for status in s["months"].values():
            direct[status] = direct.get(status, 0) + 1
    assert (
        data["totals"]["on_time"] == direct["on_time"]
        and data["totals"]["missing"] == direct["missing"]
    )
    assert data["totals"]["expected"] == direct["on_time"] + direct["late"] + direct["missing"]


def test_not_reported_this_month(county):
    arrive(county, "node-甲", "2026-06-02T10:00:00")
    silent = not_reported_this_month(
        county, Scope("township", org_id=org(county, TOWNSHIP)), today="2026-06-20"
    )
    assert silent["specialists"] == ["乙"]
    county.set_identity("county", "县服务团", org(county, COUNTY))
    silent = not_reported_this_month(
        county, Scope("county", org_id=org(county, COUNTY)), today="2026-06-20"
    )
    assert silent["townships"] == ["城关镇"]


def test_a_county_sees_the_townships_whose_file_is_overdue(county):
    from zjk_desktop.queries import overdue_townships

    county.set_identity("county", "县服务团", org(county, COUNTY))
    scope = Scope("county", org_id=org(county, COUNTY))
    # May's file is due from the station by 10 June (the forwarding day).
    assert overdue_townships(county, scope, today="2026-06-08") == []  # not due yet
    assert overdue_townships(county, scope, today="2026-06-20") == ["城关镇"]
    arrive(county, "node-town", "2026-06-09T16:00:00")
    assert overdue_townships(county, scope, today="2026-06-20") == []


def test_demo_timeliness_matches_a_direct_count_of_the_ledger(demo_store):
    today = dt.date.today().isoformat()
    data = timeliness(demo_store, Scope("all"), "2026-01", "2026-06", today=today)
    assert (
        data["totals"]["expected"] > 0
        and data["totals"]["missing"] > 0
        and data["totals"]["late"] > 0
    )
    nodes = {
        sid: node
        for node, sid in demo_store.conn.execute(
            "SELECT node_id, specialist_id FROM node_key WHERE role = 'specialist'"
        )
    }
    for s in data["specialists"]:
        for month, status in s["months"].items():
            y, m = int(month[:4]), int(month[5:])
            nxt = f"{y + (m == 12):04d}-{m % 12 + 1:02d}"
            first = demo_store.conn.execute(
                "SELECT min(at) FROM bundles WHERE peer_node = ? AND substr(at, 1, 7) = ?",
                (nodes[s["id"]], nxt),
            ).fetchone()[0]
            if first is None:
                assert status in ("missing", "pending")
            else:
                assert status == ("on_time" if int(first[8:10]) <= 5 else "late")


def test_a_long_period_counts_later_months_pending_and_a_clock_ahead_still_counts(county):
    """A report over decades: the months after today are pending (counted, not judged one by
    one); a file stamped by a clock ahead of today is still judged in its month's window."""
    arrive(county, "node-甲", "2026-05-02T08:00:00")  # April: on time
    arrive(county, "node-甲", "2031-08-03T08:00:00")  # a receiving clock years ahead: July 2031
    data = timeliness(
        county,
        Scope("township", org_id=org(county, TOWNSHIP)),
        "2026-01",
        "2099-12",
        today="2026-06-03",
    )
    marks = {s["name"]: s for s in data["specialists"]}["甲"]["months"]
    assert len(marks) == 74 * 12
    assert marks["2026-04"] == "on_time" and marks["2026-05"] == "pending"
    assert marks["2031-07"] == "on_time"  # judged: its window holds an arrival
    assert marks["2031-08"] == "pending" and marks["2099-12"] == "pending"
    totals = {s["name"]: s for s in data["specialists"]}["甲"]
    assert (
        totals["on_time"] == 2 and totals["pending"] == 74 * 12 - 4 - 1
    )  # Jan–Apr 2026 and July 2031 judged
