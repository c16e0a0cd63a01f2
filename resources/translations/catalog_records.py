"""Chinese for the record pages' strings (GUI-B): lists, forms, review, roster, history, conflicts.

Keys are the English source strings (or "Context|source" for one context only).
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {
}
