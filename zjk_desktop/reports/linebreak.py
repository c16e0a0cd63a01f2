"""Where a line of mixed Chinese and English text may break (Chinese 禁则 and friends).

reportlab's ``wordWrap='CJK'`` cuts between any two characters once a line is
full and only keeps a short list of closing marks off a line start (not ，；：！？).
This module decides break opportunities the way a Chinese typesetter does
(W3C "Requirements for Chinese Text Layout", GB/T 15834):

- no line starts with closing punctuation (，。、；：！？）」》…) and none ends
  with opening punctuation (（「《…); a pair of —— or …… never splits;
- a number stays with its unit ("25户", "25 户", "100.0%", "12 mu", "6,818 attendees",
  "300元/亩");
- English words break at spaces only, and are cut (after their own hyphen if they have
  one, else with a hyphen added) only when one word alone is wider than the line;
- U+2060 WORD JOINER and no-break spaces glue their neighbours.

``fill_lines`` packs characters of known widths into lines with these rules;
``pdf.CJKParagraph`` uses it for every paragraph and table cell.  Pure Python,
no reportlab.
"""

from __future__ import annotations

import functools
import itertools
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
# Chinese units of two characters that stay whole after a number ("7,068人次").
CJK_UNITS = {"人次", "学时", "小时", "万元", "公斤", "千克", "公顷", "万亩", "户次", "年度"}
WORD_JOINER = "\u2060"
GLUE = {WORD_JOINER, "\u00a0", "\u202f", "\ufeff"}
HYPHEN = "-"


