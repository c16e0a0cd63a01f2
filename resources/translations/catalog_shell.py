"""Chinese for the shell's strings (GUI-A): main window, dashboard, wizard, sync, reports, settings.

Keys are the English source strings (or "Context|source" for one context only).
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {
}
