"""Small widget builders every page shares, so pages look alike and say it once."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget


def page_heading(parent: QWidget) -> QLabel:
    """The bold title at the top of a page: 1.5 × the system font, so it follows DPI and
    the user's font size (text is set by the page's retranslate())."""
    label = QLabel(parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label
