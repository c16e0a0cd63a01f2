"""Phone numbers: one rule in the core validation, met by the form, the roster importer and the CLI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from zjk_desktop.domain.validation import is_phone_number
from zjk_desktop.roster import import_roster
from zjk_desktop.store.versions import ValidationFailed

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "+86 13812345678",
        "0313-8123456",
        "(0313)8123456",
        "010-12345678",
    ],
)
def test_mobiles_and_area_code_landlines_are_phone_numbers(text):
    assert is_phone_number(text)


@pytest.mark.parametrize(
    "text", ["12345", "1381234567", "23812345678", "8123456", "0313-12", "电话"]
)
def test_other_text_is_not(text):
    assert not is_phone_number(text)


def test_a_local_write_refuses_a_bad_phone_with_the_reason(store):
    store.create("specialist", {"name": "示例固话", "phone": "0313-8123456"})
    with pytest.raises(ValidationFailed) as caught:
        store.create("specialist", {"name": "示例错号", "phone": "12345"})
    problems = [p for ps in caught.value.problems.values() for p in ps]
    assert [p.field for p in problems] == ["phone"]
    assert "12345" in problems[0].message("zh_CN") and "11 位手机号" in problems[0].message("zh_CN")
    assert store.count("specialist") == 1


def test_the_roster_importer_accepts_landlines_and_refuses_short_numbers(store, tmp_path):
    import_roster(store, SAMPLE / "sample_roster.xlsx")
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(
        ["Name", "Gender", "Phone", "Employer", "Industries", "Assigned village", "Start date"]
    )
    ws.append(["示例甲", "男", "0313-8123456", "农科院", "马铃薯", "石柳营村", "2025-01-01"])
    ws.append(["示例乙", "女", "12345", "农科院", "马铃薯", "石柳营村", "2025-01-01"])
    path = tmp_path / "specialists.xlsx"
    book.save(path)
    result = import_roster(store, path)
    assert {p.row for p in result.problems} == {3}
    assert store.rows("specialist", {"name": "示例甲"})
    assert not store.rows("specialist", {"name": "示例乙"})
