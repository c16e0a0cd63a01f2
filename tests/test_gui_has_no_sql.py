"""Issue 12: the GUI asks the core and never talks to the database itself.

No ``.conn`` / ``.db`` access, no SQL text, and no SQL where-clauses handed to
``store.rows`` / ``store.count`` anywhere in ``zjk_desktop/gui/``: reads go through
``zjk_desktop.queries`` (tested without Qt), multi-record writes through
``zjk_desktop.batch``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

GUI = Path(__file__).resolve().parents[1] / "zjk_desktop" / "gui"
NOT_YET: set[str] = set()
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|PRAGMA)\b")


def problems_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{where}: .conn")
        elif (  # store.db.atomic(), store.db["visit"]: sqlite-utils' Database (args.db is fine)
            isinstance(node, (ast.Attribute, ast.Subscript))
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "db"
        ):
            found.append(f"{where}: .db")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.search(node.value)
        ):
            found.append(f"{where}: SQL text {node.value[:40]!r}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("rows", "count")
            and len(node.args) + len([k for k in node.keywords if k.arg == "where"]) > 1
        ):
            found.append(f"{where}: .{node.func.attr}() with a where-clause")
    return found


def test_no_sql_and_no_connection_in_the_gui():
    found = []
    paths = sorted(GUI.rglob("*.py"))  # pages/, dialogs/, widgets/ too
    assert len(paths) > 20
    for path in paths:
        if path.name not in NOT_YET:
            found += problems_in(path)
    assert found == []


def test_the_checker_finds_what_it_is_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f(store):\n"
        "    store.conn.execute('SELECT id FROM visit')\n"
        "    store.rows('visit', 'date > ?', ['2026'])\n"
        "    with store.db.atomic():\n"
        "        pass\n",
        encoding="utf-8",
    )
    kinds = " ".join(problems_in(bad))
    assert ".conn" in kinds and "SQL text" in kinds and "where-clause" in kinds and ".db" in kinds
