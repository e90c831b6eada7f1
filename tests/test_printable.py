"""`printable`: text from a student's code shown to a person, never obeyed by a terminal."""
import sys
import unicodedata

import pytest

from autograder.pipeline.csvsafe import write_csv
from autograder.pipeline.printable import printable


def test_every_unicode_format_character_is_written_as_an_escape():
    """Bidi marks, zero-width characters and the BOM (category Cf) reorder or hide what a
    terminal shows, or make two names look the same: each is shown as its escape."""
    format_characters = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    kept = [f"U+{ord(c):04X}" for c in format_characters if printable(f"a{c}b") == f"a{c}b"]
    assert format_characters and not kept, f"format characters left as they are: {kept}"
    assert printable("d\u0430\u200bemon\u202e") == "d\u0430\\u200bemon\\u202e"


@pytest.mark.parametrize("surrogate", ["\ud800", "\udcff", "\udfff"])
def test_a_lone_surrogate_is_written_as_an_escape(surrogate):
    """os.fsdecode makes a file name that is not UTF-8 into lone surrogates, which no UTF-8 file
    or terminal can hold."""
    shown = printable(f"notes{surrogate}.txt")
    assert shown == f"notes\\u{ord(surrogate):x}.txt"
    shown.encode("utf-8")


def test_line_breaks_tabs_and_letters_are_kept():
    assert printable("été\tok\nnext 🙂") == "été\tok\nnext 🙂"


def test_a_csv_file_is_written_whatever_text_a_cell_holds(tmp_path):
    """write_csv escapes what UTF-8 cannot hold rather than stop the file at that row."""
    write_csv(tmp_path / "x.csv", ["a"], [["\udcff"], ["after"]])
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines() == ["a", "\\udcff", "after"]
