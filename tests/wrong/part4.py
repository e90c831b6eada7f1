"""Wrong answers for Part 4: pad_image, conv_output_size, conv2d.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so its feedback must name that mistake. Each is
self-contained (numpy only): the sandbox runs its source alone.
"""
import numpy as np

from . import Wrong


# ----------------------------------------------------------------------------- pad_image

def pad_constant_value_ignored(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"unknown mode {mode!r}")
    return np.pad(im, widths, mode=mode)          # always pads with 0


def pad_reflect_as_symmetric(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode == "constant":
        return np.pad(im, widths, mode="constant", constant_values=value)
    if mode == "edge":
        return np.pad(im, widths, mode="edge")
    if mode == "reflect":
        return np.pad(im, widths, mode="symmetric")   # repeats the border pixel
    raise ValueError(f"unknown mode {mode!r}")


def pad_reflect_as_wrap(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode == "constant":
        return np.pad(im, widths, mode="constant", constant_values=value)
    if mode == "edge":
        return np.pad(im, widths, mode="edge")
    if mode == "reflect":
        return np.pad(im, widths, mode="wrap")        # copies the opposite side
    raise ValueError(f"unknown mode {mode!r}")


def pad_edge_as_reflect(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode == "constant":
        return np.pad(im, widths, mode="constant", constant_values=value)
    if mode in ("edge", "reflect"):
        return np.pad(im, widths, mode="reflect")     # edge mirrored too
    raise ValueError(f"unknown mode {mode!r}")


def pad_image_in_top_left_corner(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    (top, bottom), (left, right) = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(top, bottom, left, right) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"unknown mode {mode!r}")
    height, width = im.shape
    if mode == "constant":
        padded = np.full((top + height + bottom, left + width + right), float(value))
        padded[:height, :width] = im                  # all the padding below and to the right
        return padded
    return np.pad(im, ((0, top + bottom), (0, left + right)), mode=mode)


def pad_pairs_swapped(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    rows, cols = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(*rows, *cols) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"unknown mode {mode!r}")
    kwargs = {"constant_values": value} if mode == "constant" else {}
    return np.pad(im, (cols, rows), mode=mode, **kwargs)   # left/right used for the rows


def pad_any_numpy_mode(im, pad, mode="constant", value=0.0):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")
    kwargs = {"constant_values": value} if mode == "constant" else {}
    return np.pad(im, widths, mode=mode, **kwargs)    # 'symmetric' and 'wrap' slip through


def pad_keeps_input_dtype(im, pad, mode="constant", value=0.0):
    im = np.asarray(im)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "constant":
        padded = np.zeros((widths[0][0] + im.shape[0] + widths[0][1],
                           widths[1][0] + im.shape[1] + widths[1][1]), dtype=im.dtype)
        padded[:] = value if im.dtype.kind == "f" else int(value)
        padded[widths[0][0]:widths[0][0] + im.shape[0], widths[1][0]:widths[1][0] + im.shape[1]] = im
        return padded
    return np.pad(im, widths, mode=mode)


# ---------------------------------------------------------------------- conv_output_size

def size_with_ceil(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return -(-(n + 2 * padding - span) // stride) + 1       # rounds up


def size_true_division(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return (n + 2 * padding - span) / stride + 1            # / instead of //


def size_without_dilation(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    if f > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return (n + 2 * padding - f) // stride + 1


def size_dilated_span_d_times_f(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    if dilation * (f - 1) + 1 > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return (n + 2 * padding - dilation * f) // stride + 1


def size_stride_ignored(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return n + 2 * padding - span + 1


def size_padding_one_side(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return (n + padding - span) // stride + 1


def size_missing_plus_one(n, f, padding=0, stride=1, dilation=1):
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return (n + 2 * padding - span) // stride


def size_without_argument_checks(n, f, padding=0, stride=1, dilation=1):
    return (n + 2 * padding - dilation * (f - 1) - 1) // stride + 1


# -------------------------------------------------------------------------------- conv2d

def conv2d_stride_ignored(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    span_h, span_w = dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    stride = 1                                               # the mistake
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_dilation_ignored(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    dilation = 1                                             # the mistake
    span_h, span_w = kernel.shape
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h, left:left + span_w] * kernel)
    return out


def conv2d_image_subsampled(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    kh, kw = kernel.shape
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    small = padded[::dilation, ::dilation]                   # the image subsampled, not the kernel spread
    if kh > small.shape[0] or kw > small.shape[1]:
        raise ValueError("kernel larger than the subsampled image")
    out = np.zeros(((small.shape[0] - kh) // stride + 1, (small.shape[1] - kw) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            out[x, y] = np.sum(small[x * stride:x * stride + kh, y * stride:y * stride + kw] * kernel)
    return out


def conv2d_padding_one_side(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    span_h, span_w = dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        if span_h > im.shape[0] + 2 * padding or span_w > im.shape[1] + 2 * padding:
            raise ValueError("kernel larger than the padded image")
        widths = ((padding, 0), (padding, 0))                # top and left only
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_same_extra_row_on_top(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    span_h, span_w = dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1
    if padding == "same":                                    # cv2.filter2D's anchor: extra at the top/left
        widths = ((span_h // 2, (span_h - 1) // 2), (span_w // 2, (span_w - 1) // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_same_ignores_dilation(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    kh, kw = kernel.shape
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    if padding == "same":                                    # from the kernel size, not its span
        widths = (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_flipped_kernel(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    kernel = kernel[::-1, ::-1]                              # true convolution
    span_h, span_w = dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_unknown_padding_as_zero(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    span_h, span_w = dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif isinstance(padding, int) and padding > 0:
        widths = ((padding, padding), (padding, padding))
    else:                                                    # 'full', -1, ... taken as no padding
        widths = ((0, 0), (0, 0))
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_integer_result(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = np.asarray(im), np.asarray(kernel)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    span_h, span_w = dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1
    if padding == "same":
        widths = (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))
    elif padding == "valid":
        widths = ((0, 0), (0, 0))
    elif isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        widths = ((padding, padding), (padding, padding))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(im, widths)
    if span_h > padded.shape[0] or span_w > padded.shape[1]:
        raise ValueError("kernel larger than the padded image")
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1),
                   dtype=np.result_type(im, kernel))         # uint8 * int kernel: an int result
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


WRONG = [
    Wrong("pad_image", pad_constant_value_ignored, "constant value ignored"),
    Wrong("pad_image", pad_reflect_as_symmetric, "symmetric"),
    Wrong("pad_image", pad_reflect_as_wrap, "reflect done as wrap"),
    Wrong("pad_image", pad_edge_as_reflect, "edge done as reflect"),
    Wrong("pad_image", pad_image_in_top_left_corner, "padding on one side only"),
    Wrong("pad_image", pad_pairs_swapped, "pad pairs swapped"),
    Wrong("pad_image", pad_any_numpy_mode, "should raise ValueError"),
    Wrong("pad_image", pad_keeps_input_dtype, "float64"),
    Wrong("conv_output_size", size_with_ceil, "ceil instead of floor"),
    Wrong("conv_output_size", size_true_division, "true division"),
    Wrong("conv_output_size", size_without_dilation, "dilation forgotten"),
    Wrong("conv_output_size", size_dilated_span_d_times_f, "dilated span"),
    Wrong("conv_output_size", size_stride_ignored, "stride ignored"),
    Wrong("conv_output_size", size_padding_one_side, "padding on one side only"),
    Wrong("conv_output_size", size_missing_plus_one, "missing + 1"),
    Wrong("conv_output_size", size_without_argument_checks, "should raise ValueError"),
    Wrong("conv2d", conv2d_stride_ignored, "stride ignored"),
    Wrong("conv2d", conv2d_dilation_ignored, "dilation ignored"),
    Wrong("conv2d", conv2d_image_subsampled, "dilation applied to the image"),
    Wrong("conv2d", conv2d_padding_one_side, "padding on one side only"),
    Wrong("conv2d", conv2d_same_extra_row_on_top, "extra row at the top"),
    Wrong("conv2d", conv2d_same_ignores_dilation, "same padding ignores dilation"),
    Wrong("conv2d", conv2d_flipped_kernel, "flipped kernel"),
    Wrong("conv2d", conv2d_unknown_padding_as_zero, "should raise ValueError"),
    Wrong("conv2d", conv2d_integer_result, "float64"),
]
