"""The printed reports: Chinese text, embedded fonts, hostile strings, Excel, errors, CLI."""

from __future__ import annotations

import errno
import logging
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from zjk_desktop import i18n
from zjk_desktop.reports import REPORT_KINDS, ReportCancelled, ReportError, generate_report, stats
from zjk_desktop.reports import fonts as report_fonts
from zjk_desktop.scope import Scope
from zjk_desktop.store import Range

START, END = "2025-01-01", "2026-12-31"


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def flat(pages: list[str]) -> str:
    """All text with line breaks removed (wrapped cells rejoin)."""
    return re.sub(r"\s+", "", "".join(pages))


def font_files(path: Path) -> dict[str, set[str]]:
    """Font name -> the embedded font-file keys found in its descriptors."""
    out: dict[str, set[str]] = {}
    for page in PdfReader(str(path)).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descs = []
            if "/FontDescriptor" in font:
                descs.append(font["/FontDescriptor"].get_object())
            for d in font.get("/DescendantFonts", []):
                d = d.get_object()
                if "/FontDescriptor" in d:
                    descs.append(d["/FontDescriptor"].get_object())
            keys = {
                k for desc in descs for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc
            }
            out.setdefault(str(font.get("/BaseFont")), set()).update(keys)
    return out


def fmt(n: int) -> str:
    return f"{n:,}"


# Figures count submitted and approved records (stats.COUNTED_STATES).
COUNTED_MATCH = {"review_state": ("submitted", "approved")}


