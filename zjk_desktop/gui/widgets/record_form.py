"""The editors of one record kind (visit, extension, training), from a Designer file.

The form's widgets come from ``ui/<kind>_form.ui``: for every field ``x`` the
file holds ``label_x`` (its label), ``f_x`` (its editor) and ``err_x`` (the
inline message under it).  Labels, units and choices come from the entity
spec, so they follow the language setting; messages come from the core's
validation (``Store.write`` raising ``ValidationFailed``), shown under the
field they belong to.  The dialog around it is ``dialogs.record_dialog``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...domain.entities import FieldSpec, entity
from ...domain.validation import Problem, normalize, validate
from ...search import roster_index
from ..context import AppContext
from ..uiload import child, load_ui, retranslate_form
from .editors import (
    ERROR_STYLE,
    NO_DATE,
    WARNING_STYLE,
    editor_value,
    make_date_optional,
    set_editor_value,
)
from .inputs import NumberEdit, make_date_typable
from .photos import PhotoStrip
from .pickers import PinyinPicker


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
        # The editor type depends on the field (QDateEdit, NumberEdit, PinyinPicker, …).
        self.editors: dict[str, Any] = {}
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
                    make_date_optional(w)
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

    def eventFilter(self, watched, event) -> bool:
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
        picker: PinyinPicker = self.editors["village_id"]
        picker.set_items(
            (vid, index.villages.name(vid), [index.townships.name(index.village_township.get(vid))])
            for vid in sorted(villages, key=index.villages.sort_key)
        )
        people = queries.specialists_in_scope(store, scope)
        person: PinyinPicker = self.editors["specialist_id"]
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
        w = self.editors[name]
        if isinstance(w, PhotoStrip):
            return w.digests() or None
        return editor_value(self.spec.field(name), w)

    def values(self) -> dict[str, Any]:
        return {f.name: self.value(f.name) for f in self.fields}

    def set_value(self, name: str, value: Any) -> None:
        w = self.editors[name]
        w.blockSignals(True)
        try:
            if isinstance(w, PhotoStrip):
                w.set_digests(value)
                return
            set_editor_value(w, value)
            if isinstance(w, PinyinPicker) and value and w.current_id() is None:
                # Outside this node's lists (e.g. a county record): show the name anyway.
                index = roster_index(self.ctx.store)
                w.setText(index.villages.name(value) or index.specialists.name(value) or str(value))
        finally:
            w.blockSignals(False)

    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            if f.name in values:
                self.set_value(f.name, values[f.name])

    # ----------------------------------------------------------- messages
    def _set_error_visible(self, name: str, visible: bool) -> None:
        label = self.errors[name]
        parent = label.parentWidget()
        layout = parent.layout() if parent is not None else None
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
