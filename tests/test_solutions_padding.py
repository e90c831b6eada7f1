"""Part 4 reference (solutions.padding) against independent oracles.

Oracles: numpy.pad for pad_image, counting window positions with range() for
conv_output_size, cv2.filter2D on a numpy.pad-ded image (stride 1, dilation 1;
valid-region crop in tests/oracles.py) and brute-force loops written here
(strides, dilation, both) for conv2d; for receptive_field, the input pixels
found by composing each layer's index map (output p of a layer reads inputs
p * s + d * t) and by filtering impulses through a stack of cv2.filter2D
layers.
"""
import cv2
import numpy as np
import pytest

from oracles import filter2d_valid, random_image
from solutions import conv2d, conv_output_size, pad_image, receptive_field


def brute_force_conv2d(im, kernel, stride, pad_widths, dilation):
    """Zero-pad with numpy.pad, then one product at a time: out[a, b] =
    sum_ij kernel[i, j] * padded[a * stride + dilation * i, b * stride + dilation * j]."""
    padded = np.pad(np.asarray(im, dtype=np.float64), pad_widths)
    kernel_h, kernel_w = kernel.shape
    rows = range(0, padded.shape[0] - dilation * (kernel_h - 1), stride)
    cols = range(0, padded.shape[1] - dilation * (kernel_w - 1), stride)
    out = np.zeros((len(rows), len(cols)))
    for a, x in enumerate(rows):
        for b, y in enumerate(cols):
            out[a, b] = sum(kernel[i, j] * padded[x + dilation * i, y + dilation * j]
                            for i in range(kernel_h) for j in range(kernel_w))
    return out


def dilated(kernel, dilation):
    """The kernel with dilation - 1 zeros between its taps."""
    kernel_h, kernel_w = kernel.shape
    spread = np.zeros((dilation * (kernel_h - 1) + 1, dilation * (kernel_w - 1) + 1))
    spread[::dilation, ::dilation] = kernel
    return spread


def assert_close(actual, expected):
    assert actual.dtype == np.float64
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-9)


# ---- pad_image -------------------------------------------------------------

@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("mode", ["constant", "edge", "reflect"])
def test_pad_image_matches_numpy_pad(seed, mode):
    rng = np.random.default_rng(seed)
    im = random_image(rng, tuple(int(n) for n in rng.integers(1, 9, size=2)))
    # Widths up to 12 on an image of side 1..8: reflect must bounce like numpy's.
    widths = tuple((int(a), int(b)) for a, b in rng.integers(0, 13, size=(2, 2)))
    pad = int(widths[0][0]) if seed % 4 == 0 else widths
    expected_widths = ((pad, pad), (pad, pad)) if isinstance(pad, int) else widths
    value = float(rng.normal()) * 10

    kwargs = {"value": value} if mode == "constant" else {}
    result = pad_image(im, pad, mode, **kwargs)

    numpy_kwargs = {"constant_values": value} if mode == "constant" else {}
    expected = np.pad(np.asarray(im, dtype=np.float64), expected_widths, mode=mode,
                      **numpy_kwargs)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, expected)


def test_pad_image_defaults_to_zeros():
    np.testing.assert_array_equal(pad_image(np.ones((1, 2)), 1),
                                  [[0, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 0]])


def test_pad_image_modes_on_the_docstring_row():
    row = np.array([[1.0, 2.0, 3.0, 4.0]])
    widths = ((0, 0), (2, 2))
    np.testing.assert_array_equal(pad_image(row, widths, "constant", value=9),
                                  [[9, 9, 1, 2, 3, 4, 9, 9]])
    np.testing.assert_array_equal(pad_image(row, widths, "edge"), [[1, 1, 1, 2, 3, 4, 4, 4]])
    np.testing.assert_array_equal(pad_image(row, widths, "reflect"), [[3, 2, 1, 2, 3, 4, 3, 2]])


