"""Part 1 exercises: output shapes, the right subimage slice, all subimages."""
from __future__ import annotations

import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import bad_image_kernel_cases, image_kernel_cases, random_image

SUBIMAGE_SLICES = {
    1: "im[x-1:x+kh-1, y-1:y+kw-1]",
    2: "im[x:x+kh, y:y+kw]",
    3: "im[x:x+kh+1, y:y+kw+1]",
    4: "im[x+1:x+kh+1, y+1:y+kw+1]",
    5: "im[y:y+kw, x:x+kh]",
}

WHY_OPTION_IS_WRONG = {
    1: "starts one pixel before (x, y): at x = 0 the slice starts at -1, which numpy "
       "reads as the last row, so the first windows come out empty",
    3: "takes one row and one column too many: the window is (kh+1) x (kw+1), not the kernel's size",
    4: "starts one pixel after (x, y): it skips the first row and column and runs off the "
       "far edge of the image",
    5: "swaps x and y: x is the row (axis 0), so it goes first and pairs with the kernel's "
       "height kh",
}


def _shape_cases(rng: np.random.Generator) -> list:
    cases = []
    fixed = [((4, 4), (3, 3)), ((5, 7), (2, 3)), ((6, 3), (6, 3)), ((9, 2), (1, 1)), ((3, 8), (2, 5))]
    for _ in range(10):
        h, w = (int(n) for n in rng.integers(1, 40, size=2))
        fixed.append(((h, w), (int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1)))))
    for image_shape, kernel_shape in fixed:
        tags = frozenset({"non_square"}) if (image_shape[0] != image_shape[1]
                                             or kernel_shape[0] != kernel_shape[1]) else frozenset()
        if any(k % 2 == 0 for k in kernel_shape):
            tags |= {"even_kernel"}
        for mode in ("full", "same", "valid"):
            cases.append(Case((image_shape, kernel_shape), {"mode": mode},
                              f"{image_shape} image, {kernel_shape} kernel, mode={mode!r}",
                              tags | {mode}))
    cases.append(Case(((5, 6), (3, 3)), {}, "(5, 6) image, (3, 3) kernel, default mode", frozenset({"valid"})))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case(((5, 5), (3, 3)), {"mode": "middle"}, "an unknown mode 'middle'", bad),
        Case(((4, 4), (5, 5)), {"mode": "valid"}, "valid mode with a 5x5 kernel on a 4x4 image", bad),
        Case(((4, 6), (2, 7)), {"mode": "valid"}, "valid mode with a 2x7 kernel on a 4x6 image", bad),
    ]
    return cases


def _shape_variant(offset_valid: int = 0, offset_full: int = 0, swapped: bool = False):
    def produce(case: Case):
        (h, w), (kh, kw) = case.args
        mode = case.kwargs.get("mode", "valid")
        if mode == "full":
            shape = (h + kh - 1 + offset_full, w + kw - 1 + offset_full)
        elif mode == "same":
            shape = (h, w)
        else:
            shape = (h - kh + 1 + offset_valid, w - kw + 1 + offset_valid)
        return shape[::-1] if swapped else shape
    return produce


CONV_OUTPUT_SHAPE = Exercise(
    name="conv_output_shape",
    make_cases=_shape_cases,
    float_result=False,
    arg_names=("image_shape", "kernel_shape"),
    mistakes=(
        Mistake("valid size off by one",
                "a valid-mode side is n - k + 1 (a window fits at positions 0 .. n-k), not n - k",
                _shape_variant(offset_valid=-1)),
        Mistake("full size off by one",
                "a full-mode side is n + k - 1: the kernel overlaps the image by at least one pixel",
                _shape_variant(offset_full=1)),
        Mistake("height and width swapped",
                "the result is (rows, columns), like the image's shape",
                _shape_variant(swapped=True)),
    ),
)


def _subimage_constant_cases(rng: np.random.Generator) -> list:
    return [Case(label="the value of SUBIMAGE_OPTION")]


SUBIMAGE_OPTION = Exercise(
    name="SUBIMAGE_OPTION",
    kind="constant",
    make_cases=_subimage_constant_cases,
    float_result=False,
    reveal_expected=False,
    mistakes=tuple(Mistake(f"option {n}", f"option {n}, {SUBIMAGE_SLICES[n]}, {why}",
                           lambda case, n=n: n)
                   for n, why in WHY_OPTION_IS_WRONG.items()),
)


def subimages_by_option(im: np.ndarray, kernel: np.ndarray, option: int) -> dict:
    """What get_subimages returns when it slices with option `option` (1 to 5)."""
    im = np.asarray(im, dtype=np.float64)
    kh, kw = np.shape(kernel)
    out = {}
    for x in range(im.shape[0] - kh + 1):
        for y in range(im.shape[1] - kw + 1):
            window = {1: lambda: im[x - 1:x + kh - 1, y - 1:y + kw - 1],
                      2: lambda: im[x:x + kh, y:y + kw],
                      3: lambda: im[x:x + kh + 1, y:y + kw + 1],
                      4: lambda: im[x + 1:x + kh + 1, y + 1:y + kw + 1],
                      5: lambda: im[y:y + kw, x:x + kh]}[option]()
            out[x, y] = window.copy()
    return out


def _subimage_cases(rng: np.random.Generator) -> list:
    cases = image_kernel_cases(rng, count=10, max_side=7)
    ramp = np.arange(20, dtype=np.int64).reshape(4, 5)
    cases.insert(1, Case((ramp, np.zeros((3, 3))), {}, "the 4x5 ramp np.arange(20).reshape(4, 5), 3x3 kernel",
                         frozenset({"non_square"})))
    cases.append(Case((random_image(rng, (3, 9)), np.zeros((2, 2))), {}, "3x9 image, 2x2 kernel",
                      frozenset({"non_square", "even_kernel"})))
    return cases + bad_image_kernel_cases(rng)


GET_SUBIMAGES = Exercise(
    name="get_subimages",
    make_cases=_subimage_cases,
    arg_names=("im", "kernel"),
    mistakes=tuple(Mistake(f"slicing option {n}", f"{SUBIMAGE_SLICES[n]} {why}",
                           lambda case, n=n: subimages_by_option(case.args[0], case.args[1], n))
                   for n, why in WHY_OPTION_IS_WRONG.items()),
)

EXERCISES = [CONV_OUTPUT_SHAPE, SUBIMAGE_OPTION, GET_SUBIMAGES]
