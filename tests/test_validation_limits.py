"""A value over a field's limit is refused with the limit written as people write it."""

from __future__ import annotations

from zjk_desktop.domain.entities import entity
from zjk_desktop.domain.validation import bound_text, validate


def test_a_village_population_over_the_limit_names_the_limit_in_plain_digits():
    problems = validate(
        entity("org_unit"),
        {"code": "130732100201", "name": "村1", "level": "village", "population": 2_000_000},
        None,
    )
    too_large = [p for p in problems if p.code == "v.too_large"]
    assert len(too_large) == 1
    zh, en = too_large[0].message("zh_CN"), too_large[0].message("en")
    assert "不大于 1,000,000 的数" in zh and "e+" not in zh
    assert "not above 1,000,000" in en


def test_limits_read_as_numbers_not_exponents():
    assert [bound_text(x) for x in (24, 180, -90, 2030, 100000.0, 1e9, 0.5)] == [
        "24",
        "180",
        "-90",
        "2030",
        "100,000",
        "1,000,000,000",
        "0.5",
    ]
