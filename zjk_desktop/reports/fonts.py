"""Finding a Chinese font reportlab can embed.

Order: the font the user chose (settings / ``--font``, or ``ZJK_REPORT_FONT``);
fonts found on the system (Windows SimSun/SimHei/Microsoft YaHei/FangSong,
Linux WenQuanYi / AR PL / Droid through fontconfig, macOS STHeiti/Songti);
last reportlab's built-in ``STSong-Light``, which is *not* embedded (the PDF
viewer substitutes a font), so the choice carries a warning for the user.

reportlab embeds TrueType outlines only: an OpenType font with PostScript (CFF)
outlines — Noto Sans CJK, Source Han, most ``.otf`` — is refused with a clear
message instead of a reportlab traceback.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .. import i18n
from ..errors import UserError

log = logging.getLogger(__name__)

FALLBACK_FONT = "STSong-Light"
ENV_FONT = "ZJK_REPORT_FONT"

i18n.register(
    {
        "report.font_missing": ("找不到字体文件：{path}", "Font file not found: {path}"),
        "report.font_cff": (
            (
                "字体 {name} 使用 PostScript（CFF）轮廓，报表程序无法嵌入；请改用 TrueType 字体"
                "（如 SimSun、SimHei、Microsoft YaHei、文泉驿微米黑）"
            ),
            (
                "The font {name} has PostScript (CFF) outlines, which reports cannot embed; choose a"
                " TrueType font instead (e.g. SimSun, SimHei, Microsoft YaHei, WenQuanYi Micro Hei)"
            ),
        ),
        "report.font_not_font": (
            "{name} 不是可用的 TrueType 字体文件：{reason}",
            "{name} is not a usable TrueType font file: {reason}",
        ),
        "report.font_no_chinese": (
            "字体 {name} 不含中文字形，报表无法使用",
            "The font {name} has no Chinese characters; reports cannot use it",
        ),
        "report.font_fallback": (
            (
                "未找到可嵌入的中文 TrueType 字体，已改用内置字体 STSong-Light（未嵌入 PDF，"
                "其他电脑上显示和打印效果取决于阅读器）；可在设置中选择字体文件"
            ),
            (
                "No embeddable Chinese TrueType font was found; using the built-in STSong-Light,"
                " which is not embedded (how it looks on another computer depends on the PDF"
                " viewer); choose a font file in the settings"
            ),
        ),
    }
)


class FontError(UserError):
    """A font the user chose cannot be used (message already translated)."""


@dataclass(frozen=True)
class FontChoice:
    name: str  # the name registered with reportlab
    path: str | None  # None for the built-in CID font
    embedded: bool
    warning: str | None = None


# Sample characters a report font must have.
_PROBE = "特派员乡镇"


# Well-known TrueType Chinese fonts, best first: (path, subfont index).
def _windows_candidates() -> list[tuple[str, int]]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
    names = [
        "simsun.ttc",
        "simhei.ttf",
        "msyh.ttc",
        "msyh.ttf",
        "simfang.ttf",
        "simkai.ttf",
        "Deng.ttf",
    ]
    return [(str(d / n), 0) for n in names for d in (root, local)]


def _mac_candidates() -> list[tuple[str, int]]:
    return [
        ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
        ("/System/Library/Fonts/STHeiti Light.ttc", 0),
        ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
        ("/Library/Fonts/Songti.ttc", 0),
        ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
        ("/Library/Fonts/Arial Unicode.ttf", 0),
    ]


_LINUX_KNOWN = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
]

_FC_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Droid Sans Fallback",
)


@functools.lru_cache(maxsize=1)
def _fontconfig_candidates() -> list[tuple[str, int]]:
    """Chinese fonts fontconfig knows, preferred families first (asked once per run)."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "--format=%{file}\t%{index}\t%{family}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("fc-list failed: %s", exc)
        return []
    found: list[tuple[int, str, int]] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0]:
            continue
        path, idx, family = parts
        families = family.split(",")
        rank = min(
            (i for i, fam in enumerate(_FC_FAMILIES) if fam in families), default=len(_FC_FAMILIES)
        )
        found.append((rank, path, int(idx) if idx.isdigit() else 0))
    found.sort()
    return [(p, i) for _, p, i in found]


def system_font_candidates() -> list[tuple[str, int]]:
    """Font files (path, subfont index) worth trying on this machine, best first."""
    if sys.platform.startswith("win"):
        candidates = _windows_candidates()
    elif sys.platform == "darwin":
        candidates = _mac_candidates()
    else:
        candidates = list(_LINUX_KNOWN) + _fontconfig_candidates()
    seen: set[tuple[str, int]] = set()
    out = []
    for c in candidates:
        if c not in seen and os.path.isfile(c[0]):
            seen.add(c)
            out.append(c)
    return out


