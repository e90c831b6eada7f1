"""What Parts 1, 2, 5, 6 and 7 say is true: their stated numbers and directions, checked against
the reference (`solutions`), the seeds' worked examples and the generated cases.

The notebooks compute most claims themselves (their cells assert what they print, and
tests/test_source_notebooks.py runs them). Here: the numbers the prose states, the demo kernels
against Part 3's graded EDGE_KERNELS (one naming and sign convention everywhere), the figures of
`coursekit` against the reference, the small CNN of Part 7 against the reference layers, and each
part's "How you are graded" cell and exercise statements against the rules its hidden cases apply.
"""
from __future__ import annotations

import ast
import re

import cv2
import nbformat
import numpy as np
import pytest

import solutions
from autograder.course import DATA_DIR, NOTEBOOKS_DIR
from autograder.exercises import PARTS, get_exercise
from autograder.exercises.part1 import SUBIMAGE_SLICES, subimages_by_option
from coursekit import conventions, diagrams

MY_PARTS = ("part1_subimages", "part2_im_conv", "part5_channels", "part6_pooling", "part7_compare_fast")
WORKED_IMAGE = np.array([[10, 20, 30, 40], [10, 20, 30, 40], [20, 30, 40, 50], [20, 30, 40, 50]])
SHARPEN = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
EDGE_FAMILY = re.compile(r"sobel|scharr|prewitt|roberts|laplac", re.I)


def read(part: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / part / f"{part}.ipynb", as_version=4)


def cell(nb, cell_id: str) -> str:
    for c in nb.cells:
        if c.get("id") == cell_id:
            return c.source
    raise KeyError(cell_id)


def flat(text: str) -> str:
    """Markdown with its line breaks folded, so that a phrase may wrap."""
    return " ".join(text.split())


def statement_of(nb, name: str) -> str:
    """The markdown cell right before the solution cell of `name` (the exercise's statement)."""
    for before, c in zip(nb.cells, nb.cells[1:]):
        if c.metadata.get("nbgrader", {}).get("solution") and c.metadata["nbgrader"]["grade_id"] == name:
            assert before.cell_type == "markdown", f"{name}: no statement right before its solution cell"
            return before.source
    raise KeyError(name)


def photo(name: str, gray: bool = True) -> np.ndarray:
    if gray:
        return cv2.imread(str(DATA_DIR / f"{name}.png"), cv2.IMREAD_GRAYSCALE)
    return cv2.cvtColor(cv2.imread(str(DATA_DIR / f"{name}.png")), cv2.COLOR_BGR2RGB)


# --- Part 2: the worked example, the impulse, the formula's index -----------------------------

def test_part2_worked_sum_names_the_right_neighbours_and_adds_up():
    text = flat(cell(read("part2_im_conv"), "a735bd53"))
    found = re.search(r"`5\*(\d+) - \((\d+) \+ (\d+) \+ (\d+) \+ (\d+)\) = (-?\d+)`", text)
    assert found, "the worked sum is stated as 5*centre - (up + left + right + down) = out"
    centre, up, left, right, down, out = (int(n) for n in found.groups())
    window = WORKED_IMAGE[0:3, 0:3]
    assert (centre, up, left, right, down) == (window[1, 1], window[0, 1], window[1, 0], window[1, 2],
                                               window[2, 1])
    assert out == 5 * centre - (up + left + right + down) == solutions.im_conv(WORKED_IMAGE, SHARPEN)[0, 0]
    above = re.search(r"the pixel above the centre is (\d+)", text)
    assert above and int(above.group(1)) == window[0, 1]
    mean = re.search(r"neighbours' mean \((\d+(?:\.\d+)?)\)", text)
    assert mean and float(mean.group(1)) == (up + left + right + down) / 4 > centre


