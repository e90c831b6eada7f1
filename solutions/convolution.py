"""Part 2, `im_conv`: convolution as a sliding window, and how OpenCV relates.

Every public name here is shown to students on its own (its source is copied
into a notebook), so each function checks its own arguments and uses only
numpy and the other public names of the course.
"""
import numpy as np


def im_conv(im, kernel):
    """Valid-mode cross-correlation of a grayscale image with a kernel, by sliding a window.

    The result at (x, y) is the sum of the elementwise product of the kernel and
    the subimage im[x:x + kh, y:y + kw]. The kernel is not flipped (as in CNN
    frameworks and cv2.filter2D); see im_convolve for true convolution.

    Inputs:
    - im: H x W array of any real dtype (uint8, int, float; negative values allowed).
    - kernel: kh x kw array of any real dtype, kh <= H and kw <= W.

    Returns:
    - (H - kh + 1) x (W - kw + 1) float64 array. The input is converted to
      float64 first, so a uint8 image never wraps around or saturates.

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

    out_h, out_w = image_h - kernel_h + 1, image_w - kernel_w + 1
    result = np.zeros((out_h, out_w))
    for x in range(out_h):
        for y in range(out_w):
            subimage = im[x:x + kernel_h, y:y + kernel_w]
            result[x, y] = np.sum(subimage * kernel)
    return result


def flip_kernel(kernel):
    """The kernel flipped up-down and left-right (rotated by 180 degrees).

    Inputs:
    - kernel: kh x kw array of any real dtype.

    Returns:
    - kh x kw float64 array, flipped[i, j] = kernel[kh - 1 - i, kw - 1 - j]
      (a new array: the input is not changed).

    Raises ValueError if kernel is not a non-empty 2-D array.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")

    return kernel[::-1, ::-1].copy()


def im_convolve(im, kernel):
    """Valid-mode true convolution: cross-correlation with the flipped kernel.

    Inputs:
    - im: H x W array of any real dtype.
    - kernel: kh x kw array of any real dtype, kh <= H and kw <= W.

    Returns:
    - (H - kh + 1) x (W - kw + 1) float64 array. Equal to im_conv(im, kernel)
      when the kernel is symmetric under a 180 degree rotation (box blur,
      Gaussian, Laplacian), different otherwise (Sobel changes sign).

    Raises ValueError as im_conv and flip_kernel do (wrong ndim, kernel larger
    than the image).
    """
    return im_conv(im, flip_kernel(kernel))


def crop_to_valid(same_size_result, kernel_shape):
    """The part of a same-size filtering result that equals the valid-mode result.

    cv2.filter2D writes the result of each window on the pixel under the
    kernel's anchor, kernel pixel (kh // 2, kw // 2) by default: the middle for
    odd sizes, just below / right of it for even ones.

    Inputs:
    - same_size_result: H x W array, e.g. cv2.filter2D(im, cv2.CV_64F, kernel,
      borderType=cv2.BORDER_CONSTANT).
    - kernel_shape: (kh, kw), two ints >= 1, no larger than H x W.

    Returns:
    - (H - kh + 1) x (W - kw + 1) float64 array (a copy), equal to
      im_conv(im, kernel) when same_size_result came from filtering im with kernel.

    Raises ValueError if same_size_result is not a non-empty 2-D array, if
    kernel_shape is not two ints >= 1, or if the kernel is larger than the result.
    """
    same_size_result = np.asarray(same_size_result, dtype=np.float64)
    if same_size_result.ndim != 2 or same_size_result.size == 0:
        raise ValueError(f"same_size_result must be a non-empty 2-D array, "
                         f"got shape {same_size_result.shape}")
    if len(kernel_shape) != 2 or not all(isinstance(n, (int, np.integer)) and n >= 1
                                         for n in kernel_shape):
        raise ValueError(f"kernel_shape must be two ints >= 1, got {tuple(kernel_shape)}")
    image_h, image_w = same_size_result.shape
    kernel_h, kernel_w = int(kernel_shape[0]), int(kernel_shape[1])
    if kernel_h > image_h or kernel_w > image_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} is larger than the image "
                         f"{image_h}x{image_w}")

    # Window (x, y) lands on pixel (x + kh // 2, y + kw // 2), the anchor: for an even
    # size that is below / right of the middle, hence kh // 2 and not (kh - 1) // 2.
    top, left = kernel_h // 2, kernel_w // 2
    return same_size_result[top:top + image_h - kernel_h + 1,
                            left:left + image_w - kernel_w + 1].copy()
