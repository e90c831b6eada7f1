"""Part 7 reference (solutions.compare) against independent oracles.

Oracles (tests/oracles.py): cv2.filter2D (zero border, float64) cropped to the
valid region for filter_bank and im_conv_fast, and a brute-force pooling loop
(stride = size) for pooling_comparison. im_conv_fast must also agree with the
loop im_conv.
"""
import time

import numpy as np
import pytest

from oracles import brute_force_pool, filter2d_valid, random_case
from solutions import filter_bank, im_conv, im_conv_fast, pooling_comparison

# random_case draws image sides from range(1, 20) here (1..19).
SIDE_STOP = 20


def test_filter_bank_applies_every_kernel_like_filter2d():
    rng = np.random.default_rng(0)
    im = rng.integers(0, 256, (24, 31), dtype=np.uint8)
    kernels = {"blur": np.ones((3, 3)) / 9,
               "sobel": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
               "wide": rng.normal(size=(2, 5)),
               "identity": np.array([[1]])}
    results = filter_bank(im, kernels)
    assert list(results) == list(kernels), "same names, same order"
    for name, kernel in kernels.items():
        assert results[name].dtype == np.float64
        np.testing.assert_allclose(results[name], filter2d_valid(im, kernel), atol=1e-9)


def test_filter_bank_of_no_kernels_is_empty():
    assert filter_bank(np.zeros((3, 3)), {}) == {}


def test_pooling_comparison_pools_with_every_mode_and_size():
    im = np.random.default_rng(1).normal(size=(17, 12))
    results = pooling_comparison(im, [2, 3, 5], ["max", "avg"])
    assert list(results) == [("max", 2), ("max", 3), ("max", 5),
                             ("avg", 2), ("avg", 3), ("avg", 5)]
    for (mode, size), pooled in results.items():
        assert pooled.dtype == np.float64
        np.testing.assert_allclose(pooled, brute_force_pool(im, size, size, mode), rtol=1e-12)


def test_pooling_comparison_accepts_tuples_and_ranges():
    results = pooling_comparison(np.ones((4, 4), dtype=np.uint8), range(1, 3), ("avg",))
    assert set(results) == {("avg", 1), ("avg", 2)}


@pytest.mark.parametrize("seed", range(50))
def test_im_conv_fast_matches_filter2d_on_valid_region(seed):
    im, kernel = random_case(seed, SIDE_STOP)
    result = im_conv_fast(im, kernel)
    scale = max(1.0, float(np.abs(np.asarray(im, dtype=np.float64)).max() * np.abs(kernel).sum()))
    assert result.dtype == np.float64
    assert result.shape == filter2d_valid(im, kernel).shape
    np.testing.assert_allclose(result, filter2d_valid(im, kernel), rtol=0, atol=1e-12 * scale)


@pytest.mark.parametrize("seed", range(50))
def test_im_conv_fast_equals_the_loop_im_conv(seed):
    im, kernel = random_case(1000 + seed, SIDE_STOP)
    np.testing.assert_allclose(im_conv_fast(im, kernel), im_conv(im, kernel), rtol=1e-9,
                               atol=1e-9)


@pytest.mark.parametrize("image_shape, kernel_shape", [
    ((256, 128), (1, 1)),    # the long row is exactly one block (32768 positions)
    ((256, 128), (1, 2)),    # one position short of a block
    ((257, 128), (1, 1)),    # one row into a second block
    ((300, 451), (3, 3)),    # a photo's size: several blocks
    ((300, 451), (11, 4)),   # a tall kernel: its rows reach far into the next block
    ((180, 640), (5, 11)),
])
def test_im_conv_fast_is_exact_across_the_blocks_of_the_long_row(image_shape, kernel_shape):
    rng = np.random.default_rng(sum(image_shape) + sum(kernel_shape))
    im = rng.normal(0.0, 50.0, image_shape)
    kernel = rng.normal(0.0, 1.0, kernel_shape)
    result = im_conv_fast(im, kernel)
    scale = float(np.abs(im).max() * np.abs(kernel).sum())
    np.testing.assert_allclose(result, filter2d_valid(im, kernel), rtol=0, atol=1e-12 * scale)


