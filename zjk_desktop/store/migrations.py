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

log = logging.getLogger(__name__)

# Schema version 1 exactly as it shipped.  Frozen text: editing an entity in
# domain/entities.py must never change it -- add a migration instead (a test
# compares every entity spec with the migrated schema).
_M001_DDL: tuple[str, ...] = (
    """CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
)""",
    """CREATE TABLE "versions" (
   "seq" INTEGER PRIMARY KEY,
   "node_id" TEXT NOT NULL,
   "counter" INTEGER NOT NULL,
   "stamp" TEXT NOT NULL,
   "entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "op" TEXT NOT NULL,
   "fields" TEXT NOT NULL,
   "base" TEXT,
   "actor" TEXT,
   "sig" TEXT,
   "received_at" TEXT
)""",
    """CREATE UNIQUE INDEX idx_versions_node_counter ON versions(node_id, counter)""",
    """CREATE INDEX idx_versions_record ON versions(record_id)""",
    """CREATE TABLE "conflicts" (
   "id" TEXT PRIMARY KEY,
   "entity" TEXT,
   "record_id" TEXT,
   "field" TEXT,
   "heads" TEXT,
   "winner_stamp" TEXT
)""",
    """CREATE INDEX idx_conflicts_record ON conflicts(record_id)""",
    """CREATE TABLE "blobs" (
   "sha256" TEXT PRIMARY KEY,
   "mime" TEXT,
   "size" INTEGER,
   "data" BLOB
)""",
    """CREATE TABLE "org_unit" (
   "id" TEXT PRIMARY KEY,
   "code" TEXT,
   "name" TEXT,
   "level" TEXT,
   "parent_id" TEXT,
   "is_poor" INTEGER,
   "exit_year" INTEGER,
   "households" INTEGER,
   "population" INTEGER,
   "is_demo" INTEGER,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_org_unit_code" ON "org_unit" ("code")""",
    """CREATE INDEX "idx_org_unit_parent_id" ON "org_unit" ("parent_id")""",
    """CREATE INDEX "idx_org_unit_level" ON "org_unit" ("level")""",
    """CREATE TABLE "specialist" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT,
   "gender" TEXT,
   "phone" TEXT,
   "employer" TEXT,
   "title" TEXT,
   "specialty" TEXT,
   "industries" TEXT,
   "level" TEXT,
   "org_id" TEXT,
   "is_demo" INTEGER,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_specialist_phone" ON "specialist" ("phone")""",
    """CREATE INDEX "idx_specialist_org_id" ON "specialist" ("org_id")""",
    """CREATE TABLE "assignment" (
   "id" TEXT PRIMARY KEY,
   "specialist_id" TEXT,
   "village_id" TEXT,
   "start_date" TEXT,
   "end_date" TEXT,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_assignment_specialist_id" ON "assignment" ("specialist_id")""",
    """CREATE INDEX "idx_assignment_village_id" ON "assignment" ("village_id")""",
    """CREATE TABLE "node_key" (
   "id" TEXT PRIMARY KEY,
   "node_id" TEXT,
   "public_key" TEXT,
   "role" TEXT,
   "org_id" TEXT,
   "specialist_id" TEXT,
   "label" TEXT,
   "revoked" INTEGER,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_node_key_node_id" ON "node_key" ("node_id")""",
    """CREATE TABLE "visit" (
   "id" TEXT PRIMARY KEY,
   "date" TEXT,
   "specialist_id" TEXT,
   "village_id" TEXT,
   "industry" TEXT,
   "service_type" TEXT,
   "content" TEXT,
   "problems" TEXT,
   "measures" TEXT,
   "households_served" INTEGER,
   "people_served" INTEGER,
   "farmers" TEXT,
   "follow_up" TEXT,
   "follow_up_date" TEXT,
   "photos" TEXT,
   "notes" TEXT,
   "review_state" TEXT,
   "review_comment" TEXT,
   "reviewed_by" TEXT,
   "reviewed_at" TEXT,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_visit_date" ON "visit" ("date")""",
    """CREATE INDEX "idx_visit_village_id_date" ON "visit" ("village_id", "date")""",
    """CREATE INDEX "idx_visit_specialist_id_date" ON "visit" ("specialist_id", "date")""",
    """CREATE TABLE "extension" (
   "id" TEXT PRIMARY KEY,
   "date" TEXT,
   "specialist_id" TEXT,
   "village_id" TEXT,
   "industry" TEXT,
   "ext_type" TEXT,
   "name" TEXT,
   "demo_area_mu" REAL,
   "promoted_area_mu" REAL,
   "households_adopting" INTEGER,
   "base" TEXT,
   "effect" TEXT,
   "income_increase_yuan" REAL,
   "farmers" TEXT,
   "photos" TEXT,
   "notes" TEXT,
   "review_state" TEXT,
   "review_comment" TEXT,
   "reviewed_by" TEXT,
   "reviewed_at" TEXT,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_extension_date" ON "extension" ("date")""",
    """CREATE INDEX "idx_extension_village_id_date" ON "extension" ("village_id", "date")""",
    """CREATE INDEX "idx_extension_specialist_id_date" ON "extension" ("specialist_id", "date")""",
    """CREATE TABLE "training" (
   "id" TEXT PRIMARY KEY,
   "date" TEXT,
   "specialist_id" TEXT,
   "village_id" TEXT,
   "industry" TEXT,
   "mode" TEXT,
   "topic" TEXT,
   "trainer" TEXT,
   "hours" REAL,
   "attendees" INTEGER,
   "online_viewers" INTEGER,
   "poor_households" INTEGER,
   "materials" INTEGER,
   "location" TEXT,
   "photos" TEXT,
   "notes" TEXT,
   "review_state" TEXT,
   "review_comment" TEXT,
   "reviewed_by" TEXT,
   "reviewed_at" TEXT,
   "deleted" INTEGER DEFAULT 0,
   "created_stamp" TEXT,
   "updated_stamp" TEXT,
   "origin_node" TEXT,
   "_clocks" TEXT,
   "_extra" TEXT,
   "_conflicts" INTEGER DEFAULT 0
)""",
    """CREATE INDEX "idx_training_date" ON "training" ("date")""",
    """CREATE INDEX "idx_training_village_id_date" ON "training" ("village_id", "date")""",
    """CREATE INDEX "idx_training_specialist_id_date" ON "training" ("specialist_id", "date")""",
)