def test_part2_impulse_paints_the_kernel_rotated_by_180_degrees():
    nb = read("part2_im_conv")
    text = flat(cell(nb, "6dba83a5"))
    assert "rotated by 180 degrees" in text and "kernel turned upside down" not in text
    impulse = np.zeros((5, 5))
    impulse[2, 2] = 1
    for kernel in (np.arange(1, 10).reshape(3, 3), np.array([[1, 1, 1, 1, 0], [1, 0, 0, 0, 0], [1, 1, 1, 0, 0],
                                                             [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]])):
        big = np.zeros((9, 9))
        big[4, 4] = 1
        image = impulse if kernel.shape == (3, 3) else big
        painted = solutions.im_conv(image, kernel)
        assert np.array_equal(painted, np.rot90(kernel, 2))
        assert not np.array_equal(painted, kernel[::-1, :]), "upside down alone is a different picture"
        assert np.array_equal(solutions.im_convolve(image, kernel), kernel)


def convolution_formula(f, g, x, y):
    """(f * g)[x, y] = sum over i, j of f[x - i, y - j] g[i, j], terms outside f left out."""
    total = 0.0
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            if 0 <= x - i < f.shape[0] and 0 <= y - j < f.shape[1]:
                total += f[x - i, y - j] * g[i, j]
    return total


def test_part2_states_which_formula_index_im_convolve_returns_and_it_is_right():
    text = flat(cell(read("part2_im_conv"), "formula-index"))
    assert "`im_convolve(f, g)[x, y] = (f * g)[x + kh - 1, y + kw - 1]`" in text
    rng = np.random.default_rng(3)
    for image_shape, kernel_shape in [((6, 7), (2, 3)), ((5, 5), (3, 3)), ((4, 9), (4, 1)), ((3, 3), (3, 3))]:
        f, g = rng.normal(size=image_shape), rng.normal(size=kernel_shape)
        result = solutions.im_convolve(f, g)
        kh, kw = g.shape
        for x in range(result.shape[0]):
            for y in range(result.shape[1]):
                assert np.isclose(result[x, y], convolution_formula(f, g, x + kh - 1, y + kw - 1))
        # ... and not at (x, y): the indexes really differ (unless the kernel is 1x1)
        assert not np.isclose(result[0, 0], convolution_formula(f, g, 0, 0))


def test_part2_why_convolution_counts_are_the_reference_counts(monkeypatch):
    source = cell(read("part2_im_conv"), "why-convolution-code")
    namespace = {"np": np, "photo": photo("chelsea"), "print": lambda *args, **kwargs: None}
    exec(source, namespace)
    h, w = namespace["photo"].shape
    assert (h, w) == (300, 451)
    out = solutions.conv_output_shape((h, w), (3, 3))
    assert namespace["dense"] == solutions.count_dense_params(h * w, out[0] * out[1])
    assert namespace["kernel_3x3"] == solutions.count_conv_params(3, 3, 1, 1)
    summary = flat(cell(read("part2_im_conv"), "0e26f03e"))
    assert "billions of a dense layer" in summary and namespace["dense"] > 2e9


def test_part2_ddepth_minus_one_loses_every_negative_response_of_the_laplacian():
    text = flat(cell(read("part2_im_conv"), "d435b0a1"))
    assert "With the lesson's edge kernel, Part 3's `laplacian` (8 in the centre, -1 around), every " \
           "negative response is lost" in text
    assert "a negative value becomes 0, a value above 255 becomes 255" in text
    laplacian = solutions.EDGE_KERNELS["laplacian"]
    saturated = cv2.filter2D(WORKED_IMAGE.astype(np.uint8), -1, laplacian)
    true_values = cv2.filter2D(WORKED_IMAGE.astype(np.uint8), cv2.CV_64F, laplacian)
    assert (true_values < 0).any() and np.all(saturated[true_values < 0] == 0)
    assert np.array_equal(saturated, np.clip(np.round(true_values), 0, 255))


# --- One naming and sign convention for edge kernels ------------------------------------------

