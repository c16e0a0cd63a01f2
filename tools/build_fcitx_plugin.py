#!/usr/bin/env python3
"""Build the fcitx input-context plugin for exactly the Qt inside the pinned PySide6 wheel.

Why: the PySide6 wheel ships no fcitx plugin, so Qt falls back to plain key input and
users of fcitx 4 (UOS 20, Kylin V10) or fcitx 5 without its IBus frontend cannot type
Chinese.  A platform input-context plugin uses Qt's *private* API, so it only loads into
the Qt version it was compiled for: Debian's ``fcitx5-frontend-qt6`` (Qt 6.4) does not
load into the wheel's Qt.  This script compiles fcitx5-qt's Qt 6 plugin (the sources in
``tools/fcitx5-qt/``, upstream tag 5.1.9, built as with ``-DBUILD_ONLY_PLUGIN=ON
-DENABLE_X11=ON -DENABLE_QT6_WAYLAND_WORKAROUND=OFF``) against:

* Qt's headers, public and private, of the wheel's exact Qt version, from Debian's
  ``qt6-base-dev`` and ``qt6-base-private-dev`` of the suite that carries that version
  (``QT_HEADER_SUITES``), fetched with apt-get into a scratch apt folder (the machine's
  own apt setup is not touched);
* the wheel's own ``libQt6*.so.6`` to link against, so the plugin's private-API symbols
  are resolved by the very libraries it runs in;
* ``moc`` of Debian's ``qt6-base-dev-tools`` (any Qt 6 moc with the same output
  revision: the compile fails loudly if the revision differs).

The result, ``resources/qt-plugins/platforminputcontexts/libfcitx5platforminputcontextplugin.so``
plus ``resources/qt-plugins/fcitx-plugin.json`` (the Qt version it was built for, read by
``zjk_desktop.gui.app`` before loading it), is committed, so ``python main.py`` from a
checkout and the frozen program (``installer/zjk.spec`` ships ``resources/`` whole) get it.
Run this script again after changing the PySide6 pin; ``--check`` rebuilds into a
temporary folder and fails if the result differs from the committed plugin (CI).

Needs (Debian): g++, qt6-base-dev-tools, libxkbcommon-dev, libxcb1-dev, apt-get, dpkg.
Takes about a minute on two cores.

``--arch arm64`` cross-compiles the plugin for the arm64 bundle (installer/arm64.py) on the
amd64 machine, at native speed (compiling under emulation would take hours): Debian's
``g++-aarch64-linux-gnu``, the arm64 qt6-base headers, the arm64 wheel's ``libQt6*.so.6``
(``pip download`` of the pinned PySide6-Essentials for manylinux aarch64) and Debian's arm64
libxkbcommon/libxcb to link against.  The result goes to ``resources/qt-plugins-arm64``;
``installer/zjk.spec`` ships that folder as ``resources/qt-plugins`` in an arm64 bundle.

    .venv/bin/python tools/build_fcitx_plugin.py            # build and install into resources/
    .venv/bin/python tools/build_fcitx_plugin.py --check    # CI: rebuild, compare
    .venv/bin/python tools/build_fcitx_plugin.py --arch arm64   # resources/qt-plugins-arm64
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "fcitx5-qt"
FCITX5_QT_VERSION = "5.1.9"
OUT_DIR = ROOT / "resources" / "qt-plugins"
PLUGIN_NAME = "libfcitx5platforminputcontextplugin.so"
INFO_NAME = "fcitx-plugin.json"
# Debian suite whose qt6-base packages carry the headers of a given Qt version.
QT_HEADER_SUITES = {"6.8.2": "trixie"}
DEBIAN_MIRROR = "http://deb.debian.org/debian"
ARCH_TRIPLET = "x86_64-linux-gnu"


class Target:
    """What differs between the native amd64 build and the arm64 cross build."""

    def __init__(self, arch: str):
        self.arch = arch
        self.native = arch == "amd64"
        self.triplet = ARCH_TRIPLET if self.native else "aarch64-linux-gnu"
        self.cxx = "g++" if self.native else "aarch64-linux-gnu-g++"
        self.out_dir = OUT_DIR if self.native else OUT_DIR.with_name(f"qt-plugins-{arch}")
        # the cache folders of the amd64 build keep their names
        self.suffix = "" if self.native else f"-{arch}"


TARGETS = {"amd64": Target("amd64"), "arm64": Target("arm64")}
MOC = Path("/usr/lib/qt6/libexec/moc")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "zjk-build"

# The plugin, as upstream's qt6/platforminputcontext/CMakeLists.txt lists it, plus the
# D-Bus addons library that BUILD_ONLY_PLUGIN links in as object files.
PLUGIN_SOURCES = [
    "qt6/platforminputcontext/" + name
    for name in (
        "fcitx4watcher.cpp",
        "fcitx4inputcontextproxy.cpp",
        "fcitx4inputcontextproxyimpl.cpp",
        "fcitx4inputmethodproxy.cpp",
        "hybridinputcontext.cpp",
        "qfcitxplatforminputcontext.cpp",
        "fcitxcandidatewindow.cpp",
        "fcitxtheme.cpp",
        "font.cpp",
        "qtkey.cpp",
        "main.cpp",
    )
] + [
    "qt6/dbusaddons/" + name
    for name in (
        "fcitxqtwatcher.cpp",
        "fcitxqtdbustypes.cpp",
        "fcitxqtinputcontextproxy.cpp",
        "fcitxqtinputcontextproxyimpl.cpp",
        "fcitxqtinputmethodproxy.cpp",
        "fcitxqtcontrollerproxy.cpp",
    )
]
QT_MODULES = ("QtCore", "QtGui", "QtDBus", "QtWidgets")
QT_LIBS = ("libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6DBus.so.6", "libQt6Core.so.6")

# GCC >= 11 emits calls to std::__throw_bad_array_new_length, which needs GLIBCXX_3.4.29
# (libstdc++ of GCC 11); UOS 20 and Kylin V10 carry GCC 8/9's.  A local definition keeps the
# plugin loadable there (it throws what libstdc++'s own would).
COMPAT_SOURCE = """\
/* Written by tools/build_fcitx_plugin.py: see COMPAT_SOURCE there. */
#include <new>
namespace std {
void __throw_bad_array_new_length() { throw std::bad_array_new_length(); }
}
"""
# Only Qt's two plugin entry points are exported; everything else (including the
# definition above) stays inside the plugin.
VERSION_SCRIPT = "{ global: qt_plugin_instance; qt_plugin_query_metadata_v2; local: *; };\n"

EXPORT_HEADER = """\
/* Written by tools/build_fcitx_plugin.py: the D-Bus addons are linked into the plugin. */
#ifndef FCITX5QT6DBUSADDONS_EXPORT_H
#define FCITX5QT6DBUSADDONS_EXPORT_H
#define FCITX5QT6DBUSADDONS_EXPORT
#define FCITX5QT6DBUSADDONS_NO_EXPORT
#endif
"""


class BuildError(Exception):
    pass


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise BuildError(f"{' '.join(map(str, cmd[:3]))} … failed:\n{result.stdout}{result.stderr}")
    return result


def wheel_qt() -> tuple[str, Path]:
    """The Qt version of the installed PySide6 and the folder holding its libQt6*.so.6."""
    import PySide6
    from PySide6 import QtCore

    lib_dir = Path(PySide6.__file__).resolve().parent / "Qt" / "lib"
    if not (lib_dir / "libQt6Core.so.6").exists():
        raise BuildError(f"no libQt6Core.so.6 in {lib_dir}")
    return QtCore.qVersion(), lib_dir


def _apt_options(apt_root: Path, arch: str = "amd64") -> list[str]:
    return [
        f"-oDir::Etc::SourceList={apt_root / 'sources.list'}",
        "-oDir::Etc::SourceParts=/nonexistent",
        f"-oDir::State::Lists={apt_root / 'lists'}",
        f"-oDir::Cache={apt_root / 'cache'}",
        f"-oDir::Etc::Preferences={apt_root / 'preferences'}",
        "-oDir::Etc::PreferencesParts=/nonexistent",
        f"-oAPT::Architecture={arch}",  # what apt-get download fetches
        f"-oAPT::Architectures::={arch}",
        "-oAcquire::Languages=none",
        "-oAPT::Sandbox::User=root" if os.geteuid() == 0 else "-oDebug::NoLocking=1",
    ]


def _scratch_apt(suite: str, target: Target) -> list[str]:
    """apt-get options for a scratch apt folder of ``suite`` and the target's architecture."""
    apt_root = CACHE / f"apt-{suite}{target.suffix}"
    for sub in ("lists/partial", "cache/archives/partial"):
        (apt_root / sub).mkdir(parents=True, exist_ok=True)
    (apt_root / "sources.list").write_text(
        "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
        f"{DEBIAN_MIRROR} {suite} main\n"
    )
    return _apt_options(apt_root, target.arch)


