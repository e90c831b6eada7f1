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

from .window import draw_grid


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


def _draw_output(ax, shape: tuple, steps: list, upto: int) -> None:
    """The output grid with the first `upto + 1` pixels filled and the newest one outlined."""
    values = np.full(shape, np.nan)
    for step in steps[:upto + 1]:
        values[step["x"], step["y"]] = step["value"]
    known = values[~np.isnan(values)]
    low, high = (known.min(), known.max()) if known.size else (0.0, 1.0)
    ax.imshow(np.ma.masked_invalid(values), cmap="Greys", alpha=0.35, vmin=low - 1, vmax=high + 1)
    for x in range(shape[0]):
        for y in range(shape[1]):
            text = "?" if np.isnan(values[x, y]) else _fmt(values[x, y])
            ax.text(y, x, text, ha="center", va="center", fontsize=10,
                    color="0.6" if text == "?" else "black")
    current = steps[upto]
    ax.add_patch(Rectangle((current["y"] - 0.5, current["x"] - 0.5), 1, 1, fill=False,
                           edgecolor="tab:red", linewidth=3))
    ax.set_xticks(range(shape[1]))
    ax.set_yticks(range(shape[0]))
    ax.set_xlabel("y (column)")
    ax.set_ylabel("x (row)")
    ax.set_title(f"output so far: out[{current['x']}, {current['y']}] = {_fmt(current['value'])}")


def step_figure(im, kernel, step: int = 0, flip: bool = False):
    """One frame of the slide: image with the window, kernel, product, and the output so far."""
    im = np.asarray(im, dtype=np.float64)
    steps = conv_steps(im, kernel, flip)
    step = int(np.clip(step, 0, len(steps) - 1))
    current = steps[step]
    kh, kw = current["kernel"].shape
    out_shape = (im.shape[0] - kh + 1, im.shape[1] - kw + 1)
    widths = [im.shape[1], kw, kw, out_shape[1]]
    fig, axes = plt.subplots(1, 4, figsize=(15, 4.2), gridspec_kw={"width_ratios": widths})
    x, y = current["x"], current["y"]
    draw_grid(axes[0], im, f"image: window at (x={x}, y={y})", (x, y, kh, kw), fmt="{:.4g}")
    draw_grid(axes[1], current["kernel"], "kernel (flipped)" if flip else "kernel", fmt="{:.3g}")
    draw_grid(axes[2], current["product"], f"window * kernel, sum = {_fmt(current['value'])}",
              fmt="{:.3g}")
    _draw_output(axes[3], out_shape, steps, step)
    if current["product"].size <= 9:
        terms = " + ".join(f"{_fmt(w)}·{_fmt(k)}" if k >= 0 else f"{_fmt(w)}·({_fmt(k)})"
                           for w, k in zip(current["window"].ravel(), current["kernel"].ravel()))
        fig.text(0.5, 0.01, f"out[{x}, {y}] = {terms} = {_fmt(current['value'])}",
                 ha="center", fontsize=10, family="monospace")
    fig.suptitle(f"step {step + 1} of {len(steps)}: "
                 + ("convolution (the kernel is flipped first)" if flip else
                    "cross-correlation, as im_conv computes it"))
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def conv_stepper(im, kernel, flip: bool = False, interval_ms: int = 1200):
    """A Play button and a slider that step the window over `im`; a checkbox flips the kernel."""
    import ipywidgets as widgets
    from IPython.display import display

    count = len(conv_steps(im, kernel))
    play = widgets.Play(value=0, min=0, max=count - 1, step=1, interval=interval_ms,
                        description="play")
    slider = widgets.IntSlider(value=0, min=0, max=count - 1, description="step",
                               continuous_update=False)
    widgets.jslink((play, "value"), (slider, "value"))
    flipped = widgets.Checkbox(value=flip, description="flip the kernel (convolution)")
    out = widgets.Output()

    def redraw(_=None):
        with out:
            out.clear_output(wait=True)
            fig = step_figure(im, kernel, slider.value, flipped.value)
            display(fig)
            plt.close(fig)

    slider.observe(redraw, "value")
    flipped.observe(redraw, "value")
    redraw()
    return widgets.VBox([widgets.HBox([play, slider, flipped]), out])
