"""Convergence, relay, conflicts and clock skew across county, township and two specialists."""

from __future__ import annotations

import datetime as _dt
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop.domain.hlc import stamp_ms
from zjk_desktop.store import Store
from zjk_desktop.store.db import MAX_CLOCK_AHEAD_MS
from zjk_desktop.sync import export_receipt
from zjk_desktop.sync.testing import build_network, visit_values

NODES = ("county", "township", "s1", "s2")
YEAR_MS = 365 * 24 * 3600 * 1000

op = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(("s1", "s2")), st.integers(0, 9)),
    st.tuples(st.just("edit"), st.sampled_from(NODES), st.integers(0, 30), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.sampled_from(("s1", "s2")), st.integers(0, 30)),
    st.tuples(
        st.just("review"),
        st.sampled_from(("township", "county")),
        st.integers(0, 30),
        st.sampled_from(("approved", "returned")),
    ),
    st.tuples(st.just("send"), st.sampled_from(NODES), st.sampled_from(NODES), st.booleans()),
    st.tuples(st.just("receipt"), st.sampled_from(NODES), st.sampled_from(NODES)),
    st.tuples(st.just("deliver"), st.integers(0, 50)),
)


def _replay_dump(store: Store) -> str:
    """The dump of a fresh node given the same versions in reverse order, in small batches."""
    versions = list(store.iter_versions())[::-1]
    fresh = Store.open(None)
    try:
        for i in range(0, len(versions), 7):
            fresh.apply_versions(versions[i : i + 7])
        return fresh.dump_json()
    finally:
        fresh.close()


def _flood(net, summaries):
    """Everyone tells everyone everything (full packages), twice, through every path."""
    for _ in range(2):
        for a in NODES:
            for b in NODES:
                if a != b:
                    summaries.append(net.receive(b, net.send(a, b, full=True)))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("conv")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=5, max_size=40))
def test_any_order_duplication_and_relay_converges(workdir, ops, monkeypatch):
    root = Path(tempfile.mkdtemp(dir=workdir))
    monkeypatch.setenv("ZJK_DATA_DIR", str(root / "data"))
    net = build_network(root / "net")
    try:
        records: list[tuple[str, str]] = []  # (record id, owner node)
        pool: list[tuple[str, Path]] = []  # (addressee, path)
        summaries = []
        for o in ops:
            kind = o[0]
            if kind == "create":
                rid = (
                    net.nodes[o[1]]
                    .create("visit", visit_values(net, o[1], content=f"内容{o[2]}"))
                    .record_id
                )
                records.append((rid, o[1]))
            elif kind in ("edit", "delete", "review") and records:
                who = o[1]
                rid, owner = records[o[2] % len(records)]
                store = net.nodes[who]
                if store.get("visit", rid) is None or (who in ("s1", "s2") and who != owner):
                    continue
                if kind == "edit":
                    values = (
                        {"content": f"{who}改{o[3]}"} if o[3] % 2 else {"households_served": o[3]}
                    )
                    store.update("visit", rid, values)
                elif kind == "delete":
                    store.delete("visit", rid)
                else:
                    store.review("visit", rid, o[3], "意见")
            elif kind == "send" and o[1] != o[2]:
                pool.append((o[2], net.send(o[1], o[2], full=o[3])))
            elif kind == "receipt" and o[1] != o[2]:
                out = net.path(f"receipt-{o[1]}-{o[2]}")
                export_receipt(net.nodes[o[1]], net.nodes[o[2]].node_id, out)
                pool.append((o[2], out))
            elif kind == "deliver" and pool:
                to, path = pool[o[1] % len(pool)]
                summaries.append(net.receive(to, path))
        # Whatever is still in the pool arrives late, in reverse order, some twice.
        for to, path in pool[::-1] + pool[::3]:
            summaries.append(net.receive(to, path))
        _flood(net, summaries)
        for s in summaries:
            assert s.ok, s.reason
            assert not s.refused, s.refused
        county = net.county.dump_json()
        held = {n: {v.key for v in net.nodes[n].iter_versions()} for n in NODES}
        # Nothing lost: the county and the township hold every version anyone made.
        assert held["county"] == held["township"] == held["county"] | held["s1"] | held["s2"]
        assert net.township.dump_json() == county
        assert _replay_dump(net.county) == county
        for name in ("s1", "s2"):
            assert _replay_dump(net.nodes[name]) == net.nodes[name].dump_json()
        # Every node sees the same conflicts on the records it holds.
        county_conflicts = {c["id"]: c for c in net.county.conflicts()}
        for name in ("s1", "s2"):
            for c in net.nodes[name].conflicts():
                assert county_conflicts[c["id"]] == c
    finally:
        net.close()


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _exchange_all(net):
    """Specialists → township → county → township → specialists."""
    for s in ("s1", "s2"):
        assert net.receive("township", net.send(s, "township")).ok
    assert net.receive("county", net.send("township", "county")).ok
    assert net.receive("township", net.send("county", "township")).ok
    for s in ("s1", "s2"):
        assert net.receive(s, net.send("township", s)).ok


