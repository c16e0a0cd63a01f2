"""The one .xlsx writer: report tables and record-list exports alike.

Every sheet it writes looks like a workbook an office prepared by hand:

- a title row, then one line each for scope, period, counting rule and
  generation time (whatever the caller gives), a blank row, the header row
  (bold, shaded, frozen so it stays on screen while scrolling, repeated when
  printed);
- numbers are numbers (``#,##0``; amounts ``#,##0.0``), percentages are
  numbers with a ``0.0%`` format, dates are dates (``yyyy-mm-dd``), months
  ``yyyy-mm``; text wraps;
- column widths fit the content, counting East-Asian wide characters as two;
- a user string starting with ``=``, ``+``, ``-`` or ``@`` stays text (stored as
  a string with Excel's quote prefix, never a formula);
- rows are streamed (write-only workbook): a 100,000-row export never holds the
  sheet in memory; widths are fitted on the first ``WIDTH_SAMPLE`` rows.

API (the GUI's record-list export calls the same thing as the reports)::

    from zjk_desktop.reports.excel import Column, Sheet, write_workbook, meta_lines
    write_workbook(path, [Sheet(
        name="走访记录", title="走访记录",
        columns=[Column("日期", "date", "date"), Column("服务农户", "hh", "int", unit="户"),
                 Column("工作内容", "content", "text", width=3)],
        rows=(dict(...) for ...),            # dicts by column key, or sequences in column order
        meta=meta_lines(scope="赤城县", period="2026-01-01 至 2026-06-30"),
    )])

For a record field, ``kind_for_field_type(field.type)`` gives the column kind (pass
the raw value of int/float/date fields, the display text of the others).

Column kinds: ``text``, ``int``, ``float``, ``pct`` (value in percent, 12.5 →
12.5%), ``date`` (``date`` or ISO text), ``month`` (``2026-05``), ``year``,
``auto`` (by the Python type of each value; ``Percent(12.5)`` for a percentage).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill

from .. import i18n
from .model import Column, KeyValues, Report, TableBlock

i18n.register(
    {
        "report.xlsx.item": ("项目", "Item"),
        "report.xlsx.value": ("数值", "Value"),
        "report.xlsx.unit": ("单位", "Unit"),
        "report.xlsx.scope": ("范围：{value}", "Scope: {value}"),
        "report.xlsx.period": ("统计期间：{value}", "Period: {value}"),
        "report.xlsx.generated": ("生成时间：{value}", "Generated: {value}"),
        "report.xlsx.all": ("全部", "all"),
        "report.xlsx.all_dates": ("全部日期", "all dates"),
        "report.xlsx.since": ("{start} 起", "from {start}"),
        "report.xlsx.until": ("截至 {end}", "up to {end}"),
        "report.xlsx.range": ("{start} 至 {end}", "{start} to {end}"),
        "report.xlsx.filter": ("筛选：{value}", "Only rows matching {value}"),
        "report.xlsx.search": ("搜索“{value}”", "search \u201c{value}\u201d"),
        "report.xlsx.states_all": (
            "审核状态：列出全部记录（{states}），每条的状态见“{column}”列",
            "Review states: every record is listed ({states}); each row's state is in the"
            + " \u201c{column}\u201d column",
        ),
        "report.xlsx.states_one": (
            "审核状态：只列出{state}的记录",
            "Review states: only records that are {state}",
        ),
    }
)

WIDTH_SAMPLE = 500  # rows looked at to fit column widths
MAX_TEXT_WIDTH = 60  # characters (wide ones count two); longer text wraps
MIN_WIDTH = 6
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="E6E9EE")
_TOTAL_FILL = PatternFill("solid", fgColor="F3F3F3")
_FORMULA_START = ("=", "+", "-", "@")
FORMATS = {
    "int": "#,##0",
    "float": "#,##0.0",
    "pct": "0.0%",
    "date": "yyyy-mm-dd",
    "month": "yyyy-mm",
    "year": "0",
}


class Percent(float):
    """A percentage (12.5 means 12.5 %) in an ``auto`` column."""


@dataclass
class Sheet:
    name: str  # the tab (at most 31 characters; made unique in the workbook)
    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any] | Sequence[Any]]
    meta: Sequence[str] = ()  # lines under the title: scope, period, counting rule …
    total: Mapping[str, Any] | None = None  # a bold, shaded last row
    note: str = ""  # a line under the table
    empty_text: str = ""  # written instead of rows when there are none
    extra: list[str] = field(default_factory=list)  # more lines after the note


def kind_for_field_type(field_type: str) -> str:
    """The column kind for a record field's type (``FieldSpec.type``): int, float and date keep
    their type; everything else (bool, list, ref:…, enum:…) is written as its display text."""
    return field_type if field_type in ("int", "float", "date") else "text"


def meta_lines(
    scope: str = "", period: str = "", basis: str = "", language: str | None = None
) -> list[str]:
    """The usual lines under a title, in the user's language; empty ones left out."""
    out = []
    if scope:
        out.append(i18n.t("report.xlsx.scope", language, value=scope))
    if period:
        out.append(i18n.t("report.xlsx.period", language, value=period))
    if basis:
        out.append(basis)
    return out


