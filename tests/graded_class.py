"""A graded class written straight into GRADED_DIR, without notebooks: for the class report.

Each answer (a function or a constant, e.g. one of the mistake catalogue's, or `not_answered`)
is judged in process exactly as the hidden test judges it (`autograder.exercises.checks.run_checks`),
and the verdict becomes the grade `autograde` would write: grades.csv and flags.csv through
`classroom.write_csvs`, feedback/<student>/<assignment>/grades.json as `grade_submission`
writes it (score, feedback, recognised mistakes, smallest failing case).
"""
from __future__ import annotations

import json
from pathlib import Path

from autograder.exercises.checks import run_checks
from autograder.classroom.autograde import write_csvs
from autograder.course import source_notebooks
from autograder.classroom.grade_submission import ExerciseGrade, Flag, SubmissionResult

REFERENCE = "reference"


def not_answered(*args, **kwargs):
    """A solution cell as released: the student has not written it."""
    raise NotImplementedError()


def assignment_exercises() -> dict:
    """{assignment: [(notebook stem, exercise name, points)]} in notebook order."""
    found = {}
    for notebook in source_notebooks():
        points = {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"].get("points", 0))
                  for c in notebook.read().cells if c.metadata.get("nbgrader", {}).get("grade")}
        found.setdefault(notebook.assignment, []).extend(
            (notebook.stem, name, points[f"test_{name}"]) for name in notebook.exercises())
    return found


class _Judge:
    """run_checks, once per distinct (exercise, answer): a class repeats its answers."""

    def __init__(self):
        self.reports = {}

    def __call__(self, name, answer):
        if answer == REFERENCE:
            import solutions
            answer = getattr(solutions, name)
        key = (name, id(answer) if callable(answer) else repr(answer))
        if key not in self.reports:
            self.reports[key] = (run_checks(answer, name), answer)  # keeps `answer` alive for its id
        return self.reports[key][0]


def write_graded_class(out: Path, answers: dict, flags: list = ()) -> list:
    """Write GRADED_DIR `out` for `answers` {student: {assignment: {exercise: answer}}}.

    An exercise a student's assignment does not mention is answered with the reference.
    `flags`: Flag rows for flags.csv. Returns the SubmissionResults.
    """
    layout, judge = assignment_exercises(), _Judge()
    results = []
    for student in sorted(answers):
        for assignment in sorted(answers[student]):
            given = answers[student][assignment]
            unknown = set(given) - {name for _, name, _ in layout[assignment]}
            assert not unknown, f"{assignment} has no exercises {sorted(unknown)}"
            result = SubmissionResult()
            for stem, name, points in layout[assignment]:
                report = judge(name, given.get(name, REFERENCE))
                result.grades.append(ExerciseGrade(
                    student, assignment, stem, f"test_{name}", points if report.passed else 0.0, points,
                    report.message, list(report.mistakes), report.failing_case))
            results.append(result)
    write_results(out, results, flags)
    return results


def write_results(out: Path, results: list, flags: list = ()) -> None:
    """What `autograde` writes for `results` (SubmissionResult): grades.json per submission, then
    grades.csv and flags.csv; each flag goes with its student's submission when there is one."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    by_submission = {(r.grades[0].student, r.grades[0].assignment): r for r in results if r.grades}
    extra = []
    for flag in flags:
        result = by_submission.get((flag.student, flag.assignment))
        (result.flags if result is not None else extra).append(flag)
    for (student, assignment), result in by_submission.items():
        target = out / "feedback" / student / assignment
        target.mkdir(parents=True, exist_ok=True)
        (target / "grades.json").write_text(json.dumps(result.to_json()["grades"], indent=1))
    write_csvs(out, results, extra)


__all__ = ["ExerciseGrade", "Flag", "REFERENCE", "SubmissionResult", "assignment_exercises",
           "not_answered", "write_graded_class", "write_results"]
