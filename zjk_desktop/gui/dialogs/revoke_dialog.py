"""County: revoke a computer's key (a lost or stolen laptop), keeping what it sent before.

Opened from the sync page's list of other computers.  It shows which computer
and fingerprint, and how many of its changes stay valid: by default as many as
this county holds of it; the county raises the number when a township reports
it holds more (``keys list`` / the township's sync page).  The core does the
work (``sync.keys.revoke``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.enums import ROLES
from ...store import Store
from ...sync import keys
from ...sync.errors import SyncError
from ..tasks import error_text

MAX_KEEP = 2**31 - 1  # QSpinBox holds a C int; a node's changes stay far below it


class RevokeDialog(QDialog):
    """Shows one computer; 吊销 revokes its key, keeping its first N changes."""

    def __init__(self, store: Store, node_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("RevokeDialog")
        self.store = store
        self.node_id = node_id
        self.kept: int | None = None
        info = keys.Keyring(store).lookup(node_id)
        self.info = info
        self.held = keys.held_through(store, node_id)
        already = keys.kept_through(store, node_id) if info is not None and info.revoked else None
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        lang = i18n.get_language()
        label = (info.label if info else "") or "?"
        role = ROLES.label(info.role, lang) if info and info.role else ""
        self.who = QLabel(f"{label}（{role}）" if lang == "zh_CN" else f"{label} ({role})", self)
        self.fingerprint = QLabel(info.fingerprint if info else "—", self)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep = QSpinBox(self)
        self.keep.setObjectName("keepThrough")
        self.keep.setRange(0, MAX_KEEP)
        self.keep.setValue(min(MAX_KEEP, already if already is not None else self.held))
        self.keep.setGroupSeparatorShown(True)
        self.who_label, self.fp_label, self.keep_label = QLabel(self), QLabel(self), QLabel(self)
        self.keep_label.setBuddy(self.keep)
        form.addRow(self.who_label, self.who)
        form.addRow(self.fp_label, self.fingerprint)
        form.addRow(self.keep_label, self.keep)
        layout.addLayout(form)
        self.summary = QLabel(self)
        self.summary.setObjectName("keepSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        self.note = QLabel(self)
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(self)
        self.revoke_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.revoke_button.setObjectName("revoke")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.revoke)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.keep.valueChanged.connect(self._show_summary)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Revoke key"))
        self.intro.setText(
            self.tr(
                "Revoke this computer's key if the laptop was lost or stolen. Files it signs from now "
                "on are refused everywhere once the offices have the new roster; the person enrols a "
                "replacement computer anew."
            )
        )
        self.who_label.setText(self.tr("Computer:"))
        self.fp_label.setText(self.tr("Fingerprint:"))
        self.keep_label.setText(self.tr("Changes to &keep:"))
        self.revoke_button.setText(self.tr("Revoke"))
        self.note.setText(
            self.tr(
                "This county holds its first %1 changes. If a township station reports that it holds "
                "more (its sync page shows how many), enter that number so they still arrive."
            ).replace("%1", f"{self.held:,}")
        )
        self._show_summary()

    def _show_summary(self) -> None:
        n = self.keep.value()
        self.summary.setText(
            self.tr(
                "Keep the %1 changes this computer already sent; anything its key signs after them is "
                "refused."
            ).replace("%1", f"{n:,}")
            if n
            else self.tr(
                "Keep none of this computer's changes: anything its key signed is refused."
            )
        )

    def revoke(self) -> None:
        try:
            self.kept = keys.revoke(self.store, self.node_id, keep_through=self.keep.value())
        except SyncError as exc:
            QMessageBox.warning(self, self.tr("Revoke key"), error_text(exc))
            return
        self.accept()
