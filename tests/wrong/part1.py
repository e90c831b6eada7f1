"""Wrong answers for Part 1: output shapes, the subimage slice, get_subimages."""
import numpy as np

from . import Wrong


def valid_one_short(image_shape, kernel_shape, mode="valid"):
    (h, w), (kh, kw) = image_shape, kernel_shape
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "full":
        return (h + kh - 1, w + kw - 1)
    if mode == "same":
        return (h, w)
    if kh > h or kw > w:
        raise ValueError("kernel larger than image")
    return (h - kh, w - kw)


def full_one_too_many(image_shape, kernel_shape, mode="valid"):
    (h, w), (kh, kw) = image_shape, kernel_shape
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "full":
        return (h + kh, w + kw)
    if mode == "same":
        return (h, w)
    if kh > h or kw > w:
        raise ValueError("kernel larger than image")
    return (h - kh + 1, w - kw + 1)


def width_first(image_shape, kernel_shape, mode="valid"):
    (h, w), (kh, kw) = image_shape, kernel_shape
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "full":
        return (w + kw - 1, h + kh - 1)
    if mode == "same":
        return (w, h)
    if kh > h or kw > w:
        raise ValueError("kernel larger than image")
    return (w - kw + 1, h - kh + 1)


def unknown_mode_accepted(image_shape, kernel_shape, mode="valid"):
    (h, w), (kh, kw) = image_shape, kernel_shape
    if mode == "full":
        return (h + kh - 1, w + kw - 1)
    if mode == "same":
        return (h, w)
    return (h - kh + 1, w - kw + 1)


def _subimages(im, kernel, slicer):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or np.ndim(kernel) != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = np.shape(kernel)
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return {(x, y): slicer(im, x, y, kh, kw).copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


def slice_starts_one_before(im, kernel):
    import numpy as np
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or np.ndim(kernel) != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = np.shape(kernel)
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return {(x, y): im[x - 1:x + kh - 1, y - 1:y + kw - 1].copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


def slice_one_too_big(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or np.ndim(kernel) != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = np.shape(kernel)
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return {(x, y): im[x:x + kh + 1, y:y + kw + 1].copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


def slice_x_and_y_swapped(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or np.ndim(kernel) != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = np.shape(kernel)
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return {(x, y): im[y:y + kw, x:x + kh].copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


def subimages_keep_int_dtype(im, kernel):
    im = np.asarray(im)
    if im.ndim != 2 or np.ndim(kernel) != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = np.shape(kernel)
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return {(x, y): im[x:x + kh, y:y + kw].copy()
            for x in range(im.shape[0] - kh + 1) for y in range(im.shape[1] - kw + 1)}


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
