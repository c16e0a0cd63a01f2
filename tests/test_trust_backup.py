"""Backups cannot fork a node: a (node, counter) pair names exactly one change for ever."""

from __future__ import annotations

import pytest

from zjk_desktop import backup, i18n
from zjk_desktop.store import Store
from zjk_desktop.sync import keys
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def visits(store: Store) -> dict[str, dict]:
    return {r["id"]: r for r in store.rows("visit")}


def test_restore_into_a_fresh_database_keeps_the_high_water_and_heals(net, tmp_path):
    s1 = net.s1
    s1.create("visit", visit_values(net, "s1", content="备份前"))
    net.receive("township", net.send("s1", "township"))
    saved = backup.backup_now(s1.conn, tmp_path / "backups")
    after_backup = s1.create("visit", visit_values(net, "s1", content="备份后")).record_id
    net.receive("township", net.send("s1", "township"))
    high = s1.last_counter()
    node = s1.node_id
    s1.close()

    # The laptop is reinstalled: a fresh database in the data folder that kept its keys
    # folder, then 设置 → 从文件恢复.
    fresh_path = tmp_path / "net" / "fresh.sqlite3"
    Store.open(fresh_path).close()
    backup.restore_backup(saved, fresh_path)
    restored = Store.open(fresh_path)
    net.s1 = restored
    assert restored.node_id == node
    assert restored.last_counter() >= high  # the numbers already sent are never given out again
    assert restored.get("visit", after_backup) is None

    new = restored.create("visit", visit_values(net, "s1", content="恢复后")).record_id
    to_township = net.receive("township", net.send("s1", "township"))
    assert to_township.ok and not to_township.refused
    assert net.township.get("visit", new)["content"] == "恢复后"
    # The next ordinary exchange brings back what the backup lacked, no receipt needed.
    back = net.receive("s1", net.send("township", "s1"))
    assert back.ok and not back.refused
    assert set(visits(restored)) == set(visits(net.township))
    row = restored.get("visit", after_backup)
    assert row is not None and row["content"] == "备份后"
    # and saving keeps working afterwards
    restored.create("visit", visit_values(net, "s1", content="再次保存"))


def test_restore_without_a_known_high_water_comes_back_as_a_new_node(net, tmp_path):
    s1 = net.s1
    s1.create("visit", visit_values(net, "s1"))
    saved = backup.backup_now(s1.conn, tmp_path / "backups")
    net.receive("township", net.send("s1", "township"))
    old_node = s1.node_id
    s1.close()
    fresh_path = tmp_path / "other-pc.sqlite3"  # another computer: its keys folder is not there
    assert not backup.high_water_path(old_node, fresh_path).exists()
    Store.open(fresh_path).close()
    backup.restore_backup(saved, fresh_path)
    restored = Store.open(fresh_path)
    net.s1 = restored
    assert restored.node_id != old_node
    assert restored.get_meta(backup.META_RESTORED_FROM) == old_node
    # Its old changes are still the old node's; new ones carry the new id.
    rid = restored.create("visit", visit_values(net, "s1", content="新节点")).record_id
    assert restored.versions_of(rid)[0].node_id == restored.node_id
    # It signs with a new key, which the county must enrol before others accept its files.
    with pytest.raises(Exception) as err:
        keys.own_public_key(restored)
    assert str(err.value) == i18n.t("sync.no_key")
    keys.ensure_keypair(restored)
    assert keys.own_public_key(restored) != keys.own_public_key(net.township)
    summary = net.receive("township", net.send("s1", "township"))
    assert not summary.ok and keys.fingerprint(restored) in summary.reason


def test_a_reused_counter_with_different_content_is_refused_naming_the_computer(net, tmp_path):
    s1 = net.s1
    s1.create("visit", visit_values(net, "s1", content="第一次"))
    net.receive("township", net.send("s1", "township"))
    top = s1.last_counter()
    # What an older program's restore did: forget the last change and number again.
    s1.conn.execute("DELETE FROM versions WHERE node_id = ? AND counter = ?", (s1.node_id, top))
    s1.conn.execute("UPDATE meta SET value = ? WHERE key = 'counter'", (str(top - 1),))
    s1.conn.commit()
    s1.create("visit", visit_values(net, "s1", content="另一次"))
    summary = net.receive("township", net.send("s1", "township", full=True))
    assert summary.ok
    reasons = [r for _w, r in summary.refused]
    assert i18n.t("sync.r.counter_reused", name="特派员1", n=top) in reasons
    assert not any(r["content"] == "另一次" for r in visits(net.township).values())


def test_a_peers_package_raises_this_nodes_counter(net, tmp_path):
    s1 = net.s1
    for i in range(3):
        s1.create("visit", visit_values(net, "s1", content=f"走访{i}"))
    net.receive("township", net.send("s1", "township"))
    top = s1.last_counter()
    # Restored from a copy taken before those changes, high-water file lost.
    s1.conn.execute("DELETE FROM versions WHERE node_id = ? AND counter > ?", (s1.node_id, top - 3))
    s1.conn.execute("UPDATE meta SET value = ? WHERE key = 'counter'", (str(top - 3),))
    s1.conn.commit()
    keys.trust(
        s1,
        {
            "node_id": net.township.node_id,
            "public_key": keys.own_public_key(net.township),
            "role": "township",
            "org_id": net.ids["t1"],
            "label": "城关镇服务站",
        },
    )
    back = net.receive("s1", net.send("township", "s1"))
    assert back.ok and not back.refused
    assert s1.last_counter() >= top
    rid = s1.create("visit", visit_values(net, "s1", content="之后")).record_id
    assert net.receive("township", net.send("s1", "township")).ok
    assert net.township.get("visit", rid)["content"] == "之后"
