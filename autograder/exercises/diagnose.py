"""Turn failing cases into feedback that teaches: the mistake's name, then the smallest case."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.exercises import groups
from autograder.exercises.compare import preview, safe_problem, values_differ
from autograder.exercises.runner import Outcome
from autograder.exercises.spec import TAG_MEANINGS, Case, Exercise


# Mistakes recognised for any exercise, with the explanation the feedback gives (an exercise's
# own are in its `mistakes`; "<tag> cases" explanations are spec.TAG_MEANINGS). The class report
# looks explanations up here.
GENERIC_MISTAKES = {
    "input changed in place": "your function changed an input array; copy it first "
                              "(np.array(im, dtype=np.float64) makes a new array)",
    "result transposed": "your result is the transpose of the right one: "
                         "x indexes rows (axis 0) and y columns (axis 1)",
    "integer result": "your result has an integer dtype: a uint8 image "
                      "overflows (wraps around at 256) or loses its fractions; make the "
                      "output float64, e.g. np.zeros(shape) or np.asarray(im, dtype=np.float64)",
    "not answered": "the exercise is not answered yet: replace "
                    "`raise NotImplementedError()` with your code",
    # Set by verify.py and grade_submission.py, whose feedback says which limit or failure it was.
    "limit": "the code did not finish its checks: it ran past a time, memory or output limit, "
             "or the process that ran it died",
}


@dataclass
class Report:
    """The verdict on one exercise: passed or not, and the feedback to show."""
    exercise: str
    passed: bool
    checks: int
    failed: int
    message: str
    mistakes: list = field(default_factory=list)
    failing_case: str = ""
    groups: dict = field(default_factory=dict)
    fraction: float = 0.0

    def score(self, points: float) -> float:
        """The points this verdict earns of `points` (partial credit, see `groups`)."""
        return round(points * (1.0 if self.passed else self.fraction), 4)


def _show(value: Any) -> str:
    """A value in the feedback: numpy's summary of an array, a bounded repr of anything else."""
    return preview(value, 600)


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def _matches(variant: Any, got: Any, shape_only: bool, exercise: Exercise) -> bool:
    if shape_only:
        return (isinstance(variant, np.ndarray) and isinstance(got, np.ndarray)
                and variant.shape == got.shape)
    return (exercise.compare or values_differ)(variant, got, exercise) is None


def _recognised_mistakes(exercise: Exercise, cases: list, expected, got: list, failing: list) -> list:
    """Named mistakes that explain every failing case where they can be tested."""
    found = []
    value_failures = [i for i in failing if got[i].error is None and not got[i].mutated
                      and expected.outcomes[i].error is None]
    if any(got[i].mutated for i in failing):
        found.append(("input changed in place", GENERIC_MISTAKES["input changed in place"]))
    for mistake in exercise.mistakes:
        testable = [i for i in value_failures if mistake.name in expected.variants[i]]
        if testable and all(_matches(expected.variants[i][mistake.name], got[i].value,
                                     mistake.shape_only, exercise) for i in testable):
            found.append((mistake.name, mistake.explain))
    transposable = [i for i in value_failures
                    if isinstance(expected.outcomes[i].value, np.ndarray)
                    and expected.outcomes[i].value.ndim == 2
                    and expected.outcomes[i].value.shape[0] != expected.outcomes[i].value.shape[1]]
    if transposable and all(isinstance(got[i].value, np.ndarray)
                            and values_differ(expected.outcomes[i].value.T, got[i].value, exercise) is None
                            for i in transposable) and not any(n == "result transposed" for n, _ in found):
        found.append(("result transposed", GENERIC_MISTAKES["result transposed"]))
    integer_results = [i for i in value_failures if isinstance(got[i].value, np.ndarray)
                       and not np.issubdtype(got[i].value.dtype, np.floating)]
    if value_failures and len(integer_results) == len(value_failures) and exercise.float_result:
        found.append(("integer result", GENERIC_MISTAKES["integer result"]))
    errors = {got[i].error[0] for i in failing if got[i].error}
    if len(errors) == 1 and all(got[i].error for i in failing):
        kind = errors.pop()
        if kind == "NotImplementedError":
            found.append(("not answered", GENERIC_MISTAKES["not answered"]))
    passing = [i for i in range(len(cases)) if i not in set(failing)]
    if passing and not found:
        for tag, meaning in TAG_MEANINGS.items():
            if all(tag in cases[i].tags for i in failing):
                found.append((f"{tag} cases", meaning))
                break
    return found


def judge(exercise: Exercise, cases: list, expected, got: list) -> Report:
    """Compare every case; the feedback names a recognised mistake and shows the smallest failure."""
    problems = {}
    for i, (case, want, have) in enumerate(zip(cases, expected.outcomes, got)):
        slow = expected.slow_seconds[i] if i < len(expected.slow_seconds) else 0.0
        problem = safe_problem(want, have, exercise, slow)
        if problem:
            problems[i] = problem
    if not problems:
        return Report(exercise.name, True, len(cases), 0,
                      f"{exercise.name}: all {len(cases)} checks pass.",
                      groups={g: True for g in groups.weights(exercise, expected.outcomes)}, fraction=1.0)
    failing = sorted(problems)
    try:
        mistakes = _recognised_mistakes(exercise, cases, expected, got, failing)
    except Exception:  # a value the recognisers cannot handle: no name for the mistake
        mistakes = []
    earned = groups.earned(exercise, cases, expected, got)
    share = groups.fraction(exercise, expected.outcomes, earned)
    lines = [f"{exercise.name}: {len(failing)} of {len(cases)} checks fail."]
    if len(earned) > 1:
        lines.append("Points: " + "; ".join(f"{groups.title(exercise, g, expected.outcomes)}: "
                                           f"{'earned' if ok else 'not earned'}" for g, ok in earned.items()))
    for name, explain in mistakes:
        lines.append(f"Likely mistake ({name}): {explain}")
    smallest = min(failing, key=lambda i: (cases[i].size(), i))
    case = cases[smallest]
    want, have = expected.outcomes[smallest], got[smallest]
    if not exercise.reveal_expected:
        if have.error:
            lines.append(f"{exercise.name} could not be read: {have.error[0]}: {have.error[1]}")
        else:
            lines.append(f"{exercise.name} = {_show(have.value)} is not the right answer.")
        return Report(exercise.name, False, len(cases), len(failing), "\n".join(lines),
                      [name for name, _ in mistakes], groups=earned, fraction=share)
    first_case_line = len(lines)
    lines.append(f"Smallest failing case: {case.label or 'case ' + str(smallest + 1)}")
    lines.append(f"  problem: {exercise.name} {problems[smallest]}")
    if exercise.kind == "function":
        names = list(exercise.arg_names) or [f"argument {k + 1}" for k in range(len(case.args))]
        for name, value in zip(names, case.args):
            lines.append(f"  {name} =\n{_indent(_show(value))}")
        for name, value in case.kwargs.items():
            lines.append(f"  {name} = {_show(value)}")
    lines.append("  expected:\n" + _indent(f"ValueError ({want.error[1]})" if want.error else _show(want.value)))
    lines.append("  got:\n" + _indent(f"{have.error[0]}: {have.error[1]}" if have.error else _show(have.value)))
    return Report(exercise.name, False, len(cases), len(failing), "\n".join(lines),
                  [name for name, _ in mistakes], "\n".join(lines[first_case_line:]), earned, share)
