"""solutions.im_conv_fast, solutions.im_conv and cv2.filter2D on one 512x512 float64 image.

All three compute the valid-mode cross-correlation (filter2D gives the same-size result; its
valid part is the same numbers, checked first). OpenCV and im_conv_fast are each timed the way
%timeit times them: many calls in a row in a fresh process, the median call. (Timed in one
process, call after call, each disturbs the other's memory: numpy's 2 MB temporaries come back
as fresh pages after OpenCV's allocations, which made im_conv_fast 2-10x slower or faster
depending on the order.) The two alternate, process after process, `repeats` times; the
ratio reported is the median of the per-pair ratios. The loop (im_conv) is timed in process.
"""
from __future__ import annotations

import json
import subprocess
import time

import numpy as np

from .common import PYTHON, REPO_ROOT, Row, check, median, seconds

SIZE = 512
KERNELS = (3, 5, 11)
TARGET = 3.0  # im_conv_fast within 3x of OpenCV
CALLS = 30  # per timing process; the first 10 warm up

TIMER = """
import json, sys, time
import cv2
import numpy as np
from solutions import im_conv_fast
which, k, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(0)
im = rng.normal(0.0, 50.0, ({size}, {size}))
kernel = rng.normal(0.0, 1.0, (k, k))
if which == "opencv":
    fn = lambda: cv2.filter2D(im, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT)
else:
    fn = lambda: im_conv_fast(im, kernel)
times = []
for _ in range(calls):
    start = time.perf_counter()
    fn()
    times.append(time.perf_counter() - start)
print(json.dumps(sorted(times[calls // 3:])[len(times[calls // 3:]) // 2]))
""".format(size=SIZE)


def _timed(which: str, k: int, calls: int = CALLS) -> float:
    out = subprocess.run([PYTHON, "-c", TIMER, which, str(k), str(calls)], cwd=REPO_ROOT, check=True,
                         capture_output=True, text=True).stdout
    return float(json.loads(out.strip().splitlines()[-1]))


def run(repeats: int = 5, loop_repeats: int = 1) -> list:
    import cv2

    from solutions import im_conv, im_conv_fast
    rng = np.random.default_rng(0)
    im = rng.normal(0.0, 50.0, (SIZE, SIZE))
    rows = []
    for k in KERNELS:
        kernel = rng.normal(0.0, 1.0, (k, k))
        same = cv2.filter2D(im, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT)
        valid = same[k // 2:k // 2 + SIZE - k + 1, k // 2:k // 2 + SIZE - k + 1]
        if not np.allclose(im_conv_fast(im, kernel), valid):
            raise AssertionError(f"im_conv_fast and cv2.filter2D disagree on a {k}x{k} kernel")
        pairs = []
        for r in range(repeats):
            order = ("opencv", "fast") if r % 2 == 0 else ("fast", "opencv")
            took = {which: _timed(which, k) for which in order}
            pairs.append((took["opencv"], took["fast"]))
        ocv, fst = median([a for a, _ in pairs]), median([b for _, b in pairs])
        ratio = median([b / a for a, b in pairs])
        loops = []
        for _ in range(loop_repeats):
            start = time.perf_counter()
            im_conv(im, kernel)
            loops.append(time.perf_counter() - start)
        loop = median(loops)
        where = f"{SIZE}x{SIZE} float64, {k}x{k} kernel"
        rows += [
            Row("convolution", f"{where}: cv2.filter2D", seconds(ocv)),
            Row("convolution", f"{where}: im_conv_fast", f"{seconds(fst)} = {ratio:.1f}x OpenCV",
                f"<= {TARGET:g}x OpenCV", check(ratio <= TARGET)),
            Row("convolution", f"{where}: im_conv (the loop)",
                f"{seconds(loop)} = {loop / fst:.0f}x im_conv_fast, {loop / ocv:.0f}x OpenCV"),
        ]
    return rows
