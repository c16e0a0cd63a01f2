"""Enrolment with the ``zjk`` command: a county, a township clerk and a specialist, three steps each.

The county starts before any roster (its code from the division table), new
computers write an enrolment request at ``init``, the county approves it
after comparing the fingerprint, the roster carries the key and the link to
the roster person, and the new computer trusts the county's key only with
``--trust FINGERPRINT``.  Packages between them are age-encrypted to the
addressee, and the reference ``age`` tool opens them with the node's identity.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from zjk_desktop import cli
from zjk_desktop.store import Store
from zjk_desktop.sync import container, crypto, enrol, keys

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "sample_roster.xlsx"
VISIT = {
    "date": "2026-05-01",
    "industry": "potato",
    "service_type": "guidance",
    "content": "马铃薯晚疫病防治",
    "households_served": 4,
}


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(capsys, db) -> str:
    code, out, err = run(capsys, "--db", db, "--json", "keys", "show")
    assert code == 0, err
    return json.loads(out)["fingerprint"]


@pytest.fixture
def county(tmp_path, capsys):
    """A county that set itself up before any roster, then imported its roster sheet."""
    db = tmp_path / "county" / "zjk.sqlite3"
    code, _out, err = run(
        capsys, "--db", db, "init", "--role", "county", "--name", "赵志刚", "--org", "130722"
    )
    assert code == 0, err
    assert run(capsys, "--db", db, "roster", "import", SAMPLE)[0] == 0
    return db


def enrol_computer(capsys, tmp_path, county, name, role, *, org="130722", approve=()):
    """Steps 1-3 on both sides; returns the new computer's database."""
    db = tmp_path / name / "zjk.sqlite3"
    request = tmp_path / f"{name}-request.zjkpkg"
    code, out, err = run(
        capsys,
        "--db",
        db,
        "init",
        "--role",
        role,
        "--name",
        name,
        "--org",
        org,
        "--request",
        request,
    )
    assert code == 0, err
    assert request.exists() and "登记申请已保存" in out
    fp = fingerprint(capsys, db)
    assert fp in out  # read out on the phone
    code, out, err = run(
        capsys, "--db", county, "keys", "approve", request, "--fingerprint", fp, *approve
    )
    assert code == 0, err
    roster = tmp_path / f"roster-for-{name}.zjkpkg"
    assert run(capsys, "--db", county, "export", "--roster", "--out", roster)[0] == 0
    code, out, err = run(
        capsys, "--db", db, "import", roster, "--trust", fingerprint(capsys, county)
    )
    assert code == 0, out + err
    return db


def test_three_steps_each_side_link_the_computer_and_encrypt_to_the_addressee(
    tmp_path, county, capsys
):
    county_store = Store.open(county)
    org = county_store.find_org_by_code("130722")
    assert (
        org is not None and org["name"] == "张北县" and county_store.node_info().org_id == org["id"]
    )
    person = county_store.rows("specialist", {"name": "示例王建国"})[0]
    station = county_store.get("org_unit", person["org_id"])
    assert station is not None
    county_store.close()

    clerk = enrol_computer(
        capsys, tmp_path, county, "示例站长", "township", approve=("--org", station["code"])
    )
    specialist = enrol_computer(capsys, tmp_path, county, "示例王建国", "specialist")
    s = Store.open(specialist)
    me = s.node_info()
    assert (me.specialist_id, me.org_id) == (person["id"], person["org_id"])  # linked by the roster
    s.close()
    t = Store.open(clerk)
    assert t.node_info().org_id == station["id"]
    t.close()
    # Everyone gets the county's latest roster, which now carries the specialist's key.
    assert run(capsys, "--db", clerk, "import", tmp_path / "roster-for-示例王建国.zjkpkg")[0] == 0

    # The specialist's work reaches the township encrypted to the township's key only.
    values = dict(
        VISIT,
        specialist_id=person["id"],
        village_id=Store.open(specialist).rows("assignment", {"specialist_id": person["id"]})[0][
            "village_id"
        ],
    )
    code, out, err = run(
        capsys,
        "--db",
        specialist,
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        json.dumps(values, ensure_ascii=False),
    )
    assert code == 0, err
    pkg = tmp_path / "to-township.zjkpkg"
    assert run(capsys, "--db", specialist, "export", "--to", "township", "--out", pkg)[0] == 0
    data = pkg.read_bytes()
    assert crypto.is_sealed(data) and "马铃薯晚疫病".encode() not in data
    code, out, err = run(capsys, "--db", county, "import", pkg)
    assert code == 1 and "无法打开" in out  # the county is not the addressee
    code, out, err = run(capsys, "--db", clerk, "import", pkg)
    assert code == 0 and "新增 1" in out and "未加密" not in out, out

    # The reference age tool opens it with the township's identity file (Debian package age).
    t = Store.open(clerk)
    identity = keys.age_identity_path(t)
    t.close()
    assert identity.parent == clerk.parent / "keys"  # beside the database
    inner = subprocess.run(
        ["age", "-d", "-i", str(identity), str(pkg)], capture_output=True, check=True
    ).stdout
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["kind"] == "delta" and manifest["sender"]["label"] == "示例王建国"


