"""Demo data for what the county manages by: rules, files that arrived (on time, late,
missing), farmers' requests (some overdue), callbacks, and photos with EXIF — a few
of them mismatched — made with Pillow.  Called from ``zjk_desktop.demo``.

Files "arriving" are written to the local import ledger as imports from the
specialists' and stations' nodes would be (their keys are in the demo keyring,
labelled as demo nodes), with their own direction (``DEMO_DIRECTION``) so the
sync page and "last import" do not claim imports that never happened;
everything else goes through ``Store.write``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import random
from collections.abc import Callable
from typing import Any

from ..domain.entities import RECORD_KINDS
from ..store import Change, Store
from .assessment import DEFAULT_RULES
from .evidence import make_jpeg
from .timeliness import DEMO_DIRECTION

PROBLEMS = {
    "millet": [
        "谷子叶片发黄，不知道是缺肥还是病害",
        "想试种张杂谷新品种，不知道适不适合我们村",
        "谷子出苗不齐怎么补救",
    ],
    "potato": ["马铃薯晚疫病又发了，叶子成片发黑", "想换脱毒种薯，哪里能买到", "窖藏马铃薯烂得多"],
    "fungi": ["香菇菌棒出菇少，温度怎么控制", "平菇菌袋染了绿霉", "想扩大食用菌大棚，需要技术指导"],
    "livestock": ["羊羔腹泻，死了两只", "肉牛育肥饲料怎么配更省钱", "猪场消毒怎么做"],
    "grains": ["莜麦倒伏严重", "荞麦想增产，密度怎么定", "杂豆地里杂草多"],
    "vegetables": ["大棚西红柿裂果", "甘蓝出现黑腐病", "错季菜销路不好，想调整茬口"],
    "fruit": ["苹果树腐烂病", "葡萄冬季埋土防寒怎么做", "杏树花期受冻"],
    "herbs": ["黄芪根腐病", "中药材种子发芽率低", "板蓝根田间管理要点"],
}
ANSWERS = [
    "已到田间查看，现场讲解了防治办法并留下资料",
    "电话指导后入户查看，建议更换品种并示范操作",
    "已联系种子站，协助购买脱毒种薯",
    "已现场诊断并开具用药方案，一周后回访效果良好",
]
CALLBACK_COMMENTS = {
    "satisfied": ["技术员讲得清楚，管用", "来得及时，解决了问题", ""],
    "basic": ["讲得好但来得少", "效果还要再看看", ""],
    "dissatisfied": ["说好来没来", "方法不太管用", "联系不上人"],
}
FARMERS = "王李张刘陈杨赵黄周吴"


def _fake_key(rng: random.Random) -> str:
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(32))).decode()


def add_management_demo(
    store: Store,
    *,
    seed: str,
    start: _dt.date,
    end: _dt.date,
    specialists: list[dict[str, Any]],
    townships: list[dict[str, Any]],
    villages: list[dict[str, Any]],
    new_id: Callable[[], str],
    write_all: Callable[[str, list[Change]], None],
) -> dict[str, int]:
    rng = random.Random(f"zjk-demo-mgmt-{seed}")
    summary: dict[str, int] = {}

    # ---- a few specialists did little (joined late, fell ill): a colleague of the same station
    #      covered their villages, so the assessment has people below the minimums
    summary["covered_records"] = _weaken(store, specialists, new_id, write_all)

    # ---- rules of the years the demo covers (county-owned, shipped with the roster)
    write_all(
        "assessment_rule",
        [
            Change("assessment_rule", "create", {**DEFAULT_RULES, "year": year}, new_id())
            for year in sorted({start.year, end.year})
        ],
    )

    # ---- the keyring knows each specialist's laptop and each station's computer
    node_of: dict[str, str] = {}
    keys: list[Change] = []
    for s in specialists:
        node_of[s["id"]] = f"demo-{new_id()[-12:]}"
        keys.append(
            Change(
                "node_key",
                "create",
                {
                    "node_id": node_of[s["id"]],
                    "public_key": _fake_key(rng),
                    "role": "specialist",
                    "org_id": s["town"]["id"],
                    "specialist_id": s["id"],
                    "label": f"{s['name']}（演示节点）",
                },
                new_id(),
            )
        )
    for t in townships:
        node_of[t["id"]] = f"demo-{new_id()[-12:]}"
        keys.append(
            Change(
                "node_key",
                "create",
                {
                    "node_id": node_of[t["id"]],
                    "public_key": _fake_key(rng),
                    "role": "township",
                    "org_id": t["id"],
                    "label": f"{t['name']}服务站（演示节点）",
                },
                new_id(),
            )
        )
    write_all("node_key", keys)

    # ---- files that arrived: most on time, some late, a few missing; two people silent lately
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    ledger = []
    silent = {s["id"] for s in specialists[1::7][:2]}
    habits = {s["id"]: rng.choice([0.9, 0.8, 0.7, 0.5]) for s in specialists}
    for who, nodes_day, habit in [
        (s["id"], DEFAULT_RULES["report_day"], habits[s["id"]]) for s in specialists
    ] + [(t["id"], DEFAULT_RULES["forward_day"], 0.85) for t in townships]:
        for y, m in months[:-1]:
            ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
            last_day = (_dt.date(ny + (nm == 12), nm % 12 + 1, 1) - _dt.timedelta(days=1)).day
            roll = rng.random()
            if who in silent and (ny, nm) >= (end.year, end.month):
                continue
            if roll < habit:
                day_of_month = rng.randint(1, int(nodes_day))
            elif roll < habit + (1 - habit) * 0.7:
                day_of_month = rng.randint(int(nodes_day) + 1, min(last_day, 26))
            else:
                continue  # missing
            at = _dt.datetime(ny, nm, day_of_month, rng.randint(8, 17), rng.randint(0, 59))
            if at.date() > end:
                continue
            ledger.append(
                (
                    new_id(),
                    DEMO_DIRECTION,
                    "delta",
                    f"{rng.getrandbits(128):032x}",
                    node_of[who],
                    at.isoformat(timespec="seconds"),
                    json.dumps({"ok": True, "demo": True}, ensure_ascii=False),
                )
            )
    with store.db.atomic():
        store.conn.executemany(
            "INSERT OR IGNORE INTO bundles(bundle_id, direction, kind, sha256, peer_node, at, summary)"
            " VALUES (?,?,?,?,?,?,?)",
            ledger,
        )
    summary["files_received"] = len(ledger)

    # ---- farmers' requests: most closed, some waiting for an answer long past the limit
    visits_by: dict[tuple[str, str], list[dict[str, Any]]] = {}
    # Only the columns needed (the city demo holds 100k visits), and only the visits of this
    # demo's specialists: a province demo adds city after city to one database, and reading
    # every city's visits again for each new one grew worse than linearly (time and memory;
    # each city got callbacks for a sample of all the visits before it).
    visit_rows = [
        dict(zip(("id", "specialist_id", "village_id", "date"), r, strict=True))
        for r in store.conn.execute(
            "SELECT id, specialist_id, village_id, date FROM visit WHERE +deleted = 0"
            " AND specialist_id IN (SELECT value FROM json_each(?)) ORDER BY date, id",
            (json.dumps([s["id"] for s in specialists]),),
        )
    ]
    for row in visit_rows:
        visits_by.setdefault((row["specialist_id"], row["village_id"]), []).append(row)
    n_requests = max(30, len(specialists) * 4)
    requests: list[Change] = []
    span = (end - start).days
    for _ in range(n_requests):
        s = rng.choice(specialists)
        village = rng.choice(s["villages"])
        industry = s["industries"][0]
        day = start + _dt.timedelta(days=rng.randint(0, span))
        age = (end - day).days
        values: dict[str, Any] = {
            "date": day.isoformat(),
            "requester_name": rng.choice(FARMERS)
            + rng.choice(["大爷", "大姐", "师傅", "书记", "主任"]),
            "requester_phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "village_id": village["id"],
            "org_id": village["township_id"],
            "industry": industry,
            "problem": rng.choice(PROBLEMS[industry]),
            "status": "open",
        }
        roll = rng.random()
        if age < 4 and roll < 0.6:
            requests.append(Change("request", "create", values, new_id()))
            continue
        if roll < 0.06:  # never assigned, long overdue
            requests.append(Change("request", "create", values, new_id()))
            continue
        assigned = day + _dt.timedelta(days=rng.randint(0, 3))
        values.update(
            {
                "status": "assigned",
                "specialist_id": s["id"],
                "assigned_at": min(assigned, end).isoformat(),
                "assigned_by": f"{s['town']['name']}服务站",
            }
        )
        if roll < 0.16 or age < 8:  # assigned, not answered (overdue when old)
            requests.append(Change("request", "create", values, new_id()))
            continue
        answered = assigned + _dt.timedelta(days=rng.choice([1, 2, 3, 4, 5, 7, 9, 12, 16, 21]))
        if answered > end:
            requests.append(Change("request", "create", values, new_id()))
            continue
        values.update(
            {
                "status": "answered",
                "answer": rng.choice(ANSWERS),
                "answered_at": answered.isoformat(),
            }
        )
        visit = next(
            (
                v
                for v in visits_by.get((s["id"], village["id"]), [])
                if day.isoformat() <= v["date"]
            ),
            None,
        )
        if visit is not None:
            values["visit_id"] = visit["id"]
        closed = answered + _dt.timedelta(days=rng.randint(1, 10))
        if roll < 0.85 and closed <= end:
            values.update(
                {
                    "status": "closed",
                    "closed_at": closed.isoformat(),
                    "close_comment": "农户认可，已办结",
                }
            )
        requests.append(Change("request", "create", values, new_id()))
    write_all("request", requests)
    summary["requests"] = len(requests)

    # ---- satisfaction callbacks: a sample of visits; one specialist's households unhappy
    visits = sorted((v for v in visit_rows if v["date"] <= end.isoformat()), key=lambda v: v["id"])
    unhappy = specialists[2]["id"] if len(specialists) > 2 else None
    callbacks = []
    town_of = {s["id"]: s["town"]["id"] for s in specialists}
    for v in rng.sample(visits, min(len(visits), max(60, len(visits) // 8))):
        if v["specialist_id"] == specialists[0]["id"]:
            continue  # one specialist nobody called back yet
        weights = [20, 45, 35] if v["specialist_id"] == unhappy else [78, 17, 5]
        result = rng.choices(["satisfied", "basic", "dissatisfied"], weights)[0]
        day = min(end, _dt.date.fromisoformat(v["date"]) + _dt.timedelta(days=rng.randint(3, 30)))
        town = town_of.get(v["specialist_id"])
        callbacks.append(
            Change(
                "callback",
                "create",
                {
                    "date": day.isoformat(),
                    "record_kind": "visit",
                    "record_id": v["id"],
                    "specialist_id": v["specialist_id"],
                    "village_id": v["village_id"],
                    "org_id": town,
                    "household": rng.choice(FARMERS) + rng.choice("建国秀英立新春生玉梅") + "户",
                    "result": result,
                    "comment": rng.choice(CALLBACK_COMMENTS[result]),
                },
                new_id(),
            )
        )
    write_all("callback", callbacks)
    summary["callbacks"] = len(callbacks)

    # ---- photos with EXIF: on the day and in the village, a few not (another day, 40 km off,
    #      no EXIF at all), some taken with the phone turned (orientation 6)
    by_id = {v["id"]: v for v in villages}
    recent = [v for v in visits if v["date"] >= (end - _dt.timedelta(days=120)).isoformat()]
    photo_changes = []
    n_photos = 0
    for i, v in enumerate(rng.sample(recent, min(len(recent), max(24, len(specialists) * 2)))):
        village = by_id.get(v["village_id"]) or {}
        lat, lon = village.get("latitude"), village.get("longitude")
        taken = _dt.datetime.fromisoformat(v["date"] + "T10:00:00") + _dt.timedelta(
            minutes=rng.randint(0, 400)
        )
        digests = []
        for k in range(rng.choice([1, 1, 2])):
            kind = i % 9
            if kind == 4 and k == 0:
                data = make_jpeg(
                    taken - _dt.timedelta(days=rng.randint(8, 40)),
                    lat,
                    lon,
                    size=(96, 72),
                    color=(120, 100, 60),
                )
            elif kind == 7 and k == 0 and lat is not None:
                data = make_jpeg(taken, lat + 0.36, lon, size=(96, 72), color=(60, 90, 130))
            elif kind == 2 and k == 0:
                data = make_jpeg(None, size=(96, 72), color=(100, 100, 100))
            else:
                jitter = (rng.uniform(-0.01, 0.01), rng.uniform(-0.01, 0.01))
                data = make_jpeg(
                    taken,
                    None if lat is None else lat + jitter[0],
                    None if lon is None else lon + jitter[1],
                    size=(96, 72),
                    orientation=6 if rng.random() < 0.3 else 1,
                    color=(70 + rng.randint(0, 60), 130, 60),
                )
            digests.append(store.put_blob(data, "image/jpeg"))
            n_photos += 1
        photo_changes.append(Change("visit", "update", {"photos": digests}, v["id"]))
    write_all("photos", photo_changes)
    summary["photos"] = n_photos
    return summary


# Approximate seats of a few counties (WGS-84); the others get a spread over the city.
COUNTY_SEATS = {
    "130732": (40.91, 115.83),
    "130722": (41.16, 114.70),
    "130724": (41.67, 115.69),
    "130723": (41.85, 114.60),
    "130726": (39.84, 114.59),
    "130733": (40.65, 115.82),
}


def _weaken(
    store: Store,
    specialists: list[dict[str, Any]],
    new_id: Callable[[], str],
    write_all: Callable[[str, list[Change]], None],
) -> int:
    """Hand most of the work of every 9th and 10th specialist to a colleague (kept: 4 and 10 records)."""
    assignments: list[Change] = []
    moves: list[Change] = []
    for i, weak in enumerate(specialists):
        keep = {8: 4, 9: 10}.get(i % 10)
        if keep is None:
            continue
        colleague = next(
            (
                s
                for j, s in enumerate(specialists)
                if s["town"]["id"] == weak["town"]["id"] and j % 10 not in (8, 9)
            ),
            None,
        )
        if colleague is None:
            continue
        for village in weak["villages"]:
            if village not in colleague["villages"]:
                colleague["villages"].append(village)
                assignments.append(
                    Change(
                        "assignment",
                        "create",
                        {
                            "specialist_id": colleague["id"],
                            "village_id": village["id"],
                            "start_date": "2015-01-01",
                        },
                        new_id(),
                    )
                )
        records = []
        for kind in RECORD_KINDS:
            records += [
                (row[1], row[0], kind)
                for row in store.conn.execute(
                    f"SELECT id, date FROM {kind} WHERE specialist_id = ? AND +deleted = 0",
                    (weak["id"],),
                )
            ]
        records.sort()
        step = max(1, len(records) // keep) if records else 1
        kept = set(records[::step][:keep])
        for record in records:
            if record in kept:
                continue
            values: dict[str, Any] = {"specialist_id": colleague["id"]}
            if record[2] == "training":
                values["trainer"] = colleague["name"]
            moves.append(Change(record[2], "update", values, record[1]))
    write_all("assignment", assignments)
    write_all("records", moves)
    return len(moves)


def village_position(
    rng: random.Random, county_code: str, county_index: int
) -> tuple[float, float]:
    """A plausible WGS-84 position in Zhangjiakou (39.6–42.1 N, 113.8–116.5 E) near its county seat."""
    centre_lat, centre_lon = COUNTY_SEATS.get(
        county_code, (40.3 + (county_index * 0.37) % 1.6, 114.2 + (county_index * 0.61) % 2.0)
    )
    return (
        round(centre_lat + rng.uniform(-0.2, 0.2), 5),
        round(centre_lon + rng.uniform(-0.25, 0.25), 5),
    )
