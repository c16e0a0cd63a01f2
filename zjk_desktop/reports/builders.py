"""The three reports as ``Report`` models, built from the shared query functions.

``specialist_log`` (特派员工作台账), ``township_summary`` (乡镇服务站汇总表) and
``county_report`` (县级科技特派员工作报告).  Every figure comes from
``stats`` (the county report's from ``grouped``: the same figures from one grouped pass
per record kind); a total row is the sum of the rows printed above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import i18n
from ..domain.entities import RECORD_KINDS, entity
from ..domain.enums import EXTENSION_TYPES, INDUSTRIES, REVIEW_STATES, SERVICE_TYPES, TRAINING_MODES
from ..scope import Scope
from ..store import Store
from . import stats
from .grouped import report_figures
from .model import (
    Block,
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
from .pdf import number, singular

_LABELS: dict[str, tuple[str, str]] = {
    # titles
    "specialist.title": ("科技特派员工作台账", "Specialist work log"),
    "township.title": ("{name}科技特派员服务站工作汇总表", "{name} service station summary"),
    "county.title": ("{name}科技特派员工作报告", "{name} science and technology specialist report"),
    "city.name": ("全市", "City"),
    "province.name": ("全省", "Province"),
    "period": ("统计期间：{start} 至 {end}", "Period: {start} to {end}"),
    "period_range": ("{start} 至 {end}", "{start} to {end}"),
    "state_n": ("{state} {n} 条", "{state}: {n}"),
    "list_sep": ("、", ", "),
    "review_comment": ("退回意见", "Review comment"),
    "specialist_col": ("特派员", "Specialist"),
    "log.not_counted": ("未计入统计的记录（{what}）", "Records not counted ({what})"),
    "note.review": (
        "注：本表按审核状态列出本期全部记录，其合计包括草稿和已退回的记录；其他各项合计只计入{counted}的记录。",
        (
            "Note: this table lists every record of the period by review state, its totals drafts"
            " and returned records included; every other total counts only records {counted}."
        ),
    ),
    "note.review_all": (
        "注：本表按审核状态列出本期全部记录。",
        "Note: this table lists every record of the period by review state.",
    ),
    "note.not_counted": (
        "注：本表合计的是未计入统计的记录（{what}）。",
        "Note: this table totals the records that are not counted ({what}).",
    ),
    "sheet.not_counted": ("未计入记录", "Not counted"),
    # common words
    "no": ("序号", "No."),
    "name": ("姓名", "Name"),
    "employer": ("派出单位", "Employer"),
    "title_": ("职称", "Title"),
    "specialty": ("专业", "Specialty"),
    "station": ("所属服务站", "Station"),
    "villages_assigned": ("派驻村", "Assigned villages"),
    "basic": ("基本信息", "Particulars"),
    "date": ("日期", "Date"),
    "kind": ("类别", "Kind"),
    "village": ("服务村", "Village"),
    "village_name": ("村名", "Village"),
    "code": ("区划代码", "Division code"),
    "industry": ("产业", "Industry"),
    "content": ("工作内容", "Work done"),
    "review": ("审核", "Review"),
    "summary": ("主要数据", "Key figures"),
    "yes": ("是", "yes"),
    "count_pct": ("{n}（{pct}%）", "{n} ({pct}%)"),
    "none": ("无", "none"),
    "total": ("合计", "Total"),
    # log cells
    "log.problems": ("问题：", "Problems: "),
    "log.measures": ("措施：", "Measures: "),
    "log.follow_up": ("跟进：", "Follow-up: "),
    "log.notes": ("备注：", "Notes: "),
    "log.base": ("基地：", "Base: "),
    "log.effect": ("效果：", "Effect: "),
    "log.trainer": ("授课：", "Trainer: "),
    "log.location": ("地点：", "Place: "),
    "log.visit_data": ("服务{hh}户{people}人", "{hh} {households}, {people} {persons}"),
    "log.ext_data": (
        "示范{demo}亩，推广{promoted}亩，带动{hh}户",
        "demo {demo} mu, promoted {promoted} mu, {hh} {households}",
    ),
    "log.training_data": (
        "现场{att}人，线上{viewers}人次，{hours}学时",
        "{att} on site, {viewers} online, {hours} h",
    ),
    "log.records": ("工作记录", "Work records"),
    "log.empty": ("本期没有工作记录。", "No work records in this period."),
    "log.totals": ("本期合计", "Totals for the period"),
    # figures
    "f.visits": ("走访次数", "Visits"),
    "f.days": ("在村天数", "Days in villages"),
    "f.villages_served": ("服务村数", "Villages served"),
    "f.households_served": ("服务农户", "Households served"),
    "f.people_served": ("服务人数", "People served"),
    "f.trainings": ("培训场次", "Trainings"),
    "f.trainings_onsite": ("现场培训", "On-site trainings"),
    "f.trainings_online": ("线上培训", "Online trainings"),
    "f.attendees": ("参训人数", "Attendees"),
    "f.attendees_onsite": ("现场参训", "On-site attendees"),
    "f.online_viewers": ("线上观看", "Online viewers"),
    "f.hours": ("培训学时", "Training hours"),
    "f.extensions": ("推广项目", "Extension records"),
    "f.techniques": ("新技术", "New techniques"),
    "f.varieties": ("新品种", "New varieties"),
    "f.demo_area": ("示范面积", "Demo area"),
    "f.promoted_area": ("推广面积", "Promoted area"),
    "f.adopting": ("带动农户", "Households adopting"),
    "f.income": ("增收", "Income increase"),
    "f.specialists": ("特派员", "Specialists"),
    "f.on_duty": ("在岗特派员", "Specialists on duty"),
    "f.villages": ("村数", "Villages"),
    "f.poor_villages": ("贫困村", "Poor villages"),
    # Counts per township or county, headed apart from the village tables' 贫困村 (是/否)
    # and 特派员 (names): one header, one type, in every workbook.
    "f.poor_villages_n": ("贫困村数", "No. of poor villages"),
    "f.specialists_n": ("特派员数", "No. of specialists"),
    "f.poor_assigned": ("贫困村派驻覆盖", "Poor villages with a specialist"),
    "f.poor_served": ("贫困村服务覆盖", "Poor villages served"),
    "f.poor_assigned_col": ("派驻\n贫困村", "Poor villages\nassigned"),
    "f.poor_served_col": ("服务\n贫困村", "Poor villages\nserved"),
    "f.poor_assigned_pct": ("派驻覆盖率", "Assigned %"),
    "f.poor_served_pct": ("服务覆盖率", "Served %"),
    "f.last_visit": ("最近走访", "Last visit"),
    "f.last_service": ("最近服务", "Last service"),
    "f.records": ("记录数", "Records"),
    "f.is_poor": ("贫困村", "Poor"),
    "f.exit_year": ("出列年份", "Exit year"),
    "f.county": ("县区", "County"),
    "f.township": ("乡镇", "Township"),
    "f.month": ("月份", "Month"),
    "u.times": ("次", "times"),
    "u.people": ("人", "people"),
    "u.people_times": ("人次", "views"),
    "u.attendances": ("人次", "people"),
    "u.households": ("户", "hh"),
    "u.mu": ("亩", "mu"),
    "u.yuan": ("元", "yuan"),
    "u.count": ("个", ""),
    "u.items": ("项", ""),
    "u.sessions": ("场", ""),
    "u.persons": ("名", ""),
    "u.days": ("天", "days"),
    "u.hours": ("小时", "h"),
    # township sections
    "t.overview": ("一、总体情况", "1. Overview"),
    "t.specialists": ("二、特派员工作情况", "2. Work per specialist"),
    "t.villages": ("三、各村服务情况", "3. Service per village"),
    "t.unserved": (
        "四、服务空白村（贫困村和派驻村中本期无任何服务记录的村）",
        "4. Poor or assigned villages without service this period",
    ),
    "t.unserved_empty": (
        "本期贫困村和派驻村均有服务记录。",
        "Every poor or assigned village had service this period.",
    ),
    "t.review": ("五、记录审核情况", "5. Review status of records"),
    "t.not_counted": ("六、未计入统计的记录（{what}）", "6. Records not counted ({what})"),
    "t.not_counted_empty": (
        "本期没有未计入统计的记录。",
        "Every record of this period is counted.",
    ),
    "t.specialists_empty": ("本乡镇没有特派员。", "No specialists in this township."),
    # county sections
    "c.headline": ("一、主要指标", "1. Headline figures"),
    "c.on_duty_one": ("{n}名", "{n} specialist was"),
    "c.on_duty_many": ("{n}名", "{n} specialists were"),
    "c.summary": (
        (
            "本期共有在岗科技特派员{on_duty_n}，派驻覆盖贫困村{poor_assigned}个（占贫困村总数的"
            "{poor_assigned_pct}%），有服务记录的贫困村{poor_served}个（{poor_served_pct}%）；"
            "走访服务{visits}次、服务农户{hh}户；开展培训{trainings}场（现场{onsite}场、线上{online}场），"
            "现场参训{attendees}人次、线上观看{viewers}人次；推广新技术{tech}项、新品种{var}个，"
            "示范面积{demo}亩、推广面积{promoted}亩，带动农户{adopting}户。"
        ),
        (
            "In this period {on_duty_n} on duty; {poor_assigned} poor villages had an"
            " assigned specialist ({poor_assigned_pct}%) and {poor_served} had service records"
            " ({poor_served_pct}%). {visits} visits served {hh} households; {trainings} trainings"
            " ({onsite} on site, {online} online) reached {attendees} attendees and {viewers} online"
            " viewers; {tech} new techniques and {var} new varieties were promoted on {demo} mu of"
            " demonstration and {promoted} mu of promotion, with {adopting} households adopting."
        ),
    ),
    "c.charts": ("二、统计图", "2. Charts"),
    "c.chart_visits_township": ("各乡镇走访次数", "Visits per township"),
    "c.chart_visits_county": ("各县区走访次数", "Visits per county"),
    "c.chart_visits_top": (
        "走访次数最多的{n}个{unit}（共{total}个，全部见下表）",
        "The {n} {unit} with the most visits (of {total}; all in the table below)",
    ),
    "c.unit_county": ("县区", "counties"),
    "c.unit_township": ("乡镇", "townships"),
    "c.chart_industry": ("各产业工作记录数", "Records per industry"),
    "c.chart_trend": ("月度工作记录趋势", "Records per month"),
    "c.chart_trend_quarter": ("季度工作记录趋势", "Records per quarter"),
    "c.chart_trend_year": ("年度工作记录趋势", "Records per year"),
    "c.per_county": ("三、各县区工作情况", "3. Work per county"),
    "c.per_township": ("各乡镇工作情况", "Work per township"),
    "c.appendix": (
        "附录一：未服务贫困村（本期无任何服务记录）",
        "Appendix 1: poor villages without service",
    ),
    "c.not_counted": (
        "附录二：未计入统计的记录（{what}），按乡镇",
        "Appendix 2: records not counted ({what}), per township",
    ),
    "c.appendix_empty": (
        "本期所有贫困村均有服务记录。",
        "Every poor village had service this period.",
    ),
    "c.industry_table": ("各产业工作记录", "Records per industry"),
    "c.trend_table": ("月度趋势", "Monthly trend"),
    # signatures
    "sign.specialist": (
        "特派员（签字）：＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日",
        "Specialist (signature): ______________    Date: ____________",
    ),
    "sign.station_opinion": (
        "乡镇服务站审核意见：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
        "Station review: ____________________________________________",
    ),
    "sign.station": (
        "审核人（签字）：＿＿＿＿＿＿＿＿　　服务站（盖章）　　日期：＿＿＿＿年＿＿月＿＿日",
        "Reviewed by: ______________   Station (stamp)   Date: ____________",
    ),
    "sign.preparer": (
        "填表人（签字）：＿＿＿＿＿＿＿＿　　　　服务站负责人（签字）：＿＿＿＿＿＿＿＿",
        "Prepared by: ______________    Station head: ______________",
    ),
    "sign.stamp_date": (
        "乡镇服务站（盖章）　　　　　　　　　　　　日期：＿＿＿＿年＿＿月＿＿日",
        "Township station (stamp)                 Date: ____________",
    ),
    "sign.county_preparer": (
        "填报人（签字）：＿＿＿＿＿＿＿＿　　　　负责人（签字）：＿＿＿＿＿＿＿＿",
        "Prepared by: ______________    Head: ______________",
    ),
    "sign.county_stamp": (
        "科技特派员服务团（盖章）　　　　　　　　　日期：＿＿＿＿年＿＿月＿＿日",
        "Specialist service team (stamp)          Date: ____________",
    ),
    # sheet names
    "sheet.basic": ("基本信息", "Particulars"),
    "sheet.log": ("工作记录", "Records"),
    "sheet.totals": ("合计", "Totals"),
    "sheet.overview": ("总体情况", "Overview"),
    "sheet.specialists": ("特派员", "Specialists"),
    "sheet.villages": ("各村", "Villages"),
    "sheet.unserved": ("服务空白村", "Unserved"),
    "sheet.review": ("审核情况", "Review"),
    "sheet.headline": ("主要指标", "Headline"),
    "sheet.counties": ("各县区", "Counties"),
    "sheet.townships": ("各乡镇", "Townships"),
    "sheet.industry": ("各产业", "Industries"),
    "sheet.trend": ("月度趋势", "Trend"),
    "sheet.appendix": ("未服务贫困村", "Unserved poor"),
}
i18n.register({f"report.{k}": v for k, v in _LABELS.items()})


# More bars than this and their labels no longer fit: the chart shows the largest ones.
CHART_MAX_BARS = 30


def L(key: str, **params: Any) -> str:
    return i18n.t(f"report.{key}", **params)


def _lang() -> str:
    return i18n.get_language()


def _sum_total(rows: list[dict[str, Any]], columns: list[Column], label_key: str) -> dict[str, Any]:
    total: dict[str, Any] = {label_key: L("total")}
    for c in columns:
        if c.kind in ("int", "float") and c.key not in ("no", "exit_year"):
            values = [r.get(c.key) or 0 for r in rows]
            total[c.key] = round(sum(values), 2) if c.kind == "float" else int(sum(values))
    return total


def _number(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for i, r in enumerate(rows, 1):
        r["no"] = i
    return rows


def _yes(flag: Any) -> str:
    return L("yes") if flag else ""


def _period(date_from: Any, date_to: Any) -> str:
    return L("period", start=stats.iso(date_from), end=stats.iso(date_to))


def _period_range(date_from: Any, date_to: Any) -> str:
    return L("period_range", start=stats.iso(date_from), end=stats.iso(date_to))


def _excluded_label(excluded: dict[str, int]) -> str:
    """ "草稿 3 条、已退回 2 条" for a section title."""
    lang = _lang()
    parts = [
        L("state_n", state=REVIEW_STATES.label(k, lang), n=f"{n:,}")
        for k, n in excluded.items()
        if n
    ]
    return L("list_sep").join(parts)


Check = Callable[[], None]


def _noop() -> None:
    return None


# ---------------------------------------------------------------- specialist
def _log_content(r: dict[str, Any]) -> str:
    lang = _lang()
    kind = r["kind"]
    parts: list[str] = []
    if kind == "visit":
        parts.append(
            f"[{SERVICE_TYPES.label(r.get('service_type'), lang)}] {r.get('content') or ''}"
        )
        for field, key in (
            ("problems", "log.problems"),
            ("measures", "log.measures"),
            ("follow_up", "log.follow_up"),
        ):
            if r.get(field):
                parts.append(L(key) + str(r[field]))
    elif kind == "extension":
        parts.append(f"[{EXTENSION_TYPES.label(r.get('ext_type'), lang)}] {r.get('name') or ''}")
        for field, key in (("base", "log.base"), ("effect", "log.effect")):
            if r.get(field):
                parts.append(L(key) + str(r[field]))
    else:
        parts.append(f"[{TRAINING_MODES.label(r.get('mode'), lang)}] {r.get('topic') or ''}")
        for field, key in (("trainer", "log.trainer"), ("location", "log.location")):
            if r.get(field):
                parts.append(L(key) + str(r[field]))
    if r.get("notes"):
        parts.append(L("log.notes") + str(r["notes"]))
    return "\n".join(parts)


def _kind(kind: str) -> str:
    """A record kind's name in a table ("走访"), from its spec."""
    return entity(kind).short(_lang())


