"""Requests and callbacks through sync: the convergence property extended to the new kinds."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zjk_desktop.management import requests as rq
from zjk_desktop.management.callbacks import add_callback
from zjk_desktop.sync.testing import build_network, visit_values

NODES = ("county", "township", "s1", "s2")

op = st.one_of(
    st.tuples(st.just("visit"), st.sampled_from(("s1", "s2")), st.integers(0, 9)),
    st.tuples(
        st.just("request"), st.sampled_from(("township", "county")), st.sampled_from(("v1", "v2"))
    ),
    st.tuples(
        st.just("assign"),
        st.sampled_from(("township", "county")),
        st.integers(0, 20),
        st.sampled_from(("sp1", "sp2")),
    ),
    st.tuples(st.just("answer"), st.sampled_from(("s1", "s2")), st.integers(0, 20)),
    st.tuples(st.just("close"), st.just("township"), st.integers(0, 20)),
    st.tuples(
        st.just("callback"),
        st.sampled_from(("township", "county")),
        st.integers(0, 20),
        st.sampled_from(("满意", "基本满意", "不满意")),
    ),
    st.tuples(st.just("send"), st.sampled_from(NODES), st.sampled_from(NODES), st.booleans()),
    st.tuples(st.just("deliver"), st.integers(0, 50)),
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("mgmt-conv")


@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=6, max_size=30))
# The township assigns to 特派员1 while the county assigns to 特派员2 (the county's wins)
# before either reached 特派员1's laptop: the laptop never held it and must not get it.
@example(
    ops=[
        ("close", "township", 0),
        ("request", "township", "v1"),
        ("send", "township", "county", False),
        ("deliver", 0),
        ("assign", "township", 0, "sp1"),
        ("assign", "county", 0, "sp2"),
    ]
)
def test_requests_and_callbacks_converge_without_refusals(workdir, ops, monkeypatch):
    root = Path(tempfile.mkdtemp(dir=workdir))
    monkeypatch.setenv("ZJK_DATA_DIR", str(root / "data"))
    net = build_network(root / "net")
    try:
        requests: list[str] = []
        visits: list[str] = []
        pool: list[tuple[str, Path]] = []
        summaries = []
        for o in ops:
            kind = o[0]
            if kind == "visit":
                visits.append(
                    net.nodes[o[1]]
                    .create("visit", visit_values(net, o[1], content=f"内容{o[2]}"))
                    .record_id
                )
            elif kind == "request":
                requests.append(
                    rq.add_request(
                        net.nodes[o[1]],
                        {
                            "requester_name": "王",
                            "village_id": net.ids[o[2]],
                            "industry": "potato",
                            "problem": "晚疫病",
                            "date": "2026-05-01",
                        },
                    )
                )
            elif kind in ("assign", "answer", "close", "callback") and (requests or visits):
                store = net.nodes[o[1]]
                if kind == "callback":
                    if visits and store.get("visit", visits[o[2] % len(visits)]) is not None:
                        add_callback(
                            store, visits[o[2] % len(visits)], "李户", o[3], date="2026-05-09"
                        )
                    continue
                if not requests:
                    continue
                row = store.get("request", requests[o[2] % len(requests)])
                if row is None:
                    continue
                if kind == "assign" and row["status"] == "open":
                    rq.assign(store, row["id"], net.ids[o[3]])
                elif (
                    kind == "answer"
                    and row["status"] == "assigned"
                    and row["specialist_id"] == store.node_info().specialist_id
                ):
                    rq.answer(store, row["id"], f"{o[1]}的答复")
                elif kind == "close" and row["status"] == "answered":
                    rq.close(store, row["id"])
            elif kind == "send" and o[1] != o[2]:
                pool.append((o[2], net.send(o[1], o[2], full=o[3])))
            elif kind == "deliver" and pool:
                to, path = pool[o[1] % len(pool)]
                summaries.append(net.receive(to, path))
        for to, path in pool[::-1] + pool[::2]:
            summaries.append(net.receive(to, path))
        for _ in range(2):
            for a in NODES:
                for b in NODES:
                    if a != b:
                        summaries.append(net.receive(b, net.send(a, b, full=True)))
        for s in summaries:
            assert s.ok, s.reason
            assert not s.refused, s.refused
        county = net.county.dump_json()
        assert net.township.dump_json() == county
        assert net.county.count("request") == net.township.count("request") == len(requests)
        # A specialist holds every request assigned to them, as the county has it.  A request
        # they once held and that went to a colleague stays on their laptop as the county has
        # it (they heard of the move; their lists show only their own); one that never reached
        # them before it went to a colleague is not sent to them at all.
        for who, sp in (("s1", "sp1"), ("s2", "sp2")):
            mine = net.county.rows("request", {"specialist_id": net.ids[sp]}, order_by="id")
            held = net.nodes[who].rows("request", order_by="id")
            theirs = [r for r in held if r["specialist_id"] == net.ids[sp]]
            assert [(r["id"], r["status"]) for r in theirs] == [
                (r["id"], r["status"]) for r in mine
            ]
            for r in held:
                there = net.county.get("request", r["id"])
                assert there is not None
                assert (r["specialist_id"], r["status"]) == (
                    there["specialist_id"],
                    there["status"],
                )
            moved_away = [r["id"] for r in held if r["specialist_id"] != net.ids[sp]]
            for rid in moved_away:
                named = net.county.conn.execute(
                    "SELECT count(*) FROM versions WHERE record_id = ?"
                    " AND json_extract(fields, '$.specialist_id') = ?",
                    (rid, net.ids[sp]),
                ).fetchone()[0]
                assert named, "a colleague's request reached a laptop that never held it"
    finally:
        net.close()


def owner(store, rid: str) -> str | None:
    row = store.get("request", rid)
    return None if row is None else row["specialist_id"]


def _new_request(net, village: str = "v1") -> str:
    return rq.add_request(
        net.township,
        {
            "requester_name": "王",
            "village_id": net.ids[village],
            "industry": "potato",
            "problem": "晚疫病",
            "date": "2026-05-01",
        },
    )


def test_a_request_that_went_to_a_colleague_before_reaching_a_laptop_stays_away(tmp_path):
    """The township assigns to 特派员1, the county (later, so its choice wins) to 特派员2, and the
    township hears of it before it sends 特派员1 anything: 特派员1's laptop never held the
    request, so it does not get a colleague's request now."""
    net = build_network(tmp_path / "net")
    try:
        rid = _new_request(net)
        assert net.receive("county", net.send("township", "county")).ok
        rq.assign(net.township, rid, net.ids["sp1"])
        time.sleep(0.01)
        rq.assign(net.county, rid, net.ids["sp2"])
        assert net.receive("township", net.send("county", "township")).ok
        assert owner(net.township, rid) == net.ids["sp2"]
        for full in (False, True, True):
            assert net.receive("s1", net.send("township", "s1", full=full)).ok
            assert net.receive("township", net.send("s1", "township")).ok
        assert net.s1.get("request", rid) is None
        assert net.receive("s2", net.send("township", "s2")).ok
        assert owner(net.s2, rid) == net.ids["sp2"]
    finally:
        net.close()


def test_a_laptop_that_held_a_request_hears_it_moved_to_a_colleague(tmp_path):
    """Once 特派员1's laptop holds a request (its next file says so), moving the request to
    特派员2 reaches the laptop too: every copy agrees on who has it."""
    net = build_network(tmp_path / "net")
    try:
        rid = _new_request(net)
        rq.assign(net.township, rid, net.ids["sp1"])
        assert net.receive("s1", net.send("township", "s1")).ok
        assert owner(net.s1, rid) == net.ids["sp1"]
        assert net.receive("township", net.send("s1", "township")).ok  # says what it holds
        rq.assign(net.township, rid, net.ids["sp2"])
        assert net.receive("s1", net.send("township", "s1")).ok
        assert owner(net.s1, rid) == net.ids["sp2"]
    finally:
        net.close()