def record_list_meta(
    scope: str,
    date_from: str | None,
    date_to: str | None,
    filters: Sequence[str],
    state: str | None,
    every_state: Sequence[str],
    state_column: str,
    language: str | None = None,
) -> list[str]:
    """The lines above an exported record list: what it covers, in the user's language.

    ``scope`` names whose records these are (empty: all), ``filters`` are the filter bar's
    other choices already named (``村：石柳营村``), ``state`` the one review state picked (its
    label; None: every state, named in ``every_state``).  A list holds records of every state
    unless filtered, and says so: its rows are not a report's counted figures.
    """
    if date_from and date_to:
        period = i18n.t("report.xlsx.range", language, start=date_from, end=date_to)
    elif date_from:
        period = i18n.t("report.xlsx.since", language, start=date_from)
    elif date_to:
        period = i18n.t("report.xlsx.until", language, end=date_to)
    else:
        period = i18n.t("report.xlsx.all_dates", language)
    chinese = (language or i18n.get_language()) == "zh_CN"
    if state:
        basis = i18n.t("report.xlsx.states_one", language, state=state)
    else:
        states = ("、" if chinese else ", ").join(every_state)
        basis = i18n.t("report.xlsx.states_all", language, states=states, column=state_column)
    out = meta_lines(scope or i18n.t("report.xlsx.all", language), period, "", language)
    if filters:
        sep = "；" if chinese else "; "
        out.append(i18n.t("report.xlsx.filter", language, value=sep.join(filters)))
    out.append(basis)
    return out