def _m001_initial(db: sqlite_utils.Database) -> None:
    for statement in _M001_DDL:
        db.execute(statement)


def _m002_sync_ledger(db: sqlite_utils.Database) -> None:
    # What this node imported and exported (for display; sync correctness
    # never depends on it) and what it learned about each peer.
    db.table("bundles").create(
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
    db.table("peers").create(
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
        db.table(name).create_index(["review_state"], if_not_exists=True)
        db.table(name).create_index(["deleted", "date"], if_not_exists=True)


def _m004_sync_trust(db: sqlite_utils.Database) -> None:
    # Keys this node trusts by hand (after a fingerprint check) or saw on a
    # refused package (trusted = 0, waiting for ``zjk keys trust``).  Local to
    # this node, never shipped: the county's keyring travels as node_key rows.
    db.table("trusted_keys").create(
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


def _m006_age_recipients(db: sqlite_utils.Database) -> None:
    # Each node publishes an age X25519 recipient beside its signing key;
    # packages addressed to it are encrypted to that recipient (issue 10).
    db.table("node_key").add_column("age_recipient", str)
    db.table("trusted_keys").add_column("age_recipient", str)


def _m007_search_text(db: sqlite_utils.Database) -> None:
    # Issue 14: the record lists search a narrow table kept by triggers
    # (``store/search_text.py``) instead of every wide record row.
    from . import search_text

    search_text.install_all(db.conn)


def _m008_origin_seals(db: sqlite_utils.Database) -> None:
    # Issue 14: a node signs one seal per batch of its versions instead of one
    # signature per version.  A version names its seal and its position in it;
    # every node keeps the seals it holds versions of, with the subtree hashes
    # it needs to prove any subset of them onward (``sync/seals.py``); ``low`` is
    # the lowest counter of its versions held here (they lie in [low, seal]).
    have = {row[1] for row in db.conn.execute('PRAGMA table_info("versions")')}
    for column in ("seal", "seal_pos"):
        if column not in have:
            db.conn.execute(f'ALTER TABLE "versions" ADD COLUMN "{column}" INTEGER')
    db.conn.execute(
        """CREATE TABLE IF NOT EXISTS "seals" (
   "node_id" TEXT NOT NULL,
   "seal" INTEGER NOT NULL,
   "count" INTEGER NOT NULL,
   "digest" TEXT NOT NULL,
   "sig" TEXT NOT NULL,
   "nodes" TEXT,
   "low" INTEGER NOT NULL,
   PRIMARY KEY ("node_id", "seal")
)"""
    )


def _m009_key_boundaries(db: sqlite_utils.Database) -> None:
    # A revoked node key stays valid for the changes its node made up to
    # ``valid_through`` (a rekey's handover; what the county kept of a lost
    # laptop), so changes already sent still travel (issue 10).  Existing
    # revoked keys get no boundary: they stay fully revoked, as before.
    have = {row[1] for row in db.conn.execute('PRAGMA table_info("node_key")')}
    if "valid_through" not in have:
        db.conn.execute('ALTER TABLE "node_key" ADD COLUMN "valid_through" INTEGER')


Migration = tuple[int, str, Callable[[sqlite_utils.Database], None]]

MIGRATIONS: list[Migration] = [
    (1, "initial schema", _m001_initial),
    (2, "sync ledger", _m002_sync_ledger),
    (3, "record indexes", _m003_record_search),
    (4, "sync trust", _m004_sync_trust),
    (5, "management: requests, callbacks, assessment", _m005_management),
    (6, "age recipients", _m006_age_recipients),
    (7, "record search text", _m007_search_text),
    (8, "origin seals", _m008_origin_seals),
    (9, "key boundaries", _m009_key_boundaries),
]

LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(Exception):
    def __init__(self, found: int):
        super().__init__(found)
        self.found = found


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade_pending(path: Path) -> bool:
    """True if the database file at ``path`` exists and opening it will upgrade it (read only:
    a program can say so before the upgrade, which backs the file up and may take minutes)."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return 0 < current_version(conn) < LATEST
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # opening it will say what is wrong


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
