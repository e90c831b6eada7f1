"""The claims Parts 3 and 4 make in words, checked: each is computed here with the reference,
OpenCV or numpy, and the notebooks are read to prove they say it (and no longer say what was
wrong).

Part 3: the direction each derivative kernel looks (roberts_y looks up-right, its negative
weight at the bottom), what Canny's 100 and 200 are compared with, what the lesson's detail
threshold keeps, OpenCV's Gaussian weights, the gradient-descent demo. Part 4: "same" padding
against TensorFlow's and PyTorch's, cv2.filter2D's extra row for an even kernel, the shrinking
photo, the receptive-field table and figure. Both: the "How you are graded" cell and the rules
each exercise statement must name.
"""
import math
import re

import cv2
import nbformat
import numpy as np
import pytest

import solutions
from autograder.course import REPO_ROOT
from autograder.exercises import get_exercise
from autograder.exercises.reference import seed_for
from coursekit import load_photo
from coursekit.kernel_picker import mystery_filter, mystery_kernel
from coursekit.receptive import measured_field
from oracles import filter2d_valid

PART3 = REPO_ROOT / "notebooks" / "part3_kernels" / "part3_kernels.ipynb"
PART4 = REPO_ROOT / "notebooks" / "part4_padding_stride" / "part4_padding_stride.ipynb"


def cells(path):
    return nbformat.read(path, as_version=4).cells


def markdown(path) -> str:
    return "\n".join(c.source for c in cells(path) if c.cell_type == "markdown")


def code(path) -> str:
    return "\n".join(c.source for c in cells(path) if c.cell_type == "code")


def one_line(text: str) -> str:
    """Markdown with its line breaks undone, to search for phrases."""
    return re.sub(r"\s+", " ", text)


def statement(path, name: str) -> str:
    """The markdown cell just before NAME's solution cell: the exercise's statement."""
    nb_cells = cells(path)
    for i, cell in enumerate(nb_cells):
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.metadata["nbgrader"]["grade_id"] == name:
            assert nb_cells[i - 1].cell_type == "markdown"
            assert nb_cells[i - 1].source.startswith(f"### Your turn: `{name}`")
            return one_line(nb_cells[i - 1].source)
    raise AssertionError(f"no solution cell {name}")


@pytest.fixture(scope="module")
def photo():
    return load_photo("chelsea")


# ---------------------------------------------------------------------------- Part 3

def ramp_response(kernel, direction) -> float:
    """The kernel's (constant) valid-mode answer on a ramp brightening by 1 per pixel along `direction`."""
    x, y = np.mgrid[0:6, 0:6]
    ramp = direction[0] * x + direction[1] * y
    return float(solutions.im_conv(ramp, kernel)[0, 0])


def test_every_derivative_kernel_looks_the_way_part3_says_and_roberts_y_looks_up_right():
    kernels = solutions.EDGE_KERNELS
    for name in ("sobel_x", "scharr_x", "prewitt_x"):
        assert ramp_response(kernels[name], (1, 0)) > 0 and ramp_response(kernels[name], (0, 1)) == 0
        assert (kernels[name][0] <= 0).all() and (kernels[name][-1] >= 0).all()      # negative on top
    for name in ("sobel_y", "scharr_y", "prewitt_y"):
        assert ramp_response(kernels[name], (0, 1)) > 0 and ramp_response(kernels[name], (1, 0)) == 0
        assert (kernels[name][:, 0] <= 0).all() and (kernels[name][:, -1] >= 0).all()  # negative left
    assert ramp_response(kernels["roberts_x"], (1, 1)) > 0 and ramp_response(kernels["roberts_x"], (-1, 1)) == 0
    assert ramp_response(kernels["roberts_y"], (-1, 1)) > 0 and ramp_response(kernels["roberts_y"], (1, 1)) == 0
    assert ramp_response(kernels["roberts_y"], (1, 0)) < 0          # darker going down: not "top first"
    assert kernels["roberts_y"][1, 0] == -1 and kernels["roberts_y"][0, 1] == 1   # -1 bottom-left

    text = one_line(markdown(PART3))
    assert "negative weights first" not in text and "top or left" not in text
    assert "`roberts_y` towards **up**-right (−1 **bottom**-left, +1 top-right)" in text
    assert '"up-right": y - x' in code(PART3)                   # the notebook computes it on ramps


