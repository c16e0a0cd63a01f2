"""Sync packages: what a user would notice when files are carried between nodes."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjk_desktop import i18n
from zjk_desktop.store import Change
from zjk_desktop.sync import (
    SyncError,
    container,
    export_package,
    export_receipt,
    export_roster,
    fingerprint,
    import_files,
    keys,
    peer_status,
    seals,
    verify_file,
)
from zjk_desktop.sync.export import sender_block
from zjk_desktop.sync.testing import build_network, rogue_write, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


@pytest.fixture(scope="module")
def tamper_setup(tmp_path_factory):
    """One network and one valid package from s1 to the township (shared: building is slow)."""
    root = tmp_path_factory.mktemp("tamper")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZJK_DATA_DIR", str(root / "data"))
        n = build_network(root / "net")
        n.s1.create(
            "visit", visit_values(n, "s1", photos=[n.s1.put_blob(b"\xff\xd8photo", "image/jpeg")])
        )
        good = n.send("s1", "township")
        n.s2.create("visit", visit_values(n, "s2"))
        other = n.send("s2", "township")
        yield n, n.opened("township", good), n.opened("township", other), root
    n.close()


def _one_line(text: str | None) -> bool:
    return text is not None and text != "" and "\n" not in text


def test_delta_import_reports_counts_and_second_import_changes_nothing(net):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    pkg = net.send("s1", "township")
    first = net.receive("township", pkg)
    assert first.ok and first.applied
    assert first.counts["visit"]["new"] == 1
    assert net.township.get("visit", rid)["content"] == "谷子田间管理"
    before = net.township.dump_json()
    again = net.receive("township", pkg)
    assert again.ok
    assert again.total("new") == again.total("updated") == again.total("conflicts") == 0
    assert again.counts["visit"]["unchanged"] == 1
    assert net.township.dump_json() == before


def test_delta_after_receipt_holds_only_what_recipient_lacks(net):
    net.s1.create("visit", visit_values(net, "s1"))
    first = export_package(net.s1, "township", out=net.path("a"))
    assert net.receive("township", first.path).ok
    receipt = export_receipt(net.township, net.s1.node_id, net.path("receipt"))
    summary = net.receive("s1", receipt.path)
    assert summary.ok and summary.kind == "receipt"
    # The township confirmed everything: nothing left to send, and the peer list says so.
    status = {p["node_id"]: p for p in peer_status(net.s1)}
    assert status[net.township.node_id]["unsent"] == 0
    net.s1.create("visit", visit_values(net, "s1", content="第二次"))
    second = export_package(net.s1, "township", out=net.path("b"))
    assert second.n_changes == 1 and second.counts == {"visit": 1}
    full = export_package(net.s1, "township", full=True, out=net.path("c"))
    assert full.n_changes > second.n_changes


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_flipped_byte_or_truncation_is_refused_and_changes_nothing(
    tamper_setup, tmp_path, data
):
    n, good, _other, _root = tamper_setup
    if data.draw(st.booleans(), label="truncate"):
        cut = data.draw(st.integers(0, len(good) - 1), label="length")
        bad = good[:cut]
    else:
        pos = data.draw(st.integers(0, len(good) - 1), label="position")
        mask = data.draw(st.integers(1, 255), label="mask")
        bad = good[:pos] + bytes([good[pos] ^ mask]) + good[pos + 1 :]
    path = tmp_path / "bad.zjkpkg"
    path.write_bytes(bad)
    before = n.township.dump_json()
    summary = import_files(n.township, [path])[0]
    assert not summary.ok and not summary.applied
    assert _one_line(summary.reason)
    assert n.township.dump_json() == before


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    manifest = members.pop(container.MANIFEST)
    sig = members.pop(container.SIGNATURE).decode()
    return container.container_bytes(manifest, sig, members)


def test_member_swapped_between_two_valid_packages_is_refused(tamper_setup, tmp_path):
    n, good, other, _root = tamper_setup
    a, b = _members(good), _members(other)
    a[container.CHANGES] = b[container.CHANGES]
    path = tmp_path / "swapped.zjkpkg"
    path.write_bytes(_rezip(a))
    before = n.township.dump_json()
    summary = import_files(n.township, [path])[0]
    assert not summary.ok and summary.reason is not None
    assert "changes.ndjson" in summary.reason
    assert n.township.dump_json() == before
    # The manifest of one with the signature of the other: refused as well.
    a, b = _members(good), _members(other)
    a[container.SIGNATURE] = b[container.SIGNATURE]
    path.write_bytes(_rezip(a))
    assert not import_files(n.township, [path])[0].ok
    assert n.township.dump_json() == before


def test_re_addressed_package_is_refused(net):
    net.s1.create("visit", visit_values(net, "s1"))
    to_township = net.send("s1", "township")
    before = net.county.dump_json()
    summary = net.receive("county", to_township)
    assert not summary.ok and _one_line(summary.reason)
    assert net.county.dump_json() == before
    # Rewriting the recipient in the manifest breaks the signature.
    m = _members(net.opened("township", to_township))
    manifest = json.loads(m[container.MANIFEST])
    manifest["recipient"] = {"to": "county", "node_id": net.county.node_id}
    m[container.MANIFEST] = json.dumps(manifest).encode()
    forged = net.path("forged")
    forged.write_bytes(_rezip(m))
    summary = net.receive("county", forged)
    assert not summary.ok
    assert summary.reason == i18n.t("sync.bad_signature")
    assert net.county.dump_json() == before


def test_untrusted_key_is_refused_naming_the_fingerprint_and_can_be_trusted_by_hand(net, tmp_path):
    from zjk_desktop.store import Store

    stranger = Store.open(tmp_path / "stranger.sqlite3")
    stranger.set_identity("township", "陌生人", net.ids["t1"])
    keys.ensure_keypair(stranger)
    out = tmp_path / "stranger.zjkpkg"
    # The stranger has no roster; it addresses the county by node id after trusting its key.
    keys.trust(stranger, sender_block(net.county))
    export_package(stranger, net.county.node_id, out=out)
    before = net.county.dump_json()
    summary = net.receive("county", out)
    fp = fingerprint(stranger)
    assert not summary.ok
    assert fp in summary.reason and _one_line(summary.reason)
    assert net.county.dump_json() == before
    # After the phone call: trust by fingerprint, then the same file imports.
    pending = keys.pending_by_fingerprint(net.county, fp.replace(" ", ""))
    assert pending is not None and pending["node_id"] == stranger.node_id
    keys.trust(net.county, pending)
    assert net.receive("county", out).ok
    stranger.close()


def test_revoked_key_is_refused(net):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "county")
    keys.revoke(net.county, net.s1.node_id)
    summary = net.receive("county", pkg)
    assert not summary.ok
    assert keys.fingerprint(net.s1) in summary.reason


def test_newer_schema_is_refused_with_please_upgrade(net, monkeypatch):
    from zjk_desktop.sync import importer

    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")
    monkeypatch.setattr(importer, "LATEST_SCHEMA", net.s1.schema_version - 1)
    before = net.township.dump_json()
    summary = net.receive("township", pkg)
    assert not summary.ok
    assert summary.reason_key == "sync.schema_too_new"
    assert "升级" in summary.reason
    assert net.township.dump_json() == before


def test_dry_run_and_verify_show_counts_but_apply_nothing(net):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    pkg = net.send("s1", "township")
    before = net.township.dump_json()
    dry = net.receive("township", pkg, dry_run=True)
    assert dry.ok and not dry.applied and dry.counts["visit"]["new"] == 1
    checked = verify_file(net.township, pkg)
    assert checked.ok and not checked.applied and checked.counts["visit"]["new"] == 1
    assert net.township.dump_json() == before
    assert net.township.get("visit", rid) is None
    text = dry.describe()
    assert "试运行" in text and "新增 1" in text


def test_cancel_applies_nothing(net):
    for i in range(3):
        net.s1.create("visit", visit_values(net, "s1", content=f"第{i}次"))
    pkg = net.send("s1", "township")
    before = net.township.dump_json()
    summary = import_files(net.township, [pkg], should_cancel=lambda: True)[0]
    assert not summary.ok and summary.reason == i18n.t("sync.cancelled")
    assert net.township.dump_json() == before


def test_specialist_cannot_change_someone_elses_record_or_approve(net):
    """A forged change from s2 on s1's record and a self-approval are refused; the rest applies."""
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    net.receive("township", net.send("s1", "township"))
    net.receive("s2", net.send("township", "s2", full=True))
    # s2 holds s1's record only if the township sent it; write locally anyway (validate off).
    own = net.s2.create("visit", visit_values(net, "s2")).record_id
    rogue_write(net.s2, [Change("visit", "review", {"review_state": "approved"}, own)])
    if net.s2.get("visit", rid) is None:
        net.s2.apply_versions(net.township.versions_of(rid))
    rogue_write(net.s2, [Change("visit", "update", {"content": "篡改"}, rid)], validate_rows=False)
    summary = net.receive("township", net.send("s2", "township"))
    assert summary.ok
    reasons = [r for _what, r in summary.refused]
    assert i18n.t("sync.r.not_own_record") in reasons
    assert i18n.t("sync.r.no_review") in reasons
    assert net.township.get("visit", rid)["content"] == "谷子田间管理"
    assert net.township.get("visit", own)["review_state"] == "draft"
    assert summary.counts["visit"]["new"] == 1


