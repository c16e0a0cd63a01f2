"""Record identity: UUIDs that name the node that made them.

Python 3.11's ``uuid`` module has no ``uuid7``; the layouts are simple enough.
Ids made by ``new_id(node_id=…)`` use the UUIDv8 ("custom") layout of RFC 9562,
namespaced by the creating node:

    64 bits  the creating node's id     (split around the version and variant bits;
                                          its first 12 hex digits lead the id as they are)
     4 bits  version 8
     2 bits  variant
    48 bits  Unix milliseconds           (ids of one node are time-ordered: B-tree locality)
    10 bits  sequence within the millisecond (random start, then +1)

So a record id says which node created it, and nobody else can create a
record under that id: the importer and the store refuse a *create* whose id
names another node (``id_node``), which is what keeps one specialist from
claiming another specialist's record (DESIGN.md §4.5).  The last ten hex
digits (time and sequence) tell a node's records apart, so the short id the
command line prints stays unique.  Ids are still ordinary lowercase UUID
text.  ``new_id()`` without a node gives the older UUIDv7 layout (bundle
ids, demo data); such ids name no node.
"""

from __future__ import annotations

import os
import re
import threading
import time

ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_NODE_RE = re.compile(r"[0-9a-f]{16}", re.ASCII)

_lock = threading.Lock()
_last_ms = -1
_seq = 0


def _format(value: int) -> str:
    h = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, without the object
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_id(now_ms: int | None = None, node_id: str | None = None) -> str:
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    if node_id is not None and _NODE_RE.fullmatch(node_id):
        return _node_id_uuid(ms, int(node_id, 16))
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    return _format(value)


def _node_id_uuid(ms: int, node: int) -> str:
    global _last_ms, _seq
    with _lock:
        if ms > _last_ms:
            _last_ms, _seq = ms, int.from_bytes(os.urandom(2), "big") & 0x1FF
        else:
            _seq += 1
            if _seq > 0x3FF:  # 1024 ids in one millisecond: borrow the next one
                _last_ms, _seq = _last_ms + 1, 0
        ms, seq = _last_ms, _seq
    value = (node >> 16) << 80  # node bits 63..16
    value |= 0x8 << 76  # version 8: custom layout
    value |= ((node >> 4) & 0xFFF) << 64  # node bits 15..4
    value |= 0b10 << 62  # variant
    value |= (node & 0xF) << 58  # node bits 3..0
    value |= (ms & ((1 << 48) - 1)) << 10
    value |= seq
    return _format(value)


def new_ids(count: int, node_id: str, now_ms: int | None = None) -> list[str]:
    """``count`` ids exactly as ``count`` calls of ``new_id(now_ms, node_id)`` make them
    (one clock reading and one lock for the lot: a batch of creates)."""
    if count <= 0:
        return []
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    if not _NODE_RE.fullmatch(node_id):
        return [new_id(ms, node_id) for _ in range(count)]
    global _last_ms, _seq
    node = int(node_id, 16)
    fixed = (node >> 16) << 80 | 0x8 << 76 | ((node >> 4) & 0xFFF) << 64 | 0b10 << 62
    fixed |= (node & 0xF) << 58
    out = []
    with _lock:
        for _ in range(count):
            if ms > _last_ms:
                _last_ms, _seq = ms, int.from_bytes(os.urandom(2), "big") & 0x1FF
            else:
                _seq += 1
                if _seq > 0x3FF:
                    _last_ms, _seq = _last_ms + 1, 0
            h = f"{fixed | (_last_ms & ((1 << 48) - 1)) << 10 | _seq:032x}"
            out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def id_node(record_id: str) -> str | None:
    """The node a version-8 id names (16 hex digits); None for other ids."""
    if type(record_id) is not str or not ID_RE.fullmatch(record_id) or record_id[14] != "8":
        return None
    value = int(record_id.replace("-", ""), 16)
    if (value >> 62) & 0b11 != 0b10:
        return None
    node = ((value >> 80) << 16) | (((value >> 64) & 0xFFF) << 4) | ((value >> 58) & 0xF)
    return f"{node:016x}"


def is_record_id(text: object) -> bool:
    """The one id syntax on the wire: lowercase UUID text."""
    return type(text) is str and ID_RE.fullmatch(text) is not None


def new_node_id() -> str:
    """A short random node id: 16 hex characters."""
    return os.urandom(8).hex()
