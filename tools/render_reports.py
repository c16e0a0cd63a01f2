"""Render each report's pages to PNG (pdftoppm) for a person to look at.

    .venv/bin/python tools/render_reports.py [--db DB] [--out docs/reports] [--pages 2]

Without ``--db`` a small demo database is generated in a temporary folder.
Writes ``<name>-<page>.png`` per report (the PDFs and .xlsx files too with
``--keep-pdf``), plus a "tricky"
specialist log whose names and notes hold markup, ampersands, emoji and a
5,000-character note.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.reports import generate_report
from zjk_desktop.store import Store


def add_tricky(store: Store) -> str:
    """A specialist with hostile strings in every field a report prints; returns their id."""
    village = store.rows("org_unit", {"level": "village"}, order_by="code", limit=1)[0]
    township = store.get("org_unit", village["parent_id"])
    assert township is not None, "a demo village has a township"
    sid = store.create(
        "specialist",
        {
            "name": "<b>张&李</b>",
            "employer": "A & B <img src=x> 农科院",
            "org_id": township["id"],
            "title": "高级农艺师🌾",
        },
    ).record_id
    store.create(
        "assignment",
        {"specialist_id": sid, "village_id": village["id"], "start_date": "2020-01-01"},
    )
    day = dt.date.today().isoformat()
    store.create(
        "visit",
        {
            "date": day,
            "specialist_id": sid,
            "village_id": village["id"],
            "industry": "potato",
            "service_type": "guidance",
            "content": "<b>加粗?</b> A & B <img src=x> 😀 马铃薯晚疫病防治",
            "notes": ("备注很长" * 1250),
            "households_served": 3,
            "people_served": 7,
            "review_state": "submitted",
        },
    )
    # English in a narrow cell: wrapped at spaces, only the over-long word hyphenated.
    store.create(
        "visit",
        {
            "date": day,
            "specialist_id": sid,
            "village_id": village["id"],
            "industry": "millet",
            "service_type": "demonstration",
            "content": "Drought-resistant varieties of hybrid millet (Zhangzagu 10) on 25 mu；"
            "Supercalifragilisticexpialidocious demonstration",
            "households_served": 1250,
            "people_served": 10486,
            "review_state": "submitted",
        },
    )
    store.create(
        "training",
        {
            "date": day,
            "specialist_id": sid,
            "village_id": village["id"],
            "industry": "fungi",
            "mode": "onsite",
            "topic": "</para><para>食用菌",
            "attendees": 12,
            "review_state": "submitted",
        },
    )
    return sid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db")
    parser.add_argument("--out", default="docs/reports")
    parser.add_argument("--pages", type=int, default=2, help="pages per report to render")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument(
        "--keep-pdf", action="store_true", help="keep the PDF and .xlsx files beside the PNGs"
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="zjk-render-"))
    try:
        if args.db:
            db = tmp / "copy.sqlite3"
            shutil.copy(args.db, db)
        else:
            from zjk_desktop.demo import generate_demo

            db = tmp / "demo.sqlite3"
            with Store.open(db) as s:
                generate_demo(s, scale="small", seed=1)
        store = Store.open(db)
        end = dt.date.today()
        start = end - dt.timedelta(days=364)
        county = store.rows("org_unit", {"level": "county"}, order_by="code", limit=1)[0]
        township = store.rows("org_unit", {"level": "township"}, order_by="code", limit=1)[0]
        busiest = store.conn.execute(
            "SELECT specialist_id FROM visit WHERE deleted = 0 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        jobs = [
            ("specialist", busiest),
            ("township", township["id"]),
            ("county", county["id"]),
            ("city", None),
            ("tricky", add_tricky(store)),
        ]
        for name, scope_id in jobs:
            kind = {"city": "county", "tricky": "specialist"}.get(name, name)
            where = out if args.keep_pdf else tmp
            pdf = where / f"{name}.pdf"
            result = generate_report(
                store, kind, scope_id, start, end, pdf, xlsx=where / f"{name}.xlsx"
            )
            for old in out.glob(f"{name}-*.png"):
                old.unlink()
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(args.dpi),
                    "-f",
                    "1",
                    "-l",
                    str(args.pages),
                    str(pdf),
                    str(out / name),
                ],
                check=True,
            )
            for png in out.glob(f"{name}-0*.png"):  # pdftoppm pads to the page count's digits
                png.rename(png.with_name(f"{name}-{int(png.stem.rsplit('-', 1)[1])}.png"))
            print(
                f"{name}: {result.pages} pages, font {result.font_name}"
                f" (embedded {result.embedded}) {result.seconds:.2f}s {result.warnings}"
            )
        store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