def table_rows(ws) -> tuple[list, list[tuple]]:
    """(header, body) of a report sheet: the rows under its title block, note lines left out."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if all(v is None for v in r)) + 1
    body = [r for r in rows[start + 1 :] if sum(v is not None for v in r) > 1]
    return list(rows[start]), body


# ----------------------------------------------------------- the three reports
def test_county_report_text_fonts_and_totals(demo_store, tmp_path):
    out = tmp_path / "county.pdf"
    result = generate_report(
        demo_store, "county", "130732", START, END, out, xlsx=tmp_path / "county.xlsx"
    )
    assert result.path == out and out.exists()
    assert result.embedded and result.warnings == []
    pages = pdf_text(out)
    assert result.pages == len(pages) >= 2
    text = flat(pages)
    for heading in (
        "赤城县科技特派员工作报告",
        "一、主要指标",
        "各乡镇走访次数",
        "各产业工作记录数",
        "月度工作记录趋势",
        "三、各乡镇工作情况",
        "附录一：未服务贫困村",
        "科技特派员服务团（盖章）",
    ):
        assert heading in text
    visits = demo_store.count("visit", {**COUNTED_MATCH, "date": Range(START, END)})
    townships = demo_store.rows("org_unit", {"level": "township"})
    assert all(t["name"] in text for t in townships)
    assert f"走访服务{fmt(visits)}次" in text  # the headline sentence
    assert "合计" in text and fmt(visits) in text
    assert f"第1页共{len(pages)}页" in text and f"第{len(pages)}页共{len(pages)}页" in text
    # The footer names who prepared it in words, never a hex node id.
    assert "最近导入无" in text and "制表本机" in text and demo_store.node_id not in text
    # Every font is embedded TrueType (FontFile2), none left to the viewer.
    files = font_files(out)
    assert files and all(keys == {"/FontFile2"} for keys in files.values()), files


def test_township_summary_is_landscape_with_specialists_and_villages(demo_store, tmp_path):
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    out = tmp_path / "t.pdf"
    result = generate_report(demo_store, "township", township["code"], START, END, out)
    reader = PdfReader(str(out))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = flat(pdf_text(out))
    assert f"{township['name']}科技特派员服务站工作汇总表" in text
    for heading in (
        "二、特派员工作情况",
        "三、各村服务情况",
        "四、服务空白村",
        "五、记录审核情况",
        "六、未计入统计的记录",
        "乡镇服务站（盖章）",
    ):
        assert heading in text
    people = stats.per_specialist(demo_store, Scope("township", org_id=township["id"]), START, END)
    assert people and all(p["name"] in text for p in people)
    villages = demo_store.rows("org_unit", {"parent_id": township["id"]})
    assert all(v["code"] in text for v in villages)
    assert result.pages == len(reader.pages)
    signed = next(p for p in pdf_text(out) if "乡镇服务站（盖章）" in p)
    assert "六、未计入统计的记录" in signed


def test_specialist_log_repeats_header_on_every_page(demo_store, tmp_path):
    sid = demo_store.conn.execute(
        "SELECT specialist_id FROM visit GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    person = demo_store.get("specialist", sid)
    out = tmp_path / "log.pdf"
    result = generate_report(demo_store, "specialist", sid, START, END, out)
    pages = pdf_text(out)
    assert result.pages >= 3
    box = PdfReader(str(out)).pages[0].mediabox
    assert float(box.width) < float(box.height)  # portrait
    text = flat(pages)
    assert "科技特派员工作台账" in text and person["name"] in text
    assert "特派员（签字）" in text and "服务站（盖章）" in text
    n_visits = demo_store.count(
        "visit", {**COUNTED_MATCH, "specialist_id": sid, "date": Range(START, END)}
    )
    assert f"走访次数{n_visits}次" in text
    # The table runs over several pages; each of its pages starts with the column headers.
    table_pages = [p for p in pages if re.search(r"\d{4}-\d{2}-\d{2}", p)]
    assert len(table_pages) >= 2
    for page in table_pages[:-1]:
        assert "工作内容" in page and "主要数据" in page
    # The signature lines share their page with the totals they sign for.
    signed = next(p for p in pages if "特派员（签字）" in p)
    assert "本期合计" in signed


def test_city_report_without_scope(demo_store, tmp_path):
    out = tmp_path / "city.pdf"
    generate_report(demo_store, "county", None, START, END, out)
    text = flat(pdf_text(out))
    assert "全市科技特派员工作报告" in text and "三、各县区工作情况" in text and "赤城县" in text


def test_excel_has_one_sheet_per_table_and_numeric_cells(demo_store, tmp_path):
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    xlsx = tmp_path / "t.xlsx"
    generate_report(
        demo_store, "township", township["id"], START, END, tmp_path / "t.pdf", xlsx=xlsx
    )
    wb = load_workbook(xlsx)
    assert {"总体情况", "特派员", "各村", "服务空白村", "审核情况"} <= set(wb.sheetnames)
    ws = wb["各村"]
    header, body = table_rows(ws)
    assert header[:3] == ["序号", "村名", "区划代码"]
    visits_col = header.index("走访次数")
    total_row = body[-1]
    assert total_row[1] == "合计"
    values = [r[visits_col] for r in body[:-1]]
    assert all(isinstance(v, int) for v in values)
    direct = demo_store.conn.execute(
        "SELECT count(*) FROM visit r JOIN org_unit v ON v.id = r.village_id"
        " WHERE r.deleted = 0 AND v.parent_id = ? AND r.date BETWEEN ? AND ?"
        " AND coalesce(r.review_state, 'draft') IN ('submitted', 'approved')",
        (township["id"], START, END),
    ).fetchone()[0]
    assert total_row[visits_col] == sum(values) == direct
    # Codes stay text (leading digits kept exactly), numbers are numbers.
    assert all(isinstance(r[2], str) for r in body[:-1])


def test_county_excel_cross_checks_with_direct_counts(demo_store, tmp_path):
    xlsx = tmp_path / "c.xlsx"
    generate_report(demo_store, "county", "130732", START, END, tmp_path / "c.pdf", xlsx=xlsx)
    wb = load_workbook(xlsx)
    header, rows = table_rows(wb["各乡镇"])
    total = rows[-1]
    for label, table in (("走访次数", "visit"), ("培训场次", "training")):
        assert total[header.index(label)] == demo_store.count(
            table, {**COUNTED_MATCH, "date": Range(START, END)}
        )
    headline = {r[0]: r[1] for r in table_rows(wb["主要指标"])[1]}
    assert headline["新技术"] == demo_store.count(
        "extension", {**COUNTED_MATCH, "ext_type": "technique"}
    )
    assert isinstance(headline["示范面积"], (int, float)) and headline["示范面积"] > 0


# ----------------------------------------------------------- hostile input
TRICKY = ["<b>粗体</b>", "A & B", "<img src=x>", "</para>", "王😀明"]


@pytest.fixture
def tricky_world(store):
    county = store.create(
        "org_unit", {"code": "139902", "name": "A & B县", "level": "county"}
    ).record_id
    town = store.create(
        "org_unit",
        {"code": "139902001", "name": "<b>乡</b>", "level": "township", "parent_id": county},
    ).record_id
    village = store.create(
        "org_unit",
        {
            "code": "139902001201",
            "name": "<img src=x>村",
            "level": "village",
            "parent_id": town,
            "is_poor": True,
        },
    ).record_id
    sid = store.create(
        "specialist", {"name": "<b>粗体</b>", "employer": "A & B", "org_id": town}
    ).record_id
    idle = store.create("specialist", {"name": "闲人", "org_id": town}).record_id
    store.create(
        "assignment", {"specialist_id": sid, "village_id": village, "start_date": "2020-01-01"}
    )
    store.create(
        "visit",
        {
            "date": "2026-03-01",
            "specialist_id": sid,
            "village_id": village,
            "industry": "potato",
            "service_type": "guidance",
            "content": "</para> A & B 王😀明",
            "notes": "长" * 5000,
            "households_served": 4,
            "people_served": 9,
            "review_state": "submitted",
        },
    )
    store.create(
        "training",
        {
            "date": "2026-03-02",
            "specialist_id": sid,
            "village_id": village,
            "industry": "fungi",
            "mode": "livestream",
            "topic": "<img src=x>",
            "online_viewers": 120,
            "review_state": "submitted",
        },
    )
    return {"county": county, "town": town, "village": village, "sid": sid, "idle": idle}


def test_tricky_strings_print_literally(store, tricky_world, tmp_path):
    for kind, scope_id in (
        ("specialist", tricky_world["sid"]),
        ("township", tricky_world["town"]),
        ("county", tricky_world["county"]),
    ):
        out = tmp_path / f"{kind}.pdf"
        result = generate_report(
            store, kind, scope_id, START, END, out, xlsx=tmp_path / f"{kind}.xlsx"
        )
        text = "".join(pdf_text(out))
        assert result.pages >= 1
        if kind == "specialist":
            assert "<b>粗体</b>" in text and "A & B" in text and "<img src=x>" in text
            assert "</para>" in text
            # The emoji has no glyph in the CJK font: a visible box, never silently nothing.
            assert "王□明" in text
            # The 5,000-character note is printed in full across pages.
            assert flat([text]).count("长") == 5000
        if kind == "township":
            assert "<b>乡</b>" in text and "<img src=x>村" in text
        if kind == "county":
            assert (
                "A & B县" in text and "<img src=x>村" not in text
            )  # served poor village: not in appendix
    wb = load_workbook(tmp_path / "specialist.xlsx")
    contents = [r for r in wb["工作记录"].iter_rows(min_row=2, values_only=True)]
    assert any("王😀明" in (c or "") for row in contents for c in row if isinstance(c, str))


def test_specialist_without_records(store, tricky_world, tmp_path):
    out = tmp_path / "idle.pdf"
    generate_report(store, "specialist", tricky_world["idle"], START, END, out)
    text = flat(pdf_text(out))
    assert "闲人" in text and "本期没有工作记录" in text and "走访次数0次" in text


def test_empty_database_city_report(store, tmp_path):
    out = tmp_path / "empty.pdf"
    result = generate_report(store, "county", None, START, END, out, xlsx=tmp_path / "empty.xlsx")
    text = flat(pdf_text(out))
    assert (
        result.pages >= 1
        and "全市科技特派员工作报告" in text
        and "本期所有贫困村均有服务记录" in text
    )
    assert load_workbook(tmp_path / "empty.xlsx").sheetnames


def test_user_text_starting_with_equals_stays_text_in_excel(store, tricky_world, tmp_path):
    risky = ['=HYPERLINK("http://x")', "+1+2", "-3-4", "@SUM(A1)"]
    for n, text in enumerate(risky):
        store.create(
            "visit",
            {
                "date": f"2026-03-0{5 + n}",
                "specialist_id": tricky_world["sid"],
                "village_id": tricky_world["village"],
                "industry": "potato",
                "service_type": "guidance",
                "content": text,
                "review_state": "submitted",
            },
        )
    xlsx = tmp_path / "s.xlsx"
    generate_report(
        store, "specialist", tricky_world["sid"], START, END, tmp_path / "s.pdf", xlsx=xlsx
    )
    ws = load_workbook(xlsx)["工作记录"]
    for text in risky:
        cells = [
            c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and text in c.value
        ]
        assert cells, text
        assert all(c.data_type == "s" for c in cells)


# ----------------------------------------------------------- fonts
def test_fallback_font_when_none_is_found(store, tricky_world, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(report_fonts, "system_font_candidates", lambda: [])
    monkeypatch.delenv(report_fonts.ENV_FONT, raising=False)
    out = tmp_path / "fallback.pdf"
    with caplog.at_level(logging.WARNING, logger="zjk_desktop.reports.fonts"):
        result = generate_report(store, "specialist", tricky_world["sid"], START, END, out)
    assert result.font_name == "STSong-Light" and not result.embedded
    assert result.warnings == [i18n.t("report.font_fallback")]
    assert "STSong-Light" in result.warnings[0]
    assert any("STSong-Light" in r.getMessage() for r in caplog.records)
    assert out.exists() and result.pages >= 1
    assert all(not keys for keys in font_files(out).values())  # not embedded: the honest state


def _cff_file(path: Path) -> Path:
    # A minimal OpenType header with PostScript outlines ('OTTO'), as Noto/Source Han use.
    path.write_bytes(b"OTTO" + b"\x00\x01\x00\x00\x00\x00\x00\x00" + b"\x00" * 64)
    return path


def test_cff_font_is_refused_with_a_clear_message(store, tricky_world, tmp_path):
    font = _cff_file(tmp_path / "NotoSansCJKsc-Regular.otf")
    with pytest.raises(report_fonts.FontError) as info:
        report_fonts.load_font(font)
    assert (
        "CFF" in str(info.value) and "TrueType" in str(info.value) and "\n" not in str(info.value)
    )
    with pytest.raises(ReportError, match="PostScript"):
        generate_report(
            store, "specialist", tricky_world["sid"], START, END, tmp_path / "x.pdf", font=str(font)
        )
    assert not (tmp_path / "x.pdf").exists()
    i18n.set_language("en")
    with pytest.raises(report_fonts.FontError, match="cannot embed; choose a TrueType font"):
        report_fonts.load_font(font)


def test_cff_subfont_in_a_collection_is_detected(tmp_path):
    ttc = tmp_path / "cjk.ttc"
    ttc.write_bytes(
        b"ttcf"
        + b"\x00\x01\x00\x00"
        + b"\x00\x00\x00\x01"
        + (16).to_bytes(4, "big")
        + b"OTTO"
        + b"\x00" * 32
    )
    assert report_fonts.outline_kind(ttc, 0) == "cff"


def test_system_font_is_found_and_embedded():
    choice = report_fonts.resolve_font()
    # .ci/run installs a Debian CJK TrueType font so the embedded path is exercised.
    assert choice.embedded and choice.path and choice.warning is None


# ----------------------------------------------------------- errors
def test_bad_input_raises_one_line_translated_errors(demo_store, tmp_path):
    township = demo_store.rows("org_unit", {"level": "township"})[0]
    cases = [
        (("specialist", "no-such-id", START, END), "未找到特派员"),
        (("township", "130732", START, END), "不是乡镇"),
        (("county", township["id"], START, END), "不是县区"),
        (("county", "999999", START, END), "未找到单位"),
        (("county", None, END, START), "晚于"),
        (("county", None, "2026-13-01", END), "日期格式"),
        (("weekly", None, START, END), "未知的报表类型"),
    ]
    for args, expected in cases:
        with pytest.raises(ReportError) as info:
            generate_report(demo_store, *args, tmp_path / "x.pdf")
        assert expected in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "x.pdf").exists()
    # The refusal of an unknown kind offers exactly the kinds the program makes.
    with pytest.raises(ReportError) as info:
        generate_report(demo_store, "weekly", None, START, END, tmp_path / "x.pdf")
    offered = re.search(r"可选 (.+)）", str(info.value))
    assert offered is not None and offered.group(1).split("、") == list(REPORT_KINDS)


def test_unwritable_target_is_a_clear_error(demo_store, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="无法写入"):
        generate_report(demo_store, "county", None, START, END, blocker / "r.pdf")


def test_full_disk_keeps_the_previous_report(demo_store, tmp_path, monkeypatch):
    from zjk_desktop.reports import pdf as report_pdf

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.pdf"
    out.write_bytes(b"%PDF- previous report")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report_pdf, "write_pdf", full)
    with pytest.raises(ReportError, match="磁盘已满"):
        generate_report(demo_store, "county", None, START, END, out)
    assert out.read_bytes() == b"%PDF- previous report"
    assert [p.name for p in folder.iterdir()] == ["r.pdf"]  # no temporary file left


def test_cancel_stops_and_leaves_nothing(demo_store, tmp_path):
    seen = []

    def progress(stage, done, total):
        seen.append(stage)

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.pdf"
    with pytest.raises(ReportCancelled):
        generate_report(
            demo_store,
            "specialist",
            demo_store.rows("specialist")[0]["id"],
            START,
            END,
            out,
            progress=progress,
            should_cancel=lambda: "layout" in seen,
        )
    assert not out.exists() and list(folder.iterdir()) == []


# ----------------------------------------------------------- CLI
def test_cli_report_command(small_demo_db, tmp_path, capsys):
    import shutil

    from zjk_desktop import cli

    db = tmp_path / "db.sqlite3"
    shutil.copy(small_demo_db, db)
    out, xlsx = tmp_path / "c.pdf", tmp_path / "c.xlsx"
    code = cli.main(
        [
            "--db",
            str(db),
            "report",
            "county",
            "--scope",
            "130732",
            "--from",
            START,
            "--to",
            END,
            "--out",
            str(out),
            "--xlsx",
            str(xlsx),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0 and out.exists() and xlsx.exists()
    assert "已生成" in captured.out and "已嵌入" in captured.out
    assert "统计口径：计入已提交、已审核的记录" in captured.out  # what the figures count
    code = cli.main(
        [
            "--db",
            str(db),
            "report",
            "township",
            "--scope",
            "000",
            "--from",
            START,
            "--to",
            END,
            "--out",
            str(tmp_path / "t.pdf"),
        ]
    )
    err = capsys.readouterr().err.strip()
    assert code == 1 and err == "未找到单位：000"


def test_county_appendix_lists_unserved_poor_villages(demo_store, tmp_path):
    start, end = "2026-02-01", "2026-02-03"
    unserved = stats.unserved_villages(demo_store, Scope("all"), start, end, poor_only=True)
    assert unserved, "a three-day period leaves poor villages without service"
    out = tmp_path / "appendix.pdf"
    generate_report(demo_store, "county", "130732", start, end, out)
    pages = pdf_text(out)
    appendix = flat(pages[next(i for i, p in enumerate(pages) if "附录" in p) :])
    for v in unserved:
        assert v["code"] in appendix
        if v["exit_year"]:
            assert str(v["exit_year"]) in appendix and f"{v['exit_year']:,}" not in appendix


def test_english_report_and_messages(demo_store, tmp_path):
    i18n.set_language("en")
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    out = tmp_path / "en.pdf"
    result = generate_report(demo_store, "township", township["id"], START, END, out)
    text = "".join(pdf_text(out))
    assert f"{township['name']} service station summary" in text
    assert f"Page 1 of {result.pages}" in text and "2. Work per specialist" in text
    with pytest.raises(ReportError, match="No such specialist: nobody"):
        generate_report(demo_store, "specialist", "nobody", START, END, out)


def test_unwritable_excel_target_names_the_excel_file(demo_store, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "r.xlsx").mkdir()  # a folder where the workbook should go
    with pytest.raises(ReportError) as info:
        generate_report(
            demo_store, "county", None, START, END, folder / "r.pdf", xlsx=folder / "r.xlsx"
        )
    assert "r.xlsx" in str(info.value) and "无法写入" in str(info.value)
    assert sorted(p.name for p in folder.iterdir()) == ["r.xlsx"]  # no PDF, no temporary files


def test_specialist_by_name_or_phone(store, tricky_world, tmp_path):
    store.update("specialist", tricky_world["idle"], {"phone": "13800000000"})
    for key in ("闲人", "13800000000"):
        out = tmp_path / "by-name.pdf"
        generate_report(store, "specialist", key, START, END, out)
        assert "闲人" in flat(pdf_text(out))
    store.create("specialist", {"name": "闲人"})
    with pytest.raises(ReportError, match="有多名特派员叫 闲人"):
        generate_report(store, "specialist", "闲人", START, END, tmp_path / "x.pdf")


def test_cli_periods_by_month_quarter_and_year():
    from zjk_desktop.reports.cli import period_bound

    assert (period_bound("2026-02", False), period_bound("2026-02", True)) == (
        "2026-02-01",
        "2026-02-28",
    )
    assert (period_bound("2026Q4", False), period_bound("2026Q4", True)) == (
        "2026-10-01",
        "2026-12-31",
    )
    assert (period_bound("2024", False), period_bound("2024-02", True)) == (
        "2024-01-01",
        "2024-02-29",
    )
    assert period_bound("2026-05-17", True) == "2026-05-17"
    from zjk_desktop.domain.dates import DateError

    with pytest.raises(DateError, match="日期、年、月或季度"):  # refused, naming the accepted forms
        period_bound("2026-13", True)


def test_signatures_take_the_last_rows_of_a_long_table_along(tmp_path):
    from zjk_desktop.reports.fonts import resolve_font
    from zjk_desktop.reports.model import Column, Report, Signatures, TableBlock
    from zjk_desktop.reports.pdf import write_pdf

    rows = [{"no": i, "name": f"村{i:03d}"} for i in range(1, 121)]
    columns = [Column("序号", "no", "int"), Column("村名列", "name", "text")]
    for count in (120, 5):
        report = Report(
            "x",
            "测试",
            "",
            "portrait",
            [
                TableBlock("表", "表", columns, rows[:count]),
                Signatures(["负责人（签字）：＿＿＿＿"]),
            ],
        )
        out = tmp_path / f"sign{count}.pdf"
        pages = write_pdf(report, str(out), resolve_font().name, "", lambda n, t: f"{n}/{t}")
        texts = pdf_text(out)
        assert len(texts) == pages
        last = texts[-1]
        assert "负责人（签字）" in last and f"村{count:03d}" in last
        if count == 120:
            assert pages >= 3
            # The signature page carries the header and a few rows, not the signature alone.
            assert "村名列" in last and f"村{count - 3:03d}" in last
            # Every row is printed exactly once.
            assert sum(t.count("村") for t in texts) == 120 + pages  # rows + one header per page
