"""Reviewing work records (township / county): approve, or return with a comment.

The desktop's review page and ``zjk review`` apply the same rules here:
only a township station or county team reviews; only records in its scope;
a return needs a comment saying what to correct; a selection is reviewed
all at once or not at all.

Records are named in messages and on the command line by a short id (the
last ``SHORT_ID`` characters of their UUID, random bits, unique in practice);
``find_record`` accepts the full id or any unique tail of at least 6 characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import i18n
from .domain.entities import RECORD_KINDS
from .domain.enums import ROLES
from .errors import UserError
from .scope import Scope, scope_for_node
from .store import Store, WriteOutcome

i18n.register(
    {
        "review.not_reviewer": (
            "只有乡镇服务站或县服务团的电脑可以审核（本机是{role}）",
            "Only a township station's or county team's computer reviews records (this one is {role})",
        ),
        "review.no_role": (
            "只有乡镇服务站或县服务团的电脑可以审核（本机尚未设置角色，见 zjk init）",
            "Only a township station's or county team's computer reviews records (this one has no role yet; see zjk init)",
        ),
        "review.needs_comment": (
            "退回时请用 --comment 写明需要更正的内容",
            "Write what to correct with --comment when returning records",
        ),
        "review.bad_state": ("审核结果只能是“通过”或“退回”", "A review approves or returns"),
        "review.out_of_scope": (
            "记录 {id} 不属于本机负责的范围",
            "Record {id} is outside what this computer looks after",
        ),
        "record.not_found": ("记录不存在：{id}", "No such record: {id}"),
        "record.ambiguous": (
            "“{id}”对应 {n} 条记录，请多写几位",
            "“{id}” matches {n} records; give more characters",
        ),
    }
)

SHORT_ID = 10
MIN_ID_TAIL = 6
REVIEWER_ROLES = frozenset({"township", "county"})


class ReviewError(UserError):
    code = "review_refused"


class RecordNotFound(UserError):
    code = "record_not_found"


def short_id(record_id: str) -> str:
    """How a record is named in lists and messages: the random tail of its UUID."""
    return record_id[-SHORT_ID:]


def find_record(store: Store, text: str, kinds: Sequence[str] = RECORD_KINDS) -> tuple[str, str]:
    """(kind, full id) of the live record ``text`` names: its id or a unique tail of it."""
    text = (text or "").strip().lower()
    found: list[tuple[str, str]] = []
    for kind in kinds:
        row = store.conn.execute(
            f"SELECT id FROM [{kind}] WHERE id = ? AND deleted = 0", (text,)
        ).fetchone()
        if row:
            return kind, row[0]
    if len(text) >= MIN_ID_TAIL and all(c in "0123456789abcdef-" for c in text):
        for kind in kinds:
            found.extend(
                (kind, r[0])
                for r in store.conn.execute(
                    f"SELECT id FROM [{kind}] WHERE deleted = 0 AND substr(id, -?) = ?",
                    (len(text), text),
                )
            )
    if not found:
        raise RecordNotFound(
            i18n.t("record.not_found", id=text if len(text) <= 12 else short_id(text))
        )
    if len(found) > 1:
        raise RecordNotFound(i18n.t("record.ambiguous", id=text, n=len(found)), code="ambiguous")
    return found[0]


def _in_scope(store: Store, scope: Scope, kind: str, record_id: str) -> bool:
    where, params = scope.record_filter()
    return (
        store.conn.execute(
            f"SELECT 1 FROM [{kind}] WHERE id = ? AND ({where})", (record_id, *params)
        ).fetchone()
        is not None
    )


def check_reviewer(store: Store) -> None:
    role = store.node_info().role
    if not role:
        raise ReviewError(i18n.t("review.no_role"))
    if role not in REVIEWER_ROLES:
        raise ReviewError(
            i18n.t("review.not_reviewer", role=ROLES.label(role, i18n.get_language()))
        )


def review_records(
    store: Store, targets: Sequence[tuple[str, str]], state: str, comment: str = ""
) -> list[WriteOutcome]:
    """Approve or return every ``(kind, record id)`` in ``targets``: all of them, or none."""
    if state not in ("approved", "returned"):
        raise ReviewError(i18n.t("review.bad_state"))
    check_reviewer(store)
    comment = (comment or "").strip()
    if state == "returned" and not comment:
        raise ReviewError(i18n.t("review.needs_comment"), code="comment_required")
    scope = scope_for_node(store)
    for kind, rid in targets:
        if not _in_scope(store, scope, kind, rid):
            raise ReviewError(i18n.t("review.out_of_scope", id=short_id(rid)), code="out_of_scope")
    outcomes = []
    with store.db.atomic():  # all of the selection, or none
        for kind, rid in targets:
            outcomes.append(store.review(kind, rid, state, comment))
    return outcomes
