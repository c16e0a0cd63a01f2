"""Annual assessment (年度考核): the county's rules, every figure, rules met, a suggested grade.

The rule set is data (``assessment_rule`` rows, one per year, county-owned,
shipped with the roster); a year without its own row uses the latest earlier
year's, else ``DEFAULT_RULES`` — the published practice of the region
(≥ 12 services a year or ≥ 30 days of on-site service).  The grade is only
a suggestion: the county confirms it, and the confirmation is an
``assessment`` row (versioned like everything else).

Grades (boundaries inclusive, ``≥``):

- 不合格 (fail): services and service days both below ``fail_fraction`` of
  their minimums, or a satisfaction rate below ``fail_satisfaction_pct``;
- 基本合格 (basic): the service minimum, the training minimum or the
  satisfaction minimum not met;
- 优秀 (excellent): every minimum met, callbacks on record, result points
  ≥ ``excellent_score`` and no more than ``excellent_max_flags`` flagged photos;
- 合格 (pass): every minimum met otherwise.

Records count as the reports count them: submitted or approved (drafts and
returned records do not).
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..domain.entities import RECORD_KINDS
from ..domain.enums import GRADES
from ..scope import Scope
from ..store import Change, Range, Store
from .errors import ManagementError

DEFAULT_RULES: dict[str, float] = {
    "min_services": 12,
    "min_service_days": 30,
    "min_trainings": 2,
    "min_satisfaction_pct": 80,
    "fail_satisfaction_pct": 60,
    "fail_fraction": 0.5,
    "w_technique": 3,
    "w_variety": 3,
    "w_area_100mu": 0.2,
    "w_households_10": 0.5,
    "w_income_10k": 0.2,
    "w_problem": 0.2,
    "excellent_score": 150,
    "excellent_max_flags": 3,
    "report_day": 5,
    "forward_day": 10,
    "request_overdue_days": 14,
    "photo_days": 3,
    "photo_km": 5,
}

GRADE_ORDER = ("excellent", "pass", "basic", "fail")

i18n.register(
    {
        "mgmt.as.rule.service": (
            "服务次数不少于 {min_services} 次或服务天数不少于 {min_days} 天",
            "At least {min_services} services or {min_days} service days",
        ),
        "mgmt.as.rule.training": ("培训不少于 {n} 次", "At least {n} trainings"),
        "mgmt.as.rule.satisfaction": (
            "服务对象满意率不低于 {pct}%",
            "Satisfaction at least {pct}%",
        ),
        "mgmt.as.rule.results": (
            "成效得分达到 {score} 分（优秀）",
            "Result points at least {score} (excellent)",
        ),
        "mgmt.as.rule.photos": (
            "照片疑点不超过 {n} 张（优秀）",
            "No more than {n} flagged photos (excellent)",
        ),
        "mgmt.as.actual.service": (
            "服务 {services} 次，{days} 天",
            "{services} services, {days} days",
        ),
        "mgmt.as.actual.training": ("培训 {n} 次", "{n} trainings"),
        "mgmt.as.actual.satisfaction": (
            "回访 {n} 户，满意率 {rate}%",
            "{n} callback(s), {rate}% satisfied",
        ),
        "mgmt.as.actual.no_callbacks": ("无回访记录", "No callbacks on record"),
        "mgmt.as.actual.results": ("{score} 分", "{score} points"),
        "mgmt.as.actual.photos": (
            "疑点照片 {n} 张（共 {total} 张）",
            "{n} of {total} photo(s) flagged",
        ),
        "mgmt.as.reason.fail_service": (
            "服务次数和天数均不足最低要求的 {pct}%",
            "Services and service days both below {pct}% of the minimum",
        ),
        "mgmt.as.reason.fail_satisfaction": (
            "满意率 {rate}% 低于 {pct}%",
            "Satisfaction {rate}% is below {pct}%",
        ),
        "mgmt.as.reason.not_met": (
            "未达到：{rule}（实际 {actual}）",
            "Not met: {rule} (actual: {actual})",
        ),
        "mgmt.as.reason.all_met": ("各项最低要求均已达到", "Every minimum is met"),
        "mgmt.as.reason.excellent": (
            "成效突出（{score} 分），回访满意率 {rate}%",
            "Outstanding results ({score} points), {rate}% satisfied",
        ),
        "mgmt.as.reason.no_excellent_callbacks": (
            "无回访记录，不能评为优秀",
            "No callbacks on record, so not excellent",
        ),
        "mgmt.as.reason.low_score": (
            "成效得分 {score} 分，未达优秀的 {need} 分",
            "Result points {score}, below the {need} for excellent",
        ),
        "mgmt.as.reason.flags": (
            "疑点照片 {n} 张，超过优秀允许的 {max} 张",
            "{n} flagged photos, more than the {max} allowed for excellent",
        ),
        "mgmt.as.unknown_scope": (
            "未找到单位或特派员：{value}",
            "No such organisation or specialist: {value}",
        ),
        "mgmt.as.bad_grade": (
            "等次应为 优秀、合格、基本合格 或 不合格：{value}",
            "The grade must be excellent, pass, basic or fail: {value}",
        ),
        "mgmt.as.county_only": (
            "只有县服务团可以修改考核规则或确认考核结果",
            "Only the county team may change the rules or confirm assessments",
        ),
        "mgmt.as.bad_rule": ("未知的规则项：{name}", "Unknown rule: {name}"),
    }
)


# ---------------------------------------------------------------- rules
def rules_for(store: Store, year: int) -> dict[str, Any]:
    """The rule set in force for ``year`` (its own row, the latest earlier one, or the defaults)."""
    rows = store.rows("assessment_rule", {"year": Range(high=int(year))}, order_by=("-year", "id"))
    rules: dict[str, Any] = dict(DEFAULT_RULES)
    if rows:
        rules.update({k: v for k, v in rows[0].items() if k in DEFAULT_RULES and v is not None})
        rules["id"] = rows[0]["id"] if rows[0]["year"] == int(year) else None
        rules["from_year"] = rows[0]["year"]
    else:
        rules["id"] = None
        rules["from_year"] = None
    rules["year"] = int(year)
    return rules


def _county_only(store: Store) -> None:
    role = store.get_meta("role")
    if role is not None and role != "county":
        raise ManagementError(i18n.t("mgmt.as.county_only"))


def save_rules(store: Store, year: int, values: dict[str, Any]) -> str:
    """Set rules for ``year`` (a new row for that year, or an update of it); returns the row id."""
    _county_only(store)
    from ..domain.entities import entity

    spec = entity("assessment_rule")
    values = dict(values)
    for name, value in values.items():
        if name not in DEFAULT_RULES:
            raise ManagementError(i18n.t("mgmt.as.bad_rule", name=name))
        f = spec.field(name)
        if f is not None and f.type == "int" and isinstance(value, float) and value.is_integer():
            values[name] = int(value)  # days are whole numbers, whatever the form sent
    existing = store.rows("assessment_rule", match={"year": int(year)}, limit=1)
    if existing:
        store.write([Change("assessment_rule", "update", dict(values), existing[0]["id"])])
        return str(existing[0]["id"])
    current = rules_for(store, year)
    row = {k: current[k] for k in DEFAULT_RULES}
    row.update(values)
    row["year"] = int(year)
    return store.write([Change("assessment_rule", "create", row)])[0].record_id


# -------------------------------------------------------------- figures
@dataclass
class RuleCheck:
    code: str
    label: str
    actual: str
    met: bool | None  # None: no data to judge


@dataclass
class Assessment:
    specialist_id: str
    name: str
    employer: str
    station: str
    county: str
    year: int
    figures: dict[str, Any]
    checks: list[RuleCheck]
    suggested: str
    reasons: list[str]
    confirmed: dict[str, Any] | None = None
    rank: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def grade(self) -> str:
        return (self.confirmed or {}).get("grade") or self.suggested


def _specialists(store: Store, scope: Scope) -> list[dict[str, Any]]:
    sql = (
        "SELECT s.id, s.name, s.employer, s.title, s.phone, t.name AS station, c.name AS county"
        " FROM specialist s LEFT JOIN org_unit t ON t.id = s.org_id"
        " LEFT JOIN org_unit c ON c.id = t.parent_id WHERE s.deleted = 0"
    )
    params: list[Any] = []
    if scope.kind == "specialist":
        sql += " AND s.id = ?"
        params.append(scope.specialist_id)
    elif scope.kind == "township":
        sql += " AND s.org_id = ?"
        params.append(scope.org_id)
    elif scope.kind == "county":
        sql += " AND t.parent_id = ?"
        params.append(scope.org_id)
    sql += " ORDER BY s.name, s.id"
    cur = store.conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def _counted_clause() -> str:
    """The reports' counting rule (``stats.COUNTED_STATES``: submitted and approved) and a period."""
    from ..reports.stats import COUNTED_STATES

    states = ",".join(f"'{state}'" for state in COUNTED_STATES)  # fixed codes, not user text
    return f"deleted = 0 AND review_state IN ({states}) AND date >= ? AND date <= ?"


