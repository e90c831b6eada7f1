"""Part 3 reference (solutions.kernels) against independent oracles.

Oracles: the lesson's numbers, Pascal's triangle built by repeated
numpy.convolve with [1, 1], cv2.Sobel / cv2.Scharr for the orientation of the
derivative kernels, and cv2.filter2D (zero border, cropped to the valid region;
tests/oracles.py) for producing the filtered images that discover_kernel must
explain; for gradient_step, the gradient of the mean squared error by central
finite differences (exact up to rounding, since the loss is quadratic in the
kernel) and by an explicit sum over the output pixels.
"""
import cv2
import numpy as np
import pytest

from oracles import filter2d_valid
from solutions import (EDGE_KERNELS, box_blur_kernel, classify_kernel, discover_kernel,
                       gaussian_kernel, gradient_magnitude, gradient_step, identity_kernel,
                       sharpen_kernel)


def pascal_row(n):
    """Row n - 1 of Pascal's triangle: [1] convolved n - 1 times with [1, 1]."""
    row = np.array([1.0])
    for _ in range(n - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8])
def test_box_blur_kernel_is_the_window_mean(n):
    kernel = box_blur_kernel(n)
    assert kernel.shape == (n, n) and kernel.dtype == np.float64
    np.testing.assert_allclose(kernel, np.ones((n, n)) / n ** 2)
    im = np.random.default_rng(n).normal(size=(n, n))
    assert np.isclose(np.sum(im * kernel), im.mean())


def test_box_blur_kernel_3x3_is_the_lesson_kernel():
    np.testing.assert_allclose(box_blur_kernel(3), 1 / 9 * np.ones((3, 3)))


@pytest.mark.parametrize("n", [1, 3, 5, 7])
def test_identity_kernel_has_a_single_one_at_the_centre(n):
    kernel = identity_kernel(n)
    expected = np.zeros((n, n))
    expected[n // 2, n // 2] = 1.0
    assert kernel.dtype == np.float64
    np.testing.assert_array_equal(kernel, expected)


def test_identity_kernel_defaults_to_3x3_and_keeps_the_image():
    im = np.random.default_rng(0).integers(0, 256, (12, 10), dtype=np.uint8)
    np.testing.assert_array_equal(filter2d_valid(im, identity_kernel()), im[1:-1, 1:-1])


def test_sharpen_kernel_is_twice_identity_minus_box_blur():
    expected = -np.ones((3, 3)) / 9
    expected[1, 1] = 2 - 1 / 9
    np.testing.assert_allclose(sharpen_kernel(), expected)
    expected_5 = -np.ones((5, 5)) / 25
    expected_5[2, 2] = 2 - 1 / 25
    np.testing.assert_allclose(sharpen_kernel(5), expected_5)
    assert np.isclose(sharpen_kernel(7).sum(), 1.0)


def test_gaussian_kernel_gives_the_lesson_kernels():
    np.testing.assert_allclose(gaussian_kernel(3) * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    row = np.array([1, 4, 6, 4, 1])
    np.testing.assert_allclose(gaussian_kernel(5) * 256, np.outer(row, row))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 9, 15])
def test_gaussian_kernel_is_the_normalised_outer_product_of_pascals_row(n):
    kernel = gaussian_kernel(n)
    row = pascal_row(n)
    assert kernel.shape == (n, n) and kernel.dtype == np.float64
    np.testing.assert_allclose(kernel, np.outer(row, row) / row.sum() ** 2, rtol=1e-12)
    assert np.isclose(kernel.sum(), 1.0)
    np.testing.assert_array_equal(kernel, kernel.T)


def test_edge_kernels_hold_the_required_names_as_float64():
    required = {"sobel_x", "sobel_y", "scharr_x", "scharr_y", "prewitt_x", "prewitt_y",
                "roberts_x", "roberts_y", "laplacian"}
    assert required <= set(EDGE_KERNELS)
    for kernel in EDGE_KERNELS.values():
        assert kernel.dtype == np.float64 and kernel.ndim == 2
        assert kernel.sum() == 0.0, "a derivative ignores flat regions"


