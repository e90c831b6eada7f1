"""Synthetic classes: submissions made from the released notebooks with chosen answers."""
from __future__ import annotations

import copy
import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import math

import cv2
import nbformat
import numpy as np

from autograder.authoring.sync import solution_cell_source

CLASS_SECRET = b"the tests' class secret"


def run_autograder(*args) -> subprocess.CompletedProcess:
    """Run `python -m autograder ARGS` from the repository; fail showing its stderr if it fails."""
    from autograder.course import REPO_ROOT
    done = subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-6000:]}\n{done.stdout[-2000:]}"
    return done


def use_secret(out: Path, secret: bytes = CLASS_SECRET) -> bytes:
    """Make `secret` the class secret of an autograde --out folder (before grading into it)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "class-secret").write_bytes(secret)
    return secret


def earned(notebook, answers: dict, secret: bytes = CLASS_SECRET) -> dict:
    """{exercise: points} the in-process judge gives `answers` on the class's cases.

    The answers run as the grader runs them: the given cells, then each answer cell in order in
    one namespace with numpy, cv2 and math; "reference" is the reference code; a missing answer
    is the release's stub (it earns nothing).
    """
    from autograder.exercises.checks import run_checks
    points = {c.metadata["nbgrader"]["grade_id"][len("test_"):]: float(c.metadata["nbgrader"]["points"])
              for c in notebook.read().cells if c.metadata.get("nbgrader", {}).get("grade")}
    namespace = {"np": np, "cv2": cv2, "math": math, "__name__": "__main__"}
    for source in notebook.given_cells():
        exec(source, namespace)
    scores = {}
    for name in notebook.exercises():
        source = answers.get(name)
        if source is not None:
            try:
                exec(compile(solution_cell_source(name) if source == "reference" else source, name, "exec"),
                     namespace)
            except Exception:
                pass
        answer = namespace.get(name) if source is not None else None
        scores[name] = 0.0 if answer is None else run_checks(answer, name, secret).score(points[name])
    return scores


def answered(released: nbformat.NotebookNode, answers: dict) -> nbformat.NotebookNode:
    """A copy of the released notebook with the solution cells named in `answers` replaced.

    answers: {exercise name: cell source}; the value "reference" means the reference code.
    """
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and name in answers:
            source = answers[name]
            cell.source = solution_cell_source(name) if source == "reference" else source
    return nb


def submit(submissions: Path, student: str, assignment: str, filename: str, content) -> Path:
    """Write one submitted file: a notebook node, or raw bytes/str for broken files."""
    folder = submissions / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    if isinstance(content, nbformat.NotebookNode):
        nbformat.write(content, path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def tree_digest(root: Path) -> dict:
    """{relative path: sha256} of every file under root, to prove nothing was changed."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def read_grades(out: Path) -> dict:
    """{(student, exercise): (score, max_score)} from grades.csv."""
    with open(out / "grades.csv") as f:
        return {(r["student"], r["exercise"]): (float(r["score"]), float(r["max_score"]))
                for r in csv.DictReader(f)}


def read_flags(out: Path) -> list:
    with open(out / "flags.csv") as f:
        return list(csv.DictReader(f))
