"""Chinese for the lead's round-2 session-3 strings (the timeliness report on the reports page).

Keys are "Context|English source". Read by tools/update_translations.py; not imported by
the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "ReportsPage",
    {"Reporting timeliness (files received on time)": "报送及时性（按时收到的工作文件）"},
)

_context(
    "MainWindow",
    {
        "Upgrading the database to this version of the program (a backup copy is made first);"
        " with much data this takes a few minutes…": "正在把数据库升级到本版程序（先自动备份一份）；"
        "数据多时需要几分钟，请稍候…"
    },
)
