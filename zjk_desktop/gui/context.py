"""What every page of the desktop program shares: the store, who the user is, events.

- ``AppContext.tasks`` runs long jobs: ``ctx.tasks.run(func, on_done, title=..., parent=self)``.
  The main window sets its ``gui.tasks.TaskRunner`` (one worker thread with its own Store);
  a context without a main window runs jobs at once on its own store (``InlineTaskRunner``).
- ``Events.navigate(str page, str arg)``: ask the main window to show a page (its key in
  ``mainwindow.NAVIGATION``: a record kind, "villages", "review", "sync", …); ``arg`` is
  page specific (e.g. a village id).
- ``Events.status_changed()``: something the status bar shows changed (unsent, identity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from .tasks import InlineTaskRunner, TaskRunner

if TYPE_CHECKING:  # the main window paints before the store (and sqlite_utils) is imported
    from ..scope import Scope
    from ..store import Store
    from ..store.db import NodeInfo


class Events(QObject):
    """Application-wide notifications; pages refresh themselves on these."""

    records_changed = Signal(str)  # kind ("visit" | "extension" | "training" | "" for all)
    roster_changed = Signal()
    sync_done = Signal()
    language_changed = Signal(str)
    open_record = Signal(str, str)  # kind, record id: show the record's form
    navigate = Signal(str, str)  # page key, page-specific argument ("" for none)
    status_changed = Signal()


@dataclass
class AppContext:
    """One per main window. ``store`` belongs to the GUI thread; long jobs open their own."""

    store: Store
    db_path: Path | None
    settings: QSettings
    events: Events = field(default_factory=Events)
    demo: bool = False
    # Long jobs: run at once on ``store`` until the main window sets its worker thread.
    tasks: TaskRunner | InlineTaskRunner = field(init=False)

    def __post_init__(self) -> None:
        self.tasks = InlineTaskRunner(self.store)

    @property
    def node(self) -> NodeInfo:
        return self.store.node_info()

    @property
    def scope(self) -> Scope:
        from ..scope import scope_for_node

        return scope_for_node(self.store)

    @property
    def role(self) -> str:
        return self.node.role or "county"
