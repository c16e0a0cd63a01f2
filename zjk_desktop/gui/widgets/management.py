"""Small management pieces other pages show: the dashboard's "本月未报送" strip and the
photo-evidence lines of the review page (issue 13).  The figures come from the core."""

from __future__ import annotations

import base64
import datetime as _dt
import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ..context import AppContext

NAMES_SHOWN = 12


def dashboard_figures(store, scope, today: _dt.date, role: str | None) -> dict[str, Any] | None:
    """What the strip shows (worker thread): silent specialists/stations and overdue requests.
    Computed by the core (``figure_cache.management_strip``) and kept with the start page's
    figures."""
    from ...figure_cache import management_strip

    return management_strip(store, scope, today, role)


class ManagementStrip(QFrame):
    """本月未报送：… / 未转报的服务站：… / 超期未答复的农户需求 N 件 (township and county dashboards)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("managementStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#managementStrip { background: #fff7ed; border: 1px solid #fdba74;"
            " border-radius: 4px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.silent = QLabel(self)
        self.towns = QLabel(self)
        self.requests = QLabel(self)
        for label in (self.silent, self.towns, self.requests):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self.requests.setTextFormat(Qt.TextFormat.RichText)
        self.requests.linkActivated.connect(
            lambda _link: ctx.events.navigate.emit("requests", "overdue")
        )
        self.setVisible(False)

    def set_data(self, data: dict[str, Any] | None) -> None:
        if not data:
            self.setVisible(False)
            return
        people, towns = data.get("specialists", []), data.get("townships", [])

        def names(items: list[str]) -> str:
            shown = "、".join(items[:NAMES_SHOWN])
            more = len(items) - NAMES_SHOWN
            return shown + (
                QCoreApplication.translate("ManagementStrip", "… and %1 more").replace(
                    "%1", str(more)
                )
                if more > 0
                else ""
            )

        self.silent.setText(
            QCoreApplication.translate(
                "ManagementStrip", "Nothing received this month from: %1"
            ).replace("%1", names(people))
            if people
            else QCoreApplication.translate(
                "ManagementStrip", "Every specialist has sent a file this month."
            )
        )
        self.towns.setVisible(bool(towns))
        self.towns.setText(
            QCoreApplication.translate(
                "ManagementStrip", "Stations that have not forwarded this month: %1"
            ).replace("%1", names(towns))
        )
        n = int(data.get("overdue_requests") or 0)
        self.requests.setVisible(n > 0)
        self.requests.setText(
            "<a href='overdue'>"
            + html.escape(
                QCoreApplication.translate(
                    "ManagementStrip", "%1 farmers' requests overdue"
                ).replace("%1", str(n))
            )
            + "</a>"
        )
        self.setVisible(True)


def evidence_html(store, row: dict[str, Any], thumbnails: bool = True) -> str:
    """Photo flags (and upright thumbnails) of one record, as HTML for a QTextBrowser."""
    from ...management.evidence import record_flags, thumbnail_jpeg

    photos = row.get("photos") or []
    if not photos:
        return ""
    flags = record_flags(store, row)
    parts = []
    if thumbnails:
        cells = []
        for digest in photos[:6]:
            data = store.get_blob(digest)
            thumb = thumbnail_jpeg(data, 96) if data else None
            if thumb:
                cells.append(
                    f"<img src='data:image/jpeg;base64,{base64.b64encode(thumb).decode()}'> "
                )
        parts.append("<p>" + "".join(cells) + "</p>")
    if flags:
        title = QCoreApplication.translate("Evidence", "Photo evidence to check (%1)").replace(
            "%1", str(len(flags))
        )
        items = "".join(f"<li>{html.escape(f.message)}</li>" for f in flags)
        parts.append(
            f"<p style='color:#b45309'><b>⚠ {html.escape(title)}</b></p><ul style='color:#b45309'>{items}</ul>"
        )
    else:
        parts.append(
            "<p style='color:#15803d'>"
            + html.escape(
                QCoreApplication.translate(
                    "Evidence", "Photos match the record's date and village."
                )
            )
            + "</p>"
        )
    return "".join(parts)


def upright_pixmap(data: bytes):
    """A QPixmap of the photo with its EXIF orientation applied (phone photos stand upright)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader, QPixmap

    buffer = QBuffer()
    buffer.setData(QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()
