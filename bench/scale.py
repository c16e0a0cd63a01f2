"""Scale benchmark: small → city → province on one office PC.

    .venv/bin/python bench/scale.py [--scales small,city,province] [--work DIR] [--keep]

For each scale it builds the demo (``zjk demo --scale …``; reused from ``--work`` when
present), then runs every step a county or province office would, each in its own child
process so that its wall time and its peak memory (the child's own maximum resident set,
from ``wait4``) are measured separately:

- a full export of the whole database to another computer, and its import into an empty
  database (every signature checked), beside ``sqlite-utils insert`` of the same rows
  (the tool a person would pick instead) — same run, same machine;
- the county report for one county (PDF + .xlsx) and the whole-database report (the city
  report on the city demo, the province report on the province demo);
- opening the visits list (the rowids of every visit in display order, from SQL) and a
  text search in it;
- ``zjk dump`` to a file;
- the database size.

Prints a table (wall seconds, the child's own CPU seconds — comparable when other work
loads the machine — and peak memory) and the growth factor of each step from one scale to
the next (linear growth is ×10 from city to province), and marks any step over one minute
or 1 GB.  ``--steps`` / ``--province-steps`` run only some steps (e.g. ``report,list,dump``).

``--into-province PROVINCE_DB --work DIR`` measures instead what a province office does every
month: one city's next month (``--months``) and a whole new city's package into a copy of a
province database that holds ten cities, beside the same packages into the same computer
holding only the roster, and ``sqlite-utils insert`` of the same rows into a province copy;
then the start page's figures and the visits list; and the sync page's peer list (every peer's
unsent count) before and after each import in one process, beside the full pass each list
after an import cost before.  Wall, CPU, peak memory, the write-ahead log and the database's
growth per step.  The prepared copies and packages are kept in
``DIR/into-province`` (about 5 GB) and reused; the province database is never changed.

``--relay LAPTOPS[xEXPORTS],…`` (with ``--into-province``) measures instead the month package
beside the same changes written on the city's computers — LAPTOPS specialists' own laptops, every
township station, every county team, each with its own key on the office's roster, sealing once
per export (EXPORTS a month, default 4) — and relayed by a city computer (``step_relay``), each
into a fresh copy of the province office (``--rounds`` alternating runs), beside ``sqlite-utils
insert --replace`` of the same rows: wall, CPU, peak memory, package size, origins and seals;
then the sync page's peer list around each import (``step_peers_around``).
Enrolling the computers' keys writes them into the prepared office copy (a few hundred roster
rows per package made).
Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MINUTE = 60.0
GIB = 1024**3


# ---------------------------------------------------------------- child steps
def _open(path: str):
    from zjk_desktop.store import Store

    return Store.open(Path(path))


def step_demo(db: str, scale: str) -> dict[str, Any]:
    from zjk_desktop.demo import generate_demo

    store = _open(db)
    summary = generate_demo(store, scale=scale, seed=1)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return {"records": sum(summary[k] for k in ("visit", "extension", "training"))}


def _office_above(sender) -> str:
    """The sender's office: above every county of the demo (the trust rules let a county-role
    computer change only records under its organisation).  Zhangjiakou's city office (130700)
    for the small and city demos, one office above all the cities (130000) for the province
    demo; created (and the counties put under it) the first time.  Returns its id."""
    from zjk_desktop.store import Change

    counties = sender.rows("org_unit", match={"level": "county"})
    several_cities = len({str(c["code"])[:4] for c in counties}) > 1
    code, name = ("130000", "河北省（示例汇总）") if several_cities else ("130700", "张家口市")
    top = sender.find_org_by_code(code)
    if top is not None:
        return str(top["id"])
    top_id = str(sender.create("org_unit", {"code": code, "name": name, "level": "city"}).record_id)
    sender.write([Change("org_unit", "update", {"parent_id": top_id}, c["id"]) for c in counties])
    return top_id


def _identities(sender_db: str, receiver_db: str, roster: bool = True):
    """The sender is the office above every county of the demo (the trust rules let a
    county-role computer change only records under its organisation): Zhangjiakou's city
    office (130700) for the small and city demos, one office above all ten cities (130000)
    for the province demo.  The receiver is a township-role computer that imports the
    roster first, as an office does; returns (sender, receiver)."""
    from zjk_desktop.sync import export, importer, keys

    sender = _open(sender_db)
    top_id = _office_above(sender)
    if not sender.node_info().role:
        sender.set_identity("county", "bench office", top_id)
    keys.ensure_keypair(sender)
    receiver = _open(receiver_db)
    if not receiver.node_info().role:
        receiver.set_identity("township", "bench receiver")
    keys.ensure_keypair(receiver)
    keys.trust(receiver, export.sender_block(sender))
    keys.trust(sender, export.sender_block(receiver))
    if roster and not receiver.find_org_by_code(str(sender.get("org_unit", top_id)["code"])):
        package = Path(receiver_db).with_suffix(".roster.zjkpkg")
        export.export_roster(sender, package)
        if not importer.import_files(receiver, [package])[0].ok:
            raise SystemExit("roster import refused")
        package.unlink()
    return sender, receiver


def step_sign(db: str, receiver_db: str) -> dict[str, Any]:
    from zjk_desktop.sync import export

    sender, receiver = _identities(db, receiver_db, roster=False)
    n = export.sign_own_versions(sender)
    sender.close()
    receiver.close()
    return {"signed": n}


def step_export(db: str, receiver_db: str, out: str) -> dict[str, Any]:
    from zjk_desktop.sync import export

    sender, receiver = _identities(db, receiver_db)
    result = export.export_package(sender, receiver.node_id, full=True, out=Path(out))
    sender.close()
    receiver.close()
    return {"changes": result.n_changes, "bytes": result.size}


def step_import(receiver_db: str, package: str) -> dict[str, Any]:
    from zjk_desktop.sync import importer

    receiver = _open(receiver_db)
    summary = importer.import_files(receiver, [Path(package)])[0]
    receiver.close()
    if not summary.ok:
        raise SystemExit(f"import refused: {summary.reason}")
    # A bench that imports a package whose changes are refused measures nothing: say so.
    return {
        "refused": len(summary.refused),
        "held": summary.held,
        "new": summary.total("new"),
    }


def step_report(db: str, scope: str, out: str) -> dict[str, Any]:
    from zjk_desktop.reports import generate_report

    store = _open(db)
    result = generate_report(
        store,
        "county",
        scope or None,
        "2000-01-01",
        "2100-12-31",
        Path(out),
        xlsx=Path(out).with_suffix(".xlsx"),
    )
    store.close()
    return {"pages": getattr(result, "pages", None)}


def step_list(db: str) -> dict[str, Any]:
    from zjk_desktop.scope import Scope
    from zjk_desktop.search import RecordFilter, find_record_rowids

    store = _open(db)
    t = time.perf_counter()
    ids = find_record_rowids(store, "visit", Scope("all"))  # what the list holds
    opened = time.perf_counter() - t
    t = time.perf_counter()
    found = find_record_rowids(store, "visit", Scope("all"), RecordFilter(text="晚疫病"))
    searched = time.perf_counter() - t
    store.close()
    return {
        "rows": len(ids),
        "open_s": round(opened, 2),
        "found": len(found),
        "search_s": round(searched, 3),
    }


def step_dump(db: str, out: str) -> dict[str, Any]:
    store = _open(db)
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(store.iter_dump_json())
    store.close()
    return {"bytes": Path(out).stat().st_size}


def step_sqlite_utils(db: str, work: str) -> dict[str, Any]:
    """What a person would pick instead: ``sqlite-utils insert --nl`` of the same visit,
    extension and training rows (no signatures, no versions, no checks)."""
    import sqlite3

    src = sqlite3.connect(db)
    total = 0
    timings = 0.0
    cpu = 0.0
    peak = 0
    target = Path(work) / "plain.sqlite3"
    if target.exists():
        target.unlink()
    exe = shutil.which("sqlite-utils") or str(Path(sys.executable).parent / "sqlite-utils")
    for kind in ("visit", "extension", "training"):
        cur = src.execute(f"SELECT * FROM [{kind}]")
        names = [d[0] for d in cur.description]
        nl = Path(work) / f"{kind}.ndjson"
        with open(nl, "w", encoding="utf-8") as fh:
            for row in cur:
                fh.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n")
                total += 1
        t = time.perf_counter()
        proc = subprocess.Popen([exe, "insert", str(target), kind, str(nl), "--nl", "--alter"])
        _, status, usage = os.wait4(proc.pid, 0)
        timings += time.perf_counter() - t
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss * 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit("sqlite-utils insert failed")
    src.close()
    return {
        "rows": total,
        "insert_s": round(timings, 2),
        "insert_cpu_s": round(cpu, 1),  # the inserts' own CPU (writing the ndjson excluded)
        "insert_peak_mib": round(peak / 2**20),
    }


# ------------------------------------------- into a province database (issue 14)
# What a province office does every month: one city's package into a database that already
# holds the whole province.  The sender is a copy of the province demo (the node that wrote
# it, given the office above every city); the receiver is a second copy re-identified as the
# province office's own computer, holding every version the sender made so far — the state
# after importing its earlier packages.  Its "empty" twin is the same computer (same node and
# keys) holding only the province roster: the same packages into it are the baseline.
MONTH_CITY = "1307"  # Zhangjiakou: its specialists' next month(s) and the reviews of the last
NEW_CITY = ("1311", "衡水市")  # a city the province demo does not hold (its nine others do)


def _demo_end(store) -> _dt.date:
    last = store.conn.execute("SELECT max(date) FROM visit").fetchone()[0]
    return _dt.date.fromisoformat(last) if last else _dt.date.today()


def step_prep_sender(db: str) -> dict[str, Any]:
    from zjk_desktop.sync import export, keys

    store = _open(db)  # upgrades the copy
    top = _office_above(store)
    if not store.node_info().role:
        store.set_identity("county", "省汇总（示例）", top)
    keys.ensure_keypair(store)
    signed = export.sign_own_versions(store)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counter = store.last_counter()
    store.close()
    return {"signed": signed, "counter": counter}


def step_prep_receiver(sender_db: str, receiver_db: str) -> dict[str, Any]:
    """The province office: a copy of the sender re-identified as another computer."""
    from zjk_desktop.domain.ids import new_node_id
    from zjk_desktop.store.connection import META_COUNTER, META_HLC, META_NODE_ID
    from zjk_desktop.sync import export, keys, peers

    sender = _open(sender_db)
    receiver = _open(receiver_db)
    with receiver.db.atomic():
        for key in ("public_key", "age_recipient", META_HLC):
            receiver._set_meta(key, None)
        receiver._set_meta(META_NODE_ID, new_node_id())
        receiver._set_meta(META_COUNTER, "0")
    receiver.set_identity("county", "省科技特派员办公室（示例）", sender.node_info().org_id)
    keys.ensure_keypair(receiver)
    keys.trust(receiver, export.sender_block(sender))
    keys.trust(sender, export.sender_block(receiver))
    vector = sender.version_vector()
    with sender.db.atomic():  # (update_peer writes inside its caller's transaction)
        peers.update_peer(sender, receiver.node_id, "county", "省办公室", vector, replace=True)
    with receiver.db.atomic():
        peers.update_peer(receiver, sender.node_id, "county", "省汇总", vector, replace=True)
    node = receiver.node_id
    sender.close()
    receiver.close()
    return {"receiver": node}


def step_roster(sender_db: str, out: str) -> dict[str, Any]:
    from zjk_desktop.sync import export

    sender = _open(sender_db)
    result = export.export_roster(sender, Path(out))
    sender.close()
    return {"changes": result.n_changes}


def step_prep_twin(sender_db: str, receiver_db: str, twin_db: str, roster: str) -> dict[str, Any]:
    """The province office's computer before it held any record: same node and keys, the
    province roster imported (the packages' villages and specialists are known)."""
    from zjk_desktop.store.connection import META_NODE_ID
    from zjk_desktop.sync import export, importer, keys

    sender = _open(sender_db)
    receiver = _open(receiver_db)
    twin = _open(twin_db)
    with twin.db.atomic():
        for key in (META_NODE_ID, "public_key", "age_recipient"):
            twin._set_meta(key, receiver.get_meta(key))
    info = receiver.node_info()
    twin.set_identity("township", info.actor)  # its office is known once the roster is in
    keys.ensure_keypair(twin)
    keys.trust(twin, export.sender_block(sender))
    summary = importer.import_files(twin, [Path(roster)])[0]
    if not summary.ok:
        raise SystemExit(f"roster import refused: {summary.reason}")
    twin.set_identity(info.role or "county", info.actor, info.org_id)
    for store in (sender, receiver, twin):
        store.close()
    return {"roster_new": summary.total("new")}


def _write_month(store, prefix: str, months: int) -> dict[str, int]:
    """The next ``months`` of one city as its specialists would send them: new visits,
    trainings and extension records (the city demo's yearly numbers pro rata) by the city's
    specialists in their villages, the township reviews of the submitted records of the last
    40 days (5 % returned with a comment) and a correction of every twentieth of them."""
    from zjk_desktop.demo import CONTENT, EXTENSIONS, SCALES, TRAINING_TOPICS
    from zjk_desktop.store import Change

    rng = random.Random(f"bench-month-{prefix}-{months}")
    end = _demo_end(store)
    start = end - _dt.timedelta(days=30 * months - 1)
    people: dict[str, dict[str, Any]] = {}
    for sid, name, industries, village in store.conn.execute(
        "SELECT s.id, s.name, s.industries, a.village_id FROM assignment a"
        " JOIN specialist s ON s.id = a.specialist_id JOIN org_unit v ON v.id = a.village_id"
        " WHERE v.code LIKE ? AND a.deleted = 0 AND s.deleted = 0",
        (prefix + "%",),
    ):
        who = people.setdefault(
            sid, {"name": name, "industries": json.loads(industries or '["millet"]'), "v": []}
        )
        who["v"].append(village)
    owners = sorted(people)
    spec = SCALES["city"]

    def base(kind_industry: str | None = None) -> tuple[dict[str, Any], str]:
        sid = rng.choice(owners)
        who = people[sid]
        industry = kind_industry or rng.choice(who["industries"])
        day = start + _dt.timedelta(days=rng.randint(0, (end - start).days))
        values = {
            "date": day.isoformat(),
            "specialist_id": sid,
            "village_id": rng.choice(who["v"]),
            "industry": industry,
            "review_state": "submitted",
        }
        return values, industry

    changes: list[Change] = []
    for _ in range(spec.visits * months // 12):
        values, industry = base()
        content, problem, measure = rng.choice(CONTENT[industry])
        households = rng.randint(1, 30)
        values.update(
            service_type=rng.choice(["guidance", "diagnosis", "followup", "demonstration"]),
            content=content,
            problems=problem,
            measures=measure,
            households_served=households,
            people_served=households + rng.randint(0, households * 2),
        )
        changes.append(Change("visit", "create", values))
    for _ in range(spec.trainings * months // 12):
        values, industry = base()
        attendees = rng.randint(15, 90)
        values.update(
            mode="onsite",
            topic=rng.choice(TRAINING_TOPICS[industry]),
            trainer=people[values["specialist_id"]]["name"],
            hours=rng.choice([1, 1.5, 2, 3]),
            attendees=attendees,
            online_viewers=0,
            poor_households=rng.randint(0, attendees // 2),
            materials=rng.randint(0, attendees * 2),
        )
        changes.append(Change("training", "create", values))
    for _ in range(spec.extensions * months // 12):
        values, industry = base()
        ext_type, name = rng.choice(EXTENSIONS[industry])
        area = float(rng.choice([10, 20, 50, 100]))
        values.update(
            ext_type=ext_type,
            name=name,
            demo_area_mu=area if industry != "livestock" else None,
            promoted_area_mu=area * rng.randint(2, 15) if industry != "livestock" else None,
            households_adopting=rng.randint(3, 60),
            income_increase_yuan=float(rng.randint(5, 200) * 1000),
        )
        changes.append(Change("extension", "create", values))
    changes.sort(key=lambda c: c.values["date"])
    n_new = len(changes)
    since = (end - _dt.timedelta(days=40)).isoformat()
    for kind in ("visit", "training", "extension"):
        rows = store.conn.execute(
            f"SELECT r.id FROM [{kind}] r JOIN org_unit v ON v.id = r.village_id"
            " WHERE v.code LIKE ? AND r.review_state = 'submitted' AND r.deleted = 0"
            " AND r.date >= ? ORDER BY r.date",
            (prefix + "%", since),
        ).fetchall()
        for n, (rid,) in enumerate(rows):
            if n % 20 == 7:
                field = "households_served" if kind == "visit" else None
                field = field or ("attendees" if kind == "training" else "households_adopting")
                changes.append(Change(kind, "update", {field: rng.randint(3, 40)}, rid))
            if n % 20 == 3:
                review = {"review_state": "returned", "review_comment": "请补充解决措施"}
            else:
                review = {"review_state": "approved"}
            changes.append(Change(kind, "review", review, rid))
    with store.bulk_load(Counter(c.kind for c in changes)):
        for i in range(0, len(changes), 5000):
            store.write(changes[i : i + 5000], actor="省汇总（示例）")
    return {"new_records": n_new, "edits": len(changes) - n_new}


def step_month(sender_db: str, receiver_db: str, out: str, months: str) -> dict[str, Any]:
    from zjk_desktop.sync import export

    sender = _open(sender_db)
    receiver = _open(receiver_db)
    to = receiver.node_id
    receiver.close()
    written = _write_month(sender, MONTH_CITY, int(months))
    result = export.export_package(sender, to, out=Path(out))
    counter = sender.last_counter()
    sender.close()
    return {**written, "changes": result.n_changes, "bytes": result.size, "counter": counter}


def step_new_city(sender_db: str, receiver_db: str, out: str) -> dict[str, Any]:
    """A whole city's year (the city demo of a city the province does not hold yet), its ids
    interleaved with the cities already there, as records made over the same year are."""
    from zjk_desktop.demo import generate_demo
    from zjk_desktop.store import Change
    from zjk_desktop.sync import export, peers

    sender = _open(sender_db)
    receiver = _open(receiver_db)
    to = receiver.node_id
    receiver.close()
    # The office holds the month package by now: this one carries the city only.
    with sender.db.atomic():
        peers.update_peer(sender, to, "county", "省办公室", sender.version_vector(), replace=True)
    sender.conn.execute("PRAGMA cache_size = -1048576")  # preparing, not measured
    # Written as the province demo was, by the computer without a role (the new counties are
    # under no office until the end), then put under the office.
    info = sender.node_info()
    sender.set_meta("role", None)
    generate_demo(sender, "city", 1, end_date=_demo_end(sender), city=NEW_CITY, id_offset_ms=0)
    counties = [
        c
        for c in sender.rows("org_unit", match={"level": "county"})
        if str(c["code"]).startswith(NEW_CITY[0]) and not c.get("parent_id")
    ]
    sender.write(
        [Change("org_unit", "update", {"parent_id": info.org_id}, c["id"]) for c in counties]
    )
    sender.set_identity(info.role or "county", info.actor, info.org_id)
    result = export.export_package(sender, to, out=Path(out))
    counter = sender.last_counter()
    sender.close()
    return {"changes": result.n_changes, "bytes": result.size, "counter": counter}


def _sizes(db: str) -> tuple[int, int]:
    path = Path(db)
    wal = Path(db + "-wal")
    return path.stat().st_size, (wal.stat().st_size if wal.exists() else 0)


def step_import_into(receiver_db: str, package: str) -> dict[str, Any]:
    """``step_import`` with the database's and its write-ahead log's growth."""
    from zjk_desktop.sync import importer

    receiver = _open(receiver_db)
    receiver.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_before, _ = _sizes(receiver_db)
    summary = importer.import_files(receiver, [Path(package)])[0]
    _, wal = _sizes(receiver_db)  # the log is kept until the last connection closes
    receiver.close()
    if not summary.ok:
        raise SystemExit(f"import refused: {summary.reason}")
    db_after, _ = _sizes(receiver_db)
    return {
        "new": summary.total("new"),
        "updated": summary.total("updated"),
        "refused": len(summary.refused),
        "why": sorted({reason for _what, reason in summary.refused})[:3],
        "held": summary.held,
        "wal_mb": round(wal / 1e6),
        "db_growth_mb": round((db_after - db_before) / 1e6),
    }


def step_figures(db: str) -> dict[str, Any]:
    """The start page after an import: its kept figures are stale, so they are worked out again."""
    from zjk_desktop import figure_cache
    from zjk_desktop.scope import scope_for_node

    store = _open(db)
    role = store.node_info().role
    scope = scope_for_node(store)
    today = _dt.date.today()
    t = time.perf_counter()
    kept = figure_cache.load(store, scope, today, role=role)
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    figure_cache.compute(store, scope, today, role=role)
    computed = time.perf_counter() - t
    store.close()
    return {
        "kept_fresh": bool(kept and kept.fresh),
        "load_s": round(loaded, 3),
        "compute_s": round(computed, 2),
    }


def step_peers_around(db: str, package: str) -> dict[str, Any]:
    """The sync page's peer list (every peer's unsent count) before and after an import, in
    one process as in the program: the first list reads the whole log once and keeps its
    counters, the list after the import reads only the versions it added.  Then the same
    list read afresh, a full pass as every list after an import cost before (same run),
    and whether both give the same counts."""
    import resource

    from zjk_desktop.sync import importer, peers

    def peak_mib() -> int:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    def timed(func: Callable[[], Any]) -> tuple[Any, float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        return result, time.perf_counter() - wall, time.process_time() - cpu

    store = _open(db)
    base_mib = peak_mib()
    _, first_s, first_cpu = timed(lambda: peers.peer_status(store))
    first_mib = peak_mib()
    summary, import_s, _ = timed(lambda: importer.import_files(store, [Path(package)])[0])
    if not summary.ok:
        raise SystemExit(f"import refused: {summary.reason}")
    import_mib = peak_mib()
    after, after_s, after_cpu = timed(lambda: peers.peer_status(store))
    peers._KEPT.clear()  # the full pass the kept counters avoid
    fresh, full_s, full_cpu = timed(lambda: peers.peer_status(store))
    store.close()
    return {
        "peers": len(after),
        "specialists": sum(1 for p in after if p.get("role") == "specialist"),
        "first_list_s": round(first_s, 2),
        "first_list_cpu_s": round(first_cpu, 2),
        "first_list_peak_mib": first_mib,
        "open_peak_mib": base_mib,
        "import_s": round(import_s, 1),
        "import_peak_mib": import_mib,
        "after_import_s": round(after_s, 2),
        "after_import_cpu_s": round(after_cpu, 2),
        "full_pass_s": round(full_s, 2),
        "full_pass_cpu_s": round(full_cpu, 2),
        "same_counts": [p["unsent"] for p in after] == [p["unsent"] for p in fresh],
        "unsent_total": sum(int(p["unsent"]) for p in after),
    }


def step_plain_into(
    sender_db: str, target_db: str, work: str, since: str, until: str
) -> dict[str, Any]:
    """``sqlite-utils insert --nl --replace`` of the rows a package changed (taken from the
    sender, every entity table it touched) into ``target_db``: no versions, no checks."""
    import sqlite3

    src = sqlite3.connect(sender_db)
    node = src.execute("SELECT value FROM meta WHERE key = 'node_id'").fetchone()[0]
    exe = shutil.which("sqlite-utils") or str(Path(sys.executable).parent / "sqlite-utils")
    kinds = [
        r[0]
        for r in src.execute(
            "SELECT DISTINCT entity FROM versions WHERE node_id = ? AND counter > ? AND counter <= ?",
            (node, int(since), int(until)),
        )
    ]
    total = 0
    wall = cpu = 0.0
    peak = 0
    for kind in kinds:
        ids = [
            r[0]
            for r in src.execute(
                "SELECT DISTINCT record_id FROM versions"
                " WHERE node_id = ? AND counter > ? AND counter <= ? AND entity = ?",
                (node, int(since), int(until), kind),
            )
        ]
        table = next(
            (r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE name = ?", (kind,))),
            None,
        )
        if table is None:
            continue
        nl = Path(work) / f"plain-{kind}.ndjson"
        with open(nl, "w", encoding="utf-8") as fh:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                cur = src.execute(
                    f"SELECT * FROM [{kind}] WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
                names = [d[0] for d in cur.description]
                for row in cur:
                    fh.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False))
                    fh.write("\n")
                    total += 1
        t = time.perf_counter()
        proc = subprocess.Popen(
            [exe, "insert", target_db, kind, str(nl), "--nl", "--replace", "--alter"]
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall += time.perf_counter() - t
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss * 1024)
        nl.unlink()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit("sqlite-utils insert failed")
    src.close()
    return {
        "rows": total,
        "insert_s": round(wall, 2),
        "insert_cpu_s": round(cpu, 1),
        "insert_peak_mib": round(peak / 2**20),
    }


# ------------------------------- the same month relayed from many computers (session 5)
# A real city's package relays the work of the computers that wrote it: each specialist's
# laptop, each township station, each county team — one origin each, with its own key on the
# roster the province holds, its versions sealed by that key once per export.  The bench
# writes the month package's very changes (same records, fields, reviews and corrections) as
# those computers make them and relays them through a city computer, whose package is made by
# the real export.
RELAY_EXPORTS = 4  # exports per computer in the month (weekly): one origin seal each


def _relay_origin(role: str, org: str, specialist: str | None, label: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from zjk_desktop.domain.ids import new_node_id
    from zjk_desktop.sync import keys

    private = Ed25519PrivateKey.generate()
    return {
        "node": new_node_id(),
        "private": private,
        "public": keys._raw_public(private),
        "role": role,
        "org": org,
        "specialist": specialist,
        "label": label,
        "rows": [],
    }


def step_relay(
    sender_db: str,
    office_db: str,
    relay_db: str,
    out: str,
    since: str,
    until: str,
    laptops: str,
    exports: str = str(RELAY_EXPORTS),
) -> dict[str, Any]:
    """The month package's changes (the sender's counters ``since`` < n ≤ ``until``) as the
    city's computers make them, relayed by a city computer to the province office.

    The ``laptops`` specialists with the most records that month write theirs on their own
    laptops; the others' records are typed in at their township station; each station
    reviews its specialists' records; each county team makes the corrections under its
    county.  Every such computer gets its own Ed25519 key, enrolled on the province office's
    roster (one write, as a roster package would bring them); its versions carry its node id
    in their stamps, counters and new record ids, and it seals them once per export
    (``exports`` a month: weekly by default).  The relay (a city-role computer) holds them as an import
    leaves them (the versions with their seal references, the seals) and the real export
    makes its package for the office.  Preparing, not measured."""
    import sqlite3

    from zjk_desktop.domain.ids import new_id
    from zjk_desktop.store import Change
    from zjk_desktop.store.versions import encode_version
    from zjk_desktop.sync import export, keys, peers, seals

    src = sqlite3.connect(f"file:{sender_db}?mode=ro", uri=True)
    sender_node = src.execute("SELECT value FROM meta WHERE key = 'node_id'").fetchone()[0]
    rows = src.execute(
        "SELECT node_id, counter, stamp, entity, record_id, op, fields, base, actor FROM versions"
        " WHERE node_id = ? AND counter > ? AND counter <= ? ORDER BY counter",
        (sender_node, int(since), int(until)),
    ).fetchall()
    station_of: dict[str, str] = {}
    county_of: dict[str, str] = {}
    names: dict[str, str] = {}
    for sid, name, org, org_name, county, county_name in src.execute(
        "SELECT s.id, s.name, s.org_id, t.name, t.parent_id, c.name FROM specialist s"
        " JOIN org_unit t ON t.id = s.org_id JOIN org_unit c ON c.id = t.parent_id"
    ):
        station_of[sid] = org
        county_of[org] = county
        names[sid], names[org], names[county] = name, org_name, county_name

    def owner(kind: str, record_id: str) -> str:
        return str(
            src.execute(
                f"SELECT specialist_id FROM [{kind}] WHERE id = ?", (record_id,)
            ).fetchone()[0]
        )

    made = Counter(json.loads(r[6])["specialist_id"] for r in rows if r[5] == "create")
    with_laptop = {sid for sid, _n in made.most_common(int(laptops))}
    origins: dict[tuple[str, str], dict[str, Any]] = {}

    def origin(role: str, key: str) -> dict[str, Any]:
        found = origins.get((role, key))
        if found is None:
            if role == "specialist":
                found = _relay_origin(role, station_of[key], key, names[key])
            elif role == "township":
                found = _relay_origin(role, key, None, names[key] + "服务站")
            else:
                found = _relay_origin(role, key, None, names[key] + "服务团")
            origins[(role, key)] = found
        return found

    for row in rows:
        op, kind = row[5], row[3]
        if kind not in ("visit", "training", "extension"):
            continue  # the sender's keyring entry for the office (the office has it)
        if op == "create":
            sid = json.loads(row[6])["specialist_id"]
            who = (
                origin("specialist", sid)
                if sid in with_laptop
                else origin("township", station_of[sid])
            )
        elif op == "review":
            who = origin("township", station_of[owner(kind, row[4])])
        else:  # the corrections
            who = origin("county", county_of[station_of[owner(kind, row[4])]])
        who["rows"].append(row)
    src.close()

    # The province office holds every computer's key (its roster) and trusts the relay.
    office = _open(office_db)
    relay_path = Path(relay_db)
    for p in relay_path.parent.glob(relay_path.name + "*"):
        p.unlink()
    relay = _open(relay_db)
    # A city-role computer; its own roster (the office above it) is not what is measured:
    # made without a role first, so its keys are not written into its empty roster.
    label = "张家口市科技特派员办公室（中转示例）"
    relay.set_identity("township", label)
    keys.ensure_keypair(relay)
    keys.trust(relay, export.sender_block(office))
    relay.set_identity("county", label, office.node_info().org_id)
    keys.trust(office, export.sender_block(relay))
    office.write(
        [
            Change(
                "node_key",
                "create",
                {
                    "node_id": o["node"],
                    "public_key": o["public"],
                    "role": o["role"],
                    "org_id": o["org"],
                    "specialist_id": o["specialist"],
                    "label": o["label"],
                    "revoked": False,
                },
            )
            for o in origins.values()
        ]
    )
    keys.bump_epoch(office)
    office_node = office.node_id
    office.close()
    # What the relay says of itself (its identity, its keyring) the office has already.
    with relay.db.atomic():
        peers.update_peer(
            relay, office_node, "county", "省办公室", relay.version_vector(), replace=True
        )

    n_seals = 0
    versions: list[tuple[Any, ...]] = []
    seal_rows: list[tuple[Any, ...]] = []
    for o in origins.values():
        node = o["node"]
        lines = []
        for counter, r in enumerate(o["rows"], 1):
            stamp = r[2][:19] + node  # this computer's clock reading, its node id
            record_id = r[4]
            if r[5] == "create":  # a record belongs to the computer that made it
                record_id = new_id(int(r[2][:13]), node)
            lines.append((node, counter, stamp, r[3], record_id, r[5], r[6], r[7], o["label"]))
        per = -(-len(lines) // int(exports))
        for start in range(0, len(lines), per):
            batch = lines[start : start + per]
            number, count = batch[-1][1], len(batch)
            leaves = [seals.leaf_hash(encode_version(*v).encode("utf-8")) for v in batch]
            digest = seals.tree_root(leaves).hex()
            sig = keys.b64(o["private"].sign(seals.seal_bytes(node, number, count, digest)))
            seal_rows.append((node, number, count, digest, sig, batch[0][1]))
            versions.extend((*v, number, pos) for pos, v in enumerate(batch))
            n_seals += 1
    with relay.db.atomic():
        relay.conn.executemany(
            "INSERT INTO versions(node_id, counter, stamp, entity, record_id, op, fields, base,"
            " actor, seal, seal_pos) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            versions,
        )
        relay.conn.executemany(
            "INSERT INTO seals(node_id, seal, count, digest, sig, nodes, low)"
            " VALUES (?,?,?,?,?,NULL,?)",
            seal_rows,
        )
    result = export.export_package(relay, office_node, out=Path(out))
    relay.close()
    roles = Counter(role for role, _key in origins)
    return {
        "changes": result.n_changes,
        "bytes": result.size,
        "origins": len(origins),
        "seals": n_seals,
        "laptops": roles["specialist"],
        "stations": roles["township"],
        "counties": roles["county"],
    }


def step_package_seals(office_db: str, package: str) -> dict[str, Any]:
    """What a package addressed to the office carries: its changes, origins and seals."""
    import io
    import zipfile
    import zlib

    from zjk_desktop.sync import container, crypto

    office = _open(office_db)
    inner = crypto.unseal(office, Path(package).read_bytes())
    office.close()
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        names = zf.namelist()
        lines = zf.read(container.SEALS).splitlines() if container.SEALS in names else []
        sizes = {i.filename: i.compress_size for i in zf.infolist()}
        raw = zlib.decompress(zf.read(container.CHANGES), -15)
    return {
        "changes": raw.count(b"\n"),
        "origins": len({json.loads(line)["node"] for line in lines}),
        "seals": len(lines),
        "seals_bytes": sizes.get(container.SEALS, 0),
        "changes_bytes": sizes[container.CHANGES],
    }


def measure_relay(province: Path, work: Path, months: int, specs: list[str], rounds: int) -> None:
    """The month package beside the same changes relayed from many computers (``step_relay``;
    each spec ``LAPTOPS`` or ``LAPTOPSxEXPORTS``), each into a fresh copy of the province
    office, alternating, ``rounds`` times; and ``sqlite-utils insert --replace`` of the same
    rows into another copy.  CPU is the fair measure (other work loads the machine)."""
    state = prepare_into_province(province, work, months)
    c0, c1, _c2 = state["counters"]
    office, sender = work / "office.sqlite3", work / "sender.sqlite3"
    packages: dict[str, tuple[Path, dict[str, Any]]] = {}
    month = work / "month.zjkpkg"
    packages["one origin: the month package"] = (
        month,
        {
            **run_child("package_seals", str(office), str(month))[2],
            "bytes": month.stat().st_size,
        },
    )
    for spec in specs:
        laptops, _, exports = spec.partition("x")
        exports = exports or str(RELAY_EXPORTS)
        made_file = work / f"into-province-{months}-relay-{laptops}x{exports}.json"
        package = work / f"relay-{laptops}x{exports}.zjkpkg"
        if made_file.exists():
            made = json.loads(made_file.read_text())
        else:
            print(
                f"[relay] the month from the city's computers ({laptops} specialists' laptops,"
                f" {exports} exports each) …",
                flush=True,
            )
            relay_db = work / f"relay-{laptops}x{exports}.sqlite3"
            seconds, _rss, made = run_child(
                "relay",
                str(sender),
                str(office),
                str(relay_db),
                str(package),
                str(c0),
                str(c1),
                laptops,
                exports,
            )
            if "failed" in made:
                raise SystemExit("preparing the relayed package failed")
            for p in work.glob(relay_db.name + "*"):
                p.unlink()
            made.update(run_child("package_seals", str(office), str(package))[2])
            made["prep_s"] = round(seconds)
            made_file.write_text(json.dumps(made))
        label = (
            f"{made['origins']} origins ({made['laptops']} laptops, {made['stations']} stations,"
            f" {made['counties']} counties; {exports} exports each) relayed by the city"
        )
        packages[label] = (package, made)
    runs: dict[str, list[tuple[float, int, dict[str, Any]]]] = {k: [] for k in packages}
    full = work / "full.sqlite3"
    try:
        for r in range(rounds):
            for label, (package, _made) in packages.items():
                print(f"[relay] round {r + 1}: {label} …", flush=True)
                _copy(office, full)
                runs[label].append(run_child("import_into", str(full), str(package)))
        print("[relay] sqlite-utils insert of the same rows …", flush=True)
        _copy(office, full)
        plain = run_child("plain_into", str(sender), str(full), str(work), str(c0), str(c1))
        around: dict[str, dict[str, Any]] = {}
        for label, (package, _made) in packages.items():
            print(f"[relay] the peer list around the import: {label} …", flush=True)
            _copy(office, full)
            around[label] = run_child("peers", str(full), str(package))[2]
    finally:
        for q in work.glob(full.name + "*"):
            q.unlink()
    print()
    print(
        "| package into the province office | changes | origins | seals (member) | size"
        " | wall | CPU | peak | WAL / db growth | result |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, results in runs.items():
        m = packages[label][1]
        for seconds, rss, extra in results:
            shown = {k: extra.get(k) for k in ("new", "updated", "refused", "why", "held")}
            flag = " ⚠" if seconds > MINUTE or rss > GIB else ""
            print(
                f"| {label} | {m['changes']:,} | {m['origins']:,}"
                f" | {m['seals']:,} ({m['seals_bytes'] / 1e3:,.0f} kB) | {m['bytes'] / 1e6:.2f} MB"
                f" | {seconds:.1f} s{flag} | {extra.get('cpu_s', 0):.1f} s | {rss / 2**20:,.0f} MiB"
                f" | {extra.get('wal_mb', 0):,} MB / {extra.get('db_growth_mb', 0):,} MB"
                f" | {json.dumps(shown, ensure_ascii=False)} |"
            )
    pr = plain[2]
    print(
        f"| baseline: sqlite-utils insert --replace of the same rows | {pr.get('rows', 0):,} rows"
        f" | | | | {pr.get('insert_s', 0):.1f} s | {pr.get('insert_cpu_s', 0):.1f} s"
        f" | {pr.get('insert_peak_mib', 0):,} MiB | | |"
    )
    for label, pa in around.items():
        if "after_import_cpu_s" in pa:
            print(
                f"{label}: the peer list ({pa['peers']:,} peers) after the import"
                f" {pa['after_import_cpu_s']:.2f} s CPU, read afresh {pa['full_pass_cpu_s']:.2f} s;"
                f" same counts: {pa['same_counts']}",
                flush=True,
            )
    first = next(iter(runs))
    base = min(r[2].get("cpu_s", 0.0) for r in runs[first])
    base_seals = packages[first][1]["seals"]
    for label, results in runs.items():
        m = packages[label][1]
        cpu = min(r[2].get("cpu_s", 0.0) for r in results)
        print(
            f"{label}: best of {rounds} {cpu:.1f} s CPU, {cpu / max(base, 0.1):.2f}x the one origin"
            f" ({1000 * (cpu - base) / max(m['seals'] - base_seals, 1):+.2f} ms per seal more);"
            f" / sqlite-utils insert {cpu / max(pr.get('insert_cpu_s', 0.1), 0.1):.2f}x CPU;"
            f" {m['bytes'] / m['changes']:.0f} B per change",
            flush=True,
        )


def _copy(src: Path, dst: Path) -> None:
    for p in dst.parent.glob(dst.name + "*"):
        p.unlink()
    subprocess.run(["cp", "--sparse=always", str(src), str(dst)], check=True)


def prepare_into_province(province: Path, work: Path, months: int) -> dict[str, Any]:
    """The sender, the province office, its empty twin and the two packages (kept in ``work``
    and reused: preparing takes several minutes)."""
    state_file = work / f"into-province-{months}.json"
    if state_file.exists():
        return dict(json.loads(state_file.read_text()))
    work.mkdir(parents=True, exist_ok=True)
    sender, office, twin = work / "sender.sqlite3", work / "office.sqlite3", work / "twin.sqlite3"
    roster, month, city = work / "roster.zjkpkg", work / "month.zjkpkg", work / "city.zjkpkg"
    for p in (sender, office, twin):
        for q in work.glob(p.name + "*"):
            q.unlink()
    for q in work.glob("into-province-*.json"):  # another --months: its copies are replaced
        q.unlink()
    print("[into province] preparing the sender (upgrade, office, seals) …", flush=True)
    _copy(province, sender)
    state: dict[str, Any] = {"prep_sender": run_child("prep_sender", str(sender))}
    for bak in work.glob("sender.v*.bak*"):
        bak.unlink()
    print("[into province] the province office and its empty twin …", flush=True)
    _copy(sender, office)
    state["prep_receiver"] = run_child("prep_receiver", str(sender), str(office))
    state["roster"] = run_child("roster", str(sender), str(roster))
    state["prep_twin"] = run_child("prep_twin", str(sender), str(office), str(twin), str(roster))
    print("[into province] the month package and the new city's package …", flush=True)
    state["month"] = run_child("month", str(sender), str(office), str(month), str(months))
    state["city"] = run_child("new_city", str(sender), str(office), str(city))
    failed = [step for step, result in state.items() if "failed" in result[2]]
    if failed:
        raise SystemExit(f"preparing failed: {', '.join(failed)}")
    state["counters"] = [
        state["prep_sender"][2]["counter"],
        state["month"][2]["counter"],
        state["city"][2]["counter"],
    ]
    state_file.write_text(json.dumps(state, ensure_ascii=False))
    return state


def measure_into_province(province: Path, work: Path, months: int) -> None:
    state = prepare_into_province(province, work, months)
    c0, c1, c2 = state["counters"]
    office, twin, sender = work / "office.sqlite3", work / "twin.sqlite3", work / "sender.sqlite3"
    packages = {"month": work / "month.zjkpkg", "city": work / "city.zjkpkg"}
    label = {
        "month": f"one city's next {'month' if months == 1 else f'{months} months'}"
        f" ({state['month'][2]['changes']:,} changes)",
        "city": f"a whole city's package ({state['city'][2]['changes']:,} changes)",
    }
    rows: dict[str, dict[str, tuple[float, int, dict[str, Any]]]] = {k: {} for k in packages}
    empty, full = work / "empty.sqlite3", work / "full.sqlite3"
    try:
        print("[into province] imports into the empty twin …", flush=True)
        _copy(twin, empty)
        for k, package in packages.items():
            rows[k]["into the empty office (roster only)"] = run_child(
                "import_into", str(empty), str(package)
            )
        print("[into province] imports into the province office …", flush=True)
        _copy(office, full)
        for k, package in packages.items():
            rows[k]["into the province office"] = run_child("import_into", str(full), str(package))
            rows[k]["then the start page's figures"] = run_child("figures", str(full))
            rows[k]["then the visits list"] = run_child("list", str(full))
        print("[into province] sqlite-utils insert of the same rows …", flush=True)
        _copy(office, full)
        for k, (since, until) in {"month": (c0, c1), "city": (c1, c2)}.items():
            rows[k]["sqlite-utils insert into a province copy"] = run_child(
                "plain_into", str(sender), str(full), str(work), str(since), str(until)
            )
        print("[into province] the peers list around each import, in one process …", flush=True)
        _copy(office, full)
        for k, package in packages.items():
            rows[k]["the peers list before / after the import (one process)"] = run_child(
                "peers", str(full), str(package)
            )
    finally:
        for p in (empty, full):
            for q in work.glob(p.name + "*"):
                q.unlink()
    print()
    print("| package | step | wall | CPU | peak | WAL / db growth | result |")
    print("|---|---|---|---|---|---|---|")
    for k, steps in rows.items():
        for step, (seconds, rss, extra) in steps.items():
            if "insert_s" in extra:
                seconds, cpu, rss = (
                    extra["insert_s"],
                    extra["insert_cpu_s"],
                    extra["insert_peak_mib"] * 2**20,
                )
            else:
                cpu = extra.get("cpu_s", 0.0)
            flag = " ⚠" if seconds > MINUTE or rss > GIB else ""
            growth = (
                f"{extra['wal_mb']:,} MB / {extra['db_growth_mb']:,} MB"
                if "wal_mb" in extra
                else ""
            )
            shown = {
                key: v
                for key, v in extra.items()
                if key
                not in (
                    "cpu_s",
                    "wal_mb",
                    "db_growth_mb",
                    "insert_s",
                    "insert_cpu_s",
                    "insert_peak_mib",
                )
            }
            print(
                f"| {label[k]} | {step} | {seconds:,.1f} s{flag} | {cpu:,.1f} s"
                f" | {rss / 2**20:,.0f} MiB | {growth} | {json.dumps(shown, ensure_ascii=False)} |"
            )
    for k in rows:
        around = rows[k].get("the peers list before / after the import (one process)")
        if around and "after_import_s" in around[2]:
            pa = around[2]
            print(
                f"{k}: peers list ({pa['peers']:,} peers) after the import {pa['after_import_cpu_s']:.2f} s CPU"
                f" (only the versions it added) vs {pa['full_pass_cpu_s']:.2f} s CPU read afresh (a full"
                f" pass, as before), {pa['full_pass_cpu_s'] / max(pa['after_import_cpu_s'], 0.01):.0f}x;"
                f" the first list {pa['first_list_cpu_s']:.2f} s CPU, peak {pa['first_list_peak_mib']:,} MiB"
                f" (open: {pa['open_peak_mib']:,} MiB); same counts: {pa['same_counts']}",
                flush=True,
            )
        imp = rows[k].get("into the province office")
        base = rows[k].get("into the empty office (roster only)")
        plain = rows[k].get("sqlite-utils insert into a province copy")
        if imp and base and plain and plain[2].get("insert_cpu_s"):
            print(
                f"{k}: into the province / into the empty office {imp[2]['cpu_s'] / max(base[2]['cpu_s'], 0.1):.2f}x CPU;"
                f" / sqlite-utils insert into a province copy {imp[2]['cpu_s'] / plain[2]['insert_cpu_s']:.2f}x CPU,"
                f" {imp[0] / max(plain[2]['insert_s'], 0.01):.2f}x wall",
                flush=True,
            )


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "demo": step_demo,
    "sign": step_sign,
    "export": step_export,
    "import": step_import,
    "report": step_report,
    "list": step_list,
    "dump": step_dump,
    "sqlite-utils": step_sqlite_utils,  # shown as "sqlite-utils insert (baseline)"
    "prep_sender": step_prep_sender,
    "prep_receiver": step_prep_receiver,
    "roster": step_roster,
    "prep_twin": step_prep_twin,
    "month": step_month,
    "new_city": step_new_city,
    "import_into": step_import_into,
    "figures": step_figures,
    "plain_into": step_plain_into,
    "peers": step_peers_around,
    "relay": step_relay,
    "package_seals": step_package_seals,
}


# ---------------------------------------------------------------- parent
def run_child(step: str, *args: str) -> tuple[float, int, dict[str, Any]]:
    """Run one step in a child process: (seconds, peak RSS bytes, its JSON result)."""
    cmd = [sys.executable, __file__, "--child", step, *args]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    cpu = usage.ru_utime + usage.ru_stime  # the child's own CPU seconds: comparable under load
    proc.returncode = os.waitstatus_to_exitcode(status)
    if (
        proc.returncode != 0
    ):  # recorded, and the other steps still run: what breaks first is a result
        print(f"step {step} failed ({proc.returncode})", flush=True)
        return seconds, usage.ru_maxrss * 1024, {"failed": proc.returncode, "cpu_s": cpu}
    result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    result["cpu_s"] = round(cpu, 1)
    return seconds, usage.ru_maxrss * 1024, result


def bare_python_rss() -> int:
    """Peak memory of a Python child that imports the program's core and does nothing."""
    cmd = [sys.executable, "-c", "import zjk_desktop.store, zjk_desktop.sync, zjk_desktop.reports"]
    proc = subprocess.Popen(cmd, cwd=ROOT)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss * 1024


ALL_STEPS = ("sign", "export", "import", "sqlite-utils", "report", "list", "dump")


def measure(
    scale: str, work: Path, steps: tuple[str, ...] = ALL_STEPS
) -> dict[str, tuple[float, int, dict[str, Any]]]:
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"{scale}.sqlite3"
    results: dict[str, tuple[float, int, dict[str, Any]]] = {}
    if not db.exists():
        tmp = work / f"{scale}.building.sqlite3"
        for p in work.glob(tmp.name + "*"):
            p.unlink()
        print(f"[{scale}] building the demo …", flush=True)
        results["demo"] = run_child("demo", str(tmp), scale)
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.rename(db)
    sender = work / f"{scale}.sender.sqlite3"
    receiver = work / f"{scale}.receiver.sqlite3"
    package = work / f"{scale}.zjkpkg"
    if {"sign", "export", "import"} & set(steps):
        shutil.copy(db, sender)
        for p in work.glob(receiver.name + "*"):
            p.unlink()
        print(f"[{scale}] signing, export, import …", flush=True)
    if "sign" in steps:
        results["sign"] = run_child("sign", str(sender), str(receiver))
    if "export" in steps:
        results["export"] = run_child("export", str(sender), str(receiver), str(package))
    if "import" in steps:
        results["import"] = run_child("import", str(receiver), str(package))
    if "sqlite-utils" in steps:
        results["sqlite-utils"] = run_child("sqlite-utils", str(db), str(work))
    if "report" in steps:
        print(f"[{scale}] reports …", flush=True)
        results["report one county"] = run_child(
            "report", str(db), "130732", str(work / f"{scale}-county.pdf")
        )
        results["report whole db"] = run_child(
            "report", str(db), "", str(work / f"{scale}-all.pdf")
        )
    print(f"[{scale}] visits list, dump …", flush=True)
    if "list" in steps:
        results["visits list"] = run_child("list", str(db))
    if "dump" in steps:
        results["dump"] = run_child("dump", str(db), str(work / f"{scale}.json"))
    results["size"] = (0.0, 0, {"bytes": db.stat().st_size})
    for p in (sender, receiver, package, work / f"{scale}.json", work / "plain.sqlite3"):
        for q in p.parent.glob(p.name + "*"):
            q.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="small,city,province")
    parser.add_argument("--work", help="folder for the demo databases (kept and reused)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--steps",
        default=",".join(ALL_STEPS),
        help="which steps to run (default all): " + ",".join(ALL_STEPS),
    )
    parser.add_argument(
        "--province-steps",
        help="other steps for the province scale only (its sign/export/sqlite-utils take minutes)",
    )
    parser.add_argument(
        "--into-province",
        metavar="PROVINCE_DB",
        help="instead: one city's next month and a whole new city's package into a copy of this"
        " province database (never changed), beside the same into an empty office and"
        " sqlite-utils insert into a province copy; needs --work (≈ 8 GB free)",
    )
    parser.add_argument("--months", type=int, default=1, help="with --into-province: 1 or 3")
    parser.add_argument(
        "--relay",
        metavar="LAPTOPS[xEXPORTS],…",
        help="with --into-province: instead, the month package beside the same changes written"
        " on the city's computers (LAPTOPS specialists' laptops, e.g. 160 or 0,160,500x30; every"
        " station, every county team; each computer exporting EXPORTS times a month, default 4)"
        " and relayed by the city, into copies of the office",
    )
    parser.add_argument("--rounds", type=int, default=2, help="with --relay: alternating runs")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ.setdefault("ZJK_DATA_DIR", tempfile.mkdtemp(prefix="zjk-scale-data-"))
        step, *rest = args.child
        print(json.dumps(STEPS[step](*rest)), flush=True)
        return
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="zjk-bench-scale-"))
    os.environ["ZJK_DATA_DIR"] = str(work / "data")
    if args.relay and not args.into_province:
        parser.error("--relay needs --into-province PROVINCE_DB")
    if args.into_province and args.relay:
        measure_relay(
            Path(args.into_province),
            work / "into-province",
            args.months,
            args.relay.split(","),
            args.rounds,
        )
        return
    if args.into_province:
        measure_into_province(Path(args.into_province), work / "into-province", args.months)
        return
    baseline = bare_python_rss()
    print(f"baseline: a Python process importing the core peaks at {baseline / 2**20:.0f} MiB")
    table: dict[str, dict[str, tuple[float, int, dict[str, Any]]]] = {}
    try:
        for scale in args.scales.split(","):
            steps = args.steps
            if scale == "province" and args.province_steps:
                steps = args.province_steps
            table[scale] = measure(scale, work, tuple(steps.split(",")))
            print_table(table, baseline)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)


def print_table(
    table: dict[str, dict[str, tuple[float, int, dict[str, Any]]]], baseline: int
) -> None:
    scales = list(table)
    steps = [s for s in table[scales[0]] if s != "size"] + ["size"]
    for scale in scales[1:]:
        steps += [s for s in table[scale] if s not in steps]
    print()
    header = "| step | " + " | ".join(f"{s} time | {s} peak" for s in scales) + " |"
    print(header)
    print("|" + "---|" * (1 + 2 * len(scales)))
    for step in steps:
        cells = []
        for scale in scales:
            if step not in table[scale]:
                cells += ["", ""]
                continue
            seconds, rss, extra = table[scale][step]
            if (
                step == "sqlite-utils" and "insert_s" in extra
            ):  # the inserts themselves, not the ndjson
                seconds, rss = extra["insert_s"], extra["insert_peak_mib"] * 2**20
            if step == "size":
                cells += [f"{extra['bytes'] / 1e6:,.0f} MB", ""]
                continue
            flag = " ⚠" if seconds > MINUTE or rss > GIB else ""
            if "failed" in extra:
                flag = " ✗ failed"
            cpu = (
                f" ({extra['cpu_s']:,.1f} CPU)"
                if "cpu_s" in extra and step != "sqlite-utils"
                else (f" ({extra['insert_cpu_s']:,.1f} CPU)" if "insert_cpu_s" in extra else "")
            )
            cells += [f"{seconds:,.1f} s{cpu}{flag}", f"{rss / 2**20:,.0f} MiB"]
        print(f"| {step} | " + " | ".join(cells) + " |")
    for scale in scales:  # the import beside the plain tool, same run: CPU is the fair measure
        imp, plain = table[scale].get("import"), table[scale].get("sqlite-utils")
        if imp and plain and imp[2].get("cpu_s") and plain[2].get("insert_cpu_s"):
            print(
                f"{scale}: import / sqlite-utils insert: {imp[2]['cpu_s'] / plain[2]['insert_cpu_s']:.2f}x"
                f" CPU, {imp[0] / plain[2]['insert_s']:.2f}x wall (aim ≤ 1.0x, every check made)"
            )
    for a, b in itertools.pairwise(scales):
        growth = []
        for step in steps:
            if step in table[a] and step in table[b] and step != "size" and table[a][step][0] > 0:
                ca, cb = table[a][step][2].get("cpu_s"), table[b][step][2].get("cpu_s")
                cpu = f" (CPU ×{cb / ca:.1f})" if ca and cb else ""
                growth.append(f"{step} ×{table[b][step][0] / table[a][step][0]:.1f}{cpu}")
        print(f"growth {a} → {b} (time): " + ", ".join(growth))
    for scale in scales:
        extras = {k: v[2] for k, v in table[scale].items() if v[2]}
        print(f"{scale}: {json.dumps(extras, ensure_ascii=False)}")
    print(f"(baseline process: {baseline / 2**20:.0f} MiB)", flush=True)


if __name__ == "__main__":
    main()
