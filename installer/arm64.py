"""``installer/build.py --arch arm64``: the arm64 build inside an emulated arm64 Debian.

For the arm64 (Phytium, Kunpeng) 信创 PCs.  On an amd64 machine, as root:

1. qemu-user-static + binfmt-support run arm64 programs (``binfmt_misc`` is mounted and
   the ``qemu-aarch64`` handler enabled if needed);
2. debootstrap makes an arm64 Debian chroot (kept in ``--chroot``, default
   ``/var/tmp/zjk-arm64/<suite>``, and reused by the next run) with Python and the
   libraries the frozen program and its checks need;
3. the arm64 wheels (PySide6-Essentials, …) are downloaded on the host with pip
   (``--platform manylinux_2_39_aarch64`` …: the host's index, proxy and certificates),
   the source tree (git's tracked files) is copied in, a venv is made there and
   ``pip install --no-index --find-links /wheels -e .[build]`` installs them;
4. ``installer/build.py`` runs inside: the one-folder program, the frozen smoke tests
   (CLI round trip, a report, sync, ``zjk-desktop --smoke`` offscreen), both .deb
   flavours and lintian;
5. the .deb files are copied to ``--dist`` on the host; time and sizes are printed.

The suite is Debian 13 (trixie): the arm64 wheels of PySide6-Essentials 6.8 and later
need glibc 2.39 (manylinux_2_39_aarch64), which Debian 12 (2.36) does not have.

Slow (everything runs under emulation on the build machine's cores): run it on demand,
not in every CI run:

    sudo nice -n 19 .venv/bin/python installer/build.py --arch arm64 --fast
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SUITE = "trixie"
BINFMT = Path("/proc/sys/fs/binfmt_misc")
# Debian packages inside the chroot: Python to build with, binutils/dpkg-dev for
# PyInstaller and dpkg-shlibdeps, lintian + appstream for the package checks, the CJK
# font and poppler for the report check, and the libraries Qt's plugins link.
CHROOT_PACKAGES = [
    "python3",
    "python3-venv",
    "python3-dev",
    "binutils",
    "dpkg-dev",
    "ca-certificates",
    "git",
    "fonts-wqy-microhei",
    "poppler-utils",
    "lintian",
    "appstream",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0t64",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
]
# Used on the host, not in the chroot (lint_on_host): listed for a chroot that lints itself.
HOST_ONLY_PACKAGES = ("lintian", "appstream")
READY = ".zjk-chroot-ready"
# The processor qemu-user emulates (its QEMU_CPU variable). Its default, "max", has pointer
# authentication, which qemu computes with the QARMA cipher at every function entry and
# return: Debian's arm64 binaries are built with -mbranch-protection, so a pure-Python loop
# ran ~240x slower than natively here, ~9x with a processor without it. Cortex-A72
# (ARMv8.0-A) is also closer to the target PCs (Phytium FT-2000/D2000, Kunpeng 920).
QEMU_CPU = "cortex-a72"
HOST_CA = "/etc/ssl/certs/zjk-host-ca-bundle.crt"


class Arm64Error(Exception):
    """One line for the person running the build."""


def say(text: str) -> None:
    print(text, flush=True)


def sh(cmd: list, *, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], **kwargs, check=False)
    if check and proc.returncode != 0:
        raise Arm64Error(f"{' '.join(str(c) for c in cmd[:4])} … exited {proc.returncode}")
    return proc


APT_SOURCES = (Path("/etc/apt/sources.list.d/debian.sources"), Path("/etc/apt/sources.list"))


def debian_mirror(sources: tuple[Path, ...] = APT_SOURCES) -> str:
    """The Debian mirror this machine's apt uses (so the chroot uses the same one)."""
    for path in sources:
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace")
            match = re.search(r"^URIs:\s*(\S+/debian)\s*$", text, re.M) or re.search(
                r"^deb\s+(?:\[[^]]*\]\s+)?(\S+/debian)\s", text, re.M
            )
            if match:
                return match.group(1)
    raise Arm64Error("no Debian mirror found in /etc/apt/sources.list(.d): give --mirror")


