"""`python -m autograder grade NOTEBOOK.ipynb`: a learner grades their own notebook, as a teacher would."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from autograder.course import source_notebooks

SELF = "you"


def find_assignment(path: Path) -> tuple:
    """(assignment, stem) of the source notebook `path` answers: by file name, else by its exercises."""
    notebooks = source_notebooks()
    for nb in notebooks:
        if nb.stem == path.stem:
            return nb.assignment, nb.stem
    import nbformat
    try:
        ids = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
               for c in nbformat.read(path, as_version=4).cells}
    except Exception:
        ids = set()
    best = max(notebooks, key=lambda nb: len(ids & set(nb.exercises())), default=None)
    if best is None or not ids & set(best.exercises()):
        raise ValueError(f"{path.name} is not a notebook of this course "
                         f"(expected one of {[nb.stem + '.ipynb' for nb in notebooks]})")
    return best.assignment, best.stem


def grade_notebook(path: Path, feedback_dir: Path | None = None, seed: int | None = None,
                   isolated: bool = True) -> dict:
    """{"seed", "exercises": [{exercise, score, max_score, feedback}], "flags": [...]} for one notebook.

    The cases are drawn from `seed` (None: a fresh one; a learner's run prints it, and the same
    seed repeats the run).
    The notebook is graded as a class's is (`grade_submission`, nbgrader's Autograde with the
    course's pipeline, a jailed kernel and a jailed answer check beside it), in this process: the
    kernel boots while nbgrader is imported, the course folder comes from the cache
    (`course_cache`), and feedback pages are written only when `feedback_dir` is given.
    """
    # The kernel first, before anything heavy is imported: it boots in its jail (about 1.5 s)
    # while nbgrader is imported and the notebook's cases are drawn.
    from autograder.pipeline.kernels import GRADING_KERNEL, start_first_kernel
    from autograder.pipeline.limits import GradingLimits

    path = Path(path)
    limits = GradingLimits()
    with tempfile.TemporaryDirectory(prefix="course-selfgrade-", ignore_cleanup_errors=True) as tmp:
        tmp = Path(tmp)
        root = tmp / "course"
        start_first_kernel(root, tmp / "kernels", limits, isolated)
        assignment, stem = find_assignment(path)

        from autograder.classroom.grade_submission import grade_submission
        from autograder.course import SourceNotebook
        from autograder.exercises.class_secret import SECRET_FILE, fresh_seed, from_seed
        from autograder.pipeline.workspace import course_cache, nbgrader_api
        seed = fresh_seed() if seed is None else seed
        shutil.copytree(course_cache([assignment]), root, ignore=shutil.ignore_patterns("release"),
                        dirs_exist_ok=True)
        (tmp / SECRET_FILE).write_bytes(from_seed(seed))
        folder = tmp / "submissions" / SELF / assignment
        folder.mkdir(parents=True)
        shutil.copy2(path, folder / f"{stem}.ipynb")
        # No expected_dir: the check, started beside the notebook, computes this notebook's
        # expected outcomes itself once its jail is done (a class shares them instead).
        api = nbgrader_api(root, limits, kernel_name=GRADING_KERNEL, secret_file=tmp / SECRET_FILE,
                           isolated=isolated, prestart=False, check_early=True)
        source = SourceNotebook(assignment, root / "source" / assignment / f"{stem}.ipynb")
        result = grade_submission(SELF, assignment, folder, [source], api, tmp / "out",
                                  write_feedback=feedback_dir is not None)
        if feedback_dir:
            Path(feedback_dir).mkdir(parents=True, exist_ok=True)
            for html in (tmp / "out" / "feedback" / SELF / assignment).glob("*.html"):
                shutil.copy2(html, Path(feedback_dir) / html.name)
    return {
        "assignment": assignment,
        "seed": seed,
        "isolated": isolated,
        "exercises": [{"exercise": g.exercise, "score": g.score, "max_score": g.max_score,
                       "feedback": g.feedback} for g in result.grades],
        "flags": [f.reason for f in result.flags],
    }


# `grade` prints what a student's code wrote (an exception's message, a file name) inside its
# feedback: each such text is indented under the grader's own lines and cut, so that it cannot
# scroll the table away or pass for the grader's lines, and the real total is printed again as
# the last line. The whole feedback is in --json and in the feedback pages.
FEEDBACK_LINES = 40     # lines of one exercise's feedback
NOTE_LINES = 5          # lines of one note (a flag)
LINE_CHARS = 200        # characters of one line
INDENT = "    "


def _quoted(text: str, most: int) -> list:
    """`text` as at most `most` lines (and one saying how many were left out), each indented and
    cut to LINE_CHARS: control characters as escapes, runs of blank lines as one."""
    from autograder.pipeline.printable import printable
    lines = []
    for line in printable(text).expandtabs().split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line if len(line) <= LINE_CHARS else line[:LINE_CHARS] + " …")
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > most:
        lines[most:] = [f"… ({len(lines) - most} more lines: see --json or --feedback)"]
    return [INDENT + line if line else "" for line in lines]


def format_table(report: dict) -> str:
    """A readable table of one notebook's scores, then the feedback of what failed and the notes
    (text that quotes the student's code: indented, cut to a few lines, control characters
    shown as escapes), then the total again, as the last line."""
    rows = report["exercises"]
    width = max([len(r["exercise"]) for r in rows] + [8])
    lines = [f"{report['assignment']} (cases from seed {report['seed']}; repeat with --seed {report['seed']})",
             f"{'exercise':<{width}}  score", "-" * (width + 12)]
    for r in rows:
        mark = "ok" if r["score"] >= r["max_score"] else "--"
        lines.append(f"{r['exercise']:<{width}}  {r['score']:g}/{r['max_score']:g}  {mark}")
    total = f"{sum(r['score'] for r in rows):g}/{sum(r['max_score'] for r in rows):g}"
    lines.append("-" * (width + 12))
    lines.append(f"{'total':<{width}}  {total}")
    quoted = []
    for r in rows:
        if r["score"] < r["max_score"] and r["feedback"]:
            quoted += ["", f"feedback on {r['exercise']}:", *_quoted(r["feedback"], FEEDBACK_LINES)]
    for flag in report["flags"]:
        quoted += ["", "note:", *_quoted(flag, NOTE_LINES)]
    if quoted:
        quoted += ["", f"score {total} ({report['assignment']}, cases from seed {report['seed']})"]
    return "\n".join(lines + quoted)


def as_json(report: dict) -> str:
    return json.dumps({"seed": report["seed"], "isolated": report["isolated"],
                       "exercises": report["exercises"], "flags": report["flags"]}, indent=1)
