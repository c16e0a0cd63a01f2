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
