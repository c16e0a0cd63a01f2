"""Build the frozen program, smoke-test it, then wrap it in the installers.

    python installer/build.py                 # bundle + smoke test + both .deb flavours (Linux) / setup.exe (Windows)
    python installer/build.py --flavour uos   # only the UOS app-store .deb
    python installer/build.py --arch arm64    # the same inside an emulated arm64 Debian (slow; installer/arm64.py)
    python installer/build.py --no-package    # bundle + smoke test only
    python installer/build.py --base glibc-2.28   # amd64 packages for glibc 2.28+ (UOS 20, Kylin V10)

Steps, each failing the build with a one-line reason:

1. compile the translations (``resources/translations/*.ts`` -> ``.qm``) into the work folder;
2. PyInstaller one-dir bundle from ``installer/zjk.spec``: ``dist/zjk-desktop/`` with the
   windowed ``zjk-desktop`` and the console ``zjk`` (fresh work and cache folders: nothing
   from an earlier build is reused);
3. smoke test of the FROZEN programs in a throw-away home folder: ``zjk --version``;
   ``zjk demo --scale small`` into the default database (which must land in the user data
   folder, never in the program folder); a report PDF; a sync export from one database and
   import into another; a database of the previous schema opened and upgraded with a backup;
   ``zjk-desktop --smoke`` offscreen on the demo data;
4. packages: Linux ``dist/zjk-desktop_<version>_<arch>.deb`` (Debian layout) and
   ``dist/cn.zjk.kjtpy_<version>.<build>_<arch>.deb`` (UOS app-store layout), both wrapping the
   one bundle (installer/linux_packages.py), each checked with lintian (0 errors, 0 warnings
   not overridden) and the deb's AppStream file with appstreamcli; and the NSIS script
   ``installer/zjk.nsi`` compiled with makensis — on Windows against the real payload
   (``dist/zjk-desktop-setup-<version>.exe``), elsewhere against the Linux payload so script
   errors are caught (``--nsis-payload standin`` uses a tiny stand-in folder instead);
5. figures: unpacked bundle size, package sizes, build time, and the cold start of the frozen
   GUI to its main window beside ``python main.py --smoke`` measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if TYPE_CHECKING:  # mypy knows this folder's files as installer.* (explicit_package_bases)
    from installer import linux_packages
else:
    import linux_packages  # installer/linux_packages.py, beside this file

if TYPE_CHECKING:
    from installer import check_glibc
else:
    import check_glibc  # installer/check_glibc.py

IS_WIN = sys.platform.startswith("win")
IS_LINUX = sys.platform.startswith("linux")
EXE = ".exe" if IS_WIN else ""
APP = "zjk-desktop"


class BuildError(Exception):
    """One line for the person running the build."""


@dataclass
class Figures:
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        self.rows.append((name, value))
        print(f"  {name}: {value}", flush=True)

    def table(self) -> str:
        width = max(len(n) for n, _ in self.rows)
        return "\n".join(f"  {n.ljust(width)}  {v}" for n, v in self.rows)


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def version() -> str:
    text = (ROOT / "zjk_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise BuildError("zjk_desktop/__init__.py has no __version__")
    return match.group(1)


# Under emulation (installer/arm64.py) every step is ~10-20x slower: the time limits scale.
TIMEOUT_SCALE = float(os.environ.get("ZJK_TIMEOUT_SCALE") or 1)


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
    check: bool = True,
    quiet: bool = False,
) -> subprocess.CompletedProcess:
    """Run a command; on failure raise BuildError with its last output lines."""
    proc = subprocess.run(
        [str(c) for c in cmd],
        env=env,
        cwd=cwd,
        timeout=timeout * TIMEOUT_SCALE,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if check and proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise BuildError(f"{' '.join(str(c) for c in cmd[:4])} … exited {proc.returncode}:\n{tail}")
    if not quiet and proc.stdout.strip():
        print(proc.stdout.rstrip())
    return proc


def tree_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


# The size promises (README, 安装包): the unpacked bundle and a release .deb (xz).  A --fast
# build (gzip, CI) is bigger for the same contents; its bundle is what the limit really bounds.
BUNDLE_LIMIT = 200e6
DEB_LIMIT = 80e6


def check_size(what: str, size: int, limit: float) -> None:
    """Fail the build when an artefact outgrows its promised size."""
    if size > limit:
        raise BuildError(f"{what} is {mb(size)}, over the {mb(limit)} limit (README, 安装包)")


def find_qt_tool(name: str) -> Path:
    exe_dir = Path(sys.executable).parent
    for candidate in (exe_dir / f"pyside6-{name}{EXE}", exe_dir / f"pyside6-{name}"):
        if candidate.exists():
            return candidate
    import PySide6

    candidate = Path(PySide6.__file__).parent / f"{name}{EXE}"
    if candidate.exists():
        return candidate
    raise BuildError(f"Qt {name} not found (PySide6-Essentials ships pyside6-{name})")


# ---------------------------------------------------------------- 1. translations
def compile_translations(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    built = []
    sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
    if sources:
        tool = find_qt_tool("lrelease")
        for ts in sources:
            qm = out / f"{ts.stem}.qm"
            run([tool, "-silent", ts, "-qm", qm], quiet=True)
            if not qm.exists() or qm.stat().st_size == 0:
                raise BuildError(f"lrelease made no {qm.name} from {ts}")
            built.append(qm)
    return built


def copy_if_changed(src: Path, dest: Path) -> Path:
    """Copy the files of ``src`` into ``dest``, leaving those with the same content as they
    are: PyInstaller redoes a kept analysis when an input file is newer than it."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.iterdir()):
        target = dest / path.name
        if not target.is_file() or target.read_bytes() != path.read_bytes():
            shutil.copy2(path, target)
    return dest