def test_only_county_changes_roster(net):
    rogue_write(
        net.township, [Change("specialist", "update", {"title": "高级农艺师"}, net.ids["sp1"])]
    )
    summary = net.receive("county", net.send("township", "county"))
    assert summary.ok
    assert summary.counts["specialist"]["refused"] == 1
    assert net.county.get("specialist", net.ids["sp1"]).get("title") is None


def test_township_review_relayed_to_county_keeps_origin_and_converges(net):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    net.receive("township", net.send("s1", "township"))
    net.township.review("visit", rid, "approved", "同意")
    summary = net.receive("county", net.send("township", "county"))
    assert summary.ok and not summary.refused
    # The specialist's version reached the county through the township under its own seal.
    origin = [v for v in net.county.versions_of(rid) if v.node_id == net.s1.node_id]
    assert origin and seals.held_seal_proves(
        net.county, origin[0], keys.own_public_key(net.s1), keys.verify
    )
    assert not seals.held_seal_proves(
        net.county, origin[0], keys.own_public_key(net.township), keys.verify
    )
    assert net.county.get("visit", rid)["review_state"] == "approved"
    assert net.county.dump_json() == net.township.dump_json()


def test_relayed_change_with_forged_origin_signature_is_refused(net):
    rid = net.s1.create("visit", visit_values(net, "s1")).record_id
    pkg = net.send("s1", "township")
    net.receive("township", pkg)
    # The township rewrites the specialist's version (same origin node and counter).
    net.township.conn.execute(
        "UPDATE versions SET fields = json_set(fields, '$.content', '改过') WHERE node_id = ?",
        (net.s1.node_id,),
    )
    net.township.conn.commit()
    summary = net.receive("county", net.send("township", "county"))
    assert summary.ok
    # Refused under the specialist's seal, which the township cannot make again.
    reasons = [r for _w, r in summary.refused]
    assert reasons and all("特派员1" in r and "不符" in r for r in reasons), reasons
    assert net.county.get("visit", rid) is None


