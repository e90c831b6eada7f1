"""Text from a student's code as a person reads it: control characters shown, never obeyed.

An exception message or a file name can hold terminal control sequences (clear the screen, move
the cursor, hide what follows) that would redraw what a teacher or learner sees in a terminal,
or in a CSV file opened with `cat`. `printable` writes every control character except a line
break and a tab as a Python escape (ESC becomes the four characters \\x1b).
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode line and paragraph
# separators and bidirectional overrides, which reorder what a terminal shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with its control characters written as escapes (\\x1b, \\r, \\u202e, ...)."""
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)