def cross_link_libraries(target: Target) -> list[str]:
    """The arm64 libxkbcommon and libxcb to link against (Debian trixie's, by file)."""
    cache = CACHE / f"link-libs{target.suffix}"
    libs = [
        cache / "usr/lib" / target.triplet / name for name in ("libxkbcommon.so.0", "libxcb.so.1")
    ]
    if not all(lib.exists() for lib in libs):
        options = _scratch_apt("trixie", target)
        run(["apt-get", *options, "-qq", "update"])
        with tempfile.TemporaryDirectory() as tmp:
            run(
                [
                    "apt-get",
                    *options,
                    "download",
                    "libxkbcommon0",
                    "libxcb1",
                    "libxau6",
                    "libxdmcp6",
                    "libbsd0",
                    "libmd0",
                ],
                cwd=tmp,
            )
            for deb in sorted(Path(tmp).glob("*.deb")):
                run(["dpkg-deb", "-x", str(deb), str(cache)])
    missing = [str(lib) for lib in libs if not lib.exists()]
    if missing:
        raise BuildError(f"not found after unpacking: {', '.join(missing)}")
    return [str(lib) for lib in libs] + [f"-Wl,-rpath-link,{cache / 'usr/lib' / target.triplet}"]


def cross_wheel_qt(target: Target) -> tuple[str, Path]:
    """The pinned PySide6's Qt version and its libQt6*.so.6 from the arm64 wheel."""
    import zipfile
    from importlib.metadata import version

    from PySide6 import QtCore

    pin = version("PySide6-Essentials")
    lib_dir = CACHE / f"pyside6-{pin}{target.suffix}" / "lib"
    if not all((lib_dir / lib).exists() for lib in QT_LIBS):
        with tempfile.TemporaryDirectory() as tmp:
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--platform",
                    "manylinux_2_39_aarch64",
                    "--python-version",
                    "3.13",
                    "--implementation",
                    "cp",
                    "-d",
                    tmp,
                    f"PySide6-Essentials=={pin}",
                ]
            )
            wheel = next(Path(tmp).glob("*.whl"))
            lib_dir.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(wheel) as zf:
                for lib in QT_LIBS:
                    (lib_dir / lib).write_bytes(zf.read(f"PySide6/Qt/lib/{lib}"))
    return QtCore.qVersion(), lib_dir


