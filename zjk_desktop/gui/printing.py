"""打印 and 打印预览: record lists as tables, reports as the PDF pages they are.

Lists print through a ``QTextDocument`` (an HTML table, every cell escaped, headers
repeated by Qt on each page).  Reports print the PDF the core wrote, page by page,
rendered by PDFium (``pypdfium2``; Qt's own PDF module is not in PySide6-Essentials)
at the printer's resolution (capped at 300 dpi), so the paper shows exactly the file.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

PRINT_DPI_CAP = 300


def new_printer() -> QPrinter:
    """A4 portrait with 12 mm margins, the printer's own resolution."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


# ------------------------------------------------------------------- tables
def table_html(
    title: str, subtitle: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> str:
    """A printable table: every user string escaped (a village named "<b>" prints as typed)."""
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)

    def cell(value) -> str:
        text = "" if value is None else str(value)
        wrap = " nowrap" if len(text) <= 10 else ""  # dates and numbers stay on one line
        return f"<td{wrap}>{esc(text)}</td>"

    body = "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
    return (
        "<html><head><style>"
        "body { font-size: 9pt; } h2 { font-size: 13pt; margin: 0; }"
        " p.sub { color: #444; margin: 2px 0 8px 0; }"
        " table { border-collapse: collapse; } th { background: #e5e7eb; text-align: left; }"
        " th, td { border: 1px solid #9ca3af; padding: 2px 4px; }"
        "</style></head><body>"
        f"<h2>{esc(title)}</h2><p class='sub'>{esc(subtitle)}</p>"
        f"<table width='100%' cellspacing='0' cellpadding='3'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )


def table_document(title: str, subtitle: str, headers, rows) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(table_html(title, subtitle, headers, rows))
    return document


def paint_document(document: QTextDocument, printer: QPrinter) -> None:
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    document.print_(printer)


# -------------------------------------------------------------------- PDFs
def pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # ships no py.typed

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def paint_pdf(path: Path, printer: QPrinter) -> int:
    """Every page of the PDF onto the printer, fitted to the printable area; returns pages."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        return 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        area = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        area.moveTo(0, 0)
        pages = len(document)
        for number in range(pages):
            if number:
                printer.newPage()
            page = document[number]
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB32,
            )
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            target.moveCenter(area.center())
            painter.drawImage(target, image)
            bitmap.close()
            page.close()
        return pages
    finally:
        painter.end()
        document.close()


# --------------------------------------------------------------- dialogs
def preview(parent: QWidget | None, title: str, paint: Callable[[QPrinter], object]) -> None:
    """打印预览: Qt's preview window (zoom, page set-up, print from there)."""
    printer = new_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(
        QCoreApplication.translate("Printing", "Print preview: %1").replace("%1", title)
    )
    dialog.paintRequested.connect(paint)
    from .widgets import available_geometry

    area = available_geometry(dialog)
    dialog.resize(min(1000, area.width() - 40), area.height() - 60)
    dialog.exec()


def print_now(parent: QWidget | None, title: str, paint: Callable[[QPrinter], object]) -> bool:
    """打印: the system's print dialog, then the printer."""
    printer = new_printer()
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Print: %1").replace("%1", title))
    if not dialog.exec():
        return False
    paint(printer)
    return True
