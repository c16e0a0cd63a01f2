"""``zjk report specialist|township|county``: the reports from the command line."""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
from pathlib import Path
from typing import Any

from .. import i18n

i18n.register(
    {
        "report.cli.done": ("已生成 {path}（{pages} 页，字体 {font}{embedded}）",
                            "Wrote {path} ({pages} pages, font {font}{embedded})"),
        "report.cli.embedded": ("，已嵌入", ", embedded"),
        "report.cli.not_embedded": ("，未嵌入", ", not embedded"),
        "report.cli.xlsx": ("已导出 {path}", "Wrote {path}"),
        "report.cli.warning": ("提示：{message}", "Warning: {message}"),
    }
)


def period_bound(text: str, end: bool) -> str:
    """A day from ``2026-03-15``, or the first/last day of ``2026``, ``2026-03`` or ``2026Q2``."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})(?:[-/]?[Qq]([1-4])|[-/](\d{1,2}))?", text)
    if not m:
        return text  # a full date (checked, with a translated message, by generate_report)
    year = int(m.group(1))
    if m.group(2):
        first_month = 3 * (int(m.group(2)) - 1) + 1
        months = (first_month, first_month + 2)
    elif m.group(3):
        month = int(m.group(3))
        if not 1 <= month <= 12:
            return text
        months = (month, month)
    else:
        months = (1, 12)
    if not end:
        return _dt.date(year, months[0], 1).isoformat()
    last = months[1]
    following = _dt.date(year + (last == 12), last % 12 + 1, 1)
    return (following - _dt.timedelta(days=1)).isoformat()


def cmd_report(ctx: Any, args: argparse.Namespace) -> int:
    from ..cli import UserError
    from . import ReportError, generate_report

    def progress(stage: str, done: int, total: int) -> None:
        if not ctx.as_json and sys.stderr.isatty() and stage == "layout":
            print(f"\r{stage}: {done}", end="", file=sys.stderr, flush=True)

    try:
        result = generate_report(
            ctx.store,
            args.report_kind,
            args.scope,
            period_bound(args.date_from, end=False),
            period_bound(args.date_to, end=True),
            Path(args.out),
            xlsx=Path(args.xlsx) if args.xlsx else None,
            font=args.font,
            progress=progress,
        )
    except ReportError as exc:
        raise UserError(str(exc)) from None
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
    }

    def text() -> str:
        lines = [
            i18n.t(
                "report.cli.done",
                path=result.path,
                pages=result.pages,
                font=result.font_name,
                embedded=i18n.t("report.cli.embedded" if result.embedded else "report.cli.not_embedded"),
            )
        ]
        if result.xlsx:
            lines.append(i18n.t("report.cli.xlsx", path=result.xlsx))
        return "\n".join(lines)

    ctx.emit(data, text)
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser("report", parents=[common], help="PDF reports and Excel exports")
    kinds = report.add_subparsers(dest="report_kind", required=True)
    helps = {
        "specialist": ("specialist work log (特派员工作台账)", "specialist id, name or phone"),
        "township": ("township station summary (乡镇服务站汇总表)", "township id or division code"),
        "county": ("county report (县级科技特派员工作报告)",
                   "county id or division code; omit for the whole city"),
    }
    for kind, (help_text, scope_help) in helps.items():
        p = kinds.add_parser(kind, parents=[common], help=help_text)
        p.add_argument("--scope", required=kind != "county", help=scope_help)
        p.add_argument("--from", dest="date_from", required=True,
                       help="first day: YYYY-MM-DD, or the start of YYYY, YYYY-MM or YYYYQn")
        p.add_argument("--to", dest="date_to", required=True,
                       help="last day: YYYY-MM-DD, or the end of YYYY, YYYY-MM or YYYYQn")
        p.add_argument("--out", required=True, help="PDF file to write")
        p.add_argument("--xlsx", help="also write the tables to this .xlsx file")
        p.add_argument("--font", help="TrueType font file (.ttf/.ttc; 'file.ttc#1' picks a subfont)")
        p.set_defaults(func=cmd_report)
    from ..management.cli import register_report_kinds  # assessment, timeliness (issue 13)

    register_report_kinds(kinds, common)
