"""Which villages and records a node looks after.

A specialist sees their own records and assigned villages; a township clerk
everything in the township; a county team everything in the county; a node
without an organisation (the city office, a demo) everything.  Every list,
dashboard and report asks the scope (``Store.rows(scope=)``, or for its SQL
filter in the core's aggregate queries), so the rule lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .store import Store
from .store.reads import scope_record_sql, scope_specialist_sql, scope_village_sql


@dataclass(frozen=True)
class Scope:
    kind: str  # "all" | "county" | "township" | "specialist"
    org_id: str | None = None
    specialist_id: str | None = None

    # The SQL lives in the store (store/reads.py), which also takes a Scope in
    # ``Store.rows(..., scope=)``; these are for the core's own aggregate queries.
    def village_filter(self, column: str = "id") -> tuple[str, list[Any]]:
        """Filter on org_unit rows (villages) by the scope, for ``column`` holding a village id."""
        return scope_village_sql(self, column)

    def record_filter(self) -> tuple[str, list[Any]]:
        """Filter on a record table (visit/extension/training) by the scope."""
        return scope_record_sql(self)

    def specialist_filter(self, column: str = "id") -> tuple[str, list[Any]]:
        return scope_specialist_sql(self, column)


def scope_for_node(store: Store) -> Scope:
    node = store.node_info()
    if node.role == "specialist" and node.specialist_id:
        return Scope("specialist", specialist_id=node.specialist_id)
    if node.role in ("township", "county") and node.org_id:
        return Scope(node.role, org_id=node.org_id)
    return Scope("all")
