"""Part 2 exercises: im_conv (valid-mode cross-correlation), flip_kernel, im_convolve, crop_to_valid.

The known mistakes are computed here with plain numpy (no reference needed):
`correlate` is the sliding window of the lesson, and each mistake changes one
thing in it (the kernel flipped, the window slice, the loop bounds, ...).
"""
from __future__ import annotations

import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import bad_image_kernel_cases, image_kernel_case, image_kernel_cases, random_image
from autograder.exercises.part1 import SUBIMAGE_SLICES, WHY_OPTION_IS_WRONG

WINDOW_SLICERS = {
    1: lambda im, x, y, kh, kw: im[x - 1:x + kh - 1, y - 1:y + kw - 1],
    2: lambda im, x, y, kh, kw: im[x:x + kh, y:y + kw],
    3: lambda im, x, y, kh, kw: im[x:x + kh + 1, y:y + kw + 1],
    4: lambda im, x, y, kh, kw: im[x + 1:x + kh + 1, y + 1:y + kw + 1],
    5: lambda im, x, y, kh, kw: im[y:y + kw, x:x + kh],
}


def correlate(im, kernel, option: int = 2, rows: int = 0, cols: int = 0) -> np.ndarray:
    """The valid-mode sliding window sum(window * kernel), in float64.

    option: which Part 1 slice cuts the window (2 is the right one).
    rows, cols: added to the loop bounds (-1: the loop stops one short),
    the output keeps the valid shape (cells never visited stay 0).
    Raises (as the mistaken student code would) when a slice cannot be
    multiplied by the kernel.
    """
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
        raise ValueError("not a valid image/kernel pair")
    kh, kw = kernel.shape
    out_h, out_w = im.shape[0] - kh + 1, im.shape[1] - kw + 1
    out = np.zeros((out_h, out_w))
    slicer = WINDOW_SLICERS[option]
    for x in range(out_h + rows):
        for y in range(out_w + cols):
            out[x, y] = np.sum(slicer(im, x, y, kh, kw) * kernel)
    return out


def _im(case: Case) -> np.ndarray:
    return case.args[0]


def _kernel(case: Case) -> np.ndarray:
    return np.asarray(case.args[1], dtype=np.float64)


# --- im_conv -------------------------------------------------------------------------------

def _im_conv_cases(rng: np.random.Generator) -> list:
    cases = image_kernel_cases(rng, count=14, max_side=9)
    # Kernels that are not symmetric, so that a flipped or transposed kernel always shows.
    ramp_kernel = np.arange(1, 7, dtype=np.float64).reshape(2, 3)
    cases.insert(1, image_kernel_case(np.arange(30, dtype=np.int64).reshape(5, 6), ramp_kernel,
                                      "the 5x6 ramp np.arange(30).reshape(5, 6), 2x3 kernel [[1, 2, 3], [4, 5, 6]]"))
    cases.append(image_kernel_case(random_image(rng, (8, 3)), random_image(rng, (3, 3)),
                                   "tall 8x3 image, 3x3 kernel"))
    cases.append(image_kernel_case(random_image(rng, (3, 9), "uint8"), random_image(rng, (1, 4)),
                                   "wide 3x9 uint8 image, 1x4 kernel"))
    return cases + bad_image_kernel_cases(rng)


def _wrong_slice(option: int) -> Mistake:
    return Mistake(
        f"wrong subimage slice, option {option}",
        f"the window at (x, y) is im[x:x+kh, y:y+kw] (Part 1's option 2); "
        f"{SUBIMAGE_SLICES[option]} {WHY_OPTION_IS_WRONG[option]}",
        lambda case: correlate(_im(case), _kernel(case), option=option))