# ---------------------------------------------------------------- 2. bundle
def kept_pyinstaller_work() -> Path | None:
    """ZJK_PYINSTALLER_WORK: a work folder kept between builds (installer/arm64.py sets it:
    under emulation PyInstaller's analysis takes tens of minutes, and an unchanged one is
    reused from there). Unset: a fresh work folder, nothing from an earlier build reused."""
    kept = os.environ.get("ZJK_PYINSTALLER_WORK")
    return Path(kept) if kept else None


def build_bundle(dist: Path, work: Path, *, gui: str, qt_filter: bool, qm_dir: Path) -> Path:
    bundle = dist / APP
    if bundle.exists():
        shutil.rmtree(bundle)
    env = dict(os.environ)
    kept = kept_pyinstaller_work()
    env.update(
        {
            "ZJK_BUILD_GUI": gui,
            "ZJK_QT_FILTER": "1" if qt_filter else "0",
            "ZJK_QM_DIR": str(qm_dir),
            # PyInstaller's cache (stripped binaries) in the work folder: nothing reused
            # (unless ZJK_PYINSTALLER_WORK keeps it, as the emulated arm64 build does).
            "PYINSTALLER_CONFIG_DIR": str((kept or work) / "pyinstaller-config"),
        }
    )
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            *([] if kept else ["--clean"]),
            "--log-level",
            "ERROR",
            "--workpath",
            (kept or work) / "pyinstaller",
            "--distpath",
            dist,
            HERE / "zjk.spec",
        ],
        env=env,
        cwd=ROOT,
    )
    if not (bundle / f"zjk{EXE}").exists():
        raise BuildError(f"PyInstaller made no {bundle / ('zjk' + EXE)}")
    return bundle


def has_gui(bundle: Path) -> bool:
    return (bundle / f"{APP}{EXE}").exists()


