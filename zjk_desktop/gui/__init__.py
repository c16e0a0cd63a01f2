"""Everything that imports PySide6 lives here; it calls the core, never SQL."""