def test_edge_kernels_have_the_lesson_numbers():
    # The lesson's "vertical" kernels are derivatives across the columns, our _y kernels.
    np.testing.assert_array_equal(EDGE_KERNELS["sobel_y"], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(EDGE_KERNELS["scharr_y"],
                                  [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]])
    np.testing.assert_array_equal(EDGE_KERNELS["prewitt_y"], [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])
    np.testing.assert_array_equal(EDGE_KERNELS["roberts_y"], [[0, 1], [-1, 0]])
    np.testing.assert_array_equal(EDGE_KERNELS["laplacian"],
                                  [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])


@pytest.mark.parametrize("direction", ["x", "y"])
def test_sobel_and_scharr_x_differentiate_down_the_rows_like_opencv_dy(direction):
    # Course x = rows = OpenCV's y: sobel_x is cv2.Sobel(dx=0, dy=1), sobel_y is (dx=1, dy=0).
    im = np.random.default_rng(5).normal(size=(15, 17))
    dx, dy = (0, 1) if direction == "x" else (1, 0)
    opencv_sobel = cv2.Sobel(im, cv2.CV_64F, dx, dy, ksize=3, borderType=cv2.BORDER_CONSTANT)
    opencv_scharr = cv2.Scharr(im, cv2.CV_64F, dx, dy, borderType=cv2.BORDER_CONSTANT)
    np.testing.assert_allclose(filter2d_valid(im, EDGE_KERNELS[f"sobel_{direction}"]),
                               opencv_sobel[1:-1, 1:-1], atol=1e-12)
    np.testing.assert_allclose(filter2d_valid(im, EDGE_KERNELS[f"scharr_{direction}"]),
                               opencv_scharr[1:-1, 1:-1], atol=1e-12)


@pytest.mark.parametrize("name, ramp, sign", [
    # im[x, y] = ramp(x, y): a positive response where the image gets brighter that way.
    ("sobel_x", lambda x, y: x, 1), ("sobel_y", lambda x, y: y, 1),
    ("scharr_x", lambda x, y: x, 1), ("scharr_y", lambda x, y: y, 1),
    ("prewitt_x", lambda x, y: x, 1), ("prewitt_y", lambda x, y: y, 1),
    ("roberts_x", lambda x, y: x + y, 1), ("roberts_y", lambda x, y: y - x, 1),
    ("sobel_x", lambda x, y: y, 0), ("sobel_y", lambda x, y: x, 0),
    ("prewitt_x", lambda x, y: y, 0), ("roberts_x", lambda x, y: y - x, 0),
    ("roberts_y", lambda x, y: x + y, 0), ("laplacian", lambda x, y: 3 * x - 2 * y, 0),
])
def test_edge_kernel_responds_in_its_documented_direction(name, ramp, sign):
    x, y = np.meshgrid(np.arange(8.0), np.arange(9.0), indexing="ij")
    response = filter2d_valid(ramp(x, y), EDGE_KERNELS[name])
    if sign:
        assert np.all(response > 0)
    else:
        np.testing.assert_allclose(response, 0.0, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_gradient_magnitude_matches_opencv_sobel_hypot(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(3, 20, size=2))
    im = rng.integers(0, 256, shape, dtype=np.uint8) if seed % 2 else rng.normal(0, 9, shape)
    im64 = np.asarray(im, dtype=np.float64)
    gx = cv2.Sobel(im64, cv2.CV_64F, 0, 1, ksize=3, borderType=cv2.BORDER_CONSTANT)[1:-1, 1:-1]
    gy = cv2.Sobel(im64, cv2.CV_64F, 1, 0, ksize=3, borderType=cv2.BORDER_CONSTANT)[1:-1, 1:-1]
    result = gradient_magnitude(im)
    assert result.dtype == np.float64 and result.shape == (shape[0] - 2, shape[1] - 2)
    np.testing.assert_allclose(result, np.hypot(gx, gy), rtol=1e-12, atol=1e-9)


def test_gradient_magnitude_of_a_uint8_step_does_not_wrap():
    im = np.zeros((5, 6), dtype=np.uint8)
    im[:, 3:] = 255
    # A vertical step of 255: Sobel y gives 4 * 255 on the two columns beside it.
    np.testing.assert_allclose(gradient_magnitude(im)[:, 1:3], 1020.0)


def named_kernels():
    """Every named kernel of the module, with the class it must get."""
    cases = [("identity_3", identity_kernel(), "identity"),
             ("identity_5", identity_kernel(5), "identity"),
             ("box_blur_3", box_blur_kernel(3), "blur"),
             ("box_blur_5", box_blur_kernel(5), "blur"),
             ("box_blur_4", box_blur_kernel(4), "blur"),
             ("sharpen_3", sharpen_kernel(), "sharpen"),
             ("sharpen_5", sharpen_kernel(5), "sharpen"),
             ("gaussian_3", gaussian_kernel(3), "blur"),
             ("gaussian_5", gaussian_kernel(5), "blur"),
             ("gaussian_2", gaussian_kernel(2), "blur"),
             ("detail_3", identity_kernel() - box_blur_kernel(3), "edge"),
             ("lesson_sharpen", np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]), "sharpen"),
             ("lesson_edge", np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]), "edge"),
             ("gaussian_sharpen", 2 * identity_kernel(5) - gaussian_kernel(5), "sharpen")]
    cases += [(name, kernel, "edge") for name, kernel in EDGE_KERNELS.items()]
    return cases


