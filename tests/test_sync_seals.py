"""Origin seals (issue 14): one signature per batch of an origin's versions, checked at every hop.

A relay forwards any part of a seal with a Merkle multiproof; every version is
still checked against its origin's key, and every lie about a seal is refused
with one line naming the computer.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjk_desktop import i18n
from zjk_desktop.store.versions import canonical_json
from zjk_desktop.sync import container, export, keys, seals
from zjk_desktop.sync.testing import (
    build_network,
    change_lines,
    inner_zip_bytes,
    repack,
    visit_values,
)


@pytest.fixture
def net(tmp_path):
    n = build_network(tmp_path / "net")
    yield n
    n.close()


def seal_lines(package) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(inner_zip_bytes(package))) as zf:
        if container.SEALS not in zf.namelist():
            return []
        return [json.loads(t) for t in zf.read(container.SEALS).decode("utf-8").splitlines()]


def one_clean_line(text: str | None) -> bool:
    assert text and "\n" not in text
    for marker in ("Error", "Traceback", "line 1:", "Exception"):
        assert marker not in text, text
    assert not re.search(r"[0-9a-f]{13,}", text), text
    return True


def s1_visits(net, n: int = 3) -> list[str]:
    return [
        net.s1.create("visit", visit_values(net, "s1", content=f"第{i}次")).record_id
        for i in range(n)
    ]


# ------------------------------------------------------------------ the tree
@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=70).flatmap(
        lambda n: st.tuples(
            st.just(n), st.sets(st.integers(0, n - 1), min_size=1), st.integers(0, n - 1)
        )
    )
)
def test_any_subset_proves_against_the_root_and_any_change_breaks_it(case):
    count, subset, victim = case
    leaves = [seals.leaf_hash(f"version {i}".encode()) for i in range(count)]
    root = seals.tree_root(leaves)
    carried = sorted(subset)
    proof = seals.make_proof(count, carried, seals.subtree_source(dict(enumerate(leaves)), {}))
    assert len(proof) <= len(carried) * max(1, count.bit_length())
    got = seals.proof_root(count, carried, leaves.__getitem__, proof)
    assert got == root
    # an altered version in the carried part, an altered proof hash, a missing or extra hash
    other = list(leaves)
    other[carried[0]] = seals.leaf_hash(b"altered")
    assert seals.proof_root(count, carried, other.__getitem__, proof) != root
    if proof:
        bad = [seals.leaf_hash(b"x"), *proof[1:]]
        assert seals.proof_root(count, carried, leaves.__getitem__, bad) != root
        assert seals.proof_root(count, carried, leaves.__getitem__, proof[:-1]) is None
    assert seals.proof_root(count, carried, leaves.__getitem__, [*proof, root]) is None
    # a version carried at another position than its own
    if victim not in subset:
        moved = sorted({*subset, victim} - {carried[0]})
        swapped = dict(enumerate(leaves))
        swapped[victim] = leaves[carried[0]]
        proof2 = seals.make_proof(count, moved, seals.subtree_source(dict(enumerate(leaves)), {}))
        assert seals.proof_root(count, moved, swapped.__getitem__, proof2) != root


def _rfc6962_root(leaves: list[bytes]) -> bytes:
    """The tree's definition, recursively: split at the largest power of two below the size."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return seals.node_hash(_rfc6962_root(leaves[:k]), _rfc6962_root(leaves[k:]))


def test_the_level_by_level_root_is_the_recursive_definition():
    for count in [*range(1, 70), 255, 256, 257, 1000]:
        leaves = [seals.leaf_hash(f"version {i}".encode()) for i in range(count)]
        want = _rfc6962_root(leaves)
        assert seals.tree_root(leaves) == want, count
        # every leaf carried: the root needs no proof, and any proof hash is one too many
        assert seals.proof_root(count, list(range(count)), leaves.__getitem__, []) == want
        assert seals.proof_root(count, list(range(count)), leaves.__getitem__, [want]) is None


