"""Padding, stride and dilation, drawn: the padded input grid, the kernel's taps, the output grid.

`conv_grid_figure` draws one setting (a static figure that reads well in any
export), `conv_grid_gallery` several side by side, and `conv_grid_explorer`
is the widget: sliders for the kernel size, stride, padding and dilation (and
which output pixel to follow) that redraw the figure.

The geometry is the course's: a kernel of size k with dilation d spans
d * (k - 1) + 1 pixels; output pixel (x, y) reads the padded input at rows
x * s + i * d and columns y * s + j * d for 0 <= i, j < k; along each axis the
output has floor((n + 2p - d(k - 1) - 1) / s) + 1 pixels.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle

from .drawing import figure_or_widget
from .live import LiveFigure, widget_box

IMAGE_COLOUR = "#9ecae1"      # pixels of the image
PADDING_COLOUR = "#f0f0f0"    # pixels added by padding
TAP_COLOUR = "#fd8d3c"        # pixels under the kernel's taps
START_COLOUR = "#636363"      # where each window starts


def _pair(value) -> tuple:
    return (int(value), int(value)) if np.ndim(value) == 0 else (int(value[0]), int(value[1]))


def conv_geometry(image_shape, kernel_size, stride=1, padding=0, dilation=1) -> dict:
    """Sizes along both axes: span of the kernel, padded input and output (0 where no window fits)."""
    (h, w), (kh, kw) = _pair(image_shape), _pair(kernel_size)
    span = (dilation * (kh - 1) + 1, dilation * (kw - 1) + 1)
    padded = (h + 2 * padding, w + 2 * padding)
    out = tuple((n - s) // stride + 1 if s <= n else 0 for n, s in zip(padded, span))
    return {"image": (h, w), "kernel": (kh, kw), "span": span, "padded": padded, "out": out,
            "stride": stride, "padding": padding, "dilation": dilation}


def size_formula(n: int, k: int, stride: int, padding: int, dilation: int) -> str:
    """The output-size formula with the numbers filled in, e.g. 'floor((5 + 2*1 - 2*(3 - 1) - 1) / 2) + 1 = 2'."""
    span = dilation * (k - 1) + 1
    if span > n + 2 * padding:
        return f"the kernel spans {span} > {n} + 2*{padding}: no window fits"
    value = (n + 2 * padding - span) // stride + 1
    return f"floor(({n} + 2*{padding} - {dilation}*({k} - 1) - 1) / {stride}) + 1 = {value}"


def _add_cells(ax, cells: list) -> None:
    """Draw square cells, a list of (row, col, face colour, edge colour), as one collection.

    One collection instead of a patch per cell: a padded 11x11 grid draws in a few
    milliseconds, and later cells are drawn over earlier ones (the taps over the image).
    """
    if not cells:
        return
    squares = [Rectangle((col - 0.5, row - 0.5), 1, 1) for row, col, _, _ in cells]
    ax.add_collection(PatchCollection(squares, facecolors=[face for _, _, face, _ in cells],
                                      edgecolors=[edge for _, _, _, edge in cells], linewidths=1.5),
                      autolim=False)


def _wipe(ax) -> None:
    """Remove what draw_conv_grid drew on `ax` (cells, outlines, dots, notes), keeping the axes,
    its ticks and its place: much cheaper than ax.clear() for a redraw."""
    for artist in [*ax.patches, *ax.collections, *ax.texts]:
        artist.remove()


def _frame(ax, rows: int, cols: int, title: str, extent: tuple = (1, 1)) -> None:
    """Axes for a rows x cols grid, drawn at least extent = (rows, cols) cells large, so that
    grids side by side share one scale. Column numbers on top, row numbers on the left, row 0 at
    the top, as in an image."""
    ax.set_xlim(-0.6, max(cols, extent[1], 1) - 0.4)
    ax.set_ylim(max(rows, extent[0], 1) - 0.4, -0.6)
    ax.set_aspect("equal")
    ax.xaxis.tick_top()
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))
    ax.tick_params(labelsize=7, length=0, pad=1)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title, fontsize=10)


@figure_or_widget
def draw_conv_grid(ax_in, ax_out, image_shape=(5, 5), kernel_size=3, stride=1, padding=0,
                   dilation=1, position=(0, 0), extent: tuple = ()) -> dict:
    """Draw the padded input (left axes) and the output (right axes) of one setting.

    Input: image pixels blue, padding grey, the taps of output pixel `position`
    orange (their span dashed), and a dot where every window starts, `stride`
    pixels apart. Output: one cell per window, `position` orange.
    Returns the geometry (see `conv_geometry`).
    """
    geo = conv_geometry(image_shape, kernel_size, stride, padding, dilation)
    (h, w), (kh, kw), (ph, pw), (oh, ow) = geo["image"], geo["kernel"], geo["padded"], geo["out"]
    grid = [(row, col, IMAGE_COLOUR if padding <= row < padding + h and padding <= col < padding + w
             else PADDING_COLOUR, "white") for row in range(ph) for col in range(pw)]
    if padding:
        ax_in.add_patch(Rectangle((padding - 0.5, padding - 0.5), w, h, fill=False,
                                  edgecolor="#3182bd", linewidth=1.5))
    if oh and ow:
        x, y = min(position[0], oh - 1), min(position[1], ow - 1)
        top, left = x * stride, y * stride
        grid += [(top + i * dilation, left + j * dilation, TAP_COLOUR, "#a63603")
                 for i in range(kh) for j in range(kw)]
        span_h, span_w = geo["span"]
        ax_in.add_patch(Rectangle((left - 0.5, top - 0.5), span_w, span_h, fill=False,
                                  edgecolor="#a63603", linestyle="--", linewidth=1.5))
        starts = [(r * stride, c * stride) for r in range(oh) for c in range(ow)]
        ax_in.scatter([c for _, c in starts], [r for r, _ in starts], s=12, color=START_COLOUR, zorder=3)
        _add_cells(ax_out, [(row, col, TAP_COLOUR if (row, col) == (x, y) else "#d9d9d9", "white")
                            for row in range(oh) for col in range(ow)])
        out_title = f"output {oh}x{ow}, pixel ({x}, {y}) in orange"
    else:
        ax_out.text((pw - 1) / 2, (ph - 1) / 2, "no window fits:\nthe kernel is larger\nthan the padded input",
                    ha="center", va="center", fontsize=9)
        out_title = "output: none"
    _add_cells(ax_in, grid)
    pad_text = f", padded by {padding} -> {ph}x{pw}" if padding else ""
    extent = extent or (ph, pw)
    _frame(ax_in, ph, pw, f"input {h}x{w}{pad_text}\nkernel {kh}x{kw}, stride {stride}, dilation {dilation}",
           extent)
    _frame(ax_out, oh, ow, out_title, extent)
    ax_in.set_ylabel("x (row)", fontsize=8)
    return geo


def _formula_text(geo: dict) -> str:
    (h, w), (kh, kw) = geo["image"], geo["kernel"]
    s, p, d = geo["stride"], geo["padding"], geo["dilation"]
    rows = size_formula(h, kh, s, p, d)
    if (h, kh) == (w, kw):
        return "rows and columns: " + rows
    return "rows: " + rows + "\ncolumns: " + size_formula(w, kw, s, p, d)


@figure_or_widget
def conv_grid_figure(image_shape=(5, 5), kernel_size=3, stride=1, padding=0, dilation=1,
                     position=(0, 0)):
    """One setting: the padded input with the kernel's taps, and the output with its size formula."""
    geo = conv_geometry(image_shape, kernel_size, stride, padding, dilation)
    ph, pw = geo["padded"]
    oh, ow = geo["out"]
    # Each panel is about 4 inches wide; its height follows the grid's shape, plus room for text.
    fig, (ax_in, ax_out) = plt.subplots(1, 2, figsize=(8.5, 4.0 * ph / max(pw, 1) + 1.6),
                                        layout="constrained")
    draw_conv_grid(ax_in, ax_out, image_shape, kernel_size, stride, padding, dilation, position)
    fig.supxlabel(_formula_text(geo), fontsize=9, family="monospace")
    return fig


