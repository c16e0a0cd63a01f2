"""Chinese input: which input method Qt is told to use, and the bundled fcitx plugin.

Typing through real fcitx 5 / fcitx 4 daemons is in ``test_input_method_typing.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from zjk_desktop.gui.app import (
    bundled_qt_plugin_dir,
    chinese_input_fallback,
    input_method_environment,
)
from zjk_desktop.paths import resources_dir

LINUX = "linux"
PLUGINS = resources_dir() / "qt-plugins"


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        # UOS / Kylin: fcitx announced for X11 and GTK only
        ({"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}, {"QT_IM_MODULES": "fcitx;ibus"}),
        ({"XMODIFIERS": "@im=fcitx5"}, {"QT_IM_MODULES": "fcitx;ibus"}),
        ({"GTK_IM_MODULE": "fcitx5"}, {"QT_IM_MODULES": "fcitx;ibus"}),
        ({"XMODIFIERS": "@im=ibus", "GTK_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "ibus"}),
        # XMODIFIERS names the X input method server; GTK may say only "xim"
        ({"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "xim"}, {"QT_IM_MODULES": "fcitx;ibus"}),
        ({"XMODIFIERS": "@im=none", "GTK_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "ibus"}),
        # QT_IM_MODULE=fcitx: fcitx first (bundled plugin), ibus when it cannot load
        ({"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=ibus"}, {"QT_IM_MODULES": "fcitx;ibus"}),
        ({"QT_IM_MODULE": "fcitx5"}, {"QT_IM_MODULES": "fcitx5;ibus"}),
    ],
)
def test_input_method_follows_the_desktop_session(session, expected):
    assert input_method_environment(session, LINUX) == expected


@pytest.mark.parametrize(
    "session",
    [
        {},  # no input method configured: Qt's own default
        {"XMODIFIERS": "@im=SCIM", "GTK_IM_MODULE": "scim"},  # one we do not know
        {"QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=fcitx"},  # the user's explicit choice
        {"QT_IM_MODULE": "xim", "XMODIFIERS": "@im=fcitx"},
        {"QT_IM_MODULES": "wayland;fcitx5", "XMODIFIERS": "@im=fcitx"},
    ],
)
def test_an_explicit_or_unknown_choice_is_left_alone(session):
    assert input_method_environment(session, LINUX) == {}


def test_windows_and_macos_use_their_own_input_methods():
    session = {"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "fcitx"}
    assert input_method_environment(session, "win32") == {}
    assert input_method_environment(session, "darwin") == {}


def test_the_fallback_is_applied_to_the_environment(monkeypatch):
    monkeypatch.setattr(sys, "platform", LINUX)
    env = {"XMODIFIERS": "@im=fcitx"}
    assert chinese_input_fallback(env) == {"QT_IM_MODULES": "fcitx;ibus"}
    assert env == {"XMODIFIERS": "@im=fcitx", "QT_IM_MODULES": "fcitx;ibus"}


def test_the_bundled_plugin_is_built_for_the_pinned_qt():
    from PySide6.QtCore import qVersion

    info = json.loads((PLUGINS / "fcitx-plugin.json").read_text(encoding="utf-8"))
    assert info["qt_version"] == qVersion(), (
        "run tools/build_fcitx_plugin.py after a PySide6 pin change"
    )
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"PySide6-Essentials==([\d.]+)"', pyproject)
    assert pin and pin.group(1).startswith(info["qt_version"])
    assert bundled_qt_plugin_dir(resources_dir(), qVersion(), LINUX) == PLUGINS


def test_a_plugin_for_another_qt_is_not_loaded(tmp_path):
    folder = tmp_path / "qt-plugins"
    (folder / "platforminputcontexts").mkdir(parents=True)
    (folder / "platforminputcontexts" / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    (folder / "fcitx-plugin.json").write_text(
        json.dumps(
            {
                "qt_version": "6.8.2",
                "plugin": "platforminputcontexts/libfcitx5platforminputcontextplugin.so",
            }
        )
    )
    assert bundled_qt_plugin_dir(tmp_path, "6.8.2", LINUX) == folder
    assert bundled_qt_plugin_dir(tmp_path, "6.12.0", LINUX) is None  # private API differs
    assert bundled_qt_plugin_dir(tmp_path, "6.8.2", "win32") is None
    assert bundled_qt_plugin_dir(tmp_path / "elsewhere", "6.8.2", LINUX) is None


def _versions(plugin: Path, prefix: str) -> list[tuple[int, ...]]:
    symbols = subprocess.run(
        ["objdump", "-T", str(plugin)], capture_output=True, text=True, check=True
    ).stdout
    found = set(re.findall(rf"\b{prefix}_([\d.]+)\b", symbols))
    return sorted(tuple(int(n) for n in v.split(".")) for v in found)


@pytest.mark.skipif(not sys.platform.startswith(LINUX), reason="Linux plugin")
def test_the_plugin_loads_on_uos_20_and_kylin_v10():
    """Those desktops have glibc 2.28 / libstdc++ of GCC 8, as the wheel itself requires."""
    import shutil

    if shutil.which("objdump") is None:
        pytest.skip("objdump (Debian binutils) not installed")
    info = json.loads((PLUGINS / "fcitx-plugin.json").read_text(encoding="utf-8"))
    plugin = PLUGINS / info["plugin"]
    assert max(_versions(plugin, "GLIBC")) <= (2, 28)
    assert max(_versions(plugin, "GLIBCXX")) <= (3, 4, 25)
    needed = subprocess.run(
        ["objdump", "-p", str(plugin)], capture_output=True, text=True, check=True
    ).stdout
    libraries = set(re.findall(r"NEEDED\s+(\S+)", needed))
    # only the wheel's Qt and libraries every X11 desktop has
    assert libraries <= {
        "libQt6Widgets.so.6",
        "libQt6Gui.so.6",
        "libQt6DBus.so.6",
        "libQt6Core.so.6",
        "libxkbcommon.so.0",
        "libxcb.so.1",
        "libstdc++.so.6",
        "libgcc_s.so.1",
        "libc.so.6",
    }
