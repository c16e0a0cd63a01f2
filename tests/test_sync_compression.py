"""changes.ndjson travels deflated; the receiver inflates what the sender signed, never more."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib

import pytest

from zjk_desktop import i18n
from zjk_desktop.store import Change
from zjk_desktop.sync import container, import_files, keys
from zjk_desktop.sync.testing import build_network, visit_values


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _unpack(data: bytes) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    manifest = json.loads(members.pop(container.MANIFEST))
    members.pop(container.SIGNATURE)
    return manifest, members


def _resigned(store, manifest: dict, members: dict[str, bytes]) -> bytes:
    """The package as its (trusted) sender would sign it with this manifest."""
    for name, data in members.items():
        manifest["members"][name].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    body = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return container.container_bytes(body, keys.sign(store, body), members)


def _visits(net, n: int = 40) -> None:
    net.s1.write(
        [
            Change("visit", "create", visit_values(net, "s1", content=f"第{i}次走访，谷子田间管理"))
            for i in range(n)
        ]
    )


def test_changes_are_stored_deflated_and_import_exactly(net):
    _visits(net)
    pkg = net.send("s1", "township")
    manifest, members = _unpack(net.opened("township", pkg))
    meta = manifest["members"][container.CHANGES]
    raw = zlib.decompress(members[container.CHANGES], -15)
    assert meta["encoding"] == "deflate" and meta["raw_size"] == len(raw)
    assert len(members[container.CHANGES]) * 3 < len(raw)
    assert len(raw.splitlines()) == manifest["n_changes"] and manifest["counts"]["visit"] == 40
    # The zip itself stores the member as is: the file's bytes are the signed bytes.
    with zipfile.ZipFile(io.BytesIO(net.opened("township", pkg))) as zf:
        assert zf.getinfo(container.CHANGES).compress_type == zipfile.ZIP_STORED
    summary = net.receive("township", pkg)
    assert summary.ok and summary.counts["visit"]["new"] == 40


def test_a_format_1_package_with_plain_changes_still_imports(net, tmp_path):
    _visits(net, 3)
    manifest, members = _unpack(net.opened("township", net.send("s1", "township")))
    members[container.CHANGES] = zlib.decompress(members[container.CHANGES], -15)
    manifest["format_version"] = 1
    del (
        manifest["members"][container.CHANGES]["encoding"],
        manifest["members"][container.CHANGES]["raw_size"],
    )
    old = tmp_path / "v1.zjkpkg"
    old.write_bytes(_resigned(net.s1, manifest, members))
    summary = import_files(net.township, [old])[0]
    assert summary.ok, summary.reason
    assert summary.counts["visit"]["new"] == 3


@pytest.mark.parametrize(
    "case", ["bomb", "longer", "shorter", "garbage", "plain_in_v2", "deflated_in_v1"]
)
def test_changes_that_do_not_inflate_to_the_signed_size_are_refused(net, tmp_path, case):
    _visits(net, 3)
    manifest, members = _unpack(net.opened("township", net.send("s1", "township")))
    meta = manifest["members"][container.CHANGES]
    raw = zlib.decompress(members[container.CHANGES], -15)
    if case == "bomb":  # 64 MiB of newlines in ~64 KiB, honestly declared
        members[container.CHANGES] = container.deflate(b"\n" * (64 << 20))
        meta["raw_size"] = 64 << 20
    elif case == "longer":  # inflates past what the manifest promises
        meta["raw_size"] = len(raw) - 10
    elif case == "shorter":
        meta["raw_size"] = len(raw) + 10
    elif case == "garbage":
        members[container.CHANGES] = b"\xff" * 50
    elif case == "plain_in_v2":
        members[container.CHANGES] = raw
        del meta["encoding"], meta["raw_size"]
    else:
        manifest["format_version"] = 1
    path = tmp_path / f"{case}.zjkpkg"
    path.write_bytes(_resigned(net.s1, manifest, members))
    before = net.township.dump_json()
    summary = import_files(net.township, [path])[0]
    assert not summary.ok
    assert summary.reason and "\n" not in summary.reason
    expected = {
        "bomb": i18n.t("sync.too_large", detail=container.CHANGES),
        "plain_in_v2": i18n.t("sync.bad_manifest", detail="members.changes.ndjson.encoding"),
        "deflated_in_v1": i18n.t("sync.bad_manifest", detail="members.changes.ndjson.encoding"),
    }
    assert summary.reason == expected.get(
        case, i18n.t("sync.member_mismatch", name=container.CHANGES)
    )
    assert net.township.dump_json() == before
