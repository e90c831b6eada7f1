"""Text from a student's code as a person reads it: control characters shown, never obeyed.

An exception message or a file name can hold terminal control sequences (clear the screen, move
the cursor, hide what follows) that would redraw what a teacher or learner sees in a terminal,
or in a CSV file opened with `cat`. `printable` writes every control character except a line
break and a tab as a Python escape (ESC becomes the four characters \\x1b), and so it does
Unicode's invisible format characters and lone surrogates.
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode line and paragraph
# separators, which move what a terminal shows.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
# Unicode's format characters (category Cf, Unicode 15): bidirectional marks and overrides
# (U+061C, U+200E/F, U+202A-E, U+2066-9), which reorder what is shown, zero-width spaces and
# joiners, the byte order mark and invisible operators, which hide text or make two different
# names look the same. (tests/test_printable.py checks this list against unicodedata.)
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
           "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
           "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
# Lone surrogates: what os.fsdecode makes of a file name that is not UTF-8 ('notes\udcff.txt');
# no UTF-8 file or terminal can hold them (writing one raises UnicodeEncodeError).
_SURROGATES = "\ud800-\udfff"
_UNPRINTABLE = re.compile(f"[{_CONTROLS}{_FORMAT}{_SURROGATES}]")


def printable(text: str) -> str:
    """`text` with its control characters, format characters and lone surrogates written as
    escapes (\\x1b, \\r, \\u202e, \\u200b, \\udcff, ...); line breaks and tabs are kept."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)
