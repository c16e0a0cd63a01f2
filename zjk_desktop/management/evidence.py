"""Photo evidence: EXIF capture date and place checked against the record (Pillow).

Photos are never refused: a photo taken on another day than the record, far
from the village, or without EXIF at all is *flagged*, the flag shown where
records are reviewed and counted per specialist in the assessment.  EXIF
orientation is applied (``ImageOps.exif_transpose``) wherever a photo is
shown or printed, so phone photos stand upright.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from .. import i18n
from ..domain.entities import RECORD_KINDS
from ..store import NotEmpty, Range, Store

i18n.register(
    {
        "mgmt.ph.no_exif": ("照片没有拍摄时间和地点信息", "The photo has no EXIF data"),
        "mgmt.ph.date": (
            "拍摄日期 {taken} 与记录日期相差 {days} 天",
            "Taken on {taken}, {days} days from the record's date",
        ),
        "mgmt.ph.far": ("拍摄地点距{village} {km} 公里", "Taken {km} km from {village}"),
        "mgmt.ph.unreadable": ("无法读取照片", "The photo cannot be read"),
    }
)

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
TAG_DATETIME = 306
TAG_DATETIME_ORIGINAL = 36867
TAG_ORIENTATION = 274


@dataclass(frozen=True)
class PhotoInfo:
    readable: bool
    has_exif: bool
    taken: _dt.date | None = None
    latitude: float | None = None
    longitude: float | None = None
    orientation: int = 1


@dataclass(frozen=True)
class PhotoFlag:
    photo: str  # sha256 of the blob
    code: str  # "no_exif" | "date" | "far" | "unreadable"
    message: str  # one line in the user's language


def _dms(value: Any) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError):
        return None
    return d + m / 60 + s / 3600


def _exif_date(text: Any) -> _dt.date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return _dt.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _read_cached(data: bytes) -> PhotoInfo:
    try:
        with Image.open(io.BytesIO(data)) as img:
            exif = img.getexif()
    except (UnidentifiedImageError, OSError, ValueError):
        return PhotoInfo(readable=False, has_exif=False)
    if not exif:
        return PhotoInfo(readable=True, has_exif=False)
    sub = exif.get_ifd(EXIF_IFD)
    taken = _exif_date(sub.get(TAG_DATETIME_ORIGINAL)) or _exif_date(exif.get(TAG_DATETIME))
    lat = lon = None
    gps = exif.get_ifd(GPS_IFD)
    if gps:
        lat, lon = _dms(gps.get(2)), _dms(gps.get(4))
        if lat is not None and gps.get(1) == "S":
            lat = -lat
        if lon is not None and gps.get(3) == "W":
            lon = -lon
    orientation = exif.get(TAG_ORIENTATION, 1)
    return PhotoInfo(
        True, True, taken, lat, lon, orientation if isinstance(orientation, int) else 1
    )


def read_photo(data: bytes) -> PhotoInfo:
    """Capture date, GPS position and orientation from a photo's EXIF."""
    return _read_cached(bytes(data))


def upright(data: bytes) -> Image.Image:
    """The photo as an image with its EXIF orientation applied."""
    img = Image.open(io.BytesIO(data))
    return ImageOps.exif_transpose(img)


def thumbnail_jpeg(data: bytes, size: int = 320) -> bytes | None:
    """An upright JPEG thumbnail (longest side ``size`` px); None if the photo cannot be read."""
    try:
        img = upright(data)
        img.thumbnail((size, size))
        out = io.BytesIO()
        img.convert("RGB").save(out, "JPEG", quality=80)
        return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the WGS-84 mean sphere (haversine)."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(min(1.0, a)))


def check_photo(
    digest: str,
    data: bytes | None,
    record_date: str | None,
    village: dict[str, Any] | None,
    *,
    max_days: int = 3,
    max_km: float = 5.0,
) -> list[PhotoFlag]:
    """The flags of one photo of a record dated ``record_date`` in ``village``."""
    if data is None:
        return []  # not arrived yet: nothing to judge
    info = read_photo(data)
    if not info.readable:
        return [PhotoFlag(digest, "unreadable", i18n.t("mgmt.ph.unreadable"))]
    if not info.has_exif or (info.taken is None and info.latitude is None):
        return [PhotoFlag(digest, "no_exif", i18n.t("mgmt.ph.no_exif"))]
    flags = []
    if info.taken is not None and record_date:
        try:
            days = abs((info.taken - _dt.date.fromisoformat(record_date)).days)
        except ValueError:
            days = 0
        if days > max_days:
            flags.append(
                PhotoFlag(
                    digest, "date", i18n.t("mgmt.ph.date", taken=info.taken.isoformat(), days=days)
                )
            )
    if (
        info.latitude is not None
        and info.longitude is not None
        and village
        and village.get("latitude") is not None
        and village.get("longitude") is not None
    ):
        km = distance_km(
            info.latitude, info.longitude, float(village["latitude"]), float(village["longitude"])
        )
        if km > max_km:
            flags.append(
                PhotoFlag(
                    digest,
                    "far",
                    i18n.t("mgmt.ph.far", km=f"{km:.1f}", village=village.get("name") or ""),
                )
            )
    return flags


