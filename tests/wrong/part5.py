"""Wrong answers for Part 5: conv_volume, relu, conv_layer, count_conv_params, count_dense_params.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so its feedback must name that mistake. The
right parts the answers share (argument checks, float64 conversion, padding,
the sliding loop) live in the private helpers of each section, so an answer's
body shows its one mistake; where the mistake is in those parts (a check left
out), a helper parameter says so. Numpy only: the sandbox runs an answer's
source after that of the helpers it calls (see `helpers_of`). The volume
functions slide an fh x fw x C window over the padded volume, the lesson's
"a filter as deep as its input" view.
"""
import numpy as np

from . import Wrong


# --------------------------------------------------------------------------- conv_volume

def _checked_volume_arguments(volume, filters, bias, stride, check_depth=True, bias_added=True):
    """volume, filters and bias as float64 arrays (bias None: zeros), after the reference's checks
    of them and of stride. check_depth=False leaves out the check that the filters are as deep
    as the volume; bias_added=False only checks the shape of a bias given, and returns it as is."""
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or (check_depth and filters.shape[2] != volume.shape[2]):
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    if bias_added:
        bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
        if bias.shape != (n_filters,):
            raise ValueError("bias needs one number per filter")
    elif bias is not None and np.shape(bias) != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
    return volume, filters, bias


