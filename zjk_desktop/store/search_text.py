"""The record lists' search table: one narrow row per record, kept by SQLite triggers.

A search word is looked for in a record's free text (its kind's ``search_columns``)
and in its enumerated columns (industry, service type …).  Scanning the record
tables themselves for that reads every wide row (the province's million visits:
about 5 s); ``<kind>_search`` holds only what a search reads — the record id, its
free text lowercased exactly as the search compares it, and the enumerated codes —
so the same scan reads a fifth of the bytes.

It is maintained in one place, by triggers on the record table: every path that
writes a record (``Store.write``, the sync import, a migration, a repair by hand)
updates it in the same transaction, so it can never disagree with the record.
Migration 7 creates it and fills it from the existing rows (``rebuild``); a later
change to a kind's search or enumerated columns needs a migration that calls
``install`` and ``rebuild`` again.

Keyed by the record's rowid (``rid``): rows arrive in rowid order, so the table grows
at its end and a write costs a few percent more, where a table keyed by the (random)
record id doubled the cost of inserting a visit.  ``VACUUM`` may renumber the rowids of
a table without an INTEGER PRIMARY KEY: the program never runs it; whoever does must
call ``rebuild`` for every kind afterwards (a page-level copy, ``Connection.backup``,
keeps rowids).
"""

from __future__ import annotations

import sqlite3

from ..domain.entities import RECORD_KINDS, entity

SEPARATOR = "char(31)"  # a search word never holds it: words are split on white space


def table_name(kind: str) -> str:
    """The search table of a record kind (``visit`` → ``visit_search``)."""
    if kind not in RECORD_KINDS:
        raise ValueError(kind)
    return f"{kind}_search"


def enum_columns(kind: str) -> tuple[str, ...]:
    """The enumerated columns a search word may name by label (review state excluded)."""
    return tuple(
        f.name for f in entity(kind).fields if f.enum is not None and f.name != "review_state"
    )


def text_expression(kind: str, row: str = "") -> str:
    """SQL for a record's searchable text: its search columns, lowercased, one separator apart.

    ``lower()`` is SQLite's (ASCII letters only), the rule the search has always used.
    """
    prefix = f"{row}." if row else ""
    parts = [f"ifnull({prefix}[{c}], '')" for c in entity(kind).search_columns]
    return f"lower({f' || {SEPARATOR} || '.join(parts)})"


def install(conn: sqlite3.Connection, kind: str) -> None:
    """Create the search table of ``kind`` and the triggers that keep it (idempotent)."""
    table = table_name(kind)
    enums = enum_columns(kind)
    columns = ", ".join(f"[{c}] TEXT" for c in enums)
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS [{table}] (rid INTEGER PRIMARY KEY, text TEXT, {columns})"
    )
    names = ", ".join(["rid", "text", *(f"[{c}]" for c in enums)])
    values = ", ".join(["new.rowid", text_expression(kind, "new"), *(f"new.[{c}]" for c in enums)])
    watched = ["rowid", *entity(kind).search_columns, *enums]
    changed = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in watched)
    # DELETE then INSERT, never INSERT OR REPLACE: the statement that fires a trigger
    # imposes its own conflict policy on the trigger's statements (an upsert: ABORT).
    refill = (
        f"DELETE FROM [{table}] WHERE rid = old.rowid OR rid = new.rowid;"
        f" INSERT INTO [{table}] ({names}) VALUES ({values});"
    )
    conn.execute(
        f"CREATE TRIGGER IF NOT EXISTS [{table}_insert] AFTER INSERT ON [{kind}] BEGIN"
        f" DELETE FROM [{table}] WHERE rid = new.rowid;"
        f" INSERT INTO [{table}] ({names}) VALUES ({values}); END"
    )
    # Only when a searched column changed: a review or a count edit costs nothing here.
    conn.execute(
        f"CREATE TRIGGER IF NOT EXISTS [{table}_update] AFTER UPDATE ON [{kind}] WHEN {changed}"
        f" BEGIN {refill} END"
    )
    conn.execute(
        f"CREATE TRIGGER IF NOT EXISTS [{table}_delete] AFTER DELETE ON [{kind}] BEGIN"
        f" DELETE FROM [{table}] WHERE rid = old.rowid; END"
    )


def rebuild(conn: sqlite3.Connection, kind: str) -> None:
    """Refill the search table of ``kind`` from the record table."""
    table = table_name(kind)
    enums = enum_columns(kind)
    names = ", ".join(["rid", "text", *(f"[{c}]" for c in enums)])
    conn.execute(f"DELETE FROM [{table}]")
    conn.execute(
        f"INSERT INTO [{table}] ({names}) SELECT rowid, {text_expression(kind)},"
        f" {', '.join(f'[{c}]' for c in enums)} FROM [{kind}]"
    )


def install_all(conn: sqlite3.Connection) -> None:
    """Every record kind's search table and triggers, filled from the rows there are."""
    for kind in RECORD_KINDS:
        install(conn, kind)
        rebuild(conn, kind)
