"""One pass over a new row that every check of a local create would pass.

A local create meets three sets of rules: ``validation.normalize`` (stored types),
``validation.validate`` (required fields, ranges, dates, references, the
cross-field checks) and the wire grammar (``grammar.field_problems``: what an
importer would refuse).  Run one after the other they cost more than SQLite's
work for the row.  Almost every create a program or a person makes already has
its stored types and passes them all; ``CreateCheck`` recognises exactly those
rows in one pass over their values, with the checks of each field precompiled
per kind.  Anything else — an unknown field, a value of another type, a list,
a problem or even a warning — answers ``None`` and takes the full path, which
finds and words every problem as before.  So the fast answer is only ever
"nothing to report", and it is only given when the full path would give it too
(``tests/test_store_write_path.py`` compares both on generated rows).
"""

from __future__ import annotations

from typing import Any

from ..domain.entities import EntitySpec
from ..domain.ids import ID_RE
from ..domain.validation import EARLIEST_DATE, ReferenceLookup, cross_field_problems
from .grammar import BAD_TEXT_RE, is_date

_TEXT, _INT, _FLOAT, _ORG, _SPECIALIST, _REF, _ENUM, _DATE = range(8)
_INF = float("inf")
_EARLIEST = EARLIEST_DATE.isoformat()
# Well-formed reference ids and dates seen by a check (a pure function of the text);
# bounded like the grammar's own memo.
_GOOD_MAX = 8192


class CreateCheck:
    """For one kind: the normalized values of a create that no rule objects to, or None."""

    def __init__(self, spec: EntitySpec):
        self.spec = spec
        steps: dict[str, tuple[int, Any, Any]] = {}
        for f in spec.fields:
            if f.type == "text":
                steps[f.name] = (_TEXT, f.max_length or 0, None)
            elif f.type == "int":
                steps[f.name] = (_INT, f.minimum, f.maximum)
            elif f.type == "float":
                steps[f.name] = (_FLOAT, f.minimum, f.maximum)
            elif f.ref_entity == "org_unit":
                steps[f.name] = (_ORG, f.name == "village_id", None)
            elif f.ref_entity == "specialist":
                steps[f.name] = (_SPECIALIST, None, None)
            elif f.ref_entity:
                steps[f.name] = (_REF, f.ref_entity, None)
            elif f.type.startswith("enum:") and f.enum is not None:
                # Codes, and the labels people type, each to the code ``Enumeration.parse``
                # gives it (checked here, once).
                enum = f.enum
                words = {t for c in enum for t in (c.code, c.zh, c.en, c.en.lower())}
                to_code = {t: enum.parse(t) for t in words if t and t == t.strip()}
                steps[f.name] = (_ENUM, {t: c for t, c in to_code.items() if c}, None)
            elif f.type == "date":
                steps[f.name] = (_DATE, f.group == "author", f.name != "end_date")
            # bool and list fields (photos) are left to the full path.
        self.steps = steps
        self.required = tuple(f.name for f in spec.fields if f.required)
        self.default_review = spec.is_record
        # The only cross-field rule of a plain record (visit) is the assignment warning,
        # asked here directly; other kinds have more, asked through the one function.
        self.assignment_only = spec.is_record and not (
            spec.name in ("assignment", "extension", "training")
            or any(f.text_format for f in spec.fields)
        )
        self._good_ids: set[str] = set()
        self._good_dates: set[str] = set()

    def __call__(
        self, values: dict[str, Any], refs: ReferenceLookup, today: str
    ) -> dict[str, Any] | None:
        """``values`` normalized (review state defaulted) if every rule passes them; else None.

        ``today``: the ISO date the future-date rule compares with.
        """
        steps = self.steps
        good_ids = self._good_ids
        good_dates = self._good_dates
        out: dict[str, Any] = {}
        for name, value in values.items():
            step = steps.get(name)
            if step is None:
                return None  # an unknown field, a list or a yes/no: the full path
            if value is None:
                out[name] = None
                continue
            kind, a, b = step
            t = type(value)
            if kind == _TEXT:
                if t is not str:
                    return None
                value = value.strip()
                if (a and len(value) > a) or BAD_TEXT_RE.search(value) is not None:
                    return None
            elif kind == _ENUM:
                if t is not str:
                    return None
                value = a.get(value)
                if value is None:
                    return None
            elif kind <= _REF and kind >= _ORG:
                if t is not str:
                    return None
                value = value.strip()
                if value not in good_ids:
                    if not ID_RE.fullmatch(value):
                        return None
                    if len(good_ids) < _GOOD_MAX:
                        good_ids.add(value)
                if kind == _ORG:
                    level = refs.org_level(value)
                    if level is None or (a and level != "village"):
                        return None
                elif kind == _SPECIALIST:
                    if not refs.specialist_exists(value):
                        return None
                elif not refs.exists(a, value):
                    return None
            elif kind == _DATE:
                if t is not str:
                    return None
                if value not in good_dates:
                    if not is_date(value):
                        return None
                    if len(good_dates) < _GOOD_MAX:
                        good_dates.add(value)
                if (a and value > today) or (b and value < _EARLIEST):
                    return None
            elif kind == _INT:
                if t is not int or (a is not None and value < a) or (b is not None and value > b):
                    return None
            else:  # _FLOAT
                if (
                    t is not float
                    or value != value
                    or value in (_INF, -_INF)
                    or (a is not None and value < a)
                    or (b is not None and value > b)
                ):
                    return None
            out[name] = value
        if self.default_review and not out.get("review_state"):
            out["review_state"] = "draft"
        for name in self.required:
            value = out.get(name)
            if value is None or value == "":
                return None
        if self.assignment_only:
            sid, vid, day = out.get("specialist_id"), out.get("village_id"), out.get("date")
            if sid and vid and day and not refs.assigned(sid, vid, day):
                return None  # the warning to show: the full path words it
        elif cross_field_problems(self.spec, out, refs, frozenset()):
            return None  # a warning to show, or an error: the full path words it
        return out


_CHECKS: dict[str, CreateCheck] = {}


def create_check(spec: EntitySpec) -> CreateCheck:
    """The ``CreateCheck`` of a kind (built once)."""
    found = _CHECKS.get(spec.name)
    if found is None or found.spec is not spec:
        found = _CHECKS[spec.name] = CreateCheck(spec)
    return found
