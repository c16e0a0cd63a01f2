"""Validation of a record or roster row: every problem at once, each bilingual.

``validate`` never raises for bad data; it returns a list of ``Problem``.
Errors block saving; warnings are shown and saved with the record.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from .. import i18n
from .dates import expected_day, is_iso_date
from .entities import EntitySpec, FieldSpec

i18n.register(
    {
        "v.required": ("{field}为必填项", "{field} is required"),
        # What each refused value should have been; the message itself is the one
        # template "v.invalid" (domain/dates.py): label once, value given, expected.
        "v.not_number": ("数字", "a number"),
        "v.not_integer": ("整数", "a whole number"),
        "v.date_future": ("不晚于今天（{today}）的日期", "a date not after today ({today})"),
        "v.date_too_early": (" 2015-01-01 或以后的日期", "a date on or after 2015-01-01"),
        "v.negative": ("不小于 0 的数", "a number not below 0"),
        "v.too_large": ("不大于 {maximum} 的数", "a number not above {maximum}"),
        "v.too_small": ("不小于 {minimum} 的数", "a number not below {minimum}"),
        "v.too_long": ("不超过 {max_length} 字的文字", "text of at most {max_length} characters"),
        "v.bad_choice": ("以下之一：{choices}", "one of: {choices}"),
        "v.not_list": ("列表", "a list"),
        "v.not_bool": ("“是”或“否”", "yes or no"),
        "v.unknown_village": ("已登记的村", "a village on the roster"),
        "v.unknown_specialist": ("花名册上的特派员", "a specialist on the roster"),
        "v.unknown_ref": ("已登记的对象", "a row that exists"),
        "v.not_a_village": ("村级单位（不能是乡镇或县）", "a village (not a township or county)"),
        "v.bad_phone": (
            "11 位手机号，或带区号的固定电话（如 0313-8123456）",
            "an 11-digit mobile, or a landline with its area code (e.g. 0313-8123456)",
        ),
        "v.not_photo": (
            "已保存的照片（命令行用 --photo 文件 添加）",
            "a stored photo (add one with --photo FILE on the command line)",
        ),
        "v.outside_assignment": (
            "该特派员在此日期未派驻该村",
            "The specialist was not assigned to this village on this date",
        ),
        "v.end_before_start": ("结束日期早于开始日期", "End date is before start date"),
        "v.promoted_lt_demo": (
            "推广面积小于示范面积",
            "Promoted area is smaller than the demonstration area",
        ),
        "v.no_participants": ("培训人数和线上观看均为0", "No attendees and no online viewers"),
        "v.viewers_onsite": (
            "现场培训通常没有线上观看人数",
            "On-site trainings usually have no online viewers",
        ),
    }
)

EARLIEST_DATE = _dt.date(2015, 1, 1)
PHOTO_RE = re.compile(r"[0-9a-f]{64}")  # a photo is the sha256 of a stored blob


# Codes rendered through the one "v.invalid" template (given value + expectation).
def bound_text(bound: float) -> str:
    """A field's limit as a person reads it: 24, 180, 2030, 1,000,000 — never "1e+06"."""
    if float(bound).is_integer():
        whole = int(bound)
        return f"{whole:,}" if abs(whole) >= 10000 else str(whole)
    return f"{bound:g}"


_INVALID_VALUE = frozenset(
    (
        "v.not_number",
        "v.not_integer",
        "v.not_date",
        "v.date_future",
        "v.date_too_early",
        "v.negative",
        "v.too_large",
        "v.too_small",
        "v.too_long",
        "v.bad_choice",
        "v.not_list",
        "v.not_bool",
        "v.unknown_village",
        "v.unknown_specialist",
        "v.unknown_ref",
        "v.not_a_village",
        "v.not_photo",
        "v.bad_phone",
    )
)