def _edge_kernel_definitions(nb) -> list:
    """[(name, value)] for every `name = <expr>` with an edge-kernel name in the notebook's code
    cells, and every dict entry whose key is such a name; values evaluated with numpy."""
    found, namespace = [], {"np": np}
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(c.source)):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if EDGE_FAMILY.search(name):
                    value = eval(compile(ast.Expression(node.value), "<cell>", "eval"), dict(namespace))
                    namespace[name] = value
                    found.append((name, np.asarray(value)))
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values):
                    # a key that is a name, such as "sobel_x" (a figure's title is not a kernel)
                    if (isinstance(key, ast.Constant) and isinstance(key.value, str)
                            and re.fullmatch(r"\w+", key.value) and EDGE_FAMILY.search(key.value)):
                        kernel = np.asarray(eval(compile(ast.Expression(value), "<cell>", "eval"), dict(namespace)))
                        if np.issubdtype(kernel.dtype, np.number):  # not a description such as "vertical edges"
                            found.append((key.value, kernel))
    return found


@pytest.mark.parametrize("part", MY_PARTS)
def test_every_demo_edge_kernel_is_the_graded_one_under_its_graded_name(part):
    found = _edge_kernel_definitions(read(part))
    if part != "part1_subimages":
        assert found, f"{part} shows edge kernels: they must be defined under Part 3's names"
    for name, value in found:
        assert name in solutions.EDGE_KERNELS, f"{part}: {name!r} is not a name of Part 3's EDGE_KERNELS"
        assert np.array_equal(value, solutions.EDGE_KERNELS[name]), f"{part}: {name} differs from Part 3's"


def test_part5_transposed_prewitt_is_the_graded_prewitt_x_and_coursekit_copies_are_the_graded_ones():
    assert np.array_equal(solutions.EDGE_KERNELS["prewitt_y"].T, solutions.EDGE_KERNELS["prewitt_x"])
    assert np.array_equal(conventions.SOBEL_X, solutions.EDGE_KERNELS["sobel_x"])
    assert np.array_equal(conventions.SOBEL_Y, solutions.EDGE_KERNELS["sobel_y"])
    kernels = {k: v for k, v in _edge_kernel_definitions(read("part7_compare_fast"))}
    assert {"sobel_x", "sobel_y", "laplacian"} <= set(kernels)


@pytest.mark.parametrize("part", MY_PARTS)
def test_no_demo_array_is_a_graded_edge_kernel_with_its_sign_changed(part):
    """Whatever a literal array is called, it must not be minus a graded edge kernel (the lesson's
    [[1, 0, -1], ...] is -prewitt_y; a Laplacian with -8 in the centre is -laplacian)."""
    checked = 0
    for c in read(part).cells:
        if c.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(c.source)):
            if not (isinstance(node, ast.List) and node.elts and isinstance(node.elts[0], ast.List)):
                continue
            try:
                value = np.array(ast.literal_eval(node), dtype=np.float64)
            except (ValueError, TypeError):
                continue
            checked += 1
            for name, kernel in solutions.EDGE_KERNELS.items():
                if value.shape == kernel.shape and np.array_equal(value, -kernel):
                    raise AssertionError(f"{part}: {value.tolist()} is -{name}; use Part 3's {name}")
    assert checked, f"{part}: no array literal found"


