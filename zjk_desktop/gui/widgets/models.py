"""Table models over the store: record lists (paged, a million rows) and small roster lists.

``RecordTableModel`` holds only the rowids of the records the filter selects, in
display order (``zjk_desktop.search.find_record_rowids``: filtering, search and
sorting happen in SQL; 8 bytes a record) and reads the rows themselves in pages
of ``PAGE_SIZE`` when the view asks for them, keeping a bounded cache — a
province's million visits open in about a second and scroll a page at a time.
Reads go through ``zjk_desktop.queries``; writes never happen here.
"""

from __future__ import annotations

import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ... import i18n, queries
from ...display import display_value, field_header, format_number
from ...domain.entities import FieldSpec, entity
from ...scope import Scope
from ...search import (
    RecordFilter,
    find_record_rowids,
    full_pinyin,
    matches,
    roster_index,
    search_key,
)
from ...store import Store

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

RETURNED_BRUSH = QBrush(QColor(255, 226, 220))
SUBMITTED_BRUSH = QBrush(QColor(255, 248, 214))


def read_record_rows(
    store: Store, kind: str, ids: Sequence[str], names: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Raw column values of the records ``ids`` (any order), keyed by id."""
    return queries.read_rows(store, kind, list(ids), list(names))


def positions(rowids: Sequence[int], wanted: Iterable[int]) -> dict[int, int]:
    """{rowid: position in ``rowids``} for the ``wanted`` rowids present (one pass)."""
    wanted = set(wanted)
    found: dict[int, int] = {}
    if not wanted:
        return found
    for position, rowid in enumerate(rowids):
        if rowid in wanted:
            found[rowid] = position
            if len(found) == len(wanted):
                break
    return found


class RecordTableModel(QAbstractTableModel):
    """Paged rows of one record kind, filtered, searched and sorted in SQL."""

    def __init__(self, store: Store, kind: str, scope: Scope, parent=None, *, load: bool = True):
        """``load=False``: empty until the first ``reload`` (a page sets its filters first:
        at province scale each query is a second)."""
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.spec = entity(kind)
        self.scope = scope
        self.columns: list[FieldSpec] = self.spec.list_fields()
        self.filter = RecordFilter()
        self.sort_column = "date"
        self.descending = True
        self._rowids: array.array[int] = array.array("q")
        self._pages: OrderedDict[int, dict[int, dict[str, Any]]] = OrderedDict()
        self._index = roster_index(store)
        self._loaded = False
        if load:
            self.reload()

    # -------------------------------------------------------------- loading
    def _query(self) -> array.array[int]:
        return find_record_rowids(
            self.store,
            self.kind,
            self.scope,
            self.filter,
            sort_column=self.sort_column,
            descending=self.descending,
            language=i18n.get_language(),
        )

    def reload(self) -> None:
        """Re-run the query (after a filter/sort change or a write elsewhere)."""
        self.beginResetModel()
        self._index = roster_index(self.store)
        self._rowids = self._query()
        self._loaded = True
        self._pages.clear()
        self.endResetModel()

    def set_filter(self, flt: RecordFilter) -> None:
        self.filter = flt
        self.reload()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self._rowids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rowids) - 1, len(self.columns) - 1)
            )

    def _page(self, page: int) -> dict[int, dict[str, Any]]:
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
            return rows
        rowids = self._rowids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        names = [*(f.name for f in self.columns), "review_comment", "_conflicts"]
        rows = queries.read_rows_at(self.store, self.kind, rowids, names)
        self._pages[page] = rows
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return rows

    def row_values(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < len(self._rowids):
            return None
        return self._page(row // PAGE_SIZE).get(self._rowids[row])

    # ------------------------------------------------------------ accessors
    def record_id(self, row: int) -> str | None:
        values = self.row_values(row)
        return values["id"] if values is not None else None

    def row_of(self, record_id: str) -> int:
        return self.rows_of([record_id]).get(record_id, -1)

    def rows_of(self, record_ids: Sequence[str]) -> dict[str, int]:
        """{record id: row} of those ``record_ids`` the list shows."""
        rowids = queries.rowids_of(self.store, self.kind, record_ids)
        found = positions(self._rowids, rowids.values())
        return {rid: found[rowid] for rid, rowid in rowids.items() if rowid in found}

    def rowids(self) -> array.array[int]:
        """The rows shown, as rowids in display order (for export on the worker thread)."""
        return array.array("q", self._rowids)

    def ids(self, limit: int | None = None) -> list[str]:
        """Record ids of the rows shown (the first ``limit``), in display order."""
        rowids = self._rowids if limit is None else self._rowids[:limit]
        out: list[str] = []
        for start in range(0, len(rowids), 1000):
            chunk = rowids[start : start + 1000]
            rows = queries.read_rows_at(self.store, self.kind, chunk, [])
            out.extend(rows[r]["id"] for r in chunk if r in rows)
        return out

    def display(self, f: FieldSpec, value: Any, *, full: bool = False) -> str:
        return display_value(f, value, self._index, full=full)

    def headers(self) -> list[str]:
        return [field_header(f) for f in self.columns]

    # --------------------------------------------------------- model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return field_header(self.columns[section])
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            not index.isValid()
            or index.row() >= len(self._rowids)
            or index.column() >= len(self.columns)
        ):
            return None
        f = self.columns[index.column()]
        values = self.row_values(index.row())
        if values is None:  # deleted since the rowids were read
            return None
        if role == ID_ROLE:
            return values["id"]
        value = values.get(f.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(f, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            state = values.get("review_state")
            if state == "returned" and values.get("review_comment"):
                return values["review_comment"]
            if f.type == "text" and value:
                return str(value)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            state = values.get("review_state")
            if state == "returned":
                return RETURNED_BRUSH
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if f.type in ("int", "float"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        sort_column = self.columns[column].name
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort_column, descending) == (self.sort_column, self.descending) and self._loaded:
            return  # the rows are in this order already
        self.sort_column, self.descending = sort_column, descending
        if not self._loaded:
            return  # the first reload sorts them
        self.layoutAboutToBeChanged.emit()
        old = self._rowids
        self._rowids = self._query()
        self._pages.clear()
        # Persistent indexes (the selection) follow their records.
        persistent = self.persistentIndexList()
        if persistent:
            before = {idx.row(): old[idx.row()] for idx in persistent if idx.row() < len(old)}
            after = positions(self._rowids, before.values())
            for idx in persistent:
                rowid = before.get(idx.row())
                new_row = after.get(rowid, -1) if rowid is not None else -1
                if new_row < 0:
                    self.changePersistentIndex(idx, QModelIndex())
                else:
                    self.changePersistentIndex(idx, self.index(new_row, idx.column()))
        self.layoutChanged.emit()


class ListTableModel(QAbstractTableModel):
    """A small in-memory table (villages, specialists, review queue) with a search key per row."""

    def __init__(self, headers: list[str] | None = None, parent=None):
        super().__init__(parent)
        self._headers: list[str] = headers or []
        self._rows: list[list[Any]] = []
        self._ids: list[str] = []
        self._keys: list[str] = []
        self._brushes: list[QBrush | None] = []
        self._tips: list[str | None] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_headers(self, headers: list[str]) -> None:
        if len(headers) != len(self._headers):
            self.beginResetModel()
            self._headers = list(headers)
            self.endResetModel()
        else:
            self._headers = list(headers)
            if headers:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def set_rows(
        self,
        rows: list[tuple[str, list[Any]]],
        keys: list[str] | None = None,
        brushes: list[QBrush | None] | None = None,
        tips: list[str | None] | None = None,
    ) -> None:
        """``rows``: (id, cell values); ``keys``: search keys (default: from the cells)."""
        self.beginResetModel()
        self._ids = [r[0] for r in rows]
        self._rows = [list(r[1]) for r in rows]
        self._keys = keys or [search_key(*(str(c) for c in r[1] if c is not None)) for r in rows]
        self._brushes = brushes or [None] * len(rows)
        self._tips = tips or [None] * len(rows)
        if self._sort is not None and self._rows:
            self._apply_sort(*self._sort)
        self.endResetModel()

    def record_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if index.column() >= len(row):
            return None
        value = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, bool):
                return "✓" if value else ""
            return format_number(value) if isinstance(value, (int, float)) else (value or "")
        if role == SORT_ROLE:
            return _sort_key(value)
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == SEARCH_ROLE:
            return self._keys[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()]
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key per row (names in pinyin order, empty cells last)."""
        if not 0 <= column < len(self._headers):
            return
        self._sort = (column, order)
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        permutation = self._apply_sort(column, order)
        persistent = self.persistentIndexList()
        if persistent:
            position = {old: new for new, old in enumerate(permutation)}
            for idx in persistent:
                new_row = position.get(idx.row(), -1) if idx.row() < len(old_ids) else -1
                self.changePersistentIndex(
                    idx, self.index(new_row, idx.column()) if new_row >= 0 else QModelIndex()
                )
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Reorder the rows (no signals); returns the permutation applied (new → old row)."""
        keys = [_sort_key(row[column] if column < len(row) else None) for row in self._rows]
        filled = [i for i, k in enumerate(keys) if k != (2, "")]
        empty = [i for i, k in enumerate(keys) if k == (2, "")]
        filled.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        permutation = filled + empty
        self._ids = [self._ids[i] for i in permutation]
        self._rows = [self._rows[i] for i in permutation]
        self._keys = [self._keys[i] for i in permutation]
        self._brushes = [self._brushes[i] for i in permutation]
        self._tips = [self._tips[i] for i in permutation]
        return permutation


def _sort_key(value: Any) -> tuple:
    if isinstance(value, bool):
        return (0, float(value))
    if isinstance(value, (int, float)):
        return (0, float(value))
    if value is None or value == "":
        return (2, "")
    return (1, full_pinyin(str(value)), str(value))


class PinyinFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose search key (``SEARCH_ROLE``) matches every typed word.

    Sorting is the source model's (one key per row computed in Python, far
    faster than the proxy asking ``data()`` for every comparison); the proxy
    keeps the source's order.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_query(self, text: str) -> None:
        self._query = text or ""
        self.invalidateRowsFilter()  # Qt 6.8 (pinned): begin/endFilterChange came in 6.10

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._query.strip():
            return True
        model = self.sourceModel()
        key = model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or ""
        return matches(key, self._query)