@pytest.mark.parametrize("name, kernel, expected", named_kernels(),
                         ids=[case[0] for case in named_kernels()])
def test_classify_kernel_names_every_named_kernel(name, kernel, expected):
    assert classify_kernel(kernel) == expected


def test_classify_kernel_calls_a_1x1_one_the_identity():
    assert classify_kernel([[1]]) == "identity"
    assert classify_kernel(box_blur_kernel(1)) == classify_kernel(gaussian_kernel(1)) == "identity"


def test_classify_kernel_ignores_rounding_in_the_sum():
    blur = np.full((7, 7), 1 / 49)
    assert blur.sum() != 1.0 and classify_kernel(blur) == "blur"
    assert classify_kernel(EDGE_KERNELS["sobel_x"] * 0.1) == "edge"


def test_classify_kernel_does_not_change_its_input():
    kernel = sharpen_kernel()
    kernel.flags.writeable = False
    assert classify_kernel(kernel) == "sharpen"


@pytest.mark.parametrize("seed", range(16))
def test_discover_kernel_recovers_a_random_kernel_from_its_filtered_image(seed):
    rng = np.random.default_rng(seed)
    kernel_shape = tuple(int(n) for n in rng.integers(1, 6, size=2))  # even, odd, non-square
    image_shape = (kernel_shape[0] + int(rng.integers(4, 12)),
                   kernel_shape[1] + int(rng.integers(4, 12)))
    im = rng.integers(0, 256, image_shape, dtype=np.uint8) if seed % 2 else \
        rng.normal(0, 10, image_shape)
    kernel = rng.normal(size=kernel_shape)
    filtered = filter2d_valid(im, kernel)

    found = discover_kernel(im, filtered, kernel_shape)

    assert found.dtype == np.float64 and found.shape == kernel_shape
    np.testing.assert_allclose(found, kernel, rtol=0, atol=1e-8)


def test_discover_kernel_recovers_the_lesson_sharpen_kernel():
    im = np.random.default_rng(7).integers(0, 256, (20, 20), dtype=np.uint8)
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    found = discover_kernel(im, filter2d_valid(im, sharpen), (3, 3))
    np.testing.assert_allclose(found, sharpen, atol=1e-8)


