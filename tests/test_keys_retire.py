"""Issue 10's promise: records already sent are unaffected by a rekey or a lost laptop's revocation.

A specialist's changes, sealed with its old key and already at the township,
still reach the county after the county approved a new key (the old key stays
valid for what it sealed before the handover) or revoked a lost laptop's key
(valid up to the boundary the county keeps).  What a stolen key seals past that
boundary is refused with one line naming the computer.
"""

from __future__ import annotations

import os
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop import i18n
from zjk_desktop.errors import UserError
from zjk_desktop.store import Change, StoreError, grammar
from zjk_desktop.sync import enrol, export, keys
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def visits(net, who: str, n: int, tag: str) -> list[str]:
    store = net.nodes[who]
    return [
        store.create("visit", visit_values(net, who, content=f"{tag}{i}")).record_id
        for i in range(n)
    ]


def contents(store) -> list[str]:
    return sorted(r["content"] for r in store.rows("visit"))


def refusals(summary) -> list[str]:
    assert summary.ok, summary.reason
    return [reason for _what, reason in summary.refused]


def one_clean_line(text: str) -> bool:
    assert text and "\n" not in text, text
    for marker in ("Error", "Traceback", "Exception"):
        assert marker not in text, text
    assert not re.search(r"[0-9a-f]{13,}", text), text
    return True


def roster_to(net, *names: str) -> None:
    roster = net.path("roster")
    export.export_roster(net.county, roster)
    for name in names:
        assert net.receive(name, roster).ok


def rekey_and_request(net, who: str = "s1"):
    store = net.nodes[who]
    old = store.get_meta(keys.META_PUBLIC_KEY)
    keys.rekey(store)
    path = net.path(f"{who}-rekey-request")
    enrol.write_request(store, path, replaces=keys.fingerprint_of(old))
    return path


# ------------------------------------------------------------------ rekey
def test_changes_sent_before_a_rekey_still_reach_the_county_through_the_township(net):
    visits(net, "s1", 3, "换钥匙前")
    assert net.receive("township", net.send("s1", "township")).ok
    request = rekey_and_request(net)
    enrol.approve(net.county, enrol.read_request(request))
    roster_to(net, "township", "s1")

    summary = net.receive("county", net.send("township", "county"))
    assert refusals(summary) == []
    assert contents(net.county) == ["换钥匙前0", "换钥匙前1", "换钥匙前2"]

    # And the new key carries on: new work travels the same way.
    visits(net, "s1", 1, "换钥匙后")
    assert refusals(net.receive("township", net.send("s1", "township"))) == []
    assert refusals(net.receive("county", net.send("township", "county"))) == []
    assert "换钥匙后0" in contents(net.county)


def test_the_township_may_relay_before_it_has_the_roster_with_the_new_key(net):
    visits(net, "s1", 2, "已发出")
    assert net.receive("township", net.send("s1", "township")).ok
    enrol.approve(net.county, enrol.read_request(rekey_and_request(net)))
    summary = net.receive("county", net.send("township", "county"))
    assert refusals(summary) == []
    assert contents(net.county) == ["已发出0", "已发出1"]


def test_the_approved_rekey_keeps_the_old_key_for_the_changes_made_before_it(net):
    visits(net, "s1", 4, "x")
    through = net.s1.last_counter()
    old = net.s1.get_meta(keys.META_PUBLIC_KEY)
    request = enrol.read_request(rekey_and_request(net))
    assert [h.through for h in request.handover] == [through]
    enrol.approve(net.county, request)
    rows = {r["public_key"]: r for r in net.county.rows("node_key", {"node_id": net.s1.node_id})}
    assert rows[old]["revoked"] and rows[old]["valid_through"] == through
    assert not rows[request.public_key]["revoked"]
    assert rows[request.public_key]["valid_through"] is None


