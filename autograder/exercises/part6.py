"""Part 6 exercises: max and average pooling, pooling a volume, global average pooling, counting.

A mistake's `produce(case)` recomputes what a function with that one mistake
returns, with the small numpy loop `pool_windows` below (windows may be
partial, the reduction and the divisor can be changed), so the feedback can
name it.
"""
from __future__ import annotations

import math

import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import random_image

WORKED_POOL_IMAGE = np.array([[1, 3, 2, 1],
                              [4, 2, 0, 1],
                              [5, 6, 1, 2],
                              [7, 8, 3, 4]], dtype=np.int64)

# ---------------------------------------------------------------------------
# Cases


def _text(shape: tuple) -> str:
    return "x".join(str(n) for n in shape)


def _pool_tags(image: np.ndarray, size: int, stride, mode: str) -> frozenset:
    tags = {mode}
    if image.dtype == np.uint8:
        tags.add("uint8")
    if image.size and np.issubdtype(image.dtype, np.number) and image.min() < 0:
        tags.add("negative")
    if image.ndim >= 2 and image.shape[0] != image.shape[1]:
        tags.add("non_square")
    if (size if stride is None else stride) > 1:
        tags.add("stride")
    if size == 1:
        tags.add("kernel_1x1")
    if image.ndim >= 2 and image.shape[0] == image.shape[1] == size:
        tags.add("kernel_as_image")
    if image.ndim == 3 and image.shape[2] > 1:
        tags.add("multi_channel")
    h, w = image.shape[:2]
    s = size if stride is None else stride
    if (h - size) % s or (w - size) % s:
        tags.add("edge_dropped")  # a last window does not fit and must be dropped
    return frozenset(tags)


def _pool_case(image: np.ndarray, size: int, stride, mode: str, label: str = "") -> Case:
    kwargs = {"size": size, "stride": stride, "mode": mode}
    label = label or (f"{_text(image.shape)} {image.dtype} {'volume' if image.ndim == 3 else 'image'}, "
                      f"size={size}, stride={stride}, mode={mode!r}")
    return Case((image,), kwargs, label, _pool_tags(image, size, stride, mode))


def _random_pool_cases(rng: np.random.Generator, count: int, channels: bool) -> list:
    kinds = ("float", "uint8", "int")
    cases = []
    for _ in range(count):
        h, w = (int(n) for n in rng.integers(1, 13, size=2))
        shape = (h, w, int(rng.integers(1, 5))) if channels else (h, w)
        image = random_image(rng, shape, kinds[int(rng.integers(len(kinds)))])
        size = int(rng.integers(1, min(h, w) + 1))
        stride_choice = int(rng.integers(0, 4))
        stride = None if stride_choice == 0 else stride_choice
        mode = ("max", "avg")[int(rng.integers(2))]
        case = _pool_case(image, size, stride, mode)
        cases.append(Case(case.args, case.kwargs, "random " + case.label, case.tags))
    return cases


