"""Part 2 reference (solutions.convolution) against independent oracles.

Oracles: cv2.filter2D (zero border, float64 output), same size or cropped to
the valid region (tests/oracles.py), numpy.flip, and brute-force loops over the
correlation and convolution formulas (sum f[x - i, y - j] g[i, j]) written here.
"""
import numpy as np
import pytest

from oracles import filter2d_same, filter2d_valid, random_case
from solutions import crop_to_valid, flip_kernel, im_conv, im_convolve

# random_case draws image sides from range(1, 14) here (1..13).
SIDE_STOP = 14

LESSON_IMAGE = np.array([[10, 20, 30, 40],
                         [10, 20, 30, 40],
                         [20, 30, 40, 50],
                         [20, 30, 40, 50]])
LESSON_SHARPEN = np.array([[0, -1, 0],
                           [-1, 5, -1],
                           [0, -1, 0]])


def brute_force_correlation(im, kernel):
    """Valid cross-correlation, one product at a time: sum_ij kernel[i, j] * im[x + i, y + j]."""
    im = np.asarray(im, dtype=np.float64)
    kernel_h, kernel_w = np.shape(kernel)
    out = np.zeros((im.shape[0] - kernel_h + 1, im.shape[1] - kernel_w + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = sum(float(kernel[i][j]) * im[x + i, y + j]
                            for i in range(kernel_h) for j in range(kernel_w))
    return out


def brute_force_convolution(im, kernel):
    """Valid true convolution, (f * g)[x, y] = sum_ij f[x - i, y - j] g[i, j], indexed from
    the window's bottom-right corner: im[x + kh - 1 - i, y + kw - 1 - j]."""
    im = np.asarray(im, dtype=np.float64)
    kernel_h, kernel_w = np.shape(kernel)
    out = np.zeros((im.shape[0] - kernel_h + 1, im.shape[1] - kernel_w + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = sum(float(kernel[i][j]) * im[x + kernel_h - 1 - i, y + kernel_w - 1 - j]
                            for i in range(kernel_h) for j in range(kernel_w))
    return out


def assert_close(actual, expected, im, kernel):
    """Float64, and equal up to rounding measured on the scale of the largest possible sum."""
    assert actual.dtype == np.float64
    scale = max(1.0, float(np.abs(np.asarray(im, dtype=np.float64)).max()
                           * np.abs(kernel).sum()))
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-12 * scale)


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.float64])
def test_im_conv_gives_the_lesson_worked_example(dtype):
    result = im_conv(LESSON_IMAGE.astype(dtype), LESSON_SHARPEN)
    np.testing.assert_array_equal(result, [[10.0, 20.0], [40.0, 50.0]])
    assert result.dtype == np.float64


@pytest.mark.parametrize("seed", range(60))
def test_im_conv_matches_filter2d_on_valid_region(seed):
    im, kernel = random_case(seed, SIDE_STOP)
    assert_close(im_conv(im, kernel), filter2d_valid(im, kernel), im, kernel)


def test_im_conv_does_not_flip_the_kernel():
    im = np.arange(25.0).reshape(5, 5) ** 2
    kernel = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    # Cross-correlation with a 1 right of the centre reads the pixel right of the centre.
    np.testing.assert_array_equal(im_conv(im, kernel), im[1:4, 2:5])


def test_im_conv_keeps_uint8_from_wrapping_around():
    im = np.full((3, 3), 200, dtype=np.uint8)
    assert im_conv(im, np.ones((3, 3)))[0, 0] == 1800.0
    assert im_conv(im, np.full((3, 3), 2, dtype=np.uint8))[0, 0] == 3600.0, "uint8 times uint8"
    assert im_conv(im, -np.ones((1, 1)))[0, 0] == -200.0


@pytest.mark.parametrize("seed", range(12))
def test_im_conv_on_uint8_equals_im_conv_on_the_same_values_as_float(seed):
    rng = np.random.default_rng(seed)
    im = rng.integers(0, 256, (9, 11), dtype=np.uint8)
    kernel = rng.integers(-5, 6, (3, 4))
    np.testing.assert_array_equal(im_conv(im, kernel), im_conv(im.astype(np.float64), kernel))


def test_im_conv_with_the_identity_returns_the_image_without_its_border():
    im = np.random.default_rng(1).integers(0, 256, (20, 30), dtype=np.uint8)
    identity = np.zeros((3, 3))
    identity[1, 1] = 1
    np.testing.assert_array_equal(im_conv(im, identity), im[1:-1, 1:-1])


@pytest.mark.parametrize("seed", range(10))
def test_flip_kernel_matches_numpy_flip_on_both_axes(seed):
    rng = np.random.default_rng(seed)
    kernel = rng.integers(-9, 10, tuple(int(n) for n in rng.integers(1, 6, size=2)))
    flipped = flip_kernel(kernel)
    assert flipped.dtype == np.float64
    np.testing.assert_array_equal(flipped, np.flip(kernel, axis=(0, 1)))


def test_flip_kernel_returns_a_new_array():
    kernel = np.arange(6.0).reshape(2, 3)
    flipped = flip_kernel(kernel)
    flipped[0, 0] = 100.0
    np.testing.assert_array_equal(kernel, np.arange(6.0).reshape(2, 3))


@pytest.mark.parametrize("seed", range(30))
def test_im_convolve_matches_brute_force_convolution_formula(seed):
    im, kernel = random_case(seed, SIDE_STOP)
    assert_close(im_convolve(im, kernel), brute_force_convolution(im, kernel), im, kernel)


def test_im_convolve_equals_im_conv_only_for_symmetric_kernels():
    im = np.random.default_rng(2).normal(size=(8, 9))
    symmetric = np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) / 16
    sobel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    np.testing.assert_allclose(im_convolve(im, symmetric), im_conv(im, symmetric))
    np.testing.assert_allclose(im_convolve(im, sobel), -im_conv(im, sobel))


