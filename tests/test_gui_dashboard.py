"""Dashboard for the county and a township: by township / by specialist, the chart, no 上级 card."""

from __future__ import annotations

from typing import Any

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
    chart.resize(500, 260)
    image = chart.grab()  # paints without error
    assert not image.isNull()
