"""Importing packages: every check first, then one transaction.

Order (nothing touches the database until all of it passed):

1. the zip, in memory: whitelisted names, size and ratio caps (``container``);
2. the manifest: shape, format version;
3. every member's size and sha256 against the manifest, no member missing or extra;
4. the signature over the manifest bytes, against the keyring;
5. schema version (newer than this program: refused, "please upgrade");
6. the addressee;
7. every change: shape and field types, origin signature for relayed
   changes, the origin's authority (refused changes are listed and the rest
   applies), the clock (far-future changes are held back).

Then blobs, versions, the bundle ledger and the peer's vector are written in
one transaction; a crash or a cancel in between leaves the database as it was.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import i18n
from ..domain.entities import DELETED, ENTITIES, ROSTER_KINDS
from ..domain.enums import ROLES
from ..domain.hlc import parse_stamp, stamp_ms
from ..domain.validation import coerce_value
from ..lookup import computer_name, org_path
from ..store import Store, Version
from ..store.db import MAX_CLOCK_AHEAD_MS
from ..store.migrations import LATEST as LATEST_SCHEMA
from . import authority, container, keys, peers
from .errors import SyncError
from .export import FORMAT, FORMAT_VERSION, KINDS

OPS = {"create", "update", "delete", "resolve", "review", "restore"}
COUNT_KEYS = ("new", "updated", "unchanged", "conflicts", "refused")
OUTCOME_COUNT = {"new": "new", "updated": "updated", "conflict": "conflicts",
                 "stale": "unchanged", "duplicate": "unchanged"}
APPLY_CHUNK = 5000
MAX_SHOWN_REFUSED = 20

Progress = Callable[[int, int], None] | None
ShouldCancel = Callable[[], bool] | None


@dataclass
class ImportSummary:
    file: str
    ok: bool = False
    reason: str | None = None
    reason_key: str | None = None
    kind: str | None = None
    bundle_id: str | None = None
    sender: dict[str, Any] = field(default_factory=dict)
    dry_run: bool = False
    applied: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)
    held: int = 0
    notes: list[str] = field(default_factory=list)
    sha256: str | None = None

    def count(self, kind: str, key: str, n: int = 1) -> None:
        per = self.counts.setdefault(kind, {k: 0 for k in COUNT_KEYS})
        per[key] += n

    def total(self, key: str) -> int:
        return sum(c.get(key, 0) for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "ok": self.ok,
            "reason": self.reason,
            "kind": self.kind,
            "bundle_id": self.bundle_id,
            "sender": {k: v for k, v in self.sender.items() if k != "public_key"},
            "dry_run": self.dry_run,
            "applied": self.applied,
            "counts": self.counts,
            "refused": [list(r) for r in self.refused],
            "held": self.held,
            "notes": list(self.notes),
            "sha256": self.sha256,
        }

    def describe(self) -> str:
        name = Path(self.file).name
        lang = i18n.get_language()
        if not self.ok:
            return i18n.t("sync.sum.failed", file=name, reason=self.reason)
        public_key = self.sender.get("public_key")
        sender = computer_name(
            self.sender.get("role"), self.sender.get("label"),
            keys.fingerprint_of(public_key) if isinstance(public_key, str) and public_key else None,
        ) if (self.sender.get("label") or self.sender.get("role")) else str(self.sender.get("node_id") or "?")[:8]
        kind = i18n.t(f"sync.kind.{self.kind}") if self.kind in KINDS else str(self.kind)
        key = "sync.sum.ok" if self.applied else ("sync.sum.dry" if self.dry_run else "sync.sum.verified")
        lines = [i18n.t(key, file=name, kind=kind, sender=sender)]
        for ent in sorted(self.counts):
            label = ENTITIES[ent].label(lang) if ent in ENTITIES else ent
            lines.append(i18n.t("sync.sum.line", kind=label, **self.counts[ent]))
        if self.kind == "receipt":
            lines.append(i18n.t("sync.sum.receipt"))
        if self.held:
            lines.append(i18n.t("sync.sum.held", n=self.held))
        lines.extend(f"  {n}" for n in self.notes)
        for what, reason in self.refused[:MAX_SHOWN_REFUSED]:
            lines.append(i18n.t("sync.sum.refused_item", what=what, reason=reason))
        if len(self.refused) > MAX_SHOWN_REFUSED:
            lines.append(i18n.t("sync.sum.more_refused", n=len(self.refused) - MAX_SHOWN_REFUSED))
        return "\n".join(lines)


class _Cancelled(Exception):
    pass


class _DryRun(Exception):
    pass


@dataclass
class Checked:
    """A package that passed every whole-file check."""

    manifest: dict[str, Any]
    sender_key: keys.KeyInfo
    versions: list[Version]  # accepted: to apply
    blobs: dict[str, tuple[bytes, str]]
    receipt: dict[str, Any] | None
    summary: ImportSummary


def _fail(key: str, **params: Any) -> SyncError:
    exc = SyncError(i18n.t(key, **params))
    exc.key = key  # type: ignore[attr-defined]
    return exc


# ------------------------------------------------------------------ manifest
def _check_manifest(m: Any) -> dict[str, Any]:
    if not isinstance(m, dict):
        raise _fail("sync.bad_manifest", detail="object")
    if m.get("format") != FORMAT:
        raise _fail("sync.bad_manifest", detail="format")
    fv = m.get("format_version")
    if not isinstance(fv, int) or isinstance(fv, bool):
        raise _fail("sync.bad_manifest", detail="format_version")
    if fv > FORMAT_VERSION:
        raise _fail("sync.format_too_new", found=fv)
    expect = {
        "schema_version": int, "kind": str, "bundle_id": str, "sender": dict, "recipient": dict,
        "vector": dict, "members": dict, "counts": dict, "n_changes": int,
    }
    for name, typ in expect.items():
        if not isinstance(m.get(name), typ) or isinstance(m.get(name), bool):
            raise _fail("sync.bad_manifest", detail=name)
    if m["kind"] not in KINDS:
        raise _fail("sync.bad_manifest", detail="kind")
    sender = m["sender"]
    for name in ("node_id", "public_key"):
        if not isinstance(sender.get(name), str) or not sender[name]:
            raise _fail("sync.bad_manifest", detail=f"sender.{name}")
    for node, n in m["vector"].items():
        if not isinstance(n, int) or isinstance(n, bool):
            raise _fail("sync.bad_manifest", detail="vector")
    for name, meta in m["members"].items():
        if not isinstance(meta, dict) or not isinstance(meta.get("size"), int) or not isinstance(
            meta.get("sha256"), str
        ):
            raise _fail("sync.bad_manifest", detail=f"members.{name}"[:60])
        # Format 2 stores the changes deflated, format 1 plain; nothing else is.
        want = container.DEFLATE if name == container.CHANGES and fv >= 2 else None
        if meta.get("encoding") != want:
            raise _fail("sync.bad_manifest", detail=f"members.{name}.encoding"[:60])
        if want is not None:
            raw_size = meta.get("raw_size")
            if not isinstance(raw_size, int) or isinstance(raw_size, bool) or raw_size < 0:
                raise _fail("sync.bad_manifest", detail=f"members.{name}.raw_size"[:60])
            if raw_size > container.max_raw_size(meta["size"]):
                raise _fail("sync.too_large", detail=name)
        elif "raw_size" in meta:
            raise _fail("sync.bad_manifest", detail=f"members.{name}.raw_size"[:60])
    return m


def _check_members(m: dict[str, Any], members: dict[str, bytes]) -> None:
    listed = set(m["members"])
    present = set(members)
    for name in sorted(listed ^ present):
        raise _fail("sync.member_mismatch", name=name)
    for name, data in members.items():
        meta = m["members"][name]
        if len(data) != meta["size"] or hashlib.sha256(data).hexdigest() != meta["sha256"]:
            raise _fail("sync.member_mismatch", name=name)
        if name.startswith("blobs/") and hashlib.sha256(data).hexdigest() != name[6:]:
            raise _fail("sync.member_mismatch", name=name)
    needed = container.RECEIPT if m["kind"] == "receipt" else container.CHANGES
    if needed not in present:
        raise _fail("sync.member_mismatch", name=needed)


def _check_sender(store: Store, keyring: keys.Keyring, m: dict[str, Any], manifest_bytes: bytes,
                  signature: str) -> keys.KeyInfo:
    sender = m["sender"]
    claimed = sender["public_key"]
    try:
        fp = keys.fingerprint_of(claimed)
    except ValueError:
        raise _fail("sync.bad_manifest", detail="sender.public_key") from None
    if sender["node_id"] == store.node_id:
        raise _fail("sync.own_package")
    known = keyring.lookup(sender["node_id"])
    if known is None:
        # Remember the key only if the file really is signed by it, so
        # ``zjk keys trust FINGERPRINT`` can pick it up after a phone call.
        if keys.verify(claimed, signature, manifest_bytes):
            keys.remember_pending(store, sender)
        raise _fail("sync.unknown_key", fp=fp, short=fp.replace(" ", ""))
    if known.public_key != claimed:
        raise _fail("sync.key_mismatch", node=_computer(keyring, sender["node_id"]), fp=fp)
    if known.revoked:
        raise _fail("sync.revoked_key", fp=fp)
    if not keys.verify(known.public_key, signature, manifest_bytes):
        raise _fail("sync.bad_signature")
    return known


def _computer(keyring: keys.Keyring, node_id: str) -> str:
    """A computer as messages name it: role in words, the person's name, a short fingerprint."""
    info = keyring.lookup(node_id)
    if info is None:
        return node_id[:8]
    return computer_name(info.role, info.label, info.fingerprint)


