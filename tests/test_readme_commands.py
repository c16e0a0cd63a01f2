"""README.md's ``zjk`` examples run as written (a doctest for the README).

Every line starting with ``zjk`` in a ```` ```bash ```` block of README.md runs, in order,
in one scratch folder (its own data folder, so the default database is a fresh
one).  A line must exit 0, unless its comment says ``# exit 1`` (an example of a
refusal), in which case it must exit 1 with one line on stderr.  The word ``ID``
stands for the short id the previous ``record add`` printed.  The files the
examples name (``花名册.xlsx``, ``田间.jpg``) are put in the scratch folder first.

A block preceded by ``<!-- readme-test: template ... -->`` holds templates
(placeholders such as ``NODE``, ``a|b`` alternatives, ``[optional]`` parts): each
line is parsed by the real argument parser with the first alternative of each
``a|b`` and the brackets removed, so a command or option the program does not
have fails the test; nothing runs.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from PIL import Image

from zjk_desktop import cli
from zjk_desktop.paths import resources_dir

README = Path(__file__).resolve().parent.parent / "README.md"
TEMPLATE_MARK = "<!-- readme-test: template"


def readme_blocks() -> list[tuple[bool, list[str]]]:
    """(is template, zjk lines) of every bash block of README.md."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for m in re.finditer(
        r"(?P<before>[^\n]*)\n```(?:bash|sh|console)\n(?P<body>.*?)\n```", text, re.S
    ):
        lines = [line.strip() for line in m.group("body").splitlines()]
        zjk = [line for line in lines if line.startswith("zjk ")]
        if zjk:
            blocks.append((m.group("before").startswith(TEMPLATE_MARK), zjk))
    return blocks


def split(line: str) -> tuple[list[str], str]:
    """Arguments after ``zjk`` and the trailing comment (a ``#`` after a space, outside quotes)."""
    quote = None
    cut = len(line)
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and i > 0 and line[i - 1].isspace():
            cut = i
            break
    tokens = shlex.split(line[:cut])
    assert tokens[0] == "zjk", line
    return tokens[1:], line[cut + 1 :].strip()


def test_readme_has_runnable_examples_and_templates():
    blocks = readme_blocks()
    assert sum(len(lines) for template, lines in blocks if not template) >= 15
    assert any(template for template, _ in blocks)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    folder = tmp_path / "scratch"
    folder.mkdir()
    shutil.copy(resources_dir() / "sample" / "sample_roster.xlsx", folder / "花名册.xlsx")
    Image.new("RGB", (640, 480), "darkgreen").save(folder / "田间.jpg", "JPEG")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("ZJK_DATA_DIR", str(tmp_path / "data"))
    return folder


def test_every_readme_example_runs(scratch, capsys):
    last_id = None
    ran = 0
    for template, lines in readme_blocks():
        if template:
            continue
        for line in lines:
            args, comment = split(line)
            if "ID" in args:
                assert last_id, f"{line}: no record added before it"
                args = [last_id if a == "ID" else a for a in args]
            if args == ["--version"]:
                with pytest.raises(SystemExit) as info:
                    cli.main(args)
                assert info.value.code == 0
                capsys.readouterr()
                continue
            try:
                code = cli.main(args)
            except SystemExit as exc:  # argparse: not a command or option the program has
                pytest.fail(
                    f"README line is a usage error: {line} ({capsys.readouterr().err.strip()})"
                )
                raise AssertionError from exc
            out, err = capsys.readouterr()
            if "exit 1" in comment:
                assert code == 1 and err.count("\n") == 1, f"{line}\n{err}"
                expected = comment.split(":", 1)[1].strip() if ":" in comment else ""
                assert expected in err, f"{line}: says {err!r}"
            else:
                assert code == 0, f"{line}\n{out}\n{err}"
            if args[:2] == ["record", "add"] and code == 0:
                last_id = out.split()[-1]
            ran += 1
    assert ran >= 15


def test_readme_templates_name_real_commands_and_options():
    parser = cli.build_parser()
    checked = 0
    for template, lines in readme_blocks():
        if not template:
            continue
        for line in lines:
            args, _ = split(line)
            args = [a.strip("[]").split("|")[0] for a in args if a not in ("...", "…")]
            args = [a for a in args if a]
            try:
                parser.parse_args(args)
            except SystemExit as exc:  # argparse: unknown command or option
                pytest.fail(f"README template does not parse: {line} ({exc})")
            checked += 1
    assert checked >= 5
