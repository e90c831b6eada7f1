"""Wrong answers for Part 4: pad_image, conv_output_size, conv2d, receptive_field.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so its feedback must name that mistake. The
right parts the answers share (argument checks, float64 conversion, padding,
the sliding loop) live in the private helpers of each section, so an answer's
body shows its one mistake; where the mistake is in those parts (a check left
out, the input dtype kept), the answer has its own code or a helper parameter
says so. Numpy only: the sandbox runs an answer's source after that of the
helpers it calls (see `helpers_of`).
"""
import numpy as np

from . import Wrong


# ----------------------------------------------------------------------------- pad_image

def _checked_image(im, dtype=np.float64):
    """im as an array of `dtype` (None: its own dtype), checked to be non-empty and 2-D."""
    im = np.asarray(im, dtype=dtype)
    if im.ndim != 2 or im.size == 0:
        raise ValueError("im must be a non-empty 2-D array")
    return im


def _as_pad_pairs(pad):
    """pad as ((top, bottom), (left, right)): an int pads all four sides alike."""
    return ((pad, pad), (pad, pad)) if isinstance(pad, int) else pad


def _check_pad_widths(widths):
    """ValueError if one of the pad widths is negative."""
    if min(n for pair in widths for n in pair) < 0:
        raise ValueError("pad widths must be >= 0")


def _check_mode(mode):
    """ValueError unless mode is one of the course's: 'constant', 'edge' or 'reflect'."""
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"unknown mode {mode!r}")


def _image_and_pad_widths(im, pad, dtype=np.float64):
    """The checked image (see _checked_image) and its checked ((top, bottom), (left, right)) pad widths."""
    im = _checked_image(im, dtype)
    widths = _as_pad_pairs(pad)
    _check_pad_widths(widths)
    return im, widths


def _pad_with_value(im, widths, mode, value):
    """np.pad in numpy's `mode`, with `value` around the image in mode 'constant'."""
    kwargs = {"constant_values": value} if mode == "constant" else {}
    return np.pad(im, widths, mode=mode, **kwargs)


def _pad_as_numpy_modes(im, widths, mode, value, numpy_modes):
    """_pad_with_value in the numpy mode that `numpy_modes` gives for the course's `mode`;
    ValueError for a mode it does not list."""
    for course_mode, numpy_mode in numpy_modes.items():
        if mode == course_mode:
            return _pad_with_value(im, widths, numpy_mode, value)
    raise ValueError(f"unknown mode {mode!r}")


def pad_constant_value_ignored(im, pad, mode="constant", value=0.0):
    im, widths = _image_and_pad_widths(im, pad)
    _check_mode(mode)
    return np.pad(im, widths, mode=mode)          # always pads with 0


def pad_reflect_as_symmetric(im, pad, mode="constant", value=0.0):
    im, widths = _image_and_pad_widths(im, pad)
    return _pad_as_numpy_modes(im, widths, mode, value, {
        "constant": "constant", "edge": "edge", "reflect": "symmetric"})   # repeats the border pixel


def pad_reflect_as_wrap(im, pad, mode="constant", value=0.0):
    im, widths = _image_and_pad_widths(im, pad)
    return _pad_as_numpy_modes(im, widths, mode, value, {
        "constant": "constant", "edge": "edge", "reflect": "wrap"})        # copies the opposite side


def pad_edge_as_reflect(im, pad, mode="constant", value=0.0):
    im, widths = _image_and_pad_widths(im, pad)
    return _pad_as_numpy_modes(im, widths, mode, value, {
        "constant": "constant", "edge": "reflect", "reflect": "reflect"})  # edge mirrored too


def pad_image_in_top_left_corner(im, pad, mode="constant", value=0.0):
    im = _checked_image(im)
    (top, bottom), (left, right) = _as_pad_pairs(pad)
    _check_pad_widths(((top, bottom), (left, right)))
    _check_mode(mode)
    height, width = im.shape
    if mode == "constant":
        padded = np.full((top + height + bottom, left + width + right), float(value))
        padded[:height, :width] = im                  # all the padding below and to the right
        return padded
    return np.pad(im, ((0, top + bottom), (0, left + right)), mode=mode)


def pad_pairs_swapped(im, pad, mode="constant", value=0.0):
    im = _checked_image(im)
    rows, cols = _as_pad_pairs(pad)
    if min(*rows, *cols) < 0:
        raise ValueError("pad widths must be >= 0")
    _check_mode(mode)
    return _pad_with_value(im, (cols, rows), mode, value)   # left/right used for the rows


