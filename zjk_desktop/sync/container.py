"""The ``.zjkpkg`` container: a zip read entirely in memory, defensively.

Layout::

    manifest.json      what the package is, who sent it, size + sha256 of every member
    manifest.sig       Ed25519 signature (base64) over the exact bytes of manifest.json
    changes.ndjson     one version per line (delta / full / roster), raw deflate
                       (format 2: the manifest gives the hash of these compressed
                       bytes and the size once inflated)
    seals.ndjson       the origin seals the change lines refer to, with proofs for
                       seals carried in part (format 3, see ``seals.py``)
    receipt.json       what the sender holds and what it refused (receipt)
    blobs/<sha256>     photo bytes

Only these names are accepted (no directories, no paths, so no zip-slip);
sizes and compression ratios are capped before anything is decompressed, and
every member is read with a hard limit so a lying header cannot balloon.  The
whole file is one opaque byte string to the outside, so a later issue can
wrap it (age encryption) without changing what is inside.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .. import i18n
from .errors import SyncError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHANGES = "changes.ndjson"
RECEIPT = "receipt.json"
SEALS = "seals.ndjson"  # origin seals the change lines refer to (format 3, see seals.py)
BLOB_RE = re.compile(r"^blobs/[0-9a-f]{64}$")
FIXED_NAMES = {MANIFEST, SIGNATURE, CHANGES, RECEIPT, SEALS}

# Import streams every member (hashed on the way, the changes inflated line by
# line and never past the size the signed manifest gives), so these caps bound
# disk and time, not memory: a whole province's package (≈ 1.3 million records,
# its changes ≈ 1.5 GB once inflated) fits with room for photos.
MAX_FILE_BYTES = 16 << 30  # on disk
MAX_TOTAL_BYTES = 32 << 30  # every member as stored in the zip
MAX_MEMBER_BYTES = 8 << 30  # one member as stored
MAX_RAW_BYTES = 64 << 30  # the changes once inflated (also at most MAX_RATIO × stored)
MAX_MANIFEST_BYTES = 64 << 20
MAX_SEALS_BYTES = 256 << 20  # parsed whole: a province's seals are a few MB
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


_OS_REASONS = {
    errno.ENOENT: "sync.os.missing",
    errno.EACCES: "sync.os.denied",
    errno.EPERM: "sync.os.denied",
    errno.EISDIR: "sync.os.folder",
    errno.ENOSPC: "sync.os.full",
    errno.EROFS: "sync.os.read_only",
    errno.EIO: "sync.os.io",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the user's language (no system English)."""
    return i18n.t(_OS_REASONS.get(exc.errno or 0, "sync.os.other"))


def _bad(detail: str) -> SyncError:
    return SyncError(i18n.t("sync.not_a_package", detail=detail))


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3  # the same bytes on every platform
    info.external_attr = 0o644 << 16
    return info


@dataclass
class FileMember:
    """A member already written to a file (e.g. the deflated changes), streamed into the zip."""

    path: Path
    size: int
    sha256: str
    raw_size: int | None = None  # size once inflated, for a deflated member


@dataclass
class LazyMember:
    """A member loaded only while it is written (a photo): never all of them at once."""

    load: Callable[[], bytes]
    size: int
    sha256: str


Member = bytes | FileMember | LazyMember


def _write_members(
    target: IO[bytes], manifest_bytes: bytes, signature: str, members: Mapping[str, Member]
) -> None:
    """The canonical zip of these members, written to ``target`` one member at a time.

    Every member goes through ``ZipFile.open(info, "w")`` with its size known in
    advance — the same path the reader's layout check (``_check_zip``) rebuilds
    the file with, and byte for byte what ``ZipFile.writestr`` writes.
    """
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zf:
        for name, member in [
            (MANIFEST, manifest_bytes),
            (SIGNATURE, signature.encode("ascii")),
            *((n, members[n]) for n in sorted(members)),
        ]:
            info = _info(name)
            if isinstance(member, FileMember):
                info.file_size = member.size
                with zf.open(info, "w") as dest, open(member.path, "rb") as src:
                    for data in _chunks(src):
                        dest.write(data)
                continue
            data = member.load() if isinstance(member, LazyMember) else member
            info.file_size = len(data)
            with zf.open(info, "w") as dest:
                dest.write(data)


