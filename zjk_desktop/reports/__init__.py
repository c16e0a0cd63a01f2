"""Printable PDF reports and Excel exports (Qt-free).

The GUI and the CLI call one function::

    from zjk_desktop.reports import generate_report, ReportResult, REPORT_KINDS
    result = generate_report(store, "township", township_id, date(2026, 1, 1),
                             date(2026, 6, 30), Path("out.pdf"), xlsx=Path("out.xlsx"),
                             font=settings_font_or_None, progress=cb, should_cancel=cb)

``kind`` is one of ``REPORT_KINDS``: ``"specialist"`` (特派员工作台账; scope id =
specialist id, or a unique name or phone number), ``"township"`` (乡镇服务站汇总表; township org id or division
code) or ``"county"`` (县级科技特派员工作报告; county org id or code, ``None``
for the whole city).  ``progress(stage, done, total)`` is called with stages
``"query"``, ``"layout"`` (done = pages so far, total 0 = unknown) and
``"write"``; ``states`` are the review states the figures count (default
``stats.COUNTED_STATES``: submitted and approved; ``None`` counts every
record) and every report says so under its title and under each total;
``should_cancel()`` returning True stops the job with
``ReportCancelled``.  Bad input raises ``ReportError`` whose text is one line
in the user's language.  The PDF is written to a temporary file next to the
target and renamed at the end, so a failed or cancelled job leaves no
half-written report behind.  ``ReportResult.warnings`` holds messages the user
should see (e.g. the font fallback).

The figures come from ``zjk_desktop.reports.stats`` (shared with the
dashboard).
"""

from __future__ import annotations

import datetime as _dt
import errno
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import UserError
from ..store import Store
from . import stats  # builders and fonts (and reportlab with them) load with the first report

log = logging.getLogger(__name__)

REPORT_KINDS = ("specialist", "township", "county")

i18n.register(
    {
        "report.bad_kind": (
            "未知的报表类型：{kind}（可选 specialist、township、county）",
            "Unknown report kind: {kind} (specialist, township or county)",
        ),
        "report.unknown_specialist": ("未找到特派员：{id}", "No such specialist: {id}"),
        "report.ambiguous_specialist": (
            "有多名特派员叫 {name}，请使用特派员编号",
            "Several specialists are called {name}; use the specialist id",
        ),
        "report.unknown_org": ("未找到单位：{id}", "No such organisation: {id}"),
        "report.not_township": (
            "{name} 不是乡镇，乡镇汇总表需要乡镇代码",
            "{name} is not a township",
        ),
        "report.not_county": ("{name} 不是县区，县级报告需要县区代码", "{name} is not a county"),
        "report.need_scope": ("请指定{what}", "Please give the {what}"),
        "report.what_specialist": ("特派员", "specialist"),
        "report.what_township": ("乡镇", "township"),
        "report.bad_period": (
            "开始日期 {start} 晚于结束日期 {end}",
            "The start date {start} is after the end date {end}",
        ),
        "report.bad_date": ("日期格式应为 年-月-日：{value}", "Dates must be YYYY-MM-DD: {value}"),
        "report.cannot_write": ("无法写入 {path}：{reason}", "Cannot write {path}: {reason}"),
        "report.disk_full": (
            "磁盘已满，报表未保存：{path}",
            "The disk is full; the report was not saved: {path}",
        ),
        "report.cancelled": ("已取消生成报表", "Report cancelled"),
        "report.page": ("第 {n} 页 共 {total} 页", "Page {n} of {total}"),
        "report.footer": (
            "生成时间 {now}　最近导入 {last}　制表 {who}",
            "Generated {now}   last import {last}   prepared by {who}",
        ),
        "report.no_import": ("无", "none"),
        "report.unnamed": ("本机", "this computer"),
    }
)


class ReportError(UserError):
    """Bad input or an unwritable target; the message is one translated line."""


class ReportCancelled(ReportError):
    """The user cancelled the job."""


@dataclass
class ReportResult:
    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)
    font_name: str = ""
    embedded: bool = False
    xlsx: Path | None = None
    seconds: float = 0.0
    basis: str = ""  # which review states the figures count, as printed under the title


Progress = Callable[[str, int, int], None]


