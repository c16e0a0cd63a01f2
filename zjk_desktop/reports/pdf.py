"""Typesetting a ``Report`` as an A4 PDF with reportlab.

Tables are drawn by ``RowTable``, a flowable that measures every row once and
splits page by page in time proportional to the rows on that page, so a
10,000-row log lays out in linear time (a single reportlab ``Table`` re-measures
the rest of the table at every page break).  Header rows repeat on every page;
a cell whose text is taller than a third of a page continues in the next
rows.  Every user string is escaped before it reaches a ``Paragraph``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from ..display import format_number
from . import linebreak
from .model import (
    Chart,
    ChartRow,
    Column,
    Heading,
    KeyValues,
    Orientation,
    Photos,
    Report,
    Signatures,
    TableBlock,
    Text,
)

# reportlab.platypus.paragraph's internal helpers this module builds on
# (_handleBulletWidth, _FUZZ, makeCJKParaLine, getAscentDescent): types-reportlab
# declares only the module's public names.
_rl_internals: Any = rl_paragraph

MARGIN = 15 * mm
FOOTER_GAP = 9 * mm
TABLE_FONT_SIZE = 8.5
TABLE_LEADING = 11
PAD_X = 3
PAD_Y = 2.5
HEADER_FILL = colors.HexColor("#E6E9EE")
TOTAL_FILL = colors.HexColor("#F3F3F3")
GRID = colors.HexColor("#555555")
SERIES_COLORS = [
    colors.HexColor(c) for c in ("#3B6EA5", "#D9822B", "#5A9E4B", "#A34A8C", "#888888")
]


def plain(text: Any) -> str:
    """Escape user text for a Paragraph; keep line breaks; drop control characters."""
    s = "" if text is None else str(text)
    s = "".join(ch for ch in s if ch in "\n\t" or ord(ch) >= 32)
    return escape(s).replace("\n", "<br/>")


# ------------------------------------------------------------------ line breaking
class CJKParagraph(Paragraph):
    """A Paragraph whose ``wordWrap='CJK'`` lines follow Chinese line-breaking rules.

    reportlab's CJK wrap cuts anywhere once a line is full; this one breaks only
    where ``linebreak.break_opportunities`` allows (no ，；：）at a line start, no
    （《 at a line end, "25户" kept whole, English words broken at spaces and
    hyphenated only when a word is wider than the line).  Font changes inside
    the paragraph (markup) keep working: the glyphs carry their fragments.
    Plain text (one fragment) is set as reportlab's simple lines, like its own
    CJK wrap does, which keeps layout time near reportlab's.
    """

    blPara: Any  # the lines reportlab's wrap() sets (not declared by types-reportlab)

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _rl_internals._handleBulletWidth(self.bulletText, style, maxWidths)
        frags = self.frags
        split_part = hasattr(self, "blPara") and getattr(self, "_splitpara", False)
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots:
            if split_part:  # the first part of a split: its lines are already set
                return frags[0].clone(kind=0, lines=self.blPara.lines)
            return _simple_lines(frags[0], maxWidths)
        if split_part:
            return self.blPara
        if not frags:
            return rl_paragraph.ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return cjk_frag_lines(frags, maxWidths, auto not in ("", "off"))

    def _get_split_blParaFunc(self) -> Any:
        # The rest of a paragraph split across pages is set again from its text: rebuild
        # that text exactly (reportlab's own joiners add a space after every line, which
        # puts spaces into Chinese, and would keep our added hyphens).
        return _rejoin_simple if self.blPara.kind == 0 else _rejoin_frags


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _widths(text: str, font: str, size: float) -> list[float]:
    """Per-character widths, each looked up once per font and size."""
    table = _WIDTHS.setdefault((font, size), {})
    out = []
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = stringWidth(ch, font, size)
        out.append(w)
    return out


def _layout(
    text: str,
    widths: list[float],
    max_widths: list[float],
    forced: set[int],
    font: str,
    size: float,
) -> list[tuple[int, int, bool]]:
    return linebreak.fill_lines(
        text,
        widths,
        max_widths,
        forced,
        stringWidth(linebreak.HYPHEN, font, size),
        _rl_internals._FUZZ,
    )


def _simple_lines(frag: Any, max_widths: list[float]) -> Any:
    """Lines of a one-fragment paragraph, as reportlab's simple (kind 0) lines."""
    text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
    text = text.replace(linebreak.WORD_JOINER, "")
    widths = _widths(text, frag.fontName, frag.fontSize)
    at = list(itertools.accumulate(widths, initial=0.0))
    lines, hyphenated = [], set()
    for k, (start, end, hyphen) in enumerate(
        _layout(text, widths, max_widths, set(), frag.fontName, frag.fontSize)
    ):
        max_w = max_widths[min(k, len(max_widths) - 1)]
        used = at[end] - at[start]
        body = text[start:end]
        if hyphen:
            body += linebreak.HYPHEN
            used += stringWidth(linebreak.HYPHEN, frag.fontName, frag.fontSize)
            hyphenated.add(k)
        elif end < len(text) and text[end] == " ":
            body += " "  # invisible at the line end; keeps the words apart if the text is set again
        lines.append((max_w - used, [body]))
    out = frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)
    out._hyphenated = hyphenated
    return out


