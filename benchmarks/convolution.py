"""solutions.im_conv_fast, solutions.im_conv and cv2.filter2D on one 512x512 float64 image.

All three compute the valid-mode cross-correlation (filter2D gives the same-size result; its
valid part is the same numbers, checked first). im_conv_fast and OpenCV are timed in turns,
call after call, so each pair shares the machine's state of the moment; the ratio reported
is the median of the per-pair ratios. The loop (im_conv) is timed `loop_repeats` times.
"""
from __future__ import annotations

import time

import numpy as np

from .common import Row, check, median, seconds

SIZE = 512
KERNELS = (3, 5, 11)
TARGET = 3.0  # im_conv_fast within 3x of OpenCV


def _once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(repeats: int = 15, loop_repeats: int = 1) -> list:
    import cv2

    from solutions import im_conv, im_conv_fast
    rng = np.random.default_rng(0)
    im = rng.normal(0.0, 50.0, (SIZE, SIZE))
    rows = []
    for k in KERNELS:
        kernel = rng.normal(0.0, 1.0, (k, k))

        def opencv():
            return cv2.filter2D(im, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT)

        def fast():
            return im_conv_fast(im, kernel)

        valid = opencv()[k // 2:k // 2 + SIZE - k + 1, k // 2:k // 2 + SIZE - k + 1]
        if not np.allclose(fast(), valid):
            raise AssertionError(f"im_conv_fast and cv2.filter2D disagree on a {k}x{k} kernel")
        pairs = [(_once(opencv), _once(fast)) for _ in range(repeats)]
        ocv, fst = median([a for a, _ in pairs]), median([b for _, b in pairs])
        ratio = median([b / a for a, b in pairs])
        loop = median([_once(lambda: im_conv(im, kernel)) for _ in range(loop_repeats)])
        where = f"{SIZE}x{SIZE} float64, {k}x{k} kernel"
        rows += [
            Row("convolution", f"{where}: cv2.filter2D", seconds(ocv)),
            Row("convolution", f"{where}: im_conv_fast", f"{seconds(fst)} = {ratio:.1f}x OpenCV",
                f"<= {TARGET:g}x OpenCV", check(ratio <= TARGET)),
            Row("convolution", f"{where}: im_conv (the loop)",
                f"{seconds(loop)} = {loop / fst:.0f}x im_conv_fast, {loop / ocv:.0f}x OpenCV"),
        ]
    return rows
