"""The reference package exposes exactly the names and signatures of COURSE.md.

Also checks the rule that lets a notebook show a reference function on its own:
each public function or constant, copied alone from its module (the top-level
`def NAME` / `NAME = ...` node), uses only numpy, cv2, math, builtins and the
other public names of the course.
"""
import ast
import builtins
import importlib
import inspect
import symtable
from pathlib import Path

import numpy as np
import pytest

import solutions

EMPTY = inspect.Parameter.empty

# Written out from COURSE.md: name -> (module, [(parameter, default), ...]).
DOCUMENTED_FUNCTIONS = {
    "conv_output_shape": ("subimages", [("image_shape", EMPTY), ("kernel_shape", EMPTY),
                                        ("mode", "valid")]),
    "get_subimages": ("subimages", [("im", EMPTY), ("kernel", EMPTY)]),
    "im_conv": ("convolution", [("im", EMPTY), ("kernel", EMPTY)]),
    "flip_kernel": ("convolution", [("kernel", EMPTY)]),
    "im_convolve": ("convolution", [("im", EMPTY), ("kernel", EMPTY)]),
    "crop_to_valid": ("convolution", [("same_size_result", EMPTY), ("kernel_shape", EMPTY)]),
    "box_blur_kernel": ("kernels", [("n", EMPTY)]),
    "identity_kernel": ("kernels", [("n", 3)]),
    "sharpen_kernel": ("kernels", [("n", 3)]),
    "gaussian_kernel": ("kernels", [("n", EMPTY)]),
    "gradient_magnitude": ("kernels", [("im", EMPTY)]),
    "classify_kernel": ("kernels", [("kernel", EMPTY)]),
    "discover_kernel": ("kernels", [("im", EMPTY), ("filtered", EMPTY),
                                    ("kernel_shape", EMPTY)]),
    "gradient_step": ("kernels", [("kernel", EMPTY), ("im", EMPTY), ("filtered", EMPTY),
                                  ("lr", EMPTY)]),
    "pad_image": ("padding", [("im", EMPTY), ("pad", EMPTY), ("mode", "constant"),
                              ("value", 0.0)]),
    "conv_output_size": ("padding", [("n", EMPTY), ("f", EMPTY), ("padding", 0),
                                     ("stride", 1), ("dilation", 1)]),
    "conv2d": ("padding", [("im", EMPTY), ("kernel", EMPTY), ("stride", 1), ("padding", 0),
                           ("dilation", 1)]),
    "receptive_field": ("padding", [("kernel_sizes", EMPTY), ("strides", None),
                                    ("dilations", None)]),
    "conv_volume": ("volumes", [("volume", EMPTY), ("filters", EMPTY), ("bias", None),
                                ("stride", 1), ("padding", 0)]),
    "relu": ("volumes", [("x", EMPTY)]),
    "conv_layer": ("volumes", [("volume", EMPTY), ("filters", EMPTY), ("bias", EMPTY),
                               ("stride", 1), ("padding", 0)]),
    "count_conv_params": ("volumes", [("fh", EMPTY), ("fw", EMPTY), ("c_in", EMPTY),
                                      ("k", EMPTY)]),
    "count_dense_params": ("volumes", [("n_in", EMPTY), ("n_out", EMPTY)]),
    "pool2d": ("pooling", [("im", EMPTY), ("size", 2), ("stride", None), ("mode", "max")]),
    "pool_volume": ("pooling", [("volume", EMPTY), ("size", 2), ("stride", None),
                                ("mode", "max")]),
    "global_avg_pool": ("pooling", [("volume", EMPTY)]),
    "pooled_value_count": ("pooling", [("h", EMPTY), ("w", EMPTY), ("size", EMPTY),
                                       ("stride", EMPTY), ("channels", 1)]),
    "filter_bank": ("compare", [("im", EMPTY), ("kernels", EMPTY)]),
    "pooling_comparison": ("compare", [("im", EMPTY), ("sizes", EMPTY), ("modes", EMPTY)]),
    "im_conv_fast": ("compare", [("im", EMPTY), ("kernel", EMPTY)]),
}
DOCUMENTED_CONSTANTS = {"SUBIMAGE_OPTION": ("subimages", int),
                        "EDGE_KERNELS": ("kernels", dict)}
