"""Finding records the way people type: Chinese text, pinyin, or pinyin initials.

Typing ``cc`` finds 赤城县, ``chicheng`` too, and ``赤城`` of course.  Names of
villages (with their township and county) and specialists are few (thousands),
so their pinyin keys are computed once per roster state and kept in memory; free
text (visit content, topics, ...) is matched as plain text in SQL, because
computing pinyin for 100k paragraphs would take minutes.

``find_records`` turns filters and a search string into the ordered list of
record ids a table shows; the GUI's model pages the rows of those ids lazily.
Qt-free: the benchmark and the tests use it directly.
"""

from __future__ import annotations

import array
import functools
import json
import re
import sqlite3
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .domain.entities import RECORD_KINDS, entity
from .scope import Scope
from .store import Store, search_text

_SEP = "\x1f"


@functools.cache
def _char_pinyin(ch: str) -> str:
    # Imported on first use: pypinyin's dictionaries cost ~0.3 s and ~60 MB, which a
    # report, an import or any CLI command that never searches should not pay.
    from pypinyin import lazy_pinyin

    return str(lazy_pinyin(ch)[0]).lower()


def _syllables(text: str) -> list[str]:
    """Pinyin per Chinese character (its most common reading), other characters as they are.

    Character by character rather than pypinyin's phrase matching: 20x faster on
    thousands of names, and place names are rarely in its phrase list anyway.
    """
    out: list[str] = []
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            out.append(_char_pinyin(ch))
        elif not ch.isspace():
            out.append(ch.lower())
    return out


@functools.lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Pinyin first letters of Chinese characters, other text kept: 赤城县 → ccx."""
    return "".join(s[0] for s in _syllables(text or "") if s)


@functools.lru_cache(maxsize=65536)
def full_pinyin(text: str) -> str:
    """Toneless pinyin without spaces: 赤城县 → chichengxian."""
    return "".join(_syllables(text or ""))


@functools.lru_cache(maxsize=262144)
def _key_part(text: str) -> str:
    # Township and county names recur in every village's key: computed once each.
    return _SEP.join((text.lower(), initials(text), full_pinyin(text)))


def search_key(*texts: str | None) -> str:
    """One lowercase string that contains every text, its initials and its full pinyin."""
    return _SEP.join([_key_part(text) for text in texts if text])


def tokens(query: str | None) -> list[str]:
    """Search words: split on white space (ASCII or ideographic), lowercased."""
    if not query:
        return []
    return [t for t in re.split(r"[\s\u3000,，]+", query.strip().lower()) if t]


def matches(key: str, query: str | None) -> bool:
    """True when every word of ``query`` occurs in ``key`` (a ``search_key``)."""
    return all(t in key for t in tokens(query))


class NameIndex:
    """Ids with a pinyin-searchable key, and a display name and a sort key each."""

    def __init__(self, items: Iterable[tuple[str, str, Sequence[str | None]]]):
        # items: (id, display name, texts to search)
        self.names: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        for item_id, name, texts in items:
            self.names[item_id] = name
            self.keys[item_id] = search_key(*texts)

    def find(self, token: str) -> list[str]:
        return [i for i, key in self.keys.items() if token in key]

    def filter(self, query: str | None) -> list[str]:
        """Ids whose key matches every word of ``query`` (all ids for an empty query)."""
        words = tokens(query)
        return [i for i, key in self.keys.items() if all(w in key for w in words)]

    def name(self, item_id: str | None) -> str:
        if not item_id:
            return ""
        return self.names.get(item_id, "")

    def sort_key(self, item_id: str | None) -> str:
        # Pinyin order, as a Chinese user expects; the name breaks ties.
        name = self.name(item_id)
        return full_pinyin(name) + _SEP + name


@dataclass
class RosterIndex:
    """Searchable villages (with township and county) and specialists of one store."""

    villages: NameIndex
    specialists: NameIndex
    townships: NameIndex
    village_township: dict[str, str]
    stamp: tuple[Any, ...]

    @classmethod
    def build(cls, store: Store) -> RosterIndex:
        orgs = {
            r[0]: (r[1] or "", r[2], r[3])
            for r in store.conn.execute(
                "SELECT id, name, parent_id, level FROM org_unit WHERE deleted = 0"
            )
        }

        def path(org_id: str) -> list[str]:
            names = []
            seen = set()
            current: str | None = org_id
            while current and current in orgs and current not in seen:
                seen.add(current)
                names.append(orgs[current][0])
                current = orgs[current][1]
            return names  # village, township, county, ...

        village_items = []
        township_items = []
        village_township = {}
        for oid, (name, parent, level) in orgs.items():
            if level == "village":
                village_items.append((oid, name, path(oid)))
                if parent:
                    village_township[oid] = parent
            elif level == "township":
                township_items.append((oid, name, path(oid)))
        specialist_items = [
            (r[0], r[1] or "", (r[1], r[2]))
            for r in store.conn.execute(
                "SELECT id, name, employer FROM specialist WHERE deleted = 0"
            )
        ]
        return cls(
            villages=NameIndex(village_items),
            specialists=NameIndex(specialist_items),
            townships=NameIndex(township_items),
            village_township=village_township,
            stamp=roster_stamp(store),
        )


def roster_stamp(store: Store) -> tuple[Any, ...]:
    """Changes whenever a village or specialist is added, edited or deleted."""
    out: list[Any] = []
    for table in ("org_unit", "specialist"):
        out.extend(
            store.conn.execute(f"SELECT count(*), max(updated_stamp) FROM [{table}]").fetchone()
        )
    return tuple(out)


# Per store object (weakly held, so a closed store's caches go with it).
_ROSTER_CACHE: weakref.WeakKeyDictionary[Store, RosterIndex] = weakref.WeakKeyDictionary()


def roster_index(store: Store) -> RosterIndex:
    """The store's roster index, rebuilt only when the roster changed."""
    stamp = roster_stamp(store)
    cached = _ROSTER_CACHE.get(store)
    if cached is None or cached.stamp != stamp:
        cached = RosterIndex.build(store)
        _ROSTER_CACHE[store] = cached
    return cached