def test_discover_kernel_does_not_change_its_inputs():
    im = np.random.default_rng(8).normal(size=(9, 9))
    filtered = filter2d_valid(im, np.ones((2, 2)))
    im.flags.writeable = False
    filtered.flags.writeable = False
    discover_kernel(im, filtered, (2, 2))


def mean_squared_error(kernel, im, filtered):
    return np.mean((filter2d_valid(im, kernel) - np.asarray(filtered, dtype=np.float64)) ** 2)


def numerical_gradient(kernel, im, filtered, h=1e-4):
    """dL/dkernel by central differences, one weight at a time."""
    kernel = np.asarray(kernel, dtype=np.float64)
    gradient = np.zeros_like(kernel)
    for index in np.ndindex(kernel.shape):
        step = np.zeros_like(kernel)
        step[index] = h
        gradient[index] = (mean_squared_error(kernel + step, im, filtered)
                           - mean_squared_error(kernel - step, im, filtered)) / (2 * h)
    return gradient


def summed_gradient(kernel, im, filtered):
    """dL/dkernel[i, j] = 2 / N * sum over outputs (x, y) of r[x, y] * im[x + i, y + j], written out."""
    im = np.asarray(im, dtype=np.float64)
    residual = filter2d_valid(im, kernel) - np.asarray(filtered, dtype=np.float64)
    kernel_h, kernel_w = np.shape(kernel)
    gradient = np.zeros((kernel_h, kernel_w))
    for i in range(kernel_h):
        for j in range(kernel_w):
            gradient[i, j] = sum(residual[x, y] * im[x + i, y + j]
                                 for x in range(residual.shape[0]) for y in range(residual.shape[1]))
    return 2 / residual.size * gradient


@pytest.mark.parametrize("seed", range(12))
def test_gradient_step_follows_the_numerical_gradient_of_the_mean_squared_error(seed):
    rng = np.random.default_rng(seed)
    kernel_shape = tuple(int(n) for n in rng.integers(1, 5, size=2))
    image_shape = (kernel_shape[0] + int(rng.integers(0, 6)), kernel_shape[1] + int(rng.integers(0, 6)))
    im = rng.integers(0, 256, image_shape, dtype=np.uint8) if seed % 3 == 0 else rng.normal(0, 3, image_shape)
    kernel = rng.normal(size=kernel_shape)
    filtered = rng.normal(0, 5, (image_shape[0] - kernel_shape[0] + 1, image_shape[1] - kernel_shape[1] + 1))
    lr = float(rng.uniform(1e-4, 1e-2))

    new = gradient_step(kernel, im, filtered, lr)

    assert new.dtype == np.float64 and new.shape == kernel_shape
    gradient = numerical_gradient(kernel, im, filtered)
    np.testing.assert_allclose(new, kernel - lr * gradient, rtol=1e-7, atol=1e-7 * (1 + np.abs(gradient).max() * lr))
    np.testing.assert_allclose(new, kernel - lr * summed_gradient(kernel, im, filtered), rtol=1e-10, atol=1e-10)


def test_gradient_step_lowers_the_error_and_stays_at_the_right_kernel():
    rng = np.random.default_rng(3)
    im = rng.normal(size=(12, 10))
    truth = rng.normal(size=(3, 3))
    filtered = filter2d_valid(im, truth)
    kernel = np.zeros((3, 3))
    errors = [mean_squared_error(kernel, im, filtered)]
    for _ in range(30):
        kernel = gradient_step(kernel, im, filtered, 0.05)
        errors.append(mean_squared_error(kernel, im, filtered))
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    np.testing.assert_allclose(gradient_step(truth, im, filtered, 0.5), truth, atol=1e-12)


