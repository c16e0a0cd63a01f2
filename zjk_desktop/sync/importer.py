"""Importing packages: every check, then one transaction, with bounded memory.

Order:

1. the file (``container.open_package``): whitelisted names, size and ratio
   caps, the canonical layout, every member hashed as a stream;
2. the manifest: shape, format version, grammar of its ids;
3. every member's size and sha256 against the manifest, no member missing or extra;
4. the signature over the manifest bytes, against the keyring;
5. schema version (newer than this program: refused, "please upgrade");
6. the addressee (a package naming no recipient is refused);
7. the origin seals (``seals.SealCheck``): one streaming pass over the
   change lines takes each sealed line's leaf hash (no JSON parsing), then
   every seal's signature against its origin's key, its places and its
   Merkle tree are checked — a seal that fails refuses the changes under it;
8. in one transaction, batch after batch of ``APPLY_CHUNK`` lines: the wire
   grammar of each line (``store.grammar``; a malformed line refuses the whole
   file and rolls everything back), field values, origin seal (or the
   signature of a version signed one by one), a reused (node, counter), the origin's authority
   (``authority.refusal``, the same function local writes pass), the clock
   (far-future changes are held back), references (a change pointing at a
   village, specialist or record that is not here is held back), then the
   merge.  Memory does not grow with the package: only one batch of changes
   is ever parsed at a time.

Then the seals (with what proves the versions not held here), the bundle
ledger and the peer's vector are written in the same
transaction; a crash, a cancel, a full disk or a bad line anywhere leaves the
database as it was.  ``verify_file`` runs all of it and rolls back, and
writes nothing at all (not even an unknown sender's key).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import i18n
from ..domain.entities import ENTITIES, ROSTER_KINDS
from ..domain.enums import ROLES
from ..domain.hlc import is_node_id, stamp_ms
from ..domain.ids import is_record_id
from ..lookup import computer_name, org_path
from ..store import Store, StoreError, Version, grammar
from ..store.db import MAX_CLOCK_AHEAD_MS, META_COUNTER, META_HLC, disk_full_error
from ..store.migrations import LATEST as LATEST_SCHEMA
from ..store.versions import canonical_json
from . import authority, container, crypto, enrol, keys, parse_worker, peers, seals
from .errors import SyncError
from .export import FORMAT, FORMAT_VERSION, KINDS

OPS = {"create", "update", "delete", "resolve", "review", "restore"}
COUNT_KEYS = ("new", "updated", "unchanged", "conflicts", "refused")
OUTCOME_COUNT = {
    "new": "new",
    "updated": "updated",
    "conflict": "conflicts",
    "stale": "unchanged",
    "duplicate": "unchanged",
}
APPLY_CHUNK = 1000  # changes parsed, judged and merged at a time (bounds memory)
# SQLite's page cache during an import: about this much per incoming change (the pages of
# the indexes its rows and versions land in at random places), never less than the
# store's own setting and never more than the cap (the memory aim is 1 GB at province
# scale); the store's setting comes back when the import ends.  Into a database that
# already holds more than the package (a city's package at the province office), each
# change lands on pages of its own in every index of the tables already there (ids,
# villages, specialists, dates, the version log by record), so the cache is sized at
# IMPORT_CACHE_PER_CHANGE_HELD per change, never more than the database itself.
IMPORT_CACHE_PER_CHANGE = 128
IMPORT_CACHE_PER_CHANGE_HELD = 16 << 10
IMPORT_CACHE_MAX = 256 << 20
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
        sender = (
            computer_name(
                self.sender.get("role"),
                self.sender.get("label"),
                keys.fingerprint_of(public_key)
                if isinstance(public_key, str) and public_key
                else None,
            )
            if (self.sender.get("label") or self.sender.get("role"))
            else str(self.sender.get("node_id") or "?")[:8]
        )
        kind = i18n.t(f"sync.kind.{self.kind}") if self.kind in KINDS else str(self.kind)
        key = (
            "sync.sum.ok"
            if self.applied
            else ("sync.sum.dry" if self.dry_run else "sync.sum.verified")
        )
        lines = [i18n.t(key, file=name, kind=kind, sender=sender)]
        for ent in sorted(self.counts):
            label = ENTITIES[ent].label(lang) if ent in ENTITIES else ent
            lines.append(i18n.t("sync.sum.line", None, kind=label, **self.counts[ent]))
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
class Header:
    """A package whose file, manifest, members, signature and addressee passed."""

    package: container.Package
    manifest: dict[str, Any]
    sender_key: keys.KeyInfo
    receipt: dict[str, Any] | None = None


_fail = SyncError.of


def _is_count(value: Any) -> bool:
    return type(value) is int and 0 <= value <= grammar.MAX_COUNTER


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
        "schema_version": int,
        "kind": str,
        "bundle_id": str,
        "sender": dict,
        "recipient": dict,
        "vector": dict,
        "members": dict,
        "counts": dict,
        "n_changes": int,
    }
    for name, typ in expect.items():
        if not isinstance(m.get(name), typ) or isinstance(m.get(name), bool):
            raise _fail("sync.bad_manifest", detail=name)
    if m["kind"] not in KINDS:
        raise _fail("sync.bad_manifest", detail="kind")
    if not is_record_id(m["bundle_id"]):
        raise _fail("sync.bad_manifest", detail="bundle_id")
    if not _is_count(m["n_changes"]):
        raise _fail("sync.bad_manifest", detail="n_changes")
    sender = m["sender"]
    for name in ("node_id", "public_key"):
        if not isinstance(sender.get(name), str) or not sender[name]:
            raise _fail("sync.bad_manifest", detail=f"sender.{name}")
    if not is_node_id(sender["node_id"]):
        raise _fail("sync.bad_manifest", detail="sender.node_id")
    for block in ("sender", "recipient"):
        for name in ("node_id", "role", "org_id", "specialist_id", "label", "to"):
            value = m[block].get(name)
            if value is not None and (
                not isinstance(value, str) or len(value) > 200 or not grammar.clean_text(value)
            ):
                raise _fail("sync.bad_manifest", detail=f"{block}.{name}")
    for node, n in m["vector"].items():
        if not is_node_id(node) or not _is_count(n):
            raise _fail("sync.bad_manifest", detail="vector")
    for name, meta in m["members"].items():
        if (
            not isinstance(meta, dict)
            or not _is_count(meta.get("size"))
            or not isinstance(meta.get("sha256"), str)
        ):
            raise _fail("sync.bad_manifest", detail=f"members.{container._short(str(name))}")
        # Format 2 stores the changes deflated, format 1 plain; nothing else is.
        want = container.DEFLATE if name == container.CHANGES and fv >= 2 else None
        if meta.get("encoding") != want:
            raise _fail("sync.bad_manifest", detail=f"members.{container._short(name)}.encoding")
        if want is not None:
            raw_size = meta.get("raw_size")
            if not _is_count(raw_size):
                raise _fail(
                    "sync.bad_manifest", detail=f"members.{container._short(name)}.raw_size"
                )
            if int(raw_size or 0) > container.max_raw_size(meta["size"]):
                raise _fail("sync.too_large", detail=name)
        elif "raw_size" in meta:
            raise _fail("sync.bad_manifest", detail=f"members.{container._short(name)}.raw_size")
    return m


def _check_members(m: dict[str, Any], package: container.Package) -> None:
    listed = set(m["members"])
    present = set(package.digests)
    for name in sorted(listed ^ present):
        raise _fail("sync.member_mismatch", name=container._short(name))
    for name, digest in package.digests.items():
        meta = m["members"][name]
        if package.sizes[name] != meta["size"] or digest != meta["sha256"]:
            raise _fail("sync.member_mismatch", name=container._short(name))
        if name.startswith("blobs/") and digest != name[6:]:
            raise _fail("sync.member_mismatch", name=container._short(name))
    needed = container.RECEIPT if m["kind"] == "receipt" else container.CHANGES
    if needed not in present:
        raise _fail("sync.member_mismatch", name=needed)


def _check_sender(
    store: Store,
    keyring: keys.Keyring,
    m: dict[str, Any],
    manifest_bytes: bytes,
    signature: str,
    *,
    remember: bool,
) -> keys.KeyInfo:
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
        # ``zjk keys trust FINGERPRINT`` can pick it up after a phone call
        # (an import does; ``verify`` writes nothing).
        if remember and keys.verify(claimed, signature, manifest_bytes):
            keys.remember_pending(store, sender)
        label = str(sender.get("label") or "")[:40]
        exc = _fail("sync.unknown_key_named" if label else "sync.unknown_key", fp=fp, name=label)
        exc.key = "sync.unknown_key"  # what the GUI asks about
        raise exc
    if known.public_key != claimed:
        if keyring.is_revoked_key(sender["node_id"], claimed):  # an old or lost laptop's key
            raise _fail("sync.revoked_key", fp=fp)
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
    if not role:
        raise _fail("sync.no_recipient")
    if role != me.role:
        raise _fail("sync.not_for_us", to=to_text)
    if rec.get("org_id") != me.org_id:
        raise _fail("sync.not_for_us", to=to_text)


# ------------------------------------------------------------------- changes
def _change_batches(header: Header) -> parse_worker.WorkerBatches | parse_worker.InProcess:
    """The package's change batches, parsed by a worker process when the package is large."""
    meta = header.manifest["members"][container.CHANGES]
    raw_size = meta["raw_size"] if meta.get("encoding") == container.DEFLATE else None
    return parse_worker.batches(header.package, raw_size, header.manifest["n_changes"], APPLY_CHUNK)


