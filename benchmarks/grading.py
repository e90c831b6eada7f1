"""A class graded by our pipeline and by plain sequential nbgrader, side by side.

Ours: `python -m autograder autograde SUBMISSIONS --jobs N` (workers, jailed kernel, jailed
answer checks, feedback), with COURSE_TIMINGS recording each submission's phases; and the same
class with `--no-isolation`, for the jails' cost. Plain: one
`nbgrader generate_assignment` and one `nbgrader autograde` (plain_nbgrader.py). Both get the
same cell time limit so the hung notebook ends; ours also has its notebook time limit. Each
repeat runs both (alternating which goes first); the speed-up is the median of the per-repeat
ratios.
"""
from __future__ import annotations

import csv
import os
import shutil
import time
from pathlib import Path

from . import phases, plain_nbgrader
from .common import PYTHON, Row, check, machine_cpu, median, seconds, timed_run, venv_env
from .synthetic_class import ASSIGNMENT, HUNG_STUDENT, build_class

TARGET = 2.5
JAIL_TARGET = 0.05


def ours(submissions: Path, out: Path, timings: Path, jobs: int, cell_seconds: int,
         notebook_seconds: int, isolation: bool = True) -> float:
    if out.exists():
        shutil.rmtree(out)
    env = venv_env(COURSE_TIMINGS=str(timings))
    ours.started = time.time()
    return timed_run([PYTHON, "-m", "autograder", "autograde", str(submissions), "--out", str(out),
                      "--jobs", str(jobs), "--cell-seconds", str(cell_seconds),
                      "--notebook-seconds", str(notebook_seconds)]
                     + ([] if isolation else ["--no-isolation"]), env=env)


def jail_cost(folder: Path, submissions: Path, size: int, repeats: int, jobs: int, cell_seconds: int,
              notebook_seconds: int) -> list:
    """The same class graded with and without the jails, side by side (alternating which goes first)."""
    jailed, free = [], []
    for r in range(repeats):
        runs = [(jailed, True), (free, False)]
        for times, isolation in (runs if r % 2 == 0 else runs[::-1]):
            times.append(ours(submissions, folder / f"out-jail-{isolation}", folder / f"t-{r}-{isolation}.jsonl",
                              jobs, cell_seconds, notebook_seconds, isolation))
    share = (median(jailed) - median(free)) / median(jailed)
    return [
        Row("jail", f"the class with jails / without (--no-isolation), --jobs {jobs}",
            f"{seconds(median(jailed))} / {seconds(median(free))}"),
        Row("jail", "the jails' cost per submission (share of a submission's time)",
            f"{(median(jailed) - median(free)) / size * jobs:.3f} s ({share * 100:.1f} %)",
            "<= 5 %", check(share <= JAIL_TARGET)),
    ]


def _our_totals(out: Path) -> dict:
    totals = {}
    with open(out / "grades.csv") as f:
        for row in csv.DictReader(f):
            totals[row["student"]] = totals.get(row["student"], 0.0) + float(row["score"])
    return totals


def _plain_totals(root: Path) -> dict:
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "convolution-course") as gb:
        return {s.id: float(gb.find_submission(ASSIGNMENT, s.id).score) for s in gb.students}


def run(folder: Path, size: int = 40, repeats: int = 3, jobs: int | None = None,
        cell_seconds: int = 10, notebook_seconds: int = 15) -> list:
    jobs = jobs or os.cpu_count() or 1
    submissions, kinds = build_class(folder / "class", size)
    plain_root = folder / "plain"
    mine, plain, ratios = [], [], []
    records, startup, teardown = [], [], []
    plain_cpu, mine_cpu = [], []
    for r in range(repeats):
        def run_ours():
            timings = folder / f"timings-{r}.jsonl"
            took = ours(submissions, folder / "out", timings, jobs, cell_seconds, notebook_seconds)
            these = phases.read(timings)
            records.extend(these)
            if these:
                startup.append(min(x["start"] for x in these) - ours.started)
                teardown.append(ours.started + took - max(x["end"] for x in these))
            return took

        def run_plain():
            plain_nbgrader.prepare(plain_root, submissions, cell_seconds)
            return plain_nbgrader.grade(plain_root)

        def cpu_of(run):
            # The machine's CPU, not rusage's: a jail's processes are killed, never reaped by us.
            before = machine_cpu()
            took = run()
            return took, machine_cpu() - before

        if r % 2 == 0:
            (a, a_cpu), (b, b_cpu) = cpu_of(run_plain), cpu_of(run_ours)
        else:
            (b, b_cpu), (a, a_cpu) = cpu_of(run_ours), cpu_of(run_plain)
        plain.append(a)
        mine.append(b)
        plain_cpu.append(a_cpu)
        mine_cpu.append(b_cpu)
        ratios.append(a / b)
    counts = ", ".join(f"{sum(1 for k in kinds.values() if k == kind)} {kind}"
                       for kind in dict.fromkeys(kinds.values()))
    what = f"{size} Part 1 submissions ({counts})"
    # Plain nbgrader is all or nothing per exercise; ours adds partial credit: the same totals for
    # right and empty submissions, never less for any.
    ours_totals, plain_totals = _our_totals(folder / "out"), _plain_totals(plain_root)
    agree = set(ours_totals) == set(plain_totals) and all(
        ours_totals[s] >= plain_totals[s] - 1e-9 and (kinds.get(s) not in ("right", "empty")
                                                      or abs(ours_totals[s] - plain_totals[s]) < 1e-9)
        for s in ours_totals)
    rows = [
        Row("class grading", f"plain nbgrader autograde, sequential, cell timeout {cell_seconds} s: {what}",
            f"{seconds(median(plain))} (the machine's CPU {seconds(median(plain_cpu))})"),
        Row("class grading", f"ours, --jobs {jobs} --cell-seconds {cell_seconds} --notebook-seconds "
                             f"{notebook_seconds} (with sandbox verification and feedback)",
            f"{seconds(median(mine))} (the machine's CPU {seconds(median(mine_cpu))}, jails included)"),
        Row("class grading", f"speed-up, median of {repeats} side-by-side ratios",
            f"{median(ratios):.2f}x (each: {', '.join(f'{x:.2f}' for x in ratios)})",
            f">= {TARGET:g}x", check(median(ratios) >= TARGET)),
        Row("class grading", "same total score per student as plain nbgrader for right and empty "
                             "submissions, never less for the others (partial credit)", "yes" if agree else "NO",
            "yes", check(agree)),
    ]
    rows += [Row("class grading", "ours: before the first submission starts (CLI, template, workers)",
                 seconds(median(startup))),
             Row("class grading", "ours: after the last submission ends (results, workers stop)",
                 seconds(median(teardown)))]
    rows += jail_cost(folder, submissions, size, repeats, jobs, cell_seconds, notebook_seconds)
    return rows + phases.rows(records, HUNG_STUDENT, notebook_seconds)
