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

import functools
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .domain.entities import RECORD_KINDS, entity
from .scope import Scope
from .store import Store

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


def search_key(*texts: str | None) -> str:
    """One lowercase string that contains every text, its initials and its full pinyin."""
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        parts.extend((text.lower(), initials(text), full_pinyin(text)))
    return _SEP.join(parts)


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
    kind: tuple(
        f.name for f in entity(kind).fields if f.enum is not None and f.name != "review_state"
    )
    for kind in RECORD_KINDS
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


class RecordSet:
    """The filterable columns of every record of one kind in a scope, held in memory.

    Loaded with one query (newest first) and filtered in Python: a full scan of
    100k wide rows in SQLite costs more than the whole filter here, and names
    sort in pinyin order, which SQLite cannot do.  Rebuilt when ``data_stamp``
    or the roster changes.
    """

    def __init__(self, store: Store, kind: str, scope: Scope):
        self.kind = kind
        self.scope = scope
        self.stamp = (data_stamp(store), roster_stamp(store))
        self.spec = entity(kind)
        enums = ENUM_COLUMNS[kind]
        where, params = scope.record_filter()
        self._store = weakref.ref(store)
        self._where = (f"deleted = 0 AND ({where}) ORDER BY date DESC, rowid DESC", params)
        sql = (
            f"SELECT id, date, village_id, specialist_id, ifnull(review_state, 'draft'),"
            f" {', '.join(f'[{c}]' for c in enums)} FROM [{kind}] WHERE {self._where[0]}"
        )
        rows = store.conn.execute(sql, params).fetchall()
        self.ids: list[str] = [r[0] for r in rows]
        self.dates: list[str] = [r[1] or "" for r in rows]
        self.villages: list[str] = [r[2] for r in rows]
        self.specialists: list[str] = [r[3] for r in rows]
        self.states: list[str] = [r[4] for r in rows]
        self.enums: dict[str, list[str | None]] = {
            c: [r[5 + i] for r in rows] for i, c in enumerate(enums)
        }
        self._texts: list[str] | None = None  # read at the first text search
        self._ranks: dict[tuple[str, str], list[Any]] = {}

    @property
    def texts(self) -> list[str]:
        """The free text of each row, lowercased (same order as ``ids``; same data stamp)."""
        if self._texts is None:
            store = self._store()
            if store is None:
                raise RuntimeError("the store of this record set is gone")
            text_sql = " || char(31) || ".join(
                f"ifnull([{c}], '')" for c in entity(self.kind).search_columns
            )
            where, params = self._where
            self._texts = [
                r[0]
                for r in store.conn.execute(
                    f"SELECT lower({text_sql}) FROM [{self.kind}] WHERE {where}", params
                )
            ]
            if len(self._texts) != len(self.ids):  # cannot happen while the stamp holds
                raise RuntimeError("record texts changed under the record set")
        return self._texts

    def select(self, flt: RecordFilter, index: RosterIndex) -> list[int]:
        """Positions (in newest-first order) of the rows ``flt`` keeps."""
        rows: Iterable[int] = range(len(self.ids))
        if flt.date_from:
            dates, low = self.dates, flt.date_from
            rows = [i for i in rows if dates[i] >= low]
        if flt.date_to:
            dates, high = self.dates, flt.date_to
            rows = [i for i in rows if dates[i] <= high]
        if flt.village_id:
            villages, vid = self.villages, flt.village_id
            rows = [i for i in rows if villages[i] == vid]
        if flt.township_id:
            vt, villages, tid = index.village_township, self.villages, flt.township_id
            rows = [i for i in rows if vt.get(villages[i]) == tid]
        if flt.specialist_id:
            specialists, sid = self.specialists, flt.specialist_id
            rows = [i for i in rows if specialists[i] == sid]
        if flt.industry:
            industries, code = self.enums["industry"], flt.industry
            rows = [i for i in rows if industries[i] == code]
        if flt.review_state:
            states, state = self.states, flt.review_state
            rows = [i for i in rows if states[i] == state]
        for word in tokens(flt.text):
            rows = self._search(rows, word, index)
        return rows if isinstance(rows, list) else list(rows)

    def _search(self, rows: Iterable[int], word: str, index: RosterIndex) -> list[int]:
        villages = set(index.villages.find(word))
        specialists = set(index.specialists.find(word))
        codes = {
            column: {code for code, key in _enum_keys(self.kind, column).items() if word in key}
            for column in ENUM_COLUMNS[self.kind]
        }
        codes = {c: v for c, v in codes.items() if v}
        texts, vcol, scol, dates = self.texts, self.villages, self.specialists, self.dates
        date_word = bool(re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", word))
        out = [i for i in rows if word in texts[i] or vcol[i] in villages or scol[i] in specialists]
        if codes or date_word:
            kept = set(out)
            for i in rows:
                if i in kept:
                    continue
                if (date_word and dates[i].startswith(word)) or any(
                    self.enums[c][i] in v for c, v in codes.items()
                ):
                    out.append(i)
            out.sort()  # back to newest-first order
        return out

    def rank(self, store: Store, column: str, index: RosterIndex, language: str) -> list[Any]:
        """A sort key per row for ``column`` (names and labels in pinyin order)."""
        cache_key = (column, language)
        ranks = self._ranks.get(cache_key)
        if ranks is not None:
            return ranks
        if column == "date":
            ranks = self.dates
        elif column in ("village_id", "specialist_id"):
            names: NameIndex = index.villages if column == "village_id" else index.specialists
            values = self.villages if column == "village_id" else self.specialists
            keys = {ref: names.sort_key(ref) for ref in set(values)}
            ranks = [keys[v] for v in values]
        elif column == "review_state" or column in self.enums:
            f = self.spec.field(column)
            assert f is not None and f.enum is not None
            labels = {c.code: full_pinyin(c.label(language)) for c in f.enum}
            codes = self.states if column == "review_state" else self.enums[column]
            ranks = [labels.get(v or "", v or "") for v in codes]
        else:
            f = self.spec.field(column)
            if f is None:
                raise ValueError(f"cannot sort {self.kind} by {column!r}")
            where, params = self.scope.record_filter()
            found = dict(
                store.conn.execute(
                    f"SELECT id, [{column}] FROM [{self.kind}] WHERE deleted = 0 AND ({where})",
                    params,
                ).fetchall()
            )
            numeric = f.type in ("int", "float")
            # Empty values sort last whatever the direction is handled by the caller.
            ranks = [
                found.get(i) if found.get(i) is not None else (None if numeric else "")
                for i in self.ids
            ]
            if not numeric:
                ranks = [str(v).lower() for v in ranks]
        self._ranks[cache_key] = ranks
        return ranks


_RECORD_SETS: weakref.WeakKeyDictionary[Store, dict[str, RecordSet]] = weakref.WeakKeyDictionary()


def record_set(store: Store, kind: str, scope: Scope) -> RecordSet:
    """The (cached) in-memory record set; rebuilt after any write, import or roster change."""
    per_kind = _RECORD_SETS.setdefault(store, {})
    cached = per_kind.get(kind)
    stamp = (data_stamp(store), roster_stamp(store))
    if cached is None or cached.stamp != stamp or cached.scope != scope:
        cached = per_kind[kind] = RecordSet(store, kind, scope)
    return cached


def find_records(
    store: Store,
    kind: str,
    scope: Scope,
    flt: RecordFilter | None = None,
    *,
    sort_column: str = "date",
    descending: bool = True,
    language: str = "zh_CN",
) -> list[str]:
    """Ids of the records the filter selects, in display order (newest first by default)."""
    flt = flt or RecordFilter()
    index = roster_index(store)
    records = record_set(store, kind, scope)
    rows = records.select(flt, index)
    if sort_column == "date" and descending:
        pass  # the load order
    elif sort_column == "date":
        rows.reverse()
    else:
        ranks = records.rank(store, sort_column, index, language)
        # Stable sort over newest-first rows; empty values last in both directions.
        filled = [i for i in rows if ranks[i] is not None and ranks[i] != ""]
        empty = [i for i in rows if ranks[i] is None or ranks[i] == ""]
        filled.sort(key=ranks.__getitem__, reverse=descending)
        rows = filled + empty
    ids = records.ids
    return [ids[i] for i in rows]
