"""Review flow: approve, bulk approve, return with a comment; the specialist sees it highlighted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from zjk_desktop.gui.context import AppContext
from zjk_desktop.gui.pages.review_page import ReviewPage
from zjk_desktop.gui.widgets.models import ID_ROLE


@pytest.fixture
def ctx(demo_store, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # A county team reviews its own county's records (a county computer with
    # no county set may change none: sync trust rules).
    county = demo_store.rows("org_unit", {"level": "county"}, limit=1)[0]
    demo_store.set_identity("county", "县服务团王科长", county["id"])
    return AppContext(demo_store, demo_store.path, settings)


def submitted(store):
    from zjk_desktop.scope import scope_for_node

    scope = scope_for_node(store)
    return {
        (k, r["id"])
        for k in ("visit", "extension", "training")
        for r in store.rows(k, {"review_state": "submitted"}, scope=scope)
    }


def select_rows(page, rows):
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            page.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def key_of(page, row):
    kind, rid = page.proxy.index(row, 0).data(ID_ROLE).split(":", 1)
    return kind, rid


def test_queue_holds_the_submitted_records(qtbot, ctx):
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    assert page.proxy.rowCount() == len(submitted(ctx.store)) > 0
    assert page.table.horizontalHeader().sortIndicatorSection() == 1


def test_bulk_approve_and_return_with_comment(qtbot, ctx, monkeypatch):
    store = ctx.store
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    total = page.proxy.rowCount()
    chosen = [key_of(page, r) for r in (0, 1, 2)]
    select_rows(page, [0, 1, 2])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.approve_button.click()
    for kind, rid in chosen:
        row = store.get(kind, rid)
        assert row["review_state"] == "approved" and row["reviewed_by"] == "县服务团王科长"
    assert page.proxy.rowCount() == total - 3  # left the queue

    # returning needs a comment
    kind, rid = key_of(page, 0)
    select_rows(page, [0])
    page.return_button.click()
    assert store.get(kind, rid)["review_state"] == "submitted"
    assert page.message.text()
    page.comment.setPlainText("请补充服务户数")
    page.return_button.click()
    row = store.get(kind, rid)
    assert row["review_state"] == "returned" and row["review_comment"] == "请补充服务户数"

    # the returned list shows it highlighted with the comment
    page.state.setCurrentIndex(page.state.findData("returned"))
    rows = [r for r in range(page.proxy.rowCount()) if key_of(page, r) == (kind, rid)]
    assert rows
    index = page.proxy.index(rows[0], 0)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "请补充服务户数"


def test_specialist_sees_returned_record_highlighted(qtbot, ctx, tmp_path):
    from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog
    from zjk_desktop.gui.pages.record_list import RecordListPage

    store = ctx.store
    row = store.rows("visit", {"review_state": "submitted"}, limit=1)[0]
    store.review("visit", row["id"], "returned", "照片不清楚，请重拍")
    store.set_identity("specialist", "特派员", specialist_id=row["specialist_id"])
    page = RecordListPage(ctx, "visit")
    qtbot.addWidget(page)
    r = page.model.row_of(row["id"])
    assert r >= 0
    assert page.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) == "照片不清楚，请重拍"
    dialog = RecordFormDialog(ctx, "visit", row["id"])
    qtbot.addWidget(dialog)
    assert "照片不清楚，请重拍" in dialog.form.banner.text() and not dialog.form.banner.isHidden()
    assert not dialog.form.editors[
        "specialist_id"
    ].isEnabled()  # a specialist records their own work


def test_search_in_queue(qtbot, ctx):
    from zjk_desktop.search import full_pinyin

    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    village = page.proxy.index(0, 2).data()
    qtbot.keyClicks(page.search, full_pinyin(village))
    qtbot.waitUntil(
        lambda: (
            all(
                full_pinyin(page.proxy.index(r, 2).data()) == full_pinyin(village)
                or full_pinyin(village)
                in full_pinyin(page.proxy.index(r, 3).data() + page.proxy.index(r, 5).data())
                for r in range(page.proxy.rowCount())
            )
            and page.proxy.rowCount() > 0
        )
    )


def test_bulk_approval_asks_with_the_count_and_no_changes_nothing(qtbot, ctx, zh_ui, monkeypatch):
    store = ctx.store
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    chosen = [key_of(page, r) for r in range(5)]
    select_rows(page, range(5))
    asked = []

    def answer_no(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    page.approve_button.click()
    assert asked == ["审核通过这 5 条记录吗？"]
    assert all(store.get(k, r)["review_state"] == "submitted" for k, r in chosen)


def test_approval_can_be_undone_right_after(qtbot, ctx, zh_ui, monkeypatch):
    store = ctx.store
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.show()
    chosen = [key_of(page, r) for r in range(4)]
    before = {key: store.get(*key) for key in chosen}
    select_rows(page, range(4))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.approve_button.click()
    assert all(store.get(k, r)["review_state"] == "approved" for k, r in chosen)
    assert page.undo_button.isVisible() and page.undo_button.text() == "撤销"
    page.undo_button.click()
    for key in chosen:
        row = store.get(*key)
        for name in ("review_state", "review_comment", "reviewed_by", "reviewed_at"):
            assert row[name] == before[key][name]
    assert not page.undo_button.isVisible()
    assert page.proxy.rowCount() >= 4  # back in the queue
    assert "撤销" in page.message.text() or "恢复" in page.message.text()
