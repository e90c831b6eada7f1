"""Part 6 reference (solutions.pooling) against independent oracles.

Oracles: a brute-force loop (Python's max and sum over each window's pixels,
tests/oracles.py), numpy's reshape-and-reduce for non-overlapping windows,
numpy.mean, and counting window positions with range().
"""
import numpy as np
import pytest

from oracles import brute_force_pool, random_image
from solutions import global_avg_pool, pool2d, pool_volume, pooled_value_count


@pytest.mark.parametrize("seed", range(50))
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool2d_matches_brute_force_loop(seed, mode):
    rng = np.random.default_rng(seed)
    im = random_image(rng, tuple(int(n) for n in rng.integers(1, 16, size=2)))
    size = int(rng.integers(1, min(im.shape) + 1))
    stride = int(rng.integers(1, 5))  # smaller (overlap), equal or larger than size
    result = pool2d(im, size, stride, mode)
    expected = brute_force_pool(im, size, stride, mode)
    assert result.dtype == np.float64 and result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_pool2d_default_stride_is_the_size_and_drops_what_does_not_fit(size):
    im = np.random.default_rng(size).normal(size=(13, 10))
    rows, cols = 13 // size, 10 // size
    # Non-overlapping windows: reshape the part that fits into blocks and reduce.
    blocks = im[:rows * size, :cols * size].reshape(rows, size, cols, size)
    np.testing.assert_array_equal(pool2d(im, size), blocks.max(axis=(1, 3)))
    np.testing.assert_allclose(pool2d(im, size, mode="avg"), blocks.mean(axis=(1, 3)))


def test_pool2d_defaults_to_2x2_max_pooling():
    im = np.array([[1, 3, 2, 1],
                   [4, 2, 0, 1],
                   [5, 6, 1, 2],
                   [7, 8, 3, 4]])
    np.testing.assert_array_equal(pool2d(im), [[4, 2], [8, 4]])
    np.testing.assert_array_equal(pool2d(im, mode="avg"), [[2.5, 1.0], [6.5, 2.5]])


def test_pool2d_keeps_the_lesson_count_of_values():
    assert pool2d(np.zeros((45, 25)), 3, 2).shape == (22, 12)


def test_max_pooling_ignores_a_shift_inside_the_window():
    # Translation invariance: a bright pixel moved within its 2x2 window pools the same.
    im = np.zeros((6, 6))
    im[2, 2] = 1.0
    shifted = np.roll(im, (1, 1), axis=(0, 1))
    np.testing.assert_array_equal(pool2d(im), pool2d(shifted))
    assert not np.array_equal(im, shifted)


def test_pool2d_avg_of_uint8_does_not_wrap():
    im = np.full((2, 2), 255, dtype=np.uint8)
    assert pool2d(im, mode="avg")[0, 0] == 255.0


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool_volume_pools_each_channel_like_the_brute_force_loop(seed, mode):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(2, 12, size=2)) + (int(rng.integers(1, 5)),)
    volume = rng.integers(0, 256, shape, dtype=np.uint8) if seed % 2 else rng.normal(size=shape)
    size = int(rng.integers(1, min(shape[:2]) + 1))
    stride = None if seed % 3 == 0 else int(rng.integers(1, 4))
    result = pool_volume(volume, size, stride, mode)
    expected = np.stack([brute_force_pool(volume[:, :, c], size, stride or size, mode)
                         for c in range(shape[2])], axis=-1)
    assert result.dtype == np.float64 and result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_global_avg_pool_is_the_mean_of_each_channel(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(1, 9, size=3))
    volume = rng.integers(0, 256, shape, dtype=np.uint8) if seed % 2 else rng.normal(size=shape)
    result = global_avg_pool(volume)
    expected = [sum(float(v) for v in volume[:, :, c].ravel()) / (shape[0] * shape[1])
                for c in range(shape[2])]
    assert result.dtype == np.float64 and result.shape == (shape[2],)
    np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_global_avg_pool_of_uint8_does_not_wrap():
    np.testing.assert_array_equal(global_avg_pool(np.full((4, 4, 2), 250, dtype=np.uint8)),
                                  [250.0, 250.0])


def test_pooled_value_count_gives_the_lessons_numbers():
    assert pooled_value_count(45, 25, 3, 2) == 264
    assert pooled_value_count(45, 25, 3, 2, channels=3) == 792


@pytest.mark.parametrize("seed", range(40))
def test_pooled_value_count_counts_the_window_positions(seed):
    rng = np.random.default_rng(seed)
    h, w = (int(n) for n in rng.integers(1, 60, size=2))
    size, stride, channels = int(rng.integers(1, min(h, w) + 1)), int(rng.integers(1, 5)), \
        int(rng.integers(1, 5))
    expected = (len(range(0, h - size + 1, stride)) * len(range(0, w - size + 1, stride))
                * channels)
    count = pooled_value_count(h, w, size, stride, channels)
    assert type(count) is int and count == expected


def test_pooling_does_not_change_its_inputs():
    im = np.arange(36, dtype=np.uint8).reshape(6, 6)
    volume = np.arange(72.0).reshape(6, 4, 3)
    im.flags.writeable = False
    volume.flags.writeable = False
    pool2d(im, 3, 1, "avg")
    pool_volume(volume, 2, None, "max")
    global_avg_pool(volume)


@pytest.mark.parametrize("call, expected_words", [
    (lambda: pool2d(np.zeros((4, 4, 3))), r"im must be a non-empty 2-D array, got shape"),
    (lambda: pool2d(np.zeros((4, 4)), size=0), "size must be an int >= 1, got 0"),
    (lambda: pool2d(np.zeros((4, 4)), size=2.0), "size must be an int >= 1"),
    (lambda: pool2d(np.zeros((4, 4)), stride=0), "stride must be an int >= 1"),
    (lambda: pool2d(np.zeros((4, 4)), mode="min"), "unknown mode 'min': expected 'max' or 'avg'"),
    (lambda: pool2d(np.zeros((4, 4)), mode="average"), "expected 'max' or 'avg'"),
    (lambda: pool2d(np.zeros((2, 5)), size=3), "pooling window 3x3 is larger than the image 2x5"),
    (lambda: pool_volume(np.zeros((4, 4))), "volume must be a non-empty H x W x C array"),
    (lambda: pool_volume(np.zeros((4, 4, 2)), size=5), "larger than the image"),
    (lambda: pool_volume(np.zeros((4, 4, 2)), mode="sum"), "unknown mode 'sum'"),
    (lambda: global_avg_pool(np.zeros((4, 4))), r"H x W x C array.*np.newaxis"),
    (lambda: global_avg_pool(np.zeros((4, 4, 0))), "non-empty"),
    (lambda: pooled_value_count(45, 25, 0, 2), "size must be an int >= 1"),
    (lambda: pooled_value_count(45, 25, 3, 0), "stride must be an int >= 1"),
    (lambda: pooled_value_count(45, 25, 3, 2, channels=0), "channels must be an int >= 1"),
    (lambda: pooled_value_count(2, 25, 3, 2), "larger than the input 2x25"),
])
def test_bad_arguments_raise_value_error_saying_what_was_expected(call, expected_words):
    with pytest.raises(ValueError, match=expected_words):
        call()
