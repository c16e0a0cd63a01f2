"""Desktop figures on the city demo database (~130k records).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py [CITY_DB]

CITY_DB: a city demo database; built in a temporary folder when absent (~30 s).
Prints:
1. start-up to the main window shown (process start → window painted), the real
   program (``zjk-desktop --smoke --db CITY_DB``) beside a bare PySide6 QMainWindow
   started the same way in the same run; also until the dashboard figures are in;
2. filter + search over all visits through the visits page (median of 5, after a warm-up);
3. peak memory (max RSS) of the program with the visits list open and scrolled to the end,
   beside the bare QMainWindow's.
Each start-up is a fresh process (median of 3).  Aims: start-up within 2x of bare,
filter+search under 100 ms, peak memory under 300 MB.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def child_bare() -> dict:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1200, 780)
    window.show()
    app.processEvents()
    window.grab()  # painted
    shown = time.time()
    return {
        "shown": shown,
        "cpu": time.process_time(),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_app(db: str) -> dict:
    from zjk_desktop.gui import app as app_module
    from zjk_desktop.gui.mainwindow import MainWindow

    marks: dict[str, float] = {}
    original_show = MainWindow.show
    original_summary = MainWindow.smoke_summary

    def show(self):
        original_show(self)
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        self.grab()
        marks.setdefault("shown", time.time())
        marks.setdefault("cpu", time.process_time())

    def summary(self):
        marks.setdefault("data", time.time())
        return original_summary(self)

    with (
        patch.object(MainWindow, "show", show),
        patch.object(MainWindow, "smoke_summary", summary),
    ):
        code = app_module.main(["--smoke", "--db", db])
    if code != 0:
        raise SystemExit(f"smoke failed with {code}")
    return marks


def child_visits(db: str) -> dict:
    """Open the program's window on ``db``, show the visits list, time filters, measure memory."""
    from PySide6.QtCore import QSettings

    from zjk_desktop.gui.app import make_application
    from zjk_desktop.gui.context import AppContext
    from zjk_desktop.gui.mainwindow import MainWindow
    from zjk_desktop.gui.pages.record_list import RecordListPage
    from zjk_desktop.gui.translations import TRANSLATIONS
    from zjk_desktop.store import Store

    app = make_application()
    TRANSLATIONS.apply("zh_CN")
    store = Store.open(db)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(store=store, db_path=Path(db), settings=settings))
    window.resize(1280, 800)
    window.show()
    start = time.perf_counter()
    page = window.show_page("visit")
    assert isinstance(page, RecordListPage)
    app.processEvents()
    open_ms = (time.perf_counter() - start) * 1000
    view = page.findChild(type(page.table)) if hasattr(page, "table") else None
    del view
    total = page.model.rowCount()

    def run(setup) -> float:
        samples = []
        for i in range(6):
            for w in (page.search, page.industry):
                w.blockSignals(True)
            setup()
            for w in (page.search, page.industry):
                w.blockSignals(False)
            t = time.perf_counter()
            page.apply_filters()
            app.processEvents()  # the view repaints with the new rows
            if i:
                samples.append((time.perf_counter() - t) * 1000)
        return statistics.median(samples)

    def industry(code):
        return lambda: page.industry.setCurrentIndex(page.industry.findData(code))

    def both(text, code):
        def setup():
            page.search.setText(text)
            page.industry.setCurrentIndex(page.industry.findData(code) if code else 0)

        return setup

    cases = {
        "industry = 马铃薯": industry("potato"),
        "search 'cc' (pinyin initials)": both("cc", None),
        "search '赤城' (Chinese)": both("赤城", None),
        "search 'cc' + industry 马铃薯": both("cc", "potato"),
        "no filter (all visits)": both("", None),
    }
    timings = {}
    for name, setup in cases.items():
        timings[name] = run(setup)
        timings[name + " rows"] = page.model.rowCount()
    # sort by another column, then scroll through to the end
    t = time.perf_counter()
    page.model.sort(1)
    app.processEvents()
    sort_ms = (time.perf_counter() - t) * 1000
    table = page.table
    t = time.perf_counter()
    bar = table.verticalScrollBar()
    for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 50)):
        bar.setValue(value)
        app.processEvents()
    scroll_ms = (time.perf_counter() - t) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.shutdown()
    store.close()
    return {
        "visits": total,
        "open_ms": open_ms,
        "timings": timings,
        "sort_ms": sort_ms,
        "scroll_50_steps_ms": scroll_ms,
        "rss_mb": rss,
    }


