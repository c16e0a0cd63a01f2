"""Translation for the Qt-free core (validation messages, CLI, report text).

The GUI translates its own strings with Qt's translator; messages that come
from the core (validation problems, import reasons) arrive already in the
user's language through this module.  The catalog keeps the two languages of
one message side by side so neither can be forgotten.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

_language = os.environ.get("ZJK_LANG", DEFAULT_LANGUAGE)
if _language not in LANGUAGES:
    _language = DEFAULT_LANGUAGE

# key -> (zh_CN, en).  Placeholders use str.format names.
CATALOG: dict[str, tuple[str, str]] = {}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add messages to the catalog (each module registers the ones it uses)."""
    for key, pair in messages.items():
        if key in CATALOG and CATALOG[key] != pair:
            raise ValueError(f"message {key!r} registered twice with different text")
        CATALOG[key] = pair


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def get_language() -> str:
    return _language


def t(key: str, language: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``language`` (default: the current language)."""
    pair = CATALOG.get(key)
    if pair is None:
        raise KeyError(f"no message {key!r} in the catalog")
    text = pair[0] if (language or _language) == "zh_CN" else pair[1]
    return text.format(**params) if params else text


def both(key: str, **params: Any) -> dict[str, str]:
    """The message in every language, for storing or shipping."""
    return {lang: t(key, lang, **params) for lang in LANGUAGES}
