"""Desktop figures on the city demo database (~130k records).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py [CITY_DB] [--province PROVINCE_DB]

CITY_DB: a city demo database; built in a temporary folder when absent (~30 s).
PROVINCE_DB: a province demo database (``zjk demo --scale province``, 1.3 million records);
the visits list is measured on it too.  Opening a database of an older schema upgrades
it (search tables, ~2 min at province), and the cold starts below edit one visit of the city
database each: pass a copy.
Prints:
1. start-up to the main window shown (process start → window painted), the real
   program (``zjk-desktop --smoke --db CITY_DB``) beside a bare PySide6 QMainWindow
   started the same way in the same run (the program paints its window, with navigation
   and an "opening the database" page, before it imports the store and opens the
   database); also until the database is open and the window filled, and how long after
   the paint the dashboard figures are on screen: an ordinary start (the figures the last
   start kept are current), a start after the data changed elsewhere (the kept figures
   marked 正在更新… at once, then the current ones) and a start with nothing kept;
2. filter + search over all visits through the visits page (median of 5, after a warm-up),
   each beside the plain SQL query of the same rows (rowids only) in the same process;
3. peak memory (max RSS) of the program with the visits list open and scrolled to the end,
   beside the bare QMainWindow's.
Each start-up is a fresh process (median of 5).  Aims: start-up within 2x of bare,
figures within 300 ms of the paint, filter+search under 100 ms (city) and well under a
few seconds (province), peak memory under 300 MB (city) and far under 1 GB (province).
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
    original_attach = MainWindow.attach

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

    def attach(self, ctx):
        original_attach(self, ctx)
        marks.setdefault("attached", time.time())
        # the start page: when its figures are on screen (patched on the page itself, so the
        # bench imports nothing before the program's first paint)
        page = self.pages.get("dashboard")
        if page is None:
            return
        original_fill = page._fill

        def fill():
            original_fill()
            if page.data is not None:
                marks.setdefault("first_figures", time.time())
                if not page.data.get("stale"):
                    marks.setdefault("fresh_figures", time.time())

        page._fill = fill

    with (
        patch.object(MainWindow, "show", show),
        patch.object(MainWindow, "smoke_summary", summary),
        patch.object(MainWindow, "attach", attach),
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
    open_sql_ms = plain_sql_ms(store, "no filter (all visits)")
    view = page.findChild(type(page.table)) if hasattr(page, "table") else None
    del view
    total = page.model.rowCount()

    def run(setup, runs: int = 6) -> float:
        samples = []
        for i in range(runs):
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

    runs = 6 if total < 500_000 else 2  # province: one warm-up, one measured
    cases = {
        "industry = 马铃薯": industry("potato"),
        "search 'cc' (pinyin initials)": both("cc", None),
        "search '赤城' (Chinese)": both("赤城", None),
        "search 'cc' + industry 马铃薯": both("cc", "potato"),
        "no filter (all visits)": both("", None),
    }
    timings = {}
    baselines = {}
    for name, setup in cases.items():
        timings[name] = run(setup, runs)
        timings[name + " rows"] = page.model.rowCount()
        baselines[name] = plain_sql_ms(store, name)
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
        "open_sql_ms": open_sql_ms,
        "timings": timings,
        "baselines": baselines,
        "sort_ms": sort_ms,
        "scroll_50_steps_ms": scroll_ms,
        "rss_mb": rss,
    }


def plain_sql_ms(store, case: str) -> float:
    """The baseline: the same rows' rowids by one hand-written SQL query, no search table
    (LIKE over the visit's text columns, the enumerated and roster columns by value)."""
    from zjk_desktop.domain.entities import entity
    from zjk_desktop.search import roster_index

    index = roster_index(store)
    text = " OR ".join(f"instr(lower([{c}]), ?) > 0" for c in entity("visit").search_columns)
    n_text = len(entity("visit").search_columns)

    def word(w: str) -> tuple[str, list]:
        villages = json.dumps(index.villages.find(w))
        people = json.dumps(index.specialists.find(w))
        clause = (
            f"({text} OR village_id IN (SELECT value FROM json_each(?))"
            " OR specialist_id IN (SELECT value FROM json_each(?)))"
        )
        return clause, [*[w] * n_text, villages, people]

    where, params = "deleted = 0", []
    if "industry" in case or "马铃薯" in case:
        where += " AND industry = 'potato'"
    for w in ("cc", "赤城"):
        if f"'{w}'" in case:
            clause, p = word(w)
            where += f" AND {clause}"
            params += p
    sql = f"SELECT rowid FROM visit WHERE {where} ORDER BY date DESC, rowid DESC"
    start = time.perf_counter()
    store.conn.execute(sql, params).fetchall()
    return (time.perf_counter() - start) * 1000


def change_elsewhere(db: str) -> None:
    """One record edited by another program on the same database (as ``zjk record edit``)."""
    from zjk_desktop.store import Store

    with Store.open(db) as store:
        visit = store.rows("visit", {"deleted": 0}, order_by=("-date", "id"), limit=1)[0]
        store.update(
            "visit", visit["id"], {"households_served": (visit["households_served"] or 0) + 1}
        )


def forget_figures(db: str) -> None:
    from zjk_desktop import figure_cache
    from zjk_desktop.scope import scope_for_node
    from zjk_desktop.store import Store

    with Store.open(db) as store:
        figure_cache.forget(store, scope_for_node(store))


DATA_DIR = tempfile.mkdtemp(prefix="zjk-bench-")  # shared: later starts are not first starts


def spawn(mode: str, db: str | None = None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ZJK_DATA_DIR=DATA_DIR)
    # An installed program starts from bytecode (pip compiles it, the frozen build bundles it):
    # the warm-up start below writes it where PYTHONDONTWRITEBYTECODE would prevent that.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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
    args = sys.argv[1:]
    province = None
    if "--province" in args:
        at = args.index("--province")
        province = args[at + 1]
        del args[at : at + 2]
    db = ensure_city_db(args[0] if args else None)
    from zjk_desktop.store import Store

    with Store.open(db) as s:
        counts = {k: s.count(k) for k in ("visit", "extension", "training")}
    print(f"database: {db}  ({', '.join(f'{k} {v:,}' for k, v in counts.items())})")

    bare, shown, bare_cpu, app_cpu, attached = [], [], [], [], []
    after: dict[str, list[float]] = {"warm": [], "kept": [], "cold": [], "none": []}
    spawn("app", db)  # first start builds the .qm translation cache and the bytecode
    for _ in range(RUNS):
        b = spawn("bare")
        bare.append(b["shown"] - b["launched"])
        bare_cpu.append(b["cpu"])
        # the ordinary start: the figures the last start kept are current
        a = spawn("app", db)
        shown.append(a["shown"] - a["launched"])
        attached.append(a["attached"] - a["launched"])
        app_cpu.append(a["cpu"])
        after["warm"].append(a["fresh_figures"] - a["shown"])
        # data changed elsewhere since (a command-line edit): kept figures first, then current
        change_elsewhere(db)
        a = spawn("app", db)
        after["kept"].append(a["first_figures"] - a["shown"])
        after["cold"].append(a["fresh_figures"] - a["shown"])
        # nothing kept (first start of this program version): computed before anything shows
        forget_figures(db)
        a = spawn("app", db)
        after["none"].append(a["fresh_figures"] - a["shown"])
    bare_s, shown_s, bare_c, app_c = (
        statistics.median(x) for x in (bare, shown, bare_cpu, app_cpu)
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
    opened = statistics.median(attached)
    print(
        f"   zjk-desktop, database open      {opened * 1000:7.0f} ms wall"
        f"   (store opened after the paint, window filled in place)"
    )
    ms = {k: statistics.median(v) * 1000 for k, v in after.items()}
    print("   dashboard figures on screen, after the paint (aim ≤ 300 ms):")
    print(
        f"     ordinary start (figures kept by the last start, current)   {ms['warm']:6.0f} ms"
        f"   ({(shown_s * 1000 + ms['warm']) / (bare_s * 1000):.2f}x the bare window's start)"
    )
    print(
        f"     data changed elsewhere: kept figures marked 正在更新…       {ms['kept']:6.0f} ms,"
        f" current figures {ms['cold']:6.0f} ms"
    )
    print(f"     nothing kept (first start): figures computed before shown  {ms['none']:6.0f} ms")
    b = spawn("bare")
    visits_list("city", spawn("visits", db), b, "< 100 ms", 300)
    if province:
        visits_list("province", spawn("visits", province), b, "well under a few s", 1024)


def visits_list(label: str, v: dict, bare: dict, aim: str, memory_aim: int) -> None:
    print(
        f"\n2. {label}: visits list ({v['visits']:,} visits): opened in {v['open_ms']:.0f} ms"
        f"  (plain SQL of the same rowids: {v['open_sql_ms']:.0f} ms)"
    )
    for name, ms in v["timings"].items():
        if name.endswith(" rows"):
            continue
        rows = v["timings"][name + " rows"]
        print(
            f"   filter+search {name:<32} {ms:7.1f} ms  ({rows:,} rows)"
            f"  plain SQL {v['baselines'][name]:7.1f} ms  aim {aim}"
        )
    print(f"   sort by village                              {v['sort_ms']:7.1f} ms")
    print(f"   scroll top → bottom in 50 steps              {v['scroll_50_steps_ms']:7.1f} ms")
    print(
        f"3. {label}: peak memory (max RSS): visits list open and scrolled {v['rss_mb']:.0f} MB "
        f"(aim < {memory_aim} MB); bare QMainWindow {bare['rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
