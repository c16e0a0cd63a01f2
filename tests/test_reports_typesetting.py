"""Chinese typesetting in the PDFs: line-breaking rules (禁则), numbers kept with their units,
English wrapped at spaces, thousands separators, whole-number chart ticks.

Each rule is checked on the PDF as a reader sees it (``pdftotext``), on text crafted so that
reportlab's own ``wordWrap='CJK'`` breaks the rule at the same width (so the test can fail).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from zjk_desktop import i18n
from zjk_desktop.reports import generate_report, linebreak
from zjk_desktop.reports.fonts import resolve_font
from zjk_desktop.reports.model import Chart
from zjk_desktop.reports.pdf import CJKParagraph, Styles, make_chart, number, tick_step

START, END = "2025-01-01", "2026-12-31"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Styles(resolve_font(None).name)


def pdf_lines(path: Path) -> list[str]:
    """The text lines of a PDF as pdftotext reads them (reading order, no layout)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def render(tmp_path: Path, paragraphs: list[Paragraph], width: float, name: str = "p") -> list[str]:
    """Set paragraphs in a column ``width`` points wide; return the printed lines."""
    path = tmp_path / f"{name}.pdf"
    margin = (A4[0] - width) / 2 - 6  # the frame pads 6 points on each side
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin)
    doc.build(list[Flowable](paragraphs))
    return pdf_lines(path)


def both(styles: Styles, tmp_path: Path, text: str, width: float) -> tuple[list[str], list[str]]:
    """(reportlab's CJK wrap, ours) of one paragraph of plain text."""
    stock = render(tmp_path, [Paragraph(styles.para(text), styles.body)], width, "stock")
    ours = render(tmp_path, [styles.paragraph(text)], width, "ours")
    return stock, ours


# ------------------------------------------------------------------ 禁则
def test_no_line_starts_with_closing_punctuation(styles, tmp_path):
    # Twenty characters fill the line; the "；" after them would start the next one.
    size = styles.body.fontSize
    text = (
        "本期走访服务七百零一次服务农户一万余户"
        + "乙"
        + "；开展培训一百八十一场（现场一百三十一场）。"
    )
    width = 20 * size + 1
    stock, ours = both(styles, tmp_path, text, width)
    assert any(line.startswith("；") for line in stock), (
        stock
    )  # the stock wrap breaks the rule here
    assert "".join(ours) == text
    for line in ours:
        assert line[0] not in "，。、；：！？）」》", ours
        assert line[-1] not in "（「《", ours


def test_no_line_ends_with_opening_punctuation(styles, tmp_path):
    size = styles.body.fontSize
    text = "有服务记录的贫困村一十六个占贫困村总数" + "（百分之百）；走访服务"
    stock, ours = both(styles, tmp_path, text, 20 * size + 1)
    assert any(line.endswith("（") for line in stock), stock
    assert all(not line.endswith("（") for line in ours) and "".join(ours) == text


def test_a_number_stays_with_its_unit(styles, tmp_path):
    prefix = "本期带动农户情况良好全年新增推广服务面"
    for number_text, unit, rest in (
        ("125", "户", "，示范面积9,680亩"),
        ("125 ", "户", "，示范"),
        ("7,068", "人次", "，线上观看"),
    ):
        # The number just fits at the end of the line; its unit does not.
        width = stringWidth(prefix + number_text, styles.font, styles.body.fontSize) + 1
        stock, ours = both(styles, tmp_path, prefix + number_text + unit + rest, width)
        whole = number_text + unit
        assert not any(whole in line for line in stock), stock  # split by the stock wrap
        assert any(whole in line for line in ours), ours


def para_lines(para: Paragraph | None, width: float) -> list[str]:
    assert isinstance(para, CJKParagraph)  # every paragraph a report sets breaks lines our way
    para.wrap(width, 1e6)
    return [line.rstrip(" ") for line in para_lines_any(para)]


def test_english_wraps_at_spaces_and_hyphenates_only_a_word_wider_than_the_cell(styles, tmp_path):
    long_word = "Supercalifragilisticexpialidocious"
    text = f"推广抗旱 resistant varieties of millet {long_word}"
    width = 50.0
    stock = render(tmp_path, [Paragraph(styles.para(text), styles.cell)], width, "stock")
    words = set(text.split())
    assert any(w not in words for line in stock for w in line.split()), stock  # "res | istant"
    ours = para_lines(styles.paragraph(text, styles.cell), width)
    assert ours[:4] == ["推广抗旱", "resistant", "varieties of", "millet"], ours
    # Only the word wider than the cell is cut, each piece but the last ending in a hyphen.
    pieces = ours[4:]
    assert len(pieces) >= 2 and all(p.endswith("-") for p in pieces[:-1])
    assert "".join(p.removesuffix("-") for p in pieces) == long_word
    assert all(len(p.removesuffix("-")) >= 2 for p in pieces)


def test_every_line_fits_its_width(styles):
    text = (
        "抗旱品种 drought-resistant varieties（示范）125户；" * 8
        + "Supercalifragilisticexpialidocious"
    )
    for width in (40.0, 61.0, 97.0, 230.0):
        para = CJKParagraph(styles.para(text), styles.cell)
        para.wrap(width, 1e6)
        rebuilt = "".join(para_lines_any(para))
        for line in para.blPara.lines:
            extra = line[0] if para.blPara.kind == 0 else line.extraSpace
            assert extra >= -0.01  # the line is no wider than the column
        assert rebuilt.replace("-", "").replace(" ", "") == text.replace("-", "").replace(" ", "")