def _is_claims(value: Any) -> bool:
    """A receipt's ``known``: node id -> (node id -> counter), counters whole and not negative."""
    if not isinstance(value, dict):
        return False
    for node, vector in value.items():
        if not is_node_id(node) or not isinstance(vector, dict):
            return False
        for origin, n in vector.items():
            if not is_node_id(origin) or not _is_count(n):
                return False
    return True


class _Judge:
    """Decides, batch by batch, which changes of one package apply, are held back or refused."""

    def __init__(
        self,
        store: Store,
        keyring: keys.Keyring,
        header: Header,
        summary: ImportSummary,
        seal_check: seals.SealCheck | None = None,
    ):
        self.store = store
        self.keyring = keyring
        self.seal_check = seal_check
        self.sender = header.sender_key
        self.roster = header.manifest["kind"] == "roster"
        self.summary = summary
        self.limit_ms = store.wall_ms() + MAX_CLOCK_AHEAD_MS
        self.first_held: dict[str, int] = {}
        self.held: dict[tuple[str, str], list[int]] = {}  # (reason, node) -> [latest ms, n]
        self.origins: dict[str, keys.KeyInfo | None] = {}
        self.actors: dict[int, tuple[keys.KeyInfo, authority.Actor]] = {}  # id(origin) ->
        self.top: dict[str, int] = {}
        self.future: dict[str, list[int]] = {}  # node -> [latest ms, n]
        self.lookups = authority.ImportCache()  # database lookups kept across batches
        # What the last ``judge`` read of the database, for the merge of the same batch:
        # the (node, counter) held, the (kind, id) of records not held.
        self.held_now: set[tuple[str, int]] = set()
        self.absent_now: set[tuple[str, str]] = set()

    def refuse(self, v: Version, reason: str) -> None:
        self.summary.count(v.entity if v.entity in ENTITIES else "?", "refused")
        self.summary.refused.append(
            (authority.describe_change(v, who=self._name(v.node_id)), reason)
        )

    def hold(self, v: Version, why: str) -> None:
        entry = self.held.setdefault((why, v.node_id), [0, 0])
        entry[0] = max(entry[0], stamp_ms(v.stamp))
        entry[1] += 1
        low = self.first_held.get(v.node_id)
        self.first_held[v.node_id] = v.counter if low is None else min(low, v.counter)

    def origin(self, v: Version) -> tuple[keys.KeyInfo | None, str | None]:
        if v.seal is not None:
            # Sealed, the sender's own versions too: the receiver keeps the seal to
            # prove them onward, so a seal that does not hold refuses its versions.
            problem = (
                self.seal_check.problem(v)
                if self.seal_check is not None
                else i18n.t("sync.r.seal_missing", name=self._name(v.node_id), seal=v.seal)
            )
            if problem is not None:
                return None, problem
            if v.node_id == self.sender.node_id:
                return self.sender, None
            return self.keyring.lookup(v.node_id), None
        if v.node_id == self.sender.node_id:
            return self.sender, None
        if v.node_id not in self.origins:
            self.origins[v.node_id] = self.keyring.lookup(v.node_id)
        info = self.origins[v.node_id]
        if info is None:
            return None, i18n.t("sync.r.unknown_origin", node=v.node_id[:12])
        found = self.keyring.keys_for(v.node_id, v.counter)
        if not found:
            return None, self.keyring.refusal(v.node_id, v.counter, self._name(v.node_id))
        if not any(keys.verify(k, v.sig, v.signing_bytes()) for k in found):
            return None, i18n.t("sync.r.bad_origin_sig")
        return info, None

    def _prefetch_held(self, batch: list[Version]) -> dict[tuple[str, int], tuple[Any, ...]]:
        """What this node already holds under the (node, counter) pairs of a batch, in few queries."""
        wanted: dict[str, list[int]] = {}
        for v in batch:
            top = self.top.get(v.node_id)
            if top is None:
                row = self.store.conn.execute(
                    "SELECT max(counter) FROM versions WHERE node_id = ?", (v.node_id,)
                ).fetchone()
                top = self.top[v.node_id] = int(row[0] or 0)
            if v.counter <= top:
                wanted.setdefault(v.node_id, []).append(v.counter)
        held: dict[tuple[str, int], tuple[Any, ...]] = {}
        for node, counters in wanted.items():
            low, high = min(counters), max(counters)
            if high - low < 4 * len(counters):
                # A package's counters run in order: one range read (the rows held in it,
                # usually few) costs less than one index probe per counter.
                asked = set(counters)
                for row in self.store.conn.execute(
                    "SELECT counter, stamp, entity, record_id, op, fields, base FROM versions"
                    " WHERE node_id = ? AND counter BETWEEN ? AND ?",
                    (node, low, high),
                ):
                    if row[0] in asked:
                        held[(node, row[0])] = row[1:]
                continue
            for start in range(0, len(counters), 500):
                chunk = counters[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in self.store.conn.execute(
                    "SELECT counter, stamp, entity, record_id, op, fields, base FROM versions"
                    f" WHERE node_id = ? AND counter IN ({marks})",
                    (node, *chunk),
                ):
                    held[(node, row[0])] = row[1:]
        return held

    @staticmethod
    def reused(v: Version, held: dict[tuple[str, int], tuple[Any, ...]]) -> bool | None:
        """True: (node, counter) held with other content; False: held, the same; None: new."""
        row = held.get((v.node_id, v.counter))
        if row is None:
            return None
        same = (row[0], row[1], row[2], row[3]) == (v.stamp, v.entity, v.record_id, v.op) and (
            row[4] == v.fields_text() and (row[5] or "{}") == canonical_json(v.base)
        )
        return not same

    def judge(
        self, batch: list[Version], problems: list[str | None] | None = None
    ) -> list[Version]:
        """What of ``batch`` applies; ``problems``: each version's ``grammar.check_fields``
        reason when the parse worker found it already (None: found here)."""
        store = self.store
        state = authority.ImportState(store, batch, self.lookups)
        held = self._prefetch_held(batch)
        self.held_now = set(held)
        self.absent_now = state.db_absent
        in_batch: dict[tuple[str, int], Version] = {}
        candidates: list[tuple[Version, keys.KeyInfo]] = []
        for i, v in enumerate(batch):
            if self.roster and v.entity not in ROSTER_KINDS:
                self.refuse(v, i18n.t("sync.r.roster_county"))
                continue
            reason = (
                problems[i]
                if problems is not None
                else grammar.check_fields(v.entity, v.fields, v.fields_text())
            )
            if reason is not None:
                self.refuse(v, reason)
                continue
            origin, reason = self.origin(v)
            if reason is not None or origin is None:
                self.refuse(v, reason or "")
                continue
            reused = self.reused(v, held) if held else None
            pair = (v.node_id, v.counter)
            twin = in_batch.get(pair)
            if twin is not None and reused is None:
                reused = twin.signing_bytes() != v.signing_bytes()
            in_batch[pair] = v
            if reused:
                label = origin.label or v.node_id[:12]
                self.refuse(v, i18n.t("sync.r.counter_reused", name=label, n=v.counter))
                continue
            if reused is False:
                state.accept(v)
                candidates.append((v, origin))  # a duplicate: the merge counts it unchanged
                continue
            if v.node_id in self.first_held and v.counter > self.first_held[v.node_id]:
                self.hold(v, "after")
                continue
            known = self.actors.get(id(origin))
            if known is None or known[0] is not origin:
                known = self.actors[id(origin)] = (origin, authority.actor_of(origin))
            key = authority.refusal(known[1], v, state)
            if key == authority.WAIT:
                self.hold(v, "waiting")
                continue
            if key is not None:
                self.refuse(v, i18n.t(key))
                continue
            # The stamp passed the wire grammar: its first 13 characters are its ms.
            if int(v.stamp[:13]) > self.limit_ms:
                # Applied, but never allowed to move this clock (Store._apply);
                # the origin re-stamps such values once its clock is fixed
                # (Store.recover_clock), and any edit made after seeing one
                # replaces it whatever its stamp.
                entry = self.future.setdefault(v.node_id, [0, 0])
                entry[0] = max(entry[0], stamp_ms(v.stamp))
                entry[1] += 1
            state.accept(v)
            candidates.append((v, origin))
        # References: a change pointing at a row that is neither here nor in
        # this batch waits for it (never stored dangling).
        accepted: list[Version] = []
        for v, _origin in candidates:
            if v.node_id in self.first_held and v.counter > self.first_held[v.node_id]:
                self.hold(v, "after")
                continue
            if state.dangling(v):
                self.hold(v, "dangling")
                continue
            accepted.append(v)
        return accepted

    def _name(self, node: str) -> str:
        return _computer(self.keyring, node)

    def report(self) -> None:
        summary = self.summary
        keys_by_reason = {
            "future": "sync.held_future_maybe_us",
            "waiting": "sync.held_waiting",
            "dangling": "sync.held_dangling",
            "after": "sync.held_after",
        }
        for node, (latest, n) in sorted(self.future.items()):
            when = _dt.datetime.fromtimestamp(latest / 1000).strftime("%Y-%m-%d")
            summary.notes.append(
                i18n.t("sync.future_accepted", n=n, when=when, node=self._name(node))
            )
        for (why, node), (latest, n) in sorted(self.held.items()):
            summary.held += n
            name = self._name(node)
            if why == "future":
                when = _dt.datetime.fromtimestamp(latest / 1000).strftime("%Y-%m-%d")
                summary.notes.append(
                    i18n.t(
                        keys_by_reason[why],
                        n=n,
                        days=MAX_CLOCK_AHEAD_MS // 86_400_000,
                        when=when,
                        node=name,
                    )
                )
            else:
                summary.notes.append(i18n.t(keys_by_reason[why], n=n, node=name))


# ------------------------------------------------------------------ checking
def check_header(
    store: Store,
    package: container.Package,
    summary: ImportSummary,
    *,
    remember: bool = True,
    sealed: bool = False,
) -> Header:
    """Every whole-file check (nothing written, except remembering an unknown sender's key)."""
    summary.sha256 = package.sha256
    try:
        manifest = json.loads(package.manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _fail("sync.bad_manifest", detail="JSON") from None
    if isinstance(manifest, dict) and manifest.get("kind") == "enrol":
        raise _fail("enrol.not_a_sync_file")  # approved by the county, not imported (see enrol)
    m = _check_manifest(manifest)
    if not sealed and m["kind"] not in crypto.SIGNED_ONLY_KINDS:
        summary.notes.append(i18n.t("keys.unencrypted_note"))
    summary.kind = m["kind"]
    summary.bundle_id = m["bundle_id"]
    summary.sender = {k: v for k, v in m["sender"].items() if isinstance(v, (str, type(None)))}
    _check_members(m, package)
    keyring = keys.Keyring(store)
    sender_key = _check_sender(
        store, keyring, m, package.manifest_bytes, package.signature, remember=remember
    )
    summary.sender["label"] = sender_key.label or summary.sender.get("label")
    if m["schema_version"] > LATEST_SCHEMA:
        raise _fail("sync.schema_too_new", found=m["schema_version"])
    _check_addressee(store, m)
    header = Header(package, m, sender_key)
    if m["kind"] == "roster":
        if sender_key.role != "county":
            raise _fail("sync.roster_not_county")
        epoch = m.get("keyring_epoch")
        have = keys.keyring_epoch(store)
        if not isinstance(epoch, int) or epoch < have:
            raise _fail("sync.old_roster", found=epoch, have=have)
    if m["kind"] == "receipt":
        try:
            receipt = json.loads(package.member_bytes(container.RECEIPT).decode("utf-8"))
            if not isinstance(receipt, dict) or not isinstance(receipt.get("vector"), dict):
                raise grammar.GrammarError("vector")
            if not _is_claims(receipt.get("known", {})):
                raise grammar.GrammarError("known")
        except grammar.GrammarError as exc:  # our own one-word reasons
            raise _fail("sync.bad_manifest", detail=f"receipt: {exc}") from None
        except (UnicodeDecodeError, ValueError, RecursionError):  # JSON: no Python text shown
            raise _fail("sync.bad_manifest", detail="receipt") from None
        header.receipt = receipt
        # What the peer refused of our packages, and why: shown to the user.
        for item in receipt.get("refused") or []:
            if isinstance(item, dict):
                summary.refused.append((str(item.get("what"))[:80], str(item.get("reason"))[:200]))
    return header


# --------------------------------------------------------------------- apply
def _apply(
    store: Store,
    header: Header,
    summary: ImportSummary,
    progress: Progress,
    should_cancel: ShouldCancel,
) -> None:
    m = header.manifest
    if progress:
        progress(0, m["n_changes"])
    keyring = keys.Keyring(store)
    with contextlib.ExitStack() as stack:
        # A large package's lines are parsed by a worker process from here on, while this
        # process checks the seals, then judges and merges batch after batch.
        changes = _change_batches(header) if m["kind"] != "receipt" else None
        if changes is not None:
            stack.enter_context(changes)  # the worker stops when the import ends, however
        seal_check = _check_seals(store, header, keyring) if m["kind"] != "receipt" else None
        _apply_in_transaction(
            store, header, summary, progress, should_cancel, keyring, changes, seal_check
        )


def _apply_in_transaction(
    store: Store,
    header: Header,
    summary: ImportSummary,
    progress: Progress,
    should_cancel: ShouldCancel,
    keyring: keys.Keyring,
    changes: parse_worker.WorkerBatches | parse_worker.InProcess | None,
    seal_check: seals.SealCheck | None,
) -> None:
    m = header.manifest
    sender = header.sender_key
    total = m["n_changes"]
    done = 0
    with store.db.atomic():
        if m["kind"] != "receipt":
            for name in header.package.names:
                if not name.startswith("blobs/"):
                    continue
                _store_blob(store, header.package, name, m["members"][name])
            judge = _Judge(store, keyring, header, summary, seal_check)
            # A large package into a small database: lookup indexes are built after it.
            assert changes is not None
            with _page_cache_for(store, total), store.deferred_indexes(m["counts"]):
                for batch, problems in changes:
                    if should_cancel and should_cancel():
                        raise _Cancelled()
                    accepted = judge.judge(batch, problems)
                    judge.top.clear()  # this batch's versions are held from now on
                    outcomes = store.apply_versions(
                        accepted,
                        needed_bytes=header.package.size * 8,
                        savepoint=False,
                        held=judge.held_now,
                        absent=judge.absent_now,
                    )
                    for v, outcome in zip(accepted, outcomes, strict=True):
                        summary.count(v.entity, OUTCOME_COUNT.get(outcome, "unchanged"))
                    done += len(batch)
                    if progress:
                        progress(min(done, total), total)
            if seal_check is not None:
                seal_check.keep(store)
            judge.report()
        if should_cancel and should_cancel():
            raise _Cancelled()
        if m["kind"] == "receipt":
            assert header.receipt is not None
            vector = {
                k: int(v)
                for k, v in header.receipt["vector"].items()
                if is_node_id(k) and _is_count(v)
            }
        else:
            vector = {k: int(v) for k, v in m["vector"].items()}
        # What the sender says it holds *now* replaces what we believed: after
        # a restore on either side the next exchange sends what was lost.
        peers.update_peer(store, sender.node_id, sender.role, sender.label, vector, replace=True)
        _note_sender_clock(store, m, summary)
        _keep_own_counter(store, vector.get(store.node_id, 0))
        if m["kind"] == "receipt":  # what the sender, as a relay, knows its other peers hold
            assert header.receipt is not None
            peers.learn_relayed(
                store, header.receipt.get("known") or {}, {store.node_id, sender.node_id}
            )
        if m["kind"] == "roster":
            epoch = int(m["keyring_epoch"])
            if epoch > keys.keyring_epoch(store):
                store._set_meta(keys.META_KEYRING_EPOCH, str(epoch))
        summary.ok = True
        summary.applied = True
        peers.record_bundle(
            store,
            m["bundle_id"],
            "in",
            m["kind"],
            summary.sha256 or "",
            sender.node_id,
            summary.to_dict(),
        )
        if summary.dry_run:
            raise _DryRun()


def _import_pager(store: Store, n_changes: int) -> tuple[int, bool]:
    """(page cache KiB, statement journals in memory) for ``n_changes`` incoming changes.

    A package into a database holding more versions than it brings: the cache covers a page
    per index each change lands on (``IMPORT_CACHE_PER_CHANGE_HELD``, at most the database),
    and the statement journals stay in memory.  Each row the merge writes is one statement
    (an upsert whose search-table triggers make SQLite journal the pages it changes, to undo
    that row alone); in a temporary file that is two writes per page per row — 3 million
    system calls for a city's package at the province office.  Only then: into a smaller
    database the indexes are rebuilt at the end, and their sort would be held in memory too.
    """
    held = int(store.conn.execute("SELECT ifnull(max(seq), 0) FROM versions").fetchone()[0])
    into_larger = held > n_changes
    want = n_changes * IMPORT_CACHE_PER_CHANGE
    if into_larger:
        page_count = int(store.conn.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(store.conn.execute("PRAGMA page_size").fetchone()[0])
        want = max(want, min(n_changes * IMPORT_CACHE_PER_CHANGE_HELD, page_count * page_size))
    return min(IMPORT_CACHE_MAX, want) // 1024, into_larger


@contextlib.contextmanager
def _page_cache_for(store: Store, n_changes: int) -> Iterator[None]:
    """SQLite's pager sized for ``n_changes`` incoming changes while the block runs
    (``_import_pager``); the store's own settings come back afterwards."""
    want_kib, journal_in_memory = _import_pager(store, n_changes)
    old = int(store.conn.execute("PRAGMA cache_size").fetchone()[0])
    old_temp = int(store.conn.execute("PRAGMA temp_store").fetchone()[0])
    page_kib = int(store.conn.execute("PRAGMA page_size").fetchone()[0]) // 1024
    grow = want_kib > (-old if old < 0 else old * page_kib)
    if grow:
        store.conn.execute(f"PRAGMA cache_size = {-want_kib}")
    if journal_in_memory:
        store.conn.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        if journal_in_memory:
            store.conn.execute(f"PRAGMA temp_store = {old_temp}")
        if grow:
            store.conn.execute(f"PRAGMA cache_size = {old}")


def _check_seals(store: Store, header: Header, keyring: keys.Keyring) -> seals.SealCheck:
    """Pass one: every origin seal of the package checked before anything is applied."""
    package = header.package
    lines: list[dict[str, Any]] = []
    if container.SEALS in package.digests:
        if package.sizes[container.SEALS] > container.MAX_SEALS_BYTES:
            raise _fail("sync.too_large", detail=container.SEALS)
        stream = package.iter_lines(container.SEALS, None)
        try:
            lines = seals.read_seal_lines(stream)
        except grammar.GrammarError as exc:
            raise _fail("sync.r.bad_change", detail=str(exc)) from None
        finally:
            stream.close()
    meta = header.manifest["members"][container.CHANGES]
    raw_size = meta["raw_size"] if meta.get("encoding") == container.DEFLATE else None
    stream = package.iter_lines(container.CHANGES, raw_size)
    try:
        carried = seals.scan_lines(stream)
    finally:
        stream.close()
    sender = header.sender_key

    def origin_key(node: str, seal: int) -> tuple[list[str], str | None]:
        if node == sender.node_id:
            return [sender.public_key], None
        if keyring.lookup(node) is None:
            return [], i18n.t("sync.r.unknown_origin", node=node[:12])
        # The live key, or a revoked one whose boundary reaches this seal (issue 10).
        found = keyring.keys_for(node, seal)
        if not found:
            return [], keyring.refusal(node, seal, _computer(keyring, node))
        return found, None

    return seals.SealCheck(
        store,
        lines,
        carried,
        origin_key,
        keys.verify,
        lambda node: _computer(keyring, node),
        i18n.t,
    )


_CREATED_AT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2}|Z)?", re.ASCII
)


