"""Store benchmarks: city demo build, core-API insert vs raw executemany, dump, size.

    .venv/bin/python bench/store.py [--records 100000] [--db CITY.sqlite3]

Prints figures; asserts nothing.  The baseline (raw sqlite3 ``executemany`` of
the same rows into a plain table, one transaction) is measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.demo import generate_demo
from zjk_desktop.domain.entities import VISIT
from zjk_desktop.store import Change, Store
from zjk_desktop.store.db import StoreRefs


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", help="an existing city demo database (copied, not changed)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zjk-bench-"))

    # 1. The city demo through the core API (or a copy of one already built).
    city = tmp / "city.sqlite3"
    if args.db:
        shutil.copy(args.db, city)
        store = Store.open(city)
        records = sum(len(store.rows(kind)) for kind in ("visit", "extension", "training"))
        print(f"city demo: {records:,} records (a copy of {args.db}, not built here)")
    else:
        store = Store.open(city)
        t0 = time.perf_counter()
        summary = generate_demo(store, "city", 1)
        t_city = time.perf_counter() - t0
        records = sum(summary[k] for k in ("visit", "extension", "training"))
        print(
            f"city demo: {records:,} records + {summary['villages']:,} villages, "
            f"{summary['specialists']} specialists built in {t_city:.1f} s"
        )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = file_size(city)
    print(
        f"city database: {size / 1e6:.1f} MB, {size / records:.0f} bytes per record "
        f"(row + version log)"
    )

    # 2. zjk dump on the city database.
    t0 = time.perf_counter()
    text = store.dump_json()
    t_dump = time.perf_counter() - t0
    print(f"dump: {t_dump:.1f} s, {len(text.encode()) / 1e6:.1f} MB of canonical JSON")

    # 3. N visits through Store.write vs raw executemany of the same rows.
    rng = random.Random(5)
    assignments = store.rows("assignment")
    specialists = {r["id"]: r for r in store.rows("specialist")}
    changes = []
    for i in range(args.records):
        a = rng.choice(assignments)
        changes.append(
            Change(
                "visit",
                "create",
                {
                    "date": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                    "specialist_id": a["specialist_id"],
                    "village_id": a["village_id"],
                    "industry": (specialists[a["specialist_id"]]["industries"] or ["potato"])[0],
                    "service_type": "guidance",
                    "content": f"技术指导 {i}",
                    "problems": "病虫害",
                    "measures": "现场示范",
                    "households_served": rng.randint(1, 30),
                    "people_served": rng.randint(1, 60),
                },
            )
        )
    roster = list(store.iter_versions(entities=("org_unit", "specialist", "assignment")))

    def core(name: str, bulk: bool) -> tuple[float, float, list[Any]]:
        """Wall and CPU seconds of the N visits through ``Store.write`` in batches of 5,000
        (each its own transaction, as the desktop's demo builder writes; or all of them in
        one ``bulk_load``), and the rows written."""
        target = Store.open(tmp / name)
        refs = StoreRefs(target)
        target.apply_versions(roster)  # the roster rows the visits refer to (not timed)
        t0, c0 = time.perf_counter(), time.process_time()
        with target.bulk_load({"visit": len(changes)}) if bulk else contextlib.nullcontext():
            for i in range(0, len(changes), 5000):
                target.write(changes[i : i + 5000], refs=refs)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        rows = target.conn.execute(
            f"SELECT id, {', '.join(VISIT.field_names())} FROM visit"
        ).fetchall()
        target.close()
        return wall, cpu, rows

    t_core, c_core, rows = core("insert.sqlite3", bulk=False)
    t_bulk, c_bulk, _rows = core("bulk.sqlite3", bulk=True)

    def raw(name: str, ddl: list[str], tables: list[tuple[str, list[Any]]]) -> tuple[float, float]:
        conn = sqlite3.connect(tmp / name)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -32768")  # the store's page cache (Store.open)
        for sql in ddl:
            conn.execute(sql)
        t0, c0 = time.perf_counter(), time.process_time()
        with conn:
            for table, data in tables:
                marks = ",".join("?" * len(data[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", data)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        conn.close()
        return wall, cpu

    cols = ["id", *VISIT.field_names()]
    t_raw, c_raw = raw(
        "raw.sqlite3",
        [f"CREATE TABLE visit ({', '.join(cols)}, PRIMARY KEY(id))"],
        [("visit", rows)],
    )
    # The floor of this schema: the same rows and their version rows, every column and index,
    # straight from the finished database through executemany (no Python work at all).
    done = sqlite3.connect(tmp / "bulk.sqlite3")
    schema = [
        sql
        for (sql,) in done.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN ('visit', 'versions') AND sql IS NOT NULL"
            " ORDER BY type = 'index'"
        )
    ]
    full_rows = done.execute("SELECT * FROM visit").fetchall()
    version_rows = done.execute("SELECT * FROM versions WHERE entity = 'visit'").fetchall()
    done.close()
    t_floor, c_floor = raw(
        "floor.sqlite3", schema, [("visit", full_rows), ("versions", version_rows)]
    )
    n = len(rows)
    print(f"insert {n:,} visits (wall s / CPU s):")
    print(f"  raw executemany into a plain table (baseline): {t_raw:.2f} / {c_raw:.2f}")
    print(
        f"  this schema's floor (rows + version rows + every index, executemany):"
        f" {t_floor:.2f} / {c_floor:.2f} = {t_floor / t_raw:.1f}x / {c_floor / c_raw:.1f}x"
    )
    print(
        f"  core API, batches of 5,000 each committed: {t_core:.2f} / {c_core:.2f}"
        f" ({n / t_core:,.0f}/s) = {t_core / t_raw:.1f}x / {c_core / c_raw:.1f}x"
    )
    print(
        f"  core API, one bulk_load (indexes built at the end): {t_bulk:.2f} / {c_bulk:.2f}"
        f" ({n / t_bulk:,.0f}/s) = {t_bulk / t_raw:.1f}x / {c_bulk / c_raw:.1f}x (aim ≤ 3x)"
    )
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
