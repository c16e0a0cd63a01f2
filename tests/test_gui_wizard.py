"""First-run wizard: roster import (sheet or the county's package), role, name typed in Chinese,
identity, fingerprint and the enrolment request."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWizard

from zjk_desktop.gui.dialogs.wizard import FirstRunWizard
from zjk_desktop.node import init_node
from zjk_desktop.roster import import_roster
from zjk_desktop.store import Store
from zjk_desktop.sync import enrol, export, keys

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "sample_roster.xlsx"


def type_chinese(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_township_clerk_sets_up_from_an_imported_roster(
    qtbot, store, gui_settings, zh_ui, monkeypatch, tmp_path
):
    wizard = FirstRunWizard(store, gui_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.intro.title() == "欢迎"
    wizard.next()
    wizard.role_page.buttons["township"].setChecked(True)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a name is required
    type_chinese(wizard.role_page.name, "李秀英")
    assert wizard.role_page.name.text() == "李秀英"
    wizard.next()
    page = wizard.org_page
    assert "还没有名册" in page.explain.text()
    assert (
        page.org.findText("张北县 (130722)") >= 0
    )  # without a roster: the county, from the division table
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(SAMPLE), ""))
    page.import_button.click()
    assert page.result.text()
    station = page.org.findText("张北县 · 示例大河镇 (130722102000)")
    assert station >= 0, [page.org.itemText(i) for i in range(page.org.count())]
    page.org.setCurrentIndex(station)
    chosen = page.selected()
    assert chosen is not None and chosen["org_id"]
    wizard.next()
    done = wizard.done_page
    node = store.node_info()
    assert (node.role, node.actor, node.org_id) == ("township", "李秀英", chosen["org_id"])
    assert done.summary.text() == "李秀英 · 乡镇服务站 · 示例大河镇"
    assert node.node_id not in done.summary.text()  # no hex ids on screen
    fingerprint = done.fingerprint.text()
    assert fingerprint == keys.fingerprint(store)
    assert "三步" in done.explain.text()
    request = tmp_path / "request.zjkpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(request), ""))
    done.request_button.click()
    saved = enrol.read_request(request)
    assert (saved.name, saved.role, saved.org_id, saved.fingerprint) == (
        "李秀英",
        "township",
        node.org_id,
        fingerprint,
    )
    assert str(request) in done.request_result.text()
    wizard.accept()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert not wizard.wants_demo()


def test_specialist_picks_themself_and_gets_their_station(qtbot, demo_store, gui_settings, zh_ui):
    person = demo_store.rows("specialist", order_by="name")[0]
    wizard = FirstRunWizard(demo_store, gui_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.role_page.buttons["specialist"].setChecked(True)
    type_chinese(wizard.role_page.name, person["name"])
    wizard.next()
    page = wizard.org_page
    assert page.selected() == {
        "specialist_id": person["id"],
        "org_id": person["org_id"],
    }  # the typed name
    wizard.next()
    node = demo_store.node_info()
    assert node.specialist_id == person["id"] and node.org_id == person["org_id"]


def index_of(combo, key: str, value) -> int:
    return next(i for i in range(combo.count()) if (combo.itemData(i) or {}).get(key) == value)


@pytest.mark.parametrize("typed", ["王建国", "张三丰"])
def test_a_typed_name_preselects_that_person_or_nobody(
    qtbot, demo_store, gui_settings, zh_ui, typed
):
    people = {p["name"].removeprefix("示例"): p for p in demo_store.rows("specialist")}
    demo_store.update("specialist", next(iter(people.values()))["id"], {"name": "示例王建国"})
    wizard = FirstRunWizard(demo_store, gui_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    type_chinese(wizard.role_page.name, typed)
    wizard.next()
    page = wizard.org_page
    chosen = page.selected()
    if typed == "王建国":
        person = demo_store.rows("specialist", {"name": "示例王建国"})[0]
        assert chosen is not None and chosen["specialist_id"] == person["id"]
    else:  # nobody of that name: none preselected, the county links this computer on approval
        assert chosen == {} and page.org.currentIndex() == 0
        assert "县服务团审批时关联" in page.org.currentText()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    node = demo_store.node_info()
    assert node.actor == typed
    assert (node.specialist_id is None) == (typed != "王建国")


@pytest.fixture
def county_roster(tmp_path):
    """A county set up before its roster, the sample roster imported, its roster package exported."""
    county = Store.open(tmp_path / "county" / "zjk.sqlite3")
    init_node(county, role="county", actor="赵志刚", org_code="130722")
    import_roster(county, SAMPLE)
    out = tmp_path / "花名册.zjkpkg"
    export.export_roster(county, out)
    yield county, out
    county.close()


def answer_trust_question(qtbot, button_name: str, seen: list[str]) -> None:
    """Click a button of the trust question once it is up (it is modal)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        buttons = {b.objectName() or b.text(): b for b in box.buttons()}
        (
            buttons["trust"]
            if button_name == "trust"
            else next(b for n, b in buttons.items() if n != "trust")
        ).click()

    QTimer.singleShot(0, click)


def test_the_wizard_imports_the_county_roster_package_after_showing_the_fingerprint(
    qtbot, store, gui_settings, zh_ui, monkeypatch, county_roster
):
    county, roster = county_roster
    wizard = FirstRunWizard(store, gui_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    type_chinese(wizard.role_page.name, "王建国")
    wizard.next()
    page = wizard.org_page
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(roster), ""))
    seen: list[str] = []
    answer_trust_question(qtbot, "no", seen)
    page.import_button.click()
    assert seen and keys.fingerprint(county) in seen[0] and "赵志刚" in seen[0]
    assert "未导入" in page.result.text() and store.rows("specialist") == []
    answer_trust_question(qtbot, "trust", seen)
    page.import_button.click()
    assert len(seen) == 2
    assert "已导入" in page.result.text(), page.result.text()
    person = store.rows("specialist", {"name": "示例王建国"})[0]
    chosen = page.selected()
    assert chosen is not None and chosen["specialist_id"] == person["id"]  # preselected by name
    # The county's key is trusted now: a second import asks nothing.
    page.import_button.click()
    assert len(seen) == 2


def test_demo_choice_skips_setup(qtbot, store, gui_settings, zh_ui):
    wizard = FirstRunWizard(store, gui_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.intro.demo.setChecked(True)
    assert wizard.intro.nextId() == -1
    assert wizard.wants_demo()
    assert store.node_info().role is None


def test_language_choice_switches_the_wizard_to_english(qtbot, store, gui_settings, zh_ui):
    wizard = FirstRunWizard(store, gui_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.intro.language.setCurrentIndex(wizard.intro.language.findData("en"))
    try:
        assert wizard.intro.title() == "Welcome"
        assert wizard.role_page.buttons["county"].text() == "County team"
        assert gui_settings.value("language") == "en"
    finally:
        wizard.intro.language.setCurrentIndex(wizard.intro.language.findData("zh_CN"))
    assert wizard.intro.title() == "欢迎"
