"""Store benchmarks: city demo build, core-API insert vs raw executemany, dump, size.

    .venv/bin/python bench/store.py [--records 100000] [--db CITY.sqlite3] [--repeat 3]

Prints figures; asserts nothing.  The baseline (raw sqlite3 ``executemany`` of
the same rows into a plain table, one transaction) is measured in the same run, and
so is this schema's floor (the same rows and version rows with every index and the
search trigger, no Python) and what that floor is made of: the version rows, each
lookup index and the trigger on their own, and all of them built at the end.
Each measured insert runs in a forked child (Linux), which reports its wall and CPU
seconds and the resident memory it added at its peak; the insert steps run in turn for
``--repeat`` rounds and each keeps its run with the least CPU (the machine's other load
falls on all of them alike).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import functools
import gc
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.demo import generate_demo
from zjk_desktop.domain.entities import VISIT
from zjk_desktop.store import Change, Store, search_text
from zjk_desktop.store.db import StoreRefs


@dataclass
class Measured:
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0  # resident memory the measured block added at its peak


_CURRENT = Measured()


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


@contextlib.contextmanager
def measured() -> Iterator[None]:
    """Time the block (wall and CPU seconds) and the resident memory it adds at its peak
    (Linux: the high-water mark is reset at its start through ``/proc/self/clear_refs``)."""
    # Memory freed earlier (in this child or the parent it was forked from) goes back to
    # the system first, so the block's own allocations show as growth.
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    start = _status_kib("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    yield
    _CURRENT.wall, _CURRENT.cpu = time.perf_counter() - t0, time.process_time() - c0
    _CURRENT.peak_mb = (_status_kib("VmHWM") - start) / 1024


def in_child(func: Callable[[], None]) -> Measured:
    """Run ``func`` in a forked child (nothing it does stays in this process) and return
    what its ``measured`` block measured."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            func()
            os.write(write, json.dumps([_CURRENT.wall, _CURRENT.cpu, _CURRENT.peak_mb]).encode())
        except BaseException:  # noqa: BLE001 - shown, and the parent stops
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    if status or not text:
        raise SystemExit("a measured step failed (see above)")
    wall, cpu, peak = json.loads(text)
    return Measured(wall, cpu, peak)


