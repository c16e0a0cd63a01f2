"""Origin seals: one signature per batch of a node's versions, proofs for any subset.

When a node's versions leave it for the first time, it seals them in batches
(``export.seal_own_versions``): the versions of a batch, in counter order, are
the leaves of a Merkle tree (RFC 6962 shape: leaf ``sha256(0x00 ‖ signing
bytes)``, inner node ``sha256(0x01 ‖ left ‖ right)``, a range of ``n`` leaves
split at the largest power of two below ``n``), and the node signs one seal::

    {"count": N, "digest": <tree root, hex>, "node": <node id>, "seal": <number>}

The seal number is the counter of the batch's last version: a batch always
holds a version never sealed before, whose counter no other batch of that node
ends with — even after the computer is restored from a backup and seals again
what it had sealed after that backup (the same versions then give the very
same seal: Ed25519 signatures are deterministic).  Every version of a seal has
a counter at most the seal number.  A version line names its seal and position (``"seal":[S,P]``)
instead of carrying a signature of its own.

A package carries, in ``seals.ndjson``, every seal its lines refer to.  When it
carries only some of a seal's versions (a township forwarding one specialist's
part, a delta starting in the middle of a seal) the seal line carries a
*Merkle multiproof*: the hashes of the largest subtrees that hold none of the
carried versions, in left-to-right order.  Chosen over a list of the missing
leaf hashes because it costs about ``log2(N)`` hashes per gap instead of one
hash per missing version (a specialist's 100 versions out of a township's seal
of 5,000 cost ~7 hashes instead of 4,900).  Both sides walk the same
recursion, so the proof needs no positions of its own.

Every receiver keeps the seals it holds versions of (table ``seals``) and, for
the versions of a seal it does not hold, the subtree hashes that stand in for
them (``seals.nodes``), so it can prove any subset onward to the next computer
and every version is still checked against its *origin's* key wherever it is.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..store import Store, grammar
from ..store.versions import Version, canonical_json
from .container import SEALS as SEALS

SEAL_LEAVES = 1 << 16  # versions per seal made here (grammar accepts up to MAX_SEAL_LEAVES)
_DOMAIN = b"zjk-seal/1\n"
_LEAF = b"\x00"
_NODE = b"\x01"

Range = tuple[int, int]


class MissingLeaves(Exception):
    """A subtree hash is needed that neither the versions held nor the stored nodes give."""


# ----------------------------------------------------------------- the tree
def leaf_hash(signing_bytes: bytes) -> bytes:
    return hashlib.sha256(_LEAF + signing_bytes).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE + left + right).digest()


def _split(lo: int, hi: int) -> int:
    """Where the range ``[lo, hi)`` (two leaves or more) splits: the largest power of two below its size."""
    return lo + (1 << ((hi - lo - 1).bit_length() - 1))


def tree_root(leaves: list[bytes]) -> bytes:
    """The root of a whole tree (every leaf known), computed level by level.

    Pairing neighbours from the left and carrying an odd last node up unpaired gives
    the same tree as splitting at the largest power of two (RFC 6962, 2.1.3), with
    one hash per inner node and no recursion.
    """
    if not leaves:
        raise ValueError("a tree has at least one leaf")
    sha = hashlib.sha256
    level = leaves
    while len(level) > 1:
        paired = [
            sha(_NODE + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _holds(positions: array[int] | list[int], lo: int, hi: int) -> bool:
    """Whether the sorted ``positions`` hold one in ``[lo, hi)``."""
    i = bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def make_proof(
    count: int, carried: list[int] | array[int], subtree: Callable[[int, int], bytes | None]
) -> list[bytes]:
    """The multiproof for the sorted positions ``carried``: subtrees without one, left to right."""
    out: list[bytes] = []

    def walk(lo: int, hi: int) -> None:
        if not _holds(carried, lo, hi):
            h = subtree(lo, hi)
            if h is None:
                raise MissingLeaves()
            out.append(h)
        elif hi - lo > 1:
            mid = _split(lo, hi)
            walk(lo, mid)
            walk(mid, hi)

    walk(0, count)
    return out


def proof_root(
    count: int,
    carried: array[int] | list[int],
    leaf: Callable[[int], bytes],
    proof: list[bytes],
    seen: dict[Range, bytes] | None = None,
) -> bytes | None:
    """The root that the carried leaves and the proof give (None: the proof has the wrong length).

    ``seen`` collects the proof's subtree hashes by range (kept to prove subsets onward).
    """
    if len(carried) == count:  # every leaf carried (positions are distinct and below count)
        return None if proof else tree_root(list(map(leaf, range(count))))
    it = iter(proof)

    def walk(lo: int, hi: int) -> bytes:
        if not _holds(carried, lo, hi):
            h = next(it)  # StopIteration: too short
            if seen is not None:
                seen[(lo, hi)] = h
            return h
        if hi - lo == 1:
            return leaf(lo)
        mid = _split(lo, hi)
        return node_hash(walk(lo, mid), walk(mid, hi))

    try:
        root = walk(0, count)
    except StopIteration:
        return None
    if next(it, None) is not None:  # too long
        return None
    return root


def seal_bytes(node: str, seal: int, count: int, digest: str) -> bytes:
    """What the origin signs for a seal (domain-separated from manifests and versions)."""
    body = {"count": count, "digest": digest, "node": node, "seal": seal}
    return _DOMAIN + canonical_json(body).encode("utf-8")


def subtree_source(
    leaves: dict[int, bytes], nodes: dict[Range, bytes]
) -> Callable[[int, int], bytes | None]:
    """Subtree hashes from known leaves and known inner nodes (None where neither reaches)."""

    def subtree(lo: int, hi: int) -> bytes | None:
        h = nodes.get((lo, hi))
        if h is not None:
            return h
        if hi - lo == 1:
            return leaves.get(lo)
        mid = _split(lo, hi)
        left = subtree(lo, mid)
        if left is None:
            return None
        right = subtree(mid, hi)
        return None if right is None else node_hash(left, right)

    return subtree


def nodes_to_text(nodes: dict[Range, bytes]) -> str | None:
    if not nodes:
        return None
    return canonical_json({f"{lo}-{hi}": h.hex() for (lo, hi), h in sorted(nodes.items())})


def nodes_from_text(text: str | None) -> dict[Range, bytes]:
    if not text:
        return {}
    out: dict[Range, bytes] = {}
    for key, value in json.loads(text).items():
        lo, hi = key.split("-")
        out[(int(lo), int(hi))] = bytes.fromhex(value)
    return out


# ------------------------------------------------------------ the wire line
def seal_line(row: dict[str, Any], proof: list[bytes]) -> str:
    return canonical_json(
        {
            "count": row["count"],
            "digest": row["digest"],
            "node": row["node_id"],
            "proof": [h.hex() for h in proof],
            "seal": row["seal"],
            "sig": row["sig"],
        }
    )


def stored_seal(store: Store, node: str, seal: int) -> dict[str, Any] | None:
    row = store.conn.execute(
        "SELECT node_id, seal, count, digest, sig, nodes, low FROM seals"
        " WHERE node_id = ? AND seal = ?",
        (node, seal),
    ).fetchone()
    if row is None:
        return None
    return dict(
        zip(("node_id", "seal", "count", "digest", "sig", "nodes", "low"), row, strict=True)
    )


def held_positions(store: Store, node: str, seal: int, low: int) -> list[int]:
    """Positions of a seal whose versions this node holds under that seal (sorted)."""
    return sorted(
        r[0]
        for r in store.conn.execute(
            "SELECT seal_pos FROM versions WHERE node_id = ? AND counter BETWEEN ? AND ?"
            " AND seal = ?",
            (node, low, seal, seal),
        )
    )


# ------------------------------------------------------------ import: check
# The tail of a line with a seal reference (canonical: "seal" sorts just before "stamp").
_SEAL_TAIL = re.compile(
    rb'(,"seal":\[([1-9][0-9]{0,15}),(0|[1-9][0-9]{0,15})\])'
    rb'(,"stamp":"[0-9]{13}-[0-9]{4}-([0-9a-f]{16})"\})\Z'
)
_TAIL = 120


@dataclass
class _Carried:
    """What one package carries of one seal: positions and leaf hashes, in line order."""

    positions: array[int] = field(default_factory=lambda: array("q"))
    leaves: bytearray = field(default_factory=bytearray)
    order: list[int] | None = None  # indices sorted by position (after ``finish``)
    sorted_positions: array[int] | None = None

    def finish(self) -> bool:
        """Sort by position; False if a position occurs twice."""
        pos = self.positions
        self.order = sorted(range(len(pos)), key=pos.__getitem__)
        self.sorted_positions = array("q", (pos[i] for i in self.order))
        sp = self.sorted_positions
        return all(sp[i] != sp[i + 1] for i in range(len(sp) - 1))

    def leaf_at(self, position: int) -> bytes:
        assert self.order is not None and self.sorted_positions is not None
        sp = self.sorted_positions
        # Every position carried (the common case): the n-th sorted position is n.
        j = (
            position
            if position < len(sp) and sp[position] == position
            else bisect_left(sp, position)
        )
        i = self.order[j]
        return bytes(self.leaves[32 * i : 32 * i + 32])

    def leaf_map(self) -> dict[int, bytes]:
        return {p: bytes(self.leaves[32 * i : 32 * i + 32]) for i, p in enumerate(self.positions)}


def scan_lines(lines: Iterable[bytes]) -> dict[tuple[str, int], _Carried]:
    """Pass one over a package's change lines: each sealed line's leaf hash, by seal.

    Reads only the tail of each line (no JSON parsing); a line this does not
    recognise is left to the wire grammar in the second pass, which refuses
    the whole file if it is malformed.
    """
    found: dict[tuple[str, int], _Carried] = {}
    sha = hashlib.sha256
    for raw in lines:
        tail_at = max(0, len(raw) - _TAIL)
        m = _SEAL_TAIL.search(raw, tail_at)
        if m is None:
            continue
        key = (m.group(5).decode("ascii"), int(m.group(2)))
        carried = found.get(key)
        if carried is None:
            carried = found[key] = _Carried()
        carried.positions.append(int(m.group(3)))
        carried.leaves += sha(_LEAF + raw[: m.start(1)] + raw[m.start(4) :]).digest()
    return found


@dataclass
class SealVerdict:
    """One seal of a package, checked: ``problem`` is None or the one-line reason."""

    line: dict[str, Any]
    carried: _Carried | None
    problem: str | None = None
    proof_nodes: dict[Range, bytes] = field(default_factory=dict)
    low: int | None = None  # the lowest counter among its versions accepted from the package


class SealCheck:
    """Every seal of one package checked against its origin's key, before anything is applied.

    ``problem(v)`` is the reason a sealed version must be refused (None: its
    seal is genuine, so the version is exactly what its origin made).
    """

    def __init__(
        self,
        store: Store,
        seal_lines: list[dict[str, Any]],
        carried: dict[tuple[str, int], _Carried],
        origin_key: Callable[[str, int], tuple[list[str], str | None]],
        verify: Callable[[str, str, bytes], bool],
        name: Callable[[str], str],
        t: Callable[..., str],
    ) -> None:
        self.verdicts: dict[tuple[str, int], SealVerdict] = {}
        self._t = t
        self._name = name
        for line in seal_lines:
            key = (line["node"], line["seal"])
            verdict = SealVerdict(line, carried.get(key))
            if verdict.carried is not None:  # a seal no line refers to is ignored
                verdict.problem = self._check(store, verdict, origin_key, verify)
            self.verdicts[key] = verdict
        self._missing = {k for k in carried if k not in self.verdicts}

    def _check(
        self,
        store: Store,
        verdict: SealVerdict,
        origin_key: Callable[[str, int], tuple[list[str], str | None]],
        verify: Callable[[str, str, bytes], bool],
    ) -> str | None:
        line, carried = verdict.line, verdict.carried
        assert carried is not None
        node, seal, count = line["node"], line["seal"], line["count"]
        name = self._name(node)
        # The origin's keys valid for this seal's number (a revoked key only up to its boundary).
        public_keys, problem = origin_key(node, seal)
        if problem is not None or not public_keys:
            return problem
        signed = seal_bytes(node, seal, count, line["digest"])
        if not any(verify(k, line["sig"], signed) for k in public_keys):
            return self._t("sync.r.seal_forged", name=name, seal=seal)
        if not carried.finish():
            return self._t("sync.r.seal_position_twice", name=name, seal=seal)
        assert carried.sorted_positions is not None
        if carried.sorted_positions[-1] >= count:
            return self._t("sync.r.seal_position_outside", name=name, seal=seal, count=count)
        root = proof_root(
            count,
            carried.sorted_positions,
            carried.leaf_at,
            [bytes.fromhex(h) for h in line["proof"]],
            verdict.proof_nodes,
        )
        if root is None or root.hex() != line["digest"]:
            return self._t("sync.r.seal_mismatch", name=name, seal=seal)
        held = stored_seal(store, node, seal)
        if held is not None and (held["count"], held["digest"]) != (count, line["digest"]):
            return self._t("sync.r.seal_reused", name=name, seal=seal)
        return None

    def problem(self, v: Version) -> str | None:
        assert v.seal is not None
        verdict = self.verdicts.get((v.node_id, v.seal))
        if verdict is None or verdict.carried is None:
            return self._t("sync.r.seal_missing", name=self._name(v.node_id), seal=v.seal)
        if verdict.problem is None and (verdict.low is None or v.counter < verdict.low):
            verdict.low = v.counter
        return verdict.problem

    def keep(self, store: Store) -> None:
        """Store every genuine seal this node now holds versions of, with what proves the rest.

        The signature kept is the one just checked against the origin's current key
        (an origin that changed its key seals its versions again with the new one).
        """
        for (node, seal), verdict in self.verdicts.items():
            if verdict.carried is None or verdict.problem is not None or verdict.low is None:
                continue
            line = verdict.line
            count = line["count"]
            old = stored_seal(store, node, seal)
            low = min(verdict.low, old["low"]) if old else verdict.low
            n_held = store.conn.execute(
                "SELECT count(*) FROM versions WHERE node_id = ? AND counter BETWEEN ? AND ?"
                " AND seal = ?",
                (node, low, seal, seal),
            ).fetchone()[0]
            if not n_held:
                continue  # none of its versions stayed here (refused or held back)
            nodes = nodes_from_text(old["nodes"]) if old else {}
            text: str | None = None
            if n_held < count:  # what proves the versions not held here
                held = held_positions(store, node, seal, low)
                known = dict(nodes)
                known.update(verdict.proof_nodes)
                subtree = subtree_source(verdict.carried.leaf_map(), known)
                kept: dict[Range, bytes] = {}

                def record(
                    lo: int,
                    hi: int,
                    subtree: Callable[[int, int], bytes | None] = subtree,
                    kept: dict[Range, bytes] = kept,
                ) -> bytes | None:
                    h = subtree(lo, hi)
                    if h is not None:
                        kept[(lo, hi)] = h
                    return h

                try:
                    make_proof(count, held, record)
                except MissingLeaves:  # pragma: no cover - a verified package covers every leaf
                    kept.update(known)
                text = nodes_to_text(kept)
            store.conn.execute(
                "INSERT INTO seals(node_id, seal, count, digest, sig, nodes, low)"
                " VALUES (?,?,?,?,?,?,?) ON CONFLICT(node_id, seal)"
                " DO UPDATE SET nodes = excluded.nodes, low = excluded.low, sig = excluded.sig",
                (node, seal, count, line["digest"], line["sig"], text, low),
            )


def read_seal_lines(lines: Iterator[bytes]) -> list[dict[str, Any]]:
    """The seals of a package (``GrammarError`` if a line is malformed or out of order)."""
    out: list[dict[str, Any]] = []
    last: tuple[str, int] | None = None
    for lineno, raw in enumerate(lines, 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise grammar.GrammarError(i18n.t("grammar.seal_line", line=lineno)) from None
        d = grammar.parse_seal_line(text, lineno)
        key = (d["node"], d["seal"])
        if last is not None and key <= last:  # sorted, each seal once
            raise grammar.GrammarError(i18n.t("grammar.seal_line", line=lineno))
        last = key
        out.append(d)
    return out


def held_seal_proves(
    store: Store, v: Version, public_key: str, verify: Callable[[str, str, bytes], bool]
) -> bool:
    """Whether the seal this node holds for ``v`` proves ``v`` under ``public_key`` (for checks)."""
    if v.seal is None or v.seal_pos is None:
        return False
    row = stored_seal(store, v.node_id, v.seal)
    if row is None or not verify(
        public_key, row["sig"], seal_bytes(v.node_id, v.seal, row["count"], row["digest"])
    ):
        return False
    leaves: dict[int, bytes] = {}
    cur = store.conn.execute(
        "SELECT * FROM versions WHERE node_id = ? AND counter BETWEEN ? AND ? AND seal = ?",
        (v.node_id, row["low"], v.seal, v.seal),
    )
    cols = [d[0] for d in cur.description]
    for values in cur:
        other = Version.from_row(dict(zip(cols, values, strict=True)))
        assert other.seal_pos is not None
        leaves[other.seal_pos] = leaf_hash(other.signing_bytes())
    if leaves.get(v.seal_pos) != leaf_hash(v.signing_bytes()):
        return False
    subtree = subtree_source(leaves, nodes_from_text(row["nodes"]))
    root = subtree(0, row["count"])
    return root is not None and root.hex() == row["digest"]
