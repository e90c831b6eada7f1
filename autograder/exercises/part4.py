"""Part 4 exercises: padding, the output-size formula, conv2d with stride, padding and dilation,
and the receptive field of a stack of layers.

The mistakes are the ones the lesson's formulas invite: a stride or a dilation
forgotten, padding added on one side only, dilation applied to the image
(subsampling it) instead of spreading the kernel's taps, ceil instead of floor,
the padding modes confused with numpy's neighbours ("symmetric", "wrap"), and a
layer's own stride counted in its receptive field.
"""
from __future__ import annotations

import math

import numpy as np

from autograder.exercises.spec import Case, Exercise, Mistake
from autograder.exercises.generate import WORKED_IMAGE, WORKED_KERNEL, random_image, tags_for

BAD = frozenset({"bad_arguments"})
PAD_MODES = ("constant", "edge", "reflect")


def _no_variant():
    """Raised by a mistake's produce where the mistake cannot be told from the right answer."""
    raise ValueError("the mistake does not apply to this case")


def _shape_text(shape: tuple) -> str:
    return "x".join(str(n) for n in shape)


# --------------------------------------------------------------------------- pad_image

def _pad_widths(pad) -> tuple:
    """((top, bottom), (left, right)) from an int or a pair of pairs."""
    if isinstance(pad, (int, np.integer)):
        return ((int(pad), int(pad)), (int(pad), int(pad)))
    (top, bottom), (left, right) = pad
    return ((int(top), int(bottom)), (int(left), int(right)))


def _pad_case(im: np.ndarray, pad, label: str = "", **kwargs) -> Case:
    widths = _pad_widths(pad)
    mode = kwargs.get("mode", "constant")
    tags = set(tags_for(im, (1, 1))) - {"kernel_1x1", "kernel_as_image"}
    tags.add(mode)
    if widths[0] != widths[1] or widths[0][0] != widths[0][1]:
        tags.add("uneven_pad")
    if mode == "constant" and kwargs.get("value", 0.0) != 0:
        tags.add("constant_value")
    if mode == "reflect" and (max(widths[0]) >= im.shape[0] or max(widths[1]) >= im.shape[1]):
        tags.add("pad_wider_than_image")
    label = label or (f"{_shape_text(im.shape)} {im.dtype} image, pad={pad!r}, "
                      + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()))
    return Case((im, pad), dict(kwargs), label, frozenset(tags))


def _pad_cases(rng: np.random.Generator) -> list:
    row = np.array([[1, 2, 3, 4]], dtype=np.int64)
    cases = [_pad_case(row, ((0, 0), (2, 2)), f"the row [[1, 2, 3, 4]] padded by 2 on the left and "
                       f"right, mode={mode!r}", mode=mode) for mode in PAD_MODES]
    cases += [
        _pad_case(np.arange(12, dtype=np.int64).reshape(3, 4), 1,
                  "the 3x4 ramp np.arange(12).reshape(3, 4), pad=1, default mode and value"),
        _pad_case(np.arange(12, dtype=np.int64).reshape(3, 4), 2,
                  "the 3x4 ramp, pad=2, mode='constant', value=7", mode="constant", value=7),
        _pad_case(random_image(rng, (4, 5)), 2, mode="constant", value=-1.5),
        _pad_case(random_image(rng, (5, 3)), ((1, 2), (0, 3)), mode="constant", value=0.0),
        _pad_case(random_image(rng, (5, 3)), ((2, 0), (3, 1)), mode="edge"),
        _pad_case(random_image(rng, (6, 4)), ((0, 2), (1, 3)), mode="reflect"),
        _pad_case(random_image(rng, (4, 6)), 0, mode="reflect"),
        _pad_case(random_image(rng, (2, 3)), 4, "a 2x3 image padded by 4 in mode 'reflect' "
                  "(wider than the image: the mirror keeps bouncing)", mode="reflect"),
        _pad_case(random_image(rng, (1, 5)), 2, "a 1x5 image (one row) padded by 2, mode 'reflect'",
                  mode="reflect"),
        _pad_case(np.full((3, 3), 250, dtype=np.uint8), 1, "a 3x3 uint8 image of 250s, pad=1, "
                  "mode='constant', value=-5", mode="constant", value=-5),
        _pad_case(random_image(rng, (4, 4), "uint8"), 3, mode="edge"),
        _pad_case(random_image(rng, (3, 5), "int"), 2, mode="reflect"),
        _pad_case(random_image(rng, (1, 1)), 2, "a 1x1 image, pad=2, mode='edge'", mode="edge"),
    ]
    kinds = ("float", "uint8", "int")
    for _ in range(12):
        h, w = (int(n) for n in rng.integers(1, 8, size=2))
        im = random_image(rng, (h, w), kinds[int(rng.integers(3))])
        mode = PAD_MODES[int(rng.integers(3))]
        if rng.random() < 0.5:
            pad = int(rng.integers(0, 4))
        else:
            pad = tuple(tuple(int(n) for n in rng.integers(0, 4, size=2)) for _ in range(2))
        kwargs = {"mode": mode}
        if mode == "constant":
            kwargs["value"] = float(np.round(rng.normal(0, 5), 2))
        cases.append(_pad_case(im, pad, **kwargs))
    cases += [
        Case((random_image(rng, (4, 4, 3)), 1), {}, "a 3-D image (4x4x3)", BAD),
        Case((random_image(rng, 5), 1), {}, "a 1-D image", BAD),
        Case((random_image(rng, (4, 4)), -1), {}, "a negative pad, -1", BAD),
        Case((random_image(rng, (4, 4)), ((1, 1), (-2, 1))), {}, "pad ((1, 1), (-2, 1)) with a negative width", BAD),
        Case((random_image(rng, (4, 4)), 1), {"mode": "symmetric"},
             "mode 'symmetric' (not one of the three modes)", BAD),
        Case((random_image(rng, (4, 4)), 1), {"mode": "wrap"}, "mode 'wrap' (not one of the three modes)", BAD),
    ]
    return cases


