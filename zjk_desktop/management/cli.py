"""``zjk request …``, ``zjk callback add``, ``zjk assessment …`` and the
``zjk report assessment|timeliness`` kinds: parse, call the management core, print."""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path
from typing import Any

from .. import i18n
from ..domain.enums import GRADES, INDUSTRIES, REQUEST_STATUSES

i18n.register(
    {
        "mgmt.cli.saved": ("已保存 {id}", "Saved {id}"),
        "mgmt.cli.none": ("没有符合条件的需求", "No matching requests"),
        "mgmt.cli.overdue": ("超期", "overdue"),
        "mgmt.cli.report": ("已生成 {path}（{pages} 页）", "Wrote {path} (pages: {pages})"),
        "mgmt.cli.xlsx": ("已导出 {path}", "Wrote {path}"),
        "mgmt.cli.bad_year": ("年度应为四位数字：{value}", "The year must be four digits: {value}"),
        "mgmt.cli.bad_rule": (
            "规则应写作 名称=数值：{value}",
            "Rules are written name=number: {value}",
        ),
    }
)


def short_id(record_id: str) -> str:
    """The id as lists show it: its last 8 characters (the start is a timestamp, alike for many)."""
    return record_id[-8:]


def _lang() -> str:
    return i18n.get_language()


def _user_error(exc: Exception) -> Exception:
    from ..cli import UserError

    return UserError(str(exc))


# ----------------------------------------------------------------- requests
def cmd_request_add(ctx: Any, args: argparse.Namespace) -> int:
    from .requests import add_request

    values: dict[str, Any] = {
        "requester_name": args.name,
        "village_id": args.village,
        "industry": INDUSTRIES.parse(args.industry) or args.industry,
        "problem": args.problem,
    }
    if args.phone:
        values["requester_phone"] = args.phone
    if args.date:
        values["date"] = args.date
    if args.specialist:
        values["specialist_id"] = args.specialist
    rid = add_request(ctx.store, values)
    ctx.emit({"id": rid}, i18n.t("mgmt.cli.saved", id=short_id(rid)))
    return 0


def cmd_request_assign(ctx: Any, args: argparse.Namespace) -> int:
    from .requests import assign

    rid = assign(ctx.store, args.id, args.specialist, today=args.date)
    ctx.emit({"id": rid, "status": "assigned"}, i18n.t("mgmt.cli.saved", id=short_id(rid)))
    return 0


def cmd_request_answer(ctx: Any, args: argparse.Namespace) -> int:
    from .requests import answer

    rid = answer(ctx.store, args.id, args.text, visit_id=args.visit, today=args.date)
    ctx.emit({"id": rid, "status": "answered"}, i18n.t("mgmt.cli.saved", id=short_id(rid)))
    return 0


def cmd_request_close(ctx: Any, args: argparse.Namespace) -> int:
    from .requests import close

    rid = close(ctx.store, args.id, args.comment or "", today=args.date)
    ctx.emit({"id": rid, "status": "closed"}, i18n.t("mgmt.cli.saved", id=short_id(rid)))
    return 0


def cmd_request_list(ctx: Any, args: argparse.Namespace) -> int:
    from ..scope import scope_for_node
    from .assessment import resolve_scope
    from .requests import list_requests

    store = ctx.store
    scope = resolve_scope(store, args.scope)[0] if args.scope else scope_for_node(store)
    status = REQUEST_STATUSES.parse(args.status) if args.status else None
    rows = list_requests(store, scope, status=status, text=args.search, overdue_only=args.overdue)
    keep = (
        "id",
        "date",
        "status",
        "village_name",
        "industry",
        "problem",
        "specialist_name",
        "answered_at",
        "closed_at",
        "days_open",
        "days_to_answer",
        "overdue",
    )
    data = [{k: r.get(k) for k in keep} for r in rows]

    def text() -> str:
        if not rows:
            return i18n.t("mgmt.cli.none")
        lines = []
        for r in rows:
            flag = f" [{i18n.t('mgmt.cli.overdue')}]" if r["overdue"] else ""
            lines.append(
                f"{short_id(r['id'])}  {r['date']}  {REQUEST_STATUSES.label(r['status'], _lang())}{flag}  "
                f"{r.get('village_name') or ''}  {INDUSTRIES.label(r.get('industry'), _lang())}  "
                f"{(r.get('problem') or '')[:30]}  {r.get('specialist_name') or ''}"
            )
        return "\n".join(lines)

    ctx.emit(data, text)
    return 0


# ---------------------------------------------------------------- callbacks
def cmd_callback_add(ctx: Any, args: argparse.Namespace) -> int:
    from .callbacks import add_callback

    cid = add_callback(
        ctx.store,
        args.record,
        args.household,
        args.result,
        comment=args.comment or "",
        date=args.date,
    )
    ctx.emit({"id": cid}, i18n.t("mgmt.cli.saved", id=short_id(cid)))
    return 0


