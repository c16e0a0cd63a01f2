"""Where a line of mixed Chinese and English text may break (Chinese 禁则 and friends).

reportlab's ``wordWrap='CJK'`` cuts between any two characters once a line is
full and only keeps a short list of closing marks off a line start (not ，；：！？).
This module decides break opportunities the way a Chinese typesetter does
(W3C "Requirements for Chinese Text Layout", GB/T 15834):

- no line starts with closing punctuation (，。、；：！？）」》…) and none ends
  with opening punctuation (（「《…); a pair of —— or …… never splits;
- a number stays with its unit ("25户", "25 户", "100.0%", "12 mu");
- English words break at spaces (and after a hyphen inside a word), and are
  hyphenated only when one word alone is wider than the line;
- U+2060 WORD JOINER and no-break spaces glue their neighbours.

``fill_lines`` packs characters of known widths into lines with these rules;
``pdf.CJKParagraph`` uses it for every paragraph and table cell.  Pure Python,
no reportlab.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# Characters that may not start a line (closing brackets, stops, marks that follow).
CANNOT_START = set(
    "，。、；：！？）」』】〕〉》’”％‰℃・·～｝］"  # fullwidth / CJK
    ",.;:!?)]}%"  # Latin
    "\u3005\u309d\u309e\u30fd\u30fe\u30fc"  # iteration marks, prolonged sound mark
)
# Characters that may not end a line (opening brackets, prefixes of what follows).
CANNOT_END = set("（「『【〔〈《‘“｛［([{￥＄$£#")
# Characters that may not be split from an identical neighbour (—— and ……).
INSEPARABLE = set("—…")
# Chinese units of two characters that stay whole after a number ("7,068人次").
CJK_UNITS = {"人次", "学时", "小时", "万元", "公斤", "千克", "公顷", "万亩", "户次", "年度"}
WORD_JOINER = "\u2060"
GLUE = {WORD_JOINER, "\u00a0", "\u202f", "\ufeff"}
HYPHEN = "-"
# Units written with a space after an English number ("12 mu"); Chinese units glue by script.
LATIN_UNITS = {"mu", "h", "hh", "kg", "km", "m", "yuan", "days", "times", "people", "views",
               "households", "mu."}


def is_wide(ch: str) -> bool:
    """East Asian wide or fullwidth (ideographs, kana, fullwidth punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _word_char(ch: str) -> bool:
    return ch.isalnum() and not is_wide(ch)


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and not is_wide(ch)


def _next_word(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j].isalpha() and not is_wide(text[j]):
        j += 1
    return text[i:j]


def break_opportunities(text: str) -> list[bool]:
    """``ok[i]`` is True when a line may break before ``text[i]`` (``len(text) + 1`` entries).

    Spaces stay at the end of the line they follow; a break after a space is
    allowed before the next character.
    """
    n = len(text)
    ok = [True] * (n + 1)
    for i in range(1, n):
        a, b = text[i - 1], text[i]
        ok[i] = _may_break(text, i, a, b)
    return ok


def _may_break(text: str, i: int, a: str, b: str) -> bool:
    if b in CANNOT_START or a in CANNOT_END:
        return False
    if a in GLUE or b in GLUE:
        return False
    if a == b and a in INSEPARABLE:
        return False
    if b == " " or b == "\t" or b == "\u3000":
        return False  # spaces hang at the end of the line
    if a in " \t\u3000":
        # "25 户" / "25 mu": a number keeps its unit across the space.
        j = i - 1
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        before = text[j - 1] if j > 0 else ""
        if before.isdigit() and (is_wide(b) and b not in CANNOT_END or _next_word(text, i) in LATIN_UNITS):
            return False
        return True
    if a.isdigit() and is_wide(b) and b not in CANNOT_END:
        return False  # "25户", "2026年"
    if a + b in CJK_UNITS and i >= 2 and (text[i - 2].isdigit() or text[i - 2] == " "):
        return False  # "25人次"
    if _word_char(a) and _word_char(b):
        return False  # inside an English word or a number
    if a in "-/" and i >= 2 and text[i - 2].isalpha() and b.isalpha() and not is_wide(b):
        return True  # "well-|known", "and/|or"
    if not (is_wide(a) or is_wide(b)) and not (a.isspace() or b.isspace()):
        # Latin punctuation inside a token ("10,486", "2026-05-01", "a.b"): no break.
        return False
    return True


Line = tuple[int, int, bool]  # start, end (exclusive), ends with an added hyphen


def fill_lines(text: str, widths: Sequence[float], max_widths: Sequence[float],
               forced: frozenset[int] | set[int] = frozenset(), hyphen_width: float = 0.0,
               fuzz: float = 1e-6) -> list[Line]:
    """Pack ``text`` (one width per character) into lines no wider than ``max_widths``.

    ``max_widths[k]`` is the width of line ``k`` (the last applies to the rest);
    ``forced`` holds indexes of characters after which a line must end (``<br/>``).
    Spaces at a soft line end are left out of the line, as are spaces at the
    start of a line after a soft break.  Returns ``(start, end, hyphenated)``
    per line; a hyphenated line needs a ``-`` drawn after ``text[start:end]``.
    """
    n = len(text)
    ok = break_opportunities(text)
    lines: list[Line] = []

    def limit() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    start = pos = 0
    used = 0.0
    soft = False  # the current line follows a soft break
    while pos < n:
        if soft and pos == start and text[pos] in " \t\u3000":
            start = pos = pos + 1
            continue
        soft = False
        end = pos + 1
        while end < n and not ok[end] and (end - 1) not in forced:
            end += 1
        width = sum(widths[pos:end])
        visible = end
        while visible > pos and text[visible - 1] in " \t\u3000":
            visible -= 1
        fit = sum(widths[pos:visible])
        if used + fit <= limit() + fuzz:
            used += width
            pos = end
            if (end - 1) in forced:
                lines.append((start, _trim(text, start, end), False))
                start, used = end, 0.0
            continue
        if used > 0:
            lines.append((start, _trim(text, start, pos), False))
            start, used, soft = pos, 0.0, True
            continue
        # One unbreakable run is wider than the whole line: cut inside it.
        cut, hyphen = _cut(text, widths, pos, visible, limit(), hyphen_width, fuzz)
        lines.append((pos, cut, hyphen))
        start = pos = cut
        used, soft = 0.0, True
    if start < n or not lines:
        lines.append((start, _trim(text, start, n), False))
    return lines


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return end


def _cut(text: str, widths: Sequence[float], start: int, end: int, limit: float,
         hyphen_width: float, fuzz: float) -> tuple[int, bool]:
    """Where to cut a run ``text[start:end]`` wider than ``limit``; (index, hyphenate)."""
    total = 0.0
    last_fit = start + 1  # always make progress
    for k in range(start, end):
        total += widths[k]
        if total > limit + fuzz:
            break
        last_fit = k + 1
    if last_fit >= end:
        return end, False
    # A long English word: hyphenate, leaving at least two letters on the next line.
    if _latin_letter(text[last_fit - 1]) and _latin_letter(text[last_fit]):
        k = last_fit
        while k > start + 1 and sum(widths[start:k]) + hyphen_width > limit + fuzz:
            k -= 1
        if end - k == 1 and k - start > 2:
            k -= 1
        return k, _latin_letter(text[k - 1]) and _latin_letter(text[k])
    # Otherwise (a long glued run, e.g. digits): keep punctuation rules if possible.
    for k in range(last_fit, start, -1):
        if text[k] not in CANNOT_START and text[k - 1] not in CANNOT_END:
            return k, False
    return last_fit, False
