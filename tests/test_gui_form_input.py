"""Input that just works: numbers typed as typed, typed dates, context fill-in, Save and new."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import QDate, QPoint, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from zjk_desktop import queries
from zjk_desktop.gui.context import AppContext
from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog


@pytest.fixture(autouse=True)
def _no_modal_prompts(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def ctx(demo_store, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(demo_store, demo_store.path, settings)


def open_form(qtbot, ctx, kind):
    dialog = RecordFormDialog(ctx, kind)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def click_and_type(qtbot, widget, text):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    qtbot.keyClicks(widget, text)


def error_shown(dialog, name) -> str:
    label = dialog.form.errors[name]
    return "" if label.isHidden() else label.text()


def one_specialist_village(store):
    """(village, its only specialist) with an assignment running today."""
    today = _dt.date.today().isoformat()
    for row in store.rows("assignment"):
        people = queries.specialists_of_village(store, row["village_id"], today)
        if people == [row["specialist_id"]]:
            return row["village_id"], row["specialist_id"]
    pytest.skip("no village with exactly one specialist in the demo")


def test_typing_right_after_a_click_into_an_empty_number_field(qtbot, ctx):
    dialog = open_form(qtbot, ctx, "visit")
    field = dialog.form.editors["households_served"]
    assert field.text() == "" and field.unit() == "户"
    click_and_type(qtbot, field, "12")
    assert field.text() == "12"
    assert dialog.form.value("households_served") == 12


def test_a_decimal_in_a_count_is_refused_with_a_reason_never_changed(qtbot, ctx):
    store = ctx.store
    before = store.count("extension")
    dialog = open_form(qtbot, ctx, "extension")
    field = dialog.form.editors["households_adopting"]
    click_and_type(qtbot, field, "12.5")
    qtbot.waitUntil(lambda: bool(error_shown(dialog, "households_adopting")))
    assert field.text() == "12.5"  # not 125, not 12
    assert error_shown(dialog, "households_adopting") == "带动农户“12.5”无效，应为整数"
    assert not dialog.save()
    assert store.count("extension") == before
    assert field.text() == "12.5"


def test_a_negative_count_says_why(qtbot, ctx):
    dialog = open_form(qtbot, ctx, "visit")
    click_and_type(qtbot, dialog.form.editors["people_served"], "-5")
    qtbot.waitUntil(lambda: bool(error_shown(dialog, "people_served")))
    assert error_shown(dialog, "people_served") == "服务人数“-5”无效，应为不小于 0 的数"


def test_area_in_mu_takes_decimals_and_shows_its_unit(qtbot, ctx):
    dialog = open_form(qtbot, ctx, "extension")
    name = next(n for n in dialog.form.editors if n.endswith("_area_mu"))
    field = dialog.form.editors[name]
    assert field.unit() == "亩"
    click_and_type(qtbot, field, "12.5")
    assert dialog.form.value(name) == 12.5
    assert error_shown(dialog, name) == ""


def test_full_width_digits_from_an_input_method_count(qtbot, ctx):
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    dialog = open_form(qtbot, ctx, "visit")
    field = dialog.form.editors["households_served"]
    field.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("１２")
    QApplication.sendEvent(field, event)
    assert dialog.form.value("households_served") == 12


def test_a_date_can_be_typed_after_a_click(qtbot, ctx):
    dialog = open_form(qtbot, ctx, "visit")
    date = dialog.form.editors["date"]
    line = date.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(6, line.height() // 2))
    qtbot.waitUntil(lambda: line.hasSelectedText())
    qtbot.keyClicks(line, "2025-3-5")
    assert date.date() == QDate(2025, 3, 5)
    assert dialog.form.value("date") == "2025-03-05"


def test_choosing_a_village_fills_in_its_specialist_and_industry(qtbot, ctx):
    store = ctx.store
    village, specialist = one_specialist_village(store)
    dialog = open_form(qtbot, ctx, "visit")
    assert dialog.form.value("specialist_id") is None and dialog.form.value("industry") is None
    picker = dialog.form.editors["village_id"]
    picker.set_current_id(village)
    picker.picked.emit(village)  # what choosing it from the list does
    assert dialog.form.value("specialist_id") == specialist
    expected = queries.village_industry(store, village, specialist)
    assert expected and dialog.form.value("industry") == expected
    assert dialog.dirty


def test_a_specialist_with_one_village_finds_it_preselected(qtbot, ctx):
    store = ctx.store
    village, specialist = one_specialist_village(store)
    today = _dt.date.today().isoformat()
    if queries.villages_of_specialist(store, specialist, today) != [village]:
        pytest.skip("that specialist serves several villages")
    store.set_identity("specialist", "示例特派员", None, specialist)
    dialog = open_form(qtbot, ctx, "training")
    assert dialog.form.value("village_id") == village
    assert dialog.form.value("specialist_id") == specialist
    assert not dialog.dirty  # a default, not a change: closing asks nothing


def test_save_and_new_keeps_date_village_and_industry(qtbot, ctx):
    store = ctx.store
    before = store.count("visit")
    village, specialist = one_specialist_village(store)
    dialog = open_form(qtbot, ctx, "visit")
    day = QDate.currentDate().addDays(-3)
    dialog.form.editors["date"].setDate(day)
    picker = dialog.form.editors["village_id"]
    picker.set_current_id(village)
    picker.picked.emit(village)
    combo = dialog.form.editors["industry"]
    combo.setCurrentIndex(combo.findData("potato"))
    combo2 = dialog.form.editors["service_type"]
    combo2.setCurrentIndex(combo2.findData("guidance"))
    dialog.form.editors["content"].setPlainText("第一条")
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert store.count("visit") == before + 1, dialog.form.banner.text()
    assert dialog.isVisible() and not dialog.dirty and dialog.record_id is None
    assert dialog.form.value("date") == day.toString("yyyy-MM-dd")
    assert dialog.form.value("village_id") == village
    assert dialog.form.value("specialist_id") == specialist
    assert dialog.form.value("industry") == "potato"
    assert dialog.form.value("content") is None
    dialog.form.editors["content"].setPlainText("第二条")
    combo2.setCurrentIndex(combo2.findData("guidance"))
    dialog.save_new_button.click()
    assert store.count("visit") == before + 2, dialog.form.banner.text()
