"""Issue 9, as a new user tried it: files that are validly signed and still wrong.

Each test is one reproduction quoted in the issue, run against a small
four-node network (county, township, two specialists).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from zjk_desktop import cli, i18n
from zjk_desktop.domain.ids import id_node, new_id
from zjk_desktop.store import Change, Store, StoreError
from zjk_desktop.store.versions import canonical_json
from zjk_desktop.sync import SyncError, container, export, import_files, importer, keys, verify_file
from zjk_desktop.sync.testing import (
    build_network,
    change_lines,
    repack,
    rogue_write,
    signed_line,
    visit_values,
)


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def one_clean_line(text: str | None) -> bool:
    """One line, no Python exception text, no hash longer than 12 characters."""
    assert text
    assert "\n" not in text
    for marker in ("Error", "Traceback", "invalid literal", "File is not", "Bad CRC", "line 1:"):
        assert marker not in text, text
    assert not re.search(r"[0-9a-f]{13,}", text), text
    return True


def own_line(net, who: str = "s1", **extra) -> tuple:
    """A package from ``who`` to the township and its last change line as a dict."""
    net.nodes[who].create("visit", visit_values(net, who, **extra))
    pkg = net.send(who, "township")
    lines = change_lines(pkg)
    return pkg, lines, json.loads(lines[-1])


# ------------------------------------------------------------------ stamps
@pytest.mark.parametrize(
    "make",
    [
        lambda node: " 9999999999999-0000-" + node,  # leading space: int() takes it
        lambda node: "9_000_000_000-0000-" + node,  # underscores: int() takes them
        lambda node: "１７００００００００００００-0000-" + node,  # fullwidth digits
        lambda node: "99999999999999-0000-" + node,  # 14 digits: 500 years ahead
        lambda node: "999999999999-0000-" + node,  # 12 digits: crashed import
        lambda node: "-99999999999-0000-" + node,  # negative: raw Python text
        lambda node: "1700000000000-0000-",  # empty node part
        lambda node: "1700000000000-0000-" + "0" * 16,  # another node than the origin
    ],
)
def test_malformed_stamps_are_refused_and_move_no_clock(net, tmp_path, make):
    pkg, lines, d = own_line(net)
    clock_before = net.township.get_meta("hlc")
    dump_before = net.township.dump_json()
    bad = canonical_json(dict(d, stamp=make(d["node"])))
    forged = repack(net.s1, pkg, tmp_path / "forged.zjkpkg", lines=lines[:-1] + [bad])
    for summary in (verify_file(net.township, forged), net.receive("township", forged)):
        assert not summary.ok and one_clean_line(summary.reason)
        assert "时间戳" in (summary.reason or "")
    assert net.township.get_meta("hlc") == clock_before
    assert net.township.dump_json() == dump_before
    # The honest package still imports.
    assert net.receive("township", pkg).ok


def test_a_far_future_stamp_moves_no_clock_and_a_later_correction_wins(net, tmp_path):
    pkg, lines, d = own_line(net)
    future = signed_line(net.s1, dict(d, stamp="9999999999999-0000-" + d["node"]))
    forged = repack(net.s1, pkg, tmp_path / "future.zjkpkg", lines=lines[:-1] + [future])
    clock_before = net.township.clock.last_ms
    summary = net.receive("township", forged)
    assert summary.ok and summary.held == 0 and any("时钟" in n for n in summary.notes)
    assert net.township.clock.last_ms < clock_before + 8 * 86_400_000
    # the township's own work is not "in 2286": a correction made now wins
    net.township.update("visit", d["id"], {"content": "服务站更正"})
    assert net.township.get("visit", d["id"])["content"] == "服务站更正"
    assert net.receive("county", net.send("township", "county")).ok
    assert net.county.get("visit", d["id"])["content"] == "服务站更正"


# ------------------------------------------------------------------ hijack
def test_a_specialist_cannot_claim_another_specialists_record_id(net, tmp_path):
    genuine = net.s1.create("visit", visit_values(net, "s1")).record_id
    assert id_node(genuine) == net.s1.node_id
    # s2 saw the id (carried s1's file) and sends a signed create in its own name.
    rogue_write(net.s2, [Change("visit", "create", visit_values(net, "s2"), genuine)])
    first = net.receive("township", net.send("s2", "township"))
    assert first.ok
    assert [r for _w, r in first.refused] == [i18n.t("sync.r.id_not_yours")]
    assert net.township.get("visit", genuine) is None
    second = net.receive("township", net.send("s1", "township"))
    assert second.ok and not second.refused
    row = net.township.get("visit", genuine)
    assert row["specialist_id"] == net.ids["sp1"]


def test_an_update_before_the_creation_waits_and_cannot_take_the_record(net):
    genuine = net.s1.create("visit", visit_values(net, "s1")).record_id
    # s2 gets the record somehow and forges an update that moves it to itself.
    net.s2.apply_versions(net.s1.versions_of(genuine))
    rogue_write(
        net.s2,
        [
            Change(
                "visit",
                "update",
                {"specialist_id": net.ids["sp2"], "village_id": net.ids["v2"]},
                genuine,
            )
        ],
        validate_rows=False,
    )
    early = net.receive("township", net.send("s2", "township"))
    assert early.ok and early.held >= 1 and net.township.get("visit", genuine) is None
    late = net.receive("township", net.send("s1", "township"))
    assert late.ok and not late.refused
    assert net.township.get("visit", genuine)["specialist_id"] == net.ids["sp1"]


# ------------------------------------------------------------ local writes
def test_a_specialist_cannot_approve_own_record_locally(net):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    before = net.s1.dump_json()
    with pytest.raises(StoreError) as err:
        net.s1.update("visit", rid, {"review_state": "approved", "review_comment": "自己通过"})
    assert str(err.value) == i18n.t("sync.r.no_review")
    assert net.s1.dump_json() == before


def test_cli_record_edit_self_approval_is_refused_in_one_line(net, capsys):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    code = cli.main(
        [
            "--db",
            str(net.s1.path),
            "record",
            "edit",
            rid,
            "--values",
            '{"review_state":"approved","review_comment":"自己通过"}',
        ]
    )
    _out, err = capsys.readouterr()
    assert code == 1 and err.strip() == i18n.t("sync.r.no_review")


def test_a_county_without_organisation_may_change_no_records(net, tmp_path):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    # What ``init --role county`` leaves before the first roster import.
    bare = Store.open(tmp_path / "bare-county.sqlite3")
    bare.set_identity("county", "新县服务团")
    keys.ensure_keypair(bare)
    bare.apply_versions(list(net.s1.iter_versions()))
    with pytest.raises(StoreError) as err:
        bare.update("visit", rid, {"content": "改"})
    assert str(err.value) == i18n.t("sync.r.county_no_org")
    # and such a county's changes are refused on import
    rogue_write(bare, [Change("visit", "update", {"content": "改"}, rid)], validate_rows=False)
    keys.trust(bare, export.sender_block(net.s1))
    keys.trust(net.s1, export.sender_block(bare))
    out = tmp_path / "bare.zjkpkg"
    export.export_package(bare, net.s1.node_id, out=out)
    summary = net.receive("s1", out)
    assert summary.ok and i18n.t("sync.r.county_no_org") in [r for _w, r in summary.refused]
    assert net.s1.get("visit", rid)["content"] == "谷子田间管理"
    bare.close()


# ------------------------------------------------ references and recipients
def test_a_package_with_no_addressee_is_refused(net, tmp_path):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")

    def no_recipient(m):
        m["recipient"] = {}

    forged = repack(net.s1, pkg, tmp_path / "nobody.zjkpkg", edit_manifest=no_recipient)
    for store in (net.township, net.county, net.s2):
        summary = import_files(store, [forged])[0]
        assert not summary.ok and summary.reason == i18n.t("sync.no_recipient")


def test_a_change_pointing_at_a_missing_village_is_held_back(net, tmp_path):
    pkg, lines, d = own_line(net)
    d["fields"]["village_id"] = new_id()
    forged = repack(
        net.s1, pkg, tmp_path / "dangling.zjkpkg", lines=lines[:-1] + [canonical_json(d)]
    )
    summary = net.receive("township", forged)
    assert summary.ok and summary.held == 1 and importer.exit_code([summary]) == 3
    assert net.township.get("visit", d["id"]) is None
    assert any("尚未收到" in n for n in summary.notes)


def test_nul_characters_are_refused_locally_and_on_import(net, tmp_path, capsys):
    with pytest.raises(Exception) as err:
        net.s1.create("visit", visit_values(net, "s1", content="谷子\x00管理"))
    assert "控制字符" in str(err.value)
    code = cli.main(
        [
            "--db",
            str(net.s1.path),
            "record",
            "add",
            "--kind",
            "visit",
            "--values",
            json.dumps(visit_values(net, "s1", farmers="王\u0000大爷")),
        ]
    )
    _out, err_text = capsys.readouterr()
    assert code == 1 and "控制字符" in err_text
    pkg, lines, d = own_line(net)
    d["fields"]["content"] = "谷子\x00管理"
    forged = repack(net.s1, pkg, tmp_path / "nul.zjkpkg", lines=lines[:-1] + [canonical_json(d)])
    summary = net.receive("township", forged)
    assert summary.ok and len(summary.refused) == 1 and "控制字符" in summary.refused[0][1]
    assert net.township.get("visit", d["id"]) is None


def _stranger(net, tmp_path):
    """A township computer the county never enrolled, with a package for the county."""
    stranger = Store.open(tmp_path / "stranger.sqlite3")
    stranger.set_identity("township", "陌生服务站", net.ids["t1"])
    keys.ensure_keypair(stranger)
    keys.trust(stranger, export.sender_block(net.county))
    out = tmp_path / "stranger.zjkpkg"
    export.export_package(stranger, net.county.node_id, out=out)
    return stranger, out


def test_verify_writes_nothing_not_even_an_unknown_senders_key(net, tmp_path):
    stranger, out = _stranger(net, tmp_path)
    count = "SELECT count(*) FROM trusted_keys"
    before = net.county.conn.execute(count).fetchone()[0]
    dump = net.county.dump_json()
    summary = verify_file(net.county, out)
    assert not summary.ok
    assert net.county.conn.execute(count).fetchone()[0] == before
    assert net.county.dump_json() == dump
    # an import does remember the key, so it can be trusted by fingerprint later
    assert not net.receive("county", out).ok
    assert net.county.conn.execute(count).fetchone()[0] == before + 1
    stranger.close()


def test_unknown_signer_is_named_with_fingerprint(net, tmp_path):
    stranger, out = _stranger(net, tmp_path)
    summary = net.receive("county", out)
    fp = keys.fingerprint(stranger)
    assert not summary.ok and "陌生服务站" in summary.reason and fp in summary.reason
    assert one_clean_line(summary.reason)
    stranger.close()


# ----------------------------------------------------------- exit codes
def test_import_exit_codes_0_3_1(net, tmp_path, capsys):
    clean = net.send("s1", "township")
    assert cli.main(["--db", str(net.township.path), "import", str(clean)]) == 0
    pkg, lines, d = own_line(net)
    d["fields"]["village_id"] = new_id()
    partly = repack(net.s1, pkg, tmp_path / "partly.zjkpkg", lines=lines[:-1] + [canonical_json(d)])
    assert cli.main(["--db", str(net.township.path), "import", str(partly)]) == 3
    broken = tmp_path / "broken.zjkpkg"
    broken.write_bytes(pkg.read_bytes()[:100])
    assert cli.main(["--db", str(net.township.path), "import", str(broken)]) == 1
    capsys.readouterr()


# ------------------------------------------------------------ zip level
def test_a_damaged_photo_is_named_without_raw_python_text(net, tmp_path):
    digest = net.s1.put_blob(b"\xff\xd8" + b"photo" * 2000, "image/jpeg")
    net.s1.create("visit", visit_values(net, "s1", photos=[digest]))
    # The signed inner zip (what a file decrypted on the way and damaged looks like).
    data = bytearray(net.opened("township", net.send("s1", "township")))
    at = data.find(b"photo" * 50)
    data[at + 10] ^= 0xFF  # flip a byte inside the photo: its CRC no longer matches
    damaged = tmp_path / "damaged.zjkpkg"
    damaged.write_bytes(bytes(data))
    summary = net.receive("township", damaged)
    assert not summary.ok and one_clean_line(summary.reason)
    assert f"blobs/{digest[:12]}" in summary.reason


def test_not_a_zip_file_is_refused_in_chinese(net, tmp_path):
    path = tmp_path / "notes.zjkpkg"
    path.write_text("这不是同步文件")
    summary = net.receive("township", path)
    assert not summary.ok and one_clean_line(summary.reason)


def test_extra_bytes_in_zip_headers_are_refused(net, tmp_path):
    pkg = net.send("s1", "township")
    with zipfile.ZipFile(io.BytesIO(net.opened("township", pkg))) as src:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as dst:
            for info in src.infolist():
                info.comment = b"x"
                dst.writestr(info, src.read(info))
    altered = tmp_path / "altered.zjkpkg"
    altered.write_bytes(buf.getvalue())
    summary = net.receive("township", altered)
    assert not summary.ok and one_clean_line(summary.reason)


def test_a_package_inflating_past_its_signed_size_is_refused(net, tmp_path):
    pkg, lines, _d = own_line(net)

    def lie(m):
        m["members"][container.CHANGES]["raw_size"] -= 10

    forged = repack(net.s1, pkg, tmp_path / "bomb.zjkpkg", lines=lines, edit_manifest=lie)
    summary = net.receive("township", forged)
    assert not summary.ok and one_clean_line(summary.reason)


def test_one_change_number_twice_in_a_package_with_other_content_is_refused(net, tmp_path):
    pkg, lines, d = own_line(net)
    twin = canonical_json(dict(d, fields={**d["fields"], "content": "另一个内容"}))
    forged = repack(net.s1, pkg, tmp_path / "twin.zjkpkg", lines=lines + [twin])
    summary = net.receive("township", forged)
    assert summary.ok
    assert [r for _w, r in summary.refused] == [
        i18n.t("sync.r.counter_reused", name="特派员1", n=d["n"])
    ]
    assert net.township.get("visit", d["id"])["content"] == "谷子田间管理"


def test_a_file_changed_while_importing_changes_nothing(net, monkeypatch):
    digest = net.s1.put_blob(b"\xff\xd8" + b"photo" * 3000, "image/jpeg")
    net.s1.create("visit", visit_values(net, "s1", photos=[digest]))
    pkg = net.send("s1", "township")
    before = net.township.dump_json()
    # The USB stick hands back other bytes of the photo the second time it is read.
    real_chunks, real_stream = container._chunks, container.Package.stream
    reading = {"photo": False}

    def chunks(fh):
        for chunk in real_chunks(fh):
            yield chunk[:-1] + bytes([chunk[-1] ^ 1]) if reading["photo"] else chunk

    def stream(self, name):
        reading["photo"] = name.startswith("blobs/")
        yield from real_stream(self, name)

    monkeypatch.setattr(container, "_chunks", chunks)
    monkeypatch.setattr(container.Package, "stream", stream)
    summary = net.receive("township", pkg)
    assert not summary.ok and one_clean_line(summary.reason)
    assert net.township.dump_json() == before
    assert not net.township.has_blob(digest)


def test_a_missing_file_or_a_folder_is_refused_in_the_users_language(net, tmp_path):
    for path in (tmp_path / "nowhere.zjkpkg", tmp_path):
        summary = net.receive("township", path)
        assert not summary.ok and one_clean_line(summary.reason)
        assert "No such" not in summary.reason and "directory" not in summary.reason


def test_an_inflation_bomb_is_refused_after_reading_at_most_the_cap():
    bomb = container.deflate(b"\n" * (64 << 20))  # 64 MiB of newlines in ≈64 KiB
    cap = 1 << 20  # what the signed manifest claims
    produced = 0
    with pytest.raises(SyncError):
        for out in container._inflated(iter([bomb]), container.CHANGES, cap):
            produced += len(out)
    assert produced <= cap


@pytest.mark.parametrize(
    "block,name,value",
    [
        ("recipient", "role", ["township"]),
        ("recipient", "org_id", {"x": 1}),
        ("sender", "label", "王\u0000"),
        ("recipient", "node_id", 7),
    ],
)
def test_odd_sender_or_recipient_fields_are_refused_not_crashes(net, tmp_path, block, name, value):
    pkg, _lines, _d = own_line(net)

    def odd(m):
        m[block][name] = value

    forged = repack(net.s1, pkg, tmp_path / "odd.zjkpkg", edit_manifest=odd)
    summary = net.receive("township", forged)
    assert not summary.ok and one_clean_line(summary.reason)
