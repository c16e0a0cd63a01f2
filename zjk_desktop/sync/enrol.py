"""Enrolment: a new computer asks the county to enter its key in the keyring.

Three steps on each side, no command line needed:

New computer                                  County
1. set up (role, name, organisation)          1. open the request: who, which office,
2. write the request file (``write_request``)    the fingerprint to compare by phone
   and send it to the county                  2. approve (``approve``): the key enters the
3. import the county's roster package            keyring, linked to the roster person
   (the county's key is trusted on first      3. export the roster and send it back
   use after showing its fingerprint,
   ``trust_county``); this computer then
   takes its roster link from the keyring
   (``adopt_from_keyring``)

A request is a ``.zjkpkg`` of kind ``enrol``: the usual container with no
members, the request in the manifest, signed by the new key it names.  It
holds public keys and a name only, so it is not encrypted (the new computer
does not know the county's key yet).  A request whose signature does not
match the key it names is refused.  ``keys rekey`` makes a request with
``replaces`` set: approving it revokes the node's old key in the same roster.
Such a request also carries the node's *handover* (``keys.Handover``): a
statement signed by the old key naming the new key and the node's last change
at the rekey.  The county keeps the old key valid for those changes (already
sent ones still travel through a township) and for nothing after; a request
whose handover the old key did not sign gets no such boundary.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__, i18n
from ..domain.ids import new_id
from ..store import Store
from ..store.versions import canonical_json
from . import container, keys
from .errors import SyncError

KIND = "enrol"
REQUEST_FIELDS = (
    "node_id",
    "role",
    "name",
    "org_id",
    "org_code",
    "org_name",
    "specialist_id",
    "public_key",
    "age_recipient",
    "replaces",
    "created_at",
)

i18n.register(
    {
        "enrol.not_a_sync_file": (
            "这是新电脑的登记申请，不是同步文件：由县服务团审批（同步页“导入”会打开审批窗口；命令行 zjk keys approve 文件）",
            (
                "This is a new computer's enrolment request, not a sync file: the county team approves it"
                " (Import on the Sync page opens the approval; command line: zjk keys approve FILE)"
            ),
        ),
        "enrol.not_a_request": (
            "不是登记申请文件（{detail}）",
            "Not an enrolment request ({detail})",
        ),
        "enrol.bad_signature": (
            "登记申请的签名与其中的密钥不符，已拒绝（文件被改动过，或不是由申请的电脑生成）",
            (
                "The enrolment request is not signed by the key it names; refused (changed on the way, or"
                " not made by the computer it names)"
            ),
        ),
        "enrol.county_only": (
            "只有县服务团可以审批登记申请",
            "Only the county team approves enrolment requests",
        ),
        "enrol.own_request": (
            "这是本机自己的登记申请",
            "This is this computer's own enrolment request",
        ),
        "enrol.no_specialist": (
            "花名册里没有唯一的特派员“{name}”：请先在花名册中加入此人，或选择对应的特派员",
            (
                "The roster has no single specialist named “{name}”: add the person to the roster first,"
                " or choose the specialist"
            ),
        ),
        "enrol.no_station": (
            "请选择“{name}”所在的乡镇服务站（花名册中没有找到 {code}）",
            "Choose the township station of “{name}” ({code} is not in the roster)",
        ),
        "enrol.approved": (
            "已批准 {name}（{role}，指纹 {fp}）；请导出花名册发给对方",
            "Approved {name} ({role}, fingerprint {fp}); export the roster and send it to them",
        ),
        "enrol.written": (
            "登记申请已保存到 {path}；请发给县服务团，并电话核对指纹 {fp}",
            (
                "Enrolment request saved to {path}; send it to the county team and read out the"
                " fingerprint {fp} on the phone"
            ),
        ),
        "enrol.not_county_sender": (
            "此文件不是县服务团发出的花名册，不能据此信任发送方",
            "This file is not a roster from a county team; its sender cannot be trusted from it",
        ),
        "enrol.adopted": (
            "县服务团已批准本机，本机已关联到花名册中的单位和人员",
            "The county approved this computer; it is now linked to its place in the roster",
        ),
        "enrol.not_yet": (
            "这份花名册里还没有本机的密钥：请把本机的登记申请发给县服务团，批准后再导入新的花名册",
            (
                "This roster does not carry this computer's key yet: send this computer's enrolment"
                " request to the county team and import the roster they send after approving it"
            ),
        ),
        "enrol.file_name": (
            "{name}-登记申请-{date}.zjkpkg",
            "{name}-enrolment-request-{date}.zjkpkg",
        ),
    }
)


@dataclass(frozen=True)
class Request:
    node_id: str
    role: str
    name: str
    public_key: str
    age_recipient: str | None = None
    org_id: str | None = None
    org_code: str | None = None
    org_name: str | None = None
    specialist_id: str | None = None
    replaces: str | None = None  # fingerprint of the key this one replaces (rekey)
    created_at: str | None = None
    handover: tuple[keys.Handover, ...] = ()  # rekey statements leading to this key

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint_of(self.public_key)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in REQUEST_FIELDS} | {
            "fingerprint": self.fingerprint
        }

    def handover_dicts(self) -> list[dict[str, Any]]:
        return [h.to_dict() for h in self.handover]


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def default_file_name(store: Store) -> str:
    node = store.node_info()
    safe = "".join(ch for ch in (node.actor or "zjk") if ch not in '\\/:*?"<>|').strip() or "zjk"
    return i18n.t("enrol.file_name", name=safe, date=_dt.date.today().isoformat())


def build_request(store: Store, *, replaces: str | None = None) -> Request:
    from ..node import division_name

    public = keys.ensure_keypair(store)
    node = store.node_info()
    org = store.get("org_unit", node.org_id) if node.org_id else None
    code = (org or {}).get("code") or store.get_meta("org_code")
    return Request(
        node_id=node.node_id,
        role=node.role or "specialist",
        name=node.actor,
        public_key=public,
        age_recipient=keys.own_age_recipient(store),
        org_id=node.org_id,
        org_code=code or None,
        org_name=(org or {}).get("name") or (division_name(code, "zh_CN") if code else None),
        specialist_id=node.specialist_id,
        replaces=replaces,
        created_at=_now(),
        handover=tuple(keys.handover_chain(store)),
    )


def write_request(store: Store, out: Path, *, replaces: str | None = None) -> Request:
    """Write this computer's enrolment request to ``out``, signed by its own key."""
    from .export import FORMAT, FORMAT_VERSION, sender_block

    keys.check_own_key(store)
    request = build_request(store, replaces=replaces)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": store.schema_version,
        "app_version": __version__,
        "kind": KIND,
        "bundle_id": new_id(),
        "created_at": request.created_at,
        "sender": sender_block(store),
        "recipient": {"to": "county", "node_id": None, "role": "county", "org_id": None},
        "request": {k: v for k, v in request.to_dict().items() if k != "fingerprint"}
        | ({"handover": request.handover_dicts()} if request.handover else {}),
        "vector": {},
        "members": {},
        "counts": {},
        "n_changes": 0,
    }
    manifest_bytes = canonical_json(manifest).encode("utf-8")
    container.write_container(Path(out), manifest_bytes, keys.sign(store, manifest_bytes), {})
    return request


