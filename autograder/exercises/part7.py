"""Part 7 exercises: a fast im_conv, a filter bank, a pooling comparison.

im_conv_fast has one timed case: a mid-size image on which the loop `im_conv`
takes tens of milliseconds; the student's call must be `SPEEDUP` times faster
(see compare.outcome_problem). A mistake's `produce(case)` uses the reference.
"""
from __future__ import annotations

import cv2
import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import bad_image_kernel_cases, image_kernel_cases, random_image, tags_for

SPEEDUP = 5.0
# The timed case: big enough that the loop im_conv takes well over 0.05 s
# (about 21,000 windows), small enough for the hidden test to stay quick.
TIMED_IMAGE_SHAPE = (160, 140)
TIMED_KERNEL_SHAPE = (5, 5)


def _reference(name: str):
    import solutions  # the grader's process only (mistakes are computed there)
    return getattr(solutions, name)


# ---------------------------------------------------------------------------
# im_conv_fast


def _fast_cases(rng: np.random.Generator) -> list:
    cases = image_kernel_cases(rng, count=14, max_side=12)
    image = random_image(rng, (23, 31), "uint8")
    kernel = random_image(rng, (4, 6), "int")
    cases.append(Case((image, kernel), {}, "23x31 uint8 image, 4x6 integer kernel",
                      tags_for(image, kernel.shape)))
    image = random_image(rng, TIMED_IMAGE_SHAPE, "uint8")
    kernel = random_image(rng, TIMED_KERNEL_SHAPE)
    cases.append(Case((image, kernel), {},
                      f"{TIMED_IMAGE_SHAPE[0]}x{TIMED_IMAGE_SHAPE[1]} uint8 image, "
                      f"{TIMED_KERNEL_SHAPE[0]}x{TIMED_KERNEL_SHAPE[1]} kernel, timed: at least "
                      f"{SPEEDUP:g}x faster than the loop im_conv",
                      # no diagnosis tags: a failure here is about speed, not uint8 or shape
                      frozenset({"timed"}), timed=True))
    return cases + bad_image_kernel_cases(rng)


def _fast_variant(transform_kernel=None, transform_result=None):
    def produce(case: Case):
        im, kernel = case.args
        kernel = np.asarray(kernel, dtype=np.float64)
        if kernel.ndim != 2:
            raise ValueError("2-D kernels only")
        if transform_kernel:
            kernel = transform_kernel(kernel)
        result = _reference("im_conv_fast")(im, kernel)
        return transform_result(result) if transform_result else result
    return produce


def _same_size(case: Case):
    im, kernel = case.args
    if np.ndim(im) != 2 or np.ndim(kernel) != 2:
        raise ValueError("2-D only")
    return np.zeros(np.shape(im))  # only the shape is compared


def _one_short(result: np.ndarray) -> np.ndarray:
    if min(result.shape) < 2:
        raise ValueError("no smaller result")
    return result[:-1, :-1]


FLIPPED = Mistake(
    "flipped kernel",
    "you flipped the kernel (that is true convolution, im_convolve); im_conv is "
    "cross-correlation: kernel[i, j] multiplies im[x + i, y + j]",
    _fast_variant(transform_kernel=lambda k: k[::-1, ::-1]))

IM_CONV_FAST = Exercise(
    name="im_conv_fast",
    make_cases=_fast_cases,
    arg_names=("im", "kernel"),
    speedup=SPEEDUP,
    slow_reference="im_conv",
    given_loop="im_conv_loop",
    mistakes=(
        FLIPPED,
        Mistake("result transposed",
                "your result is the transpose of the right one: x indexes rows (axis 0) and y "
                "columns (axis 1); check the order of the axes you sum over or return",
                _fast_variant(transform_result=lambda r: r.T)),
        Mistake("kernel transposed (i and j swapped)",
                "kernel[i, j] goes with the shift of i rows and j columns: im[x + i, y + j]; "
                "you paired it with i columns and j rows",
                _fast_variant(transform_kernel=lambda k: k.T)),
        Mistake("same-size result (cv2.filter2D not cropped)",
                "cv2.filter2D returns an H x W (same-size) result with made-up borders; "
                "im_conv_fast returns the valid part only, (H - kh + 1) x (W - kw + 1)",
                _same_size, shape_only=True),
        Mistake("valid size off by one",
                "the shifted slices must be (H - kh + 1) x (W - kw + 1): the slice for shift i "
                "is im[i:i + H - kh + 1, ...]",
                _fast_variant(transform_result=_one_short)),
    ),
)


# ---------------------------------------------------------------------------
# filter_bank


def _bank_case(image: np.ndarray, kernels: dict, label: str) -> Case:
    tags = set()
    for kernel in kernels.values():
        tags |= tags_for(image, np.shape(kernel))
    if len(kernels) > 1:
        tags.add("several_kernels")
    return Case((image, kernels), {}, label, frozenset(tags))


