"""``zjk report specialist|township|county``: the reports from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import i18n
from ..domain.dates import period_end, period_start

i18n.register(
    {
        "report.cli.done": (
            "已生成 {path}（{pages} 页，字体 {font}{embedded}）",
            "Wrote {path} ({pages} pages, font {font}{embedded})",
        ),
        "report.cli.embedded": ("，已嵌入", ", embedded"),
        "report.cli.not_embedded": ("，未嵌入", ", not embedded"),
        "report.cli.xlsx": ("已导出 {path}", "Wrote {path}"),
        "report.cli.warning": ("提示：{message}", "Warning: {message}"),
        "report.cli.bad_states": (
            "--count 的取值应为 all 或 {codes} 中的若干个（逗号分隔）：{value}",
            "--count takes all, or some of {codes} separated by commas: {value}",
        ),
    }
)


def period_bound(text: str, end: bool, option: str | None = None) -> str:
    """A day from ``2026-03-15``, or the first/last day of ``2026``, ``2026-03`` or ``2026Q2``.

    The one date grammar (``domain/dates.py``): anything else is refused naming the forms.
    """
    return (period_end if end else period_start)(text, option, field=option)


def count_states(text: str | None) -> tuple[str, ...] | None:
    """``--count submitted,approved`` (the default), or ``all`` for every review state."""
    from ..domain.enums import REVIEW_STATES
    from . import ReportError, stats

    if not text:
        return stats.COUNTED_STATES
    if text.strip().lower() == "all":
        return None
    states = tuple(s.strip() for s in text.split(",") if s.strip())
    codes = REVIEW_STATES.codes()
    bad = [s for s in states if s not in codes]
    if bad or not states:
        raise ReportError(i18n.t("report.cli.bad_states", value=text, codes=",".join(codes)))
    return states


def cmd_report(ctx: Any, args: argparse.Namespace) -> int:
    from . import generate_report

    def progress(stage: str, done: int, total: int) -> None:
        if not ctx.as_json and sys.stderr.isatty() and stage == "layout":
            print(f"\r{stage}: {done}", end="", file=sys.stderr, flush=True)

    date_from = period_bound(args.date_from, end=False, option="--from")
    scope = args.scope
    if scope:  # by phone, division code or unique name, like every command
        from ..lookup import find_org, find_specialist

        if args.report_kind == "specialist":
            scope = find_specialist(ctx.store, scope)["id"]
        else:
            scope = find_org(ctx.store, scope, args.report_kind)["id"]
    date_to = period_bound(args.date_to, end=True, option="--to")
    try:
        result = generate_report(
            ctx.store,
            args.report_kind,
            scope,
            date_from,
            date_to,
            Path(args.out),
            xlsx=Path(args.xlsx) if args.xlsx else None,
            font=args.font,
            progress=progress,
            states=count_states(args.count),
        )
    finally:
        if not ctx.as_json and sys.stderr.isatty():
            print(file=sys.stderr)
    for w in result.warnings:
        print(i18n.t("report.cli.warning", message=w), file=sys.stderr)
    data = {
        "path": str(result.path),
        "pages": result.pages,
        "font": result.font_name,
        "embedded": result.embedded,
        "xlsx": str(result.xlsx) if result.xlsx else None,
        "warnings": result.warnings,
        "seconds": round(result.seconds, 3),
        "basis": result.basis,
    }

    def text() -> str:
        lines = [
            i18n.t(
                "report.cli.done",
                path=result.path,
                pages=result.pages,
                font=result.font_name,
                embedded=i18n.t(
                    "report.cli.embedded" if result.embedded else "report.cli.not_embedded"
                ),
            )
        ]
        if result.basis:
            lines.append(result.basis)
        if result.xlsx:
            lines.append(i18n.t("report.cli.xlsx", path=result.xlsx))
        return "\n".join(lines)

    ctx.emit(data, text)
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser("report", parents=[common], help="PDF reports and Excel exports")
    kinds = report.add_subparsers(dest="report_kind", required=True)
    helps = {
        "specialist": ("specialist work log (特派员工作台账)", "specialist: phone or unique name"),
        "township": (
            "township station summary (乡镇服务站汇总表)",
            "township: division code or unique name",
        ),
        "county": (
            "county report (县级科技特派员工作报告)",
            "county: division code or unique name; omit for the whole city",
        ),
    }
    for kind, (help_text, scope_help) in helps.items():
        p = kinds.add_parser(kind, parents=[common], help=help_text)
        p.add_argument("--scope", required=kind != "county", help=scope_help)
        p.add_argument(
            "--from",
            dest="date_from",
            required=True,
            help="first day: YYYY-MM-DD, or the start of YYYY, YYYY-MM or YYYYQn",
        )
        p.add_argument(
            "--to",
            dest="date_to",
            required=True,
            help="last day: YYYY-MM-DD, or the end of YYYY, YYYY-MM or YYYYQn",
        )
        p.add_argument("--out", required=True, help="PDF file to write")
        p.add_argument("--xlsx", help="also write the tables to this .xlsx file")
        p.add_argument(
            "--font", help="TrueType font file (.ttf/.ttc; 'file.ttc#1' picks a subfont)"
        )
        p.add_argument(
            "--count",
            metavar="STATES",
            help="review states the figures count: submitted,approved (default), or all",
        )
        p.set_defaults(func=cmd_report)
    from ..management.cli import register_report_kinds  # assessment, timeliness (issue 13)

    register_report_kinds(kinds, common)
