"""An import judged and merged one change at a time behaves as one judged in large batches.

The importer keeps what it learnt from the database from batch to batch (rows found, a
specialist's station, an org unit's parent) and builds the lookup indexes of a table after a
bulk load.  Here every change is its own batch and every table counts as a bulk load, and
the sync properties must still hold: convergence through any order and relay, no refusal of
what another node saved, and the same schema afterwards.
"""

from __future__ import annotations

import importlib

import pytest

from zjk_desktop.scope import Scope
from zjk_desktop.search import RecordFilter, find_record_rowids
from zjk_desktop.store import Change, merge
from zjk_desktop.sync import importer
from zjk_desktop.sync.testing import build_network, visit_values

ALL = Scope("all")  # every record

# The property tests themselves (tests/ is on the path as pytest runs them), run again below.
convergence = importlib.import_module("test_sync_convergence")
trust = importlib.import_module("test_trust_authority")


@pytest.fixture
def one_change_per_batch(monkeypatch):
    monkeypatch.setattr(importer, "APPLY_CHUNK", 1)
    monkeypatch.setattr(merge, "BULK_ROWS", 1)


def _indexes(store):
    return sorted(
        store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
    )


def test_convergence_with_one_change_per_batch(one_change_per_batch, tmp_path, monkeypatch):
    convergence.test_any_order_duplication_and_relay_converges(
        workdir=tmp_path, monkeypatch=monkeypatch
    )


def test_authority_with_one_change_per_batch(one_change_per_batch, tmp_path_factory):
    trust.test_every_node_accepts_what_another_saved_and_all_converge(
        tmp_path_factory=tmp_path_factory
    )


def test_bulk_import_keeps_every_index_and_a_cancelled_one_too(one_change_per_batch, tmp_path):
    net = build_network(tmp_path / "net")
    try:
        net.s1.write(
            [
                Change("visit", "create", visit_values(net, "s1", content=f"第{i}次"))
                for i in range(5)
            ]
        )
        before = _indexes(net.township)
        package = net.send("s1", "township")
        cancelled = importer.import_file(
            net.township, package, should_cancel=iter([False, False, True, True, True]).__next__
        )
        assert not cancelled.ok
        assert _indexes(net.township) == before
        assert net.township.rows("visit") == []
        summary = net.receive("township", package)
        assert summary.ok and summary.total("new") == 5
        assert _indexes(net.township) == before
        assert len(net.township.rows("visit")) == 5
    finally:
        net.close()


def _triggers(store):
    return sorted(
        store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    )


def test_a_bulk_import_is_searchable_and_leaves_the_triggers_and_page_cache_as_they_were(
    one_change_per_batch, tmp_path, monkeypatch
):
    """A bulk import fills the search table in one pass at the end (its triggers dropped for
    the load) and sizes SQLite's page cache for the package: afterwards the imported records
    are found by a text search, a cancelled import leaves no trace, and the triggers and the
    cache size are the store's own again."""
    net = build_network(tmp_path / "net")
    try:
        net.s1.write(
            [
                Change("visit", "create", visit_values(net, "s1", content=f"第{i}次 谷子间苗"))
                for i in range(5)
            ]
        )
        triggers = _triggers(net.township)
        assert triggers  # the search tables' triggers
        cache = net.township.conn.execute("PRAGMA cache_size").fetchone()[0]
        package = net.send("s1", "township")
        monkeypatch.setattr(importer, "IMPORT_CACHE_PER_CHANGE", 64 << 20)  # any package is large
        cancelled = importer.import_file(
            net.township, package, should_cancel=iter([False, False, True, True, True]).__next__
        )
        assert not cancelled.ok
        assert _triggers(net.township) == triggers
        assert net.township.conn.execute("PRAGMA cache_size").fetchone()[0] == cache
        assert net.receive("township", package).ok
        assert _triggers(net.township) == triggers
        assert net.township.conn.execute("PRAGMA cache_size").fetchone()[0] == cache
        found = find_record_rowids(net.township, "visit", ALL, RecordFilter(text="间苗"))
        assert len(found) == 5
        # and a record written afterwards is kept in the search table by the triggers again
        net.township.write(
            [Change("visit", "create", visit_values(net, "s1", content="马铃薯晚疫病"))]
        )
        found = find_record_rowids(net.township, "visit", ALL, RecordFilter(text="晚疫病"))
        assert len(found) == 1
    finally:
        net.close()
