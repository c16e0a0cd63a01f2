"""Local SQLite store: schema, migrations and the version log."""

from .db import Store, StoreError
from .reads import NotEmpty, Range
from .versions import Change, ValidationFailed, Version, WriteOutcome

__all__ = [
    "Change",
    "NotEmpty",
    "Range",
    "Store",
    "StoreError",
    "ValidationFailed",
    "Version",
    "WriteOutcome",
]
