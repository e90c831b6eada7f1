"""Wrong answers for Part 1: output shapes, the subimage slice, get_subimages.

The right parts (argument checks, the loop over positions) live in the helpers _checked_shape
and _subimages; each wrong answer passes in the one thing it gets wrong.
"""
import numpy as np

from . import Wrong


def _side(n, k, mode):
    """One side of the right output size: n pixels, a kernel of k."""
    return {"full": n + k - 1, "same": n, "valid": n - k + 1}[mode]


def _checked_shape(image_shape, kernel_shape, mode, side):
    """The output shape with the right checks; side(n, k, mode) computes each side."""
    (h, w), (kh, kw) = image_shape, kernel_shape
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "valid" and (kh > h or kw > w):
        raise ValueError("kernel larger than image")
    return (side(h, kh, mode), side(w, kw, mode))


def valid_one_short(image_shape, kernel_shape, mode="valid"):
    return _checked_shape(image_shape, kernel_shape, mode,
                          lambda n, k, mode: n - k if mode == "valid" else _side(n, k, mode))


def full_one_too_many(image_shape, kernel_shape, mode="valid"):
    return _checked_shape(image_shape, kernel_shape, mode,
                          lambda n, k, mode: n + k if mode == "full" else _side(n, k, mode))


def width_first(image_shape, kernel_shape, mode="valid"):
    rows, columns = _checked_shape(image_shape, kernel_shape, mode, _side)
    return (columns, rows)


def unknown_mode_accepted(image_shape, kernel_shape, mode="valid"):
    (h, w), (kh, kw) = image_shape, kernel_shape
    if mode == "full":
        return (h + kh - 1, w + kw - 1)
    if mode == "same":
        return (h, w)
    return (h - kh + 1, w - kw + 1)


def _subimages(im, kernel, window, to_float=True):
    """Every valid position's subimage, with the right checks; window(im, x, y, kh, kw) slices one."""
    im = np.asarray(im, dtype=np.float64) if to_float else np.asarray(im)
    if im.ndim != 2 or np.ndim(kernel) != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = np.shape(kernel)
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return {(x, y): window(im, x, y, kh, kw).copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


def slice_starts_one_before(im, kernel):
    return _subimages(im, kernel, lambda im, x, y, kh, kw: im[x - 1:x + kh - 1, y - 1:y + kw - 1])


def slice_one_too_big(im, kernel):
    return _subimages(im, kernel, lambda im, x, y, kh, kw: im[x:x + kh + 1, y:y + kw + 1])


def slice_x_and_y_swapped(im, kernel):
    return _subimages(im, kernel, lambda im, x, y, kh, kw: im[y:y + kw, x:x + kh])


def subimages_keep_int_dtype(im, kernel):
    return _subimages(im, kernel, lambda im, x, y, kh, kw: im[x:x + kh, y:y + kw], to_float=False)


def no_argument_checks(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kh, kw = np.shape(kernel)[:2]
    return {(x, y): im[x:x + kh, y:y + kw].copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


WRONG = [
    Wrong("conv_output_shape", valid_one_short, "valid size off by one"),
    Wrong("conv_output_shape", full_one_too_many, "full size off by one"),
    Wrong("conv_output_shape", width_first, "height and width swapped"),
    Wrong("conv_output_shape", unknown_mode_accepted, "should raise ValueError"),
    Wrong("SUBIMAGE_OPTION", 1, "option 1"),
    Wrong("SUBIMAGE_OPTION", 3, "option 3"),
    Wrong("SUBIMAGE_OPTION", 4, "option 4"),
    Wrong("SUBIMAGE_OPTION", 5, "option 5"),
    Wrong("get_subimages", slice_starts_one_before, "slicing option 1"),
    Wrong("get_subimages", slice_one_too_big, "slicing option 3"),
    Wrong("get_subimages", slice_x_and_y_swapped, "slicing option 5"),
    Wrong("get_subimages", subimages_keep_int_dtype, "float64"),
    Wrong("get_subimages", no_argument_checks, "should raise ValueError"),
]
