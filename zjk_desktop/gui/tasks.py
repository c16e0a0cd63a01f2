"""Long jobs off the GUI thread: ONE worker thread with its own database connection.

A job is ``func(store, progress, should_cancel) -> result``: ``store`` is a ``Store``
opened by the worker on ``ctx.db_path`` (the GUI thread's connection is never shared),
``progress(done, total)`` reports progress (throttled before it reaches the GUI),
``should_cancel()`` turns True once the user pressed Cancel.  When the job ends,
``on_done(result, error)`` runs on the GUI thread; an error the caller does not
handle (``on_done`` returns anything but True) is shown in a dialog, never swallowed.

Jobs queue up and run one at a time (Anki taskman / Orange concurrent style).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..store import Store, StoreError

log = logging.getLogger(__name__)

JobFunc = Callable[[Store, Callable[[int, int], None], Callable[[], bool]], Any]
DoneFunc = Callable[[Any, BaseException | None], Any]


class Cancelled(Exception):
    """Raised by a job that stopped because the user cancelled it."""


@dataclass
class Job:
    id: int
    func: JobFunc
    title: str
    on_done: DoneFunc | None
    cancel: threading.Event = field(default_factory=threading.Event)
    dialog: QProgressDialog | None = None


class _Worker(QObject):
    progressed = Signal(int, int, int)  # job id, done, total
    finished = Signal(int, object, object)  # job id, result, error

    def __init__(self, db_path: Path | None):
        super().__init__()
        self.db_path = db_path
        self.store: Store | None = None

    @Slot(object)
    def execute(self, job: Job) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= 0.05:  # at most ~20 updates a second
                last[0] = now
                self.progressed.emit(job.id, int(done), int(total))

        result: Any = None
        error: BaseException | None = None
        try:
            if self.store is None:
                if self.db_path is None:
                    raise StoreError("no database file for background work")
                self.store = Store.open(self.db_path)
            if job.cancel.is_set():
                raise Cancelled()
            result = job.func(self.store, progress, job.cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            error = exc
            if not isinstance(exc, (Cancelled, StoreError)):
                log.error(
                    "background job %r failed:\n%s",
                    job.title,
                    "".join(traceback.format_exception(exc)),
                )
        self.finished.emit(job.id, result, error)

    @Slot()
    def close_store(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class TaskRunner(QObject):
    """Queue of background jobs for one database; one per main window."""

    _submit = Signal(object)
    _close = Signal()
    job_finished = Signal(int)  # job id (after on_done ran): handy for tests and status

    def __init__(self, db_path: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._stopped = False
        self._thread = QThread()
        self._thread.setObjectName("zjk-db-worker")
        self._worker = _Worker(db_path)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute, Qt.QueuedConnection)
        self._close.connect(self._worker.close_store, Qt.BlockingQueuedConnection)
        self._worker.progressed.connect(self._on_progress, Qt.QueuedConnection)
        self._worker.finished.connect(self._on_finished, Qt.QueuedConnection)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def run(
        self,
        func: JobFunc,
        on_done: DoneFunc | None = None,
        *,
        title: str = "",
        parent: QWidget | None = None,
        show_progress: bool = True,
        cancellable: bool = True,
    ) -> int:
        """Queue ``func``; returns the job id.  A progress dialog appears after 400 ms.

        After ``shutdown`` (the window is closing) nothing runs and 0 is returned.
        """
        if self._stopped:
            log.info("not started, the window is closing: %s", title)
            return 0
        job = Job(next(self._ids), func, title, on_done)
        if show_progress:
            dialog = QProgressDialog(title, self.tr("Cancel") if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(job.cancel.set)
            dialog.setValue(0)
            job.dialog = dialog
        self._jobs[job.id] = job
        self._submit.emit(job)
        return job.id

    def cancel(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is not None:
            job.cancel.set()

    @Slot(int, int, int)
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is None:
            return
        job.dialog.setMaximum(max(total, 0))
        job.dialog.setValue(min(done, total) if total > 0 else 0)

    @Slot(int, object, object)
    def _on_finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        parent = None
        if job.dialog is not None:
            parent = job.dialog.parentWidget()
            job.dialog.canceled.disconnect()
            job.dialog.close()
            job.dialog.deleteLater()
        if self._stopped:  # the window is closing: nothing left to tell anyone
            self.job_finished.emit(job_id)
            return
        handled = False
        try:
            if job.on_done is not None:
                handled = job.on_done(result, error) is True
        finally:  # a failing callback is a bug and reaches the crash path
            if error is not None and not handled and not isinstance(error, Cancelled):
                show_error(parent, job.title, error)
            self.job_finished.emit(job_id)

    def shutdown(self) -> None:
        """Stop the worker thread (cancels queued jobs, waits for the running one)."""
        self._stopped = True
        for job in self._jobs.values():
            job.cancel.set()
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait()


def error_text(error: BaseException) -> str:
    """The one line to show for an error (core errors are already in the user's language)."""
    if isinstance(error, StoreError):
        return str(error)
    all_errors = getattr(error, "all_errors", None)
    if callable(all_errors):
        try:
            return "\n".join(p.message() for p in all_errors())
        except Exception:  # noqa: BLE001 - fall back to the plain text
            pass
    text = str(error).strip()
    return text if text else type(error).__name__


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    title = title or QCoreApplication.translate("TaskRunner", "Error")
    QMessageBox.warning(parent, title, error_text(error))
