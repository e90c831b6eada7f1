"""Part 5 reference (solutions.volumes) against independent oracles.

Oracles: a brute-force loop over every output position, filter, row, column
and channel written here (with numpy.pad for the zero padding), cv2.filter2D per
channel, numpy.where for ReLU, and parameter counts read off the sizes of real
weight arrays (the lesson's LeNet-style table).
"""
import cv2
import numpy as np
import pytest

from solutions import conv_layer, conv_volume, count_conv_params, count_dense_params, relu


def brute_force_conv_volume(volume, filters, bias, stride, padding):
    """One product at a time: out[a, b, k] =
    bias[k] + sum over i, j, c of filters[i, j, c, k] * padded[a*s + i, b*s + j, c]."""
    padded = np.pad(np.asarray(volume, dtype=np.float64), ((padding, padding),
                                                           (padding, padding), (0, 0)))
    filter_h, filter_w, channels, n_filters = filters.shape
    rows = range(0, padded.shape[0] - filter_h + 1, stride)
    cols = range(0, padded.shape[1] - filter_w + 1, stride)
    out = np.zeros((len(rows), len(cols), n_filters))
    for a, x in enumerate(rows):
        for b, y in enumerate(cols):
            for k in range(n_filters):
                total = float(bias[k])
                for i in range(filter_h):
                    for j in range(filter_w):
                        for c in range(channels):
                            total += filters[i, j, c, k] * padded[x + i, y + j, c]
                out[a, b, k] = total
    return out


def random_volume_case(seed):
    rng = np.random.default_rng(seed)
    height, width = (int(n) for n in rng.integers(1, 9, size=2))
    channels, n_filters = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    if seed % 3 == 0:
        volume = rng.integers(0, 256, (height, width, channels), dtype=np.uint8)
    else:
        volume = rng.normal(0.0, 20.0, (height, width, channels))
    filter_h, filter_w = int(rng.integers(1, height + 1)), int(rng.integers(1, width + 1))
    filters = rng.normal(size=(filter_h, filter_w, channels, n_filters))
    bias = rng.normal(size=n_filters)
    return rng, volume, filters, bias


@pytest.mark.parametrize("seed", range(40))
def test_conv_volume_matches_brute_force_loop(seed):
    rng, volume, filters, bias = random_volume_case(seed)
    stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    result = conv_volume(volume, filters, bias, stride=stride, padding=padding)
    expected = brute_force_conv_volume(volume, filters, bias, stride, padding)
    assert result.dtype == np.float64 and result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_conv_volume_without_bias_sums_filter2d_over_channels(seed):
    rng, volume, filters, _ = random_volume_case(seed)
    filter_h, filter_w, channels, n_filters = filters.shape
    height, width = volume.shape[:2]
    result = conv_volume(volume, filters)
    for k in range(n_filters):
        expected = sum(cv2.filter2D(volume[:, :, c].astype(np.float64), cv2.CV_64F,
                                    filters[:, :, c, k], borderType=cv2.BORDER_CONSTANT)
                       for c in range(channels))
        expected = expected[filter_h // 2:filter_h // 2 + height - filter_h + 1,
                            filter_w // 2:filter_w // 2 + width - filter_w + 1]
        np.testing.assert_allclose(result[:, :, k], expected, rtol=1e-12, atol=1e-9)


def test_conv_volume_gives_the_lesson_shapes():
    # 6x6x3 image, two 3x3x3 filters -> 4x4x2.
    assert conv_volume(np.ones((6, 6, 3)), np.ones((3, 3, 3, 2))).shape == (4, 4, 2)
    assert conv_volume(np.ones((32, 32, 3)), np.ones((5, 5, 3, 8))).shape == (28, 28, 8)


def test_conv_volume_with_one_hot_filter_picks_a_channel():
    volume = np.random.default_rng(1).normal(size=(5, 4, 3))
    filters = np.zeros((1, 1, 3, 2))
    filters[0, 0, 2, 0] = 1.0   # filter 0 reads the blue channel
    filters[0, 0, 0, 1] = -1.0  # filter 1 reads minus the red one
    result = conv_volume(volume, filters, bias=[0.0, 10.0])
    np.testing.assert_array_equal(result[:, :, 0], volume[:, :, 2])
    np.testing.assert_array_equal(result[:, :, 1], 10.0 - volume[:, :, 0])


def test_conv_volume_same_padding_keeps_height_and_width():
    result = conv_volume(np.ones((7, 6, 2)), np.ones((3, 3, 2, 4)), padding="same")
    assert result.shape == (7, 6, 4)
    assert result[3, 3, 0] == 18.0 and result[0, 0, 0] == 8.0


def test_conv_volume_on_uint8_equals_conv_volume_on_the_same_values_as_float():
    rng = np.random.default_rng(2)
    volume = rng.integers(0, 256, (6, 7, 3), dtype=np.uint8)
    filters = rng.integers(-4, 5, (3, 3, 3, 2))
    np.testing.assert_array_equal(conv_volume(volume, filters, [1, 2]),
                                  conv_volume(volume.astype(np.float64), filters, [1, 2]))


@pytest.mark.parametrize("seed", range(10))
def test_relu_matches_numpy_where(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(1, 4))))
    x = rng.integers(-50, 50, shape) if seed % 2 else rng.normal(size=shape)
    result = relu(x)
    assert result.dtype == np.float64 and result.shape == np.shape(x)
    np.testing.assert_array_equal(result, np.where(x > 0, x, 0).astype(np.float64))


