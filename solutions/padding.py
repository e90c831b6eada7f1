"""Part 4, padding, stride and dilation.

Every public name here is shown to students on its own (its source is copied
into a notebook), so each function checks its own arguments and uses only
numpy and the other public names of the course.
"""
import numpy as np


def pad_image(im, pad, mode="constant", value=0.0):
    """The image with extra rows and columns around it.

    Modes, shown on one row [a b c d] padded by 2 on each side:
    - "constant": a fixed value, `value`        -> v v | a b c d | v v
    - "edge": the nearest border pixel, again  -> a a | a b c d | d d
    - "reflect": mirrored at the border pixel, which is not repeated
                                                -> c b | a b c d | c b
      (as np.pad's "reflect": a pad wider than the image keeps bouncing).

    Inputs:
    - im: H x W array of any real dtype.
    - pad: an int >= 0 (the same on all four sides) or
      ((top, bottom), (left, right)), four ints >= 0.
    - mode: "constant", "edge" or "reflect".
    - value: the number used by "constant" (ignored by the other modes).

    Returns:
    - (top + H + bottom) x (left + W + right) float64 array, with im in
      rows top .. top + H - 1 and columns left .. left + W - 1.

    Raises ValueError if im is not a non-empty 2-D array, if pad is not an int
    >= 0 or ((top, bottom), (left, right)) of ints >= 0, if the mode is unknown,
    or if value is not a number.
    """
    im = np.asarray(im, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    widths = ((pad, pad), (pad, pad)) if isinstance(pad, (int, np.integer)) else pad
    is_pair_of_pairs = (isinstance(widths, (tuple, list)) and len(widths) == 2
                        and all(isinstance(pair, (tuple, list)) and len(pair) == 2
                                for pair in widths))
    if not is_pair_of_pairs or not all(isinstance(n, (int, np.integer)) and n >= 0
                                       for pair in widths for n in pair):
        raise ValueError(f"pad must be an int >= 0 or ((top, bottom), (left, right)) "
                         f"with ints >= 0, got {pad!r}")
    if mode not in ("constant", "edge", "reflect"):
        raise ValueError(f"unknown mode {mode!r}: expected 'constant', 'edge' or 'reflect'")
    if not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"value must be a real number, got {value!r}")

    (top, bottom), (left, right) = widths
    image_h, image_w = im.shape
    if mode == "constant":
        padded = np.full((top + image_h + bottom, left + image_w + right), float(value))
        padded[top:top + image_h, left:left + image_w] = im
        return padded

    # "edge" and "reflect" copy pixels of im: work out, for every row and column
    # of the padded image, which row and column of im it copies (indices below 0
    # or above the last one are outside im), then gather them all at once.
    rows = np.arange(-top, image_h + bottom)
    cols = np.arange(-left, image_w + right)
    if mode == "edge":
        rows = np.clip(rows, 0, image_h - 1)
        cols = np.clip(cols, 0, image_w - 1)
    else:
        # Mirroring at both ends repeats every 2 * (n - 1) pixels (0 1 2 3 2 1 | 0 1 2 ...):
        # fold each index into one period, then mirror the second half back.
        # A 1-pixel side has period 1: everything copies its only pixel.
        row_period, col_period = max(2 * (image_h - 1), 1), max(2 * (image_w - 1), 1)
        rows, cols = rows % row_period, cols % col_period
        rows = np.where(rows < image_h, rows, row_period - rows)
        cols = np.where(cols < image_w, cols, col_period - cols)
    return im[np.ix_(rows, cols)]


