"""Part 1 reference (solutions.subimages) against independent oracles.

Oracles: numpy.convolve's output lengths for full / same / valid, and numpy's
sliding_window_view for the windows.
"""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from oracles import random_image, random_shapes
from solutions import SUBIMAGE_OPTION, conv_output_shape, get_subimages

# random_shapes draws image sides from range(1, 13) here (1..12).
SIDE_STOP = 13


def test_subimage_option_is_the_slice_starting_at_x_y():
    # Option 2 of the lesson: im[x:x+kh, y:y+kw].
    assert SUBIMAGE_OPTION == 2


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_conv_output_shape_matches_numpy_convolve_lengths(seed, mode):
    _, image_shape, kernel_shape = random_shapes(seed, SIDE_STOP)
    # numpy.convolve on each axis gives the length of that mode (for kernel <= image).
    expected = tuple(len(np.convolve(np.ones(n), np.ones(k), mode=mode))
                     for n, k in zip(image_shape, kernel_shape))
    assert conv_output_shape(image_shape, kernel_shape, mode) == expected


def test_conv_output_shape_gives_the_lesson_formulas():
    assert conv_output_shape((50, 40), (3, 5), "full") == (52, 44)
    assert conv_output_shape((50, 40), (3, 5), "same") == (50, 40)
    assert conv_output_shape((50, 40), (3, 5), "valid") == (48, 36)
    assert conv_output_shape((50, 40), (3, 5)) == (48, 36), "the default mode is 'valid'"


def test_conv_output_shape_allows_a_large_kernel_in_full_and_same_modes():
    assert conv_output_shape((2, 3), (4, 5), "full") == (5, 7)
    assert conv_output_shape((2, 3), (4, 5), "same") == (2, 3)


def test_conv_output_shape_returns_python_ints():
    shape = conv_output_shape(np.array([7, 9]), (np.int64(3), 2), "valid")
    assert shape == (5, 8) and all(type(n) is int for n in shape)


@pytest.mark.parametrize("seed", range(40))
def test_get_subimages_matches_sliding_window_view(seed):
    rng, image_shape, kernel_shape = random_shapes(seed, SIDE_STOP)
    im = random_image(rng, image_shape)
    windows = sliding_window_view(im, kernel_shape)

    subimages = get_subimages(im, np.ones(kernel_shape))

    assert set(subimages) == {(x, y) for x in range(windows.shape[0])
                              for y in range(windows.shape[1])}
    for (x, y), subimage in subimages.items():
        assert subimage.dtype == np.float64
        np.testing.assert_array_equal(subimage, windows[x, y].astype(np.float64))


def test_get_subimages_counts_the_windows_of_the_style_example():
    assert len(get_subimages(np.zeros((4, 5)), np.zeros((3, 3)))) == 6


def test_get_subimages_window_is_the_lesson_slice():
    im = np.random.default_rng(0).integers(0, 256, (50, 50), dtype=np.uint8)
    np.testing.assert_array_equal(get_subimages(im, np.ones((3, 3)))[30, 20], im[30:33, 20:23])


def test_get_subimages_returns_copies_not_views():
    im = np.arange(20.0).reshape(4, 5)
    original = im.copy()
    subimages = get_subimages(im, np.ones((2, 2)))
    subimages[1, 1][:] = -1.0
    np.testing.assert_array_equal(im, original)
    assert not any(np.shares_memory(s, im) for s in subimages.values())


def test_get_subimages_keeps_uint8_values_exact():
    im = np.array([[255, 0, 200], [1, 254, 3]], dtype=np.uint8)
    subimages = get_subimages(im, np.ones((2, 2)))
    np.testing.assert_array_equal(subimages[0, 1], [[0.0, 200.0], [254.0, 3.0]])


def test_get_subimages_does_not_change_its_inputs():
    im = np.arange(12, dtype=np.uint8).reshape(3, 4)
    kernel = np.ones((2, 3))
    im.flags.writeable = False
    kernel.flags.writeable = False
    get_subimages(im, kernel)
    np.testing.assert_array_equal(im, np.arange(12).reshape(3, 4))


@pytest.mark.parametrize("call, expected_words", [
    (lambda: conv_output_shape((4, 4), (5, 5), "valid"), "larger than the image"),
    (lambda: conv_output_shape((4, 4), (3, 5)), "larger than the image"),
    (lambda: conv_output_shape((4, 4), (3, 3), "foo"), "expected 'full', 'same' or 'valid'"),
    (lambda: conv_output_shape((4, 4, 3), (3, 3)), "pairs"),
    (lambda: conv_output_shape((4, 0), (3, 3), "full"), "ints >= 1"),
    (lambda: conv_output_shape((4, 4), (2.5, 3)), "ints >= 1"),
    (lambda: get_subimages(np.zeros((3, 4, 3)), np.ones((2, 2))), "2-D array"),
    (lambda: get_subimages(np.zeros((4, 4)), np.ones(3)), "2-D array"),
    (lambda: get_subimages(np.zeros((4, 4)), np.ones((5, 5))), "larger than the image 4x4"),
    (lambda: get_subimages(np.zeros((4, 4)), np.ones((0, 2))), "non-empty"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
