"""Wrong answers for Part 2: im_conv, flip_kernel, im_convolve, crop_to_valid.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so the feedback must name that one mistake.
The right parts they share (argument checks, float64 conversion, the sliding-window
loop) live in the private helpers below; a solution cell carries the helpers it calls.
"""
import numpy as np

from . import Wrong

# --- shared right parts ----------------------------------------------------------------------


def _checked_im_and_kernel(im, kernel, im_dtype=np.float64, kernel_dtype=np.float64):
    """im and kernel as arrays of the given dtypes (None keeps theirs), checked like the reference."""
    im = np.asarray(im, dtype=im_dtype)
    kernel = np.asarray(kernel, dtype=kernel_dtype)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    return im, kernel


def _correlate(im, kernel, out_shape=None, steps=None, out_dtype=np.float64,
               window_at=lambda im, x, y, kh, kw: im[x:x + kh, y:y + kw],
               weigh=lambda window, kernel: np.sum(window * kernel)):
    """Slide kernel (unflipped) over im: out[x, y] = weigh(window_at(x, y), kernel) for x, y in
    range(steps) (default: all of out); out is zeros of the valid shape unless out_shape is given."""
    kh, kw = kernel.shape[0], kernel.shape[-1]     # [-1]: also for a kernel that skipped the checks
    if out_shape is None:
        out_shape = (im.shape[0] - kh + 1, im.shape[1] - kw + 1)
    out = np.zeros(out_shape, dtype=out_dtype)
    rows, cols = out.shape if steps is None else steps
    for x in range(rows):
        for y in range(cols):
            out[x, y] = weigh(window_at(im, x, y, kh, kw), kernel)
    return out


def _checked_kernel(kernel, dtype=np.float64):
    """kernel as an array of dtype (None keeps its own), checked like the reference."""
    kernel = np.asarray(kernel, dtype=dtype)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError("kernel must be a non-empty 2-D array")
    return kernel


def _checked_crop_args(same_size_result, kernel_shape):
    """The same-size result as float64, its (h, w) and the kernel's (kh, kw), checked like the reference."""
    same = np.asarray(same_size_result, dtype=np.float64)
    if same.ndim != 2 or same.size == 0:
        raise ValueError("same_size_result must be a non-empty 2-D array")
    if len(kernel_shape) != 2 or min(kernel_shape) < 1:
        raise ValueError("kernel_shape must be two ints >= 1")
    (h, w), (kh, kw) = same.shape, kernel_shape
    if kh > h or kw > w:
        raise ValueError("kernel larger than the result")
    return same, (h, w), (kh, kw)


# --- im_conv ---------------------------------------------------------------------------------


def flipped_kernel(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, kernel[::-1, ::-1])


def transposed_output(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, kernel).T.copy()