def test_break_rules_unit():
    ok = linebreak.break_opportunities
    text = "带动25户；A (B) well-known 2026-05-01 ——好"
    allowed = ok(text)
    assert not allowed[text.index("户")] and not allowed[text.index("；")]
    assert allowed[text.index("2")]  # before a number is fine
    assert not allowed[text.index("B")]  # not after "("
    assert not allowed[text.index("known")]  # English breaks at spaces only, not after a hyphen
    assert not any(allowed[text.index("2026") + k] for k in range(1, 10))  # a date stays whole
    dash = text.index("——")
    assert not allowed[dash + 1]  # —— never splits
    assert linebreak.fill_lines("ab", [1, 1], [10]) == [(0, 2, False)]


# ------------------------------------------------------- numbers and charts
def test_numbers_have_thousands_separators_and_units(demo_store, tmp_path):
    assert number(10486) == "10,486" and number(10486, "户") == "10,486户"
    assert number(9680.5, "亩") == "9,680.5亩" and number(12, "mu") == "12 mu"
    out = tmp_path / "county.pdf"
    generate_report(demo_store, "county", "130732", START, END, out)
    text = "".join(pdf_lines(out))
    headline = text[text.index("本期共有") : text.index("带动农户", text.index("本期共有")) + 20]
    figures = re.findall(r"\d[\d,]*", headline.split("。")[0])
    assert any(int(f.replace(",", "")) >= 1000 for f in figures), headline
    for f in figures:
        assert f == f"{int(f.replace(',', '')):,}", (f, headline)


def test_count_charts_have_whole_number_ticks(styles, tmp_path):
    assert [tick_step(t) for t in (1, 3, 7, 26, 262, 10486)] == [1, 1, 2, 10, 100, 5000]
    for kind in ("bar", "hbar", "line"):
        chart = Chart(
            kind, "各产业工作记录数", ["马铃薯", "食用菌", "杂粮"], [("记录数", [1, 3, 2])]
        )
        path = tmp_path / f"{kind}.pdf"
        renderPDF.drawToFile(make_chart(chart, styles.font, 300), str(path))
        ticks = [t for line in pdf_lines(path) for t in line.split() if re.fullmatch(r"[\d.,]+", t)]
        assert ticks and all("." not in t for t in ticks), (kind, ticks)
        assert {"0", "1", "2", "3"} <= set(ticks)


def test_english_report_cells_break_between_words(demo_store, tmp_path):
    township = demo_store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    out = tmp_path / "en.pdf"
    i18n.set_language("en")
    try:
        generate_report(demo_store, "township", township["id"], START, END, out)
    finally:
        i18n.set_language("zh_CN")
    lines = pdf_lines(out)
    # Header cells such as "Households adopting (hh)" wrap between words only.
    vocabulary = {
        "Households",
        "adopting",
        "(hh)",
        "Online",
        "viewers",
        "Poor",
        "villages",
        "served",
    }
    fragments = [w for line in lines for w in line.split() if re.fullmatch(r"[A-Za-z()]+", w)]
    assert vocabulary & set(fragments)
    assert not [
        w for w in fragments if w.lower() in {"househ", "olds", "adopt", "ing", "vie", "wers"}
    ]


@pytest.mark.parametrize("markup", [False, True])
def test_a_paragraph_split_across_pages_keeps_its_text(styles, markup):
    """The rest of a paragraph that continues on the next page is the exact rest of its text:
    no spaces pushed into Chinese, no hyphen left inside a word, nothing lost."""
    text = (
        "走访服务7,068人次；Drought resistant varieties of hybrid millet（示范）。"
        "Supercalifragilisticexpialidocious 推广面积80,610亩。"
    ) * 6
    body = styles.para(text) + ("<br/>" + styles.para("第二段。") if markup else "")
    para = CJKParagraph(body, styles.body)
    para.wrap(150, 1e6)
    first, rest = para.split(150, 4 * styles.body.leading)
    assert isinstance(first, CJKParagraph) and isinstance(rest, CJKParagraph)
    seen = []
    for part in (first, rest):
        part.wrap(150, 1e6)
        lines = para_lines_any(part)
        seen.append(lines)
    expected = text + ("第二段。" if markup else "")
    rest_text = "".join(getattr(f, "text", "") for f in rest.frags)
    assert rest_text and expected.endswith(rest_text)  # exactly the rest: no added space or hyphen
    joined = "".join(seen[0]) + "".join(seen[1])
    assert joined.replace("-", "").replace(" ", "") == expected.replace(" ", "")


def para_lines_any(para: CJKParagraph) -> list[str]:
    bl = para.blPara
    if bl.kind == 0:
        return [words[0] if words else "" for _, words in bl.lines]
    return ["".join(w.text for w in line.words) for line in bl.lines]


def test_table_cells_use_the_same_rules(styles):
    from zjk_desktop.reports.pdf import PAD_X, TableMaker

    maker = TableMaker(styles, 400)
    cell = maker.cell("推广抗旱 resistant varieties；带动125户（示范）", 50 + 2 * PAD_X)
    lines = para_lines(cell.para, 50)
    assert "resistant" in lines and any(line.startswith("varieties；") for line in lines), lines
    assert all(line[0] not in "；，）" and not line.endswith("（") for line in lines), lines
    assert any("125户" in line for line in lines), lines
