"""A full disk is named as such ("磁盘空间不足，需要约 N MB") and nothing is half-written."""

from __future__ import annotations

import errno
import os
import re
import sqlite3

import pytest

from zjk_desktop import cli
from zjk_desktop.store import StoreError
from zjk_desktop.store.db import Store
from zjk_desktop.sync import SyncError, export_package
from zjk_desktop.sync.testing import build_network, visit_values

FULL = re.compile(r"^磁盘空间不足，需要约 [1-9][0-9]* MB，")


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def _disk_full(*_a, **_k):
    raise sqlite3.OperationalError("database or disk is full")


def test_import_on_a_full_disk_says_so_and_changes_nothing(net, monkeypatch):
    net.s1.create("visit", visit_values(net, "s1"))
    pkg = net.send("s1", "township")
    before = net.township.dump_json()
    monkeypatch.setattr(Store, "_apply", _disk_full)
    summary = net.receive("township", pkg)
    assert not summary.ok and FULL.match(summary.reason), summary.reason
    monkeypatch.undo()
    assert net.township.dump_json() == before
    assert net.receive("township", pkg).ok  # once there is room, the same file imports


def test_a_save_on_a_full_disk_says_so(net, monkeypatch):
    before = net.s1.dump_json()
    monkeypatch.setattr(Store, "_apply", _disk_full)
    with pytest.raises(StoreError) as err:
        net.s1.create("visit", visit_values(net, "s1"))
    assert FULL.match(str(err.value))
    monkeypatch.undo()
    assert net.s1.dump_json() == before


def test_a_nearly_full_disk_io_error_is_named_in_any_command(net, monkeypatch, capsys):
    def io_error(store):
        raise sqlite3.OperationalError("disk I/O error")

    from zjk_desktop.sync import peers

    monkeypatch.setattr(peers, "peer_status", io_error)
    code = cli.main(["--db", str(net.s1.path), "peers"])
    _out, err = capsys.readouterr()
    assert code == 1 and FULL.match(err.strip()) and err.count("\n") == 1


def test_an_export_on_a_full_disk_leaves_no_partial_file(net, tmp_path, monkeypatch):
    net.s1.create("visit", visit_values(net, "s1"))

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)  # the one the package writer calls
    out = tmp_path / "out.zjkpkg"
    with pytest.raises(SyncError) as err:
        export_package(net.s1, "township", out=out)
    assert FULL.match(str(err.value)), str(err.value)
    assert not out.exists() and not list(tmp_path.glob("*.part"))