def shown_value(value: Any, limit: int = 20) -> str:
    """A refused value as a person reads it in a one-line message (long text cut, no id spelled out)."""
    if isinstance(value, (list, tuple)):
        text = "、".join(str(v) for v in value)
    else:
        text = "" if value is None else str(value)
    text = " ".join(text.split())
    # A long run of hex digits (a photo's hash, an id) is shown by its first 12 only.
    text = _HEX_RUN.sub(lambda m: m.group(0)[:12] + "…", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_HEX_RUN = re.compile(r"[0-9a-fA-F]{13,}")


def invalid_message(label: str, value: Any, expected: str, language: str | None = None) -> str:
    """The one template for a refused value: the label once, what was given, what is expected."""
    return i18n.t("v.invalid", language, field=label, value=shown_value(value), expected=expected)


def choices_expected(choices: Any, language: str | None = None) -> str:
    lang = language or i18n.get_language()
    return i18n.t("v.bad_choice", lang, choices="、".join(c.label(lang) for c in choices))


def join_messages(messages: Any, language: str | None = None) -> str:
    """Several messages on one line."""
    return ("；" if (language or i18n.get_language()) == "zh_CN" else "; ").join(messages)


# A mainland mobile (optionally +86), or a landline with its area code (0 + 2–3 digits,
# then 7–8 digits; brackets, spaces and dashes as people write them; an extension).
_MOBILE_RE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^(?:\(0\d{2,3}\)|0\d{2,3})[- ]?\d{7,8}(?:(?:-|转|ext\.?)\d{1,6})?$")


def is_phone_number(text: str) -> bool:
    """True for an 11-digit mobile number or an area-code landline ("0313-8123456")."""
    compact = re.sub(r"\s+", "", str(text))
    mobile = compact.replace("-", "")
    return bool(_MOBILE_RE.match(mobile) or _LANDLINE_RE.match(compact))


def _format_fields(spec: EntitySpec) -> tuple[FieldSpec, ...]:
    found = _format_plans.get(id(spec))
    if found is None or found[0] is not spec:
        found = (spec, tuple(f for f in spec.fields if f.text_format))
        _format_plans[id(spec)] = found
    return found[1]


_format_plans: dict[int, tuple[EntitySpec, tuple[FieldSpec, ...]]] = {}


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    severity: str = "error"  # "error" | "warning"
    # dataclasses.field, not the ``field`` attribute above
    params: dict[str, Any] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    def message(self, language: str | None = None, *, label: str | None = None) -> str:
        """The one-line message; ``label`` names the field another way (a sheet's column header)."""
        params = dict(self.params)
        lang = language or i18n.get_language()
        if "field_zh" in params:
            params["field"] = params.pop("field_zh") if lang == "zh_CN" else params.pop("field_en")
            params.pop("field_zh", None)
            params.pop("field_en", None)
        if label is not None:
            params["field"] = label
        if self.code in _INVALID_VALUE and "field" in params:
            value = params.pop("value", "")
            if self.code == "v.not_date":
                expected = expected_day(value, lang)
            else:
                if "choices" in params:
                    params["choices"] = "、".join(c.label(lang) for c in params["choices"])
                params.setdefault("today", today().isoformat())
                expected = i18n.t(self.code, lang, **params)
            return invalid_message(params["field"], value, expected, lang)
        return i18n.t(self.code, lang, **params)

    @property
    def message_zh(self) -> str:
        return self.message("zh_CN")

    @property
    def message_en(self) -> str:
        return self.message("en")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "severity": self.severity,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "message": self.message(),
        }


class ReferenceLookup:
    """What validation needs to know about other rows; the store provides one."""

    def org_level(self, org_id: str) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def specialist_exists(self, specialist_id: str) -> bool:  # pragma: no cover
        raise NotImplementedError

    def assigned(self, specialist_id: str, village_id: str, date: str) -> bool:  # pragma: no cover
        raise NotImplementedError

    def exists(self, entity: str, row_id: str) -> bool:  # pragma: no cover
        raise NotImplementedError

    def org_name(self, org_id: str) -> str | None:
        """The name of an org unit, for messages (None when not known)."""
        return None

    def blob_exists(self, digest: str) -> bool:
        """True when a photo with this sha256 is stored here."""
        return False


def today() -> _dt.date:
    return _dt.date.today()


def _problem(spec_field: FieldSpec, code: str, severity: str = "error", **params: Any) -> Problem:
    params.setdefault("field_zh", spec_field.zh)
    params.setdefault("field_en", spec_field.en)
    return Problem(spec_field.name, code, severity, params)


