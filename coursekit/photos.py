"""Find and load the course's photographs (data/, next to the notebook or above it)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

PHOTOS = ("astronaut", "chelsea", "coffee")


def find_data_dir(start: Path | None = None) -> Path:
    """The nearest `data/` folder holding the course photos, from `start` (default: cwd) upwards."""
    start = Path.cwd() if start is None else Path(start)
    for folder in [start, *start.resolve().parents]:
        candidate = folder / "data"
        if (candidate / f"{PHOTOS[0]}.png").is_file():
            return candidate
    raise FileNotFoundError(f"no data/ folder with the course photos in {start} or above it")


def load_photo(name: str = "chelsea", gray: bool = True) -> np.ndarray:
    """A course photo as a uint8 array: H x W if `gray`, else H x W x 3 in RGB order.

    name: one of PHOTOS ("astronaut", "chelsea", "coffee").
    """
    if name not in PHOTOS:
        raise ValueError(f"unknown photo {name!r}: expected one of {PHOTOS}")
    path = find_data_dir() / f"{name}.png"
    if gray:
        return cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    # OpenCV reads BGR; matplotlib and the course speak RGB.
    return cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
