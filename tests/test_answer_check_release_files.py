"""The answer check runs each answer cell where the notebook's kernel runs it: in a copy of the
course's release files (coursekit/, data/). Before, it had none of them: an honest answer cell
that imported coursekit, showed a figure or loaded a photo before its `def` stopped there, and
the exercise scored 0 ("not defined by the solution cells") though the notebook ran fine."""
import subprocess
import sys

import nbformat
import pytest

from autograder.course import REPO_ROOT
from autograder.exercises.spec import Case
from autograder.isolation import jail
from autograder.isolation.sandbox import Limits, run_solution_cells
from autograder.pipeline.verify import verify_notebook

MODES = [pytest.param(True, marks=pytest.mark.skipif(not jail.available(), reason="no jail here")), False]
CELL = ("import numpy as np\n"
        "from coursekit import load_photo, show_images\n"
        "photo = load_photo('chelsea')\n"
        "show_images([photo]).savefig('look.png')  # into the working folder, as in the notebook\n"
        "def probe(i):\n"
        "    return i + photo.shape[0]\n")


@pytest.mark.parametrize("isolated", MODES)
def test_an_answer_cell_may_use_coursekit_and_the_photos(isolated):
    run = run_solution_cells([("c", CELL)], [("probe", "function")], {"probe": [Case((1,))]},
                             Limits(seconds_per_step=30), isolated=isolated)
    assert run.cell_errors == {}, "the cell ran whole"
    [outcome] = run.outcomes["probe"]
    assert outcome.error is None and outcome.value > 1


@pytest.mark.parametrize("isolated", MODES)
def test_what_one_check_writes_never_reaches_the_next(isolated):
    vandal = "import os\nos.remove('coursekit/plots.py')\ndef probe(i):\n    return i\n"
    run_solution_cells([("c", vandal)], [("probe", "function")], {"probe": [Case((1,))]},
                       Limits(seconds_per_step=30), isolated=isolated)
    run = run_solution_cells([("c", CELL)], [("probe", "function")], {"probe": [Case((1,))]},
                             Limits(seconds_per_step=30), isolated=isolated)
    assert run.cell_errors == {}


def test_an_answer_cell_that_stops_before_its_def_is_named_in_the_feedback():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("raise KeyError('the photo I wanted')\n"
                                     "def conv_output_shape(image_shape, kernel_shape, mode='valid'):\n"
                                     "    return (0, 0)\n")
    cell.metadata["nbgrader"] = {"grade_id": "conv_output_shape", "solution": True, "grade": False}
    nb.cells.append(cell)
    [report] = verify_notebook(nb, ["conv_output_shape"], Limits(seconds_per_step=30),
                               isolated=jail.available()).values()
    assert "its answer cell, run alone, stopped at KeyError" in report.message, report.message


@pytest.mark.parametrize("isolated", MODES)
def test_a_restrictive_umask_still_lets_the_check_read_the_photos(isolated):
    """The release files are read in the jail by a user of its own: made under umask 027, data/
    was unreadable there and every answer check failed (found by round 8's attacker)."""
    script = ("import os\nos.umask(0o027)\n"
              "from autograder.exercises.spec import Case\n"
              "from autograder.isolation.sandbox import Limits, run_solution_cells\n"
              f"run = run_solution_cells([('c', {CELL!r})], [('probe', 'function')], {{'probe': [Case((1,))]}},\n"
              f"                         Limits(seconds_per_step=30), isolated={isolated})\n"
              "print(run.cell_errors, run.outcomes['probe'][0].error)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "{} None", done.stdout + done.stderr[-2000:]
