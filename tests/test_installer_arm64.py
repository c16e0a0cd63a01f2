"""installer/build.py --arch arm64: handed to the emulated-arm64 recipe (installer/arm64.py).

The recipe itself (debootstrap + qemu, an hour on two cores) runs on demand, not here; these
tests check the parts that decide what it does.
"""

from __future__ import annotations

import importlib.util
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
