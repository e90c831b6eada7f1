"""The photographs in data/ are documented, licensed, small, and load with OpenCV."""

import re
from pathlib import Path

import cv2
import numpy as np
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
FREE_LICENCES = ("public domain", "cc0")
MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 1_500_000

IMAGES = sorted(p for p in DATA.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def readme_table() -> dict[str, dict[str, str]]:
    """The table in data/README.md: {file name: {column header (lower case): cell}}."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("|")
    ]
    header = [h.lower() for h in rows[0]]
    table = {}
    for row in rows[1:]:
        if set("".join(row)) <= set("-: "):
            continue  # the |---|---| separator
        cells = dict(zip(header, row))
        table[cells["file"].strip("`")] = cells
    return table


def test_data_holds_at_least_two_photographs_within_the_size_budget():
    assert len(IMAGES) >= 2, f"data/ should hold at least two photographs, has {IMAGES}"
    total = sum(p.stat().st_size for p in IMAGES)
    assert total <= MAX_TOTAL_BYTES, f"data/ images take {total} bytes, budget {MAX_TOTAL_BYTES}"


def test_readme_lists_only_files_that_exist():
    missing = sorted(set(readme_table()) - {p.name for p in IMAGES})
    assert not missing, f"data/README.md lists files that are not in data/: {missing}"


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_image_is_listed_in_readme_with_a_free_licence(path):
    table = readme_table()
    assert path.name in table, f"add {path.name} to the table in data/README.md"
    row = table[path.name]
    for column in ("what it shows", "source", "author", "licence"):
        assert row.get(column), f"data/README.md: {path.name} has no {column!r}"
    assert any(word in row["licence"].lower() for word in FREE_LICENCES), (
        f"{path.name}: licence {row['licence']!r} is not public domain or CC0"
    )


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_image_is_at_most_one_megabyte(path):
    assert path.stat().st_size <= MAX_FILE_BYTES


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_image_loads_with_opencv_in_colour_and_in_grayscale(path):
    colour = cv2.imread(str(path), cv2.IMREAD_COLOR)
    gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert colour is not None and gray is not None, f"OpenCV cannot read {path.name}"
    assert colour.dtype == np.uint8 and gray.dtype == np.uint8
    assert colour.ndim == 3 and colour.shape[2] == 3
    assert gray.ndim == 2 and gray.shape == colour.shape[:2]
    assert min(gray.shape) >= 200, "too small to show what a kernel does"
    assert gray.std() > 10, "a photograph, not a flat image"


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_readme_states_the_pixel_size_of_each_image(path):
    height, width = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE).shape
    size = readme_table()[path.name]["size"]
    assert re.search(rf"\b{width} x {height} px\b", size), (
        f"data/README.md says {size!r} for {path.name}, which is {width} x {height} px"
    )