def is_request(path: Path) -> bool:
    """True if ``path`` is an (unencrypted) enrolment request, whatever its signature."""
    try:
        box = container.read_container(Path(path))
        manifest = json.loads(box.manifest_bytes.decode("utf-8"))
    except (SyncError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("kind") == KIND


def read_request(path: Path) -> Request:
    """The request in ``path``, refused unless it is signed by the key it names."""
    box = container.read_container(Path(path))
    try:
        manifest = json.loads(box.manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SyncError(i18n.t("enrol.not_a_request", detail="manifest")) from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND or box.members:
        raise SyncError(i18n.t("enrol.not_a_request", detail="kind"))
    body = manifest.get("request")
    sender = manifest.get("sender")
    if not isinstance(body, dict) or not isinstance(sender, dict):
        raise SyncError(i18n.t("enrol.not_a_request", detail="request"))
    values: dict[str, Any] = {}
    for name in REQUEST_FIELDS:
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 200):
            raise SyncError(i18n.t("enrol.not_a_request", detail=name))
        values[name] = value
    for name in ("node_id", "role", "name", "public_key"):
        if not values[name]:
            raise SyncError(i18n.t("enrol.not_a_request", detail=name))
    if values["role"] not in ("specialist", "township", "county"):
        raise SyncError(i18n.t("enrol.not_a_request", detail="role"))
    try:
        keys.fingerprint_of(values["public_key"])
    except ValueError:
        raise SyncError(i18n.t("enrol.not_a_request", detail="public_key")) from None
    values["age_recipient"] = keys._age_or_none(values["age_recipient"])
    values["handover"] = _read_handover(body.get("handover"))
    # The request must be signed by the very key it asks to enter the keyring,
    # and name the same node and key in its sender block.
    if (
        sender.get("node_id") != values["node_id"]
        or sender.get("public_key") != values["public_key"]
        or not keys.verify(values["public_key"], box.signature, box.manifest_bytes)
    ):
        raise SyncError(i18n.t("enrol.bad_signature"))
    return Request(**values)


def _read_handover(raw: object) -> tuple[keys.Handover, ...]:
    """A request's handover statements, each with its one syntax (else the request is refused)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not 0 < len(raw) <= keys.MAX_HANDOVERS:
        raise SyncError(i18n.t("enrol.not_a_request", detail="handover"))
    found = [keys.Handover.parse(d) for d in raw]
    if any(h is None for h in found):
        raise SyncError(i18n.t("enrol.not_a_request", detail="handover"))
    return tuple(h for h in found if h is not None)


def handover_boundary(store: Store, request: Request) -> tuple[str, int] | None:
    """(old key, last change it stays valid for) if the request's handover is genuine.

    The chain must start at the key this county holds live for the node, each
    statement signed by the key it replaces, and end at the requested key;
    otherwise None: the old key is revoked fully.
    """
    live = [
        r["public_key"]
        for r in store.rows("node_key", match={"node_id": request.node_id})
        if not r.get("revoked")
    ]
    chain = list(request.handover)
    for start, first in enumerate(chain):
        if first.old_key not in live:
            continue
        want = first.old_key
        for h in chain[start:]:
            if h.node != request.node_id or h.old_key != want or not h.genuine():
                return None
            want = h.new_key
        if want != request.public_key:
            return None
        return first.old_key, first.through
    return None


def _plain_name(name: str) -> str:
    # Demo and sample rosters mark their synthetic people "示例…".
    return name.strip().removeprefix("示例")


def specialists_named(store: Store, name: str) -> list[dict[str, Any]]:
    """Roster specialists whose name is ``name`` (ignoring the "示例" mark of sample rosters)."""
    wanted = _plain_name(name)
    if not wanted:
        return []
    return [
        s
        for s in store.rows("specialist", order_by="name")
        if _plain_name(s.get("name") or "") == wanted
    ]


def specialist_candidates(store: Store, request: Request) -> list[dict[str, Any]]:
    """Roster specialists this request may be (the id it names, else by name)."""
    if request.specialist_id:
        row = store.get("specialist", request.specialist_id)
        if row is not None:
            return [row]
    return specialists_named(store, request.name)


def station_for(store: Store, request: Request) -> dict[str, Any] | None:
    for key in (request.org_id,):
        if key:
            row = store.get("org_unit", key)
            if row is not None:
                return row
    if request.org_code:
        return store.find_org_by_code(request.org_code)
    return None


def approve(
    store: Store,
    request: Request,
    *,
    specialist_id: str | None = None,
    org_id: str | None = None,
) -> keys.KeyInfo:
    """County: enter the request's key in the keyring, linked to its roster person or station.

    The next roster package carries it.  A request replacing a key (rekey)
    revokes the node's old key in the same keyring.
    """
    node = store.node_info()
    if node.role != "county":
        raise SyncError(i18n.t("enrol.county_only"))
    if request.node_id == node.node_id:
        raise SyncError(i18n.t("enrol.own_request"))
    existing = keys.Keyring(store).lookup(request.node_id)
    if request.role == "specialist":
        if specialist_id is None:
            found = specialist_candidates(store, request)
            if len(found) != 1 and existing is not None and existing.specialist_id:
                found = [store.get("specialist", existing.specialist_id) or {}]
            if len(found) != 1 or not found[0].get("id"):
                raise SyncError(i18n.t("enrol.no_specialist", name=request.name))
            specialist_id = str(found[0]["id"])
        person = store.get("specialist", specialist_id)
        if person is None:
            raise SyncError(i18n.t("enrol.no_specialist", name=request.name))
        org_id = org_id or person.get("org_id")
    elif request.role == "township":
        if org_id is None:
            station = station_for(store, request)
            if station is None and existing is not None:
                org_id = existing.org_id
            elif station is not None:
                org_id = str(station["id"])
        if not org_id or store.get("org_unit", org_id) is None:
            raise SyncError(
                i18n.t(
                    "enrol.no_station",
                    name=request.name,
                    code=request.org_code or request.org_name or "?",
                )
            )
        specialist_id = None
    else:
        station = station_for(store, request)
        org_id = org_id or (str(station["id"]) if station else None)
        specialist_id = None
    boundary = handover_boundary(store, request)
    keys.add_to_keyring(
        store,
        request.node_id,
        request.public_key,
        request.role,
        org_id,
        specialist_id,
        request.name,
        request.age_recipient,
        kept=dict([boundary]) if boundary else None,
    )
    info = keys.Keyring(store).lookup(request.node_id)
    assert info is not None
    return info


def adopt_from_keyring(store: Store) -> bool:
    """After a roster: take this computer's organisation and roster link from its keyring entry.

    Only the entry with this database's own live key counts.  Returns True if
    the identity changed.
    """
    node = store.node_info()
    public = store.get_meta(keys.META_PUBLIC_KEY)
    if not node.role or not public:
        return False
    rows = [
        r
        for r in store.rows("node_key", match={"node_id": node.node_id})
        if r["public_key"] == public and not r.get("revoked") and r.get("role") == node.role
    ]
    if not rows:
        return False
    row = rows[0]
    org = row.get("org_id") or node.org_id
    spec = row.get("specialist_id") or node.specialist_id
    if (org, spec) == (node.org_id, node.specialist_id):
        return False
    store.set_identity(node.role, node.actor, org, spec)
    store.set_meta("org_code", None)
    return True


def after_roster(store: Store) -> list[str]:
    """What a roster means for this computer's enrolment, as notes for the import summary."""
    if adopt_from_keyring(store):
        return [i18n.t("enrol.adopted")]
    if store.node_info().role and not is_enrolled(store):
        return [i18n.t("enrol.not_yet")]
    return []


def is_enrolled(store: Store) -> bool:
    """True once the county's keyring (as this computer holds it) carries this computer's key."""
    node = store.node_info()
    if node.role == "county":
        return True
    public = store.get_meta(keys.META_PUBLIC_KEY)
    return any(
        r["public_key"] == public and not r.get("revoked")
        for r in store.rows("node_key", match={"node_id": node.node_id})
    )


def county_sender(store: Store, path: Path) -> tuple[dict[str, Any], str, bool]:
    """The county that signed the roster ``path``: (sender block, fingerprint, already trusted)."""
    from .importer import read_sender

    sender, fp = read_sender(Path(path), store)
    if sender.get("role") != "county":
        raise SyncError(i18n.t("enrol.not_county_sender"))
    known = keys.Keyring(store).lookup(str(sender["node_id"]))
    trusted = known is not None and known.public_key == sender["public_key"] and not known.revoked
    return sender, fp, trusted


def trust_county(store: Store, path: Path, fingerprint: str) -> dict[str, Any]:
    """Trust the county that signed ``path`` on first use; ``fingerprint`` must match its key."""
    sender, fp, trusted = county_sender(store, path)
    if keys.normalize_fingerprint(fingerprint) != fp:
        raise SyncError(i18n.t("sync.fingerprint_mismatch", fp=fp))
    if not trusted:
        keys.trust(store, sender)
    return sender