def test_two_rekeys_before_the_county_approves_keep_the_first_keys_changes(net):
    visits(net, "s1", 2, "第一把钥匙")
    assert net.receive("township", net.send("s1", "township")).ok
    first = net.s1.get_meta(keys.META_PUBLIC_KEY)
    through = net.s1.last_counter()
    rekey_and_request(net)  # never sent: the specialist rekeys again
    visits(net, "s1", 1, "第二把钥匙")
    request = enrol.read_request(rekey_and_request(net))
    assert request.handover[0].old_key == first
    enrol.approve(net.county, request)
    row = next(r for r in net.county.rows("node_key") if r["public_key"] == first)
    assert row["revoked"] and row["valid_through"] == through
    assert refusals(net.receive("county", net.send("township", "county"))) == []
    assert contents(net.county) == ["第一把钥匙0", "第一把钥匙1"]
    roster_to(net, "township", "s1")
    assert refusals(net.receive("township", net.send("s1", "township"))) == []
    assert refusals(net.receive("county", net.send("township", "county"))) == []
    assert contents(net.county) == ["第一把钥匙0", "第一把钥匙1", "第二把钥匙0"]


def test_a_handover_signed_by_another_key_gives_no_boundary(net, tmp_path):
    visits(net, "s1", 2, "已发出")
    assert net.receive("township", net.send("s1", "township")).ok
    path = rekey_and_request(net)
    request = enrol.read_request(path)
    # Someone else's key signs the handover (the request itself is signed by the new key).
    stranger = Ed25519PrivateKey.generate()
    forged = [
        keys.Handover(h.node, h.old_key, h.new_key, h.through, keys.b64(stranger.sign(h.body())))
        for h in request.handover
    ]
    keys.save_handover(net.s1, forged)
    again = net.path("forged-request")
    enrol.write_request(net.s1, again, replaces=request.replaces)
    approved = enrol.read_request(again)
    assert approved.handover and approved.handover[0].sig != request.handover[0].sig
    enrol.approve(net.county, approved)
    old = request.handover[0].old_key
    row = next(r for r in net.county.rows("node_key") if r["public_key"] == old)
    assert row["revoked"] and row["valid_through"] is None  # fully revoked, as before
    reasons = refusals(net.receive("county", net.send("township", "county")))
    assert reasons and all("特派员1" in r and one_clean_line(r) for r in reasons)
    assert contents(net.county) == []


def test_a_request_whose_handover_was_altered_is_refused_as_a_whole(net):
    from zjk_desktop.sync.errors import SyncError

    visits(net, "s1", 2, "x")
    path = rekey_and_request(net)
    raw = path.read_bytes()
    through = f'"through":{net.s1.last_counter()}'.encode()
    assert through in raw
    path.write_bytes(raw.replace(through, b'"through":99'))
    with pytest.raises(SyncError) as info:
        enrol.read_request(path)
    assert one_clean_line(str(info.value))


# ------------------------------------------------------------ lost laptop
def test_a_lost_laptops_changes_at_the_township_arrive_up_to_the_kept_boundary(net):
    visits(net, "s1", 3, "丢失前")
    assert net.receive("township", net.send("s1", "township")).ok
    held = keys.held_through(net.township, net.s1.node_id)
    assert held == net.s1.last_counter()
    # The county holds none of them; the township reports how many it holds.
    assert keys.held_through(net.county, net.s1.node_id) == 0
    keys.revoke(net.county, net.s1.node_id, keep_through=held)
    roster_to(net, "township")
    summary = net.receive("county", net.send("township", "county"))
    assert refusals(summary) == []
    assert contents(net.county) == ["丢失前0", "丢失前1", "丢失前2"]


def test_revoking_keeps_by_default_what_the_county_already_holds(net):
    visits(net, "s1", 2, "早")
    assert net.receive("township", net.send("s1", "township")).ok
    assert net.receive("county", net.send("township", "county")).ok
    visits(net, "s1", 1, "晚")  # sealed before the loss, but the county never saw it
    assert net.receive("township", net.send("s1", "township")).ok
    kept = keys.revoke(net.county, net.s1.node_id)
    assert kept == keys.held_through(net.county, net.s1.node_id) == 2
    reasons = refusals(net.receive("county", net.send("township", "county")))
    assert len(reasons) == 1 and "特派员1" in reasons[0] and one_clean_line(reasons[0])
    assert contents(net.county) == ["早0", "早1"]
    # A township reports it holds more: the county keeps more, and the relay brings it.
    keys.revoke(net.county, net.s1.node_id, keep_through=net.s1.last_counter())
    assert refusals(net.receive("county", net.send("township", "county", full=True))) == []
    assert contents(net.county) == ["早0", "早1", "晚0"]


