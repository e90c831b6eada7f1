"""Wrong answers for Part 6: pool2d, pool_volume, global_avg_pool, pooled_value_count.

Each function is right except for its one mistake, which its body shows. The
right parts they share (argument checks like the reference's, float64
conversion, output allocation, the pooling loop) live in the private helpers
(`_...`) of each section; a solution cell carries the source of the helpers its
answer calls (`Wrong.solution_source`), so the sandbox still runs it alone.
"""
import numpy as np

from . import Wrong

# --- pool2d -----------------------------------------------------------------


def _pool2d_checked(im, size, stride, mode, dtype=np.float64, check_mode=True):
    """pool2d's argument handling: im as an array of `dtype`, stride None meaning size; returns
    (im, stride), or raises ValueError for a bad argument (an unknown mode only if check_mode)
    or a window larger than the image."""
    im = np.asarray(im, dtype=dtype)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or (check_mode and mode not in ("max", "avg")):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    return im, stride


def _pool2d_windows(im, size, stride, mode, out_shape=None,
                    window_max=lambda window: window.max(), window_mean=lambda window: window.mean()):
    """The pooling loop: out[x, y] = window_max or window_mean (by mode) of
    im[x*stride : x*stride + size, y*stride : y*stride + size]; out has im's dtype and, unless
    out_shape is given, the right shape floor((H - size) / stride) + 1 by floor((W - size) / stride) + 1."""
    if out_shape is None:
        out_shape = ((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1)
    out = np.zeros(out_shape, dtype=im.dtype)
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window_max(window) if mode == "max" else window_mean(window)
    return out


def stride_ignored(im, size=2, stride=None, mode="max"):
    im, stride = _pool2d_checked(im, size, stride, mode)
    stride = 1  # the mistake: windows always move one pixel
    return _pool2d_windows(im, size, stride, mode)


def stride_none_taken_as_one(im, size=2, stride=None, mode="max"):
    if stride is None:
        stride = 1  # the mistake: None should mean stride = size
    im, stride = _pool2d_checked(im, size, stride, mode)
    return _pool2d_windows(im, size, stride, mode)


def avg_divided_by_size(im, size=2, stride=None, mode="max"):
    im, stride = _pool2d_checked(im, size, stride, mode)
    return _pool2d_windows(im, size, stride, mode, window_mean=lambda window: window.sum() / size)


def avg_divided_by_four(im, size=2, stride=None, mode="max"):
    im, stride = _pool2d_checked(im, size, stride, mode)
    return _pool2d_windows(im, size, stride, mode, window_mean=lambda window: window.sum() / 4)


def partial_windows_kept(im, size=2, stride=None, mode="max"):
    import math
    im, stride = _pool2d_checked(im, size, stride, mode)
    # the mistake: ceil keeps a last window that sticks out past the edge
    counts = []
    for n in im.shape:
        count = math.ceil((n - size) / stride) + 1
        counts.append(count - 1 if (count - 1) * stride >= n else count)
    return _pool2d_windows(im, size, stride, mode, out_shape=counts)


def window_at_every_stride_step(im, size=2, stride=None, mode="max"):
    im, stride = _pool2d_checked(im, size, stride, mode)
    # the mistake: a window starts at every stride step, even one that sticks out past the edge
    rows, cols = range(0, im.shape[0], stride), range(0, im.shape[1], stride)
    return _pool2d_windows(im, size, stride, mode, out_shape=(len(rows), len(cols)))


def max_starts_at_zero(im, size=2, stride=None, mode="max"):
    def max_from_zero(window):
        best = 0.0  # the mistake: a window of negative values gets 0
        for value in window.ravel():
            best = max(best, value)
        return best

    im, stride = _pool2d_checked(im, size, stride, mode)
    return _pool2d_windows(im, size, stride, mode, window_max=max_from_zero)


def unknown_mode_means_avg(im, size=2, stride=None, mode="max"):
    # the mistake: an unknown mode is not refused (it pools as "avg")
    im, stride = _pool2d_checked(im, size, stride, mode, check_mode=False)
    return _pool2d_windows(im, size, stride, mode)


def pool2d_keeps_int_dtype(im, size=2, stride=None, mode="max"):
    # the mistake: im keeps its dtype (no float64), so an int image gives an int result
    im, stride = _pool2d_checked(im, size, stride, mode, dtype=None)
    return _pool2d_windows(im, size, stride, mode)


# --- pool_volume --------------------------------------------------------------


def _pool_volume_checked(volume, size, stride, mode, channel_axis=2):
    """pool_volume's argument handling: volume as float64, stride None meaning size; returns
    (volume, stride), or raises ValueError for a bad argument or a window larger than the
    image (the two axes other than channel_axis; 2, channels last, is right)."""
    volume = np.asarray(volume, dtype=np.float64)
    stride = size if stride is None else stride
    if volume.ndim != 3 or volume.size == 0 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    image_shape = volume.shape[:channel_axis] + volume.shape[channel_axis + 1:]
    if size > min(image_shape):
        raise ValueError("window larger than the image")
    return volume, stride


def _pool_each_channel(volume, size, stride, mode, channel_axis=2):
    """Each channel (along channel_axis; 2, channels last, is right) pooled on its own by the
    pooling loop, the results stacked along channel_axis."""
    channels = []
    for channel in np.moveaxis(volume, channel_axis, 0):
        channels.append(_pool2d_windows(channel, size, stride, mode))
    return np.stack(channels, axis=channel_axis)


def pooled_across_channels(volume, size=2, stride=None, mode="max"):
    volume, stride = _pool_volume_checked(volume, size, stride, mode)
    # the mistake: each window takes in every channel, so one 2-D map comes out
    return _pool2d_windows(volume, size, stride, mode)


def stride_not_passed_on(volume, size=2, stride=None, mode="max"):
    volume, stride = _pool_volume_checked(volume, size, stride, mode)
    stride = size  # the mistake: the given stride is never used
    return _pool_each_channel(volume, size, stride, mode)


def channels_first_pooling(volume, size=2, stride=None, mode="max"):
    # the mistake: axis 0 taken as the channels, in the window check too
    volume, stride = _pool_volume_checked(volume, size, stride, mode, channel_axis=0)
    return _pool_each_channel(volume, size, stride, mode, channel_axis=0)


def volume_accepts_2d(volume, size=2, stride=None, mode="max"):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim == 2:
        volume = volume[:, :, np.newaxis]  # the mistake: a 2-D array is not a volume
    volume, stride = _pool_volume_checked(volume, size, stride, mode)
    return _pool_each_channel(volume, size, stride, mode)


# --- global_avg_pool ------------------------------------------------------------


def _volume_checked(volume):
    """volume as float64; raises ValueError unless it is a non-empty 3-D array."""
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("volume must be H x W x C")
    return volume


def mean_over_channels(volume):
    return _volume_checked(volume).mean(axis=2)


def mean_of_everything(volume):
    return _volume_checked(volume).mean()


def mean_channels_first(volume):
    return _volume_checked(volume).mean(axis=(1, 2))


def global_max_pool(volume):
    return _volume_checked(volume).max(axis=(0, 1))


def global_pool_guesses_2d(volume):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim == 2:
        volume = volume[:, :, np.newaxis]  # the mistake: guessing what a 2-D array means
    return _volume_checked(volume).mean(axis=(0, 1))


# --- pooled_value_count ---------------------------------------------------------


def _check_count_args(h, w, size, stride, channels, check_window_fits=True):
    """Raises ValueError unless every argument is an int >= 1 and (if check_window_fits)
    the window fits in the h x w input."""
    for number in (h, w, size, stride, channels):
        if not isinstance(number, int) or number < 1:
            raise ValueError("every argument must be an int >= 1")
    if check_window_fits and (size > h or size > w):
        raise ValueError("window larger than the input")


def channels_forgotten(h, w, size, stride, channels=1):
    _check_count_args(h, w, size, stride, channels)
    return ((h - size) // stride + 1) * ((w - size) // stride + 1)


def ceil_instead_of_floor(h, w, size, stride, channels=1):
    import math
    _check_count_args(h, w, size, stride, channels)
    return (math.ceil((h - size) / stride) + 1) * (math.ceil((w - size) / stride) + 1) * channels


def formula_without_floor(h, w, size, stride, channels=1):
    _check_count_args(h, w, size, stride, channels)
    return ((h - size) / stride + 1) * ((w - size) / stride + 1) * channels


def count_n_over_stride(h, w, size, stride, channels=1):
    _check_count_args(h, w, size, stride, channels)
    return (h // stride) * (w // stride) * channels


def count_accepts_window_too_large(h, w, size, stride, channels=1):
    # the mistake: a window larger than the input is not refused
    _check_count_args(h, w, size, stride, channels, check_window_fits=False)
    return max((h - size) // stride + 1, 0) * max((w - size) // stride + 1, 0) * channels


WRONG = [
    Wrong("pool2d", stride_ignored, "stride ignored"),
    Wrong("pool2d", stride_none_taken_as_one, "stride=None means stride = size"),
    Wrong("pool2d", avg_divided_by_size, "average divided by size"),
    Wrong("pool2d", avg_divided_by_four, "average divided by 4"),
    Wrong("pool2d", partial_windows_kept, "partial windows kept (ceil)"),
    Wrong("pool2d", window_at_every_stride_step, "partial windows kept (a window at every stride step)"),
    Wrong("pool2d", max_starts_at_zero, "max started at 0"),
    Wrong("pool2d", unknown_mode_means_avg, "should raise ValueError"),
    Wrong("pool2d", pool2d_keeps_int_dtype, "float64"),
    Wrong("pool_volume", pooled_across_channels, "pooled across channels"),
    Wrong("pool_volume", stride_not_passed_on, "stride not passed on"),
    Wrong("pool_volume", channels_first_pooling, "channels-first axes"),
    Wrong("pool_volume", volume_accepts_2d, "should raise ValueError"),
    Wrong("global_avg_pool", mean_over_channels, "mean over the wrong axes (axis 2"),
    Wrong("global_avg_pool", mean_of_everything, "mean over the wrong axes (all of them)"),
    Wrong("global_avg_pool", mean_channels_first, "mean over the wrong axes (axes 1 and 2"),
    Wrong("global_avg_pool", global_max_pool, "max instead of mean"),
    Wrong("global_avg_pool", global_pool_guesses_2d, "should raise ValueError"),
    Wrong("pooled_value_count", channels_forgotten, "channels forgotten"),
    Wrong("pooled_value_count", ceil_instead_of_floor, "ceil instead of floor"),
    Wrong("pooled_value_count", formula_without_floor, "the formula without the floor"),
    Wrong("pooled_value_count", count_n_over_stride, "n // stride per side"),
    Wrong("pooled_value_count", count_accepts_window_too_large, "should raise ValueError"),
]
