"""Requests and callbacks through sync: the convergence property extended to the new kinds."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
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
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, min_size=6, max_size=30))
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
        # A specialist holds exactly the requests assigned to them, as the county has them.
        for who, sp in (("s1", "sp1"), ("s2", "sp2")):
            mine = net.county.rows("request", {"specialist_id": net.ids[sp]}, order_by="id")
            held = net.nodes[who].rows("request", order_by="id")
            assert [r["id"] for r in held] == [r["id"] for r in mine]
            assert [r["status"] for r in held] == [r["status"] for r in mine]
    finally:
        net.close()
