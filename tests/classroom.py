"""Synthetic classes: submissions made from the released notebooks with chosen answers."""
from __future__ import annotations

import copy
import csv
import hashlib
from pathlib import Path

import nbformat

from autograder.sync import solution_cell_source


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
