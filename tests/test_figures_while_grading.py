"""The course's figures and widgets are made for a reader, never in the grading kernel, where
nobody sees them (coursekit.drawing): there each returns None at once and makes no figure."""
import inspect
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import coursekit  # noqa: E402
from autograder.course import REPO_ROOT  # noqa: E402
from autograder.isolation.grading_kernel import FIGURES_OFF  # noqa: E402
from coursekit import (conventions, diagrams, drawing, grid_widget, kernel_picker, plots,  # noqa: E402
                       pooling_picker, receptive, stepper, window)

MODULES = [conventions, diagrams, grid_widget, kernel_picker, plots, pooling_picker, receptive, stepper, window]
DRAWS = ("_figure", "_explorer", "_picker", "_stepper", "_gallery")


def _drawing_functions():
    """Every public coursekit function whose name says it makes a figure or a widget."""
    found = {}
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_") and \
                    (name.endswith(DRAWS) or name.startswith(("show_", "draw_"))):
                found[f"{module.__name__}.{name}"] = function
    return found


def test_every_figure_and_widget_function_is_marked():
    functions = _drawing_functions()
    assert len(functions) >= 19
    unmarked = [name for name, function in functions.items() if not hasattr(function, "__wrapped__")]
    assert not unmarked, f"not marked @figure_or_widget: {unmarked}"


def test_while_grading_they_return_none_and_make_no_figure(monkeypatch):
    monkeypatch.setenv(drawing.FIGURES_ENV, "off")
    plt.close("all")
    for name, function in _drawing_functions().items():
        assert function(np.zeros((4, 4))) is None, name  # any arguments: nothing is looked at
    assert plt.get_fignums() == []


def test_for_a_reader_they_draw(monkeypatch):
    monkeypatch.delenv(drawing.FIGURES_ENV, raising=False)
    figure = coursekit.show_images([np.eye(3)])
    assert figure is not None and len(figure.axes) == 1
    plt.close("all")


def test_the_grading_kernel_turns_them_off():
    assert FIGURES_OFF == (drawing.FIGURES_ENV, "off")
    code = ("import os\nfrom autograder.isolation import grading_kernel as g\n"
            "g._skip_drawing()\nfrom coursekit.drawing import drawing\nprint(drawing())")
    env = {k: v for k, v in os.environ.items() if k != drawing.FIGURES_ENV}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
