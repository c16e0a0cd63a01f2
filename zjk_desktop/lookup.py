"""Finding a village, organisation or specialist the way a person names it.

A division code (``130732101201``), a specialist's phone (``13800001001``), a
unique name (``马营村``, ``王建国``) or the row id all work; a name that
matches several rows is refused with the candidates listed (each with its
township/county and code, so the person can pick the code).  Used by the
command line wherever it takes a village, specialist or organisation.
"""

from __future__ import annotations

from typing import Any

from . import i18n
from .domain.enums import ORG_LEVELS, ROLES
from .errors import UserError
from .store import Store

i18n.register(
    {
        "lookup.none": ("未找到{what}：{text}", "No {what}: {text}"),
        "lookup.ambiguous": (
            "{what}“{text}”有 {n} 个：{candidates}；请改用{hint}",
            "{n} rows match {what} “{text}”: {candidates}; use {hint} instead",
        ),
        "lookup.more": ("等", "…"),
        "lookup.village": ("村", "village"),
        "lookup.org": ("单位", "organisation"),
        "lookup.specialist": ("特派员", "specialist"),
        "lookup.hint_code": ("区划代码", "the division code"),
        "lookup.hint_phone": ("电话", "the phone number"),
        "lookup.hint_fp": ("密钥指纹", "the key fingerprint"),
        "lookup.computer": ("电脑", "computer"),
        "lookup.not_level": (
            "“{name}”是{level}，这里需要{wanted}",
            "“{name}” is a {level}; a {wanted} is needed here",
        ),
    }
)

MAX_CANDIDATES = 5


def _shown(text: str) -> str:
    """What the person typed, as a message repeats it (an id pasted in full is cut short)."""
    return text if len(text) <= 20 else text[:10] + "…"


class LookupError(UserError):  # noqa: A001 - the module's one error, named for what it is
    code = "not_found"


