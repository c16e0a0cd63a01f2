"""``zjk`` as a township clerk and a specialist use it: names, dates, photos, review, history."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from PIL import Image

from zjk_desktop import cli
from zjk_desktop.paths import resources_dir
from zjk_desktop.store import Store

SAMPLE = resources_dir() / "sample" / "sample_roster.xlsx"
DAY = (dt.date.today() - dt.timedelta(days=3)).isoformat()


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def current(store: Store, kind: str, record_id: str) -> dict[str, Any]:
    """The record as stored now; the test fails when it is missing."""
    row = store.get(kind, record_id)
    assert row is not None, f"no {kind} {record_id}"
    return row


def visit(**extra):
    values = {
        "date": DAY,
        "specialist_id": "13800001001",
        "village_id": "石柳营村",
        "industry": "马铃薯",
        "service_type": "技术指导",
        "content": "晚疫病防治",
    }
    values.update(extra)
    return json.dumps(values, ensure_ascii=False)


@pytest.fixture
def township(tmp_path, capsys):
    """A township station's database with the sample roster; the clerk is 李文."""
    db = tmp_path / "township.sqlite3"
    assert run(capsys, "--db", db, "roster", "import", SAMPLE)[0] == 0
    code, _, err = run(
        capsys, "--db", db, "init", "--role", "township", "--name", "李文", "--org", "示例油娄沟乡"
    )
    assert code == 0, err
    return db


def add(capsys, db, *argv):
    code, out, err = run(capsys, "--db", db, "--json", "record", "add", *argv)
    assert code == 0, err
    return json.loads(out)["id"]


# ------------------------------------------------------------- names, not ids
def test_villages_and_specialists_by_code_phone_or_name(township, capsys):
    rid = add(capsys, township, "--kind", "visit", "--values", visit())
    store = Store.open(township)
    row = current(store, "visit", rid)
    assert current(store, "specialist", row["specialist_id"])["phone"] == "13800001001"
    assert current(store, "org_unit", row["village_id"])["code"] == "130722101201"
    store.close()
    # An ambiguous name lists the candidates (with phones to pick from) and saves nothing.
    code, _, err = run(
        capsys,
        "--db",
        township,
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(specialist_id="示例"),
    )
    assert code == 1 and err.count("\n") == 1
    assert "有 3 个" in err and "13800001002" in err and "请改用电话" in err
    code, out, _ = run(capsys, "--db", township, "--json", "record", "list")
    assert [r["id"] for r in json.loads(out)] == [rid]
    # Filters take names too.
    code, out, _ = run(
        capsys,
        "--db",
        township,
        "--json",
        "record",
        "list",
        "--specialist",
        "示例王建国",
        "--village",
        "130722101201",
    )
    assert [r["id"] for r in json.loads(out)] == [rid]
    code, out, _ = run(
        capsys, "--db", township, "--json", "record", "list", "--specialist", "13800001002"
    )
    assert json.loads(out) == []


def test_whoami_and_roster_lists(township, capsys):
    code, out, _ = run(capsys, "--db", township, "whoami")
    assert code == 0
    assert "乡镇服务站" in out and "李文" in out and "示例油娄沟乡" in out
    code, out, _ = run(capsys, "--db", township, "--json", "whoami")
    me = json.loads(out)
    assert me["role"] == "township" and len(me["fingerprint"].split()) == 8
    code, out, _ = run(capsys, "--db", township, "roster", "list", "villages")
    assert "130722101201" in out and "石柳营村" in out and len(out.splitlines()) == 6
    code, out, _ = run(capsys, "--db", township, "--json", "roster", "list", "specialists")
    wang = next(r for r in json.loads(out) if r["phone"] == "13800001001")
    assert wang["villages"] == ["石柳营村", "榆树沟村"]
    code, out, _ = run(capsys, "--db", township, "roster", "list", "computers")
    assert out.startswith(me["fingerprint"][:9]) and "李文" in out


def test_record_add_on_a_specialists_computer_fills_in_the_specialist(tmp_path, capsys):
    db = tmp_path / "s.sqlite3"
    run(capsys, "--db", db, "roster", "import", SAMPLE)
    code, _, err = run(
        capsys,
        "--db",
        db,
        "init",
        "--role",
        "specialist",
        "--name",
        "王建国",
        "--specialist",
        "13800001001",
    )
    assert code == 0, err
    values = json.loads(visit())
    del values["specialist_id"]
    rid = add(capsys, db, "--kind", "visit", "--values", json.dumps(values))
    code, out, _ = run(capsys, "--db", db, "--json", "whoami")
    me = json.loads(out)
    assert me["specialist"] == "示例王建国"
    store = Store.open(db)
    assert current(store, "visit", rid)["specialist_id"] == me["specialist_id"]
    store.close()


