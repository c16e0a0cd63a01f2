"""``zjk-desktop`` / ``python main.py``: start the desktop program.

Order matters: the crash path is installed before anything else can fail, then the
QApplication (high-DPI policy set before it exists), the translators, the database
(first-run wizard when this installation has no identity yet), the main window.

    zjk-desktop                       the user's database (first run: wizard)
    zjk-desktop --demo                a throw-away copy of the small demo database
    zjk-desktop --db PATH             another database file
    zjk-desktop --lang en             English (default: the saved choice, else Chinese)
    zjk-desktop --import FILE.zjkpkg  open the sync page and import the file(s)
    zjk-desktop --smoke               open the main window with data, exit 0 (install check)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from . import crash

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.ini"
SMOKE_TIMEOUT_S = 60


def smoke_timeout_s() -> float:
    """SMOKE_TIMEOUT_S times ZJK_TIMEOUT_SCALE (the frozen smoke test of an arm64 build runs
    under emulation, ~20x slower: installer/arm64.py sets the scale)."""
    try:
        scale = float(os.environ.get("ZJK_TIMEOUT_SCALE") or 1)
    except ValueError:
        scale = 1.0
    return SMOKE_TIMEOUT_S * max(scale, 1.0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zjk-desktop",
        description="张家口科技特派员工作平台 · Zhangjiakou S&T specialist desktop",
    )
    parser.add_argument("--db", type=Path, help="database file to open")
    parser.add_argument(
        "--demo", action="store_true", help="open a throw-away copy of the small demo database"
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="user interface language")
    parser.add_argument(
        "--import",
        dest="import_files",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="import a .zjkpkg file (repeatable)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the main window with data, then exit 0 (installation check)",
    )
    parser.add_argument(
        "files", nargs="*", type=Path, help=argparse.SUPPRESS
    )  # opened by double-click
    return parser


def app_settings():
    """The program's QSettings: an INI file in the user data folder (portable, testable)."""
    from PySide6.QtCore import QSettings

    from ..paths import user_data_dir

    return QSettings(str(user_data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def choose_language(args_lang: str | None, settings) -> str:
    from .. import i18n

    for candidate in (args_lang, settings.value("language"), os.environ.get("ZJK_LANG")):
        if candidate in i18n.LANGUAGES:
            return str(candidate)
    return i18n.DEFAULT_LANGUAGE


def configured_db_path(settings) -> Path:
    from ..paths import default_db_path

    folder = settings.value("data/folder")
    return Path(str(folder)) / "zjk.sqlite3" if folder else default_db_path()


@dataclass
class DemoCopy:
    """A small demo database in a temporary folder, removed when the program ends."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="zjk-demo-")))

    @property
    def path(self) -> Path:
        return self.folder / "demo.sqlite3"

    def create(self):
        from ..demo import generate_demo
        from ..store import Store

        store = Store.open(self.path)
        generate_demo(store, "small", 1)
        return store

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class _SmokeOutcome(TypedDict):
    """What a smoke run prints and exits with, set by the checks that run inside the event loop."""

    code: int
    message: str


def make_application(argv0: str = "zjk-desktop"):
    """The QApplication (created once), with high-DPI policy, names and icon."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is None:
        _add_bundled_qt_plugins()  # Qt loads the input-context plugin while the app starts
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication([argv0])
    else:
        # Only QApplication is ever made here (and by pytest-qt), never a bare QCoreApplication.
        assert isinstance(existing, QApplication)
        app = existing
    app.setOrganizationName("zjk")
    app.setApplicationName("zjk-desktop")
    app.setApplicationDisplayName("")
    from ..paths import resources_dir

    icon = resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _add_bundled_qt_plugins() -> None:
    from PySide6.QtCore import QCoreApplication, qVersion

    from ..paths import resources_dir

    folder = bundled_qt_plugin_dir(resources_dir(), qVersion())
    if folder is not None:
        QCoreApplication.addLibraryPath(str(folder))


def _smoke_platform() -> None:
    """A smoke run must work on a machine without a display (CI, installer check)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _fail(message: str, smoke: bool, parent=None) -> int:
    """Report a start-up failure: one line on stderr, a dialog unless smoke-testing."""
    log.error("start-up failed: %s", message)
    print(f"smoke failed: {message}" if smoke else message, file=sys.stderr)
    if not smoke:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            parent,  # PySide6's stub omits that the parent may be None
            QCoreApplication.translate("App", "Cannot start"),
            message,
        )
    return 1


# ------------------------------------------------------------------ Chinese input
# Qt's name of the ibus input-context plugin, which the PySide6 wheel carries: the
# fallback when the fcitx plugin cannot be used (fcitx5 also speaks the IBus protocol).
IM_FALLBACK = "ibus"
FCITX_PLUGIN_INFO = "fcitx-plugin.json"


def _session_input_method(environ) -> str:
    """``fcitx`` or ``ibus`` as the desktop session announces it for X11 and GTK programs.

    ``XMODIFIERS=@im=fcitx`` (X input method server) first, then ``GTK_IM_MODULE``:
    UOS, Kylin and Debian's im-config set these even where ``QT_IM_MODULE`` is missing.
    """
    xmodifiers = environ.get("XMODIFIERS", "")
    candidates = [p.removeprefix("@im=") for p in xmodifiers.split() if p.startswith("@im=")]
    candidates.append(environ.get("GTK_IM_MODULE", ""))
    for name in (c.strip().lower() for c in candidates):
        if name.startswith("fcitx"):
            return "fcitx"
        if name == "ibus":
            return "ibus"
    return ""


def input_method_environment(environ, platform: str = sys.platform) -> dict[str, str]:
    """The Qt input-method variables to add so Chinese can be typed (empty: change nothing).

    The program ships an fcitx plugin built for its Qt (``resources/qt-plugins``), serving
    fcitx 5 and fcitx 4; ``QT_IM_MODULES`` (Qt >= 6.7: tried in order) keeps fcitx first and
    adds ibus as the fallback, for when that plugin cannot be loaded.  Without
    ``QT_IM_MODULE`` the input method comes from ``XMODIFIERS`` / ``GTK_IM_MODULE``, else
    Qt would use plain compose input and only ``nihao`` would arrive.  A user's own
    ``QT_IM_MODULES`` and any other ``QT_IM_MODULE`` (``xim``, ``compose`` …) are kept.
    """
    if not platform.startswith("linux") or environ.get("QT_IM_MODULES"):
        return {}
    module = environ.get("QT_IM_MODULE", "").strip()
    if module.startswith("fcitx"):
        return {"QT_IM_MODULES": f"{module};{IM_FALLBACK}"}
    if module:
        return {}
    session = _session_input_method(environ)
    if session == "fcitx":
        return {"QT_IM_MODULES": f"fcitx;{IM_FALLBACK}"}
    if session == "ibus":
        return {"QT_IM_MODULE": "ibus"}
    return {}


def chinese_input_fallback(environ=None) -> dict[str, str]:
    """Apply :func:`input_method_environment` to ``environ`` (default: this process)."""
    environ = os.environ if environ is None else environ
    changes = input_method_environment(environ)
    environ.update(changes)
    return changes


def bundled_qt_plugin_dir(resources: Path, qt_version: str, platform: str = sys.platform):
    """``resources/qt-plugins`` if its fcitx plugin was built for ``qt_version``, else None.

    A platform input-context plugin uses Qt's private API and loads only into the exact Qt
    it was built for (``tools/build_fcitx_plugin.py``): for any other Qt it is left out and
    ibus serves as the fallback.
    """
    if not platform.startswith("linux"):
        return None
    folder = resources / "qt-plugins"
    try:
        info = json.loads((folder / FCITX_PLUGIN_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("qt_version") != qt_version:
        log.warning(
            "fcitx plugin built for Qt %s, running Qt %s: not loaded (ibus fallback); "
            "run tools/build_fcitx_plugin.py",
            info.get("qt_version"),
            qt_version,
        )
        return None
    if not (folder / str(info.get("plugin", ""))).is_file():
        return None
    return folder


def main(argv: list[str] | None = None) -> int:
    chinese_input_fallback()  # before any QApplication exists (Qt reads these at start)
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    crash.install(console=not args.smoke)  # first: everything below may fail (smoke: one line)
    if args.smoke:
        _smoke_platform()
    try:
        return _run(args)
    except Exception as exc:
        log.exception("start-up failed")
        message = f"zjk-desktop: {type(exc).__name__}: {exc}"
        if args.smoke:
            print(f"smoke failed: {message}", file=sys.stderr)
            return 1
        raise


@dataclass
class _Session:
    """What start-up opened, for the event loop's end to close."""

    db_path: Path | None = None
    store: Any = None  # the Store, once open
    demo: DemoCopy | None = None
    opening: bool = False  # the open has begun (once: a dialog during it runs events)


def _run(args: argparse.Namespace) -> int:
    """Paint the main window first, then open the database and fill the window in place.

    Opening the store (sqlite_utils and the core behind it, the migrations check) waits
    for the window's first paint, so the program is on screen about as fast as a bare Qt
    window.  A first start (no database file or no earlier session: the wizard, a sidebar
    not known yet), ``--demo`` and a smoke run without ``--db`` open their database
    before the window.
    """
    from PySide6.QtCore import QTimer

    from . import mainwindow
    from .mainwindow import MainWindow
    from .translations import TRANSLATIONS

    app = make_application()
    smoke = bool(args.smoke)
    if not smoke:
        crash.set_dialog(crash.show_crash_dialog)
    settings = app_settings()
    TRANSLATIONS.apply(choose_language(args.lang, settings))
    imports = [*args.import_files, *[p for p in args.files if p.suffix.lower() == ".zjkpkg"]]
    session = _Session()
    outcome: _SmokeOutcome = {"code": 1, "message": "smoke failed: the main window did not come up"}
    if not (args.demo or (smoke and args.db is None)):
        session.db_path = args.db or configured_db_path(settings)
    # The window can be painted first when it is known how it looks: the database exists
    # and an earlier session with this same database left its role (the sidebar) in the
    # settings (``--db`` of another role's database opens it first: no wrong sidebar).
    early = (
        session.db_path is not None
        and session.db_path.is_file()
        and settings.contains(mainwindow.ROLE_HINT)
        and str(settings.value(mainwindow.DB_HINT, "")) == str(session.db_path.resolve())
    )

    if early:
        window = MainWindow(None, settings=settings)
    else:
        code = _open_store(session, smoke, settings, parent=None)
        if code is not None:
            return code
        window = MainWindow(_context(session, settings))
    window.show()

    def open_after_paint() -> None:
        if session.opening:
            return
        session.opening = True
        from ..store.migrations import upgrade_pending

        if session.db_path is not None and upgrade_pending(session.db_path):
            window.note_upgrade()  # the upgrade runs next, on this thread: say so first
        code = _open_store(session, smoke, settings, parent=window)
        if code is not None:
            outcome["code"] = code
            outcome["message"] = ""
            window.close()
            app.exit(code)
            return
        window.attach(_context(session, settings))
        if not smoke:
            window.after_start(imports)

    if early:
        window.first_painted.connect(open_after_paint)
        QTimer.singleShot(1000, open_after_paint)  # a window started hidden is never painted
    elif not smoke:
        window.after_start(imports)

    if smoke:
        code = _smoke_loop(app, window, outcome)
        window.close()
        _cleanup(window, session)
        if outcome["message"]:
            print(outcome["message"], file=sys.stdout if code == 0 else sys.stderr)
        return code

    _quit_on_signals(app, window)
    code = app.exec()
    _cleanup(window, session)
    if session.demo is None and session.store is not None:
        log.info("closed %s", session.db_path)
    return code


def _open_store(session: _Session, smoke: bool, settings, parent) -> int | None:
    """Open the database into ``session`` (first start: the wizard); an exit code if not."""
    from ..store import Store, StoreError

    try:
        if session.db_path is None:
            session.demo = DemoCopy()
            session.store = session.demo.create()
            session.db_path = session.demo.path
        else:
            session.store = Store.open(session.db_path)
    except StoreError as exc:
        return _fail(str(exc), smoke, parent)

    if not smoke:
        crash.show_previous_fault(parent)

    if session.demo is None and session.store.node_info().role is None and not smoke:
        from .dialogs.wizard import FirstRunWizard

        wizard = FirstRunWizard(session.store, settings, parent)
        if wizard.exec() != FirstRunWizard.DialogCode.Accepted:
            session.store.close()
            session.store = None
            return 0
        if wizard.wants_demo():
            session.store.close()
            session.demo = DemoCopy()
            session.store = session.demo.create()
            session.db_path = session.demo.path
    return None


def _context(session: _Session, settings):
    from .context import AppContext

    return AppContext(
        store=session.store,
        db_path=session.db_path,
        settings=settings,
        demo=session.demo is not None,
    )


def _smoke_loop(app, window, outcome: _SmokeOutcome) -> int:
    """Run the event loop until the window shows its data (or fails to), then stop."""
    from PySide6.QtCore import QTimer

    def smoke_hook(summary: str, details: str) -> None:
        outcome["message"] = f"smoke failed: {summary}"
        app.exit(1)

    crash.set_dialog(smoke_hook)
    deadline = time.monotonic() + smoke_timeout_s()

    def check() -> None:
        try:
            app.processEvents()
            if window.smoke_pending() and time.monotonic() < deadline:
                QTimer.singleShot(50, check)
                return
            problem = window.smoke_problem()
        except Exception as exc:  # noqa: BLE001 - reported as the one line below
            problem = f"{type(exc).__name__}: {exc}"
        if problem:
            outcome["message"] = f"smoke failed: {problem}"
            app.exit(1)
        else:
            outcome["code"] = 0
            outcome["message"] = "smoke ok: " + window.smoke_summary()
            app.exit(0)

    QTimer.singleShot(0, check)
    return app.exec() or outcome["code"]


def _quit_on_signals(app, window) -> None:
    """Ctrl+C in a terminal or a polite kill closes the window normally (layout saved,
    demo copy removed) instead of dying inside Qt's event loop."""
    import signal

    from PySide6.QtCore import QTimer

    def close(*_args) -> None:
        window.close()
        app.quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, close)
        except (ValueError, OSError):  # not the main thread / not supported here
            return
    tick = QTimer(window)  # lets Python run its signal handlers while Qt waits
    tick.timeout.connect(lambda: None)
    tick.start(300)


def _cleanup(window, session: _Session) -> None:
    window.shutdown()
    if session.store is not None:
        session.store.close()
    if session.demo is not None:
        session.demo.remove()
