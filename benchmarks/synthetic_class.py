"""A synthetic class of Part 1 submissions, built from the student release like tests/classroom.py.

Mixed on purpose: right answers, known-wrong ones (tests/wrong), partly right, empty, and one
hung notebook (a conv_output_shape that loops forever).
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from .common import REPO_ROOT

ASSIGNMENT = "part1_subimages"
HUNG_STUDENT = "s-hung"  # sorts first: graded first, by the first worker
HANG = ("def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n"
        "    while True:\n"
        "        pass\n")


def _test_helpers():
    tests = str(REPO_ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from classroom import answered, submit  # tests/classroom.py
    from wrong import all_wrong  # tests/wrong: the mistake catalogue
    return answered, submit, all_wrong


def build_class(folder: Path, size: int) -> tuple:
    """Write folder/release and folder/submissions (`size` students, the last one hung).

    Returns (submissions folder, {student: kind}).
    """
    from autograder.course import source_notebooks
    from autograder.authoring.release import build_release
    answered, submit, all_wrong = _test_helpers()
    source = next(nb for nb in source_notebooks() if nb.assignment == ASSIGNMENT)
    names = source.exercises()
    build_release(folder / "release", [ASSIGNMENT])
    released = nbformat.read(folder / "release" / ASSIGNMENT / f"{source.stem}.ipynb", as_version=4)
    wrong = [w for w in all_wrong() if w.exercise in names]
    right = {n: "reference" for n in names}
    submissions, kinds = folder / "submissions", {}
    for i in range(size - 1):
        kind = ("right", "wrong", "partly right", "right", "all wrong", "empty")[i % 6]
        if kind == "right":
            answers = right
        elif kind == "wrong":
            w = wrong[i % len(wrong)]
            answers = {**right, w.exercise: w.solution_source()}
        elif kind == "partly right":
            answers = {n: "reference" for n in names[:1 + i % (len(names) - 1)]}
        elif kind == "all wrong":
            answers = {n: next(w for w in wrong[i % 3:] + wrong if w.exercise == n).solution_source()
                       for n in names}
        else:
            answers = {}
        student = f"s{i:03d}"
        submit(submissions, student, ASSIGNMENT, f"{source.stem}.ipynb", answered(released, answers))
        kinds[student] = kind
    submit(submissions, HUNG_STUDENT, ASSIGNMENT, f"{source.stem}.ipynb",
           answered(released, {**right, "conv_output_shape": HANG}))
    kinds[HUNG_STUDENT] = "hung"
    return submissions, kinds
