"""What every page of the desktop program shares: the store, who the user is, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from ..scope import Scope, scope_for_node
from ..store import Store
from ..store.db import NodeInfo


class Events(QObject):
    """Application-wide notifications; pages refresh themselves on these."""

    records_changed = Signal(str)  # kind ("visit" | "extension" | "training" | "" for all)
    roster_changed = Signal()
    sync_done = Signal()
    language_changed = Signal(str)
    open_record = Signal(str, str)  # kind, record id: show the record's form


@dataclass
class AppContext:
    """One per main window. ``store`` belongs to the GUI thread; long jobs open their own."""

    store: Store
    db_path: Path | None
    settings: QSettings
    events: Events = field(default_factory=Events)
    demo: bool = False

    @property
    def node(self) -> NodeInfo:
        return self.store.node_info()

    @property
    def scope(self) -> Scope:
        return scope_for_node(self.store)

    @property
    def role(self) -> str:
        return self.node.role or "county"
