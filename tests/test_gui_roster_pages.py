"""Villages and specialists pages: pinyin search, and county editing through the core."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from zjk_desktop.gui.context import AppContext
from zjk_desktop.gui.dialogs.roster_dialog import RosterEditDialog
from zjk_desktop.gui.pages.roster_pages import SpecialistsPage, VillagesPage
from zjk_desktop.gui.widgets.models import ID_ROLE
from zjk_desktop.search import initials


@pytest.fixture
def ctx(demo_store, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(demo_store, demo_store.path, settings)


def shown_ids(page):
    return [page.proxy.index(r, 0).data(ID_ROLE) for r in range(page.proxy.rowCount())]


def test_villages_search_by_initials_and_gap_filter(qtbot, ctx):
    page = VillagesPage(ctx)
    qtbot.addWidget(page)
    villages = ctx.store.rows("org_unit", {"level": "village"})
    assert page.proxy.rowCount() == len(villages)
    target = villages[0]
    qtbot.keyClicks(page.search, initials(target["name"]))
    qtbot.waitUntil(lambda: page.proxy.rowCount() < len(villages))
    assert target["id"] in shown_ids(page)
    page.search.clear()
    page.proxy.set_query("")
    page.gap.setCurrentIndex(page.gap.findData(90))
    gap_ids = set(shown_ids(page))
    visited = {
        r[0]
        for r in ctx.store.conn.execute(
            "SELECT village_id FROM visit WHERE deleted = 0 AND date >= date('now', '-90 days')"
        )
    }
    assert gap_ids and not gap_ids & visited


def test_county_adds_and_edits_a_village(qtbot, ctx, monkeypatch):
    ctx.store.set_identity("county", "县服务团")
    page = VillagesPage(ctx)
    qtbot.addWidget(page)
    assert not page.add_button.isHidden()
    township = ctx.store.rows("org_unit", {"level": "township"}, limit=1)[0]

    def fill_and_save(dialog):
        dialog.editors["name"].setText("新建测试村")
        dialog.editors["parent_id"].setCurrentIndex(
            dialog.editors["parent_id"].findData(township["id"])
        )
        dialog.editors["code"].setText("")  # required: the core refuses, the field says why
        dialog.save()
        assert not dialog.errors["code"].isHidden() and dialog.errors["code"].text()
        dialog.editors["code"].setText(township["code"][:9] + "299")
        dialog.editors["households"].setText("120")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RosterEditDialog, "exec", fill_and_save)
    before = ctx.store.count("org_unit", {"level": "village"})
    page.add_village()
    assert ctx.store.count("org_unit", {"level": "village"}) == before + 1
    row = ctx.store.find_org_by_code(township["code"][:9] + "299")
    assert (
        row["name"] == "新建测试村"
        and row["parent_id"] == township["id"]
        and row["households"] == 120
    )
    assert page.selected_id() == row["id"]


def test_specialist_role_cannot_edit_roster(qtbot, ctx):
    person = ctx.store.rows("specialist", limit=1)[0]
    ctx.store.set_identity("specialist", person["name"], specialist_id=person["id"])
    page = SpecialistsPage(ctx)
    qtbot.addWidget(page)
    assert page.add_button.isHidden() and page.assign_button.isHidden()
    assert shown_ids(page) == [person["id"]]


def test_county_assigns_a_village_and_ends_it(qtbot, ctx, monkeypatch):
    ctx.store.set_identity("county", "县服务团")
    page = SpecialistsPage(ctx)
    qtbot.addWidget(page)
    person = ctx.store.rows("specialist", limit=1)[0]
    assert page.focus_item(person["id"])
    assigned = {
        a["village_id"] for a in ctx.store.rows("assignment", {"specialist_id": person["id"]})
    }
    free = next(
        v for v in ctx.store.rows("org_unit", {"level": "village"}) if v["id"] not in assigned
    )

    def pick(dialog):
        dialog.editors["village_id"].set_current_id(free["id"])
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RosterEditDialog, "exec", pick)
    page.assign_village()
    rows = ctx.store.rows("assignment", {"specialist_id": person["id"], "village_id": free["id"]})
    assert len(rows) == 1 and rows[0]["end_date"] is None
    assert page.selected_id() == person["id"]
    labels = [page.assignments.item(i).text() for i in range(page.assignments.count())]
    assert any(free["name"] in t for t in labels)
    row = next(
        i
        for i in range(page.assignments.count())
        if free["name"] in page.assignments.item(i).text()
    )
    page.assignments.setCurrentRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.end_button.click()
    assert ctx.store.get("assignment", rows[0]["id"])["end_date"] is not None


def test_roster_columns_sort_in_pinyin_and_number_order(qtbot, ctx, qtmodeltester):
    from PySide6.QtCore import Qt

    from zjk_desktop.search import full_pinyin

    page = VillagesPage(ctx)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model, force_py=True)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert [full_pinyin(n) for n in names] == sorted(full_pinyin(n) for n in names)
    population = 6
    page.table.sortByColumn(population, Qt.SortOrder.DescendingOrder)
    values = [page.model._rows[r][population] for r in range(page.model.rowCount())]
    filled = [v for v in values if v is not None]
    assert filled == sorted(filled, reverse=True)
    page.search.setText("村")
    page.proxy.set_query("村")
    page.refresh()  # a reload keeps the chosen order
    values = [page.model._rows[r][population] for r in range(page.model.rowCount())]
    assert [v for v in values if v is not None] == sorted(filled, reverse=True)


def test_specialists_page_lists_in_the_users_language(qtbot, ctx):
    from zjk_desktop import i18n

    page = SpecialistsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    # Nothing selected yet: a hint instead of an empty box.
    assert page.assignments.isHidden() and not page.assignments_hint.isHidden()
    page.table.selectRow(0)
    assert not page.assignments.isHidden() and page.assignments_hint.isHidden()
    column = 5  # Industries
    texts = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
    assert any("、" in t for t in texts)  # Chinese: 果品、畜牧
    i18n.set_language("en")
    ctx.events.language_changed.emit("en")
    texts = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
    assert not any("、" in t for t in texts) and any(", " in t for t in texts)


def test_villages_table_stretches_a_text_column_not_a_number(qtbot, ctx):
    page = VillagesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    header = page.table.horizontalHeader()
    last = page.model.columnCount() - 1  # Visits (a count)
    assert header.sectionSize(last) <= 240
    total = sum(header.sectionSize(c) for c in range(page.model.columnCount()))
    assert total >= page.table.viewport().width() - 2  # no empty strip on the right
    assert header.sectionSize(page.STRETCH_COLUMN) >= header.sectionSize(last)


def test_open_assignment_reads_until_now_in_chinese(qtbot, ctx, zh_ui):
    page = SpecialistsPage(ctx)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    labels = [page.assignments.item(i).text() for i in range(page.assignments.count())]
    assert any("至今" in t for t in labels) and not any("now" in t for t in labels)


def test_a_bad_phone_or_a_decimal_count_is_refused_with_the_reason(qtbot, ctx, monkeypatch):
    ctx.store.set_identity("county", "县服务团")
    page = SpecialistsPage(ctx)
    qtbot.addWidget(page)
    seen = {}

    def fill_and_save(dialog):
        dialog.editors["name"].setText("示例新人")
        dialog.editors["phone"].setText("12345")
        dialog.save()
        seen["phone"] = (
            dialog.errors["phone"].text() if not dialog.errors["phone"].isHidden() else ""
        )
        dialog.editors["phone"].setText("0313-8123456")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RosterEditDialog, "exec", fill_and_save)
    before = ctx.store.count("specialist")
    page.add_specialist()
    assert "12345" in seen["phone"] and "11 位手机号" in seen["phone"]
    assert ctx.store.count("specialist") == before + 1

    villages = VillagesPage(ctx)
    qtbot.addWidget(villages)
    township = ctx.store.rows("org_unit", {"level": "township"}, limit=1)[0]

    def decimal_households(dialog):
        dialog.editors["name"].setText("小数村")
        dialog.editors["parent_id"].setCurrentIndex(
            dialog.editors["parent_id"].findData(township["id"])
        )
        dialog.editors["code"].setText(township["code"][:9] + "298")
        dialog.editors["households"].setText("12.5")
        dialog.save()
        seen["households"] = dialog.errors["households"].text()
        assert dialog.editors["households"].text() == "12.5"  # never silently 125
        return dialog.result()

    monkeypatch.setattr(RosterEditDialog, "exec", decimal_households)
    villages.add_village()
    assert seen["households"] == "户数“12.5”无效，应为整数"
    assert ctx.store.find_org_by_code(township["code"][:9] + "298") is None
