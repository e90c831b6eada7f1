"""Part 6, pooling: max and average pooling, global average pooling, counting what survives.

Every public name here is shown to students on its own (its source is copied
into a notebook), so each function checks its own arguments and uses only
numpy and the other public names of the course.
"""
import numpy as np


def pool2d(im, size=2, stride=None, mode="max"):
    """Max or average pooling of a 2-D array with a square window.

    The window im[x*s : x*s + size, y*s : y*s + size] is replaced by its maximum
    ("max") or its mean ("avg"). Windows that would stick out past the bottom or
    right edge are dropped (no padding), so the output is
    floor((H - size) / s) + 1 by floor((W - size) / s) + 1.

    Inputs:
    - im: H x W array of any real dtype.
    - size: int >= 1, the window's side, no larger than H or W.
    - stride: int >= 1, or None for stride = size (windows side by side, no overlap).
    - mode: "max" or "avg".

    Returns:
    - H' x W' float64 array.

    Raises ValueError if im is not a non-empty 2-D array, if size or stride is
    not an int >= 1, if the mode is unknown, or if the window is larger than the image.
    """
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    if not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"size must be an int >= 1, got {size!r}")
    if stride is None:
        stride = size
    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be an int >= 1 (or None for the window size), "
                         f"got {stride!r}")
    if mode not in ("max", "avg"):
        raise ValueError(f"unknown mode {mode!r}: expected 'max' or 'avg'")
    image_h, image_w = im.shape
    if size > image_h or size > image_w:
        raise ValueError(f"pooling window {size}x{size} is larger than the image "
                         f"{image_h}x{image_w}")

    # A window fits at x * stride for x = 0, 1, ... while x * stride + size <= H.
    out_h = (image_h - size) // stride + 1
    out_w = (image_w - size) // stride + 1
    result = np.zeros((out_h, out_w))
    for x in range(out_h):
        for y in range(out_w):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            result[x, y] = window.max() if mode == "max" else window.mean()
    return result


def pool_volume(volume, size=2, stride=None, mode="max"):
    """Pooling of an H x W x C volume, channel by channel (the depth is kept).

    Inputs:
    - volume: H x W x C array of any real dtype.
    - size, stride, mode: as in pool2d.

    Returns:
    - H' x W' x C float64 array; channel c is pool2d(volume[:, :, c], size, stride, mode).

    Raises ValueError if volume is not a non-empty 3-D array, and as pool2d does.
    """
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError(f"volume must be a non-empty H x W x C array, got shape {volume.shape}")

    pooled_channels = [pool2d(volume[:, :, c], size=size, stride=stride, mode=mode)
                       for c in range(volume.shape[2])]
    return np.stack(pooled_channels, axis=-1)


def global_avg_pool(volume):
    """Global average pooling: one mean per channel, over the whole feature map.

    Inputs:
    - volume: H x W x C array of any real dtype. It must be 3-D: a 2-D H x W
      array is refused rather than guessed at (is it one channel, or H
      channels of length W?); use im[:, :, np.newaxis] for a single channel.

    Returns:
    - float64 vector of length C, entry c the mean of volume[:, :, c].

    Raises ValueError if volume is not a non-empty 3-D array.
    """
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError(f"volume must be a non-empty H x W x C array, got shape {volume.shape}"
                         f" (for one 2-D map use im[:, :, np.newaxis])")

    return volume.mean(axis=(0, 1))


def pooled_value_count(h, w, size, stride, channels=1):
    """How many values survive pooling an h x w x channels input (no padding).

    Each channel is pooled on its own, and windows that do not fit are dropped:
    a 45x25 input with a 3x3 window and stride 2 keeps 264 values, 792 over 3 channels.

    Inputs:
    - h, w: ints >= 1, the input's height and width.
    - size: int >= 1, the window's side, no larger than h or w.
    - stride: int >= 1.
    - channels: int >= 1, pooled one by one.

    Returns:
    - the number of values, an int.

    Raises ValueError if an argument is not an int >= 1, or if the window is
    larger than the input.
    """
    for name, number in (("h", h), ("w", w), ("size", size), ("stride", stride),
                         ("channels", channels)):
        if not isinstance(number, (int, np.integer)) or number < 1:
            raise ValueError(f"{name} must be an int >= 1, got {number!r}")
    if size > h or size > w:
        raise ValueError(f"pooling window {size}x{size} is larger than the input {h}x{w}")

    # Along each axis the window starts at 0, stride, 2 * stride, ... while it fits.
    rows, cols = (h - size) // stride + 1, (w - size) // stride + 1
    return int(rows * cols * channels)