def _record_figures(
    store: Store, start: str, end: str, ids: list[str] | None = None
) -> dict[str, dict[str, float]]:
    """Per specialist sums of the counted records dated in [start, end] (``ids``: only these people)."""
    out: dict[str, dict[str, float]] = {}
    counted = _counted_clause()
    p: tuple[str, ...] = (start, end)
    if ids is not None and len(ids) <= 500:
        # Few people (a county's): the (specialist_id, date) index beats a scan of the year.
        # (``+deleted`` keeps SQLite from preferring the (deleted, date) index.)
        counted = "+" + counted + f" AND specialist_id IN ({','.join('?' * len(ids))})"
        p = (start, end, *ids)

    def add(sid: str, key: str, n: float) -> None:
        out.setdefault(sid, {})[key] = out.get(sid, {}).get(key, 0) + (n or 0)

    for sid, n, problems, households in store.conn.execute(
        "SELECT specialist_id, count(*),"
        " sum(CASE WHEN service_type = 'diagnosis' OR coalesce(measures, '') != '' THEN 1 ELSE 0 END),"
        f" sum(coalesce(households_served, 0)) FROM visit WHERE {counted} GROUP BY specialist_id",
        p,
    ):
        add(sid, "visits", n)
        add(sid, "problems_solved", problems)
        add(sid, "households_served", households)
    for sid, n, attendees, viewers, hours in store.conn.execute(
        "SELECT specialist_id, count(*), sum(coalesce(attendees, 0)), sum(coalesce(online_viewers, 0)),"
        f" sum(coalesce(hours, 0)) FROM training WHERE {counted} GROUP BY specialist_id",
        p,
    ):
        add(sid, "trainings", n)
        add(sid, "attendees", attendees)
        add(sid, "online_viewers", viewers)
        add(sid, "training_hours", hours)
    for sid, n, tech, var, area, adopting, income in store.conn.execute(
        "SELECT specialist_id, count(*), sum(CASE WHEN ext_type = 'technique' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN ext_type = 'variety' THEN 1 ELSE 0 END),"
        " sum(max(coalesce(promoted_area_mu, 0), coalesce(demo_area_mu, 0))),"
        " sum(coalesce(households_adopting, 0)), sum(coalesce(income_increase_yuan, 0))"
        f" FROM extension WHERE {counted} GROUP BY specialist_id",
        p,
    ):
        add(sid, "extensions", n)
        add(sid, "techniques", tech)
        add(sid, "varieties", var)
        add(sid, "area_mu", area)
        add(sid, "households_adopting", adopting)
        add(sid, "income_yuan", income)
    days_sql = " UNION ".join(
        f"SELECT specialist_id, date FROM {k} WHERE {counted}" for k in RECORD_KINDS
    )
    for sid, days in store.conn.execute(
        f"SELECT specialist_id, count(DISTINCT date) FROM ({days_sql}) GROUP BY specialist_id",
        p * 3,
    ):
        add(sid, "service_days", days)
    return out


