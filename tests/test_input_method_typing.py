"""Type pinyin through real input-method daemons into the program's record form.

Each test starts Xvfb, a session D-Bus, one input-method daemon with pinyin on, and the
program's visit form (``input_method_typing_app.py``, a real xcb window), then types
``nihao`` + space with xdotool: 你好 must arrive in the form's 服务内容 field.  Without a
working input-context plugin Qt delivers the keys themselves and ``nihao `` arrives.

Needs (Debian, installed by ``.ci/run``): xvfb, xdotool, dbus, ibus + ibus-libpinyin, fcitx5 +
fcitx5-chinese-addons, and fcitx 4 (``fcitx-bin`` … ``fcitx-pinyin``) unpacked into
``ZJK_FCITX4_ROOT`` (default ``/opt/zjk-fcitx4``) because it cannot be installed beside
fcitx5.  A test whose daemon is missing is skipped, saying which package.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import cast

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 input methods")

HELPER = Path(__file__).with_name("input_method_typing_app.py")
FCITX4_ROOT = Path(os.environ.get("ZJK_FCITX4_ROOT", "/opt/zjk-fcitx4"))
STARTUP_S = 30
_DISPLAYS = itertools.count(200 + os.getpid() % 400)

FCITX5_PROFILE = """\
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""
FCITX4_PROFILE = "[Profile]\nEnabledIMList=fcitx-keyboard-us:True,pinyin:True\nIMName=pinyin\n"


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (see .ci/run)")


def _wait_for(what: str, check, timeout: float = STARTUP_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


class Session:
    """Xvfb + session D-Bus; every process started here is ended by ``close``."""

    def __init__(self, home: Path):
        self.processes: list[subprocess.Popen] = []
        self.home = home
        self.display = self._start_xvfb()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("QT_", "XMODIFIERS", "GTK_IM", "DBUS_", "FCITX", "LD_"))
        }
        for sub in (".config", ".local/share", ".cache"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        self.env.update(
            DISPLAY=self.display,
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local/share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            LANG="C.UTF-8",
            QT_QPA_PLATFORM="xcb",
        )
        bus = self.start(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            env=self.env,
        )
        assert bus.stdout is not None  # stdout=PIPE
        ready, _, _ = select.select([bus.stdout], [], [], STARTUP_S)
        address = bus.stdout.readline().decode().strip() if ready else ""
        assert address, "dbus-daemon did not start"
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address

    def _start_xvfb(self) -> str:
        """A display of our own, away from the low numbers other tests and desktops use."""
        # a new number each time: reusing one just closed fails now and then
        while (number := next(_DISPLAYS)) < 1000:
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            read_fd, write_fd = os.pipe()
            xvfb = self.start(
                [
                    "Xvfb",
                    f":{number}",
                    "-displayfd",
                    str(write_fd),
                    "-screen",
                    "0",
                    "1024x768x24",
                    "-nolisten",
                    "tcp",
                ],
                pass_fds=(write_fd,),
                env=os.environ.copy(),
            )
            os.close(write_fd)
            started = b""
            # Xvfb writes the number, then "\n": closing the pipe in between kills it
            while not started.endswith(b"\n"):
                ready, _, _ = select.select([read_fd], [], [], STARTUP_S)
                chunk = os.read(read_fd, 64) if ready else b""
                if not chunk:
                    break
                started += chunk
            os.close(read_fd)
            if started.decode().strip() == str(number) and xvfb.poll() is None:
                _wait_for("the X socket", Path(f"/tmp/.X11-unix/X{number}").exists)
                return f":{number}"
        raise AssertionError("Xvfb did not start")

    def start(self, argv: list[str], **kwargs) -> subprocess.Popen[bytes]:
        kwargs.setdefault("env", getattr(self, "env", None))
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        process = subprocess.Popen(argv, **kwargs)
        self.processes.append(process)
        return process

    def run(self, argv: list[str], env=None) -> str:
        result = subprocess.run(
            argv,
            check=False,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=STARTUP_S,
        )
        return result.stdout.strip()

    def has_bus_name(self, name: str) -> bool:
        reply = self.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                f"string:{name}",
            ]
        )
        return "boolean true" in reply

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for stream in (process.stdout, process.stderr):
                if stream:
                    stream.close()


@pytest.fixture
def session(tmp_path):
    _need("Xvfb", "dbus-daemon", "dbus-send", "xdotool")
    s = Session(tmp_path / "home")
    yield s
    s.close()


