"""The one date grammar of the program: ``YYYY-MM-DD``; for periods also ``YYYY``, ``YYYY-MM``, ``YYYYQn``.

Every command-line option, record field and report period is read here, so
``2026/10/12`` is refused everywhere (with the accepted forms named) instead
of being accepted by one path and silently matching nothing in another.
Spreadsheet cells are the one exception: a roster sheet saved by Chinese Excel
writes ``2026/3/1``, so ``parse_sheet_date`` reads those too and gives the same
ISO text.

Functions for callers (CLI, store validation, reports, desktop):

- ``parse_date(text) -> date``: a day, strictly ``YYYY-MM-DD``; ``DateError`` otherwise.
- ``parse_period(text) -> (first day, last day)``: a day, year, month or quarter.
- ``period_start(text)`` / ``period_end(text)``: the ISO first / last day of a period.
- ``is_iso_date(text)``: the cheap test the store's hot path uses.
- ``date_example(text)``: the ISO day a person probably meant (for messages).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .. import i18n
from ..errors import UserError

i18n.register(
    {
        # One template for every refused value: the field's label once, what was given,
        # what is expected.  Validation problems (domain/validation.py) use it too.
        "v.invalid": (
            "{field}“{value}”无效，应为{expected}",
            "{field} “{value}” is not valid: expected {expected}",
        ),
        "dates.expect_day": (
            " {example} 这样的 年-月-日",
            "a date like {example} (year-month-day)",
        ),
        "dates.expect_period": (
            " {example}、{year}、{month} 或 {quarter} 这样的 日期、年、月或季度",
            "a day, year, month or quarter like {example}, {year}, {month} or {quarter}",
        ),
        "dates.field": ("日期", "Date"),
    }
)

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})|[Qq]([1-4]))?")


class DateError(UserError):
    """A date or period that does not follow the grammar; the message names the accepted forms."""

    code = "bad_date"


def is_iso_date(text: Any) -> bool:
    """True for a real calendar day written ``YYYY-MM-DD``."""
    if type(text) is not str or len(text) != 10 or not _DAY.fullmatch(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def date_example(text: Any) -> str:
    """The ISO day a person probably meant by ``text`` (``10/12/2026`` → ``2026-10-12``), else today."""
    numbers = re.findall(r"\d+", str(text or ""))
    years = [n for n in numbers if len(n) == 4]
    rest = [int(n) for n in numbers if len(n) != 4]
    if len(years) == 1 and len(rest) == 2:
        try:
            return _dt.date(int(years[0]), rest[0], rest[1]).isoformat()
        except ValueError:
            pass
    return _dt.date.today().isoformat()


def expected_day(text: Any, language: str | None = None) -> str:
    return i18n.t("dates.expect_day", language, example=date_example(text))


def expected_period(text: Any, language: str | None = None) -> str:
    day = _dt.date.fromisoformat(date_example(text))
    return i18n.t(
        "dates.expect_period",
        language,
        example=day.isoformat(),
        year=f"{day.year}",
        month=f"{day.year}-{day.month:02d}",
        quarter=f"{day.year}Q{(day.month - 1) // 3 + 1}",
    )


def _label(field_label: str | None) -> str:
    return field_label if field_label is not None else i18n.t("dates.field")


def parse_date(text: Any, field_label: str | None = None, *, field: str | None = None) -> _dt.date:
    """The day ``text`` names (``YYYY-MM-DD``); ``DateError`` naming ``field_label`` otherwise."""
    value = str(text).strip() if text is not None else ""
    if is_iso_date(value):
        return _dt.date.fromisoformat(value)
    raise DateError(
        i18n.t("v.invalid", field=_label(field_label), value=value, expected=expected_day(value)),
        field=field,
    )


def parse_period(
    text: Any, field_label: str | None = None, *, field: str | None = None
) -> tuple[_dt.date, _dt.date]:
    """(first day, last day) of a day, ``YYYY``, ``YYYY-MM`` or ``YYYYQn``."""
    value = str(text).strip() if text is not None else ""
    if is_iso_date(value):
        day = _dt.date.fromisoformat(value)
        return day, day
    m = _PERIOD.fullmatch(value)
    if m:
        year = int(m.group(1))
        if m.group(3):
            first = 3 * (int(m.group(3)) - 1) + 1
            months = (first, first + 2)
        elif m.group(2):
            month = int(m.group(2))
            months = (month, month) if 1 <= month <= 12 else (0, 0)
        else:
            months = (1, 12)
        if months[0] and year >= 1:
            start = _dt.date(year, months[0], 1)
            following = _dt.date(year + (months[1] == 12), months[1] % 12 + 1, 1)
            return start, following - _dt.timedelta(days=1)
    raise DateError(
        i18n.t(
            "v.invalid", field=_label(field_label), value=value, expected=expected_period(value)
        ),
        field=field,
    )


def period_start(text: Any, field_label: str | None = None, *, field: str | None = None) -> str:
    """ISO first day of the period ``text`` (a day is its own period)."""
    return parse_period(text, field_label, field=field)[0].isoformat()


def period_end(text: Any, field_label: str | None = None, *, field: str | None = None) -> str:
    """ISO last day of the period ``text``."""
    return parse_period(text, field_label, field=field)[1].isoformat()


def parse_sheet_date(value: Any) -> str | None:
    """ISO text of a spreadsheet cell's date (``2026-03-01``, ``2026/3/1``, ``2026.3.1``, a date); None if not one."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    m = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", str(value or "").strip()
    )
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
