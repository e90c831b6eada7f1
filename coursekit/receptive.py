"""The receptive field, drawn: which pixels of each layer one output value depends on.

A stack of layers along one axis (kernel sizes, strides, dilations; padding does
not matter), from the input at the bottom to one output value at the top. The
positions are found by following the kernel's taps down from the output, one
layer at a time, never from the formula, so the figure checks the formula.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

from .drawing import figure_or_widget


def _per_layer(values, count: int, name: str) -> list:
    values = [1] * count if values is None else [int(v) for v in values]
    if len(values) != count:
        raise ValueError(f"{name} needs one entry per layer ({count}), got {len(values)}")
    return values


def field_positions(kernel_sizes, strides=None, dilations=None) -> list:
    """The positions output 0 of the stack depends on, per level, from the input up.

    Level 0 is the input, level L the last layer's output (just [0]). Output
    position p of a layer with kernel size k, stride s and dilation d reads the
    positions p * s + d * t, t = 0 .. k - 1, of the level below.
    """
    count = len(kernel_sizes)
    layers = list(zip([int(k) for k in kernel_sizes], _per_layer(strides, count, "strides"),
                      _per_layer(dilations, count, "dilations")))
    levels = [[0]]
    for size, stride, dilation in reversed(layers):
        levels.append(sorted({p * stride + dilation * t for p in levels[-1] for t in range(size)}))
    return levels[::-1]


def measured_field(kernel_sizes, strides=None, dilations=None) -> tuple:
    """(side of the input window, input pixels actually read) for output 0 of the stack."""
    inputs = field_positions(kernel_sizes, strides, dilations)[0]
    return inputs[-1] - inputs[0] + 1, len(inputs)


def _draw(ax, title: str, kernel_sizes, strides=None, dilations=None) -> None:
    count = len(kernel_sizes)
    strides = _per_layer(strides, count, "strides")
    dilations = _per_layer(dilations, count, "dilations")
    levels = field_positions(kernel_sizes, strides, dilations)
    side = levels[0][-1] + 1
    width = side + 3
    # Where a position of each level sits, in input pixels: the centre of the window it sees.
    step, field, placed = 1, 1, []
    for level in range(count + 1):
        placed.append((step, (field - 1) / 2))
        if level < count:
            field += dilations[level] * (kernel_sizes[level] - 1) * step
            step *= strides[level]

    def x_of(level: int, position: int) -> float:
        level_step, centre = placed[level]
        return position * level_step + centre

    for level in range(1, count + 1):          # the taps: each used position to what it reads
        for p in levels[level]:
            for t in range(kernel_sizes[level - 1]):
                q = p * strides[level - 1] + dilations[level - 1] * t
                ax.plot([x_of(level, p), x_of(level - 1, q)], [level, level - 1],
                        color="tab:orange", lw=0.8, alpha=0.6, zorder=1)
    for level in range(count + 1):
        level_step, centre = placed[level]
        all_positions = [p for p in range(width) if p * level_step + centre <= width - 1]
        used = set(levels[level])
        ax.scatter([x_of(level, p) for p in all_positions], [level] * len(all_positions), s=60,
                   marker="s", color=["tab:orange" if p in used else "0.85" for p in all_positions],
                   edgecolor="0.4", zorder=2)
    ax.annotate("", xy=(-0.4, -0.55), xytext=(side - 0.6, -0.55),
                arrowprops=dict(arrowstyle="<->", color="tab:blue"))
    ax.text((side - 1) / 2, -0.95, f"{side} input pixels", ha="center", va="top", color="tab:blue")
    labels = ["input"] + [f"layer {n}: k={k}, s={s}, d={d}"
                          for n, (k, s, d) in enumerate(zip(kernel_sizes, strides, dilations), 1)]
    ax.set_yticks(range(count + 1), labels)
    ax.set_ylim(-1.6, count + 0.5)
    ax.set_xlim(-1, width)
    ax.set_xticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title)


@figure_or_widget
def receptive_field_figure(stacks: dict, width: float = 5.0):
    """One panel per stack: {title: dict(kernel_sizes=..., strides=..., dilations=...)}.

    Orange squares are the positions one output value (top) depends on, grey the
    others; the arrow under the input is the receptive field.
    """
    fig, axes = plt.subplots(1, len(stacks), figsize=(width * len(stacks), 3.2), squeeze=False)
    for ax, (title, stack) in zip(axes[0], stacks.items()):
        _draw(ax, title, **stack)
    fig.tight_layout()
    return fig
