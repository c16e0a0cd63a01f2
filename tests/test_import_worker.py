"""A large package's change lines parsed in a worker process give the same import, byte for byte.

Every test forces the worker (``ZJK_PARSE_WORKER=always``) on a small package cut into
many small batches, and compares with the in-process parse of the same file: the same
rows, versions and seals; the same one-line refusal for a malformed line deep in the
file, in the user's language; a cancel that leaves nothing running and nothing written;
a worker killed halfway (or one that cannot start) replaced by parsing the rest here.
"""

from __future__ import annotations

import importlib
import json
import marshal
import os
import shutil
import signal
import subprocess
import sys

import pytest
from hypothesis import settings

from zjk_desktop import i18n
from zjk_desktop.store import Change
from zjk_desktop.sync import importer, parse_worker
from zjk_desktop.sync.testing import build_network, change_lines, repack, visit_values

N_VISITS = 240
CHUNK = 25  # ten batches for the package below

convergence = importlib.import_module("test_sync_convergence")


@pytest.fixture
def net(tmp_path):
    network = build_network(tmp_path / "net")
    network.s1.write(
        [
            Change("visit", "create", visit_values(network, "s1", content=f"第{i}次走访，谷子"))
            for i in range(N_VISITS)
        ]
    )
    yield network
    network.close()


@pytest.fixture
def started(monkeypatch):
    """The worker forced on, small batches; the worker processes started, as a list."""
    processes: list[subprocess.Popen[bytes]] = []
    real = parse_worker._spawn

    def spawn(command, stderr):
        proc = real(command, stderr)
        processes.append(proc)
        return proc

    monkeypatch.setenv(parse_worker.ENV, "always")
    monkeypatch.setattr(parse_worker, "_spawn", spawn)
    monkeypatch.setattr(importer, "APPLY_CHUNK", CHUNK)
    return processes


def _copy(net, tmp_path, name):
    """A fresh copy of the township's database, to import the same file twice."""
    net.township.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = tmp_path / name
    shutil.copytree(net.root / "keys", folder / "keys")  # its keys live beside it
    target = folder / "township.sqlite3"
    net.township.conn.execute("VACUUM INTO ?", (str(target),))
    from zjk_desktop.store import Store

    return Store.open(target)


def _dump(store) -> str:
    return json.dumps(store.dump(), sort_keys=True, ensure_ascii=False, default=str)


def _import(store, package, monkeypatch, mode, **kw):
    monkeypatch.setenv(parse_worker.ENV, mode)
    try:
        return importer.import_files(store, [package], **kw)[0]
    finally:
        monkeypatch.setenv(parse_worker.ENV, "always")


def test_the_worker_imports_what_the_import_itself_would(net, started, tmp_path, monkeypatch):
    package = net.send("s1", "township")
    here, there = _copy(net, tmp_path, "here"), _copy(net, tmp_path, "there")
    try:
        got = _import(there, package, monkeypatch, "always")
        assert got.ok, got.reason
        assert len(started) == 1 and started[0].poll() is not None  # used, and finished
        want = _import(here, package, monkeypatch, "off")
        assert len(started) == 1
        assert got.ok and want.ok
        assert got.counts == want.counts and got.counts["visit"]["new"] == N_VISITS
        assert _dump(there) == _dump(here)
    finally:
        here.close()
        there.close()


def test_a_small_package_is_parsed_without_a_worker(net, started, monkeypatch):
    monkeypatch.delenv(parse_worker.ENV)
    summary = importer.import_files(net.township, [net.send("s1", "township")])[0]
    assert summary.ok and summary.counts["visit"]["new"] == N_VISITS
    assert started == []  # 240 changes: below the break-even


@pytest.mark.parametrize(
    ("cores", "load", "used"), [(2, 0.3, True), (2, 3.8, False), (1, 0.0, False)]
)
def test_a_large_package_uses_the_worker_only_with_a_core_to_spare(
    net, started, monkeypatch, cores, load, used
):
    monkeypatch.delenv(parse_worker.ENV)
    monkeypatch.setattr(parse_worker, "MIN_CHANGES", N_VISITS)  # this package counts as large
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load), raising=False)
    summary = importer.import_files(net.township, [net.send("s1", "township")])[0]
    assert summary.ok and summary.counts["visit"]["new"] == N_VISITS
    assert len(started) == (1 if used else 0)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_malformed_line_deep_in_the_file_refuses_it_in_one_line(
    net, started, tmp_path, monkeypatch, language
):
    package = net.send("s1", "township")
    lines = change_lines(package)
    bad = len(lines) - 12  # in the last batch but one
    lines[bad] = lines[bad].replace('"op":"create"', '"op":"explode"')
    broken = repack(net.s1, package, tmp_path / "broken.zjkpkg", lines=lines)
    before = _dump(net.township)
    old = i18n.get_language()
    i18n.set_language(language)
    try:
        got = _import(net.township, broken, monkeypatch, "always")
        want = _import(net.township, broken, monkeypatch, "off")
    finally:
        i18n.set_language(old)
    assert len(started) == 1
    assert not got.ok and got.reason == want.reason and got.reason_key == want.reason_key
    assert f"{bad + 1}" in got.reason and "\n" not in got.reason
    assert ("第" in got.reason) == (language == "zh_CN")
    assert _dump(net.township) == before  # nothing of the batches before it stayed