def _pool2d_cases(rng: np.random.Generator) -> list:
    cases = [
        Case((WORKED_POOL_IMAGE,), {}, "the 4x4 example, default arguments (2x2 max pooling, stride 2)",
             frozenset({"max", "stride"})),
        Case((WORKED_POOL_IMAGE,), {"mode": "avg"}, "the 4x4 example, 2x2 average pooling",
             frozenset({"avg", "stride"})),
        _pool_case(random_image(rng, (45, 25)), 3, 2, "max",
                   "the lesson's 45x25 image, 3x3 window, stride 2 (22 x 12 values)"),
        _pool_case(random_image(rng, (5, 7)), 2, None, "max",
                   "5x7 image, 2x2 windows side by side: the last row and column do not fit"),
        _pool_case(random_image(rng, (7, 5), "int"), 2, None, "avg",
                   "7x5 image with negative values, 2x2 average: the last row and column do not fit"),
        _pool_case(random_image(rng, (6, 9)), 3, 1, "max", "6x9 image, 3x3 windows overlapping (stride 1)"),
        _pool_case(random_image(rng, (8, 10)), 2, 3, "avg",
                   "8x10 image, 2x2 windows with gaps between them (stride 3)"),
        _pool_case(random_image(rng, (9, 8), "uint8"), 3, 2, "avg", "9x8 uint8 image, 3x3 average, stride 2"),
        _pool_case(np.full((4, 6), 255, dtype=np.uint8), 2, None, "avg",
                   "4x6 uint8 image of 255s, 2x2 average (sums reach 1020)"),
        _pool_case(-np.arange(1.0, 31.0).reshape(5, 6), 2, None, "max",
                   "5x6 image of negative numbers only, 2x2 max"),
        _pool_case(random_image(rng, (4, 7)), 1, None, "max", "4x7 image, 1x1 window (nothing changes)"),
        _pool_case(random_image(rng, (5, 5)), 5, None, "avg", "window as large as the 5x5 image"),
        _pool_case(random_image(rng, (6, 6), "int"), 6, 1, "max", "window as large as the 6x6 image, stride 1"),
        _pool_case(random_image(rng, (4, 9)), 4, 2, "max", "4x9 image, 4x4 window as tall as the image"),
    ]
    cases += _random_pool_cases(rng, 14, channels=False)
    bad = frozenset({"bad_arguments"})
    image = random_image(rng, (6, 6))
    cases += [
        Case((image,), {"size": 0}, "size 0", bad),
        Case((image,), {"size": 2, "stride": 0}, "stride 0", bad),
        Case((image,), {"mode": "min"}, "an unknown mode 'min'", bad),
        Case((image,), {"mode": "average"}, "an unknown mode 'average' (the modes are 'max' and 'avg')", bad),
        Case((random_image(rng, (4, 4, 3)),), {}, "a 3-D array (4x4x3) where a 2-D image is needed", bad),
        Case((random_image(rng, (6,)),), {"size": 2}, "a 1-D array", bad),
        Case((random_image(rng, (4, 6)),), {"size": 5}, "a 5x5 window on a 4x6 image (too tall)", bad),
    ]
    return cases


def _pool_volume_cases(rng: np.random.Generator) -> list:
    cases = [
        Case((np.stack([WORKED_POOL_IMAGE, -WORKED_POOL_IMAGE, 10 * WORKED_POOL_IMAGE], axis=-1),), {},
             "the 4x4 example stacked with its negative and 10 times it (4x4x3), default arguments",
             frozenset({"max", "stride", "multi_channel", "negative"})),
        _pool_case(random_image(rng, (45, 25, 3)), 3, 2, "max",
                   "the lesson's 45x25x3 volume, 3x3 window, stride 2 (22 x 12 x 3 values)"),
        _pool_case(random_image(rng, (5, 7, 2)), 2, None, "avg", "5x7x2 volume, 2x2 average"),
        _pool_case(random_image(rng, (6, 4, 1)), 2, 1, "max", "6x4x1 volume (one channel), stride 1"),
        _pool_case(random_image(rng, (7, 9, 4), "uint8"), 3, 3, "avg", "7x9x4 uint8 volume, 3x3 average"),
        _pool_case(random_image(rng, (6, 8, 3), "int"), 2, 3, "max",
                   "6x8x3 volume with negative values, stride 3"),
        _pool_case(random_image(rng, (4, 4, 2)), 4, None, "avg", "window as large as the 4x4x2 volume"),
        _pool_case(random_image(rng, (5, 6, 3)), 1, None, "max", "5x6x3 volume, 1x1 window"),
    ]
    cases += _random_pool_cases(rng, 10, channels=True)
    bad = frozenset({"bad_arguments"})
    volume = random_image(rng, (6, 6, 2))
    cases += [
        Case((random_image(rng, (6, 6)),), {}, "a 2-D array where an H x W x C volume is needed", bad),
        Case((random_image(rng, (4, 4, 2, 2)),), {}, "a 4-D array", bad),
        Case((volume,), {"size": 0}, "size 0", bad),
        Case((volume,), {"size": 2, "stride": 0}, "stride 0", bad),
        Case((volume,), {"mode": "sum"}, "an unknown mode 'sum'", bad),
        Case((volume,), {"size": 7}, "a 7x7 window on a 6x6x2 volume", bad),
    ]
    return cases


