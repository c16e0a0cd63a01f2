"""Frozen entry point of the console program ``zjk`` (PyInstaller script)."""

import sys

from zjk_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
