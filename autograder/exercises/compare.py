"""Compare a student's outcome with the expected one and say what differs."""
from __future__ import annotations

from typing import Any

import numpy as np

from autograder.exercises.runner import Outcome
from autograder.exercises.spec import Exercise


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:200]


def _number(value: Any) -> str:
    """A numpy scalar as a reader writes it: 132.905, not np.float64(132.90501438833027)."""
    try:
        return f"{float(value):.6g}"
    except (TypeError, ValueError):
        return repr(value)


def values_differ(expected: Any, got: Any, exercise: Exercise, path: str = "the result") -> str | None:
    """None when `got` matches `expected`, else one sentence on the first difference."""
    if isinstance(got, np.ndarray) and got.ndim == 0 and not isinstance(expected, np.ndarray):
        got = got.item()  # np.maximum(-3.5, 0) is a 0-d array: the number it holds counts
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"{path} should be a numpy array, got {_describe(got)}"
        if got.shape != expected.shape:
            return f"{path} has shape {got.shape}, expected {expected.shape}"
        if exercise.float_result and got.dtype != np.float64:
            return (f"{path} has dtype {got.dtype}, expected float64 "
                    "(convert with np.asarray(x, dtype=np.float64))")
        if not np.issubdtype(got.dtype, np.number) and got.dtype != bool:
            return f"{path} has dtype {got.dtype}, expected numbers"
        if not np.allclose(got, expected, rtol=exercise.rtol, atol=exercise.atol, equal_nan=True):
            bad = np.argwhere(~np.isclose(got, expected, rtol=exercise.rtol,
                                          atol=exercise.atol, equal_nan=True))
            where = tuple(int(i) for i in bad[0])
            return (f"{path} differs at {len(bad)} of {expected.size} positions; first at "
                    f"{where}: expected {_number(expected[where])}, got {_number(got[where])}")
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{path} should be a dict, got {_describe(got)}"
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing keys {missing[:4]}{' …' if len(missing) > 4 else ''}")
            if extra:
                parts.append(f"unexpected keys {extra[:4]}{' …' if len(extra) > 4 else ''}")
            return f"{path} has {len(got)} keys, expected {len(expected)}: " + "; ".join(parts)
        for key in expected:
            problem = values_differ(expected[key], got[key], exercise, f"{path}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{path} should be a tuple of {len(expected)} items, got {_describe(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            problem = values_differ(e, g, exercise, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(expected, bool) or isinstance(expected, str):
        return None if got == expected and type(got) is type(expected) else (
            f"{path} should be {expected!r}, got {_describe(got)}")
    if isinstance(expected, (int, np.integer)):
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            return f"{path} should be the int {int(expected)}, got {_describe(got)}"
        return None if int(got) == int(expected) else f"{path} should be {int(expected)}, got {int(got)}"
    if isinstance(expected, (float, np.floating)):
        if not isinstance(got, (int, float, np.integer, np.floating)) or isinstance(got, bool):
            return f"{path} should be the number {expected!r}, got {_describe(got)}"
        return None if np.isclose(got, expected, rtol=exercise.rtol, atol=exercise.atol) else (
            f"{path} should be {expected!r}, got {got!r}")
    return None if got == expected else f"{path} should be {expected!r}, got {_describe(got)}"


def outcome_problem(expected: Outcome, got: Outcome, exercise: Exercise, slow_seconds: float = 0.0) -> str | None:
    """None when the student's outcome is right, else what is wrong with it."""
    if got.mutated:
        return f"changed its input in place ({', '.join(got.mutated)}); work on a copy"
    if expected.error:
        if got.error is None:
            return ("should raise ValueError for these arguments "
                    f"(the reference says: {expected.error[1]}), but returned {_describe(got.value)}")
        if got.error[0] != "ValueError":
            return f"should raise ValueError, raised {got.error[0]}: {got.error[1]}"
        return None
    if got.error:
        return f"raised {got.error[0]}: {got.error[1]}"
    problem = (exercise.compare or values_differ)(expected.value, got.value, exercise)
    if problem is None and exercise.speedup and slow_seconds:
        if got.seconds * exercise.speedup > slow_seconds:
            return (f"is too slow: {got.seconds * 1000:.0f} ms where the loop version takes "
                    f"{slow_seconds * 1000:.0f} ms; it should be at least {exercise.speedup:g}x "
                    "faster, with no Python loop over pixels")
    return problem


def safe_problem(expected: Outcome, got: Outcome, exercise: Exercise, slow_seconds: float = 0.0) -> str | None:
    """outcome_problem, for any value a student's code may return: one the comparison cannot
    handle (an array where a name is expected, an int of 400 digits) is a wrong answer, not a
    fault of the grader's."""
    try:
        return outcome_problem(expected, got, exercise, slow_seconds)
    except Exception as exc:
        return (f"returned a value that cannot be compared with the right one "
                f"({type(exc).__name__}: {str(exc)[:120]}), got {_describe_safely(got.value)}")


def _describe_safely(value: Any) -> str:
    try:
        return _describe(value)
    except Exception:
        return f"a {type(value).__name__}"
