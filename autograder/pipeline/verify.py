"""Check a notebook's answers out of its kernel: solution cells alone, in a jail, judged here.

This is the grade the student's code honestly earns: nothing the notebook did in its own
kernel (patched tests, a rewritten checker, a tampered numpy) can reach it. The jail gets the
cases' arguments one call at a time and never an expected outcome; the comparison happens
here, in the grader's process.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from autograder.exercises.diagnose import Report, judge
from autograder.exercises import get_exercise
from autograder.exercises.reference import compute_expected, read_expected, seed_for
from autograder.isolation.sandbox import Limits, run_solution_cells
from autograder.isolation.sandbox_child import NOT_DEFINED


def solution_cells(nb, names: list) -> list:
    """[(index, source)] of the code cells whose nbgrader grade_id is one of `names`, in order."""
    wanted = set(names)
    cells = []
    for index, cell in enumerate(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id in wanted:
            cells.append((index, cell.get("source", "")))
    return cells


def _answer_cell_names(nb, names: list) -> dict:
    """{cell index: exercise name} of the answer cells."""
    return {index: nb.cells[index].get("metadata", {}).get("nbgrader", {}).get("grade_id")
            for index, _ in solution_cells(nb, names)}


def _never_defined(outcome) -> bool:
    """The checker's own NameError: the exercise's name was not defined (not one its code raised)."""
    return bool(outcome.error) and outcome.error[0] == "NameError" and \
        str(outcome.error[1]).endswith(NOT_DEFINED)


def verify_notebook(nb, names: list, limits: Limits = Limits(), given: list = (), skip: dict = None,
                    secret: bytes | None = None, expected_dir: Path | None = None,
                    isolated: bool = True) -> dict:
    """{name: Report} for each exercise in `names`, judged from what the jailed answers returned.

    `given`: trusted code run before the answers (the source notebook's `given` cells).
    `skip`: {name: Report} already decided (failed) by the caller: its solution cell still runs
    (later answers may use it), but the exercise is not called again.
    `secret`: the class secret the cases come from; `expected_dir`: where `write_expected` put
    the expected outcomes for that secret (computed here when None).
    """
    skip = skip or {}
    exercises = [get_exercise(name) for name in names if name not in skip]
    cases = {ex.name: ex.cases(seed_for(ex.name, secret)) for ex in exercises}
    loops = {ex.name: ex.given_loop for ex in exercises if ex.given_loop}
    run = run_solution_cells(solution_cells(nb, names), [(ex.name, ex.kind) for ex in exercises], cases,
                             limits, given=given, loops=loops, isolated=isolated)
    reports = {name: skip[name] for name in names if name in skip}
    cell_errors = {name: run.cell_errors.get(str(index), "") for index, name in _answer_cell_names(nb, names).items()}
    for ex in exercises:
        stopped = cell_errors.get(ex.name, "")
        if ex.name in run.outcomes and stopped:
            # Its answer cell stopped before defining it: the release's NotImplementedError (not
            # answered yet), or an error the feedback names (else it says only "not defined").
            error = (("NotImplementedError", "not answered") if stopped.startswith("NotImplementedError") else
                     ("NameError", f"name {ex.name!r} is not defined: its answer cell, run alone, stopped at "
                                   f"{stopped}"))
            run.outcomes[ex.name] = [dataclasses.replace(o, error=error) if _never_defined(o) else o
                                     for o in run.outcomes[ex.name]]
        if ex.name in run.outcomes:
            expected = (read_expected(ex, expected_dir) if expected_dir
                        else compute_expected(ex, cases[ex.name]))
            # The loop was clocked in the same jail as the answer, before any student code ran.
            expected = dataclasses.replace(expected, slow_seconds=run.loop_seconds.get(ex.name, []))
            try:
                reports[ex.name] = judge(ex, cases[ex.name], expected, run.outcomes[ex.name])
            except Exception as exc:  # a value no comparison expected (an array for a name, 10**400)
                reports[ex.name] = Report(ex.name, False, len(cases[ex.name]), len(cases[ex.name]),
                                          f"{ex.name}: your function returned a value the grader could not "
                                          f"compare with the right one ({type(exc).__name__}: {str(exc)[:200]})",
                                          ["unreadable result"])
        elif ex.name in run.over_budget:  # its own time budget, or the notebook's, ran out
            reports[ex.name] = Report(ex.name, False, len(cases[ex.name]), len(cases[ex.name]),
                                      f"{ex.name}: {run.over_budget[ex.name]}.", ["limit"])
        else:
            reason = run.failures.get(ex.name, "was not run")
            reports[ex.name] = Report(ex.name, False, len(cases[ex.name]), len(cases[ex.name]),
                                      f"{ex.name}: your code {reason}.", ["limit"])
    return reports
