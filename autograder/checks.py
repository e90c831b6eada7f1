"""The hidden test's one call: `check_exercise(student_function, "im_conv")`."""
from __future__ import annotations

from typing import Any

from .diagnose import Report, judge
from .exercises import get_exercise
from .reference import expected_for, seed_for
from .runner import call


def run_checks(fn: Any, name: str) -> Report:
    """Call `fn` (or read the constant) on every case of exercise `name` and judge it."""
    exercise = get_exercise(name)
    cases = exercise.cases(seed_for(name))
    expected = expected_for(exercise)
    got = [call(fn, case, exercise.kind) for case in cases]
    return judge(exercise, cases, expected, got)


def check_exercise(fn: Any, name: str) -> None:
    """Raise AssertionError with teaching feedback unless `fn` behaves like the reference."""
    report = run_checks(fn, name)
    if not report.passed:
        # `from None`: the feedback is the message; a traceback into the grader teaches nothing.
        raise AssertionError("\n" + report.message) from None
