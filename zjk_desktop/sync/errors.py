"""The one exception sync raises for the user: a one-line message in their language."""


class SyncError(Exception):
    """A refused or failed sync operation; ``str(exc)`` is the message for the user."""
