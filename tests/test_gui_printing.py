"""打印 / 打印预览: record lists and reports reach the printer (a PDF printer stands in for paper)."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog

from zjk_desktop.gui import printing


def pdf_printer(path):
    printer = printing.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def route_preview_to(monkeypatch, path, titles):
    def fake_exec(dialog):
        titles.append(dialog.windowTitle())
        dialog.paintRequested.emit(pdf_printer(path))
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)


def test_table_html_escapes_what_people_typed():
    text = printing.table_html("走访<记录>", "A & B", ["村", "内容"], [["<b>村", "x & y"]])
    assert "<b>村" not in text and "&lt;b&gt;村" in text and "x &amp; y" in text


def test_record_list_preview_prints_the_rows_shown(main_window, monkeypatch, tmp_path):
    page = main_window.show_page("visit")
    page.search.setText("")
    assert not page.preview_button.isHidden() and page.preview_button.text() == "打印预览…"
    out = tmp_path / "list.pdf"
    titles: list[str] = []
    route_preview_to(monkeypatch, out, titles)
    page.preview_button.click()
    assert titles and "走访" in titles[0]
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 1
    text = reader.pages[0].extract_text()
    assert "走访记录" in text


def test_record_list_print_goes_through_the_print_dialog(main_window, monkeypatch, tmp_path):
    page = main_window.show_page("training")
    out = tmp_path / "printed.pdf"
    used = []

    def fake_exec(dialog):
        used.append(dialog.windowTitle())
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    page.print_button.click()
    assert used and out.exists() and len(PdfReader(str(out)).pages) >= 1


def test_a_report_prints_page_for_page(main_window, qtbot, monkeypatch, tmp_path):
    page = main_window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("township"))
    page.period.setCurrentIndex(page.period.findData("this_year"))
    report = tmp_path / "汇总表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    assert not page.print_button.isEnabled()
    with qtbot.waitSignal(page.generated, timeout=60000) as blocker:
        page.generate_button.click()
    result = blocker.args[0]
    assert page.print_button.isEnabled() and page.preview_button.isEnabled()
    assert page.open_button.isEnabled() and page.open_button.text() == "打开 PDF"
    out = tmp_path / "printed.pdf"
    titles: list[str] = []
    route_preview_to(monkeypatch, out, titles)
    page.preview_button.click()
    assert len(PdfReader(str(out)).pages) == result.pages
