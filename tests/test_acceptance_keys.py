"""Acceptance: issue 10 (computers and keys), tried as a county, a clerk and a specialist would.

Everything goes through the ``zjk`` command; the only look inside is the
standard ``age`` tool (Debian package ``age``) opening an exported package
with the addressee's identity file, and reading a database to see what a
person would see in the program.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from zjk_desktop import cli
from zjk_desktop.store import Store
from zjk_desktop.sync import keys

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "sample_roster.xlsx"
AGE_MAGIC = b"age-encryption.org/v1"
PY_TEXT = ("Error", "Traceback", "Exception", "errno", "sqlite3.", "pyrage")
LONG_HEX = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{13,}(?![0-9a-fA-F])")
PASSPHRASE = "正确的密码 horse battery\n"
VISIT = {
    "date": "2026-05-01",
    "industry": "potato",
    "service_type": "guidance",
    "content": "马铃薯晚疫病防治",
    "farmers": "王大爷 13900001111",
    "households_served": 4,
}

needs_age = pytest.mark.skipif(
    shutil.which("age") is None, reason="Debian package age is not installed"
)


def zjk(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_clean_line(text: str) -> None:
    assert text.strip(), "nothing printed"
    assert text.strip().count("\n") == 0, text
    for marker in PY_TEXT:
        assert marker not in text, text
    assert not LONG_HEX.search(text), text


def fingerprint(capsys, db) -> str:
    code, out, err = zjk(capsys, "--db", db, "--json", "keys", "show")
    assert code == 0, err
    return json.loads(out)["fingerprint"]


def node_of(db) -> tuple[str, str | None, str | None]:
    s = Store.open(db)
    try:
        me = s.node_info()
        return me.node_id, me.org_id, me.specialist_id
    finally:
        s.close()


def roster_person(db, name: str) -> dict:
    s = Store.open(db)
    try:
        person = s.rows("specialist", {"name": name})[0]
        station = s.get("org_unit", person["org_id"])
        assert station is not None, f"{name}'s station is not in the roster"
        person["station_code"] = station["code"]
        person["village_id"] = s.rows("assignment", {"specialist_id": person["id"]})[0][
            "village_id"
        ]
        return person
    finally:
        s.close()


@pytest.fixture
def county(tmp_path, capsys):
    """A county that set itself up before any roster, then imported its roster sheet."""
    db = tmp_path / "county" / "zjk.sqlite3"
    code, _out, err = zjk(
        capsys, "--db", db, "init", "--role", "county", "--name", "赵志刚", "--org", "130722"
    )
    assert code == 0, err
    _node, org, _sp = node_of(db)
    assert org is not None  # 张北县 from the division table, before any roster
    s = Store.open(db)
    county_unit = s.get("org_unit", org)
    assert county_unit is not None and county_unit["name"] == "张北县"
    s.close()
    code, _out, err = zjk(capsys, "--db", db, "roster", "import", SAMPLE)
    assert code == 0, err
    return db


def enrol(capsys, tmp_path, county, name, role, *approve_args, folder=None):
    """New computer: init + request; county: approve + roster; new computer: import --trust."""
    db = tmp_path / (folder or name) / "zjk.sqlite3"
    request = tmp_path / f"{folder or name}-request.zjkpkg"
    code, out, err = zjk(
        capsys,
        "--db",
        db,
        "init",
        "--role",
        role,
        "--name",
        name,
        "--org",
        "130722",
        "--request",
        request,
    )
    assert code == 0, err
    assert request.exists()
    fp = fingerprint(capsys, db)
    assert fp in out  # shown, to read out on the phone
    code, out, err = zjk(
        capsys, "--db", county, "keys", "approve", request, "--fingerprint", fp, *approve_args
    )
    assert code == 0, err
    assert name in out
    roster = tmp_path / f"roster-for-{folder or name}.zjkpkg"
    assert zjk(capsys, "--db", county, "export", "--roster", "--out", roster)[0] == 0
    code, out, err = zjk(
        capsys, "--db", db, "import", roster, "--trust", fingerprint(capsys, county)
    )
    assert code == 0, out + err
    return db, roster


def add_visit(capsys, db, person, **extra) -> str:
    values = dict(VISIT, specialist_id=person["id"], village_id=person["village_id"], **extra)
    code, out, err = zjk(
        capsys,
        "--db",
        db,
        "--json",
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        json.dumps(values, ensure_ascii=False),
    )
    assert code == 0, err
    return json.loads(out)["id"]


@pytest.fixture
def office(tmp_path, county, capsys):
    """County, an enrolled township clerk and an enrolled specialist (示例王建国)."""
    person = roster_person(county, "示例王建国")
    clerk, _ = enrol(
        capsys, tmp_path, county, "示例站长", "township", "--org", person["station_code"]
    )
    laptop, roster = enrol(capsys, tmp_path, county, "示例王建国", "specialist")
    # The clerk gets the roster that carries the specialist's key.
    code, out, err = zjk(capsys, "--db", clerk, "import", roster)
    assert code == 0, out + err
    return {"county": county, "clerk": clerk, "laptop": laptop, "person": person, "root": tmp_path}


# ====================================================== 1. enrolment
def test_enrolment_end_to_end_links_the_computer_to_its_roster_person(office, capsys):
    person = office["person"]
    _node, org, specialist = node_of(office["laptop"])
    assert (specialist, org) == (person["id"], person["org_id"])
    _node, org, _sp = node_of(office["clerk"])
    assert org == person["org_id"]
    # The county's keyring entry, as every computer got it, carries the county's organisation.
    county_node, county_org, _sp = node_of(office["county"])
    code, out, _ = zjk(capsys, "--db", office["clerk"], "--json", "keys", "list")
    entry = [k for k in json.loads(out) if k.get("node_id") == county_node]
    assert entry and entry[0].get("org_id") == county_org
    # The new computer's work reaches the township and is accepted as the specialist's.
    rid = add_visit(capsys, office["laptop"], person)
    pkg = office["root"] / "to-township.zjkpkg"
    assert zjk(capsys, "--db", office["laptop"], "export", "--to", "township", "--out", pkg)[0] == 0
    code, out, err = zjk(capsys, "--db", office["clerk"], "import", pkg)
    assert code == 0, out + err
    s = Store.open(office["clerk"])
    arrived = s.get("visit", rid)
    assert arrived is not None and arrived["specialist_id"] == person["id"]
    s.close()
    # The county trusts the clerk's relay of it as well.
    up = office["root"] / "to-county.zjkpkg"
    assert zjk(capsys, "--db", office["clerk"], "export", "--to", "county", "--out", up)[0] == 0
    code, out, err = zjk(capsys, "--db", office["county"], "import", up)
    assert code == 0, out + err


def test_a_county_can_init_with_its_code_before_any_roster(tmp_path, capsys):
    db = tmp_path / "c" / "zjk.sqlite3"
    code, _out, err = zjk(
        capsys, "--db", db, "init", "--role", "county", "--name", "县服务团", "--org", "130732"
    )
    assert code == 0, err
    _node, org, _sp = node_of(db)
    assert org is not None  # 赤城县 from the division table
    s = Store.open(db)
    county_unit = s.get("org_unit", org)
    assert county_unit is not None and county_unit["name"] == "赤城县"
    s.close()
    # An unknown code is refused in one line.
    code, _out, err = zjk(
        capsys,
        "--db",
        tmp_path / "d" / "zjk.sqlite3",
        "init",
        "--role",
        "county",
        "--name",
        "县服务团",
        "--org",
        "999999",
    )
    assert code == 1
    assert_one_clean_line(err)


def test_the_first_roster_is_not_trusted_without_the_county_fingerprint(tmp_path, county, capsys):
    db = tmp_path / "new" / "zjk.sqlite3"
    zjk(
        capsys,
        "--db",
        db,
        "init",
        "--role",
        "specialist",
        "--name",
        "示例王建国",
        "--org",
        "130722",
        "--request",
        tmp_path / "req.zjkpkg",
    )
    roster = tmp_path / "roster.zjkpkg"
    zjk(capsys, "--db", county, "export", "--roster", "--out", roster)
    county_fp = fingerprint(capsys, county)
    code, out, err = zjk(capsys, "--db", db, "import", roster)
    assert code == 1 and county_fp in out + err
    code, out, err = zjk(
        capsys, "--db", db, "import", roster, "--trust", "1234 5678 9012 3456 1234 5678 9012 3456"
    )
    assert code == 1
    assert_one_clean_line(out + err)
    s = Store.open(db)
    assert s.rows("specialist") == []  # nothing imported
    s.close()


def _swap_key_in_request(
    request: Path, honest_pub: str, forger_pub: str, out: Path, signature: str | None = None
):
    with zipfile.ZipFile(request) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    text = members["manifest.json"].decode("utf-8")
    assert honest_pub in text
    members["manifest.json"] = text.replace(honest_pub, forger_pub).encode("utf-8")
    if signature is not None:
        members["manifest.sig"] = signature.encode("ascii")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    out.write_bytes(buf.getvalue())
    return out


@pytest.mark.parametrize(
    "how", ["another key named, original signature", "signed by a key it does not name"]
)
def test_an_enrolment_request_signed_by_another_key_than_it_names_is_refused(
    tmp_path, county, capsys, how
):
    honest = tmp_path / "honest" / "zjk.sqlite3"
    request = tmp_path / "req.zjkpkg"
    zjk(
        capsys,
        "--db",
        honest,
        "init",
        "--role",
        "specialist",
        "--name",
        "示例王建国",
        "--org",
        "130722",
        "--request",
        request,
    )
    assert not request.read_bytes().startswith(AGE_MAGIC)
    forger = Store.open(tmp_path / "forger" / "zjk.sqlite3")
    forger.set_identity("specialist", "示例王建国")
    keys.ensure_keypair(forger)
    h = Store.open(honest)
    honest_pub = keys.own_public_key(h)
    h.close()
    forger_pub = keys.own_public_key(forger)
    if how.startswith("another key"):
        forged = _swap_key_in_request(request, honest_pub, forger_pub, tmp_path / "forged.zjkpkg")
    else:
        with zipfile.ZipFile(request) as zf:
            body = zf.read("manifest.json")
        forged = _swap_key_in_request(
            request,
            honest_pub,
            honest_pub,
            tmp_path / "forged.zjkpkg",
            signature=keys.sign(forger, body),
        )
    forger.close()
    before = fingerprint(capsys, county)
    code, out, err = zjk(capsys, "--db", county, "keys", "approve", forged, "--yes")
    assert code == 1, out
    assert_one_clean_line(err)
    code, out, _ = zjk(capsys, "--db", county, "--json", "keys", "list")
    assert all(k.get("label") != "示例王建国" for k in json.loads(out))
    assert fingerprint(capsys, county) == before
    # The honest request still goes through.
    assert zjk(capsys, "--db", county, "keys", "approve", request, "--yes")[0] == 0


# ========================================= 2. identity never forks; rekey
def test_a_database_without_its_key_refuses_to_write_or_export(office, capsys):
    laptop = office["laptop"]
    fp = fingerprint(capsys, laptop)
    moved = office["root"] / "new-laptop" / "zjk.sqlite3"
    moved.parent.mkdir()
    shutil.copy(laptop, moved)
    person = office["person"]
    before = Store.open(moved).dump_json()
    out_pkg = office["root"] / "x.zjkpkg"
    for argv in (
        [
            "record",
            "add",
            "--kind",
            "visit",
            "--values",
            json.dumps(dict(VISIT, specialist_id=person["id"], village_id=person["village_id"])),
        ],
        ["export", "--to", "township", "--out", out_pkg],
        ["keys", "show"],
    ):
        code, out, err = zjk(capsys, "--db", moved, *argv)
        assert code == 1, (argv, out, err)
        assert err.strip().count("\n") == 0, (
            err
        )  # one line: where the key is expected, how to restore
        assert str(moved.parent / "keys") in err  # where the key is expected
        assert "keys restore" in err  # and how to restore it
        assert fp in err
    assert not out_pkg.exists()
    assert Store.open(moved).dump_json() == before


def test_a_database_opened_with_another_computers_key_refuses_to_write_or_export(office, capsys):
    # The specialist's database copied over the clerk's (whose keys folder holds the clerk's key).
    other = office["root"] / "mixed" / "zjk.sqlite3"
    shutil.copytree(office["clerk"].parent, other.parent)
    other.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(other) + suffix).unlink(missing_ok=True)
    shutil.copy(office["laptop"], other)
    person = office["person"]
    out_pkg = office["root"] / "y.zjkpkg"
    for argv in (
        [
            "record",
            "add",
            "--kind",
            "visit",
            "--values",
            json.dumps(dict(VISIT, specialist_id=person["id"], village_id=person["village_id"])),
        ],
        ["export", "--to", "township", "--out", out_pkg],
    ):
        code, out, err = zjk(capsys, "--db", other, *argv)
        assert code == 1, (argv, out, err)
        assert_one_clean_line(err)
    assert not out_pkg.exists()


def test_rekey_makes_a_request_and_the_old_key_is_refused_after_approval(office, capsys):
    root, person = office["root"], office["person"]
    laptop, clerk, county = office["laptop"], office["clerk"], office["county"]
    old_fp = fingerprint(capsys, laptop)
    add_visit(capsys, laptop, person)
    old_pkg = root / "old.zjkpkg"
    zjk(capsys, "--db", laptop, "export", "--to", "township", "--out", old_pkg)
    request = root / "rekey.zjkpkg"
    code, out, err = zjk(capsys, "--db", laptop, "keys", "rekey", "--yes", "--out", request)
    assert code == 0, err
    new_fp = fingerprint(capsys, laptop)
    assert new_fp != old_fp and request.exists()
    assert zjk(capsys, "--db", county, "keys", "approve", request, "--fingerprint", new_fp)[0] == 0
    roster = root / "roster-rekey.zjkpkg"
    zjk(capsys, "--db", county, "export", "--roster", "--out", roster)
    assert zjk(capsys, "--db", clerk, "import", roster)[0] == 0
    code, out, err = zjk(capsys, "--db", clerk, "import", old_pkg)
    assert code == 1, out
    assert_one_clean_line(out + err)
    assert zjk(capsys, "--db", laptop, "import", roster)[0] == 0
    add_visit(capsys, laptop, person, content="换钥匙以后")
    new_pkg = root / "new.zjkpkg"
    assert zjk(capsys, "--db", laptop, "export", "--to", "township", "--out", new_pkg)[0] == 0
    code, out, err = zjk(capsys, "--db", clerk, "import", new_pkg)
    assert code == 0, out + err


# ============================================== 3. backup and replacement
def test_a_key_backup_restored_on_a_new_laptop_brings_the_same_identity_back(
    office, capsys, monkeypatch
):
    root, laptop = office["root"], office["laptop"]
    fp = fingerprint(capsys, laptop)
    backup = root / "keys-backup.age"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE))
    code, out, err = zjk(capsys, "--db", laptop, "keys", "backup", "--out", backup)
    assert code == 0, err
    assert PASSPHRASE.strip().encode() not in backup.read_bytes()
    new = root / "new-laptop" / "zjk.sqlite3"
    new.parent.mkdir()
    shutil.copy(laptop, new)  # the database backup
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong passphrase\n"))
    code, out, err = zjk(capsys, "--db", new, "keys", "restore", backup)
    assert code == 1
    assert_one_clean_line(err)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE))
    code, out, err = zjk(capsys, "--db", new, "keys", "restore", backup)
    assert code == 0, err
    assert fingerprint(capsys, new) == fp
    add_visit(capsys, new, office["person"], content="新电脑上写的")
    pkg = root / "from-new.zjkpkg"
    assert zjk(capsys, "--db", new, "export", "--to", "township", "--out", pkg)[0] == 0
    code, out, err = zjk(capsys, "--db", office["clerk"], "import", pkg)
    assert code == 0, out + err  # the township recognises the same computer


def test_a_lost_laptop_is_revoked_its_later_package_refused_and_a_replacement_enrols(
    office, capsys
):
    root, person = office["root"], office["person"]
    laptop, clerk, county = office["laptop"], office["clerk"], office["county"]
    sent_id = add_visit(capsys, laptop, person, content="丢失前发出的")
    sent = root / "sent.zjkpkg"
    zjk(capsys, "--db", laptop, "export", "--to", "township", "--out", sent)
    assert zjk(capsys, "--db", clerk, "import", sent)[0] == 0

    code, out, err = zjk(capsys, "--db", county, "keys", "revoke", "示例王建国")
    assert code == 0, err
    roster = root / "roster-revoke.zjkpkg"
    zjk(capsys, "--db", county, "export", "--roster", "--out", roster)
    assert zjk(capsys, "--db", clerk, "import", roster)[0] == 0

    add_visit(capsys, laptop, person, content="丢失后有人发的")
    later = root / "later.zjkpkg"
    zjk(capsys, "--db", laptop, "export", "--to", "township", "--out", later)
    code, out, err = zjk(capsys, "--db", clerk, "import", later)
    assert code == 1, out
    assert_one_clean_line(out + err)
    s = Store.open(clerk)
    assert [r["content"] for r in s.rows("visit")] == ["丢失前发出的"]  # what was sent before stays
    assert s.get("visit", sent_id) is not None
    s.close()

    replacement, _ = enrol(capsys, root, county, "示例王建国", "specialist", folder="replacement")
    assert node_of(replacement)[2] == person["id"]
    assert fingerprint(capsys, replacement) != fingerprint(capsys, laptop)
    assert zjk(capsys, "--db", clerk, "import", root / "roster-for-replacement.zjkpkg")[0] == 0
    add_visit(capsys, replacement, person, content="新电脑")
    pkg = root / "replacement.zjkpkg"
    assert zjk(capsys, "--db", replacement, "export", "--to", "township", "--out", pkg)[0] == 0
    code, out, err = zjk(capsys, "--db", clerk, "import", pkg)
    assert code == 0, out + err


# ======================================================= 4. age encryption
@needs_age
def test_the_age_command_decrypts_an_exported_package_with_the_addressees_identity(office, capsys):
    root, person = office["root"], office["person"]
    add_visit(capsys, office["laptop"], person)
    pkg = root / "FILE.zjkpkg"
    assert zjk(capsys, "--db", office["laptop"], "export", "--to", "township", "--out", pkg)[0] == 0
    data = pkg.read_bytes()
    assert data.startswith(AGE_MAGIC)
    assert (
        "王大爷".encode() not in data
        and b"13900001111" not in data
        and b"manifest.json" not in data
    )

    c = Store.open(office["clerk"])
    identity = keys.age_identity_path(c)
    c.close()
    assert (
        identity.exists() and office["clerk"].parent in identity.parents
    )  # moves with the data folder
    done = subprocess.run(
        ["age", "-d", "-i", str(identity), str(pkg)], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(io.BytesIO(done.stdout)) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert "manifest.sig" in names and manifest["kind"] == "delta"

    # Not the county's, not another computer's identity.
    c = Store.open(office["county"])
    other = keys.age_identity_path(c)
    c.close()
    wrong = subprocess.run(
        ["age", "-d", "-i", str(other), str(pkg)], capture_output=True, timeout=60, check=False
    )
    assert wrong.returncode != 0
    code, out, err = zjk(capsys, "--db", office["county"], "import", pkg)
    assert code == 1
    assert_one_clean_line(out + err)

    # What age decrypted is an (older style) unencrypted package: it still imports.
    plain = root / "plain.zjkpkg"
    plain.write_bytes(done.stdout)
    code, out, err = zjk(capsys, "--db", office["clerk"], "import", plain)
    assert code == 0, out + err


def test_a_tampered_or_truncated_encrypted_package_is_refused_in_one_line(office, capsys):
    root = office["root"]
    add_visit(capsys, office["laptop"], office["person"])
    pkg = root / "p.zjkpkg"
    zjk(capsys, "--db", office["laptop"], "export", "--to", "township", "--out", pkg)
    data = pkg.read_bytes()
    flipped = bytearray(data)
    flipped[-30] ^= 0x01
    s = Store.open(office["clerk"])
    before = s.dump_json()
    s.close()
    for name, body in (("tampered", bytes(flipped)), ("truncated", data[: len(data) - 64])):
        bad = root / f"{name}.zjkpkg"
        bad.write_bytes(body)
        code, out, err = zjk(capsys, "--db", office["clerk"], "import", bad)
        assert code == 1, name
        assert_one_clean_line(out + err)
    s = Store.open(office["clerk"])
    assert s.dump_json() == before
    s.close()


def test_the_roster_package_stays_readable_by_every_computer(office, capsys):
    roster = office["root"] / "roster-plain.zjkpkg"
    zjk(capsys, "--db", office["county"], "export", "--roster", "--out", roster)
    with zipfile.ZipFile(roster) as zf:
        assert "manifest.json" in zf.namelist()


def test_moving_the_whole_data_folder_keeps_the_identity(office, capsys):
    laptop = office["laptop"]
    fp = fingerprint(capsys, laptop)
    moved = office["root"] / "elsewhere" / "data"
    shutil.copytree(laptop.parent, moved)
    db = moved / laptop.name
    assert fingerprint(capsys, db) == fp
    add_visit(capsys, db, office["person"], content="搬家以后")
    pkg = office["root"] / "moved.zjkpkg"
    assert zjk(capsys, "--db", db, "export", "--to", "township", "--out", pkg)[0] == 0
    code, out, err = zjk(capsys, "--db", office["clerk"], "import", pkg)
    assert code == 0, out + err


def test_full_exports_and_receipts_to_a_computer_are_encrypted_too(office, capsys):
    root, laptop, clerk = office["root"], office["laptop"], office["clerk"]
    add_visit(capsys, laptop, office["person"])
    full = root / "full.zjkpkg"
    assert (
        zjk(capsys, "--db", laptop, "export", "--to", "township", "--full", "--out", full)[0] == 0
    )
    assert full.read_bytes().startswith(AGE_MAGIC)
    assert zjk(capsys, "--db", clerk, "import", full)[0] == 0
    laptop_node = node_of(laptop)[0]
    receipt = root / "receipt.zjkpkg"
    assert zjk(capsys, "--db", clerk, "receipt", "--for", laptop_node, "--out", receipt)[0] == 0
    assert receipt.read_bytes().startswith(AGE_MAGIC)
    code, out, err = zjk(capsys, "--db", laptop, "import", receipt)
    assert code == 0, out + err


def test_readme_gives_the_enrolment_commands_and_where_the_key_lives():
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for command in (
        "--request",
        "keys approve",
        "--trust",
        "keys backup",
        "keys restore",
        "keys revoke",
        "keys rekey",
    ):
        assert command in text, command
    assert "keys" in text and "age -d" in text