def _limits(store: Store, record_date: str | None) -> tuple[int, float]:
    from .assessment import rules_for

    year = (
        int(record_date[:4]) if record_date and record_date[:4].isdigit() else _dt.date.today().year
    )
    rules = rules_for(store, year)
    return int(rules["photo_days"]), float(rules["photo_km"])


def record_flags(store: Store, row: dict[str, Any]) -> list[PhotoFlag]:
    """Flags of every photo of one record row (visit, extension or training)."""
    photos = row.get("photos") or []
    if not photos:
        return []
    village = store.get("org_unit", row["village_id"]) if row.get("village_id") else None
    max_days, max_km = _limits(store, row.get("date"))
    out: list[PhotoFlag] = []
    for digest in photos:
        out += check_photo(
            digest,
            store.get_blob(digest),
            row.get("date"),
            village,
            max_days=max_days,
            max_km=max_km,
        )
    return out


def flag_counts(
    store: Store, date_from: str, date_to: str, specialist_ids: Iterable[str] | None = None
) -> dict[str, dict[str, int]]:
    """Per specialist: photos checked and flagged photos in records dated in the period."""
    wanted = set(specialist_ids) if specialist_ids is not None else None
    villages: dict[str | None, dict[str, Any] | None] = {}  # None: a record without a village
    out: dict[str, dict[str, int]] = {}
    for kind in RECORD_KINDS:
        for row in store.rows(
            kind, {"photos": NotEmpty(), "date": Range(str(date_from), str(date_to))}
        ):
            sid: str = row["specialist_id"]  # required: every record has one
            if wanted is not None and sid not in wanted:
                continue
            vid = row.get("village_id")
            if vid not in villages:
                villages[vid] = store.get("org_unit", vid) if vid else None
            max_days, max_km = _limits(store, row.get("date"))
            entry = out.setdefault(sid, {"photos": 0, "flagged": 0})
            for digest in row.get("photos") or []:
                flags = check_photo(
                    digest,
                    store.get_blob(digest),
                    row.get("date"),
                    villages[vid],
                    max_days=max_days,
                    max_km=max_km,
                )
                entry["photos"] += 1
                entry["flagged"] += 1 if flags else 0
    return out


def make_jpeg(
    taken: _dt.datetime | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    *,
    orientation: int | None = None,
    size: tuple[int, int] = (64, 48),
    color: tuple[int, int, int] = (90, 140, 60),
    label: str = "",
) -> bytes:
    """A JPEG with the given EXIF (for the demo and tests; a real phone does this for us)."""
    from PIL import ImageDraw

    img = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(img)
    # A marker in the top-left corner shows which way is up once oriented.
    draw.rectangle([0, 0, size[0] // 4, size[1] // 4], fill=(230, 200, 40))
    if label:
        draw.text((4, size[1] // 2), label, fill=(255, 255, 255))
    exif = Image.Exif()
    if taken is not None:
        text = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif[TAG_DATETIME] = text
        exif.get_ifd(EXIF_IFD)[TAG_DATETIME_ORIGINAL] = text
    if latitude is not None and longitude is not None:
        gps = exif.get_ifd(GPS_IFD)
        gps[1] = "N" if latitude >= 0 else "S"
        gps[2] = _to_dms(abs(latitude))
        gps[3] = "E" if longitude >= 0 else "W"
        gps[4] = _to_dms(abs(longitude))
    if orientation is not None:
        exif[TAG_ORIENTATION] = orientation
    out = io.BytesIO()
    if len(exif):
        img.save(out, "JPEG", quality=70, exif=exif)
    else:
        img.save(out, "JPEG", quality=70)
    return out.getvalue()


def _to_dms(value: float) -> tuple[float, float, float]:
    d = int(value)
    m = int((value - d) * 60)
    s = round((value - d - m / 60) * 3600, 2)
    return (float(d), float(m), s)
