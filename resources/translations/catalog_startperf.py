"""Chinese for the start-up strings: the main window before its database is open.

Keys are "Context|English source". Read by tools/update_translations.py; not imported by
the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context("MainWindow", {"Opening the database…": "正在打开数据库…"})