def _reference_pad(case: Case, **changes):
    from solutions import pad_image
    kwargs = dict(case.kwargs, **changes)
    return pad_image(case.args[0], kwargs.pop("pad", case.args[1]), **kwargs)


def _np_pad_variant(np_mode: str, for_mode: str):
    """What np.pad's `np_mode` gives where the case asks for `for_mode`."""
    def produce(case: Case):
        if case.kwargs.get("mode", "constant") != for_mode:
            raise ValueError("the mistake concerns another mode")
        im = np.asarray(case.args[0], dtype=np.float64)
        return np.pad(im, _pad_widths(case.args[1]), mode=np_mode)
    return produce


def _pad_one_side(case: Case):
    """The image copied into the top-left corner: all the padding below and to the right."""
    (top, bottom), (left, right) = _pad_widths(case.args[1])
    return _reference_pad(case, pad=((0, top + bottom), (0, left + right)))


def _pad_pairs_swapped(case: Case):
    (top, bottom), (left, right) = _pad_widths(case.args[1])
    return _reference_pad(case, pad=((left, right), (top, bottom)))


PAD_IMAGE = Exercise(
    name="pad_image",
    make_cases=_pad_cases,
    arg_names=("im", "pad"),
    mistakes=(
        Mistake("constant value ignored",
                "mode 'constant' pads with `value`, not always with 0: fill the new border with "
                "the number the caller gave",
                lambda case: _reference_pad(case, value=0.0)
                if case.kwargs.get("mode", "constant") == "constant" else _no_variant()),
        Mistake("reflect done as symmetric",
                "mode 'reflect' mirrors at the border pixel without repeating it: [a b c d] padded "
                "by 2 is [c b | a b c d | c b]; repeating the border pixel ([b a | a b c d | d c]) "
                "is numpy's 'symmetric' mode",
                _np_pad_variant("symmetric", "reflect")),
        Mistake("reflect done as wrap",
                "mode 'reflect' mirrors the image at its border; copying the opposite side "
                "([c d | a b c d | a b]) is numpy's 'wrap' mode",
                _np_pad_variant("wrap", "reflect")),
        Mistake("edge done as reflect",
                "mode 'edge' repeats the border pixel itself ([a a | a b c d | d d]); mirroring "
                "is mode 'reflect'",
                _np_pad_variant("reflect", "edge")),
        Mistake("padding on one side only",
                "the image must sit in the middle of the padded array, at rows top .. top + H - 1 "
                "and columns left .. left + W - 1 (padded[top:top + H, left:left + W] = im), with "
                "`top` rows above it and `bottom` below, not all the padding on one side",
                _pad_one_side),
        Mistake("pad pairs swapped",
                "pad is ((top, bottom), (left, right)): the first pair is for the rows (axis 0), "
                "the second for the columns (axis 1)",
                _pad_pairs_swapped),
    ),
)


