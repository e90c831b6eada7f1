"""The hidden test's one call, `check_exercise(student_function, "im_conv")`, in a trusted process.

This is the check the instructor's own notebooks run (the reference-filled source notebooks,
the mistake catalogue's in-process tests): expected outcomes are computed here with
`solutions`. A grading jail has no such module: its `check_exercise` judges nothing
(`isolation/inside_init.py`), and the verdict is made outside (`verify`).
"""
from __future__ import annotations

from typing import Any

from autograder.exercises.diagnose import Report, judge
from autograder.exercises import get_exercise
from autograder.exercises.reference import compute_expected, seed_for
from autograder.exercises.runner import call

_expected: dict = {}


def run_checks(fn: Any, name: str, secret: bytes | None = None) -> Report:
    """Call `fn` (or read the constant) on every case of exercise `name` and judge it.

    secret: draw the cases as a class with this secret does (default: the public seed)."""
    exercise = get_exercise(name)
    cases = exercise.cases(seed_for(name, secret))
    if (name, secret) not in _expected:
        _expected[name, secret] = compute_expected(exercise, cases, time_loops=True)
    got = [call(fn, case, exercise.kind) for case in cases]
    return judge(exercise, cases, _expected[name, secret], got)


def check_exercise(fn: Any, name: str) -> None:
    """Raise AssertionError with teaching feedback unless `fn` behaves like the reference."""
    report = run_checks(fn, name)
    if not report.passed:
        # `from None`: the feedback is the message; a traceback into the grader teaches nothing.
        raise AssertionError("\n" + report.message) from None
