"""科技特派员年度科技服务绩效情况表 (per specialist) and the county's ranking table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..domain.enums import GRADES
from ..management import assessment as core
from ..store import Store
from .model import Column, KeyValues, Report, Signatures, TableBlock, Text

if TYPE_CHECKING:
    from . import ReportResult

i18n.register(
    {
        "mgmt.rep.sheet_title": (
            "科技特派员年度科技服务绩效情况表",
            "Specialist's annual service performance sheet",
        ),
        "mgmt.rep.sheet_sub": ("{year} 年度　{name}", "{year}   {name}"),
        "mgmt.rep.rank_title": (
            "科技特派员年度考核排名表",
            "Specialists' annual assessment ranking",
        ),
        "mgmt.rep.rank_sub": ("{year} 年度　{scope}", "{year}   {scope}"),
        "mgmt.rep.all": ("全部", "all"),
        "mgmt.rep.period": ("{start} 至 {end}", "{start} to {end}"),
        "mgmt.rep.basic": ("基本情况", "Particulars"),
        "mgmt.rep.sheet.basic": ("基本情况", "Particulars"),
        "mgmt.rep.sheet.service": ("服务情况", "Services"),
        "mgmt.rep.sheet.results": ("服务成效", "Results"),
        "mgmt.rep.sheet.satisfaction": ("满意度", "Satisfaction"),
        "mgmt.rep.sheet.rules": ("考核规则", "Rules"),
        "mgmt.rep.sheet.ranking": ("排名", "Ranking"),
        "mgmt.rep.service": ("服务情况", "Services"),
        "mgmt.rep.results": ("服务成效", "Results"),
        "mgmt.rep.satisfaction": (
            "满意度、需求与照片佐证",
            "Satisfaction, requests and photo evidence",
        ),
        "mgmt.rep.rules": ("考核规则与达标情况", "Rules and whether they are met"),
        "mgmt.rep.rule": ("考核规则", "Rule"),
        "mgmt.rep.actual": ("实际完成", "Actual"),
        "mgmt.rep.met": ("是否达到", "Met"),
        "mgmt.rep.yes": ("达到", "met"),
        "mgmt.rep.no": ("未达到", "not met"),
        "mgmt.rep.na": ("无数据", "no data"),
        "mgmt.rep.suggested": (
            "建议等次：{grade}。依据：{reasons}",
            "Suggested grade: {grade}. Reasons: {reasons}",
        ),
        "mgmt.rep.confirmed": (
            "县服务团确认等次：{grade}（{who}，{date}）{comment}",
            "Grade confirmed by the county: {grade} ({who}, {date}) {comment}",
        ),
        "mgmt.rep.unconfirmed": (
            "县服务团确认等次：＿＿＿＿＿＿（未确认）",
            "Grade confirmed by the county: ______ (not yet)",
        ),
        "mgmt.rep.sign_specialist": (
            "特派员（签字）：＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日",
            "Specialist (signature): ______________      Date: ________",
        ),
        "mgmt.rep.sign_employer": (
            "派出单位意见：＿＿＿＿＿＿＿＿　　派出单位（盖章）　　日期：＿＿＿＿年＿＿月＿＿日",
            "Sending unit's opinion: ____________    Sending unit (stamp)    Date: ________",
        ),
        "mgmt.rep.sign_county": (
            "县服务团意见：＿＿＿＿＿＿＿＿　　县服务团（盖章）　　日期：＿＿＿＿年＿＿月＿＿日",
            "County team's opinion: ____________    County team (stamp)    Date: ________",
        ),
        "mgmt.rep.sign_rank": (
            "填报人（签字）：＿＿＿＿＿＿＿＿　　　　科技特派员服务团（盖章）　　日期：＿＿＿＿年＿＿月＿＿日",
            "Prepared by: ______________      County team (stamp)    Date: ________",
        ),
        "mgmt.rep.rank_empty": ("范围内没有特派员", "No specialists in this scope"),
        "mgmt.rep.f.name": ("姓名", "Name"),
        "mgmt.rep.f.employer": ("派出单位", "Sending unit"),
        "mgmt.rep.f.title": ("职称", "Title"),
        "mgmt.rep.f.station": ("服务站", "Station"),
        "mgmt.rep.f.county": ("县区", "County"),
        "mgmt.rep.f.phone": ("联系电话", "Phone"),
        "mgmt.rep.f.services": ("服务次数", "Services"),
        "mgmt.rep.f.service_days": ("服务天数", "Service days"),
        "mgmt.rep.f.visits": ("走访服务", "Visits"),
        "mgmt.rep.f.trainings": ("培训次数", "Trainings"),
        "mgmt.rep.f.attendees": ("培训人数", "Attendees"),
        "mgmt.rep.f.online_viewers": ("线上观看", "Online viewers"),
        "mgmt.rep.f.problems_solved": ("解决技术问题", "Problems solved"),
        "mgmt.rep.f.households_served": ("服务户数", "Households served"),
        "mgmt.rep.f.techniques": ("推广新技术", "Techniques"),
        "mgmt.rep.f.varieties": ("推广新品种", "Varieties"),
        "mgmt.rep.f.area_mu": ("推广面积", "Area"),
        "mgmt.rep.f.households_adopting": ("带动农户", "Households adopting"),
        "mgmt.rep.f.income_yuan": ("增收", "Income increase"),
        "mgmt.rep.f.result_points": ("成效得分", "Result points"),
        "mgmt.rep.f.callbacks": ("回访户数", "Callbacks"),
        "mgmt.rep.f.satisfaction_pct": ("满意率", "Satisfaction"),
        "mgmt.rep.f.requests": ("分派需求", "Requests assigned"),
        "mgmt.rep.f.requests_answered": ("已答复", "Answered"),
        "mgmt.rep.f.requests_overdue": ("超期未答复", "Overdue"),
        "mgmt.rep.f.photos": ("照片", "Photos"),
        "mgmt.rep.f.photos_flagged": ("疑点照片", "Flagged photos"),
        "mgmt.rep.f.rank": ("名次", "Rank"),
        "mgmt.rep.f.suggested": ("建议等次", "Suggested"),
        "mgmt.rep.f.grade": ("确认等次", "Confirmed"),
        "mgmt.rep.u.times": ("次", "times"),
        "mgmt.rep.u.days": ("天", "days"),
        "mgmt.rep.u.people": ("人", "people"),
        "mgmt.rep.u.households": ("户", "households"),
        "mgmt.rep.u.mu": ("亩", "mu"),
        "mgmt.rep.u.yuan": ("元", "yuan"),
        "mgmt.rep.u.items": ("项", "items"),
        "mgmt.rep.u.count": ("个", ""),
        "mgmt.rep.u.pct": ("%", "%"),
        "mgmt.rep.u.points": ("分", "points"),
        "mgmt.rep.u.photos": ("张", "photos"),
    }
)


def M(key: str, **params: Any) -> str:
    return i18n.t(f"mgmt.rep.{key}", **params)


def _grade(code: str | None) -> str:
    return GRADES.label(code, i18n.get_language()) if code else ""


def _pct(x: Any) -> Any:
    return "—" if x is None else x


def specialist_sheet(store: Store, a: core.Assessment, note: str = "") -> Report:
    """The sheet of one specialist; ``note`` (which review states the totals count) goes under
    each grid of totals."""
    f = a.figures
    person = store.get("specialist", a.specialist_id) or {}
    report = Report(
        kind="assessment",
        title=M("sheet_title"),
        subtitle=M("sheet_sub", year=a.year, name=a.name),
        orientation="portrait",
        file_stem=f"assessment-{a.year}-{a.name}",
        scope=a.name,
        period=M("period", start=f"{a.year}-01-01", end=f"{a.year}-12-31"),
    )
    met_text = {True: M("yes"), False: M("no"), None: M("na")}
    rules_rows = [{"rule": c.label, "actual": c.actual, "met": met_text[c.met]} for c in a.checks]
    confirmed = a.confirmed
    report.blocks += [
        KeyValues(
            M("basic"),
            M("sheet.basic"),
            [
                (M("f.name"), a.name, ""),
                (M("f.employer"), a.employer, ""),
                (M("f.title"), person.get("title") or "", ""),
                (M("f.phone"), person.get("phone") or "", ""),
                (M("f.station"), a.station, ""),
                (M("f.county"), a.county, ""),
            ],
        ),
        KeyValues(
            M("service"),
            M("sheet.service"),
            [
                (M("f.services"), f["services"], M("u.times")),
                (M("f.service_days"), f["service_days"], M("u.days")),
                (M("f.visits"), f["visits"], M("u.times")),
                (M("f.households_served"), f["households_served"], M("u.households")),
                (M("f.trainings"), f["trainings"], M("u.times")),
                (M("f.attendees"), f["attendees"], M("u.people")),
                (M("f.online_viewers"), f["online_viewers"], M("u.people")),
                (M("f.problems_solved"), f["problems_solved"], M("u.items")),
            ],
            note=note,
        ),
        KeyValues(
            M("results"),
            M("sheet.results"),
            [
                (M("f.techniques"), f["techniques"], M("u.items")),
                (M("f.varieties"), f["varieties"], M("u.count")),
                # Amounts as floats, so the workbook types them as every area and yuan column.
                (M("f.area_mu"), float(f["area_mu"] or 0), M("u.mu")),
                (M("f.households_adopting"), f["households_adopting"], M("u.households")),
                (M("f.income_yuan"), float(f["income_yuan"] or 0), M("u.yuan")),
                (M("f.result_points"), float(f["result_points"] or 0), M("u.points")),
            ],
            note=note,
        ),
        KeyValues(
            M("satisfaction"),
            M("sheet.satisfaction"),
            [
                (M("f.callbacks"), f["callbacks"], M("u.households")),
                (M("f.satisfaction_pct"), _pct(f["satisfaction_pct"]), M("u.pct")),
                (M("f.requests"), f["requests"], M("u.items")),
                (M("f.requests_answered"), f["requests_answered"], M("u.items")),
                (M("f.requests_overdue"), f["requests_overdue"], M("u.items")),
                (M("f.photos"), f["photos"], M("u.photos")),
                (M("f.photos_flagged"), f["photos_flagged"], M("u.photos")),
            ],
        ),
        TableBlock(
            M("rules"),
            M("sheet.rules"),
            [
                Column(M("rule"), "rule", "text", 3.0),
                Column(M("actual"), "actual", "text", 2.2),
                Column(M("met"), "met", "text", 0.8),
            ],
            rules_rows,
        ),
        Text(M("suggested", grade=_grade(a.suggested), reasons="；".join(a.reasons))),
        Text(
            M(
                "confirmed",
                grade=_grade(confirmed.get("grade")),
                who=confirmed.get("confirmed_by") or "",
                date=confirmed.get("confirmed_at") or "",
                comment=confirmed.get("comment") or "",
            )
            if confirmed
            else M("unconfirmed")
        ),
        Signatures([M("sign_specialist"), M("sign_employer"), M("sign_county")]),
    ]
    return report


RANK_COLUMNS = [
    ("f.rank", "rank", "int", 0.5),
    ("f.name", "name", "text", 0.9),
    ("f.station", "station", "text", 1.0),
    ("f.employer", "employer", "text", 1.6),
    ("f.services", "services", "int", 0.6),
    ("f.service_days", "service_days", "int", 0.6),
    ("f.trainings", "trainings", "int", 0.6),
    ("f.satisfaction_pct", "satisfaction_pct", "pct", 0.6),
    ("f.result_points", "result_points", "float", 0.7),
    ("f.requests_overdue", "requests_overdue", "int", 0.6),
    ("f.photos_flagged", "photos_flagged", "int", 0.6),
    ("f.suggested", "suggested", "text", 0.7),
    ("f.grade", "grade", "text", 0.7),
]


def ranking_rows(items: list[core.Assessment]) -> list[dict[str, Any]]:
    rows = []
    for a in items:
        row = {
            "rank": a.rank,
            "name": a.name,
            "station": a.station,
            "employer": a.employer,
            **{
                k: a.figures[k]
                for k in (
                    "services",
                    "service_days",
                    "trainings",
                    "result_points",
                    "requests_overdue",
                    "photos_flagged",
                )
            },
            "satisfaction_pct": a.figures["satisfaction_pct"],
            "suggested": _grade(a.suggested),
            "grade": _grade((a.confirmed or {}).get("grade")),
        }
        rows.append(row)
    return rows


def ranking_table(
    store: Store, items: list[core.Assessment], year: int, scope_name: str, note: str = ""
) -> Report:
    report = Report(
        kind="assessment_ranking",
        title=M("rank_title"),
        subtitle=M("rank_sub", year=year, scope=scope_name or M("all")),
        orientation="landscape",
        file_stem=f"assessment-ranking-{year}",
        scope=scope_name or M("all"),
        period=M("period", start=f"{year}-01-01", end=f"{year}-12-31"),
    )
    columns = [Column(M(label), key, kind, width) for label, key, kind, width in RANK_COLUMNS]
    report.blocks += [
        TableBlock(
            "",
            M("sheet.ranking"),
            columns,
            ranking_rows(items),
            empty_text=M("rank_empty"),
            note=note if items else "",
        ),
        Signatures([M("sign_rank")]),
    ]
    return report


def assessment_report(
    store: Store,
    scope_text: str | None,
    year: int,
    out_pdf: Path | str,
    xlsx: Path | str | None = None,
    font: str | None = None,
) -> ReportResult:
    """The sheet for a specialist scope; the ranking table for a township/county scope."""
    from . import stats
    from .management import write_report

    scope, name = core.resolve_scope(store, scope_text)
    items = core.assess(store, scope, year)
    # The same counting rule as the other reports, said under the title and each total.
    excluded = stats.excluded_counts(store, scope, f"{year}-01-01", f"{year}-12-31")
    note = stats.total_note(excluded)
    if scope.kind == "specialist" and items:
        report = specialist_sheet(store, items[0], note)
    else:
        report = ranking_table(store, items, year, name, note)
    report.basis = stats.basis_text(excluded)
    return write_report(store, report, out_pdf, xlsx, font)