def test_edge_kernel_feedback_states_each_kernels_own_direction():
    for mistake in get_exercise("EDGE_KERNELS").mistakes:
        assert "top or left" not in mistake.explain and "negative weights first" not in mistake.explain
    explain = {m.name: m.explain for m in get_exercise("EDGE_KERNELS").mistakes}
    assert "towards up-right (-1 at the bottom-left" in explain["roberts_y sign flipped"]


def test_canny_compares_its_thresholds_with_the_l1_strength_not_the_gradient_magnitude(photo):
    gx = filter2d_valid(photo, solutions.EDGE_KERNELS["sobel_x"])
    gy = filter2d_valid(photo, solutions.EDGE_KERNELS["sobel_y"])
    l1, l2 = np.abs(gx) + np.abs(gy), np.sqrt(gx ** 2 + gy ** 2)      # gradient_magnitude's measure
    default = cv2.Canny(photo, 100, 200)[1:-1, 1:-1] > 0
    with_l2 = cv2.Canny(photo, 100, 200, L2gradient=True)[1:-1, 1:-1] > 0
    assert l1[default].min() > 100 and l2[with_l2].min() > 100
    assert (l2[default] <= 100).sum() > 100, "default Canny keeps many pixels whose L2 magnitude is <= 100"
    assert np.max(l1 / np.where(l2 > 0, l2, 1)) <= math.sqrt(2) + 1e-12        # "up to √2 times larger"
    assert np.isclose(np.max(l1 / np.where(l2 > 0, l2, 1)), math.sqrt(2))
    assert np.count_nonzero(cv2.Canny(cv2.GaussianBlur(photo, (5, 5), 0), 100, 200)) < \
        np.count_nonzero(cv2.Canny(photo, 100, 200)) / 2                         # blurring removes texture edges

    text = one_line(markdown(PART3))
    assert "Its strength, by default, is `|gx| + |gy|`, not your `gradient_magnitude`" in text
    assert "Section 7's \"magnitude > 100\" is therefore not what Canny's 100 means" in text
    assert "L2gradient=True" in code(PART3)


def test_the_lessons_detail_threshold_keeps_only_the_bright_side(photo):
    box, identity = np.ones((3, 3)) / 9, np.zeros((3, 3))
    identity[1, 1] = 1
    detail = filter2d_valid(photo, identity - box)
    _, white = cv2.threshold(detail, 15, 200, cv2.THRESH_BINARY)
    np.testing.assert_array_equal(white == 200, detail > 15)
    assert (detail < -15).sum() > 0.5 * (detail > 15).sum()      # the dark side is as large, and missed
    assert not (white[detail < -15] > 0).any()
    assert np.mean(np.abs(detail) <= 15) > 0.9                   # "close to 0 almost everywhere"

    text = one_line(markdown(PART3))
    assert "The white pixels are where the brightness changes" not in text
    assert "The threshold keeps only positive detail" in text
    assert "cv2.threshold(-detail, 15, 200" in code(PART3)


def test_part3_numbers_opencv_gaussian_sharpen_range_and_equation_counts(photo):
    np.testing.assert_allclose(cv2.getGaussianKernel(3, 0).ravel() * 4, [1, 2, 1])
    np.testing.assert_allclose(cv2.getGaussianKernel(5, 0).ravel() * 16, [1, 4, 6, 4, 1])
    sharpened = filter2d_valid(photo, solutions.sharpen_kernel())
    assert sharpened.min() < 0 and sharpened.max() > 255       # "can go below 0 and above 255"
    crop = photo[100:180, 150:250]
    assert (crop.shape[0] - 2) * (crop.shape[1] - 2) > 1000     # "thousands"
    text = one_line(markdown(PART3))
    assert "tens of thousands" not in text and "about `1e-12`" not in text


def test_part3_opencv_sobel_is_named_the_other_way_and_its_gaussian_blur_is_gaussian_kernel(photo):
    """Section 6 says `cv2.Sobel(im, cv2.CV_64F, 1, 0)` is our sobel_y (OpenCV's dx runs along the
    columns) and Section 5 that cv2.GaussianBlur(im, (5, 5), 0) equals gaussian_kernel(5) on the
    valid region; the notebook only prints both, so they are asserted here."""
    for (dx, dy), name in (((1, 0), "sobel_y"), ((0, 1), "sobel_x")):
        theirs = cv2.Sobel(photo, cv2.CV_64F, dx, dy)[1:-1, 1:-1]
        np.testing.assert_allclose(filter2d_valid(photo, solutions.EDGE_KERNELS[name]), theirs)
    np.testing.assert_allclose(filter2d_valid(photo, solutions.gaussian_kernel(5)),
                               cv2.GaussianBlur(photo.astype(np.float64), (5, 5), 0)[2:-2, 2:-2])
    text = one_line(markdown(PART3))
    assert "`cv2.Sobel(im, cv2.CV_64F, 1, 0)` is our `sobel_y`" in text
    assert "for 3x3 and 5x5 its weights are exactly these binomial ones" in text
    # ... and only for those: OpenCV's fixed 7-tap table is not row 6 of Pascal's triangle
    assert not np.allclose(cv2.getGaussianKernel(7, 0).ravel(), solutions.gaussian_kernel(7)[3] / solutions.gaussian_kernel(7)[3].sum())


