"""Part 3, kernel discovery: named kernels, what their numbers say, and learning one from data.

Every public name here is shown to students on its own (its source is copied
into a notebook), so each function checks its own arguments and uses only
numpy, math and the other public names of the course.
"""
import math

import numpy as np

# Public names of earlier parts that functions here build on (never private helpers).
from .convolution import im_conv

EDGE_KERNELS = {
    # Orientation: the course indexes im[x, y] with x the row (down) and y the column
    # (right). A "_x" kernel is a derivative along x: with im_conv (no flip) it is
    # positive where the image gets brighter going down, so it responds to
    # HORIZONTAL edges. A "_y" kernel is a derivative along y: positive where the
    # image gets brighter going right, so it responds to VERTICAL edges.
    # OpenCV names axes the other way round: sobel_y here is the lesson's
    # "Sobel vertical" and cv2.Sobel(im, cv2.CV_64F, 1, 0); sobel_x is cv2.Sobel(..., 0, 1).
    "sobel_x": np.array([[-1, -2, -1],
                         [0, 0, 0],
                         [1, 2, 1]], dtype=np.float64),
    "sobel_y": np.array([[-1, 0, 1],
                         [-2, 0, 2],
                         [-1, 0, 1]], dtype=np.float64),
    # Scharr: Sobel with weights chosen for more accurate gradient directions.
    "scharr_x": np.array([[-3, -10, -3],
                          [0, 0, 0],
                          [3, 10, 3]], dtype=np.float64),
    "scharr_y": np.array([[-3, 0, 3],
                          [-10, 0, 10],
                          [-3, 0, 3]], dtype=np.float64),
    # Prewitt: Sobel without the extra weight on the middle row / column.
    "prewitt_x": np.array([[-1, -1, -1],
                           [0, 0, 0],
                           [1, 1, 1]], dtype=np.float64),
    "prewitt_y": np.array([[-1, 0, 1],
                           [-1, 0, 1],
                           [-1, 0, 1]], dtype=np.float64),
    # Roberts cross (2x2): derivatives along the diagonals. roberts_x is
    # im[x + 1, y + 1] - im[x, y] (brighter towards down-right), roberts_y is
    # im[x, y + 1] - im[x + 1, y] (brighter towards up-right): the pair is
    # (sobel_x, sobel_y) turned by 45 degrees. roberts_y is the lesson's
    # "Roberts cross vertical".
    "roberts_x": np.array([[-1, 0],
                           [0, 1]], dtype=np.float64),
    "roberts_y": np.array([[0, 1],
                           [-1, 0]], dtype=np.float64),
    # Laplacian-style, 8 neighbours: the centre minus the sum of its neighbours.
    # No direction: large where the pixel differs from its surroundings
    # (positive on a bright spot or line, negative on a dark one).
    "laplacian": np.array([[-1, -1, -1],
                           [-1, 8, -1],
                           [-1, -1, -1]], dtype=np.float64),
}


