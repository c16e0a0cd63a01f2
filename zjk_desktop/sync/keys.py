"""Node keys: this installation's Ed25519 key pair, fingerprints, and the keyring.

The private key lives in the user data folder (``keys/<node_id>.key``), never in
the database, a dump or a package.  The public key is kept in ``meta``.

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
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .. import i18n
from ..paths import user_data_dir
from ..store import Change, Store
from . import messages  # noqa: F401  (registers the catalog)
from .errors import SyncError

META_PUBLIC_KEY = "public_key"
META_KEYRING_EPOCH = "keyring_epoch"

_private_cache: dict[tuple[str, str], Ed25519PrivateKey] = {}
_public_cache: dict[str, Ed25519PublicKey] = {}


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

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.public_key)


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
def key_path(node_id: str) -> Path:
    return user_data_dir() / "keys" / f"{node_id}.key"


def ensure_keypair(store: Store) -> str:
    """Make this node's key pair if it has none; returns the public key (base64)."""
    path = key_path(store.node_id)
    public = store.get_meta(META_PUBLIC_KEY)
    if public and path.exists():
        _maybe_add_own_key_to_keyring(store)
        return public
    if path.exists():
        private = _load_private(path)
    else:
        private = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    public = b64(
        private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    store.set_meta(META_PUBLIC_KEY, public)
    _maybe_add_own_key_to_keyring(store)
    return public


def _maybe_add_own_key_to_keyring(store: Store) -> None:
    node = store.node_info()
    if node.role != "county":
        return
    public = store.get_meta(META_PUBLIC_KEY)
    assert public
    existing = _keyring_rows(store, node.node_id)
    if any(r["public_key"] == public and not r.get("revoked") for r in existing):
        return
    add_to_keyring(store, node.node_id, public, "county", node.org_id, None, node.actor or "county")


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
    cached = _private_cache.get((node, public))
    if cached is not None:
        return cached
    path = key_path(node)
    if not path.exists():
        raise SyncError(i18n.t("sync.key_missing_file", path=path))
    key = _load_private(path)
    _private_cache[(node, public)] = key
    return key


def sign(store: Store, data: bytes) -> str:
    return b64(private_key(store).sign(data))


def signer(store: Store):
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
    return store.rows("node_key", "node_id = ?", (node_id,), order_by="updated_stamp DESC")


def add_to_keyring(
    store: Store,
    node_id: str,
    public_key: str,
    role: str,
    org_id: str | None,
    specialist_id: str | None,
    label: str,
) -> str:
    """County: add (or un-revoke) a node key in the replicated keyring."""
    values = {
        "node_id": node_id,
        "public_key": public_key,
        "role": role,
        "org_id": org_id,
        "specialist_id": specialist_id,
        "label": label,
        "revoked": False,
    }
    rows = [r for r in store.rows("node_key", "node_id = ?", (node_id,))]
    if rows:
        outcome = store.write([Change("node_key", "update", values, rows[0]["id"])])[0]
    else:
        outcome = store.write([Change("node_key", "create", values)])[0]
    bump_epoch(store)
    return outcome.record_id


def revoke(store: Store, node_id: str) -> None:
    rows = store.rows("node_key", "node_id = ?", (node_id,))
    if rows:
        store.write([Change("node_key", "update", {"revoked": True}, r["id"]) for r in rows])
        bump_epoch(store)
    with store.db.atomic():
        store.conn.execute("UPDATE trusted_keys SET trusted = 0 WHERE node_id = ?", (node_id,))


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
            return KeyInfo(node_id, self.own_public, me.role, me.org_id, me.specialist_id,
                           me.actor, False, "self")
        rows = store.rows("node_key", "node_id = ?", (node_id,), order_by="updated_stamp DESC")
        if rows:
            live = [r for r in rows if not r.get("revoked")]
            r = live[0] if live else rows[0]
            return KeyInfo(node_id, r["public_key"], r.get("role"), r.get("org_id"),
                           r.get("specialist_id"), r.get("label") or "", not live, "keyring")
        row = store.conn.execute(
            "SELECT public_key, role, org_id, specialist_id, label FROM trusted_keys"
            " WHERE node_id = ? AND trusted = 1",
            (node_id,),
        ).fetchone()
        if row:
            return KeyInfo(node_id, row[0], row[1], row[2], row[3], row[4] or "", False, "trusted")
        return None

    def nodes(self) -> list[KeyInfo]:
        ids = {r["node_id"] for r in self.store.rows("node_key", include_deleted=False)}
        ids |= {r[0] for r in self.store.conn.execute("SELECT node_id FROM trusted_keys WHERE trusted = 1")}
        ids.discard(self.own_node)
        return [k for k in (self.lookup(i) for i in sorted(ids)) if k is not None]


def remember_pending(store: Store, sender: dict[str, Any]) -> None:
    """Keep an untrusted sender's key so ``zjk keys trust FINGERPRINT`` can pick it up."""
    now = _dt.datetime.now().isoformat(timespec="seconds")
    with store.db.atomic():
        store.conn.execute(
            "INSERT INTO trusted_keys(node_id, public_key, role, org_id, specialist_id, label,"
            " trusted, added_at) VALUES (?,?,?,?,?,?,0,?)"
            " ON CONFLICT(node_id) DO UPDATE SET public_key = excluded.public_key,"
            " role = excluded.role, org_id = excluded.org_id,"
            " specialist_id = excluded.specialist_id, label = excluded.label,"
            " added_at = excluded.added_at WHERE trusted_keys.trusted = 0",
            (
                sender.get("node_id"),
                sender.get("public_key"),
                sender.get("role"),
                sender.get("org_id"),
                sender.get("specialist_id"),
                sender.get("label") or "",
                now,
            ),
        )


def pending_by_fingerprint(store: Store, fp: str) -> dict[str, Any] | None:
    wanted = normalize_fingerprint(fp)
    for row in store.conn.execute(
        "SELECT node_id, public_key, role, org_id, specialist_id, label FROM trusted_keys"
    ):
        if fingerprint_of(row[1]) == wanted:
            return dict(zip(("node_id", "public_key", "role", "org_id", "specialist_id", "label"), row))
    return None


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
            " trusted, added_at) VALUES (?,?,?,?,?,?,1,?)"
            " ON CONFLICT(node_id) DO UPDATE SET public_key = excluded.public_key,"
            " role = excluded.role, org_id = excluded.org_id,"
            " specialist_id = excluded.specialist_id, label = excluded.label, trusted = 1,"
            " added_at = excluded.added_at",
            (node_id, public, sender.get("role"), sender.get("org_id"),
             sender.get("specialist_id"), sender.get("label") or "", now),
        )
    if store.node_info().role == "county" and node_id != store.node_id:
        refs = store.refs()
        org = sender.get("org_id") if sender.get("org_id") and refs.org_level(sender["org_id"]) else None
        spec = sender.get("specialist_id") if sender.get("specialist_id") and refs.specialist_exists(sender["specialist_id"]) else None
        add_to_keyring(store, node_id, public, str(sender.get("role") or "specialist"), org, spec,
                       str(sender.get("label") or ""))
    info = Keyring(store).lookup(node_id)
    assert info is not None
    return info