@pytest.mark.parametrize("part", MY_PARTS)
def test_the_hidden_cases_use_the_graded_edge_kernels_too(part):
    """Feedback shows a failing case: its kernels must not contradict Part 3 either."""
    named = 0
    for exercise in PARTS[part]:
        for case in exercise.cases(0):
            for value in _values(case):
                kernels = value.items() if isinstance(value, dict) else [("", value)]
                for key, array in kernels:
                    if isinstance(key, str) and EDGE_FAMILY.search(key):
                        named += 1
                        assert np.array_equal(array, solutions.EDGE_KERNELS[key]), (exercise.name, case.label, key)
                    array = np.asarray(array)
                    if array.ndim == 4:
                        slices = [array[:, :, c, k] for c in range(array.shape[2]) for k in range(array.shape[3])]
                    else:
                        slices = [array] if array.ndim == 2 else []
                    for one in slices:
                        for name, kernel in solutions.EDGE_KERNELS.items():
                            assert not (one.shape == kernel.shape and np.array_equal(one, -kernel)), \
                                (exercise.name, case.label, f"-{name}")
    if part == "part7_compare_fast":
        assert named >= 3, "filter_bank's cases name sobel_x, sobel_y and laplacian"


@pytest.mark.parametrize("part", MY_PARTS)
def test_no_text_gives_an_edge_kernel_the_other_orientation(part):
    text = " ".join(c.source for c in read(part).cells).lower()
    for axis, wrong in (("x", "vertical"), ("y", "horizontal")):
        for family in ("sobel", "scharr", "prewitt"):
            assert not re.search(rf"{family}[ _]{axis}\W{{0,3}}\(?{wrong}", text), (part, family, axis)
            assert not re.search(rf"{wrong} edges \({family}[ _]{axis}\)", text), (part, family, axis)


@pytest.mark.parametrize("part", ["part2_im_conv", "part5_channels", "part6_pooling", "part7_compare_fast"])
def test_the_conventions_picture_is_shown_where_a_direction_matters(part):
    nb = read(part)
    assert any("conventions_figure(indexing=False)" in c.source for c in nb.cells if c.cell_type == "code")
    first = read("part1_subimages")
    assert any("conventions_figure()" in c.source for c in first.cells if c.cell_type == "code")


def test_conventions_figure_shows_each_kernel_responding_along_its_own_axis():
    rng = np.random.default_rng(0)
    for shape, kernel_shape in [((5, 7), (3, 3)), ((6, 4), (2, 3))]:
        im, kernel = rng.normal(size=shape), rng.normal(size=kernel_shape)
        assert np.allclose(conventions.valid_correlation(im, kernel), solutions.im_conv(im, kernel))
    steps = conventions.step_images()
    assert np.all(np.diff(steps["x"], axis=0) >= 0) and np.all(np.diff(steps["x"], axis=1) == 0)
    assert np.all(np.diff(steps["y"], axis=1) >= 0) and np.all(np.diff(steps["y"], axis=0) == 0)
    responses = conventions.edge_responses()
    for axis, other in (("x", "y"), ("y", "x")):
        own = solutions.im_conv(steps[axis], solutions.EDGE_KERNELS[f"sobel_{axis}"])
        assert np.array_equal(responses[(axis, axis)], own) and own.max() > 0 and own.min() >= 0
        assert not responses[(other, axis)].any()


# --- Part 1: the modes, the slicing options, the trap -----------------------------------------

def test_output_modes_figure_has_one_position_per_output_pixel():
    for image_shape, kernel_shape in [((4, 5), (3, 3)), ((6, 3), (1, 1)), ((5, 7), (5, 3)), ((9, 8), (3, 5))]:
        for mode in diagrams.MODES:
            rows, cols = diagrams.kernel_positions(image_shape, kernel_shape, mode)
            assert (len(rows), len(cols)) == solutions.conv_output_shape(image_shape, kernel_shape, mode)
        rows, cols = diagrams.kernel_positions(image_shape, kernel_shape, "valid")
        assert rows[0] == cols[0] == 0 and rows[-1] + kernel_shape[0] == image_shape[0]


def test_the_five_options_figure_cuts_what_the_grader_calls_each_option():
    assert diagrams.SUBIMAGE_SLICES == SUBIMAGE_SLICES
    im = np.arange(35).reshape(5, 7)
    kernel = np.zeros((3, 2))
    for option in range(1, 6):
        cut = subimages_by_option(im, kernel, option)
        for (x, y), block in cut.items():
            assert np.array_equal(diagrams.subimage_option(im, x, y, kernel.shape, option)[1], block)