PUBLIC_NAMES = set(DOCUMENTED_FUNCTIONS) | set(DOCUMENTED_CONSTANTS)
# What a public name may use besides the other public names.
ALLOWED_OUTSIDE_NAMES = {"np", "cv2", "math"} | set(dir(builtins))
ALLOWED_IMPORTS = {"numpy": "np", "cv2": "cv2", "math": "math"}
PART_MODULES = ["subimages", "convolution", "kernels", "padding", "volumes", "pooling",
                "compare"]


def test_all_lists_exactly_the_documented_names():
    assert set(solutions.__all__) == PUBLIC_NAMES
    assert len(solutions.__all__) == len(PUBLIC_NAMES), "a name is listed twice in __all__"


@pytest.mark.parametrize("name", sorted(DOCUMENTED_FUNCTIONS))
def test_function_has_the_documented_signature(name):
    module_name, expected = DOCUMENTED_FUNCTIONS[name]
    function = getattr(solutions, name)
    parameters = inspect.signature(function).parameters.values()
    assert [(p.name, p.default) for p in parameters] == expected
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters)
    assert function.__module__ == f"solutions.{module_name}"


@pytest.mark.parametrize("name", sorted(DOCUMENTED_CONSTANTS))
def test_constant_is_exported_with_its_type(name):
    module_name, expected_type = DOCUMENTED_CONSTANTS[name]
    assert isinstance(getattr(solutions, name), expected_type)
    assert getattr(importlib.import_module(f"solutions.{module_name}"), name) is \
        getattr(solutions, name)


@pytest.mark.parametrize("name", sorted(DOCUMENTED_FUNCTIONS))
def test_function_docstring_states_inputs_and_returns(name):
    doc = inspect.getdoc(getattr(solutions, name))
    assert doc and "Inputs:" in doc and "Returns:" in doc


def module_tree(module_name):
    path = Path(importlib.import_module(f"solutions.{module_name}").__file__)
    source = path.read_text()
    return source, ast.parse(source)


def top_level_source(name):
    """The source a notebook shows for `name`: its top-level node, lines lineno..end_lineno."""
    module_name = (DOCUMENTED_FUNCTIONS.get(name) or DOCUMENTED_CONSTANTS[name])[0]
    source, tree = module_tree(module_name)
    for node in tree.body:
        defines = (isinstance(node, ast.FunctionDef) and node.name == name) or (
            isinstance(node, ast.Assign)
            and [getattr(target, "id", None) for target in node.targets] == [name])
        if defines:
            return "\n".join(source.splitlines()[node.lineno - 1:node.end_lineno])
    raise AssertionError(f"no top-level definition of {name} in solutions.{module_name}")


def outside_names(source):
    """Names the code reads from outside itself (globals and builtins), at any depth."""
    found = set()

    def walk(table):
        for symbol in table.get_symbols():
            if symbol.is_global() and symbol.is_referenced():
                found.add(symbol.get_name())
        for child in table.get_children():
            walk(child)

    walk(symtable.symtable(source, "<cell>", "exec"))
    return found


@pytest.mark.parametrize("name", sorted(PUBLIC_NAMES))
def test_public_name_shown_alone_uses_only_numpy_cv2_math_and_public_names(name):
    source = top_level_source(name)
    unexpected = outside_names(source) - ALLOWED_OUTSIDE_NAMES - PUBLIC_NAMES
    assert not unexpected, f"{name} needs {sorted(unexpected)}, which a notebook cell lacks"


