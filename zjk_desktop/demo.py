"""Synthetic demo data, written through the same core API as real work.

Counties and their division codes are real (Zhangjiakou, code 1307); every
township, village, person and record below them is invented and flagged
``is_demo``.  The same seed and end date give the same data, ids included.

Seasonality follows the Bashang/Bashang-foot farming year: field industries
peak from planting (April–May) to harvest (September–October); greenhouses,
fungi and livestock run all year; training peaks in the winter slack season
(冬季农闲培训), extension in spring.
"""

from __future__ import annotations

import csv
import datetime as _dt
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .domain.entities import RECORD_KINDS
from .management.demo import add_management_demo, village_position
from .paths import package_data_dir
from .store import Change, Store
from .store.db import StoreRefs

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScaleSpec:
    counties: int
    townships_per_county: tuple[int, int]
    villages_per_township: tuple[int, int]
    poor_villages: int
    specialists: int
    visits: int
    trainings: int
    extensions: int
    cities: int = 1  # > 1: that many cities, each generated like "city"


SCALES = {
    "small": ScaleSpec(1, (3, 3), (9, 11), 16, 10, 700, 180, 120),
    "city": ScaleSpec(16, (11, 14), (17, 23), 1741, 500, 100_000, 20_000, 10_000),
    # A province office gathering ten cities' files: Zhangjiakou as in "city" plus
    # nine synthetic cities of the same size and proportions (about 1.3 million records).
    "province": ScaleSpec(
        160, (11, 14), (17, 23), 17410, 5000, 1_000_000, 200_000, 100_000, cities=10
    ),
}

# Hebei's other prefecture-level cities (division code prefix, name).  Their
# counties in the province demo are invented: Zhangjiakou's 16 counties' code
# suffixes under the city's prefix, named "<city>示例<n>县".
OTHER_CITIES = [
    ("1301", "石家庄市"),
    ("1302", "唐山市"),
    ("1303", "秦皇岛市"),
    ("1304", "邯郸市"),
    ("1305", "邢台市"),
    ("1306", "保定市"),
    ("1308", "承德市"),
    ("1309", "沧州市"),
    ("1310", "廊坊市"),
    ("1311", "衡水市"),
]

SMALL_COUNTY = "130732"  # 赤城县