ENUM_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: search_text.enum_columns(kind) for kind in RECORD_KINDS
}


@functools.cache
def _enum_keys(kind: str, column: str) -> dict[str, str]:
    spec = entity(kind).field(column)
    assert spec is not None and spec.enum is not None
    return {c.code: search_key(c.zh, c.en.lower(), c.code) for c in spec.enum}


@dataclass
class RecordFilter:
    """What the user picked in a list's filter bar."""

    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    village_id: str | None = None
    township_id: str | None = None
    specialist_id: str | None = None
    industry: str | None = None
    review_state: str | None = None
    text: str = ""

    def is_empty(self) -> bool:
        return not any(
            (
                self.date_from,
                self.date_to,
                self.village_id,
                self.township_id,
                self.specialist_id,
                self.industry,
                self.review_state,
                tokens(self.text),
            )
        )


def data_stamp(store: Store) -> int:
    """Changes on every write or import (each appends versions)."""
    return int(store.conn.execute("SELECT ifnull(max(seq), 0) FROM versions").fetchone()[0])


# ------------------------------------------------------------ record lists
# The filters, the search and the sort of a record list are one SQL query over the
# record table (its indexes on date, village and specialist) and its narrow search
# table (``store/search_text.py``): nothing is held in memory per record but the
# rowids of the result, so a province's million visits list in about a second.
#
# The matching rule, word by word (every word must match): a record matches a word
# when its free text (lowercased by SQLite) contains the word, or the word is in the
# pinyin key of its village (with township and county), of its specialist, or of
# the label of one of its enumerated values (industry, service type …), or the word
# looks like a date ("2025", "2025-06") its date starts with.


