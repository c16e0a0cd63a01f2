"""Pick a village or a specialist by typing Chinese, pinyin or pinyin initials.

``PinyinPicker`` is a line edit with a popup of matching names: typing ``cc``
lists the villages of 赤城县; Enter or a click picks one.  ``current_id()``
is the picked id (None while the text names nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from ...search import matches, search_key

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class _KeyFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.query = ""

    def set_query(self, query: str) -> None:
        self.query = query
        self.invalidateRowsFilter()  # Qt 6.8 (pinned): begin/endFilterChange came in 6.10

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.query.strip():
            return True
        key = self.sourceModel().index(row, 0, parent).data(KEY_ROLE) or ""
        return matches(key, self.query)


class PinyinPicker(QLineEdit):
    """A searchable choice of one item among (id, label, search texts)."""

    picked = Signal(object)  # the id, or None when cleared

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items = QStandardItemModel(self)
        self._proxy = _KeyFilter(self)
        self._proxy.setSourceModel(self._items)
        self._labels: dict[str, str] = {}
        self._current: str | None = None
        self._completer = QCompleter(self)
        self._completer.setModel(self._proxy)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._on_edited)
        self.editingFinished.connect(self._on_finished)

    def set_items(self, items: Iterable[tuple[str, str, Sequence[str | None]]]) -> None:
        """``items``: (id, label shown, texts searched: label, township, county, ...)."""
        self._items.clear()
        self._labels = {}
        rows = []
        for item_id, label, texts in items:
            item = QStandardItem(label)
            item.setData(item_id, ID_ROLE)
            item.setData(search_key(label, *texts), KEY_ROLE)
            item.setEditable(False)
            rows.append(item)
            self._labels[item_id] = label
        # One insertion (a province has 40,000 villages): row by row costs seconds.
        self._items.invisibleRootItem().appendRows(rows)
        if self._current not in self._labels:
            self._current = None

    def current_id(self) -> str | None:
        return self._current

    def set_current_id(self, item_id: str | None) -> None:
        self._current = item_id if item_id in self._labels else None
        self.setText(self._labels.get(item_id or "", ""))

    def matching_ids(self, query: str) -> list[str]:
        self._proxy.set_query(query)
        return [self._proxy.index(r, 0).data(ID_ROLE) for r in range(self._proxy.rowCount())]

    def popup_visible(self) -> bool:
        return self._completer.popup().isVisible()

    def _on_edited(self, text: str) -> None:
        self._proxy.set_query(text)
        if self._current is not None and text != self._labels.get(self._current):
            self._current = None
            self.picked.emit(None)
        if text.strip():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        item_id = index.data(ID_ROLE)
        self._current = item_id
        self.setText(self._labels.get(item_id, ""))
        self.picked.emit(item_id)

    def _on_finished(self) -> None:
        text = self.text().strip()
        if self._current is not None or not text:
            return
        # Typed text that names exactly one item (or is exactly a label) picks it.
        exact = [i for i, label in self._labels.items() if label == text]
        found = exact or self.matching_ids(text)
        if len(found) == 1:
            self._current = found[0]
            self.setText(self._labels[found[0]])
            self.picked.emit(found[0])
