"""Lint and type checks, run exactly as CI runs them, findings listed per file.

    .venv/bin/python tools/lint.py                  # the CI gate: exit 1 on any finding
    .venv/bin/python tools/lint.py --table          # plus one line of counts per file
    .venv/bin/python tools/lint.py zjk_desktop/sync # only findings in these files/folders
    .venv/bin/python tools/lint.py --fix FILE...    # ruff's safe fixes + format on FILE, then check

The three checks use the repository's configuration (pyproject.toml ``[tool.ruff]``,
``[tool.mypy]``) and the versions pinned in the ``test`` extra:

1. ``ruff check .``
2. ``ruff format --check .``
3. ``mypy`` (its ``files`` setting: main.py, zjk_desktop, tests, bench, tools)

With paths, every check still runs on the whole tree (types cross files) and only the
findings in those paths are shown and counted.  ``--fix`` never runs on the whole tree
without paths: other people's files are reformatted on their branches, not here.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ruff --output-format concise: "path:line:col: CODE message"
RUFF_LINE = re.compile(r"^(?P<path>[^:\s][^:]*\.pyi?):\d+:\d+: (?P<code>[A-Z]+[0-9]+)\b")
# ruff format --check --output-format concise: "path:line:col: unformatted: ..."
FORMAT_LINE = re.compile(r"^(?P<path>[^:\s][^:]*\.pyi?):\d+:\d+: unformatted\b")
# mypy's lines: "path:line: error: message  [code]" (notes follow their error)
MYPY_LINE = re.compile(r"^(?P<path>[^:\s][^:]*\.pyi?):\d+: (?P<level>error|note): ")


@dataclass
class FileFindings:
    ruff: list[str] = field(default_factory=list)
    unformatted: bool = False
    mypy: list[str] = field(default_factory=list)  # errors with their notes
    mypy_errors: int = 0

    @property
    def total(self) -> int:
        return len(self.ruff) + int(self.unformatted) + self.mypy_errors


def run(args: list[str]) -> tuple[int, list[str]]:
    """Run a check from the repository root; its exit code and output lines."""
    proc = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode not in (0, 1):  # 2: the tool itself failed (bad config, crash)
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"lint: `{' '.join(args)}` failed to run (exit {proc.returncode})")
    return proc.returncode, proc.stdout.splitlines()


def collect() -> dict[str, FileFindings]:
    found: dict[str, FileFindings] = defaultdict(FileFindings)
    _, lines = run(["ruff", "check", "--output-format", "concise", "--no-fix", "."])
    for line in lines:
        if m := RUFF_LINE.match(line):
            found[m["path"]].ruff.append(line)
    _, lines = run(["ruff", "format", "--check", "--output-format", "concise", "."])
    for line in lines:
        if m := FORMAT_LINE.match(line):
            found[m["path"]].unformatted = True
    _, lines = run(["mypy", "--no-error-summary", "--no-pretty"])
    for line in lines:
        if m := MYPY_LINE.match(line):
            entry = found[m["path"]]
            entry.mypy.append(line)
            entry.mypy_errors += m["level"] == "error"
    return found


def selected(path: str, wanted: list[Path]) -> bool:
    if not wanted:
        return True
    p = (ROOT / path).resolve()
    return any(p == w or w in p.parents for w in wanted)


def fix(paths: list[Path]) -> None:
    files = [str(p.relative_to(ROOT)) for p in paths]
    run(["ruff", "check", "--fix", "--quiet", *files])
    run(["ruff", "format", "--quiet", *files])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to report on")
    parser.add_argument("--table", action="store_true", help="counts per file, most first")
    parser.add_argument(
        "--fix", action="store_true", help="apply ruff's safe fixes and format PATHS first"
    )
    parser.add_argument("--quiet", action="store_true", help="counts only, no findings")
    args = parser.parse_args(argv)
    wanted = [p.resolve() for p in args.paths]
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    if args.fix:
        if not wanted:
            parser.error("--fix needs the files or folders to fix")
        fix(wanted)

    found = {p: f for p, f in collect().items() if selected(p, wanted) and f.total}
    if not args.quiet:
        for path in sorted(found):
            f = found[path]
            if f.unformatted:
                print(f"{path}: would be reformatted by `ruff format`")
            for line in f.ruff + f.mypy:
                print(line)
    if args.table and found:
        width = max(len(p) for p in found)
        print(f"\n{'file':<{width}}  ruff  format  mypy")
        for path, f in sorted(found.items(), key=lambda item: (-item[1].total, item[0])):
            fmt = "yes" if f.unformatted else "-"
            print(f"{path:<{width}}  {len(f.ruff):>4}  {fmt:>6}  {f.mypy_errors:>4}")
    ruff = sum(len(f.ruff) for f in found.values())
    unformatted = sum(f.unformatted for f in found.values())
    mypy = sum(f.mypy_errors for f in found.values())
    print(
        f"lint: {ruff} ruff finding(s), {unformatted} file(s) to reformat, "
        f"{mypy} mypy error(s) in {len(found)} file(s)"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
