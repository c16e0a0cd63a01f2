"""Time-ordered record identity (UUIDv7 layout, RFC 9562).

Python 3.11's ``uuid`` module has no ``uuid7``; the layout is simple enough:
48 bits of Unix milliseconds, version 7, 74 random bits.  Ids made later sort
later (good B-tree locality) and never depend on a database sequence, so two
offline laptops can create records without colliding.
"""

from __future__ import annotations

import os
import time
import uuid


def new_id(now_ms: int | None = None) -> str:
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    h = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, without the object
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_node_id() -> str:
    """A short random node id: 16 hex characters."""
    return os.urandom(8).hex()


def is_uuid(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
