"""Report generation on the city demo, beside a plain reportlab baseline.

    .venv/bin/python bench/reports.py [--db CITY.sqlite3] [--keep DIR]
    .venv/bin/python bench/reports.py --province PROVINCE.sqlite3 [--keep DIR]

Without ``--db`` a city-scale demo is generated first (about half a minute).
``--province`` measures only the whole-database report on a province demo
(``zjk demo --scale province``, 2.7 GB, used in place: a report writes nothing to it), CPU
seconds and peak memory beside the same plain reportlab baseline.
The county report's figures from one grouped pass per record kind are timed beside the
same figures asked one by one of ``stats`` (same run, CPU seconds).
For each report: seconds split into queries and layout, pages, table rows,
and a plain reportlab document (one ``Table`` per table, repeated header,
same font, same number of rows, plain strings) built in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zjk_desktop import i18n
from zjk_desktop.reports import builders, generate_report
from zjk_desktop.reports.fonts import resolve_font
from zjk_desktop.reports.model import TableBlock
from zjk_desktop.reports.pdf import format_value
from zjk_desktop.store import Store


def baseline(report, font: str, path: Path) -> tuple[float, int, int]:
    """A plain reportlab document with the same tables (seconds, pages, rows)."""
    started = time.perf_counter()
    size = landscape(A4) if report.orientation == "landscape" else A4
    doc = SimpleDocTemplate(str(path), pagesize=size)
    style = ParagraphStyle("b", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    story: list = [Paragraph(report.title, style)]
    rows_total = 0
    for block in report.blocks:
        if not isinstance(block, TableBlock) or not block.in_pdf:
            continue
        cols = [c for c in block.columns if c.in_pdf]
        data: list[list[str | Paragraph]] = [
            [Paragraph(c.label.replace("\n", "<br/>"), style) for c in cols]
        ]
        for row in block.rows + ([block.total] if block.total else []):
            # Numbers as strings, text as wrapped Paragraphs: what any reportlab table needs.
            data.append(
                [
                    format_value(row.get(c.key), c.kind)
                    if c.kind != "text"
                    else Paragraph(
                        escape(format_value(row.get(c.key), c.kind)).replace("\n", "<br/>"), style
                    )
                    for c in cols
                ]
            )
        rows_total += len(data) - 1
        width = doc.width
        weights = sum(c.width for c in cols)
        table = Table(data, colWidths=[width * c.width / weights for c in cols], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ]
            )
        )
        story += [table, Spacer(1, 8)]
    pages = []
    doc.build(
        story, onLaterPages=lambda c, d: pages.append(1), onFirstPage=lambda c, d: pages.append(1)
    )
    return time.perf_counter() - started, len(pages), rows_total


def measure(
    store: Store, name: str, kind: str, scope_id, start: str, end: str, out: Path, font: str
) -> None:
    from zjk_desktop.reports.excel import write_xlsx
    from zjk_desktop.reports.pdf import write_pdf

    result = generate_report(
        store, kind, scope_id, start, end, out / f"{name}.pdf", xlsx=out / f"{name}.xlsx"
    )
    build = {
        "specialist": builders.specialist_log,
        "township": builders.township_summary,
        "county": builders.county_report,
    }[kind]
    t0 = time.perf_counter()
    report = build(store, scope_id, start, end)
    t_query = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_pdf(report, str(out / f"{name}-again.pdf"), font, "footer", lambda n, t: f"{n}/{t}")
    t_pdf = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_xlsx(report, out / f"{name}-again.xlsx")
    t_xlsx = time.perf_counter() - t0
    base_s, base_pages, rows = baseline(report, font, out / f"{name}-baseline.pdf")
    print(
        f"{name:<27} end-to-end {result.seconds:5.2f} s = queries {t_query:5.2f} + pdf {t_pdf:5.2f}"
        f" + xlsx {t_xlsx:4.2f} | {result.pages:3d} pages {rows:5d} rows | plain reportlab"
        f" {base_s:5.2f} s {base_pages:3d} pages | pdf/plain {t_pdf / base_s:4.2f}"
    )


def line_breaking_cost(font: str) -> None:
    """Chinese line breaking (CJKParagraph) beside reportlab's own CJK wrap, same cells, same run."""
    from zjk_desktop.reports.pdf import CJKParagraph

    style = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    texts = [
        f"[技术指导] 马铃薯晚疫病防治，带动{i}户；Drought-resistant varieties（示范{i * 3}亩）。"
        * (1 + i % 3)
        for i in range(3000)
    ]
    timings = {}
    for name, cls in (("reportlab CJK wrap", Paragraph), ("CJKParagraph", CJKParagraph)):
        t0 = time.perf_counter()
        for text in texts:
            cls(escape(text), style).wrap(120, 1e6)
        timings[name] = time.perf_counter() - t0
    ours, stock = timings["CJKParagraph"], timings["reportlab CJK wrap"]
    print(
        f"{'line breaking, 3,000 cells':<27} CJKParagraph {ours:5.2f} s | reportlab CJK wrap {stock:5.2f} s"
        f" | ours/stock {ours / stock:4.2f}"
    )


