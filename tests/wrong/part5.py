"""Wrong answers for Part 5: conv_volume, relu, conv_layer, count_conv_params, count_dense_params.

Each function makes one mistake and is otherwise right (it checks its
arguments like the reference), so its feedback must name that mistake. Each is
self-contained (numpy only): the sandbox runs its source alone. The volume
functions slide an fh x fw x C window over the padded volume, the lesson's
"a filter as deep as its input" view.
"""
import numpy as np

from . import Wrong


# --------------------------------------------------------------------------- conv_volume

def volume_channels_reversed(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, ::-1]  # BGR meets RGB
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k]) + bias[k]
    return out


def volume_filters_axis_swapped(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    channels, n_filters = volume.shape[2], filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                for c in range(channels):
                    out[x, y, k] += np.sum(window[:, :, c] * filters[:, :, k, c])  # axes 2 and 3 swapped
                out[x, y, k] += bias[k]
    return out


def volume_bias_missing(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    if bias is not None and np.shape(bias) != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k])   # no bias
    return out


def volume_bias_per_channel(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    channels, n_filters = volume.shape[2], filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                for c in range(channels):                 # the bias once per channel
                    out[x, y, k] += np.sum(window[:, :, c] * filters[:, :, c, k]) + bias[k]
    return out


def volume_channels_averaged(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    channels, n_filters = volume.shape[2], filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k]) / channels + bias[k]
    return out


def volume_maps_stacked_first(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros((n_filters, (padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1))
    for k in range(n_filters):                            # K x H' x W'
        for x in range(out.shape[1]):
            for y in range(out.shape[2]):
                window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
                out[k, x, y] = np.sum(window * filters[:, :, :, k]) + bias[k]
    return out


def volume_stride_ignored(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros((padded.shape[0] - fh + 1, padded.shape[1] - fw + 1, n_filters))   # every position
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x:x + fh, y:y + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k]) + bias[k]
    return out


def volume_without_depth_check(volume, filters, bias=None, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                for c in range(filters.shape[2]):         # the filters' depth, never checked
                    out[x, y, k] += np.sum(window[:, :, c] * filters[:, :, c, k])
                out[x, y, k] += bias[k]
    return out


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
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k]) + bias[k]
    return out                                            # no ReLU


def layer_relu_with_min(volume, filters, bias, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k]) + bias[k]
    return np.minimum(out, 0.0)                           # keeps the negative side


def layer_bias_after_relu(volume, filters, bias, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k])
    return np.maximum(out, 0.0) + bias                    # bias after the activation


def layer_bias_missing(volume, filters, bias, stride=1, padding=0):
    volume, filters = np.asarray(volume, dtype=np.float64), np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or filters.ndim != 4 or filters.shape[2] != volume.shape[2]:
        raise ValueError("expected an H x W x C volume and fh x fw x C x K filters")
    n_filters = filters.shape[3]
    if bias is not None and np.shape(bias) != (n_filters,):
        raise ValueError("bias needs one number per filter")
    if not isinstance(stride, int) or stride < 1:
        raise ValueError("stride must be an int >= 1")
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
    out = np.zeros(((padded.shape[0] - fh) // stride + 1, (padded.shape[1] - fw) // stride + 1, n_filters))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = padded[x * stride:x * stride + fh, y * stride:y * stride + fw, :]
            for k in range(n_filters):
                out[x, y, k] = np.sum(window * filters[:, :, :, k])   # no bias
    return np.maximum(out, 0.0)


# --------------------------------------------------------------------- parameter counts

def conv_params_without_bias(fh, fw, c_in, k):
    if not all(isinstance(n, int) and n >= 1 for n in (fh, fw, c_in, k)):
        raise ValueError("fh, fw, c_in and k must be ints >= 1")
    return fh * fw * c_in * k


def conv_params_without_input_depth(fh, fw, c_in, k):
    if not all(isinstance(n, int) and n >= 1 for n in (fh, fw, c_in, k)):
        raise ValueError("fh, fw, c_in and k must be ints >= 1")
    return (fh * fw + 1) * k


def conv_params_lesson_000_formula(fh, fw, c_in, k):
    if not all(isinstance(n, int) and n >= 1 for n in (fh, fw, c_in, k)):
        raise ValueError("fh, fw, c_in and k must be ints >= 1")
    return fh * fw + k


def conv_params_one_bias_for_the_layer(fh, fw, c_in, k):
    if not all(isinstance(n, int) and n >= 1 for n in (fh, fw, c_in, k)):
        raise ValueError("fh, fw, c_in and k must be ints >= 1")
    return fh * fw * c_in * k + 1


def conv_params_without_argument_checks(fh, fw, c_in, k):
    return (fh * fw * c_in + 1) * k


def dense_params_without_bias(n_in, n_out):
    if not all(isinstance(n, int) and n >= 1 for n in (n_in, n_out)):
        raise ValueError("n_in and n_out must be ints >= 1")
    return n_in * n_out


def dense_params_one_bias_for_the_layer(n_in, n_out):
    if not all(isinstance(n, int) and n >= 1 for n in (n_in, n_out)):
        raise ValueError("n_in and n_out must be ints >= 1")
    return n_in * n_out + 1


def dense_params_bias_per_input(n_in, n_out):
    if not all(isinstance(n, int) and n >= 1 for n in (n_in, n_out)):
        raise ValueError("n_in and n_out must be ints >= 1")
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