@pytest.mark.parametrize("seed", range(40))
def test_crop_to_valid_matches_brute_force_valid_correlation(seed):
    # Even, odd and non-square kernels: the crop must follow filter2D's anchor (k // 2).
    im, kernel = random_case(seed, SIDE_STOP)
    cropped = crop_to_valid(filter2d_same(im, kernel), kernel.shape)
    assert_close(cropped, brute_force_correlation(im, kernel), im, kernel)


@pytest.mark.parametrize("kernel_shape", [(2, 2), (4, 4), (2, 3), (3, 2), (4, 5), (6, 1)])
def test_crop_to_valid_handles_even_kernels_like_filter2d(kernel_shape):
    im = np.random.default_rng(3).normal(size=(11, 12))
    kernel = np.random.default_rng(4).normal(size=kernel_shape)
    np.testing.assert_allclose(crop_to_valid(filter2d_same(im, kernel), kernel_shape),
                               brute_force_correlation(im, kernel), atol=1e-12)


def test_crop_to_valid_of_a_kernel_the_size_of_the_image_is_one_pixel():
    same = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(crop_to_valid(same, (3, 4)), [[same[1, 2]]])


def test_crop_to_valid_returns_a_copy():
    same = np.arange(30.0).reshape(5, 6)
    cropped = crop_to_valid(same, (3, 3))
    cropped[:] = 0.0
    np.testing.assert_array_equal(same, np.arange(30.0).reshape(5, 6))


@pytest.mark.parametrize("function", [im_conv, im_convolve])
def test_convolution_does_not_change_its_inputs(function):
    im = np.arange(35, dtype=np.uint8).reshape(5, 7)
    kernel = np.arange(6.0).reshape(2, 3) - 2
    im.flags.writeable = False
    kernel.flags.writeable = False
    function(im, kernel)
    np.testing.assert_array_equal(im, np.arange(35).reshape(5, 7))
    np.testing.assert_array_equal(kernel, np.arange(6.0).reshape(2, 3) - 2)


@pytest.mark.parametrize("call, expected_words", [
    (lambda: im_conv(np.zeros((3, 4, 3)), np.ones((2, 2))),
     r"im must be a non-empty 2-D array, got shape \(3, 4, 3\)"),
    (lambda: im_conv(np.zeros(5), np.ones((2, 2))), "im must be a non-empty 2-D array"),
    (lambda: im_conv(np.zeros((4, 4)), np.ones((5, 5))), "kernel 5x5 is larger than the image 4x4"),
    (lambda: im_conv(np.zeros((4, 4)), np.ones((2, 5))), "kernel 2x5 is larger than the image 4x4"),
    (lambda: im_conv(np.zeros((4, 4)), np.ones(3)), "kernel must be a non-empty 2-D array"),
    (lambda: im_conv(np.zeros((4, 4)), np.ones((0, 3))), "kernel must be a non-empty 2-D array"),
    (lambda: flip_kernel(np.ones((2, 2, 2))), "kernel must be a non-empty 2-D array"),
    (lambda: im_convolve(np.zeros((4, 4)), np.ones((5, 5))), "larger than the image"),
    (lambda: im_convolve(np.zeros((4, 4, 1)), np.ones((2, 2))), "2-D array"),
    (lambda: crop_to_valid(np.zeros((4, 4)), (5, 5)), "kernel 5x5 is larger than the image 4x4"),
    (lambda: crop_to_valid(np.zeros((4, 4)), (0, 2)), "two ints >= 1"),
    (lambda: crop_to_valid(np.zeros((4, 4)), (3,)), "two ints >= 1"),
    (lambda: crop_to_valid(np.zeros((4, 4, 3)), (3, 3)), "2-D array"),
])
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
