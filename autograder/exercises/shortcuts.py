"""Library calls that would skip what an exercise asks the student to write.

An answer that uses one is flagged with the call named; its score is left to the teacher (a
library call is not wrong, only not the exercise). Names are dotted as a student imports them;
"scipy" stands for everything in scipy.
"""
from __future__ import annotations

import ast

_WINDOW = ("cv2.filter2D", "cv2.matchTemplate", "cv2.sepFilter2D", "numpy.convolve", "numpy.correlate",
           "numpy.lib.stride_tricks.sliding_window_view", "scipy", "skimage", "torch")

SHORTCUTS = {
    "get_subimages": ("numpy.lib.stride_tricks.sliding_window_view", "numpy.lib.stride_tricks.as_strided"),
    "im_conv": _WINDOW,
    "im_convolve": _WINDOW + ("cv2.flip",),
    "gradient_magnitude": ("cv2.Sobel", "cv2.Scharr", "cv2.filter2D", "cv2.magnitude", "scipy", "skimage"),
    "gaussian_kernel": ("cv2.getGaussianKernel", "scipy"),
    "pad_image": ("numpy.pad", "cv2.copyMakeBorder"),
    "conv2d": _WINDOW,
    "conv_volume": _WINDOW,
    "conv_layer": _WINDOW,
    "pool2d": ("skimage", "scipy", "cv2.resize", "cv2.dilate", "cv2.erode", "torch"),
    "pool_volume": ("skimage", "scipy", "cv2.resize", "cv2.dilate", "cv2.erode", "torch"),
    "im_conv_fast": ("cv2.filter2D", "cv2.matchTemplate", "cv2.sepFilter2D", "scipy", "skimage", "torch"),
}

_ALIASES = {"np": "numpy"}


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id] + parts[::-1])
    return ""


def names_used(source: str) -> tuple:
    """(every dotted name `source` refers to, with import aliases resolved (`np.pad` ->
    numpy.pad); every string constant that could name an attribute, as in getattr(cv2, "filter2D"))."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(), set()
    aliases = dict(_ALIASES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    found, strings = set(aliases.values()), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name)):
            dotted = _dotted(node)
            if dotted:
                head, _, rest = dotted.partition(".")
                found.add(".".join(filter(None, [aliases.get(head, head), rest])))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            strings.add(node.value)
    return found, strings


def _defines(source: str) -> set:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def shortcuts_used(name: str, source: str, others: dict = None) -> list:
    """The listed shortcuts of exercise `name` that `source` uses, in the table's order.

    others: {exercise: source} of the notebook's other answer cells; a cell that defines a name
    `source` uses is read too (a shortcut kept in another answer's cell is still a shortcut).
    """
    used, strings = names_used(source)
    for other, text in (others or {}).items():
        if other != name and _defines(text) & {u.split(".")[0] for u in used}:
            more_used, more_strings = names_used(text)
            used, strings = used | more_used, strings | more_strings
    hits = []
    for call in SHORTCUTS.get(name, ()):
        last = call.rsplit(".", 1)[-1]
        if any(u == call or u.startswith(call + ".") for u in used) or ("." in call and last in strings):
            hits.append(call)
    return hits
