"""The one exception sync raises for the user: a one-line message in their language."""

from ..errors import UserError


class SyncError(UserError):
    """A refused or failed sync operation; ``str(exc)`` is the message for the user."""
