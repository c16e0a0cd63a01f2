"""Helpers for the GUI tests (and screenshot tools): a context over a store, waiting for jobs.

A module of the package, not of ``tests/``, so the tests import it by its one name
(``from zjk_desktop.gui.testing import make_ctx, wait_idle``) and a type checker follows it.
Nothing here runs in the program itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .context import AppContext

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
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
