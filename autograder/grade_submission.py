"""Grade one student's assignment: nbgrader in a jailed kernel, then the jailed answer check, then the lower score.

Runs inside a grading worker (`worker.py`) whose course folder already holds
the assignment's gradebook entry and the grading kernel spec.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from .course import SourceNotebook
from .diagnose import Report
from .intake import metadata_notes, read_submission, shortcut_notes, suspicious_notes
from . import timings
from .limits import GradingLimits
from .verify import verify_notebook
from .workspace import add_release_extras


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


@dataclass(frozen=True)
class Checking:
    """How answers are checked outside the kernel: the class secret the cases come from, where
    the expected outcomes for it are, and whether the checks run in a jail."""
    secret: bytes
    expected_dir: Path
    isolated: bool = True


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


def _kernel_errors(autograded: Path) -> dict:
    """{test grade_id: 'Error: message'} from nbgrader's executed copy."""
    found = {}
    if not autograded.exists():
        return found
    nb = nbformat.read(autograded, as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and grade_id:
                found[grade_id] = f"{output.get('ename')}: {output.get('evalue', '')}".strip()
    return found


def _timed_out(autograded: Path, limits: GradingLimits) -> dict:
    """{name: failed Report} for the test cells that ran past the cell time limit in the kernel.

    Such an exercise already scores 0 (its test cell has an error), so the sandbox does not
    spend its own time limit on the same hang.
    """
    found = {}
    if not autograded.exists():
        return found
    for cell in nbformat.read(autograded, as_version=4).cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("test_") and any(o.get("ename") == "CellTimeoutError"
                                                for o in cell.get("outputs", [])):
            name = grade_id[len("test_"):]
            found[name] = Report(name, False, 1, 1, f"{name}: your code took longer than "
                                 f"{limits.cell_seconds} s in the notebook; its test cell was stopped.",
                                 ["limit"])
    return found


def _blocked_attempts(autograded: Path) -> list:
    """Messages of what the grading kernel refused (files, databases, processes, imports)."""
    found = []
    if not autograded.exists():
        return found
    for cell in nbformat.read(autograded, as_version=4).cells:
        for output in cell.get("outputs", []):
            text = output.get("evalue", "") if output.get("output_type") == "error" else output.get("text", "")
            if "while grading" in str(text):
                found.append(str(text).strip().splitlines()[-1][:200])
    return sorted(set(found))


def _nbgrader_scores(db_url: str, assignment: str, stem: str, student: str) -> dict:
    scores = {}
    with Gradebook(db_url) as gb:
        try:
            submission = gb.find_submission_notebook(stem, assignment, student)
        except MissingEntry:
            return scores
        for grade in submission.grades:
            scores[grade.name] = float(grade.score or 0.0)
    return scores


def _append_verification(autograded: Path, reports: dict) -> None:
    """Add the out-of-kernel verdicts to the autograded notebook, so the feedback shows them."""
    if not autograded.exists():
        return
    nb = nbformat.read(autograded, as_version=4)
    lines = ["## Checked again outside your notebook", "",
             "Each answer was also run on its own, from its solution cell alone. "
             "A test that passed in the notebook but fails here scores 0.", ""]
    for name, report in reports.items():
        verdict = "passes" if report.passed else "fails"
        lines.append(f"- `{name}` {verdict}")
        if not report.passed:
            lines += ["", "```text", report.message, "```", ""]
    nb.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    nbformat.write(nb, autograded)


def grade_submission(student: str, assignment: str, folder: Path, sources: list, api, out_dir: Path,
                     limits: GradingLimits, checking: Checking) -> SubmissionResult:
    """Grade SUBMISSIONS/<student>/<assignment> (`folder`, only read) against `sources`."""
    started = timings.now()
    root = Path(api.coursedir.root)
    try:
        return _grade_submission(student, assignment, folder, sources, api, out_dir, limits, checking)
    finally:
        # The worker's folders hold only the submission it is grading.
        for step in ("submitted", "autograded", "feedback"):
            shutil.rmtree(root / step / student, ignore_errors=True)
        timings.write(student=student, assignment=assignment, start=started, end=timings.now())


def _grade_submission(student, assignment, folder, sources, api, out_dir, limits, checking) -> SubmissionResult:
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
            last = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()[-1:]
            result.flags.append(Flag(student, assignment, "",
                                     f"nbgrader could not run the notebook: {' '.join(last)[:300]}"))

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
        kernel_scores = _nbgrader_scores(api.coursedir.db_url, assignment, source.stem, student)
        kernel_errors = _kernel_errors(autograded)
        for attempt in _blocked_attempts(autograded):
            result.flags.append(Flag(student, assignment, "", f"{intake.source_file}: blocked: {attempt}"))
        lap("read_scores")
        reports = verify_notebook(intake.notebook, names, limits.sandbox, source.given_cells(),
                                  skip=_timed_out(autograded, limits), secret=checking.secret,
                                  expected_dir=checking.expected_dir, isolated=checking.isolated)
        lap("verification")
        shortcuts = shortcut_notes(intake.notebook, names)
        for name in names:
            test_id = f"test_{name}"
            report: Report = reports[name]
            max_score = points.get(test_id, 0.0)
            in_kernel = min(kernel_scores.get(test_id, 0.0), max_score)
            score = in_kernel if report.passed else 0.0
            feedback = report.message if not report.passed else kernel_errors.get(test_id, report.message)
            # The kernel runs only the visible tests (its jail has nothing to judge against), so a
            # notebook pass with a failing answer is ordinary; the reverse is worth a look.
            if report.passed and in_kernel < max_score:
                result.flags.append(Flag(student, assignment, test_id,
                                         "passes on its own but failed in the notebook: "
                                         + kernel_errors.get(test_id, "no score from nbgrader")[:300]))
            elif "limit" in report.mistakes:
                result.flags.append(Flag(student, assignment, test_id, report.message))
            if name in shortcuts:
                result.flags.append(Flag(student, assignment, test_id, shortcuts[name]))
            result.grades.append(ExerciseGrade(student, assignment, source.stem, test_id, score,
                                               max_score, feedback, list(report.mistakes),
                                               report.failing_case))
        _append_verification(autograded, reports)
        lap("feedback")

    target = out_dir / "feedback" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    # The same verdicts in a form a script can read (no hidden-test source: only feedback text).
    (target / "grades.json").write_text(json.dumps(result.to_json()["grades"], indent=1))
    lap("write_results")
    if ran:
        api.generate_feedback(assignment, student, force=True)
        lap.nbgrader("feedback")
        feedback_dir = root / "feedback" / student / assignment
        for html in sorted(feedback_dir.glob("*.html")):
            shutil.copy2(html, target / html.name)
            result.feedback_files.append(str(target / html.name))
    lap("write_results")
    return result
