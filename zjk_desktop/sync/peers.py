"""What this node knows about its peers: what each holds, and the bundle ledger.

``peers.known_vector`` is the version vector a peer is known to hold, learned
from its packages (the manifest's vector) and receipts.  It only decides how
much a delta export leaves out; correctness never depends on it (a package
imported twice changes nothing, because the merge is idempotent).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import itertools
import json
import weakref
from array import array
from collections.abc import Iterator
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


def _merged(old: array[int] | None, new: list[int]) -> array[int]:
    """``old`` (sorted counters) with ``new`` ones added, sorted (counters of one origin are unique)."""
    new.sort()
    if old is None:
        return array("q", new)
    if not old or not new or new[0] > old[-1]:  # the usual case: an origin's next counters
        old.extend(new)
        return old
    return array("q", sorted(itertools.chain(old, new)))


# The counters of each open database, brought up to date with the versions added since.
_KEPT: weakref.WeakKeyDictionary[Store, HeldCounters] = weakref.WeakKeyDictionary()


class HeldCounters:
    """The counters this node holds, per origin node.

    One ``GROUP BY`` over the version log answers most questions: a node whose
    versions 1..N are all here holds exactly N - k versions above k.  Only for
    an origin with gaps (a roster, refused changes) are its counters loaded,
    and counted by bisection.  So counting what each of hundreds of peers
    lacks costs one pass over the table, not one per peer.

    ``HeldCounters.of(store)`` keeps that pass: it is done once per open
    database, and afterwards only the versions added since (``seq`` above the
    last one read: the log is append-only) are read, so the peer list after an
    import costs what the import added, not what the database holds.  A
    specialist's counters are split by the owner of each version's record (the
    record's current ``specialist_id``); a record's owner changes only with a
    version of that record, so the records the new versions touch are the only
    ones whose older versions may move to another owner.
    """

    # More reassigned records than this in one refresh: the split is read again in one pass.
    MOVED_RECORDS_LIMIT = 200

    def __init__(self, store: Store, *, split: bool = False) -> None:
        # Weakly: the counters kept for a database must not keep it open (``_KEPT``).
        self._store_ref = weakref.ref(store)
        self._roster: dict[str, array[int]] | None = None
        self._owned: dict[tuple[str, str], array[int]] = {}
        self._forget_sums()
        with _snapshot(store):
            self._seq, self._mark = _last_version(store)
            self._stats: dict[str, tuple[int, int, int]] = {
                node: (int(lo), int(top), int(held))
                for node, lo, top, held in store.conn.execute(
                    "SELECT node_id, min(counter), max(counter), count(*) FROM versions"
                    " GROUP BY node_id"
                )
            }
            self._gapped: dict[str, array[int]] = {
                node: self._counters_of(node) for node in self._stats if self._has_gaps(node)
            }
            if split:
                self._load_split()

    @classmethod
    def of(cls, store: Store, *, split: bool = False) -> HeldCounters:
        """The counters held now, from what was read before and the versions added since.

        Inside a transaction (which may yet roll back) the counters are read afresh and not kept.
        """
        if store.conn.in_transaction:
            return cls(store, split=split)
        held = _KEPT.pop(store, None)  # put back once brought up to date (not if that fails)
        if held is not None:
            with _snapshot(store):
                if not held._refresh():
                    held = None
                elif split:
                    held._load_split()
            if held is not None:
                _KEPT[store] = held
        if held is None:
            held = cls(store, split=split)
            _KEPT[store] = held
        return held

    @property
    def _store(self) -> Store:
        store = self._store_ref()
        if store is None:
            raise RuntimeError("HeldCounters used after its database was closed")
        return store

    def _has_gaps(self, node: str) -> bool:
        lo, top, held = self._stats[node]
        return not (lo == 1 and top == held)

    def _counters_of(self, node: str) -> array[int]:
        return array(
            "q",
            (
                r[0]
                for r in self._store.conn.execute(
                    "SELECT counter FROM versions WHERE node_id = ? ORDER BY counter", (node,)
                )
            ),
        )

    def _load_split(self) -> dict[str, array[int]]:
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
            owned: dict[tuple[str, str], list[int]] = {}
            for kind in kinds:
                for node, owner, counter in conn.execute(
                    f"SELECT v.node_id, ifnull(r.specialist_id, ''), v.counter"
                    f" FROM [{kind}] r JOIN versions v ON v.record_id = r.id"
                ):
                    owned.setdefault((node, owner), []).append(counter)
            self._owned = {key: _merged(None, counters) for key, counters in owned.items()}
            self._roster = {node: _merged(None, counters) for node, counters in roster.items()}
            self._forget_sums()
        return self._roster

    def _refresh(self) -> bool:
        """Add the versions written since the last read (inside a snapshot); False when the
        log is not the one read before (it shrank or another file took its place)."""
        seq, mark = _last_version(self._store)
        if seq < self._seq or (seq == self._seq and mark != self._mark):
            return False
        if seq == self._seq:
            return True
        found = self._store.conn.execute(
            "SELECT node_id, counter FROM versions WHERE seq = ?", (self._seq,)
        ).fetchone()
        if self._seq and (found is None or (found[0], found[1]) != self._mark):
            return False
        conn = self._store.conn
        since = self._seq
        kinds = frozenset(RECORD_KINDS)
        by_node: dict[str, list[int]] = {}
        roster_new: dict[str, list[int]] = {}
        for node, counter, entity in conn.execute(
            "SELECT node_id, counter, entity FROM versions WHERE seq > ?", (since,)
        ):
            by_node.setdefault(node, []).append(counter)
            if entity not in kinds:
                roster_new.setdefault(node, []).append(counter)
        for node, counters in by_node.items():
            low, high = min(counters), max(counters)
            lo, top, held = self._stats.get(node, (low, high, 0))
            self._stats[node] = (min(lo, low), max(top, high), held + len(counters))
            if node in self._gapped:
                self._gapped[node] = _merged(self._gapped[node], counters)
            elif self._has_gaps(node):  # gap-free before: it held 1..top, or nothing
                self._gapped[node] = _merged(
                    array("q", range(1, top + 1) if held else ()), counters
                )
        if self._roster is not None and not self._refresh_split(since, roster_new):
            self._roster = None
            self._owned = {}
            self._load_split()
        self._forget_sums()
        self._seq, self._mark = seq, mark
        return True

    def _refresh_split(self, since: int, roster_new: dict[str, list[int]]) -> bool:
        """The split brought up to date; False when too many records changed owner."""
        assert self._roster is not None
        conn = self._store.conn
        for node, counters in roster_new.items():
            self._roster[node] = _merged(self._roster.get(node), counters)
        owner_now: dict[str, str] = {}
        owned_new: dict[tuple[str, str], list[int]] = {}
        for kind in RECORD_KINDS:
            # The new versions drive the join (CROSS JOIN keeps that order): the record's row
            # by its primary key, never a pass over the table.
            for node, counter, record_id, owner in conn.execute(
                f"SELECT v.node_id, v.counter, v.record_id, ifnull(r.specialist_id, '')"
                f" FROM versions v CROSS JOIN [{kind}] r ON r.id = v.record_id WHERE v.seq > ?",
                (since,),
            ):
                owner_now[record_id] = owner
                owned_new.setdefault((node, owner), []).append(counter)
        # The touched records' earlier versions: under their owner already, unless it changed.
        earlier: dict[str, list[tuple[str, int]]] = {}
        for record_id, node, counter in conn.execute(
            "SELECT o.record_id, o.node_id, o.counter FROM versions o"
            " WHERE o.seq <= ? AND o.record_id IN (SELECT record_id FROM versions WHERE seq > ?)",
            (since, since),
        ):
            if record_id in owner_now:
                earlier.setdefault(record_id, []).append((node, counter))
        moved = [
            record_id
            for record_id, versions in earlier.items()
            if not _holds(self._owned.get((versions[0][0], owner_now[record_id])), versions[0][1])
        ]
        if len(moved) > self.MOVED_RECORDS_LIMIT:
            return False
        for record_id in moved:
            versions = earlier[record_id]
            first_node, first_counter = versions[0]
            before = next(
                (
                    owner
                    for (node, owner), counters in self._owned.items()
                    if node == first_node and _holds(counters, first_counter)
                ),
                None,  # the record had no row: its versions were nobody's
            )
            for node, counter in versions:
                if before is not None:
                    held_now = self._owned.get((node, before), array("q"))
                    if not _holds(held_now, counter):
                        return False  # not as this class keeps them: read the split again
                    held_now.pop(bisect.bisect_left(held_now, counter))
                owned_new.setdefault((node, owner_now[record_id]), []).append(counter)
        for key, counters in owned_new.items():
            self._owned[key] = _merged(self._owned.get(key), counters)
        return True

    # A peer list asks every peer's count: one pass over every origin per peer made the list
    # cost peers × origins (a province office knows ~10,000 computers, and a city's package
    # relayed from its specialists' laptops brings hundreds of origins each month).  The sums
    # over every origin are made once per state of the counters; each peer's count then
    # corrects them for the origins its vector names (most peers' vectors are empty).

    def _forget_sums(self) -> None:
        """The counters changed: the sums over every origin are made again when next asked."""
        self._held_sum: int | None = None
        self._roster_sum: int | None = None
        self._owner_nodes: dict[str, list[str]] | None = None

    def _every_held(self) -> int:
        """``unsent({})``: every version held, summed over the origins once."""
        if self._held_sum is None:
            self._held_sum = sum(self.above(node, 0) for node in self._stats)
        return self._held_sum

    def unsent_to_specialist(self, known: dict[str, int], specialist_id: str) -> int:
        """``unsent`` for a specialist's computer: the roster and that specialist's own records."""
        roster = self._load_split()
        if self._roster_sum is None:
            self._roster_sum = sum(
                len(counters) - bisect.bisect_right(counters, 0) for counters in roster.values()
            )
        total = self._roster_sum
        for node, have in known.items():
            counters = roster.get(node)
            if counters:
                total += bisect.bisect_right(counters, 0) - bisect.bisect_right(counters, int(have))
        if self._owner_nodes is None:
            by_owner: dict[str, list[str]] = {}
            for node, owner in self._owned:
                by_owner.setdefault(owner, []).append(node)
            self._owner_nodes = by_owner
        for node in self._owner_nodes.get(specialist_id, ()):
            own = self._owned.get((node, specialist_id))
            if own and node in self._stats:
                total += len(own) - bisect.bisect_right(own, int(known.get(node, 0)))
        return total

    def above(self, node: str, have: int) -> int:
        """How many versions of ``node`` held here have a counter above ``have``."""
        lo, top, held = self._stats.get(node, (0, 0, 0))
        if held == 0 or have >= top:
            return 0
        if have < lo:
            return held
        counters = self._gapped.get(node)
        if counters is None:  # 1..top, no gap
            return top - have
        return len(counters) - bisect.bisect_right(counters, have)

    def unsent(self, known: dict[str, int]) -> int:
        """Versions held here that a peer known to hold ``known`` (gap-free prefixes) may lack."""
        total = self._every_held()
        for node, have in known.items():
            if node in self._stats:
                total += self.above(node, int(have)) - self.above(node, 0)
        return total


def _holds(counters: array[int] | None, counter: int) -> bool:
    if not counters:
        return False
    i = bisect.bisect_left(counters, counter)
    return i < len(counters) and counters[i] == counter


def _last_version(store: Store) -> tuple[int, tuple[str, int] | None]:
    """The log's last ``seq`` and that version's (origin, counter): which log was read, how far."""
    row = store.conn.execute(
        "SELECT seq, node_id, counter FROM versions ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return (int(row[0]), (str(row[1]), int(row[2]))) if row else (0, None)


@contextlib.contextmanager
def _snapshot(store: Store) -> Iterator[None]:
    """One read transaction: every query inside sees the same database."""
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("BEGIN")
    try:
        yield
    finally:
        store.conn.execute("COMMIT")


def unsent_count(store: Store, known: dict[str, int], held: HeldCounters | None = None) -> int:
    """Versions held here above what a peer is known to hold (``known``: node -> counter).

    Counts every version held, including ones past a gap in this node's own
    log (``store.max_counters()``, not the gap-free ``version_vector()``):
    a delta sends those too.
    """
    return (held or HeldCounters.of(store)).unsent(known)


def peer_status(store: Store, *, unsent: bool = True) -> list[dict[str, Any]]:
    """Every peer this node exchanged files with or holds a key for, with what each is not
    known to hold (``unsent``; without it, who they are only: no pass over the log)."""
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
    held = (
        HeldCounters.of(
            store,
            split=any(
                e.get("role") == "specialist" and e.get("specialist_id") for e in rows.values()
            ),
        )
        if unsent
        else None
    )
    out = []
    for node_id in sorted(rows):
        entry = rows[node_id]
        entry.setdefault("fingerprint", None)
        entry.setdefault("revoked", False)
        entry.setdefault("specialist_id", None)
        entry.setdefault("org_id", None)
        if held is not None:
            entry["unsent"] = (
                held.unsent_to_specialist(known.get(node_id, {}), entry["specialist_id"])
                if entry.get("role") == "specialist" and entry["specialist_id"]
                else held.unsent(known.get(node_id, {}))
            )
        out.append(entry)
    return out
