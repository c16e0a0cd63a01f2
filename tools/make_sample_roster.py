"""Write the sample roster shipped in resources/sample/ (synthetic people and villages).

    python tools/make_sample_roster.py

The county names and codes are real; township, village and person names are
invented, and every row says so in its 备注 column.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "resources" / "sample"
NOTE = "示例数据（虚构）"

# 经度/纬度 (WGS-84) are optional; photo evidence checks the distance to the village.
VILLAGE_HEADER = [
    "县区",
    "乡镇",
    "村",
    "区划代码",
    "是否贫困村",
    "出列年份",
    "户数",
    "经度",
    "纬度",
    "备注",
]
VILLAGES = [
    [
        "张北县",
        "示例油娄沟乡",
        "石柳营村",
        "130722101201",
        "是",
        2019,
        236,
        114.6312,
        41.2087,
        NOTE,
    ],
    [
        "张北县",
        "示例油娄沟乡",
        "榆树沟村",
        "130722101202",
        "是",
        2020,
        188,
        114.6655,
        41.2296,
        NOTE,
    ],
    ["张北县", "示例油娄沟乡", "前杨堡村", "130722101203", "否", "", 412, 114.6101, 41.1873, NOTE],
    ["张北县", "示例大河镇", "白桦湾村", "130722102201", "是", 2018, 305, 114.8342, 41.1025, NOTE],
    ["张北县", "示例大河镇", "新柏台村", "130722102202", "是", 2019, 157, 114.8617, 41.0788, NOTE],
    ["张北县", "示例大河镇", "王家庄村", "130722102203", "否", "", 520, 114.8029, 41.1214, NOTE],
]
SPECIALIST_HEADER = [
    "姓名",
    "性别",
    "电话",
    "派出单位",
    "职称",
    "专业",
    "产业",
    "级别",
    "派驻村",
    "开始日期",
    "结束日期",
    "备注",
]
SPECIALISTS = [
    [
        "示例王建国",
        "男",
        "13800001001",
        "张家口市农业科学院",
        "研究员",
        "马铃薯育种与栽培",
        "马铃薯、杂粮",
        "市级",
        "石柳营村、榆树沟村",
        "2024-03-01",
        "",
        NOTE,
    ],
    [
        "示例李秀英",
        "女",
        "13800001002",
        "河北北方学院",
        "副教授",
        "动物医学",
        "畜牧业",
        "省级",
        "白桦湾村",
        "2024-03-01",
        "",
        NOTE,
    ],
    [
        "示例赵立新",
        "男",
        "13800001003",
        "县农业技术推广中心",
        "高级农艺师",
        "作物栽培与耕作",
        "杂交谷子",
        "县级",
        "新柏台村",
        "2025-01-15",
        "",
        NOTE,
    ],
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    ws = book.worksheets[0]  # the one sheet a new workbook has
    ws.title = "村庄"
    ws.append(VILLAGE_HEADER)
    for village_row in VILLAGES:
        ws.append(village_row)
    ws2 = book.create_sheet("特派员")
    ws2.append(SPECIALIST_HEADER)
    for specialist_row in SPECIALISTS:
        ws2.append(specialist_row)
    book.save(OUT / "sample_roster.xlsx")

    # One combined sheet, GBK-encoded as Chinese Excel saves CSV: village
    # columns and the specialist stationed there side by side.
    header = VILLAGE_HEADER[:-1] + SPECIALIST_HEADER[:-3] + ["开始日期", "备注"]
    lines = [",".join(header)]
    by_village: dict[str, list[str]] = {}
    for specialist in SPECIALISTS:
        for name in specialist[8].split("、"):
            by_village[name] = specialist
    for v in VILLAGES:
        s = by_village.get(str(v[2]))
        person = [s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], "", s[9]] if s else [""] * 10
        cells = [str(c) for c in v[:-1]] + person[:9] + [person[9], NOTE]
        lines.append(",".join(cells))
    (OUT / "sample_roster_gbk.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


if __name__ == "__main__":
    main()