def _recipient_name(store: Store, rec: dict[str, Any]) -> str:
    """Whom a package is addressed to, in words (``乡镇服务站 示例油娄沟乡``)."""
    if rec.get("node_id"):
        return _computer(keys.Keyring(store), str(rec["node_id"]))
    lang = i18n.get_language()
    role = ROLES.label(rec.get("role"), lang) if rec.get("role") else ""
    org = org_path(store, rec.get("org_id")) if rec.get("org_id") else ""
    return " ".join(t for t in (role, org) if t) or str(rec.get("to") or "?")


def _check_addressee(store: Store, m: dict[str, Any]) -> None:
    rec = m["recipient"]
    me = store.node_info()
    to_text = _recipient_name(store, rec)
    if m["kind"] == "roster":
        return  # for everyone in the county
    if rec.get("node_id"):
        if rec["node_id"] != me.node_id:
            raise _fail("sync.not_for_us", to=to_text)
        return
    role = rec.get("role")
    if role and role != me.role:
        raise _fail("sync.not_for_us", to=to_text)
    if rec.get("org_id") and rec.get("org_id") != me.org_id:
        raise _fail("sync.not_for_us", to=to_text)


# ------------------------------------------------------------------- changes
def _parse_versions(data: bytes) -> list[Version]:
    out: list[Version] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("sync.r.bad_change", detail="utf-8") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            v = Version.from_dict(d)
            if not isinstance(d.get("fields"), dict) or not isinstance(d.get("base") or {}, dict):
                raise ValueError("fields")
            for stamps in v.base.values():
                if not all(isinstance(s, str) for s in stamps):
                    raise ValueError("base")
            parse_stamp(v.stamp)
            if len(v.stamp) < 19 or v.counter < 1 or not v.node_id or not v.record_id:
                raise ValueError("identity")
            if v.sig is not None and not isinstance(v.sig, str):
                raise ValueError("sig")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _fail("sync.r.bad_change", detail=f"line {lineno}: {exc}"[:80]) from None
        out.append(v)
    return out


