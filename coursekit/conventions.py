"""The course's conventions in one picture: how an image is indexed, and what `_x` and `_y` mean.

    conventions_figure()                 # indexing and the two Sobel kernels at work (Part 1)
    conventions_figure(indexing=False)   # only the edge kernels, where a direction matters

- A grayscale image is a 2-D array indexed im[x, y]: x is the row (axis 0, going down), y the
  column (axis 1, going right); im.shape is (rows, columns).
- An edge kernel named `_x` responds to change along x (down the rows), so it finds
  horizontal edges; `_y` responds to change along y (across the columns): vertical edges.
  Applied as im_conv applies it (cross-correlation, the kernel not flipped), it is positive
  where the image gets brighter in its direction.

SOBEL_X and SOBEL_Y are Part 3's `sobel_x` and `sobel_y` (the course's tests check that they are
equal to the graded EDGE_KERNELS).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .drawing import figure_or_widget
from .window import NumberGrid

# Part 3's names and signs (EDGE_KERNELS): x is the row, so sobel_x weighs the row below (+)
# against the row above (-).
SOBEL_X = np.array([[-1, -2, -1],
                    [0, 0, 0],
                    [1, 2, 1]], dtype=np.float64)
SOBEL_Y = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=np.float64)


def valid_correlation(im, kernel) -> np.ndarray:
    """Valid-mode cross-correlation (what im_conv computes), for the figures of this package."""
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
    return np.einsum("xyij,ij->xy", windows, kernel)


def step_images(size: int = 6, low: float = 0.0, high: float = 10.0) -> dict:
    """Two size x size images with one edge in the middle: {"x": brighter down the rows (a
    horizontal edge), "y": brighter to the right (a vertical edge)}."""
    down = np.full((size, size), low)
    down[size // 2:, :] = high
    return {"x": down, "y": down.T.copy()}


def edge_responses(size: int = 6) -> dict:
    """{(kernel axis, step axis): valid result} for SOBEL_X and SOBEL_Y on both step images."""
    steps = step_images(size)
    kernels = {"x": SOBEL_X, "y": SOBEL_Y}
    return {(k, s): valid_correlation(steps[s], kernels[k]) for k in kernels for s in steps}


def _values(ax, values, title: str, colorbar: bool = False, fmt: str = "{:g}"):
    """A small array as a gray image with its numbers written on it (x down, y across)."""
    values = np.asarray(values, dtype=np.float64)
    limit = max(np.abs(values).max(), 1e-9)
    signed = values.min() < 0
    vmin, vmax = (-limit, limit) if signed else (0.0, limit)
    shown = ax.imshow(values, cmap="gray", vmin=vmin, vmax=vmax)
    middle = (vmin + vmax) / 2
    for x in range(values.shape[0]):
        for y in range(values.shape[1]):
            ax.text(y, x, fmt.format(values[x, y]), ha="center", va="center", fontsize=9,
                    color="black" if values[x, y] > middle else "white")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("y (column) \u2192")
    ax.set_ylabel("\u2190 x (row)")
    ax.set_title(title, fontsize=10)
    if colorbar:
        ax.figure.colorbar(shown, ax=ax, fraction=0.046, pad=0.04)
    return shown


def _indexing_panel(ax) -> None:
    """A 5x6 ramp with the pixel im[1, 3] outlined and arrows along x (down) and y (right)."""
    ramp = np.arange(30).reshape(5, 6)
    NumberGrid(ax, ramp, highlight=(1, 3, 1, 1))
    ax.set_xlabel(f"an image is indexed im[x, y]; im.shape = {ramp.shape} = (rows, columns)\n"
                  f"the outlined pixel is im[1, 3] = {ramp[1, 3]}: row 1, column 3", fontsize=10)
    ax.set_ylabel("")
    arrow = dict(arrowstyle="-|>", color="tab:blue", linewidth=2)
    ax.annotate("", xy=(5.6, -0.95), xytext=(-0.5, -0.95), arrowprops=arrow, annotation_clip=False)
    ax.text(2.5, -1.1, "y: the column, axis 1 (across)", ha="center", va="bottom", color="tab:blue")
    ax.annotate("", xy=(-1.2, 4.6), xytext=(-1.2, -0.5), arrowprops=arrow, annotation_clip=False)
    ax.text(-1.35, 2.0, "x: the row, axis 0 (down)", ha="right", va="center", rotation=90,
            color="tab:blue")
    ax.set_xlim(-0.5, 5.5)
    ax.set_ylim(4.5, -0.5)


@figure_or_widget
def conventions_figure(indexing: bool = True):
    """The conventions picture; returns the figure.

    indexing: add the panel that shows im[x, y] on a small array (x the row, y the column).
    The other panels show Part 3's sobel_x and sobel_y at work on a step that gets brighter down
    the rows and on one that gets brighter to the right: each kernel responds (positively) only
    to change along its own axis.
    """
    steps = step_images()
    responses = edge_responses()
    kernels = {"x": SOBEL_X, "y": SOBEL_Y}
    columns = 4 if indexing else 3
    fig = plt.figure(figsize=(3.6 * columns + (1.0 if indexing else 0.0), 6.6))
    grid = fig.add_gridspec(2, columns, width_ratios=([1.35] if indexing else []) + [1, 1, 1])
    if indexing:
        _indexing_panel(fig.add_subplot(grid[:, 0]))
    first = 1 if indexing else 0
    words = {"x": ("down the rows", "a horizontal edge"), "y": ("to the right", "a vertical edge")}
    for row, axis in enumerate(("x", "y")):
        other = "y" if axis == "x" else "x"
        going, edge = words[axis]
        _values(fig.add_subplot(grid[row, first]), steps[axis],
                f"brighter {going} (along {axis}):\n{edge}")
        _values(fig.add_subplot(grid[row, first + 1]), kernels[axis],
                f"sobel_{axis}: change along {axis}", colorbar=True)
        response = responses[(axis, axis)]
        quiet = responses[(other, axis)]
        _values(fig.add_subplot(grid[row, first + 2]), response,
                f"im_conv(step, sobel_{axis}): up to {response.max():g}\n"
                f"(sobel_{other} on this step: all {np.abs(quiet).max():g})", colorbar=True)
    fig.suptitle("x is the row (axis 0), y the column (axis 1); a kernel named _x responds to "
                 "change along x", fontsize=12)
    fig.tight_layout()
    return fig
