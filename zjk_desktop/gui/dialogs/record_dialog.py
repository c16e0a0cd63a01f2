"""Create or edit one record in a dialog, with drafts that survive a crash.

While the form has unsaved changes it is written every few seconds to a draft
(``gui/drafts.py``); saving or discarding removes it.  ``offer_drafts`` offers a
draft left behind by a crash or power cut back at the next start.
"""

from __future__ import annotations

import datetime as _dt
import logging
import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.entities import entity
from ...domain.ids import new_id
from ...store import Change, StoreError
from ...store.versions import ValidationFailed
from ..context import AppContext
from ..drafts import Draft, draft_summary, drafts_dir, pending_drafts, write_draft
from ..widgets import keep_dialog_size
from ..widgets.editors import WARNING_STYLE
from ..widgets.record_form import RecordForm

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000


def offer_drafts(ctx: AppContext, parent: QWidget | None = None) -> int:
    """Offer each unsaved draft back (restore / discard / later); returns how many were restored."""
    restored = 0
    lang = i18n.get_language()
    for draft in pending_drafts(ctx):
        label = entity(draft.kind).label(lang)
        when = draft.saved_at.replace("T", " ")
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("RecordFormDialog", "Unsaved draft"))
        box.setText(
            QCoreApplication.translate(
                "RecordFormDialog", "An unsaved %1 from %2 was found. Restore it?"
            )
            .replace("%1", label)
            .replace("%2", when)
        )
        summary = draft_summary(ctx, draft)
        if summary:
            box.setInformativeText(summary)
        restore = box.addButton(
            QCoreApplication.translate("RecordFormDialog", "Restore"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        discard = box.addButton(
            QCoreApplication.translate("RecordFormDialog", "Discard"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        box.addButton(
            QCoreApplication.translate("RecordFormDialog", "Later"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is discard:
            draft.remove()
        elif clicked is restore:
            record_id = draft.target_id
            if record_id and ctx.store.get(draft.kind, record_id) is None:
                record_id = None  # the record was deleted meanwhile: the draft becomes a new one
            dialog = RecordFormDialog(ctx, draft.kind, record_id, parent, draft=draft)
            dialog.exec()
            restored += 1
    return restored


class RecordFormDialog(QDialog):
    """Create or edit one record: Ctrl+S saves, Esc cancels (asking about unsaved changes)."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: str | None = None,
        parent: QWidget | None = None,
        *,
        draft: Draft | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.spec = entity(kind)
        self.record_id = record_id
        self.saved_id: str | None = None
        self.original: dict[str, Any] = {}
        self.touched: set[str] = set()
        self._acknowledged: set[tuple[str, str]] = set()
        self.dirty = False
        self._loading = True
        self.draft_path = draft.path if draft else drafts_dir() / f"{kind}-{uuid.uuid4().hex}.json"
        self.setObjectName(f"record_form_{kind}")
        self.setSizeGripEnabled(True)

        self.form = RecordForm(ctx, kind, self)
        self.save_button = QPushButton(self)
        self.save_new_button = QPushButton(self)
        self.save_new_button.setObjectName("saveAndNew")
        self.submit_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        self.save_new_button.clicked.connect(self.save_and_new)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)

        self._shortcuts = []
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.Save), lambda: self.save()),
            (QKeySequence("Ctrl+Shift+S"), self.save_and_new),
            (QKeySequence(QKeySequence.StandardKey.New), self.new_record),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(400)
        self._live.timeout.connect(self._live_check)
        self.form.changed.connect(self._on_changed)
        ctx.events.language_changed.connect(self._on_language)

        self._load(record_id, draft)
        self.retranslate()
        keep_dialog_size(self, ctx.settings, f"record_{kind}", QSize(700, 820))
        self._loading = False

    # -------------------------------------------------------------- state
    def _load(self, record_id: str | None, draft: Draft | None) -> None:
        if record_id:
            row = self.ctx.store.get(self.kind, record_id)
            if row is None:
                raise StoreError(i18n.t("store.not_found", id=record_id))
            self.original = row
            self.form.set_values(row)
        else:
            self.original = {}
            self.form.set_value("date", _dt.date.today().isoformat())
            if draft is None:
                self.form.preselect_for_new()
        self._show_review_note()
        if draft is not None:
            self.form.set_values(draft.values)
            self.touched = {k for k, v in draft.values.items() if v != self.original.get(k)}
            self.dirty = True
            self.form.show_banner(
                self.tr("Restored from an unsaved draft of %1.").replace(
                    "%1", draft.saved_at.replace("T", " ")
                ),
                WARNING_STYLE,
            )

    def _show_review_note(self) -> None:
        row = self.original
        if row.get("review_state") == "returned":
            text = (
                self.tr("Returned for correction by %1 on %2: %3")
                .replace("%1", row.get("reviewed_by") or "—")
                .replace("%2", row.get("reviewed_at") or "—")
                .replace("%3", row.get("review_comment") or "")
            )
            self.form.show_banner(text)
        elif row.get("_conflicts"):
            self.form.show_banner(
                self.tr(
                    "This record has conflicting edits from different computers;"
                    " use “Resolve conflict” in the list."
                ),
                WARNING_STYLE,
            )

    def preset(self, **values: Any) -> None:
        """Defaults for a new record (from the list's filters); not counted as a change."""
        self._loading = True
        for name, value in values.items():
            if value and self.form.value(name) in (None, ""):
                self.form.set_value(name, value)
        self._loading = False

    def retranslate(self) -> None:
        label = self.spec.label(i18n.get_language())
        if self.record_id:
            self.setWindowTitle(self.tr("Edit: %1").replace("%1", label))
        else:
            self.setWindowTitle(self.tr("New: %1").replace("%1", label))
        # The shortcuts are on the buttons themselves: a tooltip is found by nobody.
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.save_button.setToolTip(self.tr("The record stays a draft until submitted"))
        self.save_new_button.setText(self.tr("Save and new (Ctrl+Shift+S)"))
        self.save_new_button.setToolTip(
            self.tr("Save, then start the next record with the same date, village and industry")
        )
        self.submit_button.setText(self.tr("Save and submit"))
        self.submit_button.setToolTip(self.tr("Save and send for review with the next sync"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.form.retranslate()

    def _on_language(self, _lang: str) -> None:
        values = self.form.values()
        self.retranslate()
        self._loading = True
        self.form.set_values(values)
        self._loading = False

    def _on_changed(self, name: str) -> None:
        if self._loading:
            return
        self.dirty = True
        self.touched.add(name)
        self._live.start()

    def _live_check(self) -> None:
        problems = self.form.live_problems(self.original)
        self.form.show_problems(problems, fields=self.touched)

    # ------------------------------------------------------------- drafts
    def autosave(self) -> None:
        if not self.dirty:
            return
        self._write_draft(self.form.values())

    def _write_draft(self, values: dict[str, Any], saving_as: str | None = None) -> None:
        try:
            write_draft(
                self.draft_path, self.kind, self.record_id, values, self.ctx.db_path, saving_as
            )
        except OSError as exc:  # a full disk must not stop typing; say it once in the log
            log.error("cannot write draft %s: %s", self.draft_path, exc)

    def discard_draft(self) -> None:
        try:
            self.draft_path.unlink()
        except FileNotFoundError:
            pass

    # -------------------------------------------------------------- save
    def save(self, submit: bool = False, close: bool = True) -> bool:
        """Write the record through the core; on problems show them and keep the form open."""
        warnings = [p for p in self.form.live_problems(self.original) if not p.is_error]
        shown = {(p.field, p.code) for p in warnings}
        if (
            warnings
            and not shown <= self._acknowledged
            and not any(p.is_error for p in self.form.live_problems(self.original))
        ):
            # Notes (not errors) are shown under their fields; a second Save confirms them.
            self._acknowledged |= shown
            self.touched.update(p.field for p in warnings)
            self.form.show_problems(warnings)
            self.form.show_banner(
                self.tr("Please check the notes in amber; press Save again to save anyway."),
                WARNING_STYLE,
            )
            return False
        values = self.form.values()
        if submit:
            values["review_state"] = "submitted"
        elif not self.record_id:
            values["review_state"] = "draft"
        store = self.ctx.store
        try:
            if self.record_id:
                changed = {k: v for k, v in values.items() if v != self.original.get(k)}
                outcome = store.update(self.kind, self.record_id, changed)
            else:
                planned = new_id()
                self._write_draft(values, saving_as=planned)  # the draft knows what it becomes
                outcome = store.write([Change(self.kind, "create", values, planned)])[0]
        except ValidationFailed as exc:
            if not self.dirty:
                self.discard_draft()  # nothing typed: no draft to offer next time
            problems = [p for ps in exc.problems.values() for p in ps]
            self.touched.update(p.field for p in problems)
            rest = self.form.show_problems(problems)
            text = self.tr("Nothing was saved: please correct the fields marked in red.")
            if rest:
                text += "\n" + "\n".join(p.message() for p in rest)
            self.form.show_banner(text)
            editor = self.form.first_problem_editor()
            if editor is not None:
                editor.setFocus()
            return False
        except StoreError as exc:
            if not self.dirty:
                self.discard_draft()
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        self.saved_id = outcome.record_id
        self.record_id = outcome.record_id
        self.original = store.get(self.kind, outcome.record_id) or {}
        self.dirty = False
        self.discard_draft()
        self.ctx.events.records_changed.emit(self.kind)
        if close:
            self.accept()
        return True

    def save_and_new(self) -> bool:
        """Ctrl+Shift+S: save, then a new record with the same date, village and industry."""
        keep = {k: self.form.value(k) for k in ("date", "village_id", "specialist_id", "industry")}
        if not self.save(close=False):
            return False
        self.new_record(keep=keep)
        return True

    def new_record(self, keep: dict[str, Any] | None = None) -> None:
        """Ctrl+N: finish this one (asking if needed) and start a new record."""
        if self.dirty and self._ask_unsaved(close=False) is None:
            return
        if keep is None:
            keep = {k: self.form.value(k) for k in ("village_id", "specialist_id", "industry")}
        self.discard_draft()
        self.record_id = None
        self.draft_path = drafts_dir() / f"{self.kind}-{uuid.uuid4().hex}.json"
        self._loading = True
        self.form.set_values({f.name: None for f in self.form.fields})
        self.form.set_value("date", _dt.date.today().isoformat())
        self.form.set_values(keep)
        self._loading = False
        self.original = {}
        self.touched = set()
        self.dirty = False
        self.form.clear_problems()
        self.retranslate()

    def _ask_unsaved(self, close: bool = True) -> str | None:
        """Save / discard / keep editing: "saved", "discarded", or None to keep editing."""
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Save your changes to this record?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return "saved" if self.save(close=close) else None
        if answer == QMessageBox.StandardButton.Discard:
            self.discard_draft()
            self.dirty = False
            return "discarded"
        return None

    def reject(self) -> None:
        """Esc, Cancel or closing the window."""
        if self.dirty:
            choice = self._ask_unsaved()
            if choice is None or choice == "saved":  # keep editing, or save() closed the dialog
                return
        self._autosave.stop()
        if self.saved_id:  # saved earlier (Ctrl+N) and then cancelled the next one
            super().accept()
        else:
            super().reject()

    def accept(self) -> None:
        self._autosave.stop()
        super().accept()

    def done(self, result: int) -> None:
        self._autosave.stop()
        self._live.stop()
        try:
            self.ctx.events.language_changed.disconnect(self._on_language)
        except (RuntimeError, TypeError):
            pass
        super().done(result)