# ---------------------------------------------------------------- 3. smoke test
class Smoke:
    """Runs the frozen programs with a throw-away home and user data folder."""

    def __init__(self, bundle: Path, tmp: Path):
        self.bundle = bundle
        self.tmp = tmp
        self.home = tmp / "home"
        self.home.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZJK_", "XDG_", "PYTHON"))}
        env.update({"HOME": str(self.home), "QT_QPA_PLATFORM": "offscreen", "ZJK_LANG": "zh_CN"})
        if TIMEOUT_SCALE != 1:  # emulated (arm64): the GUI's own --smoke limit scales too
            env["ZJK_TIMEOUT_SCALE"] = str(TIMEOUT_SCALE)
        if IS_WIN:
            # platformdirs asks Windows for the folder; keep the smoke test's data apart.
            env["ZJK_DATA_DIR"] = str(tmp / "data")
            self.data_dir = tmp / "data"
        else:
            env["XDG_DATA_HOME"] = str(self.home / ".local" / "share")
            env["XDG_STATE_HOME"] = str(self.home / ".local" / "state")
            env["XDG_CONFIG_HOME"] = str(self.home / ".config")
            env["XDG_CACHE_HOME"] = str(self.home / ".cache")
            if sys.platform == "darwin":
                self.data_dir = self.home / "Library" / "Application Support" / APP
            else:
                self.data_dir = self.home / ".local" / "share" / APP
        self.env = env

    def zjk(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return run(
            [self.bundle / f"zjk{EXE}", *args],
            env=self.env,
            cwd=self.tmp,
            timeout=timeout,
            quiet=True,
        )

    def zjk_json(self, *args: str):
        return json.loads(self.zjk("--json", *args).stdout)


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def smoke_test(bundle: Path, tmp: Path, expected_version: str, figures: Figures) -> Path:
    """Exercise the frozen programs; returns the demo database (for the start-up timing)."""
    s = Smoke(bundle, tmp)

    out = s.zjk("--version").stdout.strip()
    if expected_version not in out:
        raise BuildError(f"zjk --version said {out!r}, expected {expected_version}")
    print(f"  zjk --version: {out}")

    started = time.perf_counter()
    summary = s.zjk_json("demo", "--scale", "small")
    figures.add("frozen `zjk demo --scale small`", f"{time.perf_counter() - started:.1f} s")
    db = s.data_dir / "zjk.sqlite3"
    if not db.exists():
        raise BuildError(f"the default database is not in the user data folder ({db})")
    stray = [p for p in bundle.rglob("*.sqlite3")]
    if stray:
        raise BuildError(f"the program wrote a database inside its own folder: {stray[0]}")
    visits = _count(db, "SELECT count(*) FROM visit WHERE NOT deleted")
    if visits < 100:
        raise BuildError(f"the demo database holds {visits} visits: {summary}")
    print(f"  demo in {db}: {visits} visits")
    listed = s.zjk_json("record", "list", "--kind", "training", "--limit", "5")
    if len(listed) != 5:
        raise BuildError(f"zjk record list returned {len(listed)} rows")

    # Reports (when the build has them).
    help_text = s.zjk("--help").stdout
    if re.search(r"\breport\b", help_text):
        pdf, xlsx = tmp / "township.pdf", tmp / "township.xlsx"
        conn = sqlite3.connect(db)
        try:
            code, name = conn.execute(
                "SELECT code, name FROM org_unit WHERE level = 'township' AND NOT deleted ORDER BY code LIMIT 1"
            ).fetchone()
            first, last = conn.execute(
                "SELECT min(date), max(date) FROM visit WHERE NOT deleted"
            ).fetchone()
        finally:
            conn.close()
        started = time.perf_counter()
        result = s.zjk_json(
            "report",
            "township",
            "--scope",
            code,
            "--from",
            first,
            "--to",
            last,
            "--out",
            str(pdf),
            "--xlsx",
            str(xlsx),
        )
        figures.add(
            "frozen `zjk report township`",
            f"{time.perf_counter() - started:.1f} s, "
            f"{result.get('pages')} pages, font {result.get('font')}"
            f"{'' if result.get('embedded') else ' (NOT embedded)'}",
        )
        if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-" or not xlsx.exists():
            raise BuildError(f"zjk report township made no PDF/xlsx at {pdf}")
        if (
            IS_LINUX
            and Path("/usr/share/fonts/truetype/wqy").is_dir()
            and not result.get("embedded")
        ):
            raise BuildError(
                "the frozen report did not embed the WenQuanYi font found on this machine"
            )
        if shutil.which("pdftotext"):
            text = run(["pdftotext", pdf, "-"], quiet=True).stdout
            if name not in text:
                raise BuildError(f"the report PDF does not show the township name {name!r}")
        print(f"  report: {pdf.name} {pdf.stat().st_size} bytes for {name} {first}..{last}")
    else:
        print("  SKIP report: this build has no `zjk report` command (zjk_desktop.reports.cli)")

    # Sync between two databases, as offices do it: the county (demo data) sends its roster,
    # a township station joins and introduces itself, the county sends it everything.
    if re.search(r"\bexport\b", help_text) and re.search(r"\bimport\b", help_text):
        second = tmp / "township.sqlite3"
        a, b = ["--db", str(db)], ["--db", str(second)]
        conn = sqlite3.connect(db)
        try:
            county = conn.execute(
                "SELECT code FROM org_unit WHERE level = 'county' AND NOT deleted "
                "ORDER BY code LIMIT 1"
            ).fetchone()[0]
            township = conn.execute(
                "SELECT code FROM org_unit WHERE level = 'township' AND NOT deleted "
                "ORDER BY code LIMIT 1"
            ).fetchone()[0]
        finally:
            conn.close()
        roster, hello, full = tmp / "roster.zjkpkg", tmp / "hello.zjkpkg", tmp / "full.zjkpkg"
        request = tmp / "request.zjkpkg"
        started = time.perf_counter()
        s.zjk(*a, "init", "--role", "county", "--name", "县服务团管理员", "--org", county)
        s.zjk(*a, "export", "--roster", "--out", str(roster))
        s.zjk(*b, "keys", "trust", str(roster), "--yes")
        s.zjk(*b, "import", str(roster))
        s.zjk(*b, "init", "--role", "township", "--name", "服务站站长", "--org", township)
        s.zjk(*b, "keys", "request", "--out", str(request))  # enrolment request for the county
        s.zjk(*b, "export", "--to", "county", "--out", str(hello))
        s.zjk(*a, "keys", "approve", str(request), "--yes")
        s.zjk(*a, "import", str(hello))
        station = s.zjk_json(*b, "keys", "show")["node_id"]
        s.zjk(*a, "export", "--to", station, "--full", "--out", str(full))

        def import_full(env: dict[str, str] | None = None) -> None:
            # Exit 3: imported, some changes refused by the authority rules (the small demo has
            # county-made records of kinds a township may not receive); the records checked
            # below must arrive all the same.
            proc = run(
                [bundle / f"zjk{EXE}", *b, "import", str(full)],
                env=env or s.env,
                cwd=tmp,
                timeout=180,
                check=False,
                quiet=True,
            )
            if proc.returncode not in (0, 3):
                tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-10:])
                raise BuildError(
                    f"zjk import of the full package exited {proc.returncode}:\n{tail}"
                )

        # The first time with the parse worker forced on (the small demo is below its
        # break-even): the frozen program must start itself as the worker
        # (``zjk --zjk-parse-worker``) and the log must say the worker parsed the changes.
        import_full({**s.env, "ZJK_PARSE_WORKER": "always"})
        worker_lines = [
            line
            for log_file in [*s.home.rglob("zjk.log"), *tmp.glob("data/**/zjk.log")]
            for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines()
            if "parse worker" in line
        ]
        if not any("parsed in a second process" in line for line in worker_lines):
            raise BuildError(
                "sync: the frozen zjk import did not parse in its worker process:\n"
                + "\n".join(worker_lines[-5:])
            )
        versions = _count(second, "SELECT count(*) FROM versions")
        import_full()  # again: must succeed and change nothing
        if _count(second, "SELECT count(*) FROM versions") != versions:
            raise BuildError("sync: importing the same file twice changed the database")
        figures.add(
            "frozen sync round (9 commands)",
            f"{time.perf_counter() - started:.1f} s, "
            f"full package {full.stat().st_size / 1e3:.0f} kB",
        )
        src, dst = sqlite3.connect(db), sqlite3.connect(second)
        try:
            for kind in ("visit", "extension", "training"):
                got = dict(dst.execute(f"SELECT id, date FROM {kind} WHERE NOT deleted").fetchall())
                want = dict(
                    src.execute(f"SELECT id, date FROM {kind} WHERE NOT deleted").fetchall()
                )
                if not got or any(want.get(k) != v for k, v in got.items()):
                    raise BuildError(
                        f"sync: the township database has {len(got)} {kind} records, "
                        f"not matching the county's {len(want)}"
                    )
            counts = {
                k: dst.execute(f"SELECT count(*) FROM {k}").fetchone()[0]
                for k in ("visit", "specialist")
            }
        finally:
            src.close()
            dst.close()
        print(
            f"  sync: county -> township station: {counts['visit']} visits, "
            f"{counts['specialist']} specialists arrived (parsed by the frozen parse worker); "
            "re-import changed nothing"
        )
    else:
        print("  SKIP sync: this build has no `zjk export` / `zjk import` commands")

    # Upgrade: a database of the previous schema, opened by the frozen program.
    sys.path.insert(0, str(HERE))
    try:
        if TYPE_CHECKING:
            from installer.previous_schema import make_previous_version_db
        else:
            from previous_schema import make_previous_version_db

        from zjk_desktop.store.migrations import LATEST
    finally:
        sys.path.remove(str(HERE))
    if LATEST > 1:
        old = tmp / "old" / "zjk.sqlite3"
        old.parent.mkdir()
        info = make_previous_version_db(old)
        rows = s.zjk_json("--db", str(old), "record", "list", "--kind", "visit")
        # Compare ids here (ASCII whatever the console encoding) and the text in the file.
        if [r["id"] for r in rows] != [info["ids"]["visit"]]:
            raise BuildError("upgrade: the frozen zjk does not list the old database's visit")
        conn = sqlite3.connect(old)
        try:
            content = conn.execute(
                "SELECT content FROM visit WHERE id = ?", (info["ids"]["visit"],)
            ).fetchone()
        finally:
            conn.close()
        if content != (info["records"]["visit"]["content"],):
            raise BuildError("upgrade: the old visit's text changed in the upgrade")
        if _count(old, "PRAGMA user_version") != LATEST:
            raise BuildError("upgrade: the frozen zjk did not migrate the old database")
        if not list(old.parent.glob(f"zjk.v{LATEST - 1}-*.bak.sqlite3")):
            raise BuildError("upgrade: no backup of the old database was made before migrating")
        print(f"  upgrade: schema {LATEST - 1} database opened, migrated to {LATEST}, backup kept")

    if has_gui(bundle):
        gui = run(
            [bundle / f"{APP}{EXE}", "--smoke", "--db", str(db)],
            env=s.env,
            cwd=tmp,
            timeout=120,
            check=False,
            quiet=True,
        )
        if gui.returncode != 0:
            tail = "\n".join((gui.stdout + gui.stderr).strip().splitlines()[-25:])
            raise BuildError(f"zjk-desktop --smoke exited {gui.returncode}:\n{tail}")
        print("  zjk-desktop --smoke: main window opened on the demo data, exit 0")
    else:
        print("  SKIP GUI: this build has no zjk-desktop (zjk_desktop/gui/app.py missing)")
    return db


