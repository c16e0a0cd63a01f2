"""Record forms (visit, extension, training) from Designer files, with drafts that survive a crash.

The form's widgets come from ``ui/<kind>_form.ui``: for every field ``x`` the
file holds ``label_x`` (its label), ``f_x`` (its editor) and ``err_x`` (the
inline message under it).  Labels, units and choices come from the entity
spec, so they follow the language setting; messages come from the core's
validation (``Store.write`` raising ``ValidationFailed``), shown under the
field they belong to.

While a form has unsaved changes it is written every few seconds to a draft
file in ``<user data>/drafts/``; saving or discarding removes it.  A draft
left behind by a crash or power cut is offered back at the next start
(``offer_drafts``, called by the main window).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import i18n, queries
from ..domain.entities import FieldSpec, entity
from ..domain.validation import Problem, coerce_value, normalize, validate
from ..paths import user_data_dir
from ..search import roster_index
from ..domain.ids import new_id
from ..store import Change, StoreError
from ..store.versions import ValidationFailed
from ..photos import (  # noqa: F401 - PHOTO_MAX_SIDE re-exported for the form's callers
    PHOTO_MAX_BYTES,
    PHOTO_MAX_SIDE,
    PhotoError,
    store_photo_bytes,
)
from .context import AppContext
from .inputs import NumberEdit, make_date_typable
from .pickers import PinyinPicker
from .uiload import child, load_ui, retranslate_form
from .widgets import available_geometry, keep_dialog_size

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000
THUMB = 96
NO_DATE = QDate(1999, 12, 31)  # the "not given" value of optional date editors
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")
ERROR_STYLE = "color: #b91c1c;"
WARNING_STYLE = "color: #92400e;"


# ---------------------------------------------------------------- photos
# Preparing and storing a photo is core work shared with the CLI: zjk_desktop/photos.py.


class PhotoViewer(QDialog):
    """One photo, large."""

    def __init__(self, data: bytes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Photo"))
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        label = QLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        screen = available_geometry(self)
        limit = (
            QSize(int(screen.width() * 0.8), int(screen.height() * 0.8))
            if screen
            else QSize(1200, 900)
        )
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
        self.store = None
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
            pixmap = QPixmap()
            pixmap.loadFromData(data)
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

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if any(
            u.isLocalFile() and u.toLocalFile().lower().endswith(IMAGE_SUFFIXES)
            for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self._report(self.add_files(paths))


# ----------------------------------------------------------------- drafts
def drafts_dir() -> Path:
    path = user_data_dir() / "drafts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Draft:
    path: Path
    kind: str
    record_id: str | None
    values: dict[str, Any]
    saved_at: str
    db_path: str | None
    saving_as: str | None = None  # the id of the record it was being saved as, if any

    @property
    def target_id(self) -> str | None:
        """The record this draft edits: the one it became when a save got that far."""
        return self.record_id or self.saving_as

    def remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def write_draft(
    path: Path,
    kind: str,
    record_id: str | None,
    values: dict[str, Any],
    db_path,
    saving_as: str | None = None,
) -> None:
    """Atomically (temp file + rename) so a power cut leaves the old draft or the new one.

    ``saving_as`` is written just before a new record is saved under that id: if the
    program dies between the save and the draft's removal, the draft knows the record
    it became and is never offered as a second, identical record.
    """
    data = {
        "kind": kind,
        "record_id": record_id,
        "values": values,
        "saved_at": _dt.datetime.now().isoformat(timespec="seconds"),
        "db_path": str(db_path) if db_path else None,
        "saving_as": saving_as,
    }
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _same_db(a: str | None, b) -> bool:
    if not a or not b:
        return True
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == str(b)


def pending_drafts(ctx: AppContext) -> list[Draft]:
    """Drafts left behind for this database, oldest first (unreadable files are skipped and logged)."""
    out = []
    for path in sorted(drafts_dir().glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            draft = Draft(
                path,
                data["kind"],
                data.get("record_id"),
                dict(data["values"]),
                data.get("saved_at", ""),
                data.get("db_path"),
                data.get("saving_as"),
            )
            entity(draft.kind)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable draft %s: %s", path, exc)
            continue
        if _same_db(draft.db_path, ctx.db_path):
            if _already_saved(ctx, draft):
                log.info("removing draft %s: its record was saved with these values", path)
                draft.remove()
                continue
            out.append(draft)
        elif draft.db_path and not Path(draft.db_path).exists():
            # Its database is gone (a throw-away demo copy): nobody can restore it.
            log.info("removing draft %s of a database that no longer exists", path)
            draft.remove()
    return sorted(out, key=lambda d: d.saved_at)


def _already_saved(ctx: AppContext, draft: Draft) -> bool:
    """True when the record the draft edits (or became) holds exactly the draft's values."""
    target = draft.target_id
    if not target:
        return False
    row = ctx.store.get(draft.kind, target)
    if row is None:
        return False
    values, problems = normalize(entity(draft.kind), draft.values)
    if problems:
        return False
    return all(row.get(name) == value for name, value in values.items() if name != "review_state")


