"""Chinese for the lead's round-2 session-4 strings (the sync page's history of the demo).

Keys are "Context|English source". Read by tools/update_translations.py; not imported by
the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "SyncPage",
    {"demo: a file received (simulated)": "演示数据：模拟收到的工作文件"},
)