# --------------------------------------------------------------------- conv_output_size

def _size_case(n: int, f: int, label: str = "", **kwargs) -> Case:
    tags = set()
    if kwargs.get("stride", 1) > 1:
        tags.add("stride")
    if kwargs.get("padding", 0) > 0:
        tags.add("padding")
    if kwargs.get("dilation", 1) > 1:
        tags.add("dilation")
    if f % 2 == 0:
        tags.add("even_kernel")
    label = label or f"n={n}, f={f}" + "".join(f", {k}={v}" for k, v in kwargs.items())
    return Case((n, f), dict(kwargs), label, frozenset(tags))


def _size_cases(rng: np.random.Generator) -> list:
    cases = [
        _size_case(6, 3, "n=6, f=3: the lesson's 6x6 image and 3x3 filter (n - f + 1 = 4)"),
        _size_case(4, 3, "n=4, f=3: the worked 4x4 example"),
        _size_case(6, 3, "n=6, f=3, padding=1: same padding keeps 6", padding=1),
        _size_case(32, 5, "n=32, f=5: LeNet's first layer (28)"),
        _size_case(45, 3, "n=45, f=3, stride=2: the lesson's 45x25 pooling example (22)", stride=2),
        _size_case(25, 3, "n=25, f=3, stride=2: the lesson's 45x25 pooling example (12)", stride=2),
        _size_case(7, 3, "n=7, f=3, dilation=2: a 3x3 kernel with dilation 2 sees 5x5 (3)", dilation=2),
        _size_case(7, 3, "n=7, f=3, stride=3: the last window does not fit (floor gives 2)", stride=3),
        _size_case(5, 3, "n=5, f=3, padding=1, stride=2", padding=1, stride=2),
        _size_case(8, 2, "n=8, f=2, stride=3", stride=3),
        _size_case(9, 1, "n=9, f=1: a 1x1 kernel keeps the size"),
        _size_case(5, 5, "n=5, f=5: the kernel as large as the input (1)"),
        _size_case(3, 5, "n=3, f=5, padding=1: the kernel as large as the padded input (1)", padding=1),
        _size_case(10, 3, "n=10, f=3, padding=2, stride=2, dilation=3", padding=2, stride=2, dilation=3),
        _size_case(12, 4, "n=12, f=4, padding=1, dilation=2", padding=1, dilation=2),
    ]
    while len(cases) < 45:
        n, f = int(rng.integers(1, 41)), int(rng.integers(1, 8))
        padding, stride, dilation = int(rng.integers(0, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
        if dilation * (f - 1) + 1 > n + 2 * padding:
            continue
        cases.append(_size_case(n, f, padding=padding, stride=stride, dilation=dilation))
    cases += [
        Case((4, 5), {}, "n=4, f=5: the kernel is larger than the input", BAD),
        Case((5, 3), {"dilation": 3}, "n=5, f=3, dilation=3: the dilated kernel spans 7 > 5", BAD),
        Case((5, 3), {"stride": 0}, "stride 0", BAD),
        Case((5, 3), {"padding": -1}, "a negative padding, -1", BAD),
        Case((5, 3), {"dilation": 0}, "dilation 0", BAD),
        Case((0, 1), {}, "n=0: an empty input", BAD),
    ]
    return cases


def _size_formula(span_of=lambda f, d: d * (f - 1) + 1, sides: int = 2, rounding=math.floor,
                  use_stride: bool = True, plus_one: int = 1):
    def produce(case: Case):
        n, f = case.args
        p, s, d = (case.kwargs.get("padding", 0), case.kwargs.get("stride", 1),
                   case.kwargs.get("dilation", 1))
        s = s if use_stride else 1
        return int(rounding((n + sides * p - span_of(f, d)) / s)) + plus_one
    return produce


CONV_OUTPUT_SIZE = Exercise(
    name="conv_output_size",
    make_cases=_size_cases,
    float_result=False,
    arg_names=("n", "f"),
    mistakes=(
        Mistake("ceil instead of floor",
                "a window that would run past the (padded) input is dropped, so the division by "
                "the stride rounds down: floor((n + 2p - d(f - 1) - 1) / s) + 1 (use //)",
                _size_formula(rounding=math.ceil)),
        Mistake("true division instead of floor",
                "(n + 2p - d(f - 1) - 1) / s is not a whole number when the stride does not divide "
                "it: round down with // and return an int",
                lambda case: _true_division(case)),
        Mistake("dilation forgotten",
                "a kernel of size f with dilation d spans d(f - 1) + 1 input pixels, not f: the "
                "formula has d(f - 1) where the undilated one has f - 1",
                _size_formula(span_of=lambda f, d: f)),
        Mistake("dilated span d*f",
                "the dilated kernel spans d(f - 1) + 1 pixels (f taps with d - 1 gaps between "
                "neighbours), not d * f",
                _size_formula(span_of=lambda f, d: d * f)),
        Mistake("stride ignored",
                "with stride s only one window in s is kept: divide by s (rounding down), then add 1",
                _size_formula(use_stride=False)),
        Mistake("padding on one side only",
                "padding p adds p pixels on EACH side of the axis: the padded length is n + 2p",
                _size_formula(sides=1)),
        Mistake("missing + 1",
                "count the first window too: there are floor(... / s) steps after it, so the "
                "size is that plus 1",
                _size_formula(plus_one=0)),
    ),
)


def _true_division(case: Case):
    n, f = case.args
    p, s, d = (case.kwargs.get("padding", 0), case.kwargs.get("stride", 1), case.kwargs.get("dilation", 1))
    value = (n + 2 * p - d * (f - 1) - 1) / s + 1
    if value == int(value):
        raise ValueError("indistinguishable from the right answer")
    return value


# -------------------------------------------------------------------------------- conv2d

def _conv_case(im: np.ndarray, kernel: np.ndarray, label: str = "", **kwargs) -> Case:
    tags = set(tags_for(im, kernel.shape))
    stride, padding, dilation = (kwargs.get("stride", 1), kwargs.get("padding", 0),
                                 kwargs.get("dilation", 1))
    if stride > 1:
        tags.add("stride")
    if padding not in (0, "valid"):
        tags.add("padding")
    if padding == "same":
        tags.add("same")
    if dilation > 1:
        tags.add("dilation")
    label = label or (f"{_shape_text(im.shape)} {im.dtype} image, {_shape_text(kernel.shape)} kernel"
                      + "".join(f", {k}={v!r}" for k, v in kwargs.items()))
    return Case((im, kernel), dict(kwargs), label, frozenset(tags))


def _fits(h: int, w: int, kh: int, kw: int, padding, dilation: int) -> bool:
    if padding == "same":
        return True
    p = 0 if padding == "valid" else padding
    return dilation * (kh - 1) + 1 <= h + 2 * p and dilation * (kw - 1) + 1 <= w + 2 * p


def _conv2d_cases(rng: np.random.Generator) -> list:
    cases = [
        _conv_case(WORKED_IMAGE, WORKED_KERNEL, "the worked 4x4 example with the sharpen kernel "
                   "(defaults: stride 1, no padding, no dilation)"),
        _conv_case(WORKED_IMAGE, WORKED_KERNEL, "the worked 4x4 example, padding='same'", padding="same"),
        _conv_case(random_image(rng, (6, 7)), random_image(rng, (3, 3)), stride=2),
        _conv_case(random_image(rng, (7, 7)), random_image(rng, (3, 3), "int"), stride=3),
        _conv_case(random_image(rng, (5, 6)), random_image(rng, (3, 3)), padding=1),
        _conv_case(random_image(rng, (4, 5)), random_image(rng, (2, 3)), padding=2),
        _conv_case(random_image(rng, (5, 5)), random_image(rng, (3, 3)), padding="valid"),
        _conv_case(random_image(rng, (5, 7)), random_image(rng, (3, 3)), padding="same"),
        _conv_case(random_image(rng, (6, 5)), random_image(rng, (2, 2)),
                   "6x5 image, even 2x2 kernel, padding='same' (the extra row and column go at "
                   "the bottom and right)", padding="same"),
        _conv_case(random_image(rng, (5, 6)), random_image(rng, (4, 3)), padding="same"),
        _conv_case(random_image(rng, (7, 8)), random_image(rng, (3, 3)), padding="same", stride=2),
        _conv_case(random_image(rng, (7, 7)), random_image(rng, (3, 3)),
                   "7x7 image, 3x3 kernel, dilation=2 (it spans 5x5)", dilation=2),
        _conv_case(random_image(rng, (8, 9)), random_image(rng, (2, 3)), dilation=3),
        _conv_case(random_image(rng, (6, 7)), random_image(rng, (3, 2)), padding="same", dilation=2),
        _conv_case(random_image(rng, (9, 8)), random_image(rng, (3, 3)), stride=2, padding=1, dilation=2),
        _conv_case(random_image(rng, (5, 7)), random_image(rng, (1, 1)), "5x7 image, 1x1 kernel, stride=2",
                   stride=2),
        _conv_case(random_image(rng, (4, 6)), random_image(rng, (4, 6)), "kernel as large as the 4x6 image"),
        _conv_case(random_image(rng, (3, 4)), random_image(rng, (5, 6)),
                   "3x4 image, 5x6 kernel, padding=1: the kernel as large as the padded image", padding=1),
        _conv_case(np.full((5, 6), 200, dtype=np.uint8), np.ones((3, 3), dtype=np.int64),
                   "5x6 uint8 image of 200s, 3x3 kernel of ones, padding=1 (sums reach 1800)", padding=1),
        _conv_case(random_image(rng, (7, 6), "uint8"), random_image(rng, (3, 2), "int"), stride=2),
        _conv_case(random_image(rng, (6, 6), "int"), random_image(rng, (3, 3), "int"), padding=2, stride=3),
    ]
    kinds = ("float", "uint8", "int")
    paddings = (0, 1, 2, "valid", "same")
    while len(cases) < 45:
        h, w = (int(n) for n in rng.integers(1, 10, size=2))
        kh, kw = (int(n) for n in rng.integers(1, 5, size=2))
        stride, dilation = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        padding = paddings[int(rng.integers(len(paddings)))]
        if not _fits(h, w, kh, kw, padding, dilation):
            continue
        cases.append(_conv_case(random_image(rng, (h, w), kinds[int(rng.integers(3))]),
                                random_image(rng, (kh, kw), ("float", "int")[int(rng.integers(2))]),
                                stride=stride, padding=padding, dilation=dilation))
    cases += [
        Case((random_image(rng, (5, 5)), np.ones((3, 3))), {"stride": 0}, "stride 0", BAD),
        Case((random_image(rng, (5, 5)), np.ones((3, 3))), {"padding": -1}, "a negative padding, -1", BAD),
        Case((random_image(rng, (5, 5)), np.ones((3, 3))), {"padding": "full"},
             "an unknown padding 'full' (expected an int, 'valid' or 'same')", BAD),
        Case((random_image(rng, (5, 5)), np.ones((3, 3))), {"dilation": 0}, "dilation 0", BAD),
        Case((random_image(rng, (5, 5)), np.ones((3, 3))), {"dilation": 3},
             "a 3x3 kernel with dilation 3 (it spans 7x7) on a 5x5 image", BAD),
        Case((random_image(rng, (4, 4)), np.ones((6, 6))), {"padding": 0}, "a 6x6 kernel on a 4x4 image", BAD),
        Case((random_image(rng, (4, 4, 3)), np.ones((3, 3))), {}, "a 3-D image (4x4x3)", BAD),
        Case((random_image(rng, (4, 4)), np.ones(3)), {}, "a 1-D kernel", BAD),
    ]
    return cases


def _conv2d_args(case: Case) -> tuple:
    im, kernel = case.args
    return (np.asarray(im, dtype=np.float64), np.asarray(kernel, dtype=np.float64),
            case.kwargs.get("stride", 1), case.kwargs.get("padding", 0), case.kwargs.get("dilation", 1))


def _reference_conv2d(case: Case, **changes):
    """The reference conv2d on the case, with some arguments changed (kernel, stride, ...)."""
    from solutions import conv2d
    im, kernel, stride, padding, dilation = _conv2d_args(case)
    kernel = changes.pop("kernel", kernel)
    kwargs = dict(dict(stride=stride, padding=padding, dilation=dilation), **changes)
    return conv2d(im, kernel, **kwargs)


def _valid_conv(padded: np.ndarray, kernel: np.ndarray, stride: int, dilation: int = 1) -> np.ndarray:
    """conv2d of an already padded image (the reference with padding 0)."""
    from solutions import conv2d
    return conv2d(padded, kernel, stride=stride, padding=0, dilation=dilation)


def _conv2d_one_side(case: Case):
    from solutions import pad_image
    im, kernel, stride, padding, dilation = _conv2d_args(case)
    if isinstance(padding, str) or padding == 0:
        _no_variant()
    return _valid_conv(pad_image(im, ((padding, 0), (padding, 0))), kernel, stride, dilation)


def _same_widths(kernel_shape: tuple, dilation: int, extra_first: bool = False, use_dilation: bool = True):
    widths = []
    for k in kernel_shape:
        total = (dilation * (k - 1) + 1 if use_dilation else k) - 1
        small = total // 2
        widths.append((total - small, small) if extra_first else (small, total - small))
    return tuple(widths)


def _conv2d_same_variant(extra_first: bool = False, use_dilation: bool = True):
    def produce(case: Case):
        from solutions import pad_image
        im, kernel, stride, padding, dilation = _conv2d_args(case)
        if padding != "same":
            _no_variant()
        widths = _same_widths(kernel.shape, dilation, extra_first, use_dilation)
        return _valid_conv(pad_image(im, widths), kernel, stride, dilation)
    return produce


def _conv2d_image_subsampled(case: Case):
    """Dilation applied to the image: every d-th pixel of the padded image, then an ordinary kernel."""
    from solutions import pad_image
    im, kernel, stride, padding, dilation = _conv2d_args(case)
    if dilation == 1:
        _no_variant()
    if padding == "same":
        widths = _same_widths(kernel.shape, dilation)
    else:
        p = 0 if padding == "valid" else padding
        widths = ((p, p), (p, p))
    return _valid_conv(pad_image(im, widths)[::dilation, ::dilation], kernel, stride)


CONV2D = Exercise(
    name="conv2d",
    make_cases=_conv2d_cases,
    arg_names=("im", "kernel"),
    mistakes=(
        Mistake("stride ignored",
                "with stride s the window jumps s pixels at a time: output (x, y) starts at "
                "row x * s and column y * s of the padded image, and the output is smaller",
                lambda case: _reference_conv2d(case, stride=1)
                if case.kwargs.get("stride", 1) > 1 else _no_variant()),
        Mistake("dilation ignored",
                "with dilation d the kernel's taps are d pixels apart: the window is "
                "padded[top:top + span:d, left:left + span:d] with span = d(k - 1) + 1",
                lambda case: _reference_conv2d(case, dilation=1)
                if case.kwargs.get("dilation", 1) > 1 else _no_variant()),
        Mistake("dilation applied to the image",
                "dilation spreads the kernel's taps, it does not subsample the image: do not take "
                "every d-th pixel of the image and slide an ordinary kernel over it; keep the image "
                "whole and read the window padded[top:top + span:d, left:left + span:d]",
                _conv2d_image_subsampled),
        Mistake("padding on one side only",
                "padding p adds p rows of zeros above AND below the image and p columns on the "
                "left AND the right (pad_image(im, p)), not only at the top and left",
                _conv2d_one_side),
        Mistake("same padding's extra row at the top",
                "for 'same' with an even kernel the total padding span - 1 is odd: the extra "
                "row / column goes at the bottom / right (top = (span - 1) // 2), as TensorFlow "
                "and PyTorch do with stride 1",
                _conv2d_same_variant(extra_first=True)),
        Mistake("same padding ignores dilation",
                "'same' pads span - 1 in total per axis, where span = d(k - 1) + 1 is the width "
                "the dilated kernel covers, not k - 1",
                _conv2d_same_variant(use_dilation=False)),
        Mistake("flipped kernel",
                "conv2d is cross-correlation, like im_conv: multiply the window by the kernel as it "
                "is, without flipping it",
                lambda case: _reference_conv2d(case, kernel=np.asarray(case.args[1], dtype=np.float64)[::-1, ::-1])),
    ),
)



# ---------------------------------------------------------------------- receptive_field

def _field(kernel_sizes, strides=None, dilations=None, *, own_stride=False, use_dilation=True,
           use_stride=True, span_of=lambda k, d: d * (k - 1) + 1, start=1) -> int:
    """The receptive field by the course's formula, with switches for the known mistakes."""
    strides = [1] * len(kernel_sizes) if strides is None else list(strides)
    dilations = [1] * len(kernel_sizes) if dilations is None else list(dilations)
    field, step = start, 1
    for k, s, d in zip(kernel_sizes, strides, dilations):
        s, d = (int(s) if use_stride else 1), (int(d) if use_dilation else 1)
        if own_stride:
            step *= s
        field += (span_of(int(k), d) - 1) * step
        if not own_stride:
            step *= s
    return field


def _field_case(kernel_sizes, label: str = "", *, positional: bool = False, **kwargs) -> Case:
    """receptive_field(kernel_sizes, strides=..., dilations=...); `positional`: strides and
    dilations passed by position."""
    tags = set()
    strides, dilations = kwargs.get("strides"), kwargs.get("dilations")
    if strides is not None and any(int(s) > 1 for s in strides):
        tags.add("stride")
    if dilations is not None and any(int(d) > 1 for d in dilations):
        tags.add("dilation")
    if any(isinstance(v, np.integer) for values in (kernel_sizes, strides, dilations)
           if values is not None for v in values):
        tags.add("numpy_integers")
    label = label or (f"kernel_sizes={kernel_sizes!r}"
                      + "".join(f", {k}={v!r}" for k, v in kwargs.items()))
    if positional:
        args = (kernel_sizes, kwargs.get("strides"), kwargs.get("dilations"))
        return Case(args, {}, label, frozenset(tags))
    return Case((kernel_sizes,), dict(kwargs), label, frozenset(tags))


def _field_cases(rng: np.random.Generator) -> list:
    cases = [
        _field_case([3, 3], "two 3x3 layers, kernel_sizes=[3, 3]: they see 5x5"),
        _field_case([3, 3, 3], "three 3x3 layers: 7"),
        _field_case([3], "one 3x3 layer: its own kernel, 3"),
        _field_case([1], "one 1x1 layer: 1"),
        _field_case((5, 5), "two 5x5 layers as a tuple: 9"),
        _field_case([3, 3], "two 3x3 layers, the first with stride 2: 7", strides=[2, 1]),
        _field_case([3, 3], "two 3x3 layers, the second with stride 2 (a layer's own stride does "
                    "not widen its window): 5", strides=[1, 2]),
        _field_case([3, 3, 3], "three 3x3 layers with dilations 1, 2, 4: 15",
                    dilations=[1, 2, 4]),
        _field_case([3], "one 3x3 layer with dilation 2: it spans 5", dilations=[2]),
        _field_case([5, 2, 5, 2], "LeNet: 5x5 conv, 2x2 pool with stride 2, 5x5 conv, 2x2 pool "
                    "with stride 2: 16", strides=[1, 2, 1, 2]),
        _field_case([11, 3, 5], "AlexNet's start: 11x11 stride 4, 3x3 pool stride 2, 5x5: 51",
                    strides=[4, 2, 1]),
        _field_case([3, 3, 2, 3, 3, 2], "VGG's start: two 3x3, a 2x2 pool with stride 2, two 3x3, "
                    "a 2x2 pool with stride 2: 16", strides=[1, 1, 2, 1, 1, 2]),
        _field_case([3, 3], "strides and dilations both: kernel_sizes=[3, 3], strides=[2, 1], "
                    "dilations=[1, 2]", strides=[2, 1], dilations=[1, 2]),
        _field_case([3, 3], "strides=None and dilations=None given explicitly",
                    strides=None, dilations=None),
        _field_case([3, 3, 3], "strides (2, 2, 1) and dilations (1, 1, 2) passed by position",
                    positional=True, strides=(2, 2, 1), dilations=(1, 1, 2)),
        _field_case(np.array([3, 3, 3]), "kernel_sizes=np.array([3, 3, 3]) (numpy integers)"),
        _field_case([np.int64(3), np.int64(5)], "kernel_sizes=[np.int64(3), np.int64(5)], "
                    "strides=np.array([2, 1]) (numpy integers)", strides=np.array([2, 1])),
        _field_case([3, 3], "dilations=[np.int64(2), np.int64(1)] (numpy integers)",
                    dilations=[np.int64(2), np.int64(1)]),
    ]
    for _ in range(24):
        layers = int(rng.integers(1, 7))
        kernel_sizes = [int(k) for k in rng.integers(1, 8, size=layers)]
        kwargs = {}
        if rng.random() < 0.7:
            kwargs["strides"] = [int(s) for s in rng.integers(1, 4, size=layers)]
        if rng.random() < 0.5:
            kwargs["dilations"] = [int(d) for d in rng.integers(1, 4, size=layers)]
        cases.append(_field_case(kernel_sizes, **kwargs))
    cases += [
        Case(([],), {}, "kernel_sizes=[]: no layers", BAD),
        Case((3,), {}, "kernel_sizes=3: an int, not a list of kernel sizes", BAD),
        Case(([3, 0],), {}, "kernel_sizes=[3, 0]: a kernel of size 0", BAD),
        Case(([3, -1],), {}, "kernel_sizes=[3, -1]: a negative kernel size", BAD),
        Case(([3, 2.5],), {}, "kernel_sizes=[3, 2.5]: not an int", BAD),
        Case(([3, 3],), {"strides": [2]}, "strides=[2] for two layers (one stride per layer)", BAD),
        Case(([3, 3],), {"dilations": [1, 2, 4]}, "dilations=[1, 2, 4] for two layers", BAD),
        Case(([3, 3],), {"strides": [1, 0]}, "strides=[1, 0]: a stride of 0", BAD),
        Case(([3, 3],), {"dilations": [-1, 1]}, "dilations=[-1, 1]: a negative dilation", BAD),
        Case((np.array([[3, 3]]),), {}, "kernel_sizes=np.array([[3, 3]]): a 2-D array", BAD),
    ]
    return cases


def _field_variant(**switches):
    def produce(case: Case):
        if "bad_arguments" in case.tags:
            _no_variant()
        kernel_sizes, *rest = case.args
        strides = rest[0] if rest else case.kwargs.get("strides")
        dilations = rest[1] if len(rest) > 1 else case.kwargs.get("dilations")
        return _field(kernel_sizes, strides, dilations, **switches)
    return produce


def _sum_of_kernel_sizes(case: Case):
    if "bad_arguments" in case.tags:
        _no_variant()
    return int(sum(int(k) for k in case.args[0]))


RECEPTIVE_FIELD = Exercise(
    name="receptive_field",
    make_cases=_field_cases,
    float_result=False,
    arg_names=("kernel_sizes", "strides", "dilations"),
    mistakes=(
        Mistake("a layer's own stride counted",
                "a layer's stride moves its NEXT output, it does not widen the window one output "
                "sees: layer l adds d_l(k_l - 1) times the strides of the layers BEFORE it, "
                "s_1 * ... * s_(l-1) (1 for the first layer); two 3x3 layers with strides [1, 2] "
                "see 5, not 7",
                _field_variant(own_stride=True)),
        Mistake("dilation ignored",
                "a kernel of size k with dilation d spans d(k - 1) + 1 positions: layer l adds "
                "d_l(k_l - 1) steps, not k_l - 1 (three 3x3 layers with dilations 1, 2, 4 see 15)",
                _field_variant(use_dilation=False)),
        Mistake("stride ignored",
                "after a layer with stride s, neighbouring positions of the next layer's input are "
                "s input pixels apart, so the next layer's kernel reaches s times further: multiply "
                "by the product of the strides before the layer (two 3x3 layers with strides "
                "[2, 1] see 7)",
                _field_variant(use_stride=False)),
        Mistake("sum of the kernel sizes",
                "neighbouring windows overlap: a second 3x3 layer adds 2 pixels to the window, not "
                "3 (two 3x3 layers see 5, not 6). Start from 1 and add d(k - 1) per layer",
                _sum_of_kernel_sizes),
        Mistake("off by one (missing the 1)",
                "start from 1, the one pixel a 1x1 kernel sees, then add d(k - 1) times the step "
                "per layer: two 3x3 layers see 1 + 2 + 2 = 5",
                _field_variant(start=0)),
        Mistake("dilated span d*k",
                "a kernel of size k with dilation d spans d(k - 1) + 1 pixels (k taps with d - 1 "
                "gaps between neighbours), not d * k",
                _field_variant(span_of=lambda k, d: d * k)),
    ),
)

EXERCISES = [PAD_IMAGE, CONV_OUTPUT_SIZE, CONV2D, RECEPTIVE_FIELD]