def pad_any_numpy_mode(im, pad, mode="constant", value=0.0):
    im, widths = _image_and_pad_widths(im, pad)      # and no _check_mode:
    return _pad_with_value(im, widths, mode, value)   # 'symmetric' and 'wrap' slip through


def pad_keeps_input_dtype(im, pad, mode="constant", value=0.0):
    im, widths = _image_and_pad_widths(im, pad, dtype=None)   # the input dtype kept
    _check_mode(mode)
    if mode == "constant":
        padded = np.zeros((widths[0][0] + im.shape[0] + widths[0][1],
                           widths[1][0] + im.shape[1] + widths[1][1]), dtype=im.dtype)
        padded[:] = value if im.dtype.kind == "f" else int(value)
        padded[widths[0][0]:widths[0][0] + im.shape[0], widths[1][0]:widths[1][0] + im.shape[1]] = im
        return padded
    return np.pad(im, widths, mode=mode)


# ---------------------------------------------------------------------- conv_output_size

def _check_size_arguments(n, f, padding, stride, dilation):
    """ValueError unless n, f, stride and dilation are ints >= 1 and padding an int >= 0."""
    for number, smallest in ((n, 1), (f, 1), (padding, 0), (stride, 1), (dilation, 1)):
        if not isinstance(number, int) or number < smallest:
            raise ValueError("arguments must be ints in range")


def _checked_span(n, f, padding, stride, dilation):
    """The dilated kernel's span, dilation * (f - 1) + 1, once the arguments are checked
    and the span is known to fit the padded input."""
    _check_size_arguments(n, f, padding, stride, dilation)
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        raise ValueError("kernel larger than the padded input")
    return span


