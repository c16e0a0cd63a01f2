"""The record table model and the record list page (filters, pinyin search, export)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from zjk_desktop.gui.context import AppContext
from zjk_desktop.gui.widgets.models import RecordTableModel
from zjk_desktop.scope import Scope
from zjk_desktop.search import full_pinyin, roster_index


@pytest.fixture
def ctx(demo_store, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(demo_store, demo_store.path, settings)


def test_model_passes_qtmodeltester(qtmodeltester, demo_store):
    model = RecordTableModel(demo_store, "visit", Scope("all"))
    assert model.rowCount() == demo_store.count("visit")
    qtmodeltester.check(model, force_py=True)


def test_model_shows_names_and_labels_not_ids(demo_store):
    model = RecordTableModel(demo_store, "visit", Scope("all"))
    row = model.row_values(0)
    assert row is not None
    index = roster_index(demo_store)
    village_col = [f.name for f in model.columns].index("village_id")
    industry_col = [f.name for f in model.columns].index("industry")
    assert model.index(0, village_col).data() == index.villages.name(row["village_id"])
    assert model.index(0, industry_col).data() in {
        "杂交谷子",
        "马铃薯",
        "食用菌",
        "畜牧业",
        "杂粮",
        "蔬菜",
        "果品",
        "中药材",
        "其他",
    }
    assert model.headerData(0, Qt.Orientation.Horizontal) == "日期"


def test_sorting_by_village_is_pinyin_order_and_keeps_selection(demo_store):
    model = RecordTableModel(demo_store, "visit", Scope("all"))
    col = [f.name for f in model.columns].index("village_id")
    model.sort(col, Qt.SortOrder.AscendingOrder)
    names = [model.index(r, col).data() for r in range(model.rowCount())]
    assert [full_pinyin(n) for n in names] == sorted(full_pinyin(n) for n in names)
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert full_pinyin(model.index(0, col).data()) == max(full_pinyin(n) for n in names)


def test_returned_records_are_highlighted(demo_store):
    rid = demo_store.rows("visit", limit=1)[0]["id"]
    demo_store.review("visit", rid, "returned", "请补充照片")
    model = RecordTableModel(demo_store, "visit", Scope("all"))
    row = model.row_of(rid)
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == "请补充照片"


def test_list_page_search_by_initials_and_filters(qtbot, ctx):
    from zjk_desktop.gui.pages.record_list import RecordListPage

    page = RecordListPage(ctx, "visit")
    qtbot.addWidget(page)
    total = ctx.store.count("visit")
    assert page.model.rowCount() == total
    assert "700" in page.count_label.text()
    # a village's initials (typed like a user: ASCII keys) narrow the list to it and namesakes
    vid = ctx.store.rows("visit", limit=1)[0]["village_id"]
    name = roster_index(ctx.store).villages.name(vid)
    qtbot.keyClicks(page.search, full_pinyin(name))
    qtbot.waitUntil(lambda: page.model.rowCount() < total)
    col = [f.name for f in page.model.columns].index("village_id")
    shown = {page.model.index(r, col).data() for r in range(page.model.rowCount())}
    assert name in shown
    page.clear_filters()
    assert page.model.rowCount() == total
    # industry + review state combos
    page.industry.setCurrentIndex(page.industry.findData("potato"))
    page.state.setCurrentIndex(page.state.findData("approved"))
    expected = ctx.store.count("visit", {"industry": "potato", "review_state": "approved"})
    assert page.model.rowCount() == expected
    # the village picker: Chinese text typed by an input method picks the village
    page.clear_filters()
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    page.village.setFocus()
    ev = QInputMethodEvent("", [])
    ev.setCommitString(name)
    QApplication.sendEvent(page.village, ev)
    page.village.editingFinished.emit()
    assert page.village.current_id() == vid
    assert page.model.rowCount() == ctx.store.count("visit", {"village_id": vid})


def test_export_visible_rows_to_csv_and_xlsx(qtbot, ctx, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from zjk_desktop.gui.pages.record_list import RecordListPage

    page = RecordListPage(ctx, "training")
    qtbot.addWidget(page)
    page.industry.setCurrentIndex(page.industry.findData("potato"))
    n = page.model.rowCount()
    assert n > 0
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    target = tmp_path / "out.csv"
    monkeypatch.setattr(
        "zjk_desktop.gui.pages.record_list.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), "CSV (*.csv)"),
    )
    page.export_visible()
    with open(target, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "日期" and len(rows) == n + 1
    assert all(r[3] == "马铃薯" for r in rows[1:])
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(
        "zjk_desktop.gui.pages.record_list.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), "Excel (*.xlsx)"),
    )
    page.export_visible()
    sheet = load_workbook(target).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    head = next(i for i, row in enumerate(values) if row[0] == "日期")
    data = values[head + 1 :]
    assert len(data) == n and all(row[3] == "马铃薯" for row in data)
    assert any(isinstance(v, int) for row in data for v in row)  # numbers stay numbers


def test_export_keeps_formula_like_text_as_text(demo_store, tmp_path):
    from openpyxl import load_workbook

    from zjk_desktop.gui.pages.record_list import export_records

    row = demo_store.rows("visit", limit=1)[0]
    demo_store.update("visit", row["id"], {"content": '=HYPERLINK("http://x.example","点我")'})
    target = tmp_path / "one.xlsx"
    assert export_records(demo_store, "visit", [row["id"]], target, "zh_CN") == 1
    sheet = load_workbook(target).active
    assert sheet is not None
    cells = [c for line in sheet.iter_rows() for c in line if "HYPERLINK" in str(c.value or "")]
    assert len(cells) == 1 and cells[0].data_type == "s"  # text, not a live formula


def test_export_runs_on_the_worker_thread(qtbot, ctx, tmp_path, monkeypatch):
    from zjk_desktop.gui.pages.record_list import RecordListPage
    from zjk_desktop.gui.tasks import TaskRunner

    ctx.tasks = TaskRunner(ctx.db_path)
    try:
        page = RecordListPage(ctx, "visit")
        qtbot.addWidget(page)
        target = tmp_path / "all.csv"
        monkeypatch.setattr(
            "zjk_desktop.gui.pages.record_list.QFileDialog.getSaveFileName",
            lambda *a, **k: (str(target), "CSV (*.csv)"),
        )
        shown = []
        monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
        with qtbot.waitSignal(ctx.tasks.job_finished, timeout=20000):
            page.export_visible()
        assert shown and "700" in shown[0]
        with open(target, encoding="utf-8-sig") as fh:
            assert sum(1 for _ in csv.reader(fh)) == 701
    finally:
        ctx.tasks.shutdown()


def test_excel_export_names_its_scope_dates_and_review_state(qtbot, ctx, tmp_path, monkeypatch):
    """The workbook saved from a filtered list says above its table what the list holds."""
    from openpyxl import load_workbook

    from zjk_desktop.gui.pages.record_list import RecordListPage
    from zjk_desktop.gui.tasks import TaskRunner

    ctx.tasks = TaskRunner(ctx.db_path)
    try:
        page = RecordListPage(ctx, "visit")
        qtbot.addWidget(page)
        page.state.setCurrentIndex(page.state.findData("returned"))
        page.apply_filters()
        target = tmp_path / "returned.xlsx"
        monkeypatch.setattr(
            "zjk_desktop.gui.pages.record_list.QFileDialog.getSaveFileName",
            lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"),
        )
        monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
        with qtbot.waitSignal(ctx.tasks.job_finished, timeout=20000):
            page.export_visible()
    finally:
        ctx.tasks.shutdown()
    ws = load_workbook(target).worksheets[0]
    lines = [ws.cell(r, 1).value for r in range(1, 7)]
    assert lines[:4] == [
        "走访记录",
        "范围：全部",
        "统计期间：全部日期",
        "审核状态：只列出已退回的记录",
    ]
    assert str(lines[4]).startswith("生成时间：") and lines[5] is None
    assert ws.freeze_panes == "A8"
    returned = ctx.store.count("visit", {"review_state": "returned"})
    assert sum(1 for _ in ws.iter_rows(min_row=8)) == returned > 0


def test_language_switch_relabels_the_list(qtbot, ctx, zh_ui):
    from zjk_desktop.gui.pages.record_list import RecordListPage
    from zjk_desktop.gui.translations import TRANSLATIONS

    page = RecordListPage(ctx, "visit")
    qtbot.addWidget(page)
    assert page.title.text() == "走访记录"  # as in the sidebar
    assert "赤城" in page.search.placeholderText()
    page.industry.setCurrentIndex(page.industry.findData("potato"))
    n = page.model.rowCount()
    TRANSLATIONS.apply("en")
    ctx.events.language_changed.emit("en")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Date"
    assert page.title.text() == "Visits"  # the sidebar's word, not the entity label
    placeholder = page.search.placeholderText()
    assert "pinyin" in placeholder and not any("\u4e00" <= ch <= "\u9fff" for ch in placeholder)
    assert page.industry.currentText() == "Potato" and page.model.rowCount() == n  # filter kept
    col = [f.name for f in page.model.columns].index("industry")
    assert page.model.index(0, col).data() == "Potato"


def test_focus_item_from_dashboard_and_villages_page(qtbot, ctx):
    from zjk_desktop.gui.pages.record_list import RecordListPage

    page = RecordListPage(ctx, "visit")
    qtbot.addWidget(page)
    vid = ctx.store.rows("visit", limit=1)[0]["village_id"]
    page.focus_item(vid)  # "Show visits" of a village
    assert page.village.current_id() == vid
    assert page.model.rowCount() == ctx.store.count("visit", {"village_id": vid})
    page.clear_filters()
    page.focus_item("returned")  # dashboard: records returned for correction
    assert page.state.currentData() == "returned"
    assert page.model.rowCount() == ctx.store.count("visit", {"review_state": "returned"})


def test_selection_follows_its_records_through_sort_and_filter(qtbot, ctx):
    """The list holds rowids only: selected records stay selected when the order changes,
    and the ones the filter keeps stay selected when it narrows."""
    from zjk_desktop.gui.pages.record_list import RecordListPage

    page = RecordListPage(ctx, "visit")
    qtbot.addWidget(page)
    page.table.selectRow(5)
    first = page.selected_ids()
    assert len(first) == 1
    col = [f.name for f in page.model.columns].index("village_id")
    page.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert page.selected_ids() == first
    assert page.model.row_of(first[0]) != 5 or page.model.record_id(5) == first[0]
    village = ctx.store.get("visit", first[0])["village_id"]
    page.village.set_current_id(village)
    page.apply_filters()
    assert page.selected_ids() == first
    assert page.model.rowCount() == ctx.store.count("visit", {"village_id": village})
