"""Issue 12: nothing outside ``zjk_desktop/store/`` hands the store SQL text.

The store's reads take columns and values (``match``, ``Range``, ``NotEmpty``), a
scope and named columns to order by; the SQL is built inside the store.  This walks
every module of the package outside ``store/`` (the GUI has its own, stricter check
in ``test_gui_has_no_sql.py``) and the store's public methods.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from zjk_desktop.store import Store

PACKAGE = Path(__file__).resolve().parents[1] / "zjk_desktop"
READS = {"rows", "count", "iter_versions", "rows_by_short_id", "specialists_named"}
SQL_PARAMETERS = {"where", "params", "sql", "query", "clause"}
COLUMN = re.compile(r"-?[a-z_][a-z0-9_]*")


def _receiver(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        return _receiver(node.func)
    return ""


def _is_text(node: ast.expr) -> bool:
    """A string literal, an f-string, or text glued together or formatted."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _bad_order(node: ast.expr) -> bool:
    items = node.elts if isinstance(node, (ast.Tuple, ast.List)) else [node]
    return any(
        (
            isinstance(i, ast.Constant)
            and not (isinstance(i.value, str) and COLUMN.fullmatch(i.value))
        )
        or isinstance(i, ast.JoinedStr)
        for i in items
    )


def problems_in(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in READS:
            continue
        # ``count`` is a common name (Counter, summaries): only a store's counts are checked.
        if method == "count" and "store" not in _receiver(node.func.value).lower():
            continue
        where = f"{name}:{node.lineno}: .{method}()"
        first = 0 if method in ("iter_versions", "specialists_named") else 1
        if method == "rows_by_short_id":
            first = 2  # (kind, the text a person typed)
        for arg in node.args[first:]:
            if _is_text(arg):
                found.append(f"{where} with SQL text")
        for kw in node.keywords:
            if kw.arg in SQL_PARAMETERS:
                found.append(f"{where} with {kw.arg}=")
            elif kw.arg in ("match", "scope") and _is_text(kw.value):
                found.append(f"{where} with SQL text as {kw.arg}=")
            elif kw.arg == "order_by" and _bad_order(kw.value):
                found.append(f"{where} ordered by SQL, not column names")
    return found


def test_no_module_outside_the_store_passes_sql_to_it():
    paths = [
        p for p in sorted(PACKAGE.rglob("*.py")) if "store" not in p.relative_to(PACKAGE).parts[:1]
    ]
    assert len(paths) > 80
    found = []
    for path in paths:
        found += problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    assert found == []


def test_no_public_store_method_takes_sql():
    for name, method in inspect.getmembers(Store, inspect.isfunction):
        if not name.startswith("_"):
            assert not set(inspect.signature(method).parameters) & SQL_PARAMETERS, name


def test_the_checker_finds_what_it_is_for():
    bad = """
store.rows("visit", "review_state = 'returned'")
store.rows("visit", f"date >= ? AND {where}", params)
self.store.count("org_unit", "level = 'village' AND " + extra)
store.rows("visit", where="1 = 1")
store.rows("visit", match={"date": x}, order_by="date DESC, id")
store.iter_versions("node_id = ?", (me,))
store.rows_by_short_id("visit", text, "id LIKE ?")
"""
    good = """
store.rows("visit", {"review_state": "returned"}, scope=scope, order_by="-date")
store.rows("visit", match, order_by=("-date", "id"), limit=5)
store.count("org_unit", {"level": "village"})
summary.count(v.entity, "refused")
store.iter_versions(node_id=me)
store.rows_by_short_id("visit", text)
"""
    assert len(problems_in(bad, "bad.py")) == 7
    assert problems_in(good, "good.py") == []
