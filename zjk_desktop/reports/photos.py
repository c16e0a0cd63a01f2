"""附：工作照片 — the photos of a specialist's records as upright thumbnails, flags noted."""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..domain.entities import RECORD_KINDS
from ..management.evidence import record_flags, thumbnail_jpeg
from ..store import NotEmpty, Range, Store
from .model import Photos

MAX_PHOTOS = 48  # a log stays printable; the rest are counted

i18n.register(
    {
        "mgmt.ph.title": ("附：工作照片", "Appendix: photos"),
        "mgmt.ph.more": ("另有 {n} 张照片未列出", "{n} more photos not shown"),
        "mgmt.ph.flag": ("疑点：", "Flag: "),
    }
)


def photo_blocks(store: Store, specialist_id: str, date_from: Any, date_to: Any) -> list[Photos]:
    rows: list[dict[str, Any]] = []
    for kind in RECORD_KINDS:
        rows += store.rows(
            kind,
            {
                "specialist_id": specialist_id,
                "date": Range(str(date_from)[:10], str(date_to)[:10]),
                "photos": NotEmpty(),
            },
        )
    rows.sort(key=lambda r: (r.get("date") or "", r["id"]))
    items: list[tuple[bytes, str]] = []
    total = 0
    names = {}
    for row in rows:
        flags = {f.photo: f.message for f in record_flags(store, row)}
        vid = row.get("village_id")
        if vid not in names:
            village = store.get("org_unit", vid) if vid else None
            names[vid] = (village or {}).get("name") or ""
        for digest in row.get("photos") or []:
            total += 1
            if len(items) >= MAX_PHOTOS:
                continue
            data = store.get_blob(digest)
            thumb = thumbnail_jpeg(data, 360) if data else None
            if thumb is None:
                continue
            caption = f"{row.get('date') or ''} {names[vid]}"
            if digest in flags:
                caption += f"\n{i18n.t('mgmt.ph.flag')}{flags[digest]}"
            items.append((thumb, caption))
    if not items:
        return []
    note = i18n.t("mgmt.ph.more", n=f"{total - len(items):,}") if total > len(items) else ""
    return [Photos(i18n.t("mgmt.ph.title"), items, note)]
