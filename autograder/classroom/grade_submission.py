"""Grade one student's assignment through nbgrader: its gradebook holds the final scores.

Runs inside a grading worker (`worker.py`) whose course folder already holds the assignment's
gradebook entry and the grading kernel spec. nbgrader's Autograde runs the notebook in its jailed
kernel and judges the answers (`judge_answers`); this module adds what nbgrader does not do:
intake (refusing what is not a plain notebook), grades.json, the feedback page, and the rows.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from autograder.course import SourceNotebook
from autograder.classroom.intake import metadata_notes, read_submission, suspicious_notes
from autograder.pipeline.judge_answers import METADATA_KEY
from autograder import timings
from autograder.pipeline.workspace import add_release_extras


@dataclass
class ExerciseGrade:
    """One row of grades.csv: a student's score on one graded test cell."""
    student: str
    assignment: str
    notebook: str
    exercise: str
    score: float
    max_score: float
    feedback: str = ""
    mistakes: list = field(default_factory=list)
    failing_case: str = ""


@dataclass
class Flag:
    """One row of flags.csv: something a person should look at."""
    student: str
    assignment: str
    exercise: str
    reason: str


@dataclass
class SubmissionResult:
    grades: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    feedback_files: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"grades": [asdict(g) for g in self.grades], "flags": [asdict(f) for f in self.flags],
                "feedback_files": self.feedback_files}

    @classmethod
    def from_json(cls, data: dict) -> "SubmissionResult":
        return cls([ExerciseGrade(**g) for g in data["grades"]], [Flag(**f) for f in data["flags"]],
                   data.get("feedback_files", []))


def _points(source: SourceNotebook) -> dict:
    """{test grade_id: points} from the source notebook (never from the student's copy)."""
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"].get("points", 0))
            for c in source.read().cells if c.metadata.get("nbgrader", {}).get("grade")}


def _gradebook_scores(db_url: str, assignment: str, stem: str, student: str) -> dict:
    """{test grade_id: score} as nbgrader's gradebook holds them (the final scores)."""
    with Gradebook(db_url) as gb:
        try:
            submission = gb.find_submission_notebook(stem, assignment, student)
        except MissingEntry:
            return {}
        return {grade.name: float(grade.score or 0.0) for grade in submission.grades}


def _verdicts(autograded: Path) -> dict:
    """What JudgeAnswers wrote into the autograded notebook: {"verdicts": {...}, "flags": [...]}."""
    if not autograded.exists():
        return {}
    return nbformat.read(autograded, as_version=4).metadata.get(METADATA_KEY, {})


def grade_submission(student: str, assignment: str, folder: Path, sources: list, api, out_dir: Path,
                     keep_autograded: Path | None = None, write_feedback: bool = True) -> SubmissionResult:
    """Grade SUBMISSIONS/<student>/<assignment> (`folder`, only read) against `sources`.

    keep_autograded: a folder to copy the autograded notebooks into (for a course's gradebook).
    write_feedback: write the feedback pages (nbgrader generate_feedback) into out_dir/feedback/.
    """
    started = timings.now()
    root = Path(api.coursedir.root)
    try:
        result = _grade_submission(student, assignment, folder, sources, api, out_dir, write_feedback)
        if keep_autograded is not None:
            keep_autograded.mkdir(parents=True, exist_ok=True)
            for path in (root / "autograded" / student / assignment).glob("*.ipynb"):
                shutil.copy2(path, keep_autograded / path.name)
        return result
    finally:
        # The worker's folders hold only the submission it is grading.
        for step in ("submitted", "autograded", "feedback"):
            shutil.rmtree(root / step / student, ignore_errors=True)
        timings.write(student=student, assignment=assignment, start=started, end=timings.now())


# nbgrader's log, as capture_log writes it: "[LEVEL] message", each further line of a message
# indented; so a line that starts with these was written by nbgrader itself, never by a student.
NBGRADER_FAILED = "[ERROR] There was an error processing assignment:"
NBGRADER_TRACEBACK = "[ERROR] Traceback (most recent call last):"


