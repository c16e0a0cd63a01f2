"""What the command line can refer to: villages, specialists and computers, with names.

``zjk roster list villages|specialists|computers`` prints these; each row has
the handle a person types elsewhere (division code, phone, fingerprint) beside
the names.  Qt-free and read-only.
"""

from __future__ import annotations

from typing import Any

from . import i18n
from .lookup import org_path, short_fingerprint
from .store import Store

i18n.register(
    {
        "roster_list.poor": ("贫困村", "poor village"),
        "roster_list.revoked": ("已吊销", "revoked"),
        "roster_list.self": ("本机", "this computer"),
    }
)


def list_villages(store: Store) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT id, code, name, is_poor FROM org_unit WHERE deleted = 0 AND level = 'village'"
        " ORDER BY code, name"
    ).fetchall()
    poor = i18n.t("roster_list.poor")
    return [
        {
            "id": r[0],
            "code": r[1],
            "name": r[2],
            "path": org_path(store, r[0]),
            "is_poor": bool(r[3]),
            "poor_label": poor,
        }
        for r in rows
    ]


def list_specialists(store: Store) -> list[dict[str, Any]]:
    villages: dict[str, list[str]] = {}
    for sid, name in store.conn.execute(
        "SELECT a.specialist_id, v.name FROM assignment a JOIN org_unit v ON v.id = a.village_id"
        " WHERE a.deleted = 0 ORDER BY v.code"
    ):
        villages.setdefault(sid, []).append(name)
    return [
        {
            "id": r[0],
            "name": r[1],
            "phone": r[2],
            "employer": r[3],
            "org_id": r[4],
            "org": org_path(store, r[4]),
            "villages": villages.get(r[0], []),
        }
        for r in store.conn.execute(
            "SELECT id, name, phone, employer, org_id FROM specialist WHERE deleted = 0"
            " ORDER BY name, phone"
        )
    ]


def list_computers(store: Store) -> list[dict[str, Any]]:
    """This computer and every computer whose key this one knows."""
    from .lookup import specialist_name
    from .sync import keys

    keyring = keys.Keyring(store)
    infos = keyring.nodes()
    own = keyring.lookup(store.node_id)
    revoked = i18n.t("roster_list.revoked")
    out = []
    for info, is_self in ([(own, True)] if own else []) + [(k, False) for k in infos]:
        fp = info.fingerprint
        out.append(
            {
                "node_id": info.node_id,
                "role": info.role,
                "label": info.label,
                "org_id": info.org_id,
                "org": org_path(store, info.org_id),
                "specialist_id": info.specialist_id,
                "specialist": specialist_name(store, info.specialist_id),
                "fingerprint": fp,
                "fingerprint_short": short_fingerprint(fp),
                "revoked": info.revoked,
                "revoked_label": revoked,
                "self": is_self,
            }
        )
    return out
