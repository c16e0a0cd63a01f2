"""The record form's photo strip: thumbnails, add by file or drop, view full size.

Preparing and storing a photo is core work shared with the CLI: ``zjk_desktop/photos.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...photos import PHOTO_MAX_BYTES, PhotoError, store_photo_bytes
from ...store import Store
from . import available_geometry
from .management import upright_pixmap

log = logging.getLogger(__name__)

THUMB = 96
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")


class PhotoViewer(QDialog):
    """One photo, large."""

    def __init__(self, data: bytes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        pixmap = upright_pixmap(data)  # EXIF orientation applied (issue 13)
        label = QLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        screen = available_geometry(self)
        limit = QSize(int(screen.width() * 0.8), int(screen.height() * 0.8))
        if pixmap.width() > limit.width() or pixmap.height() > limit.height():
            pixmap = pixmap.scaled(
                limit,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        label.setPixmap(pixmap)
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(
            min(pixmap.width() + 40, limit.width()), min(pixmap.height() + 80, limit.height())
        )


class PhotoStrip(QWidget):
    """Thumbnails of a record's photos: add from a file or drag in, open large, remove."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.store: Store | None = None
        self.list = QListWidget(self)
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setFixedHeight(THUMB + 40)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.itemDoubleClicked.connect(self._open)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")
        self.add_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.setAcceptDrops(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add photo…"))
        self.open_button.setText(self.tr("Open"))
        self.remove_button.setText(self.tr("Remove"))
        self.hint.setText(self.tr("or drag photos here"))

    def digests(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set_digests(self, digests: list[str] | None) -> None:
        self.list.clear()
        for digest in digests or []:
            self._add_item(digest)

    def _add_item(self, digest: str) -> None:
        if digest in self.digests():
            return
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, digest)
        data = self.store.get_blob(digest) if self.store is not None else None
        if data:
            pixmap = upright_pixmap(data)
            item.setIcon(
                QIcon(
                    pixmap.scaled(
                        THUMB,
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            )
            item.setToolTip(self.tr("Double-click to open"))
        else:  # photo not received yet (sync sends blobs separately)
            item.setText(self.tr("(missing)"))
            item.setToolTip(digest)
        self.list.addItem(item)

    def add_files(self, paths: list[str]) -> list[str]:
        """Store the images and show them; returns a message per file that was refused."""
        refused = []
        for path in paths:
            name = Path(path).name
            try:
                if Path(path).stat().st_size > PHOTO_MAX_BYTES:
                    refused.append(self.tr("%1: the file is too large").replace("%1", name))
                    continue
                data = Path(path).read_bytes()
            except OSError as exc:
                refused.append(f"{name}: {exc.strerror or exc}")
                continue
            try:
                assert self.store is not None  # set by the form before any photo is added
                digest = store_photo_bytes(self.store, data, name)
            except PhotoError:
                refused.append(self.tr("%1 is not a picture").replace("%1", name))
                continue
            self._add_item(digest)
        self.changed.emit()
        return refused

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            str(Path.home()),
            self.tr("Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)"),
        )
        self._report(self.add_files(paths))

    def _report(self, refused: list[str]) -> None:
        if refused:
            QMessageBox.warning(self, self.tr("Photos"), "\n".join(refused))

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None or self.store is None:
            return
        data = self.store.get_blob(item.data(Qt.ItemDataRole.UserRole))
        if data:
            PhotoViewer(data, self).exec()

    def dragEnterEvent(self, event) -> None:
        if any(
            u.isLocalFile() and u.toLocalFile().lower().endswith(IMAGE_SUFFIXES)
            for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self._report(self.add_files(paths))
