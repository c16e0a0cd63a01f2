"""A small four-node network (county, township, two specialists) for tests and demos.

Each node is its own database with its own key; keys are exchanged the way
people do it (county trusts the laptops, laptops trust the county), and the
county's roster reaches everyone as a package.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store import Change, Store
from ..store.versions import WriteOutcome
from . import crypto, export, importer, keys
from .errors import SyncError


@dataclass
class Network:
    root: Path
    county: Store
    township: Store
    s1: Store
    s2: Store
    ids: dict[str, str] = field(default_factory=dict)
    _n: int = 0

    @property
    def nodes(self) -> dict[str, Store]:
        return {"county": self.county, "township": self.township, "s1": self.s1, "s2": self.s2}

    def path(self, stem: str) -> Path:
        self._n += 1
        return self.root / f"{self._n:04d}-{stem}.zjkpkg"

    def send(self, sender: str, to: str, *, full: bool = False) -> Path:
        """Export from node ``sender`` to ``to`` (a node name of this network, or a role)."""
        store = self.nodes[sender]
        target = self.nodes[to].node_id if to in self.nodes else to
        out = self.path(f"{sender}-to-{to}")
        export.export_package(store, target, full=full, out=out)
        return out

    def opened(self, name: str, path: Path) -> bytes:
        """The inner zip of a package, decrypted with node ``name``'s age identity (for tamper tests)."""
        data = Path(path).read_bytes()
        return crypto.unseal(self.nodes[name], data) if crypto.is_sealed(data) else data

    def receive(self, name: str, path: Path, **kw: Any) -> importer.ImportSummary:
        return importer.import_files(self.nodes[name], [path], **kw)[0]

    def close(self) -> None:
        for s in self.nodes.values():
            if s in _OPEN_STORES:
                _OPEN_STORES.remove(s)
            s.close()


def build_network(root: Path) -> Network:
    root.mkdir(parents=True, exist_ok=True)
    county = Store.open(root / "county.sqlite3")
    township = Store.open(root / "township.sqlite3")
    s1 = Store.open(root / "s1.sqlite3")
    s2 = Store.open(root / "s2.sqlite3")
    _OPEN_STORES.extend((county, township, s1, s2))
    ids: dict[str, str] = {}

    def create(kind: str, values: dict[str, Any]) -> str:
        return county.write([Change(kind, "create", values)])[0].record_id

    ids["county"] = create("org_unit", {"code": "130732", "name": "赤城县", "level": "county"})
    ids["t1"] = create(
        "org_unit",
        {"code": "130732100", "name": "城关镇", "level": "township", "parent_id": ids["county"]},
    )
    for i in (1, 2):
        ids[f"v{i}"] = create(
            "org_unit",
            {
                "code": f"13073210020{i}",
                "name": f"村{i}",
                "level": "village",
                "parent_id": ids["t1"],
                "is_poor": True,
            },
        )
    for i in (1, 2):
        ids[f"sp{i}"] = create(
            "specialist",
            {
                "name": f"特派员{i}",
                "phone": f"1380000000{i}",
                "org_id": ids["t1"],
                "industries": ["millet"],
            },
        )
        create(
            "assignment",
            {
                "specialist_id": ids[f"sp{i}"],
                "village_id": ids[f"v{i}"],
                "start_date": "2020-01-01",
            },
        )
    county.set_identity("county", "县服务团", ids["county"])
    township.set_identity("township", "城关镇服务站", ids["t1"])
    s1.set_identity("specialist", "特派员1", ids["t1"], ids["sp1"])
    s2.set_identity("specialist", "特派员2", ids["t1"], ids["sp2"])
    for s in (county, township, s1, s2):
        keys.ensure_keypair(s)
    for s in (township, s1, s2):
        keys.trust(county, export.sender_block(s))
        keys.trust(s, export.sender_block(county))
    net = Network(root, county, township, s1, s2, ids)
    roster = net.path("roster")
    export.export_roster(county, roster)
    for s in (township, s1, s2):
        summary = importer.import_files(s, [roster])[0]
        if not summary.ok:
            raise RuntimeError(summary.reason)
    return net


def visit_values(net: Network, who: str, **extra: Any) -> dict[str, Any]:
    n = "1" if who == "s1" else "2"
    values = {
        "date": "2025-05-01",
        "specialist_id": net.ids[f"sp{n}"],
        "village_id": net.ids[f"v{n}"],
        "industry": "millet",
        "service_type": "guidance",
        "content": "谷子田间管理",
        "farmers": "王大爷",
        "households_served": 3,
    }
    values.update(extra)
    return values


def rogue_write(store: Store, changes: list[Change], **kw: Any) -> list[WriteOutcome]:
    """Write as a tampered program would: past the local authority rules.

    For tests of what an importer does with changes its sender had no right
    to make (a genuine program refuses them locally, ``store.write``).
    """
    role = store.get_meta("role")
    store.set_meta("role", None)
    try:
        return store.write(changes, **kw)
    finally:
        store.set_meta("role", role)


# Every store a test network opened, so that helpers can open packages sealed to any of them.
_OPEN_STORES: list[Store] = []


