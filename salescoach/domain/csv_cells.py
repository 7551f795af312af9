"""Spreadsheet safety for CSV cells: formula injection, both ways.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (a tab or carriage
return in front can hide one), so a prospect's name copied from a web page could run commands
when a colleague opens the export. Following OWASP's advice, CSV exports put an apostrophe in
front of such a cell; spreadsheets show the rest as plain text. The database and JSON keep the
text exactly as typed.
"""

from __future__ import annotations

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def neutralise(text: str) -> str:
    """The cell as a CSV export writes it: never a formula in a spreadsheet."""
    return TEXT_MARK + text if text.startswith(FORMULA_STARTERS) else text


def restore(text: str) -> str:
    """Undo `neutralise`, so a SalesCoach export imported again gives back what was typed."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTERS):
        return text[1:]
    return text
