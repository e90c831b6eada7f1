"""One source of truth: write the reference code of `solutions/` into the source notebooks.

A solution cell (nbgrader `solution: true`, grade_id NAME) shows the top-level
definition of NAME from its `solutions` module: the signature and docstring
stay visible, the body sits between ### BEGIN SOLUTION and ### END SOLUTION.
The exercise's statement (the markdown cell just before it) ends with a line that
says how its points are split (`groups`) and which library calls are flagged
(`exercises/shortcuts.py`), written from those modules.
`python -m autograder sync` rewrites the cells; `--check` only reports drift
(the test suite runs it).
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import nbformat

from autograder.course import SOLUTIONS_DIR, source_notebooks

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
POINTS_MARK = "**Points"


@lru_cache(maxsize=None)
def _definitions() -> dict:
    """name -> (module lines, ast node) for every top-level def/assignment in solutions/."""
    found = {}
    for path in sorted(SOLUTIONS_DIR.glob("*.py")):
        if path.name == "__init__.py":
            continue
        text = path.read_text()
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef):
                found[node.name] = (text.splitlines(), node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = (text.splitlines(), node)
    return found


def solution_cell_source(name: str) -> str:
    """The text of NAME's solution cell, built from its definition in solutions/."""
    try:
        lines, node = _definitions()[name]
    except KeyError:
        raise KeyError(f"solutions/ defines no top-level {name!r}") from None
    start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
    if not isinstance(node, ast.FunctionDef):
        return "\n".join([BEGIN, *lines[start:node.end_lineno], END])
    body = node.body
    has_docstring = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
        and isinstance(body[0].value.value, str)
    first_body = body[1] if has_docstring and len(body) > 1 else body[0]
    split = first_body.lineno - 1
    header = lines[start:split]
    indent = " " * first_body.col_offset
    return "\n".join([*header, indent + BEGIN, *lines[split:node.end_lineno], indent + END])


def points_line(name: str, points: float) -> str:
    """The statement's last line: how `name`'s points are split, and the calls that are flagged."""
    from autograder.exercises import groups
    from autograder.exercises import get_exercise
    from autograder.exercises.shortcuts import SHORTCUTS
    from autograder.exercises.reference import _reference, seed_for
    from autograder.exercises.runner import call
    exercise = get_exercise(name)
    outcomes = [call(_reference(name), case, exercise.kind) for case in exercise.cases(seed_for(name))]
    split = groups.weights(exercise, outcomes)
    if len(split) == 1:
        line = f"{POINTS_MARK} ({points:g}):** all or nothing."
    else:
        line = f"{POINTS_MARK} ({points:g}):** {groups.split_text(exercise, outcomes, points)}."
    if SHORTCUTS.get(name):
        calls = ", ".join(f"`{c}`" for c in SHORTCUTS[name])
        line += f" Write the computation yourself: an answer using {calls} is flagged for your teacher."
    return line


def _with_points_line(statement: str, line: str) -> str:
    kept = [part for part in statement.rstrip().split("\n") if not part.startswith(POINTS_MARK)]
    return "\n".join(kept).rstrip() + "\n\n" + line


def sync_notebook(path: Path, write: bool) -> list:
    """Bring one notebook's solution cells (and their statements' points lines) in line with
    solutions/; return the names that differed."""
    nb = nbformat.read(path, as_version=4)
    points = {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"].get("points", 0))
              for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    stale = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            wanted = solution_cell_source(meta["grade_id"])
            if cell.source != wanted:
                stale.append(meta["grade_id"])
                cell.source = wanted
            statement = nb.cells[index - 1] if index else None
            if statement is not None and statement.cell_type == "markdown" and f"test_{meta['grade_id']}" in points:
                wanted = _with_points_line(statement.source, points_line(meta["grade_id"],
                                                                          points[f"test_{meta['grade_id']}"]))
                if statement.source != wanted:
                    stale.append(f"{meta['grade_id']} (points line)")
                    statement.source = wanted
    if stale and write:
        nbformat.write(nb, path)
    return stale


def sync_all(write: bool = True) -> dict:
    """{notebook path: stale names} over every source notebook."""
    report = {}
    for notebook in source_notebooks():
        stale = sync_notebook(notebook.path, write)
        if stale:
            report[str(notebook.path)] = stale
    return report