def _note_sender_clock(store: Store, m: dict[str, Any], summary: ImportSummary) -> None:
    """The sender's clock reading: real time is at least that (``Store.clock_behind_days``)."""
    text = m.get("created_at")
    if not isinstance(text, str) or not _CREATED_AT.fullmatch(text):
        return
    try:
        made = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return
    if made.tzinfo is None:
        made = made.astimezone()
    made_ms = int(made.timestamp() * 1000)
    store.note_peer_clock(made_ms)
    ahead = made_ms - store.wall_ms()
    if ahead > MAX_CLOCK_AHEAD_MS:
        summary.notes.append(
            i18n.t(
                "sync.clock_behind",
                days=ahead // 86_400_000,
                when=made.strftime("%Y-%m-%d"),
                name=summary.sender.get("label") or m["sender"]["node_id"][:12],
            )
        )


def _store_blob(store: Store, package: container.Package, name: str, meta: dict[str, Any]) -> None:
    """One photo, written into the database in chunks (never whole in memory)."""
    size = package.sizes[name]
    mime = str(meta.get("mime") or "application/octet-stream")[:100]
    cur = store.conn.execute(
        "INSERT OR IGNORE INTO blobs(sha256, mime, size, data) VALUES (?,?,?,zeroblob(?))",
        (name[6:], mime, size, size),
    )
    if cur.rowcount != 1:
        return  # already held (its hash was checked when the file was opened)
    offset = 0
    with store.conn.blobopen("blobs", "data", int(cur.lastrowid or 0)) as blob:
        for chunk in package.stream(name):
            if offset + len(chunk) > size:
                raise _fail("sync.member_mismatch", name=container._short(name))
            blob.write(chunk)
            offset += len(chunk)
    if offset != size:
        raise _fail("sync.member_mismatch", name=container._short(name))


