"""Filter + search time over all visits (zjk_desktop.search / gui.widgets.models), city scale.

    .venv/bin/python bench/record_search.py [DB]   # DB: a city demo db; built in a temp dir if absent

Prints milliseconds per operation (median of 5 runs, after one warm-up).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.scope import Scope
from zjk_desktop.search import RecordFilter, find_records, roster_index
from zjk_desktop.store import Store


def timed(func, runs: int = 5) -> float:
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


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
    start = time.perf_counter()
    roster_index(store)
    print(
        f"visits: {total}; roster pinyin index built in {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    year = store.conn.execute("SELECT max(date) FROM visit").fetchone()[0][:4]
    county = store.conn.execute(
        "SELECT id FROM org_unit WHERE level = 'county' LIMIT 1"
    ).fetchone()[0]
    from zjk_desktop.search import RecordSet

    start = time.perf_counter()
    records = RecordSet(store, "visit", scope)
    print(
        f"first load of the visits' filter columns: {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    start = time.perf_counter()
    _ = records.texts  # a cached property: this line is what is timed
    print(
        f"first text search reads the visits' free text once: {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    cases = {
        "no filter (all visits, date order)": RecordFilter(),
        "industry + review state": RecordFilter(industry="potato", review_state="approved"),
        "date range (one month)": RecordFilter(date_from=f"{year}-06-01", date_to=f"{year}-06-30"),
        "search 'cc' (pinyin initials)": RecordFilter(text="cc"),
        "search '赤城'": RecordFilter(text="赤城"),
        "search 'chicheng'": RecordFilter(text="chicheng"),
        "search '除草' (free text)": RecordFilter(text="除草"),
        "filter + search (industry, month, 'cc')": RecordFilter(
            industry="millet", date_from=f"{year}-05-01", date_to=f"{year}-09-30", text="cc"
        ),
    }
    for label, flt in cases.items():
        n = len(find_records(store, "visit", scope, flt))
        ms = timed(lambda flt=flt: find_records(store, "visit", scope, flt))
        print(f"{label:45s} {n:7d} rows {ms:7.1f} ms")
    for column in ("village_id", "specialist_id", "industry", "people_served"):
        ms = timed(
            lambda c=column: find_records(store, "visit", scope, sort_column=c, descending=False), 3
        )
        print(f"sort all visits by {column:33s} {ms:7.1f} ms")
    county_scope = Scope("county", org_id=county)
    n = len(find_records(store, "visit", county_scope, RecordFilter(text="cc")))
    ms = timed(lambda: find_records(store, "visit", county_scope, RecordFilter(text="cc")))
    print(f"{'county scope + search cc':45s} {n:7d} rows {ms:7.1f} ms")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
