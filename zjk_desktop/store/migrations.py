"""Numbered schema migrations.

``PRAGMA user_version`` holds the number of the last migration applied.  Each
migration runs in its own transaction; before the first one runs on an
existing database, a backup copy is taken with SQLite's online backup API.
Never edit a migration that has shipped: add the next number.
"""

from __future__ import annotations

import datetime as _dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from ..domain.entities import ENTITIES, EntitySpec

log = logging.getLogger(__name__)

SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER"}


def entity_columns(spec: EntitySpec) -> dict[str, type]:
    columns: dict[str, type] = {"id": str}
    for f in spec.fields:
        columns[f.name] = {"int": int, "float": float, "bool": int}.get(f.type, str)
    columns.update(
        {
            "deleted": int,
            "created_stamp": str,
            "updated_stamp": str,
            "origin_node": str,
            "_clocks": str,
            "_extra": str,
            "_conflicts": int,
        }
    )
    return columns


_M001_KINDS = ("org_unit", "specialist", "assignment", "node_key", "visit", "extension", "training")


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["versions"].create(
        {
            "seq": int,  # local arrival order only; identity is (node_id, counter)
            "node_id": str,
            "counter": int,
            "stamp": str,
            "entity": str,
            "record_id": str,
            "op": str,
            "fields": str,  # JSON object: field -> new value
            "base": str,  # JSON object: field -> [stamps this change replaced]
            "actor": str,
            "sig": str,  # signature by the origin node (sync), base64
            "received_at": str,
        },
        pk="seq",
        not_null={"node_id", "counter", "stamp", "entity", "record_id", "op", "fields"},
    )
    db.execute("CREATE UNIQUE INDEX idx_versions_node_counter ON versions(node_id, counter)")
    db.execute("CREATE INDEX idx_versions_record ON versions(record_id)")
    db["conflicts"].create(
        {
            "id": str,
            "entity": str,
            "record_id": str,
            "field": str,
            "heads": str,  # JSON list of [stamp, value], oldest first
            "winner_stamp": str,
        },
        pk="id",
    )
    db.execute("CREATE INDEX idx_conflicts_record ON conflicts(record_id)")
    db["blobs"].create({"sha256": str, "mime": str, "size": int, "data": bytes}, pk="sha256")
    # Only the kinds that existed then; later kinds come from their own migration.
    for spec in (ENTITIES[name] for name in _M001_KINDS):
        db[spec.name].create(entity_columns(spec), pk="id", defaults={"deleted": 0, "_conflicts": 0})
        for cols in spec.indexes:
            db[spec.name].create_index(list(cols))


def _m002_sync_ledger(db: sqlite_utils.Database) -> None:
    # What this node imported and exported (for display; sync correctness
    # never depends on it) and what it learned about each peer.
    db["bundles"].create(
        {
            "bundle_id": str,
            "direction": str,  # "in" | "out"
            "kind": str,
            "sha256": str,
            "peer_node": str,
            "at": str,
            "summary": str,  # JSON
        },
        pk=("bundle_id", "direction"),
    )
    db["peers"].create(
        {
            "node_id": str,
            "role": str,
            "label": str,
            "last_seen": str,
            "known_vector": str,  # JSON: node -> counter the peer is known to hold
        },
        pk="node_id",
    )


def _m003_record_search(db: sqlite_utils.Database) -> None:
    # Review queues and dashboards filter on these constantly.
    for name in ("visit", "extension", "training"):
        db[name].create_index(["review_state"], if_not_exists=True)
        db[name].create_index(["deleted", "date"], if_not_exists=True)


def _m004_sync_trust(db: sqlite_utils.Database) -> None:
    # Keys this node trusts by hand (after a fingerprint check) or saw on a
    # refused package (trusted = 0, waiting for ``zjk keys trust``).  Local to
    # this node, never shipped: the county's keyring travels as node_key rows.
    db["trusted_keys"].create(
        {
            "node_id": str,
            "public_key": str,  # raw Ed25519 public key, base64
            "role": str,
            "org_id": str,
            "specialist_id": str,
            "label": str,
            "trusted": int,
            "added_at": str,
        },
        pk="node_id",
    )


_ROW_TAIL = """,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)"""

