"""SQLite's pager during an import: sized for the package and the database it lands in.

A package into a database that already holds more than it brings (a city's package at the
province office) lands all over the indexes already there: the page cache covers a page per
index per change and the per-row statement journals stay in memory instead of a temporary
file (issue 14, ``bench/scale.py --into-province``).  Into an empty database nothing
changes (its indexes are rebuilt at the end, and that sort must not be held in memory).
Either way the store's own settings come back, also after a cancelled import.
"""

from __future__ import annotations

import pytest

from zjk_desktop.scope import Scope
from zjk_desktop.search import RecordFilter, find_record_rowids
from zjk_desktop.store import Change, Store
from zjk_desktop.sync import importer
from zjk_desktop.sync.testing import build_network, visit_values

MEMORY = 2  # PRAGMA temp_store


def _pager(store: Store) -> tuple[int, int]:
    cache = int(store.conn.execute("PRAGMA cache_size").fetchone()[0])
    temp = int(store.conn.execute("PRAGMA temp_store").fetchone()[0])
    return cache, temp


@pytest.fixture
def net(tmp_path):
    network = build_network(tmp_path / "net")
    yield network
    network.close()


def _watch_merges(monkeypatch, store: Store) -> list[tuple[int, int]]:
    """The pager settings each time the import merges a batch into ``store``."""
    seen: list[tuple[int, int]] = []
    merge = store.apply_versions

    def watched(*args, **kwargs):
        seen.append(_pager(store))
        return merge(*args, **kwargs)

    monkeypatch.setattr(store, "apply_versions", watched)
    return seen


def test_a_package_into_a_larger_database_gets_a_larger_cache_and_journals_in_memory(
    net, monkeypatch
):
    # The township already holds many versions (its own visits), the package brings three.
    net.township.write(
        [
            Change("visit", "create", visit_values(net, "s1", content=f"站里录入 {i}"))
            for i in range(60)
        ]
    )
    net.s1.write(
        [
            Change("visit", "create", visit_values(net, "s1", content=f"谷子间苗 {i}"))
            for i in range(3)
        ]
    )
    package = net.send("s1", "township")
    monkeypatch.setattr(importer, "IMPORT_CACHE_PER_CHANGE_HELD", 64 << 20)  # any db is large
    net.township.conn.execute("PRAGMA cache_size = -64")  # a 64 KiB cache: smaller than the db
    before = _pager(net.township)
    seen = _watch_merges(monkeypatch, net.township)
    summary = net.receive("township", package)
    assert summary.ok and summary.total("new") == 3
    cache_kib = -seen[0][0]
    pages = net.township.conn.execute("PRAGMA page_count").fetchone()[0]
    page_kib = net.township.conn.execute("PRAGMA page_size").fetchone()[0] // 1024
    assert seen[0][1] == MEMORY
    assert cache_kib > -before[0]  # larger than the store's own cache …
    assert cache_kib <= pages * page_kib + page_kib  # … and never larger than the database
    assert _pager(net.township) == before
    found = find_record_rowids(net.township, "visit", Scope("all"), RecordFilter(text="间苗"))
    assert len(found) == 3


def test_a_package_into_an_empty_database_keeps_temporary_files(net, monkeypatch):
    net.s1.write(
        [
            Change("visit", "create", visit_values(net, "s1", content=f"谷子间苗 {i}"))
            for i in range(40)
        ]
    )
    package = net.send("s1", "township")
    before = _pager(net.township)
    seen = _watch_merges(monkeypatch, net.township)
    assert net.receive("township", package).ok
    assert seen and all(temp == before[1] for _cache, temp in seen)
    assert _pager(net.township) == before


def test_a_cancelled_import_gives_the_store_its_settings_back(net, monkeypatch):
    net.township.write(
        [
            Change("visit", "create", visit_values(net, "s1", content=f"站里录入 {i}"))
            for i in range(30)
        ]
    )
    net.s1.write([Change("visit", "create", visit_values(net, "s1", content="谷子间苗"))])
    package = net.send("s1", "township")
    monkeypatch.setattr(importer, "IMPORT_CACHE_PER_CHANGE_HELD", 64 << 20)
    before = _pager(net.township)
    seen = _watch_merges(monkeypatch, net.township)
    cancelled = importer.import_file(
        net.township, package, should_cancel=iter([False, True]).__next__
    )
    assert not cancelled.ok
    assert seen and seen[0][1] == MEMORY
    assert _pager(net.township) == before
    assert not find_record_rowids(net.township, "visit", Scope("all"), RecordFilter(text="间苗"))
