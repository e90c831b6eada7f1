"""Read what `autograde` wrote into GRADED_DIR: grades.csv, flags.csv and every grades.json.

grades.csv decides which grades exist (one row per student and graded test cell); each
feedback/<student>/<assignment>/grades.json adds, per grade, the recognised mistakes and the
smallest failing case as the student saw it. A grade without its grades.json (a submission
whose grading was stopped) has neither.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder.pipeline.csvsafe import original_cell


# A grades.json holds a few lines per exercise; anything larger is not the grader's.
DETAILS_BYTES = 4 * 1024 ** 2


@dataclass
class Grade:
    """One student's grade on one graded test cell, with what the diagnosis recognised."""
    student: str
    assignment: str
    notebook: str
    exercise: str          # the test cell's grade_id, e.g. "test_im_conv"
    score: float
    max_score: float
    mistakes: list = field(default_factory=list)
    failing_case: str = ""

    @property
    def full_marks(self) -> bool:
        return self.score >= self.max_score

    @property
    def name(self) -> str:
        """The exercise's name: the grade_id without its "test_"."""
        return self.exercise[len("test_"):] if self.exercise.startswith("test_") else self.exercise


@dataclass
class FlagRow:
    """One row of flags.csv."""
    student: str
    assignment: str
    exercise: str
    reason: str


@dataclass
class Graded:
    """Everything the report reads from one GRADED_DIR."""
    grades: list
    flags: list


def _number(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def _details(folder: Path) -> dict:
    """{(student, assignment, exercise): (mistakes, failing_case)} from every grades.json.

    A grades.json speaks only for the student and assignment of its folder (in a course folder,
    plain `nbgrader generate_feedback` carries a student's own extra files into feedback/), and
    is read only up to DETAILS_BYTES."""
    found = {}
    for path in sorted((folder / "feedback").glob("*/*/grades.json")):
        student, assignment = path.parent.parent.name, path.parent.name
        try:
            with open(path, "rb") as file:
                data = file.read(DETAILS_BYTES + 1)
            rows = json.loads(data.decode("utf-8")) if len(data) <= DETAILS_BYTES else None
        except (OSError, ValueError):
            continue
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict) or (row.get("student"), row.get("assignment")) != (student, assignment):
                continue
            key = (student, assignment, str(row.get("exercise", "")))
            mistakes = [str(m) for m in row.get("mistakes") or [] if isinstance(m, str)]
            found[key] = (mistakes, str(row.get("failing_case") or ""))
    return found


def load_graded(folder: Path) -> Graded:
    """The grades and flags of GRADED_DIR `folder`; FileNotFoundError if it has no grades.csv."""
    folder = Path(folder)
    grades_csv = folder / "grades.csv"
    if not grades_csv.is_file():
        raise FileNotFoundError(f"{grades_csv} does not exist: run `python -m autograder autograde "
                                f"SUBMISSIONS --out {folder}` first")
    details = _details(folder)
    grades = []
    for row in _rows(grades_csv):
        # A cell written through csvsafe may carry a protective quote; grades.json never does.
        raw = (row["student"], row["assignment"], row["exercise"])
        original = tuple(original_cell(text) for text in raw)
        key = raw if raw in details else original
        mistakes, failing_case = details.get(key, ([], ""))
        grades.append(Grade(*key[:2], original_cell(row.get("notebook", "")), key[2],
                            _number(row["score"]), _number(row["max_score"]), list(mistakes), failing_case))
    flags = [FlagRow(*(original_cell(r[c]) for c in ("student", "assignment", "exercise", "reason")))
             for r in _rows(folder / "flags.csv")] if (folder / "flags.csv").is_file() else []
    return Graded(grades, flags)


def _rows(path: Path) -> list:
    """The rows of a CSV file as dicts, every cell a string ("" where a row is short)."""
    with open(path, newline="", encoding="utf-8") as f:
        return [{key: value or "" for key, value in row.items()} for row in csv.DictReader(f)]