# Monthly weights, January first.
SEASON = {
    "millet": [0, 0, 1, 4, 8, 9, 9, 7, 6, 3, 1, 0],
    "potato": [0, 0, 1, 4, 7, 9, 9, 9, 8, 4, 1, 0],
    "fungi": [5, 5, 5, 4, 4, 3, 3, 4, 5, 6, 6, 5],
    "livestock": [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    "grains": [0, 0, 1, 4, 8, 8, 8, 7, 7, 4, 1, 0],
    "vegetables": [1, 1, 2, 5, 8, 9, 9, 9, 7, 4, 1, 1],
    "fruit": [1, 1, 2, 4, 6, 6, 7, 9, 9, 5, 2, 1],
    "herbs": [0, 0, 1, 5, 7, 7, 7, 7, 8, 5, 1, 0],
}
TRAINING_SEASON = [9, 8, 8, 6, 4, 3, 3, 3, 3, 4, 6, 9]
EXTENSION_SEASON = [1, 1, 3, 8, 9, 7, 5, 4, 4, 3, 1, 1]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国志强海燕秀英桂兰玉梅立新春生永红文华晓东丽娜国庆振华俊峰淑芬凤霞明亮德胜金花雪梅宏伟利民学军长青瑞芳素珍卫东红梅建华"
EMPLOYERS = [
    "张家口市农业科学院",
    "河北北方学院",
    "河北农业大学",
    "张家口职业技术学院",
    "县农业农村局",
    "县畜牧兽医站",
    "县农业技术推广中心",
    "坝上农业科学研究所",
]
TITLES = [
    "研究员",
    "副研究员",
    "高级农艺师",
    "农艺师",
    "高级畜牧师",
    "教授",
    "副教授",
    "讲师",
    "助理农艺师",
]
SPECIALTIES = {
    "millet": "作物栽培与耕作",
    "potato": "马铃薯育种与栽培",
    "fungi": "食用菌栽培",
    "livestock": "动物医学",
    "grains": "作物栽培与耕作",
    "vegetables": "设施园艺",
    "fruit": "果树栽培",
    "herbs": "中药材栽培",
}
TOWNSHIP_ROOTS = "白龙云州样田东卯雕鹗龙关独石炮梁三道镇宁后城赤诚大海陀马营茨营白草"
VILLAGE_PATTERNS = [
    "{a}{b}营",
    "{a}家庄",
    "{a}{b}沟",
    "{a}{b}堡",
    "{a}家窑",
    "上{a}{b}",
    "下{a}{b}",
    "{a}{b}湾",
    "{a}{b}坝",
    "{a}{b}台",
]
VILLAGE_CHARS = "石榆杨柳柏松桦王李张刘马赵孙高白黑红青东西南北前后大小新老双三四五"

CONTENT = {
    "millet": [
        ("杂交谷子间苗定苗技术指导", "苗情不齐，部分地块缺苗", "指导查苗补种，合理密植"),
        ("谷子病虫害田间诊断", "发现谷瘟病零星发生", "推荐药剂并示范统防统治"),
        ("张杂谷收获与晾晒指导", "收获期偏晚，倒伏风险", "建议适期收获，机械化收割"),
    ],
    "potato": [
        (
            "马铃薯晚疫病监测与防控",
            "田间湿度大，叶片出现病斑",
            "指导喷施保护性杀菌剂，清除中心病株",
        ),
        ("脱毒种薯选用与切块指导", "自留种薯退化，出苗率低", "推广脱毒种薯，切刀消毒"),
        ("膜下滴灌水肥管理指导", "滴灌带铺设不规范", "现场调整滴灌带间距，制定灌溉计划"),
    ],
    "fungi": [
        ("香菇菌棒养菌管理", "部分菌棒出现绿霉污染", "剔除污染菌棒，加强通风降温"),
        ("食用菌大棚温湿度调控", "棚内温差大，出菇不齐", "指导加装遮阳网和喷雾设施"),
        ("平菇出菇期管理", "子实体畸形", "调整二氧化碳浓度和光照"),
    ],
    "livestock": [
        ("肉羊舍饲圈养技术指导", "羊舍通风差，羔羊腹泻", "指导圈舍消毒和羔羊补饲"),
        ("奶牛疫病防控巡诊", "个别奶牛乳房炎", "规范挤奶操作，隔离治疗"),
        ("青贮饲料制作指导", "青贮窖密封不严", "示范压实与密封工艺"),
    ],
    "grains": [
        ("燕麦、荞麦标准化种植指导", "播种量偏大", "推荐精量播种和配方施肥"),
        ("杂粮田间除草技术", "杂草危害重", "指导苗前封闭除草"),
    ],
    "vegetables": [
        ("错季蔬菜育苗技术指导", "育苗棚温度偏低", "指导电热温床育苗"),
        ("冷凉蔬菜病虫害绿色防控", "小菜蛾发生", "悬挂性诱剂和防虫网"),
    ],
    "fruit": [
        ("葡萄冬剪与埋土防寒", "枝条成熟度不一", "示范冬季修剪和埋土方法"),
        ("苹果花果管理指导", "坐果率低", "指导人工授粉和疏花疏果"),
    ],
    "herbs": [
        ("黄芩、板蓝根栽培指导", "出苗不整齐", "指导种子处理和保墒措施"),
        ("中药材采收与初加工", "晾晒方法不当", "示范规范采收和干燥"),
    ],
}
TRAINING_TOPICS = {
    "millet": ["杂交谷子高产栽培技术", "谷子全程机械化生产"],
    "potato": ["马铃薯绿色高质高效栽培", "马铃薯晚疫病综合防控"],
    "fungi": ["食用菌标准化生产", "香菇菌棒制作技术"],
    "livestock": ["肉羊高效养殖技术", "畜禽疫病防控知识"],
    "grains": ["杂粮提质增效栽培"],
    "vegetables": ["错季蔬菜栽培管理", "设施蔬菜水肥一体化"],
    "fruit": ["葡萄优质栽培技术", "果树整形修剪"],
    "herbs": ["中药材规范化种植"],
}
EXTENSIONS = {
    "millet": [
        ("variety", "张杂谷13号"),
        ("variety", "张杂谷10号"),
        ("technique", "谷子精量播种技术"),
    ],
    "potato": [
        ("variety", "冀张薯12号"),
        ("variety", "冀张薯8号"),
        ("technique", "马铃薯膜下滴灌技术"),
    ],
    "fungi": [("technique", "香菇工厂化菌棒生产技术"), ("variety", "平菇新品种 冀平2号")],
    "livestock": [("technique", "肉羊舍饲圈养技术"), ("technique", "全株青贮玉米饲喂技术")],
    "grains": [("variety", "坝莜1号燕麦"), ("technique", "杂粮测土配方施肥")],
    "vegetables": [("technique", "冷凉蔬菜水肥一体化"), ("variety", "错季甘蓝新品种")],
    "fruit": [("technique", "葡萄避雨栽培技术"), ("variety", "龙眼葡萄优系")],
    "herbs": [("technique", "黄芩仿野生种植技术"), ("variety", "板蓝根新品系")],
}
RETURN_COMMENTS = ["服务户数与照片不符，请核实", "请补充解决措施", "日期有误，请更正"]


class _Ids:
    """Deterministic time-ordered ids (UUIDv7 layout) from the seeded generator."""

    def __init__(self, rng: random.Random, base_ms: int):
        self.rng = rng
        self.ms = base_ms

    def next(self) -> str:
        self.ms += 1
        value = (self.ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= self.rng.getrandbits(12) << 64
        value |= 0b10 << 62
        value |= self.rng.getrandbits(62)
        return str(uuid.UUID(int=value))


def _weighted_day(
    rng: random.Random, start: _dt.date, end: _dt.date, weights: list[int]
) -> _dt.date:
    """A day in [start, end] drawn by month weight."""
    span = (end - start).days
    while True:
        day = start + _dt.timedelta(days=rng.randint(0, span))
        if rng.random() * 9 < max(weights[day.month - 1], 0.3):
            return day


def _counties(city: tuple[str, str] | None = None) -> list[dict[str, str]]:
    """Zhangjiakou's counties, or synthetic ones under another city's code prefix."""
    with open(package_data_dir() / "zhangjiakou_counties.csv", encoding="utf-8") as fh:
        counties = list(csv.DictReader(fh))
    if city is None:
        return counties
    prefix, name = city
    return [
        {**c, "code": prefix + c["code"][4:], "name": f"{name[:-1]}示例{n}县"}
        for n, c in enumerate(counties, start=1)
    ]


# Milliseconds between the id ranges of the province demo's cities.  A city uses about
# 200,000 ids (one millisecond each); each synthetic city starts past the one before, so
# every city's ids sort after the earlier cities' and its rows go to the right-hand edge
# of each id index instead of between the rows already there (random inserts into a
# growing database: what made the province demo grow worse than linearly).
CITY_ID_SPACING_MS = 10_000_000


def _city_id_offset(city: tuple[str, str] | None) -> int:
    """Where a synthetic city's ids start, after Zhangjiakou's (0) and the cities before it."""
    if city is None:
        return 0
    prefixes = [prefix for prefix, _name in OTHER_CITIES]
    n = prefixes.index(city[0]) + 1 if city[0] in prefixes else int(city[0]) % 97 + 1
    return n * CITY_ID_SPACING_MS


def _person_name(rng: random.Random) -> str:
    given = (
        GIVEN[rng.randrange(0, len(GIVEN) - 1, 2) :][:2]
        if rng.random() < 0.7
        else rng.choice(GIVEN)
    )
    return rng.choice(SURNAMES) + given


def generate_demo(
    store: Store,
    scale: str = "small",
    seed: int = 1,
    *,
    end_date: _dt.date | None = None,
    progress: Progress | None = None,
    batch_size: int = 5000,
    city: tuple[str, str] | None = None,
    refs: StoreRefs | None = None,
    id_offset_ms: int | None = None,
) -> dict[str, Any]:
    """Fill ``store`` with a year of synthetic work ending ``end_date`` (default today).

    ``city`` (code prefix, name) generates one synthetic city instead of Zhangjiakou;
    the "province" scale is Zhangjiakou plus such cities, one city at a time so memory
    stays that of one city.  ``refs``: the reference lookups to validate with, kept from
    one city to the next (each would otherwise read every earlier city's ids again).
    ``id_offset_ms``: where the ids start after the period's first day (default: after the
    cities before it, ``CITY_ID_SPACING_MS``; 0 interleaves a city's ids with Zhangjiakou's,
    as a real city's records made in the same year would be — ``bench/scale.py``).
    """
    spec = SCALES[scale]
    if spec.cities > 1:
        return _generate_cities(store, spec, seed, end_date, progress, batch_size)
    rng = random.Random(f"zjk-demo-{scale}-{seed}" + (f"-{city[0]}" if city else ""))
    end = end_date or _dt.date.today()
    start = end - _dt.timedelta(days=364)
    base_ms = int(_dt.datetime(start.year, start.month, start.day).timestamp() * 1000)
    offset = _city_id_offset(city) if id_offset_ms is None else id_offset_ms
    ids = _Ids(rng, base_ms + offset)
    refs = refs or StoreRefs(store)
    report = progress or (lambda stage, done, total: None)

    def write_all(stage: str, changes: list[Change]) -> None:
        # One transaction per stage; a stage that outnumbers its tables builds their
        # lookup indexes at the end (Store.bulk_load).
        with store.bulk_load(Counter(c.kind for c in changes)):
            for i in range(0, len(changes), batch_size):
                store.write(changes[i : i + batch_size], refs=refs, actor="演示数据")
                report(stage, min(i + batch_size, len(changes)), len(changes))

    # ---- org units -----------------------------------------------------
    counties = _counties(city)
    if scale == "small":
        counties = [c for c in counties if c["code"] == SMALL_COUNTY]
    counties = counties[: spec.counties]
    org_changes: list[Change] = []
    villages: list[dict[str, Any]] = []  # id, township_id, county_id, poor
    townships: list[dict[str, Any]] = []
    used_names: set[str] = set()
    for county in counties:
        county_id = ids.next()
        org_changes.append(
            Change(
                "org_unit",
                "create",
                {"code": county["code"], "name": county["name"], "level": "county"},
                county_id,
            )
        )
        n_town = rng.randint(*spec.townships_per_county)
        for t in range(n_town):
            town_id = ids.next()
            root = TOWNSHIP_ROOTS[rng.randrange(len(TOWNSHIP_ROOTS) - 1)]
            name = f"{root}{TOWNSHIP_ROOTS[rng.randrange(len(TOWNSHIP_ROOTS))]}{'镇' if t % 3 == 0 else '乡'}"
            while name in used_names:
                name = name[:-1] + "新" + name[-1]
            used_names.add(name)
            town_code = f"{county['code']}{100 + t:03d}000"
            org_changes.append(
                Change(
                    "org_unit",
                    "create",
                    {
                        "code": town_code,
                        "name": name,
                        "level": "township",
                        "parent_id": county_id,
                        "is_demo": True,
                    },
                    town_id,
                )
            )
            townships.append({"id": town_id, "county_id": county_id, "name": name})
            village_names: set[str] = set()
            for v_number in range(rng.randint(*spec.villages_per_township)):
                pattern = rng.choice(VILLAGE_PATTERNS)
                vname = (
                    pattern.format(a=rng.choice(VILLAGE_CHARS), b=rng.choice(VILLAGE_CHARS)) + "村"
                )
                while vname in village_names:
                    vname = vname[:-1] + rng.choice("一二三") + "村"
                village_names.add(vname)
                vid = ids.next()
                villages.append(
                    {
                        "id": vid,
                        "township_id": town_id,
                        "county_id": county_id,
                        "code": f"{town_code[:9]}{200 + v_number:03d}",
                        "name": vname,
                    }
                )
    poor_ids = {v["id"] for v in rng.sample(villages, min(spec.poor_villages, len(villages)))}
    # Village positions (经度/纬度) from their own generator: the rest of the demo stays as it was.
    geo = random.Random(f"zjk-demo-geo-{scale}-{seed}")
    county_index = {
        c_id: i for i, c_id in enumerate(dict.fromkeys(v["county_id"] for v in villages))
    }
    county_code = {v["county_id"]: v["code"][:6] for v in villages}
    for v in villages:
        v["latitude"], v["longitude"] = village_position(
            geo, county_code[v["county_id"]], county_index[v["county_id"]]
        )
    for v in villages:
        poor = v["id"] in poor_ids
        v["poor"] = poor
        values: dict[str, Any] = {
            "code": v["code"],
            "name": v["name"],
            "level": "village",
            "parent_id": v["township_id"],
            "is_poor": poor,
            "households": rng.randint(80, 600),
            "is_demo": True,
            "latitude": v["latitude"],
            "longitude": v["longitude"],
        }
        if poor and rng.random() < 0.9:
            values["exit_year"] = rng.choice([2017, 2018, 2019, 2020])
        values["population"] = values["households"] * rng.randint(2, 4)
        org_changes.append(Change("org_unit", "create", values, v["id"]))
    write_all("org_unit", org_changes)

    # ---- specialists and assignments -----------------------------------
    industries = list(SEASON)
    town_by_id = {t["id"]: t for t in townships}
    poor_villages = [v for v in villages if v["poor"]]
    rng.shuffle(poor_villages)
    # Give each specialist a run of poor villages of one township where possible.
    poor_villages.sort(key=lambda v: (v["county_id"], v["township_id"]))
    n_poor = len(poor_villages)
    specialist_changes: list[Change] = []
    assignment_changes: list[Change] = []
    specialists: list[dict[str, Any]] = []
    for s in range(spec.specialists):
        sid = ids.next()
        # Even blocks: 1,741 villages over 500 specialists is 3 or 4 each.
        chunk = poor_villages[s * n_poor // spec.specialists : (s + 1) * n_poor // spec.specialists]
        if not chunk:
            chunk = [rng.choice(poor_villages)]
        main_industry = rng.choice(industries)
        second = rng.choice(industries)
        inds = [main_industry] if second == main_industry else [main_industry, second]
        home_town = chunk[0]["township_id"]
        person = _person_name(rng)
        specialist_changes.append(
            Change(
                "specialist",
                "create",
                {
                    "name": person,
                    "gender": rng.choice(["male", "male", "female"]),
                    "phone": f"1{rng.choice('3578')}{rng.randint(0, 9)}0000{rng.randint(1000, 9999)}",
                    "employer": rng.choice(EMPLOYERS),
                    "title": rng.choice(TITLES),
                    "specialty": SPECIALTIES[main_industry],
                    "industries": inds,
                    "level": rng.choice(["province", "city", "city", "county", "county"]),
                    "org_id": home_town,
                    "is_demo": True,
                },
                sid,
            )
        )
        start_date = (start - _dt.timedelta(days=rng.randint(30, 900))).isoformat()
        for v in chunk:
            assignment_changes.append(
                Change(
                    "assignment",
                    "create",
                    {"specialist_id": sid, "village_id": v["id"], "start_date": start_date},
                    ids.next(),
                )
            )
        specialists.append(
            {
                "id": sid,
                "name": person,
                "villages": chunk,
                "industries": inds,
                "town": town_by_id[home_town],
            }
        )
    write_all("specialist", specialist_changes)
    write_all("assignment", assignment_changes)

    # ---- records ---------------------------------------------------------
    def review_values(day: _dt.date) -> dict[str, Any]:
        age = (end - day).days
        roll = rng.random()
        if age < 10:
            state = "draft" if roll < 0.5 else "submitted"
        elif age < 40:
            state = "submitted" if roll < 0.5 else ("approved" if roll < 0.93 else "returned")
        else:
            state = "approved" if roll < 0.95 else ("returned" if roll < 0.97 else "submitted")
        values: dict[str, Any] = {"review_state": state}
        if state in ("approved", "returned"):
            values["reviewed_by"] = "乡镇服务站"
            values["reviewed_at"] = min(
                end, day + _dt.timedelta(days=rng.randint(1, 20))
            ).isoformat()
            if state == "returned":
                values["review_comment"] = rng.choice(RETURN_COMMENTS)
        return values

    def pick_owner() -> tuple[dict[str, Any], str]:
        owner = rng.choice(specialists)
        industry = (
            owner["industries"][0] if rng.random() < 0.75 else rng.choice(owner["industries"])
        )
        return owner, industry

    record_changes: list[Change] = []
    for _ in range(spec.visits):
        owner, industry = pick_owner()
        day = _weighted_day(rng, start, end, SEASON[industry])
        content, problem, measure = rng.choice(CONTENT[industry])
        households = rng.randint(1, 30)
        values = {
            "date": day.isoformat(),
            "specialist_id": owner["id"],
            "village_id": rng.choice(owner["villages"])["id"],
            "industry": industry,
            "service_type": rng.choice(
                ["guidance", "guidance", "diagnosis", "followup", "demonstration", "policy"]
            ),
            "content": content,
            "problems": problem,
            "measures": measure,
            "households_served": households,
            "people_served": households + rng.randint(0, households * 2),
            **review_values(day),
        }
        if rng.random() < 0.2:
            values["follow_up"] = "两周后回访查看效果"
        record_changes.append(Change("visit", "create", values, ids.next()))
    for _ in range(spec.trainings):
        owner, industry = pick_owner()
        day = _weighted_day(rng, start, end, TRAINING_SEASON)
        mode = rng.choices(["onsite", "livestream", "replay"], [70, 20, 10])[0]
        attendees = rng.randint(15, 90) if mode == "onsite" else rng.randint(0, 30)
        values = {
            "date": day.isoformat(),
            "specialist_id": owner["id"],
            "village_id": rng.choice(owner["villages"])["id"],
            "industry": industry,
            "mode": mode,
            "topic": rng.choice(TRAINING_TOPICS[industry]),
            "trainer": owner["name"],
            "hours": rng.choice([1, 1.5, 2, 2, 3, 4]),
            "attendees": attendees,
            "online_viewers": rng.randint(150, 1500) if mode != "onsite" else 0,
            "poor_households": rng.randint(0, max(1, attendees // 2)),
            "materials": rng.randint(0, attendees * 2) if mode == "onsite" else 0,
            **review_values(day),
        }
        record_changes.append(Change("training", "create", values, ids.next()))
    for _ in range(spec.extensions):
        owner, industry = pick_owner()
        day = _weighted_day(rng, start, end, EXTENSION_SEASON)
        ext_type, name = rng.choice(EXTENSIONS[industry])
        demo_area = float(rng.choice([10, 20, 30, 50, 80, 100, 150, 200]))
        values = {
            "date": day.isoformat(),
            "specialist_id": owner["id"],
            "village_id": rng.choice(owner["villages"])["id"],
            "industry": industry,
            "ext_type": ext_type,
            "name": name,
            "demo_area_mu": demo_area if industry != "livestock" else None,
            "promoted_area_mu": demo_area * rng.randint(2, 15) if industry != "livestock" else None,
            "households_adopting": rng.randint(3, 60),
            "base": f"{rng.choice(owner['villages'])['name']}示范基地",
            "effect": f"亩均增产{rng.randint(5, 25)}%"
            if industry != "livestock"
            else f"户均增收{rng.randint(2, 12)}千元",
            "income_increase_yuan": float(rng.randint(5, 200) * 1000),
            **review_values(day),
        }
        record_changes.append(Change("extension", "create", values, ids.next()))
    # Time order, as they would have been entered.
    record_changes.sort(key=lambda c: c.values["date"])
    write_all("records", record_changes)
    summary = {
        "scale": scale,
        "seed": seed,
        "period": f"{start.isoformat()}..{end.isoformat()}",
        "counties": len(counties),
        "townships": len(townships),
        "villages": len(villages),
        "poor_villages": len(poor_ids),
        "specialists": len(specialists),
        "assignments": len(assignment_changes),
    }
    for kind in RECORD_KINDS:
        summary[kind] = store.count(kind)
    summary.update(
        add_management_demo(
            store,
            seed=f"{scale}-{seed}",
            start=start,
            end=end,
            specialists=specialists,
            townships=townships,
            villages=villages,
            new_id=ids.next,
            write_all=write_all,
        )
    )
    return summary


def _generate_cities(
    store: Store,
    spec: ScaleSpec,
    seed: int,
    end_date: _dt.date | None,
    progress: Progress | None,
    batch_size: int,
) -> dict[str, Any]:
    cities: list[tuple[str, str] | None] = [None, *OTHER_CITIES[: spec.cities - 1]]
    totals: dict[str, Any] = {}
    refs = StoreRefs(store)
    for n, city in enumerate(cities, start=1):
        label = city[1] if city else "张家口市"

        def city_progress(
            stage: str, done: int, total: int, label: str = label, n: int = n
        ) -> None:
            if progress:
                progress(f"{label} ({n}/{len(cities)}) {stage}", done, total)

        part = generate_demo(
            store,
            "city",
            seed,
            end_date=end_date,
            progress=city_progress,
            batch_size=batch_size,
            city=city,
            refs=refs,
        )
        for key, value in part.items():
            if isinstance(value, int) and key not in RECORD_KINDS and key != "seed":
                totals[key] = totals.get(key, 0) + value
            else:
                totals.setdefault(key, value)
    totals["scale"] = "province"
    totals["cities"] = len(cities)
    for kind in RECORD_KINDS:
        totals[kind] = store.count(kind)
    return totals
