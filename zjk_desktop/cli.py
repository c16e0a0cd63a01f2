"""The ``zjk`` command: a thin shell over the core.

Commands parse arguments, call one core function and print its result (as
text, or as JSON with ``--json``).  Exit codes: 0 success, 1 bad input or a
refused operation (one line on stderr, in the user's language, never a
traceback; with ``--json`` also ``{"error": {"code", "field", "message"}}`` on
stdout), 2 usage errors (argparse).

Every refusal is a ``zjk_desktop.errors.UserError`` raised by the core; this
module only prints it.  The sync and report commands live in their packages'
``cli`` modules, which import nothing from here; ``build_parser`` registers
them.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__, i18n
from .domain import dates
from .domain.entities import RECORD_KINDS, entity
from .domain.enums import REVIEW_STATES, ROLES
from .domain.validation import Problem
from .errors import UserError
from .store import Change, Store

log = logging.getLogger("zjk_desktop.cli")

__all__ = ["UserError", "build_parser", "main"]

i18n.register(
    {
        "cli.bad_json": (
            "--values 参数不是有效的 JSON 对象：{reason}",
            "--values is not a valid JSON object: {reason}",
        ),
        "cli.internal": (
            "程序内部错误：{reason}（详情见日志 {log}）",
            "Internal error: {reason} (details in the log {log})",
        ),
        "cli.initialised": (
            "已初始化：{role} {name}，节点 {node}",
            "Initialised: {role} {name}, node {node}",
        ),
        "cli.saved": ("已保存 {id}", "Saved {id}"),
        "cli.deleted": ("已删除 {id}", "Deleted {id}"),
        "cli.unchanged": ("没有变化 {id}", "Nothing changed {id}"),
        "cli.warning": ("提示：{message}", "Warning: {message}"),
        "cli.no_conflicts": ("没有待处理的冲突", "No conflicts waiting"),
        "cli.conflict_not_found": ("没有编号为 {id} 的冲突", "No conflict {id}"),
        "cli.resolve_needs_value": (
            "请给出 --value 或 --keep winner|loser",
            "Give --value or --keep winner|loser",
        ),
        "cli.interrupted": ("已中断", "Interrupted"),
        "cli.clock_ahead": (
            "注意：本机保存的更改比电脑时钟晚 {days} 天（电脑时钟曾被调快？）。如果现在的时钟是对的，下次保存时会自动更正这些更改的时间；否则请先校正本机的日期和时间。",
            "Note: this computer's saved changes are dated {days} days ahead of its clock (was the clock set ahead?). If the clock is right now, the next save corrects their dates; otherwise correct this computer's date and time first.",
        ),
        "cli.needs_values": (
            "请用 --values 给出字段值，或用 --photo 添加照片",
            "Give field values with --values or photos with --photo",
        ),
        "cli.no_records": ("没有符合条件的记录", "No records match"),
        "cli.returned_comment": ("退回意见：{comment}", "returned: {comment}"),
        "cli.concurrent": (
            "（与另一台电脑的修改同时发生：{others}；冲突 {conflict}，用 zjk resolve 处理）",
            " (concurrent with an edit on another computer: {others}; conflict {conflict}, settle it with zjk resolve)",
        ),
        "cli.concurrent_settled": (
            "（与另一台电脑的修改同时发生：{others}；冲突已处理）",
            " (concurrent with an edit on another computer: {others}; settled)",
        ),
        "cli.reviewed": ("{n} 条记录：{state}", "{n} record(s): {state}"),
        "cli.review_none": (
            "没有要审核的记录：请给出记录编号或筛选条件",
            "Nothing to review: give record ids or a filter",
        ),
        "cli.whoami": (
            "角色：{role}\n姓名：{name}\n单位：{org}\n特派员：{specialist}\n指纹：{fp}\n节点：{node}",
            "Role: {role}\nName: {name}\nOrganisation: {org}\nSpecialist: {specialist}\nFingerprint: {fp}\nNode: {node}",
        ),
        "cli.not_set": ("（未设置）", "(not set)"),
        "cli.no_key": ("（尚无密钥）", "(no key yet)"),
        "cli.n_photos": ("{n} 张照片", "{n} photo(s)"),
        "cli.yes": ("是", "yes"),
        "cli.no": ("否", "no"),
        "cli.op.create": ("新建", "created"),
        "cli.op.update": ("修改", "edited"),
        "cli.op.delete": ("删除", "deleted"),
        "cli.op.review": ("审核", "reviewed"),
        "cli.op.resolve": ("处理冲突", "conflict settled"),
        "cli.op.restore": ("恢复", "restored"),
    }
)


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
            behind = self._store.clock_behind_days()
            if behind:
                print(i18n.t("store.clock_behind_short", days=behind), file=sys.stderr)
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
        raise UserError(i18n.t("cli.bad_json", reason=exc.msg), code="bad_json") from None
    if not isinstance(value, dict):
        raise UserError(i18n.t("cli.bad_json", reason=type(value).__name__), code="bad_json")
    return value


def _print_warnings(warnings: list[Problem]) -> None:
    for w in warnings:
        print(i18n.t("cli.warning", message=w.message()), file=sys.stderr)


def _label(kind: str, field: str) -> str:
    f = entity(kind).field(field)
    return f.label(i18n.get_language()) if f else field


def resolve_org(store: Store, text: str | None, field: str = "--org") -> str | None:
    """An organisation's id from its division code, id or unique name."""
    from .lookup import find_org

    return find_org(store, text, field=field)["id"] if text else None