def conv_output_size(n, f, padding=0, stride=1, dilation=1):
    """The output length along one axis: how many windows of a (dilated) kernel fit.

    The input of length n gets `padding` pixels on each side; the kernel, with
    `dilation` - 1 gaps between its f taps, starts at the first pixel and moves
    `stride` pixels at a time while it still fits (a last window that would
    stick out is dropped). For example 45 pixels, f = 3, stride 2: 22 windows.

    Inputs:
    - n: int >= 1, the input length (rows or columns).
    - f: int >= 1, the kernel length.
    - padding: int >= 0, pixels added on EACH side.
    - stride: int >= 1, the step between windows.
    - dilation: int >= 1, the step between kernel taps (1 = an ordinary kernel).

    Returns:
    - the output length, an int >= 1.

    Raises ValueError if an argument is not an int in its range, or if the
    dilated kernel is larger than the padded input (no window fits).
    """
    for name, number, smallest in (("n", n, 1), ("f", f, 1), ("padding", padding, 0),
                                   ("stride", stride, 1), ("dilation", dilation, 1)):
        if not isinstance(number, (int, np.integer)) or number < smallest:
            raise ValueError(f"{name} must be an int >= {smallest}, got {number!r}")
    span = dilation * (f - 1) + 1  # input pixels covered by the dilated kernel
    if span > n + 2 * padding:
        raise ValueError(f"kernel of size {f} (spanning {span} with dilation {dilation}) is "
                         f"larger than the padded input {n} + 2 * {padding} = {n + 2 * padding}")

    # Window starts 0, s, 2s, ... up to the last one that fits, n + 2p - span: the floor.
    return int((n + 2 * padding - dilation * (f - 1) - 1) // stride + 1)


def conv2d(im, kernel, stride=1, padding=0, dilation=1):
    """Cross-correlation with zero padding, stride and dilation (what a CNN's conv layer computes).

    The image is padded with zeros, then the kernel's taps, `dilation` pixels
    apart, slide over it `stride` pixels at a time; each output is the sum of
    the products of the taps and the pixels under them:
    result[x, y] = sum over i, j of kernel[i, j] * padded[x * stride + dilation * i,
                                                          y * stride + dilation * j].
    A kernel of size k spans dilation * (k - 1) + 1 pixels.

    Inputs:
    - im: H x W array of any real dtype.
    - kernel: kh x kw array of any real dtype.
    - stride: int >= 1.
    - padding: an int >= 0 (zeros on every side), "valid" (no padding, as 0) or
      "same": span - 1 zeros in total per axis, (span - 1) // 2 above and the
      rest below (likewise left and right), so that with stride 1 the output is
      H x W; an odd total (even kernel, odd dilation) puts the extra row / column
      at the bottom / right. With stride 1 this is what TensorFlow and PyTorch do
      for padding "same" (cv2.filter2D, anchored at kh // 2, puts the extra row
      at the top instead). With stride s the course pads the same way and keeps
      every s-th output: ceil(H / s) x ceil(W / s). There the frameworks differ:
      PyTorch refuses "same" with a stride, and TensorFlow pads only
      max((ceil(H / s) - 1) * s + span - H, 0) in total (the extra one at the
      bottom), which can start its windows one row lower than the course's.
    - dilation: int >= 1.

    Returns:
    - H' x W' float64 array, H' = conv_output_size(H, kh, padding, stride,
      dilation) for an int padding (and likewise W').

    Raises ValueError if im or kernel is not a non-empty 2-D array, if stride or
    dilation is not an int >= 1, if padding is not an int >= 0, "valid" or
    "same", or if the dilated kernel is larger than the padded image.
    """
    im = np.asarray(im, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if im.ndim != 2 or im.size == 0:
        raise ValueError(f"im must be a non-empty 2-D array, got shape {im.shape}")
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")
    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be an int >= 1, got {stride!r}")
    if not isinstance(dilation, (int, np.integer)) or dilation < 1:
        raise ValueError(f"dilation must be an int >= 1, got {dilation!r}")
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"unknown padding {padding!r}: expected an int >= 0, "
                             f"'valid' or 'same'")
    elif not isinstance(padding, (int, np.integer)) or padding < 0:
        raise ValueError(f"padding must be an int >= 0, 'valid' or 'same', got {padding!r}")

    kernel_h, kernel_w = kernel.shape
    span_h, span_w = dilation * (kernel_h - 1) + 1, dilation * (kernel_w - 1) + 1
    if padding == "valid":
        widths = ((0, 0), (0, 0))
    elif padding == "same":
        widths = (((span_h - 1) // 2, span_h - 1 - (span_h - 1) // 2),
                  ((span_w - 1) // 2, span_w - 1 - (span_w - 1) // 2))
    else:
        widths = ((int(padding), int(padding)), (int(padding), int(padding)))
    padded = pad_image(im, widths)
    padded_h, padded_w = padded.shape
    if span_h > padded_h or span_w > padded_w:
        raise ValueError(f"kernel {kernel_h}x{kernel_w} (spanning {span_h}x{span_w} with "
                         f"dilation {dilation}) is larger than the padded image "
                         f"{padded_h}x{padded_w}")

    out_h = conv_output_size(padded_h, kernel_h, 0, stride, dilation)
    out_w = conv_output_size(padded_w, kernel_w, 0, stride, dilation)
    result = np.zeros((out_h, out_w))
    for x in range(out_h):
        for y in range(out_w):
            top, left = x * stride, y * stride
            # Every dilation-th pixel of the span: the pixels under the kernel's taps.
            window = padded[top:top + span_h:dilation, left:left + span_w:dilation]
            result[x, y] = np.sum(window * kernel)
    return result


def receptive_field(kernel_sizes, strides=None, dilations=None):
    """The side of the input window that one output value of a stack of layers sees.

    Layer l (counted from the input) has kernel size k_l, stride s_l and dilation
    d_l. Its kernel spans d_l * (k_l - 1) + 1 positions of its own input, and
    neighbouring positions there are s_1 * ... * s_(l-1) input pixels apart (the
    strides of the layers before it; 1 for the first layer). So each layer widens
    the window by d_l * (k_l - 1) times that step:
        r = 1 + sum over l of d_l * (k_l - 1) * (s_1 * ... * s_(l-1)).
    Two 3x3 layers see 5x5, three see 7x7; a stride or a dilation makes the
    layers after it add more. Padding does not change the window's size.

    Inputs:
    - kernel_sizes: a non-empty list, tuple or 1-D array of ints >= 1 (numpy
      integers too), the kernel size of each layer, from the input to the output.
    - strides: None (every stride 1) or one int >= 1 per layer, likewise.
    - dilations: None (every dilation 1) or one int >= 1 per layer, likewise.

    Returns:
    - the side of the window, an int >= 1.

    Raises ValueError if kernel_sizes is not a non-empty sequence of ints >= 1, or
    if strides or dilations is not None and not a sequence of ints >= 1 with one
    entry per layer.
    """
    layers = {}
    for name, values in (("kernel_sizes", kernel_sizes), ("strides", strides),
                         ("dilations", dilations)):
        if values is None and name != "kernel_sizes":
            values = [1] * len(layers["kernel_sizes"])
        is_sequence = isinstance(values, (list, tuple)) or (isinstance(values, np.ndarray)
                                                           and values.ndim == 1)
        if not is_sequence or len(values) == 0 or not all(
                isinstance(value, (int, np.integer)) and value >= 1 for value in values):
            raise ValueError(f"{name} must be a non-empty list of ints >= 1, got {values!r}")
        if name != "kernel_sizes" and len(values) != len(layers["kernel_sizes"]):
            raise ValueError(f"{name} has {len(values)} entries, expected one per layer "
                             f"({len(layers['kernel_sizes'])})")
        layers[name] = [int(value) for value in values]

    field, step = 1, 1  # the window's side; input pixels between neighbours of the layer's input
    for size, stride, dilation in zip(layers["kernel_sizes"], layers["strides"],
                                      layers["dilations"]):
        field += dilation * (size - 1) * step
        step *= stride
    return field
