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
