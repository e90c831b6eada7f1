"""The jailed answer check started beside the notebook (`grade`) decides as the one after it (a class).

`JudgeAnswers.start_early` only moves the check in time: the same answers, the same cases, the
same verdicts, and an exercise whose test cell did not run in the notebook (the notebook's time
ran out) fails in both, though the early check already called it.
"""
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from autograder.course import SourceNotebook, source_notebooks
from autograder.isolation import jail
from autograder.isolation.check_limits import Limits
from autograder.pipeline.limits import GradingLimits
from classroom import CLASS_SECRET, answered
from wrong import all_wrong

needs_jail = pytest.mark.skipif(not jail.available(), reason=f"no jail here: {jail.unavailable_reason()}")
PART1 = next(nb for nb in source_notebooks() if nb.assignment == "part1_subimages")
# The notebook's time runs out in a cell just before get_subimages' test cell.
LIMITS = GradingLimits(notebook_seconds=6, cell_seconds=30, sandbox=Limits(seconds_per_step=10))


def _submission() -> nbformat.NotebookNode:
    """Part 1: conv_output_shape right, SUBIMAGE_OPTION wrong, get_subimages right but its test
    cell never runs in the notebook (a cell before it sleeps past the notebook's time)."""
    from autograder.pipeline.workspace import course_cache
    released = nbformat.read(course_cache([PART1.assignment]) / "release" / PART1.assignment
                             / f"{PART1.stem}.ipynb", as_version=4)
    wrong_option = next(w for w in all_wrong() if w.exercise == "SUBIMAGE_OPTION")
    nb = answered(released, {"conv_output_shape": "reference", "get_subimages": "reference",
                             "SUBIMAGE_OPTION": wrong_option.solution_source()})
    test_cell = next(i for i, c in enumerate(nb.cells)
                     if c.metadata.get("nbgrader", {}).get("grade_id") == "test_get_subimages")
    # Two: the first is stopped when the notebook has less than a second left, the second uses it.
    nb.cells[test_cell:test_cell] = [new_code_cell("import time\ntime.sleep(30)") for _ in range(2)]
    return nb


def _grade(tmp: Path, early: bool) -> list:
    from autograder.classroom.grade_submission import grade_submission
    from autograder.pipeline.kernels import GRADING_KERNEL, write_grading_kernel
    from autograder.pipeline.workspace import course_cache, nbgrader_api
    import os
    root = tmp / "course"
    shutil.copytree(course_cache([PART1.assignment]), root, ignore=shutil.ignore_patterns("release"))
    os.environ["JUPYTER_PATH"] = str(write_grading_kernel(root, LIMITS))
    (tmp / "secret").write_bytes(CLASS_SECRET)
    folder = tmp / "submissions" / "early" / PART1.assignment
    folder.mkdir(parents=True)
    nbformat.write(_submission(), folder / f"{PART1.stem}.ipynb")
    api = nbgrader_api(root, LIMITS, kernel_name=GRADING_KERNEL, secret_file=tmp / "secret",
                       prestart=False, check_early=early)
    source = SourceNotebook(PART1.assignment, root / "source" / PART1.assignment / f"{PART1.stem}.ipynb")
    result = grade_submission("early", PART1.assignment, folder, [source], api, tmp / "out", write_feedback=False)
    return [(g.exercise, g.score, g.feedback, g.mistakes) for g in result.grades]


@needs_jail
def test_the_check_beside_the_notebook_decides_as_the_check_after_it(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "")
    after = _grade(tmp_path / "after", early=False)
    beside = _grade(tmp_path / "beside", early=True)
    assert beside == after
    scores = {exercise: score for exercise, score, _, _ in beside}
    assert scores["test_conv_output_shape"] == 2 and scores["test_SUBIMAGE_OPTION"] == 0
    skipped = next(feedback for exercise, _, feedback, _ in beside if exercise == "test_get_subimages")
    assert scores["test_get_subimages"] == 0 and "did not run in the notebook" in skipped
