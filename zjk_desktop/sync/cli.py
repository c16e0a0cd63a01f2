"""``zjk export|import|verify|receipt|peers|keys``: thin commands over the sync package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .. import i18n
from ..domain.enums import ROLES
from ..errors import UserError
from ..lookup import LookupError as ComputerNotFound
from ..lookup import computer_name, find_computer
from ..store import Store
from . import enrol, export, importer, keys, peers
from .errors import SyncError


class CommandContext(Protocol):
    """What a subcommand needs of the command line's context (``cli.CliContext``)."""

    @property
    def store(self) -> Store: ...

    def emit(self, data: Any, text: str | Callable[[], str] | None = None) -> None: ...


def _user_error(message: str) -> Exception:
    return UserError(message)


def cmd_export(ctx: CommandContext, args: argparse.Namespace) -> int:
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


def cmd_import(ctx: CommandContext, args: argparse.Namespace) -> int:
    if getattr(
        args, "trust", None
    ):  # first roster: trust the county's key (fingerprint checked by phone)
        try:
            for p in args.files:
                enrol.trust_county(ctx.store, Path(p), args.trust)
        except SyncError as exc:
            raise _user_error(str(exc)) from None
    from ..roster import is_roster_sheet

    paths = [Path(p) for p in args.files]
    # A county's roster sheet given here by mistake: point to the command that reads it.
    sheets = [p for p in paths if is_roster_sheet(p)]
    files = [p for p in paths if p not in sheets]
    summaries = importer.import_files(ctx.store, files, dry_run=args.dry_run) if files else []
    data: Any = [s.to_dict() for s in summaries] + [
        {
            "file": str(p),
            "ok": False,
            "applied": False,
            "code": "spreadsheet",
            "reason": i18n.t("sync.is_sheet", name=p.name),
        }
        for p in sheets
    ]
    ctx.emit(
        data,
        lambda: "\n".join(
            [s.describe() for s in summaries]
            + [i18n.t("sync.is_sheet", name=p.name) for p in sheets]
        ),
    )
    # 0: every change applied; 3: some refused or held back (listed); 1: a whole file refused.
    return 1 if sheets else importer.exit_code(summaries)


def cmd_verify(ctx: CommandContext, args: argparse.Namespace) -> int:
    summary = importer.verify_file(ctx.store, Path(args.file))
    ctx.emit(summary.to_dict(), summary.describe)
    return importer.exit_code([summary])


