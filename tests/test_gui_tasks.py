"""Long jobs never leave a progress window above a question or an error, and Cancel cancels.

Each test runs a real job on the worker thread with a real progress window; the
message box opened when the job ends is inspected and answered from a timer that
runs inside its own event loop, as a person would click it.
"""

from __future__ import annotations

import threading
from typing import cast

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from zjk_desktop.gui.tasks import Cancelled, JobProgressDialog, TaskRunner


@pytest.fixture
def runner(qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    tasks = TaskRunner(tmp_path / "jobs.sqlite3", parent)
    tasks.show_after_ms = 0  # the window shows as soon as the job runs
    yield tasks, parent
    tasks.shutdown()


def visible_progress() -> list[JobProgressDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, JobProgressDialog) and w.isVisible()
    ]


class ModalWatcher:
    """Answers the next message box: records which progress windows were visible then."""

    def __init__(self, button: QMessageBox.StandardButton):
        self.button = button
        self.seen: list[tuple[str, int]] = []  # (box text, progress windows visible)
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def _check(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            return
        # Give a pending show-timer of the progress window its chance to (wrongly) fire.
        QApplication.processEvents()
        self.seen.append((box.text(), len(visible_progress())))
        # PySide6's stub says QAbstractButton, but Qt returns None for a button the box lacks.
        wanted = cast("QAbstractButton | None", box.button(self.button))
        target = wanted if wanted is not None else box.buttons()[0]
        target.click()


def run_blocking_job(qtbot, tasks, parent, on_done, *, fail: BaseException | None = None):
    """A job that waits until its progress window is on screen, then ends (or fails)."""
    release = threading.Event()

    def job(store, progress, should_cancel):
        release.wait(10)
        if fail is not None:
            raise fail
        return "done"

    job_id = tasks.run(job, on_done, title="Working", parent=parent)
    qtbot.waitUntil(lambda: len(visible_progress()) == 1)
    release.set()
    return job_id


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_question_after_a_job_is_never_under_the_progress_window(qtbot, runner, answer):
    tasks, parent = runner
    watcher = ModalWatcher(answer)
    answers = []
    follow_up_shown = []

    def second_job(store, progress, should_cancel):
        follow_up_shown.append(True)
        return "again"

    def done(result, error):
        reply = QMessageBox.question(parent, "Trust?", "Trust this sender?")
        answers.append(reply)
        if reply == QMessageBox.StandardButton.Yes:  # the job goes on: a new run, new window
            tasks.run(second_job, None, title="Importing again", parent=parent)
        return True

    run_blocking_job(qtbot, tasks, parent, done)
    qtbot.waitUntil(lambda: bool(answers) and not tasks.busy, timeout=10000)
    watcher.timer.stop()
    assert watcher.seen == [("Trust this sender?", 0)]
    assert answers == [answer]
    assert bool(follow_up_shown) == (answer == QMessageBox.StandardButton.Yes)
    assert visible_progress() == []


def test_quick_failure_shows_its_error_above_everything(qtbot, runner):
    tasks, parent = runner
    watcher = ModalWatcher(QMessageBox.StandardButton.Ok)
    finished: list[int] = []
    tasks.job_finished.connect(finished.append)
    run_blocking_job(
        qtbot, tasks, parent, None, fail=PermissionError(13, "denied", "/srv/out/x.pdf")
    )
    qtbot.waitUntil(lambda: bool(finished), timeout=10000)
    watcher.timer.stop()
    assert len(watcher.seen) == 1
    text, progress_windows = watcher.seen[0]
    assert progress_windows == 0
    assert "x.pdf" in text and "denied" not in text  # the file named, no Python text
    assert visible_progress() == []


def test_failure_before_the_window_would_show_never_shows_it(qtbot, runner):
    tasks, parent = runner
    tasks.show_after_ms = 60000
    watcher = ModalWatcher(QMessageBox.StandardButton.Ok)
    finished: list[int] = []
    tasks.job_finished.connect(finished.append)

    def job(store, progress, should_cancel):
        raise OSError(5, "I/O error")

    tasks.run(job, None, title="Export", parent=parent)
    qtbot.waitUntil(lambda: bool(finished), timeout=10000)
    watcher.timer.stop()
    assert [n for _t, n in watcher.seen] == [0]
    assert "I/O error" not in watcher.seen[0][0]


def test_cancel_stops_the_job_and_closes_the_window(qtbot, runner):
    tasks, parent = runner
    watcher = ModalWatcher(QMessageBox.StandardButton.Ok)  # there must be nothing to answer
    results: list[tuple[object, BaseException | None]] = []
    steps = []

    def job(store, progress, should_cancel):
        for i in range(10_000):
            if should_cancel():
                raise Cancelled()
            steps.append(i)
            progress(i, 10_000)
            threading.Event().wait(0.01)
        return "finished anyway"

    def done(result: object, error: BaseException | None) -> bool:
        results.append((result, error))
        return True

    job_id = tasks.run(job, done, title="Export", parent=parent)
    qtbot.waitUntil(lambda: len(visible_progress()) == 1)
    dialog = tasks.progress_dialog(job_id)
    assert dialog is not None and dialog.cancel_button is not None
    dialog.cancel_button.click()
    assert visible_progress() == []  # gone at once, not when the job notices
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    watcher.timer.stop()
    result, error = results[0]
    assert result is None and isinstance(error, Cancelled)
    assert len(steps) < 10_000
    assert watcher.seen == []
    assert visible_progress() == []


def test_escape_cancels_too(qtbot, runner):
    tasks, parent = runner
    results: list[BaseException | None] = []

    def job(store, progress, should_cancel):
        while not should_cancel():
            threading.Event().wait(0.01)
        raise Cancelled()

    def done(result: object, error: BaseException | None) -> bool:
        results.append(error)
        return True

    job_id = tasks.run(job, done, title="Report", parent=parent)
    qtbot.waitUntil(lambda: len(visible_progress()) == 1)
    tasks.progress_dialog(job_id).reject()  # what Esc and the title bar's × do
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert isinstance(results[0], Cancelled)
