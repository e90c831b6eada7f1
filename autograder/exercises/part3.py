"""Part 3 exercises: named kernels, edge kernels, gradient magnitude, classifying and discovering kernels,
and one step of gradient descent on a kernel.

Everything here is plain numpy: the cases (the filtered images discover_kernel
must explain are computed by the sliding-window loop below) and the known
mistakes, so nothing needs the reference except the expected outcomes.
"""
from __future__ import annotations

import math

import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import random_image, tags_for

# The course's edge kernels (COURSE.md part 3; im[x, y] with x the row). The expected values
# come from solutions/, these only build the cases and the mistaken variants.
SOBEL_X = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64)
SOBEL_Y = SOBEL_X.T.copy()
PREWITT_X = np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]], dtype=np.float64)
SCHARR_X = np.array([[-3, -10, -3], [0, 0, 0], [3, 10, 3]], dtype=np.float64)
ROBERTS_X = np.array([[-1, 0], [0, 1]], dtype=np.float64)
ROBERTS_Y = np.array([[0, 1], [-1, 0]], dtype=np.float64)
LAPLACIAN = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64)
EDGE_PAIRS = (("sobel_x", "sobel_y"), ("scharr_x", "scharr_y"), ("prewitt_x", "prewitt_y"),
              ("roberts_x", "roberts_y"))
REQUIRED_EDGE_KEYS = ("sobel_x", "sobel_y", "scharr_x", "prewitt_x", "roberts_x", "laplacian")


def correlate(im, kernel) -> np.ndarray:
    """Valid-mode sum(window * kernel), the lesson's loop, in float64."""
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    kh, kw = kernel.shape
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def pascal_row(n: int) -> np.ndarray:
    """Row n - 1 of Pascal's triangle (n numbers)."""
    return np.array([math.comb(n - 1, k) for k in range(n)], dtype=np.float64)


def _centre_one(n: int, at: tuple) -> np.ndarray:
    kernel = np.zeros((n, n))
    kernel[at] = 1.0
    return kernel


def _n(case: Case) -> int:
    return case.args[0] if case.args else case.kwargs.get("n", 3)


def _size_cases(sizes: tuple, bad: tuple, default: bool) -> callable:
    """Cases n for a kernel constructor: valid sizes, the default call, bad n (ValueError)."""
    def make(rng: np.random.Generator) -> list:
        cases = [Case((n,), {}, f"n = {n}", frozenset({"even_kernel"} if n % 2 == 0 else set())
                      | ({"kernel_1x1"} if n == 1 else set())) for n in sizes]
        cases.append(Case((np.int64(3),), {}, "n = np.int64(3) (a numpy integer)"))
        if default:
            cases.append(Case((), {}, "the default call, no argument (n = 3)"))
        cases += [Case((n,), {}, f"n = {n!r}", frozenset({"bad_arguments"})) for n in bad]
        return cases
    return make


def _wrong_size(build) -> tuple:
    """Mistakes: the kernel one size too large, and n read as a radius."""
    return (
        Mistake("wrong size: (n + 1) x (n + 1)",
                "the kernel must be n x n (n is its side, not its side minus one)",
                lambda case: build(_n(case) + 1)),
        Mistake("wrong size: n read as a radius",
                "n is the side of the square kernel, not its radius: n = 3 gives a 3x3 "
                "kernel, not 7x7",
                lambda case: build(2 * _n(case) + 1)),
    )


# --- box blur, identity, sharpen, gaussian --------------------------------------------------

def _box(n: int) -> np.ndarray:
    return np.full((n, n), 1.0 / (n * n))


BOX_BLUR_KERNEL = Exercise(
    name="box_blur_kernel",
    make_cases=_size_cases((1, 2, 3, 4, 5, 6, 7, 9), (0, -3, 2.5), default=False),
    arg_names=("n",),
    mistakes=(
        Mistake("not normalised",
                "your weights are all 1, so they sum to n**2 and the result is n**2 times "
                "too bright; a box blur averages: divide by the number of weights, n * n",
                lambda case: np.ones((_n(case), _n(case)))),
        Mistake("divided by n instead of n * n",
                "an n x n kernel has n * n weights; for an average they are 1 / n**2 each "
                "(the 3x3 box blur is 1/9 everywhere, not 1/3)",
                lambda case: np.ones((_n(case), _n(case))) / _n(case)),
        *_wrong_size(_box),
    ),
)


