"""Helpers for the report tests: the text a PDF prints, as a reader's copy-paste gives it.

A module of the package, not of ``tests/``, so tests import it by one name and a type
checker follows it (as ``gui.testing``).  Nothing here runs in the program itself;
pypdf is a test dependency.
"""

from __future__ import annotations

import re
from pathlib import Path


def pdf_text(path: Path | str) -> str:
    """Every page's text with all white space removed (line breaks fall anywhere)."""
    from pypdf import PdfReader

    pages = PdfReader(str(path)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pages))