IM_CONV = Exercise(
    name="im_conv",
    make_cases=_im_conv_cases,
    arg_names=("im", "kernel"),
    mistakes=(
        Mistake("flipped kernel",
                "you flipped the kernel: that is true convolution (im_convolve, later in this "
                "part). im_conv is cross-correlation: multiply each window by the kernel as it "
                "is, kernel[0, 0] with the window's top-left pixel",
                lambda case: correlate(_im(case), _kernel(case)[::-1, ::-1])),
        Mistake("result transposed",
                "your result is the transpose of the right one: the output has shape "
                "(H - kh + 1, W - kw + 1), and out[x, y] (x the row) is the window whose "
                "top-left pixel is im[x, y]",
                lambda case: correlate(_im(case), _kernel(case)).T),
        Mistake("same mode instead of valid",
                "your result has the image's size (same mode); im_conv is valid mode: the "
                "kernel only goes where it fits entirely, so the result is "
                "(H - kh + 1) x (W - kw + 1)",
                lambda case: np.zeros(np.shape(_im(case))), shape_only=True),
        Mistake("output one short",
                "your result is one row and one column too small: a side of the valid result "
                "is n - k + 1 (the window's top-left pixel goes from 0 to n - k included), "
                "not n - k",
                lambda case: correlate(_im(case), _kernel(case))[:-1, :-1]),
        Mistake("loop bounds one short",
                "the last row and column of your result are never filled: range(n - k) stops "
                "one position early; the window's top-left pixel goes from 0 to n - k "
                "included, so loop over range(n - k + 1)",
                lambda case: correlate(_im(case), _kernel(case), rows=-1, cols=-1)),
        *(_wrong_slice(option) for option in (1, 3, 4, 5)),
    ),
)


# --- flip_kernel ---------------------------------------------------------------------------

def _flip_cases(rng: np.random.Generator) -> list:
    ramp = np.arange(1, 10, dtype=np.int64).reshape(3, 3)
    cases = [Case((ramp,), {}, "the 3x3 ramp [[1, 2, 3], [4, 5, 6], [7, 8, 9]]")]
    for shape in [(1, 1), (2, 2), (2, 3), (3, 2), (1, 5), (4, 1), (5, 5), (4, 6)]:
        for kind in ("float", "int"):
            kernel = random_image(rng, shape, kind)
            tags = set()
            if shape[0] != shape[1]:
                tags.add("non_square")
            if any(n % 2 == 0 for n in shape):
                tags.add("even_kernel")
            if shape == (1, 1):
                tags.add("kernel_1x1")
            if kernel.min() < 0:
                tags.add("negative")
            cases.append(Case((kernel,), {}, f"random {shape[0]}x{shape[1]} {kernel.dtype} kernel",
                              frozenset(tags)))
    cases.append(Case((random_image(rng, (3, 3), "uint8"),), {}, "3x3 uint8 kernel", frozenset({"uint8"})))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((np.ones(3),), {}, "a 1-D kernel", bad),
        Case((np.ones((3, 3, 2)),), {}, "a 3-D kernel (3x3x2)", bad),
        Case((np.ones((0, 3)),), {}, "an empty 0x3 kernel", bad),
    ]
    return cases


FLIP_KERNEL = Exercise(
    name="flip_kernel",
    make_cases=_flip_cases,
    arg_names=("kernel",),
    mistakes=(
        Mistake("transposed instead of flipped",
                "kernel.T swaps rows and columns (a mirror across the diagonal); flipping is "
                "up-down AND left-right (a 180 degree turn): flipped[i, j] = "
                "kernel[kh - 1 - i, kw - 1 - j], e.g. kernel[::-1, ::-1]",
                lambda case: np.asarray(case.args[0], dtype=np.float64).T),
        Mistake("flipped up-down only",
                "you flipped the rows (up-down) but not the columns; flip both axes: "
                "kernel[::-1, ::-1]",
                lambda case: np.asarray(case.args[0], dtype=np.float64)[::-1, :]),
        Mistake("flipped left-right only",
                "you flipped the columns (left-right) but not the rows; flip both axes: "
                "kernel[::-1, ::-1]",
                lambda case: np.asarray(case.args[0], dtype=np.float64)[:, ::-1]),
        Mistake("not flipped",
                "your result is the kernel unchanged; flip it up-down and left-right",
                lambda case: np.asarray(case.args[0], dtype=np.float64)),
        Mistake("rotated by 90 degrees",
                "np.rot90 turns by a quarter; flipping both axes is a half turn (180 degrees): "
                "np.rot90(kernel, 2) or kernel[::-1, ::-1]",
                lambda case: np.rot90(np.asarray(case.args[0], dtype=np.float64))),
    ),
)


