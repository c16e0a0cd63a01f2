"""Finding records by Chinese text, pinyin and pinyin initials (zjk_desktop.search)."""

from __future__ import annotations

import pytest

from zjk_desktop.scope import Scope
from zjk_desktop.search import (
    RecordFilter,
    find_records,
    full_pinyin,
    initials,
    matches,
    roster_index,
    search_key,
)

ALL = Scope("all")


def test_pinyin_keys():
    assert initials("赤城县") == "ccx"
    assert full_pinyin("赤城") == "chicheng"
    key = search_key("赤城县")
    for query in ("cc", "赤城", "chicheng", "ccx", "CC"):
        assert matches(key, query)
    assert not matches(key, "zb")
    assert matches(search_key("赤城县", "龙关镇"), "cc lgz")  # every word must match


def test_initials_find_records_of_the_county(demo_store):
    everything = find_records(demo_store, "visit", ALL)
    assert len(everything) == demo_store.count("visit")
    # the small demo lives in 赤城县: typing its initials finds all its visits
    assert set(find_records(demo_store, "visit", ALL, RecordFilter(text="cc"))) == set(everything)
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="赤城 zzzzqq")) == []


def test_search_by_village_name_pinyin_and_specialist(demo_store):
    index = roster_index(demo_store)
    vid = demo_store.rows("visit", limit=1)[0]["village_id"]
    name = index.villages.name(vid)
    expected = {r["id"] for r in demo_store.rows("visit", {"village_id": vid})}
    # the village's full pinyin: its visits are found (maybe more, if names share pinyin)
    found = set(find_records(demo_store, "visit", ALL, RecordFilter(text=full_pinyin(name))))
    assert expected and expected <= found
    found_cn = set(find_records(demo_store, "visit", ALL, RecordFilter(text=name)))
    assert expected <= found_cn
    sid = demo_store.rows("visit", limit=1)[0]["specialist_id"]
    sname = index.specialists.name(sid)
    by_person = set(find_records(demo_store, "visit", ALL, RecordFilter(text=initials(sname))))
    assert {r["id"] for r in demo_store.rows("visit", {"specialist_id": sid})} <= by_person


def test_free_text_and_enum_labels(demo_store):
    row = demo_store.rows("visit", limit=1)[0]
    word = row["content"][:3]
    found = find_records(demo_store, "visit", ALL, RecordFilter(text=word))
    assert row["id"] in found
    potato = set(find_records(demo_store, "visit", ALL, RecordFilter(text="马铃薯")))
    assert {r["id"] for r in demo_store.rows("visit", {"industry": "potato"})} <= potato


def test_filters_combine_and_sorting(demo_store):
    flt = RecordFilter(industry="potato", date_from="2026-05-01", date_to="2026-08-31")
    ids = find_records(demo_store, "visit", ALL, flt)
    rows = [demo_store.get("visit", i) for i in ids]
    assert rows and all(
        r["industry"] == "potato" and "2026-05-01" <= r["date"] <= "2026-08-31" for r in rows
    )
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    up = find_records(demo_store, "visit", ALL, flt, sort_column="people_served", descending=False)
    values = [demo_store.get("visit", i)["people_served"] for i in up]
    filled = [v for v in values if v is not None]
    assert filled == sorted(filled) and values[: len(filled)] == filled
    by_village = find_records(
        demo_store, "visit", ALL, flt, sort_column="village_id", descending=False
    )
    index = roster_index(demo_store)
    keys = [
        full_pinyin(index.villages.name(demo_store.get("visit", i)["village_id"]))
        for i in by_village
    ]
    assert keys == sorted(keys)


def test_results_follow_writes_and_scope(demo_store):
    row = demo_store.rows("visit", limit=1)[0]
    before = find_records(demo_store, "visit", ALL)
    demo_store.update("visit", row["id"], {"content": "独一无二的测试内容"})
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="独一无二")) == [row["id"]]
    demo_store.delete("visit", row["id"])
    assert row["id"] not in find_records(demo_store, "visit", ALL)
    assert len(find_records(demo_store, "visit", ALL)) == len(before) - 1
    mine = find_records(
        demo_store, "visit", Scope("specialist", specialist_id=row["specialist_id"])
    )
    assert mine and all(
        demo_store.get("visit", i)["specialist_id"] == row["specialist_id"] for i in mine
    )


def test_review_state_filter(demo_store):
    row = demo_store.rows("visit", {"review_state": "submitted"}, limit=1)
    assert row, "small demo has submitted visits"
    ids = find_records(demo_store, "visit", ALL, RecordFilter(review_state="submitted"))
    assert row[0]["id"] in ids
    assert all(demo_store.get("visit", i)["review_state"] == "submitted" for i in ids)


def test_unknown_sort_column_is_refused(demo_store):
    with pytest.raises(ValueError):
        find_records(demo_store, "visit", ALL, sort_column="nonsense")
