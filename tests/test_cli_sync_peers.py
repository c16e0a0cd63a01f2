"""``zjk peers``/``export``/``import`` messages: computers by name, relayed receipts, repeated changes."""

from __future__ import annotations

import json

from zjk_desktop import cli
from zjk_desktop.sync import export
from zjk_desktop.sync.testing import build_network, visit_values


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def peers_of(capsys, db):
    code, out, _ = run(capsys, "--db", db, "--json", "peers")
    assert code == 0
    return {p["label"]: p for p in json.loads(out)}


def test_a_relays_receipt_tells_what_the_county_holds(tmp_path, capsys):
    net = build_network(tmp_path / "net")
    for _ in range(5):
        net.s1.create("visit", visit_values(net, "s1"))
    net.s2.create("visit", visit_values(net, "s2"))
    net.receive("township", net.send("s1", "township"))
    net.receive("township", net.send("s2", "township"))
    net.receive("county", net.send("township", "county"))
    receipt = net.path("county-receipt")
    export.export_receipt(net.county, net.township.node_id, receipt)
    net.receive("township", receipt)
    s1_db = net.s1.path
    receipt = net.path("township-receipt")
    export.export_receipt(net.township, net.s1.node_id, receipt)
    net.close()

    before = peers_of(capsys, s1_db)
    assert before["县服务团"]["unsent"] == 5  # the county has not told anyone yet
    code, out, err = run(capsys, "--db", s1_db, "import", receipt)
    assert code == 0, err + out
    after = peers_of(capsys, s1_db)
    assert after["城关镇服务站"]["unsent"] == 0
    assert after["县服务团"]["unsent"] == 0  # through the township's receipt
    assert after["特派员2"]["unsent"] == 0  # never receives another specialist's records
    code, out, _ = run(capsys, "--db", s1_db, "peers")
    assert "县服务团" in out and "乡镇服务站 城关镇服务站" in out
    assert all(
        len(word) <= 12 or not all(c in "0123456789abcdef" for c in word) for word in out.split()
    )


def test_export_says_what_it_repeats_and_suggests_the_receipt(tmp_path, capsys):
    net = build_network(tmp_path / "net")
    for _ in range(3):
        net.s1.create("visit", visit_values(net, "s1"))
    s1_db, township_db = net.s1.path, net.township.path
    net.close()
    first = tmp_path / "1.zjkpkg"
    code, out, _ = run(
        capsys, "--db", s1_db, "--json", "export", "--to", "township", "--out", first
    )
    sent = json.loads(out)
    assert code == 0 and sent["repeated"] == 0 and sent["n_changes"] >= 3
    run(capsys, "--db", township_db, "import", first)
    code, out, _ = run(
        capsys, "--db", s1_db, "export", "--to", "township", "--out", tmp_path / "2.zjkpkg"
    )
    assert code == 0
    assert f"其中 {sent['n_changes']} 条更改以前发过" in out and "zjk receipt --for 特派员1" in out
    # The township writes the receipt the message asks for, naming the specialist as the message does.
    receipt = tmp_path / "r.zjkpkg"
    code, out, err = run(
        capsys, "--db", township_db, "receipt", "--for", "特派员1", "--out", receipt
    )
    assert code == 0, err
    run(capsys, "--db", s1_db, "import", receipt)
    code, out, _ = run(
        capsys,
        "--db",
        s1_db,
        "--json",
        "export",
        "--to",
        "township",
        "--out",
        tmp_path / "3.zjkpkg",
    )
    data = json.loads(out)
    assert data["n_changes"] == 0 and data["repeated"] == 0


def test_a_misaddressed_file_names_its_addressee_in_words(tmp_path, capsys):
    net = build_network(tmp_path / "net")
    net.s1.create("visit", visit_values(net, "s1"))
    s1_db, s2_db = net.s1.path, net.s2.path
    to_node = net.send("s1", "township")
    township_db = net.township.path
    net.close()
    to_role = tmp_path / "to-role.zjkpkg"
    assert run(capsys, "--db", s1_db, "export", "--to", "township", "--out", to_role)[0] == 0
    # Encrypted to the township (issue 10), another computer learns only that it cannot open it.
    code, out, _ = run(capsys, "--db", s2_db, "import", to_role)
    assert code == 1 and "无法打开" in out
    # In clear, as older programs sent it, the refusal names the addressee in words.
    from zjk_desktop.store import Store
    from zjk_desktop.sync import crypto

    township = Store.open(township_db)
    for path in (to_role, to_node):
        path.write_bytes(crypto.unseal(township, path.read_bytes()))
    township.close()
    code, out, _ = run(capsys, "--db", s2_db, "import", to_role)
    assert code == 1 and "此文件是发给乡镇服务站 赤城县 城关镇的" in out and "township" not in out
    code, out, _ = run(capsys, "--db", s2_db, "import", to_node)
    assert code == 1 and "此文件是发给乡镇服务站 城关镇服务站（" in out


def test_a_receipt_with_a_malformed_relay_claim_is_refused(tmp_path, monkeypatch):
    from zjk_desktop.sync import peers

    net = build_network(tmp_path / "net")
    monkeypatch.setattr(peers, "relayed_claims", lambda store, exclude: {"county": {"x": -1}})
    receipt = net.path("bad-receipt")
    export.export_receipt(net.township, net.s1.node_id, receipt)
    before = peers.peer_status(net.s1)
    summary = net.receive("s1", receipt)
    assert not summary.ok and "known" in (summary.reason or "")
    assert peers.peer_status(net.s1) == before  # nothing learned
    net.close()
