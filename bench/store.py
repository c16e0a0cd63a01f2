"""Store benchmarks: city demo build, core-API insert vs raw executemany, dump, size.

    .venv/bin/python bench/store.py [--records 100000]

Prints figures; asserts nothing.  The baseline (raw sqlite3 ``executemany`` of
the same rows into a plain table, one transaction) is measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

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
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zjk-bench-"))

    # 1. The city demo through the core API.
    city = tmp / "city.sqlite3"
    store = Store.open(city)
    t0 = time.perf_counter()
    summary = generate_demo(store, "city", 1)
    t_city = time.perf_counter() - t0
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    records = sum(summary[k] for k in ("visit", "extension", "training"))
    size = file_size(city)
    print(
        f"city demo: {records:,} records + {summary['villages']:,} villages, "
        f"{summary['specialists']} specialists built in {t_city:.1f} s"
    )
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
    fresh = tmp / "insert.sqlite3"
    target = Store.open(fresh)
    refs = StoreRefs(target)
    # roster rows the visits refer to, through the core as well (not timed)
    target.apply_versions(
        list(store.iter_versions(entities=("org_unit", "specialist", "assignment")))
    )
    t0 = time.perf_counter()
    for i in range(0, len(changes), 5000):
        target.write(changes[i : i + 5000], refs=refs)
    t_core = time.perf_counter() - t0
    rows = target.conn.execute(f"SELECT id, {', '.join(VISIT.field_names())} FROM visit").fetchall()
    target.close()

    raw_path = tmp / "raw.sqlite3"
    conn = sqlite3.connect(raw_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    cols = ["id", *VISIT.field_names()]
    conn.execute(f"CREATE TABLE visit ({', '.join(cols)}, PRIMARY KEY(id))")
    marks = ",".join("?" * len(cols))
    t0 = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO visit VALUES ({marks})", rows)
    t_raw = time.perf_counter() - t0
    conn.close()
    n = len(rows)
    print(
        f"insert {n:,} visits: core API {t_core:.2f} s ({n / t_core:,.0f}/s) | "
        f"raw executemany {t_raw:.2f} s ({n / t_raw:,.0f}/s) | ratio {t_core / t_raw:.1f}x"
    )
    store.close()
    for p in tmp.iterdir():
        os.remove(p)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
