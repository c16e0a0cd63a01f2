"""The one .xlsx writer: title rows, frozen header, typed cells, fitted widths, no live formulas,
and the same typing in every report workbook."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import Any

import pytest
from openpyxl import load_workbook

from zjk_desktop.reports import generate_report
from zjk_desktop.reports.excel import (
    Percent,
    Sheet,
    display_width,
    meta_lines,
    write_workbook,
)
from zjk_desktop.reports.model import Column

START, END = "2025-01-01", "2026-12-31"


def header_row(ws) -> int:
    """The row number of a sheet's column headers (after the title block and a blank row)."""
    for row in ws.iter_rows(min_row=1):
        if all(c.value is None for c in row):
            return row[0].row + 1
    raise AssertionError("no blank row above the header")


@pytest.fixture
def workbook(tmp_path):
    columns = [
        Column("日期", "date", "date"),
        Column("月份", "month", "month"),
        Column("服务农户", "hh", "int", unit="户"),
        Column("示范面积", "area", "float", unit="亩"),
        Column("覆盖率", "pct", "pct"),
        Column("工作内容", "content", "text"),
        Column("Notes", "notes", "text"),
    ]
    rows: list[dict[str, Any] | tuple[Any, ...]] = [
        {
            "date": "2026-05-01",
            "month": "2026-05",
            "hh": 12,
            "area": 30.5,
            "pct": 87.5,
            "content": "马铃薯晚疫病防治现场指导，讲解药剂配比和喷施时机",
            "notes": '=HYPERLINK("http://x")',
        },
        {
            "date": dt.date(2026, 5, 2),
            "month": "2026-06",
            "hh": "7",
            "area": "1,650",
            "pct": 100,
            "content": "+86 138",
            "notes": "-1",
        },
        ("2026-05-03", "2026-07", 10486, 9680.0, 0, "@SUM(A1)", "short"),  # a sequence row
    ]
    path = tmp_path / "w.xlsx"
    written = write_workbook(
        path,
        [
            Sheet(
                "走访记录",
                "走访记录",
                columns,
                iter(rows),
                meta_lines("赤城县", "2026-05-01 至 2026-05-31"),
                total={"content": "合计", "hh": 10505},
            )
        ],
        generated=dt.datetime(2026, 6, 1, 9, 30),
    )
    assert written == 3
    return load_workbook(path)


def test_title_scope_period_and_generation_time_above_a_frozen_header(workbook):
    ws = workbook["走访记录"]
    assert ws["A1"].value == "走访记录" and ws["A1"].font.b
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == [
        "范围：赤城县",
        "统计期间：2026-05-01 至 2026-05-31",
        "生成时间：2026-06-01 09:30",
    ]
    h = header_row(ws)
    assert [c.value for c in ws[h]][:3] == ["日期", "月份", "服务农户（户）"]
    assert ws.freeze_panes == f"A{h + 1}"
    assert ws.print_title_rows == f"${h}:${h}"


def test_numbers_dates_and_percentages_are_typed(workbook):
    ws = workbook["走访记录"]
    h = header_row(ws)
    first, second, third, total = (list(ws[h + k]) for k in (1, 2, 3, 4))
    assert isinstance(first[0].value, dt.datetime) and first[0].number_format == "yyyy-mm-dd"
    assert isinstance(second[0].value, dt.datetime)  # a date object and ISO text both
    assert first[1].value == dt.datetime(2026, 5, 1) and first[1].number_format == "yyyy-mm"
    assert first[2].value == 12 and second[2].value == 7 and first[2].number_format == "#,##0"
    assert second[3].value == 1650 and first[3].number_format == "#,##0.0"
    assert first[4].value == pytest.approx(0.875) and first[4].number_format == "0.0%"
    assert third[2].value == 10486 and third[4].value == 0
    assert first[5].alignment.wrap_text
    assert total[5].value == "合计" and total[2].value == 10505 and total[2].font.b


