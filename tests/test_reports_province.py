"""The whole-database report of a province office, and a county report that reads only its county."""

from __future__ import annotations

import datetime as _dt
import re

import pytest
from pypdf import PdfReader

from zjk_desktop import demo, i18n
from zjk_desktop.reports import builders, generate_report, resolve_scope
from zjk_desktop.store import Store

RECORD_TABLES = ("visit", "extension", "training", "callback")


@pytest.fixture
def province(tmp_path, monkeypatch):
    """Three small cities' worth of data (the province demo's code path at a test's size)."""
    monkeypatch.setitem(demo.SCALES, "city", demo.ScaleSpec(2, (2, 2), (3, 3), 6, 3, 60, 12, 8))
    monkeypatch.setitem(
        demo.SCALES, "province", demo.ScaleSpec(6, (2, 2), (3, 3), 18, 9, 180, 36, 24, cities=3)
    )
    store = Store.open(tmp_path / "province.sqlite3")
    demo.generate_demo(store, "province", seed=1, end_date=_dt.date(2026, 11, 1))
    yield store
    store.close()


def test_the_whole_database_of_a_province_office_is_called_the_province(province, tmp_path):
    i18n.set_language("zh_CN")
    out = tmp_path / "all.pdf"
    generate_report(province, "county", None, "2025-01-01", "2026-12-31", out)
    first = PdfReader(str(out)).pages[0].extract_text() or ""
    assert "全省科技特派员工作报告" in re.sub(r"\s+", "", first)
    assert "全市" not in first


def test_a_county_report_reads_only_its_own_county_records(province):
    """Every query of a county report reaches visits, extensions, trainings and callbacks
    through an index scoped to the county, never by reading the whole province's table."""
    county = province.conn.execute(
        "SELECT code FROM org_unit WHERE level = 'county' ORDER BY code LIMIT 1"
    ).fetchone()[0]
    county_id = resolve_scope(province, "county", county)
    statements: list[str] = []
    province.conn.set_trace_callback(statements.append)
    try:
        builders.county_report(province, county_id, "2025-01-01", "2026-12-31")
    finally:
        province.conn.set_trace_callback(None)
    queries = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(queries) > 20  # the report's queries were all seen
    full_reads = []
    for sql in queries:
        for row in province.conn.execute("EXPLAIN QUERY PLAN " + sql):
            detail = row[3]
            if any(re.fullmatch(f"SCAN {t}( .*)?", detail) for t in RECORD_TABLES):
                full_reads.append((detail, " ".join(sql.split())[:120]))
    assert full_reads == []