def resolve_village(store: Store, text: str | None, field: str = "--village") -> str | None:
    from .lookup import find_village

    return find_village(store, text, field=field)["id"] if text else None


def resolve_specialist(store: Store, text: str | None, field: str = "--specialist") -> str | None:
    """A specialist's id from their phone, id or unique name."""
    from .lookup import find_specialist

    return find_specialist(store, text, field=field)["id"] if text else None


def _date_bound(text: str | None, *, end: bool, option: str) -> str | None:
    """``--from``/``--to``: a day, or the first/last day of a year, month or quarter."""
    if not text:
        return None
    return (dates.period_end if end else dates.period_start)(text, option, field=option)


# ----------------------------------------------------------------- commands
def cmd_init(ctx: CliContext, args: argparse.Namespace) -> int:
    from .lookup import LookupError as NotFound
    from .node import divisions, init_node

    store = ctx.store
    org_id = org_code = None
    if args.org:
        try:
            org_id = resolve_org(store, args.org)
        except NotFound:
            if args.org.strip() not in divisions():
                raise
            # Before any roster: the division table (enrolment links the rest).
            org_code = args.org.strip()
    specialist_id = resolve_specialist(store, args.specialist)
    info = init_node(
        store,
        role=args.role,
        actor=args.name,
        org_id=org_id,
        specialist_id=specialist_id,
        org_code=org_code,
    )
    lines = [
        i18n.t(
            "cli.initialised",
            role=ROLES.label(args.role, i18n.get_language()),
            name=args.name,
            node=info["node_id"][:8],
        )
    ]
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


def cmd_whoami(ctx: CliContext, args: argparse.Namespace) -> int:
    from .lookup import org_path, specialist_name
    from .node import node_summary

    store = ctx.store
    info = node_summary(store)
    lang = i18n.get_language()
    info["role_label"] = ROLES.label(info["role"], lang) if info["role"] else None
    info["org"] = org_path(store, info["org_id"]) or None
    info["specialist"] = specialist_name(store, info["specialist_id"]) or None
    not_set = i18n.t("cli.not_set")
    ctx.emit(
        info,
        lambda: i18n.t(
            "cli.whoami",
            role=info["role_label"] or not_set,
            name=info["actor"] or not_set,
            org=info["org"] or not_set,
            specialist=info["specialist"] or not_set,
            fp=info["fingerprint"] or i18n.t("cli.no_key"),
            node=info["node_id"][:8],
        ),
    )
    return 0