def test_im_conv_fast_gives_the_lesson_worked_example():
    im = np.array([[10, 20, 30, 40], [10, 20, 30, 40], [20, 30, 40, 50], [20, 30, 40, 50]],
                  dtype=np.uint8)
    np.testing.assert_array_equal(im_conv_fast(im, [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
                                  [[10.0, 20.0], [40.0, 50.0]])


def test_im_conv_fast_keeps_uint8_from_wrapping_around():
    im = np.full((4, 5), 250, dtype=np.uint8)
    np.testing.assert_array_equal(im_conv_fast(im, np.ones((2, 2))), np.full((3, 4), 1000.0))
    np.testing.assert_array_equal(im_conv_fast(im, np.full((2, 2), 2, dtype=np.uint8)),
                                  np.full((3, 4), 2000.0))
    np.testing.assert_array_equal(im_conv_fast(im, np.ones((2, 2)) * 2),
                                  im_conv_fast(im.astype(np.float64), np.ones((2, 2)) * 2))


def test_im_conv_fast_works_on_non_contiguous_views():
    base = np.random.default_rng(3).normal(size=(20, 30))
    view = base.T[::2, 1::3]  # transposed and strided
    kernel = np.random.default_rng(4).normal(size=(3, 2))
    np.testing.assert_allclose(im_conv_fast(view, kernel), filter2d_valid(view, kernel),
                               atol=1e-12)


def test_im_conv_fast_does_not_change_its_inputs():
    im = np.arange(42.0).reshape(6, 7)
    kernel = np.array([[1.0, -1.0], [2.0, 0.5]])
    im.flags.writeable = False
    kernel.flags.writeable = False
    result = im_conv_fast(im, kernel)
    assert not np.shares_memory(result, im)


def test_im_conv_fast_is_much_faster_than_the_pixel_loop():
    im = np.random.default_rng(5).normal(size=(150, 150))
    kernel = np.ones((3, 3))

    def best_time(function):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            function(im, kernel)
            times.append(time.perf_counter() - start)
        return min(times)

    # The loop visits ~22,000 pixels in Python; the fast one runs 9 numpy steps.
    assert best_time(im_conv_fast) * 20 < best_time(im_conv)


def test_compare_functions_do_not_change_their_inputs():
    im = np.arange(64, dtype=np.uint8).reshape(8, 8)
    kernel = np.ones((3, 3))
    im.flags.writeable = False
    kernel.flags.writeable = False
    filter_bank(im, {"box": kernel})
    pooling_comparison(im, [2], ["avg"])


@pytest.mark.parametrize("call, expected_words", [
    (lambda: filter_bank(np.zeros((4, 4)), [np.ones((3, 3))]), r"kernels must be a dict"),
    (lambda: filter_bank(np.zeros((4, 4, 3)), {"a": np.ones((3, 3))}), "2-D array"),
    (lambda: filter_bank(np.zeros((4, 4)), {"a": np.ones((5, 5))}),
     "kernel 5x5 is larger than the image 4x4"),
    (lambda: pooling_comparison(np.zeros((4, 4)), 2, ["max"]), "sizes must be a list"),
    (lambda: pooling_comparison(np.zeros((4, 4)), [2], "max"), "modes must be a list"),
    (lambda: pooling_comparison(np.zeros((4, 4)), [2], ["median"]), "unknown mode 'median'"),
    (lambda: pooling_comparison(np.zeros((4, 4)), [0], ["max"]), "size must be an int >= 1"),
    (lambda: pooling_comparison(np.zeros((4, 4)), [5], ["max"]), "larger than the image"),
    (lambda: im_conv_fast(np.zeros((3, 4, 3)), np.ones((2, 2))),
     r"im must be a non-empty 2-D array, got shape \(3, 4, 3\)"),
    (lambda: im_conv_fast(np.zeros((4, 4)), np.ones((5, 5))),
     "kernel 5x5 is larger than the image 4x4"),
    (lambda: im_conv_fast(np.zeros((4, 4)), np.ones(4)), "kernel must be a non-empty 2-D array"),
    (lambda: im_conv_fast(np.zeros((0, 4)), np.ones((1, 1))), "im must be a non-empty"),
])
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
