"""The county report's figures from one grouped pass per record kind (reports/grouped.py) are
the figures the per-figure functions of ``stats`` give, on the small demo and on a
medium-sized several-city demo, for the whole database and for one county, over the whole
year and over a short period with records before it, under the default counting rule and
under others."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import pytest

from zjk_desktop import demo
from zjk_desktop.reports import stats
from zjk_desktop.reports.grouped import report_figures
from zjk_desktop.scope import Scope
from zjk_desktop.store import Store

END = _dt.date(2026, 11, 1)


def _same(a: Any, b: Any) -> bool:
    """Equal, floats to rounding (sums taken in another order may differ in the last bit)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("small") / "small.sqlite3")
    demo.generate_demo(store, "small", seed=2, end_date=END)
    yield store
    store.close()


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    """Three cities of four counties each, 6,000 records: the province demo's code path."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(demo.SCALES, "city", demo.ScaleSpec(4, (3, 4), (4, 6), 60, 24, 1600, 300, 200))
        mp.setitem(
            demo.SCALES,
            "province",
            demo.ScaleSpec(12, (3, 4), (4, 6), 180, 72, 4800, 900, 600, cities=3),
        )
        store = Store.open(tmp_path_factory.mktemp("medium") / "medium.sqlite3")
        demo.generate_demo(store, "province", seed=1, end_date=END)
    # A deleted record: an edge case the demo does not make.
    village, specialist = store.conn.execute(
        "SELECT village_id, specialist_id FROM visit WHERE review_state = 'approved' LIMIT 1"
    ).fetchone()
    base = {
        "date": "2026-06-02",
        "village_id": village,
        "specialist_id": specialist,
        "industry": "potato",
        "service_type": "guidance",
        "content": "马铃薯晚疫病防治",
    }
    gone = store.create("visit", {**base, "households_served": 5, "review_state": "submitted"})
    store.delete("visit", gone.record_id)
    yield store
    store.close()


def _county(store: Store) -> Scope:
    county = store.conn.execute(
        "SELECT id FROM org_unit WHERE level = 'county' ORDER BY code LIMIT 1"
    ).fetchone()[0]
    return Scope("county", org_id=county)


PERIODS = [("2025-11-02", "2026-11-01"), ("2026-05-10", "2026-08-20"), ("2000-01-01", "2100-12-31")]
STATES = [stats.COUNTED_STATES, None, ("approved",)]


@pytest.mark.parametrize("which", ["small", "medium"])
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("states", STATES)
@pytest.mark.parametrize("whole", [True, False])
def test_one_pass_gives_the_figures_of_the_per_figure_queries(
    request, which, period, states, whole
):
    store = request.getfixturevalue(which)
    scope = Scope("all") if whole else _county(store)
    start, end = period
    got = report_figures(store, scope, start, end, "zh_CN", states=states)

    assert got.coverage == stats.coverage(store, scope, start, end, states=states)
    totals = stats.period_totals(store, scope, start, end, states=states)
    del totals["visit_days"], totals["days_in_villages"]
    assert _same(got.totals, totals), (got.totals, totals)
    assert got.excluded == stats.excluded_counts(store, scope, start, end, states=states)
    assert _same(got.townships, stats.per_township(store, scope, start, end, states=states))
    assert got.industries == stats.per_industry(store, scope, start, end, "zh_CN", states=states)
    assert got.trend == stats.monthly_trend(store, scope, start, end, states=states)
    assert got.unserved_poor == stats.unserved_villages(
        store, scope, start, end, poor_only=True, states=states
    )
    assert got.excluded_per_township == stats.excluded_per_township(
        store, scope, start, end, states=states
    )
    # The figures are not all zero: the comparison compares something.
    assert got.totals["visits"] > 0 and got.townships and got.industries
    if period[0] == "2026-05-10":
        assert got.coverage["villages_served"] < got.coverage["villages"]