def test_a_roster_is_not_trusted_without_the_fingerprint(tmp_path, county, capsys):
    db = tmp_path / "new" / "zjk.sqlite3"
    run(
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
    run(capsys, "--db", county, "export", "--roster", "--out", roster)
    county_fp = fingerprint(capsys, county)
    code, out, _ = run(capsys, "--db", db, "import", roster)
    assert code == 1 and county_fp in out
    code, _, err = run(capsys, "--db", db, "import", roster, "--trust", "1234 5678 9012 3456")
    assert code == 1 and err.count("\n") == 1 and county_fp in err
    s = Store.open(db)
    assert s.rows("specialist") == []  # nothing imported
    s.close()
    # Trusted, the roster imports, and says this computer is not enrolled yet.
    code, out, err = run(capsys, "--db", db, "import", roster, "--trust", county_fp)
    assert code == 0 and "还没有本机的密钥" in out, out + err


def test_a_request_signed_by_another_key_than_it_names_is_refused(tmp_path, county, capsys):
    honest = tmp_path / "honest" / "zjk.sqlite3"
    request = tmp_path / "req.zjkpkg"
    run(
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
    # A forger keeps the honest signature but puts its own key in the request.
    forger = Store.open(tmp_path / "forger.sqlite3")
    forger.set_identity("specialist", "示例王建国")
    keys.ensure_keypair(forger)
    with zipfile.ZipFile(request) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        signature = zf.read("manifest.sig").decode()
    manifest["request"]["public_key"] = manifest["sender"]["public_key"] = keys.own_public_key(
        forger
    )
    body = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    forged = tmp_path / "forged.zjkpkg"
    forged.write_bytes(container.container_bytes(body, signature, {}))
    forger.close()
    code, out, err = run(capsys, "--db", county, "keys", "approve", forged, "--yes")
    assert (
        code == 1
        and err.strip()
        == "登记申请的签名与其中的密钥不符，已拒绝（文件被改动过，或不是由申请的电脑生成）"
    )
    c = Store.open(county)
    assert all(r["label"] != "示例王建国" for r in c.rows("node_key"))
    c.close()
    # The same request, unchanged, is fine; a request is never imported as a sync file.
    code, out, _ = run(capsys, "--db", county, "import", request)
    assert code == 1 and "登记申请" in out
    assert run(capsys, "--db", county, "keys", "approve", request, "--yes")[0] == 0


def test_revoked_laptop_is_refused_and_its_replacement_enrols_anew(tmp_path, county, capsys):
    person = Store.open(county).rows("specialist", {"name": "示例王建国"})[0]
    station = Store.open(county).get("org_unit", person["org_id"])
    assert station is not None
    clerk = enrol_computer(
        capsys, tmp_path, county, "示例站长", "township", approve=("--org", station["code"])
    )
    laptop = enrol_computer(capsys, tmp_path, county, "示例王建国", "specialist")
    assert run(capsys, "--db", clerk, "import", tmp_path / "roster-for-示例王建国.zjkpkg")[0] == 0
    village = Store.open(laptop).rows("assignment", {"specialist_id": person["id"]})[0][
        "village_id"
    ]
    values = json.dumps(
        dict(VISIT, village_id=village, specialist_id=person["id"]), ensure_ascii=False
    )
    assert (
        run(capsys, "--db", laptop, "record", "add", "--kind", "visit", "--values", values)[0] == 0
    )
    sent = tmp_path / "sent.zjkpkg"
    run(capsys, "--db", laptop, "export", "--to", "township", "--out", sent)
    assert run(capsys, "--db", clerk, "import", sent)[0] == 0

    # The laptop is lost: the county revokes its key by name and sends the roster out.
    code, out, err = run(capsys, "--db", county, "keys", "revoke", "示例王建国")
    assert code == 0 and "已吊销" in out, err
    roster = tmp_path / "roster-after-revoke.zjkpkg"
    run(capsys, "--db", county, "export", "--roster", "--out", roster)
    assert run(capsys, "--db", clerk, "import", roster)[0] == 0
    run(capsys, "--db", laptop, "record", "add", "--kind", "visit", "--values", values)
    later = tmp_path / "later.zjkpkg"
    run(capsys, "--db", laptop, "export", "--to", "township", "--out", later)
    code, out, _ = run(capsys, "--db", clerk, "import", later)
    assert code == 1 and "吊销" in out
    t = Store.open(clerk)
    assert len(t.rows("visit")) == 1  # what was sent before stays
    t.close()

    replacement = enrol_computer(capsys, tmp_path, county, "示例王建国", "specialist")
    r = Store.open(replacement)
    assert r.node_info().specialist_id == person["id"]
    r.close()


def test_an_identity_never_forks_and_a_key_backup_brings_it_back(
    tmp_path, county, capsys, monkeypatch
):
    laptop = enrol_computer(capsys, tmp_path, county, "示例王建国", "specialist")
    fp = fingerprint(capsys, laptop)
    backup = tmp_path / "keys-backup.age"
    monkeypatch.setattr("sys.stdin", io.StringIO("正确的密码 horse\n"))
    code, out, err = run(capsys, "--db", laptop, "keys", "backup", "--out", backup)
    assert code == 0 and fp in out, err
    assert backup.read_bytes().startswith(
        b"age-encryption.org/v1\n"
    )  # age scrypt, `age -d` opens it

    # A new laptop: the data folder restored without its keys folder.
    new = tmp_path / "new-laptop" / "zjk.sqlite3"
    new.parent.mkdir()
    shutil.copy(laptop, new)
    for name in ("keys show", "record add", "export"):
        argv = {
            "keys show": ["keys", "show"],
            "record add": ["record", "add", "--kind", "visit", "--values", json.dumps(VISIT)],
            "export": ["export", "--to", "county", "--out", tmp_path / "x.zjkpkg"],
        }[name]
        code, out, err = run(capsys, "--db", new, *argv)
        assert code == 1 and err.count("\n") == 1, (name, out, err)
        assert str(new.parent / "keys") in err and fp in err and "zjk keys restore" in err
    assert not (tmp_path / "x.zjkpkg").exists()

    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    code, _, err = run(capsys, "--db", new, "keys", "restore", backup)
    assert code == 1 and "密码不对" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("正确的密码 horse\n"))
    code, out, err = run(capsys, "--db", new, "keys", "restore", backup)
    assert code == 0 and fp in out, err
    assert fingerprint(capsys, new) == fp
    code, out, err = run(
        capsys, "--db", new, "export", "--to", "county", "--out", tmp_path / "x.zjkpkg"
    )
    assert code == 0, err
    code, out, err = run(capsys, "--db", county, "import", tmp_path / "x.zjkpkg")
    assert code == 0, out  # the county recognises the restored identity

    # A backup only restores into the database it belongs to.
    other = tmp_path / "other" / "zjk.sqlite3"
    run(
        capsys,
        "--db",
        other,
        "init",
        "--role",
        "specialist",
        "--name",
        "别人",
        "--org",
        "130722",
        "--request",
        tmp_path / "other.zjkpkg",
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("正确的密码 horse\n"))
    code, _, err = run(capsys, "--db", other, "keys", "restore", backup)
    assert code == 1 and "另一台电脑" in err


def test_rekey_makes_a_request_and_the_old_key_is_refused_after_approval(tmp_path, county, capsys):
    person = Store.open(county).rows("specialist", {"name": "示例王建国"})[0]
    station = Store.open(county).get("org_unit", person["org_id"])
    assert station is not None
    clerk = enrol_computer(
        capsys, tmp_path, county, "示例站长", "township", approve=("--org", station["code"])
    )
    laptop = enrol_computer(capsys, tmp_path, county, "示例王建国", "specialist")
    old_fp = fingerprint(capsys, laptop)
    assert run(capsys, "--db", clerk, "import", tmp_path / "roster-for-示例王建国.zjkpkg")[0] == 0
    village = Store.open(laptop).rows("assignment", {"specialist_id": person["id"]})[0][
        "village_id"
    ]
    run(
        capsys,
        "--db",
        laptop,
        "record",
        "add",
        "--kind",
        "visit",
        "--values",
        json.dumps(dict(VISIT, village_id=village, specialist_id=person["id"]), ensure_ascii=False),
    )
    old_pkg = tmp_path / "old.zjkpkg"
    run(capsys, "--db", laptop, "export", "--to", "township", "--out", old_pkg)

    request = tmp_path / "rekey.zjkpkg"
    code, out, err = run(capsys, "--db", laptop, "keys", "rekey", "--yes", "--out", request)
    assert code == 0, err
    new_fp = fingerprint(capsys, laptop)
    assert new_fp != old_fp and new_fp in out
    assert enrol.read_request(request).replaces == old_fp
    assert run(capsys, "--db", county, "keys", "approve", request, "--fingerprint", new_fp)[0] == 0
    roster = tmp_path / "roster2.zjkpkg"
    run(capsys, "--db", county, "export", "--roster", "--out", roster)
    assert run(capsys, "--db", clerk, "import", roster)[0] == 0
    code, out, _ = run(capsys, "--db", clerk, "import", old_pkg)
    assert code == 1 and "吊销" in out and old_fp in out
    assert run(capsys, "--db", laptop, "import", roster)[0] == 0
    new_pkg = tmp_path / "new.zjkpkg"
    assert run(capsys, "--db", laptop, "export", "--to", "township", "--out", new_pkg)[0] == 0
    code, out, _ = run(capsys, "--db", clerk, "import", new_pkg)
    assert code == 0, out