def type_into_the_form(session: Session, db_path: Path, app_env: dict, activate) -> str:
    """Open the visit form, switch the input method on, type ``nihao`` + space."""
    env = {**session.env, **app_env, "ZJK_DATA_DIR": str(session.home / "zjk")}
    app = session.start(
        [sys.executable, str(HELPER), str(db_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert app.stdout is not None and app.stderr is not None  # both PIPE
    # Popen's pipes are buffered readers (bufsize=-1); typeshed types them as plain IO.
    stderr = cast(io.BufferedReader, app.stderr)
    ready, _, _ = select.select([app.stdout], [], [], 60)
    line = app.stdout.readline() if ready else b""
    assert line, f"the form did not open: {stderr.read1().decode(errors='replace')}"
    window = json.loads(line)["window"]
    session.run(["xdotool", "windowfocus", "--sync", str(window)])
    activate()
    session.run(["xdotool", "type", "--delay", "40", "nihao"])
    session.run(["xdotool", "key", "space"])
    ready, _, _ = select.select([app.stdout], [], [], 60)
    line = app.stdout.readline() if ready else b""
    assert line, "the form did not report its text"
    return json.loads(line)["text"]


@pytest.fixture
def db_path(small_demo_db, tmp_path):
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(small_demo_db, copy)
    return copy


def test_fcitx5_pinyin_types_chinese_into_a_record_form(session, db_path):
    """Debian/Deepin/openKylin with fcitx 5; QT_IM_MODULE unset, as on many desktops."""
    _need("fcitx5", "fcitx5-remote")
    if not list(Path("/usr/lib").glob("*/fcitx5/libpinyin.so")):
        pytest.skip("not installed: fcitx5-chinese-addons (pinyin)")
    profile = Path(session.env["XDG_CONFIG_HOME"]) / "fcitx5" / "profile"
    profile.parent.mkdir(parents=True)
    profile.write_text(FCITX5_PROFILE)
    session.start(["fcitx5", "--disable=wayland,waylandim,kimpanel,notificationitem,notifications"])
    _wait_for("fcitx5 on D-Bus", lambda: session.has_bus_name("org.fcitx.Fcitx5"))

    def activate():
        def pinyin_on() -> bool:
            session.run(["fcitx5-remote", "-o"])
            return session.run(["fcitx5-remote", "-n"]) == "pinyin"

        _wait_for(
            "fcitx5 pinyin in the form (no fcitx input context: plugin not loaded?)", pinyin_on
        )

    text = type_into_the_form(
        session, db_path, {"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}, activate
    )
    assert text == "你好"


def test_fcitx4_pinyin_types_chinese_into_a_record_form(session, db_path):
    """UOS 20 / Kylin V10 with fcitx 4 and QT_IM_MODULE=fcitx."""
    system = shutil.which("fcitx") and shutil.which("fcitx-remote")
    prefix = Path("/usr") if system else FCITX4_ROOT / "usr"
    fcitx, remote = prefix / "bin" / "fcitx", prefix / "bin" / "fcitx-remote"
    if not (
        fcitx.exists() and (prefix / "share" / "fcitx" / "inputmethod" / "pinyin.conf").exists()
    ):
        pytest.skip(f"fcitx 4 with fcitx-pinyin not found in /usr or {FCITX4_ROOT} (see .ci/run)")
    daemon_env = dict(session.env)
    if not system:  # unpacked beside fcitx5: point fcitx 4 at its own folder
        daemon_env.update(
            FCITXDIR=str(prefix), LD_LIBRARY_PATH=str(prefix / "lib" / "x86_64-linux-gnu")
        )
    profile = Path(session.env["XDG_CONFIG_HOME"]) / "fcitx" / "profile"
    profile.parent.mkdir(parents=True)
    profile.write_text(FCITX4_PROFILE)
    session.start([str(fcitx), "-D"], env=daemon_env)
    _wait_for("fcitx 4 on D-Bus", lambda: session.has_bus_name("org.fcitx.Fcitx"))

    def activate():
        def pinyin_on() -> bool:
            session.run([str(remote), "-o"], env=daemon_env)
            return session.run([str(remote)], env=daemon_env) == "2"

        _wait_for(
            "fcitx 4 active in the form (no fcitx input context: plugin not loaded?)", pinyin_on
        )

    text = type_into_the_form(
        session, db_path, {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}, activate
    )
    assert text == "你好"


def test_ibus_libpinyin_types_chinese_into_a_record_form(session, db_path):
    """ibus + libpinyin; QT_IM_MODULE unset, the session says XMODIFIERS=@im=ibus."""
    _need("ibus-daemon", "ibus")
    if not Path("/usr/share/ibus/component/libpinyin.xml").exists():
        pytest.skip("not installed: ibus-libpinyin")
    memconf = Path("/usr/libexec/ibus-memconf")  # settings in memory: no dconf service needed
    session.start(
        [
            "ibus-daemon",
            "--panel=disable",
            "--emoji-extension=disable",
            "--xim",
            f"--config={memconf}",
        ]
    )
    _wait_for("ibus-daemon", lambda: session.run(["ibus", "address"]) not in ("", "(null)"))

    def pinyin_on() -> bool:
        session.run(["ibus", "engine", "libpinyin"])
        return session.run(["ibus", "engine"]) == "libpinyin"

    _wait_for("the ibus libpinyin engine", pinyin_on)
    text = type_into_the_form(session, db_path, {"XMODIFIERS": "@im=ibus"}, lambda: None)
    assert text == "你好"
