"""The ``zjk`` command: a thin shell over the core.

Commands parse arguments, call one core function and print its result (as
text, or as JSON with ``--json``).  Exit codes: 0 success, 1 bad input or a
refused operation (one line on stderr, in the user's language, never a
traceback), 2 usage errors (argparse).

Other core areas add their commands through a ``register(subparsers)``
function in their own ``cli`` module (see ``EXTENSIONS``).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__, i18n
from .domain.entities import ENTITIES, RECORD_KINDS, entity
from .domain.enums import ROLES
from .store import Change, Store, StoreError, ValidationFailed

log = logging.getLogger("zjk_desktop.cli")

EXTENSIONS = ("zjk_desktop.sync.cli", "zjk_desktop.reports.cli")

i18n.register(
    {
        "cli.bad_json": ("--json 参数不是有效的 JSON 对象：{reason}", "--json is not a valid JSON object: {reason}"),
        "cli.internal": (
            "程序内部错误：{reason}（详情见日志 {log}）",
            "Internal error: {reason} (details in the log {log})",
        ),
        "cli.unknown_org": ("未找到单位代码：{code}", "No organisation with code: {code}"),
        "cli.initialised": ("已初始化：{role} {name}，节点 {node}", "Initialised: {role} {name}, node {node}"),
        "cli.saved": ("已保存 {id}", "Saved {id}"),
        "cli.deleted": ("已删除 {id}", "Deleted {id}"),
        "cli.unchanged": ("没有变化 {id}", "Nothing changed {id}"),
        "cli.warning": ("提示：{message}", "Warning: {message}"),
        "cli.record_not_found": ("记录不存在：{id}", "No such record: {id}"),
        "cli.no_conflicts": ("没有待处理的冲突", "No conflicts waiting"),
        "cli.resolve_needs_value": (
            "请给出 --value 或 --keep winner|loser",
            "Give --value or --keep winner|loser",
        ),
        "cli.interrupted": ("已中断", "Interrupted"),
        "cli.clock_ahead": (
            "注意：本机保存的时间比电脑时钟晚 {days} 天（电脑时钟曾被调快？），其他单位会暂缓接收本机的更改，直到该日期。请联系县服务团。",
            "Note: this computer's saved changes are dated {days} days ahead of its clock (was the clock set ahead?); other offices will hold its changes back until then. Please contact the county team.",
        ),
    }
)


class UserError(Exception):
    """A one-line message for the user (already translated)."""


class CliContext:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._store: Store | None = None

    @property
    def db_path(self) -> Path:
        from .paths import default_db_path

        return Path(self.args.db) if self.args.db else default_db_path()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.db_path)
            days = self._store.clock_ahead_days()
            if days:
                print(i18n.t("cli.clock_ahead", days=days), file=sys.stderr)
        return self._store

    @property
    def as_json(self) -> bool:
        return bool(self.args.json)

    def emit(self, data: Any, text: str | Callable[[], str] | None = None) -> None:
        """Print ``data`` as JSON with --json, else ``text`` (or a JSON rendering)."""
        if self.as_json or text is None:
            print(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str))
        else:
            print(text() if callable(text) else text)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


Handler = Callable[[CliContext, argparse.Namespace], int | None]


def parse_json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(i18n.t("cli.bad_json", reason=exc.msg)) from None
    if not isinstance(value, dict):
        raise UserError(i18n.t("cli.bad_json", reason=type(value).__name__))
    return value


def _print_warnings(ctx: CliContext, warnings) -> None:
    for w in warnings:
        print(i18n.t("cli.warning", message=w.message()), file=sys.stderr)


def resolve_org(store: Store, code_or_id: str | None) -> str | None:
    if not code_or_id:
        return None
    row = store.get("org_unit", code_or_id) or store.find_org_by_code(code_or_id)
    if row is None:
        raise UserError(i18n.t("cli.unknown_org", code=code_or_id))
    return row["id"]


# ----------------------------------------------------------------- commands
def cmd_init(ctx: CliContext, args: argparse.Namespace) -> int:
    from .node import init_node

    store = ctx.store
    info = init_node(store, role=args.role, actor=args.name, org_code=args.org,
                     specialist_id=args.specialist)
    lines = [i18n.t("cli.initialised", role=ROLES.label(args.role, i18n.get_language()), name=args.name,
                    node=info["node_id"])]
    if args.role != "county":  # step 2 of enrolment: the request the county approves
        from .sync import enrol
        from .sync.errors import SyncError

        out = Path(args.request) if args.request else Path.cwd() / enrol.default_file_name(store)
        try:
            request = enrol.write_request(store, out)
        except SyncError as exc:
            raise UserError(str(exc)) from None
        info["request"] = str(out)
        lines.append(i18n.t("enrol.written", path=out, fp=request.fingerprint))
    elif info.get("fingerprint"):
        lines.append(info["fingerprint"])
    ctx.emit(info, "\n".join(lines))
    return 0


def cmd_roster_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from .roster import import_roster

    result = import_roster(ctx.store, Path(args.file), strict=args.strict, dry_run=args.dry_run)
    ctx.emit(result.to_dict(), result.describe)
    return 1 if (args.strict and result.problems) else 0


def cmd_demo(ctx: CliContext, args: argparse.Namespace) -> int:
    from .demo import generate_demo

    def progress(stage: str, done: int, total: int) -> None:
        if not ctx.as_json and sys.stderr.isatty():
            print(f"\r{stage}: {done}/{total}", end="", file=sys.stderr, flush=True)

    summary = generate_demo(ctx.store, scale=args.scale, seed=args.seed, progress=progress)
    if not ctx.as_json and sys.stderr.isatty():
        print(file=sys.stderr)
    ctx.emit(summary, lambda: "\n".join(f"{k}: {v}" for k, v in summary.items()))
    return 0


def cmd_record_add(ctx: CliContext, args: argparse.Namespace) -> int:
    values = parse_json_object(args.json_values)
    outcome = ctx.store.write([Change(args.kind, "create", values)])[0]
    _print_warnings(ctx, outcome.warnings)
    ctx.emit({"id": outcome.record_id, "warnings": [w.to_dict() for w in outcome.warnings]},
             i18n.t("cli.saved", id=outcome.record_id))
    return 0


def _kind_of(store: Store, record_id: str) -> str:
    for kind in ENTITIES:
        if store.get(kind, record_id) is not None:
            return kind
    raise UserError(i18n.t("cli.record_not_found", id=record_id))


def cmd_record_edit(ctx: CliContext, args: argparse.Namespace) -> int:
    values = parse_json_object(args.json_values)
    kind = _kind_of(ctx.store, args.id)
    outcome = ctx.store.write([Change(kind, "update", values, args.id)])[0]
    _print_warnings(ctx, outcome.warnings)
    key = "cli.saved" if outcome.version else "cli.unchanged"
    ctx.emit({"id": args.id, "changed": outcome.version is not None,
              "warnings": [w.to_dict() for w in outcome.warnings]}, i18n.t(key, id=args.id))
    return 0


def cmd_record_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    kind = _kind_of(ctx.store, args.id)
    ctx.store.write([Change(kind, "delete", {}, args.id)])
    ctx.emit({"id": args.id, "deleted": True}, i18n.t("cli.deleted", id=args.id))
    return 0


def cmd_record_list(ctx: CliContext, args: argparse.Namespace) -> int:
    store = ctx.store
    clauses, params = [], []
    if args.date_from:
        clauses.append("date >= ?")
        params.append(args.date_from)
    if args.date_to:
        clauses.append("date <= ?")
        params.append(args.date_to)
    if args.village:
        village = resolve_org(store, args.village)
        clauses.append("village_id = ?")
        params.append(village)
    if args.specialist:
        clauses.append("specialist_id = ?")
        params.append(args.specialist)
    rows = store.rows(args.kind, " AND ".join(clauses), params, order_by="date, id", limit=args.limit)
    for row in rows:
        for key in ("_clocks", "_extra", "_conflicts"):
            row.pop(key, None)

    def text() -> str:
        spec = entity(args.kind)
        lang = i18n.get_language()
        title = {"visit": "content", "extension": "name", "training": "topic"}[args.kind]
        lines = []
        for r in rows:
            industry = spec.field("industry").enum.label(r.get("industry"), lang)  # type: ignore[union-attr]
            lines.append(f"{r['id']}  {r['date']}  {industry}  {(r.get(title) or '')[:40]}")
        return "\n".join(lines)

    ctx.emit(rows, text)
    return 0


def cmd_history(ctx: CliContext, args: argparse.Namespace) -> int:
    history = ctx.store.history(args.id)
    if not history:
        raise UserError(i18n.t("cli.record_not_found", id=args.id))

    def text() -> str:
        lines = []
        for h in history:
            lines.append(f"{h['time']}  {h['op']}  {h['actor'] or '-'}@{h['node']}#{h['counter']}")
            for c in h["changes"]:
                lines.append(f"    {c['field']}: {c['old']!r} → {c['new']!r}")
        return "\n".join(lines)

    ctx.emit(history, text)
    return 0


def cmd_dump(ctx: CliContext, args: argparse.Namespace) -> int:
    text = ctx.store.dump_json()
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


def cmd_conflicts(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = ctx.store.conflicts()

    def text() -> str:
        if not rows:
            return i18n.t("cli.no_conflicts")
        lines = []
        for c in rows:
            values = " | ".join(
                f"{h['value']!r}{' *' if h['stamp'] == c['winner_stamp'] else ''}" for h in c["heads"]
            )
            lines.append(f"{c['id']}  {c['entity']} {c['record_id']} {c['field']}: {values}")
        return "\n".join(lines)

    ctx.emit(rows, text)
    return 0


def cmd_resolve(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.value is None and args.keep is None:
        raise UserError(i18n.t("cli.resolve_needs_value"))
    value: Any = args.value
    if value is not None:
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            pass  # a plain string
    outcome = ctx.store.resolve_conflict(args.id, value=value, keep=args.keep)
    ctx.emit({"record_id": outcome.record_id}, i18n.t("cli.saved", id=outcome.record_id))
    return 0


# ------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's copy of these options must not reset a value
    # given before the subcommand name.
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="database file (default: the user data folder)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help="message language")

    parser = argparse.ArgumentParser(
        prog="zjk", description="张家口科技特派员 field desktop — command line", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"zjk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", parents=[common], help="create the database and this node's identity")
    p.add_argument("--role", required=True, choices=ROLES.codes())
    p.add_argument("--name", required=True, help="the person using this installation")
    p.add_argument("--org", help="organisation division code (or id); a county may give its code before any roster")
    p.add_argument("--specialist", help="specialist id (role specialist; else the county links it on approval)")
    p.add_argument("--request", metavar="FILE",
                   help="where to write the enrolment request (township/specialist; default: current folder)")
    p.set_defaults(func=cmd_init)

    roster = sub.add_parser("roster", parents=[common], help="roster (villages, specialists, assignments)")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    p = roster_sub.add_parser("import", parents=[common], help="import a roster sheet (.xlsx or .csv)")
    p.add_argument("file")
    p.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    p.set_defaults(func=cmd_roster_import)

    p = sub.add_parser("demo", parents=[common], help="fill the database with synthetic demo data")
    p.add_argument("--scale", choices=("small", "city"), default="small")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    record = sub.add_parser("record", parents=[common], help="work records")
    record_sub = record.add_subparsers(dest="record_command", required=True)
    p = record_sub.add_parser("add", parents=[common])
    p.add_argument("--kind", required=True, choices=RECORD_KINDS)
    p.add_argument("--values", "--data", dest="json_values", required=True, metavar="JSON",
                   help='field values as a JSON object, e.g. \'{"date": "2026-05-01", ...}\'')
    p.set_defaults(func=cmd_record_add)
    p = record_sub.add_parser("edit", parents=[common])
    p.add_argument("id")
    p.add_argument("--values", "--data", dest="json_values", required=True, metavar="JSON")
    p.set_defaults(func=cmd_record_edit)
    p = record_sub.add_parser("delete", parents=[common])
    p.add_argument("id")
    p.set_defaults(func=cmd_record_delete)
    p = record_sub.add_parser("list", parents=[common])
    p.add_argument("--kind", required=True, choices=RECORD_KINDS)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--village", help="village division code or id")
    p.add_argument("--specialist", help="specialist id")
    p.add_argument("--limit", type=int)
    p.set_defaults(func=cmd_record_list)

    p = sub.add_parser("history", parents=[common], help="every version of a record")
    p.add_argument("id")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("dump", parents=[common], help="canonical JSON of the whole replicated state")
    p.add_argument("--out", help="write to a file instead of standard output")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("conflicts", parents=[common], help="fields edited concurrently on two nodes")
    p.set_defaults(func=cmd_conflicts)
    p = sub.add_parser("resolve", parents=[common], help="resolve a conflict")
    p.add_argument("id")
    p.add_argument("--field", help="field name (checked against the conflict)")
    p.add_argument("--value", help="the value to keep (JSON or plain text)")
    p.add_argument("--keep", choices=("winner", "loser"))
    p.set_defaults(func=cmd_resolve)

    for module_name in EXTENSIONS:
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(sub, common)
    return parser


def _fix_record_json_flag(argv: list[str]) -> list[str]:
    """``zjk record add --kind K --json '{...}'``: the issue's spelling of --values.

    ``--json`` is also the global machine-output switch; after ``record add``
    or ``record edit`` a ``--json`` followed by a JSON object means the values.
    """
    out = list(argv)
    starts = [i for i in range(len(out) - 1) if out[i] == "record" and out[i + 1] in ("add", "edit")]
    if starts:
        for i, token in enumerate(out[:-1]):
            if i < starts[0]:
                continue
            if token == "--json" and out[i + 1].lstrip().startswith("{"):
                out[i] = "--values"
    return out


def main(argv: list[str] | None = None) -> int:
    from .logs import setup_logging

    argv = _fix_record_json_flag(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("db", None), ("json", False), ("lang", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    if args.lang:
        i18n.set_language(args.lang)
    log_file = setup_logging(console=False)
    ctx = CliContext(args)
    try:
        code = args.func(ctx, args)
        return int(code or 0)
    except ValidationFailed as exc:
        for p in exc.all_errors():
            print(f"{p.field}: {p.message()}", file=sys.stderr)
        return 1
    except (UserError, StoreError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(i18n.t("cli.interrupted"), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": "), file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: one line for the user, the traceback to the log
        log.exception("unexpected error in zjk %s", argv)
        print(i18n.t("cli.internal", reason=type(exc).__name__, log=log_file), file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
