"""Long jobs off the GUI thread: ONE worker thread with its own database connection.

A job is ``func(store, progress, should_cancel) -> result``: ``store`` is a ``Store``
opened by the worker on ``ctx.db_path`` (the GUI thread's connection is never shared),
``progress(done, total)`` reports progress (throttled before it reaches the GUI),
``should_cancel()`` turns True once the user pressed Cancel.  When the job ends,
``on_done(result, error)`` runs on the GUI thread; an error the caller does not
handle (``on_done`` returns anything but True) is shown in a dialog, never swallowed.

Jobs queue up and run one at a time (Anki taskman / Orange concurrent style).

The progress window is ours (``JobProgressDialog``), not ``QProgressDialog``: that one
starts a hidden timer when it is made and shows itself when it fires, even in the middle
of a message box opened by the job's callback, where it then sits above the question and
blocks it.  Ours appears only while its job runs, never while another modal window
(a question, an error) is open, and is gone before ``on_done`` runs; Cancel (or Esc, or
the window's ×) sets the job's cancel flag and hides the window at once.
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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ..store import Store

# The store (and sqlite_utils behind it) is imported where a job first runs, not here:
# the main window imports this module before its first paint.

log = logging.getLogger(__name__)

JobFunc = Callable[["Store", Callable[[int, int], None], Callable[[], bool]], Any]
DoneFunc = Callable[[Any, BaseException | None], Any]


class Cancelled(Exception):
    """Raised by a job that stopped because the user cancelled it."""


SHOW_AFTER_MS = 400  # a job that ends sooner never shows a progress window


class JobProgressDialog(QDialog):
    """What a running job is doing, with Cancel; shown and hidden only by ``TaskRunner``."""

    cancel_requested = Signal()

    def __init__(self, title: str, cancellable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("jobProgress")
        self.setWindowTitle(title)
        self.setWindowFlags(  # no minimise/maximise: a small window that only says what runs
            Qt.WindowType.Dialog
            | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(title, self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the job says how much there is
        self.bar.setMinimumWidth(320)
        self.cancel_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.cancellable = cancellable
        if cancellable:
            buttons = QDialogButtonBox(self)
            self.cancel_button = buttons.addButton(
                self.tr("Cancel"),
                QDialogButtonBox.ButtonRole.RejectRole,
            )
            self.cancel_button.clicked.connect(self.reject)
            layout.addWidget(buttons)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def reject(self) -> None:
        """Cancel, Esc or the window's ×: stop the job (when it can be stopped)."""
        if self.cancellable:
            self.hide()
            self.cancel_requested.emit()

    def closeEvent(self, event) -> None:
        event.ignore()
        self.reject()


@dataclass
class Job:
    id: int
    func: JobFunc
    title: str
    on_done: DoneFunc | None
    cancel: threading.Event = field(default_factory=threading.Event)
    dialog: JobProgressDialog | None = None
    show_timer: QTimer | None = None


