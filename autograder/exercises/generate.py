"""Building blocks for cases: random images and kernels with tags, bad arguments.

Every generator takes a numpy Generator so that the cases are the same on
every run (the exercise's seed is fixed, see `reference.seed_for`).
"""
from __future__ import annotations

import numpy as np

from autograder.exercises.spec import Case

WORKED_IMAGE = np.array([[10, 20, 30, 40], [10, 20, 30, 40],
                         [20, 30, 40, 50], [20, 30, 40, 50]], dtype=np.int64)
WORKED_KERNEL = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.int64)


def random_image(rng: np.random.Generator, shape: tuple, kind: str = "float") -> np.ndarray:
    """A random array of `shape`: kind "float" (normal, scale 10), "uint8" (0..255), "int" (-50..50)."""
    if kind == "uint8":
        return rng.integers(0, 256, size=shape, dtype=np.uint8)
    if kind == "int":
        return rng.integers(-50, 51, size=shape).astype(np.int64)
    return rng.normal(0.0, 10.0, size=shape)


def tags_for(image: np.ndarray, kernel_shape: tuple) -> frozenset:
    """The diagnosis tags an image/kernel pair carries."""
    tags = set()
    if image.dtype == np.uint8:
        tags.add("uint8")
    if image.ndim >= 2 and (image.shape[0] != image.shape[1] or kernel_shape[0] != kernel_shape[1]):
        tags.add("non_square")
    if any(k % 2 == 0 for k in kernel_shape):
        tags.add("even_kernel")
    if tuple(kernel_shape) == (1, 1):
        tags.add("kernel_1x1")
    if tuple(kernel_shape) == tuple(image.shape[:2]):
        tags.add("kernel_as_image")
    if np.issubdtype(image.dtype, np.number) and image.size and image.min() < 0:
        tags.add("negative")
    return frozenset(tags)


def _shape_text(shape: tuple) -> str:
    return "x".join(str(n) for n in shape)


def image_kernel_case(image: np.ndarray, kernel: np.ndarray, label: str = "", **kwargs) -> Case:
    """A case `(image, kernel, **kwargs)` with its tags and a readable label."""
    label = label or (f"{_shape_text(image.shape)} {image.dtype} image, "
                      f"{_shape_text(kernel.shape)} kernel")
    return Case((image, kernel), dict(kwargs), label, tags_for(image, kernel.shape))


def image_kernel_cases(rng: np.random.Generator, count: int = 16, max_side: int = 9,
                       kernel_kinds: tuple = ("float", "int")) -> list:
    """Valid-mode image/kernel pairs: the worked example, the edge cases, then random ones.

    Covers non-square images and kernels, even kernel sizes, a 1x1 kernel, a
    kernel as large as the image, uint8 images whose sums overflow 255, and
    negative values.
    """
    cases = [
        image_kernel_case(WORKED_IMAGE, WORKED_KERNEL, "the worked 4x4 example with the sharpen kernel"),
        image_kernel_case(random_image(rng, (5, 7)), random_image(rng, (1, 1)), "5x7 image, 1x1 kernel"),
        image_kernel_case(random_image(rng, (4, 6)), random_image(rng, (4, 6)),
                          "kernel as large as the 4x6 image"),
        image_kernel_case(random_image(rng, (6, 6)), random_image(rng, (2, 2)), "6x6 image, even 2x2 kernel"),
        image_kernel_case(random_image(rng, (7, 5)), random_image(rng, (2, 3)), "7x5 image, 2x3 kernel"),
        image_kernel_case(np.full((5, 6), 200, dtype=np.uint8), np.ones((3, 3), dtype=np.int64),
                          "5x6 uint8 image of 200s, 3x3 kernel of ones (sums reach 1800)"),
        image_kernel_case(random_image(rng, (6, 8), "uint8"), random_image(rng, (3, 2), "int"),
                          "6x8 uint8 image, 3x2 integer kernel"),
        image_kernel_case(random_image(rng, (5, 5), "int"), random_image(rng, (3, 3), "int"),
                          "5x5 image with negative values, 3x3 integer kernel"),
    ]
    kinds = ("float", "uint8", "int")
    for _ in range(count):
        h, w = (int(n) for n in rng.integers(1, max_side + 1, size=2))
        kh, kw = int(rng.integers(1, h + 1)), int(rng.integers(1, w + 1))
        image = random_image(rng, (h, w), kinds[int(rng.integers(len(kinds)))])
        kernel = random_image(rng, (kh, kw), kernel_kinds[int(rng.integers(len(kernel_kinds)))])
        cases.append(image_kernel_case(image, kernel, "random " + image_kernel_case(image, kernel).label))
    return cases


def bad_image_kernel_cases(rng: np.random.Generator) -> list:
    """Arguments that must raise ValueError: wrong ndim, a kernel larger than the image."""
    bad = frozenset({"bad_arguments"})
    return [
        Case((random_image(rng, (4, 4, 3)), np.ones((3, 3))), {}, "a 3-D image (4x4x3)", bad),
        Case((random_image(rng, (4, 4)), np.ones(3)), {}, "a 1-D kernel", bad),
        Case((random_image(rng, (4, 4)), np.ones((5, 5))), {}, "a 5x5 kernel on a 4x4 image", bad),
        Case((random_image(rng, (6, 3)), np.ones((2, 4))), {}, "a 2x4 kernel on a 6x3 image (too wide)", bad),
    ]
