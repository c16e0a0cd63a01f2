"""Shared fixtures and helpers for the GUI tests.

The fixtures (gui_settings, zh_ui, main_window) reach every test through
``pytest_plugins`` in conftest.py; the plain helpers live in the package, so a type
checker follows them too:

    from zjk_desktop.gui.testing import make_ctx, wait_idle
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from zjk_desktop.gui.testing import make_ctx, wait_idle
from zjk_desktop.gui.translations import TRANSLATIONS


@pytest.fixture
def gui_settings(tmp_path) -> QSettings:
    """Settings in a temporary INI file (never the developer's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def zh_ui(qapp):
    """The program's Chinese translators installed (the default UI language)."""
    TRANSLATIONS.apply("zh_CN")
    yield
    TRANSLATIONS.apply("zh_CN")


@pytest.fixture
def main_window(qtbot, demo_store, gui_settings, zh_ui):
    """The main window on a writable copy of the small demo database, dashboard loaded."""
    from zjk_desktop.gui.mainwindow import MainWindow

    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    wait_idle(qtbot, window)
    yield window
    window.shutdown()
