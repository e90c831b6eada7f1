"""The course's grader: hidden-test harness, sandbox, nbgrader wrapper and instructor CLI.

A hidden test cell calls `check_exercise(student_function, "name")`. The
import is lazy so that the sandbox can load the few modules it needs
(`runner`, `codec`) without the rest of the grader.
"""


def check_exercise(fn, name):
    """Raise AssertionError with teaching feedback unless `fn` behaves like the reference."""
    from autograder.exercises.checks import check_exercise as _check_exercise
    return _check_exercise(fn, name)


__all__ = ["check_exercise"]
