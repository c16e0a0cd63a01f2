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
    for spec in ENTITIES.values():
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


def _m005_age_recipients(db: sqlite_utils.Database) -> None:
    # Each node publishes an age X25519 recipient beside its signing key;
    # packages addressed to it are encrypted to that recipient (issue 10).
    # (Migration 1 builds entity tables from today's specs, so a new
    # database already has the column.)
    if "age_recipient" not in db["node_key"].columns_dict:
        db["node_key"].add_column("age_recipient", str)
    db["trusted_keys"].add_column("age_recipient", str)


Migration = tuple[int, str, Callable[[sqlite_utils.Database], None]]

MIGRATIONS: list[Migration] = [
    (1, "initial schema", _m001_initial),
    (2, "sync ledger", _m002_sync_ledger),
    (3, "record indexes", _m003_record_search),
    (4, "sync trust", _m004_sync_trust),
    (5, "age recipients", _m005_age_recipients),
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