# ------------------------------------------------------------------- dates
@pytest.mark.parametrize("bad", ["2026/10/12", "10/12/2026", "20261012", "2026-1-2", "2026-02-30"])
def test_one_date_grammar_for_fields(township, capsys, bad):
    code, _out, err = run(
        capsys, "--db", township, "record", "add", "--kind", "visit", "--values", visit(date=bad)
    )
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"日期“{bad}”无效，应为 ") and err.count("日期") == 1
    assert "这样的 年-月-日" in err


def test_the_issue_example_message_and_json_codes(township, capsys):
    code, out, err = run(
        capsys,
        "--db",
        township,
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(date="10/12/2026"),
    )
    assert err.strip() == "日期“10/12/2026”无效，应为 2026-10-12 这样的 年-月-日"
    code, out, err = run(
        capsys,
        "--db",
        township,
        "--json",
        "--lang",
        "en",
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(date="10/12/2026", households_served="x", industry="苹果"),
    )
    error = json.loads(out)["error"]
    assert code == 1 and error["code"] == "invalid" and error["field"] == "date"
    by_field = {p["field"]: p for p in error["problems"]}
    assert by_field["date"]["code"] == "v.not_date"
    assert (
        by_field["households_served"]["message_en"]
        == "Households served “x” is not valid: expected a whole number"
    )
    assert by_field["industry"]["message_zh"].startswith(
        "产业“苹果”无效，应为以下之一：杂交谷子、马铃薯"
    )
    assert err.count("\n") == 1 and err.count("Date") == 1


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_one_date_grammar_for_options(township, capsys, option):
    code, out, err = run(capsys, "--db", township, "record", "list", option, "2026/10/01")
    assert (code == 1 and "--from" in err) or "--to" in err
    assert "年、月或季度" in err and out == ""
    code, out, err = run(capsys, "--db", township, "--json", "record", "list", option, "2026/10/01")
    assert json.loads(out)["error"] == {"code": "bad_date", "field": option, "message": err.strip()}


def test_periods_select_records(township, capsys):
    add(capsys, township, "--kind", "visit", "--values", visit(date="2026-03-31"))
    add(capsys, township, "--kind", "visit", "--values", visit(date="2026-04-01"))
    for args, count in (
        (("--from", "2026Q2"), 1),
        (("--to", "2026-03"), 1),
        (("--from", "2026", "--to", "2026"), 2),
    ):
        code, out, _ = run(capsys, "--db", township, "--json", "record", "list", *args)
        assert code == 0 and len(json.loads(out)) == count, args


# ------------------------------------------------------------------ photos
def test_photos_are_stored_by_content_and_free_text_is_refused(township, tmp_path, capsys):
    big = tmp_path / "field.png"
    Image.new("RGB", (2400, 1200), "darkgreen").save(big)
    small = tmp_path / "small.jpg"
    Image.new("RGB", (300, 200), "brown").save(small, "JPEG")
    rid = add(
        capsys, township, "--kind", "visit", "--values", visit(), "--photo", big, "--photo", small
    )
    store = Store.open(township)
    photos = current(store, "visit", rid)["photos"]
    assert len(photos) == 2 and all(store.has_blob(p) for p in photos)
    import hashlib
    import io

    assert hashlib.sha256(small.read_bytes()).hexdigest() in photos  # a small JPEG is kept as it is
    blob = store.get_blob(photos[0])
    assert blob is not None
    scaled = Image.open(io.BytesIO(blob))
    assert max(scaled.size) == 1600
    store.close()
    # The same file again is the same photo; edit adds to the list.
    code, _, err = run(capsys, "--db", township, "record", "edit", rid[-10:], "--photo", small)
    assert code == 0, err
    code, out, err = run(
        capsys,
        "--db",
        township,
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(photos=["deadbeef"]),
    )
    assert code == 1 and err.startswith("照片“deadbeef”无效，应为已保存的照片")
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture")
    code, _, err = run(
        capsys,
        "--db",
        township,
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(),
        "--photo",
        text,
    )
    assert code == 1 and err.strip() == "notes.jpg 不是图片"
    code, out, _ = run(capsys, "--db", township, "--json", "record", "list")
    assert len(json.loads(out)) == 1  # nothing saved by the refused commands


