"""Partial credit: an exercise's points split over values, conventions and bad-argument checks.

A convolution that is right on every valid input but rejects no bad argument keeps the points
for its values and conventions; points for conventions and errors need working code.
"""
import numpy as np
import pytest

from autograder.exercises.checks import run_checks
from autograder.exercises.groups import weights
from autograder.exercises.reference import _reference

POINTS = 4.0


def loop(im, kernel, dtype=np.float64):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    kh, kw = kernel.shape
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out.astype(dtype)


def checked(im, kernel):
    if np.ndim(im) != 2 or np.ndim(kernel) != 2 or np.shape(kernel)[0] > np.shape(im)[0] \
            or np.shape(kernel)[1] > np.shape(im)[1]:
        raise ValueError("im and kernel must be 2-D, the kernel no larger than the image")
    return loop(im, kernel)


def long_double(im, kernel):
    checked(im, kernel)
    return loop(im, kernel, dtype=np.longdouble)


def mutating(im, kernel):
    result = checked(im, kernel)
    if isinstance(im, np.ndarray) and im.size:
        im.flat[0] = 0
    return result


def always_refuses(im, kernel):
    raise ValueError("no")


def zeros(im, kernel):
    checked(im, kernel)
    return np.zeros((np.shape(im)[0] - np.shape(kernel)[0] + 1, np.shape(im)[1] - np.shape(kernel)[1] + 1))


@pytest.mark.parametrize("answer, points", [
    (_reference("im_conv"), 4.0),
    (checked, 4.0),
    (loop, 3.0),              # rejects no bad argument: values 2 + conventions 1
    (mutating, 3.0),          # changes its input: conventions lost
    (always_refuses, 0.0),    # no working code: nothing for refusing
    (zeros, 0.0),             # right shape and dtype, wrong values: nothing
])
def test_im_conv_points(answer, points):
    assert run_checks(answer, "im_conv").score(POINTS) == points


def test_right_values_in_the_wrong_dtype_lose_only_the_conventions():
    report = run_checks(long_double, "im_conv")
    assert report.groups == {"values": True, "conventions": False, "errors": True}
    assert report.score(POINTS) == 3.0


def test_the_split_is_stated_in_words_and_adds_up():
    from autograder.exercises import get_exercise
    from autograder.exercises.reference import compute_expected, seed_for
    exercise = get_exercise("im_conv")
    outcomes = compute_expected(exercise, exercise.cases(seed_for("im_conv"))).outcomes
    assert weights(exercise, outcomes) == {"values": 0.5, "conventions": 0.25, "errors": 0.25}
    assert weights(get_exercise("SUBIMAGE_OPTION"), []) == {"values": 1.0}


def test_a_constant_is_all_or_nothing():
    assert run_checks(2, "SUBIMAGE_OPTION").score(1.0) == 1.0
    assert run_checks(5, "SUBIMAGE_OPTION").score(1.0) == 0.0
