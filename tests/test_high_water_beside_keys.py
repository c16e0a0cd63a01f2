"""The high-water file (the highest change number a node sent out) lives beside its keys,
in the ``keys`` folder next to the database, and one left in the old place is adopted."""

from __future__ import annotations

import pytest

from zjk_desktop import backup
from zjk_desktop.paths import user_data_dir
from zjk_desktop.store import Store
from zjk_desktop.sync import keys
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "elsewhere")
    yield n
    n.close()


def test_an_export_notes_the_high_water_beside_the_keys_of_its_database(net, tmp_path):
    s1 = net.s1
    s1.create("visit", visit_values(net, "s1"))
    net.send("s1", "township")
    beside = tmp_path / "elsewhere" / "keys" / f"{s1.node_id}.counter"
    assert keys.key_path(s1).parent == beside.parent
    assert beside.read_text(encoding="ascii") == str(s1.last_counter())
    assert not (user_data_dir() / "keys" / f"{s1.node_id}.counter").exists()


def test_a_high_water_in_the_old_place_is_adopted(net, tmp_path):
    s1 = net.s1
    s1.create("visit", visit_values(net, "s1", content="备份前"))
    saved = backup.backup_now(s1.conn, tmp_path / "backups")
    s1.create("visit", visit_values(net, "s1", content="备份后"))
    net.send("s1", "township")
    high, node, db = s1.last_counter(), s1.node_id, tmp_path / "elsewhere" / "s1.sqlite3"
    # As an older program left it: the number in the user data folder's keys.
    old = user_data_dir() / "keys" / f"{node}.counter"
    old.parent.mkdir(parents=True, exist_ok=True)
    backup.high_water_path(node, db).replace(old)
    assert backup.read_high_water(node, db) == high
    s1.close()

    backup.restore_backup(saved, db)
    restored = Store.open(db)
    net.s1 = restored
    assert restored.node_id == node
    assert restored.last_counter() >= high  # numbers already sent are never given out again
    restored.create("visit", visit_values(net, "s1", content="恢复后"))
    net.send("s1", "township")
    assert backup.high_water_path(node, db).read_text(encoding="ascii") == str(
        restored.last_counter()
    )


def test_the_high_water_is_never_lowered_by_either_place(tmp_path):
    node, db = "0123456789abcdef", tmp_path / "db" / "zjk.sqlite3"
    backup.note_high_water(node, 40)  # the old place (no database named)
    backup.note_high_water(node, 7, db)
    assert backup.high_water_path(node, db).read_text(encoding="ascii") == "40"
    backup.note_high_water(node, 55, db)
    assert backup.read_high_water(node, db) == 55
    assert backup.read_high_water(node) == 40