def nbgrader_error(outcome: dict) -> str:
    """The exception that stopped nbgrader: the exception line of the traceback nbgrader logs
    right after its "There was an error processing assignment" (its own "error" is always its
    NbGraderException, "see the above traceback"); else the last line of "error".

    Found by place, not by text: the first line after that traceback's "File" lines indented
    less than they are. nbclient's preview of the student's cell comes after it, and may look
    like anything, a traceback included."""
    log = (outcome.get("log") or "").splitlines()
    for i, line in enumerate(log[:-1]):
        if line.startswith(NBGRADER_FAILED) and log[i + 1].startswith(NBGRADER_TRACEBACK):
            frames_indent = None
            for after in log[i + 2:]:
                indent = len(after) - len(after.lstrip())
                if frames_indent is None and after.lstrip().startswith("File "):
                    frames_indent = indent
                elif frames_indent is not None and after.strip() and indent < frames_indent:
                    return after.strip()
            break
    last = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
    return last[-1].strip() if last else ""


def _grade_submission(student, assignment, folder, sources, api, out_dir, write_feedback) -> SubmissionResult:
    lap = timings.Laps()
    result = SubmissionResult()
    root = Path(api.coursedir.root)
    expected = {s.stem: s.exercises() for s in sources}
    intakes, folder_notes = read_submission(folder, expected)
    result.flags += [Flag(student, assignment, "", note) for note in folder_notes]

    staged = root / "submitted" / student / assignment
    for path in (staged, root / "autograded" / student / assignment, root / "feedback" / student / assignment):
        shutil.rmtree(path, ignore_errors=True)
    staged.mkdir(parents=True)
    add_release_extras(staged)
    for intake in intakes:
        if intake.notebook is not None:
            nbformat.write(intake.notebook, staged / f"{intake.stem}.ipynb")
    lap("intake")

    ran = any(i.notebook is not None for i in intakes)
    if ran:
        outcome = api.autograde(assignment, student, force=True, create=True)
        lap.nbgrader("nbgrader_autograde")
        if not outcome.get("success"):
            result.flags.append(Flag(student, assignment, "",
                                     f"nbgrader could not run the notebook: {nbgrader_error(outcome)[:300]}"))

    for source, intake in zip(sources, intakes):
        points = _points(source)
        names = expected[source.stem]
        if intake.notebook is not None:
            source_nb = source.read()
            known = {c.source for c in source_nb.cells}
            grading_meta = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
                            for c in source_nb.cells if "nbgrader" in c.metadata}
            intake.notes += suspicious_notes(intake.notebook, known, intake.source_file)
            intake.notes += metadata_notes(intake.notebook, grading_meta, intake.source_file)
        for note in intake.notes:
            result.flags.append(Flag(student, assignment, "", note))
        if intake.notebook is None:
            result.grades += [ExerciseGrade(student, assignment, source.stem, f"test_{n}", 0.0,
                                            points.get(f"test_{n}", 0.0), "notebook not graded: "
                                            + "; ".join(intake.notes)) for n in names]
            continue
        autograded = root / "autograded" / student / assignment / f"{source.stem}.ipynb"
        scores = _gradebook_scores(api.coursedir.db_url, assignment, source.stem, student)
        judged = _verdicts(autograded)
        verdicts = judged.get("verdicts", {})
        for test_id, reason in judged.get("flags", []):
            result.flags.append(Flag(student, assignment, test_id, reason))
        lap("read_scores")
        for name in names:
            test_id = f"test_{name}"
            verdict = verdicts.get(name, {})
            max_score = points.get(test_id, 0.0)
            feedback = verdict.get("feedback", "the notebook could not be graded")
            result.grades.append(ExerciseGrade(student, assignment, source.stem, test_id,
                                               min(scores.get(test_id, 0.0), max_score), max_score, feedback,
                                               verdict.get("mistakes", []), verdict.get("failing_case", "")))

    target = out_dir / "feedback" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    # The same verdicts in a form a script can read (no hidden-test source: only feedback text).
    (target / "grades.json").write_text(json.dumps(result.to_json()["grades"], indent=1))
    lap("write_results")
    if ran and write_feedback:
        api.generate_feedback(assignment, student, force=True)
        lap.nbgrader("feedback")
        feedback_dir = root / "feedback" / student / assignment
        for html in sorted(feedback_dir.glob("*.html")):
            shutil.copy2(html, target / html.name)
            result.feedback_files.append(str(target / html.name))
    lap("write_results")
    return result
