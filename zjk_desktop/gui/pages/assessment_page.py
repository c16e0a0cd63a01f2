"""年度考核 (county): every specialist's figures, the rules met, the suggested grade with its
reasons, filters, and the county's confirmation; prints the 绩效情况表 and the ranking."""

from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...domain.enums import GRADES
from ...management import assessment as core
from ...scope import Scope
from ...store import StoreError
from ..context import AppContext
from ..tasks import error_text
from ..widgets import page_heading, searchable_table
from ..widgets.models import RETURNED_BRUSH

GRADE_COLOURS = {"excellent": "#15803d", "pass": "#1d4ed8", "basic": "#b45309", "fail": "#b91c1c"}


class AssessmentPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.items: dict[str, core.Assessment] = {}
        self.title = page_heading(self)
        self.year = QSpinBox(self)
        self.year.setRange(2014, 2100)
        self.year.setValue(_dt.date.today().year)
        self.township = QComboBox(self)
        self.grade_filter = QComboBox(self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.model, self.proxy, self.table = searchable_table(
            self,
            sort_column=0,
            order=Qt.SortOrder.AscendingOrder,
            selection=QAbstractItemView.SelectionMode.SingleSelection,
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser(self)
        self.grade = QComboBox(self)
        self.comment = QLineEdit(self)
        self.confirm_button = QPushButton(self)
        self.confirm_button.setStyleSheet("font-weight: bold;")
        self.sheet_button = QPushButton(self)
        self.ranking_button = QPushButton(self)
        self.rules_button = QPushButton(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        bar = QHBoxLayout()
        self.year_label = QLabel(self)
        bar.addWidget(self.year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.township)
        bar.addWidget(self.grade_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.detail, 1)
        confirm = QHBoxLayout()
        self.grade_label = QLabel(self)
        confirm.addWidget(self.grade_label)
        confirm.addWidget(self.grade)
        confirm.addWidget(self.comment, 1)
        rl.addLayout(confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sheet_button)
        rl.addLayout(buttons)
        rl.addWidget(self.message)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.rules_button)
        top.addWidget(self.ranking_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.township.currentIndexChanged.connect(lambda _i: self.refresh())
        self.grade_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(lambda t: self.proxy.set_query(t))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.sheet_button.clicked.connect(self.print_sheet)
        self.ranking_button.clicked.connect(self.print_ranking)
        self.rules_button.clicked.connect(self.edit_rules)
        ctx.events.language_changed.connect(self.retranslate)
        ctx.events.sync_done.connect(self.refresh)
        ctx.events.roster_changed.connect(self.refresh)
        self.retranslate()

    # ------------------------------------------------------------------ text
    def retranslate(self, _lang: str = "") -> None:
        lang = i18n.get_language()
        self.title.setText(self.tr("Annual assessment"))
        self.year_label.setText(self.tr("Year"))
        self.search.setPlaceholderText(self.tr("Search name, station, sending unit…"))
        self.grade_label.setText(self.tr("Confirm grade"))
        self.comment.setPlaceholderText(self.tr("County's comment"))
        self.confirm_button.setText(self.tr("Confirm"))
        self.sheet_button.setText(self.tr("Print performance sheet…"))
        self.ranking_button.setText(self.tr("Print ranking…"))
        self.rules_button.setText(self.tr("Rules…"))
        self.rules_button.setToolTip(self.tr("The year's assessment and management rules (county)"))
        for combo, first, items in (
            (self.grade_filter, self.tr("All grades"), [(c.code, c.label(lang)) for c in GRADES]),
            (self.grade, None, [(c.code, c.label(lang)) for c in GRADES]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if first is not None:
                combo.addItem(first, "")
            for code, label in items:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)
        current = self.township.currentData()
        self.township.blockSignals(True)
        self.township.clear()
        self.township.addItem(self.tr("All stations"), "")
        for t in queries.townships_in_scope(self.ctx.store, self.ctx.scope):
            self.township.addItem(t["name"], t["id"])
        self.township.setCurrentIndex(max(0, self.township.findData(current)) if current else 0)
        self.township.blockSignals(False)
        self.model.set_headers(
            [
                self.tr("Rank"),
                self.tr("Name"),
                self.tr("Suggested"),
                self.tr("Confirmed"),
                self.tr("Station"),
                self.tr("Services"),
                self.tr("Days"),
                self.tr("Trainings"),
                self.tr("Satisfaction %"),
                self.tr("Result points"),
                self.tr("Flagged photos"),
            ]
        )
        self.refresh()

    # ------------------------------------------------------------------ data
    def _scope(self) -> Scope:
        town = self.township.currentData()
        return Scope("township", org_id=town) if town else self.ctx.scope

    def refresh(self) -> None:
        lang = i18n.get_language()
        items = core.assess(self.ctx.store, self._scope(), self.year.value())
        wanted = self.grade_filter.currentData()
        if wanted:
            items = [a for a in items if a.grade == wanted]
        self.items = {a.specialist_id: a for a in items}
        rows, brushes = [], []
        for a in items:
            f = a.figures
            rows.append(
                (
                    a.specialist_id,
                    [
                        a.rank,
                        a.name,
                        GRADES.label(a.suggested, lang),
                        GRADES.label((a.confirmed or {}).get("grade"), lang) if a.confirmed else "",
                        a.station,
                        f["services"],
                        f["service_days"],
                        f["trainings"],
                        "" if f["satisfaction_pct"] is None else f["satisfaction_pct"],
                        f["result_points"],
                        f["photos_flagged"],
                    ],
                )
            )
            brushes.append(RETURNED_BRUSH if a.grade in ("basic", "fail") else None)
        self.model.set_rows(rows, None, brushes)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # the details pane needs the room
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 92))
        confirmed = sum(1 for a in items if a.confirmed)
        self.count_label.setText(
            self.tr("%1 specialists, %2 confirmed")
            .replace("%1", str(len(items)))
            .replace("%2", str(confirmed))
        )
        self._on_selection()

    def selected(self) -> core.Assessment | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        sid = self.model.record_id(self.proxy.mapToSource(rows[0]).row())
        return self.items.get(sid or "")

    def select(self, specialist_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if (
                self.model.record_id(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                == specialist_id
            ):
                self.table.selectRow(row)
                return

    def _on_selection(self) -> None:
        a = self.selected()
        county = self.ctx.role == "county"
        for w in (self.grade, self.comment, self.confirm_button):
            w.setEnabled(a is not None and county)
        self.sheet_button.setEnabled(a is not None)
        if a is None:
            self.detail.setHtml(
                "<p style='color:#6b7280'>"
                + html.escape(
                    self.tr(
                        "Select a specialist to see the rules, the figures and the suggested grade."
                    )
                )
                + "</p>"
            )
            return
        self.grade.setCurrentIndex(max(0, self.grade.findData(a.grade)))
        self.comment.setText((a.confirmed or {}).get("comment") or "")
        self.detail.setHtml(self._detail_html(a))

    def _detail_html(self, a: core.Assessment) -> str:
        lang = i18n.get_language()
        e = html.escape
        colour = GRADE_COLOURS.get(a.suggested, "#000")
        suggested = self.tr("Suggested grade")
        parts = [
            f"<h3>{e(a.name)} <span style='color:#6b7280'>{e(a.station)} · {e(a.employer)}</span></h3>",
            (
                f"<p><b>{e(suggested)}:</b> <span style='color:{colour}'><b>"
                f"{e(GRADES.label(a.suggested, lang))}</b></span></p><ul>"
            ),
        ]
        parts += [f"<li>{e(r)}</li>" for r in a.reasons]
        parts.append("</ul><table cellspacing='4'>")
        marks = {True: ("✔", "#15803d"), False: ("✘", "#b91c1c"), None: ("—", "#6b7280")}
        for c in a.checks:
            mark, col = marks[c.met]
            parts.append(
                f"<tr><td style='color:{col}'>{mark}</td><td>{e(c.label)}</td>"
                f"<td style='color:#555'>{e(c.actual)}</td></tr>"
            )
        parts.append("</table>")
        if a.confirmed:
            confirmed = a.confirmed
            parts.append(
                "<p>"
                + e(
                    self.tr("Confirmed: %1 by %2 on %3")
                    .replace("%1", GRADES.label(confirmed.get("grade"), lang))
                    .replace("%2", confirmed.get("confirmed_by") or "")
                    .replace("%3", confirmed.get("confirmed_at") or "")
                )
                + "</p>"
            )
        return "".join(parts)

    # --------------------------------------------------------------- actions
    def rules_dialog(self) -> tuple[QDialog, dict[str, QDoubleSpinBox]]:
        """The year's rules as a form (one spin box per rule, labels from the entity spec)."""
        from ...domain.entities import entity

        lang = i18n.get_language()
        spec = entity("assessment_rule")
        rules = core.rules_for(self.ctx.store, self.year.value())
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Rules for %1").replace("%1", str(self.year.value())))
        form = QFormLayout()
        boxes: dict[str, QDoubleSpinBox] = {}
        for name in core.DEFAULT_RULES:
            f = spec.field(name)
            assert f is not None, name
            box = QDoubleSpinBox(dialog)
            box.setRange(f.minimum or 0, f.maximum or 100000)
            box.setDecimals(
                2
                if name.startswith("w_") or name == "fail_fraction"
                else 1
                if name == "photo_km" or name.endswith("_pct")
                else 0
            )
            box.setValue(float(rules[name]))
            box.setSuffix(f" {f.unit(lang)}" if f.unit(lang) else "")
            box.setEnabled(self.ctx.role == "county")
            boxes[name] = box
            form.addRow(f.label(lang), box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        body = QWidget(dialog)
        body.setLayout(form)
        scroll = QScrollArea(dialog)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(dialog)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        return dialog, boxes

    def edit_rules(self) -> None:
        dialog, boxes = self.rules_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted or self.ctx.role != "county":
            return
        current = core.rules_for(self.ctx.store, self.year.value())
        changed = {
            name: box.value()
            for name, box in boxes.items()
            if abs(box.value() - float(current[name])) > 1e-9
        }
        if not changed:
            return
        try:
            core.save_rules(self.ctx.store, self.year.value(), changed)
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Rules for %1 saved.").replace("%1", str(self.year.value())))
        self.refresh()

    def confirm_selected(self) -> None:
        a = self.selected()
        if a is None:
            return
        try:
            core.confirm(
                self.ctx.store,
                a.specialist_id,
                self.year.value(),
                self.grade.currentData(),
                self.comment.text().strip(),
            )
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Grade of %1 recorded.").replace("%1", a.name))
        self.refresh()
        self.select(a.specialist_id)

    def _save_path(self, name: str) -> Path | None:
        folder = self.ctx.settings.value("reports/folder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), str(Path(str(folder)) / name), self.tr("PDF (*.pdf)")
        )
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _generate(self, scope_text: str, out: Path) -> None:
        from ...reports import ReportError
        from ...reports.assessment import assessment_report

        year = self.year.value()

        def job(store, progress, cancel):
            return assessment_report(store, scope_text, year, out, out.with_suffix(".xlsx"))

        def done(result, error) -> bool:
            if error is not None:
                self.message.setText(
                    error_text(error) if not isinstance(error, ReportError) else str(error)
                )
                return True
            self.message.setText(self.tr("Saved %1").replace("%1", str(result.path)))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
            return True

        self.ctx.tasks.run(job, done, title=self.tr("Generating report…"), parent=self)

    def print_sheet(self) -> None:
        a = self.selected()
        if a is None:
            return
        out = self._save_path(f"绩效情况表-{self.year.value()}-{a.name}.pdf")
        if out is not None:
            self._generate(a.specialist_id, out)

    def print_ranking(self) -> None:
        scope = self._scope()
        out = self._save_path(f"考核排名-{self.year.value()}.pdf")
        if out is None:
            return
        text = scope.org_id or ""
        if scope.kind == "specialist":
            text = scope.specialist_id or ""
        self._generate(text, out)
