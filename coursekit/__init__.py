"""Helpers the notebooks use: photos, figures and widgets.

This package travels inside the student release (next to each notebook), so it
uses only numpy, OpenCV, matplotlib and ipywidgets, and nothing of the grader
or the reference solutions.
"""
from .photos import find_data_dir, load_photo
from .plots import show_images

__all__ = ["find_data_dir", "load_photo", "show_images"]
