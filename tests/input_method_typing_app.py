"""The program's visit form on a real X display, for ``test_input_method_typing.py``.

Starts as ``zjk-desktop`` does (input-method choice, then ``make_application`` with the
bundled plugins), opens the record form on the database given, focuses its 服务内容 field
and prints ``{"window": <X window id>}``; the test then types through the input method.
When the field holds Chinese or a finished word (or after ``TIMEOUT_S``) it prints
``{"text": …}`` and exits.

    python tests/input_method_typing_app.py DB_PATH
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

TIMEOUT_S = 30


def main() -> int:
    db_path = Path(sys.argv[1])
    from zjk_desktop.gui import app as launcher

    launcher.chinese_input_fallback()
    qt_app = launcher.make_application()

    from PySide6.QtCore import QSettings, QTimer

    from zjk_desktop.gui.context import AppContext
    from zjk_desktop.gui.dialogs.record_dialog import RecordFormDialog
    from zjk_desktop.store import Store

    store = Store.open(db_path)
    settings = QSettings(str(db_path.with_suffix(".ini")), QSettings.Format.IniFormat)
    dialog = RecordFormDialog(AppContext(store, db_path, settings), "visit")
    field = dialog.form.editors["content"]
    dialog.show()
    dialog.activateWindow()
    field.setFocus()
    deadline = time.monotonic() + TIMEOUT_S

    def announce() -> None:
        print(json.dumps({"window": int(dialog.winId())}), flush=True)

    def finished() -> None:
        text = field.toPlainText()
        done = any(ord(ch) > 0x2E7F for ch in text) or text.endswith(" ")
        if done or time.monotonic() > deadline:
            print(json.dumps({"text": text}, ensure_ascii=False), flush=True)
            dialog.dirty = False  # nothing to ask on close
            qt_app.quit()

    QTimer.singleShot(0, announce)
    poll = QTimer(dialog)
    poll.timeout.connect(finished)
    poll.start(100)
    qt_app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
