"""Pick a named kernel, or type your own 3x3 one, and see what it does to a photo.

    kernel_figure(im, kernel, "sharpen")                 # a static figure
    kernel_picker(im, kernels, classify_fn=classify_kernel)
    filtered = mystery_filter(im)                        # a photo filtered with a hidden kernel

Nothing here knows the answers of the exercises: filtering defaults to OpenCV (cv2.filter2D
cropped to the valid region, the same numbers as a valid-mode im_conv), and the kernel's class
comes from the function you pass in (your classify_kernel), so its mistakes show too.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .drawing import figure_or_widget
from .live import LiveFigure, widget_box
from .window import NumberGrid


def filter_valid(im, kernel) -> np.ndarray:
    """Valid-mode cross-correlation by OpenCV: cv2.filter2D in float64, cropped to the valid region."""
    import cv2

    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    kh, kw = kernel.shape
    same = cv2.filter2D(im, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT)
    return same[kh // 2:kh // 2 + im.shape[0] - kh + 1, kw // 2:kw // 2 + im.shape[1] - kw + 1]


def describe_kernel(kernel, classify_fn=None) -> str:
    """'sum 1, class sharpen': the kernel's sum, and its class if `classify_fn` is given."""
    kernel = np.asarray(kernel, dtype=np.float64)
    text = f"sum {kernel.sum():.4g}"
    if classify_fn is None:
        return text
    try:
        return f"{text}, class {classify_fn(kernel)!r}"
    except NotImplementedError:
        return f"{text}, class: answer classify_kernel first"
    except Exception as exc:  # the student's function: show what it says, never crash the figure
        return f"{text}, class: {type(exc).__name__}: {str(exc)[:60]}"


class KernelView:
    """The kernel's numbers, the photo, and the photo filtered with the kernel; show() swaps the kernel.

    The photo stays put; the kernel panel, the filtered panel and its colorbar are redrawn.
    """

    def __init__(self, im, filter_fn=None, classify_fn=None):
        self.im = im
        self.filter_fn = filter_fn or filter_valid
        self.classify_fn = classify_fn
        self.figure, (self.kernel_ax, photo_ax, self.result_ax) = plt.subplots(
            1, 3, figsize=(14, 4.4), gridspec_kw={"width_ratios": [1, 1.6, 1.9]})
        photo_ax.imshow(im, cmap="gray")
        photo_ax.set_title(f"photo {np.shape(im)[0]}x{np.shape(im)[1]}")
        photo_ax.axis("off")
        # One grid per kernel shape, each on its own axes at the kernel panel's place (only the
        # current one is visible): going back to a shape already shown costs no new axes.
        self.grids = {}
        self.result = self.result_ax.imshow(np.zeros((2, 2)), cmap="gray")
        self.result_ax.axis("off")
        self.colorbar = self.figure.colorbar(self.result, ax=self.result_ax, fraction=0.046, pad=0.04)

    @property
    def moving(self) -> list:
        return [*(grid.ax for grid in self.grids.values()), self.result_ax, self.colorbar.ax]

    def show(self, kernel, name: str = "kernel"):
        kernel = np.asarray(kernel, dtype=np.float64)
        title = f"{name}\n{describe_kernel(kernel, self.classify_fn)}"
        if kernel.shape in self.grids:
            self.grids[kernel.shape].update(kernel, title=title)
        else:
            ax = (self.kernel_ax if not self.grids else
                  self.figure.add_axes(self.kernel_ax.get_position(original=True)))
            self.grids[kernel.shape] = NumberGrid(ax, kernel, title,
                                                  fmt="{:.3g}" if kernel.size <= 49 else "")
        for shape, grid in self.grids.items():
            grid.ax.set_visible(shape == kernel.shape)
        result = np.asarray(self.filter_fn(self.im, kernel), dtype=np.float64)
        self.result.set_data(result)
        self.result.set_extent((-0.5, result.shape[1] - 0.5, result.shape[0] - 0.5, -0.5))
        self.result.set_clim(result.min(), result.max())
        self.result_ax.set_title(f"filtered with {name} ({result.shape[0]}x{result.shape[1]}, valid mode)")
        return self.figure


