"""Schema migrations: an old database is upgraded (with a backup), never discarded."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from zjk_desktop.store import Store, StoreError, migrations

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_v1_database(path):
    """A copy of a database exactly as schema version 1 shipped, with a row in it.

    The fixture file is committed (made once by version 1 of the program), so a
    change to a shipped migration or to the live entity specs cannot also
    change the "old" database this test upgrades.
    """
    shutil.copyfile(FIXTURES / "schema_v1.sqlite3", path)


def test_old_database_is_upgraded_with_backup(tmp_path):
    path = tmp_path / "zjk.sqlite3"
    make_v1_database(path)
    store = Store.open(path)
    assert store.schema_version == migrations.LATEST
    county = store.get("org_unit", "id-1")
    assert county is not None and county["name"] == "赤城县"
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


def test_wal_is_on(tmp_path):
    store = Store.open(tmp_path / "x.sqlite3")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def _schema(path):
    """Every table's columns (name, type, default, pk) and every index's columns."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        schema = {}
        for table in tables:
            columns = [
                (r[1], r[2], r[4], r[5]) for r in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            indexes = {}
            for r in conn.execute(f'PRAGMA index_list("{table}")'):
                indexes[r[1]] = (r[2], [c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')])
            schema[table] = (columns, indexes)
        return schema
    finally:
        conn.close()


def test_upgraded_v1_database_has_exactly_the_fresh_schema(tmp_path):
    old = tmp_path / "old.sqlite3"
    make_v1_database(old)
    Store.open(old).close()
    Store.open(tmp_path / "fresh.sqlite3").close()
    upgraded, fresh = _schema(old), _schema(tmp_path / "fresh.sqlite3")
    assert upgraded.keys() == fresh.keys()
    for table in fresh:
        assert upgraded[table] == fresh[table], table


def test_every_entity_field_has_its_column_in_the_migrated_schema(tmp_path):
    # Adding a field to an entity spec without a migration fails here.
    from zjk_desktop.domain.entities import ENTITIES

    Store.open(tmp_path / "fresh.sqlite3").close()
    schema = _schema(tmp_path / "fresh.sqlite3")
    for spec in ENTITIES.values():
        assert spec.name in schema, spec.name
        columns = {c[0] for c in schema[spec.name][0]}
        missing = {f.name for f in spec.fields} - columns
        assert not missing, (spec.name, missing)
