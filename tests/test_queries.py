"""The GUI's read-only questions (zjk_desktop.queries), answered without Qt."""

from __future__ import annotations

import datetime as _dt

import pytest

from zjk_desktop import queries
from zjk_desktop.reports import stats
from zjk_desktop.scope import Scope
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def network(tmp_path):
    net = build_network(tmp_path / "net")
    yield net
    net.close()


def test_new_specialist_has_nothing_unsent_after_the_roster(network):
    """What came from the county (the roster) is not "unsent" to the township."""
    assert network.s1.count("org_unit") > 0  # the roster arrived
    assert queries.unsent_upward(network.s1, "specialist") == 0
    network.s1.create("visit", visit_values(network, "s1", content="第一条"))
    assert queries.unsent_upward(network.s1, "specialist") == 1
    network.receive("township", network.send("s1", "township"))
    network.receive("s1", network.send("township", "s1"))  # the township's file says what it has
    assert queries.unsent_upward(network.s1, "specialist") == 0


def test_the_county_has_nobody_above(network):
    assert queries.unsent_upward(network.county, "county") is None


def test_breakdown_by_township_and_by_specialist_add_up(demo_store):
    today = _dt.date.today()
    scope = Scope("all")
    townships = queries.breakdown(demo_store, scope, today, "township")
    people = queries.breakdown(demo_store, scope, today, "specialist")
    assert townships and people
    year_start = today.replace(month=1, day=1)
    totals = stats.period_totals(demo_store, scope, year_start, today)  # the reports' counting rule
    assert sum(r["year"] for r in townships) == totals["records"] > 0
    for row in townships + people:
        assert 0 <= row["month"] <= row["year"]
        assert 0 <= row["unserved"] <= row["villages"]
    unserved_30 = stats.dashboard(demo_store, scope, today)["gap_villages"][30]
    assert sum(r["unserved"] for r in townships) == len(unserved_30)


def test_village_context_names_its_only_specialist(network):
    store = network.county
    village = network.ids["v1"]
    context = queries.village_context(store, village, _dt.date.today().isoformat())
    assert context.specialist_id == network.ids["sp1"]
    assert context.industry == "millet"  # the specialist's industry: no records there yet
    assert queries.villages_of_specialist(store, network.ids["sp1"]) == [village]