class _Worker(QObject):
    started = Signal(int)  # job id
    progressed = Signal(int, int, int)  # job id, done, total
    finished = Signal(int, object, object)  # job id, result, error

    def __init__(self, db_path: Path | None):
        super().__init__()
        self.db_path = db_path
        self.store: Store | None = None

    @Slot(object)  # type: ignore[arg-type]  # the stub takes 1-argument slots only
    def execute(self, job: Job) -> None:
        from ..store import Store, StoreError

        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= 0.05:  # at most ~20 updates a second
                last[0] = now
                self.progressed.emit(job.id, int(done), int(total))

        result: Any = None
        error: BaseException | None = None
        self.started.emit(job.id)
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
        self.show_after_ms = SHOW_AFTER_MS
        self._ids = itertools.count(1)
        self._jobs: dict[int, Job] = {}
        self._stopped = False
        self._thread = QThread()
        self._thread.setObjectName("zjk-db-worker")
        self._worker = _Worker(db_path)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute, Qt.ConnectionType.QueuedConnection)
        self._close.connect(self._worker.close_store, Qt.ConnectionType.BlockingQueuedConnection)
        self._worker.started.connect(self._on_started, Qt.ConnectionType.QueuedConnection)
        self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
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
            dialog = JobProgressDialog(title, cancellable, parent)
            dialog.cancel_requested.connect(job.cancel.set)
            job.dialog = dialog
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(self.show_after_ms)
            timer.timeout.connect(lambda job_id=job.id: self._show_progress(job_id))
            job.show_timer = timer
        self._jobs[job.id] = job
        self._submit.emit(job)
        return job.id

    def cancel(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is not None:
            job.cancel.set()

    @Slot(int)  # type: ignore[arg-type]  # the stub takes 1-argument slots only
    def _on_started(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.show_timer is not None:
            job.show_timer.start()  # the wait counts from when the job runs, not when queued

    def _show_progress(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is None or job.cancel.is_set() or self._stopped:
            return
        modal = QApplication.activeModalWidget()
        if modal is not None and not isinstance(modal, JobProgressDialog):
            # A question or an error is open: never cover it; try again when it is gone.
            if job.show_timer is not None:
                job.show_timer.start()
            return
        job.dialog.show()
        job.dialog.raise_()

    def progress_dialog(self, job_id: int) -> JobProgressDialog | None:
        """The progress window of a running job (None when it has none or has ended)."""
        job = self._jobs.get(job_id)
        return job.dialog if job is not None else None

    @Slot(int, int, int)  # type: ignore[arg-type]  # the stub takes 1-argument slots only
    def _on_progress(self, job_id: int, done: int, total: int) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is None or job.cancel.is_set():
            return
        job.dialog.set_progress(done, total)

    @Slot(int, object, object)  # type: ignore[arg-type]  # the stub takes 1-argument slots only
    def _on_finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        parent = None
        if job.show_timer is not None:
            job.show_timer.stop()
            job.show_timer.deleteLater()
        if job.dialog is not None:
            # Gone before on_done can ask anything: nothing can show it again.
            parent = job.dialog.parentWidget()
            job.dialog.cancel_requested.disconnect()
            job.dialog.hide()
            job.dialog.deleteLater()
            job.dialog = None
        if self._stopped:  # the window is closing: nothing left to tell anyone
            self.job_finished.emit(job_id)
            return
        if job.cancel.is_set() and error is None:
            log.info("job %r finished although cancelled; its result is kept", job.title)
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


class InlineTaskRunner(QObject):
    """The same interface as ``TaskRunner``, running each job at once on the calling thread.

    For a context without a main window (a page built on its own, as the tests do):
    the job gets the context's own store, ``on_done`` runs before ``run`` returns, and an
    error ``on_done`` leaves unhandled is shown exactly as the worker's are.
    """

    job_finished = Signal(int)

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._ids = itertools.count(1)

    @property
    def busy(self) -> bool:
        return False

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
        job_id = next(self._ids)
        result: Any = None
        error: BaseException | None = None
        try:
            result = func(self.store, lambda done, total: None, lambda: False)
        except Exception as exc:  # noqa: BLE001 - handed to on_done, as the worker does
            error = exc
        handled = False
        try:
            if on_done is not None:
                handled = on_done(result, error) is True
        finally:
            if error is not None and not handled and not isinstance(error, Cancelled):
                show_error(parent, title, error)
            self.job_finished.emit(job_id)
        return job_id

    def cancel(self, job_id: int) -> None:
        """Nothing to cancel: a job has ended by the time its id is known."""

    def progress_dialog(self, job_id: int) -> JobProgressDialog | None:
        return None

    def shutdown(self) -> None:
        """Nothing runs in the background."""


def error_text(error: BaseException) -> str:
    """The one line to show for an error, in the user's language (never Python's own text).

    Core errors are already in the user's language; file-system errors are said in
    words a clerk knows, with the file's name; anything else is a bug, whose details
    go to the log file (the crash path logs it), not into a dialog.
    """
    from ..store import StoreError

    if isinstance(error, StoreError):
        return str(error)
    all_errors = getattr(error, "all_errors", None)
    if callable(all_errors):
        try:
            return "\n".join(p.message() for p in all_errors())
        except Exception:  # noqa: BLE001 - fall back to the plain text
            log.debug("error without readable problems: %r", error)
    if isinstance(error, OSError):
        name = Path(error.filename).name if error.filename else ""
        where = f" ({name})" if name else ""
        if isinstance(error, PermissionError):
            return (
                QCoreApplication.translate(
                    "TaskRunner", "This folder or file cannot be written; choose another place."
                )
                + where
            )
        if isinstance(error, FileNotFoundError):
            return (
                QCoreApplication.translate("TaskRunner", "The file or folder was not found.")
                + where
            )
        if error.errno == 28:  # ENOSPC
            return (
                QCoreApplication.translate(
                    "TaskRunner", "The disk is full; free some space or choose another place."
                )
                + where
            )
        return (
            QCoreApplication.translate("TaskRunner", "The file could not be read or written.")
            + where
        )
    if type(error).__module__.startswith("zjk_desktop") and str(error).strip():
        return str(error).strip()  # the core's own errors speak the user's language
    return QCoreApplication.translate(
        "TaskRunner", "Something went wrong; the details are in the log file."
    )


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    title = title or QCoreApplication.translate("TaskRunner", "Error")
    QMessageBox.warning(parent, title, error_text(error))  # type: ignore[arg-type]  # None: no parent
