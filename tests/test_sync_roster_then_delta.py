"""A county that sent its roster first still sends all its records in the next delta."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.domain.entities import RECORD_KINDS
from zjk_desktop.store import Store
from zjk_desktop.sync import export_package, export_roster, import_files, keys, peer_status
from zjk_desktop.sync.export import sender_block
from zjk_desktop.sync.peers import unsent_count


def test_county_delta_after_roster_and_township_package_holds_every_county_record(
    demo_store, tmp_path
):
    county = demo_store
    county_org = county.find_org_by_code("130732")
    township_org = county.rows("org_unit", {"level": "township"}, order_by="code")[0]
    county.set_identity("county", "县服务团", county_org["id"])
    keys.ensure_keypair(county)
    roster = export_roster(county, tmp_path / "roster.zjkpkg")

    township = Store.open(tmp_path / "township.sqlite3")
    try:
        keys.trust(township, sender_block(county))
        assert import_files(township, [roster.path])[0].ok
        township.set_identity("township", "服务站", township_org["id"])
        keys.ensure_keypair(township)
        keys.trust(county, sender_block(township))
        upward = export_package(township, "county", out=tmp_path / "up.zjkpkg")
        summary = import_files(county, [upward.path])[0]
        assert summary.ok, summary.reason

        # The township holds only the roster part of the county's log; it must not
        # be taken to hold the county's visits, extensions and trainings as well.
        delta = export_package(county, township.node_id, out=tmp_path / "down.zjkpkg")
        for kind in RECORD_KINDS:
            versions = county.conn.execute(
                "SELECT count(*) FROM versions WHERE entity = ?", (kind,)
            ).fetchone()[0]
            assert delta.counts.get(kind, 0) == versions
        assert sum(delta.counts[k] for k in RECORD_KINDS) > 900
        # The peer list counts the same changes as not yet sent.
        status = {p["node_id"]: p for p in peer_status(county)}
        assert status[township.node_id]["unsent"] == delta.n_changes

        summary = import_files(township, [delta.path])[0]
        assert summary.ok, summary.reason
        for kind in RECORD_KINDS:
            assert township.count(kind) == county.count(kind)
    finally:
        township.close()


@pytest.fixture(scope="module")
def origin_versions(tmp_path_factory):
    a = Store.open(tmp_path_factory.mktemp("origin") / "a.sqlite3")
    for i in range(12):
        a.create("org_unit", {"code": f"1307{i:02d}", "name": f"县{i}", "level": "county"})
    versions = list(a.iter_versions())
    node = a.node_id
    a.close()
    return node, versions


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(held=st.sets(st.integers(0, 11)), have=st.integers(0, 14))
def test_unsent_counts_every_held_version_above_what_the_peer_holds(
    origin_versions, tmp_path_factory, held, have
):
    node, versions = origin_versions
    b = Store.open(tmp_path_factory.mktemp("held") / "b.sqlite3")
    try:
        b.apply_versions([versions[i] for i in sorted(held)])
        # Gaps in this node's own copy do not hide the versions past them.
        want = sum(1 for i in held if versions[i].counter > have)
        assert unsent_count(b, {node: have}) == want
        assert unsent_count(b, {}) == len(held)
    finally:
        b.close()


def test_a_receipt_corrects_a_claim_that_was_too_high(tmp_path):
    from zjk_desktop.sync import export_receipt
    from zjk_desktop.sync.peers import update_peer
    from zjk_desktop.sync.testing import build_network, visit_values

    net = build_network(tmp_path / "net")
    try:
        for i in range(3):
            net.s1.create("visit", visit_values(net, "s1", content=f"第{i}次"))
        township = net.township.node_id
        # Recorded by an older program: the township was taken to hold all of s1's log.
        update_peer(net.s1, township, "township", "服务站", net.s1.max_counters())
        assert (
            export_package(net.s1, "township", out=tmp_path / "a.zjkpkg").counts.get("visit")
            is None
        )
        receipt = export_receipt(net.township, net.s1.node_id, tmp_path / "r.zjkpkg")
        assert import_files(net.s1, [receipt.path])[0].ok
        status = {p["node_id"]: p for p in peer_status(net.s1)}
        assert status[township]["unsent"] >= 3
        delta = export_package(net.s1, "township", out=tmp_path / "b.zjkpkg")
        assert delta.counts["visit"] == 3
        assert import_files(net.township, [delta.path])[0].ok
        assert net.township.count("visit") == 3
    finally:
        net.close()
