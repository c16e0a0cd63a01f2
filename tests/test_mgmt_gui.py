"""The management screens: requests and callbacks, the assessment page, the dashboard strip,
photo evidence in the review page — in Chinese and in English."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from zjk_desktop import i18n
from zjk_desktop.gui.testing import make_ctx
from zjk_desktop.gui.translations import TRANSLATIONS
from zjk_desktop.management import evidence as ev
from zjk_desktop.management.assessment import GRADE_ORDER
from zjk_desktop.store import NotEmpty


def test_dashboard_says_who_has_not_reported_this_month(main_window):
    strip = main_window.pages["dashboard"].management
    assert strip.isVisible()
    assert (
        strip.silent.text().startswith("本月未报送：")
        or strip.silent.text() == "本月所有特派员均已报送。"
    )
    assert "超期未答复的农户需求" in strip.requests.text()


def test_requests_page_lists_filters_and_takes_steps(main_window, demo_store, qtbot):
    page = main_window.show_page("requests")
    assert page.model.rowCount() == demo_store.count("request")
    page.overdue.setChecked(True)
    overdue = page.proxy.rowCount()
    assert 0 < overdue < demo_store.count("request")
    assert f"超期 {overdue} 件" in page.count_label.text()
    page.overdue.setChecked(False)
    page.status.setCurrentIndex(page.status.findData("open"))
    assert page.proxy.rowCount() == demo_store.count("request", {"status": "open"})
    page.table.selectRow(0)
    chosen = page.selected()
    assert chosen["status"] == "open"
    assert page.assign_button.isEnabled() and not page.close_button.isEnabled()
    assert not page.answer_button.isEnabled()  # the county does not answer for a specialist
    assert chosen["problem"] in page.detail.toPlainText()
    person = demo_store.rows("specialist", {"org_id": chosen["org_id"]}, order_by="name")[0]
    from zjk_desktop.management import requests as rq

    page._run(rq.assign, demo_store, chosen["id"], person["id"])
    assert demo_store.get("request", chosen["id"])["status"] == "assigned"
    assert page.message.text() == ""
    page._run(rq.close, demo_store, chosen["id"])  # not answered yet: refused, one line
    assert "不能办结" in page.message.text()


def test_new_request_dialog_saves_through_the_core(main_window, demo_store, monkeypatch):
    page = main_window.show_page("requests")
    before = demo_store.count("request")

    def fill(dialog):
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

        dialog.findChildren(QLineEdit)[0].setText("测试农户")
        dialog.findChild(QPlainTextEdit).setPlainText("大棚番茄裂果")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", fill)
    page.new_request()
    assert demo_store.count("request") == before + 1
    assert demo_store.rows("request", {"problem": "大棚番茄裂果"})[0]["status"] == "open"


def test_assessment_page_shows_grades_and_records_the_confirmation(main_window, demo_store):
    page = main_window.show_page("assessment")
    page.year.setValue(dt.date.today().year)
    assert page.model.rowCount() == demo_store.count("specialist")
    grades = [page.items[sid].suggested for sid in page.items]
    assert sorted(grades, key=GRADE_ORDER.index) == [
        page.items[sid].suggested for sid in page.items
    ]
    page.table.selectRow(page.proxy.rowCount() - 1)
    a = page.selected()
    assert a is not None and a.name in page.detail.toPlainText()
    assert "建议等次" in page.detail.toPlainText()
    page.grade.setCurrentIndex(page.grade.findData("basic"))
    page.comment.setText("下年度加强驻村")
    page.confirm_button.click()
    row = demo_store.rows("assessment", {"specialist_id": a.specialist_id})[0]
    assert row["grade"] == "basic" and row["comment"] == "下年度加强驻村"
    assert a.name in page.message.text()
    page.grade_filter.setCurrentIndex(page.grade_filter.findData("basic"))
    assert all(x.grade == "basic" for x in page.items.values())


def test_review_page_shows_photo_flags(main_window, demo_store):
    from zjk_desktop.gui.widgets.management import evidence_html

    row = next(
        r
        for r in demo_store.rows("visit", {"photos": NotEmpty()})
        if ev.record_flags(demo_store, r)
    )
    text = evidence_html(demo_store, row)
    assert "照片疑点" in text and "data:image/jpeg;base64," in text
    good = next(
        r
        for r in demo_store.rows("visit", {"photos": NotEmpty()})
        if not ev.record_flags(demo_store, r)
    )
    assert "相符" in evidence_html(demo_store, good)


@pytest.fixture
def english(qapp):
    TRANSLATIONS.apply("en")
    i18n.set_language("en")
    yield
    TRANSLATIONS.apply("zh_CN")
    i18n.set_language("zh_CN")


def test_pages_in_english(qtbot, demo_store, gui_settings, english):
    from zjk_desktop.gui.pages.assessment_page import AssessmentPage
    from zjk_desktop.gui.pages.requests_page import RequestsPage

    ctx = make_ctx(demo_store, gui_settings)
    requests = RequestsPage(ctx)
    qtbot.addWidget(requests)
    assert requests.title.text() == "Farmers' requests and callbacks"
    from PySide6.QtCore import Qt

    assert requests.model.headerData(1, Qt.Orientation.Horizontal) == "Status"
    assessment = AssessmentPage(ctx)
    qtbot.addWidget(assessment)
    assert assessment.title.text() == "Annual assessment"
    assessment.table.selectRow(0)
    assert "Suggested grade" in assessment.detail.toPlainText()


def test_county_edits_the_years_rules_in_a_form(main_window, demo_store, monkeypatch):
    from zjk_desktop.management.assessment import rules_for

    page = main_window.show_page("assessment")
    year = page.year.value()
    dialog, boxes = page.rules_dialog()
    assert boxes["min_services"].value() == 12 and boxes["report_day"].isEnabled()
    dialog.deleteLater()

    def accept(dialog):
        from PySide6.QtWidgets import QDoubleSpinBox

        for box in dialog.findChildren(QDoubleSpinBox):
            if box.value() == 12:  # min_services
                box.setValue(20)
            elif box.value() == 5 and box.decimals() == 0:  # report_day
                box.setValue(7)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", accept)
    page.edit_rules()
    rules = rules_for(demo_store, year)
    assert rules["min_services"] == 20 and rules["report_day"] == 7
    assert isinstance(demo_store.rows("assessment_rule", {"year": year})[0]["report_day"], int)
    assert "20" in page.items[next(iter(page.items))].checks[0].label


def test_specialist_sees_and_answers_only_their_requests(
    qtbot, demo_store, gui_settings, zh_ui, monkeypatch
):
    from zjk_desktop.gui.pages.requests_page import RequestsPage

    row = demo_store.rows("request", {"status": "assigned"}, order_by="-date", limit=1)[0]
    person = demo_store.get("specialist", row["specialist_id"])
    demo_store.set_identity("specialist", person["name"], person["org_id"], person["id"])
    page = RequestsPage(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(page)
    assert page.model.rowCount() == demo_store.count("request", {"specialist_id": person["id"]})
    assert not page.new_button.isEnabled() and not page.cb_new.isEnabled()
    page.select_request(row["id"])
    assert page.answer_button.isEnabled() and not page.assign_button.isEnabled()

    def answer(dialog):
        from PySide6.QtWidgets import QPlainTextEdit

        dialog.findChild(QPlainTextEdit).setPlainText("已入户查看并指导")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", answer)
    page.answer_selected()
    saved = demo_store.get("request", row["id"])
    assert saved["status"] == "answered" and saved["answer"] == "已入户查看并指导"
