"""Installing a newer build over an older one keeps the user's data and upgrades the schema.

The fixture is a database as the previous release left it (migrations up to
LATEST - 1, rows written the way that schema allowed; see installer/previous_schema.py).
The current program — the store, the ``zjk`` command — opens it: every record is still
there with the same values, the schema is the latest, a backup of the old file was made
first, and the upgraded database takes new edits.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from zjk_desktop import cli
from zjk_desktop.store import Store
from zjk_desktop.store.migrations import LATEST

ROOT = Path(__file__).resolve().parent.parent


def _load_previous_schema():
    spec = importlib.util.spec_from_file_location(
        "previous_schema", ROOT / "installer" / "previous_schema.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


previous_schema = _load_previous_schema()

pytestmark = pytest.mark.skipif(
    LATEST < 2, reason="only one schema version exists: nothing to upgrade from"
)


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def old_db(tmp_path):
    info = previous_schema.make_previous_version_db(tmp_path / "zjk.sqlite3")
    assert _user_version(tmp_path / "zjk.sqlite3") == LATEST - 1
    return info


def _comparable(row: dict) -> dict:
    # Bookkeeping columns a later migration may add are not the user's data.
    return {k: v for k, v in row.items() if not k.startswith("_")}


def test_current_store_opens_previous_release_database_and_keeps_every_record(old_db):
    path = Path(old_db["path"])
    store = Store.open(path)
    try:
        assert store.schema_version == LATEST
        for kind, before in old_db["records"].items():
            after = store.get(kind, before["id"])
            assert after is not None, f"{kind} lost in the upgrade"
            assert _comparable(after) == {
                k: v for k, v in _comparable(before).items() if k in after
            }
        visit = store.get("visit", old_db["ids"]["visit"])
        assert visit is not None
        assert visit["content"] == '马铃薯晚疫病田间诊断 <b>&</b> "防治"'
        assert visit["people_served"] == 31
        assert len(store.history(old_db["ids"]["visit"])) == 2  # create + the later edit
        assert store.node_id == old_db["node_id"]  # same installation, not a new node
        for table, n in old_db["counts"].items():
            assert store.db[table].count == n, table
    finally:
        store.close()


def test_upgrade_takes_a_backup_of_the_old_file_first(old_db):
    path = Path(old_db["path"])
    Store.open(path).close()
    backups = sorted(path.parent.glob(f"zjk.v{LATEST - 1}-*.bak.sqlite3"))
    assert len(backups) == 1, sorted(p.name for p in path.parent.iterdir())
    assert _user_version(backups[0]) == LATEST - 1
    conn = sqlite3.connect(backups[0])
    try:
        content = conn.execute(
            "SELECT content FROM visit WHERE id = ?", (old_db["ids"]["visit"],)
        ).fetchone()
    finally:
        conn.close()
    assert content == ('马铃薯晚疫病田间诊断 <b>&</b> "防治"',)
    # Opening the upgraded file again neither migrates nor backs up again.
    Store.open(path).close()
    assert len(list(path.parent.glob("zjk.v*.bak.sqlite3"))) == 1


def test_upgraded_database_takes_new_edits_with_history(old_db):
    path = Path(old_db["path"])
    visit_id = old_db["ids"]["visit"]
    with Store.open(path) as store:
        store.update("visit", visit_id, {"households_served": 15})
    with Store.open(path) as store:
        visit = store.get("visit", visit_id)
        assert visit is not None and visit["households_served"] == 15
        assert len(store.history(visit_id)) == 3


def test_zjk_command_on_previous_release_database_lists_the_old_records(old_db, capsys):
    path = Path(old_db["path"])
    assert cli.main(["--db", str(path), "--json", "record", "list", "--kind", "training"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [old_db["ids"]["training"]]
    assert rows[0]["topic"] == "网络大讲堂：食用菌棚室管理"
    assert rows[0]["online_viewers"] == 1280
    assert _user_version(path) == LATEST


def test_default_database_lives_in_the_user_data_folder_not_the_program_folder(
    monkeypatch, tmp_path
):
    """An installer replaces the program folder; the data must be elsewhere."""
    from zjk_desktop import paths

    monkeypatch.delenv("ZJK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    db = paths.default_db_path()
    assert paths.app_root() not in db.parents
    if sys.platform.startswith("linux"):
        assert db == tmp_path / "xdg" / "zjk-desktop" / "zjk.sqlite3"