def _sort_key(column: str, index: RosterIndex, kind: str, language: str) -> tuple[Any, str] | None:
    """(Python sort key, SQL calling it as ``KEY``) for ``column``: names and labels in
    pinyin order; None when SQL sorts the raw column (numbers).

    The key is a dict's ``get`` where it can be (a C call per row, no Python frame):
    sorting a province's million visits by village costs well under a second.
    """
    spec = entity(kind)
    if column in ("village_id", "specialist_id"):
        names: NameIndex = index.villages if column == "village_id" else index.specialists
        keys = {item: names.sort_key(item) for item in names.names}
        # An id not in the roster (or none) sorts as a nameless one, before every name.
        return keys.get, f"ifnull(KEY([{column}]), {_sql_text(names.sort_key(None))})"
    f = spec.field(column)
    if f is None:
        raise ValueError(f"cannot sort {kind} by {column!r}")
    if f.enum is not None:
        labels = {c.code: full_pinyin(c.label(language)) for c in f.enum}
        if column == "review_state":  # a record without a state is a draft
            return labels.get, f"ifnull(KEY(ifnull([{column}], 'draft')), [{column}])"
        return labels.get, f"ifnull(KEY([{column}]), [{column}])"  # unknown codes as they are
    if f.type in ("int", "float"):
        return None
    return (lambda value: None if value is None else str(value).lower()), f"KEY([{column}])"


def _sql_text(text: str) -> str:
    return (
        "'" + text.replace("'", "''") + "'"
        if text.isprintable()
        else f"char({','.join(str(ord(c)) for c in text)})"
    )


_SORT_FUNCTION = "zjk_list_sort_key"


def _order_by(
    store: Store, kind: str, sort_column: str, descending: bool, index: RosterIndex, language: str
) -> str:
    """ORDER BY of a list: newest first (date, then rowid) breaks every tie; empty values last."""
    if sort_column == "date":
        return "date DESC, rowid DESC" if descending else "date ASC, rowid ASC"
    key = _sort_key(sort_column, index, kind, language)
    if key is None:
        expr = f"[{sort_column}]"
    else:
        function, expr = key
        store.conn.create_function(_SORT_FUNCTION, 1, function, deterministic=True)
        expr = expr.replace("KEY(", f"{_SORT_FUNCTION}(")
    direction = "DESC" if descending else "ASC"
    return f"ifnull({expr}, '') = '', {expr} {direction}, date DESC, rowid DESC"


def _word_clause(kind: str, word: str, index: RosterIndex) -> tuple[str, list[Any]]:
    """SQL selecting the rowids of the records one search word matches (see the rule above)."""
    search = search_text.table_name(kind)
    parts = ["instr(text, ?) > 0"]
    params: list[Any] = [word]
    for column in ENUM_COLUMNS[kind]:
        codes = [code for code, key in _enum_keys(kind, column).items() if word in key]
        if codes:
            parts.append(f"[{column}] IN ({','.join('?' * len(codes))})")
            params += codes
    selects = [f"SELECT rid FROM [{search}] WHERE {' OR '.join(parts)}"]
    villages = index.villages.find(word)
    if villages:
        selects.append(
            f"SELECT rowid FROM [{kind}] WHERE village_id IN (SELECT value FROM json_each(?))"
        )
        params.append(json.dumps(villages))
    specialists = index.specialists.find(word)
    if specialists:
        selects.append(
            f"SELECT rowid FROM [{kind}] WHERE specialist_id IN (SELECT value FROM json_each(?))"
        )
        params.append(json.dumps(specialists))
    if re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", word):
        selects.append(f"SELECT rowid FROM [{kind}] WHERE date GLOB ?")
        params.append(word + "*")
    return f"rowid IN ({' UNION ALL '.join(selects)})", params


