"""A report as data: blocks that the PDF and the Excel writers both render.

A builder (``builders.py``) turns query results into a ``Report``; ``pdf.py``
typesets it and ``excel.py`` writes its tables, so the two outputs cannot
disagree.  Every string in a block is plain text (never markup): the PDF
writer escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    kind: str = "text"  # "text" | "int" | "float" | "pct" | "date" | "year"
    width: float = 1.0  # relative share of the table width
    unit: str = ""
    in_pdf: bool = True  # False: an Excel-only column (the PDF shows a summary instead)
    in_excel: bool = True


@dataclass
class TableBlock:
    title: str
    sheet: str  # Excel sheet name (short, unique within a report)
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None  # printed as the last, shaded row
    empty_text: str = ""  # printed instead of an empty table
    in_pdf: bool = True  # False: Excel only (e.g. the numbers behind a chart)
    note: str = ""  # footnote printed under the table (e.g. which review states a total counts)


@dataclass
class KeyValues:
    """Label/value pairs set as a grid (two pairs per line)."""

    title: str
    sheet: str
    items: list[tuple[str, Any, str]]  # label, value, unit
    note: str = ""  # footnote printed under the grid


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Text:
    text: str
    small: bool = False


@dataclass
class Chart:
    kind: str  # "bar" | "hbar" | "line"
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]  # name, one value per category
    height: float = 200.0
    counts: bool = True  # whole numbers: integer ticks with thousands separators


@dataclass
class ChartRow:
    """Charts set side by side, sharing the width."""

    charts: list[Chart]


@dataclass
class Signatures:
    """Lines where people sign and offices stamp: each (label, with date line)."""

    lines: list[str]


@dataclass
class Orientation:
    """Start a new page in this orientation ("portrait" | "landscape")."""

    value: str


@dataclass
class Photos:
    """Photo thumbnails in a grid, each with a caption (PDF only; issue 13's photo evidence)."""

    title: str
    items: list[tuple[bytes, str]]  # JPEG bytes (already upright), caption
    note: str = ""  # printed under the grid (e.g. how many were left out)


Block = (
    TableBlock | KeyValues | Heading | Text | Chart | ChartRow | Signatures | Orientation | Photos
)


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    orientation: str  # of the first page
    blocks: list[Block] = field(default_factory=list)
    file_stem: str = "report"
    scope: str = ""  # who or what the report covers (a name), for the Excel title rows
    period: str = ""  # "2026-01-01 至 2026-06-30"
    basis: str = ""  # which review states the figures count, printed under the title

    def tables(self) -> list[TableBlock | KeyValues]:
        return [b for b in self.blocks if isinstance(b, (TableBlock, KeyValues))]
