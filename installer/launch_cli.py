"""Frozen entry point of the console program ``zjk`` (PyInstaller script)."""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--zjk-parse-worker"]:  # the import's parse worker
        from zjk_desktop.sync.parse_worker import run_if_requested

        run_if_requested()
    from zjk_desktop.cli import main

    sys.exit(main())
