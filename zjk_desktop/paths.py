"""Where things live: the user's data folder and the files the program ships."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "zjk-desktop"
APP_AUTHOR = "zjk"


def app_root() -> Path:
    """Folder holding ``ui/`` and ``resources/`` (the checkout, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def ui_dir() -> Path:
    return app_root() / "ui"


def package_data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def user_data_dir() -> Path:
    """Per-user data folder; ``ZJK_DATA_DIR`` overrides it (tests, portable installs)."""
    override = os.environ.get("ZJK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    override = os.environ.get("ZJK_DATA_DIR")
    path = (
        Path(override) / "logs"
        if override
        else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return user_data_dir() / "zjk.sqlite3"
