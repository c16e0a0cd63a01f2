"""Record forms: create, edit, validate, delete each kind; photos; drafts and their recovery."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from zjk_desktop.domain.entities import RECORD_KINDS, entity
from zjk_desktop.gui import drafts
from zjk_desktop.gui.context import AppContext
from zjk_desktop.gui.dialogs import record_dialog
from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog, offer_drafts
from zjk_desktop.gui.drafts import pending_drafts
from zjk_desktop.photos import PHOTO_MAX_SIDE

KIND_CHOICE = {
    "visit": ("service_type", "guidance"),
    "extension": ("ext_type", "variety"),
    "training": ("mode", "onsite"),
}


@pytest.fixture(autouse=True)
def _no_modal_prompts(monkeypatch):
    """Closing a changed form at teardown must not wait for a person (tests override this)."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def ctx(demo_store, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(demo_store, demo_store.path, settings)


def title_of(kind: str) -> str:
    """The field that names a record of ``kind`` (its spec says which)."""
    title = entity(kind).title_field
    assert title is not None
    return title


def type_chinese(widget, text):
    widget.setFocus()
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def assigned_pair(store):
    a = store.rows("assignment", limit=1)[0]
    return a["specialist_id"], a["village_id"], a["start_date"]


def fill_valid(dialog, store, kind, text="测试记录内容"):
    form = dialog.form
    sid, vid, _start = assigned_pair(store)
    form.editors["village_id"].set_current_id(vid)
    form.editors["specialist_id"].set_current_id(sid)
    form.editors["industry"].setCurrentIndex(form.editors["industry"].findData("potato"))
    name, code = KIND_CHOICE[kind]
    form.editors[name].setCurrentIndex(form.editors[name].findData(code))
    type_chinese(form.editors[title_of(kind)], text)
    if kind == "training":
        form.editors["attendees"].setText("30")  # no participants at all is a warning


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_create_edit_delete_each_kind(qtbot, ctx, kind, monkeypatch):
    from zjk_desktop.gui.pages.record_list import RecordListPage

    store = ctx.store
    before = store.count(kind)
    dialog = RecordFormDialog(ctx, kind)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    fill_valid(dialog, store, kind)
    assert dialog.dirty
    with qtbot.waitSignal(ctx.events.records_changed):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.count(kind) == before + 1
    row = store.get(kind, dialog.saved_id)
    assert row[title_of(kind)] == "测试记录内容" and row["industry"] == "potato"
    assert row["review_state"] == "draft"

    # edit: the form shows the saved values; a change is saved as a new version
    edit = RecordFormDialog(ctx, kind, dialog.saved_id)
    qtbot.addWidget(edit)
    assert edit.form.value(title_of(kind)) == "测试记录内容"
    assert not edit.dirty
    edit.form.editors[title_of(kind)].clear()
    type_chinese(edit.form.editors[title_of(kind)], "改过的内容")
    edit.submit_button.click()
    row = store.get(kind, dialog.saved_id)
    assert row[title_of(kind)] == "改过的内容" and row["review_state"] == "submitted"
    assert len(store.history(dialog.saved_id)) >= 2

    # delete from the list page (confirmation answered yes)
    page = RecordListPage(ctx, kind)
    qtbot.addWidget(page)
    assert dialog.saved_id is not None and page.select_record(dialog.saved_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_button.click()
    assert store.get(kind, dialog.saved_id) is None
    assert page.model.row_of(dialog.saved_id) == -1
    assert store.count(kind) == before


def test_invalid_field_shows_core_message_and_saves_nothing(qtbot, ctx):
    store = ctx.store
    before = store.count("visit")
    dialog = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(dialog)
    fill_valid(dialog, store, "visit")
    dialog.form.editors["village_id"].set_current_id(None)  # required village left empty
    dialog.form.editors["date"].setDate(QDate.currentDate().addDays(5))  # a date in the future
    dialog.save_button.click()
    assert store.count("visit") == before
    assert dialog.result() != QDialog.DialogCode.Accepted
    err = dialog.form.errors["village_id"]
    assert not err.isHidden() and err.text() == "服务村为必填项"
    assert (
        not dialog.form.errors["date"].isHidden()
        and dialog.form.errors["date"].text()
        == f"日期“{QDate.currentDate().addDays(5).toString('yyyy-MM-dd')}”无效，"
        f"应为不晚于今天（{QDate.currentDate().toString('yyyy-MM-dd')}）的日期"
    )
    assert dialog.form.errors["content"].isHidden()
    assert not dialog.form.banner.isHidden()
    # fixing the fields saves
    _sid, vid, _ = assigned_pair(store)
    dialog.form.editors["village_id"].set_current_id(vid)
    dialog.form.editors["date"].setDate(QDate.currentDate())
    assert dialog.save()
    assert store.count("visit") == before + 1


def test_live_validation_marks_a_touched_field(qtbot, ctx):
    dialog = RecordFormDialog(ctx, "training")
    qtbot.addWidget(dialog)
    hours = dialog.form.editors["hours"]
    hours.setText("23.5")
    type_chinese(dialog.form.editors["topic"], "x")
    dialog.form.editors["topic"].clear()  # required topic emptied after typing
    qtbot.waitUntil(lambda: not dialog.form.errors["topic"].isHidden())
    assert dialog.form.errors["topic"].text() == "培训主题为必填项"
    assert dialog.form.errors["village_id"].isHidden()  # untouched fields stay quiet


def test_escape_asks_about_unsaved_changes(qtbot, ctx, monkeypatch):
    dialog = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    type_chinese(dialog.form.editors["content"], "还没保存")
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    asked = []

    def question(*a, **k):
        asked.append(a[2])
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.autosave()
    assert dialog.draft_path.exists()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # cancelled: keep editing
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.draft_path.exists()  # discarded


def test_draft_survives_a_crash_and_is_offered_back(qtbot, ctx, monkeypatch):
    store = ctx.store
    monkeypatch.setattr(record_dialog, "AUTOSAVE_MS", 50)
    dialog = RecordFormDialog(ctx, "visit")
    fill_valid(dialog, store, "visit", text="断电前输入的内容")
    qtbot.waitUntil(lambda: dialog.draft_path.exists())
    saved = json.loads(dialog.draft_path.read_text(encoding="utf-8"))
    assert saved["values"]["content"] == "断电前输入的内容"
    # "kill the program": the dialog vanishes without any close handling
    import shiboken6

    dialog._autosave.stop()
    dialog._live.stop()
    shiboken6.delete(dialog)

    drafts = pending_drafts(ctx)
    assert len(drafts) == 1 and drafts[0].kind == "visit"
    before = store.count("visit")
    seen = {}

    def restore_first(box):
        seen["text"] = box.text()
        box.buttons()[0].click()  # "Restore"
        return 0

    def save_restored(dlg):
        seen["content"] = dlg.form.value("content")
        seen["banner"] = dlg.form.banner.text()
        assert dlg.save()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QMessageBox, "exec", restore_first)
    monkeypatch.setattr(RecordFormDialog, "exec", save_restored)
    assert offer_drafts(ctx, None) == 1
    assert "走访记录" in seen["text"]
    assert seen["content"] == "断电前输入的内容" and seen["banner"]
    assert store.count("visit") == before + 1
    assert pending_drafts(ctx) == []


