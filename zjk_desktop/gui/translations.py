"""Loading the program's Qt translations (and Qt's own) for the chosen language.

Sources are ``resources/translations/<lang>.ts`` (kept by tools/update_translations.py).
The compiled ``.qm`` is looked for next to them (the installer build ships them there:
``tools/update_translations.py --release``), then in ``<user data>/translations/``.  When
neither is current (a first start from a checkout, or the ``.ts`` changed), the ``.ts`` is
read directly by ``TsTranslator`` for this run and the ``.qm`` is built with ``lrelease``
in the background for the next start.  Without ``lrelease`` the ``.ts`` is always read, so
the program is never left half-English.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import i18n
from ..paths import resources_dir, user_data_dir

log = logging.getLogger(__name__)


def ts_path(lang: str) -> Path:
    return resources_dir() / "translations" / f"{lang}.ts"


def _lrelease() -> list[str] | None:
    exe_dir = Path(sys.executable).parent
    for candidate in (exe_dir / "pyside6-lrelease", exe_dir / "pyside6-lrelease.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("pyside6-lrelease")
    if found:
        return [found]
    try:
        import PySide6

        base = Path(PySide6.__file__).parent
        for candidate in (base / "lrelease", base / "lrelease.exe"):
            if candidate.exists():
                return [str(candidate)]
    except ImportError:  # pragma: no cover
        pass
    return None


def compiled_qm(lang: str, *, build: bool = True) -> Path | None:
    """A current ``.qm`` for ``lang``: shipped, cached, or (``build``) freshly built; else None."""
    ts = ts_path(lang)
    shipped = ts.with_suffix(".qm")
    frozen = getattr(sys, "frozen", False)  # bundles do not keep file times: trust what shipped
    if shipped.exists() and (
        frozen or not ts.exists() or shipped.stat().st_mtime >= ts.stat().st_mtime
    ):
        return shipped
    if not ts.exists():
        return None
    cache = user_data_dir() / "translations" / f"{lang}.qm"
    if cache.exists() and cache.stat().st_mtime >= ts.stat().st_mtime:
        return cache
    if not build:
        return None
    tool = _lrelease()
    if tool is None:
        return None
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.part")  # never a half-written .qm
    try:
        subprocess.run(
            [*tool, "-silent", str(ts), "-qm", str(partial)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        partial.replace(cache)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not build %s with lrelease: %s", cache, exc)
        partial.unlink(missing_ok=True)
        return None
    return cache


_building: set[str] = set()


def _build_later(lang: str) -> None:
    if lang in _building or not ts_path(lang).exists() or _lrelease() is None:
        return
    _building.add(lang)
    threading.Thread(target=compiled_qm, args=(lang,), name=f"lrelease-{lang}", daemon=True).start()


class TsTranslator(QTranslator):
    """Translations read straight from a ``.ts`` file (fallback when no ``.qm`` can be had)."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self._table: dict[tuple[str, str], str] = {}
        root = ET.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                tr = message.find("translation")
                if tr is None or tr.get("type") == "unfinished" or not tr.text:
                    continue
                self._table[(name, message.findtext("source") or "")] = tr.text

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return self._table.get((context, source_text))

    def isEmpty(self) -> bool:
        return not self._table


class Translations:
    """The translators installed on the application; ``apply(lang)`` swaps them live."""

    def __init__(self) -> None:
        self.installed: list[QTranslator] = []
        self.language = ""

    def apply(self, lang: str) -> None:
        app = QCoreApplication.instance()
        assert app is not None, "translations are applied once the application exists"
        if lang not in i18n.LANGUAGES:
            lang = i18n.DEFAULT_LANGUAGE
        for tr in self.installed:
            app.removeTranslator(tr)
        self.installed = []
        i18n.set_language(lang)
        QLocale.setDefault(
            QLocale(
                QLocale.Language.Chinese if lang == "zh_CN" else QLocale.Language.English,
                QLocale.Country.China if lang == "zh_CN" else QLocale.Country.UnitedStates,
            )
        )
        ours: QTranslator | None = None
        qm = compiled_qm(lang, build=False)
        if qm is None:
            # First start (or new strings): read the .ts now (a few ms) and build the .qm
            # in the background for the next start (lrelease takes ~0.3 s).
            _build_later(lang)
        if qm is not None:
            candidate = QTranslator(app)
            if candidate.load(str(qm)):
                ours = candidate
            else:
                log.warning("could not load %s", qm)
        if ours is None and ts_path(lang).exists():
            ours = TsTranslator(ts_path(lang), app)
        if ours is not None:
            app.installTranslator(ours)
            self.installed.append(ours)
        if lang == "zh_CN":
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qtbase = QTranslator(app)
            if qtbase.load("qtbase_zh_CN", qt_dir):
                app.installTranslator(qtbase)
                self.installed.append(qtbase)
            else:
                log.warning("Qt's own qtbase_zh_CN.qm not found in %s", qt_dir)
        self.language = lang


TRANSLATIONS = Translations()
