#!/usr/bin/env python3
"""Render every main screen with the small demo data, in Chinese and English, to PNG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out docs/screenshots]
                                                                    [--lang zh_CN en]

Writes ``<out>/<lang>/NN-<screen>.png`` (1280×800).  The demo database is made fresh in a
temporary folder and set up as the county team (so every page and the roster export show),
with one roster export so the sync page has history.  Look at the pictures after changing a
screen: clipped text, boxes instead of Chinese, empty panes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1280, 800)


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
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="zjk-shots-"))
    os.environ["ZJK_DATA_DIR"] = str(tmp / "userdata")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWizard

    from zjk_desktop.demo import generate_demo
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
    county = store.rows("org_unit", "level = 'county'")[0]
    init_node(store, role="county", actor="赵志刚", org_id=county["id"])
    from zjk_desktop import sync
    from zjk_desktop.sync import export as sync_export
    from zjk_desktop.sync import keys

    # A township station that got the roster and sent its work up: the sync page then
    # shows a peer, its unsent count and both directions in the history.
    township_org = store.rows("org_unit", "level = 'township'", order_by="code")[0]
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
        settings = QSettings(str(tmp / f"settings-{lang}.ini"), QSettings.IniFormat)
        ctx = AppContext(store=store, db_path=db_path, settings=settings)
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        settle(app, window)

        def shot(name: str, widget=None) -> None:
            settle(app, window)
            path = out / f"{len(list(out.glob('*.png'))) + 1:02d}-{name}.png"
            (widget or window).grab().save(str(path))
            written.append(path)

        for f in out.glob("*.png"):
            f.unlink()
        for key in window.nav_keys:
            window.show_page(key)
            page = window.pages[key]
            if key == "dashboard":
                wait(app, lambda p=page: not p.smoke_pending())
            if key in ("visit", "extension", "training") and hasattr(page, "model"):
                wait(app, lambda p=page: p.model.rowCount() > 0, timeout=10)
            if key == "reports":
                page.open_after.setChecked(False)
                page.kind.setCurrentIndex(page.kind.findData("township"))
                page.period.setCurrentIndex(page.period.findData("this_year"))
                start, end = page.date_from.date().toPython(), page.date_to.date().toPython()
                done = []
                page.generated.connect(done.append)
                page.generate(
                    "township", page.selected_scope(), start, end, tmp / f"township-{lang}.pdf"
                )
                wait(app, lambda: bool(done), timeout=60)
            if key == "settings":
                page.backup_now()
                wait(app, lambda p=page: p.backups.topLevelItemCount() > 0, timeout=20)
            shot(key)

        # a record form over the visits list
        try:
            from zjk_desktop.gui.record_form import RecordFormDialog
        except ImportError:
            RecordFormDialog = None
        if RecordFormDialog is not None:
            visit = store.rows("visit", order_by="date DESC", limit=1)[0]
            for kind, record_id in (("visit", visit["id"]), ("training", None)):
                dialog = RecordFormDialog(ctx, kind, record_id, window)
                dialog.resize(900, 760)
                dialog.show()
                shot(f"form-{kind}", dialog)
                dialog.dirty = False
                dialog.done(0)
                dialog.deleteLater()

        # the first-run wizard, on an empty database
        from zjk_desktop.gui.wizard import FirstRunWizard

        empty = Store.open(tmp / f"empty-{lang}.sqlite3")
        wizard = FirstRunWizard(empty, settings)
        wizard.resize(700, 480)
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
        wizard.done(QWizard.Rejected)
        empty.close()

        window.close()
        window.shutdown()
    store.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
