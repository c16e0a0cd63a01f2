"""Frozen entry point of the windowed program ``zjk-desktop`` (PyInstaller script)."""

import os
import sys


def chinese_input_fallback(environ=os.environ) -> None:
    """Let fcitx users type Chinese with the Qt the bundle carries.

    Chinese desktops (UOS, Kylin, most others) set ``QT_IM_MODULE=fcitx``.  The PySide6
    wheel ships no fcitx plugin, so Qt silently falls back to plain compose input and
    no Chinese can be typed.  fcitx5 also speaks the IBus protocol, whose plugin the
    bundle has: ``QT_IM_MODULES`` (Qt >= 6.7: tried in order) keeps fcitx first and
    adds ibus as the fallback.  A user's own QT_IM_MODULES is left alone.
    """
    if not sys.platform.startswith("linux"):
        return
    module = environ.get("QT_IM_MODULE", "")
    if module.startswith("fcitx") and not environ.get("QT_IM_MODULES"):
        environ["QT_IM_MODULES"] = f"{module};ibus"


if __name__ == "__main__":
    chinese_input_fallback()
    from zjk_desktop.gui.app import main

    sys.exit(main())