# ----------------------------------------------------------- honest traffic
def test_a_package_carries_one_seal_per_batch_and_no_per_version_signature(net):
    s1_visits(net, 5)
    pkg = net.send("s1", "township")
    every = [json.loads(t) for t in change_lines(pkg)]
    assert every and all("sig" not in d and "seal" in d for d in every)
    lines = [d for d in every if d["node"] == net.s1.node_id]
    seal = s1_seal(net, seal_lines(pkg))
    assert seal["count"] == len(lines) and seal["proof"] == []
    assert seal["seal"] == max(d["n"] for d in lines)
    summary = net.receive("township", pkg)
    assert summary.ok and not summary.refused and summary.counts["visit"]["new"] == 5


def test_a_part_of_a_seal_travels_two_hops_with_proofs_and_is_checked_against_its_origin(net):
    """The township's reviews of both specialists are one seal; s1 gets its part, then relays it."""
    mine = s1_visits(net, 3)
    theirs = net.s2.create("visit", visit_values(net, "s2")).record_id
    for who in ("s1", "s2"):
        assert net.receive("township", net.send(who, "township")).ok
    for rid in (*mine, theirs):
        net.township.review("visit", rid, "approved", "同意")
    down = net.send("township", "s1")
    township_seals = [s for s in seal_lines(down) if s["node"] == net.township.node_id]
    assert township_seals and any(s["proof"] for s in township_seals)  # only s1's part
    summary = net.receive("s1", down)
    assert summary.ok and not summary.refused, summary.describe()
    assert net.s1.get("visit", mine[0])["review_state"] == "approved"
    assert net.s1.get("visit", theirs) is None
    # s1 relays the township's part onward (a full export to the county): still provable.
    up = export.export_package(net.s1, "county", full=True, out=net.path("s1-full-county"))
    summary = net.receive("county", up.path)
    assert summary.ok and not summary.refused, summary.describe()
    assert net.county.get("visit", mine[1])["review_state"] == "approved"
    review = next(
        v
        for v in net.county.versions_of(mine[1])
        if v.node_id == net.township.node_id and v.op == "review"
    )
    assert seals.held_seal_proves(
        net.county, review, keys.own_public_key(net.township), keys.verify
    )


def test_versions_signed_one_by_one_still_travel_and_verify(net):
    """An existing database's versions keep their own signature, relayed through a new program."""
    rids = s1_visits(net, 2)
    sign = keys.signer(net.s1)
    for v in list(net.s1.iter_versions(node_id=net.s1.node_id)):
        net.s1.conn.execute(
            "UPDATE versions SET sig = ? WHERE node_id = ? AND counter = ?",
            (sign(v.signing_bytes()), v.node_id, v.counter),
        )
    net.s1.conn.commit()
    pkg = net.send("s1", "township")
    mine = [json.loads(t) for t in change_lines(pkg) if json.loads(t)["node"] == net.s1.node_id]
    assert mine and all("sig" in d and "seal" not in d for d in mine)
    assert all(s["node"] != net.s1.node_id for s in seal_lines(pkg))
    assert net.receive("township", pkg).ok
    relayed = net.receive("county", net.send("township", "county"))
    assert relayed.ok and not relayed.refused and net.county.get("visit", rids[1]) is not None


# -------------------------------------------------------------- lying signers
def relay_package(net, tmp_path):
    """s1's visits reach the township; the township's package to the county, its lines and seals."""
    s1_visits(net, 4)
    assert net.receive("township", net.send("s1", "township")).ok
    pkg = net.send("township", "county")
    return pkg, change_lines(pkg), seal_lines(pkg)


def s1_seal(net, seal_list: list[dict]) -> dict:
    return next(s for s in seal_list if s["node"] == net.s1.node_id)


def forged_relay(net, tmp_path, *, lines=None, seals_=None):
    """What a township that lies about the specialist's seal can send (it holds its own key only)."""
    pkg, orig_lines, orig_seals = relay_package(net, tmp_path)
    out = repack(
        net.township,
        pkg,
        tmp_path / "forged.zjkpkg",
        lines=orig_lines if lines is None else lines(orig_lines),
        reseal=False,
        seal_lines=[canonical_json(s) for s in (seals_(orig_seals) if seals_ else orig_seals)],
    )
    return net.receive("county", out)


