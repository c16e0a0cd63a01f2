"""Test setup shared by all tests.

Qt runs offscreen (set before any QApplication exists); every test gets its
own user data folder so nothing touches the developer's real database.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZJK_LANG", "zh_CN")

import pytest

from zjk_desktop import i18n
from zjk_desktop.store import Store

# The GUI tests' fixtures (zh_ui, gui_settings, main_window), found by name in any test.
pytest_plugins = ["gui_fixtures"]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    data_dir = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("ZJK_DATA_DIR", str(data_dir))
    # Files a command writes to the current folder stay out of the checkout.
    monkeypatch.chdir(data_dir)
    i18n.set_language("zh_CN")
    yield data_dir
    i18n.set_language("zh_CN")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "test.sqlite3")
    yield s
    s.close()


@pytest.fixture(scope="session")
def small_demo_db(tmp_path_factory):
    """Path of a small demo database built once per test session (copy before writing)."""
    from zjk_desktop.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    s = Store.open(path)
    generate_demo(s, scale="small", seed=1)
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return path


@pytest.fixture
def demo_store(small_demo_db, tmp_path):
    """A writable copy of the small demo database."""
    import shutil

    target = tmp_path / "demo-copy.sqlite3"
    shutil.copy(small_demo_db, target)
    s = Store.open(target)
    yield s
    s.close()