# ---------------------------------------------------------------- start-up timing
def drop_page_cache() -> bool:
    """Make the next start a cold one (Linux, root only); False if not possible."""
    if not IS_LINUX:
        return False
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def time_start(
    cmd: Sequence[str | os.PathLike[str]], env: dict[str, str], cwd: Path, warm_runs: int
) -> tuple[float, bool, float]:
    """(first run seconds, page cache dropped before it, median of the warm runs)."""

    def once() -> float:
        started = time.perf_counter()
        proc = subprocess.run(
            [str(c) for c in cmd],
            env=env,
            cwd=cwd,
            capture_output=True,
            timeout=120 * TIMEOUT_SCALE,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise BuildError(
                f"{cmd[0]} --smoke exited {proc.returncode}: "
                + proc.stderr.decode("utf-8", "replace").strip()[-500:]
            )
        return elapsed

    cold_dropped = drop_page_cache()
    cold = once()
    warm = statistics.median(once() for _ in range(warm_runs))
    return cold, cold_dropped, warm


def measure_start(bundle: Path, db: Path, tmp: Path, figures: Figures, warm_runs: int = 3) -> None:
    s = Smoke(bundle, tmp / "timing")
    frozen_db, source_db = tmp / "timing-frozen.sqlite3", tmp / "timing-source.sqlite3"
    shutil.copy(db, frozen_db)
    shutil.copy(db, source_db)
    cold, dropped, warm = time_start(
        [bundle / f"{APP}{EXE}", "--smoke", "--db", frozen_db], s.env, tmp, warm_runs
    )
    label = "cold, page cache dropped" if dropped else "first run, page cache not dropped"
    figures.add(
        "frozen GUI start to main window", f"{cold:.2f} s ({label}); warm median {warm:.2f} s"
    )
    main_py = ROOT / "main.py"
    if main_py.exists():
        env = dict(s.env)
        env["PYTHONPATH"] = str(ROOT)
        cold, dropped, warm = time_start(
            [sys.executable, main_py, "--smoke", "--db", source_db], env, ROOT, warm_runs
        )
        label = "cold, page cache dropped" if dropped else "first run, page cache not dropped"
        figures.add(
            "`python main.py --smoke` same run", f"{cold:.2f} s ({label}); warm median {warm:.2f} s"
        )


# ---------------------------------------------------------------- 4a. .deb
def deb_architecture() -> str:
    try:
        return run(["dpkg", "--print-architecture"], quiet=True).stdout.strip()
    except (OSError, BuildError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def build_linux_packages(
    bundle: Path,
    dist: Path,
    work: Path,
    ver: str,
    flavours: list[str],
    *,
    fast: bool = False,
    lint: bool = True,
    arch: str | None = None,
    build_number: int | None = None,
    figures: Figures | None = None,
    base: str | None = None,
) -> list[Path]:
    """Wrap the one bundle in each flavour (deb, uos), then check each as a store would."""
    info = linux_packages.package_info(ver, arch or deb_architecture(), build_number=build_number)
    debs = []
    depends = None  # computed once (dpkg-shlibdeps), the same for both flavours
    for flavour in flavours:
        started = time.perf_counter()
        try:
            deb, depends = linux_packages.build_package(
                flavour, bundle, dist, work, info, fast=fast, depends=depends, base=base
            )
        except linux_packages.PackageError as exc:
            raise BuildError(str(exc)) from exc
        check_package(flavour, deb, info)
        if not fast:
            check_size(f"the .deb ({flavour} flavour)", deb.stat().st_size, DEB_LIMIT)
        label = f".deb {flavour} flavour ({'gzip, --fast' if fast else 'xz'})"
        if figures is not None:
            figures.add(
                label, f"{mb(deb.stat().st_size)} ({time.perf_counter() - started:.0f} s) {deb}"
            )
        if lint:
            started = time.perf_counter()
            accept = linux_packages.uos_lintian_accepted() if flavour == "uos" else {}
            try:
                result = linux_packages.lintian(deb, accept=accept)
            except linux_packages.PackageError as exc:
                raise BuildError(str(exc)) from exc
            if not result.ok:
                shown = "\n".join((result.errors + result.warnings)[:30])
                raise BuildError(
                    f"lintian: {len(result.errors)} errors, {len(result.warnings)} warnings "
                    f"not overridden in {deb.name}:\n{shown}"
                )
            if figures is not None:
                figures.add(
                    f"lintian {flavour} flavour",
                    f"0 errors, 0 warnings; {result.overridden} overridden"
                    + (f", {len(result.accepted)} accepted for UOS" if result.accepted else "")
                    + f" ({time.perf_counter() - started:.0f} s)",
                )
        debs.append(deb)
    return debs


def check_package(flavour: str, deb: Path, info) -> None:
    """The files each flavour must hold, and a valid AppStream file for the deb flavour."""
    listing = run(["dpkg-deb", "--contents", deb], quiet=True).stdout
    if flavour == "deb":
        must = [
            f"./usr/lib/{APP}/zjk",
            "./usr/bin/zjk",
            "./usr/share/mime/packages/zjk-desktop.xml",
            f"./usr/share/doc/{APP}/copyright",
            f"./usr/share/doc/{APP}/changelog.Debian.gz",
            "./usr/share/man/man1/zjk.1.gz",
            f"./usr/share/lintian/overrides/{APP}",
        ]
    else:
        base = f"./opt/apps/{linux_packages.APP_ID}"
        must = [
            f"{base}/info",
            f"{base}/files/zjk",
            f"{base}/entries/mime/packages/{linux_packages.APP_ID}.xml",
            f"{base}/entries/icons/hicolor/256x256/apps/{linux_packages.APP_ID}.png",
        ]
        paths = [
            line.split(None, 5)[5].split(" -> ")[0] for line in listing.splitlines() if line.strip()
        ]
        outside = [
            p
            for p in paths
            if p not in ("./", "./opt/", "./opt/apps/") and not p.startswith(f"{base}/")
        ]
        if outside:
            raise BuildError(f"UOS flavour: files outside /opt/apps: {outside[:3]}")
        control = run(["dpkg-deb", "--info", deb], quiet=True).stdout
        for script in ("preinst", "postinst", "prerm", "postrm"):
            if re.search(rf"^\s+\d+ bytes,\s+\d+ lines\s+\*?\s*{script}\b", control, re.M):
                raise BuildError(f"UOS flavour: the package has a {script} script")
    for path in must:
        if path not in listing:
            raise BuildError(f"{deb.name} lacks {path}")
    if flavour == "deb" and shutil.which("appstreamcli"):
        xml = (
            Path(tempfile.mkdtemp(prefix="zjk-metainfo-")) / f"{linux_packages.APP_ID}.metainfo.xml"
        )
        xml.write_text(linux_packages.metainfo(info, "zjk-desktop.desktop"), encoding="utf-8")
        try:
            problems = linux_packages.appstream_validate(xml)
        finally:
            shutil.rmtree(xml.parent, ignore_errors=True)
        if problems:
            raise BuildError("appstreamcli validate: " + "; ".join(problems[:5]))


# ---------------------------------------------------------------- 4b. NSIS
def standin_payload(folder: Path) -> Path:
    """The shape of the Windows bundle with placeholder files (script check only)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    for name in (
        f"{APP}.exe",
        "zjk.exe",
        "_internal/base_library.zip",
        "_internal/python311.dll",
        "_internal/PySide6/Qt6Core.dll",
    ):
        (folder / name).write_bytes(b"stand-in for the Windows bundle\n")
    return folder


def build_nsis(payload: Path, out: Path, ver: str, *, fast: bool) -> Path:
    makensis = shutil.which("makensis")
    if makensis is None:
        raise BuildError("makensis not found (Debian package nsis, or NSIS on Windows)")
    numeric = ".".join((re.findall(r"\d+", ver) + ["0", "0", "0"])[:3])
    cmd = [
        makensis,
        "-WX",
        "-V2",
        "-INPUTCHARSET",
        "UTF8",
        f"-DPAYLOAD={payload}",
        f"-DVERSION={numeric}",
        f"-DOUTFILE={out}",
    ]
    if fast:
        cmd.append("-DCOMPRESS=zlib")
    out.unlink(missing_ok=True)
    run([*cmd, HERE / "zjk.nsi"], quiet=True)
    if not out.exists():
        raise BuildError(f"makensis made no {out}")
    return out


# ---------------------------------------------------------------- glibc base
def run_on_base(base: str, argv: list[str]) -> int:
    """Make (or reuse) the base's Python and venv, then run this build with it."""
    if TYPE_CHECKING:
        from installer import glibc_base
    else:
        import glibc_base
    if base != f"glibc-{glibc_base.TARGET_GLIBC}":
        print(
            f"BUILD FAILED: installer/glibc_base.py makes glibc-{glibc_base.TARGET_GLIBC}, "
            f"not {base}",
            file=sys.stderr,
        )
        return 1
    step(f"base {base}: Python and venv (installer/glibc_base.py)")
    started = time.perf_counter()
    try:
        python = glibc_base.Base().ensure()
    except glibc_base.BaseError as exc:
        print(f"\nBUILD FAILED: base {base}: {exc}", file=sys.stderr)
        return 1
    print(f"  base ready in {time.perf_counter() - started:.0f} s", flush=True)
    env = dict(os.environ, ZJK_GLIBC_BASE=base)
    return subprocess.run(
        [str(python), str(Path(__file__).resolve()), *argv], env=env, check=False
    ).returncode


def check_bundle_glibc(bundle: Path, base: str | None, figures: Figures) -> None:
    """List the highest GLIBC version the bundle needs; with a base, fail above its limits."""
    if shutil.which("readelf") is None:
        if base:
            raise BuildError(f"base {base}: readelf not found (Debian package binutils)")
        figures.add("glibc needed by the bundle", "not checked (no readelf: binutils)")
        return
    limits = check_glibc.limits_for(base or check_glibc.DEFAULT_BASE)
    found, bad = check_glibc.check(bundle, limits)
    top = check_glibc.summary(found)
    text = ", ".join(f"{k}_{check_glibc.show(v)}" for k, v in sorted(top.items()))
    figures.add("glibc needed by the bundle", f"{text} ({len(found)} ELF files)")
    if base and bad:
        lines = "\n".join(check_glibc.report(bundle, limits)[-min(len(bad), 20) - 1 :])
        raise BuildError(f"base {base}: {len(bad)} bundled files need more:\n{lines}")


# ---------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build, smoke-test and package zjk-desktop.")
    parser.add_argument(
        "--dist",
        type=Path,
        default=ROOT / "dist",
        help="output folder (default: dist/, with --base dist/<base>/)",
    )
    parser.add_argument(
        "--gui",
        choices=("auto", "1", "0"),
        default="auto",
        help="build the windowed program (auto: when zjk_desktop/gui/app.py exists)",
    )
    parser.add_argument(
        "--no-qt-filter", action="store_true", help="keep every Qt plugin (size comparison)"
    )
    parser.add_argument(
        "--no-smoke", action="store_true", help="skip the smoke test (never for a release)"
    )
    parser.add_argument("--no-package", action="store_true", help="bundle and smoke test only")
    parser.add_argument(
        "--nsis-payload",
        choices=("bundle", "standin"),
        default="bundle",
        help="off Windows: compile the NSIS script against the bundle or a stand-in",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="CI: gzip .deb and zlib NSIS instead of xz / solid LZMA (same contents, bigger)",
    )
    parser.add_argument(
        "--timing-runs",
        type=int,
        default=3,
        help="warm start-up runs to take the median of (0: no start-up timing)",
    )
    parser.add_argument(
        "--flavour",
        choices=("deb", "uos", "all"),
        default="all",
        help="Linux package: deb (Debian layout, /usr/lib), uos (UOS app store, /opt/apps), "
        "all (both from the one bundle; default)",
    )
    parser.add_argument(
        "--arch",
        choices=("native", "amd64", "arm64"),
        default="native",
        help="arm64 on an amd64 machine: build and smoke-test inside an emulated arm64 "
        "Debian (installer/arm64.py; slow, root only)",
    )
    parser.add_argument(
        "--no-lintian", action="store_true", help="do not run lintian on the .deb files"
    )
    parser.add_argument(
        "--no-nsis", action="store_true", help="do not compile the Windows installer script"
    )
    parser.add_argument(
        "--build-number",
        type=int,
        default=None,
        help="4th part of the UOS version (default: ZJK_BUILD_NUMBER, else the git commit count)",
    )
    parser.add_argument(
        "--base",
        choices=sorted(check_glibc.BASES),
        default=os.environ.get("ZJK_GLIBC_BASE") or None,
        help="amd64: build with a Python made for this glibc (installer/glibc_base.py) so the "
        "packages install on older systems: glibc-2.28 for 统信UOS 20 and 银河麒麟 V10",
    )
    args = parser.parse_args(argv)

    if args.base and os.environ.get("ZJK_GLIBC_BASE") != args.base:
        return run_on_base(args.base, argv if argv is not None else sys.argv[1:])

    if args.arch not in ("native", deb_architecture()):
        if args.arch != "arm64":
            print(
                f"BUILD FAILED: cannot build {args.arch} on {deb_architecture()}", file=sys.stderr
            )
            return 1
        if TYPE_CHECKING:
            from installer import arm64
        else:
            import arm64

        passed = [
            a for a in (argv if argv is not None else sys.argv[1:]) if not a.startswith("--arch")
        ]
        if "arm64" in passed:
            passed.remove("arm64")
        return arm64.main(passed, dist=args.dist.resolve())

    ver = version()
    if args.base and args.dist == ROOT / "dist":
        args.dist = ROOT / "dist" / args.base  # beside, not over, the native build
    dist = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    figures = Figures()
    total_started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="zjk-build-"))
    try:
        step(f"translations ({ver})")
        qms = compile_translations(work / "qm")
        qm_dir, kept = work / "qm", kept_pyinstaller_work()
        if kept:  # the .qm files are inputs of PyInstaller's kept analysis
            qm_dir = copy_if_changed(qm_dir, kept / "qm")
        print("  " + (", ".join(p.name for p in qms) or "no .ts sources"))

        step("PyInstaller bundle")
        started = time.perf_counter()
        bundle = build_bundle(
            dist,
            work,
            gui=args.gui,
            qt_filter=not args.no_qt_filter,
            qm_dir=qm_dir,
        )
        figures.add("PyInstaller build", f"{time.perf_counter() - started:.0f} s")
        if IS_LINUX:
            try:
                changed = linux_packages.drop_build_machine_rpaths(bundle)
            except linux_packages.PackageError as exc:
                raise BuildError(str(exc)) from exc
            if changed:
                print(f"  removed the build machine's library paths (RUNPATH) from {changed} files")
        bundle_bytes = tree_size(bundle)
        figures.add(
            "unpacked bundle" + ("" if not args.no_qt_filter else " (no Qt filter)"),
            f"{mb(bundle_bytes)} in {bundle}",
        )
        if not args.no_qt_filter:
            check_size("the unpacked bundle", bundle_bytes, BUNDLE_LIMIT)
        if IS_LINUX:
            check_bundle_glibc(bundle, args.base, figures)
        if not has_gui(bundle):
            print("  note: no zjk-desktop in this build (zjk_desktop/gui/app.py missing)")

        if not args.no_smoke:
            step("smoke test of the frozen program")
            smoke_tmp = Path(tempfile.mkdtemp(prefix="zjk-smoke-"))
            try:
                db = smoke_test(bundle, smoke_tmp, ver, figures)
                if has_gui(bundle) and args.timing_runs > 0:
                    step("start-up time")
                    measure_start(bundle, db, smoke_tmp, figures, args.timing_runs)
            finally:
                shutil.rmtree(smoke_tmp, ignore_errors=True)

        if not args.no_package:
            if IS_LINUX:
                flavours = (
                    list(linux_packages.FLAVOURS) if args.flavour == "all" else [args.flavour]
                )
                step(f".deb ({', '.join(flavours)}) + lintian")
                build_linux_packages(
                    bundle,
                    dist,
                    work,
                    ver,
                    flavours,
                    fast=args.fast,
                    lint=not args.no_lintian,
                    build_number=args.build_number,
                    figures=figures,
                    base=args.base,
                )
            if not args.no_nsis:
                step("NSIS installer script")
                started = time.perf_counter()
                if IS_WIN:
                    setup = build_nsis(bundle, dist / f"{APP}-setup-{ver}.exe", ver, fast=args.fast)
                    figures.add("Windows setup.exe", f"{mb(setup.stat().st_size)} {setup}")
                else:
                    payload = (
                        bundle
                        if args.nsis_payload == "bundle"
                        else standin_payload(work / "standin")
                    )
                    setup = build_nsis(payload, work / "nsis-check.exe", ver, fast=args.fast)
                    figures.add(
                        f"NSIS script check ({args.nsis_payload} payload)",
                        f"compiled OK, {mb(setup.stat().st_size)} in {time.perf_counter() - started:.0f} s"
                        " (not a Windows build)",
                    )
    except BuildError as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as exc:
        print(f"\nBUILD FAILED: timed out: {' '.join(map(str, exc.cmd))}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)

    figures.add("total", f"{time.perf_counter() - total_started:.0f} s")
    print("\n== figures\n" + figures.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
