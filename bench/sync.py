"""Sync benchmark: export and import of the city demo, beside raw SQLite inserts.

    .venv/bin/python bench/sync.py [--db CITY.sqlite3] [--keep]

Builds the city demo (>= 140k records) once (or reuses ``--db``), then:
full export (records/s, bytes per record), import into an empty node
(records/s), the raw ``executemany`` insert of the same rows as the floor,
the cost of checking origin seals beside one Ed25519 verification per
version (the design before issue 14), and a
specialist's month (~300 records) exported and imported.

Memory and the plain tool: the city import runs again in child processes
(``zjk import``, the program's own baseline included), with its parse worker
(as shipped) and without (``ZJK_PARSE_WORKER=off``), interleaved; wall time,
CPU of every process (the worker's too) and peak resident memory (the largest
process, and all processes together) are printed beside ``sqlite-utils insert
--nl`` of the same rows in the same run (child processes too, one per table;
the largest peak and the summed time).  The parse worker's break-even: packages
of 1,000 … 40,000 changes imported with the worker forced on and off.

    .venv/bin/python bench/sync.py --db CITY.sqlite3 --only-import   # just those two
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zjk_desktop.domain.entities import ENTITIES
from zjk_desktop.store import Change, Store
from zjk_desktop.sync import container, crypto, export, importer, keys, parse_worker


def _children_cpu() -> float:
    """CPU seconds of the child processes waited for so far (the import's parse worker)."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def timed(label: str, func):
    t = time.perf_counter()
    c = time.process_time() + _children_cpu()
    result = func()
    dt = time.perf_counter() - t
    cpu = time.process_time() + _children_cpu() - c  # this process and its workers
    print(f"  {label}: {dt:.2f} s (CPU {cpu:.2f} s)", flush=True)
    timed.cpu = cpu  # type: ignore[attr-defined]  # the last call's CPU seconds
    return result, dt


def n_records(store: Store) -> int:
    return sum(
        store.conn.execute(f"SELECT count(*) FROM [{spec.name}]").fetchone()[0]
        for spec in ENTITIES.values()
    )


def raw_floor(src: Store, work: Path) -> tuple[float, float, float, float]:
    """executemany of the same entity rows (and of the version rows) into an empty file:
    (rows s, rows + versions s, rows CPU s, rows + versions CPU s)."""
    target = work / "raw.sqlite3"
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    tables = [spec.name for spec in ENTITIES.values()] + ["versions"]
    for name in tables:
        sql = src.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[
            0
        ]
        conn.execute(sql)
    data = {}
    for name in tables:
        cur = src.conn.execute(f"SELECT * FROM [{name}]")
        data[name] = ([d[0] for d in cur.description], cur.fetchall())
    t, c = time.perf_counter(), time.process_time()
    with conn:
        for name in tables[:-1]:
            cols, rows = data[name]
            conn.executemany(f"INSERT INTO [{name}] VALUES ({','.join('?' * len(cols))})", rows)
    rows_only, rows_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    with conn:
        cols, rows = data["versions"]
        conn.executemany(f"INSERT INTO versions VALUES ({','.join('?' * len(cols))})", rows)
    versions_only, versions_cpu = time.perf_counter() - t, time.process_time() - c
    conn.close()
    return rows_only, rows_only + versions_only, rows_cpu, rows_cpu + versions_cpu


def city(args, work: Path) -> None:
    db = Path(args.db) if args.db else work / "city.sqlite3"
    if not db.exists():
        from zjk_desktop.demo import generate_demo

        s = Store.open(db)
        print("building the city demo …", flush=True)
        timed("generate_demo(city)", lambda: generate_demo(s, scale="city"))
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        s.close()
    src_path = work / "sender.sqlite3"
    shutil.copy(db, src_path)
    sender = Store.open(src_path)
    # The sender is the city office: a county-role node registered with the
    # city's org unit, above the 16 counties (the trust rules let a county
    # computer change only records under its organisation).
    if sender.find_org_by_code("130700") is None:
        city_id = sender.create(
            "org_unit", {"code": "130700", "name": "张家口市", "level": "city"}
        ).record_id
        sender.write(
            [
                Change("org_unit", "update", {"parent_id": city_id}, r["id"])
                for r in sender.rows("org_unit", {"level": "county"})
            ]
        )
    city = sender.find_org_by_code("130700")
    assert city is not None, "the demo city's own org unit (130700)"
    city_id = city["id"]
    sender.set_identity("county", "bench city office", city_id)
    keys.ensure_keypair(sender)
    receiver_path = work / "receiver.sqlite3"
    receiver = Store.open(receiver_path)
    # A township office (its keyring entry for the sender is the trusted key as sent;
    # a county would file it in its replicated keyring, which needs the roster first).
    receiver.set_identity("township", "bench receiver")
    keys.ensure_keypair(receiver)
    keys.trust(receiver, export.sender_block(sender))
    keys.trust(sender, export.sender_block(receiver))
    # First-time sealing, measured on its own (the roster export below would do it).
    t = time.perf_counter()
    sealed = export.sign_own_versions(sender)
    sign_t = time.perf_counter() - t
    # As in an office: the roster first (so the receiver knows the org tree), then the data.
    roster = work / "roster.zjkpkg"
    export.export_roster(sender, roster)
    assert importer.import_files(receiver, [roster])[0].ok
    empty_receiver = work / "receiver-empty.sqlite3"
    receiver.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(receiver_path, empty_receiver)

    records = n_records(sender)
    n_versions = sender.conn.execute("SELECT count(*) FROM versions").fetchone()[0]
    print(f"city demo: {records} rows, {n_versions} versions")

    print("export (full, to one node):")
    print(f"  first-time sealing of {sealed} versions (one signature per 65,536): {sign_t:.2f} s")
    out = work / "city.zjkpkg"
    result, export_t = timed(
        "export_package (select, serialize, hash, sign, write)",
        lambda: export.export_package(sender, receiver.node_id, full=True, out=out),
    )
    print(
        f"  {result.n_changes} changes, {result.size / 1e6:.1f} MB,"
        f" {result.size / records:.0f} bytes per record, {result.size / n_versions:.0f} bytes per version"
    )
    work_records = sum(
        sender.conn.execute(f"SELECT count(*) FROM [{k}]").fetchone()[0]
        for k in ("visit", "extension", "training")
    )
    print(
        f"  {result.size / work_records:.0f} bytes per work record ({work_records} visits, extension"
        " and training records: issue 14's measure, aim ≤ 100)"
    )
    package, _sealed = crypto.open_package(receiver, out)
    with package:
        changes = json.loads(package.manifest_bytes)["members"][container.CHANGES]
    if args.only_import:
        memory(work, out, empty_receiver, sender)
        sender.close()
        receiver.close()
        return
    print(
        f"  changes.ndjson {changes['raw_size'] / 1e6:.1f} MB plain ({changes['raw_size'] / records:.0f} bytes"
        f" per record) → {changes['size'] / 1e6:.1f} MB deflated"
    )
    print(
        f"  export: {records / export_t:,.0f} records/s"
        f" ({records / (export_t + sign_t):,.0f} records/s including first-time signing)"
    )

    print(
        "age encryption to the addressee (the package above is encrypted; same-run baseline: plain zip):"
    )
    sealed_bytes = out.read_bytes()
    plain, unseal_t = timed(
        "decrypt (age X25519, whole file)", lambda: crypto.unseal(receiver, sealed_bytes)
    )
    recipient = keys.own_age_recipient(receiver)
    assert recipient is not None, "the receiver made its key pair above"
    recipients = [recipient]
    _again, seal_t = timed(
        "encrypt (age X25519, whole file)", lambda: crypto.seal(plain, recipients)
    )
    print(
        f"  size: {len(plain) / 1e6:.2f} MB plain, {len(sealed_bytes) / 1e6:.2f} MB encrypted"
        f" (+{len(sealed_bytes) - len(plain):,} bytes, {100 * (len(sealed_bytes) / len(plain) - 1):.2f} %)"
    )
    print(
        f"  time: encrypt {seal_t:.2f} s = {100 * seal_t / export_t:.1f} % of the export;"
        f" decrypt {unseal_t:.2f} s"
    )

    print("import (into a township computer that holds the roster):")
    summary, import_t = timed("import_files", lambda: importer.import_files(receiver, [out])[0])
    import_cpu = timed.cpu  # type: ignore[attr-defined]
    assert summary.ok, summary.reason
    print(
        f"  import: {records / import_t:,.0f} records/s ({n_versions / import_t:,.0f} versions/s);"
        f" decryption is {100 * unseal_t / import_t:.1f} % of it"
    )
    refused_rows(summary)
    # Only the keyring (each node files its own) and what was refused may differ.
    got, want = receiver.dump(), sender.dump()
    differ = [name for name in ENTITIES if name != "node_key" and got[name] != want[name]]
    print(f"  receiver rows identical to sender but the keyring and the refused: {differ or 'yes'}")

    print("floor: raw sqlite3 executemany of the same rows (one transaction):")
    rows_t, both_t, rows_cpu, both_cpu = raw_floor(sender, work)
    print(
        f"  entity rows only: {rows_t:.2f} s (CPU {rows_cpu:.2f} s);"
        f" entity rows + version rows: {both_t:.2f} s (CPU {both_cpu:.2f} s)"
    )
    print(
        f"  import / floor: {import_t / rows_t:.1f}x (rows only), {import_t / both_t:.1f}x"
        f" (rows + versions; aim ≤ 3x); CPU {import_cpu / rows_cpu:.1f}x, {import_cpu / both_cpu:.1f}x"
    )

    wire_encoding(sender)
    memory(work, out, empty_receiver, sender)

    print("proof of origin: origin seals (the receiver's first pass) vs one signature per version:")
    package, _sealed = crypto.open_package(receiver, out)
    with package:
        header = importer.check_header(
            receiver, package, importer.ImportSummary(file=str(out)), remember=False
        )
        _check, seal_t = timed(
            "every line's leaf hash, every seal's signature and tree",
            lambda: importer._check_seals(receiver, header, keys.Keyring(receiver)),
        )
    sample = list(sender.iter_versions(node_id=sender.node_id))[:5000]
    private = keys.private_key(sender)
    sigs = [keys.b64(private.sign(v.signing_bytes())) for v in sample]
    pub = keys.own_public_key(sender)
    t = time.perf_counter()
    for v, sig in zip(sample, sigs, strict=True):
        keys.verify(pub, sig, v.signing_bytes())
    per = (time.perf_counter() - t) / len(sample)
    print(
        f"  seals: {seal_t / n_versions * 1e6:.1f} µs per version ({seal_t:.1f} s for the city);"
        f" baseline, one Ed25519 verification per version (same run): {per * 1e6:.0f} µs"
        f" → {per * n_versions:.1f} s"
    )
    peer_list(sender)
    sender.close()
    receiver.close()


# Run in an intermediate process: the command's time, its CPU and that of every process it
# started (RUSAGE_CHILDREN counts waited-for grandchildren: the parse worker), the largest
# single peak, and on Linux the peak of the resident memory of the command and its children
# together, sampled every 10 ms from /proc (RUSAGE_CHILDREN's ru_maxrss is a maximum, not a sum).
_CHILD_CODE = """
import os, resource, subprocess, sys, time

def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def tree(pid):
    found = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            for child in fh.read().split():
                found += tree(int(child))
    except OSError:
        pass
    return found

def cpu_s(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            parts = fh.read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None

t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
together = 0
own = 0.0  # the command's own CPU (not its children's), last sampled
while p.poll() is None:
    together = max(together, sum(rss_kib(q) for q in tree(p.pid)))
    own = cpu_s(p.pid) or own
    time.sleep(0.01)
dt = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(p.returncode, dt, u.ru_utime + u.ru_stime, u.ru_maxrss, together, own)
"""


def _child(
    cmd: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float, float, float]:
    """(seconds, CPU seconds of it and its children, largest single peak MiB, peak MiB of all
    its processes together, CPU seconds of the command's own process, sampled until it ends:
    these two 0 where /proc is not there) of one command, in its own intermediate process
    (RUSAGE_CHILDREN is a running maximum)."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD_CODE, *cmd],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.split()
    if out[0] not in ("0", "3"):
        raise SystemExit(f"{cmd[:3]} failed with exit code {out[0]}")
    return float(out[1]), float(out[2]), int(out[3]) / 1024, int(out[4]) / 1024, float(out[5])


def refused_rows(summary: importer.ImportSummary) -> None:
    """What the import refused, per kind and reason: a bench that measures refusals measures
    less than it says."""
    if not summary.refused and not summary.held:
        print("  nothing refused or held back")
        return
    by: dict[tuple[str, str], int] = {}
    for what, reason in summary.refused:
        key = (what.split(" ", 1)[0], reason)
        by[key] = by.get(key, 0) + 1
    for (kind, reason), n in sorted(by.items()):
        print(f"  refused: {n:,} × {kind}: {reason}")
    if summary.held:
        print(f"  held back: {summary.held:,}")
    print(
        "  (the demo writes every request, answer included, on one computer; a real answer comes"
        " signed by the specialist's own computer, and a county computer may not write one)"
    )


def memory(work: Path, package: Path, empty_receiver: Path, sender: Store) -> None:
    """``zjk import`` of the city package (parse worker on, as shipped, and off) beside
    ``sqlite-utils insert`` of its rows, in the same run: wall, CPU, peak memory."""
    print("memory and the plain tool (child processes, same run):")
    imports: dict[str, tuple[float, float, float, float, float]] = {}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"  load average {load:.1f} on {os.cpu_count()} cores at the start: as shipped, the"
        f" import {'would' if parse_worker.spare_core() else 'would not'} start its parse worker"
        " now; both are measured (ZJK_PARSE_WORKER=always / off)"
    )
    for mode in ("always", "off", "always", "off"):  # interleaved: the load of the machine moves
        target = work / "receiver-mem.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copy(empty_receiver, target)
        zjk = [sys.executable, "-m", "zjk_desktop.cli", "--db", str(target), "import", str(package)]
        env = dict(os.environ)
        env[parse_worker.ENV] = mode
        got = _child(zjk, env)
        if mode not in imports or got[0] < imports[mode][0]:
            imports[mode] = got
    rows_dir = work / "rows"
    rows_dir.mkdir(exist_ok=True)
    n_rows = 0
    tables = []
    for spec in ENTITIES.values():
        cur = sender.conn.execute(f"SELECT * FROM [{spec.name}]")
        cols = [d[0] for d in cur.description]
        path = rows_dir / f"{spec.name}.ndjson"
        with open(path, "w", encoding="utf-8") as fh:
            for r in cur:
                fh.write(json.dumps(dict(zip(cols, r, strict=True)), ensure_ascii=False) + "\n")
                n_rows += 1
        tables.append((spec.name, path))
    su = str(Path(sys.executable).with_name("sqlite-utils"))
    t_su, cpu_su, mib_su = 0.0, 0.0, 0.0
    su_db = work / "sqlite-utils.db"
    for name, path in tables:
        dt, cpu, mib, _together, _own = _child(
            [su, "insert", str(su_db), name, str(path), "--nl", "--alter"]
        )
        t_su += dt
        cpu_su += cpu
        mib_su = max(mib_su, mib)
    for mode, label in (("always", "with its parse worker"), ("off", "in one process (before)")):
        t_imp, cpu_imp, mib_imp, together, own = imports[mode]
        print(
            f"  zjk import of the city package, {label}: {t_imp:.1f} s (CPU {cpu_imp:.1f} s,"
            f" every process; the importing process alone {own:.1f} s), peak {mib_imp:.0f} MiB"
            f" largest process, {together:.0f} MiB all processes together (sampled)"
        )
    print(
        f"  sqlite-utils insert --nl --alter of the same {n_rows:,} rows: {t_su:.1f} s"
        f" (CPU {cpu_su:.1f} s), peak {mib_su:.0f} MiB"
    )
    for mode, label in (("always", "parse worker"), ("off", "one process")):
        t_imp, cpu_imp = imports[mode][:2]
        print(
            f"  zjk import ({label}) / sqlite-utils insert: {t_imp / t_su:.2f}x wall,"
            f" {cpu_imp / cpu_su:.2f}x CPU (aim ≤ 1.0x wall, every signature and rule checked;"
            f" best of 2 interleaved runs each)"
        )


def break_even(work: Path, sizes: tuple[int, ...] = (1_000, 5_000, 10_000, 20_000, 40_000)) -> None:
    """Import wall time of packages of growing size with the parse worker forced on and off
    (same run, interleaved, best of 3): where the worker starts to pay for its process."""
    from zjk_desktop.sync.testing import build_network, visit_values

    print(
        f"parse worker break-even (a specialist's visits, s1 → township; in use from"
        f" {parse_worker.MIN_CHANGES:,} changes):"
    )
    for n in sizes:
        net = build_network(work / f"even-{n}")
        for start in range(0, n, 5000):
            net.s1.write(
                [
                    Change("visit", "create", visit_values(net, "s1", content=f"第{i}次走访"))
                    for i in range(start, min(n, start + 5000))
                ]
            )
        package = net.send("s1", "township")
        net.township.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        empty = work / f"even-{n}" / "township-empty.sqlite3"
        net.township.conn.execute("VACUUM INTO ?", (str(empty),))
        best: dict[str, float] = {}
        own: dict[str, float] = {}  # this process's CPU: the import's critical path
        for mode in ("off", "always") * 3:
            target = work / f"even-{n}" / "township-try.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            shutil.copy(empty, target)
            os.environ[parse_worker.ENV] = mode
            store = Store.open(target)
            t, c = time.perf_counter(), time.process_time()
            summary = importer.import_files(store, [package])[0]
            dt, dc = time.perf_counter() - t, time.process_time() - c
            store.close()
            assert summary.ok, summary.reason
            best[mode] = min(best.get(mode, dt), dt)
            own[mode] = min(own.get(mode, dc), dc)
        os.environ.pop(parse_worker.ENV, None)
        net.close()
        print(
            f"  {n:>6,} changes: in one process {best['off']:.2f} s, with the worker"
            f" {best['always']:.2f} s ({best['always'] / best['off']:.2f}x); the importing"
            f" process's CPU {own['off']:.2f} s → {own['always']:.2f} s"
        )


def wire_encoding(store: Store) -> None:
    """The export's encoder over every stored version, beside the generic path it equals."""
    from zjk_desktop.store.versions import Version, canonical_json, encode_version

    rows = store.conn.execute(
        "SELECT node_id, counter, stamp, entity, record_id, op, fields, base, actor, sig"
        " FROM versions ORDER BY seq"
    ).fetchall()
    print(f"wire encoding of {len(rows)} versions (same run):")
    _lines, fast = timed(
        "encode_version over stored rows (what export does)",
        lambda: [encode_version(*r) for r in rows],
    )

    def generic() -> list[str]:
        return [
            canonical_json(
                Version.make(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    json.loads(r[6]),
                    json.loads(r[7] or "{}"),
                    r[8] or "",
                    r[9],
                ).to_dict()
            )
            for r in rows
        ]

    _same, slow = timed("baseline: parse each row, canonical_json(Version.to_dict())", generic)
    print(
        f"  encode_version: {len(rows) / fast:,.0f} lines/s, {slow / fast:.1f}x the baseline's speed"
    )


def peer_list(store: Store, n_peers: int = 300) -> None:
    """The county's peer list (``zjk peers`` / sync page) with hundreds of registered computers."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from zjk_desktop.sync import peers

    vv = store.version_vector()
    org = store.node_info().org_id
    for i in range(n_peers):  # registered computers: each in the keyring
        public = (
            Ed25519PrivateKey.generate()
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
        keys.trust(
            store,
            {
                "node_id": f"bench-peer-{i:04d}",
                "public_key": base64.b64encode(public).decode(),
                "role": "specialist",
                "org_id": org,
                "label": f"peer {i}",
            },
        )
    with store.db.atomic():
        for i in range(n_peers):
            # a third know nothing, the rest hold part of every origin's log
            known = {} if i % 3 == 0 else {node: top * (i % 10) // 10 for node, top in vv.items()}
            peers.update_peer(store, f"bench-peer-{i:04d}", "specialist", f"peer {i}", known)
    print(f"peer list with {n_peers} peers:")
    _, t_vv = timed("store.version_vector() (once)", store.version_vector)
    rows, t = timed("peer_status", lambda: peers.peer_status(store))
    print(
        f"  {len(rows)} peers, {t / len(rows) * 1e3:.2f} ms per peer"
        f" (version_vector alone: {t_vv * 1e3:.0f} ms)"
    )


def month(work: Path) -> None:
    from zjk_desktop.sync.testing import build_network, visit_values

    net = build_network(work / "month")
    changes = [
        Change("visit", "create", visit_values(net, "s1", content=f"第{i}次走访，谷子田间管理"))
        for i in range(300)
    ]
    net.s1.write(changes)
    print("a specialist's month (300 records):")
    out = work / "month.zjkpkg"
    res, t_exp = timed(
        "export s1 → township", lambda: export.export_package(net.s1, "township", out=out)
    )
    summ, t_imp = timed(
        "import at the township (all checks)", lambda: importer.import_files(net.township, [out])[0]
    )
    assert summ.ok
    out2 = work / "month-relay.zjkpkg"
    _, t_exp2 = timed(
        "export township → county (relay)",
        lambda: export.export_package(net.township, "county", out=out2),
    )
    summ2, t_imp2 = timed(
        "import at the county (origin signatures checked)",
        lambda: importer.import_files(net.county, [out2])[0],
    )
    assert summ2.ok and not summ2.refused
    print(
        f"  package {res.size / 1024:.0f} KiB; specialist → township {t_exp + t_imp:.2f} s;"
        f" township → county {t_exp2 + t_imp2:.2f} s"
    )
    net.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing city demo database (copied, not changed)")
    parser.add_argument("--skip-city", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--only-import",
        action="store_true",
        help="the city import beside sqlite-utils and the parse worker's break-even only",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zjk-bench-sync-"))
    os.environ.setdefault("ZJK_DATA_DIR", str(work / "data"))
    try:
        if not args.only_import:
            month(work)
        break_even(work)
        if not args.skip_city:
            city(args, work)
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
