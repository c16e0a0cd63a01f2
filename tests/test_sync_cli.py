"""The sync commands of ``zjk``, as a person at a county office and a township would use them."""

from __future__ import annotations

import json

from zjk_desktop import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_county_to_township_roster_with_fingerprint_check(tmp_path, capsys):
    county = str(tmp_path / "county.sqlite3")
    township = str(tmp_path / "township.sqlite3")
    roster = str(tmp_path / "roster.zjkpkg")
    assert run(capsys, "--db", county, "init", "--role", "county", "--name", "县服务团")[0] == 0
    code, out, _ = run(capsys, "--db", county, "--json", "keys", "show")
    assert code == 0
    fp = json.loads(out)["fingerprint"]
    assert len(fp.split()) == 8 and all(len(g) == 4 and g.isdigit() for g in fp.split())
    code, out, _ = run(capsys, "--db", county, "export", "--roster", "--out", roster)
    assert code == 0 and "roster.zjkpkg" in out

    assert run(capsys, "--db", township, "init", "--role", "township", "--name", "服务站")[0] == 0
    code, out, err = run(capsys, "--db", township, "import", roster)
    assert code == 1 and fp in out  # refused: the county's key is not trusted yet

    # A wrong fingerprint read over the phone: refused, one line.
    code, _, err = run(
        capsys, "--db", township, "keys", "trust", roster, "--fingerprint", "1111 2222"
    )
    assert code == 1 and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", township, "keys", "trust", roster, "--fingerprint", fp)
    assert code == 0 and fp in out

    code, out, _ = run(capsys, "--db", township, "verify", roster)
    assert code == 0 and "检查通过" in out
    code, out, _ = run(capsys, "--db", township, "--json", "import", roster, "--dry-run")
    data = json.loads(out)
    assert code == 0 and data[0]["ok"] and not data[0]["applied"]
    code, out, _ = run(capsys, "--db", township, "--json", "import", roster)
    data = json.loads(out)
    assert data[0]["applied"] and data[0]["counts"]["node_key"]["new"] == 1

    code, out, _ = run(capsys, "--db", township, "--json", "peers")
    peers = json.loads(out)
    assert [p["role"] for p in peers] == ["county"]
    county_node = peers[0]["node_id"]
    receipt = str(tmp_path / "receipt.zjkpkg")
    assert run(capsys, "--db", township, "receipt", "--for", county_node, "--out", receipt)[0] == 0

    code, out, _ = run(capsys, "--db", county, "--json", "keys", "list")
    assert code == 0 and json.loads(out) == []
    # The county trusts the township after reading its fingerprint aloud.
    code, out, _ = run(capsys, "--db", township, "--json", "keys", "show")
    t_fp = json.loads(out)["fingerprint"]
    code, out, _ = run(capsys, "--db", county, "import", receipt)
    assert code == 1 and t_fp in out
    code, out, _ = run(capsys, "--db", county, "keys", "trust", t_fp)
    assert code == 0
    code, out, _ = run(capsys, "--db", county, "--lang", "en", "import", receipt)
    assert code == 0 and "receipt" in out
    code, out, _ = run(capsys, "--db", county, "--json", "keys", "list")
    assert [k["role"] for k in json.loads(out)] == ["township"]


def test_export_to_unknown_target_is_one_line(tmp_path, capsys):
    db = str(tmp_path / "s.sqlite3")
    run(capsys, "--db", db, "init", "--role", "township", "--name", "服务站")
    code, _, err = run(
        capsys, "--db", db, "export", "--to", "county", "--out", str(tmp_path / "x.zjkpkg")
    )
    assert code == 1 and err.count("\n") == 1 and "county" in err
    assert not (tmp_path / "x.zjkpkg").exists()
