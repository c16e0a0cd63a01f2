"""Review queue (township / county): approve, or return with a comment; bulk approve."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...display import display_value, one_line
from ...domain.entities import RECORD_KINDS, entity
from ...domain.enums import REVIEW_STATES
from ...errors import UserError
from ...review import review_records
from ...search import RecordFilter, find_records, roster_index, search_key
from ...store import Change
from ..context import AppContext
from ..widgets import page_heading, searchable_table
from ..widgets.models import ID_ROLE, RETURNED_BRUSH, read_record_rows

REVIEW_FIELDS = ("review_state", "review_comment", "reviewed_by", "reviewed_at")
QUEUE_LIMIT = 20000  # rows held in the queue view at once (newest first)


class ReviewPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = page_heading(self)
        self.count_label = QLabel(self)
        self.kind = QComboBox(self)
        self.state = QComboBox(self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)

        self.model, self.proxy, self.table = searchable_table(
            self,
            sort_column=1,  # newest first
            order=Qt.SortOrder.DescendingOrder,
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
        )
        self.table.horizontalHeader().setStretchLastSection(True)

        self.detail = QTextBrowser(self)
        self.comment_label = QLabel(self)
        self.comment = QPlainTextEdit(self)
        self.comment.setMaximumHeight(90)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.approve_button = QPushButton(self)
        self.return_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undoReview")
        self.undo_button.setVisible(False)
        self.approve_button.setStyleSheet("font-weight: bold;")
        self._undo: list[tuple[str, str, dict[str, Any]]] = []  # the last review, to take back

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.comment_label)
        right_layout.addWidget(self.comment)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.undo_button)
        right_layout.addLayout(message_row)
        actions = QHBoxLayout()
        actions.addWidget(self.approve_button)
        actions.addWidget(self.return_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        right_layout.addLayout(actions)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 350])  # the queue gets the room; details are a side pane

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.state)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(lambda: self.proxy.set_query(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.approve_button.clicked.connect(self.approve_selected)
        self.return_button.clicked.connect(self.return_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.undo_button.clicked.connect(self.undo_last)
        ctx.events.records_changed.connect(lambda _k: self.refresh())
        ctx.events.sync_done.connect(self.refresh)
        ctx.events.roster_changed.connect(self.refresh)
        ctx.events.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()

    # ---------------------------------------------------------------- texts
    def retranslate(self) -> None:
        lang = i18n.get_language()
        self.title.setText(self.tr("Review"))
        self.search.setPlaceholderText(self.tr("Search: Chinese, pinyin or initials"))
        self.comment_label.setText(self.tr("Comment (required when returning):"))
        self.comment.setPlaceholderText(self.tr("e.g. please add the number of households served"))
        self.approve_button.setText(self.tr("Approve selected"))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Take back the review just done"))
        self.return_button.setText(self.tr("Return with comment"))
        self.open_button.setText(self.tr("Open record"))
        for combo, items in (
            (
                self.kind,
                [("", self.tr("All kinds"))] + [(k, entity(k).label(lang)) for k in RECORD_KINDS],
            ),
            (
                self.state,
                [(c, REVIEW_STATES.label(c, lang)) for c in ("submitted", "returned", "approved")],
            ),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, label in items:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
            combo.blockSignals(False)
        self.model.set_headers(
            [
                self.tr("Kind"),
                self.tr("Date"),
                self.tr("Village"),
                self.tr("Specialist"),
                self.tr("Industry"),
                self.tr("Content"),
            ]
        )
        self.refresh()

    def _update_count(self, *_args) -> None:
        self.count_label.setText(self.tr("%1 records").replace("%1", f"{self.proxy.rowCount():,}"))

    # ---------------------------------------------------------------- data
    def refresh(self) -> None:
        store = self.ctx.store
        lang = i18n.get_language()
        index = roster_index(store)
        state = self.state.currentData() or "submitted"
        kinds = [self.kind.currentData()] if self.kind.currentData() else list(RECORD_KINDS)
        selected = set(self.selected())
        rows, keys, brushes, tips = [], [], [], []
        scope = self.ctx.scope
        for kind in kinds:
            spec = entity(kind)
            ids = find_records(
                store, kind, scope, RecordFilter(review_state=state), limit=QUEUE_LIMIT
            )
            summary = spec.title_field or ""
            names = ["date", "village_id", "specialist_id", "industry", summary, "review_comment"]
            data = read_record_rows(store, kind, ids, names)
            for rid in ids:
                r = data.get(rid)
                if r is None:
                    continue
                village = index.villages.name(r["village_id"])
                person = index.specialists.name(r["specialist_id"])
                industry = display_value(
                    spec._by_name["industry"], r["industry"], index, language=lang
                )
                text = one_line(r[summary], 60)
                rows.append(
                    (
                        f"{kind}:{rid}",
                        [spec.label(lang), r["date"], village, person, industry, text],
                    )
                )
                keys.append(
                    search_key(village, person, industry, r[summary] or "", r["date"] or "")
                )
                returned = state == "returned"
                brushes.append(RETURNED_BRUSH if returned else None)
                tips.append(r["review_comment"] if returned else None)
        self.model.set_rows(rows, keys, brushes, tips)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 160))
        self._reselect(selected)
        self._update_count()
        writable = state in ("submitted", "returned", "approved")
        self.approve_button.setEnabled(writable)
        self._on_selection()

    def selected(self) -> list[tuple[str, str]]:
        out = []
        for index in self.table.selectionModel().selectedRows():
            key = index.data(ID_ROLE)
            if key:
                kind, rid = key.split(":", 1)
                out.append((kind, rid))
        return out

    def _reselect(self, keys: set[tuple[str, str]]) -> None:
        if not keys:
            return
        wanted = {f"{k}:{r}" for k, r in keys}
        selection = self.table.selectionModel()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) in wanted:
                selection.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _on_selection(self) -> None:
        chosen = self.selected()
        self.approve_button.setEnabled(bool(chosen) and self.state.currentData() != "approved")
        self.return_button.setEnabled(bool(chosen))
        self.open_button.setEnabled(len(chosen) == 1)
        if len(chosen) == 1:
            self.detail.setHtml(self._detail_html(*chosen[0]))
        elif chosen:
            self.detail.setHtml(
                "<p>"
                + html.escape(self.tr("%1 records selected").replace("%1", str(len(chosen))))
                + "</p>"
            )
        else:
            hint = "<p style='color:#6b7280'>{}</p><p style='color:#6b7280'>{}</p>".format(
                html.escape(self.tr("Select records in the list to review them.")),
                html.escape(
                    self.tr("Details of one record show here; Ctrl+click selects several.")
                ),
            )
            self.detail.setHtml(hint)

    def _detail_html(self, kind: str, rid: str) -> str:
        store = self.ctx.store
        row = store.get(kind, rid)
        if row is None:
            return ""
        spec = entity(kind)
        index = roster_index(store)
        lang = i18n.get_language()
        parts = [f"<h3>{html.escape(spec.label(lang))}</h3><table cellspacing='4'>"]
        for f in spec.fields:
            value = row.get(f.name)
            if value in (None, "", []) or f.name == "photos":
                continue
            shown = display_value(f, value, index, full=True, language=lang)
            unit = f.unit(lang)
            parts.append(
                f"<tr><td style='color:#555'>{html.escape(f.label(lang))}</td>"
                f"<td>{html.escape(shown)}{(' ' + html.escape(unit)) if unit else ''}</td></tr>"
            )
        parts.append("</table>")
        if row.get("photos"):
            parts.append(
                "<p>"
                + html.escape(
                    self.tr("%1 photo(s) attached").replace("%1", str(len(row["photos"])))
                )
                + "</p>"
            )
            from ..widgets.management import evidence_html  # photo flags (issue 13)

            parts.append(evidence_html(store, row))
        return "".join(parts)

    # -------------------------------------------------------------- actions
    def _review(self, state: str, comment: str) -> bool:
        chosen = self.selected()
        if not chosen:
            return False
        store = self.ctx.store
        before = []
        for kind, rid in chosen:
            row = store.get(kind, rid) or {}
            before.append((kind, rid, {name: row.get(name) for name in REVIEW_FIELDS}))
        try:  # the same rules as ``zjk review``: all of the selection, or none
            review_records(store, chosen, state, comment)
        except UserError as exc:
            self._say(str(exc), error=True)
            return False
        self._undo = before
        kinds = {k for k, _ in chosen}
        for kind in kinds:
            self.ctx.events.records_changed.emit(kind)
        self.comment.clear()
        return True

    def approve_selected(self) -> None:
        n = len(self.selected())
        if n > 1:
            answer = QMessageBox.question(
                self,
                self.tr("Approve"),
                self.tr("Approve %1 records?").replace("%1", f"{n:,}"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self._review("approved", self.comment.toPlainText().strip()):
            self._say(self.tr("%1 record(s) approved.").replace("%1", str(n)), undo=True)

    def undo_last(self) -> None:
        """Put the records of the last review back as they were (one step, all or none)."""
        if not self._undo:
            return
        changes = [Change(kind, "review", values, rid) for kind, rid, values in self._undo]
        try:
            self.ctx.store.write(changes)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        n = len(self._undo)
        kinds = {k for k, _r, _v in self._undo}
        self._undo = []
        for kind in kinds:
            self.ctx.events.records_changed.emit(kind)
        self._say(self.tr("Undone: %1 record(s) are back as they were.").replace("%1", str(n)))

    def return_selected(self) -> None:
        comment = self.comment.toPlainText().strip()
        if not comment:
            self._say(
                self.tr("Write a comment saying what to correct before returning."), error=True
            )
            self.comment.setFocus()
            return
        n = len(self.selected())
        if self._review("returned", comment):
            self._say(
                self.tr(
                    "%1 record(s) returned; the specialist sees your comment after the next sync."
                ).replace("%1", str(n)),
                undo=True,
            )

    def _say(self, text: str, error: bool = False, undo: bool = False) -> None:
        self.message.setStyleSheet("color: #b91c1c;" if error else "color: #166534;")
        self.message.setText(text)
        self.undo_button.setVisible(undo and bool(self._undo))

    def open_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.ctx.events.open_record.emit(*chosen[0])