# --------------------------------------------------------------- assessment
def _year(text: str | int) -> int:
    from ..cli import UserError

    value = str(text).strip()
    if not (len(value) == 4 and value.isdigit()):
        raise UserError(i18n.t("mgmt.cli.bad_year", value=value))
    return int(value)


def cmd_assessment_rules(ctx: Any, args: argparse.Namespace) -> int:
    from ..cli import UserError
    from .assessment import DEFAULT_RULES, rules_for, save_rules

    year = _year(args.year)
    if args.set:
        values: dict[str, Any] = {}
        for item in args.set:
            name, _, number = item.partition("=")
            try:
                values[name.strip()] = float(number)
            except ValueError:
                raise UserError(i18n.t("mgmt.cli.bad_rule", value=item)) from None
        save_rules(ctx.store, year, values)
    rules = rules_for(ctx.store, year)
    data = {k: rules[k] for k in DEFAULT_RULES} | {"year": year, "from_year": rules["from_year"]}
    ctx.emit(
        data,
        lambda: "\n".join(f"{k} = {v:g}" for k, v in data.items() if isinstance(v, (int, float))),
    )
    return 0


def cmd_assessment_confirm(ctx: Any, args: argparse.Namespace) -> int:
    from .assessment import confirm, resolve_scope

    scope, _name = resolve_scope(ctx.store, args.specialist)
    rid = confirm(
        ctx.store,
        scope.specialist_id or args.specialist,
        _year(args.year),
        args.grade,
        args.comment or "",
    )
    ctx.emit({"id": rid}, i18n.t("mgmt.cli.saved", id=short_id(rid)))
    return 0


def cmd_assessment_list(ctx: Any, args: argparse.Namespace) -> int:
    from ..scope import scope_for_node
    from .assessment import assess, resolve_scope

    store = ctx.store
    scope = resolve_scope(store, args.scope)[0] if args.scope else scope_for_node(store)
    items = assess(store, scope, _year(args.year))
    data = [
        {
            "rank": a.rank,
            "specialist_id": a.specialist_id,
            "name": a.name,
            "station": a.station,
            "suggested": a.suggested,
            "confirmed": (a.confirmed or {}).get("grade"),
            "reasons": a.reasons,
            "figures": a.figures,
            "checks": [
                {"rule": c.code, "label": c.label, "actual": c.actual, "met": c.met}
                for c in a.checks
            ],
        }
        for a in items
    ]

    def text() -> str:
        return "\n".join(
            f"{a.rank:>3}  {a.name}  {a.station}  {GRADES.label(a.suggested, _lang())}"
            f"{' → ' + GRADES.label(a.confirmed['grade'], _lang()) if a.confirmed else ''}  "
            f"{'；'.join(a.reasons)}"
            for a in items
        )

    ctx.emit(data, text)
    return 0


# ------------------------------------------------------------------ reports
def _emit_report(ctx: Any, result: Any) -> int:
    import sys

    for w in result.warnings:
        print(w, file=sys.stderr)
    data = {
        "path": str(result.path),
        "pages": result.pages,
        "xlsx": str(result.xlsx) if result.xlsx else None,
        "font": result.font_name,
        "embedded": result.embedded,
        "warnings": result.warnings,
    }
    lines = [i18n.t("mgmt.cli.report", path=result.path, pages=result.pages)]
    if result.xlsx:
        lines.append(i18n.t("mgmt.cli.xlsx", path=result.xlsx))
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_report_assessment(ctx: Any, args: argparse.Namespace) -> int:
    from ..reports import ReportError
    from ..reports.assessment import assessment_report

    try:
        result = assessment_report(
            ctx.store,
            args.scope,
            _year(args.year),
            Path(args.out),
            Path(args.xlsx) if args.xlsx else None,
            args.font,
        )
    except ReportError as exc:
        raise _user_error(exc) from None
    return _emit_report(ctx, result)


def cmd_report_timeliness(ctx: Any, args: argparse.Namespace) -> int:
    from ..reports import ReportError
    from ..reports.cli import period_bound
    from ..reports.timeliness import timeliness_report

    try:
        start = period_bound(args.date_from, end=False)
        end = period_bound(args.date_to, end=True)
        result = timeliness_report(
            ctx.store,
            args.scope,
            start,
            end,
            Path(args.out),
            Path(args.xlsx) if args.xlsx else None,
            args.font,
        )
    except ReportError as exc:
        raise _user_error(exc) from None
    return _emit_report(ctx, result)


