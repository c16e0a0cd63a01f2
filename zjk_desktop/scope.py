"""Which villages and records a node looks after.

A specialist sees their own records and assigned villages; a township clerk
everything in the township; a county team everything in the county; a node
without an organisation (the city office, a demo) everything.  Every list,
dashboard and report asks the scope for its SQL filter, so the rule lives
here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .store import Store


@dataclass(frozen=True)
class Scope:
    kind: str  # "all" | "county" | "township" | "specialist"
    org_id: str | None = None
    specialist_id: str | None = None

    # SQL fragments below use only parameters for values.
    def village_filter(self, column: str = "id") -> tuple[str, list[Any]]:
        """Filter on org_unit rows (villages) by the scope, for ``column`` holding a village id."""
        if self.kind == "all":
            return "1 = 1", []
        if self.kind == "county":
            return (
                (
                    f"{column} IN (SELECT v.id FROM org_unit v JOIN org_unit t ON v.parent_id = t.id"
                    " WHERE t.parent_id = ? AND v.deleted = 0)"
                ),
                [self.org_id],
            )
        if self.kind == "township":
            return (
                f"{column} IN (SELECT id FROM org_unit WHERE parent_id = ? AND deleted = 0)",
                [self.org_id],
            )
        return (
            (
                f"{column} IN (SELECT village_id FROM assignment WHERE specialist_id = ?"
                " AND deleted = 0)"
            ),
            [self.specialist_id],
        )

    def record_filter(self) -> tuple[str, list[Any]]:
        """Filter on a record table (visit/extension/training) by the scope."""
        if self.kind == "all":
            return "1 = 1", []
        if self.kind == "specialist":
            return "specialist_id = ?", [self.specialist_id]
        villages, params = self.village_filter("village_id")
        # A township/county also sees records of its own specialists made elsewhere.
        if self.kind == "township":
            return (
                f"({villages} OR specialist_id IN (SELECT id FROM specialist WHERE org_id = ?))",
                [
                    *params,
                    self.org_id,
                ],
            )
        return (
            (
                f"({villages} OR specialist_id IN (SELECT s.id FROM specialist s JOIN org_unit t"
                " ON s.org_id = t.id WHERE t.parent_id = ?))"
            ),
            [*params, self.org_id],
        )

    def specialist_filter(self, column: str = "id") -> tuple[str, list[Any]]:
        if self.kind == "all":
            return "1 = 1", []
        if self.kind == "specialist":
            return f"{column} = ?", [self.specialist_id]
        villages, params = self.village_filter("village_id")
        return (
            f"{column} IN (SELECT specialist_id FROM assignment WHERE deleted = 0 AND {villages})",
            params,
        )


def scope_for_node(store: Store) -> Scope:
    node = store.node_info()
    if node.role == "specialist" and node.specialist_id:
        return Scope("specialist", specialist_id=node.specialist_id)
    if node.role in ("township", "county") and node.org_id:
        return Scope(node.role, org_id=node.org_id)
    return Scope("all")
