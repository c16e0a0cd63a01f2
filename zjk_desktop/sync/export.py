"""Building packages: delta, full, roster and receipt."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__, i18n
from ..domain.entities import MANAGEMENT_KINDS, RECORD_KINDS, ROSTER_KINDS, entity
from ..domain.ids import new_id
from ..store import Store, Version
from ..store.versions import canonical_json
from . import container, crypto, keys, peers
from .errors import SyncError

FORMAT = "zjkpkg"
FORMAT_VERSION = 2  # 2: changes.ndjson stored deflated (1 still imported)
KINDS = ("delta", "full", "roster", "receipt")

Progress = Callable[[int, int], None] | None
ShouldCancel = Callable[[], bool] | None


@dataclass
class ExportResult:
    path: Path
    kind: str
    bundle_id: str
    counts: dict[str, int] = field(default_factory=dict)
    n_changes: int = 0
    n_blobs: int = 0
    size: int = 0
    sha256: str = ""
    recipient: dict[str, Any] = field(default_factory=dict)
    sent_vector: dict[str, int] = field(default_factory=dict)  # highest counters in the package
    repeated: int = 0  # changes sent before that no receipt confirmed
    sender_name: str = ""  # how the recipient names this computer in ``zjk receipt --for``

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "bundle_id": self.bundle_id,
            "counts": dict(self.counts),
            "n_changes": self.n_changes,
            "n_blobs": self.n_blobs,
            "size": self.size,
            "sha256": self.sha256,
            "recipient": dict(self.recipient),
            "sent_vector": dict(self.sent_vector),
            "repeated": self.repeated,
        }

    def describe(self) -> str:
        text = i18n.t(
            "sync.exported", path=self.path, n=self.n_changes, blobs=self.n_blobs, size=self.size
        )
        if self.repeated:
            text += "\n" + i18n.t("sync.repeated", n=self.repeated, me=self.sender_name)
        return text


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def sender_block(store: Store) -> dict[str, Any]:
    node = store.node_info()
    return {
        "node_id": node.node_id,
        "role": node.role,
        "org_id": node.org_id,
        "specialist_id": node.specialist_id,
        "label": node.actor,
        "public_key": keys.own_public_key(store),
        "age_recipient": keys.own_age_recipient(store),
    }


def resolve_recipient(store: Store, to: str) -> dict[str, Any]:
    """``township`` / ``county`` (this node's own station / county) or a node id."""
    node = store.node_info()
    if to in ("township", "county"):
        org = node.org_id
        if node.role == "specialist" and node.specialist_id:
            sp = store.get("specialist", node.specialist_id)
            org = sp.get("org_id") if sp else org
        level = _org_level(store, org)
        if to == "township":
            if level != "township":
                raise SyncError(i18n.t("sync.bad_target", to=to))
            return {"to": to, "node_id": None, "role": "township", "org_id": org}
        while org and level not in ("county", None):
            row = store.get("org_unit", org)
            org = row.get("parent_id") if row else None
            level = _org_level(store, org)
        if not org or level != "county":
            raise SyncError(i18n.t("sync.bad_target", to=to))
        return {"to": to, "node_id": None, "role": "county", "org_id": org}
    info = keys.Keyring(store).lookup(to)
    if info is None or to == store.node_id:
        raise SyncError(i18n.t("sync.bad_target", to=to))
    return {
        "to": to,
        "node_id": to,
        "role": info.role,
        "org_id": info.org_id,
        "specialist_id": info.specialist_id,
    }


def _org_level(store: Store, org_id: str | None) -> str | None:
    if not org_id:
        return None
    row = store.get("org_unit", org_id)
    return row.get("level") if row else None


def sign_own_versions(store: Store) -> int:
    """Sign this node's versions that leave it for the first time (proof of origin for relays)."""
    me = store.node_id
    cur = store.conn.execute(
        "SELECT * FROM versions WHERE node_id = ? AND sig IS NULL ORDER BY counter", (me,)
    )
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    if not rows:
        return 0
    sign = keys.signer(store)
    updates = []
    for r in rows:
        v = Version.from_row(dict(zip(cols, r, strict=True)))
        updates.append((sign(v.signing_bytes()), v.node_id, v.counter))
    with store.db.atomic():
        store.conn.executemany(
            "UPDATE versions SET sig = ? WHERE node_id = ? AND counter = ?", updates
        )
    return len(updates)


def _version_line(row: tuple[Any, ...]) -> str:
    node, counter, stamp, ent, rid, op, fields, base, actor, sig = row
    parts = [
        f'"actor":{json.dumps(actor or "", ensure_ascii=False)}',
        f'"base":{base or "{}"}',
        f'"entity":{json.dumps(ent)}',
        f'"fields":{fields}',
        f'"id":{json.dumps(rid)}',
        f'"n":{int(counter)}',
        f'"node":{json.dumps(node)}',
        f'"op":{json.dumps(op)}',
    ]
    if sig:
        parts.append(f'"sig":{json.dumps(sig)}')
    parts.append(f'"stamp":{json.dumps(stamp)}')
    return "{" + ",".join(parts) + "}"


def _excluded_records(store: Store, recipient: dict[str, Any]) -> set[str]:
    """Records a specialist recipient has no business receiving (other people's work)."""
    if recipient.get("role") != "specialist" or not recipient.get("specialist_id"):
        return set()
    out: set[str] = set()
    # Requests, callbacks and assessments of other specialists stay away too.
    for kind in (*RECORD_KINDS, *MANAGEMENT_KINDS):
        out.update(
            r[0]
            for r in store.conn.execute(
                f"SELECT id FROM [{entity(kind).name}] WHERE specialist_id IS NOT ?",
                (recipient["specialist_id"],),
            )
        )
    return out


def _select_versions(
    store: Store,
    since: dict[str, int],
    kinds: tuple[str, ...] | None,
    exclude: set[str],
    should_cancel: ShouldCancel,
) -> tuple[list[str], dict[str, int], set[str]]:
    lines: list[str] = []
    counts: dict[str, int] = {}
    photos: set[str] = set()
    sql = "SELECT node_id, counter, stamp, entity, record_id, op, fields, base, actor, sig FROM versions"
    params: list[Any] = []
    if kinds is not None:
        sql += f" WHERE entity IN ({','.join('?' * len(kinds))})"
        params.extend(kinds)
    sql += " ORDER BY seq"
    for i, row in enumerate(store.conn.execute(sql, params)):
        if i % 5000 == 0 and should_cancel and should_cancel():
            raise SyncError(i18n.t("sync.export_cancelled"))
        if row[1] <= since.get(row[0], 0) or row[4] in exclude:
            continue
        lines.append(_version_line(row))
        counts[row[3]] = counts.get(row[3], 0) + 1
        if '"photos"' in row[6]:
            value = json.loads(row[6]).get("photos")
            if isinstance(value, list):
                photos.update(p for p in value if isinstance(p, str))
    return lines, counts, photos


def _build(
    store: Store,
    kind: str,
    out: Path,
    recipient: dict[str, Any],
    since: dict[str, int],
    members: dict[str, bytes],
    counts: dict[str, int],
    n_changes: int,
    blob_mimes: dict[str, str],
    extra: dict[str, Any] | None = None,
) -> ExportResult:
    bundle_id = new_id()
    recipients = crypto.recipients_for(store, kind, recipient)  # refused before anything is written
    raw_sizes: dict[str, int] = {}
    if container.CHANGES in members:
        raw = members[container.CHANGES]
        members = {**members, container.CHANGES: container.deflate(raw)}
        raw_sizes[container.CHANGES] = len(raw)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": store.schema_version,
        "app_version": __version__,
        "kind": kind,
        "bundle_id": bundle_id,
        "created_at": _now(),
        "sender": sender_block(store),
        "recipient": recipient,
        "vector": store.version_vector(),
        "since": since,
        "counts": counts,
        "n_changes": n_changes,
        "keyring_epoch": keys.keyring_epoch(store),
        "members": {
            name: {
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                **({"mime": blob_mimes[name]} if name in blob_mimes else {}),
                **(
                    {"encoding": container.DEFLATE, "raw_size": raw_sizes[name]}
                    if name in raw_sizes
                    else {}
                ),
            }
            for name, data in sorted(members.items())
        },
    }
    if extra:
        manifest.update(extra)
    manifest_bytes = canonical_json(manifest).encode("utf-8")
    signature = keys.sign(store, manifest_bytes)
    seal = (lambda data: crypto.seal(data, recipients)) if recipients else None
    size, sha = container.write_container(Path(out), manifest_bytes, signature, members, seal)
    from ..backup import note_high_water

    note_high_water(store.node_id, store.last_counter())
    result = ExportResult(
        Path(out),
        kind,
        bundle_id,
        counts,
        n_changes,
        sum(1 for n in members if n.startswith("blobs/")),
        size,
        sha,
        recipient,
    )
    if kind in ("delta", "full"):
        result.sent_vector = store.max_counters()
    peers.record_bundle(
        store, bundle_id, "out", kind, sha, _ledger_peer(recipient), result.to_dict()
    )
    return result


