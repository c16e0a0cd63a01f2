"""Roster import: the county's village and specialist sheets (.xlsx or .csv).

Counties keep their roster in Excel and often save it as GBK-encoded CSV.
A sheet may hold villages (县区/乡镇/村/区划代码/是否贫困村/出列年份/户数, optional 经度/纬度),
specialists (姓名/性别/电话/派出单位/职称/专业/产业/派驻村/开始日期/结束日期),
or both in one row ("派驻名单": the village columns and the specialist
columns side by side).  Headers may be Chinese or English.

Every row goes through ``Store.write`` like any other change, so the import
is versioned and syncs.  Importing the same sheet again changes nothing; a
changed row updates; a bad row is reported with its row number and reason
while the good rows import — or, with ``strict``, nothing imports.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from . import i18n
from .domain.dates import expected_day, parse_sheet_date
from .domain.entities import ORG_UNIT
from .domain.enums import GENDERS, INDUSTRIES, SPECIALIST_LEVELS
from .domain.validation import choices_expected, coerce_value, invalid_message, is_phone_number
from .store import Change, Store, StoreError, ValidationFailed
from .store.connection import open_failure
from .store.db import StoreRefs

i18n.register(
    {
        "roster.unsupported": (
            "不支持的文件类型：{suffix}（请使用 .xlsx 或 .csv）",
            "Unsupported file type: {suffix} (use .xlsx or .csv)",
        ),
        "roster.xls": (
            "旧版 .xls 文件请在 Excel/WPS 中另存为 .xlsx 后再导入",
            "Old .xls files: save as .xlsx in Excel/WPS first",
        ),
        "roster.unreadable": ("无法读取文件 {name}：{reason}", "Cannot read file {name}: {reason}"),
        "roster.why.damaged": (
            "文件已损坏，或不是 .xlsx / .csv 表格",
            "the file is damaged, or not an .xlsx / .csv sheet",
        ),
        "roster.encoding": (
            "无法识别文件编码（支持 UTF-8 与 GBK）",
            "Cannot detect the file's encoding (UTF-8 and GBK are supported)",
        ),
        "roster.no_header": (
            "工作表“{sheet}”没有可识别的表头（需要“村”或“姓名”等列）",
            "Sheet “{sheet}” has no recognisable header (needs columns such as 村 or 姓名)",
        ),
        "roster.empty": ("文件中没有数据行", "The file has no data rows"),
        "roster.row": (
            "工作表“{sheet}”第 {row} 行：{reason}",
            "Sheet “{sheet}” row {row}: {reason}",
        ),
        "roster.missing": ("缺少“{column}”", "“{column}” is missing"),
        "roster.expect_code": (" 12 位数字的区划代码", "a 12-digit division code"),
        "roster.unknown_county": ("未知县区“{value}”", "Unknown county “{value}”"),
        "roster.expect_phone": (
            " 11 位手机号码，或带区号的固定电话（如 0313-8123456）",
            "an 11-digit mobile number, or a landline with its area code (e.g. 0313-8123456)",
        ),
        "roster.unknown_village": (
            "派驻村“{value}”不在花名册中",
            "Assigned village “{value}” is not in the roster",
        ),
        "roster.ambiguous_village": (
            "派驻村“{value}”有重名，请填写区划代码或乡镇",
            "Assigned village “{value}” is ambiguous; give its code or township",
        ),
        "roster.summary": (
            "县乡村：新增 {org_new}，更新 {org_updated}，未变 {org_same}；特派员：新增 {sp_new}，更新 {sp_updated}，未变 {sp_same}；派驻关系：新增 {as_new}，更新 {as_updated}；问题行 {bad}",
            "Org units: {org_new} new, {org_updated} updated, {org_same} unchanged; specialists: {sp_new} new, {sp_updated} updated, {sp_same} unchanged; assignments: {as_new} new, {as_updated} updated; rows with problems: {bad}",
        ),
        "roster.strict_nothing": (
            "未导入（发现 {bad} 个问题行）",
            "Nothing imported ({bad} rows with problems found)",
        ),
        "roster.dry_run": ("试运行：未写入任何数据", "Dry run: nothing was written"),
        "roster.would_be": ("若导入将是：{summary}", "Importing would give: {summary}"),
        "roster.would_be_fixed": (
            "修正问题行后导入将是：{summary}",
            "After fixing those rows, importing would give: {summary}",
        ),
    }
)

# canonical column -> accepted headers (compared after stripping spaces, case-folded)
HEADERS: dict[str, tuple[str, ...]] = {
    "county": ("县区", "县", "县(区)", "县（区）", "县市区", "county", "district"),
    "township": ("乡镇", "乡镇名称", "乡(镇)", "乡（镇）", "township", "town"),
    "village": ("村", "村名", "村庄", "行政村", "村名称", "village"),
    "code": (
        "区划代码",
        "行政区划代码",
        "村代码",
        "统计用区划代码",
        "code",
        "division code",
        "division_code",
    ),
    "is_poor": ("是否贫困村", "贫困村", "poor", "is_poor", "poor village"),
    "exit_year": ("出列年份", "脱贫出列年份", "出列时间", "exit year", "exit_year"),
    "households": ("户数", "总户数", "households"),
    "population": ("人口", "总人口", "人口数", "population"),
    "longitude": ("经度", "longitude", "lon", "lng"),  # WGS-84, optional (photo evidence)
    "latitude": ("纬度", "latitude", "lat"),
    "name": ("姓名", "特派员", "特派员姓名", "name", "specialist"),
    "gender": ("性别", "gender", "sex"),
    "phone": ("电话", "手机", "手机号", "联系电话", "phone", "mobile"),
    "employer": ("派出单位", "工作单位", "单位", "employer"),
    "title": ("职称", "title"),
    "specialty": ("专业", "专业特长", "specialty"),
    "industries": ("产业", "服务产业", "industries", "industry"),
    "level": ("级别", "特派员级别", "level"),
    "assigned_village": ("派驻村", "服务村", "派驻村庄", "assigned village", "assigned_village"),
    "start_date": ("开始日期", "派驻开始日期", "派驻时间", "start date", "start_date", "start"),
    "end_date": ("结束日期", "派驻结束日期", "end date", "end_date", "end"),
}
_ALIASES = {
    re.sub(r"\s+", "", alias).casefold(): canon
    for canon, aliases in HEADERS.items()
    for alias in aliases
}
_LABELS = {canon: aliases[0] for canon, aliases in HEADERS.items()}

CODE_RE = re.compile(r"^\d{12}$")


@dataclass
class RowProblem:
    sheet: str
    row: int
    reason: str

    def message(self) -> str:
        return i18n.t("roster.row", sheet=self.sheet, row=self.row, reason=self.reason)


_RANK = {"unchanged": 0, "updated": 1, "new": 2}


@dataclass
class RosterImportResult:
    # kind -> row id -> what happened to it (a row touched twice keeps its strongest outcome)
    outcomes: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: {} for k in ("org_unit", "specialist", "assignment")}
    )
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0
    applied: bool = True
    note: str | None = None
    dry_run: bool = False

    def note_outcome(self, kind: str, row_id: str, outcome: str) -> None:
        previous = self.outcomes[kind].get(row_id)
        if previous is None or _RANK[outcome] > _RANK[previous]:
            self.outcomes[kind][row_id] = outcome

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for kind, rows in self.outcomes.items():
            out[kind] = {k: 0 for k in _RANK}
            for outcome in rows.values():
                out[kind][outcome] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "rows_read": self.rows_read,
            "applied": self.applied,
            "problems": [
                {"sheet": p.sheet, "row": p.row, "reason": p.reason, "message": p.message()}
                for p in self.problems
            ],
            "note": self.note,
            "message": self.describe().splitlines()[0],
        }

    @property
    def bad_rows(self) -> int:
        return len({(p.sheet, p.row) for p in self.problems})

    def summary_line(self) -> str:
        c = self.counts
        return i18n.t(
            "roster.summary",
            org_new=c["org_unit"]["new"],
            org_updated=c["org_unit"]["updated"],
            org_same=c["org_unit"]["unchanged"],
            sp_new=c["specialist"]["new"],
            sp_updated=c["specialist"]["updated"],
            sp_same=c["specialist"]["unchanged"],
            as_new=c["assignment"]["new"],
            as_updated=c["assignment"]["updated"],
            bad=self.bad_rows,
        )

    def describe(self) -> str:
        if self.applied:
            lines = [self.summary_line()]
            if self.note:
                lines.append(self.note)
        else:
            # Nothing was written: say so first; the counts are what an import would give.
            lines = [self.note or ""]
            key = (
                "roster.would_be_fixed" if self.problems and not self.dry_run else "roster.would_be"
            )
            lines.append(i18n.t(key, summary=self.summary_line()))
        lines.extend(p.message() for p in self.problems)
        return "\n".join(lines)


class _Rollback(Exception):
    pass


# ------------------------------------------------------------------ reading
def _decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StoreError(i18n.t("roster.encoding"))


def read_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of the file as (name, rows of cell values)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv" or suffix == ".txt":
            text = _decode_csv(path.read_bytes())
            sample = text[:4096]
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
            except csv.Error:
                dialect = csv.excel
            return [(path.stem, [row for row in csv.reader(io.StringIO(text), dialect)])]
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return [
                    (ws.title, [list(r) for r in ws.iter_rows(values_only=True)])
                    for ws in book.worksheets
                ]
            finally:
                book.close()
        if suffix == ".xls":
            raise StoreError(i18n.t("roster.xls"))
    except StoreError:
        raise
    except OSError as exc:
        reason = i18n.t(f"store.why.{open_failure(exc)}")
        raise StoreError(i18n.t("roster.unreadable", name=path.name, reason=reason)) from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        reason = i18n.t("roster.why.damaged")
        raise StoreError(i18n.t("roster.unreadable", name=path.name, reason=reason)) from None
    except Exception as exc:  # openpyxl raises assorted errors on damaged workbooks
        if type(exc).__module__.startswith("openpyxl"):
            reason = i18n.t("roster.why.damaged")
            raise StoreError(i18n.t("roster.unreadable", name=path.name, reason=reason)) from None
        raise
    raise StoreError(i18n.t("roster.unsupported", suffix=suffix or path.name))


SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def is_roster_sheet(path: Path) -> bool:
    """True for a spreadsheet (.xlsx/.xls/.csv, by name or by content), which ``roster import`` reads."""
    path = Path(path)
    if path.suffix.lower() in SHEET_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary .xls
            return True
        if head.startswith(b"PK") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                return "[Content_Types].xml" in zf.namelist()  # an Office file, not a package
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.date().isoformat() if isinstance(value, _dt.datetime) else value.isoformat()
    return str(value).strip()


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    """The first of the top rows that names known columns (titles may sit above it)."""
    for index, row in enumerate(rows[:10]):
        mapping: dict[int, str] = {}
        for col, value in enumerate(row):
            key = re.sub(r"\s+", "", _cell(value)).casefold()
            if key in _ALIASES and _ALIASES[key] not in mapping.values():
                mapping[col] = _ALIASES[key]
        names = set(mapping.values())
        if "village" in names or "name" in names or "code" in names:
            return index, mapping
    return None


# ----------------------------------------------------------------- importing
class _Importer:
    def __init__(self, store: Store, result: RosterImportResult):
        self.store = store
        self.result = result
        self.refs = StoreRefs(store)
        self._load_orgs()
        from .paths import package_data_dir

        with open(package_data_dir() / "zhangjiakou_counties.csv", encoding="utf-8") as fh:
            self.known_counties = {r["name"]: r["code"] for r in csv.DictReader(fh)}

    def _load_orgs(self) -> None:
        self.org_by_code: dict[str, dict[str, Any]] = {}
        self.children: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
        for row in self.store.rows("org_unit"):
            self._remember_org(row)

    def _remember_org(self, row: dict[str, Any]) -> None:
        if row.get("code"):
            self.org_by_code[row["code"]] = row
        key = (row.get("parent_id"), row["name"])
        siblings = [r for r in self.children.get(key, []) if r["id"] != row["id"]]
        self.children[key] = siblings + [row]

    def _write(
        self, kind: str, values: dict[str, Any], existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        if existing is None:
            outcome = self.store.write([Change(kind, "create", values)], refs=self.refs)[0]
            self.result.note_outcome(kind, outcome.record_id, "new")
        else:
            outcome = self.store.write(
                [Change(kind, "update", values, existing["id"])], refs=self.refs
            )[0]
            self.result.note_outcome(
                kind, outcome.record_id, "updated" if outcome.version else "unchanged"
            )
        row = self.store.get(kind, outcome.record_id)
        assert row is not None
        return row

    def _org(
        self, level: str, name: str, parent_id: str | None, code: str | None, extra: dict[str, Any]
    ) -> dict[str, Any]:
        existing = self.org_by_code.get(code) if code else None
        if existing is None:
            same_name = [r for r in self.children.get((parent_id, name), []) if r["level"] == level]
            existing = same_name[0] if same_name else None
        values: dict[str, Any] = {"name": name, "level": level, "parent_id": parent_id, **extra}
        if code:
            values["code"] = code
        elif existing is None:
            values["code"] = ""
        if existing is not None:
            values = {k: v for k, v in values.items() if not (k == "code" and not v)}
        row = self._write("org_unit", values, existing)
        self._remember_org(row)
        return row

    def village_part(self, data: dict[str, str]) -> dict[str, Any] | None:
        """Create/update county → township → village from one row; None if the row has no village."""
        village_name = data.get("village", "")
        code = data.get("code", "")
        if not village_name and not code:
            return None
        problems = []
        if not village_name:
            problems.append(i18n.t("roster.missing", column=_LABELS["village"]))
        if code and not CODE_RE.match(code):
            problems.append(invalid_message(_LABELS["code"], code, i18n.t("roster.expect_code")))
        county_name = data.get("county", "")
        township_name = data.get("township", "")
        existing = self.org_by_code.get(code) if code else None
        if existing is None:
            if not county_name:
                problems.append(i18n.t("roster.missing", column=_LABELS["county"]))
            if not township_name:
                problems.append(i18n.t("roster.missing", column=_LABELS["township"]))
        extra: dict[str, Any] = {}
        for column, f in (
            ("is_poor", "is_poor"),
            ("exit_year", "exit_year"),
            ("households", "households"),
            ("population", "population"),
            ("longitude", "longitude"),
            ("latitude", "latitude"),
        ):
            raw = data.get(column, "")
            if raw == "":
                continue
            spec = ORG_UNIT.field(f)
            assert spec is not None
            value, problem = coerce_value(spec, raw)
            if problem:
                problems.append(problem.message(label=_LABELS[column]))
            else:
                extra[f] = value
        if problems:
            raise _RowError(problems)
        county_code = self.known_counties.get(county_name)
        if code and existing is None and county_code is None:
            county_code = code[:6]
        if county_name and county_code is None:
            matches = [
                r for r in self.children.get((None, county_name), []) if r["level"] == "county"
            ]
            if not matches:
                raise _RowError([i18n.t("roster.unknown_county", value=county_name)])
            county_code = matches[0]["code"]
        if existing is not None and not county_name:
            return self._write_and_remember_village(
                existing, village_name or existing["name"], extra
            )
        county = self._org("county", county_name, None, county_code, {})
        town_code = f"{code[:9]}000" if code else None
        township = self._org("township", township_name, county["id"], town_code, {})
        return self._org("village", village_name, township["id"], code or None, extra)

    def _write_and_remember_village(
        self, existing: dict[str, Any], name: str, extra: dict[str, Any]
    ) -> dict[str, Any]:
        row = self._write("org_unit", {"name": name, **extra}, existing)
        self._remember_org(row)
        return row

    def _find_village(self, text: str, data: dict[str, str]) -> dict[str, Any]:
        text = text.strip()
        if CODE_RE.match(text):
            row = self.org_by_code.get(text)
            if row:
                return row
            raise _RowError([i18n.t("roster.unknown_village", value=text)])
        candidates = [
            r
            for (parent, name), rows in self.children.items()
            if name == text
            for r in rows
            if r["level"] == "village"
        ]
        township = data.get("township")
        if township and len(candidates) > 1:
            towns = {
                r["id"] for (p, n), rows in self.children.items() if n == township for r in rows
            }
            candidates = [c for c in candidates if c.get("parent_id") in towns]
        if not candidates:
            raise _RowError([i18n.t("roster.unknown_village", value=text)])
        if len(candidates) > 1:
            raise _RowError([i18n.t("roster.ambiguous_village", value=text)])
        return candidates[0]

    def specialist_part(self, data: dict[str, str], row_village: dict[str, Any] | None) -> None:
        name = data.get("name", "")
        if not name:
            return
        problems = []
        values: dict[str, Any] = {"name": name}
        phone = re.sub(r"[\s-]", "", data.get("phone", ""))
        if phone:
            if is_phone_number(phone):  # the same rule as every other write
                values["phone"] = phone
            else:
                problems.append(
                    invalid_message(
                        _LABELS["phone"], data.get("phone"), i18n.t("roster.expect_phone")
                    )
                )
        for column, enumeration in (("gender", GENDERS), ("level", SPECIALIST_LEVELS)):
            raw = data.get(column, "")
            if raw:
                code = enumeration.parse(raw)
                if code is None:
                    problems.append(
                        invalid_message(_LABELS[column], raw, choices_expected(enumeration))
                    )
                else:
                    values[column] = code
        for column in ("employer", "title", "specialty"):
            if data.get(column):
                values[column] = data[column]
        raw_industries = data.get("industries", "")
        if raw_industries:
            codes = []
            for part in re.split(r"[,，、;；/\s]+", raw_industries):
                if not part:
                    continue
                code = INDUSTRIES.parse(part) or INDUSTRIES.parse(part.rstrip("业"))
                if code is None:
                    problems.append(
                        invalid_message(_LABELS["industries"], part, choices_expected(INDUSTRIES))
                    )
                else:
                    codes.append(code)
            values["industries"] = codes
        dates: dict[str, str] = {}
        for column in ("start_date", "end_date"):
            raw = data.get(column, "")
            if raw:
                # Sheet cells: 2026/3/1 as Chinese Excel writes it, read by the one grammar's cell reader.
                value = parse_sheet_date(raw)
                if value is None:
                    problems.append(invalid_message(_LABELS[column], raw, expected_day(raw)))
                else:
                    dates[column] = value
        villages: list[dict[str, Any]] = []
        assigned = data.get("assigned_village", "")
        if assigned:
            for part in re.split(r"[,，、;；]+", assigned):
                if part.strip():
                    try:
                        villages.append(self._find_village(part, data))
                    except _RowError as exc:
                        problems.extend(exc.problems)
        elif row_village is not None:
            villages.append(row_village)
        if problems:
            raise _RowError(problems)
        if row_village is not None and row_village.get("parent_id"):
            values["org_id"] = row_village["parent_id"]
        elif villages and villages[0].get("parent_id"):
            values["org_id"] = villages[0]["parent_id"]
        existing = None
        if values.get("phone"):
            matches = self.store.rows("specialist", match={"phone": values["phone"]})
            existing = matches[0] if matches else None
        if existing is None:
            same: dict[str, Any] = {"name": name}
            if values.get("employer") is not None:  # no employer given: any employer
                same["employer"] = values["employer"]
            matches = self.store.rows("specialist", match=same)
            existing = matches[0] if len(matches) == 1 else None
        specialist = self._write("specialist", values, existing)
        for village in villages:
            current = self.store.rows(
                "assignment", match={"specialist_id": specialist["id"], "village_id": village["id"]}
            )
            a_values: dict[str, Any] = {
                "specialist_id": specialist["id"],
                "village_id": village["id"],
                "start_date": dates.get("start_date")
                or (current[0]["start_date"] if current else _dt.date.today().isoformat()),
            }
            if "end_date" in dates:
                a_values["end_date"] = dates["end_date"]
            self._write("assignment", a_values, current[0] if current else None)


class _RowError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


_T = TypeVar("_T")


def _one_row(
    store: Store,
    importer: _Importer,
    result: RosterImportResult,
    sheet: str,
    number: int,
    func: Callable[[], _T],
) -> _T | None:
    """Run one row's writes in a savepoint: a bad row leaves no trace, good rows stay."""
    outcomes_before = {k: dict(v) for k, v in result.outcomes.items()}
    try:
        with store.db.atomic():
            return func()
    except (_RowError, ValidationFailed) as exc:
        reasons = (
            exc.problems if isinstance(exc, _RowError) else [p.message() for p in exc.all_errors()]
        )
        result.problems.extend(RowProblem(sheet, number, r) for r in reasons)
        result.outcomes = outcomes_before
        # The savepoint rolled back rows the caches may have learned about.
        importer.refs = StoreRefs(store)
        importer._load_orgs()
        return None


