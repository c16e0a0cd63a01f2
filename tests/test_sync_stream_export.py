"""Export streams to disk (bounded memory) and still writes the very package the in-memory code wrote."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import tempfile
import zipfile
from array import array

import pytest

from zjk_desktop import i18n
from zjk_desktop.store import Change, Version
from zjk_desktop.store.versions import canonical_json
from zjk_desktop.sync import container, crypto, export, peers
from zjk_desktop.sync.errors import SyncError
from zjk_desktop.sync.testing import build_network, inner_zip_bytes, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _old_container_bytes(manifest_bytes: bytes, signature: str, members: dict[str, bytes]) -> bytes:
    """The container as the in-memory writer built it before export streamed (``writestr``)."""

    def info(name: str) -> zipfile.ZipInfo:
        i = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
        i.compress_type = zipfile.ZIP_STORED
        i.create_system = 3
        i.external_attr = 0o644 << 16
        return i

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(info(container.MANIFEST), manifest_bytes)
        zf.writestr(info(container.SIGNATURE), signature.encode("ascii"))
        for name in sorted(members):
            zf.writestr(info(name), members[name])
    return buf.getvalue()


def _old_members(store, manifest: dict) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Members and their manifest entries as the in-memory export computed them."""
    since = manifest["since"]
    recipient = manifest["recipient"]
    exclude = export._excluded_records(store, recipient, peers.known_vector_for(store, recipient))
    lines: list[str] = []
    photos: set[str] = set()
    carried: dict[tuple[str, int], array] = {}
    for row in export.version_rows(store):
        if row[1] <= since.get(row[0], 0) or row[4] in exclude:
            continue
        node, counter, stamp, ent, rid, op, fields, base, actor, sig, seal, seal_pos = row
        v = Version.make(
            node,
            counter,
            stamp,
            ent,
            rid,
            op,
            json.loads(fields),
            json.loads(base or "{}"),
            actor or "",
            sig,
            seal,
            seal_pos,
        )
        lines.append(canonical_json(v.to_dict()))
        carried.setdefault((row[0], row[10]), array("l")).append(row[11])
        photos.update(json.loads(row[6]).get("photos") or [])
    raw = ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    members = {container.CHANGES: container.deflate(raw)}
    entries: dict[str, dict] = {
        container.CHANGES: {"encoding": container.DEFLATE, "raw_size": len(raw)}
    }
    # Every line names its origin seal; the package carries those seals.
    assert all(seal is not None for _node, seal in carried)
    members[container.SEALS] = export._seal_member(store, carried)
    entries[container.SEALS] = {}
    for digest in sorted(photos):
        data, mime = store.conn.execute(
            "SELECT data, mime FROM blobs WHERE sha256 = ?", (digest,)
        ).fetchone()
        members[f"blobs/{digest}"] = bytes(data)
        entries[f"blobs/{digest}"] = {"mime": mime}
    for name, data in members.items():
        entries[name].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    assert len(lines) == manifest["n_changes"]
    return members, entries


def _work(net) -> None:
    for who in ("s1", "s2"):
        store = net.nodes[who]
        photos = [
            store.put_blob(f"\xff\xd8 {who} photo {i}".encode(), "image/jpeg") for i in (1, 2)
        ]
        store.write(
            [
                Change(
                    "visit",
                    "create",
                    visit_values(net, who, content=f"第{i}次走访，谷子田间管理", photos=photos),
                )
                for i in range(30)
            ]
        )


@pytest.mark.parametrize(
    ("sender", "to", "full"),
    [("s1", "township", False), ("township", "county", True), ("township", "s1", True)],
)
def test_the_streamed_package_is_byte_for_byte_the_in_memory_one(net, sender, to, full):
    _work(net)
    for who in ("s1", "s2"):
        assert net.receive("township", net.send(who, "township")).ok
    package = net.send(sender, to, full=full)
    inner = inner_zip_bytes(package)
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        manifest_bytes = zf.read(container.MANIFEST)
        signature = zf.read(container.SIGNATURE).decode("ascii")
    manifest = json.loads(manifest_bytes)
    members, entries = _old_members(net.nodes[sender], manifest)
    assert manifest["members"] == entries
    assert inner == _old_container_bytes(manifest_bytes, signature, members)
    # Photos and change lines arrive; nothing of the work files is left beside the package.
    expected_blobs = 2 if to == "s1" else (2 if sender == "s1" else 4)
    assert sum(1 for n in members if n.startswith("blobs/")) == expected_blobs
    assert sorted(p.name for p in package.parent.glob(f"{package.name}*")) == [package.name]
    summary = net.receive(to, package)
    assert summary.ok, summary.reason


def test_first_time_signing_in_small_batches_signs_every_version(net):
    _work(net)
    unsigned = net.s1.conn.execute(
        "SELECT count(*) FROM versions WHERE node_id = ? AND seal IS NULL", (net.s1.node_id,)
    ).fetchone()[0]
    assert unsigned >= 30
    assert export.sign_own_versions(net.s1, batch=7) == unsigned
    assert (
        net.s1.conn.execute(
            "SELECT count(*) FROM versions WHERE node_id = ? AND seal IS NULL", (net.s1.node_id,)
        ).fetchone()[0]
        == 0
    )
    # One seal per 7 versions, none twice, each numbered by its last counter.
    n_seals = net.s1.conn.execute(
        "SELECT count(*), sum(count), max(count) FROM seals WHERE node_id = ?", (net.s1.node_id,)
    ).fetchone()
    assert n_seals == (-(-unsigned // 7), unsigned, 7)
    assert export.sign_own_versions(net.s1, batch=7) == 0
    # Every seal is the origin's proof: the township takes the visits, and the county
    # takes them relayed by the township (it checks each version's seal, not the relay's).
    assert net.receive("township", net.send("s1", "township")).counts["visit"]["new"] == 30
    relayed = net.receive("county", net.send("township", "county"))
    assert relayed.ok and relayed.counts["visit"]["new"] == 30


def test_a_cancelled_export_leaves_no_file_and_sends_nothing(net, tmp_path):
    _work(net)
    out = tmp_path / "cancelled.zjkpkg"
    with pytest.raises(SyncError):
        export.export_package(net.s1, "township", out=out, should_cancel=lambda: True)
    assert list(tmp_path.glob("cancelled*")) == []
    assert peers.sent_vector(net.s1, "township") == {}


def test_a_sealed_export_that_fails_leaves_no_clear_copy_anywhere(net, tmp_path, monkeypatch):
    """The unencrypted zip is a work file on the local disk; a failed export removes it too."""
    _work(net)
    local = tmp_path / "local-temp"
    local.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(local))
    stick = tmp_path / "stick"
    stick.mkdir()

    def full_stick(src, dst, recipients):
        assert src.parent == local  # written on the local disk, never on the stick
        dst.write_bytes(b"age-encryption.org/v1\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(crypto, "seal_file", full_stick)
    with pytest.raises(SyncError) as err:
        export.export_package(net.s1, "township", out=stick / "out.zjkpkg")
    assert str(err.value) == i18n.t("sync.disk_full_export", mb=1)
    assert list(stick.iterdir()) == [] and list(local.iterdir()) == []
