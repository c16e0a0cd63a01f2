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
Asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
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


def _identities(sender_db: str, receiver_db: str, roster: bool = True):
    """The sender is the office above every county of the demo (the trust rules let a
    county-role computer change only records under its organisation): Zhangjiakou's city
    office (130700) for the small and city demos, one office above all ten cities (130000)
    for the province demo.  The receiver is a township-role computer that imports the
    roster first, as an office does; returns (sender, receiver)."""
    from zjk_desktop.store import Change
    from zjk_desktop.sync import export, importer, keys

    sender = _open(sender_db)
    counties = sender.rows("org_unit", match={"level": "county"})
    several_cities = len({str(c["code"])[:4] for c in counties}) > 1
    code, name = ("130000", "河北省（示例汇总）") if several_cities else ("130700", "张家口市")
    top = sender.find_org_by_code(code)
    if top is None:
        top_id = sender.create("org_unit", {"code": code, "name": name, "level": "city"}).record_id
        sender.write(
            [Change("org_unit", "update", {"parent_id": top_id}, c["id"]) for c in counties]
        )
    else:
        top_id = top["id"]
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


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "demo": step_demo,
    "sign": step_sign,
    "export": step_export,
    "import": step_import,
    "report": step_report,
    "list": step_list,
    "dump": step_dump,
    "sqlite-utils": step_sqlite_utils,  # shown as "sqlite-utils insert (baseline)"
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
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ.setdefault("ZJK_DATA_DIR", tempfile.mkdtemp(prefix="zjk-scale-data-"))
        step, *rest = args.child
        print(json.dumps(STEPS[step](*rest)), flush=True)
        return
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="zjk-bench-scale-"))
    os.environ["ZJK_DATA_DIR"] = str(work / "data")
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
