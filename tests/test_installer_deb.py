"""The Linux packages (county offices, 统信UOS app store, 麒麟): layout, metadata, lintian.

Double-clicking a ``.zjkpkg`` file must open the program's import; the program must be
on PATH (deb flavour); the UOS flavour keeps everything under /opt/apps/<appid>; lintian
finds nothing that is not overridden with a reason.  The packages are built here from a
stand-in bundle (seconds); .ci/build-installers.sh builds and lints them from the real one.
"""

from __future__ import annotations

import configparser
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEB = ROOT / "installer" / "deb"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "zjk_installer_build", ROOT / "installer" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _build_module()
linux_packages = sys.modules["linux_packages"]  # installer/linux_packages.py, imported by build.py


class CaseSensitiveConfig(configparser.ConfigParser):
    """A .desktop file's keys are case-sensitive (``Name`` and ``name`` differ)."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _desktop(name: str) -> configparser.SectionProxy:
    parser = CaseSensitiveConfig(interpolation=None, strict=True)
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


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (Debian desktop-file-utils)",
)
def test_desktop_files_pass_desktop_file_validate():
    for name in ("zjk-desktop.desktop", "zjk-desktop-import.desktop"):
        proc = subprocess.run(
            ["desktop-file-validate", str(DEB / name)], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0 and "error" not in proc.stdout.lower(), (
            proc.stdout + proc.stderr
        )


def test_mime_type_claims_the_zjkpkg_extension():
    root = ET.parse(DEB / "zjk-desktop-mime.xml").getroot()
    types = root.findall(f"{MIME_NS}mime-type")
    assert [t.get("type") for t in types] == ["application/x-zjkpkg"]
    assert [g.get("pattern") for g in types[0].findall(f"{MIME_NS}glob")] == ["*.zjkpkg"]
    assert any(c.text == "科技特派员同步文件" for c in types[0].findall(f"{MIME_NS}comment"))


@pytest.mark.skipif(
    shutil.which("update-mime-database") is None,
    reason="update-mime-database not installed (Debian shared-mime-info)",
)
def test_shared_mime_database_maps_zjkpkg_files_to_the_type(tmp_path):
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(DEB / "zjk-desktop-mime.xml", packages / "zjk-desktop.xml")
    proc = subprocess.run(
        ["update-mime-database", str(tmp_path / "mime")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith(":application/x-zjkpkg:*.zjkpkg") for line in globs), globs


def _standin_bundle(folder: Path) -> Path:
    (folder / "_internal").mkdir(parents=True)
    for name in ("zjk", "zjk-desktop"):
        exe = folder / name
        exe.write_text("#!/bin/sh\necho stand-in\n")
        exe.chmod(0o700)  # a strict umask on the build machine must not leak into the package
    with zipfile.ZipFile(folder / "_internal" / "base_library.zip", "w") as zf:
        zf.writestr("os.pyc", b"stand-in")
    lib = folder / "_internal" / "libstandin.so.1"
    lib.write_bytes(b"not really a library")
    lib.chmod(0o755)  # PyInstaller copies libraries executable; Debian wants them 0644
    return folder


def _info(version: str = "0.1.0", build_number: int = 7):
    return linux_packages.PackageInfo(
        version=version,
        arch=build.deb_architecture(),
        build_number=build_number,
        maintainer=linux_packages.DEFAULT_MAINTAINER,
        timestamp=1_790_000_000,
    )


DEPENDS = linux_packages.merge_depends(["libc6 (>= 2.34)"], linux_packages.EXTRA_DEPENDS)
needs_dpkg = pytest.mark.skipif(
    shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed (Debian dpkg)"
)


def _fields(deb: Path) -> dict[str, str]:
    control = subprocess.run(
        ["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    return dict(
        line.split(": ", 1)
        for line in control.splitlines()
        if ": " in line and not line.startswith(" ")
    )


@pytest.fixture(scope="module")
def standin_debs(tmp_path_factory):
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb not installed (Debian dpkg)")
    tmp = tmp_path_factory.mktemp("debs")
    bundle = _standin_bundle(tmp / "dist" / "zjk-desktop")
    debs = {}
    for flavour in linux_packages.FLAVOURS:
        debs[flavour], _ = linux_packages.build_package(
            flavour, bundle, tmp / "dist", tmp / "work", _info(), fast=True, depends=DEPENDS
        )
    return debs


def _extract(deb: Path, root: Path) -> Path:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


@needs_dpkg
def test_deb_puts_the_program_in_usr_lib_with_commands_on_path_and_file_association(
    standin_debs, tmp_path
):
    deb = standin_debs["deb"]
    assert deb.name == f"zjk-desktop_0.1.0-1_{build.deb_architecture()}.deb"
    fields = _fields(deb)
    assert fields["Package"] == "zjk-desktop"
    assert fields["Version"] == "0.1.0-1"
    assert "localhost" not in fields["Maintainer"]
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert any(d.startswith("libc6") for d in depends)  # lintian: missing-dependency-on-libc
    assert "libxcb-cursor0" in depends  # Qt >= 6.5 will not start on X11 without it
    assert "fonts-wqy-microhei" in depends  # reports embed a Chinese TrueType font

    root = _extract(deb, tmp_path / "root")
    for name in ("zjk", "zjk-desktop"):
        link = root / "usr" / "bin" / name
        assert link.is_symlink() and os.readlink(link) == f"../lib/zjk-desktop/{name}"
        assert (root / "usr" / "lib" / "zjk-desktop" / name).stat().st_mode & 0o777 == 0o755
    # Shared libraries are not executable (lintian: shared-library-is-executable).
    assert (
        root / "usr" / "lib" / "zjk-desktop" / "_internal" / "libstandin.so.1"
    ).stat().st_mode & 0o777 == 0o644
    assert not (root / "opt").exists()
    share = root / "usr" / "share"
    assert (share / "applications" / "zjk-desktop.desktop").read_bytes() == (
        DEB / "zjk-desktop.desktop"
    ).read_bytes()
    assert (share / "applications" / "zjk-desktop-import.desktop").exists()
    assert (share / "mime" / "packages" / "zjk-desktop.xml").exists()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "zjk-desktop.png").read_bytes()[
        :8
    ] == b"\x89PNG\r\n\x1a\n"
    assert (
        share / "icons" / "hicolor" / "256x256" / "mimetypes" / "application-x-zjkpkg.png"
    ).exists()
    assert (share / "metainfo" / "cn.zjk.kjtpy.metainfo.xml").exists()
    assert (share / "lintian" / "overrides" / "zjk-desktop").exists()
    # Only the program is packaged: no home folders, no data files, owned by root.
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "/home/" not in contents and ".sqlite3" not in contents
    assert all(" root/root " in line for line in contents.splitlines())


@needs_dpkg
def test_deb_documents_itself_changelog_copyright_and_man_pages(standin_debs, tmp_path):
    root = _extract(standin_debs["deb"], tmp_path / "root")
    doc = root / "usr" / "share" / "doc" / "zjk-desktop"
    changelog = gzip.decompress((doc / "changelog.Debian.gz").read_bytes()).decode("utf-8")
    assert changelog.startswith("zjk-desktop (0.1.0-1) ")
    copyright_text = (doc / "copyright").read_text(encoding="utf-8")
    assert copyright_text.startswith(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    )
    for component, licence in (
        ("PySide6", "LGPL-3"),
        ("reportlab", "BSD-3-clause"),
        ("cryptography", "Apache-2.0"),
        ("libpython3", "PSF-2.0"),
    ):
        stanza = next(
            p for p in copyright_text.split("\n\n") if p.startswith("Files:") and component in p
        )
        assert licence in stanza and "Copyright:" in stanza, component
    for prog, option in (("zjk", "--db"), ("zjk-desktop", "--smoke")):
        page = gzip.decompress(
            (root / "usr" / "share" / "man" / "man1" / f"{prog}.1.gz").read_bytes()
        ).decode()
        assert page.startswith(".TH") and option.replace("-", "\\-") in page, prog


def test_man_page_of_zjk_lists_the_subcommands_of_the_real_parser():
    page = gzip.decompress(linux_packages.man_pages("0.1.0")["zjk.1.gz"]).decode("utf-8")
    for command in ("init", "record", "demo", "export", "import", "report"):
        assert f"zjk {command}" in page.replace("\\fR \\fI\\,", " ").replace("\\", ""), command


@needs_dpkg
def test_uos_flavour_lives_under_opt_apps_with_entries_files_and_info(standin_debs, tmp_path):
    deb = standin_debs["uos"]
    fields = _fields(deb)
    assert fields["Package"] == "cn.zjk.kjtpy"
    assert fields["Version"] == "0.1.0.7"  # MAJOR.MINOR.PATCH.BUILD
    root = _extract(deb, tmp_path / "root")
    assert sorted(p.name for p in root.iterdir()) == ["opt"]  # nothing outside /opt/apps/<appid>
    base = root / "opt" / "apps" / "cn.zjk.kjtpy"
    assert sorted(p.name for p in base.iterdir()) == ["entries", "files", "info"]
    info = json.loads((base / "info").read_text(encoding="utf-8"))
    assert info["appid"] == "cn.zjk.kjtpy" and info["version"] == "0.1.0.7"
    assert info["name"] == "张家口科技特派员工作平台"
    assert info["arch"] == [build.deb_architecture()]
    assert set(info["permissions"]) >= {"autostart", "notification", "trayicon", "clipboard"}
    assert not any(info["permissions"].values())
    assert (base / "files" / "zjk").stat().st_mode & 0o777 == 0o755
    desktop = CaseSensitiveConfig(interpolation=None, strict=True)
    desktop.read(base / "entries" / "applications" / "cn.zjk.kjtpy.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert (
        entry["Exec"] == "/opt/apps/cn.zjk.kjtpy/files/zjk-desktop %F"
    )  # a double-clicked .zjkpkg is imported
    assert entry["Icon"] == "cn.zjk.kjtpy"
    assert "application/x-zjkpkg" in entry["MimeType"].split(";")
    assert (
        base / "entries" / "icons" / "hicolor" / "256x256" / "apps" / "cn.zjk.kjtpy.png"
    ).exists()
    assert (base / "entries" / "mime" / "packages" / "cn.zjk.kjtpy.xml").exists()
    # No maintainer scripts: the store refuses packages that change the system.
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    assert sorted(p.name for p in control.iterdir()) == ["control", "md5sums"]


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (Debian desktop-file-utils)",
)
def test_uos_desktop_entry_passes_desktop_file_validate(tmp_path):
    path = tmp_path / "cn.zjk.kjtpy.desktop"
    path.write_text(linux_packages.uos_desktop_entry(), encoding="utf-8")
    proc = subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "error" not in proc.stdout.lower(), proc.stdout + proc.stderr


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="appstreamcli not installed (Debian appstream)"
)
def test_appstream_metainfo_validates(tmp_path):
    xml = tmp_path / "cn.zjk.kjtpy.metainfo.xml"
    xml.write_text(linux_packages.metainfo(_info(), "zjk-desktop.desktop"), encoding="utf-8")
    assert linux_packages.appstream_validate(xml) == []
    broken = tmp_path / "broken.metainfo.xml"
    broken.write_text(
        xml.read_text(encoding="utf-8")
        .replace("<summary>", "<summary>.")
        .replace("<launchable", "<launchabl")
        .replace("</launchable>", "</launchabl>"),
        encoding="utf-8",
    )
    assert linux_packages.appstream_validate(broken)  # the check does see problems


@pytest.mark.skipif(
    shutil.which("lintian") is None, reason="lintian not installed (Debian lintian)"
)
@needs_dpkg
def test_lintian_finds_no_error_or_warning_that_is_not_overridden(standin_debs):
    result = linux_packages.lintian(standin_debs["deb"])
    assert result.errors == [] and result.warnings == [], "\n".join(result.errors + result.warnings)
    uos = linux_packages.lintian(standin_debs["uos"], accept=linux_packages.uos_lintian_accepted())
    assert uos.errors == [] and uos.warnings == [], "\n".join(uos.errors + uos.warnings)


def test_lintian_findings_fail_unless_overridden():
    out = (
        "E: zjk-desktop: bogus-mail-host Maintainer x@localhost\n"
        "W: zjk-desktop: no-manual-page [usr/bin/zjk]\n"
        "O: zjk-desktop: embedded-library zlib [usr/lib/zjk-desktop/_internal/libz.so.1]\n"
        "I: zjk-desktop: spelling-error-in-binary teh the [usr/lib/zjk-desktop/zjk]\n"
        "E: cn.zjk.kjtpy: dir-or-file-in-opt [opt/apps/]\n"
    )

    def fake_lintian(cmd, **kwargs):
        return subprocess.CompletedProcess(cmd, 2, stdout=out, stderr="")

    if shutil.which("lintian") is None:
        pytest.skip("lintian not installed (Debian lintian)")
    result = linux_packages.lintian(Path("x.deb"), runner=fake_lintian)
    assert len(result.errors) == 2 and len(result.warnings) == 1 and result.overridden == 1
    assert not result.ok
    accepted = linux_packages.lintian(
        Path("x.deb"), accept=linux_packages.uos_lintian_accepted(), runner=fake_lintian
    )
    assert len(accepted.errors) == 1 and accepted.accepted


def test_every_lintian_override_says_why():
    lines = (DEB / "lintian-overrides").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("zjk-desktop:"):
            assert i > 0 and lines[i - 1].startswith("# ") and len(lines[i - 1]) > 20, line
    # The UOS flavour accepts the same bundled-application tags, with the same reasons.
    accepted = linux_packages.uos_lintian_accepted()
    assert accepted["embedded-library"] == linux_packages.override_reasons()["embedded-library"]
    assert accepted["embedded-library"].startswith("The program carries its own copies")
    assert all(len(reason) > 20 for reason in accepted.values())


def test_depends_keeps_one_entry_per_package_and_always_libc():
    merged = linux_packages.merge_depends(
        ["libx11-6", "libxcb-cursor0 (>= 0.0.99)"], ["libxcb-cursor0", "fonts-wqy-microhei"]
    )
    assert merged == ["fonts-wqy-microhei", "libc6", "libx11-6", "libxcb-cursor0 (>= 0.0.99)"]


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


def test_an_oversized_artefact_fails_the_build_with_one_line():
    build.check_size("the unpacked bundle", 150_000_000, build.BUNDLE_LIMIT)  # within: no error
    with pytest.raises(build.BuildError) as raised:
        build.check_size("the .deb (deb flavour)", 80_400_000, build.DEB_LIMIT)
    assert str(raised.value) == (
        "the .deb (deb flavour) is 80.4 MB, over the 80.0 MB limit (README, 安装包)"
    )
