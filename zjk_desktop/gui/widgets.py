"""Small widget builders every page shares, so pages look alike and say it once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .models import ListTableModel, PinyinFilterProxy


def page_heading(parent: QWidget) -> QLabel:
    """The bold title at the top of a page: 1.5 × the system font, so it follows DPI and
    the user's font size (text is set by the page's retranslate())."""
    label = QLabel(parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def scrolling_body(page: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A page whose content scrolls when the window is small: returns (body, its layout)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.NoFrame)
    outer.addWidget(scroll)
    body = QWidget(scroll)
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(16, 12, 16, 12)
    return body, layout


def searchable_table(
    parent: QWidget,
    *,
    sort_column: int,
    order: Qt.SortOrder,
    selection: QAbstractItemView.SelectionMode,
) -> tuple[ListTableModel, PinyinFilterProxy, QTableView]:
    """A read-only row table over a ``ListTableModel`` behind a pinyin-aware filter."""
    model = ListTableModel(parent=parent)
    proxy = PinyinFilterProxy(parent)
    proxy.setSourceModel(model)
    table = QTableView(parent)
    table.setModel(proxy)
    table.horizontalHeader().setResizeContentsPrecision(200)  # size columns on a sample
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return model, proxy, table
