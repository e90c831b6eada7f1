"""Part 5 exercises: volumes and filter banks, bias, ReLU, a conv layer, parameter counts.

The mistakes are the ones a first volume convolution invites: channels paired
with the wrong filter slices (RGB against BGR, the filters' last two axes
swapped), the bias forgotten or added once per channel, the feature maps
stacked first (PyTorch's layout) instead of last, ReLU clipping the wrong side;
and in the counts, the bias or the input depth forgotten (the lesson 000 bug)
or one bias for the whole layer (the lesson 004 typo).
"""
from __future__ import annotations

import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import random_image, tags_for

BAD = frozenset({"bad_arguments"})


def _no_variant():
    """Raised by a mistake's produce where the mistake cannot be told from the right answer."""
    raise ValueError("the mistake does not apply to this case")


def _shape_text(shape: tuple) -> str:
    return "x".join(str(n) for n in shape)


# ---------------------------------------------------------------- conv_volume, conv_layer

def _volume_case(volume: np.ndarray, filters: np.ndarray, bias=None, label: str = "",
                 bias_positional: bool = False, **kwargs) -> Case:
    tags = set(tags_for(volume, filters.shape[:2]))
    channels, n_filters = filters.shape[2], filters.shape[3]
    if channels > 1 or n_filters > 1:
        tags.add("multi_channel")
    if bias is not None:
        tags.add("bias")
    if kwargs.get("stride", 1) > 1:
        tags.add("stride")
    if kwargs.get("padding", 0) not in (0, "valid"):
        tags.add("padding")
    label = label or (f"{_shape_text(volume.shape)} {volume.dtype} volume, "
                      f"{_shape_text(filters.shape)} filters"
                      + (", no bias" if bias is None else ", a bias")
                      + "".join(f", {k}={v!r}" for k, v in kwargs.items()))
    if bias_positional:
        return Case((volume, filters, bias), dict(kwargs), label, frozenset(tags))
    if bias is not None:
        kwargs = dict(kwargs, bias=bias)
    return Case((volume, filters), dict(kwargs), label, frozenset(tags))


def _edge_filters() -> np.ndarray:
    """The lesson's two 3x3x3 filters: vertical and horizontal edges on every channel (3x3x3x2),
    with Part 3's names and signs (prewitt_y, then prewitt_x), as the notebook shows them."""
    vertical = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=np.float64)  # prewitt_y
    filters = np.zeros((3, 3, 3, 2))
    filters[:, :, :, 0] = vertical[:, :, None]
    filters[:, :, :, 1] = vertical.T[:, :, None]
    return filters


