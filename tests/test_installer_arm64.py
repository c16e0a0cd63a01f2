"""installer/build.py --arch arm64: handed to the emulated-arm64 recipe (installer/arm64.py).

The recipe itself (debootstrap + qemu, an hour on two cores) runs on demand, not here; these
tests check the parts that decide what it does.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
if TYPE_CHECKING:  # mypy knows installer/arm64.py as installer.arm64 (explicit_package_bases)
    from installer import arm64
else:
    import arm64  # installer/arm64.py, on sys.path through build.py


def test_the_chroot_uses_the_debian_mirror_apt_uses_here(tmp_path):
    deb822 = tmp_path / "debian.sources"
    deb822.write_text(
        "Types: deb\n# a comment\nURIs: http://mirror.invalid/debian\nSuites: bookworm\n"
    )
    assert arm64.debian_mirror((deb822,)) == "http://mirror.invalid/debian"
    one_line = tmp_path / "sources.list"
    one_line.write_text("# old style\ndeb [arch=amd64] http://other.invalid/debian bookworm main\n")
    assert arm64.debian_mirror((tmp_path / "missing", one_line)) == "http://other.invalid/debian"
    with pytest.raises(arm64.Arm64Error):
        arm64.debian_mirror((tmp_path / "missing",))


@pytest.mark.skipif(build.deb_architecture() == "arm64", reason="on arm64 the build runs natively")
def test_arch_arm64_hands_the_other_options_to_the_emulated_build(monkeypatch, tmp_path):
    seen = {}

    def fake_main(args, *, dist):
        seen["args"], seen["dist"] = args, dist
        return 0

    monkeypatch.setattr(arm64, "main", fake_main)
    code = build.main(
        ["--arch", "arm64", "--fast", "--flavour", "uos", "--dist", str(tmp_path / "out")]
    )
    assert code == 0
    assert "--arch" not in seen["args"] and "arm64" not in seen["args"]
    assert seen["args"][:3] == ["--fast", "--flavour", "uos"]
    assert seen["dist"] == (tmp_path / "out").resolve()


def _fake_pyinstaller(monkeypatch):
    """build.run standing in for PyInstaller: records the command, makes the bundle's zjk."""
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append((list(map(str, cmd)), kwargs.get("env") or {}))
        dist = Path(cmd[cmd.index("--distpath") + 1])
        (dist / build.APP).mkdir(parents=True, exist_ok=True)
        (dist / build.APP / f"zjk{build.EXE}").write_text("")

    monkeypatch.setattr(build, "run", fake_run)
    return calls


def test_an_emulated_build_reuses_pyinstallers_work_from_the_last_run(monkeypatch, tmp_path):
    calls = _fake_pyinstaller(monkeypatch)
    kept = tmp_path / "kept"
    monkeypatch.setenv("ZJK_PYINSTALLER_WORK", str(kept))
    build.build_bundle(tmp_path / "dist", tmp_path / "w1", gui="0", qt_filter=True, qm_dir=kept)
    cmd, env = calls[-1]
    assert "--clean" not in cmd
    assert cmd[cmd.index("--workpath") + 1] == str(kept / "pyinstaller")
    assert env["PYINSTALLER_CONFIG_DIR"] == str(kept / "pyinstaller-config")


def test_a_normal_build_starts_pyinstaller_from_a_clean_work_folder(monkeypatch, tmp_path):
    calls = _fake_pyinstaller(monkeypatch)
    monkeypatch.delenv("ZJK_PYINSTALLER_WORK", raising=False)
    work = tmp_path / "w"
    build.build_bundle(tmp_path / "dist", work, gui="0", qt_filter=True, qm_dir=work / "qm")
    cmd, _env = calls[-1]
    assert "--clean" in cmd
    assert cmd[cmd.index("--workpath") + 1] == str(work / "pyinstaller")


def test_the_chroot_build_lints_on_the_host_and_keeps_its_work(tmp_path):
    script = arm64.inside_script(["python3", "dpkg-dev"], "12", "1700000000", "'--fast'")
    # lintian is not installed in the chroot (it lints on the host): build.py inside skips it
    assert "installer/build.py" in script and "--no-lintian" in script
    assert f"ZJK_PYINSTALLER_WORK={arm64.KEPT_WORK}" in script
    assert "'--fast'" in script


def test_a_lintian_finding_on_the_arm64_package_fails_the_build(monkeypatch, tmp_path):
    if TYPE_CHECKING:
        from installer import linux_packages
    else:
        import linux_packages

    deb = tmp_path / "zjk-desktop_0.1.0-1_arm64.deb"
    deb.write_bytes(b"")
    finding = "E: zjk-desktop: binary-from-other-architecture usr/lib/zjk-desktop/zjk"
    monkeypatch.setattr(
        linux_packages,
        "lintian",
        lambda deb, accept: linux_packages.LintianResult([finding], [], 3, []),
    )
    with pytest.raises(arm64.Arm64Error, match="binary-from-other-architecture"):
        arm64.lint_on_host([deb])


def test_the_frozen_gui_smoke_gets_more_time_under_emulation(monkeypatch):
    from zjk_desktop.gui import app

    monkeypatch.delenv("ZJK_TIMEOUT_SCALE", raising=False)
    assert app.smoke_timeout_s() == app.SMOKE_TIMEOUT_S
    monkeypatch.setenv("ZJK_TIMEOUT_SCALE", "20")
    assert app.smoke_timeout_s() == 20 * app.SMOKE_TIMEOUT_S
    monkeypatch.setenv("ZJK_TIMEOUT_SCALE", "fast")
    assert app.smoke_timeout_s() == app.SMOKE_TIMEOUT_S


def test_unchanged_translations_keep_their_time_so_a_kept_analysis_is_reused(tmp_path):
    fresh, kept = tmp_path / "fresh", tmp_path / "kept"
    fresh.mkdir()
    (fresh / "zh_CN.qm").write_bytes(b"same")
    (fresh / "en.qm").write_bytes(b"new")
    kept.mkdir()
    (kept / "zh_CN.qm").write_bytes(b"same")
    (kept / "en.qm").write_bytes(b"old")
    os.utime(kept / "zh_CN.qm", (1_000_000, 1_000_000))
    assert build.copy_if_changed(fresh, kept) == kept
    assert (kept / "zh_CN.qm").stat().st_mtime == 1_000_000  # untouched
    assert (kept / "en.qm").read_bytes() == b"new"


def test_the_emulated_processor_has_no_pointer_authentication_unless_asked(monkeypatch, tmp_path):
    # qemu's default processor computes pointer authentication in software at every call:
    # Python under it ran ~240x slower than natively, ~9x on a Cortex-A72.
    seen = []

    def fake_run(cmd, env, check):
        seen.append(env)
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.delenv("QEMU_CPU", raising=False)
    arm64.run_inside(tmp_path, "true")
    assert seen[-1]["QEMU_CPU"] == "cortex-a72"
    monkeypatch.setenv("QEMU_CPU", "max,pauth-impdef=on")
    arm64.run_inside(tmp_path, "true")
    assert seen[-1]["QEMU_CPU"] == "max,pauth-impdef=on"