def test_pad_image_keeps_uint8_values_and_accepts_any_fill_value():
    im = np.array([[250, 5]], dtype=np.uint8)
    np.testing.assert_array_equal(pad_image(im, ((0, 0), (1, 0)), value=-300.5),
                                  [[-300.5, 250.0, 5.0]])


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect"])
def test_pad_image_does_not_change_its_input_nor_share_memory(mode):
    im = np.arange(12.0).reshape(3, 4)
    im.flags.writeable = False
    padded = pad_image(im, 2, mode)
    assert not np.shares_memory(padded, im)
    padded_zero = pad_image(im, 0, mode)
    np.testing.assert_array_equal(padded_zero, im)
    assert not np.shares_memory(padded_zero, im)


# ---- conv_output_size ------------------------------------------------------

@pytest.mark.parametrize("seed", range(200))
def test_conv_output_size_counts_the_window_positions(seed):
    rng = np.random.default_rng(seed)
    n, f = int(rng.integers(1, 40)), int(rng.integers(1, 8))
    padding, stride, dilation = int(rng.integers(0, 5)), int(rng.integers(1, 5)), \
        int(rng.integers(1, 4))
    span = dilation * (f - 1) + 1
    if span > n + 2 * padding:
        with pytest.raises(ValueError, match="larger than the padded input"):
            conv_output_size(n, f, padding, stride, dilation)
        return
    # The window starts at 0, stride, 2 * stride, ... while it still fits.
    expected = len(range(0, n + 2 * padding - span + 1, stride))
    size = conv_output_size(n, f, padding, stride, dilation)
    assert type(size) is int and size == expected


def test_conv_output_size_gives_the_lessons_numbers():
    assert conv_output_size(45, 3, stride=2) == 22
    assert conv_output_size(25, 3, stride=2) == 12
    assert conv_output_size(28, 5) == 24
    assert conv_output_size(28, 5, padding=2) == 28, "same padding for an odd kernel"
    assert conv_output_size(7, 3, dilation=2) == 3, "a 3x3 kernel with dilation 2 spans 5"
    assert conv_output_size(6, 3, stride=2) == 2, "the floor drops the window that sticks out"


# ---- conv2d ----------------------------------------------------------------

