"""Migration 5 (requests, callbacks, assessment rules and results, village coordinates)."""

from __future__ import annotations

import sqlite_utils

from zjk_desktop.domain.entities import ENTITIES
from zjk_desktop.store import Store, migrations


def entity_columns(spec):
    return {
        "id",
        *spec.field_names(),
        "deleted",
        "created_stamp",
        "updated_stamp",
        "origin_node",
        "_clocks",
        "_extra",
        "_conflicts",
    }


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
    assert "longitude" not in {row[1] for row in db.execute('PRAGMA table_info("org_unit")')}
    db.execute(
        "INSERT INTO org_unit(id, code, name, level, deleted, created_stamp, updated_stamp, origin_node)"
        " VALUES ('id-1', '130732100201', '村1', 'village', 0, '0000000000001-0000-n', '0000000000001-0000-n', 'n')"
    )
    db.close()
    store = Store.open(path)
    assert store.schema_version == migrations.LATEST  # 5 (management) and what came after
    village = store.get("org_unit", "id-1")
    assert village is not None and village["name"] == "村1"
    for name in ("org_unit", "request", "callback", "assessment_rule", "assessment"):
        assert _columns(store, name) == set(entity_columns(ENTITIES[name])), name
    store.update("org_unit", "id-1", {"longitude": 115.8, "latitude": 40.9})
    village = store.get("org_unit", "id-1")
    assert village is not None and village["latitude"] == 40.9
    assert list(tmp_path.glob("zjk.v4-*.bak.sqlite3"))
    store.close()


def test_sample_rosters_carry_village_coordinates(tmp_path):
    from zjk_desktop.paths import resources_dir
    from zjk_desktop.roster import import_roster

    for name in ("sample_roster.xlsx", "sample_roster_gbk.csv"):
        store = Store.open(tmp_path / f"{name}.sqlite3")
        result = import_roster(store, resources_dir() / "sample" / name)
        assert not result.problems
        village = store.find_org_by_code("130722101201")
        assert village is not None
        assert (village["longitude"], village["latitude"]) == (114.6312, 41.2087)
        store.close()


def test_a_bad_coordinate_is_reported_with_its_row_and_the_rest_imports(tmp_path):
    from zjk_desktop.roster import import_roster

    sheet = tmp_path / "r.csv"
    sheet.write_text(
        "县区,乡镇,村,区划代码,经度,纬度\n赤城县,城关镇,甲村,130732100201,115.8,40.9\n"
        "赤城县,城关镇,乙村,130732100202,东经115,40.9\n",
        encoding="utf-8",
    )
    store = Store.open(tmp_path / "db.sqlite3")
    result = import_roster(store, sheet)
    assert len(result.problems) == 1 and "经度" in result.problems[0].message()
    village = store.find_org_by_code("130732100201")
    assert village is not None and village["latitude"] == 40.9
    store.close()
