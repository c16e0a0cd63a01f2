"""Annual assessment: every rule and grade boundary, rules by year, the recorded confirmation, outputs."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from zjk_desktop import cli
from zjk_desktop.management import assessment as asm
from zjk_desktop.management.callbacks import add_callback
from zjk_desktop.management.errors import ManagementError
from zjk_desktop.scope import Scope
from zjk_desktop.store import Change
from zjk_desktop.sync.testing import build_network

RULES = {**asm.DEFAULT_RULES}


def figures(**kw):
    base = {
        "services": 12,
        "service_days": 0,
        "trainings": 2,
        "satisfaction_pct": 80.0,
        "callbacks": 5,
        "result_points": 0,
        "photos_flagged": 0,
        "photos": 0,
    }
    base.update(kw)
    return base


def grade(**kw):
    return asm.judge(figures(**kw), RULES)[1]


def met(code, **kw):
    return next(c.met for c in asm.judge(figures(**kw), RULES)[0] if c.code == code)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"services": 12, "service_days": 0}, True),
        ({"services": 11, "service_days": 29}, False),
        ({"services": 0, "service_days": 30}, True),  # "or 30 days"
        ({"services": 11, "service_days": 30}, True),
    ],
)
def test_service_minimum_is_services_or_days(kw, expected):
    assert met("service", **kw) is expected


def test_training_and_satisfaction_boundaries():
    assert met("training", trainings=2) is True and met("training", trainings=1) is False
    assert met("satisfaction", satisfaction_pct=80.0) is True
    assert met("satisfaction", satisfaction_pct=79.9) is False
    assert met("satisfaction", satisfaction_pct=None, callbacks=0) is None  # nothing to judge


def test_grade_boundaries():
    assert grade() == "pass"
    # 不合格: services AND days both below half of the minimum (6 services, 15 days)
    assert grade(services=5, service_days=14) == "fail"
    assert grade(services=6, service_days=14) == "basic"
    assert grade(services=5, service_days=15) == "basic"
    # 不合格 also below 60 % satisfaction; 基本合格 between 60 and 80
    assert grade(satisfaction_pct=59.9) == "fail"
    assert grade(satisfaction_pct=60.0) == "basic"
    assert grade(trainings=1) == "basic"
    # 优秀: every minimum, callbacks, 150 result points, at most 3 flagged photos
    assert grade(result_points=150) == "excellent"
    assert grade(result_points=149.9) == "pass"
    assert grade(result_points=150, photos_flagged=4) == "pass"
    assert grade(result_points=150, photos_flagged=3) == "excellent"
    assert grade(result_points=500, satisfaction_pct=None, callbacks=0) == "pass"


def test_reasons_name_the_rule_and_the_numbers():
    _checks, g, reasons = asm.judge(figures(services=11, service_days=10), RULES)
    assert g == "basic"
    assert reasons == [
        "未达到：服务次数不少于 12 次或服务天数不少于 30 天（实际 服务 11 次，10 天）"
    ]


def test_result_points_weights():
    f = {
        "techniques": 2,
        "varieties": 1,
        "area_mu": 500,
        "households_adopting": 40,
        "income_yuan": 50000,
        "problems_solved": 10,
    }
    # 2*3 + 1*3 + 5*0.2 + 4*0.5 + 5*0.2 + 10*0.2
    assert asm.result_points(f, RULES) == 15.0


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _visits(store, net, n, start="2026-03-01", who="sp1", village="v1", **extra):
    day = dt.date.fromisoformat(start)
    changes = [
        Change(
            "visit",
            "create",
            {
                "date": (day + dt.timedelta(days=i)).isoformat(),
                "specialist_id": net.ids[who],
                "village_id": net.ids[village],
                "industry": "millet",
                "service_type": "guidance",
                "content": "指导",
                "review_state": "submitted",
                **extra,
            },
        )
        for i in range(n)
    ]
    return [o.record_id for o in store.write(changes)]


def test_assess_counts_a_year_of_records(net):
    county = net.county
    ids = _visits(county, net, 12)
    _visits(county, net, 3, start="2025-12-01")  # another year
    county.review("visit", ids[0], "returned", "补充照片")  # returned work does not count
    county.create(
        "training",
        {
            "date": "2026-04-01",
            "specialist_id": net.ids["sp1"],
            "village_id": net.ids["v1"],
            "industry": "millet",
            "mode": "onsite",
            "topic": "谷子",
            "attendees": 30,
            "review_state": "approved",
        },
    )
    county.create(  # a draft does not count
        "training",
        {
            "date": "2026-04-02",
            "specialist_id": net.ids["sp1"],
            "village_id": net.ids["v1"],
            "industry": "millet",
            "mode": "onsite",
            "topic": "草稿",
            "attendees": 30,
        },
    )
    add_callback(county, ids[1], "王户", "满意", date="2026-05-01")
    add_callback(county, ids[2], "李户", "不满意", date="2026-05-01")
    items = {a.name: a for a in asm.assess(county, Scope("county", org_id=net.ids["county"]), 2026)}
    a = items["特派员1"]
    assert a.figures["visits"] == 11 and a.figures["trainings"] == 1 and a.figures["services"] == 12
    assert a.figures["service_days"] == 12
    assert a.figures["satisfaction_pct"] == 50.0 and a.figures["callbacks"] == 2
    assert a.suggested == "fail"  # 50 % satisfied
    assert items["特派员2"].suggested == "fail" and items["特派员2"].figures["services"] == 0
    assert [x.rank for x in sorted(items.values(), key=lambda x: x.rank)] == [1, 2]


def test_rules_are_data_by_year_and_travel_with_the_roster(net):
    asm.save_rules(net.county, 2026, {"min_services": 20})
    assert asm.rules_for(net.county, 2026)["min_services"] == 20
    assert asm.rules_for(net.county, 2027)["min_services"] == 20  # carried forward
    assert asm.rules_for(net.county, 2025)["min_services"] == 12  # defaults before
    asm.save_rules(net.county, 2027, {"min_services": 15})
    assert asm.rules_for(net.county, 2026)["min_services"] == 20
    from zjk_desktop.sync import export, importer

    roster = net.path("roster2")
    export.export_roster(net.county, roster)
    assert importer.import_files(net.s1, [roster])[0].ok
    assert asm.rules_for(net.s1, 2027)["min_services"] == 15
    with pytest.raises(ManagementError):
        asm.save_rules(net.township, 2026, {"min_services": 1})


def test_confirmation_is_recorded_and_versioned(net):
    _visits(net.county, net, 12)
    rid = asm.confirm(net.county, net.ids["sp1"], 2026, "合格", "同意", today="2026-12-20")
    row = net.county.get("assessment", rid)
    assert (row["grade"], row["suggested_grade"], row["confirmed_at"]) == (
        "pass",
        "basic",
        "2026-12-20",
    )  # no trainings: 基本合格 suggested
    assert asm.confirm(net.county, net.ids["sp1"], 2026, "excellent", "成效突出") == rid
    assert [h["op"] for h in net.county.history(rid)] == ["create", "update"]
    a = asm.assess(net.county, Scope("specialist", specialist_id=net.ids["sp1"]), 2026)[0]
    assert a.grade == "excellent" and a.suggested == "basic"
    with pytest.raises(ManagementError, match="县服务团"):
        asm.confirm(net.township, net.ids["sp1"], 2026, "合格")
    # It reaches the township and the specialist it is about, not the other specialist.
    assert net.receive("township", net.send("county", "township")).ok
    assert net.township.get("assessment", rid)["grade"] == "excellent"
    assert net.receive("s2", net.send("county", "s2", full=True)).ok
    assert net.s2.get("assessment", rid) is None


def test_cli_assessment_sheet_and_ranking(net, tmp_path, capsys):
    _visits(net.county, net, 12)
    db = str(net.root / "county.sqlite3")
    net.county.close()
    sheet = tmp_path / "sheet.pdf"
    assert (
        cli.main(
            [
                "--db",
                db,
                "report",
                "assessment",
                "--scope",
                "特派员1",
                "--year",
                "2026",
                "--out",
                str(sheet),
                "--xlsx",
                str(tmp_path / "sheet.xlsx"),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(str(sheet)).pages).replace(" ", "")
    for words in (
        "科技特派员年度科技服务绩效情况表",
        "特派员1",
        "服务次数",
        "建议等次：",
        "派出单位（盖章）",
        "县服务团（盖章）",
        "统计口径：计入已提交、已审核的记录",
        "特派员（签字）",
    ):
        assert words in text
    ranking = tmp_path / "rank.pdf"
    assert (
        cli.main(
            [
                "--db",
                db,
                "report",
                "assessment",
                "--scope",
                "130732",
                "--year",
                "2026",
                "--out",
                str(ranking),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(str(ranking)).pages).replace(" ", "")
    assert "科技特派员年度考核排名表" in text and "特派员1" in text and "特派员2" in text
    assert (tmp_path / "sheet.xlsx").stat().st_size > 0
    assert (
        cli.main(
            [
                "--db",
                db,
                "assessment",
                "confirm",
                "--specialist",
                "特派员2",
                "--year",
                "2026",
                "--grade",
                "不合格",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        cli.main(
            [
                "--db",
                db,
                "report",
                "assessment",
                "--scope",
                "没有这个人",
                "--year",
                "2026",
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    assert "没有这个人" in capsys.readouterr().err