def figures_cost(store: Store, scope_id, start: str, end: str) -> str:
    """The county report's figures from one grouped pass per record kind (reports/grouped.py)
    beside the same figures asked one by one of ``stats`` (the report's path before), same
    run: CPU seconds of each."""
    import resource

    from zjk_desktop.reports import stats
    from zjk_desktop.reports.grouped import report_figures
    from zjk_desktop.scope import Scope

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    scope = Scope("all") if scope_id is None else Scope("county", org_id=scope_id)
    c0 = cpu()
    report_figures(store, scope, start, end)
    grouped = cpu() - c0
    c0 = cpu()
    stats.coverage(store, scope, start, end)
    stats.period_totals(store, scope, start, end)
    stats.excluded_counts(store, scope, start, end)
    stats.per_township(store, scope, start, end)
    stats.per_industry(store, scope, start, end)
    stats.monthly_trend(store, scope, start, end)
    stats.unserved_villages(store, scope, start, end, poor_only=True)
    stats.excluded_per_township(store, scope, start, end)
    one_by_one = cpu() - c0
    return (
        f"figures: one grouped pass per kind {grouped:5.2f} s CPU | the same asked one by one"
        f" {one_by_one:5.2f} s CPU | grouped/one-by-one {grouped / one_by_one:4.2f}"
    )


