"""The one error type a user sees.

``UserError`` is the base of every refusal or failure that is the user's to
act on: ``str(exc)`` is the one-line message in the user's language, ready to
print (CLI) or show (GUI).  Each layer subclasses it (validation, store, sync,
reports); nothing else is shown to a user, and a traceback never is.

``code`` is a stable machine code and ``field`` the field key a problem is
about (when there is one), so ``zjk --json`` can carry both.
"""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A one-line message for the user (already translated)."""

    code: str = "error"
    field: str | None = None

    def __init__(self, message: str = "", *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        if field is not None:
            self.field = field

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": str(self)}
        if self.field:
            out["field"] = self.field
        return out