def _rejoin_simple(bl_para: Any, start: int, stop: int) -> list[Any]:
    f = bl_para.clone()
    for name in ("lines", "kind", "text", "_hyphenated"):
        if hasattr(f, name):
            delattr(f, name)
    hyphenated: set[int] = getattr(bl_para, "_hyphenated", set())
    f.text = "".join(
        words[0][: -1 if k in hyphenated else None]
        for k, (_, words) in enumerate(bl_para.lines[start:stop], start)
    )
    return [f]


def _rejoin_frags(bl_para: Any, start: int, stop: int) -> list[Any]:
    out = []
    for line in bl_para.lines[start:stop]:
        words = list(line.words)
        if getattr(line, "hyphenated", False) and words:
            last = words[-1].clone()
            last.text = last.text[:-1]
            words[-1] = last
        out += words
    return out


class _Glyph(str):
    """One character with its fragment and width (reportlab's ``cjkU``, measured once)."""

    frag: Any
    width: float


def cjk_frag_lines(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """Lines of a paragraph with several fragments (markup, ``<br/>``) as reportlab's kind-1 lines."""
    glyphs: list[_Glyph] = []
    forced: set[int] = set()
    for f in frags:
        text = f.text.decode("utf8") if isinstance(f.text, bytes) else (f.text or "")
        # U+2060 only glues; it is never drawn (most fonts have no glyph for it).
        text = text.replace(linebreak.WORD_JOINER, "")
        if hasattr(f, "cbDefn"):
            pieces, widths = [text], [float(getattr(f.cbDefn, "width", 0) or 0)]
        else:
            pieces = list(text) or [""]
            widths = _widths(text, f.fontName, f.fontSize) if text else [0.0]
        for ch, w in zip(pieces, widths, strict=True):
            g = _Glyph(ch)
            g.frag, g.width = f, w
            glyphs.append(g)
        if hasattr(f, "lineBreak"):
            forced.add(len(glyphs) - 1)
    # An empty glyph (a <br/> or an image frag) counts as a zero-width space for the rules.
    text = "".join(g[:1] or "\u200b" for g in glyphs)
    first = glyphs[0].frag
    out = []
    for k, (start, end, hyphen) in enumerate(
        _layout(text, [g.width for g in glyphs], max_widths, forced, first.fontName, first.fontSize)
    ):
        line = glyphs[start:end]
        if hyphen and line:
            h = _Glyph(linebreak.HYPHEN)
            h.frag = line[-1].frag
            h.width = stringWidth(linebreak.HYPHEN, h.frag.fontName, h.frag.fontSize)
            line.append(h)
        used = sum(g.width for g in line)
        if not hyphen and end < len(glyphs) and glyphs[end] == " ":
            line.append(glyphs[end])  # see _simple_lines
        if not line:
            empty = _Glyph("")
            empty.frag, empty.width = first, 0.0
            line = [empty]
        max_w = max_widths[min(k, len(max_widths) - 1)]
        broke = end > 0 and (end - 1) in forced
        frag_line = _frag_line(line, max_w, used, broke, calc_bounds)
        frag_line.hyphenated = hyphen
        out.append(frag_line)
    return rl_paragraph.ParaLines(kind=1, lines=out)


def _frag_line(
    line: list[_Glyph], max_w: float, used: float, line_break: bool, calc_bounds: bool
) -> Any:
    """reportlab's ``makeCJKParaLine`` without comparing every glyph's style: runs of glyphs
    from the same fragment become one word."""
    if calc_bounds:
        return _rl_internals.makeCJKParaLine(
            line, max_w, used, max_w - used, line_break, calc_bounds
        )
    words = []
    max_size = max_ascent = min_descent = 0.0
    run_start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or line[i].frag is not line[run_start].frag:
            f = line[run_start].frag
            word = f.clone()
            word.text = "".join(line[run_start:i])
            words.append(word)
            ascent, descent = _rl_internals.getAscentDescent(f.fontName, f.fontSize)
            max_size = max(max_size, f.fontSize)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            run_start = i
    return rl_paragraph.FragLine(
        kind=1,
        extraSpace=max_w - used,
        wordCount=1,
        words=words,
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_w,
        currentWidth=used,
        lineBreak=line_break,
    )


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of already-escaped markup with Chinese line breaking (see ``Styles.paragraph``
    for plain user text)."""
    return CJKParagraph(markup, style)


def number(value: Any, unit: str = "", kind: str | None = None) -> str:
    """A count or amount as printed: thousands separators, at most one decimal for amounts,
    the unit glued on (``"10,486户"``, ``"12 mu"``: the line breaker keeps both together)."""
    if kind is None:
        kind = "float" if isinstance(value, float) and not float(value).is_integer() else "int"
    text = format_value(0 if value is None else value, kind)
    if not unit:
        return text
    return f"{text}{unit}" if not unit.isascii() else f"{text} {singular(value, unit)}"


def singular(value: Any, unit: str) -> str:
    """An English plural unit after exactly one: "1 file", "1 day", "1 person"."""
    if value != 1 or not unit.isascii():
        return unit
    if unit == "people":
        return "person"
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


SHORT_TEXT = 12  # characters: a text this short without spaces is kept on one line if it can be
SIGN_WITH_ROWS = 4  # rows of a long table kept on the page of the signatures
MISSING_GLYPH = "\u25a1"  # □ stands in for a character the font cannot draw (e.g. emoji)


@dataclass
class Styles:
    font: str

    def __post_init__(self) -> None:
        f = self.font
        self._glyphs = _font_glyphs(f)
        self._missing: dict[int, str] = {}
        self.title = ParagraphStyle(
            "title",
            fontName=f,
            fontSize=17,
            leading=24,
            alignment=TA_CENTER,
            spaceAfter=4,
            wordWrap="CJK",
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            fontName=f,
            fontSize=10.5,
            leading=15,
            alignment=TA_CENTER,
            spaceAfter=8,
            wordWrap="CJK",
        )
        self.h1 = ParagraphStyle(
            "h1",
            fontName=f,
            fontSize=12.5,
            leading=17,
            spaceBefore=8,
            spaceAfter=5,
            wordWrap="CJK",
            textColor=colors.HexColor("#1F3550"),
        )
        self.h2 = ParagraphStyle(
            "h2", fontName=f, fontSize=11, leading=15, spaceBefore=5, spaceAfter=3, wordWrap="CJK"
        )
        self.body = ParagraphStyle("body", fontName=f, fontSize=10, leading=15, wordWrap="CJK")
        self.small = ParagraphStyle(
            "small",
            fontName=f,
            fontSize=8.5,
            leading=12,
            wordWrap="CJK",
            textColor=colors.HexColor("#444444"),
        )
        self.cell = ParagraphStyle(
            "cell",
            fontName=f,
            fontSize=TABLE_FONT_SIZE,
            leading=TABLE_LEADING,
            wordWrap="CJK",
            alignment=TA_LEFT,
        )
        self.cell_right = ParagraphStyle("cellr", parent=self.cell, alignment=TA_RIGHT)
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.note = ParagraphStyle("note", parent=self.small, fontSize=8, leading=11)
        self.basis = ParagraphStyle("basis", parent=self.small, alignment=TA_CENTER, spaceAfter=6)
        self.sign = ParagraphStyle("sign", fontName=f, fontSize=10.5, leading=16, wordWrap="CJK")

    def drawable(self, text: str) -> str:
        """``text`` with characters the font lacks replaced by a visible □ instead of nothing."""
        if self._glyphs is None or text.isascii():
            return text
        missing = [ch for ch in set(text) if ord(ch) not in self._glyphs and ch not in "\n\t\u2060"]
        if not missing:
            return text
        for ch in missing:
            self._missing[ord(ch)] = MISSING_GLYPH
        return text.translate(self._missing)

    def para(self, text: Any) -> str:
        """Paragraph markup for plain user text: filtered, then escaped."""
        return plain(self.drawable("" if text is None else str(text)))

    def paragraph(self, text: Any, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain (user) text with Chinese line breaking; ``style`` defaults to body."""
        return CJKParagraph(self.para(text), style or self.body)


def _font_glyphs(font_name: str) -> dict[int, int] | None:
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    return getattr(face, "charToGlyph", None)


# ------------------------------------------------------------------ values
def format_value(value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "year":
        return str(int(value)) if isinstance(value, (int, float)) else str(value)
    if kind == "int":
        return format_number(int(value)) if isinstance(value, (int, float)) else str(value)
    if kind == "float":
        # At most one decimal on paper; a whole amount prints without ".0".
        return (
            format_number(float(value), decimals=1)
            if isinstance(value, (int, float))
            else str(value)
        )
    if kind == "pct":
        return f"{value:.1f}%" if isinstance(value, (int, float)) else str(value)
    return str(value)


# ------------------------------------------------------------------ tables
class _Cell:
    """One measured cell: either a one-line string or a wrapped Paragraph."""

    __slots__ = ("align", "height", "para", "text")

    def __init__(self, text: str, para: Paragraph | None, align: str, height: float):
        self.text = text
        self.para = para
        self.align = align
        self.height = height


class RowGrid:
    """Measured rows shared by the pieces of one table across pages."""

    def __init__(
        self,
        widths: list[float],
        header: list[_Cell] | None,
        rows: list[list[_Cell]],
        shaded: set[int],
        joined: set[int],
        font: str,
    ):
        self.widths = widths
        self.header = header
        self.rows = rows
        self.shaded = shaded  # row indexes with a grey background (totals)
        self.joined = joined  # row indexes continuing the previous row (no rule above)
        self.font = font
        self.header_h = (max(c.height for c in header) + 2 * PAD_Y) if header else 0.0
        self.heights = [max((c.height for c in r), default=TABLE_LEADING) + 2 * PAD_Y for r in rows]
        self.prefix = [0.0, *itertools.accumulate(self.heights)]


class RowTable(Flowable):
    """Rows ``start:end`` of a ``RowGrid``; splits between rows, repeating the header."""

    def __init__(
        self,
        grid: RowGrid,
        start: int = 0,
        end: int | None = None,
        header_at_top_only: bool = False,
    ):
        super().__init__()
        self.grid = grid
        self.start = start
        self.end = len(grid.rows) if end is None else end
        self.width = sum(grid.widths)
        # A tail continuing the rows just above it on the same page needs no
        # header; at the top of a page it does.
        self.header_at_top_only = header_at_top_only
        self.header_h = grid.header_h
        self.height = self._height(self.start, self.end)

    def _height(self, start: int, end: int) -> float:
        return self.header_h + self.grid.prefix[end] - self.grid.prefix[start]

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return bool(frame is not None and getattr(frame, "_atTop", False))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.header_at_top_only:
            self.header_h = self.grid.header_h if self._at_top() else 0.0
            self.height = self._height(self.start, self.end)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        g = self.grid
        if self.header_at_top_only:
            self.wrap(availWidth, availHeight)
        limit = g.prefix[self.start] + availHeight - self.header_h
        cut = bisect.bisect_right(g.prefix, limit, self.start, self.end + 1) - 1
        if cut <= self.start:
            if self._at_top():
                cut = self.start + 1  # a row taller than a page: let it overflow once
            else:
                return []
        if cut >= self.end:
            return [self]
        first = RowTable(g, self.start, cut)
        if self.header_h == 0:
            first.header_h = 0.0
            first.height = first._height(self.start, cut)
        return [first, RowTable(g, cut, self.end)]

    def draw(self) -> None:
        g = self.grid
        c = self.canv
        y = self.height
        c.saveState()
        c.setLineWidth(0.5)
        c.setStrokeColor(GRID)
        if g.header and self.header_h:
            y -= g.header_h
            c.setFillColor(HEADER_FILL)
            c.rect(0, y, self.width, g.header_h, stroke=0, fill=1)
            self._draw_row(g.header, y, g.header_h)
            c.line(0, y + g.header_h, self.width, y + g.header_h)
        top = y
        for i in range(self.start, self.end):
            h = g.heights[i]
            if i != self.start and i not in g.joined:
                c.line(0, y, self.width, y)
            y -= h
            if i in g.shaded:
                c.setFillColor(TOTAL_FILL)
                c.rect(0, y, self.width, h, stroke=0, fill=1)
            self._draw_row(g.rows[i], y, h)
        c.line(0, y, self.width, y)
        c.line(0, top, self.width, top)
        x = 0.0
        for w in [0.0, *g.widths]:
            x += w
            c.line(x, y, x, self.height)
        c.restoreState()

    def _draw_row(self, cells: list[_Cell], bottom: float, height: float) -> None:
        c = self.canv
        x = 0.0
        for cell, w in zip(cells, self.grid.widths, strict=True):
            if cell.para is not None:
                cy = bottom + height - PAD_Y - cell.height  # long text reads from the top
                cell.para.drawOn(c, x + PAD_X, cy)
            elif cell.text:
                c.setFillColor(colors.black)
                c.setFont(self.grid.font, TABLE_FONT_SIZE)
                base = bottom + (height - TABLE_FONT_SIZE) / 2 + 1.2
                if cell.align == "right":
                    c.drawRightString(x + w - PAD_X, base, cell.text)
                elif cell.align == "center":
                    c.drawCentredString(x + w / 2, base, cell.text)
                else:
                    c.drawString(x + PAD_X, base, cell.text)
            x += w


class TableMaker:
    """Measures cells and builds ``RowTable`` flowables for one document."""

    def __init__(self, styles: Styles, max_cell_height: float):
        self.styles = styles
        self.font = styles.font
        self.max_cell_height = max_cell_height

    def cell(self, text: str, width: float, align: str = "left") -> _Cell:
        text = self.styles.drawable(text)
        inner = width - 2 * PAD_X
        if "\n" not in text and stringWidth(text, self.font, TABLE_FONT_SIZE) <= inner:
            return _Cell(text, None, align, TABLE_LEADING)
        style = {"right": self.styles.cell_right, "center": self.styles.cell_center}.get(
            align, self.styles.cell
        )
        para = CJKParagraph(plain(text), style)  # text already filtered above
        _, h = para.wrap(inner, 1e6)
        return _Cell(text, para, align, h)

    def fit_widths(self, widths: list[float], rows: list[list[str]]) -> list[float]:
        """Column widths that give every column room for its widest unbreakable run (an English
        word, a number with its unit) where the table has room, taken from columns with room to
        spare — so "Training" or "Approved" is not hyphenated in a narrow column while the
        work-done column beside it has space (the way an HTML table lays out).

        A short text without spaces (a name, a number) needs its whole width: a column is not
        narrowed below the names it prints on one line."""
        font, size = self.font, TABLE_FONT_SIZE
        need = [0.0] * len(widths)
        seen: list[set[str]] = [set() for _ in widths]
        for row in rows:
            for i, text in enumerate(row):
                if not text or text in seen[i]:
                    continue
                seen[i].add(text)
                for line in text.split("\n"):
                    if len(line) <= SHORT_TEXT and " " not in line:
                        text_w = stringWidth(line, font, size)
                    else:
                        text_w = widest_run(self.styles.drawable(line), font, size)
                    need[i] = max(need[i], text_w + 2 * PAD_X + 0.5)
        short = [max(0.0, n - w) for n, w in zip(need, widths, strict=True)]
        spare = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
        wanted, room = sum(short), sum(spare)
        if wanted <= 0 or room <= 0:
            return widths
        moved = min(wanted, room)
        return [
            w + s * moved / wanted - r * moved / room
            for w, s, r in zip(widths, short, spare, strict=True)
        ]

    def _pieces(self, text: str, width: float, align: str) -> list[_Cell]:
        """The cell, or the cell cut into pieces each at most ``max_cell_height`` tall."""
        first = self.cell(text, width, align)
        if first.height <= self.max_cell_height:
            return [first]
        parts = int(first.height // self.max_cell_height) + 1
        size = -(-len(text) // parts)
        ok = linebreak.break_opportunities(text)
        out, start = [], 0
        while start < len(text):
            cut = min(len(text), start + size)
            # Cut where a line may break (never "25|户" or before "，"), unless none is near.
            back = cut
            while back > start + size // 2 and not ok[back]:
                back -= 1
            cut = back if back > start + size // 2 else cut
            out.extend(self._pieces(text[start:cut], width, align))
            start = cut
        return out

    def table(
        self,
        columns: list[Column],
        rows: list[dict[str, Any]],
        total: dict[str, Any] | None,
        width: float,
    ) -> RowTable:
        columns = [c for c in columns if c.in_pdf]
        weights = sum(c.width for c in columns)
        widths = [width * c.width / weights for c in columns]
        aligns = [
            "right"
            if c.kind in ("int", "float", "pct", "year")
            else ("center" if c.kind == "date" else "left")
            for c in columns
        ]
        all_rows = list(rows) + ([total] if total else [])
        labels = [_header_label(c) for c in columns]
        texts = [[format_value(row.get(c.key), c.kind) for c in columns] for row in all_rows]
        widths = self.fit_widths(widths, [labels, *texts])
        header = [self.cell(label, w, "center") for label, w in zip(labels, widths, strict=True)]
        measured: list[list[_Cell]] = []
        shaded: set[int] = set()
        joined: set[int] = set()
        for n, row_texts in enumerate(texts):
            cells = [
                self._pieces(text, w, a)
                for text, w, a in zip(row_texts, widths, aligns, strict=True)
            ]
            depth = max(len(p) for p in cells)
            for k in range(depth):
                if k:
                    joined.add(len(measured))
                if total is not None and n == len(all_rows) - 1:
                    shaded.add(len(measured))
                measured.append(
                    [p[k] if k < len(p) else _Cell("", None, "left", TABLE_LEADING) for p in cells]
                )
        return RowTable(RowGrid(widths, header, measured, shaded, joined, self.font))

    def key_values(self, items: list[tuple[str, Any, str]], width: float) -> RowTable:
        pairs_per_line = 2
        widths = [width * f for f in (0.30, 0.20, 0.30, 0.20)]
        rows = []
        for i in range(0, len(items), pairs_per_line):
            row: list[_Cell] = []
            for k in range(pairs_per_line):
                if i + k < len(items):
                    label, value, unit = items[i + k]
                    kind = (
                        "float"
                        if isinstance(value, float)
                        else ("int" if isinstance(value, int) else "text")
                    )
                    if unit == "%":
                        kind, unit = "pct", ""
                    text = format_value(value, kind) + (f" {singular(value, unit)}" if unit else "")
                    align = "left" if kind == "text" else "right"
                    row += [
                        self.cell(label, widths[2 * k]),
                        self.cell(text, widths[2 * k + 1], align),
                    ]
                else:
                    row += [_Cell("", None, "left", TABLE_LEADING)] * 2
            rows.append(row)
        return RowTable(RowGrid(widths, None, rows, set(), set(), self.font))


def widest_run(text: str, font: str, size: float) -> float:
    """The width of the widest piece of ``text`` that no line break may split."""
    ok = linebreak.break_opportunities(text)
    widths = _widths(text, font, size)
    widest = run = 0.0
    trailing = 0.0  # spaces at the end of a run hang past the line end
    for k, ch in enumerate(text):
        if k and ok[k]:
            widest = max(widest, run - trailing)
            run = trailing = 0.0
        run += widths[k]
        trailing = trailing + widths[k] if ch in " \t\u3000" else 0.0
    return max(widest, run - trailing)


def _header_label(c: Column) -> str:
    if not c.unit:
        return c.label
    latin = c.label.isascii() and c.unit.isascii()  # "Rate (%)" but "满意率（%）"
    return f"{c.label}\n({c.unit})" if latin else f"{c.label}\n（{c.unit}）"


# ------------------------------------------------------------------ charts
def tick_step(top: float, ticks: int = 5) -> int:
    """A whole-number axis step (1, 2 or 5 × 10^n) giving about ``ticks`` ticks up to ``top``."""
    raw = max(top / ticks, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def fit_label(text: str, font: str, size: float, room: float) -> str:
    """``text``, shortened with "…" when it is wider than ``room`` (a chart label that would
    run into its neighbour or off the page; the table beside the chart has the full name)."""
    if stringWidth(text, font, size) <= room:
        return text
    ellipsis = "…"
    while text and stringWidth(text + ellipsis, font, size) > room:
        text = text[:-1]
    return text.rstrip() + ellipsis


def make_chart(chart: Chart, font: str, width: float) -> Drawing:
    # Not Helvetica: nothing in the PDF may rely on an unembedded font.
    d = Drawing(width, chart.height, initialFontName=font)
    title_size = min(10.0, 10.0 * (width - 4) / max(stringWidth(chart.title, font, 10), 1.0))
    d.add(
        String(
            width / 2,
            chart.height - 12,
            chart.title,
            fontName=font,
            fontSize=title_size,  # a long title is set smaller, never past the chart's edge
            textAnchor="middle",
        )
    )
    n = len(chart.categories)
    many = n > 10
    bottom = 60 if many else 28
    legend_h = 16 if len(chart.series) > 1 else 0
    plot_h = chart.height - 22 - bottom - legend_h
    # Geometry goes through setProperties (validated as plain assignments are):
    # types-reportlab declares PlotArea's x/y/width/height as int, reportlab takes any number.
    c: BarChart | HorizontalLineChart
    if chart.kind == "hbar":
        c = HorizontalBarChart()
        c.setProperties(
            {"x": 90, "y": 20, "width": width - 120, "height": chart.height - 42 - legend_h}
        )
        c.categoryAxis.labels.boxAnchor = "e"
        c.categoryAxis.labels.dx = -4
    elif chart.kind == "line":
        c = line_chart = HorizontalLineChart()
        c.setProperties({"x": 45, "y": bottom, "width": width - 70, "height": plot_h})
        c.joinedLines = 1
        for i in range(len(chart.series)):
            line_chart.lines[i].strokeColor = SERIES_COLORS[i % len(SERIES_COLORS)]
            line_chart.lines[i].strokeWidth = 1.5
    else:
        c = VerticalBarChart()
        c.setProperties({"x": 45, "y": bottom, "width": width - 70, "height": plot_h})
        c.setProperties({"groupSpacing": 4 if n < 30 else 1, "barSpacing": 0.5})
    c.data = [tuple(v for v in values) for _, values in chart.series] or [tuple([0] * n)]
    names = list(chart.categories)
    if chart.kind == "line" and n > 8 and width < 400:
        step = -(-n // 7)  # at most about seven labels in a narrow chart
        names = [name if i % step == 0 else "" for i, name in enumerate(names)]
    label_size = 7.5 if n <= 20 else 6
    # Room for a category label: beside an hbar, under its bar, or slanting down from it.
    if chart.kind == "hbar":
        room = 84.0
    elif many and chart.kind in ("bar", "line"):
        room = 62.0
    else:
        room = (width - 70) / max(n, 1) - 4
    c.categoryAxis.categoryNames = [fit_label(name, font, label_size, room) for name in names]
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = label_size
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 7.5
    c.valueAxis.valueMin = 0
    top = max((max(v) if v else 0) for _, v in chart.series) if chart.series else 0
    if top <= 0:
        c.valueAxis.valueMax = 1
        c.valueAxis.valueStep = 1
    elif chart.counts:
        # A count has no fractional ticks: a whole step of 1, 2 or 5 × 10^n, about five ticks.
        step = tick_step(top)
        if chart.kind == "hbar":  # ticks side by side: fewer of them where labels would touch
            label_w = stringWidth(f"{step * math.ceil(top / step):,}", font, 7.5) + 8
            ticks = 5
            while ticks > 2 and (width - 120) / (math.ceil(top / step) or 1) < label_w:
                ticks -= 1
                step = tick_step(top, ticks)
        c.valueAxis.valueStep = step
        c.valueAxis.valueMax = step * math.ceil(top / step)
        c.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    else:  # amounts: separators too, and a decimal only where the step needs one
        c.valueAxis.labelTextFormat = lambda v: format_number(float(v), decimals=1)
    if isinstance(c, BarChart):  # every kind but "line"
        for i in range(len(chart.series)):
            c.bars[i].fillColor = SERIES_COLORS[i % len(SERIES_COLORS)]
            c.bars[i].strokeColor = None
    if chart.kind in ("bar", "line") and many:
        c.categoryAxis.labels.angle = 45
        c.categoryAxis.labels.boxAnchor = "ne"
        c.categoryAxis.labels.dx = 2
        c.categoryAxis.labels.dy = -2
    elif chart.kind in ("bar", "line"):
        c.categoryAxis.labels.boxAnchor = "n"
        c.categoryAxis.labels.dy = -3
    d.add(c)
    if len(chart.series) > 1:
        legend = Legend()
        legend.fontName = font
        legend.fontSize = 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 70
        legend.x = 50
        legend.setProperties({"y": chart.height - 24})  # a float; the stubs say int
        legend.colorNamePairs = [
            (SERIES_COLORS[i % len(SERIES_COLORS)], name)
            for i, (name, _) in enumerate(chart.series)
        ]
        d.add(legend)
    return d


# ------------------------------------------------------------------ document
class _Footer:
    def __init__(self, font: str, left: str, title: str, page_text: Callable[[int, int], str]):
        self.font = font
        self.left = left
        self.title = title
        self.page_text = page_text


def footer_canvas(footer: _Footer, page_counter: list[int]) -> type[rl_canvas.Canvas]:
    """A canvas class that holds pages back until the total page count is known."""

    class FooterCanvas(rl_canvas.Canvas):
        # Canvas internals this class relies on (not declared by types-reportlab).
        _pagesize: tuple[float, float]
        _startPage: Callable[[], None]

        def __init__(self, *args: Any, **kwargs: Any):
            # Otherwise every page references Helvetica, a font the PDF does not embed.
            kwargs["initialFontName"] = footer.font
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            page_counter[0] = total
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            w, _ = self._pagesize
            self.saveState()
            self.setFont(footer.font, 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            self.setStrokeColor(colors.HexColor("#999999"))
            self.setLineWidth(0.4)
            y = MARGIN - FOOTER_GAP + 2
            self.line(MARGIN, y + 9, w - MARGIN, y + 9)
            self.drawRightString(w - MARGIN, y, footer.page_text(self.getPageNumber(), total))
            self.drawString(
                MARGIN, y, fit_label(footer.left, footer.font, 7.5, w - 2 * MARGIN - 80)
            )
            if self.getPageNumber() > 1:
                _, h = self._pagesize
                title = fit_label(footer.title, footer.font, 7.5, w - 2 * MARGIN)
                self.drawString(MARGIN, h - MARGIN + 6, title)
            self.restoreState()

    return FooterCanvas


class ReportDocument(BaseDocTemplate):
    def __init__(
        self, filename: str, first: str, after_page: Callable[[int], None] | None, **kw: Any
    ):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            **kw,
        )
        self._after_page = after_page
        templates = []
        for name, size in (("portrait", A4), ("landscape", landscape(A4))):
            frame = Frame(
                MARGIN,
                MARGIN,
                size[0] - 2 * MARGIN,
                size[1] - 2 * MARGIN,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=name,
            )
            templates.append(PageTemplate(id=name, frames=[frame], pagesize=size))
        if first == "landscape":
            templates.reverse()
        self.addPageTemplates(templates)

    def afterPage(self) -> None:
        if self._after_page is not None:
            self._after_page(self.page)


def frame_size(orientation: str) -> tuple[float, float]:
    size = landscape(A4) if orientation == "landscape" else A4
    return size[0] - 2 * MARGIN, size[1] - 2 * MARGIN


def signature_lines(lines: list[str], styles: Styles, width: float) -> list[Flowable]:
    """Each line's parts (separated by two or more ideographic spaces, or three or more spaces in
    English) spread over the width."""
    out: list[Flowable] = []
    for text in lines:
        parts = [p for p in re.split("\u3000{2,}| {3,}", text) if p]
        cells = [
            [
                CJKParagraph(styles.para(p).replace("\u3000", "&nbsp;&nbsp;&nbsp;"), styles.sign)
                for p in parts
            ]
        ]
        # Each part gets room in proportion to its length, so no underline wraps.
        lengths = [stringWidth(p, styles.font, styles.sign.fontSize) + 12 for p in parts]
        spare = max(0.0, width - sum(lengths)) / len(parts)
        scale = min(1.0, width / sum(lengths))
        table = Table(cells, colWidths=[n * scale + spare for n in lengths])
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("FONTNAME", (0, 0), (-1, -1), styles.font),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ]
            )
        )
        out += [table, Spacer(1, 16)]
    return out


def _note(text: str, styles: Styles) -> list[Flowable]:
    return [Spacer(1, 2), CJKParagraph(styles.para(text), styles.note)] if text else []


def photo_grid(block: Photos, styles: Styles, width: float, per_row: int = 4) -> list[Flowable]:
    """Thumbnails with captions, ``per_row`` to a line (issue 13: photos in the specialist's log)."""
    import io

    from reportlab.platypus import Image

    if not block.items:
        return []
    cell = width / per_row
    cells: list[list[Flowable] | str] = []
    for data, caption in block.items:
        img = Image(io.BytesIO(data))
        scale = min((cell - 8) / img.imageWidth, (cell * 0.75) / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        cells.append([img, styles.paragraph(caption, styles.small)])
    # A table cell holds the picture over its caption; the last row is padded with empty cells.
    rows: list[list[list[Flowable] | str]] = [
        cells[i : i + per_row] for i in range(0, len(cells), per_row)
    ]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    table = Table(rows, colWidths=[cell] * per_row, repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    out: list[Flowable] = [CondPageBreak(cell), styles.paragraph(block.title, styles.h2), table]
    if block.note:
        out.append(styles.paragraph(block.note, styles.small))
    return out + [Spacer(1, 8)]


def build_story(report: Report, styles: Styles) -> list[Flowable]:
    orientation = report.orientation
    width, height = frame_size(orientation)
    maker = TableMaker(styles, height / 3)
    story: list[Flowable] = [
        CJKParagraph(styles.para(report.title), styles.title),
        CJKParagraph(styles.para(report.subtitle), styles.subtitle),
    ]
    if report.basis:
        story.append(CJKParagraph(styles.para(report.basis), styles.basis))
    block_start = len(story)
    last_table: tuple[int, RowTable, float] | None = None
    for block in report.blocks:
        previous_start, block_start = block_start, len(story)
        if isinstance(block, Orientation):
            if block.value != orientation:
                orientation = block.value
                width, height = frame_size(orientation)
                maker = TableMaker(styles, height / 3)
                story += [NextPageTemplate(orientation), PageBreak()]
        elif isinstance(block, Heading):
            style = styles.h1 if block.level == 1 else styles.h2
            story += [CondPageBreak(60), CJKParagraph(styles.para(block.text), style)]
        elif isinstance(block, Text):
            story += [
                CJKParagraph(styles.para(block.text), styles.small if block.small else styles.body),
                Spacer(1, 5),
            ]
        elif isinstance(block, KeyValues):
            if block.title:
                story += [CondPageBreak(60), CJKParagraph(styles.para(block.title), styles.h2)]
            story += [
                maker.key_values(block.items, width),
                *_note(block.note, styles),
                Spacer(1, 6),
            ]
        elif isinstance(block, TableBlock):
            if not block.in_pdf:
                continue
            title = CJKParagraph(styles.para(block.title), styles.h2) if block.title else None
            if not block.rows and block.total is None:
                parts: list[Flowable] = [
                    *([title] if title else []),
                    CJKParagraph(styles.para(block.empty_text), styles.body),
                ]
                story += [KeepTogether(parts), Spacer(1, 6)]
                continue
            table = maker.table(block.columns, block.rows, block.total, width)
            last_table = (len(story) + (2 if title else 0), table, height)
            if title:
                # Keep the caption with the table's first rows.
                story.append(CondPageBreak(min(height / 4, table.grid.header_h + 60)))
                story.append(title)
            story += [table, *_note(block.note, styles), Spacer(1, 8)]
        elif isinstance(block, Chart):
            story += [
                CondPageBreak(block.height + 10),
                make_chart(block, styles.font, width),
                Spacer(1, 8),
            ]
        elif isinstance(block, ChartRow):
            n = len(block.charts)
            drawings = [make_chart(c, styles.font, width / n - 6) for c in block.charts]
            row = Table([drawings], colWidths=[width / n] * n)
            row.setStyle(
                TableStyle(
                    [
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("FONTNAME", (0, 0), (-1, -1), styles.font),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [CondPageBreak(max(c.height for c in block.charts) + 10), row, Spacer(1, 8)]
        elif isinstance(block, Photos):
            story += photo_grid(block, styles, width)
        elif isinstance(block, Signatures):
            # Signatures never stand alone on a page: they stay with the block above
            # (a signed sheet must show what was signed).
            signatures = [Spacer(1, 14), *signature_lines(block.lines, styles, width)]
            if (
                last_table is not None
                and last_table[0] >= previous_start
                and last_table[1].height > last_table[2] / 3
                and last_table[1].end - last_table[1].start > SIGN_WITH_ROWS
            ):
                # A long table: only its last rows move with the signatures.
                at, table, _ = last_table
                cut = table.end - SIGN_WITH_ROWS
                after = [f for f in story[at + 1 :] if not isinstance(f, Spacer)]  # its footnote
                story[at:] = [
                    RowTable(table.grid, table.start, cut),
                    KeepTogether(
                        [
                            RowTable(table.grid, cut, table.end, header_at_top_only=True),
                            *after,
                            *signatures,
                        ]
                    ),
                ]
            else:
                tail = [f for f in story[previous_start:] if not isinstance(f, CondPageBreak)]
                del story[previous_start:]
                story.append(KeepTogether([*tail, *signatures]))
    return story


def write_pdf(
    report: Report,
    path: str,
    font: str,
    footer_left: str,
    page_text: Callable[[int, int], str],
    after_page: Callable[[int], None] | None = None,
) -> int:
    """Typeset ``report`` into ``path``; returns the page count."""
    styles = Styles(font)
    story = build_story(report, styles)
    counter = [0]
    footer = _Footer(font, footer_left, report.title, page_text)
    doc = ReportDocument(
        path,
        report.orientation,
        after_page,
        title=report.title,
        author="zjk-desktop",
        creator="zjk-desktop",
        subject=report.subtitle,
    )
    doc.build(story, canvasmaker=footer_canvas(footer, counter))
    return counter[0]
