"""One redraw of each coursekit widget: what a learner waits for after moving a slider.

Each widget is built as a notebook builds it, then one of its controls is changed; the
redraw callback runs (figure, PNG as the inline backend draws it, close). `display` is
replaced by that PNG rendering, since there is no notebook front end here. Agg backend.
The target is judged on CPU time (on a learner's idle machine, the wall time): this machine
is shared, so its wall times are shown but may be inflated.
"""
from __future__ import annotations

import time

import numpy as np

from .common import Row, check, median, seconds

TARGET = 0.100  # seconds


def _render(*objects, **_):
    """What the notebook does with a displayed figure: render it to PNG (bbox tight, as inline)."""
    from IPython.core.pylabtools import print_figure
    for obj in objects:
        if hasattr(obj, "savefig"):
            print_figure(obj, "png", bbox_inches="tight")


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
    import os
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
    """(wall, CPU) medians of `repeats` redraws; the first change warms caches (fonts) and is dropped."""
    walls, cpus = [], []
    for i in range(repeats + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        control.value = values[i % 2]  # observe() calls the widget's redraw
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return median(walls[1:]), median(cpus[1:])


def _window_figure_parts(repeats: int) -> Row:
    """Where one window_explorer redraw goes: building the figure, and drawing it as PNG."""
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure

    from coursekit.window import window_figure
    ramp = np.arange(20).reshape(4, 5)
    build, render = [], []
    for _ in range(repeats + 1):
        cpu = time.process_time()
        fig = window_figure(ramp, 1, 2, (3, 3))
        middle = time.process_time()
        print_figure(fig, "png", bbox_inches="tight")
        render.append(time.process_time() - middle)
        build.append(middle - cpu)
        plt.close(fig)
    return Row("widgets", "window_explorer redraw, split (CPU): window_figure / PNG as the inline backend draws it",
               f"{seconds(median(build[1:]))} / {seconds(median(render[1:]))}")


def run(repeats: int = 5) -> list:
    import contextlib
    import io

    import matplotlib
    matplotlib.use("Agg")
    import IPython.display
    shown = IPython.display.display
    IPython.display.display = _render
    target = f"<= {TARGET * 1e3:.0f} ms CPU"
    rows = []
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # clear_output's escape codes
            for name, (build, (cls_name, description), values) in _cases().items():
                try:
                    wall, cpu = _redraw_times(_find(build(), cls_name, description), values, repeats)
                    rows.append(Row("widgets", f"one redraw: {name}", f"{seconds(wall)} (CPU {seconds(cpu)})",
                                    target, check(cpu <= TARGET)))
                except Exception as exc:  # a widget that changed shape: say so, keep the other rows
                    rows.append(Row("widgets", f"one redraw: {name}",
                                    f"failed: {type(exc).__name__}: {exc}"[:120], target, "MISSED"))
            rows.append(_window_figure_parts(repeats))
    finally:
        IPython.display.display = shown
    return rows
