#!/usr/bin/env python3
"""Draw the program icon with QPainter: resources/icons/app.svg and app.png (256 px).

A green rounded square with a white 科 (科技特派员) over a yellow furrow — the same
design as installer/assets (whose .ico the Windows installer uses).  Run once after a
change; the files are committed.  Needs a CJK font (Debian fonts-wqy-microhei).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgGenerator

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def paint(painter: QPainter, size: float) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pad = size / 16
    square = QPainterPath()
    square.addRoundedRect(QRectF(pad, pad, size - 2 * pad, size - 2 * pad), size / 5, size / 5)
    painter.fillPath(square, QColor(46, 125, 50))
    furrow = QPainterPath()
    furrow.addRoundedRect(
        QRectF(size * 0.22, size * 0.78, size * 0.56, size * 0.05), size / 50, size / 50
    )
    painter.fillPath(furrow, QColor(255, 213, 79))
    font = QFont("WenQuanYi Micro Hei")
    font.setPixelSize(int(size * 0.55))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.white)
    painter.drawText(QRectF(0, size * 0.08, size, size * 0.66), Qt.AlignmentFlag.AlignCenter, "科")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint(painter, 256)
    painter.end()
    image.save(str(OUT / "app.png"))
    svg = QSvgGenerator()
    svg.setFileName(str(OUT / "app.svg"))
    svg.setSize(QSize(256, 256))
    svg.setViewBox(QRectF(0, 0, 256, 256))
    svg.setTitle("zjk-desktop")
    painter = QPainter(svg)
    paint(painter, 256)
    painter.end()
    del app
    print(f"wrote {OUT / 'app.png'} and {OUT / 'app.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
