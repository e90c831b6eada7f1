"""Pooling on a photo: a static figure, and a picker for the window size, stride and mode.

Both take the pooling function as an argument (the learner's own `pool2d`), so
this module needs nothing of the course's answers. If the function raises (it
is not written yet, or has a bug) the panel says so instead of crashing.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .drawing import figure_or_widget
from .live import LiveFigure, widget_box

MODE_NAMES = {"max": "max pooling", "avg": "average pooling"}


def _pooled_title(pooled: np.ndarray, size: int, stride, mode: str) -> str:
    step = size if stride is None else stride
    h, w = pooled.shape[:2]
    return (f"{MODE_NAMES.get(mode, mode)} {size}x{size}, stride {step}\n"
            f"{h}x{w} = {h * w} values")


def _show_failure(ax, pool, error: Exception) -> None:
    name = getattr(pool, "__name__", "the pooling function")
    if isinstance(error, NotImplementedError):
        text = f"{name} is not written yet:\nwrite it, run its cell, then run this cell again"
    else:
        text = f"{name} raised\n{type(error).__name__}: {str(error)[:120]}"
    ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=10, transform=ax.transAxes)
    ax.set_title("no result")
    ax.axis("off")


class PoolingView:
    """The image and its pooled version side by side; show(size, stride, mode) pools again.

    The image panel stays put; the pooled panel is drawn anew at every show().
    """

    def __init__(self, im, pool, size_inches: float = 4.0):
        self.im = np.asarray(im)
        self.pool = pool
        self.figure, (left, self.right) = plt.subplots(1, 2, figsize=(2 * size_inches * 1.1, size_inches))
        left.imshow(self.im, cmap="gray", interpolation="nearest")
        left.set_title(f"original\n{self.im.shape[0]}x{self.im.shape[1]} = {self.im.size} values")
        left.axis("off")

    @property
    def moving(self) -> list:
        return [self.right]

    def show(self, size: int = 4, stride=None, mode: str = "max"):
        self.right.clear()
        try:
            pooled = np.asarray(self.pool(self.im, size=size, stride=stride, mode=mode))
            self.right.imshow(pooled, cmap="gray", interpolation="nearest")
            self.right.set_title(_pooled_title(pooled, size, stride, mode))
            self.right.axis("off")
        except Exception as error:  # the learner's function: show what went wrong, keep going
            _show_failure(self.right, self.pool, error)
        return self.figure


@figure_or_widget
def pooling_figure(im, pool, size: int = 4, stride=None, mode: str = "max", size_inches: float = 4.0):
    """The image and pool(im, size=size, stride=stride, mode=mode) side by side; returns the figure.

    im: a 2-D array (a grayscale photo). pool: a function with pool2d's signature.
    Both panels are drawn at the same size, pixel by pixel (no smoothing), so a
    pooled image looks blocky: each block is one value that replaced a window.
    """
    figure = PoolingView(im, pool, size_inches).show(size, stride, mode)
    figure.tight_layout()
    return figure


@figure_or_widget
def pooling_picker(im, pool, max_size: int = 16, size: int = 4, mode: str = "max"):
    """Pick the window size, the stride and the mode; the pooled photo is redrawn beside the original.

    im: a 2-D array. pool: a function with pool2d's signature (im, size, stride, mode).
    The stride slider's 0 means stride=None (windows side by side: stride = size).
    Redraws only when a slider is released (pooling a photo with Python loops takes a moment).
    """
    import ipywidgets as widgets

    im = np.asarray(im)
    largest = max(1, min(max_size, *im.shape[:2]))
    size_slider = widgets.IntSlider(min(size, largest), 1, largest, description="size",
                                    continuous_update=False)
    stride_slider = widgets.IntSlider(0, 0, largest, description="stride",
                                      continuous_update=False)
    stride_note = widgets.Label()
    mode_buttons = widgets.ToggleButtons(options=[("max", "max"), ("avg", "avg")], value=mode,
                                         description="mode")
    view = PoolingView(im, pool)
    live = None  # made once the first picture is drawn: the layout leaves room for its texts

    def redraw(_=None):
        stride = stride_slider.value or None
        stride_note.value = ("0 = same as size" if stride is None else "")
        view.show(size_slider.value, stride, mode_buttons.value)
        if live is not None:
            live.refresh()

    for control in (size_slider, stride_slider, mode_buttons):
        control.observe(redraw, "value")
    redraw()
    view.figure.tight_layout()
    live = LiveFigure(view.figure, view.moving)
    return widget_box([widgets.HBox([size_slider, stride_slider, stride_note]), mode_buttons], live)
