"""The one .xlsx writer: title rows, frozen header, typed cells, fitted widths, no live formulas,
and the same typing in every report workbook."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from typing import Any

import pytest
from openpyxl import load_workbook

from zjk_desktop.reports import generate_report
from zjk_desktop.reports.excel import (
    MAX_TEXT_WIDTH,
    WIDTH_SAMPLE,
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


# ---------------------------------------------------------------- the audit of every workbook
# Every .xlsx the program writes, from the demo (which holds drafts and returned records), in
# both languages, checked sheet by sheet as a clerk opening it would: title, scope, period,
# counting rule and generation time above a frozen, styled header; numbers, percentages and
# dates typed; text wrapped; widths fitted; totals numeric with the counting rule under them;
# and one header typed one way in every workbook.

LANGS = ("zh_CN", "en")
WORKBOOKS = (
    "specialist",
    "township",
    "county",
    "city",
    "city_all_states",
    "assessment_ranking",
    "assessment_township",
    "assessment_sheet",
    "timeliness",
    "timeliness_township",
    "list_visit",
    "list_extension",
    "list_training",
    "list_filtered",
)
_META: dict[str, dict[str, tuple[str, ...]]] = {
    "zh_CN": {
        "scope": ("范围：",),
        "period": ("统计期间：",),
        "basis": ("统计口径：", "审核状态："),
        "generated": ("生成时间：",),
    },
    "en": {
        "scope": ("Scope: ",),
        "period": ("Period: ",),
        "basis": ("Counted: ", "Review states: "),
        "generated": ("Generated: ",),
    },
}
_NUMBER_FORMATS = {"#,##0", "#,##0.0", "0.0%", "0"}
_DATE_FORMATS = {"yyyy-mm-dd", "yyyy-mm"}
# Text that a reader would take for a number, a percentage, a ratio or a date.
_LOOKS_TYPED = re.compile(
    r"^-?[\d,]+(\.\d+)?\s*%?$|^\d+\s*/\s*\d+$|^\d{4}-\d{2}(-\d{2})?$|[\d.]+%[）)]"
)
_IDENTIFIER = re.compile(r"^\d{11,}$")  # division codes and phone numbers stay text
_CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def every_workbook(small_demo_db, tmp_path_factory):
    """{(name, language): path} of every workbook kind, written from a copy of the demo."""
    from zjk_desktop import i18n
    from zjk_desktop.gui.pages.record_list import export_records
    from zjk_desktop.reports.assessment import assessment_report
    from zjk_desktop.reports.timeliness import timeliness_report
    from zjk_desktop.scope import Scope
    from zjk_desktop.search import RecordFilter
    from zjk_desktop.store import Store

    folder = tmp_path_factory.mktemp("workbooks")
    db = folder / "demo.sqlite3"
    shutil.copy(small_demo_db, db)
    store = Store.open(db)
    year = dt.date.today().year
    start, end = f"{year - 1}-01-01", f"{year}-12-31"
    county = store.find_org_by_code("130732")
    assert county is not None
    township = store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    specialist = store.conn.execute(
        "SELECT specialist_id FROM visit GROUP BY specialist_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    paths = {}
    try:
        for lang in LANGS:
            i18n.set_language(lang)

            def out(name: str, lang: str = lang) -> Any:
                path = folder / f"{name}.{lang}.xlsx"
                paths[(name, lang)] = path
                return path

            pdf = folder / "scratch.pdf"
            for name, kind, scope, states in (
                ("specialist", "specialist", specialist, ...),
                ("township", "township", township["id"], ...),
                ("county", "county", county["id"], ...),
                ("city", "county", None, ...),
                ("city_all_states", "county", None, None),
            ):
                extra = {} if states is ... else {"states": states}
                generate_report(store, kind, scope, start, end, pdf, xlsx=out(name), **extra)
            assessment_report(store, "130732", year, pdf, out("assessment_ranking"))
            assessment_report(store, township["code"], year, pdf, out("assessment_township"))
            assessment_report(store, specialist, year, pdf, out("assessment_sheet"))
            timeliness_report(store, "130732", f"{year}-01-01", end, pdf, out("timeliness"))
            timeliness_report(
                store, township["code"], f"{year}-01-01", end, pdf, out("timeliness_township")
            )
            whole_county = Scope("county", org_id=county["id"])
            for kind in ("visit", "extension", "training"):
                ids = [r["id"] for r in store.rows(kind, order_by="date")]
                export_records(store, kind, ids, out(f"list_{kind}"), lang, scope=whole_county)
            returned = [r["id"] for r in store.rows("visit", {"review_state": "returned"})]
            export_records(
                store,
                "visit",
                returned,
                out("list_filtered"),
                lang,
                scope=Scope("township", org_id=township["id"]),
                flt=RecordFilter(
                    date_from=start, date_to=end, review_state="returned", text="防治"
                ),
            )
    finally:
        i18n.set_language("zh_CN")
        store.close()
    return paths


def _is_note(cell) -> bool:
    return bool(cell.font.i)  # the writer's lines under a table are italic


def _table(ws):
    """(header row, data rows, total rows, note texts) of a sheet."""
    h = header_row(ws)
    data, totals, notes = [], [], []
    for row in ws.iter_rows(min_row=h + 1):
        if _is_note(row[0]):
            notes.append(str(row[0].value))
        elif row[0].font.b or any(c.font.b for c in row[:3]):
            totals.append(row)
        else:
            data.append(row)
    return h, data, totals, notes


def _class(cell) -> str:
    value = cell.value
    if isinstance(value, dt.datetime):
        return "date:" + cell.number_format
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "pct" if cell.number_format == "0.0%" else "number"
    return "text"


def audit_sheet(ws, lang: str) -> list[str]:
    """What a careful reader would stumble on in one sheet (empty: nothing)."""
    problems = []
    h, data, totals, notes = _table(ws)
    where = f"[{ws.title}]"
    title = ws["A1"]
    if not (isinstance(title.value, str) and title.value and title.font.b):
        problems.append(f"{where}: no bold title in A1")
    meta = [str(ws.cell(r, 1).value or "") for r in range(2, h - 1)]
    words = _META[lang]
    for key in ("scope", "period", "generated"):
        if not any(m.startswith(words[key]) for m in meta):
            problems.append(f"{where}: no {key} line above the table: {meta}")
    if not any(m.startswith(words["basis"]) for m in meta):
        problems.append(f"{where}: no line saying which review states are counted: {meta}")
    generated = [m for m in meta if m.startswith(words["generated"])]
    if generated and not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", generated[0]):
        problems.append(f"{where}: generation time not a clear date and time: {generated[0]}")
    if ws.freeze_panes != f"A{h + 1}":
        problems.append(f"{where}: frozen at {ws.freeze_panes}, header is row {h}")
    header = [c for c in ws[h] if c.value is not None]
    if not all(c.font.b and c.fill.fgColor.rgb not in (None, "00000000") for c in header):
        problems.append(f"{where}: header row not styled")
    labels = [str(c.value) for c in header]
    if lang == "zh_CN":
        for text in [str(title.value), *labels]:
            if re.search(r"[A-Za-z]", text):
                problems.append(f"{where}: English in a Chinese workbook: {text}")
    else:
        for text in labels:
            if _CJK.search(text):
                problems.append(f"{where}: Chinese header in an English workbook: {text}")
    key_values = labels[:2] in (["项目", "数值"], ["Item", "Value"])
    sample = data[:WIDTH_SAMPLE]
    for i, label in enumerate(labels):
        cells = [row[i] for row in sample if row[i].value is not None]
        for c in cells:
            if isinstance(c.value, str) and _LOOKS_TYPED.search(c.value.strip()):
                if not _IDENTIFIER.match(c.value.strip()):
                    problems.append(f"{where} {label}: number or date as text: {c.value!r}")
            elif _class(c) == "number" and c.number_format not in _NUMBER_FORMATS:
                problems.append(f"{where} {label}: number format {c.number_format}")
            elif _class(c).startswith("date:") and c.number_format not in _DATE_FORMATS:
                problems.append(f"{where} {label}: date format {c.number_format}")
            elif (
                _class(c) == "number"
                and isinstance(c.value, int)
                and c.number_format not in ("#,##0", "0", "#,##0.0")
            ):
                problems.append(f"{where} {label}: a count without thousands format")
        if _is_rate(label):
            for c in cells:
                if _class(c) == "number":
                    problems.append(f"{where} {label}: a rate as a plain number {c.value!r}")
        kinds = {_class(c) for c in cells}
        if not key_values and len(kinds) > 1:
            problems.append(f"{where} {label}: mixed cell types {sorted(kinds)}")
        texts = [c for c in cells if isinstance(c.value, str)]
        if texts and not all(c.alignment.wrap_text for c in texts):
            problems.append(f"{where} {label}: text does not wrap")
        letter = ws.cell(h, i + 1).column_letter
        width = ws.column_dimensions[letter].width
        widest = max(
            (max(display_width(p) for p in str(c.value).split("\n")) for c in texts), default=0
        )
        head = max(display_width(p) for p in label.split("\n"))
        if texts and width < min(widest, MAX_TEXT_WIDTH):
            problems.append(f"{where} {label}: width {width} narrower than its text ({widest})")
        if texts and width > max(widest, min(head, 16)) + 3:
            problems.append(f"{where} {label}: width {width} far wider than its text ({widest})")
    if key_values:  # a rate among the figures is a percentage too
        for row in sample:
            if _is_rate(str(row[0].value)) and _class(row[1]) == "number":
                problems.append(f"{where} {row[0].value}: a rate as a plain number")
    for row in totals:
        for c, label in zip(row, labels, strict=False):
            if isinstance(c.value, str) and _LOOKS_TYPED.search(c.value.strip()):
                problems.append(f"{where}: total {label} is text {c.value!r}")
    counts_states = any(_state_label(label) for label in labels)
    if totals and not counts_states:
        said = ("已提交", "submitted", "审核状态", "review state")
        if not any(any(s in n for s in said) for n in notes):
            problems.append(f"{where}: a total without the review states it counts: {notes}")
    return problems


def _is_rate(label: str) -> bool:
    """A rate or share (满意率, 服务覆盖率, 及时率; Rate, Share …), given in percent."""
    return "率" in label or "%" in label or bool(re.search(r"\b(rate|share)\b", label, re.I))


def _state_label(label: str) -> bool:
    from zjk_desktop.domain.enums import REVIEW_STATES

    return any(label in (c.label("zh_CN"), c.label("en")) for c in REVIEW_STATES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_sheet_of_every_workbook_reads_like_a_prepared_one(every_workbook, name, lang):
    wb = load_workbook(every_workbook[(name, lang)])
    problems = [p for ws in wb.worksheets for p in audit_sheet(ws, lang)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_one_header_is_typed_one_way_in_every_workbook(every_workbook, lang):
    seen: dict[str, dict[str, set[str]]] = {}
    for (name, language), path in every_workbook.items():
        if language != lang:
            continue
        for ws in load_workbook(path).worksheets:
            h, data, _, _ = _table(ws)
            labels = [str(c.value) for c in ws[h]]
            if labels[:2] in (["项目", "数值"], ["Item", "Value"]):
                rows = [(str(r[0].value), r[1]) for r in data]  # a figure per row
            else:
                rows = [(label, row[i]) for row in data for i, label in enumerate(labels)]
            for label, cell in rows:
                if cell.value is None or cell.value == "—":
                    continue
                key = re.sub(r"\s*[（(].*", "", label)
                kind = _class(cell)
                if kind == "number":
                    kind += ":" + ("int" if cell.number_format in ("#,##0", "0") else "amount")
                seen.setdefault(key, {}).setdefault(kind, set()).add(f"{name}/{ws.title}")
    mixed = {k: v for k, v in seen.items() if len(v) > 1}
    assert not mixed, mixed


def test_amounts_keep_one_format_and_percentages_are_exact(tmp_path):
    """A float figure is an amount whether or not it is whole (12.0 days and 12.5 days read
    alike), and 71.4 % is stored as 0.714, what a clerk typing it would get."""
    path = tmp_path / "kv.xlsx"
    columns = [
        Column("项目", "k"),
        Column("数值", "v", "auto"),
        Column("满意率", "rate", "float", unit="%"),
    ]
    rows = [{"k": "平均答复天数", "v": 12.0, "rate": 71.4}, {"k": "平均答复天数", "v": 12.5}]
    write_workbook(path, [Sheet("kv", "t", columns, rows)])
    ws = load_workbook(path)["kv"]
    h = header_row(ws)
    assert [ws.cell(r, 2).number_format for r in (h + 1, h + 2)] == ["#,##0.0", "#,##0.0"]
    # Through the writer a "%" unit is only a header; report sheets turn it into a % cell:
    from zjk_desktop.reports.excel import excel_column

    assert excel_column(columns[2]).kind == "pct" and excel_column(columns[2]).unit == ""
    path2 = tmp_path / "pct.xlsx"
    write_workbook(path2, [Sheet("p", "t", [excel_column(columns[2])], [{"rate": 71.4}])])
    ws2 = load_workbook(path2)["p"]
    cell = ws2.cell(header_row(ws2) + 1, 1)
    assert cell.value == 0.714 and cell.number_format == "0.0%"
    assert ws2.cell(header_row(ws2), 1).value == "满意率"  # no "(%)" left in the header


def test_a_wrapped_cell_is_as_wide_as_its_widest_line(tmp_path):
    lines = ["[技术指导] 平菇出菇期管理", "问题：子实体畸形", "措施：调整二氧化碳浓度和光照"]
    path = tmp_path / "w.xlsx"
    write_workbook(
        path, [Sheet("s", "t", [Column("工作内容", "c", "text")], [{"c": "\n".join(lines)}])]
    )
    ws = load_workbook(path)["s"]
    widest = max(display_width(line) for line in lines)
    assert widest <= ws.column_dimensions["A"].width <= widest + 2


def test_a_filtered_list_export_says_what_it_holds(every_workbook):
    zh = load_workbook(every_workbook[("list_filtered", "zh_CN")]).worksheets[0]
    meta = [ws_line for r in range(2, header_row(zh) - 1) if (ws_line := zh.cell(r, 1).value)]
    year = dt.date.today().year
    assert meta[0] == "范围：白后镇"
    assert meta[1] == f"统计期间：{year - 1}-01-01 至 {year}-12-31"
    assert meta[2] == "筛选：搜索“防治”"
    assert meta[3] == "审核状态：只列出已退回的记录"
    whole = load_workbook(every_workbook[("list_visit", "en")]).worksheets[0]
    text = [str(whole.cell(r, 1).value) for r in range(2, header_row(whole) - 1)]
    assert text[:2] == ["Scope: 赤城县", "Period: all dates"]
    assert "Draft, Submitted, Approved, Returned" in text[2]


def test_timeliness_months_read_as_months_with_their_legend(every_workbook):
    for lang, legend in (("zh_CN", "√ 按时"), ("en", "√ on time")):
        wb = load_workbook(every_workbook[("timeliness", lang)])
        for ws in wb.worksheets[1:]:  # the stations' and the specialists' month by month
            h, data, _, notes = _table(ws)
            months = [c.value for c in ws[h] if re.fullmatch(r"\d{4}-\d{2}", str(c.value))]
            assert months and months[0].endswith("-01"), ws.title
            assert any(n.startswith(legend) for n in notes), (ws.title, notes)
            marks = [c for r in data for c in r if c.value in ("√", "×")]
            assert marks and all(c.alignment.horizontal == "center" for c in marks)
            last = [c.value for c in ws[h]].index("最近文件" if lang == "zh_CN" else "Last file")
            assert all(isinstance(r[last].value, dt.datetime) for r in data if r[last].value)
