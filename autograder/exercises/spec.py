"""What an exercise is, for the grader: its cases, how results compare, its known mistakes.

Grading keeps four steps apart (COURSE.md): generate the cases (seeded, no
reference needed), compute the expected outcomes with `solutions`, call the
student's code on the same cases (in the notebook's kernel or in a sandbox),
then compare and diagnose. This module only describes; it runs nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

# Case tags the diagnosis understands: a failure confined to one tag names the mistake.
TAG_MEANINGS = {
    "uint8": "fails only on uint8 images: convert to float64 before multiplying or "
             "adding (uint8 arithmetic wraps around at 256)",
    "non_square": "fails only on non-square inputs: rows and columns are swapped "
                  "somewhere (im[x, y]: x is the row, axis 0; shape is (rows, columns))",
    "even_kernel": "fails only on even kernel sizes: check the window bounds and "
                   "any `// 2` you use",
    "kernel_1x1": "fails only on a 1x1 kernel: check the edge of your loop bounds",
    "kernel_as_image": "fails only when the kernel is as large as the image "
                       "(the valid result is then 1x1): a loop bound is one short",
    "negative": "fails only on inputs with negative values: do not clip, take "
                "absolute values or use unsigned types",
    "stride": "fails only when the stride is larger than 1",
    "padding": "fails only when there is padding",
    "dilation": "fails only when the dilation is larger than 1",
    "bias": "fails only when a bias is given",
    "multi_channel": "fails only with several channels or filters",
}


@dataclass(frozen=True)
class Case:
    """One call of an exercise function: `fn(*args, **kwargs)`.

    `label` says in words what the case is ("random 5x7 uint8 image, 2x3
    kernel"); `tags` are keys of TAG_MEANINGS (or free words) that group
    cases for the diagnosis; `timed` marks a case whose run time is judged.
    """
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""
    tags: frozenset = frozenset()
    timed: bool = False

    def size(self) -> int:
        """How big the case is, to show the smallest failing one."""
        total = 0
        for value in list(self.args) + list(self.kwargs.values()):
            total += int(np.size(value)) if isinstance(value, np.ndarray) else 1
        return total


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and what to tell the student who gives it.

    `produce(case)` returns what a function with this mistake returns on the
    case (computed with the reference, so it only runs where `solutions` is
    importable); a student's result equal to it names the mistake.
    `shape_only`: match on the shape alone (for "same mode instead of valid").
    """
    name: str
    explain: str
    produce: Callable[[Case], Any]
    shape_only: bool = False


@dataclass(frozen=True)
class Exercise:
    """A graded name of the course: a function or a constant.

    Inputs:
    - name: the name the student defines (and the nbgrader grade_id).
    - make_cases: rng -> list of Case; called with a seeded generator so that
      grades are reproducible. A constant has one case with no arguments.
    - kind: "function" or "constant".
    - mistakes: known wrong answers, tried in order on a failing case.
    - float_result: array results must be float64.
    - rtol, atol: tolerance for array values.
    - speedup: for a timed case, the student's call must be at least this
      many times faster than the reference loop `slow_reference` (in a trusted process) or
      the source notebook's given loop `given_loop` (clocked in the same jail as the answer).
    - arg_names: the parameter names, to show a failing case readably.
    - reveal_expected: show the expected value in feedback (False where it
      is the answer itself, as for SUBIMAGE_OPTION).
    - compare: optional (expected, got, exercise) -> None or what differs, used
      instead of compare.values_differ (e.g. a dict that needs only some keys).
    """
    name: str
    make_cases: Callable[[np.random.Generator], list]
    kind: str = "function"
    mistakes: tuple = ()
    float_result: bool = True
    rtol: float = 1e-7
    atol: float = 1e-9
    speedup: float = 0.0
    slow_reference: str = ""
    given_loop: str = ""
    arg_names: tuple = ()
    reveal_expected: bool = True
    compare: Callable | None = None

    def cases(self, seed: int = 0) -> list:
        return self.make_cases(np.random.default_rng(seed))