def _volume_cases(rng: np.random.Generator, layer: bool = False) -> list:
    """Cases for conv_volume (layer=False) or conv_layer (layer=True: bias always passed)."""
    def case(volume, filters, bias=None, label="", **kwargs):
        return _volume_case(volume, filters, bias, label, bias_positional=layer, **kwargs)

    def rand_bias(k):
        return np.round(rng.normal(0, 5, size=k), 2)

    red_edges = np.zeros((3, 3, 3, 1))
    red_edges[:, :, 0, 0] = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]  # prewitt_y on the red channel
    cases = [
        case(random_image(rng, (6, 6, 3), "uint8"), _edge_filters(), None if not layer else np.zeros(2),
             "the lesson's 6x6x3 volume with two 3x3x3 edge filters (result 4x4x2)"),
        case(random_image(rng, (6, 6, 3)), red_edges, np.array([1.5]),
             "a 6x6x3 volume, one filter that looks at the red channel only (the other two are zeros)"),
        case(random_image(rng, (5, 7, 1)), random_image(rng, (3, 3, 1, 1)), np.array([0.5]),
             "one channel, one filter: conv2d plus a bias"),
        case(random_image(rng, (5, 6, 3)), random_image(rng, (3, 3, 3, 1)), rand_bias(1)),
        case(random_image(rng, (6, 5, 2)), random_image(rng, (3, 2, 2, 2)), rand_bias(2)),
        case(random_image(rng, (5, 5, 3)), random_image(rng, (2, 2, 3, 3)), None if not layer else rand_bias(3)),
        case(random_image(rng, (6, 7, 4)), random_image(rng, (3, 3, 4, 4)), rand_bias(4)),
        case(random_image(rng, (7, 6, 3)), random_image(rng, (3, 3, 3, 2)), rand_bias(2), stride=2),
        case(random_image(rng, (5, 6, 2)), random_image(rng, (3, 3, 2, 3)), rand_bias(3), padding=1),
        case(random_image(rng, (5, 7, 3)), random_image(rng, (3, 3, 3, 2)), rand_bias(2), padding="same"),
        case(random_image(rng, (6, 6, 3)), random_image(rng, (4, 3, 3, 2)), rand_bias(2), padding="same",
             stride=2),
        case(random_image(rng, (5, 5, 2)), random_image(rng, (3, 3, 2, 2)), None if not layer else rand_bias(2),
             padding="valid", stride=3),
        case(random_image(rng, (4, 6, 3)), random_image(rng, (1, 1, 3, 2)), rand_bias(2),
             "a 4x6x3 volume, two 1x1x3 filters (they mix the channels of each pixel)"),
        case(random_image(rng, (4, 5, 2)), random_image(rng, (4, 5, 2, 3)), rand_bias(3),
             "filters as large as the 4x5x2 volume (the result is 1x1x3)"),
        case(np.full((4, 5, 3), 200, dtype=np.uint8), np.ones((3, 3, 3, 1), dtype=np.int64), np.array([10.0]),
             "a 4x5x3 uint8 volume of 200s, one 3x3x3 filter of ones (sums reach 5400)"),
        case(random_image(rng, (5, 6, 3), "int"), random_image(rng, (3, 3, 3, 2), "int"),
             rand_bias(2), "a 5x6x3 volume with negative values, integer filters"),
    ]
    kinds = ("float", "uint8", "int")
    paddings = (0, 1, 2, "valid", "same")
    while len(cases) < 32:
        h, w = (int(n) for n in rng.integers(1, 8, size=2))
        channels, n_filters = (int(n) for n in rng.integers(1, 5, size=2))
        fh, fw = (int(n) for n in rng.integers(1, 4, size=2))
        stride, padding = int(rng.integers(1, 4)), paddings[int(rng.integers(len(paddings)))]
        p = 0 if padding == "valid" else padding
        if padding != "same" and (fh > h + 2 * p or fw > w + 2 * p):
            continue
        bias = rand_bias(n_filters) if (layer or rng.random() < 0.6) else None
        cases.append(case(random_image(rng, (h, w, channels), kinds[int(rng.integers(3))]),
                          random_image(rng, (fh, fw, channels, n_filters)), bias,
                          stride=stride, padding=padding))
    bad = [
        ((random_image(rng, (5, 5, 3)), random_image(rng, (3, 3, 2, 2)), None),
         {}, "filters of depth 2 on a volume with 3 channels"),
        ((random_image(rng, (5, 5, 2)), random_image(rng, (3, 3, 2, 3)), np.zeros(2)),
         {}, "a bias of length 2 for 3 filters"),
        ((random_image(rng, (5, 5)), random_image(rng, (3, 3, 1, 1)), None),
         {}, "a 2-D volume (5x5): a volume is H x W x C"),
        ((random_image(rng, (5, 5, 3)), random_image(rng, (3, 3, 3)), None),
         {}, "3-D filters (3x3x3): filters are fh x fw x C x K"),
        ((random_image(rng, (5, 5, 2)), random_image(rng, (3, 3, 2, 1)), None),
         {"stride": 0}, "stride 0"),
        ((random_image(rng, (5, 5, 2)), random_image(rng, (3, 3, 2, 1)), None),
         {"padding": "full"}, "an unknown padding 'full'"),
        ((random_image(rng, (5, 5, 2)), random_image(rng, (3, 3, 2, 1)), None),
         {"padding": -1}, "a negative padding, -1"),
        ((random_image(rng, (3, 4, 2)), random_image(rng, (4, 4, 2, 1)), None),
         {}, "4x4 filters on a 3x4 volume"),
    ]
    for (volume, filters, bias), kwargs, label in bad:
        if layer:
            cases.append(Case((volume, filters, bias), kwargs, label, BAD))
        else:
            cases.append(Case((volume, filters), dict(kwargs, **({"bias": bias} if bias is not None else {})),
                              label, BAD))
    return cases