def qt_headers(qt_version: str, target: Target = TARGETS["amd64"]) -> tuple[Path, str]:
    """Unpacked qt6-base-dev + qt6-base-private-dev of ``qt_version``; (include dir, deb version)."""
    suite = QT_HEADER_SUITES.get(qt_version)
    if suite is None:
        raise BuildError(
            f"no Debian suite known for Qt {qt_version} headers "
            f"(known: {', '.join(QT_HEADER_SUITES)}); pin PySide6 to one of those"
        )
    cache = CACHE / f"qt6-headers-{qt_version}{target.suffix}"
    stamp = cache / "deb-version"
    if not stamp.exists():
        options = _scratch_apt(suite, target)
        print(f"fetching Qt {qt_version} headers from Debian {suite} …", flush=True)
        run(["apt-get", *options, "-qq", "update"])
        policy = run(["apt-cache", *options, "policy", "qt6-base-private-dev"]).stdout
        candidate = next(
            (line.split()[1] for line in policy.splitlines() if "Candidate:" in line), ""
        )
        if not candidate.startswith(qt_version + "+"):
            raise BuildError(
                f"Debian {suite} has qt6-base {candidate or 'nothing'}, not Qt {qt_version}"
            )
        with tempfile.TemporaryDirectory() as tmp:
            run(
                [
                    "apt-get",
                    *options,
                    "download",
                    f"qt6-base-dev={candidate}",
                    f"qt6-base-private-dev={candidate}",
                ],
                cwd=tmp,
            )
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir(parents=True)
            for deb in sorted(Path(tmp).glob("*.deb")):
                run(["dpkg-deb", "-x", str(deb), str(cache)])
        stamp.write_text(candidate)
    include = cache / "usr" / "include" / target.triplet / "qt6"
    if not (include / "QtGui" / qt_version / "QtGui" / "private").is_dir():
        raise BuildError(f"no private QtGui headers for Qt {qt_version} under {include}")
    return include, stamp.read_text().strip()


