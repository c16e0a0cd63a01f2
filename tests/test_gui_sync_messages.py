"""Sync page messages a clerk understands: file names in words, one green/red line per file,
refusals kept in the file history, the trust question with buttons, conflicts one click away."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from zjk_desktop.gui.mainwindow import MainWindow
from zjk_desktop.gui.pages.sync_page import default_file_name, unused_path
from zjk_desktop.gui.tasks import JobProgressDialog
from zjk_desktop.gui.testing import make_ctx, wait_idle
from zjk_desktop.store import Store
from zjk_desktop.sync import export, keys
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def network(tmp_path):
    net = build_network(tmp_path / "net")
    yield net
    net.close()


def open_window(qtbot, store, settings):
    window = MainWindow(make_ctx(store, settings))
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, window)
    return window


def test_file_names_say_who_and_where_in_words(tmp_path):
    day = _dt.date(2026, 11, 29)
    assert default_file_name("王建国", "发乡镇", day) == "王建国-发乡镇-2026-11-29.zjkpkg"
    assert default_file_name('a/b:c*"', "to county", day) == "a_b_c__-to county-2026-11-29.zjkpkg"
    first = tmp_path / "王建国-发乡镇-2026-11-29.zjkpkg"
    first.write_bytes(b"x")
    assert unused_path(first).name == "王建国-发乡镇-2026-11-29-2.zjkpkg"


def test_export_suggests_a_readable_name_and_opens_its_folder(
    qtbot, network, gui_settings, zh_ui, monkeypatch, tmp_path
):
    network.s1.create("visit", visit_values(network, "s1", content="谷子间苗"))
    gui_settings.setValue("sync/folder", str(tmp_path))
    suggested = []

    def save_as(_parent, _title, path, _filter):
        suggested.append(path)
        return path, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    opened = []

    def _record_opened(url):
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", _record_opened)
    window = open_window(qtbot, network.s1, gui_settings)
    try:
        page = window.show_page("sync")
        assert page.folder_button.isHidden()
        with qtbot.waitSignal(page.exported, timeout=15000):
            page.export_button.click()
        today = _dt.date.today().isoformat()
        assert suggested and suggested[0].endswith(f"特派员1-发乡镇-{today}.zjkpkg")
        assert (tmp_path / f"特派员1-发乡镇-{today}.zjkpkg").exists()
        assert (
            "0b0b" not in page.node_value.text()
            and network.s1.node_id not in page.node_value.text()
        )
        assert not page.folder_button.isHidden() and page.folder_button.text() == "打开所在文件夹"
        page.folder_button.click()
        assert opened == [str(tmp_path)]
    finally:
        window.shutdown()


def test_a_refused_file_gets_a_red_line_and_stays_in_the_history(
    qtbot, network, gui_settings, zh_ui, tmp_path
):
    bad = tmp_path / "坏文件.zjkpkg"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    window = open_window(qtbot, network.township, gui_settings)
    try:
        page = window.show_page("sync")
        with qtbot.waitSignal(page.imported, timeout=15000):
            page.import_files([bad])
        assert "#b91c1c" in page.result.toHtml()
        line = page.result.toPlainText().strip().splitlines()[-1]
        assert "坏文件.zjkpkg" in line and "拒收" in line
        wait_idle(qtbot, window)
        first = page.history.topLevelItem(0)
        assert first.text(1) == "导入" and "坏文件.zjkpkg" in first.text(4)
    finally:
        window.shutdown()
    # Still there after a restart (kept with the settings).
    window = open_window(qtbot, network.township, gui_settings)
    try:
        page = window.show_page("sync")
        wait_idle(qtbot, window)
        texts = [
            page.history.topLevelItem(i).text(4) for i in range(page.history.topLevelItemCount())
        ]
        assert any("坏文件.zjkpkg" in t for t in texts)
    finally:
        window.shutdown()


@pytest.mark.parametrize("trust_it", [True, False])
def test_unknown_sender_is_a_question_with_buttons(
    qtbot, network, gui_settings, zh_ui, tmp_path, monkeypatch, trust_it
):
    roster = tmp_path / "roster.zjkpkg"
    export.export_roster(network.county, roster)
    fresh = Store.open(tmp_path / "fresh.sqlite3")
    fresh.set_identity("township", "新电脑", network.ids["t1"])
    keys.ensure_keypair(fresh)
    asked = []
    progress_windows: list[object] = []

    def answer(box):
        asked.append((box.text() + box.informativeText(), [b.text() for b in box.buttons()]))
        # The import's progress window is gone: nothing sits above the question.
        progress_windows.extend(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, JobProgressDialog) and w.isVisible()
        )
        wanted = "信任并导入" if trust_it else "不信任"
        button = next(b for b in box.buttons() if b.text() == wanted)
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    window = open_window(qtbot, fresh, gui_settings)
    window.tasks.show_after_ms = 0  # the progress window shows at once, as on a slow laptop
    try:
        page = window.show_page("sync")
        with qtbot.waitSignal(page.imported, timeout=15000):
            page.import_files([roster])
        wait_idle(qtbot, window)
        assert len(asked) == 1 and progress_windows == []
        text, buttons = asked[0]
        assert sorted(buttons) == sorted(["信任并导入", "不信任"])
        assert "zjk keys" not in text and "运行" not in text and "roster.zjkpkg" in text
        assert "县服务团（县服务团）" not in text
        assert "zjk keys" not in page.result.toPlainText()
        if trust_it:
            qtbot.waitUntil(lambda: fresh.count("org_unit") > 0, timeout=15000)
        else:
            assert fresh.count("org_unit") == 0
            assert "未导入" in page.result.toPlainText()
    finally:
        window.shutdown()
        fresh.close()


def test_an_import_with_conflicts_offers_to_resolve_them(
    qtbot, network, gui_settings, zh_ui, monkeypatch
):
    rid = network.s1.create("visit", visit_values(network, "s1", content="原来的内容")).record_id
    network.receive("township", network.send("s1", "township"))
    network.township.update("visit", rid, {"content": "乡镇改的"})
    network.s1.update("visit", rid, {"content": "特派员改的"})
    package = network.send("s1", "township")
    window = open_window(qtbot, network.township, gui_settings)
    try:
        page = window.show_page("sync")
        assert page.conflicts_button.isHidden()
        with qtbot.waitSignal(page.imported, timeout=15000) as blocker:
            page.import_files([package])
        if not blocker.args[0][0].total("conflicts"):
            pytest.skip("this edit pair merged without a conflict")
        assert not page.conflicts_button.isHidden()
        assert page.conflicts_button.text().startswith("处理冲突")
        from zjk_desktop.gui.dialogs.conflict_dialog import ConflictDialog

        opened = []

        def _record_opened(self):
            opened.append(self.record_id)
            return 0

        monkeypatch.setattr(ConflictDialog, "exec", _record_opened)
        page.conflicts_button.click()
        assert opened == [rid]
    finally:
        window.shutdown()


def test_refusals_with_a_known_reason_are_said_in_words(qtbot, network, gui_settings, zh_ui):
    from zjk_desktop.gui.pages.sync_page import SyncPage
    from zjk_desktop.sync.importer import ImportSummary

    page = SyncPage(make_ctx(network.township, gui_settings))
    qtbot.addWidget(page)
    summary = ImportSummary(
        file="/media/u/坏.zjkpkg",
        reason="不是有效的同步文件（File is not a zip file）",
        reason_key="sync.not_a_package",
    )
    line = page._file_line(summary)
    assert line.startswith("坏.zjkpkg：拒收") and "损坏" in line and "zip" not in line
