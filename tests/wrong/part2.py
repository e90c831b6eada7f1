"""Wrong answers for Part 2: im_conv, flip_kernel, im_convolve, crop_to_valid.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so the feedback must name that one mistake.
"""
import numpy as np

from . import Wrong

# --- im_conv ---------------------------------------------------------------------------------


def flipped_kernel(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    kernel = kernel[::-1, ::-1]
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def transposed_output(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[1] - kw + 1, im.shape[0] - kh + 1))
    for x in range(im.shape[0] - kh + 1):
        for y in range(im.shape[1] - kw + 1):
            out[y, x] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def same_mode_output(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    padded = np.pad(im, ((kh // 2, (kh - 1) // 2), (kw // 2, (kw - 1) // 2)))
    out = np.zeros(im.shape)
    for x in range(im.shape[0]):
        for y in range(im.shape[1]):
            out[x, y] = np.sum(padded[x:x + kh, y:y + kw] * kernel)
    return out


def loop_one_short(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(im.shape[0] - kh):
        for y in range(im.shape[1] - kw):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def output_one_short(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh, im.shape[1] - kw))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def output_keeps_uint8(im, kernel):
    im = np.asarray(im)
    kernel = np.asarray(kernel)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1), dtype=im.dtype)
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def multiply_window_in_place(im, kernel):
    im = np.asarray(im)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x:x + kh, y:y + kw]
            window *= kernel          # writes into im: the next windows see changed pixels
            out[x, y] = window.sum()
    return out


def window_x_and_y_swapped(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[y:y + kw, x:x + kh] * kernel)
    return out


def window_starts_one_after(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x + 1:x + kh + 1, y + 1:y + kw + 1] * kernel)
    return out


def im_conv_without_checks(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    kh, kw = kernel.shape[0], kernel.shape[-1]
    out = np.zeros((max(im.shape[0] - kh + 1, 0), max(im.shape[1] - kw + 1, 0)))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


# --- flip_kernel -----------------------------------------------------------------------------


def transposed_instead_of_flipped(kernel):
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError("kernel must be a non-empty 2-D array")
    return kernel.T.copy()


def flipped_up_down_only(kernel):
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError("kernel must be a non-empty 2-D array")
    return kernel[::-1, :].copy()


def flipped_left_right_only(kernel):
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError("kernel must be a non-empty 2-D array")
    return np.fliplr(kernel).copy()


def flip_keeps_int_dtype(kernel):
    kernel = np.asarray(kernel)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError("kernel must be a non-empty 2-D array")
    return kernel[::-1, ::-1].copy()


def flip_without_checks(kernel):
    return np.asarray(kernel, dtype=np.float64)[::-1, ::-1].copy()


# --- im_convolve -----------------------------------------------------------------------------


def kernel_not_flipped(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def convolve_flipped_up_down_only(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    kernel = np.flipud(kernel)
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def convolve_flipped_left_right_only(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    kernel = np.fliplr(kernel)
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out


def result_flipped_instead_of_kernel(im, kernel):
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    kh, kw = kernel.shape
    if kh > im.shape[0] or kw > im.shape[1]:
        raise ValueError("kernel larger than image")
    out = np.zeros((im.shape[0] - kh + 1, im.shape[1] - kw + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(im[x:x + kh, y:y + kw] * kernel)
    return out[::-1, ::-1].copy()


# --- crop_to_valid ---------------------------------------------------------------------------


def anchor_at_k_minus_one_half(same_size_result, kernel_shape):
    same = np.asarray(same_size_result, dtype=np.float64)
    if same.ndim != 2 or same.size == 0:
        raise ValueError("same_size_result must be a non-empty 2-D array")
    if len(kernel_shape) != 2 or min(kernel_shape) < 1:
        raise ValueError("kernel_shape must be two ints >= 1")
    (h, w), (kh, kw) = same.shape, kernel_shape
    if kh > h or kw > w:
        raise ValueError("kernel larger than the result")
    top, left = (kh - 1) // 2, (kw - 1) // 2
    return same[top:top + h - kh + 1, left:left + w - kw + 1].copy()


def crop_half_from_each_side(same_size_result, kernel_shape):
    same = np.asarray(same_size_result, dtype=np.float64)
    if same.ndim != 2 or same.size == 0:
        raise ValueError("same_size_result must be a non-empty 2-D array")
    if len(kernel_shape) != 2 or min(kernel_shape) < 1:
        raise ValueError("kernel_shape must be two ints >= 1")
    (h, w), (kh, kw) = same.shape, kernel_shape
    if kh > h or kw > w:
        raise ValueError("kernel larger than the result")
    return same[kh // 2:h - kh // 2, kw // 2:w - kw // 2].copy()


def negative_slice_end(same_size_result, kernel_shape):
    same = np.asarray(same_size_result, dtype=np.float64)
    if same.ndim != 2 or same.size == 0:
        raise ValueError("same_size_result must be a non-empty 2-D array")
    if len(kernel_shape) != 2 or min(kernel_shape) < 1:
        raise ValueError("kernel_shape must be two ints >= 1")
    (h, w), (kh, kw) = same.shape, kernel_shape
    if kh > h or kw > w:
        raise ValueError("kernel larger than the result")
    return same[kh // 2:-(kh // 2), kw // 2:-(kw // 2)].copy()


def crop_from_top_left(same_size_result, kernel_shape):
    same = np.asarray(same_size_result, dtype=np.float64)
    if same.ndim != 2 or same.size == 0:
        raise ValueError("same_size_result must be a non-empty 2-D array")
    if len(kernel_shape) != 2 or min(kernel_shape) < 1:
        raise ValueError("kernel_shape must be two ints >= 1")
    (h, w), (kh, kw) = same.shape, kernel_shape
    if kh > h or kw > w:
        raise ValueError("kernel larger than the result")
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
