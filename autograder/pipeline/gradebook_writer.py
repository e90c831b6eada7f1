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

# What nbgrader's exchange adds to a collected submission (submitted/<student>/<assignment>/):
# `nbgrader generate_feedback` and `release_feedback` read them from autograded/ and feedback/.
EXCHANGE_FILES = ("timestamp.txt", "submission_secret.txt")
EXCHANGE_FILE_BYTES = 4096


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
    _copy_exchange_files(Path(course), student, assignment)


def _copy_exchange_files(course: Path, student: str, assignment: str) -> None:
    """The submission's timestamp and secret next to its autograded notebooks and feedback, as
    `nbgrader autograde` leaves them, so that `nbgrader release_feedback` works after
    `autograde --course` (plain small files only; the student wrote them)."""
    submitted = course / "submitted" / student / assignment
    for name in EXCHANGE_FILES:
        source = submitted / name
        if source.is_symlink() or not source.is_file() or source.stat().st_size > EXCHANGE_FILE_BYTES:
            continue
        data = source.read_bytes()
        for folder in (course / "autograded" / student / assignment, course / "feedback" / student / assignment):
            if folder.is_dir() and not folder.is_symlink():
                (folder / name).write_bytes(data)