def _identity_at(shift: int):
    def build(n: int) -> np.ndarray:
        return _centre_one(n, (n // 2 + shift, n // 2 + shift))
    return build


IDENTITY_KERNEL = Exercise(
    name="identity_kernel",
    make_cases=_size_cases((1, 3, 5, 7, 9), (0, 2, 4, -1), default=True),
    arg_names=("n",),
    mistakes=(
        Mistake("wrong centre: 1 at [0, 0]",
                "the 1 must sit at the centre, kernel[n // 2, n // 2]; a 1 in the corner "
                "makes the kernel copy the window's top-left pixel, which shifts the image "
                "by n // 2 pixels",
                lambda case: _centre_one(_n(case), (0, 0))),
        Mistake("wrong centre: one past the middle",
                "the centre of an n x n kernel (n odd) is at index n // 2 (1 for n = 3), "
                "counting from 0",
                lambda case: _identity_at(1)(_n(case))),
        Mistake("identity matrix instead of identity kernel",
                "np.eye(n) is the identity MATRIX (ones on the diagonal); as a kernel it adds "
                "up the window's diagonal. The identity KERNEL has a single 1, at the centre",
                lambda case: np.eye(_n(case))),
        *_wrong_size(_identity_at(0)),
    ),
)


def _sharpen_from(identity_at=(0,), blur_scale=1.0, identity_weight=2.0, blur_weight=-1.0):
    def build(n: int) -> np.ndarray:
        at = (n // 2, n // 2) if identity_at == (0,) else identity_at
        return identity_weight * _centre_one(n, at) + blur_weight * blur_scale * _box(n)
    return build


SHARPEN_KERNEL = Exercise(
    name="sharpen_kernel",
    make_cases=_size_cases((1, 3, 5, 7), (0, 2, 6, -3), default=True),
    arg_names=("n",),
    mistakes=(
        Mistake("identity + blur instead of 2 * identity - blur",
                "identity + blur adds a blurred copy to the image (its entries sum to 2: twice "
                "as bright, and blurrier). Sharpening ADDS THE DETAIL: identity + (identity - "
                "blur) = 2 * identity - blur, whose entries sum to 1",
                lambda case: _sharpen_from(identity_weight=1.0, blur_weight=1.0)(_n(case))),
        Mistake("identity - blur (the detail kernel)",
                "identity - blur keeps only the detail (it sums to 0: flat regions turn "
                "black); sharpening adds that detail back to the image: "
                "identity + (identity - blur) = 2 * identity - blur",
                lambda case: _sharpen_from(identity_weight=1.0)(_n(case))),
        Mistake("wrong centre: identity's 1 at [0, 0]",
                "the identity part must have its 1 at the centre, [n // 2, n // 2]",
                lambda case: _sharpen_from(identity_at=(0, 0))(_n(case))),
        Mistake("blur not normalised",
                "the blur part must be the box blur (weights 1 / n**2, summing to 1); with "
                "weights of 1 the kernel sums to 2 - n**2 instead of 1",
                lambda case: _sharpen_from(blur_scale=_n(case) ** 2)(_n(case))),
        Mistake("blur - 2 * identity (sign flipped)",
                "the signs are the wrong way round: your kernel is the negative of "
                "2 * identity - blur, so the image comes out inverted (sum -1)",
                lambda case: -_sharpen_from()(_n(case))),
        *_wrong_size(_sharpen_from()),
    ),
)


def _gauss(n: int) -> np.ndarray:
    kernel = np.outer(pascal_row(n), pascal_row(n))
    return kernel / kernel.sum()


GAUSSIAN_KERNEL = Exercise(
    name="gaussian_kernel",
    make_cases=_size_cases((1, 2, 3, 4, 5, 6, 7, 9), (0, -2, 3.5), default=False),
    arg_names=("n",),
    mistakes=(
        Mistake("not normalised",
                "the outer product of row n - 1 of Pascal's triangle with itself sums to "
                "4**(n - 1) (16 for n = 3, 256 for n = 5); divide by that sum so the weights "
                "sum to 1 and the image keeps its brightness",
                lambda case: np.outer(pascal_row(_n(case)), pascal_row(_n(case)))),
        Mistake("normalised by the row's sum only",
                "dividing by sum(row) = 2**(n - 1) is not enough: the kernel is an outer "
                "product, its sum is sum(row)**2; divide by kernel.sum()",
                lambda case: np.outer(pascal_row(_n(case)), pascal_row(_n(case))) / pascal_row(_n(case)).sum()),
        Mistake("wrong row of Pascal's triangle (row n, one too far)",
                "an n x n kernel needs n weights per row: row n - 1 of Pascal's triangle, the "
                "coefficients of (1 + t)**(n - 1) ([1, 2, 1] for n = 3; rows count from 0)",
                lambda case: _gauss(_n(case) + 1)),
        Mistake("wrong row of Pascal's triangle (row n - 2, one short)",
                "an n x n kernel needs n weights per row: row n - 1 of Pascal's triangle, "
                "math.comb(n - 1, k) for k in range(n)",
                lambda case: _gauss(_n(case) - 1)),
        Mistake("a 1-D row instead of the 2-D kernel",
                "the 2-D kernel is the outer product of the row with itself, "
                "np.outer(row, row), normalised",
                lambda case: pascal_row(_n(case)) / pascal_row(_n(case)).sum()),
        Mistake("box blur instead of binomial weights",
                "all your weights are equal: that is the box blur. The Gaussian weights come "
                "from Pascal's triangle, largest in the middle",
                lambda case: _box(_n(case))),
    ),
)


# --- EDGE_KERNELS ---------------------------------------------------------------------------

# Where each derivative kernel looks, for the feedback on a flipped sign.
EDGE_DIRECTIONS = {
    "sobel_x": "going down the rows (its negative weights in the top row)",
    "sobel_y": "going right (its negative weights in the left column)",
    "scharr_x": "going down the rows (its negative weights in the top row)",
    "scharr_y": "going right (its negative weights in the left column)",
    "prewitt_x": "going down the rows (its negative weights in the top row)",
    "prewitt_y": "going right (its negative weights in the left column)",
    "roberts_x": "towards down-right (-1 at the top-left, +1 at the bottom-right)",
    "roberts_y": "towards up-right (-1 at the bottom-left, +1 at the top-right)",
}


def edge_table() -> dict:
    """The full table (nine kernels), built here for the mistaken variants."""
    table = {"sobel_x": SOBEL_X, "sobel_y": SOBEL_Y, "scharr_x": SCHARR_X, "scharr_y": SCHARR_X.T.copy(),
             "prewitt_x": PREWITT_X, "prewitt_y": PREWITT_X.T.copy(), "roberts_x": ROBERTS_X,
             "roberts_y": ROBERTS_Y, "laplacian": LAPLACIAN}
    return {k: v.copy() for k, v in table.items()}


def _edge_variant(change):
    def produce(case: Case) -> dict:
        table = edge_table()
        change(table)
        return table
    return produce


def _swap(*pairs):
    def change(table):
        for a, b in pairs:
            table[a], table[b] = table[b], table[a]
    return change


def _negate(*keys):
    def change(table):
        for key in keys:
            table[key] = -table[key]
    return change


def _edge_kernels_compare(expected, got, exercise, path="the result"):
    """The required keys must be there; every key of the course's table that is given must be right.

    Extra keys the course does not name are the student's own and are not graded.
    """
    from autograder.exercises.compare import values_differ
    if not isinstance(expected, dict) or not isinstance(got, dict):
        return values_differ(expected, got, exercise, path)
    missing = [key for key in REQUIRED_EDGE_KEYS if key not in got]
    if missing:
        return (f"is missing keys {missing}: it needs at least "
                f"{', '.join(REQUIRED_EDGE_KEYS)}")
    for key in expected:
        if key in got:
            problem = values_differ(expected[key], got[key], exercise, f"entry {key!r}")
            if problem:
                return problem
    return None


def _edge_cases(rng: np.random.Generator) -> list:
    return [Case(label="the value of EDGE_KERNELS")]


EDGE_KERNELS = Exercise(
    name="EDGE_KERNELS",
    kind="constant",
    make_cases=_edge_cases,
    float_result=False,
    compare=_edge_kernels_compare,
    mistakes=(
        Mistake("sobel_x and sobel_y swapped",
                "in this course x is the row (axis 0, down) and y the column: sobel_x "
                "measures the change going DOWN the rows, [[-1, -2, -1], [0, 0, 0], "
                "[1, 2, 1]], so it lights up horizontal edges; sobel_y is its transpose",
                _edge_variant(_swap(("sobel_x", "sobel_y")))),
        Mistake("x and y swapped everywhere (OpenCV's naming)",
                "OpenCV's dx is along the columns; in this course x is the row (axis 0): a "
                "'_x' kernel changes along x, going down, e.g. sobel_x = [[-1, -2, -1], "
                "[0, 0, 0], [1, 2, 1]]. Swap every _x / _y pair",
                _edge_variant(_swap(*EDGE_PAIRS))),
        Mistake("sign flipped on the derivative kernels",
                "each derivative kernel must be positive where the image gets brighter in its "
                "direction: it subtracts the pixels behind and adds those ahead. So the _x "
                "kernels have their negative weights in the top row, the _y kernels in the left "
                "column, roberts_x at the top-left (towards down-right) and roberts_y at the "
                "bottom-left (towards up-right); e.g. sobel_x = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]",
                _edge_variant(_negate(*[k for pair in EDGE_PAIRS for k in pair]))),
        *(Mistake(f"{key} sign flipped",
                  f"{key} has the right numbers with the wrong sign: it must be positive where "
                  f"the image gets brighter {EDGE_DIRECTIONS[key]}, so {key} = "
                  f"{edge_table()[key].astype(int).tolist()}",
                  _edge_variant(_negate(key)))
          for pair in EDGE_PAIRS for key in pair),
        Mistake("laplacian sign flipped",
                "the course's Laplacian-style kernel has 8 in the centre and -1 around it "
                "(a bright spot gives a positive result)",
                _edge_variant(_negate("laplacian"))),
        Mistake("roberts_x and roberts_y swapped",
                "roberts_x = [[-1, 0], [0, 1]] is im[x + 1, y + 1] - im[x, y] (brighter "
                "towards down-right); roberts_y = [[0, 1], [-1, 0]] is im[x, y + 1] - "
                "im[x + 1, y] (brighter towards up-right)",
                _edge_variant(_swap(("roberts_x", "roberts_y")))),
        Mistake("laplacian with 4 neighbours",
                "the course's Laplacian-style kernel uses all 8 neighbours: 8 in the centre "
                "and -1 in every other cell (the 4-neighbour version has 4 in the centre)",
                _edge_variant(lambda t: t.update(laplacian=np.array(
                    [[0, -1, 0], [-1, 4, -1], [0, -1, 0]], dtype=np.float64)))),
    ),
)


# --- gradient_magnitude ---------------------------------------------------------------------

def _gradient_cases(rng: np.random.Generator) -> list:
    step_down = np.zeros((6, 7), dtype=np.uint8)
    step_down[3:, :] = 200
    step_right = np.zeros((5, 8), dtype=np.int64)
    step_right[:, 4:] = 10
    ramp = np.add.outer(np.arange(6) * 2.0, np.arange(5) * 3.0)
    images = [
        (step_down, "a 6x7 uint8 horizontal edge: rows 3 and below are 200, the rest 0"),
        (step_right, "a 5x8 vertical edge: columns 4 and right are 10, the rest 0"),
        (ramp, "a 6x5 ramp im[x, y] = 2x + 3y"),
        (np.full((3, 3), 7.0), "a flat 3x3 image of 7s"),
        (random_image(rng, (3, 3)), "a random 3x3 image (a 1x1 result)"),
    ]
    for kind in ("float", "uint8", "int", "float", "uint8", "int"):
        h, w = (int(n) for n in rng.integers(3, 11, size=2))
        image = random_image(rng, (h, w), kind)
        images.append((image, f"random {h}x{w} {image.dtype} image"))
    cases = [Case((image,), {}, label, tags_for(image, (3, 3)) - {"kernel_as_image"})
             for image, label in images]
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((random_image(rng, (5, 5, 3)),), {}, "a 3-D image (5x5x3)", bad),
        Case((random_image(rng, (2, 6)),), {}, "a 2x6 image (smaller than the 3x3 Sobel kernel)", bad),
        Case((np.ones(9),), {}, "a 1-D image", bad),
    ]
    return cases


def _gradients(case: Case) -> tuple:
    return correlate(case.args[0], SOBEL_X), correlate(case.args[0], SOBEL_Y)


GRADIENT_MAGNITUDE = Exercise(
    name="gradient_magnitude",
    make_cases=_gradient_cases,
    arg_names=("im",),
    mistakes=(
        Mistake("only one direction (sobel_x)",
                "your result is |gx| alone: it sees horizontal edges but misses vertical ones. "
                "The magnitude combines both directions: sqrt(gx**2 + gy**2)",
                lambda case: np.abs(_gradients(case)[0])),
        Mistake("only one direction (sobel_y)",
                "your result is |gy| alone: it sees vertical edges but misses horizontal ones. "
                "The magnitude combines both directions: sqrt(gx**2 + gy**2)",
                lambda case: np.abs(_gradients(case)[1])),
        Mistake("only one direction (sobel_x, signed)",
                "your result is gx alone, with its sign; the magnitude is "
                "sqrt(gx**2 + gy**2), never negative",
                lambda case: _gradients(case)[0]),
        Mistake("only one direction (sobel_y, signed)",
                "your result is gy alone, with its sign; the magnitude is "
                "sqrt(gx**2 + gy**2), never negative",
                lambda case: _gradients(case)[1]),
        Mistake("sum of absolute values instead of sqrt",
                "|gx| + |gy| is a cheaper cousin of the magnitude (larger on diagonal edges); "
                "the exercise asks for the length of the gradient vector, sqrt(gx**2 + gy**2)",
                lambda case: np.abs(_gradients(case)[0]) + np.abs(_gradients(case)[1])),
        Mistake("squared magnitude (no sqrt)",
                "gx**2 + gy**2 is the squared length; take its square root, np.sqrt(...)",
                lambda case: _gradients(case)[0] ** 2 + _gradients(case)[1] ** 2),
        Mistake("gx + gy",
                "adding the signed gradients lets them cancel; the magnitude is "
                "sqrt(gx**2 + gy**2)",
                lambda case: _gradients(case)[0] + _gradients(case)[1]),
        Mistake("Prewitt kernels instead of Sobel",
                "use the Sobel kernels, EDGE_KERNELS['sobel_x'] and ['sobel_y'] (weights 1, 2, "
                "1), not Prewitt's (1, 1, 1)",
                lambda case: np.sqrt(correlate(case.args[0], PREWITT_X) ** 2
                                     + correlate(case.args[0], PREWITT_X.T) ** 2)),
        Mistake("same mode instead of valid",
                "your result has the image's size; gradient_magnitude is valid mode, "
                "(H - 2) x (W - 2), like im_conv with a 3x3 kernel",
                lambda case: np.zeros(np.shape(case.args[0])), shape_only=True),
    ),
)


# --- classify_kernel ------------------------------------------------------------------------

def _classify(kernel, order=("identity", "edge", "blur", "sharpen")) -> str:
    """The rules of the exercise, in a given order (to produce mistakes that reorder them)."""
    kernel = np.asarray(kernel, dtype=np.float64)
    kh, kw = kernel.shape
    centre, total = kernel[kh // 2, kw // 2], kernel.sum()
    tol = 1e-9 * np.abs(kernel).sum()
    ones = abs(total - 1.0) <= tol
    nonzero = np.count_nonzero(kernel)
    rules = {
        "identity": nonzero == 1 and abs(centre - 1.0) <= tol,
        "edge": nonzero > 0 and abs(total) <= tol,
        "blur": ones and bool(np.all(kernel >= 0)) and nonzero >= 2,
        "sharpen": ones and bool(np.any(kernel < 0)) and centre > 0,
    }
    for name in order:
        if rules[name]:
            return name
    raise ValueError("no class")


def _classify_cases(rng: np.random.Generator) -> list:
    named = {
        "identity 3x3": _centre_one(3, (1, 1)), "identity 5x5": _centre_one(5, (2, 2)),
        "1x1 kernel [[1]]": np.ones((1, 1)),
        "box blur 3x3": _box(3), "box blur 5x5": _box(5), "box blur 2x2": _box(2),
        "Gaussian 3x3 ([1, 2, 1] outer product / 16)": _gauss(3), "Gaussian 5x5": _gauss(5),
        "Gaussian 4x4": _gauss(4),
        "sharpen 3x3 (2 * identity - box blur)": 2 * _centre_one(3, (1, 1)) - _box(3),
        "sharpen 5x5": 2 * _centre_one(5, (2, 2)) - _box(5),
        "the lesson's sharpen [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]":
            np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.int64),
        "detail 3x3 (identity - box blur)": _centre_one(3, (1, 1)) - _box(3),
        "laplacian (8 in the centre), int": LAPLACIAN.astype(np.int64),
        **{name: kernel for name, kernel in edge_table().items()},
    }
    cases = [Case((kernel,), {}, label, frozenset({"even_kernel"}) if kernel.shape[0] % 2 == 0 else frozenset())
             for label, kernel in named.items()]
    # Random scaled variants: an edge kernel times a factor, random blurs, sharpens of random strength.
    for _ in range(3):
        scale = float(rng.uniform(0.2, 5.0))
        key = ("sobel_x", "scharr_y", "laplacian", "prewitt_y")[int(rng.integers(4))]
        cases.append(Case((scale * edge_table()[key],), {}, f"{key} times {scale:.3f}"))
        weights = rng.uniform(0.1, 1.0, size=(3, 3))
        cases.append(Case((weights / weights.sum(),), {}, "random positive 3x3 weights summing to 1"))
        strength = float(rng.uniform(0.3, 3.0))
        cases.append(Case(((1 + strength) * _centre_one(3, (1, 1)) - strength * _gauss(3),), {},
                          f"sharpen of strength {strength:.3f}: {1 + strength:.3f} * identity - "
                          f"{strength:.3f} * Gaussian 3x3"))
        zero_sum = rng.normal(size=(3, 3))
        cases.append(Case((zero_sum - zero_sum.mean(),), {}, "random 3x3 kernel with entries summing to 0"))
    weights = rng.uniform(0.1, 1.0, size=(2, 3))
    cases.append(Case((weights / weights.sum(),), {}, "random positive 2x3 weights summing to 1",
                      frozenset({"non_square", "even_kernel"})))
    bad = frozenset({"bad_arguments"})
    shift = np.zeros((3, 3))
    shift[1, 2] = 1.0
    cases += [
        Case((np.zeros((3, 3)),), {}, "an all-zero 3x3 kernel (fits no class)", bad),
        Case((np.ones((3, 3)),), {}, "a box blur that is not normalised, np.ones((3, 3)) (sums to 9)", bad),
        Case((shift,), {}, "a single 1 right of the centre (a shift, not the identity)", bad),
        Case((np.ones(3) / 3,), {}, "a 1-D kernel", bad),
        Case((np.array([[0.0, np.nan], [1.0, 0.0]]),), {}, "a kernel with a nan", bad),
    ]
    return cases


def _reclassify(rule):
    def produce(case: Case) -> str:
        return rule(np.asarray(case.args[0], dtype=np.float64), _classify(case.args[0]))
    return produce


CLASSIFY_KERNEL = Exercise(
    name="classify_kernel",
    make_cases=_classify_cases,
    float_result=False,
    arg_names=("kernel",),
    mistakes=(
        Mistake("sharpen called blur",
                "a sharpen kernel sums to 1 like a blur, but it has negative weights: a blur is "
                "a weighted average, every weight >= 0; check the signs, not only the sum",
                _reclassify(lambda k, right: "blur" if right == "sharpen" else right)),
        Mistake("edge kernels with a positive centre called sharpen",
                "the Laplacian (and identity - blur) has a positive centre and negative "
                "neighbours like a sharpen kernel, but its weights sum to 0: a flat region "
                "gives 0 and only changes show, so it is an edge kernel. Test the sum before "
                "the centre",
                _reclassify(lambda k, right: "sharpen" if right == "edge"
                            and k[k.shape[0] // 2, k.shape[1] // 2] > 0 else right)),
        Mistake("sharpen called edge",
                "a sharpen kernel has negative weights like an edge kernel, but it sums to 1: "
                "it keeps the image and adds the detail. Only a sum of 0 makes an edge kernel",
                _reclassify(lambda k, right: "edge" if right == "sharpen" else right)),
        Mistake("identity called blur",
                "a single 1 at the centre sums to 1 with no negative weights, like a blur, but "
                "it averages nothing: test for the identity first",
                _reclassify(lambda k, right: "blur" if right == "identity" else right)),
        Mistake("blur called sharpen",
                "a blur has only weights >= 0 that sum to 1",
                _reclassify(lambda k, right: "sharpen" if right == "blur" else right)),
    ),
)


# --- discover_kernel ------------------------------------------------------------------------

def _discover_case(image: np.ndarray, kernel: np.ndarray, label: str) -> Case:
    filtered = correlate(image, kernel)
    tags = tags_for(image, kernel.shape) - {"kernel_as_image"}
    return Case((image, filtered, tuple(int(n) for n in kernel.shape)), {}, label, tags)


def _discover_cases(rng: np.random.Generator) -> list:
    cases = [
        _discover_case(random_image(rng, (8, 8), "uint8"), SOBEL_X,
                       "an 8x8 uint8 image filtered with sobel_x"),
        _discover_case(random_image(rng, (7, 9)), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                       "a 7x9 image filtered with [[1, 2, 3], [4, 5, 6]]"),
        _discover_case(random_image(rng, (6, 6)), np.array([[2.5]]), "a 6x6 image, 1x1 kernel [[2.5]]"),
        _discover_case(random_image(rng, (9, 7), "int"), _gauss(3), "a 9x7 image with negative values, "
                                                                     "Gaussian 3x3"),
        _discover_case(random_image(rng, (10, 10)), 2 * _centre_one(3, (1, 1)) - _box(3),
                       "a 10x10 image, sharpen 3x3"),
        _discover_case(random_image(rng, (12, 11), "uint8"), ROBERTS_Y, "a 12x11 uint8 image, roberts_y"),
    ]
    for _ in range(8):
        kh, kw = (int(n) for n in rng.integers(1, 5, size=2))
        h = int(rng.integers(kh + 4, kh + 10))
        w = int(rng.integers(kw + 4, kw + 10))
        image = random_image(rng, (h, w), ("float", "uint8", "int")[int(rng.integers(3))])
        kernel = random_image(rng, (kh, kw), ("float", "int")[int(rng.integers(2))])
        cases.append(_discover_case(image, kernel, f"random {h}x{w} {image.dtype} image, "
                                                   f"random {kh}x{kw} kernel"))
    bad = frozenset({"bad_arguments"})
    im = random_image(rng, (6, 6))
    cases += [
        Case((im, np.zeros((3, 3)), (3, 3)), {}, "filtered 3x3 where a 3x3 kernel on a 6x6 image gives 4x4", bad),
        Case((random_image(rng, (6, 6, 3)), np.zeros((4, 4)), (3, 3)), {}, "a 3-D image (6x6x3)", bad),
        Case((im, np.zeros((1, 1)), (7, 7)), {}, "kernel_shape (7, 7) on a 6x6 image", bad),
        Case((im, np.zeros((6, 4)), (0, 3)), {}, "kernel_shape (0, 3)", bad),
    ]
    return cases


def _true_kernel(case: Case) -> np.ndarray:
    """The kernel that made the case's filtered image, recovered exactly by least squares."""
    im, filtered, (kh, kw) = case.args
    im = np.asarray(im, dtype=np.float64)
    out_h, out_w = np.shape(filtered)
    windows = np.array([im[x:x + kh, y:y + kw].ravel() for x in range(out_h) for y in range(out_w)])
    return np.linalg.lstsq(windows, np.ravel(filtered), rcond=None)[0].reshape(kh, kw)


def _windows_column_order(case: Case) -> np.ndarray:
    im, filtered, (kh, kw) = case.args
    im = np.asarray(im, dtype=np.float64)
    out_h, out_w = np.shape(filtered)
    windows = np.array([im[x:x + kh, y:y + kw].ravel() for y in range(out_w) for x in range(out_h)])
    return np.linalg.lstsq(windows, np.ravel(filtered), rcond=None)[0].reshape(kh, kw)


DISCOVER_KERNEL = Exercise(
    name="discover_kernel",
    make_cases=_discover_cases,
    arg_names=("im", "filtered", "kernel_shape"),
    atol=1e-6,
    rtol=1e-6,
    mistakes=(
        Mistake("flipped result",
                "your kernel is flipped up-down and left-right: filtered was made by im_conv "
                "(cross-correlation, no flip), so window pixel [i, j] pairs with kernel[i, j]; "
                "flatten the windows and reshape the weights the same way",
                lambda case: _true_kernel(case)[::-1, ::-1]),
        Mistake("result transposed",
                "your kernel is transposed: each window is flattened row by row (ravel), so "
                "reshape the weights to (kh, kw), not (kw, kh) and then .T",
                lambda case: _true_kernel(case).T),
        Mistake("windows and filtered values out of order",
                "row k of your least-squares matrix must be the window of output pixel k of "
                "filtered.ravel(), which runs along each row first (x outer loop, y inner "
                "loop); yours runs down the columns first",
                _windows_column_order),
        Mistake("result not reshaped",
                "np.linalg.lstsq returns kh * kw weights in a flat vector; reshape them to "
                "kernel_shape",
                lambda case: _true_kernel(case).ravel()),
    ),
)



# --- gradient_step --------------------------------------------------------------------------

def _step_case(kernel: np.ndarray, image: np.ndarray, filtered: np.ndarray, lr, label: str = "") -> Case:
    tags = set(tags_for(image, kernel.shape))
    label = label or (f"random {image.shape[0]}x{image.shape[1]} {image.dtype} image, "
                      f"{kernel.shape[0]}x{kernel.shape[1]} {kernel.dtype} kernel, lr={lr!r}")
    return Case((kernel, image, filtered, lr), {}, label, frozenset(tags))


def _step_cases(rng: np.random.Generator) -> list:
    worked = np.array([[10, 20, 30, 40], [10, 20, 30, 40], [20, 30, 40, 50], [20, 30, 40, 50]],
                      dtype=np.int64)
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.int64)
    cases = [
        _step_case(np.zeros((1, 1)), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[2.0, 4.0], [6.0, 8.0]]),
                   0.01, "a 1x1 kernel [[0]], im [[1, 2], [3, 4]], filtered = 2 * im, lr=0.01 "
                         "(the gradient is -30, the new kernel [[0.3]])"),
        _step_case(sharpen, worked, correlate(worked, sharpen), 0.001,
                   "the worked 4x4 example at its own sharpen kernel (int64): the gradient is 0, the "
                   "kernel stays"),
        _step_case(np.zeros((3, 3)), worked, correlate(worked, sharpen), 1e-5,
                   "the worked 4x4 example from a kernel of zeros, lr=1e-5"),
    ]
    kinds = ("float", "uint8", "int")
    for i in range(14):
        kh, kw = (int(n) for n in rng.integers(1, 5, size=2))
        h, w = kh + int(rng.integers(0, 7)), kw + int(rng.integers(0, 7))
        image = random_image(rng, (h, w), kinds[i % 3])
        truth = random_image(rng, (kh, kw), ("float", "int")[int(rng.integers(2))])
        target = correlate(image, truth) + rng.normal(0, 1, size=(h - kh + 1, w - kw + 1))
        kernel = random_image(rng, (kh, kw), ("float", "int")[int(rng.integers(2))])
        scale = float(np.mean(np.asarray(image, dtype=np.float64) ** 2)) * kh * kw
        lr = float(f"{0.5 / scale:.3g}")   # a step of a sensible size, readable in the label
        cases.append(_step_case(kernel, image, target, lr))
    cases += [
        _step_case(random_image(rng, (5, 5)), random_image(rng, (5, 5)), np.array([[3.0]]), 0.001,
                   "a 5x5 kernel as large as the 5x5 image (a 1x1 result)"),
        _step_case(random_image(rng, (2, 3)), random_image(rng, (7, 6), "uint8"),
                   random_image(rng, (6, 4), "uint8"), np.float64(1e-6),
                   "a 7x6 uint8 image, a uint8 target, lr=np.float64(1e-6)"),
        _step_case(random_image(rng, (2, 2), "int"), random_image(rng, (4, 5), "int"),
                   random_image(rng, (3, 4), "int"), 1, "an int kernel, image and target, lr=1 (an int)"),
    ]
    im = random_image(rng, (6, 6))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((np.ones((3, 3)), im, np.zeros((3, 3)), 0.1), {},
             "filtered 3x3 where a 3x3 kernel on a 6x6 image gives 4x4", bad),
        Case((np.ones((3, 3)), random_image(rng, (6, 6, 3)), np.zeros((4, 4)), 0.1), {},
             "a 3-D image (6x6x3)", bad),
        Case((np.ones(3), im, np.zeros((6, 4)), 0.1), {}, "a 1-D kernel", bad),
        Case((np.ones((7, 7)), im, np.zeros((1, 1)), 0.1), {}, "a 7x7 kernel on a 6x6 image", bad),
        Case((np.ones((3, 3)), im, np.zeros(16), 0.1), {}, "a 1-D filtered", bad),
        Case((np.ones((3, 3)), im, np.zeros((4, 4)), 0), {}, "lr=0 (no step)", bad),
        Case((np.ones((3, 3)), im, np.zeros((4, 4)), -0.1), {}, "lr=-0.1 (a step uphill)", bad),
        Case((np.ones((3, 3)), im, np.zeros((4, 4)), float("inf")), {}, "lr=inf", bad),
    ]
    return cases


def _step_parts(case: Case) -> tuple:
    """The case's kernel (float64), learning rate, and the right gradient of the mean squared error."""
    if "bad_arguments" in case.tags:
        raise ValueError("a mistake concerns the result of valid arguments")
    kernel, image, filtered, lr = case.args
    kernel = np.asarray(kernel, dtype=np.float64)
    residual = correlate(image, kernel) - np.asarray(filtered, dtype=np.float64)
    return kernel, lr, 2 / residual.size * correlate(image, residual)


def _step_with(change):
    """What a step gives when the gradient is changed by `change(gradient, case)`."""
    def produce(case: Case) -> np.ndarray:
        kernel, lr, gradient = _step_parts(case)
        return kernel - lr * change(gradient, case)
    return produce


def _outputs(case: Case) -> int:
    return int(np.size(case.args[2]))


GRADIENT_STEP = Exercise(
    name="gradient_step",
    make_cases=_step_cases,
    arg_names=("kernel", "im", "filtered", "lr"),
    atol=1e-6,
    rtol=1e-6,
    mistakes=(
        Mistake("step uphill (sign flipped)",
                "your step goes uphill: the gradient points towards a LARGER error, so "
                "gradient descent subtracts it, new kernel = kernel - lr * gradient (check "
                "also the residual's order: im_conv(im, kernel) - filtered)",
                _step_with(lambda g, case: -g)),
        Mistake("sum instead of mean",
                "the loss is the MEAN of the squared residual over the N output pixels, so its "
                "gradient is divided by N = filtered.size; yours is N times too large (the "
                "gradient of the sum)",
                _step_with(lambda g, case: g * _outputs(case))),
        Mistake("missing factor 2",
                "the derivative of r**2 is 2 * r: your gradient is half the right one",
                _step_with(lambda g, case: g / 2)),
        Mistake("gradient flipped (true convolution's formula)",
                "your gradient is flipped up-down and left-right: im_conv is cross-correlation, "
                "so weight kernel[i, j] meets pixel im[x + i, y + j] in output (x, y), not "
                "im[x + kh - 1 - i, y + kw - 1 - j] as in a true (flipped) convolution",
                _step_with(lambda g, case: g[::-1, ::-1])),
        Mistake("gradient returned instead of the new kernel",
                "return the new kernel, kernel - lr * gradient, not the gradient itself",
                lambda case: _step_parts(case)[2]),
        Mistake("learning rate ignored",
                "multiply the gradient by the learning rate lr before you subtract it",
                _step_with(lambda g, case: g / case.args[3])),
    ),
)

EXERCISES = [BOX_BLUR_KERNEL, IDENTITY_KERNEL, SHARPEN_KERNEL, GAUSSIAN_KERNEL, EDGE_KERNELS,
             GRADIENT_MAGNITUDE, CLASSIFY_KERNEL, DISCOVER_KERNEL, GRADIENT_STEP]
