"""The sliding window, drawn: a small image as a grid of numbers with one window highlighted."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle


def draw_grid(ax, values: np.ndarray, title: str = "", highlight=None, fmt: str = "{:g}") -> None:
    """Draw a small 2-D array as a grid of numbers; `highlight` = (x, y, kh, kw) outlines a window.

    The row index x runs down and the column index y runs across, as in im[x, y].
    """
    values = np.asarray(values)
    ax.imshow(values, cmap="Greys", alpha=0.35, vmin=values.min() - 1, vmax=values.max() + 1)
    for x in range(values.shape[0]):
        for y in range(values.shape[1]):
            ax.text(y, x, fmt.format(values[x, y]), ha="center", va="center", fontsize=9)
    if highlight is not None:
        x, y, kh, kw = highlight
        # imshow puts pixel (x, y) at column y, row x: the rectangle starts half a pixel before.
        ax.add_patch(Rectangle((y - 0.5, x - 0.5), kw, kh, fill=False, edgecolor="tab:red", linewidth=3))
    ax.set_xticks(range(values.shape[1]))
    ax.set_yticks(range(values.shape[0]))
    ax.set_xlabel("y (column)")
    ax.set_ylabel("x (row)")
    ax.set_title(title)


def window_figure(im: np.ndarray, x: int, y: int, kernel_shape: tuple):
    """The image with the window at (x, y) outlined, and the subimage beside it."""
    kh, kw = kernel_shape
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4), gridspec_kw={"width_ratios": [2, 1]})
    draw_grid(left, im, f"image {im.shape[0]}x{im.shape[1]}, window at (x={x}, y={y})", (x, y, kh, kw))
    draw_grid(right, im[x:x + kh, y:y + kw], f"subimage im[{x}:{x + kh}, {y}:{y + kw}]")
    fig.tight_layout()
    return fig


def window_explorer(im: np.ndarray, kernel_shape: tuple = (3, 3)):
    """Sliders for x and y that move a kernel-sized window over `im` (valid positions only)."""
    import ipywidgets as widgets
    from IPython.display import display

    kh, kw = kernel_shape
    im = np.asarray(im)
    out = widgets.Output()
    x_slider = widgets.IntSlider(0, 0, im.shape[0] - kh, description="x (row)")
    y_slider = widgets.IntSlider(0, 0, im.shape[1] - kw, description="y (column)")

    def redraw(_=None):
        with out:
            out.clear_output(wait=True)
            fig = window_figure(im, x_slider.value, y_slider.value, kernel_shape)
            display(fig)
            plt.close(fig)

    x_slider.observe(redraw, "value")
    y_slider.observe(redraw, "value")
    redraw()
    return widgets.VBox([widgets.HBox([x_slider, y_slider]), out])