@figure_or_widget
def conv_grid_gallery(settings, image_shape=(5, 5)):
    """Several settings side by side: inputs on the top row, outputs below.

    settings: a dict {title: dict(kernel_size=..., stride=..., padding=..., dilation=...)}; a
    setting may carry its own image_shape (default: `image_shape`).
    All grids are drawn at the same scale.
    """
    settings = {title: dict({"image_shape": image_shape}, **setting) for title, setting in settings.items()}
    padded = [conv_geometry(**setting)["padded"] for setting in settings.values()]
    extent = (max(rows for rows, _ in padded), max(cols for _, cols in padded))
    fig, axes = plt.subplots(2, len(settings), figsize=(3.6 * len(settings), 7.2), squeeze=False,
                             layout="constrained")
    for col, (title, setting) in enumerate(settings.items()):
        geo = draw_conv_grid(axes[0, col], axes[1, col], extent=extent, **setting)
        axes[0, col].set_title(f"{title}\n" + axes[0, col].get_title(), fontsize=10)
        h, kh = geo["image"][0], geo["kernel"][0]
        axes[1, col].set_xlabel(size_formula(h, kh, geo["stride"], geo["padding"], geo["dilation"])
                                .replace(" + 1 = ", " + 1\n= "), fontsize=8, family="monospace")
    return fig


