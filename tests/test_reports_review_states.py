"""Which review states a figure counts: submitted and approved by default; drafts and returned
records are left out of every total, said so under the title and each total, and listed apart."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from zjk_desktop import queries
from zjk_desktop.cli import main as zjk_main
from zjk_desktop.reports import generate_report, stats
from zjk_desktop.reports.testing import pdf_text
from zjk_desktop.scope import Scope

START, END = "2026-01-01", "2026-12-31"


@pytest.fixture
def station(store):
    """One township, one village, one specialist; a visit in each review state."""
    county = store.create(
        "org_unit", {"code": "139903", "name": "测试县", "level": "county"}
    ).record_id
    town = store.create(
        "org_unit",
        {"code": "139903001", "name": "测试乡", "level": "township", "parent_id": county},
    ).record_id
    village = store.create(
        "org_unit",
        {
            "code": "139903001201",
            "name": "前进村",
            "level": "village",
            "parent_id": town,
            "is_poor": True,
        },
    ).record_id
    sid = store.create("specialist", {"name": "赵审核", "org_id": town}).record_id
    store.create(
        "assignment", {"specialist_id": sid, "village_id": village, "start_date": "2020-01-01"}
    )
    visits = {}
    for state, day, households in (
        ("submitted", "2026-03-01", 10),
        ("approved", "2026-03-02", 20),
        ("returned", "2026-03-03", 8),
        ("draft", "2026-03-04", 5),
    ):
        visits[state] = store.create(
            "visit",
            {
                "date": day,
                "specialist_id": sid,
                "village_id": village,
                "industry": "potato",
                "service_type": "guidance",
                "content": f"{state}走访",
                "households_served": households,
                "review_state": "submitted" if state in ("returned", "approved") else state,
            },
        ).record_id
    store.review("visit", visits["approved"], "approved")
    store.review("visit", visits["returned"], "returned", "户数与签到表不符")
    return {"county": county, "town": town, "village": village, "sid": sid, "visits": visits}


def test_returned_and_draft_records_are_left_out_of_every_total(store, station):
    scope = Scope("township", org_id=station["town"])
    totals = stats.period_totals(store, scope, START, END)
    assert (totals["visits"], totals["households_served"]) == (2, 30)  # not 43
    assert stats.per_village(store, scope, START, END)[0]["households_served"] == 30
    assert stats.per_specialist(store, scope, START, END)[0]["visits"] == 2
    assert stats.excluded_counts(store, scope, START, END) == {"draft": 1, "returned": 1}
    listed = stats.excluded_records(store, scope, START, END)
    assert [(r["review_state"], r["review_comment"]) for r in listed] == [
        ("draft", ""),
        ("returned", "户数与签到表不符"),
    ]
    # Counting every state is a choice the caller makes explicitly.
    assert stats.period_totals(store, scope, START, END, states=None)["households_served"] == 43


def test_township_summary_says_what_it_counts_and_lists_the_rest(store, station, tmp_path):
    out = tmp_path / "t.pdf"
    generate_report(store, "township", station["town"], START, END, out)
    text = pdf_text(out)
    assert "统计口径：计入已提交、已审核的记录；本期未计入草稿1条、已退回1条" in text
    assert "服务农户30户" in text and "服务农户43户" not in text
    # The footnote under each total: the overview, the specialists and the villages.
    assert text.count("注：以上合计只计入已提交、已审核的记录，另有草稿1条、已退回1条未计入。") == 3
    section = text[text.index("六、未计入统计的记录（草稿1条、已退回1条）") :]
    assert "2026-03-03" in section and "户数与签到表不符" in section and "2026-03-04" in section
    assert "2026-03-01" not in section


def test_specialist_log_and_county_report_list_what_they_leave_out(store, station, tmp_path):
    out = tmp_path / "s.pdf"
    generate_report(store, "specialist", station["sid"], START, END, out)
    text = pdf_text(out)
    assert "未计入统计的记录（草稿1条、已退回1条）" in text and "走访次数2次" in text
    assert "注：以上合计只计入已提交、已审核的记录" in text
    out = tmp_path / "c.pdf"
    generate_report(store, "county", station["county"], START, END, out)
    text = pdf_text(out)
    assert "统计口径：计入已提交、已审核的记录；本期未计入草稿1条、已退回1条" in text
    assert "走访服务2次、服务农户30户" in text
    appendix = text[text.index("附录二：未计入统计的记录") :]
    assert "测试乡" in appendix


def test_every_state_counted_on_request_and_from_the_cli(store, station, tmp_path, capsys):
    out = tmp_path / "all.pdf"
    generate_report(store, "township", station["town"], START, END, out, states=None)
    text = pdf_text(out)
    assert "统计口径：计入所有审核状态的记录" in text and "服务农户43户" in text
    assert "注：以上合计计入所有审核状态的记录" in text and "只计入所有" not in text
    db = store.path
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    code = zjk_main(
        [
            "report",
            "township",
            "--db",
            str(db),
            "--scope",
            "139903001",
            "--from",
            "2026",
            "--to",
            "2026",
            "--out",
            str(tmp_path / "cli.pdf"),
            "--count",
            "all",
        ]
    )
    assert code == 0
    assert "服务农户43户" in pdf_text(tmp_path / "cli.pdf")
    code = zjk_main(
        [
            "report",
            "township",
            "--db",
            str(db),
            "--scope",
            "139903001",
            "--from",
            "2026",
            "--to",
            "2026",
            "--out",
            str(tmp_path / "bad.pdf"),
            "--count",
            "approvedd",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "--count" in err and "Traceback" not in err
    assert not (tmp_path / "bad.pdf").exists()


def test_dashboard_uses_the_same_rule(store, station):
    scope = Scope("township", org_id=station["town"])
    today = dt.date(2026, 3, 31)
    board = stats.dashboard(store, scope, today)
    assert board["this_month"]["visit"] == 2
    assert board["this_month_not_counted"] == {"draft": 1, "returned": 1}
    assert board["basis"] == stats.basis_text({"draft": 1, "returned": 1}, month=True)
    assert "本月未计入草稿 1 条、已退回 1 条" in board["basis"]
    assert board["returned"] == 1  # the returned card still counts what needs correcting


def test_village_and_specialist_lists_count_as_the_reports_do(store, station):
    """The 村庄 list's visits and last visit and the 特派员 list's records this year leave out
    drafts and returned records, as the reports and the dashboard do (they counted all four)."""
    last, visits = queries.visits_by_village(store)[station["village"]]
    assert (visits, last) == (2, "2026-03-02")
    assert queries.records_by_specialist(store, "2026-01-01")[station["sid"]] == 2
    scope = Scope("township", org_id=station["town"])
    row = stats.per_village(store, scope, START, END)[0]
    assert (row["visits"], row["last_visit"]) == (visits, last)


def test_one_specialist_on_duty_reads_in_the_singular(store, station, tmp_path):
    from zjk_desktop import i18n

    out = tmp_path / "c-en.pdf"
    i18n.set_language("en")
    try:
        generate_report(store, "county", station["county"], START, END, out)
    finally:
        i18n.set_language("zh_CN")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
    assert "1 specialist was on duty" in text and "1 specialists" not in text
    out = tmp_path / "c-zh.pdf"
    generate_report(store, "county", station["county"], START, END, out)
    assert "本期共有在岗科技特派员1名" in pdf_text(out)


def test_township_summary_counts_attendees_as_attendances(store, station, tmp_path):
    """Attendees summed over trainings are 人次 (one farmer at two classes counts twice),
    as in the county report — not 人."""
    store.create(
        "training",
        {
            "date": "2026-03-05",
            "specialist_id": station["sid"],
            "village_id": station["village"],
            "mode": "onsite",
            "industry": "potato",
            "topic": "马铃薯晚疫病防治",
            "attendees": 1234,
            "hours": 2,
            "review_state": "submitted",
        },
    )
    out = tmp_path / "t.pdf"
    generate_report(store, "township", station["town"], START, END, out)
    text = pdf_text(out)
    assert "1,234人次" in text and "1,234人，" not in text
