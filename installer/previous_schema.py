"""A database as the previous release left it: for upgrade tests of the program and of the build.

``make_previous_version_db(path)`` creates a database with the migrations up to
``LATEST - 1`` (the schema the previous release shipped) and fills it with a small
roster and one record of each kind, written the way that schema allowed: the rows
are produced by the core write path in a scratch database, then copied into the old
file column by column, keeping only the tables and columns the old schema has.

Used by ``tests/test_upgrade_keeps_data.py`` and by ``installer/build.py`` (which
opens such a file with the *frozen* ``zjk`` to prove an installed upgrade keeps data).

    python installer/previous_schema.py OUT.sqlite3 [--version N]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from zjk_desktop.store import (  # noqa: E402  (after the sys.path line above)
    Store,
    migrations,
)

# Values a user typed in the previous release (Chinese, markup-like and
# quote characters included: an upgrade must keep them byte for byte).
RECORDS: dict[str, dict[str, Any]] = {
    "visit": {
        "date": "2026-04-12",
        "industry": "potato",
        "service_type": "diagnosis",
        "content": '马铃薯晚疫病田间诊断 <b>&</b> "防治"',
        "problems": "叶片出现水渍状病斑",
        "measures": "喷施烯酰吗啉，间隔7天",
        "households_served": 12,
        "people_served": 30,
        "review_state": "approved",
    },
    "extension": {
        "date": "2026-05-03",
        "industry": "millet",
        "ext_type": "variety",
        "name": "张杂谷13号",
        "demo_area_mu": 120.5,
        "promoted_area_mu": 860.0,
        "households_adopting": 46,
        "review_state": "submitted",
    },
    "training": {
        "date": "2026-06-18",
        "industry": "fungi",
        "mode": "livestream",
        "topic": "网络大讲堂：食用菌棚室管理",
        "hours": 2.0,
        "attendees": 35,
        "online_viewers": 1280,
        "poor_households": 9,
        "review_state": "draft",
    },
}


def _fill(store: Store) -> dict[str, str]:
    """Roster + one record of each kind through the core write path; returns kind -> id."""
    ids: dict[str, str] = {}
    ids["county"] = store.create(
        "org_unit", {"code": "130732", "name": "赤城县", "level": "county"}
    ).record_id
    ids["township"] = store.create(
        "org_unit",
        {"code": "130732100", "name": "赤城镇", "level": "township", "parent_id": ids["county"]},
    ).record_id
    ids["village"] = store.create(
        "org_unit",
        {
            "code": "130732100201",
            "name": "东关村",
            "level": "village",
            "parent_id": ids["township"],
            "is_poor": True,
            "exit_year": 2019,
            "households": 310,
            "population": 905,
        },
    ).record_id
    ids["specialist"] = store.create(
        "specialist",
        {
            "name": "王建华",
            "phone": "13800000000",
            "employer": "河北北方学院",
            "title": "副教授",
            "industries": ["potato", "millet"],
            "org_id": ids["township"],
        },
    ).record_id
    ids["assignment"] = store.create(
        "assignment",
        {
            "specialist_id": ids["specialist"],
            "village_id": ids["village"],
            "start_date": "2026-01-01",
        },
    ).record_id
    for kind, values in RECORDS.items():
        full = {**values, "specialist_id": ids["specialist"], "village_id": ids["village"]}
        ids[kind] = store.create(kind, full).record_id
    # An edit, so the old file holds a history longer than one version per record.
    store.update("visit", ids["visit"], {"people_served": 31})
    return ids


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def make_previous_version_db(path: str | Path, version: int | None = None) -> dict[str, Any]:
    """Write the old-schema database at ``path`` (must not exist); returns what it holds."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    version = migrations.LATEST - 1 if version is None else version
    if not 1 <= version < migrations.LATEST:
        raise ValueError(f"no previous schema version {version} (latest is {migrations.LATEST})")

    scratch_path = path.with_name(path.stem + ".scratch" + path.suffix)
    scratch = Store.open(scratch_path)
    try:
        ids = _fill(scratch)
        expected = {kind: scratch.get(kind, ids[kind]) for kind in RECORDS}
        node_id = scratch.node_id
        scratch.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        scratch.close()

    old = sqlite_utils.Database(path)
    try:
        old.conn.execute("PRAGMA journal_mode = WAL")
        migrations.migrate(old, path, up_to=version)
        src = sqlite3.connect(scratch_path)
        try:
            with old.conn:
                for table in old.table_names():
                    if table not in {r[0] for r in src.execute("SELECT name FROM sqlite_master")}:
                        continue
                    cols = [c for c in _columns(old.conn, table) if c in set(_columns(src, table))]
                    col_sql = ", ".join(f'"{c}"' for c in cols)
                    rows = src.execute(f'SELECT {col_sql} FROM "{table}"').fetchall()
                    old.conn.executemany(
                        f'INSERT OR REPLACE INTO "{table}" ({col_sql}) VALUES ({", ".join("?" * len(cols))})',
                        rows,
                    )
        finally:
            src.close()
        old.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {
            t: old[t].count
            for t in ("versions", "org_unit", "specialist", "visit", "extension", "training")
        }
    finally:
        old.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(scratch_path) + suffix).unlink(missing_ok=True)
    return {
        "path": str(path),
        "version": version,
        "node_id": node_id,
        "ids": ids,
        "records": expected,
        "counts": counts,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--version", type=int, help="schema version (default: latest - 1)")
    args = parser.parse_args(argv)
    info = make_previous_version_db(args.out, args.version)
    print(json.dumps(info, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