def coerce_value(f: FieldSpec, value: Any) -> tuple[Any, Problem | None]:
    """Convert user/CLI input to the stored type. Returns (value, problem)."""
    kind = f.type
    # Fast paths: values that already have the stored type (bulk writes, sync).
    vtype = type(value)
    if vtype is str and kind == "text":
        return value.strip(), None
    if vtype is int and kind == "int":
        return value, None
    if vtype is float and kind == "float" and value == value and abs(value) != float("inf"):
        return value, None
    if vtype is str and kind.startswith("ref:") and value:
        return value.strip(), None
    if value is None or (isinstance(value, str) and value.strip() == "" and f.type != "text"):
        return None, None
    try:
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, float):
                if not value.is_integer():
                    return value, _problem(f, "v.not_integer", value=value)
                return int(value), None
            if isinstance(value, str):
                text = value.strip().replace(",", "")
                number = float(text)
                if not number.is_integer():
                    return value, _problem(f, "v.not_integer", value=value)
                return int(number), None
            return int(value), None
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError
            number = (
                float(str(value).strip().replace(",", ""))
                if isinstance(value, str)
                else float(value)
            )
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError
            return number, None
        if kind == "date":
            if isinstance(value, _dt.datetime):
                return value.date().isoformat(), None
            if isinstance(value, _dt.date):
                return value.isoformat(), None
            text = str(value).strip()
            if not is_iso_date(text):  # one grammar: domain/dates.py
                raise ValueError(text)
            return text, None
        if kind == "bool":
            if isinstance(value, bool):
                return value, None
            if isinstance(value, (int, float)) and value in (0, 1):
                return bool(value), None
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "y", "是", "√", "✓"):
                return True, None
            if text in ("0", "false", "no", "n", "否", "×", ""):
                return False, None
            return value, _problem(f, "v.not_bool", value=value)
        if kind == "list":
            if isinstance(value, str):
                text = value.strip()
                if text.startswith("["):
                    value = json.loads(text)
                else:
                    parts = [
                        p.strip() for p in text.replace("，", ",").replace("、", ",").split(",")
                    ]
                    return [p for p in parts if p], None
            if not isinstance(value, (list, tuple)):
                return value, _problem(f, "v.not_list", value=value)
            return [str(v) for v in value], None
        if kind.startswith("enum:"):
            assert f.enum is not None
            code = f.enum.parse(value)
            if code is None:
                return value, _problem(f, "v.bad_choice", value=value, choices=tuple(f.enum))
            return code, None
        # text and references
        return (str(value).strip() if not isinstance(value, str) else value.strip()), None
    except (ValueError, TypeError, json.JSONDecodeError):
        code = {"int": "v.not_integer", "float": "v.not_number", "date": "v.not_date"}.get(
            kind, "v.not_list"
        )
        return value, _problem(f, code, value=value)


# Per-spec plans for the hot loops (bulk writes and imports): the field
# specs pre-sorted into small tuples so each value takes one fast test and
# only unusual input reaches ``coerce_value`` / the general checks.
_K_TEXT, _K_INT, _K_FLOAT, _K_REF, _K_ENUM, _K_DATE, _K_OTHER = range(7)
_INF = float("inf")
_fromisoformat = _dt.date.fromisoformat
_norm_plans: dict[int, tuple[EntitySpec, dict[str, tuple[FieldSpec, int, Any]]]] = {}
# One field's check: (spec, name, required, kind, a, b); a and b depend on the kind.
_ValidStep = tuple[FieldSpec, str, bool, int, Any, Any]
_valid_plans: dict[int, tuple[EntitySpec, tuple[_ValidStep, ...]]] = {}