def box_blur_kernel(n):
    """The n x n box blur: every weight 1 / n**2, so the result is the window's mean.

    Inputs:
    - n: int >= 1, the side of the square kernel (even sizes are allowed).

    Returns:
    - n x n float64 array whose entries sum to 1.

    Raises ValueError if n is not an int >= 1.
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")

    return np.full((n, n), 1.0 / (n * n))


def identity_kernel(n=3):
    """The n x n identity kernel: 1 at the centre, 0 elsewhere.

    Filtering with it returns the image unchanged (in valid mode, the image
    with a border of n // 2 pixels cut off).

    Inputs:
    - n: odd int >= 1 (an even square has no centre pixel).

    Returns:
    - n x n float64 array.

    Raises ValueError if n is not an odd int >= 1.
    """
    if not isinstance(n, (int, np.integer)) or n < 1 or n % 2 == 0:
        raise ValueError(f"n must be an odd int >= 1 (the kernel needs a centre), got {n!r}")

    kernel = np.zeros((n, n))
    kernel[n // 2, n // 2] = 1.0
    return kernel


def sharpen_kernel(n=3):
    """The n x n sharpen kernel 2 * identity - box blur.

    It is identity + (identity - blur): the image plus its detail (what blurring
    removes), so edges stand out more. Its entries sum to 1.

    Inputs:
    - n: odd int >= 1.

    Returns:
    - n x n float64 array.

    Raises ValueError if n is not an odd int >= 1.
    """
    return 2 * identity_kernel(n) - box_blur_kernel(n)


def gaussian_kernel(n):
    """The n x n binomial Gaussian blur: row n - 1 of Pascal's triangle, outer product, normalised.

    n = 3 gives [1, 2, 1] x [1, 2, 1] / 16, n = 5 gives [1, 4, 6, 4, 1] x [1, 4, 6, 4, 1] / 256.
    Binomial weights approach the bell curve of a Gaussian as n grows.

    Inputs:
    - n: int >= 1 (even sizes are allowed; n = 1 gives [[1.0]]).

    Returns:
    - n x n float64 array, symmetric, largest in the middle, entries summing to 1.

    Raises ValueError if n is not an int >= 1.
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")

    row = np.array([math.comb(n - 1, k) for k in range(n)], dtype=np.float64)
    kernel = np.outer(row, row)
    return kernel / kernel.sum()


def gradient_magnitude(im):
    """How strongly the image changes at each pixel: sqrt(gx**2 + gy**2) from the Sobel kernels.

    gx = im_conv(im, EDGE_KERNELS["sobel_x"]) (change along x, down the rows) and
    gy = im_conv(im, EDGE_KERNELS["sobel_y"]) (change along y, across the columns),
    both valid mode.

    Inputs:
    - im: H x W array of any real dtype, H >= 3 and W >= 3.

    Returns:
    - (H - 2) x (W - 2) float64 array, all entries >= 0.

    Raises ValueError as im_conv does (im not 2-D, or smaller than 3x3).
    """
    gx = im_conv(im, EDGE_KERNELS["sobel_x"])
    gy = im_conv(im, EDGE_KERNELS["sobel_y"])
    return np.sqrt(gx ** 2 + gy ** 2)


def classify_kernel(kernel):
    """What a kernel does, read from its numbers alone: "identity", "blur", "sharpen" or "edge".

    The centre is kernel[kh // 2, kw // 2] (the middle for odd sizes, the pixel
    cv2.filter2D anchors on for even ones). The rules, in this order:
    - "identity": a single 1 at the centre and zeros elsewhere (so a 1x1 [[1]],
      which is also the 1x1 box blur and Gaussian, is "identity");
    - "edge": the entries sum to 0, so a flat region gives 0 and only changes
      show (Sobel, Scharr, Prewitt, Roberts, Laplacian, identity - blur);
    - "blur": all entries >= 0, at least two of them positive, summing to 1
      (a weighted average: box blur, Gaussian);
    - "sharpen": summing to 1, with negative entries and a positive centre
      (2 * identity - blur).
    Sums are compared with a tolerance that scales with the entries, so
    rounding errors (1/9 * 9 != 1 exactly) do not matter.

    Inputs:
    - kernel: kh x kw array of any real dtype.

    Returns:
    - one of the strings "identity", "blur", "sharpen", "edge".

    Raises ValueError if kernel is not a non-empty 2-D array of finite numbers,
    or if it fits none of the four rules (for example an all-zero kernel, a blur
    that is not normalised to sum 1, or a single 1 away from the centre, which
    shifts the image).
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")
    if not np.all(np.isfinite(kernel)):
        raise ValueError("kernel entries must be finite numbers (no nan or inf)")

    kernel_h, kernel_w = kernel.shape
    centre = kernel[kernel_h // 2, kernel_w // 2]
    total = kernel.sum()
    # Rounding errors in a sum grow with the size of the entries, so does the tolerance.
    tolerance = 1e-9 * np.abs(kernel).sum()
    sums_to_one = abs(total - 1.0) <= tolerance
    nonzero_count = np.count_nonzero(kernel)

    if nonzero_count == 1 and abs(centre - 1.0) <= tolerance:
        return "identity"
    if nonzero_count > 0 and abs(total) <= tolerance:
        return "edge"
    if sums_to_one and np.all(kernel >= 0) and nonzero_count >= 2:
        return "blur"
    if sums_to_one and np.any(kernel < 0) and centre > 0:
        return "sharpen"
    raise ValueError(
        f"kernel fits none of the classes: expected 'identity' (a single 1 at the centre), "
        f"'edge' (entries summing to 0), 'blur' (entries >= 0 summing to 1) or 'sharpen' "
        f"(summing to 1, negative entries, positive centre); got sum {total:g}, "
        f"smallest entry {kernel.min():g}, centre {centre:g}")


def discover_kernel(im, filtered, kernel_shape):
    """Recover an unknown kernel from an image and its valid-mode result, by least squares.

    Each output pixel gives one linear equation in the kh * kw unknown weights:
    sum(im[x:x + kh, y:y + kw] * kernel) = filtered[x, y]. With more windows than
    weights (and a varied image) the system has one best solution, found by
    np.linalg.lstsq. A CNN learns its kernels the same way: by fitting weights so
    that outputs match targets.

    Inputs:
    - im: H x W array of any real dtype.
    - filtered: (H - kh + 1) x (W - kw + 1) array, im_conv(im, kernel) for the unknown kernel.
    - kernel_shape: (kh, kw), two ints >= 1, no larger than the image.

    Returns:
    - kh x kw float64 array, the kernel that best explains `filtered` (exact up to
      rounding when `filtered` came from a kernel of that shape and the image
      gives at least kh * kw independent windows; otherwise the smallest-norm
      least-squares fit).

    Raises ValueError if im or filtered is not a non-empty 2-D array, if
    kernel_shape is not two ints >= 1 no larger than the image, or if filtered
    does not have the valid-mode shape.
    """
    im = np.asarray(im, dtype=np.float64)
    filtered = np.asarray(filtered, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    if filtered.ndim != 2 or filtered.size == 0:
        raise ValueError(f"filtered must be a non-empty 2-D array, got shape {filtered.shape}")
    if len(kernel_shape) != 2 or not all(isinstance(n, (int, np.integer)) and n >= 1
                                         for n in kernel_shape):
        raise ValueError(f"kernel_shape must be two ints >= 1, got {tuple(kernel_shape)}")
    image_h, image_w = im.shape
    kernel_h, kernel_w = int(kernel_shape[0]), int(kernel_shape[1])
    if kernel_h > image_h or kernel_w > image_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} is larger than the image "
                         f"{image_h}x{image_w}")
    out_h, out_w = image_h - kernel_h + 1, image_w - kernel_w + 1
    if filtered.shape != (out_h, out_w):
        raise ValueError(f"filtered has shape {filtered.shape}, expected {(out_h, out_w)}: "
                         f"the valid-mode result of a {kernel_h}x{kernel_w} kernel "
                         f"on a {image_h}x{image_w} image")

    # One row per window (flattened), in the same x-then-y order as filtered.ravel().
    windows = np.array([im[x:x + kernel_h, y:y + kernel_w].ravel()
                        for x in range(out_h) for y in range(out_w)])
    weights, *_ = np.linalg.lstsq(windows, filtered.ravel(), rcond=None)
    return weights.reshape(kernel_h, kernel_w)


def gradient_step(kernel, im, filtered, lr):
    """One step of gradient descent on the mean squared error of a kernel's valid-mode result.

    The loss of a kernel is the mean, over the N output pixels, of the squared
    difference between its result and the target:
    L(kernel) = mean((im_conv(im, kernel) - filtered) ** 2).
    One step moves every weight a little downhill:
    new kernel = kernel - lr * dL/dkernel, where dL/dkernel[i, j] is how fast L
    grows with kernel[i, j]. Repeated, these steps are how a CNN learns its kernels.

    Inputs:
    - kernel: kh x kw array of any real dtype, the current weights.
    - im: H x W array of any real dtype, kh <= H and kw <= W.
    - filtered: (H - kh + 1) x (W - kw + 1) array of any real dtype, the target result.
    - lr: the learning rate, a finite number > 0 (int or float, numpy's too).

    Returns:
    - kh x kw float64 array, the new kernel (the kernel given is not changed).

    Raises ValueError if kernel, im or filtered is not a non-empty 2-D array, if
    the kernel is larger than the image, if filtered does not have the valid-mode
    shape, or if lr is not a finite number > 0.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    im = np.asarray(im, dtype=np.float64)
    filtered = np.asarray(filtered, dtype=np.float64)
    for name, array in (("kernel", kernel), ("im", im), ("filtered", filtered)):
        if array.ndim != 2 or array.size == 0:
            raise ValueError(f"{name} must be a non-empty 2-D array, got shape {array.shape}")
    (image_h, image_w), (kernel_h, kernel_w) = im.shape, kernel.shape
    if kernel_h > image_h or kernel_w > image_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} is larger than the image "
                         f"{image_h}x{image_w}")
    out_h, out_w = image_h - kernel_h + 1, image_w - kernel_w + 1
    if filtered.shape != (out_h, out_w):
        raise ValueError(f"filtered has shape {filtered.shape}, expected {(out_h, out_w)}: "
                         f"the valid-mode result of a {kernel_h}x{kernel_w} kernel "
                         f"on a {image_h}x{image_w} image")
    if not isinstance(lr, (int, float, np.integer, np.floating)) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")

    # Output pixel (x, y) is the sum of kernel[i, j] * im[x + i, y + j], so
    # dL/dkernel[i, j] = 2 / N * (the sum over x, y of residual[x, y] * im[x + i, y + j]):
    # the image correlated with the residual in valid mode, a kh x kw array.
    residual = im_conv(im, kernel) - filtered
    gradient = 2 / residual.size * im_conv(im, residual)
    return kernel - lr * gradient
