"""Step a kernel over a small image: the window, the kernel, their elementwise product, and the
output filling in one pixel at a time (valid mode, cross-correlation like im_conv).

    step_figure(im, kernel, step)      # one frame, as a static figure
    conv_stepper(im, kernel)           # the same frames with a Play button and a slider

This module computes the frames itself with numpy (it never calls the student's code), so the
widget works before the exercise is answered.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .drawing import figure_or_widget
from .live import LiveFigure, widget_box
from .window import NumberGrid


def conv_steps(im, kernel, flip: bool = False) -> list:
    """Every window of the valid-mode slide, in the order im_conv visits them (row by row).

    Returns a list of dicts with keys x, y, window, kernel (the one applied: flipped if `flip`),
    product (window * kernel) and value (its sum).
    """
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"im and kernel must be 2-D, got shapes {im.shape} and {kernel.shape}")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError(f"kernel {kh}x{kw} is larger than the image {im.shape[0]}x{im.shape[1]}")
    applied = kernel[::-1, ::-1] if flip else kernel
    steps = []
    for x in range(im.shape[0] - kh + 1):
        for y in range(im.shape[1] - kw + 1):
            window = im[x:x + kh, y:y + kw]
            product = window * applied
            steps.append({"x": x, "y": y, "window": window, "kernel": applied,
                          "product": product, "value": float(product.sum())})
    return steps


def _fmt(value: float) -> str:
    return f"{value:.3g}" if value != int(value) else f"{int(value)}"


class StepView:
    """The four panels of the slide, built once; show(step, flip) fills them in for one step."""

    def __init__(self, im, kernel, flip: bool = False):
        self.im = np.asarray(im, dtype=np.float64)
        self.kernel = np.asarray(kernel, dtype=np.float64)
        self._steps = {}
        steps = self.steps(flip)
        kh, kw = self.kernel.shape
        self.out_shape = (self.im.shape[0] - kh + 1, self.im.shape[1] - kw + 1)
        widths = [self.im.shape[1], kw, kw, self.out_shape[1]]
        self.figure, axes = plt.subplots(1, 4, figsize=(15, 4.2), gridspec_kw={"width_ratios": widths})
        self.image = NumberGrid(axes[0], self.im, fmt="{:.4g}")
        self.applied = NumberGrid(axes[1], steps[0]["kernel"], fmt="{:.3g}")
        self.product = NumberGrid(axes[2], steps[0]["product"], fmt="{:.3g}")
        self.output_ax = axes[3]
        self.output_image = axes[3].imshow(np.zeros(self.out_shape), cmap="Greys", alpha=0.35)
        self.output_texts = [[axes[3].text(y, x, "", ha="center", va="center", fontsize=10)
                              for y in range(self.out_shape[1])] for x in range(self.out_shape[0])]
        self.newest = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor="tab:red", linewidth=3)
        axes[3].add_patch(self.newest)
        axes[3].set_xticks(range(self.out_shape[1]))
        axes[3].set_yticks(range(self.out_shape[0]))
        axes[3].set_xlabel("y (column)")
        axes[3].set_ylabel("x (row)")
        # The sum written out, term by term, when it is short enough to read.
        self.formula = (self.figure.text(0.5, 0.01, "", ha="center", fontsize=10, family="monospace")
                        if self.kernel.size <= 9 else None)
        self.title = self.figure.suptitle("")
        self.show(0, flip)
        self.figure.tight_layout(rect=(0, 0.05, 1, 1))

    def steps(self, flip: bool) -> list:
        if flip not in self._steps:
            self._steps[flip] = conv_steps(self.im, self.kernel, flip)
        return self._steps[flip]

    @property
    def moving(self) -> list:
        return [self.image.window, self.image.ax.title, *self.applied.artists, *self.product.artists,
                self.output_image, *self.output_ax.spines.values(), *(text for row in self.output_texts for text in row), self.newest,
                self.output_ax.title, self.formula, self.title]

    def show(self, step: int, flip: bool = False):
        steps = self.steps(flip)
        step = int(np.clip(step, 0, len(steps) - 1))
        current = steps[step]
        x, y = current["x"], current["y"]
        kh, kw = self.kernel.shape
        value = _fmt(current["value"])
        self.image.update(highlight=(x, y, kh, kw), title=f"image: window at (x={x}, y={y})")
        self.applied.update(current["kernel"], title="kernel (flipped)" if flip else "kernel")
        self.product.update(current["product"], title=f"window * kernel, sum = {value}")
        self._show_output(steps, step)
        if self.formula is not None:
            terms = " + ".join(f"{_fmt(w)}·{_fmt(k)}" if k >= 0 else f"{_fmt(w)}·({_fmt(k)})"
                               for w, k in zip(current["window"].ravel(), current["kernel"].ravel()))
            self.formula.set_text(f"out[{x}, {y}] = {terms} = {value}")
        self.title.set_text(f"step {step + 1} of {len(steps)}: "
                            + ("convolution (the kernel is flipped first)" if flip else
                               "cross-correlation, as im_conv computes it"))
        return self.figure

    def _show_output(self, steps: list, upto: int) -> None:
        """The output grid with the first `upto + 1` pixels filled and the newest one outlined."""
        values = np.full(self.out_shape, np.nan)
        for step in steps[:upto + 1]:
            values[step["x"], step["y"]] = step["value"]
        known = values[~np.isnan(values)]
        self.output_image.set_data(np.ma.masked_invalid(values))
        self.output_image.set_clim(known.min() - 1, known.max() + 1)
        for x, row in enumerate(self.output_texts):
            for y, text in enumerate(row):
                unknown = np.isnan(values[x, y])
                text.set_text("?" if unknown else _fmt(values[x, y]))
                text.set_color("0.6" if unknown else "black")
        current = steps[upto]
        self.newest.set_xy((current["y"] - 0.5, current["x"] - 0.5))
        self.output_ax.set_title(f"output so far:\nout[{current['x']}, {current['y']}] = "
                                 f"{_fmt(current['value'])}")


@figure_or_widget
def step_figure(im, kernel, step: int = 0, flip: bool = False):
    """One frame of the slide: image with the window, kernel, product, and the output so far."""
    return StepView(im, kernel, flip).show(step, flip)


@figure_or_widget
def conv_stepper(im, kernel, flip: bool = False, interval_ms: int = 1200):
    """A Play button and a slider that step the window over `im`; a checkbox flips the kernel."""
    import ipywidgets as widgets

    view = StepView(im, kernel, flip)
    live = LiveFigure(view.figure, view.moving)
    count = len(view.steps(flip))
    play = widgets.Play(value=0, min=0, max=count - 1, step=1, interval=interval_ms,
                        description="play")
    slider = widgets.IntSlider(value=0, min=0, max=count - 1, description="step",
                               continuous_update=False)
    widgets.jslink((play, "value"), (slider, "value"))
    flipped = widgets.Checkbox(value=flip, description="flip the kernel (convolution)")

    def redraw(_=None):
        view.show(slider.value, flipped.value)
        live.refresh()

    slider.observe(redraw, "value")
    flipped.observe(redraw, "value")
    return widget_box([widgets.HBox([play, slider, flipped])], live)
