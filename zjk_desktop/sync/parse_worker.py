"""A package's change lines parsed in a second process, while the import judges and merges.

The wire grammar of a line (inflate, split, ``grammar.parse_version_line``, the
value check ``grammar.check_fields``) is pure: it needs the line and nothing
of the database.  For a large package it runs in a worker process started
with ``sys.executable`` (never ``fork``: the GUI imports from a Qt thread):
the worker streams the changes member of the already checked package file,
parses batch after batch and writes them to a pipe, a bounded queue of
``QUEUE_BATCHES`` ahead; the import reads them in order while its own seal
pass, judge and merge run on the other core.  Threads would not help: the
parse is Python work and holds the GIL.

The verdicts are the same as parsing in the import's own process, byte for
byte: the worker runs the same ``iter_versions`` in the user's language, sends
a malformed line's one-line reason (line number and detail) in place of the
batch it breaks, and checks the package's counts.  A worker that cannot start,
crashes or is killed loses nothing: the import parses the rest itself from
the first line the worker did not deliver.  A cancel stops the worker.

Small packages (a specialist's month) stay in-process: a process start costs
more than their parse (``MIN_CHANGES``, measured by ``bench/sync.py``); so does
every package when no core is free (``spare_core``: a busy computer).

Frozen programs start the worker as ``<program> --zjk-parse-worker``; their
entry points call ``run_if_requested`` first (``installer/launch_*.py``).
"""

from __future__ import annotations

import logging
import marshal
import os
import queue
import struct
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .. import i18n
from ..store import grammar
from ..store.versions import Version
from . import container, messages  # noqa: F401  # messages: the worker's reasons
from .errors import SyncError

log = logging.getLogger(__name__)

WORKER_FLAG = "--zjk-parse-worker"
# The worker is used from this many changes on (bench/sync.py's break-even: below it the
# process start costs more than the parse it takes off the import).
MIN_CHANGES = 30_000
# ``ZJK_PARSE_WORKER``: "off" never starts the worker; "always" starts it for any package
# with changes (tests, benches, the frozen program's smoke test); unset: from ``MIN_CHANGES``
# changes on, when a core is free (``spare_core``).
ENV = "ZJK_PARSE_WORKER"
QUEUE_BATCHES = 8  # parsed batches the worker may hold ahead of the import (bounds memory)
_HEADER = struct.Struct("<Q")
_MAX_FRAME = 1 << 31  # a frame longer than this is a broken worker, not a batch

Batch = tuple[list[Version], list[str | None] | None]  # versions, their value problems


_fail = SyncError.of


def iter_versions(
    lines: Iterator[bytes], n_changes: int, skip_lines: int = 0, n_before: int = 0
) -> Iterator[tuple[int, Version]]:
    """(line number, version) of each change line; a bad line refuses the whole file.

    ``skip_lines`` lines are passed over unread (already parsed elsewhere, holding
    ``n_before`` changes).  The count must come to ``n_changes``.
    """
    n = n_before
    for lineno, raw in enumerate(lines, 1):
        if lineno <= skip_lines or not raw:
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _fail(
                "sync.r.bad_change", detail=i18n.t("grammar.line", line=lineno, detail="UTF-8")
            ) from None
        try:
            v = grammar.parse_version_line(line)
        except grammar.GrammarError as exc:
            raise _fail(
                "sync.r.bad_change", detail=i18n.t("grammar.line", line=lineno, detail=str(exc))
            ) from None
        n += 1
        if n > n_changes:
            raise _fail("sync.member_mismatch", name=container.CHANGES)
        yield lineno, v
    if n != n_changes:
        raise _fail("sync.member_mismatch", name=container.CHANGES)


def in_process_batches(
    lines: Iterator[bytes], n_changes: int, size: int, skip_lines: int = 0, n_before: int = 0
) -> Iterator[Batch]:
    """Batches of ``size`` versions parsed here (their value problems left to the judge)."""
    batch: list[Version] = []
    for _lineno, v in iter_versions(lines, n_changes, skip_lines, n_before):
        batch.append(v)
        if len(batch) >= size:
            yield batch, None
            batch = []
    if batch:
        yield batch, None


def use_worker(n_changes: int) -> bool:
    """Whether a package of ``n_changes`` changes is parsed in a worker process."""
    mode = os.environ.get(ENV, "").strip().lower()
    if mode == "off" or n_changes <= 0:
        return False
    if mode == "always":
        return True
    return n_changes >= MIN_CHANGES and spare_core()


