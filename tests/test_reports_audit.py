"""Every PDF report read as issue 14's proof-reader reads it (``tools/check_reports.py``), and
the defects that reading found, each pinned by a test that failed before its fix.

The proof-reader takes every printed line with its position (PDFium) and looks for a closing
mark starting a line or an opening one ending it, a number parted from its unit, a count of
1,000 or more without separators, a hex id, English words cut without a hyphen, text past a
margin or across a table rule, and text drawn over other text.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from reportlab.graphics import renderPDF
from reportlab.pdfbase.pdfmetrics import stringWidth

from zjk_desktop import i18n
from zjk_desktop.reports import builders, generate_report, linebreak
from zjk_desktop.reports.assessment import assessment_report
from zjk_desktop.reports.fonts import resolve_font
from zjk_desktop.reports.model import Chart, Column, KeyValues, TableBlock
from zjk_desktop.reports.pdf import (
    TABLE_FONT_SIZE,
    Styles,
    TableMaker,
    _header_label,
    make_chart,
    number,
    signature_lines,
)
from zjk_desktop.reports.testing import pdf_text
from zjk_desktop.reports.timeliness import timeliness_report


def _load_checker() -> Any:
    """``tools/check_reports.py``, the proof-reader (a tool, not part of the package)."""
    path = Path(__file__).resolve().parent.parent / "tools" / "check_reports.py"
    spec = importlib.util.spec_from_file_location("check_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


check_reports = _load_checker()

START, END = "2025-01-01", "2026-12-31"
# Words of the data added below: the only Latin text a Chinese report may print.
DATA_WORDS = "Late blight control on drought-resistant potato Highland Experimental Village 12 mu"


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Styles(resolve_font(None).name)


def add_hard_cases(store) -> str:
    """English data, a long English village name and counts over 10,000 on the busiest
    specialist; returns that specialist's id."""
    sid, village = store.conn.execute(
        "SELECT specialist_id, village_id FROM visit WHERE deleted = 0"
        " GROUP BY specialist_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    store.update("org_unit", village, {"name": "Highland Experimental Village"})
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    store.create(
        "visit",
        {
            "date": day,
            "specialist_id": sid,
            "village_id": village,
            "industry": "potato",
            "service_type": "guidance",
            "content": "Late blight control on drought-resistant potato 12 mu",
            "households_served": 12345,
            "people_served": 23456,
            "review_state": "submitted",
        },
    )
    return str(sid)


def test_every_report_reads_clean_in_both_languages(demo_store, tmp_path):
    sid = add_hard_cases(demo_store)
    phone = demo_store.get("specialist", sid)["phone"]
    county = demo_store.rows("org_unit", {"level": "county"}, order_by="code", limit=1)[0]
    township = demo_store.get("org_unit", demo_store.get("specialist", sid)["org_id"])
    year = dt.date.today().year
    months = (f"{year}-01", dt.date.today().strftime("%Y-%m"))
    for lang in ("zh_CN", "en"):
        i18n.set_language(lang)
        out = tmp_path / lang
        made = []
        for kind, scope in (
            ("specialist", sid),
            ("township", township["id"]),
            ("county", county["id"]),
            ("county", None),
        ):
            path = out / f"{kind}-{scope is None}.pdf"
            generate_report(demo_store, kind, scope, START, END, path)
            made.append(path)
        for scope_text in (county["code"], phone):
            path = out / f"assessment-{scope_text}.pdf"
            assessment_report(demo_store, scope_text, year, path)
            made.append(path)
        path = out / "timeliness.pdf"
        timeliness_report(demo_store, county["code"], *months, path)
        made.append(path)
        for path in made:
            found = check_reports.check(path, lang)
            problems = [f for f in found if f.kind != "english"]
            assert not problems, (path.name, [str(f) for f in problems[:10]])
            foreign = {f.text.split()[0] for f in found if f.kind == "english"}
            assert foreign <= set(DATA_WORDS.split()) | {"Highland", "drought-resistant"}, (
                path.name,
                foreign,
            )
    i18n.set_language("zh_CN")


# ------------------------------------------------------------------ line breaking
def fill(text: str, font: str, width: float) -> list[str]:
    widths = [stringWidth(ch, font, TABLE_FONT_SIZE) for ch in text]
    hyphen = stringWidth("-", font, TABLE_FONT_SIZE)
    return [
        text[a:b] + ("-" if h else "")
        for a, b, h in linebreak.fill_lines(text, widths, [width], hyphen_width=hyphen)
    ]


def test_a_number_keeps_the_english_word_it_counts(styles):
    # "6,818 | attendees" was printed across two lines of the English county headline.
    text = "trainings reached 6,818 attendees and 35,605 online viewers"
    width = stringWidth("trainings reached 6,818 ", styles.font, TABLE_FONT_SIZE) + 1
    lines = fill(text, styles.font, width)
    assert any(line.startswith("6,818 attendees") for line in lines), lines
    assert not any(line.rstrip().endswith(("6,818", "35,605")) for line in lines), lines


def test_a_slash_keeps_a_unit_with_its_number(styles):
    ok = linebreak.break_opportunities
    for text in ("亩均增收300元/亩", "带动25/户", "疑点1/4张"):
        start = text.index("/") - 1
        assert not any(ok(text)[start + 1 : start + 3]), text
    assert not any(ok("and/or")[1:6])  # English words break at spaces only


def test_a_glued_run_wider_than_its_cell_parts_at_its_space_not_inside_a_word(styles):
    text = "12,345 households, 23,456 people"
    width = stringWidth("households, ", styles.font, TABLE_FONT_SIZE) + 1
    lines = fill(text, styles.font, width)
    assert lines[:2] == ["12,345", "households,"], lines
    assert not any(line.endswith("-") for line in lines), lines


def test_narrow_columns_widen_for_their_longest_word(styles):
    """The English work log printed "Train-ing", "Exte-nsion", "Appro-ved" and "Submit-ted" in
    narrow columns while the work-done column beside them had room to spare."""
    maker = TableMaker(styles, 400)
    columns = [
        Column("No.", "no", "int", 0.55),
        Column("Kind", "kind", "text", 0.6),
        Column("Work done", "content", "text", 4.2),
        Column("Review", "review", "text", 0.75),
    ]
    rows = [
        {"no": 1, "kind": kind, "content": "Late blight control " * 4, "review": review}
        for kind, review in (("Extension", "Submitted"), ("Training", "Approved"))
    ]
    table = maker.table(columns, rows, None, 330)
    for row in table.grid.rows:
        kind, review = row[1], row[3]
        assert kind.para is None and review.para is None, (kind.text, review.text)  # one line
    assert sum(table.grid.widths) == pytest.approx(330)


def test_a_compound_word_breaks_after_its_hyphen_only_when_it_does_not_fit(styles):
    wide = stringWidth("sow the Drought-resis", styles.font, TABLE_FONT_SIZE)
    assert fill("sow the Drought-resistant", styles.font, wide) == ["sow the", "Drought-resistant"]
    text = "Drought-resistant varieties"
    narrow = stringWidth("Drought-resis", styles.font, TABLE_FONT_SIZE)
    assert fill(text, styles.font, narrow)[:2] == ["Drought-", "resistant"]


def test_a_word_wider_than_any_column_is_still_hyphenated(styles):
    maker = TableMaker(styles, 400)
    columns = [Column("Kind", "kind", "text", 1.0), Column("Work", "w", "text", 1.0)]
    word = "Supercalifragilisticexpialidocious" * 2
    table = maker.table(columns, [{"kind": word, "w": word}], None, 120)
    assert table.grid.rows[0][0].para is not None  # wrapped: no room to give it


# ------------------------------------------------------------------ words and numbers
def test_on_site_attendees_are_people_not_views(demo_store):
    i18n.set_language("en")
    try:
        report = builders.county_report(demo_store, None, START, END)
    finally:
        i18n.set_language("zh_CN")
    items = {
        label: unit for b in report.blocks if isinstance(b, KeyValues) for label, _, unit in b.items
    }
    assert items["On-site attendees"] == "people" and items["Online viewers"] == "views"


def test_one_file_not_one_files(styles):
    assert number(1, "files") == "1 file" and number(2, "files") == "2 files"
    assert number(1, "户") == "1户" and number(1, "people") == "1 person"
    i18n.set_language("en")
    try:
        cell = builders._log_data({"kind": "visit", "households_served": 1, "people_served": 1})
    finally:
        i18n.set_language("zh_CN")
    assert cell == "1 household, 1 person"
    table = TableMaker(styles, 400).key_values([("Missing", 1, "files")], 400)
    assert table.grid.rows[0][1].text == "1 file"


def test_chinese_headers_use_fullwidth_brackets():
    assert _header_label(Column("满意率", "rate", "float", unit="%")) == "满意率\n（%）"
    assert _header_label(Column("Rate", "rate", "float", unit="%")) == "Rate\n(%)"


def test_report_wording_in_chinese_has_no_english():
    """A Chinese report prints no English of its own (the photo flag said "（EXIF）")."""
    import zjk_desktop.reports.assessment
    import zjk_desktop.reports.photos
    import zjk_desktop.reports.timeliness

    # Messages outside the reports: the command line's (naming its arguments), the font
    # warnings (naming fonts).
    elsewhere = ("report.bad_kind", "report.font_", "report.cli.", "mgmt.cli.")
    import zjk_desktop.cli
    import zjk_desktop.management.cli
    import zjk_desktop.reports.cli  # noqa: F401  (all of them registered, whatever ran before)

    english = {
        key: zh
        for key, (zh, _) in i18n.CATALOG.items()
        if key.split(".")[0] in ("report", "mgmt", "stats")
        and not key.startswith(elsewhere)
        and re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", zh))
    }
    assert not english


def test_rule_texts_print_thousands_separators():
    from zjk_desktop.management.assessment import DEFAULT_RULES, judge

    figures = {
        "services": 1234,
        "service_days": 300,
        "trainings": 1500,
        "satisfaction_pct": 96.0,
        "callbacks": 2000,
        "result_points": 1234.5,
        "photos_flagged": 0,
        "photos": 1200,
    }
    checks, _, reasons = judge(figures, dict(DEFAULT_RULES))
    text = " ".join([c.actual for c in checks] + reasons)
    assert "1,234" in text and "1,500" in text and "2,000" in text and "1,200" in text, text
    assert not re.search(r"(?<![\d,.])\d{4,}", text), text


# ------------------------------------------------------------------ charts and signatures
def chart_pieces(chart: Chart, styles: Styles, width: float, tmp_path: Path):
    path = tmp_path / "chart.pdf"
    renderPDF.drawToFile(make_chart(chart, styles.font, width), str(path))
    return check_reports.read_pages(path)[0]


def test_chart_labels_stay_apart_and_inside_the_chart(styles, tmp_path):
    names = [f"Zhangjiakou Highland Township No. {i}" for i in range(1, 26)]
    for kind, n, width in (("bar", 25, 540), ("bar", 4, 260), ("hbar", 6, 260)):
        chart = Chart(kind, "Visits per township " * 3, names[:n], [("Visits", list(range(n)))])
        page = chart_pieces(chart, styles, width, tmp_path)
        overlaps = list(check_reports.check_geometry([page]))
        assert not [f for f in overlaps if f.kind == "overlap"], (kind, n, overlaps[:3])
        assert all(p.x0 >= -0.5 and p.x1 <= width + 0.5 for p in page.pieces), (kind, n)


def test_amount_axes_have_thousands_separators(styles, tmp_path):
    chart = Chart(
        "bar", "推广面积", ["白后镇", "陀龙乡"], [("亩", [12500.0, 25000.0])], counts=False
    )
    page = chart_pieces(chart, styles, 300, tmp_path)
    ticks = [p.text for p in page.pieces if re.fullmatch(r"[\d,.]+", p.text)]
    assert "25,000" in ticks or "20,000" in ticks, ticks
    assert not [t for t in ticks if re.fullmatch(r"\d{4,}", t)], ticks


def test_english_signature_lines_spread_over_the_width(styles):
    table: Any = signature_lines(["Prepared by: ______    Station head: ______"], styles, 500)[0]
    assert len(table._cellvalues[0]) == 2  # two parts, spread like the Chinese line


# ------------------------------------------------------------------ what is counted
def test_every_total_has_a_note_saying_what_it_counts(demo_store):
    county = demo_store.rows("org_unit", {"level": "county"}, order_by="code", limit=1)[0]
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code", limit=1)[0]
    sid = demo_store.conn.execute(
        "SELECT specialist_id FROM visit GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    reports = [
        builders.specialist_log(demo_store, sid, START, END),
        builders.township_summary(demo_store, township["id"], START, END),
        builders.county_report(demo_store, county["id"], START, END),
        builders.county_report(demo_store, None, START, END),
    ]
    for report in reports:
        assert report.basis.startswith("统计口径"), report.title
        for block in report.blocks:
            if isinstance(block, TableBlock) and block.total is not None and block.in_pdf:
                assert block.note.startswith("注："), (report.title, block.title)
    township_blocks = {b.title: b for b in reports[1].blocks if isinstance(b, TableBlock)}
    review = township_blocks["五、记录审核情况"]
    assert "草稿" in review.note and "已提交、已审核" in review.note


def test_assessment_and_timeliness_reports_say_what_they_count(demo_store, tmp_path):
    county = demo_store.rows("org_unit", {"level": "county"}, order_by="code", limit=1)[0]
    year = dt.date.today().year
    sheet_phone = demo_store.rows("specialist", order_by="phone", limit=1)[0]["phone"]
    ranking, sheet, timely = (tmp_path / n for n in ("r.pdf", "s.pdf", "t.pdf"))
    assessment_report(demo_store, county["code"], year, ranking)
    assessment_report(demo_store, sheet_phone, year, sheet)
    timeliness_report(demo_store, county["code"], f"{year}-01", f"{year}-02", timely)
    ranking_text, sheet_text = pdf_text(ranking), pdf_text(sheet)
    assert "统计口径" in ranking_text and "注：以上合计只计入已提交、已审核的记录" in ranking_text
    assert re.search(r"\d+\.\d%", ranking_text)  # the satisfaction rate as a percentage
    assert sheet_text.count("注：以上合计只计入已提交、已审核的记录") >= 2  # services, results
    timely_text = pdf_text(timely)
    assert (
        "统计口径：按收到的报送文件计" in timely_text
        and "注：以上合计按收到的报送文件计" in timely_text
    )


def test_a_long_title_in_the_page_header_is_shortened_not_run_past_the_margin(styles, tmp_path):
    from zjk_desktop.reports.model import Report
    from zjk_desktop.reports.pdf import write_pdf

    title = "张家口市坝上高原特色农业科技示范区" * 6 + "科技特派员服务站工作汇总表"
    report = Report("township", title, "统计期间", "portrait")
    rows = [{"no": n, "name": f"第{n}行"} for n in range(1, 120)]
    report.blocks.append(
        TableBlock("表", "表", [Column("序号", "no", "int"), Column("名称", "name")], rows)
    )
    path = tmp_path / "long.pdf"
    pages = write_pdf(
        report, str(path), styles.font, "生成时间 " + "某某单位" * 40, lambda n, t: f"{n}/{t}"
    )
    assert pages >= 2
    found = [f for f in check_reports.check(path, "zh_CN") if f.kind in ("overflow", "overlap")]
    assert not found, [str(f) for f in found[:5]]
    header = max(check_reports.read_pages(path)[1].pieces, key=lambda p: p.y1).text
    assert header.endswith("…") and header[:10] == title[:10]


def test_tick_labels_of_a_narrow_bar_chart_do_not_touch(styles, tmp_path):
    values = [14800.0, 15800.0, 20300.0, 12100.0]
    chart = Chart(
        "hbar", "各产业工作记录数", ["杂交谷子", "马铃薯", "蔬菜", "果品"], [("记录数", values)]
    )
    page = chart_pieces(chart, styles, 200, tmp_path)
    ticks = sorted((p for p in page.pieces if re.fullmatch(r"[\d,]+", p.text)), key=lambda p: p.x0)
    assert len(ticks) >= 2 and ticks[-1].text.replace(",", "").isdigit()
    assert all(b.x0 - a.x1 >= 4 for a, b in itertools.pairwise(ticks)), [t.text for t in ticks]
