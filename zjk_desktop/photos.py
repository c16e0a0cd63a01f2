"""Photos attached to records: prepared once, stored by content (sha256), shared by the GUI and the CLI.

A JPEG no larger than ``PHOTO_MAX_SIDE`` is kept byte for byte; anything else
that is a picture is scaled down to fit and re-encoded (PNG when it has
transparency, else JPEG quality 85).  The stored blob's sha256 is what a
record's ``photos`` list holds and what sync ships as ``blobs/<sha256>``, so the
same file attached on two computers is one photo.  Pillow does the image work
(Qt-free: the command line has no Qt).
"""

from __future__ import annotations

import io
from pathlib import Path

from . import i18n
from .errors import UserError
from .store import Store

i18n.register(
    {
        "photo.too_large": (
            "{name}：文件太大（最大 {mb} MB）",
            "{name}: the file is too large (max {mb} MB)",
        ),
        "photo.not_picture": ("{name} 不是图片", "{name} is not a picture"),
        "photo.unreadable": ("无法读取 {name}：{reason}", "Cannot read {name}: {reason}"),
    }
)

PHOTO_MAX_SIDE = 1600  # pixels: larger photos are scaled down before they are stored
PHOTO_MAX_BYTES = 30 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")


class PhotoError(UserError):
    code = "bad_photo"


def prepare_photo(data: bytes) -> tuple[bytes, str] | None:
    """(bytes to store, mime) for an image file's content; None if it is not a picture."""
    from PIL import Image, UnidentifiedImageError

    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if max(image.size) <= PHOTO_MAX_SIDE and data[:3] == b"\xff\xd8\xff":
        return data, "image/jpeg"
    # Turned upright, keeping the EXIF capture date and place (photo evidence, issue 13).
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image)
    exif = image.getexif()
    if max(image.size) > PHOTO_MAX_SIDE:
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        image.save(buffer, "PNG")
        mime = "image/png"
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=85, exif=exif)
        mime = "image/jpeg"
    return buffer.getvalue(), mime


def store_photo_bytes(store: Store, data: bytes, name: str = "") -> str:
    """Prepare and store one picture; its sha256 for a record's ``photos``. ``PhotoError`` if not a picture."""
    if len(data) > PHOTO_MAX_BYTES:
        raise PhotoError(i18n.t("photo.too_large", name=name, mb=PHOTO_MAX_BYTES // (1024 * 1024)))
    prepared = prepare_photo(data)
    if prepared is None:
        raise PhotoError(i18n.t("photo.not_picture", name=name))
    return store.put_blob(prepared[0], prepared[1])


def store_photo(store: Store, path: str | Path) -> str:
    """Store the picture file at ``path`` (see ``store_photo_bytes``)."""
    path = Path(path)
    try:
        if path.stat().st_size > PHOTO_MAX_BYTES:
            raise PhotoError(
                i18n.t("photo.too_large", name=path.name, mb=PHOTO_MAX_BYTES // (1024 * 1024))
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoError(
            i18n.t("photo.unreadable", name=path.name, reason=exc.strerror or type(exc).__name__)
        ) from None
    return store_photo_bytes(store, data, path.name)