@pytest.mark.parametrize("resolver", ["s1", "township"])
def test_concurrent_edit_by_specialist_and_clerk_is_one_conflict_everywhere(net, resolver):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    _exchange_all(net)
    net.s1.update("visit", rid, {"content": "特派员的说法"})
    net.township.update("visit", rid, {"content": "服务站的说法"})
    _exchange_all(net)
    holders = ("county", "township", "s1")
    conflicts = {name: net.nodes[name].conflicts(rid) for name in holders}
    for name in holders:
        assert len(conflicts[name]) == 1, name
        assert conflicts[name] == conflicts["county"]
    c = conflicts["county"][0]
    assert c["field"] == "content"
    assert {h["value"] for h in c["heads"]} == {"特派员的说法", "服务站的说法"}
    shown = {net.nodes[n].get("visit", rid)["content"] for n in holders}
    assert len(shown) == 1  # the same deterministic winner everywhere
    # Either side resolves it; the resolution reaches everyone and the conflict is gone.
    net.nodes[resolver].resolve_conflict(c["id"], value="商定后的内容")
    _exchange_all(net)
    _exchange_all(net)
    for name in holders:
        assert net.nodes[name].conflicts(rid) == []
        assert net.nodes[name].get("visit", rid)["content"] == "商定后的内容"
    assert net.county.dump_json() == net.township.dump_json()


def test_clock_years_ahead_then_fixed_flows_again_and_never_beats_later_edits(net, monkeypatch):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    other = net.s1.create("visit", visit_values(net, "s1", content="第二条")).record_id
    _exchange_all(net)
    honest_clock = net.township.clock.last_ms
    # The specialist's laptop clock jumps three years ahead.
    real_ms = net.s1.wall_ms
    monkeypatch.setattr(net.s1, "wall_ms", lambda: real_ms() + 3 * YEAR_MS)
    net.s1.update("visit", rid, {"content": "未来的修改"})
    net.s1.update("visit", other, {"problems": "未来写的问题"}, validate_rows=False)
    summary = net.receive("township", net.send("s1", "township"))
    # Accepted (nothing held back), but the township's clock does not move.
    assert summary.ok and summary.held == 0 and not summary.refused
    assert any("时钟" in n for n in summary.notes)
    assert net.township.clock.last_ms < real_ms() + MAX_CLOCK_AHEAD_MS
    assert net.township.clock.last_ms >= honest_clock
    # The clerk's correction, made after seeing the value, wins everywhere.
    net.township.update("visit", rid, {"content": "服务站更正"})
    # The county, not having seen the laptop's value, edits the other record later.
    net.county.update("visit", other, {"problems": "县里后来的修改"}, validate_rows=False)
    _exchange_all(net)
    for name in ("county", "township", "s1"):
        assert net.nodes[name].get("visit", rid)["content"] == "服务站更正"
    # The laptop's clock is fixed: its next save re-stamps what it wrote while
    # wrong, and its new work flows within one exchange.
    monkeypatch.setattr(net.s1, "wall_ms", real_ms)
    assert net.s1.clock_ahead_days() > 300
    net.s1.update("visit", rid, {"households_served": 9})
    assert net.s1.clock_ahead_days() == 0
    flowed = net.receive("township", net.send("s1", "township"))
    assert flowed.ok and flowed.held == 0 and not flowed.refused
    assert net.township.get("visit", rid)["households_served"] == 9
    _exchange_all(net)
    for name in ("county", "township", "s1"):
        row = net.nodes[name].get("visit", other)
        assert row["problems"] == "县里后来的修改", name
    assert net.township.dump_json() == net.county.dump_json()
    # Years later nothing changes: the future-dated values were replaced, not waiting.
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3 * YEAR_MS / 1000 + 86400)
    _exchange_all(net)
    assert net.county.get("visit", other)["problems"] == "县里后来的修改"


