"""nbgrader preprocessors that make the score nbgrader stores the final one.

`JudgeAnswers` runs in nbgrader's Autograde pipeline, in the grader's process, after the
notebook ran in its jailed kernel (`LimitedExecute`) and before `SaveVerdicts` stores the
grades. It runs the student's answer cells alone in a jail (`verify`), judges what they return
against the expected outcomes, and writes the verdict into each graded test cell as nbgrader
reads it: an `execute_result` holding the points earned (nbgrader's partial credit), and the
feedback as text. What the notebook's kernel printed or raised in that cell is kept as text,
never as an error (nbgrader would read an error or any stderr as 0, whatever the answer earns).

`StartAnswerCheck` (first in the pipeline) starts that same check beside the notebook's run when
`JudgeAnswers.start_early` is set (one notebook graded alone: `grade`), and `JudgeAnswers` then
waits for it; a class's workers keep it off (they already keep every core busy).

`SaveVerdicts` is nbgrader's `SaveAutoGrades`, plus the flags of each exercise as the
automatic comment of its answer cell, which formgrader shows to the teacher. The same verdicts,
flags, recognised mistakes and points per group are in the autograded notebook's metadata
(`course_grader`), for grades.csv, flags.csv and the class report.
"""
from __future__ import annotations

import copy
import threading
import time
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from nbgrader.utils import is_grade
from traitlets import Bool, Float, Integer, Unicode

from autograder import timings
from autograder.course import SourceNotebook
from autograder.exercises.diagnose import Report
from autograder.exercises.shortcuts import shortcuts_used
from autograder.isolation.sandbox import Limits
from autograder.pipeline.verify import verify_notebook

METADATA_KEY = "course_grader"
# Errors LimitedExecute writes into cells the notebook never ran (they cost the cell's points).
NOT_RUN = {"GradingLimitError", "DeadKernelError", "CellTimeoutError"}
# What the grading kernel's hooks say when they refuse something (a flag, not a defence).
REFUSED_MARK = "while grading"
# Where StartAnswerCheck leaves the check it started, for JudgeAnswers (nbconvert's resources
# travel from one preprocessor to the next).
EARLY_CHECK = "course_grader_early_check"


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    if output.get("output_type") == "error":
        return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
    return ""