def refusals(summary) -> list[str]:
    assert summary.ok, summary.reason
    return [r for _w, r in summary.refused]


def test_a_version_altered_by_a_relay_no_longer_matches_its_seal(net, tmp_path):
    def alter(lines):
        out: list[str] = []
        for t in lines:
            d = json.loads(t)
            if d["node"] == net.s1.node_id and d["entity"] == "visit" and not out_has(out):
                d["fields"]["content"] = "服务站改过"
            out.append(canonical_json(d))
        return out

    def out_has(out):
        return any("服务站改过" in t for t in out)

    reasons = refusals(forged_relay(net, tmp_path, lines=alter))
    assert reasons and all("特派员1" in r and "不符" in r for r in reasons)
    assert all(one_clean_line(r) for r in reasons)
    assert not net.county.rows("visit")


def test_a_version_added_or_dropped_and_replaced_by_a_relay_is_refused(net, tmp_path):
    def replace(lines):
        d = json.loads(next(t for t in lines if json.loads(t)["node"] == net.s1.node_id))
        twin = dict(d, id=d["id"][:-4] + "ffff")  # a new record in the specialist's place
        return [canonical_json(twin) if t == canonical_json(d) else t for t in lines]

    reasons = refusals(forged_relay(net, tmp_path, lines=replace))
    assert reasons and all("特派员1" in r and "不符" in r for r in reasons)
    assert not net.county.rows("visit")


def test_a_version_pointing_to_a_missing_seal_is_refused_naming_the_computer(net, tmp_path):
    summary = forged_relay(
        net, tmp_path, seals_=lambda ss: [s for s in ss if s["node"] != net.s1.node_id]
    )
    reasons = refusals(summary)
    assert reasons and all("特派员1" in r and "缺少" in r for r in reasons)
    assert all(one_clean_line(r) for r in reasons)
    assert not net.county.rows("visit")


def test_two_versions_at_one_position_are_refused(net, tmp_path):
    def twice(lines):
        mine = [t for t in lines if json.loads(t)["node"] == net.s1.node_id]
        d = json.loads(mine[1])
        d["seal"] = json.loads(mine[0])["seal"]
        return [canonical_json(d) if t == mine[1] else t for t in lines]

    reasons = refusals(forged_relay(net, tmp_path, lines=twice))
    assert reasons and all("位置重复" in r and "特派员1" in r for r in reasons)
    assert not net.county.rows("visit")


def test_a_seal_whose_count_was_changed_is_refused_as_forged(net, tmp_path):
    def recount(ss):
        return [dict(s, count=s["count"] + 1) if s["node"] == net.s1.node_id else s for s in ss]

    reasons = refusals(forged_relay(net, tmp_path, seals_=recount))
    assert reasons and all("签名无效" in r and "特派员1" in r for r in reasons)


def test_a_seal_signed_by_another_key_is_refused_as_forged(net, tmp_path):
    def resign(ss):
        out = []
        for s in ss:
            if s["node"] == net.s1.node_id:
                body = seals.seal_bytes(s["node"], s["seal"], s["count"], s["digest"])
                s = dict(s, sig=keys.sign(net.township, body))
            out.append(s)
        return out

    reasons = refusals(forged_relay(net, tmp_path, seals_=resign))
    assert reasons and all("签名无效" in r and "特派员1" in r for r in reasons)
    assert all(one_clean_line(r) for r in reasons)
    assert not net.county.rows("visit")