def province(db: Path, out: Path, font: str) -> None:
    """The whole-database report on a province demo beside a plain reportlab document of the
    same tables, same run: wall and CPU seconds, and peak memory of each part."""
    import resource

    from zjk_desktop.reports.excel import write_xlsx
    from zjk_desktop.reports.pdf import write_pdf

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def peak_mib() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    store = Store.open(db)
    start, end = "2000-01-01", "2100-12-31"
    timings = {}
    for part in ("queries", "pdf", "xlsx"):
        t0, c0 = time.perf_counter(), cpu()
        if part == "queries":
            report = builders.county_report(store, None, start, end)
        elif part == "pdf":
            pages = write_pdf(
                report, str(out / "province.pdf"), font, "footer", lambda n, t: f"{n}/{t}"
            )
        else:
            write_xlsx(report, out / "province.xlsx")
        timings[part] = (time.perf_counter() - t0, cpu() - c0, peak_mib())
    store.close()
    rows = sum(len(b.rows) for b in report.blocks if isinstance(b, TableBlock) and b.in_pdf)
    t0, c0 = time.perf_counter(), cpu()
    base_s, base_pages, _ = baseline(report, font, out / "province-baseline.pdf")
    base_cpu = cpu() - c0
    wall = sum(t[0] for t in timings.values())
    cpu_s = sum(t[1] for t in timings.values())
    print(
        f"{'whole-province report':<27} {wall:6.1f} s ({cpu_s:5.1f} s CPU) = "
        + " + ".join(
            f"{k} {v[0]:5.1f} s ({v[1]:4.1f} CPU, peak {v[2]} MiB)" for k, v in timings.items()
        )
        + f" | {pages} pages {rows:,} rows | plain reportlab {base_s:5.1f} s ({base_cpu:4.1f} CPU)"
        f" {base_pages} pages | pdf/plain {timings['pdf'][1] / base_cpu:4.2f} (CPU)"
    )
    store = Store.open(db)
    print(f"{'whole-province':<27} {figures_cost(store, None, start, end)}")
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a city demo database (copied, never changed)")
    parser.add_argument("--province", help="a province demo database (read, never changed)")
    parser.add_argument("--keep", help="write the PDFs here instead of a temporary folder")
    args = parser.parse_args()
    i18n.set_language("zh_CN")
    if args.province:
        out = Path(args.keep or tempfile.mkdtemp(prefix="zjk-bench-province-"))
        out.mkdir(parents=True, exist_ok=True)
        try:
            province(Path(args.province), out, resolve_font().name)
        finally:
            if not args.keep:
                shutil.rmtree(out, ignore_errors=True)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="zjk-bench-reports-"))
    try:
        db = tmp / "city.sqlite3"
        if args.db:
            shutil.copy(args.db, db)
        else:
            from zjk_desktop.demo import generate_demo

            t0 = time.perf_counter()
            with Store.open(db) as s:
                generate_demo(s, scale="city", seed=1)
            print(f"city demo generated in {time.perf_counter() - t0:.1f} s")
        out = Path(args.keep) if args.keep else tmp / "out"
        out.mkdir(parents=True, exist_ok=True)
        store = Store.open(db)
        counts = {
            k: store.count(k) for k in ("visit", "extension", "training", "org_unit", "specialist")
        }
        print("data:", counts)
        start, end = store.conn.execute(
            "SELECT min(date), max(date) FROM visit WHERE deleted = 0"
        ).fetchone()
        font = resolve_font().name
        county = store.conn.execute(
            "SELECT t.parent_id FROM org_unit t JOIN org_unit v ON v.parent_id = t.id"
            " WHERE v.level = 'village' GROUP BY t.parent_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        township = store.conn.execute(
            "SELECT parent_id FROM org_unit WHERE level = 'village' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        busiest = store.conn.execute(
            "SELECT specialist_id FROM visit GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        print(f"period {start}..{end}")
        measure(store, "county report, whole city", "county", None, start, end, out, font)
        measure(store, "county report, one county", "county", county, start, end, out, font)
        measure(store, "township summary", "township", township, start, end, out, font)
        measure(store, "specialist log, full year", "specialist", busiest, start, end, out, font)
        print(f"{'whole city':<27} {figures_cost(store, None, start, end)}")
        print(f"{'one county':<27} {figures_cost(store, county, start, end)}")
        from zjk_desktop.reports import stats
        from zjk_desktop.scope import Scope

        for label, scope in (
            ("city", Scope("all")),
            ("county", Scope("county", org_id=county)),
            ("township", Scope("township", org_id=township)),
            ("specialist", Scope("specialist", specialist_id=busiest)),
        ):
            t0 = time.perf_counter()
            board = stats.dashboard(store, scope, end)
            print(
                f"{'dashboard, ' + label:<27} {time.perf_counter() - t0:5.2f} s"
                f"  ({board['villages']} villages, {len(board['gap_villages'][30])} without service 30 days)"
            )
        # A long table: the same layout code on a synthetic 5,000-row log.
        from zjk_desktop.reports.model import Column, Report

        rows = [
            {
                "no": i,
                "date": "2026-05-01",
                "text": "马铃薯晚疫病防治技术指导" * (1 + i % 4),
                "n": i,
            }
            for i in range(5000)
        ]
        cols = [
            Column("序号", "no", "int", 0.5),
            Column("日期", "date", "date", 1.0),
            Column("内容", "text", "text", 5.0),
            Column("人数", "n", "int", 0.8),
        ]
        report = Report("x", "5000 行", "", "portrait", [TableBlock("表", "表", cols, rows)])
        from zjk_desktop.reports.pdf import write_pdf

        t0 = time.perf_counter()
        pages = write_pdf(report, str(out / "long.pdf"), font, "", lambda n, t: f"{n}/{t}")
        ours = time.perf_counter() - t0
        base_s, base_pages, _ = baseline(report, font, out / "long-baseline.pdf")
        print(
            f"{'5,000-row table':<27} pdf {ours:5.2f} s {pages:4d} pages | plain reportlab (one Table)"
            f" {base_s:5.2f} s {base_pages:4d} pages | pdf/plain {ours / base_s:4.2f}"
        )
        line_breaking_cost(font)
        store.close()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