def _fmt(n: Any) -> str:
    """A count or amount in running text: thousands separators, as in the tables."""
    return number(n)


def _log_data(r: dict[str, Any]) -> str:
    kind = r["kind"]
    if kind == "visit":
        return L(
            "log.visit_data",
            hh=_fmt(r.get("households_served")),
            households=singular(r.get("households_served"), "households"),
            people=_fmt(r.get("people_served")),
            persons=singular(r.get("people_served"), "people"),
        )
    if kind == "extension":
        return L(
            "log.ext_data",
            demo=_fmt(r.get("demo_area_mu")),
            promoted=_fmt(r.get("promoted_area_mu")),
            hh=_fmt(r.get("households_adopting")),
            households=singular(r.get("households_adopting"), "households"),
        )
    return L(
        "log.training_data",
        att=_fmt(r.get("attendees")),
        viewers=_fmt(r.get("online_viewers")),
        hours=_fmt(r.get("hours")),
    )


def _counted(r: dict[str, Any], states: stats.States) -> bool:
    return states is None or (r.get("review_state") or "draft") in states


def _log_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lang = _lang()
    rows = []
    for i, r in enumerate(entries, 1):
        rows.append(
            {
                "no": i,
                "date": r.get("date") or "",
                "kind": _kind(r["kind"]),
                "village": r.get("village_name") or "",
                "industry": INDUSTRIES.label(r.get("industry"), lang),
                "content": _log_content(r),
                "summary": _log_data(r),
                "review": REVIEW_STATES.label(r.get("review_state") or "draft", lang),
                "comment": r.get("review_comment") or "",
                "households_served": r.get("households_served"),
                "people_served": r.get("people_served"),
                "demo_area_mu": r.get("demo_area_mu"),
                "promoted_area_mu": r.get("promoted_area_mu"),
                "households_adopting": r.get("households_adopting"),
                "attendees": r.get("attendees"),
                "online_viewers": r.get("online_viewers"),
                "hours": r.get("hours"),
            }
        )
    return rows


