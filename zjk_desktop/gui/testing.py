"""Helpers for the GUI tests (and screenshot tools): a context over a store, waiting for jobs.

A module of the package, not of ``tests/``, so the tests import it by its one name
(``from zjk_desktop.gui.testing import make_ctx, wait_idle``) and a type checker follows it.
Nothing here runs in the program itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .context import AppContext

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialog
    from pytestqt.qtbot import QtBot

    from ..store import Store
    from .tasks import InlineTaskRunner, TaskRunner


class HasTasks(Protocol):
    """A window or page that runs its long jobs on a task runner."""

    @property
    def tasks(self) -> TaskRunner | InlineTaskRunner: ...


def make_ctx(store: Store, settings: QSettings, *, demo: bool = False) -> AppContext:
    """The context a window gets at start-up, over ``store`` with ``settings``."""
    return AppContext(
        store=store, db_path=Path(store.path) if store.path else None, settings=settings, demo=demo
    )


def wait_idle(qtbot: QtBot, window: HasTasks, timeout: int = 15000) -> None:
    """Wait until the window's background jobs are done and their callbacks ran."""
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=timeout)


def when_modal(kind: type[QDialog], check: Callable[[QDialog], None], seen: list[object]) -> None:
    """Run ``check(dialog)`` once a modal dialog of ``kind`` is shown (``exec`` blocks the
    test until it closes).  The dialog goes into ``seen``; an exception ``check`` raises goes
    there too and the dialog is rejected, so the test reports it instead of hanging."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        try:
            check(dialog)
        except BaseException as exc:  # noqa: BLE001 - reported by the test, the modal dialog closed
            seen.append(exc)
            dialog.reject()

    QTimer.singleShot(0, poll)