DATA_DIR = tempfile.mkdtemp(prefix="zjk-bench-")  # shared: later starts are not first starts


def spawn(mode: str, db: str | None = None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ZJK_DATA_DIR=DATA_DIR)
    launched = time.time()
    args = [sys.executable, __file__, "--child", mode] + ([db] if db else [])
    out = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["launched"] = launched
    return data


def ensure_city_db(arg: str | None) -> str:
    if arg:
        return arg
    from zjk_desktop.demo import generate_demo
    from zjk_desktop.store import Store

    path = Path(tempfile.mkdtemp(prefix="zjk-city-")) / "city.sqlite3"
    print(f"building the city demo in {path} …", flush=True)
    store = Store.open(path)
    generate_demo(store, "city", 1)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return str(path)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        mode = sys.argv[2]
        db = sys.argv[3] if len(sys.argv) > 3 else ""
        result = {
            "bare": child_bare,
            "app": lambda: child_app(db),
            "visits": lambda: child_visits(db),
        }[mode]()
        print(json.dumps(result, ensure_ascii=False), flush=True)
        os._exit(0)  # the figures are out; skip interpreter teardown
    sys.path.insert(0, str(ROOT))
    db = ensure_city_db(sys.argv[1] if len(sys.argv) > 1 else None)
    from zjk_desktop.store import Store

    with Store.open(db) as s:
        counts = {k: s.count(k) for k in ("visit", "extension", "training")}
    print(f"database: {db}  ({', '.join(f'{k} {v:,}' for k, v in counts.items())})")

    bare, shown, data, bare_cpu, app_cpu = [], [], [], [], []
    spawn("app", db)  # first start builds the .qm translation cache; measure later starts
    for _ in range(RUNS):
        b = spawn("bare")
        bare.append(b["shown"] - b["launched"])
        bare_cpu.append(b["cpu"])
        a = spawn("app", db)
        shown.append(a["shown"] - a["launched"])
        data.append(a["data"] - a["launched"])
        app_cpu.append(a["cpu"])
    bare_s, shown_s, data_s, bare_c, app_c = (
        statistics.median(x) for x in (bare, shown, data, bare_cpu, app_cpu)
    )
    print(
        f"\n1. start-up, process start → window painted (median of {RUNS} fresh processes;"
        f" load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"   bare PySide6 QMainWindow        {bare_s * 1000:7.0f} ms wall"
        f" {bare_c * 1000:6.0f} ms CPU"
    )
    print(
        f"   zjk-desktop, city db            {shown_s * 1000:7.0f} ms wall"
        f" {app_c * 1000:6.0f} ms CPU"
        f"   ratio {shown_s / bare_s:.2f}x wall, {app_c / bare_c:.2f}x CPU (aim ≤ 2x)"
    )
    print(
        f"   zjk-desktop, dashboard figures  {data_s * 1000:7.0f} ms wall"
        f"   ratio {data_s / bare_s:.2f}x"
    )

    v = spawn("visits", db)
    print(f"\n2. visits list ({v['visits']:,} visits): opened in {v['open_ms']:.0f} ms")
    for name, ms in v["timings"].items():
        if name.endswith(" rows"):
            continue
        rows = v["timings"][name + " rows"]
        print(f"   filter+search {name:<32} {ms:7.1f} ms  ({rows:,} rows)  aim < 100 ms")
    print(f"   sort by village                              {v['sort_ms']:7.1f} ms")
    print(f"   scroll top → bottom in 50 steps              {v['scroll_50_steps_ms']:7.1f} ms")
    b = spawn("bare")
    print(
        f"\n3. peak memory (max RSS): visits list open and scrolled {v['rss_mb']:.0f} MB "
        f"(aim < 300 MB); bare QMainWindow {b['rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