def _ledger_peer(recipient: dict[str, Any]) -> str | None:
    """The peer an outgoing bundle is filed under in the ledger."""
    return recipient.get("node_id") or recipient.get("to")


def _blob_members(store: Store, photos: set[str]) -> tuple[dict[str, bytes], dict[str, str]]:
    members: dict[str, bytes] = {}
    mimes: dict[str, str] = {}
    for digest in sorted(photos):
        if not container.BLOB_RE.match(f"blobs/{digest}"):
            continue
        row = store.conn.execute(
            "SELECT data, mime FROM blobs WHERE sha256 = ?", (digest,)
        ).fetchone()
        if row is None:
            continue
        members[f"blobs/{digest}"] = bytes(row[0])
        mimes[f"blobs/{digest}"] = row[1] or "application/octet-stream"
    return members, mimes


def _require_identity(store: Store) -> None:
    if not store.node_info().role:
        raise SyncError(i18n.t("sync.no_role"))
    keys.own_public_key(store)
    keys.check_own_key(store)  # a missing or different key file: refused, never a new identity


def export_package(
    store: Store,
    to: str,
    *,
    full: bool = False,
    out: Path,
    progress: Progress = None,
    should_cancel: ShouldCancel = None,
) -> ExportResult:
    """Export what the recipient is not known to have (``full``: everything)."""
    _require_identity(store)
    recipient = resolve_recipient(store, to)
    since = {} if full else peers.known_vector_for(store, recipient)
    # Sent before in a package no receipt confirmed: this delta repeats it.
    already = peers.merge_vectors(since, peers.sent_vector(store, _ledger_peer(recipient)))
    sign_own_versions(store)
    if progress:
        progress(0, 3)
    lines, counts, photos = _select_versions(
        store, since, None, _excluded_records(store, recipient), should_cancel
    )
    if progress:
        progress(1, 3)
    members: dict[str, bytes] = {
        container.CHANGES: ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    }
    blobs, mimes = _blob_members(store, photos)
    members.update(blobs)
    if should_cancel and should_cancel():
        raise SyncError(i18n.t("sync.export_cancelled"))
    if progress:
        progress(2, 3)
    result = _build(
        store,
        "full" if full else "delta",
        out,
        recipient,
        since,
        members,
        counts,
        len(lines),
        mimes,
    )
    if not full:
        held = peers.HeldCounters(store)
        result.repeated = min(len(lines), max(0, held.unsent(since) - held.unsent(already)))
        result.sender_name = store.node_info().actor or keys.fingerprint(store)
    if progress:
        progress(3, 3)
    return result


