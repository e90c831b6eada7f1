"""The baseline: plain nbgrader, sequential, on the same course and notebooks.

A course folder whose nbgrader_config.py has nbgrader's defaults except the cell timeout
(so the hung notebook finishes), the source notebook, `nbgrader generate_assignment`, then
one `nbgrader autograde` for every student. The hidden tests run in nbgrader's own kernel,
where `check_exercise` computes expected values with `solutions` (COURSE_EXPECTED_DIR unset).
Like our grading kernel, its kernel draws with matplotlib's Agg backend (MPLBACKEND=Agg), so
neither pays for PNG figures: the inline backend would make the baseline slower, not ours.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .common import PYTHON, timed_run, venv_env
from .synthetic_class import ASSIGNMENT

CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "convolution-course"
c.Exchange.root = {exchange!r}
c.Execute.timeout = {timeout}
"""


def prepare(root: Path, submissions: Path, cell_seconds: int) -> None:
    """The course folder: config, source/, submitted/<student>/ (notebook + coursekit/ + data/)."""
    from autograder.course import NOTEBOOKS_DIR
    from autograder.pipeline.workspace import add_release_extras
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        CONFIG.format(root=str(root), exchange=str(root / "exchange"), timeout=cell_seconds))
    shutil.copytree(NOTEBOOKS_DIR / ASSIGNMENT, root / "source" / ASSIGNMENT)
    for folder in sorted(submissions.iterdir()):
        target = root / "submitted" / folder.name / ASSIGNMENT
        shutil.copytree(folder / ASSIGNMENT, target)
        add_release_extras(target)


def grade(root: Path) -> float:
    """Seconds for `nbgrader generate_assignment` + `nbgrader autograde` of the whole class."""
    env = venv_env()
    env.pop("COURSE_EXPECTED_DIR", None)
    nbgrader = [PYTHON, "-m", "nbgrader"]
    total = timed_run(nbgrader + ["generate_assignment", ASSIGNMENT, "--force"], cwd=root, env=env)
    total += timed_run(nbgrader + ["autograde", ASSIGNMENT, "--force"], cwd=root, env=env)
    return total