@figure_or_widget
def conv_grid_explorer(image_shape=(5, 5), kernel_size=3, stride=1, padding=0, dilation=1):
    """Sliders for kernel size, stride, padding and dilation, and the output pixel to follow."""
    import ipywidgets as widgets

    def slider(value, low, high, description):
        return widgets.IntSlider(value=value, min=low, max=high, description=description,
                                 continuous_update=False, style={"description_width": "initial"})

    size = slider(kernel_size, 1, 5, "kernel size k")
    step = slider(stride, 1, 3, "stride s")
    pad = slider(padding, 0, 3, "padding p")
    dil = slider(dilation, 1, 3, "dilation d")
    row = slider(0, 0, 0, "output x (row)")
    col = slider(0, 0, 0, "output y (column)")
    # The grids keep one scale whatever the sliders say: room for the largest padded input (and
    # output: k = 1, s = 1) from the start, so cells do not jump in size as you explore.
    largest = conv_geometry(image_shape, 1, 1, pad.max, 1)["padded"]
    figure, (ax_in, ax_out) = plt.subplots(1, 2, figsize=(8.5, 4.0 * largest[0] / largest[1] + 1.6),
                                           layout="constrained")
    formula = figure.supxlabel("", fontsize=9, family="monospace")
    live = None  # made once the first picture is drawn: the layout leaves room for its texts
    busy = {"updating": False}

    def redraw(_=None):
        if busy["updating"]:
            return
        geo = conv_geometry(image_shape, size.value, step.value, pad.value, dil.value)
        busy["updating"] = True            # changing a slider's max may change its value
        row.max, col.max = max(geo["out"][0] - 1, 0), max(geo["out"][1] - 1, 0)
        busy["updating"] = False
        _wipe(ax_in)
        _wipe(ax_out)
        draw_conv_grid(ax_in, ax_out, image_shape, size.value, step.value, pad.value, dil.value,
                       (row.value, col.value), extent=largest)
        formula.set_text(_formula_text(geo))
        if live is not None:
            live.refresh()

    for control in (size, step, pad, dil, row, col):
        control.observe(redraw, "value")
    redraw()
    live = LiveFigure(figure, [ax_in, ax_out, formula])
    return widget_box([widgets.HBox([size, step]), widgets.HBox([pad, dil]), widgets.HBox([row, col])],
                      live)
