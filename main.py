"""Thin launcher: ``python main.py`` starts the desktop program (same as ``zjk-desktop``)."""

import sys

from zjk_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