def specialist_log(
    store: Store,
    specialist_id: str,
    date_from: Any,
    date_to: Any,
    check: Check = _noop,
    states: stats.States = stats.COUNTED_STATES,
) -> Report:
    profile = stats.specialist_profile(store, specialist_id, date_from, date_to)
    assert profile is not None
    check()
    every = stats.specialist_entries(store, specialist_id, date_from, date_to, states=None)
    check()
    scope = Scope("specialist", specialist_id=specialist_id)
    totals = stats.period_totals(store, scope, date_from, date_to, states=states)
    excluded = stats.excluded_counts(store, scope, date_from, date_to, states=states)
    check()
    villages = "、".join(v["name"] for v in profile["villages"]) or L("none")
    counted = [r for r in every if _counted(r, states)]
    left_out = [r for r in every if not _counted(r, states)]
    rows = _log_rows(counted)
    others = _log_rows(left_out)
    columns = [
        Column(L("no"), "no", "int", 0.55),
        Column(L("date"), "date", "date", 1.05),
        Column(L("kind"), "kind", "text", 0.6),
        Column(L("village"), "village", "text", 1.1),
        Column(L("industry"), "industry", "text", 0.85),
        Column(L("content"), "content", "text", 4.2),
        Column(L("summary"), "summary", "text", 1.55, in_excel=False),
        Column(L("review"), "review", "text", 0.75),
        Column(
            L("f.households_served"),
            "households_served",
            "int",
            unit=L("u.households"),
            in_pdf=False,
        ),
        Column(L("f.people_served"), "people_served", "int", unit=L("u.people"), in_pdf=False),
        Column(L("f.demo_area"), "demo_area_mu", "float", unit=L("u.mu"), in_pdf=False),
        Column(L("f.promoted_area"), "promoted_area_mu", "float", unit=L("u.mu"), in_pdf=False),
        Column(L("f.adopting"), "households_adopting", "int", unit=L("u.households"), in_pdf=False),
        Column(L("f.attendees"), "attendees", "int", unit=L("u.people"), in_pdf=False),
        Column(
            L("f.online_viewers"), "online_viewers", "int", unit=L("u.people_times"), in_pdf=False
        ),
        Column(L("f.hours"), "hours", "float", unit=L("u.hours"), in_pdf=False),
    ]
    report = Report(
        kind="specialist",
        title=L("specialist.title"),
        subtitle=f"{profile.get('name') or ''}　{_period(date_from, date_to)}",
        orientation="portrait",
        file_stem=f"specialist-{profile.get('name') or specialist_id}",
        scope=profile.get("name") or "",
        period=_period_range(date_from, date_to),
        basis=stats.basis_text(excluded, states),
    )
    other_cols = [c for c in columns if c.in_pdf and c.key not in ("industry", "summary")]
    other_cols.append(Column(L("review_comment"), "comment", "text", 1.6))
    report.blocks += [
        KeyValues(
            L("basic"),
            L("sheet.basic"),
            [
                (L("name"), profile.get("name") or "", ""),
                (L("employer"), profile.get("employer") or "", ""),
                (L("title_"), profile.get("title") or "", ""),
                (L("specialty"), profile.get("specialty") or "", ""),
                (L("station"), profile.get("station") or "", ""),
                (L("villages_assigned"), villages, ""),
            ],
        ),
        TableBlock(L("log.records"), L("sheet.log"), columns, rows, empty_text=L("log.empty")),
        *(
            [
                TableBlock(
                    L("log.not_counted", what=_excluded_label(excluded)),
                    L("sheet.not_counted"),
                    other_cols,
                    others,
                )
            ]
            if others
            else []
        ),
        KeyValues(
            L("log.totals"),
            L("sheet.totals"),
            [
                (L("f.visits"), totals["visits"], L("u.times")),
                (L("f.days"), totals["days_in_villages"], L("u.days")),
                (L("f.households_served"), totals["households_served"], L("u.households")),
                (L("f.people_served"), totals["people_served"], L("u.people")),
                (L("f.trainings"), totals["trainings"], L("u.sessions")),
                (L("f.attendees"), totals["attendees"], L("u.attendances")),
                (L("f.online_viewers"), totals["online_viewers"], L("u.people_times")),
                (L("f.hours"), totals["training_hours"], L("u.hours")),
                (L("f.techniques"), totals["techniques"], L("u.items")),
                (L("f.varieties"), totals["varieties"], L("u.count")),
                (L("f.demo_area"), totals["demo_area_mu"], L("u.mu")),
                (L("f.promoted_area"), totals["promoted_area_mu"], L("u.mu")),
                (L("f.adopting"), totals["households_adopting"], L("u.households")),
                (L("f.villages_served"), totals["villages_served"], L("u.count")),
            ],
            note=stats.total_note(excluded, states),
        ),
        Signatures([L("sign.specialist"), L("sign.station_opinion"), L("sign.station")]),
        *_photo_blocks(store, specialist_id, date_from, date_to),
    ]
    return report


