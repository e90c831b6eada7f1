"""One redraw of each coursekit widget: what a learner waits for after moving a control.

Each widget is built as a notebook builds it, then one of its controls is changed back and
forth; the redraw callback runs (update the figure, draw what moved, encode the PNG that the
widget sends to the browser). The target is judged on CPU time (on a learner's idle machine,
the wall time): this machine is shared, so its wall times are shown but may be inflated.
The PNG encoding's share is timed inside the same redraws.
"""
from __future__ import annotations

import os
import time

import numpy as np

from .common import Row, check, median, seconds

TARGET = 0.100  # seconds


def _find(widget, cls_name: str, description: str = None):
    """The first control of type `cls_name` (and `description`) inside a widget box."""
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if type(w).__name__ == cls_name and (description is None or getattr(w, "description", None) == description):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(f"no {cls_name} {description or ''} in the widget")


def _cases():
    """{name: (build() -> widget, (control class, description), two values to alternate)}."""
    from coursekit import load_photo
    from coursekit.grid_widget import conv_grid_explorer
    from coursekit.kernel_picker import kernel_picker
    from coursekit.pooling_picker import pooling_picker
    from coursekit.stepper import conv_stepper
    from coursekit.window import window_explorer
    from solutions import box_blur_kernel, classify_kernel, gaussian_kernel, pool2d, sharpen_kernel

    from autograder.course import DATA_DIR
    here = os.getcwd()
    os.chdir(DATA_DIR.parent)  # load_photo looks for data/ from the current folder
    try:
        photo = load_photo("chelsea")
    finally:
        os.chdir(here)
    ramp = np.arange(20).reshape(4, 5)
    image = np.array([[10, 20, 30, 40], [10, 20, 30, 40], [20, 30, 40, 50], [20, 30, 40, 50]])
    kernels = {"sharpen 3x3": sharpen_kernel(3), "box blur 3x3": box_blur_kernel(3),
               "Gaussian 5x5": gaussian_kernel(5)}
    return {
        "window_explorer (Part 1)": (lambda: window_explorer(ramp, kernel_shape=(3, 3)),
                                     ("IntSlider", "y (column)"), (1, 2)),
        "conv_stepper (Part 2)": (lambda: conv_stepper(image, sharpen_kernel(3)),
                                  ("IntSlider", "step"), (1, 2)),
        "kernel_picker on a photo (Part 3)": (
            lambda: kernel_picker(photo, kernels, classify_fn=classify_kernel),
            ("Dropdown", "kernel"), ("box blur 3x3", "Gaussian 5x5")),
        "conv_grid_explorer (Part 4)": (lambda: conv_grid_explorer(image_shape=(5, 5)),
                                        ("IntSlider", "padding p"), (1, 2)),
        "pooling_picker on a photo (Part 6)": (lambda: pooling_picker(photo, pool2d, size=4),
                                               ("IntSlider", "size"), (5, 4)),
    }


def _redraw_times(control, values, repeats: int) -> tuple:
    """(wall, CPU, CPU of the PNG encoding) medians of `repeats` redraws; the first change warms
    caches (fonts, a kernel shape's grid) and is dropped."""
    from coursekit import live

    encode = live._png
    spent = []

    def timed_png(canvas):
        start = time.process_time()
        try:
            return encode(canvas)
        finally:
            spent.append(time.process_time() - start)

    walls, cpus, pngs = [], [], []
    live._png = timed_png
    try:
        for i in range(repeats + 1):
            spent.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            control.value = values[i % 2]  # observe() calls the widget's redraw
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            pngs.append(sum(spent))
    finally:
        live._png = encode
    return median(walls[1:]), median(cpus[1:]), median(pngs[1:])


def run(repeats: int = 5) -> list:
    import matplotlib
    matplotlib.use("Agg")
    target = f"<= {TARGET * 1e3:.0f} ms CPU"
    rows = []
    for name, (build, (cls_name, description), values) in _cases().items():
        try:
            wall, cpu, png = _redraw_times(_find(build(), cls_name, description), values, repeats)
            rows.append(Row("widgets", f"one redraw: {name}",
                            f"{seconds(wall)} (CPU {seconds(cpu)}, of which PNG {seconds(png)})",
                            target, check(cpu <= TARGET)))
        except Exception as exc:  # a widget that changed shape: say so, keep the other rows
            rows.append(Row("widgets", f"one redraw: {name}",
                            f"failed: {type(exc).__name__}: {exc}"[:120], target, "MISSED"))
    return rows