def _is_claims(value: Any) -> bool:
    """A receipt's ``known``: node id -> (node id -> counter), counters whole and not negative."""
    if not isinstance(value, dict):
        return False
    for node, vector in value.items():
        if not isinstance(node, str) or not node or not isinstance(vector, dict):
            return False
        for origin, n in vector.items():
            if not isinstance(origin, str) or not isinstance(n, int) or isinstance(n, bool) or n < 0:
                return False
    return True


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _field_checker(f: Any) -> Callable[[Any], bool]:
    """A fast ``value -> ok`` test for one field (types and ranges, as the core stores them)."""
    if f.type == "text" or f.ref_entity:
        limit = f.max_length
        return lambda v: isinstance(v, str) and (not limit or len(v) <= limit)
    if f.type in ("int", "float"):
        types = (int,) if f.type == "int" else (int, float)
        low, high = f.minimum, f.maximum

        def number(v: Any) -> bool:
            if not isinstance(v, types) or isinstance(v, bool) or v != v:
                return False
            return (low is None or v >= low) and (high is None or v <= high)

        return number
    if f.type == "bool":
        return lambda v: isinstance(v, bool)
    if f.type == "date":
        return _is_date
    if f.type == "list":
        return lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)
    if f.enum is not None:
        enum = f.enum
        return lambda v: isinstance(v, str) and v in enum

    def generic(v: Any) -> bool:
        coerced, problem = coerce_value(f, v)
        return problem is None and coerced == v

    return generic


