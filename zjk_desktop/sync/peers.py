"""What this node knows about its peers: what each holds, and the bundle ledger.

``peers.known_vector`` is the version vector a peer is known to hold, learned
from its packages (the manifest's vector) and receipts.  It only decides how
much a delta export leaves out; correctness never depends on it (a package
imported twice changes nothing, because the merge is idempotent).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
from typing import Any

from ..domain.entities import RECORD_KINDS
from ..store import Store
from . import keys


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


def merge_vectors(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for node, n in b.items():
        if int(n) > out.get(node, 0):
            out[node] = int(n)
    return out


def known_vector(store: Store, node_id: str) -> dict[str, int]:
    row = store.conn.execute(
        "SELECT known_vector FROM peers WHERE node_id = ?", (node_id,)
    ).fetchone()
    return {k: int(v) for k, v in json.loads(row[0]).items()} if row and row[0] else {}


def known_vector_for(store: Store, recipient: dict[str, Any]) -> dict[str, int]:
    """What the recipient is known to hold (a role recipient: what every matching peer holds)."""
    if recipient.get("node_id"):
        return known_vector(store, recipient["node_id"])
    matching = [
        k.node_id
        for k in keys.Keyring(store).nodes()
        if k.role == recipient.get("role") and k.org_id == recipient.get("org_id") and not k.revoked
    ]
    if not matching:
        return {}
    vectors = [known_vector(store, n) for n in matching]
    common = set(vectors[0])
    for v in vectors[1:]:
        common &= set(v)
    return {node: min(v[node] for v in vectors) for node in common}


def update_peer(
    store: Store,
    node_id: str,
    role: str | None,
    label: str | None,
    vector: dict[str, int],
    *,
    replace: bool = False,
) -> None:
    """Learn what ``node_id`` holds.

    The importer replaces the old claim (``replace``) with what a package's
    or receipt's sender says it holds now: a claim that was too high (the
    peer restored a backup, or an older program claimed counters past gaps)
    heals with the very next file from that peer, so what it lost is sent
    again without anyone thinking of a receipt.  A claim too low (an older
    package imported after a newer one) only makes the next delta resend
    what the peer already has, which changes nothing there.
    """
    known = dict(vector) if replace else merge_vectors(known_vector(store, node_id), vector)
    store.conn.execute(
        "INSERT INTO peers(node_id, role, label, last_seen, known_vector) VALUES (?,?,?,?,?)"
        " ON CONFLICT(node_id) DO UPDATE SET role = excluded.role, label = excluded.label,"
        " last_seen = excluded.last_seen, known_vector = excluded.known_vector",
        (node_id, role, label or "", _now(), json.dumps(known, sort_keys=True)),
    )


def relayed_claims(store: Store, exclude: set[str]) -> dict[str, dict[str, int]]:
    """What this node knows each of its peers holds, for a receipt to pass on.

    A township's receipt tells a specialist what the county holds, so the
    specialist's peer list and deltas need not wait for a file from the county.
    """
    out: dict[str, dict[str, int]] = {}
    for node_id, vector in store.conn.execute(
        "SELECT node_id, known_vector FROM peers ORDER BY node_id"
    ):
        if node_id in exclude or not vector:
            continue
        known = {k: int(v) for k, v in json.loads(vector).items()}
        if known:
            out[node_id] = known
    return out


def learn_relayed(store: Store, claims: dict[str, dict[str, int]], exclude: set[str]) -> None:
    """Add what a relay's receipt says other peers hold (only adds: a direct receipt replaces).

    Only about computers this node knows (keyring or an earlier exchange): a claim
    about a stranger would list a nameless peer."""
    keyring = keys.Keyring(store)
    for node_id, vector in sorted(claims.items()):
        if node_id in exclude:
            continue
        if (
            keyring.lookup(node_id) is None
            and not store.conn.execute(
                "SELECT 1 FROM peers WHERE node_id = ?", (node_id,)
            ).fetchone()
        ):
            continue
        known = merge_vectors(known_vector(store, node_id), vector)
        store.conn.execute(
            "INSERT INTO peers(node_id, known_vector) VALUES (?, ?)"
            " ON CONFLICT(node_id) DO UPDATE SET known_vector = excluded.known_vector",
            (node_id, json.dumps(known, sort_keys=True)),
        )


def sent_vector(store: Store, peer: str | None) -> dict[str, int]:
    """The highest counters already sent to ``peer`` in earlier packages (confirmed or not; none for no peer)."""
    out: dict[str, int] = {}
    for (summary,) in store.conn.execute(
        "SELECT summary FROM bundles WHERE direction = 'out' AND peer_node = ? AND kind IN ('delta', 'full')",
        (peer,),
    ):
        data = json.loads(summary or "{}")
        vector = data.get("sent_vector")
        if isinstance(vector, dict):
            out = merge_vectors(out, {k: int(v) for k, v in vector.items() if isinstance(v, int)})
    return out


def record_bundle(
    store: Store,
    bundle_id: str,
    direction: str,
    kind: str,
    sha256: str,
    peer: str | None,
    summary: dict[str, Any],
) -> None:
    with store.db.atomic():
        store.conn.execute(
            "INSERT INTO bundles(bundle_id, direction, kind, sha256, peer_node, at, summary)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(bundle_id, direction) DO UPDATE SET"
            " kind = excluded.kind, sha256 = excluded.sha256, peer_node = excluded.peer_node,"
            " at = excluded.at, summary = excluded.summary",
            (
                bundle_id,
                direction,
                kind,
                sha256,
                peer,
                _now(),
                json.dumps(summary, ensure_ascii=False, sort_keys=True, default=str),
            ),
        )


def bundles_from(store: Store, node_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Bundles received from ``node_id`` and what of them was refused (for a receipt)."""
    bundles: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for bundle_id, sha, at, summary in store.conn.execute(
        "SELECT bundle_id, sha256, at, summary FROM bundles WHERE direction = 'in' AND peer_node = ?"
        " ORDER BY at, bundle_id",
        (node_id,),
    ):
        data = json.loads(summary or "{}")
        bundles.append(
            {
                "bundle_id": bundle_id,
                "sha256": sha,
                "at": at,
                "ok": bool(data.get("ok")),
                "reason": data.get("reason"),
            }
        )
        for what, reason in data.get("refused") or []:
            refused.append({"bundle_id": bundle_id, "what": what, "reason": reason})
    return bundles, refused