def inner_zip_bytes(package: Path) -> bytes:
    """The signed inner zip of a package: decrypted with whichever test node it is sealed to."""
    data = Path(package).read_bytes()
    if not crypto.is_sealed(data):
        return data
    for store in _OPEN_STORES:
        try:
            return crypto.unseal(store, data)
        except (SyncError, sqlite3.ProgrammingError):
            pass  # not this node's package, its key is gone, or a finished test closed it
    raise ValueError(f"no node of this test opens {package}")


def repack(
    store: Store,
    package: Path,
    out: Path,
    *,
    lines: list[str] | None = None,
    edit_manifest: Any = None,
    reseal: bool = True,
    seal_lines: list[str] | None = None,
) -> Path:
    """``package`` re-signed by ``store`` (its sender) with other change lines or manifest.

    What a signer who lies can make: every whole-file check passes, so what
    is inside is judged on its own.  With ``reseal`` the signer's own lines
    (those that parse) get a new origin seal of its own, as a lying program
    holding the key would make; ``seal_lines`` replaces the seals member
    as given.  The result is the inner zip, not sealed (an unencrypted
    package still imports, with a note).
    """
    import hashlib
    import json
    import zipfile

    from ..store.versions import canonical_json
    from . import container

    with zipfile.ZipFile(io.BytesIO(inner_zip_bytes(package))) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    manifest = json.loads(members.pop(container.MANIFEST))
    members.pop(container.SIGNATURE)
    if lines is not None and reseal:
        lines, own_seal = _reseal(store, lines)
        if own_seal is not None:
            others = [
                line
                for line in members.get(container.SEALS, b"").decode("utf-8").splitlines()
                if json.loads(line)["node"] != store.node_id
            ]
            kept = sorted(
                [*others, own_seal], key=lambda t: (json.loads(t)["node"], json.loads(t)["seal"])
            )
            members[container.SEALS] = "".join(t + "\n" for t in kept).encode("utf-8")
    if seal_lines is not None:
        members[container.SEALS] = "".join(t + "\n" for t in seal_lines).encode("utf-8")
    if members.get(container.SEALS) == b"":
        members.pop(container.SEALS)
        manifest["members"].pop(container.SEALS, None)
    if lines is not None:
        raw = "".join(line + "\n" for line in lines).encode("utf-8")
        members[container.CHANGES] = container.deflate(raw)
        manifest["members"][container.CHANGES]["raw_size"] = len(raw)
        manifest["n_changes"] = len(lines)
    for name, data in members.items():
        manifest["members"].setdefault(name, {})
        manifest["members"][name].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    if edit_manifest is not None:  # last: it may say anything at all
        edit_manifest(manifest)
    body = canonical_json(manifest).encode("utf-8")
    out.write_bytes(container.container_bytes(body, keys.sign(store, body), members))
    return out


RESEAL_OFFSET = 1_000_000  # a liar's new seal is numbered apart from the honest ones


def _reseal(store: Store, lines: list[str]) -> tuple[list[str], str | None]:
    """The signer's own (parseable) lines under one new seal of its key, and that seal's line."""
    import json

    from ..store.versions import canonical_json
    from . import seals

    me = store.node_id
    mine: dict[int, dict[str, Any]] = {}
    for i, line in enumerate(lines):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if isinstance(d, dict) and d.get("node") == me and type(d.get("n")) is int:
            mine[i] = {k: v for k, v in d.items() if k not in ("sig", "seal")}
    if not mine:
        return lines, None
    number = max(d["n"] for d in mine.values()) + RESEAL_OFFSET
    leaves = [seals.leaf_hash(canonical_json(d).encode("utf-8")) for d in mine.values()]
    digest = seals.tree_root(leaves).hex()
    sig = keys.sign(store, seals.seal_bytes(me, number, len(leaves), digest))
    out = list(lines)
    for pos, (i, d) in enumerate(mine.items()):
        out[i] = canonical_json({**d, "seal": [number, pos]})
    row = {"node_id": me, "seal": number, "count": len(leaves), "digest": digest, "sig": sig}
    return out, seals.seal_line(row, [])


def sealed_lines(store: Store, changes: list[dict[str, Any]]) -> tuple[list[str], str]:
    """Change lines (dicts as in a package) under one new seal of ``store``'s key, and the seal line."""
    from ..store.versions import canonical_json

    lines, seal = _reseal(store, [canonical_json(c) for c in changes])
    assert seal is not None, "no line of this node"
    return lines, seal


def change_lines(package: Path) -> list[str]:
    """The change lines of a package, as text."""
    import json
    import zipfile
    import zlib

    from . import container

    with zipfile.ZipFile(io.BytesIO(inner_zip_bytes(package))) as zf:
        manifest = json.loads(zf.read(container.MANIFEST))
        data = zf.read(container.CHANGES)
    if manifest["members"][container.CHANGES].get("encoding") == container.DEFLATE:
        data = zlib.decompress(data, -15)
    return data.decode("utf-8").splitlines()


def signed_line(store: Store, change: dict[str, Any]) -> str:
    """A change line (dict as in a package) signed by ``store``'s key as its origin."""
    from ..store.versions import Version, canonical_json

    change = {k: v for k, v in change.items() if k not in ("sig", "seal")}
    v = Version.from_dict(change)
    change["sig"] = keys.sign(store, v.signing_bytes())
    return canonical_json(change)
