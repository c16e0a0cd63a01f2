"""Concurrent edits of one record, side by side per field: keep one value or type a new one.

The merge already picked a winner (the later edit) so every computer shows the
same record; this dialog lets a person confirm or overrule it.  Resolving
writes one new version that replaces all the conflicting ones
(``Store.resolve_conflict``); the other values stay in the history.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...batch import resolve_many
from ...domain.entities import entity
from ...domain.hlc import stamp_ms
from ...search import roster_index
from ...store import StoreError
from ...store.versions import ValidationFailed
from ..context import AppContext
from ..widgets import keep_dialog_size
from .history_dialog import field_label, field_text


def stamp_time(stamp: str) -> str:
    try:
        return _dt.datetime.fromtimestamp(stamp_ms(stamp) / 1000).strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return stamp


class _FieldChoice(QGroupBox):
    """One conflicting field: a radio button per value, and "another value"."""

    def __init__(
        self,
        conflict: dict[str, Any],
        spec,
        index,
        parent: QWidget | None = None,
        authors: dict[str, str] | None = None,
    ):
        super().__init__(parent)
        self.conflict = conflict
        self.setTitle(field_label(spec, conflict["field"]))
        self.group = QButtonGroup(self)
        grid = QGridLayout(self)
        self.buttons: list[tuple[QRadioButton, Any]] = []
        heads = conflict["heads"]
        for column, head in enumerate(heads):
            button = QRadioButton(self)
            winner = head["stamp"] == conflict["winner_stamp"]
            who = (authors or {}).get(head["stamp"])
            if who:
                text = (
                    self.tr("Saved by %2, %1")
                    .replace("%1", stamp_time(head["stamp"]))
                    .replace("%2", who)
                )
            else:
                text = self.tr("Value saved %1").replace("%1", stamp_time(head["stamp"]))
            if winner:
                text += " " + self.tr("(shown now)")
            button.setText(text)
            button.setChecked(winner)
            value = QLabel(field_text(spec, conflict["field"], head["value"], index) or "—", self)
            value.setWordWrap(True)
            value.setStyleSheet(
                "border: 1px solid palette(mid); padding: 6px; background: palette(base);"
            )
            grid.addWidget(button, 0, column)
            grid.addWidget(value, 1, column)
            self.group.addButton(button)
            self.buttons.append((button, head["value"]))
        self.other = QRadioButton(self.tr("Another value:"), self)
        self.group.addButton(self.other)
        self.other_text = QLineEdit(self)
        self.other_text.textEdited.connect(lambda _t: self.other.setChecked(True))
        grid.addWidget(self.other, 2, 0)
        grid.addWidget(self.other_text, 2, 1, 1, max(1, len(heads) - 1))

    def chosen_value(self) -> Any:
        if self.other.isChecked():
            return self.other_text.text().strip() or None
        for button, value in self.buttons:
            if button.isChecked():
                return value
        return None


class ConflictDialog(QDialog):
    def __init__(self, ctx: AppContext, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.record_id = record_id
        self.conflicts = ctx.store.conflicts(record_id)
        kind = self.conflicts[0]["entity"] if self.conflicts else "visit"
        self.spec = entity(kind)
        index = roster_index(ctx.store)
        self.record_label = QLabel(self)
        self.record_label.setObjectName("conflictRecord")
        self.record_label.setWordWrap(True)
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.record_label.font()
        font.setBold(True)
        self.record_label.setFont(font)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openConflictRecord")
        self.open_button.clicked.connect(self.open_record)
        self._index = index
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        authors = self._authors()
        self.choices = [_FieldChoice(c, self.spec, index, body, authors) for c in self.conflicts]
        for choice in self.choices:
            body_layout.addWidget(choice)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.record_label, 1)
        head.addWidget(self.open_button)
        layout.addLayout(head)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        keep_dialog_size(self, ctx.settings, "conflict", QSize(760, 520))
        self.retranslate()

    def _authors(self) -> dict[str, str]:
        """Who saved each version of the record ("赵志刚 (this computer)"), by stamp."""
        own = self.ctx.node.node_id
        out: dict[str, str] = {}
        for version in self.ctx.store.versions_of(self.record_id):
            who = version.actor or version.node_id[:8]
            if version.node_id == own:
                who += self.tr(" (this computer)")
            out[version.stamp] = who
        return out

    def record_title(self) -> str:
        """Which record: kind, date, village, specialist ("走访记录 · 2026-05-01 · 石柳营村 · 李秀英")."""
        lang = i18n.get_language()
        row = self.ctx.store.get(self.spec.name, self.record_id) or {}
        parts = [self.spec.label(lang), row.get("date") or ""]
        index = self._index
        if row.get("village_id"):
            parts.append(index.villages.name(row["village_id"]) or "")
        if row.get("specialist_id"):
            parts.append(index.specialists.name(row["specialist_id"]) or "")
        if not row.get("date"):
            parts.append(str(row.get("name") or ""))
        return " · ".join(p for p in parts if p)

    def open_record(self) -> None:
        """The record itself, in its form (to see it whole before choosing)."""
        if not self.spec.is_record:
            return
        from .record_dialog import RecordFormDialog

        try:
            dialog = RecordFormDialog(self.ctx, self.spec.name, self.record_id, self)
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        dialog.exec()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Resolve conflict"))
        self.record_label.setText(self.record_title())
        self.open_button.setText(self.tr("Open record…"))
        self.open_button.setVisible(self.spec.is_record)
        lang = i18n.get_language()
        what = self.spec.label(lang)
        if lang == "en":
            what = what[:1].lower() + what[1:]  # "This village visit was changed…"
        self.intro.setText(
            self.tr(
                "This %1 was changed on two computers at the same time. For each field, keep one of the"
                " values or type another; the other values stay in the history."
            ).replace("%1", what)
        )

    def apply(self) -> None:
        store = self.ctx.store
        try:
            resolve_many(store, [(c.conflict["id"], c.chosen_value()) for c in self.choices])
        except ValidationFailed as exc:
            self.error.setText("\n".join(p.message() for p in exc.all_errors()))
            self.error.setVisible(True)
            return
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.ctx.events.records_changed.emit(self.spec.name)
        self.accept()
