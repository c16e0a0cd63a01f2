"""Small widget builders every page shares, so pages look alike and say it once."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication, QScreen
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

if TYPE_CHECKING:  # imported where a table is built: the main window's first paint needs
    # this package but not the models (queries, search and the store behind them)
    from .models import ListTableModel, PinyinFilterProxy

# What a window manager adds around a window (title bar, borders) before the frame is known.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None) -> QRect:
    """The part of the widget's screen a window may use (without task bars and panels)."""
    # Both can be None (no screen yet, offscreen start): the stubs do not say so.
    screen: QScreen | None = widget.screen() if widget is not None else None
    if screen is None:
        screen = cast("QScreen | None", QGuiApplication.primaryScreen())
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def fit_to_screen(widget: QWidget, area: QRect | None = None) -> None:
    """Shrink and move a (not maximised) window so all of it, frame included, is on screen."""
    if widget.isMaximized() or widget.windowState() & Qt.WindowState.WindowMaximized:
        return
    area = area or available_geometry(widget)
    width = min(widget.width(), area.width() - FRAME_ALLOWANCE.width())
    height = min(widget.height(), area.height() - FRAME_ALLOWANCE.height())
    widget.resize(max(width, 200), max(height, 150))
    parent = widget.parentWidget()
    if parent is not None and parent.isVisible():
        centre = parent.window().frameGeometry().center()
    else:
        centre = area.center()
    x = centre.x() - widget.width() // 2
    y = centre.y() - (widget.height() + FRAME_ALLOWANCE.height()) // 2
    x = max(area.left(), min(x, area.right() - widget.width() - FRAME_ALLOWANCE.width() + 1))
    y = max(area.top(), min(y, area.bottom() - widget.height() - FRAME_ALLOWANCE.height() + 1))
    widget.move(x, y)


def restore_window(widget: QWidget, settings: QSettings | None, key: str, default: QSize) -> None:
    """Size (and maximised state) remembered for ``key``, else ``default``; always on screen."""
    geometry = settings.value(f"windows/{key}") if settings is not None else None
    restored = False
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        restored = bool(widget.restoreGeometry(geometry))
    if not restored:
        widget.resize(default)
    fit_to_screen(widget)


def remember_window(widget: QWidget, settings: QSettings | None, key: str) -> None:
    """Keep the window's size and maximised state for next time (``restore_window``)."""
    if settings is not None:
        settings.setValue(f"windows/{key}", widget.saveGeometry())


def keep_dialog_size(dialog, settings: QSettings | None, key: str, default: QSize) -> None:
    """``restore_window`` now, ``remember_window`` when the dialog closes (any way)."""
    restore_window(dialog, settings, key, default)
    dialog.finished.connect(lambda _result: remember_window(dialog, settings, key))


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
    scroll.setFrameShape(QFrame.Shape.NoFrame)
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
    from .models import ListTableModel, PinyinFilterProxy

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
