"""The one writer of an instructor's gradebook: records what grading workers judged.

Workers grade in private course folders of their own (in parallel); the class runner then
copies each submission's autograded notebooks into the instructor's course folder and stores
their verdicts in its gradebook with nbgrader's own preprocessor (`SaveVerdicts`), one
submission at a time. nbgrader keeps a teacher's manual scores: only automatic scores change.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from autograder.pipeline.judge_answers import SaveVerdicts


def record(course: Path, db_url: str, student: str, assignment: str, autograded: list) -> None:
    """Store `autograded` [notebook path] of (student, assignment) in the course's gradebook."""
    with Gradebook(db_url) as gradebook:
        gradebook.update_or_create_student(student)
        gradebook.update_or_create_submission(assignment, student)
    target = Path(course) / "autograded" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    for path in autograded:
        path = Path(path)
        shutil.copy2(path, target / path.name)
        resources = {"nbgrader": {"notebook": path.stem, "assignment": assignment, "student": student,
                                  "db_url": db_url}}
        SaveVerdicts().preprocess(nbformat.read(path, as_version=4), resources)
