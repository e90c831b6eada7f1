"""The class report: `python -m autograder report GRADED_DIR` on a graded class of 40 students.

The graded folder is written without notebooks (tests/graded_class.py): every student answers
all seven parts, each exercise right, with one of the mistake catalogue's wrong answers, or
not at all, judged in process as the hidden tests judge; a few flags. The time is the whole
command a teacher runs (a new Python process: imports, reading, plots, the page). The target
is judged on its CPU time, which is its wall time on an idle machine: this machine is shared,
so the wall time is shown but may be inflated.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .common import PYTHON, REPO_ROOT, Row, check, median, seconds, timed_run, venv_env

TARGET = 5.0  # seconds


def _test_helpers():
    tests = str(REPO_ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import graded_class  # tests/graded_class.py
    from wrong import all_wrong  # tests/wrong: the mistake catalogue
    return graded_class, all_wrong


def build_graded_class(folder: Path, size: int) -> dict:
    """Write GRADED_DIR `folder` for `size` students; returns {student: {assignment: answers}}."""
    graded_class, all_wrong = _test_helpers()
    from autograder.exercises import EXERCISES
    wrong: dict = {}
    for w in all_wrong():
        wrong.setdefault(w.exercise, []).append(w.answer)
    answers = {}
    for i in range(size):
        student = f"student{i:03d}"
        answers[student] = {}
        for assignment, exercises in graded_class.assignment_exercises().items():
            chosen = {}
            for k, (_, name, _) in enumerate(exercises):
                kind = (i + k) % 5
                if kind in (1, 2):
                    chosen[name] = wrong[name][(i // 5 + k) % len(wrong[name])]
                elif kind == 3 and EXERCISES[name].kind == "function" and i % 2:
                    chosen[name] = graded_class.not_answered
            answers[student][assignment] = chosen
    flags = [graded_class.Flag(f"student{i:03d}", "part2_im_conv", "",
                               f"part2_im_conv.ipynb: cell {i} writes or deletes files; a person should look")
             for i in range(0, size, 13)]
    flags.append(graded_class.Flag("student001", "part4_padding_stride", "test_conv2d",
                                   "conv2d: your code took longer than 30 s."))
    graded_class.write_graded_class(folder, answers, flags)
    return answers


def run(tmp: Path, size: int = 40, repeats: int = 3) -> list:
    folder = tmp / "graded"
    build_graded_class(folder, size)
    argv = [PYTHON, "-m", "autograder", "report", str(folder)]
    walls, cpus = [], []
    for _ in range(repeats):
        timed_run.cpu = 0.0
        walls.append(timed_run(argv, env=venv_env()))
        cpus.append(timed_run.cpu)
    wall, cpu = median(walls), median(cpus)
    mistakes = sum(1 for _ in open(folder / "mistakes.csv")) - 1
    size_kb = (folder / "report.html").stat().st_size / 1024
    return [
        Row("report", f"class report, {size} students x 7 parts (python -m autograder report)",
            f"{seconds(cpu)} CPU ({seconds(wall)} wall)", f"< {TARGET:g} s", check(cpu < TARGET)),
        Row("report", "report.html size; mistakes.csv rows", f"{size_kb:.0f} kB; {mistakes} rows"),
    ]
