"""Every enumeration the program knows, in one place, with its Chinese and English labels.

Values stored in the database and shipped in sync files are the ASCII codes;
labels are for people.  Adding a value is safe; renaming a code is a migration.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    code: str
    zh: str
    en: str

    def label(self, language: str = "zh_CN") -> str:
        return self.zh if language == "zh_CN" else self.en


class Enumeration:
    def __init__(self, name: str, choices: list[Choice]) -> None:
        self.name = name
        self.choices = choices
        self._by_code = {c.code: c for c in choices}
        self._by_label = {}
        for c in choices:
            self._by_label[c.zh] = c
            self._by_label[c.en.lower()] = c

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Choice]:
        return iter(self.choices)

    def codes(self) -> list[str]:
        return [c.code for c in self.choices]

    def label(self, code: str | None, language: str = "zh_CN") -> str:
        if code is None:
            return ""
        choice = self._by_code.get(code)
        return choice.label(language) if choice else str(code)

    def parse(self, text: str | None) -> str | None:
        """Code for a code, a Chinese label or an English label; None if unknown."""
        if text is None:
            return None
        text = str(text).strip()
        if text in self._by_code:
            return text
        choice = self._by_label.get(text) or self._by_label.get(text.lower())
        return choice.code if choice else None


INDUSTRIES = Enumeration(
    "industry",
    [
        Choice("millet", "杂交谷子", "Hybrid millet"),
        Choice("potato", "马铃薯", "Potato"),
        Choice("fungi", "食用菌", "Edible fungi"),
        Choice("livestock", "畜牧业", "Livestock"),
        Choice("grains", "杂粮", "Coarse cereals"),
        Choice("vegetables", "蔬菜", "Vegetables"),
        Choice("fruit", "果品", "Fruit"),
        Choice("herbs", "中药材", "Medicinal herbs"),
        Choice("other", "其他", "Other"),
    ],
)

SERVICE_TYPES = Enumeration(
    "service_type",
    [
        Choice("guidance", "技术指导", "Technical guidance"),
        Choice("diagnosis", "问题诊断", "Problem diagnosis"),
        Choice("followup", "跟踪回访", "Follow-up"),
        Choice("demonstration", "示范观摩", "Demonstration"),
        Choice("policy", "政策宣传", "Policy outreach"),
        Choice("other", "其他", "Other"),
    ],
)

EXTENSION_TYPES = Enumeration(
    "extension_type",
    [
        Choice("technique", "新技术", "New technique"),
        Choice("variety", "新品种", "New variety"),
    ],
)

TRAINING_MODES = Enumeration(
    "training_mode",
    [
        Choice("onsite", "现场培训", "On-site"),
        Choice("livestream", "网络直播", "Livestream"),
        Choice("replay", "录播回放", "Replay"),
    ],
)

REVIEW_STATES = Enumeration(
    "review_state",
    [
        Choice("draft", "草稿", "Draft"),
        Choice("submitted", "已提交", "Submitted"),
        Choice("approved", "已审核", "Approved"),
        Choice("returned", "已退回", "Returned"),
    ],
)

ROLES = Enumeration(
    "role",
    [
        Choice("specialist", "特派员", "Specialist"),
        Choice("township", "乡镇服务站", "Township station"),
        Choice("county", "县服务团", "County team"),
    ],
)

ORG_LEVELS = Enumeration(
    "org_level",
    [
        Choice("city", "市", "City"),
        Choice("county", "县区", "County"),
        Choice("township", "乡镇", "Township"),
        Choice("village", "村", "Village"),
    ],
)

GENDERS = Enumeration(
    "gender",
    [
        Choice("male", "男", "Male"),
        Choice("female", "女", "Female"),
    ],
)

SPECIALIST_LEVELS = Enumeration(
    "specialist_level",
    [
        Choice("province", "省级", "Provincial"),
        Choice("city", "市级", "City"),
        Choice("county", "县级", "County"),
    ],
)

# --- management (issue 13): farmers' requests, callbacks, assessment grades
REQUEST_STATUSES = Enumeration(
    "request_status",
    [
        Choice("open", "待分派", "Open"),
        Choice("assigned", "已分派", "Assigned"),
        Choice("answered", "已答复", "Answered"),
        Choice("closed", "已办结", "Closed"),
    ],
)

SATISFACTION = Enumeration(
    "satisfaction",
    [
        Choice("satisfied", "满意", "Satisfied"),
        Choice("basic", "基本满意", "Basically satisfied"),
        Choice("dissatisfied", "不满意", "Dissatisfied"),
    ],
)

CALLBACK_TARGETS = Enumeration(
    "callback_target",
    [
        Choice("visit", "走访记录", "Village visit"),
        Choice("extension", "技术推广", "Technology extension"),
        Choice("training", "培训", "Training"),
    ],
)

GRADES = Enumeration(
    "grade",
    [
        Choice("excellent", "优秀", "Excellent"),
        Choice("pass", "合格", "Pass"),
        Choice("basic", "基本合格", "Basically pass"),
        Choice("fail", "不合格", "Fail"),
    ],
)

ALL_ENUMERATIONS = {
    e.name: e
    for e in (
        INDUSTRIES,
        SERVICE_TYPES,
        EXTENSION_TYPES,
        TRAINING_MODES,
        REVIEW_STATES,
        ROLES,
        ORG_LEVELS,
        GENDERS,
        SPECIALIST_LEVELS,
        REQUEST_STATUSES,
        SATISFACTION,
        CALLBACK_TARGETS,
        GRADES,
    )
}