def _photo_blocks(store: Store, specialist_id: str, date_from: Any, date_to: Any) -> list[Photos]:
    """Hook: the photos of the period as upright thumbnails with their flags (issue 13)."""
    from .photos import photo_blocks

    return photo_blocks(store, specialist_id, date_from, date_to)


# ------------------------------------------------------------------ township
def _specialist_columns() -> list[Column]:
    return [
        Column(L("no"), "no", "int", 0.55),
        Column(L("name"), "name", "text", 1.0),
        Column(L("employer"), "employer", "text", 1.9),
        Column(L("f.visits"), "visits", "int", 0.8),
        Column(L("f.days"), "days_in_villages", "int", 0.8),
        Column(L("f.villages_served"), "villages_served", "int", 0.8),
        Column(L("f.trainings"), "trainings", "int", 0.8),
        Column(L("f.attendees"), "attendees", "int", 0.8),
        Column(L("f.online_viewers"), "online_viewers", "int", 0.85),
        Column(L("f.techniques"), "techniques", "int", 0.7),
        Column(L("f.varieties"), "varieties", "int", 0.7),
        Column(L("f.demo_area"), "demo_area_mu", "float", 0.9, L("u.mu")),
        Column(L("f.promoted_area"), "promoted_area_mu", "float", 0.9, L("u.mu")),
        Column(L("f.adopting"), "households_adopting", "int", 0.85, L("u.households")),
    ]