def test_a_stolen_key_sealing_past_the_boundary_is_refused_naming_the_computer(net):
    visits(net, "s1", 2, "丢失前")
    assert net.receive("township", net.send("s1", "township")).ok
    keys.revoke(net.county, net.s1.node_id, keep_through=net.s1.last_counter())
    # The thief has the laptop and its key; the township has not had the new roster yet.
    visits(net, "s1", 2, "小偷写的")
    assert net.receive("township", net.send("s1", "township")).ok
    summary = net.receive("county", net.send("township", "county"))
    reasons = refusals(summary)
    assert len(reasons) == 2
    assert all("特派员1" in r and one_clean_line(r) for r in reasons)
    assert contents(net.county) == ["丢失前0", "丢失前1"]
    i18n.set_language("en")
    try:
        again = refusals(net.receive("county", net.send("township", "county", full=True)))
        assert again and all("特派员1" in r and "revoked" in r for r in again)
    finally:
        i18n.set_language("zh_CN")


def test_a_stolen_key_signing_versions_one_by_one_past_the_boundary_is_refused(net):
    from zjk_desktop.sync.testing import change_lines, repack, signed_line

    visits(net, "s1", 1, "丢失前")
    keys.revoke(net.county, net.s1.node_id, keep_through=net.s1.last_counter())
    visits(net, "s1", 1, "小偷写的")
    pkg = net.send("s1", "township")
    import json

    lines = [signed_line(net.s1, json.loads(t)) for t in change_lines(pkg)]
    assert net.receive(
        "township", repack(net.s1, pkg, net.path("sigs"), lines=lines, reseal=False)
    ).ok
    reasons = refusals(net.receive("county", net.send("township", "county")))
    assert len(reasons) == 1 and "特派员1" in reasons[0] and one_clean_line(reasons[0])
    assert contents(net.county) == ["丢失前0"]


# ------------------------------------------------------------ the field
def test_only_the_county_writes_a_keys_boundary(net):
    row = net.township.rows("node_key", {"node_id": net.s1.node_id})[0]
    with pytest.raises(StoreError):
        net.township.write([Change("node_key", "update", {"valid_through": 99}, row["id"])])
    assert net.township.get("node_key", row["id"])["valid_through"] is None


@pytest.mark.parametrize("value", [-1, 1.5, "3", "07", True, None, 2**60, [3]])
def test_a_boundary_has_one_syntax_on_the_wire(value):
    assert grammar.value_problem("node_key", "valid_through", 0) is None
    assert grammar.value_problem("node_key", "valid_through", 12345) is None
    if value is not None:
        assert grammar.value_problem("node_key", "valid_through", value) is not None


@pytest.mark.parametrize("value", [-1, 1.5, True, 2**60])
def test_a_bad_boundary_typed_on_the_county_saves_nothing(net, value):
    row = net.county.rows("node_key", {"node_id": net.s1.node_id})[0]
    with pytest.raises(UserError) as info:
        net.county.write([Change("node_key", "update", {"valid_through": value}, row["id"])])
    assert one_clean_line(str(info.value))
    assert net.county.get("node_key", row["id"])["valid_through"] is None


