"""installer/zjk.spec: two programs in one folder, the data they need, Qt trimmed safely.

The spec is executed the way PyInstaller executes it, with recording stand-ins for
Analysis/PYZ/EXE/COLLECT, so no build runs (that is .ci/build-installers.sh's job).
The Qt filter is fed real PySide6 plugin and library files so its dependency walk is
the real one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

pytest.importorskip("PyInstaller", reason="PyInstaller not installed (pip install -e '.[build]')")

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "zjk.spec"


class Recorder:
    calls: ClassVar[list[tuple[str, tuple, dict]]] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        Recorder.calls.append((type(self).__name__, args, kwargs))


class FakeAnalysis(Recorder):
    qt_toc: ClassVar[list[tuple[str, str, str]]] = []

    def __init__(self, scripts, **kwargs):
        super().__init__(scripts, **kwargs)
        gui = scripts[0].endswith("launch_gui.py")
        self.scripts = [("launch", scripts[0], "PYSOURCE")]
        self.pure = []
        qt = FakeAnalysis.qt_toc if gui else []
        self.binaries = [e for e in qt if e[2] in ("BINARY", "EXTENSION")]
        self.datas = [(dest, src, "DATA") for src, dest in kwargs.get("datas", [])]
        self.datas += [e for e in qt if e[2] not in ("BINARY", "EXTENSION")]


class FakePYZ(Recorder):
    pass


class FakeEXE(Recorder):
    pass


class FakeCOLLECT(Recorder):
    pass


def run_spec(monkeypatch, tmp_path, *, qt_filter: bool = True, qt_toc=()):
    qm_dir = tmp_path / "qm"
    qm_dir.mkdir()
    (qm_dir / "zh_CN.qm").write_bytes(b"\x3c\xb8\x64\x18")
    monkeypatch.setenv("ZJK_BUILD_GUI", "1")
    monkeypatch.setenv("ZJK_QT_FILTER", "1" if qt_filter else "0")
    monkeypatch.setenv("ZJK_QM_DIR", str(qm_dir))
    Recorder.calls = []
    FakeAnalysis.qt_toc = list(qt_toc)
    namespace: dict[str, Any] = {
        "SPECPATH": str(SPEC.parent),
        "__file__": str(SPEC),
        "Analysis": FakeAnalysis,
        "PYZ": FakePYZ,
        "EXE": FakeEXE,
        "COLLECT": FakeCOLLECT,
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return Recorder.calls


def _calls(calls, kind):
    return [c for c in calls if c[0] == kind]


@pytest.fixture(scope="module")
def qt_dir():
    import PySide6

    path = Path(PySide6.__file__).parent / "Qt"
    if not sys.platform.startswith("linux") or not (path / "lib").is_dir():
        pytest.skip("needs the Linux PySide6 wheel layout (PySide6/Qt/lib, plugins)")
    return path


def test_two_programs_console_zjk_and_windowed_zjk_desktop_without_upx(monkeypatch, tmp_path):
    calls = run_spec(monkeypatch, tmp_path)
    exes = {c[2]["name"]: c[2] for c in _calls(calls, "FakeEXE")}
    assert set(exes) == {"zjk", "zjk-desktop"}
    assert exes["zjk"]["console"] is True
    assert exes["zjk-desktop"]["console"] is False
    assert all(e["upx"] is False and e["exclude_binaries"] is True for e in exes.values())
    (collect,) = _calls(calls, "FakeCOLLECT")
    assert collect[2]["name"] == "zjk-desktop" and collect[2]["upx"] is False  # one-dir, one folder
    cli_analysis, _gui_analysis = _calls(calls, "FakeAnalysis")
    assert cli_analysis[1][0][0].endswith("launch_cli.py")
    assert "PySide6" in cli_analysis[2]["excludes"]  # the console program never loads Qt


def test_bundle_carries_forms_resources_translations_and_report_fonts(monkeypatch, tmp_path):
    calls = run_spec(monkeypatch, tmp_path)
    datas = _calls(calls, "FakeAnalysis")[0][2]["datas"]
    placed = {(Path(src).name, dest.replace("\\", "/")) for src, dest in datas}
    for ui in (ROOT / "ui").glob("*.ui"):
        assert (ui.name, "ui") in placed
    assert ("sample_roster.xlsx", "resources/sample") in placed
    assert ("zh_CN.qm", "resources/translations") in placed  # compiled translation shipped
    assert ("zhangjiakou_counties.csv", "zjk_desktop/data") in placed
    # reportlab's own fonts stay out (lintian: Adobe Type 1 fragments, Vera duplicates);
    # reports embed the system's CJK TrueType font.
    assert not any(dest.startswith("reportlab/fonts") for _, dest in placed)
    # Sources of the translations stay out: the program would prefer a stale .ts.
    assert not any(name.endswith(".ts") or name.startswith("catalog_") for name, _ in placed)


def _qt_entry(qt_dir: Path, rel: str, typecode: str = "BINARY"):
    return (f"PySide6/Qt/{rel}", str(qt_dir / rel), typecode)


def test_qt_filter_drops_unused_plugins_and_only_the_libraries_they_needed(
    monkeypatch, tmp_path, qt_dir
):
    # Qt 6.8 has libqwayland-egl.so and libqwayland-generic.so (one libqwayland.so from 6.10)
    wayland = sorted(p.name for p in (qt_dir / "plugins" / "platforms").glob("libqwayland*.so"))[0]
    toc = [
        _qt_entry(qt_dir, "plugins/platforms/libqxcb.so"),
        _qt_entry(qt_dir, "plugins/platforms/libqoffscreen.so"),
        _qt_entry(qt_dir, f"plugins/platforms/{wayland}"),
        _qt_entry(qt_dir, "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so"),
        _qt_entry(qt_dir, "plugins/imageformats/libqjpeg.so"),
        _qt_entry(qt_dir, "plugins/platformthemes/libqgtk3.so"),
        _qt_entry(qt_dir, "plugins/tls/libqopensslbackend.so"),
        _qt_entry(qt_dir, "plugins/egldeviceintegrations/libqeglfs-kms-integration.so"),
        _qt_entry(qt_dir, "plugins/sqldrivers/libqsqlite.so"),
        _qt_entry(qt_dir, "lib/libQt6Core.so.6"),
        _qt_entry(qt_dir, "lib/libQt6Gui.so.6"),
        _qt_entry(qt_dir, "lib/libQt6XcbQpa.so.6"),
        _qt_entry(qt_dir, "lib/libQt6Network.so.6"),
        _qt_entry(qt_dir, "lib/libQt6EglFSDeviceIntegration.so.6"),
        ("PySide6/QtWidgets.abi3.so", str(qt_dir.parent / "QtWidgets.abi3.so"), "EXTENSION"),
        _qt_entry(qt_dir, "translations/qtbase_zh_CN.qm", "DATA"),
        _qt_entry(qt_dir, "translations/qtbase_de.qm", "DATA"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
    ]
    for _, src, typecode in toc:
        assert typecode == "SYMLINK" or Path(src).exists(), src
    calls = run_spec(monkeypatch, tmp_path, qt_toc=toc)
    collected = {e[0] for e in _calls(calls, "FakeCOLLECT")[0][1][-1]}

    kept = {
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        f"platforms/{wayland}",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "imageformats/libqjpeg.so",
    }
    for plugin in kept:
        assert f"PySide6/Qt/plugins/{plugin}" in collected, plugin
    for plugin in (
        "platformthemes/libqgtk3.so",
        "tls/libqopensslbackend.so",
        "egldeviceintegrations/libqeglfs-kms-integration.so",
        "sqldrivers/libqsqlite.so",
    ):
        assert f"PySide6/Qt/plugins/{plugin}" not in collected, plugin
    # Libraries the kept plugins and modules link stay (with their symlinks) ...
    for lib in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6XcbQpa.so.6"):
        assert f"PySide6/Qt/lib/{lib}" in collected, lib
    assert "libQt6Core.so.6" in collected
    # ... those only the dropped plugins linked go, and no symlink is left dangling.
    for lib in ("libQt6Network.so.6", "libQt6EglFSDeviceIntegration.so.6"):
        assert f"PySide6/Qt/lib/{lib}" not in collected, lib
    assert "libQt6Network.so.6" not in collected
    assert "PySide6/Qt/translations/qtbase_zh_CN.qm" in collected  # Chinese standard buttons
    assert "PySide6/Qt/translations/qtbase_de.qm" not in collected


def test_without_the_filter_every_collected_qt_file_is_kept(monkeypatch, tmp_path, qt_dir):
    toc = [
        _qt_entry(qt_dir, "plugins/tls/libqopensslbackend.so"),
        _qt_entry(qt_dir, "lib/libQt6Network.so.6"),
    ]
    calls = run_spec(monkeypatch, tmp_path, qt_filter=False, qt_toc=toc)
    collected = {e[0] for e in _calls(calls, "FakeCOLLECT")[0][1][-1]}
    assert {
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
    } <= collected


def test_windows_programs_carry_a_version_resource_with_the_program_version(monkeypatch, tmp_path):
    import ast

    calls = run_spec(monkeypatch, tmp_path)
    namespace_files = {c[2]["name"]: c[2].get("version") for c in _calls(calls, "FakeEXE")}
    assert set(namespace_files) == {"zjk", "zjk-desktop"}
    declared = re.search(
        r'__version__\s*=\s*"([^"]+)"',
        (ROOT / "zjk_desktop" / "__init__.py").read_text(encoding="utf-8"),
    )
    assert declared is not None, "zjk_desktop/__init__.py declares no __version__"
    version = declared.group(1)
    spec_globals: dict[str, Any] = {
        "SPECPATH": str(SPEC.parent),
        "__file__": str(SPEC),
        "Analysis": FakeAnalysis,
        "PYZ": FakePYZ,
        "EXE": FakeEXE,
        "COLLECT": FakeCOLLECT,
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), spec_globals)
    for name in ("zjk", "zjk-desktop"):
        text = Path(spec_globals["VERSION_FILES"][name]).read_text(encoding="utf-8")
        ast.parse(text, mode="eval")  # PyInstaller evaluates the file as one expression
        nums = tuple(int(n) for n in (re.findall(r"\d+", version) + ["0"] * 4)[:4])
        assert f"filevers={nums}" in text
        assert f"StringStruct('ProductVersion', '{version}')" in text
        assert f"StringStruct('OriginalFilename', '{name}.exe')" in text
        assert "张家口科技特派员工作平台" in text
    # Only Windows executables carry the resource (PyInstaller ignores it elsewhere, with a warning).
    expected = sys.platform.startswith("win")
    assert all((v is not None) == expected for v in namespace_files.values())


def test_console_program_excludes_gpl_readline(monkeypatch, tmp_path):
    calls = run_spec(monkeypatch, tmp_path)
    for analysis in _calls(calls, "FakeAnalysis"):
        assert "readline" in analysis[2]["excludes"]


def test_every_runtime_dependency_in_pyproject_is_bundled_without_a_hand_kept_list(
    monkeypatch, tmp_path
):
    import tomllib

    calls = run_spec(monkeypatch, tmp_path)
    cli_analysis = _calls(calls, "FakeAnalysis")[0]
    hidden = set(cli_analysis[2]["hiddenimports"])
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    modules = {
        "sqlite-utils": "sqlite_utils",
        "reportlab": "reportlab",
        "platformdirs": "platformdirs",
        "openpyxl": "openpyxl",
        "cryptography": "cryptography",
        "pypinyin": "pypinyin",
    }
    for dep in deps:
        name = re.split(r"[\s;<>=!~\[(]", dep, maxsplit=1)[0].lower()
        if name in modules:
            assert modules[name] in hidden, name
    assert not any(m.startswith(("PySide6", "shiboken6")) for m in hidden)  # the CLI never loads Qt
    # Every core module, found by walking the package (a new module needs no spec edit).
    assert {
        "zjk_desktop.cli",
        "zjk_desktop.store",
        "zjk_desktop.sync.cli",
        "zjk_desktop.reports.cli",
    } <= hidden
    assert not any(m.startswith("zjk_desktop.gui") for m in hidden)


def test_the_build_machines_own_qt_leaves_nothing_behind(monkeypatch, tmp_path, qt_dir):
    # A plugin shipped as data is analysed against the system's Qt (Debian qt6-base-dev-tools
    # builds the fcitx plugin): that Qt's own libraries (ICU 72, 35 MB) must not be bundled.
    from PyInstaller.depend import bindepend

    system_core = bindepend.resolve_library_path("libQt6Core.so.6")
    if not system_core or "site-packages" in str(system_core):
        pytest.skip("no system Qt 6 on this machine (Debian libqt6core6)")
    system_needs = sorted(
        name
        for name, path in bindepend.get_imports(system_core)
        if path and name.startswith("libicu")
    )
    if not system_needs:
        pytest.skip("the system Qt links no ICU here")
    leaked = system_needs[0]
    toc = [
        _qt_entry(qt_dir, "lib/libQt6Core.so.6"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Core.so.6", str(system_core), "BINARY"),
        (leaked, bindepend.resolve_library_path(leaked), "BINARY"),
    ]
    calls = run_spec(monkeypatch, tmp_path, qt_toc=toc)
    collected = _calls(calls, "FakeCOLLECT")[0][1][-1]
    names = {e[0] for e in collected}
    assert leaked not in names
    assert (
        "PySide6/Qt/lib/libQt6Core.so.6" in names and "libQt6Core.so.6" in names
    )  # the bundled Qt stays
    assert all(e[1] != str(system_core) for e in collected)


def test_a_prebuilt_library_for_another_architecture_stays_out(monkeypatch, tmp_path):
    namespace: dict[str, Any] = {
        "SPECPATH": str(SPEC.parent),
        "__file__": str(SPEC),
        "Analysis": FakeAnalysis,
        "PYZ": FakePYZ,
        "EXE": FakeEXE,
        "COLLECT": FakeCOLLECT,
    }
    monkeypatch.setenv("ZJK_QM_DIR", str(tmp_path))
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    import platform

    here = {"x86_64": 62, "amd64": 62, "aarch64": 183, "arm64": 183}.get(platform.machine().lower())
    if here is None:
        pytest.skip(f"unknown machine {platform.machine()}")
    other = 183 if here == 62 else 62

    def elf(path: Path, machine: int) -> Path:
        path.write_bytes(
            b"\x7fELF\x02\x01\x01" + b"\0" * 11 + machine.to_bytes(2, "little") + b"\0" * 40
        )
        return path

    assert namespace["foreign_elf"](elf(tmp_path / "other.so", other))
    assert not namespace["foreign_elf"](elf(tmp_path / "native.so", here))
    (tmp_path / "text.json").write_text("{}")
    assert not namespace["foreign_elf"](tmp_path / "text.json")


@pytest.mark.parametrize(
    ("machine", "folder"), [("x86_64", "qt-plugins"), ("aarch64", "qt-plugins-arm64")]
)
def test_the_bundle_ships_the_fcitx_plugin_built_for_its_processor(
    monkeypatch, tmp_path, machine, folder
):
    import platform

    monkeypatch.setattr(platform, "machine", lambda: machine)
    calls = run_spec(monkeypatch, tmp_path)
    datas = _calls(calls, "FakeAnalysis")[0][2]["datas"]
    shipped = {
        Path(src).relative_to(ROOT / "resources").parts[0]: dest.replace("\\", "/")
        for src, dest in datas
        if Path(src).name in ("fcitx-plugin.json", "libfcitx5platforminputcontextplugin.so")
    }
    # one plugin folder, of this machine, where the program looks: resources/qt-plugins
    assert set(shipped) == {folder}
    assert sorted(
        dest
        for src, dest in datas
        if Path(src).name in ("fcitx-plugin.json", "libfcitx5platforminputcontextplugin.so")
    ) == ["resources/qt-plugins", "resources/qt-plugins/platforminputcontexts"]
