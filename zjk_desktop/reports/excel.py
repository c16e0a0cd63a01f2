"""Writing a report's tables to .xlsx: one sheet per table, Chinese headers, typed numbers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import i18n
from .model import Column, KeyValues, Report, TableBlock

i18n.register(
    {
        "report.xlsx.item": ("项目", "Item"),
        "report.xlsx.value": ("数值", "Value"),
        "report.xlsx.unit": ("单位", "Unit"),
    }
)

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="E6E9EE")
_TOTAL_FILL = PatternFill("solid", fgColor="F3F3F3")


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind in ("int", "float", "year"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        try:
            return float(value) if kind == "float" else int(value)
        except (TypeError, ValueError):
            return _text(value)
    if kind == "pct" and isinstance(value, (int, float)):
        return value / 100.0
    return _text(value)


def _text(value: Any) -> str:
    return _ILLEGAL.sub("", str(value))


def _cell(ws: Any, value: Any, kind: str = "text", fill: PatternFill | None = None,
          bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # user text starting with "=" is text, never a formula
    if kind == "pct":
        cell.number_format = "0.0%"
    elif kind == "float":
        cell.number_format = "#,##0.0#"
    elif kind == "int":
        cell.number_format = "#,##0"
    elif kind == "year":
        cell.number_format = "0"
    if fill is not None:
        cell.fill = fill
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(c: Column) -> float:
    if c.kind in ("int", "float", "pct", "year"):
        return max(10, len(c.label) * 2.2)
    return min(60, max(10, 12 * c.width))


def write_xlsx(report: Report, path: str | Path) -> None:
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for block in report.tables():
        ws = wb.create_sheet(_sheet_name(block.sheet, used))
        if isinstance(block, KeyValues):
            ws.column_dimensions["A"].width = 24
            ws.column_dimensions["B"].width = 18
            ws.column_dimensions["C"].width = 10
            ws.append([_cell(ws, h, fill=_HEADER_FILL, bold=True) for h in (i18n.t("report.xlsx.item"), i18n.t("report.xlsx.value"), i18n.t("report.xlsx.unit"))])
            for label, value, unit in block.items:
                kind = "float" if isinstance(value, float) else ("int" if isinstance(value, int) else "text")
                ws.append([_cell(ws, _text(label)), _cell(ws, _value(value, kind), kind),
                           _cell(ws, _text(unit) if unit else None)])
            continue
        assert isinstance(block, TableBlock)
        columns = [c for c in block.columns if c.in_excel]
        for i, c in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = _width(c)
        ws.freeze_panes = "A2"
        header = []
        for c in columns:
            cell = _cell(ws, f"{c.label}（{c.unit}）" if c.unit else c.label, fill=_HEADER_FILL, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        ws.append(header)
        for row in block.rows:
            ws.append([_cell(ws, _value(row.get(c.key), c.kind), c.kind) for c in columns])
        if block.total is not None:
            ws.append([_cell(ws, _value(block.total.get(c.key), c.kind), c.kind, _TOTAL_FILL, True)
                       for c in columns])
    if not used:
        wb.create_sheet("Sheet")
    wb.save(str(path))
