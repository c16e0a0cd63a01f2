"""The store's read vocabulary: columns and values, ranges, scope and named orderings —
never SQL text from the caller (issue 12)."""

from __future__ import annotations

import pytest

from zjk_desktop.scope import Scope
from zjk_desktop.store import NotEmpty, Range


@pytest.fixture
def area(store):
    """Two townships of one county, a village each, a specialist each; visits on three days."""
    county = store.create(
        "org_unit", {"code": "130732", "name": "赤城县", "level": "county"}
    ).record_id
    ids = {"county": county}
    for n, (town, village, person, phone) in enumerate(
        [
            ("样田乡", "石柳营村", "王建国", "13800001001"),
            ("东卯镇", "榆树沟村", "李梅", "13800001002"),
        ],
        start=1,
    ):
        t = store.create(
            "org_unit",
            {"code": f"13073210{n}000", "name": town, "level": "township", "parent_id": county},
        ).record_id
        v = store.create(
            "org_unit",
            {"code": f"13073210{n}201", "name": village, "level": "village", "parent_id": t},
        ).record_id
        sp = store.create("specialist", {"name": person, "phone": phone, "org_id": t}).record_id
        store.create(
            "assignment", {"specialist_id": sp, "village_id": v, "start_date": "2024-01-01"}
        )
        ids |= {f"t{n}": t, f"v{n}": v, f"sp{n}": sp}
    for n, day in ((1, "2026-05-01"), (1, "2026-05-10"), (2, "2026-05-20")):
        store.create(
            "visit",
            {
                "date": day,
                "specialist_id": ids[f"sp{n}"],
                "village_id": ids[f"v{n}"],
                "industry": "马铃薯",
                "service_type": "技术指导",
                "content": f"{day} 晚疫病防治",
                "households_served": 3,
            },
        )
    return ids


def days(rows):
    return [r["date"] for r in rows]


def test_a_range_includes_both_ends_and_may_be_open(store, area):
    assert days(
        store.rows("visit", {"date": Range("2026-05-01", "2026-05-10")}, order_by="date")
    ) == [
        "2026-05-01",
        "2026-05-10",
    ]
    assert days(store.rows("visit", {"date": Range("2026-05-10")}, order_by="date")) == [
        "2026-05-10",
        "2026-05-20",
    ]
    assert store.count("visit", {"date": Range(high="2026-05-09")}) == 1


def test_ordering_by_named_columns_newest_first(store, area):
    assert days(store.rows("visit", order_by="-date")) == ["2026-05-20", "2026-05-10", "2026-05-01"]
    rows = store.rows("visit", order_by=("specialist_id", "-date"))
    by_person = [(r["specialist_id"], r["date"]) for r in rows]
    assert by_person == sorted(by_person, key=lambda p: (p[0], [-ord(c) for c in p[1]]))
    assert days(store.rows("visit", order_by="-date", limit=1)) == ["2026-05-20"]


def test_not_empty_finds_records_with_photos(store, area):
    visit = store.rows("visit", order_by="date")[0]
    digest = store.put_blob(b"\xff\xd8 a photo", "image/jpeg")
    store.update("visit", visit["id"], {"photos": [digest]})
    assert [r["id"] for r in store.rows("visit", {"photos": NotEmpty()})] == [visit["id"]]
    store.update("visit", visit["id"], {"photos": []})
    assert store.rows("visit", {"photos": NotEmpty()}) == []


def test_a_scope_selects_villages_specialists_and_records(store, area):
    town1 = Scope("township", org_id=area["t1"])
    county = Scope("county", org_id=area["county"])
    person2 = Scope("specialist", specialist_id=area["sp2"])
    assert [r["name"] for r in store.rows("org_unit", {"level": "village"}, scope=town1)] == [
        "石柳营村"
    ]
    assert store.count("org_unit", {"level": "village"}, scope=county) == 2
    assert [r["name"] for r in store.rows("specialist", scope=person2)] == ["李梅"]
    assert days(store.rows("visit", scope=town1, order_by="date")) == ["2026-05-01", "2026-05-10"]
    assert days(store.rows("visit", scope=person2)) == ["2026-05-20"]
    assert store.count("visit", scope=Scope("all")) == 3
    assert store.count("visit", {"date": Range("2026-05-05")}, scope=county) == 2


def test_the_store_refuses_sql_text_and_unknown_columns(store, area):
    with pytest.raises(TypeError):
        store.rows("visit", "date >= '2026-01-01'")
    with pytest.raises(TypeError):
        store.count("visit", "1 = 1")
    with pytest.raises(ValueError):
        store.rows("visit", {"date; DROP TABLE visit": "x"})
    with pytest.raises(ValueError):
        store.rows("visit", order_by="date DESC")  # a column name, "-date" for newest first
    with pytest.raises(ValueError):
        store.rows("visit", order_by="(SELECT 1)")
    with pytest.raises(ValueError):
        store.rows("assessment_rule", scope=Scope("all"))  # rules belong to nobody's area
    assert store.count("visit") == 3  # nothing was harmed


def test_short_ids_and_names_as_people_type_them(store, area):
    visit = store.rows("visit", order_by="date")[0]
    assert [r["id"] for r in store.rows_by_short_id("visit", visit["id"][-10:])] == [visit["id"]]
    # Ids made one after another share their start: a prefix finds several (two at most).
    assert len(store.rows_by_short_id("visit", visit["id"][:24])) == 2
    assert len(store.rows_by_short_id("visit", visit["id"][:24], limit=5)) == 3
    # LIKE wildcards typed by a person are text, not patterns.
    assert store.rows_by_short_id("visit", "%%%%%%") == []
    assert store.rows_by_short_id("visit", "______") == []
    assert [r["name"] for r in store.specialists_named("13800001002")] == ["李梅"]
    assert [r["name"] for r in store.specialists_named("王建国")] == ["王建国"]
    assert store.specialists_named("王") == []


def test_versions_of_one_node_or_some_kinds(store, area):
    everything = list(store.iter_versions())
    assert [v.key for v in store.iter_versions(node_id=store.node_id)] == [
        v.key for v in everything
    ]
    assert list(store.iter_versions(node_id="0" * 16)) == []
    roster = list(store.iter_versions(entities=("org_unit", "specialist")))
    assert {v.entity for v in roster} == {"org_unit", "specialist"}
    assert len(roster) == 1 + 2 * 3  # the county, then per township: itself, a village, a person