def container_bytes(manifest_bytes: bytes, signature: str, members: Mapping[str, Member]) -> bytes:
    """The one canonical zip for this content (stored, fixed dates and attributes, sorted).

    Members are stored, not deflated: the bytes inside the zip are exactly
    the bytes the manifest hashes, so rebuilding the container on import and
    comparing proves that not a single byte of the file was changed — not
    even in zip headers that hold no content — and nothing is ever
    decompressed (no zip bomb).
    """
    buf = io.BytesIO()
    _write_members(buf, manifest_bytes, signature, members)
    return buf.getvalue()


Seal = Callable[[Path, Path], None]


def write_container(
    path: Path,
    manifest_bytes: bytes,
    signature: str,
    members: Mapping[str, Member],
    seal: Seal | None = None,
) -> tuple[int, str]:
    """Write atomically (temp file + rename); returns (size, sha256) of the file.

    The zip is written member by member to disk, never whole in memory.
    ``seal(zip_path, out_path)`` wraps it as a stream (age encryption to the
    addressee, see ``crypto.seal_file``).
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    plain: Path | None = None
    expected = sum(_member_size(m) for m in members.values()) + len(manifest_bytes)
    try:
        if seal is None:
            with open(tmp, "wb") as fh:
                _write_members(fh, manifest_bytes, signature, members)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            # The clear zip goes to this computer's own temporary folder, never beside
            # the package: on a USB stick it would leave readable records behind.
            handle, name = tempfile.mkstemp(prefix="zjk-export-", suffix=".zip")
            plain = Path(name)
            with open(handle, "wb") as fh:
                _write_members(fh, manifest_bytes, signature, members)
            seal(plain, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        size = tmp.stat().st_size
        sha = _file_digest(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise
        if exc.errno == errno.ENOSPC:
            mb = max(1, -(-expected // (1 << 20)))
            raise SyncError(i18n.t("sync.disk_full_export", mb=mb)) from None
        raise SyncError(i18n.t("sync.write_failed", path=path, detail=os_reason(exc))) from None
    finally:
        if plain is not None:
            plain.unlink(missing_ok=True)
    return size, sha


def _member_size(member: Member) -> int:
    return len(member) if isinstance(member, bytes) else member.size


class _CompareSink(io.RawIOBase):
    """A seekable write target that checks every byte written against a file.

    ``zipfile`` writes the canonical container into it; each write is compared
    with the package file at the same place, so the file is proved to be
    exactly the canonical zip of its members without building that zip in
    memory.  The one write ``zipfile`` makes twice (a member's local header:
    first with a zero CRC, then, on close, the real one) is skipped the first
    time (``defer``) and compared the second.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        super().__init__()
        self.fh = fh
        self.pos = 0
        self.end = 0
        self.defer = False
        self.same = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence == 0:
            self.pos = pos
        elif whence == 1:
            self.pos += pos
        else:
            self.pos = self.end + pos
        return self.pos

    def write(self, data: bytes) -> int:  # type: ignore[override]
        n = len(data)
        if not self.defer and self.same:
            self.fh.seek(self.pos)
            if self.fh.read(n) != bytes(data):
                self.same = False
        self.pos += n
        self.end = max(self.end, self.pos)
        return n

    def flush(self) -> None:
        pass


CHUNK = 1 << 20
MAX_LINE = 8 << 20  # one version line (the longest real one is well under 1 MiB)


