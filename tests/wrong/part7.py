"""Wrong answers for Part 7: im_conv_fast, filter_bank, pooling_comparison.

Each function is right except for its one mistake, which its body shows. The
right parts they share (argument checks like the reference's, float64
conversion, output allocation, the loop skeleton) live in the private helpers
(`_...`) of each section; a solution cell carries the source of the helpers its
answer calls (`Wrong.solution_source`), so the sandbox still runs it alone.
"""
import numpy as np

from . import Wrong

# --- im_conv_fast ---------------------------------------------------------------


def _conv_args_checked(im, kernel, dtype=np.float64):
    """im and kernel as arrays of `dtype`; raises ValueError unless both are non-empty 2-D
    arrays and the kernel fits in the image."""
    im = np.asarray(im, dtype=dtype)
    kernel = np.asarray(kernel, dtype=dtype)
    if im.ndim != 2 or kernel.ndim != 2 or im.size == 0 or kernel.size == 0:
        raise ValueError("im and kernel must be non-empty 2-D arrays")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than the image")
    return im, kernel


def _correlate_windows(im, kernel, subscripts="xyij,ij->xy"):
    """The fast valid-mode result with no Python loop: every kh x kw window of im times the
    kernel, summed by np.einsum (subscripts "xyij,ij->xy" is right)."""
    windows = np.lib.stride_tricks.sliding_window_view(im, kernel.shape)
    return np.einsum(subscripts, windows, kernel)


def _sum_of_shifted_slices(im, kernel, out_shape=None):
    """The fast valid-mode result by a loop over the kernel entries: out += kernel[i, j] times
    im shifted by (i, j); out has the inputs' common dtype and, unless out_shape is given,
    the right (H - kh + 1) x (W - kw + 1) shape."""
    kh, kw = kernel.shape
    if out_shape is None:
        out_shape = (im.shape[0] - kh + 1, im.shape[1] - kw + 1)
    out_h, out_w = out_shape
    out = np.zeros((out_h, out_w), dtype=np.result_type(im, kernel))
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * im[i:i + out_h, j:j + out_w]
    return out


def loop_over_pixels(im, kernel):
    im, kernel = _conv_args_checked(im, kernel)
    kh, kw = kernel.shape
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):  # the mistake: one Python step per output pixel
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def fast_flipped_kernel(im, kernel):
    im, kernel = _conv_args_checked(im, kernel)
    return _correlate_windows(im, kernel[::-1, ::-1])  # the mistake: the kernel flipped


def fast_transposed(im, kernel):
    im, kernel = _conv_args_checked(im, kernel)
    return _correlate_windows(im, kernel, "xyij,ij->yx")  # the mistake: output axes swapped


def shifts_i_and_j_swapped(im, kernel):
    im, kernel = _conv_args_checked(im, kernel)
    if kernel.shape[0] == kernel.shape[1]:
        # the mistake: kernel[j, i] (it only runs for square kernels, so only those)
        kernel = kernel.T
    return _sum_of_shifted_slices(im, kernel)


def filter2d_not_cropped(im, kernel):
    import cv2
    im, kernel = _conv_args_checked(im, kernel)
    return cv2.filter2D(im, cv2.CV_64F, kernel)  # the mistake: same size, border included


def shifted_slices_one_short(im, kernel):
    im, kernel = _conv_args_checked(im, kernel)
    kh, kw = kernel.shape
    out_shape = (im.shape[0] - kh, im.shape[1] - kw)  # the mistake: no + 1
    return _sum_of_shifted_slices(im, kernel, out_shape)


def fast_keeps_uint8(im, kernel):
    # the mistake: no float64 conversion, so uint8 in gives uint8 (wrapped) out
    im, kernel = _conv_args_checked(im, kernel, dtype=None)
    return _sum_of_shifted_slices(im, kernel)


# --- filter_bank ------------------------------------------------------------------