def cmd_roster_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from .roster import import_roster

    result = import_roster(ctx.store, Path(args.file), strict=args.strict, dry_run=args.dry_run)
    ctx.emit(result.to_dict(), result.describe)
    return 1 if (args.strict and result.problems) else 0


def cmd_roster_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from .roster_list import list_computers, list_specialists, list_villages

    store = ctx.store
    lang = i18n.get_language()
    if args.what == "villages":
        rows = list_villages(store)

        def text() -> str:
            return "\n".join(
                f"{r['code']}  {r['path']}{'  ' + r['poor_label'] if r['is_poor'] else ''}"
                for r in rows
            )
    elif args.what == "specialists":
        rows = list_specialists(store)

        def text() -> str:
            return "\n".join(
                f"{r['phone'] or '-':<11}  {r['name']}  {r['employer'] or ''}  {'、'.join(r['villages'])}"
                for r in rows
            )
    else:
        rows = list_computers(store)

        def text() -> str:
            return "\n".join(
                f"{r['fingerprint_short'] or '-':<9}  {ROLES.label(r['role'], lang)}  {r['label'] or ''}"
                f"  {r['org'] or ''}{'  ' + r['specialist'] if r['specialist'] else ''}"
                f"{'  ' + r['revoked_label'] if r['revoked'] else ''}"
                for r in rows
            )

    ctx.emit(rows, text)
    return 0


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


def _record_values(
    ctx: CliContext, args: argparse.Namespace, kind: str, current: dict[str, Any] | None
) -> dict[str, Any]:
    """Field values from --values and --photo, with names resolved to ids."""
    from .photos import store_photo

    store = ctx.store
    values = parse_json_object(args.json_values) if args.json_values else {}
    if not values and not args.photo:
        raise UserError(i18n.t("cli.needs_values"), code="no_values")
    # Villages and specialists by division code, phone or unique name.
    for field, resolve in (("village_id", resolve_village), ("specialist_id", resolve_specialist)):
        given = values.get(field)
        if isinstance(given, str) and given.strip():
            values[field] = resolve(store, given, field)
    if current is None and kind in RECORD_KINDS and not values.get("specialist_id"):
        node = store.node_info()
        if node.role == "specialist" and node.specialist_id:
            values["specialist_id"] = node.specialist_id  # a specialist's own computer
    if args.photo:
        digests = [store_photo(store, path) for path in args.photo]
        photos = list(values.get("photos") or (current or {}).get("photos") or [])
        values["photos"] = photos + [d for d in digests if d not in photos]
    return values


def cmd_record_add(ctx: CliContext, args: argparse.Namespace) -> int:
    from .review import short_id

    values = _record_values(ctx, args, args.kind, None)
    outcome = ctx.store.write([Change(args.kind, "create", values)])[0]
    _print_warnings(outcome.warnings)
    ctx.emit(
        {
            "id": outcome.record_id,
            "photos": values.get("photos") or [],
            "warnings": [w.to_dict() for w in outcome.warnings],
        },
        i18n.t("cli.saved", id=short_id(outcome.record_id)),
    )
    return 0


def cmd_record_edit(ctx: CliContext, args: argparse.Namespace) -> int:
    from .review import find_record, short_id

    kind, rid = find_record(ctx.store, args.id)
    values = _record_values(ctx, args, kind, ctx.store.get(kind, rid))
    outcome = ctx.store.write([Change(kind, "update", values, rid)])[0]
    _print_warnings(outcome.warnings)
    key = "cli.saved" if outcome.version else "cli.unchanged"
    ctx.emit(
        {
            "id": rid,
            "changed": outcome.version is not None,
            "warnings": [w.to_dict() for w in outcome.warnings],
        },
        i18n.t(key, id=short_id(rid)),
    )
    return 0