class JudgeAnswers(NbGraderPreprocessor):
    """Judge each exercise from its answer cell run alone in a jail; write the points into its test cell."""

    source_directory = Unicode("", help="The course's source folder (source/<assignment>/<notebook>.ipynb).").tag(config=True)
    secret_file = Unicode("", help="The class secret the cases are drawn from; empty: the public seed.").tag(config=True)
    expected_dir = Unicode("", help="Expected outcomes written for that secret; empty: computed here.").tag(config=True)
    isolated = Bool(True, help="Run answers in a bubblewrap jail (False only where none can be made).").tag(config=True)
    exercise_seconds = Float(Limits.seconds_per_step, help="Wall-clock limit of one step (a cell, a call) of the check.").tag(config=True)
    exercise_cpu_seconds = Integer(Limits.cpu_seconds, help="CPU limit of the check's process.").tag(config=True)
    exercise_memory_bytes = Integer(Limits.memory_bytes, help="Address-space limit of the check's process.").tag(config=True)
    exercise_output_bytes = Integer(Limits.output_bytes, help="What the check's process may print.").tag(config=True)
    exercise_budget_seconds = Float(0.0, help="All calls of one exercise together (0: four steps).").tag(config=True)
    check_budget_seconds = Float(0.0, help="The whole check of one notebook (0: twenty steps).").tag(config=True)
    results_bytes = Integer(Limits.results_bytes, help="What the answers of one notebook may return in all.").tag(config=True)
    output_chars = Integer(4000, help="Characters of the notebook's own output kept in a test cell.").tag(config=True)
    output_lines = Integer(60, help="Lines of the notebook's own output kept in a test cell.").tag(config=True)
    start_early = Bool(False, help="Run the check beside the notebook, not after it (StartAnswerCheck): "
                       "faster for one notebook graded alone; a class's workers already use every core.").tag(config=True)

    def limits(self) -> Limits:
        return Limits(seconds_per_step=self.exercise_seconds, cpu_seconds=self.exercise_cpu_seconds,
                      memory_bytes=self.exercise_memory_bytes, output_bytes=self.exercise_output_bytes,
                      exercise_seconds=self.exercise_budget_seconds or None,
                      check_seconds=self.check_budget_seconds or None, results_bytes=self.results_bytes)

    def _source(self, resources) -> SourceNotebook:
        info = resources["nbgrader"]
        return SourceNotebook(info["assignment"], Path(self.source_directory) / info["assignment"]
                              / f"{info['notebook']}.ipynb")

    def check(self, nb, source: SourceNotebook, skip: dict) -> dict:
        """{name: Report} of every exercise of `source`, from `nb`'s answer cells run in a jail."""
        names = source.exercises()
        secret = Path(self.secret_file).read_bytes().strip() if self.secret_file else None
        try:
            return verify_notebook(nb, names, self.limits(), source.given_cells(), skip, secret,
                                   Path(self.expected_dir) if self.expected_dir else None, self.isolated)
        except Exception as exc:  # a fault of the grader's must not score the notebook as it stands
            return {name: Report(name, False, 1, 1, f"{name}: the grader failed on this notebook "
                                 f"({type(exc).__name__}); a person should grade it", ["limit"]) for name in names}

    def preprocess(self, nb, resources):
        source = self._source(resources)
        names = source.exercises()
        tests = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nb.cells
                 if is_grade(cell) and cell.metadata["nbgrader"]["grade_id"].startswith("test_")}
        skip = {}
        for name in names:
            cell = tests.get(f"test_{name}")
            reason = self._not_run(cell)
            if reason:
                skip[name] = Report(name, False, 1, 1, f"{name}: {reason}", ["limit"])
        started = time.perf_counter()
        early = resources.pop(EARLY_CHECK, None)
        reports = early.result() if early is not None else None
        if reports is None:
            reports = self.check(nb, source, skip)
        else:
            # The early check called every exercise; one whose test cell did not run in the
            # notebook fails all the same, as the check after the run would have decided.
            reports = {**reports, **skip}
        timings.add("verification", time.perf_counter() - started)
        points = {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"].get("points", 0))
                  for c in source.read().cells if is_grade(c)}
        answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
                   if c.cell_type == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")}
        verdicts, flags = {}, []
        for name in names:
            cell, report = tests.get(f"test_{name}"), reports[name]
            if cell is None:
                continue
            score = report.score(points.get(f"test_{name}", 0.0))
            kernel_error = next((_text(o) for o in cell.outputs if o.get("output_type") == "error"), "")
            flags += [(f"test_{name}", reason) for reason in self._flags(name, report, kernel_error, answers)]
            self._write_verdict(cell, report, score)
            verdicts[name] = {"score": score, "passed": report.passed, "feedback": report.message,
                              "mistakes": list(report.mistakes), "failing_case": report.failing_case,
                              "groups": dict(report.groups)}
        refused = sorted({_text(o).strip().splitlines()[-1][:200] for c in nb.cells for o in c.get("outputs", [])
                          if REFUSED_MARK in _text(o) and _text(o).strip()})
        flags += [("", f"blocked while grading: {what}") for what in refused]
        nb.metadata[METADATA_KEY] = {"verdicts": verdicts, "flags": [list(f) for f in flags]}
        return nb, resources

    @staticmethod
    def _not_run(cell) -> str:
        if cell is None:
            return "its test cell is missing"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                return "your code took longer than the cell time limit in the notebook; its test cell was stopped"
            if output.get("output_type") == "error" and output.get("ename") in NOT_RUN:
                return f"its test cell did not run in the notebook ({_text(output)[:300]})"
        return ""

    @staticmethod
    def _flags(name: str, report: Report, kernel_error: str, answers: dict) -> list:
        flags = []
        if report.passed and kernel_error:
            flags.append(f"passes on its own but failed in the notebook: {kernel_error[:300]}")
        if "limit" in report.mistakes:
            flags.append(report.message[:400])
        calls = shortcuts_used(name, answers.get(name, ""), answers)
        if calls:
            flags.append(f"{name} uses {', '.join(calls)}, which does what the exercise asks you to "
                         "write; the score is left to the teacher")
        return flags

    def _write_verdict(self, cell, report: Report, score: float) -> None:
        """The cell's outputs as nbgrader will read them: text, then the points as a number."""
        seen = "".join(_text(o) for o in cell.outputs)
        outputs = [new_output("stream", name="stdout", text=f"Grader's verdict ({score:g} points):\n{report.message}\n")]
        if seen.strip():
            lines = seen[:self.output_chars].splitlines()[:self.output_lines]
            cut = "\n… cut by the grader" if len(lines) < len(seen.splitlines()) or len(seen) > self.output_chars else ""
            outputs.append(new_output("stream", name="stdout", text="\nWhat this cell printed in your notebook:\n"
                                      + "\n".join(lines) + cut + "\n"))
        outputs.append(new_output("execute_result", data={"text/plain": f"{score:g}"}, execution_count=None))
        cell.outputs = outputs


class StartAnswerCheck(JudgeAnswers):
    """With `JudgeAnswers.start_early`: start JudgeAnswers' check as nbgrader starts the notebook,
    in a thread beside its run (the check waits on its jail, the notebook on its kernel).

    The answer cells are taken before the notebook runs: they are the student's, whatever the
    notebook does in its kernel. Configured as JudgeAnswers (a subclass reads its settings).
    """

    def preprocess(self, nb, resources):
        if self.start_early:
            resources[EARLY_CHECK] = _Background(self.check, copy.deepcopy(nb), self._source(resources), {})
        return nb, resources


class _Background(threading.Thread):
    """`function(*args)` run in a daemon thread (a grader that stops does not wait for it; its
    jail dies with the grader); `result()` waits for what it returned (None if it raised)."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self._call, self._result = (function, args), None
        self.start()

    def run(self) -> None:
        function, args = self._call
        self._result = function(*args)

    def result(self):
        self.join()
        return self._result


class SaveVerdicts(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, with each exercise's flags as the automatic comment of its answer
    cell (formgrader shows it beside the score)."""

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        flags = nb.metadata.get(METADATA_KEY, {}).get("flags", [])
        by_exercise = {}
        for test_id, reason in flags:
            if test_id.startswith("test_"):
                by_exercise.setdefault(test_id[len("test_"):], []).append(reason)
        if by_exercise:
            from nbgrader.api import Gradebook
            with Gradebook(self.db_url) as gradebook:
                for name, reasons in by_exercise.items():
                    try:
                        comment = gradebook.find_comment(name, self.notebook_id, self.assignment_id, self.student_id)
                        grade = gradebook.find_grade(f"test_{name}", self.notebook_id, self.assignment_id,
                                                     self.student_id)
                    except MissingEntry:
                        continue
                    # The reasons may quote the student's text: formgrader shows a comment as a
                    # text box's placeholder, the feedback page through safe_markdown_html.
                    comment.auto_comment = "Flagged by the grader: " + " | ".join(reasons)
                    # Formgrader lists the exercise as "needs manual grading" until a person looks.
                    grade.needs_manual_grade = True
                gradebook.db.commit()
        return nb, resources
