"""Filter + search time over all visits (zjk_desktop.search), city or province scale.

    .venv/bin/python bench/record_search.py [DB]   # DB: a demo db; a city one is built if absent

Each case runs the list's query (``find_record_rowids``: SQL over the record table and its
narrow search table) and, as the baseline in the same run, a plain hand-written SQL query
of the same rowids over the record table alone (``instr(lower(column), word)`` over the
text columns, the industry and roster columns by value).  Prints milliseconds per
operation (median of 5 runs after one warm-up; 1 run at province scale) and checks that
both give the same number of rows.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.domain.entities import entity
from zjk_desktop.scope import Scope
from zjk_desktop.search import (
    ENUM_COLUMNS,
    RecordFilter,
    _enum_keys,
    count_records,
    find_record_rowids,
    roster_index,
    tokens,
)
from zjk_desktop.store import Store


def timed(func, runs: int) -> float:
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def plain_sql(store: Store, flt: RecordFilter) -> list[int]:
    """The baseline: one SQL query over the visit table alone, no search table."""
    index = roster_index(store)
    columns = entity("visit").search_columns
    where, params = ["deleted = 0"], []
    if flt.industry:
        where.append("industry = ?")
        params.append(flt.industry)
    if flt.review_state:
        where.append("review_state = ?")
        params.append(flt.review_state)
    if flt.date_from:
        where.append("date >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        where.append("date <= ?")
        params.append(flt.date_to)
    for word in tokens(flt.text):
        parts = [f"instr(lower([{c}]), ?) > 0" for c in columns]
        params += [word] * len(columns)
        for column in ENUM_COLUMNS["visit"]:
            codes = [c for c, key in _enum_keys("visit", column).items() if word in key]
            parts.append(f"[{column}] IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(codes))
        parts.append("village_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(index.villages.find(word)))
        parts.append("specialist_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(index.specialists.find(word)))
        if word[:4].isdigit():
            parts.append("date GLOB ?")
            params.append(word + "*")
        where.append(f"({' OR '.join(parts)})")
    sql = f"SELECT rowid FROM visit WHERE {' AND '.join(where)} ORDER BY date DESC, rowid DESC"
    return [r[0] for r in store.conn.execute(sql, params)]


def main() -> int:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        from zjk_desktop.demo import generate_demo

        path = Path(tempfile.mkdtemp()) / "city.sqlite3"
        store = Store.open(path)
        start = time.perf_counter()
        generate_demo(store, "city", 1)
        print(f"generated city demo in {time.perf_counter() - start:.1f} s")
        store.close()
    store = Store.open(path)
    scope = Scope("all")
    total = store.count("visit")
    runs = 5 if total < 500_000 else 1
    start = time.perf_counter()
    roster_index(store)
    print(
        f"visits: {total:,}; roster pinyin index built in"
        f" {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    year = store.conn.execute("SELECT max(date) FROM visit").fetchone()[0][:4]
    county = store.conn.execute(
        "SELECT id FROM org_unit WHERE level = 'county' LIMIT 1"
    ).fetchone()[0]
    cases = {
        "no filter (all visits, date order)": RecordFilter(),
        "industry + review state": RecordFilter(industry="potato", review_state="approved"),
        "date range (one month)": RecordFilter(date_from=f"{year}-06-01", date_to=f"{year}-06-30"),
        "search 'cc' (pinyin initials)": RecordFilter(text="cc"),
        "search '赤城'": RecordFilter(text="赤城"),
        "search 'chicheng'": RecordFilter(text="chicheng"),
        "search '除草' (free text, 2 characters)": RecordFilter(text="除草"),
        "search '晚疫病' (free text)": RecordFilter(text="晚疫病"),
        "filter + search (industry, months, 'cc')": RecordFilter(
            industry="millet", date_from=f"{year}-05-01", date_to=f"{year}-09-30", text="cc"
        ),
    }
    print(f"{'case':45s} {'rows':>9s} {'list':>9s} {'plain SQL':>10s}")
    for label, flt in cases.items():
        n = len(find_record_rowids(store, "visit", scope, flt))
        plain = plain_sql(store, flt)
        if len(plain) != n:
            print(f"  ! {label}: the plain query found {len(plain)} rows, the list {n}")
        ms = timed(lambda flt=flt: find_record_rowids(store, "visit", scope, flt), runs)
        base = timed(lambda flt=flt: plain_sql(store, flt), runs)
        print(f"{label:45s} {n:9,d} {ms:7.1f} ms {base:7.1f} ms")
    t = time.perf_counter()
    n = count_records(store, "visit", scope, RecordFilter(text="晚疫病"))
    print(f"{'count only, search 晚疫病':45s} {n:9,d} {(time.perf_counter() - t) * 1000:7.1f} ms")
    for column in ("village_id", "specialist_id", "industry", "people_served"):
        ms = timed(
            lambda c=column: find_record_rowids(
                store, "visit", scope, sort_column=c, descending=False
            ),
            min(runs, 3),
        )
        print(f"sort all visits by {column:26s} {ms:17.1f} ms")
    county_scope = Scope("county", org_id=county)
    n = len(find_record_rowids(store, "visit", county_scope, RecordFilter(text="cc")))
    ms = timed(
        lambda: find_record_rowids(store, "visit", county_scope, RecordFilter(text="cc")), runs
    )
    print(f"{'county scope + search cc':45s} {n:9,d} {ms:7.1f} ms")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
