"""Node keys: this installation's Ed25519 key pair, fingerprints, and the keyring.

The private keys live in the ``keys/`` folder beside the database file
(``keys/<node_id>.key``: Ed25519 signing key, PKCS#8 PEM; ``keys/<node_id>.age``:
age X25519 identity, the file the standard ``age -d -i`` command reads), never in
the database, a dump or a package.  Moving or copying the data folder therefore
keeps database and keys together.  The database records which key it belongs to
(``meta.public_key``, ``meta.age_recipient``): with the key missing or different,
this node refuses to write or export (``KeyUnavailable``) instead of silently
making a new identity.  A new key comes only from ``rekey`` (then an enrolment
request, see ``enrol``); ``backup_keys`` / ``restore_keys`` carry both keys in an
age passphrase-encrypted file (scrypt).

Who is who (which node key belongs to which role, organisation and specialist)
comes from two places, in this order:

1. the county's keyring: ``node_key`` rows, county-owned, replicated with the
   roster (a revoked row makes the key refused everywhere);
2. keys trusted here by hand after a fingerprint check (``trusted_keys`` table,
   local, never shipped) — how a node learns the county's key before its first
   roster, and how the county adds a new laptop to its keyring.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyrage  # type: ignore[import-untyped]
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyrage import x25519

from .. import i18n
from ..domain.hlc import NODE_ID_RE
from ..paths import user_data_dir
from ..store import Change, Store, StoreError
from ..store.versions import canonical_json
from . import messages  # noqa: F401  (registers the catalog)
from .errors import SyncError

META_PUBLIC_KEY = "public_key"
META_AGE_RECIPIENT = "age_recipient"
META_KEYRING_EPOCH = "keyring_epoch"
META_HANDOVER = "key_handover"  # this node's own rekey statements (JSON list)
BACKUP_FORMAT = "zjk-node-keys"
HANDOVER_DOMAIN = b"zjk-handover/1\n"
MAX_HANDOVERS = 8  # statements a node keeps (and an enrolment request may carry)
MAX_COUNTER = 2**53

_private_cache: dict[tuple[str, str, str], Ed25519PrivateKey] = {}
_public_cache: dict[str, Ed25519PublicKey] = {}
_age_cache: dict[tuple[str, str], x25519.Identity] = {}

i18n.register(
    {
        "keys.missing": (
            (
                "本机的密钥不在 {folder}（本数据库属于指纹 {fp} 的密钥）：请把原来的 keys 文件夹放回数据库旁边，"
                "或用“设置 → 恢复密钥备份”（命令行 zjk keys restore）恢复；不能修改或导出数据"
            ),
            (
                "This computer's key is not in {folder} (this database belongs to the key with fingerprint {fp}):"
                " put the original keys folder back beside the database, or restore a key backup"
                " (Settings → Restore key backup; command line: zjk keys restore); nothing can be changed or exported"
            ),
        ),
        "keys.different": (
            (
                "{folder} 里的密钥不是本数据库的密钥（应为指纹 {fp}）：请放回原来的 keys 文件夹，"
                "或用“设置 → 恢复密钥备份”（命令行 zjk keys restore）恢复；不能修改或导出数据"
            ),
            (
                "The key in {folder} is not this database's key (expected fingerprint {fp}): put the original"
                " keys folder back, or restore a key backup (Settings → Restore key backup; command line:"
                " zjk keys restore); nothing can be changed or exported"
            ),
        ),
        "keys.no_recipient": (
            "还不知道{to}的加密公钥，无法加密发送：请先导入县服务团最新的花名册",
            (
                "The encryption key of {to} is not known yet, so the file cannot be encrypted:"
                " import the county's latest roster first"
            ),
        ),
        "keys.backup_bad_passphrase": (
            "密码不对，或者这不是本程序的密钥备份",
            "Wrong passphrase, or not a key backup of this program",
        ),
        "keys.backup_other_node": (
            "这份密钥备份属于另一台电脑的数据库（指纹 {fp}），与本数据库不符；请先恢复同一台电脑的数据库备份",
            (
                "This key backup belongs to another computer's database (fingerprint {fp}); restore that"
                " computer's database backup first"
            ),
        ),
        "keys.backup_empty_passphrase": (
            "请设置备份密码",
            "Please give a passphrase for the backup",
        ),
        "keys.bad_keep_through": (
            "要保留的更改数“{n}”无效，应为 0 或正整数",
            "The number of changes to keep, “{n}”, is not valid: give 0 or a positive whole number",
        ),
        "keys.past_boundary": (
            "{name}的密钥已被吊销，只接收它的前 {through} 条更改，第 {n} 条已超出",
            (
                "The key of {name} was revoked; only its first {through} changes are accepted,"
                " and change {n} is past that"
            ),
        ),
    }
)


class KeyUnavailable(SyncError, StoreError):
    """This database's own key is missing or different: writes and exports are refused."""