def offer_drafts(ctx: AppContext, parent: QWidget | None = None) -> int:
    """Offer each unsaved draft back (restore / discard / later); returns how many were restored."""
    restored = 0
    lang = i18n.get_language()
    for draft in pending_drafts(ctx):
        label = entity(draft.kind).label(lang)
        when = draft.saved_at.replace("T", " ")
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(RecordFormDialog.tr("Unsaved draft"))
        box.setText(
            RecordFormDialog.tr("An unsaved %1 from %2 was found. Restore it?")
            .replace("%1", label)
            .replace("%2", when)
        )
        summary = _draft_summary(ctx, draft)
        if summary:
            box.setInformativeText(summary)
        restore = box.addButton(RecordFormDialog.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(
            RecordFormDialog.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(RecordFormDialog.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is discard:
            draft.remove()
        elif clicked is restore:
            record_id = draft.target_id
            if record_id and ctx.store.get(draft.kind, record_id) is None:
                record_id = None  # the record was deleted meanwhile: the draft becomes a new one
            dialog = RecordFormDialog(ctx, draft.kind, record_id, parent, draft=draft)
            dialog.exec()
            restored += 1
    return restored


def _draft_summary(ctx: AppContext, draft: Draft) -> str:
    values = draft.values
    index = roster_index(ctx.store)
    parts = [values.get("date") or "", index.villages.name(values.get("village_id"))]
    text = values.get("content") or values.get("topic") or values.get("name") or ""
    parts.append(" ".join(str(text).split())[:60])
    return "  ".join(p for p in parts if p)


# ------------------------------------------------------------------ form
class RecordForm(QWidget):
    """The editors of one record kind, loaded from ``ui/<kind>_form.ui``."""

    changed = Signal(str)  # field name

    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.spec = entity(kind)
        self.ui = load_ui(f"{kind}_form", self, custom=(PinyinPicker, PhotoStrip, NumberEdit))
        self.fields: list[FieldSpec] = [f for f in self.spec.fields if f.group == "author"]
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        for f in self.fields:
            self.editors[f.name] = child(self.ui, f"f_{f.name}")
            self.labels[f.name] = child(self.ui, f"label_{f.name}")  # type: ignore[assignment]
            self.errors[f.name] = child(self.ui, f"err_{f.name}")  # type: ignore[assignment]
            self._set_error_visible(f.name, False)
        self.banner: QLabel = child(self.ui, "banner")  # type: ignore[assignment]
        self.banner.setVisible(False)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        scroll = QScrollArea(self)
        scroll.setWidget(self.ui)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._setup_editors()
        self._tab_order()
        self.retranslate()

    # -------------------------------------------------------------- setup
    def _setup_editors(self) -> None:
        for f in self.fields:
            w = self.editors[f.name]
            name = f.name
            if isinstance(w, QDateEdit):
                if not f.required:
                    w.setMinimumDate(NO_DATE)
                    w.setSpecialValueText("—")
                    w.setDate(NO_DATE)
                    w.installEventFilter(self)
                    w.setToolTip(self.tr("“—” means no date; click to pick one, Delete clears it"))
                w.setMaximumDate(QDate(2100, 12, 31))
                make_date_typable(w)
                w.dateChanged.connect(lambda _d, n=name: self.changed.emit(n))
            elif isinstance(w, NumberEdit):
                w.textChanged.connect(lambda _t, n=name: self.changed.emit(n))
            elif isinstance(w, PinyinPicker):
                w.picked.connect(lambda _v, n=name: self.changed.emit(n))
                w.textEdited.connect(lambda _t, n=name: self.changed.emit(n))
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(lambda _i, n=name: self.changed.emit(n))
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(lambda n=name: self.changed.emit(n))
            elif isinstance(w, QLineEdit):
                w.textChanged.connect(lambda _t, n=name: self.changed.emit(n))
            elif isinstance(w, PhotoStrip):
                w.store = self.ctx.store
                w.changed.connect(lambda n=name: self.changed.emit(n))
        self.fill_pickers()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """Optional dates: a click on "—" starts at today; Delete goes back to "—"."""
        if isinstance(watched, QDateEdit) and watched.minimumDate() == NO_DATE:
            if event.type() == QEvent.Type.MouseButtonPress and watched.date() == NO_DATE:
                watched.setDate(QDate.currentDate())
                watched.setFocus()
                return (
                    True  # this click only fills in today; the next one edits or opens the calendar
                )
            elif event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Delete,
                Qt.Key.Key_Backspace,
            ):
                watched.setDate(NO_DATE)
                return True
        return super().eventFilter(watched, event)

    def fill_pickers(self) -> None:
        store = self.ctx.store
        index = roster_index(store)
        scope = self.ctx.scope
        villages = queries.villages_in_scope(store, scope)
        picker: PinyinPicker = self.editors["village_id"]  # type: ignore[assignment]
        picker.set_items(
            (vid, index.villages.name(vid), [index.townships.name(index.village_township.get(vid))])
            for vid in sorted(villages, key=index.villages.sort_key)
        )
        people = queries.specialists_in_scope(store, scope)
        person: PinyinPicker = self.editors["specialist_id"]  # type: ignore[assignment]
        person.set_items(
            (sid, index.specialists.name(sid), ())
            for sid in sorted(people, key=index.specialists.sort_key)
        )
        node = self.ctx.node
        if node.role == "specialist" and node.specialist_id:
            person.set_current_id(node.specialist_id)
            person.setEnabled(False)  # a specialist records their own work
        picker.picked.connect(self._village_picked)
        person.picked.connect(self._specialist_picked)

    # ------------------------------------------------------ context fill-in
    def _fill(self, name: str, value: Any) -> None:
        """Fill in a field the person left empty, as if they had chosen it."""
        if value is None or self.value(name) not in (None, ""):
            return
        self.set_value(name, value)
        self.changed.emit(name)

    def _village_picked(self, village_id: Any) -> None:
        """A village chosen: its specialist (when only one serves it) and its usual industry."""
        if not village_id:
            return
        context = queries.village_context(self.ctx.store, village_id, self.value("date"))
        person = self.editors["specialist_id"]
        current = self.value("specialist_id")
        if person.isEnabled() and context.specialist_id and current not in context.specialists:
            self.set_value("specialist_id", context.specialist_id)
            self.changed.emit("specialist_id")
        self._fill("industry", context.industry)

    def _specialist_picked(self, specialist_id: Any) -> None:
        """A specialist chosen: their village, when they serve only one."""
        if specialist_id and not self.value("village_id"):
            villages = queries.villages_of_specialist(
                self.ctx.store, specialist_id, self.value("date")
            )
            if len(villages) == 1:
                self._fill("village_id", villages[0])
                self._village_picked(villages[0])

    def preselect_for_new(self) -> None:
        """A new record of a specialist with one village: that village and its industry."""
        node = self.ctx.node
        if node.role == "specialist" and node.specialist_id and not self.value("village_id"):
            villages = queries.villages_of_specialist(
                self.ctx.store, node.specialist_id, self.value("date")
            )
            if len(villages) == 1:
                self.set_value("village_id", villages[0])
                context = queries.village_context(self.ctx.store, villages[0], self.value("date"))
                if self.value("industry") in (None, ""):
                    self.set_value("industry", context.industry)

    def _tab_order(self) -> None:
        previous = None
        for f in self.fields:
            w = self.editors[f.name]
            if previous is not None:
                QWidget.setTabOrder(previous, w)
            previous = w

    def retranslate(self) -> None:
        lang = i18n.get_language()
        retranslate_form(self.ui)
        for f in self.fields:
            label = f.label(lang)
            if f.required:
                self.labels[f.name].setText(f"{label} <span style='color:#b91c1c'>*</span>")
                self.labels[f.name].setTextFormat(Qt.TextFormat.RichText)
                self.labels[f.name].setToolTip(self.tr("Required"))
            else:
                self.labels[f.name].setText(label)
            w = self.editors[f.name]
            unit = f.unit(lang)
            if isinstance(w, NumberEdit):
                w.set_unit(unit)  # visible while empty too ("—  小时")
                if f.type == "float":
                    w.setToolTip(self.tr("A number; decimals allowed, e.g. 12.5"))
                else:
                    w.setToolTip(self.tr("A whole number"))
            if isinstance(w, QComboBox) and f.enum is not None:
                current = w.currentData()
                w.blockSignals(True)
                w.clear()
                w.addItem(self.tr("— choose —") if f.required else "", None)
                for choice in f.enum:
                    w.addItem(choice.label(lang), choice.code)
                w.setCurrentIndex(max(w.findData(current), 0) if current else 0)
                w.blockSignals(False)
            if isinstance(w, PinyinPicker):
                w.setPlaceholderText(self.tr("Type a name, pinyin or initials"))
            if isinstance(w, PhotoStrip):
                w.retranslate()

    # ------------------------------------------------------------- values
    def value(self, name: str) -> Any:
        f = self.spec.field(name)
        w = self.editors[name]
        if isinstance(w, QDateEdit):
            if w.date() == NO_DATE:
                return None
            return w.date().toString("yyyy-MM-dd")
        if isinstance(w, NumberEdit):
            # The number typed, or the text itself when it is none: the core then says
            # why under the field ("应为整数") instead of the form guessing a number.
            text = w.number_text()
            if not text:
                return None
            number, problem = coerce_value(f, text)
            return text if problem is not None else number
        if isinstance(w, PinyinPicker):
            if w.current_id() is None and w.text().strip():
                return w.text().strip()  # an unknown name: the core says so under the field
            return w.current_id()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip() or None
        if isinstance(w, QLineEdit):
            return w.text().strip() or None
        if isinstance(w, PhotoStrip):
            return w.digests() or None
        raise TypeError(f"no editor for {f}")

    def values(self) -> dict[str, Any]:
        return {f.name: self.value(f.name) for f in self.fields}

    def set_value(self, name: str, value: Any) -> None:
        w = self.editors[name]
        w.blockSignals(True)
        try:
            if isinstance(w, QDateEdit):
                date = QDate.fromString(str(value), "yyyy-MM-dd") if value else QDate()
                w.setDate(
                    date
                    if date.isValid()
                    else (NO_DATE if w.minimumDate() == NO_DATE else QDate.currentDate())
                )
            elif isinstance(w, NumberEdit):
                w.set_number(value)
            elif isinstance(w, PinyinPicker):
                w.set_current_id(value)
                if value and w.current_id() is None:
                    # Outside this node's lists (e.g. a county record): show the name anyway.
                    index = roster_index(self.ctx.store)
                    name_text = (
                        index.villages.name(value) or index.specialists.name(value) or str(value)
                    )
                    w.setText(name_text)
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(w.findData(value), 0) if value else 0)
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(value or "")
            elif isinstance(w, QLineEdit):
                w.setText(value or "")
            elif isinstance(w, PhotoStrip):
                w.set_digests(value)
        finally:
            w.blockSignals(False)

    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            if f.name in values:
                self.set_value(f.name, values[f.name])

    # ----------------------------------------------------------- messages
    def _set_error_visible(self, name: str, visible: bool) -> None:
        label = self.errors[name]
        layout = label.parentWidget().layout() if label.parentWidget() else None
        if isinstance(layout, QFormLayout):
            layout.setRowVisible(label, visible)  # a hidden row takes no spacing either
        label.setVisible(visible)

    def clear_problems(self) -> None:
        for name, label in self.errors.items():
            label.clear()
            self._set_error_visible(name, False)
        self.show_banner("")

    def show_problems(
        self, problems: list[Problem], fields: set[str] | None = None
    ) -> list[Problem]:
        """Put each problem under its field; returns those that belong to no field shown."""
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p)
        for name, label in self.errors.items():
            found = by_field.pop(name, []) if fields is None or name in fields else []
            if found:
                label.setText("\n".join(p.message() for p in found))
                is_error = any(p.is_error for p in found)
                label.setStyleSheet(ERROR_STYLE if is_error else WARNING_STYLE)
                self._set_error_visible(name, True)
            else:
                by_field.pop(name, None)
                label.clear()
                self._set_error_visible(name, False)
        return [p for ps in by_field.values() for p in ps]

    def first_problem_editor(self) -> QWidget | None:
        for f in self.fields:
            if self.errors[f.name].isVisible():
                return self.editors[f.name]
        return None

    def show_banner(self, text: str, style: str = ERROR_STYLE) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style + " padding: 6px;")
        self.banner.setVisible(bool(text))

    def live_problems(self, base: dict[str, Any]) -> list[Problem]:
        """The core's checks on the values as typed so far (nothing is written)."""
        row, problems = normalize(self.spec, {**base, **self.values()})
        skip = frozenset(p.field for p in problems)
        return problems + validate(self.spec, row, self.ctx.store.refs(), skip=skip)