def test_old_roster_is_refused(net):
    old = net.path("old-roster")
    export_roster(net.county, old)
    export_roster(net.county, net.path("new-roster"))
    newest = net.root / sorted(p.name for p in net.root.glob("*new-roster*"))[-1]
    assert net.receive("s1", newest).ok
    summary = net.receive("s1", old)
    assert not summary.ok and summary.reason_key == "sync.old_roster"


def test_photos_travel_as_blobs(net):
    digest = net.s1.put_blob(b"\xff\xd8\xff fake jpeg", "image/jpeg")
    net.s1.create("visit", visit_values(net, "s1", photos=[digest]))
    result = export_package(net.s1, "township", out=net.path("photo"))
    assert result.n_blobs == 1
    net.receive("township", result.path)
    assert net.township.get_blob(digest) == b"\xff\xd8\xff fake jpeg"


def test_file_names_and_packages_hold_no_private_key(net, tmp_path):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")
    pem = keys.key_path(net.s1).read_bytes()
    body = b"".join(line.strip() for line in pem.splitlines() if not line.startswith(b"-----"))
    assert body not in pkg.read_bytes()
    assert body not in Path(net.s1.path).read_bytes()


def test_export_without_identity_is_a_clear_error(tmp_path):
    from zjk_desktop.store import Store

    s = Store.open(tmp_path / "x.sqlite3")
    with pytest.raises(SyncError) as exc:
        export_package(s, "township", out=tmp_path / "x.zjkpkg")
    assert "zjk init" in str(exc.value)
    # A desktop user is pointed at the wizard, named the way the window names it.
    for lang in ("zh_CN", "en"):
        i18n.set_language(lang)
        wizard_title = _qt_text(lang, "First start")
        setup_choice = _qt_text(lang, "Set up this computer for my work")
        for key in ("sync.no_role", "sync.no_key"):
            assert wizard_title in i18n.t(key) and "zjk init" in i18n.t(key)
        assert setup_choice in i18n.t("sync.no_role")
    s.close()