def cmd_record_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    from .review import find_record, short_id

    kind, rid = find_record(ctx.store, args.id)
    ctx.store.write([Change(kind, "delete", {}, rid)])
    ctx.emit({"id": rid, "deleted": True}, i18n.t("cli.deleted", id=short_id(rid)))
    return 0


def _select_records(
    ctx: CliContext, args: argparse.Namespace, kinds: list[str], review_state: str | None
) -> list[tuple[str, str]]:
    """(kind, id) of the records a filter selects, in this computer's scope, newest first."""
    from .scope import scope_for_node
    from .search import RecordFilter, find_records

    store = ctx.store
    flt = RecordFilter(
        date_from=_date_bound(args.date_from, end=False, option="--from"),
        date_to=_date_bound(args.date_to, end=True, option="--to"),
        village_id=resolve_village(store, getattr(args, "village", None)),
        specialist_id=resolve_specialist(store, args.specialist),
        review_state=review_state,
    )
    scope = scope_for_node(store)
    found = [(kind, rid) for kind in kinds for rid in find_records(store, kind, scope, flt)]
    if len(kinds) > 1:  # newest first across kinds (ids are time-ordered: a stable tie-break)
        dates = {
            rid: day
            for kind in kinds
            for rid, day in store.conn.execute(f"SELECT id, date FROM [{kind}] WHERE deleted = 0")
        }
        found.sort(key=lambda kr: (dates.get(kr[1]) or "", kr[1]), reverse=True)
    return found


def _record_rows(store: Store, selected: list[tuple[str, str]]) -> list[dict[str, Any]]:
    from .review import short_id
    from .search import roster_index

    index = roster_index(store)
    lang = i18n.get_language()
    rows = []
    for kind, rid in selected:
        row = store.get(kind, rid)
        if row is None:
            continue
        for key in ("_clocks", "_extra", "_conflicts"):
            row.pop(key, None)
        row["kind"] = kind
        row["short_id"] = short_id(rid)
        row["village"] = index.villages.name(row.get("village_id"))
        row["specialist"] = index.specialists.name(row.get("specialist_id"))
        row["review_state"] = row.get("review_state") or "draft"
        row["review_label"] = REVIEW_STATES.label(row["review_state"], lang)
        rows.append(row)
    return rows


def _record_line(r: dict[str, Any]) -> str:
    spec = entity(r["kind"])
    lang = i18n.get_language()
    industry = spec.field("industry").enum.label(r.get("industry"), lang)  # type: ignore[union-attr]
    text = spec.title(r)
    line = (
        f"{r['short_id']}  {r['date']}  {r['review_label']}  {r['village']}  {r['specialist']}"
        f"  {industry}  {text[:40]}"
    )
    if r["review_state"] == "returned" and r.get("review_comment"):
        line += "  " + i18n.t("cli.returned_comment", comment=" ".join(r["review_comment"].split()))
    return line


def cmd_record_list(ctx: CliContext, args: argparse.Namespace) -> int:
    kinds = [args.kind] if args.kind else list(RECORD_KINDS)
    selected = _select_records(ctx, args, kinds, args.state)
    if args.limit is not None:
        selected = selected[: args.limit]
    rows = _record_rows(ctx.store, selected)
    ctx.emit(rows, lambda: "\n".join(_record_line(r) for r in rows) or i18n.t("cli.no_records"))
    return 0