# ------------------------------------------------------------------ review
def test_review_approve_and_return_from_the_command_line(township, capsys):
    a = add(capsys, township, "--kind", "visit", "--values", visit(review_state="submitted"))
    b = add(
        capsys,
        township,
        "--kind",
        "visit",
        "--values",
        visit(review_state="submitted", content="虫害"),
    )
    c = add(
        capsys,
        township,
        "--kind",
        "training",
        "--values",
        json.dumps(
            {
                "date": DAY,
                "specialist_id": "13800001001",
                "village_id": "130722101202",
                "industry": "蔬菜",
                "mode": "onsite",
                "topic": "大棚管理",
                "attendees": 20,
                "review_state": "submitted",
            }
        ),
    )
    code, out, _ = run(capsys, "--db", township, "review", "list")
    assert code == 0 and len(out.splitlines()) == 3 and "已提交" in out
    # Returning needs a comment; nothing changes without one.
    code, _, err = run(capsys, "--db", township, "review", "return", a[-10:])
    assert code == 1 and "--comment" in err
    code, out, _ = run(
        capsys, "--db", township, "review", "return", a[-10:], "--comment", "请补充服务户数"
    )
    assert code == 0 and "1 条记录：已退回" in out
    # By filter: every submitted record of one specialist.
    code, out, _ = run(
        capsys,
        "--db",
        township,
        "review",
        "approve",
        "--specialist",
        "13800001001",
        "--kind",
        "visit",
    )
    assert code == 0 and "1 条记录：已审核" in out
    code, out, _ = run(capsys, "--db", township, "record", "list")
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "已退回" in lines[a[-10:]] and lines[a[-10:]].endswith("退回意见：请补充服务户数")
    assert "已审核" in lines[b[-10:]] and "已提交" in lines[c[-10:]]
    code, out, _ = run(capsys, "--db", township, "--json", "record", "list", "--state", "returned")
    [returned] = json.loads(out)
    assert returned["review_comment"] == "请补充服务户数" and returned["review_label"] == "已退回"
    code, out, _ = run(
        capsys, "--db", township, "review", "approve", "--kind", "training", "--from", DAY[:7]
    )
    assert code == 0 and "1 条记录" in out


def test_review_is_refused_on_a_specialists_computer(tmp_path, capsys):
    db = tmp_path / "s.sqlite3"
    run(capsys, "--db", db, "roster", "import", SAMPLE)
    run(
        capsys,
        "--db",
        db,
        "init",
        "--role",
        "specialist",
        "--name",
        "王建国",
        "--specialist",
        "13800001001",
    )
    rid = add(capsys, db, "--kind", "visit", "--values", visit(review_state="submitted"))
    code, _, err = run(capsys, "--db", db, "review", "approve", rid)
    assert code == 1 and err.strip() == "只有乡镇服务站或县服务团的电脑可以审核（本机是特派员）"
    code, out, _ = run(capsys, "--db", db, "--json", "record", "list")
    assert json.loads(out)[0]["review_state"] == "submitted"


def test_review_of_several_ids_is_all_or_nothing(township, capsys):
    a = add(capsys, township, "--kind", "visit", "--values", visit(review_state="submitted"))
    code, _, err = run(capsys, "--db", township, "review", "approve", a, "ffffffffff")
    assert code == 1 and "ffffffffff" in err
    code, out, _ = run(capsys, "--db", township, "--json", "record", "list")
    assert json.loads(out)[0]["review_state"] == "submitted"


