"""Issue 10, tried with the ``zjk`` command: records already sent survive a rekey or a lost laptop.

A specialist sends to the township; then the specialist changes its key (the
county approves) or loses its laptop (the county revokes it).  The township
relays what it holds to the county, which takes it.  Black-box: only the
command line, and a database read to see what a person would see.
"""

from __future__ import annotations

import json

import test_acceptance_keys as acceptance  # type: ignore[import-not-found]

from zjk_desktop.store import Store

# The same county, clerk and specialist the acceptance suite of issue 10 uses.
county = acceptance.county
office = acceptance.office
add_visit = acceptance.add_visit
assert_one_clean_line = acceptance.assert_one_clean_line
fingerprint = acceptance.fingerprint
zjk = acceptance.zjk


def visit_contents(db) -> list[str]:
    s = Store.open(db)
    try:
        return sorted(r["content"] for r in s.rows("visit"))
    finally:
        s.close()


def send(capsys, sender, to, out, receiver) -> tuple[int, str]:
    code, _o, err = zjk(capsys, "--db", sender, "export", "--to", to, "--out", out)
    assert code == 0, err
    code, out_text, err = zjk(capsys, "--db", receiver, "import", out)
    return code, out_text + err


def roster_to(capsys, county_db, out, *dbs) -> None:
    assert zjk(capsys, "--db", county_db, "export", "--roster", "--out", out)[0] == 0
    for db in dbs:
        code, out_text, err = zjk(capsys, "--db", db, "import", out)
        assert code == 0, out_text + err


def test_changes_sent_before_a_rekey_reach_the_county_through_the_township(office, capsys):
    root, person = office["root"], office["person"]
    laptop, clerk, county_db = office["laptop"], office["clerk"], office["county"]
    add_visit(capsys, laptop, person, content="换钥匙前一")
    add_visit(capsys, laptop, person, content="换钥匙前二")
    assert send(capsys, laptop, "township", root / "s-t.zjkpkg", clerk)[0] == 0

    request = root / "rekey.zjkpkg"
    code, out, err = zjk(capsys, "--db", laptop, "keys", "rekey", "--yes", "--out", request)
    assert code == 0, err
    assert "交接" in out  # the request carries the old key's handover
    code, out, err = zjk(
        capsys, "--db", county_db, "keys", "approve", request,
        "--fingerprint", fingerprint(capsys, laptop),
    )  # fmt: skip
    assert code == 0, err
    assert "旧密钥已吊销，但仍认" in out
    roster_to(capsys, county_db, root / "roster-rekey.zjkpkg", clerk, laptop)

    code, text = send(capsys, clerk, "county", root / "t-c.zjkpkg", county_db)
    assert code == 0, text
    assert visit_contents(county_db) == ["换钥匙前一", "换钥匙前二"]

    add_visit(capsys, laptop, person, content="换钥匙后")
    assert send(capsys, laptop, "township", root / "s-t2.zjkpkg", clerk)[0] == 0
    assert send(capsys, clerk, "county", root / "t-c2.zjkpkg", county_db)[0] == 0
    assert "换钥匙后" in visit_contents(county_db)


def test_a_lost_laptops_sent_changes_arrive_and_its_later_ones_are_refused(office, capsys):
    root, person = office["root"], office["person"]
    laptop, clerk, county_db = office["laptop"], office["clerk"], office["county"]
    add_visit(capsys, laptop, person, content="丢失前发出的")
    assert send(capsys, laptop, "township", root / "s-t.zjkpkg", clerk)[0] == 0

    # The clerk looks up how much of the laptop's work the station holds ...
    code, out, err = zjk(capsys, "--db", clerk, "--json", "keys", "list")
    assert code == 0, err
    held = next(r for r in json.loads(out) if r["label"] == "示例王建国")["held_through"]
    assert held > 0
    # ... the county revokes the lost laptop, first keeping only what it holds itself ...
    code, out, err = zjk(capsys, "--db", county_db, "keys", "revoke", "示例王建国")
    assert code == 0, err
    assert "没有保留该电脑的任何更改" in out
    # ... then, told by the station, keeps what the station holds.
    code, out, err = zjk(
        capsys, "--db", county_db, "keys", "revoke", "示例王建国", "--keep-through", str(held)
    )
    assert code == 0, err
    assert f"保留该电脑已发出的 {held} 条更改" in out
    roster_to(capsys, county_db, root / "roster-revoke.zjkpkg", clerk)

    code, text = send(capsys, clerk, "county", root / "t-c.zjkpkg", county_db)
    assert code == 0, text
    assert visit_contents(county_db) == ["丢失前发出的"]

    # Whoever has the laptop now: the station refuses its file in one line.
    add_visit(capsys, laptop, person, content="丢失后有人发的")
    code, text = send(capsys, laptop, "township", root / "later.zjkpkg", clerk)
    assert code == 1
    assert_one_clean_line(text)
    assert visit_contents(county_db) == ["丢失前发出的"]

    code, out, err = zjk(capsys, "--db", county_db, "keys", "list")
    assert f"保留前 {held} 条更改" in out


def test_a_count_to_keep_that_is_not_a_number_is_one_line_and_changes_nothing(office, capsys):
    county_db = office["county"]
    for bad in ("五", "-3", "1e9", "3.5"):
        code, out, err = zjk(
            capsys, "--db", county_db, "keys", "revoke", "示例王建国", "--keep-through", bad
        )
        assert code == 1, out
        assert_one_clean_line(err)
    code, out, err = zjk(capsys, "--db", county_db, "--json", "keys", "list")
    assert not any(r["revoked"] for r in json.loads(out))