def _global_cases(rng: np.random.Generator) -> list:
    def case(volume, label):
        tags = set()
        if volume.dtype == np.uint8:
            tags.add("uint8")
        if volume.size and volume.min() < 0:
            tags.add("negative")
        if volume.shape[0] != volume.shape[1]:
            tags.add("non_square")
        if volume.shape[2] > 1:
            tags.add("multi_channel")
        return Case((volume,), {}, label, frozenset(tags))

    cases = [
        case(np.stack([np.full((2, 3), 1.0), np.arange(6.0).reshape(2, 3)], axis=-1),
             "2x3x2 volume: channel 0 all ones, channel 1 the numbers 0 to 5 (means 1 and 2.5)"),
        case(random_image(rng, (5, 7, 3)), "5x7x3 volume"),
        case(random_image(rng, (4, 4, 4), "int"), "4x4x4 volume with negative values"),
        case(np.full((6, 5, 2), 250, dtype=np.uint8), "6x5x2 uint8 volume of 250s (sums overflow uint8)"),
        case(random_image(rng, (3, 8, 1)), "3x8x1 volume (one channel)"),
        case(random_image(rng, (1, 1, 3)), "1x1x3 volume (one pixel)"),
        case(random_image(rng, (9, 2, 5), "uint8"), "9x2x5 uint8 volume"),
    ]
    for _ in range(6):
        shape = tuple(int(n) for n in rng.integers(1, 10, size=3))
        kind = ("float", "uint8", "int")[int(rng.integers(3))]
        volume = random_image(rng, shape, kind)
        cases.append(case(volume, f"random {_text(shape)} {volume.dtype} volume"))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((random_image(rng, (4, 5)),), {}, "a 2-D array (use im[:, :, np.newaxis] for one channel)", bad),
        Case((random_image(rng, (5,)),), {}, "a 1-D array", bad),
        Case((np.zeros((4, 4, 0)),), {}, "a 4x4x0 volume (no channels)", bad),
    ]
    return cases


def _count_cases(rng: np.random.Generator) -> list:
    def case(h, w, size, stride, channels=None, label=""):
        kwargs = {} if channels is None else {"channels": channels}
        tags = set()
        if (channels or 1) > 1:
            tags.add("multi_channel")
        if stride > 1:
            tags.add("stride")
        if h != w:
            tags.add("non_square")
        if (h - size) % stride or (w - size) % stride:
            tags.add("edge_dropped")
        label = label or f"h={h}, w={w}, size={size}, stride={stride}" + (
            f", channels={channels}" if channels is not None else "")
        return Case((h, w, size, stride), kwargs, label, frozenset(tags))

    cases = [
        case(45, 25, 3, 2, label="the lesson's 45x25 input, 3x3 window, stride 2 (22 x 12 = 264)"),
        case(45, 25, 3, 2, 3, label="the lesson's 45x25 input over 3 channels (3 x 264 = 792)"),
        case(46, 25, 3, 2, label="46x25, 3x3 window, stride 2: (46 - 3) / 2 is not a whole number"),
        case(28, 28, 2, 2, 6, label="28x28x6, 2x2 window, stride 2 (LeNet's first pooling)"),
        case(10, 7, 3, 1, 2),
        case(9, 9, 9, 1, 4, label="window as large as the 9x9 input, 4 channels"),
        case(7, 12, 1, 1, label="7x12, 1x1 window, stride 1: every value survives"),
        case(8, 8, 2, 3, label="8x8, 2x2 window, stride 3 (gaps between windows)"),
        case(11, 6, 3, 3, 3),
    ]
    for _ in range(12):
        h, w = (int(n) for n in rng.integers(1, 60, size=2))
        size = int(rng.integers(1, min(h, w) + 1))
        stride = int(rng.integers(1, 5))
        channels = int(rng.integers(1, 5)) if rng.integers(2) else None
        cases.append(case(h, w, size, stride, channels))
    bad = frozenset({"bad_arguments"})
    cases += [
        Case((45, 25, 0, 2), {}, "size 0", bad),
        Case((45, 25, 3, 0), {}, "stride 0", bad),
        Case((45, 25, 3, 2), {"channels": 0}, "channels 0", bad),
        Case((2, 25, 3, 2), {}, "a 3x3 window on a 2x25 input (too tall)", bad),
        Case((25, 2, 3, 2), {}, "a 3x3 window on a 25x2 input (too wide)", bad),
    ]
    return cases


