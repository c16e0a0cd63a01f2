"""Sync by file: signed ``.zjkpkg`` packages carried on USB sticks or messaging apps.

Public API (the GUI and the CLI call only these)::

    export_package(store, to, *, full=False, out, progress=None, should_cancel=None)
    export_roster(store, out, ...)            # county only
    export_receipt(store, for_node, out)
    import_files(store, paths, *, dry_run=False, progress=None, should_cancel=None)
    verify_file(store, path)
    peer_status(store)
    fingerprint(store)

Everything else is built on the core's version log: a package carries
versions exactly as their origin node made them (with the origin's
signature), and ``Store.apply_versions`` merges them — idempotent and
order-free — so the same set of versions gives the same rows everywhere.
"""

from __future__ import annotations

from . import messages  # noqa: F401
from .errors import SyncError
from .export import ExportResult, export_package, export_receipt, export_roster
from .importer import ImportSummary, import_files, verify_file
from .keys import ensure_keypair, fingerprint
from .peers import peer_status

__all__ = [
    "ExportResult",
    "ImportSummary",
    "SyncError",
    "ensure_keypair",
    "export_package",
    "export_receipt",
    "export_roster",
    "fingerprint",
    "import_files",
    "peer_status",
    "verify_file",
]
