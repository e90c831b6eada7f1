"""Build nbgrader cells with the course's metadata (for writing notebooks and test fixtures).

    cells = [markdown("# Part 1"), setup_cell("import numpy as np"),
             solution_cell("im_conv"), test_cell("im_conv", "assert ...", points=2)]
    write_notebook(path, cells)
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.authoring.sync import solution_cell_source

NBGRADER_SCHEMA = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": NBGRADER_SCHEMA, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def markdown(text: str, cell_id: str | None = None) -> nbformat.NotebookNode:
    """A plain markdown cell."""
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if cell_id:
        cell["id"] = cell_id
    return cell


def code(text: str, tags: tuple = ()) -> nbformat.NotebookNode:
    """A plain code cell (figures, demos) that students may run and change."""
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def setup_cell(text: str, grade_id: str = "setup") -> nbformat.NotebookNode:
    """The read-only imports cell; the grader runs it before the answers in its sandbox."""
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    cell.metadata["tags"] = ["setup"]
    cell.metadata["nbgrader"] = _nbgrader(grade_id, locked=True)
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False
    return cell


def given_cell(text: str, grade_id: str) -> nbformat.NotebookNode:
    """A read-only helper a part provides (e.g. Part 3's fast `im_conv`); the grader's sandbox runs
    it, from the source notebook, before the student's answers."""
    cell = setup_cell(text, grade_id)
    cell.metadata["tags"].append("given")
    return cell


def solution_cell(name: str) -> nbformat.NotebookNode:
    """The answer cell for exercise NAME, showing the reference from solutions/."""
    cell = nbformat.v4.new_code_cell(solution_cell_source(name))
    cell.metadata["nbgrader"] = _nbgrader(name, solution=True)
    return cell


def hidden_block(name: str) -> str:
    """The hidden part of NAME's test cell: one call into the grader."""
    return ("### BEGIN HIDDEN TESTS\n"
            "from autograder import check_exercise\n"
            f"check_exercise({name}, {name!r})\n"
            "### END HIDDEN TESTS")


def test_cell(name: str, visible: str, points: int = 1) -> nbformat.NotebookNode:
    """The graded test cell test_NAME: visible checks, then the hidden block."""
    source = visible.strip("\n") + "\n\n" + hidden_block(name)
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(f"test_{name}", grade=True, locked=True, points=points)
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False
    return cell


def new_notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_notebook(path: Path, cells: list) -> None:
    """Write a clean notebook (no outputs, no execution counts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells), path)