# ---------------------------------------------------------------------------
# What the mistakes compute


def pool_windows(im, size: int, stride: int, mode: str, positions: str = "fit",
                 divisor=None) -> np.ndarray:
    """Pooling by a plain loop, with the knobs the mistakes turn.

    positions: "fit" (windows that fit, the right answer), "ceil" (one more
    window when the last does not fit: ceil((n - size) / stride) + 1, as long
    as it starts inside the image), or
    "every_step" (a window at every multiple of the stride inside the image).
    Partial windows are cut at the image's edge (numpy slicing does that).
    divisor: for "avg", a function (window, size, stride) -> the count divided by
    (default: the number of pixels in the window).
    mode: "max", "avg", "avg_floor" (the mean rounded down) or "max_from_zero".
    """
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or not 1 <= size <= min(im.shape) or stride < 1:
        raise ValueError("not a valid pooling: the mistake does not apply")
    counts = []
    for n in im.shape:
        if positions == "fit":
            counts.append((n - size) // stride + 1)
        elif positions == "ceil":
            count = math.ceil((n - size) / stride) + 1
            # as PyTorch's ceil_mode: the last window must start inside the image
            counts.append(count - 1 if (count - 1) * stride >= n else count)
        else:
            counts.append(len(range(0, n, stride)))
    out = np.zeros(counts)
    for x in range(counts[0]):
        for y in range(counts[1]):
            window = im[x * stride:x * stride + size, y * stride:y * stride + size]
            if mode == "max":
                out[x, y] = window.max()
            elif mode == "max_from_zero":
                out[x, y] = max(0.0, window.max())
            else:
                count = window.size if divisor is None else divisor(window, size, stride)
                out[x, y] = window.sum() / count
                if mode == "avg_floor":
                    out[x, y] = math.floor(out[x, y])
    return out


def _args(case: Case):
    """(image, size, stride, mode) of a pool2d / pool_volume case, defaults filled in."""
    size = case.kwargs.get("size", 2)
    stride = case.kwargs.get("stride")
    return case.args[0], size, size if stride is None else stride, case.kwargs.get("mode", "max")


def _pool2d_variant(stride_one=False, positions="fit", divisor=None, mode_map=None, only_mode=None):
    def produce(case: Case):
        im, size, stride, mode = _args(case)
        if only_mode and mode != only_mode:
            raise ValueError("the mistake concerns the other mode")
        mode = (mode_map or {}).get(mode, mode)
        return pool_windows(im, size, 1 if stride_one else stride, mode, positions, divisor)
    return produce


def _channelwise(produce2d):
    def produce(case: Case):
        volume = np.asarray(case.args[0])
        if volume.ndim != 3:
            raise ValueError("3-D only")
        return np.stack([produce2d(Case((volume[:, :, c],), case.kwargs)) for c in range(volume.shape[2])],
                        axis=-1)
    return produce


def _pooled_across_channels(case: Case):
    volume, size, stride, mode = _args(case)
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3 or volume.shape[2] == 1 or not 1 <= size <= min(volume.shape[:2]) or stride < 1:
        raise ValueError("needs a valid pooling of several channels")
    reduce = np.max if mode == "max" else np.mean
    out_h, out_w = ((n - size) // stride + 1 for n in volume.shape[:2])
    return np.array([[reduce(volume[x * stride:x * stride + size, y * stride:y * stride + size, :])
                      for y in range(out_w)] for x in range(out_h)])


def _channels_first(case: Case):
    volume, size, stride, mode = _args(case)
    volume = np.asarray(volume, dtype=np.float64)
    if volume.ndim != 3:
        raise ValueError("3-D only")
    # The volume read as C x H x W: each "channel" volume[i] (a W x C slice) is pooled.
    return np.stack([pool_windows(volume[i], size, stride, mode) for i in range(volume.shape[0])])


STRIDE_IGNORED = Mistake(
    "stride ignored",
    "your windows move one pixel at a time (stride 1) whatever the stride; window (x, y) starts "
    "at row x * stride, column y * stride, and stride=None means stride = size (windows side by "
    "side, no overlap)",
    _pool2d_variant(stride_one=True))
PARTIAL_CEIL = Mistake(
    "partial windows kept (ceil)",
    "you keep a last window that sticks out past the bottom or right edge (ceil instead of "
    "floor); windows that do not fit are dropped: floor((H - size) / stride) + 1 rows",
    _pool2d_variant(positions="ceil"))
PARTIAL_EVERY_STEP = Mistake(
    "partial windows kept (a window at every stride step)",
    "you start a window at every multiple of the stride inside the image, even where the "
    "window no longer fits; stop when x * stride + size would pass the edge: "
    "floor((H - size) / stride) + 1 rows",
    _pool2d_variant(positions="every_step"))
AVG_BY_SIZE = Mistake(
    "average divided by size, not by the number of pixels",
    "an average divides the window's sum by the number of pixels in it, size * size, not by size",
    _pool2d_variant(divisor=lambda window, size, stride: size, only_mode="avg"))
AVG_BY_FOUR = Mistake(
    "average divided by 4 whatever the window",
    "dividing by 4 is right only for a 2x2 window; divide by size * size (or use window.mean())",
    _pool2d_variant(divisor=lambda window, size, stride: 4, only_mode="avg"))
AVG_FLOORED = Mistake(
    "average rounded down (integer division)",
    "the mean keeps its fraction: divide with / (or use window.mean()), not //, and compute in float64",
    _pool2d_variant(mode_map={"avg": "avg_floor"}, only_mode="avg"))
MAX_FROM_ZERO = Mistake(
    "max started at 0",
    "your maximum starts from 0, so a window of negative numbers gives 0; take window.max() "
    "(or start from the first pixel or -inf)",
    _pool2d_variant(mode_map={"max": "max_from_zero"}, only_mode="max"))
MODES_SWAPPED = Mistake(
    "modes swapped",
    "mode='max' must take each window's maximum and mode='avg' its mean: yours do the opposite",
    _pool2d_variant(mode_map={"max": "avg", "avg": "max"}))

POOL2D = Exercise(
    name="pool2d",
    make_cases=_pool2d_cases,
    arg_names=("im",),
    mistakes=(STRIDE_IGNORED, PARTIAL_CEIL, PARTIAL_EVERY_STEP, AVG_BY_SIZE, AVG_BY_FOUR, AVG_FLOORED,
              MAX_FROM_ZERO, MODES_SWAPPED),
)


def _volume_passing_on(stride=True, mode=True):
    """pool_volume calling pool2d without passing on the stride and/or the mode."""
    def produce(case: Case):
        kwargs = {"size": case.kwargs.get("size", 2)}
        if stride:
            kwargs["stride"] = case.kwargs.get("stride")
        if mode:
            kwargs["mode"] = case.kwargs.get("mode", "max")
        return _channelwise(_pool2d_variant())(Case(case.args, kwargs))
    return produce


POOL_VOLUME = Exercise(
    name="pool_volume",
    make_cases=_pool_volume_cases,
    arg_names=("volume",),
    mistakes=(
        Mistake("pooled across channels",
                "each window must stay in its own channel: pool volume[:, :, c] for every c and stack "
                "the results on the last axis (H' x W' x C), not take the max or mean over all channels at once",
                _pooled_across_channels),
        Mistake("channels-first axes",
                "the volume is H x W x C (channels last): pool over axes 0 and 1, one channel "
                "volume[:, :, c] at a time, not over volume[i] (that is a W x C slice)",
                _channels_first),
        Mistake("stride not passed on",
                "pool each channel with the same size, stride and mode you were given: "
                "pool2d(volume[:, :, c], size, stride, mode)",
                _volume_passing_on(stride=False)),
        Mistake("mode not passed on",
                "pool each channel with the mode you were given: pool2d(volume[:, :, c], size, stride, mode)",
                _volume_passing_on(mode=False)),
        Mistake(STRIDE_IGNORED.name, STRIDE_IGNORED.explain, _channelwise(STRIDE_IGNORED.produce)),
        Mistake(PARTIAL_CEIL.name, PARTIAL_CEIL.explain, _channelwise(PARTIAL_CEIL.produce)),
        Mistake(AVG_BY_SIZE.name, AVG_BY_SIZE.explain, _channelwise(AVG_BY_SIZE.produce)),
    ),
)


def _mean_over(axis):
    def produce(case: Case):
        volume = np.asarray(case.args[0], dtype=np.float64)
        if volume.ndim != 3 or volume.size == 0:
            raise ValueError("a non-empty 3-D volume only")
        return volume.mean(axis=axis)
    return produce


def _global_max(case: Case):
    volume = np.asarray(case.args[0], dtype=np.float64)
    if volume.ndim != 3 or volume.size == 0:
        raise ValueError("a non-empty 3-D volume only")
    return volume.max(axis=(0, 1))


GLOBAL_AVG_POOL = Exercise(
    name="global_avg_pool",
    make_cases=_global_cases,
    arg_names=("volume",),
    mistakes=(
        Mistake("mean over the wrong axes (axis 2, the channels)",
                "you averaged the channels of each pixel (an H x W map); global average pooling "
                "averages each channel over all its pixels: axes 0 and 1, one number per channel",
                _mean_over(2)),
        Mistake("mean over the wrong axes (all of them)",
                "you averaged the whole volume into one number; keep one mean per channel: "
                "volume.mean(axis=(0, 1))",
                _mean_over(None)),
        Mistake("mean over the wrong axes (axes 1 and 2, channels first)",
                "the volume is H x W x C (channels last): average over axes 0 and 1, not 1 and 2",
                _mean_over((1, 2))),
        Mistake("mean over the wrong axes (axis 0 only)",
                "average over both spatial axes, 0 and 1, to get one number per channel",
                _mean_over(0)),
        Mistake("max instead of mean",
                "that is global MAX pooling; global average pooling takes each channel's mean",
                _global_max),
    ),
)


def _count_variant(rounding="floor", with_channels=True, size_subtracted=True):
    def produce(case: Case):
        h, w, size, stride = case.args
        channels = case.kwargs.get("channels", 1) if with_channels else 1
        sides = []
        for n in (h, w):
            if not size_subtracted:
                sides.append(n // stride)
            elif rounding == "floor":
                sides.append((n - size) // stride + 1)
            elif rounding == "ceil":
                sides.append(math.ceil((n - size) / stride) + 1)
            else:  # the lesson's formula typed as it is: true division, no floor
                sides.append((n - size) / stride + 1)
        result = sides[0] * sides[1] * channels
        return result if rounding == "none" else int(result)
    return produce


POOLED_VALUE_COUNT = Exercise(
    name="pooled_value_count",
    make_cases=_count_cases,
    float_result=False,
    arg_names=("h", "w", "size", "stride"),
    mistakes=(
        Mistake("channels forgotten",
                "each channel is pooled on its own, so the count is multiplied by the number of "
                "channels (264 values per channel, 792 over 3)",
                _count_variant(with_channels=False)),
        Mistake("ceil instead of floor",
                "a window that does not fit is dropped, so each side is floor((n - size) / stride) + 1 "
                "(use //), not ceil",
                _count_variant(rounding="ceil")),
        Mistake("the formula without the floor",
                "(n - size) / stride + 1 is a float and is wrong when (n - size) is not a multiple of "
                "the stride; use integer division // (the floor), and return an int",
                _count_variant(rounding="none")),
        Mistake("n // stride per side",
                "n // stride counts windows as if they were stride wide; a window is size wide and "
                "must fit: floor((n - size) / stride) + 1 per side (it happens to agree for 45x25, "
                "3x3, stride 2)",
                _count_variant(size_subtracted=False)),
    ),
)

EXERCISES = [POOL2D, POOL_VOLUME, GLOBAL_AVG_POOL, POOLED_VALUE_COUNT]
