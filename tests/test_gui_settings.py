"""Settings: backups (daily, kept 30 days, restore), PDF font, data folder."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from zjk_desktop import backup
from zjk_desktop.store import StoreError


def test_daily_backup_once_a_day_and_kept_thirty_days(demo_store, tmp_path):
    folder = tmp_path / "backups"
    old = folder / "zjk-20200101.sqlite3"
    folder.mkdir()
    old.write_bytes(b"old")
    today = dt.date(2026, 3, 1)
    made = backup.daily_backup(demo_store.conn, folder, today=today)
    assert made is not None and made.name == "zjk-20260301.sqlite3"
    assert backup.daily_backup(demo_store.conn, folder, today=today) is None
    assert not old.exists()
    kept = backup.daily_backup(demo_store.conn, folder, today=today + dt.timedelta(days=29))
    assert kept is not None and made.exists()
    backup.daily_backup(demo_store.conn, folder, today=today + dt.timedelta(days=30))
    assert not made.exists() and kept.exists()
    assert backup.check_backup(kept) >= 1


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    fake = tmp_path / "zjk-20260101.sqlite3"
    fake.write_bytes(b"not sqlite at all" * 50)
    with pytest.raises(StoreError, match="zjk-20260101"):
        backup.check_backup(fake)


def test_backup_now_and_restore_from_the_settings_page(main_window, qtbot, monkeypatch, demo_store):
    page = main_window.show_page("settings")
    page.backup_now_button.click()
    qtbot.waitUntil(lambda: page.backups.topLevelItemCount() == 1, timeout=10000)
    before = demo_store.count("visit")
    counter_before_edit = int(demo_store.get_meta("counter"))
    victim = demo_store.rows("visit", limit=1)[0]
    demo_store.delete("visit", victim["id"])
    assert demo_store.count("visit") == before - 1
    counter_after_edit = int(demo_store.get_meta("counter"))
    assert counter_after_edit > counter_before_edit

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.backups.setCurrentItem(page.backups.topLevelItem(0))
    with qtbot.waitSignal(page.restored, timeout=10000):
        page.restore_button.click()
    assert demo_store.count("visit") == before  # the deleted visit is back
    assert demo_store.get("visit", victim["id"]) is not None
    assert "恢复" in page.message.text()
    # version numbers handed out before the restore are never reused
    assert int(demo_store.get_meta("counter")) >= counter_after_edit
    outcome = demo_store.update("visit", victim["id"], {"content": "恢复后修改"})
    assert outcome.version.counter > counter_after_edit
    safety = list(demo_store.path.parent.glob("*.before-restore-*"))
    assert len(safety) == 1


def test_restore_declined_changes_nothing(main_window, qtbot, monkeypatch, demo_store):
    page = main_window.show_page("settings")
    page.backup_now_button.click()
    qtbot.waitUntil(lambda: page.backups.topLevelItemCount() == 1, timeout=10000)
    demo_store.delete("visit", demo_store.rows("visit", limit=1)[0]["id"])
    count = demo_store.count("visit")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.backups.setCurrentItem(page.backups.topLevelItem(0))
    page.restore_button.click()
    assert demo_store.count("visit") == count


def test_unusable_font_is_refused_with_a_message(main_window, monkeypatch, tmp_path):
    page = main_window.show_page("settings")
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page.font_button.click()
    assert shown and "broken.ttf" in shown[0]
    assert not main_window.ctx.settings.value("reports/font")
    assert page.font_value.text().startswith("自动")


def test_move_data_folder_copies_the_database(main_window, monkeypatch, tmp_path, demo_store):
    page = main_window.show_page("settings")
    target = tmp_path / "elsewhere"
    target.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(target))
    page.folder_button.click()
    copy = target / "zjk.sqlite3"
    assert copy.exists() and backup.check_backup(copy) >= 1
    assert main_window.ctx.settings.value("data/folder") == str(target)
    assert str(copy) in page.message.text()


# ------------------------------------------------------------ this computer (issues 10 and 11)
def test_settings_correct_name_and_roster_link(main_window, demo_store):
    from zjk_desktop.node import init_node

    people = demo_store.rows("specialist", order_by="name")
    wrong, right = people[0], people[1]
    init_node(demo_store, role="specialist", actor="王建国", specialist_id=wrong["id"])
    page = main_window.show_page("settings")
    page.refresh_identity()
    assert page.name_edit.text() == "王建国"
    assert (page.link_combo.currentData() or {}).get("specialist_id") == wrong["id"]
    page.name_edit.setText("王建国（更正）")
    page.link_combo.setCurrentIndex(
        next(
            i
            for i in range(page.link_combo.count())
            if (page.link_combo.itemData(i) or {}).get("specialist_id") == right["id"]
        )
    )
    page.identity_save.click()
    node = demo_store.node_info()
    assert (node.actor, node.specialist_id, node.org_id) == (
        "王建国（更正）",
        right["id"],
        right["org_id"],
    )
    assert "已保存" in page.message.text()


def test_a_link_the_county_made_is_corrected_by_the_county_only(
    main_window, demo_store, monkeypatch
):
    from zjk_desktop.node import init_node
    from zjk_desktop.sync import keys

    people = demo_store.rows("specialist", order_by="name")
    init_node(demo_store, role="specialist", actor="王建国", specialist_id=people[0]["id"])
    # The county's keyring (arrived with the roster) links this computer to people[0].
    demo_store.set_identity("county", "县")
    keys.add_to_keyring(
        demo_store,
        demo_store.node_id,
        keys.own_public_key(demo_store),
        "specialist",
        people[0]["org_id"],
        people[0]["id"],
        "王建国",
    )
    demo_store.set_identity("specialist", "王建国", people[0]["org_id"], people[0]["id"])
    page = main_window.show_page("settings")
    page.refresh_identity()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page.link_combo.setCurrentIndex(
        next(
            i
            for i in range(page.link_combo.count())
            if (page.link_combo.itemData(i) or {}).get("specialist_id") == people[1]["id"]
        )
    )
    page.identity_save.click()
    assert shown and "县服务团" in shown[0] and people[0]["name"] in shown[0]
    assert demo_store.node_info().specialist_id == people[0]["id"]


def test_keys_backed_up_and_restored_from_settings(main_window, demo_store, monkeypatch, tmp_path):
    import shutil

    from PySide6.QtWidgets import QInputDialog

    from zjk_desktop.node import init_node
    from zjk_desktop.sync import keys

    # The county team of the demo county: allowed to write both the roster row and the visit below.
    init_node(demo_store, role="county", actor="李秀英", org_code="130732")
    fp = keys.fingerprint(demo_store)
    page = main_window.show_page("settings")
    page.refresh_identity()
    assert page.fp_value.text() == fp
    assert str(keys.key_dir(demo_store)) in page.key_where.text()
    out = tmp_path / "keys.age"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("口令 correct horse", True))
    page.key_backup_button.click()
    assert out.exists() and "已备份" in page.message.text()

    shutil.rmtree(keys.key_dir(demo_store))  # the keys are lost: writes are refused, one line
    demo_store.__dict__.pop("_own_key_ok", None)
    with pytest.raises(StoreError) as refused:
        demo_store.create("org_unit", {"name": "某村", "level": "village", "code": "130732999999"})
    assert "\n" not in str(refused.value) and fp in str(refused.value)
    page.refresh_identity()
    assert (
        "恢复密钥备份" in page.key_where.text()
        and str(keys.key_dir(demo_store)) in page.key_where.text()
    )
    page.key_restore_button.click()
    assert fp in page.message.text()
    assert "旁边" in page.key_where.text()  # the problem is gone
    assert keys.fingerprint(demo_store) == fp
    demo_store.update(
        "visit", demo_store.rows("visit", limit=1)[0]["id"], {"content": "恢复密钥后修改"}
    )


def test_rekey_from_settings_makes_a_new_key_and_its_request(
    main_window, demo_store, monkeypatch, tmp_path
):
    from zjk_desktop.node import init_node
    from zjk_desktop.sync import enrol, keys

    init_node(demo_store, role="township", actor="李秀英")
    old = keys.fingerprint(demo_store)
    page = main_window.show_page("settings")
    request = tmp_path / "rekey.zjkpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(request), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.rekey_button.click()
    assert keys.fingerprint(demo_store) == old and not request.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.rekey_button.click()
    new = keys.fingerprint(demo_store)
    assert new != old and page.fp_value.text() == new
    saved = enrol.read_request(request)
    assert saved.fingerprint == new and saved.replaces == old


def test_moving_the_data_folder_takes_the_keys_along(
    main_window, demo_store, monkeypatch, tmp_path
):
    from zjk_desktop.node import init_node
    from zjk_desktop.store import Store
    from zjk_desktop.sync import keys

    init_node(demo_store, role="township", actor="李秀英")
    fp = keys.fingerprint(demo_store)
    page = main_window.show_page("settings")
    target = tmp_path / "moved"
    target.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(target))
    page.folder_button.click()
    moved = Store.open(target / "zjk.sqlite3")
    assert keys.fingerprint(moved) == fp
    keys.check_own_key(moved)  # the key is there: writes and exports work
    moved.close()


def test_the_report_font_is_named_as_people_know_it(main_window, monkeypatch):
    # The automatic font on Debian/UOS is WenQuanYi Micro Hei: shown by name, not as a file name.
    from zjk_desktop.reports import fonts

    if fonts.resolve_font(None).name != "ZJK-wqymicrohei-0":
        pytest.skip("fonts-wqy-microhei is not the automatic font on this machine")
    page = main_window.show_page("settings")
    page.refresh()
    assert "文泉驿微米黑" in page.font_value.text()
    assert ".ttc" not in page.font_value.text()