def random_conv_case(seed):
    rng = np.random.default_rng(seed)
    image_shape = tuple(int(n) for n in rng.integers(1, 12, size=2))
    kernel_shape = (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
    return rng, random_image(rng, image_shape), rng.normal(0.0, 2.0, kernel_shape)


@pytest.mark.parametrize("seed", range(60))
def test_conv2d_matches_filter2d_on_a_numpy_padded_image(seed):
    # Stride 1, dilation 1: conv2d is filter2D's valid region of the zero-padded image.
    rng, im, kernel = random_conv_case(seed)
    padding = int(rng.integers(0, 4))
    padded = np.pad(np.asarray(im, dtype=np.float64), padding)
    if kernel.shape[0] > padded.shape[0] or kernel.shape[1] > padded.shape[1]:
        with pytest.raises(ValueError, match="larger than the padded image"):
            conv2d(im, kernel, padding=padding)
        return
    assert_close(conv2d(im, kernel, padding=padding), filter2d_valid(padded, kernel))


@pytest.mark.parametrize("seed", range(20))
def test_conv2d_valid_padding_is_no_padding(seed):
    _, im, kernel = random_conv_case(seed)
    kernel = kernel[:im.shape[0], :im.shape[1]]
    assert_close(conv2d(im, kernel, padding="valid"), filter2d_valid(im, kernel))


@pytest.mark.parametrize("seed", range(30))
def test_conv2d_same_padding_with_odd_kernels_equals_filter2d_same_size(seed):
    rng = np.random.default_rng(seed)
    im = random_image(rng, tuple(int(n) for n in rng.integers(1, 12, size=2)))
    kernel = rng.normal(size=(int(rng.choice([1, 3, 5, 7])), int(rng.choice([1, 3, 5]))))
    expected = cv2.filter2D(np.asarray(im, dtype=np.float64), cv2.CV_64F, kernel,
                            borderType=cv2.BORDER_CONSTANT)
    result = conv2d(im, kernel, padding="same")
    assert result.shape == np.shape(im)
    assert_close(result, expected)


@pytest.mark.parametrize("kernel_shape", [(2, 2), (4, 4), (2, 3), (4, 1), (6, 5)])
def test_conv2d_same_padding_puts_the_extra_row_and_column_at_the_bottom_right(kernel_shape):
    # Even kernels: (k - 1) // 2 zeros before and k // 2 after, as TensorFlow and PyTorch.
    rng = np.random.default_rng(sum(kernel_shape))
    im = rng.normal(size=(9, 8))
    kernel = rng.normal(size=kernel_shape)
    widths = tuple(((k - 1) // 2, k // 2) for k in kernel_shape)
    result = conv2d(im, kernel, padding="same")
    assert result.shape == im.shape
    assert_close(result, filter2d_valid(np.pad(im, widths), kernel))


@pytest.mark.parametrize("seed", range(60))
def test_conv2d_matches_brute_force_loop_with_stride_padding_and_dilation(seed):
    rng, im, kernel = random_conv_case(seed)
    stride, dilation, padding = (int(rng.integers(1, 4)), int(rng.integers(1, 4)),
                                 int(rng.integers(0, 3)))
    span_h, span_w = (dilation * (k - 1) + 1 for k in kernel.shape)
    if span_h > im.shape[0] + 2 * padding or span_w > im.shape[1] + 2 * padding:
        with pytest.raises(ValueError, match="larger than the padded image"):
            conv2d(im, kernel, stride=stride, padding=padding, dilation=dilation)
        return
    result = conv2d(im, kernel, stride=stride, padding=padding, dilation=dilation)
    assert_close(result, brute_force_conv2d(im, kernel, stride, padding, dilation))
    assert result.shape == (conv_output_size(im.shape[0], kernel.shape[0], padding, stride,
                                             dilation),
                            conv_output_size(im.shape[1], kernel.shape[1], padding, stride,
                                             dilation))


@pytest.mark.parametrize("dilation", [2, 3])
def test_conv2d_with_dilation_equals_the_kernel_spread_out_with_zeros(dilation):
    rng = np.random.default_rng(dilation)
    im = rng.integers(0, 256, (17, 14), dtype=np.uint8)
    kernel = rng.normal(size=(3, 2))
    assert_close(conv2d(im, kernel, dilation=dilation),
                 filter2d_valid(im, dilated(kernel, dilation)))


@pytest.mark.parametrize("stride", [2, 3, 5])
def test_conv2d_with_stride_keeps_every_stride_th_output(stride):
    rng = np.random.default_rng(stride)
    im = rng.normal(size=(16, 13))
    kernel = rng.normal(size=(3, 4))
    assert_close(conv2d(im, kernel, stride=stride, padding=1),
                 filter2d_valid(np.pad(im, 1), kernel)[::stride, ::stride])


@pytest.mark.parametrize("stride", [2, 3])
@pytest.mark.parametrize("kernel_shape", [(3, 3), (2, 4)])
def test_conv2d_same_padding_with_stride_samples_the_stride_1_result(stride, kernel_shape):
    rng = np.random.default_rng(stride)
    im = rng.normal(size=(10, 11))
    kernel = rng.normal(size=kernel_shape)
    widths = tuple(((k - 1) // 2, k // 2) for k in kernel_shape)
    result = conv2d(im, kernel, stride=stride, padding="same")
    assert result.shape == (-(-10 // stride), -(-11 // stride)), "ceil(n / stride)"
    assert_close(result, filter2d_valid(np.pad(im, widths), kernel)[::stride, ::stride])


@pytest.mark.parametrize("dilation", [1, 2, 3])
def test_conv2d_same_padding_with_dilation_keeps_the_size(dilation):
    im = np.random.default_rng(dilation).normal(size=(9, 10))
    kernel = np.arange(1.0, 7.0).reshape(2, 3)
    span = [dilation * (k - 1) + 1 for k in kernel.shape]
    widths = tuple(((s - 1) // 2, s // 2) for s in span)
    result = conv2d(im, kernel, padding="same", dilation=dilation)
    assert result.shape == im.shape
    assert_close(result, brute_force_conv2d(im, kernel, 1, widths, dilation))


def test_conv2d_of_uint8_image_and_kernel_does_not_wrap():
    im = np.full((3, 3), 200, dtype=np.uint8)
    assert conv2d(im, np.full((3, 3), 2, dtype=np.uint8))[0, 0] == 3600.0


def test_conv2d_on_uint8_equals_conv2d_on_the_same_values_as_float():
    rng = np.random.default_rng(11)
    im = rng.integers(0, 256, (12, 9), dtype=np.uint8)
    kernel = rng.integers(-3, 4, (3, 3))
    np.testing.assert_array_equal(conv2d(im, kernel, stride=2, padding=1, dilation=2),
                                  conv2d(im.astype(np.float64), kernel, stride=2, padding=1,
                                         dilation=2))


def test_conv2d_does_not_change_its_inputs():
    im = np.arange(30, dtype=np.uint8).reshape(5, 6)
    kernel = np.ones((2, 2))
    im.flags.writeable = False
    kernel.flags.writeable = False
    conv2d(im, kernel, stride=2, padding="same", dilation=2)


@pytest.mark.parametrize("call, expected_words", [
    (lambda: pad_image(np.zeros((3, 3, 3)), 1), "2-D array"),
    (lambda: pad_image(np.zeros((3, 3)), -1), r"pad must be an int >= 0 or \(\(top, bottom\)"),
    (lambda: pad_image(np.zeros((3, 3)), 1.5), "pad must be an int >= 0"),
    (lambda: pad_image(np.zeros((3, 3)), ((1, 2),)), r"\(\(top, bottom\), \(left, right\)\)"),
    (lambda: pad_image(np.zeros((3, 3)), ((1, 2), (3, -1))), "ints >= 0"),
    (lambda: pad_image(np.zeros((3, 3)), 1, "wrap"),
     "unknown mode 'wrap': expected 'constant', 'edge' or 'reflect'"),
    (lambda: pad_image(np.zeros((3, 3)), 1, value="a"), "value must be a real number"),
    (lambda: conv_output_size(0, 3), "n must be an int >= 1"),
    (lambda: conv_output_size(5, 0), "f must be an int >= 1"),
    (lambda: conv_output_size(5, 3, padding=-1), "padding must be an int >= 0"),
    (lambda: conv_output_size(5, 3, stride=0), "stride must be an int >= 1, got 0"),
    (lambda: conv_output_size(5, 3, dilation=0), "dilation must be an int >= 1"),
    (lambda: conv_output_size(5, 3, stride=1.5), "stride must be an int >= 1"),
    (lambda: conv_output_size(4, 3, dilation=2), "larger than the padded input"),
    (lambda: conv2d(np.zeros((3, 4, 3)), np.ones((2, 2))),
     r"im must be a non-empty 2-D array, got shape \(3, 4, 3\)"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones(2)), "kernel must be a non-empty 2-D array"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((2, 2)), stride=0),
     "stride must be an int >= 1, got 0"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((2, 2)), dilation=0), "dilation must be an int"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((2, 2)), padding="foo"),
     "unknown padding 'foo': expected an int >= 0, 'valid' or 'same'"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((2, 2)), padding=-1),
     "padding must be an int >= 0, 'valid' or 'same'"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((2, 2)), padding=1.0),
     "padding must be an int >= 0"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((5, 5))), "larger than the padded image 4x4"),
    (lambda: conv2d(np.zeros((4, 4)), np.ones((3, 3)), dilation=2),
     "spanning 5x5 with dilation 2"),
])
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()


# ---- receptive_field ----------------------------------------------------------

def composed_field(kernel_sizes, strides, dilations):
    """The input positions output 0 depends on: compose the index maps from the last layer down."""
    positions = {0}
    for k, s, d in reversed(list(zip(kernel_sizes, strides, dilations))):
        positions = {p * s + d * t for p in positions for t in range(k)}
    return max(positions) - min(positions) + 1


def impulse_field(kernel_sizes, strides, dilations):
    """The positions whose impulse reaches output 0 through a stack of 1-D layers of ones
    (cv2.filter2D with the kernel spread out by the dilation, then every stride-th value)."""
    width = 2 + sum(d * (k - 1) for k, d in zip(kernel_sizes, dilations)) * int(np.prod(strides))
    reached = []
    for j in range(width):
        row = np.zeros((1, width))
        row[0, j] = 1.0
        for k, s, d in zip(kernel_sizes, strides, dilations):
            taps = np.zeros((1, d * (k - 1) + 1))
            taps[0, ::d] = 1.0
            row = filter2d_valid(row, taps)[:, ::s]
        if row[0, 0] != 0:
            reached.append(j)
    return reached[-1] - reached[0] + 1


@pytest.mark.parametrize("seed", range(60))
def test_receptive_field_equals_the_composed_index_maps(seed):
    rng = np.random.default_rng(seed)
    layers = int(rng.integers(1, 7))
    kernel_sizes = [int(k) for k in rng.integers(1, 8, size=layers)]
    strides = [int(s) for s in rng.integers(1, 4, size=layers)]
    dilations = [int(d) for d in rng.integers(1, 4, size=layers)]
    assert receptive_field(kernel_sizes, strides, dilations) == composed_field(kernel_sizes, strides, dilations)


@pytest.mark.parametrize("kernel_sizes, strides, dilations", [
    ([3, 3], [1, 1], [1, 1]), ([3, 3], [2, 1], [1, 1]), ([3, 3], [1, 2], [1, 1]),
    ([3, 3, 3], [1, 1, 1], [1, 2, 4]), ([5, 2, 5, 2], [1, 2, 1, 2], [1, 1, 1, 1]),
    ([2, 4, 3], [3, 1, 2], [2, 1, 3]), ([1], [1], [1]),
])
def test_receptive_field_equals_the_pixels_an_impulse_reaches_through_filter2d(kernel_sizes, strides, dilations):
    assert receptive_field(kernel_sizes, strides, dilations) == impulse_field(kernel_sizes, strides, dilations)


def test_receptive_field_gives_the_lessons_numbers():
    assert receptive_field([3, 3]) == 5
    assert receptive_field([3, 3, 3]) == 7
    assert receptive_field((5,)) == 5
    assert receptive_field([3, 3], strides=[2, 1]) == 7
    assert receptive_field([3, 3], strides=[1, 2]) == 5
    assert receptive_field([3, 3, 3], dilations=[1, 2, 4]) == 15
    assert receptive_field([5, 2, 5, 2], [1, 2, 1, 2]) == 16


def test_receptive_field_accepts_numpy_integers_and_returns_an_int():
    field = receptive_field(np.array([3, 3]), [np.int64(2), np.int32(1)], np.array([1, 2], dtype=np.uint8))
    assert field == 1 + 2 + 2 * 2 * 2 and type(field) is int


@pytest.mark.parametrize("call, expected_words", [
    (lambda: receptive_field([]), "kernel_sizes must be a non-empty list of ints >= 1"),
    (lambda: receptive_field(3), "kernel_sizes must be a non-empty list"),
    (lambda: receptive_field([3, 0]), r"got \[3, 0\]"),
    (lambda: receptive_field([3, 2.5]), "ints >= 1"),
    (lambda: receptive_field(np.array([[3, 3]])), "kernel_sizes must be"),
    (lambda: receptive_field([3, 3], strides=[2]), r"strides has 1 entries, expected one per layer \(2\)"),
    (lambda: receptive_field([3, 3], dilations=[1, 2, 4]), "dilations has 3 entries"),
    (lambda: receptive_field([3, 3], strides=[1, 0]), "strides must be a non-empty list of ints >= 1"),
    (lambda: receptive_field([3, 3], dilations=[-1, 1]), "dilations must be"),
])
def test_receptive_field_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