# --- im_convolve ---------------------------------------------------------------------------

def _convolve_cases(rng: np.random.Generator) -> list:
    cases = image_kernel_cases(rng, count=12, max_side=8)
    sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.int64)
    step = np.repeat(np.array([[0, 0, 0, 10, 10, 10]]), 5, axis=0).astype(np.int64)
    cases.insert(1, image_kernel_case(step, sobel, "a 5x6 vertical step edge, the Sobel kernel "
                                                   "[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]"))
    impulse = np.zeros((5, 5), dtype=np.int64)
    impulse[2, 2] = 1
    cases.insert(2, image_kernel_case(impulse, np.arange(1, 10, dtype=np.int64).reshape(3, 3),
                                      "a 5x5 impulse (a single 1 in the middle), kernel "
                                      "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"))
    cases.append(image_kernel_case(random_image(rng, (6, 7)), random_image(rng, (2, 3)),
                                   "6x7 image, 2x3 kernel"))
    return cases + bad_image_kernel_cases(rng)


IM_CONVOLVE = Exercise(
    name="im_convolve",
    make_cases=_convolve_cases,
    arg_names=("im", "kernel"),
    mistakes=(
        Mistake("kernel not flipped (cross-correlation)",
                "your result is im_conv(im, kernel), the cross-correlation; true convolution "
                "flips the kernel up-down and left-right first: im_conv(im, flip_kernel(kernel))",
                lambda case: correlate(_im(case), _kernel(case))),
        Mistake("flipped up-down only",
                "you flipped the kernel's rows but not its columns; convolution flips both "
                "axes (use flip_kernel)",
                lambda case: correlate(_im(case), _kernel(case)[::-1, :])),
        Mistake("flipped left-right only",
                "you flipped the kernel's columns but not its rows; convolution flips both "
                "axes (use flip_kernel)",
                lambda case: correlate(_im(case), _kernel(case)[:, ::-1])),
        Mistake("kernel transposed instead of flipped",
                "kernel.T is a mirror across the diagonal, not a flip; convolution flips "
                "up-down and left-right (use flip_kernel)",
                lambda case: correlate(_im(case), _kernel(case).T)),
        Mistake("result flipped instead of the kernel",
                "you flipped the output; flip the kernel before sliding it: "
                "im_conv(im, flip_kernel(kernel))",
                lambda case: correlate(_im(case), _kernel(case))[::-1, ::-1]),
    ),
)


# --- crop_to_valid -------------------------------------------------------------------------

def _crop_cases(rng: np.random.Generator) -> list:
    cases = []
    worked = np.array([[-10, 20, 30, 60], [-20, 10, 20, 50], [10, 40, 50, 80], [0, 30, 40, 70]],
                      dtype=np.float64)
    cases.append(Case((worked, (3, 3)), {}, "cv2.filter2D's 4x4 result on the worked example, "
                                            "3x3 kernel"))
    fixed = [((6, 6), (2, 2)), ((7, 5), (2, 3)), ((5, 8), (4, 4)), ((6, 9), (1, 1)), ((5, 7), (5, 7)),
             ((8, 6), (3, 2)), ((9, 9), (5, 5)), ((4, 7), (1, 4)), ((7, 7), (6, 3))]
    for _ in range(6):
        h, w = (int(n) for n in rng.integers(1, 12, size=2))
        fixed.append(((h, w), (int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1)))))
    for shape, kernel_shape in fixed:
        same = random_image(rng, shape)
        tags = set()
        if shape[0] != shape[1] or kernel_shape[0] != kernel_shape[1]:
            tags.add("non_square")
        if any(k % 2 == 0 for k in kernel_shape):
            tags.add("even_kernel")
        if kernel_shape == (1, 1):
            tags.add("kernel_1x1")
        if kernel_shape == shape:
            tags.add("kernel_as_image")
        cases.append(Case((same, kernel_shape), {},
                          f"{shape[0]}x{shape[1]} same-size result, kernel_shape {kernel_shape}",
                          frozenset(tags)))
    cases.append(Case((random_image(rng, (6, 5), "uint8"), (3, 3)), {},
                      "6x5 uint8 result (cv2.filter2D with ddepth=-1), kernel_shape (3, 3)",
                      frozenset({"uint8", "non_square"})))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((random_image(rng, (4, 4, 3)), (3, 3)), {}, "a 3-D result (4x4x3)", bad),
        Case((random_image(rng, (4, 4)), (5, 5)), {}, "kernel_shape (5, 5) on a 4x4 result", bad),
        Case((random_image(rng, (6, 3)), (2, 4)), {}, "kernel_shape (2, 4) on a 6x3 result (too wide)", bad),
        Case((random_image(rng, (5, 5)), (0, 3)), {}, "kernel_shape (0, 3)", bad),
        Case((random_image(rng, (5, 5)), (3,)), {}, "kernel_shape (3,): one number", bad),
    ]
    return cases


