"""Clock recovery, proven with skewed clocks.

Property (hypothesis): a specialist's laptop whose clock runs years ahead for
a while, then is fixed, and the township's clerk edit the same records and
exchange files in any order.  Afterwards every node holds the same rows, the
laptop's new work flows within one exchange, and no value written while the
clock was wrong beats an honest edit made later (in real time) on any node.
"""

from __future__ import annotations

import datetime as _dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop import i18n
from zjk_desktop.store import ValidationFailed
from zjk_desktop.sync.testing import build_network, visit_values

YEAR_MS = 365 * 86_400_000
FIELDS = ("content", "problems")
LINKS = (("s1", "township"), ("township", "s1"), ("township", "county"), ("county", "township"))

step = st.one_of(
    st.tuples(st.just("skew"), st.sampled_from([0, 0, 1, 3])),
    st.tuples(
        st.just("edit"),
        st.sampled_from(["s1", "township"]),
        st.sampled_from(FIELDS),
        st.integers(min_value=0, max_value=1),
    ),
    st.tuples(st.just("exchange"), st.sampled_from(LINKS)),
)


class World:
    """Real time advances one second per step; the laptop's wall clock may be years off."""

    def __init__(self, net):
        self.net = net
        self.now = net.s1.wall_ms()
        self.skew = 0
        net.s1.wall_ms = lambda: self.now + self.skew
        for name in ("township", "county"):
            net.nodes[name].wall_ms = lambda: self.now
        self.records = [
            net.s1.create("visit", visit_values(net, "s1", content=f"记录{i}")).record_id
            for i in range(2)
        ]
        self.edits: list[
            tuple[str, str, str, int, bool]
        ] = []  # record, field, value, real time, skewed

    def tick(self):
        self.now += 1000

    def exchange(self, sender, receiver):
        summary = self.net.receive(receiver, self.net.send(sender, receiver))
        assert summary.ok and not summary.refused, summary.describe()
        assert summary.held == 0, summary.describe()  # nothing waits for a clock
        return summary

    def edit(self, who, field, i, n):
        rid = self.records[i]
        value = f"{who}-{n}"
        self.net.nodes[who].update("visit", rid, {field: value}, validate_rows=False)
        self.edits.append((rid, field, value, self.now, who == "s1" and self.skew > 0))


@settings(
    max_examples=int(os.environ.get("ZJK_PROPERTY_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(script=st.lists(step, min_size=1, max_size=16))
def test_skewed_clocks_recover_and_never_beat_later_edits(tmp_path_factory, script):
    net = build_network(tmp_path_factory.mktemp("clock") / "net")
    try:
        world = World(net)
        world.exchange("s1", "township")
        for n, action in enumerate(script):
            world.tick()
            if action[0] == "skew":
                world.skew = action[1] * YEAR_MS
            elif action[0] == "edit":
                world.edit(action[1], action[2], action[3], n)
            else:
                world.exchange(*action[1])
        # The laptop's clock is fixed; its next save brings it back to now.
        world.tick()
        world.skew = 0
        world.edit("s1", "content", 0, 999)
        assert net.s1.clock_ahead_days() == 0
        flowed = world.exchange("s1", "township")
        row = net.township.get("visit", world.records[0])
        assert row is not None and row["content"] == "s1-999"
        assert flowed.ok
        for _round in range(2):
            for link in LINKS:
                world.tick()
                world.exchange(*link)
        assert net.township.dump_json() == net.county.dump_json()
        for rid in world.records:
            assert net.s1.get("visit", rid) == net.township.get("visit", rid)
        for rid in world.records:
            row = net.county.get("visit", rid)
            assert row is not None
            for field in FIELDS:
                wrong = [
                    e
                    for e in world.edits
                    if e[0] == rid and e[1] == field and e[4] and e[2] == row[field]
                ]
                for _rid, _f, value, when, _skewed in wrong:
                    later = [
                        e
                        for e in world.edits
                        if e[0] == rid and e[1] == field and e[3] > when and not e[4]
                    ]
                    assert not later, (field, value, later)
    finally:
        net.close()


# -------------------------------------------------------------- clock behind
@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def test_a_clock_far_behind_is_named_on_that_computer(net, capsys):
    real = net.s1.wall_ms
    net.s1.wall_ms = lambda: real() - 3 * YEAR_MS
    summary = net.receive("s1", net.send("township", "s1"))
    assert summary.ok
    assert any("本机时钟可能慢了" in n for n in summary.notes), summary.notes
    assert net.s1.clock_behind_days() > 1000
    assert net.s1.clock_ahead_days() == 0  # not "调快": this clock is the wrong one
    today = _dt.date.fromtimestamp(real() / 1000).isoformat()
    with pytest.raises(ValidationFailed) as err:
        net.s1.create(
            "visit",
            visit_values(net, "s1", date=today),
            today_fn=lambda: _dt.date.fromtimestamp(net.s1.wall_ms() / 1000),
        )
    messages = [p.message() for p in err.value.all_errors()]
    assert any("本机时钟可能慢了" in m for m in messages), messages
    assert (
        i18n.t(
            "store.clock_behind",
            days=net.s1.clock_behind_days(),
            when=_dt.datetime.fromtimestamp(int(net.s1.get_meta("peer_clock_ms")) / 1000).strftime(
                "%Y-%m-%d"
            ),
        )
        in messages
    )