class HeldCounters:
    """The counters this node holds, per origin node, read once.

    One ``GROUP BY`` over the version log answers most questions: a node whose
    versions 1..N are all here holds exactly N - k versions above k.  Only for
    an origin with gaps (a roster, refused changes) are its counters loaded,
    once, and counted by bisection.  So counting what each of hundreds of
    peers lacks costs one pass over the table, not one per peer.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stats: dict[str, tuple[int, int, int]] = {
            node: (int(lo), int(top), int(held))
            for node, lo, top, held in store.conn.execute(
                "SELECT node_id, min(counter), max(counter), count(*) FROM versions GROUP BY node_id"
            )
        }
        self._gapped: dict[str, list[int]] = {}
        # Loaded at the first specialist peer, in one pass: counters of roster versions
        # per origin, and of record versions per (origin, record owner).  A specialist's
        # computer gets the roster and its own records, never other people's.
        self._roster: dict[str, list[int]] | None = None
        self._owned: dict[tuple[str, str], list[int]] = {}

    def _load_split(self) -> dict[str, list[int]]:
        if self._roster is None:
            # Each version's owner joined in SQL, by kind: a province office's keyring lists
            # 5,000 specialists, and a map of every record to its owner in Python (1.1 million
            # ids) took 9 s and 340 MiB there; the counters alone are a fraction of that.
            conn = self._store.conn
            kinds = tuple(RECORD_KINDS)
            marks = ",".join("?" * len(kinds))
            roster: dict[str, list[int]] = {}
            for node, counter in conn.execute(
                f"SELECT node_id, counter FROM versions WHERE entity NOT IN ({marks})", kinds
            ):
                roster.setdefault(node, []).append(counter)
            owned = self._owned
            for kind in kinds:
                for node, owner, counter in conn.execute(
                    f"SELECT v.node_id, ifnull(r.specialist_id, ''), v.counter"
                    f" FROM [{kind}] r JOIN versions v ON v.record_id = r.id"
                ):
                    owned.setdefault((node, owner), []).append(counter)
            for counters in (*roster.values(), *owned.values()):
                counters.sort()
            self._roster = roster
        return self._roster

    def unsent_to_specialist(self, known: dict[str, int], specialist_id: str) -> int:
        """``unsent`` for a specialist's computer: the roster and that specialist's own records."""
        total = 0
        for node, counters in self._load_split().items():
            total += len(counters) - bisect.bisect_right(counters, int(known.get(node, 0)))
        for node in self._stats:
            own = self._owned.get((node, specialist_id))
            if own:
                total += len(own) - bisect.bisect_right(own, int(known.get(node, 0)))
        return total

    def above(self, node: str, have: int) -> int:
        """How many versions of ``node`` held here have a counter above ``have``."""
        lo, top, held = self._stats.get(node, (0, 0, 0))
        if held == 0 or have >= top:
            return 0
        if have < lo:
            return held
        if lo == 1 and top == held:  # 1..top, no gap
            return top - have
        counters = self._gapped.get(node)
        if counters is None:
            counters = [
                int(r[0])
                for r in self._store.conn.execute(
                    "SELECT counter FROM versions WHERE node_id = ? ORDER BY counter", (node,)
                )
            ]
            self._gapped[node] = counters
        return len(counters) - bisect.bisect_right(counters, have)

    def unsent(self, known: dict[str, int]) -> int:
        """Versions held here that a peer known to hold ``known`` (gap-free prefixes) may lack."""
        return sum(self.above(node, int(known.get(node, 0))) for node in self._stats)


def unsent_count(store: Store, known: dict[str, int], held: HeldCounters | None = None) -> int:
    """Versions held here above what a peer is known to hold (``known``: node -> counter).

    Counts every version held, including ones past a gap in this node's own
    log (``store.max_counters()``, not the gap-free ``version_vector()``):
    a delta sends those too.
    """
    return (held or HeldCounters(store)).unsent(known)


def peer_status(store: Store) -> list[dict[str, Any]]:
    """Every peer this node exchanged files with or holds a key for."""
    rows: dict[str, dict[str, Any]] = {}
    known: dict[str, dict[str, int]] = {}
    for node_id, role, label, last_seen, vector in store.conn.execute(
        "SELECT node_id, role, label, last_seen, known_vector FROM peers ORDER BY node_id"
    ):
        rows[node_id] = {
            "node_id": node_id,
            "role": role,
            "label": label or "",
            "last_seen": last_seen,
        }
        known[node_id] = {k: int(v) for k, v in json.loads(vector).items()} if vector else {}
    for k in keys.Keyring(store).nodes():
        entry = rows.setdefault(
            k.node_id, {"node_id": k.node_id, "role": k.role, "label": k.label, "last_seen": None}
        )
        entry["role"] = entry.get("role") or k.role
        entry["label"] = entry.get("label") or k.label
        entry["fingerprint"] = k.fingerprint
        entry["revoked"] = k.revoked
        entry["specialist_id"] = k.specialist_id
        entry["org_id"] = k.org_id
    rows.pop(store.node_id, None)
    held = HeldCounters(store)
    out = []
    for node_id in sorted(rows):
        entry = rows[node_id]
        entry.setdefault("fingerprint", None)
        entry.setdefault("revoked", False)
        entry.setdefault("specialist_id", None)
        entry.setdefault("org_id", None)
        if entry.get("role") == "specialist" and entry["specialist_id"]:
            entry["unsent"] = held.unsent_to_specialist(
                known.get(node_id, {}), entry["specialist_id"]
            )
        else:
            entry["unsent"] = held.unsent(known.get(node_id, {}))
        out.append(entry)
    return out