def _crop_with(top_of, end_of=None):
    """A crop whose start is top_of(k) and whose end is end_of(n, k) (default start + n - k + 1)."""
    def produce(case: Case) -> np.ndarray:
        same = np.asarray(case.args[0], dtype=np.float64)
        (h, w), (kh, kw) = same.shape, case.args[1]
        if same.ndim != 2 or kh > h or kw > w:
            raise ValueError("not applicable")
        if end_of is None:
            return same[top_of(kh):top_of(kh) + h - kh + 1, top_of(kw):top_of(kw) + w - kw + 1].copy()
        return same[top_of(kh):end_of(h, kh), top_of(kw):end_of(w, kw)].copy()
    return produce


CROP_TO_VALID = Exercise(
    name="crop_to_valid",
    make_cases=_crop_cases,
    arg_names=("same_size_result", "kernel_shape"),
    mistakes=(
        Mistake("wrong anchor for even kernels",
                "you start the crop at (k - 1) // 2; cv2.filter2D anchors a kernel at "
                "(kh // 2, kw // 2), which for an even size is below / right of the middle "
                "(a 2x2 kernel is anchored at (1, 1)), so the valid region starts at k // 2",
                _crop_with(lambda k: (k - 1) // 2)),
        Mistake("off by one for even kernels",
                "you cut k // 2 from both sides: for an even kernel that removes k pixels in "
                "all, one more than the k - 1 the valid result loses; end the crop at "
                "start + (n - k + 1)",
                _crop_with(lambda k: k // 2, lambda n, k: n - k // 2)),
        Mistake("slice end -(k // 2)",
                "an end of -(k // 2) is -0 = 0 for a kernel 1 wide, so the slice is empty, "
                "and for even kernels it cuts one pixel too many; end the crop at "
                "start + (n - k + 1)",
                _crop_with(lambda k: k // 2, lambda n, k: -(k // 2))),
        Mistake("crop from the top-left corner",
                "you kept the first (H - kh + 1) x (W - kw + 1) pixels; filter2D's output at "
                "(x, y) is centred on im[x, y], so the valid region starts at "
                "(kh // 2, kw // 2)",
                _crop_with(lambda k: 0)),
        Mistake("crop starts at the kernel's far corner",
                "you started at (kh - 1, kw - 1), as if the output were in full mode; "
                "filter2D's output is the image's size with the kernel anchored at its "
                "centre (kh // 2, kw // 2)",
                _crop_with(lambda k: k - 1)),
        Mistake("same mode kept",
                "your result still has the same-size shape; cut it down to the valid region, "
                "(H - kh + 1) x (W - kw + 1)",
                lambda case: np.zeros(np.shape(case.args[0])), shape_only=True),
    ),
)

EXERCISES = [IM_CONV, FLIP_KERNEL, IM_CONVOLVE, CROP_TO_VALID]
