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
from .store import migrations
from .store.db import META_COUNTER, META_HLC, StoreError

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
        raise StoreError(i18n.t("backup.failed", reason=exc)) from None
    finally:
        if src is not source:
            src.close()
    return target


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first."""
    out = []
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
        raise StoreError(i18n.t("backup.failed", reason=exc)) from None
    finally:
        src.close()
    _keep_counters(db_path, kept)
    return safety


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
    (node, counter) pairs those computers already hold, and be taken for duplicates.
    """
    after = _sync_meta(db_path)
    if before.get("node_id") != after.get("node_id"):
        return  # a backup of another installation: its own numbering applies
    updates = {}
    counter_key, clock_key = _COUNTER_KEYS
    if before.get(counter_key) and int(before[counter_key]) > int(after.get(counter_key) or 0):
        updates[counter_key] = before[counter_key]
    if before.get(clock_key) and before[clock_key] > (after.get(clock_key) or ""):
        updates[clock_key] = before[clock_key]
    if not updates:
        return
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            for key, value in updates.items():
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key)"
                    " DO UPDATE SET value = excluded.value",
                    (key, value),
                )
    finally:
        conn.close()
