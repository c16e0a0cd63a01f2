"""A list of one record kind: filter bar, pinyin search, lazy table, actions, export."""

from __future__ import annotations

import csv
import datetime as _dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...display import (
    column_kind,
    display_value,
    export_fields,
    field_header,
    format_number,
    record_columns,
)
from ...domain.entities import entity
from ...domain.enums import INDUSTRIES, REVIEW_STATES
from ...scope import Scope
from ...search import RecordFilter, roster_index
from ...store import Store, StoreError
from ..context import AppContext
from ..widgets import page_heading
from ..widgets.models import RecordTableModel, read_record_rows
from ..widgets.pickers import PinyinPicker

log = logging.getLogger(__name__)

EXPORT_CHUNK = 500


def export_records(
    store: Store,
    kind: str,
    ids: Sequence[str] | None,
    path: Path,
    language: str,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    *,
    rowids: Sequence[int] | None = None,
    scope: Scope | None = None,
    flt: RecordFilter | None = None,
) -> int:
    """Write the records ``ids`` (or the records at ``rowids``; in that order) as shown in
    the list to .xlsx or .csv.

    Qt-free so it runs on the worker thread with the worker's own store.
    ``scope`` and ``flt`` (the page's scope and filter bar) are named above the workbook's
    table: whose records, which dates, which review states.
    Returns the number of rows written.
    """
    keys: Sequence[Any] = rowids if rowids is not None else (ids or [])
    from ...reports.excel import Sheet, write_workbook  # openpyxl: loaded by the first export

    spec = entity(kind)
    fields = export_fields(kind)  # every author field, not only the list's columns
    columns = record_columns(fields, language)
    typed = {f.name for f in fields if column_kind(f) != "text"}
    index = roster_index(store)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    written = 0

    def rows():
        nonlocal written
        for start in range(0, len(keys), EXPORT_CHUNK):
            if should_cancel and should_cancel():
                from ..tasks import Cancelled

                raise Cancelled()
            chunk = keys[start : start + EXPORT_CHUNK]
            names = [f.name for f in fields]
            data: dict[Any, dict[str, Any]] = (
                dict(queries.read_rows_at(store, kind, chunk, names))
                if rowids is not None
                else dict(read_record_rows(store, kind, chunk, names))
            )
            for rid in chunk:
                values = data.get(rid)
                if values is None:
                    continue
                written += 1
                yield [
                    values.get(f.name)
                    if f.name in typed
                    else display_value(f, values.get(f.name), index, full=True, language=language)
                    for f in fields
                ]
            if progress:
                progress(min(start + EXPORT_CHUNK, len(keys)), len(keys))

    try:
        if path.suffix.lower() == ".csv":
            # UTF-8 with BOM: Excel on Chinese Windows opens it without garbling.
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([c.label for c in columns])
                writer.writerows(
                    [
                        format_number(v) if f.name in typed else v
                        for f, v in zip(fields, row, strict=True)
                    ]
                    for row in rows()
                )
        else:
            # The reports' writer: numbers stay numbers and user text stays text
            # (a visit whose content starts with "=" is never a formula).
            sheet = Sheet(
                name=spec.label(language),
                title=spec.plural(language),
                columns=columns,
                rows=rows(),
                meta=_export_meta(store, kind, scope, flt or RecordFilter(), language),
            )
            write_workbook(tmp, [sheet])
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return written


def _export_meta(
    store: Store,
    kind: str,
    scope: Scope | None,
    flt: RecordFilter,
    language: str,
) -> list[str]:
    """Scope, period, filters and review states of an export, named as people name them."""
    from ...reports.excel import record_list_meta

    spec = entity(kind)
    index = roster_index(store)
    scope_name = ""
    if scope is not None and scope.kind == "specialist":
        scope_name = index.specialists.name(scope.specialist_id)
    elif scope is not None and scope.org_id:
        org = store.get("org_unit", scope.org_id)
        scope_name = str(org.get("name") or "") if org else ""

    def label(name: str) -> str:
        f = spec.field(name)
        return f.label(language) if f is not None else name

    picked = [
        ("village_id", index.villages.name(flt.village_id)),
        ("specialist_id", index.specialists.name(flt.specialist_id)),
        ("industry", INDUSTRIES.label(flt.industry, language) if flt.industry else ""),
    ]
    filters = [
        f"{label(name)}：{value}" if language == "zh_CN" else f"{label(name)}: {value}"
        for name, value in picked
        if value
    ]
    if flt.text.strip():
        filters.append(i18n.t("report.xlsx.search", language, value=flt.text.strip()))
    state_field = spec.field("review_state")
    return record_list_meta(
        scope_name,
        flt.date_from,
        flt.date_to,
        filters,
        REVIEW_STATES.label(flt.review_state, language) if flt.review_state else None,
        [c.label(language) for c in REVIEW_STATES],
        field_header(state_field, language) if state_field is not None else "",
        language,
    )


