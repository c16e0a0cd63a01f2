"""Sync by file: signed ``.zjkpkg`` packages carried on USB sticks or messaging apps.

Public API (the GUI and the CLI call only these)::

    export_package(store, to, *, full=False, out, progress=None, should_cancel=None)
    export_roster(store, out, ...)            # county only
    export_receipt(store, for_node, out)
    import_files(store, paths, *, dry_run=False, progress=None, should_cancel=None)
    verify_file(store, path)                  # every check, writes nothing
    exit_code(summaries)                      # 0 applied / 3 partly refused or held / 1 refused
    peer_status(store)
    fingerprint(store)

Everything else is built on the core's version log: a package carries
versions exactly as their origin node made them (with the origin's
seal), and ``Store.apply_versions`` merges them — idempotent and
order-free — so the same set of versions gives the same rows everywhere.

Decisions worth knowing:

- Proof of origin (issue 14, ``seals.py``): the first time its versions
  leave it, a node seals them in batches — one Ed25519 signature over the
  Merkle root of a batch (``{node, seal, count, digest}``) instead of one
  per version (64 incompressible bytes, half of a package).  Each version
  names its seal and place; a package carries the seals its versions refer
  to, with a Merkle multiproof when it carries only part of one, and every
  receiver keeps them (and the subtree hashes standing in for what it does
  not hold) so it can forward any part onward.  Every version — the
  sender's own too — is accepted only under a seal that verifies with its
  origin's current key, and judged by the origin's authority.  Versions
  signed one by one before seals (``Version.sig``) keep their signature and
  still travel and verify; the sender's own unsigned ones stay covered by
  the manifest signature, as before.
- Personal fields in older versions: shipped unchanged.  A deletion tombstone
  nulls personal fields in the current row on every node (the core's merge),
  but versions before the tombstone keep their values in history and travel
  with relays, because rewriting them would break their origin signatures
  and the (node, counter) identity the merge relies on.  They travel only
  along the official chain (specialist → township → county), never to other
  specialists (exports to a specialist leave out other people's records).
  Purging them needs signatures that commit to salted hashes of personal
  values — a later issue.
- Held back, not refused: changes to a record whose creation has not
  arrived, and changes pointing at a village, specialist or record not held
  here, are held back as a suffix of their origin's counters; the version
  vector stays exact, so the sender's next delta brings them again and they
  apply when they can.  Changes dated far in the future are *applied* but
  never move this clock; their origin re-stamps them once its clock is fixed
  (``Store.recover_clock``), and a version that replaced another wins over
  it whatever the stamps say.
- Refused for good: changes beyond the origin's authority (the same
  ``authority.refusal`` the store applies to local writes), malformed
  values, unknown or revoked origin keys, a (node, counter) already held
  with other content.  Listed in the summary and in the receipt.  Whole-file
  refusals (damaged, forged, misaddressed, a line that breaks the wire
  grammar) change nothing and are not recorded (their bundle id cannot be
  trusted).
- What a node claims to hold (manifest and receipt ``vector``) is the core's
  gap-free ``version_vector()``: after a roster (only part of the county's
  log) the township claims only the prefix it really has, so the county's
  next delta still brings everything above it.  Unsent counts in the peer
  list count every version held above a peer's claim, gaps included, from
  one pass over the log per open database, then only the versions added
  since (``peers.HeldCounters.of``).
- Format 3 adds ``seals.ndjson`` and orders the lines for size: roster,
  then records grouped by specialist, then management data, each record's
  versions in storage order (every version after what it refers to).
- Format 2 stores ``changes.ndjson`` raw-deflated (the zip layer stays
  stored).  The manifest signs the compressed bytes and the inflated size;
  the receiver checks the hash, then the signature, then inflates to exactly
  that size (ratio-capped) and never compresses again, so another zlib on
  either side cannot change a byte.  Format 1 (plain) is still imported.
"""

from __future__ import annotations

from . import messages  # noqa: F401
from .errors import SyncError
from .export import ExportResult, export_package, export_receipt, export_roster
from .importer import ImportSummary, exit_code, import_files, verify_file
from .keys import ensure_keypair, fingerprint
from .peers import peer_status

__all__ = [
    "ExportResult",
    "ImportSummary",
    "SyncError",
    "ensure_keypair",
    "exit_code",
    "export_package",
    "export_receipt",
    "export_roster",
    "fingerprint",
    "import_files",
    "peer_status",
    "verify_file",
]
