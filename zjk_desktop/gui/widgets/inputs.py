"""Fields that take what is typed: numbers never changed silently, dates typed whole.

A ``QSpinBox`` with a "—" special value swallows the first key after a click, drops a
decimal point ("12.5" became 125 in 带动农户) and refuses "-5" without a word.  A
``NumberEdit`` is a line edit: it keeps the text exactly as typed (full-width digits
from a Chinese input method read as ordinary ones), shows the unit at its right edge,
and leaves the judgement to the core's validation (``normalize`` + ``validate``), whose
message appears under the field, e.g. "带动农户应为整数".

A ``QDateEdit`` ignores digits typed after a click (the cursor sits inside a full
section); ``make_date_typable`` selects the clicked section so typing replaces it, and
lets "-", "/", "." or a space move on to the next one: "2026-3-5" and "2026/03/05"
type as they read.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

DATE_SEPARATORS = ("-", "/", ".", " ", "年", "月")


def number_text(text: str) -> str:
    """The typed text with full-width digits and signs made plain ("１２．５" → "12.5")."""
    return unicodedata.normalize("NFKC", text).strip().replace("。", ".")


def format_number(value) -> str:
    """How a stored number is shown for editing: 12 → "12", 3.0 → "3", 12.5 → "12.5"."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if value == value else ""
    return str(value)


class NumberEdit(QLineEdit):
    """A number as text, the unit shown inside the right edge ("12 户")."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("—")
        self.unit_label = QLabel(self)
        self.unit_label.setObjectName("unit")
        self.unit_label.setStyleSheet("color: palette(dark);")
        self.unit_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setMinimumWidth(150)
        self.setMaximumWidth(240)  # a number is short: a full-width box hides it at the far right

    def set_unit(self, unit: str) -> None:
        self.unit_label.setText(unit)
        self.unit_label.setVisible(bool(unit))
        self._place_unit()

    def unit(self) -> str:
        return self.unit_label.text()

    def number_text(self) -> str:
        return number_text(self.text())

    def set_number(self, value) -> None:
        self.setText(format_number(value))

    def _place_unit(self) -> None:
        if not self.unit_label.text():
            self.setTextMargins(0, 0, 0, 0)
            return
        hint = self.unit_label.sizeHint()
        x = self.width() - hint.width() - 6
        self.unit_label.setGeometry(
            x, (self.height() - hint.height()) // 2, hint.width(), hint.height()
        )
        self.setTextMargins(0, 0, hint.width() + 8, 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_unit()


class _TypableDate(QObject):
    def __init__(self, edit: QDateEdit):
        super().__init__(edit)
        self.edit = edit

    def select_current_section(self) -> None:
        edit = self.edit
        edit.setSelectedSection(edit.currentSection())

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease and watched is self.edit.lineEdit():
            QTimer.singleShot(0, self.select_current_section)  # after Qt placed the cursor
        elif kind == QEvent.Type.FocusIn and watched is self.edit:
            QTimer.singleShot(0, self.select_current_section)
        elif kind == QEvent.Type.KeyPress and event.text() in DATE_SEPARATORS:
            edit = self.edit
            index = edit.currentSectionIndex()
            if index + 1 < edit.sectionCount():
                edit.setCurrentSectionIndex(index + 1)
                self.select_current_section()
            return True
        return False


def make_date_typable(edit: QDateEdit) -> None:
    """Typing right after a click replaces the clicked part; separators move to the next part."""
    helper = _TypableDate(edit)
    edit.installEventFilter(helper)
    edit.lineEdit().installEventFilter(helper)
