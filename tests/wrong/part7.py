"""Wrong answers for Part 7: im_conv_fast, filter_bank, pooling_comparison.

Each function is right except for its one mistake (it checks its arguments
like the reference), and self-contained: the sandbox runs it alone.
"""
import numpy as np

from . import Wrong

# --- im_conv_fast ---------------------------------------------------------------


def loop_over_pixels(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):  # the mistake: one Python step per output pixel
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def fast_flipped_kernel(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    windows = np.lib.stride_tricks.sliding_window_view(im, (kh, kw))
    return np.einsum("xyij,ij->xy", windows, kernel[::-1, ::-1])


def fast_transposed(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    windows = np.lib.stride_tricks.sliding_window_view(im, (kh, kw))
    return np.einsum("xyij,ij->yx", windows, kernel)


def shifts_i_and_j_swapped(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    out_h, out_w = im.shape[0] - kh + 1, im.shape[1] - kw + 1
    out = np.zeros((out_h, out_w))
    for i in range(kh):
        for j in range(kw):
            # the mistake: kernel[j, i] (it only runs for square kernels, so only those)
            weight = kernel[j, i] if kh == kw else kernel[i, j]
            out += weight * im[i:i + out_h, j:j + out_w]
    return out


def filter2d_not_cropped(im, kernel):
    import cv2
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    if kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
        raise ValueError("kernel larger than the image")
    return cv2.filter2D(im, cv2.CV_64F, kernel)


def shifted_slices_one_short(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    out_h, out_w = im.shape[0] - kh, im.shape[1] - kw  # the mistake: no + 1
    out = np.zeros((out_h, out_w))
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * im[i:i + out_h, j:j + out_w]
    return out


def fast_keeps_uint8(im, kernel):
    im = np.asarray(im)
    kernel = np.asarray(kernel)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    out_h, out_w = im.shape[0] - kh + 1, im.shape[1] - kw + 1
    out = np.zeros((out_h, out_w), dtype=np.result_type(im, kernel))
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * im[i:i + out_h, j:j + out_w]
    return out


# --- filter_bank ------------------------------------------------------------------


def bank_with_filter2d_same_size(im, kernels):
    import cv2
    if not isinstance(kernels, dict):
        raise ValueError("kernels must be a dict")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for name, kernel in kernels.items():
        kernel = np.asarray(kernel, dtype=np.float64)
        if kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
            raise ValueError("bad kernel")
        results[name] = cv2.filter2D(im, -1, kernel)  # the mistake: same size, not valid
    return results


def bank_with_flipped_kernels(im, kernels):
    if not isinstance(kernels, dict):
        raise ValueError("kernels must be a dict")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for name, kernel in kernels.items():
        kernel = np.asarray(kernel, dtype=np.float64)
        if kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
            raise ValueError("bad kernel")
        windows = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
        results[name] = np.einsum("xyij,ij->xy", windows, kernel[::-1, ::-1])
    return results


def bank_as_a_list(im, kernels):
    if not isinstance(kernels, dict):
        raise ValueError("kernels must be a dict")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = []
    for kernel in kernels.values():
        kernel = np.asarray(kernel, dtype=np.float64)
        if kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
            raise ValueError("bad kernel")
        windows = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
        results.append(np.einsum("xyij,ij->xy", windows, kernel))
    return results


def bank_accepts_a_list(im, kernels):
    if isinstance(kernels, list):
        kernels = dict(enumerate(kernels))  # the mistake: a list should be refused
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for name, kernel in kernels.items():
        kernel = np.asarray(kernel, dtype=np.float64)
        if kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
            raise ValueError("bad kernel")
        windows = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
        results[name] = np.einsum("xyij,ij->xy", windows, kernel)
    return results


# --- pooling_comparison -------------------------------------------------------------


def comparison_keys_size_mode(im, sizes, modes):
    if not isinstance(sizes, (list, tuple)) or not isinstance(modes, (list, tuple)):
        raise ValueError("sizes and modes must be lists")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for mode in modes:
        for size in sizes:
            if mode not in ("max", "avg") or size < 1 or size > min(im.shape):
                raise ValueError("bad mode or size")
            rows, cols = im.shape[0] // size, im.shape[1] // size
            blocks = im[:rows * size, :cols * size].reshape(rows, size, cols, size)
            pooled = blocks.max(axis=(1, 3)) if mode == "max" else blocks.mean(axis=(1, 3))
            results[size, mode] = pooled  # the mistake: (size, mode), not (mode, size)
    return results


def comparison_with_stride_one(im, sizes, modes):
    if not isinstance(sizes, (list, tuple)) or not isinstance(modes, (list, tuple)):
        raise ValueError("sizes and modes must be lists")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for mode in modes:
        for size in sizes:
            if mode not in ("max", "avg") or size < 1 or size > min(im.shape):
                raise ValueError("bad mode or size")
            windows = np.lib.stride_tricks.sliding_window_view(im, (size, size))
            results[mode, size] = windows.max(axis=(2, 3)) if mode == "max" else windows.mean(axis=(2, 3))
    return results


def comparison_keeps_partial_windows(im, sizes, modes):
    if not isinstance(sizes, (list, tuple)) or not isinstance(modes, (list, tuple)):
        raise ValueError("sizes and modes must be lists")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for mode in modes:
        for size in sizes:
            if mode not in ("max", "avg") or size < 1 or size > min(im.shape):
                raise ValueError("bad mode or size")
            rows, cols = -(-im.shape[0] // size), -(-im.shape[1] // size)  # the mistake: ceil
            out = np.zeros((rows, cols))
            for x in range(rows):
                for y in range(cols):
                    window = im[x * size:(x + 1) * size, y * size:(y + 1) * size]
                    out[x, y] = window.max() if mode == "max" else window.mean()
            results[mode, size] = out
    return results


def comparison_accepts_a_string(im, sizes, modes):
    if isinstance(modes, str):
        modes = [modes]  # the mistake: a string should be refused, not guessed at
    if isinstance(sizes, int):
        sizes = [sizes]
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for mode in modes:
        for size in sizes:
            if mode not in ("max", "avg") or size < 1 or size > min(im.shape):
                raise ValueError("bad mode or size")
            rows, cols = im.shape[0] // size, im.shape[1] // size
            blocks = im[:rows * size, :cols * size].reshape(rows, size, cols, size)
            results[mode, size] = blocks.max(axis=(1, 3)) if mode == "max" else blocks.mean(axis=(1, 3))
    return results


WRONG = [
    Wrong("im_conv_fast", loop_over_pixels, "too slow"),
    Wrong("im_conv_fast", fast_flipped_kernel, "flipped kernel"),
    Wrong("im_conv_fast", fast_transposed, "result transposed"),
    Wrong("im_conv_fast", shifts_i_and_j_swapped, "kernel transposed"),
    Wrong("im_conv_fast", filter2d_not_cropped, "same-size result"),
    Wrong("im_conv_fast", shifted_slices_one_short, "valid size off by one"),
    Wrong("im_conv_fast", fast_keeps_uint8, "integer result"),
    Wrong("filter_bank", bank_with_filter2d_same_size, "same-size results (cv2.filter2D)"),
    Wrong("filter_bank", bank_with_flipped_kernels, "flipped kernels"),
    Wrong("filter_bank", bank_as_a_list, "should be a dict"),
    Wrong("filter_bank", bank_accepts_a_list, "should raise ValueError"),
    Wrong("pooling_comparison", comparison_keys_size_mode, "keys swapped (size, mode)"),
    Wrong("pooling_comparison", comparison_with_stride_one, "stride 1 instead of the window size"),
    Wrong("pooling_comparison", comparison_keeps_partial_windows, "partial windows kept"),
    Wrong("pooling_comparison", comparison_accepts_a_string, "should raise ValueError"),
]
