"""Acceptance: issue 15 (the command line does everything the desktop does) and issue 10 item 5.

A small office network (county, township 城关镇, specialists 特派员1/特派员2 in
村1/村2) is built once per test; from then on people use only ``zjk``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from pathlib import Path

import pytest

from zjk_desktop import cli
from zjk_desktop.store import Change, Store
from zjk_desktop.sync import export
from zjk_desktop.sync.testing import build_network

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_roster.xlsx"
PY_TEXT = ("Error", "Traceback", "Exception", "errno", "sqlite3.")
LONG_HEX = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{13,}(?![0-9a-fA-F])")


def zjk(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_lines(text: str) -> None:
    for line in text.splitlines():
        for marker in PY_TEXT:
            assert marker not in line, line
        assert not LONG_HEX.search(line), line


def assert_one_clean_line(text: str) -> None:
    assert text.strip(), "nothing printed"
    assert text.strip().count("\n") == 0, text
    assert_clean_lines(text)


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    paths = {name: s.path for name, s in n.nodes.items()}
    info = {
        "paths": paths,
        "ids": dict(n.ids),
        "root": n.root,
        "nodes": {name: s.node_id for name, s in n.nodes.items()},
    }
    n.close()
    return info


def db(net, who: str) -> Path:
    return net["paths"][who]


def visit(**extra) -> str:
    values = {
        "date": "2025-05-01",
        "village_id": "村1",
        "industry": "millet",
        "service_type": "guidance",
        "content": "谷子田间管理",
        "farmers": "王大爷",
        "households_served": 3,
    }
    values.update(extra)
    return json.dumps(values, ensure_ascii=False)


def add(capsys, net, who, *argv) -> str:
    code, out, err = zjk(
        capsys, "--db", db(net, who), "--json", "record", "add", "--kind", "visit", *argv
    )
    assert code == 0, err
    return json.loads(out)["id"]


def send(
    capsys, net, sender: str, to: str, receiver: str, name: str | None = None, *extra
) -> tuple[int, str]:
    pkg = net["root"] / (
        name or f"{sender}-to-{receiver}-{len(list(net['root'].iterdir()))}.zjkpkg"
    )
    code, out, err = zjk(
        capsys, "--db", db(net, sender), "export", "--to", to, "--out", pkg, *extra
    )
    assert code == 0, out + err
    code, out, err = zjk(capsys, "--db", db(net, receiver), "import", pkg)
    return code, out + err


def row(net, who, rid) -> dict:
    """The visit ``rid`` as ``who`` has it; the test fails when ``who`` has no such visit."""
    s = Store.open(db(net, who))
    try:
        found = s.get("visit", rid)
    finally:
        s.close()
    assert found is not None, f"{who} has no visit {rid}"
    return found


def find_dicts(data, **match):
    """Every dict inside ``data`` (JSON) whose items include ``match``."""
    found = []
    if isinstance(data, dict):
        if all(data.get(k) == v for k, v in match.items()):
            found.append(data)
        for v in data.values():
            found += find_dicts(v, **match)
    elif isinstance(data, list):
        for v in data:
            found += find_dicts(v, **match)
    return found


# ===================================================== 1. review from the CLI
def test_a_day_of_review_from_the_command_line(net, capsys):
    a = add(capsys, net, "s1", "--values", visit(review_state="submitted", content="晚疫病防治"))
    b = add(capsys, net, "s1", "--values", visit(review_state="submitted", content="虫害"))
    c = add(
        capsys,
        net,
        "s1",
        "--values",
        visit(review_state="submitted", content="施肥", date="2025-06-02"),
    )
    code, said = send(capsys, net, "s1", "township", "township")
    assert code == 0, said
    t = db(net, "township")

    code, out, err = zjk(capsys, "--db", t, "review", "list")
    assert code == 0, err
    assert len([line for line in out.splitlines() if line.strip()]) == 3 and "已提交" in out
    assert_clean_lines(out)

    # Returning needs a comment; nothing changes without one.
    code, out, err = zjk(capsys, "--db", t, "review", "return", a)
    assert code == 1
    assert_one_clean_line(err)
    assert row(net, "township", a)["review_state"] == "submitted"
    code, out, err = zjk(capsys, "--db", t, "review", "return", a, "--comment", "请补充服务户数")
    assert code == 0, err
    # By filter: the specialist's submitted visits in May.
    code, out, err = zjk(
        capsys,
        "--db",
        t,
        "review",
        "approve",
        "--specialist",
        "特派员1",
        "--kind",
        "visit",
        "--from",
        "2025-05-01",
        "--to",
        "2025-05-31",
    )
    assert code == 0, err
    assert row(net, "township", a)["review_state"] == "returned"
    assert row(net, "township", b)["review_state"] == "approved"
    assert row(net, "township", c)["review_state"] == "submitted"

    # record list shows the state and the return comment without --json.
    code, out, err = zjk(capsys, "--db", t, "record", "list", "--kind", "visit")
    assert code == 0, err
    returned = [line for line in out.splitlines() if "已退回" in line]
    assert len(returned) == 1 and "请补充服务户数" in returned[0]
    assert any("已审核" in line or "已通过" in line for line in out.splitlines())

    # The review reaches the county and the specialist, who sees "已退回" and why.
    code, said = send(capsys, net, "township", "county", "county")
    assert code == 0, said
    code, said = send(capsys, net, "township", net["nodes"]["s1"], "s1")
    assert code == 0, said
    code, out, err = zjk(capsys, "--db", db(net, "s1"), "record", "list", "--kind", "visit")
    assert "已退回" in out and "请补充服务户数" in out


def test_review_is_refused_on_a_specialists_computer(net, capsys):
    rid = add(capsys, net, "s1", "--values", visit(review_state="submitted"))
    code, _out, err = zjk(capsys, "--db", db(net, "s1"), "review", "approve", rid)
    assert code == 1
    assert_one_clean_line(err)
    assert row(net, "s1", rid)["review_state"] == "submitted"


def test_review_of_an_unknown_id_changes_nothing(net, capsys):
    a = add(capsys, net, "s1", "--values", visit(review_state="submitted"))
    send(capsys, net, "s1", "township", "township")
    code, _out, err = zjk(capsys, "--db", db(net, "township"), "review", "approve", a, "ffffffffff")
    assert code == 1
    assert_one_clean_line(err)
    assert row(net, "township", a)["review_state"] == "submitted"


# ============================================================ 1. photos
def _image(path: Path, size=(400, 300), color="darkgreen", fmt=None) -> Path:
    from PIL import Image

    Image.new("RGB", size, color).save(path, fmt)
    return path


def test_photos_from_the_command_line_are_stored_and_travel(net, tmp_path, capsys):
    small = _image(tmp_path / "田间.jpg", fmt="JPEG")
    other = _image(tmp_path / "地块.png", color="brown")
    rid = add(capsys, net, "s1", "--values", visit(), "--photo", small, "--photo", other)
    s = Store.open(db(net, "s1"))
    photos = row(net, "s1", rid)["photos"]
    assert len(photos) == 2 and all(s.has_blob(p) for p in photos)
    s.close()
    # The same file again is the same stored photo (content-addressed).
    again = add(capsys, net, "s1", "--values", visit(content="再次"), "--photo", small)
    assert row(net, "s1", again)["photos"][0] in photos
    code, said = send(capsys, net, "s1", "township", "township")
    assert code == 0, said
    t = Store.open(db(net, "township"))
    assert all(t.has_blob(p) for p in row(net, "township", rid)["photos"])
    t.close()
    digest = hashlib.sha256(small.read_bytes()).hexdigest()
    assert all(len(p) == len(digest) for p in photos)
    # record edit --photo adds to the record's photos
    third = _image(tmp_path / "第三张.jpg", color="navy", fmt="JPEG")
    code, _out, err = zjk(capsys, "--db", db(net, "s1"), "record", "edit", rid, "--photo", third)
    assert code == 0, err
    now = row(net, "s1", rid)["photos"]
    assert len(now) == 3 and set(photos) <= set(now)


@pytest.mark.parametrize(
    "photos",
    [
        ["deadbeef"],
        ["0" * 64],
        ["../../etc/passwd"],
    ],
)
def test_photos_that_are_not_stored_blobs_are_refused(net, capsys, photos):
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(photos=photos),
    )
    assert code == 1, out
    assert_one_clean_line(err)
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "--json", "record", "list", "--kind", "visit")
    assert json.loads(out) == []


def test_a_file_that_is_not_a_picture_is_refused_as_a_photo(net, tmp_path, capsys):
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a picture")
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(),
        "--photo",
        notes,
    )
    assert code == 1
    assert_one_clean_line(err)
    assert "notes.jpg" in err
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(),
        "--photo",
        tmp_path / "missing.jpg",
    )
    assert code == 1
    assert_one_clean_line(err)
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "--json", "record", "list", "--kind", "visit")
    assert json.loads(out) == []


# ============================================================= 2/3. dates
@pytest.mark.parametrize(
    "bad", ["2026/10/12", "10/12/2026", "20261012", "2026-1-2", "2026-02-30", "12.10.2026"]
)
def test_record_dates_have_one_grammar_and_one_message_template(net, capsys, bad):
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(date=bad),
    )
    assert code == 1, out
    assert_one_clean_line(err)
    assert err.count("日期") == 1 and bad in err and "年-月-日" in err
    assert not err.startswith("date")  # no English field key first
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "--json", "record", "list", "--kind", "visit")
    assert json.loads(out) == []


def test_the_issue_example_message_and_its_english_and_json_forms(net, capsys):
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(date="10/12/2026"),
    )
    assert code == 1 and err.strip() == "日期“10/12/2026”无效，应为 2026-10-12 这样的 年-月-日"
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "--lang",
        "en",
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(date="10/12/2026"),
    )
    assert code == 1
    assert_one_clean_line(err)
    assert err.count("Date") == 1 and "10/12/2026" in err and "日期" not in err
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "--json",
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(date="10/12/2026"),
    )
    assert code == 1
    data = json.loads(out)
    hits = find_dicts(data, field="date")
    assert hits and all(h.get("code") for h in hits), data


@pytest.mark.parametrize(
    "who,command",
    [
        ("s1", ("record", "list", "--kind", "visit")),
        ("township", ("record", "list", "--kind", "visit")),
        ("township", ("review", "list")),
        ("township", ("review", "approve", "--kind", "visit")),
    ],
)
@pytest.mark.parametrize("option", ["--from", "--to"])
def test_a_period_option_in_another_format_is_refused_not_silently_empty(
    net, capsys, who, command, option
):
    add(capsys, net, "s1", "--values", visit(date="2025-05-01", review_state="submitted"))
    send(capsys, net, "s1", "township", "township")
    code, out, err = zjk(capsys, "--db", db(net, who), *command, option, "2026/10/01")
    assert code == 1 and out == ""
    assert_one_clean_line(err)
    assert "2026/10/01" in err or option in err
    assert "年" in err  # the accepted forms are named


@pytest.mark.parametrize("period", ["2026/10", "2025Q5", "2025-13", "10/2026", "２０２５"])
def test_report_periods_use_the_same_grammar(net, tmp_path, capsys, period):
    out_pdf = tmp_path / "台账.pdf"
    code, _out, err = zjk(
        capsys,
        "--db",
        db(net, "county"),
        "report",
        "specialist",
        "--scope",
        "特派员1",
        "--from",
        period,
        "--to",
        "2025-12",
        "--out",
        out_pdf,
    )
    assert code == 1 and not out_pdf.exists()
    assert_one_clean_line(err)
    assert period in err and "年" in err


def test_record_edit_dates_use_the_same_grammar(net, capsys):
    rid = add(capsys, net, "s1", "--values", visit())
    code, _out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "edit",
        rid,
        "--values",
        json.dumps({"date": "2025/05/02"}),
    )
    assert code == 1
    assert_one_clean_line(err)
    assert err.count("日期") == 1 and "2025/05/02" in err and "年-月-日" in err
    assert row(net, "s1", rid)["date"] == "2025-05-01"


@pytest.mark.parametrize(
    "period", ["2025Q0", "25", "2025-5", "2025-05-1", "2025-Q2", "一〇二五", "２０２５"]
)
def test_record_list_periods_outside_the_grammar_are_refused(net, capsys, period):
    add(capsys, net, "s1", "--values", visit(date="2025-05-01"))
    code, out, err = zjk(
        capsys, "--db", db(net, "s1"), "record", "list", "--kind", "visit", "--from", period
    )
    assert code == 1 and out == ""
    assert_one_clean_line(err)


@pytest.mark.parametrize(
    "args,count",
    [
        (("--from", "2025Q2"), 1),
        (("--to", "2025-03"), 1),
        (("--from", "2025", "--to", "2025"), 2),
        (("--from", "2025-04-01", "--to", "2025-04-01"), 1),
        (("--from", "2025Q1", "--to", "2025Q1"), 1),
    ],
)
def test_periods_select_records(net, capsys, args, count):
    add(capsys, net, "s1", "--values", visit(date="2025-03-31"))
    add(capsys, net, "s1", "--values", visit(date="2025-04-01"))
    code, out, err = zjk(
        capsys, "--db", db(net, "s1"), "--json", "record", "list", "--kind", "visit", *args
    )
    assert code == 0, err
    assert len(json.loads(out)) == count


# ====================================================== 4. history, strict
def test_history_marks_a_concurrent_edit_and_points_to_the_conflict(net, capsys):
    rid = add(capsys, net, "s1", "--values", visit())
    send(capsys, net, "s1", "township", "township")
    code, _, err = zjk(
        capsys,
        "--db",
        db(net, "township"),
        "record",
        "edit",
        rid,
        "--values",
        json.dumps({"content": "乡镇改的"}, ensure_ascii=False),
    )
    assert code == 0, err
    code, _, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "record",
        "edit",
        rid,
        "--values",
        json.dumps({"content": "特派员改的"}, ensure_ascii=False),
    )
    assert code == 0, err
    send(capsys, net, "s1", "township", "township")
    code, out, _ = zjk(capsys, "--db", db(net, "township"), "conflicts")
    assert code == 0 and out.strip()
    conflict_id = out.split()[0]
    code, out, _ = zjk(capsys, "--db", db(net, "township"), "history", rid)
    assert code == 0
    marked = [line for line in out.splitlines() if conflict_id in line]
    assert marked, out  # the concurrent versions point to the conflict
    assert_clean_lines(out)


def test_roster_import_strict_with_bad_rows_says_nothing_was_imported(tmp_path, capsys):
    sheet = tmp_path / "r.csv"
    sheet.write_text(
        "县区,乡镇,村,区划代码,是否贫困村,出列年份,户数\n"
        "赤城县,样田乡,石柳营村,130732100201,是,2019,200\n"
        "赤城县,样田乡,坏村,1,是,2019,200\n"
        "赤城县,样田乡,坏村二,2,是,2019,200\n",
        encoding="utf-8",
    )
    c = tmp_path / "c.sqlite3"
    code, out, _err = zjk(capsys, "--db", c, "roster", "import", "--strict", sheet)
    assert code == 1
    assert "未导入（发现 2 个问题行）" in out.splitlines()[0]
    assert "新增 11" not in out and "新增 3" in out  # the would-be counts, said as such
    s = Store.open(c)
    assert s.rows("org_unit") == []
    s.close()


# ================================================== 5. peers and receipts
def test_peers_count_what_a_relay_confirmed(net, capsys):
    for i in range(5):
        add(capsys, net, "s1", "--values", visit(content=f"走访{i}"))
    add(capsys, net, "s2", "--values", visit(village_id="村2"))
    assert send(capsys, net, "s1", "township", "township")[0] == 0
    assert send(capsys, net, "s2", "township", "township")[0] == 0
    assert send(capsys, net, "township", "county", "county")[0] == 0
    r1, r2 = net["root"] / "county-receipt.zjkpkg", net["root"] / "township-receipt.zjkpkg"
    assert (
        zjk(
            capsys,
            "--db",
            db(net, "county"),
            "receipt",
            "--for",
            net["nodes"]["township"],
            "--out",
            r1,
        )[0]
        == 0
    )
    assert zjk(capsys, "--db", db(net, "township"), "import", r1)[0] == 0
    assert (
        zjk(
            capsys, "--db", db(net, "township"), "receipt", "--for", net["nodes"]["s1"], "--out", r2
        )[0]
        == 0
    )
    code, out, err = zjk(capsys, "--db", db(net, "s1"), "import", r2)
    assert code == 0, out + err
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "--json", "peers")
    peers = json.loads(out)
    by_role = {p["role"]: p for p in peers if p.get("role") in ("county", "township")}
    assert by_role["county"]["unsent"] == 0 and by_role["township"]["unsent"] == 0
    # The other specialist never receives this one's records, and holds the roster (its package said so).
    other = [p for p in peers if p.get("node_id") == net["nodes"]["s2"]]
    assert all(p["unsent"] == 0 for p in other), other
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "peers")
    assert "县服务团" in out and "城关镇服务站" in out
    assert_clean_lines(out)


def test_export_says_what_it_repeats_and_suggests_a_receipt(net, capsys):
    for i in range(3):
        add(capsys, net, "s1", "--values", visit(content=f"走访{i}"))
    first = net["root"] / "1.zjkpkg"
    code, out, _ = zjk(
        capsys, "--db", db(net, "s1"), "--json", "export", "--to", "township", "--out", first
    )
    n = json.loads(out)["n_changes"]
    assert zjk(capsys, "--db", db(net, "township"), "import", first)[0] == 0
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "s1"),
        "export",
        "--to",
        "township",
        "--out",
        net["root"] / "2.zjkpkg",
    )
    assert code == 0
    assert str(n) in out and "receipt" in out
    assert_clean_lines(out + err)


# ============================================ 6. names for people, computers
def test_a_misaddressed_file_names_its_addressee_in_words(net, capsys):
    add(capsys, net, "s1", "--values", visit())
    pkg = net["root"] / "for-the-station.zjkpkg"
    zjk(capsys, "--db", db(net, "s1"), "export", "--to", "township", "--out", pkg)
    code, out, err = zjk(capsys, "--db", db(net, "s2"), "import", pkg)
    assert code == 1
    assert_one_clean_line(out + err)
    assert "township" not in out + err
    # The same package unencrypted (as an older program wrote it): the addressee is named in words.
    data = pkg.read_bytes()
    if data.startswith(b"age-encryption.org/v1"):
        from zjk_desktop.sync import crypto  # issue 10

        t = Store.open(db(net, "township"))
        data = crypto.unseal(t, data)
        t.close()
    plain = net["root"] / "plain-for-the-station.zjkpkg"
    plain.write_bytes(data)
    code, out, err = zjk(capsys, "--db", db(net, "s2"), "import", plain)
    assert code == 1
    assert_one_clean_line(out + err)
    assert "township" not in out + err
    assert "乡镇服务站" in out + err and "城关镇" in out + err


def test_the_short_ids_the_cli_prints_name_one_record_each(net, capsys):
    shown = []
    for i in range(3):
        code, out, err = zjk(
            capsys,
            "--db",
            db(net, "s1"),
            "record",
            "add",
            "--kind",
            "visit",
            "--values",
            visit(content=f"第{i}次"),
        )
        assert code == 0, err
        shown.append(out.split()[-1])
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "record", "list", "--kind", "visit")
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert len(set(shown)) == 3 and len(set(listed)) == 3, (shown, listed)
    for short in shown:
        code, out, err = zjk(capsys, "--db", db(net, "s1"), "history", short)
        assert code == 0, err
        code, out, err = zjk(
            capsys,
            "--db",
            db(net, "s1"),
            "record",
            "edit",
            short,
            "--values",
            json.dumps({"problems": "补充"}, ensure_ascii=False),
        )
        assert code == 0, err


@pytest.mark.parametrize("suffix", [".xlsx", ".zjkpkg", ".csv"])
def test_a_spreadsheet_given_to_import_points_to_roster_import(net, tmp_path, capsys, suffix):
    sheet = tmp_path / f"花名册{suffix}"
    if suffix == ".csv":
        sheet.write_bytes((ROOT / "resources" / "sample" / "sample_roster_gbk.csv").read_bytes())
    else:
        sheet.write_bytes(SAMPLE.read_bytes())
    code, out, err = zjk(capsys, "--db", db(net, "township"), "import", sheet)
    assert code == 1
    assert_one_clean_line(out + err)
    assert "roster import" in out + err and "_rels" not in out + err


def test_import_summaries_and_refusals_name_computers_not_hex_ids(net, capsys):
    add(capsys, net, "s1", "--values", visit())
    code, said = send(capsys, net, "s1", "township", "township")
    assert code == 0
    assert "特派员1" in said
    assert_clean_lines(said)


# ================================= issue 10 item 5: names not ids, whoami, roster list
def test_villages_and_specialists_by_code_phone_or_name(net, capsys):
    by_name = add(
        capsys, net, "township", "--values", visit(village_id="村1", specialist_id="特派员1")
    )
    by_code = add(
        capsys,
        net,
        "township",
        "--values",
        visit(village_id="130732100201", specialist_id="13800000001"),
    )
    for rid in (by_name, by_code):
        r = row(net, "township", rid)
        assert (r["village_id"], r["specialist_id"]) == (net["ids"]["v1"], net["ids"]["sp1"])
    code, out, _ = zjk(
        capsys,
        "--db",
        db(net, "township"),
        "--json",
        "record",
        "list",
        "--kind",
        "visit",
        "--village",
        "村1",
        "--specialist",
        "13800000001",
    )
    assert {r["id"] for r in json.loads(out)} == {by_name, by_code}
    code, out, err = zjk(
        capsys,
        "--db",
        db(net, "township"),
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        visit(village_id="不存在的村", specialist_id="特派员1"),
    )
    assert code == 1
    assert_one_clean_line(err)
    assert "不存在的村" in err


def test_an_ambiguous_name_lists_the_candidates(net, capsys):
    county = Store.open(db(net, "county"))
    county.write(
        [
            Change(
                "org_unit",
                "create",
                {
                    "code": "130732100209",
                    "name": "村1",
                    "level": "village",
                    "parent_id": net["ids"]["t1"],
                    "is_poor": False,
                },
            )
        ]
    )
    roster = net["root"] / "roster2.zjkpkg"
    export.export_roster(county, roster)
    county.close()
    assert zjk(capsys, "--db", db(net, "township"), "import", roster)[0] == 0
    code, out, err = zjk(
        capsys, "--db", db(net, "township"), "record", "list", "--kind", "visit", "--village", "村1"
    )
    assert code == 1 and out == ""
    assert_one_clean_line(err)
    assert "130732100201" in err and "130732100209" in err


def test_record_add_on_a_specialists_computer_fills_in_its_own_specialist(net, capsys):
    rid = add(capsys, net, "s1", "--values", visit())
    assert row(net, "s1", rid)["specialist_id"] == net["ids"]["sp1"]


def test_whoami(net, capsys):
    code, out, err = zjk(capsys, "--db", db(net, "s1"), "whoami")
    assert code == 0, err
    assert "特派员" in out and "特派员1" in out and "城关镇" in out
    assert_clean_lines(out)
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "--json", "whoami")
    me = json.loads(out)
    assert me["role"] == "specialist"
    fp = me["fingerprint"]
    code, out, _ = zjk(capsys, "--db", db(net, "s1"), "--json", "keys", "show")
    assert json.loads(out)["fingerprint"] == fp
    assert net["ids"]["sp1"] in json.dumps(me)


@pytest.mark.parametrize("what", ["villages", "specialists", "computers"])
def test_roster_list(net, capsys, what):
    code, out, err = zjk(capsys, "--db", db(net, "township"), "roster", "list", what)
    assert code == 0, err
    expected = {
        "villages": ["130732100201", "村1", "村2"],
        "specialists": ["特派员1", "13800000002"],
        "computers": ["县服务团", "特派员1"],
    }[what]
    for word in expected:
        assert word in out, (word, out)
    assert_clean_lines(out)
    code, out, err = zjk(capsys, "--db", db(net, "township"), "--json", "roster", "list", what)
    assert code == 0 and isinstance(json.loads(out), list) and json.loads(out)


# ========================================================= 7. README
def _readme_zjk_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for body in re.findall(r"```(?:bash|sh|console|shell)\n(.*?)\n```", text, re.S):
        lines += [line.strip() for line in body.splitlines() if line.strip().startswith("zjk ")]
    return lines


def test_readme_examples_use_real_commands_and_options():
    lines = _readme_zjk_lines()
    assert len(lines) >= 10
    text = "\n".join(lines)
    assert "zjk review" in text and "--photo" in text
    parser = cli.build_parser()
    for line in lines:
        assert not re.search(r"record (add|edit).*--json\s+'\{", line), line
        code = line.split(" #", 1)[0]
        args = [a.strip("[]").split("|")[0] for a in shlex.split(code)[1:] if a not in ("...", "…")]
        args = [a for a in args if a]
        if args in (["--version"], ["--help"], ["-h"]):
            continue
        try:
            parser.parse_args(args)
        except SystemExit:
            pytest.fail(f"README line is not a command the program has: {line}")
