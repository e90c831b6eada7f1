"""Every hidden check fails on every known-wrong answer, and its feedback names the mistake.

Both ways a submission is judged are proven: in process (the notebook's
hidden test cell, `check_exercise`) and out of the kernel (the sandbox, whose
verdict bounds the score).
"""
import nbformat
import pytest

from autograder.exercises.checks import run_checks
from autograder.course import source_notebooks
from autograder.pipeline.verify import verify_notebook
from wrong import all_wrong

CATALOGUE = all_wrong()


@pytest.mark.parametrize("wrong", CATALOGUE, ids=lambda w: w.label)
def test_hidden_check_fails_and_names_the_mistake(wrong):
    report = run_checks(wrong.answer, wrong.exercise)
    assert not report.passed, f"{wrong.label} passed the hidden checks"
    assert wrong.mentions.lower() in report.message.lower(), report.message
    # Partial credit: the group the mistake breaks earns nothing, so the answer loses points.
    broken = [group for group, earned in report.groups.items() if not earned]
    assert broken and report.fraction < 1.0, (report.groups, report.fraction)


@pytest.mark.parametrize("wrong", CATALOGUE, ids=lambda w: w.label)
def test_sandbox_verification_fails_the_wrong_answer(wrong):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(wrong.solution_source())
    cell.metadata["nbgrader"] = {"grade_id": wrong.exercise, "solution": True}
    nb.cells = [cell]
    part = next(source for source in source_notebooks() if wrong.exercise in source.exercises())
    report = verify_notebook(nb, [wrong.exercise], given=part.given_cells())[wrong.exercise]
    assert not report.passed, f"{wrong.label} passed the sandbox verification"
    assert wrong.mentions.lower() in report.message.lower(), report.message
    assert report.fraction == run_checks(wrong.answer, wrong.exercise).fraction, "one verdict, in or out of the jail"


def test_every_exercise_has_catalogue_entries():
    from autograder.exercises import EXERCISES
    covered = {w.exercise for w in CATALOGUE}
    missing = sorted(set(EXERCISES) - covered)
    assert not missing, f"exercises without known-wrong answers: {missing}"
