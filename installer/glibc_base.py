"""A build environment whose binaries need at most glibc 2.28 (统信UOS 20; 银河麒麟 V10 has 2.31).

    sudo nice -n 10 .venv/bin/python installer/glibc_base.py     # make (or reuse) it
    installer/build.py --base glibc-2.28                          # uses it (calls this first)

Why: PyInstaller copies the interpreter that runs it.  The machine's own Python (and the
system libraries it links) are built for the build machine's glibc (2.36 on Debian 12), so
the bundle would need glibc 2.36.  The pinned PySide6-Essentials wheels need only 2.28
(manylinux_2_28).  This script makes a Python of the same minor version whose every binary
needs at most GLIBC_2.28, and a virtual environment of it holding the project and wheels
no newer than manylinux_2_28.  It runs on the build machine (newer glibc runs older
binaries): no chroot, no container.

How:

1. ``zig cc -target x86_64-linux-gnu.2.28`` (PyPI's ``ziglang``, in its own venv) compiles
   against glibc 2.28's symbol versions whatever glibc the build machine has;
2. sources from Debian 12 (``apt-get source --download-only`` through a scratch apt
   folder: the machine's apt setup is not touched): python3.11, zlib, bzip2, xz-utils,
   libffi, sqlite3 (3.40: UPSERT, RETURNING, window functions, FTS5, JSON);
3. zlib, libbz2, liblzma, libffi and SQLite built as static PIC libraries and linked into
   the interpreter's extension modules (nothing of the build machine's ``/usr/lib``);
   expat and mpdecimal are the copies in CPython's source; OpenSSL is left out (``ssl`` /
   ``_hashlib``: the program uses ``cryptography`` and ``pyrage``, which carry their own);
   curses, readline, dbm, tkinter, uuid, nis and crypt are not built;
4. CPython ``--enable-shared`` (PyInstaller bundles ``libpython3.11.so``) into
   ``/var/tmp/zjk-glibc/python``;
5. a venv ``/var/tmp/zjk-glibc/venv`` with a ``_manylinux.py`` (PEP 600) that refuses wheels
   newer than manylinux_2_28, so pip picks e.g. cryptography's ``manylinux_2_28`` wheel and
   not its ``manylinux_2_34`` one; the wheels are downloaded by the calling Python's pip
   (which has TLS) with ``--platform manylinux_2_28_x86_64`` and installed with
   ``--no-index``; then the project itself, editable.

Needs (Debian): make, tcl (SQLite's source tree makes its amalgamation with tclsh), apt-get
with access to Debian's source archive; and binutils' readelf for installer/check_glibc.py.

Everything is cached under ``/var/tmp/zjk-glibc`` (``ZJK_GLIBC_CACHE``); each step leaves a
stamp and is skipped next time.  Figures of a run are in installer/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = Path(os.environ.get("ZJK_GLIBC_CACHE") or "/var/tmp/zjk-glibc")
TARGET_GLIBC = "2.28"
ZIG_TARGET = f"x86_64-linux-gnu.{TARGET_GLIBC}"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
DEBIAN_SUITE = "bookworm"
PYTHON_MINOR = "3.11"
# Debian source package -> the folder its upstream tarball unpacks to (prefix match).
SOURCES = ["zlib", "bzip2", "xz-utils", "libffi", "sqlite3", f"python{PYTHON_MINOR}"]
# Build requirements published as source only (pure Python): built into a wheel here.
SOURCE_ONLY = {"argparse-manpage"}
JOBS = str(max(1, (os.cpu_count() or 2)))


class BaseError(Exception):
    """One line (plus a log tail) for the person running the build."""


def log(msg: str) -> None:
    print(f"  glibc-{TARGET_GLIBC}: {msg}", flush=True)


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    logfile: Path | None = None,
) -> str:
    """Run a command; its output goes to ``logfile`` (or is returned); raise on failure."""
    args = [str(c) for c in cmd]
    if logfile is not None:
        logfile.parent.mkdir(parents=True, exist_ok=True)
        with logfile.open("a", encoding="utf-8") as out:
            out.write(f"\n$ {' '.join(args)}\n")
            out.flush()
            proc = subprocess.run(
                args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
            )
        if proc.returncode != 0:
            tail = logfile.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
            raise BaseError(
                f"{' '.join(args[:3])} … exited {proc.returncode} (log: {logfile}):\n"
                + "\n".join(tail)
            )
        return ""
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, errors="replace"
    )
    if done.returncode != 0:
        raise BaseError(
            f"{' '.join(args[:3])} … exited {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


class Base:
    def __init__(self, cache: Path = CACHE):
        self.cache = cache
        self.src = cache / "src"
        self.build = cache / "build"
        self.deps = cache / "deps"
        self.python_prefix = cache / "python"
        self.venv = cache / "venv"
        self.wheels = cache / "wheels"
        self.logs = cache / "logs"
        self.bin = cache / "bin"

    # ------------------------------------------------------------ paths the build uses
    @property
    def python(self) -> Path:
        return self.python_prefix / "bin" / f"python{PYTHON_MINOR}"

    @property
    def venv_python(self) -> Path:
        return self.venv / "bin" / "python"

    def stamp(self, name: str) -> Path:
        return self.cache / "stamps" / name

    def done(self, name: str) -> bool:
        return self.stamp(name).exists()

    def mark(self, name: str) -> None:
        self.stamp(name).parent.mkdir(parents=True, exist_ok=True)
        self.stamp(name).write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))

    # ------------------------------------------------------------ 1. zig
    def zig(self) -> Path:
        tools = self.cache / "tools"
        zig = next(iter(sorted(tools.glob("lib/python*/site-packages/ziglang/zig"))), None)
        if zig is None:
            log("installing zig (PyPI ziglang) into its own venv")
            run([sys.executable, "-m", "venv", tools])
            run([tools / "bin" / "pip", "install", "-q", "ziglang"])
            zig = next(iter(sorted(tools.glob("lib/python*/site-packages/ziglang/zig"))))
        self.bin.mkdir(parents=True, exist_ok=True)
        # Wrappers: configure scripts and distutils want one word for CC.  -fno-sanitize:
        # zig turns UBSan traps on in unoptimised compiles (configure's test programs).
        # -print-multiarch fails: CPython's setup.py would otherwise add the build machine's
        # /usr/include/x86_64-linux-gnu (glibc 2.36's bits/ headers) to every compile.
        no_multiarch = 'case "$1" in -print-multiarch|--print-multiarch) exit 1;; esac\n'
        # zig's linker knows -soname but not its short form -h (CPython links libpython so).
        no_multiarch += (
            'for a in "$@"; do shift; case "$a" in -Wl,-h*) set -- "$@" "-Wl,-soname,${a#-Wl,-h}";;'
            ' *) set -- "$@" "$a";; esac; done\n'
        )
        # zig cc fails to link a shared library from shared libraries alone (libpython3.so):
        # give it an empty C file.
        empty = self.bin / "empty.c"
        empty.write_text("/* see installer/glibc_base.py */\n")
        no_multiarch += (
            "shared=no; src=no\n"
            'for a in "$@"; do case "$a" in -shared) shared=yes;; *.c|*.o|*.a|*.cc|*.cpp) src=yes;;'
            " esac; done\n"
            f'[ "$shared$src" = yesno ] && set -- "$@" "{empty}"\n'
        )
        wrappers = {
            "cc": no_multiarch
            + f'exec "{zig}" cc -target {ZIG_TARGET} -fno-sanitize=all -Wno-date-time "$@"\n',
            "c++": no_multiarch
            + f'exec "{zig}" c++ -target {ZIG_TARGET} -fno-sanitize=all -Wno-date-time "$@"\n',
            # The same reason: setup.py asks dpkg-architecture when the compiler says nothing.
            "shim/dpkg-architecture": "exit 1\n",
            "ar": f'exec "{zig}" ar "$@"\n',
            "ranlib": f'exec "{zig}" ranlib "$@"\n',
        }
        for name, body in wrappers.items():
            path = self.bin / (name if "/" in name else f"zig-{name}")
            path.parent.mkdir(parents=True, exist_ok=True)
            text = "#!/bin/sh\n" + body
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
                path.chmod(0o755)
        return zig

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PKG_CONFIG", "CFLAGS", "LDFLAGS"))
        }
        env.update(
            {
                "CC": str(self.bin / "zig-cc"),
                "CXX": str(self.bin / "zig-c++"),
                "AR": str(self.bin / "zig-ar"),
                "RANLIB": str(self.bin / "zig-ranlib"),
                "ZIG_GLOBAL_CACHE_DIR": str(self.cache / "zig-cache"),
                "ZIG_LOCAL_CACHE_DIR": str(self.cache / "zig-cache"),
                # Only the libraries built here: never the build machine's .pc files.
                "PKG_CONFIG_LIBDIR": str(self.deps / "lib" / "pkgconfig"),
                "PKG_CONFIG_PATH": "",
                "CFLAGS": "-O2 -fPIC",
                "CPPFLAGS": f"-I{self.deps / 'include'}",
                "LDFLAGS": f"-L{self.deps / 'lib'}",
            }
        )
        # pyenv shims on PATH would hand the build machine's python to configure.
        env["PATH"] = ":".join(
            [str(self.bin / "shim")]
            + [p for p in env.get("PATH", "").split(":") if ".pyenv" not in p and p]
        )
        return env

    # ------------------------------------------------------------ 2. sources
    def fetch_sources(self) -> None:
        if self.done("sources"):
            return
        apt_root = self.cache / "apt"
        for sub in ("lists/partial", "cache/archives/partial"):
            (apt_root / sub).mkdir(parents=True, exist_ok=True)
        (apt_root / "sources.list").write_text(
            "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
            f"{DEBIAN_MIRROR} {DEBIAN_SUITE} main\n"
        )
        options = [
            f"-oDir::Etc::SourceList={apt_root / 'sources.list'}",
            "-oDir::Etc::SourceParts=/nonexistent",
            f"-oDir::State::Lists={apt_root / 'lists'}",
            f"-oDir::Cache={apt_root / 'cache'}",
            "-oAcquire::Languages=none",
            "-oAPT::Sandbox::User=root" if os.geteuid() == 0 else "-oDebug::NoLocking=1",
        ]
        log(f"fetching sources from Debian {DEBIAN_SUITE}: {', '.join(SOURCES)}")
        self.src.mkdir(parents=True, exist_ok=True)
        run(["apt-get", *options, "-qq", "update"])
        run(["apt-get", *options, "-q", "source", "--download-only", *SOURCES], cwd=self.src)
        self.mark("sources")

    def unpack(self, package: str) -> Path:
        """The upstream tarball of a Debian source package, unpacked fresh into build/."""
        tarballs = sorted(self.src.glob(f"{package}_*.orig.tar.*"))
        tarballs = [t for t in tarballs if not t.name.endswith(".asc") and "orig-" not in t.name]
        if not tarballs:
            raise BaseError(f"no source of {package} in {self.src}")
        dest = self.build / package
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        with tarfile.open(tarballs[0]) as tar:
            tar.extractall(dest, filter="data")
        (top,) = [p for p in dest.iterdir() if p.is_dir()]
        return top

    # ------------------------------------------------------------ 3. static libraries
    def build_deps(self) -> None:
        env = self.env()
        prefix = str(self.deps)
        lg = self.logs
        if not self.done("zlib"):
            log("zlib (static)")
            top = self.unpack("zlib")
            run(
                ["./configure", "--static", f"--prefix={prefix}"],
                cwd=top,
                env=env,
                logfile=lg / "zlib.log",
            )
            run(["make", f"-j{JOBS}", "install"], cwd=top, env=env, logfile=lg / "zlib.log")
            self.mark("zlib")
        if not self.done("bzip2"):
            log("bzip2 (static)")
            top = self.unpack("bzip2")
            run(
                [
                    "make",
                    f"-j{JOBS}",
                    "libbz2.a",
                    f"CC={env['CC']}",
                    f"AR={env['AR']}",
                    f"RANLIB={env['RANLIB']}",
                    "CFLAGS=-O2 -fPIC -D_FILE_OFFSET_BITS=64",
                ],
                cwd=top,
                env=env,
                logfile=lg / "bzip2.log",
            )
            (self.deps / "lib").mkdir(parents=True, exist_ok=True)
            (self.deps / "include").mkdir(parents=True, exist_ok=True)
            shutil.copy(top / "libbz2.a", self.deps / "lib")
            shutil.copy(top / "bzlib.h", self.deps / "include")
            self.mark("bzip2")
        autotools = {
            "xz-utils": [
                "--disable-xz",
                "--disable-xzdec",
                "--disable-lzmadec",
                "--disable-lzmainfo",
                "--disable-scripts",
                "--disable-doc",
                "--disable-nls",
            ],
            "libffi": [
                "--disable-docs",
                "--disable-multi-os-directory",
                "--disable-exec-static-tramp",
            ],
            "sqlite3": [
                "--disable-tcl",
                "--disable-readline",
                "--disable-editline",
                "--enable-fts5",
                "--enable-fts4",
                "--enable-rtree",
                "--enable-json1",
            ],
        }
        for package, extra in autotools.items():
            if self.done(package):
                continue
            log(f"{package} (static)")
            top = self.unpack(package)
            penv = dict(env)
            if package == "sqlite3":
                penv["CFLAGS"] = (
                    "-O2 -fPIC -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3_PARENTHESIS"
                    " -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_MATH_FUNCTIONS"
                    " -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000"
                )
            run(
                [
                    "./configure",
                    f"--prefix={prefix}",
                    "--disable-shared",
                    "--enable-static",
                    "--with-pic",
                    *extra,
                ],
                cwd=top,
                env=penv,
                logfile=lg / f"{package}.log",
            )
            # SQLite's full source tree (not automake): the library only, no shell.
            target = ["lib_install", "sqlite3.h"] if package == "sqlite3" else ["install"]
            run(["make", f"-j{JOBS}", *target], cwd=top, env=penv, logfile=lg / f"{package}.log")
            if package == "sqlite3":
                for header in ("sqlite3.h", "src/sqlite3ext.h"):
                    shutil.copy(top / header, self.deps / "include")
            self.mark(package)
        # libffi installs into lib64/ on some setups.
        lib64 = self.deps / "lib64"
        if lib64.is_dir():
            for item in lib64.iterdir():
                if not (self.deps / "lib" / item.name).exists():
                    shutil.move(str(item), self.deps / "lib" / item.name)

    # ------------------------------------------------------------ 4. CPython
    def build_python(self) -> None:
        if self.done("python"):
            return
        log(f"CPython {PYTHON_MINOR} (shared libpython; several minutes)")
        configured = list((self.build / f"python{PYTHON_MINOR}").glob("*/Makefile"))
        resume = self.done("python-configured") and bool(configured)
        top = configured[0].parent if resume else self.unpack(f"python{PYTHON_MINOR}")
        env = self.env()
        deps = self.deps
        inc, lib = f"-I{deps / 'include'}", f"-L{deps / 'lib'}"
        env.update(
            {
                "ZLIB_CFLAGS": inc,
                "ZLIB_LIBS": f"{lib} -lz",
                "BZIP2_CFLAGS": inc,
                "BZIP2_LIBS": f"{lib} -lbz2",
                "LIBLZMA_CFLAGS": inc,
                "LIBLZMA_LIBS": f"{lib} -llzma",
                "LIBFFI_CFLAGS": inc,
                "LIBFFI_LIBS": f"{lib} -lffi",
                "LIBSQLITE3_CFLAGS": inc,
                "LIBSQLITE3_LIBS": f"{lib} -lsqlite3 -lm",
                "LDFLAGS": f"{lib} -Wl,-rpath,{self.python_prefix / 'lib'}",
            }
        )
        # Modules that would link the build machine's libraries (or that nobody uses here).
        (top / "Modules" / "Setup.local").write_text(
            "*disabled*\n_curses\n_curses_panel\n_dbm\n_gdbm\nreadline\n_tkinter\n_uuid\n"
            "nis\n_crypt\n_ssl\n_hashlib\n"
        )
        configure = [
            "./configure",
            f"--prefix={self.python_prefix}",
            "--enable-shared",
            "--without-ensurepip",
            "--with-openssl=/nonexistent",
            "--without-readline",
            "ac_cv_header_uuid_uuid_h=no",
            "ac_cv_header_uuid_h=no",
        ]
        if not resume:  # an interrupted make goes on where it stopped
            run(configure, cwd=top, env=env, logfile=self.logs / "python.log")
            self.mark("python-configured")
        run(["make", f"-j{JOBS}"], cwd=top, env=env, logfile=self.logs / "python.log")
        shutil.rmtree(self.python_prefix, ignore_errors=True)
        run(["make", "install"], cwd=top, env=env, logfile=self.logs / "python.log")
        check = (
            "import ctypes, sqlite3, zlib, bz2, lzma, decimal, pyexpat, json, csv;"
            "print(sqlite3.sqlite_version)"
        )
        version = run([self.python, "-c", check]).strip()
        log(f"CPython built; SQLite {version}")
        self.mark("python")
        shutil.rmtree(self.build, ignore_errors=True)  # 450 MB of objects, not needed again

    # ------------------------------------------------------------ 5. venv
    def requirements(self) -> list[str]:
        import tomllib

        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        return [
            *project["dependencies"],
            *project["optional-dependencies"]["build"],
            "setuptools>=68",
            "wheel",
        ]

    def make_venv(self) -> None:
        reqs = self.requirements()
        key = "\n".join(reqs)
        stamp = self.stamp("venv")
        if (
            stamp.exists()
            and (self.cache / "venv-requirements.txt").exists()
            and ((self.cache / "venv-requirements.txt").read_text() == key)
            and self.venv_python.exists()
        ):
            run(
                [
                    self.venv_python,
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--no-index",
                    "--no-deps",
                    "--no-build-isolation",
                    "-e",
                    ROOT,
                ]
            )
            return
        log("venv + wheels (manylinux_2_28 or older)")
        shutil.rmtree(self.venv, ignore_errors=True)
        # The build machine's pip (with TLS) fetches; the new venv installs offline.
        self.wheels.mkdir(parents=True, exist_ok=True)
        # Pure-Python packages published as source only: a wheel made here (any platform).
        for req in reqs:
            if req.split(">")[0].split("=")[0].strip().lower() in SOURCE_ONLY:
                run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "wheel",
                        "-q",
                        "--no-deps",
                        "-w",
                        self.wheels,
                        req,
                    ]
                )
        # pip does not widen --platform manylinux_2_28 to older tags: name each one.
        minor = int(TARGET_GLIBC.split(".")[1])
        platforms = [f"manylinux_2_{m}_x86_64" for m in range(minor, 4, -1)]
        platforms += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--dest",
                self.wheels,
                "--find-links",
                self.wheels,
                "--only-binary=:all:",
                *[arg for plat in platforms for arg in ("--platform", plat)],
                "--python-version",
                PYTHON_MINOR,
                "--implementation",
                "cp",
                "pip",
                *reqs,
            ]
        )
        run([self.python, "-m", "venv", "--without-pip", self.venv])
        site = next(iter((self.venv / "lib").glob("python*/site-packages")))
        (site / "_manylinux.py").write_text(
            '"""PEP 600: this venv builds for glibc '
            + TARGET_GLIBC
            + ' (installer/glibc_base.py)."""\n\n\n'
            "def manylinux_compatible(major, minor, arch):\n"
            f"    return (major, minor) <= ({TARGET_GLIBC.replace('.', ', ')})\n"
        )
        pip_wheel = next(iter(sorted(self.wheels.glob("pip-*.whl"))))
        run([self.venv_python, f"{pip_wheel}/pip", "install", "-q", "--no-index", pip_wheel])
        run(
            [
                self.venv_python,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-index",
                "--find-links",
                self.wheels,
                *reqs,
            ]
        )
        run(
            [
                self.venv_python,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-index",
                "--no-deps",
                "--no-build-isolation",
                "-e",
                ROOT,
            ]
        )
        (self.cache / "venv-requirements.txt").write_text(key)
        self.mark("venv")

    def ensure(self) -> Path:
        """Make whatever is missing; return the venv's python."""
        if sys.platform != "linux" or os.uname().machine != "x86_64":
            raise BaseError(f"the glibc-{TARGET_GLIBC} base is made on x86_64 Linux only")
        started = time.perf_counter()
        if not self.done("python"):
            missing = [t for t in ("make", "tclsh", "apt-get") if shutil.which(t) is None]
            if missing:  # tclsh: SQLite's source tree makes its amalgamation with it
                raise BaseError(f"{', '.join(missing)} not found (Debian packages make, tcl, apt)")
        self.zig()
        self.fetch_sources()
        self.build_deps()
        self.build_python()
        self.make_venv()
        log(f"ready in {time.perf_counter() - started:.0f} s: {self.venv_python}")
        return self.venv_python


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE, help="cache folder")
    parser.add_argument("--clean", action="store_true", help="start from scratch")
    args = parser.parse_args(argv)
    if args.clean:
        shutil.rmtree(args.cache, ignore_errors=True)
    try:
        print(Base(args.cache).ensure())
    except BaseError as exc:
        print(f"glibc base FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