def is_wide(ch: str) -> bool:
    """East Asian wide or fullwidth (ideographs, kana, fullwidth punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


# Character classes, decided once per distinct character.
# CL/CLW closing (narrow/wide), OP/OPW opening, GL glue, SP space, ID ideographs and other wide
# characters, NU digits, AL letters, HY hyphen and slash, SY other narrow symbols (—, … among them).
CL, OP, GL, SP, ID, NU, AL, HY, SY, CLW, OPW = range(11)
_CLASS: dict[str, int] = {}


def char_class(ch: str) -> int:
    c = _CLASS.get(ch)
    if c is None:
        if ch in CANNOT_START:
            c = CLW if is_wide(ch) else CL
        elif ch in CANNOT_END:
            c = OPW if is_wide(ch) else OP
        elif ch in GLUE:
            c = GL
        elif ch in " \t\u3000":
            c = SP
        elif is_wide(ch):
            c = ID  # ideographs, kana, fullwidth forms, emoji
        elif ch.isdigit():
            c = NU
        elif ch.isalpha():
            c = AL
        elif ch in "-/":
            c = HY
        else:
            c = SY
        _CLASS[ch] = c
    return c


@functools.lru_cache(maxsize=512)
def break_opportunities(text: str) -> tuple[bool, ...]:
    """``ok[i]`` is True when a line may break before ``text[i]`` (``len(text) + 1`` entries).

    Remembered for the last texts asked: a table measures a cell's text for its column width
    and then sets it.

    Spaces stay at the end of the line they follow; a break after a space is
    allowed before the next character.
    """
    n = len(text)
    ok = [True] * (n + 1)
    cls = [char_class(ch) for ch in text]
    for i in range(1, n):
        a, b = cls[i - 1], cls[i]
        if b in (CL, CLW) or a in (OP, OPW) or a == GL or b in (GL, SP):
            ok[i] = False  # closing marks and spaces stay on the line, opening ones go down
        elif a == SP:
            # "25 户" / "25 mu" / "6,818 attendees": a number keeps what it counts across the
            # space (in English the next word names the unit, whichever word it is).
            j = i - 1
            while j > 0 and cls[j - 1] == SP:
                j -= 1
            ok[i] = not (j > 0 and cls[j - 1] == NU and b in (ID, AL))
        elif b == HY and text[i] == "/" and a != SP:
            ok[i] = False  # "元/亩", "25/户", "1/4": the slash stays with what precedes it
        elif a == HY and text[i - 1] == "/" and b in (ID, NU):
            ok[i] = False  # ... and with what follows it, in Chinese and numbers
        elif a == ID:
            # "25人次": a two-character unit stays whole after its number.
            ok[i] = not (
                b == ID and i >= 2 and cls[i - 2] in (NU, SP) and text[i - 1 : i + 1] in CJK_UNITS
            )
        elif b == ID:
            ok[i] = a != NU  # "25户", "2026年"
        elif a == HY:
            # "drought-resistant", "and/or": English breaks at spaces only; a compound wider
            # than the line is cut after its own hyphen first (``_cut``).
            ok[i] = False
        else:
            # After a Chinese closing mark or before a Chinese opening one: a break.  Between two
            # narrow characters (an English word, a number such as "10,486" or "2026-05-01",
            # a run of symbols such as —— or ……): none.
            ok[i] = a == CLW or b == OPW
    return tuple(ok)


Line = tuple[int, int, bool]  # start, end (exclusive), ends with an added hyphen


def fill_lines(
    text: str,
    widths: Sequence[float],
    max_widths: Sequence[float],
    forced: frozenset[int] | set[int] = frozenset(),
    hyphen_width: float = 0.0,
    fuzz: float = 1e-6,
) -> list[Line]:
    """Pack ``text`` (one width per character) into lines no wider than ``max_widths``.

    ``max_widths[k]`` is the width of line ``k`` (the last applies to the rest);
    ``forced`` holds indexes of characters after which a line must end (``<br/>``).
    Spaces at a soft line end are left out of the line, as are spaces at the
    start of a line after a soft break.  Returns ``(start, end, hyphenated)``
    per line; a hyphenated line needs a ``-`` drawn after ``text[start:end]``.
    """
    n = len(text)
    ok = break_opportunities(text)
    at = list(itertools.accumulate(widths, initial=0.0))  # at[k] - at[j] = width of text[j:k]
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
        width = at[end] - at[pos]
        visible = end
        while visible > pos and text[visible - 1] in " \t\u3000":
            visible -= 1
        fit = at[visible] - at[pos]
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
        lines.append((pos, cut if hyphen else _trim(text, pos, cut), hyphen))
        start = pos = cut
        used, soft = 0.0, True
    if start < n or not lines:
        lines.append((start, _trim(text, start, n), False))
    return lines


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return end


def _cut(
    text: str,
    widths: Sequence[float],
    start: int,
    end: int,
    limit: float,
    hyphen_width: float,
    fuzz: float,
) -> tuple[int, bool]:
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
    # A glued run with a space ("12,345 households"): part it at its last space that fits
    # rather than cut a word that fits a line of its own.
    for k in range(last_fit, start + 1, -1):
        if text[k - 1] in " \u00a0\u202f" and text[k] not in CANNOT_START:
            return k, False
    # A compound wider than the line ("drought-resistant-variety"): after its own hyphen.
    for k in range(last_fit, start + 1, -1):
        if text[k - 1] in "-/" and char_class(text[k - 2]) == AL and char_class(text[k]) == AL:
            return k, False
    # A long English word: hyphenate, leaving at least two letters on the next line.
    if char_class(text[last_fit - 1]) == AL and char_class(text[last_fit]) == AL:
        k = last_fit
        while k > start + 1 and sum(widths[start:k]) + hyphen_width > limit + fuzz:
            k -= 1
        if end - k == 1 and k - start > 2:
            k -= 1
        return k, char_class(text[k - 1]) == AL and char_class(text[k]) == AL
    # Otherwise (a long glued run, e.g. digits): keep punctuation rules if possible.
    for k in range(last_fit, start, -1):
        if text[k] not in CANNOT_START and text[k - 1] not in CANNOT_END:
            return k, False
    return last_fit, False
