"""Frozen entry point of the windowed program ``zjk-desktop`` (PyInstaller script)."""

import sys

if __name__ == "__main__":
    from zjk_desktop.gui.app import main

    sys.exit(main())
