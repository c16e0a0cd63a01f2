"""The shell: start-up (smoke), crash path, main window navigation, status, drops, tasks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from zjk_desktop.gui import crash
from zjk_desktop.gui.mainwindow import MainWindow
from zjk_desktop.gui.testing import make_ctx, wait_idle
from zjk_desktop.store import Range

ROOT = Path(__file__).resolve().parent.parent


def run_program(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, ZJK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        capture_output=True,
        check=False,  # the exit code is asserted
        text=True,
        timeout=120,
    )


def test_smoke_opens_main_window_with_data(small_demo_db, tmp_path):
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(small_demo_db.read_bytes())
    result = run_program("--smoke", "--db", str(db), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "smoke ok" in result.stdout
    assert "visit=700" in result.stdout or "visit=" in result.stdout


def test_smoke_without_a_database_uses_a_throwaway_demo_in_english(tmp_path):
    result = run_program("--smoke", "--lang", "en", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "demo data (not saved)" in result.stdout and "visit=700" in result.stdout
    assert not (tmp_path / "data" / "zjk.sqlite3").exists()  # the user's database is untouched


def test_smoke_fails_with_one_line_on_a_broken_database(tmp_path):
    db = tmp_path / "broken.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    result = run_program("--smoke", "--db", str(db), data_dir=tmp_path / "data")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "broken.sqlite3" in lines[0]


def test_excepthook_logs_and_shows_dialog(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown = []
    log_path = crash.install(dialog=lambda summary, details: shown.append((summary, details)))
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert shown and "boom in a slot" in shown[0][0]
    assert "Traceback" in shown[0][1]
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    assert "boom in a slot" in log_path.read_text("utf-8")
    crash.set_dialog(None)


def test_hard_crash_of_previous_run_is_reported_once(monkeypatch):
    from zjk_desktop.paths import user_log_dir

    fault = user_log_dir() / crash.FAULT_FILE
    fault.write_text("Fatal Python error: Segmentation fault\n  File main.py, line 1", "utf-8")
    report = crash.previous_fault()
    assert report is not None and "Segmentation fault" in report
    assert not fault.exists() or fault.read_text("utf-8") == ""
    assert list(user_log_dir().glob("crash-*.log"))
    assert crash.previous_fault() is None


def test_navigation_for_county_has_every_page(main_window):
    labels = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert labels == [
        "工作台",
        "走访记录",
        "技术推广",
        "培训",
        "村庄",
        "特派员",
        "审核",
        "同步",
        "报表",
        "需求与回访",
        "年度考核",
        "设置",
    ]


def test_specialist_sees_no_review_page(qtbot, demo_store, gui_settings, zh_ui):
    person = demo_store.rows("specialist", limit=1)[0]
    demo_store.set_identity("specialist", person["name"], person["org_id"], person["id"])
    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    try:
        assert "review" not in window.nav_keys
        assert "特派员" in window.role_label.text()
        assert person["name"] in window.node_label.text()
    finally:
        window.shutdown()


def test_every_page_opens_under_its_sidebar_name(main_window, qtbot):
    from PySide6.QtWidgets import QLabel

    for row, key in enumerate(main_window.nav_keys):
        page = main_window.show_page(key)
        assert main_window.stack.currentWidget() is page and page.isVisible()
        assert main_window.nav.currentRow() == row  # the sidebar follows
        name = main_window.nav.item(row).text()
        texts = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
        # A heading names the page, maybe at more length (需求与回访 → 农户需求与满意度回访).
        assert any(set(name) <= set(text) for text in texts), f"{key}: {name} not in {texts[:5]}"
    wait_idle(qtbot, main_window)


def test_ctrl_and_a_number_opens_that_sidebar_page(main_window, qtbot):
    main_window.show()
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == main_window.nav_keys[1] == "visit"
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "dashboard"


def test_status_bar_shows_role_and_the_townships_a_county_waits_for(main_window, demo_store):
    from zjk_desktop.queries import overdue_townships
    from zjk_desktop.scope import scope_for_node

    assert "县服务团" in main_window.role_label.text()
    # A county sends rosters down, not changes up: it watches the townships' files instead.
    text = main_window.unsent_label.text()
    assert "未发送" not in text and text.startswith("逾期未报送的乡镇：")
    overdue = overdue_townships(demo_store, scope_for_node(demo_store))
    assert int(text.split("：")[1]) == len(overdue)
    tip = main_window.unsent_label.toolTip()
    assert all(name in tip for name in overdue) and (tip == "") == (not overdue)


def test_dashboard_shows_this_months_counts_and_gap_villages(main_window, demo_store):
    import datetime as dt

    dash: Any = main_window.pages["dashboard"]
    first = dt.date.today().replace(day=1).isoformat()
    # The dashboard counts as the reports do: submitted and approved records, and says so.
    visits = demo_store.count(
        "visit", {"date": Range(first), "review_state": ("submitted", "approved")}
    )
    assert dash.cards["visit"].value.text() == str(visits)
    assert dash.status.text().startswith("统计口径：计入已提交、已审核的记录")
    every_gap = dash.data["gap_villages"][30]
    in_program = [v for v in every_gap if v["in_program"]]
    assert dash.program_only.isChecked()
    assert dash.gap_model.rowCount() == len(in_program) > 0
    dash.program_only.setChecked(False)
    assert dash.gap_model.rowCount() == len(every_gap) > len(in_program)


def test_dashboard_gap_village_click_goes_to_villages(main_window, qtbot):
    dash: Any = main_window.pages["dashboard"]
    assert dash.gap_model.rowCount() > 0
    village_id = dash.gap_model.item(0, 0).data(Qt.ItemDataRole.UserRole)
    dash.gap_view.doubleClicked.emit(dash.gap_model.index(0, 0))
    assert main_window.current_page_key() == "villages"
    villages = main_window.pages["villages"]
    selected = villages.table.selectionModel().selectedRows()
    assert [index.data(Qt.ItemDataRole.UserRole + 1) for index in selected] == [village_id]


def test_returned_record_click_opens_its_form(main_window, qtbot, monkeypatch):
    from zjk_desktop.gui.pages.record_list import RecordListPage

    opened = []
    monkeypatch.setattr(
        RecordListPage, "open_record", lambda self, rid: opened.append((self.kind, rid))
    )
    dash: Any = main_window.pages["dashboard"]
    assert dash.returned_model.rowCount() > 0
    kind, record_id = dash.returned_model.item(0, 0).data(Qt.ItemDataRole.UserRole)
    dash.returned_view.doubleClicked.emit(dash.returned_model.index(0, 0))
    assert opened == [(kind, record_id)]
    assert main_window.current_page_key() == kind
    assert main_window.ctx.store.get(kind, record_id)["review_state"] == "returned"


def test_dropping_a_sync_file_imports_it(main_window, monkeypatch, tmp_path):
    from zjk_desktop.gui.pages.sync_page import SyncPage

    seen = []
    monkeypatch.setattr(SyncPage, "import_files", lambda self, paths: seen.append(paths))
    package = tmp_path / "from-specialist.zjkpkg"
    package.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(package)), QUrl.fromLocalFile(str(tmp_path / "a.txt"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    assert seen == [[package]]
    assert main_window.current_page_key() == "sync"


def test_window_geometry_is_remembered(qtbot, demo_store, gui_settings, zh_ui):
    first = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 560)
    first.close()
    first.shutdown()
    second = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(second)
    try:
        assert (second.width(), second.height()) == (780, 560)
    finally:
        second.shutdown()


def test_language_switch_applies_live(main_window, qtbot):
    from zjk_desktop.gui.pages.settings_page import SettingsPage

    page = main_window.show_page("settings")
    assert isinstance(page, SettingsPage)
    visits_page = main_window.show_page("visit")
    main_window.show_page("settings")
    page.language.setCurrentIndex(page.language.findData("en"))
    try:
        labels = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
        assert labels[:3] == ["Dashboard", "Visits", "Extension"]
        assert main_window.role_label.text() == "Role: County team"
        assert page.heading.text() == "Settings"
        assert main_window.pages["dashboard"].heading.text() == "Dashboard"
        assert visits_page is main_window.pages["visit"]  # same widgets: nothing typed is lost
        assert main_window.ctx.settings.value("language") == "en"
    finally:
        page.language.setCurrentIndex(page.language.findData("zh_CN"))
    assert main_window.nav.item(0).text() == "工作台"


def test_background_job_runs_on_its_own_connection(main_window, qtbot):
    results = []

    def job(store, progress, should_cancel):
        progress(1, 2)
        return threading.get_ident(), store is not main_window.ctx.store, store.count("visit")

    main_window.tasks.run(job, lambda r, e: results.append((r, e)), show_progress=False)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    (thread, separate, visits), error = results[0]
    assert error is None and separate and visits == 700
    assert thread != threading.get_ident()


def test_background_job_error_is_shown(main_window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))

    def job(store, progress, should_cancel):
        raise RuntimeError("the USB stick was removed")

    main_window.tasks.run(job, title="Export", show_progress=False)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    # Shown, in the user's language, never as Python's own text (that goes to the log).
    assert "USB stick" not in shown[0] and "RuntimeError" not in shown[0]
    assert "日志" in shown[0] or "log file" in shown[0]


def test_cancelled_job_reports_cancel_to_its_callback(main_window, qtbot):
    from zjk_desktop.gui.tasks import Cancelled

    started = threading.Event()
    outcome = []

    def job(store, progress, should_cancel):
        started.set()
        for _ in range(500):
            if should_cancel():
                raise Cancelled()
            threading.Event().wait(0.01)
        return "finished"

    job_id = main_window.tasks.run(job, lambda r, e: outcome.append((r, e)), show_progress=True)
    qtbot.waitUntil(started.is_set, timeout=5000)
    main_window.tasks.cancel(job_id)
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    assert outcome[0][0] is None and isinstance(outcome[0][1], Cancelled)


def test_translations_are_complete_and_current():
    """Every GUI string (code and .ui) has Chinese, and the .ts files match the sources.

    Fails with the list of strings to add to resources/translations/catalog_*.py, or asks
    to run tools/update_translations.py after strings changed.
    """
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
        capture_output=True,
        check=False,  # the exit code is asserted
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_standard_buttons_follow_the_language(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from zjk_desktop.gui.translations import TRANSLATIONS

    try:
        TRANSLATIONS.apply("zh_CN")  # loads Qt's own qtbase_zh_CN.qm too
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
        TRANSLATIONS.apply("en")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        assert sorted(b.text() for b in box.buttons()) == ["Cancel", "OK"]
    finally:
        TRANSLATIONS.apply("zh_CN")


def test_translations_work_without_a_compiled_qm(qapp, monkeypatch):
    """First start from a checkout: the .ts is read at once, the .qm is built for next time."""
    from zjk_desktop.gui import translations

    monkeypatch.setattr(translations, "compiled_qm", lambda lang, build=True: None)
    monkeypatch.setattr(translations, "_build_later", lambda lang: None)
    try:
        translations.TRANSLATIONS.apply("zh_CN")
        assert any(
            isinstance(t, translations.TsTranslator) for t in translations.TRANSLATIONS.installed
        )
        from PySide6.QtCore import QCoreApplication

        assert QCoreApplication.translate("MainWindow", "Dashboard") == "工作台"
    finally:
        monkeypatch.undo()
        translations.TRANSLATIONS.apply("zh_CN")


def test_import_option_opens_sync_page_and_imports(main_window, qtbot, monkeypatch, tmp_path):
    from zjk_desktop.gui.pages.sync_page import SyncPage

    seen = []
    monkeypatch.setattr(SyncPage, "import_files", lambda self, paths: seen.append(paths))
    package = tmp_path / "from-township.zjkpkg"
    package.write_bytes(b"x")
    main_window.after_start([package])
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [[package]] and main_window.current_page_key() == "sync"


def test_crash_dialog_names_the_log_file(qapp, monkeypatch, zh_ui):
    seen = {}

    def fake_exec(box):
        seen["title"] = box.windowTitle()
        seen["text"] = box.text() + "\n" + box.informativeText()
        seen["details"] = box.detailedText()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    log_path = crash.install(dialog=crash.show_crash_dialog)
    try:
        try:
            {"present": 1}["missing"]
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        crash.set_dialog(None)
    assert seen["title"] == "意外错误"
    assert str(log_path) in seen["text"] and "KeyError" in seen["text"]
    assert "Traceback" in seen["details"]


def test_specialist_dashboard_counts_only_their_own_work(qtbot, demo_store, gui_settings, zh_ui):
    import datetime as dt

    person = demo_store.rows("specialist", limit=1)[0]
    demo_store.set_identity("specialist", person["name"], person["org_id"], person["id"])
    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
        dash: Any = window.pages["dashboard"]
        first = dt.date.today().replace(day=1).isoformat()
        own = demo_store.count("visit", {"date": Range(first), "specialist_id": person["id"]})
        assert dash.cards["visit"].value.text() == str(own)
        assigned = demo_store.count("assignment", {"specialist_id": person["id"]})
        assert dash.data["villages"] == assigned
        assert person["name"] in dash.scope_label.text()
    finally:
        window.shutdown()


def make_conflict(store) -> str:
    """Two computers change one visit's content at the same time: a conflict to resolve."""
    import time as _time

    from zjk_desktop.domain.hlc import format_stamp
    from zjk_desktop.store.versions import Version

    visit = store.rows("visit", order_by="-date", limit=1)[0]
    base = [store.versions_of(visit["id"])[-1].stamp]
    store.update("visit", visit["id"], {"content": "本机的修改"})
    remote = Version(
        node_id="ffffffffffff0001",
        counter=1,
        stamp=format_stamp(int(_time.time() * 1000) + 5, 0, "ffffffffffff0001"),
        entity="visit",
        record_id=visit["id"],
        op="update",
        fields={"content": "乡镇的修改"},
        base={"content": base},
        actor="乡镇",
    )
    assert store.apply_versions([remote]) == ["conflict"]
    return visit["id"]


