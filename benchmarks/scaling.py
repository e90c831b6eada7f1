"""A learner's `grade`, and a class graded with one job and with two, side by side.

- `grade NOTEBOOK` (a Part 1 notebook answered with the reference): the course folder cache is
  warmed by one untimed run (its first run on a machine builds it, timed apart), then the median.
- A class of 9 students with 2 notebooks each (Parts 1 and 2; right, partly right and wrong
  answers): `autograde --jobs 1` and `--jobs 2`, alternating which goes first; the speed-up is
  the median of the per-repeat ratios.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat

from .common import PYTHON, Row, check, machine_cpu, median, seconds, timed_run, venv_env
from .synthetic_class import _test_helpers

GRADE_TARGET = 3.0
JOBS_TARGET = 1.6
PARTS = ("part1_subimages", "part2_im_conv")


def _answered_notebooks(folder: Path) -> dict:
    """{assignment: (stem, released notebook, exercise names)} for PARTS."""
    from autograder.authoring.release import build_release
    from autograder.course import source_notebooks
    build_release(folder / "release", list(PARTS))
    found = {}
    for nb in source_notebooks():
        if nb.assignment in PARTS:
            released = nbformat.read(folder / "release" / nb.assignment / f"{nb.stem}.ipynb", as_version=4)
            found[nb.assignment] = (nb.stem, released, nb.exercises())
    return found


def grade_time(folder: Path, repeats: int) -> list:
    answered, _, _ = _test_helpers()
    stem, released, names = _answered_notebooks(folder)["part1_subimages"]
    notebook = folder / f"{stem}.ipynb"
    nbformat.write(answered(released, {n: "reference" for n in names}), notebook)
    cache = folder / "cache"
    env = venv_env(XDG_CACHE_HOME=str(cache))
    argv = [PYTHON, "-m", "autograder", "grade", str(notebook), "--seed", "1"]
    first = timed_run(argv, env=env, timeout=600)  # builds the cache
    times = [timed_run(argv, env=env, timeout=600) for _ in range(repeats)]
    return [
        Row("grade", "python -m autograder grade part1_subimages.ipynb: first run on a machine "
                     "(builds the course folder cache)", seconds(first)),
        Row("grade", f"the same, cache warm, median of {repeats}", f"{seconds(median(times))} "
            f"(each: {', '.join(f'{t:.2f}' for t in times)})", f"<= {GRADE_TARGET:g} s",
            check(median(times) <= GRADE_TARGET)),
    ]


def jobs_scaling(folder: Path, repeats: int, students: int = 9) -> list:
    answered, submit, all_wrong = _test_helpers()
    notebooks = _answered_notebooks(folder)
    wrong = all_wrong()
    submissions = folder / "submissions"
    for i in range(students):
        for assignment, (stem, released, names) in notebooks.items():
            kind = i % 3
            if kind == 0:
                answers = {n: "reference" for n in names}
            elif kind == 1:
                answers = {n: "reference" for n in names[:2]}
            else:
                w = next(w for w in wrong if w.exercise in names)
                answers = {**{n: "reference" for n in names}, w.exercise: w.solution_source()}
            submit(submissions, f"s{i}", assignment, f"{stem}.ipynb", answered(released, answers))
    env = venv_env(XDG_CACHE_HOME=str(folder / "cache"))

    def autograde(jobs: int) -> tuple:
        """(wall seconds, the machine's CPU seconds) of one class run."""
        out = folder / f"out-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        before = machine_cpu()
        took = timed_run([PYTHON, "-m", "autograder", "autograde", str(submissions), "--out", str(out),
                          "--jobs", str(jobs)], env=env)
        return took, machine_cpu() - before

    autograde(2)  # warms the course folder cache, as a teacher's first class does
    one, two, ratios, busy = [], [], [], {1: [], 2: []}
    for r in range(repeats):
        order = (1, 2) if r % 2 == 0 else (2, 1)
        took = {jobs: autograde(jobs) for jobs in order}
        one.append(took[1][0])
        two.append(took[2][0])
        ratios.append(took[1][0] / took[2][0])
        for jobs, (wall, cpu) in took.items():
            busy[jobs].append(cpu / wall)
    cores = os.cpu_count() or 1
    return [
        Row("class grading", f"{students} students x 2 notebooks (Parts 1 and 2): --jobs 1 / --jobs 2",
            f"{seconds(median(one))} / {seconds(median(two))}"),
        Row("class grading", f"--jobs 2 speed-up over --jobs 1, median of {repeats} side-by-side ratios",
            f"{median(ratios):.2f}x (each: {', '.join(f'{x:.2f}' for x in ratios)})",
            f">= {JOBS_TARGET:g}x", check(median(ratios) >= JOBS_TARGET)),
        # --jobs 1 is not one core's work: the next notebook's kernel boots while one is graded.
        # With C cores, --jobs 2 can be at most C / (cores --jobs 1 keeps busy) times faster.
        Row("class grading", f"CPU cores kept busy (the machine's CPU time / wall time; {cores} cores): "
                             "--jobs 1 / --jobs 2",
            f"{median(busy[1]):.2f} / {median(busy[2]):.2f} (so at most "
            f"{min(2, cores) / max(median(busy[1]), 1e-9):.2f}x from a second job on {cores} cores)"),
    ]


def run(folder: Path, repeats: int = 3, students: int = 9) -> list:
    return grade_time(folder / "grade", repeats) + jobs_scaling(folder / "jobs", repeats, students)
