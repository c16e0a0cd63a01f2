"""Which glibc (and libstdc++) a bundle needs: the highest symbol version of each ELF file.

    python installer/check_glibc.py dist/zjk-desktop                 # list, fail above 2.28
    python installer/check_glibc.py dist/zjk-desktop --max-glibc 2.31

The dynamic loader refuses a library that needs a symbol version the system's library does
not define (``version `GLIBC_2.34' not found``).  For every ELF file under the folder this
reads the version needs (``readelf --version-info``) and reports, per file, the highest
``GLIBC_x.y`` it needs from libc/libm/libpthread/libdl/ld-linux, and the highest
``GLIBCXX_`` / ``CXXABI_`` / ``GCC_`` it needs from a libstdc++ / libgcc_s that is *not*
in the bundle (the target system's, so they must not be newer than that system's GCC).

Limits for a base (``--base glibc-2.28``): glibc 2.28 and GCC 8 (Debian 10 / 统信UOS 20:
GLIBCXX_3.4.25, CXXABI_1.3.11, GCC_7.0.0).  ``installer/build.py`` runs the check on the
bundle it made; ``tests/test_installer_glibc.py`` runs it on ``dist/`` when a build is there.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

Version = tuple[int, ...]

# Which library defines which symbol-version family.
FAMILY_OF_LIBRARY = {
    "libc.so.6": "GLIBC",
    "libm.so.6": "GLIBC",
    "libpthread.so.0": "GLIBC",
    "libdl.so.2": "GLIBC",
    "librt.so.1": "GLIBC",
    "libutil.so.1": "GLIBC",
    "libresolv.so.2": "GLIBC",
    "ld-linux-x86-64.so.2": "GLIBC",
    "ld-linux-aarch64.so.1": "GLIBC",
    "libstdc++.so.6": "GLIBCXX",
    "libgcc_s.so.1": "GCC",
}

# Per base: the highest version of each family the target systems define.
# glibc-2.28: Debian 10 "buster" / 统信UOS 20 (glibc 2.28, GCC 8.3).
BASES: dict[str, dict[str, Version]] = {
    "glibc-2.28": {"GLIBC": (2, 28), "GLIBCXX": (3, 4, 25), "CXXABI": (1, 3, 11), "GCC": (7, 0, 0)},
    # Ubuntu 20.04 / 银河麒麟 V10 (glibc 2.31, GCC 9.3).
    "glibc-2.31": {"GLIBC": (2, 31), "GLIBCXX": (3, 4, 28), "CXXABI": (1, 3, 12), "GCC": (7, 0, 0)},
}
DEFAULT_BASE = "glibc-2.28"

_VERSION_RE = re.compile(r"^(GLIBC|GLIBCXX|CXXABI|GCC)_(\d+(?:\.\d+)*)$")


def parse_version(text: str) -> Version:
    return tuple(int(part) for part in text.split("."))


def show(version: Version) -> str:
    return ".".join(str(n) for n in version)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def parse_version_needs(readelf_output: str) -> dict[str, set[str]]:
    """``readelf --version-info`` text -> {needed library file: {version names}}."""
    needs: dict[str, set[str]] = {}
    current: str | None = None
    in_needs = False
    for line in readelf_output.splitlines():
        if line.startswith("Version needs section"):
            in_needs = True
            continue
        if line.startswith(("Version symbols section", "Version definition section")):
            in_needs = False
            continue
        if not in_needs:
            continue
        file_match = re.search(r"File:\s+(\S+)", line)
        if file_match:
            current = file_match.group(1)
            needs.setdefault(current, set())
            continue
        name_match = re.search(r"Name:\s+(\S+)", line)
        if name_match and current is not None:
            needs[current].add(name_match.group(1))
    return needs


def version_needs(path: Path) -> dict[str, set[str]]:
    proc = subprocess.run(
        ["readelf", "--version-info", "--wide", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    return parse_version_needs(proc.stdout)


@dataclass
class ElfNeeds:
    path: Path
    highest: dict[str, Version] = field(default_factory=dict)  # family -> version

    def over(self, limits: dict[str, Version]) -> dict[str, Version]:
        return {f: v for f, v in self.highest.items() if f in limits and v > limits[f]}


def needs_of(path: Path, bundled: set[str]) -> ElfNeeds:
    """The highest version per family that ``path`` needs from the target system.

    Needs against a library the bundle carries itself (``bundled``: file names) are the
    bundle's business, not the system's; libc is never bundled.
    """
    result = ElfNeeds(path)
    for library, names in version_needs(path).items():
        family_of_lib = FAMILY_OF_LIBRARY.get(library)
        if family_of_lib is None or (family_of_lib != "GLIBC" and library in bundled):
            continue
        for name in names:
            match = _VERSION_RE.match(name)
            if not match:
                continue
            family, version = match.group(1), parse_version(match.group(2))
            if family == "GLIBC" and family_of_lib != "GLIBC":
                continue
            if version > result.highest.get(family, ()):
                result.highest[family] = version
    return result


def scan(folder: Path) -> list[ElfNeeds]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))
    bundled = {p.name for p in folder.rglob("*.so*")}
    return [needs_of(p, bundled) for p in files]


def check(folder: Path, limits: dict[str, Version]) -> tuple[list[ElfNeeds], list[ElfNeeds]]:
    """(every ELF file's needs, those above ``limits``)."""
    found = scan(folder)
    return found, [n for n in found if n.over(limits)]


def summary(found: list[ElfNeeds]) -> dict[str, Version]:
    top: dict[str, Version] = {}
    for needs in found:
        for family, version in needs.highest.items():
            top[family] = max(top.get(family, ()), version)
    return top


def report(folder: Path, limits: dict[str, Version], *, verbose: bool = False) -> list[str]:
    """Lines to print; the last says PASS or FAIL.  Raises nothing."""
    found, bad = check(folder, limits)
    lines = []
    if verbose:
        for needs in found:
            shown = ", ".join(f"{f}_{show(v)}" for f, v in sorted(needs.highest.items()))
            lines.append(f"  {needs.path.relative_to(folder)}: {shown or '-'}")
    top = summary(found)
    lines.append(
        f"  {len(found)} ELF files; highest needs: "
        + ", ".join(f"{f}_{show(v)}" for f, v in sorted(top.items()))
    )
    for needs in bad:
        over = ", ".join(
            f"{f}_{show(v)} > {show(limits[f])}" for f, v in needs.over(limits).items()
        )
        lines.append(f"  TOO NEW: {needs.path.relative_to(folder)}: {over}")
    limit_text = ", ".join(f"{f}_{show(v)}" for f, v in sorted(limits.items()))
    lines.append(
        f"  {'FAIL' if bad else 'PASS'}: {len(bad)} of {len(found)} ELF files need more than "
        f"{limit_text}"
    )
    return lines


def limits_for(base: str, max_glibc: str | None = None) -> dict[str, Version]:
    limits = dict(BASES[base])
    if max_glibc:
        limits["GLIBC"] = parse_version(max_glibc)
    return limits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the one-folder program (dist/zjk-desktop)")
    parser.add_argument("--base", choices=sorted(BASES), default=DEFAULT_BASE)
    parser.add_argument("--max-glibc", help="override the base's glibc limit, e.g. 2.31")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per ELF file")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"check_glibc: no folder {args.folder}", file=sys.stderr)
        return 2
    if shutil.which("readelf") is None:
        print("check_glibc: readelf not found (Debian package binutils)", file=sys.stderr)
        return 2
    lines = report(args.folder, limits_for(args.base, args.max_glibc), verbose=args.verbose)
    print("\n".join(lines))
    return 1 if lines[-1].lstrip().startswith("FAIL") else 0


if __name__ == "__main__":
    sys.exit(main())
