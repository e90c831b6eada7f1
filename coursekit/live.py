"""A figure that stays on screen and redraws only what moved: the engine of every widget here.

A widget builds its figure once, tells `LiveFigure` which artists (or whole axes) change when a
control moves, and after each change calls `refresh()`. The still parts are drawn once and kept
as a bitmap; a refresh pastes that bitmap back, draws only the moving artists on top and sends
the picture to an `ipywidgets.Image`. This is matplotlib's blitting, aimed at a PNG instead of a
window: a redraw costs the few texts and patches that changed, not the whole figure (building a
figure and laying it out again is what made the first versions of these widgets slow).

    live = LiveFigure(fig, moving=[rect, ax.title])
    rect.set_xy((2, 1)); ax.set_title("window at (1, 2)")
    live.refresh()                 # live.view shows the new picture
    live.refresh(everything=True)  # after a change to a still part (a new colour scale, say)
"""
from __future__ import annotations

import cv2
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

# zlib level 1 after the "up" filter (each row minus the row above): on these figures, 2-5 times
# faster than matplotlib's own PNG writer for a file at most 10% larger, and the bytes only
# travel from the kernel to the browser.
_PNG_OPTIONS = [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_UP]


class LiveFigure:
    """A matplotlib figure shown in an ipywidgets.Image and redrawn by blitting.

    Inputs:
    - figure: a matplotlib Figure, already laid out (its layout engine is switched off here, so
      that the still parts keep their place).
    - moving: artists (texts, patches, images, lines, whole axes) that change between refreshes;
      more can be added with `move()`.

    Attributes:
    - view: the ipywidgets.Image to display (created on first use, so the figure also works
      without ipywidgets).
    - png: the last picture, PNG bytes.
    """

    def __init__(self, figure, moving=()):
        self.figure = figure
        plt.close(figure)  # pyplot forgets it, so a notebook's inline backend never shows it twice
        self.canvas = FigureCanvasAgg(figure)  # our own canvas, whatever the backend
        self._moving: list = []
        self._still = None  # the bitmap of everything that does not move
        self._view = None
        self.png = b""
        self.canvas.draw()  # the layout engine places the axes once...
        self.figure.set_layout_engine("none")  # ...and they stay there
        self.move(*moving)

    def move(self, *artists) -> None:
        """Declare more artists as moving (drawn at every refresh, left out of the still bitmap)."""
        for artist in artists:
            if artist is not None and artist not in self._moving:
                artist.set_animated(True)
                self._moving.append(artist)
                self._still = None  # the still bitmap may show it: draw it again without

    def refresh(self, everything: bool = False) -> bytes:
        """Draw the moving artists over the still bitmap (all of it if `everything`); returns the PNG."""
        if everything or self._still is None:
            self.canvas.draw()  # animated artists are left out of a full draw
            self._still = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._still)
        for artist in self._moving:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        self.png = _png(self.canvas)
        if self._view is not None:
            self._view.value = self.png
        return self.png

    @property
    def view(self):
        if self._view is None:
            import ipywidgets as widgets
            if not self.png:
                self.refresh()
            self._view = widgets.Image(value=self.png, format="png")
        return self._view

    def snapshot(self) -> np.ndarray:
        """The picture now on screen as an H x W x 3 uint8 array (RGB)."""
        encoded = np.frombuffer(self.png or self.refresh(), dtype=np.uint8)
        return cv2.cvtColor(cv2.imdecode(encoded, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def _png(canvas) -> bytes:
    """The canvas as PNG bytes (RGB: the figures here are opaque)."""
    bgr = cv2.cvtColor(np.asarray(canvas.buffer_rgba()), cv2.COLOR_RGBA2BGR)
    ok, encoded = cv2.imencode(".png", bgr, _PNG_OPTIONS)
    if not ok:
        raise RuntimeError("OpenCV could not encode the figure as PNG")
    return encoded.tobytes()


def widget_box(controls: list, live: LiveFigure):
    """A widget: rows of controls above the live picture (ipywidgets.VBox).

    The box keeps its LiveFigure as `box.live`, so the figure on screen can be saved
    (`box.live.figure.savefig("frame.png")`) or checked in a test.
    """
    import ipywidgets as widgets

    box = widgets.VBox([*controls, live.view])
    box.live = live
    return box
