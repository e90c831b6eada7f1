"""Part 1, images and subimages: output sizes of the three modes and the sliding window.

Every public name here is shown to students on its own (its source is copied
into a notebook), so each function checks its own arguments and uses only
numpy and the other public names of the course.
"""
import numpy as np

SUBIMAGE_OPTION = 2


def conv_output_shape(image_shape, kernel_shape, mode="valid"):
    """The shape of the result of sliding a kernel over an image, for one output mode.

    Inputs:
    - image_shape: (H, W), two ints >= 1.
    - kernel_shape: (kh, kw), two ints >= 1.
    - mode: "full" (every overlap of kernel and image, H + kh - 1 x W + kw - 1),
      "same" (the image's shape, H x W) or "valid" (only windows that lie
      entirely inside the image, H - kh + 1 x W - kw + 1).

    Returns:
    - (rows, cols): a tuple of two Python ints.

    Raises ValueError if a shape is not two ints >= 1, if the mode is unknown, or
    in "valid" mode if the kernel is larger than the image (no window fits).
    """
    if len(image_shape) != 2 or len(kernel_shape) != 2:
        raise ValueError(f"image_shape and kernel_shape must be (rows, cols) pairs, "
                         f"got {tuple(image_shape)} and {tuple(kernel_shape)}")
    if not all(isinstance(n, (int, np.integer)) and n >= 1
               for n in (*image_shape, *kernel_shape)):
        raise ValueError(f"image_shape and kernel_shape must hold ints >= 1, "
                         f"got {tuple(image_shape)} and {tuple(kernel_shape)}")
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"unknown mode {mode!r}: expected 'full', 'same' or 'valid'")

    image_h, image_w = int(image_shape[0]), int(image_shape[1])
    kernel_h, kernel_w = int(kernel_shape[0]), int(kernel_shape[1])
    if mode == "full":
        return image_h + kernel_h - 1, image_w + kernel_w - 1
    if mode == "same":
        return image_h, image_w
    if kernel_h > image_h or kernel_w > image_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} is larger than the image "
                         f"{image_h}x{image_w}: no window fits in 'valid' mode")
    return image_h - kernel_h + 1, image_w - kernel_w + 1


def get_subimages(im, kernel):
    """Every valid-mode window of `im` the size of `kernel`, keyed by its top-left pixel.

    Inputs:
    - im: H x W array of any real dtype (a grayscale image, indexed im[x, y]).
    - kernel: kh x kw array; only its shape is used.

    Returns:
    - A dict {(x, y): kh x kw float64 array}, one entry per window that lies
      entirely inside the image, for 0 <= x <= H - kh and 0 <= y <= W - kw;
      each window is a float64 copy (changing it leaves im alone).

    Raises ValueError if im or kernel is not a non-empty 2-D array, or if the
    kernel is larger than the image.
    """
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")
    image_h, image_w = im.shape
    kernel_h, kernel_w = kernel.shape
    if kernel_h > image_h or kernel_w > image_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} is larger than the image "
                         f"{image_h}x{image_w}")

    subimages = {}
    for x in range(image_h - kernel_h + 1):
        for y in range(image_w - kernel_w + 1):
            # .copy(): a slice is a view, and the caller may change what we return.
            subimages[x, y] = im[x:x + kernel_h, y:y + kernel_w].copy()
    return subimages
