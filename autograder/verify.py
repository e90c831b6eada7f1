"""Check a notebook's answers out of its kernel: solution cells alone, in the sandbox.

This is the grade the student's code honestly earns: nothing the notebook did
in its own kernel (patched tests, a rewritten checker, a tampered numpy) can
reach it, because the comparison happens here, in the grader's process.
"""
from __future__ import annotations

from .diagnose import Report, judge
from .exercises import get_exercise
from .reference import expected_for, seed_for
from .sandbox import Limits, run_solution_cells


def solution_cells(nb, names: list) -> list:
    """[(index, source)] of the code cells whose nbgrader grade_id is one of `names`, in order."""
    wanted = set(names)
    cells = []
    for index, cell in enumerate(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("cell_type") == "code" and grade_id in wanted:
            cells.append((index, cell.get("source", "")))
    return cells


def verify_notebook(nb, names: list, limits: Limits = Limits(), given: list = (), skip: dict = None) -> dict:
    """{name: Report} for each exercise in `names`, judged from the sandbox's outcomes.

    `given`: trusted code run before the answers (the source notebook's `given` cells).
    `skip`: {name: Report} already decided (failed) by the caller: its solution cell still runs
    (later answers may use it), but the exercise is not called again.
    """
    skip = skip or {}
    exercises = [get_exercise(name) for name in names if name not in skip]
    cases = {ex.name: ex.cases(seed_for(ex.name)) for ex in exercises}
    cells = [(f"given{i}", source) for i, source in enumerate(given)] + solution_cells(nb, names)
    run = run_solution_cells(cells, [(ex.name, ex.kind) for ex in exercises], cases, limits)
    reports = {name: skip[name] for name in names if name in skip}
    for ex in exercises:
        if ex.name in run.outcomes:
            reports[ex.name] = judge(ex, cases[ex.name], expected_for(ex), run.outcomes[ex.name])
        else:
            reason = run.failures.get(ex.name, "was not run")
            reports[ex.name] = Report(ex.name, False, len(cases[ex.name]), len(cases[ex.name]),
                                      f"{ex.name}: your code {reason}.", ["limit"])
    return reports
