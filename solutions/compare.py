"""Part 7, compare filters and pooling methods, and make im_conv fast.

Every public name here is shown to students on its own (its source is copied
into a notebook), so each function checks its own arguments and uses only
numpy and the other public names of the course.
"""
import numpy as np


def filter_bank(im, kernels):
    """Apply a bank of named kernels to one image: {name: im_conv_fast(im, kernel)}.

    im_conv_fast gives the same valid-mode result as im_conv, fast enough for
    a whole photo and many kernels.

    Inputs:
    - im: H x W array of any real dtype (a grayscale photo, for instance).
    - kernels: dict {name: kh x kw kernel}; the kernels may differ in size.

    Returns:
    - dict {name: (H - kh + 1) x (W - kw + 1) float64 array}, the valid-mode
      result of each kernel, in the order of `kernels`.

    Raises ValueError if kernels is not a dict, and as im_conv_fast does for
    any kernel (im not 2-D, kernel not 2-D or larger than the image).
    """
    if not isinstance(kernels, dict):
        raise ValueError(f"kernels must be a dict {{name: 2-D kernel}}, "
                         f"got {type(kernels).__name__}")

    return {name: im_conv_fast(im, kernel) for name, kernel in kernels.items()}


def pooling_comparison(im, sizes, modes):
    """Pool one image with every combination of window size and mode: {(mode, size): pool2d(...)}.

    With stride = size the windows tile the image without overlapping, so
    each pooling is one reshape and one reduction: keep the rows and columns
    that fill whole windows, cut them into size x size blocks, and take each
    block's max or mean. The result equals pool2d(im, size, mode=mode).

    Inputs:
    - im: H x W array of any real dtype.
    - sizes: iterable of window sizes, ints >= 1 no larger than the image.
    - modes: iterable of modes, each "max" or "avg".

    Returns:
    - dict {(mode, size): pool2d(im, size, mode=mode)} (stride = size), one
      H // size x W // size float64 array per pair, modes in the outer order
      and sizes in the inner.

    Raises ValueError if sizes or modes is not a list (or tuple, range, 1-D
    array), and as pool2d does (im not 2-D, bad size or mode, window larger
    than the image).
    """
    for name, values in (("sizes", sizes), ("modes", modes)):
        if not isinstance(values, (list, tuple, range, np.ndarray)):
            raise ValueError(f"{name} must be a list such as sizes=[2, 4] or "
                             f"modes=['max', 'avg'], got {values!r}")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    image_h, image_w = im.shape
    for size in sizes:
        if not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"size must be an int >= 1, got {size!r}")
        if size > image_h or size > image_w:
            raise ValueError(f"pooling window {size}x{size} is larger than the image "
                             f"{image_h}x{image_w}")
    for mode in modes:
        if mode not in ("max", "avg"):
            raise ValueError(f"unknown mode {mode!r}: expected 'max' or 'avg'")

    results = {}
    for mode in modes:
        for size in sizes:
            rows, cols = image_h // size, image_w // size  # whole windows down and across
            blocks = im[:rows * size, :cols * size].reshape(rows, size, cols, size)
            # blocks[x, :, y, :] is the window of output pixel (x, y).
            if mode == "max":
                results[mode, size] = blocks.max(axis=(1, 3))
            else:
                results[mode, size] = blocks.mean(axis=(1, 3))
    return results


def im_conv_fast(im, kernel):
    """The same result as im_conv, with no Python loop over pixels.

    A loop over the kh * kw kernel entries is fine (that is 9 steps for a 3x3
    kernel, against 250,000 for the pixels of a 512x512 image), as long as each
    step works on all the pixels at once with numpy. Hint: write the output
    pixel as a sum over the kernel entries (i, j) and look at which pixels
    entry (i, j) meets as (x, y) moves.

    Inputs:
    - im: H x W array of any real dtype.
    - kernel: kh x kw array of any real dtype, kh <= H and kw <= W.

    Returns:
    - (H - kh + 1) x (W - kw + 1) float64 array, equal to im_conv(im, kernel)
      up to rounding.

    Raises ValueError if im or kernel is not a non-empty 2-D array, or if the
    kernel is larger than the image.
    """
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")
    image_h, image_w = im.shape
    kernel_h, kernel_w = kernel.shape
    if kernel_h > image_h or kernel_w > image_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} is larger than the image "
                         f"{image_h}x{image_w}")

    # Output (x, y) = sum over (i, j) of kernel[i, j] * im[x + i, y + j]. Handle the
    # image as one long row of pixels (row after row): im[x + i, y + j] sits at
    # (x * W + y) + (i * W + j) on it. For one kernel row i, the sum over j is then a
    # 1-D cross-correlation of the long row, started i * W pixels further on, with
    # kernel[i]; np.correlate does it for many pixels in one call (in C), so Python
    # only loops over the kh kernel rows. (A loop over the kh * kw entries, one
    # shifted slice each, gives the same numbers several times slower: each entry
    # costs numpy two passes over the image, a multiply and an add.)
    out_h, out_w = image_h - kernel_h + 1, image_w - kernel_w + 1
    pixels = im.ravel()  # row after row (a view: im is only read, never changed)
    # Output (x, y) sits at position x * W + y of the long row; the last one at
    # (out_h - 1) * W + out_w - 1, so `length` positions cover them all.
    length = (out_h - 1) * image_w + out_w
    long_row = np.empty(out_h * image_w)  # from `length` on: never written, cut off below
    # Go along the long row in blocks of `block` positions. Whole-image temporaries
    # (2 MB for 512x512) would be fresh memory from the system at every kernel row,
    # which costs more than the arithmetic; a block's are small, stay in the
    # processor's cache and are reused.
    block = 32768  # positions: 256 KB of float64
    for first in range(0, length, block):
        size = min(block, length - first)
        sums = long_row[first:first + size]  # a view: writing it fills long_row
        for i in range(kernel_h):
            start = first + i * image_w
            row_sums = np.correlate(pixels[start:start + size + kernel_w - 1], kernel[i], mode="valid")
            if i == 0:
                sums[:] = row_sums
            else:
                sums += row_sums
    # Positions y >= out_w of each row are windows that wrapped around onto the
    # next image row: cut them off.
    return long_row.reshape(out_h, image_w)[:, :out_w]
