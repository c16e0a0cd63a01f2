"""Read PDF reports as a proof-reader does and list what breaks the typesetting rules.

    .venv/bin/python tools/check_reports.py REPORT.pdf … [--lang zh_CN|en] [--quiet]
    .venv/bin/python tools/check_reports.py --db DEMO.sqlite3 --out DIR   # make every report first

Every printed line (one PDF text object: a paragraph line, a table cell's line, a chart
label) is read with its position (PDFium, through pypdfium2), together with the table rules
drawn on the page, and checked for:

- kinsoku: a line starting with closing punctuation or ending with an opening one;
- unit: a number at the end of a line whose unit starts the next line of the same paragraph;
- thousands: a count of 1,000 or more printed without separators;
- hex: an id or hash longer than 12 characters;
- english: Latin words in a Chinese report (listed once each, for a person to judge);
- word-break: an English word cut between lines without a hyphen, or hyphenated although it
  would have fitted;
- overflow: text beyond the page margins or across a table rule;
- overlap: two pieces of text drawn over each other (chart labels, crowded cells).

Exit status 1 when anything was found.  ``tests/test_reports_audit.py`` runs it on every
report of the demo in both languages.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # ships no py.typed
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.reports import linebreak

MARGIN = 15 * 72 / 25.4  # pdf.MARGIN: 15 mm
CLOSING = linebreak.CANNOT_START - set("'\"")
OPENING = linebreak.CANNOT_END - set("#$")
CJK_UNIT_START = set("户人亩学个项次场名元天张份条村家公万千小")
LATIN_UNIT_WORDS = {
    "mu",
    "h",
    "hh",
    "kg",
    "yuan",
    "days",
    "times",
    "people",
    "views",
    "households",
    "visits",
    "records",
    "trainings",
    "villages",
    "specialists",
    "files",
    "hours",
    "viewers",
    "attendees",
    "techniques",
    "varieties",
    "sessions",
    "items",
    "photos",
    "requests",
    "points",
    "person-times",
}
DATE_LIKE = re.compile(r"\d{4}-\d{2}(-\d{2})?|\d{4}[年Q]|\d{2}-\d{2}|\d{4}/\d{2}")
LONG_NUMBER = re.compile(r"(?<![\d,.\-/:])\d{4,}(?![\d\-/:年])")
YEAR = re.compile(r"^(19|20)\d\d(\s*年|\s|$)")
HEX_ID = re.compile(r"\b[0-9a-fA-F]{13,}\b|[0-9a-f]{8}-[0-9a-f]{4}-")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


@dataclass
class Piece:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    rotated: bool = False  # a slanted chart label: its box is not its outline


@dataclass
class Page:
    number: int
    width: float
    height: float
    pieces: list[Piece]
    vlines: list[tuple[float, float, float]]  # x, y0, y1 of thin vertical rules


@dataclass
class Finding:
    kind: str
    page: int
    text: str

    def __str__(self) -> str:
        return f"p{self.page} {self.kind}: {self.text}"


def read_pages(path: Path) -> list[Page]:
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        width, height = page.get_size()
        pieces: list[Piece] = []
        vlines: list[tuple[float, float, float]] = []
        runs: list[tuple[float, float, Piece]] = []  # baseline, origin x, piece
        for obj in page.get_objects(max_depth=8):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                obj.textpage = textpage
                text = obj.extract().strip()
                if not text:
                    continue
                x0, y0, x1, y1 = obj.get_bounds()
                origin = obj.get_matrix()
                piece = Piece(
                    index + 1, x0, y0, x1, y1, text, obj.get_font_size(), abs(origin.b) > 1e-3
                )
                runs.append((origin.f, origin.e, piece))
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                x0, y0, x1, y1 = obj.get_bounds()
                if x1 - x0 <= 1.5 and y1 - y0 > 4:
                    vlines.append(((x0 + x1) / 2, y0, y1))
        pieces = _join_runs(runs, vlines)
        pages.append(Page(index + 1, width, height, pieces, vlines))
    return pages


def _join_runs(
    runs: list[tuple[float, float, Piece]], vlines: list[tuple[float, float, float]]
) -> list[Piece]:
    """Printed lines from text objects: a line whose characters come from several font
    subsets is drawn as several objects side by side on one baseline."""
    lines: list[Piece] = []
    last_baseline = None
    for baseline, origin, piece in runs:
        prev = lines[-1] if lines else None
        if (
            prev is not None
            and last_baseline is not None
            and abs(baseline - last_baseline) < 0.3
            and prev.x1 - 1.5 <= origin <= prev.x1 + 1.1 * piece.size
            and not any(
                prev.x1 - 0.5 < x < piece.x0 + 0.5 and y0 < baseline + 2 < y1
                for x, y0, y1 in vlines
            )
        ):
            gap = origin - prev.x1
            spaced = gap > 0.2 * piece.size and prev.text[-1].isascii() and piece.text[0].isascii()
            prev.text += (" " if spaced else "") + piece.text
            prev.x1 = max(prev.x1, piece.x1)
            prev.y0, prev.y1 = min(prev.y0, piece.y0), max(prev.y1, piece.y1)
        else:
            lines.append(piece)
        last_baseline = baseline
    return lines


def same_paragraph(a: Piece, b: Piece) -> bool:
    """``b`` is the line after ``a`` in one paragraph or cell (drawn next, just below)."""
    drop = a.y0 - b.y0
    return 4 < drop < 2.2 * max(a.size, b.size) and b.x0 < a.x1 and a.x0 < b.x1 + 40


def check_lines(pages: list[Page]) -> Iterable[Finding]:
    for page in pages:
        pieces = page.pieces
        for k, p in enumerate(pieces):
            t = p.text
            if t[0] in CLOSING:
                yield Finding("kinsoku", p.page, f"starts with {t[0]!r}: {t[:40]}")
            if t[-1] in OPENING:
                yield Finding("kinsoku", p.page, f"ends with {t[-1]!r}: {t[-40:]}")
            if k + 1 < len(pieces) and same_paragraph(p, pieces[k + 1]):
                n = pieces[k + 1].text
                if t[-1].isdigit():
                    first_word = LATIN_WORD.match(n)
                    if (
                        n[0] in CJK_UNIT_START
                        or n[0] in "%％"
                        or (first_word and first_word.group().lower() in LATIN_UNIT_WORDS)
                    ):
                        yield Finding("unit", p.page, f"{t[-20:]} | {n[:20]}")
                if t[-1].isascii() and t[-1].isalpha() and n[0].isascii() and n[0].isalpha():
                    yield from _word_break(p, pieces[k + 1], pages)


_VOCABULARY: set[str] = set()


def _word_break(a: Piece, b: Piece, pages: list[Page]) -> Iterable[Finding]:
    if not _VOCABULARY:
        for page in pages:
            for piece in page.pieces:
                _VOCABULARY.update(w.lower() for w in LATIN_WORD.findall(piece.text))
    end = LATIN_WORD.findall(a.text)[-1:]
    start = LATIN_WORD.match(b.text)
    if not end or not start:
        return
    head, tail = end[0], start.group()
    joined = (head + tail).lower()
    if joined in _VOCABULARY and (
        head.lower() not in _VOCABULARY or tail.lower() not in _VOCABULARY
    ):
        yield Finding("word-break", a.page, f"{a.text[-30:]} | {b.text[:30]}")


def check_numbers(pages: list[Page]) -> Iterable[Finding]:
    for page in pages:
        for p in page.pieces:
            text = DATE_LIKE.sub(" ", p.text)
            for m in LONG_NUMBER.finditer(text):
                digits = m.group()
                if len(digits) >= 11 and digits.startswith("1"):
                    continue  # a phone number or a division code
                if YEAR.match(text[m.start() :]) and (
                    m.start() == 0 or "年" in text[m.end() :][:3]
                ):
                    continue  # "2026 年度", a subtitle starting with the year
                yield Finding("thousands", p.page, f"{digits} in {p.text[:60]}")
            if HEX_ID.search(p.text):
                yield Finding("hex", p.page, p.text[:60])


def check_geometry(pages: list[Page]) -> Iterable[Finding]:
    for page in pages:
        left, right = MARGIN - 1.5, page.width - MARGIN + 1.5
        for p in page.pieces:
            if p.x0 < left or p.x1 > right or p.y0 < MARGIN - 30 or p.y1 > page.height - 8:
                yield Finding("overflow", p.page, f"beyond the margin: {p.text[:40]}")
            mid = (p.y0 + p.y1) / 2
            for x, y0, y1 in page.vlines:
                if y0 < mid < y1 and p.x0 + 0.8 < x < p.x1 - 0.8:
                    yield Finding("overflow", p.page, f"across a table rule: {p.text[:40]}")
                    break
        ordered = sorted((q for q in page.pieces if not q.rotated), key=lambda q: q.y0)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if b.y0 >= a.y1 - 0.5:
                    break
                inter_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                inter_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                if inter_x > 1.0 and inter_y > 1.5:
                    yield Finding("overlap", a.page, f"{a.text[:25]} / {b.text[:25]}")


def english_words(pages: list[Page]) -> Iterable[Finding]:
    seen: set[str] = set()
    for page in pages:
        for p in page.pieces:
            for w in LATIN_WORD.findall(p.text):
                if w not in seen:
                    seen.add(w)
                    yield Finding("english", p.page, f"{w} in {p.text[:50]}")


def check(path: Path, lang: str | None = None) -> list[Finding]:
    pages = read_pages(path)
    _VOCABULARY.clear()
    if lang is None:
        lang = "en" if "-en-" in path.name or path.name.startswith("en-") else "zh_CN"
    found = [
        *check_lines(pages),
        *check_numbers(pages),
        *check_geometry(pages),
    ]
    if lang != "en":
        found += english_words(pages)
    return found


def make_every_report(db: Path, out: Path) -> list[tuple[Path, str]]:
    """Every PDF report the program makes, from ``db`` (not changed), in both languages:
    the busiest specialist's log, the township with the most records left out, the first
    county, the whole database, the county's assessment ranking, the specialist's assessment
    sheet and the county's timeliness report over the last twelve months."""
    import datetime as dt

    from zjk_desktop import i18n
    from zjk_desktop.reports import generate_report
    from zjk_desktop.reports.assessment import assessment_report
    from zjk_desktop.reports.timeliness import timeliness_report
    from zjk_desktop.store import Store

    store = Store.open(db)
    conn = store.conn
    sid, phone = conn.execute(
        "SELECT s.id, s.phone FROM visit v JOIN specialist s ON s.id = v.specialist_id"
        " WHERE v.deleted = 0 GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    township = conn.execute(
        "SELECT t.id FROM visit r JOIN org_unit v ON v.id = r.village_id"
        " JOIN org_unit t ON t.id = v.parent_id WHERE r.deleted = 0"
        " GROUP BY t.id ORDER BY sum(r.review_state IN ('draft', 'returned')) DESC LIMIT 1"
    ).fetchone()[0]
    county = store.rows("org_unit", {"level": "county"}, order_by="code", limit=1)[0]
    end = dt.date.today()
    start = end - dt.timedelta(days=364)
    made = []
    for lang in ("zh_CN", "en"):
        i18n.set_language(lang)
        for name, kind, scope in (
            ("specialist", "specialist", sid),
            ("township", "township", township),
            ("county", "county", county["id"]),
            ("all", "county", None),
        ):
            path = out / f"{lang}-{name}.pdf"
            generate_report(store, kind, scope, start, end, path)
            made.append((path, lang))
        for name, scope_text in (("ranking", county["code"]), ("sheet", phone or sid)):
            path = out / f"{lang}-assessment-{name}.pdf"
            assessment_report(store, scope_text, end.year, path)
            made.append((path, lang))
        path = out / f"{lang}-timeliness.pdf"
        timeliness_report(store, county["code"], f"{start:%Y-%m}", f"{end:%Y-%m}", path)
        made.append((path, lang))
    store.close()
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--lang", choices=("zh_CN", "en"))
    parser.add_argument(
        "--db", type=Path, help="make every report from this database first (see --out)"
    )
    parser.add_argument("--out", type=Path, default=Path("reports-audit"), help="with --db")
    parser.add_argument("--quiet", action="store_true", help="print only the counts per file")
    args = parser.parse_args()
    jobs = [(path, args.lang) for path in args.pdfs]
    if args.db:
        args.out.mkdir(parents=True, exist_ok=True)
        jobs += make_every_report(args.db, args.out)
    bad = 0
    for path, lang in jobs:
        found = check(path, lang)
        bad += len(found)
        kinds: dict[str, int] = {}
        for f in found:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        print(f"{path.name}: {len(found)} {kinds if kinds else ''}")
        if not args.quiet:
            for f in found[:60]:
                print("   ", f)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