def _zero_padded_volume(volume, filters, padding):
    """volume with zero rows and columns around it as `padding` asks ('same', 'valid' or an
    int >= 0; ValueError otherwise), checked to hold the fh x fw filters."""
    fh, fw = filters.shape[:2]
    if padding == "same":
        widths = (((fh - 1) // 2, fh // 2), ((fw - 1) // 2, fw // 2), (0, 0))
    elif padding == "valid":
        widths = ((0, 0), (0, 0), (0, 0))
    elif isinstance(padding, int) and padding >= 0:
        widths = ((padding, padding), (padding, padding), (0, 0))
    else:
        raise ValueError("padding must be an int >= 0, 'valid' or 'same'")
    padded = np.pad(volume, widths)
    if fh > padded.shape[0] or fw > padded.shape[1]:
        raise ValueError("filters larger than the padded volume")
    return padded


def _checked_and_padded(volume, filters, bias, stride, padding, check_depth=True, bias_added=True):
    """filters, bias and the zero-padded volume, all checked: _checked_volume_arguments
    (with its check_depth and bias_added), then _zero_padded_volume."""
    volume, filters, bias = _checked_volume_arguments(volume, filters, bias, stride, check_depth, bias_added)
    return filters, bias, _zero_padded_volume(volume, filters, padding)


def _slide_filters(padded, filters, stride, value_at):
    """The H' x W' x K float64 output of the filters slid over padded `stride` pixels at a time:
    out[x, y, k] = value_at(window, k), window the fh x fw x C part of padded under the filters."""
    fh, fw, n_filters = filters.shape[0], filters.shape[1], filters.shape[3]
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = value_at(window, k)
    return out


def _slide_filters_channel_by_channel(padded, filters, stride, channels, term_at):
    """_slide_filters with out[x, y, k] = 0 + term_at(window, k, 0) + ... + term_at(window, k, channels - 1),
    added one channel at a time."""
    def added_channel_by_channel(window, k):
        total = 0.0
        for c in range(channels):
            total += term_at(window, k, c)
        return total

    return _slide_filters(padded, filters, stride, added_channel_by_channel)


def _filter_sums(padded, filters, stride):
    """out[x, y, k] = the sum of filter k times its window, without the bias."""
    return _slide_filters(padded, filters, stride, lambda window, k: np.sum(window * filters[:, :, :, k]))


def _filter_outputs(padded, filters, bias, stride):
    """The right conv_volume output: out[x, y, k] = the sum of filter k times its window, plus bias[k]."""
    return _slide_filters(padded, filters, stride,
                          lambda window, k: np.sum(window * filters[:, :, :, k]) + bias[k])


def volume_channels_reversed(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return _slide_filters(padded, filters, stride, lambda window, k:
                          np.sum(window[:, :, ::-1] * filters[:, :, :, k]) + bias[k])   # BGR meets RGB


def volume_filters_axis_swapped(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    out = _slide_filters_channel_by_channel(
        padded, filters, stride, padded.shape[2],
        lambda window, k, c: np.sum(window[:, :, c] * filters[:, :, k, c]))   # axes 2 and 3 swapped
    return out + bias


def volume_bias_missing(volume, filters, bias=None, stride=1, padding=0):
    filters, _, padded = _checked_and_padded(volume, filters, bias, stride, padding, bias_added=False)
    return _filter_sums(padded, filters, stride)             # no bias


def volume_bias_per_channel(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return _slide_filters_channel_by_channel(
        padded, filters, stride, padded.shape[2],
        lambda window, k, c: np.sum(window[:, :, c] * filters[:, :, c, k]) + bias[k])   # bias per channel


def volume_channels_averaged(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    channels = padded.shape[2]
    return _slide_filters(padded, filters, stride, lambda window, k:
                          np.sum(window * filters[:, :, :, k]) / channels + bias[k])


def volume_maps_stacked_first(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return np.moveaxis(_filter_outputs(padded, filters, bias, stride), -1, 0).copy()   # K x H' x W'


def volume_stride_ignored(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return _filter_outputs(padded, filters, bias, 1)         # every position


def volume_without_depth_check(volume, filters, bias=None, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding,
                                                check_depth=False)         # the depth never checked
    out = _slide_filters_channel_by_channel(
        padded, filters, stride, filters.shape[2],                          # the filters' depth
        lambda window, k, c: np.sum(window[:, :, c] * filters[:, :, c, k]))
    return out + bias


# --------------------------------------------------------------------------------- relu

def relu_with_min(x):
    return np.minimum(np.asarray(x, dtype=np.float64), 0.0)


def relu_absolute_value(x):
    return np.abs(np.asarray(x, dtype=np.float64))


def relu_in_place(x):
    x = np.asarray(x)
    x[x < 0] = 0                                          # changes the caller's array
    return x.astype(np.float64)


def relu_keeps_input_dtype(x):
    return np.maximum(x, 0)


# --------------------------------------------------------------------------- conv_layer

def layer_without_relu(volume, filters, bias, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return _filter_outputs(padded, filters, bias, stride)   # no ReLU


def layer_relu_with_min(volume, filters, bias, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return np.minimum(_filter_outputs(padded, filters, bias, stride), 0.0)   # keeps the negative side


def layer_bias_after_relu(volume, filters, bias, stride=1, padding=0):
    filters, bias, padded = _checked_and_padded(volume, filters, bias, stride, padding)
    return np.maximum(_filter_sums(padded, filters, stride), 0.0) + bias   # bias after the activation


def layer_bias_missing(volume, filters, bias, stride=1, padding=0):
    filters, _, padded = _checked_and_padded(volume, filters, bias, stride, padding, bias_added=False)
    return np.maximum(_filter_sums(padded, filters, stride), 0.0)          # no bias


# --------------------------------------------------------------------- parameter counts

def _check_conv_sizes(fh, fw, c_in, k):
    """ValueError unless fh, fw, c_in and k are all ints >= 1."""
    if not all(isinstance(n, int) and n >= 1 for n in (fh, fw, c_in, k)):
        raise ValueError("fh, fw, c_in and k must be ints >= 1")


def _check_dense_sizes(n_in, n_out):
    """ValueError unless n_in and n_out are both ints >= 1."""
    if not all(isinstance(n, int) and n >= 1 for n in (n_in, n_out)):
        raise ValueError("n_in and n_out must be ints >= 1")


def conv_params_without_bias(fh, fw, c_in, k):
    _check_conv_sizes(fh, fw, c_in, k)
    return fh * fw * c_in * k


def conv_params_without_input_depth(fh, fw, c_in, k):
    _check_conv_sizes(fh, fw, c_in, k)
    return (fh * fw + 1) * k


def conv_params_lesson_000_formula(fh, fw, c_in, k):
    _check_conv_sizes(fh, fw, c_in, k)
    return fh * fw + k


def conv_params_one_bias_for_the_layer(fh, fw, c_in, k):
    _check_conv_sizes(fh, fw, c_in, k)
    return fh * fw * c_in * k + 1


def conv_params_without_argument_checks(fh, fw, c_in, k):
    return (fh * fw * c_in + 1) * k


def dense_params_without_bias(n_in, n_out):
    _check_dense_sizes(n_in, n_out)
    return n_in * n_out


def dense_params_one_bias_for_the_layer(n_in, n_out):
    _check_dense_sizes(n_in, n_out)
    return n_in * n_out + 1


def dense_params_bias_per_input(n_in, n_out):
    _check_dense_sizes(n_in, n_out)
    return n_in * n_out + n_in


def dense_params_without_argument_checks(n_in, n_out):
    return (n_in + 1) * n_out


WRONG = [
    Wrong("conv_volume", volume_channels_reversed, "channels paired in the wrong order"),
    Wrong("conv_volume", volume_filters_axis_swapped, "filters axis swapped"),
    Wrong("conv_volume", volume_bias_missing, "bias missing"),
    Wrong("conv_volume", volume_bias_per_channel, "bias added per channel"),
    Wrong("conv_volume", volume_channels_averaged, "channels averaged"),
    Wrong("conv_volume", volume_maps_stacked_first, "feature maps stacked first"),
    Wrong("conv_volume", volume_stride_ignored, "stride ignored"),
    Wrong("conv_volume", volume_without_depth_check, "should raise ValueError"),
    Wrong("relu", relu_with_min, "clipping the wrong side"),
    Wrong("relu", relu_absolute_value, "absolute value"),
    Wrong("relu", relu_in_place, "in place"),
    Wrong("relu", relu_keeps_input_dtype, "float64"),
    Wrong("conv_layer", layer_without_relu, "relu missing"),
    Wrong("conv_layer", layer_relu_with_min, "clipping the wrong side"),
    Wrong("conv_layer", layer_bias_after_relu, "bias added after the relu"),
    Wrong("conv_layer", layer_bias_missing, "bias missing"),
    Wrong("count_conv_params", conv_params_without_bias, "params without bias"),
    Wrong("count_conv_params", conv_params_without_input_depth, "params without input depth"),
    Wrong("count_conv_params", conv_params_lesson_000_formula, "fh * fw + k"),
    Wrong("count_conv_params", conv_params_one_bias_for_the_layer, "one bias for the whole layer"),
    Wrong("count_conv_params", conv_params_without_argument_checks, "should raise ValueError"),
    Wrong("count_dense_params", dense_params_without_bias, "params without bias"),
    Wrong("count_dense_params", dense_params_one_bias_for_the_layer, "one bias for the whole layer"),
    Wrong("count_dense_params", dense_params_bias_per_input, "one bias per input"),
    Wrong("count_dense_params", dense_params_without_argument_checks, "should raise ValueError"),
]
