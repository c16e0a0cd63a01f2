"""Schema migrations: an old database is upgraded (with a backup), never discarded."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from zjk_desktop.store import Store, StoreError
from zjk_desktop.store import migrations


def make_v1_database(path):
    """A database exactly as schema version 1 left it, with a row in it."""
    db = sqlite_utils.Database(path)
    migrations.migrate(db, path, up_to=1)
    db.execute(
        "INSERT INTO org_unit(id, code, name, level, deleted, created_stamp, updated_stamp, origin_node)"
        " VALUES ('id-1', '130732', '赤城县', 'county', 0, '0000000000001-0000-n', '0000000000001-0000-n', 'n')"
    )
    db.execute("INSERT INTO meta(key, value) VALUES ('node_id', 'oldnode')")
    db.close()


def test_old_database_is_upgraded_with_backup(tmp_path):
    path = tmp_path / "zjk.sqlite3"
    make_v1_database(path)
    store = Store.open(path)
    assert store.schema_version == migrations.LATEST
    assert store.get("org_unit", "id-1")["name"] == "赤城县"
    assert store.node_id == "oldnode"
    assert "bundles" in store.db.table_names()
    backups = list(tmp_path.glob("zjk.v1-*.bak.sqlite3"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT name FROM org_unit").fetchone()[0] == "赤城县"
    old.close()
    store.close()


def test_fresh_database_gets_no_backup(tmp_path):
    Store.open(tmp_path / "new.sqlite3").close()
    assert not list(tmp_path.glob("*.bak.*"))


def test_newer_schema_is_refused_with_upgrade_message(tmp_path):
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="请升级程序"):
        Store.open(path)


def test_not_a_database_gives_one_line_message(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert "\n" not in str(info.value) and "junk.sqlite3" in str(info.value)


def test_migration_numbers_are_consecutive():
    numbers = [m[0] for m in migrations.MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))


def test_wal_and_foreign_keys_are_on(tmp_path):
    store = Store.open(tmp_path / "x.sqlite3")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