def cmd_receipt(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        result = export.export_receipt(
            ctx.store, find_computer(ctx.store, args.for_node), Path(args.out)
        )
    except SyncError as exc:
        raise _user_error(str(exc)) from None
    ctx.emit(result.to_dict(), result.describe)
    return 0


def cmd_peers(ctx: CommandContext, args: argparse.Namespace) -> int:
    rows = peers.peer_status(ctx.store)
    lang = i18n.get_language()

    for r in rows:
        r["name"] = computer_name(r.get("role"), r.get("label"), r.get("fingerprint"), lang)

    def text() -> str:
        if not rows:
            return i18n.t("sync.no_peers")
        return "\n".join(
            i18n.t(
                "sync.peer_line2",
                name=r["name"],
                last=(r.get("last_seen") or "").replace("T", " ") or i18n.t("sync.never"),
                unsent=r["unsent"],
            )
            for r in rows
        )

    ctx.emit(rows, text)
    return 0


def cmd_keys(ctx: CommandContext, args: argparse.Namespace) -> int:
    store = ctx.store
    lang = i18n.get_language()
    try:
        if args.keys_command == "show":
            keys.ensure_keypair(store)
            node = store.node_info()
            data = {
                "node_id": node.node_id,
                "role": node.role,
                "fingerprint": keys.fingerprint(store),
                "public_key": keys.own_public_key(store),
            }
            ctx.emit(
                data,
                i18n.t(
                    "sync.keys_show",
                    node=node.node_id,
                    role=ROLES.label(node.role, lang),
                    fp=data["fingerprint"],
                ),
            )
            return 0
        if args.keys_command == "list":
            rows: list[dict[str, Any]] = [
                {
                    "node_id": k.node_id,
                    "role": k.role,
                    "label": k.label,
                    "org_id": k.org_id,
                    "specialist_id": k.specialist_id,
                    "fingerprint": k.fingerprint,
                    "revoked": k.revoked,
                    "source": k.source,
                    # What a township reports when the county revokes a lost laptop.
                    "held_through": keys.held_through(store, k.node_id),
                    "valid_through": keys.kept_through(store, k.node_id) if k.revoked else None,
                }
                for k in keys.Keyring(store).nodes()
            ]
            ctx.emit(rows, lambda: _key_lines(rows, lang) or i18n.t("sync.no_peers"))
            return 0
        if args.keys_command in ("approve", "revoke", "rekey", "backup", "restore", "request"):
            return _KEY_ACTIONS[args.keys_command](ctx, args)
        # trust
        target = args.target
        if Path(target).exists():
            sender, fp = importer.read_sender(Path(target))
            if args.fingerprint and keys.normalize_fingerprint(args.fingerprint) != fp:
                raise _user_error(i18n.t("sync.fingerprint_mismatch", fp=fp))
        else:
            found = keys.pending_by_fingerprint(store, target)
            if found is None:
                raise _user_error(
                    i18n.t("sync.no_pending_key", fp=keys.normalize_fingerprint(target))
                )
            sender, fp = found, keys.fingerprint_of(found["public_key"])
        role_label = ROLES.label(sender.get("role"), lang)
        if not (args.yes or args.fingerprint or not Path(target).exists()):
            prompt = i18n.t(
                "sync.trust_confirm",
                fp=fp,
                label=sender.get("label") or "",
                role=role_label,
                node=sender["node_id"],
            )
            if not sys.stdin.isatty():
                raise _user_error(i18n.t("sync.trust_declined"))
            answer = input(prompt)
            if answer.strip().lower() not in ("y", "yes", "是"):
                raise _user_error(i18n.t("sync.trust_declined"))
        info = keys.trust(store, sender)
        ctx.emit(
            {"node_id": info.node_id, "fingerprint": fp, "role": info.role, "label": info.label},
            i18n.t("sync.trusted", label=info.label or info.node_id, role=role_label, fp=fp),
        )
        return 0
    except SyncError as exc:
        raise _user_error(str(exc)) from None


def _key_lines(rows: list[dict[str, Any]], lang: str) -> str:
    lines = []
    for r in rows:
        line = f"{r['fingerprint']}  {ROLES.label(r['role'], lang)}  {r['label']}"
        if r["revoked"]:
            line += "  " + i18n.t("sync.revoked_mark")
            if r["valid_through"]:
                line += i18n.t("keys.cli.kept", n=r["valid_through"])
        if r["held_through"]:
            line += "  " + i18n.t("keys.cli.held", n=r["held_through"])
        lines.append(line)
    return "\n".join(lines)


def _ask_yes(prompt: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(prompt).strip().lower() in ("y", "yes", "是")


def _read_passphrase(confirm: bool) -> str:
    """From the terminal (asked, twice for a new backup) or the first line of standard input."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(i18n.t("keys.cli.passphrase"))
    if confirm and getpass.getpass(i18n.t("keys.cli.passphrase_again")) != first:
        raise _user_error(i18n.t("keys.cli.passphrase_differs"))
    return first


def _request_text(request: enrol.Request, lang: str) -> str:
    return i18n.t(
        "keys.cli.request",
        name=request.name,
        role=ROLES.label(request.role, lang),
        org=request.org_name or request.org_code or "—",
        fp=request.fingerprint,
    )


def _keys_approve(ctx: CommandContext, args: argparse.Namespace) -> int:
    from ..cli import resolve_org, resolve_specialist

    store = ctx.store
    lang = i18n.get_language()
    request = enrol.read_request(Path(args.file))
    shown = _request_text(request, lang)
    if args.fingerprint:
        if keys.normalize_fingerprint(args.fingerprint) != request.fingerprint:
            raise _user_error(i18n.t("sync.fingerprint_mismatch", fp=request.fingerprint))
    elif not args.yes:
        if not sys.stdin.isatty():
            print(shown)
        if not _ask_yes(shown + "\n" + i18n.t("keys.cli.approve_confirm")):
            raise _user_error(i18n.t("keys.cli.not_approved"))
    boundary = enrol.handover_boundary(store, request)
    info = enrol.approve(
        store,
        request,
        specialist_id=resolve_specialist(store, args.specialist),
        org_id=resolve_org(store, args.org),
    )
    data = request.to_dict() | {
        "specialist_id": info.specialist_id,
        "org_id": info.org_id,
        "old_key_valid_through": boundary[1] if boundary else None,
    }
    text = i18n.t(
        "enrol.approved",
        name=request.name,
        role=ROLES.label(request.role, lang),
        fp=request.fingerprint,
    )
    if boundary is not None:
        text += "\n" + i18n.t("keys.cli.old_key_kept", n=boundary[1])
    elif request.replaces:
        text += "\n" + i18n.t("keys.cli.old_key_revoked")
    ctx.emit(data, text)
    return 0


def _keys_revoke(ctx: CommandContext, args: argparse.Namespace) -> int:
    store = ctx.store
    keep_through = _count(args.keep_through)
    try:
        node_id = find_computer(store, args.target)
    except ComputerNotFound:
        if keep_through is None:
            raise
        # Revoked already: a township reports it holds more, the county keeps more.
        node_id = find_computer(store, args.target, revoked=True)
    info = keys.Keyring(store).lookup(node_id)
    if store.node_info().role != "county":
        raise _user_error(i18n.t("enrol.county_only"))
    kept = keys.revoke(store, node_id, keep_through=keep_through)
    label = (info.label if info else "") or node_id
    ctx.emit(
        {"node_id": node_id, "revoked": True, "valid_through": kept},
        i18n.t("keys.cli.revoked", label=label, fp=info.fingerprint if info else "—")
        + "\n"
        + (i18n.t("keys.cli.revoke_kept", n=kept) if kept else i18n.t("keys.cli.revoke_kept_none")),
    )
    return 0


def _request_out(ctx: CommandContext, args: argparse.Namespace) -> Path:
    return Path(args.out) if args.out else Path.cwd() / enrol.default_file_name(ctx.store)


def _keys_rekey(ctx: CommandContext, args: argparse.Namespace) -> int:
    store = ctx.store
    old = store.get_meta(keys.META_PUBLIC_KEY)
    if not (args.yes or _ask_yes(i18n.t("keys.cli.rekey_confirm"))):
        raise _user_error(i18n.t("keys.cli.not_rekeyed"))
    keys.rekey(store)
    out = _request_out(ctx, args)
    request = enrol.write_request(store, out, replaces=keys.fingerprint_of(old) if old else None)
    sent = request.handover[-1].through if request.handover else None
    ctx.emit(
        request.to_dict() | {"request": str(out), "old_key_valid_through": sent},
        i18n.t("keys.cli.rekeyed", fp=request.fingerprint)
        + "\n"
        + i18n.t("enrol.written", path=out, fp=request.fingerprint)
        + ("\n" + i18n.t("keys.cli.handover", n=sent) if sent else ""),
    )
    return 0


def _keys_request(ctx: CommandContext, args: argparse.Namespace) -> int:
    out = _request_out(ctx, args)
    request = enrol.write_request(ctx.store, out)
    ctx.emit(
        request.to_dict() | {"request": str(out)},
        i18n.t("enrol.written", path=out, fp=request.fingerprint),
    )
    return 0


def _keys_backup(ctx: CommandContext, args: argparse.Namespace) -> int:
    path = keys.backup_keys(ctx.store, Path(args.out), _read_passphrase(confirm=True))
    ctx.emit(
        {"path": str(path), "fingerprint": keys.fingerprint(ctx.store)},
        i18n.t("keys.cli.backed_up", path=path, fp=keys.fingerprint(ctx.store)),
    )
    return 0


def _keys_restore(ctx: CommandContext, args: argparse.Namespace) -> int:
    fp = keys.restore_keys(ctx.store, Path(args.file), _read_passphrase(confirm=False))
    ctx.emit(
        {"fingerprint": fp, "folder": str(keys.key_dir(ctx.store))},
        i18n.t("keys.cli.restored", fp=fp, folder=keys.key_dir(ctx.store)),
    )
    return 0


_KEY_ACTIONS = {
    "approve": _keys_approve,
    "revoke": _keys_revoke,
    "rekey": _keys_rekey,
    "request": _keys_request,
    "backup": _keys_backup,
    "restore": _keys_restore,
}

i18n.register(
    {
        "keys.cli.passphrase": ("备份密码：", "Backup passphrase: "),
        "keys.cli.passphrase_again": ("再输入一次：", "Again: "),
        "keys.cli.passphrase_differs": ("两次输入的密码不一致", "The two passphrases differ"),
        "keys.cli.request": (
            "登记申请：{name}（{role}，{org}）\n指纹：{fp}\n请与对方电话核对指纹。",
            "Enrolment request: {name} ({role}, {org})\nFingerprint: {fp}\nCheck the fingerprint with them by phone.",
        ),
        "keys.cli.approve_confirm": ("批准？[y/N] ", "Approve? [y/N] "),
        "keys.cli.not_approved": (
            "未批准（核对指纹后用 --fingerprint 指纹 或 --yes 批准）",
            "Not approved (after checking, approve with --fingerprint FINGERPRINT or --yes)",
        ),
        "keys.cli.revoked": (
            "已吊销 {label} 的密钥（指纹 {fp}）；请导出花名册发给各单位",
            "Revoked the key of {label} (fingerprint {fp}); export the roster and send it out",
        ),
        "keys.cli.revoke_kept": (
            (
                "保留该电脑已发出的 {n} 条更改（经乡镇站转来的照常接收），此后用这把密钥签的更改一律拒收；"
                "乡镇站收着更多时，用 --keep-through 条数 再吊销一次"
            ),
            (
                "Keeping the {n} changes this computer sent (also when a township relays them); anything"
                " this key signs after that is refused. If a township holds more, revoke again with"
                " --keep-through COUNT"
            ),
        ),
        "keys.cli.revoke_kept_none": (
            (
                "没有保留该电脑的任何更改：这把密钥签的更改一律拒收；乡镇站收着它已发出的更改时，"
                "用 --keep-through 条数 再吊销一次"
            ),
            (
                "None of this computer's changes are kept: anything its key signed is refused. If a"
                " township holds changes it sent, revoke again with --keep-through COUNT"
            ),
        ),
        "keys.cli.kept": ("，保留前 {n} 条更改", ", keeping its first {n} changes"),
        "keys.cli.held": (
            "本机收到其第 {n} 条及以前的更改",
            "this computer holds its changes up to {n}",
        ),
        "keys.cli.old_key_kept": (
            "旧密钥已吊销，但仍认它签过的前 {n} 条更改（已发出、还在乡镇站的照常接收）",
            (
                "The old key is revoked but still valid for the first {n} changes it signed (those already"
                " sent and still at a township arrive as usual)"
            ),
        ),
        "keys.cli.old_key_revoked": (
            "旧密钥已全部吊销：申请里没有旧密钥签署的交接说明，旧密钥签过的更改不再接收",
            (
                "The old key is fully revoked: the request carries no handover signed by the old key, so"
                " changes it signed are no longer accepted"
            ),
        ),
        "keys.cli.handover": (
            "申请中附有旧密钥签署的交接说明：县服务团批准后，换密钥前的 {n} 条更改仍然有效（已发出、还在乡镇站的照常转到县里）",
            (
                "The request carries a handover signed by the old key: once the county approves it, the"
                " {n} changes made before the new key stay valid (those sent and still at a township"
                " reach the county as usual)"
            ),
        ),
        "keys.cli.rekey_confirm": (
            "为本机生成新密钥？县服务团批准前，其他单位不接收本机的文件。[y/N] ",
            "Make a new key for this computer? Until the county approves it, other offices refuse its files. [y/N] ",
        ),
        "keys.cli.not_rekeyed": ("密钥未更换", "The key was not changed"),
        "keys.cli.rekeyed": ("已生成新密钥（指纹 {fp}）", "New key made (fingerprint {fp})"),
        "keys.cli.backed_up": (
            "密钥已备份到 {path}（指纹 {fp}）；请与数据库备份分开保管，并记住密码",
            "Keys backed up to {path} (fingerprint {fp}); keep it apart from the database backup and remember the passphrase",
        ),
        "keys.cli.restored": (
            "已恢复密钥（指纹 {fp}）到 {folder}",
            "Keys restored (fingerprint {fp}) to {folder}",
        ),
    }
)


def _count(text: str | None) -> int | None:
    """A count typed on the command line: ASCII digits only (one line in the user's language if not)."""
    if text is None:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 15:
        raise _user_error(i18n.t("keys.bad_keep_through", n=text[:20]))
    return int(text)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    p = subparsers.add_parser("export", parents=[common], help="export a sync file")
    p.add_argument("--to", help="township | county | a computer: person's name or key fingerprint")
    p.add_argument(
        "--full", action="store_true", help="everything, not only what the recipient lacks"
    )
    p.add_argument(
        "--roster", action="store_true", help="county: the roster and keyring for everyone"
    )
    p.add_argument("--out", required=True, help="file to write (.zjkpkg)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("import", parents=[common], help="import sync files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.add_argument(
        "--trust",
        metavar="FINGERPRINT",
        help="first roster: trust the county's key with this fingerprint (checked by phone)",
    )
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "verify", parents=[common], help="check a sync file without importing"
    )
    p.add_argument("file")
    p.set_defaults(func=cmd_verify)

    p = subparsers.add_parser("receipt", parents=[common], help="write a receipt for a peer")
    p.add_argument(
        "--for",
        dest="for_node",
        required=True,
        metavar="COMPUTER",
        help="the computer the receipt is for: person's name, key fingerprint or role",
    )
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_receipt)

    p = subparsers.add_parser(
        "peers", parents=[common], help="peers and what they have not confirmed"
    )
    p.set_defaults(func=cmd_peers)

    p = subparsers.add_parser("keys", parents=[common], help="this node's key and trusted keys")
    ks = p.add_subparsers(dest="keys_command", required=True)
    k = ks.add_parser("show", parents=[common], help="this node's fingerprint")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser("list", parents=[common], help="keys this node knows")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser("trust", parents=[common], help="trust a key after checking its fingerprint")
    k.add_argument("target", metavar="FILE|FINGERPRINT")
    k.add_argument(
        "--fingerprint", help="the fingerprint the sender read out (checked against FILE)"
    )
    k.add_argument("--yes", action="store_true", help="do not ask (the fingerprint was checked)")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser(
        "approve", parents=[common], help="county: approve a new computer's enrolment request"
    )
    k.add_argument("file", metavar="REQUEST")
    k.add_argument(
        "--specialist", help="the roster specialist (id, phone or name) if the name does not match"
    )
    k.add_argument("--org", help="the township station (division code) of a township computer")
    k.add_argument("--fingerprint", help="the fingerprint read out on the phone (checked)")
    k.add_argument("--yes", action="store_true", help="do not ask (the fingerprint was checked)")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser(
        "revoke", parents=[common], help="county: revoke a computer's key (lost laptop)"
    )
    k.add_argument("target", metavar="NODE|FINGERPRINT|NAME")
    k.add_argument(
        "--keep-through",
        metavar="N",
        help=(
            "keep the computer's first N changes (default: as many as this county holds; more if"
            " a township reports it holds more); its key is refused for anything after"
        ),
    )
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser(
        "rekey", parents=[common], help="make a new key and an enrolment request for it"
    )
    k.add_argument("--out", metavar="FILE", help="where to write the enrolment request")
    k.add_argument("--yes", action="store_true", help="do not ask")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser(
        "request", parents=[common], help="write this computer's enrolment request again"
    )
    k.add_argument("--out", metavar="FILE")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser(
        "backup", parents=[common], help="save this computer's keys, protected by a passphrase"
    )
    k.add_argument("--out", required=True, metavar="FILE")
    k.set_defaults(func=cmd_keys)
    k = ks.add_parser("restore", parents=[common], help="restore a key backup beside this database")
    k.add_argument("file", metavar="FILE")
    k.set_defaults(func=cmd_keys)
