"""需求与回访: farmers' requests (log, assign, answer, close; overdue list) and satisfaction
callbacks.  Every step calls the management core, which checks who may take it."""

from __future__ import annotations

import datetime as _dt
import html
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...domain.entities import entity
from ...domain.enums import CALLBACK_TARGETS, INDUSTRIES, REQUEST_STATUSES, SATISFACTION
from ...management import callbacks as cb
from ...management import requests as rq
from ...store import StoreError
from ...store.versions import ValidationFailed
from ..context import AppContext
from ..widgets import page_heading, searchable_table
from ..widgets.models import RETURNED_BRUSH


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(p.message() for p in exc.all_errors())
    return str(exc)


class _FormDialog(QDialog):
    """A small form with OK/Cancel; the fields are added by the caller."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)


class RequestsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = page_heading(self)
        self.tabs = QTabWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

        # ---- requests tab
        req = QWidget(self.tabs)
        self.status = QComboBox(req)
        self.overdue = QCheckBox(req)
        self.search = QLineEdit(req)
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(req)
        self.model, self.proxy, self.table = searchable_table(
            req,
            sort_column=0,
            order=Qt.SortOrder.DescendingOrder,
            selection=QAbstractItemView.SelectionMode.SingleSelection,
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser(req)
        self.message = QLabel(req)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")
        self.new_button = QPushButton(req)
        self.assign_button = QPushButton(req)
        self.answer_button = QPushButton(req)
        self.close_button = QPushButton(req)
        bar = QHBoxLayout()
        bar.addWidget(self.status)
        bar.addWidget(self.overdue)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        right = QWidget(req)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.message)
        actions = QHBoxLayout()
        for button in (self.assign_button, self.answer_button, self.close_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right_layout.addLayout(actions)
        splitter = QSplitter(req)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        req_layout = QVBoxLayout(req)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        req_layout.addLayout(top)
        req_layout.addLayout(bar)
        req_layout.addWidget(splitter, 1)
        self.tabs.addTab(req, "")

        # ---- callbacks tab
        cbw = QWidget(self.tabs)
        self.cb_model, self.cb_proxy, self.cb_table = searchable_table(
            cbw,
            sort_column=0,
            order=Qt.SortOrder.DescendingOrder,
            selection=QAbstractItemView.SelectionMode.SingleSelection,
        )
        self.cb_table.horizontalHeader().setStretchLastSection(True)
        self.cb_search = QLineEdit(cbw)
        self.cb_search.setClearButtonEnabled(True)
        self.cb_new = QPushButton(cbw)
        self.cb_summary = QLabel(cbw)
        cb_bar = QHBoxLayout()
        cb_bar.addWidget(self.cb_new)
        cb_bar.addWidget(self.cb_search, 1)
        cb_bar.addWidget(self.cb_summary)
        cb_layout = QVBoxLayout(cbw)
        cb_layout.addLayout(cb_bar)
        cb_layout.addWidget(self.cb_table, 1)
        self.tabs.addTab(cbw, "")

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(lambda: self.proxy.set_query(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.cb_search.textChanged.connect(lambda t: self.cb_proxy.set_query(t))
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue.toggled.connect(lambda _b: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.new_button.clicked.connect(self.new_request)
        self.assign_button.clicked.connect(self.assign_selected)
        self.answer_button.clicked.connect(self.answer_selected)
        self.close_button.clicked.connect(self.close_selected)
        self.cb_new.clicked.connect(self.new_callback)
        ctx.events.language_changed.connect(self.retranslate)
        ctx.events.sync_done.connect(self.refresh)
        self._rows: dict[str, dict[str, Any]] = {}
        self.retranslate()

    # ------------------------------------------------------------------ text
    def retranslate(self, _lang: str = "") -> None:
        lang = i18n.get_language()
        self.title.setText(self.tr("Farmers' requests and callbacks"))
        self.tabs.setTabText(0, self.tr("Requests"))
        self.tabs.setTabText(1, self.tr("Satisfaction callbacks"))
        current = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.tr("All states"), "")
        for choice in REQUEST_STATUSES:
            self.status.addItem(choice.label(lang), choice.code)
        self.status.setCurrentIndex(max(0, self.status.findData(current or "")))
        self.status.blockSignals(False)
        self.overdue.setText(self.tr("Overdue only"))
        self.search.setPlaceholderText(self.tr("Search problem, requester, village, specialist…"))
        self.cb_search.setPlaceholderText(self.tr("Search household, specialist, village…"))
        self.new_button.setText(self.tr("New request…"))
        self.assign_button.setText(self.tr("Assign…"))
        self.answer_button.setText(self.tr("Answer…"))
        self.close_button.setText(self.tr("Close…"))
        self.cb_new.setText(self.tr("New callback…"))
        self.model.set_headers(
            [
                self.tr("Date"),
                self.tr("Status"),
                self.tr("Village"),
                self.tr("Industry"),
                self.tr("Requester"),
                self.tr("Specialist"),
                self.tr("Days"),
                self.tr("Problem"),
            ]
        )
        self.cb_model.set_headers(
            [
                self.tr("Date"),
                self.tr("Specialist"),
                self.tr("Village"),
                self.tr("Household"),
                self.tr("Satisfaction"),
                self.tr("Comment"),
            ]
        )
        self.refresh()

    # ------------------------------------------------------------------ data
    def focus_item(self, arg: str) -> None:
        if arg == "overdue":
            self.tabs.setCurrentIndex(0)
            self.overdue.setChecked(True)

    def refresh(self) -> None:
        store = self.ctx.store
        lang = i18n.get_language()
        role = self.ctx.role
        rows = rq.list_requests(
            store,
            self.ctx.scope,
            status=self.status.currentData() or None,
            overdue_only=self.overdue.isChecked(),
        )
        self._rows = {r["id"]: r for r in rows}
        table, brushes, tips = [], [], []
        for r in rows:
            table.append(
                (
                    r["id"],
                    [
                        r["date"],
                        REQUEST_STATUSES.label(r["status"], lang),
                        r.get("village_name") or "",
                        INDUSTRIES.label(r.get("industry"), lang),
                        r.get("requester_name") or "",
                        r.get("specialist_name") or "",
                        r["days_open"],
                        r.get("problem") or "",
                    ],
                )
            )
            brushes.append(RETURNED_BRUSH if r["overdue"] else None)
            tips.append(
                self.tr("Overdue: open for %1 days").replace("%1", str(r["days_open"]))
                if r["overdue"]
                else None
            )
        self.model.set_rows(table, None, brushes, tips)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 150))
        overdue = sum(1 for r in rows if r["overdue"])
        self.count_label.setText(
            self.tr("%1 requests, %2 overdue")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue))
        )
        station = role in ("township", "county")
        self.new_button.setEnabled(station)
        self.cb_new.setEnabled(station)
        self._on_selection()
        # callbacks
        cbs = cb.list_callbacks(store, self.ctx.scope)
        from ...search import roster_index

        index = roster_index(store)
        self.cb_model.set_rows(
            [
                (
                    c["id"],
                    [
                        c["date"],
                        index.specialists.name(c.get("specialist_id")),
                        index.villages.name(c.get("village_id")),
                        c.get("household") or "",
                        SATISFACTION.label(c.get("result"), lang),
                        c.get("comment") or "",
                    ],
                )
                for c in cbs
            ]
        )
        self.cb_table.resizeColumnsToContents()
        good = sum(1 for c in cbs if c.get("result") in ("satisfied", "basic"))
        self.cb_summary.setText(
            self.tr("%1 callbacks, %2% satisfied")
            .replace("%1", str(len(cbs)))
            .replace("%2", f"{100 * good / len(cbs):.1f}" if cbs else "—")
        )

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        rid = self.model.record_id(self.proxy.mapToSource(rows[0]).row())
        return self._rows.get(rid or "")

    def select_request(self, request_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.model.record_id(self.proxy.mapToSource(index).row()) == request_id:
                self.table.selectRow(row)
                return

    def _on_selection(self) -> None:
        r = self.selected()
        role = self.ctx.role
        me = self.ctx.node.specialist_id
        status = (r or {}).get("status")
        self.assign_button.setEnabled(
            bool(r) and role in ("township", "county") and status in ("open", "assigned")
        )
        self.answer_button.setEnabled(
            bool(r)
            and role == "specialist"
            and status in ("assigned", "answered")
            and (r or {}).get("specialist_id") == me
        )
        self.close_button.setEnabled(
            bool(r) and role in ("township", "county") and status == "answered"
        )
        self.detail.setHtml(
            self._detail_html(r)
            if r
            else "<p style='color:#6b7280'>"
            + html.escape(self.tr("Select a request to see it here."))
            + "</p>"
        )

    def _detail_html(self, r: dict[str, Any]) -> str:
        lang = i18n.get_language()
        from ...domain.entities import entity

        spec = entity("request")
        rows = [
            ("date", r.get("date")),
            ("requester_name", r.get("requester_name")),
            ("requester_phone", r.get("requester_phone")),
            ("village_id", r.get("village_name")),
            ("industry", INDUSTRIES.label(r.get("industry"), lang)),
            ("problem", r.get("problem")),
            ("status", REQUEST_STATUSES.label(r.get("status"), lang)),
            ("specialist_id", r.get("specialist_name")),
            ("assigned_at", r.get("assigned_at")),
            ("answer", r.get("answer")),
            ("answered_at", r.get("answered_at")),
            ("closed_at", r.get("closed_at")),
            ("close_comment", r.get("close_comment")),
        ]
        parts = ["<table cellspacing='4'>"]
        for name, value in rows:
            if value in (None, ""):
                continue
            f = spec.field(name)
            parts.append(
                f"<tr><td style='color:#555'>{html.escape(f.label(lang) if f else name)}</td>"
                f"<td>{html.escape(str(value))}</td></tr>"
            )
        parts.append("</table>")
        if r.get("overdue"):
            parts.append(
                "<p style='color:#b91c1c'>"
                + html.escape(
                    self.tr("Overdue: open for %1 days").replace("%1", str(r["days_open"]))
                )
                + "</p>"
            )
        elif r.get("days_to_answer") is not None:
            parts.append(
                "<p>"
                + html.escape(
                    self.tr("Answered in %1 days").replace("%1", str(r["days_to_answer"]))
                )
                + "</p>"
            )
        return "".join(parts)

    # --------------------------------------------------------------- actions
    def _run(self, func, *args, **kw) -> str | None:
        try:
            result = func(*args, **kw)
        except (StoreError, ValidationFailed) as exc:
            self.message.setText(_error_text(exc))
            return None
        self.message.setText("")
        self.refresh()
        if isinstance(result, str):
            self.select_request(result)
        return result

    def _villages(self) -> list[dict[str, Any]]:
        return queries.villages_in_scope_by_code(self.ctx.store, self.ctx.scope)

    def new_request(self) -> None:
        lang = i18n.get_language()
        dialog = _FormDialog(self.tr("New farmer's request"), self)
        village = QComboBox(dialog)
        for v in self._villages():
            village.addItem(v["name"], v["id"])
        name, phone = QLineEdit(dialog), QLineEdit(dialog)
        industry = QComboBox(dialog)
        for choice in INDUSTRIES:
            industry.addItem(choice.label(lang), choice.code)
        problem = QPlainTextEdit(dialog)
        problem.setMaximumHeight(100)
        day = QDateEdit(QDate.currentDate(), dialog)
        day.setCalendarPopup(True)
        day.setDisplayFormat("yyyy-MM-dd")
        for label, widget in (
            (self.tr("Village"), village),
            (self.tr("Requester"), name),
            (self.tr("Phone"), phone),
            (self.tr("Industry"), industry),
            (self.tr("Problem"), problem),
            (self.tr("Date"), day),
        ):
            dialog.form.addRow(label, widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = {
            "village_id": village.currentData(),
            "requester_name": name.text().strip(),
            "requester_phone": phone.text().strip(),
            "industry": industry.currentData(),
            "problem": problem.toPlainText().strip(),
            "date": day.date().toString("yyyy-MM-dd"),
        }
        self._run(rq.add_request, self.ctx.store, {k: v for k, v in values.items() if v})

    def assign_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        store = self.ctx.store
        people = queries.specialists_for_assignment(store, r.get("org_id"))
        names = [f"{p['name']}（{p.get('specialty') or p.get('employer') or ''}）" for p in people]
        current = next((i for i, p in enumerate(people) if p["id"] == r.get("specialist_id")), 0)
        choice, ok = QInputDialog.getItem(
            self, self.tr("Assign request"), self.tr("Specialist"), names, current, False
        )
        if ok and choice:
            self._run(rq.assign, store, r["id"], people[names.index(choice)]["id"])

    def answer_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        store = self.ctx.store
        dialog = _FormDialog(self.tr("Answer request"), self)
        text = QPlainTextEdit(dialog)
        text.setPlainText(r.get("answer") or "")
        visit = QComboBox(dialog)
        visit.addItem(self.tr("(no visit)"), "")
        for v in queries.visits_answering(
            store, r.get("specialist_id"), r.get("village_id"), r.get("date") or ""
        ):
            visit.addItem(f"{v['date']} {(v.get('content') or '')[:24]}", v["id"])
        dialog.form.addRow(self.tr("Answer"), text)
        dialog.form.addRow(self.tr("Visit that answered it"), visit)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(
                rq.answer, store, r["id"], text.toPlainText(), visit_id=visit.currentData() or None
            )

    def close_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        comment, ok = QInputDialog.getText(
            self, self.tr("Close request"), self.tr("Closing comment")
        )
        if ok:
            self._run(rq.close, self.ctx.store, r["id"], comment.strip())

    def new_callback(self) -> None:
        lang = i18n.get_language()
        store = self.ctx.store
        since = (_dt.date.today() - _dt.timedelta(days=180)).isoformat()
        from ...search import roster_index

        index = roster_index(store)
        dialog = _FormDialog(self.tr("New satisfaction callback"), self)
        record = QComboBox(dialog)
        for r in cb.recent_records(store, self.ctx.scope, since):
            summary = str(r.get(entity(r["kind"]).title_field or "") or "")
            record.addItem(
                f"{r['date']} {CALLBACK_TARGETS.label(r['kind'], lang)} "
                f"{index.villages.name(r.get('village_id'))} {index.specialists.name(r.get('specialist_id'))}"
                f" {summary[:20]}",
                r["id"],
            )
        household = QLineEdit(dialog)
        result = QComboBox(dialog)
        for choice in SATISFACTION:
            result.addItem(choice.label(lang), choice.code)
        comment = QLineEdit(dialog)
        for label, widget in (
            (self.tr("Record"), record),
            (self.tr("Household"), household),
            (self.tr("Satisfaction"), result),
            (self.tr("Comment"), comment),
        ):
            dialog.form.addRow(label, widget)
        if dialog.exec() == QDialog.DialogCode.Accepted and record.currentData():
            self._run(
                cb.add_callback,
                store,
                record.currentData(),
                household.text().strip(),
                result.currentData(),
                comment=comment.text().strip(),
            )