def register_report_kinds(kinds: Any, common: argparse.ArgumentParser) -> None:
    """``zjk report assessment`` and ``zjk report timeliness`` (called from reports/cli.py)."""
    p = kinds.add_parser(
        "assessment",
        parents=[common],
        help="annual assessment: a specialist's sheet (绩效情况表) or a ranking table",
    )
    p.add_argument(
        "--scope", help="county or township division code, or a specialist (id, name, phone)"
    )
    p.add_argument("--year", required=True, help="YYYY")
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--xlsx", help="also write the tables to this .xlsx file")
    p.add_argument("--font", help="TrueType font file")
    p.set_defaults(func=cmd_report_assessment)
    p = kinds.add_parser(
        "timeliness", parents=[common], help="reporting completeness and timeliness (报送及时性)"
    )
    p.add_argument("--scope", help="county or township division code, or a specialist")
    p.add_argument(
        "--from", dest="date_from", required=True, help="first month: YYYY-MM (or YYYY, YYYYQn)"
    )
    p.add_argument(
        "--to", dest="date_to", required=True, help="last month: YYYY-MM (or YYYY, YYYYQn)"
    )
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--xlsx", help="also write the tables to this .xlsx file")
    p.add_argument("--font", help="TrueType font file")
    p.set_defaults(func=cmd_report_timeliness)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    today = _dt.date.today().isoformat()
    req = subparsers.add_parser("request", parents=[common], help="farmers' requests (需求台账)")
    sub = req.add_subparsers(dest="request_command", required=True)
    p = sub.add_parser("add", parents=[common], help="log a request (待分派)")
    p.add_argument("--name", required=True, help="requester's name")
    p.add_argument("--phone")
    p.add_argument("--village", required=True, help="village division code or id")
    p.add_argument("--industry", required=True, help="industry code or label, e.g. potato / 马铃薯")
    p.add_argument("--problem", required=True)
    p.add_argument("--date", help=f"date asked (default today, {today})")
    p.add_argument("--specialist", help="assign at once: specialist id, name or phone")
    p.set_defaults(func=cmd_request_add)
    p = sub.add_parser("assign", parents=[common], help="assign to a specialist (已分派)")
    p.add_argument("id")
    p.add_argument("--specialist", required=True, help="specialist id, name or phone")
    p.add_argument("--date")
    p.set_defaults(func=cmd_request_assign)
    p = sub.add_parser("answer", parents=[common], help="the assigned specialist's answer (已答复)")
    p.add_argument("id")
    p.add_argument("--text", required=True)
    p.add_argument("--visit", help="id of the visit that answered it")
    p.add_argument("--date")
    p.set_defaults(func=cmd_request_answer)
    p = sub.add_parser("close", parents=[common], help="close (已办结)")
    p.add_argument("id")
    p.add_argument("--comment")
    p.add_argument("--date")
    p.set_defaults(func=cmd_request_close)
    p = sub.add_parser("list", parents=[common], help="list requests in scope")
    p.add_argument(
        "--scope", help="county/township code or a specialist (default: this node's scope)"
    )
    p.add_argument("--status", help="open|assigned|answered|closed (or 待分派…)")
    p.add_argument("--search", help="text in the problem, requester, answer, village or specialist")
    p.add_argument(
        "--overdue", action="store_true", help="only requests open longer than the rule allows"
    )
    p.set_defaults(func=cmd_request_list)

    cb = subparsers.add_parser("callback", parents=[common], help="satisfaction callbacks (回访)")
    sub = cb.add_subparsers(dest="callback_command", required=True)
    p = sub.add_parser(
        "add", parents=[common], help="record a callback against a visit, extension or training"
    )
    p.add_argument("record", help="record id")
    p.add_argument("--household", required=True)
    p.add_argument(
        "--result", required=True, help="satisfied|basic|dissatisfied (or 满意/基本满意/不满意)"
    )
    p.add_argument("--comment")
    p.add_argument("--date")
    p.set_defaults(func=cmd_callback_add)

    asm = subparsers.add_parser("assessment", parents=[common], help="annual assessment (年度考核)")
    sub = asm.add_subparsers(dest="assessment_command", required=True)
    p = sub.add_parser("rules", parents=[common], help="show or set (county) the year's rules")
    p.add_argument("--year", required=True)
    p.add_argument(
        "--set", action="append", metavar="NAME=NUMBER", help="e.g. min_services=12 (repeatable)"
    )
    p.set_defaults(func=cmd_assessment_rules)
    p = sub.add_parser(
        "list", parents=[common], help="figures, rules met and suggested grades, ranked"
    )
    p.add_argument("--scope")
    p.add_argument("--year", required=True)
    p.set_defaults(func=cmd_assessment_list)
    p = sub.add_parser("confirm", parents=[common], help="record the county's grade")
    p.add_argument("--specialist", required=True, help="specialist id, name or phone")
    p.add_argument("--year", required=True)
    p.add_argument("--grade", required=True, choices=[*GRADES.codes(), *(c.zh for c in GRADES)])
    p.add_argument("--comment")
    p.set_defaults(func=cmd_assessment_confirm)
