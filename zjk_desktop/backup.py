"""Copies of the database: the automatic daily backup (kept 30 days) and restore.

Qt-free.  Copies are made with SQLite's online backup API, so a backup taken while
the program is open is consistent (WAL included).  Restoring first saves the current
database beside it, checks that the backup is a readable database this program can
open, and only then copies it over the live file.
"""

from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import i18n
from .domain.hlc import is_node_id
from .domain.ids import new_node_id
from .paths import user_data_dir
from .store import migrations
from .store.db import META_COUNTER, META_HLC, META_NODE_ID, StoreError

i18n.register(
    {
        "backup.not_a_database": (
            "备份文件无法读取，不是有效的数据库：{path}",
            "The backup cannot be read; it is not a valid database: {path}",
        ),
        "backup.too_new": (
            "备份由更新版本的程序创建（版本 {found}），请升级程序",
            "The backup was made by a newer version of the program (schema {found}); please upgrade",
        ),
        "backup.missing": ("备份文件不存在：{path}", "The backup file does not exist: {path}"),
        "backup.failed": ("备份失败：{reason}", "Backup failed: {reason}"),
    }
)

KEEP_DAYS = 30
_COUNTER_KEYS = (META_COUNTER, META_HLC)
_NAME = re.compile(r"^zjk-(\d{8})(?:-(\d{6}))?\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    day: _dt.date
    size: int


def _why(exc: BaseException) -> str:
    """The reason a backup failed, in the user's language (never SQLite's or the system's English)."""
    from .store.connection import disk_full_error, open_failure

    mb = disk_full_error(exc)
    if mb is not None:
        return i18n.t("store.disk_full_mb", mb=mb)
    return i18n.t(f"store.why.{open_failure(exc)}")


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def copy_database(source: Path | sqlite3.Connection, target: Path) -> Path:
    """Consistent copy of ``source`` (a path or an open connection) to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(source) if isinstance(source, (str, Path)) else source
    try:
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)
        finally:
            dest.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(i18n.t("backup.failed", reason=_why(exc))) from None
    finally:
        if src is not source:
            src.close()
    return target


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first."""
    out: list[BackupInfo] = []
    if not folder.is_dir():
        return out
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if not m:
            continue
        day = _dt.datetime.strptime(m.group(1), "%Y%m%d").date()
        out.append(BackupInfo(path, day, path.stat().st_size))
    return sorted(out, key=lambda b: b.path.name, reverse=True)


def prune(folder: Path, keep_days: int = KEEP_DAYS, today: _dt.date | None = None) -> list[Path]:
    """Delete backups older than ``keep_days``; returns what was deleted."""
    today = today or _dt.date.today()
    removed = []
    for info in list_backups(folder):
        if (today - info.day).days >= keep_days:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def daily_backup(
    source: Path | sqlite3.Connection,
    folder: Path,
    *,
    keep_days: int = KEEP_DAYS,
    today: _dt.date | None = None,
) -> Path | None:
    """Today's backup if there is none yet (then prune old ones); None if already done."""
    today = today or _dt.date.today()
    stamp = today.strftime("%Y%m%d")
    if any(info.day == today for info in list_backups(folder)):
        prune(folder, keep_days, today)
        return None
    target = copy_database(source, folder / f"zjk-{stamp}.sqlite3")
    prune(folder, keep_days, today)
    return target


def backup_now(source: Path | sqlite3.Connection, folder: Path) -> Path:
    """A backup on request (name carries the time, so several a day are kept)."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_database(source, folder / f"zjk-{stamp}.sqlite3")


def check_backup(path: Path) -> int:
    """Schema version of a readable backup; StoreError with a one-line reason otherwise."""
    if not Path(path).is_file():
        raise StoreError(i18n.t("backup.missing", path=path))
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            version = migrations.current_version(conn)
            conn.execute("SELECT count(*) FROM meta").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        raise StoreError(i18n.t("backup.not_a_database", path=path)) from None
    if ok != "ok":
        raise StoreError(i18n.t("backup.not_a_database", path=path))
    if version > migrations.LATEST:
        raise StoreError(i18n.t("backup.too_new", found=version))
    return version


def restore_backup(backup: Path, db_path: Path) -> Path:
    """Replace the database at ``db_path`` by ``backup``; returns the safety copy made first.

    Close every connection to ``db_path`` before calling, and reopen it afterwards
    (``Store.open`` upgrades a backup from an older schema).
    """
    check_backup(backup)
    db_path = Path(db_path)
    safety = db_path.with_name(
        f"{db_path.stem}.before-restore-{_dt.datetime.now():%Y%m%d-%H%M%S}{db_path.suffix}"
    )
    kept: dict[str, str] = {}
    if db_path.exists():
        copy_database(db_path, safety)
        kept = _sync_meta(db_path)
    src = sqlite3.connect(f"file:{Path(backup).as_posix()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(db_path)
        try:
            src.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise StoreError(i18n.t("backup.failed", reason=_why(exc))) from None
    finally:
        src.close()
    _keep_counters(db_path, kept)
    return safety


# ---------------------------------------------------------------- high water
META_RESTORED_FROM = "restored_from_node"


def high_water_path(node_id: str, db_path: str | Path | None = None) -> Path:
    """Beside the node's key: the highest change number this node ever sent out.

    The keys live in the ``keys`` folder beside the database file (``sync.keys.key_dir``),
    so ``--db elsewhere`` keeps its high water there too; without a database path (and
    before keys moved beside the database), the user data folder's ``keys``.
    """
    folder = Path(db_path).resolve().parent / "keys" if db_path else user_data_dir() / "keys"
    return folder / f"{node_id}.counter"


def _read_counter(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 17 else None


def read_high_water(node_id: str, db_path: str | Path | None = None) -> int | None:
    """The high water beside the keys; a file left in the user data folder by an older
    program (which kept every node's keys there) counts too: never lower."""
    here = _read_counter(high_water_path(node_id, db_path))
    old = _read_counter(high_water_path(node_id)) if db_path else None
    known = [n for n in (here, old) if n is not None]
    return max(known) if known else None


def note_high_water(node_id: str, counter: int, db_path: str | Path | None = None) -> None:
    """Remember (never lower) the highest change number that left this computer.

    Called after every export.  A (node, counter) pair names exactly one
    change for ever: a database restored from an older backup learns here
    which numbers it must not give out again.  A file in the old place is
    adopted: its number moves beside the keys when it is the higher one.
    """
    if not is_node_id(node_id):
        return
    path = high_water_path(node_id, db_path)
    counter = max(int(counter), read_high_water(node_id, db_path) or 0)
    if counter <= (_read_counter(path) or 0):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(str(counter), encoding="ascii")
        tmp.replace(path)
    except OSError:  # a read-only keys folder: the peers' packages still carry the number
        pass


def _sync_meta(db_path: Path) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            k: v
            for k, v in conn.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?, ?)", (*_COUNTER_KEYS, "node_id")
            )
        }
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def _keep_counters(db_path: Path, before: dict[str, str]) -> None:
    """Never reuse a version number this node already gave out.

    Versions made after the backup may already sit on other computers; if the
    restored file counted from its older number again, new changes would carry
    (node, counter) pairs those computers already hold.  The restored node
    keeps the highest number known — from the database it replaces (same
    node), from the high-water file beside its key (every export writes it),
    and later from what peers' packages say (sync).  A backup of a node this
    computer knows no high water for (a fresh database, another computer's
    keys folder) comes back as a new node: it gets a new id and key and must
    be enrolled with the county again, and its old changes stay valid under
    the old id.
    """
    after = _sync_meta(db_path)
    node = after.get("node_id") or ""
    counter_key, clock_key = _COUNTER_KEYS
    counters = [int(after.get(counter_key) or 0)]
    same_node = before.get("node_id") == node
    if same_node and (before.get(counter_key) or "").isdigit():
        counters.append(int(before[counter_key]))
    high_water = read_high_water(node, db_path)
    if high_water is not None:
        counters.append(high_water)
    updates: dict[str, str | None] = {}
    if not same_node and high_water is None and _has_own_versions(db_path, node):
        updates[META_NODE_ID] = new_node_id()
        updates[META_RESTORED_FROM] = node
        updates[counter_key] = "0"
        updates["public_key"] = None  # a new node signs with a new key, enrolled again
        updates["age_recipient"] = None  # and gets a new age identity with it
    elif max(counters) > int(after.get(counter_key) or 0):
        updates[counter_key] = str(max(counters))
    if same_node and before.get(clock_key) and before[clock_key] > (after.get(clock_key) or ""):
        updates[clock_key] = before[clock_key]
    if not updates:
        return
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            for key, value in updates.items():
                if value is None:
                    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                    continue
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key)"
                    " DO UPDATE SET value = excluded.value",
                    (key, value),
                )
    finally:
        conn.close()


def _has_own_versions(db_path: Path, node: str) -> bool:
    conn = sqlite3.connect(db_path)
    try:
        return (
            conn.execute("SELECT 1 FROM versions WHERE node_id = ? LIMIT 1", (node,)).fetchone()
            is not None
        )
    except sqlite3.Error:
        return False
    finally:
        conn.close()
