"""报送及时性 (completeness and timeliness) report, and the management sections of the
township and county reports (timeliness, farmers' requests, satisfaction)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..management import assessment as assessment_core
from ..management.callbacks import satisfaction
from ..management.requests import request_stats
from ..management.timeliness import timeliness
from ..scope import Scope
from ..store import Store
from .model import Block, Column, KeyValues, Report, TableBlock

if TYPE_CHECKING:
    from . import ReportResult

i18n.register(
    {
        "mgmt.tl.title": ("科技特派员报送及时性统计表", "Reporting completeness and timeliness"),
        "mgmt.tl.sub": ("{scope}　{start} 至 {end}", "{scope}   {start} to {end}"),
        "mgmt.tl.summary": ("报送及时性", "Reporting completeness and timeliness"),
        "mgmt.tl.townships": ("各服务站转报情况", "Stations forwarding"),
        "mgmt.tl.specialists": ("各特派员报送情况", "Specialists sending"),
        "mgmt.tl.legend": (
            "√ 按时　迟 逾期　× 未报　… 未到截止日　空白 当月未派驻",
            "√ on time; L late; × missing; … not due yet; blank: not on duty",
        ),
        "mgmt.tl.expected": ("应报", "Expected"),
        "mgmt.tl.received": ("已报", "Received"),
        "mgmt.tl.on_time": ("按时", "On time"),
        "mgmt.tl.late": ("逾期", "Late"),
        "mgmt.tl.missing": ("未报", "Missing"),
        "mgmt.tl.rate_received": ("报送率", "Received %"),
        "mgmt.tl.rate_on_time": ("及时率", "On time %"),
        "mgmt.tl.last_file": ("最近文件", "Last file"),
        "mgmt.tl.name": ("姓名", "Name"),
        "mgmt.tl.station": ("服务站", "Station"),
        "mgmt.tl.township": ("服务站", "Station"),
        "mgmt.tl.specialist_files": ("特派员已报/应报", "Specialists' files"),
        "mgmt.tl.specialist_received": ("特派员已报", "Specialists' files received"),
        "mgmt.tl.specialist_expected": ("特派员应报", "Specialists' files expected"),
        "mgmt.tl.period": ("{start} 至 {end}", "{start} to {end}"),
        "mgmt.tl.empty": ("范围内没有应报送的特派员", "Nobody in this scope was due to report"),
        "mgmt.tl.all": ("全部", "all"),
        "mgmt.tl.u.files": ("份", "files"),
        "mgmt.tl.basis": (
            "统计口径：按收到的报送文件计，与文件中记录的审核状态无关",
            "Counted: files received, whatever the review state of the records in them",
        ),
        "mgmt.tl.note": (
            "注：以上合计按收到的报送文件计，与文件中记录的审核状态无关。",
            (
                "Note: the totals above count files received, whatever the review state of the"
                " records in them."
            ),
        ),
        "mgmt.tl.sheet.satisfaction": ("回访满意率", "Satisfaction"),
        "mgmt.tl.sheet.requests": ("农户需求", "Requests"),
        "mgmt.tl.sheet.specialists_tl": ("各特派员报送", "Specialists reporting"),
        "mgmt.tl.sheet.stations": ("各服务站转报", "Stations"),
        "mgmt.tl.sheet.timeliness": ("报送及时性", "Timeliness"),
        "mgmt.sec.title": ("报送、需求与满意度", "Reporting, requests and satisfaction"),
        "mgmt.sec.requests": ("农户需求办理", "Farmers' requests"),
        "mgmt.sec.req_total": ("受理需求", "Requests"),
        "mgmt.sec.req_answered": ("已答复", "Answered"),
        "mgmt.sec.req_closed": ("已办结", "Closed"),
        "mgmt.sec.req_overdue": ("超期未答复", "Overdue"),
        "mgmt.sec.req_mean": ("平均答复天数", "Mean days to answer"),
        "mgmt.sec.req_median": ("答复天数中位数", "Median days to answer"),
        "mgmt.sec.satisfaction": ("各特派员回访满意率", "Satisfaction per specialist"),
        "mgmt.sec.callbacks": ("回访户数", "Callbacks"),
        "mgmt.sec.satisfied": ("满意", "Satisfied"),
        "mgmt.sec.basic": ("基本满意", "Fairly satisfied"),
        "mgmt.sec.dissatisfied": ("不满意", "Dissatisfied"),
        "mgmt.sec.rate": ("满意率", "Rate"),
        "mgmt.sec.no_callbacks": ("本期没有回访记录", "No callbacks in this period"),
        "mgmt.u.items": ("件", "requests"),
        "mgmt.u.days": ("天", "days"),
    }
)

MARK = {
    "zh_CN": {"on_time": "√", "late": "迟", "missing": "×", "pending": "…"},
    "en": {"on_time": "√", "late": "L", "missing": "×", "pending": "…"},
}


def T(key: str, **params: Any) -> str:
    return i18n.t(f"mgmt.{key}", **params)


def _count_columns() -> list[Column]:
    return [
        Column(T("tl.expected"), "expected", "int", 0.55),
        Column(T("tl.received"), "received", "int", 0.55),
        Column(T("tl.on_time"), "on_time", "int", 0.55),
        Column(T("tl.late"), "late", "int", 0.55),
        Column(T("tl.missing"), "missing", "int", 0.55),
    ]


def timeliness_blocks(data: dict[str, Any], *, with_months: bool = True) -> list[Block]:
    marks = MARK.get(i18n.get_language(), MARK["en"])
    totals = data["totals"]
    blocks: list[Block] = [
        KeyValues(
            T("tl.summary"),
            T("tl.sheet.timeliness"),
            [
                (T("tl.expected"), totals["expected"], T("tl.u.files")),
                (T("tl.received"), totals["received"], T("tl.u.files")),
                (T("tl.on_time"), totals["on_time"], T("tl.u.files")),
                (T("tl.late"), totals["late"], T("tl.u.files")),
                (T("tl.missing"), totals["missing"], T("tl.u.files")),
                (
                    T("tl.rate_received"),
                    "—" if data["rate_received"] is None else data["rate_received"],
                    "%",
                ),
                (
                    T("tl.rate_on_time"),
                    "—" if data["rate_on_time"] is None else data["rate_on_time"],
                    "%",
                ),
            ],
            note=T("tl.note"),
        ),
    ]
    # A month heads its column as 26-01 on paper (narrow) and as 2026-01 in the workbook,
    # the form every other workbook's month has.
    month_cols = (
        [
            column
            for m in data["months"]
            for column in (
                Column(m[2:], f"m{m}", "text", 0.42, in_excel=False),
                Column(m, f"m{m}", "text", in_pdf=False),
            )
        ]
        if with_months
        else []
    )
    legend = T("tl.legend") if with_months else ""

    def month_marks(months: dict[str, str]) -> dict[str, str]:
        # Only where the months are columns: a long period at province scale would
        # otherwise hold a mark per person per month that nothing prints.
        return {f"m{m}": marks.get(status, "") for m, status in months.items()}

    towns = []
    for t in data["townships"]:
        sf = t["specialist_files"]
        towns.append(
            {
                "name": t["name"],
                **{k: t[k] for k in ("expected", "received", "on_time", "late", "missing")},
                "specialist_files": f"{sf['received']:,}/{sf['expected']:,}",
                "specialist_received": sf["received"],
                "specialist_expected": sf["expected"],
                "last_file": t["last_file"] or "",
                **(month_marks(t["months"]) if with_months else {}),
            }
        )
    if towns:
        blocks.append(
            TableBlock(
                T("tl.townships"),
                T("tl.sheet.stations"),
                [
                    Column(T("tl.township"), "name", "text", 1.2),
                    *_count_columns(),
                    Column(
                        T("tl.specialist_files"), "specialist_files", "text", 0.9, in_excel=False
                    ),
                    Column(T("tl.specialist_received"), "specialist_received", "int", in_pdf=False),
                    Column(T("tl.specialist_expected"), "specialist_expected", "int", in_pdf=False),
                    Column(T("tl.last_file"), "last_file", "date", 0.95),
                    *month_cols,
                ],
                towns,
                note=legend,
            )
        )
    people = []
    for s in data["specialists"]:
        people.append(
            {
                "name": s["name"],
                "station": s["station"],
                **{k: s[k] for k in ("expected", "received", "on_time", "late", "missing")},
                "last_file": s["last_file"] or "",
                **(month_marks(s["months"]) if with_months else {}),
            }
        )
    blocks.append(
        TableBlock(
            T("tl.specialists"),
            T("tl.sheet.specialists_tl"),
            [
                Column(T("tl.name"), "name", "text", 0.9),
                Column(T("tl.station"), "station", "text", 1.0),
                *_count_columns(),
                Column(T("tl.last_file"), "last_file", "date", 0.95),
                *month_cols,
            ],
            people,
            empty_text=T("tl.empty"),
            note=legend,  # under each table that has month marks, in the PDF and the workbook
        )
    )
    return blocks


def timeliness_report(
    store: Store,
    scope_text: str | None,
    month_from: str,
    month_to: str,
    out_pdf: Path | str,
    xlsx: Path | str | None = None,
    font: str | None = None,
) -> ReportResult:
    from .management import write_report

    scope, name = assessment_core.resolve_scope(store, scope_text)
    data = timeliness(store, scope, month_from, month_to)
    report = Report(
        kind="timeliness",
        title=T("tl.title"),
        subtitle=T("tl.sub", scope=name or T("tl.all"), start=month_from[:7], end=month_to[:7]),
        orientation="landscape",
        file_stem=f"timeliness-{month_from[:7]}-{month_to[:7]}",
        scope=name or T("tl.all"),
        period=T("tl.period", start=month_from[:10], end=month_to[:10]),
        basis=T("tl.basis"),
    )
    report.blocks += timeliness_blocks(data)
    return write_report(store, report, out_pdf, xlsx, font)


def report_sections(store: Store, scope: Scope, date_from: Any, date_to: Any) -> list[Block]:
    """What the township and county reports add (hook called from builders.py)."""
    start, end = str(date_from)[:10], str(date_to)[:10]
    blocks: list[Block] = []
    data = timeliness(store, scope, start, end, per_month=False)
    blocks += timeliness_blocks(data, with_months=False)
    req = request_stats(store, scope, start, end)
    blocks.append(
        KeyValues(
            T("sec.requests"),
            T("tl.sheet.requests"),
            [
                (T("sec.req_total"), req["total"], T("u.items")),
                (T("sec.req_answered"), req["answered"], T("u.items")),
                (T("sec.req_closed"), req["by_status"].get("closed", 0), T("u.items")),
                (T("sec.req_overdue"), req["overdue"], T("u.items")),
                (
                    T("sec.req_mean"),
                    "—" if req["mean_days"] is None else float(req["mean_days"]),
                    T("u.days"),
                ),
                (
                    T("sec.req_median"),
                    # A median of whole days may be whole or a half: typed alike every time.
                    "—" if req["median_days"] is None else float(req["median_days"]),
                    T("u.days"),
                ),
            ],
        )
    )
    people = assessment_core._specialists(store, scope)
    sat = satisfaction(store, start, end, [p["id"] for p in people])
    rows = [
        {
            "name": p["name"],
            "station": p.get("station") or "",
            "n": sat[p["id"]]["n"],
            "satisfied": sat[p["id"]]["satisfied"],
            "basic": sat[p["id"]]["basic"],
            "dissatisfied": sat[p["id"]]["dissatisfied"],
            "rate": sat[p["id"]]["rate"],
        }
        for p in people
        if p["id"] in sat
    ]
    blocks.append(
        TableBlock(
            T("sec.satisfaction"),
            T("tl.sheet.satisfaction"),
            [
                Column(T("tl.name"), "name", "text", 1.0),
                Column(T("tl.station"), "station", "text", 1.1),
                Column(T("sec.callbacks"), "n", "int", 0.7),
                Column(T("sec.satisfied"), "satisfied", "int", 0.6),
                Column(T("sec.basic"), "basic", "int", 0.6),
                Column(T("sec.dissatisfied"), "dissatisfied", "int", 0.6),
                Column(T("sec.rate"), "rate", "float", 0.6, "%"),
            ],
            rows,
            empty_text=T("sec.no_callbacks"),
        )
    )
    return blocks
