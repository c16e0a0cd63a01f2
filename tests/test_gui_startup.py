"""Start-up: the main window is on screen before the database opens, then filled in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

from zjk_desktop.gui.mainwindow import ACTOR_HINT, DB_HINT, ROLE_HINT, MainWindow
from zjk_desktop.gui.testing import make_ctx, wait_idle

ROOT = Path(__file__).resolve().parent.parent

# Runs the real start-up (``main``) and records what the first paint had imported.
FIRST_PAINT_PROBE = """
import json, sys
from zjk_desktop.gui import app, mainwindow
seen = {}
original = mainwindow.MainWindow.paintEvent
def paint(self, event):
    original(self, event)
    seen.setdefault("modules", sorted(sys.modules))
    seen.setdefault("opening", self.opening_label.text() if not self.loaded else "")
mainwindow.MainWindow.paintEvent = paint
code = app.main(["--smoke", "--db", sys.argv[1]])
print(json.dumps({"code": code, **seen}, ensure_ascii=False))
"""


def run_start(probe: str, db: Path, data: Path, last_session: str | None = None) -> dict:
    """The real start-up (``app.main --smoke``) in a fresh process with its own data folder;
    ``last_session``: the [startup] lines an earlier session left in its settings."""
    data.mkdir(exist_ok=True)
    if last_session is not None:
        (data / "settings.ini").write_text(f"[startup]\n{last_session}\n")
    env = dict(os.environ, ZJK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen", ZJK_LANG="zh_CN")
    result = subprocess.run(
        [sys.executable, "-c", probe, str(db)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=False,  # the exit code is asserted
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_first_paint_comes_before_the_database_and_its_libraries(small_demo_db, tmp_path):
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(small_demo_db.read_bytes())
    # not the first start: the last session used this database as a county
    seen = run_start(FIRST_PAINT_PROBE, db, tmp_path / "data", f"role=county\ndb={db.resolve()}")
    assert seen["code"] == 0  # and the window then filled with the data (smoke ok)
    assert seen["opening"] == "正在打开数据库…"
    heavy = [m for m in seen["modules"] if m.split(".")[0] in ("sqlite_utils", "click", "dateutil")]
    assert heavy == []
    assert "zjk_desktop.store" not in seen["modules"]


def test_first_start_opens_the_database_before_the_window(small_demo_db, tmp_path):
    """No earlier session: the sidebar depends on the database's role, so it opens first."""
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(small_demo_db.read_bytes())
    seen = run_start(FIRST_PAINT_PROBE, db, tmp_path / "data")
    assert seen["code"] == 0 and seen["opening"] == ""  # painted with its data at once


def test_another_database_than_last_time_opens_before_the_window(small_demo_db, tmp_path):
    """The sidebar hint is the last session's database's: ``--db`` of another database (maybe
    another role's) must not paint the last role's sidebar first."""
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(small_demo_db.read_bytes())
    other = tmp_path / "other.sqlite3"
    last = f"role=specialist\ndb={other.resolve()}"
    seen = run_start(FIRST_PAINT_PROBE, db, tmp_path / "data", last)
    assert seen["code"] == 0 and seen["opening"] == ""  # painted with its own data at once
    assert "zjk_desktop.store" in seen["modules"]


def test_window_before_the_database_opens_looks_like_the_last_session(
    qtbot, demo_store, gui_settings, zh_ui
):
    gui_settings.setValue(ROLE_HINT, "specialist")
    gui_settings.setValue(ACTOR_HINT, "示例王建国")
    last_time = MainWindow(None, settings=gui_settings)  # the last session's window size
    qtbot.addWidget(last_time)
    last_time.resize(780, 600)
    last_time.save_layout()
    window = MainWindow(None, settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.loaded and window.smoke_pending()
    assert "review" not in window.nav_keys  # a specialist's sidebar, as last time
    shown = window.stack.currentWidget()
    assert isinstance(shown, QLabel) and shown.text() == "正在打开数据库…"
    assert "示例王建国" in window.node_label.text()
    size = window.size()
    assert size == QSize(780, 600)

    window.attach(make_ctx(demo_store, gui_settings))  # the demo database is a county's
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    wait_idle(qtbot, window)
    assert window.size() == size  # filled in place: no resize
    assert "review" in window.nav_keys
    assert window.current_page_key() == "dashboard"
    assert window.stack.currentWidget() is window.pages["dashboard"]
    assert window.smoke_problem() is None
    assert gui_settings.value(ROLE_HINT) == "county"  # next start paints the county's sidebar
    assert gui_settings.value(DB_HINT) == str(
        Path(str(window.ctx.db_path)).resolve()
    )  # for this db
    window.shutdown()


def test_a_page_chosen_while_the_database_opens_is_the_one_shown(
    qtbot, demo_store, gui_settings, zh_ui
):
    window = MainWindow(None, settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.nav_keys.index("visit"))
    assert window.pages == {}  # nothing is built before the database is open
    window.attach(make_ctx(demo_store, gui_settings))
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    wait_idle(qtbot, window)
    assert window.current_page_key() == "visit"
    assert window.stack.currentWidget() is window.pages["visit"]
    window.shutdown()


# Records what the window said while the database was being opened (upgraded).
UPGRADE_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
from zjk_desktop.gui import app, mainwindow
from zjk_desktop.store import Store
seen = {}
original = Store.open.__func__
def open_(cls, *args, **kwargs):
    for w in QApplication.topLevelWidgets():
        if isinstance(w, mainwindow.MainWindow) and not w.loaded:
            seen.setdefault("said", w.opening_label.text())
    return original(cls, *args, **kwargs)
Store.open = classmethod(open_)
code = app.main(["--smoke", "--db", sys.argv[1]])
print(json.dumps({"code": code, **seen}, ensure_ascii=False))
"""


def test_an_upgrade_is_announced_before_it_holds_the_window(tmp_path):
    """Opening a database of an older schema upgrades it (after a backup): at a province's
    size that takes minutes, so the window says so before, not just 正在打开数据库…"""
    import sqlite_utils

    from zjk_desktop.store import migrations

    db = tmp_path / "old.sqlite3"
    old = sqlite_utils.Database(db)
    migrations.migrate(old, db, up_to=migrations.LATEST - 1)
    old.close()
    assert migrations.upgrade_pending(db)
    seen = run_start(UPGRADE_PROBE, db, tmp_path / "data", f"role=county\ndb={db.resolve()}")
    assert seen["said"].startswith("正在把数据库升级到本版程序")
    assert not migrations.upgrade_pending(db)  # upgraded
    assert list(tmp_path.glob(f"old.v{migrations.LATEST - 1}-*.bak.sqlite3"))  # backed up first
