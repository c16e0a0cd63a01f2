"""The record lists' SQL search finds exactly what the rule says (issue 14).

The lists filter, search and sort in SQL (``zjk_desktop.search``) over the record
tables and their narrow search tables (``store/search_text.py``, kept by triggers).
``expected`` below is the matching rule written out plainly in Python over every
row — the rule the in-memory list used before — and hypothesis checks that the SQL
answer is the same set in the same order for words and filters drawn from the
demo's own names, texts, labels and dates.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.domain.entities import entity
from zjk_desktop.scope import Scope
from zjk_desktop.search import (
    ENUM_COLUMNS,
    RecordFilter,
    count_records,
    find_record_rowids,
    find_records,
    full_pinyin,
    initials,
    roster_index,
    search_key,
    tokens,
)
from zjk_desktop.store import Store, search_text

ALL = Scope("all")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _rows(store: Store, kind: str) -> list[dict]:
    cur = store.conn.execute(f"SELECT rowid AS _rowid, * FROM [{kind}]")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def expected(store: Store, kind: str, flt: RecordFilter, scope: Scope = ALL) -> list[str]:
    """The rule, row by row: every word in the free text (SQLite-lowercased: ASCII only),
    the village's or specialist's pinyin key, an enumerated value's label key, or a date
    prefix; newest first."""
    index = roster_index(store)
    spec = entity(kind)
    enum_keys = {
        column: {c.code: search_key(c.zh, c.en.lower(), c.code) for c in _enum(kind, column)}
        for column in ENUM_COLUMNS[kind]
    }
    in_scope = None
    if scope.kind == "specialist":
        in_scope = lambda r: r["specialist_id"] == scope.specialist_id  # noqa: E731
    out = []
    for r in _rows(store, kind):
        if r["deleted"] or (in_scope and not in_scope(r)):
            continue
        date = r["date"] or ""
        if flt.date_from and not date >= flt.date_from:
            continue
        if flt.date_to and not date <= flt.date_to:
            continue
        if flt.village_id and r["village_id"] != flt.village_id:
            continue
        if flt.township_id and index.village_township.get(r["village_id"]) != flt.township_id:
            continue
        if flt.specialist_id and r["specialist_id"] != flt.specialist_id:
            continue
        if flt.industry and r["industry"] != flt.industry:
            continue
        if flt.review_state and (r["review_state"] or "draft") != flt.review_state:
            continue
        text = "\x1f".join(r[c] or "" for c in spec.search_columns).translate(_ASCII_LOWER)
        if all(_hit(w, r, text, date, index, enum_keys) for w in tokens(flt.text)):
            out.append(r)
    out.sort(key=lambda r: (r["date"] or "", r["_rowid"]), reverse=True)
    return [r["id"] for r in out]


def _enum(kind: str, column: str):
    field = entity(kind).field(column)
    assert field is not None and field.enum is not None
    return field.enum


def _hit(word: str, r: dict, text: str, date: str, index, enum_keys: dict) -> bool:
    return (
        word in text
        or r["village_id"] in index.villages.find(word)
        or r["specialist_id"] in index.specialists.find(word)
        or bool(re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", word) and date.startswith(word))
        or any(word in keys.get(r[c] or "", "") for c, keys in enum_keys.items())
    )


@pytest.fixture(scope="module")
def words(small_demo_db):
    """Search words a user would type, taken from the demo itself."""
    store = Store.open(small_demo_db)
    index = roster_index(store)
    out: set[str] = {"cc", "CC", "zzzz", "2026", "2026-0", "2026-05", "马铃薯", "技术", "Potato"}
    for name in list(index.villages.names.values())[:40] + list(index.specialists.names.values()):
        if name:
            out.update({name, name[:2], initials(name), full_pinyin(name)[:5]})
    for r in store.rows("visit", limit=60):
        for column in ("content", "problems", "measures"):
            value = r.get(column) or ""
            out.update({value[:1], value[1:3], value[2:6]})
    store.close()
    return sorted(w for w in out if w.strip())


def test_search_table_holds_every_record(demo_store):
    for kind in ("visit", "extension", "training"):
        table = search_text.table_name(kind)
        n = demo_store.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
        assert n == demo_store.conn.execute(f"SELECT count(*) FROM [{kind}]").fetchone()[0]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_sql_search_matches_the_rule(small_demo_db, words, data):
    store = Store.open(small_demo_db)
    try:
        kind = data.draw(st.sampled_from(["visit", "visit", "extension", "training"]))
        index = roster_index(store)
        query = " ".join(data.draw(st.lists(st.sampled_from(words), max_size=2)))
        flt = RecordFilter(text=query)
        if data.draw(st.booleans()):
            flt.industry = data.draw(st.sampled_from(["potato", "millet", "livestock", "nothing"]))
        if data.draw(st.booleans()):
            flt.review_state = data.draw(st.sampled_from(["draft", "submitted", "approved"]))
        if data.draw(st.booleans()):
            flt.date_from = data.draw(st.sampled_from(["2025-12-01", "2026-03-15", "2026-07-01"]))
        if data.draw(st.booleans()):
            flt.township_id = data.draw(st.sampled_from(sorted(index.townships.names)))
        got = find_records(store, kind, ALL, flt)
        assert got == expected(store, kind, flt)
        assert count_records(store, kind, ALL, flt) == len(got)
        assert len(find_record_rowids(store, kind, ALL, flt)) == len(got)
    finally:
        store.close()


@pytest.mark.parametrize(
    "query",
    [
        "cc",  # the county's initials: every village
        "赤城 zzzzqq",  # a second word nothing has
        "chicheng",
        "马铃薯",  # an enumerated label
        "potato",
        "指导",  # free text and the service type's label
        "2026-05",  # a date prefix
        "2026",
        "x",
        "晚疫病 2026-0",
    ],
)
@pytest.mark.parametrize("kind", ["visit", "extension", "training"])
def test_each_branch_of_the_rule(demo_store, query, kind):
    got = find_records(demo_store, kind, ALL, RecordFilter(text=query))
    assert got == expected(demo_store, kind, RecordFilter(text=query))


def test_names_find_their_records(demo_store):
    index = roster_index(demo_store)
    for names in (index.villages, index.specialists):
        for name in list(names.names.values())[:15]:
            for query in (name, initials(name), name[:1]):
                flt = RecordFilter(text=query)
                assert find_records(demo_store, "visit", ALL, flt) == expected(
                    demo_store, "visit", flt
                ), query


def test_search_follows_every_write_path(demo_store):
    """Create, edit, review, delete: the search table changes in the same transaction."""
    row = demo_store.rows("visit", limit=1)[0]
    demo_store.update("visit", row["id"], {"measures": "Special MIXED case 喷施波尔多液"})
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="mixed 波尔多")) == [row["id"]]
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="MIXED")) == [row["id"]]
    demo_store.review("visit", row["id"], "approved")
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="波尔多")) == [row["id"]]
    demo_store.delete("visit", row["id"])
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="波尔多")) == []
    # the search row mirrors the tombstone (personal fields cleared, the rest kept)
    table = search_text.table_name("visit")
    (text,) = demo_store.conn.execute(
        f"SELECT s.text FROM [{table}] s JOIN visit v ON v.rowid = s.rid WHERE v.id = ?",
        (row["id"],),
    ).fetchone()
    (record,) = [r for r in _rows(demo_store, "visit") if r["id"] == row["id"]]
    columns = entity("visit").search_columns
    assert text == "\x1f".join(record[c] or "" for c in columns).translate(_ASCII_LOWER)


def test_like_wildcards_are_plain_characters(demo_store):
    row = demo_store.rows("visit", limit=1)[0]
    demo_store.update("visit", row["id"], {"notes": "含量 50%_测试"})
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="50%_")) == [row["id"]]
    assert find_records(demo_store, "visit", ALL, RecordFilter(text="%")) == [row["id"]]


@pytest.mark.parametrize(
    "column", ["village_id", "specialist_id", "industry", "people_served", "content", "date"]
)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_orders_follow_the_rule(demo_store, column, descending):
    """Names and labels in pinyin order, empty values last, newest first among equals."""
    index = roster_index(demo_store)
    flt = RecordFilter(date_from="2026-03-01", date_to="2026-06-30")
    base = expected(demo_store, "visit", flt)  # newest first
    rows = {r["id"]: r for r in _rows(demo_store, "visit")}
    if column == "date":
        want = base if descending else base[::-1]
    else:
        if column in ("village_id", "specialist_id"):
            names = index.villages if column == "village_id" else index.specialists
            key = {i: names.sort_key(rows[i][column]) for i in base}
        elif column == "industry":
            labels = {c.code: full_pinyin(c.zh) for c in _enum("visit", column)}
            key = {i: labels.get(rows[i][column] or "", rows[i][column] or "") for i in base}
        elif column == "content":
            key = {i: (rows[i][column] or "").lower() for i in base}
        else:
            key = {i: rows[i][column] for i in base}
        filled = [i for i in base if key[i] not in (None, "")]
        empty = [i for i in base if key[i] in (None, "")]
        filled.sort(key=key.__getitem__, reverse=descending)  # stable: ties stay newest first
        want = filled + empty
    got = find_records(
        demo_store, "visit", ALL, flt, sort_column=column, descending=descending, language="zh_CN"
    )
    assert got == want


def test_old_database_gets_its_search_table_filled(tmp_path, demo_store):
    """A database from before the search table (schema 6) is upgraded and searches as before."""
    path = tmp_path / "v6.sqlite3"
    target = sqlite3.connect(path)
    demo_store.conn.backup(target)
    for kind in ("visit", "extension", "training"):
        table = search_text.table_name(kind)
        for suffix in ("insert", "update", "delete"):
            target.execute(f"DROP TRIGGER [{table}_{suffix}]")
        target.execute(f"DROP TABLE [{table}]")
    target.execute("PRAGMA user_version = 6")
    target.commit()
    target.close()
    upgraded = Store.open(path)
    try:
        for query in ("cc", "马铃薯", "技术"):
            assert find_records(upgraded, "visit", ALL, RecordFilter(text=query)) == find_records(
                demo_store, "visit", ALL, RecordFilter(text=query)
            )
        assert find_records(upgraded, "visit", ALL, RecordFilter(text="技术"))
    finally:
        upgraded.close()


def test_specialist_scope_and_limit(demo_store):
    sid = demo_store.rows("visit", limit=1)[0]["specialist_id"]
    scope = Scope("specialist", specialist_id=sid)
    mine = find_records(demo_store, "visit", scope)
    assert mine == expected(demo_store, "visit", RecordFilter(), scope)
    assert find_records(demo_store, "visit", scope, limit=3) == mine[:3]
