"""Frozen entry point of the windowed program ``zjk-desktop`` (PyInstaller script)."""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--zjk-parse-worker"]:  # the import's parse worker, before any Qt
        from zjk_desktop.sync.parse_worker import run_if_requested

        run_if_requested()
    from zjk_desktop.gui.app import main

    sys.exit(main())
