"""Writing the management reports (assessment, timeliness) through the shared PDF and Excel writers."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from .. import i18n
from ..store import Store
from . import ReportError, ReportResult, _preparer, _temp_for, _write_error, stats
from .fonts import FontError, resolve_font
from .model import Report


def write_report(
    store: Store,
    report: Report,
    out_pdf: Path | str,
    xlsx: Path | str | None = None,
    font: str | None = None,
) -> ReportResult:
    """Typeset ``report`` to ``out_pdf`` (and ``xlsx``), written whole or not at all."""
    import time

    from .excel import write_xlsx
    from .pdf import write_pdf

    started = time.perf_counter()
    out_pdf = Path(out_pdf)
    xlsx_path = Path(xlsx) if xlsx else None
    try:
        choice = resolve_font(font)
    except FontError as exc:
        raise ReportError(str(exc)) from None
    now = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    last = stats.last_import(store)
    last_text = last[:16].replace("T", " ") if last else i18n.t("report.no_import")
    footer = i18n.t("report.footer", now=now, last=last_text, who=_preparer(store))
    targets = [out_pdf, *([xlsx_path] if xlsx_path else [])]
    temps: list[Path] = []
    try:
        for path in targets:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temps.append(_temp_for(path))
            except OSError as exc:
                raise _write_error(path, exc) from None
        try:
            pages = write_pdf(
                report,
                str(temps[0]),
                choice.name,
                footer,
                lambda n, total: i18n.t("report.page", n=n, total=total),
            )
            if xlsx_path:
                write_xlsx(report, temps[1])
        except OSError as exc:
            raise _write_error(out_pdf, exc) from None
        for tmp, final in reversed(list(zip(temps, targets, strict=True))):
            try:
                os.replace(tmp, final)
            except OSError as exc:
                raise _write_error(final, exc) from None
    finally:
        for tmp in temps:
            if tmp.exists():
                tmp.unlink()
    return ReportResult(
        out_pdf,
        pages,
        [choice.warning] if choice.warning else [],
        choice.name,
        choice.embedded,
        xlsx_path,
        time.perf_counter() - started,
    )