def test_a_position_beyond_the_seal_is_refused(net, tmp_path):
    """The origin itself (holding its key) claims a place its seal does not have."""
    s1_visits(net, 2)
    pkg = net.send("s1", "township")
    every = change_lines(pkg)
    others = [t for t in every if json.loads(t)["node"] != net.s1.node_id]
    ds = [json.loads(t) for t in every if json.loads(t)["node"] == net.s1.node_id]
    number = max(d["n"] for d in ds)
    leaves = [
        seals.leaf_hash(canonical_json({k: v for k, v in d.items() if k != "seal"}).encode())
        for d in ds
    ]
    digest = seals.tree_root(leaves).hex()
    count = len(ds) - 1  # one short: the last line claims position ``count``
    sig = keys.sign(net.s1, seals.seal_bytes(net.s1.node_id, number, count, digest))
    seal = {
        "count": count,
        "digest": digest,
        "node": net.s1.node_id,
        "proof": [],
        "seal": number,
        "sig": sig,
    }
    new = [canonical_json(dict(d, seal=[number, i])) for i, d in enumerate(ds)]
    kept = [canonical_json(s) for s in seal_lines(pkg) if s["node"] != net.s1.node_id]
    out = repack(
        net.s1,
        pkg,
        tmp_path / "outside.zjkpkg",
        lines=others + new,
        reseal=False,
        seal_lines=sorted([*kept, canonical_json(seal)], key=lambda t: json.loads(t)["node"]),
    )
    reasons = refusals(net.receive("township", out))
    assert reasons and all("超出范围" in r for r in reasons)
    assert not net.township.rows("visit")


def test_a_seal_from_a_revoked_key_is_refused_naming_the_computer(net, tmp_path):
    s1_visits(net, 2)
    assert net.receive("township", net.send("s1", "township")).ok
    keys.revoke(net.county, net.s1.node_id)
    reasons = refusals(net.receive("county", net.send("township", "county")))
    assert reasons and all("撤销" in r and "特派员1" in r for r in reasons)
    assert all(one_clean_line(r) for r in reasons)
    assert not net.county.rows("visit")


def test_one_seal_number_for_two_different_batches_is_refused_naming_the_computer(net, tmp_path):
    s1_visits(net, 2)
    pkg = net.send("s1", "township")
    assert net.receive("township", pkg).ok
    lines = change_lines(pkg)
    d = next(json.loads(t) for t in reversed(lines) if json.loads(t)["node"] == net.s1.node_id)
    number = d["seal"][0]
    other = {k: v for k, v in d.items() if k != "seal"}
    other["fields"] = {**other["fields"], "content": "另一批"}
    leaf = seals.leaf_hash(canonical_json(other).encode())
    digest = leaf.hex()
    sig = keys.sign(net.s1, seals.seal_bytes(net.s1.node_id, number, 1, digest))
    seal = {
        "count": 1,
        "digest": digest,
        "node": net.s1.node_id,
        "proof": [],
        "seal": number,
        "sig": sig,
    }
    out = repack(
        net.s1,
        pkg,
        tmp_path / "reused.zjkpkg",
        lines=[canonical_json(dict(other, seal=[number, 0]))],
        reseal=False,
        seal_lines=[canonical_json(seal)],
    )
    reasons = refusals(net.receive("township", out))
    assert reasons and all("同一个批次号" in r and "特派员1" in r for r in reasons)


# ----------------------------------------------------------------- grammar
BAD_REFS = {
    "zero seal": lambda d: [0, 0],
    "one number": lambda d: [d["n"]],
    "text number": lambda d: [str(d["n"]), 0],
    "negative position": lambda d: [d["n"], -1],
    "float position": lambda d: [d["n"], 0.0],
    "seal below the counter": lambda d: [d["n"] - 1, 0] if d["n"] > 1 else [1, 2**20],
    "position too large": lambda d: [d["n"], 2**20],
    "object": lambda d: {"seal": d["n"]},
}


