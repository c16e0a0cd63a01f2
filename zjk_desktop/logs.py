"""Logging to a rotating UTF-8 file in the user log folder."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from .paths import user_log_dir

LOG_NAME = "zjk.log"
_configured: Path | None = None


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> Path:
    """Install the rotating file handler once; returns the log file path."""
    global _configured
    if _configured is not None:
        return _configured
    path = user_log_dir() / LOG_NAME
    root = logging.getLogger()
    root.setLevel(level)
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only profile must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if console and sys.stderr is not None:  # windowed frozen builds have no stderr
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        root.addHandler(stream)
    _configured = path
    return path
