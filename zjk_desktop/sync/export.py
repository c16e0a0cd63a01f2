"""Building packages: delta, full, roster and receipt."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__, i18n
from ..domain.entities import MANAGEMENT_KINDS, RECORD_KINDS, ROSTER_KINDS, entity
from ..domain.ids import new_id
from ..store import Store
from ..store.versions import canonical_json, encode_version
from . import container, crypto, keys, peers, seals
from .errors import SyncError

FORMAT = "zjkpkg"
# 2: changes.ndjson stored deflated; 3: origin seals (seals.ndjson) instead of a signature
# per version.  Formats 1 and 2 are still imported.
FORMAT_VERSION = 3
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


SIGN_BATCH = seals.SEAL_LEAVES
_LINE_COLUMNS = "node_id, counter, stamp, entity, record_id, op, fields, base, actor"


def sign_own_versions(store: Store, batch: int = SIGN_BATCH) -> int:
    """Seal this node's versions that leave it for the first time (proof of origin for relays).

    One origin seal per ``batch`` versions (``seals.py``): the versions in
    counter order are the leaves of a Merkle tree whose root this node signs
    once; each version records its seal and position.  One transaction per
    seal: memory stays flat however many versions wait (a first export after
    a year offline), and a seal already made stays if a later one is
    interrupted.  Returns the number of versions sealed.
    """
    me = store.node_id
    sign = keys.signer(store)
    done = 0
    after = -1
    while True:
        counters: list[int] = []
        leaves: list[bytes] = []
        for row in store.conn.execute(
            f"SELECT {_LINE_COLUMNS} FROM versions WHERE node_id = ? AND sig IS NULL"
            " AND seal IS NULL AND counter > ? ORDER BY counter LIMIT ?",
            (me, after, batch),
        ):
            counters.append(row[1])
            leaves.append(seals.leaf_hash(_leaf_bytes(row)))
        if not counters:
            return done
        number, count = counters[-1], len(counters)  # numbered by its last counter
        if seals.stored_seal(store, me, number) is not None:
            # Only after counters were given out twice (a restore by an older program):
            # a new batch never takes the number of one already made.
            top = store.conn.execute("SELECT max(seal) FROM seals WHERE node_id = ?", (me,))
            number = int(top.fetchone()[0]) + 1
        digest = seals.tree_root(leaves).hex()
        signature = sign(seals.seal_bytes(me, number, count, digest))
        with store.db.atomic():
            store.conn.execute(
                "INSERT INTO seals(node_id, seal, count, digest, sig, nodes, low)"
                " VALUES (?,?,?,?,?,NULL,?)",
                (me, number, count, digest, signature, counters[0]),
            )
            store.conn.executemany(
                "UPDATE versions SET seal = ?, seal_pos = ? WHERE node_id = ? AND counter = ?",
                ((number, pos, me, counter) for pos, counter in enumerate(counters)),
            )
        done += count
        after = counters[-1]


def _leaf_bytes(row: tuple[Any, ...]) -> bytes:
    """What a seal covers of a version: its line without proof of origin (its signing bytes)."""
    return encode_version(*row[:9]).encode("utf-8")


def _seal_member(store: Store, carried: dict[tuple[str, int], array[int]]) -> bytes:
    """The seals the selected versions refer to, each with the proof for the part carried."""
    out: list[str] = []
    for (node, number), positions in sorted(carried.items()):
        row = seals.stored_seal(store, node, number)
        if row is None:
            continue  # not held here: the receiver refuses those versions (no proof of origin)
        count = row["count"]
        wanted = sorted(positions)
        proof: list[bytes] = []
        if len(wanted) != count:
            leaves = {
                r[9]: seals.leaf_hash(_leaf_bytes(r))
                for r in store.conn.execute(
                    f"SELECT {_LINE_COLUMNS}, seal_pos FROM versions"
                    " WHERE node_id = ? AND counter BETWEEN ? AND ? AND seal = ?",
                    (node, row["low"], number, number),
                )
            }
            subtree = seals.subtree_source(leaves, seals.nodes_from_text(row["nodes"]))
            try:
                proof = seals.make_proof(count, wanted, subtree)
            except seals.MissingLeaves:
                continue
        out.append(seals.seal_line(row, proof))
    return "".join(line + "\n" for line in out).encode("utf-8")


def _excluded_records(store: Store, recipient: dict[str, Any], known: dict[str, int]) -> set[str]:
    """Records a specialist recipient has no business receiving (other people's work).

    ``known``: what the recipient is known to hold (its own claims, ``known_vector_for``).
    """
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
    # ... except records the specialist once looked after: they hold them already, and must
    # hear that the township moved one to a colleague (or every copy of it would disagree).
    # "Hold" means a version naming them that their own computer wrote or that they claim
    # to hold: a township's assignment that lost to the county's before it ever reached
    # the laptop does not send a colleague's request there.  (A version sent in a package
    # not yet confirmed counts once the laptop's next file claims it.)
    own = recipient.get("node_id")
    out.difference_update(
        record_id
        for record_id, node, counter in store.conn.execute(
            "SELECT record_id, node_id, counter FROM versions"
            " WHERE json_extract(fields, '$.specialist_id') = ?",
            (recipient["specialist_id"],),
        )
        if node == own or counter <= known.get(node, 0)
    )
    return out


def version_rows(store: Store, kinds: tuple[str, ...] | None = None) -> Iterator[tuple[Any, ...]]:
    """Version rows in the order a package carries them (``encode_version`` arguments).

    Every version comes after what it may refer to — the roster, then the
    records, then the management data (requests, callbacks, assessments),
    each record's versions in the order they were stored — and the records
    are grouped by their specialist: lines of one person's work share
    villages, ids and wording, so the deflated package is about a third
    smaller than in plain storage order (measured on the city demo).
    """
    joins = " ".join(
        f"LEFT JOIN [{entity(k).name}] AS r{i} ON v.entity = '{k}' AND r{i}.id = v.record_id"
        for i, k in enumerate(RECORD_KINDS)
    )
    group = (
        f"CASE WHEN v.entity IN ({','.join(repr(k) for k in ROSTER_KINDS)}) THEN 0"
        f" WHEN v.entity IN ({','.join(repr(k) for k in RECORD_KINDS)}) THEN 1 ELSE 2 END"
    )
    person = f"COALESCE({', '.join(f'r{i}.specialist_id' for i in range(len(RECORD_KINDS)))})"
    sql = f"SELECT v.seq FROM versions AS v {joins}"
    params: list[Any] = []
    if kinds is not None:
        sql += f" WHERE v.entity IN ({','.join('?' * len(kinds))})"
        params.extend(kinds)
    sql += f" ORDER BY {group}, {person}, v.seq"
    # Sorting only the keys and reading the rows after is ~3x faster than sorting
    # whole rows (SQLite's sorter copies every row); 8 bytes per version in memory.
    # The rows are read out of storage order: memory-mapped reads halve that cost
    # (measured on the city demo), so the export maps the file while it reads.
    conn = store.conn
    mapped = conn.execute("PRAGMA mmap_size").fetchone()
    conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
    try:
        order = array("q", (r[0] for r in conn.execute(sql, params)))
        fetch = f"SELECT seq, {_LINE_COLUMNS}, sig, seal, seal_pos FROM versions WHERE seq IN "
        for start in range(0, len(order), _FETCH):
            chunk = order[start : start + _FETCH]
            rows = {
                r[0]: r[1:] for r in conn.execute(fetch + f"({','.join('?' * len(chunk))})", chunk)
            }
            for seq in chunk:
                yield rows[seq]
    finally:
        conn.execute(f"PRAGMA mmap_size = {int(mapped[0]) if mapped else 0}")


_FETCH = 500  # rows read at a time, by seq, in the order of the keys
# Mapped pages of the file count as resident memory (page cache, not the program's
# own): at most this much, so an export of a province stays well under 1 GB.
_MMAP_BYTES = 256 << 20


@dataclass
class _Selection:
    changes: container.FileMember
    counts: dict[str, int]
    photos: set[str]
    n_changes: int
    seals: bytes = b""


def _select_versions(
    store: Store,
    since: dict[str, int],
    kinds: tuple[str, ...] | None,
    exclude: set[str],
    should_cancel: ShouldCancel,
    into: Path,
) -> _Selection:
    """The versions to send, one line each, deflated and hashed straight into the file ``into``."""
    counts: dict[str, int] = {}
    photos: set[str] = set()
    n_changes = 0
    carried: dict[tuple[str, int], array[int]] = {}
    with open(into, "wb") as fh:
        writer = container.DeflateWriter(fh)
        pending: list[str] = []
        for i, row in enumerate(version_rows(store, kinds)):
            if i % 5000 == 0:
                if should_cancel and should_cancel():
                    raise SyncError(i18n.t("sync.export_cancelled"))
                if pending:
                    writer.write("".join(pending).encode("utf-8"))
                    pending = []
            if row[1] <= since.get(row[0], 0) or row[4] in exclude:
                continue
            pending.append(encode_version(*row) + "\n")
            if row[10] is not None:
                positions = carried.get((row[0], row[10]))
                if positions is None:
                    positions = carried[(row[0], row[10])] = array("l")
                positions.append(row[11])
            n_changes += 1
            counts[row[3]] = counts.get(row[3], 0) + 1
            if '"photos"' in row[6]:
                value = json.loads(row[6]).get("photos")
                if isinstance(value, list):
                    photos.update(p for p in value if isinstance(p, str))
        writer.write("".join(pending).encode("utf-8"))
        sha = writer.finish()
    member = container.FileMember(into, writer.size, sha, writer.raw_size)
    return _Selection(member, counts, photos, n_changes, _seal_member(store, carried))


def _build(
    store: Store,
    kind: str,
    out: Path,
    recipient: dict[str, Any],
    since: dict[str, int],
    members: dict[str, container.Member],
    counts: dict[str, int],
    n_changes: int,
    blob_mimes: dict[str, str],
    extra: dict[str, Any] | None = None,
) -> ExportResult:
    bundle_id = new_id()
    recipients = crypto.recipients_for(store, kind, recipient)  # refused before anything is written
    raw_sizes: dict[str, int] = {}
    for name, member in members.items():
        if isinstance(member, container.FileMember) and member.raw_size is not None:
            raw_sizes[name] = member.raw_size
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
                "size": _member_size(data),
                "sha256": _member_sha256(data),
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
    seal: container.Seal | None = None
    if recipients:
        sealed_to = recipients

        def seal(src: Path, dst: Path) -> None:
            crypto.seal_file(src, dst, sealed_to)

    size, sha = container.write_container(Path(out), manifest_bytes, signature, members, seal)
    from ..backup import note_high_water

    note_high_water(store.node_id, store.last_counter(), store.path)
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


def _member_size(member: container.Member) -> int:
    return len(member) if isinstance(member, bytes) else member.size


def _member_sha256(member: container.Member) -> str:
    return hashlib.sha256(member).hexdigest() if isinstance(member, bytes) else member.sha256


def _ledger_peer(recipient: dict[str, Any]) -> str | None:
    """The peer an outgoing bundle is filed under in the ledger."""
    return recipient.get("node_id") or recipient.get("to")


def _blob_members(
    store: Store, photos: set[str]
) -> tuple[dict[str, container.Member], dict[str, str]]:
    """The photos to send, each hashed now and loaded again only while it is written."""
    members: dict[str, container.Member] = {}
    mimes: dict[str, str] = {}
    for digest in sorted(photos):
        if not container.BLOB_RE.match(f"blobs/{digest}"):
            continue
        row = store.conn.execute(
            "SELECT data, mime FROM blobs WHERE sha256 = ?", (digest,)
        ).fetchone()
        if row is None:
            continue
        data = bytes(row[0])
        members[f"blobs/{digest}"] = container.LazyMember(
            _blob_loader(store, digest), len(data), hashlib.sha256(data).hexdigest()
        )
        mimes[f"blobs/{digest}"] = row[1] or "application/octet-stream"
    return members, mimes


def _blob_loader(store: Store, digest: str) -> Callable[[], bytes]:
    def load() -> bytes:
        row = store.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
        return bytes(row[0]) if row is not None else b""

    return load


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
    known = peers.known_vector_for(store, recipient)
    since = {} if full else known
    # Sent before in a package no receipt confirmed: this delta repeats it.
    already = peers.merge_vectors(since, peers.sent_vector(store, _ledger_peer(recipient)))
    sign_own_versions(store)
    if progress:
        progress(0, 3)
    with tempfile.TemporaryDirectory(prefix="zjk-export-") as work:
        sel = _select_versions(
            store,
            since,
            None,
            _excluded_records(store, recipient, known),
            should_cancel,
            Path(work) / container.CHANGES,
        )
        if progress:
            progress(1, 3)
        members: dict[str, container.Member] = {container.CHANGES: sel.changes}
        if sel.seals:
            members[seals.SEALS] = sel.seals
        blobs, mimes = _blob_members(store, sel.photos)
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
            sel.counts,
            sel.n_changes,
            mimes,
        )
    if not full:
        held = peers.HeldCounters.of(store)
        result.repeated = min(sel.n_changes, max(0, held.unsent(since) - held.unsent(already)))
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
    recipient = {"to": "all", "node_id": None, "role": None, "org_id": node.org_id}
    with tempfile.TemporaryDirectory(prefix="zjk-export-") as work:
        sel = _select_versions(
            store, {}, ROSTER_KINDS, set(), should_cancel, Path(work) / container.CHANGES
        )
        result = _build(
            store,
            "roster",
            out,
            recipient,
            {},
            {container.CHANGES: sel.changes, **({seals.SEALS: sel.seals} if sel.seals else {})},
            sel.counts,
            sel.n_changes,
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
    members: dict[str, container.Member] = {container.RECEIPT: canonical_json(body).encode("utf-8")}
    return _build(store, "receipt", out, recipient, {}, members, {}, 0, {})
