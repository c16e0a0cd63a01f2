"""Frozen entry point of the windowed program ``zjk-desktop`` (PyInstaller script)."""

import sys

from zjk_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
