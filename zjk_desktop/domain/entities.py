"""What each kind of row holds: fields, types, who owns them, which are personal.

One table of specifications drives the database schema, validation, the
version log, sync authority checks, the dump, the GUI forms and the reports,
so a new field is added here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .enums import (
    CALLBACK_TARGETS,
    EXTENSION_TYPES,
    GENDERS,
    GRADES,
    INDUSTRIES,
    ORG_LEVELS,
    REQUEST_STATUSES,
    REVIEW_STATES,
    ROLES,
    SATISFACTION,
    SERVICE_TYPES,
    SPECIALIST_LEVELS,
    TRAINING_MODES,
    Enumeration,
)

# Pseudo-field every entity has: a deletion tombstone is a version setting it.
DELETED = "deleted"

# Field types: "text", "int", "float", "date" (ISO yyyy-mm-dd), "bool",
# "list" (JSON list of strings), "ref:<entity>" (id of a row of that entity),
# "enum:<name>".


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    zh: str
    en: str
    required: bool = False
    personal: bool = False  # cleared by a deletion tombstone
    unit_zh: str = ""
    unit_en: str = ""
    enum: Enumeration | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    group: str = "author"  # "author" (record's owner) or "review" (township/county)
    text_format: str = ""  # "phone": an 11-digit mobile or an area-code landline

    def label(self, language: str = "zh_CN") -> str:
        return self.zh if language == "zh_CN" else self.en

    def unit(self, language: str = "zh_CN") -> str:
        return self.unit_zh if language == "zh_CN" else self.unit_en

    @property
    def ref_entity(self) -> str | None:
        return self.type[4:] if self.type.startswith("ref:") else None


@dataclass(frozen=True)
class EntitySpec:
    name: str
    zh: str
    en: str
    fields: tuple[FieldSpec, ...]
    is_record: bool = False  # specialist-authored work record (vs county-owned roster)
    date_field: str | None = None
    indexes: tuple[tuple[str, ...], ...] = ()
    # Who may write each field group: ((group, (role, ...)), ...).  Empty: the
    # kind follows the record/roster rules.  Read by sync/authority.py and the
    # management core (kinds of issue 13 declare theirs here).
    authority: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Facts every list, export, review page, form, CLI line and report reads
    # here rather than repeating: the field that names a row in one line, the
    # free-text fields a search looks in, the columns a list shows (in order)
    # and the kind's name for a page or a count ("Visits", "走访记录").
    title_field: str | None = None
    search_columns: tuple[str, ...] = ()
    list_columns: tuple[str, ...] = ()
    plural_zh: str = ""
    plural_en: str = ""
    short_zh: str = ""  # in a table's "kind" column or header ("走访")
    short_en: str = ""
    _by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)
    field_set: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # ``authority`` as a dict (the management rules ask it for every field of every change).
    _roles: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})
        self._roles.update(self.authority)

        # Names of the fields plus the ``deleted`` pseudo-field (hot in merges).
        object.__setattr__(self, "field_set", frozenset(self._by_name) | {DELETED})

    def field(self, name: str) -> FieldSpec | None:
        return self._by_name.get(name)

    def roles_for_group(self, group: str) -> tuple[str, ...]:
        """Roles that may write fields of ``group`` (declared in ``authority``)."""
        return self._roles.get(group, ())

    def list_fields(self) -> list[FieldSpec]:
        """The fields a list of this kind shows, in order (``list_columns``)."""
        return [self._by_name[name] for name in self.list_columns]

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def label(self, language: str = "zh_CN") -> str:
        return self.zh if language == "zh_CN" else self.en

    def plural(self, language: str = "zh_CN") -> str:
        """The kind's name as a page heading or a count's label ("Visits")."""
        if language == "zh_CN":
            return self.plural_zh or self.zh
        return self.plural_en or self.en

    def short(self, language: str = "zh_CN") -> str:
        """The kind's name in a report's "kind" column or header ("走访", "Visit")."""
        if language == "zh_CN":
            return self.short_zh or self.zh
        return self.short_en or self.en

    def title(self, values: Mapping[str, Any]) -> str:
        """The row's one-line name: its title field's text, spaces collapsed."""
        if self.title_field is None:
            return ""
        return " ".join(str(values.get(self.title_field) or "").split())

    @property
    def personal_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.personal]


def _text(name: str, zh: str, en: str, **kw: Any) -> FieldSpec:
    kw.setdefault("max_length", 2000)
    return FieldSpec(name, "text", zh, en, **kw)


def _note(name: str, zh: str, en: str, **kw: Any) -> FieldSpec:
    kw.setdefault("max_length", 20000)
    return FieldSpec(name, "text", zh, en, **kw)


def _enum(name: str, zh: str, en: str, enumeration: Enumeration, **kw: Any) -> FieldSpec:
    return FieldSpec(name, f"enum:{enumeration.name}", zh, en, enum=enumeration, **kw)


def _count(
    name: str,
    zh: str,
    en: str,
    unit_zh: str = "",
    unit_en: str = "",
    maximum: float = 100000,
    **kw: Any,
) -> FieldSpec:
    return FieldSpec(
        name, "int", zh, en, unit_zh=unit_zh, unit_en=unit_en, minimum=0, maximum=maximum, **kw
    )


def _area(name: str, zh: str, en: str, **kw: Any) -> FieldSpec:
    # 100,000 亩 ≈ 67 km²: more than any single village demonstrates.
    return FieldSpec(
        name, "float", zh, en, unit_zh="亩", unit_en="mu", minimum=0, maximum=100000, **kw
    )


# Fields every work record carries for review (township/county authority).
REVIEW_FIELDS = (
    _enum("review_state", "审核状态", "Review state", REVIEW_STATES, group="review"),
    _text("review_comment", "审核意见", "Review comment", group="review"),
    _text("reviewed_by", "审核人", "Reviewed by", group="review", max_length=100),
    FieldSpec("reviewed_at", "date", "审核日期", "Review date", group="review"),
)

COMMON_RECORD_FIELDS = (
    FieldSpec("date", "date", "日期", "Date", required=True),
    FieldSpec("specialist_id", "ref:specialist", "特派员", "Specialist", required=True),
    FieldSpec("village_id", "ref:org_unit", "服务村", "Village", required=True),
    _enum("industry", "产业", "Industry", INDUSTRIES, required=True),
)

RECORD_TAIL = (
    FieldSpec("photos", "list", "照片", "Photos"),
    _note("notes", "备注", "Notes"),
)

ORG_UNIT = EntitySpec(
    "org_unit",
    "组织/村庄",
    "Org unit / village",
    (
        _text("code", "区划代码", "Division code", required=True, max_length=20),
        _text("name", "名称", "Name", required=True, max_length=100),
        _enum("level", "层级", "Level", ORG_LEVELS, required=True),
        FieldSpec("parent_id", "ref:org_unit", "上级", "Parent"),
        FieldSpec("is_poor", "bool", "贫困村", "Poor village"),
        FieldSpec("exit_year", "int", "出列年份", "Exit year", minimum=2014, maximum=2030),
        _count("households", "户数", "Households", "户", "households"),
        _count("population", "人口", "Population", "人", "people", maximum=1000000),
        FieldSpec("is_demo", "bool", "演示数据", "Demo data"),
        # WGS-84, optional: photo evidence checks the distance to the village.
        FieldSpec("longitude", "float", "经度", "Longitude", minimum=-180, maximum=180),
        FieldSpec("latitude", "float", "纬度", "Latitude", minimum=-90, maximum=90),
    ),
    indexes=(("code",), ("parent_id",), ("level",)),
)

SPECIALIST = EntitySpec(
    "specialist",
    "特派员",
    "Specialist",
    (
        _text("name", "姓名", "Name", required=True, max_length=50),
        _enum("gender", "性别", "Gender", GENDERS),
        _text("phone", "电话", "Phone", personal=True, max_length=30, text_format="phone"),
        _text("employer", "派出单位", "Employer", max_length=200),
        _text("title", "职称", "Title", max_length=100),
        _text("specialty", "专业", "Specialty", max_length=200),
        FieldSpec("industries", "list", "服务产业", "Industries"),
        _enum("level", "级别", "Level", SPECIALIST_LEVELS),
        FieldSpec("org_id", "ref:org_unit", "所属服务站", "Station"),
        FieldSpec("is_demo", "bool", "演示数据", "Demo data"),
    ),
    indexes=(("phone",), ("org_id",)),
)

ASSIGNMENT = EntitySpec(
    "assignment",
    "派驻关系",
    "Assignment",
    (
        FieldSpec("specialist_id", "ref:specialist", "特派员", "Specialist", required=True),
        FieldSpec("village_id", "ref:org_unit", "派驻村", "Village", required=True),
        FieldSpec("start_date", "date", "开始日期", "Start date", required=True),
        FieldSpec("end_date", "date", "结束日期", "End date"),
    ),
    indexes=(("specialist_id",), ("village_id",)),
)

NODE_KEY = EntitySpec(
    "node_key",
    "节点密钥",
    "Node key",
    (
        _text("node_id", "节点", "Node", required=True, max_length=64),
        _text("public_key", "公钥", "Public key", required=True, max_length=200),
        _enum("role", "角色", "Role", ROLES, required=True),
        FieldSpec("org_id", "ref:org_unit", "单位", "Organisation"),
        FieldSpec("specialist_id", "ref:specialist", "特派员", "Specialist"),
        _text("label", "名称", "Label", max_length=200),
        FieldSpec("revoked", "bool", "已吊销", "Revoked"),
        # age X25519 recipient (``age1…``): packages to this node are encrypted to it
        _text("age_recipient", "加密公钥", "Encryption key", max_length=100),
        # A revoked key stays valid for this node's changes up to this counter
        # (a rekey's handover, or what the county kept of a lost laptop); None:
        # nothing.  See ``sync.keys.Keyring.keys_for``.
        FieldSpec(
            "valid_through",
            "int",
            "吊销前有效的更改",
            "Valid for changes through",
            minimum=0,
            maximum=2**53,
        ),
    ),
    indexes=(("node_id",),),
)

VISIT = EntitySpec(
    "visit",
    "走访记录",
    "Village visit",
    COMMON_RECORD_FIELDS
    + (
        _enum("service_type", "服务类型", "Service type", SERVICE_TYPES, required=True),
        _note("content", "服务内容", "Content", required=True),
        _note("problems", "发现问题", "Problems found"),
        _note("measures", "解决措施", "Measures taken"),
        _count("households_served", "服务户数", "Households served", "户", "households"),
        _count("people_served", "服务人数", "People served", "人", "people"),
        _text("farmers", "服务农户", "Farmers served", personal=True),
        _note("follow_up", "后续跟进", "Follow-up"),
        FieldSpec("follow_up_date", "date", "回访日期", "Follow-up date"),
    )
    + RECORD_TAIL
    + REVIEW_FIELDS,
    is_record=True,
    date_field="date",
    indexes=(("date",), ("village_id", "date"), ("specialist_id", "date")),
    title_field="content",
    search_columns=("content", "problems", "measures", "farmers", "follow_up", "notes"),
    list_columns=(
        "date",
        "village_id",
        "specialist_id",
        "industry",
        "service_type",
        "content",
        "households_served",
        "people_served",
        "review_state",
    ),
    plural_zh="走访记录",
    plural_en="Visits",
    short_zh="走访",
    short_en="Visit",
)

EXTENSION = EntitySpec(
    "extension",
    "技术推广",
    "Technology extension",
    COMMON_RECORD_FIELDS
    + (
        _enum("ext_type", "推广类型", "Type", EXTENSION_TYPES, required=True),
        _text("name", "技术/品种名称", "Technique / variety", required=True, max_length=200),
        _area("demo_area_mu", "示范面积", "Demonstration area"),
        _area("promoted_area_mu", "推广面积", "Promoted area"),
        _count("households_adopting", "带动农户", "Households adopting", "户", "households"),
        _text("base", "示范基地", "Demonstration base", max_length=200),
        _note("effect", "增产增收效果", "Yield / income effect"),
        FieldSpec(
            "income_increase_yuan",
            "float",
            "增收",
            "Income increase",
            unit_zh="元",
            unit_en="yuan",
            minimum=0,
            maximum=1e9,
        ),
        _text("farmers", "示范户", "Demonstration farmers", personal=True),
    )
    + RECORD_TAIL
    + REVIEW_FIELDS,
    is_record=True,
    date_field="date",
    indexes=(("date",), ("village_id", "date"), ("specialist_id", "date")),
    title_field="name",
    search_columns=("name", "base", "effect", "farmers", "notes"),
    list_columns=(
        "date",
        "village_id",
        "specialist_id",
        "industry",
        "ext_type",
        "name",
        "demo_area_mu",
        "promoted_area_mu",
        "households_adopting",
        "review_state",
    ),
    plural_zh="技术推广",
    plural_en="Extension",
    short_zh="推广",
    short_en="Extension",
)

TRAINING = EntitySpec(
    "training",
    "培训",
    "Training",
    COMMON_RECORD_FIELDS
    + (
        _enum("mode", "培训形式", "Mode", TRAINING_MODES, required=True),
        _text("topic", "培训主题", "Topic", required=True, max_length=300),
        _text("trainer", "授课人", "Trainer", max_length=100),
        FieldSpec(
            "hours", "float", "学时", "Hours", unit_zh="小时", unit_en="h", minimum=0, maximum=24
        ),
        _count("attendees", "现场人数", "Attendees", "人", "people"),
        _count("online_viewers", "线上观看", "Online viewers", "人次", "views", maximum=10000000),
        _count("poor_households", "贫困户", "Poor households", "户", "households"),
        _count("materials", "发放资料", "Materials handed out", "份", "copies"),
        _text("location", "地点", "Location", max_length=200),
    )
    + RECORD_TAIL
    + REVIEW_FIELDS,
    is_record=True,
    date_field="date",
    indexes=(("date",), ("village_id", "date"), ("specialist_id", "date")),
    title_field="topic",
    search_columns=("topic", "trainer", "location", "notes"),
    list_columns=(
        "date",
        "village_id",
        "specialist_id",
        "industry",
        "mode",
        "topic",
        "hours",
        "attendees",
        "online_viewers",
        "review_state",
    ),
    plural_zh="培训",
    plural_en="Trainings",
    short_zh="培训",
    short_en="Training",
)

# --------------------------------------------------------------------------
# What the county manages by (issue 13): farmers' requests, satisfaction
# callbacks, the assessment rule set (county-owned, travels with the roster)
# and the county's confirmed assessment per specialist and year.

_STATION_ROLES = ("township", "county")

REQUEST = EntitySpec(
    "request",
    "农户需求",
    "Farmer's request",
    (
        FieldSpec("date", "date", "提出日期", "Date asked", required=True, group="intake"),
        _text(
            "requester_name",
            "提出人",
            "Requester",
            required=True,
            personal=True,
            max_length=50,
            group="intake",
        ),
        _text("requester_phone", "联系电话", "Phone", personal=True, max_length=30, group="intake"),
        FieldSpec("village_id", "ref:org_unit", "村", "Village", required=True, group="intake"),
        FieldSpec("org_id", "ref:org_unit", "受理服务站", "Station", group="intake"),
        _enum("industry", "产业", "Industry", INDUSTRIES, required=True, group="intake"),
        _note("problem", "需求内容", "Problem", required=True, group="intake"),
        _enum("status", "状态", "Status", REQUEST_STATUSES, required=True, group="status"),
        FieldSpec(
            "specialist_id", "ref:specialist", "分派特派员", "Assigned specialist", group="assign"
        ),
        FieldSpec("assigned_at", "date", "分派日期", "Assigned on", group="assign"),
        _text("assigned_by", "分派人", "Assigned by", max_length=100, group="assign"),
        _note("answer", "答复内容", "Answer", group="answer"),
        FieldSpec("answered_at", "date", "答复日期", "Answered on", group="answer"),
        FieldSpec("visit_id", "ref:visit", "对应走访", "Answering visit", group="answer"),
        FieldSpec("closed_at", "date", "办结日期", "Closed on", group="close"),
        _text("close_comment", "办结意见", "Closing comment", group="close"),
    ),
    date_field="date",
    indexes=(("date",), ("status",), ("specialist_id",), ("org_id",)),
    authority=(
        ("intake", _STATION_ROLES),
        ("assign", _STATION_ROLES),
        ("answer", ("specialist",)),
        ("close", _STATION_ROLES),
        ("status", ("specialist", "township", "county")),
    ),
)

CALLBACK = EntitySpec(
    "callback",
    "满意度回访",
    "Satisfaction callback",
    (
        FieldSpec("date", "date", "回访日期", "Callback date", required=True, group="callback"),
        _enum(
            "record_kind",
            "回访对象",
            "Called back about",
            CALLBACK_TARGETS,
            required=True,
            group="callback",
        ),
        _text("record_id", "记录", "Record", required=True, max_length=64, group="callback"),
        FieldSpec(
            "specialist_id",
            "ref:specialist",
            "特派员",
            "Specialist",
            required=True,
            group="callback",
        ),
        FieldSpec("village_id", "ref:org_unit", "村", "Village", group="callback"),
        FieldSpec("org_id", "ref:org_unit", "回访服务站", "Station", group="callback"),
        _text(
            "household",
            "回访农户",
            "Household",
            required=True,
            personal=True,
            max_length=100,
            group="callback",
        ),
        _enum("result", "满意度", "Satisfaction", SATISFACTION, required=True, group="callback"),
        _text("comment", "意见", "Comment", group="callback"),
    ),
    date_field="date",
    indexes=(("specialist_id", "date"), ("record_id",)),
    authority=(("callback", _STATION_ROLES),),
)


def _rule(
    name: str,
    zh: str,
    en: str,
    minimum: float = 0,
    maximum: float = 100000,
    ftype: str = "float",
    **kw: Any,
) -> FieldSpec:
    return FieldSpec(name, ftype, zh, en, minimum=minimum, maximum=maximum, **kw)


ASSESSMENT_RULE = EntitySpec(
    "assessment_rule",
    "考核与管理规则",
    "Assessment and management rules",
    (
        _rule("year", "年度", "Year", 2014, 2100, "int", required=True),
        _rule("min_services", "最少服务次数", "Minimum services", unit_zh="次", unit_en="services"),
        _rule(
            "min_service_days",
            "或最少服务天数",
            "Or minimum service days",
            unit_zh="天",
            unit_en="days",
        ),
        _rule(
            "min_trainings", "最少培训次数", "Minimum trainings", unit_zh="次", unit_en="trainings"
        ),
        _rule(
            "min_satisfaction_pct",
            "满意率不低于",
            "Minimum satisfaction",
            maximum=100,
            unit_zh="%",
            unit_en="%",
        ),
        _rule(
            "fail_satisfaction_pct",
            "满意率低于此为不合格",
            "Satisfaction below this fails",
            maximum=100,
            unit_zh="%",
            unit_en="%",
        ),
        _rule(
            "fail_fraction",
            "低于最低要求的比例判不合格",
            "Share of the minimum below which fails",
            maximum=1,
        ),
        _rule("w_technique", "每项新技术得分", "Points per technique"),
        _rule("w_variety", "每个新品种得分", "Points per variety"),
        _rule("w_area_100mu", "每百亩推广面积得分", "Points per 100 mu promoted"),
        _rule("w_households_10", "每十户带动得分", "Points per 10 households adopting"),
        _rule("w_income_10k", "每万元增收得分", "Points per 10,000 yuan income"),
        _rule("w_problem", "每个解决问题得分", "Points per problem solved"),
        _rule("excellent_score", "优秀所需成效分", "Result points for excellent"),
        _rule("excellent_max_flags", "优秀允许的照片疑点", "Photo flags allowed for excellent"),
        _rule("report_day", "特派员每月报送截止日", "Specialists send by day", 1, 28, "int"),
        _rule("forward_day", "服务站每月转报截止日", "Stations forward by day", 1, 28, "int"),
        _rule(
            "request_overdue_days",
            "需求超期天数",
            "Request overdue after",
            1,
            365,
            "int",
            unit_zh="天",
            unit_en="days",
        ),
        _rule(
            "photo_days",
            "照片日期允许相差",
            "Photo date tolerance",
            0,
            365,
            "int",
            unit_zh="天",
            unit_en="days",
        ),
        _rule(
            "photo_km",
            "照片位置允许相距",
            "Photo distance tolerance",
            0,
            1000,
            unit_zh="公里",
            unit_en="km",
        ),
    ),
    indexes=(("year",),),
)

ASSESSMENT = EntitySpec(
    "assessment",
    "年度考核结果",
    "Annual assessment",
    (
        FieldSpec(
            "specialist_id", "ref:specialist", "特派员", "Specialist", required=True, group="county"
        ),
        _rule("year", "年度", "Year", 2014, 2100, "int", required=True, group="county"),
        _enum("grade", "确认等次", "Confirmed grade", GRADES, required=True, group="county"),
        _enum("suggested_grade", "建议等次", "Suggested grade", GRADES, group="county"),
        _note("reasons", "依据", "Reasons", group="county"),
        _note("figures", "考核数据", "Figures", group="county"),
        _text("comment", "县服务团意见", "County comment", group="county"),
        _text("confirmed_by", "确认人", "Confirmed by", max_length=100, group="county"),
        FieldSpec("confirmed_at", "date", "确认日期", "Confirmed on", group="county"),
    ),
    indexes=(("specialist_id", "year"),),
    authority=(("county", ("county",)),),
)

ENTITIES: dict[str, EntitySpec] = {
    e.name: e
    for e in (
        ORG_UNIT,
        SPECIALIST,
        ASSIGNMENT,
        NODE_KEY,
        VISIT,
        EXTENSION,
        TRAINING,
        ASSESSMENT_RULE,
        REQUEST,
        CALLBACK,
        ASSESSMENT,
    )
}
# Specialist-authored work records, in the order lists and reports show them.
RECORD_KINDS: tuple[str, ...] = tuple(name for name, spec in ENTITIES.items() if spec.is_record)
ROSTER_KINDS = ("org_unit", "specialist", "assignment", "node_key", "assessment_rule")
# Kinds with their own authority rules (``EntitySpec.authority`` plus
# ``management.authority``): written by stations, the county and — for an
# answer — the assigned specialist.
MANAGEMENT_KINDS = ("request", "callback", "assessment")


def entity(name: str) -> EntitySpec:
    try:
        return ENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}") from None