_CHECKERS: dict[tuple[str, str], Callable[[Any], bool]] = {}


def _field_problem(v: Version) -> str | None:
    """One-line reason if a change's shape or values are wrong (unknown fields pass on)."""
    spec = ENTITIES.get(v.entity)
    if spec is None:
        return i18n.t("sync.r.bad_change", detail=f"entity {v.entity}"[:80])
    if v.op not in OPS:
        return i18n.t("sync.r.bad_change", detail=f"op {v.op}"[:80])
    for name, value in v.fields.items():
        if value is None:
            continue
        if name == DELETED:
            if not isinstance(value, bool):
                return i18n.t("sync.r.bad_change", detail=DELETED)
            continue
        check = _CHECKERS.get((v.entity, name))
        if check is None:
            f = spec.field(name)
            if f is None:
                continue  # a field from a newer program: kept and passed on
            check = _CHECKERS[(v.entity, name)] = _field_checker(f)
        if not check(value):
            f = spec.field(name)
            assert f is not None
            return i18n.t("sync.r.bad_value", field=f.label(), message=str(value)[:40])
    return None


def _judge_changes(
    store: Store,
    keyring: keys.Keyring,
    sender: keys.KeyInfo,
    versions: list[Version],
    summary: ImportSummary,
) -> list[Version]:
    owners = authority.OwnerIndex(store, versions)
    limit_ms = int(time.time() * 1000) + MAX_CLOCK_AHEAD_MS
    accepted: list[Version] = []
    future: dict[str, list[Version]] = {}
    waiting: dict[str, list[Version]] = {}
    for v in versions:
        reason = _field_problem(v)
        origin = sender
        if reason is None and v.node_id != sender.node_id:
            info = keyring.lookup(v.node_id)
            if info is None or info.revoked:
                reason = i18n.t("sync.r.unknown_origin", node=v.node_id[:8])
            elif not keys.verify(info.public_key, v.sig, v.signing_bytes()):
                reason = i18n.t("sync.r.bad_origin_sig")
            else:
                origin = info
        if reason is None:
            key = authority.refusal(origin, v, owners)
            if key == "sync.r.unknown_record":
                # The record's creation has not arrived yet: wait for it
                # rather than refuse for good.
                waiting.setdefault(v.node_id, []).append(v)
                continue
            if key is not None:
                reason = i18n.t(key)
        if reason is not None:
            summary.count(v.entity if v.entity in ENTITIES else "?", "refused")
            summary.refused.append((authority.describe_change(v), reason))
            continue
        if stamp_ms(v.stamp) > limit_ms:
            future.setdefault(v.node_id, []).append(v)
            continue
        accepted.append(v)
    for node, held in sorted(future.items()):
        summary.held += len(held)
        latest = max(stamp_ms(v.stamp) for v in held)
        when = _dt.datetime.fromtimestamp(latest / 1000).strftime("%Y-%m-%d")
        summary.notes.append(i18n.t("sync.held_future", n=len(held),
                                    days=MAX_CLOCK_AHEAD_MS // 86_400_000, when=when,
                                    node=_computer(keyring, node)))
    for node, held in sorted(waiting.items()):
        summary.held += len(held)
        summary.notes.append(i18n.t("sync.held_waiting", n=len(held), node=_computer(keyring, node)))
    # What is held must be a suffix of each origin node's versions, so the
    # version vector this node reports stays exact and the sender's next
    # delta brings the held versions again.  (A node's stamps grow with its
    # counter, so far-future versions already are a suffix.)
    first_held: dict[str, int] = {}
    for group in (future, waiting):
        for node, held in group.items():
            low = min(v.counter for v in held)
            first_held[node] = min(first_held.get(node, low), low)
    if first_held:
        kept = []
        after: dict[str, int] = {}
        for v in accepted:
            if v.node_id in first_held and v.counter > first_held[v.node_id]:
                after[v.node_id] = after.get(v.node_id, 0) + 1
                continue
            kept.append(v)
        for node, n in sorted(after.items()):
            summary.held += n
            summary.notes.append(i18n.t("sync.held_after", n=n, node=_computer(keyring, node)))
        accepted = kept
    return accepted


