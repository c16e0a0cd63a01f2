"""报表: pick a report, its scope and period; generated in the background; open the PDF.

The generators live in ``zjk_desktop.reports`` (``generate_report``); this page only
collects the choice, runs the job on the worker thread with progress and cancel, and
shows what came out (pages, font, warnings).
"""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...reports.fonts import font_display_name
from ..context import AppContext
from ..tasks import error_text
from ..widgets import page_heading

log = logging.getLogger(__name__)

KINDS = ("specialist", "township", "county", "timeliness")
PERIODS = ("this_month", "last_month", "this_quarter", "this_year", "last_year", "custom")


def period_dates(period: str, today: _dt.date) -> tuple[_dt.date, _dt.date] | None:
    """First and last day of a named period around ``today`` (None for "custom")."""
    if period == "this_month":
        return today.replace(day=1), today
    if period == "last_month":
        end = today.replace(day=1) - _dt.timedelta(days=1)
        return end.replace(day=1), end
    if period == "this_quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return today.replace(month=first_month, day=1), today
    if period == "this_year":
        return today.replace(month=1, day=1), today
    if period == "last_year":
        return _dt.date(today.year - 1, 1, 1), _dt.date(today.year - 1, 12, 31)
    return None


def scope_choices(ctx: AppContext, kind: str) -> list[tuple[str | None, str]]:
    """(scope id, label) the user may report on, limited to their scope."""
    store = ctx.store
    scope = ctx.scope
    if kind == "timeliness":  # 报送及时性: a county or a township the user oversees
        if scope.kind == "township":
            return scope_choices(ctx, "township")
        return scope_choices(ctx, "county") + scope_choices(ctx, "township")
    if kind == "specialist":
        return [
            (s["id"], f"{s['name']} · {s.get('employer') or ''}".rstrip(" ·"))
            for s in queries.specialist_rows(store, scope, order_by="name")
        ]
    level = "township" if kind == "township" else "county"
    orgs = queries.org_rows(store, level)
    if scope.kind in ("township", "county"):
        own = store.get("org_unit", scope.org_id) if scope.org_id else None
        if own is not None:
            if level == own.get("level"):
                orgs = [own]
            elif level == "township":
                orgs = [o for o in orgs if o.get("parent_id") == own["id"]]
            else:
                orgs = [o for o in orgs if o["id"] == own.get("parent_id")]
    elif scope.kind == "specialist":
        person = store.get("specialist", scope.specialist_id) if scope.specialist_id else None
        station = (
            store.get("org_unit", person["org_id"]) if person and person.get("org_id") else None
        )
        if level == "township":
            orgs = [station] if station else []
        else:
            orgs = [o for o in orgs if station and o["id"] == station.get("parent_id")]
    out: list[tuple[str | None, str]] = [(o["id"], f"{o['name']} ({o['code']})") for o in orgs]
    return out


def default_report_name(kind_label: str, scope_label: str, start: _dt.date, end: _dt.date) -> str:
    name = scope_label.split(" (")[0].split(" · ")[0]
    bad = '<>:"/\\|?*'
    text = f"{kind_label}-{name}-{start:%Y%m%d}-{end:%Y%m%d}"
    return "".join("_" if ch in bad else ch for ch in text) + ".pdf"