def _volume_args(case: Case) -> tuple:
    """(volume, filters, bias, stride, padding) of a conv_volume or conv_layer case."""
    volume = np.asarray(case.args[0], dtype=np.float64)
    filters = np.asarray(case.args[1], dtype=np.float64)
    bias = case.args[2] if len(case.args) > 2 else case.kwargs.get("bias")
    return (volume, filters, bias, case.kwargs.get("stride", 1), case.kwargs.get("padding", 0))


def _per_channel_maps(case: Case) -> tuple:
    """(maps, bias): maps[k][c] = conv2d of channel c with filter k's slice c (the reference conv2d)."""
    from solutions import conv2d, conv_volume
    volume, filters, bias, stride, padding = _volume_args(case)
    conv_volume(volume, filters, bias, stride=stride, padding=padding)  # raises on bad arguments
    maps = [[conv2d(volume[:, :, c], filters[:, :, c, k], stride=stride, padding=padding)
             for c in range(volume.shape[2])] for k in range(filters.shape[3])]
    n_filters = filters.shape[3]
    return maps, np.zeros(n_filters) if bias is None else np.asarray(bias, dtype=np.float64)


def _reference_volume(case: Case, **changes):
    from solutions import conv_volume
    volume, filters, bias, stride, padding = _volume_args(case)
    args = dict(volume=volume, filters=filters, bias=bias, stride=stride, padding=padding)
    args.update(changes)
    return conv_volume(**args)


def _channels_reversed(case: Case):
    volume, filters, bias, stride, padding = _volume_args(case)
    if volume.shape[2] < 2:
        _no_variant()
    return _reference_volume(case, filters=filters[:, :, ::-1, :])


def _filters_axis_swapped(case: Case):
    volume, filters, bias, stride, padding = _volume_args(case)
    if filters.shape[2] != filters.shape[3] or filters.shape[2] < 2:
        _no_variant()
    return _reference_volume(case, filters=np.ascontiguousarray(filters.transpose(0, 1, 3, 2)))


def _bias_missing(case: Case):
    if _volume_args(case)[2] is None:
        _no_variant()
    return _reference_volume(case, bias=None)


def _bias_per_channel(case: Case):
    maps, bias = _per_channel_maps(case)
    return np.stack([sum(m + bias[k] for m in maps[k]) for k in range(len(maps))], axis=-1)


def _channels_averaged(case: Case):
    maps, bias = _per_channel_maps(case)
    return np.stack([sum(maps[k]) / len(maps[k]) + bias[k] for k in range(len(maps))], axis=-1)


def _maps_first(case: Case):
    return np.ascontiguousarray(np.moveaxis(_reference_volume(case), -1, 0))


VOLUME_MISTAKES = (
    Mistake("channels paired in the wrong order",
            "channel c of the volume meets slice c of the filter (filters[:, :, c, k]); pairing "
            "channel c with slice C - 1 - c is what happens when RGB meets BGR (OpenCV's order)",
            _channels_reversed),
    Mistake("filters axis swapped",
            "filters is fh x fw x C x K: axis 2 is the input channel c, axis 3 the filter k, so "
            "filter k's slice for channel c is filters[:, :, c, k], not filters[:, :, k, c]",
            _filters_axis_swapped),
    Mistake("bias missing",
            "each feature map gets its filter's bias: add bias[k] to feature map k when a bias "
            "is given",
            _bias_missing),
    Mistake("bias added per channel",
            "a filter has ONE bias, added once to its feature map after summing over the "
            "channels; adding bias[k] to every channel's map before the sum adds it C times",
            _bias_per_channel),
    Mistake("channels averaged instead of summed",
            "a filter as deep as its input sums the products over ALL its weights: add the "
            "channels' maps, do not average them",
            _channels_averaged),
    Mistake("feature maps stacked first",
            "the result is channels-last like the input, H' x W' x K (np.stack(maps, axis=-1)), "
            "not K x H' x W' (PyTorch's layout)",
            _maps_first),
    Mistake("stride ignored",
            "pass the stride on to every channel's convolution: the output shrinks with it",
            lambda case: _reference_volume(case, stride=1) if case.kwargs.get("stride", 1) > 1 else _no_variant()),
)

CONV_VOLUME = Exercise(
    name="conv_volume",
    make_cases=_volume_cases,
    arg_names=("volume", "filters"),
    mistakes=VOLUME_MISTAKES,
)


