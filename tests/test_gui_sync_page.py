"""Sync page: a specialist exports, the township imports through the page (dialogs patched)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from zjk_desktop.gui.mainwindow import MainWindow
from zjk_desktop.gui.testing import make_ctx, wait_idle
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
    return window


def test_specialist_exports_and_township_imports(
    qtbot, network, gui_settings, zh_ui, monkeypatch, tmp_path
):
    network.s1.create("visit", visit_values(network, "s1", content="谷子间苗技术指导"))
    out = tmp_path / "to-township.zjkpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    sender = open_window(qtbot, network.s1, gui_settings)
    try:
        page = sender.show_page("sync")
        assert page.target.currentData() == "township"
        assert page.fp_value.text() and "尚未" not in page.fp_value.text()
        with qtbot.waitSignal(page.exported, timeout=15000):
            page.export_button.click()
        assert out.exists()
        assert "导出" in page.result.toPlainText() or str(out) in page.result.toPlainText()

        def directions():
            return [
                page.history.topLevelItem(i).text(1)
                for i in range(page.history.topLevelItemCount())
            ]

        wait_idle(qtbot, sender)
        assert directions()[0] == "导出"  # newest first; the roster import from setup follows
    finally:
        sender.shutdown()

    receiver = open_window(qtbot, network.township, gui_settings)
    try:
        page = receiver.show_page("sync")
        before = network.township.count("visit")
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(out)], ""))
        with qtbot.waitSignal(page.imported, timeout=15000) as blocker:
            page.import_button.click()
        summaries = blocker.args[0]
        assert len(summaries) == 1 and summaries[0].ok and summaries[0].applied
        assert network.township.count("visit") == before + 1
        assert any(r["content"] == "谷子间苗技术指导" for r in network.township.rows("visit"))
        assert "to-township.zjkpkg" in page.result.toPlainText()
        wait_idle(qtbot, receiver)
        history = [
            page.history.topLevelItem(i).text(1) for i in range(page.history.topLevelItemCount())
        ]
        assert history[0] == "导入"
        assert page.history.topLevelItem(0).text(4) == "新增 1，更新 0"
        assert "最近导入：" in receiver.import_label.text()
        assert "无" not in receiver.import_label.text()

        # the same file again changes nothing
        with qtbot.waitSignal(page.imported, timeout=15000) as again:
            page.import_files([out])
        assert network.township.count("visit") == before + 1
        assert again.args[0][0].total("new") == 0
    finally:
        receiver.shutdown()


def test_a_damaged_file_is_refused_with_a_reason(
    qtbot, network, gui_settings, zh_ui, tmp_path, monkeypatch
):
    bad = tmp_path / "damaged.zjkpkg"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    window = open_window(qtbot, network.township, gui_settings)
    try:
        page = window.show_page("sync")
        before = network.township.dump_json()
        with qtbot.waitSignal(page.imported, timeout=15000) as blocker:
            page.import_files([bad])
        summary = blocker.args[0][0]
        assert not summary.ok and summary.reason
        line = page.result.toPlainText()
        # One line naming the file and why (the core's reason until it carries a reason_key
        # the page words itself, see SyncPage._refusal_reason).
        assert "damaged.zjkpkg" in line and "拒收" in line and summary.reason in line
        assert network.township.dump_json() == before
    finally:
        window.shutdown()


def test_verify_reports_without_importing(
    qtbot, network, gui_settings, zh_ui, tmp_path, monkeypatch
):
    network.s1.create("visit", visit_values(network, "s1"))
    package = network.send("s1", "township")
    window = open_window(qtbot, network.township, gui_settings)
    try:
        page = window.show_page("sync")
        before = network.township.count("visit")
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
        page.verify_button.click()
        qtbot.waitUntil(lambda: "未导入" in page.result.toPlainText(), timeout=15000)
        assert network.township.count("visit") == before
    finally:
        window.shutdown()


def test_county_exports_roster_and_sees_peers(
    qtbot, network, gui_settings, zh_ui, tmp_path, monkeypatch
):
    out = tmp_path / "roster.zjkpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"error shown: {a[2]}"))
    window = open_window(qtbot, network.county, gui_settings)
    try:
        page = window.show_page("sync")
        assert not page.roster_button.isHidden()
        wait_idle(qtbot, window)
        assert page.peers.topLevelItemCount() == 3  # township + two specialists
        assert page.target.count() == 3  # a delta can go to any of them
        with qtbot.waitSignal(page.exported, timeout=15000) as blocker:
            page.roster_button.click()
        assert blocker.args[0].kind == "roster" and out.exists()
    finally:
        window.shutdown()


def test_demo_ledger_reads_as_files_received(qtbot, demo_store, gui_settings, zh_ui):
    """The demo's ledger stands for files its specialists sent: each line says 导入 and what
    it is, never an export with an empty count (" 条更改")."""
    window = open_window(qtbot, demo_store, gui_settings)
    try:
        page = window.show_page("sync")
        wait_idle(qtbot, window)
        items = [page.history.topLevelItem(i) for i in range(page.history.topLevelItemCount())]
        demo = [it for it in items if "演示数据" in it.text(4)]
        assert demo, "the demo's ledger is listed"
        assert {it.text(1) for it in demo} == {"导入"}
        assert not [it for it in items if it.text(4).startswith(" ") or it.text(4) == " 条更改"]
        assert all(it.text(4).strip() for it in items)
        # The result column is cut off on a 1024-pixel screen: hovering shows it whole.
        assert all(it.toolTip(4) == it.text(4) and it.toolTip(3) == it.text(3) for it in items)
    finally:
        window.shutdown()
