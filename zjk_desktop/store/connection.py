"""The store's connection: opening the file (pragmas, migrations), meta values,
this node's identity, and the clock and counter bookkeeping every write uses.

``reads.StoreReads`` adds the reads, ``merge.MergeEngine`` the one write path;
``db.Store`` is all three.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import sqlite_utils

from .. import i18n
from ..domain.hlc import HybridClock
from ..domain.ids import new_node_id
from ..errors import UserError
from . import migrations

i18n.register(
    {
        "store.not_found": ("记录不存在或已删除：{id}", "Record not found or deleted: {id}"),
        "store.schema_too_new": (
            "数据库由更新版本的程序创建（版本 {found}），请升级程序",
            "The database was made by a newer version of the program (schema {found}); please upgrade",
        ),
        "store.cannot_open": (
            "无法打开数据库 {path}：{reason}",
            "Cannot open database {path}: {reason}",
        ),
        "store.why.not_a_database": (
            "它不是本程序的数据库，或文件已损坏",
            "it is not a database of this program, or it is damaged",
        ),
        "store.why.locked": (
            "另一个程序正在使用它，请关闭后再试",
            "another program is using it; close that program and try again",
        ),
        "store.why.read_only": (
            "文件或文件夹只读，无法写入",
            "the file or its folder is read-only",
        ),
        "store.why.no_access": (
            "无法读写这个位置（文件夹不存在或没有权限）",
            "this place cannot be read or written (no such folder, or no permission)",
        ),
        "store.why.other": (
            "读写数据库时出错",
            "reading or writing the database failed",
        ),
        "store.conflict_not_found": (
            "冲突不存在或已解决：{id}",
            "Conflict not found or already resolved: {id}",
        ),
        "store.bad_op": ("不支持的操作：{op}", "Unsupported operation: {op}"),
        "store.disk_full": ("磁盘已满，未保存任何更改", "The disk is full; nothing was saved"),
        "store.disk_full_mb": (
            "磁盘空间不足，需要约 {mb} MB，未保存任何更改",
            "Not enough disk space: about {mb} MB needed; nothing was saved",
        ),
        "store.read_only": (
            "数据库只读，未保存任何更改",
            "The database is read-only; nothing was saved",
        ),
        "store.clock_behind_short": (
            "注意：本机时钟可能慢了约 {days} 天（其他电脑发来的文件比它晚）：请校正本机的日期和时间",
            (
                "Note: this computer's clock seems about {days} days behind (files from other computers are"
                " dated later): correct this computer's date and time"
            ),
        ),
        "store.clock_behind": (
            "本机时钟可能慢了约 {days} 天（其他电脑的文件显示现在已是 {when} 之后）：请先校正本机的日期和时间",
            (
                "This computer's clock seems about {days} days behind (files from other computers show it is"
                " already after {when}): correct this computer's date and time first"
            ),
        ),
    }
)

# A stamp further ahead of this machine's clock than this is not allowed to
# drag the local clock forward (sync holds such changes back, see sync/).
MAX_CLOCK_AHEAD_MS = 7 * 24 * 3600 * 1000

META_NODE_ID = "node_id"
META_COUNTER = "counter"
META_HLC = "hlc"
# The latest time another computer's package was made (its own clock, ms):
# real time is at least this, so a wall clock far below it is behind.
META_PEER_CLOCK = "peer_clock_ms"


def open_failure(exc: BaseException) -> str:
    """Why SQLite or the system could not open a database, as a message key: SQLite's own
    text is English and never shown to the user."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return "not_a_database"
    if "locked" in text or "busy" in text:
        return "locked"
    if "readonly" in text or "read-only" in text:
        return "read_only"
    if isinstance(
        exc, PermissionError | FileNotFoundError | NotADirectoryError | IsADirectoryError
    ):
        return "no_access"
    if "unable to open" in text:
        return "no_access"
    return "other"


class StoreError(UserError):
    """A problem to show the user as one line (already in their language)."""


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's "database or disk is full", and the I/O errors a nearly full disk gives."""
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28:  # ENOSPC
        return True
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None)
    return ("disk" in text and "full" in text) or "disk i/o error" in text or code == 13


