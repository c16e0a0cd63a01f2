"""The province-scale demo: several cities, each generated like the city demo, with distinct codes."""

from __future__ import annotations

import datetime as _dt
from collections import Counter

from zjk_desktop import demo
from zjk_desktop.store import Store


def test_province_demo_is_several_cities_with_distinct_codes(tmp_path, monkeypatch):
    # The real province scale is 1.3 million records; the same code path at a small size.
    monkeypatch.setitem(demo.SCALES, "city", demo.ScaleSpec(2, (2, 2), (3, 3), 6, 3, 40, 10, 6))
    monkeypatch.setitem(
        demo.SCALES, "province", demo.ScaleSpec(6, (2, 2), (3, 3), 18, 9, 120, 30, 18, cities=3)
    )
    store = Store.open(tmp_path / "p.sqlite3")
    summary = demo.generate_demo(store, "province", seed=1, end_date=_dt.date(2026, 11, 1))
    assert summary["cities"] == 3
    assert summary["visit"] == 120 and summary["training"] == 30 and summary["extension"] == 18
    assert summary["specialists"] == 9 and summary["counties"] == 6
    counties = store.rows("org_unit", {"level": "county"})
    codes = sorted(c["code"] for c in counties)
    assert len(set(codes)) == 6
    # Zhangjiakou (1307) plus the first two other Hebei cities' prefixes.
    assert {c[:4] for c in codes} == {"1307", "1301", "1302"}
    names = {c["name"] for c in counties}
    assert any(n.startswith("石家庄示例") for n in names)
    villages = store.rows("org_unit", {"level": "village"})
    assert len({v["code"] for v in villages}) == len(villages) == 3 * 2 * 2 * 3
    store.close()


def test_streamed_dump_is_the_canonical_json_of_dump(tmp_path):
    import json

    store = Store.open(tmp_path / "s.sqlite3")
    demo.generate_demo(store, "small", seed=3, end_date=_dt.date(2026, 11, 1))
    expected = json.dumps(store.dump(), ensure_ascii=False, sort_keys=True, indent=1)
    assert store.dump_json() == expected
    empty = Store.open(tmp_path / "e.sqlite3")
    assert empty.dump_json() == json.dumps(
        empty.dump(), ensure_ascii=False, sort_keys=True, indent=1
    )
    store.close()
    empty.close()


def test_each_city_of_the_province_demo_is_built_like_a_city_alone(tmp_path, monkeypatch):
    """Adding a city to a growing province database must not reach back into the cities before
    it: callbacks come from the city's own visits (each names its township), and the city's
    ids sort after every earlier city's, so its rows go to the end of each id index."""
    monkeypatch.setitem(demo.SCALES, "city", demo.ScaleSpec(2, (2, 2), (3, 3), 6, 3, 40, 10, 6))
    monkeypatch.setitem(
        demo.SCALES, "province", demo.ScaleSpec(6, (2, 2), (3, 3), 18, 9, 120, 30, 18, cities=3)
    )
    store = Store.open(tmp_path / "p.sqlite3")
    demo.generate_demo(store, "province", seed=1, end_date=_dt.date(2026, 11, 1))
    city_of_visit = {
        vid: code[:4]
        for vid, code in store.conn.execute(
            "SELECT r.id, g.code FROM visit r JOIN org_unit g ON g.id = r.village_id"
        )
    }
    callbacks = store.conn.execute(
        "SELECT c.record_id, c.org_id, g.code FROM callback c JOIN org_unit g ON g.id = c.village_id"
    ).fetchall()
    assert callbacks and all(org for _rid, org, _code in callbacks)
    assert all(city_of_visit[rid] == code[:4] for rid, _org, code in callbacks)
    per_city = Counter(code[:4] for _rid, _org, code in callbacks)
    alone = Store.open(tmp_path / "c.sqlite3")
    demo.generate_demo(alone, "city", seed=1, end_date=_dt.date(2026, 11, 1))
    assert per_city["1307"] == alone.count("callback")  # Zhangjiakou, as in the city demo
    alone.close()
    # Ids: Zhangjiakou's, then 石家庄 (1301)'s, then 唐山 (1302)'s.
    spans = {
        city: (lo, hi)
        for city, lo, hi in store.conn.execute(
            "SELECT substr(g.code, 1, 4), min(r.id), max(r.id) FROM visit r"
            " JOIN org_unit g ON g.id = r.village_id GROUP BY 1"
        )
    }
    assert spans["1307"][1] < spans["1301"][0] and spans["1301"][1] < spans["1302"][0]
    store.close()