def test_a_package_with_fewer_lines_than_it_counts_is_refused_the_same(
    net, started, tmp_path, monkeypatch
):
    package = net.send("s1", "township")
    lines = change_lines(package)

    def claim_one_more(manifest):
        manifest["n_changes"] += 1

    short = repack(
        net.s1, package, tmp_path / "short.zjkpkg", lines=lines, edit_manifest=claim_one_more
    )
    got = _import(net.township, short, monkeypatch, "always")
    want = _import(net.township, short, monkeypatch, "off")
    assert len(started) == 1
    assert not got.ok and got.reason == want.reason


def test_a_cancel_stops_the_worker_and_writes_nothing(net, started, monkeypatch):
    package = net.send("s1", "township")
    before = _dump(net.township)
    seen: list[int] = []

    def progress(done, total):
        seen.append(done)

    summary = importer.import_files(
        net.township, [package], progress=progress, should_cancel=lambda: len(seen) >= 3
    )[0]
    assert not summary.ok and summary.reason_key == "sync.cancelled"
    assert len(started) == 1 and started[0].poll() is not None  # nothing left running
    assert _dump(net.township) == before


def test_a_killed_worker_is_replaced_and_nothing_is_lost(
    net, started, tmp_path, monkeypatch, caplog
):
    package = net.send("s1", "township")
    here = _copy(net, tmp_path, "here")
    want = _import(here, package, monkeypatch, "off")
    # A small pipe: the worker cannot have handed over the whole package when it is killed.
    monkeypatch.setattr(parse_worker, "PIPE_BYTES", 4096)
    batches: list[int] = []

    def progress(done, total):
        batches.append(done)
        if len(batches) == 3:  # two batches in: kill it as a task manager would
            started[0].send_signal(signal.SIGKILL if os.name != "nt" else signal.SIGTERM)
            started[0].wait()

    with caplog.at_level("WARNING", logger=parse_worker.__name__):
        got = importer.import_files(net.township, [package], progress=progress)[0]
    assert got.ok and got.counts == want.counts
    assert _dump(net.township) == _dump(here)
    assert any("parse worker ended early" in r.getMessage() for r in caplog.records)
    here.close()


def test_a_worker_that_cannot_start_leaves_the_import_to_this_process(
    net, started, monkeypatch, caplog
):
    def cannot(command, stderr):
        raise OSError("no such program")

    monkeypatch.setattr(parse_worker, "_spawn", cannot)
    with caplog.at_level("WARNING", logger=parse_worker.__name__):
        summary = importer.import_files(net.township, [net.send("s1", "township")])[0]
    assert summary.ok and summary.counts["visit"]["new"] == N_VISITS
    assert any("did not start" in r.getMessage() for r in caplog.records)


def test_the_worker_stops_when_the_import_goes_away(net, tmp_path):
    """Its stdin closing (the importing program ended, however) stops it mid-file."""
    from zjk_desktop.sync import crypto

    package, _sealed = crypto.open_package(net.township, net.send("s1", "township"))
    with package:
        proc = subprocess.Popen(
            parse_worker.worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert proc.stdin is not None and proc.stdout is not None
        job = marshal.dumps(
            {
                "path": str(package.path),
                "digest": package.digests["changes.ndjson"],
                "size": package.sizes["changes.ndjson"],
                "raw_size": json.loads(package.manifest_bytes)["members"]["changes.ndjson"][
                    "raw_size"
                ],
                "n_changes": N_VISITS,
                "batch": 1,
                "language": "en",
            }
        )
        proc.stdin.write(parse_worker._HEADER.pack(len(job)) + job)
        proc.stdin.flush()
        proc.stdout.read(parse_worker._HEADER.size)  # it has started writing batches
        proc.stdin.close()  # nobody reads the rest
        assert proc.wait(timeout=60) == 0
        proc.stdout.close()


def test_a_frozen_program_starts_itself_as_the_worker(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert parse_worker.worker_command() == [sys.executable, "--zjk-parse-worker"]
    monkeypatch.setattr(parse_worker, "main", lambda: 7)
    with pytest.raises(SystemExit) as stop:
        parse_worker.run_if_requested(["--zjk-parse-worker"])
    assert stop.value.code == 7
    parse_worker.run_if_requested(["import", "x.zjkpkg"])  # anything else: not the worker


def test_convergence_with_the_worker_parsing(started, tmp_path, monkeypatch):
    """The convergence property (fewer examples: each import starts a process)."""
    test = convergence.test_any_order_duplication_and_relay_converges
    inner = test._hypothesis_internal_use_settings
    monkeypatch.setattr(test, "_hypothesis_internal_use_settings", settings(inner, max_examples=4))
    test(workdir=tmp_path, monkeypatch=monkeypatch)
    assert started  # the worker parsed them