PRINT_LIMIT = 3000  # rows a printed list holds; longer periods are what the reports are for


def list_rows(
    store: Store, kind: str, ids: Sequence[str], language: str
) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the list's columns for ``ids``, as shown on screen (for printing)."""
    spec = entity(kind)
    fields = spec.list_fields()
    index = roster_index(store)
    rows = []
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[start : start + EXPORT_CHUNK]
        data = read_record_rows(store, kind, chunk, [f.name for f in fields])
        for rid in chunk:
            values = data.get(rid)
            if values is not None:
                rows.append(
                    [display_value(f, values.get(f.name), index, language=language) for f in fields]
                )
    return [field_header(f, language).replace("\n", " ") for f in fields], rows


class RecordListPage(QWidget):
    """Visits, extension or trainings: filters, search, table, New/Edit/Delete/History/Export."""

    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.spec = entity(kind)
        self._settings_key = f"records/{kind}"

        self.title = page_heading(self)
        self.count_label = QLabel(self)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.period = QComboBox(self)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
        self.village = PinyinPicker(self)
        self.specialist = PinyinPicker(self)
        self.industry = QComboBox(self)
        self.state = QComboBox(self)
        self.clear_button = QPushButton(self)

        self.model = RecordTableModel(ctx.store, kind, ctx.scope, self, load=False)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self._default_widths()

        self.new_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.history_button = QPushButton(self)
        self.conflict_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printList")
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("previewList")
        self.new_button.setDefault(False)

        filters1 = QHBoxLayout()
        filters1.addWidget(self.search, 3)
        filters1.addWidget(self.period, 1)
        filters1.addWidget(self.date_from)
        filters1.addWidget(self.date_to)
        filters2 = QHBoxLayout()
        filters2.addWidget(self.village, 2)
        filters2.addWidget(self.specialist, 2)
        filters2.addWidget(self.industry, 1)
        filters2.addWidget(self.state, 1)
        filters2.addWidget(self.clear_button)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.history_button,
            self.conflict_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters1)
        layout.addLayout(filters2)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        # Typing in the search box waits for a pause before the query runs.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.period.currentIndexChanged.connect(self._on_period)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filters())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filters())
        self.village.picked.connect(lambda _v: self.apply_filters())
        self.specialist.picked.connect(lambda _v: self.apply_filters())
        self.industry.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.state.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.history_button.clicked.connect(self.show_history)
        self.conflict_button.clicked.connect(self.resolve_conflicts)
        self.export_button.clicked.connect(self.export_visible)
        self.print_button.clicked.connect(lambda: self.print_list(preview=False))
        self.preview_button.clicked.connect(lambda: self.print_list(preview=True))
        self._print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        self._print_shortcut.activated.connect(lambda: self.print_list(preview=False))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_count)
        header.sortIndicatorChanged.connect(lambda *_: self._save_layout())
        header.sectionResized.connect(lambda *_: self._save_layout_later())
        header.sectionMoved.connect(lambda *_: self._save_layout())
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.setInterval(500)
        self._layout_timer.timeout.connect(self._save_layout)

        self._shortcuts = []
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.New), self.new_record),
            (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        ctx.events.records_changed.connect(self._on_records_changed)
        ctx.events.roster_changed.connect(self.refresh)
        ctx.events.sync_done.connect(self.refresh)
        ctx.events.language_changed.connect(lambda _lang: self.retranslate())
        self._restore_layout()
        self._fill_pickers()
        self.retranslate()
        self._on_period()
        self._update_buttons()

    # ------------------------------------------------------------- texts
    def retranslate(self) -> None:
        lang = i18n.get_language()
        self.title.setText(entity(self.kind).plural(lang))  # as in the sidebar
        self.search.setPlaceholderText(self.tr("Search: name, pinyin or initials (e.g. cc)"))
        self.village.setPlaceholderText(self.tr("All villages"))
        self.specialist.setPlaceholderText(self.tr("All specialists"))
        self._fill_combo(
            self.period,
            [
                ("all", self.tr("All dates")),
                ("month", self.tr("This month")),
                ("30", self.tr("Last 30 days")),
                ("year", self.tr("This year")),
                ("custom", self.tr("Date range…")),
            ],
        )
        self._fill_combo(
            self.industry,
            [("", self.tr("All industries"))] + [(c.code, c.label(lang)) for c in INDUSTRIES],
        )
        self._fill_combo(
            self.state,
            [("", self.tr("All review states"))] + [(c.code, c.label(lang)) for c in REVIEW_STATES],
        )
        self.clear_button.setText(self.tr("Clear filters"))
        self.new_button.setText(self.tr("New"))
        self.new_button.setToolTip(self.tr("New record (Ctrl+N)"))
        self.edit_button.setText(self.tr("Edit"))
        self.delete_button.setText(self.tr("Delete"))
        self.history_button.setText(self.tr("History"))
        self.conflict_button.setText(self.tr("Resolve conflict"))
        self.print_button.setText(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Print the rows shown (Ctrl+P)"))
        self.preview_button.setText(self.tr("Print preview…"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the rows shown to Excel (.xlsx) or CSV"))
        self.date_from.setToolTip(self.tr("From"))
        self.date_to.setToolTip(self.tr("To"))
        self.model.retranslate()
        if not self.ctx.settings.value(f"{self._settings_key}/header"):
            self._default_widths()
        self._fit_header_height()
        self._update_count()

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, label in items:
            combo.addItem(label, code)
        position = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(position, 0))
        combo.blockSignals(False)

    def _fill_pickers(self) -> None:
        index = roster_index(self.ctx.store)
        scope = self.ctx.scope
        in_scope = set(queries.villages_in_scope(self.ctx.store, scope))
        self.village.set_items(
            (vid, index.villages.name(vid), _path_texts(index, vid))
            for vid in sorted(in_scope, key=index.villages.sort_key)
        )
        people = queries.specialists_in_scope(self.ctx.store, scope)
        self.specialist.set_items(
            (sid, index.specialists.name(sid), ())
            for sid in sorted(people, key=index.specialists.sort_key)
        )

    def _update_count(self) -> None:
        total = self.model.rowCount()
        self.count_label.setText(self.tr("%1 records").replace("%1", f"{total:,}"))

    # ----------------------------------------------------------- filters
    def current_filter(self) -> RecordFilter:
        flt = RecordFilter(
            village_id=self.village.current_id(),
            specialist_id=self.specialist.current_id(),
            industry=self.industry.currentData() or None,
            review_state=self.state.currentData() or None,
            text=self.search.text(),
        )
        period = self.period.currentData()
        today = _dt.date.today()
        if period == "month":
            flt.date_from = today.replace(day=1).isoformat()
        elif period == "30":
            flt.date_from = (today - _dt.timedelta(days=30)).isoformat()
        elif period == "year":
            flt.date_from = today.replace(month=1, day=1).isoformat()
        elif period == "custom":
            flt.date_from = self.date_from.date().toString("yyyy-MM-dd")
            flt.date_to = self.date_to.date().toString("yyyy-MM-dd")
        return flt

    def _on_period(self, *_args: Any) -> None:
        custom = self.period.currentData() == "custom"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        if custom and self.date_from.date() == self.date_to.date():
            self.date_from.setDate(QDate.currentDate().addMonths(-1))
        self.apply_filters()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        selected = self.selected_ids()
        self.model.set_filter(self.current_filter())
        self._reselect(selected)
        self._update_buttons()

    def clear_filters(self) -> None:
        for widget in (
            self.search,
            self.village,
            self.specialist,
            self.industry,
            self.state,
            self.period,
        ):
            widget.blockSignals(True)
        self.search.clear()
        self.village.set_current_id(None)
        self.specialist.set_current_id(None)
        self.industry.setCurrentIndex(0)
        self.state.setCurrentIndex(0)
        self.period.setCurrentIndex(0)
        for widget in (
            self.search,
            self.village,
            self.specialist,
            self.industry,
            self.state,
            self.period,
        ):
            widget.blockSignals(False)
        self._on_period()

    def focus_item(self, arg: str) -> None:
        """From the dashboard: a village id filters by village; "returned" shows returned records."""
        if arg in REVIEW_STATES:
            self.state.setCurrentIndex(max(self.state.findData(arg), 0))
        elif self.ctx.store.get("org_unit", arg):
            self.village.set_current_id(arg)
            self.apply_filters()
        elif self.ctx.store.get(self.kind, arg):
            self.select_record(arg)

    # ---------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [rid for rid in (self.model.record_id(r) for r in rows) if rid]

    def select_record(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _reselect(self, ids: list[str]) -> None:
        selection = self.table.selectionModel()
        for row in self.model.rows_of(ids[:200]).values():
            if row >= 0:
                selection.select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _update_buttons(self) -> None:
        ids = self.selected_ids()
        one = len(ids) == 1
        self.edit_button.setEnabled(one)
        self.history_button.setEnabled(one)
        self.delete_button.setEnabled(bool(ids))
        has_conflict = one and bool(self.ctx.store.conflicts(ids[0]))
        self.conflict_button.setVisible(has_conflict)
        self.export_button.setEnabled(self.model.rowCount() > 0)
        self.print_button.setEnabled(self.model.rowCount() > 0)
        self.preview_button.setEnabled(self.model.rowCount() > 0)

    # ------------------------------------------------------------ actions
    def new_record(self) -> None:
        from ..dialogs.record_dialog import RecordFormDialog

        dialog = RecordFormDialog(self.ctx, self.kind, None, self)
        flt = self.current_filter()
        dialog.preset(
            village_id=flt.village_id, specialist_id=flt.specialist_id, industry=flt.industry
        )
        if dialog.exec() and dialog.saved_id:
            self.select_record(dialog.saved_id)

    def open_record(self, record_id: str) -> None:
        from ..dialogs.record_dialog import RecordFormDialog

        self.select_record(record_id)
        try:
            dialog = RecordFormDialog(self.ctx, self.kind, record_id, self)
        except StoreError as exc:  # deleted meanwhile (e.g. by an import)
            QMessageBox.warning(self, self.spec.label(i18n.get_language()), str(exc))
            self.refresh()
            return
        dialog.exec()

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_record(ids[0])

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text = self.tr(
            "Delete %1 record(s)? The deletion is kept in the history and sent with the next sync."
        ).replace("%1", str(len(ids)))
        answer = QMessageBox.question(
            self,
            self.tr("Delete"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from ...store import Change

        try:
            self.ctx.store.write([Change(self.kind, "delete", {}, rid) for rid in ids])
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("Delete"), str(exc))
            return
        self.ctx.events.records_changed.emit(self.kind)

    def show_history(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        from ..dialogs.history_dialog import HistoryDialog

        HistoryDialog(self.ctx, self.kind, ids[0], self).exec()

    def resolve_conflicts(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        from ..dialogs.conflict_dialog import ConflictDialog

        if ConflictDialog(self.ctx, ids[0], self).exec():
            self.ctx.events.records_changed.emit(self.kind)

    def print_document(self):
        """The rows shown, as a printable table titled with the page and its filters."""
        from ..printing import table_document

        total = self.model.rowCount()
        language = i18n.get_language()
        shown = self.model.ids(PRINT_LIMIT)
        headers, rows = list_rows(self.ctx.store, self.kind, shown, language)
        title = self.spec.label(language)
        parts = [self.count_label.text()] if hasattr(self, "count_label") else []
        if total > len(shown):
            parts.append(
                self.tr("first %1 of %2 rows")
                .replace("%1", f"{len(shown):,}")
                .replace("%2", f"{total:,}")
            )
        parts.append(self.tr("printed %1").replace("%1", _dt.date.today().isoformat()))
        return table_document(title, " · ".join(p for p in parts if p), headers, rows)

    def print_list(self, preview: bool = False) -> None:
        """打印 / 打印预览 of the list as filtered."""
        from .. import printing

        if not self.model.rowCount():
            return
        document = self.print_document()
        title = self.spec.label(i18n.get_language())
        paint = lambda printer: printing.paint_document(document, printer)  # noqa: E731
        if preview:
            printing.preview(self, title, paint)
        else:
            printing.print_now(self, title, paint)

    def export_visible(self) -> None:
        rowids = self.model.rowids()
        if not rowids:
            return
        stamp = _dt.date.today().strftime("%Y%m%d")
        suggested = str(Path.home() / f"{self.spec.label(i18n.get_language())}-{stamp}.xlsx")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export rows"),
            suggested,
            self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        language = i18n.get_language()
        kind = self.kind
        scope, flt = self.ctx.scope, self.current_filter()

        def job(store, progress, should_cancel):
            return export_records(
                store,
                kind,
                None,
                target,
                language,
                progress,
                should_cancel,
                rowids=rowids,
                scope=scope,
                flt=flt,
            )

        def done(result: int, error: BaseException | None) -> None:
            if error is None:
                self.export_done = target
                QMessageBox.information(
                    self,
                    self.tr("Export rows"),
                    self.tr("%1 rows saved to %2")
                    .replace("%1", f"{result:,}")
                    .replace("%2", str(target)),
                    QMessageBox.StandardButton.Ok,
                )

        self.ctx.tasks.run(job, done, title=self.tr("Exporting…"), parent=self)

    # ------------------------------------------------------------- refresh
    def refresh(self, pickers: bool = True) -> None:
        selected = self.selected_ids()
        self.model.scope = self.ctx.scope
        if pickers:
            self._fill_pickers()
        self.model.reload()
        self._reselect(selected)
        self._update_buttons()

    def _on_records_changed(self, kind: str) -> None:
        if kind in ("", self.kind):
            # A record saved or deleted: the villages and specialists to pick are the same
            # (refilling them costs seconds with a province's 40,000 villages).
            self.refresh(pickers=False)

    # -------------------------------------------------------------- layout
    def _default_widths(self) -> None:
        widths = {
            "date": 100,
            "village_id": 110,
            "specialist_id": 80,
            "content": 320,
            "topic": 260,
            "name": 200,
            "review_state": 80,
        }
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        lang = i18n.get_language()
        for column, f in enumerate(self.model.columns):
            title = field_header(f)
            # Long English number headers ("Demonstration area (mu)") go onto two lines.
            title_width = metrics.horizontalAdvance(title)
            if f.type in ("int", "float") and title_width > 100:
                title_width = _two_line_width(metrics, title)
            width = max(widths.get(f.name, 80), title_width + 28)
            if f.enum is not None:
                width = max(
                    width, max(metrics.horizontalAdvance(c.label(lang)) for c in f.enum) + 16
                )
            self.table.setColumnWidth(column, min(width, 260))
            if f.name == self.model.spec.title_field:
                # The free-text column takes the room the others leave.
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _fit_header_height(self) -> None:
        """Two header lines when a column is too narrow for its title on one line."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        wraps = any(
            metrics.horizontalAdvance(field_header(f)) + 24 > header.sectionSize(column)
            for column, f in enumerate(self.model.columns)
            if not header.isSectionHidden(column)
        )
        header.setMinimumHeight(2 * metrics.height() + 8 if wraps else 0)

    def _save_layout_later(self) -> None:
        self._fit_header_height()
        self._layout_timer.start()

    def _save_layout(self) -> None:
        self.ctx.settings.setValue(
            f"{self._settings_key}/header", self.table.horizontalHeader().saveState()
        )

    def _restore_layout(self) -> None:
        state = self.ctx.settings.value(f"{self._settings_key}/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.table.horizontalHeader().restoreState(state)
            header = self.table.horizontalHeader()
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())


def _two_line_width(metrics, text: str) -> int:
    """Width ``text`` needs when broken onto at most two lines at the best space."""
    best = metrics.horizontalAdvance(text)
    words = text.split(" ")
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        best = min(best, max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second)))
    return best


def _path_texts(index, village_id: str) -> list[str]:
    township = index.village_township.get(village_id)
    texts = [index.townships.name(township)] if township else []
    return texts