def export_roster(
    store: Store,
    out: Path,
    *,
    progress: Progress = None,
    should_cancel: ShouldCancel = None,
) -> ExportResult:
    """County: reference data and keyring for every node of the county."""
    _require_identity(store)
    node = store.node_info()
    if node.role != "county":
        raise SyncError(i18n.t("sync.roster_county_only"))
    keys.ensure_keypair(store)  # puts the county's own key in its keyring
    epoch = keys.bump_epoch(store)
    sign_own_versions(store)
    if progress:
        progress(0, 2)
    lines, counts, _photos = _select_versions(store, {}, ROSTER_KINDS, set(), should_cancel)
    members = {container.CHANGES: ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")}
    recipient = {"to": "all", "node_id": None, "role": None, "org_id": node.org_id}
    result = _build(
        store,
        "roster",
        out,
        recipient,
        {},
        members,
        counts,
        len(lines),
        {},
        {"keyring_epoch": epoch},
    )
    if progress:
        progress(2, 2)
    return result


def export_receipt(store: Store, for_node: str, out: Path) -> ExportResult:
    """A small signed file telling ``for_node`` what this node now holds and what it refused."""
    _require_identity(store)
    info = keys.Keyring(store).lookup(for_node)
    recipient = {
        "to": for_node,
        "node_id": for_node,
        "role": info.role if info else None,
        "org_id": info.org_id if info else None,
    }
    bundles, refused = peers.bundles_from(store, for_node)
    body = {
        "for_node": for_node,
        "vector": store.version_vector(),
        "bundles": bundles,
        "refused": refused,
        # What this node knows its other peers hold: the recipient learns it through us.
        "known": peers.relayed_claims(store, {for_node, store.node_id}),
    }
    members = {container.RECEIPT: canonical_json(body).encode("utf-8")}
    return _build(store, "receipt", out, recipient, {}, members, {}, 0, {})