def _org_rows(store: Store, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cols = "id, code, name, level, parent_id"
    return [
        dict(zip(("id", "code", "name", "level", "parent_id"), r, strict=True))
        for r in store.conn.execute(
            f"SELECT {cols} FROM org_unit WHERE deleted = 0 AND ({where}) ORDER BY code, id", params
        )
    ]


def org_path(store: Store, org_id: str | None) -> str:
    """``赤城县 东卯镇 马营村``: an org unit with the units above it, county first."""
    names: list[str] = []
    seen: set[str] = set()
    current = org_id
    while current and current not in seen:
        seen.add(current)
        row = store.conn.execute(
            "SELECT name, parent_id FROM org_unit WHERE id = ?", (current,)
        ).fetchone()
        if row is None:
            break
        names.append(row[0] or "")
        current = row[1]
    return " ".join(reversed(names))


def _comma() -> str:
    return "，" if i18n.get_language() == "zh_CN" else ", "


def _paren(inner: str) -> str:
    return f"（{inner}）" if i18n.get_language() == "zh_CN" else f" ({inner})"


def _ambiguous(
    what: str, text: str, candidates: list[str], hint: str, field: str | None = None
) -> LookupError:
    shown = ("、" if i18n.get_language() == "zh_CN" else ", ").join(candidates[:MAX_CANDIDATES])
    if len(candidates) > MAX_CANDIDATES:
        shown += i18n.t("lookup.more")
    return LookupError(
        i18n.t(
            "lookup.ambiguous",
            what=i18n.t(what),
            text=_shown(text),
            n=len(candidates),
            candidates=shown,
            hint=i18n.t(hint),
        ),
        code="ambiguous",
        field=field,
    )


def find_org(
    store: Store, text: str, level: str | None = None, *, field: str | None = None
) -> dict[str, Any]:
    """The org unit ``text`` names (code, id or unique name); ``level`` limits what fits.

    ``field`` (an option or field key) rides on the error for ``--json``."""
    text = (text or "").strip()
    what = "lookup.village" if level == "village" else "lookup.org"
    rows = _org_rows(store, "code = ? OR id = ?", (text, text))
    if not rows:
        rows = _org_rows(store, "name = ?", (text,))
        if level and len(rows) > 1:
            rows = [r for r in rows if r["level"] == level] or rows
        if not rows:
            like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = _org_rows(store, "name LIKE ? ESCAPE '\\'", (f"%{like}%",)) if text else []
            if level:
                rows = [r for r in rows if r["level"] == level]
    if not rows:
        raise LookupError(i18n.t("lookup.none", what=i18n.t(what), text=_shown(text)), field=field)
    if len(rows) > 1:
        raise _ambiguous(
            what,
            text,
            [f"{org_path(store, r['id'])}{_paren(r['code'])}" for r in rows],
            "lookup.hint_code",
            field,
        )
    row = rows[0]
    if level and row["level"] != level:
        lang = i18n.get_language()
        raise LookupError(
            i18n.t(
                "lookup.not_level",
                name=row["name"],
                level=ORG_LEVELS.label(row["level"], lang),
                wanted=ORG_LEVELS.label(level, lang),
            ),
            code="wrong_level",
            field=field,
        )
    return row


def find_village(store: Store, text: str, *, field: str | None = None) -> dict[str, Any]:
    return find_org(store, text, "village", field=field)


def find_specialist(store: Store, text: str, *, field: str | None = None) -> dict[str, Any]:
    """The specialist ``text`` names: phone, id or unique name."""
    text = (text or "").strip()
    cols = ("id", "name", "phone", "employer", "org_id")

    def rows(where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [
            dict(zip(cols, r, strict=True))
            for r in store.conn.execute(
                f"SELECT {', '.join(cols)} FROM specialist WHERE deleted = 0 AND ({where})"
                " ORDER BY name, id",
                params,
            )
        ]

    found = rows("phone = ? OR id = ?", (text, text)) or rows("name = ?", (text,))
    if not found and text:
        like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = rows("name LIKE ? ESCAPE '\\'", (f"%{like}%",))
    if not found:
        raise LookupError(
            i18n.t("lookup.none", what=i18n.t("lookup.specialist"), text=_shown(text)), field=field
        )
    if len(found) > 1:
        raise _ambiguous(
            "lookup.specialist",
            text,
            [
                f"{r['name']}{_paren(_comma().join((r['employer'] or org_path(store, r['org_id']), r['phone'] or '-')))}"
                for r in found
            ],
            "lookup.hint_phone",
            field,
        )
    return found[0]


def specialist_name(store: Store, specialist_id: str | None) -> str:
    if not specialist_id:
        return ""
    row = store.conn.execute(
        "SELECT name FROM specialist WHERE id = ?", (specialist_id,)
    ).fetchone()
    return (row[0] or "") if row else ""


def short_fingerprint(fingerprint: str | None) -> str:
    """The first two groups of a key fingerprint: enough to tell computers apart in a message."""
    return " ".join((fingerprint or "").split()[:2])


def computer_name(
    role: str | None, label: str | None, fingerprint: str | None = None, language: str | None = None
) -> str:
    """How a message names a computer: role in words, the person's name, a short fingerprint."""
    lang = language or i18n.get_language()
    parts = [ROLES.label(role, lang) if role else "", label or ""]
    text = " ".join(p for p in parts if p)
    short = short_fingerprint(fingerprint)
    if short:
        text = f"{text}（{short}）" if lang == "zh_CN" else f"{text} ({short})"
    return text or "?"


def find_computer(store: Store, text: str, *, revoked: bool = False) -> str:
    """The node id of a computer named by its node id (or a unique start of it), key
    fingerprint (or its first groups), the person's name, or its role when only one
    computer has that role.  Computers are those in the keyring or exchanged files with;
    with ``revoked``, only those whose key the county revoked."""
    from .sync import keys, peers

    text = (text or "").strip()
    rows = {r["node_id"]: r for r in peers.peer_status(store, unsent=False)}
    digits = "".join(text.split())
    role = ROLES.parse(text)
    lang = i18n.get_language()
    for test in (
        lambda r: r["node_id"] == text,
        lambda r: len(text) >= 6 and r["node_id"].startswith(text.lower()),
        lambda r: (
            digits.isdigit()
            and len(digits) >= 8
            and "".join((r.get("fingerprint") or "").split()).startswith(digits)
        ),
        lambda r: bool(text) and r.get("label") == text,
        lambda r: role is not None and r.get("role") == role,
    ):
        found = [r for r in rows.values() if test(r) and bool(r.get("revoked")) == revoked]
        if len(found) == 1:
            return str(found[0]["node_id"])
        if len(found) > 1:
            raise _ambiguous(
                "lookup.computer",
                text,
                [
                    computer_name(r.get("role"), r.get("label"), r.get("fingerprint"), lang)
                    for r in found
                ],
                "lookup.hint_fp",
            )
    if text and not revoked and keys.Keyring(store).lookup(text) is not None:
        return text
    raise LookupError(i18n.t("lookup.none", what=i18n.t("lookup.computer"), text=_shown(text)))