def sample_calls():
    """One small call per public function: name -> (args, kwargs)."""
    im = np.arange(30.0).reshape(5, 6) % 7
    kernel = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]])
    volume = np.arange(60.0).reshape(5, 4, 3) % 5 - 2
    filters = np.arange(36.0).reshape(2, 3, 3, 2) % 3 - 1
    return {
        "conv_output_shape": (((5, 6), (2, 3), "full"), {}),
        "get_subimages": ((im, kernel), {}),
        "im_conv": ((im, kernel), {}),
        "flip_kernel": ((kernel,), {}),
        "im_convolve": ((im, kernel), {}),
        "crop_to_valid": ((im, (2, 3)), {}),
        "box_blur_kernel": ((3,), {}),
        "identity_kernel": ((5,), {}),
        "sharpen_kernel": ((3,), {}),
        "gaussian_kernel": ((4,), {}),
        "gradient_magnitude": ((im,), {}),
        "classify_kernel": ((np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),), {}),
        "discover_kernel": ((im, solutions.im_conv(im, kernel), (2, 3)), {}),
        "gradient_step": ((kernel, im, np.ones((4, 4)), 0.01), {}),
        "pad_image": ((im, ((1, 2), (0, 3)), "reflect"), {}),
        "conv_output_size": ((45, 3), {"padding": 1, "stride": 2}),
        "conv2d": ((im, kernel), {"stride": 2, "padding": "same"}),
        "receptive_field": (([3, 2, 3],), {"strides": [1, 2, 1], "dilations": [1, 1, 2]}),
        "conv_volume": ((volume, filters, [0.5, -1.0]), {"padding": 1}),
        "relu": ((im - 3,), {}),
        "conv_layer": ((volume, filters, [0.5, -1.0]), {"stride": 2}),
        "count_conv_params": ((5, 5, 3, 8), {}),
        "count_dense_params": ((400, 120), {}),
        "pool2d": ((im,), {"size": 2, "stride": 1, "mode": "avg"}),
        "pool_volume": ((volume,), {"size": 2}),
        "global_avg_pool": ((volume,), {}),
        "pooled_value_count": ((45, 25, 3, 2), {"channels": 3}),
        "filter_bank": ((im, {"sobel": kernel, "blur": np.ones((2, 2)) / 4}), {}),
        "pooling_comparison": ((im, [2, 3], ["max", "avg"]), {}),
        "im_conv_fast": ((im, kernel), {}),
    }


def test_every_function_has_a_sample_call():
    assert set(sample_calls()) == set(DOCUMENTED_FUNCTIONS)


@pytest.mark.parametrize("name", sorted(DOCUMENTED_FUNCTIONS))
def test_function_shown_alone_computes_what_the_module_does(name):
    # Run the copied source where only numpy, cv2, math and the OTHER public
    # names exist, as in a notebook: it must work and give the same result.
    namespace = {"np": np, "math": __import__("math"), "cv2": __import__("cv2")}
    namespace.update({other: getattr(solutions, other) for other in PUBLIC_NAMES - {name}})
    exec(compile(top_level_source(name), f"<{name}>", "exec"), namespace)
    args, kwargs = sample_calls()[name]
    np.testing.assert_equal(namespace[name](*args, **kwargs),
                            getattr(solutions, name)(*args, **kwargs))


@pytest.mark.parametrize("name", sorted(DOCUMENTED_CONSTANTS))
def test_constant_shown_alone_has_the_module_value(name):
    namespace = {"np": np}
    exec(compile(top_level_source(name), f"<{name}>", "exec"), namespace)
    np.testing.assert_equal(namespace[name], getattr(solutions, name))


@pytest.mark.parametrize("module_name", PART_MODULES)
def test_module_holds_only_imports_and_public_definitions(module_name):
    _, tree = module_tree(module_name)
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert ALLOWED_IMPORTS.get(alias.name) == (alias.asname or alias.name), \
                    f"solutions.{module_name} imports {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 1 and node.module in PART_MODULES, \
                f"solutions.{module_name} imports from {node.module}"
            assert {alias.name for alias in node.names} <= PUBLIC_NAMES
        elif isinstance(node, ast.FunctionDef):
            assert node.name in DOCUMENTED_FUNCTIONS, f"private helper {node.name}"
        elif isinstance(node, ast.Assign):
            targets = [getattr(target, "id", None) for target in node.targets]
            assert len(targets) == 1 and targets[0] in DOCUMENTED_CONSTANTS, \
                f"module-level name {targets} in solutions.{module_name}"
        else:
            raise AssertionError(f"unexpected top-level {type(node).__name__} "
                                 f"in solutions.{module_name}")


def test_subimage_option_is_an_option_number_from_1_to_5():
    assert solutions.SUBIMAGE_OPTION in range(1, 6)
