"""The one exception sync raises for the user: a one-line message in their language."""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..errors import UserError


class SyncError(UserError):
    """A refused or failed sync operation; ``str(exc)`` is the message for the user.

    ``key``: the message's catalogue key when one is known (the GUI asks about some, e.g.
    ``sync.unknown_key``), kept in the import's summary as its ``reason_key``.
    """

    key: str | None = None

    @classmethod
    def keyed(cls, key: str | None, message: str) -> SyncError:
        exc = cls(message)
        exc.key = key
        return exc

    @classmethod
    def of(cls, key: str, **params: Any) -> SyncError:
        """The error whose message is catalogue entry ``key`` in the user's language."""
        return cls.keyed(key, i18n.t(key, **params))