def result_points(figures: dict[str, Any], rules: dict[str, Any]) -> float:
    """The weighted result score (成效得分) of one specialist's figures."""
    score: float = (
        figures.get("techniques", 0) * rules["w_technique"]
        + figures.get("varieties", 0) * rules["w_variety"]
        + figures.get("area_mu", 0) / 100 * rules["w_area_100mu"]
        + figures.get("households_adopting", 0) / 10 * rules["w_households_10"]
        + figures.get("income_yuan", 0) / 10000 * rules["w_income_10k"]
        + figures.get("problems_solved", 0) * rules["w_problem"]
    )
    return round(score, 1)


def _n(x: float) -> str:
    """A figure in a rule's text, as the reports print numbers (1,234.5; 96 not 96.0)."""
    from ..display import format_number

    return format_number(x)


def judge(figures: dict[str, Any], rules: dict[str, Any]) -> tuple[list[RuleCheck], str, list[str]]:
    """Rules met or not (with the numbers), the suggested grade and its reasons."""
    services, days = figures.get("services", 0), figures.get("service_days", 0)
    trainings = figures.get("trainings", 0)
    rate, callbacks = figures.get("satisfaction_pct"), figures.get("callbacks", 0)
    score, flags = figures.get("result_points", 0), figures.get("photos_flagged", 0)
    checks = [
        RuleCheck(
            "service",
            i18n.t(
                "mgmt.as.rule.service",
                min_services=_n(rules["min_services"]),
                min_days=_n(rules["min_service_days"]),
            ),
            i18n.t("mgmt.as.actual.service", services=_n(services), days=_n(days)),
            services >= rules["min_services"] or days >= rules["min_service_days"],
        ),
        RuleCheck(
            "training",
            i18n.t("mgmt.as.rule.training", n=_n(rules["min_trainings"])),
            i18n.t("mgmt.as.actual.training", n=_n(trainings)),
            trainings >= rules["min_trainings"],
        ),
        RuleCheck(
            "satisfaction",
            i18n.t("mgmt.as.rule.satisfaction", pct=_n(rules["min_satisfaction_pct"])),
            i18n.t("mgmt.as.actual.satisfaction", n=_n(callbacks), rate=_n(rate))
            if rate is not None
            else i18n.t("mgmt.as.actual.no_callbacks"),
            None if rate is None else rate >= rules["min_satisfaction_pct"],
        ),
        RuleCheck(
            "results",
            i18n.t("mgmt.as.rule.results", score=_n(rules["excellent_score"])),
            i18n.t("mgmt.as.actual.results", score=_n(score)),
            score >= rules["excellent_score"],
        ),
        RuleCheck(
            "photos",
            i18n.t("mgmt.as.rule.photos", n=_n(rules["excellent_max_flags"])),
            i18n.t("mgmt.as.actual.photos", n=_n(flags), total=_n(figures.get("photos", 0))),
            flags <= rules["excellent_max_flags"],
        ),
    ]
    by_code = {c.code: c for c in checks}
    fraction = rules["fail_fraction"]
    reasons: list[str] = []
    if services < fraction * rules["min_services"] and days < fraction * rules["min_service_days"]:
        reasons.append(i18n.t("mgmt.as.reason.fail_service", pct=_n(round(fraction * 100))))
    if rate is not None and rate < rules["fail_satisfaction_pct"]:
        reasons.append(
            i18n.t(
                "mgmt.as.reason.fail_satisfaction",
                rate=_n(rate),
                pct=_n(rules["fail_satisfaction_pct"]),
            )
        )
    if reasons:
        return checks, "fail", reasons
    for code in ("service", "training", "satisfaction"):
        c = by_code[code]
        if c.met is False:
            reasons.append(i18n.t("mgmt.as.reason.not_met", rule=c.label, actual=c.actual))
    if reasons:
        return checks, "basic", reasons
    reasons.append(i18n.t("mgmt.as.reason.all_met"))
    if rate is None:
        reasons.append(i18n.t("mgmt.as.reason.no_excellent_callbacks"))
    elif not by_code["results"].met:
        reasons.append(
            i18n.t("mgmt.as.reason.low_score", score=_n(score), need=_n(rules["excellent_score"]))
        )
    elif not by_code["photos"].met:
        reasons.append(
            i18n.t("mgmt.as.reason.flags", n=_n(flags), max=_n(rules["excellent_max_flags"]))
        )
    else:
        return (
            checks,
            "excellent",
            [i18n.t("mgmt.as.reason.excellent", score=_n(score), rate=_n(rate))],
        )
    return checks, "pass", reasons