class Package:
    """A package file opened for reading, checked, with its members read as streams.

    ``open_package`` checks names, counts, sizes, ratios and the canonical
    layout, and hashes every member on the way (``digests``); nothing is held
    in memory but the manifest and the signature.  Members are then read again
    as streams (``member_bytes`` for small ones, ``iter_lines`` for the changes).
    """

    def __init__(
        self,
        path: Path,
        size: int,
        sha256: str,
        zf: zipfile.ZipFile,
        manifest_bytes: bytes,
        signature: str,
        digests: dict[str, str],
        sizes: dict[str, int],
    ) -> None:
        self.path = path
        self.size = size
        self.sha256 = sha256
        self._zf = zf
        self.manifest_bytes = manifest_bytes
        self.signature = signature
        self.digests = digests
        self.sizes = sizes
        self.on_close: list[Callable[[], None]] = []  # e.g. remove a decrypted temporary copy

    @property
    def names(self) -> list[str]:
        return sorted(self.digests)

    def close(self) -> None:
        self._zf.close()
        while self.on_close:
            self.on_close.pop()()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def member_bytes(self, name: str, limit: int = MAX_MANIFEST_BYTES) -> bytes:
        if self.sizes[name] > limit:
            raise SyncError(i18n.t("sync.too_large", detail=_short(name)))
        try:
            with self._zf.open(name) as fh:
                data = fh.read(self.sizes[name] + 1)
        except _ZIP_ERRORS:
            raise _damaged(name) from None
        if len(data) != self.sizes[name]:
            raise _damaged(name)
        return data

    def stream(self, name: str) -> Iterator[bytes]:
        """A member's bytes in chunks, hashed again on the way: the file must not change under us."""
        h = hashlib.sha256()
        try:
            with self._zf.open(name) as fh:
                for data in _chunks(fh):
                    h.update(data)
                    yield data
        except _ZIP_ERRORS:
            raise _damaged(name) from None
        if h.hexdigest() != self.digests.get(name):
            raise SyncError(i18n.t("sync.member_mismatch", name=_short(name)))

    def iter_lines(self, name: str, raw_size: int | None) -> Generator[bytes, None, None]:
        """The lines of a member (inflated if ``raw_size`` is given), never more than ``raw_size``."""
        chunks = self.stream(name)
        yield from _lines(
            _inflated(chunks, name, raw_size) if raw_size is not None else chunks, name
        )


_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def _short(name: str) -> str:
    """A member name for a message: blob names shortened to 12 characters of their hash."""
    return name[:18] if name.startswith("blobs/") else name[:40]


def _damaged(name: str) -> SyncError:
    return SyncError(i18n.t("sync.damaged_member", name=_short(name)))


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    while True:
        data = fh.read(CHUNK)
        if not data:
            return
        yield data


def _inflated(chunks: Iterator[bytes], name: str, raw_size: int) -> Iterator[bytes]:
    unpacker = zlib.decompressobj(-15)
    total = 0
    for data in chunks:
        while data:
            try:
                out = unpacker.decompress(data, CHUNK)
            except zlib.error:
                raise SyncError(i18n.t("sync.member_mismatch", name=name)) from None
            data = unpacker.unconsumed_tail
            total += len(out)
            if total > raw_size:  # inflates past what the signed manifest says: stop here
                raise SyncError(i18n.t("sync.member_mismatch", name=name))
            if out:
                yield out
            if unpacker.eof:
                break
        if unpacker.eof:
            break
    if total != raw_size or not unpacker.eof or unpacker.unused_data or next(chunks, b""):
        raise SyncError(i18n.t("sync.member_mismatch", name=name))
    for _rest in chunks:  # run the stream to its end: it checks the member's hash
        pass


def _lines(chunks: Iterator[bytes], name: str) -> Iterator[bytes]:
    rest = b""
    for data in chunks:
        rest += data
        parts = rest.split(b"\n")
        rest = parts.pop()
        if len(rest) > MAX_LINE:
            raise SyncError(i18n.t("sync.too_large", detail=name))
        yield from parts
    if rest:
        yield rest


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for data in _chunks(fh):
            h.update(data)
    return h.hexdigest()