def size_with_ceil(n, f, padding=0, stride=1, dilation=1):
    span = _checked_span(n, f, padding, stride, dilation)
    return -(-(n + 2 * padding - span) // stride) + 1       # rounds up


def size_true_division(n, f, padding=0, stride=1, dilation=1):
    span = _checked_span(n, f, padding, stride, dilation)
    return (n + 2 * padding - span) / stride + 1            # / instead of //


def size_without_dilation(n, f, padding=0, stride=1, dilation=1):
    _check_size_arguments(n, f, padding, stride, dilation)
    if f > n + 2 * padding:                                 # f taps, the gaps forgotten
        raise ValueError("kernel larger than the padded input")
    return (n + 2 * padding - f) // stride + 1


def size_dilated_span_d_times_f(n, f, padding=0, stride=1, dilation=1):
    _checked_span(n, f, padding, stride, dilation)
    return (n + 2 * padding - dilation * f) // stride + 1


def size_stride_ignored(n, f, padding=0, stride=1, dilation=1):
    span = _checked_span(n, f, padding, stride, dilation)
    return n + 2 * padding - span + 1


def size_padding_one_side(n, f, padding=0, stride=1, dilation=1):
    span = _checked_span(n, f, padding, stride, dilation)
    return (n + padding - span) // stride + 1


def size_missing_plus_one(n, f, padding=0, stride=1, dilation=1):
    span = _checked_span(n, f, padding, stride, dilation)
    return (n + 2 * padding - span) // stride


def size_without_argument_checks(n, f, padding=0, stride=1, dilation=1):
    return (n + 2 * padding - dilation * (f - 1) - 1) // stride + 1


# -------------------------------------------------------------------------------- conv2d

def _checked_image_and_kernel(im, kernel, stride, dilation, dtype=np.float64):
    """im and kernel as arrays of `dtype` (None: their own dtypes), checked to be 2-D,
    once stride and dilation are checked to be ints >= 1."""
    im, kernel = np.asarray(im, dtype=dtype), np.asarray(kernel, dtype=dtype)
    if im.ndim != 2 or kernel.ndim != 2:
        raise ValueError("im and kernel must be 2-D")
    if not isinstance(stride, int) or stride < 1 or not isinstance(dilation, int) or dilation < 1:
        raise ValueError("stride and dilation must be ints >= 1")
    return im, kernel


def _dilated_span(kernel, dilation):
    """The rows and columns covered by the kernel's taps, `dilation` pixels apart."""
    return dilation * (kernel.shape[0] - 1) + 1, dilation * (kernel.shape[1] - 1) + 1


def _centred_widths(span_h, span_w):
    """'same' padding for a span_h x span_w window, ((top, bottom), (left, right)):
    the odd pixel of an even span at the bottom and on the right."""
    return (((span_h - 1) // 2, span_h // 2), ((span_w - 1) // 2, span_w // 2))


def _padding_widths(padding, same):
    """((top, bottom), (left, right)) for padding 'same' (the widths `same`), 'valid' or
    an int >= 0; ValueError for anything else."""
    if padding == "same":
        return same
    if padding == "valid":
        return ((0, 0), (0, 0))
    if isinstance(padding, int) and not isinstance(padding, bool) and padding >= 0:
        return ((padding, padding), (padding, padding))
    raise ValueError("padding must be an int >= 0, 'valid' or 'same'")


def _check_kernel_fits(kernel, dilation, height, width):
    """ValueError if the dilated kernel is larger than a height x width padded image."""
    span_h, span_w = _dilated_span(kernel, dilation)
    if span_h > height or span_w > width:
        raise ValueError("kernel larger than the padded image")


def _zero_padded(im, kernel, dilation, widths):
    """im with zeros around it, `widths` ((top, bottom), (left, right)), checked to hold
    the dilated kernel."""
    padded = np.pad(im, widths)
    _check_kernel_fits(kernel, dilation, *padded.shape)
    return padded


def _padded_image(im, kernel, padding, dilation):
    """im zero-padded as `padding` asks ('same' centres the dilated kernel), checked to hold the kernel."""
    same = _centred_widths(*_dilated_span(kernel, dilation))
    return _zero_padded(im, kernel, dilation, _padding_widths(padding, same))


def _correlate(padded, kernel, stride, dilation, dtype=np.float64):
    """The kernel's taps, `dilation` pixels apart, slid over padded `stride` pixels at a time:
    out[x, y] = the sum of the taps times the pixels under them, an array of `dtype`."""
    span_h, span_w = _dilated_span(kernel, dilation)
    out = np.zeros(((padded.shape[0] - span_h) // stride + 1, (padded.shape[1] - span_w) // stride + 1),
                   dtype=dtype)
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            top, left = x * stride, y * stride
            out[x, y] = np.sum(padded[top:top + span_h:dilation, left:left + span_w:dilation] * kernel)
    return out


def conv2d_stride_ignored(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    padded = _padded_image(im, kernel, padding, dilation)
    stride = 1                                               # the mistake
    return _correlate(padded, kernel, stride, dilation)


def conv2d_dilation_ignored(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    dilation = 1                                             # the mistake
    padded = _padded_image(im, kernel, padding, dilation)
    return _correlate(padded, kernel, stride, dilation)


def conv2d_image_subsampled(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    padded = _padded_image(im, kernel, padding, dilation)
    small = padded[::dilation, ::dilation]                   # the image subsampled, not the kernel spread
    if kernel.shape[0] > small.shape[0] or kernel.shape[1] > small.shape[1]:
        raise ValueError("kernel larger than the subsampled image")
    return _correlate(small, kernel, stride, 1)


def conv2d_padding_one_side(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    widths = _padding_widths(padding, _centred_widths(*_dilated_span(kernel, dilation)))
    if isinstance(padding, int):                             # an int padding: checked as if on both sides,
        _check_kernel_fits(kernel, dilation, im.shape[0] + 2 * padding, im.shape[1] + 2 * padding)
        widths = ((padding, 0), (padding, 0))                # but put at the top and left only
    return _correlate(_zero_padded(im, kernel, dilation, widths), kernel, stride, dilation)


def conv2d_same_extra_row_on_top(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    span_h, span_w = _dilated_span(kernel, dilation)        # cv2.filter2D's anchor: extra at the top/left
    same = ((span_h // 2, (span_h - 1) // 2), (span_w // 2, (span_w - 1) // 2))
    padded = _zero_padded(im, kernel, dilation, _padding_widths(padding, same))
    return _correlate(padded, kernel, stride, dilation)


def conv2d_same_ignores_dilation(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    same = _centred_widths(*kernel.shape)                    # from the kernel size, not its span
    padded = _zero_padded(im, kernel, dilation, _padding_widths(padding, same))
    return _correlate(padded, kernel, stride, dilation)


def conv2d_flipped_kernel(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    kernel = kernel[::-1, ::-1]                              # true convolution
    padded = _padded_image(im, kernel, padding, dilation)
    return _correlate(padded, kernel, stride, dilation)


def conv2d_unknown_padding_as_zero(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation)
    if padding == "same":
        widths = _centred_widths(*_dilated_span(kernel, dilation))
    elif isinstance(padding, int) and padding > 0:
        widths = ((padding, padding), (padding, padding))
    else:                                                    # 'full', -1, ... taken as no padding
        widths = ((0, 0), (0, 0))
    return _correlate(_zero_padded(im, kernel, dilation, widths), kernel, stride, dilation)


def conv2d_integer_result(im, kernel, stride=1, padding=0, dilation=1):
    im, kernel = _checked_image_and_kernel(im, kernel, stride, dilation, dtype=None)   # no float64
    padded = _padded_image(im, kernel, padding, dilation)
    return _correlate(padded, kernel, stride, dilation,
                      dtype=np.result_type(im, kernel))      # uint8 * int kernel: an int result


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


# ----------------------------------------------------------------------- receptive_field

def _checked_layers(kernel_sizes, strides, dilations):
    """The three per-layer lists (None: all 1), checked like the reference: non-empty
    sequences of ints >= 1 (numpy's too), one entry per layer."""
    lists = []
    for values in (kernel_sizes, strides, dilations):
        if values is None:
            values = [1] * len(lists[0])
        if not isinstance(values, (list, tuple, np.ndarray)) or np.ndim(values) != 1 or len(values) == 0:
            raise ValueError("expected a non-empty list of ints >= 1")
        if not all(isinstance(v, (int, np.integer)) and v >= 1 for v in values):
            raise ValueError("expected ints >= 1")
        if lists and len(values) != len(lists[0]):
            raise ValueError("one stride and one dilation per layer")
        lists.append([int(v) for v in values])
    return lists


def field_own_stride_counted(kernel_sizes, strides=None, dilations=None):
    sizes, strides, dilations = _checked_layers(kernel_sizes, strides, dilations)
    field, step = 1, 1
    for k, s, d in zip(sizes, strides, dilations):
        step *= s                                   # the layer's own stride counted too
        field += d * (k - 1) * step
    return field


def field_dilation_ignored(kernel_sizes, strides=None, dilations=None):
    sizes, strides, dilations = _checked_layers(kernel_sizes, strides, dilations)
    field, step = 1, 1
    for k, s in zip(sizes, strides):
        field += (k - 1) * step                     # d(k - 1) without the d
        step *= s
    return field


def field_stride_ignored(kernel_sizes, strides=None, dilations=None):
    sizes, strides, dilations = _checked_layers(kernel_sizes, strides, dilations)
    return 1 + sum(d * (k - 1) for k, d in zip(sizes, dilations))


def field_sum_of_kernel_sizes(kernel_sizes, strides=None, dilations=None):
    sizes, strides, dilations = _checked_layers(kernel_sizes, strides, dilations)
    return sum(sizes)                               # overlapping windows counted twice


def field_missing_one(kernel_sizes, strides=None, dilations=None):
    sizes, strides, dilations = _checked_layers(kernel_sizes, strides, dilations)
    field, step = 0, 1                              # should start from 1
    for k, s, d in zip(sizes, strides, dilations):
        field += d * (k - 1) * step
        step *= s
    return field


def field_dilated_span_d_times_k(kernel_sizes, strides=None, dilations=None):
    sizes, strides, dilations = _checked_layers(kernel_sizes, strides, dilations)
    field, step = 1, 1
    for k, s, d in zip(sizes, strides, dilations):
        field += (d * k - 1) * step                 # the span taken as d * k
        step *= s
    return field


def field_without_length_check(kernel_sizes, strides=None, dilations=None):
    if len(kernel_sizes) == 0:
        raise ValueError("no layers")
    if strides is None:
        strides = [1] * len(kernel_sizes)
    if dilations is None:
        dilations = [1] * len(kernel_sizes)
    field, step = 1, 1
    for k, s, d in zip(kernel_sizes, strides, dilations):   # zip stops at the shortest list
        if k < 1 or s < 1 or d < 1:
            raise ValueError("sizes, strides and dilations must be >= 1")
        field += int(d) * (int(k) - 1) * step
        step *= int(s)
    return field


WRONG += [
    Wrong("receptive_field", field_own_stride_counted, "a layer's own stride counted"),
    Wrong("receptive_field", field_dilation_ignored, "dilation ignored"),
    Wrong("receptive_field", field_stride_ignored, "stride ignored"),
    Wrong("receptive_field", field_sum_of_kernel_sizes, "sum of the kernel sizes"),
    Wrong("receptive_field", field_missing_one, "off by one"),
    Wrong("receptive_field", field_dilated_span_d_times_k, "dilated span d*k"),
    Wrong("receptive_field", field_without_length_check, "should raise ValueError"),
]