@dataclass(frozen=True)
class KeyInfo:
    node_id: str
    public_key: str  # base64 raw
    role: str | None
    org_id: str | None
    specialist_id: str | None
    label: str
    revoked: bool
    source: str  # "self" | "keyring" | "trusted"
    age_recipient: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.public_key)


@dataclass(frozen=True)
class Handover:
    """A node's statement that ``new_key`` replaces ``old_key`` after its change ``through``.

    Signed by the *old* key at ``rekey`` (the enrolment request carrying it is
    signed by the new one): the county approving the request keeps the old
    key valid for the node's changes up to ``through`` -- those already sent
    and still on their way -- and for nothing after.
    """

    node: str
    old_key: str
    new_key: str
    through: int
    sig: str

    def body(self) -> bytes:
        """What the old key signs (domain-separated from manifests, versions and seals)."""
        fields = {
            "new_key": self.new_key,
            "node": self.node,
            "old_key": self.old_key,
            "through": self.through,
        }
        return HANDOVER_DOMAIN + canonical_json(fields).encode("utf-8")

    def genuine(self) -> bool:
        return verify(self.old_key, self.sig, self.body())

    def to_dict(self) -> dict[str, Any]:
        return {
            "new_key": self.new_key,
            "node": self.node,
            "old_key": self.old_key,
            "sig": self.sig,
            "through": self.through,
        }

    @classmethod
    def parse(cls, d: object) -> Handover | None:
        """The statement in ``d`` if every part has its one syntax, else None."""
        if not isinstance(d, dict) or set(d) != {"new_key", "node", "old_key", "sig", "through"}:
            return None
        node, through, sig = d["node"], d["through"], d["sig"]
        if type(node) is not str or not NODE_ID_RE.fullmatch(node):
            return None
        if type(through) is not int or not 0 <= through <= MAX_COUNTER:
            return None
        if not (_is_public_key(d["old_key"]) and _is_public_key(d["new_key"])):
            return None
        if type(sig) is not str or len(sig) != 88 or not _is_b64(sig, 64):
            return None
        return cls(node, d["old_key"], d["new_key"], through, sig)


def _is_b64(text: object, size: int) -> bool:
    if type(text) is not str or not text.isascii():
        return False
    try:
        raw = unb64(text)
    except ValueError:
        return False
    return len(raw) == size and b64(raw) == text


def _is_public_key(text: object) -> bool:
    return _is_b64(text, 32)


# ------------------------------------------------------------------ encoding
def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint_of(public_key_b64: str) -> str:
    """Eight groups of four digits, easy to read aloud over the phone."""
    digest = hashlib.sha256(unb64(public_key_b64)).digest()
    groups = [int.from_bytes(digest[i : i + 2], "big") % 10000 for i in range(0, 16, 2)]
    return " ".join(f"{g:04d}" for g in groups)