_M005_TABLES = {
    "assessment_rule": """CREATE TABLE IF NOT EXISTS "assessment_rule" (
   "id" TEXT PRIMARY KEY,
   "year" INTEGER, "min_services" REAL, "min_service_days" REAL, "min_trainings" REAL,
   "min_satisfaction_pct" REAL, "fail_satisfaction_pct" REAL, "fail_fraction" REAL,
   "w_technique" REAL, "w_variety" REAL, "w_area_100mu" REAL, "w_households_10" REAL,
   "w_income_10k" REAL, "w_problem" REAL, "excellent_score" REAL, "excellent_max_flags" REAL,
   "report_day" INTEGER, "forward_day" INTEGER, "request_overdue_days" INTEGER,
   "photo_days" INTEGER, "photo_km" REAL""",
    "request": """CREATE TABLE IF NOT EXISTS "request" (
   "id" TEXT PRIMARY KEY,
   "date" TEXT, "requester_name" TEXT, "requester_phone" TEXT, "village_id" TEXT, "org_id" TEXT,
   "industry" TEXT, "problem" TEXT, "status" TEXT, "specialist_id" TEXT, "assigned_at" TEXT,
   "assigned_by" TEXT, "answer" TEXT, "answered_at" TEXT, "visit_id" TEXT, "closed_at" TEXT,
   "close_comment" TEXT""",
    "callback": """CREATE TABLE IF NOT EXISTS "callback" (
   "id" TEXT PRIMARY KEY,
   "date" TEXT, "record_kind" TEXT, "record_id" TEXT, "specialist_id" TEXT, "village_id" TEXT,
   "org_id" TEXT, "household" TEXT, "result" TEXT, "comment" TEXT""",
    "assessment": """CREATE TABLE IF NOT EXISTS "assessment" (
   "id" TEXT PRIMARY KEY,
   "specialist_id" TEXT, "year" INTEGER, "grade" TEXT, "suggested_grade" TEXT, "reasons" TEXT,
   "figures" TEXT, "comment" TEXT, "confirmed_by" TEXT, "confirmed_at" TEXT""",
}

_M005_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_assessment_rule_year" ON "assessment_rule" ("year")',
    'CREATE INDEX IF NOT EXISTS "idx_request_date" ON "request" ("date")',
    'CREATE INDEX IF NOT EXISTS "idx_request_status" ON "request" ("status")',
    'CREATE INDEX IF NOT EXISTS "idx_request_specialist_id" ON "request" ("specialist_id")',
    'CREATE INDEX IF NOT EXISTS "idx_request_org_id" ON "request" ("org_id")',
    'CREATE INDEX IF NOT EXISTS "idx_callback_specialist_id_date" ON "callback" ("specialist_id", "date")',
    'CREATE INDEX IF NOT EXISTS "idx_callback_record_id" ON "callback" ("record_id")',
    'CREATE INDEX IF NOT EXISTS "idx_assessment_specialist_id_year" ON "assessment" ("specialist_id", "year")',
)


def _m005_management(db: sqlite_utils.Database) -> None:
    # Issue 13: village coordinates (photo evidence), farmers' requests,
    # satisfaction callbacks, the county's assessment rules and results.
    have = {row[1] for row in db.conn.execute('PRAGMA table_info("org_unit")')}
    for column in ("longitude", "latitude"):
        if column not in have:
            db.conn.execute(f'ALTER TABLE "org_unit" ADD COLUMN "{column}" REAL')
    for ddl in _M005_TABLES.values():
        db.conn.execute(ddl + _ROW_TAIL)
    for ddl in _M005_INDEXES:
        db.conn.execute(ddl)


Migration = tuple[int, str, Callable[[sqlite_utils.Database], None]]

MIGRATIONS: list[Migration] = [
    (1, "initial schema", _m001_initial),
    (2, "sync ledger", _m002_sync_ledger),
    (3, "record indexes", _m003_record_search),
    (4, "sync trust", _m004_sync_trust),
    (5, "management: requests, callbacks, assessment", _m005_management),
]

LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(Exception):
    def __init__(self, found: int):
        super().__init__(found)
        self.found = found


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_database(conn: sqlite3.Connection, path: Path, from_version: int) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{from_version}-{stamp}.bak{path.suffix}")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    log.info("backed up database before migration to %s", target)
    return target


def migrate(db: sqlite_utils.Database, path: Path | None, up_to: int = LATEST) -> list[int]:
    """Apply pending migrations; returns the numbers applied."""
    conn = db.conn
    found = current_version(conn)
    if found > LATEST:
        raise SchemaTooNew(found)
    pending = [m for m in MIGRATIONS if found < m[0] <= up_to]
    if pending and found > 0 and path is not None:
        backup_database(conn, path, found)
    applied = []
    for number, name, func in pending:
        log.info("applying migration %d: %s", number, name)
        with db.atomic():  # one transaction per migration
            func(db)
            conn.execute(f"PRAGMA user_version = {number}")
        applied.append(number)
    return applied
