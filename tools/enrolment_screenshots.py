#!/usr/bin/env python3
"""Screenshots of enrolment, step by step, in Chinese and English → docs/screenshots/wizard/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/enrolment_screenshots.py

A new specialist's computer goes through the first-start wizard (no roster yet:
the county from the division table), saves its enrolment request, the county
approves it, and the new computer's trust question for the county's roster
package and its Settings → This computer are shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots" / "wizard"
SAMPLE = ROOT / "resources" / "sample" / "sample_roster.xlsx"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="zjk-enrol-shots-"))
    os.environ["ZJK_DATA_DIR"] = str(tmp / "data")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

    from zjk_desktop import i18n
    from zjk_desktop.gui.context import AppContext
    from zjk_desktop.gui.dialogs.enrol_dialog import EnrolDialog
    from zjk_desktop.gui.dialogs.wizard import FirstRunWizard
    from zjk_desktop.gui.pages.settings_page import SettingsPage
    from zjk_desktop.gui.translations import TRANSLATIONS
    from zjk_desktop.node import init_node
    from zjk_desktop.roster import import_roster
    from zjk_desktop.store import Store
    from zjk_desktop.sync import enrol, export

    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(lang: str, name: str, widget) -> None:
        app.processEvents()
        path = OUT / f"{lang}-{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    for lang in ("zh_CN", "en"):
        i18n.set_language(lang)
        TRANSLATIONS.apply(lang)
        settings = QSettings(str(tmp / f"settings-{lang}.ini"), QSettings.Format.IniFormat)
        county = Store.open(tmp / lang / "county" / "zjk.sqlite3")
        init_node(
            county,
            role="county",
            actor="赵志刚" if lang == "zh_CN" else "Zhao Zhigang",
            org_code="130722",
        )
        import_roster(county, SAMPLE)
        roster = tmp / lang / "roster.zjkpkg"
        export.export_roster(county, roster)

        laptop = Store.open(tmp / lang / "laptop" / "zjk.sqlite3")
        wizard = FirstRunWizard(laptop, settings)
        wizard.resize(760, 520)
        wizard.show()
        shot(lang, "1-intro", wizard)
        wizard.next()
        wizard.role_page.name.setText("王建国" if lang == "zh_CN" else "Wang Jianguo")
        shot(lang, "2-role", wizard)
        wizard.next()
        page = wizard.org_page
        page.org.setCurrentIndex(
            max(0, page.org.findText("张北县 (130722)" if lang == "zh_CN" else "Zhangbei (130722)"))
        )
        shot(lang, "3-org", wizard)

        # The trust question a roster package brings (answered "do not trust" here).
        def grab_question(lang: str = lang) -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, grab_question)
                return
            shot(lang, "3b-trust-county", box)
            next(b for b in box.buttons() if b.objectName() != "trust").click()

        QFileDialog.getOpenFileName = staticmethod(lambda *a, roster=roster, **k: (str(roster), ""))  # type: ignore[method-assign]
        QTimer.singleShot(0, grab_question)
        page.import_button.click()
        wizard.next()
        request = tmp / lang / "request.zjkpkg"
        QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
            lambda *a, request=request, **k: (str(request), "")
        )
        wizard.done_page.request_button.click()
        shot(lang, "4-done", wizard)
        wizard.done(QDialog.DialogCode.Accepted)

        dialog = EnrolDialog(county, enrol.read_request(request))
        dialog.resize(640, 380)
        dialog.show()
        shot(lang, "5-county-approves", dialog)
        dialog.close()

        ctx = AppContext(store=laptop, db_path=laptop.path, settings=settings)
        settings_page = SettingsPage(ctx)
        settings_page.resize(1000, 760)
        settings_page.show()
        shot(lang, "6-settings-this-computer", settings_page)
        settings_page.close()
        laptop.close()
        county.close()
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