def _apply_bank(im, kernels, convolve=None, check_is_dict=True):
    """filter_bank's skeleton: checks (kernels a dict only if check_is_dict), im and each kernel
    as float64, then {name: convolve(im, kernel)}; convolve None is the right valid-mode result."""
    if check_is_dict and not isinstance(kernels, dict):
        raise ValueError("kernels must be a dict")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for name, kernel in kernels.items():
        kernel = np.asarray(kernel, dtype=np.float64)
        if kernel.ndim != 2 or kernel.shape[0] > im.shape[0] or kernel.shape[1] > im.shape[1]:
            raise ValueError("bad kernel")
        results[name] = _correlate_windows(im, kernel) if convolve is None else convolve(im, kernel)
    return results


def bank_with_filter2d_same_size(im, kernels):
    import cv2
    # the mistake: same size, not valid
    return _apply_bank(im, kernels, convolve=lambda im, kernel: cv2.filter2D(im, -1, kernel))


def bank_with_flipped_kernels(im, kernels):
    # the mistake: each kernel flipped
    return _apply_bank(im, kernels, convolve=lambda im, kernel: _correlate_windows(im, kernel[::-1, ::-1]))


def bank_as_a_list(im, kernels):
    return list(_apply_bank(im, kernels).values())  # the mistake: a list, not a dict


def bank_accepts_a_list(im, kernels):
    if isinstance(kernels, list):
        kernels = dict(enumerate(kernels))  # the mistake: a list should be refused
    return _apply_bank(im, kernels, check_is_dict=False)


# --- pooling_comparison -------------------------------------------------------------


def _pool_in_blocks(im, size, mode):
    """The right pooling with stride = size: whole size x size blocks, each block's max or mean."""
    rows, cols = im.shape[0] // size, im.shape[1] // size
    blocks = im[:rows * size, :cols * size].reshape(rows, size, cols, size)
    return blocks.max(axis=(1, 3)) if mode == "max" else blocks.mean(axis=(1, 3))


def _pool_every_pair(im, sizes, modes, pool=None, check_lists=True):
    """pooling_comparison's skeleton: checks (sizes and modes lists only if check_lists), im as
    float64, then {(mode, size): pool(im, size, mode)}, modes outer and sizes inner;
    pool None is the right one (_pool_in_blocks)."""
    if check_lists and (not isinstance(sizes, (list, tuple)) or not isinstance(modes, (list, tuple))):
        raise ValueError("sizes and modes must be lists")
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2:
        raise ValueError("im must be 2-D")
    results = {}
    for mode in modes:
        for size in sizes:
            if mode not in ("max", "avg") or size < 1 or size > min(im.shape):
                raise ValueError("bad mode or size")
            results[mode, size] = _pool_in_blocks(im, size, mode) if pool is None else pool(im, size, mode)
    return results


def comparison_keys_size_mode(im, sizes, modes):
    pooled = _pool_every_pair(im, sizes, modes)
    # the mistake: (size, mode), not (mode, size)
    return {(size, mode): result for (mode, size), result in pooled.items()}


def comparison_with_stride_one(im, sizes, modes):
    def pool_every_window(im, size, mode):
        windows = np.lib.stride_tricks.sliding_window_view(im, (size, size))  # the mistake: stride 1
        return windows.max(axis=(2, 3)) if mode == "max" else windows.mean(axis=(2, 3))

    return _pool_every_pair(im, sizes, modes, pool=pool_every_window)


def comparison_keeps_partial_windows(im, sizes, modes):
    def pool_with_partial_windows(im, size, mode):
        rows, cols = -(-im.shape[0] // size), -(-im.shape[1] // size)  # the mistake: ceil
        out = np.zeros((rows, cols))
        for x in range(rows):
            for y in range(cols):
                window = im[x * size:(x + 1) * size, y * size:(y + 1) * size]
                out[x, y] = window.max() if mode == "max" else window.mean()
        return out

    return _pool_every_pair(im, sizes, modes, pool=pool_with_partial_windows)


def comparison_accepts_a_string(im, sizes, modes):
    if isinstance(modes, str):
        modes = [modes]  # the mistake: a string should be refused, not guessed at
    if isinstance(sizes, int):
        sizes = [sizes]
    return _pool_every_pair(im, sizes, modes, check_lists=False)


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