# ------------------------------------------------------------- migration 9
def test_a_database_from_before_key_boundaries_is_upgraded_with_a_backup(tmp_path):
    import sqlite_utils

    from zjk_desktop.store import Store, migrations

    path = tmp_path / "zjk.sqlite3"
    db = sqlite_utils.Database(path)
    migrations.migrate(db, path, up_to=8)
    # As a program of schema 8 left it: a laptop's key revoked, no boundary column yet.
    assert "valid_through" not in {r[1] for r in db.execute('PRAGMA table_info("node_key")')}
    db.execute(
        "INSERT INTO node_key(id, node_id, public_key, role, label, revoked, deleted,"
        " created_stamp, updated_stamp, origin_node) VALUES ('k-1', '00000000000000aa',"
        " 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'specialist', '王建国', 1, 0,"
        " '0000000000001-0000-n', '0000000000001-0000-n', 'n')"
    )
    db.close()
    store = Store.open(path)
    try:
        assert store.schema_version == migrations.LATEST
        assert list(tmp_path.glob("zjk.v8-*.bak.sqlite3"))
        row = store.get("node_key", "k-1")
        assert row is not None and row["label"] == "王建国" and row["revoked"]
        assert row["valid_through"] is None
        # A key revoked before boundaries existed stays fully revoked.
        assert keys.Keyring(store).keys_for("00000000000000aa", 1) == []
    finally:
        store.close()


# ------------------------------------------------------------ the property
@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    batches=st.lists(st.integers(1, 3), min_size=1, max_size=4),
    keep=st.integers(0, 14),
    rekeyed=st.booleans(),
)
def test_the_county_takes_exactly_the_batches_sealed_within_the_boundary(
    tmp_path_factory, batches, keep, rekeyed
):
    """Whatever the township holds of a specialist, batch by batch: after the county revokes the
    specialist's key keeping its first ``keep`` changes (or approves a rekey made after them), the
    township's relay brings exactly the batches whose seal lies within that boundary."""
    net = build_network(tmp_path_factory.mktemp("run") / "net")
    try:
        ends: list[tuple[int, list[str]]] = []  # (seal number, contents) per batch
        for b, size in enumerate(batches):
            made = [
                net.s1.create("visit", visit_values(net, "s1", content=f"批{b}-{i}")).record_id
                for i in range(size)
            ]
            assert net.receive("township", net.send("s1", "township")).ok
            ends.append((net.s1.last_counter(), made))
        if rekeyed:
            keep = net.s1.last_counter()
            enrol.approve(net.county, enrol.read_request(rekey_and_request(net)))
        else:
            keys.revoke(net.county, net.s1.node_id, keep_through=keep)
        summary = net.receive("county", net.send("township", "county"))
        assert summary.ok, summary.reason
        expected = sorted(i for end, made in ends if end <= keep for i in made)
        assert sorted(r["id"] for r in net.county.rows("visit")) == expected
        refused = [reason for _what, reason in summary.refused]
        assert len(refused) == sum(len(m) for end, m in ends if end > keep)
        assert all("特派员1" in r and one_clean_line(r) for r in refused)
    finally:
        net.close()


def test_the_key_list_read_at_once_matches_each_key_looked_up(net):
    """``Keyring.nodes`` reads every key in two queries (a province office knows thousands);
    it names each computer's key as the one-by-one lookup does: a rekeyed computer's live
    key, a revoked laptop's newest key, a key trusted by hand."""
    enrol.approve(net.county, enrol.read_request(rekey_and_request(net, "s1")))
    keys.revoke(net.county, net.s2.node_id)
    roster_to(net, "township")
    stranger = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    keys.trust(
        net.township,
        {
            "node_id": "00000000000000ab",
            "public_key": keys.b64(stranger),
            "role": "specialist",
            "label": "手工信任",
        },
    )
    for store in (net.county, net.township):
        listed = keys.Keyring(store).nodes()
        one_by_one = keys.Keyring(store)
        assert listed == [one_by_one.lookup(k.node_id) for k in listed]
        assert store.node_id not in {k.node_id for k in listed}
    township = {k.node_id: k for k in keys.Keyring(net.township).nodes()}
    assert township[net.s2.node_id].revoked and not township[net.s1.node_id].revoked
    assert township[net.s1.node_id].public_key == net.s1.get_meta(keys.META_PUBLIC_KEY)
    assert township["00000000000000ab"].source == "trusted"
