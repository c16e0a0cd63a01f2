"""A city office (a county-role computer registered with the city's org unit) may act on the
requests and callbacks of every township under the city, as it may on their work records."""

from __future__ import annotations

from zjk_desktop.management.authority import change_refusal

# city → county → township → village; a second county beside the first
PARENT_OF = {"county1": "city", "county2": "city", "town1": "county1", "village1": "town1"}
STATION_OF = {"sp1": "town1"}
CALLBACK = {
    "village_id": "village1",
    "specialist_id": "sp1",
    "household": "王",
    "result": "satisfied",
}


def refusal(org: str) -> str | None:
    return change_refusal("callback", "county", org, None, None, CALLBACK, STATION_OF, PARENT_OF)


def test_city_office_writes_callbacks_of_townships_two_levels_down():
    assert refusal("city") is None


def test_own_county_may_and_another_county_may_not():
    assert refusal("county1") is None
    assert refusal("county2") == "mgmt.r.not_county"


def test_a_township_office_is_still_only_its_own_station():
    assert (
        change_refusal("callback", "township", "town1", None, None, CALLBACK, STATION_OF, PARENT_OF)
        is None
    )
    assert (
        change_refusal(
            "callback", "township", "county1", None, None, CALLBACK, STATION_OF, PARENT_OF
        )
        == "mgmt.r.not_station"
    )