def _review_table(
    store: Store,
    scope: Scope,
    date_from: Any,
    date_to: Any,
    title: str,
    states_counted: stats.States = stats.COUNTED_STATES,
) -> TableBlock:
    lang = _lang()
    counts = stats.review_counts(store, scope, date_from, date_to)
    states = REVIEW_STATES.codes()
    columns = (
        [Column(L("kind"), "kind", "text", 1.2)]
        + [Column(REVIEW_STATES.label(s, lang), s, "int", 1.0) for s in states]
        + [Column(L("total"), "total", "int", 1.0)]
    )
    rows = []
    for kind in RECORD_KINDS:
        row: dict[str, Any] = {"kind": _kind(kind), **counts[kind]}
        row["total"] = sum(counts[kind].values())
        rows.append(row)
    total = {"kind": L("total"), **counts["total"], "total": sum(counts["total"].values())}
    note = (
        L("note.review", counted=stats.counted_names(states_counted))
        if states_counted is not None
        else L("note.review_all")
    )
    return TableBlock(title, L("sheet.review"), columns, rows, total, note=note)


def _not_counted_table(
    store: Store,
    scope: Scope,
    date_from: Any,
    date_to: Any,
    states: stats.States,
    excluded: dict[str, int],
    title: str,
) -> TableBlock:
    """The records the figures leave out (drafts, returned), one per row, so a clerk can chase them."""
    lang = _lang()
    rows = _number(
        [
            {
                **r,
                "kind": _kind(r["kind"]),
                "state": REVIEW_STATES.label(r["review_state"], lang),
            }
            for r in stats.excluded_records(store, scope, date_from, date_to, states=states)
        ]
    )
    columns = [
        Column(L("no"), "no", "int", 0.55),
        Column(L("date"), "date", "date", 1.05),
        Column(L("kind"), "kind", "text", 0.6),
        Column(L("village"), "village", "text", 1.2),
        Column(L("specialist_col"), "specialist", "text", 1.0),
        Column(L("review"), "state", "text", 0.8),
        Column(L("review_comment"), "review_comment", "text", 3.0),
    ]
    what = _excluded_label(excluded) or L("none")
    return TableBlock(
        title.format(what=what),
        L("sheet.not_counted"),
        columns,
        rows,
        empty_text=L("t.not_counted_empty"),
    )


