"""A specialist's computer is sent the roster and its own records: its unsent count says so.

``peers.peer_status`` counts, for each specialist peer, the roster versions and the versions
of that specialist's own records it is not known to hold (never another specialist's).  The
owner of each version is found in SQL (a province office lists 5,000 specialists' keys).
"""

from __future__ import annotations

from zjk_desktop.store import Change
from zjk_desktop.sync import peers
from zjk_desktop.sync.testing import build_network, visit_values


def test_each_specialist_is_counted_the_roster_and_its_own_records_only(tmp_path):
    net = build_network(tmp_path / "net")
    try:
        s1_visits = [net.s1.create("visit", visit_values(net, "s1")) for _ in range(3)]
        s2_visits = [net.s2.create("visit", visit_values(net, "s2")) for _ in range(2)]
        assert net.receive("township", net.send("s1", "township")).ok
        assert net.receive("township", net.send("s2", "township")).ok
        # The station reviews two of s1's visits and one of s2's: versions each lacks.
        approve = {"review_state": "approved"}
        net.township.write(
            [Change("visit", "review", approve, w.record_id) for w in s1_visits[:2]]
            + [Change("visit", "review", approve, s2_visits[0].record_id)]
        )
        status = {p["node_id"]: p for p in peers.peer_status(net.township)}
        assert status[net.s1.node_id]["unsent"] == 2
        assert status[net.s2.node_id]["unsent"] == 1  # never s1's records
        # Once s1 is known to hold everything here, nothing is unsent to it; s2 still lacks
        # its own review.
        with net.township.db.atomic():
            peers.update_peer(
                net.township, net.s1.node_id, "specialist", None, net.township.max_counters()
            )
        status = {p["node_id"]: p for p in peers.peer_status(net.township)}
        assert status[net.s1.node_id]["unsent"] == 0
        assert status[net.s2.node_id]["unsent"] == 1
    finally:
        net.close()