class RecordFormDialog(QDialog):
    """Create or edit one record: Ctrl+S saves, Esc cancels (asking about unsaved changes)."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: str | None = None,
        parent: QWidget | None = None,
        *,
        draft: Draft | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.spec = entity(kind)
        self.record_id = record_id
        self.saved_id: str | None = None
        self.original: dict[str, Any] = {}
        self.touched: set[str] = set()
        self._acknowledged: set[tuple[str, str]] = set()
        self.dirty = False
        self._loading = True
        self.draft_path = draft.path if draft else drafts_dir() / f"{kind}-{uuid.uuid4().hex}.json"
        self.setObjectName(f"record_form_{kind}")
        self.setSizeGripEnabled(True)

        self.form = RecordForm(ctx, kind, self)
        self.save_button = QPushButton(self)
        self.save_new_button = QPushButton(self)
        self.save_new_button.setObjectName("saveAndNew")
        self.submit_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        self.save_new_button.clicked.connect(self.save_and_new)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)

        self._shortcuts = []
        for keys, slot in (
            (QKeySequence.StandardKey.Save, lambda: self.save()),
            (QKeySequence("Ctrl+Shift+S"), self.save_and_new),
            (QKeySequence.StandardKey.New, self.new_record),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(400)
        self._live.timeout.connect(self._live_check)
        self.form.changed.connect(self._on_changed)
        ctx.events.language_changed.connect(self._on_language)

        self._load(record_id, draft)
        self.retranslate()
        keep_dialog_size(self, ctx.settings, f"record_{kind}", QSize(700, 820))
        self._loading = False

    # -------------------------------------------------------------- state
    def _load(self, record_id: str | None, draft: Draft | None) -> None:
        if record_id:
            row = self.ctx.store.get(self.kind, record_id)
            if row is None:
                raise StoreError(i18n.t("store.not_found", id=record_id))
            self.original = row
            self.form.set_values(row)
        else:
            self.original = {}
            self.form.set_value("date", _dt.date.today().isoformat())
            if draft is None:
                self.form.preselect_for_new()
        self._show_review_note()
        if draft is not None:
            self.form.set_values(draft.values)
            self.touched = {k for k, v in draft.values.items() if v != self.original.get(k)}
            self.dirty = True
            self.form.show_banner(
                self.tr("Restored from an unsaved draft of %1.").replace(
                    "%1", draft.saved_at.replace("T", " ")
                ),
                WARNING_STYLE,
            )

    def _show_review_note(self) -> None:
        row = self.original
        if row.get("review_state") == "returned":
            text = (
                self.tr("Returned for correction by %1 on %2: %3")
                .replace("%1", row.get("reviewed_by") or "—")
                .replace("%2", row.get("reviewed_at") or "—")
                .replace("%3", row.get("review_comment") or "")
            )
            self.form.show_banner(text)
        elif row.get("_conflicts"):
            self.form.show_banner(
                self.tr(
                    "This record has conflicting edits from different computers;"
                    " use “Resolve conflict” in the list."
                ),
                WARNING_STYLE,
            )

    def preset(self, **values: Any) -> None:
        """Defaults for a new record (from the list's filters); not counted as a change."""
        self._loading = True
        for name, value in values.items():
            if value and self.form.value(name) in (None, ""):
                self.form.set_value(name, value)
        self._loading = False

    def retranslate(self) -> None:
        label = self.spec.label(i18n.get_language())
        if self.record_id:
            self.setWindowTitle(self.tr("Edit: %1").replace("%1", label))
        else:
            self.setWindowTitle(self.tr("New: %1").replace("%1", label))
        # The shortcuts are on the buttons themselves: a tooltip is found by nobody.
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.save_button.setToolTip(self.tr("The record stays a draft until submitted"))
        self.save_new_button.setText(self.tr("Save and new (Ctrl+Shift+S)"))
        self.save_new_button.setToolTip(
            self.tr("Save, then start the next record with the same date, village and industry")
        )
        self.submit_button.setText(self.tr("Save and submit"))
        self.submit_button.setToolTip(self.tr("Save and send for review with the next sync"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.form.retranslate()

    def _on_language(self, _lang: str) -> None:
        values = self.form.values()
        self.retranslate()
        self._loading = True
        self.form.set_values(values)
        self._loading = False

    def _on_changed(self, name: str) -> None:
        if self._loading:
            return
        self.dirty = True
        self.touched.add(name)
        self._live.start()

    def _live_check(self) -> None:
        problems = self.form.live_problems(self.original)
        self.form.show_problems(problems, fields=self.touched)

    # ------------------------------------------------------------- drafts
    def autosave(self) -> None:
        if not self.dirty:
            return
        self._write_draft(self.form.values())

    def _write_draft(self, values: dict[str, Any], saving_as: str | None = None) -> None:
        try:
            write_draft(
                self.draft_path, self.kind, self.record_id, values, self.ctx.db_path, saving_as
            )
        except OSError as exc:  # a full disk must not stop typing; say it once in the log
            log.error("cannot write draft %s: %s", self.draft_path, exc)

    def discard_draft(self) -> None:
        try:
            self.draft_path.unlink()
        except FileNotFoundError:
            pass

    # -------------------------------------------------------------- save
    def save(self, submit: bool = False, close: bool = True) -> bool:
        """Write the record through the core; on problems show them and keep the form open."""
        warnings = [p for p in self.form.live_problems(self.original) if not p.is_error]
        shown = {(p.field, p.code) for p in warnings}
        if (
            warnings
            and not shown <= self._acknowledged
            and not any(p.is_error for p in self.form.live_problems(self.original))
        ):
            # Notes (not errors) are shown under their fields; a second Save confirms them.
            self._acknowledged |= shown
            self.touched.update(p.field for p in warnings)
            self.form.show_problems(warnings)
            self.form.show_banner(
                self.tr("Please check the notes in amber; press Save again to save anyway."),
                WARNING_STYLE,
            )
            return False
        values = self.form.values()
        if submit:
            values["review_state"] = "submitted"
        elif not self.record_id:
            values["review_state"] = "draft"
        store = self.ctx.store
        try:
            if self.record_id:
                changed = {k: v for k, v in values.items() if v != self.original.get(k)}
                outcome = store.update(self.kind, self.record_id, changed)
            else:
                planned = new_id()
                self._write_draft(values, saving_as=planned)  # the draft knows what it becomes
                outcome = store.write([Change(self.kind, "create", values, planned)])[0]
        except ValidationFailed as exc:
            if not self.dirty:
                self.discard_draft()  # nothing typed: no draft to offer next time
            problems = [p for ps in exc.problems.values() for p in ps]
            self.touched.update(p.field for p in problems)
            rest = self.form.show_problems(problems)
            text = self.tr("Nothing was saved: please correct the fields marked in red.")
            if rest:
                text += "\n" + "\n".join(p.message() for p in rest)
            self.form.show_banner(text)
            editor = self.form.first_problem_editor()
            if editor is not None:
                editor.setFocus()
            return False
        except StoreError as exc:
            if not self.dirty:
                self.discard_draft()
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        self.saved_id = outcome.record_id
        self.record_id = outcome.record_id
        self.original = store.get(self.kind, outcome.record_id) or {}
        self.dirty = False
        self.discard_draft()
        self.ctx.events.records_changed.emit(self.kind)
        if close:
            self.accept()
        return True

    def save_and_new(self) -> bool:
        """Ctrl+Shift+S: save, then a new record with the same date, village and industry."""
        keep = {k: self.form.value(k) for k in ("date", "village_id", "specialist_id", "industry")}
        if not self.save(close=False):
            return False
        self.new_record(keep=keep)
        return True

    def new_record(self, keep: dict[str, Any] | None = None) -> None:
        """Ctrl+N: finish this one (asking if needed) and start a new record."""
        if self.dirty and self._ask_unsaved(close=False) is None:
            return
        if keep is None:
            keep = {k: self.form.value(k) for k in ("village_id", "specialist_id", "industry")}
        self.discard_draft()
        self.record_id = None
        self.draft_path = drafts_dir() / f"{self.kind}-{uuid.uuid4().hex}.json"
        self._loading = True
        self.form.set_values({f.name: None for f in self.form.fields})
        self.form.set_value("date", _dt.date.today().isoformat())
        self.form.set_values(keep)
        self._loading = False
        self.original = {}
        self.touched = set()
        self.dirty = False
        self.form.clear_problems()
        self.retranslate()

    def _ask_unsaved(self, close: bool = True) -> str | None:
        """Save / discard / keep editing: "saved", "discarded", or None to keep editing."""
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Save your changes to this record?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return "saved" if self.save(close=close) else None
        if answer == QMessageBox.StandardButton.Discard:
            self.discard_draft()
            self.dirty = False
            return "discarded"
        return None

    def reject(self) -> None:
        """Esc, Cancel or closing the window."""
        if self.dirty:
            choice = self._ask_unsaved()
            if choice is None or choice == "saved":  # keep editing, or save() closed the dialog
                return
        self._autosave.stop()
        if self.saved_id:  # saved earlier (Ctrl+N) and then cancelled the next one
            super().accept()
        else:
            super().reject()

    def accept(self) -> None:
        self._autosave.stop()
        super().accept()

    def done(self, result: int) -> None:
        self._autosave.stop()
        self._live.stop()
        try:
            self.ctx.events.language_changed.disconnect(self._on_language)
        except (RuntimeError, TypeError):
            pass
        super().done(result)