def township_summary(
    store: Store,
    org_id: str,
    date_from: Any,
    date_to: Any,
    check: Check = _noop,
    states: stats.States = stats.COUNTED_STATES,
) -> Report:
    org = store.get("org_unit", org_id)
    assert org is not None
    scope = Scope("township", org_id=org_id)
    cov = stats.coverage(store, scope, date_from, date_to, states=states)
    totals = stats.period_totals(store, scope, date_from, date_to, states=states)
    excluded = stats.excluded_counts(store, scope, date_from, date_to, states=states)
    note = stats.total_note(excluded, states)
    check()
    specialists = _number(stats.per_specialist(store, scope, date_from, date_to, states=states))
    check()
    villages = _number(stats.per_village(store, scope, date_from, date_to, states=states))
    check()
    unserved = _number(
        stats.unserved_villages(
            store, scope, date_from, date_to, in_program_only=True, states=states
        )
    )
    check()
    for v in villages + unserved:
        v["poor"] = _yes(v["is_poor"])
    sp_cols = _specialist_columns()
    v_cols = [
        Column(L("no"), "no", "int", 0.55),
        Column(L("village_name"), "name", "text", 1.2),
        Column(L("code"), "code", "text", 1.35),
        Column(L("f.is_poor"), "poor", "text", 0.6),
        Column(L("f.specialists"), "specialists", "text", 1.5),
        Column(L("f.visits"), "visits", "int", 0.75),
        Column(L("f.households_served"), "households_served", "int", 0.8, L("u.households")),
        Column(_kind("extension"), "extensions", "int", 0.7),
        Column(_kind("training"), "trainings", "int", 0.7),
        Column(L("f.attendees"), "attendees", "int", 0.8),
        Column(L("f.last_visit"), "last_visit", "date", 1.05),
    ]
    u_cols = [
        Column(L("no"), "no", "int", 0.55),
        Column(L("village_name"), "name", "text", 1.4),
        Column(L("code"), "code", "text", 1.4),
        Column(L("f.is_poor"), "poor", "text", 0.6),
        Column(L("f.specialists"), "specialists", "text", 2.0),
        Column(L("f.last_service"), "last_service", "date", 1.1),
    ]
    report = Report(
        kind="township",
        title=L("township.title", name=org.get("name") or ""),
        subtitle=_period(date_from, date_to),
        orientation="landscape",
        file_stem=f"township-{org.get('name') or org_id}",
        scope=org.get("name") or "",
        period=_period_range(date_from, date_to),
        basis=stats.basis_text(excluded, states),
    )
    report.blocks += [
        KeyValues(
            L("t.overview"),
            L("sheet.overview"),
            [
                (L("f.specialists_n"), cov["specialists"], L("u.persons")),
                (L("f.on_duty"), cov["specialists_on_duty"], L("u.persons")),
                (L("f.villages"), cov["villages"], L("u.count")),
                (L("f.poor_villages_n"), cov["poor_villages"], L("u.count")),
                (L("f.villages_served"), cov["villages_served"], L("u.count")),
                (L("f.poor_assigned"), cov["poor_villages_assigned"], L("u.count")),
                (L("f.poor_assigned_pct"), cov["poor_assigned_pct"], "%"),
                (L("f.poor_served"), cov["poor_villages_served"], L("u.count")),
                (L("f.poor_served_pct"), cov["poor_served_pct"], "%"),
                (L("f.visits"), totals["visits"], L("u.times")),
                (L("f.households_served"), totals["households_served"], L("u.households")),
                (L("f.trainings"), totals["trainings"], L("u.sessions")),
                (L("f.attendees"), totals["attendees"], L("u.attendances")),
                (L("f.online_viewers"), totals["online_viewers"], L("u.people_times")),
                (L("f.techniques"), totals["techniques"], L("u.items")),
                (L("f.varieties"), totals["varieties"], L("u.count")),
                (L("f.demo_area"), totals["demo_area_mu"], L("u.mu")),
                (L("f.promoted_area"), totals["promoted_area_mu"], L("u.mu")),
                (L("f.adopting"), totals["households_adopting"], L("u.households")),
            ],
            note=note,
        ),
        TableBlock(
            L("t.specialists"),
            L("sheet.specialists"),
            sp_cols,
            specialists,
            _sum_total(specialists, sp_cols, "name") if specialists else None,
            empty_text=L("t.specialists_empty"),
            note=note if specialists else "",
        ),
        TableBlock(
            L("t.villages"),
            L("sheet.villages"),
            v_cols,
            villages,
            _sum_total(villages, v_cols, "name") if villages else None,
            note=note if villages else "",
        ),
        TableBlock(
            L("t.unserved"), L("sheet.unserved"), u_cols, unserved, empty_text=L("t.unserved_empty")
        ),
        *_management_sections(store, scope, date_from, date_to),
        _review_table(store, scope, date_from, date_to, L("t.review"), states),
        _not_counted_table(store, scope, date_from, date_to, states, excluded, L("t.not_counted")),
        Signatures([L("sign.preparer"), L("sign.stamp_date")]),
    ]
    return report


def _management_sections(store: Store, scope: Scope, date_from: Any, date_to: Any) -> list[Block]:
    """Hook: timeliness, farmers' requests and satisfaction (issue 13, reports/timeliness.py)."""
    from .timeliness import report_sections

    return report_sections(store, scope, date_from, date_to)


# -------------------------------------------------------------------- county
def _org_columns(with_parent: bool, parent_label: str, name_label: str) -> list[Column]:
    cols = [Column(L("no"), "no", "int", 0.55)]
    if with_parent:
        cols.append(Column(parent_label, "parent", "text", 1.0))
    cols += [
        Column(name_label, "name", "text", 1.2),
        Column(L("f.villages"), "villages", "int", 0.6),
        Column(L("f.poor_villages_n"), "poor_villages", "int", 0.65),
        Column(L("f.specialists_n"), "specialists", "int", 0.65),
        Column(L("f.visits"), "visits", "int", 0.7),
        Column(L("f.villages_served"), "villages_served", "int", 0.7),
        Column(L("f.poor_assigned_col"), "poor_villages_assigned", "int", 0.75),
        Column(L("f.poor_served_col"), "poor_villages_served", "int", 0.75),
        Column(L("f.trainings"), "trainings", "int", 0.7),
        Column(L("f.attendees"), "attendees", "int", 0.75),
        Column(L("f.online_viewers"), "online_viewers", "int", 0.8),
        Column(L("f.techniques"), "techniques", "int", 0.6),
        Column(L("f.varieties"), "varieties", "int", 0.6),
        Column(L("f.demo_area"), "demo_area_mu", "float", 0.85, L("u.mu")),
    ]
    return cols


def _whole_name(store: Store) -> str:
    """ "city.name", or "province.name" when the counties belong to several cities (a province
    office gathering the cities' files: division codes 1307…, 1301…)."""
    cities = {
        str(code)[:4]
        for (code,) in store.conn.execute(
            "SELECT code FROM org_unit WHERE level = 'county' AND deleted = 0"
        )
        if code
    }
    return "province.name" if len(cities) > 1 else "city.name"