def spare_core() -> bool:
    """Whether a core is free for the worker: two or more cores, and (where the system keeps
    one) a load average below all but one of them.  Without a free core the two processes
    take turns and the worker only adds its cost (bench/sync.py, measured at load ≈4 on two
    cores: the city import took longer with it)."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows keeps no load average
        return True
    return load <= cores - 1


# ------------------------------------------------------------------ the import's side
def worker_command() -> list[str]:
    """How to start the worker: the frozen program with its hidden flag, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    root = str(Path(__file__).resolve().parents[2])
    # The worker needs the grammar and the container, not what ``zjk_desktop.store`` and
    # ``zjk_desktop.sync`` import on their own (the database, sqlite-utils, age, the keys):
    # their packages are entered without running their ``__init__`` (measured: the start
    # 0.07 s and 19 MiB instead of 0.3 s and 37 MiB).
    code = (
        "import os, sys, types\n"
        f"root = {root!r}\n"
        "sys.path.insert(0, root)\n"
        "for name in ('zjk_desktop.store', 'zjk_desktop.sync'):\n"
        "    package = types.ModuleType(name)\n"
        "    package.__path__ = [os.path.join(root, *name.split('.'))]\n"
        "    sys.modules[name] = package\n"
        "from zjk_desktop.sync.parse_worker import main\n"
        "sys.exit(main())\n"
    )
    return [sys.executable, "-I", "-c", code]


PIPE_BYTES = 1 << 20  # Linux's largest pipe for anyone: a whole batch waits in it


def _widen_pipe(fd: int) -> None:
    """A pipe that holds a whole batch (Linux; 64 KiB otherwise): the import then reads a batch
    in one go instead of waking the worker for every 64 KiB of it."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass


def _spawn(command: list[str], stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window
    return subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        creationflags=flags,
    )


class WorkerBatches:
    """The batches of a package's changes, parsed by a worker process (see the module).

    Use as a context manager: leaving it stops the worker, whatever happened.
    """

    def __init__(
        self,
        package: container.Package,
        raw_size: int | None,
        n_changes: int,
        size: int,
    ) -> None:
        self.package = package
        self.raw_size = raw_size
        self.n_changes = n_changes
        self.size = size
        self.lines_done = 0  # physical lines the batches received so far came from
        self.n_done = 0  # changes they held
        self.process: subprocess.Popen[bytes] | None = None
        # The worker's error output, for the log if it fails (closed by ``close``).
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        job = {
            "path": str(package.path),
            "digest": package.digests[container.CHANGES],
            "size": package.sizes[container.CHANGES],
            "raw_size": raw_size,
            "n_changes": n_changes,
            "batch": size,
            "language": i18n.get_language(),
        }
        try:
            self.process = _spawn(worker_command(), self._stderr)
            assert self.process.stdin is not None and self.process.stdout is not None
            _widen_pipe(self.process.stdout.fileno())
            data = marshal.dumps(job)
            self.process.stdin.write(_HEADER.pack(len(data)) + data)
            self.process.stdin.flush()  # stdin stays open: its end tells the worker to stop
        except (OSError, ValueError) as exc:
            log.warning("parse worker did not start (%s): parsing in this process", exc)
            self.close()

    def __enter__(self) -> WorkerBatches:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (if it still runs) and wait for it: nothing is left running."""
        proc, self.process = self.process, None
        if proc is not None:
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    try:
                        pipe.close()
                    except OSError:
                        pass
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if not self._stderr.closed:
            self._stderr.close()

    def _frame(self) -> Any:
        """The worker's next message; None if it ended without one (crashed, killed)."""
        proc = self.process
        if proc is None or proc.stdout is None:
            return None
        try:
            head = proc.stdout.read(_HEADER.size)
            if len(head) != _HEADER.size:
                return None
            (length,) = _HEADER.unpack(head)
            if length > _MAX_FRAME:
                return None
            data = proc.stdout.read(length)
            if len(data) != length:
                return None
            return marshal.loads(data)
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def __iter__(self) -> Iterator[Batch]:
        while self.process is not None:
            frame = self._frame()
            if type(frame) is not tuple or not frame:
                break
            if frame[0] == "batch" and len(frame) == 4:
                _tag, lines_done, n_done, rows = frame
                versions = [Version.make(*row[:13]) for row in rows]
                problems = [row[13] for row in rows]
                self.lines_done, self.n_done = lines_done, n_done
                yield versions, problems
            elif frame[0] == "error" and len(frame) == 3:
                raise SyncError.keyed(frame[2], str(frame[1]))
            elif frame[0] == "end":
                log.info("parse worker: %d changes parsed in a second process", self.n_done)
                return
            else:
                break
        self._fall_back()
        yield from in_process_batches(
            self.package.iter_lines(container.CHANGES, self.raw_size),
            self.n_changes,
            self.size,
            self.lines_done,
            self.n_done,
        )

    def _fall_back(self) -> None:
        """The worker ended without finishing: say why in the log, parse the rest here."""
        proc, code, detail = self.process, None, ""
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            code = proc.wait()
            try:
                self._stderr.seek(0)
                detail = self._stderr.read()[-2000:].decode("utf-8", "replace").strip()
            except (OSError, ValueError):
                pass
        log.warning(
            "parse worker ended early (exit code %s) after %d changes: parsing the rest here%s",
            code,
            self.n_done,
            f"\n{detail}" if detail else "",
        )
        self.close()


