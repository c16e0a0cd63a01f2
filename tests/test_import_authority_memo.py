"""A county's authority over a specialist's records, asked thousands of times per batch, is
answered once per (specialist, county) -- and asked again once the batch moves the specialist."""

from __future__ import annotations

from types import SimpleNamespace

from zjk_desktop.domain.ids import new_id
from zjk_desktop.store import Change, Store
from zjk_desktop.sync import authority


def _create(store: Store, kind: str, values: dict) -> str:
    return store.write([Change(kind, "create", values)])[0].record_id


def test_a_specialist_moved_within_the_batch_is_judged_at_the_new_station(tmp_path):
    store = Store.open(tmp_path / "county.sqlite3")
    try:
        stations = {}
        for code, name in (("130732", "赤城县"), ("130733", "崇礼区")):
            county = _create(store, "org_unit", {"code": code, "name": name, "level": "county"})
            stations[code] = (
                county,
                _create(
                    store,
                    "org_unit",
                    {
                        "code": code + "100",
                        "name": name + "城关镇",
                        "level": "township",
                        "parent_id": county,
                    },
                ),
            )
        chicheng, chongli = stations["130732"], stations["130733"]
        sp = _create(
            store,
            "specialist",
            {"name": "王", "phone": "13800000001", "org_id": chicheng[1], "industries": []},
        )
        visit = SimpleNamespace(
            entity="visit", record_id=new_id(), op="update", fields={"specialist_id": sp}
        )
        move = SimpleNamespace(
            entity="specialist", record_id=sp, op="update", fields={"org_id": chongli[1]}
        )
        actor = authority.Actor("county-node", "county", chongli[0])
        state = authority.ImportState(store, [visit, move])
        # Before the move, the specialist works in another county: refused (twice: the memo).
        assert authority._record_policy(actor, visit, state) == "sync.r.not_county_record"
        assert authority._record_policy(actor, visit, state) == "sync.r.not_county_record"
        state.accept(move)
        # After the batch's own move, the specialist has a station in this county.
        assert authority._record_policy(actor, visit, state) is None
        other = authority.Actor("county-node", "county", chicheng[0])
        assert authority._record_policy(other, visit, state) is None
    finally:
        store.close()
