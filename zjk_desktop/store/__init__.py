"""Local SQLite store: schema, migrations and the version log."""

from .db import Store, StoreError
from .versions import Change, ValidationFailed, Version, WriteOutcome

__all__ = [
    "Change",
    "Store",
    "StoreError",
    "ValidationFailed",
    "Version",
    "WriteOutcome",
]
