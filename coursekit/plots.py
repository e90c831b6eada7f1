"""Side-by-side figures in the course's style: a title on every panel, axes off for photos."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .drawing import figure_or_widget


@figure_or_widget
def show_images(images, titles=None, cmap: str = "gray", colorbar: bool = False,
                size: float = 4.0, axes_off: bool = True):
    """Show 2-D (or H x W x 3) arrays side by side in one row; returns the figure.

    images: a list of arrays, or a dict {title: array}.
    colorbar: add one per panel (use it where values can be negative: edges, detail).
    """
    if isinstance(images, dict):
        titles, images = list(images), list(images.values())
    titles = titles or [""] * len(images)
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size), squeeze=False)
    for ax, image, title in zip(axes[0], images, titles):
        shown = ax.imshow(np.asarray(image), cmap=cmap)
        ax.set_title(title)
        if axes_off:
            ax.axis("off")
        if colorbar:
            fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    return fig
