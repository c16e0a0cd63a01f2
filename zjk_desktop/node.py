"""This installation's identity: role, person, organisation, node id (and keys, see sync)."""

from __future__ import annotations

from typing import Any

from . import i18n
from .domain.enums import ROLES
from .store import Store, StoreError

i18n.register(
    {
        "node.bad_role": ("未知角色：{role}", "Unknown role: {role}"),
        "node.needs_specialist": ("特派员角色需要指定特派员", "The specialist role needs --specialist"),
        "node.unknown_specialist": ("未找到特派员：{id}", "No such specialist: {id}"),
    }
)


def init_node(
    store: Store,
    *,
    role: str,
    actor: str,
    org_id: str | None = None,
    specialist_id: str | None = None,
) -> dict[str, Any]:
    """Set who uses this installation; the node id is kept if one exists."""
    if role not in ROLES:
        raise StoreError(i18n.t("node.bad_role", role=role))
    if specialist_id is not None and store.get("specialist", specialist_id) is None:
        raise StoreError(i18n.t("node.unknown_specialist", id=specialist_id))
    store.set_identity(role, actor, org_id, specialist_id)
    info = node_summary(store)
    try:  # key pair for signing sync files (provided by the sync package)
        from .sync import keys
    except ImportError:  # pragma: no cover - sync package not installed yet
        keys = None
    if keys is not None and hasattr(keys, "ensure_keypair"):
        keys.ensure_keypair(store)
        info = node_summary(store)
    return info


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
        "schema_version": store.schema_version,
        "fingerprint": fingerprint,
    }
