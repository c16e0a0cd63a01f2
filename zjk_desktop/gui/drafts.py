"""Drafts of record forms: written every few seconds while a form has unsaved changes.

A draft lives in ``<user data>/drafts/`` until the form is saved or discarded; one
left behind by a crash or power cut is offered back at the next start
(``dialogs.record_dialog.offer_drafts``, called by the main window).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.entities import entity
from ..domain.validation import normalize
from ..paths import user_data_dir
from ..search import roster_index
from .context import AppContext

log = logging.getLogger(__name__)


def drafts_dir() -> Path:
    path = user_data_dir() / "drafts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Draft:
    path: Path
    kind: str
    record_id: str | None
    values: dict[str, Any]
    saved_at: str
    db_path: str | None
    saving_as: str | None = None  # the id of the record it was being saved as, if any

    @property
    def target_id(self) -> str | None:
        """The record this draft edits: the one it became when a save got that far."""
        return self.record_id or self.saving_as

    def remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def write_draft(
    path: Path,
    kind: str,
    record_id: str | None,
    values: dict[str, Any],
    db_path,
    saving_as: str | None = None,
) -> None:
    """Atomically (temp file + rename) so a power cut leaves the old draft or the new one.

    ``saving_as`` is written just before a new record is saved under that id: if the
    program dies between the save and the draft's removal, the draft knows the record
    it became and is never offered as a second, identical record.
    """
    data = {
        "kind": kind,
        "record_id": record_id,
        "values": values,
        "saved_at": _dt.datetime.now().isoformat(timespec="seconds"),
        "db_path": str(db_path) if db_path else None,
        "saving_as": saving_as,
    }
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _same_db(a: str | None, b) -> bool:
    if not a or not b:
        return True
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == str(b)


def pending_drafts(ctx: AppContext) -> list[Draft]:
    """Drafts left behind for this database, oldest first (unreadable files are skipped and logged)."""
    out = []
    for path in sorted(drafts_dir().glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            draft = Draft(
                path,
                data["kind"],
                data.get("record_id"),
                dict(data["values"]),
                data.get("saved_at", ""),
                data.get("db_path"),
                data.get("saving_as"),
            )
            entity(draft.kind)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable draft %s: %s", path, exc)
            continue
        if _same_db(draft.db_path, ctx.db_path):
            if _already_saved(ctx, draft):
                log.info("removing draft %s: its record was saved with these values", path)
                draft.remove()
                continue
            out.append(draft)
        elif draft.db_path and not Path(draft.db_path).exists():
            # Its database is gone (a throw-away demo copy): nobody can restore it.
            log.info("removing draft %s of a database that no longer exists", path)
            draft.remove()
    return sorted(out, key=lambda d: d.saved_at)


def _already_saved(ctx: AppContext, draft: Draft) -> bool:
    """True when the record the draft edits (or became) holds exactly the draft's values."""
    target = draft.target_id
    if not target:
        return False
    row = ctx.store.get(draft.kind, target)
    if row is None:
        return False
    values, problems = normalize(entity(draft.kind), draft.values)
    if problems:
        return False
    return all(row.get(name) == value for name, value in values.items() if name != "review_state")


def draft_summary(ctx: AppContext, draft: Draft) -> str:
    values = draft.values
    index = roster_index(ctx.store)
    parts = [values.get("date") or "", index.villages.name(values.get("village_id"))]
    parts.append(entity(draft.kind).title(values)[:60])
    return "  ".join(p for p in parts if p)