def test_option_5_passes_on_square_images_where_x_equals_y_and_fails_elsewhere():
    square, kernel = np.arange(25).reshape(5, 5), np.zeros((3, 3))
    right = solutions.get_subimages(square, kernel)
    swapped = subimages_by_option(square, kernel, 5)
    assert all(block.shape == (3, 3) for block in swapped.values()), "the right shape on a square image"
    assert all(np.array_equal(swapped[x, y], right[x, y]) == (x == y) for x, y in right)
    ramp = np.arange(20).reshape(4, 5)
    assert any(block.shape != (3, 3) for block in subimages_by_option(ramp, kernel, 5).values())
    text = flat(cell(read("part1_subimages"), "option5-trap"))
    assert "square" in text and "x == y" in text


def test_part1_does_not_give_subimage_option_away():
    """Outside the answer cell, the right slice appears only next to the four wrong ones."""
    def compact(text):
        return re.sub(r"\s|\bim\b|\bramp\b|\bsquare\b", "", text)
    options = [compact(s) for s in SUBIMAGE_SLICES.values()]
    nb = read("part1_subimages")
    shown = 0
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("solution"):
            continue
        text = compact(c.source)
        if options[1] in text or "[x:x+kh,y:y+kw]" in text:
            shown += 1
            assert all(option in text for option in options), f"cell {c.get('id')} shows option 2 alone"
    assert shown >= 2, "the options are listed and tried in the notebook"


# --- Part 5: the photo, the volume picture, the parameter counts ------------------------------

def test_part5_colour_claims_hold_on_the_photo():
    nb = read("part5_channels")
    text = flat(" ".join(c.source for c in nb.cells))
    assert "white saucer" not in text and "saucer rim" not in text
    spots_source = re.search(r"spots = (\{.*?\})", cell(nb, "86282dc9"), re.S).group(1)
    spots = ast.literal_eval(spots_source)
    coffee = photo("coffee", gray=False).astype(np.float64)
    patch = {name: coffee[x - 5:x + 6, y - 5:y + 6].reshape(-1, 3).mean(axis=0) for name, (x, y) in spots.items()}
    for name in ("cup", "saucer"):
        assert patch[name][0] > 3 * patch[name][1:].max(), f"the {name} is red"
    assert patch["rim of the cup"].min() > 200, "the rim of the cup is white"
    assert "the cup is a darker red than the saucer" in text and patch["cup"][0] < patch["saucer"][0] / 2
    assert patch["table"][0] > patch["table"][1] > patch["table"][2], "the table: brightest in red, darkest in blue"
    small = cv2.resize(coffee.astype(np.uint8), (96, 64), interpolation=cv2.INTER_AREA).astype(int)
    red_minus_green = small[:, :, 0] - small[:, :, 1]
    at = {name: red_minus_green[round(x * 64 / 400), round(y * 96 / 600)] for name, (x, y) in spots.items()}
    assert at["saucer"] > at["table"] > at["cup"] > at["rim of the cup"]   # the order the text gives
    assert (red_minus_green < 0).mean() < 0.01, "hardly any pixel is greener than it is red"


def test_part5_same_padding_lights_up_the_photos_border_in_the_edge_maps():
    """"The bright lines along the photo's border are Part 4's lesson again (compare the printed
    means)": the zeros of same padding make edges all round the photo."""
    text = flat(cell(read("part5_channels"), "954a7327"))
    assert "The bright lines along the photo's border are Part 4's lesson again" in text
    coffee = photo("coffee", gray=False)
    small = cv2.resize(coffee, (96, 64), interpolation=cv2.INTER_AREA)
    bank = np.stack([solutions.EDGE_KERNELS[name][:, :, None].repeat(3, axis=2) / 3
                     for name in ("sobel_y", "sobel_x")], axis=-1)
    edges = np.abs(solutions.conv_volume(small, bank, padding="same"))
    border = np.ones(edges.shape[:2], dtype=bool)
    border[1:-1, 1:-1] = False
    assert edges[border].mean() > 2 * edges[~border].mean()
    reflected = np.pad(small.astype(np.float64), ((1, 1), (1, 1), (0, 0)), mode="reflect")
    without_zeros = np.abs(solutions.conv_volume(reflected, bank))
    assert without_zeros[border].mean() < edges[border].mean() / 2   # the zeros, not the photo, make them


