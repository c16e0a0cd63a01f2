"""The Debian package (统信UOS / 麒麟 offices): desktop entries, MIME type, package layout.

Double-clicking a ``.zjkpkg`` file must open the program's import; the program must be
on PATH; nothing of the user's lives in /opt.  The package is built here from a stand-in
bundle (seconds); .ci/build-installers.sh builds it from the real one.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEB = ROOT / "installer" / "deb"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _build_module():
    spec = importlib.util.spec_from_file_location("zjk_installer_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _build_module()


def _desktop(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DEB / name, encoding="utf-8")
    return parser["Desktop Entry"]


def test_menu_entry_starts_the_program_in_chinese_and_english():
    entry = _desktop("zjk-desktop.desktop")
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "zjk-desktop"
    assert entry["Name[zh_CN]"] == "张家口科技特派员工作平台"
    assert entry["Icon"] == "zjk-desktop"
    assert entry.get("NoDisplay", "false") == "false"
    assert entry["Categories"].endswith(";")


def test_zjkpkg_double_click_runs_the_import():
    entry = _desktop("zjk-desktop-import.desktop")
    assert entry["Exec"] == "zjk-desktop --import %f"
    assert "application/x-zjkpkg" in entry["MimeType"].split(";")
    # Hidden from the menu: launched without a file it would run `--import` with nothing.
    assert entry["NoDisplay"] == "true"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian desktop-file-utils)")
def test_desktop_files_pass_desktop_file_validate():
    for name in ("zjk-desktop.desktop", "zjk-desktop-import.desktop"):
        proc = subprocess.run(["desktop-file-validate", str(DEB / name)], capture_output=True, text=True)
        assert proc.returncode == 0 and "error" not in proc.stdout.lower(), proc.stdout + proc.stderr


def test_mime_type_claims_the_zjkpkg_extension():
    root = ET.parse(DEB / "zjk-desktop-mime.xml").getroot()
    types = root.findall(f"{MIME_NS}mime-type")
    assert [t.get("type") for t in types] == ["application/x-zjkpkg"]
    assert [g.get("pattern") for g in types[0].findall(f"{MIME_NS}glob")] == ["*.zjkpkg"]
    assert any(c.text == "科技特派员同步文件" for c in types[0].findall(f"{MIME_NS}comment"))


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database not installed (Debian shared-mime-info)")
def test_shared_mime_database_maps_zjkpkg_files_to_the_type(tmp_path):
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(DEB / "zjk-desktop-mime.xml", packages / "zjk-desktop.xml")
    proc = subprocess.run(["update-mime-database", str(tmp_path / "mime")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith(":application/x-zjkpkg:*.zjkpkg") for line in globs), globs


def _standin_bundle(folder: Path) -> Path:
    (folder / "_internal").mkdir(parents=True)
    for name in ("zjk", "zjk-desktop"):
        exe = folder / name
        exe.write_text("#!/bin/sh\necho stand-in\n")
        exe.chmod(0o700)  # a strict umask on the build machine must not leak into the package
    (folder / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return folder


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed (Debian dpkg)")
def test_deb_installs_program_in_opt_with_commands_on_path_and_file_association(tmp_path):
    bundle = _standin_bundle(tmp_path / "dist" / "zjk-desktop")
    deb = build.build_deb(bundle, tmp_path / "dist", tmp_path / "work", "0.1.0", fast=True)
    assert deb.name.startswith("zjk-desktop_0.1.0_") and deb.suffix == ".deb"

    control = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(": ", 1) for line in control.splitlines() if ": " in line and not line.startswith(" "))
    assert fields["Package"] == "zjk-desktop"
    assert fields["Version"] == "0.1.0"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert "libxcb-cursor0" in depends  # Qt >= 6.5 will not start on X11 without it
    assert "fonts-wqy-microhei" in depends  # reports embed a Chinese TrueType font

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    for name in ("zjk", "zjk-desktop"):
        link = root / "usr" / "bin" / name
        assert link.is_symlink() and os.readlink(link) == f"/opt/zjk-desktop/{name}"
        assert (root / "opt" / "zjk-desktop" / name).stat().st_mode & 0o755 == 0o755
    share = root / "usr" / "share"
    assert (share / "applications" / "zjk-desktop.desktop").read_bytes() == (DEB / "zjk-desktop.desktop").read_bytes()
    assert (share / "applications" / "zjk-desktop-import.desktop").exists()
    assert (share / "mime" / "packages" / "zjk-desktop.xml").exists()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "zjk-desktop.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (share / "icons" / "hicolor" / "256x256" / "mimetypes" / "application-x-zjkpkg.png").exists()
    # Only the program is packaged: no home folders, no data files.
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True,
                              check=True).stdout
    assert "/home/" not in contents and ".sqlite3" not in contents
    assert all(" root/root " in line for line in contents.splitlines())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux input methods")
def test_fcitx_users_get_the_bundled_ibus_plugin_as_fallback_for_chinese_input():
    from zjk_desktop.gui import app as launcher  # frozen launcher and main.py both run app.main

    env = {"QT_IM_MODULE": "fcitx"}
    launcher.chinese_input_fallback(env)
    assert env["QT_IM_MODULES"] == "fcitx;ibus"
    own = {"QT_IM_MODULE": "fcitx5", "QT_IM_MODULES": "wayland;fcitx5"}
    launcher.chinese_input_fallback(own)
    assert own["QT_IM_MODULES"] == "wayland;fcitx5"  # the user's choice stays
    ibus = {"QT_IM_MODULE": "ibus"}
    launcher.chinese_input_fallback(ibus)
    assert "QT_IM_MODULES" not in ibus
