"""The county revokes a lost laptop on the sync page, seeing what it keeps; the approval dialog of a
rekey says what happens to the changes already sent (issue 10)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from zjk_desktop.gui.dialogs.enrol_dialog import EnrolDialog
from zjk_desktop.gui.dialogs.revoke_dialog import RevokeDialog
from zjk_desktop.gui.pages.sync_page import SyncPage
from zjk_desktop.gui.testing import make_ctx, wait_idle, when_modal
from zjk_desktop.sync import enrol, keys
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def visits(net, n: int, tag: str) -> None:
    for i in range(n):
        net.s1.create("visit", visit_values(net, "s1", content=f"{tag}{i}"))


def when_dialog(check, seen: list) -> None:
    """Run ``check(dialog)`` on the RevokeDialog once it is shown (it is modal)."""
    when_modal(RevokeDialog, check, seen)


def test_the_county_revokes_a_lost_laptop_keeping_what_the_township_holds(
    qtbot, net, gui_settings, zh_ui, tmp_path
):
    from zjk_desktop.gui.mainwindow import MainWindow

    visits(net, 2, "县里有")
    assert net.receive("township", net.send("s1", "township")).ok
    assert net.receive("county", net.send("township", "county")).ok
    visits(net, 1, "只在乡镇")
    assert net.receive("township", net.send("s1", "township")).ok
    held_by_township = keys.held_through(net.township, net.s1.node_id)

    window = MainWindow(make_ctx(net.county, gui_settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    page = window.show_page("sync")
    assert isinstance(page, SyncPage)
    wait_idle(qtbot, window)
    assert page.revoke_button.isVisible() and page.revoke_button.text() == "吊销密钥…"
    items = [page.peers.topLevelItem(i) for i in range(page.peers.topLevelItemCount())]
    laptop = next(i for i in items if i.data(0, Qt.ItemDataRole.UserRole) == net.s1.node_id)
    page.peers.setCurrentItem(laptop)
    seen: list = []

    def keep_more_and_revoke(dialog: RevokeDialog) -> None:
        assert "特派员1" in dialog.who.text()
        info = keys.Keyring(net.county).lookup(net.s1.node_id)
        assert info is not None and dialog.fingerprint.text() == info.fingerprint
        assert dialog.keep.value() == 2  # what the county holds
        assert "保留该电脑已发出的 2 条更改" in dialog.summary.text()
        dialog.keep.setValue(held_by_township)  # the station reported it holds more
        assert f"保留该电脑已发出的 {held_by_township} 条更改" in dialog.summary.text()
        if os.environ.get("ZJK_SCREENSHOTS"):
            dialog.grab().save(os.path.join(os.environ["ZJK_SCREENSHOTS"], "revoke_dialog.png"))
        dialog.revoke_button.click()

    when_dialog(keep_more_and_revoke, seen)
    page.revoke_clicked()
    assert seen and not [e for e in seen if isinstance(e, BaseException)], seen
    assert keys.kept_through(net.county, net.s1.node_id) == held_by_township
    assert "已吊销" in page.result.toPlainText()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "（已吊销）" in laptop_name(page, net.s1.node_id), timeout=15000)
    if os.environ.get("ZJK_SCREENSHOTS"):
        window.resize(1366, 768)
        window.grab().save(os.path.join(os.environ["ZJK_SCREENSHOTS"], "sync_page_revoked.png"))
    window.shutdown()

    summary = net.receive("county", net.send("township", "county", full=True))
    assert summary.ok and summary.refused == []
    assert sorted(r["content"] for r in net.county.rows("visit")) == sorted(
        ["县里有0", "县里有1", "只在乡镇0"]
    )


def laptop_name(page: SyncPage, node_id: str) -> str:
    for i in range(page.peers.topLevelItemCount()):
        item = page.peers.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == node_id:
            return item.text(0)
    return ""


def test_the_approval_of_a_rekey_says_the_changes_already_sent_stay_valid(qtbot, net, zh_ui):
    visits(net, 3, "x")
    old = net.s1.get_meta(keys.META_PUBLIC_KEY)
    keys.rekey(net.s1)
    path = net.path("rekey")
    enrol.write_request(net.s1, path, replaces=keys.fingerprint_of(old))
    dialog = EnrolDialog(net.county, enrol.read_request(path))
    qtbot.addWidget(dialog)
    assert "旧密钥仍认它签过的前 3 条更改" in dialog.note.text()

    keys.save_handover(net.s1, [])  # a request without the old key's handover
    enrol.write_request(net.s1, path, replaces=keys.fingerprint_of(old))
    dialog = EnrolDialog(net.county, enrol.read_request(path))
    qtbot.addWidget(dialog)
    assert "没有旧密钥签署的交接说明" in dialog.note.text()


def test_the_township_sees_how_much_of_a_laptops_work_it_holds(qtbot, net, gui_settings, zh_ui):
    from zjk_desktop.gui.mainwindow import MainWindow

    visits(net, 3, "x")
    assert net.receive("township", net.send("s1", "township")).ok
    window = MainWindow(make_ctx(net.township, gui_settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    page = window.show_page("sync")
    assert isinstance(page, SyncPage)
    wait_idle(qtbot, window)
    header = page.peers.headerItem()
    assert header.text(4) == "本机已收到"
    qtbot.waitUntil(lambda: held_shown(page, net.s1.node_id) != "", timeout=15000)
    assert held_shown(page, net.s1.node_id) == str(net.s1.last_counter())
    assert held_shown(page, net.s2.node_id) == ""  # nothing of it here
    assert not page.revoke_button.isVisible()  # only the county revokes
    window.shutdown()


def held_shown(page: SyncPage, node_id: str) -> str:
    for i in range(page.peers.topLevelItemCount()):
        item = page.peers.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == node_id:
            return item.text(4)
    return ""
