"""Oracles and random cases shared by the reference tests tests/test_solutions_*.py.

Every function here works out an expected answer (or a test input) without
importing `solutions`: it uses OpenCV, numpy primitives, or loops written
out one pixel at a time. So a mistake in the reference package cannot leak
into what it is compared against.

Where two test files used slightly different versions of a helper, the
difference is now a required argument. Each caller passes its own value, so
no test's cases changed.
"""
import cv2
import numpy as np


# ---- cv2.filter2D: cross-correlation from OpenCV ----------------------------

def filter2d_same(im, kernel):
    """Oracle for same-size cross-correlation with a zero border, in float64.

    This is OpenCV's cv2.filter2D, a separate C++ implementation, fed float64
    copies so that uint8 inputs cannot wrap around. It shares no code with
    `solutions`.
    """
    return cv2.filter2D(np.asarray(im, dtype=np.float64), cv2.CV_64F,
                        np.asarray(kernel, dtype=np.float64), borderType=cv2.BORDER_CONSTANT)


def filter2d_valid(im, kernel):
    """Oracle for valid cross-correlation (im_conv, im_conv_fast, conv2d, filter_bank).

    This is cv2.filter2D's output (zero border, float64) where the whole kernel
    lies inside the image. The crop is written out here and does not call
    solutions.crop_to_valid. filter2D anchors the kernel at (kh // 2, kw // 2).
    That anchor is checked against a brute-force loop in
    test_solutions_convolution.py::test_crop_to_valid_matches_brute_force_valid_correlation.
    """
    image_h, image_w = np.shape(im)
    kernel_h, kernel_w = np.shape(kernel)
    same = filter2d_same(im, kernel)
    return same[kernel_h // 2:kernel_h // 2 + image_h - kernel_h + 1,
                kernel_w // 2:kernel_w // 2 + image_w - kernel_w + 1]


# ---- pooling ----------------------------------------------------------------

def brute_force_pool(im, size, stride, mode):
    """Oracle for max / average pooling (pool2d, pool_volume, pooling_comparison).

    Window tops run over range(0, H - size + 1, stride), and the same for the
    columns. Each window's pixels are listed one by one, then reduced with
    Python's max, or with sum / count for "avg". This uses no numpy reductions
    and nothing from `solutions`. For non-overlapping pooling, pass
    stride = size.
    """
    im = np.asarray(im, dtype=np.float64)
    rows = range(0, im.shape[0] - size + 1, stride)
    cols = range(0, im.shape[1] - size + 1, stride)
    out = np.zeros((len(rows), len(cols)))
    for a, x in enumerate(rows):
        for b, y in enumerate(cols):
            pixels = [im[x + i, y + j] for i in range(size) for j in range(size)]
            out[a, b] = max(pixels) if mode == "max" else sum(pixels) / len(pixels)
    return out


# ---- random test inputs -------------------------------------------------------

def image_of_kind(rng, kind, shape):
    """A test image of one of three kinds: 0 is uint8 0..255, 1 is float normal(0, 50)
    with negative values, and 2 is int -100..99.

    This builds test inputs and is not an oracle. It uses only numpy's Generator.
    """
    if kind == 0:
        return rng.integers(0, 256, shape, dtype=np.uint8)
    if kind == 1:
        return rng.normal(0.0, 50.0, shape)
    return rng.integers(-100, 100, shape)


def random_image(rng, shape):
    """An image of a random dtype: uint8, negative floats or negative ints.

    The kind is drawn from rng first, then the pixels.
    """
    return image_of_kind(rng, rng.integers(3), shape)


def random_shapes(seed, side_stop):
    """Image and kernel shapes, possibly non-square, from np.random.default_rng(seed).

    Image sides are drawn from range(1, side_stop). When seed % 6 == 0 the kernel
    is 1x1, and when seed % 6 == 1 it is the size of the image. Otherwise each
    kernel side is drawn from 1 up to the image side, so even and odd sizes both
    occur. Returns (rng, image_shape, kernel_shape), and the caller can keep
    drawing from that rng.
    """
    rng = np.random.default_rng(seed)
    image_h, image_w = (int(n) for n in rng.integers(1, side_stop, size=2))
    if seed % 6 == 0:
        kernel_shape = (1, 1)
    elif seed % 6 == 1:
        kernel_shape = (image_h, image_w)
    else:
        kernel_shape = (int(rng.integers(1, image_h + 1)), int(rng.integers(1, image_w + 1)))
    return rng, (image_h, image_w), kernel_shape


def random_case(seed, side_stop):
    """A random (image, kernel) pair with shapes from random_shapes(seed, side_stop).

    The image kind is seed % 3 (see image_of_kind). The kernel is float
    normal(0, 2).
    """
    rng, image_shape, kernel_shape = random_shapes(seed, side_stop)
    im = image_of_kind(rng, seed % 3, image_shape)
    return im, rng.normal(0.0, 2.0, kernel_shape)
