"""Farmers' requests: state transitions, who may take each step, and the same rules on import."""

from __future__ import annotations

import pytest

from zjk_desktop import cli
from zjk_desktop.management import requests as rq
from zjk_desktop.management.errors import ManagementError
from zjk_desktop.scope import Scope
from zjk_desktop.store import Change, StoreError
from zjk_desktop.sync.testing import build_network, rogue_write


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _new_request(net, **extra):
    values = {
        "requester_name": "王大爷",
        "requester_phone": "13912345678",
        "village_id": net.ids["v1"],
        "industry": "potato",
        "problem": "马铃薯晚疫病",
        "date": "2026-05-01",
        **extra,
    }
    return rq.add_request(net.township, values)


def test_full_life_of_a_request_across_township_and_specialist(net):
    rid = _new_request(net)
    row = net.township.get("request", rid)
    assert row["status"] == "open" and row["org_id"] == net.ids["t1"]
    rq.assign(net.township, rid, "特派员1", today="2026-05-02")
    assert net.receive("s1", net.send("township", "s1")).ok
    visit = net.s1.create(
        "visit",
        {
            "date": "2026-05-03",
            "specialist_id": net.ids["sp1"],
            "village_id": net.ids["v1"],
            "industry": "potato",
            "service_type": "diagnosis",
            "content": "田间诊断",
        },
    ).record_id
    rq.answer(net.s1, rid, "喷施烯酰吗啉，十天后复查", visit_id=visit, today="2026-05-04")
    summary = net.receive("township", net.send("s1", "township"))
    assert summary.ok and not summary.refused
    row = net.township.get("request", rid)
    assert (row["status"], row["visit_id"], row["answered_at"]) == ("answered", visit, "2026-05-04")
    rq.close(net.township, rid, "农户认可", today="2026-05-06")
    rows = rq.list_requests(
        net.township, Scope("township", org_id=net.ids["t1"]), today="2026-06-01"
    )
    assert [(r["status"], r["days_to_answer"], r["overdue"]) for r in rows] == [
        ("closed", 3, False)
    ]
    # Every step is a version of the one row (history).
    assert [h["op"] for h in net.township.history(rid)] == ["create", "update", "update", "update"]


def test_steps_out_of_order_are_refused_and_change_nothing(net):
    rid = _new_request(net)
    with pytest.raises(ManagementError, match="不能办结"):
        rq.close(net.township, rid)
    with pytest.raises(ManagementError, match="不能答复"):
        rq.answer(net.township, rid, "答复")
    assert net.township.get("request", rid)["status"] == "open"
    assert len(net.township.history(rid)) == 1


def test_specialist_answers_only_what_is_assigned_to_them(net):
    rid = _new_request(net, specialist_id=net.ids["sp2"])
    assert net.receive("s1", net.send("township", "s1", full=True)).ok
    assert net.s1.get("request", rid) is None  # other people's requests never reach s1
    assert net.receive("s2", net.send("township", "s2")).ok
    with pytest.raises(ManagementError, match="无权"):
        rq.assign(net.s2, rid, "特派员2")  # a specialist does not assign
    with pytest.raises(ManagementError):
        rq.add_request(
            net.s2,
            {
                "requester_name": "李",
                "village_id": net.ids["v2"],
                "industry": "millet",
                "problem": "谷子",
            },
        )
    rq.answer(net.s2, rid, "已入户指导")  # assigned to them: fine
    assert net.s2.get("request", rid)["status"] == "answered"


def test_stale_answer_after_reassignment_is_refused_on_import(net):
    rid = _new_request(net, specialist_id=net.ids["sp2"])
    assert net.receive("s2", net.send("township", "s2")).ok
    rq.assign(net.township, rid, "特派员1")  # reassigned before s2's answer arrives
    rq.answer(net.s2, rid, "已答复")  # s2 had not heard of it
    summary = net.receive("township", net.send("s2", "township"))
    assert summary.ok and summary.refused
    assert "本人" in summary.refused[0][1]
    row = net.township.get("request", rid)
    assert (
        row["status"] == "assigned" and row["specialist_id"] == net.ids["sp1"] and not row["answer"]
    )


def test_forged_request_from_a_specialist_is_refused_on_import(net):
    # A specialist's node writing a request directly gets nowhere: refused when saved
    # (the same rules as an import), and a tampered program's write is refused on import.
    forged = Change(
        "request",
        "create",
        {
            "requester_name": "伪造",
            "village_id": net.ids["v1"],
            "industry": "millet",
            "problem": "x",
            "status": "closed",
            "date": "2026-05-01",
        },
    )
    with pytest.raises(StoreError):
        net.s1.write([forged])
    rogue_write(
        net.s1,
        [
            Change(
                "request",
                "create",
                {
                    "requester_name": "伪造",
                    "village_id": net.ids["v1"],
                    "industry": "millet",
                    "problem": "x",
                    "status": "closed",
                    "date": "2026-05-01",
                },
            )
        ],
    )
    summary = net.receive("township", net.send("s1", "township"))
    assert summary.ok and len(summary.refused) == 1
    assert net.township.count("request") == 0


def test_overdue_list_uses_the_rule(net):
    old = _new_request(net, date="2026-03-01")
    _new_request(net, date="2026-05-28")
    scope = Scope("township", org_id=net.ids["t1"])
    overdue = rq.list_requests(net.township, scope, overdue_only=True, today="2026-06-01")
    assert [r["id"] for r in overdue] == [old]
    assert overdue[0]["days_open"] == 92
    stats = rq.request_stats(net.township, scope, "2026-01-01", "2026-12-31", today="2026-06-01")
    assert stats["total"] == 2 and stats["overdue"] == 1 and stats["answered"] == 0


def test_search_finds_problem_village_and_requester(net):
    _new_request(net, problem="羊羔腹泻")
    _new_request(net, requester_name="赵书记")
    scope = Scope("all")
    assert len(rq.list_requests(net.township, scope, text="腹泻")) == 1
    assert len(rq.list_requests(net.township, scope, text="赵书记")) == 1
    assert len(rq.list_requests(net.township, scope, text="村1")) == 2


def test_cli_request_commands(net, capsys):
    db = str(net.root / "township.sqlite3")
    net.township.close()
    code = cli.main(
        [
            "--db",
            db,
            "request",
            "add",
            "--name",
            "刘师傅",
            "--village",
            "130732100201",
            "--industry",
            "马铃薯",
            "--problem",
            "窖藏烂薯",
            "--date",
            "2026-05-01",
        ]
    )
    assert code == 0
    rid = capsys.readouterr().out.split()[-1]
    assert len(rid) == 8  # the short id lists show, not a 36-character UUID
    assert cli.main(["--db", db, "request", "assign", rid, "--specialist", "特派员1"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "request", "list", "--status", "已分派"]) == 0
    out = capsys.readouterr().out
    assert rid in out and "窖藏烂薯" in out and "特派员1" in out
    assert cli.main(["--db", db, "request", "close", rid]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "不能办结" in err
