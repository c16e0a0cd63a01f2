"""Packages for older systems: 统信UOS 20 (glibc 2.28) and 银河麒麟 V10 (glibc 2.31).

A program that needs a newer glibc than the PC has does not start there (``version
`GLIBC_2.34' not found``).  ``installer/check_glibc.py`` reads the symbol versions every
bundled ELF file needs; ``installer/build.py --base glibc-2.28`` fails when one needs more
than the base allows.  The checks on the real build run when ``dist/glibc-2.28/`` holds one.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE_DIST = ROOT / "dist" / "glibc-2.28"
FCITX_PLUGIN = (
    ROOT / "resources/qt-plugins/platforminputcontexts/libfcitx5platforminputcontextplugin.so"
)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "installer" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


check_glibc = _load("check_glibc")
linux_packages = _load("linux_packages")

needs_readelf = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None,
    reason="ELF files and readelf (binutils) on Linux only",
)

READELF_SAMPLE = """
Version symbols section '.gnu.version' contains 5 entries:
 Addr: 0x0000000000000418  Offset: 0x000418  Link: 5 (.dynsym)
  000:   0 (*local*)       2 (GLIBC_2.34)    3 (GLIBC_2.2.5)   1 (*global*)

Version needs section '.gnu.version_r' contains 2 entries:
 Addr: 0x0000000000000430  Offset: 0x000430  Link: 6 (.dynstr)
  000000: Version: 1  File: libc.so.6  Cnt: 2
  0x0010:   Name: GLIBC_2.34  Flags: none  Version: 2
  0x0020:   Name: GLIBC_2.2.5  Flags: none  Version: 3
  0x0030: Version: 1  File: libstdc++.so.6  Cnt: 2
  0x0040:   Name: GLIBCXX_3.4.30  Flags: none  Version: 4
  0x0050:   Name: CXXABI_1.3.9  Flags: none  Version: 5