def test_clock_years_behind_converges_and_loses_only_to_later_edits(net, monkeypatch):
    from zjk_desktop.domain.hlc import HybridClock

    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    _exchange_all(net)
    # The laptop's clock is set years back and it has not seen a recent stamp.
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 3 * YEAR_MS / 1000)
    net.s1._clock = HybridClock(net.s1.node_id)
    net.s1.update("visit", rid, {"households_served": 7}, today_fn=lambda: _dt.date(2030, 1, 1))
    monkeypatch.setattr(time, "time", real)
    net.township.update("visit", rid, {"households_served": 9})
    _exchange_all(net)
    _exchange_all(net)
    values = {
        net.nodes[n].get("visit", rid)["households_served"] for n in ("county", "township", "s1")
    }
    assert len(values) == 1
    assert net.county.dump_json() == net.township.dump_json()
    # After importing, the laptop's clock has moved past what it saw: its next edit wins.
    net.s1.update("visit", rid, {"households_served": 11})
    _exchange_all(net)
    for name in ("county", "township", "s1"):
        assert net.nodes[name].get("visit", rid)["households_served"] == 11


def _receipt(net, sender, for_name):
    out = net.path(f"receipt-{sender}-{for_name}")
    export_receipt(net.nodes[sender], net.nodes[for_name].node_id, out)
    return out


def test_delete_clears_personal_fields_on_every_node(net):
    rid = net.s1.create("visit", visit_values(net, "s1", farmers="张三 13900000000")).record_id
    _exchange_all(net)
    assert net.county.get("visit", rid)["farmers"] == "张三 13900000000"
    net.s1.delete("visit", rid)
    _exchange_all(net)
    for name in ("county", "township", "s1"):
        row = net.nodes[name].get("visit", rid, include_deleted=True)
        assert row["deleted"] and row["farmers"] is None
    assert net.county.dump_json() == net.township.dump_json()


def test_far_future_limit_matches_core(net):
    # The importer trusts a clock exactly as far ahead as the core allows: a change
    # an hour inside the limit moves the receiver's clock; seen from a receiver whose
    # clock is two hours slower, the same lead is beyond it: the change is taken,
    # the clock stays, and the person is told.
    hour = 3600 * 1000
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    net.s1.clock.last_ms = int(time.time() * 1000) + MAX_CLOCK_AHEAD_MS - hour
    stamp = net.s1.update("visit", rid, {"content": "限内"}).version.stamp
    s = net.receive("township", net.send("s1", "township"))
    assert s.ok and s.held == 0 and not s.notes
    assert net.township.get("visit", rid)["content"] == "限内"
    assert net.township.clock.last_ms >= stamp_ms(stamp)
    net.s1.update("visit", rid, {"content": "超限"})
    slow = net.township.wall_ms() - 2 * hour
    net.township.wall_ms = lambda: slow
    before = net.township.clock.last
    s = net.receive("township", net.send("s1", "township"))
    assert s.ok and len(s.notes) == 1
    assert net.township.get("visit", rid)["content"] == "超限"
    assert net.township.clock.last == before