def display_width(text: str) -> int:
    """Width in Excel character units: East-Asian wide and fullwidth characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


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


def _text(value: Any) -> str:
    return _ILLEGAL.sub("", str(value))


def _as_date(value: Any, month: bool = False) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        if month and re.fullmatch(r"\d{4}-\d{2}", text):
            return _dt.date(int(text[:4]), int(text[5:7]), 1)
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def typed(value: Any, kind: str) -> tuple[Any, str]:
    """``(cell value, kind)`` for a column of ``kind``; text that is no number/date stays text."""
    if value is None or value == "":
        return None, kind
    if kind == "auto":
        if isinstance(value, Percent):
            kind = "pct"
        elif isinstance(value, bool):
            kind = "text"
        elif isinstance(value, int):
            kind = "int"
        elif isinstance(value, float):
            # A float is an amount (area, yuan, hours, a mean): "#,##0.0" whether or not
            # this one happens to be whole, as its column is in every other workbook.
            kind = "float"
        elif isinstance(value, (_dt.date, _dt.datetime)):
            kind = "date"
        else:
            kind = "text"
    if kind in ("int", "float", "year", "pct"):
        number: Any = value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                number = float(str(value).replace(",", "").rstrip("%"))
            except ValueError:
                return _text(value), "text"
        if kind == "pct":
            # 71.4 % is 0.714, not 0.7140000000000001 (what the formula bar would show).
            return round(number / 100.0, 12), kind
        if kind in ("int", "year") and float(number).is_integer():
            return int(number), kind
        return number, ("float" if kind == "int" else kind)
    if kind in ("date", "month"):
        day = _as_date(value, month=kind == "month")
        return (day, kind) if day is not None else (_text(value), "text")
    return _text(value), "text"


def _shown(value: Any, kind: str) -> str:
    """Roughly what Excel displays, for fitting the column width."""
    if value is None:
        return ""
    if kind == "int" or kind == "year":
        return f"{value:,}" if kind == "int" else str(value)
    if kind == "float":
        return f"{value:,.1f}"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "date":
        return "2026-12-31"
    if kind == "month":
        return "2026-12"
    return str(value)


def _widest_line(text: str) -> int:
    """Display width of the longest line: a wrapped cell is as wide as its widest line."""
    return max((display_width(part) for part in text.split("\n")), default=0)


class _Writer:
    def __init__(self, ws: Any):
        self.ws = ws
        self._fonts = {
            "title": Font(bold=True, size=14),
            "bold": Font(bold=True),
            "note": Font(italic=True, color="444444", size=9),
        }
        self._wrap_top = Alignment(wrap_text=True, vertical="top")
        self._mark = Alignment(horizontal="center", vertical="top", wrap_text=True)
        self._right_top = Alignment(horizontal="right", vertical="top")
        self._center_top = Alignment(horizontal="center", vertical="top")
        self._header = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def cell(
        self,
        value: Any,
        kind: str = "text",
        fill: PatternFill | None = None,
        bold: bool = False,
        header: bool = False,
    ) -> Cell:
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # user text is text, never a formula
            if value.startswith(_FORMULA_START):
                cell.quotePrefix = True  # and stays text when someone edits the cell in Excel
        if kind in FORMATS and value is not None:
            cell.number_format = FORMATS[kind]
        if header:
            cell.alignment = self._header
        elif kind == "text":
            # A mark (√ 迟 ×, 是/否) sits in the middle of its column, as a clerk would set it.
            short = isinstance(value, str) and 0 < display_width(value) <= 2
            cell.alignment = self._mark if short else self._wrap_top
        elif kind in ("date", "month"):
            cell.alignment = self._center_top
        else:
            cell.alignment = self._right_top
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = self._fonts["bold"]
        return cell

    def line(self, text: str, style: str) -> None:
        cell = WriteOnlyCell(self.ws, value=_text(text))
        cell.data_type = "s"
        cell.font = self._fonts[style]
        self.ws.append([cell])


def _header_text(c: Column) -> str:
    if not c.unit:
        return c.label.replace("\n", "")
    return (
        f"{c.label.replace(chr(10), '')}（{c.unit}）"
        if not c.unit.isascii()
        else f"{c.label} ({c.unit})"
    )


def _values(row: Mapping[str, Any] | Sequence[Any], columns: Sequence[Column]) -> list[Any]:
    # A sequence row is taken as it is: a short one leaves its last cells empty (the
    # callers' zip(..., strict=False)), values past the last column are not written.
    if isinstance(row, Mapping):
        return [row.get(c.key) for c in columns]
    return list(row)


def _write_sheet(wb: Workbook, sheet: Sheet, used: set[str], generated: str) -> int:
    ws = wb.create_sheet(_sheet_name(sheet.name, used))
    w = _Writer(ws)
    columns = list(sheet.columns)
    rows: Iterator[Any] = iter(sheet.rows)
    sample = [
        [typed(v, c.kind) for v, c in zip(_values(r, columns), columns, strict=False)]
        for r in islice(rows, WIDTH_SAMPLE)
    ]
    widths = []
    for i, c in enumerate(columns):
        header = max((display_width(part) for part in _header_text(c).split("\n")), default=0)
        longest = max((_widest_line(_shown(v, k)) for r in sample for v, k in [r[i]]), default=0)
        cap = MAX_TEXT_WIDTH if c.kind in ("text", "auto") else 24
        widths.append(max(MIN_WIDTH, min(cap, max(longest, min(header, 16)) + 2)))
    for i, width in enumerate(widths):
        ws.column_dimensions[_column_letter(i + 1)].width = width
    header_row = 1 + 1 + len(sheet.meta) + 1 + 1  # title, meta…, generated, blank, header
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape" if len(columns) > 6 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    w.line(sheet.title, "title")
    for text in sheet.meta:
        w.line(text, "note")
    w.line(i18n.t("report.xlsx.generated", value=generated), "note")
    ws.append([])
    ws.append([w.cell(_header_text(c), fill=_HEADER_FILL, bold=True, header=True) for c in columns])
    written = 0
    for values in chain(
        sample,
        (
            [typed(v, c.kind) for v, c in zip(_values(r, columns), columns, strict=False)]
            for r in rows
        ),
    ):
        ws.append([w.cell(v, k) for v, k in values])
        written += 1
    if not written and sheet.empty_text:
        w.line(sheet.empty_text, "note")
    if sheet.total is not None:
        ws.append(
            [
                w.cell(*typed(v, c.kind), fill=_TOTAL_FILL, bold=True)
                for v, c in zip(_values(sheet.total, columns), columns, strict=True)
            ]
        )
    for text in [sheet.note, *sheet.extra]:
        if text:
            w.line(text, "note")
    return written


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def write_workbook(
    path: str | Path, sheets: Iterable[Sheet], generated: _dt.datetime | str | None = None
) -> int:
    """Write ``sheets`` to ``path`` (.xlsx); returns the number of data rows written."""
    if generated is None:
        generated = _dt.datetime.now()
    when = (
        generated.strftime("%Y-%m-%d %H:%M") if isinstance(generated, _dt.datetime) else generated
    )
    wb = Workbook(write_only=True)
    used: set[str] = set()
    written = 0
    for sheet in sheets:
        written += _write_sheet(wb, sheet, used, when)
    if not used:
        wb.create_sheet("Sheet")
    wb.save(str(path))
    return written


# ------------------------------------------------------------------ reports
def excel_column(column: Column) -> Column:
    """A report column as a workbook types it: a figure in percent (unit ``%``, 71.4 meaning
    71.4 %) is a percentage cell (``0.0%``), whatever kind the PDF prints it as."""
    if column.unit == "%" and column.kind in ("int", "float", "pct"):
        return replace(column, kind="pct", unit="")
    return column


def report_sheets(report: Report) -> list[Sheet]:
    """A report's tables as sheets, each titled with the report and its own caption."""
    meta = meta_lines(report.scope, report.period, report.basis)
    sheets = []
    for block in report.tables():
        caption = block.title or block.sheet
        title = f"{report.title} — {caption}" if caption else report.title
        if isinstance(block, KeyValues):
            columns = [
                Column(i18n.t("report.xlsx.item"), "label", "text", 2.0),
                Column(i18n.t("report.xlsx.value"), "value", "auto"),
                Column(i18n.t("report.xlsx.unit"), "unit", "text", 0.6),
            ]
            rows = [
                {
                    "label": label,
                    "value": Percent(value)
                    if unit == "%" and isinstance(value, (int, float))
                    else value,
                    "unit": "" if unit == "%" else unit,
                }
                for label, value, unit in block.items
            ]
            sheets.append(Sheet(block.sheet, title, columns, rows, meta, note=block.note))
            continue
        assert isinstance(block, TableBlock)
        columns = [excel_column(c) for c in block.columns if c.in_excel]
        sheets.append(
            Sheet(
                block.sheet,
                title,
                columns,
                block.rows,
                meta,
                block.total,
                note=block.note,
                empty_text=block.empty_text,
            )
        )
    return sheets


def write_xlsx(
    report: Report, path: str | Path, generated: _dt.datetime | str | None = None
) -> None:
    """One sheet per table of ``report`` (the PDF's tables and the numbers behind its charts)."""
    write_workbook(path, report_sheets(report), generated)
