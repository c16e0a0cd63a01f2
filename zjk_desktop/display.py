"""How values are shown: one place for list columns, field headers and number formatting.

Qt-free: the record lists, the dashboard, the history dialog, the record-list
export and the reports (``reports/pdf.py``) all format through here, so a
number reads the same ("10,486") on screen, on paper and in a workbook.
Columns are ``reports.model.Column`` — the reports' own column type.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import i18n
from .domain.entities import FieldSpec, entity
from .search import RosterIndex

if TYPE_CHECKING:
    from .reports.model import Column


def field_header(f: FieldSpec, language: str | None = None) -> str:
    lang = language or i18n.get_language()
    unit = f.unit(lang)
    label = f.label(lang)
    if not unit or unit.lower() in label.lower():  # "People served (people)" says it twice
        return label
    return f"{label} ({unit})"


def list_separator(language: str | None = None) -> str:
    """How a list is joined: "果品、畜牧" in Chinese, "Fruit, Livestock" in English."""
    lang = language or i18n.get_language()
    return "、" if lang.startswith("zh") else ", "


def format_number(value: Any, decimals: int = 2) -> str:
    """A count or amount as people read it: thousands separators, at most ``decimals``
    decimals with trailing zeros dropped (12 → "12", 10486 → "10,486", 2.50 → "2.5")."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def one_line(text: Any, limit: int = 80) -> str:
    if text is None:
        return ""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def display_value(
    f: FieldSpec, value: Any, index: RosterIndex, *, full: bool = False, language: str | None = None
) -> str:
    """A record field as people read it (names for ids, labels for codes)."""
    lang = language or i18n.get_language()
    if value is None:
        return ""
    if f.name == "village_id":
        return index.villages.name(value)
    if f.name == "specialist_id":
        return index.specialists.name(value)
    if f.enum is not None:
        return f.enum.label(value, lang)
    if f.type in ("int", "float"):
        return format_number(value)
    if f.type == "bool":
        return "✓" if value else ""
    if f.type == "list":
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return str(value)
        return str(len(value)) if f.name == "photos" else list_separator(lang).join(map(str, value))
    return str(value) if full else one_line(value)


def column_kind(f: FieldSpec) -> str:
    """The ``Column.kind`` of a record field: int, float and date keep their type; everything
    else (bool, list, ref:…, enum:…) is shown as its display text."""
    return f.type if f.type in ("int", "float", "date") else "text"


def export_fields(kind: str) -> list[FieldSpec]:
    """A record list's export: the list's columns first, then every other field but photos."""
    spec = entity(kind)
    columns = spec.list_fields()
    return columns + [f for f in spec.fields if f not in columns and f.name != "photos"]


def record_columns(fields: list[FieldSpec], language: str | None = None) -> list[Column]:
    """Columns for record fields, headed as a list heads them (label and unit)."""
    from .reports.model import Column  # lazily: the reports package loads reportlab

    lang = language or i18n.get_language()
    return [
        Column(field_header(f, lang).replace("\n", " "), f.name, column_kind(f)) for f in fields
    ]