def test_dashboard_lists_conflicts_and_opens_them(
    qtbot, demo_store, gui_settings, zh_ui, monkeypatch
):
    from zjk_desktop.gui.dialogs.conflict_dialog import ConflictDialog

    record_id = make_conflict(demo_store)
    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
        dash: Any = window.pages["dashboard"]
        assert dash.cards["conflicts"].value.text() == "1"
        assert not dash.conflict_box.isHidden() and dash.conflict_model.rowCount() == 1
        values = dash.conflict_model.item(0, 3).text()
        assert "本机的修改" in values and "乡镇的修改" in values
        opened = []

        def _record_opened(self):
            opened.append(self.record_id)
            return 0

        monkeypatch.setattr(ConflictDialog, "exec", _record_opened)
        dash.cards["conflicts"].clicked.emit()
        assert opened == [record_id]
    finally:
        window.shutdown()


def test_status_bar_warns_when_this_computers_clock_ran_ahead(main_window, demo_store):
    import time

    from zjk_desktop.domain.hlc import format_stamp

    assert not main_window.clock_label.isVisible()
    demo_store.clock.observe(format_stamp(int(time.time() * 1000) + 90 * 86_400_000, 0, "0" * 16))
    main_window.refresh_status()
    assert main_window.clock_label.isVisible()
    assert "时钟超前" in main_window.clock_label.text()
    assert "下次保存时会自动更正" in main_window.clock_label.toolTip()


def test_status_bar_names_a_clock_far_behind(main_window, demo_store):
    import time

    assert not main_window.clock_label.isVisible()
    # A file from another computer made 400 days after this computer's clock.
    demo_store.set_meta(
        "peer_clock_ms", str(int(time.time() * 1000) + 400 * 86_400_000 + 3_600_000)
    )
    main_window.refresh_status()
    assert main_window.clock_label.isVisible()
    assert main_window.clock_label.text() == "时钟慢了 400 天"
    assert "校正本机的日期和时间" in main_window.clock_label.toolTip()