def county_report(
    store: Store,
    org_id: str | None,
    date_from: Any,
    date_to: Any,
    check: Check = _noop,
    states: stats.States = stats.COUNTED_STATES,
) -> Report:
    lang = _lang()
    if org_id is None:
        scope = Scope("all")
        city = store.rows("org_unit", match={"level": "city"}, limit=1)
        name = city[0]["name"] if city else L(_whole_name(store))
    else:
        org = store.get("org_unit", org_id)
        assert org is not None
        scope = Scope("county", org_id=org_id)
        name = org.get("name") or ""
    # Every figure from one grouped pass per record kind (reports/grouped.py).
    figures = report_figures(store, scope, date_from, date_to, lang, states=states)
    check()
    cov, totals, excluded = figures.coverage, figures.totals, figures.excluded
    note = stats.total_note(excluded, states)
    townships = _number(figures.townships)
    counties = (
        _number(stats.per_county(store, scope, date_from, date_to, townships, states=states))
        if org_id is None
        else []
    )
    industries = figures.industries
    trend = figures.trend
    unserved = _number(figures.unserved_poor)
    check()
    summary = L(
        "c.summary",
        on_duty_n=L(
            "c.on_duty_one" if cov["specialists_on_duty"] == 1 else "c.on_duty_many",
            n=_fmt(cov["specialists_on_duty"]),
        ),
        poor_assigned=_fmt(cov["poor_villages_assigned"]),
        poor_assigned_pct=cov["poor_assigned_pct"],
        poor_served=_fmt(cov["poor_villages_served"]),
        poor_served_pct=cov["poor_served_pct"],
        visits=_fmt(totals["visits"]),
        hh=_fmt(totals["households_served"]),
        trainings=_fmt(totals["trainings"]),
        onsite=_fmt(totals["trainings_onsite"]),
        online=_fmt(totals["trainings_online"]),
        attendees=_fmt(totals["attendees_onsite"]),
        viewers=_fmt(totals["online_viewers"]),
        tech=_fmt(totals["techniques"]),
        var=_fmt(totals["varieties"]),
        demo=_fmt(round(totals["demo_area_mu"], 1)),
        promoted=_fmt(round(totals["promoted_area_mu"], 1)),
        adopting=_fmt(totals["households_adopting"]),
    )
    headline = [
        (L("f.on_duty"), cov["specialists_on_duty"], L("u.persons")),
        (L("f.poor_villages_n"), cov["poor_villages"], L("u.count")),
        (L("f.poor_assigned"), cov["poor_villages_assigned"], L("u.count")),
        (L("f.poor_assigned_pct"), cov["poor_assigned_pct"], "%"),
        (L("f.poor_served"), cov["poor_villages_served"], L("u.count")),
        (L("f.poor_served_pct"), cov["poor_served_pct"], "%"),
        (L("f.visits"), totals["visits"], L("u.times")),
        (L("f.households_served"), totals["households_served"], L("u.households")),
        (L("f.trainings_onsite"), totals["trainings_onsite"], L("u.sessions")),
        (L("f.trainings_online"), totals["trainings_online"], L("u.sessions")),
        (L("f.attendees_onsite"), totals["attendees_onsite"], L("u.attendances")),
        (L("f.online_viewers"), totals["online_viewers"], L("u.people_times")),
        (L("f.techniques"), totals["techniques"], L("u.items")),
        (L("f.varieties"), totals["varieties"], L("u.count")),
        (L("f.demo_area"), totals["demo_area_mu"], L("u.mu")),
        (L("f.promoted_area"), totals["promoted_area_mu"], L("u.mu")),
        (L("f.adopting"), totals["households_adopting"], L("u.households")),
        (L("f.income"), totals["income_increase_yuan"], L("u.yuan")),
    ]
    distinct_specialists = stats.assigned_specialists(store, scope, date_from, date_to)

    def org_total(rows: list[dict[str, Any]], cols: list[Column]) -> dict[str, Any] | None:
        if not rows:
            return None
        total = _sum_total(rows, cols, "name")
        total["specialists"] = distinct_specialists  # people working in two townships count once
        return total

    by = counties if org_id is None else townships
    chart_title = L("c.chart_visits_county") if org_id is None else L("c.chart_visits_township")
    charted = by
    if len(by) > CHART_MAX_BARS:  # a province's 160 counties: bars too thin to label
        charted = sorted(by, key=lambda r: -r["visits"])[:CHART_MAX_BARS]
        unit = L("c.unit_county") if org_id is None else L("c.unit_township")
        chart_title = L("c.chart_visits_top", n=CHART_MAX_BARS, unit=unit, total=f"{len(by):,}")
    report = Report(
        kind="county",
        title=L("county.title", name=name),
        subtitle=_period(date_from, date_to),
        orientation="portrait",
        file_stem=f"county-{name}",
        scope=name,
        period=_period_range(date_from, date_to),
        basis=stats.basis_text(excluded, states),
    )
    t_cols = _org_columns(org_id is None, L("f.county"), L("f.township"))
    c_cols = _org_columns(False, "", L("f.county"))
    ind_cols = [
        Column(L("industry"), "label", "text", 1.2),
        Column(_kind("visit"), "visits", "int"),
        Column(_kind("extension"), "extensions", "int"),
        Column(_kind("training"), "trainings", "int"),
        Column(L("total"), "records", "int"),
    ]
    trend_cols = [
        Column(L("f.month"), "month", "month"),
        Column(_kind("visit"), "visits", "int"),
        Column(_kind("extension"), "extensions", "int"),
        Column(_kind("training"), "trainings", "int"),
        Column(L("total"), "records", "int"),
    ]
    a_cols = [
        Column(L("no"), "no", "int", 0.55),
        Column(L("f.county"), "county", "text", 0.9),
        Column(L("f.township"), "township", "text", 1.0),
        Column(L("village_name"), "name", "text", 1.1),
        Column(L("code"), "code", "text", 1.3),
        Column(L("f.exit_year"), "exit_year", "year", 0.7),
        Column(L("f.specialists"), "specialists", "text", 1.5),
        Column(L("f.last_service"), "last_service", "date", 1.0),
    ]
    report.blocks += [
        Heading(L("c.headline")),
        Text(summary),
        KeyValues("", L("sheet.headline"), headline, note=note),
        Heading(L("c.charts")),
        Chart(
            "bar",
            chart_title,
            [r["name"] for r in charted],
            [(L("f.visits"), [r["visits"] for r in charted])],
            height=200 if len(charted) > 10 else 170,
        ),
        ChartRow(
            [
                Chart(
                    "hbar",
                    L("c.chart_industry"),
                    [r["label"] for r in reversed(industries)],
                    [(L("f.records"), [r["records"] for r in reversed(industries)])],
                    height=200,
                ),
                _trend_chart(trend),
            ]
        ),
        TableBlock(L("c.industry_table"), L("sheet.industry"), ind_cols, industries, in_pdf=False),
        TableBlock(L("c.trend_table"), L("sheet.trend"), trend_cols, trend, in_pdf=False),
        Orientation("landscape"),
        *_management_sections(store, scope, date_from, date_to),
    ]
    if org_id is None:
        report.blocks.append(
            TableBlock(
                L("c.per_county"),
                L("sheet.counties"),
                c_cols,
                counties,
                org_total(counties, c_cols),
                note=note if counties else "",
            )
        )
        t_title = "四、" + L("c.per_township") if lang == "zh_CN" else "4. " + L("c.per_township")
    else:
        t_title = "三、" + L("c.per_township") if lang == "zh_CN" else "3. " + L("c.per_township")
    report.blocks += [
        TableBlock(
            t_title,
            L("sheet.townships"),
            t_cols,
            townships,
            org_total(townships, t_cols),
            note=note if townships else "",
        ),
        Signatures([L("sign.county_preparer"), L("sign.county_stamp")]),
        Orientation("portrait"),
        TableBlock(
            L("c.appendix"), L("sheet.appendix"), a_cols, unserved, empty_text=L("c.appendix_empty")
        ),
        _not_counted_per_township(figures.excluded_per_township, states, excluded),
    ]
    return report


