"""Dashboard for the county and a township: by township / by specialist, the chart, no 上级 card."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from zjk_desktop.display import format_number
from zjk_desktop.domain.entities import RECORD_KINDS
from zjk_desktop.gui.pages.dashboard import TrendChart
from zjk_desktop.gui.testing import make_ctx, wait_idle


def table(dash):
    model = dash.breakdown_model
    header = [model.horizontalHeaderItem(c).text() for c in range(model.columnCount())]
    rows = [
        [model.item(r, c).text() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    return header, rows


def test_county_dashboard_has_figures_by_township_and_by_specialist(main_window, demo_store):
    dash: Any = main_window.pages["dashboard"]
    assert dash.cards["unsent"].isHidden()  # nobody above the county
    assert not dash.breakdown_box.isHidden()
    header, rows = table(dash)
    assert header[:4] == ["乡镇", "县区", "本月", "本年"] and "未服务" in header[5]
    townships = demo_store.count("org_unit", {"level": "township"})
    assert len(rows) == townships
    this_month = sum(int(r[2].replace(",", "")) for r in rows)
    cards = sum(int(dash.cards[k].value.text().replace(",", "")) for k in RECORD_KINDS)
    assert this_month == cards
    dash.breakdown_buttons.buttons()[1].click()
    header, rows = table(dash)
    assert header[0] == "特派员" and len(rows) == demo_store.count("specialist")


def test_township_dashboard_shows_specialists_and_the_upstream_card(
    qtbot, demo_store, gui_settings, zh_ui
):
    from zjk_desktop.gui.mainwindow import MainWindow

    township = demo_store.rows("org_unit", {"level": "township"}, limit=1)[0]
    demo_store.set_identity("township", "示例乡镇站", township["id"])
    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    window.show()
    try:
        dash: Any = window.pages["dashboard"]
        qtbot.waitUntil(lambda: dash.data is not None, timeout=15000)
        wait_idle(qtbot, window)
        assert not dash.cards["unsent"].isHidden()
        header, rows = table(dash)
        assert header[0] == "特派员" and rows
        assert all(not b.isVisible() for b in dash.breakdown_buttons.buttons())  # one table only
    finally:
        window.shutdown()


def test_chart_ticks_carry_the_year_and_a_round_axis():
    chart = TrendChart()
    months = ["2025-11", "2025-12", "2026-01", "2026-02"]
    chart.set_rows(
        [{"month": m, "records": 3, "visits": 1, "extensions": 1, "trainings": 1} for m in months],
        ("走访", "推广", "培训"),
        y_title="记录数",
        x_title="月份",
    )
    assert chart.tick_labels() == [("11", "2025"), ("12", ""), ("01", "2026"), ("02", "")]
    assert [TrendChart.nice_top(v) for v in (0, 3, 7, 37, 120)] == [1, 5, 10, 50, 200]
    top = TrendChart.nice_top(15684)  # a city's month: the axis reads 20,000, not 20000
    assert [label for _, label in TrendChart.y_ticks(top)] == ["0", "10,000", "20,000"]
    chart.resize(500, 260)
    image = chart.grab()  # paints without error
    assert not image.isNull()


def _start(qtbot, store, settings, monkeypatch):
    """A main window on ``store``; returns it and what the dashboard showed, fill by fill."""
    from zjk_desktop import figure_cache
    from zjk_desktop.gui.mainwindow import MainWindow
    from zjk_desktop.gui.pages.dashboard import DashboardPage

    shown: list[dict[str, Any]] = []
    computed: list[str] = []
    fill, compute = DashboardPage._fill, figure_cache.compute

    def recording_fill(self):
        fill(self)
        if self.data is not None:
            shown.append(
                {
                    "returned": self.cards["returned"].value.text(),
                    "stale": self.data["stale"],
                    "note": self.updating.text() if not self.updating.isHidden() else "",
                }
            )

    def counting_compute(*args, **kw):
        computed.append("compute")
        return compute(*args, **kw)

    monkeypatch.setattr(DashboardPage, "_fill", recording_fill)
    monkeypatch.setattr(figure_cache, "compute", counting_compute)
    window = MainWindow(make_ctx(store, settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.smoke_pending(), timeout=15000)
    wait_idle(qtbot, window)
    return window, shown, computed


def test_start_page_shows_the_kept_figures_at_once_then_the_fresh_ones(
    qtbot, demo_store, gui_settings, zh_ui, monkeypatch
):
    from zjk_desktop import figure_cache
    from zjk_desktop.scope import scope_for_node

    today, role = _dt.date.today(), demo_store.node_info().role or "county"
    scope = scope_for_node(demo_store)
    figure_cache.compute(demo_store, scope, today, 30, role=role)  # the last start
    before = figure_cache.load(demo_store, scope, today, 30, role=role)
    assert before is not None and before.fresh
    # Elsewhere (the command line, another window) a record is returned for correction.
    visit = demo_store.rows("visit", {"review_state": "submitted"}, limit=1)[0]
    demo_store.review("visit", visit["id"], "returned", "请补充服务农户")
    window, shown, computed = _start(qtbot, demo_store, gui_settings, monkeypatch)
    try:
        was = format_number(before.figures["returned"])
        now = format_number(before.figures["returned"] + 1)
        # first the last start's figures, marked as being updated; then the current ones
        assert shown[0] == {"returned": was, "stale": True, "note": "正在更新…"}
        assert shown[-1] == {"returned": now, "stale": False, "note": ""}
        assert computed == ["compute"]
    finally:
        window.shutdown()
    # The next start finds them current: shown at once, nothing recomputed.
    window, shown, computed = _start(qtbot, demo_store, gui_settings, monkeypatch)
    try:
        assert shown == [{"returned": now, "stale": False, "note": ""}]
        assert computed == []
        window.show_page("visit")
        window.show_page("dashboard")  # back on the start page, nothing changed
        wait_idle(qtbot, window)
        assert computed == []
        # a change made in the program: the page recomputes (and keeps) the figures
        other = demo_store.rows("visit", {"review_state": "submitted"}, limit=1)[0]
        demo_store.review("visit", other["id"], "returned", "请补充服务农户")
        window.ctx.events.records_changed.emit("visit")
        wait_idle(qtbot, window)
        later = format_number(before.figures["returned"] + 2)
        assert computed == ["compute"]
        assert shown[-1] == {"returned": later, "stale": False, "note": ""}
        kept = figure_cache.load(demo_store, scope, today, 30, role=role)
        assert kept is not None and kept.fresh  # the next start is warm
    finally:
        window.shutdown()


def test_kept_figures_that_cannot_be_brought_up_to_date_say_so(
    qtbot, demo_store, gui_settings, zh_ui, monkeypatch
):
    from zjk_desktop import figure_cache
    from zjk_desktop.gui.mainwindow import MainWindow
    from zjk_desktop.scope import scope_for_node

    role = demo_store.node_info().role or "county"
    figure_cache.compute(demo_store, scope_for_node(demo_store), _dt.date.today(), 30, role=role)
    visit = demo_store.rows("visit", {"review_state": "submitted"}, limit=1)[0]
    demo_store.review("visit", visit["id"], "returned", "请补充服务农户")  # now they are stale

    def broken(*args, **kw):
        raise RuntimeError("disk I/O error at page 4711")

    monkeypatch.setattr(figure_cache, "compute", broken)
    window = MainWindow(make_ctx(demo_store, gui_settings))
    qtbot.addWidget(window)
    window.show()
    try:
        dash: Any = window.pages["dashboard"]
        qtbot.waitUntil(lambda: dash.error is not None, timeout=15000)
        wait_idle(qtbot, window)
        assert dash.data["stale"] and not dash.updating.isHidden()
        assert dash.updating.text() == "不是最新：这是上次计算的数字"
        assert dash.status.text() == "无法计算统计数据：详见日志文件"
        assert "4711" not in dash.status.text()
    finally:
        window.shutdown()
