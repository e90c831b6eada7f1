"""Compare a student's outcome with the expected one and say what differs."""
from __future__ import annotations

import itertools
import math
import reprlib
from typing import Any

import numpy as np

from autograder.exercises.runner import Outcome
from autograder.exercises.spec import Exercise

# A student's value is described without building its whole repr: a reply of 2 MB can name one
# array 100,000 times, and numpy prints up to 1000 items of each in full. Each description
# shows a few items of each container, a few levels deep, and arrays by their shape, dtype and
# a few items; its cost is bounded by these numbers, not by the value.
ARRAY_ITEMS = 2000      # the most items (times fields of a record) numpy is asked to print
RECORD_FIELDS = 8       # records with more fields than this are named, not printed
LARGEST_INT_BITS = 256  # larger ints are described by their size (their digits cost quadratic time)


def dtype_text(dtype: np.dtype) -> str:
    """`dtype` as numpy writes it, or for records of many fields, how many."""
    fields = len(dtype.names or ())
    return f"records of {fields} fields" if fields > RECORD_FIELDS else str(dtype)


def show_array(array: np.ndarray, threshold: int = 64, edgeitems: int = 3, width: int = 100) -> str:
    """numpy's summary of `array` (its edges past `threshold` items), or its first items when
    even the summary would be long (many dimensions or many fields)."""
    fields = len(array.dtype.names or ())
    if fields > RECORD_FIELDS:
        return f"[{array.size} records of {fields} fields]"
    shown = array.size if array.size <= threshold else math.prod(min(n, 2 * edgeitems) for n in array.shape)
    if shown * max(fields, 1) > ARRAY_ITEMS:
        first = np.array2string(array.flat[:edgeitems], precision=4, suppress_small=True, max_line_width=width)
        return f"{first[:-1]} ...] (the first of {array.size} items)"
    return np.array2string(array, precision=4, suppress_small=True, threshold=threshold,
                           edgeitems=edgeitems, max_line_width=width)


class _Preview(reprlib.Repr):
    """reprlib's bounded repr, with arrays by shape and dtype and large ints by size."""

    def __init__(self, items: int, chars: int, levels: int) -> None:
        super().__init__()
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = self.maxdeque = items
        self.maxdict = max(items // 2, 1)
        self.maxstring = self.maxother = chars
        self.maxlevel = levels

    def repr1(self, x: Any, level: int) -> str:
        if isinstance(x, np.ndarray):
            return f"<array of shape {x.shape} and dtype {dtype_text(x.dtype)}>"
        if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > LARGEST_INT_BITS:
            return f"<int of {x.bit_length()} bits>"
        return super().repr1(x, level)

    def repr_dict(self, x: dict, level: int) -> str:
        """As reprlib's, in the dict's own order (reprlib sorts the keys)."""
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        pieces = [f"{self.repr1(key, level - 1)}: {self.repr1(x[key], level - 1)}"
                  for key in itertools.islice(x, self.maxdict)]
        return "{" + ", ".join(pieces + ["..."] * (len(x) > self.maxdict)) + "}"


SHORT = _Preview(items=6, chars=60, levels=3)
LONG = _Preview(items=20, chars=200, levels=5)


def preview(value: Any, chars: int = 600, form: _Preview = LONG) -> str:
    """`value` as a reader sees it, in at most about `chars` characters, without building its
    whole repr: arrays by numpy's summary, containers by their first items."""
    if isinstance(value, np.ndarray):
        return f"{show_array(value)}  (shape {value.shape}, {dtype_text(value.dtype)})"
    text = form.repr(value)
    return text if len(text) <= chars else text[:chars] + " …"


def _describe(value: Any) -> str:
    """A wrong value in a sentence: its type, and its shape or first items."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {dtype_text(value.dtype)}"
    kind = type(value).__name__
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        kind += f" of {len(value)} items"
    return f"{kind} {preview(value, 200, SHORT)}"[:200]


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
            return (f"{path} has dtype {dtype_text(got.dtype)}, expected float64 "
                    "(convert with np.asarray(x, dtype=np.float64))")
        if not np.issubdtype(got.dtype, np.number) and got.dtype != bool:
            return f"{path} has dtype {dtype_text(got.dtype)}, expected numbers"
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
                parts.append(f"unexpected keys {preview(extra, 200, SHORT)}")
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
