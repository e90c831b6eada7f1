"""mistakes.csv: one row per exercise and recognised mistake, for a spreadsheet.

Columns: assignment, exercise (the test cell's grade_id, as in grades.csv), mistake, students
(how many made it), share (students / students graded on the exercise, a plain fraction such
as 0.25). Each exercise's failures with no recognised mistake are one more row, mistake
"(no recognised mistake)". Rows follow grades.csv's order of assignments and exercises, the
most common mistake first. Every cell goes through csvsafe.
"""
from __future__ import annotations

from pathlib import Path

from autograder.pipeline.csvsafe import write_csv
from autograder.report.summary import UNRECOGNISED

COLUMNS = ["assignment", "exercise", "mistake", "students", "share"]


def fraction(share: float) -> str:
    """A share written plainly: 0.25, 0.3333, 1 (four decimals at most, no exponent)."""
    return f"{share:.4f}".rstrip("0").rstrip(".") or "0"


def mistake_rows(assignments: list) -> list:
    """The rows of mistakes.csv (without the header)."""
    rows = []
    for a in assignments:
        for e in a.exercises:
            rows += [[a.name, e.exercise, m.name, m.students, fraction(m.share)] for m in e.mistakes]
            if e.unrecognised:
                rows.append([a.name, e.exercise, UNRECOGNISED, e.unrecognised, fraction(e.unrecognised_share)])
    return rows


def write_mistakes_csv(path: Path, assignments: list) -> None:
    write_csv(path, COLUMNS, mistake_rows(assignments))
