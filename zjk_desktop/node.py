"""This installation's identity: role, person, organisation, node id (and keys, see sync)."""

from __future__ import annotations

import csv
import functools
from typing import Any

from . import i18n
from .domain.enums import ROLES
from .paths import package_data_dir
from .store import Change, Store, StoreError

i18n.register(
    {
        "node.bad_role": ("未知角色：{role}", "Unknown role: {role}"),
        "node.needs_specialist": (
            "特派员角色需要指定特派员",
            "The specialist role needs --specialist",
        ),
        "node.unknown_specialist": ("未找到特派员：{id}", "No such specialist: {id}"),
        "node.empty_name": ("请填写姓名", "Please give a name"),
        "node.link_by_county": (
            "县服务团已把本机登记为“{linked}”：要更改，请联系县服务团在花名册中更正",
            (
                "The county registered this computer as “{linked}”: to change it, ask the county team to"
                " correct the roster"
            ),
        ),
        "node.unknown_org": (
            "未找到单位代码 {code}：县服务团请用本县的 6 位区划代码；乡镇和特派员先填本县代码，县里审批时关联",
            (
                "No organisation with code {code}: a county team gives its 6-digit county code; a township"
                " or specialist gives the county code and the county links it when approving"
            ),
        ),
    }
)


@functools.cache
def divisions() -> dict[str, dict[str, str]]:
    """The counties and districts of Zhangjiakou by division code (``data/zhangjiakou_counties.csv``)."""
    with open(package_data_dir() / "zhangjiakou_counties.csv", encoding="utf-8") as fh:
        return {row["code"]: dict(row) for row in csv.DictReader(fh)}


def division_name(code: str | None, lang: str | None = None) -> str | None:
    row = divisions().get(code or "")
    if row is None:
        return None
    return row["name_en"] if (lang or i18n.get_language()) == "en" else row["name"]


def resolve_org_code(store: Store, role: str, code: str | None) -> tuple[str | None, str | None]:
    """(org_id, pending code) for an organisation given by division code before or after a roster.

    A code in the roster gives its org id.  A county's own code from the
    division table makes its org unit on the county's own computer (a county
    can start before its first roster); a township or specialist keeps the
    code until the county's keyring links it (enrolment).
    """
    if not code:
        return None, None
    row = store.get("org_unit", code) or store.find_org_by_code(code)
    if row is not None:
        return str(row["id"]), None
    if code not in divisions():
        raise StoreError(i18n.t("node.unknown_org", code=code))
    return None, code  # a county's org unit is made in init_node once the role is set


def init_node(
    store: Store,
    *,
    role: str,
    actor: str,
    org_id: str | None = None,
    specialist_id: str | None = None,
    org_code: str | None = None,
) -> dict[str, Any]:
    """Set who uses this installation; the node id is kept if one exists.

    ``org_code``: a division code instead of ``org_id`` (see ``resolve_org_code``).
    """
    if role not in ROLES:
        raise StoreError(i18n.t("node.bad_role", role=role))
    if specialist_id is not None and store.get("specialist", specialist_id) is None:
        raise StoreError(i18n.t("node.unknown_specialist", id=specialist_id))
    pending = None
    if org_id is None and org_code:
        org_id, pending = resolve_org_code(store, role, org_code)
    store.set_identity(role, actor, org_id, specialist_id)
    if role == "county" and pending:
        row = divisions()[pending]
        level = "county"
        org_id = store.write(
            [Change("org_unit", "create", {"code": pending, "name": row["name"], "level": level})]
        )[0].record_id
        store.set_identity(role, actor, org_id, specialist_id)
        pending = None
    store.set_meta("org_code", pending)
    from .sync import keys  # the key pair signing (and opening) this computer's sync files

    keys.ensure_keypair(store)
    return node_summary(store)


