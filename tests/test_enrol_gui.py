"""Enrolment in the desktop program, end to end: wizard → request → county approves in a dialog →
roster → the new computer imports it on the sync page and is linked to its roster person."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from zjk_desktop.gui.dialogs.enrol_dialog import EnrolDialog, take_enrol_requests
from zjk_desktop.gui.dialogs.wizard import FirstRunWizard
from zjk_desktop.gui.pages.sync_page import SyncPage
from zjk_desktop.gui.testing import make_ctx, wait_idle, when_modal
from zjk_desktop.node import init_node
from zjk_desktop.roster import import_roster
from zjk_desktop.store import Store
from zjk_desktop.sync import container, enrol, export, keys

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "sample_roster.xlsx"


def type_chinese(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def county(tmp_path):
    s = Store.open(tmp_path / "county" / "zjk.sqlite3")
    init_node(s, role="county", actor="赵志刚", org_code="130722")
    import_roster(s, SAMPLE)
    yield s
    s.close()


def when_dialog(check, seen: list) -> None:
    """Run ``check(dialog)`` on the EnrolDialog once it is shown (it is modal)."""
    when_modal(EnrolDialog, check, seen)


def new_computer_request(qtbot, store, settings, monkeypatch, tmp_path, name: str) -> Path:
    """Steps 1 and 2 on the new computer: the wizard, then the request file."""
    wizard = FirstRunWizard(store, settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    type_chinese(wizard.role_page.name, name)
    wizard.next()
    page = wizard.org_page
    page.org.setCurrentIndex(page.org.findText("张北县 (130722)"))  # no roster yet: the county
    wizard.next()
    request = tmp_path / "request.zjkpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(request), ""))
    wizard.done_page.request_button.click()
    wizard.accept()
    assert request.exists()
    return request


def test_enrolment_end_to_end_in_the_desktop_program(
    qtbot, tmp_path, county, gui_settings, zh_ui, monkeypatch
):
    from zjk_desktop.gui.mainwindow import MainWindow

    laptop = Store.open(tmp_path / "laptop" / "zjk.sqlite3")
    request = new_computer_request(qtbot, laptop, gui_settings, monkeypatch, tmp_path, "王建国")
    person = county.rows("specialist", {"name": "示例王建国"})[0]

    # County, steps 1-2: the request opens in the approval dialog, fingerprint shown, person preselected.
    parent = QWidget()
    qtbot.addWidget(parent)
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    seen: list = []

    def check_and_approve(dialog: EnrolDialog) -> None:
        assert dialog.fingerprint.text() == keys.fingerprint(laptop)
        assert (
            dialog.link.currentData() == person["id"]
        )  # "王建国" is 示例王建国 in the sample roster
        assert "王建国" in dialog.who.text() and dialog.office.text() == "张北县"
        dialog.approve_button.click()

    when_dialog(check_and_approve, seen)
    rest = take_enrol_requests(parent, county, [request])
    assert not [e for e in seen if isinstance(e, BaseException)], seen
    assert rest == [] and seen and infos and "已批准" in infos[0]
    # County, step 3: the roster carries the key.
    roster = tmp_path / "roster.zjkpkg"
    export.export_roster(county, roster)

    # New computer, step 3: import the roster on the sync page; the trust question is answered yes.
    window = MainWindow(make_ctx(laptop, gui_settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    wait_idle(qtbot, window)
    asked: list[str] = []

    def trust_it(box):  # the sync page's trust question: click "信任并导入"
        asked.append(box.text() + box.informativeText())
        button = next(b for b in box.buttons() if b.text() == "信任并导入")
        box.clickedButton = lambda: button
        return 0

    monkeypatch.setattr(QMessageBox, "exec", trust_it)
    page = window.show_page("sync")
    assert isinstance(page, SyncPage)
    page.import_files([roster])
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: laptop.node_info().specialist_id is not None, timeout=15000)
    assert asked and keys.fingerprint(county) in asked[0]
    node = laptop.node_info()
    assert (node.specialist_id, node.org_id) == (person["id"], person["org_id"])
    window.shutdown()
    laptop.close()


def test_a_request_signed_by_another_key_is_refused_in_the_dialog_path(
    qtbot, tmp_path, county, gui_settings, zh_ui, monkeypatch
):
    laptop = Store.open(tmp_path / "laptop" / "zjk.sqlite3")
    request = new_computer_request(qtbot, laptop, gui_settings, monkeypatch, tmp_path, "王建国")
    other = Store.open(tmp_path / "other.sqlite3")
    other.set_identity("specialist", "王建国")
    keys.ensure_keypair(other)
    with zipfile.ZipFile(request) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        signature = zf.read("manifest.sig").decode()
    manifest["request"]["public_key"] = manifest["sender"]["public_key"] = keys.own_public_key(
        other
    )
    forged = tmp_path / "forged.zjkpkg"
    body = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    forged.write_bytes(container.container_bytes(body, signature, {}))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert take_enrol_requests(parent, county, [forged]) == []
    assert warnings and "签名与其中的密钥不符" in warnings[0] and "\n" not in warnings[0]
    assert keys.Keyring(county).lookup(laptop.node_id) is None
    other.close()
    laptop.close()


def test_the_dialog_needs_a_roster_person_when_the_name_does_not_match(
    qtbot, tmp_path, county, zh_ui
):
    laptop = Store.open(tmp_path / "laptop.sqlite3")
    init_node(laptop, role="specialist", actor="张三丰", org_code="130722")
    request = tmp_path / "r.zjkpkg"
    enrol.write_request(laptop, request)
    dialog = EnrolDialog(county, enrol.read_request(request))
    qtbot.addWidget(dialog)
    assert dialog.link.currentData() is None and not dialog.approve_button.isEnabled()
    person = county.rows("specialist", order_by="name")[0]
    dialog.link.setCurrentIndex(dialog.link.findData(person["id"]))
    assert dialog.approve_button.isEnabled()
    dialog.approve_button.click()
    info = keys.Keyring(county).lookup(laptop.node_id)
    assert info is not None and info.specialist_id == person["id"] and info.age_recipient
    laptop.close()