def test_warnings_are_shown_and_a_second_save_confirms(qtbot, ctx):
    store = ctx.store
    before = store.count("training")
    dialog = RecordFormDialog(ctx, "training")
    qtbot.addWidget(dialog)
    fill_valid(dialog, store, "training")
    dialog.form.editors["attendees"].clear()  # "—": nobody attended, nobody watched
    assert not dialog.save()
    assert store.count("training") == before
    assert not dialog.form.errors["attendees"].isHidden()
    assert dialog.save()
    assert store.count("training") == before + 1


def test_photos_are_stored_by_content_and_saved_with_the_record(qtbot, ctx, tmp_path):
    store = ctx.store
    image = QImage(2400, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    big = tmp_path / "field.png"
    image.save(str(big))
    bad = tmp_path / "notes.jpg"
    bad.write_bytes(b"not an image")
    dialog = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(dialog)
    fill_valid(dialog, store, "visit")
    strip = dialog.form.editors["photos"]
    refused = strip.add_files([str(big), str(bad)])
    assert len(refused) == 1 and "notes.jpg" in refused[0]
    assert strip.list.count() == 1
    assert dialog.save()
    photos = store.get("visit", dialog.saved_id)["photos"]
    assert len(photos) == 1 and store.has_blob(photos[0])
    stored = QImage.fromData(store.get_blob(photos[0]))
    assert max(stored.width(), stored.height()) == PHOTO_MAX_SIDE  # scaled down


def make_conflict(store, field="content", theirs="另一台电脑改的", mine="本机改的"):
    import time

    from zjk_desktop.store.versions import Version

    row = store.rows("visit", limit=1)[0]
    before = store.versions_of(row["id"])[-1].stamp
    store.update("visit", row["id"], {field: mine})
    other = Version(
        node_id="ffffeeee00001111",
        counter=1,
        stamp=f"{int(time.time() * 1000) + 5}-0000-ffffeeee00001111",
        entity="visit",
        record_id=row["id"],
        op="update",
        fields={field: theirs},
        base={field: [before]},
        actor="乡镇服务站",
    )
    assert store.apply_versions([other]) == ["conflict"]
    return row["id"]


def test_history_lists_every_version_old_to_new(qtbot, ctx):
    from zjk_desktop.gui.dialogs.history_dialog import HistoryDialog

    rid = ctx.store.rows("visit", limit=1)[0]["id"]
    old = ctx.store.get("visit", rid)["content"]
    ctx.store.update("visit", rid, {"content": "第二版内容"})
    dialog = HistoryDialog(ctx, "visit", rid)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 2
    edit = dialog.tree.topLevelItem(1)
    assert "修改" in edit.text(0) or "Edited" in edit.text(0)
    rows = [
        (edit.child(i).text(0), edit.child(i).text(2), edit.child(i).text(3))
        for i in range(edit.childCount())
    ]
    assert rows == [("服务内容", old, "第二版内容")]


def test_conflict_pick_the_other_value_or_type_a_new_one(qtbot, ctx):
    from zjk_desktop.gui.dialogs.conflict_dialog import ConflictDialog
    from zjk_desktop.gui.pages.record_list import RecordListPage

    rid = make_conflict(ctx.store)
    page = RecordListPage(ctx, "visit")
    qtbot.addWidget(page)
    page.select_record(rid)
    assert not page.conflict_button.isHidden()
    dialog = ConflictDialog(ctx, rid)
    qtbot.addWidget(dialog)
    choice = dialog.choices[0]
    texts = [b.text() for b, _v in choice.buttons]
    assert len(texts) == 2
    assert any("乡镇服务站" in t for t in texts)  # who saved the other value
    # keep the local value, which lost the automatic merge
    loser = next(b for b, v in choice.buttons if v == "本机改的")
    loser.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.store.get("visit", rid)["content"] == "本机改的"
    assert ctx.store.conflicts(rid) == []
    page.select_record(rid)
    assert page.conflict_button.isHidden()


def test_conflict_new_typed_value(qtbot, ctx):
    from zjk_desktop.gui.dialogs.conflict_dialog import ConflictDialog

    rid = make_conflict(ctx.store, field="people_served", theirs=12, mine=15)
    dialog = ConflictDialog(ctx, rid)
    qtbot.addWidget(dialog)
    choice = dialog.choices[0]
    assert choice.title() == "服务人数"
    choice.other_text.setText("-3")
    choice.other.setChecked(True)
    dialog.apply()
    assert not dialog.error.isHidden() and dialog.error.text()  # the core's message, nothing saved
    assert ctx.store.conflicts(rid)
    choice.other_text.setText("14")
    dialog.apply()
    assert ctx.store.get("visit", rid)["people_served"] == 14
    assert ctx.store.conflicts(rid) == []


def test_photo_dragged_onto_the_form(qtbot, ctx, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    path = tmp_path / "photo.jpg"
    image.save(str(path))
    dialog = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(dialog)
    strip = dialog.form.editors["photos"]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(5, 5),  # QDragEnterEvent takes a QPoint (QPointF only from PySide6 6.10)
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(strip, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(strip, drop)
    assert strip.list.count() == 1 and dialog.dirty
    assert ctx.store.get_blob(strip.digests()[0]) == path.read_bytes()  # small JPEG kept as is


def test_optional_date_starts_empty_and_can_be_cleared(qtbot, ctx):
    dialog = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(dialog)
    edit = dialog.form.editors["follow_up_date"]
    assert dialog.form.value("follow_up_date") is None and edit.text() == "—"
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert dialog.form.value("follow_up_date") == QDate.currentDate().toString("yyyy-MM-dd")
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert dialog.form.value("follow_up_date") is None


def test_drafts_of_other_databases(ctx, tmp_path):
    from zjk_desktop.gui.drafts import drafts_dir, write_draft

    gone = drafts_dir() / "visit-gone.json"
    write_draft(
        gone, "visit", None, {"content": "演示库里的草稿"}, tmp_path / "deleted-demo.sqlite3"
    )
    other_db = tmp_path / "other.sqlite3"
    other_db.write_bytes(b"")
    other = drafts_dir() / "visit-other.json"
    write_draft(other, "visit", None, {"content": "另一个库的草稿"}, other_db)
    mine = drafts_dir() / "visit-mine.json"
    write_draft(mine, "visit", None, {"content": "本库草稿"}, ctx.db_path)
    assert [d.values["content"] for d in pending_drafts(ctx)] == ["本库草稿"]
    assert not gone.exists() and other.exists()  # a vanished demo's draft is cleaned up


def test_empty_number_fields_still_show_their_unit(qtbot, ctx):
    dialog = RecordFormDialog(ctx, "training")
    qtbot.addWidget(dialog)
    hours = dialog.form.editors["hours"]
    attendees = dialog.form.editors["attendees"]
    assert dialog.form.value("hours") is None and hours.unit() == "小时" and hours.text() == ""
    assert dialog.form.value("attendees") is None and attendees.unit() == "人"
    assert attendees.unit_label.isVisibleTo(attendees)
    attendees.setText("12")
    assert dialog.form.value("attendees") == 12


@pytest.mark.parametrize("kind", ["visit", "training"])
def test_a_kill_between_save_and_draft_removal_never_duplicates(qtbot, ctx, kind, monkeypatch):
    """Fault injection: the program dies right after the record is written."""
    store = ctx.store
    before = store.count(kind)
    dialog = RecordFormDialog(ctx, kind)
    qtbot.addWidget(dialog)
    fill_valid(dialog, store, kind)
    dialog.autosave()  # typing was autosaved as usual

    class Killed(BaseException):
        pass

    kill = [True]
    original_discard = RecordFormDialog.discard_draft

    def die(self):
        if kill[0]:
            raise Killed()
        original_discard(self)

    monkeypatch.setattr(RecordFormDialog, "discard_draft", die)
    with pytest.raises(Killed):
        dialog.save()
    kill[0] = False
    assert store.count(kind) == before + 1
    assert dialog.draft_path.exists()  # the kill left the draft behind

    # Next start: the draft's record exists with the same values; nothing is offered.
    asked = []

    def _record_asked(box):
        asked.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", _record_asked)
    assert pending_drafts(ctx) == []
    assert offer_drafts(ctx) == 0
    assert asked == [] and not dialog.draft_path.exists()
    assert store.count(kind) == before + 1
    dialog.dirty = False
    dialog.done(0)


def test_a_draft_edited_after_its_save_reopens_that_record(qtbot, ctx, monkeypatch):
    """Saved, then typed on and the power failed: the draft edits the saved record."""
    store = ctx.store
    before = store.count("visit")
    dialog = RecordFormDialog(ctx, "visit")
    qtbot.addWidget(dialog)
    fill_valid(dialog, store, "visit")
    draft_path = dialog.draft_path
    kill = [True]
    original_discard = RecordFormDialog.discard_draft
    monkeypatch.setattr(
        RecordFormDialog, "discard_draft", lambda self: None if kill[0] else original_discard(self)
    )
    assert dialog.save(close=False)  # ... and the draft's removal never happened
    kill[0] = False
    saved = dialog.saved_id
    data = json.loads(draft_path.read_text(encoding="utf-8"))
    assert data["saving_as"] == saved  # the draft knows the record it became
    data["values"]["content"] = "断电前又补充的内容"
    drafts.write_draft(draft_path, "visit", None, data["values"], ctx.db_path, saved)
    (draft,) = pending_drafts(ctx)
    assert draft.target_id == saved

    opened = []

    def fake_exec(self):
        if isinstance(self, QMessageBox):
            self.clickedButton = lambda: self.buttons()[0]  # type: ignore[method-assign]  # "Restore"
            return 0
        opened.append(self.record_id)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(RecordFormDialog, "exec", fake_exec)
    assert offer_drafts(ctx) == 1
    assert opened == [saved]
    assert store.count("visit") == before + 1
    dialog.dirty = False
    dialog.done(0)


def test_conflict_dialog_names_the_record_and_opens_it(qtbot, ctx, monkeypatch):
    from zjk_desktop.gui.dialogs.conflict_dialog import ConflictDialog
    from zjk_desktop.search import roster_index

    rid = make_conflict(ctx.store)
    row = ctx.store.get("visit", rid)
    index = roster_index(ctx.store)
    dialog = ConflictDialog(ctx, rid)
    qtbot.addWidget(dialog)
    title = dialog.record_label.text()
    for part in (
        "走访",
        row["date"],
        index.villages.name(row["village_id"]),
        index.specialists.name(row["specialist_id"]),
    ):
        assert part in title
    opened = []

    def _record_opened(self):
        opened.append(self.record_id)
        return 0

    monkeypatch.setattr(RecordFormDialog, "exec", _record_opened)
    dialog.open_button.click()
    assert opened == [rid]
