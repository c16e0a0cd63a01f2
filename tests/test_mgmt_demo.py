"""The demo shows what the county manages by at once; the timeliness report and report sections."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from zjk_desktop import cli
from zjk_desktop.management import assessment as asm
from zjk_desktop.management import evidence as ev
from zjk_desktop.management.requests import list_requests
from zjk_desktop.reports import generate_report
from zjk_desktop.scope import Scope
from zjk_desktop.store import NotEmpty


def _text(path):
    return "".join(p.extract_text() for p in PdfReader(str(path)).pages).replace(" ", "")


def test_demo_has_overdue_requests_weak_specialists_and_doubtful_photos(demo_store):
    rows = list_requests(demo_store, Scope("all"))
    statuses = {r["status"] for r in rows}
    assert statuses >= {"open", "assigned", "answered", "closed"}
    assert any(r["overdue"] for r in rows)
    assert any(r.get("visit_id") for r in rows)  # answers linked to the visit that answered them
    year = dt.date.today().year
    grades = {a.suggested for a in asm.assess(demo_store, Scope("all"), year)}
    assert {"fail", "basic"} & grades and {"pass", "excellent"} & grades
    codes = set()
    for row in demo_store.rows("visit", {"photos": NotEmpty()}):
        codes |= {f.code for f in ev.record_flags(demo_store, row)}
    assert {"date", "far", "no_exif"} <= codes
    assert demo_store.count("callback") > 20
    assert demo_store.count(
        "org_unit", {"level": "village", "latitude": NotEmpty()}
    ) == demo_store.count("org_unit", {"level": "village"})


def test_timeliness_report_and_township_sections(demo_store, tmp_path, capsys):
    out = tmp_path / "tl.pdf"
    db = demo_store.path
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    result = generate_report(
        demo_store, "township", township["code"], "2026-01-01", "2026-06-30", tmp_path / "t.pdf"
    )
    text = _text(result.path)
    for words in (
        "报送及时性",
        "各特派员报送情况",
        "农户需求办理",
        "平均答复天数",
        "各特派员回访满意率",
    ):
        assert words in text
    demo_store.close()
    assert (
        cli.main(
            [
                "--db",
                str(db),
                "report",
                "timeliness",
                "--scope",
                "130732",
                "--from",
                "2026-01",
                "--to",
                "2026-06",
                "--out",
                str(out),
                "--xlsx",
                str(tmp_path / "tl.xlsx"),
            ]
        )
        == 0
    )
    text = _text(out)
    assert "科技特派员报送及时性统计表" in text and "各服务站转报情况" in text and "26-06" in text
    assert (
        cli.main(
            [
                "--lang",
                "en",
                "--db",
                str(db),
                "report",
                "timeliness",
                "--from",
                "2026-01",
                "--to",
                "2026-03",
                "--out",
                str(tmp_path / "en.pdf"),
            ]
        )
        == 0
    )
    assert "Reportingcompletenessandtimeliness" in _text(tmp_path / "en.pdf").replace("\n", "")


def test_specialist_log_ends_with_upright_photo_thumbnails_and_their_flags(demo_store, tmp_path):
    row = next(
        r
        for r in demo_store.rows("visit", {"photos": NotEmpty()})
        if ev.record_flags(demo_store, r)
    )
    out = tmp_path / "log.pdf"
    generate_report(demo_store, "specialist", row["specialist_id"], row["date"], row["date"], out)
    reader = PdfReader(str(out))
    last = reader.pages[-1]
    assert len(last.images) >= len(row["photos"])
    text = last.extract_text().replace(" ", "")
    assert "附：工作照片" in text and "疑点：" in text