# A trend chart shows months up to this many; a longer period is drawn from its first to its
# last month with records, by quarter (up to TREND_MAX_QUARTERS of them) or by year.
TREND_MAX_MONTHS = 24
TREND_MAX_QUARTERS = 32


def trend_points(trend: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The trend chart's points from ``stats.monthly_trend`` rows: ("month"|"quarter"|"year",
    rows with ``label``, visits, extensions, trainings).  A period of many years would be a
    line of zeros with one spike and hundreds of unreadable month labels."""
    rows = trend
    if len(rows) > TREND_MAX_MONTHS:
        busy = [i for i, r in enumerate(rows) if r["visits"] or r["extensions"] or r["trainings"]]
        if busy:
            rows = rows[busy[0] : busy[-1] + 1]
    if len(rows) <= TREND_MAX_MONTHS:
        return "month", [{**r, "label": r["month"][2:]} for r in rows]
    quarters = len({(r["month"][:4], (int(r["month"][5:7]) - 1) // 3) for r in rows})
    unit = "quarter" if quarters <= TREND_MAX_QUARTERS else "year"
    bins: dict[str, dict[str, Any]] = {}
    for r in rows:
        year, month = r["month"][:4], int(r["month"][5:7])
        label = f"{year[2:]}Q{(month - 1) // 3 + 1}" if unit == "quarter" else year
        point = bins.setdefault(
            label, {"label": label, "visits": 0, "extensions": 0, "trainings": 0}
        )
        for key in ("visits", "extensions", "trainings"):
            point[key] += r[key]
    return unit, list(bins.values())


def _trend_chart(trend: list[dict[str, Any]]) -> Chart:
    unit, points = trend_points(trend)
    title = {
        "month": "c.chart_trend",
        "quarter": "c.chart_trend_quarter",
        "year": "c.chart_trend_year",
    }
    return Chart(
        "line",
        L(title[unit]),
        [p["label"] for p in points],
        [
            (_kind("visit"), [p["visits"] for p in points]),
            (_kind("extension"), [p["extensions"] for p in points]),
            (_kind("training"), [p["trainings"] for p in points]),
        ],
        height=200,
    )


def _not_counted_per_township(
    per_township: list[dict[str, Any]], states: stats.States, excluded: dict[str, int]
) -> TableBlock:
    """How many records each township has that the figures leave out (drafts, returned)."""
    lang = _lang()
    rows = _number(per_township)
    left_out = stats.not_counted_states(states)
    columns = [
        Column(L("no"), "no", "int", 0.55),
        Column(L("f.county"), "county", "text", 1.0),
        Column(L("f.township"), "name", "text", 1.2),
        *[Column(REVIEW_STATES.label(k, lang), k, "int", 0.8) for k in left_out],
        Column(L("total"), "total", "int", 0.8),
    ]
    total = _sum_total(rows, columns, "name") if rows else None
    what = _excluded_label(excluded) or L("none")
    return TableBlock(
        L("c.not_counted", what=what),
        L("sheet.not_counted"),
        columns,
        rows,
        total,
        empty_text=L("t.not_counted_empty"),
        note=L("note.not_counted", what=what) if rows else "",
    )