def _as_date(value: _dt.date | str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReportError(i18n.t("report.bad_date", value=value)) from None


def resolve_scope(store: Store, kind: str, scope_id: str | None) -> str | None:
    """The row id a report is about (org ids may be given as division codes)."""
    if kind not in REPORT_KINDS:
        raise ReportError(i18n.t("report.bad_kind", kind=kind))
    if kind == "specialist":
        if not scope_id:
            raise ReportError(i18n.t("report.need_scope", what=i18n.t("report.what_specialist")))
        if store.get("specialist", scope_id) is not None:
            return scope_id
        # People type a name or a phone number more readily than an id.
        matches = store.specialists_named(scope_id, limit=2)
        if len(matches) == 1:
            return str(matches[0]["id"])
        if matches:
            raise ReportError(i18n.t("report.ambiguous_specialist", name=scope_id))
        raise ReportError(i18n.t("report.unknown_specialist", id=scope_id))
    if not scope_id:
        if kind == "township":
            raise ReportError(i18n.t("report.need_scope", what=i18n.t("report.what_township")))
        return None
    org = store.get("org_unit", scope_id) or store.find_org_by_code(scope_id)
    if org is None:
        raise ReportError(i18n.t("report.unknown_org", id=scope_id))
    if kind == "township" and org.get("level") != "township":
        raise ReportError(i18n.t("report.not_township", name=org.get("name")))
    if kind == "county":
        if org.get("level") == "city":
            return None
        if org.get("level") != "county":
            raise ReportError(i18n.t("report.not_county", name=org.get("name")))
    org_id: str = org["id"]
    return org_id


def _write_error(path: Path, exc: OSError) -> ReportError:
    if exc.errno == errno.ENOSPC:
        return ReportError(i18n.t("report.disk_full", path=path))
    return ReportError(i18n.t("report.cannot_write", path=path, reason=exc.strerror or exc))


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _preparer(store: Store) -> str:
    """Who prepared the report, as people name them: the organisation and the person."""
    node = store.node_info()
    org = store.get("org_unit", node.org_id) if node.org_id else None
    parts = [str(org["name"]) if org and org.get("name") else "", node.actor]
    return " ".join(p for p in parts if p) or i18n.t("report.unnamed")


def generate_report(
    store: Store,
    kind: str,
    scope_id: str | None,
    date_from: _dt.date | str,
    date_to: _dt.date | str,
    out_pdf: Path | str,
    xlsx: Path | str | None = None,
    font: str | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    states: stats.States = stats.COUNTED_STATES,
) -> ReportResult:
    """Build one report as PDF (and optionally .xlsx). See the module docstring."""
    import time

    from . import builders
    from .excel import write_xlsx
    from .fonts import FontError, resolve_font
    from .pdf import write_pdf

    started = time.perf_counter()
    start, end = _as_date(date_from), _as_date(date_to)
    if start > end:
        raise ReportError(i18n.t("report.bad_period", start=start, end=end))
    target_id = resolve_scope(store, kind, scope_id)
    out_pdf = Path(out_pdf)
    xlsx_path = Path(xlsx) if xlsx else None
    try:
        choice = resolve_font(font)
    except FontError as exc:
        raise ReportError(str(exc)) from None
    warnings = [choice.warning] if choice.warning else []

    def report_progress(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)

    def check() -> None:
        if should_cancel is not None and should_cancel():
            raise ReportCancelled(i18n.t("report.cancelled"))

    report_progress("query", 0, 1)
    build = {
        "specialist": builders.specialist_log,
        "township": builders.township_summary,
        "county": builders.county_report,
    }[kind]
    report = build(store, target_id, start, end, check=check, states=states)  # type: ignore[arg-type]
    report_progress("query", 1, 1)
    check()

    now = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    last = stats.last_import(store)
    last_text = last[:16].replace("T", " ") if last else i18n.t("report.no_import")
    footer = i18n.t("report.footer", now=now, last=last_text, who=_preparer(store))

    def after_page(page: int) -> None:
        report_progress("layout", page, 0)
        check()

    targets = [out_pdf, *([xlsx_path] if xlsx_path else [])]
    temps: list[Path] = []  # one per target, made before anything is written
    try:
        for path in targets:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = _temp_for(path)
                tmp.open("wb").close()
                temps.append(tmp)
            except OSError as exc:
                raise _write_error(path, exc) from None
        try:
            pages = write_pdf(
                report,
                str(temps[0]),
                choice.name,
                footer,
                lambda n, total: i18n.t("report.page", n=n, total=total),
                after_page,
            )
        except OSError as exc:
            raise _write_error(out_pdf, exc) from None
        report_progress("write", 0, 1)
        if xlsx_path:
            check()
            try:
                write_xlsx(report, temps[1], generated=now)
            except OSError as exc:
                raise _write_error(xlsx_path, exc) from None
        for tmp, final in reversed(list(zip(temps, targets, strict=True))):
            try:
                os.replace(tmp, final)  # the .xlsx first: a refused .xlsx leaves the old PDF too
            except OSError as exc:
                raise _write_error(final, exc) from None
        report_progress("write", 1, 1)
    finally:
        for tmp in temps:
            if tmp.exists():
                try:
                    tmp.unlink()
                except OSError as exc:
                    log.warning("could not remove %s: %s", tmp, exc)
    return ReportResult(
        path=out_pdf,
        pages=pages,
        warnings=warnings,
        font_name=choice.name,
        embedded=choice.embedded,
        xlsx=xlsx_path,
        seconds=time.perf_counter() - started,
        basis=report.basis,
    )


__all__ = [
    "REPORT_KINDS",
    "ReportCancelled",
    "ReportError",
    "ReportResult",
    "generate_report",
    "resolve_scope",
    "stats",
]