# ----------------------------------------------------------------- history
def test_history_marks_concurrent_edits_and_points_to_the_conflict(tmp_path, capsys):
    from zjk_desktop.sync.testing import build_network, visit_values

    net = build_network(tmp_path / "net")
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    net.receive("township", net.send("s1", "township"))
    net.township.update("visit", rid, {"content": "乡镇改的"})
    net.s1.update("visit", rid, {"content": "特派员改的"})
    net.receive("township", net.send("s1", "township"))
    township_db = net.township.path
    net.close()
    code, out, _ = run(capsys, "--db", township_db, "history", rid[-10:])
    concurrent = [line for line in out.splitlines() if "同时发生" in line]
    assert len(concurrent) == 2, out
    assert all("服务内容" in line and "zjk resolve" in line for line in concurrent)
    code, out, _ = run(capsys, "--db", township_db, "conflicts")
    conflict_id = out.split()[0]
    assert all(conflict_id in line for line in concurrent)
    assert len(conflict_id) <= 12
    code, out, err = run(capsys, "--db", township_db, "resolve", conflict_id, "--keep", "winner")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", township_db, "history", rid[-10:])
    assert "冲突已处理" in out


# ------------------------------------------------------------------ roster
def test_roster_import_strict_says_nothing_was_imported(tmp_path, capsys):
    sheet = tmp_path / "r.csv"
    sheet.write_text(
        "县区,乡镇,村,区划代码,是否贫困村,出列年份,户数\n"
        "赤城县,样田乡,石柳营村,130732100201,是,2019,200\n"
        "赤城县,样田乡,坏村,1,是,2019,200\n"
        "赤城县,样田乡,坏村二,2,是,2019,200\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.sqlite3"
    code, out, _ = run(capsys, "--db", db, "roster", "import", "--strict", sheet)
    lines = out.splitlines()
    assert code == 1 and lines[0] == "未导入（发现 2 个问题行）"
    assert lines[1].startswith("修正问题行后导入将是：县乡村：新增 3")
    code, out, _ = run(capsys, "--db", db, "roster", "list", "villages")
    assert out.strip() == ""


def test_a_spreadsheet_given_to_import_points_to_roster_import(tmp_path, capsys):
    db = tmp_path / "t.sqlite3"
    run(capsys, "--db", db, "init", "--role", "township", "--name", "李文")
    disguised = tmp_path / "花名册.zjkpkg"
    disguised.write_bytes(SAMPLE.read_bytes())
    for path in (SAMPLE, disguised):
        code, out, _ = run(capsys, "--db", db, "import", path)
        assert code == 1 and f"zjk roster import {path.name}" in out and "_rels" not in out


def test_review_outside_the_stations_villages_is_refused(township, capsys):
    # The record comes from elsewhere (a township computer may not create it: sync trust rules).
    from zjk_desktop.store import Change, Store
    from zjk_desktop.sync.testing import rogue_write

    store = Store.open(township)
    spec = store.rows("specialist", {"phone": "13800001002"})[0]
    village = store.rows("org_unit", {"name": "白桦湾村"})[0]
    values = json.loads(visit(review_state="submitted"))
    values.update(specialist_id=spec["id"], village_id=village["id"])
    outcomes = rogue_write(store, [Change("visit", "create", values)], validate_rows=False)
    elsewhere = outcomes[0].record_id
    store.close()
    code, _, err = run(capsys, "--db", township, "review", "approve", elsewhere[-10:])
    assert code == 1 and err.strip() == f"记录 {elsewhere[-10:]} 不属于本机负责的范围"


def test_json_errors_carry_the_option_and_a_code(township, capsys):
    code, out, err = run(capsys, "--db", township, "--json", "record", "list", "--village", "村")
    error = json.loads(out)["error"]
    assert code == 1 and error["code"] == "ambiguous" and error["field"] == "--village"
    assert error["message"] == err.strip() and "130722101201" in err
    code, out, err = run(
        capsys,
        "--db",
        township,
        "--json",
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(village_id="不存在的村"),
    )
    assert json.loads(out)["error"] == {
        "code": "not_found",
        "field": "village_id",
        "message": "未找到村：不存在的村",
    }


def test_the_command_line_stores_a_photo_exactly_as_the_desktop_does(
    township, tmp_path, capsys, qtbot
):
    from zjk_desktop.gui.widgets.photos import PhotoStrip

    photo = tmp_path / "field.png"
    Image.new("RGB", (2000, 1500), "olive").save(photo)
    rid = add(capsys, township, "--kind", "visit", "--values", visit(), "--photo", photo)
    store = Store.open(township)
    try:
        strip = PhotoStrip()
        qtbot.addWidget(strip)
        strip.store = store
        before = store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0]
        assert strip.add_files([str(photo)]) == []
        assert (
            strip.digests() == current(store, "visit", rid)["photos"]
        )  # the same content, the same photo
        assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == before
    finally:
        store.close()
