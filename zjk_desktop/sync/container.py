"""The ``.zjkpkg`` container: a zip read entirely in memory, defensively.

Layout::

    manifest.json      what the package is, who sent it, size + sha256 of every member
    manifest.sig       Ed25519 signature (base64) over the exact bytes of manifest.json
    changes.ndjson     one version per line (delta / full / roster), raw deflate
                       (format 2: the manifest gives the hash of these compressed
                       bytes and the size once inflated)
    receipt.json       what the sender holds and what it refused (receipt)
    blobs/<sha256>     photo bytes

Only these names are accepted (no directories, no paths, so no zip-slip);
sizes and compression ratios are capped before anything is decompressed, and
every member is read with a hard limit so a lying header cannot balloon.  The
whole file is one opaque byte string to the outside, so a later issue can
wrap it (age encryption) without changing what is inside.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import i18n
from .errors import SyncError

SUFFIX = ".zjkpkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHANGES = "changes.ndjson"
RECEIPT = "receipt.json"
BLOB_RE = re.compile(r"^blobs/[0-9a-f]{64}$")
FIXED_NAMES = {MANIFEST, SIGNATURE, CHANGES, RECEIPT}

MAX_FILE_BYTES = 1 << 30  # 1 GiB on disk
MAX_TOTAL_BYTES = 2 << 30  # 2 GiB unpacked
MAX_MEMBER_BYTES = 1 << 30
MAX_MANIFEST_BYTES = 64 << 20
MAX_MEMBERS = 200_000
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20


@dataclass
class Container:
    manifest_bytes: bytes
    signature: str
    members: dict[str, bytes]  # every member except manifest and signature
    size: int
    sha256: str


def _bad(detail: str) -> SyncError:
    return SyncError(i18n.t("sync.not_a_package", detail=detail))


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3  # the same bytes on every platform
    info.external_attr = 0o644 << 16
    return info


def container_bytes(manifest_bytes: bytes, signature: str, members: dict[str, bytes]) -> bytes:
    """The one canonical zip for this content (stored, fixed dates and attributes, sorted).

    Members are stored, not deflated: the bytes inside the zip are exactly
    the bytes the manifest hashes, so rebuilding the container on import and
    comparing proves that not a single byte of the file was changed — not
    even in zip headers that hold no content — and nothing is ever
    decompressed (no zip bomb).
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(_info(MANIFEST), manifest_bytes)
        zf.writestr(_info(SIGNATURE), signature.encode("ascii"))
        for name in sorted(members):
            zf.writestr(_info(name), members[name])
    return buf.getvalue()


def write_container(
    path: Path, manifest_bytes: bytes, signature: str, members: dict[str, bytes],
    seal: Callable[[bytes], bytes] | None = None,
) -> tuple[int, str]:
    """Write atomically (temp file + rename); returns (size, sha256) of the file.

    ``seal`` wraps the whole zip (age encryption to the addressee, see ``crypto``).
    """
    path = Path(path)
    data = container_bytes(manifest_bytes, signature, members)
    if seal is not None:
        data = seal(data)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SyncError(i18n.t("sync.write_failed", path=path, detail=exc.strerror or exc)) from None
    return len(data), hashlib.sha256(data).hexdigest()


def read_container(path: Path) -> Container:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SyncError(i18n.t("sync.too_large", detail=f"{size} bytes"))
        data = path.read_bytes()
    except OSError as exc:
        raise SyncError(i18n.t("sync.cannot_read", detail=exc.strerror or exc)) from None
    return read_container_bytes(data)


def read_container_bytes(data: bytes) -> Container:
    digest = hashlib.sha256(data).hexdigest()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _bad(str(exc) or "zip") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SyncError(i18n.t("sync.too_large", detail=f"{len(infos)} members"))
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if name in seen:
                raise SyncError(i18n.t("sync.bad_member", name=name))
            seen.add(name)
            if name not in FIXED_NAMES and not BLOB_RE.match(name):
                raise SyncError(i18n.t("sync.bad_member", name=name[:80]))
            if info.flag_bits & 0x1 or info.compress_type != zipfile.ZIP_STORED:
                raise _bad(name)
            limit = MAX_MANIFEST_BYTES if name == MANIFEST else MAX_MEMBER_BYTES
            if info.file_size > limit:
                raise SyncError(i18n.t("sync.too_large", detail=name))
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise SyncError(i18n.t("sync.too_large", detail=name))
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise SyncError(i18n.t("sync.too_large", detail="total"))
        if MANIFEST not in seen or SIGNATURE not in seen:
            raise _bad(MANIFEST if MANIFEST not in seen else SIGNATURE)
        members: dict[str, bytes] = {}
        for info in infos:
            try:
                with zf.open(info) as fh:
                    body = fh.read(info.file_size + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                    NotImplementedError, RuntimeError) as exc:
                raise _bad(f"{info.filename}: {exc}") from None
            if len(body) != info.file_size:
                raise _bad(info.filename)
            members[info.filename] = body
    manifest_bytes = members.pop(MANIFEST)
    try:
        signature = members.pop(SIGNATURE).decode("ascii")
    except UnicodeDecodeError:
        raise _bad(SIGNATURE) from None
    if container_bytes(manifest_bytes, signature, members) != data:
        raise _bad("layout")
    return Container(manifest_bytes, signature, members, len(data), digest)


DEFLATE = "deflate"


def deflate(raw: bytes) -> bytes:
    """Raw deflate (no zlib header) of a member, done once by the sender.

    The manifest hashes these compressed bytes, and the receiver inflates
    them but never compresses again, so a different zlib on either side
    cannot change a single byte of the file.
    """
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # level 9: 4 % smaller, 1.8x slower
    return packer.compress(raw) + packer.flush()


def max_raw_size(compressed_size: int) -> int:
    """The largest inflated size a member of ``compressed_size`` bytes may claim."""
    return min(MAX_MEMBER_BYTES, max(RATIO_FLOOR, MAX_RATIO * compressed_size))


def inflate(name: str, data: bytes, raw_size: int) -> bytes:
    """Inflate a member to exactly ``raw_size`` bytes (signed in the manifest), never more."""
    if raw_size > max_raw_size(len(data)):
        raise SyncError(i18n.t("sync.too_large", detail=name))
    unpacker = zlib.decompressobj(-15)
    try:
        out = unpacker.decompress(data, raw_size + 1)
    except zlib.error:
        raise SyncError(i18n.t("sync.member_mismatch", name=name)) from None
    if len(out) != raw_size or not unpacker.eof or unpacker.unconsumed_tail or unpacker.unused_data:
        raise SyncError(i18n.t("sync.member_mismatch", name=name))
    return out
