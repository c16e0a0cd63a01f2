"""Hybrid logical clock stamps.

A stamp is ``"<ms:013d>-<logical:04d>-<node_id>"`` in ASCII digits and
lowercase hex, nothing else: comparing two stamps as strings orders them by
physical time, then logical counter, then node id (the deterministic
tie-break).  A node's clock never goes backwards and always moves past every
stamp it has seen, so an edit made after seeing another edit always carries a
larger stamp, whatever the laptop's wall clock says.

``parse_stamp`` is the one door from text to numbers: it accepts exactly the
fixed-width form (no sign, no space, no ``_``, no fullwidth digits, which
``int()`` would all take), so string order and numeric order always agree.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

LOGICAL_MAX = 9999
NODE_ID_RE = re.compile(r"[0-9a-f]{16}", re.ASCII)
STAMP_RE = re.compile(r"([0-9]{13})-([0-9]{4})-([0-9a-f]{16})", re.ASCII)
MAX_MS = 10**13 - 1


def is_node_id(text: object) -> bool:
    return type(text) is str and NODE_ID_RE.fullmatch(text) is not None


def is_stamp(text: object) -> bool:
    return type(text) is str and STAMP_RE.fullmatch(text) is not None


def format_stamp(ms: int, logical: int, node_id: str) -> str:
    if not 0 <= ms <= MAX_MS or not 0 <= logical <= LOGICAL_MAX:
        raise ValueError("stamp out of range")
    return f"{ms:013d}-{logical:04d}-{node_id}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    """(ms, logical, node) of a well-formed stamp; ValueError for anything else."""
    m = STAMP_RE.fullmatch(stamp) if type(stamp) is str else None
    if m is None:
        raise ValueError("malformed stamp")
    return int(m.group(1)), int(m.group(2)), m.group(3)


def stamp_ms(stamp: str) -> int:
    return parse_stamp(stamp)[0]


@dataclass
class HybridClock:
    node_id: str
    last_ms: int = 0
    last_logical: int = 0

    @classmethod
    def from_stamp(cls, node_id: str, stamp: str | None) -> HybridClock:
        clock = cls(node_id)
        if stamp and is_stamp(stamp):
            clock.last_ms, clock.last_logical, _ = parse_stamp(stamp)
        return clock

    def now(self, wall_ms: int | None = None) -> str:
        """A new stamp, larger than every stamp this clock has issued or seen."""
        wall = int(time.time() * 1000) if wall_ms is None else wall_ms
        if wall > self.last_ms:
            self.last_ms, self.last_logical = min(wall, MAX_MS), 0
        else:
            self.last_logical += 1
            if self.last_logical > LOGICAL_MAX:
                self.last_ms = min(self.last_ms + 1, MAX_MS)
                self.last_logical = 0
        return format_stamp(self.last_ms, self.last_logical, self.node_id)

    def observe(self, stamp: str) -> None:
        """Move past a stamp received from another node (callers cap far-future stamps)."""
        ms, logical, _ = parse_stamp(stamp)
        if (ms, logical) > (self.last_ms, self.last_logical):
            self.last_ms, self.last_logical = ms, logical

    @property
    def last(self) -> str:
        return format_stamp(self.last_ms, self.last_logical, self.node_id)
