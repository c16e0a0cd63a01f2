"""Load Qt Designer forms from ``ui/`` at run time (QUiLoader), with our custom widgets.

Translatable strings in a .ui file are translated by Qt when the form loads,
under the form's class name as context.  ``retranslate_form`` translates them
again after a language switch: the English source of each string is read from
the .ui file, since the loaded widget only holds the translated text.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from ..paths import ui_dir

SOURCE_PROPERTY = "zjk_source_texts"


class UiLoadError(RuntimeError):
    pass


def ui_path(name: str) -> Path:
    return ui_dir() / (name if name.endswith(".ui") else f"{name}.ui")


@functools.cache
def translatable_strings(path: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """(form class, {object name: {property: English source}}) of a .ui file."""
    root = ET.parse(path).getroot()
    form_class = root.findtext("class") or ""
    found: dict[str, dict[str, str]] = {}
    for widget in root.iter("widget"):
        name = widget.get("name") or ""
        for prop in widget.findall("property"):
            string = prop.find("string")
            if string is None or string.get("notr") == "true" or not (string.text or "").strip():
                continue
            found.setdefault(name, {})[prop.get("name") or ""] = string.text or ""
    return form_class, found


def load_ui(name: str, parent: QWidget | None = None, custom: tuple[type, ...] = ()) -> QWidget:
    """The widget tree of ``ui/<name>.ui``; ``custom`` lists custom widget classes it uses."""
    path = ui_path(name)
    loader = QUiLoader()
    for cls in custom:
        loader.registerCustomWidget(cls)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise UiLoadError(f"cannot open {path}: {file.errorString()}")
    try:
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise UiLoadError(f"cannot load {path}: {loader.errorString()}")
    widget.setProperty("zjk_ui_path", str(path))
    return widget


def retranslate_form(widget: QWidget) -> None:
    """Translate the .ui's strings again (after the language changed)."""
    path = widget.property("zjk_ui_path")
    if not path:
        return
    form_class, strings = translatable_strings(Path(path))
    for object_name, props in strings.items():
        target = (
            widget if widget.objectName() == object_name else widget.findChild(QWidget, object_name)
        )
        if target is None:
            continue
        for prop, source in props.items():
            target.setProperty(prop, QCoreApplication.translate(form_class, source))


def child(widget: QWidget, name: str) -> QWidget:
    """A named child of a loaded form; a missing one is a broken .ui file, said plainly."""
    found: QWidget | None = widget.findChild(QWidget, name)
    if found is None:
        raise UiLoadError(f"{widget.property('zjk_ui_path')}: no widget named {name!r}")
    return found