def ensure_emulation() -> None:
    if os.geteuid() != 0:
        raise Arm64Error("the arm64 build needs root (debootstrap, chroot, binfmt_misc)")
    missing = [
        tool
        for tool in ("debootstrap", "qemu-aarch64-static", "update-binfmts")
        if not shutil.which(tool)
    ]
    if missing:
        raise Arm64Error(
            f"missing {', '.join(missing)}: apt-get install qemu-user-static binfmt-support debootstrap"
        )
    if not (BINFMT / "register").exists():
        say("  mounting binfmt_misc")
        sh(["mount", "-t", "binfmt_misc", "binfmt_misc", str(BINFMT)])
    if not (BINFMT / "qemu-aarch64").exists():
        sh(["update-binfmts", "--enable", "qemu-aarch64"])
    handler = (BINFMT / "qemu-aarch64").read_text()
    if not handler.startswith("enabled"):
        raise Arm64Error(
            "the qemu-aarch64 binfmt handler is disabled (update-binfmts --enable qemu-aarch64)"
        )


def make_chroot(chroot: Path, mirror: str) -> None:
    if (chroot / READY).exists():
        say(f"  reusing the arm64 chroot {chroot}")
        return
    if chroot.exists():
        shutil.rmtree(chroot)
    chroot.parent.mkdir(parents=True, exist_ok=True)
    say(f"  debootstrap --arch=arm64 {SUITE} {chroot} (several minutes under emulation)")
    started = time.perf_counter()
    log = chroot.parent / f"debootstrap-{SUITE}.log"
    with open(log, "w") as out:
        proc = subprocess.run(
            [
                "debootstrap",
                "--arch=arm64",
                "--variant=minbase",
                f"--include={','.join(CHROOT_PACKAGES)}",
                SUITE,
                str(chroot),
                mirror,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        raise Arm64Error(f"debootstrap failed ({log}): {' / '.join(tail)}")
    (chroot / READY).write_text(f"{SUITE} {time.strftime('%Y-%m-%d')}\n")
    say(f"  chroot ready in {time.perf_counter() - started:.0f} s")


class Mounts:
    """/proc, /sys, /dev inside the chroot for the duration of the build."""

    def __init__(self, chroot: Path):
        self.chroot = chroot
        self.mounted: list[Path] = []

    def __enter__(self):
        for src, args in (
            ("proc", ["-t", "proc", "proc"]),
            ("sys", ["-t", "sysfs", "sysfs"]),
            ("dev", ["--rbind", "/dev"]),
        ):
            target = self.chroot / src
            target.mkdir(exist_ok=True)
            sh(["mount", *args, target])
            self.mounted.append(target)
        shutil.copy("/etc/resolv.conf", self.chroot / "etc" / "resolv.conf")
        # The host's CA bundle: where HTTPS goes through a proxy with its own CA, pip inside
        # the chroot must trust what pip outside trusts.
        host_ca = Path(
            os.environ.get("PIP_CERT")
            or os.environ.get("SSL_CERT_FILE")
            or "/etc/ssl/certs/ca-certificates.crt"
        )
        if host_ca.is_file():
            shutil.copy(host_ca, self.chroot / HOST_CA.lstrip("/"))
        return self

    def __exit__(self, *exc):
        for target in reversed(self.mounted):
            subprocess.run(["umount", "-R", "-l", str(target)], check=False)


def copy_source(chroot: Path) -> Path:
    """Git's tracked files (plus uncommitted changes to them) into /src of the chroot."""
    src = chroot / "src"
    if src.exists():
        venv = src / ".venv"
        keep = venv.exists()
        if keep:
            venv.rename(chroot / "venv.keep")
        shutil.rmtree(src)
        src.mkdir()
        if keep:
            (chroot / "venv.keep").rename(venv)
    else:
        src.mkdir()
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    for name in files.decode().split("\0"):
        if not name or not (ROOT / name).is_file():
            continue
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return src


# The arm64 wheels are fetched on the host (fast, and through the host's own pip set-up:
# index, proxy, certificates), then installed inside from that folder with --no-index.
SDIST_ONLY = ("argparse-manpage",)  # pure Python packages PyPI has no wheel of
WHEEL_PLATFORMS = (
    "manylinux_2_39_aarch64",
    "manylinux_2_28_aarch64",
    "manylinux_2_17_aarch64",
    "manylinux2014_aarch64",
    "linux_aarch64",
)


def project_requirements() -> list[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "build-system"
    ]
    return [
        *project["dependencies"],
        *project["optional-dependencies"]["build"],
        *build_system["requires"],
    ]


def download_wheels(dest: Path, python_version: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    platforms = [arg for plat in WHEEL_PLATFORMS for arg in ("--platform", plat)]
    reqs = [r.split(";")[0].strip() for r in project_requirements()]  # markers: the chroot is Linux
    wheels = [r for r in reqs if not r.lower().startswith(SDIST_ONLY)]
    sdists = [r for r in reqs if r.lower().startswith(SDIST_ONLY)]
    say(f"  pip download (arm64 wheels for Python {python_version}) into {dest}")
    sh(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--only-binary=:all:",
            *platforms,
            "--python-version",
            python_version,
            "--implementation",
            "cp",
            "-d",
            dest,
            *wheels,
        ]
    )
    if sdists:  # pure Python, published as source only: built inside from /wheels' setuptools
        sh(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary=:all:",
                "-d",
                dest,
                *sdists,
            ]
        )


def chroot_python_version(chroot: Path) -> str:
    found = sorted(chroot.glob("usr/bin/python3.[0-9]*"))
    names = [p.name for p in found if re.fullmatch(r"python3\.\d+", p.name)]
    if not names:
        raise Arm64Error("no python3 in the chroot")
    return names[-1].removeprefix("python")


def run_inside(chroot: Path, script: str) -> None:
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DEBIAN_FRONTEND": "noninteractive",
        # every instruction is emulated: build.py's time limits x20
        "ZJK_TIMEOUT_SCALE": os.environ.get("ZJK_TIMEOUT_SCALE", "20"),
        "QEMU_CPU": os.environ.get("QEMU_CPU", QEMU_CPU),
    }
    if (chroot / HOST_CA.lstrip("/")).is_file():
        env.update({"PIP_CERT": HOST_CA, "SSL_CERT_FILE": HOST_CA, "REQUESTS_CA_BUNDLE": HOST_CA})
    for name in ("SOURCE_DATE_EPOCH", "ZJK_BUILD_NUMBER", "ZJK_DEB_MAINTAINER"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    proc = subprocess.run(
        ["chroot", str(chroot), "/bin/bash", "-euo", "pipefail", "-c", script], env=env, check=False
    )
    if proc.returncode != 0:
        raise Arm64Error(f"the build inside the arm64 chroot exited {proc.returncode}")


# Where PyInstaller's work folder is kept inside the chroot between runs (outside /src,
# which is copied afresh): an unchanged analysis is reused instead of redone under emulation.
KEPT_WORK = "/var/cache/zjk-pyinstaller"


def inside_script(packages: list[str], build_number: str, stamp: str, passed: str) -> str:
    """The bash script run in the chroot; prints the time of each step."""
    return (
        'step() { echo "  [$SECONDS s] $*"; }\n'
        f"dpkg-query -W {' '.join(packages)} >/dev/null 2>&1 || "
        f"{{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "
        f"{' '.join(packages)} >/dev/null; }}\n"
        "step 'Debian packages present'\n"
        "cd /src\n"
        "[ -x .venv/bin/python ] || python3 -m venv .venv\n"
        # pip under emulation takes minutes even with nothing to do: skipped while the
        # requirements and the wheels are those of the last install.
        "want=$(cat pyproject.toml; ls /wheels)\n"
        'if [ "$(cat .venv/zjk-installed 2>/dev/null)" != "$want" ]; then\n'
        "  .venv/bin/pip install -q --disable-pip-version-check --no-index --find-links /wheels "
        "-e '.[build]'\n"
        '  printf %s "$want" > .venv/zjk-installed\n'
        "fi\n"
        "step 'venv ready (pip install -e .[build] from the arm64 wheels)'\n"
        # Bytecode ahead: PyInstaller (and the smoke test's own imports) read .pyc when fresh.
        ".venv/bin/python -m compileall -q -j 0 zjk_desktop "
        ".venv/lib/python3*/site-packages >/dev/null || true\n"
        "step 'bytecode compiled'\n"
        f"export ZJK_BUILD_NUMBER={build_number or 0} SOURCE_DATE_EPOCH={stamp or 0} "
        f"ZJK_PYINSTALLER_WORK={KEPT_WORK}\n"
        ".venv/bin/python installer/build.py --dist /src/dist/arm64 --no-nsis --no-lintian "
        f"--timing-runs 0 {passed}\n"
        "step 'installer/build.py done'\n"
    )


def lint_on_host(debs: list[Path]) -> None:
    """lintian on the host, with the same rules as build.py applies to an amd64 build."""
    if TYPE_CHECKING:
        from installer import linux_packages
    else:
        import linux_packages

    for deb in debs:
        started = time.perf_counter()
        flavour = "uos" if deb.name.startswith(linux_packages.APP_ID) else "deb"
        accept = linux_packages.uos_lintian_accepted() if flavour == "uos" else {}
        try:
            result = linux_packages.lintian(deb, accept=accept)
        except linux_packages.PackageError as exc:
            raise Arm64Error(str(exc)) from exc
        if not result.ok:
            shown = "\n".join((result.errors + result.warnings)[:30])
            raise Arm64Error(
                f"lintian: {len(result.errors)} errors, {len(result.warnings)} warnings "
                f"not overridden in {deb.name}:\n{shown}"
            )
        say(
            f"  lintian {flavour} flavour (on the host): 0 errors, 0 warnings; "
            f"{result.overridden} overridden"
            + (f", {len(result.accepted)} accepted for UOS" if result.accepted else "")
            + f" ({time.perf_counter() - started:.0f} s)"
        )


def main(
    build_args: list[str], *, dist: Path, chroot: Path | None = None, mirror: str | None = None
) -> int:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--chroot", type=Path, default=Path(f"/var/tmp/zjk-arm64/{SUITE}"))
    parser.add_argument("--mirror")
    parser.add_argument("--dist", type=Path)
    own, rest = parser.parse_known_args(build_args)
    chroot = chroot or own.chroot
    started = time.perf_counter()
    try:
        say("\n== arm64: emulation")
        ensure_emulation()
        say("\n== arm64: Debian chroot")
        make_chroot(chroot, own.mirror or mirror or debian_mirror())
        bootstrap_s = time.perf_counter() - started
        src = copy_source(chroot)
        build_number = (
            os.environ.get("ZJK_BUILD_NUMBER")
            or subprocess.run(
                ["git", "rev-list", "--count", "HEAD"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        )
        stamp = (
            os.environ.get("SOURCE_DATE_EPOCH")
            or subprocess.run(
                ["git", "log", "-1", "--format=%ct"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        )
        # lintian runs on the host (native speed; it reads arm64 packages as well): the
        # chroot needs no lintian/appstream (many minutes to install under emulation).
        lint = "--no-lintian" not in rest
        passed = " ".join(f"'{a}'" for a in rest if a != "--no-lintian")
        packages = [p for p in CHROOT_PACKAGES if p not in HOST_ONLY_PACKAGES]
        started_step = time.perf_counter()
        download_wheels(chroot / "wheels", chroot_python_version(chroot))
        say(f"  [{time.perf_counter() - started_step:.0f} s] wheels downloaded on the host")
        say("\n== arm64: pip install + installer/build.py inside the chroot")
        with Mounts(chroot):
            run_inside(chroot, inside_script(packages, build_number, stamp, passed))
        dist.mkdir(parents=True, exist_ok=True)
        debs = sorted((src / "dist" / "arm64").glob("*.deb"))
        if not debs and "--no-package" not in rest:
            raise Arm64Error("the arm64 build made no .deb")
        for deb in debs:
            shutil.copy2(deb, dist / deb.name)
            say(f"  {deb.name}: {deb.stat().st_size / 1e6:.1f} MB")
        if lint:
            lint_on_host([dist / deb.name for deb in debs])
        bundle = src / "dist" / "arm64" / "zjk-desktop"
        if bundle.is_dir():
            size = sum(
                p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()
            )
            say(f"  unpacked arm64 bundle: {size / 1e6:.1f} MB")
        say(
            f"  arm64 total: {time.perf_counter() - started:.0f} s "
            f"(chroot {bootstrap_s:.0f} s, build and checks {time.perf_counter() - started - bootstrap_s:.0f} s)"
        )
    except Arm64Error as exc:
        print(f"\nBUILD FAILED (arm64): {exc}", file=sys.stderr)
        return 1
    return 0
