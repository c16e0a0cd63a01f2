"""The county report's trend chart over a long period: the months with records, by quarter or
by year when there are too many to read, instead of a line of zeros with one spike."""

from __future__ import annotations

import datetime as _dt

from zjk_desktop import demo, i18n
from zjk_desktop.reports import builders, generate_report
from zjk_desktop.reports.builders import trend_points
from zjk_desktop.reports.model import ChartRow
from zjk_desktop.reports.stats import _months
from zjk_desktop.reports.testing import pdf_text
from zjk_desktop.store import Store


def _trend(start: str, end: str, busy: dict[str, int]) -> list[dict]:
    return [
        {
            "month": m,
            "visits": busy.get(m, 0),
            "extensions": 0,
            "trainings": 1 if m in busy else 0,
        }
        for m in _months(start, end)
    ]


def test_a_year_keeps_every_month_even_the_empty_ones():
    unit, points = trend_points(_trend("2026-01-01", "2026-12-31", {"2026-05": 7}))
    assert unit == "month"
    assert [p["label"] for p in points][:3] == ["26-01", "26-02", "26-03"]
    assert len(points) == 12 and points[4]["visits"] == 7


def test_a_century_with_one_busy_year_shows_that_year_by_month():
    busy = {f"2026-{m:02d}": m for m in range(1, 13)}
    unit, points = trend_points(_trend("2000-01-01", "2100-12-31", busy))
    assert unit == "month"
    assert [p["label"] for p in points] == [f"26-{m:02d}" for m in range(1, 13)]
    assert [p["visits"] for p in points] == list(range(1, 13))


def test_five_busy_years_by_quarter_and_twenty_by_year():
    busy = {m: 10 for m in _months("2021-01-01", "2025-12-31")}
    unit, points = trend_points(_trend("2000-01-01", "2030-12-31", busy))
    assert unit == "quarter" and len(points) == 20
    assert points[0] == {"label": "21Q1", "visits": 30, "extensions": 0, "trainings": 3}
    assert points[-1]["label"] == "25Q4"
    busy = {m: 1 for m in _months("2006-01-01", "2025-12-31")}
    unit, points = trend_points(_trend("2006-01-01", "2025-12-31", busy))
    assert unit == "year" and [p["label"] for p in points] == [str(y) for y in range(2006, 2026)]
    assert all(p["visits"] == 12 for p in points)


def test_the_report_over_many_years_draws_the_busy_months(tmp_path):
    i18n.set_language("zh_CN")
    store = Store.open(tmp_path / "s.sqlite3")
    demo.generate_demo(store, "small", seed=1, end_date=_dt.date(2026, 11, 1))
    report = builders.county_report(store, None, "2000-01-01", "2100-12-31")
    charts = [c for b in report.blocks if isinstance(b, ChartRow) for c in b.charts]
    trend = next(c for c in charts if c.kind == "line")
    assert trend.title == "月度工作记录趋势"
    # The demo's year (2025-11-02 .. 2026-11-01), month by month: not 1,212 months of 2000..2100.
    assert trend.categories == [m[2:] for m in _months("2025-11-01", "2026-11-01")]
    out = tmp_path / "c.pdf"
    generate_report(store, "county", None, "2000-01-01", "2100-12-31", out)
    store.close()
    text = pdf_text(out)
    assert "月度工作记录趋势" in text