def open_package(path: Path) -> Package:
    """Open and check a package file (see ``Package``); ``SyncError`` with a one-line reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SyncError(i18n.t("sync.too_large", detail=f"{size // (1 << 20)} MB"))
        digest = _file_digest(path)
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise _bad(_zip_reason(exc)) from None
    except OSError as exc:
        raise SyncError(i18n.t("sync.cannot_read", detail=os_reason(exc))) from None
    try:
        return _check_zip(path, size, digest, zf)
    except BaseException:
        zf.close()
        raise


def _zip_reason(exc: BaseException) -> str:
    return i18n.t("sync.not_zip")


def _check_zip(path: Path, size: int, digest: str, zf: zipfile.ZipFile) -> Package:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise SyncError(i18n.t("sync.too_large", detail=f"{len(infos)} members"))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise SyncError(i18n.t("sync.bad_member", name=_short(name)))
        seen.add(name)
        if name not in FIXED_NAMES and not BLOB_RE.match(name):
            raise SyncError(i18n.t("sync.bad_member", name=name[:40]))
        if info.flag_bits & 0x1 or info.compress_type != zipfile.ZIP_STORED:
            raise _damaged(name)
        limit = {MANIFEST: MAX_MANIFEST_BYTES, SIGNATURE: 4096}.get(name, MAX_MEMBER_BYTES)
        if info.file_size > limit:
            raise SyncError(i18n.t("sync.too_large", detail=_short(name)))
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SyncError(i18n.t("sync.too_large", detail=_short(name)))
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise SyncError(i18n.t("sync.too_large", detail="total"))
    if MANIFEST not in seen or SIGNATURE not in seen:
        raise _bad(MANIFEST if MANIFEST not in seen else SIGNATURE)
    sizes = {info.filename: info.file_size for info in infos}
    digests: dict[str, str] = {}
    order = [MANIFEST, SIGNATURE, *sorted(seen - {MANIFEST, SIGNATURE})]
    small: dict[str, bytes] = {}
    with open(path, "rb") as raw:
        sink = _CompareSink(raw)
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as out:
            for name in order:
                h = hashlib.sha256()
                info = _info(name)
                info.file_size = sizes[name]
                keep = name in (MANIFEST, SIGNATURE)
                body = bytearray()
                try:
                    with zf.open(name) as src:
                        sink.defer = True
                        dest = out.open(info, "w")
                        sink.defer = False
                        with dest:
                            for data in _chunks(src):
                                h.update(data)
                                dest.write(data)
                                if keep:
                                    body += data
                except _ZIP_ERRORS:
                    raise _damaged(name) from None
                digests[name] = h.hexdigest()
                if keep:
                    small[name] = bytes(body)
        if not sink.same or sink.end != size:
            raise _bad(i18n.t("sync.layout"))
    manifest_bytes = small[MANIFEST]
    digests.pop(MANIFEST)
    digests.pop(SIGNATURE)
    try:
        signature = small[SIGNATURE].decode("ascii")
    except UnicodeDecodeError:
        raise _bad(SIGNATURE) from None
    return Package(path, size, digest, zf, manifest_bytes, signature, digests, sizes)


def read_container(path: Path) -> Container:
    """Everything of a (small) package in memory: for tools and tests."""
    with open_package(path) as pkg:
        members = {name: pkg.member_bytes(name, MAX_MEMBER_BYTES) for name in pkg.names}
        return Container(pkg.manifest_bytes, pkg.signature, members, pkg.size, pkg.sha256)


DEFLATE = "deflate"


def deflate(raw: bytes) -> bytes:
    """Raw deflate (no zlib header) of a member, done once by the sender.

    The manifest hashes these compressed bytes, and the receiver inflates
    them but never compresses again, so a different zlib on either side
    cannot change a single byte of the file.
    """
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # level 9: 4 % smaller, 1.8x slower
    return packer.compress(raw) + packer.flush()


class DeflateWriter:
    """``deflate`` as a stream: raw lines in, compressed bytes to a file, hashed on the way.

    The same ``zlib`` settings as ``deflate``, so the bytes are the same as
    deflating the whole member at once (a compressor's output does not depend
    on how its input was cut into pieces).
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self._packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._hash = hashlib.sha256()
        self.size = 0
        self.raw_size = 0

    def _out(self, data: bytes) -> None:
        if data:
            self._fh.write(data)
            self._hash.update(data)
            self.size += len(data)

    def write(self, raw: bytes) -> None:
        self.raw_size += len(raw)
        self._out(self._packer.compress(raw))

    def finish(self) -> str:
        """Flush the compressor; returns the sha256 of the compressed bytes."""
        self._out(self._packer.flush())
        return self._hash.hexdigest()


def max_raw_size(compressed_size: int) -> int:
    """The largest inflated size a member of ``compressed_size`` bytes may claim."""
    return min(MAX_RAW_BYTES, max(RATIO_FLOOR, MAX_RATIO * compressed_size))