def _norm_plan(spec: EntitySpec) -> dict[str, tuple[FieldSpec, int, Any]]:
    cached = _norm_plans.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    plan: dict[str, tuple[FieldSpec, int, Any]] = {}
    for f in spec.fields:
        if f.type == "text":
            plan[f.name] = (f, _K_TEXT, None)
        elif f.type == "int":
            plan[f.name] = (f, _K_INT, None)
        elif f.type == "float":
            plan[f.name] = (f, _K_FLOAT, None)
        elif f.type.startswith("ref:"):
            plan[f.name] = (f, _K_REF, None)
        elif f.type.startswith("enum:") and f.enum is not None:
            # Codes are plain identifiers: a code given as is parses to itself.
            plan[f.name] = (
                f,
                _K_ENUM,
                frozenset(c for c in f.enum.codes() if c and c == c.strip()),
            )
        elif f.type == "date":
            plan[f.name] = (f, _K_DATE, None)
        else:
            plan[f.name] = (f, _K_OTHER, None)
    _norm_plans[id(spec)] = (spec, plan)
    return plan


def normalize(spec: EntitySpec, values: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Coerce known fields; unknown fields pass through untouched (kept for sync)."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    plan = _norm_plan(spec)
    get = plan.get
    for name, value in values.items():
        entry = get(name)
        if entry is None:
            out[name] = value
            continue
        if value is None:
            out[name] = None
            continue
        kind = entry[1]
        vtype = type(value)
        # Fast paths: exactly what coerce_value returns for these inputs.
        if vtype is str:
            if kind == _K_TEXT:
                out[name] = value.strip()
                continue
            if kind == _K_REF and value:
                out[name] = value.strip()
                continue
            if kind == _K_ENUM and value in entry[2]:
                out[name] = value
                continue
            if kind == _K_DATE and is_iso_date(value):
                out[name] = value
                continue
        elif vtype is int:
            if kind == _K_INT:
                out[name] = value
                continue
        elif vtype is float:
            if kind == _K_FLOAT and value == value and abs(value) != _INF:
                out[name] = value
                continue
        coerced, problem = coerce_value(entry[0], value)
        out[name] = coerced
        if problem:
            problems.append(problem)
    return out, problems


def _valid_plan(spec: EntitySpec) -> tuple[_ValidStep, ...]:
    cached = _valid_plans.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    plan: list[_ValidStep] = []
    for f in spec.fields:
        if f.type in ("int", "float"):
            plan.append((f, f.name, f.required, _K_INT, f.minimum, f.maximum))
        elif f.type == "date":
            plan.append((f, f.name, f.required, _K_DATE, f.group == "author", f.name != "end_date"))
        elif f.type == "text":
            plan.append((f, f.name, f.required, _K_TEXT, f.max_length, None))
        elif f.enum is not None:
            plan.append((f, f.name, f.required, _K_ENUM, f.enum, None))
        elif f.ref_entity:
            plan.append((f, f.name, f.required, _K_REF, f.ref_entity, None))
        else:
            plan.append((f, f.name, f.required, _K_OTHER, None, None))
    result = tuple(plan)
    _valid_plans[id(spec)] = (spec, result)
    return result


def validate(
    spec: EntitySpec,
    row: dict[str, Any],
    refs: ReferenceLookup | None,
    *,
    today_fn: Callable[[], _dt.date] = today,
    skip: frozenset[str] = frozenset(),
) -> list[Problem]:
    """All problems of a complete (merged) row; ``skip`` names fields already reported."""
    problems: list[Problem] = []
    now = today_fn()
    get = row.get
    for f, name, required, kind, a, b in _valid_plan(spec):
        value = get(name)
        if not value and (value is None or value == "" or value == []):
            if required and name not in skip:
                problems.append(_problem(f, "v.required"))
            continue
        if skip and name in skip:
            continue
        if kind == _K_TEXT:
            if a and len(value if type(value) is str else str(value)) > a:
                problems.append(_problem(f, "v.too_long", value=value, max_length=a))
        elif kind == _K_INT:
            vtype = type(value)
            if vtype is not int and vtype is not float:
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    problems.append(_problem(f, "v.not_number", value=value))
                    continue
            if a is not None and value < a:
                code = "v.negative" if a == 0 else "v.too_small"
                problems.append(_problem(f, code, value=value, minimum=bound_text(a)))
            if b is not None and value > b:
                problems.append(_problem(f, "v.too_large", value=value, maximum=bound_text(b)))
        elif kind == _K_DATE:
            if not is_iso_date(value):
                problems.append(_problem(f, "v.not_date", value=value))
                continue
            day = _fromisoformat(value)
            if a and day > now:
                problems.append(_problem(f, "v.date_future", value=value, today=now.isoformat()))
            if day < EARLIEST_DATE and b:
                problems.append(_problem(f, "v.date_too_early", value=value))
        elif kind == _K_ENUM:
            if value not in a:
                problems.append(_problem(f, "v.bad_choice", value=value, choices=tuple(a)))
        elif kind == _K_REF and refs is not None:
            found = _check_ref_to(a, f, value if type(value) is str else str(value), refs)
            if found is not None:
                problems.append(found)
    problems.extend(cross_field_problems(spec, row, refs, skip | {p.field for p in problems}))
    return problems


def _check_ref_to(ref: str, f: FieldSpec, value: str, refs: ReferenceLookup) -> Problem | None:
    """The problem with ``value`` as a reference to a ``ref`` row, or None."""
    if ref == "org_unit":
        level = refs.org_level(value)
        if level is None:
            code = "v.unknown_village" if f.name == "village_id" else "v.unknown_ref"
            return _problem(f, code, value=value)
        if f.name == "village_id" and level != "village":
            return _problem(f, "v.not_a_village", value=refs.org_name(value) or value)
        return None
    if ref == "specialist":
        if not refs.specialist_exists(value):
            return _problem(f, "v.unknown_specialist", value=value)
        return None
    if not refs.exists(ref, value):
        return _problem(f, "v.unknown_ref", value=value)
    return None


def cross_field_problems(
    spec: EntitySpec, row: dict[str, Any], refs: ReferenceLookup | None, reported: AbstractSet[str]
) -> list[Problem]:
    """The checks that read several fields of a row (``reported``: fields already found bad)."""
    problems: list[Problem] = []
    for f in _format_fields(spec):
        value = row.get(f.name)
        if not value or f.name in reported:
            continue
        if f.text_format == "phone" and not is_phone_number(value):
            problems.append(_problem(f, "v.bad_phone", value=value))
    if spec.is_record and refs is not None:
        sid, vid, day = row.get("specialist_id"), row.get("village_id"), row.get("date")
        if sid and vid and day and not {"specialist_id", "village_id", "date"} & reported:
            if not refs.assigned(sid, vid, day):
                problems.append(Problem("village_id", "v.outside_assignment", "warning", {}))
    if spec.name == "assignment":
        start, end = row.get("start_date"), row.get("end_date")
        if start and end and "end_date" not in reported and str(end) < str(start):
            problems.append(Problem("end_date", "v.end_before_start", "error", {}))
    if spec.name == "extension":
        demo, promoted = row.get("demo_area_mu"), row.get("promoted_area_mu")
        if (
            isinstance(demo, (int, float))
            and isinstance(promoted, (int, float))
            and promoted < demo
            and not {"demo_area_mu", "promoted_area_mu"} & reported
        ):
            problems.append(Problem("promoted_area_mu", "v.promoted_lt_demo", "warning", {}))
    if spec.name == "training" and not {"attendees", "online_viewers"} & reported:
        attendees = row.get("attendees") or 0
        viewers = row.get("online_viewers") or 0
        if attendees == 0 and viewers == 0:
            problems.append(Problem("attendees", "v.no_participants", "warning", {}))
        if row.get("mode") == "onsite" and viewers:
            problems.append(Problem("online_viewers", "v.viewers_onsite", "warning", {}))
    return problems


def photo_problems(
    spec: EntitySpec, values: dict[str, Any], refs: ReferenceLookup, kept: Any = ()
) -> list[Problem]:
    """Photos a local write adds must be stored blobs (``photos.store_photo``), not free text.

    Only for local writes and only for photos the change adds (``kept``: the
    record's photos before it): a record that arrived by sync may name photos
    whose files have not arrived yet, and keeping those is not an error.
    """
    photos = values.get("photos")
    f = spec.field("photos")
    if f is None or not photos or not isinstance(photos, list):
        return []
    before = {p for p in kept if isinstance(p, str)} if isinstance(kept, list) else set()
    bad = [
        p
        for p in photos
        if p not in before
        and not (isinstance(p, str) and PHOTO_RE.fullmatch(p) and refs.blob_exists(p))
    ]
    return [_problem(f, "v.not_photo", value=bad)] if bad else []
