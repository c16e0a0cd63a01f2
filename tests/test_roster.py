"""Roster import from the county's sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from zjk_desktop.paths import resources_dir
from zjk_desktop.roster import import_roster
from zjk_desktop.store import StoreError

SAMPLE = resources_dir() / "sample"


def test_sample_xlsx_imports_villages_specialists_assignments(store):
    result = import_roster(store, SAMPLE / "sample_roster.xlsx")
    assert result.problems == []
    assert result.counts["org_unit"]["new"] == 1 + 2 + 6  # county, townships, villages
    assert result.counts["specialist"]["new"] == 3
    assert result.counts["assignment"]["new"] == 4
    village = store.find_org_by_code("130722101201")
    assert (
        village["name"] == "石柳营村"
        and village["is_poor"] is True
        and village["exit_year"] == 2019
    )
    county = store.find_org_by_code("130722")
    assert county["name"] == "张北县"  # real division code for a known county
    wang = store.rows("specialist", {"phone": "13800001001"})[0]
    assert wang["industries"] == ["potato", "grains"] and wang["gender"] == "male"


def test_reimport_changes_nothing_and_gbk_csv_matches_xlsx(store):
    import_roster(store, SAMPLE / "sample_roster.xlsx")
    before = store.dump_json()
    versions_before = store.version_vector()
    again = import_roster(store, SAMPLE / "sample_roster.xlsx")
    assert all(c["new"] == 0 and c["updated"] == 0 for c in again.counts.values())
    csv_result = import_roster(store, SAMPLE / "sample_roster_gbk.csv")
    assert csv_result.problems == []
    assert all(c["new"] == 0 and c["updated"] == 0 for c in csv_result.counts.values())
    assert store.dump_json() == before and store.version_vector() == versions_before


def _write_csv(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "县区,乡镇,村,区划代码,是否贫困村,出列年份,户数\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(store, tmp_path, encoding):
    path = _write_csv(
        tmp_path / "r.csv", HEADER + "赤城县,样田乡,石柳营村,130732100201,是,2019,200\n", encoding
    )
    result = import_roster(store, path)
    assert result.problems == []
    assert store.find_org_by_code("130732100201")["name"] == "石柳营村"


def test_changed_row_updates(store, tmp_path):
    path = _write_csv(
        tmp_path / "r.csv", HEADER + "赤城县,样田乡,石柳营村,130732100201,是,2019,200\n", "gbk"
    )
    import_roster(store, path)
    _write_csv(path, HEADER + "赤城县,样田乡,石柳营村,130732100201,是,2019,260\n", "gbk")
    result = import_roster(store, path)
    assert result.counts["org_unit"]["updated"] == 1
    assert store.find_org_by_code("130732100201")["households"] == 260


def test_bad_rows_reported_with_row_numbers_good_rows_import(store, tmp_path):
    rows = (
        HEADER
        + "赤城县,样田乡,石柳营村,130732100201,是,2019,200\n"
        + "赤城县,样田乡,坏代码村,12345,是,2019,200\n"
        + "赤城县,样田乡,负户村,130732100203,是,2019,-5\n"
        + "赤城县,样田乡,榆树沟村,130732100204,否,,150\n"
    )
    path = _write_csv(tmp_path / "r.csv", rows, "gbk")
    result = import_roster(store, path)
    assert sorted(p.row for p in result.problems) == [3, 4]
    assert "12 位数字" in result.problems[0].message()
    assert "第 3 行" in result.problems[0].message()
    assert store.find_org_by_code("130732100201") and store.find_org_by_code("130732100204")
    assert store.find_org_by_code("130732100203") is None


def test_strict_imports_nothing_when_a_row_is_bad(store, tmp_path):
    rows = (
        HEADER
        + "赤城县,样田乡,石柳营村,130732100201,是,2019,200\n"
        + "赤城县,样田乡,坏村,1,是,2019,200\n"
    )
    result = import_roster(store, _write_csv(tmp_path / "r.csv", rows, "utf-8"), strict=True)
    assert not result.applied and len(result.problems) == 1
    assert store.count("org_unit") == 0


def test_dry_run_writes_nothing(store):
    result = import_roster(store, SAMPLE / "sample_roster.xlsx", dry_run=True)
    assert result.counts["specialist"]["new"] == 3 and not result.applied
    assert store.count("org_unit") == 0 and store.version_vector() == {}


def test_specialist_sheet_problems(store, tmp_path):
    import_roster(store, SAMPLE / "sample_roster.xlsx")
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(
        ["Name", "Gender", "Phone", "Employer", "Industries", "Assigned village", "Start date"]
    )
    ws.append(["赵六", "男", "12345", "农科院", "马铃薯", "石柳营村", "2025-01-01"])
    ws.append(["钱七", "女", "13900000002", "农科院", "土豆", "不存在村", "2025-01-01"])
    ws.append(["孙八", "女", "13900000003", "农科院", "蔬菜", "石柳营村", "2025-13-01"])
    ws.append(["周九", "男", "13900000004", "农科院", "果品", "前杨堡村", "2025-02-01"])
    path = tmp_path / "specialists.xlsx"
    book.save(path)
    result = import_roster(store, path)
    rows = {p.row: p.reason for p in result.problems}
    assert set(rows) == {2, 3, 4}
    assert "手机号" in rows[2]
    assert "土豆" in rows[3] or "不存在村" in rows[3]
    assert result.counts["specialist"]["new"] == 1
    zhou = store.rows("specialist", {"name": "周九"})[0]
    (assignment,) = store.rows("assignment", {"specialist_id": zhou["id"]})
    assert assignment["start_date"] == "2025-02-01"


def test_unreadable_files_give_one_line_messages(store, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(StoreError) as info:
        import_roster(store, broken)
    assert "broken.xlsx" in str(info.value) and "\n" not in str(info.value)
    assert "文件已损坏，或不是 .xlsx / .csv 表格" in str(info.value)  # no Python/zip English
    with pytest.raises(StoreError, match="xlsx"):
        import_roster(store, tmp_path / "old.xls")
    with pytest.raises(StoreError):
        import_roster(store, _write_csv(tmp_path / "bin.csv", "", "utf-8"))
    nohead = _write_csv(tmp_path / "nohead.csv", "a,b,c\n1,2,3\n", "utf-8")
    result = import_roster(store, nohead)
    assert "表头" in result.problems[0].message()