def test_part3_shows_the_conventions_picture_where_it_names_the_edge_kernels():
    nb_cells = cells(PART3)
    sources = [c.source for c in nb_cells]
    figure = next(i for i, c in enumerate(nb_cells)
                  if c.cell_type == "code" and "conventions_figure(indexing=False)" in c.source)
    edge_section = next(i for i, text in enumerate(sources) if text.startswith("## 6. Edge kernels"))
    naming = next(i for i, text in enumerate(sources) if "`_x` kernels look down the rows" in text)
    exercise = next(i for i, c in enumerate(nb_cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "EDGE_KERNELS")
    assert edge_section < figure < exercise and figure <= naming + 1


def test_box_blur_rings_where_the_binomial_gaussian_does_not():
    """"A box ... stops dead — which makes blocky, ringing artefacts that the Gaussian avoids": the
    box's frequency response goes negative (detail of some sizes comes back inverted), the
    binomial Gaussian's, cos(w / 2) ** (n - 1), never does."""
    assert "stops dead — which makes blocky, ringing artefacts that the Gaussian avoids" in one_line(markdown(PART3))
    frequencies = np.linspace(0, np.pi, 721)
    for n in (3, 5, 7, 9):
        offsets = np.arange(n) - (n - 1) / 2
        def response(weights):
            return (weights[None, :] * np.cos(frequencies[:, None] * offsets[None, :])).sum(axis=1)
        box, binomial = solutions.box_blur_kernel(n)[n // 2] * n, solutions.gaussian_kernel(n).sum(axis=0)
        assert response(box).min() < -0.05
        assert response(binomial).min() >= -1e-12
        np.testing.assert_allclose(response(binomial), np.cos(frequencies / 2) ** (n - 1), atol=1e-12)


def notebook_gradient_step():
    """gradient_step as the notebook runs it: the reference's source, with Part 3's given im_conv
    (cv2.filter2D cut to the valid region) in place of the loop."""
    import inspect

    namespace = {"np": np, "math": math, "im_conv": filter2d_valid}
    exec(inspect.getsource(solutions.gradient_step), namespace)
    return namespace["gradient_step"]


def test_gradient_descent_demo_claims(photo):
    gradient_step = notebook_gradient_step()
    crop = photo[100:180, 150:250]
    mystery = mystery_filter(crop)
    x_train, y_train = crop / 255, mystery / 255
    # "the same kernel maps one to the other, since im_conv is linear"
    np.testing.assert_allclose(solutions.im_conv(x_train, mystery_kernel()), y_train, atol=1e-12)
    windows = np.lib.stride_tricks.sliding_window_view(x_train, (3, 3)).reshape(-1, 9)
    largest = np.linalg.eigvalsh(2 * windows.T @ windows / len(windows)).max()
    assert 0.5 < 2 / largest and 0.6 < 2 / largest < 0.7      # 0.5 and 0.6 are safe, 0.7 overshoots
    text = one_line(markdown(PART3))
    assert "values below 1, a learning rate of 0.5 is safe" not in text      # not a rule for any image
    assert "On this crop, so scaled, a learning rate of 0.5 is safe" in text
    ones = np.ones((8, 8))                                       # values below 1 do not make 0.5 safe
    flat = np.lib.stride_tricks.sliding_window_view(ones, (3, 3)).reshape(-1, 9)
    assert 2 / np.linalg.eigvalsh(2 * flat.T @ flat / len(flat)).max() < 0.5
    learned = np.zeros((3, 3))
    for _ in range(1000):
        learned = gradient_step(learned, x_train, y_train, 0.5)
    exact = solutions.discover_kernel(crop, mystery, (3, 3))
    start = np.mean(y_train ** 2)
    end = np.mean((solutions.im_conv(x_train, learned) - y_train) ** 2)
    assert end < start / 1000                                   # "by orders of magnitude"
    assert 1e-3 < np.abs(learned - exact).max() < 0.1           # close, not all the way

    overshoot = np.zeros((3, 3))
    for _ in range(200):
        overshoot = gradient_step(overshoot, x_train, y_train, 0.7)
    assert np.mean((solutions.im_conv(x_train, overshoot) - y_train) ** 2) > start

    noise = np.random.default_rng(0).normal(size=crop.shape)
    noise_target = solutions.im_conv(noise, mystery_kernel())
    on_noise = np.zeros((3, 3))
    for _ in range(50):
        on_noise = gradient_step(on_noise, noise, noise_target, 0.4)
    assert np.abs(on_noise - mystery_kernel()).max() < 1e-8      # "a few dozen steps"

    # "The error is a long, narrow valley" on the photo, not on noise: the curvature of the loss
    # (the eigenvalues of 2 / N * A.T @ A) differs by thousands of times between its directions.
    def spread(image):
        windows = np.lib.stride_tricks.sliding_window_view(image, (3, 3)).reshape(-1, 9)
        curvatures = np.linalg.eigvalsh(2 * windows.T @ windows / len(windows))
        return curvatures.max() / curvatures.min()
    assert spread(x_train) > 1000 and spread(noise) < 2
    assert "The error is a long, narrow valley" in one_line(markdown(PART3))


def test_the_least_squares_matrix_is_im2col_and_gives_the_gradient():
    rng = np.random.default_rng(5)
    im, kernel, target = rng.normal(size=(9, 8)), rng.normal(size=(3, 2)), rng.normal(size=(7, 7))
    A = np.lib.stride_tricks.sliding_window_view(im, (3, 2)).reshape(-1, 6)
    np.testing.assert_allclose(A @ kernel.ravel(), solutions.im_conv(im, kernel).ravel())
    residual = A @ kernel.ravel() - target.ravel()
    gradient = (2 / len(residual) * A.T @ residual).reshape(3, 2)
    np.testing.assert_allclose(solutions.gradient_step(kernel, im, target, 1.0), kernel - gradient)
    found = solutions.discover_kernel(im, target, (3, 2))         # least squares: the gradient is 0 there
    np.testing.assert_allclose(solutions.gradient_step(found, im, target, 1.0), found, atol=1e-12)


# ---------------------------------------------------------------------------- Part 4

def course_same_widths(span: int) -> tuple:
    return (span - 1) // 2, span - 1 - (span - 1) // 2


def tensorflow_same_widths(n: int, span: int, stride: int) -> tuple:
    total = max((math.ceil(n / stride) - 1) * stride + span - n, 0)
    return total // 2, total - total // 2


def test_same_padding_is_the_frameworks_with_stride_1_and_differs_from_tensorflow_with_a_stride():
    for n in range(1, 30):
        for span in range(1, n + 1):
            assert course_same_widths(span) == tensorflow_same_widths(n, span, 1)
            for stride in (2, 3):                               # both give ceil(n / s) outputs
                assert solutions.conv_output_size(n + span - 1, span, stride=stride) == math.ceil(n / stride)
    for (n, k, s), same in {(8, 3, 2): False, (7, 3, 2): True, (8, 4, 2): True, (9, 3, 3): False}.items():
        image = np.arange(float(n * n)).reshape(n, n)
        before, after = tensorflow_same_widths(n, k, s)
        tensorflow = solutions.conv2d(solutions.pad_image(image, ((before, after), (before, after))),
                                      np.ones((k, k)), stride=s)
        course = solutions.conv2d(image, np.ones((k, k)), stride=s, padding="same")
        assert course.shape == tensorflow.shape and np.array_equal(course, tensorflow) == same, (n, k, s)
    assert tensorflow_same_widths(8, 3, 2) == (0, 1) and course_same_widths(3) == (1, 1)
    for n in range(1, 30):                                      # "no more than the course, often less"
        for span in range(1, n + 1):
            for stride in (2, 3, 4):
                assert sum(tensorflow_same_widths(n, span, stride)) <= sum(course_same_widths(span))
                assert tensorflow_same_widths(n, span, stride)[0] <= course_same_widths(span)[0]
    assert "TensorFlow pads no more than the course and often less" in one_line(markdown(PART4))
    assert "TensorFlow pads less and PyTorch" not in one_line(markdown(PART4))

    doc = one_line(solutions.conv2d.__doc__)
    assert "as in TensorFlow and PyTorch (note" not in doc
    assert "With stride 1 this is what TensorFlow and PyTorch do" in doc
    assert "max((ceil(H / s) - 1) * s + span - H, 0)" in doc and "PyTorch refuses" in doc
    text = one_line(markdown(PART4))
    assert "like TensorFlow and PyTorch" not in text
    assert "`max((ceil(n / s) - 1) * s + span - n, 0)`" in text and "PyTorch** refuses" in text
    assert "for `n = 8, k = 3, s = 2` TensorFlow pads `(0, 1)` where the course pads `(1, 1)`" in text


def test_filter2d_puts_the_extra_row_of_an_even_kernel_at_the_top_left():
    rng = np.random.default_rng(2)
    im, kernel = rng.normal(size=(5, 6)), rng.normal(size=(2, 2))
    theirs = cv2.filter2D(im, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT)
    np.testing.assert_allclose(theirs, solutions.conv2d(solutions.pad_image(im, ((1, 0), (1, 0))), kernel))
    assert not np.allclose(theirs, solutions.conv2d(im, kernel, padding="same"))


def test_part4_shrinking_coverage_and_stride_claims():
    h, w = 75, 113
    for _ in range(30):
        h, w = solutions.conv_output_size(h, 3), solutions.conv_output_size(w, 3)
    assert (h, w) == (15, 53)
    side = 32
    for _ in range(15):
        side = solutions.conv_output_size(side, 3)
    assert side == 2
    with pytest.raises(ValueError):
        solutions.conv_output_size(side, 3)
    coverage = np.zeros((6, 6), dtype=int)
    for x in range(4):
        for y in range(4):
            coverage[x:x + 3, y:y + 3] += 1
    assert coverage[0, 0] == 1 and coverage[2:4, 2:4].min() == 9
    read = {start + i for start in range(0, 5 - 2 + 1, 2) for i in range(2)}   # k = 2, s = 2, n = 5
    assert 4 not in read
    assert "each axis has lost `2L` pixels (`L` on each side)" in one_line(markdown(PART4))


def test_opencv_borders_are_the_three_padding_modes():
    corner = load_photo("astronaut")[:60, :60]
    for mode, border in (("constant", cv2.BORDER_CONSTANT), ("edge", cv2.BORDER_REPLICATE),
                         ("reflect", cv2.BORDER_REFLECT_101)):
        np.testing.assert_array_equal(solutions.pad_image(corner, 5, mode),
                                      cv2.copyMakeBorder(corner, 5, 5, 5, 5, border))
    assert cv2.BORDER_DEFAULT == cv2.BORDER_REFLECT_101
    row = np.array([[1, 2, 3, 4]])
    assert np.pad(row, ((0, 0), (2, 2)), "symmetric").tolist() == [[2, 1, 1, 2, 3, 4, 4, 3]]
    assert np.pad(row, ((0, 0), (2, 2)), "wrap").tolist() == [[3, 4, 1, 2, 3, 4, 1, 2]]
    text = one_line(markdown(PART4))
    assert "`2 1 │ 1 2 3 4 │ 4 3`" in text and "`3 4 │ 1 2 3 4 │ 1 2`" in text
    assert "`BORDER_CONSTANT`, `BORDER_REPLICATE` and `BORDER_REFLECT_101`" in text


def test_pad_image_statement_examples_match_the_reference():
    text = statement(PART4, "pad_image")
    row = solutions.pad_image(np.array([[1, 2, 3]]), ((0, 0), (4, 4)), "reflect")[0].astype(int).tolist()
    shown = " ".join(map(str, row[:4])) + " │ " + " ".join(map(str, row[4:7])) + " │ " + " ".join(map(str, row[7:]))
    assert f"`{shown}`" in text
    np.testing.assert_array_equal(solutions.pad_image(np.array([[7.0]]), 2, "reflect"), np.full((5, 5), 7.0))
    assert "wider than the image" in text and "one pixel" in text and "value=-5" in text


RECEPTIVE_TABLE = [  # (kernel sizes, strides, dilations, the table's field)
    ([3, 3], [1, 1], [1, 1], 5), ([3, 3, 3], [1, 1, 1], [1, 1, 1], 7), ([5], [1], [1], 5),
    ([3, 3], [2, 1], [1, 1], 7), ([3, 3], [1, 2], [1, 1], 5), ([3, 3, 3], [1, 1, 1], [1, 2, 4], 15),
    ([5, 2, 5, 2], [1, 2, 1, 2], [1, 1, 1, 1], 16),
]


@pytest.mark.parametrize("kernel_sizes, strides, dilations, field", RECEPTIVE_TABLE)
def test_receptive_field_table_and_figure(kernel_sizes, strides, dilations, field):
    assert solutions.receptive_field(kernel_sizes, strides, dilations) == field
    assert measured_field(kernel_sizes, strides, dilations)[0] == field     # the figure's tap-following
    row = f"| {', '.join(map(str, kernel_sizes))} | {', '.join(map(str, strides))} | " \
          f"{', '.join(map(str, dilations))} | "
    line = next(line for line in markdown(PART4).splitlines() if row in line)
    assert line.rstrip(" |").endswith(f"= {field}")


def test_receptive_field_gaps_claim():
    assert measured_field([3], [1], [2]) == (5, 3)                          # spans 5, reads 3
    assert measured_field([3, 3, 3], [1, 1, 1], [1, 2, 4]) == (15, 15)      # no gaps


# ------------------------------------------------------------------- both: grading rules

@pytest.mark.parametrize("path", [PART3, PART4], ids=["part3", "part4"])
def test_how_you_are_graded_cell_follows_the_title(path):
    nb_cells = cells(path)
    assert nb_cells[0].source.startswith("# Part")
    grading = one_line(nb_cells[1].source)
    assert grading.startswith("### How you are graded")
    for phrase in ("`numpy as np`, `cv2` and `math`", "tagged `given`", "*earlier* answer cells",
                   "scores 0", "inside the answer cell", "Inputs never change", "`float64`",
                   "raise `ValueError`", "right values on valid inputs",
                   "the conventions (a `float64` result, inputs unchanged)",
                   "bad arguments rejected with `ValueError`"):
        assert phrase in grading, phrase
    assert "**Points:**" not in grading


@pytest.mark.parametrize("path, names", [
    (PART3, ["box_blur_kernel", "identity_kernel", "sharpen_kernel", "gaussian_kernel", "EDGE_KERNELS",
             "gradient_magnitude", "classify_kernel", "discover_kernel", "gradient_step"]),
    (PART4, ["pad_image", "conv_output_size", "conv2d", "receptive_field"]),
], ids=["part3", "part4"])
def test_each_statement_names_the_rules_its_hidden_cases_apply(path, names):
    for name in names:
        exercise = get_exercise(name)
        text = statement(path, name)
        cases = exercise.cases(seed_for(name))
        if any("bad_arguments" in case.tags for case in cases):
            assert "ValueError" in text, name
        numpy_integers = any(isinstance(value, np.integer) for case in cases
                             for value in (*case.args, *case.kwargs.values())
                             if not isinstance(value, np.ndarray))
        if numpy_integers:
            assert "np.int64(3)" in text or "numpy integer" in text.lower(), name
        valid = [dict(zip(exercise.arg_names, case.args)) for case in cases if "bad_arguments" not in case.tags]
        images = [args["im"] for args in valid if isinstance(args.get("im"), np.ndarray)]
        if any(image.ndim == 2 and min(image.shape) == 1 for image in images):
            assert re.search(r"single (row|pixel)|one pixel|one row", text), f"{name}: one-pixel axes are cases"
        if any(np.shape(args.get("kernel")) == (1, 1) for args in valid):
            assert "1x1" in text, f"{name}: a 1x1 kernel is a case"
        if exercise.atol != 1e-9 or exercise.rtol != 1e-7:       # a tolerance other than the default
            stated = re.search(r"within `([0-9.e-]+)` \(relative and absolute\)", text)
            assert stated and float(stated.group(1)) == exercise.atol == exercise.rtol, name


def test_part3_statements_name_their_particular_rules():
    assert "`tol = 1e-9 * np.abs(kernel).sum()`" in statement(PART3, "classify_kernel")
    assert "tolerance = 1e-9 * np.abs(kernel).sum()" in solutions.classify_kernel.__doc__ + \
        __import__("inspect").getsource(solutions.classify_kernel)
    assert "a 3x3 image gives a 1x1 result" in statement(PART3, "gradient_magnitude")
    assert "`0`, negative or infinite" in statement(PART3, "gradient_step")


def test_part4_statements_name_their_particular_rules():
    assert "`ceil(H / s) x ceil(W / s)`" in statement(PART4, "conv2d")
    assert '`"full"`' in statement(PART4, "conv2d")
    text = statement(PART4, "receptive_field")
    assert "1-D numpy array" in text and "one entry per layer" in text and "`2.5`" in text
