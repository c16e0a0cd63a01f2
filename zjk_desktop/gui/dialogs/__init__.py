"""Dialogs opened from the pages (record and roster editing, history, conflicts)."""
