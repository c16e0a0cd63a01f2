"""Chinese for the strings of issue 14's start-page figures (kept between starts).

Keys are "Context|English source", as in catalog_shell.py.
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {
    "DashboardPage|Updating…": "正在更新…",
    "DashboardPage|Not current: the figures last computed": "不是最新：这是上次计算的数字",
    "DashboardPage|see the log file": "详见日志文件",
    "DashboardPage|These are the figures last computed; the current ones are on their way.": (
        "显示的是上次计算的数字，正在按当前数据重新计算。"
    ),
}