def test_volume_figure_sums_the_channel_maps_to_the_reference_feature_map():
    rng = np.random.default_rng(1)
    volume, filters, bias = rng.normal(size=(6, 7, 3)), rng.normal(size=(3, 2, 3, 2)), np.array([0.5, -1.0])
    reference = solutions.conv_volume(volume, filters, bias)
    for k in range(2):
        maps, feature_map = diagrams.volume_conv_parts(volume, filters, k, bias[k])
        assert len(maps) == 3
        assert np.allclose(feature_map, reference[:, :, k])
        assert np.allclose(sum(maps), reference[:, :, k] - bias[k])


def test_part5_lesson_volume_example_gives_the_stated_map():
    source = cell(read("part5_channels"), "74745e47")
    namespace = {"np": np, "print": lambda *args, **kwargs: None}
    exec(source, namespace)
    stated = flat(cell(read("part5_channels"), "22e602eb"))
    assert "the map is 30 exactly where the filter straddles it" in stated
    filters = namespace["red_edges"][:, :, :, None]
    assert np.array_equal(solutions.conv_volume(namespace["volume"], filters)[:, :, 0], [[0, 30, 30, 0]] * 4)


def test_part5_stated_parameter_counts_are_the_reference_counts():
    nb = read("part5_channels")
    table = cell(nb, "4eeb9a98")
    bold = [int(n) for n in re.findall(r"\*\*(\d+)\*\*", table)]
    assert bold == [solutions.count_conv_params(5, 5, 3, 8), solutions.count_conv_params(5, 5, 8, 16),
                    solutions.count_dense_params(5 * 5 * 16, 120), solutions.count_dense_params(120, 84),
                    solutions.count_dense_params(84, 10)]
    counting = flat(cell(nb, "23f4fc91"))
    assert "27 weights + 1 bias = 28" in counting and solutions.count_conv_params(3, 3, 3, 1) == 28
    assert "it would give 10 instead of 28" in counting and 3 * 3 + 1 == 10
    assert "the same 76 numbers" in flat(cell(nb, "06eb2a15")) and 5 * 5 * 3 + 1 == 76


# --- Part 6: the lesson's count and the by-hand pooling ---------------------------------------

def test_part6_stated_numbers_are_the_reference_numbers():
    nb = read("part6_pooling")
    text = flat(cell(nb, "35b80259"))
    assert "42 / 2 + 1 = **22**" in text and (45 - 3) // 2 + 1 == 22
    assert "= **12** positions" in text and (25 - 3) // 2 + 1 == 12
    assert "22 x 12 = **264**" in text and solutions.pooled_value_count(45, 25, 3, 2) == 264
    assert "3 x 264 = **792**" in text and solutions.pooled_value_count(45, 25, 3, 2, channels=3) == 792
    assert "it would give 22.5 rows" in text and (46 - 3) / 2 + 1 == 22.5
    assert solutions.pooled_value_count(46, 25, 3, 2) == 264
    by_hand = flat(cell(nb, "4fca4903"))
    example = np.array([[1, 3, 2, 1], [4, 2, 0, 1], [5, 6, 1, 2], [7, 8, 3, 4]])
    assert "its max is 2 and its mean is 4 / 4 = 1" in by_hand
    assert solutions.pool2d(example)[0, 1] == 2 and solutions.pool2d(example, mode="avg")[0, 1] == 1
    assert "On a 5x7 image with 2x2 windows and stride 2 the result is 2x3" in flat(cell(nb, "ad011b63"))
    assert solutions.pool2d(np.zeros((5, 7)), 2).shape == (2, 3)