def compile_flags(include: Path, qt_version: str, build: Path) -> list[str]:
    flags = [
        "-DQT_NO_DEBUG",
        "-DQT_CORE_LIB",
        "-DQT_GUI_LIB",
        "-DQT_DBUS_LIB",
        "-DQT_WIDGETS_LIB",
        "-DENABLE_X11",
        "-DFCITX5_QT_WITH_FCITX_NAME",
        f'-DFCITX5_QT_VERSION="{FCITX5_QT_VERSION}"',
        "-DFCITX5QT6DBUSADDONS_STATIC_DEFINE",
        # read by moc only (Q_PLUGIN_METADATA FILE): the plugin's keys "fcitx", "fcitx5"
        '-DFCITX_PLUGIN_DATA_FILE_PATH="fcitx5.json"',
        f"-I{build}",
        f"-I{SOURCE / 'common'}",
        f"-I{SOURCE / 'qt6' / 'dbusaddons'}",
        f"-I{SOURCE / 'qt6' / 'platforminputcontext'}",
        f"-I{include}",
    ]
    for module in QT_MODULES:
        flags += [f"-I{include / module}"]
    for module in ("QtCore", "QtGui"):
        flags += [
            f"-I{include / module / qt_version}",
            f"-I{include / module / qt_version / module}",
        ]
    return flags


