"""Static diagrams of the course's ideas, computed with numpy (they never call a learner's code).

    output_modes_figure((4, 5), (3, 3))            # full / same / valid: where the kernel sits
    subimage_options_figure(im, [(0, 0), (1, 2)])  # the five candidate slices at two positions
    volume_conv_figure(volume, filters, k=0)       # channels, filter slices, the summed map
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .conventions import valid_correlation
from .drawing import figure_or_widget
from .window import NumberGrid

MODES = ("full", "same", "valid")


def kernel_positions(image_shape: tuple, kernel_shape: tuple, mode: str) -> tuple:
    """(rows, cols): the ranges of image coordinates the kernel's top-left cell takes in a mode.

    One position per output pixel. "full": every overlap of at least one pixel, from
    (-(kh - 1), -(kw - 1)) to (H - 1, W - 1); "same": one position per image pixel, the kernel's
    middle cell ((kh - 1) // 2, (kw - 1) // 2) on it; "valid": only positions inside the image,
    from (0, 0) to (H - kh, W - kw).
    """
    ranges = []
    for n, k in zip(image_shape, kernel_shape):
        if mode == "full":
            ranges.append(range(-(k - 1), n))
        elif mode == "same":
            ranges.append(range(-((k - 1) // 2), n - (k - 1) // 2))
        elif mode == "valid":
            ranges.append(range(0, n - k + 1))
        else:
            raise ValueError(f"unknown mode {mode!r}: expected one of {MODES}")
    return tuple(ranges)


@figure_or_widget
def output_modes_figure(image_shape: tuple = (4, 5), kernel_shape: tuple = (3, 3)):
    """The three output modes side by side; returns the figure.

    Each panel draws the image (grey cells) and the cells outside it that the kernel reaches in
    that mode (dashed), the kernel at its first position (red) and at its last (blue), and a dot
    on the cell under the kernel's middle for every position: one dot per output pixel.
    """
    h, w = image_shape
    kh, kw = kernel_shape
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.9))
    # One scale for the three panels: the extent of full mode, the widest.
    full_rows, full_cols = kernel_positions(image_shape, kernel_shape, "full")
    top, left = full_rows.start, full_cols.start
    bottom, right = full_rows[-1] + kh, full_cols[-1] + kw
    for ax, mode in zip(axes, MODES):
        rows, cols = kernel_positions(image_shape, kernel_shape, mode)
        reach_rows = range(min(rows.start, 0), max(rows[-1] + kh, h))
        reach_cols = range(min(cols.start, 0), max(cols[-1] + kw, w))
        for x in reach_rows:
            for y in reach_cols:
                inside = 0 <= x < h and 0 <= y < w
                ax.add_patch(Rectangle((y - 0.5, x - 0.5), 1, 1, linewidth=1,
                                       facecolor="0.75" if inside else "white", edgecolor="0.4",
                                       linestyle="-" if inside else ":"))
        middle = ((kh - 1) // 2, (kw - 1) // 2)
        dots = [(x + middle[0], y + middle[1]) for x in rows for y in cols]
        ax.plot([y for _, y in dots], [x for x, _ in dots], "o", color="black", markersize=4,
                label="the kernel's middle, once per output pixel")
        for (x, y), colour, name in (((rows[0], cols[0]), "tab:red", "first position"),
                                     ((rows[-1], cols[-1]), "tab:blue", "last position")):
            ax.add_patch(Rectangle((y - 0.5, x - 0.5), kw, kh, fill=False, edgecolor=colour,
                                   linewidth=3, label=f"the {kh}x{kw} kernel, {name}"))
        ax.set_xlim(left - 0.6, right - 0.4)
        ax.set_ylim(bottom - 0.4, top - 0.6)
        ax.set_aspect("equal")
        ax.set_xticks(range(left, right))
        ax.set_yticks(range(top, bottom))
        ax.set_xlabel("y (column)")
        ax.set_ylabel("x (row)")
        ax.set_title(f"{mode}: {len(rows)} x {len(cols)} positions, a {len(rows)}x{len(cols)} result")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=10)
    fig.suptitle(f"a {kh}x{kw} kernel on a {h}x{w} image (grey; dotted cells lie outside it)")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


SUBIMAGE_SLICES = {
    1: "im[x-1:x+kh-1, y-1:y+kw-1]",
    2: "im[x:x+kh, y:y+kw]",
    3: "im[x:x+kh+1, y:y+kw+1]",
    4: "im[x+1:x+kh+1, y+1:y+kw+1]",
    5: "im[y:y+kw, x:x+kh]",
}


def subimage_option(im, x: int, y: int, kernel_shape: tuple, option: int):
    """(numeric slice text, block) that slicing option `option` (1 to 5) cuts at (x, y)."""
    kh, kw = kernel_shape
    bounds = {1: (x - 1, x + kh - 1, y - 1, y + kw - 1), 2: (x, x + kh, y, y + kw),
              3: (x, x + kh + 1, y, y + kw + 1), 4: (x + 1, x + kh + 1, y + 1, y + kw + 1),
              5: (y, y + kw, x, x + kh)}[option]
    r0, r1, c0, c1 = bounds
    return f"im[{r0}:{r1}, {c0}:{c1}]", np.asarray(im)[r0:r1, c0:c1]


@figure_or_widget
def subimage_options_figure(im, positions=((0, 0), (1, 2)), kernel_shape: tuple = (3, 3)):
    """What each of the five slicing options cuts, at each position; returns the figure.

    One row per position (x, y): the image with the pixel (x, y) outlined, then the block each
    option returns, with its slice written out and its shape. Which block is the window whose
    top-left pixel is (x, y) is left for the reader to decide.
    """
    im = np.asarray(im)
    kh, kw = kernel_shape
    fig, axes = plt.subplots(len(positions), 6, figsize=(16, 3.9 * len(positions)), squeeze=False,
                             gridspec_kw={"width_ratios": [1.5, 1, 1, 1, 1, 1]})
    for number, (row, (x, y)) in enumerate(zip(axes, positions)):
        NumberGrid(row[0], im, f"im {im.shape[0]}x{im.shape[1]}: pixel (x, y) = ({x}, {y})",
                   highlight=(x, y, 1, 1))
        if number < len(positions) - 1:
            row[0].set_xlabel("")  # the last row's label says it; here it would meet the titles
        for option, ax in zip(range(1, 6), row[1:]):
            text, block = subimage_option(im, x, y, kernel_shape, option)
            title = f"option {option}\n{SUBIMAGE_SLICES[option]}\n= {text}, shape {block.shape}"
            if block.size:
                NumberGrid(ax, block, title)
                ax.set_xticks([])
                ax.set_yticks([])
                ax.set_xlabel("")
                ax.set_ylabel("")
                # one scale for every block (up to (kh + 1) x (kw + 1)), so sizes compare
                ax.set_xlim(-0.5, kw + 0.5)
                ax.set_ylim(kh + 0.5, -0.5)
            else:
                ax.set_title(title, fontsize=10)
                ax.text(0.5, 0.5, "empty:\nno pixels at all", ha="center", va="center",
                        transform=ax.transAxes)
                ax.set_xticks([])
                ax.set_yticks([])
            ax.title.set_fontsize(9.5)
    fig.suptitle(f"the five candidate slices for a {kernel_shape[0]}x{kernel_shape[1]} kernel "
                 f"(kh = {kernel_shape[0]}, kw = {kernel_shape[1]})")
    fig.tight_layout()
    return fig


def volume_conv_parts(volume, filters, k: int = 0, bias: float = 0.0) -> tuple:
    """(per-channel maps, feature map) of filter k on a volume: valid mode, stride 1.

    volume: H x W x C; filters: fh x fw x C x K (or fh x fw x C for one filter). Map c is
    channel c cross-correlated with the filter's slice c; the feature map is their sum plus bias.
    """
    volume = np.asarray(volume, dtype=np.float64)
    filters = np.asarray(filters, dtype=np.float64)
    one = filters if filters.ndim == 3 else filters[:, :, :, k]
    maps = [valid_correlation(volume[:, :, c], one[:, :, c]) for c in range(volume.shape[2])]
    return maps, sum(maps) + bias


def _panel(ax, values, title: str, numbers: bool, colorbar: bool) -> None:
    values = np.asarray(values, dtype=np.float64)
    limit = max(np.abs(values).max(), 1e-9)
    signed = values.min() < 0
    shown = ax.imshow(values, cmap="gray", vmin=-limit if signed else 0.0, vmax=limit)
    if numbers:
        middle = 0.0 if signed else limit / 2
        for x in range(values.shape[0]):
            for y in range(values.shape[1]):
                ax.text(y, x, f"{values[x, y]:.3g}", ha="center", va="center", fontsize=8,
                        color="black" if values[x, y] > middle else "white")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    if colorbar and (signed or not numbers):  # numbers written on the panel say the rest
        ax.figure.colorbar(shown, ax=ax, fraction=0.046, pad=0.04)


@figure_or_widget
def volume_conv_figure(volume, filters, k: int = 0, bias: float = 0.0, channel_names=None):
    """A volume convolution drawn: each channel, the filter's slice for it, the channel's map,
    and the feature map, their sum (plus the bias); returns the figure.

    Small arrays (up to 10x10) show their numbers. channel_names: e.g. ("red", "green", "blue").
    """
    volume = np.asarray(volume, dtype=np.float64)
    filters = np.asarray(filters, dtype=np.float64)
    one = filters if filters.ndim == 3 else filters[:, :, :, k]
    maps, feature_map = volume_conv_parts(volume, filters, k, bias)
    channels = volume.shape[2]
    names = channel_names or [f"channel {c}" for c in range(channels)]
    numbers = max(volume.shape[:2]) <= 10
    fig = plt.figure(figsize=(14, 2.9 * channels))
    grid = fig.add_gridspec(channels, 4)
    for c in range(channels):
        _panel(fig.add_subplot(grid[c, 0]), volume[:, :, c], f"volume[:, :, {c}] ({names[c]})",
               numbers, colorbar=not numbers)
        _panel(fig.add_subplot(grid[c, 1]), one[:, :, c], f"times the filter's slice {c}",
               True, colorbar=True)
        _panel(fig.add_subplot(grid[c, 2]), maps[c], f"= the map of {names[c]}"
               + (" (+)" if c < channels - 1 else ""), numbers, colorbar=True)
    bias_text = f" + bias {bias:g}" if bias else ""
    _panel(fig.add_subplot(grid[:, 3]), feature_map,
           f"sum of the {channels} maps{bias_text}:\nthe feature map, "
           f"{feature_map.shape[0]}x{feature_map.shape[1]}", numbers, colorbar=True)
    shape = "x".join(str(n) for n in one.shape)
    fig.suptitle(f"a {'x'.join(str(n) for n in volume.shape)} volume and one {shape} filter: "
                 f"one 2-D feature map")
    fig.tight_layout()
    return fig