def test_strings_that_look_like_formulas_stay_text(workbook):
    ws = workbook["走访记录"]
    risky = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]
    assert {c.value for c in risky} == {'=HYPERLINK("http://x")', "+86 138", "-1", "@SUM(A1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_column_widths_fit_chinese_text(workbook):
    ws = workbook["走访记录"]
    widths = {
        ws.cell(header_row(ws), i).value: ws.column_dimensions[ws.cell(1, i).column_letter].width
        for i in range(1, 8)
    }
    content = "马铃薯晚疫病防治现场指导，讲解药剂配比和喷施时机"
    assert display_width(content) == 2 * len(content)
    assert widths["工作内容"] >= display_width(content)  # wide characters count two
    assert widths["Notes"] < widths["工作内容"]
    assert 10 <= widths["日期"] <= 14


def test_report_workbooks_type_alike(demo_store, tmp_path):
    """The township and the county workbooks carry the same figure the same way."""
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    generate_report(
        demo_store,
        "township",
        township["id"],
        START,
        END,
        tmp_path / "t.pdf",
        xlsx=tmp_path / "t.xlsx",
    )
    generate_report(
        demo_store, "county", "130732", START, END, tmp_path / "c.pdf", xlsx=tmp_path / "c.xlsx"
    )
    for name, sheet in (("t.xlsx", "总体情况"), ("c.xlsx", "主要指标")):
        ws = load_workbook(tmp_path / name)[sheet]
        cells = {
            row[0].value: row[1]
            for row in ws.iter_rows(min_row=header_row(ws) + 1)
            if row[1].value is not None
        }
        assert isinstance(cells["贫困村服务覆盖"].value, int), name
        assert (
            isinstance(cells["服务覆盖率"].value, (int, float))
            and cells["服务覆盖率"].number_format == "0.0%"
        )
        assert 0 <= cells["服务覆盖率"].value <= 1
        assert ws["A1"].value.startswith(("白后镇", "赤城县")) and ws.freeze_panes
        assert any("统计口径" in str(ws.cell(r, 1).value) for r in range(2, 6))
    log = tmp_path / "log.xlsx"
    sid = demo_store.conn.execute("SELECT specialist_id FROM visit LIMIT 1").fetchone()[0]
    generate_report(demo_store, "specialist", sid, START, END, tmp_path / "log.pdf", xlsx=log)
    ws = load_workbook(log)["工作记录"]
    h = header_row(ws)
    dates = [r[1].value for r in ws.iter_rows(min_row=h + 1) if r[1].value is not None]
    assert dates and all(isinstance(d, dt.datetime) for d in dates)


def test_percent_in_an_auto_column(tmp_path):
    path = tmp_path / "kv.xlsx"
    write_workbook(
        path,
        [
            Sheet(
                "kv",
                "主要指标",
                [Column("项目", "k"), Column("数值", "v", "auto")],
                [
                    {"k": "覆盖率", "v": Percent(50)},
                    {"k": "人数", "v": 7},
                    {"k": "面积", "v": 2.5},
                    {"k": "名称", "v": "=x"},
                ],
            )
        ],
    )
    ws = load_workbook(path)["kv"]
    h = header_row(ws)
    values = [(ws.cell(r, 2).value, ws.cell(r, 2).number_format) for r in range(h + 1, h + 5)]
    assert values[:3] == [(0.5, "0.0%"), (7, "#,##0"), (2.5, "#,##0.0")]
    assert values[3][0] == "=x" and ws.cell(h + 4, 2).data_type == "s"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs libreoffice-calc")
def test_libreoffice_reads_numbers_and_text_as_written(workbook, tmp_path):
    src = tmp_path / "w.xlsx"
    workbook.save(src)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "w.csv").read_text(encoding="utf-8", errors="replace")
    assert "=HYPERLINK" in text and "87.5%" in text and "2026-05-01" in text


def test_a_record_list_exports_through_the_same_writer(demo_store, tmp_path):
    from zjk_desktop.domain.entities import entity
    from zjk_desktop.reports.excel import kind_for_field_type

    spec = entity("visit")
    fields = [f for f in spec.fields if f.name in ("date", "households_served", "content")]
    columns = [Column(f.label("zh_CN"), f.name, kind_for_field_type(f.type)) for f in fields]
    path = tmp_path / "visits.xlsx"
    rows = demo_store.rows("visit", limit=20)
    assert (
        write_workbook(
            path, [Sheet("走访记录", "走访记录", columns, iter(rows), meta_lines("赤城县"))]
        )
        == 20
    )
    ws = load_workbook(path)["走访记录"]
    h = header_row(ws)
    header = [c.value for c in ws[h]]
    body = list(ws.iter_rows(min_row=h + 1, values_only=True))
    assert len(body) == 20
    assert all(isinstance(r[header.index("日期")], dt.datetime) for r in body)
    households_field = spec.field("households_served")
    assert households_field is not None
    households = header.index(households_field.label("zh_CN"))
    assert all(isinstance(r[households], int) for r in body if r[households] is not None)
    assert any(r[households] for r in body)
