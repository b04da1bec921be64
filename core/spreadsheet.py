"""Cells for a CSV a spreadsheet will open: shown as text, never run as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (CSV injection); a leading apostrophe makes it text.
Every CSV export writes its rows through ``spreadsheet_row``. Pure: standard library only.
"""

from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def spreadsheet_row(cells: Iterable[object]) -> list[str]:
    """Every cell of a row through ``spreadsheet_safe``."""
    return [spreadsheet_safe(cell) for cell in cells]