def test_gradient_step_of_uint8_and_int_inputs_does_not_wrap():
    im = np.full((4, 4), 250, dtype=np.uint8)
    kernel = np.ones((2, 2), dtype=np.int64)
    filtered = np.zeros((3, 3), dtype=np.uint8)
    # r = 1000 everywhere, dL/dw = 2 * 1000 * 250 = 500000 for every weight.
    np.testing.assert_allclose(gradient_step(kernel, im, filtered, 1e-6), 1 - 0.5 * np.ones((2, 2)))


def test_gradient_step_does_not_change_its_inputs():
    rng = np.random.default_rng(4)
    kernel, im, filtered = rng.normal(size=(2, 2)), rng.normal(size=(5, 5)), rng.normal(size=(4, 4))
    for array in (kernel, im, filtered):
        array.flags.writeable = False
    new = gradient_step(kernel, im, filtered, 0.1)
    assert not np.shares_memory(new, kernel)


@pytest.mark.parametrize("call, expected_words", [
    (lambda: gradient_step(np.ones(3), np.zeros((5, 5)), np.zeros((3, 5)), 0.1),
     "kernel must be a non-empty 2-D array"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5, 3)), np.zeros((3, 3)), 0.1), "im must be"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros(9), 0.1), "filtered must be"),
    (lambda: gradient_step(np.ones((6, 3)), np.zeros((5, 5)), np.zeros((1, 3)), 0.1),
     "kernel 6x3 is larger than the image 5x5"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros((2, 3)), 0.1), r"expected \(3, 3\)"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros((3, 3)), 0), "lr must be a finite number > 0"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros((3, 3)), -1.0), "got -1.0"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros((3, 3)), float("nan")), "finite"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros((3, 3)), np.inf), "finite"),
    (lambda: gradient_step(np.ones((3, 3)), np.zeros((5, 5)), np.zeros((3, 3)), "0.1"), "finite number"),
])
def test_gradient_step_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()


@pytest.mark.parametrize("call, expected_words", [
    (lambda: box_blur_kernel(0), "n must be an int >= 1"),
    (lambda: box_blur_kernel(2.0), "n must be an int >= 1"),
    (lambda: identity_kernel(4), "odd int >= 1"),
    (lambda: identity_kernel(0), "odd int >= 1"),
    (lambda: sharpen_kernel(2), "odd int >= 1"),
    (lambda: gaussian_kernel(0), "n must be an int >= 1"),
    (lambda: gaussian_kernel(-3), "n must be an int >= 1"),
    (lambda: gradient_magnitude(np.zeros((2, 5))), "larger than the image 2x5"),
    (lambda: gradient_magnitude(np.zeros((4, 4, 3))), "2-D array"),
    (lambda: classify_kernel(np.ones((3, 3))),
     "expected 'identity'.*'blur' .entries >= 0 summing to 1.*got sum 9"),
    (lambda: classify_kernel(np.zeros((3, 3))), "fits none"),
    (lambda: classify_kernel(np.array([[1.0, 0.0], [0.0, 0.0]])), "fits none"),
    (lambda: classify_kernel(np.array([[0.5, 0.5], [0.5, -1.0]])), "fits none"),
    (lambda: classify_kernel(np.ones((3, 3, 3))), "2-D array"),
    (lambda: classify_kernel(np.array([[np.nan, 1.0]])), "finite"),
    (lambda: discover_kernel(np.zeros((5, 5)), np.zeros((3, 3)), (2, 2)),
     r"expected \(4, 4\)"),
    (lambda: discover_kernel(np.zeros((5, 5)), np.zeros((1, 1)), (6, 5)),
     "kernel 6x5 is larger than the image 5x5"),
    (lambda: discover_kernel(np.zeros((5, 5, 2)), np.zeros((3, 3)), (3, 3)), "im must be"),
    (lambda: discover_kernel(np.zeros((5, 5)), np.zeros(9), (3, 3)), "filtered must be"),
    (lambda: discover_kernel(np.zeros((5, 5)), np.zeros((3, 3)), (3, 0)), "two ints >= 1"),
])
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