def check_package(store: Store, path: Path, summary: ImportSummary) -> Checked:
    """Every check, nothing written (except remembering an unknown sender's key)."""
    box = container.read_container(Path(path))
    summary.sha256 = box.sha256
    try:
        manifest = json.loads(box.manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("sync.bad_manifest", detail=str(exc)[:60]) from None
    m = _check_manifest(manifest)
    summary.kind = m["kind"]
    summary.bundle_id = m["bundle_id"]
    summary.sender = dict(m["sender"])
    _check_members(m, box.members)
    keyring = keys.Keyring(store)
    sender_key = _check_sender(store, keyring, m, box.manifest_bytes, box.signature)
    summary.sender["label"] = sender_key.label or summary.sender.get("label")
    if m["schema_version"] > LATEST_SCHEMA:
        raise _fail("sync.schema_too_new", found=m["schema_version"])
    _check_addressee(store, m)
    if m["kind"] == "roster":
        if sender_key.role != "county":
            raise _fail("sync.roster_not_county")
        epoch = m.get("keyring_epoch")
        have = keys.keyring_epoch(store)
        if not isinstance(epoch, int) or epoch < have:
            raise _fail("sync.old_roster", found=epoch, have=have)
    if m["kind"] == "receipt":
        try:
            receipt = json.loads(box.members[container.RECEIPT].decode("utf-8"))
            if not isinstance(receipt, dict) or not isinstance(receipt.get("vector"), dict):
                raise ValueError("vector")
            if not _is_claims(receipt.get("known", {})):
                raise ValueError("known")
        except (UnicodeDecodeError, ValueError) as exc:
            raise _fail("sync.bad_manifest", detail=f"receipt: {exc}"[:60]) from None
        # What the peer refused of our packages, and why: shown to the user.
        for item in receipt.get("refused") or []:
            if isinstance(item, dict):
                summary.refused.append((str(item.get("what")), str(item.get("reason"))))
        return Checked(m, sender_key, [], {}, receipt, summary)
    changes = box.members[container.CHANGES]
    meta = m["members"][container.CHANGES]
    if meta.get("encoding") == container.DEFLATE:  # after the signature: only trusted senders get here
        changes = container.inflate(container.CHANGES, changes, meta["raw_size"])
    versions = _parse_versions(changes)
    if len(versions) != m["n_changes"]:
        raise _fail("sync.member_mismatch", name=container.CHANGES)
    if m["kind"] == "roster":
        versions_ok = [v for v in versions if v.entity in ROSTER_KINDS]
        for v in versions:
            if v.entity not in ROSTER_KINDS:
                summary.count(v.entity if v.entity in ENTITIES else "?", "refused")
                summary.refused.append((authority.describe_change(v), i18n.t("sync.r.roster_county")))
        versions = versions_ok
    accepted = _judge_changes(store, keyring, sender_key, versions, summary)
    blobs = {
        name[6:]: (data, str(m["members"][name].get("mime") or "application/octet-stream"))
        for name, data in box.members.items()
        if name.startswith("blobs/")
    }
    return Checked(m, sender_key, accepted, blobs, None, summary)


# --------------------------------------------------------------------- apply
def _apply(store: Store, checked: Checked, progress: Progress, should_cancel: ShouldCancel) -> None:
    m = checked.manifest
    summary = checked.summary
    sender = checked.sender_key
    total = len(checked.versions)
    if progress:
        progress(0, total)
    with store.db.atomic():
        for digest, (data, mime) in sorted(checked.blobs.items()):
            store.conn.execute(
                "INSERT OR IGNORE INTO blobs(sha256, mime, size, data) VALUES (?,?,?,?)",
                (digest, mime, len(data), data),
            )
        for start in range(0, total, APPLY_CHUNK):
            if should_cancel and should_cancel():
                raise _Cancelled()
            chunk = checked.versions[start : start + APPLY_CHUNK]
            for v, outcome in zip(chunk, store.apply_versions(chunk)):
                summary.count(v.entity, OUTCOME_COUNT.get(outcome, "unchanged"))
            if progress:
                progress(min(start + APPLY_CHUNK, total), total)
        if should_cancel and should_cancel():
            raise _Cancelled()
        if m["kind"] == "receipt":
            assert checked.receipt is not None
            vector = {k: int(v) for k, v in checked.receipt["vector"].items() if isinstance(v, int)}
        else:
            vector = {k: int(v) for k, v in m["vector"].items()}
        peers.update_peer(store, sender.node_id, sender.role, sender.label, vector,
                          replace=m["kind"] == "receipt")
        if m["kind"] == "receipt":  # what the sender, as a relay, knows its other peers hold
            assert checked.receipt is not None
            peers.learn_relayed(store, checked.receipt.get("known") or {},
                                {store.node_id, sender.node_id})
        if m["kind"] == "roster":
            epoch = int(m["keyring_epoch"])
            if epoch > keys.keyring_epoch(store):
                store._set_meta(keys.META_KEYRING_EPOCH, str(epoch))
        summary.ok = True
        summary.applied = True
        peers.record_bundle(store, m["bundle_id"], "in", m["kind"], summary.sha256 or "",
                            sender.node_id, summary.to_dict())
        if summary.dry_run:
            raise _DryRun()


def import_file(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress = None,
    should_cancel: ShouldCancel = None,
) -> ImportSummary:
    summary = ImportSummary(file=str(path), dry_run=dry_run)
    try:
        checked = check_package(store, Path(path), summary)
        _apply(store, checked, progress, should_cancel)
    except SyncError as exc:
        _failed(summary, str(exc), getattr(exc, "key", None))
    except _Cancelled:
        _failed(summary, i18n.t("sync.cancelled"), "sync.cancelled")
    except _DryRun:
        summary.ok = True
        summary.applied = False
    return summary


def _failed(summary: ImportSummary, reason: str, key: str | None) -> None:
    summary.ok = False
    summary.applied = False
    summary.reason = reason.splitlines()[0] if reason else reason
    summary.reason_key = key
    summary.counts = {}
    summary.refused = []
    summary.held = 0
    summary.notes = []


def import_files(
    store: Store,
    paths: list[Path],
    *,
    dry_run: bool = False,
    progress: Progress = None,
    should_cancel: ShouldCancel = None,
) -> list[ImportSummary]:
    """Import each file on its own (one transaction each); one summary per file."""
    out = []
    n = len(paths)
    for i, path in enumerate(paths):
        def file_progress(done: int, total: int, i: int = i) -> None:
            if progress:
                # Each file gets an equal share of 0..1000.
                progress(int(1000 * (i + (done / total if total else 1)) / n), 1000)

        if should_cancel and should_cancel():
            s = ImportSummary(file=str(path), dry_run=dry_run)
            _failed(s, i18n.t("sync.cancelled"), "sync.cancelled")
            out.append(s)
            continue
        out.append(import_file(store, Path(path), dry_run=dry_run, progress=file_progress,
                               should_cancel=should_cancel))
    return out


def verify_file(store: Store, path: Path) -> ImportSummary:
    """Run every check and show what an import would do; applies nothing."""
    summary = import_file(store, Path(path), dry_run=True)
    summary.dry_run = False
    return summary


def read_sender(path: Path) -> tuple[dict[str, Any], str]:
    """The sender block of a package whose signature matches the key it carries (for trust)."""
    box = container.read_container(Path(path))
    try:
        m = _check_manifest(json.loads(box.manifest_bytes.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("sync.bad_manifest", detail=str(exc)[:60]) from None
    _check_members(m, box.members)
    sender = m["sender"]
    if not keys.verify(sender["public_key"], box.signature, box.manifest_bytes):
        raise _fail("sync.bad_signature")
    return dict(sender), keys.fingerprint_of(sender["public_key"])
