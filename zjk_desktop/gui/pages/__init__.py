"""The main window's pages, one module each (Picard's ``picard/ui/`` layout)."""
