"""The mistake catalogue: known-wrong answers for every exercise, one small function each.

Each `Wrong` names the exercise it answers, the wrong implementation (named
after the mistake; numpy and cv2 only, and the part's shared helpers, whose
source its solution cell carries so that it also runs alone in the sandbox)
and a phrase the feedback must contain. test_mistake_catalogue.py
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
        """The text of a solution cell that gives this answer (for the sandbox and notebooks):
        the helpers it calls from its module (see `helpers_of`), then the answer itself."""
        if not callable(self.answer):
            return f"{self.exercise} = {self.answer!r}"
        sources = [textwrap.dedent(inspect.getsource(f)) for f in (*helpers_of(self.answer), self.answer)]
        return "import numpy as np\n\n" + "\n\n".join(sources) + f"\n{self.exercise} = {self.answer.__name__}\n"


def helpers_of(function) -> list:
    """The functions of `function`'s own module that it calls, directly or through each other,
    each listed after the helpers it needs itself.

    The wrong answers of a part share their right parts (argument checks, padding) as
    module-level helpers; a solution cell carries the helpers' source so that it still runs
    alone in the sandbox.
    """
    found = []

    def visit(caller):
        for name in sorted(_names_used(caller.__code__)):
            value = caller.__globals__.get(name)
            if (inspect.isfunction(value) and value.__module__ == function.__module__
                    and value is not function and value not in found):
                visit(value)
                found.append(value)

    visit(function)
    return found


def _names_used(code) -> set:
    """The global names a code object reads, its lambdas and inner functions included."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if inspect.iscode(constant):
            names |= _names_used(constant)
    return names


def all_wrong() -> list:
    """Every catalogue entry of every part."""
    from . import part1, part2, part3, part4, part5, part6, part7
    entries = []
    for module in (part1, part2, part3, part4, part5, part6, part7):
        entries.extend(module.WRONG)
    return entries
