"""The source notebooks: clean, in sync with solutions/, well-formed for nbgrader, and passing."""
import re

import nbformat
import pytest

import solutions
from autograder.course import source_notebooks
from autograder.authoring.sync import sync_all
from notebook_runner import errors, execute

NOTEBOOKS = source_notebooks()
COURSE_NAMES = set(solutions.__all__)


def test_there_is_a_notebook_for_every_part():
    parts = sorted({nb.assignment.split("_")[0] for nb in NOTEBOOKS})
    assert parts == [f"part{n}" for n in range(1, 8)], parts


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_notebook_is_committed_without_outputs(notebook):
    nb = notebook.read()
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"cells {dirty} have outputs or execution counts: clear them before committing"


def test_solution_cells_show_the_reference_code():
    stale = sync_all(write=False)
    assert not stale, f"solution cells differ from solutions/: {stale}; run `python -m autograder sync`"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_each_exercise_has_one_solution_cell_and_one_graded_test_cell(notebook):
    nb = notebook.read()
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), f"duplicate grade_ids: {ids}"
    solution_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("solution")]
    test_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade")]
    assert solution_ids, "a part without exercises"
    assert set(solution_ids) <= COURSE_NAMES, set(solution_ids) - COURSE_NAMES
    assert sorted(test_ids) == sorted(f"test_{name}" for name in solution_ids)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            name = meta["grade_id"][len("test_"):]
            hidden = re.search(r"### BEGIN HIDDEN TESTS\n(.*)\n### END HIDDEN TESTS", cell.source, re.S)
            assert hidden, f"{meta['grade_id']} has no hidden block"
            assert f"check_exercise({name}, {name!r})" in hidden.group(1)
            assert meta.get("points", 0) > 0


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.stem)
def test_reference_filled_notebook_runs_and_passes_every_test(notebook, tmp_path):
    nb = execute(notebook.read(), notebook.path.parent)
    assert errors(nb) == []
