"""CSV cells a spreadsheet never reads as a formula.

A cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (CSV injection). Text from a student (an id, a file name, an
error message) can start that way, so every text cell written for a teacher goes through
`safe_cell`, which puts a single quote in front of such a cell: the spreadsheet then shows the
text as it is. A cell that already starts with a quote gets one more, so that `original_cell`
reads back exactly what was written. Numbers are written as they are (a negative number stays
a number). Control characters (but tab and newline) are written as escapes (`printable`): a
teacher may `cat` the file in a terminal, and such text is not read back.
"""
from __future__ import annotations

import csv
from pathlib import Path

from autograder.pipeline.printable import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value) -> object:
    """`value` as a CSV cell: text that a spreadsheet would run as a formula gets a leading ',
    and control characters but tab and newline are shown as escapes."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS + (QUOTE,)):
        return QUOTE + printable(value)
    return printable(value) if isinstance(value, str) else value


def original_cell(text: str) -> str:
    """The text `safe_cell` was given, from the cell it wrote (a cell read from a CSV file)."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS + (QUOTE,)):
        return text[1:]
    return text


def safe_row(row) -> list:
    """Every cell of `row` through `safe_cell`."""
    return [safe_cell(value) for value in row]


def write_csv(path: Path, header: list, rows) -> None:
    """Write `header` and `rows` to `path` (UTF-8, csv module quoting), every cell made safe.
    Text UTF-8 cannot hold (a lone surrogate `printable` missed) is written as an escape: one
    cell never stops a file that holds the whole class."""
    with open(path, "w", newline="", encoding="utf-8", errors="backslashreplace") as f:
        writer = csv.writer(f)
        writer.writerow(safe_row(header))
        for row in rows:
            writer.writerow(safe_row(row))
