"""The peer list's unsent counts after an import read only what the import added, and stay exact.

``peers.HeldCounters.of(store)`` keeps the counters read from the version log and, the next
time, reads only the versions added since.  Whatever happens between two peer lists — records
written, reviewed, reassigned to another specialist or deleted, roster changes, packages
imported (also through another connection to the same file), a write rolled back — the counts
must equal those of a full pass over the log (``HeldCounters(store)``, what every peer list
cost before).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.errors import UserError
from zjk_desktop.store import Change, Store
from zjk_desktop.sync import peers
from zjk_desktop.sync.testing import build_network, visit_values

NODES = ("county", "township", "s1", "s2")

op = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(("s1", "s2")), st.integers(1, 3)),
    st.tuples(st.just("review"), st.sampled_from(("township", "county")), st.integers(0, 30)),
    st.tuples(st.just("reassign"), st.sampled_from(("township", "county")), st.integers(0, 30)),
    st.tuples(st.just("delete"), st.sampled_from(("s1", "s2")), st.integers(0, 30)),
    st.tuples(st.just("roster"), st.integers(0, 2)),
    st.tuples(st.just("send"), st.sampled_from(NODES), st.sampled_from(NODES), st.booleans()),
    st.tuples(st.just("relay"), st.booleans()),
    st.tuples(st.just("rolled_back"), st.sampled_from(("s1", "s2"))),
)


def counts(held: peers.HeldCounters, store: Store, net) -> dict[str, int]:
    """What the peer list would show for a range of peers: each specialist (and one with no
    records), each knowing nothing, a part, or all of what this node holds."""
    top = store.max_counters()
    claims = {
        "nothing": {},
        "half": {node: n // 2 for node, n in top.items()},
        "all but one": {node: max(0, n - 1) for node, n in top.items()},
        "all": dict(top),
    }
    out: dict[str, int] = {}
    for name, known in claims.items():
        out[f"any computer, knowing {name}"] = held.unsent(known)
        for who in ("sp1", "sp2"):
            out[f"{who}, knowing {name}"] = held.unsent_to_specialist(known, net.ids[who])
        out[f"a new specialist, knowing {name}"] = held.unsent_to_specialist(known, "nobody")
    return out


def counters(held: peers.HeldCounters) -> dict[str, Any]:
    """Every counter the counts are made of, by origin (and by owner for a specialist)."""
    return {
        "per origin": {
            node: list(held._gapped.get(node, ())) or stats for node, stats in held._stats.items()
        },
        "roster": {node: list(c) for node, c in held._load_split().items() if c},
        "owned": {key: list(c) for key, c in held._owned.items() if c},
    }


def assert_kept_counts_exact(net) -> None:
    for name, store in net.nodes.items():
        kept = peers.HeldCounters.of(store, split=True)
        full = peers.HeldCounters(store, split=True)
        assert counts(kept, store, net) == counts(full, store, net), name
        assert counters(kept) == counters(full), name
        assert peers.HeldCounters.of(store, split=True) is kept  # kept, not read again


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("unsent")


@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=4, max_size=25))
def test_kept_counts_equal_a_full_pass_after_any_sequence(workdir, ops, monkeypatch):
    root = Path(tempfile.mkdtemp(dir=workdir))
    monkeypatch.setenv("ZJK_DATA_DIR", str(root / "data"))
    net = build_network(root / "net")
    try:
        assert_kept_counts_exact(net)
        records: list[str] = []
        for o in ops:
            kind = o[0]
            if kind == "create":
                for _ in range(o[2]):
                    records.append(
                        net.nodes[o[1]].create("visit", visit_values(net, o[1])).record_id
                    )
            elif kind in ("review", "reassign", "delete") and records:
                store = net.nodes[o[1]]
                held = [rid for rid in records if store.get("visit", rid) is not None]
                if not held:
                    continue
                rid = held[o[2] % len(held)]
                row = store.get("visit", rid) or {}
                if kind == "review":
                    change = Change("visit", "review", {"review_state": "approved"}, rid)
                elif kind == "reassign":  # the other specialist, in that specialist's village
                    n = "2" if row["specialist_id"] == net.ids["sp1"] else "1"
                    values = {"specialist_id": net.ids[f"sp{n}"], "village_id": net.ids[f"v{n}"]}
                    change = Change("visit", "update", values, rid)
                else:
                    change = Change("visit", "delete", {}, rid)
                try:
                    store.write([change])
                except UserError:  # not this node's to change: nothing written, nothing to count
                    continue
            elif kind == "roster":
                what = o[1]
                if what == 0:
                    person: dict[str, Any] = {
                        "name": f"特派员{len(records) + 3}",
                        "phone": f"139{len(records):08d}",
                        "org_id": net.ids["t1"],
                        "industries": ["millet"],
                    }
                    net.county.write([Change("specialist", "create", person)])
                elif what == 1:
                    net.county.write(
                        [Change("specialist", "update", {"title": "农艺师"}, net.ids["sp1"])]
                    )
                else:
                    net.county.write(
                        [Change("org_unit", "update", {"households": 120}, net.ids["v1"])]
                    )
            elif kind == "send" and o[1] != o[2]:
                package = net.send(o[1], o[2], full=o[3])
                if o[3]:  # through another connection to the same file, as `zjk import` would
                    other = Store.open(net.nodes[o[2]].path)
                    try:
                        from zjk_desktop.sync import importer

                        importer.import_files(other, [package])
                    finally:
                        other.close()
                else:
                    net.receive(o[2], package)
            elif kind == "relay":  # both specialists to the station, the station to the county
                for sender, to in (("s1", "township"), ("s2", "township"), ("township", "county")):
                    net.receive(to, net.send(sender, to))
                if o[1]:  # and reviews and reassignments back down to 特派员1 (with gaps:
                    # never what was done to 特派员2's records)
                    net.receive("s1", net.send("county", "s1"))
                    net.receive("s1", net.send("township", "s1"))
            elif kind == "rolled_back":
                store = net.nodes[o[1]]
                with pytest.raises(RuntimeError), store.db.atomic():
                    store.create("visit", visit_values(net, o[1]))
                    peers.peer_status(store)  # inside the transaction: read, never kept
                    raise RuntimeError("rolled back")
            assert_kept_counts_exact(net)
    finally:
        net.close()


def test_a_reassigned_record_counts_for_its_new_specialist_only(tmp_path):
    """The township gives one of 特派员1's visits to 特派员2: after the next refresh, its
    versions are unsent to 特派员2's computer and no longer to 特派员1's."""
    net = build_network(tmp_path / "net")
    try:
        visits = [net.s1.create("visit", visit_values(net, "s1")).record_id for _ in range(3)]
        assert net.receive("township", net.send("s1", "township")).ok
        held = net.township.max_counters()
        with net.township.db.atomic():  # 特派员1 holds everything here, 特派员2 all but 特派员1's
            peers.update_peer(net.township, net.s1.node_id, "specialist", None, held)
            del held[net.s1.node_id]
            peers.update_peer(net.township, net.s2.node_id, "specialist", None, held)
        status = {p["node_id"]: p["unsent"] for p in peers.peer_status(net.township)}
        assert status[net.s1.node_id] == 0 and status[net.s2.node_id] == 0
        values = {"specialist_id": net.ids["sp2"], "village_id": net.ids["v2"]}
        net.township.write([Change("visit", "update", values, visits[0])])
        status = {p["node_id"]: p["unsent"] for p in peers.peer_status(net.township)}
        # 特派员2 now lacks the visit's creation and the reassignment; 特派员1 is not sent the
        # reassignment (the record is no longer theirs).
        assert status[net.s2.node_id] == 2
        assert status[net.s1.node_id] == 0
    finally:
        net.close()


def test_counts_past_gaps_in_an_origins_log_stay_exact(tmp_path):
    """特派员1's computer holds the station's and the county's reviews of its own records only:
    their logs have gaps there (the county's was gap-free: the roster).  More reviews arrive,
    with more gaps; the kept counts follow."""
    net = build_network(tmp_path / "net")
    try:
        own = [net.s1.create("visit", visit_values(net, "s1")).record_id for _ in range(3)]
        other = [net.s2.create("visit", visit_values(net, "s2")).record_id for _ in range(3)]
        for sender in ("s1", "s2"):
            assert net.receive("township", net.send(sender, "township")).ok
        assert net.receive("county", net.send("township", "county")).ok
        assert_kept_counts_exact(net)
        for mine, theirs in zip(own, other, strict=True):
            for reviewer in ("township", "county"):
                for rid in (theirs, mine):  # a gap below each of 特派员1's reviews
                    review = Change("visit", "review", {"review_state": "approved"}, rid)
                    net.nodes[reviewer].write([review])
                assert net.receive("s1", net.send(reviewer, "s1")).ok
            assert_kept_counts_exact(net)
        kept = peers.HeldCounters.of(net.s1)
        township = net.township.node_id
        # Held here: the station's counters 2, 4 and 6; a peer known to hold up to 3 lacks two.
        assert kept.above(township, 3) == 2
    finally:
        net.close()


def test_naming_a_computer_does_not_count_what_it_lacks(tmp_path, monkeypatch):
    """``zjk export --to 特派员1`` finds the computer by name: the peers without their unsent
    counts, so no pass over the log (at a province office, seconds per command)."""
    from zjk_desktop.lookup import find_computer

    net = build_network(tmp_path / "net")
    try:
        net.s1.create("visit", visit_values(net, "s1"))
        assert net.receive("township", net.send("s1", "township")).ok
        counted = peers.peer_status(net.township)
        named = peers.peer_status(net.township, unsent=False)
        assert [{k: v for k, v in p.items() if k != "unsent"} for p in counted] == named

        def no_pass(*args, **kwargs):
            raise AssertionError("the log was read to name a computer")

        monkeypatch.setattr(peers.HeldCounters, "of", no_pass)
        assert find_computer(net.township, "特派员1") == net.s1.node_id
    finally:
        net.close()


def test_counters_kept_for_a_closed_database_are_let_go(tmp_path):
    """Opening another database (or the same one again) does not keep the last one's
    counters: at a province office they are about 30 MB."""
    import gc
    import weakref

    net = build_network(tmp_path / "net")
    path = net.township.path
    net.close()
    store = Store.open(path)
    peers.peer_status(store)
    assert store in peers._KEPT
    gone = weakref.ref(store)
    store.close()
    del store
    gc.collect()
    assert gone() is None