class ReportsPage(QWidget):
    generated = Signal(object)  # ReportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_result: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = page_heading(self)
        layout.addWidget(self.heading)

        self.choice_box = QGroupBox(self)
        form = QFormLayout(self.choice_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.kind_label = QLabel(self.choice_box)
        self.kind = QComboBox(self.choice_box)
        self.kind.setObjectName("reportKind")
        self.kind_label.setBuddy(self.kind)
        self.scope_label = QLabel(self.choice_box)
        self.scope = QComboBox(self.choice_box)
        self.scope.setObjectName("reportScope")
        self.scope.setEditable(True)
        self.scope.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scope.setMinimumContentsLength(30)
        self.scope_label.setBuddy(self.scope)
        self.period_label = QLabel(self.choice_box)
        self.period = QComboBox(self.choice_box)
        self.period.setObjectName("reportPeriod")
        self.period_label.setBuddy(self.period)
        self.kind.setMinimumContentsLength(30)
        self.period.setMinimumContentsLength(30)
        dates = QHBoxLayout()
        self.date_from = QDateEdit(self.choice_box)
        self.date_from.setObjectName("dateFrom")
        self.date_to = QDateEdit(self.choice_box)
        self.date_to.setObjectName("dateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.dash = QLabel("–", self.choice_box)
        dates.addWidget(self.date_from)
        dates.addWidget(self.dash)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        self.dates_label = QLabel(self.choice_box)
        self.xlsx = QCheckBox(self.choice_box)
        self.xlsx.setObjectName("alsoXlsx")
        self.open_after = QCheckBox(self.choice_box)
        self.open_after.setObjectName("openAfter")
        self.open_after.setChecked(str(ctx.settings.value("reports/open_after", "true")) == "true")
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.scope_label, self.scope)
        form.addRow(self.period_label, self.period)
        form.addRow(self.dates_label, dates)
        form.addRow("", self.xlsx)
        form.addRow("", self.open_after)
        layout.addWidget(self.choice_box)

        buttons = QHBoxLayout()
        self.generate_button = QPushButton(self)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate_clicked)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openButton")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_last)
        self.folder_button = QPushButton(self)
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self.open_folder)
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("previewReport")
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(lambda: self.print_last(preview=True))
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printReport")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_last(preview=False))
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result_box = QGroupBox(self)
        rb = QVBoxLayout(self.result_box)
        self.result = QPlainTextEdit(self.result_box)
        self.result.setObjectName("reportResult")
        self.result.setReadOnly(True)
        rb.addWidget(self.result)
        layout.addWidget(self.result_box, 1)

        self.kind.currentIndexChanged.connect(self._fill_scopes)
        self.period.currentIndexChanged.connect(self._apply_period)
        self.open_after.toggled.connect(
            lambda on: ctx.settings.setValue("reports/open_after", "true" if on else "false")
        )
        ctx.events.language_changed.connect(self.retranslate)
        ctx.events.roster_changed.connect(self._fill_scopes)
        self.retranslate()

    # ----------------------------------------------------------- choices
    def kind_labels(self) -> dict[str, str]:
        return {
            "specialist": self.tr("Specialist work log"),
            "township": self.tr("Township station summary"),
            "county": self.tr("County work report"),
            "timeliness": self.tr("Reporting timeliness (files received on time)"),
        }

    def retranslate(self, _lang: str = "") -> None:
        self.heading.setText(self.tr("Reports"))
        self.choice_box.setTitle(self.tr("Report"))
        self.kind_label.setText(self.tr("&Report:"))
        self.scope_label.setText(self.tr("&For:"))
        self.period_label.setText(self.tr("&Period:"))
        self.dates_label.setText(self.tr("Dates:"))
        self.xlsx.setText(self.tr("Also save the tables as Excel (.xlsx)"))
        self.open_after.setText(self.tr("Open the PDF when it is ready"))
        self.generate_button.setText(self.tr("Generate…"))
        self.open_button.setText(self.tr("Open PDF"))
        self.folder_button.setText(self.tr("Open folder"))
        self.preview_button.setText(self.tr("Print preview…"))
        self.print_button.setText(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Print the report just made, to sign and stamp"))
        self.result_box.setTitle(self.tr("Generated reports"))
        self.result.setPlaceholderText(self.tr("Reports made in this session are listed here."))
        kind = self.kind.currentData() or self._default_kind()
        period = self.period.currentData() or "last_month"
        self.kind.blockSignals(True)
        self.kind.clear()
        labels = self.kind_labels()
        kinds = self.kinds()
        for k in kinds:
            self.kind.addItem(labels[k], k)
        self.kind.setCurrentIndex(kinds.index(kind) if kind in kinds else 0)
        self.kind.blockSignals(False)
        period_labels = {
            "this_month": self.tr("This month"),
            "last_month": self.tr("Last month"),
            "this_quarter": self.tr("This quarter"),
            "this_year": self.tr("This year"),
            "last_year": self.tr("Last year"),
            "custom": self.tr("Other dates"),
        }
        self.period.blockSignals(True)
        self.period.clear()
        for p in PERIODS:
            self.period.addItem(period_labels[p], p)
        self.period.setCurrentIndex(PERIODS.index(period))
        self.period.blockSignals(False)
        self._fill_scopes()
        self._apply_period()

    def kinds(self) -> tuple[str, ...]:
        """The reports this computer's role makes (a specialist's files are judged above them)."""
        if self.ctx.scope.kind == "specialist":
            return tuple(k for k in KINDS if k != "timeliness")
        return KINDS

    def _default_kind(self) -> str:
        return {"specialist": "specialist", "township": "township"}.get(self.ctx.role, "county")

    def _fill_scopes(self) -> None:
        kind = self.kind.currentData() or "county"
        current = self.scope.currentData()
        self.scope.clear()
        if kind in ("county", "timeliness") and self.ctx.scope.kind == "all":
            self.scope.addItem(self.tr("Whole city (all counties)"), None)
        for scope_id, label in scope_choices(self.ctx, kind):
            self.scope.addItem(label, scope_id)
        index = self.scope.findData(current) if current is not None else -1
        self.scope.setCurrentIndex(index if index >= 0 else 0)
        self.generate_button.setEnabled(self.scope.count() > 0)

    def _apply_period(self) -> None:
        dates = period_dates(self.period.currentData() or "custom", _dt.date.today())
        custom = dates is None
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if dates is not None:
            self.date_from.setDate(QDate(dates[0].year, dates[0].month, dates[0].day))
            self.date_to.setDate(QDate(dates[1].year, dates[1].month, dates[1].day))

    def selected_scope(self) -> str | None:
        index = self.scope.findText(self.scope.currentText())
        return self.scope.itemData(index if index >= 0 else self.scope.currentIndex())

    # --------------------------------------------------------- generate
    def generate_clicked(self) -> None:
        kind = self.kind.currentData()
        start = _dt.date.fromisoformat(self.date_from.date().toString("yyyy-MM-dd"))
        end = _dt.date.fromisoformat(self.date_to.date().toString("yyyy-MM-dd"))
        folder = str(self.ctx.settings.value("reports/folder", "")) or str(Path.home())
        name = default_report_name(self.kind.currentText(), self.scope.currentText(), start, end)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), str(Path(folder) / name), self.tr("PDF (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.ctx.settings.setValue("reports/folder", str(Path(path).parent))
        self.generate(
            kind,
            self.selected_scope(),
            start,
            end,
            Path(path),
            Path(path).with_suffix(".xlsx") if self.xlsx.isChecked() else None,
        )

    def generate(
        self,
        kind: str,
        scope_id: str | None,
        start: _dt.date,
        end: _dt.date,
        out_pdf: Path,
        xlsx: Path | None = None,
    ) -> None:
        """Generate in the background; the result is shown and (if chosen) opened."""
        from ...reports import generate_report

        font = str(self.ctx.settings.value("reports/font", "")) or None

        def job(store, progress, should_cancel):
            if kind == "timeliness":
                from ...reports.timeliness import timeliness_report

                progress(0, 0)
                return timeliness_report(
                    store, scope_id, start.isoformat(), end.isoformat(), out_pdf, xlsx, font
                )

            def report_progress(stage: str, done: int, total: int) -> None:
                if stage == "query":
                    progress(0, 0)
                elif stage == "layout":
                    progress(done, 0)
                else:
                    progress(1, 1)

            return generate_report(
                store,
                kind,
                scope_id,
                start,
                end,
                out_pdf,
                xlsx=xlsx,
                font=font,
                progress=report_progress,
                should_cancel=should_cancel,
            )

        self.generate_button.setEnabled(False)
        self.ctx.tasks.run(job, self._done, title=self.tr("Generating report…"), parent=self)

    def _done(self, result, error) -> bool:
        self.generate_button.setEnabled(self.scope.count() > 0)
        if error is not None:
            self.result.appendPlainText(self.tr("Failed: %1").replace("%1", error_text(error)))
            return False
        self.last_result = result
        lines = [
            self.tr("%1: %2 pages, font %3%4")
            .replace("%1", str(result.path))
            .replace("%2", str(result.pages))
            .replace("%3", font_display_name(result.font_name, i18n.get_language()))
            .replace("%4", "" if result.embedded else self.tr(" (not embedded)"))
        ]
        if getattr(result, "basis", ""):
            lines.append(f"  {result.basis}")  # which review states the figures count
        if getattr(result, "xlsx", None):
            lines.append(self.tr("Excel: %1").replace("%1", str(result.xlsx)))
        lines += [f"  ⚠ {w}" for w in result.warnings]
        self.result.appendPlainText("\n".join(lines))
        self.open_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.generated.emit(result)
        if self.open_after.isChecked():
            self.open_last()
        return True

    def open_last(self) -> None:
        if self.last_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_result.path)))

    def print_last(self, preview: bool = False) -> None:
        """打印 / 打印预览 of the PDF just written, page by page as in the file."""
        from .. import printing

        if self.last_result is None:
            return
        path = Path(self.last_result.path)
        paint = lambda printer: printing.paint_pdf(path, printer)  # noqa: E731
        if preview:
            printing.preview(self, path.stem, paint)
        else:
            printing.print_now(self, path.stem, paint)

    def open_folder(self) -> None:
        if self.last_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.last_result.path).parent)))

    def refresh(self) -> None:
        self._fill_scopes()
