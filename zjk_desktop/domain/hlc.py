"""Hybrid logical clock stamps.

A stamp is ``"<ms:013d>-<logical:04d>-<node_id>"``: comparing two stamps as
strings orders them by physical time, then logical counter, then node id (the
deterministic tie-break).  A node's clock never goes backwards and always
moves past every stamp it has seen, so an edit made after seeing another edit
always carries a larger stamp, whatever the laptop's wall clock says.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

LOGICAL_MAX = 9999


def format_stamp(ms: int, logical: int, node_id: str) -> str:
    return f"{ms:013d}-{logical:04d}-{node_id}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    ms, logical, node = stamp.split("-", 2)
    return int(ms), int(logical), node


def stamp_ms(stamp: str) -> int:
    return int(stamp[:13])


@dataclass
class HybridClock:
    node_id: str
    last_ms: int = 0
    last_logical: int = 0

    @classmethod
    def from_stamp(cls, node_id: str, stamp: str | None) -> "HybridClock":
        clock = cls(node_id)
        if stamp:
            clock.last_ms, clock.last_logical, _ = parse_stamp(stamp)
        return clock

    def now(self, wall_ms: int | None = None) -> str:
        """A new stamp, larger than every stamp this clock has issued or seen."""
        wall = int(time.time() * 1000) if wall_ms is None else wall_ms
        if wall > self.last_ms:
            self.last_ms, self.last_logical = wall, 0
        else:
            self.last_logical += 1
            if self.last_logical > LOGICAL_MAX:
                self.last_ms += 1
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
