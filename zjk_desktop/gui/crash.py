"""The crash path, installed before anything else (qutebrowser/Picard style).

* every uncaught Python exception (main thread or any other) is logged with its
  traceback to the rotating log and shown in a dialog that names the log file;
* ``faulthandler`` writes hard crashes (segfaults, aborts) to a file in the log
  folder; at the next start that file is reported once, then archived;
* frozen windowed builds have ``sys.stdout``/``sys.stderr`` set to None: they are
  pointed at os.devnull so nothing that prints can crash the program.
"""

from __future__ import annotations

import datetime as _dt
import faulthandler
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from ..logs import setup_logging
from ..paths import user_log_dir

log = logging.getLogger("zjk_desktop.crash")

FAULT_FILE = "faulthandler.log"

_fault_stream = None
_state: dict[str, object] = {"log_path": None, "dialog_open": False, "handler": None}


def guard_std_streams() -> None:
    """Give windowed frozen builds (no console) harmless stdout/stderr."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def previous_fault() -> str | None:
    """The faulthandler report of a previous run that crashed hard, archived; None if none."""
    path = user_log_dir() / FAULT_FILE
    try:
        text = path.read_text("utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text:
        return None
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    archived = path.with_name(f"crash-{stamp}.log")
    try:
        path.replace(archived)
    except OSError:
        archived = path
    return f"{text}\n\n[{archived}]"


def install(dialog: Callable[[str, str], None] | None = None, *, console: bool = True) -> Path:
    """Install logging, faulthandler and the exception hooks; returns the log file path.

    ``dialog(summary, details)`` is called for uncaught exceptions (the GUI sets it once
    a QApplication exists; before that, the error is only logged and printed).
    """
    global _fault_stream
    guard_std_streams()
    log_path = setup_logging(console=console)
    _state["log_path"] = log_path
    report = previous_fault()
    if report:
        _state["previous_fault"] = report
        log.error("the previous run crashed:\n%s", report)
    if _fault_stream is None:
        try:
            _fault_stream = open(user_log_dir() / FAULT_FILE, "w", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(_fault_stream, all_threads=True)
        except OSError as exc:  # a read-only log folder must not stop the program
            log.warning("faulthandler file not available: %s", exc)
    if dialog is not None:
        _state["handler"] = dialog
    sys.excepthook = excepthook
    threading.excepthook = _thread_hook
    return log_path


def set_dialog(dialog: Callable[[str, str], None] | None) -> None:
    _state["handler"] = dialog


def log_path() -> Path | None:
    return _state["log_path"]  # type: ignore[return-value]


def take_previous_fault() -> str | None:
    """The hard-crash report of the previous run (once)."""
    return _state.pop("previous_fault", None)  # type: ignore[return-value]


def excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("uncaught exception:\n%s", details)
    summary = f"{exc_type.__name__}: {exc}"
    handler = _state.get("handler")
    if handler is None or _state["dialog_open"]:
        print(summary, file=sys.stderr)
        return
    _state["dialog_open"] = True
    try:
        handler(summary, details)  # type: ignore[operator]
    except Exception:  # the dialog itself failed: the log still has everything
        log.exception("crash dialog failed")
        print(summary, file=sys.stderr)
    finally:
        _state["dialog_open"] = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    details = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    log.critical("uncaught exception in thread %s:\n%s", args.thread, details)


def show_crash_dialog(summary: str, details: str) -> None:
    """Qt dialog: what happened, where the log is; the program keeps running."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(summary, file=sys.stderr)
        return
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Crash", "Unexpected error"))
    box.setText(
        QCoreApplication.translate(
            "Crash", "An unexpected error occurred. Your saved data is safe."
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "Crash", "Please send the log file to your support contact:\n%1"
        ).replace("%1", str(_state["log_path"] or ""))
        + "\n\n"
        + summary
    )
    box.setDetailedText(details)
    box.exec()


def show_previous_fault(parent=None) -> bool:
    """Tell the user the last run crashed, once; True if there was something to tell."""
    report = take_previous_fault()
    if not report:
        return False
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(
        QCoreApplication.translate("Crash", "The program closed unexpectedly last time")
    )
    box.setText(
        QCoreApplication.translate(
            "Crash",
            "The program stopped unexpectedly last time. The report was saved to the log folder:",
        )
        + f"\n{user_log_dir()}"
    )
    box.setDetailedText(report)
    box.exec()
    return True
