"""Villages and specialists: searchable lists; the county team adds and edits them and assignments."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...display import list_separator
from ...domain.enums import GENDERS, INDUSTRIES
from ...search import full_pinyin, roster_index, search_key
from ...store import Change, StoreError
from ...store.versions import ValidationFailed
from ..context import AppContext
from ..dialogs.roster_dialog import RosterEditDialog
from ..widgets import page_heading, searchable_table
from ..widgets.models import ID_ROLE
from ..widgets.pickers import PinyinPicker


def township_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """(id, name) of the townships a roster form offers: the county's own, or all; in pinyin order."""
    node = ctx.node
    county = node.org_id if node.org_id and ctx.scope.kind == "county" else None
    rows = queries.township_rows(ctx.store, county)
    return sorted(((r["id"], r["name"]) for r in rows), key=lambda item: full_pinyin(item[1]))


class _RosterPage(QWidget):
    """Shared frame: title, search, table, buttons."""

    STRETCH_COLUMN = 0  # the text column that takes the width left over (never a number column)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = page_heading(self)
        self.count_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.model, self.proxy, self.table = searchable_table(
            self,
            sort_column=0,
            order=Qt.SortOrder.AscendingOrder,
            selection=QAbstractItemView.SelectionMode.SingleSelection,
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 1)
        self.buttons = QHBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(lambda: self.proxy.set_query(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for signal in (
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
        ):
            signal.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        ctx.events.roster_changed.connect(self.refresh)
        ctx.events.sync_done.connect(self.refresh)
        ctx.events.language_changed.connect(lambda _l: self.retranslate())

    @property
    def can_edit(self) -> bool:
        return self.ctx.role == "county"

    def _update_count(self, *_args) -> None:
        self.count_label.setText(self.tr("%1 shown").replace("%1", f"{self.proxy.rowCount():,}"))

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def focus_item(self, item_id: str) -> bool:
        """Select the row of ``item_id`` (clearing the search if it hides it)."""
        for attempt in range(2):
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                if index.data(ID_ROLE) == item_id:
                    self.table.selectionModel().select(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                    return True
            if attempt == 0:
                self.search.clear()
                self.proxy.set_query("")
        return False

    def _resize(self) -> None:
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(max(self.table.columnWidth(column), 60), 240))
        self._content_width = self.table.columnWidth(self.STRETCH_COLUMN)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the width the columns leave free to the text column ``STRETCH_COLUMN``."""
        column = self.STRETCH_COLUMN
        if column >= self.model.columnCount():
            return
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c != column)
        free = self.table.viewport().width() - others
        self.table.setColumnWidth(column, max(getattr(self, "_content_width", 60), free))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _update_buttons(self) -> None:  # pragma: no cover - overridden
        pass

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass


class VillagesPage(_RosterPage):
    """Villages in scope with their specialists and last visit; the county adds and edits them."""

    STRETCH_COLUMN = 7  # Specialists

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.gap = QComboBox(self)
        self.poor_only = QCheckBox(self)
        self.filters.addWidget(self.gap)
        self.filters.addWidget(self.poor_only)
        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.visits_button = QPushButton(self)
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.visits_button)
        self.gap.currentIndexChanged.connect(lambda _i: self.refresh())
        self.poor_only.toggled.connect(lambda _c: self.refresh())
        self.add_button.clicked.connect(self.add_village)
        self.edit_button.clicked.connect(self.edit_village)
        self.visits_button.clicked.connect(self.show_visits)
        self.table.doubleClicked.connect(
            lambda _i: self.edit_village() if self.can_edit else self.show_visits()
        )
        ctx.events.records_changed.connect(lambda _k: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Villages"))
        self.search.setPlaceholderText(self.tr("Search villages: Chinese, pinyin or initials"))
        current = self.gap.currentData()
        self.gap.blockSignals(True)
        self.gap.clear()
        self.gap.addItem(self.tr("All villages"), 0)
        for days in (30, 60, 90):
            self.gap.addItem(self.tr("No visit in %1 days").replace("%1", str(days)), days)
        self.gap.setCurrentIndex(max(self.gap.findData(current), 0) if current is not None else 0)
        self.gap.blockSignals(False)
        self.poor_only.setText(self.tr("Poor villages only"))
        self.add_button.setText(self.tr("Add village…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.visits_button.setText(self.tr("Show visits"))
        self.model.set_headers(
            [
                self.tr("Village"),
                self.tr("Township"),
                self.tr("Division code"),
                self.tr("Poor village"),
                self.tr("Exit year"),
                self.tr("Households"),
                self.tr("Population"),
                self.tr("Specialists"),
                self.tr("Last visit"),
                self.tr("Visits"),
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        store = self.ctx.store
        index = roster_index(store)
        villages = queries.village_rows(store, self.ctx.scope)
        specialists: dict[str, list[str]] = {}
        today = _dt.date.today().isoformat()
        for a in queries.current_assignments(store, today):
            name = index.specialists.name(a["specialist_id"])
            if name:
                specialists.setdefault(a["village_id"], []).append(name)
        visits = queries.visits_by_village(store)
        days = self.gap.currentData() or 0
        cutoff = (_dt.date.today() - _dt.timedelta(days=days)).isoformat() if days else None
        rows, keys = [], []
        for v in villages:
            last, count = visits.get(v["id"], (None, 0))
            if cutoff and last and last >= cutoff:
                continue
            if self.poor_only.isChecked() and not v.get("is_poor"):
                continue
            township = index.townships.name(v.get("parent_id"))
            people = list_separator().join(sorted(specialists.get(v["id"], []), key=full_pinyin))
            rows.append(
                (
                    v["id"],
                    [
                        v["name"],
                        township,
                        v["code"],
                        bool(v.get("is_poor")),
                        str(v.get("exit_year") or ""),
                        v.get("households"),
                        v.get("population"),
                        people,
                        last or "",
                        count,
                    ],
                )
            )
            keys.append(search_key(v["name"], township, v["code"], people))
        selected = self.selected_id()
        self.model.set_rows(rows, keys)
        self._resize()
        if selected:
            self.focus_item(selected)
        self._update_count()
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.add_button.setVisible(self.can_edit)
        self.edit_button.setVisible(self.can_edit)
        self.edit_button.setEnabled(chosen)
        self.visits_button.setEnabled(chosen)

    def _township_choices(self) -> list[tuple[str, str]]:
        return township_choices(self.ctx)

    def _dialog(self, record_id: str | None) -> RosterEditDialog:
        return RosterEditDialog(
            self.ctx,
            "org_unit",
            record_id,
            ["name", "code", "parent_id", "is_poor", "exit_year", "households", "population"],
            self,
            fixed={"level": "village"},
            choices={"parent_id": self._township_choices()},
            labels={"parent_id": self.tr("Township")},  # the core's generic "Parent"
        )

    def add_village(self) -> None:
        dialog = self._dialog(None)
        if dialog.exec() and dialog.saved_id:
            self.refresh()
            self.focus_item(dialog.saved_id)

    def edit_village(self) -> None:
        vid = self.selected_id()
        if vid and self.can_edit:
            dialog = self._dialog(vid)
            if dialog.exec():
                self.refresh()
                self.focus_item(vid)

    def show_visits(self) -> None:
        vid = self.selected_id()
        if vid:
            self.ctx.events.navigate.emit("visit", vid)


class SpecialistsPage(_RosterPage):
    """Specialists in scope, their villages and work; the county edits them and their assignments."""

    STRETCH_COLUMN = 7  # Villages

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.assign_button = QPushButton(self)
        self.end_button = QPushButton(self)
        self.assignments = QListWidget(self)
        self.assignments.setMaximumHeight(110)
        self.assignments_label = QLabel(self)
        # Shown instead of the (empty) list until a specialist with villages is selected.
        self.assignments_hint = QLabel(self)
        self.assignments_hint.setStyleSheet("color: #6b7280; padding: 4px 2px;")
        self.assignments_hint.setObjectName("assignments_hint")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(3, self.assignments_label)
        layout.insertWidget(4, self.assignments)
        layout.insertWidget(5, self.assignments_hint)
        for b in (self.add_button, self.edit_button, self.assign_button, self.end_button):
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)
        self.add_button.clicked.connect(self.add_specialist)
        self.edit_button.clicked.connect(self.edit_specialist)
        self.assign_button.clicked.connect(self.assign_village)
        self.end_button.clicked.connect(self.end_assignment)
        self.table.doubleClicked.connect(lambda _i: self.edit_specialist())
        self.assignments.currentRowChanged.connect(lambda _r: self._update_buttons())
        ctx.events.records_changed.connect(lambda _k: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Specialists"))
        self.search.setPlaceholderText(
            self.tr("Search specialists: name, pinyin, initials, employer")
        )
        self.add_button.setText(self.tr("Add specialist…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.assign_button.setText(self.tr("Assign village…"))
        self.end_button.setText(self.tr("End assignment"))
        self.assignments_label.setText(self.tr("Villages of the selected specialist:"))
        self.model.set_headers(
            [
                self.tr("Name"),
                self.tr("Gender"),
                self.tr("Phone"),
                self.tr("Employer"),
                self.tr("Title"),
                self.tr("Industries"),
                self.tr("Station"),
                self.tr("Villages"),
                self.tr("Records this year"),
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        store = self.ctx.store
        lang = i18n.get_language()
        index = roster_index(store)
        people = queries.specialist_rows(store, self.ctx.scope)
        today = _dt.date.today().isoformat()
        villages: dict[str, list[str]] = {}
        for a in queries.current_assignments(store, today):
            villages.setdefault(a["specialist_id"], []).append(index.villages.name(a["village_id"]))
        year = today[:4] + "-01-01"
        counts = queries.records_by_specialist(store, year)
        rows, keys = [], []
        for p in people:
            inds = list_separator(lang).join(
                INDUSTRIES.label(c, lang) for c in p.get("industries") or []
            )
            station = index.townships.name(p.get("org_id")) or index.villages.name(p.get("org_id"))
            assigned = list_separator(lang).join(sorted(villages.get(p["id"], []), key=full_pinyin))
            gender = GENDERS.label(p.get("gender"), lang) if p.get("gender") else ""
            rows.append(
                (
                    p["id"],
                    [
                        p["name"],
                        gender,
                        p.get("phone") or "",
                        p.get("employer") or "",
                        p.get("title") or "",
                        inds,
                        station,
                        assigned,
                        counts.get(p["id"], 0),
                    ],
                )
            )
            keys.append(
                search_key(
                    p["name"],
                    p.get("employer"),
                    p.get("phone"),
                    station,
                    assigned,
                    p.get("specialty"),
                )
            )
        selected = self.selected_id()
        self.model.set_rows(rows, keys)
        self._resize()
        if selected:
            self.focus_item(selected)
        self._update_count()
        self._update_buttons()

    def _update_buttons(self) -> None:
        sid = self.selected_id()
        for b in (self.add_button, self.edit_button, self.assign_button, self.end_button):
            b.setVisible(self.can_edit)
        self.edit_button.setEnabled(sid is not None)
        self.assign_button.setEnabled(sid is not None)
        self.end_button.setEnabled(self.assignments.currentItem() is not None)
        self._fill_assignments(sid)

    def _fill_assignments(self, sid: str | None) -> None:
        row = self.assignments.currentRow()
        keep = self.assignments.item(row).data(Qt.ItemDataRole.UserRole) if row >= 0 else None
        self.assignments.blockSignals(True)
        self.assignments.clear()
        if sid:
            index = roster_index(self.ctx.store)
            for a in queries.assignments_of(self.ctx.store, sid):
                until = a.get("end_date") or self.tr("now")
                period = f"{a['start_date']} → {until}"
                item = QListWidgetItem(f"{index.villages.name(a['village_id'])}  ({period})")
                item.setData(Qt.ItemDataRole.UserRole, a["id"])
                self.assignments.addItem(item)
                if a["id"] == keep:
                    self.assignments.setCurrentItem(item)
        self.assignments.blockSignals(False)
        self.end_button.setEnabled(self.assignments.currentItem() is not None)
        empty = self.assignments.count() == 0
        self.assignments.setVisible(not empty)
        self.assignments_hint.setVisible(empty)
        self.assignments_hint.setText(
            self.tr("No villages assigned to this specialist yet")
            if sid
            else self.tr("Select a specialist to see the assigned villages")
        )

    def _station_choices(self) -> list[tuple[str, str]]:
        return township_choices(self.ctx)

    def _dialog(self, record_id: str | None) -> RosterEditDialog:
        return RosterEditDialog(
            self.ctx,
            "specialist",
            record_id,
            [
                "name",
                "gender",
                "phone",
                "employer",
                "title",
                "specialty",
                "industries",
                "level",
                "org_id",
            ],
            self,
            choices={"org_id": self._station_choices()},
        )

    def add_specialist(self) -> None:
        dialog = self._dialog(None)
        if dialog.exec() and dialog.saved_id:
            self.refresh()
            self.focus_item(dialog.saved_id)

    def edit_specialist(self) -> None:
        sid = self.selected_id()
        if sid and self.can_edit:
            if self._dialog(sid).exec():
                self.refresh()
                self.focus_item(sid)

    def assign_village(self) -> None:
        sid = self.selected_id()
        if not sid:
            return
        store = self.ctx.store
        index = roster_index(store)
        villages = [r["id"] for r in queries.village_rows(store, self.ctx.scope)]
        dialog = RosterEditDialog(
            self.ctx,
            "assignment",
            None,
            ["village_id", "start_date", "end_date"],
            self,
            fixed={"specialist_id": sid},
        )
        picker: PinyinPicker = dialog.editors["village_id"]  # type: ignore[assignment]
        picker.set_items(
            (vid, index.villages.name(vid), [index.townships.name(index.village_township.get(vid))])
            for vid in sorted(villages, key=index.villages.sort_key)
        )
        picker.setPlaceholderText(self.tr("Type a name, pinyin or initials"))
        if dialog.exec():
            self.refresh()
            self.focus_item(sid)

    def end_assignment(self) -> None:
        row = self.assignments.currentRow()
        sid = self.selected_id()
        if row < 0 or sid is None:
            return
        item = self.assignments.item(row)
        answer = QMessageBox.question(
            self,
            self.tr("End assignment"),
            self.tr("End this assignment today? Past records stay as they are."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.store.write(
                [
                    Change(
                        "assignment",
                        "update",
                        {"end_date": _dt.date.today().isoformat()},
                        item.data(Qt.ItemDataRole.UserRole),
                    )
                ]
            )
        except (ValidationFailed, StoreError) as exc:
            text = (
                "\n".join(p.message() for p in exc.all_errors())
                if isinstance(exc, ValidationFailed)
                else str(exc)
            )
            QMessageBox.warning(self, self.tr("End assignment"), text)
            return
        self.ctx.events.roster_changed.emit()