def cmd_review(ctx: CliContext, args: argparse.Namespace) -> int:
    from .review import check_reviewer, find_record, review_records

    store = ctx.store
    kinds = [args.kind] if args.kind else list(RECORD_KINDS)
    if args.review_command == "list":
        check_reviewer(store)
        selected = _select_records(ctx, args, kinds, args.state)
        rows = _record_rows(store, selected)
        ctx.emit(rows, lambda: "\n".join(_record_line(r) for r in rows) or i18n.t("cli.no_records"))
        return 0
    has_filter = any((args.specialist, args.date_from, args.date_to, args.kind, args.village))
    if args.ids:
        targets = [find_record(store, text, kinds) for text in args.ids]
    elif has_filter:
        check_reviewer(store)
        targets = _select_records(ctx, args, kinds, "submitted")
    else:
        raise UserError(i18n.t("cli.review_none"), code="nothing_selected")
    state = "approved" if args.review_command == "approve" else "returned"
    review_records(store, targets, state, args.comment or "")
    label = REVIEW_STATES.label(state, i18n.get_language())
    ctx.emit(
        {"state": state, "ids": [rid for _k, rid in targets]},
        i18n.t("cli.reviewed", n=len(targets), state=label),
    )
    return 0


def cmd_history(ctx: CliContext, args: argparse.Namespace) -> int:
    from .history import record_history
    from .review import find_record

    kinds = (*RECORD_KINDS, "org_unit", "specialist", "assignment")
    kind, rid = find_record(ctx.store, args.id, kinds)
    history = record_history(ctx.store, rid)
    lang = i18n.get_language()
    spec = entity(kind)
    from .search import roster_index

    index = roster_index(ctx.store)

    def shown(value: Any, field: str = "") -> str:
        f = spec.field(field)
        if value is None or value == "" or value == []:
            return "—"
        if f is not None and f.enum is not None and isinstance(value, str):
            return f.enum.label(value, lang)
        if f is not None and f.ref_entity == "specialist":
            return index.specialists.name(value) or str(value)[:8]
        if f is not None and f.ref_entity == "org_unit":
            return index.villages.name(value) or str(value)[:8]
        if field == "photos" and isinstance(value, list):
            return i18n.t("cli.n_photos", n=len(value))
        if isinstance(value, bool):
            return i18n.t("cli.yes" if value else "cli.no")
        return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value

    def text() -> str:
        lines = []
        for h in history:
            op = i18n.t(f"cli.op.{h['op']}") if f"cli.op.{h['op']}" in i18n.CATALOG else h["op"]
            who = (
                f"{h['actor'] or '-'}（{h['node_short']}）"
                if lang == "zh_CN"
                else f"{h['actor'] or '-'} ({h['node_short']})"
            )
            lines.append(f"{h['time'].replace('T', ' ')}  {op}  {who}")
            for c in h["changes"]:
                f = spec.field(c["field"])
                if f is None:
                    continue  # the deletion flag: the operation says it
                line = f"    {f.label(lang)}: {shown(c['old'], c['field'])} → {shown(c['new'], c['field'])}"
                if c.get("concurrent"):
                    others = (
                        "、".join(shown(v, c["field"]) for v in c.get("concurrent_with") or [])
                        or "…"
                    )
                    if c.get("conflict"):
                        line += i18n.t("cli.concurrent", others=others, conflict=c["conflict"])
                    else:
                        line += i18n.t("cli.concurrent_settled", others=others)
                lines.append(line)
        return "\n".join(lines)

    ctx.emit(history, text)
    return 0


def cmd_dump(ctx: CliContext, args: argparse.Namespace) -> int:
    # Streamed: a province database's dump is larger than the memory it may use.
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.writelines(ctx.store.iter_dump_json())
            fh.write("\n")
    else:
        sys.stdout.writelines(ctx.store.iter_dump_json())
        sys.stdout.write("\n")
    return 0


def cmd_conflicts(ctx: CliContext, args: argparse.Namespace) -> int:
    from .history import short_conflict_id
    from .review import short_id

    rows = ctx.store.conflicts()
    lang = i18n.get_language()

    def text() -> str:
        if not rows:
            return i18n.t("cli.no_conflicts")
        lines = []
        for c in rows:
            values = " | ".join(
                f"{json.dumps(h['value'], ensure_ascii=False)}{' *' if h['stamp'] == c['winner_stamp'] else ''}"
                for h in c["heads"]
            )
            spec = entity(c["entity"])
            f = spec.field(c["field"])
            lines.append(
                f"{short_conflict_id(c['id'])}  {spec.label(lang)} {short_id(c['record_id'])}"
                f"  {f.label(lang) if f else c['field']}: {values}"
            )
        return "\n".join(lines)

    ctx.emit(rows, text)
    return 0