def same_mode_output(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    kh, kw = kernel.shape
    padded = np.pad(im, ((kh // 2, (kh - 1) // 2), (kw // 2, (kw - 1) // 2)))
    return _correlate(padded, kernel)          # valid over the padded image: the size of im


def loop_one_short(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    kh, kw = kernel.shape
    return _correlate(im, kernel, steps=(im.shape[0] - kh, im.shape[1] - kw))


def output_one_short(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    kh, kw = kernel.shape
    return _correlate(im, kernel, out_shape=(im.shape[0] - kh, im.shape[1] - kw))


def output_keeps_uint8(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel, im_dtype=None, kernel_dtype=None)
    return _correlate(im, kernel, out_dtype=im.dtype)


def multiply_window_in_place(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel, im_dtype=None)

    def weigh_in_place(window, kernel):
        window *= kernel          # writes into im: the next windows see changed pixels
        return window.sum()

    return _correlate(im, kernel, weigh=weigh_in_place)


def window_x_and_y_swapped(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, kernel, window_at=lambda im, x, y, kh, kw: im[y:y + kw, x:x + kh])


def window_starts_one_after(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, kernel, window_at=lambda im, x, y, kh, kw: im[x + 1:x + kh + 1, y + 1:y + kw + 1])


def im_conv_without_checks(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    kh, kw = kernel.shape[0], kernel.shape[-1]
    return _correlate(im, kernel, out_shape=(max(im.shape[0] - kh + 1, 0), max(im.shape[1] - kw + 1, 0)))


# --- flip_kernel -----------------------------------------------------------------------------


def transposed_instead_of_flipped(kernel):
    return _checked_kernel(kernel).T.copy()


def flipped_up_down_only(kernel):
    return _checked_kernel(kernel)[::-1, :].copy()


def flipped_left_right_only(kernel):
    return np.fliplr(_checked_kernel(kernel)).copy()


def flip_keeps_int_dtype(kernel):
    return _checked_kernel(kernel, dtype=None)[::-1, ::-1].copy()


def flip_without_checks(kernel):
    return np.asarray(kernel, dtype=np.float64)[::-1, ::-1].copy()


# --- im_convolve -----------------------------------------------------------------------------


def kernel_not_flipped(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, kernel)


def convolve_flipped_up_down_only(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, np.flipud(kernel))


def convolve_flipped_left_right_only(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, np.fliplr(kernel))


def result_flipped_instead_of_kernel(im, kernel):
    im, kernel = _checked_im_and_kernel(im, kernel)
    return _correlate(im, kernel)[::-1, ::-1].copy()


# --- crop_to_valid ---------------------------------------------------------------------------


def anchor_at_k_minus_one_half(same_size_result, kernel_shape):
    same, (h, w), (kh, kw) = _checked_crop_args(same_size_result, kernel_shape)
    top, left = (kh - 1) // 2, (kw - 1) // 2
    return same[top:top + h - kh + 1, left:left + w - kw + 1].copy()


def crop_half_from_each_side(same_size_result, kernel_shape):
    same, (h, w), (kh, kw) = _checked_crop_args(same_size_result, kernel_shape)
    return same[kh // 2:h - kh // 2, kw // 2:w - kw // 2].copy()


def negative_slice_end(same_size_result, kernel_shape):
    same, _, (kh, kw) = _checked_crop_args(same_size_result, kernel_shape)
    return same[kh // 2:-(kh // 2), kw // 2:-(kw // 2)].copy()


def crop_from_top_left(same_size_result, kernel_shape):
    same, (h, w), (kh, kw) = _checked_crop_args(same_size_result, kernel_shape)
    return same[:h - kh + 1, :w - kw + 1].copy()


def crop_without_checks(same_size_result, kernel_shape):
    same = np.asarray(same_size_result, dtype=np.float64)
    h, w = same.shape[0], same.shape[1]
    kh, kw = kernel_shape
    top, left = kh // 2, kw // 2
    return same[top:top + h - kh + 1, left:left + w - kw + 1].copy()


WRONG = [
    Wrong("im_conv", flipped_kernel, "flipped kernel"),
    Wrong("im_conv", transposed_output, "result transposed"),
    Wrong("im_conv", same_mode_output, "same mode instead of valid"),
    Wrong("im_conv", loop_one_short, "loop bounds one short"),
    Wrong("im_conv", output_one_short, "output one short"),
    Wrong("im_conv", output_keeps_uint8, "overflow"),
    Wrong("im_conv", multiply_window_in_place, "input changed in place"),
    Wrong("im_conv", window_x_and_y_swapped, "wrong subimage slice, option 5"),
    Wrong("im_conv", window_starts_one_after, "wrong subimage slice, option 4"),
    Wrong("im_conv", im_conv_without_checks, "should raise ValueError"),
    Wrong("flip_kernel", transposed_instead_of_flipped, "transposed instead of flipped"),
    Wrong("flip_kernel", flipped_up_down_only, "flipped up-down only"),
    Wrong("flip_kernel", flipped_left_right_only, "flipped left-right only"),
    Wrong("flip_kernel", flip_keeps_int_dtype, "float64"),
    Wrong("flip_kernel", flip_without_checks, "should raise ValueError"),
    Wrong("im_convolve", kernel_not_flipped, "kernel not flipped (cross-correlation)"),
    Wrong("im_convolve", convolve_flipped_up_down_only, "flipped up-down only"),
    Wrong("im_convolve", convolve_flipped_left_right_only, "flipped left-right only"),
    Wrong("im_convolve", result_flipped_instead_of_kernel, "result flipped instead of the kernel"),
    Wrong("crop_to_valid", anchor_at_k_minus_one_half, "wrong anchor for even kernels"),
    Wrong("crop_to_valid", crop_half_from_each_side, "off by one for even kernels"),
    Wrong("crop_to_valid", negative_slice_end, "slice end -(k // 2)"),
    Wrong("crop_to_valid", crop_from_top_left, "crop from the top-left corner"),
    Wrong("crop_to_valid", crop_without_checks, "should raise ValueError"),
]
