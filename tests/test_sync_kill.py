"""A process killed in the middle of an import leaves the database before or after, never between."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zjk_desktop.store import Change, Store
from zjk_desktop.sync import import_files
from zjk_desktop.sync.testing import build_network, visit_values

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from zjk_desktop.store import Store
    from zjk_desktop.sync import importer

    importer.APPLY_CHUNK = 20
    store = Store.open(sys.argv[1])

    def progress(done, total):
        print("chunk", done, total, flush=True)
        time.sleep(0.02)

    summary = importer.import_file(store, Path(sys.argv[2]), progress=progress)
    print("done", summary.ok, flush=True)
    """
)


def _dump(path: Path) -> str:
    s = Store.open(path)
    try:
        return s.dump_json()
    finally:
        s.close()


def _copy_db(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    if (src.parent / "keys").is_dir():  # the node's keys live beside its database
        shutil.copytree(src.parent / "keys", dst.parent / "keys", dirs_exist_ok=True)
    return dst


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_import_leaves_database_before_or_after(tmp_path):
    net = build_network(tmp_path / "net")
    changes = [
        Change("visit", "create", visit_values(net, "s1", content=f"第{i}次走访"))
        for i in range(300)
    ]
    net.s1.write(changes)
    pkg = net.send("s1", "township")
    assert net.township.path is not None
    township_path = Path(net.township.path)
    net.township.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    net.close()

    before = _dump(township_path)
    after_path = _copy_db(township_path, tmp_path / "after.sqlite3")
    s = Store.open(after_path)
    assert import_files(s, [pkg])[0].ok
    s.close()
    after = _dump(after_path)
    assert before != after

    outcomes = []
    for kill_after in (1, 4, 9):
        target = _copy_db(township_path, tmp_path / f"killed-{kill_after}.sqlite3")
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), str(pkg)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        seen = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("chunk"):
                seen += 1
                if seen > kill_after:
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait(timeout=60)
        assert proc.stderr is not None
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        state = _dump(target)
        assert state in (before, after)
        outcomes.append(state == before)
        # The killed database still imports the package completely afterwards.
        s = Store.open(target)
        assert import_files(s, [pkg])[0].ok
        s.close()
        assert _dump(target) == after
    assert any(outcomes), "no kill landed before the commit"