def cmd_resolve(ctx: CliContext, args: argparse.Namespace) -> int:
    from .review import short_id

    if args.value is None and args.keep is None:
        raise UserError(i18n.t("cli.resolve_needs_value"), code="usage")
    store = ctx.store
    wanted = args.id.strip().lower()
    matches = (
        [c["id"] for c in store.conflicts() if c["id"].startswith(wanted)]
        if len(wanted) >= 6
        else []
    )
    if len(matches) != 1:
        raise UserError(i18n.t("cli.conflict_not_found", id=wanted[:20]), code="conflict_not_found")
    value: Any = args.value
    if value is not None:
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            pass  # a plain string
    outcome = store.resolve_conflict(matches[0], value=value, keep=args.keep)
    ctx.emit({"record_id": outcome.record_id}, i18n.t("cli.saved", id=short_id(outcome.record_id)))
    return 0


# ------------------------------------------------------------------- parser
def _add_record_filters(p: argparse.ArgumentParser, *, kind_required: bool = False) -> None:
    p.add_argument("--kind", required=kind_required, choices=RECORD_KINDS)
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="first day: YYYY-MM-DD, or the start of YYYY, YYYY-MM or YYYYQn",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        help="last day: YYYY-MM-DD, or the end of YYYY, YYYY-MM or YYYYQn",
    )
    p.add_argument("--village", help="village: division code or unique name")
    p.add_argument("--specialist", help="specialist: phone or unique name")


