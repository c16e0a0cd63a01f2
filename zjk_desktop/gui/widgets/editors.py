"""Field editors shared by the record form and the roster edit dialog.

One editor per field type (``make_editor``), one way to read a value out of an
editor and put one in (``editor_value`` / ``set_editor_value``), and the one
"no date" value and message styles, so both forms behave alike.  The record
form's editors come from Designer files; the roster dialog builds them here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from ... import i18n
from ...domain.entities import FieldSpec
from ...domain.enums import INDUSTRIES
from ...domain.validation import coerce_value
from .inputs import NumberEdit
from .pickers import PinyinPicker

NO_DATE = QDate(1999, 12, 31)  # the "not given" value of optional date editors
ERROR_STYLE = "color: #b91c1c;"
WARNING_STYLE = "color: #92400e;"


def make_date_optional(edit: QDateEdit) -> None:
    """An optional date shows "—" (``NO_DATE``) until one is picked."""
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")


def make_editor(
    f: FieldSpec, parent: QWidget, options: list[tuple[str, str]] | None = None
) -> QWidget:
    """An editor for ``f``; ``options`` (code, label) make it a choice of those."""
    lang = i18n.get_language()
    if options is not None:
        combo = QComboBox(parent)
        if not f.required:
            combo.addItem("", None)
        for code, label in options:
            combo.addItem(label, code)
        return combo
    if f.enum is not None:
        combo = QComboBox(parent)
        combo.addItem("", None)
        for c in f.enum:
            combo.addItem(c.label(lang), c.code)
        return combo
    if f.type == "bool":
        return QCheckBox(parent)
    if f.type in ("int", "float"):
        number = NumberEdit(parent)  # typed as typed; the core says why a value is refused
        number.set_unit(f.unit(lang))
        return number
    if f.type == "date":
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        if not f.required:
            make_date_optional(edit)
        return edit
    if f.type == "list":  # industries
        return _industry_list(parent, lang)
    if f.ref_entity:
        return PinyinPicker(parent)
    line = QLineEdit(parent)
    if f.max_length:
        line.setMaxLength(f.max_length)
    return line


def _industry_list(parent: QWidget, lang: str) -> QListWidget:
    box = QListWidget(parent)
    for c in INDUSTRIES:
        item = QListWidgetItem(c.label(lang))
        item.setData(Qt.ItemDataRole.UserRole, c.code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(item)
    # Every industry visible at once: three short columns instead of a scrolling list.
    box.setFlow(QListWidget.Flow.LeftToRight)
    box.setWrapping(True)
    box.setResizeMode(QListWidget.ResizeMode.Adjust)
    metrics = box.fontMetrics()
    cell = QSize(
        max(metrics.horizontalAdvance(c.label(lang)) for c in INDUSTRIES) + 36,
        metrics.height() + 6,
    )
    box.setGridSize(cell)
    box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setMinimumWidth(3 * cell.width() + 2 * box.frameWidth() + 12)
    rows = -(-len(list(INDUSTRIES)) // 3)
    box.setFixedHeight(rows * cell.height() + 2 * box.frameWidth() + 8)
    return box


def editor_value(f: FieldSpec | None, w: QWidget) -> Any:
    """The value an editor holds, as the core takes it (None when empty)."""
    if isinstance(w, QDateEdit):
        return None if w.date() == NO_DATE else w.date().toString("yyyy-MM-dd")
    if isinstance(w, NumberEdit):
        # The number typed, or the text itself when it is none: the core then says
        # why under the field ("应为整数") instead of the form guessing a number.
        text = w.number_text()
        if not text:
            return None
        assert f is not None, "a number editor edits a field"
        number, problem = coerce_value(f, text)
        return text if problem is not None else number
    if isinstance(w, PinyinPicker):
        if w.current_id() is None and w.text().strip():
            return w.text().strip()  # an unknown name: the core says so under the field
        return w.current_id()
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, QListWidget):
        return [
            w.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(w.count())
            if w.item(i).checkState() == Qt.CheckState.Checked
        ] or None
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText().strip() or None
    if isinstance(w, QLineEdit):
        return w.text().strip() or None
    raise TypeError(f"no editor for {f}")


def set_editor_value(w: QWidget, value: Any) -> None:
    """Show ``value`` in the editor (an optional date without one shows "—")."""
    if isinstance(w, QDateEdit):
        date = QDate.fromString(str(value), "yyyy-MM-dd") if value else QDate()
        w.setDate(
            date
            if date.isValid()
            else (NO_DATE if w.minimumDate() == NO_DATE else QDate.currentDate())
        )
    elif isinstance(w, NumberEdit):
        w.set_number(value)
    elif isinstance(w, PinyinPicker):
        w.set_current_id(value)
    elif isinstance(w, QComboBox):
        w.setCurrentIndex(max(w.findData(value), 0) if value else 0)
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
    elif isinstance(w, QListWidget):
        chosen = set(value or [])
        for i in range(w.count()):
            item = w.item(i)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in chosen
                else Qt.CheckState.Unchecked
            )
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(value or "")
    elif isinstance(w, QLineEdit):
        w.setText(value or "")