@figure_or_widget
def kernel_figure(im, kernel, name: str = "kernel", filter_fn=None, classify_fn=None):
    """The kernel's numbers, the photo, and the photo filtered with it, side by side."""
    view = KernelView(im, filter_fn, classify_fn)
    view.show(kernel, name)
    view.figure.tight_layout()
    return view.figure


@figure_or_widget
def kernel_picker(im, kernels: dict, filter_fn=None, classify_fn=None):
    """A dropdown of named kernels and a 3x3 grid of numbers to edit; the figure follows.

    kernels: {name: 2-D array}; a 3x3 kernel fills the grid, where you can change any number
    (press Enter or leave the box to redraw). filter_fn(im, kernel) defaults to filter_valid;
    classify_fn(kernel) (e.g. your classify_kernel) names the class shown above the kernel.
    """
    import ipywidgets as widgets

    custom = "your own 3x3 (edit the numbers)"
    names = list(kernels) + [custom]
    choose = widgets.Dropdown(options=names, value=names[0], description="kernel")
    cells = [widgets.FloatText(value=0.0, layout=widgets.Layout(width="80px"), continuous_update=False)
             for _ in range(9)]
    grid = widgets.GridBox(cells, layout=widgets.Layout(grid_template_columns="repeat(3, 90px)"))
    note = widgets.HTML()
    view = KernelView(im, filter_fn, classify_fn)
    live = None  # made once the first picture is drawn: the layout leaves room for its texts
    state = {"filling": False}

    def grid_kernel() -> np.ndarray:
        return np.array([cell.value for cell in cells], dtype=np.float64).reshape(3, 3)

    def redraw(kernel, name):
        view.show(kernel, name)
        if live is not None:
            live.move(*view.moving)  # a kernel of a new shape brings its own axes
            live.refresh()

    def picked(_=None):
        name = choose.value
        if name == custom:
            note.value = "Your own kernel: the photo updates when you leave a box."
            redraw(grid_kernel(), "your kernel")
            return
        kernel = np.asarray(kernels[name], dtype=np.float64)
        if kernel.shape == (3, 3):
            state["filling"] = True
            for cell, value in zip(cells, kernel.ravel()):
                cell.value = float(value)
            state["filling"] = False
            note.value = "Change a number to make it your own."
        else:
            note.value = f"{kernel.shape[0]}x{kernel.shape[1]} kernel: the grid edits 3x3 kernels only."
        redraw(kernel, name)

    def edited(_=None):
        if state["filling"]:
            return
        if choose.value != custom:
            choose.unobserve(picked, "value")
            choose.value = custom
            choose.observe(picked, "value")
            note.value = "Your own kernel: the photo updates when you leave a box."
        redraw(grid_kernel(), "your kernel")

    choose.observe(picked, "value")
    for cell in cells:
        cell.observe(edited, "value")
    picked()
    view.figure.tight_layout()
    live = LiveFigure(view.figure, view.moving)
    return widget_box([choose, widgets.HBox([grid, note])], live)


_MYSTERIES = (
    np.array([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], dtype=np.float64),
    np.eye(3) / 3,
    np.array([[-1, -1, -1], [-1, 9, -1], [-1, -1, -1]], dtype=np.float64),
    np.outer([1, 2, 1], [1, 2, 1]) / 16.0,
    np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], dtype=np.float64),
)


def mystery_filter(im, seed: int = 0) -> np.ndarray:
    """`im` filtered (valid mode) with a hidden 3x3 kernel chosen by `seed`. Can you find it?"""
    return filter_valid(im, _MYSTERIES[seed % len(_MYSTERIES)])


def mystery_kernel(seed: int = 0) -> np.ndarray:
    """The hidden kernel of mystery_filter (look only after you have recovered it)."""
    return _MYSTERIES[seed % len(_MYSTERIES)].copy()
