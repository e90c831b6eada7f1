"""Call a function on a case and record what happened, without trusting it.

The same code runs in the notebook's kernel and in the sandbox process, so it
imports nothing but numpy.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.exercises.spec import Case


@dataclass
class Outcome:
    """What one call gave: a value, or an error (type name, message).

    `mutated` names the arguments the call changed in place; `seconds` is its
    wall-clock time (judged only for timed cases).
    """
    value: Any = None
    error: tuple | None = None
    mutated: tuple = ()
    seconds: float = 0.0


def _argument_names(case: Case) -> list:
    return [f"argument {i + 1}" for i in range(len(case.args))] + list(case.kwargs)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.shape == b.shape and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # nan stays nan: not a change
    return a == b


def call(fn: Any, case: Case, kind: str = "function") -> Outcome:
    """Run `fn(*case.args, **case.kwargs)` on private copies of the arguments.

    For a constant exercise `fn` is the value itself. Exceptions, SystemExit
    included, are caught and recorded (KeyboardInterrupt is not: it stops the run).
    """
    if kind == "constant":
        return Outcome(value=copy.deepcopy(fn))
    args = copy.deepcopy(case.args)
    kwargs = copy.deepcopy(case.kwargs)
    start = time.perf_counter()
    try:
        value = fn(*args, **kwargs)
        # Taken as it is when the call returns: work a thread goes on with afterwards never counts.
        value = copy.deepcopy(value)
        error = None
    except (Exception, SystemExit) as exc:  # the student's bug is data here, not a crash
        value, error = None, (type(exc).__name__, str(exc)[:500])
    seconds = time.perf_counter() - start
    given = list(args) + list(kwargs.values())
    original = list(case.args) + list(case.kwargs.values())
    mutated = tuple(name for name, before, after in zip(_argument_names(case), original, given)
                    if not _same(before, after))
    return Outcome(value=value, error=error, mutated=mutated, seconds=seconds)
