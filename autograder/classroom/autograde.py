"""`python -m autograder autograde SUBMISSIONS`: grade a whole class, in parallel, without stopping.

SUBMISSIONS is nbgrader's layout, SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb,
and is only ever read. Results: OUT/grades.csv, OUT/flags.csv, OUT/feedback/.
"""
from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from autograder.pipeline import course_folder, csvsafe, gradebook_writer
from autograder.exercises.class_secret import SECRET_FILE
from autograder.course import source_notebooks
from autograder.exercises import get_exercise
from autograder.classroom.grade_submission import ExerciseGrade, Flag, SubmissionResult
from autograder.classroom.intake import entry_problem, name_problem
from autograder.isolation import jail
from autograder.pipeline.limits import GradingLimits
from autograder.exercises.reference import write_expected
from autograder.pipeline.workspace import course_cache

GRADE_COLUMNS = ["student", "assignment", "notebook", "exercise", "score", "max_score"]
FLAG_COLUMNS = ["student", "assignment", "exercise", "reason"]


class IsolationUnavailable(RuntimeError):
    """No jail can be made here, and the class was not to be graded without one."""


def find_jobs(submissions: Path, assignments: list, refuse_odd_ids: bool = False) -> tuple:
    """[(student, assignment)] to grade, and flags for what is not graded and why.

    Nothing is followed: a student folder or an assignment folder that is a symbolic link, a
    device or anything but a plain folder is refused with a flag. An odd student id is flagged,
    and with `refuse_odd_ids` (a course's gradebook, which formgrader shows) not graded.
    """
    jobs, flags = [], []
    for student_dir in sorted(submissions.iterdir()):
        if student_dir.name.startswith("."):
            continue
        student = student_dir.name
        problem = entry_problem(student_dir, want_dir=True)
        if problem:
            flags.append(Flag(student, "", "", f"not graded: {problem}"))
            continue
        odd_id = name_problem(student, "student id")
        if odd_id and refuse_odd_ids:
            flags.append(Flag(student, "", "", f"not graded: {odd_id}"))
            continue
        if odd_id:
            flags.append(Flag(student, "", "", odd_id))
        for entry in sorted(student_dir.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.name not in assignments:
                flags.append(Flag(student, entry.name, "",
                                  f"{entry.name} is not an assignment of this course; not graded"))
            elif problem := entry_problem(entry, want_dir=True):
                flags.append(Flag(student, entry.name, "", f"not graded: {problem}"))
            else:
                jobs.append((student, entry.name))
    return jobs, flags


class _Worker:
    """One `autograder.classroom.worker` process, restarted when a job overruns its time."""

    def __init__(self, template: Path, workdir: Path, limits: GradingLimits, isolated: bool):
        self.template, self.workdir, self.limits, self.isolated = template, workdir, limits, isolated
        self.process = None

    def start(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self._start()

    def _start(self) -> None:
        settings = {"limits": asdict(self.limits), "isolated": self.isolated}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.classroom.worker", str(self.template), str(self.workdir),
             json.dumps(settings)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            start_new_session=True, bufsize=1)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, args=(self.process, self.lines), daemon=True).start()

    @staticmethod
    def _pump(process, lines) -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def stop(self, grace_seconds: float = 0.0) -> None:
        """End the worker: with `grace_seconds`, first let it stop its spare kernel and exit (its
        stdin closes), then kill whatever of its process group is left."""
        if self.process and self.process.poll() is None and grace_seconds:
            try:
                self.process.stdin.close()
                self.process.wait(grace_seconds)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.process:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
            jail.remove_stale_cgroups()  # its kernels' jails, found by their cgroups
        self.process = None

    def run(self, job: dict, seconds: float) -> bool:
        """Send `job`; True when the worker reported it done within `seconds`."""
        self.start()
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=min(1.0, max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                continue
            if line is None:  # the worker died
                self.stop()
                return False
            if line.strip() == f"@@done {job['id']} {job['token']}":
                return True
        self.stop()
        return False


def prepare_template(root: Path, assignments: list, secret: bytes, expected: Path | None = None) -> None:
    """The course folder every worker copies (gradebook, source notebooks), with the class
    secret and the expected outcomes for it (which the workers read, and no jail sees).

    expected: a folder of expected outcomes already written for `secret` (a course's)."""
    shutil.copytree(course_cache(assignments), root, dirs_exist_ok=True)
    names = [name for nb in source_notebooks() if nb.assignment in assignments for name in nb.exercises()]
    if expected is not None:
        shutil.copytree(expected, root / "expected")
    else:
        write_expected([get_exercise(name) for name in names], root / "expected", secret)
    fd = os.open(root / SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)


def _failed_job(job: dict, sources: dict, reason: str) -> SubmissionResult:
    grades = [ExerciseGrade(job["student"], job["assignment"], stem, f"test_{name}", 0.0, points,
                            reason) for stem, exercises in sources[job["assignment"]].items()
              for name, points in exercises]
    return SubmissionResult(grades, [Flag(job["student"], job["assignment"], "", reason)])


def autograde_class(submissions: Path, out_dir: Path, jobs: int | None = None,
                    limits: GradingLimits = GradingLimits(), progress: bool = True,
                    assignments: list | None = None, *, secret: bytes,
                    isolation: bool = True, course: Path | None = None) -> list:
    """Grade every submission; write grades.csv, flags.csv and feedback/ under `out_dir`.

    `secret`: the class secret the cases come from. `isolation`: run student code only in
    jails (IsolationUnavailable when none can be made here); False runs it unjailed.
    `course`: an instructor's course folder (`course_folder.init`) whose gradebook receives the
    verdicts and whose autograded/ the autograded notebooks; grades.csv is then exported from
    that gradebook.
    Returns the SubmissionResults in (student, assignment) order, which does not
    depend on `jobs`.
    """
    if isolation and not jail.available():
        raise IsolationUnavailable(jail.unavailable_reason())
    submissions, out_dir = Path(submissions).resolve(), Path(out_dir).resolve()
    notebooks = source_notebooks()
    known = sorted({nb.assignment for nb in notebooks})
    pairs, folder_flags = find_jobs(submissions, known, refuse_odd_ids=course is not None)
    wanted = sorted({a for _, a in pairs} | set(assignments or []))
    sources = {a: {nb.stem: [(name, _points(nb, name)) for name in nb.exercises()]
                   for nb in notebooks if nb.assignment == a} for a in wanted}
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: dict = {}
    # ignore_cleanup_errors: a jail that is still dying may leave a file in a worker's folder as
    # it is removed; a leftover temporary file must never cost the class its results.
    with tempfile.TemporaryDirectory(prefix="course-grading-", ignore_cleanup_errors=True) as tmp:
        tmp = Path(tmp)
        workers = [_Worker(tmp / "template", tmp / f"worker-{n}", limits, isolation)
                   for n in range(min(jobs, len(pairs)))]
        for worker in workers:
            worker.start()  # it imports and starts a kernel while the template is prepared
        try:
            if pairs:
                prepare_template(tmp / "template", wanted, secret,
                                 course_folder.expected_dir(course) if course else None)
        except BaseException:
            for worker in workers:
                worker.stop()
            raise
        todo: queue.Queue = queue.Queue()
        for index, (student, assignment) in enumerate(pairs):
            todo.put({"id": index, "student": student, "assignment": assignment,
                      "folder": str(submissions / student / assignment),
                      "notebooks": list(sources[assignment]), "out": str(out_dir),
                      "result": str(tmp / f"result-{index}.json"), "token": secrets.token_hex(16),
                      "keep_autograded": str(tmp / "autograded" / str(index)) if course else ""})
        bar = tqdm(total=len(pairs), desc="grading", unit="submission", disable=not progress)
        lock = threading.Lock()

        def serve(worker: _Worker) -> None:
            try:
                while True:
                    try:
                        job = todo.get_nowait()
                    except queue.Empty:
                        return
                    seconds = limits.submission_seconds(len(job["notebooks"]))
                    if worker.run(job, seconds) and Path(job["result"]).exists():
                        result = SubmissionResult.from_json(json.loads(Path(job["result"]).read_text()))
                    else:
                        result = _failed_job(job, sources, f"grading stopped after {seconds:g} s or "
                                             "the grading process died; scored 0")
                    with lock:
                        if course:  # the one writer of the course's gradebook
                            gradebook_writer.record(course, _db_url(course), job["student"], job["assignment"],
                                                    sorted(Path(job["keep_autograded"]).glob("*.ipynb")))
                        results[job["id"]] = result
                        bar.update(1)
            finally:
                worker.stop(grace_seconds=10.0)

        threads = [threading.Thread(target=serve, args=(worker,)) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        bar.close()
    ordered = [results[i] for i in range(len(pairs))]
    write_csvs(out_dir, ordered, folder_flags, grade_rows=_course_rows(course) if course else None)
    from autograder.report import write_report_or_warn  # after grades.csv: a failed report loses no grade
    write_report_or_warn(out_dir)
    return ordered


def _db_url(course: Path) -> str:
    return f"sqlite:///{Path(course) / 'gradebook.db'}"


def _course_rows(course: Path) -> list:
    from nbgrader.api import Gradebook
    from autograder.pipeline.exports import exercise_rows
    with Gradebook(_db_url(course)) as gradebook:
        return exercise_rows(gradebook)


def _points(notebook, name: str) -> float:
    for cell in notebook.read().cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == f"test_{name}":
            return float(meta.get("points", 0))
    return 0.0


def write_csvs(out_dir: Path, results: list, extra_flags: list = (), grade_rows: list | None = None) -> None:
    """grades.csv (one row per student and graded test cell) and flags.csv.

    grade_rows: the rows as a course's gradebook holds them (else from `results`)."""
    if grade_rows is None:
        grade_rows = [(g.student, g.assignment, g.notebook, g.exercise, g.score, g.max_score)
                      for result in results for g in result.grades]
    csvsafe.write_csv(out_dir / "grades.csv", GRADE_COLUMNS,
                      ([student, assignment, notebook, exercise, f"{score:g}", f"{top:g}"]
                       for student, assignment, notebook, exercise, score, top in grade_rows))
    csvsafe.write_csv(out_dir / "flags.csv", FLAG_COLUMNS,
                      ([flag.student, flag.assignment, flag.exercise, flag.reason]
                       for flag in list(extra_flags) + [fl for r in results for fl in r.flags]))