@pytest.mark.parametrize("case", sorted(BAD_REFS))
def test_a_malformed_seal_reference_refuses_the_whole_file_in_one_line(net, tmp_path, case):
    s1_visits(net, 2)
    pkg = net.send("s1", "township")
    lines = change_lines(pkg)
    d = json.loads(lines[-1])
    d["seal"] = BAD_REFS[case](d)
    before = net.township.dump_json()
    out = repack(
        net.s1, pkg, tmp_path / "bad.zjkpkg", lines=[*lines[:-1], canonical_json(d)], reseal=False
    )
    summary = net.receive("township", out)
    assert not summary.ok and one_clean_line(summary.reason)
    assert net.township.dump_json() == before


def test_a_line_with_both_a_signature_and_a_seal_is_refused(net, tmp_path):
    s1_visits(net, 1)
    pkg = net.send("s1", "township")
    lines = change_lines(pkg)
    d = json.loads(lines[-1])
    d["sig"] = keys.sign(net.s1, b"x")
    out = repack(
        net.s1, pkg, tmp_path / "both.zjkpkg", lines=[*lines[:-1], canonical_json(d)], reseal=False
    )
    summary = net.receive("township", out)
    assert not summary.ok and one_clean_line(summary.reason)


BAD_SEAL_LINES = {
    "extra key": lambda s: canonical_json(dict(s, extra=1)),
    "missing proof": lambda s: canonical_json({k: v for k, v in s.items() if k != "proof"}),
    "zero count": lambda s: canonical_json(dict(s, count=0)),
    "huge count": lambda s: canonical_json(dict(s, count=2**21)),
    "upper-case digest": lambda s: canonical_json(dict(s, digest=s["digest"].upper())),
    "short signature": lambda s: canonical_json(dict(s, sig=s["sig"][:40])),
    "proof of text": lambda s: canonical_json(dict(s, proof=["x"])),
    "proof as long as the seal": lambda s: canonical_json(
        dict(s, proof=[s["digest"]] * s["count"])
    ),
    "not canonical": lambda s: json.dumps(s),
    "not json": lambda s: "{" + canonical_json(s),
    "text seal number": lambda s: canonical_json(dict(s, seal=str(s["seal"]))),
}


@pytest.mark.parametrize("case", sorted(BAD_SEAL_LINES))
def test_a_malformed_seal_line_refuses_the_whole_file_in_one_line(net, tmp_path, case):
    s1_visits(net, 2)
    pkg = net.send("s1", "township")
    seal = s1_seal(net, seal_lines(pkg))
    before = net.township.dump_json()
    out = repack(net.s1, pkg, tmp_path / "bad.zjkpkg", seal_lines=[BAD_SEAL_LINES[case](seal)])
    summary = net.receive("township", out)
    assert not summary.ok and one_clean_line(summary.reason)
    assert net.township.dump_json() == before


def test_seal_lines_out_of_order_or_twice_refuse_the_whole_file(net, tmp_path):
    s1_visits(net, 2)
    pkg = net.send("s1", "township")
    seal = s1_seal(net, seal_lines(pkg))
    out = repack(net.s1, pkg, tmp_path / "twice.zjkpkg", seal_lines=[canonical_json(seal)] * 2)
    summary = net.receive("township", out)
    assert not summary.ok and one_clean_line(summary.reason)


def test_refusals_are_in_english_too(net, tmp_path):
    i18n.set_language("en")
    try:
        summary = forged_relay(
            net, tmp_path, seals_=lambda ss: [s for s in ss if s["node"] != net.s1.node_id]
        )
        reasons = refusals(summary)
        assert reasons and all("lacks the seal" in r and "特派员1" in r for r in reasons)
    finally:
        i18n.set_language("zh_CN")


# ------------------------------------------------------------ province size
def test_a_whole_province_package_fits_the_container_caps():
    """Issue 14: a province's changes (≈1.5 GB inflated from ≈150 MB) are no longer refused."""
    stored, inflated = 150 << 20, 1536 << 20
    assert stored <= container.MAX_MEMBER_BYTES and stored <= container.MAX_FILE_BYTES
    assert inflated <= container.max_raw_size(stored)
    # ... while a member still may not claim more than MAX_RATIO times its stored size
    assert container.max_raw_size(1 << 20) == container.MAX_RATIO << 20