class Interleaved:
    """Steps measured in rounds, each step once a round in turn (the machine's load falls on
    all of them alike); each keeps its run with the least CPU."""

    def __init__(self) -> None:
        self.steps: list[tuple[Callable[[], None], Measured]] = []

    def add(self, func: Callable[[], None]) -> Measured:
        m = Measured(float("inf"), float("inf"), 0.0)
        self.steps.append((func, m))
        return m

    def run(self, rounds: int) -> None:
        for _ in range(rounds):
            for func, m in self.steps:
                got = in_child(func)
                if got.cpu < m.cpu:
                    m.wall, m.cpu, m.peak_mb = got.wall, got.cpu, got.peak_mb


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", help="an existing city demo database (copied, not changed)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds of the insert steps (least CPU kept)"
    )
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

    def core(name: str, bulk: bool) -> None:
        """The N visits through ``Store.write`` in batches of 5,000 (each its own
        transaction, as the desktop's writes go; or all of them in one ``bulk_load``)."""
        for old in tmp.glob(name + "*"):
            old.unlink()
        target = Store.open(tmp / name)
        refs = StoreRefs(target)
        target.apply_versions(roster)  # the roster rows the visits refer to (not timed)
        with (
            measured(),
            target.bulk_load({"visit": len(changes)}) if bulk else contextlib.nullcontext(),
        ):
            for i in range(0, len(changes), 5000):
                target.write(changes[i : i + 5000], refs=refs)
        target.close()

    in_child(lambda: core("bulk.sqlite3", bulk=True))  # the rows the floors below insert
    runs = Interleaved()
    c_core = runs.add(lambda: core("insert.sqlite3", bulk=False))
    c_bulk = runs.add(lambda: core("bulk.sqlite3", bulk=True))
    done = sqlite3.connect(tmp / "bulk.sqlite3")
    rows = done.execute(f"SELECT id, {', '.join(VISIT.field_names())} FROM visit").fetchall()

    def raw(
        name: str,
        ddl: list[str],
        tables: list[tuple[str, list[Any]]],
        after: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """``executemany`` of ``tables``' rows into a new file made by ``ddl``, one transaction
        (measured with its commit); ``after``: more work inside it (index builds)."""
        for old in tmp.glob(name + "*"):
            old.unlink()
        conn = sqlite3.connect(tmp / name)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -32768")  # the store's page cache (Store.open)
        for sql in ddl:
            conn.execute(sql)
        with measured(), conn:
            for table, data in tables:
                marks = ",".join("?" * len(data[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", data)
            if after is not None:
                after(conn)
        conn.close()

    cols = ["id", *VISIT.field_names()]
    c_raw = runs.add(
        lambda: raw(
            "raw.sqlite3",
            [f"CREATE TABLE visit ({', '.join(cols)}, PRIMARY KEY(id))"],
            [("visit", rows)],
        )
    )
    # The floor of this schema: the same rows and their version rows, every column, index
    # and search-table trigger, straight from the finished database through executemany
    # (no Python at all); then what it is made of, each part on its own beside the rest.
    found = done.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('visit', 'versions',"
        " 'visit_search') AND sql IS NOT NULL ORDER BY type = 'index', type = 'trigger', name"
    ).fetchall()
    tables_ddl = [sql for kind, _name, sql in found if kind == "table"]
    version_indexes = [sql for kind, name, sql in found if kind == "index" and "versions" in name]
    visit_indexes = {name: sql for kind, name, sql in found if kind == "index" and "visit" in name}
    triggers = [sql for kind, _name, sql in found if kind == "trigger"]
    schema = tables_ddl + version_indexes + list(visit_indexes.values()) + triggers
    full_rows = done.execute("SELECT * FROM visit").fetchall()
    version_rows = done.execute("SELECT * FROM versions WHERE entity = 'visit'").fetchall()
    done.close()
    both = [("visit", full_rows), ("versions", version_rows)]
    c_floor = runs.add(lambda: raw("floor.sqlite3", schema, both))

    def built_after(conn: sqlite3.Connection) -> None:
        search_text.rebuild(conn, "visit")
        for sql in visit_indexes.values():
            conn.execute(sql)

    # As ``bulk_load`` does it: the lookup indexes built and the search table filled at the end.
    c_floor_bulk = runs.add(
        lambda: raw("floor-bulk.sqlite3", tables_ddl + version_indexes, both, built_after)
    )
    # (what, measured, the measure it adds to)
    c_rows = runs.add(lambda: raw("rows.sqlite3", tables_ddl, [("visit", full_rows)]))
    c_rows_versions = runs.add(lambda: raw("rv.sqlite3", tables_ddl + version_indexes, both))
    parts = [
        ("visit rows, all their columns (primary key only)", c_rows, c_raw),
        ("+ their version rows (with the log's two indexes)", c_rows_versions, c_rows),
    ]
    for name, sql in visit_indexes.items():
        one = tables_ddl + version_indexes + [sql]
        parts.append(
            (
                f"+ {name} alone",
                runs.add(functools.partial(raw, "one.sqlite3", one, both)),
                c_rows_versions,
            )
        )
    with_trigger = tables_ddl + version_indexes + triggers
    parts.append(
        (
            "+ the search-table trigger alone",
            runs.add(lambda: raw("trigger.sqlite3", with_trigger, both)),
            c_rows_versions,
        )
    )
    n = len(rows)
    runs.run(args.repeat)

    def line(what: str, m: Measured, aim: str = "") -> None:
        ratio = (
            f" = {m.wall / c_raw.wall:.1f}x / {m.cpu / c_raw.cpu:.1f}x" if m is not c_raw else ""
        )
        print(
            f"  {what}: {m.wall:.2f} / {m.cpu:.2f} s ({n / m.wall:,.0f}/s){ratio},"
            f" peak +{m.peak_mb:.0f} MB{aim}"
        )

    print(f"insert {n:,} visits (wall / CPU seconds, ratios to the baseline, peak memory added):")
    line("raw executemany into a plain table (baseline)", c_raw)
    line("this schema's floor (rows + version rows + indexes + search rows, executemany)", c_floor)
    line("the same, indexes built and search rows filled at the end (as bulk_load)", c_floor_bulk)
    line("core API, batches of 5,000 each committed", c_core)
    line("core API, one bulk_load (indexes built at the end)", c_bulk, " (aim: CPU ≤ 3x)")
    print(
        "what the floor is made of (plain executemany, each part beside the one before it;"
        " CPU seconds, share of the baseline):"
    )
    base_cpu = c_raw.cpu
    for what, m, before in parts:
        print(
            f"  {what}: {m.cpu:.2f} s CPU ({m.cpu / base_cpu:.1f}x);"
            f" adds {m.cpu - before.cpu:+.2f} s = {(m.cpu - before.cpu) / base_cpu:+.2f}x"
        )
    print(
        f"  the {len(visit_indexes)} lookup indexes and the trigger, built/filled at the end"
        f" instead: adds {c_floor_bulk.cpu - c_rows_versions.cpu:+.2f} s ="
        f" {(c_floor_bulk.cpu - c_rows_versions.cpu) / base_cpu:+.2f}x"
    )
    print(
        f"  the core API above that floor (bulk_load): {c_bulk.cpu - c_floor_bulk.cpu:+.2f} s ="
        f" {(c_bulk.cpu - c_floor_bulk.cpu) / base_cpu:+.2f}x,"
        f" {(c_bulk.cpu - c_floor_bulk.cpu) / n * 1e6:.0f} µs a record (Python: checks, versions,"
        " merge)"
    )
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
