"""Demo data and the zjk command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from zjk_desktop import cli
from zjk_desktop.demo import generate_demo
from zjk_desktop.domain.entities import RECORD_KINDS
from zjk_desktop.paths import resources_dir
from zjk_desktop.store import Store


def test_small_demo_shape(demo_store):
    assert demo_store.count("org_unit", {"level": "county"}) == 1
    assert demo_store.count("org_unit", {"level": "township"}) == 3
    villages = demo_store.count("org_unit", {"level": "village"})
    assert 25 <= villages <= 35
    assert demo_store.count("specialist") == 10
    total = sum(demo_store.count(k) for k in RECORD_KINDS)
    assert 900 <= total <= 1100
    county = demo_store.find_org_by_code("130732")
    assert county["name"] == "赤城县"
    assert demo_store.count("org_unit", {"level": "village", "is_demo": 1}) == villages
    # every record passes validation and is inside its specialist's assignment
    assert (
        demo_store.conn.execute(
            "SELECT count(*) FROM visit v WHERE NOT EXISTS (SELECT 1 FROM assignment a"
            " WHERE a.specialist_id = v.specialist_id AND a.village_id = v.village_id)"
        ).fetchone()[0]
        == 0
    )


def test_demo_is_deterministic(tmp_path):
    end = dt.date(2026, 6, 30)
    dumps = []
    for name in ("a", "b"):
        s = Store.open(tmp_path / f"{name}.sqlite3")
        generate_demo(s, "small", 7, end_date=end)
        rows = s.rows("visit", order_by="id")
        dumps.append([(r["id"], r["date"], r["content"], r["village_id"]) for r in rows])
        s.close()
    assert dumps[0] == dumps[1]


def test_demo_has_seasons(demo_store):
    by_month = dict(
        demo_store.conn.execute(
            "SELECT substr(date, 6, 2), count(*) FROM training GROUP BY 1"
        ).fetchall()
    )
    winter = sum(by_month.get(m, 0) for m in ("12", "01", "02"))
    summer = sum(by_month.get(m, 0) for m in ("06", "07", "08"))
    assert winter > summer  # training in the slack season


def run(args, capsys):
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_record_lifecycle(tmp_path, capsys):
    db = str(tmp_path / "c.sqlite3")
    assert (
        run(
            [
                "--db",
                db,
                "roster",
                "import",
                str(resources_dir() / "sample" / "sample_roster.xlsx"),
            ],
            capsys,
        )[0]
        == 0
    )
    store = Store.open(db)
    org = store.find_org_by_code("130722101201")
    assert org is not None
    village = org["id"]
    wang = store.rows("specialist", {"phone": "13800001001"})[0]["id"]
    store.close()
    values = {
        "date": "2026-05-01",
        "specialist_id": wang,
        "village_id": village,
        "industry": "马铃薯",
        "service_type": "技术指导",
        "content": "晚疫病防治",
    }
    code, out, err = run(
        ["--db", db, "--json", "record", "add", "--kind", "visit", "--values", json.dumps(values)],
        capsys,
    )
    assert code == 0, err
    rid = json.loads(out)["id"]
    code, out, err = run(
        ["--db", db, "record", "edit", rid, "--values", '{"households_served": 9}'], capsys
    )
    assert code == 0 and rid[-10:] in out  # records are named by their short id
    code, out, _ = run(
        ["--db", db, "--json", "record", "list", "--kind", "visit", "--village", "130722101201"],
        capsys,
    )
    assert [r["households_served"] for r in json.loads(out)] == [9]
    code, out, _ = run(["--db", db, "--json", "history", rid], capsys)
    assert [h["op"] for h in json.loads(out)] == ["create", "update"]
    code, out, _ = run(["--db", db, "record", "delete", rid], capsys)
    assert code == 0
    code, out, _ = run(["--db", db, "--json", "record", "list", "--kind", "visit"], capsys)
    assert json.loads(out) == []


def test_cli_bad_input_is_one_line_exit_1(tmp_path, capsys):
    db = str(tmp_path / "c.sqlite3")
    code, _out, err = run(
        ["--db", db, "record", "add", "--kind", "visit", "--values", "{not json"], capsys
    )
    assert code == 1 and len(err.strip().splitlines()) == 1 and "JSON" in err
    code, _out, err = run(
        [
            "--db",
            db,
            "--lang",
            "en",
            "record",
            "add",
            "--kind",
            "visit",
            "--values",
            '{"date": "2026-01-01"}',
        ],
        capsys,
    )
    assert code == 1 and "Content is required" in err and "Traceback" not in err
    code, _out, err = run(["--db", db, "roster", "import", str(tmp_path / "missing.xlsx")], capsys)
    assert code == 1 and "missing.xlsx" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as info:
        cli.main(["--db", db, "record", "frobnicate"])
    assert info.value.code == 2


def test_cli_dump_is_identical_for_identical_data(tmp_path, capsys):
    db = str(tmp_path / "d.sqlite3")
    run(["--db", db, "demo", "--scale", "small", "--seed", "3"], capsys)
    _, first, _ = run(["--db", db, "dump"], capsys)
    _, second, _ = run(["--db", db, "dump"], capsys)
    assert first == second and json.loads(first)["visit"]


def test_cli_init_and_version(tmp_path, capsys):
    db = str(tmp_path / "i.sqlite3")
    run(
        ["--db", db, "roster", "import", str(resources_dir() / "sample" / "sample_roster.xlsx")],
        capsys,
    )
    code, out, err = run(
        [
            "--db",
            db,
            "--json",
            "init",
            "--role",
            "township",
            "--name",
            "李文",
            "--org",
            "130722101000",
        ],
        capsys,
    )
    assert code == 0, err
    info = json.loads(out)
    assert info["role"] == "township" and info["org_id"]
    code, _out, err = run(
        ["--db", db, "init", "--role", "county", "--name", "x", "--org", "999"], capsys
    )
    assert code == 1 and "999" in err
    result = subprocess.run(
        [sys.executable, "-m", "zjk_desktop.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("zjk ")