def test_part6_a_pixel_moved_inside_its_window_keeps_the_max_pooled_map_and_one_moved_out_changes_it():
    text = flat(cell(read("part6_pooling"), "a2519f7b"))
    assert "A bright pixel moved by one pixel *inside its window* gives exactly the same max-pooled " \
           "map; moved into the next window, it changes the map" in text
    namespace = {"np": np}
    source = cell(read("part6_pooling"), "26150580")
    exec(source.split("fig, axes")[0], namespace)                  # the arrays, not the figure
    dot, moved_1, moved_2 = namespace["dot"], namespace["moved_1"], namespace["moved_2"]
    assert np.array_equal(solutions.pool2d(dot), solutions.pool2d(moved_1))
    assert not np.array_equal(solutions.pool2d(dot), solutions.pool2d(moved_2))
    assert dot[1, 2] == 9 and moved_1[1, 3] == 9 and moved_2[1, 4] == 9  # columns 2 and 3 share a window


# --- Part 7: the network and PyTorch's layouts ------------------------------------------------

def _part7_namespace(monkeypatch) -> dict:
    """The Part 7 cells that build the kernels and the network, run with the reference answers."""
    nb = read("part7_compare_fast")
    monkeypatch.chdir(NOTEBOOKS_DIR / "part7_compare_fast")
    from coursekit import load_photo
    namespace = {"np": np, "plt": None, "load_photo": load_photo, "print": lambda *args, **kwargs: None,
                 "im_conv_fast": solutions.im_conv_fast, "pooling_comparison": solutions.pooling_comparison}
    for cell_id in ("c049c89b", "cnn-code"):
        exec(cell(nb, cell_id), namespace)
    return namespace


def test_part7_network_is_the_reference_conv_relu_pool_conv_gap(monkeypatch):
    ns = _part7_namespace(monkeypatch)
    names = [name for name, _ in ns["steps"]]
    assert [n.split()[0] for n in names] == ["input", "conv", "ReLU", "max", "conv", "global"]
    rgb, layer1, relu1, pooled, layer2, gap = (value for _, value in ns["steps"])
    assert np.allclose(relu1, solutions.conv_layer(rgb, ns["filters1"], ns["bias1"]))
    assert np.allclose(layer1, solutions.conv_volume(rgb, ns["filters1"], ns["bias1"]))
    assert np.allclose(pooled, solutions.pool_volume(relu1, 2))
    assert np.allclose(layer2, solutions.conv_volume(pooled, ns["filters2"], ns["bias2"]))
    assert np.allclose(gap, solutions.global_avg_pool(layer2))
    assert gap.shape == (2,) and rgb.shape == (400, 400, 3)
    for k, name in enumerate(("sobel_x", "sobel_y", "laplacian")):
        for c in range(3):
            assert np.allclose(ns["filters1"][:, :, c, k] * 3, solutions.EDGE_KERNELS[name])


def test_part7_pytorch_layouts_give_the_reference_numbers(monkeypatch):
    source = cell(read("part7_compare_fast"), "pytorch-layouts-code")
    assert "transpose(2, 0, 1)[np.newaxis]" in source and "transpose(3, 2, 0, 1)" in source
    rng = np.random.default_rng(4)
    volume, filters, bias = rng.normal(size=(7, 9, 3)), rng.normal(size=(3, 2, 3, 4)), rng.normal(size=4)
    x_nchw = volume.transpose(2, 0, 1)[np.newaxis]
    w_kcij = filters.transpose(3, 2, 0, 1)
    assert x_nchw.shape == (1, 3, 7, 9) and w_kcij.shape == (4, 3, 3, 2)
    windows = np.lib.stride_tricks.sliding_window_view(x_nchw, (3, 2), axis=(2, 3))
    nchw = np.einsum("ncxyij,kcij->nkxy", windows, w_kcij) + bias[None, :, None, None]
    assert np.allclose(nchw[0].transpose(1, 2, 0), solutions.conv_volume(volume, filters, bias))