def assess(store: Store, scope: Scope, year: int, *, with_photos: bool = True) -> list[Assessment]:
    """Every specialist in scope for ``year``, ranked (grade, then result points, then services)."""
    from .callbacks import satisfaction
    from .evidence import flag_counts
    from .requests import list_requests

    rules = rules_for(store, year)
    start, end = f"{year}-01-01", f"{year}-12-31"
    people = _specialists(store, scope)
    ids = [p["id"] for p in people]
    records = _record_figures(store, start, end, ids)
    sat = satisfaction(store, start, end, ids)
    photos = flag_counts(store, start, end, ids) if with_photos else {}
    requests: dict[str, dict[str, int]] = {}
    for r in list_requests(
        store,
        Scope("all"),
        date_from=start,
        date_to=end,
        today=min(end, _dt.date.today().isoformat()),
    ):
        if r.get("specialist_id"):
            e = requests.setdefault(
                r["specialist_id"], {"requests": 0, "requests_answered": 0, "requests_overdue": 0}
            )
            e["requests"] += 1
            e["requests_answered"] += 1 if r["days_to_answer"] is not None else 0
            e["requests_overdue"] += 1 if r["overdue"] else 0
    confirmed = {
        r["specialist_id"]: r
        for r in store.rows("assessment", match={"year": int(year)}, order_by="updated_stamp")
    }
    out = []
    for p in people:
        sid = p["id"]
        f: dict[str, Any] = {
            k: 0
            for k in (
                "visits",
                "trainings",
                "extensions",
                "service_days",
                "problems_solved",
                "households_served",
                "attendees",
                "online_viewers",
                "training_hours",
                "techniques",
                "varieties",
                "area_mu",
                "households_adopting",
                "income_yuan",
            )
        }
        f.update(
            {
                k: (int(v) if float(v).is_integer() else round(v, 1))
                for k, v in records.get(sid, {}).items()
            }
        )
        f["services"] = f["visits"] + f["trainings"] + f["extensions"]
        s = sat.get(sid)
        f["callbacks"] = s["n"] if s else 0
        f["satisfaction_pct"] = s["rate"] if s else None
        f["photos"] = photos.get(sid, {}).get("photos", 0)
        f["photos_flagged"] = photos.get(sid, {}).get("flagged", 0)
        f.update(requests.get(sid, {"requests": 0, "requests_answered": 0, "requests_overdue": 0}))
        f["result_points"] = result_points(f, rules)
        checks, grade, reasons = judge(f, rules)
        out.append(
            Assessment(
                sid,
                p["name"] or "",
                p.get("employer") or "",
                p.get("station") or "",
                p.get("county") or "",
                int(year),
                f,
                checks,
                grade,
                reasons,
                confirmed.get(sid),
            )
        )
    out.sort(
        key=lambda a: (
            GRADE_ORDER.index(a.grade),
            -a.figures["result_points"],
            -a.figures["services"],
            a.name,
        )
    )
    for i, a in enumerate(out, 1):
        a.rank = i
    return out