def normalize_fingerprint(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


# ----------------------------------------------------------------- own keys
def key_dir(store: Store) -> Path:
    """The ``keys`` folder beside the database file (in-memory stores: the user data folder)."""
    if store.path is not None:
        return Path(store.path).resolve().parent / "keys"
    return user_data_dir() / "keys"


def key_path(store: Store) -> Path:
    return key_dir(store) / f"{store.node_id}.key"


def age_identity_path(store: Store) -> Path:
    return key_dir(store) / f"{store.node_id}.age"


def _legacy_dir() -> Path:
    # Before issue 10 the keys lived in the user data folder whatever --db said.
    return user_data_dir() / "keys"


def _write_secret(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _pem(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _raw_public(private: Ed25519PrivateKey) -> str:
    return b64(
        private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
    )


def _age_text(identity: x25519.Identity) -> bytes:
    created = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return (f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n").encode(
        "ascii"
    )


def _read_age(path: Path) -> x25519.Identity | None:
    try:
        for line in path.read_text("ascii").splitlines():
            if line.startswith("AGE-SECRET-KEY-"):
                return x25519.Identity.from_str(line.strip())
    except (OSError, UnicodeDecodeError, pyrage.IdentityError, ValueError):
        return None
    return None


def _adopt_legacy(store: Store, path: Path) -> None:
    """Move a key from the pre-issue-10 location beside the database (same node only)."""
    if path.exists():
        return
    legacy = _legacy_dir() / path.name
    if legacy.exists() and legacy.resolve() != path.resolve():
        _write_secret(path, legacy.read_bytes())


def _key_problem(store: Store, public: str) -> KeyUnavailable:
    folder = key_dir(store)
    path = key_path(store)
    key = "keys.different" if path.exists() else "keys.missing"
    return KeyUnavailable(i18n.t(key, folder=folder, fp=fingerprint_of(public)))


def _load_own_private(store: Store, public: str) -> Ed25519PrivateKey:
    path = key_path(store)
    _adopt_legacy(store, path)
    try:
        private = _load_private(path)
    except (OSError, ValueError, SyncError):
        raise _key_problem(store, public) from None
    if _raw_public(private) != public:
        raise _key_problem(store, public)
    return private


def _load_own_age(store: Store, public: str, recipient: str) -> x25519.Identity:
    path = age_identity_path(store)
    _adopt_legacy(store, path)
    identity = _read_age(path)
    if identity is None or str(identity.to_public()) != recipient:
        raise _key_problem(store, public)
    return identity


def ensure_keypair(store: Store) -> str:
    """Make this node's keys if it has none; returns the public key (base64).

    A database that already has a key never gets a new one here: a missing or
    different key file raises ``KeyUnavailable`` (see ``rekey``).
    """
    public = store.get_meta(META_PUBLIC_KEY)
    if public:
        _load_own_private(store, public)
    else:
        path = key_path(store)
        private = _load_private(path) if path.exists() else Ed25519PrivateKey.generate()
        if not path.exists():
            _write_secret(path, _pem(private))
        public = _raw_public(private)
        store.set_meta(META_PUBLIC_KEY, public)
    recipient = store.get_meta(META_AGE_RECIPIENT)
    if recipient:
        _load_own_age(store, public, recipient)
    else:  # databases from before issue 10 get their age identity now
        path = age_identity_path(store)
        identity = _read_age(path) if path.exists() else None
        if identity is None:
            identity = x25519.Identity.generate()
            _write_secret(path, _age_text(identity))
        store.set_meta(META_AGE_RECIPIENT, str(identity.to_public()))
    _maybe_add_own_key_to_keyring(store)
    return public


def check_own_key(store: Store) -> None:
    """Raise ``KeyUnavailable`` if this database has a key and its file is missing or different."""
    public = store.get_meta(META_PUBLIC_KEY)
    if not public or store.__dict__.get("_own_key_ok") == public:
        return
    _load_own_private(store, public)
    store.__dict__["_own_key_ok"] = public


Store.write_checks.append(check_own_key)


def key_problem(store: Store) -> str | None:
    """The one-line message if this database's key is missing or different (for status lines)."""
    try:
        store.__dict__.pop("_own_key_ok", None)
        check_own_key(store)
    except KeyUnavailable as exc:
        return str(exc)
    return None


def own_age_recipient(store: Store) -> str | None:
    return store.get_meta(META_AGE_RECIPIENT)


def age_identity(store: Store) -> x25519.Identity:
    public = own_public_key(store)
    recipient = store.get_meta(META_AGE_RECIPIENT)
    if not recipient:
        raise _key_problem(store, public)
    cached = _age_cache.get((store.node_id, recipient))
    if cached is None:
        cached = _age_cache[(store.node_id, recipient)] = _load_own_age(store, public, recipient)
    return cached


def _maybe_add_own_key_to_keyring(store: Store) -> None:
    node = store.node_info()
    if node.role != "county":
        return
    public = store.get_meta(META_PUBLIC_KEY)
    recipient = store.get_meta(META_AGE_RECIPIENT)
    assert public
    existing = _keyring_rows(store, node.node_id)
    if any(
        r["public_key"] == public
        and not r.get("revoked")
        and r.get("age_recipient") == recipient
        and r.get("org_id") == node.org_id
        for r in existing
    ):
        return
    add_to_keyring(
        store, node.node_id, public, "county", node.org_id, None, node.actor or "county", recipient
    )


def _load_private(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SyncError(i18n.t("sync.key_missing_file", path=path))
    return key


def own_public_key(store: Store) -> str:
    public = store.get_meta(META_PUBLIC_KEY)
    if not public:
        raise SyncError(i18n.t("sync.no_key"))
    return public


def private_key(store: Store) -> Ed25519PrivateKey:
    node = store.node_id
    public = own_public_key(store)
    cached = _private_cache.get((str(store.path), node, public))
    if cached is not None:
        return cached
    key = _load_own_private(store, public)
    _private_cache[(str(store.path), node, public)] = key
    return key


def sign(store: Store, data: bytes) -> str:
    return b64(private_key(store).sign(data))


def signer(store: Store) -> Callable[[bytes], str]:
    """A fast ``bytes -> base64 signature`` function for many signatures."""
    key = private_key(store)
    return lambda data: b64(key.sign(data))


def verify(public_key_b64: str, signature_b64: str | None, data: bytes) -> bool:
    if not signature_b64:
        return False
    key = _public_cache.get(public_key_b64)
    try:
        if key is None:
            key = Ed25519PublicKey.from_public_bytes(unb64(public_key_b64))
            _public_cache[public_key_b64] = key
        key.verify(unb64(signature_b64), data)
        return True
    except (InvalidSignature, ValueError):
        return False


def fingerprint(store: Store) -> str:
    """This node's fingerprint, readable aloud (e.g. ``0412 7781 …``)."""
    return fingerprint_of(own_public_key(store))


# ------------------------------------------------------------------ keyring
def _keyring_rows(store: Store, node_id: str) -> list[dict[str, Any]]:
    return store.rows("node_key", match={"node_id": node_id}, order_by="-updated_stamp")


def add_to_keyring(
    store: Store,
    node_id: str,
    public_key: str,
    role: str,
    org_id: str | None,
    specialist_id: str | None,
    label: str,
    age_recipient: str | None = None,
    kept: dict[str, int] | None = None,
) -> str:
    """County: add (or un-revoke) a node key in the replicated keyring.

    A node that already has a *different* key keeps its old key as a revoked
    row (packages signed with it are refused as revoked), and the new key
    gets its own row.  ``kept`` maps an old key to the node's last change it
    stays valid for (a rekey's genuine handover); any other old key is fully
    revoked.
    """
    values: dict[str, Any] = {
        "node_id": node_id,
        "public_key": public_key,
        "role": role,
        "org_id": org_id,
        "specialist_id": specialist_id,
        "label": label,
        "revoked": False,
    }
    if age_recipient:
        values["age_recipient"] = age_recipient
    rows = [r for r in store.rows("node_key", match={"node_id": node_id})]
    same = [r for r in rows if r["public_key"] == public_key]
    changes = [
        Change(
            "node_key",
            "update",
            {"revoked": True, "valid_through": (kept or {}).get(r["public_key"])},
            r["id"],
        )
        for r in rows
        if r["public_key"] != public_key and not r.get("revoked")
    ]
    if same:
        if same[0].get("valid_through") is not None:
            values["valid_through"] = None  # live again: no boundary
        changes.append(Change("node_key", "update", values, same[0]["id"]))
    else:
        changes.append(Change("node_key", "create", values))
    outcome = store.write(changes)[-1]
    bump_epoch(store)
    return outcome.record_id


def learn_age_recipient(store: Store, sender: KeyInfo, block: dict[str, Any]) -> bool:
    """County: take the age recipient a known computer sends along (databases from before
    age encryption published none), so packages to it can be encrypted.

    Only for the key the keyring already holds for that computer, after its
    signature was checked; returns True if the keyring changed.
    """
    if store.node_info().role != "county" or sender.source != "keyring" or sender.age_recipient:
        return False
    recipient = _age_or_none(block.get("age_recipient"))
    if recipient is None or block.get("public_key") != sender.public_key:
        return False
    add_to_keyring(
        store,
        sender.node_id,
        sender.public_key,
        str(sender.role or "specialist"),
        sender.org_id,
        sender.specialist_id,
        sender.label,
        recipient,
    )
    return True


def held_through(store: Store, node_id: str) -> int:
    """The highest change number of ``node_id`` this database holds (0: none)."""
    row = store.conn.execute(
        "SELECT max(counter) FROM versions WHERE node_id = ?", (node_id,)
    ).fetchone()
    return int(row[0] or 0)


def kept_through(store: Store, node_id: str) -> int | None:
    """The boundary of the key ``node_id`` used last, if it is revoked (None: not revoked or no boundary)."""
    rows = store.rows("node_key", match={"node_id": node_id}, order_by="-updated_stamp")
    if not rows or any(not r.get("revoked") for r in rows):
        return None
    value = rows[0].get("valid_through")
    return None if value is None else int(value)


def revoke(store: Store, node_id: str, keep_through: int | None = None) -> int | None:
    """County: revoke a computer's key (a lost laptop); returns the boundary kept.

    The key stays valid for the computer's changes up to ``keep_through``
    (default: the highest of its changes this county holds), so what it sent
    before the loss and is still on its way through a township arrives; what
    the key seals after that boundary is refused.  On a computer already
    revoked, ``keep_through`` moves the boundary of the key it used last (a
    township reports it holds more).
    """
    rows = store.rows("node_key", match={"node_id": node_id}, order_by="-updated_stamp")
    live = [r for r in rows if not r.get("revoked")]
    if keep_through is not None and not 0 <= keep_through <= MAX_COUNTER:
        raise SyncError(i18n.t("keys.bad_keep_through", n=keep_through))
    through = held_through(store, node_id) if keep_through is None else keep_through
    targets = live or (rows[:1] if keep_through is not None else [])
    if targets:
        store.write(
            [
                Change("node_key", "update", {"revoked": True, "valid_through": through}, r["id"])
                for r in targets
            ]
        )
        bump_epoch(store)
    with store.db.atomic():
        store.conn.execute("UPDATE trusted_keys SET trusted = 0 WHERE node_id = ?", (node_id,))
    if targets:
        return through
    return rows[0].get("valid_through") if rows else None


def keyring_epoch(store: Store) -> int:
    return int(store.get_meta(META_KEYRING_EPOCH) or 0)


def bump_epoch(store: Store) -> int:
    epoch = keyring_epoch(store) + 1
    store.set_meta(META_KEYRING_EPOCH, str(epoch))
    return epoch


class Keyring:
    """Key lookups for one import or export (cached)."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[str, KeyInfo | None] = {}
        self._spans: dict[str, list[tuple[str, int | None]]] = {}
        self.own_node = store.node_id
        self.own_public = store.get_meta(META_PUBLIC_KEY)

    def lookup(self, node_id: str) -> KeyInfo | None:
        if node_id in self._cache:
            return self._cache[node_id]
        info = self._lookup(node_id)
        self._cache[node_id] = info
        return info

    def _lookup(self, node_id: str) -> KeyInfo | None:
        store = self.store
        if node_id == self.own_node and self.own_public:
            me = store.node_info()
            return KeyInfo(
                node_id,
                self.own_public,
                me.role,
                me.org_id,
                me.specialist_id,
                me.actor,
                False,
                "self",
                store.get_meta(META_AGE_RECIPIENT),
            )
        rows = store.rows("node_key", match={"node_id": node_id}, order_by="-updated_stamp")
        if rows:
            return _key_info(node_id, rows, None)
        row = store.conn.execute(
            "SELECT node_id, public_key, role, org_id, specialist_id, label, age_recipient"
            " FROM trusted_keys WHERE node_id = ? AND trusted = 1",
            (node_id,),
        ).fetchone()
        return _key_info(node_id, rows, row)

    def _key_spans(self, node_id: str) -> list[tuple[str, int | None]]:
        """Each key of ``node_id`` with the last change it is valid for (None: no limit).

        Live keys have no limit; a revoked key is valid up to its
        ``valid_through`` (a rekey's handover, or the boundary the county
        kept of a lost laptop), and for nothing if it has none.
        """
        spans = self._spans.get(node_id)
        if spans is not None:
            return spans
        spans = []
        if node_id == self.own_node and self.own_public:
            spans.append((self.own_public, None))
        else:
            rows = self.store.rows("node_key", match={"node_id": node_id})
            for r in rows:
                if not r.get("revoked"):
                    spans.append((r["public_key"], None))
                elif r.get("valid_through") is not None:
                    spans.append((r["public_key"], int(r["valid_through"])))
            if not rows:
                info = self.lookup(node_id)
                if info is not None and not info.revoked:
                    spans.append((info.public_key, None))
        self._spans[node_id] = spans
        return spans

    def keys_for(self, node_id: str, counter: int) -> list[str]:
        """The keys that may have sealed or signed change ``counter`` of ``node_id`` (live first).

        A seal is checked with its number (the counter of its last version):
        a key revoked with a boundary below it did not make it.
        """
        spans = self._key_spans(node_id)
        return [k for k, through in spans if through is None] + [
            k for k, through in spans if through is not None and counter <= through
        ]

    def refusal(self, node_id: str, counter: int, name: str) -> str:
        """Why change ``counter`` of ``node_id`` has no key to check it with (one line)."""
        bounds = [t for _k, t in self._key_spans(node_id) if t]  # a boundary of 0 keeps nothing
        if bounds:
            return i18n.t("keys.past_boundary", name=name, through=max(bounds), n=counter)
        return i18n.t("sync.r.seal_revoked", name=name)

    def is_revoked_key(self, node_id: str, public_key: str) -> bool:
        """True if the county revoked exactly this key of ``node_id`` (an old or lost laptop's key)."""
        return any(
            r["public_key"] == public_key and r.get("revoked")
            for r in self.store.rows("node_key", match={"node_id": node_id})
        )

    def recipients(self, recipient: dict[str, Any]) -> list[str]:
        """age recipients of a package's addressee: one node, or every live key of a role + org."""
        if recipient.get("node_id"):
            info = self.lookup(str(recipient["node_id"]))
            return [info.age_recipient] if info and info.age_recipient and not info.revoked else []
        role, org = recipient.get("role"), recipient.get("org_id")
        out: set[str] = set()
        # A role of None addresses nobody (match would take it as "no role").
        live = (
            self.store.rows("node_key", match={"role": role, "org_id": org})
            if role is not None
            else []
        )
        for r in live:
            if not r.get("revoked") and r.get("age_recipient") and r["node_id"] != self.own_node:
                out.add(str(r["age_recipient"]))
        for row in self.store.conn.execute(
            "SELECT age_recipient FROM trusted_keys WHERE trusted = 1 AND role = ? AND org_id IS ?"
            " AND node_id != ?",
            (role, org, self.own_node),
        ):
            if row[0]:
                out.add(str(row[0]))
        return sorted(out)

    def nodes(self) -> list[KeyInfo]:
        """Every other computer's key, read in two queries (a province office knows 7,000)."""
        by_node: dict[str, list[dict[str, Any]]] = {}
        for r in self.store.rows("node_key", order_by=["node_id", "-updated_stamp"]):
            by_node.setdefault(r["node_id"], []).append(r)
        trusted = {
            row[0]: row
            for row in self.store.conn.execute(
                "SELECT node_id, public_key, role, org_id, specialist_id, label, age_recipient"
                " FROM trusted_keys WHERE trusted = 1"
            )
        }
        ids = (set(by_node) | set(trusted)) - {self.own_node}
        found = []
        for node_id in sorted(ids):
            if node_id not in self._cache:
                self._cache[node_id] = _key_info(
                    node_id, by_node.get(node_id), trusted.get(node_id)
                )
            info = self._cache[node_id]
            if info is not None:
                found.append(info)
        return found


def _key_info(
    node_id: str, rows: Sequence[Mapping[str, Any]] | None, trusted: Sequence[Any] | None
) -> KeyInfo | None:
    """A computer's key from its keyring rows (newest first: a live one wins, else the newest
    revoked one) or, when the roster holds none, from the keys trusted by hand."""
    if rows:
        live = [r for r in rows if not r.get("revoked")]
        r = live[0] if live else rows[0]
        return KeyInfo(
            node_id,
            r["public_key"],
            r.get("role"),
            r.get("org_id"),
            r.get("specialist_id"),
            r.get("label") or "",
            not live,
            "keyring",
            r.get("age_recipient"),
        )
    if trusted:
        return KeyInfo(
            node_id,
            trusted[1],
            trusted[2],
            trusted[3],
            trusted[4],
            trusted[5] or "",
            False,
            "trusted",
            trusted[6],
        )
    return None


def remember_pending(store: Store, sender: dict[str, Any]) -> None:
    """Keep an untrusted sender's key so ``zjk keys trust FINGERPRINT`` can pick it up."""
    now = _dt.datetime.now().isoformat(timespec="seconds")
    with store.db.atomic():
        store.conn.execute(
            "INSERT INTO trusted_keys(node_id, public_key, role, org_id, specialist_id, label,"
            " trusted, added_at, age_recipient) VALUES (?,?,?,?,?,?,0,?,?)"
            " ON CONFLICT(node_id) DO UPDATE SET public_key = excluded.public_key,"
            " role = excluded.role, org_id = excluded.org_id,"
            " specialist_id = excluded.specialist_id, label = excluded.label,"
            " added_at = excluded.added_at, age_recipient = excluded.age_recipient"
            " WHERE trusted_keys.trusted = 0",
            (
                sender.get("node_id"),
                sender.get("public_key"),
                sender.get("role"),
                sender.get("org_id"),
                sender.get("specialist_id"),
                sender.get("label") or "",
                now,
                _age_or_none(sender.get("age_recipient")),
            ),
        )


def pending_by_fingerprint(store: Store, fp: str) -> dict[str, Any] | None:
    wanted = normalize_fingerprint(fp)
    for row in store.conn.execute(
        "SELECT node_id, public_key, role, org_id, specialist_id, label, age_recipient FROM trusted_keys"
    ):
        if fingerprint_of(row[1]) == wanted:
            return dict(
                zip(
                    (
                        "node_id",
                        "public_key",
                        "role",
                        "org_id",
                        "specialist_id",
                        "label",
                        "age_recipient",
                    ),
                    row,
                    strict=True,
                )
            )
    return None


def _age_or_none(text: Any) -> str | None:
    """An age X25519 recipient (``age1…``) or None if ``text`` is not one."""
    if not isinstance(text, str) or not text.startswith("age1") or len(text) > 100:
        return None
    try:
        x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError):
        return None
    return text


def trust(store: Store, sender: dict[str, Any]) -> KeyInfo:
    """Trust a sender's key by hand (the caller checked the fingerprint with a person).

    On the county the key also enters the replicated keyring, so every node
    learns it with the next roster.
    """
    now = _dt.datetime.now().isoformat(timespec="seconds")
    node_id = str(sender["node_id"])
    public = str(sender["public_key"])
    with store.db.atomic():
        store.conn.execute(
            "INSERT INTO trusted_keys(node_id, public_key, role, org_id, specialist_id, label,"
            " trusted, added_at, age_recipient) VALUES (?,?,?,?,?,?,1,?,?)"
            " ON CONFLICT(node_id) DO UPDATE SET public_key = excluded.public_key,"
            " role = excluded.role, org_id = excluded.org_id,"
            " specialist_id = excluded.specialist_id, label = excluded.label, trusted = 1,"
            " added_at = excluded.added_at, age_recipient = excluded.age_recipient",
            (
                node_id,
                public,
                sender.get("role"),
                sender.get("org_id"),
                sender.get("specialist_id"),
                sender.get("label") or "",
                now,
                _age_or_none(sender.get("age_recipient")),
            ),
        )
    if store.node_info().role == "county" and node_id != store.node_id:
        refs = store.refs()
        org = (
            sender.get("org_id")
            if sender.get("org_id") and refs.org_level(sender["org_id"])
            else None
        )
        spec = (
            sender.get("specialist_id")
            if sender.get("specialist_id") and refs.specialist_exists(sender["specialist_id"])
            else None
        )
        add_to_keyring(
            store,
            node_id,
            public,
            str(sender.get("role") or "specialist"),
            org,
            spec,
            str(sender.get("label") or ""),
            _age_or_none(sender.get("age_recipient")),
        )
    info = Keyring(store).lookup(node_id)
    assert info is not None
    return info


# ------------------------------------------------------ rekey, backup, restore
def rekey(store: Store) -> str:
    """A new key pair for this node (explicit, never automatic); the old files are kept aside.

    Returns the new public key.  The county must approve the enrolment
    request made with it (``enrol.write_request``) before others accept it.
    """
    old_public = store.get_meta(META_PUBLIC_KEY)
    old_private: Ed25519PrivateKey | None = None
    if old_public:
        try:
            old_private = _load_own_private(store, old_public)
        except KeyUnavailable:
            old_private = None  # the key is gone: no handover, the county revokes it fully
    folder = key_dir(store)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for path in (key_path(store), age_identity_path(store)):
        if path.exists():
            os.replace(path, folder / f"{path.name}.replaced-{stamp}")
    private = Ed25519PrivateKey.generate()
    identity = x25519.Identity.generate()
    _write_secret(key_path(store), _pem(private))
    _write_secret(age_identity_path(store), _age_text(identity))
    public = _raw_public(private)
    chain = handovers(store)
    if old_private is not None and old_public:
        # Signed by the old key while this node still has it: the old key stays
        # valid for what this node made so far (sent or not), nothing after.
        unsigned = Handover(store.node_id, old_public, public, store.last_counter(), "")
        chain.append(replace(unsigned, sig=b64(old_private.sign(unsigned.body()))))
    with store.db.atomic():
        store._set_meta(META_PUBLIC_KEY, public)
        store._set_meta(META_AGE_RECIPIENT, str(identity.to_public()))
        store._set_meta(
            META_HANDOVER,
            json.dumps([h.to_dict() for h in chain[-MAX_HANDOVERS:]]) if chain else None,
        )
        # This node's versions are sealed again under the new key at the next export
        # (the old key is revoked once the county approves the new one, and a
        # seal or signature under it would then be refused wherever it is relayed).
        store.conn.execute(
            "UPDATE versions SET sig = NULL, seal = NULL, seal_pos = NULL WHERE node_id = ?"
            " AND (sig IS NOT NULL OR seal IS NOT NULL)",
            (store.node_id,),
        )
        store.conn.execute("DELETE FROM seals WHERE node_id = ?", (store.node_id,))
    store.__dict__.pop("_own_key_ok", None)
    _maybe_add_own_key_to_keyring(store)
    return public


def handovers(store: Store) -> list[Handover]:
    """This node's own rekey statements, oldest first (kept for its enrolment requests)."""
    try:
        items = json.loads(store.get_meta(META_HANDOVER) or "[]")
    except ValueError:
        return []
    found = [Handover.parse(d) for d in items] if isinstance(items, list) else []
    return [h for h in found if h is not None]


def save_handover(store: Store, chain: list[Handover]) -> None:
    store.set_meta(
        META_HANDOVER, json.dumps([h.to_dict() for h in chain[-MAX_HANDOVERS:]]) if chain else None
    )


def handover_chain(store: Store) -> list[Handover]:
    """The statements that lead from an earlier key of this node to its current key.

    Each link's new key is the next link's old key; the last one names the
    current key.  Empty if the last rekey left no statement (its old key was
    gone) or the database has another key since (a restored backup).
    """
    public = store.get_meta(META_PUBLIC_KEY)
    chain: list[Handover] = []
    want = public
    for h in reversed(handovers(store)):
        if h.new_key != want or h.node != store.node_id:
            break
        chain.append(h)
        want = h.old_key
    return list(reversed(chain))


def copy_key_files(store: Store, folder: Path) -> None:
    """Copy this node's key files into ``folder/keys`` (the database is being moved to ``folder``)."""
    for path in (key_path(store), age_identity_path(store)):
        if path.exists():
            _write_secret(Path(folder) / "keys" / path.name, path.read_bytes())


def backup_keys(store: Store, out: Path, passphrase: str) -> Path:
    """Write this node's keys to ``out``, age-encrypted with ``passphrase`` (scrypt).

    ``age -d FILE`` with the passphrase opens it too; inside is JSON with the
    PKCS#8 PEM signing key and the age identity.
    """
    if not passphrase:
        raise SyncError(i18n.t("keys.backup_empty_passphrase"))
    public = ensure_keypair(store)
    body = {
        "format": BACKUP_FORMAT,
        "version": 1,
        "node_id": store.node_id,
        "public_key": public,
        "age_recipient": store.get_meta(META_AGE_RECIPIENT),
        "signing_key_pem": _pem(_load_own_private(store, public)).decode("ascii"),
        "age_identity": str(age_identity(store)),
        "made_at": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    data = pyrage.passphrase.encrypt(json.dumps(body, indent=1).encode("utf-8"), passphrase)
    out = Path(out)
    _write_secret(out, data)
    return out


def read_key_backup(path: Path, passphrase: str) -> dict[str, Any]:
    try:
        body = json.loads(pyrage.passphrase.decrypt(Path(path).read_bytes(), passphrase))
        if not isinstance(body, dict) or body.get("format") != BACKUP_FORMAT:
            raise ValueError("format")
        private = serialization.load_pem_private_key(body["signing_key_pem"].encode("ascii"), None)
        identity = x25519.Identity.from_str(body["age_identity"])
        if not isinstance(private, Ed25519PrivateKey) or _raw_public(private) != body["public_key"]:
            raise ValueError("key")
        if str(identity.to_public()) != body["age_recipient"]:
            raise ValueError("age")
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        pyrage.DecryptError,
        pyrage.IdentityError,
    ):
        raise SyncError(i18n.t("keys.backup_bad_passphrase")) from None
    return body


def restore_keys(store: Store, path: Path, passphrase: str) -> str:
    """Put a key backup beside this database; it must be this database's key.

    A database without a key yet (a new laptop whose database backup has
    not been restored) is refused too: the key belongs to the database.
    Returns the fingerprint.
    """
    body = read_key_backup(path, passphrase)
    public = store.get_meta(META_PUBLIC_KEY)
    if body["node_id"] != store.node_id or public != body["public_key"]:
        raise SyncError(i18n.t("keys.backup_other_node", fp=fingerprint_of(body["public_key"])))
    folder = key_dir(store)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for target in (key_path(store), age_identity_path(store)):
        if target.exists():
            os.replace(target, folder / f"{target.name}.replaced-{stamp}")
    _write_secret(key_path(store), body["signing_key_pem"].encode("ascii"))
    _write_secret(
        age_identity_path(store), _age_text(x25519.Identity.from_str(body["age_identity"]))
    )
    store.set_meta(META_AGE_RECIPIENT, body["age_recipient"])
    store.__dict__.pop("_own_key_ok", None)
    ensure_keypair(store)
    return fingerprint_of(body["public_key"])
