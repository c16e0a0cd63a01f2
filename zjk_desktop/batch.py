"""Several writes as one step, all or none, for the desktop (Qt-free; issue 12: no database
plumbing in ``gui/``).  Each goes through the store's one write path, so the rules that
hold for one record hold for each of them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .store import Store


def resolve_many(store: Store, choices: Iterable[tuple[str, Any]]) -> int:
    """Settle each (conflict id, value kept); nothing changes if one value is refused."""
    n = 0
    with store.db.atomic():
        for conflict_id, value in choices:
            store.resolve_conflict(conflict_id, value=value)
            n += 1
    return n


def daily_backup(store: Store, folder: Path) -> Path | None:
    """Today's backup copy of the database, if none was made today (see ``backup``)."""
    from . import backup

    return backup.daily_backup(store.conn, folder)
