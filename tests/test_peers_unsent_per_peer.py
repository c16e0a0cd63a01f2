"""A peer's unsent count costs what its own vector names, not one pass over every origin held.

The sync page asks every peer's count (a province office knows ~10,000 computers) and a
city's package relayed from its specialists' laptops brings hundreds of origins each month:
one pass over every origin per peer made the list cost peers × origins (measured with
``bench/scale.py --into-province … --relay``: 0.41 s of CPU after the one-origin month, 0.93 s
after the same month from 717 computers).  The counts themselves are compared with a full
pass in ``test_peers_unsent_incremental.py``.
"""

from __future__ import annotations

from typing import Any

from zjk_desktop.sync import peers
from zjk_desktop.sync.testing import build_network, visit_values

PEERS = 100  # peers asked in one list, each with an empty vector (never exchanged a file)


class _CountedLookups(dict[Any, Any]):
    """A dict that counts the lookups made in it."""

    lookups = 0

    def get(self, key: Any, default: Any = None) -> Any:
        type(self).lookups += 1
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        type(self).lookups += 1
        return super().__getitem__(key)


def test_a_peer_list_reads_each_origin_once_not_once_per_peer(tmp_path, monkeypatch):
    net = build_network(tmp_path / "net")
    try:
        for who in ("s1", "s2"):
            for _ in range(2):
                net.nodes[who].create("visit", visit_values(net, who))
            assert net.receive("township", net.send(who, "township")).ok
        held = peers.HeldCounters(net.township, split=True)
        origins = len(held._stats)
        assert origins >= 3  # the county's roster, both specialists' laptops
        expected_any = [held.unsent({}) for _ in range(PEERS)]
        expected_sp1 = [held.unsent_to_specialist({}, net.ids["sp1"]) for _ in range(PEERS)]

        asked: list[str] = []
        above = peers.HeldCounters.above

        def counted_above(self: peers.HeldCounters, node: str, have: int) -> int:
            asked.append(node)
            return above(self, node, have)

        monkeypatch.setattr(peers.HeldCounters, "above", counted_above)
        fresh = peers.HeldCounters(net.township, split=True)
        _CountedLookups.lookups = 0
        fresh._owned = _CountedLookups(fresh._owned)
        assert [fresh.unsent({}) for _ in range(PEERS)] == expected_any
        # Every origin once for the whole list, not once per peer.
        assert len(asked) <= origins
        sp1_nodes = {node for node, owner in fresh._owned if owner == net.ids["sp1"]}
        assert len(sp1_nodes) < origins
        assert [
            fresh.unsent_to_specialist({}, net.ids["sp1"]) for _ in range(PEERS)
        ] == expected_sp1
        # A specialist's count looks only at the origins of that specialist's records.
        assert _CountedLookups.lookups <= PEERS * len(sp1_nodes)
        # A peer that holds part of the log: corrected for the origins its vector names.
        top = net.township.max_counters()
        known = {net.s1.node_id: top[net.s1.node_id]}
        want = held.unsent(known)
        assert want < held.unsent({})  # it lacks only what it did not write
        asked.clear()
        assert fresh.unsent(known) == want
        assert len(asked) <= 2 * len(known)
    finally:
        net.close()