def batches(
    package: container.Package, raw_size: int | None, n_changes: int, size: int
) -> WorkerBatches | InProcess:
    """The package's change batches: from a worker process for a large package, else here."""
    if use_worker(n_changes):
        return WorkerBatches(package, raw_size, n_changes, size)
    return InProcess(package, raw_size, n_changes, size)


class InProcess:
    """``WorkerBatches``' interface over the in-process parse."""

    def __init__(
        self, package: container.Package, raw_size: int | None, n_changes: int, size: int
    ) -> None:
        self._lines = package.iter_lines(container.CHANGES, raw_size)
        self._batches = in_process_batches(self._lines, n_changes, size)

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self._lines.close()

    def __iter__(self) -> Iterator[Batch]:
        return self._batches


# ------------------------------------------------------------------ the worker's side
def run_if_requested(argv: list[str] | None = None) -> None:
    """In a frozen program's entry point: run as the parse worker if started as one."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [WORKER_FLAG]:
        sys.exit(main())


def _read_exact(fd: int, n: int) -> bytes:
    parts = []
    while n:
        data = os.read(fd, n)
        if not data:
            raise EOFError
        parts.append(data)
        n -= len(data)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def main() -> int:
    """The worker: read the job on stdin, write the parsed batches to stdout (see the module).

    It stops when stdin closes (the import finished, was cancelled or died).
    """
    try:
        (length,) = _HEADER.unpack(_read_exact(0, _HEADER.size))
        job = marshal.loads(_read_exact(0, length))
    except (OSError, EOFError, ValueError, struct.error):
        return 2
    out = os.dup(1)
    os.dup2(2, 1)  # a stray print goes to stderr, never into the batches

    def watch_stdin() -> None:
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        os._exit(0)  # the import is over: stop at once, mid-batch or not

    threading.Thread(target=watch_stdin, daemon=True).start()
    frames: queue.Queue[bytes | None] = queue.Queue(QUEUE_BATCHES)

    def write_frames() -> None:
        try:
            while True:
                data = frames.get()
                if data is None:
                    break
                _write_all(out, _HEADER.pack(len(data)) + data)
        except OSError:  # the import closed its end
            os._exit(0)

    writer = threading.Thread(target=write_frames, daemon=True)
    writer.start()

    def send(message: tuple[Any, ...]) -> None:
        frames.put(marshal.dumps(message))

    i18n.set_language(job["language"])
    package = container.Package(
        Path(job["path"]),
        0,
        "",
        zipfile.ZipFile(job["path"]),
        b"",
        "",
        {container.CHANGES: job["digest"]},
        {container.CHANGES: job["size"]},
    )
    size = int(job["batch"])
    rows: list[tuple[Any, ...]] = []
    sent = last = 0  # changes sent so far; the line number of the last one
    intern = sys.intern  # node ids, kinds, operations: sent once per batch (marshal refs)
    check = grammar.check_fields
    try:
        lines = package.iter_lines(container.CHANGES, job["raw_size"])
        for lineno, v in iter_versions(lines, int(job["n_changes"])):
            text = v.fields_text()
            rows.append(
                (
                    intern(v.node_id),
                    v.counter,
                    v.stamp,
                    intern(v.entity),
                    v.record_id,
                    intern(v.op),
                    v.fields,
                    v.base,
                    intern(v.actor),
                    v.sig,
                    v.seal,
                    v.seal_pos,
                    text,
                    check(v.entity, v.fields, text),
                )
            )
            last = lineno
            if len(rows) >= size:
                sent += len(rows)
                send(("batch", last, sent, rows))
                rows = []
        if rows:  # the count checked: the last, shorter batch
            send(("batch", last, sent + len(rows), rows))
        send(("end",))
    except SyncError as exc:
        send(("error", str(exc), getattr(exc, "key", None)))
    finally:
        frames.put(None)
        writer.join()
        package.close()
    return 0


if __name__ == "__main__":  # pragma: no cover - started by ``worker_command``
    sys.exit(main())