def _bank_cases(rng: np.random.Generator) -> list:
    sobel_x = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.int64)  # along x, down the rows
    cases = [
        _bank_case(np.array([[10, 20, 30, 40], [10, 20, 30, 40], [20, 30, 40, 50], [20, 30, 40, 50]],
                            dtype=np.int64),
                   {"sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.int64),
                    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.int64)},
                   "the worked 4x4 example with the sharpen and the identity kernels"),
        _bank_case(random_image(rng, (12, 17), "uint8"),
                   {"box 3x3": np.ones((3, 3)) / 9, "sobel_x": sobel_x, "sobel_y": sobel_x.T,
                    "laplacian": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.int64)},
                   "12x17 uint8 image, four 3x3 kernels (box blur, Sobel x and y, Laplacian)"),
        _bank_case(random_image(rng, (9, 8)),
                   {"wide": random_image(rng, (2, 5)), "tall": random_image(rng, (4, 1)),
                    "one": random_image(rng, (1, 1)), "even": random_image(rng, (2, 2))},
                   "9x8 image, kernels of different sizes: 2x5, 4x1, 1x1, 2x2"),
        _bank_case(random_image(rng, (5, 6), "int"),
                   {"whole image": random_image(rng, (5, 6)), "diagonal": np.eye(3)},
                   "5x6 image with negative values, a kernel as large as the image and a 3x3 diagonal"),
        _bank_case(np.full((6, 7), 200, dtype=np.uint8), {"sum 3x3": np.ones((3, 3), dtype=np.int64)},
                   "6x7 uint8 image of 200s, one 3x3 kernel of ones (sums reach 1800)"),
        Case((random_image(rng, (4, 4)), {}), {}, "no kernels at all: an empty dict", frozenset()),
    ]
    for _ in range(6):
        h, w = (int(n) for n in rng.integers(2, 14, size=2))
        image = random_image(rng, (h, w), ("float", "uint8", "int")[int(rng.integers(3))])
        kernels = {}
        for k in range(int(rng.integers(1, 4))):
            shape = (int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1)))
            kernels[f"k{k}"] = random_image(rng, shape, ("float", "int")[int(rng.integers(2))])
        shapes = ", ".join("x".join(map(str, np.shape(v))) for v in kernels.values())
        cases.append(_bank_case(image, kernels, f"random {h}x{w} {image.dtype} image, kernels {shapes}"))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((random_image(rng, (6, 6)), [np.ones((3, 3))]), {}, "kernels given as a list, not a dict", bad),
        Case((random_image(rng, (6, 6, 3)), {"box": np.ones((3, 3))}), {}, "a 3-D image (6x6x3)", bad),
        Case((random_image(rng, (4, 5)), {"box": np.ones((3, 3)), "big": np.ones((5, 5))}), {},
             "a 5x5 kernel on a 4x5 image", bad),
        Case((random_image(rng, (6, 6)), {"flat": np.ones(3)}), {}, "a 1-D kernel", bad),
    ]
    return cases


def _bank_variant(per_kernel):
    def produce(case: Case):
        im, kernels = case.args
        if not isinstance(kernels, dict):
            raise ValueError("not a dict")
        return {name: per_kernel(im, np.asarray(kernel, dtype=np.float64)) for name, kernel in kernels.items()}
    return produce


def _filter2d_same(im, kernel):
    return cv2.filter2D(np.asarray(im, dtype=np.float64), cv2.CV_64F, kernel)


FILTER_BANK = Exercise(
    name="filter_bank",
    make_cases=_bank_cases,
    arg_names=("im", "kernels"),
    mistakes=(
        Mistake("same-size results (cv2.filter2D)",
                "cv2.filter2D gives same-size results (H x W) whose borders are made up by "
                "reflecting the image; the filter bank returns the valid-mode result of each "
                "kernel, (H - kh + 1) x (W - kw + 1): use im_conv_fast",
                _bank_variant(_filter2d_same)),
        Mistake("flipped kernels",
                "you flipped the kernels (true convolution); im_conv is cross-correlation, "
                "as cv2.filter2D and CNNs: apply each kernel as it is",
                _bank_variant(lambda im, k: _reference("im_conv_fast")(im, k[::-1, ::-1]))),
        Mistake("kernels transposed",
                "each kernel must be applied as it is: kernel[i, j] multiplies im[x + i, y + j]",
                _bank_variant(lambda im, k: _reference("im_conv_fast")(im, k.T))),
    ),
)


# ---------------------------------------------------------------------------
# pooling_comparison


