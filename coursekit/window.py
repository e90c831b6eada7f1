"""The sliding window, drawn: a small image as a grid of numbers with one window highlighted.

    window_figure(im, x, y, kernel_shape)     # a static figure
    window_explorer(im, kernel_shape)         # sliders for x and y (a live figure)
    draw_grid(ax, values, title, highlight)   # the grid of numbers, on your own axes
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .drawing import figure_or_widget
from .live import LiveFigure, widget_box


class NumberGrid:
    """A small 2-D array drawn on `ax` as a grid of numbers over a light grey shading.

    The row index x runs down and the column index y runs across, as in im[x, y].
    `highlight` = (x, y, kh, kw) outlines a window in red. `update()` changes the numbers (same
    shape), the window and the title in place, so a live figure redraws only these.
    """

    def __init__(self, ax, values, title: str = "", highlight=None, fmt: str = "{:g}"):
        values = np.asarray(values)
        self.ax, self.fmt = ax, fmt
        self.image = ax.imshow(values, cmap="Greys", alpha=0.35)
        self.texts = [[ax.text(y, x, "", ha="center", va="center", fontsize=9)
                       for y in range(values.shape[1])] for x in range(values.shape[0])]
        # imshow puts pixel (x, y) at column y, row x: a window starts half a pixel before.
        self.window = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor="tab:red", linewidth=3,
                                visible=False)
        ax.add_patch(self.window)
        ax.set_xticks(range(values.shape[1]))
        ax.set_yticks(range(values.shape[0]))
        ax.set_xlabel("y (column)")
        ax.set_ylabel("x (row)")
        self.update(values, highlight, title)

    @property
    def artists(self) -> list:
        """Everything update() changes: the shading, the numbers, the window and the title (and
        the frame, which the shading would otherwise cover)."""
        return [self.image, *self.ax.spines.values(), *(text for row in self.texts for text in row),
                self.window, self.ax.title]

    def update(self, values=None, highlight=None, title=None) -> None:
        if values is not None:
            values = np.asarray(values)
            self.image.set_data(values)
            self.image.set_clim(values.min() - 1, values.max() + 1)
            for x, row in enumerate(self.texts):
                for y, text in enumerate(row):
                    text.set_text(self.fmt.format(values[x, y]))
        self.window.set_visible(highlight is not None)
        if highlight is not None:
            x, y, kh, kw = highlight
            self.window.set_bounds(y - 0.5, x - 0.5, kw, kh)
        if title is not None:
            self.ax.set_title(title)


@figure_or_widget
def draw_grid(ax, values: np.ndarray, title: str = "", highlight=None, fmt: str = "{:g}") -> NumberGrid:
    """Draw a small 2-D array as a grid of numbers; `highlight` = (x, y, kh, kw) outlines a window.

    The row index x runs down and the column index y runs across, as in im[x, y].
    Returns the NumberGrid (its update() redraws other numbers in place).
    """
    return NumberGrid(ax, values, title, highlight, fmt)


class WindowView:
    """The image with one window outlined, and the subimage beside it; show(x, y) moves the window."""

    def __init__(self, im, kernel_shape: tuple):
        self.im = np.asarray(im)
        self.kh, self.kw = kernel_shape
        self.figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4),
                                                  gridspec_kw={"width_ratios": [2, 1]})
        self.image = NumberGrid(left, self.im)
        self.subimage = NumberGrid(right, self.im[:self.kh, :self.kw])
        self.show(0, 0)
        self.figure.tight_layout()

    @property
    def moving(self) -> list:
        return [self.image.window, self.image.ax.title, *self.subimage.artists]

    def show(self, x: int, y: int):
        kh, kw = self.kh, self.kw
        self.image.update(highlight=(x, y, kh, kw),
                          title=f"image {self.im.shape[0]}x{self.im.shape[1]}, window at (x={x}, y={y})")
        self.subimage.update(self.im[x:x + kh, y:y + kw], title=f"subimage im[{x}:{x + kh}, {y}:{y + kw}]")
        return self.figure


@figure_or_widget
def window_figure(im: np.ndarray, x: int, y: int, kernel_shape: tuple):
    """The image with the window at (x, y) outlined, and the subimage beside it."""
    return WindowView(im, kernel_shape).show(x, y)


@figure_or_widget
def window_explorer(im: np.ndarray, kernel_shape: tuple = (3, 3)):
    """Sliders for x and y that move a kernel-sized window over `im` (valid positions only)."""
    import ipywidgets as widgets

    kh, kw = kernel_shape
    view = WindowView(im, kernel_shape)
    live = LiveFigure(view.figure, view.moving)
    x_slider = widgets.IntSlider(0, 0, view.im.shape[0] - kh, description="x (row)")
    y_slider = widgets.IntSlider(0, 0, view.im.shape[1] - kw, description="y (column)")

    def redraw(_=None):
        view.show(x_slider.value, y_slider.value)
        live.refresh()

    x_slider.observe(redraw, "value")
    y_slider.observe(redraw, "value")
    return widget_box([widgets.HBox([x_slider, y_slider])], live)
