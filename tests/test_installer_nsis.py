"""The Windows installer script compiles (makensis, as on Linux CI) and keeps its promises.

The full build (installer/build.py, run by .ci/build-installers.sh) compiles the script
against the real bundle; here a stand-in folder of the Windows bundle's shape is enough to
catch script errors in seconds.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NSI = ROOT / "installer" / "zjk.nsi"
MAKENSIS = shutil.which("makensis")
needs_makensis = pytest.mark.skipif(
    MAKENSIS is None,
    reason="makensis not installed (Debian package nsis) — cannot compile the installer script",
)


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "zjk_installer_build", ROOT / "installer" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build = _build_module()


def _section(text: str, name: str) -> str:
    match = re.search(rf'^Section "{re.escape(name)}".*?^SectionEnd', text, re.M | re.S)
    assert match, f"no section {name}"
    return match.group(0)


@needs_makensis
def test_script_compiles_into_a_windows_installer_against_a_standin_payload(tmp_path):
    payload = build.standin_payload(tmp_path / "payload")
    out = build.build_nsis(payload, tmp_path / "zjk-desktop-setup-0.1.0.exe", "0.1.0", fast=True)
    data = out.read_bytes()
    assert data[:2] == b"MZ"  # a Windows executable
    assert b"Nullsoft" in data or b"NSIS" in data


@needs_makensis
def test_script_refuses_to_compile_without_a_payload(tmp_path):
    assert MAKENSIS is not None  # needs_makensis skips this test otherwise
    proc = subprocess.run(
        [MAKENSIS, "-V1", "-INPUTCHARSET", "UTF8", f"-DOUTFILE={tmp_path / 'x.exe'}", str(NSI)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "PAYLOAD" in proc.stdout + proc.stderr
    assert not (tmp_path / "x.exe").exists()


@needs_makensis
def test_a_missing_payload_folder_fails_the_build_with_a_clear_reason(tmp_path):
    with pytest.raises(build.BuildError):
        build.build_nsis(
            tmp_path / "no-such-bundle",
            tmp_path / "zjk-desktop-setup-0.1.0.exe",
            "0.1.0",
            fast=True,
        )


def _function(text: str, name: str) -> str:
    match = re.search(rf"^Function {re.escape(name)}\s*$.*?^FunctionEnd", text, re.M | re.S)
    assert match, f"no function {name}"
    return match.group(0)


def test_install_is_per_user_without_administrator_by_default():
    text = NSI.read_text(encoding="utf-8")
    assert re.search(r"^RequestExecutionLevel user\s*$", text, re.M)
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\', text, re.M)
    on_init = _function(text, ".onInit")
    # Without /ALLUSERS: the current user's shell folders and registry (SHCTX = HKCU).
    default_branch = on_init.split("${Else}")[-1]
    assert "SetShellVarContext current" in default_branch
    # Every registry write follows the install mode; none is pinned to HKCU or HKLM.
    writes = re.findall(r"^\s*(?:WriteReg\w+|DeleteRegKey|ReadRegStr \$\d)\s+(\w+)", text, re.M)
    assert writes and set(writes) == {"SHCTX"}, writes
    # Chinese first: the installer speaks Simplified Chinese by default.
    languages = re.findall(r'MUI_LANGUAGE "(\w+)"', text)
    assert languages[0] == "SimpChinese"


def test_it_staff_can_install_for_all_users_silently_with_administrator_rights_only():
    text = NSI.read_text(encoding="utf-8")
    on_init = _function(text, ".onInit")
    assert '${GetOptions} $R0 "/ALLUSERS"' in on_init
    admin_check = on_init.index("UserInfo::GetAccountType")
    # Not an administrator: stop with a message (silent: default answer) and exit code 2,
    # before anything is switched to the all-users folders.
    assert on_init.index("Quit") < on_init.index("SetShellVarContext all")
    assert admin_check < on_init.index("SetShellVarContext all")
    assert "/SD IDOK" in on_init and "SetErrorLevel 2" in on_init
    assert "$PROGRAMFILES64\\${APP_ID}" in on_init
    # The uninstaller finds out which mode was used from the marker beside it.
    main = _section(text, "!${APP_NAME_ZH}")
    assert '"$INSTDIR\\all-users.txt"' in main
    assert "all-users.txt" in _function(text, "un.onInit")
    assert "SetShellVarContext all" in _function(text, "un.onInit")


def test_installer_and_uninstaller_carry_version_information():
    text = NSI.read_text(encoding="utf-8")
    assert re.search(r'^VIProductVersion "\$\{VERSION\}\.0"', text, re.M)
    assert re.search(r'^VIFileVersion "\$\{VERSION\}\.0"', text, re.M)


def test_shortcuts_and_zjkpkg_association_point_at_the_import():
    main = _section(NSI.read_text(encoding="utf-8"), "!${APP_NAME_ZH}")
    assert "$SMPROGRAMS" in main and "$DESKTOP" in main
    assert r'WriteRegStr SHCTX "Software\Classes\.zjkpkg"' in main
    assert """'"$INSTDIR\\${APP_EXE}" --import "%1"'""" in main


def test_uninstaller_leaves_the_user_data_folder_alone():
    text = NSI.read_text(encoding="utf-8")
    uninstall = _section(text, "Uninstall")
    # The install folder is removed only if empty (plain RMDir), never recursively.
    assert not re.search(r'RMDir\s+/r\s+"\$INSTDIR"', text)
    assert re.search(r'^\s*RMDir "\$INSTDIR"\s*$', uninstall, re.M)
    for line in uninstall.splitlines():
        if re.match(r"\s*(RMDir|Delete)\b", line):
            assert "$LOCALAPPDATA\\zjk" not in line and "$APPDATA" not in line, line
