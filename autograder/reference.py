"""Expected outcomes for an exercise's cases, computed with `solutions`.

This is the only module of the grader that imports the reference. In a
grading kernel the expected outcomes are read from files written beforehand
(`write_expected`), so the student's process never imports `solutions`.
"""
from __future__ import annotations

import os
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import codec
from .runner import Outcome, call
from .spec import Exercise

# Where a grading kernel finds precomputed expectations (set by the grader).
EXPECTED_DIR_ENV = "COURSE_EXPECTED_DIR"


@dataclass
class Expected:
    """Per case: the right outcome, what each known mistake gives, the loop's time."""
    outcomes: list
    variants: list = field(default_factory=list)
    slow_seconds: list = field(default_factory=list)


def seed_for(name: str) -> int:
    """A fixed seed per exercise, so grades are reproducible run to run."""
    return zlib.crc32(name.encode())


def _reference(name: str) -> Any:
    import solutions  # imported here only: see the module docstring
    return getattr(solutions, name)


def compute_expected(exercise: Exercise) -> Expected:
    """Run the reference (and each mistake) on every case of `exercise`."""
    reference = _reference(exercise.name)
    cases = exercise.cases(seed_for(exercise.name))
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
        if case.timed and exercise.slow_reference:
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


def write_expected(exercises: list, directory: Path) -> None:
    """Save the expected outcomes of `exercises` as one file each in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for exercise in exercises:
        data = codec.dumps(_to_tree(compute_expected(exercise)))
        (directory / f"{exercise.name}.expected").write_bytes(data)


_cache: dict[str, Expected] = {}


def expected_for(exercise: Exercise) -> Expected:
    """The expected outcomes: from the precomputed file if the grader set one, else computed."""
    if exercise.name not in _cache:
        directory = os.environ.get(EXPECTED_DIR_ENV)
        if directory:
            path = Path(directory) / f"{exercise.name}.expected"
            _cache[exercise.name] = _from_tree(codec.loads(path.read_bytes()))
        else:
            _cache[exercise.name] = compute_expected(exercise)
    return _cache[exercise.name]