def build_parser() -> argparse.ArgumentParser:
    from .management.cli import register as register_management
    from .reports.cli import register as register_reports
    from .sync.cli import register as register_sync

    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's copy of these options must not reset a value
    # given before the subcommand name.
    common.add_argument(
        "--db", default=argparse.SUPPRESS, help="database file (default: the user data folder)"
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    common.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help="message language"
    )

    parser = argparse.ArgumentParser(
        prog="zjk", description="张家口科技特派员 field desktop — command line", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"zjk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "init", parents=[common], help="create the database and this node's identity"
    )
    p.add_argument("--role", required=True, choices=ROLES.codes())
    p.add_argument("--name", required=True, help="the person using this installation")
    p.add_argument(
        "--org",
        help="organisation: division code or unique name; a county may give its"
        " code before any roster",
    )
    p.add_argument(
        "--specialist",
        help="the specialist this computer belongs to: phone or unique name"
        " (else the county links it when approving)",
    )
    p.add_argument(
        "--request",
        metavar="FILE",
        help="where to write the enrolment request (township/specialist; default: current folder)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "whoami", parents=[common], help="this computer's role, person, organisation and key"
    )
    p.set_defaults(func=cmd_whoami)

    roster = sub.add_parser(
        "roster", parents=[common], help="roster (villages, specialists, assignments)"
    )
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    p = roster_sub.add_parser(
        "import", parents=[common], help="import a roster sheet (.xlsx or .csv)"
    )
    p.add_argument("file")
    p.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    p.add_argument(
        "--dry-run", action="store_true", help="report what would change, change nothing"
    )
    p.set_defaults(func=cmd_roster_import)
    p = roster_sub.add_parser(
        "list", parents=[common], help="villages, specialists or computers the CLI can name"
    )
    p.add_argument("what", choices=("villages", "specialists", "computers"))
    p.set_defaults(func=cmd_roster_list)

    p = sub.add_parser("demo", parents=[common], help="fill the database with synthetic demo data")
    p.add_argument("--scale", choices=("small", "city", "province"), default="small")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    record = sub.add_parser("record", parents=[common], help="work records")
    record_sub = record.add_subparsers(dest="record_command", required=True)
    values_help = (
        'field values as a JSON object, e.g. \'{"date": "2026-05-01", ...}\'; villages and'
        " specialists by division code, phone or unique name"
    )
    p = record_sub.add_parser("add", parents=[common])
    p.add_argument("--kind", required=True, choices=RECORD_KINDS)
    p.add_argument("--values", "--data", dest="json_values", metavar="JSON", help=values_help)
    p.add_argument("--photo", action="append", metavar="FILE", help="attach a photo (repeatable)")
    p.set_defaults(func=cmd_record_add)
    p = record_sub.add_parser("edit", parents=[common])
    p.add_argument("id")
    p.add_argument("--values", "--data", dest="json_values", metavar="JSON", help=values_help)
    p.add_argument("--photo", action="append", metavar="FILE", help="attach a photo (repeatable)")
    p.set_defaults(func=cmd_record_edit)
    p = record_sub.add_parser("delete", parents=[common])
    p.add_argument("id")
    p.set_defaults(func=cmd_record_delete)
    p = record_sub.add_parser("list", parents=[common])
    _add_record_filters(p)
    p.add_argument("--state", choices=REVIEW_STATES.codes(), help="review state")
    p.add_argument("--limit", type=int)
    p.set_defaults(func=cmd_record_list)

    review = sub.add_parser(
        "review", parents=[common], help="township/county: approve or return records"
    )
    review_sub = review.add_subparsers(dest="review_command", required=True)
    p = review_sub.add_parser("list", parents=[common], help="records waiting for review")
    _add_record_filters(p)
    p.add_argument("--state", choices=REVIEW_STATES.codes(), default="submitted")
    p.set_defaults(func=cmd_review)
    for name, help_text in (
        ("approve", "approve records"),
        ("return", "return records with a comment"),
    ):
        p = review_sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("ids", nargs="*", metavar="ID", help="record ids (or the filters below)")
        _add_record_filters(p)
        p.add_argument("--comment", help="what to correct (required to return)")
        p.set_defaults(func=cmd_review)

    p = sub.add_parser("history", parents=[common], help="every version of a record")
    p.add_argument("id")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser(
        "dump", parents=[common], help="canonical JSON of the whole replicated state"
    )
    p.add_argument("--out", help="write to a file instead of standard output")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser(
        "conflicts", parents=[common], help="fields edited concurrently on two nodes"
    )
    p.set_defaults(func=cmd_conflicts)
    p = sub.add_parser("resolve", parents=[common], help="resolve a conflict")
    p.add_argument("id")
    p.add_argument("--field", help="field name (checked against the conflict)")
    p.add_argument("--value", help="the value to keep (JSON or plain text)")
    p.add_argument("--keep", choices=("winner", "loser"))
    p.set_defaults(func=cmd_resolve)

    register_sync(sub, common)
    register_reports(sub, common)
    register_management(sub, common)  # request, callback, assessment (issue 13)
    return parser


def _error_line(exc: UserError) -> str:
    return " ".join(str(exc).split("\n"))


def main(argv: list[str] | None = None) -> int:
    from .logs import setup_logging

    argv = list(sys.argv[1:] if argv is None else argv)
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
    except UserError as exc:
        if ctx.as_json:
            print(
                json.dumps({"error": exc.to_dict()}, ensure_ascii=False, indent=1, sort_keys=True)
            )
        print(_error_line(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(i18n.t("cli.interrupted"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # ``zjk record list | head``: the reader stopped; nothing to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # last resort: one line for the user, the traceback to the log
        from .store.db import disk_full_error  # a full disk is named as such, whatever failed

        mb = disk_full_error(exc)
        if mb is not None:
            print(i18n.t("store.disk_full_mb", mb=mb), file=sys.stderr)
            return 1
        if isinstance(exc, OSError):
            print(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": "), file=sys.stderr)
            return 1
        log.exception("unexpected error in zjk %s", argv)
        print(i18n.t("cli.internal", reason=type(exc).__name__, log=log_file), file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
