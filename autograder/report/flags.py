"""Group the rows of flags.csv by the kind of their reason, with the students to look at.

A reason is free text that names files, cells, exercises, limits and error messages
("part2_im_conv.ipynb: cell 7 writes or deletes files; a person should look"). Its kind is
that text with the particulars taken out: the file and exercise it starts with, whatever
follows the first ": " or " (" (an error message, a detail), numbers, quoted text and file
names, the flag's own assignment and exercise (a reason never names the student). Two students who did the same thing get the
same kind ("cell N writes or deletes files; a person should look").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACEHOLDER = "…"
KIND_CHARS = 160

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\[[^\]]*\]")
_FILE = re.compile(r"[^\s:'\"]*\.(ipynb|py|txt|json|csv|md|png|jpe?g|zip|html?|log|pdf|docx?)\b",
                   re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(\.\d+)?(?![\w.])")
_DETAIL = re.compile(r": | \(")


@dataclass
class FlagGroup:
    kind: str
    flags: list = field(default_factory=list)   # FlagRow, sorted by student

    @property
    def students(self) -> list:
        """The distinct students of the group, sorted."""
        return sorted({f.student for f in self.flags})


def _known_names() -> set:
    from autograder.exercises import EXERCISES
    return set(EXERCISES) | {f"test_{name}" for name in EXERCISES}


def _without(text: str, value: str) -> str:
    """`text` with every whole-token occurrence of `value` replaced by the placeholder."""
    if not value:
        return text
    return re.sub(rf"(?<![\w.\-]){re.escape(value)}(?![\w\-]|\.\w)", PLACEHOLDER, text)


def flag_kind(flag, names: set | None = None) -> str:
    """What kind of thing `flag` reports: its reason with the particulars taken out."""
    names = _known_names() if names is None else names
    text = " ".join(str(flag.reason).split())
    for value in sorted({flag.assignment, flag.exercise} - {""}, key=len, reverse=True):
        text = _without(text, value)
    text = _FILE.sub(PLACEHOLDER, text)
    # Leading particulars: "<notebook>: ", "<exercise>: " (limits), then the detail after the first ": ".
    while True:
        head, sep, rest = text.partition(": ")
        if sep and (head == PLACEHOLDER or head in names):
            text = rest
        else:
            break
    text, *detail = _DETAIL.split(text, maxsplit=1)
    if detail and len(text.split()) == 1:
        text += ": " + PLACEHOLDER  # "blocked: …": one word says too little without a hint of more
    text = _QUOTED.sub(PLACEHOLDER, text)
    text = _NUMBER.sub("N", text)
    text = " ".join(PLACEHOLDER if word.strip(".,;") in names else word for word in text.split())
    text = re.sub(rf"{PLACEHOLDER}(\W*{PLACEHOLDER})+", PLACEHOLDER, text).strip(" .;,")
    if len(text) > KIND_CHARS:
        text = text[:KIND_CHARS] + " " + PLACEHOLDER
    return text or "no reason given"


def group_flags(flags: list) -> list:
    """[FlagGroup], the groups with the most students first."""
    names = _known_names()
    groups: dict = {}
    for flag in flags:
        kind = flag_kind(flag, names)
        groups.setdefault(kind, FlagGroup(kind)).flags.append(flag)
    for group in groups.values():
        group.flags.sort(key=lambda f: (f.student, f.assignment, f.exercise, f.reason))
    return sorted(groups.values(), key=lambda g: (-len(g.students), -len(g.flags), g.kind))