# --- How you are graded, and every statement's rules ------------------------------------------

def _bad_cases(name: str) -> list:
    return [case for case in get_exercise(name).cases(0) if "bad_arguments" in case.tags]


@pytest.mark.parametrize("part", MY_PARTS)
def test_each_part_opens_with_how_you_are_graded(part):
    nb = read(part)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Part")
    graded = nb.cells[1]
    assert graded.cell_type == "markdown" and graded.source.startswith("## How you are graded")
    text = flat(graded.source)
    for phrase in ("`numpy as np`", "`cv2`", "`math`", "on its own", "scores 0", "inside the answer cell",
                   "Inputs never change", "`float64`", "`ValueError`", "three groups",
                   "right values on valid inputs", "inputs unchanged", "rejected with `ValueError`"):
        assert phrase in text, f"{part}: the grading cell does not say {phrase!r}"
    rules = text.split("**Bad arguments raise `ValueError`**", 1)[1].split("**", 1)[0]
    for exercise in PARTS[part]:
        if exercise.kind == "constant":
            continue
        assert f"`{exercise.name}`" in rules, f"{part}: which arguments {exercise.name} refuses is not listed"
        if not _bad_cases(exercise.name):
            assert re.search(rf"`{exercise.name}`: none", rules), f"{part}: {exercise.name} refuses nothing"
        if exercise.speedup:
            assert "faster" in text and "160x140" in text


def _values(case) -> list:
    return list(case.args) + list(case.kwargs.values())


@pytest.mark.parametrize("name", [ex.name for part in MY_PARTS for ex in PARTS[part] if ex.kind == "function"])
def test_each_statement_names_the_rules_its_hidden_cases_apply(name):
    part = next(part for part in MY_PARTS if name in [ex.name for ex in PARTS[part]])
    exercise = get_exercise(name)
    statement = flat(statement_of(read(part), name))
    cases = exercise.cases(0)
    arrays = [v for case in cases for v in _values(case) if isinstance(v, np.ndarray)]
    if _bad_cases(name):
        assert "`ValueError`" in statement
    if exercise.float_result and arrays:
        assert "`float64`" in statement
    if arrays:
        assert re.search(r"[Mm]ust not change", statement), f"{name}: inputs must not change"
    if any(v.dtype == np.uint8 for v in arrays):
        assert "uint8" in statement or "any real dtype" in statement
    if any(np.issubdtype(v.dtype, np.number) and v.size and v.min() < 0 for v in arrays):
        assert "negative" in statement or "any real dtype" in statement
    valid = [case for case in cases if "bad_arguments" not in case.tags]
    if any(isinstance(v, (dict, list, tuple)) and len(v) == 0 for case in valid for v in _values(case)):
        assert "empty" in statement, f"{name}: an empty dict or list is a case"
    if any(not isinstance(v, (int, np.integer)) and isinstance(v, (float, np.floating))
           for case in _bad_cases(name) for v in _values(case)):
        assert "not an int" in statement
    if exercise.speedup:
        assert "faster" in statement
    if "kernel_1x1" in {tag for case in valid for tag in case.tags} and "kernel" in statement:
        assert "1x1" in statement
    images = [case.args[0] for case in valid if case.args and isinstance(case.args[0], np.ndarray)]
    if any(im.ndim >= 2 and min(im.shape[:2]) == 1 for im in images):
        assert re.search(r"single (row|pixel)|one pixel|`1 x", statement), f"{name}: one-pixel axes are cases"
    if not exercise.float_result and name.startswith(("count_", "pooled_")):
        assert "`int`" in statement
