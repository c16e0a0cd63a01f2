"""Chinese for the management pages (issue 13): requests and callbacks, the annual
assessment, the dashboard's 本月未报送 strip and the review page's photo evidence.

Keys are "Context|English source", as in catalog_shell.py.  Read by
tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "MainWindow",
    {
        "Requests": "需求与回访",
        "Assessment": "年度考核",
    },
)

_context(
    "ManagementStrip",
    {
        "… and %1 more": " 等，另有 %1 人",
        "Nothing received this month from: %1": "本月未报送：%1",
        "Every specialist has sent a file this month.": "本月所有特派员均已报送。",
        "Stations that have not forwarded this month: %1": "本月未转报的服务站：%1",
        "%1 farmers' requests overdue": "超期未答复的农户需求 %1 件",
    },
)

_context(
    "Evidence",
    {
        "Photo evidence to check (%1)": "照片疑点（%1 处）",
        "Photos match the record's date and village.": "照片的拍摄日期和地点与记录相符。",
    },
)

_context(
    "RequestsPage",
    {
        "Farmers' requests and callbacks": "农户需求与满意度回访",
        "Requests": "需求台账",
        "Satisfaction callbacks": "满意度回访",
        "All states": "全部状态",
        "Overdue only": "只看超期",
        "Search problem, requester, village, specialist…": "搜索需求内容、提出人、村、特派员…",
        "Search household, specialist, village…": "搜索农户、特派员、村…",
        "New request…": "登记需求…",
        "Assign…": "分派…",
        "Answer…": "答复…",
        "Close…": "办结…",
        "New callback…": "登记回访…",
        "Date": "日期",
        "Status": "状态",
        "Village": "村",
        "Industry": "产业",
        "Requester": "提出人",
        "Specialist": "特派员",
        "Days": "天数",
        "Problem": "需求内容",
        "Household": "农户",
        "Satisfaction": "满意度",
        "Comment": "意见",
        "Phone": "联系电话",
        "Overdue: open for %1 days": "超期：已 %1 天未答复",
        "%1 requests, %2 overdue": "共 %1 件，超期 %2 件",
        "%1 callbacks, %2% satisfied": "回访 %1 户，满意率 %2%",
        "Select a request to see it here.": "在左侧列表中选择一条需求查看详情。",
        "Answered in %1 days": "%1 天内答复",
        "New farmer's request": "登记农户需求",
        "Assign request": "分派需求",
        "Answer request": "答复需求",
        "(no visit)": "（无对应走访）",
        "Answer": "答复内容",
        "Visit that answered it": "对应走访记录",
        "Close request": "办结需求",
        "Closing comment": "办结意见",
        "New satisfaction callback": "登记满意度回访",
        "Record": "回访的记录",
    },
)

_context(
    "AssessmentPage",
    {
        "Annual assessment": "年度考核",
        "Year": "年度",
        "Search name, station, sending unit…": "搜索姓名、服务站、派出单位…",
        "Confirm grade": "确认等次",
        "County's comment": "县服务团意见",
        "Confirm": "确认",
        "Print performance sheet…": "打印绩效情况表…",
        "Print ranking…": "打印考核排名表…",
        "All grades": "全部等次",
        "All stations": "全部服务站",
        "Rank": "名次",
        "Name": "姓名",
        "Station": "服务站",
        "Services": "服务次数",
        "Days": "服务天数",
        "Trainings": "培训",
        "Satisfaction %": "满意率 %",
        "Result points": "成效得分",
        "Flagged photos": "疑点照片",
        "Suggested": "建议等次",
        "Confirmed": "确认等次",
        "Suggested grade": "建议等次",
        "%1 specialists, %2 confirmed": "特派员 %1 名，已确认 %2 名",
        "Select a specialist to see the rules, the figures and the suggested grade.": "在左侧列表中选择一名特派员，查看考核规则、各项数据和建议等次。",
        "Confirmed: %1 by %2 on %3": "已确认：%1（%2，%3）",
        "Grade of %1 recorded.": "已记录 %1 的考核等次。",
        "Save report": "保存报表",
        "PDF (*.pdf)": "PDF 文件 (*.pdf)",
        "Saved %1": "已保存 %1",
        "Generating report…": "正在生成报表…",
    },
)

_context(
    "AssessmentPage",
    {
        "Rules…": "考核规则…",
        "The year's assessment and management rules (county)": "本年度的考核与管理规则（由县服务团设定）",
        "Rules for %1": "%1 年度考核与管理规则",
        "Rules for %1 saved.": "%1 年度规则已保存。",
    },
)
