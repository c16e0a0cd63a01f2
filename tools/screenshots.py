#!/usr/bin/env python3
"""Render every main screen with the small demo data, in Chinese and English, to PNG.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--lang zh_CN en]
                                          [--screen 1366x768] [--display :93] [--offscreen]

Writes ``<out>/<lang>/NN-<screen>.png``: the WHOLE screen of an office laptop (1366×768 by
default), as a user sees it — the program started as on a fresh computer (maximised on a
small screen), dialogs at the size they open with, under a real window manager.  The tool
starts ``Xvfb`` and ``openbox`` on ``--display`` itself (Debian packages ``xvfb`` and
``openbox``) and stops them at the end; ``--offscreen`` renders the widgets alone instead.
The demo database is made fresh in a temporary folder and set up as the county team (so
every page and the roster export show), with one roster export so the sync page has
history.  Look at the pictures after changing a screen: clipped text, boxes instead of
Chinese, empty panes, buttons below the screen edge.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_display(display: str, screen: str) -> list:
    """Xvfb with a window manager on ``display``; returns the processes to stop later."""
    import shutil
    import subprocess

    if not shutil.which("Xvfb") or not shutil.which("openbox"):
        raise SystemExit(
            "screenshots: install the Debian packages xvfb and openbox (or use --offscreen)"
        )
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")
    for _ in range(100):
        if socket.exists():
            break
        time.sleep(0.05)
    env = {**os.environ, "DISPLAY": display}
    wm = subprocess.Popen(
        ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(0.5)
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return [wm, xvfb]


def wait(app, condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def settle(app, window) -> None:
    wait(app, lambda: not window.tasks.busy)
    for _ in range(5):
        app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", nargs="+", default=["zh_CN", "en"])
    parser.add_argument("--screen", default="1366x768", help="screen size, e.g. 1024x768")
    parser.add_argument("--display", default=":93", help="X display the tool starts Xvfb on")
    parser.add_argument("--offscreen", action="store_true", help="widgets only, no X server")
    args = parser.parse_args(argv)
    helpers = []
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    else:
        helpers = start_display(args.display, args.screen)
    try:
        return shoot(args)
    finally:
        for process in helpers:
            process.terminate()
            process.wait(timeout=10)


def shoot(args) -> int:
    whole_screen = not args.offscreen

    tmp = Path(tempfile.mkdtemp(prefix="zjk-shots-"))
    os.environ["ZJK_DATA_DIR"] = str(tmp / "userdata")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWizard

    from zjk_desktop.demo import generate_demo
    from zjk_desktop.domain.entities import RECORD_KINDS
    from zjk_desktop.gui.app import make_application
    from zjk_desktop.gui.context import AppContext
    from zjk_desktop.gui.mainwindow import MainWindow
    from zjk_desktop.gui.translations import TRANSLATIONS
    from zjk_desktop.node import init_node
    from zjk_desktop.store import Store

    app = make_application()
    db_path = tmp / "demo.sqlite3"
    store = Store.open(db_path)
    generate_demo(store, "small", 1)
    county = store.rows("org_unit", {"level": "county"})[0]
    init_node(store, role="county", actor="赵志刚", org_id=county["id"])
    from zjk_desktop import sync
    from zjk_desktop.sync import export as sync_export
    from zjk_desktop.sync import keys

    # A township station that got the roster and sent its work up: the sync page then
    # shows a peer, its unsent count and both directions in the history.
    township_org = store.rows("org_unit", {"level": "township"}, order_by="code")[0]
    township = Store.open(tmp / "township.sqlite3")
    init_node(township, role="township", actor="李秀英", org_id=township_org["id"])
    keys.trust(store, sync_export.sender_block(township))
    keys.trust(township, sync_export.sender_block(store))
    sync.export_roster(store, tmp / "roster.zjkpkg")
    sync.import_files(township, [tmp / "roster.zjkpkg"])
    sync.export_package(township, "county", out=tmp / "township-up.zjkpkg")
    sync.import_files(store, [tmp / "township-up.zjkpkg"])
    township.close()

    written = []
    for lang in args.lang:
        TRANSLATIONS.apply(lang)
        out = args.out / lang
        out.mkdir(parents=True, exist_ok=True)
        settings = QSettings(str(tmp / f"settings-{lang}.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(store=store, db_path=db_path, settings=settings)
        window = MainWindow(ctx)  # a fresh computer: it sizes itself to the screen
        window.show()
        settle(app, window)

        def shot(name: str, widget=None, window=window, out=out) -> None:
            settle(app, window)
            if whole_screen:
                time.sleep(0.3)  # the window manager maps and decorates the window
                settle(app, window)
            path = out / f"{len(list(out.glob('*.png'))) + 1:02d}-{name}.png"
            if whole_screen:
                app.primaryScreen().grabWindow(0).save(str(path))
            else:
                (widget or window).grab().save(str(path))
            written.append(path)

        for f in out.glob("*.png"):
            f.unlink()
        for key in window.nav_keys:
            window.show_page(key)
            page: Any = window.pages[key]
            if key == "dashboard":
                wait(app, lambda p=page: not p.smoke_pending())
            if key in RECORD_KINDS and hasattr(page, "model"):
                wait(app, lambda p=page: p.model.rowCount() > 0, timeout=10)
            if key == "reports":
                page.open_after.setChecked(False)
                page.kind.setCurrentIndex(page.kind.findData("township"))
                page.period.setCurrentIndex(page.period.findData("this_year"))
                start, end = page.date_from.date().toPython(), page.date_to.date().toPython()
                done: list[object] = []
                page.generated.connect(done.append)
                page.generate(
                    "township", page.selected_scope(), start, end, tmp / f"township-{lang}.pdf"
                )
                wait(app, lambda done=done: bool(done), timeout=60)
            if key == "settings":
                page.backup_now()
                wait(app, lambda p=page: p.backups.topLevelItemCount() > 0, timeout=20)
            shot(key)

        # a record form over the visits list
        from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog

        window.show_page("visit")  # a form opens over its list, as for a user
        visit = store.rows("visit", order_by="-date", limit=1)[0]
        for kind, record_id in (("visit", visit["id"]), ("training", None)):
            dialog = RecordFormDialog(ctx, kind, record_id, window)
            dialog.show()  # at the size it opens with on this screen
            shot(f"form-{kind}", dialog)
            dialog.dirty = False
            dialog.done(0)
            dialog.deleteLater()

        # the first-run wizard, on an empty database: alone on the screen, as at a first start
        from zjk_desktop.gui.dialogs.wizard import FirstRunWizard

        window.hide()
        empty = Store.open(tmp / f"empty-{lang}.sqlite3")
        wizard = FirstRunWizard(empty, settings)
        wizard.show()
        shot("wizard-welcome", wizard)
        wizard.next()
        wizard.role_page.buttons["township"].setChecked(True)
        wizard.role_page.name.setText("李秀英" if lang == "zh_CN" else "Li Xiuying")
        shot("wizard-role", wizard)
        from zjk_desktop.roster import import_roster

        import_roster(empty, ROOT / "resources" / "sample" / "sample_roster.xlsx")
        wizard.next()
        wizard.org_page.org.setCurrentIndex(0)  # nothing is preselected for a station
        shot("wizard-organisation", wizard)
        wizard.next()
        shot("wizard-done", wizard)
        wizard.done(QWizard.DialogCode.Rejected)
        empty.close()

        window.close()
        window.shutdown()
    store.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
