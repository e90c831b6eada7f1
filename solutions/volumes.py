"""Part 5, channels and filter banks: volumes, filters with depth, bias, ReLU, parameter counts.

Every public name here is shown to students on its own (its source is copied
into a notebook, and the grader runs a part's answers without the other
parts'), so each function checks its own arguments and uses only numpy and the
public names of this part.
"""
import numpy as np


def conv_volume(volume, filters, bias=None, stride=1, padding=0):
    """K filters over an H x W x C volume: K feature maps, stacked as an H' x W' x K volume.

    A filter has the input's depth: one fh x fw kernel per input channel. It
    slides over the volume (with the stride and zero padding of conv2d); at each
    position, filter k's value is the sum over all fh x fw x C products plus bias[k].

    Inputs:
    - volume: H x W x C array of any real dtype (channels last, e.g. an RGB image).
    - filters: fh x fw x C x K array of any real dtype (K filters of depth C).
    - bias: None (no bias) or K numbers, one per filter.
    - stride: int >= 1.
    - padding: an int >= 0, "valid" or "same", as in conv2d (zeros).

    Returns:
    - H' x W' x K float64 array, H' x W' the size conv2d gives one channel.

    Raises ValueError if volume is not a non-empty 3-D array, if filters is not a
    non-empty 4-D array, if the filters' depth differs from the volume's number
    of channels, if bias does not hold K numbers, and as conv2d does (bad stride
    or padding, filter larger than the padded volume).
    """
    volume = np.asarray(volume, dtype=np.float64)
    filters = np.asarray(filters, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError(f"volume must be a non-empty H x W x C array, got shape {volume.shape}")
    if filters.ndim != 4 or filters.size == 0:
        raise ValueError(f"filters must be a non-empty fh x fw x C x K array, "
                         f"got shape {filters.shape}")
    channels, n_filters = volume.shape[2], filters.shape[3]
    if filters.shape[2] != channels:
        raise ValueError(f"filters have depth {filters.shape[2]} but the volume has {channels} "
                         f"channels: expected filters of shape fh x fw x {channels} x K")
    bias = np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)
    if bias.shape != (n_filters,):
        raise ValueError(f"bias must hold one number per filter, shape ({n_filters},), "
                         f"got shape {bias.shape}")

    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be an int >= 1, got {stride!r}")
    filter_h, filter_w = filters.shape[:2]
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"unknown padding {padding!r}: expected an int >= 0, 'valid' or 'same'")
        # "same" as in conv2d: f - 1 zeros per axis, the odd one at the bottom / right.
        rows = (0, 0) if padding == "valid" else ((filter_h - 1) // 2, filter_h // 2)
        cols = (0, 0) if padding == "valid" else ((filter_w - 1) // 2, filter_w // 2)
    elif not isinstance(padding, (int, np.integer)) or padding < 0:
        raise ValueError(f"padding must be an int >= 0, 'valid' or 'same', got {padding!r}")
    else:
        rows = cols = (int(padding), int(padding))
    padded = np.pad(volume, (rows, cols, (0, 0)))
    if filter_h > padded.shape[0] or filter_w > padded.shape[1]:
        raise ValueError(f"filters {filter_h}x{filter_w} are larger than the padded volume "
                         f"{padded.shape[0]}x{padded.shape[1]}")

    out_h = (padded.shape[0] - filter_h) // stride + 1
    out_w = (padded.shape[1] - filter_w) // stride + 1
    feature_maps = np.zeros((out_h, out_w, n_filters))
    for x in range(out_h):
        for y in range(out_w):
            # The fh x fw x C block under the filters: each filter weighs all its channels at once.
            block = padded[x * stride:x * stride + filter_h, y * stride:y * stride + filter_w, :]
            for k in range(n_filters):
                feature_maps[x, y, k] = np.sum(block * filters[:, :, :, k]) + bias[k]
    return feature_maps


def relu(x):
    """The rectified linear unit, max(x, 0), element by element.

    Inputs:
    - x: array of any shape and real dtype (or a number).

    Returns:
    - float64 array of x's shape: negative values become 0, the others stay.
    """
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def conv_layer(volume, filters, bias, stride=1, padding=0):
    """One convolutional layer: ReLU of conv_volume (filters, then bias, then the activation).

    Inputs:
    - volume: H x W x C array of any real dtype.
    - filters: fh x fw x C x K array.
    - bias: K numbers (or None for no bias).
    - stride: int >= 1.
    - padding: an int >= 0, "valid" or "same".

    Returns:
    - H' x W' x K float64 array, all entries >= 0.

    Raises ValueError as conv_volume does.
    """
    return relu(conv_volume(volume, filters, bias, stride=stride, padding=padding))


def count_conv_params(fh, fw, c_in, k):
    """Trainable parameters (weights and biases) of a conv layer with k filters of fh x fw x c_in.

    A filter spans every input channel and has one bias; the count does not
    depend on the image size, because the same weights slide everywhere.
    One 3x3 filter over 3 channels: 27 weights + 1 bias = 28.

    Inputs:
    - fh, fw: ints >= 1, the filter's height and width.
    - c_in: int >= 1, the input's number of channels (the filter's depth).
    - k: int >= 1, the number of filters (output channels).

    Returns:
    - the number of parameters, an int.

    Raises ValueError if an argument is not an int >= 1.
    """
    for name, number in (("fh", fh), ("fw", fw), ("c_in", c_in), ("k", k)):
        if not isinstance(number, (int, np.integer)) or number < 1:
            raise ValueError(f"{name} must be an int >= 1, got {number!r}")

    weights_per_filter = fh * fw * c_in
    return int((weights_per_filter + 1) * k)  # + 1: each filter's bias


def count_dense_params(n_in, n_out):
    """Trainable parameters (weights and biases) of a fully connected layer n_in -> n_out.

    Every input is connected to every neuron, and each neuron has its own bias
    (not one bias for the whole layer). 400 -> 120 has 48120 parameters.

    Inputs:
    - n_in: int >= 1, the number of inputs.
    - n_out: int >= 1, the number of neurons.

    Returns:
    - the number of parameters, an int.

    Raises ValueError if an argument is not an int >= 1.
    """
    for name, number in (("n_in", n_in), ("n_out", n_out)):
        if not isinstance(number, (int, np.integer)) or number < 1:
            raise ValueError(f"{name} must be an int >= 1, got {number!r}")

    return int((n_in + 1) * n_out)  # n_in weights and 1 bias per neuron