def test_relu_of_a_list_and_of_uint8():
    np.testing.assert_array_equal(relu([-2, 0, 3.5]), [0.0, 0.0, 3.5])
    np.testing.assert_array_equal(relu(np.array([0, 255], dtype=np.uint8)), [0.0, 255.0])


@pytest.mark.parametrize("seed", range(15))
def test_conv_layer_is_the_positive_part_of_the_brute_force_loop(seed):
    rng, volume, filters, bias = random_volume_case(seed)
    stride, padding = int(rng.integers(1, 3)), int(rng.integers(0, 2))
    expected = brute_force_conv_volume(volume, filters, bias, stride, padding)
    result = conv_layer(volume, filters, bias, stride=stride, padding=padding)
    np.testing.assert_allclose(result, np.where(expected > 0, expected, 0.0), rtol=1e-12,
                               atol=1e-9)
    assert result.min() >= 0.0


def test_volume_functions_do_not_change_their_inputs():
    volume = np.arange(60, dtype=np.uint8).reshape(5, 4, 3)
    filters = np.ones((2, 2, 3, 2)) - 0.5
    bias = np.array([1.0, -1.0])
    x = np.array([-1.0, 2.0])
    for array in (volume, filters, bias, x):
        array.flags.writeable = False
    conv_volume(volume, filters, bias, stride=2, padding=1)
    conv_layer(volume, filters, bias)
    relu(x)


def conv_layer_param_count(fh, fw, c_in, k):
    """Count the entries of real weight and bias arrays."""
    return np.zeros((fh, fw, c_in, k)).size + np.zeros(k).size


def dense_layer_param_count(n_in, n_out):
    return np.zeros((n_in, n_out)).size + np.zeros(n_out).size


def test_a_3x3x3_filter_has_27_weights_and_1_bias():
    assert count_conv_params(3, 3, 3, 1) == 28


@pytest.mark.parametrize("layer, expected", [
    ((5, 5, 3, 8), 608),     # CONV1: 5x5 filters over 3 channels, 8 filters
    ((5, 5, 8, 16), 3216),   # CONV2: 5x5 filters over 8 channels, 16 filters
])
def test_count_conv_params_gives_the_lenet_table(layer, expected):
    assert count_conv_params(*layer) == expected == conv_layer_param_count(*layer)


@pytest.mark.parametrize("layer, expected", [
    ((400, 120), 48120),  # FC3
    ((120, 84), 10164),   # FC4
    ((84, 10), 850),      # softmax
])
def test_count_dense_params_gives_the_lenet_table(layer, expected):
    assert count_dense_params(*layer) == expected == dense_layer_param_count(*layer)


@pytest.mark.parametrize("seed", range(20))
def test_parameter_counts_equal_the_sizes_of_weight_arrays(seed):
    rng = np.random.default_rng(seed)
    fh, fw, c_in, k = (int(n) for n in rng.integers(1, 8, size=4))
    n_in, n_out = (int(n) for n in rng.integers(1, 300, size=2))
    conv_count, dense_count = count_conv_params(fh, fw, c_in, k), count_dense_params(n_in, n_out)
    assert type(conv_count) is int and conv_count == conv_layer_param_count(fh, fw, c_in, k)
    assert type(dense_count) is int and dense_count == dense_layer_param_count(n_in, n_out)


@pytest.mark.parametrize("call, expected_words", [
    (lambda: conv_volume(np.zeros((4, 4)), np.ones((2, 2, 1, 1))),
     "volume must be a non-empty H x W x C array"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((2, 2, 3))),
     "filters must be a non-empty fh x fw x C x K array"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((2, 2, 2, 5))),
     "filters have depth 2 but the volume has 3 channels"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((2, 2, 3, 5)), bias=[1.0, 2.0]),
     r"bias must hold one number per filter, shape \(5,\)"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((2, 2, 3, 1)), bias=1.0),
     "bias must hold one number per filter"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((2, 2, 3, 1)), stride=0),
     "stride must be an int >= 1"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((2, 2, 3, 1)), padding="full"),
     "unknown padding 'full'"),
    (lambda: conv_volume(np.zeros((4, 4, 3)), np.ones((5, 2, 3, 1))), "larger than the padded"),
    (lambda: conv_layer(np.zeros((4, 4, 3)), np.ones((2, 2, 1, 1)), None), "depth"),
    (lambda: count_conv_params(3, 3, 0, 8), "c_in must be an int >= 1"),
    (lambda: count_conv_params(3, 3.0, 3, 8), "fw must be an int >= 1"),
    (lambda: count_conv_params(3, 3, 3, 0), "k must be an int >= 1"),
    (lambda: count_dense_params(0, 10), "n_in must be an int >= 1"),
    (lambda: count_dense_params(10, -1), "n_out must be an int >= 1"),
])
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
