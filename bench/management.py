"""Management figures on the city demo database (issue 13).

    .venv/bin/python bench/management.py [CITY_DB]

CITY_DB: a city demo database; built in a temporary folder when absent (~45 s).
Prints, for one county and for the whole city, the median of 3 runs of:
- the annual assessment (every figure, rules, grade) beside the township/county
  report's own per-specialist figures (``stats.per_specialist``) over the same year
  — the same-run baseline: the assessment adds callbacks, photos and requests;
- the timeliness table for ten months;
- the dashboard's 本月未报送 strip.
Aims: a county's assessment under 1 s, its dashboard strip under 0.2 s.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.management.assessment import assess
from zjk_desktop.management.timeliness import not_reported_this_month, timeliness
from zjk_desktop.reports import stats
from zjk_desktop.scope import Scope
from zjk_desktop.store import Store


def median_seconds(func, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) > 1:
        store = Store.open(sys.argv[1])
    else:
        from zjk_desktop.demo import generate_demo

        path = Path(tempfile.mkdtemp(prefix="zjk-bench-")) / "city.sqlite3"
        store = Store.open(path)
        start = time.perf_counter()
        summary = generate_demo(store, "city", 1)
        print(
            f"city demo built in {time.perf_counter() - start:.1f} s: "
            f"{summary['requests']} requests, {summary['callbacks']} callbacks, "
            f"{summary['photos']} photos, {summary['files_received']} files received"
        )
    year = dt.date.today().year
    county = store.find_org_by_code("130732")
    assert county is not None, "the demo city has 赤城县 (130732)"
    today = dt.date.today().isoformat()
    for name, scope in (("county", Scope("county", org_id=county["id"])), ("city", Scope("all"))):
        baseline = median_seconds(
            lambda scope=scope: stats.per_specialist(store, scope, f"{year}-01-01", f"{year}-12-31")
        )
        figures = median_seconds(lambda scope=scope: assess(store, scope, year))
        table = median_seconds(
            lambda scope=scope: timeliness(store, scope, f"{year}-01", f"{year}-10")
        )
        strip = median_seconds(
            lambda scope=scope: not_reported_this_month(store, scope, today=today)
        )
        print(
            f"{name:6s} assessment {figures:.2f} s (per_specialist baseline {baseline:.2f} s); "
            f"timeliness {table:.2f} s; 本月未报送 {strip:.2f} s"
        )


if __name__ == "__main__":
    main()
