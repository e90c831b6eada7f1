"""CSV cells a spreadsheet never reads as a formula: student ids, file names and reasons are data."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """`value` as text; text that a spreadsheet would evaluate gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row(values) -> list:
    return [cell(v) for v in values]
