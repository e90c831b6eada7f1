"""The `autograder` package as a jail sees it (mounted there as autograder/__init__.py).

Inside a jail there is nothing to check against: the expected outcomes, the reference and the
cases' secret are absent. A hidden test's `check_exercise(answer, "name")` therefore only
confirms that the answer is defined (the cell fails with a NameError before it otherwise); the
verdict on the answer is made outside the jail, from what the answer returns there.
"""


def check_exercise(fn, name):
    """Nothing to compare with here: the grader judges `name` outside the jail."""
    return None


__all__ = ["check_exercise"]