def confirm(
    store: Store,
    specialist_id: str,
    year: int,
    grade: str,
    comment: str = "",
    *,
    today: str | None = None,
) -> str:
    """Record the county's grade for a specialist and year (with the suggestion and figures it saw)."""
    _county_only(store)
    code = GRADES.parse(grade)
    if code is None:
        raise ManagementError(i18n.t("mgmt.as.bad_grade", value=grade))
    found = assess(store, Scope("specialist", specialist_id=specialist_id), year)
    if not found:
        raise ManagementError(i18n.t("mgmt.as.unknown_scope", value=specialist_id))
    a = found[0]
    values = {
        "specialist_id": specialist_id,
        "year": int(year),
        "grade": code,
        "suggested_grade": a.suggested,
        "reasons": "；".join(a.reasons),
        "figures": json.dumps(a.figures, ensure_ascii=False, sort_keys=True),
        "comment": comment,
        "confirmed_by": store.get_meta("actor") or "",
        "confirmed_at": today or _dt.date.today().isoformat(),
    }
    existing = store.rows(
        "assessment", match={"specialist_id": specialist_id, "year": int(year)}, limit=1
    )
    if existing:
        store.write([Change("assessment", "update", values, existing[0]["id"])])
        return str(existing[0]["id"])
    return store.write([Change("assessment", "create", values)])[0].record_id


def resolve_scope(store: Store, text: str | None) -> tuple[Scope, str]:
    """A county/township code, id or name, or a specialist (id, name, phone) → (scope, its name)."""
    if not text:
        return Scope("all"), ""
    org = store.get("org_unit", text) or store.find_org_by_code(text)
    if org is None:  # a county or township by its name, when only one has it
        named = store.rows("org_unit", {"name": text, "deleted": 0}, limit=2)
        org = named[0] if len(named) == 1 else None
    if org is not None:
        level = org.get("level")
        if level in ("county", "township"):
            return Scope(level, org_id=org["id"]), org.get("name") or ""
        if level == "city":
            return Scope("all"), org.get("name") or ""
    person = store.get("specialist", text)
    if person is None:
        matches = store.specialists_named(text, limit=2)
        person = matches[0] if len(matches) == 1 else None
    if person is not None:
        return Scope("specialist", specialist_id=person["id"]), person.get("name") or ""
    raise ManagementError(i18n.t("mgmt.as.unknown_scope", value=text))
