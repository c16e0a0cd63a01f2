"""The main window: navigation sidebar, pages, status bar, drag & drop of sync files."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QEventLoop,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from ..domain.entities import RECORD_KINDS
from ..domain.enums import ROLES
from .context import AppContext
from .tasks import TaskRunner
from .widgets import available_geometry, fit_to_screen

log = logging.getLogger(__name__)

SYNC_SUFFIXES = (".zjkpkg",)
# What the last session's database said, so the window painted before the database is
# open shows the same navigation and status bar (the store corrects them once open).
ROLE_HINT = "startup/role"
ACTOR_HINT = "startup/actor"
DB_HINT = "startup/db"  # the database they describe: another database opens before painting


# key, label (translated in context "MainWindow"; QT_TRANSLATE_NOOP is typed ``object``),
# roles that see it (None: all), icon
NAVIGATION: list[tuple[str, Any, frozenset[str] | None, QStyle.StandardPixmap]] = [
    (
        "dashboard",
        QT_TRANSLATE_NOOP("MainWindow", "Dashboard"),
        None,
        QStyle.StandardPixmap.SP_DesktopIcon,
    ),
    (
        "visit",
        QT_TRANSLATE_NOOP("MainWindow", "Visits"),
        None,
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
    (
        "extension",
        QT_TRANSLATE_NOOP("MainWindow", "Extension"),
        None,
        QStyle.StandardPixmap.SP_FileDialogContentsView,
    ),
    (
        "training",
        QT_TRANSLATE_NOOP("MainWindow", "Trainings"),
        None,
        QStyle.StandardPixmap.SP_FileDialogInfoView,
    ),
    (
        "villages",
        QT_TRANSLATE_NOOP("MainWindow", "Villages"),
        None,
        QStyle.StandardPixmap.SP_DirHomeIcon,
    ),
    (
        "specialists",
        QT_TRANSLATE_NOOP("MainWindow", "Specialists"),
        None,
        QStyle.StandardPixmap.SP_DirLinkIcon,
    ),
    (
        "review",
        QT_TRANSLATE_NOOP("MainWindow", "Review"),
        frozenset({"township", "county"}),
        QStyle.StandardPixmap.SP_DialogApplyButton,
    ),
    ("sync", QT_TRANSLATE_NOOP("MainWindow", "Sync"), None, QStyle.StandardPixmap.SP_BrowserReload),
    (
        "reports",
        QT_TRANSLATE_NOOP("MainWindow", "Reports"),
        None,
        QStyle.StandardPixmap.SP_FileIcon,
    ),
    # Issue 13: farmers' requests and callbacks; the annual assessment.
    (
        "requests",
        QT_TRANSLATE_NOOP("MainWindow", "Requests"),
        None,
        QStyle.StandardPixmap.SP_MessageBoxQuestion,
    ),
    (
        "assessment",
        QT_TRANSLATE_NOOP("MainWindow", "Assessment"),
        frozenset({"township", "county"}),
        QStyle.StandardPixmap.SP_DialogYesButton,
    ),
    (
        "settings",
        QT_TRANSLATE_NOOP("MainWindow", "Settings"),
        None,
        QStyle.StandardPixmap.SP_FileDialogListView,
    ),
]


def page_factories() -> dict[str, Callable[[AppContext], QWidget]]:
    """How each page is built (imported lazily: start-up only pays for the first page)."""

    def dashboard(ctx):
        from .pages.dashboard import DashboardPage

        return DashboardPage(ctx)

    def records(kind):
        def build(ctx):
            from .pages.record_list import RecordListPage

            return RecordListPage(ctx, kind)

        return build

    def villages(ctx):
        from .pages.roster_pages import VillagesPage

        return VillagesPage(ctx)

    def specialists(ctx):
        from .pages.roster_pages import SpecialistsPage

        return SpecialistsPage(ctx)

    def review(ctx):
        from .pages.review_page import ReviewPage

        return ReviewPage(ctx)

    def sync(ctx):
        from .pages.sync_page import SyncPage

        return SyncPage(ctx)

    def reports(ctx):
        from .pages.reports_page import ReportsPage

        return ReportsPage(ctx)

    def requests(ctx):
        from .pages.requests_page import RequestsPage

        return RequestsPage(ctx)

    def assessment(ctx):
        from .pages.assessment_page import AssessmentPage

        return AssessmentPage(ctx)

    def settings(ctx):
        from .pages.settings_page import SettingsPage

        return SettingsPage(ctx)

    return {
        "dashboard": dashboard,
        "visit": records("visit"),
        "extension": records("extension"),
        "training": records("training"),
        "villages": villages,
        "specialists": specialists,
        "review": review,
        "sync": sync,
        "reports": reports,
        "requests": requests,
        "assessment": assessment,
        "settings": settings,
    }


UPWARD = {"specialist": ("township", "county"), "township": ("county",), "county": ()}


def unsent_changes(store, role: str | None = None) -> int:
    """Changes held here that the next level is not known to have received.

    For a specialist or a township: ``queries.unsent_upward`` (what came from the
    next level itself is not counted).  The county has nobody above: its figure is
    what the computers it exchanged files with have not received yet.
    """
    from ..queries import unsent_upward
    from ..sync import peer_status
    from ..sync.peers import unsent_count

    role = role or store.node_info().role or "county"
    upward = unsent_upward(store, role)
    if upward is not None:
        return upward
    peers = [p for p in peer_status(store) if not p.get("revoked")]
    if peers:
        return min(int(p["unsent"]) for p in peers)
    return unsent_count(store, {})


def last_import(store) -> str | None:
    from ..queries import last_import_time

    return last_import_time(store)


class MainWindow(QMainWindow):
    """One per database; pages are created the first time they are shown.

    ``MainWindow(ctx)`` is the window with its data.  ``MainWindow(None, settings=...)`` is
    the same window before the database is open (start-up paints it first): navigation,
    status bar and an "opening the database" page; ``attach(ctx)`` then fills it in place.
    """

    first_painted = Signal()  # once, after the window's first paint reached the screen

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        demo: bool = False,
    ):
        super().__init__(parent)
        chosen = ctx.settings if ctx is not None else settings
        if chosen is None:
            raise ValueError("MainWindow needs a context or settings")
        self._settings: QSettings = chosen
        self._demo = ctx.demo if ctx is not None else demo
        self._loaded = False
        self._painted = False
        self._tasks: TaskRunner | None = None  # made by attach(): it needs the database
        self.factories = page_factories()
        self.pages: dict[str, QWidget] = {}
        self._closed = False
        self._figures: tuple[int | list[str], str | None] | None = None
        self._figures_loading = False
        self._figures_again = False
        self._status_later = False
        self._shown_once = False
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(760, 540))

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        side = QWidget(central)
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 8, 6, 8)
        self.title_label = QLabel(side)
        self.title_label.setObjectName("appTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side_layout.addWidget(self.title_label)
        self.nav = QListWidget(side)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_layout.addWidget(self.nav, 1)
        side.setFixedWidth(168)
        side.setStyleSheet(
            "#sidebar { background: palette(window); border-right: 1px solid palette(mid); }"
            "#navigation { background: transparent; font-size: 11pt; }"
            "#navigation::item { padding: 7px 4px; border-radius: 4px; }"
            "#navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
            "#appTitle { font-weight: bold; font-size: 11pt; padding: 4px 0 10px 0; }"
        )
        self.stack = QStackedWidget(central)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.role_label = QLabel(self)
        self.node_label = QLabel(self)
        self.unsent_label = QLabel(self)
        self.import_label = QLabel(self)
        self.demo_label = QLabel(self)
        self.demo_label.setStyleSheet("color: #b45309; font-weight: bold;")
        self.clock_label = QLabel(self)
        self.clock_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        self.clock_label.setVisible(False)
        for widget in (
            self.clock_label,
            self.demo_label,
            self.role_label,
            self.node_label,
            self.unsent_label,
            self.import_label,
        ):
            self.statusBar().addPermanentWidget(widget)
        self.demo_label.setVisible(self._demo)
        self._upgrading = False  # opening the database upgrades it (note_upgrade)
        self.opening_label = QLabel(self.stack)
        self.opening_label.setObjectName("opening")
        self.opening_label.setWordWrap(True)
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening_label)

        self._build_navigation()
        self.nav.currentRowChanged.connect(self._on_nav_row)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(150)
        self._status_timer.timeout.connect(self.refresh_status)
        self._shortcuts = []
        for number in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda number=number: self._show_page_number(number))
            self._shortcuts.append(shortcut)

        self.retranslate()
        self._restore_layout()
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Fill the window with the database's data (once): pages, status, events."""
        assert not self._loaded, "a main window shows one database"
        self.ctx = ctx
        self._tasks = TaskRunner(ctx.db_path, self)
        ctx.tasks = self._tasks
        self._loaded = True
        ctx.events.records_changed.connect(lambda _kind: self._schedule_status())
        ctx.events.sync_done.connect(self._schedule_status)
        ctx.events.roster_changed.connect(self._schedule_status)
        ctx.events.status_changed.connect(self._schedule_status)
        ctx.events.language_changed.connect(self.retranslate)
        ctx.events.navigate.connect(self._on_navigate)
        ctx.events.open_record.connect(self._on_open_record)
        key = self.current_page_key()
        if self.nav_keys != self._navigation_keys(ctx.role):
            self.nav.blockSignals(True)  # the page is built once, below
            self._build_navigation()
            self.nav.blockSignals(False)
        self._demo = ctx.demo
        self.demo_label.setVisible(ctx.demo)
        self._status_later = True  # the start page's figures go first on the worker thread
        self.retranslate()
        self.show_page(key)
        self._status_later = False
        self.stack.removeWidget(self.opening_label)
        self.opening_label.deleteLater()
        self._settings.setValue(ROLE_HINT, ctx.role)
        self._settings.setValue(ACTOR_HINT, ctx.node.actor or "")
        if ctx.db_path is not None:
            self._settings.setValue(DB_HINT, str(Path(ctx.db_path).resolve()))

    @property
    def tasks(self) -> TaskRunner:
        """The database worker thread's queue (once the database is open)."""
        assert self._tasks is not None, "no background work before the database is open"
        return self._tasks

    @property
    def loaded(self) -> bool:
        """True once the database is open and its pages can be shown."""
        return self._loaded

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self.refresh_status)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # After this paint is flushed to the screen, not inside it.
            QTimer.singleShot(0, self.first_painted.emit)

    # ------------------------------------------------------------ navigation
    @property
    def nav_keys(self) -> list[str]:
        return [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]

    @staticmethod
    def _navigation_keys(role: str) -> list[str]:
        return [key for key, _l, roles, _i in NAVIGATION if roles is None or role in roles]

    def _role(self) -> str:
        """The user's role: the store's once open, before that the last session's."""
        if self._loaded:
            return self.ctx.role
        return str(self._settings.value(ROLE_HINT, "") or "county")

    def _build_navigation(self) -> None:
        keys = self._navigation_keys(self._role())
        self.nav.clear()
        for key, _label, _roles, icon in NAVIGATION:
            if key not in keys:
                continue
            item = QListWidgetItem(self.style().standardIcon(icon), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)

    def current_page_key(self) -> str:
        row = self.nav.currentRow()
        return self.nav.item(row).data(Qt.ItemDataRole.UserRole) if row >= 0 else "dashboard"

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        page = self.pages.get(key)
        if page is None:
            page = self.factories[key](self.ctx)
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def _show_page_number(self, number: int) -> None:
        keys = self.nav_keys
        if number <= len(keys):
            self.show_page(keys[number - 1])

    def show_page(self, key: str) -> QWidget:
        assert self._loaded, "pages are shown once the database is open"
        if key not in self.nav_keys:
            key = "dashboard"
        row = self.nav_keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # → _on_nav_row
        else:
            self.stack.setCurrentWidget(self.page(key))
        return self.pages[key]

    def _on_nav_row(self, row: int) -> None:
        if row < 0 or not self._loaded:  # not open yet: attach() shows the row chosen
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        fresh = key not in self.pages
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        if not fresh and hasattr(page, "refresh"):
            page.refresh()

    def _on_navigate(self, key: str, arg: str) -> None:
        page = self.show_page(key)
        if arg and hasattr(page, "focus_item"):
            page.focus_item(arg)

    def _on_open_record(self, kind: str, record_id: str) -> None:
        if kind not in RECORD_KINDS:
            return
        page = self.show_page(kind)
        if hasattr(page, "open_record"):
            page.open_record(record_id)

    # ---------------------------------------------------------------- status
    def _schedule_status(self) -> None:
        self._status_timer.start()

    def refresh_status(self) -> None:
        """Role and node now; unsent changes and last import from the worker thread."""
        if self._closed:
            return
        role = ROLES.label(self._role(), i18n.get_language())
        self.role_label.setText(self.tr("Role: %1").replace("%1", role))
        if not self._loaded:
            if self._settings.contains(ACTOR_HINT):
                who = str(self._settings.value(ACTOR_HINT, "") or "") or self.tr("(no name)")
            else:
                who = "…"
            self.node_label.setText(self.tr("This computer: %1").replace("%1", who))
            self._show_figures()
            return
        node = self.ctx.node
        who = node.actor or self.tr("(no name)")
        # People know a computer by who uses it, not by its id.
        self.node_label.setText(self.tr("This computer: %1").replace("%1", who))
        self.node_label.setToolTip("")
        days = self.ctx.store.clock_ahead_days()
        behind = self.ctx.store.clock_behind_days()  # sync trust: the wall clock is the wrong one
        self.clock_label.setVisible(bool(days or behind))
        if behind:
            self.clock_label.setText(self.tr("Clock %1 days behind").replace("%1", str(behind)))
            self.clock_label.setToolTip(
                self.tr(
                    "Files from other computers are dated %1 days after this computer's clock:"
                    " this clock is probably behind. Correct this computer's date and time."
                ).replace("%1", str(behind))
            )
        elif days:
            self.clock_label.setText(self.tr("Clock %1 days ahead").replace("%1", str(days)))
            self.clock_label.setToolTip(
                self.tr(
                    "Changes saved on this computer are dated %1 days ahead of its clock (was the"
                    " clock set ahead?). If the clock is right now, the next save corrects their"
                    " dates; otherwise correct this computer's date and time."
                ).replace("%1", str(days))
            )
        if self._status_later and self._shown_once:
            self._schedule_status()  # queued after the start page's first job
        self._show_figures()
        if not self._shown_once or self._status_later:
            return  # figures load once the window is on screen (see showEvent)
        if self._figures_loading:
            self._figures_again = True
            return
        self._figures_loading = True
        role_code = self.ctx.role

        def job(store, progress, should_cancel):
            if role_code == "county":  # a county sends rosters down, not changes up
                from ..queries import overdue_townships
                from ..scope import scope_for_node

                return overdue_townships(store, scope_for_node(store)), last_import(store)
            return unsent_changes(store, role_code), last_import(store)

        self.tasks.run(job, self._figures_done, title=self.tr("Status"), show_progress=False)

    def _figures_done(self, result, error) -> bool:
        self._figures_loading = False
        if error is not None:
            log.error("status figures failed: %s", error)
            self._figures = None
        else:
            self._figures = result
        self._show_figures()
        if self._figures_again and not self._closed:
            self._figures_again = False
            self.refresh_status()
        return True  # a status figure must not interrupt the user; it shows "?" instead

    def _show_figures(self) -> None:
        overdue: list[str] = []
        if self._figures is None:
            waiting = self._figures_loading or self._status_timer.isActive()
            unsent = "…" if waiting or not self._loaded else "?"
            last = None
        elif isinstance(self._figures[0], list):  # a county: townships overdue
            overdue, last = self._figures[0], self._figures[1]
            unsent = str(len(overdue))
        else:
            unsent, last = str(self._figures[0]), self._figures[1]
        if self._role() == "county":
            self.unsent_label.setText(self.tr("Townships overdue: %1").replace("%1", unsent))
            comma = "、" if i18n.get_language().startswith("zh") else ", "
            self.unsent_label.setToolTip(
                self.tr("Last month's file has not arrived in time from: %1").replace(
                    "%1", comma.join(overdue)
                )
                if overdue
                else ""
            )
        else:
            self.unsent_label.setText(self.tr("Unsent changes: %1").replace("%1", unsent))
        if not self._loaded:
            self.import_label.setText(self.tr("Last import: %1").replace("%1", "…"))
            return
        self.import_label.setText(
            self.tr("Last import: %1").replace("%1", last.replace("T", " ")[:16])
            if last
            else self.tr("Last import: never")
        )

    def retranslate(self, _lang: str = "") -> None:
        labels = {key: label for key, label, _roles, _icon in NAVIGATION}
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            item.setText(self.tr(labels[item.data(Qt.ItemDataRole.UserRole)]))
        title = self.tr("Zhangjiakou S&T Specialists")
        self.title_label.setText(self.tr("Zhangjiakou S&T\nSpecialists"))
        suffix = self.tr(" — demo data (not saved)") if self._demo else ""
        self.setWindowTitle(title + suffix)
        self.demo_label.setText(self.tr("Demo data"))
        if not self._loaded:
            self.opening_label.setText(
                self.tr(
                    "Upgrading the database to this version of the program (a backup copy is"
                    " made first); with much data this takes a few minutes…"
                )
                if self._upgrading
                else self.tr("Opening the database…")
            )
        self.refresh_status()

    def note_upgrade(self) -> None:
        """Before the database opens: say that opening it upgrades it (it can take minutes)."""
        self._upgrading = True
        if not self._loaded:
            self.retranslate()
            # painted now: the upgrade then holds this thread (no user input handled here)
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    # ---------------------------------------------------------- sync files
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._sync_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._sync_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._sync_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.import_files(files)

    @staticmethod
    def _sync_files(mime) -> list[Path]:
        if not mime.hasUrls():
            return []
        return [
            Path(url.toLocalFile())
            for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SYNC_SUFFIXES)
        ]

    def import_files(self, files: list[Path]) -> None:
        """Open the sync page and import ``files`` there (progress, summary)."""
        from .pages.sync_page import SyncPage

        page = self.show_page("sync")
        assert isinstance(page, SyncPage)
        page.import_files([Path(f) for f in files])

    # ----------------------------------------------------------- lifecycle
    def after_start(self, imports: list[Path]) -> None:
        """Things to do once the window is on screen (not in smoke runs)."""
        QTimer.singleShot(0, lambda: self._after_start(imports))

    def _after_start(self, imports: list[Path]) -> None:
        from .dialogs.record_dialog import offer_drafts

        offer_drafts(self.ctx, self)
        if not self.ctx.demo:
            self.start_daily_backup()
        if imports:
            self.import_files(imports)

    def start_daily_backup(self) -> None:
        """The automatic daily copy (kept 30 days), in the background."""
        if (
            self.ctx.db_path is None
            or str(self.ctx.settings.value("backup/daily", "true")) != "true"
        ):
            return
        from .. import backup

        folder = Path(
            str(self.ctx.settings.value("backup/folder", ""))
            or backup.backup_folder(self.ctx.db_path)
        )

        def job(store, progress, should_cancel):
            from ..batch import daily_backup

            return daily_backup(store, folder)

        def done(result, error):
            if error is None and result is not None:
                log.info("daily backup written to %s", result)
                self.statusBar().showMessage(
                    self.tr("Daily backup saved: %1").replace("%1", str(result)), 8000
                )

        self.tasks.run(job, done, title=self.tr("Daily backup"), show_progress=False)

    def smoke_pending(self) -> bool:
        """True while the database is opening or the shown page is still loading its data."""
        if not self._loaded:
            return True
        page = self.stack.currentWidget()
        pending = getattr(page, "smoke_pending", None)
        return bool(pending()) if callable(pending) else False

    def smoke_problem(self) -> str | None:
        """What is wrong with the window for an installation check (None: all fine)."""
        if not self.isVisible():
            return "main window not visible"
        if not self._loaded:
            return "the database did not open"
        if self.stack.currentIndex() < 0:
            return "no page shown"
        counts = sum(self.ctx.store.count(kind) for kind in RECORD_KINDS)
        if counts == 0:
            return "the database holds no records"
        problem = getattr(self.stack.currentWidget(), "smoke_problem", None)
        return problem() if callable(problem) else None

    def smoke_summary(self) -> str:
        counts = {kind: self.ctx.store.count(kind) for kind in RECORD_KINDS}
        return f"{self.windowTitle()}; pages={len(self.nav_keys)}; " + ", ".join(
            f"{k}={v}" for k, v in counts.items()
        )

    def _restore_layout(self) -> None:
        geometry = self._settings.value("mainwindow/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            fit_to_screen(self)  # remembered on a larger screen: still all on this one
        else:
            area = available_geometry(self)
            self.resize(1200, 780)
            if area.width() < 1280 or area.height() < 820:
                # An office laptop (1366×768, 1024×768): the whole screen, status bar visible.
                fit_to_screen(self, area)
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self._settings.value("mainwindow/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.nav.setCurrentRow(0)  # the dashboard: built now, or by attach() once open

    def save_layout(self) -> None:
        self._settings.setValue("mainwindow/geometry", self.saveGeometry())
        self._settings.setValue("mainwindow/state", self.saveState())
        for page in self.pages.values():
            save = getattr(page, "save_layout", None)
            if callable(save):
                save()
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            can_close = getattr(page, "can_close", None)
            if callable(can_close) and not can_close():
                event.ignore()
                return
        self.save_layout()
        event.accept()

    def shutdown(self) -> None:
        """Stop background work and timers; the store may be closed after this."""
        self._closed = True
        self._status_timer.stop()
        if self._tasks is not None:
            self._tasks.shutdown()
