"""The core must import without PySide6 (DESIGN.md §2): the GUI is one client of it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import zjk_desktop


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(zjk_desktop.__path__, "zjk_desktop."):
        if info.name.startswith("zjk_desktop.gui"):
            continue
        names.append(info.name)
    return names


def test_every_core_module_imports_with_pyside6_blocked():
    modules = core_modules()
    assert "zjk_desktop.store.db" in modules and "zjk_desktop.cli" in modules
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('PySide6 is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
        "import zjk_desktop.cli as cli\n"
        "cli.build_parser()\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
