"""Wrong answers for Part 6: pool2d, pool_volume, global_avg_pool, pooled_value_count.

Each function is right except for its one mistake (it checks its arguments
like the reference), and self-contained: the sandbox runs it alone.
"""
import numpy as np

from . import Wrong

# --- pool2d -----------------------------------------------------------------


def stride_ignored(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or size < 1 or (stride is not None and stride < 1) or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    stride = 1  # the mistake: windows always move one pixel
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.mean()
    return out


def stride_none_taken_as_one(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    if stride is None:
        stride = 1  # the mistake: None should mean stride = size
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.mean()
    return out


def avg_divided_by_size(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.sum() / size
    return out


def avg_divided_by_four(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.sum() / 4
    return out


def partial_windows_kept(im, size=2, stride=None, mode="max"):
    import math
    im = np.asarray(im, dtype=np.float64)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    # the mistake: ceil keeps a last window that sticks out past the edge
    counts = []
    for n in im.shape:
        count = math.ceil((n - size) / stride) + 1
        counts.append(count - 1 if (count - 1) * stride >= n else count)
    out = np.zeros(counts)
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.mean()
    return out


def window_at_every_stride_step(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    rows, cols = range(0, im.shape[0], stride), range(0, im.shape[1], stride)
    out = np.zeros((len(rows), len(cols)))
    for a, x in enumerate(rows):
        for b, y in enumerate(cols):
            window = im[x:x + size, y:y + size]
            out[a, b] = window.max() if mode == "max" else window.mean()
    return out


def max_starts_at_zero(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            if mode == "max":
                best = 0.0
                for value in window.ravel():
                    best = max(best, value)
                out[x, y] = best
            else:
                out[x, y] = window.mean()
    return out


def unknown_mode_means_avg(im, size=2, stride=None, mode="max"):
    im = np.asarray(im, dtype=np.float64)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1:
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.mean()
    return out


def pool2d_keeps_int_dtype(im, size=2, stride=None, mode="max"):
    im = np.asarray(im)
    stride = size if stride is None else stride
    if im.ndim != 2 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(im.shape):
        raise ValueError("window larger than the image")
    out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1),
                   dtype=im.dtype)
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            out[x, y] = window.max() if mode == "max" else window.mean()
    return out


# --- pool_volume --------------------------------------------------------------


def pooled_across_channels(volume, size=2, stride=None, mode="max"):
    volume = np.asarray(volume, dtype=np.float64)
    stride = size if stride is None else stride
    if volume.ndim != 3 or volume.size == 0 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(volume.shape[:2]):
        raise ValueError("window larger than the image")
    out = np.zeros(((volume.shape[0] - size) // stride + 1, (volume.shape[1] - size) // stride + 1))
    for x in range(out.shape[0]):
        for y in range(out.shape[1]):
            window = volume[x * stride:x * stride + size, y * stride:y * stride + size, :]
            out[x, y] = window.max() if mode == "max" else window.mean()
    return out


def stride_not_passed_on(volume, size=2, stride=None, mode="max"):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0 or size < 1 or (stride is not None and stride < 1) \
            or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(volume.shape[:2]):
        raise ValueError("window larger than the image")
    stride = size  # the mistake: the given stride is never used
    channels = []
    for c in range(volume.shape[2]):
        im = volume[:, :, c]
        out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
        for x in range(out.shape[0]):
            for y in range(out.shape[1]):
                window = im[x * stride:x * stride + size, y * stride:y * stride + size]
                out[x, y] = window.max() if mode == "max" else window.mean()
        channels.append(out)
    return np.stack(channels, axis=-1)


def channels_first_pooling(volume, size=2, stride=None, mode="max"):
    volume = np.asarray(volume, dtype=np.float64)
    stride = size if stride is None else stride
    if volume.ndim != 3 or volume.size == 0 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(volume.shape[1:]):
        raise ValueError("window larger than the image")
    channels = []
    for c in range(volume.shape[0]):  # the mistake: axis 0 taken as the channels
        im = volume[c]
        out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
        for x in range(out.shape[0]):
            for y in range(out.shape[1]):
                window = im[x * stride:x * stride + size, y * stride:y * stride + size]
                out[x, y] = window.max() if mode == "max" else window.mean()
        channels.append(out)
    return np.stack(channels)


def volume_accepts_2d(volume, size=2, stride=None, mode="max"):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim == 2:
        volume = volume[:, :, np.newaxis]  # the mistake: a 2-D array is not a volume
    stride = size if stride is None else stride
    if volume.ndim != 3 or volume.size == 0 or size < 1 or stride < 1 or mode not in ("max", "avg"):
        raise ValueError("bad arguments")
    if size > min(volume.shape[:2]):
        raise ValueError("window larger than the image")
    channels = []
    for c in range(volume.shape[2]):
        im = volume[:, :, c]
        out = np.zeros(((im.shape[0] - size) // stride + 1, (im.shape[1] - size) // stride + 1))
        for x in range(out.shape[0]):
            for y in range(out.shape[1]):
                window = im[x * stride:x * stride + size, y * stride:y * stride + size]
                out[x, y] = window.max() if mode == "max" else window.mean()
        channels.append(out)
    return np.stack(channels, axis=-1)


# --- global_avg_pool ------------------------------------------------------------


def mean_over_channels(volume):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("volume must be H x W x C")
    return volume.mean(axis=2)


def mean_of_everything(volume):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("volume must be H x W x C")
    return volume.mean()


def mean_channels_first(volume):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("volume must be H x W x C")
    return volume.mean(axis=(1, 2))


def global_max_pool(volume):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("volume must be H x W x C")
    return volume.max(axis=(0, 1))


def global_pool_guesses_2d(volume):
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim == 2:
        volume = volume[:, :, np.newaxis]  # the mistake: guessing what a 2-D array means
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("volume must be H x W x C")
    return volume.mean(axis=(0, 1))


# --- pooled_value_count ---------------------------------------------------------


def channels_forgotten(h, w, size, stride, channels=1):
    for number in (h, w, size, stride, channels):
        if not isinstance(number, int) or number < 1:
            raise ValueError("every argument must be an int >= 1")
    if size > h or size > w:
        raise ValueError("window larger than the input")
    return ((h - size) // stride + 1) * ((w - size) // stride + 1)


def ceil_instead_of_floor(h, w, size, stride, channels=1):
    import math
    for number in (h, w, size, stride, channels):
        if not isinstance(number, int) or number < 1:
            raise ValueError("every argument must be an int >= 1")
    if size > h or size > w:
        raise ValueError("window larger than the input")
    return (math.ceil((h - size) / stride) + 1) * (math.ceil((w - size) / stride) + 1) * channels


def formula_without_floor(h, w, size, stride, channels=1):
    for number in (h, w, size, stride, channels):
        if not isinstance(number, int) or number < 1:
            raise ValueError("every argument must be an int >= 1")
    if size > h or size > w:
        raise ValueError("window larger than the input")
    return ((h - size) / stride + 1) * ((w - size) / stride + 1) * channels


def count_n_over_stride(h, w, size, stride, channels=1):
    for number in (h, w, size, stride, channels):
        if not isinstance(number, int) or number < 1:
            raise ValueError("every argument must be an int >= 1")
    if size > h or size > w:
        raise ValueError("window larger than the input")
    return (h // stride) * (w // stride) * channels


def count_accepts_window_too_large(h, w, size, stride, channels=1):
    for number in (h, w, size, stride, channels):
        if not isinstance(number, int) or number < 1:
            raise ValueError("every argument must be an int >= 1")
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