def _keep_own_counter(store: Store, seen: int) -> None:
    """A peer holds our versions up to ``seen``: never number a new change at or below it.

    After this computer was restored from an older backup, the peer's
    package is how it learns the numbers it already gave out.
    """
    mine = int(store.get_meta(META_COUNTER) or 0)
    if seen > mine:
        store._set_meta(META_COUNTER, str(seen))
    row = store.conn.execute(
        "SELECT max(stamp) FROM versions WHERE node_id = ?", (store.node_id,)
    ).fetchone()
    if row and row[0] and row[0] > (store.get_meta(META_HLC) or ""):
        store.clock.observe(row[0])
        store._set_meta(META_HLC, store.clock.last)


def import_file(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress = None,
    should_cancel: ShouldCancel = None,
    remember: bool = True,
) -> ImportSummary:
    summary = ImportSummary(file=str(path), dry_run=dry_run)
    package = None
    try:
        package, sealed = crypto.open_package(store, Path(path))
        header = check_header(store, package, summary, remember=remember, sealed=sealed)
        _apply(store, header, summary, progress, should_cancel)
        if header.manifest["kind"] == "roster" and not dry_run:
            # enrolment: linked by the county, or not yet
            summary.notes.extend(enrol.after_roster(store))
        if not dry_run:  # a computer from before age encryption tells the county its recipient
            keys.learn_age_recipient(store, header.sender_key, header.manifest["sender"])
    except (SyncError, StoreError) as exc:
        _failed(summary, str(exc), getattr(exc, "key", None))
    except _Cancelled:
        _failed(summary, i18n.t("sync.cancelled"), "sync.cancelled")
    except _DryRun:
        summary.ok = True
        summary.applied = False
    except sqlite3.OperationalError as exc:
        problem = disk_full_error(
            exc, needed=Path(path).stat().st_size * 8 if Path(path).exists() else 0
        )
        if problem is None:
            raise
        _failed(summary, i18n.t("sync.disk_full", mb=problem), "sync.disk_full")
    finally:
        if package is not None:
            package.close()
        store.forget_clock()
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
        out.append(
            import_file(
                store,
                Path(path),
                dry_run=dry_run,
                progress=file_progress,
                should_cancel=should_cancel,
            )
        )
    return out


def verify_file(store: Store, path: Path) -> ImportSummary:
    """Run every check and show what an import would do; writes nothing at all."""
    summary = import_file(store, Path(path), dry_run=True, remember=False)
    summary.dry_run = False
    return summary


def exit_code(summaries: list[ImportSummary]) -> int:
    """0: every change applied; 3: some refused or held back; 1: a whole file refused."""
    if not all(s.ok for s in summaries):
        return 1
    if any((s.refused and s.kind != "receipt") or s.held for s in summaries):
        return 3
    return 0


def read_sender(path: Path, store: Store | None = None) -> tuple[dict[str, Any], str]:
    """The sender block of a package whose signature matches the key it carries (for trust)."""
    package, _sealed = crypto.open_package(store, Path(path))
    with package:
        try:
            m = _check_manifest(json.loads(package.manifest_bytes.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _fail("sync.bad_manifest", detail="JSON") from None
        _check_members(m, package)
        sender = m["sender"]
        if not keys.verify(sender["public_key"], package.signature, package.manifest_bytes):
            raise _fail("sync.bad_signature")
        return dict(sender), keys.fingerprint_of(sender["public_key"])