def _where(
    store: Store,
    kind: str,
    scope: Scope,
    flt: RecordFilter,
    index: RosterIndex,
    date_order: bool = True,
) -> tuple[str, list[Any]]:
    """WHERE of the records of ``kind`` in ``scope`` that ``flt`` keeps."""
    scope_sql, params = scope.record_filter()
    # The (deleted, date) index gives the date order for free.  With search words the
    # matching rowids are few: SQLite looks each one up and sorts them; sorted by another
    # column, reading the table in order and sorting beats a lookup per index entry.
    # ("+" keeps SQLite off that index.)
    walk_index = date_order and not tokens(flt.text)
    clauses = ["deleted = 0" if walk_index else "+deleted = 0", f"({scope_sql})"]
    params = list(params)
    if flt.date_from:
        clauses.append("date >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("date <= ?")
        params.append(flt.date_to)
    if flt.village_id:
        clauses.append("village_id = ?")
        params.append(flt.village_id)
    if flt.township_id:
        villages = [v for v, t in index.village_township.items() if t == flt.township_id]
        clauses.append("village_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(villages))
    if flt.specialist_id:
        clauses.append("specialist_id = ?")
        params.append(flt.specialist_id)
    if flt.industry and walk_index:
        # Walking the date index, the narrow search table names the rows of the industry
        # without reading every wide row; otherwise each row is read anyway.
        search = search_text.table_name(kind)
        clauses.append(f"rowid IN (SELECT rid FROM [{search}] WHERE industry = ?)")
        params.append(flt.industry)
    elif flt.industry:
        clauses.append("industry = ?")
        params.append(flt.industry)
    if flt.review_state:
        if flt.review_state == "draft":
            clauses.append("(review_state = 'draft' OR review_state IS NULL)")
        else:
            clauses.append("review_state = ?")
            params.append(flt.review_state)
    for word in tokens(flt.text):
        clause, word_params = _word_clause(kind, word, index)
        clauses.append(clause)
        params += word_params
    return " AND ".join(clauses), params


def _select(
    store: Store,
    kind: str,
    scope: Scope,
    flt: RecordFilter | None,
    what: str,
    sort_column: str,
    descending: bool,
    language: str,
    limit: int | None = None,
) -> sqlite3.Cursor:
    entity(kind)  # a known kind: the table name is never user text
    if kind not in RECORD_KINDS:
        raise ValueError(kind)
    index = roster_index(store)
    where, params = _where(
        store, kind, scope, flt or RecordFilter(), index, date_order=sort_column == "date"
    )
    order = _order_by(store, kind, sort_column, descending, index, language)
    sql = f"SELECT {what} FROM [{kind}] WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return store.conn.execute(sql, params)


def find_record_rowids(
    store: Store,
    kind: str,
    scope: Scope,
    flt: RecordFilter | None = None,
    *,
    sort_column: str = "date",
    descending: bool = True,
    language: str = "zh_CN",
) -> array.array[int]:
    """The rowids of the records the filter selects, in display order (8 bytes a record).

    What a list holds: the rows themselves are read a page at a time
    (``queries.read_rows_at``).
    """
    cur = _select(store, kind, scope, flt, "rowid", sort_column, descending, language)
    out: array.array[int] = array.array("q")
    while True:
        chunk = cur.fetchmany(50_000)
        if not chunk:
            return out
        out.extend(r[0] for r in chunk)


def find_records(
    store: Store,
    kind: str,
    scope: Scope,
    flt: RecordFilter | None = None,
    *,
    sort_column: str = "date",
    descending: bool = True,
    language: str = "zh_CN",
    limit: int | None = None,
) -> list[str]:
    """Ids of the records the filter selects, in display order (newest first by default)."""
    cur = _select(store, kind, scope, flt, "id", sort_column, descending, language, limit)
    return [r[0] for r in cur]


def count_records(store: Store, kind: str, scope: Scope, flt: RecordFilter | None = None) -> int:
    """How many records the filter selects (without reading them)."""
    if kind not in RECORD_KINDS:
        raise ValueError(kind)
    where, params = _where(store, kind, scope, flt or RecordFilter(), roster_index(store))
    return int(
        store.conn.execute(f"SELECT count(*) FROM [{kind}] WHERE {where}", params).fetchone()[0]
    )
