"""工作台: this month's work, villages without service, returned records, conflicts, unsent.

Figures come from ``zjk_desktop.reports.stats`` (the same queries as the reports) and are
computed on the worker thread, so the window is on screen before the numbers arrive.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...display import format_number
from ...domain.entities import RECORD_KINDS, entity
from ...domain.enums import INDUSTRIES
from ...errors import UserError
from ...search import full_pinyin
from ..context import AppContext
from ..tasks import Cancelled
from ..widgets import page_heading, scrolling_body

log = logging.getLogger(__name__)

GAP_DAYS = (30, 60, 90)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
RETURNED_LIMIT = 200


def collect(
    store, scope, today: _dt.date, role: str | None = None, kept: bool = False
) -> dict[str, Any]:
    """Everything the dashboard shows (runs on the worker thread).

    ``kept``: the figures kept by the last computation when there are any (``"stale"`` says
    whether they are still exact); otherwise computed now and kept for the next start."""
    from ... import figure_cache, queries

    cached = figure_cache.load(store, scope, today, GAP_DAYS[0], role=role) if kept else None
    if cached is not None:
        data = cached.figures
        data["stale"] = not cached.fresh
    else:
        # Computed now (and kept): cards, trend, gaps, both breakdowns, returned records and the
        # 本月未报送 strip (issue 13).
        data = figure_cache.compute(store, scope, today, GAP_DAYS[0], role=role)
        data["stale"] = False
    data["conflict_rows"] = conflicts_in_scope(store, scope)
    data["unsent"] = queries.unsent_upward(store, role)  # None: nobody above (the county)
    return data


def conflicts_in_scope(store, scope, limit: int = RETURNED_LIMIT) -> list[dict[str, Any]]:
    """Open conflicts on records (and, for the county, roster rows) this user looks after."""
    from ... import queries

    out = []
    for c in store.conflicts():
        kind = c["entity"]
        if kind in RECORD_KINDS:
            if not queries.record_in_scope(store, scope, kind, c["record_id"]):
                continue
            row = store.get(kind, c["record_id"]) or {}
            when = row.get("date") or ""
        elif scope.kind in ("all", "county"):
            when = ""
        else:
            continue
        field = entity(kind).field(c["field"])
        out.append(
            {
                "kind": kind,
                "id": c["record_id"],
                "date": when,
                "field": c["field"],
                "label_zh": field.label("zh_CN") if field else c["field"],
                "label_en": field.label("en") if field else c["field"],
                "values": [h["value"] for h in c["heads"]],
            }
        )
        if len(out) >= limit:
            break
    return out


class StatCard(QFrame):
    """A big number with a caption; clickable when it leads somewhere."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#statCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.value = QLabel("–", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )  # a row of equal cards
        self.setMinimumWidth(130)

    def set(self, value: Any, caption: str, warn: bool = False) -> None:
        self.value.setText(format_number(value))
        self.value.setStyleSheet("color: #b91c1c;" if warn else "")
        self.caption.setText(caption)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class TrendChart(QWidget):
    """Records per month as stacked bars (visits / extension / training), with axes.

    The y axis has a title and three ticks with grid lines, each bar its total above
    it, and the x axis month ticks with the year under the first month and every
    January, so "03" is never ambiguous.
    """

    COLORS = (QColor("#2563eb"), QColor("#16a34a"), QColor("#d97706"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.legend: tuple[str, str, str] = ("", "", "")
        self.y_title = ""
        self.x_title = ""
        self.setMinimumHeight(220)
        self.setMinimumWidth(260)

    def set_rows(
        self,
        rows: list[dict[str, Any]],
        legend: tuple[str, str, str],
        y_title: str = "",
        x_title: str = "",
    ) -> None:
        self.rows = rows
        self.legend = legend
        self.y_title = y_title
        self.x_title = x_title
        self.update()

    @staticmethod
    def nice_top(value: int) -> int:
        """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ steps)."""
        if value <= 0:
            return 1
        step = 1
        while True:
            for m in (1, 2, 5):
                if m * step >= value:
                    return m * step
            step *= 10

    def tick_labels(self) -> list[tuple[str, str]]:
        """(month, year or "") per bar: the year under the first bar and every January."""
        out = []
        for i, row in enumerate(self.rows):
            year, month = row["month"][:4], row["month"][5:7]
            out.append((month, year if i == 0 or month == "01" else ""))
        return out

    @staticmethod
    def y_ticks(top_value: int) -> list[tuple[float, str]]:
        """The y axis' marks (fraction of the height, label), counts as people read them."""
        return [(f, format_number(round(top_value * f))) for f in (0.0, 0.5, 1.0)]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = painter.fontMetrics()
        line = fm.height()
        top_value = self.nice_top(max((r["records"] for r in self.rows), default=0))
        ticks = self.y_ticks(top_value)
        y_label_width = max(fm.horizontalAdvance(text) for _, text in ticks) + 6
        rect = QRectF(self.rect()).adjusted(
            line + y_label_width + 6, line * 2 + 8, -8, -(line * 3 + 6)
        )
        text_color = pal.text().color()
        grid = QPen(pal.mid().color())
        grid.setStyle(Qt.PenStyle.DotLine)
        # y axis: title (rotated), ticks and grid lines
        painter.save()
        painter.setPen(text_color)
        painter.translate(2, rect.center().y())
        painter.rotate(-90)
        title_box = QRectF(-rect.height() / 2, 0, rect.height(), line)
        painter.drawText(title_box, Qt.AlignmentFlag.AlignCenter, self.y_title)
        painter.restore()
        for fraction, label in ticks:
            y = rect.bottom() - rect.height() * fraction
            painter.setPen(text_color)
            painter.drawText(
                QRectF(rect.left() - y_label_width - 4, y - line / 2, y_label_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            painter.setPen(grid if fraction else QPen(pal.mid().color()))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if self.rows:
            slot = rect.width() / len(self.rows)
            small = QFont(painter.font())
            small.setPointSizeF(max(small.pointSizeF() * 0.85, 6))
            for i, (row, (month, year)) in enumerate(
                zip(self.rows, self.tick_labels(), strict=True)
            ):
                x = rect.left() + i * slot + slot * 0.15
                width = slot * 0.7
                y = rect.bottom()
                for key, color in zip(
                    ("visits", "extensions", "trainings"), self.COLORS, strict=True
                ):
                    height = rect.height() * row[key] / top_value
                    painter.fillRect(QRectF(x, y - height, width, height), color)
                    y -= height
                painter.setPen(text_color)
                value_text = format_number(row["records"])
                value_fits = QFontMetrics(small).horizontalAdvance(value_text) <= slot
                if row["records"] and value_fits:  # never overprinted on narrow bars
                    painter.setFont(small)
                    painter.drawText(
                        QRectF(x - slot * 0.15, y - line, slot, line),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        value_text,
                    )
                    painter.setFont(self.font())
                label_box = QRectF(rect.left() + i * slot, rect.bottom() + 2, slot, line)
                painter.drawText(label_box, Qt.AlignmentFlag.AlignHCenter, month)
                if year:
                    if fm.horizontalAdvance(year) > slot - 2:
                        year = "’" + year[2:]  # narrow bars: ’25 (never two years overprinted)
                    painter.drawText(
                        label_box.translated(0, line), Qt.AlignmentFlag.AlignHCenter, year
                    )
        # x axis title
        painter.setPen(text_color)
        painter.drawText(
            QRectF(rect.left(), rect.bottom() + line * 2 + 4, rect.width(), line),
            Qt.AlignmentFlag.AlignHCenter,
            self.x_title,
        )
        # legend
        x = rect.left()
        for text, color in zip(self.legend, self.COLORS, strict=False):
            painter.fillRect(QRectF(x, 6, 10, 10), color)
            painter.setPen(text_color)
            painter.drawText(
                QRectF(x + 14, 2, 140, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += 24 + fm.horizontalAdvance(text)
        painter.end()


class DashboardPage(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] | None = None
        self.error: str | None = None
        self._loading = False
        self._again = False
        self._fresh_next = False  # the kept figures were stale: compute, do not ask again
        self.gap_days = GAP_DAYS[0]

        body, layout = scrolling_body(self)
        layout.setSpacing(12)

        head = QHBoxLayout()
        self.heading = page_heading(body)
        self.scope_label = QLabel(body)
        self.scope_label.setStyleSheet("color: palette(dark);")
        head.addWidget(self.heading)
        # "正在更新…": the figures shown are the last start's, the current ones are coming.
        self.updating = QLabel(body)
        self.updating.setObjectName("updating")
        self.updating.setStyleSheet("color: #b45309;")
        self.updating.hide()
        head.addWidget(self.updating)
        head.addStretch(1)
        head.addWidget(self.scope_label)
        layout.addLayout(head)

        cards = QGridLayout()
        cards.setSpacing(10)
        self.cards: dict[str, StatCard] = {}
        for i, key in enumerate((*RECORD_KINDS, "returned", "conflicts", "unsent")):
            card = StatCard(body)
            card.setObjectName(f"card_{key}")
            self.cards[key] = card
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)

        self.breakdown_box = QGroupBox(body)
        self.breakdown_box.setObjectName("breakdown")
        breakdown_layout = QVBoxLayout(self.breakdown_box)
        switch = QHBoxLayout()
        self.breakdown_buttons = QButtonGroup(self)
        self.breakdown_by = "township"
        self._breakdown_sorted = False
        for key in ("township", "specialist"):
            button = QPushButton(self.breakdown_box)
            button.setCheckable(True)
            button.setObjectName(f"by_{key}")
            self.breakdown_buttons.addButton(button)
            button.clicked.connect(lambda _c=False, k=key: self._show_breakdown(k))
            switch.addWidget(button)
        switch.addStretch(1)
        breakdown_layout.addLayout(switch)
        self.breakdown_model = QStandardItemModel(self)
        self.breakdown_view = QTreeView(self.breakdown_box)
        self.breakdown_view.setObjectName("breakdownTable")
        self.breakdown_view.setModel(self.breakdown_model)
        self.breakdown_view.setRootIsDecorated(False)
        self.breakdown_view.setSortingEnabled(True)
        self.breakdown_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.breakdown_view.setAlternatingRowColors(True)
        self.breakdown_model.setSortRole(SORT_ROLE)
        breakdown_layout.addWidget(self.breakdown_view)
        layout.addWidget(self.breakdown_box)
        self.breakdown_box.hide()
        from ..widgets.management import ManagementStrip

        self.management = ManagementStrip(ctx, body)
        layout.addWidget(self.management)
        for kind in RECORD_KINDS:
            self.cards[kind].clicked.connect(lambda k=kind: ctx.events.navigate.emit(k, ""))
        self.cards["returned"].clicked.connect(lambda: ctx.events.navigate.emit("visit", ""))
        self.cards["conflicts"].clicked.connect(self.open_first_conflict)
        self.cards["unsent"].clicked.connect(lambda: ctx.events.navigate.emit("sync", ""))

        middle = QHBoxLayout()
        middle.setSpacing(12)
        self.gap_box = QGroupBox(body)
        gap_layout = QVBoxLayout(self.gap_box)
        buttons = QHBoxLayout()
        self.gap_buttons = QButtonGroup(self)
        for days in GAP_DAYS:
            button = QPushButton(self.gap_box)
            button.setCheckable(True)
            button.setChecked(days == self.gap_days)
            self.gap_buttons.addButton(button, days)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.program_only = QCheckBox(self.gap_box)
        self.program_only.setObjectName("programOnly")
        self.program_only.setChecked(True)
        self.program_only.toggled.connect(lambda _on: self._fill())
        buttons.addWidget(self.program_only)
        self.gap_buttons.idClicked.connect(self._on_gap_days)
        gap_layout.addLayout(buttons)
        self.gap_model = QStandardItemModel(self)
        self.gap_view = QTreeView(self.gap_box)
        self.gap_view.setObjectName("gapVillages")
        self.gap_view.setModel(self.gap_model)
        self.gap_view.setRootIsDecorated(False)
        self.gap_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gap_view.setAlternatingRowColors(True)
        self.gap_view.setMinimumHeight(220)
        self.gap_view.activated.connect(self._on_gap_activated)
        self.gap_view.doubleClicked.connect(self._on_gap_activated)
        gap_layout.addWidget(self.gap_view)
        middle.addWidget(self.gap_box, 3)

        self.trend_box = QGroupBox(body)
        trend_layout = QVBoxLayout(self.trend_box)
        self.chart = TrendChart(self.trend_box)
        trend_layout.addWidget(self.chart)
        middle.addWidget(self.trend_box, 4)
        layout.addLayout(middle)

        self.returned_box = QGroupBox(body)
        returned_layout = QVBoxLayout(self.returned_box)
        self.returned_model = QStandardItemModel(self)
        self.returned_view = QTreeView(self.returned_box)
        self.returned_view.setObjectName("returnedRecords")
        self.returned_view.setModel(self.returned_model)
        self.returned_view.setRootIsDecorated(False)
        self.returned_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.returned_view.setMinimumHeight(140)
        self.returned_view.activated.connect(self._on_returned_activated)
        self.returned_view.doubleClicked.connect(self._on_returned_activated)
        returned_layout.addWidget(self.returned_view)
        layout.addWidget(self.returned_box)

        self.conflict_box = QGroupBox(body)
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.conflict_model = QStandardItemModel(self)
        self.conflict_view = QTreeView(self.conflict_box)
        self.conflict_view.setObjectName("conflicts")
        self.conflict_view.setModel(self.conflict_model)
        self.conflict_view.setRootIsDecorated(False)
        self.conflict_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_view.setMinimumHeight(110)
        self.conflict_view.activated.connect(self._on_conflict_activated)
        self.conflict_view.doubleClicked.connect(self._on_conflict_activated)
        conflict_layout.addWidget(self.conflict_view)
        layout.addWidget(self.conflict_box)
        self.conflict_box.hide()
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

        ctx.events.language_changed.connect(self.retranslate)
        ctx.events.records_changed.connect(lambda _k: self.refresh())
        ctx.events.sync_done.connect(self.refresh)
        ctx.events.roster_changed.connect(self.refresh)
        self.retranslate()
        self._first_load = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._first_load:
            # Figures load once the window is on screen: the worker's imports and queries
            # must not compete with the first paint.  The last start's figures come first.
            self._first_load = False
            QTimer.singleShot(0, self.refresh)

    # ----------------------------------------------------------------- data
    def refresh(self, kept: bool = True) -> None:
        """Reload the figures in the background (coalesced while a load runs).

        ``kept``: first ask for the figures the last computation kept: current ones are shown
        as they are (nothing recomputed); when the data changed since, they are shown marked
        as being updated (unless the page shows figures already) while fresh ones are
        computed."""
        self._first_load = False
        if self._loading:
            self._again = True
            return
        self._loading = True
        if self.data is not None and not kept:
            self._set_updating(True)  # the figures on screen are about to change
        scope = self.ctx.scope
        role = self.ctx.role
        today = _dt.date.today()
        self.ctx.tasks.run(
            lambda store, progress, cancel: collect(store, scope, today, role, kept),
            self._loaded,
            title=self.tr("Dashboard"),
            show_progress=False,
        )

    def _set_updating(self, on: bool, failed: bool = False) -> None:
        self.updating.setVisible(on)
        if failed:
            self.updating.setText(self.tr("Not current: the figures last computed"))
        else:
            self.updating.setText(self.tr("Updating…") if on else "")
        self.updating.setToolTip(
            self.tr("These are the figures last computed; the current ones are on their way.")
            if on and not failed
            else ""
        )

    def _loaded(self, data: dict[str, Any] | None, error: BaseException | None) -> bool:
        self._loading = False
        if isinstance(error, Cancelled):  # the window is closing
            self._again = self._fresh_next = False
            return True
        if error is not None:
            log.error("dashboard figures failed: %s", error)
            self.error = str(error)
            # A refusal says why in the user's language; anything else is in the log only.
            reason = str(error) if isinstance(error, UserError) else self.tr("see the log file")
            self.status.setText(
                self.tr("The figures could not be computed: %1").replace("%1", reason)
            )
        else:
            self.error = None
            stale = bool((data or {}).get("stale"))
            if not (stale and self.data is not None):  # never older figures over newer ones
                self.data = data
                self.status.setText(
                    (data or {}).get("basis", "")
                )  # which review states the figures count
                self._set_updating(stale)
                self._fill()
            if stale:
                self._set_updating(True)
                self._fresh_next = True  # now the current figures
            else:
                self.loaded.emit()
        if self._fresh_next or self._again:
            kept = not self._fresh_next
            self._again = self._fresh_next = False
            self.refresh(kept=kept)
        elif (self.data or {}).get("stale"):
            # kept figures the fresh ones could not replace: never left looking current
            self._set_updating(True, failed=error is not None)
        else:
            self._set_updating(False)
        return True  # the error is shown on the page

    def _fill(self) -> None:
        data = self.data
        if data is None:
            return
        lang = i18n.get_language()
        month = data["this_month"]
        captions = {
            "visit": self.tr("Visits this month"),
            "extension": self.tr("Extension this month"),
            "training": self.tr("Trainings this month"),
        }
        for kind in RECORD_KINDS:
            self.cards[kind].set(month.get(kind, 0), captions[kind])
        self.cards["returned"].set(
            data["returned"], self.tr("Returned for correction"), warn=data["returned"] > 0
        )
        self.cards["conflicts"].set(
            data["open_conflicts"], self.tr("Conflicts waiting"), warn=data["open_conflicts"] > 0
        )
        unsent = data.get("unsent")
        # The county has nobody above it: no "upstream" card at all.
        self.cards["unsent"].setVisible(unsent is not None)
        if unsent is not None:
            self.cards["unsent"].set(unsent, self.tr("Not yet received upstream"))
        self._show_breakdown(self.breakdown_by)
        self.management.set_data(data.get("management"))
        for days, button in ((d, self.gap_buttons.button(d)) for d in GAP_DAYS):
            n = len(self.gap_rows(days))
            button.setText(self.tr("%1 days (%2)").replace("%1", str(days)).replace("%2", str(n)))
        self._fill_gaps()
        self.chart.set_rows(
            data.get("trend", []),
            (self.tr("Visits"), self.tr("Extension"), self.tr("Trainings")),
            y_title=self.tr("Records"),
            x_title=self.tr("Month"),
        )
        self.returned_model.clear()
        self.returned_model.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Kind"),
                self.tr("Village"),
                self.tr("Industry"),
                self.tr("Comment"),
            ]
        )
        for r in data.get("returned_rows", []):
            items = [
                QStandardItem(r["date"] or ""),
                QStandardItem(entity(r["kind"]).label(lang)),
                QStandardItem(r["village"]),
                QStandardItem(INDUSTRIES.label(r["industry"], lang)),
                QStandardItem(r["comment"]),
            ]
            items[0].setData((r["kind"], r["id"]), Qt.ItemDataRole.UserRole)
            self.returned_model.appendRow(items)
        self.returned_view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.returned_view.header().setStretchLastSection(True)
        self.returned_box.setTitle(
            self.tr("Records returned for correction (%1)").replace("%1", str(data["returned"]))
        )
        self._fill_conflicts(data)

    def _show_breakdown(self, by: str) -> None:
        """The table by township or by specialist: this month, this year, villages unserved."""
        data = self.data or {}
        available = [k for k in ("township", "specialist") if data.get(f"by_{k}") is not None]
        self.breakdown_box.setVisible(bool(available))
        if not available:
            return
        if by not in available:
            by = available[0]
        self.breakdown_by = by
        for button in self.breakdown_buttons.buttons():
            key = button.objectName()[3:]
            button.setVisible(key in available and len(available) > 1)
            button.setChecked(key == by)
        rows = data[f"by_{by}"]
        first = self.tr("Township") if by == "township" else self.tr("Specialist")
        second = self.tr("County") if by == "township" else self.tr("Station")
        villages = self.tr("Villages") if by == "township" else self.tr("Villages assigned")
        sorting = self.breakdown_view.header().sortIndicatorSection()
        order = self.breakdown_view.header().sortIndicatorOrder()
        self.breakdown_model.clear()
        self.breakdown_model.setHorizontalHeaderLabels(
            [
                first,
                second,
                self.tr("This month"),
                self.tr("This year"),
                villages,
                self.tr("Without service (%1 days)").replace("%1", str(GAP_DAYS[0])),
            ]
        )
        for r in rows:
            items = [QStandardItem(r["name"]), QStandardItem(r["parent"])]
            for item, key in zip(items, ("name_key", "parent_key"), strict=True):
                # 拼音 order; the keys come with the figures (pypinyin loads slowly)
                item.setData(r.get(key) or full_pinyin(item.text()) + item.text(), SORT_ROLE)
            for key in ("month", "year", "villages", "unserved"):
                item = QStandardItem(format_number(int(r[key])))
                item.setData(int(r[key]), SORT_ROLE)  # sorts as a number
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            if r["unserved"]:
                items[-1].setForeground(QColor("#b91c1c"))
            items[0].setData(r["id"], Qt.ItemDataRole.UserRole)
            self.breakdown_model.appendRow(items)
        header = self.breakdown_view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        if self._breakdown_sorted:
            self.breakdown_view.sortByColumn(sorting, order)
        else:
            self.breakdown_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            self._breakdown_sorted = True
        # As tall as its rows (up to 12), then it scrolls: three townships need no half page.
        visible = min(max(len(rows), 1), 12)
        row_height = self.breakdown_view.sizeHintForRow(0) if rows else 20
        header_height = self.breakdown_view.header().sizeHint().height()
        frame = 2 * self.breakdown_view.frameWidth()
        self.breakdown_view.setFixedHeight(
            header_height + visible * max(row_height, 18) + frame + 4
        )
        self.breakdown_box.setTitle(
            self.tr("By township") if by == "township" else self.tr("By specialist")
        )

    def _fill_conflicts(self, data: dict[str, Any]) -> None:
        lang = i18n.get_language()
        rows = data.get("conflict_rows", [])
        self.conflict_model.clear()
        self.conflict_model.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Date"), self.tr("Field"), self.tr("Values")]
        )
        for r in rows:
            items = [
                QStandardItem(entity(r["kind"]).label(lang)),
                QStandardItem(r["date"]),
                QStandardItem(r["label_zh"] if lang == "zh_CN" else r["label_en"]),
                QStandardItem(" ↔ ".join("" if v is None else str(v) for v in r["values"])),
            ]
            items[0].setData((r["kind"], r["id"]), Qt.ItemDataRole.UserRole)
            self.conflict_model.appendRow(items)
        self.conflict_view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.conflict_view.header().setStretchLastSection(True)
        self.conflict_box.setTitle(
            self.tr("Conflicts waiting for a decision (%1)").replace("%1", str(len(rows)))
        )
        self.conflict_box.setVisible(bool(rows))

    def open_conflict(self, record_id: str) -> None:
        """Side by side values of a record's conflicting fields; pick or type the right one."""
        from ..dialogs.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(self.ctx, record_id, self)
        if dialog.exec():
            self.ctx.events.records_changed.emit("")
        self.refresh()

    def open_first_conflict(self) -> None:
        rows = (self.data or {}).get("conflict_rows") or []
        if rows:
            self.open_conflict(rows[0]["id"])

    def _on_conflict_activated(self, index) -> None:
        _kind, record_id = self.conflict_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.open_conflict(record_id)

    def _fill_gaps(self) -> None:
        data = self.data
        self.gap_model.clear()
        self.gap_model.setHorizontalHeaderLabels(
            [
                self.tr("Village"),
                self.tr("Township"),
                self.tr("Poor village"),
                self.tr("Last service"),
            ]
        )
        if data is None:
            return
        rows = self.gap_rows(self.gap_days)
        for v in rows:
            items = [
                QStandardItem(v["name"] or ""),
                QStandardItem(v.get("township") or ""),
                QStandardItem(self.tr("Yes") if v.get("is_poor") else ""),
                QStandardItem(v.get("last_service") or self.tr("never")),
            ]
            items[0].setData(v["id"], Qt.ItemDataRole.UserRole)
            self.gap_model.appendRow(items)
        header = self.gap_view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.gap_box.setTitle(
            self.tr("Villages without service in %1 days (%2 of %3)")
            .replace("%1", str(self.gap_days))
            .replace("%2", str(len(rows)))
            .replace("%3", str(self._village_total()))
        )

    def gap_rows(self, days: int) -> list[dict[str, Any]]:
        """Villages without service in ``days`` days; with the box ticked only those in the
        programme (poor, or with a specialist assigned), which is what a station answers for."""
        rows = (self.data or {}).get("gap_villages", {}).get(days, [])
        if self.program_only.isChecked():
            rows = [v for v in rows if v.get("in_program", True)]
        return rows

    def _village_total(self) -> int:
        data = self.data or {}
        if self.program_only.isChecked() and "villages_in_program" in data:
            return int(data["villages_in_program"])
        return int(data.get("villages", 0))

    def _on_gap_days(self, days: int) -> None:
        self.gap_days = days
        self._fill_gaps()

    def _on_gap_activated(self, index) -> None:
        village_id = self.gap_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if village_id:
            self.ctx.events.navigate.emit("villages", village_id)

    def _on_returned_activated(self, index) -> None:
        kind, record_id = self.returned_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.ctx.events.open_record.emit(kind, record_id)

    def smoke_pending(self) -> bool:
        return (
            self._first_load
            or self._loading
            or (self.data is None and self.error is None)
            or bool((self.data or {}).get("stale"))
            or self._fresh_next
        )

    def smoke_problem(self) -> str | None:
        if self.error:
            return f"dashboard: {self.error}"
        if self.data is None:
            return "dashboard figures not loaded"
        return None

    # ----------------------------------------------------------- language
    def retranslate(self, _lang: str = "") -> None:
        self.heading.setText(self.tr("Dashboard"))
        self.trend_box.setTitle(self.tr("Records per month (last 12 months)"))
        self.gap_box.setTitle(self.tr("Villages without service"))
        self.returned_box.setTitle(self.tr("Records returned for correction"))
        node = self.ctx.node
        scope = self.ctx.scope
        if scope.kind == "all":
            where = self.tr("All villages")
        else:
            org_id = scope.org_id
            if scope.kind == "specialist" and scope.specialist_id:
                person = self.ctx.store.get("specialist", scope.specialist_id)
                where = (person or {}).get("name") or ""
            else:
                org = self.ctx.store.get("org_unit", org_id) if org_id else None
                where = (org or {}).get("name") or ""
        self.scope_label.setText(
            self.tr("%1 · %2 · today %3")
            .replace("%1", where)
            .replace("%2", node.actor or self.tr("(no name)"))
            .replace("%3", _dt.date.today().isoformat())
        )
        for days in GAP_DAYS:
            self.gap_buttons.button(days).setText(self.tr("%1 days").replace("%1", str(days)))
        self.program_only.setText(self.tr("Only villages in the programme"))
        for button in self.breakdown_buttons.buttons():
            by_township = button.objectName() == "by_township"
            button.setText(self.tr("By township") if by_township else self.tr("By specialist"))
        self.program_only.setToolTip(
            self.tr("Poor villages and villages with an assigned specialist")
        )
        self._fill()
