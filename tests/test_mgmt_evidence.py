"""Photo evidence: EXIF date and distance flags on Pillow-made JPEGs, orientation applied."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image

from zjk_desktop.management import evidence as ev
from zjk_desktop.management.assessment import assess
from zjk_desktop.scope import Scope
from zjk_desktop.store import NotEmpty

VILLAGE: dict[str, Any] = {"name": "石柳营村", "latitude": 41.2087, "longitude": 114.6312}
DAY = "2026-05-10"


def flags(data, **kw):
    return [f.code for f in ev.check_photo("d", data, DAY, VILLAGE, **kw)]


def taken(days):
    return dt.datetime(2026, 5, 10, 9, 30) + dt.timedelta(days=days)


def thumbnail(data: bytes, size: int) -> Image.Image:
    made = ev.thumbnail_jpeg(data, size)
    assert made is not None
    return Image.open(io.BytesIO(made))


def prepared(data: bytes) -> tuple[bytes, str]:
    from zjk_desktop.photos import prepare_photo

    result = prepare_photo(data)
    assert result is not None
    return result


def test_exif_is_read_back():
    info = ev.read_photo(ev.make_jpeg(taken(0), 41.2087, 114.6312, orientation=6))
    assert info.has_exif and info.taken == dt.date(2026, 5, 10) and info.orientation == 6
    assert info.latitude == pytest.approx(41.2087, abs=1e-4)
    assert info.longitude == pytest.approx(114.6312, abs=1e-4)


@pytest.mark.parametrize(
    ("days", "flagged"), [(0, False), (3, False), (-3, False), (4, True), (-4, True)]
)
def test_capture_date_more_than_three_days_away_is_flagged(days, flagged):
    data = ev.make_jpeg(taken(days), VILLAGE["latitude"], VILLAGE["longitude"])
    assert ("date" in flags(data)) is flagged


def test_capture_place_more_than_five_km_from_the_village_is_flagged():
    # One hundredth of a degree of latitude is 1.11 km.
    near = ev.make_jpeg(taken(0), VILLAGE["latitude"] + 0.044, VILLAGE["longitude"])  # 4.9 km
    far = ev.make_jpeg(taken(0), VILLAGE["latitude"] + 0.046, VILLAGE["longitude"])  # 5.1 km
    assert flags(near) == []
    assert flags(far) == ["far"]
    assert flags(far, max_km=6) == []
    message = ev.check_photo("d", far, DAY, VILLAGE)[0].message
    assert "石柳营村" in message and "5.1" in message


def test_no_exif_is_flagged_but_a_village_without_coordinates_is_not_judged():
    assert flags(ev.make_jpeg(None)) == ["no_exif"]
    far = ev.make_jpeg(taken(0), 30.0, 100.0)
    assert ev.check_photo("d", far, DAY, {"name": "无坐标村"}) == []
    assert flags(b"not a photo") == ["unreadable"]


def test_orientation_is_applied_to_thumbnails():
    data = ev.make_jpeg(taken(0), size=(80, 40), orientation=6)
    thumb = thumbnail(data, 64)
    assert thumb.size[1] > thumb.size[0]  # the sideways phone photo stands upright
    assert thumbnail(ev.make_jpeg(taken(0), size=(80, 40)), 64).size == (64, 32)


def test_flags_are_counted_per_specialist_in_the_assessment(demo_store):
    counts = ev.flag_counts(demo_store, "2000-01-01", "2100-12-31")
    assert sum(c["photos"] for c in counts.values()) > 20
    flagged = sum(c["flagged"] for c in counts.values())
    assert flagged >= 3  # the demo's mismatched photos
    # A direct count over every photo agrees.
    direct = 0
    for row in demo_store.rows("visit", {"photos": NotEmpty()}):
        direct += sum(
            1
            for d in row["photos"]
            if ev.check_photo(
                d,
                demo_store.get_blob(d),
                row["date"],
                demo_store.get("org_unit", row["village_id"]),
            )
        )
    assert direct == flagged
    year = int(demo_store.conn.execute("SELECT max(date) FROM visit").fetchone()[0][:4])
    items = assess(demo_store, Scope("all"), year)
    assert sum(a.figures["photos_flagged"] for a in items) == sum(
        c["flagged"] for c in ev.flag_counts(demo_store, f"{year}-01-01", f"{year}-12-31").values()
    )
    record = next(
        r
        for r in demo_store.rows("visit", {"photos": NotEmpty()})
        if ev.record_flags(demo_store, r)
    )
    assert ev.record_flags(demo_store, record)[0].message


def test_a_large_phone_photo_is_stored_upright_and_keeps_its_date_and_place():
    big = ev.make_jpeg(taken(0), 41.2087, 114.6312, orientation=6, size=(3200, 2400))
    from zjk_desktop.photos import prepare_photo

    stored, mime = prepared(big)
    assert mime == "image/jpeg"
    assert Image.open(io.BytesIO(stored)).size == (1200, 1600)  # upright, scaled down
    info = ev.read_photo(stored)
    assert info.taken == dt.date(2026, 5, 10) and info.orientation == 1
    assert info.latitude == pytest.approx(41.2087, abs=1e-4)
    assert ev.check_photo("d", stored, DAY, VILLAGE) == []  # still checkable, nothing to flag
    small = ev.make_jpeg(taken(0), size=(640, 480))
    assert prepare_photo(small) == (small, "image/jpeg")  # stored as it came
    assert prepare_photo(b"not an image") is None


def test_photos_show_upright_in_the_record_form(qapp):
    from zjk_desktop.gui.widgets.management import upright_pixmap

    pixmap = upright_pixmap(ev.make_jpeg(taken(0), size=(80, 40), orientation=6))
    assert (pixmap.width(), pixmap.height()) == (40, 80)
    stored, _mime = prepared(ev.make_jpeg(taken(0), 41.2, 114.6, size=(2400, 1200)))
    assert ev.read_photo(stored).taken == dt.date(2026, 5, 10)
