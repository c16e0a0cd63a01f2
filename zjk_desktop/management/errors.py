"""The one error type of the management core: ``str()`` is the user's one-line message."""

from __future__ import annotations

from ..store import StoreError


class ManagementError(StoreError):
    """Bad input or a refused step (message already in the user's language)."""