def _layer_variant(produce_volume, then=lambda v: np.maximum(v, 0.0)):
    def produce(case: Case):
        return then(produce_volume(case))
    return produce


def _bias_after_relu(case: Case):
    volume, filters, bias, stride, padding = _volume_args(case)
    if bias is None:
        _no_variant()
    return np.maximum(_reference_volume(case, bias=None), 0.0) + np.asarray(bias, dtype=np.float64)


CONV_LAYER = Exercise(
    name="conv_layer",
    make_cases=lambda rng: _volume_cases(rng, layer=True),
    arg_names=("volume", "filters", "bias"),
    mistakes=(
        Mistake("ReLU missing",
                "a conv layer is ReLU(conv_volume(...)): apply relu to the feature maps",
                _reference_volume),
        Mistake("ReLU clipping the wrong side",
                "ReLU keeps the positive values and sets the negative ones to 0: max(x, 0), not "
                "min(x, 0)",
                lambda case: np.minimum(_reference_volume(case), 0.0)),
        Mistake("bias added after the ReLU",
                "the order is filters, then bias, then ReLU: relu(conv + bias), not "
                "relu(conv) + bias",
                _bias_after_relu),
        *(Mistake(m.name, m.explain, _layer_variant(m.produce)) for m in VOLUME_MISTAKES),
    ),
)


# -------------------------------------------------------------------------------- relu

def _relu_cases(rng: np.random.Generator) -> list:
    def case(x, label=""):
        tags = {"negative"} if x.min() < 0 else set()
        if x.dtype == np.uint8:
            tags.add("uint8")
        return Case((x,), {}, label or f"a {_shape_text(x.shape)} {x.dtype} array", frozenset(tags))

    return [
        case(np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), "[-2, -0.5, 0, 0.5, 2]"),
        case(np.array([[3, -1], [-4, 1]], dtype=np.int64), "the integer array [[3, -1], [-4, 1]]"),
        case(random_image(rng, (4, 5))),
        case(random_image(rng, (3, 4, 2)), "a 3x4x2 volume of feature maps"),
        case(random_image(rng, (2, 3, 4), "int")),
        case(random_image(rng, (4, 4), "uint8"), "a uint8 image (nothing is negative)"),
        case(-np.abs(random_image(rng, (3, 3))) - 1, "all values negative"),
        case(np.abs(random_image(rng, (2, 6))) + 1, "all values positive"),
        case(random_image(rng, (7,))),
        case(np.array([-3.5]), "the one-element array [-3.5]"),
    ]


RELU = Exercise(
    name="relu",
    make_cases=_relu_cases,
    arg_names=("x",),
    mistakes=(
        Mistake("ReLU clipping the wrong side",
                "ReLU keeps the positive values and sets the negative ones to 0: "
                "np.maximum(x, 0), not np.minimum(x, 0)",
                lambda case: np.minimum(np.asarray(case.args[0], dtype=np.float64), 0.0)),
        Mistake("absolute value instead of ReLU",
                "ReLU sets negative values to 0; it does not flip their sign (that is abs)",
                lambda case: np.abs(np.asarray(case.args[0], dtype=np.float64))),
    ),
)


# ------------------------------------------------------------------- parameter counts

def _count_conv_cases(rng: np.random.Generator) -> list:
    def case(fh, fw, c_in, k, label=""):
        tags = {"multi_channel"} if c_in > 1 else set()
        if fh != fw:
            tags.add("non_square")
        return Case((fh, fw, c_in, k), {}, label or f"fh={fh}, fw={fw}, c_in={c_in}, k={k}", frozenset(tags))

    cases = [
        case(3, 3, 3, 1, "one 3x3x3 filter on an RGB image (27 weights + 1 bias)"),
        case(5, 5, 3, 8, "LeNet-style CONV1: 8 filters 5x5 on a 32x32x3 image"),
        case(5, 5, 8, 16, "LeNet-style CONV2: 16 filters 5x5 on 14x14x8"),
        case(3, 3, 3, 2, "the lesson's two 3x3x3 edge filters"),
        case(1, 1, 64, 32, "32 1x1 filters on 64 channels"),
        case(3, 3, 1, 4, "4 filters 3x3 on a grayscale image"),
        case(3, 5, 2, 6, "6 filters 3x5 on 2 channels"),
        case(7, 7, 3, 64, "a ResNet-style first layer: 64 filters 7x7x3"),
    ]
    for _ in range(10):
        fh, fw = (int(n) for n in rng.integers(1, 8, size=2))
        cases.append(case(fh, fw, int(rng.integers(1, 129)), int(rng.integers(1, 257))))
    cases += [
        Case((0, 3, 3, 1), {}, "fh=0", BAD),
        Case((3, 3, 0, 8), {}, "c_in=0", BAD),
        Case((3, 3, 3, -2), {}, "k=-2", BAD),
        Case((3, 2.5, 3, 1), {}, "fw=2.5, not an int", BAD),
    ]
    return cases


