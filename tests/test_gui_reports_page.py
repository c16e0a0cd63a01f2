"""Reports page: pick report, scope and period; generated in the background; PDF opened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from zjk_desktop.gui.pages.reports_page import period_dates


def test_named_periods():
    today = dt.date(2026, 5, 17)
    assert period_dates("this_month", today) == (dt.date(2026, 5, 1), today)
    assert period_dates("last_month", today) == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert period_dates("this_quarter", today) == (dt.date(2026, 4, 1), today)
    assert period_dates("last_year", today) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_dates("custom", today) is None


def test_township_report_is_generated_and_opened(main_window, qtbot, monkeypatch, tmp_path):
    page = main_window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("township"))
    assert page.scope.count() == 3  # the small demo's townships
    page.period.setCurrentIndex(page.period.findData("this_year"))
    page.xlsx.setChecked(True)
    out = tmp_path / "汇总表.pdf"
    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker:
        page.generate_button.click()
    result = blocker.args[0]
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert out.with_suffix(".xlsx").exists()
    assert result.pages >= 1
    assert opened == [str(out)]
    assert f"共 {result.pages} 页" in page.result.toPlainText()


def test_timeliness_report_is_made_from_the_reports_page(main_window, qtbot, monkeypatch, tmp_path):
    """报送及时性 was a command-line report only: a county officer makes it here too."""
    from pypdf import PdfReader

    page = main_window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("timeliness"))
    assert page.kind.currentText() == "报送及时性（按时收到的工作文件）"
    labels = [page.scope.itemText(i) for i in range(page.scope.count())]
    assert (
        labels[0] == "全市（所有县区）" and len(labels) > 1
    )  # the city, then counties and townships
    page.scope.setCurrentIndex(1)
    page.period.setCurrentIndex(page.period.findData("this_year"))
    out = tmp_path / "报送及时性.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: None)
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker:
        page.generate_button.click()
    assert blocker.args[0].pages >= 1
    text = "".join(p.extract_text() or "" for p in PdfReader(out).pages)
    assert "报送" in text and page.scope.itemText(1).split(" (")[0] in text


def test_a_bad_period_is_reported_and_nothing_written(main_window, qtbot, monkeypatch, tmp_path):
    page = main_window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("county"))
    page.period.setCurrentIndex(page.period.findData("custom"))
    page.date_from.setDate(QDate(2026, 6, 1))
    page.date_to.setDate(QDate(2026, 5, 1))
    out = tmp_path / "report.pdf"
    shown = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page.generate_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "晚于" in shown[0]
    assert "失败" in page.result.toPlainText()
    assert not out.exists()


def test_specialist_can_only_report_on_themself(qtbot, demo_store, gui_settings, zh_ui):
    from zjk_desktop.gui.mainwindow import MainWindow
    from zjk_desktop.gui.testing import make_ctx

    person = demo_store.rows("specialist", limit=1)[0]
    demo_store.set_identity("specialist", person["name"], person["org_id"], person["id"])
    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    try:
        page: Any = window.show_page("reports")
        assert page.kind.currentData() == "specialist"
        assert [page.scope.itemData(i) for i in range(page.scope.count())] == [person["id"]]
    finally:
        window.shutdown()


def test_fonts_are_named_as_people_know_them():
    from zjk_desktop.reports.fonts import font_display_name

    assert font_display_name("ZJK-wqymicrohei-0", "zh_CN") == "文泉驿微米黑"
    assert font_display_name("ZJK-simhei-0", "en") == "SimHei"
    assert font_display_name("STSong-Light", "zh_CN") == "华文宋体（内置）"


def test_an_unwritable_folder_is_said_in_words_above_everything(
    main_window, qtbot, monkeypatch, tmp_path
):
    """Saving a report where it cannot be written: one line with the file name, no progress
    window over it, no "Operation not permitted"."""
    from PySide6.QtWidgets import QApplication

    from zjk_desktop import reports
    from zjk_desktop.gui.tasks import JobProgressDialog

    page = main_window.show_page("reports")
    main_window.tasks.show_after_ms = 0
    out = tmp_path / "locked" / "汇总表.pdf"

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted", str(out))

    monkeypatch.setattr(reports, "generate_report", refuse)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown = []

    def warning(*args):
        progress = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, JobProgressDialog) and w.isVisible()
        ]
        shown.append((args[2], len(progress)))

    monkeypatch.setattr(QMessageBox, "warning", warning)
    page.generate_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    text, progress_windows = shown[0]
    assert progress_windows == 0
    assert "汇总表.pdf" in text and "不能写入" in text and "Operation not permitted" not in text
    assert "Operation not permitted" not in page.result.toPlainText()