def _qt_text(lang: str, source: str) -> str:
    """What the desktop shows for ``source`` in ``lang`` (from the committed .ts file)."""
    import xml.etree.ElementTree as ET

    if lang == "en":
        return source
    root = ET.parse(
        Path(__file__).parent.parent / "resources" / "translations" / f"{lang}.ts"
    ).getroot()
    for message in root.iter("message"):
        if message.findtext("source") == source:
            return message.findtext("translation") or ""
    raise AssertionError(f"no translation of {source!r}")


def test_not_a_zip_is_refused_in_english_too(net, tmp_path):
    i18n.set_language("en")
    path = tmp_path / "junk.zjkpkg"
    path.write_bytes(b"hello")
    summary = import_files(net.township, [path])[0]
    assert not summary.ok and (summary.reason or "").startswith("Not a valid sync file")
    assert "not imported" in summary.describe()


def test_receipt_tells_the_sender_what_was_refused(net):
    rogue_write(
        net.township, [Change("specialist", "update", {"title": "高级农艺师"}, net.ids["sp1"])]
    )
    summary = net.receive("county", net.send("township", "county"))
    assert summary.counts["specialist"]["refused"] == 1
    receipt = export_receipt(net.county, net.township.node_id, net.path("receipt"))
    back = net.receive("township", receipt.path)
    assert back.ok and back.kind == "receipt"
    assert [r for _w, r in back.refused] == [i18n.t("sync.r.roster_county")]
    assert "只有县服务团" in back.describe()


@pytest.mark.parametrize(
    "evil", ["../evil.txt", "blobs/../../x", "/abs", "changes.ndjson/x", "extra.json"]
)
def test_members_outside_the_whitelist_are_refused(tamper_setup, tmp_path, evil):
    n, good, _other, _root = tamper_setup
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(evil, b"x")
    path = tmp_path / "evil.zjkpkg"
    path.write_bytes(buf.getvalue())
    before = n.township.dump_json()
    summary = import_files(n.township, [path])[0]
    assert not summary.ok and _one_line(summary.reason)
    assert n.township.dump_json() == before
    assert not (tmp_path / "evil.txt").exists()


def test_compressed_zip_bomb_is_refused_without_inflating(tamper_setup, tmp_path):
    n, good, _other, _root = tamper_setup
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename == container.CHANGES:
                dst.writestr(
                    container.CHANGES, b"\n" * (16 << 20), compress_type=zipfile.ZIP_DEFLATED
                )
            else:
                dst.writestr(info, src.read(info))
    path = tmp_path / "bomb.zjkpkg"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 1 << 20
    summary = import_files(n.township, [path])[0]
    assert not summary.ok and _one_line(summary.reason)


def test_progress_reaches_the_end_for_several_files(net):
    net.s1.create("visit", visit_values(net, "s1"))
    a = net.send("s1", "township")
    net.s2.create("visit", visit_values(net, "s2"))
    b = net.send("s2", "township")
    seen = []
    summaries = import_files(
        net.township, [a, b], progress=lambda done, total: seen.append((done, total))
    )
    assert all(s.ok for s in summaries)
    assert seen[-1] == (1000, 1000)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
