"""What each kind of row holds: fields, types, who owns them, which are personal.

One table of specifications drives the database schema, validation, the
version log, sync authority checks, the dump, the GUI forms and the reports,
so a new field is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .enums import (
    EXTENSION_TYPES,
    GENDERS,
    INDUSTRIES,
    ORG_LEVELS,
    REVIEW_STATES,
    ROLES,
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
    _by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)
    field_set: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})

        # Names of the fields plus the ``deleted`` pseudo-field (hot in merges).
        object.__setattr__(self, "field_set", frozenset(self._by_name) | {DELETED})

    def field(self, name: str) -> FieldSpec | None:
        return self._by_name.get(name)

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def label(self, language: str = "zh_CN") -> str:
        return self.zh if language == "zh_CN" else self.en

    @property
    def personal_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.personal]


def _text(name, zh, en, **kw) -> FieldSpec:
    kw.setdefault("max_length", 2000)
    return FieldSpec(name, "text", zh, en, **kw)


def _note(name, zh, en, **kw) -> FieldSpec:
    kw.setdefault("max_length", 20000)
    return FieldSpec(name, "text", zh, en, **kw)


def _enum(name, zh, en, enumeration: Enumeration, **kw) -> FieldSpec:
    return FieldSpec(name, f"enum:{enumeration.name}", zh, en, enum=enumeration, **kw)


def _count(name, zh, en, unit_zh="", unit_en="", maximum=100000, **kw) -> FieldSpec:
    return FieldSpec(
        name, "int", zh, en, unit_zh=unit_zh, unit_en=unit_en, minimum=0, maximum=maximum, **kw
    )


def _area(name, zh, en, **kw) -> FieldSpec:
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
)

ENTITIES: dict[str, EntitySpec] = {
    e.name: e for e in (ORG_UNIT, SPECIALIST, ASSIGNMENT, NODE_KEY, VISIT, EXTENSION, TRAINING)
}
RECORD_KINDS = ("visit", "extension", "training")
ROSTER_KINDS = ("org_unit", "specialist", "assignment", "node_key")



def entity(name: str) -> EntitySpec:
    try:
        return ENTITIES[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}") from None
