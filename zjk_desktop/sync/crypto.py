"""Packages encrypted to their addressee with age (X25519), signed inside.

A package addressed to a node (delta, full, receipt) is the usual signed zip,
encrypted as a whole to the age recipients of its addressee — every live key
the keyring lists for that node, or for the role and organisation it is
addressed to (two clerks of one station both can open it).  Not to the
county as well: a township's package reaches the county as the township's
own export, decrypted and re-encrypted by the township, so the county never
needs to open someone else's file, and a file lost on the way is readable
by its addressee only.  The roster stays signed-only: every computer of the
county must read it, and it holds no farmer's data.

The outer layer is the standard age format, so ``age -d -i keys/<node>.age
FILE.zjkpkg > inner.zip`` opens it with the reference tool.  The signature
stays inside: a tampered or truncated file fails age's authentication, and
a file re-encrypted by someone else still has to pass every check of the
inner package.  Unencrypted packages (older programs, rosters) still import;
the summary says so.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pyrage  # type: ignore[import-untyped]
from pyrage import x25519

from .. import i18n
from ..store import Store
from . import container, keys
from .errors import SyncError

AGE_MAGIC = b"age-encryption.org/v1\n"
SIGNED_ONLY_KINDS = ("roster", "enrol")

i18n.register(
    {
        "keys.not_our_file": (
            "此文件已加密，收件方不是本机（或文件已损坏），无法打开",
            "This file is encrypted for another computer (or damaged) and cannot be opened here",
        ),
        "keys.unencrypted_note": (
            "此文件未加密（旧版程序导出），已照常检查并导入",
            "This file was not encrypted (made by an older program); it was checked and imported as usual",
        ),
    }
)


def is_sealed(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def recipients_for(store: Store, kind: str, recipient: dict[str, Any]) -> list[str] | None:
    """The age recipients a package must be encrypted to (None: signed-only kinds)."""
    if kind in SIGNED_ONLY_KINDS:
        return None
    found = keys.Keyring(store).recipients(recipient)
    if not found:
        who = recipient.get("to") or recipient.get("node_id") or recipient.get("role") or "?"
        info = (
            keys.Keyring(store).lookup(str(recipient.get("node_id")))
            if recipient.get("node_id")
            else None
        )
        raise SyncError(
            i18n.t("keys.no_recipient", to=(info.label if info and info.label else who))
        )
    return found


def seal(data: bytes, recipients: list[str]) -> bytes:
    return bytes(pyrage.encrypt(data, [x25519.Recipient.from_str(r) for r in recipients]))


def seal_file(src: Path, dst: Path, recipients: list[str]) -> None:
    """``seal`` as a stream, file to file: the package is never whole in memory."""
    parsed = [x25519.Recipient.from_str(r) for r in recipients]
    with open(src, "rb") as reader, open(dst, "wb") as writer:
        pyrage.encrypt_io(reader, writer, parsed)


def unseal(store: Store, data: bytes) -> bytes:
    # KeyUnavailable (one line) if this computer's key is missing.
    identity = keys.age_identity(store)
    try:
        return bytes(pyrage.decrypt(data, [identity]))
    except (pyrage.DecryptError, ValueError):
        raise SyncError(i18n.t("keys.not_our_file")) from None


def open_package(store: Store | None, path: Path) -> tuple[container.Package, bool]:
    """The checked inner package of a file, decrypting it if it is sealed; (package, was_sealed).

    A sealed file is decrypted as a stream into a temporary file beside nothing
    else (removed when the package is closed), so memory does not grow with the
    package; the inner zip then goes through every check of ``container.open_package``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(len(AGE_MAGIC))
    except OSError as exc:
        raise SyncError(i18n.t("sync.cannot_read", detail=container.os_reason(exc))) from None
    if head != AGE_MAGIC:
        return container.open_package(path), False
    if size > container.MAX_FILE_BYTES:
        raise SyncError(i18n.t("sync.too_large", detail=f"{size // (1 << 20)} MB"))
    if store is None:
        raise SyncError(i18n.t("keys.not_our_file"))
    # KeyUnavailable (one line) if this computer's key is missing.
    identity = keys.age_identity(store)
    fd, tmp = tempfile.mkstemp(prefix="zjk-inner-", suffix=".zip")
    os.close(fd)
    try:
        try:
            pyrage.decrypt_file(str(path), tmp, [identity])
        except (pyrage.DecryptError, ValueError):
            raise SyncError(i18n.t("keys.not_our_file")) from None
        except OSError as exc:
            raise SyncError(i18n.t("sync.cannot_read", detail=container.os_reason(exc))) from None
        package = container.open_package(Path(tmp))
    except BaseException:
        os.unlink(tmp)
        raise
    package.on_close.append(lambda: os.unlink(tmp))
    return package, True
