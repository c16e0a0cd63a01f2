#!/usr/bin/env python3
"""Keep the Qt translation sources in step with the code (run after changing GUI strings).

    .venv/bin/python tools/update_translations.py          # update .ts, fill zh_CN
    .venv/bin/python tools/update_translations.py --check  # exit 1 if stale or untranslated
    .venv/bin/python tools/update_translations.py --release  # also build .qm next to the .ts

What it does:
1. ``pyside6-lupdate`` collects every ``self.tr("...")``, ``QCoreApplication.translate(ctx, "...")``
   and ``QT_TRANSLATE_NOOP(ctx, "...")`` in ``zjk_desktop/gui/**/*.py`` and every translatable
   string in ``ui/*.ui`` into ``resources/translations/zh_CN.ts`` and ``en.ts``
   (obsolete entries dropped, no line numbers so the files only change when strings do).
2. The Chinese text comes from the catalogs ``resources/translations/catalog_*.py``: each
   defines ``ZH_CN = {"English source": "中文", "Context|English source": "中文"}``
   (the ``Context|`` form overrides one context only, e.g. ``"MainWindow|Open"``).
   Source strings are English; ``en.ts`` is filled with the source text itself.
   Catalogs must not disagree (the check says where two give different Chinese).
3. Strings without a Chinese translation are listed and stay "unfinished" (Qt then shows
   the English source — a mixed-language screen — so ``--check`` fails on them).

``.qm`` files are not committed: the program compiles them at first start into the user
data folder (see ``zjk_desktop/gui/translations.py``) and the installer build runs this
script with ``--release`` so the frozen program ships them.

Do not use ``%n`` plural forms or ``self.tr(text, disambiguation)`` (pyside6-lupdate
files the latter under a wrong context); use ``%1`` placeholders and ``.replace``.
"""

from __future__ import annotations

import argparse
import runpy
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")
HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'


def find_tool(name: str) -> list[str]:
    """Command line prefix for a Qt tool shipped with PySide6 (lupdate / lrelease)."""
    exe_dir = Path(sys.executable).parent
    for candidate in (exe_dir / f"pyside6-{name}", exe_dir / f"pyside6-{name}.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which(f"pyside6-{name}")
    if found:
        return [found]
    try:
        import PySide6

        base = Path(PySide6.__file__).parent
        for candidate in (base / name, base / f"{name}.exe"):
            if candidate.exists():
                return [str(candidate)]
    except ImportError:
        pass
    raise SystemExit(f"{name} not found: install PySide6-Essentials (pyside6-{name})")


def sources() -> list[Path]:
    files = sorted((ROOT / "zjk_desktop" / "gui").rglob("*.py"))
    files += sorted((ROOT / "ui").glob("*.ui"))
    return files


def load_catalog() -> dict[str, str]:
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted(TS_DIR.glob("catalog_*.py")):
        table = runpy.run_path(str(path)).get("ZH_CN", {})
        for key, value in table.items():
            if key in merged and merged[key] != value:
                raise SystemExit(
                    f"{path.name}: {key!r} is {value!r} but {origin[key]} says {merged[key]!r}"
                )
            merged[key] = value
            origin[key] = path.name
    return merged


def run_lupdate(target_dir: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in sources()]
    for lang in LANGUAGES:
        ts = target_dir / f"{lang}.ts"
        cmd = [
            *find_tool("lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            lang,
            *files,
            "-ts",
            str(ts),
        ]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"lupdate failed:\n{result.stdout}\n{result.stderr}")


def fill(ts_path: Path, lang: str, catalog: dict[str, str]) -> list[tuple[str, str]]:
    """Write translations into one .ts file; returns (context, source) still missing."""
    tree = ET.parse(ts_path)
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        if not name or "." in name:
            sources_here = [m.findtext("source") for m in context.iter("message")]
            raise SystemExit(
                f"pyside6-lupdate filed {sources_here!r} under context {name!r}: inside a class use"
                ' only self.tr(...); call QCoreApplication.translate("Context", "text") with'
                " literal arguments in module-level functions only"
            )
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            if lang == "en":
                text: str | None = source
            else:
                text = catalog.get(f"{name}|{source}", catalog.get(source))
            if text is None:
                missing.append((name, source))
                translation.text = None
                translation.set("type", "unfinished")
            else:
                translation.text = text
                translation.attrib.pop("type", None)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_path.write_text(HEADER + body + "\n", encoding="utf-8")
    return missing


def release(ts_dir: Path, out_dir: Path) -> list[Path]:
    out = []
    for lang in LANGUAGES:
        qm = out_dir / f"{lang}.qm"
        cmd = [*find_tool("lrelease"), "-silent", str(ts_dir / f"{lang}.ts"), "-qm", str(qm)]
        subprocess.run(cmd, check=True, capture_output=True)
        out.append(qm)
    return out


def update(ts_dir: Path) -> list[tuple[str, str]]:
    catalog = load_catalog()
    run_lupdate(ts_dir)
    missing: list[tuple[str, str]] = []
    for lang in LANGUAGES:
        found = fill(ts_dir / f"{lang}.ts", lang, catalog)
        if lang == "zh_CN":
            missing = found
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if the .ts files are stale or incomplete",
    )
    parser.add_argument("--release", action="store_true", help="also build .qm files")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_dir = Path(tmp)
            for lang in LANGUAGES:
                if (TS_DIR / f"{lang}.ts").exists():
                    shutil.copy(TS_DIR / f"{lang}.ts", tmp_dir / f"{lang}.ts")
            missing = update(tmp_dir)
            stale = [
                lang
                for lang in LANGUAGES
                if not (TS_DIR / f"{lang}.ts").exists()
                or (tmp_dir / f"{lang}.ts").read_text("utf-8")
                != (TS_DIR / f"{lang}.ts").read_text("utf-8")
            ]
    else:
        TS_DIR.mkdir(parents=True, exist_ok=True)
        missing = update(TS_DIR)
        stale = []
        if args.release:
            for qm in release(TS_DIR, TS_DIR):
                print(f"built {qm.relative_to(ROOT)}")
    for context, source in missing:
        print(f"untranslated (zh_CN): {context}: {source!r}")
    for lang in stale:
        print(f"stale: resources/translations/{lang}.ts (run tools/update_translations.py)")
    total = (
        sum(1 for _ in ET.parse(TS_DIR / "zh_CN.ts").getroot().iter("message"))
        if (TS_DIR / "zh_CN.ts").exists()
        else 0
    )
    print(f"{total} strings, {len(missing)} untranslated")
    if args.check and (missing or stale):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
