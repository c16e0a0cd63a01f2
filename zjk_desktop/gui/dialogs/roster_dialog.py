"""Add or edit one roster row (village, specialist, assignment) with the shared field editors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.entities import FieldSpec, entity
from ...store import Change, StoreError
from ...store.versions import ValidationFailed
from ..context import AppContext
from ..widgets import keep_dialog_size
from ..widgets.editors import ERROR_STYLE, editor_value, make_editor, set_editor_value


class RosterEditDialog(QDialog):
    """Add or edit one roster row (village, specialist, assignment) through ``store.write``."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: str | None,
        field_names: list[str],
        parent: QWidget | None = None,
        *,
        fixed: dict[str, Any] | None = None,
        choices: dict[str, list[tuple[str, str]]] | None = None,
        labels: dict[str, str] | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.spec = entity(kind)
        self.record_id = record_id
        self.saved_id: str | None = None
        self.fixed = dict(fixed or {})
        self.original = ctx.store.get(kind, record_id) if record_id else {}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        lang = i18n.get_language()
        form = QFormLayout()
        choices = choices or {}
        for name in field_names:
            f = self.spec.field(name)
            assert f is not None, name
            editor = self._editor(f, choices.get(name))
            self.editors[name] = editor
            text = (labels or {}).get(name) or f.label(lang)
            label = QLabel(text + (" *" if f.required else ""), self)
            label.setBuddy(editor)
            form.addRow(label, editor)
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            form.addRow("", error)
            self.errors[name] = error
            self._set(f, editor, (self.original or {}).get(name, self.fixed.get(name)))
        self.banner = QLabel(self)
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        kind_name = self.spec.label(lang)
        self.setWindowTitle(
            (self.tr("Edit: %1") if record_id else self.tr("New: %1")).replace("%1", kind_name)
        )
        keep_dialog_size(self, ctx.settings, f"roster_{kind}", QSize(480, self.sizeHint().height()))

    def _editor(self, f: FieldSpec, options: list[tuple[str, str]] | None) -> QWidget:
        return make_editor(f, self, options)

    def _set(self, f: FieldSpec, w: QWidget, value: Any) -> None:
        set_editor_value(w, value)

    def value(self, name: str) -> Any:
        return editor_value(self.spec.field(name), self.editors[name])

    def values(self) -> dict[str, Any]:
        out = dict(self.fixed)
        out.update({name: self.value(name) for name in self.editors})
        return out

    def save(self) -> None:
        values = self.values()
        store = self.ctx.store
        for label in self.errors.values():
            label.setVisible(False)
        try:
            if self.record_id:
                changed = {k: v for k, v in values.items() if v != (self.original or {}).get(k)}
                outcome = store.write([Change(self.kind, "update", changed, self.record_id)])[0]
            else:
                outcome = store.write([Change(self.kind, "create", values)])[0]
        except ValidationFailed as exc:
            rest = []
            for p in exc.all_errors():
                error = self.errors.get(p.field)
                if error is not None:
                    error.setText(p.message())
                    error.setVisible(True)
                else:
                    rest.append(p.message())
            self.banner.setText(
                "\n".join([self.tr("Nothing was saved: please correct the marked fields."), *rest])
            )
            self.banner.setVisible(True)
            return
        except StoreError as exc:
            self.banner.setText(str(exc))
            self.banner.setVisible(True)
            return
        self.saved_id = outcome.record_id
        self.ctx.events.roster_changed.emit()
        self.accept()


# ------------------------------------------------------------ list pages