def _conv_count(depth: bool = True, bias: str = "per filter", lesson_000: bool = False):
    def produce(case: Case):
        fh, fw, c_in, k = case.args
        if lesson_000:
            return fh * fw + k
        weights = fh * fw * (c_in if depth else 1) * k
        return weights + {"per filter": k, "none": 0, "one": 1}[bias]
    return produce


COUNT_CONV_PARAMS = Exercise(
    name="count_conv_params",
    make_cases=_count_conv_cases,
    float_result=False,
    arg_names=("fh", "fw", "c_in", "k"),
    mistakes=(
        Mistake("params without bias",
                "each filter also has one bias: (fh * fw * c_in + 1) * k, not fh * fw * c_in * k",
                _conv_count(bias="none")),
        Mistake("params without input depth",
                "a filter is as deep as its input, so it has fh * fw * c_in weights, not fh * fw: "
                "a 3x3 filter on an RGB image has 3 * 3 * 3 = 27 weights (lesson 000's formula "
                "forgets the depth)",
                _conv_count(depth=False)),
        Mistake("lesson 000's formula fh * fw + k",
                "fh * fw + k counts one 2-D kernel and k biases; every one of the k filters has "
                "fh * fw * c_in weights and 1 bias: (fh * fw * c_in + 1) * k",
                _conv_count(lesson_000=True)),
        Mistake("one bias for the whole layer",
                "every filter has its own bias: k biases, not 1",
                _conv_count(bias="one")),
    ),
)


def _count_dense_cases(rng: np.random.Generator) -> list:
    cases = [
        Case((400, 120), {}, "LeNet-style FC3: 400 inputs (5x5x16 flattened), 120 neurons"),
        Case((120, 84), {}, "LeNet-style FC4: 120 -> 84"),
        Case((84, 10), {}, "the softmax layer: 84 -> 10"),
        Case((3072, 10), {}, "a 32x32x3 image flattened, 10 neurons"),
        Case((1, 1), {}, "one input, one neuron"),
        Case((5, 1), {}, "5 inputs, one neuron"),
    ]
    for _ in range(8):
        n_in, n_out = int(rng.integers(1, 5000)), int(rng.integers(1, 1000))
        cases.append(Case((n_in, n_out), {}, f"n_in={n_in}, n_out={n_out}"))
    cases += [
        Case((0, 10), {}, "n_in=0", BAD),
        Case((10, -1), {}, "n_out=-1", BAD),
        Case((7.5, 3), {}, "n_in=7.5, not an int", BAD),
    ]
    return cases


COUNT_DENSE_PARAMS = Exercise(
    name="count_dense_params",
    make_cases=_count_dense_cases,
    float_result=False,
    arg_names=("n_in", "n_out"),
    mistakes=(
        Mistake("params without bias",
                "each neuron also has its own bias: (n_in + 1) * n_out, not n_in * n_out",
                lambda case: case.args[0] * case.args[1]),
        Mistake("one bias for the whole layer",
                "every neuron has its own bias, so a layer has n_out biases, not 1 "
                "(400 -> 120: 400 * 120 + 120 = 48120, not 48001)",
                lambda case: case.args[0] * case.args[1] + 1),
        Mistake("one bias per input",
                "the biases belong to the neurons (n_out of them), not to the inputs",
                lambda case: case.args[0] * case.args[1] + case.args[0]),
    ),
)

EXERCISES = [CONV_VOLUME, RELU, CONV_LAYER, COUNT_CONV_PARAMS, COUNT_DENSE_PARAMS]
