"""Packages encrypted to their addressee with age: readable by the addressee only (and by the
reference ``age`` tool with its identity file), signature inside, older plain packages still import."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pyrage  # type: ignore[import-untyped]
import pytest
from pyrage import x25519

from zjk_desktop.sync import crypto, keys
from zjk_desktop.sync.errors import SyncError
from zjk_desktop.sync.export import export_package, export_roster
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _one_line(text: str | None) -> bool:
    return text is not None and bool(text) and "\n" not in text


def test_a_package_for_the_township_is_opened_by_the_age_command_with_its_identity(net, tmp_path):
    net.s1.create("visit", visit_values(net, "s1", farmers="王大爷 13900001111"))
    pkg = net.send("s1", "township")
    data = pkg.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert "王大爷".encode() not in data and b"13900001111" not in data
    identity = keys.age_identity_path(net.township)
    inner = tmp_path / "inner.zip"
    with open(inner, "wb") as out:
        subprocess.run(["age", "-d", "-i", str(identity), str(pkg)], stdout=out, check=True)
    with zipfile.ZipFile(inner) as zf:
        assert set(zf.namelist()) >= {"manifest.json", "manifest.sig", "changes.ndjson"}
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["sender"]["node_id"] == net.s1.node_id
    # The identity file is the one the database's keys folder holds, beside the database.
    assert identity.parent == net.root / "keys"
    # Another node's identity does not open it.
    wrong = subprocess.run(
        ["age", "-d", "-i", str(keys.age_identity_path(net.s2)), str(pkg)],
        capture_output=True,
        check=False,
    )
    assert wrong.returncode != 0


def test_only_the_addressee_imports_an_encrypted_package(net):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")
    summary = net.receive("s2", pkg)
    assert not summary.ok and _one_line(summary.reason) and "无法打开" in summary.reason
    summary = net.receive("township", pkg)
    assert summary.ok and not any("未加密" in n for n in summary.notes)


def test_tampered_truncated_and_re_encrypted_files_are_refused_with_one_line(net, tmp_path):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")
    data = pkg.read_bytes()
    before = net.township.dump_json()
    flipped = bytearray(data)
    flipped[-40] ^= 0x01
    cases = {"tampered": bytes(flipped), "truncated": data[: len(data) - 100]}
    # Anyone can encrypt to the township's public recipient: the inner signature still decides.
    inner = bytearray(net.opened("township", pkg))
    at = inner.index(b"changes.ndjson", 100) + 40
    inner[at] ^= 0x01
    recipient = x25519.Recipient.from_str(keys.own_age_recipient(net.township))
    cases["re-encrypted with changes"] = pyrage.encrypt(bytes(inner), [recipient])
    for name, body in cases.items():
        path = tmp_path / f"{name}.zjkpkg"
        path.write_bytes(body)
        summary = net.receive("township", path)
        assert not summary.ok and _one_line(summary.reason), name
    assert net.township.dump_json() == before
    # Re-encrypted unchanged, it is the same signed package and imports.
    same = tmp_path / "same.zjkpkg"
    same.write_bytes(pyrage.encrypt(net.opened("township", pkg), [recipient]))
    assert net.receive("township", same).ok


def test_an_older_unencrypted_package_still_imports_and_the_summary_says_so(net, tmp_path):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")
    plain = tmp_path / "plain.zjkpkg"
    plain.write_bytes(net.opened("township", pkg))  # what an older program wrote
    summary = net.receive("township", plain)
    assert summary.ok and summary.counts["visit"]["new"] == 1
    assert "未加密" in summary.describe()


def test_the_roster_stays_signed_only_so_every_computer_reads_it(net, tmp_path):
    out = tmp_path / "roster.zjkpkg"
    export_roster(net.county, out)
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        assert "manifest.json" in zf.namelist()
    summary = net.receive("s2", out)
    assert summary.ok and "未加密" not in summary.describe()


def test_no_export_in_clear_when_the_addressee_has_no_encryption_key(net, tmp_path):
    # A keyring entry from an older program: no age recipient for the township.
    for row in net.s1.rows("node_key", {"node_id": net.township.node_id}):
        net.s1.conn.execute("UPDATE node_key SET age_recipient = NULL WHERE id = ?", (row["id"],))
    net.s1.conn.execute("UPDATE trusted_keys SET age_recipient = NULL")
    net.s1.conn.commit()
    out = tmp_path / "x.zjkpkg"
    with pytest.raises(SyncError) as refused:
        export_package(net.s1, "township", out=out)
    assert _one_line(str(refused.value)) and "花名册" in str(refused.value)
    assert not out.exists()


def test_the_county_learns_the_encryption_key_of_a_computer_from_before_age(net, tmp_path):
    # The county's keyring lists the township without an age recipient (enrolled by an older program).
    for row in net.county.rows("node_key", {"node_id": net.township.node_id}):
        net.county.conn.execute(
            "UPDATE node_key SET age_recipient = NULL WHERE id = ?", (row["id"],)
        )
    net.county.conn.execute("UPDATE trusted_keys SET age_recipient = NULL")
    net.county.conn.commit()
    with pytest.raises(SyncError):
        export_package(net.county, net.township.node_id, out=tmp_path / "x.zjkpkg")
    # Its next package (signed by the key the county knows) carries the recipient.
    assert net.receive("county", net.send("township", "county")).ok
    receipt = tmp_path / "receipt.zjkpkg"
    export_package(net.county, net.township.node_id, out=receipt)
    assert crypto.is_sealed(receipt.read_bytes())
    assert net.receive("township", receipt).ok
