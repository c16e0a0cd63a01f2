"""The dashboard's one-pass figures equal the reports' figures (issue 14).

``stats.dashboard_figures`` computes the start page from one grouped query per record
kind; the reports ask ``dashboard``, ``monthly_trend`` and ``queries.breakdown`` one by
one.  A number on screen must be the number on paper: every scope, several days.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from zjk_desktop import queries
from zjk_desktop.reports import stats
from zjk_desktop.scope import Scope
from zjk_desktop.store import Range


def _scopes(store):
    county = store.rows("org_unit", {"level": "county"}, limit=1)[0]["id"]
    township = store.rows("org_unit", {"level": "township"}, limit=1)[0]["id"]
    specialist = store.rows("visit", limit=1)[0]["specialist_id"]
    return [
        Scope("all"),
        Scope("county", org_id=county),
        Scope("township", org_id=township),
        Scope("specialist", specialist_id=specialist),
    ]


@pytest.mark.parametrize("today", ["2026-06-30", "2026-01-10", "2026-11-29"])
def test_one_pass_figures_equal_the_reports(demo_store, today):
    day = _dt.date.fromisoformat(today)
    # a returned record and a draft this month: the counting rule must hold
    ids = [r["id"] for r in demo_store.rows("visit", {"date": Range(today[:8] + "01")}, limit=2)]
    if ids:
        demo_store.review("visit", ids[0], "returned", "请补充")
    for scope in _scopes(demo_store):
        got = stats.dashboard_figures(demo_store, scope, day, 30)
        want = stats.dashboard(demo_store, scope, day)
        year_ago = (day.replace(day=1) - _dt.timedelta(days=335)).replace(day=1)
        want["trend"] = stats.monthly_trend(demo_store, scope, year_ago, day)
        if scope.kind in ("all", "county"):
            want["by_township"] = queries.breakdown(demo_store, scope, day, "township", 30)
        if scope.kind != "specialist":
            want["by_specialist"] = queries.breakdown(demo_store, scope, day, "specialist", 30)
        assert got.keys() == want.keys(), scope
        for key in want:
            assert got[key] == want[key], (scope, key)
    city = stats.dashboard_figures(demo_store, Scope("all"), day)
    assert any(r["year"] for r in city["by_township"])  # the comparison above compared figures
    assert any(r["records"] for r in city["trend"])