"""


def test_version_needs_are_read_per_library_from_readelf():
    needs = check_glibc.parse_version_needs(READELF_SAMPLE)
    assert needs == {
        "libc.so.6": {"GLIBC_2.34", "GLIBC_2.2.5"},
        "libstdc++.so.6": {"GLIBCXX_3.4.30", "CXXABI_1.3.9"},
    }
    # Versions compare as numbers: 2.34 is newer than 2.4, 3.4.30 than 3.4.4.
    assert check_glibc.parse_version("2.34") > check_glibc.parse_version("2.4")
    assert check_glibc.parse_version("3.4.30") > check_glibc.parse_version("3.4.4")


@needs_readelf
def test_a_program_needing_a_newer_glibc_than_the_limit_fails_the_check(tmp_path):
    # The build machine's own `true` needs the build machine's glibc: a limit just below
    # what it needs fails the check, the limit it needs passes it.
    true = Path(shutil.which("true") or "/bin/true").resolve()
    shutil.copy(true, tmp_path / "true")
    found, _ = check_glibc.check(tmp_path, {"GLIBC": (99, 0)})
    (needs,) = found
    glibc = needs.highest["GLIBC"]
    assert glibc >= (2, 2)
    too_low = (*glibc[:-1], glibc[-1] - 1)
    _, bad = check_glibc.check(tmp_path, {"GLIBC": too_low})
    assert [n.path.name for n in bad] == ["true"]
    _, bad = check_glibc.check(tmp_path, {"GLIBC": glibc})
    assert bad == []
    # The command line says the same, in one line a person reads, and exits non-zero.
    shown = ".".join(map(str, too_low))
    proc = subprocess.run(
        [sys.executable, ROOT / "installer" / "check_glibc.py", tmp_path, "--max-glibc", shown],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "TOO NEW: true: GLIBC_" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1].lstrip().startswith("FAIL: 1 of 1 ELF files")


@needs_readelf
@pytest.mark.skipif(not FCITX_PLUGIN.exists(), reason="no fcitx plugin in resources/")
def test_libstdcxx_needs_count_only_when_the_system_provides_libstdcxx(tmp_path):
    # The bundled fcitx plugin (C++) needs libstdc++ symbol versions: from the target PC's
    # libstdc++ when the bundle has none, from the bundle's own copy otherwise.
    shutil.copy(FCITX_PLUGIN, tmp_path / FCITX_PLUGIN.name)
    found, _ = check_glibc.check(tmp_path, check_glibc.limits_for("glibc-2.28"))
    assert "GLIBCXX" in found[0].highest
    # GCC 8 (Debian 10 / UOS 20) has GLIBCXX_3.4.25: the committed plugin must not need more.
    assert found[0].highest["GLIBCXX"] <= (3, 4, 25)
    assert found[0].highest["GLIBC"] <= (2, 28)

    (tmp_path / "libstdc++.so.6").write_bytes(b"not an ELF file, but a bundled name\n")
    found, _ = check_glibc.check(tmp_path, check_glibc.limits_for("glibc-2.28"))
    (plugin,) = [n for n in found if n.path.name == FCITX_PLUGIN.name]
    assert "GLIBCXX" not in plugin.highest
    assert "GLIBC" in plugin.highest  # libc is never the bundle's


def test_depends_for_older_systems_names_their_packages_and_the_base_glibc():
    computed = ["libc6 (>= 2.17)", "libgcc-s1 (>= 3.0)", "libstdc++6 (>= 10.2)", "libx11-6"]
    out = linux_packages.depends_for_older_systems(computed, "glibc-2.28")
    assert out == [
        "libc6 (>= 2.28)",
        "libgcc-s1 (>= 3.0) | libgcc1",  # Debian 10 / UOS 20 call it libgcc1
        "libstdc++6 (>= 8)",  # Debian 10 has GCC 8's libstdc++ (8.3)
        "libx11-6",
    ]
    # A library the bundle carries needs no package (older systems may lack libxcb-cursor0);
    # one it does not carry still does.
    out = linux_packages.depends_for_older_systems(
        ["libxcb-cursor0", "libxkbcommon-x11-0", "libqt6core6 (>= 6.4.0)", "libfontconfig1"],
        "glibc-2.28",
        bundled={"libxcb-cursor.so.0", "libQt6Core.so.6"},
    )
    assert out == ["libxkbcommon-x11-0", "libfontconfig1"]


# ---------------------------------------------------------------- the real base build
@needs_readelf
@pytest.mark.skipif(
    not (BASE_DIST / "zjk-desktop").is_dir(),
    reason="no base build in dist/glibc-2.28 (installer/build.py --base glibc-2.28)",
)
def test_base_bundle_needs_at_most_glibc_2_28_and_gcc_8():
    found, bad = check_glibc.check(BASE_DIST / "zjk-desktop", check_glibc.limits_for("glibc-2.28"))
    assert len(found) > 50  # the whole program: Python, Qt, the wheels' libraries
    assert [str(n.path) for n in bad] == []
    assert check_glibc.summary(found)["GLIBC"] <= (2, 28)


@pytest.mark.skipif(
    not list(BASE_DIST.glob("*.deb")) or shutil.which("dpkg-deb") is None,
    reason="no base .deb in dist/glibc-2.28 (installer/build.py --base glibc-2.28)",
)
def test_base_packages_depend_on_glibc_2_28_and_stay_under_80_mb():
    debs = sorted(BASE_DIST.glob("*.deb"))
    for deb in debs:
        control = subprocess.run(
            ["dpkg-deb", "--field", str(deb), "Depends"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        depends = [d.strip() for d in control.split(",")]
        assert "libc6 (>= 2.28)" in depends, deb.name
        assert not any(d.startswith("libgcc-s1") and "libgcc1" not in d for d in depends)
        # Nothing Debian 10 / 统信UOS 20 lacks: Debian's own Qt 6, libstdc++ newer than GCC 8.
        names = {d.split()[0] for d in depends}
        assert not names & {"libqt6core6", "libqt6dbus6", "libqt6gui6"}, deb.name
        assert "libstdc++6 (>= 8)" in depends, deb.name
        assert deb.stat().st_size < 80e6, deb.name
