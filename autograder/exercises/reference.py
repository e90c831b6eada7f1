"""Expected outcomes for an exercise's cases, computed with `solutions`.

This is the only module of the grader that imports the reference, and it only ever runs in
the grader's own process: no jail holds `solutions` or an expected outcome.

Cases come from a seed per exercise. For a class, the seed is derived from the class secret
(`secrets.py`), which students never see, so no table of known cases can pass; without a
secret (the instructor's own notebooks, the tests) it is a fixed public seed.
"""
from __future__ import annotations

import hashlib
import hmac
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.isolation import codec
from autograder.exercises.runner import Outcome, call
from autograder.exercises.spec import Exercise


@dataclass
class Expected:
    """Per case: the right outcome, what each known mistake gives, the loop's time.

    `slow_seconds` is only measured for a check in this process (`checks`); a jailed check
    clocks the given loop in the jail instead (`sandbox`).
    """
    outcomes: list
    variants: list = field(default_factory=list)
    slow_seconds: list = field(default_factory=list)


def seed_for(name: str, secret: bytes | None = None) -> int:
    """The seed of exercise `name`'s cases: from the class secret, or fixed and public without one."""
    if secret is None:
        return zlib.crc32(name.encode())
    return int.from_bytes(hmac.new(secret, name.encode(), hashlib.sha256).digest()[:8], "big")


def _reference(name: str) -> Any:
    import solutions  # imported here only: see the module docstring
    return getattr(solutions, name)


def compute_expected(exercise: Exercise, cases: list, time_loops: bool = False) -> Expected:
    """Run the reference (and each mistake) on `cases` of `exercise`.

    time_loops: also time `exercise.slow_reference` on the timed cases, in this process.
    """
    reference = _reference(exercise.name)
    outcomes, variants, slow = [], [], []
    for case in cases:
        outcomes.append(call(reference, case, exercise.kind))
        produced = {}
        for mistake in exercise.mistakes:
            try:
                produced[mistake.name] = mistake.produce(case)
            except Exception:  # a mistake that cannot apply to this case
                continue
        variants.append(produced)
        seconds = 0.0
        if time_loops and case.timed and exercise.slow_reference:
            slow_fn = _reference(exercise.slow_reference)
            seconds = min(call(slow_fn, case).seconds for _ in range(2))
        slow.append(seconds)
    return Expected(outcomes, variants, slow)


def _to_tree(expected: Expected) -> dict:
    return {
        "outcomes": [(o.value, o.error, o.mutated, o.seconds) for o in expected.outcomes],
        "variants": expected.variants,
        "slow_seconds": expected.slow_seconds,
    }


def _from_tree(tree: dict) -> Expected:
    outcomes = [Outcome(value, error, tuple(mutated), seconds)
                for value, error, mutated, seconds in tree["outcomes"]]
    return Expected(outcomes, tree["variants"], tree["slow_seconds"])


def write_expected(exercises: list, directory: Path, secret: bytes | None = None) -> None:
    """Save the expected outcomes of `exercises` (cases from `secret`) as one file each in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for exercise in exercises:
        cases = exercise.cases(seed_for(exercise.name, secret))
        data = codec.dumps(_to_tree(compute_expected(exercise, cases)))
        (directory / f"{exercise.name}.expected").write_bytes(data)


def read_expected(exercise: Exercise, directory: Path) -> Expected:
    """What `write_expected` saved for `exercise` (the grader's own file: no bound needed)."""
    return _from_tree(codec.loads((Path(directory) / f"{exercise.name}.expected").read_bytes()))