def _comparison_case(image: np.ndarray, sizes, modes, label: str) -> Case:
    tags = set()
    if image.dtype == np.uint8:
        tags.add("uint8")
    if image.size and image.min() < 0:
        tags.add("negative")
    if image.ndim == 2 and image.shape[0] != image.shape[1]:
        tags.add("non_square")
    if any(image.shape[0] % s or image.shape[1] % s for s in sizes):
        tags.add("edge_dropped")
    return Case((image, sizes, modes), {}, label, frozenset(tags))


def _comparison_cases(rng: np.random.Generator) -> list:
    worked = np.array([[1, 3, 2, 1], [4, 2, 0, 1], [5, 6, 1, 2], [7, 8, 3, 4]], dtype=np.int64)
    cases = [
        _comparison_case(worked, [2], ["max", "avg"], "the 4x4 example, size 2, max and avg"),
        _comparison_case(random_image(rng, (12, 18), "uint8"), [2, 3, 4], ["max", "avg"],
                         "12x18 uint8 image, sizes [2, 3, 4], modes ['max', 'avg']"),
        _comparison_case(random_image(rng, (11, 7)), [2, 3], ["avg", "max"],
                         "11x7 image, sizes [2, 3] (windows that do not fit are dropped), modes ['avg', 'max']"),
        _comparison_case(random_image(rng, (9, 9), "int"), (1, 9), ("max",),
                         "9x9 image with negative values, sizes (1, 9) (1x1 and the whole image), mode ('max',)"),
        _comparison_case(-np.arange(1.0, 37.0).reshape(6, 6), [2, 3], ["max"],
                         "6x6 image of negative numbers only, sizes [2, 3], max"),
        _comparison_case(np.full((8, 6), 255, dtype=np.uint8), [2, 4], ["avg"],
                         "8x6 uint8 image of 255s, sizes [2, 4], avg (sums overflow uint8)"),
        _comparison_case(random_image(rng, (5, 10)), [5], ["max", "avg"], "5x10 image, size 5 (as tall as the image)"),
        _comparison_case(random_image(rng, (6, 6)), [], ["max"], "no sizes at all: an empty list"),
    ]
    for _ in range(5):
        h, w = (int(n) for n in rng.integers(2, 16, size=2))
        image = random_image(rng, (h, w), ("float", "uint8", "int")[int(rng.integers(3))])
        sizes = sorted({int(s) for s in rng.integers(1, min(h, w) + 1, size=int(rng.integers(1, 4)))})
        modes = [["max"], ["avg"], ["max", "avg"], ["avg", "max"]][int(rng.integers(4))]
        cases.append(_comparison_case(image, sizes, modes,
                                      f"random {h}x{w} {image.dtype} image, sizes {sizes}, modes {modes}"))
    bad = frozenset({"bad_arguments"})
    image = random_image(rng, (6, 6))
    cases += [
        Case((image, 2, ["max"]), {}, "sizes given as the number 2, not a list", bad),
        Case((image, [2], "max"), {}, "modes given as the string 'max', not a list", bad),
        Case((image, [2], ["median"]), {}, "an unknown mode 'median'", bad),
        Case((image, [0, 2], ["max"]), {}, "a size 0", bad),
        Case((image, [2, 7], ["avg"]), {}, "a size 7 on a 6x6 image", bad),
        Case((random_image(rng, (6, 6, 3)), [2], ["max"]), {}, "a 3-D image (6x6x3)", bad),
    ]
    return cases


def _comparison_variant(stride_one=False, keys_swapped=False, positions="fit"):
    def produce(case: Case):
        from autograder.exercises.part6 import pool_windows
        im, sizes, modes = case.args
        if not isinstance(sizes, (list, tuple)) or not isinstance(modes, (list, tuple)):
            raise ValueError("lists only")
        results = {}
        for mode in modes:
            for size in sizes:
                pooled = pool_windows(im, size, 1 if stride_one else size, mode, positions)
                results[(size, mode) if keys_swapped else (mode, size)] = pooled
        return results
    return produce


POOLING_COMPARISON = Exercise(
    name="pooling_comparison",
    make_cases=_comparison_cases,
    arg_names=("im", "sizes", "modes"),
    mistakes=(
        Mistake("keys swapped (size, mode)",
                "the keys are (mode, size) tuples, mode first: results['max', 2], not results[2, 'max']",
                _comparison_variant(keys_swapped=True)),
        Mistake("stride 1 instead of the window size",
                "the comparison pools with stride = size (windows side by side, as pool2d's default), "
                "not with overlapping windows that move one pixel at a time",
                _comparison_variant(stride_one=True)),
        Mistake("partial windows kept",
                "a window that does not fit at the bottom or right edge is dropped: H // size rows "
                "and W // size columns",
                _comparison_variant(positions="ceil")),
    ),
)

EXERCISES = [IM_CONV_FAST, FILTER_BANK, POOLING_COMPARISON]
