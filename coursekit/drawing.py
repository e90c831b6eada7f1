"""Whether the course's figures and widgets are drawn: always for a reader, never while grading.

The grading kernel runs a submission's every cell, the course's figures and widgets included,
but nobody sees them there (no image reaches the grader or the feedback) and none is graded;
making their axes and artists was most of a graded notebook's run. The grading kernel sets
COURSEKIT_FIGURES=off; a function marked `@figure_or_widget` then returns None at once. Its
arguments are still evaluated by the caller, so a student's call inside them still runs.
"""
from __future__ import annotations

import functools
import os

FIGURES_ENV = "COURSEKIT_FIGURES"


def drawing() -> bool:
    """Whether figures are drawn here (False only in the grading kernel)."""
    return os.environ.get(FIGURES_ENV) != "off"


def figure_or_widget(function):
    """Mark a function that makes a figure or a widget: while grading it returns None."""
    @functools.wraps(function)
    def drawn_for_a_reader(*args, **kwargs):
        if not drawing():
            return None
        return function(*args, **kwargs)
    return drawn_for_a_reader