def build_plugin(output: Path, target: Target = TARGETS["amd64"]) -> dict:
    """Compile and link the plugin into ``output``; return what it was built from."""
    qt_version, qt_lib_dir = wheel_qt() if target.native else cross_wheel_qt(target)
    include, deb_version = qt_headers(qt_version, target)
    link_libs = ["-lxkbcommon", "-lxcb"] if target.native else cross_link_libraries(target)
    if shutil.which(target.cxx) is None:
        raise BuildError(f"{target.cxx} missing: apt-get install g++-{target.triplet}")
    if not MOC.exists():
        raise BuildError(f"{MOC} missing: apt-get install qt6-base-dev-tools")
    with tempfile.TemporaryDirectory(prefix="zjk-fcitx-") as tmp:
        build = Path(tmp)
        (build / "fcitx5qt6dbusaddons_export.h").write_text(EXPORT_HEADER)
        template = (SOURCE / "qt6" / "platforminputcontext" / "fcitx5.json.in").read_text()
        (build / "fcitx5.json").write_text(
            template.replace("@FCITX5_QT_EXTRA_PLUGIN_NAME@", '"fcitx",')
        )
        (build / "zjk_compat.cpp").write_text(COMPAT_SOURCE)
        (build / "plugin.map").write_text(VERSION_SCRIPT)
        flags = compile_flags(include, qt_version, build)
        sources = [SOURCE / rel for rel in PLUGIN_SOURCES] + [build / "zjk_compat.cpp"]
        # moc every header with Q_OBJECT, as CMake's AUTOMOC does
        for header in sorted(SOURCE.glob("qt6/*/*.h")):
            if "Q_OBJECT" in header.read_text():
                moc_cpp = build / f"moc_{header.stem}.cpp"
                run(
                    [
                        str(MOC),
                        *[f for f in flags if f.startswith(("-D", "-I"))],
                        f"-I{build}",
                        str(header),
                        "-o",
                        str(moc_cpp),
                    ],
                    cwd=build,
                )
                sources.append(moc_cpp)
        cxx = [
            target.cxx,
            "-std=c++17",
            "-O2",
            "-fPIC",
            "-fvisibility=hidden",
            "-fvisibility-inlines-hidden",
            "-Wall",
            "-Wno-deprecated-declarations",
            # reproducible: no build paths in the output
            f"-ffile-prefix-map={build}=build",
            f"-ffile-prefix-map={ROOT}=.",
            f"-ffile-prefix-map={include}=qt6",
            *flags,
        ]

        def compile_one(source: Path) -> Path:
            obj = build / (source.stem + ".o")
            run([*cxx, "-c", str(source), "-o", str(obj)], cwd=build)
            return obj

        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            objects = sorted(pool.map(compile_one, sources))
        linked = build / PLUGIN_NAME
        run(
            [
                target.cxx,
                "-shared",
                "-o",
                str(linked),
                *map(str, objects),
                "-Wl,--no-undefined",
                "-Wl,--as-needed",
                "-Wl,-O1",
                "-Wl,-z,relro",
                "-Wl,-z,now",
                "-Wl,--build-id=sha1",
                "-s",
                f"-Wl,--version-script={build / 'plugin.map'}",
                *[str(qt_lib_dir / lib) for lib in QT_LIBS],
                *link_libs,
            ],
            cwd=build,
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(linked, output)
    return {
        "qt_version": qt_version,
        "fcitx5_qt_version": FCITX5_QT_VERSION,
        "qt_headers": f"Debian qt6-base-private-dev {deb_version}",
        "compiler": run([target.cxx, "--version"]).stdout.splitlines()[0],
        "plugin": f"platforminputcontexts/{PLUGIN_NAME}",
        "sha256": hashlib.sha256(output.read_bytes()).hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild into a temporary folder and compare with the committed plugin",
    )
    parser.add_argument("--out", type=Path, help="folder for qt-plugins/ (default: resources/)")
    parser.add_argument(
        "--arch",
        choices=sorted(TARGETS),
        default="amd64",
        help="arm64: cross-compile for the arm64 bundle into resources/qt-plugins-arm64",
    )
    args = parser.parse_args(argv)
    target = TARGETS[args.arch]
    args.out = args.out or target.out_dir
    try:
        if args.check:
            committed = json.loads((args.out / INFO_NAME).read_text())
            with tempfile.TemporaryDirectory() as tmp:
                info = build_plugin(Path(tmp) / PLUGIN_NAME, target)
            if info["qt_version"] != committed["qt_version"]:
                raise BuildError(
                    f"the committed plugin is for Qt {committed['qt_version']}, PySide6 has "
                    f"Qt {info['qt_version']}: run tools/build_fcitx_plugin.py and commit"
                )
            if info["sha256"] != committed["sha256"]:
                changed = [
                    f"{key}: {committed.get(key)} → {info[key]}"
                    for key in ("qt_headers", "compiler")
                    if committed.get(key) != info[key]
                ]
                raise BuildError(
                    "rebuilt plugin differs from the committed one "
                    f"({info['sha256'][:12]} ≠ {committed['sha256'][:12]}"
                    f"{'; ' + ', '.join(changed) if changed else ''}): "
                    "run tools/build_fcitx_plugin.py and commit"
                )
            print(f"fcitx plugin for Qt {info['qt_version']} rebuilds identically")
            return 0
        info = build_plugin(args.out / "platforminputcontexts" / PLUGIN_NAME, target)
        (args.out / INFO_NAME).write_text(json.dumps(info, indent=2) + "\n")
        print(f"built {info['plugin']} for Qt {info['qt_version']} ({info['sha256'][:12]})")
        return 0
    except BuildError as error:
        print(f"build_fcitx_plugin: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
