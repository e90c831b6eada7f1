"""The mistake catalogue: known-wrong answers for every exercise, one small function each.

Each `Wrong` names the exercise it answers, the wrong implementation (named
after the mistake, self-contained: numpy and cv2 only, so it also runs in the
sandbox) and a phrase the feedback must contain. test_mistake_catalogue.py
proves every hidden check fails on every entry, scores 0 and names the mistake.
"""
from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Wrong:
    exercise: str
    answer: Any          # a function, or the wrong value of a constant
    mentions: str        # the feedback must contain this (case-insensitive)

    @property
    def label(self) -> str:
        name = getattr(self.answer, "__name__", repr(self.answer))
        return f"{self.exercise}-{name}"

    def solution_source(self) -> str:
        """The text of a solution cell that gives this answer (for the sandbox and notebooks)."""
        if not callable(self.answer):
            return f"{self.exercise} = {self.answer!r}"
        source = textwrap.dedent(inspect.getsource(self.answer))
        return f"import numpy as np\n\n{source}\n{self.exercise} = {self.answer.__name__}\n"


def all_wrong() -> list:
    """Every catalogue entry of every part."""
    from . import part1, part2, part3, part4, part5, part6, part7
    entries = []
    for module in (part1, part2, part3, part4, part5, part6, part7):
        entries.extend(module.WRONG)
    return entries
