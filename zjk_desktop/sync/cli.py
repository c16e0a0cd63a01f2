"""``zjk export|import|verify|receipt|peers|keys``: thin commands over the sync package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import i18n
from ..domain.enums import ROLES
from . import export, importer, keys, peers
from ..errors import UserError
from ..lookup import computer_name, find_computer
from .errors import SyncError


def _user_error(message: str) -> Exception:
    return UserError(message)


def cmd_export(ctx, args: argparse.Namespace) -> int:
    try:
        if args.roster:
            result = export.export_roster(ctx.store, Path(args.out))
        else:
            if not args.to:
                raise _user_error(i18n.t("sync.bad_target", to="--to"))
            to = args.to if args.to in ("township", "county") else find_computer(ctx.store, args.to)
            result = export.export_package(ctx.store, to, full=args.full, out=Path(args.out))
    except SyncError as exc:
        raise _user_error(str(exc)) from None
    ctx.emit(result.to_dict(), result.describe)
    return 0


def cmd_import(ctx, args: argparse.Namespace) -> int:
    from ..roster import is_roster_sheet

    paths = [Path(p) for p in args.files]
    # A county's roster sheet given here by mistake: point to the command that reads it.
    sheets = [p for p in paths if is_roster_sheet(p)]
    files = [p for p in paths if p not in sheets]
    summaries = importer.import_files(ctx.store, files, dry_run=args.dry_run) if files else []
    data: Any = [s.to_dict() for s in summaries] + [
        {"file": str(p), "ok": False, "applied": False, "code": "spreadsheet",
         "reason": i18n.t("sync.is_sheet", name=p.name)}
        for p in sheets
    ]
    ctx.emit(data, lambda: "\n".join(
        [s.describe() for s in summaries] + [i18n.t("sync.is_sheet", name=p.name) for p in sheets]))
    return 0 if all(s.ok for s in summaries) and not sheets else 1


def cmd_verify(ctx, args: argparse.Namespace) -> int:
    summary = importer.verify_file(ctx.store, Path(args.file))
    ctx.emit(summary.to_dict(), summary.describe)
    return 0 if summary.ok else 1


def cmd_receipt(ctx, args: argparse.Namespace) -> int:
    try:
        result = export.export_receipt(ctx.store, find_computer(ctx.store, args.for_node), Path(args.out))
    except SyncError as exc:
        raise _user_error(str(exc)) from None
    ctx.emit(result.to_dict(), result.describe)
    return 0


def cmd_peers(ctx, args: argparse.Namespace) -> int:
    rows = peers.peer_status(ctx.store)
    lang = i18n.get_language()

    for r in rows:
        r["name"] = computer_name(r.get("role"), r.get("label"), r.get("fingerprint"), lang)

    def text() -> str:
        if not rows:
            return i18n.t("sync.no_peers")
        return "\n".join(
            i18n.t("sync.peer_line2", name=r["name"],
                   last=(r.get("last_seen") or "").replace("T", " ") or i18n.t("sync.never"),
                   unsent=r["unsent"])
            for r in rows
        )

    ctx.emit(rows, text)
    return 0


def cmd_keys(ctx, args: argparse.Namespace) -> int:
    store = ctx.store
    lang = i18n.get_language()
    try:
        if args.keys_command == "show":
            keys.ensure_keypair(store)
            node = store.node_info()
            data = {"node_id": node.node_id, "role": node.role, "fingerprint": keys.fingerprint(store),
                    "public_key": keys.own_public_key(store)}
            ctx.emit(data, i18n.t("sync.keys_show", node=node.node_id,
                                  role=ROLES.label(node.role, lang), fp=data["fingerprint"]))
            return 0
        if args.keys_command == "list":
            rows = [
                {"node_id": k.node_id, "role": k.role, "label": k.label, "org_id": k.org_id,
                 "specialist_id": k.specialist_id, "fingerprint": k.fingerprint,
                 "revoked": k.revoked, "source": k.source}
                for k in keys.Keyring(store).nodes()
            ]
            ctx.emit(rows, lambda: "\n".join(
                f"{r['fingerprint']}  {ROLES.label(r['role'], lang)}  {r['label']}"
                f"{'  ' + i18n.t('sync.revoked_mark') if r['revoked'] else ''}" for r in rows)
                or i18n.t("sync.no_peers"))
            return 0
        # trust
        target = args.target
        if Path(target).exists():
            sender, fp = importer.read_sender(Path(target))
            if args.fingerprint and keys.normalize_fingerprint(args.fingerprint) != fp:
                raise _user_error(i18n.t("sync.fingerprint_mismatch", fp=fp))
        else:
            found = keys.pending_by_fingerprint(store, target)
            if found is None:
                raise _user_error(i18n.t("sync.no_pending_key", fp=keys.normalize_fingerprint(target)))
            sender, fp = found, keys.fingerprint_of(found["public_key"])
        role_label = ROLES.label(sender.get("role"), lang)
        if not (args.yes or args.fingerprint or not Path(target).exists()):
            prompt = i18n.t("sync.trust_confirm", fp=fp, label=sender.get("label") or "",
                            role=role_label, node=sender["node_id"])
            if not sys.stdin.isatty():
                raise _user_error(i18n.t("sync.trust_declined"))
            answer = input(prompt)
            if answer.strip().lower() not in ("y", "yes", "是"):
                raise _user_error(i18n.t("sync.trust_declined"))
        info = keys.trust(store, sender)
        ctx.emit({"node_id": info.node_id, "fingerprint": fp, "role": info.role, "label": info.label},
                 i18n.t("sync.trusted", label=info.label or info.node_id, role=role_label, fp=fp))
        return 0
    except SyncError as exc:
        raise _user_error(str(exc)) from None


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("export", parents=[common], help="export a sync file")
    p.add_argument("--to", help="township | county | a computer: person's name or key fingerprint")
    p.add_argument("--full", action="store_true", help="everything, not only what the recipient lacks")
    p.add_argument("--roster", action="store_true", help="county: the roster and keyring for everyone")
    p.add_argument("--out", required=True, help="file to write (.zjkpkg)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("import", parents=[common], help="import sync files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("verify", parents=[common], help="check a sync file without importing")
    p.add_argument("file")
    p.set_defaults(func=cmd_verify)

    p = subparsers.add_parser("receipt", parents=[common], help="write a receipt for a peer")
    p.add_argument("--for", dest="for_node", required=True, metavar="COMPUTER",
                   help="the computer the receipt is for: person's name, key fingerprint or role")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_receipt)

    p = subparsers.add_parser("peers", parents=[common], help="peers and what they have not confirmed")
    p.set_defaults(func=cmd_peers)

    p = subparsers.add_parser("keys", parents=[common], help="this node's key and trusted keys")
    ks = p.add_subparsers(dest="keys_command", required=True)
    k = ks.add_parser("show", parents=[common], help="this node's fingerprint")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser("list", parents=[common], help="keys this node knows")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser("trust", parents=[common], help="trust a key after checking its fingerprint")
    k.add_argument("target", metavar="FILE|FINGERPRINT")
    k.add_argument("--fingerprint", help="the fingerprint the sender read out (checked against FILE)")
    k.add_argument("--yes", action="store_true", help="do not ask (the fingerprint was checked)")
    k.set_defaults(func=cmd_keys)