def update_identity(
    store: Store,
    *,
    actor: str,
    org_id: str | None,
    specialist_id: str | None,
) -> dict[str, Any]:
    """Correct this computer's name, organisation and roster link (Settings).

    The same rules as every local write apply (this database's own key must
    be present: ``Store.write_checks``), references must exist, a specialist's
    station follows the roster, and once the county's keyring links this
    computer (enrolment), only the county changes that link.
    """
    for check in Store.write_checks:
        check(store)
    node = store.node_info()
    actor = actor.strip()
    if not actor or len(actor) > 50:
        raise StoreError(i18n.t("node.empty_name"))
    if specialist_id is not None:
        person = store.get("specialist", specialist_id)
        if person is None:
            raise StoreError(i18n.t("node.unknown_specialist", id=specialist_id))
        org_id = person.get("org_id") or org_id
    if org_id is not None and store.get("org_unit", org_id) is None:
        raise StoreError(i18n.t("node.unknown_org", code=org_id))
    public = store.get_meta("public_key")
    linked = [
        r
        for r in store.rows("node_key", match={"node_id": node.node_id})
        if r["public_key"] == public and not r.get("revoked")
    ]
    for row in linked:
        want = (row.get("specialist_id"), row.get("org_id"))
        if node.role != "county" and any(want) and want != (specialist_id, org_id):
            name = (
                store.get("specialist", want[0] or "") or store.get("org_unit", want[1] or "") or {}
            ).get("name") or ""
            raise StoreError(i18n.t("node.link_by_county", linked=name))
    store.set_identity(node.role or "specialist", actor, org_id, specialist_id)
    return node_summary(store)


def node_summary(store: Store) -> dict[str, Any]:
    node = store.node_info()
    public_key = store.get_meta("public_key")
    fingerprint = None
    if public_key:  # read aloud when another office trusts this node's key
        from .sync.keys import fingerprint_of

        fingerprint = fingerprint_of(public_key)
    return {
        "node_id": node.node_id,
        "role": node.role,
        "actor": node.actor,
        "org_id": node.org_id,
        "specialist_id": node.specialist_id,
        "org_code": store.get_meta("org_code"),
        "schema_version": store.schema_version,
        "fingerprint": fingerprint,
    }


# ----------------------------------------------------- choices for people (wizard, settings)
def has_roster(store: Store) -> bool:
    """True once the county's roster (its township stations) is on this computer."""
    return bool(store.rows("org_unit", match={"level": "township"}, limit=1))


def matching_specialist(store: Store, typed: str) -> str | None:
    """The roster specialist whose name is the typed name (None unless exactly one)."""
    from .sync.enrol import specialists_named

    found = specialists_named(store, typed)
    return str(found[0]["id"]) if len(found) == 1 else None


def org_choices(store: Store, role: str) -> list[tuple[dict[str, Any], str]]:
    """(choice, label) of what a person in ``role`` can pick as their organisation.

    A choice is a dict of ``init_node`` arguments (``org_id``, ``org_code``,
    ``specialist_id``).  Without a roster every role picks its county or
    district from the division table; the county links the rest on approval.
    """
    lang = i18n.get_language()

    def counties() -> list[tuple[dict[str, Any], str]]:
        return [
            ({"org_code": code}, f"{row['name_en'] if lang == 'en' else row['name']} ({code})")
            for code, row in divisions().items()
        ]

    if role == "specialist":
        people = store.rows("specialist", order_by="name")
        if not people:
            return counties()
        stations = {o["id"]: o["name"] for o in store.rows("org_unit", match={"level": "township"})}
        return [
            (
                {"specialist_id": s["id"], "org_id": s.get("org_id")},
                f"{s['name']} · {stations.get(s.get('org_id'), '')} · {s.get('employer') or ''}".rstrip(
                    " ·"
                ),
            )
            for s in people
        ]
    level = "township" if role == "township" else "county"
    parents = {
        o["id"]: o["name"] for o in store.rows("org_unit", match={"level": ("county", "city")})
    }
    out: list[tuple[dict[str, Any], str]] = []
    for org in store.rows("org_unit", match={"level": level}, order_by="code"):
        parent = parents.get(org.get("parent_id") or "", "")
        label = f"{org['name']} ({org['code']})"
        if level == "township" and parent:
            label = f"{parent} · {label}"
        out.append(({"org_id": org["id"]}, label))
    if role == "county":
        known = {org.get("code") for org in store.rows("org_unit", match={"level": "county"})}
        out += [c for c in counties() if c[0]["org_code"] not in known]
    elif not out:
        out = counties()
    return out
