"""`python -m autograder grade NOTEBOOK.ipynb`: a learner grades their own notebook, as a teacher would."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import nbformat

from autograder.exercises.class_secret import from_seed
from autograder.classroom.autograde import autograde_class
from autograder.course import source_notebooks

SELF = "you"


def find_assignment(path: Path) -> tuple:
    """(assignment, stem) of the source notebook `path` answers: by file name, else by its exercises."""
    notebooks = source_notebooks()
    for nb in notebooks:
        if nb.stem == path.stem:
            return nb.assignment, nb.stem
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


def grade_notebook(path: Path, feedback_dir: Path | None = None, seed: int = 0,
                   isolated: bool = True) -> dict:
    """{"seed", "exercises": [{exercise, score, max_score, feedback}], "flags": [...]} for one notebook.

    The cases are drawn from `seed` (a learner's run prints it; the same seed repeats the run).
    """
    path = Path(path)
    assignment, stem = find_assignment(path)
    with tempfile.TemporaryDirectory(prefix="course-selfgrade-") as tmp:
        folder = Path(tmp) / "submissions" / SELF / assignment
        folder.mkdir(parents=True)
        shutil.copy2(path, folder / f"{stem}.ipynb")
        out = Path(tmp) / "out"
        [result] = autograde_class(Path(tmp) / "submissions", out, jobs=1, progress=False,
                                   secret=from_seed(seed), isolation=isolated)
        if feedback_dir:
            for html in (out / "feedback" / SELF / assignment).glob("*.html"):
                Path(feedback_dir).mkdir(parents=True, exist_ok=True)
                shutil.copy2(html, Path(feedback_dir) / html.name)
    return {
        "assignment": assignment,
        "seed": seed,
        "isolated": isolated,
        "exercises": [{"exercise": g.exercise, "score": g.score, "max_score": g.max_score,
                       "feedback": g.feedback} for g in result.grades],
        "flags": [f.reason for f in result.flags],
    }


def format_table(report: dict) -> str:
    """A readable table of one notebook's scores, then the feedback of what failed."""
    rows = report["exercises"]
    width = max([len(r["exercise"]) for r in rows] + [8])
    lines = [f"{report['assignment']} (cases from seed {report['seed']}; repeat with --seed {report['seed']})",
             f"{'exercise':<{width}}  score", "-" * (width + 12)]
    for r in rows:
        mark = "ok" if r["score"] >= r["max_score"] else "--"
        lines.append(f"{r['exercise']:<{width}}  {r['score']:g}/{r['max_score']:g}  {mark}")
    total = sum(r["score"] for r in rows), sum(r["max_score"] for r in rows)
    lines.append("-" * (width + 12))
    lines.append(f"{'total':<{width}}  {total[0]:g}/{total[1]:g}")
    for r in rows:
        if r["score"] < r["max_score"] and r["feedback"]:
            lines += ["", r["feedback"]]
    for flag in report["flags"]:
        lines += ["", f"note: {flag}"]
    return "\n".join(lines)


def as_json(report: dict) -> str:
    return json.dumps({"seed": report["seed"], "isolated": report["isolated"],
                       "exercises": report["exercises"], "flags": report["flags"]}, indent=1)
