"""Every window fits the available screen of an office laptop: 保存 is on screen, sizes remembered.

The screen is set by replacing ``available_geometry`` (what Qt reports for the screen
minus the task bar); the windows are real, shown offscreen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from zjk_desktop.domain.entities import RECORD_KINDS
from zjk_desktop.gui import mainwindow as mainwindow_module
from zjk_desktop.gui import widgets
from zjk_desktop.gui.testing import make_ctx

# 1024×768 and 1366×768 with a 40-pixel task bar at the bottom.
SCREENS = {"1024x768": QRect(0, 0, 1024, 728), "1366x768": QRect(0, 0, 1366, 728)}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch):
    area = SCREENS[request.param]
    monkeypatch.setattr(widgets, "available_geometry", lambda _w=None: area)
    monkeypatch.setattr(mainwindow_module, "available_geometry", lambda _w=None: area)
    return area


def on_screen(widget: QWidget, area: QRect) -> bool:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    return area.contains(rect)


def window_on_screen(window: QWidget, area: QRect) -> bool:
    """On screen, with room left for the title bar and borders a window manager adds."""
    allowance = widgets.FRAME_ALLOWANCE
    return (
        area.contains(window.frameGeometry())
        and window.height() + allowance.height() <= area.height()
        and window.width() + allowance.width() <= area.width()
    )


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_record_form_buttons_are_on_screen(qtbot, demo_store, gui_settings, zh_ui, screen, kind):
    from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog

    dialog = RecordFormDialog(make_ctx(demo_store, gui_settings), kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert window_on_screen(dialog, screen), (dialog.geometry(), dialog.minimumSizeHint())
    for button in (
        dialog.save_button,
        dialog.save_new_button,
        dialog.submit_button,
        dialog.cancel_button,
    ):
        assert button.isVisible() and on_screen(button, screen), button.text()
    assert "Ctrl+S" in dialog.save_button.text()  # the shortcut is where people look
    assert dialog.save_button.text().startswith("保存")
    dialog.discard_draft()
    dialog.dirty = False
    dialog.reject()


def test_record_form_remembers_size_and_maximised(qtbot, demo_store, gui_settings, zh_ui, screen):
    from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog

    ctx = make_ctx(demo_store, gui_settings)
    first = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(first)
    first.show()
    first.resize(610, 500)
    first.reject()
    second = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (610, 500)
    second.showMaximized()
    second.reject()
    third = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(third)
    third.show()
    assert third.windowState() & Qt.WindowState.WindowMaximized
    third.reject()


def test_size_remembered_on_a_large_screen_still_fits_a_small_one(
    qtbot, demo_store, gui_settings, zh_ui, screen
):
    from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog

    ctx = make_ctx(demo_store, gui_settings)
    big = RecordFormDialog(ctx, "training")
    qtbot.addWidget(big)
    big.show()
    big.setGeometry(0, 0, 1800, 1000)  # e.g. last used on a 1920×1080 monitor
    big.reject()
    small = RecordFormDialog(ctx, "training")
    qtbot.addWidget(small)
    small.show()
    assert window_on_screen(small, screen)
    assert on_screen(small.save_button, screen)
    small.reject()


def test_main_window_fits_and_shows_its_status_bar(qtbot, demo_store, gui_settings, zh_ui, screen):
    from zjk_desktop.gui.mainwindow import MainWindow

    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.isMaximized() or window_on_screen(window, screen)
        if not window.isMaximized():
            assert on_screen(window.statusBar(), screen)
    finally:
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=15000)
        window.shutdown()


def test_roster_dialog_fits(qtbot, demo_store, gui_settings, zh_ui, screen):
    from zjk_desktop.gui.dialogs.roster_dialog import RosterEditDialog

    ctx = make_ctx(demo_store, gui_settings)
    names = ["name", "gender", "phone", "employer", "title", "specialty", "industries", "level"]
    dialog = RosterEditDialog(ctx, "specialist", None, names)
    qtbot.addWidget(dialog)
    dialog.show()
    assert window_on_screen(dialog, screen)
    assert on_screen(dialog.buttons, screen)
    dialog.reject()
