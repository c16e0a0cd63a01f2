"""First-run wizard: roster import, role, name typed in Chinese, identity and fingerprint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard

from zjk_desktop.gui.wizard import FirstRunWizard

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "sample_roster.xlsx"


def type_chinese(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_township_clerk_sets_up_from_an_imported_roster(
    qtbot, store, gui_settings, zh_ui, monkeypatch
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
    assert page.org.count() == 0
    assert "名册为空" in page.explain.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(SAMPLE), ""))
    page.import_button.click()
    assert page.org.count() > 0, page.result.text()
    assert page.result.text()
    choice_label = page.org.itemText(1 if page.org.count() > 1 else 0)
    page.org.setCurrentIndex(page.org.findText(choice_label))
    chosen = page.selected()
    assert chosen is not None
    wizard.next()
    done = wizard.done_page
    node = store.node_info()
    assert (node.role, node.actor, node.org_id) == ("township", "李秀英", chosen)
    assert node.node_id in done.summary.text()
    fingerprint = done.fingerprint.text()
    assert fingerprint and len(fingerprint.replace(" ", "")) >= 16
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
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
    index = wizard.org_page.org.findData(person["id"])
    assert index >= 0
    wizard.org_page.org.setCurrentIndex(index)
    wizard.next()
    node = demo_store.node_info()
    assert node.specialist_id == person["id"] and node.org_id == person["org_id"]


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