def import_roster(
    store: Store, path: Path, *, strict: bool = False, dry_run: bool = False
) -> RosterImportResult:
    """Import a roster file; see the module docstring for the rules."""
    path = Path(path)
    sheets = read_sheets(path)
    result = RosterImportResult(dry_run=dry_run)
    parsed: list[tuple[str, int, dict[str, str]]] = []
    for sheet, rows in sheets:
        if not any(any(_cell(c) for c in r) for r in rows):
            continue
        header = _find_header(rows)
        if header is None:
            result.problems.append(RowProblem(sheet, 1, i18n.t("roster.no_header", sheet=sheet)))
            continue
        header_index, mapping = header
        for offset, row in enumerate(rows[header_index + 1 :]):
            data = {canon: _cell(row[col]) for col, canon in mapping.items() if col < len(row)}
            if not any(data.values()):
                continue
            parsed.append((sheet, header_index + offset + 2, data))
    result.rows_read = len(parsed)
    if not parsed and not result.problems:
        raise StoreError(i18n.t("roster.empty"))
    try:
        with store.db.atomic():
            importer = _Importer(store, result)
            # Villages first (a specialist row may name a village from a later row).
            village_of_row: dict[tuple[str, int], dict[str, Any] | None] = {}
            for sheet, number, data in parsed:
                village_of_row[(sheet, number)] = _one_row(
                    store, importer, result, sheet, number, partial(importer.village_part, data)
                )
            for sheet, number, data in parsed:
                row_village = village_of_row.get((sheet, number))
                _one_row(
                    store,
                    importer,
                    result,
                    sheet,
                    number,
                    partial(importer.specialist_part, data, row_village),
                )
            if dry_run:
                raise _Rollback
            if strict and result.problems:
                raise _Rollback
    except _Rollback:
        result.applied = False
        result.problems.sort(key=lambda p: (p.sheet, p.row))
        result.note = (
            i18n.t("roster.dry_run")
            if dry_run
            else i18n.t("roster.strict_nothing", bad=result.bad_rows)
        )
    result.problems.sort(key=lambda p: (p.sheet, p.row))
    return result