def outline_kind(path: str | Path, index: int = 0) -> str:
    """'truetype', 'cff' or 'unknown', from the sfnt header (of subfont ``index`` in a .ttc)."""
    with open(path, "rb") as f:
        head = f.read(12)
        if head[:4] == b"ttcf":
            f.seek(12 + 4 * index)
            raw = f.read(4)
            if len(raw) < 4:
                return "unknown"
            (offset,) = struct.unpack(">I", raw)
            f.seek(offset)
            head = f.read(4)
    tag = head[:4]
    if tag == b"OTTO":
        return "cff"
    if tag in (b"\x00\x01\x00\x00", b"true"):
        return "truetype"
    return "unknown"


def _font_name(path: str, index: int) -> str:
    stem = "".join(ch for ch in Path(path).stem if ch.isalnum()) or "font"
    return f"ZJK-{stem}-{index}"


def load_font(path: str | Path, index: int = 0) -> FontChoice:
    """Register a TrueType font with reportlab; raise ``FontError`` (translated) if unusable."""
    path = str(path)
    name = Path(path).name
    if not os.path.isfile(path):
        raise FontError(i18n.t("report.font_missing", path=path))
    try:
        kind = outline_kind(path, index)
    except OSError as exc:
        raise FontError(
            i18n.t("report.font_not_font", name=name, reason=exc.strerror or exc)
        ) from None
    if kind == "cff":
        raise FontError(i18n.t("report.font_cff", name=name))
    if kind != "truetype":
        raise FontError(i18n.t("report.font_not_font", name=name, reason="sfnt"))
    reg_name = _font_name(path, index)
    if reg_name not in pdfmetrics.getRegisteredFontNames():
        try:
            font = TTFont(reg_name, path, subfontIndex=index)
        except TTFError as exc:
            if "postscript" in str(exc).lower():
                raise FontError(i18n.t("report.font_cff", name=name)) from None
            raise FontError(i18n.t("report.font_not_font", name=name, reason=exc)) from None
        except Exception as exc:  # noqa: BLE001 - a damaged file: reportlab raises assorted errors
            raise FontError(
                i18n.t("report.font_not_font", name=name, reason=type(exc).__name__)
            ) from None
        glyphs = font.face.charToGlyph
        if any(ord(ch) not in glyphs for ch in _PROBE):
            raise FontError(i18n.t("report.font_no_chinese", name=name))
        pdfmetrics.registerFont(font)
    return FontChoice(reg_name, path, True)


def fallback_font() -> FontChoice:
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    message = i18n.t("report.font_fallback")
    log.warning("reports: %s", i18n.t("report.font_fallback", "en"))
    return FontChoice(FALLBACK_FONT, None, False, message)


def resolve_font(preferred: str | Path | None = None) -> FontChoice:
    """The font reports use. A font the user chose must work (``FontError`` otherwise)."""
    chosen = preferred or os.environ.get(ENV_FONT) or None
    if chosen:
        text = str(chosen)
        index = 0
        # "path.ttc#2" picks a subfont of a collection.
        if "#" in text and text.rsplit("#", 1)[1].isdigit():
            text, idx = text.rsplit("#", 1)
            index = int(idx)
        return load_font(text, index)
    for path, index in system_font_candidates():
        try:
            return load_font(path, index)
        except FontError as exc:
            log.info("skipping font %s: %s", path, exc)
    return fallback_font()


# The font files reports embed, by the stem of their file name, as people know them.
FONT_NAMES = {
    "wqymicrohei": ("文泉驿微米黑", "WenQuanYi Micro Hei"),
    "wqyzenhei": ("文泉驿正黑", "WenQuanYi Zen Hei"),
    "simhei": ("黑体", "SimHei"),
    "simsun": ("宋体", "SimSun"),
    "msyh": ("微软雅黑", "Microsoft YaHei"),
    "simkai": ("楷体", "KaiTi"),
    "simfang": ("仿宋", "FangSong"),
    "uming": ("文鼎明体", "AR PL UMing"),
    "ukai": ("文鼎楷体", "AR PL UKai"),
    "STSongLight": ("华文宋体（内置）", "STSong (built in)"),
}


def known_font_name(registered: str, language: str) -> str | None:
    """ "ZJK-wqymicrohei-0" → "文泉驿微米黑": the name a person recognises; None if not a known font."""
    stem = registered
    if stem.startswith("ZJK-"):
        stem = stem[4:].rsplit("-", 1)[0]
    key = stem.replace("-", "").lower()
    for known, (zh, en) in FONT_NAMES.items():
        if key == known.lower():
            return zh if language == "zh_CN" else en
    return None


def font_display_name(registered: str, language: str) -> str:
    """The known name of a registered font, else the stem of its file name."""
    stem = registered[4:].rsplit("-", 1)[0] if registered.startswith("ZJK-") else registered
    return known_font_name(registered, language) or stem
