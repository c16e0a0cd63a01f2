"""Migration 5 (requests, callbacks, assessment rules and results, village coordinates)."""

from __future__ import annotations

import sqlite_utils

from zjk_desktop.domain.entities import ENTITIES
from zjk_desktop.store import Store, migrations
from zjk_desktop.store.migrations import entity_columns


def _columns(store, table):
    return {row[1] for row in store.conn.execute(f'PRAGMA table_info("{table}")')}


def test_every_kind_has_exactly_its_columns_on_a_fresh_database(tmp_path):
    store = Store.open(tmp_path / "new.sqlite3")
    for name, spec in ENTITIES.items():
        assert _columns(store, name) == set(entity_columns(spec)), name
    store.close()


def test_version_4_database_is_upgraded_keeping_its_villages(tmp_path):
    path = tmp_path / "zjk.sqlite3"
    db = sqlite_utils.Database(path)
    migrations.migrate(db, path, up_to=4)
    # As a program of schema 4 made it: no coordinates yet.
    db.execute('ALTER TABLE org_unit DROP COLUMN "longitude"')
    db.execute('ALTER TABLE org_unit DROP COLUMN "latitude"')
    db.execute(
        "INSERT INTO org_unit(id, code, name, level, deleted, created_stamp, updated_stamp, origin_node)"
        " VALUES ('id-1', '130732100201', '村1', 'village', 0, '0000000000001-0000-n', '0000000000001-0000-n', 'n')"
    )
    db.close()
    store = Store.open(path)
    assert store.schema_version == 5
    assert store.get("org_unit", "id-1")["name"] == "村1"
    for name in ("org_unit", "request", "callback", "assessment_rule", "assessment"):
        assert _columns(store, name) == set(entity_columns(ENTITIES[name])), name
    store.update("org_unit", "id-1", {"longitude": 115.8, "latitude": 40.9})
    assert store.get("org_unit", "id-1")["latitude"] == 40.9
    assert list(tmp_path.glob("zjk.v4-*.bak.sqlite3"))
    store.close()
