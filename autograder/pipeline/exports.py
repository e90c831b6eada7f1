"""grades.csv from nbgrader's gradebook, as an nbgrader export plugin.

`nbgrader export --exporter=autograder.pipeline.exports.ExerciseGradesExport --to grades.csv` in a course
folder writes one row per student and graded test cell, with the score the gradebook holds
(a teacher's manual override included); `autograde --course` writes the same file with it.
Every cell is spreadsheet-safe (`csvsafe`).
"""
from __future__ import annotations

from nbgrader.api import Gradebook
from nbgrader.plugins import ExportPlugin

from autograder.pipeline import csvsafe

COLUMNS = ["student", "assignment", "notebook", "exercise", "score", "max_score"]


def exercise_rows(gradebook: Gradebook, students=(), assignments=()) -> list:
    """[(student, assignment, notebook, test grade_id, score, max_score)] of every submission."""
    rows = []
    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        for submission in sorted(assignment.submissions, key=lambda s: s.student.id):
            if students and submission.student.id not in students:
                continue
            for notebook in submission.notebooks:
                for grade in sorted(notebook.grades, key=lambda g: g.cell.name if g.cell else g.name):
                    if grade.name.startswith("test_"):
                        rows.append((submission.student.id, assignment.name, notebook.name, grade.name,
                                     float(grade.score or 0.0), float(grade.max_score or 0.0)))
    return rows


class ExerciseGradesExport(ExportPlugin):
    """One row per student and graded test cell: student, assignment, notebook, exercise, score, max_score."""

    def export(self, gradebook: Gradebook) -> None:
        rows = exercise_rows(gradebook, [str(s) for s in self.student], [str(a) for a in self.assignment])
        csvsafe.write_csv(self.to or "grades.csv", COLUMNS,
                          [(s, a, n, e, f"{score:g}", f"{top:g}") for s, a, n, e, score, top in rows])
