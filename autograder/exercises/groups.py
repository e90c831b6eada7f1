"""Partial credit: an exercise's points split over groups of checks a teacher recognises.

- values: right values on valid inputs (and, for a timed exercise, fast enough);
- conventions: a float64 result where an array is expected, and inputs never changed;
- errors: bad arguments rejected with ValueError.

A group is earned when every check in it passes. Conventions and errors are points for code
that works: they count only once the answer returns a result on every valid input, the right
values on at least half of them, and passes every timed case (so `raise ValueError` alone, zeros
of the right shape, or the given loop handed in as the fast version, earns nothing). A constant (SUBIMAGE_OPTION, EDGE_KERNELS) is one group, all or nothing.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from autograder.exercises.compare import safe_problem as outcome_problem
from autograder.exercises.spec import Exercise

TITLES = {"values": "right values on valid inputs",
          "conventions": "float64 result, inputs unchanged",
          "errors": "bad arguments rejected with ValueError"}


def weights(exercise: Exercise, expected_outcomes: list) -> dict:
    """{group: share of the exercise's points}, in TITLES order; the shares add up to 1."""
    if exercise.kind == "constant":
        return {"values": 1.0}
    if any(o.error for o in expected_outcomes):
        return {"values": 0.5, "conventions": 0.25, "errors": 0.25}
    return {"values": 0.75, "conventions": 0.25}


def title(exercise: Exercise, group: str, expected_outcomes: list) -> str:
    """A group's name for this exercise (no word about float64 where no array is returned)."""
    if group == "conventions" and not (exercise.float_result and any(
            _has_array(o.value) for o in expected_outcomes)):
        return "inputs unchanged"
    return TITLES[group]


def split_text(exercise: Exercise, expected_outcomes: list, points: float) -> str:
    """How `points` are split, in words: 'right values on valid inputs 2, float64 … 1, …'."""
    parts = [f"{title(exercise, g, expected_outcomes)} {points * share:g}"
             for g, share in weights(exercise, expected_outcomes).items()]
    return ", ".join(parts) + ("; all but the first count once your function returns right values "
                               "on at least half of the valid inputs" if len(parts) > 1 else "")


def _has_array(value) -> bool:
    if isinstance(value, np.ndarray):
        return True
    if isinstance(value, dict):
        return any(_has_array(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_array(v) for v in value)
    return False


def _relaxed(exercise: Exercise) -> Exercise:
    return dataclasses.replace(exercise, float_result=False)


def earned(exercise: Exercise, cases: list, expected, got: list) -> dict:
    """{group: True when earned} for the student's outcomes `got` on `cases`."""
    share = weights(exercise, expected.outcomes)
    if exercise.kind == "constant":
        return {"values": all(outcome_problem(w, g, exercise) is None for w, g in zip(expected.outcomes, got))}
    values, returned, right, conventions, errors = True, True, 0, True, True
    valid = 0
    for i, (want, have) in enumerate(zip(expected.outcomes, got)):
        slow = expected.slow_seconds[i] if i < len(expected.slow_seconds) else 0.0
        if have.mutated:
            conventions = False
        unchanged = dataclasses.replace(have, mutated=())
        if want.error:
            errors &= have.error is not None and have.error[0] == "ValueError"
            continue
        valid += 1
        if have.error:
            values = returned = False
            continue
        value_ok = outcome_problem(want, unchanged, _relaxed(exercise), slow) is None
        right += value_ok
        values &= value_ok
        if cases[i].timed and not value_ok:
            returned = False  # a timed exercise asks for speed: a slow answer has not done the work
        if value_ok and outcome_problem(want, unchanged, exercise, slow) is not None:
            conventions = False  # right numbers, wrong dtype
        elif not value_ok and exercise.float_result and _has_non_float_array(have.value):
            conventions = False
    works = returned and right * 2 >= valid
    result = {"values": values, "conventions": conventions and works}
    if "errors" in share:
        result["errors"] = errors and works
    return result


def _has_non_float_array(value) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype != np.float64
    if isinstance(value, dict):
        return any(_has_non_float_array(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_non_float_array(v) for v in value)
    return False


def fraction(exercise: Exercise, expected_outcomes: list, groups: dict) -> float:
    """The share of the points `groups` earn."""
    return sum(share for g, share in weights(exercise, expected_outcomes).items() if groups.get(g))