def disk_full_error(exc: BaseException, needed: int = 0) -> int | None:
    """Megabytes to free (at least 1) if ``exc`` means the disk is full; None otherwise."""
    if not is_disk_full(exc):
        return None
    return max(1, -(-int(needed) // (1 << 20)))


@dataclass
class NodeInfo:
    node_id: str
    role: str | None
    actor: str
    org_id: str | None
    specialist_id: str | None


class StoreConnection:
    """The open database, its meta table, this node's identity and clock."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None):
        self.db = db
        self.path = path
        self.conn: sqlite3.Connection = db.conn
        self._clock: HybridClock | None = None

    # ------------------------------------------------------------------ open
    @classmethod
    def open(cls, path: str | Path | None, *, migrate: bool = True) -> Self:
        """Open (creating if needed) and upgrade the database at ``path`` (None: in memory)."""
        try:
            # No sqlite-utils plugins: finding them scans every installed
            # package (~0.1 s per start) and would run foreign code here.
            if path is None or str(path) == ":memory:":
                db = sqlite_utils.Database(memory=True, execute_plugins=False)
                file_path = None
            else:
                file_path = Path(path)
                file_path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite_utils.Database(file_path, execute_plugins=False)
                db.conn.execute("PRAGMA journal_mode = WAL")
            db.conn.execute("PRAGMA synchronous = NORMAL")
            db.conn.execute("PRAGMA busy_timeout = 5000")
            # 32 MB page cache (default 2 MB): bulk writes and imports touch
            # six indexes per record table; a small cache re-reads their pages.
            db.conn.execute("PRAGMA cache_size = -32768")
            if migrate:
                migrations.migrate(db, file_path)
        except migrations.SchemaTooNew as exc:
            raise StoreError(i18n.t("store.schema_too_new", found=exc.found)) from None
        except (sqlite3.DatabaseError, OSError) as exc:
            mb = disk_full_error(exc)
            if mb is not None:
                raise StoreError(i18n.t("store.disk_full_mb", mb=mb)) from None
            reason = i18n.t(f"store.why.{open_failure(exc)}")
            raise StoreError(i18n.t("store.cannot_open", path=path, reason=reason)) from None
        store = cls(db, file_path)
        store._ensure_node_id()
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.conn)

    # ------------------------------------------------------------------ meta
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.db.atomic():
            self._set_meta(key, value)

    def _set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def _ensure_node_id(self) -> None:
        if self.get_meta(META_NODE_ID) is None:
            self.set_meta(META_NODE_ID, new_node_id())

    @property
    def node_id(self) -> str:
        value = self.get_meta(META_NODE_ID)
        assert value is not None
        return value

    def node_info(self) -> NodeInfo:
        return NodeInfo(
            node_id=self.node_id,
            role=self.get_meta("role"),
            actor=self.get_meta("actor") or "",
            org_id=self.get_meta("org_id"),
            specialist_id=self.get_meta("specialist_id"),
        )

    def set_identity(
        self,
        role: str,
        actor: str,
        org_id: str | None = None,
        specialist_id: str | None = None,
    ) -> None:
        with self.db.atomic():
            self._set_meta("role", role)
            self._set_meta("actor", actor)
            self._set_meta("org_id", org_id)
            self._set_meta("specialist_id", specialist_id)

    @property
    def clock(self) -> HybridClock:
        if self._clock is None or self._clock.node_id != self.node_id:  # a restore can change it
            self._clock = HybridClock.from_stamp(self.node_id, self.get_meta(META_HLC))
        return self._clock

    def forget_clock(self) -> None:
        """Re-read the clock from the database (after a rolled-back transaction moved it)."""
        self._clock = None

    def wall_ms(self) -> int:
        """This computer's clock (one place, so tests can give a node a skewed clock)."""
        return int(time.time() * 1000)

    def clock_behind_days(self) -> int:
        """Whole days this computer's clock is behind what other computers' files show (0 if not).

        Each imported package says when its sender made it; real time is at
        least that, so a wall clock more than a week earlier is behind.
        """
        text = self.get_meta(META_PEER_CLOCK)
        if not text or not text.isdigit():
            return 0
        behind = int(text) - self.wall_ms()
        return behind // 86_400_000 if behind > MAX_CLOCK_AHEAD_MS else 0

    def note_peer_clock(self, peer_ms: int) -> None:
        """Remember a peer's clock reading (the time its package was made)."""
        text = self.get_meta(META_PEER_CLOCK)
        if not text or not text.isdigit() or peer_ms > int(text):
            self._set_meta(META_PEER_CLOCK, str(int(peer_ms)))

    def clock_ahead_days(self) -> int:
        """Whole days this node's clock runs ahead of the computer's clock (0 if within a week).

        The hybrid clock never goes back: once the computer's clock was set
        far ahead and something was saved, every later change still carries a
        future stamp, and other nodes hold such changes back (see sync) until
        that date.  People must be told, so the GUI and the CLI show this.
        """
        if self.clock_behind_days():
            return 0  # the wall clock is the wrong one, not the past (clock_behind_days)
        ahead = self.clock.last_ms - self.wall_ms()
        return ahead // 86_400_000 if ahead > MAX_CLOCK_AHEAD_MS else 0

    def last_counter(self) -> int:
        """The highest change number this node gave out: never reused (see backup, sync)."""
        row = self.conn.execute(
            "SELECT max(counter) FROM versions WHERE node_id = ?", (self.node_id,)
        ).fetchone()
        return max(int(self.get_meta(META_COUNTER) or 0), int(row[0] or 0))
